//! Recovering expressions as the user wrote them.
//!
//! sqlparser's printer upper-cases type names and normalises spacing (`'{}'::jsonb` prints as
//! `'{}'::JSONB`), and its spans do not cover whole expressions. Since defaults, CHECKs, generated
//! columns and index expressions are stored as SQL text, the importer finds the candidate source
//! slices of a statement by token scanning (after `DEFAULT`, inside `CHECK (...)`,
//! `GENERATED ALWAYS AS (...)`, index key lists, after `WHERE`) and uses a slice for a parsed
//! expression only when the slice parses to the very same expression. Otherwise the printed form
//! is the fallback, so a wrong slice can never be stored.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use sqlparser::ast::Expr;

use super::raw::unwrap_nested;
use super::split::{split, Tok, TokKind};

struct Candidate {
    text: String,
    parsed: Option<Rc<Option<Expr>>>,
    used: bool,
}

/// Candidate texts already read, by text (`None`: not one expression), shared by the
/// [`ExprSource`]s of one import.
#[derive(Default)]
pub(crate) struct ParsedExpressions(Rc<RefCell<HashMap<String, Rc<Option<Expr>>>>>);

impl ParsedExpressions {
    fn get(&self, text: &str) -> Rc<Option<Expr>> {
        if let Some(parsed) = self.0.borrow().get(text) {
            return Rc::clone(parsed);
        }
        let parsed = Rc::new(parse_expr(text));
        self.0
            .borrow_mut()
            .insert(text.to_string(), Rc::clone(&parsed));
        parsed
    }
}

/// The candidate expression texts of one statement.
pub(crate) struct ExprSource {
    cands: Vec<Candidate>,
    parsed: ParsedExpressions,
}

fn word_eq(text: &str, t: Option<&Tok>, w: &str) -> bool {
    t.is_some_and(|t| {
        t.kind == TokKind::Word
            && text
                .get(t.start..t.end)
                .is_some_and(|s| s.eq_ignore_ascii_case(w))
    })
}

/// The index of the `)` matching the `(` at `open`.
pub(crate) fn matching_paren(toks: &[Tok], open: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (i, t) in toks.iter().enumerate().skip(open) {
        match t.kind {
            TokKind::Punct('(') => depth += 1,
            TokKind::Punct(')') => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

const DEFAULT_ENDS: &[&str] = &[
    "NOT",
    "CONSTRAINT",
    "PRIMARY",
    "UNIQUE",
    "CHECK",
    "REFERENCES",
    "GENERATED",
    "COLLATE",
    "DEFAULT",
];

impl ExprSource {
    /// Collects candidates from a statement's tokens; `parsed` remembers what was read.
    pub fn new(text: &str, toks: &[Tok], stmt_end: usize, parsed: &ParsedExpressions) -> Self {
        let mut out = Vec::new();
        let slice = |a: usize, b: usize| text.get(a..b).unwrap_or("").to_string();
        for (i, t) in toks.iter().enumerate() {
            let prev = i.checked_sub(1).and_then(|p| toks.get(p));
            let prev2 = i.checked_sub(2).and_then(|p| toks.get(p));
            let next = toks.get(i + 1);
            if word_eq(text, Some(t), "DEFAULT") {
                let fk_action = word_eq(text, prev, "SET")
                    && (word_eq(text, prev2, "DELETE") || word_eq(text, prev2, "UPDATE"));
                if word_eq(text, prev, "DROP") || fk_action {
                    continue;
                }
                let start = i + 1;
                let mut depth = 0i32;
                let mut j = start;
                while j < toks.len() {
                    let tj = &toks[j];
                    match tj.kind {
                        TokKind::Punct('(' | '[') => depth += 1,
                        TokKind::Punct(')' | ']') => {
                            if depth == 0 {
                                break;
                            }
                            depth -= 1;
                        }
                        TokKind::Punct(',') if depth == 0 => break,
                        TokKind::Word if depth == 0 => {
                            let w = text.get(tj.start..tj.end).unwrap_or("");
                            let ends = DEFAULT_ENDS.iter().any(|e| w.eq_ignore_ascii_case(e))
                                || (j > start
                                    && w.eq_ignore_ascii_case("NULL")
                                    && !matches!(toks[j - 1].kind, TokKind::Punct(':')));
                            if ends {
                                break;
                            }
                        }
                        _ => {}
                    }
                    j += 1;
                }
                if j > start {
                    out.push(slice(toks[start].start, toks[j - 1].end));
                }
            } else if (word_eq(text, Some(t), "CHECK")
                || word_eq(text, Some(t), "USING")
                || (word_eq(text, Some(t), "AS") && word_eq(text, prev, "ALWAYS")))
                && next.map(|n| n.kind) == Some(TokKind::Punct('('))
            {
                if let Some(close) = matching_paren(toks, i + 1) {
                    if close > i + 2 {
                        out.push(slice(toks[i + 2].start, toks[close - 1].end));
                    }
                }
            } else if word_eq(text, Some(t), "WHERE") {
                if let Some(n) = next {
                    out.push(slice(n.start, stmt_end));
                }
            }
        }
        // Index key lists: `ON name [USING method] ( part, ... )`.
        let is_index = toks.iter().take(4).any(|t| word_eq(text, Some(t), "INDEX"));
        if is_index {
            if let Some(on) = toks.iter().position(|t| word_eq(text, Some(t), "ON")) {
                if let Some(open) = toks
                    .iter()
                    .skip(on)
                    .position(|t| t.kind == TokKind::Punct('('))
                    .map(|p| p + on)
                {
                    if let Some(close) = matching_paren(toks, open) {
                        let mut k = open + 1;
                        while k < close {
                            // One element: up to the next top-level comma.
                            let mut depth = 0i32;
                            let mut e = k;
                            while e < close {
                                match toks[e].kind {
                                    TokKind::Punct('(') => depth += 1,
                                    TokKind::Punct(')') => depth -= 1,
                                    TokKind::Punct(',') if depth == 0 => break,
                                    _ => {}
                                }
                                e += 1;
                            }
                            if toks[k].kind == TokKind::Punct('(') {
                                if let Some(c) = matching_paren(toks, k) {
                                    if c > k + 1 {
                                        out.push(slice(toks[k + 1].start, toks[c - 1].end));
                                    }
                                }
                            } else if let Some(p) =
                                (k..e).find(|&p| toks[p].kind == TokKind::Punct('('))
                            {
                                if let Some(c) = matching_paren(toks, p) {
                                    out.push(slice(toks[k].start, toks[c].end));
                                }
                            }
                            k = e + 1;
                        }
                    }
                }
            }
        }
        ExprSource {
            cands: out
                .into_iter()
                .map(|text| Candidate {
                    text,
                    parsed: None,
                    used: false,
                })
                .collect(),
            parsed: ParsedExpressions(parsed.0.clone()),
        }
    }

    /// The SQL text of `e`: its source slice when one parses to the same expression, else the
    /// printed form; in both cases without redundant outer parentheses.
    pub fn text_for(&mut self, e: &Expr) -> String {
        let target = unwrap_nested(e);
        for c in &mut self.cands {
            if c.used {
                continue;
            }
            let parsed = c.parsed.get_or_insert_with(|| self.parsed.get(&c.text));
            if parsed.as_ref().as_ref().map(unwrap_nested) == Some(target) {
                c.used = true;
                return strip_outer_parens(&c.text);
            }
        }
        target.to_string()
    }
}

/// The whole slice as one expression (within [`crate::sql`]'s limits), or `None`.
fn parse_expr(text: &str) -> Option<Expr> {
    crate::sql::parse_expression(text).ok()
}

/// `text` without parentheses that enclose all of it (`((a > 0))` -> `a > 0`, but `(a) + (b)`
/// stays), trimmed.
pub(crate) fn strip_outer_parens(text: &str) -> String {
    let mut t = text.trim();
    loop {
        let (stmts, errors) = split(t);
        if !errors.is_empty() || stmts.len() != 1 {
            return t.to_string();
        }
        let toks = &stmts[0].toks;
        let whole = toks.first().map(|f| f.kind) == Some(TokKind::Punct('('))
            && matching_paren(toks, 0) == Some(toks.len() - 1);
        if !whole || toks.len() < 3 {
            return t.to_string();
        }
        t = t[toks[1].start..toks[toks.len() - 2].end].trim();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_only_enclosing_parens() {
        assert_eq!(strip_outer_parens(" ((a > 0)) "), "a > 0");
        assert_eq!(strip_outer_parens("(a) + (b)"), "(a) + (b)");
        assert_eq!(strip_outer_parens("(')')"), "')'");
        assert_eq!(strip_outer_parens("now()"), "now()");
    }
}
