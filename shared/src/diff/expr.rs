//! Expression comparison keys from sqlparser's syntax tree.
//!
//! PostgreSQL prints stored expressions back in its own spelling: every operation parenthesised,
//! casts on literals and on columns (`(price > (0)::numeric)`, `((name)::text <> ''::text)`),
//! `IN (..)` as `= ANY (ARRAY[..])`, `BETWEEN` as two comparisons, `LIKE` as `~~`. The key is
//! printed from the parsed tree instead of the text, so grouping is kept exactly as the tree has
//! it (every operation bracketed once, redundant parentheses gone) and those spellings meet:
//! casts are dropped, unquoted names and keywords lowercased, `IN` lists, `BETWEEN` and `LIKE`
//! written the way PostgreSQL writes them.

use sqlparser::ast::{
    BinaryOperator, Expr, FunctionArg, FunctionArgExpr, FunctionArguments, Ident, InTarget, Value,
};

/// The key of `text`, or `None` when it is not one expression within [`crate::sql`]'s limits
/// (too long or deep to walk safely): such text is then compared as written.
pub(super) fn ast_key(text: &str) -> Option<String> {
    let expr = crate::sql::parse_expression(text).ok()?;
    Some(key(&expr))
}

fn ident(i: &Ident) -> String {
    match i.quote_style {
        Some(_) => format!("\"{}\"", i.value),
        None => i.value.to_lowercase(),
    }
}

fn unwrap(e: &Expr) -> &Expr {
    match e {
        Expr::Nested(x) => unwrap(x),
        Expr::Cast { expr, .. } => unwrap(expr),
        other => other,
    }
}

fn list(items: &[Expr]) -> String {
    items.iter().map(key).collect::<Vec<_>>().join(", ")
}

/// `ANY`/`ALL` right-hand side: an array literal and a parenthesised list read the same.
fn array_side(e: &Expr) -> String {
    match unwrap(e) {
        Expr::Array(a) => format!("[{}]", list(&a.elem)),
        other => key(other),
    }
}

fn key(e: &Expr) -> String {
    match e {
        Expr::Nested(x) => key(x),
        Expr::Cast { expr, .. } => match unwrap(expr) {
            // `'-1'::integer` is how PostgreSQL prints a negative number.
            Expr::Value(v) => match &v.value {
                Value::SingleQuotedString(s) if s.parse::<f64>().is_ok() => s.clone(),
                _ => key(expr),
            },
            _ => key(expr),
        },
        Expr::Identifier(i) => ident(i),
        Expr::CompoundIdentifier(parts) => parts.iter().map(ident).collect::<Vec<_>>().join("."),
        Expr::Value(v) => match &v.value {
            Value::Boolean(b) => b.to_string(),
            Value::Null => "null".into(),
            other => other.to_string(),
        },
        Expr::BinaryOp { left, op, right } => {
            format!("({} {} {})", key(left), op_key(op), key(right))
        }
        Expr::UnaryOp { op, expr } => match unwrap(expr) {
            Expr::Value(v) if op.to_string() == "-" => format!("-{}", v.value),
            _ => format!("({} {})", op.to_string().to_lowercase(), key(expr)),
        },
        Expr::In {
            expr,
            target: InTarget::List(items),
            negated,
            global: false,
        } => format!(
            "({} {} [{}])",
            key(expr),
            if *negated { "<> all" } else { "= any" },
            list(items)
        ),
        Expr::AnyOp {
            left,
            compare_op,
            right,
            ..
        } => format!(
            "({} {} any {})",
            key(left),
            op_key(compare_op),
            array_side(right)
        ),
        Expr::AllOp {
            left,
            compare_op,
            right,
        } => format!(
            "({} {} all {})",
            key(left),
            op_key(compare_op),
            array_side(right)
        ),
        Expr::Array(a) => format!("[{}]", list(&a.elem)),
        Expr::IsNull(x) => format!("({} is null)", key(x)),
        Expr::IsNotNull(x) => format!("({} is not null)", key(x)),
        Expr::IsTrue(x) => format!("({} is true)", key(x)),
        Expr::IsFalse(x) => format!("({} is false)", key(x)),
        Expr::Between {
            expr,
            negated,
            low,
            high,
        } => {
            let (x, l, h) = (key(expr), key(low), key(high));
            if *negated {
                format!("(({x} < {l}) or ({x} > {h}))")
            } else {
                format!("(({x} >= {l}) and ({x} <= {h}))")
            }
        }
        Expr::Like {
            negated,
            expr,
            pattern,
            escape_char: None,
            any: false,
        } => format!(
            "({} {} {})",
            key(expr),
            if *negated { "!~~" } else { "~~" },
            key(pattern)
        ),
        Expr::ILike {
            negated,
            expr,
            pattern,
            escape_char: None,
            any: false,
        } => format!(
            "({} {} {})",
            key(expr),
            if *negated { "!~~*" } else { "~~*" },
            key(pattern)
        ),
        Expr::Function(f) => {
            let name = f
                .name
                .0
                .iter()
                .map(|p| match p.as_ident() {
                    Some(i) => ident(i),
                    None => p.to_string().to_lowercase(),
                })
                .collect::<Vec<_>>()
                .join(".");
            // pg_catalog.now() and now() are the same function.
            let name = name
                .strip_prefix("pg_catalog.")
                .unwrap_or(&name)
                .to_string();
            match &f.args {
                FunctionArguments::List(args) if f.filter.is_none() && f.over.is_none() => {
                    let args = args
                        .args
                        .iter()
                        .map(|a| match a {
                            FunctionArg::Unnamed(FunctionArgExpr::Expr(x)) => key(x),
                            other => other.to_string().to_lowercase(),
                        })
                        .collect::<Vec<_>>()
                        .join(", ");
                    format!("{name}({args})")
                }
                FunctionArguments::None => name,
                _ => f.to_string().to_lowercase(),
            }
        }
        // Anything else: its own printing, lowercased outside quotes by the token key.
        other => super::token_key(&other.to_string()),
    }
}

fn op_key(op: &BinaryOperator) -> String {
    match op {
        BinaryOperator::NotEq => "<>".into(),
        other => other.to_string().to_lowercase(),
    }
}

#[cfg(test)]
mod tests {
    use super::ast_key;

    fn same(a: &str, b: &str) {
        assert_eq!(ast_key(a), ast_key(b), "{a} vs {b}");
        assert!(ast_key(a).is_some(), "{a}");
    }

    #[test]
    fn postgres_spellings_meet_the_source() {
        same("price > 0", "(price > (0)::numeric)");
        same("name <> ''", "((name)::text <> ''::text)");
        same("name != ''", "name <> ''");
        same(
            "status IN ('new', 'paid')",
            "(status = ANY (ARRAY['new'::text, 'paid'::text]))",
        );
        same("status NOT IN ('a')", "(status <> ALL (ARRAY['a'::text]))");
        same("a BETWEEN 1 AND 5", "((a >= 1) AND (a <= 5))");
        same("email LIKE '%@%'", "((email)::text ~~ '%@%'::text)");
        same("a > -1", "(a > '-1'::integer)");
        same("LOWER(email)", "lower((email)::text)");
        same("a + b * c", "(a + (b * c))");
        same(
            "x IS NOT NULL AND y IS NULL",
            "((x IS NOT NULL) AND (y IS NULL))",
        );
        same("now()", "pg_catalog.now()");
    }

    #[test]
    fn grouping_and_literals_still_count() {
        assert_ne!(ast_key("(a + b) * c"), ast_key("a + b * c"));
        assert_ne!(ast_key("x = 'A'"), ast_key("x = 'a'"));
        assert_ne!(ast_key("a > 1"), ast_key("a > 2"));
        assert_ne!(ast_key("\"Name\" = 1"), ast_key("name = 1"));
    }
}
