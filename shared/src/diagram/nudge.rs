//! Lane separation ("nudging") of routed lines.
//!
//! The router puts lines on shared grid lines, so several lines can run on top of each other,
//! and then nobody can tell which row a line ends at. Here every vertical run is given its own
//! lane inside the free channel around it, and so is every horizontal run that is not attached
//! to a port (those must stay on their row's centre line). Runs that overlap are put side by side
//! in the order that makes the fewest crossings with each other's connecting runs; runs that
//! do not overlap may share a lane. A run only moves inside the space left free by the cards
//! around it (and never past its neighbours' midpoints or into a marker's stub), and a line
//! whose nudged form would touch a card anyway keeps its routed form, so nudging can never
//! introduce a violation.

use std::collections::HashMap;

use super::cardinality::MARKER_LEN;
use super::geometry::{Point, Rect, RectIndex};
use super::metrics::route_crosses_cards;
use super::path::Route;

/// The smallest distance between a nudged run and a card.
pub const MIN_CLEARANCE: f64 = 6.0;
/// The distance between neighbouring lanes when there is room.
pub const LANE: f64 = 8.0;
/// How far a run may move from where it was routed.
const MAX_SHIFT: f64 = 240.0;
/// Channels narrower than this are filled from their centre; wider ones keep lines where they
/// were routed.
const CHANNEL: f64 = 200.0;
const EPS: f64 = 1e-6;
/// Groups up to this size are ordered by sifting (quadratic per round); larger ones by score.
const SIFT_LIMIT: usize = 300;

/// One movable run: segment `k` of route `r` (points `k` and `k + 1`).
#[derive(Clone, Debug)]
struct Run {
    r: usize,
    k: usize,
    /// Current position (x of a vertical run, y of a horizontal one).
    pos: f64,
    /// Extent along the run.
    lo: f64,
    hi: f64,
    /// Where it may go.
    min: f64,
    max: f64,
    /// The two ends: (coordinate along the run, side the connecting run goes to: -1 or +1).
    ends: [(f64, f64); 2],
}

/// The lanes placed by the last call of [`separate_lanes`], by group of runs.
///
/// Placing a group is a pure function of its runs (where they are, their extent, their room
/// and their ends, in order), and ordering a large group is most of the routing of a large
/// diagram. An edit moves one card or widens it: the groups its lines are in change, and every
/// other group is placed as it was, from here.
#[derive(Clone, Debug, Default)]
pub struct LaneCache {
    groups: HashMap<Vec<u64>, Vec<f64>>,
}

/// Separates overlapping runs of `routes` into lanes (vertical runs, then horizontal ones);
/// with a `cache`, groups of runs placed by the last call are placed the same way again.
pub fn separate_lanes(
    cards: &[Rect],
    index: &RectIndex,
    routes: &mut [Route],
    mut cache: Option<&mut LaneCache>,
) {
    let last = cache
        .as_mut()
        .map(|c| std::mem::take(&mut c.groups))
        .unwrap_or_default();
    let mut placed = HashMap::new();
    let original: Vec<Route> = routes.to_vec();
    // Ports by row: y (rounded) -> (x, direction the line leaves in).
    let mut ports: HashMap<i64, Vec<(f64, f64)>> = HashMap::new();
    for r in routes.iter().filter(|r| !r.fallback && r.points.len() >= 2) {
        for (x, y, d) in [r.from_end(), r.to_end()] {
            ports.entry(y.round() as i64).or_default().push((x, d));
        }
    }
    // Horizontal moves lengthen vertical runs, so the vertical runs are spread once more after.
    for vertical in [true, false, true] {
        let mut runs = collect_runs(cards, index, routes, &ports, vertical);
        assign_lanes(&mut runs, &last, cache.is_some().then_some(&mut placed));
        for run in &runs {
            let pts = &mut routes[run.r].points;
            if vertical {
                pts[run.k].0 = run.pos;
                pts[run.k + 1].0 = run.pos;
            } else {
                pts[run.k].1 = run.pos;
                pts[run.k + 1].1 = run.pos;
            }
        }
    }
    for (route, before) in routes.iter_mut().zip(original) {
        if !before.fallback && (route_crosses_cards(cards, index, route) || !stubs_ok(route)) {
            *route = before;
        }
    }
    if let Some(cache) = cache {
        cache.groups = placed;
    }
}

/// What [`place_group`] reads of a group: every field of its runs but which route and segment
/// they are, in the group's order.
fn group_key(runs: &[Run], members: &[usize]) -> Vec<u64> {
    members
        .iter()
        .flat_map(|&i| {
            let r = &runs[i];
            [
                r.pos,
                r.lo,
                r.hi,
                r.min,
                r.max,
                r.ends[0].0,
                r.ends[0].1,
                r.ends[1].0,
                r.ends[1].1,
            ]
        })
        .map(f64::to_bits)
        .collect()
}

/// Whether both end runs are still long enough for the markers.
fn stubs_ok(route: &Route) -> bool {
    let p = &route.points;
    if p.len() < 3 {
        return true;
    }
    let n = p.len();
    let first = (p[1].0 - p[0].0) * route.from_side.dir();
    let last = (p[n - 2].0 - p[n - 1].0) * route.to_side.dir();
    first >= MARKER_LEN - EPS && last >= MARKER_LEN - EPS
}

fn collect_runs(
    cards: &[Rect],
    index: &RectIndex,
    routes: &[Route],
    ports: &HashMap<i64, Vec<(f64, f64)>>,
    vertical: bool,
) -> Vec<Run> {
    let mut runs = Vec::new();
    // Along-axis and across-axis coordinates of a point.
    let along = |p: Point| if vertical { p.1 } else { p.0 };
    let across = |p: Point| if vertical { p.0 } else { p.1 };
    for (r, route) in routes.iter().enumerate() {
        if route.fallback {
            continue;
        }
        let p = &route.points;
        let n = p.len();
        // Segment k runs from p[k] to p[k+1]; the first and last are the port stubs.
        for k in 1..n.saturating_sub(2) {
            let (a, b) = (p[k], p[k + 1]);
            let is_vertical = (a.0 - b.0).abs() < EPS && (a.1 - b.1).abs() >= EPS;
            let is_horizontal = (a.1 - b.1).abs() < EPS && (a.0 - b.0).abs() >= EPS;
            if (vertical && !is_vertical) || (!vertical && !is_horizontal) {
                continue;
            }
            let pos = across(a);
            let (lo, hi) = (along(a).min(along(b)), along(a).max(along(b)));
            let (prev, next) = (p[k - 1], p[k + 2]);
            let side = |q: Point| (across(q) - pos).signum();
            let mut min = pos - MAX_SHIFT;
            let mut max = pos + MAX_SHIFT;
            // Never past the middle of a connecting run (its other end moves too) and never
            // into a port's stub.
            for (q, is_port) in [(prev, k == 1), (next, k + 2 == n - 1)] {
                let other = across(q);
                let limit = if is_port {
                    MARKER_LEN + 2.0
                } else {
                    (other - pos).abs() / 2.0
                };
                if other > pos {
                    max = max.min(other - limit);
                } else {
                    min = min.max(other + limit);
                }
                // A port's straight run must not reach far towards another card's port on the
                // same row: end to end, the two would read as one line joining those rows.
                if vertical && is_port {
                    let d = (pos - q.0).signum();
                    let facing = ports
                        .get(&(q.1.round() as i64))
                        .into_iter()
                        .flatten()
                        .filter(|f| f.1 == -d && (f.0 - q.0) * d > 0.5)
                        .map(|f| (f.0 - q.0).abs())
                        .fold(f64::INFINITY, f64::min);
                    if facing.is_finite() {
                        let reach = (facing * 0.4).max(MARKER_LEN + 2.0);
                        if d > 0.0 {
                            max = max.min(q.0 + reach);
                        } else {
                            min = min.max(q.0 - reach);
                        }
                    }
                }
            }
            // The free channel: the nearest cards on both sides along the run's extent.
            let area = if vertical {
                Rect {
                    x: pos - MAX_SHIFT,
                    y: lo - MIN_CLEARANCE,
                    w: 2.0 * MAX_SHIFT,
                    h: hi - lo + 2.0 * MIN_CLEARANCE,
                }
            } else {
                Rect {
                    x: lo - MIN_CLEARANCE,
                    y: pos - MAX_SHIFT,
                    w: hi - lo + 2.0 * MIN_CLEARANCE,
                    h: 2.0 * MAX_SHIFT,
                }
            };
            for c in index.near(&area) {
                let card = cards[c];
                let (c_lo, c_hi, c_min, c_max) = if vertical {
                    (card.y, card.bottom(), card.x, card.right())
                } else {
                    (card.x, card.right(), card.y, card.bottom())
                };
                if c_hi < lo - MIN_CLEARANCE || c_lo > hi + MIN_CLEARANCE {
                    continue;
                }
                if c_max <= pos + EPS {
                    min = min.max(c_max + MIN_CLEARANCE);
                } else if c_min >= pos - EPS {
                    max = max.min(c_min - MIN_CLEARANCE);
                } else {
                    min = pos;
                    max = pos;
                }
            }
            if min > pos {
                min = pos;
            }
            if max < pos {
                max = pos;
            }
            let ends = if along(a) <= along(b) {
                [(along(a), side(prev)), (along(b), side(next))]
            } else {
                [(along(b), side(next)), (along(a), side(prev))]
            };
            runs.push(Run {
                r,
                k,
                pos,
                lo,
                hi,
                min,
                max,
                ends,
            });
        }
    }
    runs
}

fn overlap(a: &Run, b: &Run) -> bool {
    a.lo <= b.hi + LANE && b.lo <= a.hi + LANE
}

fn interacts(a: &Run, b: &Run) -> bool {
    overlap(a, b) && a.min <= b.max && b.min <= a.max
}

/// Crossings caused by putting `a` before (at a smaller coordinate than) `b`: an end of `a`
/// that turns towards `b` crosses `b` where it lies inside `b`'s extent, and vice versa.
fn cost_before(a: &Run, b: &Run) -> usize {
    let inside = |y: f64, r: &Run| y > r.lo + EPS && y < r.hi - EPS;
    a.ends
        .iter()
        .filter(|&&(y, s)| s > 0.0 && inside(y, b))
        .count()
        + b.ends
            .iter()
            .filter(|&&(y, s)| s < 0.0 && inside(y, a))
            .count()
}

fn find(parent: &mut [usize], mut i: usize) -> usize {
    while parent[i] != i {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    i
}

/// Puts each group of interacting runs in lanes: as in `last` when the group is there, else by
/// [`place_group`]; the placements made are added to `placed` when given.
fn assign_lanes(
    runs: &mut [Run],
    last: &HashMap<Vec<u64>, Vec<f64>>,
    mut placed: Option<&mut HashMap<Vec<u64>, Vec<f64>>>,
) {
    let n = runs.len();
    // Components of runs that may need to be side by side.
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| runs[a].min.total_cmp(&runs[b].min));
    let mut parent: Vec<usize> = (0..n).collect();
    for (idx, &a) in order.iter().enumerate() {
        for &b in &order[idx + 1..] {
            if runs[b].min > runs[a].max {
                break;
            }
            if interacts(&runs[a], &runs[b]) {
                let (ra, rb) = (find(&mut parent, a), find(&mut parent, b));
                if ra != rb {
                    parent[ra] = rb;
                }
            }
        }
    }
    let mut groups: std::collections::BTreeMap<usize, Vec<usize>> = Default::default();
    for i in 0..n {
        let root = find(&mut parent, i);
        groups.entry(root).or_default().push(i);
    }
    for (_, members) in groups {
        if members.len() > 1 {
            let key = (placed.is_some() || !last.is_empty()).then(|| group_key(runs, &members));
            match key.as_ref().and_then(|k| last.get(k)) {
                Some(pos) => {
                    for (&i, &p) in members.iter().zip(pos) {
                        runs[i].pos = p;
                    }
                }
                None => place_group(runs, &members),
            }
            if let (Some(placed), Some(key)) = (placed.as_deref_mut(), key) {
                placed.insert(key, members.iter().map(|&i| runs[i].pos).collect());
            }
        } else {
            let run = &mut runs[members[0]];
            run.pos = channel_centre(run.min, run.max, run.pos);
        }
    }
}

/// Where a lone run goes: the centre of a narrow channel, else where it was.
fn channel_centre(min: f64, max: f64, pos: f64) -> f64 {
    if max - min <= CHANNEL && max - min > 2.0 * LANE {
        (min + max) / 2.0
    } else {
        pos
    }
}

fn place_group(runs: &mut [Run], members: &[usize]) {
    // Order: fewest pairwise crossings (a score per run, then adjacent swaps).
    let m = members.len();
    let mut score = vec![0i64; m];
    for a in 0..m {
        for b in 0..m {
            if a != b && overlap(&runs[members[a]], &runs[members[b]]) {
                score[a] += cost_before(&runs[members[a]], &runs[members[b]]) as i64
                    - cost_before(&runs[members[b]], &runs[members[a]]) as i64;
            }
        }
    }
    let mut ordered: Vec<usize> = (0..m).collect();
    ordered.sort_by(|&a, &b| {
        score[a]
            .cmp(&score[b])
            .then(runs[members[a]].pos.total_cmp(&runs[members[b]].pos))
            .then(
                (runs[members[a]].lo + runs[members[a]].hi)
                    .total_cmp(&(runs[members[b]].lo + runs[members[b]].hi)),
            )
    });
    // Sifting: move each run to the place where it crosses the others least, until stable.
    if m <= SIFT_LIMIT {
        // cost[a * m + b]: crossings caused by putting a before b (one flat table: groups have
        // hundreds of runs in a 1,000-table diagram, and this loop is most of the routing).
        let mut cost = vec![0u32; m * m];
        for a in 0..m {
            for b in 0..m {
                if a != b && overlap(&runs[members[a]], &runs[members[b]]) {
                    cost[a * m + b] = cost_before(&runs[members[a]], &runs[members[b]]) as u32;
                }
            }
        }
        for _ in 0..6 {
            let mut improved = false;
            for r in 0..m {
                let before_others = &cost[r * m..(r + 1) * m];
                let from = ordered.iter().position(|&x| x == r).unwrap_or(0);
                ordered.remove(from);
                // Cost of r at position q: before it costs cost[x][r], after it cost[r][x].
                // The cost where it was (q = from) comes out of the same walk.
                let mut at = ordered.iter().map(|&x| before_others[x]).sum::<u32>();
                let (mut best, mut best_q) = (at, 0);
                let mut current = at;
                for (q, &x) in ordered.iter().enumerate() {
                    at = at - before_others[x] + cost[x * m + r];
                    if q + 1 == from {
                        current = at;
                    }
                    if at < best {
                        best = at;
                        best_q = q + 1;
                    }
                }
                let q = if best < current { best_q } else { from };
                improved |= q != from;
                ordered.insert(q, r);
            }
            if !improved {
                break;
            }
        }
    }
    let mut ordered: Vec<usize> = ordered.into_iter().map(|i| members[i]).collect();
    for _ in 0..4 {
        let mut changed = false;
        for i in 0..m.saturating_sub(1) {
            let (a, b) = (&runs[ordered[i]], &runs[ordered[i + 1]]);
            if overlap(a, b) && cost_before(b, a) < cost_before(a, b) {
                ordered.swap(i, i + 1);
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    // Lanes: each run one lane past every earlier run it overlaps.
    let mut lane = vec![0usize; m];
    for i in 0..m {
        lane[i] = (0..i)
            .filter(|&j| overlap(&runs[ordered[j]], &runs[ordered[i]]))
            .map(|j| lane[j] + 1)
            .max()
            .unwrap_or(0);
    }
    let lanes = lane.iter().max().map_or(1, |l| l + 1);
    let min = ordered
        .iter()
        .map(|&r| runs[r].min)
        .fold(f64::NEG_INFINITY, f64::max);
    let max = ordered
        .iter()
        .map(|&r| runs[r].max)
        .fold(f64::INFINITY, f64::min);
    let mean = ordered.iter().map(|&r| runs[r].pos).sum::<f64>() / m as f64;
    let (spacing, centre) = if max >= min {
        let width = max - min;
        let spacing = LANE.min(width / lanes as f64);
        let half = spacing * (lanes as f64 - 1.0) / 2.0;
        let centre = if width <= CHANNEL {
            (min + max) / 2.0
        } else {
            mean.clamp(min + half, max - half)
        };
        (spacing, centre)
    } else {
        // No room common to all: spread around the mean; the passes below keep each run in
        // its own room.
        (LANE, mean)
    };
    let pos: Vec<f64> = ordered
        .iter()
        .enumerate()
        .map(|(i, &r)| {
            let want = centre + (lane[i] as f64 - (lanes as f64 - 1.0) / 2.0) * spacing;
            want.clamp(runs[r].min, runs[r].max)
        })
        .collect();
    // Runs whose rooms differ may have been ordered against their rooms; re-order by where
    // they can actually go (stable, so the crossing order stands where rooms allow it).
    let mut by_pos: Vec<usize> = (0..m).collect();
    by_pos.sort_by(|&a, &b| pos[a].total_cmp(&pos[b]));
    let ordered: Vec<usize> = by_pos.iter().map(|&i| ordered[i]).collect();
    let mut pos: Vec<f64> = by_pos.iter().map(|&i| pos[i]).collect();
    // Keep overlapping runs at least a lane apart, in order, each inside its own room.
    let gap = spacing.max(2.0);
    for i in 0..m {
        let lower = (0..i)
            .filter(|&j| overlap(&runs[ordered[j]], &runs[ordered[i]]))
            .map(|j| pos[j] + gap)
            .fold(f64::NEG_INFINITY, f64::max);
        pos[i] = pos[i].max(lower).min(runs[ordered[i]].max);
    }
    for i in (0..m).rev() {
        let upper = (i + 1..m)
            .filter(|&j| overlap(&runs[ordered[j]], &runs[ordered[i]]))
            .map(|j| pos[j] - gap)
            .fold(f64::INFINITY, f64::min);
        pos[i] = pos[i].min(upper).max(runs[ordered[i]].min);
    }
    for (i, &r) in ordered.iter().enumerate() {
        runs[r].pos = pos[i];
    }
}
