//! Column types from `format_type` output.
//!
//! `format_type` always prints PostgreSQL's canonical spelling (`integer`, `character varying(100)`,
//! `timestamp(3) with time zone`, `numeric(10,2)`, `text[]`), qualified with the schema only when
//! the type is not visible on the search path.

use joinery_shared::model::{ColumnType, Schema};

/// The model type for a `format_type` string (enums are recognised earlier, by catalog type).
pub fn parse_type(sql: &str, _schema: &Schema) -> ColumnType {
    let sql = sql.trim();
    if let Some(element) = sql.strip_suffix("[]") {
        return ColumnType::Array {
            element: Box::new(parse_type(element, _schema)),
        };
    }
    let (base, args) = match sql.find('(') {
        Some(open) => {
            let close = sql[open..].find(')').map(|c| open + c);
            match close {
                Some(close) => {
                    let args: Vec<Option<u32>> = sql[open + 1..close]
                        .split(',')
                        .map(|a| a.trim().parse().ok())
                        .collect();
                    let rest = sql[close + 1..].trim();
                    let base = format!(
                        "{}{}{}",
                        sql[..open].trim(),
                        if rest.is_empty() { "" } else { " " },
                        rest
                    );
                    (base, args)
                }
                None => (sql.to_string(), Vec::new()),
            }
        }
        None => (sql.to_string(), Vec::new()),
    };
    let first = args.first().copied().flatten();
    let second = args.get(1).copied().flatten();
    match base.as_str() {
        "smallint" => ColumnType::SmallInt,
        "integer" => ColumnType::Integer,
        "bigint" => ColumnType::BigInt,
        "real" => ColumnType::Real,
        "double precision" => ColumnType::DoublePrecision,
        "numeric" => ColumnType::Numeric {
            precision: first,
            scale: second,
        },
        "text" => ColumnType::Text,
        "character varying" => ColumnType::Varchar { length: first },
        "character" => ColumnType::Char { length: first },
        "uuid" => ColumnType::Uuid,
        "boolean" => ColumnType::Boolean,
        "date" => ColumnType::Date,
        "time without time zone" => ColumnType::Time {
            precision: first,
            with_time_zone: false,
        },
        "time with time zone" => ColumnType::Time {
            precision: first,
            with_time_zone: true,
        },
        "timestamp without time zone" => ColumnType::Timestamp {
            precision: first,
            with_time_zone: false,
        },
        "timestamp with time zone" => ColumnType::Timestamp {
            precision: first,
            with_time_zone: true,
        },
        "interval" if args.is_empty() => ColumnType::Interval,
        "json" => ColumnType::Json,
        "jsonb" => ColumnType::Jsonb,
        "bytea" => ColumnType::Bytea,
        "inet" => ColumnType::Inet,
        "cidr" => ColumnType::Cidr,
        _ => ColumnType::Custom {
            name: sql.to_string(),
        },
    }
}
