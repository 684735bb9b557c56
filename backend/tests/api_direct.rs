//! The ways out of a broken history, and the audit trail, through the API on real PostgreSQL:
//! a version that fails on a target is skipped by applying the next one directly from the live
//! schema (reviewed first; refused when the database changed since the review); each run records
//! who started it, from where and the SQL it ran, and keeps it when its target is removed; a
//! target's own timeouts are the defaults of its runs.

mod api_support;

use std::time::{Duration, Instant};

use api_support::{add_target, apply, expect, new_project, version, Kind, TestApp};
use axum::http::StatusCode;
use joinery_backend::testing::TestDb;
use serde_json::{json, Value};
use sqlx::{Connection, PgPool};

async fn history(pool: &PgPool) -> Vec<(i64, bool, String)> {
    sqlx::query_as(
        "SELECT version, success, applied_via FROM joinery.schema_migrations ORDER BY version",
    )
    .fetch_all(pool)
    .await
    .unwrap()
}

async fn columns(pool: &PgPool, table: &str) -> Vec<String> {
    sqlx::query_scalar(
        "SELECT column_name::text FROM information_schema.columns \
         WHERE table_schema = 'public' AND table_name = $1 ORDER BY ordinal_position",
    )
    .bind(table)
    .fetch_all(pool)
    .await
    .unwrap()
}

const ALL: [&str; 4] = [
    "deletes_data",
    "data_not_restored",
    "may_fail_on_existing_data",
    "locks_table",
];

#[tokio::test]
async fn a_failed_version_is_skipped_by_applying_the_next_one_directly() {
    let app = TestApp::new(Kind::Sqlite).await;
    let db = TestDb::create().await;
    let pool = db.pool().await;
    let p = new_project(&app, "way out").await;
    version(
        &app,
        &p,
        "CREATE TABLE accounts (id int PRIMARY KEY, email text);",
        "accounts",
    )
    .await;
    let t = add_target(&app, &p, "db", &db.url).await;
    assert_eq!(apply(&app, &t, json!({})).await["status"], "succeeded");
    sqlx::query("INSERT INTO accounts VALUES (1, NULL)")
        .execute(&pool)
        .await
        .unwrap();

    // v2 cannot run here: a NULL email is in the way of NOT NULL.
    version(
        &app,
        &p,
        "CREATE TABLE accounts (id int PRIMARY KEY, email text NOT NULL);",
        "email required",
    )
    .await;
    let failed = apply(&app, &t, json!({"allow_hazards": ALL})).await;
    assert_eq!(failed["status"], "failed", "{failed:#}");
    // Every later plain apply would run v2 again and fail the same way.
    version(
        &app,
        &p,
        "CREATE TABLE accounts (id int PRIMARY KEY, email text, handle text);",
        "handle instead",
    )
    .await;
    let again = apply(&app, &t, json!({"allow_hazards": ALL})).await;
    assert_eq!(again["status"], "failed", "{again:#}");
    assert_eq!(again["result"]["detail"]["version"], 2, "{again:#}");

    // v3 directly: reviewed first (the plan is from the live schema, v1, so it only adds a
    // column), then applied with the reviewed plan's checksum.
    let review = expect(
        app.post(
            &format!("{t}/apply"),
            json!({"dry_run": true, "to_version": 3}),
        )
        .await,
        StatusCode::OK,
    );
    let planned = &review["pending"][0];
    assert_eq!(planned["version"], 3, "{review:#}");
    let sql: Vec<&str> = planned["statements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["sql"].as_str().unwrap())
        .collect();
    assert_eq!(sql.len(), 1, "{sql:?}");
    assert!(sql[0].contains("ADD COLUMN handle"), "{sql:?}");
    let checksum = planned["checksum"].as_str().unwrap().to_string();
    let unreviewed = app
        .post(
            &format!("{t}/apply"),
            json!({"wait": true, "to_version": 3}),
        )
        .await;
    assert_eq!(unreviewed.0, StatusCode::BAD_REQUEST, "{}", unreviewed.1);
    let run = apply(
        &app,
        &t,
        json!({"to_version": 3, "reviewed_checksum": checksum, "allow_hazards": ALL}),
    )
    .await;
    assert_eq!(run["status"], "succeeded", "{run:#}");
    assert_eq!(run["kind"], "direct");
    assert_eq!(run["to_version"], 3);
    assert_eq!(run["actor"], "api token");
    assert!(
        run["sql"].as_str().unwrap().contains("ADD COLUMN handle"),
        "{run:#}"
    );

    // History and catalog agree with v3; v2 is on record as skipped.
    assert_eq!(
        history(&pool).await,
        vec![
            (1, true, "migration".into()),
            (2, true, "skipped".into()),
            (3, true, "direct".into())
        ]
    );
    assert_eq!(columns(&pool, "accounts").await, ["id", "email", "handle"]);
    // Each row that ran keeps the fingerprint of the schema it left; the last one is the one
    // the drift guard compares with.
    let prints: Vec<(i64, Option<String>)> = sqlx::query_as(
        "SELECT version, fingerprint FROM joinery.schema_migrations ORDER BY version",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    let state: String =
        sqlx::query_scalar("SELECT fingerprint FROM joinery.schema_state WHERE id = 1")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert!(prints[0].1.is_some(), "{prints:?}");
    assert_eq!(prints[2].1.as_deref(), Some(state.as_str()), "{prints:?}");
    assert_ne!(prints[0].1, prints[2].1, "{prints:?}");
    let status = expect(app.get(&format!("{t}/status")).await, StatusCode::OK);
    assert_eq!(status["pending"], json!([]), "{status:#}");
    assert_eq!(status["last_applied"], 3, "{status:#}");
    let drift = expect(app.get(&format!("{t}/drift")).await, StatusCode::OK);
    assert_eq!(drift["in_sync"], true, "{drift:#}");

    // Later versions follow on with their stored migrations.
    version(
        &app,
        &p,
        "CREATE TABLE accounts (id int PRIMARY KEY, email text, handle text);\
         CREATE TABLE notes (id int PRIMARY KEY);",
        "notes",
    )
    .await;
    let run = apply(&app, &t, json!({"allow_hazards": ALL})).await;
    assert_eq!(run["status"], "succeeded", "{run:#}");
    assert_eq!(run["kind"], "migrations");
    assert_eq!(history(&pool).await.len(), 4);
    pool.close().await;
    app.finish().await;
}

#[tokio::test]
async fn a_plan_is_refused_when_the_database_changed_since_its_review() {
    let app = TestApp::new(Kind::Sqlite).await;
    let db = TestDb::create().await;
    let pool = db.pool().await;
    let p = new_project(&app, "stale review").await;
    version(&app, &p, "CREATE TABLE t (id int PRIMARY KEY);", "t").await;
    let t = add_target(&app, &p, "db", &db.url).await;
    assert_eq!(apply(&app, &t, json!({})).await["status"], "succeeded");
    version(
        &app,
        &p,
        "CREATE TABLE t (id int PRIMARY KEY, a text);",
        "a",
    )
    .await;
    let review = expect(
        app.post(
            &format!("{t}/apply"),
            json!({"dry_run": true, "to_version": 2}),
        )
        .await,
        StatusCode::OK,
    );
    let checksum = review["pending"][0]["checksum"].as_str().unwrap();

    // Someone adds a column by hand after the review.
    sqlx::query("ALTER TABLE t ADD COLUMN extra int")
        .execute(&pool)
        .await
        .unwrap();
    let body = json!({"wait": true, "to_version": 2, "reviewed_checksum": checksum,
                      "allow_hazards": ALL});
    let drifted = expect(
        app.post(&format!("{t}/apply"), body.clone()).await,
        StatusCode::CONFLICT,
    );
    assert_eq!(drifted["error"]["code"], "plan_changed", "{drifted:#}");
    // Allowing drift does not make an unreviewed plan acceptable.
    let mut allowed = body.clone();
    allowed["allow_drift"] = json!(true);
    let changed = expect(
        app.post(&format!("{t}/apply"), allowed).await,
        StatusCode::CONFLICT,
    );
    assert_eq!(changed["error"]["code"], "plan_changed", "{changed:#}");
    assert_eq!(columns(&pool, "t").await, ["id", "extra"]);

    // A plain apply of v2 meets the drift guard, which shows what changed by hand, line by line.
    let run = apply(&app, &t, json!({"allow_hazards": ALL})).await;
    assert_eq!(run["status"], "failed", "{run:#}");
    assert_eq!(run["result"]["code"], "drifted", "{run:#}");
    let changes = run["result"]["detail"]["changes"].as_array().unwrap();
    assert!(
        changes.iter().any(|c| c
            .as_str()
            .unwrap()
            .starts_with("+ col public.t.extra integer")),
        "{changes:?}"
    );
    assert!(
        run["result"]["message"]
            .as_str()
            .unwrap()
            .contains("public.t.extra"),
        "{run:#}"
    );
    assert_eq!(columns(&pool, "t").await, ["id", "extra"]);
    pool.close().await;
    app.finish().await;
}

#[tokio::test]
async fn runs_keep_their_audit_trail_when_the_target_is_removed() {
    let app = TestApp::new(Kind::Postgres).await;
    let db = TestDb::create().await;
    let p = new_project(&app, "audit").await;
    version(&app, &p, "CREATE TABLE t (id int PRIMARY KEY);", "t").await;
    let t = add_target(&app, &p, "prod", &db.url).await;
    let run = apply(&app, &t, json!({})).await;
    assert_eq!(run["status"], "succeeded", "{run:#}");
    assert_eq!(run["actor"], "api token");
    assert_eq!(run["target_name"], "prod");
    assert!(run["client"].as_str().is_some(), "{run:#}");
    assert!(
        run["sql"].as_str().unwrap().contains("CREATE TABLE t"),
        "{run:#}"
    );
    assert!(
        run["target_url"].as_str().unwrap().starts_with("postgres"),
        "{run:#}"
    );

    // The review can say how big each table is.
    let tables = expect(app.get(&format!("{t}/tables")).await, StatusCode::OK);
    let t_size = tables
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["relation"] == "public.t")
        .unwrap_or_else(|| panic!("{tables:#}"));
    assert!(t_size["bytes"].as_i64().unwrap() > 0, "{tables:#}");
    assert!(t_size["rows"].as_i64().is_some(), "{tables:#}");
    assert!(
        !tables
            .as_array()
            .unwrap()
            .iter()
            .any(|x| x["relation"].as_str().unwrap().starts_with("joinery.")),
        "{tables:#}"
    );

    expect(app.delete(&t).await, StatusCode::NO_CONTENT);
    assert_eq!(app.get(&t).await.0, StatusCode::NOT_FOUND);
    let targets = expect(app.get(&format!("{p}/targets")).await, StatusCode::OK);
    assert_eq!(targets, json!([]));
    let runs = expect(app.get(&format!("{p}/applies")).await, StatusCode::OK);
    let runs = runs.as_array().unwrap();
    assert_eq!(runs.len(), 1, "{runs:#?}");
    assert_eq!(runs[0]["id"], run["id"]);
    assert_eq!(runs[0]["target_name"], "prod");
    assert_eq!(runs[0]["status"], "succeeded");
    let one = expect(
        app.get(&format!("{p}/applies/{}", run["id"].as_str().unwrap()))
            .await,
        StatusCode::OK,
    );
    assert_eq!(one["sql"], run["sql"]);
    // The name is free again.
    add_target(&app, &p, "prod", &db.url).await;
    app.finish().await;
}

#[tokio::test]
async fn a_targets_own_timeouts_are_the_defaults_of_its_runs() {
    let app = TestApp::new(Kind::Sqlite).await;
    let db = TestDb::create().await;
    let p = new_project(&app, "timeouts").await;
    version(&app, &p, "CREATE TABLE t (id int PRIMARY KEY);", "t").await;
    let t = add_target(&app, &p, "db", &db.url).await;
    assert_eq!(apply(&app, &t, json!({})).await["status"], "succeeded");
    let target = expect(
        app.patch(
            &t,
            json!({"defaults": {"lock_timeout_ms": 300, "lock_retries": 0}}),
        )
        .await,
        StatusCode::OK,
    );
    assert_eq!(target["lock_timeout_ms"], 300, "{target:#}");
    assert_eq!(target["lock_retries"], 0, "{target:#}");
    assert_eq!(target["statement_timeout_ms"], Value::Null, "{target:#}");
    let too_long = app
        .patch(&t, json!({"defaults": {"lock_timeout_ms": 90_000_000}}))
        .await;
    assert_eq!(too_long.0, StatusCode::BAD_REQUEST, "{}", too_long.1);
    version(&app, &p, "CREATE TABLE t (id int PRIMARY KEY, a int);", "a").await;

    // A reader holds the table in an open transaction: the ALTER waits 300 ms, once.
    let mut reader = sqlx::PgConnection::connect(&db.url).await.unwrap();
    sqlx::query("BEGIN").execute(&mut reader).await.unwrap();
    sqlx::query("SELECT * FROM t")
        .execute(&mut reader)
        .await
        .unwrap();
    let clock = Instant::now();
    let run = apply(&app, &t, json!({"allow_hazards": ALL})).await;
    let took = clock.elapsed();
    assert_eq!(run["status"], "failed", "{run:#}");
    let message = run["result"]["message"].as_str().unwrap();
    assert!(
        message.contains("no lock within 300 ms, 1 time(s)"),
        "{message}"
    );
    assert!(took < Duration::from_secs(4), "{took:?}");
    sqlx::query("ROLLBACK").execute(&mut reader).await.unwrap();
    // A run may still override the target's defaults.
    let run = apply(
        &app,
        &t,
        json!({"allow_hazards": ALL, "lock_timeout_ms": 5000}),
    )
    .await;
    assert_eq!(run["status"], "succeeded", "{run:#}");
    app.finish().await;
}
