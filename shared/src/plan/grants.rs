//! Privileges in a plan: what `to` grants that `from` did not is granted, what it no longer
//! grants is revoked, one privilege per statement, with the authorization hazard on objects that
//! exist already. A new object's grants follow its creation (a new routine's default `EXECUTE`
//! for `public` is revoked when the design leaves it out).

use super::op::Op;
use super::statement::{hazard, stmt, HazardKind, Statement};
use super::Phases;
use crate::model::{DefaultPrivilege, Grant, Privilege};

fn authorization(s: Statement, what: String) -> Statement {
    hazard(s, HazardKind::AuthorizationChange, what)
}

/// The statements turning grants `a` into `b` on `on target`; `existing` when the object
/// exists before the plan (the hazard), `default_public_execute` for a new routine.
pub(super) fn plan_grants(
    p: &mut Phases,
    on: &str,
    target: &str,
    a: &[Grant],
    b: &[Grant],
    existing: bool,
    source: &str,
) {
    let find = |list: &[Grant], g: &Grant| {
        list.iter()
            .find(|x| x.role == g.role && x.privilege == g.privilege)
            .cloned()
    };
    let mut out = Vec::new();
    for g in a {
        match find(b, g) {
            None => out.push((
                Op::Revoke {
                    on: on.into(),
                    target: target.into(),
                    privilege: g.privilege,
                    role: g.role.clone(),
                    grant_option: false,
                    default_privileges: None,
                },
                format!("revokes {} on {target} from {}", g.privilege.sql(), g.role),
            )),
            Some(h) if g.grantable && !h.grantable => out.push((
                Op::Revoke {
                    on: on.into(),
                    target: target.into(),
                    privilege: g.privilege,
                    role: g.role.clone(),
                    grant_option: true,
                    default_privileges: None,
                },
                format!(
                    "{} may no longer grant {} on {target}",
                    g.role,
                    g.privilege.sql()
                ),
            )),
            Some(_) => {}
        }
    }
    for g in b {
        let before = find(a, g);
        if before.is_none() || (g.grantable && !before.is_some_and(|x| x.grantable)) {
            out.push((
                Op::Grant {
                    on: on.into(),
                    target: target.into(),
                    privilege: g.privilege,
                    role: g.role.clone(),
                    grantable: g.grantable,
                    default_privileges: None,
                },
                format!("grants {} on {target} to {}", g.privilege.sql(), g.role),
            ));
        }
    }
    for (op, what) in out {
        let s = stmt(op, source);
        p.policies
            .push(if existing { authorization(s, what) } else { s });
    }
}

/// What PostgreSQL grants a new routine by itself: `EXECUTE` to `public`.
pub(super) fn routine_defaults() -> Vec<Grant> {
    vec![Grant {
        role: "public".into(),
        privilege: Privilege::Execute,
        grantable: false,
    }]
}

/// The op that makes entry `d` hold (`on` true) or undoes it: a granted entry is granted or
/// revoked, a revoked built-in default is revoked or granted back.
fn default_privilege_op(d: &DefaultPrivilege, on: bool) -> Op {
    let scope = Some(d.scope_sql());
    if on != d.revoked {
        Op::Grant {
            on: d.on.sql().into(),
            target: String::new(),
            privilege: d.grant.privilege,
            role: d.grant.role.clone(),
            grantable: d.grant.grantable && on,
            default_privileges: scope,
        }
    } else {
        Op::Revoke {
            on: d.on.sql().into(),
            target: String::new(),
            privilege: d.grant.privilege,
            role: d.grant.role.clone(),
            grant_option: false,
            default_privileges: scope,
        }
    }
}

/// `ALTER DEFAULT PRIVILEGES` turning entries `a` into `b`: what `a` has and `b` not is undone
/// first, then what `b` adds. They run after the plan's objects are created, whose own grants the
/// design states; each changes what later objects get, so each carries the authorization hazard.
pub(super) fn plan_default_privileges(
    p: &mut Phases,
    a: &[DefaultPrivilege],
    b: &[DefaultPrivilege],
) {
    let undo = a.iter().filter(|d| !b.contains(d)).map(|d| (d, false));
    let add = b.iter().filter(|d| !a.contains(d)).map(|d| (d, true));
    for (d, on) in undo.chain(add) {
        let what = format!(
            "changes what {} may do with new {}{}",
            d.grant.role,
            d.on.sql().to_lowercase(),
            d.schema
                .as_ref()
                .map(|s| format!(" in schema {s}"))
                .unwrap_or_default()
        );
        let s = stmt(default_privilege_op(d, on), "default privileges");
        p.policies.push(authorization(s, what));
    }
}
