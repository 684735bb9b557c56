//! Table statements: what changes on an existing table (renames, moves, columns, constraints and
//! indexes, comments), and the constraint and index forms shared with new tables and enum
//! rebuilds.

use std::collections::HashSet;

use crate::ddl;
use crate::diff::{Change, Constraint, TableChange};
use crate::model::{Column, Index, Schema, Table};

use super::columns::{add_column, alter_column, drop_column};
use super::constraints::{
    add_fk, create_index, drop_index_hazard, rename_index, validate_constraint,
};
use super::locks::relation;
use super::op::{ObjectKind, Op, Relation};
use super::statement::{hazard, locked, locked_referenced, stmt, HazardKind};
use super::{online, Phases, PlanOptions};
use crate::sql::mentions;

/// The statements of the changes of an existing table (`a` in `from` becoming `b` in `to`);
/// `all` is every change of the plan (for what other changes do to this table's columns).
#[allow(clippy::too_many_arguments)]
pub(super) fn plan_table(
    p: &mut Phases,
    from: &Schema,
    to: &Schema,
    a: &Table,
    b: &Table,
    changes: &[TableChange],
    all: &[crate::diff::Change],
    options: &PlanOptions,
) {
    let cx = TableCx {
        from,
        to,
        a,
        b,
        changes,
        all,
        options,
        source: &format!("modify table {}", b.name),
        old_name: Relation::of(a),
        new_name: Relation::of(b),
    };
    // Indexes whose definition changes under the same name, rebuilt online without a gap.
    let replaced = if options.online {
        online::replaced_indexes(a, b, changes, all)
    } else {
        Vec::new()
    };
    drop_constraints_and_rename(p, &cx, &replaced);
    let (regenerate, dropped_early) = columns(p, &cx);
    readd_indexes(p, &cx, &regenerate);
    add_constraints_and_rest(p, &cx, &replaced, &dropped_early);
    // PostgreSQL refuses to retype a column a policy reads, whatever the cast.
    let retyped: Vec<&str> = changes
        .iter()
        .filter_map(|c| match c {
            TableChange::AlterColumn {
                from: x,
                changes: what,
                ..
            } if what.ty => Some(x.name.as_str()),
            _ => None,
        })
        .collect();
    super::policies::plan_policies(p, a, b, changes, &retyped, cx.source);
    let retyped_ids: Vec<&crate::model::Id> = changes
        .iter()
        .filter_map(|c| match c {
            TableChange::AlterColumn {
                from: x,
                changes: what,
                ..
            } if what.ty => Some(&x.id),
            _ => None,
        })
        .collect();
    super::routines::plan_triggers(p, a, b, changes, all, &retyped_ids, cx.source);
    super::partitions::plan_partitions(p, from, to, a, b, changes, cx.source);
    if changes.iter().any(|c| matches!(c, TableChange::Grants)) {
        let target = ddl::table_name_sql(b);
        super::grants::plan_grants(p, "TABLE", &target, &a.grants, &b.grants, true, cx.source);
    }
}

/// What every part of a changed table's plan reads.
struct TableCx<'a> {
    from: &'a Schema,
    to: &'a Schema,
    a: &'a Table,
    b: &'a Table,
    changes: &'a [TableChange],
    all: &'a [Change],
    options: &'a PlanOptions,
    source: &'a str,
    old_name: Relation,
    new_name: Relation,
}

/// Constraints and indexes dropped (under their old names), then the table moved or renamed.
fn drop_constraints_and_rename(p: &mut Phases, cx: &TableCx, replaced: &[(Index, Index)]) {
    let TableCx {
        from,
        to,
        a,
        b,
        changes,
        all,
        options,
        source,
        ref old_name,
        ref new_name,
        ..
    } = *cx;
    let _ = (
        from, to, a, b, changes, all, options, source, old_name, new_name,
    );
    // Drops of constraints happen before renames, under the old names.
    for c in changes {
        if let TableChange::DropConstraint { constraint } = c {
            let index = relation(&a.schema, &constraint.name(from, a));
            let s = match constraint {
                Constraint::Index(x) if replaced.iter().any(|(old, _)| old.id == x.id) => {
                    // Dropped once its replacement is built: see `online::replace_index`.
                    continue;
                }
                Constraint::Index(_) if options.online => drop_index_hazard(
                    locked(stmt(
                        Op::DropIndex {
                            table: Relation::of(a),
                            schema: a.schema.clone(),
                            name: constraint.name(from, a),
                            concurrently: true,
                        },
                        source,
                    )),
                    &index,
                ),
                // ACCESS EXCLUSIVE on the index's table, recorded as the table's.
                Constraint::Index(_) => drop_index_hazard(
                    locked(stmt(
                        Op::DropIndex {
                            table: Relation::of(a),
                            schema: a.schema.clone(),
                            name: constraint.name(from, a),
                            concurrently: false,
                        },
                        source,
                    )),
                    &index,
                ),
                // A foreign key's triggers go from the referenced table too (ACCESS EXCLUSIVE on
                // both); recorded: this table.
                _ => locked(stmt(
                    Op::DropConstraint {
                        table: old_name.clone(),
                        name: constraint.name(from, a),
                    },
                    source,
                )),
            };
            if constraint.is_foreign_key() {
                p.drop_fks.push(s);
            } else {
                p.drop_constraints.push(s);
            }
        }
    }
    // Foreign keys of this table that point at a table being dropped are dropped in the diff
    // already (the target table is gone from `to`, so the FK is gone too).

    if changes.contains(&TableChange::SetSchema) {
        p.rename_tables.push(locked(stmt(
            Op::SetSchema {
                kind: ObjectKind::Table,
                schema: a.schema.clone(),
                name: a.name.clone(),
                new_schema: b.schema.clone(),
            },
            source,
        )));
    }
    if changes.contains(&TableChange::Rename) {
        p.rename_tables.push(locked(stmt(
            Op::Rename {
                kind: ObjectKind::Table,
                schema: b.schema.clone(),
                from: a.name.clone(),
                to: b.name.clone(),
            },
            source,
        )));
    }
}

/// Columns: dropped early when a rename takes their name, renamed (with their serial
/// sequences), generated columns over retyped ones dropped, added, altered and re-added.
/// Returns the re-added generated columns and the columns dropped early.
fn columns<'a>(p: &mut Phases, cx: &TableCx<'a>) -> (Vec<&'a Column>, HashSet<&'a str>) {
    let TableCx {
        from,
        to,
        a,
        b,
        changes,
        all,
        options,
        source,
        ref old_name,
        ref new_name,
        ..
    } = *cx;
    let _ = (
        from, to, a, b, changes, all, options, source, old_name, new_name,
    );
    // A column renamed onto the name of a column that is dropped needs that one gone first.
    let renamed_to: Vec<&str> = changes
        .iter()
        .filter_map(|c| match c {
            TableChange::RenameColumn { to, .. } => Some(to.as_str()),
            _ => None,
        })
        .collect();
    let mut dropped_early: HashSet<&str> = HashSet::new();
    for c in changes {
        if let TableChange::DropColumn { column } = c {
            if renamed_to.contains(&column.name.as_str()) {
                dropped_early.insert(&column.name);
                p.columns.push(drop_column(b, column, source));
            }
        }
    }
    for c in changes {
        if let TableChange::RenameColumn { from: x, to: y } = c {
            p.columns.push(locked(stmt(
                Op::RenameColumn {
                    table: new_name.clone(),
                    from: x.clone(),
                    to: y.clone(),
                },
                source,
            )));
        }
    }
    // A serial's sequence keeps its name when its table or column is renamed, and is only a serial
    // again (rather than a column with a `nextval` default) under the name PostgreSQL would give
    // it now. (`SET SCHEMA` moves owned sequences along already.)
    for y in &b.columns {
        let Some(x) = a
            .columns
            .iter()
            .find(|x| x.id == y.id)
            .or_else(|| a.columns.iter().find(|x| x.name == y.name))
        else {
            continue;
        };
        if !(x.ty.is_serial() && y.ty.is_serial()) {
            continue;
        }
        let old_seq = crate::naming::pg_object_name(&a.name, Some(&x.name), "seq");
        let new_seq = crate::naming::pg_object_name(&b.name, Some(&y.name), "seq");
        if old_seq != new_seq {
            p.columns.push(stmt(
                Op::Rename {
                    kind: ObjectKind::Sequence,
                    schema: b.schema.clone(),
                    from: old_seq,
                    to: new_seq,
                },
                source,
            ));
        }
    }
    // Stored generated columns computed from a column whose type changes: PostgreSQL refuses the
    // type change while they exist, so they are dropped first and added back (recomputed) after.
    let retyped: Vec<&str> = changes
        .iter()
        .filter_map(|c| match c {
            TableChange::AlterColumn {
                from: x,
                to: y,
                changes: what,
            } if what.ty && x.ty.change_rewrites(&y.ty) => Some(x.name.as_str()),
            _ => None,
        })
        .collect();
    let mut regenerate: Vec<&Column> = Vec::new();
    for y in &b.columns {
        let Some(x) = a.columns.iter().find(|x| x.id == y.id) else {
            continue;
        };
        let (Some(gx), Some(_)) = (&x.generated, &y.generated) else {
            continue;
        };
        let rebuilt_anyway = changes.iter().any(|c| {
            matches!(c, TableChange::AlterColumn { from, changes: what, .. } if from.id == x.id && (what.generated || what.ty))
        });
        let gx = gx.to_ascii_lowercase();
        if !rebuilt_anyway && retyped.iter().any(|n| mentions(&gx, n)) {
            regenerate.push(y);
        }
    }
    for y in &regenerate {
        p.columns.push(hazard(
            locked(stmt(
                Op::DropColumn {
                    table: new_name.clone(),
                    column: y.name.clone(),
                },
                source,
            )),
            HazardKind::DeletesData,
            format!(
                "the generated column {} is dropped and re-added (its values are recomputed)",
                y.name
            ),
        ));
    }
    for c in changes {
        match c {
            TableChange::AddColumn { column } => p.columns.push(add_column(to, b, column, source)),
            TableChange::AlterColumn {
                from: x,
                to: y,
                changes: what,
            } => alter_column(p, from, to, a, b, x, y, what, options, source),
            _ => {}
        }
    }
    for y in &regenerate {
        p.columns.push(add_column(to, b, y, source));
    }
    (regenerate, dropped_early)
}

/// Indexes over a column that is dropped and re-added went with it: created again.
fn readd_indexes(p: &mut Phases, cx: &TableCx, regenerate: &[&Column]) {
    let TableCx {
        from,
        to,
        a,
        b,
        changes,
        all,
        options,
        source,
        ref old_name,
        ref new_name,
        ..
    } = *cx;
    let _ = (
        from, to, a, b, changes, all, options, source, old_name, new_name,
    );
    // Indexes over a column that is dropped and re-added went with it: create them again (unless
    // the diff adds them anyway).
    let readded: Vec<&Column> = regenerate
        .iter()
        .copied()
        .chain(changes.iter().filter_map(|c| match c {
            TableChange::AlterColumn {
                from: x,
                to: y,
                changes: what,
            } if what.generated && !(x.generated.is_some() && y.generated.is_none()) => Some(y),
            _ => None,
        }))
        .collect();
    for ix in &b.indexes {
        let over = ix.parts.iter().any(|part| match &part.key {
            crate::model::IndexKey::Column(id) => readded.iter().any(|y| &y.id == id),
            crate::model::IndexKey::Expression(e) => {
                let e = e.to_ascii_lowercase();
                readded.iter().any(|y| mentions(&e, &y.name))
            }
        }) || ix
            .include
            .iter()
            .any(|id| readded.iter().any(|y| &y.id == id))
            || ix.predicate.as_deref().is_some_and(|e| {
                let e = e.to_ascii_lowercase();
                readded.iter().any(|y| mentions(&e, &y.name))
            });
        let added = changes.iter().any(|c| {
            matches!(c, TableChange::AddConstraint { constraint: Constraint::Index(x) } if x.id == ix.id)
        });
        if over && !added {
            p.add_constraints
                .push(create_index(to, b, ix, options, source, false));
        }
    }
}

/// Constraints and indexes added, renamed and validated, the comment, and dropped columns.
fn add_constraints_and_rest(
    p: &mut Phases,
    cx: &TableCx,
    replaced: &[(Index, Index)],
    dropped_early: &HashSet<&str>,
) {
    let TableCx {
        from,
        to,
        a,
        b,
        changes,
        all,
        options,
        source,
        ref old_name,
        ref new_name,
        ..
    } = *cx;
    let _ = (
        from, to, a, b, changes, all, options, source, old_name, new_name,
    );
    for c in changes {
        match c {
            TableChange::AddConstraint { constraint } => match constraint {
                Constraint::ForeignKey(fk) => {
                    p.add_fks.push(add_fk(to, b, fk, options, source));
                    if options.online && !fk.not_valid {
                        p.add_fks
                            .push(validate_constraint(b, &constraint.name(to, b), source));
                    }
                }
                Constraint::Index(ix) => {
                    match replaced.iter().find(|(_, new)| new.id == ix.id) {
                        Some((old, _)) => online::replace_index(p, from, to, a, b, old, ix, source),
                        None => p
                            .add_constraints
                            .push(create_index(to, b, ix, options, source, false)),
                    }
                    if ix.comment.is_some() {
                        p.comments.push(stmt(Op::index_comment(b, ix), source));
                    }
                }
                // The key's unique index is built over every row under ACCESS EXCLUSIVE.
                Constraint::PrimaryKey(pk) => p.add_constraints.push(hazard(
                    locked(stmt(
                        Op::AddConstraint {
                            table: new_name.clone(),
                            name: crate::naming::effective_pk_name(b, pk),
                            definition: ddl::primary_key_constraint_sql(b, pk),
                            not_valid: false,
                            references: None,
                        },
                        source,
                    )),
                    HazardKind::MayFailOnExistingData,
                    "fails if existing rows have duplicates or NULLs in the key",
                )),
                Constraint::Unique(u) => p.add_constraints.push(hazard(
                    locked(stmt(
                        Op::AddConstraint {
                            table: new_name.clone(),
                            name: crate::naming::effective_unique_name(b, u),
                            definition: ddl::unique_constraint_sql(b, u),
                            not_valid: false,
                            references: None,
                        },
                        source,
                    )),
                    HazardKind::MayFailOnExistingData,
                    "fails if existing rows have duplicates",
                )),
                // Designed NOT VALID: existing rows are not checked, now or later.
                Constraint::Check(ck) if ck.not_valid => p
                    .add_constraints
                    .push(locked(stmt(Op::add_check(b, ck, false), source))),
                Constraint::Check(ck) => {
                    // ACCESS EXCLUSIVE either way: online only for an instant (`NOT VALID`, the
                    // rows are checked by the VALIDATE in its own transaction), otherwise while
                    // every row is checked.
                    if options.online {
                        p.add_constraints
                            .push(locked(stmt(Op::add_check(b, ck, true), source)));
                        p.add_constraints
                            .push(validate_constraint(b, &ck.name, source));
                    } else {
                        p.add_constraints.push(hazard(
                            locked(stmt(Op::add_check(b, ck, false), source)),
                            HazardKind::MayFailOnExistingData,
                            "fails if existing rows violate the check",
                        ));
                    }
                }
            },
            TableChange::ValidateConstraint { constraint } => {
                p.add_fks
                    .push(validate_constraint(b, &constraint.name(to, b), source));
            }
            TableChange::IndexComment { index } => {
                p.comments.push(stmt(Op::index_comment(b, index), source));
            }
            TableChange::RenameConstraint { from: x, to: y } => {
                let (old, new) = (x.name(from, a), y.name(to, b));
                let s = match x {
                    Constraint::Index(_) => rename_index(&b.schema, &old, &new, source),
                    _ => locked(stmt(
                        Op::RenameConstraint {
                            table: new_name.clone(),
                            from: old,
                            to: new,
                        },
                        source,
                    )),
                };
                // Beside the table's own rename, before any table is created: a new table's
                // constraints may take the names this one gives up.
                p.rename_tables.push(s);
            }
            _ => {}
        }
    }
    if changes.contains(&TableChange::Comment) {
        let op = Op::Comment {
            on: "TABLE".into(),
            target: new_name.to_string(),
            text: b.comment.clone(),
            table: Some(new_name.clone()),
        };
        p.comments.push(locked(stmt(op, source)));
    }
    for c in changes {
        if let TableChange::DropColumn { column } = c {
            if !dropped_early.contains(column.name.as_str()) {
                p.drop_columns.push(drop_column(b, column, source));
            }
        }
    }
}

/// A new table: `CREATE TABLE`, then its foreign keys, designed-`NOT VALID` checks, indexes and
/// comments in their phases.
pub(super) fn add_table(
    p: &mut Phases,
    from: &Schema,
    to: &Schema,
    t: &Table,
    options: &PlanOptions,
) {
    let source = format!("add table {}", t.name);
    p.tables.push(stmt(Op::create_table(to, t), &source));
    // The table is empty: its foreign keys hold at once and need no NOT VALID step.
    // The referenced table, when it exists already, is locked SHARE ROW EXCLUSIVE
    // (for an instant: there are no rows to check).
    for fk in &t.foreign_keys {
        let s = stmt(Op::add_foreign_key(to, t, fk, false), &source);
        let existing = from.tables.iter().find(|x| x.id == fk.ref_table);
        p.add_fks.push(match (existing, to.table(&fk.ref_table)) {
            (Some(_), Some(_)) => locked_referenced(s),
            _ => s,
        });
    }
    for ck in t.checks.iter().filter(|c| c.not_valid) {
        p.add_constraints
            .push(stmt(Op::add_check(t, ck, false), &source));
    }
    for ix in &t.indexes {
        p.add_constraints
            .push(create_index(to, t, ix, options, &source, true));
    }
    for c in Op::table_comments(t) {
        p.comments.push(stmt(c, &source));
    }
    super::policies::add_table_policies(p, t, &source);
    super::partitions::add_table_partitions(p, t, &source);
    super::grants::plan_grants(
        p,
        "TABLE",
        &ddl::table_name_sql(t),
        &[],
        &t.grants,
        false,
        &source,
    );
    super::routines::add_table_triggers(p, t, &source);
}

/// A dropped table: its own foreign keys first (so the tables it references can go in any
/// order), the table last, or early when a renamed table or a new view takes its name.
pub(super) fn drop_table(
    p: &mut Phases,
    from: &Schema,
    to: &Schema,
    t: &Table,
    changes: &[Change],
) {
    // A table renamed or moved onto this one's name needs it gone first, and so
    // does a view taking its name.
    let name_taken = changes.iter().any(|c| {
        matches!(c, Change::ModifyTable { from: x, to: y, .. }
            if (x.schema != y.schema || x.name != y.name)
                && y.schema == t.schema
                && y.name == t.name)
    }) || to
        .views
        .iter()
        .any(|v| v.schema == t.schema && v.name == t.name);
    drop_table_in(p, from, t, name_taken, &format!("drop table {}", t.name));
}

/// Drops table `t` of `from` with its own foreign keys and policies, early (before anything is
/// created) or late.
pub(super) fn drop_table_in(p: &mut Phases, from: &Schema, t: &Table, early: bool, source: &str) {
    let name = Relation::of(t);
    // Its own FKs go first so tables it references can be dropped in any order.
    for fk in &t.foreign_keys {
        p.drop_fks.push(locked(stmt(
            Op::DropConstraint {
                table: name.clone(),
                name: crate::naming::effective_fk_name(from, t, fk),
            },
            source,
        )));
    }
    // So do its policies: one may read another table dropped by this plan.
    super::policies::drop_table_policies(p, t, source);
    let drop = hazard(
        locked(stmt(
            Op::DropTable {
                schema: t.schema.clone(),
                name: t.name.clone(),
            },
            source,
        )),
        HazardKind::DeletesData,
        format!("drops table {} and all its rows", t.name),
    );
    if early {
        p.drop_tables_early.push(drop);
    } else {
        p.drop_tables.push(drop);
    }
}

/// A table whose `PARTITION BY` is added, removed or changed: PostgreSQL cannot alter it, so the
/// table is dropped (with its rows: the `deletes data` hazard says so) and created again as the
/// design has it, with its partitions, keys, indexes, policies, triggers and grants. Foreign
/// keys of other tables that reference it are dropped first and added again once it exists;
/// views over it are dropped and created again by the view pass.
pub(super) fn repartition(
    p: &mut Phases,
    from: &Schema,
    to: &Schema,
    a: &Table,
    b: &Table,
    changes: &[crate::diff::Change],
    options: &super::PlanOptions,
) {
    let source = format!("repartition table {}", b.name);
    // A foreign key the other table's own changes already drop or add is theirs to plan.
    let touched = |table: &crate::model::Id, fk: &crate::model::Id| {
        changes.iter().any(|c| match c {
            crate::diff::Change::ModifyTable { to: y, changes, .. } if &y.id == table => {
                changes.iter().any(|tc| match tc {
                    TableChange::DropConstraint { constraint }
                    | TableChange::AddConstraint { constraint } => {
                        matches!(constraint, crate::diff::Constraint::ForeignKey(f) if &f.id == fk)
                    }
                    _ => false,
                })
            }
            _ => false,
        })
    };
    for x in from.tables.iter().filter(|x| x.id != a.id) {
        let Some(y) = to.table(&x.id) else {
            continue;
        };
        for fk in x.foreign_keys.iter().filter(|f| f.ref_table == a.id) {
            let Some(kept) = y.foreign_keys.iter().find(|f| f.id == fk.id) else {
                continue;
            };
            if touched(&x.id, &fk.id) {
                continue;
            }
            p.drop_fks.push(locked(stmt(
                Op::DropConstraint {
                    table: Relation::of(x),
                    name: crate::naming::effective_fk_name(from, x, fk),
                },
                &source,
            )));
            p.add_fks.push(locked(stmt(
                Op::add_foreign_key(to, y, kept, false),
                &source,
            )));
        }
    }
    drop_table_in(p, from, a, true, &source);
    add_table(p, from, to, b, options);
}
