//! `GET /api/session` (is this browser signed in?) and `POST /api/logout`.

use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Extension, Json};
use serde::Serialize;

use super::Routes;
use crate::auth::Authenticated;
use crate::AppState;

pub fn router() -> Routes {
    Routes::new()
        .route("/api/session", get(session))
        .route("/api/logout", post(logout))
}

#[derive(Serialize)]
struct SessionInfo {
    via: Authenticated,
}

/// Only reached when authenticated (the middleware answers 401 otherwise).
async fn session(Extension(via): Extension<Authenticated>) -> Json<SessionInfo> {
    Json(SessionInfo { via })
}

/// Clears the session cookie; the signed value itself stays valid until it expires, so a copied
/// cookie is only made useless by replacing the token (see the README).
async fn logout(State(state): State<AppState>) -> Response {
    let cookie = format!(
        "{}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0",
        state.access.cookie_name()
    );
    (StatusCode::NO_CONTENT, [(header::SET_COOKIE, cookie)]).into_response()
}
