//! Standalone sequences (`CREATE SEQUENCE`).

use serde::{Deserialize, Serialize};

use super::{default_schema, ColumnType, Id, IdentityOptions};

/// A standalone sequence: one not behind a `serial` or identity column (those are modelled on
/// the column), e.g. an invoice-number counter shared by several tables.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sequence {
    /// Stable identity.
    pub id: Id,
    /// The namespace name (`public` unless stated).
    #[serde(default = "default_schema")]
    pub schema: String,
    /// The sequence name.
    pub name: String,
    /// `AS smallint | integer | bigint` (PostgreSQL's default is `bigint`).
    #[serde(default, skip_serializing_if = "SequenceType::is_bigint")]
    pub data_type: SequenceType,
    /// `START WITH`, `INCREMENT BY`, bounds, `CACHE`, `CYCLE`: only the values that differ from
    /// the defaults for `data_type` (see [`IdentityOptions::canonical`]).
    #[serde(default, skip_serializing_if = "IdentityOptions::is_default")]
    pub options: IdentityOptions,
    /// `OWNED BY table.column`: dropped with the column.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owned_by: Option<SequenceOwner>,
    /// `COMMENT ON SEQUENCE`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// Privileges granted on it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub grants: Vec<super::Grant>,
}

/// The column a sequence is `OWNED BY`, by ids.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct SequenceOwner {
    /// The table's id.
    pub table: Id,
    /// The column's id.
    pub column: Id,
}

/// The integer type of a sequence's values.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SequenceType {
    /// `smallint`.
    SmallInt,
    /// `integer`.
    Integer,
    /// `bigint` (the default).
    #[default]
    BigInt,
}

crate::unit_enum::unit_enum!(SequenceType {
    SmallInt = "small_int",
    Integer = "integer",
    BigInt = "big_int",
});

impl SequenceType {
    /// True for the default, so it is left out of JSON.
    pub fn is_bigint(&self) -> bool {
        *self == SequenceType::BigInt
    }

    /// The type name as written after `AS`.
    pub fn sql(&self) -> &'static str {
        match self {
            SequenceType::SmallInt => "smallint",
            SequenceType::Integer => "integer",
            SequenceType::BigInt => "bigint",
        }
    }

    /// The column type with the same range (option defaults depend on it).
    pub fn column_type(&self) -> ColumnType {
        match self {
            SequenceType::SmallInt => ColumnType::SmallInt,
            SequenceType::Integer => ColumnType::Integer,
            SequenceType::BigInt => ColumnType::BigInt,
        }
    }

    /// Reads `smallint`, `int2`, `integer`, `int`, `int4`, `bigint`, `int8` (any case).
    pub fn parse(text: &str) -> Option<SequenceType> {
        match text.trim().to_ascii_lowercase().as_str() {
            "smallint" | "int2" => Some(SequenceType::SmallInt),
            "integer" | "int" | "int4" => Some(SequenceType::Integer),
            "bigint" | "int8" => Some(SequenceType::BigInt),
            _ => None,
        }
    }
}

impl Sequence {
    /// A sequence with default options in `schema`, named `name`, with a derived id.
    pub fn new(schema: &str, name: &str) -> Sequence {
        Sequence {
            id: Id::for_sequence(schema, name),
            schema: schema.to_string(),
            name: name.to_string(),
            data_type: SequenceType::BigInt,
            options: IdentityOptions::default(),
            owned_by: None,
            comment: None,
            grants: Vec::new(),
        }
    }

    /// The options with only non-default values kept, for this sequence's type.
    pub fn canonical_options(&self) -> IdentityOptions {
        self.options.canonical(&self.data_type.column_type())
    }

    /// The option clauses as written after `CREATE SEQUENCE name` / `ALTER SEQUENCE name`,
    /// without parentheses: ` START WITH 100 INCREMENT BY 10`, or empty.
    pub fn options_sql(&self) -> String {
        let s = self.options.sql();
        match s.strip_prefix(" (").and_then(|s| s.strip_suffix(')')) {
            Some(inner) => format!(" {inner}"),
            None => String::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn old_documents_and_defaults() {
        let s: Sequence = serde_json::from_str(r#"{"id":"sq_1","name":"n"}"#).unwrap();
        assert_eq!(s.schema, "public");
        assert_eq!(s.data_type, SequenceType::BigInt);
        assert_eq!(
            serde_json::to_string(&s).unwrap(),
            r#"{"id":"sq_1","schema":"public","name":"n"}"#
        );
        let mut t = Sequence::new("public", "n");
        t.options.start = Some(100);
        t.options.cycle = true;
        assert_eq!(t.options_sql(), " START WITH 100 CYCLE");
        assert_eq!(SequenceType::parse("INT4"), Some(SequenceType::Integer));
    }
}
