//! Smuggled statements, with validation bypassed: a design whose fragments hold a second
//! statement is planned as-is and applied to real PostgreSQL. The engine sends one statement at
//! a time with the extended protocol, so the second statement never runs, the migration rolls
//! back whole (even with a `COMMIT` inside), and the history says what happened.

use joinery_backend::apply::planning::plan_migration;
use joinery_backend::apply::{apply, checksum, status, ApplyOptions, Migration};
use joinery_backend::testing::TestDb;
use joinery_shared::import::import_sql;
use joinery_shared::model::{DefaultValue, Schema};
use joinery_shared::validate::{validate, ProblemKind};
use sqlx::PgPool;

const BASE: &str = "CREATE TABLE base (id int PRIMARY KEY);\n\
                    CREATE TABLE victim1 (id int);\n\
                    CREATE TABLE v (id int);";

async fn exists(pool: &PgPool, table: &str) -> bool {
    sqlx::query_scalar::<_, Option<String>>("SELECT to_regclass($1)::text")
        .bind(table)
        .fetch_one(pool)
        .await
        .unwrap()
        .is_some()
}

fn migration(version: i64, from: &Schema, to: &Schema) -> Migration {
    let plan = plan_migration(Some(from), to, false).unwrap();
    assert!(!plan.is_empty());
    Migration {
        version,
        name: format!("{version:04}_attack"),
        checksum: checksum(&plan.sql),
        statements: plan.statements,
    }
}

/// Applies `base` (version 1) then `attacked` (version 2) and checks that the target kept its
/// tables, version 2 is recorded as failed with nothing applied, and no extra object appeared.
async fn attack(label: &str, attacked: Schema) {
    let base = import_sql(BASE).document.schema;
    assert!(
        validate(&attacked)
            .iter()
            .any(|p| p.kind == ProblemKind::InvalidSql),
        "{label}: validation must refuse it"
    );
    let db = TestDb::create().await;
    let pool = db.pool().await;
    let first = migration(1, &Schema::default(), &base);
    let second = migration(2, &base, &attacked);
    let printed = second
        .statements
        .iter()
        .map(|s| s.sql.clone())
        .collect::<Vec<_>>()
        .join("\n");
    let result = apply(
        &db.url,
        &[first.clone(), second.clone()],
        ApplyOptions::default(),
        &|_| {},
    )
    .await;
    let err = result.expect_err(label).to_string();
    assert!(
        err.contains("multiple commands") || err.contains("syntax error"),
        "{label}: {err}\n{printed}"
    );
    for table in ["base", "victim1", "v"] {
        assert!(
            exists(&pool, table).await,
            "{label}: {table} was dropped\n{printed}"
        );
    }
    assert!(!exists(&pool, "junk").await, "{label}: junk was created");
    let st = status(&db.url, &[first, second]).await.unwrap();
    assert_eq!(st.last_applied, Some(1), "{label}: {st:?}");
    let failed: Vec<(i64, bool, i32)> = sqlx::query_as(
        "SELECT version, success, statements_applied FROM joinery.schema_migrations ORDER BY 1",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    assert_eq!(failed, vec![(1, true, 3), (2, false, 0)], "{label}");
    pool.close().await;
    db.drop_db().await;
}

fn with_default(text: &str) -> Schema {
    let mut s = import_sql(&format!("{BASE}\nALTER TABLE base ADD COLUMN n integer;"))
        .document
        .schema;
    let t = s.tables.iter_mut().find(|t| t.name == "base").unwrap();
    let c = t.columns.iter_mut().find(|c| c.name == "n").unwrap();
    c.default = Some(DefaultValue::Expression(text.into()));
    s
}

#[tokio::test]
async fn a_default_cannot_drop_a_table() {
    attack("default", with_default("1; DROP TABLE victim1")).await;
    attack(
        "balanced default",
        with_default("1); DROP TABLE v; CREATE TABLE junk (x int"),
    )
    .await;
}

#[tokio::test]
async fn a_custom_type_cannot_drop_a_table() {
    let mut s = import_sql(&format!("{BASE}\nALTER TABLE base ADD COLUMN n integer;"))
        .document
        .schema;
    let t = s.tables.iter_mut().find(|t| t.name == "base").unwrap();
    let c = t.columns.iter_mut().find(|c| c.name == "n").unwrap();
    c.ty = joinery_shared::model::ColumnType::Custom {
        name: "int); DROP TABLE v; CREATE TABLE junk (x int".into(),
    };
    attack("custom type", s).await;
}

#[tokio::test]
async fn a_view_with_commit_cannot_commit_half_a_migration() {
    let mut s = import_sql(&format!(
        "{BASE}\nCREATE TABLE extra (id int);\nCREATE VIEW w AS SELECT 1 AS x;"
    ))
    .document
    .schema;
    s.views[0].query = "SELECT 1 AS x; COMMIT; DROP TABLE v".into();
    attack("view with COMMIT", s.clone()).await;
    // Nothing of the failed migration stayed: `extra` (created before the view) is gone too,
    // so a corrected version applies cleanly afterwards.
    let base = import_sql(BASE).document.schema;
    let db = TestDb::create().await;
    let pool = db.pool().await;
    let first = migration(1, &Schema::default(), &base);
    let second = migration(2, &base, &s);
    let _ = apply(
        &db.url,
        &[first.clone(), second],
        ApplyOptions::default(),
        &|_| {},
    )
    .await;
    assert!(
        !exists(&pool, "extra").await,
        "half a migration was committed"
    );
    s.views[0].query = "SELECT 1 AS x".into();
    let fixed = migration(2, &base, &s);
    // The failed attempt is retried as version 2 (its new text has a new checksum).
    let report = apply(&db.url, &[first, fixed], ApplyOptions::default(), &|_| {})
        .await
        .unwrap();
    assert_eq!(report.applied.len(), 1);
    assert!(exists(&pool, "extra").await && exists(&pool, "w").await);
    pool.close().await;
    db.drop_db().await;
}
