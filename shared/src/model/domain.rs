//! Domains and composite types.
//!
//! Domains (`CREATE DOMAIN`): a base type with a default, `NOT NULL` and CHECK constraints that
//! every column of the domain's type shares. Columns name a domain as their type
//! ([`super::ColumnType::Custom`] with the domain's name), as PostgreSQL spells it.

use serde::{Deserialize, Serialize};

use super::{default_schema, ColumnType, Id};

/// A domain.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Domain {
    /// Stable identity.
    pub id: Id,
    /// The namespace name (`public` unless stated).
    #[serde(default = "default_schema")]
    pub schema: String,
    /// The type name.
    pub name: String,
    /// The base type (with its modifiers: `varchar(10)` stays `varchar(10)`).
    pub base: ColumnType,
    /// `NOT NULL`: every column of the domain refuses NULL.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub not_null: bool,
    /// `DEFAULT …`, SQL text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
    /// `COLLATE …`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collation: Option<String>,
    /// CHECK constraints over `VALUE`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub checks: Vec<DomainCheck>,
    /// `COMMENT ON DOMAIN`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

/// A CHECK constraint of a domain.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DomainCheck {
    /// Stable identity.
    pub id: Id,
    /// The constraint name (PostgreSQL names an unnamed one `<domain>_check`).
    pub name: String,
    /// The boolean expression over `VALUE`, without `CHECK (…)`.
    pub expression: String,
    /// `NOT VALID`: existing values were never checked.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub not_valid: bool,
}

impl Domain {
    /// A domain's derived id.
    pub fn derive_id(schema: &str, name: &str) -> Id {
        Id::derived("domain", &[schema, name])
    }

    /// A domain check's derived id.
    pub fn derive_check_id(schema: &str, domain: &str, name: &str) -> Id {
        Id::derived("domain_check", &[schema, domain, name])
    }
}

/// A composite type (`CREATE TYPE name AS (attr type, …)`): a row shape for functions and
/// columns.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CompositeType {
    /// Stable identity.
    pub id: Id,
    /// The namespace name (`public` unless stated).
    #[serde(default = "default_schema")]
    pub schema: String,
    /// The type name.
    pub name: String,
    /// Attributes in order.
    pub attributes: Vec<CompositeAttribute>,
    /// `COMMENT ON TYPE`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

/// One attribute of a composite type.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CompositeAttribute {
    /// The name.
    pub name: String,
    /// The type.
    #[serde(rename = "type")]
    pub ty: ColumnType,
    /// `COLLATE …`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collation: Option<String>,
}

impl CompositeType {
    /// A composite type's derived id.
    pub fn derive_id(schema: &str, name: &str) -> Id {
        Id::derived("composite", &[schema, name])
    }
}
