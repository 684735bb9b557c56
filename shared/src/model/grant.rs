//! Privileges granted on tables, sequences and routines to the roles a design names (roles
//! themselves stay outside the design). A grant changes who can read or write, so every plan
//! statement that grants or revokes carries the authorization hazard.
//!
//! The list is the object's access list without its owner's own entries, one privilege per
//! entry, as PostgreSQL's `aclexplode` gives it; a routine's default `EXECUTE` for `PUBLIC` is in
//! it (PostgreSQL grants it on creation), so a design that revokes it simply leaves it out.

use serde::{Deserialize, Serialize};

/// One privilege.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Privilege {
    /// `SELECT`.
    Select,
    /// `INSERT`.
    Insert,
    /// `UPDATE`.
    Update,
    /// `DELETE`.
    Delete,
    /// `TRUNCATE`.
    Truncate,
    /// `REFERENCES`.
    References,
    /// `TRIGGER`.
    Trigger,
    /// `USAGE` (sequences).
    Usage,
    /// `EXECUTE` (routines).
    Execute,
}

crate::unit_enum::unit_enum!(Privilege {
    Select = "select",
    Insert = "insert",
    Update = "update",
    Delete = "delete",
    Truncate = "truncate",
    References = "references",
    Trigger = "trigger",
    Usage = "usage",
    Execute = "execute",
});

impl Privilege {
    /// The keyword.
    pub fn sql(&self) -> &'static str {
        match self {
            Privilege::Select => "SELECT",
            Privilege::Insert => "INSERT",
            Privilege::Update => "UPDATE",
            Privilege::Delete => "DELETE",
            Privilege::Truncate => "TRUNCATE",
            Privilege::References => "REFERENCES",
            Privilege::Trigger => "TRIGGER",
            Privilege::Usage => "USAGE",
            Privilege::Execute => "EXECUTE",
        }
    }

    /// Reads a keyword (any case).
    pub fn parse(word: &str) -> Option<Privilege> {
        Some(match word.to_ascii_uppercase().as_str() {
            "SELECT" => Privilege::Select,
            "INSERT" => Privilege::Insert,
            "UPDATE" => Privilege::Update,
            "DELETE" => Privilege::Delete,
            "TRUNCATE" => Privilege::Truncate,
            "REFERENCES" => Privilege::References,
            "TRIGGER" => Privilege::Trigger,
            "USAGE" => Privilege::Usage,
            "EXECUTE" => Privilege::Execute,
            _ => return None,
        })
    }

    /// What `ALL PRIVILEGES` means on a table.
    pub const TABLE_ALL: [Privilege; 7] = [
        Privilege::Select,
        Privilege::Insert,
        Privilege::Update,
        Privilege::Delete,
        Privilege::Truncate,
        Privilege::References,
        Privilege::Trigger,
    ];
    /// What `ALL PRIVILEGES` means on a sequence.
    pub const SEQUENCE_ALL: [Privilege; 3] =
        [Privilege::Usage, Privilege::Select, Privilege::Update];
}

/// One privilege of one role.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Grant {
    /// The role; `public` for every role.
    pub role: String,
    /// The privilege.
    pub privilege: Privilege,
    /// `WITH GRANT OPTION`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub grantable: bool,
}

impl Grant {
    /// Sorted, without repeats (a grantable entry wins over a plain one).
    pub fn canonical(grants: &mut Vec<Grant>) {
        grants.sort();
        grants.dedup_by(|later, earlier| {
            if later.role == earlier.role && later.privilege == earlier.privilege {
                earlier.grantable |= later.grantable;
                true
            } else {
                false
            }
        });
    }
}
