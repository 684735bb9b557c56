//! Layered auto-layout for FK graphs: referenced tables to the left of the tables that reference
//! them, rows ordered to reduce crossings, unrelated tables in a grid underneath.
//!
//! Hand-written rather than taken from `rust-sugiyama` because that crate calls
//! `std::time::Instant::now()`, which panics in the browser (wasm32-unknown-unknown). The steps are
//! Sugiyama's: layering by longest path (cycles broken by ignoring back edges), barycenter
//! ordering sweeps, then coordinates from card sizes. Linear in tables + FKs per sweep.

use std::collections::{BTreeMap, HashMap};

use joinery_shared::model::{Document, Id, Placement};

use crate::geometry::{card_height, card_width};

const LAYER_GAP: f64 = 120.0;
const ROW_GAP: f64 = 40.0;
const SWEEPS: usize = 6;

/// New placements for every table of `doc` (colors are kept).
pub fn layered_layout(doc: &Document) -> BTreeMap<Id, Placement> {
    let tables = &doc.schema.tables;
    let n = tables.len();
    let index: HashMap<&Id, usize> = tables.iter().enumerate().map(|(i, t)| (&t.id, i)).collect();
    // parents[i]: tables that table i references (deduplicated, self-references dropped).
    let mut parents: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (i, t) in tables.iter().enumerate() {
        for fk in &t.foreign_keys {
            if let Some(&j) = index.get(&fk.ref_table) {
                if j != i && !parents[i].contains(&j) {
                    parents[i].push(j);
                    children[j].push(i);
                }
            }
        }
    }
    let layer = assign_layers(&parents);
    let connected: Vec<bool> = (0..n)
        .map(|i| !parents[i].is_empty() || !children[i].is_empty())
        .collect();

    let layers_count = (0..n)
        .filter(|&i| connected[i])
        .map(|i| layer[i] + 1)
        .max()
        .unwrap_or(0);
    let mut layers: Vec<Vec<usize>> = vec![Vec::new(); layers_count];
    for i in (0..n).filter(|&i| connected[i]) {
        layers[layer[i]].push(i);
    }
    order_layers(&mut layers, &parents, &children, n);

    let widths: Vec<f64> = tables.iter().map(|t| card_width(&doc.schema, t)).collect();
    let heights: Vec<f64> = tables
        .iter()
        .map(|t| card_height(t.columns.len()))
        .collect();
    let total_area: f64 = (0..n)
        .map(|i| (widths[i] + LAYER_GAP) * (heights[i] + ROW_GAP))
        .sum();
    let max_column_h = (total_area.sqrt() * 0.9).max(1600.0);

    let mut out = BTreeMap::new();
    let mut x = 0.0;
    let mut bottom: f64 = 0.0;
    for layer in &layers {
        // A tall layer wraps into several sub-columns.
        let mut y = 0.0;
        let mut column_w: f64 = 0.0;
        for &i in layer {
            if y > 0.0 && y + heights[i] > max_column_h {
                x += column_w + ROW_GAP;
                y = 0.0;
                column_w = 0.0;
            }
            out.insert(tables[i].id.clone(), placed(doc, &tables[i].id, x, y));
            y += heights[i] + ROW_GAP;
            bottom = bottom.max(y);
            column_w = column_w.max(widths[i]);
        }
        x += column_w + LAYER_GAP;
    }
    // Unrelated tables: a grid below (or at the origin when nothing is related).
    let grid_top = if bottom > 0.0 {
        bottom + LAYER_GAP
    } else {
        0.0
    };
    let grid_w = x.max(max_column_h);
    let (mut gx, mut gy, mut row_h) = (0.0, grid_top, 0.0_f64);
    for i in (0..n).filter(|&i| !connected[i]) {
        if gx > 0.0 && gx + widths[i] > grid_w {
            gx = 0.0;
            gy += row_h + ROW_GAP;
            row_h = 0.0;
        }
        out.insert(tables[i].id.clone(), placed(doc, &tables[i].id, gx, gy));
        gx += widths[i] + ROW_GAP;
        row_h = row_h.max(heights[i]);
    }
    out
}

fn placed(doc: &Document, id: &Id, x: f64, y: f64) -> Placement {
    let color = doc.layout.placements.get(id).and_then(|p| p.color.clone());
    Placement {
        x: x.round(),
        y: y.round(),
        color,
    }
}

/// Longest-path layering: a table sits one layer right of the rightmost table it references.
fn assign_layers(parents: &[Vec<usize>]) -> Vec<usize> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        Active,
        Done,
    }
    let n = parents.len();
    let mut layer = vec![0usize; n];
    let mut mark = vec![Mark::New; n];
    for start in 0..n {
        if mark[start] != Mark::New {
            continue;
        }
        // Iterative DFS (deep FK chains must not overflow the wasm stack).
        let mut stack = vec![(start, 0usize)];
        mark[start] = Mark::Active;
        while let Some(&mut (node, ref mut next)) = stack.last_mut() {
            if *next < parents[node].len() {
                let p = parents[node][*next];
                *next += 1;
                if mark[p] == Mark::New {
                    mark[p] = Mark::Active;
                    stack.push((p, 0));
                }
                // Active parent = a cycle: that edge is ignored for layering.
            } else {
                layer[node] = parents[node]
                    .iter()
                    .filter(|&&p| mark[p] == Mark::Done)
                    .map(|&p| layer[p] + 1)
                    .max()
                    .unwrap_or(0);
                mark[node] = Mark::Done;
                stack.pop();
            }
        }
    }
    layer
}

/// Barycenter sweeps: each table moves towards the average row of its neighbours.
fn order_layers(
    layers: &mut [Vec<usize>],
    parents: &[Vec<usize>],
    children: &[Vec<usize>],
    n: usize,
) {
    let mut pos = vec![0.0f64; n];
    let refresh = |layers: &[Vec<usize>], pos: &mut Vec<f64>| {
        for layer in layers {
            for (k, &i) in layer.iter().enumerate() {
                pos[i] = k as f64;
            }
        }
    };
    refresh(layers, &mut pos);
    for sweep in 0..SWEEPS {
        let forward = sweep % 2 == 0;
        let order: Vec<usize> = if forward {
            (1..layers.len()).collect()
        } else {
            (0..layers.len().saturating_sub(1)).rev().collect()
        };
        for l in order {
            let neighbours = if forward { parents } else { children };
            let mut keyed: Vec<(f64, usize)> = layers[l]
                .iter()
                .map(|&i| {
                    let ns = &neighbours[i];
                    let bary = if ns.is_empty() {
                        pos[i]
                    } else {
                        ns.iter().map(|&j| pos[j]).sum::<f64>() / ns.len() as f64
                    };
                    (bary, i)
                })
                .collect();
            keyed.sort_by(|a, b| a.0.total_cmp(&b.0));
            layers[l] = keyed.into_iter().map(|(_, i)| i).collect();
            for (k, &i) in layers[l].iter().enumerate() {
                pos[i] = k as f64;
            }
        }
    }
}
