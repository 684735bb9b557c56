//! How the engine cuts a migration on real PostgreSQL: a concurrent index build runs alone and,
//! while it waits for a writer's open transaction (its "waiting for writers" phase), the run
//! reports `index_progress` events read from `pg_stat_progress_create_index`, then finishes once
//! the writer commits; a statement marked `own_transaction` (an online `VALIDATE CONSTRAINT`)
//! commits what came before and runs in a transaction of its own, also when read back from an
//! exported migration file.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use joinery_backend::apply::files::split_statements;
use joinery_backend::apply::{apply, checksum, ApplyEvent, ApplyOptions, Migration};
use joinery_backend::testing::TestDb;
use sqlx::{Connection, Executor, PgConnection};

#[tokio::test]
async fn a_concurrent_index_build_reports_its_progress() {
    let db = TestDb::create().await;
    let mut setup = PgConnection::connect(&db.url).await.unwrap();
    setup
        .execute("CREATE TABLE big AS SELECT g AS id FROM generate_series(1, 20000) g")
        .await
        .unwrap();
    // A writer with an open transaction: the build must wait for it before it starts.
    let mut writer = PgConnection::connect(&db.url).await.unwrap();
    writer.execute("BEGIN").await.unwrap();
    writer.execute("INSERT INTO big VALUES (0)").await.unwrap();
    let sql = "CREATE INDEX CONCURRENTLY big_id_idx ON big (id);";
    let migrations = vec![Migration {
        version: 1,
        name: "0001_index".into(),
        checksum: checksum(sql),
        statements: split_statements(sql).unwrap(),
    }];
    assert!(!migrations[0].statements[0].transactional);
    let events = Arc::new(Mutex::new(Vec::new()));
    let seen = events.clone();
    let record = move |e: ApplyEvent| seen.lock().unwrap().push(e);
    let release = async {
        tokio::time::sleep(Duration::from_millis(2600)).await;
        writer.execute("COMMIT").await.unwrap();
    };
    let (report, ()) = tokio::join!(
        apply(&db.url, &migrations, ApplyOptions::default(), &record),
        release
    );
    let report = report.expect("the build finishes once the writer commits");
    assert_eq!(report.applied.len(), 1);
    let events = events.lock().unwrap().clone();
    let progress: Vec<_> = events
        .iter()
        .filter_map(|e| match e {
            ApplyEvent::IndexProgress {
                statement_index,
                progress,
                ..
            } => Some((*statement_index, progress.phase.clone())),
            _ => None,
        })
        .collect();
    assert!(
        progress
            .iter()
            .any(|(i, phase)| *i == 0 && phase.contains("waiting for writers")),
        "{progress:?}"
    );
    let valid: bool = sqlx::query_scalar(
        "SELECT indisvalid FROM pg_index WHERE indexrelid = 'big_id_idx'::regclass",
    )
    .fetch_one(&mut setup)
    .await
    .unwrap();
    assert!(valid);
}

#[tokio::test]
async fn a_validate_marked_own_transaction_commits_what_came_before() {
    let db = TestDb::create().await;
    let mut conn = PgConnection::connect(&db.url).await.unwrap();
    conn.execute("CREATE TABLE t (x int); INSERT INTO t VALUES (-1)")
        .await
        .unwrap();
    // As Joinery exports an online check: the add, then the validation on its own.
    let sql = "ALTER TABLE t ADD CONSTRAINT x_positive CHECK (x > 0) NOT VALID;\n\n\
               -- hazard: may fail on existing data: fails if existing rows of t violate x_positive\n\
               -- joinery: own transaction\n\
               ALTER TABLE t VALIDATE CONSTRAINT x_positive;\n";
    let statements = split_statements(sql).unwrap();
    assert!(!statements[0].own_transaction);
    assert!(statements[1].own_transaction);
    assert_eq!(
        statements[1].hazards[0].kind.name(),
        "may_fail_on_existing_data"
    );
    let migrations = vec![Migration {
        version: 1,
        name: "0001_check".into(),
        checksum: checksum(sql),
        statements,
    }];
    let failed = apply(&db.url, &migrations, ApplyOptions::default(), &|_| {}).await;
    assert!(failed.is_err(), "{failed:?}");
    // The NOT VALID add committed on its own; the validation failed alone, and the history
    // says one statement is applied, so a re-run resumes at the validation.
    let kept: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM pg_constraint WHERE conname = 'x_positive' AND NOT convalidated",
    )
    .fetch_one(&mut conn)
    .await
    .unwrap();
    assert_eq!(kept, 1);
    let applied: i32 = sqlx::query_scalar(
        "SELECT statements_applied FROM joinery.schema_migrations WHERE version = 1",
    )
    .fetch_one(&mut conn)
    .await
    .unwrap();
    assert_eq!(applied, 1);
    conn.execute("UPDATE t SET x = 1").await.unwrap();
    let report = apply(&db.url, &migrations, ApplyOptions::default(), &|_| {})
        .await
        .expect("resumes at the validation once the data is fixed");
    assert_eq!(report.applied[0].statements, 1);
    let valid: bool =
        sqlx::query_scalar("SELECT convalidated FROM pg_constraint WHERE conname = 'x_positive'")
            .fetch_one(&mut conn)
            .await
            .unwrap();
    assert!(valid);
}
