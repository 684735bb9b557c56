//! The drift guard on real PostgreSQL: a run refuses when the schema changed since the last run
//! left it (nothing runs, the history is untouched), goes on when told to, and ignores data-only
//! changes.

use joinery_backend::apply::files::split_statements;
use joinery_backend::apply::{apply, checksum, ApplyError, ApplyOptions, Migration};
use joinery_backend::testing::TestDb;
use sqlx::{Connection, Executor, PgConnection};

fn migration(version: i64, sql: &str) -> Migration {
    Migration {
        version,
        name: format!("{version:04}_m"),
        checksum: checksum(sql),
        statements: split_statements(sql).unwrap(),
    }
}

fn guarded() -> ApplyOptions {
    ApplyOptions {
        drift_guard: true,
        ..Default::default()
    }
}

#[tokio::test]
async fn a_schema_changed_by_hand_stops_the_next_run_until_allowed() {
    let db = TestDb::create().await;
    let mut conn = PgConnection::connect(&db.url).await.unwrap();
    let v1 = migration(1, "CREATE TABLE users (id int PRIMARY KEY, email text);");
    let v2 = migration(2, "CREATE INDEX users_email_idx ON users (email);");
    let v3 = migration(3, "ALTER TABLE users ADD COLUMN name text;");
    apply(&db.url, std::slice::from_ref(&v1), guarded(), &|_| {})
        .await
        .unwrap();

    // Data changes are not drift.
    conn.execute("INSERT INTO users VALUES (1, 'a@example.com')")
        .await
        .unwrap();
    let report = apply(&db.url, &[v1.clone(), v2.clone()], guarded(), &|_| {})
        .await
        .unwrap();
    assert_eq!(report.applied.len(), 1);

    // A column added by hand is.
    conn.execute("ALTER TABLE users ADD COLUMN phone text")
        .await
        .unwrap();
    let all = [v1.clone(), v2.clone(), v3.clone()];
    let err = apply(&db.url, &all, guarded(), &|_| {}).await.unwrap_err();
    assert!(matches!(err, ApplyError::Drifted { .. }), "{err}");
    assert!(
        err.to_string()
            .contains("changed since Joinery last applied"),
        "{err}"
    );
    let versions: Vec<i64> =
        sqlx::query_scalar("SELECT version FROM joinery.schema_migrations ORDER BY 1")
            .fetch_all(&mut conn)
            .await
            .unwrap();
    assert_eq!(versions, vec![1, 2], "nothing of v3 ran or was recorded");
    // Still refused on a second try: the refusal does not adopt the change.
    assert!(matches!(
        apply(&db.url, &all, guarded(), &|_| {}).await,
        Err(ApplyError::Drifted { .. })
    ));
    // Told to go on, it applies, and the result is the new baseline.
    apply(&db.url, &all, ApplyOptions::default(), &|_| {})
        .await
        .unwrap();
    let v4 = migration(4, "ALTER TABLE users ADD COLUMN age int;");
    let mut all4 = all.to_vec();
    all4.push(v4);
    let report = apply(&db.url, &all4, guarded(), &|_| {}).await.unwrap();
    assert_eq!(report.applied.len(), 1);
    // Dropping an index by hand, or changing a default, is drift too.
    conn.execute("ALTER TABLE users ALTER COLUMN age SET DEFAULT 3")
        .await
        .unwrap();
    let v5 = migration(5, "ALTER TABLE users ADD COLUMN city text;");
    all4.push(v5);
    assert!(matches!(
        apply(&db.url, &all4, guarded(), &|_| {}).await,
        Err(ApplyError::Drifted { .. })
    ));
    conn.close().await.unwrap();
    db.drop_db().await;
}
