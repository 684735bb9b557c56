//! Small scanners over SQL text shared by the type, default and serial rules: string literals,
//! qualified names, balanced parentheses. Separate so those rules can share them without
//! depending on each other.

pub(crate) fn strip_suffix_ci<'a>(s: &'a str, suffix: &str) -> Option<&'a str> {
    if s.len() >= suffix.len()
        && s.is_char_boundary(s.len() - suffix.len())
        && s[s.len() - suffix.len()..].eq_ignore_ascii_case(suffix)
    {
        Some(&s[..s.len() - suffix.len()])
    } else {
        None
    }
}

/// Splits `a.b` / `"A"."b"` into identifier parts (bare parts lowercased, quoted kept).
pub(crate) fn split_qualified_name(text: &str) -> Option<Vec<String>> {
    let mut parts = Vec::new();
    let mut chars = text.trim().chars().peekable();
    loop {
        let mut part = String::new();
        if chars.peek() == Some(&'"') {
            chars.next();
            loop {
                match chars.next() {
                    Some('"') => {
                        if chars.peek() == Some(&'"') {
                            chars.next();
                            part.push('"');
                        } else {
                            break;
                        }
                    }
                    Some(c) => part.push(c),
                    None => return None,
                }
            }
        } else {
            while let Some(&c) = chars.peek() {
                if c == '.' {
                    break;
                }
                part.push(c.to_ascii_lowercase());
                chars.next();
            }
            part = part.trim().to_string();
        }
        if part.is_empty() {
            return None;
        }
        parts.push(part);
        match chars.next() {
            Some('.') => continue,
            None => break,
            Some(_) => return None,
        }
    }
    Some(parts)
}

/// Parses a leading SQL string literal (`'..'` with `''` escapes, or `E'..'` with backslash
/// escapes); returns its value and the rest of the text.
pub(crate) fn parse_string_literal(s: &str) -> Option<(String, &str)> {
    let (escape, body) = if let Some(b) = s.strip_prefix(['E', 'e']) {
        (true, b.strip_prefix('\'')?)
    } else {
        (false, s.strip_prefix('\'')?)
    };
    let mut out = String::new();
    let mut iter = body.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        match c {
            '\'' => {
                if let Some(&(_, '\'')) = iter.peek() {
                    iter.next();
                    out.push('\'');
                } else {
                    return Some((out, &body[i + 1..]));
                }
            }
            '\\' if escape => match iter.next() {
                Some((_, 'n')) => out.push('\n'),
                Some((_, 't')) => out.push('\t'),
                Some((_, 'r')) => out.push('\r'),
                Some((_, 'b')) => out.push('\u{8}'),
                Some((_, 'f')) => out.push('\u{c}'),
                Some((_, other)) => out.push(other),
                None => return None,
            },
            other => out.push(other),
        }
    }
    None
}

/// Strips balanced outer parentheses: `((-1))` -> `-1`.
pub(crate) fn strip_parens(mut s: &str) -> &str {
    loop {
        let t = s.trim();
        if t.starts_with('(') && t.ends_with(')') && outer_parens_match(t) {
            s = &t[1..t.len() - 1];
        } else {
            return t;
        }
    }
}

fn outer_parens_match(t: &str) -> bool {
    let mut depth = 0i32;
    let mut in_str = false;
    for (i, c) in t.char_indices() {
        if in_str {
            if c == '\'' {
                in_str = false;
            }
            continue;
        }
        match c {
            '\'' => in_str = true,
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 && i != t.len() - 1 {
                    return false;
                }
            }
            _ => {}
        }
    }
    depth == 0
}

/// Plausibly just a type name (`character varying`, `auth."Role"`, `numeric(10,2)[]`), so that
/// `NULL::<it>` is a plain NULL and not the start of a larger expression.
pub(crate) fn is_type_text(s: &str) -> bool {
    !s.trim().is_empty()
        && s.chars().all(|c| {
            c.is_alphanumeric() || matches!(c, '_' | ' ' | '.' | '"' | '(' | ')' | '[' | ']' | ',')
        })
}

/// The sequence name parts in `nextval('<name>'::regclass)` (`schema.name` gives two parts,
/// quoted parts keep their case, bare parts are lowercased).
pub(crate) fn nextval_sequence(expr: &str) -> Option<Vec<String>> {
    let e = expr.trim();
    let lower = e.to_ascii_lowercase();
    if !lower.starts_with("nextval(") || !e.ends_with(')') {
        return None;
    }
    let inner = e["nextval(".len()..e.len() - 1].trim();
    let inner = strip_suffix_ci(inner, "::regclass").unwrap_or(inner).trim();
    let (text, rest) = parse_string_literal(inner)?;
    if !rest.trim().is_empty() {
        return None;
    }
    split_qualified_name(&text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parens() {
        assert_eq!(strip_parens("((-1))"), "-1");
        assert_eq!(strip_parens("(a) + (b)"), "(a) + (b)");
    }
}
