//! Rules 2 and 3 for one default ([`normalize_default`]): `DEFAULT NULL` dropped, and literal
//! defaults typed as booleans, numbers, strings or JSON according to the column type.

use crate::model::{ColumnType, DefaultValue, Schema};

use super::expression::canonical_expression;
use super::numbers::canonical_number;
use super::types::{is_numeric_type, parse_type_name, same_base_type};
use crate::sql::lexical::{is_type_text, parse_string_literal, strip_parens};

/// `'public.x'::regclass` spelled `'x'::regclass`, as PostgreSQL prints a regclass constant of
/// the default schema (pg_dump writes `nextval('public.x_seq'::regclass)`).
fn unqualified_public_regclass(expr: &str) -> String {
    let mut out = String::with_capacity(expr.len());
    let mut rest = expr;
    while let Some(i) = rest.find("'public.").or_else(|| rest.find("'\"public\".")) {
        let prefix_len = if rest[i..].starts_with("'public.") {
            8
        } else {
            10
        };
        let after = &rest[i + prefix_len..];
        let is_regclass = after
            .find('\'')
            .is_some_and(|end| after[end..].starts_with("'::regclass") && end > 0);
        out.push_str(&rest[..=i]);
        if !is_regclass {
            out.push_str(&rest[i + 1..i + prefix_len]);
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

/// Rule 2 and 3 for one default: `None` for `DEFAULT NULL`, otherwise the typed form.
pub fn normalize_default(
    schema: &Schema,
    ty: &ColumnType,
    value: DefaultValue,
) -> Option<DefaultValue> {
    match value {
        DefaultValue::Null => None,
        DefaultValue::String(s) if matches!(ty, ColumnType::Json | ColumnType::Jsonb) => {
            match serde_json::from_str(&s) {
                Ok(v) => Some(DefaultValue::Json(v)),
                Err(_) => Some(DefaultValue::String(s)),
            }
        }
        DefaultValue::Number(n) => Some(DefaultValue::Number(canonical_number(ty, n.trim()))),
        DefaultValue::Expression(e) => {
            let e = unqualified_public_regclass(&canonical_expression(e.trim(), None));
            normalize_expression_default(schema, ty, &e)
        }
        other => Some(other),
    }
}

fn normalize_expression_default(
    schema: &Schema,
    ty: &ColumnType,
    text: &str,
) -> Option<DefaultValue> {
    let bare = strip_parens(text);
    let lower = bare.to_ascii_lowercase();
    if lower == "null" || lower.strip_prefix("null::").is_some_and(is_type_text) {
        return None;
    }
    if matches!(ty, ColumnType::Boolean) {
        match lower.as_str() {
            "true" => return Some(DefaultValue::Boolean(true)),
            "false" => return Some(DefaultValue::Boolean(false)),
            _ => {}
        }
    }
    if (is_numeric_type(ty) || matches!(ty, ColumnType::Custom { .. }))
        && crate::validate::is_numeric_literal(bare)
    {
        return Some(DefaultValue::Number(canonical_number(ty, bare)));
    }
    if let Some((value, rest)) = parse_string_literal(bare) {
        let rest = rest.trim();
        let cast_ty = rest
            .strip_prefix("::")
            .map(|cast| parse_type_name(cast, schema));
        // A negative number prints as `'-1'::integer` even on a smallint or numeric column.
        if is_numeric_type(ty)
            && cast_ty.as_ref().is_some_and(is_numeric_type)
            && crate::validate::is_numeric_literal(value.trim())
        {
            return Some(DefaultValue::Number(canonical_number(ty, value.trim())));
        }
        let cast_ok = match &cast_ty {
            None => rest.is_empty(),
            Some(cast_ty) => same_base_type(cast_ty, ty),
        };
        if cast_ok {
            if matches!(ty, ColumnType::Json | ColumnType::Jsonb) {
                if let Ok(v) = serde_json::from_str(&value) {
                    return Some(DefaultValue::Json(v));
                }
            }
            if is_numeric_type(ty) && crate::validate::is_numeric_literal(value.trim()) {
                return Some(DefaultValue::Number(canonical_number(ty, value.trim())));
            }
            if matches!(ty, ColumnType::Boolean) {
                match value.trim().to_ascii_lowercase().as_str() {
                    "true" | "t" => return Some(DefaultValue::Boolean(true)),
                    "false" | "f" => return Some(DefaultValue::Boolean(false)),
                    _ => {}
                }
            }
            return Some(DefaultValue::String(value));
        }
    }
    Some(DefaultValue::Expression(text.to_string()))
}

#[cfg(test)]
mod tests {
    use super::super::types::normalize_type;
    use super::*;

    #[test]
    fn regclass_constants_of_the_default_schema_are_unqualified() {
        let u = unqualified_public_regclass;
        assert_eq!(
            u("nextval('public.a_seq'::regclass)"),
            "nextval('a_seq'::regclass)"
        );
        assert_eq!(
            u("nextval('\"public\".\"A\"'::regclass)"),
            "nextval('\"A\"'::regclass)"
        );
        assert_eq!(
            u("nextval('billing.a'::regclass)"),
            "nextval('billing.a'::regclass)"
        );
        assert_eq!(u("'public.x'::text"), "'public.x'::text");
        assert_eq!(u("'public.'::regclass"), "'public.'::regclass");
    }

    #[test]
    fn custom_types_of_the_default_schema_are_unqualified() {
        let s = Schema::default();
        let t = |n: &str| normalize_type(&ColumnType::Custom { name: n.into() }, &s);
        assert_eq!(
            t("public.citext"),
            ColumnType::Custom {
                name: "citext".into()
            }
        );
        assert_eq!(
            t("\"public\".hstore"),
            ColumnType::Custom {
                name: "hstore".into()
            }
        );
        assert_eq!(
            t("extensions.citext"),
            ColumnType::Custom {
                name: "extensions.citext".into()
            }
        );
        // A cast to the qualified name is still a cast to the column's own type.
        let d = normalize_default(
            &s,
            &ColumnType::Custom {
                name: "hstore".into(),
            },
            DefaultValue::Expression("''::public.hstore".into()),
        );
        assert_eq!(d, Some(DefaultValue::String(String::new())));
    }
}
