//! Checks a typed default against its column type, where the model can know the answer.

use crate::model::{ColumnType, DefaultValue, Schema};

/// `Ok` when the default can be of this type (or the model cannot tell), else why not.
pub(super) fn check_default(
    schema: &Schema,
    ty: &ColumnType,
    value: &DefaultValue,
) -> Result<(), String> {
    match value {
        DefaultValue::Null => Ok(()),
        DefaultValue::Expression(e) => {
            if e.trim().is_empty() {
                Err("The default expression is empty.".into())
            } else {
                Ok(())
            }
        }
        DefaultValue::Number(n) => {
            if !is_numeric_literal(n.trim()) {
                return Err(format!("The default \"{n}\" is not a number."));
            }
            if is_numeric_type(ty) || is_string_type(ty) || matches!(ty, ColumnType::Custom { .. })
            {
                Ok(())
            } else {
                Err(format!(
                    "A number cannot be the default of a {} column.",
                    type_label(schema, ty)
                ))
            }
        }
        DefaultValue::Boolean(_) => {
            if matches!(ty, ColumnType::Boolean | ColumnType::Custom { .. }) || is_string_type(ty) {
                Ok(())
            } else {
                Err(format!(
                    "true/false cannot be the default of a {} column.",
                    type_label(schema, ty)
                ))
            }
        }
        DefaultValue::Json(_) => {
            if matches!(ty, ColumnType::Json | ColumnType::Jsonb) {
                Ok(())
            } else {
                Err(format!(
                    "A JSON default needs a json or jsonb column, not {}.",
                    type_label(schema, ty)
                ))
            }
        }
        DefaultValue::String(s) => check_string(schema, ty, s),
    }
}

fn type_label(schema: &Schema, ty: &ColumnType) -> String {
    crate::ddl::column_type_sql(schema, ty)
}

fn is_numeric_type(ty: &ColumnType) -> bool {
    matches!(
        ty,
        ColumnType::SmallInt
            | ColumnType::Integer
            | ColumnType::BigInt
            | ColumnType::SmallSerial
            | ColumnType::Serial
            | ColumnType::BigSerial
            | ColumnType::Real
            | ColumnType::DoublePrecision
            | ColumnType::Numeric { .. }
    )
}

fn is_string_type(ty: &ColumnType) -> bool {
    matches!(
        ty,
        ColumnType::Text | ColumnType::Varchar { .. } | ColumnType::Char { .. }
    )
}

/// An SQL numeric literal with an optional sign: `15`, `-2.50`, `.5`, `1e9`, `1.5E-3`.
pub(crate) fn is_numeric_literal(s: &str) -> bool {
    let s = s.strip_prefix(['-', '+']).unwrap_or(s);
    let (mantissa, exponent) = match s.find(['e', 'E']) {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    let (int, frac) = match mantissa.split_once('.') {
        Some((a, b)) => (a, Some(b)),
        None => (mantissa, None),
    };
    let digits = |x: &str| x.chars().all(|c| c.is_ascii_digit());
    let mantissa_ok = digits(int)
        && frac.is_none_or(digits)
        && (!int.is_empty() || frac.is_some_and(|f| !f.is_empty()));
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['-', '+']).unwrap_or(e);
        !e.is_empty() && digits(e)
    });
    mantissa_ok && exponent_ok
}

pub(super) fn check_string(schema: &Schema, ty: &ColumnType, s: &str) -> Result<(), String> {
    let t = s.trim();
    let bad = |what: &str| Err(format!("'{s}' is not a valid {what}."));
    match ty {
        ColumnType::SmallInt | ColumnType::SmallSerial => {
            if t.parse::<i16>().is_ok() {
                Ok(())
            } else {
                bad("smallint")
            }
        }
        ColumnType::Integer | ColumnType::Serial => {
            if t.parse::<i32>().is_ok() {
                Ok(())
            } else {
                bad("integer")
            }
        }
        ColumnType::BigInt | ColumnType::BigSerial => {
            if t.parse::<i64>().is_ok() {
                Ok(())
            } else {
                bad("bigint")
            }
        }
        ColumnType::Real | ColumnType::DoublePrecision | ColumnType::Numeric { .. } => {
            let special = [
                "nan",
                "infinity",
                "+infinity",
                "-infinity",
                "inf",
                "+inf",
                "-inf",
            ];
            if is_numeric_literal(t) || special.contains(&t.to_ascii_lowercase().as_str()) {
                Ok(())
            } else {
                bad("number")
            }
        }
        ColumnType::Boolean => {
            let l = t.to_ascii_lowercase();
            let ok = !l.is_empty()
                && (["true", "false", "yes", "no", "on", "off"]
                    .iter()
                    .any(|w| w.starts_with(l.as_str()) && (l.len() >= 2 || !l.starts_with('o')))
                    || l == "1"
                    || l == "0");
            if ok {
                Ok(())
            } else {
                bad("boolean")
            }
        }
        ColumnType::Uuid => {
            let inner = t
                .strip_prefix('{')
                .and_then(|x| x.strip_suffix('}'))
                .unwrap_or(t);
            let hex: String = inner.chars().filter(|c| *c != '-').collect();
            if hex.len() == 32 && hex.chars().all(|c| c.is_ascii_hexdigit()) {
                Ok(())
            } else {
                bad("uuid")
            }
        }
        ColumnType::Varchar { length: Some(n) } | ColumnType::Char { length: Some(n) } => {
            if s.chars().count() as u64 > u64::from(*n) {
                Err(format!("'{s}' is longer than {n} characters."))
            } else {
                Ok(())
            }
        }
        ColumnType::Json | ColumnType::Jsonb => {
            if serde_json::from_str::<serde_json::Value>(s).is_ok() {
                Ok(())
            } else {
                bad("JSON text")
            }
        }
        ColumnType::Enum { id } => match schema.enum_type(id) {
            Some(e) => {
                if e.values.iter().any(|v| v.name == s) {
                    Ok(())
                } else {
                    Err(format!("'{s}' is not a value of the enum \"{}\".", e.name))
                }
            }
            // An unknown enum is reported on its own.
            None => Ok(()),
        },
        ColumnType::Array { .. } => {
            if t.starts_with('{') || t.starts_with('[') {
                Ok(())
            } else {
                bad("array literal (it must start with '{')")
            }
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::is_numeric_literal;

    #[test]
    fn numeric_literals() {
        for ok in ["1", "-2.50", ".5", "5.", "1e9", "+1.5E-3"] {
            assert!(is_numeric_literal(ok), "{ok}");
        }
        for bad in ["", "-", ".", "abc", "1e", "1.2.3", "0x10", "1 2"] {
            assert!(!is_numeric_literal(bad), "{bad}");
        }
    }
}
