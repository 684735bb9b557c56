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
pub mod direct;
pub mod drift;
mod events;
pub mod files;
pub mod fingerprint;
mod history;
pub mod planning;
pub mod progress;
pub mod timeouts;

pub use consent::Consent;
pub use events::ApplyEvent;
pub use history::{
    compare, read_history_if_any, status, HistoryRow, Mismatch, NotApplied, TargetStatus,
    HISTORY_DDL,
};
pub use timeouts::Timeouts;

use std::collections::BTreeMap;
use std::time::Instant;

use chrono::{DateTime, Utc};
use futures_util::future::BoxFuture;
use serde::{Deserialize, Serialize};
use sqlx::postgres::PgConnection;
use sqlx::{Connection, Executor};

use history::read_history;

pub use connect::{ConnectError, ConnectErrorKind};

use crate::store::{redact_url, MigrationStatement};

/// The advisory lock key every Joinery apply takes (ASCII "joinery" as a number).
pub const LOCK_KEY: i64 = 0x006a_6f69_6e65_7279;

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

pub use joinery_shared::wire::{AppliedMigration, ApplyReport, PendingMigration};

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
         hand?); nothing was run.{} Check drift to see it against the design, then reconcile \
         the design or apply anyway (allow_drift / --allow-drift)",
        drift_summary(changes)
    )]
    Drifted {
        /// The fingerprint the last run left.
        recorded: String,
        /// The live one.
        live: String,
        /// The catalog lines that changed (`+ ...` new, `- ...` gone), when the last run
        /// recorded its listing.
        changes: Vec<String>,
    },
    /// The plan made from the live schema is not the one that was reviewed (the database changed
    /// in between); nothing ran.
    #[error(
        "the database changed since the plan was reviewed: the plan made now (checksum \
         {planned}) is not the one reviewed ({reviewed}); nothing was run. Review the new plan"
    )]
    PlanChanged {
        /// The checksum of the reviewed plan.
        reviewed: String,
        /// The checksum of the plan made under the lock.
        planned: String,
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

/// The first changed catalog lines, for the message (all of them are in the error's detail).
fn drift_summary(changes: &[String]) -> String {
    if changes.is_empty() {
        return String::new();
    }
    let mut out = format!(" What changed ({}):", changes.len());
    for line in changes.iter().take(8) {
        out.push_str("\n  ");
        out.push_str(line);
    }
    if changes.len() > 8 {
        out.push_str("\n  ...");
    }
    out
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
    take_lock(target, conn, on_event).await?;
    let result = apply_under_lock(target, conn, migrations, on_event).await;
    release_lock(target, conn, &result).await;
    result
}

/// Takes the target's apply lock on `conn`, waiting (and saying so) while another run holds it.
async fn take_lock(
    target: &Target<'_>,
    conn: &mut PgConnection,
    on_event: &(dyn Fn(ApplyEvent) + Send + Sync),
) -> Result<(), ApplyError> {
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
    Ok(())
}

/// Records the schema the run left (unless it was refused before changing anything), then
/// releases the lock.
async fn release_lock<T>(
    target: &Target<'_>,
    conn: &mut PgConnection,
    result: &Result<T, ApplyError>,
) {
    // Whatever this run changed (all of it, or what committed before a failure) is now the
    // schema Joinery left. Refusals changed nothing and keep the old fingerprint.
    let changed = !matches!(
        result,
        Err(ApplyError::Drifted { .. }
            | ApplyError::HazardsNotAllowed { .. }
            | ApplyError::ChecksumMismatch { .. }
            | ApplyError::InvalidMigrations { .. }
            | ApplyError::PlanChanged { .. })
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
}

/// Keeps on the history row the fingerprint of the schema the migration left (best effort: the
/// drift guard itself reads the last one from `joinery.schema_state`).
async fn record_fingerprint(target: &Target<'_>, conn: &mut PgConnection, version: i64) {
    if let Err(e) = fingerprint::record_for(conn, version).await {
        tracing::warn!(error = %connect::database_message(&e, target.url), version,
            "could not record the migration's schema fingerprint");
    }
}

/// Refuses with [`ApplyError::Drifted`] when the live schema is not the one the last run left.
async fn check_drift(target: &Target<'_>, conn: &mut PgConnection) -> Result<(), ApplyError> {
    let fail = |e: sqlx::Error| target.db_error("reading the schema fingerprint", &e);
    if let Some((recorded, listing)) = fingerprint::recorded_snapshot(conn).await.map_err(fail)? {
        let live = fingerprint::snapshot(conn).await.map_err(fail)?;
        if live.fingerprint != recorded {
            let changes = listing
                .map(|before| fingerprint::changes(&before, &live.listing))
                .unwrap_or_default();
            return Err(ApplyError::Drifted {
                recorded,
                live: live.fingerprint,
                changes,
            });
        }
    }
    Ok(())
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
        check_drift(target, conn).await?;
    }
    on_event(ApplyEvent::Plan {
        applied: already_applied.clone(),
        pending: pending.clone(),
    });
    let mut applied = Vec::new();
    for migration in &pending {
        match apply_one(target, conn, migration, on_event).await {
            Ok(done) => {
                record_fingerprint(target, conn, migration.version).await;
                applied.push(done)
            }
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
        // A statement that must commit on its own (`own_transaction`) also gets a segment of its
        // own, committed before the next begins.
        let segment_end =
            if i < total && (!statements[i].transactional || statements[i].own_transaction) {
                i + 1
            } else {
                (i..total)
                    .find(|&j| !statements[j].transactional || statements[j].own_transaction)
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
                        let pid = if concurrent {
                            progress::backend_pid(conn).await
                        } else {
                            None
                        };
                        let report = |p: progress::IndexProgress| {
                            on_event(ApplyEvent::IndexProgress {
                                version: migration.version,
                                statement_index: i,
                                progress: p,
                            })
                        };
                        let run = run_statement(conn, migration, i, on_event);
                        progress::watched(target.url, pid, run, report).await
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
