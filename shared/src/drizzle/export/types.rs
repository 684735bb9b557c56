//! Column types as drizzle builder calls (`varchar('email', { length: 255 })`) and as the
//! `getSQLType()` text drizzle-kit records. Separate because the type mapping is one large table
//! of its own, consumed by the column and default writers.

use super::{stem, Module, Prepared, CUSTOM_TYPES_FILE, ENUMS_FILE};
use crate::drizzle::names::ts_string;
use crate::model::ColumnType;

/// What kind of TypeScript value a column's `.default()` accepts.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Kind {
    /// A JS number (integers, floats, `bigint` in number mode).
    Number,
    /// A string holding a number (`numeric`).
    NumericString,
    /// Any string.
    String,
    /// One of these enum labels.
    EnumLabel(Vec<String>),
    /// A boolean.
    Boolean,
    /// A JSON value.
    Json,
    /// Only `sql` defaults are written (timestamps, arrays, ...).
    SqlOnly,
}

/// A column type as drizzle sees it.
pub(super) struct TypeOut {
    /// The builder call, e.g. `varchar('email', { length: 255 })` (with `.array()` suffixes).
    pub(super) call: String,
    /// `getSQLType()`.
    pub(super) sql_type: String,
    /// The enum's schema for enum (array) columns.
    pub(super) type_schema: Option<String>,
    pub(super) kind: Kind,
    /// Whether the builder is one of drizzle's integer builders (identity is allowed).
    pub(super) integer_kind: Option<&'static str>,
}

fn options_object(pairs: &[(&str, String)]) -> String {
    if pairs.is_empty() {
        String::new()
    } else {
        format!(
            ", {{ {} }}",
            pairs
                .iter()
                .map(|(k, v)| format!("{k}: {v}"))
                .collect::<Vec<_>>()
                .join(", ")
        )
    }
}

impl Prepared<'_> {
    pub(super) fn type_out(
        &self,
        m: &mut Module,
        file: &str,
        ty: &ColumnType,
        col: &str,
    ) -> TypeOut {
        let name = ts_string(col);
        let simple = |m: &mut Module, f: &'static str, sql: &str, kind: Kind| {
            m.pg_core.insert(f);
            TypeOut {
                call: format!("{f}({name})"),
                sql_type: sql.to_string(),
                type_schema: None,
                kind,
                integer_kind: None,
            }
        };
        match ty {
            ColumnType::SmallInt => TypeOut {
                integer_kind: Some("smallint"),
                ..simple(m, "smallint", "smallint", Kind::Number)
            },
            ColumnType::Integer => TypeOut {
                integer_kind: Some("integer"),
                ..simple(m, "integer", "integer", Kind::Number)
            },
            ColumnType::BigInt => {
                m.pg_core.insert("bigint");
                TypeOut {
                    call: format!("bigint({name}, {{ mode: 'number' }})"),
                    sql_type: "bigint".into(),
                    type_schema: None,
                    kind: Kind::Number,
                    integer_kind: Some("bigint"),
                }
            }
            ColumnType::SmallSerial => simple(m, "smallserial", "smallserial", Kind::SqlOnly),
            ColumnType::Serial => simple(m, "serial", "serial", Kind::SqlOnly),
            ColumnType::BigSerial => {
                m.pg_core.insert("bigserial");
                TypeOut {
                    call: format!("bigserial({name}, {{ mode: 'number' }})"),
                    sql_type: "bigserial".into(),
                    type_schema: None,
                    kind: Kind::SqlOnly,
                    integer_kind: None,
                }
            }
            ColumnType::Real => simple(m, "real", "real", Kind::Number),
            ColumnType::DoublePrecision => {
                simple(m, "doublePrecision", "double precision", Kind::Number)
            }
            ColumnType::Numeric { precision, scale } => {
                m.pg_core.insert("numeric");
                let (opts, sql) = match (precision, scale) {
                    (Some(p), Some(s)) => (
                        vec![("precision", p.to_string()), ("scale", s.to_string())],
                        format!("numeric({p}, {s})"),
                    ),
                    (Some(p), None) => {
                        (vec![("precision", p.to_string())], format!("numeric({p})"))
                    }
                    _ => (vec![], "numeric".to_string()),
                };
                TypeOut {
                    call: format!("numeric({name}{})", options_object(&opts)),
                    sql_type: sql,
                    type_schema: None,
                    kind: Kind::NumericString,
                    integer_kind: None,
                }
            }
            ColumnType::Text => simple(m, "text", "text", Kind::String),
            ColumnType::Varchar { length } | ColumnType::Char { length } => {
                let f = if matches!(ty, ColumnType::Varchar { .. }) {
                    "varchar"
                } else {
                    "char"
                };
                m.pg_core.insert(f);
                let (opts, sql) = match length {
                    Some(n) => (vec![("length", n.to_string())], format!("{f}({n})")),
                    None => (vec![], f.to_string()),
                };
                TypeOut {
                    call: format!("{f}({name}{})", options_object(&opts)),
                    sql_type: sql,
                    type_schema: None,
                    kind: Kind::String,
                    integer_kind: None,
                }
            }
            ColumnType::Uuid => simple(m, "uuid", "uuid", Kind::String),
            ColumnType::Boolean => simple(m, "boolean", "boolean", Kind::Boolean),
            ColumnType::Date => simple(m, "date", "date", Kind::String),
            ColumnType::Time {
                precision,
                with_time_zone,
            }
            | ColumnType::Timestamp {
                precision,
                with_time_zone,
            } => {
                let is_ts = matches!(ty, ColumnType::Timestamp { .. });
                let f = if is_ts { "timestamp" } else { "time" };
                m.pg_core.insert(f);
                let mut opts = Vec::new();
                if let Some(p) = precision {
                    opts.push(("precision", p.to_string()));
                }
                if *with_time_zone {
                    opts.push(("withTimezone", "true".to_string()));
                }
                // drizzle's timestamp (Date mode) puts a space before the precision; time does not.
                let p = match (precision, is_ts) {
                    (Some(p), true) => format!(" ({p})"),
                    (Some(p), false) => format!("({p})"),
                    (None, _) => String::new(),
                };
                TypeOut {
                    call: format!("{f}({name}{})", options_object(&opts)),
                    sql_type: format!(
                        "{f}{p}{}",
                        if *with_time_zone {
                            " with time zone"
                        } else {
                            ""
                        }
                    ),
                    type_schema: None,
                    kind: if is_ts { Kind::SqlOnly } else { Kind::String },
                    integer_kind: None,
                }
            }
            ColumnType::Interval => simple(m, "interval", "interval", Kind::String),
            ColumnType::Json => simple(m, "json", "json", Kind::Json),
            ColumnType::Jsonb => simple(m, "jsonb", "jsonb", Kind::Json),
            ColumnType::Inet => simple(m, "inet", "inet", Kind::String),
            ColumnType::Cidr => simple(m, "cidr", "cidr", Kind::String),
            ColumnType::Bytea => self.custom_out(m, file, "bytea", &name, Kind::SqlOnly),
            ColumnType::Custom { name: type_name } => {
                self.custom_out(m, file, type_name.trim(), &name, Kind::String)
            }
            ColumnType::Enum { id } => {
                match (self.schema.enum_type(id), self.enum_consts.get(id)) {
                    (Some(e), Some(c)) => {
                        m.locals
                            .entry(stem(ENUMS_FILE))
                            .or_default()
                            .insert(c.clone());
                        TypeOut {
                            call: format!("{c}({name})"),
                            sql_type: e.name.clone(),
                            type_schema: Some(e.schema.clone()),
                            kind: Kind::EnumLabel(
                                e.values.iter().map(|v| v.name.clone()).collect(),
                            ),
                            integer_kind: None,
                        }
                    }
                    _ => self.custom_out(m, file, id.as_str(), &name, Kind::String),
                }
            }
            ColumnType::Array { element } => {
                let inner = self.type_out(m, file, element, col);
                TypeOut {
                    call: format!("{}.array()", inner.call),
                    sql_type: format!("{}[]", inner.sql_type),
                    type_schema: inner.type_schema,
                    kind: Kind::SqlOnly,
                    integer_kind: None,
                }
            }
        }
    }

    fn custom_out(
        &self,
        m: &mut Module,
        _file: &str,
        type_name: &str,
        name: &str,
        kind: Kind,
    ) -> TypeOut {
        let c = self
            .custom_consts
            .get(type_name)
            .cloned()
            .unwrap_or_else(|| "unknownType".to_string());
        m.locals
            .entry(stem(CUSTOM_TYPES_FILE))
            .or_default()
            .insert(c.clone());
        TypeOut {
            call: format!("{c}({name})"),
            sql_type: type_name.to_string(),
            type_schema: None,
            kind,
            integer_kind: None,
        }
    }
}
