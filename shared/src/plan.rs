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
//! `tables.rs`, `columns.rs`, `casts.rs` (which type changes PostgreSQL can cast), `enums.rs`,
//! `extensions.rs`, `online.rs` (the multi-statement online forms) and `locks.rs`; this file
//! orders the phases.

use std::collections::{BTreeSet, HashSet};

use crate::ddl::{self, qualified_name};
use crate::diff::{diff, Change, Constraint, EnumChange, TableChange, ViewIndexChange};
use crate::model::{Enum, Schema, Table, View};
use crate::naming::quote_ident;
use crate::normalize::same_database;

mod casts;
mod columns;
mod constraints;
mod enums;
mod extensions;
pub mod locks;
mod online;
pub mod op;
mod sequences;
mod statement;
mod tables;
mod views;

pub use locks::{LockInfo, LockLevel, TableEffect};
pub use op::{ColumnAction, EnumPosition, NoReverse, ObjectKind, Op, Relation};
pub use statement::{
    write_script_statement, Hazard, HazardKind, Plan, PlanOptions, Statement, OWN_TRANSACTION_MARK,
};

use constraints::{add_fk, create_index, validate_constraint};
use enums::enum_use;
use statement::{hazard, locked, locked_referenced, stmt};

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

#[derive(Default)]
struct Phases {
    drop_views: Vec<Statement>,
    drop_fks: Vec<Statement>,
    drop_constraints: Vec<Statement>,
    /// Tables dropped whose name a renamed or moved table takes: dropped before the rename.
    drop_tables_early: Vec<Statement>,
    schemas: Vec<Statement>,
    enums: Vec<Statement>,
    /// Sequences created or altered: before the tables whose defaults use them.
    sequences: Vec<Statement>,
    /// Table renames and moves, and constraint and index renames: before creates, so a new
    /// table (and its constraints) can take a name being freed.
    rename_tables: Vec<Statement>,
    tables: Vec<Statement>,
    columns: Vec<Statement>,
    add_constraints: Vec<Statement>,
    add_fks: Vec<Statement>,
    /// `ALTER SEQUENCE ... OWNED BY`: once the owning columns exist, before columns are dropped.
    sequence_owners: Vec<Statement>,
    views: Vec<Statement>,
    comments: Vec<Statement>,
    drop_columns: Vec<Statement>,
    /// Views that expand `*` over a table losing columns: created once they are dropped.
    late_views: Vec<Statement>,
    drop_tables: Vec<Statement>,
    /// After the tables and defaults that use them.
    drop_sequences: Vec<Statement>,
    drop_enums: Vec<Statement>,
    drop_schemas: Vec<Statement>,
}

/// Orders and renders `changes` (which must come from `diff(from, to)`).
pub fn plan(from: &Schema, to: &Schema, changes: &[Change], options: &PlanOptions) -> Plan {
    let mut p = Phases::default();

    // Views that must be dropped first: dropped or redefined ones, and any view reading a table
    // whose shape changes (conservatively, by name in the query text).
    let changed_tables: Vec<&Table> = changes
        .iter()
        .filter_map(|c| match c {
            Change::ModifyTable { from, changes, .. }
                if changes.iter().any(|tc| {
                    matches!(
                        tc,
                        TableChange::Rename
                            | TableChange::SetSchema
                            | TableChange::DropColumn { .. }
                            | TableChange::RenameColumn { .. }
                            | TableChange::AlterColumn { .. }
                    )
                }) =>
            {
                Some(from)
            }
            Change::DropTable { from } => Some(from),
            _ => None,
        })
        .collect();
    let changed_enums: Vec<&Enum> = changes
        .iter()
        .filter_map(|c| match c {
            Change::ModifyEnum { from, changes, .. }
                if changes
                    .iter()
                    .any(|e| matches!(e, EnumChange::Rebuild { .. })) =>
            {
                Some(from)
            }
            _ => None,
        })
        .collect();
    // A rebuilt enum retypes every column of it: views over those tables must go too, even when
    // their text never names the type.
    let enum_tables: Vec<&Table> = from
        .tables
        .iter()
        .filter(|t| {
            t.columns.iter().any(|c| {
                changed_enums
                    .iter()
                    .any(|e| enum_use(&c.ty, &e.id).is_some())
            })
        })
        .collect();
    let reads_changed = |v: &View| {
        let q = v.query.to_ascii_lowercase();
        changed_tables
            .iter()
            .any(|t| crate::sql::mentions(&q, &t.name))
            || enum_tables
                .iter()
                .any(|t| crate::sql::mentions(&q, &t.name))
            || changed_enums
                .iter()
                .any(|e| crate::sql::mentions(&q, &e.name))
    };
    let mut recreate_views: Vec<View> = Vec::new();
    let mut dropped_view_ids: HashSet<crate::model::Id> = HashSet::new();
    type ViewChange<'a> = Option<Option<(&'a View, bool, bool)>>;
    let view_change = |v: &View| -> ViewChange<'_> {
        changes.iter().find_map(|c| match c {
            Change::DropView { from } if from.id == v.id => Some(None),
            Change::ModifyView {
                from,
                to,
                redefined,
                renamed,
                ..
            } if from.id == v.id => Some(Some((to, *redefined, *renamed))),
            _ => None,
        })
    };
    let mut must_drop: Vec<bool> = from
        .views
        .iter()
        .map(|v| {
            (match view_change(v) {
                Some(None) => true,
                Some(Some((_, redefined, _))) => redefined,
                None => false,
            }) || reads_changed(v)
        })
        .collect();
    // A view reading a view that is dropped must go first (PostgreSQL refuses to drop a view
    // others depend on), and comes back after it: transitively, by name in the query text.
    loop {
        let mut grew = false;
        for i in 0..from.views.len() {
            if must_drop[i] {
                continue;
            }
            let q = from.views[i].query.to_ascii_lowercase();
            if from
                .views
                .iter()
                .enumerate()
                .any(|(j, w)| j != i && must_drop[j] && crate::sql::mentions(&q, &w.name))
            {
                must_drop[i] = true;
                grew = true;
            }
        }
        if !grew {
            break;
        }
    }
    // Dependents before what they read: the reverse of the creation order.
    let mut drop_order = ddl::view_creation_order(&from.views);
    drop_order.reverse();
    for i in drop_order {
        let v = &from.views[i];
        if !must_drop[i] {
            continue;
        }
        let change = view_change(v);
        let source = format!("view {}", v.name);
        p.drop_views.push(stmt(
            Op::DropView {
                schema: v.schema.clone(),
                name: v.name.clone(),
                materialized: v.materialized,
            },
            &source,
        ));
        dropped_view_ids.insert(v.id.clone());
        if let Some(Some((to_view, _, _))) = change {
            recreate_views.push(to_view.clone());
        } else if change.is_none() {
            if let Some(same) = to.views.iter().find(|x| x.id == v.id) {
                recreate_views.push(same.clone());
            }
        }
    }

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
            Change::AddTable { to: t } => {
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
            }
            Change::DropTable { from: t } => {
                let name = Relation::of(t);
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
                let source = format!("drop table {}", t.name);
                // Its own FKs go first so tables it references can be dropped in any order.
                for fk in &t.foreign_keys {
                    p.drop_fks.push(locked(stmt(
                        Op::DropConstraint {
                            table: name.clone(),
                            name: crate::naming::effective_fk_name(from, t, fk),
                        },
                        &source,
                    )));
                }
                let drop = hazard(
                    locked(stmt(
                        Op::DropTable {
                            schema: t.schema.clone(),
                            name: t.name.clone(),
                        },
                        &source,
                    )),
                    HazardKind::DeletesData,
                    format!("drops table {} and all its rows", t.name),
                );
                if name_taken {
                    p.drop_tables_early.push(drop);
                } else {
                    p.drop_tables.push(drop);
                }
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
            Change::DropView { .. } => {}
            Change::ModifyView {
                from: a,
                to: b,
                renamed,
                redefined,
                comment,
                check_option,
                indexes,
            } => {
                if !dropped_view_ids.contains(&a.id) {
                    if *renamed {
                        let kind = if a.materialized {
                            ObjectKind::MaterializedView
                        } else {
                            ObjectKind::View
                        };
                        if a.schema != b.schema {
                            p.views.push(stmt(
                                Op::SetSchema {
                                    kind,
                                    schema: a.schema.clone(),
                                    name: a.name.clone(),
                                    new_schema: b.schema.clone(),
                                },
                                &format!("move view {}", b.name),
                            ));
                        }
                        if a.name != b.name {
                            p.views.push(stmt(
                                Op::Rename {
                                    kind,
                                    schema: b.schema.clone(),
                                    from: a.name.clone(),
                                    to: b.name.clone(),
                                },
                                &format!("rename view {}", a.name),
                            ));
                        }
                    }
                    let source = format!("modify view {}", b.name);
                    if *check_option {
                        p.views.push(views::set_check_option(b, &source));
                    }
                    for ic in indexes {
                        match ic {
                            ViewIndexChange::Drop { index } => p
                                .drop_constraints
                                .push(views::drop_view_index(a, index, options, &source)),
                            ViewIndexChange::Rename { from: x, to: y } => {
                                p.views.push(views::rename_view_index(a, b, x, y, &source))
                            }
                            ViewIndexChange::Add { .. } => {}
                        }
                    }
                    for ic in indexes {
                        if let ViewIndexChange::Add { index } = ic {
                            p.views
                                .push(views::create_view_index(b, index, options, &source, true));
                        }
                    }
                    if *comment && !*redefined {
                        let kw = if b.materialized {
                            "MATERIALIZED VIEW"
                        } else {
                            "VIEW"
                        };
                        let op = Op::Comment {
                            on: kw.into(),
                            target: qualified_name(&b.schema, &b.name),
                            text: b.comment.clone(),
                            table: None,
                        };
                        p.comments
                            .push(stmt(op, &format!("comment on view {}", b.name)));
                    }
                }
            }
        }
    }

    replace_fks_on_dropped_keys(&mut p, from, to, changes, options);
    // After the schemas are created, before any type or function of an extension is used.
    p.schemas.extend(extensions::create_extensions(from, to));

    // (Re)create views in dependency order among themselves. PostgreSQL expands `*` when a view
    // is created: a view selecting `*` from a table that loses columns (and the views reading
    // it) is created once they are gone.
    let order = ddl::view_creation_order(&recreate_views);
    let late = views::created_after_dropped_columns(&recreate_views, changes);
    for i in order {
        let v = &recreate_views[i];
        let source = format!("view {}", v.name);
        let mut out = vec![stmt(Op::create_view(v), &source)];
        if v.materialized {
            for ix in &v.indexes {
                out.push(views::create_view_index(v, ix, options, &source, false));
            }
        }
        let mut comment = Vec::new();
        if let Some(c) = &v.comment {
            let kw = if v.materialized {
                "MATERIALIZED VIEW"
            } else {
                "VIEW"
            };
            comment.push(stmt(
                Op::Comment {
                    on: kw.into(),
                    target: qualified_name(&v.schema, &v.name),
                    text: Some(c.clone()),
                    table: None,
                },
                &source,
            ));
        }
        if late[i] {
            p.late_views.extend(out);
            p.late_views.extend(comment);
        } else {
            p.views.extend(out);
            p.comments.extend(comment);
        }
    }

    let Phases {
        drop_views,
        drop_fks,
        drop_constraints,
        drop_tables_early,
        schemas,
        enums,
        sequences,
        rename_tables,
        tables,
        columns,
        add_constraints,
        add_fks,
        sequence_owners,
        views,
        comments,
        drop_columns,
        late_views,
        drop_tables,
        drop_sequences,
        drop_enums,
        drop_schemas,
    } = p;
    let statements = [
        drop_views,
        drop_fks,
        drop_constraints,
        drop_tables_early,
        schemas,
        enums,
        rename_tables,
        sequences,
        tables,
        columns,
        add_constraints,
        add_fks,
        sequence_owners,
        views,
        comments,
        drop_columns,
        late_views,
        drop_tables,
        drop_sequences,
        drop_enums,
        drop_schemas,
    ]
    .into_iter()
    .flatten()
    .collect();
    Plan { statements }
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
