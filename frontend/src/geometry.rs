//! Canvas geometry: card sizes, column anchors, relationship paths and the viewport transform.
//!
//! Pure functions of the model, so the canvas, the minimap, the SVG export and the tests agree.

use joinery_shared::model::{Document, ForeignKey, Id, Placement, Schema, Table};

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
/// Below this zoom cards are drawn without their column rows.
pub const DETAIL_ZOOM: f64 = 0.45;
/// Below this zoom the whole diagram is drawn as two paths (cards, lines) instead of one element
/// per card: titles are unreadable there anyway, and thousands of SVG groups are what makes a
/// zoomed-out canvas slow to paint.
pub const OVERVIEW_ZOOM: f64 = 0.22;

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
    /// The rectangle spanned by two corner points.
    pub fn from_corners(a: (f64, f64), b: (f64, f64)) -> Rect {
        Rect {
            x: a.0.min(b.0),
            y: a.1.min(b.1),
            w: (a.0 - b.0).abs(),
            h: (a.1 - b.1).abs(),
        }
    }
}

/// The text shown for a column's type on its card.
pub fn type_label(schema: &Schema, ty: &joinery_shared::model::ColumnType) -> String {
    joinery_shared::ddl::column_type_sql(schema, ty)
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

/// The pan/zoom of the canvas: `screen = world * zoom + (x, y)`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Viewport {
    /// Horizontal translation in screen pixels.
    pub x: f64,
    /// Vertical translation in screen pixels.
    pub y: f64,
    /// Scale.
    pub zoom: f64,
}

impl Default for Viewport {
    fn default() -> Self {
        Viewport {
            x: 40.0,
            y: 40.0,
            zoom: 1.0,
        }
    }
}

/// Zoom limits.
pub const MIN_ZOOM: f64 = 0.05;
/// Zoom limits.
pub const MAX_ZOOM: f64 = 3.0;

impl Viewport {
    /// Screen point to canvas point.
    pub fn to_world(&self, sx: f64, sy: f64) -> (f64, f64) {
        ((sx - self.x) / self.zoom, (sy - self.y) / self.zoom)
    }
    /// Canvas point to screen point.
    pub fn to_screen(&self, wx: f64, wy: f64) -> (f64, f64) {
        (wx * self.zoom + self.x, wy * self.zoom + self.y)
    }
    /// Zooms by `factor` keeping the screen point `(sx, sy)` fixed.
    pub fn zoom_at(&self, sx: f64, sy: f64, factor: f64) -> Viewport {
        let zoom = (self.zoom * factor).clamp(MIN_ZOOM, MAX_ZOOM);
        let (wx, wy) = self.to_world(sx, sy);
        Viewport {
            x: sx - wx * zoom,
            y: sy - wy * zoom,
            zoom,
        }
    }
    /// The canvas area visible in a screen of `width` × `height`.
    pub fn visible(&self, width: f64, height: f64) -> Rect {
        let (x, y) = self.to_world(0.0, 0.0);
        Rect {
            x,
            y,
            w: width / self.zoom,
            h: height / self.zoom,
        }
    }
    /// The viewport showing `bounds` whole in a screen of `width` × `height`, with a margin.
    pub fn fit(bounds: Rect, width: f64, height: f64) -> Viewport {
        let margin = 40.0;
        let zx = (width - 2.0 * margin).max(50.0) / bounds.w.max(1.0);
        let zy = (height - 2.0 * margin).max(50.0) / bounds.h.max(1.0);
        let zoom = zx.min(zy).clamp(MIN_ZOOM, 1.5);
        Viewport {
            x: (width - bounds.w * zoom) / 2.0 - bounds.x * zoom,
            y: (height - bounds.h * zoom) / 2.0 - bounds.y * zoom,
            zoom,
        }
    }
    /// The SVG transform attribute.
    pub fn transform(&self) -> String {
        format!(
            "translate({:.2} {:.2}) scale({:.4})",
            self.x, self.y, self.zoom
        )
    }
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

/// A card's size before the browser has measured it.
pub const UNMEASURED_CARD: (f64, f64) = (200.0, 100.0);

/// Where a table's card is drawn: its placement and its measured size (the culling, hit tests,
/// lines, minimap, overview and groups all need the same rectangle).
pub fn drawn_rect(
    doc: &Document,
    index: usize,
    id: &Id,
    sizes: &std::collections::HashMap<Id, (f64, f64)>,
) -> Rect {
    let p = placement_of(doc, index, id);
    let (w, h) = sizes.get(id).copied().unwrap_or(UNMEASURED_CARD);
    Rect {
        x: p.x,
        y: p.y,
        w,
        h,
    }
}

/// The free spot nearest `preferred` for a card of `size`, so a new table never lands on top of
/// another one (that hides both until the user drags one away). A new card grows as columns are
/// added, so room for a few more rows is kept below it; spots below and to the right are
/// preferred to spots as near above and to the left, where people look for what they just
/// added. If the neighbourhood is full, `preferred` itself is returned.
pub fn free_spot(doc: &Document, preferred: (f64, f64), size: (f64, f64), grid: f64) -> (f64, f64) {
    const GAP: f64 = 24.0;
    const GROWTH_ROWS: f64 = 4.0;
    const RINGS: i64 = 60;
    let cards: Vec<Rect> = doc
        .schema
        .tables
        .iter()
        .enumerate()
        .map(|(i, t)| card_rect(&doc.schema, t, &placement_of(doc, i, &t.id)))
        .collect();
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

/// The bounding box of every card, if there are any.
pub fn diagram_bounds(doc: &Document) -> Option<Rect> {
    doc.schema
        .tables
        .iter()
        .enumerate()
        .map(|(i, t)| card_rect(&doc.schema, t, &placement_of(doc, i, &t.id)))
        .reduce(|a, b| a.union(&b))
}

/// How a relationship end is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cardinality {
    /// Exactly one (two bars).
    ExactlyOne,
    /// Zero or one (bar and circle).
    ZeroOrOne,
    /// Zero or many (crow's foot and circle).
    ZeroOrMany,
}

/// Cardinalities of both ends of a foreign key: (child end, parent end).
///
/// The child end is "many" unless the FK columns are covered by a PK or UNIQUE; the parent end is
/// optional when any FK column is nullable.
pub fn fk_cardinality(table: &Table, fk: &ForeignKey) -> (Cardinality, Cardinality) {
    let same_set =
        |cols: &[Id]| cols.len() == fk.columns.len() && cols.iter().all(|c| fk.columns.contains(c));
    let unique = table.primary_key.as_ref().is_some_and(|pk| same_set(&pk.columns))
        || table.uniques.iter().any(|u| same_set(&u.columns))
        || table.indexes.iter().any(|ix| {
            ix.unique
                && ix.predicate.is_none()
                && ix.parts.len() == fk.columns.len()
                && ix.parts.iter().all(|p| matches!(&p.key, joinery_shared::model::IndexKey::Column(c) if fk.columns.contains(c)))
        });
    let in_pk = |c: &Id| {
        table
            .primary_key
            .as_ref()
            .is_some_and(|pk| pk.columns.contains(c))
    };
    let nullable = fk.columns.iter().any(|c| {
        table
            .column(c)
            .is_some_and(|col| !col.not_null && !in_pk(c))
    });
    let child = if unique {
        Cardinality::ZeroOrOne
    } else {
        Cardinality::ZeroOrMany
    };
    let parent = if nullable {
        Cardinality::ZeroOrOne
    } else {
        Cardinality::ExactlyOne
    };
    (child, parent)
}

/// A relationship line between two column rows: the path and both end points with directions.
#[derive(Clone, Debug, PartialEq)]
pub struct EdgeGeometry {
    /// SVG path data of the line.
    pub path: String,
    /// Child end point and the direction (+1 right, -1 left) the line leaves it.
    pub from: (f64, f64, f64),
    /// Parent end point and direction.
    pub to: (f64, f64, f64),
}

/// The line from a child column row to a parent column row, leaving and entering horizontally on
/// the facing sides of the two cards (or looping out on the right for a self-reference).
pub fn edge_geometry(
    from_rect: Rect,
    from_row: usize,
    to_rect: Rect,
    to_row: usize,
) -> EdgeGeometry {
    let fy = from_rect.y + row_center(from_row);
    let ty = to_rect.y + row_center(to_row);
    let stub = 18.0;
    let (fx, fdir, tx, tdir) = if from_rect == to_rect {
        (from_rect.right(), 1.0, to_rect.right(), 1.0)
    } else if to_rect.x > from_rect.right() + 2.0 * stub {
        (from_rect.right(), 1.0, to_rect.x, -1.0)
    } else if to_rect.right() < from_rect.x - 2.0 * stub {
        (from_rect.x, -1.0, to_rect.right(), 1.0)
    } else {
        // Overlapping horizontally: both on the right side, looping around.
        (from_rect.right(), 1.0, to_rect.right(), 1.0)
    };
    let a = (fx + fdir * stub, fy);
    let b = (tx + tdir * stub, ty);
    let bend = ((b.0 - a.0).abs() / 2.0).max(40.0);
    let path = format!(
        "M {fx:.1} {fy:.1} L {:.1} {:.1} C {:.1} {:.1}, {:.1} {:.1}, {:.1} {:.1} L {tx:.1} {ty:.1}",
        a.0,
        a.1,
        a.0 + fdir * bend,
        a.1,
        b.0 + tdir * bend,
        b.1,
        b.0,
        b.1
    );
    EdgeGeometry {
        path,
        from: (fx, fy, fdir),
        to: (tx, ty, tdir),
    }
}

/// SVG path data for a crow's-foot marker at an end point (x, y) whose line leaves in `dir`.
pub fn cardinality_marker(end: (f64, f64, f64), kind: Cardinality) -> String {
    let (x, y, d) = end;
    match kind {
        Cardinality::ExactlyOne => format!(
            "M {:.1} {:.1} L {:.1} {:.1} M {:.1} {:.1} L {:.1} {:.1}",
            x + d * 6.0, y - 6.0, x + d * 6.0, y + 6.0,
            x + d * 11.0, y - 6.0, x + d * 11.0, y + 6.0
        ),
        Cardinality::ZeroOrOne => format!(
            "M {:.1} {:.1} L {:.1} {:.1} M {:.1} {:.1} a 3.5 3.5 0 1 0 0.01 0",
            x + d * 6.0, y - 6.0, x + d * 6.0, y + 6.0,
            x + d * 14.0, y
        ),
        Cardinality::ZeroOrMany => format!(
            "M {:.1} {:.1} L {:.1} {:.1} M {:.1} {:.1} L {:.1} {:.1} M {:.1} {:.1} a 3.5 3.5 0 1 0 0.01 0",
            x, y - 6.0, x + d * 9.0, y,
            x, y + 6.0, x + d * 9.0, y,
            x + d * 15.0, y
        ),
    }
}
