//! Hazard consent and the drift guard through the API on real PostgreSQL: a version whose
//! migration deletes data is refused (409, naming the hazards, nothing run) until the request
//! allows that kind; a target changed by hand since the last apply fails the run (nothing run)
//! until the request allows drift; a target that already has a version's schema is baselined to
//! it (and one that does not is refused).

mod api_support;

use api_support::{add_target, apply, expect, new_project, version, Kind, TestApp};
use axum::http::StatusCode;
use joinery_backend::testing::TestDb;
use joinery_shared::import::import_sql;
use serde_json::{json, Value};

#[tokio::test]
async fn a_data_deleting_migration_needs_consent() {
    let app = TestApp::new(Kind::Sqlite).await;
    let target_db = TestDb::create().await;
    let p = new_project(&app, "consent").await;
    version(
        &app,
        &p,
        "CREATE TABLE users (id int PRIMARY KEY, nickname text);",
        "users",
    )
    .await;
    let t = add_target(&app, &p, "db", &target_db.url).await;
    let run = apply(&app, &t, json!({})).await;
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

    let run = apply(
        &app,
        &t,
        json!({"allow_hazards": ["deletes_data", "locks_table"]}),
    )
    .await;
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
    let p = new_project(&app, "guard").await;
    version(
        &app,
        &p,
        "CREATE TABLE users (id int PRIMARY KEY);",
        "users",
    )
    .await;
    let t = add_target(&app, &p, "db", &target_db.url).await;
    let run = apply(&app, &t, json!({})).await;
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
    let run = apply(&app, &t, json!({})).await;
    assert_eq!(run["status"], "failed", "{run:#}");
    assert_eq!(run["result"]["code"], "drifted", "{run:#}");
    let posts: Option<String> = sqlx::query_scalar("SELECT to_regclass('posts')::text")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(posts, None, "nothing ran");
    let run = apply(&app, &t, json!({"allow_drift": true})).await;
    assert_eq!(run["status"], "succeeded", "{run:#}");
    pool.close().await;
    app.finish().await;
    target_db.drop_db().await;
}

#[tokio::test]
async fn a_matching_target_is_baselined_and_a_different_one_refused() {
    let app = TestApp::new(Kind::Sqlite).await;
    let p = new_project(&app, "baseline").await;
    let v1 = "CREATE TABLE users (id int PRIMARY KEY, email text NOT NULL);";
    let v2 = "CREATE TABLE users (id int PRIMARY KEY, email text NOT NULL);\n\
              CREATE TABLE posts (id int PRIMARY KEY, user_id int REFERENCES users (id));";
    version(&app, &p, v1, "users").await;
    version(&app, &p, v2, "posts").await;
    // A database made before Joinery, already at version 2; another one only at version 1.
    let (at_v2, at_v1) = (TestDb::create().await, TestDb::create().await);
    let ddl = |sql: &str| joinery_shared::ddl::render_schema(&import_sql(sql).document.schema);
    for (db, sql) in [(&at_v2, v2), (&at_v1, v1)] {
        let pool = db.pool().await;
        sqlx::raw_sql(&ddl(sql)).execute(&pool).await.unwrap();
        pool.close().await;
    }
    let t2 = add_target(&app, &p, "at-v2", &at_v2.url).await;
    let t1 = add_target(&app, &p, "at-v1", &at_v1.url).await;

    let refused = expect(
        app.post(&format!("{t1}/baseline"), json!({"version": 2}))
            .await,
        StatusCode::CONFLICT,
    );
    assert_eq!(refused["error"]["code"], "baseline_mismatch", "{refused:#}");
    assert!(refused["error"]["detail"]["to_database"]["sql"]
        .as_str()
        .unwrap()
        .contains("CREATE TABLE posts"));
    let status = expect(app.get(&format!("{t1}/status")).await, StatusCode::OK);
    assert_eq!(
        status["last_applied"],
        Value::Null,
        "nothing recorded: {status:#}"
    );

    let done = expect(
        app.post(&format!("{t2}/baseline"), json!({"version": 2}))
            .await,
        StatusCode::OK,
    );
    assert_eq!(done["recorded"], json!([1, 2]));
    let status = expect(app.get(&format!("{t2}/status")).await, StatusCode::OK);
    assert_eq!(status["last_applied"], 2, "{status:#}");
    assert_eq!(status["pending"], json!([]), "{status:#}");
    // The next version applies on top, drift guard included.
    version(
        &app,
        &p,
        &format!("{v2}\nCREATE TABLE tags (id int PRIMARY KEY);"),
        "tags",
    )
    .await;
    let run = apply(&app, &t2, json!({})).await;
    assert_eq!(run["status"], "succeeded", "{run:#}");
    assert_eq!(run["result"]["applied"][0]["version"], 3, "{run:#}");
    let missing = app
        .post(&format!("{t2}/baseline"), json!({"version": 9}))
        .await;
    assert_eq!(missing.0, StatusCode::NOT_FOUND, "{}", missing.1);
    app.finish().await;
    at_v2.drop_db().await;
    at_v1.drop_db().await;
}
