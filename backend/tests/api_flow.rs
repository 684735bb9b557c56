//! The whole flow through the HTTP API on a PostgreSQL store, applying to a real target database:
//! project → draft → versions → migration SQL → apply (with SSE progress) → status → drift →
//! a change by hand → drift shows it; 20 concurrent applies; no response ever shows the target
//! password.

mod api_support;

use api_support::{expect, url_with_password, Kind, TestApp};
use axum::http::{Method, StatusCode};
use joinery_backend::testing::TestDb;
use joinery_shared::model::{
    Column, ColumnType, DefaultValue, Document, ForeignKey, Id, PrimaryKey, ReferentialAction,
    Schema, Table,
};
use serde_json::{json, Value};

const PASSWORD: &str = "flow-Pa55word-7c1e";

fn column(id: &str, name: &str, ty: ColumnType, not_null: bool) -> Column {
    Column {
        collation: None,
        id: Id::new(id),
        name: name.into(),
        ty,
        not_null,
        default: None,
        identity: None,
        identity_options: Default::default(),
        generated: None,
        comment: None,
    }
}

fn table(id: &str, name: &str, columns: Vec<Column>) -> Table {
    let pk = columns[0].id.clone();
    Table {
        grants: Default::default(),
        partition_by: Default::default(),
        partitions: Default::default(),
        triggers: Default::default(),
        policies: Default::default(),
        row_security: Default::default(),
        id: Id::new(id),
        schema: "public".into(),
        name: name.into(),
        columns,
        primary_key: Some(PrimaryKey {
            deferrable: false,
            initially_deferred: false,
            id: Id::new(format!("pk_{name}")),
            name: None,
            columns: vec![pk],
        }),
        uniques: Vec::new(),
        checks: Vec::new(),
        foreign_keys: Vec::new(),
        indexes: Vec::new(),
        comment: None,
    }
}

/// Version 1: users.
fn design_v1() -> Document {
    let mut id = column("co_users_id", "id", ColumnType::Uuid, true);
    id.default = Some(DefaultValue::Expression("gen_random_uuid()".into()));
    let users = table(
        "tb_users",
        "users",
        vec![
            id,
            column("co_users_email", "email", ColumnType::Text, true),
        ],
    );
    Document::new(Schema {
        tables: vec![users],
        ..Schema::default()
    })
}

/// Version 2: users.display_name and posts referencing users.
fn design_v2() -> Document {
    let mut doc = design_v1();
    doc.schema.tables[0].columns.push(column(
        "co_users_display_name",
        "display_name",
        ColumnType::Text,
        false,
    ));
    let mut posts = table(
        "tb_posts",
        "posts",
        vec![
            column("co_posts_id", "id", ColumnType::BigInt, true),
            column("co_posts_user_id", "user_id", ColumnType::Uuid, true),
            column("co_posts_body", "body", ColumnType::Text, false),
        ],
    );
    posts.foreign_keys.push(ForeignKey {
        match_full: false,
        not_valid: false,
        id: Id::new("fk_posts_user"),
        name: None,
        columns: vec![Id::new("co_posts_user_id")],
        ref_table: Id::new("tb_users"),
        ref_columns: vec![Id::new("co_users_id")],
        on_delete: ReferentialAction::Cascade,
        on_update: ReferentialAction::NoAction,
        deferrable: false,
        initially_deferred: false,
    });
    doc.schema.tables.push(posts);
    doc
}

/// Version 3: tags.
fn design_v3() -> Document {
    let mut doc = design_v2();
    doc.schema.tables.push(table(
        "tb_tags",
        "tags",
        vec![
            column("co_tags_id", "id", ColumnType::Integer, true),
            column("co_tags_label", "label", ColumnType::Text, true),
        ],
    ));
    doc
}

/// Parses a `text/event-stream` body into (event, id, data) triples.
fn sse_events(body: &str) -> Vec<(String, String, Value)> {
    body.split("\n\n")
        .filter(|chunk| chunk.contains("data:"))
        .map(|chunk| {
            let mut event = String::new();
            let mut id = String::new();
            let mut data = String::new();
            for line in chunk.lines() {
                if let Some(v) = line.strip_prefix("event:") {
                    event = v.trim().to_string();
                } else if let Some(v) = line.strip_prefix("id:") {
                    id = v.trim().to_string();
                } else if let Some(v) = line.strip_prefix("data:") {
                    data.push_str(v.trim_start());
                }
            }
            (event, id, serde_json::from_str(&data).unwrap())
        })
        .collect()
}

async fn save(app: &TestApp, id: &str, revision: i64, doc: &Document) -> i64 {
    let saved = expect(
        app.put(
            &format!("/api/projects/{id}/draft"),
            json!({"base_revision": revision, "document": doc}),
        )
        .await,
        StatusCode::OK,
    );
    saved["revision"].as_i64().unwrap()
}

#[tokio::test]
async fn full_flow_through_the_api() {
    let app = TestApp::new(Kind::Postgres).await;
    let target_db = TestDb::create().await;
    let target_pool = target_db.pool().await;
    let url = url_with_password(&target_db, PASSWORD);

    // Project and draft.
    let project = expect(
        app.post("/api/projects", json!({"name": "Flow"})).await,
        StatusCode::CREATED,
    );
    let id = project["id"].as_str().unwrap().to_string();
    let p = format!("/api/projects/{id}");
    let rev = save(&app, &id, 1, &design_v1()).await;
    assert_eq!(rev, 2);
    // A stale save is refused with the current revision.
    let stale = expect(
        app.put(
            &format!("{p}/draft"),
            json!({"base_revision": 1, "document": design_v2()}),
        )
        .await,
        StatusCode::CONFLICT,
    );
    assert_eq!(stale["error"]["detail"]["current_revision"], 2);

    // Versions 1 and 2 with their migrations.
    expect(
        app.post(
            &format!("{p}/versions"),
            json!({"message": "Initial schema"}),
        )
        .await,
        StatusCode::CREATED,
    );
    let rev = save(&app, &id, rev, &design_v2()).await;
    let v2 = expect(
        app.post(
            &format!("{p}/versions"),
            json!({"message": "Posts & display names", "base_revision": rev}),
        )
        .await,
        StatusCode::CREATED,
    );
    assert_eq!(v2["parent"], 1);
    assert_eq!(v2["migration_name"], "0002_posts_display_names");
    let m2 = expect(
        app.get(&format!("{p}/versions/2/migration")).await,
        StatusCode::OK,
    );
    let sql2 = m2["sql"].as_str().unwrap();
    assert!(sql2.contains("posts"), "{sql2}");
    assert!(sql2.contains("display_name"), "{sql2}");
    assert!(!sql2.contains("CREATE TABLE public.users") && !sql2.contains("CREATE TABLE users"));
    let diff = expect(
        app.get(&format!("{p}/diff?from=1&to=2")).await,
        StatusCode::OK,
    );
    assert_eq!(diff["sql"], m2["sql"]);
    assert!(!diff["statements"].as_array().unwrap().is_empty());
    let diff_draft = expect(
        app.get(&format!("{p}/diff?from=2&to=draft&online=true"))
            .await,
        StatusCode::OK,
    );
    assert_eq!(diff_draft["statements"], json!([]));

    // Target, with its password hidden.
    let target = expect(
        app.post(&format!("{p}/targets"), json!({"name": "prod", "url": url}))
            .await,
        StatusCode::CREATED,
    );
    let tid = target["id"].as_str().unwrap().to_string();
    let t = format!("{p}/targets/{tid}");
    let status = expect(app.get(&format!("{t}/status")).await, StatusCode::OK);
    assert_eq!(status["pending"].as_array().unwrap().len(), 2);

    // Dry run: the plan, nothing executed.
    let dry = expect(
        app.post(&format!("{t}/apply"), json!({"dry_run": true}))
            .await,
        StatusCode::OK,
    );
    assert_eq!(dry["pending"].as_array().unwrap().len(), 2);
    let history: Option<String> =
        sqlx::query_scalar("SELECT to_regclass('joinery.schema_migrations')::text")
            .fetch_one(&target_pool)
            .await
            .unwrap();
    assert_eq!(history, None);

    // Apply without the token: 401.
    let (code, _) = app
        .send(Method::POST, &format!("{t}/apply"), Some(json!({})), false)
        .await;
    assert_eq!(code, StatusCode::UNAUTHORIZED);

    // Out-of-range timeouts are refused before anything runs.
    let refused = app
        .post(&format!("{t}/apply"), json!({"lock_retries": 100}))
        .await;
    assert_eq!(refused.0, StatusCode::BAD_REQUEST, "{}", refused.1);

    // Apply (with a per-run lock timeout), then follow the progress stream.
    let started = expect(
        app.post(
            &format!("{t}/apply"),
            json!({"lock_timeout_ms": 2000, "lock_retries": 1}),
        )
        .await,
        StatusCode::ACCEPTED,
    );
    let events_url = started["events_url"].as_str().unwrap().to_string();
    let (code, body) = app.send_text(Method::GET, &events_url, None, true).await;
    assert_eq!(code, StatusCode::OK);
    let events = sse_events(&body);
    let names: Vec<&str> = events.iter().map(|(e, _, _)| e.as_str()).collect();
    assert_eq!(names.first(), Some(&"locked"), "{names:?}");
    assert_eq!(names.last(), Some(&"finished"), "{names:?}");
    assert_eq!(
        names.iter().filter(|n| **n == "migration_finished").count(),
        2
    );
    let statements = names.iter().filter(|n| **n == "statement").count();
    let planned = m2["statements"].as_array().unwrap().len();
    assert!(statements > planned, "{statements} statement events");
    let ids: Vec<i64> = events
        .iter()
        .map(|(_, id, _)| id.parse().unwrap())
        .collect();
    assert_eq!(ids, (1..=ids.len() as i64).collect::<Vec<_>>());
    let run = expect(
        app.get(&format!(
            "{p}/applies/{}",
            started["apply_id"].as_str().unwrap()
        ))
        .await,
        StatusCode::OK,
    );
    assert_eq!(run["status"], "succeeded");

    // Status: all applied. Drift: none.
    let status = expect(app.get(&format!("{t}/status")).await, StatusCode::OK);
    assert_eq!(status["applied"].as_array().unwrap().len(), 2);
    assert_eq!(status["pending"], json!([]));
    assert_eq!(status["failed"], json!([]));
    assert_eq!(status["last_applied"], 2);
    let drift = expect(app.get(&format!("{t}/drift")).await, StatusCode::OK);
    assert_eq!(drift["expected_version"], 2);
    assert_eq!(drift["in_sync"], true, "{drift:#}");

    // Change the target by hand: drift shows it both ways.
    sqlx::raw_sql("ALTER TABLE users ADD COLUMN nickname text; DROP TABLE posts;")
        .execute(&target_pool)
        .await
        .unwrap();
    let drift = expect(app.get(&format!("{t}/drift")).await, StatusCode::OK);
    assert_eq!(drift["in_sync"], false);
    let to_db = drift["to_database"]["sql"].as_str().unwrap();
    let to_design = drift["to_design"]["sql"].as_str().unwrap();
    assert!(
        to_db.contains("nickname") && to_db.contains("posts"),
        "{to_db}"
    );
    assert!(
        to_design.contains("nickname") && to_design.contains("posts"),
        "{to_design}"
    );
    let pulled: Document = serde_json::from_value(drift["database_document"].clone()).unwrap();
    let users = pulled
        .schema
        .tables
        .iter()
        .find(|t| t.name == "users")
        .unwrap();
    assert_eq!(users.id, Id::new("tb_users"), "design ids kept");
    assert!(users.column_named("nickname").is_some());
    assert!(pulled.schema.tables.iter().all(|t| t.name != "posts"));
    // The pulled document loads as a new draft.
    let current = expect(app.get(&format!("{p}/draft")).await, StatusCode::OK);
    save(&app, &id, current["revision"].as_i64().unwrap(), &pulled).await;
    // "Make the database match the design": run the drift's SQL, and the drift is gone.
    sqlx::raw_sql(to_db).execute(&target_pool).await.unwrap();
    let drift = expect(app.get(&format!("{t}/drift")).await, StatusCode::OK);
    assert_eq!(drift["in_sync"], true, "{drift:#}");

    // Version 3, applied by 20 concurrent requests: exactly once, history consistent.
    let current = expect(app.get(&format!("{p}/draft")).await, StatusCode::OK);
    save(
        &app,
        &id,
        current["revision"].as_i64().unwrap(),
        &design_v3(),
    )
    .await;
    expect(
        app.post(&format!("{p}/versions"), json!({"message": "Tags"}))
            .await,
        StatusCode::CREATED,
    );
    let mut requests = Vec::new();
    for _ in 0..20 {
        let router = app.router.clone();
        let path = format!("{t}/apply");
        requests.push(tokio::spawn(async move {
            use tower::ServiceExt;
            let request = axum::http::Request::post(path)
                .header("host", joinery_backend::testing::TEST_HOST)
                .header("authorization", format!("Bearer {}", api_support::TOKEN))
                .header("content-type", "application/json")
                .body(axum::body::Body::from(r#"{"wait": true}"#))
                .unwrap();
            let response = router.oneshot(request).await.unwrap();
            let status = response.status();
            let bytes = http_body_util::BodyExt::collect(response.into_body())
                .await
                .unwrap()
                .to_bytes();
            (status, String::from_utf8(bytes.to_vec()).unwrap())
        }));
    }
    let mut applied = Vec::new();
    for request in requests {
        let (status, body) = request.await.unwrap();
        app.bodies.lock().unwrap().push(body.clone());
        assert_eq!(status, StatusCode::OK, "{body}");
        let run: Value = serde_json::from_str(&body).unwrap();
        assert_eq!(run["status"], "succeeded", "{run:#}");
        for a in run["result"]["applied"].as_array().unwrap() {
            applied.push(a["version"].as_i64().unwrap());
        }
    }
    assert_eq!(applied, vec![3], "version 3 applied by exactly one request");
    let rows: Vec<(i64, bool, Option<String>)> = sqlx::query_as(
        "SELECT version, success, error FROM joinery.schema_migrations ORDER BY version",
    )
    .fetch_all(&target_pool)
    .await
    .unwrap();
    assert_eq!(
        rows,
        vec![(1, true, None), (2, true, None), (3, true, None)]
    );
    let drift = expect(app.get(&format!("{t}/drift")).await, StatusCode::OK);
    assert_eq!(drift["expected_version"], 3);
    assert_eq!(drift["in_sync"], true, "{drift:#}");

    // No response body ever carried the password.
    let bodies = app.bodies.lock().unwrap().clone();
    assert!(bodies.len() > 30);
    for body in &bodies {
        assert!(!body.contains(PASSWORD), "password leaked in {body}");
    }
    target_pool.close().await;
    app.finish().await;
    target_db.drop_db().await;
}

#[tokio::test]
async fn a_failed_apply_is_reported_in_the_stream_and_the_run() {
    let app = TestApp::new(Kind::Sqlite).await;
    let target_db = TestDb::create().await;
    let target_pool = target_db.pool().await;
    // The table already exists in the target, so the migration's CREATE TABLE fails.
    sqlx::raw_sql("CREATE TABLE users (x int)")
        .execute(&target_pool)
        .await
        .unwrap();
    let project = expect(
        app.post("/api/projects", json!({"name": "F"})).await,
        StatusCode::CREATED,
    );
    let p = format!("/api/projects/{}", project["id"].as_str().unwrap());
    let id = project["id"].as_str().unwrap().to_string();
    save(&app, &id, 1, &design_v1()).await;
    expect(
        app.post(&format!("{p}/versions"), json!({"message": "init"}))
            .await,
        StatusCode::CREATED,
    );
    let target = expect(
        app.post(
            &format!("{p}/targets"),
            json!({"name": "t", "url": url_with_password(&target_db, PASSWORD)}),
        )
        .await,
        StatusCode::CREATED,
    );
    let t = format!("{p}/targets/{}", target["id"].as_str().unwrap());
    let run = expect(
        app.post(&format!("{t}/apply"), json!({"wait": true})).await,
        StatusCode::OK,
    );
    assert_eq!(run["status"], "failed");
    assert_eq!(run["result"]["code"], "migration_failed");
    let runs = expect(app.get(&format!("{t}/applies")).await, StatusCode::OK);
    assert_eq!(runs[0]["id"], run["id"]);
    let message = run["result"]["message"].as_str().unwrap();
    assert!(message.contains("already exists"), "{message}");
    let (code, body) = app
        .send_text(
            Method::GET,
            &format!("{p}/applies/{}/events", run["id"].as_str().unwrap()),
            None,
            true,
        )
        .await;
    assert_eq!(code, StatusCode::OK);
    let names: Vec<String> = sse_events(&body).into_iter().map(|(e, _, _)| e).collect();
    assert!(names.contains(&"migration_failed".to_string()), "{names:?}");
    assert_eq!(names.last().map(String::as_str), Some("failed"));
    // A reconnecting EventSource sends Last-Event-ID and gets only what follows.
    let request = axum::http::Request::get(format!(
        "{p}/applies/{}/events",
        run["id"].as_str().unwrap()
    ))
    .header("host", joinery_backend::testing::TEST_HOST)
    .header("authorization", format!("Bearer {}", api_support::TOKEN))
    .header("last-event-id", "2")
    .body(axum::body::Body::empty())
    .unwrap();
    let response = tower::ServiceExt::oneshot(app.router.clone(), request)
        .await
        .unwrap();
    let bytes = http_body_util::BodyExt::collect(response.into_body())
        .await
        .unwrap()
        .to_bytes();
    let resumed = sse_events(std::str::from_utf8(&bytes).unwrap());
    assert_eq!(resumed.len(), names.len() - 2);
    assert_eq!(resumed[0].1, "3");
    let status = expect(app.get(&format!("{t}/status")).await, StatusCode::OK);
    assert_eq!(status["failed"].as_array().unwrap().len(), 1);
    assert_eq!(status["pending"].as_array().unwrap().len(), 1);
    for body in app.bodies.lock().unwrap().iter() {
        assert!(!body.contains(PASSWORD), "password leaked in {body}");
    }
    target_pool.close().await;
    app.finish().await;
    target_db.drop_db().await;
}

/// 20 concurrent apply requests for one target (SQLite store): every migration applied exactly
/// once. Then the target's history is tampered with: applying is refused, dry run says why.
#[tokio::test]
async fn concurrent_applies_and_a_tampered_history_through_the_api() {
    let app = TestApp::new(Kind::Sqlite).await;
    let target_db = TestDb::create().await;
    let target_pool = target_db.pool().await;
    let project = expect(
        app.post("/api/projects", json!({"name": "C", "template": "demo"}))
            .await,
        StatusCode::CREATED,
    );
    let p = format!("/api/projects/{}", project["id"].as_str().unwrap());
    expect(
        app.post(&format!("{p}/versions"), json!({"message": "demo"}))
            .await,
        StatusCode::CREATED,
    );
    let target = expect(
        app.post(
            &format!("{p}/targets"),
            json!({"name": "t", "url": url_with_password(&target_db, PASSWORD)}),
        )
        .await,
        StatusCode::CREATED,
    );
    let t = format!("{p}/targets/{}", target["id"].as_str().unwrap());
    let mut requests = Vec::new();
    for _ in 0..20 {
        let router = app.router.clone();
        let path = format!("{t}/apply");
        requests.push(tokio::spawn(async move {
            use tower::ServiceExt;
            let request = axum::http::Request::post(path)
                .header("host", joinery_backend::testing::TEST_HOST)
                .header("authorization", format!("Bearer {}", api_support::TOKEN))
                .body(axum::body::Body::from(r#"{"wait": true}"#))
                .unwrap();
            let response = router.oneshot(request).await.unwrap();
            let status = response.status();
            let bytes = http_body_util::BodyExt::collect(response.into_body())
                .await
                .unwrap()
                .to_bytes();
            (status, String::from_utf8(bytes.to_vec()).unwrap())
        }));
    }
    let mut applied = Vec::new();
    for request in requests {
        let (status, body) = request.await.unwrap();
        assert!(!body.contains(PASSWORD));
        assert_eq!(status, StatusCode::OK, "{body}");
        let run: Value = serde_json::from_str(&body).unwrap();
        assert_eq!(run["status"], "succeeded", "{run:#}");
        for a in run["result"]["applied"].as_array().unwrap() {
            applied.push(a["version"].as_i64().unwrap());
        }
    }
    assert_eq!(applied, vec![1]);
    let rows: Vec<(i64, bool)> =
        sqlx::query_as("SELECT version, success FROM joinery.schema_migrations")
            .fetch_all(&target_pool)
            .await
            .unwrap();
    assert_eq!(rows, vec![(1, true)]);
    // The demo design (checks, partial indexes, a view, enums, JSONB defaults) reads back from
    // PostgreSQL without drift.
    let drift = expect(app.get(&format!("{t}/drift")).await, StatusCode::OK);
    assert_eq!(drift["expected_version"], 1);
    assert_eq!(drift["in_sync"], true, "{drift:#}");

    // Someone edits the recorded checksum: the project's migration no longer matches.
    sqlx::query("UPDATE joinery.schema_migrations SET checksum = 'edited' WHERE version = 1")
        .execute(&target_pool)
        .await
        .unwrap();
    let refused = expect(
        app.post(&format!("{t}/apply"), json!({"dry_run": true}))
            .await,
        StatusCode::CONFLICT,
    );
    assert_eq!(refused["error"]["detail"]["code"], "checksum_mismatch");
    let run = expect(
        app.post(&format!("{t}/apply"), json!({"wait": true})).await,
        StatusCode::OK,
    );
    assert_eq!(run["status"], "failed");
    assert_eq!(run["result"]["code"], "checksum_mismatch");
    let status = expect(app.get(&format!("{t}/status")).await, StatusCode::OK);
    assert_eq!(status["mismatched"][0]["version"], 1);
    target_pool.close().await;
    app.finish().await;
    target_db.drop_db().await;
}
