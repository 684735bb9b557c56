//! The events a run reports as it goes: streamed to the browser as Server-Sent Events, printed
//! by the CLI, stored with the run.

use serde::{Deserialize, Serialize};

use super::progress::IndexProgress;
use super::PendingMigration;

/// What a run reports as it goes (streamed to the browser as Server-Sent Events).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum ApplyEvent {
    /// Another apply holds the lock; this one waits for it to finish.
    WaitingForLock {},
    /// The advisory lock is held (after waiting `waited_ms` for another apply).
    Locked {
        /// Time spent waiting for the lock.
        waited_ms: i64,
    },
    /// What is already applied and what will run.
    Plan {
        /// Versions already applied.
        applied: Vec<i64>,
        /// Migrations about to run, in order.
        pending: Vec<PendingMigration>,
    },
    /// A migration starts.
    MigrationStarted {
        /// Its version.
        version: i64,
        /// Its name.
        name: String,
        /// Statements it has.
        total: usize,
        /// Statements skipped because an earlier attempt committed them.
        resumed_at: usize,
    },
    /// One statement finished.
    Statement {
        /// The migration.
        version: i64,
        /// 0-based statement index.
        index: usize,
        /// Statements in the migration.
        total: usize,
        /// The statement.
        sql: String,
        /// Whether it ran inside a transaction.
        transactional: bool,
        /// How long it took.
        ms: i64,
    },
    /// A migration is applied and recorded.
    MigrationFinished {
        /// Its version.
        version: i64,
        /// Its name.
        name: String,
        /// How long it took.
        execution_ms: i64,
    },
    /// A statement did not get its lock within `lock_timeout`: the segment was rolled back and
    /// is tried again after `wait_ms`.
    LockRetry {
        /// The migration.
        version: i64,
        /// 0-based index of the statement that waited.
        statement_index: usize,
        /// This retry's number (1-based).
        attempt: u32,
        /// Retries allowed.
        of: u32,
        /// The wait before it.
        wait_ms: i64,
        /// The database's message.
        error: String,
    },
    /// How far a concurrent index build is (read once a second while it runs).
    IndexProgress {
        /// The migration.
        version: i64,
        /// 0-based index of the statement building the index.
        statement_index: usize,
        /// The reading.
        #[serde(flatten)]
        progress: IndexProgress,
    },
    /// A migration failed; its transaction was rolled back and the failure recorded.
    MigrationFailed {
        /// Its version.
        version: i64,
        /// Its name.
        name: String,
        /// 0-based index of the failing statement.
        statement_index: usize,
        /// The failing statement.
        statement: String,
        /// The database's message.
        error: String,
    },
}
