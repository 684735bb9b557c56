//! A way out of a broken history, and declarative applies: plan from what the database really is
//! to a design, and run that plan under the same lock, timeouts, consent, drift guard and
//! history as a migration run.
//!
//! - **A project version, directly** (the console's "Apply v3 directly", `to_version` in the
//!   API): when v2 failed on a target, v3 can be applied from the live schema, skipping v2. The
//!   plan is made from the introspected database and reviewed first; the run re-plans under the
//!   lock and refuses ([`ApplyError::PlanChanged`]) when the plan is not the one reviewed (the
//!   database changed in between). On success the history says v3 is applied (`applied_via =
//!   'direct'`, with v3's stored checksum, so later versions follow on as usual) and every
//!   earlier version not applied is recorded as `skipped`.
//! - **Declarative** (`joinery apply --target URL --to SOURCE`): no project versions; the run is
//!   recorded as the next version number after the history's highest, `applied_via =
//!   'declarative'`, and a database already matching the design records nothing.

use futures_util::future::BoxFuture;
use joinery_shared::model::Document;
use sqlx::postgres::PgConnection;
use sqlx::Executor;

use super::drift::{compare, reconcile_views};
use super::planning::PlannedMigration;
use super::{
    apply_one, baseline, check_drift, checksum, connect, read_history, release_lock, take_lock,
    ApplyError, ApplyEvent, ApplyOptions, ApplyReport, Failure, Migration, PendingMigration,
    Target, HISTORY_DDL,
};
use crate::introspect::{introspect, IntrospectOptions};
use crate::store::redact_url;

/// Where a direct run goes and how the history records it.
#[derive(Clone, Copy, Debug)]
pub struct Destination<'a> {
    /// The schema to converge to.
    pub design: &'a Document,
    /// The project version it is (its stored migration gives the name and checksum the history
    /// keeps), with the project's migrations (earlier ones not applied are recorded `skipped`);
    /// `None` for a declarative apply.
    pub version: Option<(&'a Migration, &'a [Migration])>,
    /// For a declarative apply, the name recorded (`NNNN_<name>`).
    pub name: &'a str,
    /// The checksum of the plan the user reviewed; the run refuses a different plan.
    pub reviewed: Option<&'a str>,
    /// Plan online-friendly forms.
    pub online: bool,
}

/// The plan from the database at `url` to `design`, as a migration (no lock, nothing written).
pub async fn plan(
    url: &str,
    design: &Document,
    online: bool,
) -> Result<PlannedMigration, ApplyError> {
    let pool = connect::connect_pool(url)
        .await
        .map_err(ApplyError::Connect)?;
    let db = |step: &str, message: String| ApplyError::Database {
        step: step.to_string(),
        url: redact_url(url),
        message,
    };
    let actual = introspect(&pool, &IntrospectOptions::default()).await;
    let mut actual = match actual {
        Ok(doc) => doc,
        Err(e) => {
            pool.close().await;
            return Err(db(
                "reading the live schema",
                connect::scrub(&e.to_string(), url),
            ));
        }
    };
    if let Ok(mut conn) = pool.acquire().await {
        reconcile_views(&mut conn, &design.schema, &mut actual.schema).await;
    }
    pool.close().await;
    // Diffing and planning are CPU work: off the async workers.
    let design = design.clone();
    let drift = tokio::task::spawn_blocking(move || compare(&design, &actual, online))
        .await
        .map_err(|e| db("planning", e.to_string()))?
        .map_err(|e| db("planning", e.to_string()))?;
    Ok(drift.to_database)
}

/// The migration a direct run executes: the plan, numbered and named for the history, its
/// checksum that of the plan's SQL.
pub fn as_pending(plan: &PlannedMigration, version: i64, name: &str) -> PendingMigration {
    PendingMigration {
        version,
        name: name.to_string(),
        checksum: checksum(&plan.sql),
        resume_at: 0,
        interrupted: false,
        statements: plan.statements.clone(),
    }
}

/// Plans from the live database to `dest` and applies the plan (see the module doc). A dry run
/// reports the plan without taking the lock.
pub fn apply_direct<'a>(
    url: &'a str,
    dest: Destination<'a>,
    options: ApplyOptions,
    on_event: &'a (dyn Fn(ApplyEvent) + Send + Sync),
) -> BoxFuture<'a, Result<ApplyReport, ApplyError>> {
    Box::pin(async move {
        if options.dry_run {
            let plan = plan(url, dest.design, dest.online).await?;
            let (version, name) = match dest.version {
                Some((m, _)) => (m.version, m.name.clone()),
                None => (0, dest.name.to_string()),
            };
            let pending = (!plan.is_empty() || dest.version.is_some())
                .then(|| as_pending(&plan, version, &name));
            return Ok(ApplyReport {
                dry_run: true,
                already_applied: Vec::new(),
                pending: pending.into_iter().collect(),
                applied: Vec::new(),
            });
        }
        let target = Target {
            url,
            timeouts: options.timeouts,
            consent: options.consent,
            drift_guard: options.drift_guard,
        };
        let mut conn = connect::connect(url).await.map_err(ApplyError::Connect)?;
        let result = async {
            take_lock(&target, &mut conn, on_event).await?;
            let result = under_lock(&target, &mut conn, dest, on_event).await;
            release_lock(&target, &mut conn, &result).await;
            result
        }
        .await;
        let _ = sqlx::Connection::close(conn).await;
        result
    })
}

async fn under_lock(
    target: &Target<'_>,
    conn: &mut PgConnection,
    dest: Destination<'_>,
    on_event: &(dyn Fn(ApplyEvent) + Send + Sync),
) -> Result<ApplyReport, ApplyError> {
    (&mut *conn)
        .execute(HISTORY_DDL)
        .await
        .map_err(|e| target.db_error("creating joinery.schema_migrations", &e))?;
    let history = read_history(conn)
        .await
        .map_err(|e| target.db_error("reading the migration history", &e))?;
    if target.drift_guard {
        check_drift(target, conn).await?;
    }
    let plan = plan(target.url, dest.design, dest.online).await?;
    let planned = checksum(&plan.sql);
    if let Some(reviewed) = dest.reviewed.filter(|r| *r != planned) {
        return Err(ApplyError::PlanChanged {
            reviewed: reviewed.to_string(),
            planned,
        });
    }
    let already_applied: Vec<i64> = history
        .iter()
        .filter(|r| r.success)
        .map(|r| r.version)
        .collect();
    let (version, name) = match dest.version {
        Some((m, _)) => (m.version, m.name.clone()),
        None => {
            if plan.is_empty() {
                // Already the design: nothing to run, nothing to record.
                return Ok(ApplyReport {
                    dry_run: false,
                    already_applied,
                    pending: Vec::new(),
                    applied: Vec::new(),
                });
            }
            let next = history.iter().map(|r| r.version).max().unwrap_or(0) + 1;
            (next, format!("{next:04}_{}", dest.name))
        }
    };
    let pending = as_pending(&plan, version, &name);
    let unallowed = target.consent.unallowed(std::slice::from_ref(&pending));
    if !unallowed.is_empty() {
        return Err(ApplyError::HazardsNotAllowed { hazards: unallowed });
    }
    on_event(ApplyEvent::Plan {
        applied: already_applied.clone(),
        pending: vec![pending.clone()],
    });
    let applied = match apply_one(target, conn, &pending, on_event).await {
        Ok(done) => done,
        Err(Failure::Database(err)) => return Err(err),
        Err(Failure::Statement {
            index,
            statement,
            error,
        }) => {
            return Err(ApplyError::MigrationFailed {
                version,
                name,
                statement_index: index,
                total: pending.statements.len(),
                statement,
                error,
                applied_before: Vec::new(),
            })
        }
    };
    finish(conn, dest, version, &already_applied)
        .await
        .map_err(|e| target.db_error("recording the direct apply", &e))?;
    super::record_fingerprint(target, conn, version).await;
    Ok(ApplyReport {
        dry_run: false,
        already_applied,
        pending: vec![pending],
        applied: vec![applied],
    })
}

/// After the plan ran: the row says how the version got there, and a project version's stored
/// checksum (so later versions follow on); earlier versions not applied are marked skipped.
async fn finish(
    conn: &mut PgConnection,
    dest: Destination<'_>,
    version: i64,
    already_applied: &[i64],
) -> Result<(), sqlx::Error> {
    let mut tx = sqlx::Connection::begin(&mut *conn).await?;
    match dest.version {
        Some((stored, migrations)) => {
            sqlx::query(
                "UPDATE joinery.schema_migrations SET name = $1, checksum = $2, \
                 applied_via = 'direct' WHERE version = $3",
            )
            .bind(&stored.name)
            .bind(&stored.checksum)
            .bind(version)
            .execute(&mut *tx)
            .await?;
            for m in migrations
                .iter()
                .filter(|m| m.version < version && !already_applied.contains(&m.version))
            {
                baseline::record_row(&mut tx, m, "skipped").await?;
            }
        }
        None => {
            sqlx::query(
                "UPDATE joinery.schema_migrations SET applied_via = 'declarative' \
                 WHERE version = $1",
            )
            .bind(version)
            .execute(&mut *tx)
            .await?;
        }
    }
    tx.commit().await
}
