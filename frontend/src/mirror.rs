//! The engine worker's copies of the schemas it works on, kept up to date by patches.
//!
//! Sending a whole 1,000-table schema to the worker costs the main thread a deep clone and a
//! multi-megabyte JSON serialization (tens of milliseconds in wasm) — per request, per edit,
//! which is what made typing stutter while the engine worked. Instead the worker keeps each
//! [`Slot`]'s schema, and the designer sends only what changed since the last message: an edit
//! to one column sends one table. The designer keeps a [`Mirror`] of what the worker holds to
//! work out the patch; comparing tables is far cheaper than cloning or serializing them.
//!
//! A patch never depends on ids being unique: when they are not (a design with a duplicate id
//! is invalid but still shown), or when tables were added, removed or moved, it falls back to
//! matching by position or to the whole list.

use std::collections::HashMap;

use joinery_shared::model::{
    CompositeType, DefaultPrivilege, Domain, Enum, Extension, Function, Id, Namespace, Schema,
    Sequence, Table, View,
};
use serde::{Deserialize, Serialize};

/// Which of the worker's schemas a request means.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Slot {
    /// The draft being edited.
    Draft,
    /// What the Changes tab plans from: the last saved version (or an empty database).
    Base,
}

impl Slot {
    /// Every slot, in the order the worker's copies are kept.
    pub const ALL: [Slot; 2] = [Slot::Draft, Slot::Base];

    fn index(self) -> usize {
        match self {
            Slot::Draft => 0,
            Slot::Base => 1,
        }
    }
}

/// What brings one copy of a schema up to date with another.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SchemaPatch {
    /// The tables' changes.
    pub tables: TablesPatch,
    /// Everything but the tables (namespaces, enums, views, routines, ...; its `tables` empty),
    /// when any of it changed. Small next to the tables, so it goes whole.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rest: Option<Box<Schema>>,
}

/// How the list of tables changed.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub enum TablesPatch {
    /// Nothing.
    #[default]
    Same,
    /// The same tables in the same order (by id); these positions hold new values.
    Changed(Vec<(usize, Table)>),
    /// Tables added, removed or moved: the new order by id, with the tables the old list did
    /// not have (or had with another value). Only used when both lists' ids are unique.
    Reordered {
        /// Every table's id, in the new order.
        order: Vec<Id>,
        /// The tables that are new or changed.
        tables: Vec<Table>,
    },
    /// The whole list.
    All(Vec<Table>),
}

impl SchemaPatch {
    /// Whether applying it changes nothing.
    pub fn is_empty(&self) -> bool {
        matches!(self.tables, TablesPatch::Same) && self.rest.is_none()
    }

    /// The patch that turns `old` into `new`.
    pub fn between(old: &Schema, new: &Schema) -> SchemaPatch {
        SchemaPatch {
            tables: tables_patch(&old.tables, &new.tables),
            rest: (!rest_eq(old, new)).then(|| Box::new(without_tables(new))),
        }
    }

    /// Applies the patch to `schema` (the copy it was made against).
    pub fn apply(self, schema: &mut Schema) {
        if let Some(rest) = self.rest {
            let tables = std::mem::take(&mut schema.tables);
            *schema = *rest;
            schema.tables = tables;
        }
        match self.tables {
            TablesPatch::Same => {}
            TablesPatch::Changed(changed) => {
                for (i, table) in changed {
                    if let Some(slot) = schema.tables.get_mut(i) {
                        *slot = table;
                    }
                }
            }
            TablesPatch::Reordered { order, tables } => {
                let mut by_id: HashMap<Id, Table> = std::mem::take(&mut schema.tables)
                    .into_iter()
                    .map(|t| (t.id.clone(), t))
                    .collect();
                for t in tables {
                    by_id.insert(t.id.clone(), t);
                }
                schema.tables = order.iter().filter_map(|id| by_id.remove(id)).collect();
            }
            TablesPatch::All(tables) => schema.tables = tables,
        }
    }
}

fn tables_patch(old: &[Table], new: &[Table]) -> TablesPatch {
    let same_ids = old.len() == new.len() && old.iter().zip(new).all(|(a, b)| a.id == b.id);
    if same_ids {
        let changed: Vec<(usize, Table)> = old
            .iter()
            .zip(new)
            .enumerate()
            .filter(|(_, (a, b))| a != b)
            .map(|(i, (_, b))| (i, b.clone()))
            .collect();
        return if changed.is_empty() {
            TablesPatch::Same
        } else {
            TablesPatch::Changed(changed)
        };
    }
    let old_by_id: HashMap<&Id, &Table> = old.iter().map(|t| (&t.id, t)).collect();
    let unique_new = {
        let mut seen = std::collections::HashSet::with_capacity(new.len());
        new.iter().all(|t| seen.insert(&t.id))
    };
    if old_by_id.len() != old.len() || !unique_new {
        return TablesPatch::All(new.to_vec());
    }
    TablesPatch::Reordered {
        order: new.iter().map(|t| t.id.clone()).collect(),
        tables: new
            .iter()
            .filter(|t| old_by_id.get(&t.id).is_none_or(|o| *o != *t))
            .cloned()
            .collect(),
    }
}

/// Everything but the tables, borrowed. Destructured without `..`, so a field added to
/// [`Schema`] does not compile until it is sent here too.
type Rest<'a> = (
    &'a [Namespace],
    &'a [Enum],
    &'a [View],
    &'a [Sequence],
    &'a [Function],
    &'a [Domain],
    &'a [Extension],
    &'a [CompositeType],
    &'a [DefaultPrivilege],
);

fn rest(s: &Schema) -> Rest<'_> {
    let Schema {
        namespaces: a,
        enums: b,
        tables: _,
        views: c,
        sequences: d,
        functions: e,
        domains: f,
        extensions: g,
        composites: h,
        default_privileges: i,
    } = s;
    (a, b, c, d, e, f, g, h, i)
}

/// Whether everything but the tables is equal.
fn rest_eq(a: &Schema, b: &Schema) -> bool {
    rest(a) == rest(b)
}

/// A copy of everything but the tables.
fn without_tables(s: &Schema) -> Schema {
    let (ns, en, vi, sq, fu, dm, ex, co, dp) = rest(s);
    Schema {
        namespaces: ns.to_vec(),
        enums: en.to_vec(),
        tables: Vec::new(),
        views: vi.to_vec(),
        sequences: sq.to_vec(),
        functions: fu.to_vec(),
        domains: dm.to_vec(),
        extensions: ex.to_vec(),
        composites: co.to_vec(),
        default_privileges: dp.to_vec(),
    }
}

/// One schema per [`Slot`]: the worker's copies, and the designer's record of them.
#[derive(Clone, Debug, Default)]
pub struct Mirror {
    slots: [Schema; 2],
}

impl Mirror {
    /// The copy in `slot`.
    pub fn get(&self, slot: Slot) -> &Schema {
        &self.slots[slot.index()]
    }

    /// Brings the copy in `slot` up to `schema`: `send` gets the patch that does it (before it
    /// is applied to the copy, so it is never cloned), unless they are already equal. Returns
    /// whether there was a patch.
    pub fn update(&mut self, slot: Slot, schema: &Schema, send: impl FnOnce(&SchemaPatch)) -> bool {
        let copy = &mut self.slots[slot.index()];
        let patch = SchemaPatch::between(copy, schema);
        if patch.is_empty() {
            return false;
        }
        send(&patch);
        patch.apply(copy);
        true
    }

    /// Applies a patch received for `slot`.
    pub fn apply(&mut self, slot: Slot, patch: SchemaPatch) {
        patch.apply(&mut self.slots[slot.index()]);
    }
}
