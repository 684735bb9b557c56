//! Relationship lines for the canvas: routed by `joinery_shared::diagram` once per document
//! change (not per frame) and looked up by each line's component.
//!
//! While tables are dragged only their own lines are rerouted, around the other cards at the
//! live offset; every other line keeps its memoised route.

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use joinery_shared::diagram::cardinality::{fk_cardinality, Cardinality};
use joinery_shared::diagram::route::{route_all, route_all_cached, Route, RouteCache};
use joinery_shared::diagram::{connection, edges, Edge};
use joinery_shared::model::{Document, Id};

use crate::geometry::{drawn_rect, Rect};

/// One drawn relationship line.
#[derive(Clone, Debug, PartialEq)]
pub struct Line {
    /// The child (referencing) table.
    pub table: Id,
    /// The parent (referenced) table.
    pub ref_table: Id,
    /// The routed polyline.
    pub route: Route,
    /// Its bounding box (for culling).
    pub bbox: Rect,
    /// Crow's-foot end at the child.
    pub child: Cardinality,
    /// Crow's-foot end at the parent.
    pub parent: Cardinality,
}

/// Routed lines by (table id, foreign key id); cheap to clone and compared by identity, so a
/// memo holding it notifies only when it was recomputed.
#[derive(Clone, Debug, Default)]
pub struct Routes(pub Arc<HashMap<(Id, Id), Line>>);

impl PartialEq for Routes {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl Routes {
    /// The line of a foreign key, if it is drawn.
    pub fn get(&self, table: &Id, fk: &Id) -> Option<&Line> {
        self.0.get(&(table.clone(), fk.clone()))
    }
}

fn cards(
    doc: &Document,
    sizes: &HashMap<Id, (f64, f64)>,
    moved: impl Fn(&Id) -> (f64, f64),
) -> Vec<Rect> {
    doc.schema
        .tables
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let r = drawn_rect(doc, i, &t.id, sizes);
            let (dx, dy) = moved(&t.id);
            Rect {
                x: r.x + dx,
                y: r.y + dy,
                ..r
            }
        })
        .collect()
}

/// The cache of routed lines kept between document changes.
pub type LineCache = RouteCache<(Id, Id)>;

fn lines(doc: &Document, cards: &[Rect], edges: &[Edge], cache: Option<&mut LineCache>) -> Routes {
    let connections: Vec<_> = edges.iter().map(|e| connection(cards, e)).collect();
    let routes = match cache {
        Some(cache) => {
            let tables = &doc.schema.tables;
            let keys: Vec<(Id, Id)> = edges
                .iter()
                .map(|e| {
                    (
                        tables[e.table].id.clone(),
                        tables[e.table].foreign_keys[e.fk].id.clone(),
                    )
                })
                .collect();
            route_all_cached(cards, &connections, &keys, cache)
        }
        None => route_all(cards, &connections),
    };
    let mut out = HashMap::with_capacity(edges.len());
    for (e, route) in edges.iter().zip(routes) {
        let (t, fk, parent) = joinery_shared::diagram::edge_parts(doc, e);
        let (child_end, parent_end) = fk_cardinality(t, fk);
        out.insert(
            (t.id.clone(), fk.id.clone()),
            Line {
                table: t.id.clone(),
                ref_table: parent.id.clone(),
                bbox: route.bbox(),
                route,
                child: child_end,
                parent: parent_end,
            },
        );
    }
    Routes(Arc::new(out))
}

/// Every line of the document, routed around the cards as drawn; lines whose cards did not
/// move since the last call are taken from `cache` (only their lanes are recomputed).
pub fn route_document(
    doc: &Document,
    sizes: &HashMap<Id, (f64, f64)>,
    cache: &mut LineCache,
) -> Routes {
    let cards = cards(doc, sizes, |_| (0.0, 0.0));
    lines(doc, &cards, &edges(doc), Some(cache))
}

/// The lines touching the `selection` while it is dragged by `offset`, routed around all cards
/// at their live positions (empty when nothing moves).
pub fn route_dragged(
    doc: &Document,
    sizes: &HashMap<Id, (f64, f64)>,
    selection: &BTreeSet<Id>,
    offset: (f64, f64),
) -> Routes {
    if offset == (0.0, 0.0) || selection.is_empty() {
        return Routes::default();
    }
    let cards = cards(doc, sizes, |id| {
        if selection.contains(id) {
            offset
        } else {
            (0.0, 0.0)
        }
    });
    let tables = &doc.schema.tables;
    let moved: Vec<Edge> = edges(doc)
        .into_iter()
        .filter(|e| {
            selection.contains(&tables[e.table].id) || selection.contains(&tables[e.parent].id)
        })
        .collect();
    lines(doc, &cards, &moved, None)
}
