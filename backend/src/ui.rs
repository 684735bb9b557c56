//! Serves the built frontend and injects the API token into its HTML.
//!
//! The token goes into a `<meta name="joinery-token">` tag of `index.html`, so the UI served from
//! this origin can write while other origins (which cannot read the page) cannot.

use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::Router;
use tower_http::services::ServeDir;

use crate::AppState;

/// Routes for `/`, the SPA fallback and the static assets.
pub fn router(state: &AppState) -> Router<AppState> {
    let index = axum::routing::get(index);
    let router = Router::new()
        .route("/", index.clone())
        .route("/index.html", index.clone());
    match &state.ui_dir {
        Some(dir) => router.fallback_service(
            ServeDir::new(dir.as_ref())
                .fallback(axum::routing::get(index).with_state(state.clone())),
        ),
        None => router.fallback(index),
    }
}

async fn index(State(state): State<AppState>) -> Response {
    let Some(dir) = &state.ui_dir else {
        return not_built();
    };
    match tokio::fs::read_to_string(dir.join("index.html")).await {
        Ok(html) => {
            let html = inject_token(&html, &state.token);
            ([(header::CACHE_CONTROL, "no-store")], Html(html)).into_response()
        }
        Err(_) => not_built(),
    }
}

fn not_built() -> Response {
    (
        StatusCode::SERVICE_UNAVAILABLE,
        Html(
            "<!doctype html><title>Joinery</title><h1>Joinery</h1>\
             <p>The UI has not been built. Run <code>cargo xtask run</code>.</p>",
        ),
    )
        .into_response()
}

/// Puts the token meta tag just before `</head>` (or at the top when there is no head).
pub fn inject_token(html: &str, token: &str) -> String {
    let tag = format!(r#"<meta name="joinery-token" content="{token}">"#);
    match html.find("</head>") {
        Some(at) => format!("{}{}{}", &html[..at], tag, &html[at..]),
        None => format!("{tag}{html}"),
    }
}
