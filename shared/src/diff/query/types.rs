//! Types, casts and literals: which casts PostgreSQL adds or drops on its own, and literals
//! spelled as it prints them.

use sqlparser::ast::{BinaryOperator, DataType, Expr, Query, SelectItem, SetExpr, Value};

use crate::model::Schema;

use super::*;

/// Functions whose overloads for a narrower and a wider type give different results (`sum` of
/// integers is a `bigint`, of numerics a `numeric`): a widening cast of their arguments counts.
pub(super) fn keeps_argument_casts(name: &str) -> bool {
    matches!(
        name,
        "sum"
            | "avg"
            | "min"
            | "max"
            | "abs"
            | "array_agg"
            | "mode"
            | "stddev"
            | "stddev_pop"
            | "stddev_samp"
            | "variance"
            | "var_pop"
            | "var_samp"
            | "to_json"
            | "to_jsonb"
            | "json_agg"
            | "jsonb_agg"
            | "format"
            | "to_char"
            | "array"
    )
}

pub(super) fn strip_nested(e: &Expr) -> &Expr {
    match e {
        Expr::Nested(x) => strip_nested(x),
        other => other,
    }
}

pub(super) fn simple_interval(iv: &sqlparser::ast::Interval) -> bool {
    iv.leading_field.is_none()
        && iv.leading_precision.is_none()
        && iv.last_field.is_none()
        && iv.fractional_seconds_precision.is_none()
}

/// The cast rules (see the module docs). `top`: the expression is a select-list item.
pub(super) fn cast_to(o: Out, t: String, top: bool) -> Out {
    let b = base(&t);
    let typed = |key: String, bare: String, num: Option<String>| Out {
        arg: key.clone(),
        key,
        bare,
        ty: Some(t.clone()),
        lit: Lit::Typed,
        num,
    };
    match o.lit {
        Lit::Unknown | Lit::Typed => {
            // `'-1'::integer` is how PostgreSQL prints a negative number.
            if let (Some(n), Some(_)) = (&o.num, numeric_rank(&b)) {
                let natural = number_type(n);
                let key = if top && (b != natural || has_typmod(&t)) {
                    format!("{n}::{t}")
                } else {
                    n.clone()
                };
                return typed(key, n.clone(), o.num.clone());
            }
            let o = if o.lit == Lit::Unknown {
                retype_literal(o, &b)
            } else {
                o
            };
            let key = if top && t != "text" && o.ty.as_deref() != Some(t.as_str()) {
                format!("{}::{t}", o.bare)
            } else {
                o.bare.clone()
            };
            typed(key, o.bare, o.num)
        }
        Lit::Num => {
            let natural = o.ty.clone().unwrap_or_default();
            let key = if top && (b != natural || has_typmod(&t)) {
                format!("{}::{t}", o.key)
            } else {
                o.key.clone()
            };
            typed(key, o.key, None)
        }
        Lit::No => {
            let plain = |key: String, bare: String, arg: String| Out {
                key,
                bare,
                arg,
                ty: Some(t.clone()),
                lit: Lit::No,
                num: None,
            };
            if let Some(it) = &o.ty {
                let ib = base(it);
                if ib == b && (!has_typmod(&t) || *it == t) {
                    // A no-op cast: PostgreSQL drops it.
                    return o;
                }
                if !top && family(&ib) == "text" && b == "text" {
                    // varchar/char to text: binary-coercible, what every text operator does.
                    return plain(o.key.clone(), o.key.clone(), o.key);
                }
                if !top && implicit(&ib, &b) {
                    let key = format!("({})::{t}", o.key);
                    let arg = if matches!(b.as_str(), "numeric" | "timestamp with time zone")
                        || family(&ib) == family(&b)
                    {
                        o.key.clone()
                    } else {
                        key.clone()
                    };
                    return plain(key, o.key, arg);
                }
            }
            let key = format!("({})::{t}", o.key);
            plain(key.clone(), key.clone(), key)
        }
    }
}

/// What an operand contributes to its operator's type.
pub(super) enum OperandType {
    /// An untyped string or NULL: whatever the other side is.
    Unknown,
    /// An uncast number: its natural type, widened by the other side.
    Weak(String),
    Strong(String),
    Untyped,
}

pub(super) fn operand_type(o: &Out) -> OperandType {
    match (o.lit, &o.ty) {
        (Lit::Unknown, _) => OperandType::Unknown,
        (Lit::Num, Some(t)) => OperandType::Weak(base(t)),
        (_, Some(t)) => OperandType::Strong(base(t)),
        _ => OperandType::Untyped,
    }
}

/// Types whose operators take the same type on both sides (an untyped literal takes the other
/// side's type): not containers, documents or intervals (`doc ->> 'a'`, `tags || 'x'`,
/// `at + '1 hour'` take another type on the right).
pub(super) fn symmetric(base: &str) -> bool {
    !(base.ends_with("[]")
        || matches!(
            base,
            "json" | "jsonb" | "interval" | "bytea" | "inet" | "cidr" | "tsvector" | "tsquery"
        ))
}

/// The type an operator over `l` and `r` works in, when both sides tell.
pub(super) fn operator_type(l: &Out, r: &Out) -> Option<String> {
    use OperandType::*;
    let (a, b) = (operand_type(l), operand_type(r));
    for side in [&a, &b] {
        if let Strong(t) | Weak(t) = side {
            if !symmetric(t) {
                return None;
            }
        }
    }
    match (a, b) {
        (Strong(x), Strong(y)) => promote(&x, &y),
        (Strong(x), Unknown) | (Unknown, Strong(x)) => Some(family(&x).to_string()),
        (Strong(x), Weak(w)) | (Weak(w), Strong(x)) => promote(&x, &w),
        (Weak(a), Weak(b)) => promote(&a, &b),
        (Weak(a), Unknown) | (Unknown, Weak(a)) => Some(a),
        _ => None,
    }
}

/// An untyped string literal next to an operand of type `ty` is read as that type: its text as
/// PostgreSQL prints such a value (`'{"a":1}'` as jsonb is `'{"a": 1}'`).
pub(super) fn adopt(o: Out, other: &Out) -> Out {
    if o.lit != Lit::Unknown || other.lit == Lit::Unknown {
        return o;
    }
    match other.ty.as_deref().map(base) {
        Some(t) => retype_literal(o, &t),
        None => o,
    }
}

/// A string literal's key re-spelled as a value of type `base` (see [`canonical_literal`]).
pub(super) fn retype_literal(mut o: Out, base: &str) -> Out {
    let Some(text) = unquote(&o.bare) else {
        return o;
    };
    if let Some(c) = canonical_literal(&text, base) {
        let quoted = format!("'{}'", c.replace('\'', "''"));
        o.key = o.key.replacen(&o.bare, &quoted, 1);
        o.arg = o.arg.replacen(&o.bare, &quoted, 1);
        o.bare = quoted;
    }
    o
}

pub(super) fn unquote(key: &str) -> Option<String> {
    let inner = key.strip_prefix('\'')?.strip_suffix('\'')?;
    Some(inner.replace("''", "'"))
}

/// The text PostgreSQL prints for a literal of type `base` written as `text`, where it differs
/// from the input: jsonb documents (keys ordered and spaced as jsonb prints them) and intervals
/// (`1 hour` is `01:00:00`, `1 week` is `7 days`). `None`: keep the text.
pub(super) fn canonical_literal(text: &str, base: &str) -> Option<String> {
    match base {
        "jsonb" => {
            let v: serde_json::Value = serde_json::from_str(text).ok()?;
            v.is_object().then_some(()).or(v.is_array().then_some(()))?;
            Some(jsonb_text(&v))
        }
        "interval" => canonical_interval(text),
        _ => None,
    }
}

/// jsonb's output: object keys shortest first, then bytewise; `", "` and `": "` separators.
pub(super) fn jsonb_text(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort_by(|a, b| a.len().cmp(&b.len()).then_with(|| a.cmp(b)));
            let parts: Vec<String> = keys
                .iter()
                .map(|k| {
                    format!(
                        "{}: {}",
                        serde_json::Value::String((*k).clone()),
                        jsonb_text(&map[*k])
                    )
                })
                .collect();
            format!("{{{}}}", parts.join(", "))
        }
        serde_json::Value::Array(items) => format!(
            "[{}]",
            items.iter().map(jsonb_text).collect::<Vec<_>>().join(", ")
        ),
        other => other.to_string(),
    }
}

/// An interval literal as PostgreSQL prints it (`IntervalStyle` postgres), for the common input
/// forms: `<number> <unit>` pairs (with PostgreSQL's abbreviations, `@` and `ago`) and
/// `[-]HH:MM[:SS[.f]]`. `None` for anything else.
pub(super) fn canonical_interval(text: &str) -> Option<String> {
    let lower = text.trim().to_lowercase();
    let mut words: Vec<&str> = lower.split_whitespace().collect();
    if words.first() == Some(&"@") {
        words.remove(0);
    }
    let ago = words.last() == Some(&"ago");
    if ago {
        words.pop();
    }
    if words.is_empty() {
        return None;
    }
    let (mut months, mut days, mut micros) = (0f64, 0f64, 0f64);
    let mut i = 0;
    while i < words.len() {
        let w = words[i];
        if w.contains(':') {
            let (sign, t) = match w.strip_prefix('-') {
                Some(t) => (-1.0, t),
                None => (1.0, w.strip_prefix('+').unwrap_or(w)),
            };
            let parts: Vec<&str> = t.split(':').collect();
            if parts.len() < 2 || parts.len() > 3 {
                return None;
            }
            let h: f64 = parts[0].parse().ok()?;
            let m: f64 = parts[1].parse().ok()?;
            let sec: f64 = parts.get(2).map_or(Ok(0.0), |p| p.parse()).ok()?;
            micros += sign * ((h * 3600.0 + m * 60.0 + sec) * 1e6);
            i += 1;
            continue;
        }
        // A number, with its unit attached (`2h`) or as the next word.
        let split = w.find(|c: char| c.is_ascii_alphabetic()).unwrap_or(w.len());
        let (num, mut unit) = w.split_at(split);
        let value: f64 = num.parse().ok()?;
        if unit.is_empty() {
            i += 1;
            unit = words.get(i).copied().unwrap_or("");
        }
        let unit = unit.trim_end_matches(',');
        match unit {
            "millennium" | "millennia" | "millenniums" | "mil" | "mils" => {
                months += value * 12000.0
            }
            "century" | "centuries" | "cent" | "c" => months += value * 1200.0,
            "decade" | "decades" | "dec" | "decs" => months += value * 120.0,
            "year" | "years" | "yr" | "yrs" | "y" => months += (value * 12.0).round(),
            "month" | "months" | "mon" | "mons" => months += value,
            "week" | "weeks" | "w" => days += value * 7.0,
            "day" | "days" | "d" => days += value,
            "hour" | "hours" | "hr" | "hrs" | "h" => micros += value * 3600e6,
            "minute" | "minutes" | "min" | "mins" | "m" => micros += value * 60e6,
            "second" | "seconds" | "sec" | "secs" | "s" => micros += value * 1e6,
            "millisecond" | "milliseconds" | "ms" | "msec" | "msecs" => micros += value * 1e3,
            "microsecond" | "microseconds" | "us" | "usec" | "usecs" => micros += value,
            "" if i == words.len() => micros += value * 1e6,
            _ => return None,
        }
        i += 1;
    }
    // Fractions spill down: a month is 30 days, a day 24 hours.
    let whole_months = months.trunc();
    days += (months - whole_months) * 30.0;
    let whole_days = days.trunc();
    micros += (days - whole_days) * 86_400e6;
    let sign = if ago { -1 } else { 1 };
    let months = sign * whole_months as i64;
    let days = sign * whole_days as i64;
    let micros = sign * micros.round() as i64;
    let plural = |n: i64, unit: &str| format!("{n} {unit}{}", if n == 1 { "" } else { "s" });
    let mut parts = Vec::new();
    let (years, mons) = (months / 12, months % 12);
    if years != 0 {
        parts.push(plural(years, "year"));
    }
    if mons != 0 {
        parts.push(plural(mons, "mon"));
    }
    if days != 0 {
        parts.push(plural(days, "day"));
    }
    if micros != 0 || parts.is_empty() {
        let a = micros.unsigned_abs();
        let (h, rest) = (a / 3_600_000_000, a % 3_600_000_000);
        let (m, rest) = (rest / 60_000_000, rest % 60_000_000);
        let (sec, frac) = (rest / 1_000_000, rest % 1_000_000);
        let mut t = format!(
            "{}{h:02}:{m:02}:{sec:02}",
            if micros < 0 { "-" } else { "" }
        );
        if frac != 0 {
            t.push_str(format!(".{frac:06}").trim_end_matches('0'));
        }
        parts.push(t);
    }
    Some(parts.join(" "))
}

pub(super) fn named_binop(l: Out, op: &str, r: Out, result: Option<String>) -> Out {
    let l = adopt(l, &r);
    let r = adopt(r, &l);
    match operator_type(&l, &r) {
        Some(t) => Out::plain(
            format!("({} {op}:{t} {})", l.bare, r.bare),
            result.or(Some(t)),
        ),
        None => Out::plain(format!("({} {op} {})", l.key, r.key), result),
    }
}

pub(super) fn binop(l: Out, op: &BinaryOperator, r: Out) -> Out {
    if !symmetric_operator(op) {
        // Not the same type on both sides: no operand type to write into the key.
        let l = adopt(l, &r);
        let r = adopt(r, &l);
        let result = match op {
            BinaryOperator::And | BinaryOperator::Or => Some("boolean".to_string()),
            BinaryOperator::StringConcat => Some("text".to_string()),
            _ if boolean_operator(op) => Some("boolean".to_string()),
            _ => None,
        };
        return Out::plain(format!("({} {} {})", l.key, op_text(op), r.key), result);
    }
    let t = operator_type(&l, &r);
    let result = match op {
        _ if is_compare(op) => Some("boolean".to_string()),
        BinaryOperator::And
        | BinaryOperator::Or
        | BinaryOperator::PGLikeMatch
        | BinaryOperator::PGILikeMatch
        | BinaryOperator::PGNotLikeMatch
        | BinaryOperator::PGNotILikeMatch
        | BinaryOperator::PGRegexMatch
        | BinaryOperator::PGRegexIMatch
        | BinaryOperator::PGRegexNotMatch
        | BinaryOperator::PGRegexNotIMatch
        | BinaryOperator::AtArrow
        | BinaryOperator::ArrowAt
        | BinaryOperator::Question
        | BinaryOperator::QuestionAnd
        | BinaryOperator::QuestionPipe
        | BinaryOperator::PGOverlap => Some("boolean".to_string()),
        BinaryOperator::Plus
        | BinaryOperator::Minus
        | BinaryOperator::Multiply
        | BinaryOperator::Divide
        | BinaryOperator::Modulo => t.clone(),
        BinaryOperator::StringConcat => Some("text".to_string()),
        _ => None,
    };
    named_binop(l, &op_text(op), r, result)
}

/// Operators over one type on both sides: comparisons, arithmetic, `LIKE` (`~~`).
pub(super) fn symmetric_operator(op: &BinaryOperator) -> bool {
    is_compare(op)
        || matches!(
            op,
            BinaryOperator::Plus
                | BinaryOperator::Minus
                | BinaryOperator::Multiply
                | BinaryOperator::Divide
                | BinaryOperator::Modulo
                | BinaryOperator::PGLikeMatch
                | BinaryOperator::PGILikeMatch
                | BinaryOperator::PGNotLikeMatch
                | BinaryOperator::PGNotILikeMatch
        )
}

pub(super) fn boolean_operator(op: &BinaryOperator) -> bool {
    matches!(
        op,
        BinaryOperator::PGRegexMatch
            | BinaryOperator::PGRegexIMatch
            | BinaryOperator::PGRegexNotMatch
            | BinaryOperator::PGRegexNotIMatch
            | BinaryOperator::AtArrow
            | BinaryOperator::ArrowAt
            | BinaryOperator::Question
            | BinaryOperator::QuestionAnd
            | BinaryOperator::QuestionPipe
            | BinaryOperator::PGOverlap
    )
}

/// `x IN (a, b)` and `x = ANY (ARRAY[a, b])`.
pub(super) fn any_list(x: Out, op: &str, elems: Vec<Out>) -> Out {
    let elems: Vec<Out> = elems.into_iter().map(|e| adopt(e, &x)).collect();
    let t = elems.iter().find_map(|e| operator_type(&x, e));
    match t {
        Some(t) => Out::plain(
            format!(
                "({} {op}:{t} [{}])",
                x.bare,
                elems
                    .iter()
                    .map(|e| e.bare.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            Some("boolean".into()),
        ),
        None => Out::plain(
            format!(
                "({} {op} [{}])",
                x.key,
                elems
                    .iter()
                    .map(|e| e.key.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            Some("boolean".into()),
        ),
    }
}

/// The name PostgreSQL gives a select-list item written without an alias (`FigureColname`),
/// with its strength (2: a name of its own, 1: a type's name, 0: none).
pub(super) fn colname(e: &Expr) -> (String, u8) {
    match e {
        Expr::Identifier(i) => (fold(i), 2),
        Expr::CompoundIdentifier(parts) => (parts.last().map(fold).unwrap_or_default(), 2),
        Expr::Function(f) => (fold_name(&f.name).last().cloned().unwrap_or_default(), 2),
        Expr::Nested(x) => colname(x),
        Expr::Cast {
            expr, data_type, ..
        } => {
            let (n, s) = colname(expr);
            if s >= 2 {
                (n, s)
            } else {
                (type_colname(&simple_type_key(data_type)), 1)
            }
        }
        Expr::TypedString(ts) => (type_colname(&simple_type_key(&ts.data_type)), 1),
        Expr::Interval(_) => ("interval".into(), 1),
        Expr::Value(v) if matches!(v.value, Value::Boolean(_)) => ("bool".into(), 1),
        Expr::Case { else_result, .. } => match else_result.as_deref().map(colname) {
            Some((n, 2)) => (n, 2),
            _ => ("case".into(), 1),
        },
        Expr::Exists { .. } => ("exists".into(), 2),
        Expr::Array(_) => ("array".into(), 2),
        Expr::Extract { .. } => ("extract".into(), 2),
        Expr::Substring { .. } => ("substring".into(), 2),
        Expr::Trim { .. } => ("btrim".into(), 2),
        Expr::AtTimeZone { .. } => ("timezone".into(), 2),
        Expr::Collate { expr, .. } => colname(expr),
        Expr::Tuple(_) => ("row".into(), 2),
        Expr::Subquery(q) => first_item_name(q)
            .map(|n| (n, 2))
            .unwrap_or(("?column?".into(), 0)),
        _ => ("?column?".into(), 0),
    }
}

/// A type key without a schema (for names only).
pub(super) fn simple_type_key(dt: &DataType) -> String {
    let text = dt.to_string();
    let text = if text.contains('"') {
        text
    } else {
        text.to_lowercase()
    };
    column_type_key(
        &Schema::default(),
        &crate::normalize::parse_type_name(&text, &Schema::default()),
    )
}

pub(super) fn first_item_name(q: &Query) -> Option<String> {
    let mut body = q.body.as_ref();
    loop {
        match body {
            SetExpr::Select(s) => {
                return match s.projection.first()? {
                    SelectItem::UnnamedExpr(e) => Some(colname(e).0),
                    SelectItem::ExprWithAlias { alias, .. } => Some(fold(alias)),
                    _ => None,
                }
            }
            SetExpr::SetOperation { left, .. } => body = left,
            SetExpr::Query(q) => body = q.body.as_ref(),
            _ => return None,
        }
    }
}
