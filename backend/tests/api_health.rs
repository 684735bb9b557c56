//! The server shell: health, token checks, JSON errors, the UI with its injected token.

use std::sync::Arc;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use http_body_util::BodyExt;
use joinery_backend::store::Store;
use joinery_backend::{app, AppState};
use tower::ServiceExt;

async fn state(ui_dir: Option<&std::path::Path>) -> (AppState, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&Store::sqlite_url_in(dir.path()))
        .await
        .unwrap();
    let state = AppState {
        store,
        token: Arc::from("secret-token"),
        ui_dir: ui_dir.map(Arc::from),
    };
    (state, dir)
}

async fn body_json(response: axum::response::Response) -> serde_json::Value {
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    serde_json::from_slice(&bytes).unwrap()
}

#[tokio::test]
async fn health_reports_version_and_store_kind() {
    let (state, _dir) = state(None).await;
    let response = app(state)
        .oneshot(Request::get("/api/health").body(Body::empty()).unwrap())
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let body = body_json(response).await;
    assert_eq!(body["name"], "joinery");
    assert_eq!(body["version"], joinery_shared::VERSION);
    assert_eq!(body["store"], "sqlite");
}

#[tokio::test]
async fn writes_need_the_bearer_token() {
    let (state, _dir) = state(None).await;
    let app = app(state);
    for auth in [None, Some("Bearer wrong"), Some("secret-token")] {
        let mut request = Request::post("/api/health");
        if let Some(auth) = auth {
            request = request.header(header::AUTHORIZATION, auth);
        }
        let response = app
            .clone()
            .oneshot(request.body(Body::empty()).unwrap())
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "auth {auth:?}");
        assert_eq!(body_json(response).await["error"]["code"], "unauthorized");
    }
    // With the right token the request passes the check (and the route has no POST: 405).
    let response = app
        .oneshot(
            Request::post("/api/health")
                .header(header::AUTHORIZATION, "Bearer secret-token")
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::METHOD_NOT_ALLOWED);
}

#[tokio::test]
async fn unknown_api_paths_are_json_404s_not_the_ui() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("index.html"),
        "<html><head></head><body></body></html>",
    )
    .unwrap();
    let (state, _store_dir) = state(Some(dir.path())).await;
    let response = app(state)
        .oneshot(Request::get("/api/nope").body(Body::empty()).unwrap())
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(body_json(response).await["error"]["code"], "not_found");
}

#[tokio::test]
async fn the_ui_is_served_with_the_token_injected_and_spa_fallback() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("index.html"),
        "<html><head><title>J</title></head><body></body></html>",
    )
    .unwrap();
    std::fs::write(dir.path().join("app.css"), "body{}").unwrap();
    let (state, _store_dir) = state(Some(dir.path())).await;
    let app = app(state);
    for path in ["/", "/projects/abc"] {
        let response = app
            .clone()
            .oneshot(Request::get(path).body(Body::empty()).unwrap())
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        let html = String::from_utf8(bytes.to_vec()).unwrap();
        assert!(
            html.contains(r#"<meta name="joinery-token" content="secret-token"></head>"#),
            "{html}"
        );
    }
    let response = app
        .oneshot(Request::get("/app.css").body(Body::empty()).unwrap())
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_bad_store_url_is_a_clear_error_without_the_password() {
    let err = Store::open("mysql://root:hunter2@localhost/db")
        .await
        .unwrap_err()
        .to_string();
    assert!(err.contains("unsupported store URL"), "{err}");
    assert!(!err.contains("hunter2"), "{err}");
}
