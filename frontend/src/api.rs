//! The typed HTTP client for the Joinery server: every request the UI makes goes through here,
//! and so does the apply run's progress stream ([`watch_run`]).
//!
//! Requests are plain same-origin `fetch` calls (through `gloo-net`) with JSON bodies,
//! authenticated by the `HttpOnly` session cookie the login link set (the page never sees a
//! token). Failures come back as [`ApiError`]:
//! the server's `{"error": {"code", "message", "detail"}}` as [`ApiError::Server`], or
//! [`ApiError::Offline`] when no answer arrived at all (so callers can tell "the server said no"
//! from "the server is not there").

use std::cell::Cell;
use std::pin::Pin;
use std::rc::Rc;
use std::task::Poll;

use futures_core::Stream;
use gloo_net::eventsource::futures::{EventSource, EventSourceSubscription};
use gloo_net::http::{Request, RequestBuilder};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

/// The JSON shapes of the server's answers: the types the server serializes, defined once in the
/// shared crate.
pub use joinery_shared::wire::*;

/// Why a request failed.
#[derive(Clone, Debug, PartialEq)]
pub enum ApiError {
    /// No response: the server is down or the network is gone.
    Offline(String),
    /// The server answered with an error.
    Server {
        /// HTTP status.
        status: u16,
        /// The machine-readable code (`conflict`, `not_found`, `target_failed`, ...).
        code: String,
        /// The human-readable message.
        message: String,
        /// Extra detail (e.g. `current_revision` of a stale save), `null` when absent.
        detail: Value,
    },
    /// The answer was not what the client expected.
    Decode(String),
}

impl ApiError {
    /// True for a 409 Conflict.
    pub fn is_conflict(&self) -> bool {
        matches!(self, ApiError::Server { status: 409, .. })
    }

    /// True for a 401: this browser has no (valid) session; the user needs a login link.
    pub fn is_unauthorized(&self) -> bool {
        matches!(self, ApiError::Server { status: 401, .. })
    }

    /// True when the server could not be reached.
    pub fn is_offline(&self) -> bool {
        matches!(self, ApiError::Offline(_))
    }

    /// The `detail` object of a server error.
    pub fn detail(&self) -> Option<&Value> {
        match self {
            ApiError::Server { detail, .. } if !detail.is_null() => Some(detail),
            _ => None,
        }
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ApiError::Offline(why) => write!(f, "the server cannot be reached ({why})"),
            ApiError::Server { message, .. } => f.write_str(message),
            ApiError::Decode(why) => write!(f, "unexpected answer from the server: {why}"),
        }
    }
}

/// No answer: the browser's own message (`Failed to fetch`, ...).
fn offline(e: gloo_net::Error) -> ApiError {
    ApiError::Offline(match e {
        gloo_net::Error::JsError(e) => e.message,
        other => other.to_string(),
    })
}

/// Sends one request; `body` is JSON. Returns the status and the body text.
async fn send(request: RequestBuilder, body: Option<String>) -> Result<(u16, String), ApiError> {
    let request = request
        .header("Accept", "application/json")
        .credentials(web_sys::RequestCredentials::SameOrigin);
    let request = match body {
        // As bytes, copied once into the request: a JS string would be decoded from UTF-8
        // on the page and encoded again by fetch (for a 1,000-table draft, a frame's work).
        Some(body) => request
            .header("Content-Type", "application/json")
            .body(js_sys::Uint8Array::from(body.as_bytes())),
        None => request.build(),
    }
    .map_err(offline)?;
    let response = request.send().await.map_err(offline)?;
    let text = response.text().await.map_err(offline)?;
    Ok((response.status(), text))
}

/// Maps a non-2xx answer to [`ApiError::Server`].
fn server_error(status: u16, text: &str) -> ApiError {
    let parsed: Option<Value> = serde_json::from_str(text).ok();
    let error = parsed.as_ref().and_then(|v| v.get("error"));
    let field = |name: &str| {
        error
            .and_then(|e| e.get(name))
            .and_then(Value::as_str)
            .map(str::to_string)
    };
    // A proxy or a half-started server answers without the API's error format.
    if error.is_none() && (status == 502 || status == 503 || status == 504) {
        return ApiError::Offline(format!("HTTP {status}"));
    }
    ApiError::Server {
        status,
        code: field("code").unwrap_or_else(|| "http".into()),
        message: field("message").unwrap_or_else(|| {
            if text.trim().is_empty() {
                format!("HTTP {status}")
            } else {
                text.trim().to_string()
            }
        }),
        detail: error
            .and_then(|e| e.get("detail"))
            .cloned()
            .unwrap_or(Value::Null),
    }
}

async fn call<T: DeserializeOwned>(
    request: RequestBuilder,
    body: Option<String>,
) -> Result<T, ApiError> {
    let (status, text) = send(request, body).await?;
    if !(200..300).contains(&status) {
        return Err(server_error(status, &text));
    }
    let text = if text.trim().is_empty() {
        "null"
    } else {
        &text
    };
    serde_json::from_str(text).map_err(|e| ApiError::Decode(e.to_string()))
}

async fn get<T: DeserializeOwned>(path: &str) -> Result<T, ApiError> {
    call(Request::get(path), None).await
}

async fn with_body<T: DeserializeOwned>(
    request: RequestBuilder,
    body: &impl Serialize,
) -> Result<T, ApiError> {
    let body = serde_json::to_string(body).map_err(|e| ApiError::Decode(e.to_string()))?;
    call(request, Some(body)).await
}

async fn no_content(request: RequestBuilder) -> Result<(), ApiError> {
    let (status, text) = send(request, None).await?;
    if (200..300).contains(&status) {
        Ok(())
    } else {
        Err(server_error(status, &text))
    }
}

fn enc(part: &str) -> String {
    String::from(js_sys::encode_uri_component(part))
}

fn project(id: &str) -> String {
    format!("/api/projects/{}", enc(id))
}

/// `GET /api/health`.
pub async fn health() -> Result<Value, ApiError> {
    get("/api/health").await
}

/// Projects, most recently changed first.
pub async fn list_projects() -> Result<Vec<ProjectSummary>, ApiError> {
    get("/api/projects").await
}

/// Creates a project (`template`: `"empty"` or `"demo"`).
pub async fn create_project(name: &str, template: Option<&str>) -> Result<Project, ApiError> {
    let mut body = serde_json::json!({ "name": name });
    if let Some(t) = template {
        body["template"] = Value::from(t);
    }
    with_body::<ProjectWire>(Request::post("/api/projects"), &body)
        .await
        .map(Project::from)
}

/// A project with its draft.
pub async fn get_project(id: &str) -> Result<Project, ApiError> {
    get::<ProjectWire>(&project(id)).await.map(Project::from)
}

/// Renames a project.
pub async fn rename_project(id: &str, name: &str) -> Result<ProjectSummary, ApiError> {
    with_body(
        Request::patch(&project(id)),
        &serde_json::json!({ "name": name }),
    )
    .await
}

/// Deletes a project (soft).
pub async fn delete_project(id: &str) -> Result<(), ApiError> {
    no_content(Request::delete(&project(id))).await
}

/// The project's draft with its revision.
pub async fn get_draft(id: &str) -> Result<Draft, ApiError> {
    get(&format!("{}/draft", project(id))).await
}

/// Saves the draft (`document_json`: its text, from `storage::draft_text`) if the server still
/// has `base_revision`; returns the new revision. A stale base is a 409 whose detail has
/// `current_revision`. The body is what serializing `{ base_revision, document }` writes.
pub async fn save_draft(
    id: &str,
    base_revision: i64,
    document_json: &str,
) -> Result<i64, ApiError> {
    #[derive(serde::Deserialize)]
    struct Saved {
        revision: i64,
    }
    let body = format!("{{\"base_revision\":{base_revision},\"document\":{document_json}}}");
    let saved: Saved = call(Request::put(&format!("{}/draft", project(id))), Some(body)).await?;
    Ok(saved.revision)
}

/// The project's versions, oldest first.
pub async fn list_versions(id: &str) -> Result<Vec<VersionInfo>, ApiError> {
    get(&format!("{}/versions", project(id))).await
}

/// A version with its document.
pub async fn get_version(id: &str, number: i64) -> Result<Version, ApiError> {
    get::<VersionWire>(&format!("{}/versions/{number}", project(id)))
        .await
        .map(Version::from)
}

/// Snapshots the draft (which must still be at `base_revision`) as a new version.
pub async fn create_version(
    id: &str,
    message: &str,
    base_revision: Option<i64>,
    online: bool,
) -> Result<Version, ApiError> {
    let mut body = serde_json::json!({ "message": message, "online": online });
    if let Some(b) = base_revision {
        body["base_revision"] = Value::from(b);
    }
    with_body::<VersionWire>(Request::post(&format!("{}/versions", project(id))), &body)
        .await
        .map(Version::from)
}

/// [`Project`] as the server sends it, read field by field. The shared type flattens its summary
/// (`#[serde(flatten)]`), and serde reads a flattened struct through a buffer: reading it directly
/// would put a second, buffered copy of the whole model's deserializer into the bundle.
#[derive(serde::Deserialize)]
struct ProjectWire {
    id: String,
    name: String,
    revision: i64,
    #[serde(default)]
    created_at: Timestamp,
    #[serde(default)]
    updated_at: Timestamp,
    #[serde(default)]
    version_count: i64,
    draft: joinery_shared::model::Document,
}

impl From<ProjectWire> for Project {
    fn from(w: ProjectWire) -> Self {
        Project {
            summary: ProjectSummary {
                id: w.id,
                name: w.name,
                revision: w.revision,
                created_at: w.created_at,
                updated_at: w.updated_at,
                version_count: w.version_count,
            },
            draft: w.draft,
        }
    }
}

/// [`Version`] as the server sends it, read field by field (see [`ProjectWire`] for why).
#[derive(serde::Deserialize)]
struct VersionWire {
    number: i64,
    message: String,
    #[serde(default)]
    parent: Option<i64>,
    #[serde(default)]
    content_hash: String,
    #[serde(default)]
    created_at: Timestamp,
    #[serde(default)]
    migration_name: String,
    document: joinery_shared::model::Document,
}

impl From<VersionWire> for Version {
    fn from(w: VersionWire) -> Self {
        Version {
            info: VersionInfo {
                number: w.number,
                message: w.message,
                parent: w.parent,
                content_hash: w.content_hash,
                created_at: w.created_at,
                migration_name: w.migration_name,
            },
            document: w.document,
        }
    }
}

/// Every stored migration (one per version), in version order.
pub async fn list_migrations(id: &str) -> Result<Vec<StoredMigration>, ApiError> {
    get(&format!("{}/migrations", project(id))).await
}

/// The migration between two states: `"draft"`, `"empty"` or a version number.
pub async fn diff(id: &str, from: &str, to: &str, online: bool) -> Result<DiffResponse, ApiError> {
    let online = if online { "true" } else { "false" };
    call(
        Request::get(&format!("{}/diff", project(id))).query([
            ("from", from),
            ("to", to),
            ("online", online),
        ]),
        None,
    )
    .await
}

/// The project's target databases (URLs without passwords).
pub async fn list_targets(id: &str) -> Result<Vec<Target>, ApiError> {
    get(&format!("{}/targets", project(id))).await
}

/// Adds a target; the URL (with its password) is kept server-side only.
pub async fn create_target(
    id: &str,
    name: &str,
    url: &str,
    password_env: Option<&str>,
) -> Result<Target, ApiError> {
    with_body(
        Request::post(&format!("{}/targets", project(id))),
        &serde_json::json!({ "name": name, "url": url, "password_env": password_env }),
    )
    .await
}

/// Removes a target.
pub async fn delete_target(id: &str, tid: &str) -> Result<(), ApiError> {
    no_content(Request::delete(&format!(
        "{}/targets/{}",
        project(id),
        enc(tid)
    )))
    .await
}

/// Tries to connect to a target.
pub async fn test_target(id: &str, tid: &str) -> Result<TestResult, ApiError> {
    call(
        Request::post(&format!("{}/targets/{}/test", project(id), enc(tid))),
        None,
    )
    .await
}

/// The target's migration history against the project's migrations.
pub async fn target_status(id: &str, tid: &str) -> Result<TargetStatus, ApiError> {
    get(&format!("{}/targets/{}/status", project(id), enc(tid))).await
}

/// How the target differs from the design its history says it has.
pub async fn target_drift(id: &str, tid: &str, online: bool) -> Result<Drift, ApiError> {
    let online = if online { "true" } else { "false" };
    call(
        Request::get(&format!("{}/targets/{}/drift", project(id), enc(tid)))
            .query([("online", online)]),
        None,
    )
    .await
}

/// What a run is allowed and asked to do.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ApplyRequest {
    /// Hazard kinds the user ticked.
    pub allow_hazards: Vec<String>,
    /// Go on although the target was changed by hand.
    pub allow_drift: bool,
    /// Apply this version directly (planned from the live schema).
    pub to_version: Option<i64>,
    /// The checksum of the reviewed direct plan.
    pub reviewed_checksum: Option<String>,
}

/// Starts applying; [`watch_run`] follows the run at [`ApplyStarted::events_url`].
pub async fn start_apply(
    id: &str,
    tid: &str,
    req: &ApplyRequest,
) -> Result<ApplyStarted, ApiError> {
    with_body(
        Request::post(&format!("{}/targets/{}/apply", project(id), enc(tid))),
        &serde_json::json!({
            "allow_hazards": req.allow_hazards,
            "allow_drift": req.allow_drift,
            "to_version": req.to_version,
            "reviewed_checksum": req.reviewed_checksum,
        }),
    )
    .await
}

/// What an apply run reports on its progress stream.
#[derive(Clone, Debug, PartialEq)]
pub enum RunEvent {
    /// A step of the run: a migration started, a statement ran, a lock was retried, ...
    Progress(ApplyEvent),
    /// The run is over and every migration was applied.
    Finished,
    /// The run stopped. `code` is the server's (`drifted`: the target was changed by hand).
    Failed {
        /// The machine-readable reason.
        code: String,
        /// The human-readable message.
        message: String,
    },
    /// The stream ended before the run did (the browser gave up reconnecting): the run may
    /// still be going; its record ([`read_run`]) tells.
    Lost,
}

/// A run being followed ([`watch_run`]). Dropping it closes the stream: no event is delivered
/// after that.
pub struct RunProgress {
    closed: Rc<Cell<bool>>,
    // Dropped after `closed` is set: gloo-net closes the connection and ends the subscriptions.
    _source: EventSource,
}

impl Drop for RunProgress {
    fn drop(&mut self) {
        self.closed.set(true);
    }
}

/// Follows an apply run: the server's Server-Sent Events at `events_url`
/// ([`ApplyStarted::events_url`]), each passed to `on_event` as a [`RunEvent`] in the order the
/// server sent them, until the returned [`RunProgress`] is dropped. While the connection drops
/// and comes back the browser reconnects by itself (the server resumes after the last event
/// received); a stream the browser gives up on just stops.
pub fn watch_run(
    events_url: &str,
    on_event: impl Fn(RunEvent) + 'static,
) -> Result<RunProgress, ApiError> {
    let mut source = EventSource::new(events_url).map_err(|e| ApiError::Offline(e.message))?;
    let mut subscriptions = Vec::new();
    for name in ApplyEvent::NAMES.into_iter().chain(["finished", "failed"]) {
        let subscription = source
            .subscribe(name)
            .map_err(|e| ApiError::Offline(e.message))?;
        subscriptions.push(subscription);
    }
    let closed = Rc::new(Cell::new(false));
    let stop = closed.clone();
    wasm_bindgen_futures::spawn_local(async move {
        while let Some(batch) = arrived(&mut subscriptions).await {
            for (_, name, data) in batch {
                if stop.get() {
                    return;
                }
                let Some(event) = run_event(&name, data.as_deref()) else {
                    continue;
                };
                let last = matches!(event, RunEvent::Finished | RunEvent::Failed { .. });
                on_event(event);
                if last {
                    return;
                }
            }
        }
        // Closed by the browser, not by us and not after the run's last event.
        if !stop.get() {
            on_event(RunEvent::Lost);
        }
    });
    Ok(RunProgress {
        closed,
        _source: source,
    })
}

/// Waits for events and returns every one that has arrived (number, name and data), in the
/// order the server sent them; `None` once the stream is closed (by [`RunProgress`]'s drop, or
/// by the browser giving up; gloo-net does not report the errors of a connection it retries).
///
/// gloo-net gives each event name its own channel, so across names the order of events that
/// arrived together is lost; the server numbers its events (the SSE `id`), which restores it.
async fn arrived(
    subscriptions: &mut [EventSourceSubscription],
) -> Option<Vec<(i64, String, Option<String>)>> {
    std::future::poll_fn(|cx| {
        let mut batch = Vec::new();
        for subscription in subscriptions.iter_mut() {
            loop {
                match Pin::new(&mut *subscription).poll_next(cx) {
                    Poll::Ready(Some(Ok((name, message)))) => {
                        let seq = message.last_event_id().parse::<i64>().unwrap_or(i64::MAX);
                        // Kept in order as it fills: a batch is a handful of events.
                        let at = batch.partition_point(|(s, _, _)| *s <= seq);
                        batch.insert(at, (seq, name, message.data().as_string()));
                    }
                    Poll::Ready(Some(Err(_)) | None) => return Poll::Ready(None),
                    Poll::Pending => break,
                }
            }
        }
        if batch.is_empty() {
            Poll::Pending
        } else {
            Poll::Ready(Some(batch))
        }
    })
    .await
}

/// The event named `name` with JSON `data`; `None` for a progress event this client cannot read.
fn run_event(name: &str, raw: Option<&str>) -> Option<RunEvent> {
    let data: Value = raw
        .and_then(|t| serde_json::from_str(t).ok())
        .unwrap_or(Value::Null);
    let text = |key: &str| match data.get(key) {
        Some(Value::String(s)) => s.clone(),
        Some(other) if !other.is_null() => other.to_string(),
        _ => String::new(),
    };
    match name {
        "finished" => Some(RunEvent::Finished),
        "failed" => Some(RunEvent::Failed {
            code: text("code"),
            message: text("message"),
        }),
        // Read from the text, not from `data`: `from_value` would add a second deserializer of
        // every event (over `Value`) to the bundle.
        _ => serde_json::from_str(raw?).ok().map(RunEvent::Progress),
    }
}

/// The plan that applying `version` directly would run (from the target's live schema).
pub async fn review_direct(id: &str, tid: &str, version: i64) -> Result<ApplyReport, ApiError> {
    with_body(
        Request::post(&format!("{}/targets/{}/apply", project(id), enc(tid))),
        &serde_json::json!({ "dry_run": true, "to_version": version }),
    )
    .await
}

/// Records versions 1..=N as applied on a target whose live schema is N (409 otherwise).
pub async fn baseline(id: &str, tid: &str, version: i64) -> Result<Value, ApiError> {
    with_body(
        Request::post(&format!("{}/targets/{}/baseline", project(id), enc(tid))),
        &serde_json::json!({ "version": version }),
    )
    .await
}

/// Sets a target's own apply defaults (`None`: the server's).
pub async fn set_target_defaults(
    id: &str,
    tid: &str,
    lock_timeout_ms: Option<u64>,
    statement_timeout_ms: Option<u64>,
    lock_retries: Option<u32>,
) -> Result<Target, ApiError> {
    with_body(
        Request::patch(&format!("{}/targets/{}", project(id), enc(tid))),
        &serde_json::json!({ "defaults": {
            "lock_timeout_ms": lock_timeout_ms,
            "statement_timeout_ms": statement_timeout_ms,
            "lock_retries": lock_retries,
        }}),
    )
    .await
}

/// Each table's estimated rows and size on the target.
pub async fn target_tables(id: &str, tid: &str) -> Result<Vec<TableSize>, ApiError> {
    get(&format!("{}/targets/{}/tables", project(id), enc(tid))).await
}

/// One apply run's record.
pub async fn read_run(id: &str, aid: &str) -> Result<ApplyRun, ApiError> {
    get(&format!("{}/applies/{}", project(id), enc(aid))).await
}

/// The project's recent apply runs on any target (removed ones included).
pub async fn list_runs(id: &str) -> Result<Vec<ApplyRun>, ApiError> {
    get(&format!("{}/applies", project(id))).await
}
