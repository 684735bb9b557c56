//! Orthogonal routing of relationship lines around cards.
//!
//! Every line starts on the child card's left or right edge at the centre of the FK column's
//! row, runs straight out for [`STUB`] units (room for the crow's-foot marker), and ends the same
//! way at the referenced column's row of the parent card. In between it is a shortest path with
//! few bends on a sparse grid: the lines [`CLEARANCE`] units outside every card edge near the two
//! ends, plus the port rows (a "Hanan grid", as in orthogonal connector routers such as
//! libavoid). A grid point or step strictly inside a grown card is blocked, so a route can never
//! cross a card, and because the grid is built from the cards near the line only (a bucket index
//! answers "which cards are near"), routing stays cheap at a thousand tables. When the cards
//! near the ends wall a line in, the search area grows; only a line whose end is itself covered
//! by another card falls back to a direct line (and is reported by
//! [`super::metrics::route_violations`]).
//!
//! Lines that share grid lines are then spread into separate lanes by [`super::nudge`].

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use super::geometry::{Point, Rect, RectIndex};
pub use super::path::{polyline_length, segment_enters, svg_path, Connection, Route, Side};

/// The straight run out of a card before a line may bend (markers sit on it).
pub const STUB: f64 = 24.0;
/// How far outside a card the routing grid runs (lanes may later move closer, see
/// [`super::nudge::MIN_CLEARANCE`]).
pub const CLEARANCE: f64 = 12.0;
/// The cost of a bend, in canvas units of length: a bend is worth this much detour.
pub const BEND_COST: f64 = 40.0;
/// Search margins tried in turn around a line's ends before the whole diagram is searched.
const MARGINS: [f64; 2] = [80.0, 480.0];
/// Grids larger than this many points are not searched (a fallback line is drawn instead), so
/// one pathological line cannot freeze the canvas.
const MAX_GRID: usize = 4_000_000;
const EPS: f64 = 1e-6;
/// Grids up to this many points get an exact search.
const SMALL_GRID: usize = 1_500;
/// The heuristic's weight on larger grids.
const GREEDY_WEIGHT: f64 = 4.0;

/// Removes repeated points and merges collinear runs, so consecutive segments alternate between
/// horizontal and vertical.
pub fn simplify(points: &mut Vec<Point>) {
    points.dedup_by(|b, a| (a.0 - b.0).abs() < EPS && (a.1 - b.1).abs() < EPS);
    let mut k = 1;
    while k + 1 < points.len() {
        let (a, p, b) = (points[k - 1], points[k], points[k + 1]);
        let vertical = (a.0 - p.0).abs() < EPS && (p.0 - b.0).abs() < EPS;
        let horizontal = (a.1 - p.1).abs() < EPS && (p.1 - b.1).abs() < EPS;
        if vertical || horizontal {
            points.remove(k);
        } else {
            k += 1;
        }
    }
}

/// A float with a total order, for the search queue.
#[derive(Clone, Copy, PartialEq)]
struct Key(f64, f64);

impl Eq for Key {}
impl PartialOrd for Key {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Key {
    // A min-queue on f, ties to the deeper state (larger g): straight runs are explored first.
    fn cmp(&self, other: &Self) -> Ordering {
        other
            .0
            .total_cmp(&self.0)
            .then_with(|| self.1.total_cmp(&other.1))
    }
}

const NONE: u32 = u32::MAX;
const NODE_BLOCKED: u8 = 1;
const RIGHT_BLOCKED: u8 = 2;
const DOWN_BLOCKED: u8 = 4;
/// Step directions: +x, -x, +y, -y (a direction's reverse is `d ^ 1`).
const STEPS: [(i64, i64); 4] = [(1, 0), (-1, 0), (0, 1), (0, -1)];

/// Routes lines among a fixed set of cards, reusing its search buffers from line to line.
#[derive(Clone, Debug)]
pub struct Router {
    cards: Vec<Rect>,
    index: RectIndex,
    bounds: Rect,
    g: Vec<f64>,
    prev: Vec<u32>,
    stamp: Vec<u32>,
    generation: u32,
    blocked: Vec<u8>,
}

/// One end candidate: a side, the port on the card edge and the stub's outer end.
#[derive(Clone, Copy, Debug)]
struct End {
    side: Side,
    port: Point,
    stub: Point,
}

impl Router {
    /// A router for these cards (indexes in [`Connection`] refer to this slice).
    pub fn new(cards: &[Rect]) -> Router {
        let bounds = cards
            .iter()
            .copied()
            .reduce(|a, b| a.union(&b))
            .unwrap_or(Rect {
                x: 0.0,
                y: 0.0,
                w: 0.0,
                h: 0.0,
            });
        Router {
            cards: cards.to_vec(),
            index: RectIndex::new(cards, 320.0),
            bounds,
            g: Vec::new(),
            prev: Vec::new(),
            stamp: Vec::new(),
            generation: 0,
            blocked: Vec::new(),
        }
    }

    /// The cards being routed around.
    pub fn cards(&self) -> &[Rect] {
        &self.cards
    }

    /// The bucket index of the cards.
    pub fn index(&self) -> &RectIndex {
        &self.index
    }

    /// Routes one line on its own (lanes are not separated; see [`route_all`]).
    pub fn route(&mut self, c: &Connection) -> Route {
        let (Some(&from), Some(&to)) = (self.cards.get(c.from), self.cards.get(c.to)) else {
            return Route {
                points: Vec::new(),
                from_side: Side::Right,
                to_side: Side::Left,
                fallback: true,
            };
        };
        let starts = self.ends(c.from, &from, c.from_y);
        let goals = self.ends(c.to, &to, c.to_y);
        if !starts.is_empty() && !goals.is_empty() {
            let ends_box = starts
                .iter()
                .chain(&goals)
                .map(|e| Rect {
                    x: e.stub.0,
                    y: e.stub.1,
                    w: 0.0,
                    h: 0.0,
                })
                .reduce(|a, b| a.union(&b))
                .unwrap_or(from);
            let whole = self
                .bounds
                .inflate(CLEARANCE + STUB + 40.0)
                .union(&ends_box);
            let mut regions: Vec<Rect> = MARGINS.iter().map(|&m| ends_box.inflate(m)).collect();
            regions.push(whole);
            for region in regions {
                if let Some(route) = self.search(&starts, &goals, region) {
                    return route;
                }
                if region.contains(&whole) {
                    break;
                }
            }
        }
        direct(&from, c.from_y, &to, c.to_y)
    }

    /// The usable ends of a card at row `y`: a side is usable when its stub stays clear of
    /// every other card.
    fn ends(&self, card_index: usize, card: &Rect, y: f64) -> Vec<End> {
        let mut out = Vec::with_capacity(2);
        for side in [Side::Left, Side::Right] {
            let port = (side.x(card), y);
            let stub = (port.0 + side.dir() * STUB, y);
            let reach = Rect::from_corners(port, stub).inflate(CLEARANCE);
            let clear = self.index.near(&reach).into_iter().all(|k| {
                k == card_index || {
                    let other = self.cards[k];
                    !other.inflate(CLEARANCE - EPS).strictly_contains(stub, 0.0)
                        && !segment_enters(&other, port, stub)
                }
            });
            if clear {
                out.push(End { side, port, stub });
            }
        }
        out
    }

    /// A* over the grid of the cards near `region`, from any start stub to any goal stub.
    fn search(&mut self, starts: &[End], goals: &[End], region: Rect) -> Option<Route> {
        let near = self.index.near(&region);
        let obstacles: Vec<Rect> = near
            .iter()
            .map(|&k| self.cards[k].inflate(CLEARANCE))
            .filter(|r| r.intersects(&region))
            .collect();
        let mut xs = vec![region.x, region.right()];
        let mut ys = vec![region.y, region.bottom()];
        for e in starts.iter().chain(goals) {
            xs.push(e.stub.0);
            ys.push(e.stub.1);
        }
        for o in &obstacles {
            for x in [o.x, o.right()] {
                if x > region.x && x < region.right() {
                    xs.push(x);
                }
            }
            for y in [o.y, o.bottom()] {
                if y > region.y && y < region.bottom() {
                    ys.push(y);
                }
            }
        }
        let sort = |v: &mut Vec<f64>| {
            v.sort_by(f64::total_cmp);
            v.dedup_by(|b, a| (*b - *a).abs() < EPS);
        };
        sort(&mut xs);
        sort(&mut ys);
        let (nx, ny) = (xs.len(), ys.len());
        if nx * ny > MAX_GRID {
            return None;
        }
        self.fill_blocked(&xs, &ys, &obstacles);
        let at = |v: &[f64], x: f64| v.partition_point(|&a| a < x - EPS);
        self.generation = self.generation.wrapping_add(1);
        if self.generation == 0 {
            self.stamp.iter_mut().for_each(|s| *s = 0);
            self.generation = 1;
        }
        let states = nx * ny * 4;
        if self.g.len() < states {
            self.g.resize(states, 0.0);
            self.prev.resize(states, NONE);
            self.stamp.resize(states, 0);
        }
        let goal_nodes: Vec<(usize, usize, usize, &End)> = goals
            .iter()
            .map(|e| (at(&xs, e.stub.0), at(&ys, e.stub.1), inward(e.side), e))
            .collect();
        // Length plus the bends that are certainly still needed (see `bends_needed`).
        let h = |i: usize, j: usize, d: usize| {
            goal_nodes
                .iter()
                .map(|&(gi, gj, gd, _)| {
                    let (dx, dy) = (xs[gi] - xs[i], ys[gj] - ys[j]);
                    dx.abs() + dy.abs() + BEND_COST * bends_needed(d, gd, dx, dy)
                })
                .fold(f64::INFINITY, f64::min)
                + STUB
        };
        // Large grids (long lines through many cards) are searched greedily: weighted A* finds a
        // clear path at most `weight` times longer than the best, exploring far fewer points.
        let weight = if nx * ny <= SMALL_GRID {
            1.0
        } else if nx * ny <= 8 * SMALL_GRID {
            1.5
        } else {
            GREEDY_WEIGHT
        };
        let mut heap = BinaryHeap::new();
        for e in starts {
            let (i, j) = (at(&xs, e.stub.0), at(&ys, e.stub.1));
            if self.blocked[j * nx + i] & NODE_BLOCKED != 0 {
                continue;
            }
            let d = outward(e.side);
            let s = (j * nx + i) * 4 + d;
            self.relax(s, STUB, NONE);
            heap.push((Key(STUB + weight * h(i, j, d), STUB), s));
        }
        let mut best: Option<(f64, usize, usize)> = None; // (cost, state, goal index)
        while let Some((Key(f, g), s)) = heap.pop() {
            if best.is_some_and(|(b, _, _)| f >= b - EPS) {
                break;
            }
            if self.stamp[s] != self.generation || g > self.g[s] + EPS {
                continue;
            }
            let (node, d) = (s / 4, s % 4);
            let (i, j) = (node % nx, node / nx);
            for (k, &(gi, gj, gd, _)) in goal_nodes.iter().enumerate() {
                if gi == i && gj == j && d != gd ^ 1 {
                    let total = g + STUB + if d == gd { 0.0 } else { BEND_COST };
                    if best.is_none_or(|(b, _, _)| total < b) {
                        best = Some((total, s, k));
                    }
                }
            }
            for (nd, &(di, dj)) in STEPS.iter().enumerate() {
                if nd == d ^ 1 {
                    continue;
                }
                let (ni, nj) = (i as i64 + di, j as i64 + dj);
                if ni < 0 || nj < 0 || ni >= nx as i64 || nj >= ny as i64 {
                    continue;
                }
                let (ni, nj) = (ni as usize, nj as usize);
                let step_blocked = match nd {
                    0 => self.blocked[j * nx + i] & RIGHT_BLOCKED,
                    1 => self.blocked[j * nx + ni] & RIGHT_BLOCKED,
                    2 => self.blocked[j * nx + i] & DOWN_BLOCKED,
                    _ => self.blocked[nj * nx + i] & DOWN_BLOCKED,
                };
                if step_blocked != 0 || self.blocked[nj * nx + ni] & NODE_BLOCKED != 0 {
                    continue;
                }
                let len = (xs[ni] - xs[i]).abs() + (ys[nj] - ys[j]).abs();
                let ng = g + len + if nd == d { 0.0 } else { BEND_COST };
                let ns = (nj * nx + ni) * 4 + nd;
                if self.relax(ns, ng, s as u32) {
                    heap.push((Key(ng + weight * h(ni, nj, nd), ng), ns));
                }
            }
        }
        let (_, mut s, k) = best?;
        let goal = goal_nodes[k].3;
        let mut grid_points = Vec::new();
        loop {
            let node = s / 4;
            grid_points.push((xs[node % nx], ys[node / nx]));
            let p = self.prev[s];
            if p == NONE {
                break;
            }
            s = p as usize;
        }
        grid_points.reverse();
        let start_stub = grid_points[0];
        let start = starts
            .iter()
            .find(|e| {
                (e.stub.0 - start_stub.0).abs() < EPS && (e.stub.1 - start_stub.1).abs() < EPS
            })
            .unwrap_or(&starts[0]);
        let mut points = Vec::with_capacity(grid_points.len() + 2);
        points.push(start.port);
        points.extend(grid_points);
        points.push(goal.port);
        simplify(&mut points);
        Some(Route {
            points,
            from_side: start.side,
            to_side: goal.side,
            fallback: false,
        })
    }

    fn relax(&mut self, s: usize, g: f64, prev: u32) -> bool {
        if self.stamp[s] == self.generation && self.g[s] <= g + EPS {
            return false;
        }
        self.stamp[s] = self.generation;
        self.g[s] = g;
        self.prev[s] = prev;
        true
    }

    /// Marks the grid points and steps strictly inside a grown card.
    fn fill_blocked(&mut self, xs: &[f64], ys: &[f64], obstacles: &[Rect]) {
        let (nx, ny) = (xs.len(), ys.len());
        self.blocked.clear();
        self.blocked.resize(nx * ny, 0);
        // The index of a border line, or -1 / n when the border lies outside the grid.
        let border = |v: &[f64], x: f64| -> i64 {
            if x < v[0] - EPS {
                -1
            } else if x > v[v.len() - 1] + EPS {
                v.len() as i64
            } else {
                v.partition_point(|&a| a < x - EPS) as i64
            }
        };
        for o in obstacles {
            let (lo, hi) = (border(xs, o.x), border(xs, o.right()));
            let (jlo, jhi) = (border(ys, o.y), border(ys, o.bottom()));
            let clamp = |a: i64, n: usize| a.clamp(0, n as i64) as usize;
            // Strictly inside: (lo, hi) x (jlo, jhi).
            let (i0, i1) = (clamp(lo + 1, nx), clamp(hi, nx));
            let (j0, j1) = (clamp(jlo + 1, ny), clamp(jhi, ny));
            // Steps right from i in [lo, hi) on rows strictly inside.
            let (hi0, hi1) = (clamp(lo, nx), clamp(hi, nx));
            // Steps down from j in [jlo, jhi) on columns strictly inside.
            let (vj0, vj1) = (clamp(jlo, ny), clamp(jhi, ny));
            for j in j0..j1 {
                for i in i0..i1 {
                    self.blocked[j * nx + i] |= NODE_BLOCKED;
                }
                for i in hi0..hi1 {
                    self.blocked[j * nx + i] |= RIGHT_BLOCKED;
                }
            }
            for j in vj0..vj1 {
                for i in i0..i1 {
                    self.blocked[j * nx + i] |= DOWN_BLOCKED;
                }
            }
        }
    }
}

/// A lower bound on the bends between moving in direction `d` and arriving in direction `gd` at
/// a goal `(dx, dy)` away: none when the goal is straight ahead, one when the directions are
/// perpendicular, two when they are opposite or the goal is off to the side of a parallel line.
fn bends_needed(d: usize, gd: usize, dx: f64, dy: f64) -> f64 {
    let here = dx.abs() < EPS && dy.abs() < EPS;
    if d == gd {
        let (sx, sy) = STEPS[d];
        let ahead = if sx != 0 {
            dy.abs() < EPS && dx * sx as f64 > 0.0
        } else {
            dx.abs() < EPS && dy * sy as f64 > 0.0
        };
        if here || ahead {
            0.0
        } else {
            2.0
        }
    } else if d == gd ^ 1 {
        2.0
    } else {
        1.0
    }
}

fn outward(side: Side) -> usize {
    match side {
        Side::Left => 1,
        Side::Right => 0,
    }
}

fn inward(side: Side) -> usize {
    outward(side) ^ 1
}

/// The line drawn when no clear path exists: out of the facing sides, across, and in.
fn direct(from: &Rect, from_y: f64, to: &Rect, to_y: f64) -> Route {
    let (from_side, to_side) = if to.x >= from.right() {
        (Side::Right, Side::Left)
    } else if to.right() <= from.x {
        (Side::Left, Side::Right)
    } else {
        (Side::Right, Side::Right)
    };
    let a = (from_side.x(from), from_y);
    let b = (to_side.x(to), to_y);
    let sa = (a.0 + from_side.dir() * STUB, a.1);
    let sb = (b.0 + to_side.dir() * STUB, b.1);
    let mid = if from_side == to_side {
        sa.0.max(sb.0)
    } else {
        (sa.0 + sb.0) / 2.0
    };
    let mut points = vec![a, sa, (mid, sa.1), (mid, sb.1), sb, b];
    if from_side == to_side {
        points[1].0 = mid;
        points[4].0 = mid;
    }
    simplify(&mut points);
    Route {
        points,
        from_side,
        to_side,
        fallback: true,
    }
}

/// Routes every connection and separates lines that share a channel into lanes.
pub fn route_all(cards: &[Rect], connections: &[Connection]) -> Vec<Route> {
    let mut router = Router::new(cards);
    let mut routes: Vec<Route> = connections.iter().map(|c| router.route(c)).collect();
    super::nudge::separate_lanes(cards, router.index(), &mut routes, None);
    routes
}

/// Routed lines remembered between calls of [`route_all_cached`], by a caller's key (the canvas
/// uses table and FK ids), so that after an edit only the lines it affects are searched again.
#[derive(Clone, Debug)]
pub struct RouteCache<K> {
    entries: std::collections::HashMap<K, CacheEntry>,
    /// The last call's whole input and its answer. Most edits (a type, a comment, a default,
    /// a column renamed without widening its card) move no card and no row: then the answer is
    /// the same, and separating the lanes again (most of the work in a 1,000-table diagram)
    /// is skipped.
    last: Option<LastCall<K>>,
    /// The lanes of the last call: the groups of runs an edit does not touch are placed as
    /// they were.
    lanes: super::nudge::LaneCache,
}

#[derive(Clone, Debug)]
struct LastCall<K> {
    cards: Vec<Rect>,
    connections: Vec<Connection>,
    keys: Vec<K>,
    routes: Vec<Route>,
}

impl<K> Default for RouteCache<K> {
    fn default() -> Self {
        RouteCache {
            entries: std::collections::HashMap::new(),
            last: None,
            lanes: Default::default(),
        }
    }
}

#[derive(Clone, Debug)]
struct CacheEntry {
    from: Rect,
    to: Rect,
    from_y: f64,
    to_y: f64,
    /// The route as searched, before lanes were separated.
    raw: Route,
}

/// [`route_all`], reusing a remembered line whenever both its cards and rows are where they
/// were and it still keeps [`CLEARANCE`] from every card; lanes are separated afresh for all.
/// A reused line may be longer than a fresh search would find after other cards moved away,
/// never wrong: the clearance check keeps it off every card.
pub fn route_all_cached<K: std::hash::Hash + Eq + Clone>(
    cards: &[Rect],
    connections: &[Connection],
    keys: &[K],
    cache: &mut RouteCache<K>,
) -> Vec<Route> {
    if let Some(last) = &cache.last {
        if last.cards == cards && last.connections == connections && last.keys == keys {
            return last.routes.clone();
        }
    }
    let mut router = Router::new(cards);
    let mut entries = std::collections::HashMap::with_capacity(connections.len());
    let mut routes = Vec::with_capacity(connections.len());
    for (c, key) in connections.iter().zip(keys) {
        let (Some(&from), Some(&to)) = (cards.get(c.from), cards.get(c.to)) else {
            routes.push(router.route(c));
            continue;
        };
        let reusable = cache.entries.get(key).filter(|e| {
            e.from == from
                && e.to == to
                && e.from_y == c.from_y
                && e.to_y == c.to_y
                && !e.raw.fallback
                && keeps_clear(&router, &e.raw)
        });
        let raw = match reusable {
            Some(e) => e.raw.clone(),
            None => router.route(c),
        };
        entries.insert(
            key.clone(),
            CacheEntry {
                from,
                to,
                from_y: c.from_y,
                to_y: c.to_y,
                raw: raw.clone(),
            },
        );
        routes.push(raw);
    }
    cache.entries = entries;
    super::nudge::separate_lanes(cards, router.index(), &mut routes, Some(&mut cache.lanes));
    cache.last = Some(LastCall {
        cards: cards.to_vec(),
        connections: connections.to_vec(),
        keys: keys.to_vec(),
        routes: routes.clone(),
    });
    routes
}

/// Whether a searched route still keeps its clearance from every card (the stubs excepted,
/// which start on their own cards).
fn keeps_clear(router: &Router, route: &Route) -> bool {
    let p = &route.points;
    if p.len() < 2 {
        return false;
    }
    let last = p.len() - 1;
    p.windows(2).enumerate().all(|(k, w)| {
        let (a, b) = (w[0], w[1]);
        let area = Rect::from_corners(a, b).inflate(CLEARANCE);
        router.index.near(&area).into_iter().all(|i| {
            let card = router.cards[i];
            if k == 0 || k + 1 == last {
                // Port stubs only have to stay out of the cards themselves.
                !segment_enters(&card, a, b)
            } else {
                !segment_enters(&card.inflate(CLEARANCE - 0.5), a, b)
            }
        })
    })
}
