//! Numbers spelled the way PostgreSQL prints them for a column type ([`canonical_number`]).
//! Separate because the float and `numeric` spelling rules are self-contained and tested on
//! their own.

use crate::model::ColumnType;

/// A numeric literal spelled the way PostgreSQL prints the folded constant for this column type:
/// integers without `+` or leading zeros, floating point values in shortest form (exponent
/// notation below 1e-4 and from 1e15 on, like `float8out`), `numeric` without exponent notation
/// (`1e-3` -> `0.001`). Text that does not parse is kept as it is.
pub fn canonical_number(ty: &ColumnType, text: &str) -> String {
    let t = text.trim();
    if !crate::validate::is_numeric_literal(t) {
        return t.to_string();
    }
    match ty {
        ColumnType::SmallInt
        | ColumnType::Integer
        | ColumnType::BigInt
        | ColumnType::SmallSerial
        | ColumnType::Serial
        | ColumnType::BigSerial => match t.parse::<i128>() {
            Ok(n) => n.to_string(),
            Err(_) => expand_exponent(t),
        },
        ColumnType::Real => match t.parse::<f32>() {
            Ok(v) if v.is_finite() => float_text(
                f64::from(v),
                v.abs() as f64,
                || format!("{v}"),
                || format!("{v:e}"),
            ),
            _ => t.to_string(),
        },
        ColumnType::DoublePrecision => match t.parse::<f64>() {
            Ok(v) if v.is_finite() => {
                float_text(v, v.abs(), || format!("{v}"), || format!("{v:e}"))
            }
            _ => t.to_string(),
        },
        ColumnType::Numeric { .. } => expand_exponent(t),
        _ => t.to_string(),
    }
}

fn float_text(v: f64, abs: f64, plain: impl Fn() -> String, exp: impl Fn() -> String) -> String {
    if v != 0.0 && !(1e-4..1e15).contains(&abs) {
        // Rust prints `1e-10` / `1e15`; PostgreSQL prints `1e-10` / `1e+15`.
        let e = exp();
        match e.split_once('e') {
            Some((m, x)) if !x.starts_with('-') => format!("{m}e+{x}"),
            _ => e,
        }
    } else {
        plain()
    }
}

/// `1.5e3` -> `1500`, `-1e-3` -> `-0.001`, `+2.50` -> `2.50` (digits after the point are kept,
/// as `numeric` keeps its scale).
fn expand_exponent(t: &str) -> String {
    let (neg, body) = match t.strip_prefix('-') {
        Some(b) => (true, b),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    let (mantissa, exp) = match body.find(['e', 'E']) {
        Some(i) => match body[i + 1..].parse::<i64>() {
            Ok(e) => (&body[..i], e),
            Err(_) => return t.to_string(),
        },
        None => (body, 0),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    if exp.unsigned_abs() > 1000 {
        return t.to_string();
    }
    let digits = format!("{int}{frac}");
    // Position of the decimal point within `digits`.
    let point = int.len() as i64 + exp;
    let scale = (frac.len() as i64 - exp).max(0) as usize;
    let mut s = if point <= 0 {
        format!("0.{}{}", "0".repeat((-point) as usize), digits)
    } else if point as usize >= digits.len() {
        format!("{digits}{}", "0".repeat(point as usize - digits.len()))
    } else {
        format!(
            "{}.{}",
            &digits[..point as usize],
            &digits[point as usize..]
        )
    };
    // Trim to the scale PostgreSQL keeps and drop leading zeros of the integer part.
    if let Some((i, f)) = s.clone().split_once('.') {
        let f: String = f.chars().take(scale).collect();
        let f = format!("{f:0<scale$}");
        let i = i.trim_start_matches('0');
        let i = if i.is_empty() { "0" } else { i };
        s = if scale == 0 {
            i.to_string()
        } else {
            format!("{i}.{f}")
        };
    } else {
        let i = s.trim_start_matches('0');
        s = if i.is_empty() {
            "0".into()
        } else {
            i.to_string()
        };
    }
    if neg && s.chars().any(|c| c.is_ascii_digit() && c != '0') {
        format!("-{s}")
    } else {
        s
    }
}

#[cfg(test)]
mod number_tests {
    use super::canonical_number;
    use crate::model::ColumnType;

    #[test]
    fn numbers_print_like_postgres() {
        let num = ColumnType::Numeric {
            precision: None,
            scale: None,
        };
        assert_eq!(canonical_number(&num, "1e-3"), "0.001");
        assert_eq!(canonical_number(&num, "1.50e2"), "150");
        assert_eq!(canonical_number(&num, "+2.50"), "2.50");
        assert_eq!(canonical_number(&num, "-0.5"), "-0.5");
        assert_eq!(canonical_number(&num, ".5"), "0.5");
        assert_eq!(canonical_number(&num, "1e3"), "1000");
        assert_eq!(canonical_number(&ColumnType::Integer, "+007"), "7");
        assert_eq!(
            canonical_number(&ColumnType::DoublePrecision, "1e-3"),
            "0.001"
        );
        assert_eq!(
            canonical_number(&ColumnType::DoublePrecision, "0.50"),
            "0.5"
        );
        assert_eq!(
            canonical_number(&ColumnType::DoublePrecision, "1e-10"),
            "1e-10"
        );
        assert_eq!(
            canonical_number(&ColumnType::DoublePrecision, "1e15"),
            "1e+15"
        );
        assert_eq!(canonical_number(&ColumnType::Real, "0.1"), "0.1");
        assert_eq!(canonical_number(&ColumnType::Text, "1e3"), "1e3");
    }
}
