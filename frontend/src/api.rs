//! The typed HTTP client for the Joinery server: every request the UI makes goes through here.
//!
//! Requests are plain same-origin `fetch` calls with JSON bodies, authenticated by the
//! `HttpOnly` session cookie the login link set (the page never sees a token). Failures come
//! back as [`ApiError`]:
//! the server's `{"error": {"code", "message", "detail"}}` as [`ApiError::Server`], or
//! [`ApiError::Offline`] when no answer arrived at all (so callers can tell "the server said no"
//! from "the server is not there").

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

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

fn js_text(v: &JsValue) -> String {
    v.as_string()
        .or_else(|| {
            v.dyn_ref::<js_sys::Error>()
                .map(|e| String::from(e.message()))
        })
        .unwrap_or_else(|| format!("{v:?}"))
}

/// Sends one request; `body` is JSON. Returns the status and the body text.
async fn send(method: &str, path: &str, body: Option<String>) -> Result<(u16, String), ApiError> {
    let window = web_sys::window().ok_or_else(|| ApiError::Offline("no window".into()))?;
    let init = web_sys::RequestInit::new();
    init.set_method(method);
    let headers = web_sys::Headers::new().map_err(|e| ApiError::Offline(js_text(&e)))?;
    let _ = headers.set("Accept", "application/json");
    init.set_credentials(web_sys::RequestCredentials::SameOrigin);
    if let Some(body) = &body {
        let _ = headers.set("Content-Type", "application/json");
        init.set_body(&JsValue::from_str(body));
    }
    init.set_headers(&headers);
    let response = JsFuture::from(window.fetch_with_str_and_init(path, &init))
        .await
        .map_err(|e| ApiError::Offline(js_text(&e)))?;
    let response: web_sys::Response = response
        .dyn_into()
        .map_err(|_| ApiError::Decode("fetch did not return a Response".into()))?;
    let status = response.status();
    let text = match response.text() {
        Ok(promise) => JsFuture::from(promise)
            .await
            .map_err(|e| ApiError::Offline(js_text(&e)))?
            .as_string()
            .unwrap_or_default(),
        Err(e) => return Err(ApiError::Offline(js_text(&e))),
    };
    Ok((status, text))
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
    method: &str,
    path: &str,
    body: Option<String>,
) -> Result<T, ApiError> {
    let (status, text) = send(method, path, body).await?;
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
    call("GET", path, None).await
}

async fn with_body<T: DeserializeOwned>(
    method: &str,
    path: &str,
    body: &impl Serialize,
) -> Result<T, ApiError> {
    let body = serde_json::to_string(body).map_err(|e| ApiError::Decode(e.to_string()))?;
    call(method, path, Some(body)).await
}

async fn no_content(method: &str, path: &str) -> Result<(), ApiError> {
    let (status, text) = send(method, path, None).await?;
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
    with_body("POST", "/api/projects", &body).await
}

/// A project with its draft.
pub async fn get_project(id: &str) -> Result<Project, ApiError> {
    get(&project(id)).await
}

/// Renames a project.
pub async fn rename_project(id: &str, name: &str) -> Result<ProjectSummary, ApiError> {
    with_body("PATCH", &project(id), &serde_json::json!({ "name": name })).await
}

/// Deletes a project (soft).
pub async fn delete_project(id: &str) -> Result<(), ApiError> {
    no_content("DELETE", &project(id)).await
}

/// The project's draft with its revision.
pub async fn get_draft(id: &str) -> Result<Draft, ApiError> {
    get(&format!("{}/draft", project(id))).await
}

/// Saves the draft if the server still has `base_revision`; returns the new revision. A stale
/// base is a 409 whose detail has `current_revision`.
pub async fn save_draft(
    id: &str,
    base_revision: i64,
    document: &joinery_shared::model::Document,
) -> Result<i64, ApiError> {
    #[derive(Serialize)]
    struct Body<'a> {
        base_revision: i64,
        document: &'a joinery_shared::model::Document,
    }
    #[derive(serde::Deserialize)]
    struct Saved {
        revision: i64,
    }
    let saved: Saved = with_body(
        "PUT",
        &format!("{}/draft", project(id)),
        &Body {
            base_revision,
            document,
        },
    )
    .await?;
    Ok(saved.revision)
}

/// The project's versions, oldest first.
pub async fn list_versions(id: &str) -> Result<Vec<VersionInfo>, ApiError> {
    get(&format!("{}/versions", project(id))).await
}

/// A version with its document.
pub async fn get_version(id: &str, number: i64) -> Result<Version, ApiError> {
    get(&format!("{}/versions/{number}", project(id))).await
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
    with_body("POST", &format!("{}/versions", project(id)), &body).await
}

/// Every stored migration (one per version), in version order.
pub async fn list_migrations(id: &str) -> Result<Vec<StoredMigration>, ApiError> {
    get(&format!("{}/migrations", project(id))).await
}

/// The migration between two states: `"draft"`, `"empty"` or a version number.
pub async fn diff(id: &str, from: &str, to: &str, online: bool) -> Result<DiffResponse, ApiError> {
    get(&format!(
        "{}/diff?from={}&to={}&online={online}",
        project(id),
        enc(from),
        enc(to)
    ))
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
        "POST",
        &format!("{}/targets", project(id)),
        &serde_json::json!({ "name": name, "url": url, "password_env": password_env }),
    )
    .await
}

/// Removes a target.
pub async fn delete_target(id: &str, tid: &str) -> Result<(), ApiError> {
    no_content("DELETE", &format!("{}/targets/{}", project(id), enc(tid))).await
}

/// Tries to connect to a target.
pub async fn test_target(id: &str, tid: &str) -> Result<TestResult, ApiError> {
    call(
        "POST",
        &format!("{}/targets/{}/test", project(id), enc(tid)),
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
    get(&format!(
        "{}/targets/{}/drift?online={online}",
        project(id),
        enc(tid)
    ))
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

/// Starts applying; progress comes from [`ApplyStarted::events_url`].
pub async fn start_apply(
    id: &str,
    tid: &str,
    req: &ApplyRequest,
) -> Result<ApplyStarted, ApiError> {
    with_body(
        "POST",
        &format!("{}/targets/{}/apply", project(id), enc(tid)),
        &serde_json::json!({
            "allow_hazards": req.allow_hazards,
            "allow_drift": req.allow_drift,
            "to_version": req.to_version,
            "reviewed_checksum": req.reviewed_checksum,
        }),
    )
    .await
}

/// The plan that applying `version` directly would run (from the target's live schema).
pub async fn review_direct(id: &str, tid: &str, version: i64) -> Result<ApplyReport, ApiError> {
    with_body(
        "POST",
        &format!("{}/targets/{}/apply", project(id), enc(tid)),
        &serde_json::json!({ "dry_run": true, "to_version": version }),
    )
    .await
}

/// Records versions 1..=N as applied on a target whose live schema is N (409 otherwise).
pub async fn baseline(id: &str, tid: &str, version: i64) -> Result<Value, ApiError> {
    with_body(
        "POST",
        &format!("{}/targets/{}/baseline", project(id), enc(tid)),
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
        "PATCH",
        &format!("{}/targets/{}", project(id), enc(tid)),
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

/// The project's recent apply runs on any target (removed ones included).
pub async fn list_runs(id: &str) -> Result<Vec<ApplyRun>, ApiError> {
    get(&format!("{}/applies", project(id))).await
}
