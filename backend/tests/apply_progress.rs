//! Progress of a concurrent index build on real PostgreSQL: while `CREATE INDEX CONCURRENTLY`
//! waits for a writer's open transaction (its "waiting for writers" phase), the run reports
//! `index_progress` events read from `pg_stat_progress_create_index`, then finishes once the
//! writer commits.

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
