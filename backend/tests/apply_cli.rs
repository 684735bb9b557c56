//! `joinery apply` as a real process against real PostgreSQL databases: plain and Drizzle
//! folders, edited migrations refused, and SIGKILL in the middle of a long migration.

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use joinery_backend::testing::TestDb;
use sqlx::PgPool;

const PASSWORD: &str = "cli-Secret-pw";

fn joinery() -> Command {
    Command::new(env!("CARGO_BIN_EXE_joinery"))
}

fn run_apply(url: &str, dir: &Path) -> Output {
    joinery()
        .args(["apply", "--target", url])
        .arg(dir)
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn target_url(db: &TestDb) -> String {
    db.url
        .replacen("postgres@", &format!("postgres:{PASSWORD}@"), 1)
}

async fn history(pool: &PgPool) -> Vec<(i64, bool)> {
    let exists: Option<String> =
        sqlx::query_scalar("SELECT to_regclass('joinery.schema_migrations')::text")
            .fetch_one(pool)
            .await
            .unwrap();
    if exists.is_none() {
        return Vec::new();
    }
    sqlx::query_as("SELECT version, success FROM joinery.schema_migrations ORDER BY version")
        .fetch_all(pool)
        .await
        .unwrap()
}

async fn table_exists(pool: &PgPool, name: &str) -> bool {
    sqlx::query_scalar::<_, Option<String>>("SELECT to_regclass($1)::text")
        .bind(name)
        .fetch_one(pool)
        .await
        .unwrap()
        .is_some()
}

#[tokio::test]
async fn applies_a_plain_folder_and_refuses_an_edited_migration() {
    let db = TestDb::create().await;
    let pool = db.pool().await;
    let url = target_url(&db);
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("0001_users.sql"),
        "CREATE TABLE users (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), email text);\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("0002_email_index.sql"),
        "CREATE UNIQUE INDEX CONCURRENTLY users_email_key ON users (email);\n",
    )
    .unwrap();
    let out = run_apply(&url, dir.path());
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("2 migration(s) applied now"),
        "{}",
        text(&out.stdout)
    );
    assert_eq!(history(&pool).await, vec![(1, true), (2, true)]);

    let again = run_apply(&url, dir.path());
    assert!(again.status.success());
    assert!(text(&again.stdout).contains("0 migration(s) applied now, 2 already applied"));

    std::fs::write(
        dir.path().join("0001_users.sql"),
        "CREATE TABLE users (id uuid PRIMARY KEY, email text NOT NULL);\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("0003_posts.sql"),
        "CREATE TABLE posts (id int PRIMARY KEY);\n",
    )
    .unwrap();
    let refused = run_apply(&url, dir.path());
    assert!(!refused.status.success());
    let stderr = text(&refused.stderr);
    assert!(stderr.contains("0001_users"), "{stderr}");
    assert!(stderr.contains("edited after being applied"), "{stderr}");
    assert!(!stderr.contains(PASSWORD), "{stderr}");
    assert!(!table_exists(&pool, "posts").await, "nothing ran");

    // A bad name is an error naming the file.
    std::fs::write(dir.path().join("notes.sql"), "SELECT 1;").unwrap();
    let bad = run_apply(&url, dir.path());
    assert!(!bad.status.success());
    assert!(text(&bad.stderr).contains("notes.sql"));
    pool.close().await;
    db.drop_db().await;
}

#[tokio::test]
async fn applies_a_drizzle_folder_in_journal_order() {
    let db = TestDb::create().await;
    let pool = db.pool().await;
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("meta")).unwrap();
    std::fs::write(
        dir.path().join("meta/_journal.json"),
        r#"{"version":"7","dialect":"postgresql","entries":[
            {"idx":0,"version":"7","when":1700000000000,"tag":"0000_brave_start","breakpoints":true},
            {"idx":1,"version":"7","when":1700000001000,"tag":"0001_tidy_status","breakpoints":true}
        ]}"#,
    )
    .unwrap();
    std::fs::write(
        dir.path().join("0000_brave_start.sql"),
        "CREATE TYPE \"public\".\"status\" AS ENUM('active', 'archived');--> statement-breakpoint\n\
         CREATE TABLE \"projects\" (\n\t\"id\" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,\n\
         \t\"status\" \"status\" DEFAULT 'active' NOT NULL,\n\t\"config\" jsonb DEFAULT '{}'::jsonb\n);\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("0001_tidy_status.sql"),
        "ALTER TYPE \"public\".\"status\" ADD VALUE 'deleted';--> statement-breakpoint\n\
         CREATE INDEX \"projects_status_idx\" ON \"projects\" USING btree (\"status\");",
    )
    .unwrap();
    let out = run_apply(&target_url(&db), dir.path());
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(history(&pool).await, vec![(0, true), (1, true)]);
    let labels: Vec<String> = sqlx::query_scalar(
        "SELECT enumlabel::text FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid \
         WHERE t.typname = 'status' ORDER BY e.enumsortorder",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    assert_eq!(labels, vec!["active", "archived", "deleted"]);
    pool.close().await;
    db.drop_db().await;
}

/// Kills `joinery apply` with SIGKILL while a slow migration runs: the target is left before
/// that migration (its transaction is rolled back), the history is consistent, and a re-run
/// applies it.
#[tokio::test]
async fn sigkill_during_a_long_migration_leaves_a_consistent_target() {
    let db = TestDb::create().await;
    let pool = db.pool().await;
    let url = target_url(&db);
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("0001_accounts.sql"),
        "CREATE TABLE accounts (id bigint PRIMARY KEY);\nINSERT INTO accounts VALUES (1), (2);\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("0002_slow.sql"),
        "ALTER TABLE accounts ADD COLUMN balance numeric NOT NULL DEFAULT 0;\n\
         CREATE TABLE ledger (id bigint PRIMARY KEY, account_id bigint REFERENCES accounts (id));\n\
         SELECT pg_sleep(3);\n\
         INSERT INTO ledger VALUES (1, 1);\n",
    )
    .unwrap();
    let mut child = joinery()
        .args(["apply", "--target", &url])
        .arg(dir.path())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Wait until the slow statement is running in the target, then kill the process.
    let started = Instant::now();
    loop {
        let sleeping: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM pg_stat_activity \
             WHERE datname = current_database() AND query LIKE 'SELECT pg_sleep(3)%'",
        )
        .fetch_one(&pool)
        .await
        .unwrap();
        if sleeping > 0 {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "the slow migration never started"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    child.kill().unwrap(); // SIGKILL
    let status = child.wait().unwrap();
    assert!(!status.success());

    // Either before or after 0002, never in between, and the history agrees.
    let rows = history(&pool).await;
    let ledger = table_exists(&pool, "ledger").await;
    assert_eq!(rows[0], (1, true));
    let recorded = rows.contains(&(2, true));
    assert_eq!(
        ledger, recorded,
        "history {rows:?} vs ledger table {ledger}"
    );
    assert!(!ledger, "killed mid-transaction: rolled back");
    let balance_column: Option<String> = sqlx::query_scalar(
        "SELECT column_name::text FROM information_schema.columns \
         WHERE table_name = 'accounts' AND column_name = 'balance'",
    )
    .fetch_optional(&pool)
    .await
    .unwrap();
    assert_eq!(balance_column, None, "no half-applied migration");

    // A re-run waits for the dead session's lock to go, then applies 0002.
    let out = run_apply(&url, dir.path());
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(history(&pool).await, vec![(1, true), (2, true)]);
    let ledger_rows: i64 = sqlx::query_scalar("SELECT count(*) FROM ledger")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(ledger_rows, 1);
    pool.close().await;
    db.drop_db().await;
}

const DESIGN_SQL: &str = "CREATE TABLE users (\n\
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),\n\
    email text NOT NULL UNIQUE,\n\
    created_at timestamptz NOT NULL DEFAULT now()\n);\n\
CREATE INDEX users_created_at_idx ON users (created_at);\n";

/// Applies `DESIGN_SQL` as a migration and writes it as a design file; returns the design path.
async fn applied_design(db: &TestDb, dir: &Path) -> std::path::PathBuf {
    let migrations = dir.join("migrations");
    std::fs::create_dir(&migrations).unwrap();
    std::fs::write(migrations.join("0001_init.sql"), DESIGN_SQL).unwrap();
    let out = run_apply(&target_url(db), &migrations);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let design = dir.join("design.sql");
    std::fs::write(&design, DESIGN_SQL).unwrap();
    design
}

fn run_drift(url: &str, design: &Path) -> Output {
    joinery()
        .args(["drift", "--exit-code", "--target", url, "--to"])
        .arg(design)
        .output()
        .unwrap()
}

#[tokio::test]
async fn drift_exits_zero_when_the_database_matches_the_design() {
    let db = TestDb::create().await;
    let dir = tempfile::tempdir().unwrap();
    let design = applied_design(&db, dir.path()).await;
    let out = run_drift(&target_url(&db), &design);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("no drift"),
        "{}",
        text(&out.stderr)
    );
    assert!(text(&out.stdout).trim().is_empty());
    // An unreachable target is an error (2), never drift (1), and hides the password.
    let out = run_drift(
        &format!("postgres://postgres:{PASSWORD}@127.0.0.1:1/x"),
        &design,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(!text(&out.stderr).contains(PASSWORD));
    db.drop_db().await;
}

#[tokio::test]
async fn drift_exits_one_and_prints_the_fix_when_the_database_was_changed() {
    let db = TestDb::create().await;
    let pool = db.pool().await;
    let dir = tempfile::tempdir().unwrap();
    let design = applied_design(&db, dir.path()).await;
    sqlx::raw_sql("ALTER TABLE users ADD COLUMN nickname text; DROP INDEX users_created_at_idx;")
        .execute(&pool)
        .await
        .unwrap();
    let out = run_drift(&target_url(&db), &design);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let sql = text(&out.stdout);
    assert!(sql.contains("nickname"), "{sql}");
    assert!(sql.contains("users_created_at_idx"), "{sql}");
    // Without --exit-code, drift is reported but the exit status is 0.
    let out = joinery()
        .args(["drift", "--target", &target_url(&db), "--to"])
        .arg(&design)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    pool.close().await;
    db.drop_db().await;
}
