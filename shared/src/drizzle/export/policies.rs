//! Row-level security in Drizzle: `pgPolicy(…)` in a table's extra config, `.enableRLS()` on
//! the table, and the snapshot's `policies` / `isRLSEnabled`, as drizzle-kit 0.31 writes them.
//! `FORCE ROW LEVEL SECURITY` has no Drizzle form, and drizzle-kit enables row-level security on
//! any table with policies: both are said in a `// joinery:` note rather than lost silently.

use crate::drizzle::json::J;
use crate::drizzle::names::{sql_template, ts_string};
use crate::model::{Policy, PolicyCommand, Table};

/// The `pgPolicy(…)` entries, the notes and the snapshot's `policies` of `table`.
pub(super) struct PolicyOut {
    pub extras: Vec<String>,
    pub notes: Vec<String>,
    pub snapshot: Vec<(String, J)>,
    pub uses_sql: bool,
    /// The `pgRole` consts the entries name (from `roles.schema.ts`).
    pub roles: Vec<String>,
}

/// The role names `pgPolicy`'s `to` takes as strings rather than `pgRole`s.
pub(super) fn is_role_keyword(role: &str) -> bool {
    matches!(
        role,
        "public" | "current_role" | "current_user" | "session_user"
    )
}

fn command(c: PolicyCommand) -> &'static str {
    match c {
        PolicyCommand::All => "all",
        PolicyCommand::Select => "select",
        PolicyCommand::Insert => "insert",
        PolicyCommand::Update => "update",
        PolicyCommand::Delete => "delete",
    }
}

fn roles(p: &Policy) -> Vec<String> {
    if p.roles.is_empty() {
        vec!["public".into()]
    } else {
        p.roles.clone()
    }
}

pub(super) fn policies(
    table: &Table,
    role_consts: &std::collections::BTreeMap<String, String>,
) -> PolicyOut {
    let mut out = PolicyOut {
        extras: Vec::new(),
        notes: Vec::new(),
        snapshot: Vec::new(),
        uses_sql: false,
        roles: Vec::new(),
    };
    if table.row_security.forced {
        out.notes.push(
            "FORCE ROW LEVEL SECURITY has no Drizzle form: run it by hand after the migration"
                .into(),
        );
    }
    if !table.policies.is_empty() && !table.row_security.enabled {
        out.notes.push(
            "drizzle-kit enables row-level security on a table with policies; the design has it off"
                .into(),
        );
    }
    for p in &table.policies {
        let mut fields = Vec::new();
        if p.restrictive {
            fields.push("as: \"restrictive\"".to_string());
        }
        if p.command != PolicyCommand::All {
            fields.push(format!("for: \"{}\"", command(p.command)));
        }
        if !p.roles.is_empty() {
            let list: Vec<String> = p
                .roles
                .iter()
                .map(|r| match role_consts.get(r) {
                    Some(c) => {
                        if !out.roles.contains(c) {
                            out.roles.push(c.clone());
                        }
                        c.clone()
                    }
                    None => ts_string(r),
                })
                .collect();
            fields.push(format!("to: [{}]", list.join(", ")));
        }
        if let Some(u) = &p.using {
            out.uses_sql = true;
            fields.push(format!("using: {}", sql_template(u)));
        }
        if let Some(c) = &p.with_check {
            out.uses_sql = true;
            fields.push(format!("withCheck: {}", sql_template(c)));
        }
        out.extras.push(if fields.is_empty() {
            format!("pgPolicy({})", ts_string(&p.name))
        } else {
            format!(
                "pgPolicy({}, {{ {} }})",
                ts_string(&p.name),
                fields.join(", ")
            )
        });
        let mut snap = vec![
            ("name", J::s(&p.name)),
            (
                "as",
                J::s(if p.restrictive {
                    "RESTRICTIVE"
                } else {
                    "PERMISSIVE"
                }),
            ),
            ("for", J::s(p.command.sql())),
            (
                "to",
                J::Arr({
                    let mut r = roles(p);
                    r.sort();
                    r.iter().map(J::s).collect()
                }),
            ),
        ];
        if let Some(u) = &p.using {
            snap.push(("using", J::s(u)));
        }
        if let Some(c) = &p.with_check {
            snap.push(("withCheck", J::s(c)));
        }
        out.snapshot.push((p.name.clone(), J::obj(snap)));
    }
    out
}
