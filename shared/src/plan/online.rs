//! The online forms ([`PlanOptions::online`](super::PlanOptions::online)) that need more than one
//! statement, so that no lock blocking reads or writes is held while a table is read:
//!
//! - `SET NOT NULL` is proven first by a `CHECK (col IS NOT NULL)` added `NOT VALID` and
//!   validated in its own transaction; PostgreSQL 12+ then skips the scan of `SET NOT NULL`, and
//!   the check is dropped again;
//! - an index whose definition changes under the same name is built `CONCURRENTLY` under a
//!   temporary name, the old one dropped `CONCURRENTLY`, and the new one renamed: the table is
//!   never without the index.
//!
//! (Foreign keys and checks added `NOT VALID` then validated are single statements each, built in
//! `constraints.rs`.)

use std::collections::HashSet;

use crate::diff::{constraints_of, Change, Constraint, EnumChange, TableChange};
use crate::model::{Column, Id, Index, IndexKey, Schema, Table};
use crate::naming::{effective_index_name, quote_ident, shorten};

use super::constraints::{create_index, rename_index, validate_constraint};
use super::enums::enum_use;
use super::op::{ColumnAction, Op, Relation};
use super::statement::{locked, stmt, HazardKind};
use super::{Phases, PlanOptions};
use crate::sql::mentions;

/// `ALTER COLUMN … SET NOT NULL` of column `y` of the existing table `b` without a long ACCESS
/// EXCLUSIVE scan: add `CHECK (y IS NOT NULL) NOT VALID` (an instant), validate it in a
/// transaction of its own (a scan under SHARE UPDATE EXCLUSIVE: reads and writes go on; this is
/// where NULLs make it fail), `SET NOT NULL` (PostgreSQL 12+ sees the validated check and skips
/// its own scan), and drop the check, which NOT NULL now makes redundant.
pub(super) fn set_not_null(
    p: &mut Phases,
    from: &Schema,
    to: &Schema,
    a: &Table,
    b: &Table,
    y: &Column,
    source: &str,
) {
    let table = Relation::of(b);
    let col = quote_ident(&y.name).into_owned();
    let name = not_null_check_name(from, to, a, b, &y.name);
    let check = quote_ident(&name).into_owned();
    let exclusive = |op: Op| locked(stmt(op, source));
    p.columns.push(exclusive(Op::AddConstraint {
        table: table.clone(),
        name: name.clone(),
        definition: format!("CONSTRAINT {check} CHECK ({col} IS NOT NULL)"),
        not_valid: true,
        references: None,
    }));
    let mut validate = validate_constraint(b, &name, source);
    if let Some(h) = validate
        .hazards
        .iter_mut()
        .find(|h| h.kind == HazardKind::MayFailOnExistingData)
    {
        h.message = format!("fails if {}.{} holds NULLs", b.name, y.name);
    }
    p.columns.push(validate);
    p.columns.push(exclusive(Op::AlterColumn {
        table: table.clone(),
        column: y.name.clone(),
        action: ColumnAction::SetNotNull { proven: true },
    }));
    p.columns
        .push(exclusive(Op::DropConstraint { table, name }));
}

/// `<table>_<column>_not_null`, shortened to fit 63 bytes (with a hash of the full name, so two
/// long columns never share one), and numbered if the table already has a constraint of that
/// name before or after the migration.
fn not_null_check_name(from: &Schema, to: &Schema, a: &Table, b: &Table, column: &str) -> String {
    let taken: HashSet<String> = constraints_of(a)
        .iter()
        .map(|c| c.name(from, a))
        .chain(constraints_of(b).iter().map(|c| c.name(to, b)))
        .collect();
    let base = format!("{}_{column}_not_null", b.name);
    free_name(&base, |n| taken.contains(n))
}

/// `base` shortened, or `base2`, `base3`, ... (shortened) when `taken`.
fn free_name(base: &str, taken: impl Fn(&str) -> bool) -> String {
    let mut n = 1;
    loop {
        let candidate = if n == 1 {
            shorten(base)
        } else {
            shorten(&format!("{base}{n}"))
        };
        if !taken(&candidate) {
            return candidate;
        }
        n += 1;
    }
}

/// The indexes of `a` that the diff drops and re-adds with a changed definition under the same
/// name (the way the diff represents a changed index: `DropConstraint` + `AddConstraint` of
/// `Constraint::Index`), as (old, new) pairs, that can be rebuilt side by side.
///
/// Left to drop-then-create: indexes reading a column whose type changes in this plan (directly
/// or through a rebuilt enum), because PostgreSQL would rebuild the old index during the type
/// change and may not be able to (old casts, old enum labels: the reason the diff re-creates
/// those). Unique and primary key constraints are constraints, not `Constraint::Index`, and keep
/// their drop + add.
pub(super) fn replaced_indexes(
    a: &Table,
    b: &Table,
    changes: &[TableChange],
    all: &[Change],
) -> Vec<(Index, Index)> {
    let rebuilt_enums: Vec<&Id> = all
        .iter()
        .filter_map(|c| match c {
            Change::ModifyEnum { from, changes, .. }
                if changes
                    .iter()
                    .any(|e| matches!(e, EnumChange::Rebuild { .. })) =>
            {
                Some(&from.id)
            }
            _ => None,
        })
        .collect();
    let retyped: Vec<&Column> = a
        .columns
        .iter()
        .filter(|x| {
            changes.iter().any(|c| {
                matches!(c, TableChange::AlterColumn { from, changes: what, .. }
                    if from.id == x.id && what.ty)
            }) || rebuilt_enums.iter().any(|e| enum_use(&x.ty, e).is_some())
        })
        .collect();
    let reads_retyped = |ix: &Index| {
        let by_id = |id: &Id| retyped.iter().any(|x| &x.id == id);
        let by_name = |e: &str| {
            let e = e.to_ascii_lowercase();
            retyped.iter().any(|x| mentions(&e, &x.name))
        };
        ix.parts.iter().any(|part| match &part.key {
            IndexKey::Column(id) => by_id(id),
            IndexKey::Expression(e) => by_name(e),
        }) || ix.include.iter().any(by_id)
            || ix.predicate.as_deref().is_some_and(by_name)
    };
    let dropped = changes.iter().filter_map(|c| match c {
        TableChange::DropConstraint {
            constraint: Constraint::Index(x),
        } => Some(x),
        _ => None,
    });
    let mut out = Vec::new();
    for x in dropped {
        let name = effective_index_name(a, x);
        let added = changes.iter().find_map(|c| match c {
            TableChange::AddConstraint {
                constraint: Constraint::Index(y),
            } if effective_index_name(b, y) == name => Some(y),
            _ => None,
        });
        if let Some(y) = added {
            if !reads_retyped(x) {
                out.push((x.clone(), y.clone()));
            }
        }
    }
    out
}

/// Replaces index `old` of `a` by `new` of `b` (same name) without a moment where the table has
/// neither: `CREATE INDEX CONCURRENTLY` under a temporary name, `DROP INDEX CONCURRENTLY` of the
/// old one (not an [`HazardKind::IndexDropped`]: its replacement is already there), then
/// `ALTER INDEX … RENAME TO` the real name.
#[allow(clippy::too_many_arguments)]
pub(super) fn replace_index(
    p: &mut Phases,
    from: &Schema,
    to: &Schema,
    a: &Table,
    b: &Table,
    old: &Index,
    new: &Index,
    source: &str,
) {
    let name = effective_index_name(b, new);
    let taken = relation_names(from, to, &b.schema);
    let temporary = free_name(&format!("{name}_new"), |n| taken.contains(n));
    let mut building = new.clone();
    building.name = Some(temporary.clone());
    let online = PlanOptions { online: true };
    let mut build = create_index(to, b, &building, &online, source, false);
    if let Some(h) = build
        .hazards
        .iter_mut()
        .find(|h| h.kind == HazardKind::IndexBuild)
    {
        h.message = format!(
            "builds the new {name} (as {temporary}) over every row of {} without blocking writes, while the old one still serves queries",
            b.name
        );
    }
    p.add_constraints.push(build);
    // Runs after the table's own rename or move: the old index is in the table's new schema.
    let drop = locked(stmt(
        Op::DropIndex {
            table: Relation::of(b),
            schema: b.schema.clone(),
            name: effective_index_name(a, old),
            concurrently: true,
        },
        source,
    ));
    p.add_constraints.push(drop);
    p.add_constraints
        .push(rename_index(&b.schema, &temporary, &name, source));
}

/// Every relation name (tables, views, indexes, primary key and unique constraint indexes) of
/// `schema` before or after the migration: a temporary index name must be none of them.
fn relation_names(from: &Schema, to: &Schema, schema: &str) -> HashSet<String> {
    let mut out = HashSet::new();
    for s in [from, to] {
        for t in s.tables.iter().filter(|t| t.schema == schema) {
            out.insert(t.name.clone());
            for c in constraints_of(t) {
                if !matches!(c, Constraint::Check(_) | Constraint::ForeignKey(_)) {
                    out.insert(c.name(s, t));
                }
            }
        }
        for v in s.views.iter().filter(|v| v.schema == schema) {
            out.insert(v.name.clone());
        }
    }
    out
}
