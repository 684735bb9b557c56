//! Turns the changes of [`crate::diff`] into ordered PostgreSQL statements, each with whether it
//! can run in a transaction, the hazards it carries and the change it came from.
//!
//! Order, so that every statement finds what it needs and nothing is dropped while still in use:
//! 1. views that are dropped, redefined or read a changed table are dropped;
//! 2. foreign keys that go away or change are dropped, then other constraints and indexes;
//! 3. schemas are created, and extensions new columns need installed; enums are created,
//!    renamed, given new labels or rebuilt;
//! 4. tables are renamed or moved, new tables created;
//! 5. columns are renamed, added and altered (type changes with `USING` when a cast is needed;
//!    with no cast at all, the values are discarded with a `deletes data` hazard);
//! 6. constraints and indexes are added or renamed, then foreign keys (cycles are fine, since
//!    they come after every table exists);
//! 7. views are (re)created (with the indexes of materialized views), check options and
//!    comments set;
//! 8. last, what deletes data: columns (then the views selecting `*` from their tables, which
//!    PostgreSQL would expand with the dropped columns earlier), tables, then enum types and
//!    schemas no longer used (an extension installed in a dropped schema just before it). A table
//!    whose name a new view takes is dropped before the views are created.
//!
//! Planning needs no database. The reverse (down) migration is the plan of the opposite diff;
//! statements that re-create dropped objects say that the data is not restored.
//!
//! Every statement records, where it is built, the lock it takes on an existing table and what it
//! does to the rows under it ([`LockInfo`], see [`locks`] for the levels), so that a review (and
//! the apply engine) can tell an instant catalog change from a long scan under a lock that stops
//! the application; the online option ([`PlanOptions::online`]) picks forms that hold the
//! blocking locks only for an instant.
//!
//! Every statement is an [`Op`] (`plan/op.rs`): the operation as data, which prints its SQL and
//! knows its own inverse; nothing reads the SQL back.
//!
//! The code is split by what is planned, in `plan/`: `statement.rs` (the output types),
//! `op.rs` (the operations; `op/lock.rs` their locks), `phases.rs` (the phases and their order),
//! `tables.rs`, `columns.rs`, `constraints.rs`, `casts.rs` (which type changes PostgreSQL can
//! cast), `enums.rs`, `views.rs` (dependent views dropped and re-created, view indexes),
//! `sequences.rs`, `extensions.rs`, `online.rs` (the multi-statement online forms) and
//! `locks.rs`; this file dispatches each change to them.

use std::collections::{BTreeSet, HashSet};

use crate::ddl::qualified_name;
use crate::diff::{diff, Change, Constraint, TableChange};
use crate::model::Schema;
use crate::naming::quote_ident;
use crate::normalize::same_database;

mod casts;
mod columns;
mod constraints;
mod domains;
mod enums;
mod extensions;
mod grants;
pub mod locks;
mod online;
pub mod op;
mod partitions;
mod phases;
mod policies;
mod routines;
mod sequences;
mod statement;
mod tables;
mod views;

pub use locks::{LockInfo, LockLevel, TableEffect};
pub use op::{
    ColumnAction, DomainAction, EnumPosition, NoReverse, ObjectKind, Op, Relation, Routine,
};
pub use statement::{
    write_script_statement, Hazard, HazardKind, Plan, PlanOptions, Statement, OWN_TRANSACTION_MARK,
};

use constraints::{add_fk, validate_constraint};
use phases::Phases;
use statement::{hazard, locked, stmt};

/// Diff then plan: the migration from `from` to `to`.
///
/// Schemas that describe the same database (equal once [`canonical`](crate::normalize::canonical),
/// see [`same_database`]) need no SQL, whatever a diff of their spellings would find. The rule
/// lives here, once, so the browser's live preview, the server's stored migrations and the apply
/// engine agree on "nothing to do".
pub fn migrate(from: &Schema, to: &Schema, options: &PlanOptions) -> Plan {
    if same_database(from, to) {
        return Plan::default();
    }
    let changes = diff(from, to);
    plan(from, to, &changes, options)
}

/// The down migration: from `to` back to `from`, with re-created objects marked as not restoring
/// their data.
pub fn reverse(from: &Schema, to: &Schema, options: &PlanOptions) -> Plan {
    let mut down = migrate(to, from, options);
    // The forward plan's drops are what the reverse re-creates.
    let up = diff(from, to);
    let dropped_tables: HashSet<(String, String)> = up
        .iter()
        .filter_map(|c| match c {
            Change::DropTable { from } => Some((from.schema.clone(), from.name.clone())),
            _ => None,
        })
        .collect();
    let dropped_columns: HashSet<(Relation, String)> = up
        .iter()
        .flat_map(|c| match c {
            Change::ModifyTable {
                from: t, changes, ..
            } => changes
                .iter()
                .filter_map(|tc| match tc {
                    TableChange::DropColumn { column } => {
                        Some((Relation::of(t), column.name.clone()))
                    }
                    _ => None,
                })
                .collect::<Vec<_>>(),
            _ => vec![],
        })
        .collect();
    for s in &mut down.statements {
        let table_recreated = dropped_tables
            .iter()
            .any(|(schema, name)| s.op.creates_table(schema, name));
        let column_recreated = dropped_columns
            .iter()
            .any(|(table, column)| s.op.adds_column(table, column));
        if (table_recreated || column_recreated)
            && !s
                .hazards
                .iter()
                .any(|h| h.kind == HazardKind::DataNotRestored)
        {
            s.hazards.push(Hazard {
                kind: HazardKind::DataNotRestored,
                message: "re-created empty: the data it held is not restored".into(),
            });
        }
    }
    down
}

/// Orders and renders `changes` (which must come from `diff(from, to)`).
pub fn plan(from: &Schema, to: &Schema, changes: &[Change], options: &PlanOptions) -> Plan {
    let mut p = Phases::default();

    // Views that must be dropped first, and those to create again afterwards.
    let (mut recreate_views, dropped_view_ids) =
        views::drop_dependent_views(&mut p, from, to, changes);

    for change in changes {
        match change {
            Change::AddSchema { name } => p.schemas.push(stmt(
                Op::CreateSchema {
                    name: quote_ident(name).into_owned(),
                    if_not_exists: false,
                },
                &format!("add schema {name}"),
            )),
            Change::DropSchema { name } => {
                p.drop_schemas
                    .extend(extensions::drop_extensions_in_schema(from, to, name));
                p.drop_schemas.push(hazard(
                    stmt(
                        Op::DropSchema {
                            name: quote_ident(name).into_owned(),
                        },
                        &format!("drop schema {name}"),
                    ),
                    HazardKind::DeletesData,
                    format!("drops schema {name}"),
                ))
            }
            Change::DefaultPrivileges { from: a, to: b } => {
                grants::plan_default_privileges(&mut p, a, b)
            }
            Change::SchemaGrants {
                name,
                from: a,
                to: b,
                existing,
            } => grants::plan_grants(
                &mut p,
                "SCHEMA",
                &quote_ident(name),
                a,
                b,
                *existing,
                &format!("schema {name}"),
            ),
            Change::AddEnum { to: e } => {
                p.enums
                    .push(stmt(Op::create_enum(e), &format!("add enum {}", e.name)));
                if let Some(c) = &e.comment {
                    p.comments.push(stmt(
                        Op::Comment {
                            on: "TYPE".into(),
                            target: qualified_name(&e.schema, &e.name),
                            text: Some(c.clone()),
                            table: None,
                        },
                        &format!("comment on enum {}", e.name),
                    ));
                }
            }
            Change::DropEnum { from: e } => p.drop_enums.push(stmt(
                Op::DropType {
                    schema: e.schema.clone(),
                    name: e.name.clone(),
                },
                &format!("drop enum {}", e.name),
            )),
            Change::ModifyEnum {
                from: a,
                to: b,
                changes: ec,
            } => enums::plan_enum(&mut p, from, to, a, b, ec, changes, options),
            // A table that was a partition (detached) or becomes one (attached) is not created
            // or dropped: the partition's plan detaches or attaches it.
            Change::AddTable { to: t } if partitions::detached(from, to, &t.schema, &t.name) => {}
            Change::DropTable { from: t } if partitions::attached(from, to, &t.schema, &t.name) => {
            }
            Change::AddTable { to: t } => tables::add_table(&mut p, from, to, t, options),
            Change::DropTable { from: t } => tables::drop_table(&mut p, from, to, t, changes),
            Change::ModifyTable {
                from: a,
                to: b,
                changes: tc,
            } if tc.contains(&TableChange::Repartition) => {
                tables::repartition(&mut p, from, to, a, b, changes, options)
            }
            Change::ModifyTable {
                from: a,
                to: b,
                changes: tc,
            } => tables::plan_table(&mut p, from, to, a, b, tc, changes, options),
            Change::AddView { to: v } => {
                recreate_views.push(v.clone());
            }
            Change::AddSequence { to: q } => sequences::add_sequence(&mut p, to, q),
            Change::DropSequence { from: q } => sequences::drop_sequence(&mut p, from, to, q),
            Change::ModifySequence {
                from: a,
                to: b,
                changes: c,
            } => sequences::modify_sequence(&mut p, to, a, b, c),
            Change::AddFunction { to: f } => routines::add_function(&mut p, to, f),
            Change::DropFunction { from: f } => routines::drop_function(&mut p, from, f),
            Change::ModifyFunction {
                from: a,
                to: b,
                changes: c,
            } => routines::modify_function(&mut p, to, a, b, c),
            Change::AddDomain { to: d } => domains::add_domain(&mut p, to, d),
            Change::DropDomain { from: d } => domains::drop_domain(&mut p, d),
            Change::ModifyDomain {
                from: a,
                to: b,
                changes: c,
            } => domains::modify_domain(&mut p, from, to, a, b, c),
            Change::AddComposite { to: c } => domains::add_composite(&mut p, to, c),
            Change::DropComposite { from: c } => domains::drop_composite(&mut p, c),
            Change::ModifyComposite { from: a, to: b } => {
                domains::modify_composite(&mut p, from, to, a, b)
            }
            Change::DropView { .. } => {}
            Change::ModifyView { .. } => {
                views::modify_view(&mut p, change, &dropped_view_ids, options)
            }
        }
    }

    routines::triggers_on_recreated_routines(&mut p, from, to, changes);
    routines::defaults_and_checks_on_recreated_routines(&mut p, from, to, changes);
    policies::policies_on_recreated_routines(
        &mut p,
        from,
        to,
        changes,
        &routines::recreated_routine_names(changes),
    );
    replace_fks_on_dropped_keys(&mut p, from, to, changes, options);
    // After the schemas are created, before any type or function of an extension is used.
    p.schemas.extend(extensions::create_extensions(from, to));
    let dropped_schemas: Vec<String> = changes
        .iter()
        .filter_map(|c| match c {
            Change::DropSchema { name } => Some(name.clone()),
            _ => None,
        })
        .collect();
    p.drop_enums
        .extend(extensions::drop_extensions(from, to, &dropped_schemas));

    views::create_views(&mut p, &recreate_views, changes, options);

    p.into_plan()
}

/// A foreign key depends on the unique index (primary key, unique constraint or unique index) of
/// the columns it references: PostgreSQL refuses to drop that key while the foreign key exists.
/// Foreign keys the diff leaves alone but whose key is dropped (to be replaced, say a unique
/// constraint becoming a unique index) are dropped first and added back once the new key exists.
fn replace_fks_on_dropped_keys(
    p: &mut Phases,
    from: &Schema,
    to: &Schema,
    changes: &[Change],
    options: &PlanOptions,
) {
    let mut dropped_keys: Vec<(&crate::model::Id, BTreeSet<&crate::model::Id>)> = Vec::new();
    let mut touched_fks: HashSet<&crate::model::Id> = HashSet::new();
    for c in changes {
        if let Change::ModifyTable {
            from: a, changes, ..
        } = c
        {
            for tc in changes {
                match tc {
                    TableChange::DropConstraint { constraint } => match constraint {
                        Constraint::PrimaryKey(pk) => {
                            dropped_keys.push((&a.id, pk.columns.iter().collect()))
                        }
                        Constraint::Unique(u) => {
                            dropped_keys.push((&a.id, u.columns.iter().collect()))
                        }
                        Constraint::Index(ix) if ix.unique && ix.predicate.is_none() => {
                            let cols: Option<BTreeSet<_>> = ix
                                .parts
                                .iter()
                                .map(|part| match &part.key {
                                    crate::model::IndexKey::Column(id) => Some(id),
                                    crate::model::IndexKey::Expression(_) => None,
                                })
                                .collect();
                            if let Some(cols) = cols {
                                dropped_keys.push((&a.id, cols));
                            }
                        }
                        Constraint::ForeignKey(fk) => {
                            touched_fks.insert(&fk.id);
                        }
                        _ => {}
                    },
                    TableChange::AddConstraint {
                        constraint: Constraint::ForeignKey(fk),
                    } => {
                        touched_fks.insert(&fk.id);
                    }
                    _ => {}
                }
            }
        }
    }
    if dropped_keys.is_empty() {
        return;
    }
    for t in &from.tables {
        // Tables dropped as a whole take their foreign keys with them.
        let Some(new_t) = to.tables.iter().find(|x| x.id == t.id) else {
            continue;
        };
        for fk in &t.foreign_keys {
            if touched_fks.contains(&fk.id) {
                continue;
            }
            let refs: BTreeSet<&crate::model::Id> = fk.ref_columns.iter().collect();
            if !dropped_keys
                .iter()
                .any(|(table, cols)| **table == fk.ref_table && *cols == refs)
            {
                continue;
            }
            let source = format!(
                "modify table {}: re-add foreign key over a replaced key",
                new_t.name
            );
            p.drop_fks.push(locked(stmt(
                Op::DropConstraint {
                    table: Relation::of(t),
                    name: crate::naming::effective_fk_name(from, t, fk),
                },
                &source,
            )));
            let old_name = crate::naming::effective_fk_name(from, t, fk);
            let new_fk = new_t
                .foreign_keys
                .iter()
                .find(|x| x.id == fk.id)
                .or_else(|| {
                    new_t
                        .foreign_keys
                        .iter()
                        .find(|x| crate::naming::effective_fk_name(to, new_t, x) == old_name)
                });
            if let Some(new_fk) = new_fk {
                p.add_fks.push(add_fk(to, new_t, new_fk, options, &source));
                if options.online && !new_fk.not_valid {
                    let name = crate::naming::effective_fk_name(to, new_t, new_fk);
                    p.add_fks.push(validate_constraint(new_t, &name, &source));
                }
            }
        }
    }
}
