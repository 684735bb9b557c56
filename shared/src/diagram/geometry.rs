//! Card geometry: sizes, column rows and placements.
//!
//! Everything that draws the diagram (the canvas, the minimap, the SVG export, the router and the
//! tests) takes its rectangles from here, so a line that is checked to start at a row's centre is
//! drawn starting there too. Pure functions of the model, in canvas units.

use std::collections::HashMap;

use crate::model::{ColumnType, Document, ForeignKey, Id, Placement, Schema, Table};

/// A point in canvas units.
pub type Point = (f64, f64);

/// Height of a card's title bar.
pub const HEADER_H: f64 = 32.0;
/// Height of one column row.
pub const ROW_H: f64 = 22.0;
/// Space under the last row.
pub const FOOTER_H: f64 = 6.0;
/// Narrowest card.
pub const MIN_W: f64 = 200.0;
/// Widest card (longer names are clipped).
pub const MAX_W: f64 = 420.0;
/// Approximate advance of one character at the card font size.
pub const CHAR_W: f64 = 7.4;

/// An axis-aligned rectangle in canvas units.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rect {
    /// Left.
    pub x: f64,
    /// Top.
    pub y: f64,
    /// Width.
    pub w: f64,
    /// Height.
    pub h: f64,
}

impl Rect {
    /// Right edge.
    pub fn right(&self) -> f64 {
        self.x + self.w
    }
    /// Bottom edge.
    pub fn bottom(&self) -> f64 {
        self.y + self.h
    }
    /// Whether two rectangles overlap.
    pub fn intersects(&self, other: &Rect) -> bool {
        self.x < other.right()
            && other.x < self.right()
            && self.y < other.bottom()
            && other.y < self.bottom()
    }
    /// Whether `other` lies wholly inside.
    pub fn contains(&self, other: &Rect) -> bool {
        other.x >= self.x
            && other.y >= self.y
            && other.right() <= self.right()
            && other.bottom() <= self.bottom()
    }
    /// Whether a point lies strictly inside (not on the border), with `eps` of slack.
    pub fn strictly_contains(&self, (x, y): Point, eps: f64) -> bool {
        x > self.x + eps && x < self.right() - eps && y > self.y + eps && y < self.bottom() - eps
    }
    /// The smallest rectangle holding both.
    pub fn union(&self, other: &Rect) -> Rect {
        let x = self.x.min(other.x);
        let y = self.y.min(other.y);
        Rect {
            x,
            y,
            w: self.right().max(other.right()) - x,
            h: self.bottom().max(other.bottom()) - y,
        }
    }
    /// The rectangle grown by `d` on every side.
    pub fn inflate(&self, d: f64) -> Rect {
        Rect {
            x: self.x - d,
            y: self.y - d,
            w: self.w + 2.0 * d,
            h: self.h + 2.0 * d,
        }
    }
    /// The rectangle spanned by two corner points.
    pub fn from_corners(a: Point, b: Point) -> Rect {
        Rect {
            x: a.0.min(b.0),
            y: a.1.min(b.1),
            w: (a.0 - b.0).abs(),
            h: (a.1 - b.1).abs(),
        }
    }
}

/// The text shown for a column's type on its card.
pub fn type_label(schema: &Schema, ty: &ColumnType) -> String {
    crate::ddl::column_type_sql(schema, ty)
}

/// The title shown on a table's card: the name, schema-qualified outside `public`.
pub fn card_title(table: &Table) -> String {
    if table.schema == "public" {
        table.name.clone()
    } else {
        format!("{}.{}", table.schema, table.name)
    }
}

/// A card's width from its longest line.
pub fn card_width(schema: &Schema, table: &Table) -> f64 {
    let title = table.name.chars().count() as f64
        + if table.schema != "public" {
            table.schema.len() as f64 + 1.0
        } else {
            0.0
        };
    let widest_row = table
        .columns
        .iter()
        .map(|c| c.name.chars().count() + type_label(schema, &c.ty).chars().count() + 8)
        .max()
        .unwrap_or(0) as f64;
    ((title + 4.0).max(widest_row) * CHAR_W + 24.0).clamp(MIN_W, MAX_W)
}

/// A card's height for its number of columns.
pub fn card_height(columns: usize) -> f64 {
    HEADER_H + columns as f64 * ROW_H + FOOTER_H
}

/// A table's card rectangle at a placement.
pub fn card_rect(schema: &Schema, table: &Table, at: &Placement) -> Rect {
    Rect {
        x: at.x,
        y: at.y,
        w: card_width(schema, table),
        h: card_height(table.columns.len()),
    }
}

/// Vertical centre of a column row, relative to the card's top.
pub fn row_center(index: usize) -> f64 {
    HEADER_H + index as f64 * ROW_H + ROW_H / 2.0
}

/// Snaps a coordinate to the grid.
pub fn snap(v: f64, grid: f64) -> f64 {
    (v / grid).round() * grid
}

/// Where a table is drawn (a default grid slot when the layout has none).
pub fn placement_of(doc: &Document, index: usize, id: &Id) -> Placement {
    doc.layout.placements.get(id).cloned().unwrap_or_else(|| {
        let col = (index % 8) as f64;
        let row = (index / 8) as f64;
        Placement {
            x: col * 300.0,
            y: row * 420.0,
            color: None,
        }
    })
}

/// Every table's card rectangle, by table index.
pub fn card_rects(doc: &Document) -> Vec<Rect> {
    doc.schema
        .tables
        .iter()
        .enumerate()
        .map(|(i, t)| card_rect(&doc.schema, t, &placement_of(doc, i, &t.id)))
        .collect()
}

/// The rows a relationship line joins: the FK's first column in `table` and the referenced first
/// column in `target` (row 0, the header line, when either is missing).
pub fn fk_rows(table: &Table, fk: &ForeignKey, target: &Table) -> (usize, usize) {
    let row = |t: &Table, col: Option<&Id>| {
        col.and_then(|c| t.columns.iter().position(|x| &x.id == c))
            .unwrap_or(0)
    };
    (
        row(table, fk.columns.first()),
        row(target, fk.ref_columns.first()),
    )
}

/// The bounding box of every card, if there are any.
pub fn diagram_bounds(doc: &Document) -> Option<Rect> {
    card_rects(doc).into_iter().reduce(|a, b| a.union(&b))
}

/// The free spot nearest `preferred` for a card of `size`, so a new table never lands on top of
/// another one (that hides both until the user drags one away). A new card grows as columns are
/// added, so room for a few more rows is kept below it; spots below and to the right are
/// preferred to spots as near above and to the left, where people look for what they just
/// added. If the neighbourhood is full, `preferred` itself is returned.
pub fn free_spot(doc: &Document, preferred: Point, size: (f64, f64), grid: f64) -> Point {
    const GAP: f64 = 24.0;
    const GROWTH_ROWS: f64 = 4.0;
    const RINGS: i64 = 60;
    let cards = card_rects(doc);
    let fits = |x: f64, y: f64| {
        let r = Rect {
            x: x - GAP,
            y: y - GAP,
            w: size.0 + 2.0 * GAP,
            h: size.1 + GROWTH_ROWS * ROW_H + 2.0 * GAP,
        };
        !cards.iter().any(|c| c.intersects(&r))
    };
    let step = grid.max(1.0) * 2.0;
    // Distance with steps up or left counting 1.5 times (squared, in half-steps to stay integral).
    let cost = |d: i64| {
        if d < 0 {
            (3 * d).pow(2)
        } else {
            (2 * d).pow(2)
        }
    };
    let mut cells: Vec<(i64, i64)> = (-RINGS..=RINGS)
        .flat_map(|dx| (-RINGS..=RINGS).map(move |dy| (dx, dy)))
        .collect();
    cells.sort_by_key(|&(dx, dy)| (cost(dx) + cost(dy), -dy, -dx));
    cells
        .into_iter()
        .map(|(dx, dy)| {
            (
                preferred.0 + dx as f64 * step,
                preferred.1 + dy as f64 * step,
            )
        })
        .find(|&(x, y)| fits(x, y))
        .unwrap_or(preferred)
}

/// A uniform-grid bucket index of rectangles, so "which cards are near here" costs a few
/// lookups instead of a scan of every card (the router asks it once per line).
#[derive(Clone, Debug)]
pub struct RectIndex {
    cell: f64,
    buckets: HashMap<(i64, i64), Vec<u32>>,
}

impl RectIndex {
    /// Indexes `rects` in buckets of `cell` canvas units.
    pub fn new(rects: &[Rect], cell: f64) -> RectIndex {
        let mut index = RectIndex {
            cell,
            buckets: HashMap::new(),
        };
        for (i, r) in rects.iter().enumerate() {
            for key in index.keys(r) {
                index.buckets.entry(key).or_default().push(i as u32);
            }
        }
        index
    }

    fn keys(&self, r: &Rect) -> impl Iterator<Item = (i64, i64)> {
        let c = self.cell;
        let (x0, x1) = ((r.x / c).floor() as i64, (r.right() / c).floor() as i64);
        let (y0, y1) = ((r.y / c).floor() as i64, (r.bottom() / c).floor() as i64);
        (x0..=x1).flat_map(move |x| (y0..=y1).map(move |y| (x, y)))
    }

    /// Indexes of the rectangles whose buckets meet `area` (a superset of those intersecting
    /// it, each once, ascending).
    pub fn near(&self, area: &Rect) -> Vec<usize> {
        let mut out: Vec<usize> = Vec::new();
        let c = self.cell;
        let cols = ((area.right() / c).floor() - (area.x / c).floor()) as i64 + 1;
        let rows = ((area.bottom() / c).floor() - (area.y / c).floor()) as i64 + 1;
        if cols.saturating_mul(rows) > self.buckets.len() as i64 * 2 {
            // A huge area: walking the buckets is cheaper than walking the cells.
            for (&(x, y), ids) in &self.buckets {
                let cell = Rect {
                    x: x as f64 * c,
                    y: y as f64 * c,
                    w: c,
                    h: c,
                };
                if cell.intersects(&area.inflate(1.0)) {
                    out.extend(ids.iter().map(|&i| i as usize));
                }
            }
        } else {
            for key in self.keys(area) {
                if let Some(ids) = self.buckets.get(&key) {
                    out.extend(ids.iter().map(|&i| i as usize));
                }
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }
}
