//! The apply engine against real PostgreSQL databases (each test its own `TestDb`): ordering,
//! history, checksums, rollback of failures, non-transactional statements, dry runs and
//! concurrent applies.

use std::sync::{Arc, Mutex};

use joinery_backend::apply::files::split_statements;
use joinery_backend::apply::{
    apply, checksum, status, ApplyError, ApplyEvent, ApplyOptions, HistoryRow, Migration,
};
use joinery_backend::testing::TestDb;
use sqlx::PgPool;

fn migration(version: i64, name: &str, sql: &str) -> Migration {
    Migration {
        version,
        name: format!("{version:04}_{name}"),
        checksum: checksum(sql),
        statements: split_statements(sql).unwrap(),
    }
}

fn base() -> Vec<Migration> {
    vec![
        migration(
            1,
            "users",
            "CREATE TABLE users (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), email text NOT NULL);",
        ),
        migration(
            2,
            "posts",
            "CREATE TABLE posts (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, \
             user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE, body text);\n\
             CREATE INDEX posts_user_id_idx ON posts (user_id);",
        ),
    ]
}

async fn history(pool: &PgPool) -> Vec<(i64, String, bool, i32, Option<String>)> {
    sqlx::query_as(
        "SELECT version, name, success, statements_applied, error \
         FROM joinery.schema_migrations ORDER BY version",
    )
    .fetch_all(pool)
    .await
    .unwrap()
}

async fn tables(pool: &PgPool) -> Vec<String> {
    sqlx::query_scalar(
        "SELECT table_name::text FROM information_schema.tables \
         WHERE table_schema = 'public' ORDER BY 1",
    )
    .fetch_all(pool)
    .await
    .unwrap()
}

fn collect() -> (
    Arc<Mutex<Vec<ApplyEvent>>>,
    impl Fn(ApplyEvent) + Send + Sync,
) {
    let events = Arc::new(Mutex::new(Vec::new()));
    let sink = events.clone();
    (events, move |e| sink.lock().unwrap().push(e))
}

#[tokio::test]
async fn applies_in_order_records_history_and_is_idempotent() {
    let db = TestDb::create().await;
    let pool = db.pool().await;
    let mut migrations = base();
    migrations.reverse(); // order comes from the versions, not the slice
    let (events, sink) = collect();
    let report = apply(&db.url, &migrations, ApplyOptions::default(), &sink)
        .await
        .unwrap();
    assert_eq!(
        report.applied.iter().map(|a| a.version).collect::<Vec<_>>(),
        vec![1, 2]
    );
    assert_eq!(tables(&pool).await, vec!["posts", "users"]);
    let rows = history(&pool).await;
    assert_eq!(
        rows,
        vec![
            (1, "0001_users".into(), true, 1, None),
            (2, "0002_posts".into(), true, 2, None),
        ]
    );
    let statements = events
        .lock()
        .unwrap()
        .iter()
        .filter(|e| matches!(e, ApplyEvent::Statement { .. }))
        .count();
    assert_eq!(statements, 3, "one progress event per statement");

    let again = apply(&db.url, &migrations, ApplyOptions::default(), &|_| {})
        .await
        .unwrap();
    assert!(again.applied.is_empty());
    assert_eq!(again.already_applied, vec![1, 2]);
    assert_eq!(history(&pool).await.len(), 2);
    let full: Vec<HistoryRow> = {
        let s = status(&db.url, &migrations).await.unwrap();
        assert!(s.pending.is_empty() && s.failed.is_empty() && s.mismatched.is_empty());
        assert_eq!(s.last_applied, Some(2));
        s.applied
    };
    assert!(full
        .iter()
        .all(|r| r.finished_at.is_some() && r.execution_ms.is_some()));
    pool.close().await;
    db.drop_db().await;
}

#[tokio::test]
async fn an_edited_migration_is_refused_before_anything_runs() {
    let db = TestDb::create().await;
    let pool = db.pool().await;
    apply(&db.url, &base()[..1], ApplyOptions::default(), &|_| {})
        .await
        .unwrap();
    let mut edited = base();
    edited[0] = migration(
        1,
        "users",
        "CREATE TABLE users (id uuid PRIMARY KEY, email text);",
    );
    let err = apply(&db.url, &edited, ApplyOptions::default(), &|_| {})
        .await
        .unwrap_err();
    assert!(
        matches!(err, ApplyError::ChecksumMismatch { version: 1, .. }),
        "{err:?}"
    );
    assert!(
        err.to_string().contains("edited after being applied"),
        "{err}"
    );
    // Migration 2 was pending but nothing ran.
    assert_eq!(tables(&pool).await, vec!["users"]);
    assert_eq!(history(&pool).await.len(), 1);
    // The dry run refuses the same way; status lists the mismatch.
    let dry = apply(
        &db.url,
        &edited,
        ApplyOptions {
            dry_run: true,
            ..Default::default()
        },
        &|_| {},
    )
    .await;
    assert!(matches!(dry, Err(ApplyError::ChecksumMismatch { .. })));
    let s = status(&db.url, &edited).await.unwrap();
    assert_eq!(s.mismatched.len(), 1);
    pool.close().await;
    db.drop_db().await;
}

#[tokio::test]
async fn a_failing_migration_is_rolled_back_and_recorded_then_a_fix_applies() {
    let db = TestDb::create().await;
    let pool = db.pool().await;
    let mut migrations = base();
    migrations.push(migration(
        3,
        "broken",
        "CREATE TABLE tags (id int PRIMARY KEY);\n\
         INSERT INTO tags VALUES (1);\n\
         ALTER TABLE posts ADD COLUMN tag_id int REFERENCES nope (id);",
    ));
    let (events, sink) = collect();
    let err = apply(&db.url, &migrations, ApplyOptions::default(), &sink)
        .await
        .unwrap_err();
    let ApplyError::MigrationFailed {
        version,
        statement_index,
        ref statement,
        ref error,
        ref applied_before,
        ..
    } = err
    else {
        panic!("{err:?}")
    };
    assert_eq!(version, 3);
    assert_eq!(statement_index, 2);
    assert!(statement.contains("REFERENCES nope"), "{statement}");
    assert!(
        error.contains("relation \"nope\" does not exist"),
        "{error}"
    );
    assert!(error.contains("42P01"), "{error}");
    assert_eq!(applied_before, &vec![1, 2]);
    assert!(events
        .lock()
        .unwrap()
        .iter()
        .any(|e| matches!(e, ApplyEvent::MigrationFailed { version: 3, .. })));
    // Rolled back: no tags table; the failure row survives the rollback.
    assert_eq!(tables(&pool).await, vec!["posts", "users"]);
    let rows = history(&pool).await;
    assert_eq!(rows.len(), 3);
    assert!(!rows[2].2, "failed row is not success");
    assert_eq!(rows[2].3, 0, "nothing of it is committed");
    assert!(rows[2].4.as_deref().unwrap().contains("nope"));
    let failed: (Option<String>,) =
        sqlx::query_as("SELECT failed_statement FROM joinery.schema_migrations WHERE version = 3")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert!(failed.0.unwrap().contains("REFERENCES nope"));
    let s = status(&db.url, &migrations).await.unwrap();
    assert_eq!(s.failed.len(), 1);
    assert_eq!(s.pending.len(), 1);
    assert_eq!(s.last_applied, Some(2));

    // A failed (rolled back) migration may be fixed before it is applied.
    migrations[2] = migration(
        3,
        "tags",
        "CREATE TABLE tags (id int PRIMARY KEY);\n\
         ALTER TABLE posts ADD COLUMN tag_id int REFERENCES tags (id);",
    );
    let report = apply(&db.url, &migrations, ApplyOptions::default(), &|_| {})
        .await
        .unwrap();
    assert_eq!(report.applied.len(), 1);
    let rows = history(&pool).await;
    assert_eq!(rows[2], (3, "0003_tags".into(), true, 2, None));
    pool.close().await;
    db.drop_db().await;
}

#[tokio::test]
async fn non_transactional_statements_run_outside_with_progress() {
    let db = TestDb::create().await;
    let pool = db.pool().await;
    let mut migrations = base();
    migrations.push(migration(
        3,
        "status",
        "CREATE TYPE post_status AS ENUM ('draft');\n\
         ALTER TYPE post_status ADD VALUE 'published';\n\
         ALTER TABLE posts ADD COLUMN status post_status NOT NULL DEFAULT 'published';\n\
         CREATE INDEX CONCURRENTLY posts_status_idx ON posts (status);\n\
         CREATE INDEX CONCURRENTLY posts_body_idx ON posts (body);",
    ));
    let flags: Vec<bool> = migrations[2]
        .statements
        .iter()
        .map(|s| s.transactional)
        .collect();
    assert_eq!(flags, vec![true, false, true, false, false]);
    apply(&db.url, &migrations, ApplyOptions::default(), &|_| {})
        .await
        .unwrap();
    let rows = history(&pool).await;
    assert_eq!(rows[2], (3, "0003_status".into(), true, 5, None));
    let indexes: Vec<String> = sqlx::query_scalar(
        "SELECT indexname::text FROM pg_indexes WHERE tablename = 'posts' ORDER BY 1",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    assert!(
        indexes.contains(&"posts_status_idx".to_string()),
        "{indexes:?}"
    );

    // A failure after committed non-transactional statements records how far it got, and a
    // re-run resumes after them instead of repeating them.
    let sql4 = "CREATE INDEX CONCURRENTLY users_email_idx ON users (email);\n\
                ALTER TABLE users ADD COLUMN age int CHECK (age > 0);\n\
                INSERT INTO users (email, age) VALUES ('a@b.c', -1);";
    migrations.push(migration(4, "age", sql4));
    let err = apply(&db.url, &migrations, ApplyOptions::default(), &|_| {})
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            ApplyError::MigrationFailed {
                version: 4,
                statement_index: 2,
                ..
            }
        ),
        "{err:?}"
    );
    let row = &history(&pool).await[3];
    assert_eq!(
        (row.2, row.3),
        (false, 1),
        "the index is committed, the rest is not"
    );
    let dry = apply(
        &db.url,
        &migrations,
        ApplyOptions {
            dry_run: true,
            ..Default::default()
        },
        &|_| {},
    )
    .await
    .unwrap();
    assert_eq!(dry.pending[0].resume_at, 1);
    pool.close().await;
    db.drop_db().await;
}

#[tokio::test]
async fn a_failed_concurrent_unique_index_is_dropped_and_rebuilt_on_the_next_apply() {
    let db = TestDb::create().await;
    let pool = db.pool().await;
    let mut migrations = base();
    apply(&db.url, &migrations, ApplyOptions::default(), &|_| {})
        .await
        .unwrap();
    sqlx::raw_sql("INSERT INTO users (email) VALUES ('a@x'), ('a@x'), ('b@x');")
        .execute(&pool)
        .await
        .unwrap();
    migrations.push(migration(
        3,
        "unique_email",
        "CREATE UNIQUE INDEX CONCURRENTLY users_email_key ON users (email);",
    ));
    // Duplicates: the build fails and PostgreSQL leaves an INVALID index under that name.
    let err = apply(&db.url, &migrations, ApplyOptions::default(), &|_| {})
        .await
        .unwrap_err();
    assert!(
        matches!(err, ApplyError::MigrationFailed { version: 3, .. }),
        "{err:?}"
    );
    let valid = || {
        sqlx::query_scalar::<_, bool>(
            "SELECT i.indisvalid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid \
             WHERE c.relname = 'users_email_key'",
        )
        .fetch_optional(&pool)
    };
    assert_eq!(
        valid().await.unwrap(),
        Some(false),
        "an invalid index is left"
    );
    // The data is fixed by hand; the same migration now applies without anyone dropping the
    // invalid index first.
    sqlx::raw_sql(
        "DELETE FROM users WHERE ctid NOT IN (SELECT min(ctid) FROM users GROUP BY email);",
    )
    .execute(&pool)
    .await
    .unwrap();
    apply(&db.url, &migrations, ApplyOptions::default(), &|_| {})
        .await
        .unwrap();
    assert_eq!(valid().await.unwrap(), Some(true));
    assert_eq!(
        history(&pool).await[2],
        (3, "0003_unique_email".into(), true, 1, None)
    );
    pool.close().await;
    db.drop_db().await;
}

#[tokio::test]
async fn a_concurrent_index_finished_after_its_client_died_counts_as_done_on_resume() {
    let db = TestDb::create().await;
    let pool = db.pool().await;
    let mut migrations = base();
    apply(&db.url, &migrations, ApplyOptions::default(), &|_| {})
        .await
        .unwrap();
    let sql = "CREATE INDEX CONCURRENTLY users_email_idx ON users (email);\n\
               ALTER TABLE users ADD COLUMN nickname text;";
    migrations.push(migration(3, "email_idx", sql));
    // What a killed server leaves when PostgreSQL finished the build anyway: the migration
    // recorded as under way at statement 0 (no error), and the index already there.
    sqlx::raw_sql(&format!(
        "CREATE INDEX users_email_idx ON users (email);\n\
         INSERT INTO joinery.schema_migrations (version, name, checksum, started_at, \
         statements_applied, statements_total, success) \
         VALUES (3, '0003_email_idx', '{}', now(), 0, 2, false);",
        checksum(sql)
    ))
    .execute(&pool)
    .await
    .unwrap();
    let (events, sink) = collect();
    apply(&db.url, &migrations, ApplyOptions::default(), &sink)
        .await
        .unwrap();
    let ran: Vec<(usize, i64)> = events
        .lock()
        .unwrap()
        .iter()
        .filter_map(|e| match e {
            ApplyEvent::Statement { index, ms, .. } => Some((*index, *ms)),
            _ => None,
        })
        .collect();
    assert_eq!(ran.len(), 2, "{ran:?}");
    assert_eq!(
        history(&pool).await[2],
        (3, "0003_email_idx".into(), true, 2, None)
    );
    let has_nickname: bool = sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM information_schema.columns \
         WHERE table_name = 'users' AND column_name = 'nickname')",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert!(has_nickname);

    // A user's own index of that name, met by a migration that was not cut off there, is a
    // conflict: PostgreSQL's error stands.
    sqlx::raw_sql("CREATE INDEX posts_body_idx ON posts (body);")
        .execute(&pool)
        .await
        .unwrap();
    migrations.push(migration(
        4,
        "body_idx",
        "CREATE INDEX CONCURRENTLY posts_body_idx ON posts (body);",
    ));
    let err = apply(&db.url, &migrations, ApplyOptions::default(), &|_| {})
        .await
        .unwrap_err();
    assert!(format!("{err:?}").contains("already exists"), "{err:?}");
    pool.close().await;
    db.drop_db().await;
}

#[tokio::test]
async fn dry_run_creates_nothing() {
    let db = TestDb::create().await;
    let pool = db.pool().await;
    let report = apply(
        &db.url,
        &base(),
        ApplyOptions {
            dry_run: true,
            ..Default::default()
        },
        &|_| {},
    )
    .await
    .unwrap();
    assert!(report.dry_run);
    assert_eq!(report.pending.len(), 2);
    assert!(report.applied.is_empty());
    let history: Option<String> =
        sqlx::query_scalar("SELECT to_regclass('joinery.schema_migrations')::text")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(history, None);
    assert!(tables(&pool).await.is_empty());
    pool.close().await;
    db.drop_db().await;
}

#[tokio::test]
async fn concurrent_applies_serialize_on_the_advisory_lock() {
    let db = TestDb::create().await;
    let pool = db.pool().await;
    let mut migrations = base();
    // A slow one, so the runs really overlap.
    migrations.push(migration(
        3,
        "slow",
        "SELECT pg_sleep(0.3);\nCREATE TABLE slow (x int);",
    ));
    let migrations = Arc::new(migrations);
    let waited = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let mut tasks = Vec::new();
    for _ in 0..20 {
        let url = db.url.clone();
        let migrations = migrations.clone();
        let waited = waited.clone();
        tasks.push(tokio::spawn(async move {
            let sink = move |e: ApplyEvent| {
                if e == (ApplyEvent::WaitingForLock {}) {
                    waited.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                }
            };
            apply(&url, &migrations, ApplyOptions::default(), &sink).await
        }));
    }
    let mut applied = Vec::new();
    for task in tasks {
        let report = task.await.unwrap().unwrap();
        applied.extend(report.applied.iter().map(|a| a.version));
    }
    applied.sort_unstable();
    assert_eq!(
        applied,
        vec![1, 2, 3],
        "every migration applied exactly once"
    );
    let rows = history(&pool).await;
    assert_eq!(rows.len(), 3);
    assert!(rows.iter().all(|r| r.2 && r.4.is_none()));
    pool.close().await;
    db.drop_db().await;
}

#[tokio::test]
async fn connection_errors_are_classified_without_the_password() {
    let db = TestDb::create().await;
    let url = db.url.replace("postgres@", "postgres:Sup3rS3cret@");
    let missing = format!("{}_missing", url);
    let err = apply(&missing, &base(), ApplyOptions::default(), &|_| {})
        .await
        .unwrap_err();
    let text = err.to_string();
    assert!(text.contains("does not exist"), "{text}");
    assert!(!text.contains("Sup3rS3cret"), "{text}");
    let ApplyError::Connect(c) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(
        c.kind,
        joinery_backend::apply::ConnectErrorKind::DatabaseMissing
    );
    let unreachable = "postgres://u:Sup3rS3cret@127.0.0.1:1/db";
    let err = apply(unreachable, &base(), ApplyOptions::default(), &|_| {})
        .await
        .unwrap_err();
    let ApplyError::Connect(c) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(
        c.kind,
        joinery_backend::apply::ConnectErrorKind::Unreachable
    );
    assert!(!err.to_string().contains("Sup3rS3cret"));
    db.drop_db().await;
}
