//! Applying migrations to a target PostgreSQL safely; shared by the API and `joinery apply`.
//!
//! # Guarantees
//!
//! - **One apply at a time per target.** The whole run holds `pg_advisory_lock(`[`LOCK_KEY`]`)`
//!   on one dedicated connection; a second run waits for the first, then finds nothing pending.
//!   If the process dies the server ends the session and the lock goes with it.
//! - **History in the target.** `joinery.schema_migrations` (see [`HISTORY_DDL`]) has one row per
//!   migration version: name, checksum, timing, `statements_applied`, `success` and, for a failed
//!   attempt, the error and the failing statement.
//! - **Each migration in its own transaction**, with its history row written in the same
//!   transaction: after a crash the target is either before or after the migration, never half
//!   way, and the history says which.
//! - **Non-transactional statements** (`CREATE INDEX CONCURRENTLY`, `ALTER TYPE ... ADD VALUE`)
//!   cannot run in a transaction block. A migration holding any runs its statements in segments:
//!   consecutive transactional statements share a transaction, each other statement runs alone,
//!   and `statements_applied` is advanced after every segment, so a re-run resumes after the last
//!   completed statement instead of repeating it. A concurrent index build cut short is
//!   recovered (see [`concurrent`]): an INVALID index it left is dropped and rebuilt, and a build
//!   PostgreSQL finished after the apply's process died counts as done.
//! - **Checksums.** A migration already applied (or partly applied) with a different checksum
//!   is refused before anything runs: edited history must be resolved by a person.
//! - **Failures** roll the migration's transaction back, then record the failure row (error text
//!   from the database and the failing statement) outside it; later migrations are not tried.
//! - **Dry run** reads the history (creating nothing) and returns what would run.

pub mod baseline;
pub mod concurrent;
pub mod connect;
pub mod consent;
pub mod drift;
mod events;
pub mod files;
pub mod fingerprint;
pub mod planning;
pub mod timeouts;

pub use consent::Consent;
pub use events::ApplyEvent;
pub use timeouts::Timeouts;

use std::collections::BTreeMap;
use std::time::Instant;

use chrono::{DateTime, Utc};
use futures_util::future::BoxFuture;
use serde::{Deserialize, Serialize};
use sqlx::postgres::PgConnection;
use sqlx::{Connection, Executor, Row};

pub use connect::{ConnectError, ConnectErrorKind};

use crate::store::{redact_url, MigrationStatement};

/// The advisory lock key every Joinery apply takes (ASCII "joinery" as a number).
pub const LOCK_KEY: i64 = 0x006a_6f69_6e65_7279;

/// The history table, created on first apply.
pub const HISTORY_DDL: &str = "CREATE SCHEMA IF NOT EXISTS joinery;
CREATE TABLE IF NOT EXISTS joinery.schema_migrations (
    version BIGINT PRIMARY KEY,
    name TEXT NOT NULL,
    checksum TEXT NOT NULL,
    started_at TIMESTAMPTZ NOT NULL,
    finished_at TIMESTAMPTZ,
    execution_ms BIGINT,
    statements_applied INTEGER NOT NULL DEFAULT 0,
    statements_total INTEGER NOT NULL,
    success BOOLEAN NOT NULL DEFAULT false,
    error TEXT,
    failed_statement TEXT
);";

/// One migration to apply: from the project store or from a file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Migration {
    /// Its number in the history (the version it leads to); applied in ascending order.
    pub version: i64,
    /// `NNNN_name`.
    pub name: String,
    /// sha256 (hex) of the migration's SQL text.
    pub checksum: String,
    /// The statements, in order.
    pub statements: Vec<MigrationStatement>,
}

impl From<crate::store::StoredMigration> for Migration {
    fn from(m: crate::store::StoredMigration) -> Self {
        Migration {
            version: m.version,
            name: m.name,
            checksum: m.checksum,
            statements: m.statements,
        }
    }
}

/// sha256 (hex) of a migration's SQL text: what the checksums compare.
pub fn checksum(sql: &str) -> String {
    use sha2::{Digest, Sha256};
    hex::encode(Sha256::digest(sql.as_bytes()))
}

/// One row of `joinery.schema_migrations`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HistoryRow {
    /// Migration version.
    pub version: i64,
    /// Migration name.
    pub name: String,
    /// Checksum of the SQL that was applied.
    pub checksum: String,
    /// When the (last) attempt started.
    pub started_at: DateTime<Utc>,
    /// When it finished (success or failure); `None` while a non-transactional migration is
    /// part way.
    pub finished_at: Option<DateTime<Utc>>,
    /// Duration of the attempt.
    pub execution_ms: Option<i64>,
    /// Statements committed so far.
    pub statements_applied: i32,
    /// Statements in the migration.
    pub statements_total: i32,
    /// True once the whole migration is applied.
    pub success: bool,
    /// The database's message for a failed attempt.
    pub error: Option<String>,
    /// The statement that failed.
    pub failed_statement: Option<String>,
}

/// A migration that will run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PendingMigration {
    /// Its version.
    pub version: i64,
    /// Its name.
    pub name: String,
    /// Its checksum.
    pub checksum: String,
    /// Statements a previous, interrupted attempt already committed (they are skipped).
    pub resume_at: usize,
    /// A previous attempt was cut off (not failed) right before statement `resume_at`, which
    /// may have finished without being recorded.
    #[serde(default)]
    pub interrupted: bool,
    /// The statements.
    pub statements: Vec<MigrationStatement>,
}

/// A migration that was applied by this run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AppliedMigration {
    /// Its version.
    pub version: i64,
    /// Its name.
    pub name: String,
    /// How long it took.
    pub execution_ms: i64,
    /// Statements run by this run.
    pub statements: usize,
}

/// The outcome of a successful run (or a dry run).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ApplyReport {
    /// True when nothing was executed.
    pub dry_run: bool,
    /// Versions that were already applied before this run.
    pub already_applied: Vec<i64>,
    /// What would run (dry run) or what ran.
    pub pending: Vec<PendingMigration>,
    /// What this run applied (empty for a dry run).
    pub applied: Vec<AppliedMigration>,
}

/// Options of a run.
#[derive(Clone, Copy, Debug, Default)]
pub struct ApplyOptions {
    /// Only report what would run.
    pub dry_run: bool,
    /// Lock and statement timeouts, and lock-timeout retries.
    pub timeouts: Timeouts,
    /// The hazard kinds this run may execute.
    pub consent: Consent,
    /// Refuse to run when the schema changed since the last run left it ([`fingerprint`]).
    pub drift_guard: bool,
}

/// Why a run stopped. Every message is free of the target's password.
#[derive(Clone, Debug, thiserror::Error, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum ApplyError {
    /// The target could not be reached.
    #[error("{0}")]
    Connect(ConnectError),
    /// The schema changed since the last run left it (by hand?); nothing ran.
    #[error(
        "the database's schema changed since Joinery last applied to it (someone changed it by \
         hand?); nothing was run. Check drift to see what changed, then reconcile the design or \
         apply anyway (allow_drift / --allow-drift)"
    )]
    Drifted {
        /// The fingerprint the last run left.
        recorded: String,
        /// The live one.
        live: String,
    },
    /// Pending statements have hazards the run was not allowed to execute; nothing ran.
    #[error(
        "{} pending statement(s) have hazards this run may not execute ({}); nothing was run. \
         Review them and allow those kinds (allow_hazards) to apply",
        hazards.len(),
        hazard_kinds(hazards)
    )]
    HazardsNotAllowed {
        /// Each hazard not allowed.
        hazards: Vec<consent::UnallowedHazard>,
    },
    /// Taking the lock, reading or writing the history failed.
    #[error("{step} failed on {url}: {message}")]
    Database {
        /// What was being done.
        step: String,
        /// The target without password.
        url: String,
        /// The database's message.
        message: String,
    },
    /// The migration list itself is inconsistent (duplicate versions).
    #[error("invalid migrations: {message}")]
    InvalidMigrations {
        /// What is wrong.
        message: String,
    },
    /// A migration was applied with different content than it has now.
    #[error(
        "migration {version} ({name}) was applied with checksum {applied_checksum} but is now \
         {expected_checksum}: it was edited after being applied. Nothing was run; restore the \
         original migration or resolve the difference by hand"
    )]
    ChecksumMismatch {
        /// The version.
        version: i64,
        /// Its name.
        name: String,
        /// What the history says.
        applied_checksum: String,
        /// What the migration has now.
        expected_checksum: String,
    },
    /// A statement failed; the migration was rolled back (its transactional part) and the failure
    /// recorded in the history.
    #[error(
        "migration {version} ({name}) failed at statement {} of {total}: {error}\nstatement: {statement}",
        statement_index + 1
    )]
    MigrationFailed {
        /// The version.
        version: i64,
        /// Its name.
        name: String,
        /// 0-based index of the failing statement.
        statement_index: usize,
        /// Statements in the migration.
        total: usize,
        /// The failing statement.
        statement: String,
        /// The database's message.
        error: String,
        /// Versions this run applied before the failure.
        applied_before: Vec<i64>,
    },
}

fn hazard_kinds(hazards: &[consent::UnallowedHazard]) -> String {
    let mut kinds: Vec<&str> = hazards.iter().map(|h| h.kind.as_str()).collect();
    kinds.sort_unstable();
    kinds.dedup();
    kinds.join(", ")
}

struct Target<'a> {
    url: &'a str,
    timeouts: Timeouts,
    consent: Consent,
    drift_guard: bool,
}

impl Target<'_> {
    fn db_error(&self, step: &str, err: &sqlx::Error) -> ApplyError {
        ApplyError::Database {
            step: step.to_string(),
            url: redact_url(self.url),
            message: connect::database_message(err, self.url),
        }
    }
}

/// Applies the pending `migrations` to the database at `url`, reporting progress to `on_event`.
///
/// The future is boxed as `Send` so it can be spawned (the compiler cannot always prove `Send`
/// for the unboxed one through sqlx's higher-ranked executor bounds).
pub fn apply<'a>(
    url: &'a str,
    migrations: &'a [Migration],
    options: ApplyOptions,
    on_event: &'a (dyn Fn(ApplyEvent) + Send + Sync),
) -> BoxFuture<'a, Result<ApplyReport, ApplyError>> {
    Box::pin(async move {
        let target = Target {
            url,
            timeouts: options.timeouts,
            consent: options.consent,
            drift_guard: options.drift_guard,
        };
        let migrations = sorted(migrations)?;
        let mut conn = connect::connect(url).await.map_err(ApplyError::Connect)?;
        let result = if options.dry_run {
            dry_run(&target, &mut conn, &migrations).await
        } else {
            locked_apply(&target, &mut conn, &migrations, on_event).await
        };
        let _ = conn.close().await;
        result
    })
}

fn sorted(migrations: &[Migration]) -> Result<Vec<Migration>, ApplyError> {
    let mut list = migrations.to_vec();
    list.sort_by_key(|m| m.version);
    if let Some(pair) = list.windows(2).find(|w| w[0].version == w[1].version) {
        return Err(ApplyError::InvalidMigrations {
            message: format!(
                "two migrations have version {}: {} and {}",
                pair[0].version, pair[0].name, pair[1].name
            ),
        });
    }
    Ok(list)
}

async fn dry_run(
    target: &Target<'_>,
    conn: &mut PgConnection,
    migrations: &[Migration],
) -> Result<ApplyReport, ApplyError> {
    let history = read_history_if_any(conn)
        .await
        .map_err(|e| target.db_error("reading the migration history", &e))?;
    let (already_applied, pending) = pending_migrations(&history, migrations)?;
    Ok(ApplyReport {
        dry_run: true,
        already_applied,
        pending,
        applied: Vec::new(),
    })
}

async fn locked_apply(
    target: &Target<'_>,
    conn: &mut PgConnection,
    migrations: &[Migration],
    on_event: &(dyn Fn(ApplyEvent) + Send + Sync),
) -> Result<ApplyReport, ApplyError> {
    // Let the server notice a vanished client during a long statement (PostgreSQL 14+), so a
    // killed apply releases its lock and transaction promptly. Older servers lack the setting.
    let _ = (&mut *conn)
        .execute("SET client_connection_check_interval = '1s'")
        .await;
    let waiting = Instant::now();
    let free: bool = sqlx::query_scalar("SELECT pg_try_advisory_lock($1)")
        .bind(LOCK_KEY)
        .fetch_one(&mut *conn)
        .await
        .map_err(|e| target.db_error("taking the advisory lock", &e))?;
    if !free {
        on_event(ApplyEvent::WaitingForLock {});
        sqlx::query("SELECT pg_advisory_lock($1)")
            .bind(LOCK_KEY)
            .execute(&mut *conn)
            .await
            .map_err(|e| target.db_error("taking the advisory lock", &e))?;
    }
    on_event(ApplyEvent::Locked {
        waited_ms: millis(waiting),
    });
    let result = apply_under_lock(target, conn, migrations, on_event).await;
    // Whatever this run changed (all of it, or what committed before a failure) is now the
    // schema Joinery left. Refusals changed nothing and keep the old fingerprint.
    let changed = !matches!(
        result,
        Err(ApplyError::Drifted { .. }
            | ApplyError::HazardsNotAllowed { .. }
            | ApplyError::ChecksumMismatch { .. }
            | ApplyError::InvalidMigrations { .. })
    );
    if changed {
        if let Err(e) = fingerprint::record(conn).await {
            tracing::warn!(error = %connect::database_message(&e, target.url),
                "could not record the schema fingerprint");
        }
    }
    let _ = sqlx::query("SELECT pg_advisory_unlock($1)")
        .bind(LOCK_KEY)
        .execute(&mut *conn)
        .await;
    result
}

async fn apply_under_lock(
    target: &Target<'_>,
    conn: &mut PgConnection,
    migrations: &[Migration],
    on_event: &(dyn Fn(ApplyEvent) + Send + Sync),
) -> Result<ApplyReport, ApplyError> {
    (&mut *conn)
        .execute(HISTORY_DDL)
        .await
        .map_err(|e| target.db_error("creating joinery.schema_migrations", &e))?;
    let history = read_history(conn)
        .await
        .map_err(|e| target.db_error("reading the migration history", &e))?;
    let (already_applied, pending) = pending_migrations(&history, migrations)?;
    let unallowed = target.consent.unallowed(&pending);
    if !unallowed.is_empty() {
        return Err(ApplyError::HazardsNotAllowed { hazards: unallowed });
    }
    // A migration resuming after an interruption finds its own partial work: not drift.
    let resuming = pending.iter().any(|m| m.resume_at > 0 || m.interrupted);
    if target.drift_guard && !resuming {
        let fail = |e: sqlx::Error| target.db_error("reading the schema fingerprint", &e);
        if let Some(recorded) = fingerprint::recorded(conn).await.map_err(fail)? {
            let live = fingerprint::live(conn).await.map_err(fail)?;
            if live != recorded {
                return Err(ApplyError::Drifted { recorded, live });
            }
        }
    }
    on_event(ApplyEvent::Plan {
        applied: already_applied.clone(),
        pending: pending.clone(),
    });
    let mut applied = Vec::new();
    for migration in &pending {
        match apply_one(target, conn, migration, on_event).await {
            Ok(done) => applied.push(done),
            Err(Failure::Database(err)) => return Err(err),
            Err(Failure::Statement {
                index,
                statement,
                error,
            }) => {
                return Err(ApplyError::MigrationFailed {
                    version: migration.version,
                    name: migration.name.clone(),
                    statement_index: index,
                    total: migration.statements.len(),
                    statement,
                    error,
                    applied_before: applied
                        .iter()
                        .map(|a: &AppliedMigration| a.version)
                        .collect(),
                })
            }
        }
    }
    Ok(ApplyReport {
        dry_run: false,
        already_applied,
        pending,
        applied,
    })
}

/// Splits `migrations` into versions already applied and what still has to run, refusing edited
/// migrations.
fn pending_migrations(
    history: &[HistoryRow],
    migrations: &[Migration],
) -> Result<(Vec<i64>, Vec<PendingMigration>), ApplyError> {
    let rows: BTreeMap<i64, &HistoryRow> = history.iter().map(|r| (r.version, r)).collect();
    let mut applied = Vec::new();
    let mut pending = Vec::new();
    for m in migrations {
        let row = rows.get(&m.version);
        let started = row.is_some_and(|r| r.success || r.statements_applied > 0);
        if let Some(row) = row.filter(|_| started) {
            if row.checksum != m.checksum {
                return Err(ApplyError::ChecksumMismatch {
                    version: m.version,
                    name: m.name.clone(),
                    applied_checksum: row.checksum.clone(),
                    expected_checksum: m.checksum.clone(),
                });
            }
            if row.success {
                applied.push(m.version);
                continue;
            }
        }
        let resume_at = row
            .filter(|r| !r.success && r.checksum == m.checksum)
            .map_or(0, |r| usize::try_from(r.statements_applied).unwrap_or(0))
            .min(m.statements.len());
        let interrupted =
            row.is_some_and(|r| !r.success && r.checksum == m.checksum && r.error.is_none());
        pending.push(PendingMigration {
            version: m.version,
            name: m.name.clone(),
            checksum: m.checksum.clone(),
            resume_at,
            interrupted,
            statements: m.statements.clone(),
        });
    }
    Ok((applied, pending))
}

enum Failure {
    Database(ApplyError),
    Statement {
        index: usize,
        statement: String,
        error: String,
    },
}

/// What to write into the history row.
struct Progress<'a> {
    migration: &'a PendingMigration,
    started_at: DateTime<Utc>,
    applied: usize,
    done: bool,
    execution_ms: Option<i64>,
    error: Option<&'a str>,
    failed_statement: Option<&'a str>,
}

const UPSERT_HISTORY: &str = "INSERT INTO joinery.schema_migrations \
    (version, name, checksum, started_at, finished_at, execution_ms, statements_applied, \
     statements_total, success, error, failed_statement) \
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) \
    ON CONFLICT (version) DO UPDATE SET name = EXCLUDED.name, checksum = EXCLUDED.checksum, \
    started_at = EXCLUDED.started_at, finished_at = EXCLUDED.finished_at, \
    execution_ms = EXCLUDED.execution_ms, statements_applied = EXCLUDED.statements_applied, \
    statements_total = EXCLUDED.statements_total, success = EXCLUDED.success, \
    error = EXCLUDED.error, failed_statement = EXCLUDED.failed_statement";

fn write_progress<'a>(
    conn: &'a mut PgConnection,
    p: &'a Progress<'a>,
) -> BoxFuture<'a, Result<(), sqlx::Error>> {
    Box::pin(async move {
        let finished = (p.done || p.error.is_some()).then(Utc::now);
        sqlx::query(UPSERT_HISTORY)
            .bind(p.migration.version)
            .bind(&p.migration.name)
            .bind(&p.migration.checksum)
            .bind(p.started_at)
            .bind(finished)
            .bind(p.execution_ms)
            .bind(i32::try_from(p.applied).unwrap_or(i32::MAX))
            .bind(i32::try_from(p.migration.statements.len()).unwrap_or(i32::MAX))
            .bind(p.done)
            .bind(p.error)
            .bind(p.failed_statement)
            .execute(&mut *conn)
            .await
            .map(|_| ())
    })
}

async fn apply_one(
    target: &Target<'_>,
    conn: &mut PgConnection,
    migration: &PendingMigration,
    on_event: &(dyn Fn(ApplyEvent) + Send + Sync),
) -> Result<AppliedMigration, Failure> {
    let clock = Instant::now();
    let started_at = Utc::now();
    let statements = &migration.statements;
    let total = statements.len();
    let start = migration.resume_at;
    on_event(ApplyEvent::MigrationStarted {
        version: migration.version,
        name: migration.name.clone(),
        total,
        resumed_at: start,
    });
    let progress = |applied: usize, done: bool| Progress {
        migration,
        started_at,
        applied,
        done,
        execution_ms: done.then(|| millis(clock)),
        error: None,
        failed_statement: None,
    };
    let db = |step: &str, e: &sqlx::Error| Failure::Database(target.db_error(step, e));
    let mixed = statements[start..].iter().any(|s| !s.transactional);
    if mixed {
        // Non-transactional statements commit on their own: record that the migration is under
        // way so progress can be advanced and a re-run resumes.
        write_progress(conn, &progress(start, false))
            .await
            .map_err(|e| db("recording migration progress", &e))?;
    }
    let mut i = start;
    loop {
        // One segment: a run of transactional statements (possibly empty, to record an empty
        // migration), or a single non-transactional statement.
        let segment_end = if i < total && !statements[i].transactional {
            i + 1
        } else {
            (i..total)
                .find(|&j| !statements[j].transactional)
                .unwrap_or(total)
        };
        let concurrent = i < total
            && !statements[i].transactional
            && statements[i]
                .sql
                .to_ascii_uppercase()
                .contains("CONCURRENTLY");
        let mut attempt = 0;
        let failed = loop {
            target
                .timeouts
                .apply_to(conn, concurrent)
                .await
                .map_err(|e| db("setting lock and statement timeouts", &e))?;
            let failed = if i < total && !statements[i].transactional {
                let resuming = migration.interrupted && i == start;
                let ran = match concurrent::prepare(conn, &statements[i].sql, resuming).await {
                    Ok(concurrent::Preparation::AlreadyBuilt(index)) => {
                        tracing::info!(%index, version = migration.version,
                        "index finished by the interrupted attempt; statement counted as done");
                        on_event(ApplyEvent::Statement {
                            version: migration.version,
                            index: i,
                            total,
                            sql: statements[i].sql.clone(),
                            transactional: false,
                            ms: 0,
                        });
                        Ok(())
                    }
                    Ok(prep) => {
                        if let concurrent::Preparation::DroppedInvalid(index) = &prep {
                            tracing::info!(%index, version = migration.version,
                            "dropped the invalid index an earlier attempt left; rebuilding it");
                        }
                        run_statement(conn, migration, i, on_event).await
                    }
                    Err(e) => Err(e),
                };
                match ran {
                    Ok(()) => {
                        let done = segment_end == total;
                        write_progress(conn, &progress(segment_end, done))
                            .await
                            .map_err(|e| db("recording migration progress", &e))?;
                        None
                    }
                    Err(e) => Some((i, e)),
                }
            } else {
                let mut tx = conn
                    .begin()
                    .await
                    .map_err(|e| db("starting a transaction", &e))?;
                let mut failed = None;
                for j in i..segment_end {
                    if let Err(e) = run_statement(&mut tx, migration, j, on_event).await {
                        failed = Some((j, e));
                        break;
                    }
                }
                if failed.is_none() {
                    let done = segment_end == total;
                    match write_progress(&mut tx, &progress(segment_end, done)).await {
                        Ok(()) => {}
                        Err(e) => failed = Some((segment_end.saturating_sub(1), e)),
                    }
                }
                match failed {
                    None => match tx.commit().await {
                        Ok(()) => None,
                        Err(e) => Some((segment_end.saturating_sub(1), e)),
                    },
                    Some(f) => {
                        let _ = tx.rollback().await;
                        Some(f)
                    }
                }
            };
            match &failed {
                Some((index, err))
                    if timeouts::is_lock_timeout(err) && attempt < target.timeouts.lock_retries =>
                {
                    // Rolled back whole: nothing of the segment stayed; wait, then try it again.
                    attempt += 1;
                    let wait = target.timeouts.backoff(attempt);
                    on_event(ApplyEvent::LockRetry {
                        version: migration.version,
                        statement_index: *index,
                        attempt,
                        of: target.timeouts.lock_retries,
                        wait_ms: i64::try_from(wait.as_millis()).unwrap_or(i64::MAX),
                        error: connect::database_message(err, target.url),
                    });
                    tokio::time::sleep(wait).await;
                }
                _ => break failed,
            }
        };
        if let Some((index, err)) = failed {
            let mut error = connect::database_message(&err, target.url);
            if timeouts::is_lock_timeout(&err) {
                error.push_str(&format!(
                    " — no lock within {} ms, {} time(s): another session holds a lock on this \
                     object (a long transaction?); the migration was rolled back",
                    target.timeouts.lock_timeout_ms,
                    attempt + 1
                ));
            } else if timeouts::is_statement_timeout(&err) {
                error.push_str(&format!(
                    " — the statement ran longer than statement_timeout ({} ms)",
                    target.timeouts.statement_timeout_ms
                ));
            }
            let statement = statements
                .get(index)
                .map(|s| s.sql.clone())
                .unwrap_or_default();
            // Recorded after the rollback, so it survives; `i` statements are committed.
            let record = Progress {
                migration,
                started_at,
                applied: i,
                done: false,
                execution_ms: Some(millis(clock)),
                error: Some(&error),
                failed_statement: Some(&statement),
            };
            if let Err(e) = write_progress(conn, &record).await {
                tracing::warn!(error = %connect::database_message(&e, target.url),
                    "could not record the failed migration");
            }
            on_event(ApplyEvent::MigrationFailed {
                version: migration.version,
                name: migration.name.clone(),
                statement_index: index,
                statement: statement.clone(),
                error: error.clone(),
            });
            return Err(Failure::Statement {
                index,
                statement,
                error,
            });
        }
        i = segment_end;
        if i >= total {
            break;
        }
    }
    let execution_ms = millis(clock);
    on_event(ApplyEvent::MigrationFinished {
        version: migration.version,
        name: migration.name.clone(),
        execution_ms,
    });
    Ok(AppliedMigration {
        version: migration.version,
        name: migration.name.clone(),
        execution_ms,
        statements: total - start,
    })
}

fn run_statement<'a>(
    conn: &'a mut PgConnection,
    migration: &'a PendingMigration,
    index: usize,
    on_event: &'a (dyn Fn(ApplyEvent) + Send + Sync),
) -> BoxFuture<'a, Result<(), sqlx::Error>> {
    Box::pin(async move {
        let statement = &migration.statements[index];
        let clock = Instant::now();
        // The extended protocol (a one-off prepared statement): it carries exactly one command,
        // so nothing inside a fragment can start a second statement or end the transaction.
        sqlx::query(statement.sql.as_str())
            .persistent(false)
            .execute(&mut *conn)
            .await?;
        on_event(ApplyEvent::Statement {
            version: migration.version,
            index,
            total: migration.statements.len(),
            sql: statement.sql.clone(),
            transactional: statement.transactional,
            ms: millis(clock),
        });
        Ok(())
    })
}

fn millis(since: Instant) -> i64 {
    i64::try_from(since.elapsed().as_millis()).unwrap_or(i64::MAX)
}

const SELECT_HISTORY: &str = "SELECT version, name, checksum, started_at, finished_at, \
    execution_ms, statements_applied, statements_total, success, error, failed_statement \
    FROM joinery.schema_migrations ORDER BY version";

async fn read_history(conn: &mut PgConnection) -> Result<Vec<HistoryRow>, sqlx::Error> {
    let rows = sqlx::query(SELECT_HISTORY).fetch_all(&mut *conn).await?;
    rows.iter()
        .map(|r| {
            Ok(HistoryRow {
                version: r.try_get("version")?,
                name: r.try_get("name")?,
                checksum: r.try_get("checksum")?,
                started_at: r.try_get("started_at")?,
                finished_at: r.try_get("finished_at")?,
                execution_ms: r.try_get("execution_ms")?,
                statements_applied: r.try_get("statements_applied")?,
                statements_total: r.try_get("statements_total")?,
                success: r.try_get("success")?,
                error: r.try_get("error")?,
                failed_statement: r.try_get("failed_statement")?,
            })
        })
        .collect()
}

/// The history, or nothing when no migration was ever applied (nothing is created).
pub async fn read_history_if_any(conn: &mut PgConnection) -> Result<Vec<HistoryRow>, sqlx::Error> {
    let exists: Option<String> =
        sqlx::query_scalar("SELECT to_regclass('joinery.schema_migrations')::text")
            .fetch_one(&mut *conn)
            .await?;
    if exists.is_none() {
        return Ok(Vec::new());
    }
    read_history(conn).await
}

/// A migration the project has but the target has not applied.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NotApplied {
    /// Its version.
    pub version: i64,
    /// Its name.
    pub name: String,
}

/// An applied migration whose checksum no longer matches.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Mismatch {
    /// Its version.
    pub version: i64,
    /// Its name.
    pub name: String,
    /// What the target recorded.
    pub applied_checksum: String,
    /// What the migration has now.
    pub expected_checksum: String,
}

/// Where a target stands against a list of migrations.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TargetStatus {
    /// Successfully applied, matching checksums.
    pub applied: Vec<HistoryRow>,
    /// Not applied yet (including failed or partly applied ones).
    pub pending: Vec<NotApplied>,
    /// History rows of failed or interrupted attempts.
    pub failed: Vec<HistoryRow>,
    /// Applied with a different checksum than the migration has now.
    pub mismatched: Vec<Mismatch>,
    /// Applied migrations the list does not know.
    pub unknown: Vec<HistoryRow>,
    /// The highest successfully applied known version: the design the database should match.
    pub last_applied: Option<i64>,
}

/// Reads a target's history (without locking or creating anything) and compares it with
/// `migrations`.
pub async fn status(url: &str, migrations: &[Migration]) -> Result<TargetStatus, ApplyError> {
    let target = Target {
        url,
        timeouts: Timeouts::default(),
        consent: Consent::default(),
        drift_guard: false,
    };
    let mut conn = connect::connect(url).await.map_err(ApplyError::Connect)?;
    let history = read_history_if_any(&mut conn)
        .await
        .map_err(|e| target.db_error("reading the migration history", &e));
    let _ = conn.close().await;
    Ok(compare(&history?, migrations))
}

/// Compares a history with a list of migrations.
pub fn compare(history: &[HistoryRow], migrations: &[Migration]) -> TargetStatus {
    let known: BTreeMap<i64, &Migration> = migrations.iter().map(|m| (m.version, m)).collect();
    let rows: BTreeMap<i64, &HistoryRow> = history.iter().map(|r| (r.version, r)).collect();
    let mut status = TargetStatus {
        applied: Vec::new(),
        pending: Vec::new(),
        failed: Vec::new(),
        mismatched: Vec::new(),
        unknown: Vec::new(),
        last_applied: None,
    };
    for row in history {
        match known.get(&row.version) {
            None if row.success => status.unknown.push(row.clone()),
            None => status.failed.push(row.clone()),
            Some(m)
                if row.checksum != m.checksum && (row.success || row.statements_applied > 0) =>
            {
                status.mismatched.push(Mismatch {
                    version: m.version,
                    name: m.name.clone(),
                    applied_checksum: row.checksum.clone(),
                    expected_checksum: m.checksum.clone(),
                })
            }
            Some(_) if row.success => {
                status.last_applied = Some(row.version);
                status.applied.push(row.clone());
            }
            Some(_) => status.failed.push(row.clone()),
        }
    }
    for m in migrations {
        if !rows.get(&m.version).is_some_and(|r| r.success) {
            status.pending.push(NotApplied {
                version: m.version,
                name: m.name.clone(),
            });
        }
    }
    status.pending.sort_by_key(|p| p.version);
    status
}
