//! Layered auto-layout for FK graphs: referenced tables to the left of the tables that reference
//! them, so every relationship line can leave the child's left edge and enter the parent's right
//! edge, facing each other across a channel.
//!
//! Hand-written rather than taken from `rust-sugiyama` because that crate calls
//! `std::time::Instant::now()`, which panics in the browser (wasm32-unknown-unknown), and pulls in
//! a graph library for a few hundred lines of work. The steps are Sugiyama's:
//!
//! 1. layers by longest path (cycles broken by ignoring back edges), then tables referenced only
//!    from far right are pulled right next to their nearest child, which shortens lines;
//! 2. crossing reduction: alternating barycenter and median sweeps over the *row* positions of
//!    the FK ends (not just the cards), keeping the order with the fewest crossings;
//! 3. tall layers wrap into several columns so the diagram stays near a screen's shape;
//! 4. vertical positions: each card moves towards the rows it is connected to (so an FK row and
//!    its referenced row line up and the line between them is straight), cards keep their order
//!    and a gap (an isotonic regression per column, swept back and forth);
//! 5. the gap between columns grows with the number of lines that cross it, so lanes fit.
//!
//! Linear in tables + FKs per sweep (plus a sort).

use std::collections::{BTreeMap, HashMap};

use crate::model::{Document, Id, Placement};

use super::geometry::{card_height, card_width, row_center, ROW_H};

/// Vertical gap between cards in a column.
const ROW_GAP: f64 = 40.0;
/// The narrowest gap between columns.
const MIN_COLUMN_GAP: f64 = 110.0;
/// The widest gap between columns.
const MAX_COLUMN_GAP: f64 = 200.0;
/// Extra gap per line crossing between two columns.
const GAP_PER_LINE: f64 = 4.0;
const ORDER_SWEEPS: usize = 12;
const POSITION_SWEEPS: usize = 10;

/// One FK between two tables (by index), with the rows' offsets from their cards' tops.
#[derive(Clone, Copy, Debug)]
struct Link {
    child: usize,
    parent: usize,
    child_off: f64,
    parent_off: f64,
}

/// New placements for every table of `doc` (colors are kept).
pub fn layered_layout(doc: &Document) -> BTreeMap<Id, Placement> {
    let all: Vec<usize> = (0..doc.schema.tables.len()).collect();
    layout_subset(doc, &all, (0.0, 0.0))
}

/// Gives a placement to every table that has none: all of them when none has one, else the
/// missing ones laid out among themselves below the cards already placed. Returns how many
/// tables were placed.
pub fn complete_layout(doc: &mut Document) -> usize {
    let missing: Vec<usize> = doc
        .schema
        .tables
        .iter()
        .enumerate()
        .filter(|(_, t)| !doc.layout.placements.contains_key(&t.id))
        .map(|(i, _)| i)
        .collect();
    if missing.is_empty() {
        return 0;
    }
    let placed_bounds = doc
        .schema
        .tables
        .iter()
        .filter_map(|t| {
            let p = doc.layout.placements.get(&t.id)?;
            Some(super::geometry::card_rect(&doc.schema, t, p))
        })
        .reduce(|a, b| a.union(&b));
    let origin = placed_bounds.map_or((0.0, 0.0), |b| (b.x, b.bottom() + 2.0 * ROW_GAP));
    let placements = layout_subset(doc, &missing, origin);
    let count = placements.len();
    doc.layout.placements.extend(placements);
    count
}

/// Lays out the tables `subset` (indexes), with the top-left corner at `origin`.
fn layout_subset(doc: &Document, subset: &[usize], origin: (f64, f64)) -> BTreeMap<Id, Placement> {
    let tables = &doc.schema.tables;
    let n = subset.len();
    let local: HashMap<&Id, usize> = subset
        .iter()
        .enumerate()
        .map(|(k, &i)| (&tables[i].id, k))
        .collect();
    let mut links = Vec::new();
    let mut parents: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (k, &i) in subset.iter().enumerate() {
        let t = &tables[i];
        for fk in &t.foreign_keys {
            let Some(&p) = local.get(&fk.ref_table) else {
                continue;
            };
            if p == k {
                continue;
            }
            let (cr, pr) = super::geometry::fk_rows(t, fk, &tables[subset[p]]);
            links.push(Link {
                child: k,
                parent: p,
                child_off: row_center(cr),
                parent_off: row_center(pr),
            });
            if !parents[k].contains(&p) {
                parents[k].push(p);
                children[p].push(k);
            }
        }
    }
    let widths: Vec<f64> = subset
        .iter()
        .map(|&i| card_width(&doc.schema, &tables[i]))
        .collect();
    let heights: Vec<f64> = subset
        .iter()
        .map(|&i| card_height(tables[i].columns.len()))
        .collect();
    let connected: Vec<bool> = (0..n)
        .map(|i| !parents[i].is_empty() || !children[i].is_empty())
        .collect();
    let layer = assign_layers(&parents, &children);
    let layer_count = (0..n)
        .filter(|&i| connected[i])
        .map(|i| layer[i] + 1)
        .max()
        .unwrap_or(0);
    let mut layers: Vec<Vec<usize>> = vec![Vec::new(); layer_count];
    for i in (0..n).filter(|&i| connected[i]) {
        layers[layer[i]].push(i);
    }
    order_layers(&mut layers, &links, &heights, n);

    // Tall layers wrap into columns, so the whole stays roughly as tall as it is wide.
    let total_area: f64 = (0..n)
        .filter(|&i| connected[i])
        .map(|i| (widths[i] + MIN_COLUMN_GAP) * (heights[i] + ROW_GAP))
        .sum();
    let max_column_h = (total_area.sqrt() * 1.3).max(1200.0);
    let mut columns: Vec<Vec<usize>> = Vec::new();
    for layer in &layers {
        let mut column = Vec::new();
        let mut h = 0.0;
        for &i in layer {
            if !column.is_empty() && h + heights[i] > max_column_h {
                columns.push(std::mem::take(&mut column));
                h = 0.0;
            }
            column.push(i);
            h += heights[i] + ROW_GAP;
        }
        if !column.is_empty() {
            columns.push(column);
        }
    }
    let mut column_of = vec![usize::MAX; n];
    for (c, col) in columns.iter().enumerate() {
        for &i in col {
            column_of[i] = c;
        }
    }
    let ys = assign_rows(&columns, &links, &heights, n);

    // Column x positions: gaps sized for the lines crossing them.
    let mut crossing = vec![0usize; columns.len().saturating_sub(1)];
    for l in &links {
        let (a, b) = (column_of[l.child], column_of[l.parent]);
        if a == usize::MAX || b == usize::MAX || a == b {
            continue;
        }
        for gap in crossing.iter_mut().take(a.max(b)).skip(a.min(b)) {
            *gap += 1;
        }
    }
    let mut out = BTreeMap::new();
    let mut x = 0.0;
    let mut bottom: f64 = 0.0;
    for (c, col) in columns.iter().enumerate() {
        let column_w = col.iter().map(|&i| widths[i]).fold(0.0, f64::max);
        for &i in col {
            let id = &tables[subset[i]].id;
            out.insert(id.clone(), placed(doc, id, origin.0 + x, origin.1 + ys[i]));
            bottom = bottom.max(ys[i] + heights[i]);
        }
        let lines = crossing.get(c).copied().unwrap_or(0) as f64;
        x += column_w + (MIN_COLUMN_GAP + GAP_PER_LINE * lines).min(MAX_COLUMN_GAP);
    }
    // Unrelated tables: a grid below (or at the origin when nothing is related).
    let grid_top = if bottom > 0.0 {
        bottom + 3.0 * ROW_GAP
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
        let id = &tables[subset[i]].id;
        out.insert(id.clone(), placed(doc, id, origin.0 + gx, origin.1 + gy));
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

/// Longest-path layering (a table sits one layer right of the rightmost table it references),
/// then every table that is referenced is pulled right to just left of its nearest child.
fn assign_layers(parents: &[Vec<usize>], children: &[Vec<usize>]) -> Vec<usize> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        Active,
        Done,
    }
    let n = parents.len();
    let mut layer = vec![0usize; n];
    let mut mark = vec![Mark::New; n];
    let mut finished = Vec::with_capacity(n);
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
                finished.push(node);
                stack.pop();
            }
        }
    }
    // Pull right, children first (reverse finishing order = children before parents).
    let mut by_layer: Vec<usize> = (0..n).collect();
    by_layer.sort_by_key(|&i| std::cmp::Reverse(layer[i]));
    for i in by_layer {
        let nearest = children[i]
            .iter()
            .map(|&c| layer[c])
            .filter(|&l| l > layer[i])
            .min();
        if let Some(l) = nearest {
            layer[i] = l - 1;
        }
    }
    layer
}

/// Crossing reduction: sweeps that sort each layer by where its cards' FK rows want to be.
fn order_layers(layers: &mut [Vec<usize>], links: &[Link], heights: &[f64], n: usize) {
    if layers.len() < 2 {
        return;
    }
    let mut layer_of = vec![usize::MAX; n];
    for (l, layer) in layers.iter().enumerate() {
        for &i in layer {
            layer_of[i] = l;
        }
    }
    // Neighbour lists with row offsets: (other table, own row offset, other's row offset).
    let mut up: Vec<Vec<(usize, f64, f64)>> = vec![Vec::new(); n]; // towards parents
    let mut down: Vec<Vec<(usize, f64, f64)>> = vec![Vec::new(); n]; // towards children
    for l in links {
        up[l.child].push((l.parent, l.child_off, l.parent_off));
        down[l.parent].push((l.child, l.parent_off, l.child_off));
    }
    let mut top = vec![0.0f64; n];
    let stack = |layer: &[usize], top: &mut Vec<f64>| {
        let mut y = 0.0;
        for &i in layer {
            top[i] = y;
            y += heights[i] + ROW_GAP;
        }
    };
    for layer in layers.iter() {
        stack(layer, &mut top);
    }
    let mut best = layers.to_vec();
    let mut best_crossings = count_crossings(links, &layer_of, &top);
    for sweep in 0..ORDER_SWEEPS {
        let forward = sweep % 2 == 0;
        let median = (sweep / 2) % 2 == 1;
        let order: Vec<usize> = if forward {
            (1..layers.len()).collect()
        } else {
            (0..layers.len() - 1).rev().collect()
        };
        for l in order {
            let neighbours = if forward { &up } else { &down };
            let mut keyed: Vec<(f64, usize)> = layers[l]
                .iter()
                .map(|&i| {
                    let mut wants: Vec<f64> = neighbours[i]
                        .iter()
                        .filter(|&&(j, _, _)| layer_of[j] != l)
                        .map(|&(j, own, other)| top[j] + other - own)
                        .collect();
                    let key = if wants.is_empty() {
                        top[i]
                    } else if median {
                        wants.sort_by(f64::total_cmp);
                        let m = wants.len();
                        if m % 2 == 1 {
                            wants[m / 2]
                        } else {
                            (wants[m / 2 - 1] + wants[m / 2]) / 2.0
                        }
                    } else {
                        wants.iter().sum::<f64>() / wants.len() as f64
                    };
                    (key + heights[i] / 2.0, i)
                })
                .collect();
            keyed.sort_by(|a, b| a.0.total_cmp(&b.0));
            layers[l] = keyed.into_iter().map(|(_, i)| i).collect();
            stack(&layers[l], &mut top);
        }
        let crossings = count_crossings(links, &layer_of, &top);
        if crossings < best_crossings {
            best_crossings = crossings;
            best = layers.to_vec();
        }
    }
    layers.clone_from_slice(&best);
}

/// Crossings of straight lines between FK rows, counted among lines joining the same two layers.
fn count_crossings(links: &[Link], layer_of: &[usize], top: &[f64]) -> usize {
    let mut groups: HashMap<(usize, usize), Vec<(f64, f64)>> = HashMap::new();
    for l in links {
        let (a, b) = (layer_of[l.child], layer_of[l.parent]);
        if a == usize::MAX || b == usize::MAX || a == b {
            continue;
        }
        groups
            .entry((a, b))
            .or_default()
            .push((top[l.child] + l.child_off, top[l.parent] + l.parent_off));
    }
    let mut total = 0;
    for (_, mut lines) in groups {
        lines.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
        let mut ends: Vec<f64> = lines.into_iter().map(|l| l.1).collect();
        total += inversions(&mut ends);
    }
    total
}

/// Strict inversions of a sequence (merge sort).
fn inversions(v: &mut [f64]) -> usize {
    let n = v.len();
    if n < 2 {
        return 0;
    }
    let mid = n / 2;
    let mut count = inversions(&mut v[..mid]) + inversions(&mut v[mid..]);
    let mut merged = Vec::with_capacity(n);
    let (mut i, mut j) = (0, mid);
    while i < mid && j < n {
        if v[j] < v[i] {
            count += mid - i;
            merged.push(v[j]);
            j += 1;
        } else {
            merged.push(v[i]);
            i += 1;
        }
    }
    merged.extend_from_slice(&v[i..mid]);
    merged.extend_from_slice(&v[j..n]);
    v.copy_from_slice(&merged);
    count
}

/// Vertical positions: each column is an ordered stack; cards move towards the rows they are
/// linked to, keeping their order and a gap (weighted isotonic regression, pool-adjacent-
/// violators), swept over the columns a few times. Returns the tops, smallest at 0.
fn assign_rows(columns: &[Vec<usize>], links: &[Link], heights: &[f64], n: usize) -> Vec<f64> {
    let mut top = vec![0.0f64; n];
    for col in columns {
        let mut y = 0.0;
        for &i in col {
            top[i] = y;
            y += heights[i] + ROW_GAP;
        }
    }
    // (other, own offset, other offset) for every link end.
    let mut adj: Vec<Vec<(usize, f64, f64)>> = vec![Vec::new(); n];
    for l in links {
        adj[l.child].push((l.parent, l.child_off, l.parent_off));
        adj[l.parent].push((l.child, l.parent_off, l.child_off));
    }
    let mut in_column = vec![usize::MAX; n];
    for (c, col) in columns.iter().enumerate() {
        for &i in col {
            in_column[i] = c;
        }
    }
    for sweep in 0..POSITION_SWEEPS {
        let order: Vec<usize> = if sweep % 2 == 0 {
            (0..columns.len()).collect()
        } else {
            (0..columns.len()).rev().collect()
        };
        for c in order {
            let col = &columns[c];
            let mut want = Vec::with_capacity(col.len());
            let mut weight = Vec::with_capacity(col.len());
            for &i in col {
                let others: Vec<f64> = adj[i]
                    .iter()
                    .filter(|&&(j, _, _)| in_column[j] != c && in_column[j] != usize::MAX)
                    .map(|&(j, own, other)| top[j] + other - own)
                    .collect();
                if others.is_empty() {
                    want.push(top[i]);
                    weight.push(0.05);
                } else {
                    // The median resists being pulled between distant neighbours.
                    let mut s = others.clone();
                    s.sort_by(f64::total_cmp);
                    let m = s.len();
                    let median = if m % 2 == 1 {
                        s[m / 2]
                    } else {
                        (s[m / 2 - 1] + s[m / 2]) / 2.0
                    };
                    want.push(median);
                    weight.push(m as f64);
                }
            }
            let placed = isotonic_stack(col, &want, &weight, heights);
            for (k, &i) in col.iter().enumerate() {
                // Snap to half a row so straight lines stay exactly straight.
                top[i] = (placed[k] / (ROW_H / 2.0)).round() * (ROW_H / 2.0);
            }
            // Rounding must not close a gap.
            for k in 1..col.len() {
                let min = top[col[k - 1]] + heights[col[k - 1]] + ROW_GAP;
                if top[col[k]] < min {
                    top[col[k]] = min;
                }
            }
        }
    }
    let min = top.iter().copied().fold(f64::INFINITY, f64::min);
    if min.is_finite() {
        for t in &mut top {
            *t -= min;
        }
    }
    top
}

/// Tops for an ordered stack as close as possible (weighted least squares) to `want`, keeping
/// order and a `ROW_GAP` between cards.
fn isotonic_stack(col: &[usize], want: &[f64], weight: &[f64], heights: &[f64]) -> Vec<f64> {
    let mut offset = Vec::with_capacity(col.len());
    let mut acc = 0.0;
    for &i in col {
        offset.push(acc);
        acc += heights[i] + ROW_GAP;
    }
    // Pool adjacent violators on z = top - offset (z must not decrease).
    let mut blocks: Vec<(f64, f64, usize)> = Vec::new(); // (mean, weight, count)
    for k in 0..col.len() {
        let mut block = (want[k] - offset[k], weight[k], 1usize);
        while let Some(&last) = blocks.last() {
            if last.0 <= block.0 {
                break;
            }
            blocks.pop();
            let w = last.1 + block.1;
            block = (
                (last.0 * last.1 + block.0 * block.1) / w,
                w,
                last.2 + block.2,
            );
        }
        blocks.push(block);
    }
    let mut out = Vec::with_capacity(col.len());
    for (mean, _, count) in blocks {
        for _ in 0..count {
            let k = out.len();
            out.push(mean + offset[k]);
        }
    }
    out
}
