//! Column data types.

use serde::{Deserialize, Serialize};

use super::Id;

/// A column's data type.
///
/// The common PostgreSQL types are modelled so the designer can offer them, validation can check
/// defaults and the Drizzle exporter can map them; anything else the user names is kept verbatim in
/// [`ColumnType::Custom`] rather than rejected.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", try_from = "ColumnTypeRepr")]
pub enum ColumnType {
    /// `smallint` (int2).
    SmallInt,
    /// `integer` (int4).
    Integer,
    /// `bigint` (int8).
    BigInt,
    /// `smallserial`.
    SmallSerial,
    /// `serial`.
    Serial,
    /// `bigserial`.
    BigSerial,
    /// `real` (float4).
    Real,
    /// `double precision` (float8).
    DoublePrecision,
    /// `numeric(p, s)`.
    Numeric {
        /// Total digits.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        precision: Option<u32>,
        /// Digits after the point.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        scale: Option<u32>,
    },
    /// `text`.
    Text,
    /// `varchar(n)`.
    Varchar {
        /// Maximum length.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        length: Option<u32>,
    },
    /// `char(n)`.
    Char {
        /// Fixed length.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        length: Option<u32>,
    },
    /// `uuid`.
    Uuid,
    /// `boolean`.
    Boolean,
    /// `date`.
    Date,
    /// `time(p) [with time zone]`.
    Time {
        /// Fractional-second digits.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        precision: Option<u32>,
        /// `with time zone`.
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        with_time_zone: bool,
    },
    /// `timestamp(p) [with time zone]`.
    Timestamp {
        /// Fractional-second digits.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        precision: Option<u32>,
        /// `with time zone` (timestamptz).
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        with_time_zone: bool,
    },
    /// `interval`.
    Interval,
    /// `json`.
    Json,
    /// `jsonb`.
    Jsonb,
    /// `bytea`.
    Bytea,
    /// `inet`.
    Inet,
    /// `cidr`.
    Cidr,
    /// A user enum, by the enum's id.
    Enum {
        /// The [`crate::model::Enum`]'s id.
        id: Id,
    },
    /// An array of another type (`text[]`); nested arrays are multi-dimensional.
    Array {
        /// The element type.
        element: Box<ColumnType>,
    },
    /// Any other type, kept verbatim as the user wrote it (`citext`, `geometry(Point,4326)`).
    Custom {
        /// The type as SQL text.
        name: String,
    },
}

/// A [`ColumnType`] as read: every variant's fields side by side, whatever the kind. The derived
/// reader of an internally tagged enum buffers each value (serde's `Content`) before it knows the
/// variant, and that code is large in the designer's wasm; no two variants give a field different
/// types, so one flat struct reads them all (in any key order) and [`TryFrom`] picks the variant.
/// Written with the derived serializer, so the JSON is `{"kind": "varchar", "length": 40}` both
/// ways.
#[derive(Deserialize)]
struct ColumnTypeRepr {
    kind: String,
    #[serde(default)]
    precision: Option<u32>,
    #[serde(default)]
    scale: Option<u32>,
    #[serde(default)]
    length: Option<u32>,
    #[serde(default)]
    with_time_zone: bool,
    #[serde(default)]
    id: Option<Id>,
    #[serde(default)]
    element: Option<Box<ColumnType>>,
    #[serde(default)]
    name: Option<String>,
}

impl TryFrom<ColumnTypeRepr> for ColumnType {
    type Error = String;

    fn try_from(r: ColumnTypeRepr) -> Result<Self, String> {
        use ColumnType::*;
        let missing = |field: &str| format!("missing field `{field}`");
        Ok(match r.kind.as_str() {
            "small_int" => SmallInt,
            "integer" => Integer,
            "big_int" => BigInt,
            "small_serial" => SmallSerial,
            "serial" => Serial,
            "big_serial" => BigSerial,
            "real" => Real,
            "double_precision" => DoublePrecision,
            "numeric" => Numeric {
                precision: r.precision,
                scale: r.scale,
            },
            "text" => Text,
            "varchar" => Varchar { length: r.length },
            "char" => Char { length: r.length },
            "uuid" => Uuid,
            "boolean" => Boolean,
            "date" => Date,
            "time" => Time {
                precision: r.precision,
                with_time_zone: r.with_time_zone,
            },
            "timestamp" => Timestamp {
                precision: r.precision,
                with_time_zone: r.with_time_zone,
            },
            "interval" => Interval,
            "json" => Json,
            "jsonb" => Jsonb,
            "bytea" => Bytea,
            "inet" => Inet,
            "cidr" => Cidr,
            "enum" => Enum {
                id: r.id.ok_or_else(|| missing("id"))?,
            },
            "array" => Array {
                element: r.element.ok_or_else(|| missing("element"))?,
            },
            "custom" => Custom {
                name: r.name.ok_or_else(|| missing("name"))?,
            },
            other => return Err(format!("unknown column type kind `{other}`")),
        })
    }
}
