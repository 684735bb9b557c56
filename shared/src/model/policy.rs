//! Row-level security: whether a table enforces it, and its policies.
//!
//! A policy decides which rows a role may read or write; enabling or dropping one changes who can
//! see data, so the planner marks every such statement (see `plan`'s authorization hazard).

use serde::{Deserialize, Serialize};

use super::Id;

/// Row-level security of a table (`ALTER TABLE … ENABLE / FORCE ROW LEVEL SECURITY`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct RowSecurity {
    /// Enabled: policies apply to everyone but the table's owner (and superusers).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub enabled: bool,
    /// Forced: policies apply to the table's owner too.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub forced: bool,
}

impl RowSecurity {
    /// Neither enabled nor forced (the default, not serialized).
    pub fn is_default(&self) -> bool {
        *self == RowSecurity::default()
    }
}

/// The command a policy applies to (`FOR …`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PolicyCommand {
    /// `ALL` (the default).
    #[default]
    All,
    /// `SELECT`.
    Select,
    /// `INSERT`.
    Insert,
    /// `UPDATE`.
    Update,
    /// `DELETE`.
    Delete,
}

crate::unit_enum::unit_enum!(PolicyCommand {
    All = "all",
    Select = "select",
    Insert = "insert",
    Update = "update",
    Delete = "delete",
});

impl PolicyCommand {
    /// The keyword.
    pub fn sql(&self) -> &'static str {
        match self {
            PolicyCommand::All => "ALL",
            PolicyCommand::Select => "SELECT",
            PolicyCommand::Insert => "INSERT",
            PolicyCommand::Update => "UPDATE",
            PolicyCommand::Delete => "DELETE",
        }
    }

    /// Whether a `USING` expression is allowed (not for `INSERT`).
    pub fn allows_using(&self) -> bool {
        *self != PolicyCommand::Insert
    }

    /// Whether a `WITH CHECK` expression is allowed (not for `SELECT` or `DELETE`).
    pub fn allows_with_check(&self) -> bool {
        !matches!(self, PolicyCommand::Select | PolicyCommand::Delete)
    }
}

/// A row-level security policy of a table (`CREATE POLICY`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Policy {
    /// Stable identity.
    pub id: Id,
    /// The name, unique per table.
    pub name: String,
    /// `AS RESTRICTIVE` (rows must pass every restrictive policy) rather than permissive (rows
    /// pass any one permissive policy).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub restrictive: bool,
    /// `FOR …`.
    #[serde(default, skip_serializing_if = "is_all")]
    pub command: PolicyCommand,
    /// `TO …`: role names; empty means `PUBLIC` (every role). Roles live outside the design.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<String>,
    /// `USING (…)`: which existing rows are visible (or may be updated or deleted).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub using: Option<String>,
    /// `WITH CHECK (…)`: which new rows may be written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub with_check: Option<String>,
}

fn is_all(c: &PolicyCommand) -> bool {
    *c == PolicyCommand::All
}
