//! `joinery inspect` and `joinery ddl`, run as the real binary against files and a real database.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use joinery_backend::introspect::{introspect, IntrospectOptions};
use joinery_backend::testing::TestDb;
use joinery_shared::model::{Document, Schema};

fn joinery(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_joinery"))
        .args(args)
        .env_remove("JOINERY_LOG")
        .output()
        .expect("the joinery binary runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("fixture written");
    path
}

const SQL: &str = "CREATE TYPE status AS ENUM ('active', 'archived');\n\
CREATE TABLE users (\n  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),\n  \
email varchar(100) NOT NULL UNIQUE,\n  status status NOT NULL DEFAULT 'active'\n);\n\
CREATE TABLE posts (\n  id bigserial PRIMARY KEY,\n  \
author_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,\n  title text NOT NULL\n);\n";

#[test]
fn inspect_prints_the_model_of_a_sql_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "schema.sql", SQL);
    let out = joinery(&["inspect", path.to_str().unwrap()]);
    assert!(out.status.success(), "stderr: {}", stderr(&out));
    let doc: Document = serde_json::from_str(&stdout(&out)).expect("stdout is a document");
    let names: Vec<_> = doc.schema.tables.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["users", "posts"]);
    assert_eq!(doc.schema.enums[0].name, "status");
    assert!(
        stdout(&out).starts_with("{\n  \"format\": \"joinery/1\""),
        "pretty JSON"
    );
}

#[test]
fn ddl_prints_create_statements_of_a_sql_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "schema.sql", SQL);
    let out = joinery(&["ddl", path.to_str().unwrap()]);
    assert!(out.status.success(), "stderr: {}", stderr(&out));
    let ddl = stdout(&out);
    assert!(
        ddl.contains("CREATE TYPE status AS ENUM ('active', 'archived');"),
        "{ddl}"
    );
    assert!(ddl.contains("CREATE TABLE users ("), "{ddl}");
    assert!(ddl.contains("ON DELETE CASCADE"), "{ddl}");
}

#[test]
fn inspect_reads_documents_and_bare_schemas() {
    let dir = tempfile::tempdir().unwrap();
    let demo = joinery_shared::demo::demo_document();
    let path = write(
        dir.path(),
        "demo.json",
        &serde_json::to_string(&demo).unwrap(),
    );
    let out = joinery(&["inspect", path.to_str().unwrap()]);
    assert!(out.status.success(), "stderr: {}", stderr(&out));
    let doc: Document = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(doc, demo, "a document passes through unchanged");

    let path = write(
        dir.path(),
        "schema.JSON",
        &serde_json::to_string(&demo.schema).unwrap(),
    );
    let out = joinery(&["inspect", path.to_str().unwrap()]);
    assert!(out.status.success(), "stderr: {}", stderr(&out));
    let doc: Document = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(doc.schema, demo.schema, "a bare schema becomes a document");
}

#[test]
fn malformed_json_fails_with_its_position() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "broken.json", "{\n  \"tables\": [\n}");
    let out = joinery(&["inspect", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("broken.json is not a Joinery document or schema"),
        "{err}"
    );
    assert!(err.contains("line 3"), "{err}");
    assert!(stdout(&out).is_empty());
}

#[test]
fn malformed_sql_fails_listing_each_error_with_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let text =
        "CREATE TABLE ok (id integer PRIMARY KEY);\n\nCREATE TABLE broken (id integer,, x);\n";
    let path = write(dir.path(), "bad.sql", text);
    let out = joinery(&["ddl", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "stderr: {}", stderr(&out));
    let err = stderr(&out);
    let shown = format!("{}:3:", path.display());
    assert!(err.contains(&shown), "expected {shown} in: {err}");
    assert!(err.contains("1 SQL error(s)"), "{err}");
    assert!(stdout(&out).is_empty(), "no DDL printed on error");
}

#[test]
fn a_missing_file_fails_clearly() {
    let out = joinery(&["inspect", "/nonexistent/dir/schema.sql"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("cannot read /nonexistent/dir/schema.sql"),
        "{err}"
    );
}

#[test]
fn an_unknown_source_kind_fails_clearly() {
    let out = joinery(&["inspect", "schema.yaml"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("cannot tell what \"schema.yaml\" is"), "{err}");
    let out = joinery(&["inspect", "mysql://u:pw@host/db"]);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn an_unreachable_database_fails_without_echoing_the_password() {
    // Port 1 on loopback: nothing listens, the connection is refused at once.
    let out = joinery(&["inspect", "postgres://alice:hunter2secret@127.0.0.1:1/app"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("cannot connect to postgres://alice@127.0.0.1:1/app"),
        "{err}"
    );
    assert!(!err.contains("hunter2secret"), "password leaked: {err}");
    assert!(
        err.to_lowercase().contains("refused"),
        "the real reason is shown: {err}"
    );
}

#[test]
fn a_malformed_url_fails_without_echoing_the_password() {
    let out = joinery(&[
        "ddl",
        "postgresql://alice:hunter2secret@127.0.0.1:notaport/app",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("cannot connect to"), "{err}");
    assert!(!err.contains("hunter2secret"), "password leaked: {err}");
}

#[tokio::test]
async fn a_missing_database_fails_without_echoing_the_password() {
    let db = TestDb::create().await;
    let url = joinery_backend::testing::with_database(&db.url, "joinery_no_such_database");
    let url = url.replacen("://postgres@", "://postgres:hunter2secret@", 1);
    let out = joinery(&["inspect", &url]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("joinery_no_such_database"), "{err}");
    assert!(!err.contains("hunter2secret"), "password leaked: {err}");
    db.drop_db().await;
}

#[tokio::test]
async fn inspect_and_ddl_read_a_live_database() {
    let db = TestDb::create().await;
    let pool = db.pool().await;
    sqlx::raw_sql(SQL).execute(&pool).await.unwrap();
    sqlx::raw_sql("CREATE SCHEMA audit; CREATE TABLE audit.log (id bigint PRIMARY KEY);")
        .execute(&pool)
        .await
        .unwrap();
    let expected = introspect(&pool, &IntrospectOptions::default())
        .await
        .unwrap();

    let out = joinery(&["inspect", &db.url]);
    assert!(out.status.success(), "stderr: {}", stderr(&out));
    let doc: Document = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(doc, expected);

    let out = joinery(&["inspect", &db.url, "--schema", "audit"]);
    assert!(out.status.success(), "stderr: {}", stderr(&out));
    let doc: Document = serde_json::from_str(&stdout(&out)).unwrap();
    let names: Vec<_> = doc.schema.tables.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["log"]);

    // The DDL of the live database recreates it: a second database reads back the same.
    let out = joinery(&["ddl", &db.url]);
    assert!(out.status.success(), "stderr: {}", stderr(&out));
    let copy = TestDb::create().await;
    let copy_pool = copy.pool().await;
    sqlx::raw_sql(&stdout(&out))
        .execute(&copy_pool)
        .await
        .unwrap();
    let copied = introspect(&copy_pool, &IntrospectOptions::default())
        .await
        .unwrap();
    assert_eq!(
        joinery_shared::normalize::canonical(&copied.schema),
        joinery_shared::normalize::canonical(&expected.schema)
    );

    copy_pool.close().await;
    copy.drop_db().await;
    pool.close().await;
    db.drop_db().await;
}

#[test]
fn schema_option_on_a_file_is_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "s.json",
        &serde_json::to_string(&Schema::default()).unwrap(),
    );
    let out = joinery(&["inspect", path.to_str().unwrap(), "--schema", "x"]);
    assert!(out.status.success(), "stderr: {}", stderr(&out));
    assert!(stderr(&out).contains("warning: --schema applies to database sources only"));
}

#[test]
fn import_warnings_go_to_stderr_with_their_position() {
    let dir = tempfile::tempdir().unwrap();
    let text = "CREATE TABLE ok (id integer PRIMARY KEY);\n\
                CREATE RULE r AS ON INSERT TO ok DO NOTHING;\n";
    let path = write(dir.path(), "warn.sql", text);
    let out = joinery(&["ddl", path.to_str().unwrap()]);
    assert!(out.status.success(), "stderr: {}", stderr(&out));
    let expected = format!("warning: {}:2:1: CREATE RULE:", path.display());
    assert!(stderr(&out).contains(&expected), "{}", stderr(&out));
    assert!(stdout(&out).contains("CREATE TABLE ok ("));
    assert!(
        !stdout(&out).contains("warning"),
        "stdout holds only the DDL"
    );
}
