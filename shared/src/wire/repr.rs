//! How some API types are read: as flat structs, so serde reads them without its `Content`
//! buffer (large in the designer's wasm); the JSON is the derived serializer's both ways.
//!
//! A struct with a `#[serde(flatten)]` field ([`Target`], [`DiffResponse`]) is read by the
//! derived code through that buffer; its flat twin here reads the same keys directly.
//!
//! An [`ApplyEvent`] is read with every event's fields side by side in one flat struct, then the
//! variant its `event` tag names. The derived reader of an internally tagged enum (with a
//! flattened struct inside) buffers every value (serde's `Content`) before it knows the
//! variant, and that code is large in the designer's wasm. No two events give a field different
//! types, so a flat struct reads them all, in any key order; the JSON is the derived
//! serializer's both ways.

use serde::Deserialize;

use super::{
    ApplyEvent, DiffResponse, IndexProgress, PasswordSource, PendingMigration, PlannedMigration,
    Target, TargetDefaults, Timestamp,
};
use crate::wire::MigrationStatement;

/// [`DiffResponse`] with its plan's fields beside its own.
#[derive(Deserialize)]
pub(super) struct DiffResponseRepr {
    from: String,
    to: String,
    #[serde(default)]
    online: bool,
    #[serde(default)]
    statements: Vec<MigrationStatement>,
    #[serde(default)]
    sql: String,
}

impl From<DiffResponseRepr> for DiffResponse {
    fn from(r: DiffResponseRepr) -> Self {
        DiffResponse {
            from: r.from,
            to: r.to,
            online: r.online,
            plan: PlannedMigration {
                statements: r.statements,
                sql: r.sql,
            },
        }
    }
}

/// [`Target`] with its defaults' fields beside its own.
#[derive(Deserialize)]
pub(super) struct TargetRepr {
    id: String,
    #[serde(default)]
    project_id: String,
    name: String,
    url: String,
    #[serde(default)]
    password: PasswordSource,
    #[serde(default)]
    password_env: Option<String>,
    #[serde(default)]
    created_at: Timestamp,
    #[serde(default)]
    updated_at: Timestamp,
    #[serde(default)]
    lock_timeout_ms: Option<u64>,
    #[serde(default)]
    statement_timeout_ms: Option<u64>,
    #[serde(default)]
    lock_retries: Option<u32>,
}

impl From<TargetRepr> for Target {
    fn from(r: TargetRepr) -> Self {
        Target {
            id: r.id,
            project_id: r.project_id,
            name: r.name,
            url: r.url,
            password: r.password,
            password_env: r.password_env,
            created_at: r.created_at,
            updated_at: r.updated_at,
            defaults: TargetDefaults {
                lock_timeout_ms: r.lock_timeout_ms,
                statement_timeout_ms: r.statement_timeout_ms,
                lock_retries: r.lock_retries,
            },
        }
    }
}

#[derive(Deserialize)]
pub(super) struct ApplyEventRepr {
    event: String,
    waited_ms: Option<i64>,
    applied: Option<Vec<i64>>,
    pending: Option<Vec<PendingMigration>>,
    version: Option<i64>,
    name: Option<String>,
    total: Option<usize>,
    resumed_at: Option<usize>,
    index: Option<usize>,
    sql: Option<String>,
    transactional: Option<bool>,
    ms: Option<i64>,
    execution_ms: Option<i64>,
    statement_index: Option<usize>,
    attempt: Option<u32>,
    of: Option<u32>,
    wait_ms: Option<i64>,
    error: Option<String>,
    statement: Option<String>,
    phase: Option<String>,
    blocks_done: Option<i64>,
    blocks_total: Option<i64>,
    tuples_done: Option<i64>,
    tuples_total: Option<i64>,
}

/// The field, or serde's message for a missing one.
fn req<T>(value: Option<T>, field: &str) -> Result<T, String> {
    value.ok_or_else(|| format!("missing field `{field}`"))
}

impl TryFrom<ApplyEventRepr> for ApplyEvent {
    type Error = String;

    fn try_from(r: ApplyEventRepr) -> Result<Self, String> {
        Ok(match r.event.as_str() {
            "waiting_for_lock" => ApplyEvent::WaitingForLock {},
            "locked" => ApplyEvent::Locked {
                waited_ms: req(r.waited_ms, "waited_ms")?,
            },
            "plan" => ApplyEvent::Plan {
                applied: req(r.applied, "applied")?,
                pending: req(r.pending, "pending")?,
            },
            "migration_started" => ApplyEvent::MigrationStarted {
                version: req(r.version, "version")?,
                name: req(r.name, "name")?,
                total: req(r.total, "total")?,
                resumed_at: req(r.resumed_at, "resumed_at")?,
            },
            "statement" => ApplyEvent::Statement {
                version: req(r.version, "version")?,
                index: req(r.index, "index")?,
                total: req(r.total, "total")?,
                sql: req(r.sql, "sql")?,
                transactional: req(r.transactional, "transactional")?,
                ms: req(r.ms, "ms")?,
            },
            "migration_finished" => ApplyEvent::MigrationFinished {
                version: req(r.version, "version")?,
                name: req(r.name, "name")?,
                execution_ms: req(r.execution_ms, "execution_ms")?,
            },
            "lock_retry" => ApplyEvent::LockRetry {
                version: req(r.version, "version")?,
                statement_index: req(r.statement_index, "statement_index")?,
                attempt: req(r.attempt, "attempt")?,
                of: req(r.of, "of")?,
                wait_ms: req(r.wait_ms, "wait_ms")?,
                error: req(r.error, "error")?,
            },
            "index_progress" => ApplyEvent::IndexProgress {
                version: req(r.version, "version")?,
                statement_index: req(r.statement_index, "statement_index")?,
                progress: IndexProgress {
                    phase: req(r.phase, "phase")?,
                    blocks_done: req(r.blocks_done, "blocks_done")?,
                    blocks_total: req(r.blocks_total, "blocks_total")?,
                    tuples_done: req(r.tuples_done, "tuples_done")?,
                    tuples_total: req(r.tuples_total, "tuples_total")?,
                },
            },
            "migration_failed" => ApplyEvent::MigrationFailed {
                version: req(r.version, "version")?,
                name: req(r.name, "name")?,
                statement_index: req(r.statement_index, "statement_index")?,
                statement: req(r.statement, "statement")?,
                error: req(r.error, "error")?,
            },
            other => return Err(format!("unknown apply event `{other}`")),
        })
    }
}
