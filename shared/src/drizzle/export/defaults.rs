//! Column defaults as `.default(...)` calls and drizzle-kit's recorded default text, including
//! when a value can be written as a JavaScript literal at all. Separate from the column writer
//! because the number/JSON round-trip rules are subtle and unit-tested on their own.

use super::types::{Kind, TypeOut};
use super::Module;
use crate::drizzle::json::{from_serde_js_order, J};
use crate::drizzle::names::{property_key, sql_template, ts_string};
use crate::model::{ColumnType, DefaultValue};

/// The JavaScript number a numeric literal reads as, when writing it as one keeps its text:
/// drizzle-kit records a number default as that number, so only literals already in JavaScript's
/// canonical spelling round-trip through a snapshot unchanged.
fn js_number(literal: &str) -> Option<serde_json::Number> {
    let t = literal.trim();
    if t.is_empty()
        || !t
            .chars()
            .all(|c| c.is_ascii_digit() || c == '-' || c == '.')
    {
        return None;
    }
    if !t.contains('.') {
        let n: i64 = t.parse().ok()?;
        if n.unsigned_abs() > (1u64 << 53) || n.to_string() != t {
            return None;
        }
        return Some(n.into());
    }
    let f: f64 = t.parse().ok()?;
    if !(f.is_finite() && (f == 0.0 || (1e-6..1e15).contains(&f.abs()))) {
        return None;
    }
    // Rust's shortest round-trip Display equals JavaScript's in this range.
    if format!("{f}") != t || f.fract() == 0.0 {
        return None;
    }
    serde_json::Number::from_f64(f)
}

/// A JSON value as a JavaScript expression (keys in serde's order; JavaScript reorders
/// array-index keys itself, which [`from_serde_js_order`] mirrors).
fn js_value(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::Null => "null".into(),
        serde_json::Value::Bool(b) => b.to_string(),
        serde_json::Value::Number(n) => n.to_string(),
        serde_json::Value::String(s) => ts_string(s),
        serde_json::Value::Array(items) => format!(
            "[{}]",
            items.iter().map(js_value).collect::<Vec<_>>().join(", ")
        ),
        serde_json::Value::Object(map) => {
            if map.is_empty() {
                return "{}".into();
            }
            format!(
                "{{ {} }}",
                map.iter()
                    .map(|(k, v)| {
                        let key = if k == "__proto__" {
                            format!("[{}]", ts_string(k))
                        } else {
                            property_key(k)
                        };
                        format!("{key}: {}", js_value(v))
                    })
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        }
    }
}

/// True when every number in the value survives a trip through JavaScript unchanged.
fn json_is_js_safe(v: &serde_json::Value) -> bool {
    match v {
        serde_json::Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                i.unsigned_abs() <= (1u64 << 53)
            } else if let Some(u) = n.as_u64() {
                u <= (1u64 << 53)
            } else {
                n.as_f64().is_some_and(|f| format!("{f}") == n.to_string())
            }
        }
        serde_json::Value::Array(items) => items.iter().all(json_is_js_safe),
        serde_json::Value::Object(map) => map.values().all(json_is_js_safe),
        _ => true,
    }
}

/// drizzle-kit's record of a string default: the text quoted with doubled single quotes.
fn quoted(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

/// The `.default...()` call and drizzle-kit's snapshot value for a column default.
pub(super) fn default_out(
    m: &mut Module,
    ty: &TypeOut,
    column_ty: &ColumnType,
    d: &DefaultValue,
) -> Option<(String, J)> {
    let sql_default = |m: &mut Module, text: &str| {
        m.sql = true;
        (format!(".default({})", sql_template(text)), J::s(text))
    };
    Some(match d {
        DefaultValue::Null => return None,
        DefaultValue::Boolean(b) => {
            if ty.kind == Kind::Boolean {
                (format!(".default({b})"), J::Bool(*b))
            } else {
                sql_default(m, if *b { "true" } else { "false" })
            }
        }
        DefaultValue::Number(n) => {
            let n = n.trim();
            match (&ty.kind, js_number(n)) {
                (Kind::Number, Some(num)) => (format!(".default({n})"), J::Num(num)),
                (Kind::NumericString, _) => {
                    (format!(".default({})", ts_string(n)), J::s(quoted(n)))
                }
                _ => sql_default(m, n),
            }
        }
        DefaultValue::String(s) => {
            let fits = match &ty.kind {
                Kind::String | Kind::NumericString => true,
                Kind::EnumLabel(labels) => labels.contains(s),
                _ => false,
            };
            if fits {
                (format!(".default({})", ts_string(s)), J::s(quoted(s)))
            } else {
                sql_default(m, &quoted(s))
            }
        }
        DefaultValue::Json(v) => {
            let cast = match column_ty {
                ColumnType::Json => Some("json"),
                ColumnType::Jsonb => Some("jsonb"),
                _ => None,
            };
            let text = from_serde_js_order(v).compact();
            match cast {
                Some(cast) if !text.contains('\'') && json_is_js_safe(v) => (
                    format!(".default({})", js_value(v)),
                    J::s(format!("'{text}'::{cast}")),
                ),
                Some(cast) => sql_default(m, &format!("{}::{cast}", quoted(&v.to_string()))),
                None => sql_default(m, &quoted(&v.to_string())),
            }
        }
        DefaultValue::Expression(e) => {
            let e = e.trim();
            let lower = e.to_ascii_lowercase();
            if lower == "gen_random_uuid()" && matches!(column_ty, ColumnType::Uuid) {
                (".defaultRandom()".into(), J::s("gen_random_uuid()"))
            } else if lower == "now()"
                && matches!(
                    column_ty,
                    ColumnType::Timestamp { .. } | ColumnType::Date | ColumnType::Time { .. }
                )
                && e == "now()"
            {
                (".defaultNow()".into(), J::s("now()"))
            } else {
                sql_default(m, e)
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_written_as_javascript_numbers_only_when_exact() {
        assert_eq!(js_number("15"), Some(15.into()));
        assert_eq!(js_number("-1"), Some((-1).into()));
        assert!(js_number("0.5").is_some());
        assert_eq!(js_number("1.50"), None, "JavaScript prints 1.5");
        assert_eq!(js_number("1e-3"), None);
        assert_eq!(js_number("007"), None);
        assert_eq!(js_number("9007199254740993"), None, "beyond 2^53");
        assert_eq!(js_number("2.0"), None);
    }

    #[test]
    fn defaults_match_drizzle_kits_record() {
        let mut m = Module::default();
        let text = TypeOut {
            call: String::new(),
            sql_type: "text".into(),
            type_schema: None,
            kind: Kind::String,
            integer_kind: None,
        };
        let (ts, snap) = default_out(
            &mut m,
            &text,
            &ColumnType::Text,
            &DefaultValue::String("it's".into()),
        )
        .unwrap();
        assert_eq!(ts, ".default('it\\'s')");
        assert_eq!(snap, J::s("'it''s'"));
        let (ts, snap) = default_out(
            &mut m,
            &text,
            &ColumnType::Text,
            &DefaultValue::Expression("lower('X')".into()),
        )
        .unwrap();
        assert_eq!(ts, ".default(sql`lower('X')`)");
        assert_eq!(snap, J::s("lower('X')"));
        assert!(m.sql);
        let jsonb = TypeOut {
            kind: Kind::Json,
            sql_type: "jsonb".into(),
            ..text
        };
        let (ts, snap) = default_out(
            &mut m,
            &jsonb,
            &ColumnType::Jsonb,
            &DefaultValue::Json(serde_json::json!({"type": "number", "value": 15})),
        )
        .unwrap();
        assert_eq!(ts, ".default({ type: 'number', value: 15 })");
        assert_eq!(snap, J::s("'{\"type\":\"number\",\"value\":15}'::jsonb"));
        assert!(default_out(&mut m, &jsonb, &ColumnType::Jsonb, &DefaultValue::Null).is_none());
    }
}
