//! Rule 6's expression spelling ([`canonical_expression`]): identifiers quoted only where
//! PostgreSQL needs it, a table's own qualifier dropped, `trim(...)` as PostgreSQL prints it.
//! Separate because it is a small lexer of its own.

use std::collections::HashMap;

use crate::naming::quote_ident;

/// One lexical piece of an SQL expression, for [`canonical_expression`].
enum Piece {
    /// An identifier or keyword: its value (bare words folded to lower case, as PostgreSQL folds
    /// them), whether it was quoted, and its source text.
    Word {
        value: String,
        quoted: bool,
        raw: String,
    },
    /// A string literal or dollar-quoted text, copied verbatim.
    Literal(String),
    /// Anything else, copied verbatim (operators, parentheses, whitespace).
    Text(String),
}

/// Cuts an SQL expression into words and verbatim text. String literals (`'..'`, `E'..'`),
/// dollar-quoted text and Unicode-escaped identifiers (`U&".."`) are kept verbatim.
fn pieces(expr: &str) -> Vec<Piece> {
    let chars: Vec<char> = expr.chars().collect();
    let mut out = Vec::new();
    let mut text = String::new();
    let ident_char = |c: char| c.is_alphanumeric() || c == '_' || c == '$';
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let prev = if i > 0 { Some(chars[i - 1]) } else { None };
        if c == '\'' {
            // E'..' allows backslash escapes (the E itself was read as a word just before).
            let escapes = matches!(
                out.last(),
                Some(Piece::Word { raw, quoted: false, .. }) if raw.eq_ignore_ascii_case("e")
            ) && text.is_empty();
            if !text.is_empty() {
                out.push(Piece::Text(std::mem::take(&mut text)));
            }
            text.push(c);
            i += 1;
            while i < chars.len() {
                text.push(chars[i]);
                if escapes && chars[i] == '\\' && i + 1 < chars.len() {
                    text.push(chars[i + 1]);
                    i += 2;
                    continue;
                }
                if chars[i] == '\'' {
                    if chars.get(i + 1) == Some(&'\'') {
                        text.push('\'');
                        i += 2;
                        continue;
                    }
                    i += 1;
                    break;
                }
                i += 1;
            }
            out.push(Piece::Literal(std::mem::take(&mut text)));
            continue;
        }
        if c == '$' && !prev.is_some_and(ident_char) {
            // $tag$ ... $tag$ (a `$1` parameter is not a tag).
            let mut j = i + 1;
            while j < chars.len() && (chars[j].is_alphabetic() || chars[j] == '_') {
                j += 1;
            }
            if j < chars.len() && chars[j] == '$' {
                let tag: String = chars[i..=j].iter().collect();
                let rest: String = chars[j + 1..].iter().collect();
                let end = rest.find(&tag).map(|k| k + tag.len()).unwrap_or(rest.len());
                if !text.is_empty() {
                    out.push(Piece::Text(std::mem::take(&mut text)));
                }
                out.push(Piece::Literal(format!("{tag}{}", &rest[..end])));
                i = j + 1 + rest[..end].chars().count();
                continue;
            }
        }
        if c == '"' && prev != Some('&') {
            let mut value = String::new();
            let mut j = i + 1;
            let mut closed = false;
            while j < chars.len() {
                if chars[j] == '"' {
                    if chars.get(j + 1) == Some(&'"') {
                        value.push('"');
                        j += 2;
                        continue;
                    }
                    closed = true;
                    break;
                }
                value.push(chars[j]);
                j += 1;
            }
            if !closed {
                text.extend(&chars[i..]);
                break;
            }
            if !text.is_empty() {
                out.push(Piece::Text(std::mem::take(&mut text)));
            }
            out.push(Piece::Word {
                value,
                quoted: true,
                raw: chars[i..=j].iter().collect(),
            });
            i = j + 1;
            continue;
        }
        if (c.is_alphabetic() || c == '_') && !prev.is_some_and(ident_char) {
            let mut j = i;
            while j < chars.len() && ident_char(chars[j]) {
                j += 1;
            }
            if !text.is_empty() {
                out.push(Piece::Text(std::mem::take(&mut text)));
            }
            let raw: String = chars[i..j].iter().collect();
            out.push(Piece::Word {
                value: raw.to_lowercase(),
                quoted: false,
                raw,
            });
            i = j;
            continue;
        }
        text.push(c);
        i += 1;
    }
    if !text.is_empty() {
        out.push(Piece::Text(text));
    }
    out
}

/// Rule 6: an SQL expression spelled the way PostgreSQL prints it back, as far as identifiers go.
///
/// * A quoted identifier is quoted only when PostgreSQL needs it ([`quote_ident`]): `"price" > 0`
///   is `price > 0`, while `"Price"`, `"user"` and `"a b"` keep their quotes.
/// * In an expression that belongs to one table (a CHECK, an index key or predicate, a generation
///   expression; `own_table` is its schema and name), a column qualified with that table
///   (`orders.total`, `public.orders.total`) is the bare column: PostgreSQL prints
///   single-relation expressions unqualified. A qualified name followed by `(` is a function call
///   and is kept.
///
/// Literals, dollar-quoted text and everything else are kept verbatim.
pub fn canonical_expression(expr: &str, own_table: Option<(&str, &str)>) -> String {
    let ps = pieces(expr);
    let is_dot = |p: Option<&Piece>| matches!(p, Some(Piece::Text(t)) if t == ".");
    let is_word = |p: Option<&Piece>, name: &str| matches!(p, Some(Piece::Word { value, .. }) if value == name);
    let mut drop = vec![false; ps.len()];
    if let Some((schema, table)) = own_table {
        for i in 0..ps.len() {
            // table . column, not followed by `(`, not itself the tail of a longer name.
            if !is_word(ps.get(i), table)
                || !is_dot(ps.get(i + 1))
                || !matches!(ps.get(i + 2), Some(Piece::Word { .. }))
                || is_dot(ps.get(i + 3))
                || matches!(ps.get(i + 3), Some(Piece::Text(t)) if t.starts_with('('))
            {
                continue;
            }
            if i >= 2 && is_dot(ps.get(i - 1)) {
                if !is_word(ps.get(i - 2), schema) || (i >= 3 && is_dot(ps.get(i - 3))) {
                    continue;
                }
                drop[i - 2] = true;
                drop[i - 1] = true;
            }
            drop[i] = true;
            drop[i + 1] = true;
        }
    }
    // `trim(x)` is printed `TRIM(BOTH FROM x)`, `trim('x' from y)` `TRIM(BOTH 'x' FROM y)`.
    let mut after_paren: HashMap<usize, &str> = HashMap::new();
    for i in 0..ps.len() {
        let is_trim = matches!(&ps[i], Piece::Word { value, quoted: false, .. } if value == "trim");
        if !is_trim || !matches!(ps.get(i + 1), Some(Piece::Text(t)) if t.starts_with('(')) {
            continue;
        }
        let Some(Piece::Text(open)) = ps.get(i + 1) else {
            continue;
        };
        let mut depth = 0i32;
        let mut has_from = false;
        let mut explicit = false;
        let mut first_word = true;
        'scan: for p in ps.iter().skip(i + 1) {
            match p {
                Piece::Text(t) => {
                    for ch in t.chars() {
                        match ch {
                            '(' => depth += 1,
                            ')' => {
                                depth -= 1;
                                if depth == 0 {
                                    break 'scan;
                                }
                            }
                            c if !c.is_whitespace() => first_word = false,
                            _ => {}
                        }
                    }
                }
                Piece::Word { value, quoted, .. } => {
                    if first_word
                        && !quoted
                        && matches!(value.as_str(), "both" | "leading" | "trailing")
                    {
                        explicit = true;
                    }
                    if depth == 1 && !quoted && value == "from" {
                        has_from = true;
                    }
                    first_word = false;
                }
                Piece::Literal(_) => first_word = false,
            }
        }
        if !explicit && !open[1..].trim_start().starts_with(')') {
            after_paren.insert(i + 1, if has_from { "BOTH " } else { "BOTH FROM " });
        }
    }
    let mut out = String::with_capacity(expr.len());
    for (i, (p, dropped)) in ps.iter().zip(drop).enumerate() {
        if dropped {
            continue;
        }
        match p {
            Piece::Word {
                value,
                quoted: true,
                ..
            } => out.push_str(&quote_ident(value)),
            Piece::Word { raw, .. } => out.push_str(raw),
            Piece::Text(t) => match after_paren.get(&i) {
                Some(insert) => {
                    out.push('(');
                    out.push_str(insert);
                    out.push_str(t[1..].trim_start());
                }
                None => out.push_str(t),
            },
            Piece::Literal(t) => out.push_str(t),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expressions_quote_identifiers_only_where_postgresql_needs_it() {
        let c = |e: &str| canonical_expression(e, Some(("public", "orders")));
        assert_eq!(c("\"price\" > 0"), "price > 0");
        assert_eq!(
            c("\"Price\" > 0 AND \"user\" = 1"),
            "\"Price\" > 0 AND \"user\" = 1"
        );
        assert_eq!(c("\"a b\" <> 'x\"y'"), "\"a b\" <> 'x\"y'");
        assert_eq!(c("upper((\"title\"))"), "upper((title))");
        // Literals, E-strings and dollar quotes are untouched.
        assert_eq!(c("note = E'it\\'s \"q\"'"), "note = E'it\\'s \"q\"'");
        assert_eq!(c("note = $x$\"q\"$x$"), "note = $x$\"q\"$x$");
        assert_eq!(c("U&\"d\\0061t\" > 0"), "U&\"d\\0061t\" > 0");
    }

    #[test]
    fn expressions_drop_their_own_table_qualifier() {
        let c = |e: &str| canonical_expression(e, Some(("public", "wealth")));
        assert_eq!(c("\"wealth\".\"deleted_at\" is null"), "deleted_at is null");
        assert_eq!(c("public.wealth.deleted_at IS NULL"), "deleted_at IS NULL");
        // Other tables, other schemas, and function calls are kept.
        assert_eq!(c("other.deleted_at IS NULL"), "other.deleted_at IS NULL");
        assert_eq!(c("billing.wealth.x > 0"), "billing.wealth.x > 0");
        assert_eq!(c("wealth.f(x) > 0"), "wealth.f(x) > 0");
        assert_eq!(canonical_expression("wealth.x", None), "wealth.x");
    }

    #[test]
    fn trim_is_spelled_as_postgresql_prints_it() {
        let c = |e: &str| canonical_expression(e, None);
        assert_eq!(
            c("TRIM(friendly_name) <> ''"),
            "TRIM(BOTH FROM friendly_name) <> ''"
        );
        assert_eq!(c("trim('x' from name)"), "trim(BOTH 'x' from name)");
        assert_eq!(c("trim(lower(a)) = ''"), "trim(BOTH FROM lower(a)) = ''");
        for kept in [
            "TRIM(BOTH FROM a)",
            "trim(leading 'x' FROM a)",
            "btrim(a)",
            "\"trim\"(a)",
        ] {
            assert_eq!(c(kept), kept);
        }
        let once = c("trim(a)");
        assert_eq!(c(&once), once, "idempotent");
    }
}
