//! One error type for every handler, so every failure has a status code and a JSON body.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

/// Every way a request can fail; the response body is `{"error": {"code", "message"}}`.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The request is malformed or names something invalid.
    #[error("{0}")]
    BadRequest(String),
    /// A mutating request arrived without the right bearer token.
    #[error("missing or invalid bearer token")]
    Unauthorized,
    /// The named object does not exist.
    #[error("{0}")]
    NotFound(String),
    /// The request conflicts with the current state (e.g. a stale draft revision).
    #[error("{message}")]
    Conflict {
        /// What conflicted.
        message: String,
        /// Extra machine-readable detail, such as the current revision.
        detail: serde_json::Value,
    },
    /// A failure inside the server; its text is logged, never sent to the client.
    #[error("internal error: {0}")]
    Internal(String),
}

impl AppError {
    fn status_and_code(&self) -> (StatusCode, &'static str) {
        match self {
            AppError::BadRequest(_) => (StatusCode::BAD_REQUEST, "bad_request"),
            AppError::Unauthorized => (StatusCode::UNAUTHORIZED, "unauthorized"),
            AppError::NotFound(_) => (StatusCode::NOT_FOUND, "not_found"),
            AppError::Conflict { .. } => (StatusCode::CONFLICT, "conflict"),
            AppError::Internal(_) => (StatusCode::INTERNAL_SERVER_ERROR, "internal"),
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let (status, code) = self.status_and_code();
        let body = match &self {
            AppError::Internal(text) => {
                tracing::error!(error = %text, "internal error");
                json!({"error": {"code": code, "message": "internal server error"}})
            }
            AppError::Conflict { message, detail } => {
                json!({"error": {"code": code, "message": message, "detail": detail}})
            }
            other => json!({"error": {"code": code, "message": other.to_string()}}),
        };
        (status, Json(body)).into_response()
    }
}

/// A `{"error": {"code", "message"}}` response with any status (for statuses [`AppError`] has
/// no variant for: 421, 403, 414, 502, ...).
pub fn json_error(status: StatusCode, code: &str, message: &str) -> Response {
    (
        status,
        Json(json!({"error": {"code": code, "message": message}})),
    )
        .into_response()
}

impl From<sqlx::Error> for AppError {
    fn from(err: sqlx::Error) -> Self {
        match err {
            sqlx::Error::RowNotFound => AppError::NotFound("not found".into()),
            other => AppError::Internal(other.to_string()),
        }
    }
}
