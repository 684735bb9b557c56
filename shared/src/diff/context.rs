//! What a diff of two schemas consults all along: both sides with their tables indexed by id,
//! expression keys computed once per text, and the test that lets a table equal on both sides
//! (most of a large schema) skip the comparison of its columns and constraints.

use std::collections::{HashMap, HashSet};

use super::expression_key;
use crate::model::{Id, Schema, Table};

/// One side of a diff: the schema and its tables by id (the first of duplicate ids, as
/// [`Schema::table`] finds), so that references resolve without scanning every table.
pub(crate) struct Side<'a> {
    /// The schema.
    pub(crate) schema: &'a Schema,
    tables: HashMap<&'a Id, &'a Table>,
}

impl<'a> Side<'a> {
    pub(crate) fn new(schema: &'a Schema) -> Side<'a> {
        let mut tables = HashMap::with_capacity(schema.tables.len());
        for t in &schema.tables {
            tables.entry(&t.id).or_insert(t);
        }
        Side { schema, tables }
    }

    /// The table with this id, as [`Schema::table`].
    pub(crate) fn table(&self, id: &Id) -> Option<&'a Table> {
        self.tables.get(id).copied()
    }
}

/// [`super::expression_key`]s already computed, by text: both sides of a diff hold mostly the same
/// expressions, and large schemas repeat theirs over many tables.
#[derive(Default)]
pub(crate) struct KeyCache(std::cell::RefCell<HashMap<String, String>>);

impl KeyCache {
    /// [`super::expression_key`] of `expr`, computed once per text.
    pub(crate) fn key(&self, expr: &str) -> String {
        if let Some(key) = self.0.borrow().get(expr) {
            return key.clone();
        }
        let key = expression_key(expr);
        self.0.borrow_mut().insert(expr.to_string(), key.clone());
        key
    }
}

/// What a diff of two schemas consults all along: both sides indexed, and the keys computed.
pub(crate) struct DiffCx<'a> {
    pub(crate) from: Side<'a>,
    pub(crate) to: Side<'a>,
    pub(crate) keys: KeyCache,
}

/// Whether `diff_table` of `a` and `b` is certainly empty, told without computing a key:
/// equal tables (with no id used twice, which would pair them up differently) whose foreign keys
/// reference, on both sides, the same table unchanged, when the enums (which spell column types
/// and defaults) are unchanged too. Most tables of a large schema are such tables.
pub(super) fn unchanged_table(cx: &DiffCx, a: &Table, b: &Table) -> bool {
    fn distinct<'a>(ids: impl Iterator<Item = &'a Id>) -> bool {
        let ids: Vec<&Id> = ids.collect();
        if ids.len() > 32 {
            let mut seen = HashSet::with_capacity(ids.len());
            return ids.into_iter().all(|id| seen.insert(id));
        }
        ids.iter().enumerate().all(|(k, id)| !ids[..k].contains(id))
    }
    a == b
        && distinct(a.columns.iter().map(|c| &c.id))
        && distinct(
            a.primary_key
                .iter()
                .map(|k| &k.id)
                .chain(a.uniques.iter().map(|u| &u.id))
                .chain(a.checks.iter().map(|c| &c.id))
                .chain(a.foreign_keys.iter().map(|f| &f.id))
                .chain(a.indexes.iter().map(|ix| &ix.id)),
        )
        && a.foreign_keys.iter().all(|fk| {
            matches!(
                (cx.from.table(&fk.ref_table), cx.to.table(&fk.ref_table)),
                (Some(x), Some(y)) if x == y
            )
        })
}
