//! Privileges granted on schemas, tables, sequences and routines to the roles a design names (roles
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
    /// `CREATE` (schemas).
    Create,
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
    Create = "create",
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
            Privilege::Create => "CREATE",
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
            "CREATE" => Privilege::Create,
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
    /// What `ALL PRIVILEGES` means on a schema.
    pub const SCHEMA_ALL: [Privilege; 2] = [Privilege::Usage, Privilege::Create];
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

/// The kind of future object a default privilege applies to (`ON TABLES`, …).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DefaultObjects {
    /// `TABLES` (views and materialized views included, in PostgreSQL).
    Tables,
    /// `SEQUENCES`.
    Sequences,
    /// `FUNCTIONS` (and procedures, aggregates).
    Functions,
    /// `TYPES` (and domains).
    Types,
    /// `SCHEMAS`.
    Schemas,
}

crate::unit_enum::unit_enum!(DefaultObjects {
    Tables = "tables",
    Sequences = "sequences",
    Functions = "functions",
    Types = "types",
    Schemas = "schemas",
});

impl DefaultObjects {
    /// The keyword.
    pub fn sql(&self) -> &'static str {
        match self {
            DefaultObjects::Tables => "TABLES",
            DefaultObjects::Sequences => "SEQUENCES",
            DefaultObjects::Functions => "FUNCTIONS",
            DefaultObjects::Types => "TYPES",
            DefaultObjects::Schemas => "SCHEMAS",
        }
    }

    /// Reads the keyword after `ON` (`ROUTINES` is `FUNCTIONS`).
    pub fn parse(word: &str) -> Option<DefaultObjects> {
        Some(match word.to_ascii_uppercase().as_str() {
            "TABLES" => DefaultObjects::Tables,
            "SEQUENCES" => DefaultObjects::Sequences,
            "FUNCTIONS" | "ROUTINES" => DefaultObjects::Functions,
            "TYPES" => DefaultObjects::Types,
            "SCHEMAS" => DefaultObjects::Schemas,
            _ => return None,
        })
    }

    /// What `ALL PRIVILEGES` means on these objects.
    pub fn all(&self) -> &'static [Privilege] {
        match self {
            DefaultObjects::Tables => &Privilege::TABLE_ALL,
            DefaultObjects::Sequences => &Privilege::SEQUENCE_ALL,
            DefaultObjects::Functions => &[Privilege::Execute],
            DefaultObjects::Types => &[Privilege::Usage],
            DefaultObjects::Schemas => &Privilege::SCHEMA_ALL,
        }
    }

    /// What PostgreSQL grants on a new such object by itself, besides its owner's rights:
    /// `EXECUTE` on routines and `USAGE` on types to `public`.
    pub fn builtin(&self) -> Option<Privilege> {
        match self {
            DefaultObjects::Functions => Some(Privilege::Execute),
            DefaultObjects::Types => Some(Privilege::Usage),
            _ => None,
        }
    }
}

/// One entry of `ALTER DEFAULT PRIVILEGES`: a privilege granted on the objects a role will
/// create (in a schema, or anywhere), or, `revoked`, one of PostgreSQL's built-in defaults
/// (`EXECUTE` on functions, `USAGE` on types, for `public`) taken away. Objects that already
/// exist are not affected; the importer applies the entries without `FOR ROLE` to the objects a
/// file creates after them, as PostgreSQL does for the role running it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct DefaultPrivilege {
    /// `FOR ROLE`: whose future objects; `None` for the role that runs the migrations.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub for_role: Option<String>,
    /// `IN SCHEMA`; `None` for every schema.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// The kind of object.
    pub on: DefaultObjects,
    /// The grantee, privilege and grant option.
    pub grant: Grant,
    /// A built-in default revoked, rather than a privilege granted.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub revoked: bool,
}

impl DefaultPrivilege {
    /// `[FOR ROLE r] [IN SCHEMA s]`, with a leading space when not empty.
    pub fn scope_sql(&self) -> String {
        let mut s = String::new();
        if let Some(r) = &self.for_role {
            s.push_str(" FOR ROLE ");
            s.push_str(&crate::naming::quote_ident(r));
        }
        if let Some(n) = &self.schema {
            s.push_str(" IN SCHEMA ");
            s.push_str(&crate::naming::quote_ident(n));
        }
        s
    }

    /// Sorted, without repeats; a grant of a built-in default (everywhere) is no entry.
    pub fn canonical(list: &mut Vec<DefaultPrivilege>) {
        list.retain(|d| {
            d.revoked
                || d.schema.is_some()
                || d.grant.grantable
                || !(d.grant.role == "public" && d.on.builtin() == Some(d.grant.privilege))
        });
        list.sort();
        list.dedup();
    }
}
