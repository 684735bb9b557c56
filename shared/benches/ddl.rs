//! DDL rendering and validation speed on a generated 1,000-table schema (the live SQL preview
//! re-renders on every edit, so this must stay well under a frame budget for normal schemas).

use criterion::{criterion_group, criterion_main, Criterion};
use joinery_shared::ddl::render_schema;
use joinery_shared::generate::realistic_schema;
use joinery_shared::normalize::canonical;
use joinery_shared::validate::validate;
use std::hint::black_box;

fn bench(c: &mut Criterion) {
    let doc = realistic_schema(1, 1000, 15);
    let schema = &doc.schema;
    let mut group = c.benchmark_group("schema_1000_tables");
    group.sample_size(20);
    group.bench_function("render_schema", |b| {
        b.iter(|| render_schema(black_box(schema)))
    });
    group.bench_function("validate", |b| b.iter(|| validate(black_box(schema))));
    group.bench_function("canonical", |b| b.iter(|| canonical(black_box(schema))));
    group.bench_function("generate", |b| {
        b.iter(|| realistic_schema(black_box(1), 1000, 15))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
