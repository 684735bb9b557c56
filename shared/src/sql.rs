//! SQL text, read safely: the one lexer ([`split`]), limits that keep every parse and every walk
//! of a syntax tree shallow, and the parsers for the fragments a design carries.
//!
//! The lexer is the only code that knows where PostgreSQL strings, dollar quotes, quoted
//! identifiers and comments begin and end. The importer cuts dumps with it, the apply engine cuts
//! migration files with it ([`split_script`], which also hands over the `--` comment lines above
//! each statement, and [`leading_words`] to classify them), and renames in expressions go through
//! it ([`replace_words`]), so a `;` or a name inside a string is never mistaken for code by one
//! reader and not by another.
//!
//! A design holds SQL fragments — defaults, CHECK and generated expressions, index expressions
//! and predicates, view queries, custom type names — that the renderer writes into DDL. Pasted
//! unread, `1; DROP TABLE victim` would become a second statement; so validation reads each one
//! with sqlparser as exactly one expression (one query, one type name) and anything else is a
//! problem naming where it went wrong.
//!
//! Depth: sqlparser guards its own recursion (parentheses, subqueries), but parses an operator
//! chain (`a OR b OR c ...`, `1 + 1 + ...`, `int[][]...`) in a loop into a *left-deep* tree that
//! every printer, comparer and destructor then walks recursively — 12,000 terms overflow any
//! stack. [`check_limits`] bounds chains, nesting and size from the tokens, before any parse, with
//! limits real schemas do not reach.

pub(crate) mod lexical;
pub mod split;

use sqlparser::ast::{DataType, Expr, Query};
use sqlparser::dialect::PostgreSqlDialect;
use sqlparser::parser::{Parser, ParserError};
use sqlparser::tokenizer::Token;

use split::{Tok, TokKind};

/// Longest SQL fragment (expression, query, type name) read, in bytes.
pub const MAX_FRAGMENT_BYTES: usize = 1024 * 1024;
/// Most operators in one chain at one level (`a OR b OR ...`): the depth of the tree it parses to.
pub const MAX_OPERATOR_CHAIN: usize = 500;
/// Deepest nesting of parentheses and brackets.
pub const MAX_NESTING: usize = 48;
/// Most array dimensions of a type (PostgreSQL's own limit, `MAXDIM`).
pub const MAX_ARRAY_DIMENSIONS: usize = 6;

/// Why a fragment was not read, and where (1-based line and column within the fragment).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{message} (at line {line}, column {column})")]
pub struct FragmentError {
    /// What is wrong.
    pub message: String,
    /// 1-based line in the fragment.
    pub line: usize,
    /// 1-based column (characters) in the fragment.
    pub column: usize,
}

impl FragmentError {
    fn at(text: &str, offset: usize, message: impl Into<String>) -> FragmentError {
        let (line, column) = split::LineIndex::new(text).line_col(offset);
        FragmentError {
            message: message.into(),
            line,
            column,
        }
    }
}

/// What a word does to the depth of the tree an expression parses to.
#[derive(Clone, Copy, PartialEq, Eq)]
enum WordRole {
    /// Joins two operands (`AND`, `LIKE`, ...), so a run of them builds a deep tree.
    Operator,
    /// Starts a new list item or clause (`WHEN`, `FROM`, ...): the tree does not get deeper
    /// across it.
    Separator,
}

/// The role of word token `t` (in any case), if it has one.
fn word_role(text: &str, t: &Tok) -> Option<WordRole> {
    const LONGEST: usize = 10;
    let word = text.get(t.start..t.end)?.as_bytes();
    if t.kind != TokKind::Word || word.len() > LONGEST {
        return None;
    }
    let mut upper = [0u8; LONGEST];
    let upper = &mut upper[..word.len()];
    for (u, c) in upper.iter_mut().zip(word) {
        *u = c.to_ascii_uppercase();
    }
    match &*upper {
        b"AND" | b"OR" | b"NOT" | b"IS" | b"ISNULL" | b"NOTNULL" | b"LIKE" | b"ILIKE"
        | b"SIMILAR" | b"BETWEEN" | b"IN" | b"AT" | b"COLLATE" | b"OPERATOR" | b"OVERLAPS" => {
            Some(WordRole::Operator)
        }
        b"WHEN" | b"THEN" | b"ELSE" | b"END" | b"SELECT" | b"FROM" | b"WHERE" | b"GROUP"
        | b"HAVING" | b"ORDER" | b"LIMIT" | b"OFFSET" | b"UNION" | b"INTERSECT" | b"EXCEPT"
        | b"ON" | b"JOIN" | b"USING" | b"RETURNING" | b"VALUES" | b"SET" | b"WINDOW" | b"CHECK"
        | b"DEFAULT" | b"CONSTRAINT" | b"REFERENCES" | b"GENERATED" => Some(WordRole::Separator),
        _ => None,
    }
}

fn is_operator_char(c: char) -> bool {
    matches!(
        c,
        '+' | '-'
            | '*'
            | '/'
            | '%'
            | '^'
            | '|'
            | '&'
            | '~'
            | '!'
            | '<'
            | '>'
            | '='
            | '@'
            | '#'
            | ':'
            | '?'
    )
}

/// Checks the tokens of `text` (a fragment or a whole statement) against the limits above:
/// `Err((byte offset, message))` at the first token over a limit.
pub(crate) fn check_tokens(text: &str, toks: &[Tok]) -> Result<(), (usize, String)> {
    // One chain counter per open parenthesis or bracket.
    let mut chains: Vec<usize> = vec![0];
    let mut prev: Option<&Tok> = None;
    for t in toks {
        let role = match t.kind {
            TokKind::Word => word_role(text, t),
            _ => None,
        };
        let adjacent_op = prev.is_some_and(|p| {
            p.end == t.start && matches!(p.kind, TokKind::Punct(c) if is_operator_char(c))
        });
        let counts = match t.kind {
            TokKind::Punct(c) if is_operator_char(c) => !adjacent_op,
            TokKind::Punct('[') => true,
            TokKind::Word => role == Some(WordRole::Operator),
            _ => false,
        };
        match t.kind {
            TokKind::Punct(',') | TokKind::Punct(';') => *chains.last_mut().unwrap_or(&mut 0) = 0,
            TokKind::Word if role == Some(WordRole::Separator) => {
                *chains.last_mut().unwrap_or(&mut 0) = 0
            }
            _ => {}
        }
        if counts {
            let chain = chains
                .last_mut()
                .expect("the outermost level is never popped");
            *chain += 1;
            if *chain > MAX_OPERATOR_CHAIN {
                return Err((
                    t.start,
                    format!(
                        "expression too long: more than {MAX_OPERATOR_CHAIN} operators in one \
                         chain (split it, or use IN (...) / ANY (ARRAY[...]) for long lists)"
                    ),
                ));
            }
        }
        match t.kind {
            TokKind::Punct('(') | TokKind::Punct('[') => {
                chains.push(0);
                if chains.len() > MAX_NESTING + 1 {
                    return Err((
                        t.start,
                        format!("expression nested deeper than {MAX_NESTING} levels"),
                    ));
                }
            }
            TokKind::Punct(')') | TokKind::Punct(']') if chains.len() > 1 => {
                chains.pop();
            }
            _ => {}
        }
        prev = Some(t);
    }
    Ok(())
}

/// Checks size, chain length and nesting of `text` before anything parses it.
pub fn check_limits(text: &str) -> Result<(), FragmentError> {
    if text.len() > MAX_FRAGMENT_BYTES {
        return Err(FragmentError {
            message: format!(
                "SQL text of {} bytes is longer than the {} allowed",
                text.len(),
                MAX_FRAGMENT_BYTES
            ),
            line: 1,
            column: 1,
        });
    }
    let (statements, errors) = split::split(text);
    if let Some(e) = errors.first() {
        return Err(FragmentError::at(text, e.offset, e.message.clone()));
    }
    for st in &statements {
        check_tokens(text, &st.toks)
            .map_err(|(at, message)| FragmentError::at(text, at, message))?;
    }
    Ok(())
}

/// One statement of a script, as [`split_script`] cuts it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScriptStatement {
    /// The statement from its first token to its last, without the `;`.
    pub text: String,
    /// 1-based line of its first token.
    pub line: usize,
    /// 1-based column (characters) of its first token.
    pub column: usize,
    /// A psql meta-command line (`\connect db`), not SQL.
    pub meta_command: bool,
    /// The `--` comments on their own lines between the previous statement and this one,
    /// without the line break: where an exported migration writes `-- hazard: ...` and
    /// `plan::OWN_TRANSACTION_MARK` above a statement.
    pub comments: Vec<String>,
}

/// Cuts a script into statements with the one lexer the importer uses (quotes, dollar quotes,
/// nested comments, `BEGIN ATOMIC` bodies): the same cut for a migration file applied by the
/// server as for a file imported in the browser. An unterminated quote or comment is an error.
pub fn split_script(text: &str) -> Result<Vec<ScriptStatement>, FragmentError> {
    let (statements, errors) = split::split(text);
    if let Some(e) = errors.first() {
        return Err(FragmentError::at(text, e.offset, e.message.clone()));
    }
    let index = split::LineIndex::new(text);
    Ok(statements
        .into_iter()
        .filter(|st| !st.toks.is_empty())
        .map(|st| {
            let (line, column) = index.line_col(st.start);
            ScriptStatement {
                text: text.get(st.start..st.end).unwrap_or_default().to_string(),
                line,
                column,
                meta_command: st.meta_command,
                comments: st
                    .comments
                    .iter()
                    .map(|&(a, b)| text.get(a..b).unwrap_or_default().to_string())
                    .collect(),
            }
        })
        .collect())
}

/// Whether a partition bound (`FOR VALUES FROM ('a') TO (MAXVALUE)`, `DEFAULT`, …) is made of
/// literals only: its keywords, string and number literals, `::` casts to plain type names,
/// signs, parentheses and commas. PostgreSQL evaluates a bound's expressions when the partition
/// is created, so only such a bound may be tried on a live database (drift asks it how it prints
/// one); a function call in a bound is never run that way.
pub fn is_literal_bound(text: &str) -> bool {
    const WORDS: &[&str] = &[
        "FOR",
        "VALUES",
        "FROM",
        "TO",
        "IN",
        "WITH",
        "MODULUS",
        "REMAINDER",
        "MINVALUE",
        "MAXVALUE",
        "DEFAULT",
        "NULL",
        "TRUE",
        "FALSE",
    ];
    let (statements, errors) = split::split(text);
    if !errors.is_empty() || statements.len() != 1 {
        return false;
    }
    let toks = &statements[0].toks;
    toks.iter().enumerate().all(|(i, t)| match t.kind {
        TokKind::Str | TokKind::Num => true,
        TokKind::Punct('(' | ')' | ',' | '-' | '+' | ':') => true,
        TokKind::Word => {
            let w = text.get(t.start..t.end).unwrap_or("").to_ascii_uppercase();
            // A type name right after `::` (a cast runs only the type's input function).
            let after_cast = i >= 2
                && toks[i - 1].kind == TokKind::Punct(':')
                && toks[i - 2].kind == TokKind::Punct(':');
            let next_is_call = toks
                .get(i + 1)
                .is_some_and(|n| n.kind == TokKind::Punct('('));
            WORDS.contains(&w.as_str()) || (after_cast && !next_is_call)
        }
        _ => false,
    })
}

/// The first `n` words (keywords and unquoted identifiers) of `text`, uppercased, as the lexer
/// reads them: comments, strings and quoted identifiers are skipped, so `CREATE /* x */ INDEX
/// "concurrently"` is `CREATE INDEX`. How a statement is classified without parsing it.
pub fn leading_words(text: &str, n: usize) -> Vec<String> {
    let (statements, _) = split::split(text);
    statements
        .iter()
        .flat_map(|st| st.toks.iter())
        .filter(|t| t.kind == TokKind::Word)
        .filter_map(|t| text.get(t.start..t.end))
        .take(n)
        .map(str::to_ascii_uppercase)
        .collect()
}

/// `text` with each unquoted word (keyword or identifier) that `replace` maps replaced, and
/// everything else (strings, quoted identifiers, comments, spacing) kept byte for byte.
pub fn replace_words(text: &str, mut replace: impl FnMut(&str) -> Option<String>) -> String {
    let (statements, _) = split::split(text);
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    for t in statements
        .iter()
        .filter(|st| !st.meta_command)
        .flat_map(|st| st.toks.iter())
    {
        if t.kind != TokKind::Word {
            continue;
        }
        let Some(new) = text.get(t.start..t.end).and_then(&mut replace) else {
            continue;
        };
        out.push_str(&text[copied..t.start]);
        out.push_str(&new);
        copied = t.end;
    }
    out.push_str(&text[copied..]);
    out
}

/// A parser over `text` (already checked against the limits).
fn parser(text: &str) -> Result<Parser<'static>, FragmentError> {
    static DIALECT: PostgreSqlDialect = PostgreSqlDialect {};
    Parser::new(&DIALECT)
        .try_with_sql(text)
        .map_err(|e| parser_error(&e))
}

/// sqlparser's error with its position (`... at Line: 1, Column: 5`) as a [`FragmentError`].
fn parser_error(e: &ParserError) -> FragmentError {
    let raw = match e {
        ParserError::TokenizerError(m) | ParserError::ParserError(m) => m.clone(),
        ParserError::RecursionLimitExceeded => {
            format!("expression nested deeper than {MAX_NESTING} levels")
        }
    };
    let (message, line, column) = match raw.rsplit_once(" at Line: ") {
        Some((message, pos)) => {
            let mut parts = pos.split(", Column: ");
            let line = parts
                .next()
                .and_then(|l| l.trim().parse().ok())
                .unwrap_or(1);
            let column = parts
                .next()
                .and_then(|c| c.trim().parse().ok())
                .unwrap_or(1);
            (message.to_string(), line, column)
        }
        None => (raw, 1, 1),
    };
    FragmentError {
        message,
        line,
        column,
    }
}

/// After a parse: anything but the end of input means the text held more than one thing.
fn expect_end(parser: &mut Parser<'_>, what: &str) -> Result<(), FragmentError> {
    let next = parser.peek_token();
    if next.token == Token::EOF {
        return Ok(());
    }
    let line = usize::try_from(next.span.start.line).unwrap_or(1).max(1);
    let column = usize::try_from(next.span.start.column).unwrap_or(1).max(1);
    let message = if next.token == Token::SemiColon {
        format!("the {what} ends at this `;` and cannot be followed by a second statement")
    } else {
        format!("unexpected `{}` after the {what}", next.token)
    };
    Err(FragmentError {
        message,
        line,
        column,
    })
}

fn ensure_not_empty(text: &str, what: &str) -> Result<(), FragmentError> {
    if text.trim().is_empty() {
        return Err(FragmentError {
            message: format!("the {what} is empty"),
            line: 1,
            column: 1,
        });
    }
    Ok(())
}

/// Reads `text` as exactly one SQL expression.
pub fn parse_expression(text: &str) -> Result<Expr, FragmentError> {
    ensure_not_empty(text, "expression")?;
    check_limits(text)?;
    let mut p = parser(text)?;
    let expr = p.parse_expr().map_err(|e| parser_error(&e))?;
    expect_end(&mut p, "expression")?;
    Ok(expr)
}

/// Reads `text` as exactly one query (a view's `SELECT`, `VALUES` or `WITH ...`).
pub fn parse_query(text: &str) -> Result<Box<Query>, FragmentError> {
    ensure_not_empty(text, "query")?;
    check_limits(text)?;
    let mut p = parser(text)?;
    let query = p.parse_query().map_err(|e| parser_error(&e))?;
    expect_end(&mut p, "query")?;
    Ok(query)
}

/// Reads `text` as exactly one type name (optionally schema-qualified, with modifiers and array
/// bounds), at most [`MAX_ARRAY_DIMENSIONS`] dimensions deep.
pub fn parse_type_name(text: &str) -> Result<DataType, FragmentError> {
    ensure_not_empty(text, "type name")?;
    check_limits(text)?;
    let dims = text.matches('[').count();
    if dims > MAX_ARRAY_DIMENSIONS {
        return Err(FragmentError::at(
            text,
            text.find('[').unwrap_or(0),
            format!("an array type has at most {MAX_ARRAY_DIMENSIONS} dimensions, not {dims}"),
        ));
    }
    let mut p = parser(text)?;
    let ty = p.parse_data_type().map_err(|e| parser_error(&e))?;
    expect_end(&mut p, "type name")?;
    Ok(ty)
}

/// Whether `name` appears as a whole identifier word in `query_lower` (lowercased SQL text).
pub(crate) fn mentions(query_lower: &str, name: &str) -> bool {
    mentions_lowercase(query_lower, &name.to_ascii_lowercase())
}

/// [`mentions`] of a name already lowercased (ASCII), for callers that test the same names
/// against many queries.
pub(crate) fn mentions_lowercase(query_lower: &str, name: &str) -> bool {
    let bytes = query_lower.as_bytes();
    let mut start = 0;
    while let Some(pos) = query_lower[start..].find(name) {
        let at = start + pos;
        let before_ok = at == 0 || !is_ident_byte(bytes[at - 1]);
        let end = at + name.len();
        let after_ok = end >= bytes.len() || !is_ident_byte(bytes[end]);
        if before_ok && after_ok {
            return true;
        }
        start = at + 1;
    }
    false
}

fn is_ident_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'$'
}

#[cfg(test)]
mod bound_tests {
    use super::is_literal_bound;

    #[test]
    fn only_literal_bounds_may_be_tried() {
        for ok in [
            "DEFAULT",
            "FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')",
            "FOR VALUES FROM (MINVALUE, 0) TO ('x'::text, -5)",
            "FOR VALUES IN ('eu', NULL)",
            "FOR VALUES WITH (modulus 4, remainder 0)",
        ] {
            assert!(is_literal_bound(ok), "{ok}");
        }
        for bad in [
            "FOR VALUES IN (pg_terminate_backend(1)::text)",
            "FOR VALUES FROM (now()) TO (MAXVALUE)",
            "FOR VALUES IN ('a'); DROP TABLE t",
            "FOR VALUES IN (x)",
            "FOR VALUES IN ('a'::text(1))",
        ] {
            assert!(!is_literal_bound(bad), "{bad}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_expression_is_read_and_a_second_statement_is_refused() {
        assert!(parse_expression("now()").is_ok());
        assert!(parse_expression("'{}'::jsonb").is_ok());
        assert!(parse_expression("(price > 0) AND (qty >= 1)").is_ok());
        let e = parse_expression("1; DROP TABLE victim1").unwrap_err();
        assert!(e.message.contains("second statement"), "{e}");
        assert_eq!((e.line, e.column), (1, 2), "{e}");
        let e = parse_expression("1); DROP TABLE v; CREATE TABLE junk (x int").unwrap_err();
        assert!(e.message.contains(')'), "{e}");
        let e = parse_expression("hello world").unwrap_err();
        assert!(e.message.contains("world"), "{e}");
        assert!(parse_expression("now(").is_err());
        assert!(parse_expression("   ").is_err());
    }

    #[test]
    fn queries_and_types_are_one_thing_too() {
        assert!(parse_query("SELECT id, name FROM users WHERE deleted_at IS NULL").is_ok());
        let e = parse_query("SELECT 1 AS x; COMMIT; DROP TABLE v").unwrap_err();
        assert!(e.message.contains("second statement"), "{e}");
        assert!(parse_type_name("public.citext").is_ok());
        assert!(parse_type_name("numeric(10, 2)[]").is_ok());
        assert!(parse_type_name("int); DROP TABLE v; CREATE TABLE x (a int").is_err());
        let e = parse_type_name(&format!("int{}", "[]".repeat(7))).unwrap_err();
        assert!(e.message.contains("at most 6 dimensions"), "{e}");
    }

    #[test]
    fn long_chains_and_deep_nesting_stop_before_parsing() {
        let ok = vec!["x = 1"; 200].join(" OR ");
        assert!(parse_expression(&ok).is_ok());
        let chain = vec!["x = 1"; 12_000].join(" OR ");
        let e = parse_expression(&chain).unwrap_err();
        assert!(e.message.contains("operators in one chain"), "{e}");
        let sum = vec!["1"; 10_000].join(" + ");
        assert!(parse_expression(&sum).is_err());
        let nested = format!("{}1{}", "(".repeat(10_000), ")".repeat(10_000));
        let e = parse_expression(&nested).unwrap_err();
        assert!(e.message.contains("nested deeper than"), "{e}");
        let casts = format!("x{}", "::int".repeat(1_000));
        assert!(parse_expression(&casts).is_err());
        // Long lists are flat, not deep: fine.
        let list = format!("x IN ({})", vec!["1"; 20_000].join(", "));
        assert!(parse_expression(&list).is_ok());
        // `||` is one operator, not two.
        let concat = vec!["a"; 400].join(" || ");
        assert!(parse_expression(&concat).is_ok());
    }

    #[test]
    fn words_are_read_by_the_lexer() {
        assert_eq!(
            leading_words("-- c\nCREATE /* x; */ INDEX \"concurrently\" ON t", 3),
            vec!["CREATE", "INDEX", "ON"]
        );
        let renamed = replace_words(
            "Price > 0 AND 'price' <> \"price\" AND $$price$$ = e'price\\'' -- price",
            |w| w.eq_ignore_ascii_case("price").then(|| "cost".to_string()),
        );
        assert_eq!(
            renamed,
            "cost > 0 AND 'price' <> \"price\" AND $$price$$ = e'price\\'' -- price"
        );
    }

    #[test]
    fn huge_text_is_refused_by_size() {
        let ident = "a".repeat(MAX_FRAGMENT_BYTES + 1);
        let e = parse_expression(&ident).unwrap_err();
        assert!(e.message.contains("longer than"), "{e}");
        let ident = "a".repeat(MAX_FRAGMENT_BYTES - 10);
        assert!(parse_expression(&ident).is_ok());
    }
}
