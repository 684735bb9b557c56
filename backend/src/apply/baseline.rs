//! Baseline: mark a target as being at version N without running anything, for a database that
//! already has that schema (created before Joinery, or repaired by hand after a failed version).
//! The caller verifies that the live schema matches version N first; this writes the history
//! (versions 1..=N as applied, with their checksums, under the apply lock) and records the
//! schema fingerprint, so the next apply starts after N and its drift guard has a baseline.

use chrono::Utc;
use sqlx::{Executor, PgConnection};

use super::{connect, fingerprint, ApplyError, Migration, HISTORY_DDL, LOCK_KEY};
use crate::store::redact_url;

const BASELINE_ROW: &str = "INSERT INTO joinery.schema_migrations \
    (version, name, checksum, started_at, finished_at, execution_ms, statements_applied, \
     statements_total, success, error, failed_statement, applied_via) \
    VALUES ($1, $2, $3, $4, $4, 0, $5, $5, true, NULL, NULL, $6) \
    ON CONFLICT (version) DO UPDATE SET name = EXCLUDED.name, checksum = EXCLUDED.checksum, \
    started_at = EXCLUDED.started_at, finished_at = EXCLUDED.finished_at, execution_ms = 0, \
    statements_applied = EXCLUDED.statements_applied, \
    statements_total = EXCLUDED.statements_total, success = true, error = NULL, \
    failed_statement = NULL, applied_via = EXCLUDED.applied_via";

/// Records `migration` as applied without running it (`via`: `baseline` or `skipped`), inside
/// the caller's transaction.
pub(super) async fn record_row(
    conn: &mut PgConnection,
    migration: &Migration,
    via: &str,
) -> Result<(), sqlx::Error> {
    let total = i32::try_from(migration.statements.len()).unwrap_or(i32::MAX);
    sqlx::query(BASELINE_ROW)
        .bind(migration.version)
        .bind(&migration.name)
        .bind(&migration.checksum)
        .bind(Utc::now())
        .bind(total)
        .bind(via)
        .execute(conn)
        .await?;
    Ok(())
}

/// Records versions `1..=version` of `migrations` as applied on the target at `url`, in one
/// transaction under the apply lock; returns the versions recorded.
pub async fn baseline(
    url: &str,
    migrations: &[Migration],
    version: i64,
) -> Result<Vec<i64>, ApplyError> {
    let db = |step: &str, e: &sqlx::Error| ApplyError::Database {
        step: step.to_string(),
        url: redact_url(url),
        message: connect::database_message(e, url),
    };
    let mut conn = connect::connect(url).await.map_err(ApplyError::Connect)?;
    let result = async {
        let free: bool = sqlx::query_scalar("SELECT pg_try_advisory_lock($1)")
            .bind(LOCK_KEY)
            .fetch_one(&mut conn)
            .await
            .map_err(|e| db("taking the advisory lock", &e))?;
        if !free {
            return Err(ApplyError::Database {
                step: "taking the advisory lock".into(),
                url: redact_url(url),
                message: "another apply to this database is running; try again when it is done"
                    .into(),
            });
        }
        let recorded = write(&mut conn, migrations, version)
            .await
            .map_err(|e| db("recording the baseline", &e));
        let _ = sqlx::query("SELECT pg_advisory_unlock($1)")
            .bind(LOCK_KEY)
            .execute(&mut conn)
            .await;
        recorded
    }
    .await;
    let _ = sqlx::Connection::close(conn).await;
    result
}

async fn write(
    conn: &mut PgConnection,
    migrations: &[Migration],
    version: i64,
) -> Result<Vec<i64>, sqlx::Error> {
    conn.execute(HISTORY_DDL).await?;
    let mut tx = sqlx::Connection::begin(&mut *conn).await?;
    let mut recorded = Vec::new();
    for m in migrations.iter().filter(|m| m.version <= version) {
        record_row(&mut tx, m, "baseline").await?;
        recorded.push(m.version);
    }
    tx.commit().await?;
    fingerprint::record(conn).await?;
    Ok(recorded)
}
