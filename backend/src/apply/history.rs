//! The history each target keeps of what Joinery applied to it (`joinery.schema_migrations`),
//! and where a target stands against a project's migrations.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use sqlx::postgres::PgConnection;
use sqlx::{Connection, Row};

use super::{connect, ApplyError, Consent, Migration, Target, Timeouts};
use crate::store::timestamp;

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
);
ALTER TABLE joinery.schema_migrations ADD COLUMN IF NOT EXISTS applied_via TEXT NOT NULL
    DEFAULT 'migration';
ALTER TABLE joinery.schema_migrations ADD COLUMN IF NOT EXISTS fingerprint TEXT;";

pub use joinery_shared::wire::HistoryRow;

/// `applied_via` read through `to_jsonb`, so a history table made by an older Joinery (without
/// the column, not yet upgraded because no apply ran since) reads too.
const SELECT_HISTORY: &str = "SELECT version, name, checksum, started_at, finished_at, \
    execution_ms, statements_applied, statements_total, success, error, failed_statement, \
    coalesce(to_jsonb(m) ->> 'applied_via', 'migration') AS applied_via \
    FROM joinery.schema_migrations m ORDER BY version";

pub(super) async fn read_history(conn: &mut PgConnection) -> Result<Vec<HistoryRow>, sqlx::Error> {
    let rows = sqlx::query(SELECT_HISTORY).fetch_all(&mut *conn).await?;
    rows.iter()
        .map(|r| {
            Ok(HistoryRow {
                version: r.try_get("version")?,
                name: r.try_get("name")?,
                checksum: r.try_get("checksum")?,
                started_at: timestamp(r.try_get::<DateTime<Utc>, _>("started_at")?),
                finished_at: r
                    .try_get::<Option<DateTime<Utc>>, _>("finished_at")?
                    .map(timestamp),
                execution_ms: r.try_get("execution_ms")?,
                statements_applied: r.try_get("statements_applied")?,
                statements_total: r.try_get("statements_total")?,
                success: r.try_get("success")?,
                error: r.try_get("error")?,
                failed_statement: r.try_get("failed_statement")?,
                applied_via: r.try_get("applied_via")?,
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

pub use joinery_shared::wire::{Mismatch, NotApplied, TargetStatus};

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
