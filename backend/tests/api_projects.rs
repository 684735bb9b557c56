//! Projects, drafts, versions and targets through the HTTP API, on both kinds of store.

mod api_support;

use api_support::{expect, url_with_password, Kind, TestApp};
use axum::http::{Method, StatusCode};
use joinery_backend::testing::TestDb;
use serde_json::{json, Value};

async fn projects_and_drafts(kind: Kind) {
    let app = TestApp::new(kind).await;
    // Create: empty by default, demo on request.
    let empty = expect(
        app.post("/api/projects", json!({"name": "  Shop  "})).await,
        StatusCode::CREATED,
    );
    assert_eq!(empty["name"], "Shop");
    assert_eq!(empty["revision"], 1);
    assert_eq!(empty["draft"]["format"], "joinery/1");
    assert_eq!(empty["draft"]["schema"]["tables"], json!([]));
    let demo = expect(
        app.post("/api/projects", json!({"name": "Demo", "template": "demo"}))
            .await,
        StatusCode::CREATED,
    );
    assert!(!demo["draft"]["schema"]["tables"]
        .as_array()
        .unwrap()
        .is_empty());
    let bad = expect(
        app.post("/api/projects", json!({"name": "X", "template": "nope"}))
            .await,
        StatusCode::BAD_REQUEST,
    );
    assert_eq!(bad["error"]["code"], "bad_request");
    expect(
        app.post("/api/projects", json!({"name": " "})).await,
        StatusCode::BAD_REQUEST,
    );

    let id = empty["id"].as_str().unwrap().to_string();
    let list = expect(app.get("/api/projects").await, StatusCode::OK);
    assert_eq!(list.as_array().unwrap().len(), 2);

    // Rename.
    let renamed = expect(
        app.patch(&format!("/api/projects/{id}"), json!({"name": "Store"}))
            .await,
        StatusCode::OK,
    );
    assert_eq!(renamed["name"], "Store");

    // Draft saves carry the base revision; a stale one is a 409 with the current revision.
    let mut doc = demo["draft"].clone();
    doc["layout"] = json!({"placements": {}});
    let saved = expect(
        app.put(
            &format!("/api/projects/{id}/draft"),
            json!({"base_revision": 1, "document": doc}),
        )
        .await,
        StatusCode::OK,
    );
    assert_eq!(saved["revision"], 2);
    let stale = expect(
        app.put(
            &format!("/api/projects/{id}/draft"),
            json!({"base_revision": 1, "document": doc}),
        )
        .await,
        StatusCode::CONFLICT,
    );
    assert_eq!(stale["error"]["code"], "conflict");
    assert_eq!(stale["error"]["detail"]["current_revision"], 2);
    let draft = expect(
        app.get(&format!("/api/projects/{id}/draft")).await,
        StatusCode::OK,
    );
    assert_eq!(draft["revision"], 2);
    assert_eq!(draft["document"]["schema"], doc["schema"]);

    // A draft that does not parse as a document: 400 naming the path.
    let mut broken = doc.clone();
    broken["schema"]["tables"][0]["columns"][0]
        .as_object_mut()
        .unwrap()
        .remove("id");
    let err = expect(
        app.put(
            &format!("/api/projects/{id}/draft"),
            json!({"base_revision": 2, "document": broken}),
        )
        .await,
        StatusCode::BAD_REQUEST,
    );
    let message = err["error"]["message"].as_str().unwrap();
    assert!(
        message.contains("document.schema.tables[0].columns[0]") && message.contains("`id`"),
        "{message}"
    );
    let (status, text) = app
        .send_text(
            Method::PUT,
            &format!("/api/projects/{id}/draft"),
            None,
            true,
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{text}");
    assert!(text.contains("\"error\""), "{text}");

    // Writes need the token.
    let (status, body) = app
        .send(
            Method::POST,
            "/api/projects",
            Some(json!({"name": "nope"})),
            false,
        )
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body["error"]["code"], "unauthorized");

    // Soft delete: gone from the API, 404 afterwards.
    expect(
        app.delete(&format!("/api/projects/{id}")).await,
        StatusCode::NO_CONTENT,
    );
    expect(
        app.get(&format!("/api/projects/{id}")).await,
        StatusCode::NOT_FOUND,
    );
    let list = expect(app.get("/api/projects").await, StatusCode::OK);
    assert_eq!(list.as_array().unwrap().len(), 1);
    expect(
        app.delete(&format!("/api/projects/{id}")).await,
        StatusCode::NOT_FOUND,
    );
    app.finish().await;
}

#[tokio::test]
async fn projects_and_drafts_on_sqlite() {
    projects_and_drafts(Kind::Sqlite).await;
}

#[tokio::test]
async fn projects_and_drafts_on_postgres() {
    projects_and_drafts(Kind::Postgres).await;
}

async fn versions_and_migrations(kind: Kind) {
    let app = TestApp::new(kind).await;
    let project = expect(
        app.post("/api/projects", json!({"name": "Demo", "template": "demo"}))
            .await,
        StatusCode::CREATED,
    );
    let id = project["id"].as_str().unwrap();
    expect(
        app.post(
            &format!("/api/projects/{id}/versions"),
            json!({"message": ""}),
        )
        .await,
        StatusCode::BAD_REQUEST,
    );
    // A draft PostgreSQL would reject cannot become a version.
    let mut broken = project["draft"].clone();
    broken["schema"]["tables"][0]["name"] = json!("");
    expect(
        app.put(
            &format!("/api/projects/{id}/draft"),
            json!({"base_revision": 1, "document": broken}),
        )
        .await,
        StatusCode::OK,
    );
    let refused = expect(
        app.post(
            &format!("/api/projects/{id}/versions"),
            json!({"message": "x"}),
        )
        .await,
        StatusCode::BAD_REQUEST,
    );
    assert!(
        refused["error"]["message"]
            .as_str()
            .unwrap()
            .contains("problem"),
        "{refused}"
    );
    expect(
        app.put(
            &format!("/api/projects/{id}/draft"),
            json!({"base_revision": 2, "document": project["draft"]}),
        )
        .await,
        StatusCode::OK,
    );
    let stale = expect(
        app.post(
            &format!("/api/projects/{id}/versions"),
            json!({"message": "Initial schema", "base_revision": 7}),
        )
        .await,
        StatusCode::CONFLICT,
    );
    assert_eq!(stale["error"]["detail"]["current_revision"], 3);
    let v1 = expect(
        app.post(
            &format!("/api/projects/{id}/versions"),
            json!({"message": "Initial schema", "base_revision": 3}),
        )
        .await,
        StatusCode::CREATED,
    );
    assert_eq!(v1["number"], 1);
    assert_eq!(v1["parent"], Value::Null);
    assert_eq!(v1["migration_name"], "0001_initial_schema");
    assert_eq!(v1["content_hash"].as_str().unwrap().len(), 64);
    assert_eq!(v1["document"], project["draft"]);

    let m1 = expect(
        app.get(&format!("/api/projects/{id}/versions/1/migration"))
            .await,
        StatusCode::OK,
    );
    assert_eq!(m1["name"], "0001_initial_schema");
    let sql = m1["sql"].as_str().unwrap();
    assert!(sql.contains("CREATE TABLE"), "{sql}");
    assert_eq!(
        m1["checksum"].as_str().unwrap(),
        joinery_backend::apply::checksum(sql)
    );
    let statements = m1["statements"].as_array().unwrap();
    assert!(!statements.is_empty());
    assert!(statements.iter().all(|s| s["transactional"].is_boolean()));

    let list = expect(
        app.get(&format!("/api/projects/{id}/versions")).await,
        StatusCode::OK,
    );
    assert_eq!(list.as_array().unwrap().len(), 1);
    let migrations = expect(
        app.get(&format!("/api/projects/{id}/migrations")).await,
        StatusCode::OK,
    );
    assert_eq!(migrations[0]["name"], "0001_initial_schema");
    expect(
        app.get(&format!("/api/projects/{id}/versions/9")).await,
        StatusCode::NOT_FOUND,
    );
    expect(
        app.get(&format!("/api/projects/{id}/versions/abc")).await,
        StatusCode::NOT_FOUND,
    );
    // From nothing to version 1 is the full CREATE script.
    let diff = expect(
        app.get(&format!("/api/projects/{id}/diff?from=empty&to=1"))
            .await,
        StatusCode::OK,
    );
    assert_eq!(diff["sql"], m1["sql"]);
    let bad = expect(
        app.get(&format!("/api/projects/{id}/diff?from=empty"))
            .await,
        StatusCode::BAD_REQUEST,
    );
    assert!(bad["error"]["message"].as_str().unwrap().contains("\"to\""));
    app.finish().await;
}

#[tokio::test]
async fn versions_and_migrations_on_sqlite() {
    versions_and_migrations(Kind::Sqlite).await;
}

#[tokio::test]
async fn versions_and_migrations_on_postgres() {
    versions_and_migrations(Kind::Postgres).await;
}

async fn targets(kind: Kind) {
    let app = TestApp::new(kind).await;
    let target_db = TestDb::create().await;
    let password = "Pa55-w0rd-never-shown";
    let url = url_with_password(&target_db, password);
    let project = expect(
        app.post("/api/projects", json!({"name": "P"})).await,
        StatusCode::CREATED,
    );
    let id = project["id"].as_str().unwrap();
    let base = format!("/api/projects/{id}/targets");
    let bad = expect(
        app.post(
            &base,
            json!({"name": "x", "url": "mysql://root:hunter2@db/x"}),
        )
        .await,
        StatusCode::BAD_REQUEST,
    );
    assert!(!bad.to_string().contains("hunter2"));
    let target = expect(
        app.post(&base, json!({"name": "staging", "url": url}))
            .await,
        StatusCode::CREATED,
    );
    assert_eq!(
        target["url"],
        target_db.url.as_str(),
        "shown without password"
    );
    expect(
        app.post(&base, json!({"name": "staging", "url": url}))
            .await,
        StatusCode::CONFLICT,
    );
    let tid = target["id"].as_str().unwrap();
    let ok = expect(
        app.post(&format!("{base}/{tid}/test"), json!({})).await,
        StatusCode::OK,
    );
    assert_eq!(ok["ok"], true, "{ok}");
    assert!(ok["server_version"].is_string());

    // Unreachable, missing database and a bad port: clear errors, never the password.
    let cases = [
        (
            format!("postgres://postgres:{password}@127.0.0.1:1/x"),
            "unreachable",
        ),
        (format!("{url}_missing"), "database_missing"),
    ];
    for (bad_url, code) in cases {
        let t = expect(
            app.patch(&format!("{base}/{tid}"), json!({"url": bad_url}))
                .await,
            StatusCode::OK,
        );
        assert!(!t.to_string().contains(password));
        let result = expect(
            app.post(&format!("{base}/{tid}/test"), json!({})).await,
            StatusCode::OK,
        );
        assert_eq!(result["ok"], false);
        assert_eq!(result["error"]["code"], code, "{result}");
    }
    expect(
        app.patch(
            &format!("{base}/{tid}"),
            json!({"url": format!("postgres://postgres:{password}@127.0.0.1:notaport/x")}),
        )
        .await,
        StatusCode::BAD_REQUEST,
    );
    let list = expect(app.get(&base).await, StatusCode::OK);
    assert_eq!(list.as_array().unwrap().len(), 1);
    expect(
        app.delete(&format!("{base}/{tid}")).await,
        StatusCode::NO_CONTENT,
    );
    expect(
        app.get(&format!("{base}/{tid}")).await,
        StatusCode::NOT_FOUND,
    );

    for body in app.bodies.lock().unwrap().iter() {
        assert!(!body.contains(password), "password leaked in {body}");
    }
    app.finish().await;
    target_db.drop_db().await;
}

#[tokio::test]
async fn targets_on_sqlite() {
    targets(Kind::Sqlite).await;
}

#[tokio::test]
async fn targets_on_postgres() {
    targets(Kind::Postgres).await;
}

/// A project with one target in `store`, for the apply-run tests: (project id, target id).
async fn project_with_target(store: &joinery_backend::store::Store) -> (String, String) {
    let project = store
        .create_project(
            "p",
            &joinery_shared::model::Document::new(Default::default()),
        )
        .await
        .unwrap();
    let id = project.summary.id;
    let (key, _) = joinery_backend::secrets::SecretKey::generate("test").unwrap();
    let connection = joinery_backend::store::TargetConnection {
        url: "postgres://u@localhost/db".into(),
        password_env: None,
    };
    let target = store
        .create_target(&key, &id, "t", &connection)
        .await
        .unwrap();
    (id, target.id)
}

#[tokio::test]
async fn a_restart_marks_runs_cut_off_on_a_sqlite_store_as_interrupted() {
    use joinery_backend::store::Store;
    let dir = tempfile::tempdir().unwrap();
    let url = Store::sqlite_url_in(dir.path());
    let store = Store::open(&url).await.unwrap();
    let (project_id, target_id) = project_with_target(&store).await;
    let id = &project_id;
    let (run, _alive) = store
        .create_apply_run(id, &target_id, &Default::default())
        .await
        .unwrap();
    assert_eq!(run.status, "running");
    drop(store);
    let store = Store::open(&url).await.unwrap();
    let run = store.apply_run(id, &run.id).await.unwrap();
    assert_eq!(run.status, "interrupted");
    assert!(run.finished_at.is_some());
}

#[tokio::test]
async fn runs_on_a_postgres_store_read_interrupted_once_their_server_is_gone() {
    use joinery_backend::store::Store;
    use joinery_backend::testing::TestDb;
    let db = TestDb::create().await;
    let store = Store::open(&db.url).await.unwrap();
    let (project_id, target_id) = project_with_target(&store).await;
    let id = &project_id;
    let (run, alive) = store
        .create_apply_run(id, &target_id, &Default::default())
        .await
        .unwrap();
    // Another server sharing the store, started while the run is in progress, leaves it alone.
    let other = Store::open(&db.url).await.unwrap();
    assert_eq!(
        other.apply_run(id, &run.id).await.unwrap().status,
        "running"
    );
    let listed = other.list_apply_runs(id, &target_id, 10).await.unwrap();
    assert_eq!(listed[0].status, "running");
    // The running server dies: its connections close and the run's lock goes with them.
    drop(alive);
    drop(store);
    let mut status = String::new();
    for _ in 0..50 {
        status = other.apply_run(id, &run.id).await.unwrap().status;
        if status == "interrupted" {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert_eq!(status, "interrupted");
    let run = other.apply_run(id, &run.id).await.unwrap();
    assert!(run.finished_at.is_some());
    // A finished run is never swept.
    let (done, alive) = other
        .create_apply_run(id, &target_id, &Default::default())
        .await
        .unwrap();
    other
        .finish_apply_run(&done.id, "succeeded", &serde_json::json!({}))
        .await
        .unwrap();
    drop(alive);
    assert_eq!(
        other.apply_run(id, &done.id).await.unwrap().status,
        "succeeded"
    );
    drop(other);
    db.drop_db().await;
}
