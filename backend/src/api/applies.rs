//! Applying a project's migrations to a target, with progress as Server-Sent Events.
//!
//! `POST /api/projects/{id}/targets/{tid}/apply` with `{"dry_run": bool, "wait": bool}` (and
//! the optional timeouts, `allow_hazards`, `allow_drift`; with `to_version: N` the run applies
//! version N directly, planned from the target's live schema, which a dry run shows for review
//! and the real run needs as `reviewed_checksum`, see [`crate::apply::direct`]):
//!
//! - `dry_run: true`: `200` with the report of what would run (nothing is executed or recorded).
//! - otherwise a run starts in the background and is recorded in the store: `202` with
//!   `{"apply_id", "events_url", "run"}`; with `wait: true` the request waits and answers `200`
//!   with the finished run (`status` `succeeded` or `failed`, `result` the report or the error).
//!
//! Progress is read with `GET /api/projects/{id}/applies/{aid}/events`, a `text/event-stream`
//! the browser's `EventSource` can open (it only does GET, hence the two steps). Every event has
//! an `id` (1, 2, ... so a reconnect with `Last-Event-ID` resumes), a name (`waiting_for_lock`,
//! `locked`, `plan`,
//! `migration_started`, `statement`, `migration_finished`, `migration_failed`, then exactly one
//! of `finished` or `failed`) and JSON data; the stream ends after `finished`/`failed`. Events are
//! kept in the store, so the stream can be opened late, or again, and replays from the start.
//! `GET /api/projects/{id}/applies/{aid}` returns the run record (who started it, from where,
//! on which target, the SQL it was to run, the outcome), `GET
//! /api/projects/{id}/targets/{tid}/applies` the target's 50 most recent runs, and `GET
//! /api/projects/{id}/applies` the project's 100 most recent runs, removed targets included.

use std::collections::VecDeque;
use std::convert::Infallible;
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Extension, Json};
use futures_util::stream::{self, Stream};
use joinery_shared::model::Document;
use serde::Deserialize;
use serde_json::{json, Value};

use super::targets::project_migrations;
use super::{apply_error_response, parse_body, Routes};
use crate::apply::direct::{self, Destination};
use crate::apply::{self, ApplyEvent, ApplyOptions, ApplyReport, Consent, Timeouts};
use crate::auth::Actor;
use crate::store::{ApplyEventRecord, ApplyRun, RunStart, Store, TargetDefaults};
use crate::{AppError, AppState};
use joinery_shared::wire::ApplyStarted;

pub fn router() -> Routes {
    Routes::new()
        .route("/api/projects/{id}/targets/{tid}/apply", post(start))
        .route("/api/projects/{id}/targets/{tid}/applies", get(list))
        .route("/api/projects/{id}/applies", get(list_project))
        .route("/api/projects/{id}/applies/{aid}", get(read))
        .route("/api/projects/{id}/applies/{aid}/events", get(events))
}

#[derive(Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct StartApply {
    #[serde(default)]
    dry_run: bool,
    #[serde(default)]
    wait: bool,
    /// Per-run overrides of the lock timeout, statement timeout and lock retries.
    #[serde(default)]
    lock_timeout_ms: Option<u64>,
    #[serde(default)]
    statement_timeout_ms: Option<u64>,
    #[serde(default)]
    lock_retries: Option<u32>,
    /// The hazard kinds this run may execute (`deletes_data`, `locks_table`, ...).
    #[serde(default)]
    allow_hazards: Vec<String>,
    /// Run even though the schema changed since the last run (see `apply::fingerprint`).
    #[serde(default)]
    allow_drift: bool,
    /// Apply this saved version directly, planned from the target's live schema (see
    /// `apply::direct`), instead of the pending migrations.
    #[serde(default)]
    to_version: Option<i64>,
    /// With `to_version`: the checksum of the plan the user reviewed (from the dry run). The run
    /// refuses (409 `plan_changed`) when the plan made under the lock differs.
    #[serde(default)]
    reviewed_checksum: Option<String>,
    /// With `to_version`: plan online-friendly forms (CONCURRENTLY, NOT VALID + VALIDATE).
    #[serde(default)]
    online: bool,
}

impl StartApply {
    /// The run's timeouts: the server's defaults, then the target's, then this request's
    /// overrides, within sane bounds.
    fn timeouts(&self, target: &TargetDefaults) -> Result<Timeouts, AppError> {
        let mut t = Timeouts::default();
        let day = 86_400_000;
        if let Some(ms) = self.lock_timeout_ms.or(target.lock_timeout_ms) {
            t.lock_timeout_ms = ms;
        }
        if let Some(ms) = self.statement_timeout_ms.or(target.statement_timeout_ms) {
            t.statement_timeout_ms = ms;
        }
        if let Some(n) = self.lock_retries.or(target.lock_retries) {
            t.lock_retries = n;
        }
        if t.lock_timeout_ms > day || t.statement_timeout_ms > day || t.lock_retries > 20 {
            return Err(AppError::BadRequest(
                "timeouts are at most 86400000 ms (a day) and lock_retries at most 20".into(),
            ));
        }
        Ok(t)
    }
}

/// What a run does: the pending migrations, or one version planned from the live schema.
#[derive(Clone)]
enum Job {
    Migrations(Vec<apply::Migration>),
    Direct {
        document: Box<Document>,
        stored: Box<apply::Migration>,
        migrations: Vec<apply::Migration>,
        reviewed: Option<String>,
        online: bool,
    },
}

impl Job {
    fn run<'a>(
        &'a self,
        url: &'a str,
        options: ApplyOptions,
        on_event: &'a (dyn Fn(ApplyEvent) + Send + Sync),
    ) -> futures_util::future::BoxFuture<'a, Result<ApplyReport, apply::ApplyError>> {
        match self {
            Job::Migrations(migrations) => apply::apply(url, migrations, options, on_event),
            Job::Direct {
                document,
                stored,
                migrations,
                reviewed,
                online,
            } => {
                let dest = Destination {
                    design: document,
                    version: Some((stored, migrations)),
                    name: &stored.name,
                    reviewed: reviewed.as_deref(),
                    online: *online,
                };
                direct::apply_direct(url, dest, options, on_event)
            }
        }
    }
}

/// How often the event stream looks for new events.
const POLL: Duration = Duration::from_millis(100);

async fn start(
    State(state): State<AppState>,
    Path((id, tid)): Path<(String, String)>,
    Extension(actor): Extension<Actor>,
    body: Bytes,
) -> Result<Response, AppError> {
    let req: StartApply = if body.iter().all(u8::is_ascii_whitespace) {
        StartApply::default()
    } else {
        parse_body(&body)?
    };
    let target = state.store.target(&id, &tid).await?;
    let url = state
        .store
        .target_connection(&state.secrets, &id, &tid)
        .await?;
    let migrations = project_migrations(&state, &id).await?;
    let timeouts = req.timeouts(&target.defaults)?;
    let consent = Consent::allowing(&req.allow_hazards).map_err(AppError::BadRequest)?;
    let drift_guard = !req.allow_drift;
    let job = match req.to_version {
        None => Job::Migrations(migrations),
        Some(v) => {
            let document = state.store.version(&id, v).await?.document;
            let stored = migrations
                .iter()
                .find(|m| m.version == v)
                .cloned()
                .ok_or_else(|| AppError::NotFound(format!("no migration for version {v}")))?;
            if !req.dry_run && req.reviewed_checksum.is_none() {
                return Err(AppError::BadRequest(
                    "applying a version directly needs the plan reviewed first: ask with \
                     dry_run, then send the plan's checksum as reviewed_checksum"
                        .into(),
                ));
            }
            Job::Direct {
                document: Box::new(document),
                stored: Box::new(stored),
                migrations,
                reviewed: req.reviewed_checksum.clone(),
                online: req.online,
            }
        }
    };
    // What would run, read first: a dry run answers with it; a real run whose hazards are not
    // all allowed (or whose plan is not the one reviewed) is refused now (the engine checks
    // again under its lock).
    let preview = ApplyOptions {
        dry_run: true,
        timeouts,
        consent,
        drift_guard: false,
    };
    let preview = job.run(&url, preview, &|_| {}).await;
    if req.dry_run {
        return Ok(match preview {
            Ok(report) => Json(report).into_response(),
            Err(e) => apply_error_response(&e),
        });
    }
    // Other problems (unreachable, edited history) are left to the run, which records them.
    if let Ok(report) = &preview {
        let unallowed = consent.unallowed(&report.pending);
        if !unallowed.is_empty() {
            return Ok(apply_error_response(
                &apply::ApplyError::HazardsNotAllowed { hazards: unallowed },
            ));
        }
        if let (Some(reviewed), Some(planned)) = (&req.reviewed_checksum, report.pending.first()) {
            if *reviewed != planned.checksum {
                return Ok(apply_error_response(&apply::ApplyError::PlanChanged {
                    reviewed: reviewed.clone(),
                    planned: planned.checksum.clone(),
                }));
            }
        }
    }
    let start = RunStart {
        kind: if req.to_version.is_some() {
            "direct"
        } else {
            "migrations"
        },
        actor: actor.name.clone(),
        client: actor.client.clone(),
        to_version: req.to_version,
    };
    let (run, liveness) = state.store.create_apply_run(&id, &tid, &start).await?;
    tracing::info!(project = %id, target = %tid, apply = %run.id, actor = %actor.name, "apply started");
    let store = state.store.clone();
    let run_id = run.id.clone();
    let options = ApplyOptions {
        dry_run: false,
        timeouts,
        consent,
        drift_guard,
    };
    let task = tokio::spawn(async move {
        execute(&store, &run_id, &url, &job, options).await;
        liveness.release().await;
    });
    if req.wait {
        task.await
            .map_err(|e| AppError::Internal(format!("apply task: {e}")))?;
        let run = state.store.apply_run(&id, &run.id).await?;
        return Ok(Json(run).into_response());
    }
    let events_url = format!("/api/projects/{id}/applies/{}/events", run.id);
    Ok((
        StatusCode::ACCEPTED,
        Json(ApplyStarted {
            apply_id: run.id.clone(),
            events_url,
            run: Some(run),
        }),
    )
        .into_response())
}

/// The SQL a plan event says is about to run: each statement (from where a migration resumes)
/// under a `-- <migration name>` heading, for the audit trail.
fn planned_sql(pending: &[apply::PendingMigration]) -> String {
    let mut out = String::new();
    for m in pending {
        out.push_str(&format!("-- {}\n", m.name));
        for st in m.statements.iter().skip(m.resume_at) {
            out.push_str(st.sql.trim_end().trim_end_matches(';'));
            out.push_str(";\n");
        }
    }
    out
}

/// Runs the apply, storing every event (and the SQL of its plan), then the outcome.
async fn execute(store: &Store, run_id: &str, url: &str, job: &Job, options: ApplyOptions) {
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<ApplyEvent>();
    let runner = async move {
        let send = move |event: ApplyEvent| {
            let _ = tx.send(event);
        };
        job.run(url, options, &send).await
    };
    let writer = async {
        let mut seq = 0;
        while let Some(event) = rx.recv().await {
            seq += 1;
            if let ApplyEvent::Plan { pending, .. } = &event {
                if let Err(e) = store.set_apply_run_sql(run_id, &planned_sql(pending)).await {
                    tracing::warn!(apply = %run_id, error = %e, "cannot record the run's SQL");
                }
            }
            record(store, run_id, seq, &event_value(&event)).await;
        }
        seq
    };
    let (result, seq) = tokio::join!(runner, writer);
    let (status, outcome) = match &result {
        Ok(report) => (
            "succeeded",
            serde_json::to_value(report).unwrap_or_default(),
        ),
        Err(e) => (
            "failed",
            json!({"code": error_code(e), "message": e.to_string(), "detail": e}),
        ),
    };
    let kind = if result.is_ok() { "finished" } else { "failed" };
    record(store, run_id, seq + 1, &(kind.to_string(), outcome.clone())).await;
    if let Err(e) = store.finish_apply_run(run_id, status, &outcome).await {
        tracing::error!(apply = %run_id, error = %e, "cannot record the apply outcome");
    }
    match &result {
        Ok(report) => {
            tracing::info!(apply = %run_id, applied = report.applied.len(), "apply finished")
        }
        Err(e) => tracing::warn!(apply = %run_id, error = %e, "apply failed"),
    }
}

fn error_code(err: &apply::ApplyError) -> String {
    serde_json::to_value(err)
        .ok()
        .and_then(|v| v.get("code").and_then(Value::as_str).map(str::to_string))
        .unwrap_or_else(|| "failed".into())
}

/// The SSE event name (the `event` tag) and the JSON data of an event.
fn event_value(event: &ApplyEvent) -> (String, Value) {
    let value = serde_json::to_value(event).unwrap_or_default();
    let kind = value
        .get("event")
        .and_then(Value::as_str)
        .unwrap_or("event")
        .to_string();
    (kind, value)
}

async fn record(store: &Store, run_id: &str, seq: i64, (kind, data): &(String, Value)) {
    if let Err(e) = store.add_apply_event(run_id, seq, kind, data).await {
        tracing::warn!(apply = %run_id, error = %e, "cannot record an apply event");
    }
}

/// The project's 100 most recent runs on any target, removed targets included: the audit trail.
async fn list_project(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<Vec<ApplyRun>>, AppError> {
    Ok(Json(state.store.list_project_runs(&id, 100).await?))
}

/// The target's 50 most recent runs, newest first.
async fn list(
    State(state): State<AppState>,
    Path((id, tid)): Path<(String, String)>,
) -> Result<Json<Vec<ApplyRun>>, AppError> {
    Ok(Json(state.store.list_apply_runs(&id, &tid, 50).await?))
}

async fn read(
    State(state): State<AppState>,
    Path((id, aid)): Path<(String, String)>,
) -> Result<Json<ApplyRun>, AppError> {
    Ok(Json(state.store.apply_run(&id, &aid).await?))
}

struct Cursor {
    store: Store,
    project: String,
    run: String,
    after: i64,
    queue: VecDeque<ApplyEventRecord>,
    finished: bool,
}

async fn events(
    State(state): State<AppState>,
    Path((id, aid)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, AppError> {
    state.store.apply_run(&id, &aid).await?;
    let after = headers
        .get("last-event-id")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<i64>().ok())
        .unwrap_or(0);
    let cursor = Cursor {
        store: state.store.clone(),
        project: id,
        run: aid,
        after,
        queue: VecDeque::new(),
        finished: false,
    };
    let stream = stream::unfold(cursor, |mut c| async move {
        loop {
            if let Some(record) = c.queue.pop_front() {
                c.after = record.seq;
                let event = Event::default()
                    .id(record.seq.to_string())
                    .event(record.kind.clone())
                    .data(record.data.to_string());
                return Some((Ok(event), c));
            }
            if c.finished {
                return None;
            }
            // Status first: events are written before the run is marked finished, so a finished
            // status means the read below sees every event.
            let done = match c.store.apply_run(&c.project, &c.run).await {
                Ok(run) => run.status != "running",
                Err(_) => true,
            };
            match c.store.apply_events(&c.run, c.after).await {
                Ok(records) => c.queue.extend(records),
                Err(e) => {
                    tracing::warn!(apply = %c.run, error = %e, "cannot read apply events");
                    return None;
                }
            }
            if done {
                c.finished = true;
            } else if c.queue.is_empty() {
                tokio::time::sleep(POLL).await;
            }
        }
    });
    Ok(Sse::new(stream).keep_alive(KeepAlive::default()))
}
