//! `joinery apply --to` as a real process on real PostgreSQL: it converges a database to a design
//! and then has nothing to do; `--dry-run` exits 2/0 like `diff --exit-code`; a plan that deletes
//! data needs `--allow-hazards`; a database changed by hand since the last apply is refused with
//! the change shown. And `joinery apply DIR` asks the same consent for the hazards written in an
//! exported migration.

use std::path::Path;
use std::process::{Command, Output};

use joinery_backend::testing::TestDb;
use sqlx::PgPool;

fn joinery() -> Command {
    Command::new(env!("CARGO_BIN_EXE_joinery"))
}

fn converge(url: &str, design: &Path, extra: &[&str]) -> Output {
    joinery()
        .args(["apply", "--target", url, "--to"])
        .arg(design)
        .args(extra)
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn show(out: &Output) -> String {
    format!(
        "status {:?}\nstdout:\n{}\nstderr:\n{}",
        out.status.code(),
        text(&out.stdout),
        text(&out.stderr)
    )
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

#[tokio::test]
async fn converges_a_database_to_a_design_and_then_has_nothing_to_do() {
    let db = TestDb::create().await;
    let pool = db.pool().await;
    let dir = tempfile::tempdir().unwrap();
    let design = dir.path().join("schema.sql");
    std::fs::write(
        &design,
        "CREATE TYPE role AS ENUM ('owner', 'member');
         CREATE TABLE communities (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), name text NOT NULL);
         CREATE TABLE members (
             community_id uuid NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
             user_name text NOT NULL,
             role role NOT NULL DEFAULT 'member',
             PRIMARY KEY (community_id, user_name));",
    )
    .unwrap();

    let dry = converge(&db.url, &design, &["--dry-run"]);
    assert_eq!(dry.status.code(), Some(2), "{}", show(&dry));
    assert!(
        text(&dry.stdout).contains("CREATE TABLE communities"),
        "{}",
        show(&dry)
    );
    assert!(columns(&pool, "communities").await.is_empty());

    let out = converge(&db.url, &design, &[]);
    assert!(out.status.success(), "{}", show(&out));
    assert!(
        text(&out.stdout).contains("applied 0001_declarative_schema"),
        "{}",
        show(&out)
    );
    assert_eq!(
        columns(&pool, "members").await,
        ["community_id", "user_name", "role"]
    );

    let again = converge(&db.url, &design, &[]);
    assert!(again.status.success(), "{}", show(&again));
    assert!(
        text(&again.stdout).contains("nothing to do"),
        "{}",
        show(&again)
    );
    let dry = converge(&db.url, &design, &["--dry-run"]);
    assert_eq!(dry.status.code(), Some(0), "{}", show(&dry));
    let rows: Vec<(i64, String, String)> = sqlx::query_as(
        "SELECT version, name, applied_via FROM joinery.schema_migrations ORDER BY version",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    assert_eq!(
        rows,
        vec![(
            1,
            "0001_declarative_schema".to_string(),
            "declarative".to_string()
        )]
    );
    pool.close().await;
}

#[tokio::test]
async fn deleting_data_needs_allow_hazards_and_hand_changes_need_allow_drift() {
    let db = TestDb::create().await;
    let pool = db.pool().await;
    let dir = tempfile::tempdir().unwrap();
    let v1 = dir.path().join("v1.sql");
    std::fs::write(&v1, "CREATE TABLE t (id int PRIMARY KEY, legacy text);").unwrap();
    let out = converge(&db.url, &v1, &[]);
    assert!(out.status.success(), "{}", show(&out));

    let v2 = dir.path().join("v2.sql");
    std::fs::write(&v2, "CREATE TABLE t (id int PRIMARY KEY);").unwrap();
    let refused = converge(&db.url, &v2, &[]);
    assert_eq!(refused.status.code(), Some(1), "{}", show(&refused));
    assert!(
        text(&refused.stderr).contains("deletes_data"),
        "{}",
        show(&refused)
    );
    assert_eq!(columns(&pool, "t").await, ["id", "legacy"]);
    let bad = converge(&db.url, &v2, &["--allow-hazards", "everything"]);
    assert_eq!(bad.status.code(), Some(1), "{}", show(&bad));
    assert!(
        text(&bad.stderr).contains("unknown hazard kind"),
        "{}",
        show(&bad)
    );

    // Someone adds a column by hand: the next run refuses and shows it.
    sqlx::query("ALTER TABLE t ADD COLUMN added_by_hand int")
        .execute(&pool)
        .await
        .unwrap();
    let drifted = converge(
        &db.url,
        &v2,
        &["--allow-hazards", "deletes-data,locks-table"],
    );
    assert_eq!(drifted.status.code(), Some(1), "{}", show(&drifted));
    assert!(
        text(&drifted.stderr).contains("+ col public.t.added_by_hand integer"),
        "{}",
        show(&drifted)
    );
    assert_eq!(columns(&pool, "t").await, ["id", "legacy", "added_by_hand"]);

    let out = converge(
        &db.url,
        &v2,
        &[
            "--allow-hazards",
            "deletes-data,locks-table",
            "--allow-drift",
        ],
    );
    assert!(out.status.success(), "{}", show(&out));
    assert_eq!(columns(&pool, "t").await, ["id"]);
    pool.close().await;
}

#[tokio::test]
async fn an_exported_migration_folder_asks_consent_for_its_hazards() {
    let db = TestDb::create().await;
    let pool = db.pool().await;
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("0001_t.sql"),
        "CREATE TABLE t (id int PRIMARY KEY, legacy text);\n",
    )
    .unwrap();
    // As Joinery exports it: the planner's hazards as comments above the statement.
    std::fs::write(
        dir.path().join("0002_drop_legacy.sql"),
        "-- hazard: deletes data: drops column legacy of t and its data\n\
         -- hazard: locks or rewrites the table: takes an ACCESS EXCLUSIVE lock on t\n\
         ALTER TABLE t DROP COLUMN legacy;\n",
    )
    .unwrap();
    let run = |extra: &[&str]| {
        joinery()
            .args(["apply", "--target", &db.url])
            .arg(dir.path())
            .args(extra)
            .output()
            .unwrap()
    };
    let refused = run(&[]);
    assert_eq!(refused.status.code(), Some(1), "{}", show(&refused));
    let message = text(&refused.stderr);
    assert!(message.contains("deletes_data"), "{message}");
    assert!(message.contains("locks_table"), "{message}");
    // Nothing ran, not even the harmless first migration.
    assert!(columns(&pool, "t").await.is_empty());
    let partial = run(&["--allow-hazards", "deletes-data"]);
    assert_eq!(partial.status.code(), Some(1), "{}", show(&partial));
    let out = run(&["--allow-hazards", "deletes-data,locks-table"]);
    assert!(out.status.success(), "{}", show(&out));
    assert_eq!(columns(&pool, "t").await, ["id"]);
    pool.close().await;
}
