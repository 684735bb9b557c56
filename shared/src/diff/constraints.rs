//! Constraints and indexes of a table: what they are as one type, how their definitions compare
//! (through names after renames and normalised expressions) and how the differences of a matched
//! table's constraints become changes.

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

use super::{
    column_type_key, match_objects, rename_identifiers, DiffCx, KeyCache, Side, TableChange,
};
use crate::model::{Check, ForeignKey, Id, Index, PrimaryKey, Schema, Table, Unique};
use crate::naming;

/// A table-level constraint or index.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Constraint {
    /// Primary key.
    PrimaryKey(PrimaryKey),
    /// UNIQUE.
    Unique(Unique),
    /// CHECK.
    Check(Check),
    /// FOREIGN KEY.
    ForeignKey(ForeignKey),
    /// Index.
    Index(Index),
}

impl Constraint {
    /// Its id.
    pub fn id(&self) -> &Id {
        match self {
            Constraint::PrimaryKey(c) => &c.id,
            Constraint::Unique(c) => &c.id,
            Constraint::Check(c) => &c.id,
            Constraint::ForeignKey(c) => &c.id,
            Constraint::Index(c) => &c.id,
        }
    }

    /// Its effective name in `table` of `schema`.
    pub fn name(&self, schema: &Schema, table: &Table) -> String {
        self.name_with(table, |id| schema.table(id))
    }

    /// [`Constraint::name`], with `referenced` finding a foreign key's referenced table.
    fn name_with<'t>(
        &self,
        table: &Table,
        referenced: impl FnOnce(&Id) -> Option<&'t Table>,
    ) -> String {
        match self {
            Constraint::PrimaryKey(c) => naming::effective_pk_name(table, c),
            Constraint::Unique(c) => naming::effective_unique_name(table, c),
            Constraint::Check(c) => c.name.clone(),
            Constraint::ForeignKey(c) => c.name.clone().unwrap_or_else(|| {
                naming::conventional_fk_name_with(table, c, referenced(&c.ref_table))
            }),
            Constraint::Index(c) => naming::effective_index_name(table, c),
        }
    }

    /// A comparison key of its definition (columns by name, expressions through
    /// [`super::expression_key`]), without its name.
    pub fn definition_key(&self, schema: &Schema, table: &Table) -> String {
        self.definition_key_as(
            &KeyCache::default(),
            &Side::new(schema),
            table,
            None,
            &HashMap::new(),
        )
    }

    /// [`Constraint::definition_key`] of a constraint of the old schema, spelled with the names its
    /// columns, tables and expressions will have once the objects renamed in `after` (matched by
    /// id) are renamed: PostgreSQL carries constraints and indexes through renames, so they are not
    /// changes. `renamed` is [`renamed_columns`] of `table` and `after`'s table (empty without
    /// `after`), the same for every constraint of the table.
    fn definition_key_as(
        &self,
        keys: &KeyCache,
        side: &Side,
        table: &Table,
        after: Option<(&Side, &Table)>,
        renamed: &HashMap<String, String>,
    ) -> String {
        let dropped_name = |c: &crate::model::Column| dropped_name(table, after.map(|(_, t)| t), c);
        let expression_key = |e: &str| keys.key(&rename_identifiers(e, renamed));
        let cols = |ids: &[Id]| {
            ids.iter()
                .map(|id| match after.and_then(|(_, t)| t.column(id)) {
                    Some(c) => c.name.clone(),
                    None => table
                        .column(id)
                        .map(|c| dropped_name(c).unwrap_or_else(|| c.name.clone()))
                        .unwrap_or_else(|| id.to_string()),
                })
                .collect::<Vec<_>>()
                .join(",")
        };
        match self {
            Constraint::PrimaryKey(c) => format!(
                "pk({}){}",
                cols(&c.columns),
                deferral_key(c.deferrable, c.initially_deferred)
            ),
            Constraint::Unique(c) => format!(
                "uq({}){}{}",
                cols(&c.columns),
                c.nulls_not_distinct,
                deferral_key(c.deferrable, c.initially_deferred)
            ),
            // NOT VALID is a state, not part of the definition: see `diff_constraints`.
            Constraint::Check(c) => format!(
                "ck({}){}",
                expression_key(&c.expression),
                if c.no_inherit { " no inherit" } else { "" }
            ),
            Constraint::ForeignKey(fk) => {
                let target = after
                    .and_then(|(s, _)| s.table(&fk.ref_table))
                    .or_else(|| side.table(&fk.ref_table));
                // The old target is gone from `after` (by id), and its name now belongs to
                // another table of the old schema (renamed onto it): a different target.
                let replaced = after.is_some_and(|(s, _)| {
                    s.table(&fk.ref_table).is_none()
                        && side.table(&fk.ref_table).is_some_and(|old| {
                            s.schema.tables.iter().any(|t| {
                                t.schema == old.schema
                                    && t.name == old.name
                                    && side.table(&t.id).is_some()
                            })
                        })
                });
                // A referenced column absent from `after` under this id (matched by name, not
                // by id) keeps its own name.
                let ref_cols = fk
                    .ref_columns
                    .iter()
                    .map(|id| {
                        target
                            .and_then(|t| t.column(id))
                            .or_else(|| side.table(&fk.ref_table).and_then(|t| t.column(id)))
                            .map(|c| c.name.clone())
                            .unwrap_or_else(|| id.to_string())
                    })
                    .collect::<Vec<_>>()
                    .join(",");
                let target_name = match target {
                    Some(_) if replaced => format!("replaced#{}", fk.ref_table),
                    Some(t) => format!("{}.{}", t.schema, t.name),
                    None => fk.ref_table.to_string(),
                };
                format!(
                    "fk({})->{}({}) {:?} {:?}{}{}",
                    cols(&fk.columns),
                    target_name,
                    ref_cols,
                    fk.on_delete,
                    fk.on_update,
                    deferral_key(fk.deferrable, fk.initially_deferred),
                    if fk.match_full { " match full" } else { "" }
                )
            }
            Constraint::Index(ix) => {
                let parts = ix
                    .parts
                    .iter()
                    .map(|p| {
                        let key = match &p.key {
                            crate::model::IndexKey::Column(id) => cols(std::slice::from_ref(id)),
                            crate::model::IndexKey::Expression(e) => expression_key(e),
                        };
                        // NULLS FIRST is the default for DESC and NULLS LAST for ASC.
                        let nulls = match (p.nulls, p.descending) {
                            (Some(crate::model::NullsOrder::First), false) => " nulls first",
                            (Some(crate::model::NullsOrder::Last), true) => " nulls last",
                            _ => "",
                        };
                        let opclass = p.opclass.as_deref().unwrap_or("").to_ascii_lowercase();
                        let collation = p
                            .collation
                            .as_deref()
                            .map(|c| format!(" collate {c}"))
                            .unwrap_or_default();
                        format!(
                            "{key}{collation}{}{nulls} {opclass}",
                            if p.descending { " desc" } else { "" }
                        )
                    })
                    .collect::<Vec<_>>()
                    .join(",");
                format!(
                    "ix{} {:?} ({parts}) inc({}) where({}) {} with{:?}",
                    ix.unique,
                    ix.method,
                    cols(&ix.include),
                    ix.predicate
                        .as_deref()
                        .map(&expression_key)
                        .unwrap_or_default(),
                    ix.unique && ix.nulls_not_distinct,
                    ix.storage
                )
            }
        }
    }

    /// True for a `NOT VALID` check or foreign key.
    pub fn not_valid(&self) -> bool {
        match self {
            Constraint::Check(c) => c.not_valid,
            Constraint::ForeignKey(f) => f.not_valid,
            _ => false,
        }
    }

    /// The comment, for indexes (the only constraint-like objects with one in the model).
    pub fn comment(&self) -> Option<&str> {
        match self {
            Constraint::Index(ix) => ix.comment.as_deref(),
            _ => None,
        }
    }

    /// True for foreign keys.
    pub fn is_foreign_key(&self) -> bool {
        matches!(self, Constraint::ForeignKey(_))
    }

    /// True for indexes (as opposed to table constraints).
    pub fn is_index(&self) -> bool {
        matches!(self, Constraint::Index(_))
    }
}

/// A column of the old `table` dropped while another of its columns is renamed onto its name
/// (the new holder of the name matches that other column by id, so this one cannot match it by
/// name) is a different column: it gets a name no column can have, so what was defined over it
/// does not compare as unchanged.
fn dropped_name(table: &Table, after: Option<&Table>, c: &crate::model::Column) -> Option<String> {
    after
        .filter(|t| t.column(&c.id).is_none())
        .filter(|t| {
            t.columns
                .iter()
                .any(|n| n.name == c.name && n.id != c.id && table.column(&n.id).is_some())
        })
        .map(|_| format!("dropped#{}", c.name))
}

/// The columns of the old `table` that `after` (the same table in the new schema) renames, old
/// name to new, with [`dropped_name`]s for the columns it replaces.
fn renamed_columns(table: &Table, after: &Table) -> HashMap<String, String> {
    table
        .columns
        .iter()
        .filter_map(|c| {
            if let Some(gone) = dropped_name(table, Some(after), c) {
                return Some((c.name.clone(), gone));
            }
            let new = after.column(&c.id)?;
            (new.name != c.name).then(|| (c.name.clone(), new.name.clone()))
        })
        .collect()
}

/// All constraints and indexes of a table.
pub fn constraints_of(table: &Table) -> Vec<Constraint> {
    let mut out = Vec::new();
    if let Some(pk) = &table.primary_key {
        out.push(Constraint::PrimaryKey(pk.clone()));
    }
    out.extend(table.uniques.iter().cloned().map(Constraint::Unique));
    out.extend(table.checks.iter().cloned().map(Constraint::Check));
    out.extend(
        table
            .foreign_keys
            .iter()
            .cloned()
            .map(Constraint::ForeignKey),
    );
    out.extend(table.indexes.iter().cloned().map(Constraint::Index));
    out
}

/// The constraint and index changes of table `a` (in `from_schema`) becoming `b` (in
/// `to_schema`): matched by id, then by effective name; a changed definition is drop + add.
pub(super) fn diff_constraints(cx: &DiffCx, a: &Table, b: &Table, out: &mut Vec<TableChange>) {
    let (from_schema, to_schema) = (cx.from.schema, cx.to.schema);
    let (from, to, keys) = (&cx.from, &cx.to, &cx.keys);
    let renamed = renamed_columns(a, b);
    let unrenamed = HashMap::new();
    // Constraints and indexes: by id, then by effective name; changed definitions are drop + add.
    let ca = constraints_of(a);
    let cb = constraints_of(b);
    let kind = |c: &Constraint| match c {
        Constraint::PrimaryKey(_) => "pk",
        Constraint::Unique(_) => "uq",
        Constraint::Check(_) => "ck",
        Constraint::ForeignKey(_) => "fk",
        Constraint::Index(_) => "ix",
    };
    let (pairs, dropped, added) = match_objects(
        &ca,
        &cb,
        |c| c.id(),
        |c| {
            // Name matching needs the owning table; both sides are keyed by kind + own name.
            format!("{}:{}", kind(c), constraint_plain_name(c))
        },
    );
    let mut dropped: Vec<usize> = dropped;
    let mut added: Vec<usize> = added;
    // Checks, expression indexes and partial indexes over a column whose type really changes are
    // re-created from their new definition: PostgreSQL would re-parse the old text against the
    // new type, keeping casts of the old type (`status::text = 'x'`, which is not even immutable
    // for an enum, so the index cannot be rebuilt at all).
    let retyped: Vec<&str> = a
        .columns
        .iter()
        .filter(|x| {
            b.column(&x.id)
                .or_else(|| b.columns.iter().find(|y| y.name == x.name))
                .is_some_and(|y| {
                    column_type_key(from_schema, to_schema, &x.ty)
                        != column_type_key(to_schema, from_schema, &y.ty)
                        && x.ty.change_rewrites(&y.ty)
                })
        })
        .map(|x| x.name.as_str())
        .collect();
    let over_retyped = |c: &Constraint| {
        let exprs: Vec<&str> = match c {
            Constraint::Check(k) => vec![k.expression.as_str()],
            Constraint::Index(ix) => ix
                .parts
                .iter()
                .filter_map(|p| match &p.key {
                    crate::model::IndexKey::Expression(e) => Some(e.as_str()),
                    crate::model::IndexKey::Column(_) => None,
                })
                .chain(ix.predicate.as_deref())
                .collect(),
            _ => vec![],
        };
        exprs.iter().any(|e| {
            let e = e.to_ascii_lowercase();
            retyped.iter().any(|n| crate::sql::mentions(&e, n))
        })
    };
    let mut forced: HashSet<usize> = HashSet::new();
    for (i, j) in pairs {
        let (x, y) = (&ca[i], &cb[j]);
        let same_kind = kind(x) == kind(y);
        let same_def = same_kind
            && x.definition_key_as(keys, from, a, Some((to, b)), &renamed)
                == y.definition_key_as(keys, to, b, None, &unrenamed);
        if same_def && over_retyped(x) {
            forced.insert(i);
        }
        // A valid constraint cannot be made NOT VALID again: it is re-added that way.
        let invalidated = !x.not_valid() && y.not_valid();
        if !same_def || forced.contains(&i) || invalidated {
            dropped.push(i);
            added.push(j);
            continue;
        }
        if x.name_with(a, |id| from.table(id)) != y.name_with(b, |id| to.table(id)) {
            out.push(TableChange::RenameConstraint {
                from: x.clone(),
                to: y.clone(),
            });
        }
        same_state(x, y, out);
    }
    // Unnamed leftovers with identical definitions are the same object under another id.
    let mut reused_added: HashSet<usize> = HashSet::new();
    let mut final_dropped = Vec::new();
    for i in dropped {
        if forced.contains(&i) {
            final_dropped.push(i);
            continue;
        }
        let key = ca[i].definition_key_as(keys, from, a, Some((to, b)), &renamed);
        let twin = added.iter().copied().find(|j| {
            !reused_added.contains(j)
                && kind(&cb[*j]) == kind(&ca[i])
                && cb[*j].definition_key_as(keys, to, b, None, &unrenamed) == key
                && cb[*j].name_with(b, |id| to.table(id)) == ca[i].name_with(a, |id| from.table(id))
                && (ca[i].not_valid() || !cb[*j].not_valid())
        });
        match twin {
            Some(j) => {
                reused_added.insert(j);
                same_state(&ca[i], &cb[j], out);
            }
            None => final_dropped.push(i),
        }
    }
    added.retain(|j| !reused_added.contains(j));
    for i in final_dropped {
        out.push(TableChange::DropConstraint {
            constraint: ca[i].clone(),
        });
    }
    added.sort_unstable();
    for j in added {
        out.push(TableChange::AddConstraint {
            constraint: cb[j].clone(),
        });
    }
}

fn constraint_plain_name(c: &Constraint) -> String {
    match c {
        Constraint::PrimaryKey(_) => "primary".into(),
        Constraint::Unique(u) => u.name.clone().unwrap_or_default(),
        Constraint::Check(k) => k.name.clone(),
        Constraint::ForeignKey(f) => f.name.clone().unwrap_or_default(),
        Constraint::Index(ix) => ix.name.clone().unwrap_or_default(),
    }
}

/// ` deferrable [initially deferred]` of a key or foreign key.
fn deferral_key(deferrable: bool, initially_deferred: bool) -> &'static str {
    match (deferrable, initially_deferred) {
        (false, _) => "",
        (true, false) => " deferrable",
        (true, true) => " deferrable initially deferred",
    }
}

/// The changes of state between `x` and `y`, one constraint with the same definition: a `NOT
/// VALID` one validated, an index's comment set or changed.
fn same_state(x: &Constraint, y: &Constraint, out: &mut Vec<TableChange>) {
    if x.not_valid() && !y.not_valid() {
        out.push(TableChange::ValidateConstraint {
            constraint: y.clone(),
        });
    }
    if let (Constraint::Index(_), Constraint::Index(iy)) = (x, y) {
        if x.comment() != y.comment() {
            out.push(TableChange::IndexComment { index: iy.clone() });
        }
    }
}
