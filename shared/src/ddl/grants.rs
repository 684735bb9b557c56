//! `GRANT` and `REVOKE` as DDL.

use super::policies::role_sql;
use crate::model::{Grant, Privilege};

/// `GRANT <privileges> ON <on> <target> TO <role> [WITH GRANT OPTION];` per role and option, and
/// for a routine (`default_public_execute`) without `EXECUTE` for `public` the `REVOKE` of that
/// default.
pub fn grant_statements(
    on: &str,
    target: &str,
    grants: &[Grant],
    default_public_execute: bool,
) -> Vec<String> {
    let mut out = Vec::new();
    let public_execute = |g: &Grant| g.role == "public" && g.privilege == Privilege::Execute;
    if default_public_execute && !grants.iter().any(public_execute) {
        out.push(format!("REVOKE EXECUTE ON {on} {target} FROM PUBLIC;"));
    }
    let mut groups: Vec<(&str, bool, Vec<&str>)> = Vec::new();
    for g in grants {
        if default_public_execute && public_execute(g) && !g.grantable {
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
