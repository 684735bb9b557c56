//! Row-level security as DDL: `ALTER TABLE … ENABLE / FORCE ROW LEVEL SECURITY` and
//! `CREATE POLICY`.

use super::table_name_sql;
use crate::model::{Policy, Table};
use crate::naming::quote_ident;

/// Role names PostgreSQL reads as keywords in `TO …`, written bare.
const ROLE_KEYWORDS: [&str; 4] = ["current_user", "session_user", "current_role", "public"];

/// A role of a policy's `TO` list, as SQL.
pub fn role_sql(role: &str) -> String {
    if ROLE_KEYWORDS.contains(&role.to_ascii_lowercase().as_str()) {
        role.to_ascii_uppercase()
    } else {
        quote_ident(role).into_owned()
    }
}

/// `ALTER TABLE t ENABLE|DISABLE ROW LEVEL SECURITY;`
pub fn enable_row_security_sql(table: &Table, enabled: bool) -> String {
    format!(
        "ALTER TABLE {} {} ROW LEVEL SECURITY;",
        table_name_sql(table),
        if enabled { "ENABLE" } else { "DISABLE" }
    )
}

/// `ALTER TABLE t [NO] FORCE ROW LEVEL SECURITY;`
pub fn force_row_security_sql(table: &Table, forced: bool) -> String {
    format!(
        "ALTER TABLE {} {}FORCE ROW LEVEL SECURITY;",
        table_name_sql(table),
        if forced { "" } else { "NO " }
    )
}

/// `CREATE POLICY name ON table [AS RESTRICTIVE] [FOR cmd] [TO roles] [USING (…)]
/// [WITH CHECK (…)];`
pub fn create_policy_sql(table: &Table, p: &Policy) -> String {
    let mut sql = format!(
        "CREATE POLICY {} ON {}",
        quote_ident(&p.name),
        table_name_sql(table)
    );
    if p.restrictive {
        sql.push_str(" AS RESTRICTIVE");
    }
    if p.command != crate::model::PolicyCommand::All {
        sql.push_str(" FOR ");
        sql.push_str(p.command.sql());
    }
    if !p.roles.is_empty() {
        let roles: Vec<String> = p.roles.iter().map(|r| role_sql(r)).collect();
        sql.push_str(" TO ");
        sql.push_str(&roles.join(", "));
    }
    push_clauses(&mut sql, p);
    sql.push(';');
    sql
}

/// `ALTER POLICY name ON table TO roles [USING (…)] [WITH CHECK (…)];`: what `ALTER POLICY` can
/// change in place (roles and expressions; the command and permissiveness cannot change).
pub fn alter_policy_sql(table: &Table, p: &Policy) -> String {
    let roles: Vec<String> = if p.roles.is_empty() {
        vec!["PUBLIC".into()]
    } else {
        p.roles.iter().map(|r| role_sql(r)).collect()
    };
    let mut sql = format!(
        "ALTER POLICY {} ON {} TO {}",
        quote_ident(&p.name),
        table_name_sql(table),
        roles.join(", ")
    );
    push_clauses(&mut sql, p);
    sql.push(';');
    sql
}

fn push_clauses(sql: &mut String, p: &Policy) {
    if let Some(u) = &p.using {
        sql.push_str(&format!(" USING ({u})"));
    }
    if let Some(c) = &p.with_check {
        sql.push_str(&format!(" WITH CHECK ({c})"));
    }
}

/// Everything row-level security of a new table needs: enable, force, its policies.
pub fn row_security_statements(table: &Table) -> Vec<String> {
    let mut out = Vec::new();
    if table.row_security.enabled {
        out.push(enable_row_security_sql(table, true));
    }
    if table.row_security.forced {
        out.push(force_row_security_sql(table, true));
    }
    out.extend(table.policies.iter().map(|p| create_policy_sql(table, p)));
    out
}
