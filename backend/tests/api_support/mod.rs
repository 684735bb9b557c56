//! Helpers shared by the API tests: an app on a fresh store of either kind, and request helpers
//! in the style of sqlx's `axum-social-with-tests` (`tests/common.rs`).
#![allow(dead_code)]

use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use joinery_backend::app;
use joinery_backend::store::Store;
use joinery_backend::testing::{app_state, TestDb, TEST_HOST};
use joinery_shared::import::import_sql;
use serde_json::{json, Value};
use tower::ServiceExt;

pub const TOKEN: &str = "test-token";

/// Which store a test runs on.
#[derive(Clone, Copy, Debug)]
pub enum Kind {
    Sqlite,
    Postgres,
}

/// An app on a fresh store; keeps the store's tempdir or database alive.
pub struct TestApp {
    pub router: Router,
    pub store: Store,
    _dir: Option<tempfile::TempDir>,
    db: Option<TestDb>,
    /// Every response body seen, for scanning (e.g. for a password).
    pub bodies: Arc<Mutex<Vec<String>>>,
}

impl TestApp {
    pub async fn new(kind: Kind) -> TestApp {
        let (store, dir, db) = match kind {
            Kind::Sqlite => {
                let dir = tempfile::tempdir().unwrap();
                let store = Store::open(&Store::sqlite_url_in(dir.path()))
                    .await
                    .unwrap();
                (store, Some(dir), None)
            }
            Kind::Postgres => {
                let db = TestDb::create().await;
                let store = Store::open(&db.url).await.unwrap();
                (store, None, Some(db))
            }
        };
        let state = app_state(store.clone(), TOKEN, None);
        TestApp {
            router: app(state),
            store,
            _dir: dir,
            db,
            bodies: Arc::default(),
        }
    }

    /// Sends a request (with the token unless `token` is false) and returns status and body.
    pub async fn send(
        &self,
        method: Method,
        path: &str,
        body: Option<Value>,
        token: bool,
    ) -> (StatusCode, Value) {
        let (status, text) = self.send_text(method, path, body, token).await;
        let value = if text.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: not JSON ({e}): {text}"))
        };
        (status, value)
    }

    pub async fn send_text(
        &self,
        method: Method,
        path: &str,
        body: Option<Value>,
        token: bool,
    ) -> (StatusCode, String) {
        let mut request = Request::builder()
            .method(method)
            .uri(path)
            .header(header::HOST, TEST_HOST);
        if token {
            request = request.header(header::AUTHORIZATION, format!("Bearer {TOKEN}"));
        }
        let request = match body {
            Some(json) => request
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(json.to_string())),
            None => request.body(Body::empty()),
        }
        .unwrap();
        let response = self.router.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        let text = String::from_utf8(bytes.to_vec()).unwrap();
        self.bodies.lock().unwrap().push(text.clone());
        (status, text)
    }

    pub async fn get(&self, path: &str) -> (StatusCode, Value) {
        self.send(Method::GET, path, None, true).await
    }

    pub async fn post(&self, path: &str, body: Value) -> (StatusCode, Value) {
        self.send(Method::POST, path, Some(body), true).await
    }

    pub async fn put(&self, path: &str, body: Value) -> (StatusCode, Value) {
        self.send(Method::PUT, path, Some(body), true).await
    }

    pub async fn patch(&self, path: &str, body: Value) -> (StatusCode, Value) {
        self.send(Method::PATCH, path, Some(body), true).await
    }

    pub async fn delete(&self, path: &str) -> (StatusCode, Value) {
        self.send(Method::DELETE, path, None, true).await
    }

    pub async fn finish(self) {
        if let Store::Postgres(pool) = &self.store {
            pool.close().await;
        }
        if let Some(db) = self.db {
            db.drop_db().await;
        }
    }
}

/// Asserts the status, showing the body when it differs.
#[track_caller]
pub fn expect(got: (StatusCode, Value), status: StatusCode) -> Value {
    assert_eq!(got.0, status, "body: {}", got.1);
    got.1
}

/// A target URL for `db` with a password (trust authentication ignores it).
pub fn url_with_password(db: &TestDb, password: &str) -> String {
    db.url
        .replacen("postgres@", &format!("postgres:{password}@"), 1)
}

// ----- project, version, target and apply helpers ---------------------------------------------

/// Saves `sql` (imported) as the draft and snapshots it as a version.
pub async fn version(app: &TestApp, p: &str, sql: &str, message: &str) {
    let draft = expect(app.get(&format!("{p}/draft")).await, StatusCode::OK);
    let document = import_sql(sql).document;
    let saved = expect(
        app.put(
            &format!("{p}/draft"),
            json!({"base_revision": draft["revision"], "document": document}),
        )
        .await,
        StatusCode::OK,
    );
    expect(
        app.post(
            &format!("{p}/versions"),
            json!({"message": message, "base_revision": saved["revision"]}),
        )
        .await,
        StatusCode::CREATED,
    );
}

pub async fn new_project(app: &TestApp, name: &str) -> String {
    let project = expect(
        app.post("/api/projects", json!({"name": name, "template": "empty"}))
            .await,
        StatusCode::CREATED,
    );
    format!("/api/projects/{}", project["id"].as_str().unwrap())
}

pub async fn add_target(app: &TestApp, p: &str, name: &str, url: &str) -> String {
    let target = expect(
        app.post(&format!("{p}/targets"), json!({"name": name, "url": url}))
            .await,
        StatusCode::CREATED,
    );
    format!("{p}/targets/{}", target["id"].as_str().unwrap())
}

/// Applies with `body` (plus `wait`) and returns the finished run.
pub async fn apply(app: &TestApp, t: &str, mut body: Value) -> Value {
    body["wait"] = json!(true);
    expect(app.post(&format!("{t}/apply"), body).await, StatusCode::OK)
}
