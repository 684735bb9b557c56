//! Which built-in type changes PostgreSQL can convert with a cast (`USING col::new_type`).
//!
//! `ALTER COLUMN ... TYPE t USING col::t` fails at once, whatever the data, when there is no
//! cast from the old type to the new one (`bigint` → `timestamp`, `uuid` → `integer`). The
//! planner must not emit such a statement, so it needs to know, without a database, which pairs
//! have a cast. The table below is PostgreSQL's `pg_cast` restricted to the types the model
//! names (as of PostgreSQL 15; it has not changed for these types since 11), plus the automatic
//! I/O conversion casts every type has to and from the string types (`text`, `varchar`, `char`).
//! Arrays convert element by element when their elements do. Types the model does not know
//! ([`ColumnType::Custom`]: extension and other user types) are `None`: the planner cannot tell.

use crate::model::ColumnType;

/// PostgreSQL's internal name of a modelled scalar type (`int4` for `integer`, serials included).
fn pg_name(ty: &ColumnType) -> Option<&'static str> {
    use ColumnType as T;
    Some(match ty {
        T::SmallInt | T::SmallSerial => "int2",
        T::Integer | T::Serial => "int4",
        T::BigInt | T::BigSerial => "int8",
        T::Real => "float4",
        T::DoublePrecision => "float8",
        T::Numeric { .. } => "numeric",
        T::Text => "text",
        T::Varchar { .. } => "varchar",
        T::Char { .. } => "bpchar",
        T::Uuid => "uuid",
        T::Boolean => "bool",
        T::Date => "date",
        T::Time {
            with_time_zone: false,
            ..
        } => "time",
        T::Time {
            with_time_zone: true,
            ..
        } => "timetz",
        T::Timestamp {
            with_time_zone: false,
            ..
        } => "timestamp",
        T::Timestamp {
            with_time_zone: true,
            ..
        } => "timestamptz",
        T::Interval => "interval",
        T::Json => "json",
        T::Jsonb => "jsonb",
        T::Bytea => "bytea",
        T::Inet => "inet",
        T::Cidr => "cidr",
        T::Enum { .. } => "enum",
        T::Array { .. } | T::Custom { .. } => return None,
    })
}

/// `pg_cast` between different modelled types (source → targets), string types aside (see
/// [`castable`]).
const CASTS: &[(&str, &[&str])] = &[
    ("bool", &["int4"]),
    ("cidr", &["inet"]),
    ("date", &["timestamp", "timestamptz"]),
    ("float4", &["float8", "int2", "int4", "int8", "numeric"]),
    ("float8", &["float4", "int2", "int4", "int8", "numeric"]),
    ("inet", &["cidr"]),
    ("int2", &["float4", "float8", "int4", "int8", "numeric"]),
    (
        "int4",
        &["bool", "float4", "float8", "int2", "int8", "numeric"],
    ),
    ("int8", &["float4", "float8", "int2", "int4", "numeric"]),
    ("interval", &["time"]),
    ("json", &["jsonb"]),
    (
        "jsonb",
        &[
            "bool", "float4", "float8", "int2", "int4", "int8", "json", "numeric",
        ],
    ),
    ("numeric", &["float4", "float8", "int2", "int4", "int8"]),
    ("time", &["interval", "timetz"]),
    ("timestamp", &["date", "time", "timestamptz"]),
    ("timestamptz", &["date", "time", "timestamp", "timetz"]),
    ("timetz", &["time"]),
];

fn is_string(name: &str) -> bool {
    matches!(name, "text" | "varchar" | "bpchar")
}

/// Whether PostgreSQL has an (explicit) cast from `from` to `to`: `Some(false)` when it certainly
/// has none, so `USING col::to` would fail; `None` when a type is unknown to the model.
pub(crate) fn castable(from: &ColumnType, to: &ColumnType) -> Option<bool> {
    match (from, to) {
        (ColumnType::Array { element: a }, ColumnType::Array { element: b }) => castable(a, b),
        // An array converts to and from the string types through its text form.
        (ColumnType::Array { element }, other) | (other, ColumnType::Array { element }) => {
            // Still unknown when the element type is (an extension's array type).
            castable(element, element)?;
            Some(is_string(pg_name(other)?))
        }
        _ => {
            let (a, b) = (pg_name(from)?, pg_name(to)?);
            // Every type converts to and from the string types by its text form (I/O casts);
            // a type to itself is a length or precision coercion; enum to enum goes through
            // text (see the planner).
            Some(
                a == b
                    || is_string(a)
                    || is_string(b)
                    || CASTS
                        .iter()
                        .any(|(s, targets)| *s == a && targets.contains(&b)),
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Id;
    use ColumnType as T;

    fn ts(tz: bool) -> T {
        T::Timestamp {
            precision: None,
            with_time_zone: tz,
        }
    }

    #[test]
    fn pairs_without_a_cast_are_known() {
        assert_eq!(castable(&T::BigInt, &ts(false)), Some(false));
        assert_eq!(castable(&T::Uuid, &T::Integer), Some(false));
        assert_eq!(castable(&T::SmallInt, &T::Boolean), Some(false));
        assert_eq!(castable(&T::Date, &T::Integer), Some(false));
        assert_eq!(castable(&T::Bytea, &T::Jsonb), Some(false));
        let e = T::Enum { id: Id::new("e") };
        assert_eq!(castable(&e, &T::Integer), Some(false));
        let arr = |t: T| T::Array {
            element: Box::new(t),
        };
        assert_eq!(castable(&arr(T::Uuid), &arr(T::Integer)), Some(false));
        assert_eq!(castable(&arr(T::Text), &T::Jsonb), Some(false));
    }

    #[test]
    fn pairs_with_a_cast_are_known() {
        assert_eq!(castable(&T::Integer, &T::Boolean), Some(true));
        assert_eq!(castable(&T::Serial, &T::BigInt), Some(true));
        assert_eq!(castable(&ts(false), &ts(true)), Some(true));
        assert_eq!(castable(&T::Date, &ts(true)), Some(true));
        assert_eq!(
            castable(
                &T::Jsonb,
                &T::Numeric {
                    precision: None,
                    scale: None
                }
            ),
            Some(true)
        );
        assert_eq!(castable(&T::Uuid, &T::Text), Some(true));
        assert_eq!(castable(&T::Text, &T::Uuid), Some(true));
        let e = T::Enum { id: Id::new("e") };
        assert_eq!(castable(&T::Varchar { length: Some(3) }, &e), Some(true));
        let arr = |t: T| T::Array {
            element: Box::new(t),
        };
        assert_eq!(castable(&arr(T::Integer), &arr(T::BigInt)), Some(true));
        assert_eq!(castable(&arr(T::Integer), &T::Text), Some(true));
    }

    #[test]
    fn unknown_types_are_unknown() {
        let citext = T::Custom {
            name: "citext".into(),
        };
        assert_eq!(castable(&citext, &T::Text), None);
        assert_eq!(castable(&T::Integer, &citext), None);
    }
}
