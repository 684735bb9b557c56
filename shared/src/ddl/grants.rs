//! `GRANT` and `REVOKE` as DDL.

use super::policies::role_sql;
use crate::model::{DefaultPrivilege, Grant};

/// `GRANT <privileges> ON <on> <target> TO <role> [WITH GRANT OPTION];` per role and option,
/// after the `REVOKE` of each of `defaults` (what PostgreSQL grants by itself: `EXECUTE` to
/// `public` on a routine, `USAGE` to `public` on schema `public`) that `grants` leaves out.
pub fn grant_statements(
    on: &str,
    target: &str,
    grants: &[Grant],
    defaults: &[Grant],
) -> Vec<String> {
    let mut out = Vec::new();
    let same = |a: &Grant, b: &Grant| a.role == b.role && a.privilege == b.privilege;
    for d in defaults {
        if !grants.iter().any(|g| same(g, d)) {
            out.push(format!(
                "REVOKE {} ON {on} {target} FROM {};",
                d.privilege.sql(),
                role_sql(&d.role)
            ));
        }
    }
    let mut groups: Vec<(&str, bool, Vec<&str>)> = Vec::new();
    for g in grants {
        if !g.grantable && defaults.iter().any(|d| same(g, d)) {
            continue;
        }
        match groups
            .iter_mut()
            .find(|(r, o, _)| *r == g.role && *o == g.grantable)
        {
            Some(group) => group.2.push(g.privilege.sql()),
            None => groups.push((&g.role, g.grantable, vec![g.privilege.sql()])),
        }
    }
    for (role, grantable, privileges) in groups {
        out.push(format!(
            "GRANT {} ON {on} {target} TO {}{};",
            privileges.join(", "),
            role_sql(role),
            if grantable { " WITH GRANT OPTION" } else { "" }
        ));
    }
    out
}

/// `ALTER DEFAULT PRIVILEGES [FOR ROLE …] [IN SCHEMA …] GRANT … ON … TO …;` making entry `d` hold
/// (a `REVOKE … FROM …` for a revoked built-in default).
pub fn default_privilege_sql(d: &DefaultPrivilege) -> String {
    if d.revoked {
        format!(
            "ALTER DEFAULT PRIVILEGES{} REVOKE {} ON {} FROM {};",
            d.scope_sql(),
            d.grant.privilege.sql(),
            d.on.sql(),
            role_sql(&d.grant.role)
        )
    } else {
        format!(
            "ALTER DEFAULT PRIVILEGES{} GRANT {} ON {} TO {}{};",
            d.scope_sql(),
            d.grant.privilege.sql(),
            d.on.sql(),
            role_sql(&d.grant.role),
            if d.grant.grantable {
                " WITH GRANT OPTION"
            } else {
                ""
            }
        )
    }
}
