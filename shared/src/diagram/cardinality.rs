//! Crow's-foot ends of a relationship line, from the constraints on the FK columns.
//!
//! The parent end says whether a child row must have a parent (NOT NULL FK columns: `||`) or may
//! have none (any nullable FK column: with PostgreSQL's default `MATCH SIMPLE` a NULL in any
//! column switches the check off: `o|`). The child end says how many child rows one parent row
//! can have: at most one when the FK columns are exactly a primary key, a unique constraint or a
//! plain unique index (a one-to-one relationship), any number otherwise.

use super::path::Dp1;
use crate::model::{ForeignKey, Id, IndexKey, Table};

/// How a relationship end is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cardinality {
    /// Exactly one (two bars, `||`).
    ExactlyOne,
    /// Zero or one (bar and circle, `o|`).
    ZeroOrOne,
    /// Zero or many (crow's foot and circle).
    ZeroOrMany,
}

impl Cardinality {
    /// A short stable name (`one`, `zero-or-one`, `zero-or-many`), for attributes and tests.
    pub fn name(self) -> &'static str {
        match self {
            Cardinality::ExactlyOne => "one",
            Cardinality::ZeroOrOne => "zero-or-one",
            Cardinality::ZeroOrMany => "zero-or-many",
        }
    }
}

/// Whether the FK columns are unique in `table`: a primary key, a unique constraint or a
/// non-partial unique index on exactly those columns (in any order).
pub fn fk_is_unique(table: &Table, fk: &ForeignKey) -> bool {
    let same_set = |cols: &[Id]| {
        !cols.is_empty()
            && cols.len() == fk.columns.len()
            && cols.iter().all(|c| fk.columns.contains(c))
            && fk.columns.iter().all(|c| cols.contains(c))
    };
    table
        .primary_key
        .as_ref()
        .is_some_and(|pk| same_set(&pk.columns))
        || table.uniques.iter().any(|u| same_set(&u.columns))
        || table.indexes.iter().any(|ix| {
            ix.unique && ix.predicate.is_none() && {
                let cols: Option<Vec<Id>> = ix
                    .parts
                    .iter()
                    .map(|p| match &p.key {
                        IndexKey::Column(c) => Some(c.clone()),
                        _ => None,
                    })
                    .collect();
                cols.is_some_and(|c| same_set(&c))
            }
        })
}

/// Whether every FK column is NOT NULL (declared, or implied by the primary key).
pub fn fk_is_mandatory(table: &Table, fk: &ForeignKey) -> bool {
    let in_pk = |c: &Id| {
        table
            .primary_key
            .as_ref()
            .is_some_and(|pk| pk.columns.contains(c))
    };
    fk.columns
        .iter()
        .all(|c| table.column(c).is_none_or(|col| col.not_null || in_pk(c)))
}

/// Cardinalities of both ends of a foreign key: (child end, parent end).
pub fn fk_cardinality(table: &Table, fk: &ForeignKey) -> (Cardinality, Cardinality) {
    let child = if fk_is_unique(table, fk) {
        Cardinality::ZeroOrOne
    } else {
        Cardinality::ZeroOrMany
    };
    let parent = if fk_is_mandatory(table, fk) {
        Cardinality::ExactlyOne
    } else {
        Cardinality::ZeroOrOne
    };
    (child, parent)
}

/// How far a marker reaches out of the card: a line's first and last straight runs are at least
/// this long so the marker never sits on a bend.
pub const MARKER_LEN: f64 = 19.0;

/// SVG path data for a crow's-foot marker at an end point `(x, y)` on a card's edge whose line
/// leaves in direction `dir` (+1 right, -1 left).
pub fn cardinality_marker(end: (f64, f64, f64), kind: Cardinality) -> String {
    let (x, y, d) = end;
    let (xs, ys) = (Dp1(x), Dp1(y));
    let bar = |at: f64| {
        let bx = Dp1(x + d * at);
        format!("M {bx} {} L {bx} {}", Dp1(y - 6.0), Dp1(y + 6.0))
    };
    // A whole circle centred on the line (two half arcs).
    let circle = |at: f64| {
        format!(
            "M {} {ys} a 3.5 3.5 0 1 0 7 0 a 3.5 3.5 0 1 0 -7 0",
            Dp1(x + d * at - 3.5)
        )
    };
    match kind {
        Cardinality::ExactlyOne => format!("{} {}", bar(6.0), bar(11.0)),
        Cardinality::ZeroOrOne => format!("{} {}", bar(6.0), circle(14.0)),
        Cardinality::ZeroOrMany => format!(
            "M {xs} {} L {} {ys} L {xs} {} {}",
            Dp1(y - 6.0),
            Dp1(x + d * 9.0),
            Dp1(y + 6.0),
            circle(15.0)
        ),
    }
}
