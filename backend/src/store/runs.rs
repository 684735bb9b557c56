//! Apply runs in the store: one row per run (who started it, from where, on which target, the
//! SQL it was to run, its outcome) and its progress events. Runs outlive their target (targets
//! are removed softly), so the list is an audit trail.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::repo::{new_id, timestamp, to_json, RepoError, Result};
use super::Store;

/// First key of the session advisory locks that mark apply runs alive on a PostgreSQL store
/// ("JNRY"); the second key is `hashtext(run id)`.
const RUN_LOCK_CLASS: i32 = 0x4A4E_5259;

/// Marks an apply run as alive while it is held: on a PostgreSQL store, a dedicated connection
/// holding a session advisory lock on the run, which PostgreSQL releases when this process dies
/// (so [`Store::sweep_dead_runs`] can tell). Dropping it closes the connection.
#[derive(Debug)]
pub struct RunLiveness(Option<sqlx::PgConnection>);

impl RunLiveness {
    /// Ends the run's liveness (closing its connection politely; dropping it does too).
    pub async fn release(self) {
        if let Some(conn) = self.0 {
            let _ = sqlx::Connection::close(conn).await;
        }
    }
}

pub use joinery_shared::wire::ApplyRun;

/// Who starts a run and on what, recorded with it.
#[derive(Clone, Debug)]
pub struct RunStart {
    /// `migrations`, `direct` or `baseline`.
    pub kind: &'static str,
    /// The session's name or `api token`.
    pub actor: String,
    /// The client's address and user agent.
    pub client: String,
    /// The version a `direct` or `baseline` run goes to.
    pub to_version: Option<i64>,
}

impl Default for RunStart {
    fn default() -> Self {
        RunStart {
            kind: "migrations",
            actor: "unknown".into(),
            client: "unknown".into(),
            to_version: None,
        }
    }
}

#[derive(sqlx::FromRow)]
struct ApplyRunRow {
    id: String,
    project_id: String,
    target_id: String,
    status: String,
    result: Option<String>,
    started_at: DateTime<Utc>,
    finished_at: Option<DateTime<Utc>>,
    kind: String,
    actor: Option<String>,
    client: Option<String>,
    target_name: Option<String>,
    target_url: Option<String>,
    to_version: Option<i64>,
    sql: Option<String>,
}

const RUN_COLUMNS: &str = "id, project_id, target_id, status, result, started_at, finished_at, \
    kind, actor, client, target_name, target_url, to_version, sql";

impl TryFrom<ApplyRunRow> for ApplyRun {
    type Error = RepoError;
    fn try_from(row: ApplyRunRow) -> Result<Self> {
        Ok(ApplyRun {
            result: row
                .result
                .map(|r| serde_json::from_str(&r))
                .transpose()
                .map_err(|e| RepoError::Corrupt(format!("apply result: {e}")))?,
            id: row.id,
            project_id: row.project_id,
            target_id: row.target_id,
            status: row.status,
            started_at: timestamp(row.started_at),
            finished_at: row.finished_at.map(timestamp),
            kind: row.kind,
            actor: row.actor,
            client: row.client,
            target_name: row.target_name,
            target_url: row.target_url,
            to_version: row.to_version,
            sql: row.sql,
        })
    }
}

/// One progress event of an apply run.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ApplyEventRecord {
    /// 1, 2, 3... within the run (the SSE event id).
    pub seq: i64,
    /// The event kind (the SSE event name).
    pub kind: String,
    /// The event's JSON payload.
    pub data: Value,
    /// When it happened.
    pub created_at: DateTime<Utc>,
}

#[derive(sqlx::FromRow)]
struct ApplyEventRow {
    seq: i64,
    kind: String,
    data: String,
    created_at: DateTime<Utc>,
}

impl Store {
    /// Records the start of an apply run. Keep the returned [`RunLiveness`] until the run is
    /// finished: on a PostgreSQL store it is how other servers (and this one after a restart)
    /// tell a run in progress from one whose server died.
    pub async fn create_apply_run(
        &self,
        project_id: &str,
        target_id: &str,
        start: &RunStart,
    ) -> Result<(ApplyRun, RunLiveness)> {
        let target = self.target_row(project_id, target_id).await?;
        let id = new_id("a");
        let now = Utc::now();
        let liveness = match self {
            Store::Sqlite(_) => RunLiveness(None),
            Store::Postgres(pool) => {
                // Taken before the row exists, so no sweep can see the run without its lock.
                let mut conn =
                    <sqlx::PgConnection as sqlx::Connection>::connect_with(&pool.connect_options())
                        .await?;
                sqlx::query("SELECT pg_advisory_lock($1, hashtext($2))")
                    .bind(RUN_LOCK_CLASS)
                    .bind(&id)
                    .execute(&mut conn)
                    .await?;
                RunLiveness(Some(conn))
            }
        };
        on_pool!(self, |pool| {
            sqlx::query(
                "INSERT INTO apply_runs (id, project_id, target_id, status, started_at, kind, \
                 actor, client, target_name, target_url, to_version) \
                 VALUES ($1, $2, $3, 'running', $4, $5, $6, $7, $8, $9, $10)",
            )
            .bind(&id)
            .bind(project_id)
            .bind(target_id)
            .bind(now)
            .bind(start.kind)
            .bind(&start.actor)
            .bind(&start.client)
            .bind(target.name())
            .bind(target.shown_url())
            .bind(start.to_version)
            .execute(pool)
            .await?
            .rows_affected()
        });
        Ok((self.apply_run(project_id, &id).await?, liveness))
    }

    /// Marks runs of a PostgreSQL store whose server is gone as `interrupted`: a running run's
    /// lock (see [`RunLiveness`]) that can be taken has no holder. (A SQLite store belongs to one
    /// process and is swept when it opens.)
    pub async fn sweep_dead_runs(&self) -> Result<u64> {
        let Store::Postgres(pool) = self else {
            return Ok(0);
        };
        // The transaction-level lock is released as the statement's transaction ends.
        let swept = sqlx::query(
            "UPDATE apply_runs SET status = 'interrupted', finished_at = $1 \
             WHERE status = 'running' AND pg_try_advisory_xact_lock($2, hashtext(id))",
        )
        .bind(Utc::now())
        .bind(RUN_LOCK_CLASS)
        .execute(pool)
        .await?
        .rows_affected();
        if swept > 0 {
            tracing::warn!(
                runs = swept,
                "apply runs whose server stopped marked interrupted"
            );
        }
        Ok(swept)
    }

    /// Marks a run finished with its outcome.
    pub async fn finish_apply_run(&self, run_id: &str, status: &str, result: &Value) -> Result<()> {
        let now = Utc::now();
        let result = to_json(result)?;
        on_pool!(self, |pool| {
            sqlx::query(
                "UPDATE apply_runs SET status = $1, result = $2, finished_at = $3 WHERE id = $4",
            )
            .bind(status)
            .bind(&result)
            .bind(now)
            .bind(run_id)
            .execute(pool)
            .await?
            .rows_affected()
        });
        Ok(())
    }

    /// The target's most recent runs (newest first, at most `limit`).
    pub async fn list_apply_runs(
        &self,
        project_id: &str,
        target_id: &str,
        limit: i64,
    ) -> Result<Vec<ApplyRun>> {
        self.target_row(project_id, target_id).await?;
        self.sweep_dead_runs().await?;
        let rows = on_pool!(self, |pool| {
            sqlx::query_as::<_, ApplyRunRow>(&format!(
                "SELECT {RUN_COLUMNS} FROM apply_runs WHERE project_id = $1 AND target_id = $2 \
                 ORDER BY started_at DESC, id LIMIT $3"
            ))
            .bind(project_id)
            .bind(target_id)
            .bind(limit)
            .fetch_all(pool)
            .await?
        });
        rows.into_iter().map(ApplyRun::try_from).collect()
    }

    /// The project's most recent runs on any target, removed ones included (newest first, at
    /// most `limit`): the audit trail.
    pub async fn list_project_runs(&self, project_id: &str, limit: i64) -> Result<Vec<ApplyRun>> {
        self.project_summary(project_id).await?;
        self.sweep_dead_runs().await?;
        let rows = on_pool!(self, |pool| {
            sqlx::query_as::<_, ApplyRunRow>(&format!(
                "SELECT {RUN_COLUMNS} FROM apply_runs WHERE project_id = $1 \
                 ORDER BY started_at DESC, id LIMIT $2"
            ))
            .bind(project_id)
            .bind(limit)
            .fetch_all(pool)
            .await?
        });
        rows.into_iter().map(ApplyRun::try_from).collect()
    }

    /// Records the exact SQL a run is about to execute.
    pub async fn set_apply_run_sql(&self, run_id: &str, sql: &str) -> Result<()> {
        on_pool!(self, |pool| {
            sqlx::query("UPDATE apply_runs SET sql = $1 WHERE id = $2")
                .bind(sql)
                .bind(run_id)
                .execute(pool)
                .await?
                .rows_affected()
        });
        Ok(())
    }

    /// One run of the project.
    pub async fn apply_run(&self, project_id: &str, run_id: &str) -> Result<ApplyRun> {
        self.sweep_dead_runs().await?;
        on_pool!(self, |pool| {
            sqlx::query_as::<_, ApplyRunRow>(&format!(
                "SELECT {RUN_COLUMNS} FROM apply_runs WHERE project_id = $1 AND id = $2"
            ))
            .bind(project_id)
            .bind(run_id)
            .fetch_optional(pool)
            .await?
        })
        .ok_or_else(|| RepoError::NotFound(format!("no apply run {run_id:?}")))?
        .try_into()
    }

    /// Appends a progress event to a run (sequence numbers are per run, from 1).
    pub async fn add_apply_event(
        &self,
        run_id: &str,
        seq: i64,
        kind: &str,
        data: &Value,
    ) -> Result<()> {
        let now = Utc::now();
        let data = to_json(data)?;
        on_pool!(self, |pool| {
            sqlx::query(
                "INSERT INTO apply_events (run_id, seq, kind, data, created_at) \
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(run_id)
            .bind(seq)
            .bind(kind)
            .bind(&data)
            .bind(now)
            .execute(pool)
            .await?
            .rows_affected()
        });
        Ok(())
    }

    /// The run's events after sequence number `after`, in order.
    pub async fn apply_events(&self, run_id: &str, after: i64) -> Result<Vec<ApplyEventRecord>> {
        let rows = on_pool!(self, |pool| {
            sqlx::query_as::<_, ApplyEventRow>(
                "SELECT seq, kind, data, created_at FROM apply_events \
                 WHERE run_id = $1 AND seq > $2 ORDER BY seq",
            )
            .bind(run_id)
            .bind(after)
            .fetch_all(pool)
            .await?
        });
        rows.into_iter()
            .map(|r| {
                Ok(ApplyEventRecord {
                    seq: r.seq,
                    kind: r.kind,
                    data: serde_json::from_str(&r.data)
                        .map_err(|e| RepoError::Corrupt(format!("apply event: {e}")))?,
                    created_at: r.created_at,
                })
            })
            .collect()
    }
}
