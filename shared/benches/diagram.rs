//! Diagram layout and routing at scale: a generated 1,000-table schema (the canvas reroutes
//! once per document change, so this is the pause after an edit at that size).

use criterion::{criterion_group, criterion_main, Criterion};
use joinery_shared::diagram::{layered_layout, Diagram};

fn bench(c: &mut Criterion) {
    let mut doc = joinery_shared::generate::realistic_schema(11, 1000, 12);
    let mut group = c.benchmark_group("diagram_1000_tables");
    group.sample_size(10);
    group.bench_function("layered_layout", |b| b.iter(|| layered_layout(&doc)));
    doc.layout.placements = layered_layout(&doc);
    group.bench_function("route_all_edges", |b| b.iter(|| Diagram::of(&doc)));
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
