//! A PostgreSQL-aware statement splitter.
//!
//! sqlparser stops at the first statement it cannot parse, and real dump files always contain
//! something it cannot parse (`CREATE FUNCTION` bodies in dollar quotes, psql meta-commands, new
//! syntax). So the importer cuts the file into statements itself and hands sqlparser one statement
//! at a time. The splitter understands exactly as much of the lexical grammar as it needs to find
//! the terminating `;`: single-quoted strings (with `''`), `E'...'` strings (with backslash
//! escapes), quoted identifiers, dollar quoting (`$$...$$`, `$tag$...$tag$`), `--` comments,
//! nested `/* */` comments, SQL-standard `BEGIN ATOMIC ... END` function bodies, psql
//! meta-commands (`\connect`, `\restrict`) and `COPY ... FROM stdin` data blocks.
//!
//! It also keeps a coarse token list per statement, which the importer uses to classify
//! statements and to read the few pg_dump forms sqlparser does not support.

/// The coarse kind of a token.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TokKind {
    /// An unquoted word (keyword or identifier), possibly containing `$` after the first char.
    Word,
    /// A `"quoted identifier"`.
    Quoted,
    /// A string literal of any quoting style.
    Str,
    /// A number.
    Num,
    /// Any other single character (operators are split into characters).
    Punct(char),
}

/// A token: its kind and byte range in the whole input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Tok {
    pub kind: TokKind,
    pub start: usize,
    pub end: usize,
}

/// The dotted name starting at token `i` (`a."B".c`): its parts (bare words lower-cased, quoted
/// ones unescaped) and the index of the token after it. Empty when token `i` is not a name.
pub(crate) fn name_chain(text: &str, toks: &[Tok], mut i: usize) -> (Vec<String>, usize) {
    let part = |t: &Tok| -> Option<String> {
        let raw = text.get(t.start..t.end)?;
        match t.kind {
            TokKind::Word => Some(raw.to_lowercase()),
            TokKind::Quoted => {
                Some(raw[1..raw.len().saturating_sub(1).max(1)].replace("\"\"", "\""))
            }
            _ => None,
        }
    };
    let mut parts = Vec::new();
    while let Some(p) = toks.get(i).and_then(part) {
        parts.push(p);
        i += 1;
        if toks.get(i).map(|t| t.kind) == Some(TokKind::Punct('.')) {
            i += 1;
        } else {
            break;
        }
    }
    (parts, i)
}

/// One statement: its byte range (first token to the end of its last token, without the `;`) and
/// its tokens.
#[derive(Clone, Debug)]
pub(crate) struct RawStatement {
    pub start: usize,
    pub end: usize,
    pub toks: Vec<Tok>,
    /// True for a psql meta-command line (`\connect x`).
    pub meta_command: bool,
    /// Byte ranges of the `--` comments standing on their own lines between the previous
    /// statement and this one (without the line break): where an exported migration writes what
    /// a statement needs beyond its SQL (`-- hazard: ...`, `-- joinery: own transaction`).
    /// Comments inside a statement, or after code on the same line, are not among them.
    pub comments: Vec<(usize, usize)>,
}

/// A lexical problem (an unterminated string, identifier or comment), at a byte offset.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct LexError {
    pub offset: usize,
    pub message: String,
}

/// Maps byte offsets to 1-based line and column (columns count characters, as sqlparser does).
pub(crate) struct LineIndex<'a> {
    text: &'a str,
    line_starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        // Counted first: a dump has tens of thousands of lines, and growing the vector line by
        // line would copy it over and over.
        let lines = text.bytes().filter(|&b| b == b'\n').count();
        let mut line_starts = Vec::with_capacity(lines + 1);
        line_starts.push(0);
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { text, line_starts }
    }

    /// The 1-based line and column of byte `offset` (clamped to the text).
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = self.line_starts[line];
        let column = self.text[start..offset].chars().count() + 1;
        (line + 1, column)
    }
}

fn is_ident_start(c: u8) -> bool {
    c.is_ascii_alphabetic() || c == b'_' || c >= 0x80
}

fn is_ident_char(c: u8) -> bool {
    is_ident_start(c) || c.is_ascii_digit() || c == b'$'
}

/// Splits `text` into statements. Never fails: lexical problems are returned beside the
/// statements (the statement holding the problem runs to the end of the input).
pub(crate) fn split(text: &str) -> (Vec<RawStatement>, Vec<LexError>) {
    let b = text.as_bytes();
    let n = b.len();
    let mut i = 0;
    let mut stmts = Vec::new();
    let mut errors = Vec::new();
    let mut toks: Vec<Tok> = Vec::new();
    // Depth inside a `BEGIN ATOMIC ... END` body (only in CREATE FUNCTION/PROCEDURE).
    let mut atomic_depth = 0usize;

    // Own-line `--` comments seen since the last statement ended (kept across empty `;`).
    let mut comments: Vec<(usize, usize)> = Vec::new();

    let finish = |toks: &mut Vec<Tok>,
                  comments: &mut Vec<(usize, usize)>,
                  stmts: &mut Vec<RawStatement>,
                  meta: bool| {
        if let (Some(first), Some(last)) = (toks.first(), toks.last()) {
            stmts.push(RawStatement {
                start: first.start,
                end: last.end,
                // `toks` is a scratch buffer that keeps its capacity: each statement gets an
                // exact copy in one allocation instead of growing a fresh vector token by token.
                toks: toks.as_slice().to_vec(),
                meta_command: meta,
                comments: std::mem::take(comments),
            });
        }
        toks.clear();
    };

    while i < n {
        let c = b[i];
        // Whitespace.
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        // Line comment.
        if c == b'-' && i + 1 < n && b[i + 1] == b'-' {
            let start = i;
            while i < n && b[i] != b'\n' {
                i += 1;
            }
            if toks.is_empty() && starts_its_line(b, start) {
                let end = start + text[start..i].trim_end().len();
                comments.push((start, end));
            }
            continue;
        }
        // Block comment, nested.
        if c == b'/' && i + 1 < n && b[i + 1] == b'*' {
            let start = i;
            let mut depth = 0usize;
            loop {
                if i >= n {
                    errors.push(LexError {
                        offset: start,
                        message: "unterminated /* comment".to_string(),
                    });
                    break;
                }
                if b[i] == b'/' && i + 1 < n && b[i + 1] == b'*' {
                    depth += 1;
                    i += 2;
                } else if b[i] == b'*' && i + 1 < n && b[i + 1] == b'/' {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
            continue;
        }
        // psql meta-command: a backslash line at the start of a statement.
        if c == b'\\' && toks.is_empty() {
            let start = i;
            while i < n && b[i] != b'\n' {
                i += 1;
            }
            let end = text[start..i].trim_end().len() + start;
            toks.push(Tok {
                kind: TokKind::Word,
                start,
                end,
            });
            finish(&mut toks, &mut comments, &mut stmts, true);
            continue;
        }
        // Statement end.
        if c == b';' && atomic_depth == 0 {
            i += 1;
            let copy_stdin = is_copy_from_stdin(text, &toks);
            finish(&mut toks, &mut comments, &mut stmts, false);
            if copy_stdin {
                // Skip the data block up to and including the `\.` line.
                let mut line_start = i;
                loop {
                    let line_end = text[line_start..]
                        .find('\n')
                        .map(|p| line_start + p)
                        .unwrap_or(n);
                    if text[line_start..line_end].trim_end() == "\\." || line_end >= n {
                        i = (line_end + 1).min(n);
                        break;
                    }
                    line_start = line_end + 1;
                }
            }
            continue;
        }
        let start = i;
        // String literals with a prefix: E'..', B'..', X'..', N'..', U&'..'.
        if (c == b'E' || c == b'e') && i + 1 < n && b[i + 1] == b'\'' {
            let end = scan_quoted(b, i + 1, b'\'', true);
            i = push_or_error(&mut toks, &mut errors, TokKind::Str, start, end, n);
            continue;
        }
        if matches!(c, b'B' | b'b' | b'X' | b'x' | b'N' | b'n') && i + 1 < n && b[i + 1] == b'\'' {
            let end = scan_quoted(b, i + 1, b'\'', false);
            i = push_or_error(&mut toks, &mut errors, TokKind::Str, start, end, n);
            continue;
        }
        if (c == b'U' || c == b'u') && i + 2 < n && b[i + 1] == b'&' && b[i + 2] == b'\'' {
            let end = scan_quoted(b, i + 2, b'\'', false);
            i = push_or_error(&mut toks, &mut errors, TokKind::Str, start, end, n);
            continue;
        }
        if c == b'\'' {
            let end = scan_quoted(b, i, b'\'', false);
            i = push_or_error(&mut toks, &mut errors, TokKind::Str, start, end, n);
            continue;
        }
        if c == b'"' {
            let end = scan_quoted(b, i, b'"', false);
            i = push_or_error(&mut toks, &mut errors, TokKind::Quoted, start, end, n);
            continue;
        }
        if c == b'$' {
            if let Some(tag_end) = dollar_tag_end(b, i) {
                let tag = &text[i..tag_end];
                match text[tag_end..].find(tag) {
                    Some(p) => {
                        i = tag_end + p + tag.len();
                        toks.push(Tok {
                            kind: TokKind::Str,
                            start,
                            end: i,
                        });
                    }
                    None => {
                        errors.push(LexError {
                            offset: start,
                            message: format!("unterminated dollar-quoted string {tag}"),
                        });
                        i = n;
                        toks.push(Tok {
                            kind: TokKind::Str,
                            start,
                            end: n,
                        });
                    }
                }
                continue;
            }
        }
        if is_ident_start(c) {
            while i < n && is_ident_char(b[i]) {
                i += 1;
            }
            // Never split inside a UTF-8 sequence (all bytes >= 0x80 are ident chars, so fine).
            toks.push(Tok {
                kind: TokKind::Word,
                start,
                end: i,
            });
            update_atomic(text, &toks, &mut atomic_depth);
            continue;
        }
        if c.is_ascii_digit() || (c == b'.' && i + 1 < n && b[i + 1].is_ascii_digit()) {
            while i < n && (b[i].is_ascii_alphanumeric() || b[i] == b'.' || b[i] == b'_') {
                // `1.5e-3`: allow a sign right after the exponent marker.
                if (b[i] == b'e' || b[i] == b'E')
                    && i + 1 < n
                    && (b[i + 1] == b'-' || b[i + 1] == b'+')
                {
                    i += 1;
                }
                i += 1;
            }
            toks.push(Tok {
                kind: TokKind::Num,
                start,
                end: i,
            });
            continue;
        }
        // Any other character (a whole UTF-8 scalar for safety).
        let ch = text[i..].chars().next().unwrap_or('?');
        i += ch.len_utf8().max(1);
        toks.push(Tok {
            kind: TokKind::Punct(ch),
            start,
            end: i,
        });
    }
    finish(&mut toks, &mut comments, &mut stmts, false);
    (stmts, errors)
}

/// Whether only spaces and tabs come before byte `at` on its line.
fn starts_its_line(b: &[u8], at: usize) -> bool {
    b[..at]
        .iter()
        .rev()
        .take_while(|&&c| c != b'\n')
        .all(|&c| c == b' ' || c == b'\t' || c == b'\r')
}

fn push_or_error(
    toks: &mut Vec<Tok>,
    errors: &mut Vec<LexError>,
    kind: TokKind,
    start: usize,
    end: Option<usize>,
    n: usize,
) -> usize {
    let end = match end {
        Some(end) => end,
        None => {
            let what = if kind == TokKind::Quoted {
                "quoted identifier"
            } else {
                "string literal"
            };
            errors.push(LexError {
                offset: start,
                message: format!("unterminated {what}"),
            });
            n
        }
    };
    toks.push(Tok { kind, start, end });
    end
}

/// Scans a quoted token starting at the opening quote `b[i]`; returns the offset just past the
/// closing quote, or `None` when unterminated.
fn scan_quoted(b: &[u8], i: usize, quote: u8, backslash: bool) -> Option<usize> {
    let n = b.len();
    let mut j = i + 1;
    while j < n {
        if backslash && b[j] == b'\\' {
            j += 2;
            continue;
        }
        if b[j] == quote {
            if j + 1 < n && b[j + 1] == quote {
                j += 2;
                continue;
            }
            return Some(j + 1);
        }
        j += 1;
    }
    None
}

/// If a dollar-quote opening tag starts at `b[i]` (`$$` or `$tag$`), the offset just past it.
fn dollar_tag_end(b: &[u8], i: usize) -> Option<usize> {
    // `a$b$` is an identifier; a dollar quote cannot follow an identifier character.
    if i > 0 && is_ident_char(b[i - 1]) {
        return None;
    }
    let n = b.len();
    let mut j = i + 1;
    if j < n && b[j] == b'$' {
        return Some(j + 1);
    }
    if j < n && is_ident_start(b[j]) {
        j += 1;
        while j < n && (is_ident_char(b[j]) && b[j] != b'$') {
            j += 1;
        }
        if j < n && b[j] == b'$' {
            return Some(j + 1);
        }
    }
    None
}

fn word_is(text: &str, tok: &Tok, word: &str) -> bool {
    tok.kind == TokKind::Word && text[tok.start..tok.end].eq_ignore_ascii_case(word)
}

/// Tracks `BEGIN ATOMIC ... END` in SQL-standard function bodies, whose inner `;` do not end the
/// statement. Called after each word token.
fn update_atomic(text: &str, toks: &[Tok], depth: &mut usize) {
    let Some(last) = toks.last() else { return };
    if *depth > 0 {
        if word_is(text, last, "CASE") || word_is(text, last, "BEGIN") {
            *depth += 1;
        } else if word_is(text, last, "END") {
            *depth -= 1;
        }
        return;
    }
    if toks.len() >= 2
        && word_is(text, last, "ATOMIC")
        && word_is(text, &toks[toks.len() - 2], "BEGIN")
    {
        let routine = toks
            .iter()
            .take(6)
            .any(|t| word_is(text, t, "FUNCTION") || word_is(text, t, "PROCEDURE"));
        if routine && toks.first().is_some_and(|t| word_is(text, t, "CREATE")) {
            *depth = 1;
        }
    }
}

/// `COPY ... FROM stdin` is followed by a data block ending with a `\.` line.
fn is_copy_from_stdin(text: &str, toks: &[Tok]) -> bool {
    let Some(first) = toks.first() else {
        return false;
    };
    if !word_is(text, first, "COPY") {
        return false;
    }
    toks.windows(2)
        .any(|w| word_is(text, &w[0], "FROM") && word_is(text, &w[1], "STDIN"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(sql: &str) -> Vec<String> {
        split(sql)
            .0
            .iter()
            .map(|s| sql[s.start..s.end].to_string())
            .collect()
    }

    #[test]
    fn splits_on_top_level_semicolons_only() {
        let sql =
            "SET a = 'x;y'; -- c;\nCREATE TABLE \"a;b\" (x int); /* ; /* ; */ ; */ SELECT E'\\';';";
        assert_eq!(
            texts(sql),
            vec![
                "SET a = 'x;y'",
                "CREATE TABLE \"a;b\" (x int)",
                "SELECT E'\\';'"
            ]
        );
    }

    #[test]
    fn dollar_quotes_hide_semicolons() {
        let sql = "CREATE FUNCTION f() RETURNS int AS $body$ BEGIN RETURN 1; END; $body$ LANGUAGE plpgsql;\nDO $$ BEGIN PERFORM 1; END $$;\nSELECT a$b$c FROM t;";
        let t = texts(sql);
        assert_eq!(t.len(), 3);
        assert!(t[0].ends_with("LANGUAGE plpgsql"));
        assert_eq!(t[2], "SELECT a$b$c FROM t");
    }

    #[test]
    fn begin_atomic_bodies_stay_whole() {
        let sql = "CREATE FUNCTION f(a int) RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT CASE WHEN a > 0 THEN 1 ELSE 2 END; SELECT 2; END;\nCREATE TABLE t (a int);";
        let t = texts(sql);
        assert_eq!(t.len(), 2, "{t:?}");
        assert_eq!(t[1], "CREATE TABLE t (a int)");
    }

    #[test]
    fn meta_commands_and_copy_blocks() {
        let sql = "\\restrict abc\nCOPY t (a) FROM stdin;\n1;2\n\\.\nCREATE TABLE t (a int);\n\\unrestrict abc\n";
        let (stmts, errs) = split(sql);
        assert!(errs.is_empty());
        let t: Vec<_> = stmts.iter().map(|s| &sql[s.start..s.end]).collect();
        assert_eq!(
            t,
            vec![
                "\\restrict abc",
                "COPY t (a) FROM stdin",
                "CREATE TABLE t (a int)",
                "\\unrestrict abc"
            ]
        );
        assert!(stmts[0].meta_command);
    }

    #[test]
    fn own_line_comments_belong_to_the_next_statement() {
        let sql = "SELECT 1; -- trailing\n-- first\n  -- second\nCREATE TABLE t (\n  -- inside\n  a int\n);\n;\n-- kept across an empty statement\nSELECT 2 -- after code\n;";
        let (stmts, errs) = split(sql);
        assert!(errs.is_empty());
        let comments: Vec<Vec<&str>> = stmts
            .iter()
            .map(|s| s.comments.iter().map(|&(a, b)| &sql[a..b]).collect())
            .collect();
        assert_eq!(
            comments,
            vec![
                vec![],
                vec!["-- first", "-- second"],
                vec!["-- kept across an empty statement"],
            ]
        );
    }

    #[test]
    fn line_index_counts_characters() {
        let text = "ab\né x\n";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_col(0), (1, 1));
        assert_eq!(idx.line_col(3), (2, 1));
        assert_eq!(idx.line_col(6), (2, 3));
    }

    #[test]
    fn unterminated_things_do_not_panic() {
        for sql in [
            "'abc",
            "\"abc",
            "$$abc",
            "/* abc",
            "E'\\",
            "$a$ x $b$",
            "\u{e9}'",
            "$",
        ] {
            let _ = split(sql);
        }
    }
}
