//! Functions and triggers in canonical form: types spelled as PostgreSQL's `format_type` prints
//! them (no type modifiers on arguments, `public.` left out), literal defaults without the cast
//! PostgreSQL adds, trigger events in PostgreSQL's order.

use crate::model::{Function, Trigger};
use std::borrow::Cow;

/// A name part quoted only when it is not a plain lower-case identifier (`format_type` leaves
/// type names that are keywords, such as `interval`, bare).
fn quote_ident(name: &str) -> Cow<'_, str> {
    let mut chars = name.chars();
    let plain = chars
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c == '_')
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '$');
    if plain {
        Cow::Borrowed(name)
    } else {
        Cow::Owned(format!("\"{}\"", name.replace('"', "\"\"")))
    }
}

/// Builtin type spellings and the name `format_type` prints for them.
const ALIASES: &[(&str, &str)] = &[
    ("int", "integer"),
    ("int4", "integer"),
    ("integer", "integer"),
    ("int2", "smallint"),
    ("int8", "bigint"),
    ("float4", "real"),
    ("float8", "double precision"),
    ("float", "double precision"),
    ("bool", "boolean"),
    ("varchar", "character varying"),
    ("char varying", "character varying"),
    ("char", "character"),
    ("bpchar", "character"),
    ("decimal", "numeric"),
    ("timestamp", "timestamp without time zone"),
    ("timestamptz", "timestamp with time zone"),
    ("time", "time without time zone"),
    ("timetz", "time with time zone"),
    ("varbit", "bit varying"),
];

/// Splits `text` at `sep` outside double quotes and brackets.
fn split_outside(text: &str, sep: char) -> Vec<&str> {
    let (mut out, mut start, mut quoted, mut depth) = (Vec::new(), 0, false, 0usize);
    for (i, ch) in text.char_indices() {
        match ch {
            '"' => quoted = !quoted,
            '(' | '[' if !quoted => depth += 1,
            ')' | ']' if !quoted => depth = depth.saturating_sub(1),
            c if c == sep && !quoted && depth == 0 => {
                out.push(&text[start..i]);
                start = i + ch.len_utf8();
            }
            _ => {}
        }
    }
    out.push(&text[start..]);
    out
}

/// A name part: unquoted folded to lower case, quoted unescaped.
fn fold_part(p: &str) -> String {
    let p = p.trim();
    match p.strip_prefix('"').and_then(|x| x.strip_suffix('"')) {
        Some(inner) => inner.replace("\"\"", "\""),
        None => p.to_lowercase(),
    }
}

/// An argument or result type as `format_type` prints it: `int` → `integer`,
/// `varchar(20)` → `character varying`, `public.mood` → `mood`, `TEXT []` → `text[]`.
/// `%TYPE` references and anything unusual are kept, trimmed.
pub fn canonical_arg_type(text: &str) -> String {
    let mut t = text.trim();
    if t.contains('%') || t.is_empty() {
        return t.to_string();
    }
    // Array suffixes.
    let mut dims = 0;
    loop {
        let trimmed = t.trim_end();
        if trimmed.ends_with(']') {
            let Some(open) = trimmed.rfind('[') else {
                return text.trim().to_string();
            };
            dims += 1;
            t = &trimmed[..open];
        } else if trimmed.len() > 6 && trimmed[trimmed.len() - 6..].eq_ignore_ascii_case(" array") {
            dims += 1;
            t = &trimmed[..trimmed.len() - 6];
        } else {
            t = trimmed;
            break;
        }
    }
    // Type modifiers (`(20)`, `(10, 2)`) are dropped; in `timestamp(3) with time zone` too.
    let mut base = String::new();
    let (mut depth, mut quoted) = (0usize, false);
    for ch in t.chars() {
        match ch {
            '"' => {
                quoted = !quoted;
                base.push(ch);
            }
            '(' if !quoted => depth += 1,
            ')' if !quoted => depth = depth.saturating_sub(1),
            c if depth == 0 => base.push(c),
            _ => {}
        }
    }
    let quoted_last = base.trim_end().ends_with('"');
    let parts: Vec<String> = split_outside(&base, '.')
        .into_iter()
        .map(|p| {
            if p.trim().starts_with('"') {
                fold_part(p)
            } else {
                p.split_whitespace()
                    .map(str::to_lowercase)
                    .collect::<Vec<_>>()
                    .join(" ")
            }
        })
        .collect();
    let name = match parts.as_slice() {
        // `"char"` is its own type, not `character`: a quoted builtin name keeps its quotes.
        [one] if quoted_last && ALIASES.iter().any(|(a, _)| a == one) => format!("\"{one}\""),
        [one] if quoted_last => quote_ident(one).into_owned(),
        [schema, name] if quoted_last && (schema == "public" || schema == "pg_catalog") => {
            quote_ident(name).into_owned()
        }
        [one] => {
            let known = ALIASES
                .iter()
                .find(|(a, _)| a == one)
                .map(|(_, b)| b.to_string());
            match known {
                Some(k) => k,
                None if one.contains(' ') => one.clone(),
                None => quote_ident(one).into_owned(),
            }
        }
        [schema, name] if schema == "public" || schema == "pg_catalog" => {
            let known = ALIASES
                .iter()
                .find(|(a, _)| a == name)
                .map(|(_, b)| b.to_string());
            known.unwrap_or_else(|| quote_ident(name).into_owned())
        }
        _ => parts
            .iter()
            .map(|p| quote_ident(p).into_owned())
            .collect::<Vec<_>>()
            .join("."),
    };
    format!("{name}{}", "[]".repeat(dims))
}

/// A result type as `pg_get_function_result` prints it.
pub fn canonical_result(text: &str) -> String {
    let t = text.trim();
    let upper = t.to_ascii_uppercase();
    if let Some(rest) = upper.strip_prefix("SETOF ") {
        let rest_text = &t[t.len() - rest.len()..];
        return format!("SETOF {}", canonical_arg_type(rest_text));
    }
    if upper.starts_with("TABLE") && t.ends_with(')') {
        if let Some(open) = t.find('(') {
            let inner = &t[open + 1..t.len() - 1];
            let cols: Vec<String> = split_outside(inner, ',')
                .into_iter()
                .filter_map(|c| {
                    let c = c.trim();
                    let (name, ty) = if let Some(after) = c.strip_prefix('"') {
                        let close = after.find('"')? + 2;
                        (fold_part(&c[..close]), &c[close..])
                    } else {
                        let sp = c.find(char::is_whitespace)?;
                        (c[..sp].to_lowercase(), &c[sp..])
                    };
                    Some(format!("{} {}", quote_ident(&name), canonical_arg_type(ty)))
                })
                .collect();
            return format!("TABLE({})", cols.join(", "));
        }
    }
    canonical_arg_type(t)
}

/// Rule for routines: canonical types, results and defaults; lower-case language.
pub(super) fn normalize_function(f: &mut Function) {
    for a in &mut f.arguments {
        a.ty = canonical_arg_type(&a.ty);
        if let Some(d) = &mut a.default {
            let e = super::canonical_expression(d.trim(), None);
            let cast = format!("::{}", a.ty);
            let e = match e.strip_suffix(&cast) {
                Some(inner) if !inner.is_empty() => {
                    crate::sql::lexical::strip_parens(inner).to_string()
                }
                _ => e,
            };
            *d = e;
        }
        if a.name.as_deref() == Some("") {
            a.name = None;
        }
    }
    f.returns = f.returns.as_deref().map(canonical_result);
    f.language = f.language.trim().to_ascii_lowercase();
    f.config.retain(|k, _| !k.is_empty());
    if let Some(a) = &mut f.aggregate {
        a.sfunc = canonical_routine_name(&a.sfunc);
        a.stype = canonical_arg_type(&a.stype);
        let options = std::mem::take(&mut a.options);
        for (k, v) in options {
            let k = k.trim().to_ascii_uppercase();
            let v = match k.as_str() {
                "MSTYPE" => canonical_arg_type(&v),
                "FINALFUNC_EXTRA" | "MFINALFUNC_EXTRA" => String::new(),
                // The default for a plain aggregate.
                "FINALFUNC_MODIFY" | "MFINALFUNC_MODIFY"
                    if v.trim().eq_ignore_ascii_case("read_only") =>
                {
                    continue
                }
                "FINALFUNC_MODIFY" | "MFINALFUNC_MODIFY" => v.trim().to_ascii_uppercase(),
                "SSPACE" | "MSSPACE" if v.trim() == "0" => continue,
                "SORTOP" => canonical_operator(&v),
                // A literal's content, spaces included.
                "INITCOND" | "MINITCOND" => v,
                k if crate::model::Aggregate::ROUTINE_OPTIONS.contains(&k) => {
                    canonical_routine_name(&v)
                }
                _ => v.trim().to_string(),
            };
            a.options.insert(k, v);
        }
    }
}

/// A sort operator as introspection prints it: `OPERATOR(pg_catalog.>)` and `OPERATOR(public.>)`
/// are `>`.
fn canonical_operator(text: &str) -> String {
    let t = text.trim();
    let inner = t
        .strip_prefix("OPERATOR(")
        .or_else(|| t.strip_prefix("operator("))
        .and_then(|x| x.strip_suffix(')'));
    match inner.map(|x| x.trim()) {
        Some(x) => match x.split_once('.') {
            Some((schema, op)) if matches!(schema.trim(), "pg_catalog" | "public") => {
                op.trim().to_string()
            }
            _ => t.to_string(),
        },
        None => t.to_string(),
    }
}

/// A routine named in an aggregate's options as PostgreSQL resolves it: parts folded, `public.`
/// and `pg_catalog.` left out (both are on the search path), quoted where needed.
pub fn canonical_routine_name(text: &str) -> String {
    let parts: Vec<String> = split_outside(text.trim(), '.')
        .into_iter()
        .map(fold_part)
        .collect();
    let parts: &[String] = match parts.as_slice() {
        [schema, rest @ ..]
            if !rest.is_empty() && (schema == "public" || schema == "pg_catalog") =>
        {
            rest
        }
        all => all,
    };
    parts
        .iter()
        .map(|p| quote_ident(p).into_owned())
        .collect::<Vec<_>>()
        .join(".")
}

/// Rule for triggers: events in PostgreSQL's order without repeats; `WHEN` without its outer
/// parentheses.
pub(super) fn normalize_trigger(t: &mut Trigger) {
    t.events.sort();
    t.events.dedup();
    if let Some(w) = &mut t.when {
        *w = crate::sql::lexical::strip_parens(w).trim().to_string();
    }
    if !t.events.contains(&crate::model::TriggerEvent::Update) {
        t.update_of.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aggregate_options_in_one_spelling() {
        assert_eq!(
            canonical_routine_name("public._Group_concat"),
            "_group_concat"
        );
        assert_eq!(canonical_routine_name("pg_catalog.int4pl"), "int4pl");
        assert_eq!(canonical_routine_name("App.\"Odd\""), "app.\"Odd\"");
        let mut f = crate::import::function_from_definition(
            "CREATE AGGREGATE s(int4) (SFUNC = pg_catalog.int4pl, STYPE = int4, INITCOND = '0', \
             FINALFUNC_MODIFY = read_only, SSPACE = 0, mstype = int8, finalfunc = public.Fin)",
        )
        .unwrap();
        normalize_function(&mut f);
        let a = f.aggregate.unwrap();
        assert_eq!((a.sfunc.as_str(), a.stype.as_str()), ("int4pl", "integer"));
        assert_eq!(f.arguments[0].ty, "integer");
        let options: Vec<(&str, &str)> = a
            .options
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        assert_eq!(
            options,
            [
                ("FINALFUNC", "fin"),
                ("INITCOND", "0"),
                ("MSTYPE", "bigint")
            ]
        );
        let mut f = crate::import::function_from_definition(
            "CREATE AGGREGATE s(text) (SFUNC = textcat, STYPE = text, INITCOND = ' a ', \
             SORTOP = OPERATOR(pg_catalog.>))",
        )
        .unwrap();
        normalize_function(&mut f);
        let a = f.aggregate.unwrap();
        assert_eq!(a.options["INITCOND"], " a ");
        assert_eq!(a.options["SORTOP"], ">");
    }

    #[test]
    fn types_as_format_type_prints_them() {
        for (a, b) in [
            ("int", "integer"),
            ("INT4", "integer"),
            ("varchar(20)", "character varying"),
            ("character varying(20)", "character varying"),
            ("public.mood", "mood"),
            ("\"public\".\"Mood\"", "\"Mood\""),
            ("auth.Role", "auth.role"),
            ("TEXT []", "text[]"),
            ("int ARRAY", "integer[]"),
            ("timestamptz", "timestamp with time zone"),
            ("timestamp(3) with time zone", "timestamp with time zone"),
            ("numeric(10,2)", "numeric"),
            ("double   precision", "double precision"),
            ("users.id%TYPE", "users.id%TYPE"),
            ("\"char\"", "\"char\""),
        ] {
            assert_eq!(canonical_arg_type(a), b, "{a}");
        }
        assert_eq!(canonical_result("setof public.users"), "SETOF users");
        assert_eq!(
            canonical_result("TABLE (id int, \"Name\" varchar(3))"),
            "TABLE(id integer, \"Name\" character varying)"
        );
    }
}
