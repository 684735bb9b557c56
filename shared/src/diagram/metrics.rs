//! Measures of a drawn diagram: edge crossings, total edge length, and the checker that says
//! whether the drawing tells the truth ([`route_violations`]).
//!
//! They take any polylines (a curved line is measured by sampling it), so today's and
//! yesterday's drawings can be compared with the same ruler.

use std::collections::HashMap;

use super::geometry::{Point, Rect, RectIndex};
use super::path::{polyline_length, segment_enters, Connection, Route, Side};

/// How far an end point may be from where it belongs (canvas units).
pub const END_TOLERANCE: f64 = 0.05;

/// Which end of a line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum End {
    /// The child (referencing) end.
    From,
    /// The parent (referenced) end.
    To,
}

/// Something a drawing gets wrong.
#[derive(Clone, Debug, PartialEq)]
pub enum Violation {
    /// A segment of line `edge` passes through the interior of card `card`.
    ThroughCard {
        /// Index of the line.
        edge: usize,
        /// Index of the card.
        card: usize,
    },
    /// An end of line `edge` is not on its card's left or right edge at its row's centre.
    EndOffRow {
        /// Index of the line.
        edge: usize,
        /// Which end.
        end: End,
        /// Where it is.
        at: Point,
        /// The row centre's y it should be at.
        row_y: f64,
    },
    /// Line `edge` has fewer than two points.
    Empty {
        /// Index of the line.
        edge: usize,
    },
}

/// Every violation of `routes` (one per connection, same order) against `cards`.
pub fn route_violations<P: AsRef<[Point]>>(
    cards: &[Rect],
    connections: &[Connection],
    routes: &[P],
) -> Vec<Violation> {
    let index = RectIndex::new(cards, 320.0);
    let mut out = Vec::new();
    for (edge, (c, route)) in connections.iter().zip(routes).enumerate() {
        let points = route.as_ref();
        if points.len() < 2 {
            out.push(Violation::Empty { edge });
            continue;
        }
        let ends = [
            (End::From, points[0], c.from, c.from_y),
            (End::To, points[points.len() - 1], c.to, c.to_y),
        ];
        for (end, at, card, row_y) in ends {
            let Some(r) = cards.get(card) else {
                continue;
            };
            let on_edge = [Side::Left, Side::Right]
                .iter()
                .any(|s| (at.0 - s.x(r)).abs() <= END_TOLERANCE);
            if !on_edge || (at.1 - row_y).abs() > END_TOLERANCE {
                out.push(Violation::EndOffRow {
                    edge,
                    end,
                    at,
                    row_y,
                });
            }
        }
        for card in cards_crossed(cards, &index, points) {
            out.push(Violation::ThroughCard { edge, card });
        }
    }
    out
}

/// The cards whose interior a polyline passes through.
pub fn cards_crossed(cards: &[Rect], index: &RectIndex, points: &[Point]) -> Vec<usize> {
    let mut out = Vec::new();
    for w in points.windows(2) {
        let area = Rect::from_corners(w[0], w[1]);
        for k in index.near(&area) {
            if segment_enters(&cards[k], w[0], w[1]) && !out.contains(&k) {
                out.push(k);
            }
        }
    }
    out
}

/// Whether a route passes through any card's interior.
pub fn route_crosses_cards(cards: &[Rect], index: &RectIndex, route: &Route) -> bool {
    !cards_crossed(cards, index, &route.points).is_empty()
}

/// The sum of the lengths of all lines.
pub fn total_length<P: AsRef<[Point]>>(paths: &[P]) -> f64 {
    paths.iter().map(|p| polyline_length(p.as_ref())).sum()
}

/// The number of points where two different lines cross (their segments' interiors meet at a
/// single point; touching, or running along each other into a shared port, is not a crossing).
pub fn edge_crossings<P: AsRef<[Point]>>(paths: &[P]) -> usize {
    struct Seg {
        path: usize,
        a: Point,
        b: Point,
    }
    let mut segs = Vec::new();
    for (path, p) in paths.iter().enumerate() {
        for w in p.as_ref().windows(2) {
            if w[0] != w[1] {
                segs.push(Seg {
                    path,
                    a: w[0],
                    b: w[1],
                });
            }
        }
    }
    // Bucket the segments so that only neighbours are compared.
    let cell = 200.0;
    let mut buckets: HashMap<(i64, i64), Vec<usize>> = HashMap::new();
    for (i, s) in segs.iter().enumerate() {
        let r = Rect::from_corners(s.a, s.b);
        for x in (r.x / cell).floor() as i64..=(r.right() / cell).floor() as i64 {
            for y in (r.y / cell).floor() as i64..=(r.bottom() / cell).floor() as i64 {
                buckets.entry((x, y)).or_default().push(i);
            }
        }
    }
    let mut count = 0;
    for ((bx, by), ids) in &buckets {
        for (n, &i) in ids.iter().enumerate() {
            for &j in &ids[n + 1..] {
                let (s, t) = (&segs[i], &segs[j]);
                if s.path == t.path {
                    continue;
                }
                if let Some(p) = proper_intersection(s.a, s.b, t.a, t.b) {
                    // Count each crossing once: in the bucket holding its point.
                    if (p.0 / cell).floor() as i64 == *bx && (p.1 / cell).floor() as i64 == *by {
                        count += 1;
                    }
                }
            }
        }
    }
    count
}

/// The point where two segments cross, if their interiors cross at one point.
fn proper_intersection(a: Point, b: Point, c: Point, d: Point) -> Option<Point> {
    let orient =
        |p: Point, q: Point, r: Point| (q.0 - p.0) * (r.1 - p.1) - (q.1 - p.1) * (r.0 - p.0);
    let scale = 1e-9 * (1.0 + a.0.abs() + a.1.abs() + c.0.abs() + c.1.abs()).powi(2);
    let (o1, o2) = (orient(a, b, c), orient(a, b, d));
    let (o3, o4) = (orient(c, d, a), orient(c, d, b));
    let strict = |x: f64, y: f64| (x > scale && y < -scale) || (x < -scale && y > scale);
    if strict(o1, o2) && strict(o3, o4) {
        let t = o3 / (o3 - o4);
        Some((a.0 + (b.0 - a.0) * t, a.1 + (b.1 - a.1) * t))
    } else {
        None
    }
}

/// Samples a cubic Bézier into `n` segments (for measuring curved drawings).
pub fn sample_cubic(p0: Point, p1: Point, p2: Point, p3: Point, n: usize) -> Vec<Point> {
    (0..=n)
        .map(|i| {
            let t = i as f64 / n as f64;
            let u = 1.0 - t;
            let (a, b, c, d) = (u * u * u, 3.0 * u * u * t, 3.0 * u * t * t, t * t * t);
            (
                a * p0.0 + b * p1.0 + c * p2.0 + d * p3.0,
                a * p0.1 + b * p1.1 + c * p2.1 + d * p3.1,
            )
        })
        .collect()
}
