//! Diagram layout and routing at scale: a generated 1,000-table schema (the canvas reroutes
//! once per document change, so this is the pause after an edit at that size).

use criterion::{criterion_group, criterion_main, Criterion};
use joinery_shared::diagram::geometry::card_rects;
use joinery_shared::diagram::route::{route_all_cached, RouteCache};
use joinery_shared::diagram::{connection, edges, layered_layout, Diagram};

fn bench(c: &mut Criterion) {
    let mut doc = joinery_shared::generate::realistic_schema(11, 1000, 12);
    let mut group = c.benchmark_group("diagram_1000_tables");
    group.sample_size(10);
    group.bench_function("layered_layout", |b| b.iter(|| layered_layout(&doc)));
    doc.layout.placements = layered_layout(&doc);
    group.bench_function("route_all_edges", |b| b.iter(|| Diagram::of(&doc)));
    // The canvas after an edit that widens one card (a longer column name): the lines of the
    // other cards come from the cache, the lanes are separated again.
    let mut cards = card_rects(&doc);
    let edges = edges(&doc);
    let keys: Vec<usize> = (0..edges.len()).collect();
    let mut cache = RouteCache::default();
    let connections: Vec<_> = edges.iter().map(|e| connection(&cards, e)).collect();
    route_all_cached(&cards, &connections, &keys, &mut cache);
    let widened = edges.first().map_or(0, |e| e.table);
    let base = cards[widened].w;
    let mut step = 0;
    group.bench_function("reroute_after_one_card_widens", |b| {
        b.iter(|| {
            step = step % 2 + 1;
            cards[widened].w = base + 8.0 * step as f64;
            let connections: Vec<_> = edges.iter().map(|e| connection(&cards, e)).collect();
            route_all_cached(&cards, &connections, &keys, &mut cache)
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
