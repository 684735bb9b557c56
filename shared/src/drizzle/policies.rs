//! Row-level security read from a drizzle-kit snapshot: a table's `policies` (what `pgPolicy`
//! in the table's extra config writes) and `isRLSEnabled` (`.enableRLS()`).
//!
//! drizzle-kit switches row-level security on for any table with a policy, so such a table is
//! read as enabled whatever `isRLSEnabled` says. Roles are names: Joinery keeps the roles a
//! design names, not the roles themselves (`pgRole` declarations stay outside the design).

use super::json::J;
use crate::model::{Id, Policy, PolicyCommand, Table};

/// Adds the snapshot table `t`'s policies and row-level security switch to `table`; a policy
/// it cannot read is left out with a warning naming its JSON path.
pub(super) fn read_policies(t: &J, at: &str, table: &mut Table, warnings: &mut Vec<String>) {
    let entries = t.get("policies").and_then(J::entries).unwrap_or(&[]);
    for (key, p) in entries {
        let pat = format!("{at}.policies.{key}");
        match policy(p, &table.schema, &table.name, key) {
            Ok(policy) => table.policies.push(policy),
            Err(why) => warnings.push(format!("{pat}: {why}; left out")),
        }
    }
    let enabled = t.get("isRLSEnabled").and_then(J::as_bool).unwrap_or(false);
    table.row_security.enabled = enabled || !table.policies.is_empty();
}

fn policy(p: &J, schema: &str, table: &str, key: &str) -> Result<Policy, String> {
    let text = |k: &str| p.get(k).and_then(J::as_str);
    let name = text("name").unwrap_or(key).to_string();
    if name.is_empty() {
        return Err("the policy has no name".into());
    }
    let restrictive = match text("as").map(str::to_ascii_uppercase).as_deref() {
        None | Some("PERMISSIVE") => false,
        Some("RESTRICTIVE") => true,
        Some(other) => return Err(format!("`as` is {other:?}, not PERMISSIVE or RESTRICTIVE")),
    };
    let command = match text("for").map(str::to_ascii_uppercase).as_deref() {
        None | Some("ALL") => PolicyCommand::All,
        Some("SELECT") => PolicyCommand::Select,
        Some("INSERT") => PolicyCommand::Insert,
        Some("UPDATE") => PolicyCommand::Update,
        Some("DELETE") => PolicyCommand::Delete,
        Some(other) => return Err(format!("`for` is {other:?}, not a command")),
    };
    let mut roles = Vec::new();
    if let Some(items) = p.get("to").and_then(J::items) {
        for r in items {
            let Some(r) = r.as_str() else {
                return Err("`to` holds a non-string".into());
            };
            roles.push(r.to_string());
        }
    }
    // drizzle-kit writes PUBLIC for a policy without roles, which the model leaves out; PUBLIC
    // among other roles still means every role.
    if roles.iter().any(|r| r.eq_ignore_ascii_case("public")) {
        roles.clear();
    }
    roles.sort();
    roles.dedup();
    let expr = |k: &str| {
        text(k)
            .map(str::trim)
            .filter(|e| !e.is_empty())
            .map(str::to_string)
    };
    let using = expr("using");
    let with_check = expr("withCheck");
    if using.is_some() && !command.allows_using() {
        return Err(format!("a {} policy takes no `using`", command.sql()));
    }
    if with_check.is_some() && !command.allows_with_check() {
        return Err(format!("a {} policy takes no `withCheck`", command.sql()));
    }
    Ok(Policy {
        id: Id::for_policy(schema, table, &name),
        name,
        restrictive,
        command,
        roles,
        using,
        with_check,
    })
}
