//! What a routed line is, apart from how it is found: the sides and connections it joins, the
//! polyline itself, its length and SVG path, and the segment-through-card test. Kept apart from
//! the router so the lane separation (`nudge`) and the quality metrics can use them without
//! depending on the router that depends on them.

use super::geometry::{Point, Rect};

/// A card edge a line leaves or enters by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Side {
    /// The left edge.
    Left,
    /// The right edge.
    Right,
}

impl Side {
    /// The direction a line runs away from the card on this side: -1 left, +1 right.
    pub fn dir(self) -> f64 {
        match self {
            Side::Left => -1.0,
            Side::Right => 1.0,
        }
    }
    /// The card edge's x on this side.
    pub fn x(self, card: &Rect) -> f64 {
        match self {
            Side::Left => card.x,
            Side::Right => card.right(),
        }
    }
}

/// What to connect: a row of one card to a row of another (or the same) card.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Connection {
    /// The child (referencing) card, an index into the card list.
    pub from: usize,
    /// The y of the child row's centre.
    pub from_y: f64,
    /// The parent (referenced) card.
    pub to: usize,
    /// The y of the referenced row's centre.
    pub to_y: f64,
}

/// A routed line: an orthogonal polyline from the child port to the parent port.
#[derive(Clone, Debug, PartialEq)]
pub struct Route {
    /// Corner points; the first is on the child card's edge, the last on the parent card's.
    pub points: Vec<Point>,
    /// The child card's edge the line leaves by.
    pub from_side: Side,
    /// The parent card's edge the line enters by.
    pub to_side: Side,
    /// Whether no clear path existed (overlapping cards): the line is direct and may cross cards.
    pub fallback: bool,
}

impl AsRef<[Point]> for Route {
    fn as_ref(&self) -> &[Point] {
        &self.points
    }
}

impl Route {
    /// The child end: `(x, y, dir)` with the direction the line leaves the card in.
    pub fn from_end(&self) -> (f64, f64, f64) {
        let p = self.points.first().copied().unwrap_or_default();
        (p.0, p.1, self.from_side.dir())
    }
    /// The parent end: `(x, y, dir)` with the direction the line leaves the card in.
    pub fn to_end(&self) -> (f64, f64, f64) {
        let p = self.points.last().copied().unwrap_or_default();
        (p.0, p.1, self.to_side.dir())
    }
    /// Total length.
    pub fn length(&self) -> f64 {
        polyline_length(&self.points)
    }
    /// The bounding box of the line.
    pub fn bbox(&self) -> Rect {
        let mut r = Rect {
            x: f64::INFINITY,
            y: f64::INFINITY,
            w: 0.0,
            h: 0.0,
        };
        let (mut x1, mut y1) = (f64::NEG_INFINITY, f64::NEG_INFINITY);
        for &(x, y) in &self.points {
            r.x = r.x.min(x);
            r.y = r.y.min(y);
            x1 = x1.max(x);
            y1 = y1.max(y);
        }
        r.w = (x1 - r.x).max(0.0);
        r.h = (y1 - r.y).max(0.0);
        r
    }
    /// SVG path data with corners rounded by up to `radius` (0 for sharp corners).
    pub fn svg_path(&self, radius: f64) -> String {
        svg_path(&self.points, radius)
    }
}

/// The length of a polyline.
pub fn polyline_length(points: &[Point]) -> f64 {
    points
        .windows(2)
        .map(|w| ((w[1].0 - w[0].0).powi(2) + (w[1].1 - w[0].1).powi(2)).sqrt())
        .sum()
}

/// A number printed with one decimal, as `{:.1}` prints it (up to ties, which round up here),
/// by integer arithmetic. Core's exact float formatting works through big integers for every
/// number, and the canvas prints tens of thousands of coordinates when it enters the overview
/// or re-clips its lines: that was a fifth of such a frame.
#[derive(Clone, Copy, Debug)]
pub struct Dp1(pub f64);

impl std::fmt::Display for Dp1 {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let v = self.0;
        // (`floor`, not `round`: wasm has an instruction for it, where `round` is a libm call.)
        let tenths = (v * 10.0 + 0.5).floor();
        if !tenths.is_finite() || tenths.abs() >= 1e17 {
            return write!(f, "{v:.1}");
        }
        let tenths = tenths as i64;
        let sign = if tenths < 0 { "-" } else { "" };
        let t = tenths.unsigned_abs();
        write!(f, "{sign}{}.{}", t / 10, t % 10)
    }
}

/// SVG path data of a polyline with corners rounded by up to `radius` (never more than half of
/// either neighbouring segment, so the curve stays on the polyline's own segments).
pub fn svg_path(points: &[Point], radius: f64) -> String {
    use std::fmt::Write;
    let mut out = String::with_capacity(points.len() * 16);
    let Some(&(x0, y0)) = points.first() else {
        return out;
    };
    let _ = write!(out, "M {} {}", Dp1(x0), Dp1(y0));
    for k in 1..points.len() {
        let p = points[k];
        if k + 1 < points.len() && radius > 0.0 {
            let (a, b) = (points[k - 1], points[k + 1]);
            let (la, lb) = (dist(a, p), dist(p, b));
            let r = radius.min(la / 2.0).min(lb / 2.0);
            if r > 0.05 {
                let before = (p.0 + (a.0 - p.0) * r / la, p.1 + (a.1 - p.1) * r / la);
                let after = (p.0 + (b.0 - p.0) * r / lb, p.1 + (b.1 - p.1) * r / lb);
                let _ = write!(
                    out,
                    " L {} {} Q {} {} {} {}",
                    Dp1(before.0),
                    Dp1(before.1),
                    Dp1(p.0),
                    Dp1(p.1),
                    Dp1(after.0),
                    Dp1(after.1)
                );
                continue;
            }
        }
        let _ = write!(out, " L {} {}", Dp1(p.0), Dp1(p.1));
    }
    out
}

/// [`svg_path`] of only the parts of a polyline inside `clip`, each part its own subpath.
///
/// The canvas draws a line through the area around the view this way: a line routed across a
/// large diagram is thousands of pixels long, and the browser strokes the whole of it again for
/// every tile it rasterizes, on every frame of a pan. Where a part is cut, `clip` should lie
/// beyond what is shown (the cut end and a corner rounded less near it are out of sight).
pub fn clipped_svg_path(points: &[Point], radius: f64, clip: &Rect) -> String {
    let mut out = String::new();
    let mut run: Vec<Point> = Vec::new();
    let flush = |run: &mut Vec<Point>, out: &mut String| {
        if run.len() >= 2 {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(&svg_path(run, radius));
        }
        run.clear();
    };
    for w in points.windows(2) {
        match clip_segment(clip, w[0], w[1]) {
            Some((a, b)) => {
                if run.last() != Some(&a) {
                    flush(&mut run, &mut out);
                    run.push(a);
                }
                run.push(b);
                if b != w[1] {
                    flush(&mut run, &mut out);
                }
            }
            None => flush(&mut run, &mut out),
        }
    }
    flush(&mut run, &mut out);
    out
}

/// The part of the segment `a`–`b` inside `r` (borders included), by Liang–Barsky; the ends
/// inside are returned unchanged, not recomputed.
fn clip_segment(r: &Rect, a: Point, b: Point) -> Option<(Point, Point)> {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let (mut t0, mut t1) = (0.0f64, 1.0f64);
    for (p, q) in [
        (-dx, a.0 - r.x),
        (dx, r.right() - a.0),
        (-dy, a.1 - r.y),
        (dy, r.bottom() - a.1),
    ] {
        if p == 0.0 {
            if q < 0.0 {
                return None;
            }
        } else {
            let t = q / p;
            if p < 0.0 {
                t0 = t0.max(t);
            } else {
                t1 = t1.min(t);
            }
            if t0 > t1 {
                return None;
            }
        }
    }
    let at = |t: f64| (a.0 + dx * t, a.1 + dy * t);
    Some((
        if t0 <= 0.0 { a } else { at(t0) },
        if t1 >= 1.0 { b } else { at(t1) },
    ))
}

fn dist(a: Point, b: Point) -> f64 {
    ((a.0 - b.0).powi(2) + (a.1 - b.1).powi(2)).sqrt()
}

/// Whether the segment `a`–`b` passes through the open interior of `r`.
pub fn segment_enters(r: &Rect, a: Point, b: Point) -> bool {
    // Liang–Barsky clipping against the interior, shrunk by a hair so that touching the border
    // (a port on the card's own edge, a lane along a card) does not count.
    let e = 1e-3;
    let (x0, y0, x1, y1) = (r.x + e, r.y + e, r.right() - e, r.bottom() - e);
    if x0 >= x1 || y0 >= y1 {
        return false;
    }
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let (mut t0, mut t1) = (0.0f64, 1.0f64);
    for (p, q) in [
        (-dx, a.0 - x0),
        (dx, x1 - a.0),
        (-dy, a.1 - y0),
        (dy, y1 - a.1),
    ] {
        if p.abs() < 1e-12 {
            if q <= 0.0 {
                return false;
            }
        } else {
            let t = q / p;
            if p < 0.0 {
                t0 = t0.max(t);
            } else {
                t1 = t1.min(t);
            }
            if t0 >= t1 {
                return false;
            }
        }
    }
    t1 - t0 > 1e-9
}
