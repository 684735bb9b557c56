//! `joinery export drizzle`: the binary writes `schema/` and `migrations/` that the pinned
//! drizzle-kit (in `tests/drizzle`, installed with `npm ci`) accepts as its own.

use std::path::{Path, PathBuf};
use std::process::Command;

use joinery_shared::demo::demo_document;

fn joinery(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_joinery"))
        .args(args)
        .output()
        .expect("run joinery")
}

fn node_modules() -> PathBuf {
    let nm = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/drizzle/node_modules");
    assert!(
        nm.join("drizzle-kit/bin.cjs").exists(),
        "{} is missing: run `npm ci` in tests/drizzle",
        nm.display()
    );
    nm
}

#[test]
fn export_drizzle_writes_a_folder_drizzle_kit_accepts() {
    let nm = node_modules();
    let dir = tempfile::tempdir().expect("temp dir");
    let model = dir.path().join("demo.json");
    std::fs::write(
        &model,
        serde_json::to_string(&demo_document()).expect("json"),
    )
    .expect("write model");
    let out_dir = dir.path().join("db");
    let out = joinery(&[
        "export",
        "drizzle",
        "--from",
        model.to_str().expect("utf-8 path"),
        "--out",
        out_dir.to_str().expect("utf-8 path"),
    ]);
    assert!(
        out.status.success(),
        "joinery export failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    for f in [
        "schema/index.ts",
        "schema/enums.schema.ts",
        "schema/communities.schema.ts",
        "migrations/0000_init.sql",
        "migrations/meta/_journal.json",
        "migrations/meta/0000_snapshot.json",
    ] {
        assert!(out_dir.join(f).exists(), "{f} was not written");
    }
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("warning: Drizzle cannot express the comment on table"),
        "lost comments are reported: {stderr}"
    );

    // tests/drizzle/check-export.mjs: tsc, drizzle-kit check, drizzle-kit generate (no changes).
    let script = nm.parent().expect("tests/drizzle").join("check-export.mjs");
    let kit = Command::new("node")
        .arg(&script)
        .arg(&out_dir)
        .output()
        .expect("run node");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&kit.stdout),
        String::from_utf8_lossy(&kit.stderr)
    );
    assert!(kit.status.success(), "check-export.mjs failed:\n{text}");
    assert!(
        text.contains("drizzle-kit generate: no schema changes"),
        "{text}"
    );

    // A second export into the same folder would fork the migration history: refused.
    let again = joinery(&[
        "export",
        "drizzle",
        "--from",
        model.to_str().expect("utf-8 path"),
        "--out",
        out_dir.to_str().expect("utf-8 path"),
    ]);
    assert!(!again.status.success());
    assert!(
        String::from_utf8_lossy(&again.stderr).contains("already holds a drizzle-kit journal"),
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );
}

/// Exporting from a database drizzle-kit migrated leaves out drizzle-kit's history table.
#[tokio::test]
async fn export_from_a_drizzle_migrated_database_skips_the_history_table() {
    let nm = node_modules();
    let db = joinery_backend::testing::TestDb::create().await;
    let pool = db.pool().await;
    sqlx::raw_sql(
        "CREATE SCHEMA drizzle; CREATE TABLE drizzle.__drizzle_migrations \
         (id serial PRIMARY KEY, hash text NOT NULL, created_at bigint); \
         CREATE TABLE notes (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), body text NOT NULL);",
    )
    .execute(&pool)
    .await
    .expect("set up the database");
    pool.close().await;
    let dir = tempfile::tempdir().expect("temp dir");
    let out_dir = dir.path().join("db");
    let out = joinery(&[
        "export",
        "drizzle",
        "--from",
        &db.url,
        "--out",
        out_dir.to_str().expect("utf-8 path"),
    ]);
    db.drop_db().await;
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("drizzle.__drizzle_migrations"), "{stderr}");
    let files: Vec<String> = std::fs::read_dir(out_dir.join("schema"))
        .expect("schema dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert!(files.contains(&"notes.schema.ts".to_string()), "{files:?}");
    assert!(
        !files
            .iter()
            .any(|f| f.contains("drizzle") || f.contains("namespaces")),
        "{files:?}"
    );
    let check = Command::new("node")
        .arg(nm.parent().expect("tests/drizzle").join("check-export.mjs"))
        .arg(&out_dir)
        .output()
        .expect("run node");
    assert!(
        check.status.success(),
        "{}{}",
        String::from_utf8_lossy(&check.stdout),
        String::from_utf8_lossy(&check.stderr)
    );
}

#[test]
fn export_drizzle_reports_a_missing_source() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = joinery(&[
        "export",
        "drizzle",
        "--from",
        "/nonexistent/schema.sql",
        "--out",
        dir.path().to_str().expect("utf-8 path"),
    ]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("/nonexistent/schema.sql"), "{stderr}");
}
