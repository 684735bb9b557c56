//! Row-level security statements: switches and policies of new and changed tables.
//!
//! Order keeps a table from being open or shut by accident in between: on a changed table,
//! `DISABLE`/`NO FORCE` and policy drops come first (with the other drops), policies are created
//! or altered after the columns and views they read, and `ENABLE`/`FORCE` come last, once the
//! policies that let rows through exist. PostgreSQL refuses to retype a column a policy reads, so
//! such a policy is dropped before and created again after. Every statement on an existing table
//! carries the [`HazardKind::AuthorizationChange`] hazard: it changes who can read or write.

use std::collections::HashSet;

use super::op::{Op, Relation};
use super::statement::{hazard, locked, stmt, HazardKind, Statement};
use super::Phases;
use crate::ddl;
use crate::diff::TableChange;
use crate::model::{Id, Policy, Table};

/// A new table's switches and policies (no rows yet: no hazard, no lock).
pub(super) fn add_table_policies(p: &mut Phases, t: &Table, source: &str) {
    for pol in &t.policies {
        p.policies.push(stmt(create(t, pol), source));
    }
    if t.row_security.enabled {
        p.policies.push(stmt(
            Op::SetRowSecurity {
                table: Relation::of(t),
                enabled: true,
            },
            source,
        ));
    }
    if t.row_security.forced {
        p.policies.push(stmt(
            Op::SetForceRowSecurity {
                table: Relation::of(t),
                forced: true,
            },
            source,
        ));
    }
}

/// The policies of a dropped table, dropped with its foreign keys, before any table: a policy
/// may read another table the same plan drops.
pub(super) fn drop_table_policies(p: &mut Phases, t: &Table, source: &str) {
    for pol in &t.policies {
        p.drop_fks.push(authorization(
            stmt(
                Op::DropPolicy {
                    table: Relation::of(t),
                    name: pol.name.clone(),
                },
                source,
            ),
            t,
            format!("drops policy {} with its table", pol.name),
        ));
    }
}

fn create(t: &Table, pol: &Policy) -> Op {
    Op::CreatePolicy {
        table: Relation::of(t),
        name: pol.name.clone(),
        sql: ddl::create_policy_sql(t, pol),
    }
}

fn authorization(s: Statement, table: &Table, what: String) -> Statement {
    hazard(
        locked(s),
        HazardKind::AuthorizationChange,
        format!("{what} on {}", table.name),
    )
}

/// The row-level security changes of table `a` → `b`; `retyped` are the (old) names of columns
/// whose type changes.
pub(super) fn plan_policies(
    p: &mut Phases,
    a: &Table,
    b: &Table,
    changes: &[TableChange],
    retyped: &[&str],
    source: &str,
) {
    let switch = |t: &Table, enabled: Option<bool>, forced: Option<bool>| {
        let rel = Relation::of(t);
        enabled
            .map(|enabled| Op::SetRowSecurity {
                table: rel.clone(),
                enabled,
            })
            .into_iter()
            .chain(forced.map(|forced| Op::SetForceRowSecurity {
                table: rel.clone(),
                forced,
            }))
            .collect::<Vec<_>>()
    };
    let (ra, rb) = (a.row_security, b.row_security);
    // Switches turned off go first, before any policy is dropped.
    let off = switch(
        a,
        (ra.enabled && !rb.enabled).then_some(false),
        (ra.forced && !rb.forced).then_some(false),
    );
    for op in off {
        p.drop_constraints.push(authorization(
            stmt(op, source),
            a,
            "turns row-level security off".into(),
        ));
    }
    // Policies reading a retyped column: dropped before the type change, created after.
    let reads_retyped = |pol: &Policy| {
        [&pol.using, &pol.with_check]
            .into_iter()
            .flatten()
            .any(|e| {
                let e = e.to_ascii_lowercase();
                retyped.iter().any(|n| crate::sql::mentions(&e, n))
            })
    };
    let recreated: HashSet<&Id> = a
        .policies
        .iter()
        .filter(|x| reads_retyped(x) && b.policies.iter().any(|y| y.id == x.id))
        .map(|x| &x.id)
        .collect();
    let drop = |pol: &Policy, why: String| {
        authorization(
            stmt(
                Op::DropPolicy {
                    table: Relation::of(a),
                    name: pol.name.clone(),
                },
                source,
            ),
            a,
            why,
        )
    };
    for x in a.policies.iter().filter(|x| recreated.contains(&x.id)) {
        p.drop_constraints.push(drop(
            x,
            format!(
                "drops policy {} (created again after a column type change)",
                x.name
            ),
        ));
    }
    let changed: HashSet<&Id> = changes
        .iter()
        .filter_map(|c| match c {
            TableChange::DropPolicy { policy } | TableChange::AddPolicy { policy } => {
                Some(&policy.id)
            }
            TableChange::AlterPolicy { from, .. } => Some(&from.id),
            _ => None,
        })
        .collect();
    for y in b
        .policies
        .iter()
        .filter(|y| recreated.contains(&y.id) && !changed.contains(&y.id))
    {
        p.policies.push(authorization(
            stmt(create(b, y), source),
            b,
            format!("creates policy {} again", y.name),
        ));
    }
    for c in changes {
        match c {
            TableChange::DropPolicy { policy } if !recreated.contains(&policy.id) => p
                .drop_constraints
                .push(drop(policy, format!("drops policy {}", policy.name))),
            TableChange::AddPolicy { policy } => p.policies.push(authorization(
                stmt(create(b, policy), source),
                b,
                format!("adds policy {}", policy.name),
            )),
            TableChange::RenamePolicy { from, to } => {
                let id = a.policies.iter().find(|x| &x.name == from).map(|x| &x.id);
                if id.is_some_and(|id| recreated.contains(id)) {
                    continue; // created again under its new name
                }
                p.rename_tables.push(locked(stmt(
                    Op::RenamePolicy {
                        table: Relation::of(b),
                        from: from.clone(),
                        to: to.clone(),
                    },
                    source,
                )));
            }
            TableChange::AlterPolicy { from, to } => {
                let op = if recreated.contains(&from.id) {
                    create(b, to)
                } else {
                    Op::AlterPolicy {
                        table: Relation::of(b),
                        name: to.name.clone(),
                        sql: ddl::alter_policy_sql(b, to),
                    }
                };
                p.policies.push(authorization(
                    stmt(op, source),
                    b,
                    format!("changes policy {}", to.name),
                ));
            }
            _ => {}
        }
    }
    // Switches turned on come last, once the policies that let rows through exist.
    let on = switch(
        b,
        (rb.enabled && !ra.enabled).then_some(true),
        (rb.forced && !ra.forced).then_some(true),
    );
    for op in on {
        p.policies.push(authorization(
            stmt(op, source),
            b,
            "turns row-level security on".into(),
        ));
    }
}

/// Policies calling a routine dropped to be created again (its signature changed): PostgreSQL
/// refuses to drop a routine a policy depends on, so such a policy is dropped first, before the
/// routine, and created again once it exists. A policy the table's own changes drop is dropped
/// at that earlier point instead; one they add or alter is theirs.
pub(super) fn policies_on_recreated_routines(
    p: &mut Phases,
    from: &crate::model::Schema,
    to: &crate::model::Schema,
    changes: &[crate::diff::Change],
    recreated: &[String],
) {
    if recreated.is_empty() {
        return;
    }
    let calls = |pol: &Policy| {
        [&pol.using, &pol.with_check]
            .into_iter()
            .flatten()
            .any(|e| {
                let e = e.to_ascii_lowercase();
                recreated.iter().any(|n| crate::sql::mentions(&e, n))
            })
    };
    for a in &from.tables {
        let Some(b) = to.table(&a.id) else { continue };
        let own: Vec<&TableChange> = changes
            .iter()
            .filter_map(|c| match c {
                crate::diff::Change::ModifyTable { from, changes, .. } if from.id == a.id => {
                    Some(changes.iter())
                }
                _ => None,
            })
            .flatten()
            .collect();
        let source = format!("modify table {}", a.name);
        for x in a.policies.iter().filter(|x| calls(x)) {
            let is_drop = |s: &Statement| matches!(&s.op, Op::DropPolicy { table, name } if *table == Relation::of(a) && *name == x.name);
            // Already dropped by the plan (its table's changes or a retyped column): earlier.
            if let Some(i) = p.drop_constraints.iter().position(is_drop) {
                let s = p.drop_constraints.remove(i);
                p.drop_triggers.push(s);
                continue;
            }
            let theirs = own.iter().any(|c| match c {
                TableChange::AddPolicy { policy } | TableChange::DropPolicy { policy } => {
                    policy.id == x.id
                }
                TableChange::AlterPolicy { from, .. } => from.id == x.id,
                _ => false,
            });
            let Some(y) = b.policies.iter().find(|y| y.id == x.id) else {
                continue;
            };
            if theirs {
                continue;
            }
            p.drop_triggers.push(authorization(
                stmt(
                    Op::DropPolicy {
                        table: Relation::of(a),
                        name: x.name.clone(),
                    },
                    &source,
                ),
                a,
                format!(
                    "drops policy {} (created again around a routine it calls)",
                    x.name
                ),
            ));
            p.policies.push(authorization(
                stmt(create(b, y), &source),
                b,
                format!("creates policy {} again", y.name),
            ));
        }
    }
}
