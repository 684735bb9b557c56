//! Column data types.

use serde::{Deserialize, Serialize};

use super::Id;

/// A column's data type.
///
/// The common PostgreSQL types are modelled so the designer can offer them, validation can check
/// defaults and the Drizzle exporter can map them; anything else the user names is kept verbatim in
/// [`ColumnType::Custom`] rather than rejected.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
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
