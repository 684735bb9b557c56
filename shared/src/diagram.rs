//! The diagram as pure data: card geometry, auto-layout, relationship routing, crow's-foot ends,
//! semantic zoom and the SVG export.
//!
//! It lives in `shared` so that the browser canvas, the `joinery export svg` command and the
//! tests all draw (and check) the same lines: a line drawn from a row here is tested to start at
//! that row here. Nothing in it touches the DOM; everything is a function of the [`Document`].
//!
//! - [`geometry`]: card sizes, rows, placements, a bucket index of cards;
//! - [`layout`]: the layered auto-layout;
//! - [`route`] and [`nudge`]: orthogonal lines that go around cards and keep apart;
//! - [`cardinality`]: crow's-foot ends from NOT NULL and UNIQUE;
//! - [`metrics`]: crossings, length and the [`metrics::route_violations`] checker;
//! - [`zoom`]: the viewport and what is legible at each zoom;
//! - [`svg`]: the standalone SVG, with `data-` attributes as a contract for tools and tests.

pub mod cardinality;
pub mod geometry;
pub mod layout;
pub mod metrics;
pub mod nudge;
pub mod path;
pub mod route;
pub mod rows;
pub mod svg;
pub mod zoom;

pub use cardinality::{cardinality_marker, fk_cardinality, Cardinality};
pub use geometry::{card_rect, card_rects, Point, Rect};
pub use layout::{complete_layout, layered_layout};
pub use metrics::{edge_crossings, route_violations, total_length, Violation};
pub use route::{route_all, route_all_cached, Connection, Route, RouteCache, Router, Side};
pub use svg::svg;

use crate::model::{Document, Table};

/// One relationship line: foreign key `fk` of table `table` referencing table `parent`
/// (indexes into `schema.tables` and `table.foreign_keys`), between two rows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Edge {
    /// The child (referencing) table.
    pub table: usize,
    /// The foreign key, in the child table's list.
    pub fk: usize,
    /// The parent (referenced) table.
    pub parent: usize,
    /// The row of the FK's first column in the child card.
    pub from_row: usize,
    /// The row of the first referenced column in the parent card.
    pub to_row: usize,
}

/// Every drawable relationship of a document (FKs whose referenced table exists), in table and
/// FK order.
pub fn edges(doc: &Document) -> Vec<Edge> {
    let index: std::collections::HashMap<_, _> = doc
        .schema
        .tables
        .iter()
        .enumerate()
        .map(|(i, t)| (&t.id, i))
        .collect();
    let mut out = Vec::new();
    for (ti, t) in doc.schema.tables.iter().enumerate() {
        for (fi, fk) in t.foreign_keys.iter().enumerate() {
            let Some(&parent) = index.get(&fk.ref_table) else {
                continue;
            };
            let (from_row, to_row) = geometry::fk_rows(t, fk, &doc.schema.tables[parent]);
            out.push(Edge {
                table: ti,
                fk: fi,
                parent,
                from_row,
                to_row,
            });
        }
    }
    out
}

/// The connection (card indexes and row centres) of an edge among `cards` (by table index).
pub fn connection(cards: &[Rect], e: &Edge) -> Connection {
    Connection {
        from: e.table,
        from_y: cards[e.table].y + geometry::row_center(e.from_row),
        to: e.parent,
        to_y: cards[e.parent].y + geometry::row_center(e.to_row),
    }
}

/// A document's drawn diagram: card rectangles, relationships and their routed lines.
#[derive(Clone, Debug, PartialEq)]
pub struct Diagram {
    /// Card rectangles by table index.
    pub cards: Vec<Rect>,
    /// Relationships.
    pub edges: Vec<Edge>,
    /// What each relationship connects (same order as `edges`).
    pub connections: Vec<Connection>,
    /// The routed line of each relationship (same order as `edges`).
    pub routes: Vec<Route>,
}

impl Diagram {
    /// The diagram of a document as laid out (tables without a placement take their default
    /// grid slot, as on the canvas).
    pub fn of(doc: &Document) -> Diagram {
        Diagram::with_cards(doc, card_rects(doc))
    }

    /// The diagram with the given card rectangles (by table index), e.g. while cards are dragged.
    pub fn with_cards(doc: &Document, cards: Vec<Rect>) -> Diagram {
        let edges = edges(doc);
        let connections: Vec<Connection> = edges.iter().map(|e| connection(&cards, e)).collect();
        let routes = route_all(&cards, &connections);
        Diagram {
            cards,
            edges,
            connections,
            routes,
        }
    }

    /// Everything the drawing gets wrong (empty for a truthful drawing).
    pub fn violations(&self) -> Vec<Violation> {
        route_violations(&self.cards, &self.connections, &self.routes)
    }

    /// The bounding box of the cards and the lines.
    pub fn bounds(&self) -> Option<Rect> {
        self.cards
            .iter()
            .copied()
            .chain(
                self.routes
                    .iter()
                    .filter(|r| !r.points.is_empty())
                    .map(Route::bbox),
            )
            .reduce(|a, b| a.union(&b))
    }
}

/// The child table, the FK and the parent table of an edge.
pub fn edge_parts<'a>(
    doc: &'a Document,
    e: &Edge,
) -> (&'a Table, &'a crate::model::ForeignKey, &'a Table) {
    let t = &doc.schema.tables[e.table];
    (t, &t.foreign_keys[e.fk], &doc.schema.tables[e.parent])
}
