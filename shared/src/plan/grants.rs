//! Privileges in a plan: what `to` grants that `from` did not is granted, what it no longer
//! grants is revoked, one privilege per statement, with the authorization hazard on objects that
//! exist already. A new object's grants follow its creation (a new routine's default `EXECUTE`
//! for `public` is revoked when the design leaves it out).

use super::op::Op;
use super::statement::{hazard, stmt, HazardKind, Statement};
use super::Phases;
use crate::model::{Grant, Privilege};

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
