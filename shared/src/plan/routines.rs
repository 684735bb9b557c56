//! Functions, procedures and triggers in a plan.
//!
//! Routines are created before the tables (defaults and checks may call them) unless their SQL
//! body or signature reads a relation, which PostgreSQL checks at creation: those come after the
//! tables or views they read (see `ddl::FunctionStage`). A change `CREATE OR REPLACE` accepts is made in
//! place; one it refuses (argument types or names, result, kind) drops the routine with the
//! triggers that call it, early, and creates both again. Triggers are created last, once their
//! function and columns exist, and dropped first, before their columns change: PostgreSQL
//! refuses to retype a column a trigger's `WHEN` or `UPDATE OF` names, so such a trigger is
//! dropped before and created again after.

use std::collections::HashSet;

use super::op::{Op, Relation, Routine};
use super::statement::{hazard, locked, stmt, HazardKind};
use super::Phases;
use crate::ddl;
use crate::diff::{Change, FunctionChanges, TableChange};
use crate::model::{Function, Id, Schema, Table, Trigger};

fn comment(f: &Function) -> Op {
    Op::Comment {
        on: f.kind.sql().into(),
        target: ddl::function_signature_sql(f),
        text: f.comment.clone(),
        table: None,
    }
}

/// The phase a routine of `to` is created or replaced in (see `ddl::FunctionStage`).
fn phase<'p>(p: &'p mut Phases, to: &Schema, f: &Function) -> &'p mut Vec<super::Statement> {
    match ddl::function_stage(to, f) {
        ddl::FunctionStage::BeforeTables => &mut p.functions,
        ddl::FunctionStage::AfterTables => &mut p.table_functions,
        ddl::FunctionStage::AfterViews => &mut p.late_functions,
    }
}

fn create(p: &mut Phases, to: &Schema, f: &Function, replace: bool, source: &str) {
    let s = stmt(
        Op::CreateFunction {
            routine: Routine::of(f),
            replace,
            sql: ddl::create_function_sql(f, replace),
        },
        source,
    );
    phase(p, to, f).push(s);
}

/// A new routine and its comment.
pub(super) fn add_function(p: &mut Phases, to: &Schema, f: &Function) {
    let source = format!("add {} {}", f.kind.sql().to_lowercase(), f.name);
    create(p, to, f, false, &source);
    if f.comment.is_some() {
        p.comments.push(stmt(comment(f), &source));
    }
    let target = ddl::function_grant_target(f);
    let defaults = super::grants::routine_defaults();
    super::grants::plan_grants(
        p,
        f.kind.grant_keyword(),
        &target,
        &defaults,
        &f.grants,
        false,
        &source,
    );
}

/// A dropped routine: after the tables (and triggers) that used it; one that reads a relation
/// (or has a table's row type in its signature) first, before that relation goes.
pub(super) fn drop_function(p: &mut Phases, from: &Schema, f: &Function) {
    // An aggregate goes before the routines it calls, wherever they are.
    let list = if f.aggregate.is_none()
        && ddl::function_stage(from, f) == ddl::FunctionStage::BeforeTables
    {
        &mut p.drop_functions
    } else {
        &mut p.drop_functions_early
    };
    list.push(stmt(
        Op::DropFunction {
            routine: Routine::of(f),
        },
        &format!("drop {} {}", f.kind.sql().to_lowercase(), f.name),
    ));
}

/// A routine on both sides.
pub(super) fn modify_function(
    p: &mut Phases,
    to: &Schema,
    a: &Function,
    b: &Function,
    c: &FunctionChanges,
) {
    let source = format!("modify {} {}", b.kind.sql().to_lowercase(), b.name);
    if c.recreated {
        p.drop_functions_early.push(stmt(
            Op::DropFunction {
                routine: Routine::of(a),
            },
            &source,
        ));
        create(p, to, b, false, &source);
    } else {
        let mut routine = Routine::of(a);
        if c.moved {
            p.rename_tables.push(stmt(
                Op::SetFunctionSchema {
                    routine: routine.clone(),
                    new_schema: b.schema.clone(),
                },
                &source,
            ));
            routine.schema = b.schema.clone();
        }
        if c.renamed {
            p.rename_tables.push(stmt(
                Op::RenameFunction {
                    routine,
                    to: b.name.clone(),
                },
                &source,
            ));
        }
        if c.redefined {
            create(p, to, b, true, &source);
            if a.security_definer != b.security_definer || a.config != b.config {
                let list = phase(p, to, b);
                if let Some(s) = list.pop() {
                    list.push(hazard(
                        s,
                        HazardKind::AuthorizationChange,
                        format!(
                            "changes whose rights {} runs with (SECURITY DEFINER or its settings)",
                            b.name
                        ),
                    ));
                }
            }
        }
    }
    if c.comment || (c.recreated && b.comment.is_some()) {
        p.comments.push(stmt(comment(b), &source));
    }
    // A routine created again starts from PostgreSQL's defaults.
    let before = if c.recreated {
        super::grants::routine_defaults()
    } else {
        a.grants.clone()
    };
    if c.grants || c.recreated {
        let target = ddl::function_grant_target(b);
        super::grants::plan_grants(
            p,
            b.kind.grant_keyword(),
            &target,
            &before,
            &b.grants,
            true,
            &source,
        );
    }
}

fn create_trigger(t: &Table, tr: &Trigger) -> Op {
    Op::CreateTrigger {
        table: Relation::of(t),
        name: tr.name.clone(),
        sql: ddl::create_trigger_sql(t, tr),
    }
}

fn drop_trigger(t: &Table, tr: &Trigger) -> Op {
    Op::DropTrigger {
        table: Relation::of(t),
        name: tr.name.clone(),
    }
}

fn trigger_comment(t: &Table, tr: &Trigger) -> Op {
    Op::Comment {
        on: "TRIGGER".into(),
        target: ddl::trigger_comment_target(t, tr),
        text: tr.comment.clone(),
        table: Some(Relation::of(t)),
    }
}

/// A new table's triggers (no rows yet, nobody waits: no lock recorded).
pub(super) fn add_table_triggers(p: &mut Phases, t: &Table, source: &str) {
    for tr in &t.triggers {
        p.triggers.push(stmt(create_trigger(t, tr), source));
        if tr.comment.is_some() {
            p.comments.push(stmt(trigger_comment(t, tr), source));
        }
    }
}

/// The routines dropped and created again in this plan, by (schema, name) as triggers name them.
/// The names (lower case) of the routines dropped to be created again, for what calls them by
/// name in SQL text (policies).
pub(super) fn recreated_routine_names(changes: &[Change]) -> Vec<String> {
    recreated_routines(changes)
        .into_iter()
        .map(|(_, name)| name.to_ascii_lowercase())
        .collect()
}

fn recreated_routines(changes: &[Change]) -> HashSet<(String, String)> {
    changes
        .iter()
        .filter_map(|c| match c {
            Change::ModifyFunction {
                from, changes: fc, ..
            } if fc.recreated => Some((from.schema.clone(), from.name.clone())),
            _ => None,
        })
        .collect()
}

/// Whether trigger `t` depends on one of `routines`: it executes it, or its `WHEN` calls it.
fn uses_routine(t: &Trigger, routines: &HashSet<(String, String)>) -> bool {
    routines.contains(&(t.function_schema.clone(), t.function.clone()))
        || t.when.as_deref().is_some_and(|w| {
            let w = w.to_ascii_lowercase();
            routines
                .iter()
                .any(|(_, name)| crate::sql::mentions(&w, &name.to_ascii_lowercase()))
        })
}

/// The trigger changes of an existing table `a` → `b`; `retyped` are the ids of columns whose
/// type changes.
#[allow(clippy::too_many_arguments)]
pub(super) fn plan_triggers(
    p: &mut Phases,
    a: &Table,
    b: &Table,
    changes: &[TableChange],
    all: &[Change],
    retyped: &[&Id],
    source: &str,
) {
    let retyped_names: Vec<String> = retyped
        .iter()
        .filter_map(|id| a.column(id))
        .map(|c| c.name.to_ascii_lowercase())
        .collect();
    let recreated_fns = recreated_routines(all);
    let changed: HashSet<&Id> = changes
        .iter()
        .filter_map(|c| match c {
            TableChange::DropTrigger { trigger } | TableChange::AddTrigger { trigger } => {
                Some(&trigger.id)
            }
            _ => None,
        })
        .collect();
    // Triggers the diff keeps but that must go and come back: over a retyped column, or calling
    // a routine dropped and created again.
    let recreated: Vec<(&Trigger, &Trigger)> = a
        .triggers
        .iter()
        .filter(|x| !changed.contains(&x.id))
        .filter_map(|x| Some((x, b.triggers.iter().find(|y| y.id == x.id)?)))
        .filter(|(x, _)| {
            let over_retyped = x.update_of.iter().any(|id| retyped.contains(&id))
                || x.when.as_deref().is_some_and(|w| {
                    let w = w.to_ascii_lowercase();
                    retyped_names.iter().any(|n| crate::sql::mentions(&w, n))
                });
            over_retyped || uses_routine(x, &recreated_fns)
        })
        .collect();
    for (x, y) in &recreated {
        p.drop_triggers
            .push(locked(stmt(drop_trigger(a, x), source)));
        p.triggers.push(locked(stmt(create_trigger(b, y), source)));
    }
    let recreated_ids: HashSet<&Id> = recreated.iter().map(|(x, _)| &x.id).collect();
    for c in changes {
        match c {
            TableChange::DropTrigger { trigger } => p
                .drop_triggers
                .push(locked(stmt(drop_trigger(a, trigger), source))),
            TableChange::AddTrigger { trigger } => {
                p.triggers
                    .push(locked(stmt(create_trigger(b, trigger), source)));
                if trigger.comment.is_some() {
                    p.comments.push(stmt(trigger_comment(b, trigger), source));
                }
            }
            TableChange::RenameTrigger { from, to } => {
                let id = a.triggers.iter().find(|x| &x.name == from).map(|x| &x.id);
                if id.is_some_and(|id| recreated_ids.contains(id)) {
                    continue; // created again under its new name
                }
                p.rename_tables.push(locked(stmt(
                    Op::RenameTrigger {
                        table: Relation::of(b),
                        from: from.clone(),
                        to: to.clone(),
                    },
                    source,
                )));
            }
            TableChange::TriggerComment { trigger } => {
                p.comments.push(stmt(trigger_comment(b, trigger), source))
            }
            _ => {}
        }
    }
}

/// Triggers of tables that no change touches (or that are dropped) which call a routine this
/// plan drops and creates again: dropped before it and, on kept tables, created again after.
pub(super) fn triggers_on_recreated_routines(
    p: &mut Phases,
    from: &Schema,
    to: &Schema,
    changes: &[Change],
) {
    let recreated_fns = recreated_routines(changes);
    if recreated_fns.is_empty() {
        return;
    }
    let modified: HashSet<&Id> = changes
        .iter()
        .filter_map(|c| match c {
            Change::ModifyTable { from, .. } => Some(&from.id),
            _ => None,
        })
        .collect();
    for a in from.tables.iter().filter(|t| !modified.contains(&t.id)) {
        let b = to.tables.iter().find(|t| t.id == a.id);
        for x in &a.triggers {
            if !uses_routine(x, &recreated_fns) {
                continue;
            }
            let source = format!("modify table {}", a.name);
            p.drop_triggers
                .push(locked(stmt(drop_trigger(a, x), &source)));
            if let Some((b, y)) =
                b.and_then(|b| Some((b, b.triggers.iter().find(|y| y.id == x.id)?)))
            {
                p.triggers.push(locked(stmt(create_trigger(b, y), &source)));
            }
        }
    }
}

/// Column defaults and checks calling a routine dropped to be created again: PostgreSQL refuses
/// to drop a routine they depend on, so each is dropped before it (`DROP DEFAULT`, `DROP
/// CONSTRAINT`) and set again once it exists, with the triggers (a check added back scans the
/// table). A default or check the table's own changes alter is theirs.
pub(super) fn defaults_and_checks_on_recreated_routines(
    p: &mut Phases,
    from: &Schema,
    to: &Schema,
    changes: &[Change],
) {
    use super::op::ColumnAction;
    let names = recreated_routine_names(changes);
    if names.is_empty() {
        return;
    }
    let calls = |sql: &str| {
        let sql = sql.to_ascii_lowercase();
        names.iter().any(|n| crate::sql::mentions(&sql, n))
    };
    for a in &from.tables {
        let Some(b) = to.table(&a.id) else { continue };
        let source = format!("modify table {}", a.name);
        for c in &a.columns {
            let Some(nc) = b.column(&c.id) else { continue };
            let (Some(old), Some(new)) = (ddl::default_sql(from, c), ddl::default_sql(to, nc))
            else {
                continue;
            };
            if !calls(&old) || c.default != nc.default || c.name != nc.name {
                continue;
            }
            let alter = |t: &Table, action: ColumnAction| {
                locked(stmt(
                    Op::AlterColumn {
                        table: Relation::of(t),
                        column: c.name.clone(),
                        action,
                    },
                    &source,
                ))
            };
            p.drop_triggers.push(alter(a, ColumnAction::DropDefault));
            p.triggers.push(alter(b, ColumnAction::SetDefault(new)));
        }
        for ck in &a.checks {
            let Some(nk) = b.checks.iter().find(|k| k.id == ck.id) else {
                continue;
            };
            if !calls(&ck.expression) || ck != nk {
                continue;
            }
            p.drop_triggers.push(locked(stmt(
                Op::DropConstraint {
                    table: Relation::of(a),
                    name: ck.name.clone(),
                },
                &source,
            )));
            p.triggers
                .push(locked(stmt(Op::add_check(b, nk, false), &source)));
        }
    }
}
