//! The JSON API under `/api`, one router per concern (modelled on sqlx's `axum-social-with-tests`).
//!
//! Every error is `{"error": {"code", "message"}}` through [`AppError`] (500s never carry
//! internals); every route but `/api/health` needs the bearer token or a session cookie, reads
//! included (see [`crate::auth`]). No response
//! ever contains a target's password: targets are shown through [`crate::store::redact_url`] and
//! every driver message is scrubbed of it.
//!
//! | method and path | what |
//! |---|---|
//! | `GET /api/health` | `{name, version, store}`, the only route without authentication |
//! | `GET /api/session` | how this request is authenticated: `{"via": "token"\|"session"}` |
//! | `POST /api/logout` | ends the browser session (clears the cookie) |
//! | `GET /api/projects` | projects (not deleted), most recently changed first |
//! | `POST /api/projects` `{name, template?: "demo"\|"empty"}` | create; `201` with the project |
//! | `GET/PATCH/DELETE /api/projects/{id}` | read with draft / rename `{name}` / soft delete (`204`) |
//! | `GET /api/projects/{id}/draft` | `{revision, document, updated_at}` |
//! | `PUT /api/projects/{id}/draft` `{base_revision, document}` | save; `{revision}`; stale → `409` with `detail.current_revision` |
//! | `GET/POST /api/projects/{id}/versions` | list / snapshot the draft `{message, base_revision?, online?}` (`201`, also stores its migration) |
//! | `GET /api/projects/{id}/versions/{n}` | a version with its document |
//! | `GET /api/projects/{id}/versions/{n}/migration`, `GET .../migrations` | stored migrations (name, SQL, checksum, statements) |
//! | `GET /api/projects/{id}/diff?from=&to=&online=` | plan between `draft`, `empty` or a version number |
//! | `GET/POST /api/projects/{id}/targets`, `GET/PATCH/DELETE .../targets/{tid}` | target databases |
//! | `POST .../targets/{tid}/test` | try to connect: `{ok, server_version}` or `{ok: false, error: {code, message}}` |
//! | `POST .../targets/{tid}/apply` `{dry_run?, wait?, lock_timeout_ms?, statement_timeout_ms?, lock_retries?, allow_hazards?, allow_drift?, to_version?, reviewed_checksum?, online?}` | see [`applies`]; timeouts default to the target's own (`PATCH .../targets/{tid} {defaults}`), else 5000 / 0 / 3 |
//! | `GET .../targets/{tid}/applies`, `GET /api/projects/{id}/applies`, `GET .../applies/{aid}`, `GET .../applies/{aid}/events` | a target's recent runs / the project's runs, removed targets included (audit) / run record / Server-Sent Events |
//! | `GET .../targets/{tid}/tables` | each table's estimated rows and total bytes on the target |
//! | `GET .../targets/{tid}/status`, `GET .../targets/{tid}/drift?online=` | history vs. project, drift |
//! | `POST .../targets/{tid}/baseline` `{version}` | record versions 1..=N as applied on a target whose live schema is N (`409 baseline_mismatch` otherwise) |

mod applies;
mod health;
mod projects;
mod session;
mod targets;
mod versions;

use axum::body::Bytes;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::MethodRouter;
use axum::{Json, Router};
use serde::de::DeserializeOwned;

use crate::apply::{ApplyError, ConnectError};
use crate::{AppError, AppState};

/// A router that remembers its paths, so tests can walk every route the server really has
/// (e.g. to check that each one refuses an unauthenticated request).
#[derive(Default)]
pub struct Routes {
    router: Router<AppState>,
    paths: Vec<&'static str>,
}

impl Routes {
    /// No routes yet.
    pub fn new() -> Routes {
        Routes::default()
    }

    /// Adds `path` with its handlers, as [`Router::route`].
    pub fn route(mut self, path: &'static str, handlers: MethodRouter<AppState>) -> Routes {
        self.router = self.router.route(path, handlers);
        self.paths.push(path);
        self
    }

    /// Adds every route of `other`.
    pub fn merge(mut self, other: Routes) -> Routes {
        self.router = self.router.merge(other.router);
        self.paths.extend(other.paths);
        self
    }

    /// The paths, in the order they were added (axum's `{param}` syntax).
    pub fn paths(&self) -> &[&'static str] {
        &self.paths
    }

    /// The axum router.
    pub fn into_router(self) -> Router<AppState> {
        self.router
    }
}

/// The routes that need no authentication: `GET /api/health` only.
pub fn open_routes() -> Routes {
    health::router()
}

/// Every other `/api` route (mounted behind [`crate::auth::require_auth`] by
/// [`crate::serve::router`]).
pub fn routes() -> Routes {
    Routes::new()
        .merge(session::router())
        .merge(projects::router())
        .merge(versions::router())
        .merge(targets::router())
        .merge(applies::router())
}

/// Parses a JSON body, naming the path of the offending field (`document.schema.tables[0].id`)
/// and the line:column, as a 400 in the API's error format.
pub(crate) fn parse_body<T: DeserializeOwned>(body: &Bytes) -> Result<T, AppError> {
    crate::guard::reject_nul(body)?;
    let mut de = serde_json::Deserializer::from_slice(body);
    serde_path_to_error::deserialize(&mut de).map_err(|err| {
        let path = err.path().to_string();
        let inner = err.into_inner();
        if path.is_empty() || path == "." {
            AppError::BadRequest(format!("invalid request body: {inner}"))
        } else {
            AppError::BadRequest(format!("invalid request body at {path}: {inner}"))
        }
    })
}

/// A `{"error": ...}` response with a status [`AppError`] has no variant for (502 for a target
/// database that cannot be reached).
pub(crate) use crate::error::json_error as error_response;

/// Maps a failed connection to a target: 502 (the target, not the request, is at fault).
pub(crate) fn connect_error_response(err: &ConnectError) -> Response {
    error_response(
        StatusCode::BAD_GATEWAY,
        &format!("target_{}", kind_code(err)),
        &err.to_string(),
    )
}

fn kind_code(err: &ConnectError) -> String {
    serde_json::to_value(err.kind)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_else(|| "other".into())
}

/// Maps an apply-engine error to a response.
pub(crate) fn apply_error_response(err: &ApplyError) -> Response {
    match err {
        ApplyError::Connect(c) => connect_error_response(c),
        ApplyError::ChecksumMismatch { .. } => AppError::Conflict {
            message: err.to_string(),
            detail: serde_json::to_value(err).unwrap_or_default(),
        }
        .into_response(),
        ApplyError::Drifted { .. } => {
            let mut body = serde_json::json!({"error": {
                "code": "target_drifted",
                "message": err.to_string(),
            }});
            body["error"]["detail"] = serde_json::to_value(err).unwrap_or_default();
            (StatusCode::CONFLICT, Json(body)).into_response()
        }
        ApplyError::HazardsNotAllowed { .. } | ApplyError::PlanChanged { .. } => {
            let code = match err {
                ApplyError::PlanChanged { .. } => "plan_changed",
                _ => "hazards_not_allowed",
            };
            let mut body = serde_json::json!({"error": {
                "code": code,
                "message": err.to_string(),
            }});
            body["error"]["detail"] = serde_json::to_value(err).unwrap_or_default();
            (StatusCode::CONFLICT, Json(body)).into_response()
        }
        ApplyError::InvalidMigrations { .. } => {
            AppError::BadRequest(err.to_string()).into_response()
        }
        ApplyError::Database { .. } | ApplyError::MigrationFailed { .. } => {
            let mut body = serde_json::json!({"error": {
                "code": "target_failed",
                "message": err.to_string(),
            }});
            body["error"]["detail"] = serde_json::to_value(err).unwrap_or_default();
            (StatusCode::BAD_GATEWAY, Json(body)).into_response()
        }
    }
}

/// A version reference in a path or query: a positive version number.
pub(crate) fn version_number(text: &str) -> Result<i64, AppError> {
    text.parse::<i64>().ok().filter(|n| *n > 0).ok_or_else(|| {
        AppError::NotFound(format!(
            "no version {text:?} (versions are numbered 1, 2, ...)"
        ))
    })
}

/// A boolean query parameter (`true`/`false`/`1`/`0`, absent = false).
pub(crate) fn flag(
    query: &std::collections::HashMap<String, String>,
    name: &str,
) -> Result<bool, AppError> {
    match query.get(name).map(String::as_str) {
        None | Some("false" | "0" | "") => Ok(false),
        Some("true" | "1") => Ok(true),
        Some(other) => Err(AppError::BadRequest(format!(
            "query parameter {name:?} must be true or false, not {other:?}"
        ))),
    }
}
