//! Diff + plan of two generated 1,000-table schemas differing in ~5% of objects, timed in the
//! browser (headless Chromium). A benchmark, not a test: it is `#[ignore]`d and run by
//! `cargo xtask bench-wasm`, which prints the figures; nothing asserts on time.
#![cfg(target_arch = "wasm32")]

use joinery_shared::model::{Column, ColumnType, Document, Id};
use joinery_shared::plan::{migrate, PlanOptions};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn now() -> f64 {
    web_sys::window().unwrap().performance().unwrap().now()
}

/// Changes about 5% of the tables: renames, new and dropped columns, type and nullability changes.
pub fn mutate(doc: &Document) -> Document {
    let mut out = doc.clone();
    let n = out.schema.tables.len();
    for (k, i) in (0..n).step_by(20).enumerate() {
        let t = &mut out.schema.tables[i];
        match k % 5 {
            0 => t.name = format!("{}_renamed", t.name),
            1 => t.columns.push(Column {
                collation: None,
                id: Id::new(format!("bench_col_{i}")),
                name: format!("extra_{i}"),
                ty: ColumnType::Text,
                not_null: false,
                default: None,
                identity: None,
                identity_options: Default::default(),
                generated: None,
                comment: None,
            }),
            2 => {
                if let Some(c) = t
                    .columns
                    .iter_mut()
                    .rev()
                    .find(|c| matches!(c.ty, ColumnType::Text))
                {
                    c.ty = ColumnType::Varchar { length: Some(200) };
                }
            }
            3 => {
                if let Some(c) = t.columns.iter_mut().rev().find(|c| !c.not_null) {
                    c.not_null = true;
                }
            }
            _ => {
                if let Some(c) = t.columns.last_mut() {
                    c.name = format!("{}_v2", c.name);
                }
            }
        }
    }
    out
}

#[wasm_bindgen_test]
#[ignore]
fn bench_diff_and_plan_1000_tables() {
    let a = joinery_shared::generate::realistic_schema(1, 1000, 15);
    let b = mutate(&a);
    let mut times = Vec::new();
    let mut statements = 0;
    // The first runs also pay for the engine's tier-up (baseline code, then optimised): they
    // warm up, unmeasured, and enough runs follow for a median that is not noise.
    for run in 0..24 {
        let start = now();
        let plan = migrate(&a.schema, &b.schema, &PlanOptions::default());
        if run >= 3 {
            times.push(now() - start);
        }
        statements = plan.statements.len();
    }
    times.sort_by(|x, y| x.total_cmp(y));
    console_log!(
        "wasm diff+plan, 1,000 tables x 15 columns, ~5% changed: median {:.1} ms, min {:.1} ms, max {:.1} ms over {} runs after 3 warm-up runs ({} statements)",
        times[times.len() / 2],
        times[0],
        times[times.len() - 1],
        times.len(),
        statements
    );
    assert!(statements > 0);
}
