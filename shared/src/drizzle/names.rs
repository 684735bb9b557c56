//! TypeScript identifiers and literals for the generated schema files.

use std::collections::HashSet;

/// JavaScript/TypeScript reserved words that cannot name a `const`.
const RESERVED: &[&str] = &[
    "break",
    "case",
    "catch",
    "class",
    "const",
    "continue",
    "debugger",
    "default",
    "delete",
    "do",
    "else",
    "enum",
    "export",
    "extends",
    "false",
    "finally",
    "for",
    "function",
    "if",
    "import",
    "in",
    "instanceof",
    "new",
    "null",
    "return",
    "super",
    "switch",
    "this",
    "throw",
    "true",
    "try",
    "typeof",
    "var",
    "void",
    "while",
    "with",
    "as",
    "implements",
    "interface",
    "let",
    "package",
    "private",
    "protected",
    "public",
    "static",
    "yield",
    "await",
    "any",
    "boolean",
    "number",
    "string",
    "symbol",
    "type",
    "from",
    "of",
    "undefined",
    "NaN",
    "Infinity",
    "eval",
    "arguments",
    // Names the generated files import themselves.
    "sql",
    "t",
];

/// `created_at` -> `createdAt`; non-alphanumeric characters separate words, a leading digit gets
/// an underscore, an empty result becomes `x`.
pub fn camel(name: &str) -> String {
    let mut out = String::new();
    for word in name
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            if out.is_empty() {
                out.extend(first.to_lowercase());
            } else {
                out.extend(first.to_uppercase());
            }
            out.push_str(chars.as_str());
        }
    }
    if out.is_empty() {
        out.push('x');
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, '_');
    }
    out
}

/// True when `name` can be written bare as a property name or binding.
pub fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    match chars.next() {
        Some(c) if c.is_ascii_alphabetic() || c == '_' || c == '$' => {}
        _ => return false,
    }
    chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
}

/// `name` with every character that cannot appear in an ASCII identifier replaced by `_`.
pub fn sanitize(name: &str) -> String {
    let mut out: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' || c == '$' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if out.is_empty() || out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, '_');
    }
    out
}

/// Hands out unique identifiers: a taken or reserved name gets a numeric suffix.
#[derive(Default)]
pub struct Allocator {
    taken: HashSet<String>,
}

impl Allocator {
    /// Marks names as used without handing them out.
    pub fn reserve(&mut self, names: &[&str]) {
        for n in names {
            self.taken.insert(n.to_string());
        }
    }

    /// A fresh property name based on `base`: unique, but reserved words are fine as keys.
    pub fn take_property(&mut self, base: &str) -> String {
        let mut candidate = base.to_string();
        let mut n = 2;
        while self.taken.contains(&candidate) {
            candidate = format!("{base}{n}");
            n += 1;
        }
        self.taken.insert(candidate.clone());
        candidate
    }

    /// A fresh identifier based on `base` (already camel-cased).
    pub fn take(&mut self, base: &str) -> String {
        let base = sanitize(base);
        let mut candidate = base.clone();
        let mut n = 2;
        while RESERVED.contains(&candidate.as_str()) || self.taken.contains(&candidate) {
            candidate = format!("{base}{n}");
            n += 1;
        }
        self.taken.insert(candidate.clone());
        candidate
    }
}

/// A single-quoted TypeScript string literal.
pub fn ts_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('\'');
    for c in s.chars() {
        match c {
            '\'' => out.push_str("\\'"),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\u{:04x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}

/// The body of a template literal whose cooked value is `s` (for drizzle's `sql` tag).
pub fn template_body(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            '`' => out.push_str("\\`"),
            '$' if chars.peek() == Some(&'{') => out.push_str("\\$"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
    out
}

/// `` sql`<text>` ``.
pub fn sql_template(text: &str) -> String {
    format!("sql`{}`", template_body(text))
}

/// A property key: bare when possible, quoted otherwise.
pub fn property_key(name: &str) -> String {
    if is_identifier(name) {
        name.to_string()
    } else {
        ts_string(name)
    }
}

/// `t.prop` or `t['prop']`.
pub fn member(object: &str, prop: &str) -> String {
    if is_identifier(prop) {
        format!("{object}.{prop}")
    } else {
        format!("{object}[{}]", ts_string(prop))
    }
}

/// A `/** ... */` doc comment for a comment text, indented.
pub fn doc_comment(text: &str, indent: &str) -> String {
    let body = text.replace("*/", "*\\/");
    let lines: Vec<&str> = body.lines().collect();
    if lines.len() <= 1 {
        return format!("{indent}/** {} */\n", body.trim());
    }
    let mut out = format!("{indent}/**\n");
    for l in lines {
        out.push_str(&format!("{indent} * {l}\n"));
    }
    out.push_str(&format!("{indent} */\n"));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn camel_case() {
        assert_eq!(camel("created_at"), "createdAt");
        assert_eq!(camel("Mixed Case"), "mixedCase");
        assert_eq!(camel("1st"), "_1st");
        assert_eq!(camel("__"), "x");
        assert_eq!(camel("wealth"), "wealth");
    }

    #[test]
    fn allocation_avoids_reserved_and_taken() {
        let mut a = Allocator::default();
        assert_eq!(a.take("delete"), "delete2");
        assert_eq!(a.take("users"), "users");
        assert_eq!(a.take("users"), "users2");
    }

    #[test]
    fn literals() {
        assert_eq!(ts_string("it's \\"), "'it\\'s \\\\'");
        assert_eq!(template_body("a`b${c}\\"), "a\\`b\\${c}\\\\");
        assert_eq!(member("t", "user"), "t.user");
        assert_eq!(member("t", "a b"), "t['a b']");
    }
}
