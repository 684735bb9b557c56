//! Diff + plan of two generated 1,000-table schemas that differ in about 5% of their objects
//! (columns added, renamed, retyped and dropped, indexes dropped, tables renamed and dropped).

use criterion::{criterion_group, criterion_main, Criterion};
use joinery_shared::diff::diff;
use joinery_shared::generate::realistic_schema;
use joinery_shared::model::{Column, ColumnType, Id, Schema};
use joinery_shared::plan::{plan, PlanOptions};

fn mutated(from: &Schema) -> Schema {
    let mut to = from.clone();
    let referenced: std::collections::HashSet<Id> = from
        .tables
        .iter()
        .flat_map(|t| t.foreign_keys.iter().map(|fk| fk.ref_table.clone()))
        .collect();
    let mut dropped = Vec::new();
    for (i, t) in to.tables.iter_mut().enumerate() {
        match i % 100 {
            0 => t.name = format!("{}_renamed", t.name),
            20 => t.columns.push(Column {
                collation: None,
                id: Id::new(format!("co_bench_{i}")),
                name: "bench_note".into(),
                ty: ColumnType::Text,
                not_null: false,
                default: None,
                identity: None,
                identity_options: Default::default(),
                generated: None,
                comment: None,
            }),
            40 => {
                if let Some(c) = t.columns.iter_mut().find(|c| c.ty == ColumnType::Text) {
                    c.name = format!("{}_renamed", c.name);
                }
            }
            60 => {
                if let Some(c) = t.columns.iter_mut().find(|c| c.ty == ColumnType::Integer) {
                    c.ty = ColumnType::BigInt;
                }
                t.indexes.pop();
            }
            80 if !referenced.contains(&t.id) => dropped.push(t.id.clone()),
            _ => {}
        }
        if i % 20 == 10 {
            t.comment = Some("changed".into());
        }
    }
    to.tables.retain(|t| !dropped.contains(&t.id));
    to
}

fn bench(c: &mut Criterion) {
    let from = realistic_schema(42, 1000, 10).schema;
    let to = mutated(&from);
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
