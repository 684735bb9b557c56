//! Lock timeouts on real PostgreSQL: with a long transaction holding a table, the apply gives up
//! its lock wait within `lock_timeout` (so the table's ordinary readers, queued behind the
//! apply's lock request, wait no longer than that), retries with backoff, and either succeeds
//! once the lock is free or fails cleanly with nothing applied. Reader latency is measured.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use joinery_backend::apply::files::split_statements;
use joinery_backend::apply::{apply, checksum, ApplyEvent, ApplyOptions, Migration, Timeouts};
use joinery_backend::testing::TestDb;
use sqlx::{Connection, Executor, PgConnection};

fn add_column() -> Vec<Migration> {
    let sql = "ALTER TABLE big ADD COLUMN note text;";
    vec![Migration {
        version: 1,
        name: "0001_add_note".into(),
        checksum: checksum(sql),
        statements: split_statements(sql).unwrap(),
    }]
}

fn options(lock_timeout_ms: u64, lock_retries: u32) -> ApplyOptions {
    ApplyOptions {
        dry_run: false,
        timeouts: Timeouts {
            lock_timeout_ms,
            statement_timeout_ms: 0,
            lock_retries,
            retry_backoff_ms: 200,
        },
        ..Default::default()
    }
}

/// Runs `SELECT count(*) FROM big` every 20 ms until `done`, returning the slowest one.
async fn reader(url: String, done: Arc<Mutex<bool>>) -> Duration {
    let mut conn = PgConnection::connect(&url).await.unwrap();
    let mut slowest = Duration::ZERO;
    while !*done.lock().unwrap() {
        let t = Instant::now();
        let _: i64 = sqlx::query_scalar("SELECT count(*) FROM big")
            .fetch_one(&mut conn)
            .await
            .unwrap();
        slowest = slowest.max(t.elapsed());
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    slowest
}

async fn setup() -> (TestDb, PgConnection) {
    let db = TestDb::create().await;
    let mut conn = PgConnection::connect(&db.url).await.unwrap();
    conn.execute("CREATE TABLE big AS SELECT g AS id FROM generate_series(1, 1000) g")
        .await
        .unwrap();
    // A long transaction that read the table: it holds ACCESS SHARE until it ends.
    let mut holder = PgConnection::connect(&db.url).await.unwrap();
    holder.execute("BEGIN").await.unwrap();
    holder.execute("SELECT count(*) FROM big").await.unwrap();
    (db, holder)
}

async fn has_note(url: &str) -> bool {
    let mut conn = PgConnection::connect(url).await.unwrap();
    sqlx::query_scalar::<_, bool>(
        "SELECT EXISTS (SELECT 1 FROM information_schema.columns \
         WHERE table_name = 'big' AND column_name = 'note')",
    )
    .fetch_one(&mut conn)
    .await
    .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_held_lock_never_queues_readers_longer_than_the_lock_timeout() {
    let (db, holder) = setup().await;
    let done = Arc::new(Mutex::new(false));
    let reading = tokio::spawn(reader(db.url.clone(), done.clone()));
    let events = Arc::new(Mutex::new(Vec::new()));
    let sink = events.clone();
    let started = Instant::now();
    let result = apply(&db.url, &add_column(), options(300, 2), &move |e| {
        sink.lock().unwrap().push(e)
    })
    .await;
    let took = started.elapsed();
    *done.lock().unwrap() = true;
    let slowest = reading.await.unwrap();
    let err = result.expect_err("the lock is never granted").to_string();
    assert!(err.contains("lock timeout"), "{err}");
    assert!(err.contains("no lock within 300 ms, 3 time(s)"), "{err}");
    let retries: Vec<u32> = events
        .lock()
        .unwrap()
        .iter()
        .filter_map(|e| match e {
            ApplyEvent::LockRetry { attempt, .. } => Some(*attempt),
            _ => None,
        })
        .collect();
    assert_eq!(retries, vec![1, 2]);
    // 3 waits of 300 ms and backoffs of 200 + 400 ms: well under what an unbounded wait is.
    assert!(took < Duration::from_secs(5), "{took:?}");
    println!("reader's slowest query while the apply waited: {slowest:?}");
    assert!(
        slowest < Duration::from_millis(300 + 400),
        "a reader waited {slowest:?} behind the apply"
    );
    assert!(!has_note(&db.url).await, "nothing was applied");
    drop(holder);
    db.drop_db().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn without_a_lock_timeout_readers_queue_for_the_whole_transaction() {
    // The control: the same situation with no lock timeout blocks readers until the long
    // transaction ends — the outage the timeout prevents (and proof the measurement sees it).
    let (db, mut holder) = setup().await;
    let done = Arc::new(Mutex::new(false));
    let url = db.url.clone();
    let applying =
        tokio::spawn(async move { apply(&url, &add_column(), options(0, 0), &|_| {}).await });
    tokio::time::sleep(Duration::from_millis(200)).await;
    let reading = tokio::spawn(reader(db.url.clone(), done.clone()));
    tokio::time::sleep(Duration::from_millis(1_500)).await;
    holder.execute("COMMIT").await.unwrap();
    applying.await.unwrap().unwrap();
    *done.lock().unwrap() = true;
    let slowest = reading.await.unwrap();
    assert!(slowest > Duration::from_millis(1_000), "{slowest:?}");
    assert!(has_note(&db.url).await);
    db.drop_db().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_lock_released_during_the_retries_lets_the_apply_succeed() {
    let (db, mut holder) = setup().await;
    let url = db.url.clone();
    let applying =
        tokio::spawn(async move { apply(&url, &add_column(), options(300, 5), &|_| {}).await });
    tokio::time::sleep(Duration::from_millis(700)).await;
    holder.execute("COMMIT").await.unwrap();
    let report = applying.await.unwrap().unwrap();
    assert_eq!(report.applied.len(), 1);
    assert!(has_note(&db.url).await);
    db.drop_db().await;
}
