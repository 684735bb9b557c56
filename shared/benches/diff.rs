//! Diff + plan of two generated 1,000-table schemas that differ in about 5% of their objects
//! (columns added, renamed, retyped and dropped, indexes dropped, tables renamed and dropped):
//! `joinery_shared::generate::changed_schema`.

use criterion::{criterion_group, criterion_main, Criterion};
use joinery_shared::diff::diff;
use joinery_shared::generate::{changed_schema, realistic_schema};
use joinery_shared::plan::{plan, PlanOptions};

fn bench(c: &mut Criterion) {
    let from = realistic_schema(42, 1000, 10).schema;
    let to = changed_schema(&from);
    let changes = diff(&from, &to);
    assert!(!changes.is_empty());
    let options = PlanOptions::default();
    let mut group = c.benchmark_group("diff_1000_tables");
    group.sample_size(20);
    group.bench_function("diff", |b| b.iter(|| diff(&from, &to)));
    group.bench_function("plan", |b| b.iter(|| plan(&from, &to, &changes, &options)));
    group.bench_function("diff+plan", |b| {
        b.iter(|| {
            let changes = diff(&from, &to);
            plan(&from, &to, &changes, &options)
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
