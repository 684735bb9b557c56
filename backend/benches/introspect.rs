//! Introspection speed on a large database: `realistic_schema(7, 1000, 15)` (1,000 tables of about
//! 15 columns, with their keys, foreign keys, indexes, checks, enums and views) applied to a fresh
//! PostgreSQL database, then read back. Needs the server of `joinery_backend::testing`.
//!
//! Run: `cargo bench -p joinery-backend --bench introspect`.

use criterion::{criterion_group, criterion_main, Criterion};
use joinery_backend::introspect::{introspect, IntrospectOptions};
use joinery_backend::testing::TestDb;

const TABLES: usize = 1000;
const COLUMNS: usize = 15;

fn bench_introspect(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("a tokio runtime");
    let model = joinery_shared::generate::realistic_schema(7, TABLES, COLUMNS).schema;
    let sql = joinery_shared::ddl::render_schema(&model);

    let (db, pool) = runtime.block_on(async {
        let db = TestDb::create().await;
        let pool = db.pool().await;
        let started = std::time::Instant::now();
        sqlx::raw_sql(&sql)
            .execute(&pool)
            .await
            .expect("the generated schema applies");
        eprintln!(
            "applied {} tables ({} bytes of DDL) in {:.1?}",
            model.tables.len(),
            sql.len(),
            started.elapsed()
        );
        (db, pool)
    });

    let read = runtime
        .block_on(introspect(&pool, &IntrospectOptions::default()))
        .expect("introspection succeeds");
    assert_eq!(read.schema.tables.len(), model.tables.len());

    let mut group = c.benchmark_group("introspect");
    group.sample_size(10);
    group.bench_function("1000_tables_15_columns", |b| {
        b.iter(|| {
            runtime
                .block_on(introspect(&pool, &IntrospectOptions::default()))
                .expect("introspection succeeds")
        })
    });
    group.finish();

    runtime.block_on(async {
        pool.close().await;
        db.drop_db().await;
    });
}

criterion_group!(benches, bench_introspect);
criterion_main!(benches);
