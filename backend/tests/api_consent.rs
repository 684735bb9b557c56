//! Hazard consent and the drift guard through the API on real PostgreSQL: a version whose
//! migration deletes data is refused (409, naming the hazards, nothing run) until the request
//! allows that kind; a target changed by hand since the last apply fails the run (nothing run)
//! until the request allows drift.

mod api_support;

use api_support::{expect, Kind, TestApp};
use axum::http::StatusCode;
use joinery_backend::testing::TestDb;
use joinery_shared::import::import_sql;
use serde_json::{json, Value};

async fn version(app: &TestApp, p: &str, sql: &str, message: &str) {
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

#[tokio::test]
async fn a_data_deleting_migration_needs_consent() {
    let app = TestApp::new(Kind::Sqlite).await;
    let target_db = TestDb::create().await;
    let project = expect(
        app.post(
            "/api/projects",
            json!({"name": "consent", "template": "empty"}),
        )
        .await,
        StatusCode::CREATED,
    );
    let p = format!("/api/projects/{}", project["id"].as_str().unwrap());
    version(
        &app,
        &p,
        "CREATE TABLE users (id int PRIMARY KEY, nickname text);",
        "users",
    )
    .await;
    let target = expect(
        app.post(
            &format!("{p}/targets"),
            json!({"name": "db", "url": target_db.url}),
        )
        .await,
        StatusCode::CREATED,
    );
    let t = format!("{p}/targets/{}", target["id"].as_str().unwrap());
    let run = expect(
        app.post(&format!("{t}/apply"), json!({"wait": true})).await,
        StatusCode::OK,
    );
    assert_eq!(run["status"], "succeeded", "{run:#}");

    version(
        &app,
        &p,
        "CREATE TABLE users (id int PRIMARY KEY);",
        "drop nickname",
    )
    .await;
    let runs_before = expect(app.get(&format!("{t}/applies")).await, StatusCode::OK);
    for allow in [json!([]), json!(["locks_table"])] {
        let refused = expect(
            app.post(
                &format!("{t}/apply"),
                json!({"wait": true, "allow_hazards": allow}),
            )
            .await,
            StatusCode::CONFLICT,
        );
        assert_eq!(
            refused["error"]["code"], "hazards_not_allowed",
            "{refused:#}"
        );
        let hazards = refused["error"]["detail"]["hazards"].as_array().unwrap();
        assert!(
            hazards
                .iter()
                .any(|h| h["kind"] == "deletes_data" && h["version"] == 2),
            "{refused:#}"
        );
    }
    let bogus = app
        .post(
            &format!("{t}/apply"),
            json!({"allow_hazards": ["everything"]}),
        )
        .await;
    assert_eq!(bogus.0, StatusCode::BAD_REQUEST, "{}", bogus.1);
    // Nothing ran: the column is still there and no run was started.
    let pool = target_db.pool().await;
    let columns: Vec<String> = sqlx::query_scalar(
        "SELECT column_name::text FROM information_schema.columns \
         WHERE table_name = 'users' ORDER BY ordinal_position",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    assert_eq!(columns, vec!["id", "nickname"]);
    let runs_after: Value = expect(app.get(&format!("{t}/applies")).await, StatusCode::OK);
    assert_eq!(runs_after, runs_before);

    let run = expect(
        app.post(
            &format!("{t}/apply"),
            json!({"wait": true, "allow_hazards": ["deletes_data", "locks_table"]}),
        )
        .await,
        StatusCode::OK,
    );
    assert_eq!(run["status"], "succeeded", "{run:#}");
    let columns: Vec<String> = sqlx::query_scalar(
        "SELECT column_name::text FROM information_schema.columns WHERE table_name = 'users'",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    assert_eq!(columns, vec!["id"]);
    pool.close().await;
    app.finish().await;
    target_db.drop_db().await;
}

#[tokio::test]
async fn a_target_changed_by_hand_needs_allow_drift() {
    let app = TestApp::new(Kind::Postgres).await;
    let target_db = TestDb::create().await;
    let project = expect(
        app.post(
            "/api/projects",
            json!({"name": "guard", "template": "empty"}),
        )
        .await,
        StatusCode::CREATED,
    );
    let p = format!("/api/projects/{}", project["id"].as_str().unwrap());
    version(
        &app,
        &p,
        "CREATE TABLE users (id int PRIMARY KEY);",
        "users",
    )
    .await;
    let target = expect(
        app.post(
            &format!("{p}/targets"),
            json!({"name": "db", "url": target_db.url}),
        )
        .await,
        StatusCode::CREATED,
    );
    let t = format!("{p}/targets/{}", target["id"].as_str().unwrap());
    let run = expect(
        app.post(&format!("{t}/apply"), json!({"wait": true})).await,
        StatusCode::OK,
    );
    assert_eq!(run["status"], "succeeded", "{run:#}");
    let pool = target_db.pool().await;
    sqlx::query("ALTER TABLE users ADD COLUMN by_hand text")
        .execute(&pool)
        .await
        .unwrap();
    version(
        &app,
        &p,
        "CREATE TABLE users (id int PRIMARY KEY);\nCREATE TABLE posts (id int PRIMARY KEY);",
        "posts",
    )
    .await;
    let run = expect(
        app.post(&format!("{t}/apply"), json!({"wait": true})).await,
        StatusCode::OK,
    );
    assert_eq!(run["status"], "failed", "{run:#}");
    assert_eq!(run["result"]["code"], "drifted", "{run:#}");
    let posts: Option<String> = sqlx::query_scalar("SELECT to_regclass('posts')::text")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(posts, None, "nothing ran");
    let run = expect(
        app.post(
            &format!("{t}/apply"),
            json!({"wait": true, "allow_drift": true}),
        )
        .await,
        StatusCode::OK,
    );
    assert_eq!(run["status"], "succeeded", "{run:#}");
    pool.close().await;
    app.finish().await;
    target_db.drop_db().await;
}
