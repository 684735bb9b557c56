//! The text of a statement as handed to sqlparser: its tokens with each run of whitespace and
//! comments between two of them as one space.
//!
//! sqlparser makes a token of every whitespace character, so an indented dump (`    id integer
//! NOT NULL,` on every line) is mostly whitespace tokens, each one built, located and skipped.
//! Whitespace and comments mean nothing to the PostgreSQL dialect's parser except as separators
//! (it joins no string literals across lines), so one space keeps every token apart that was
//! apart and adjacent tokens (`::`, `>=`) adjacent. A [`Compact`] also maps its offsets back to
//! the file, so a parse error still points at the right line and column of the statement.
//!
//! sqlparser's tokenizer is also most of the time sqlparser spends on a dump (a `String` and a
//! keyword search per word, a location per character). Most statements are made only of tokens
//! whose sqlparser token is certain from the lexer's: plain words, quoted identifiers, plain
//! string literals, integers and decimals, and a few punctuation marks and operators.
//! [`Compact::tokens`] builds sqlparser's tokens for such a statement directly; any other token
//! (dollar quotes, `E''` strings, custom operators, placeholders, non-ASCII words, ...) leaves
//! the statement to sqlparser's own tokenizer. Debug builds check every token list built here
//! against sqlparser's, so the test suites hold them equal.

use sqlparser::keywords::{Keyword, ALL_KEYWORDS, ALL_KEYWORDS_INDEX};
use sqlparser::tokenizer::{Token, TokenWithSpan, Word};

use super::split::{Tok, TokKind};

/// A statement's compacted text and where each of its tokens came from.
pub(super) struct Compact {
    /// What sqlparser reads.
    pub text: String,
    /// Per kept token: its offset in `text`, its offset in the file and its length.
    pieces: Vec<(usize, usize, usize)>,
    /// Per kept token: its kind, and whether it touches the previous one (no space between).
    kinds: Vec<(TokKind, bool)>,
    /// The file offset of the statement's end (after its last token).
    end: usize,
}

impl Compact {
    /// Compacts the statement whose text (from its first token's start, at file offset
    /// `start`) is `sql`, with tokens `toks` (file offsets). A token that `sql` has blanked out
    /// (replaced with spaces: see `Importer::blank_unsupported`) is left out.
    pub fn new(sql: &str, start: usize, toks: &[Tok]) -> Compact {
        let mut text = String::with_capacity(sql.len());
        let mut pieces = Vec::with_capacity(toks.len());
        let mut kinds = Vec::with_capacity(toks.len());
        let mut previous_end: Option<usize> = None;
        for t in toks {
            let Some(piece) = sql.get(t.start - start..t.end - start) else {
                continue;
            };
            // No token starts with a space: this one was blanked.
            if piece.is_empty() || piece.starts_with(' ') {
                continue;
            }
            let apart = previous_end.is_some_and(|end| end < t.start);
            if apart {
                text.push(' ');
            }
            kinds.push((t.kind, previous_end.is_some() && !apart));
            pieces.push((text.len(), t.start, piece.len()));
            text.push_str(piece);
            previous_end = Some(t.end);
        }
        Compact {
            text,
            pieces,
            kinds,
            end: start + sql.len(),
        }
    }

    /// sqlparser's tokens for [`Compact::text`] (without whitespace, which its parser skips,
    /// and without locations, which only its error messages use), when every token is one
    /// whose sqlparser token is certain; `None` leaves the text to sqlparser's tokenizer.
    pub fn tokens(&self) -> Option<Vec<TokenWithSpan>> {
        let tokens = self.fast_tokens();
        #[cfg(debug_assertions)]
        if let Some(fast) = &tokens {
            self.assert_same_as_sqlparser(fast);
        }
        tokens
    }

    fn piece(&self, i: usize) -> &str {
        let (at, _, len) = self.pieces[i];
        &self.text[at..at + len]
    }

    fn fast_tokens(&self) -> Option<Vec<TokenWithSpan>> {
        let n = self.kinds.len();
        let mut out = Vec::with_capacity(n);
        let mut i = 0;
        while i < n {
            let (kind, _) = self.kinds[i];
            let text = self.piece(i);
            // Whether the next token touches this one.
            let touches_next = self.kinds.get(i + 1).is_some_and(|&(_, touches)| touches);
            let next_kind = self.kinds.get(i + 1).map(|&(k, _)| k);
            let joins_a_literal = touches_next
                && matches!(
                    next_kind,
                    Some(TokKind::Word | TokKind::Quoted | TokKind::Str | TokKind::Num)
                );
            let token = match kind {
                TokKind::Word => {
                    // `n'x'`, `x"y"`: prefixed literals and the like are sqlparser's to read.
                    if joins_a_literal || !plain_word(text) {
                        return None;
                    }
                    Token::Word(Word {
                        value: text.to_string(),
                        quote_style: None,
                        keyword: keyword(text),
                    })
                }
                TokKind::Quoted => {
                    let inner = text.strip_prefix('"')?.strip_suffix('"')?;
                    if joins_a_literal || inner.contains('"') || inner.is_empty() {
                        return None;
                    }
                    Token::Word(Word {
                        value: inner.to_string(),
                        quote_style: Some('"'),
                        keyword: Keyword::NoKeyword,
                    })
                }
                TokKind::Str => {
                    let inner = text.strip_prefix('\'')?.strip_suffix('\'')?;
                    if joins_a_literal || inner.contains('\\') || text.len() < 2 {
                        return None;
                    }
                    Token::SingleQuotedString(inner.replace("''", "'"))
                }
                TokKind::Num => {
                    // `t.1` is a field access to sqlparser's PostgreSQL dialect reading.
                    let after_period =
                        self.kinds[i].1 && i > 0 && self.kinds[i - 1].0 == TokKind::Punct('.');
                    if joins_a_literal || after_period || !plain_number(text) {
                        return None;
                    }
                    Token::Number(text.to_string(), false)
                }
                TokKind::Punct(c) => {
                    // A run of touching operator characters is one operator to sqlparser.
                    let mut end = i + 1;
                    if is_operator_char(c) {
                        while end < n
                            && self.kinds[end].1
                            && matches!(self.kinds[end].0, TokKind::Punct(d) if is_operator_char(d))
                        {
                            end += 1;
                        }
                    }
                    // Touching pieces are contiguous in the text.
                    let (from, _, _) = self.pieces[i];
                    let (last, _, len) = self.pieces[end - 1];
                    let token = punctuation(&self.text[from..last + len])?;
                    if token == Token::Period {
                        // `._x` and `.5` are sqlparser's to read.
                        let next = (end < n && self.kinds[end].1).then(|| self.piece(end));
                        if next.is_some_and(|t| {
                            t.starts_with('_') || self.kinds[end].0 == TokKind::Num
                        }) {
                            return None;
                        }
                    }
                    out.push(TokenWithSpan::wrap(token));
                    i = end;
                    continue;
                }
            };
            out.push(TokenWithSpan::wrap(token));
            i += 1;
        }
        Some(out)
    }

    /// Panics unless `fast` is what sqlparser's tokenizer makes of the text, whitespace aside.
    #[cfg(debug_assertions)]
    fn assert_same_as_sqlparser(&self, fast: &[TokenWithSpan]) {
        use sqlparser::dialect::PostgreSqlDialect;
        use sqlparser::tokenizer::Tokenizer;
        let slow: Vec<Token> = Tokenizer::new(&PostgreSqlDialect {}, &self.text)
            .tokenize()
            .unwrap_or_else(|e| panic!("sqlparser cannot tokenize {:?}: {e}", self.text))
            .into_iter()
            .filter(|t| !matches!(t, Token::Whitespace(_)))
            .collect();
        let fast: Vec<&Token> = fast.iter().map(|t| &t.token).collect();
        assert!(
            fast.len() == slow.len() && fast.iter().zip(&slow).all(|(a, b)| *a == b),
            "tokens differ for {:?}:\n fast: {fast:?}\n sqlparser: {slow:?}",
            self.text
        );
    }

    /// The file offset of byte `offset` of [`Compact::text`]: inside a token, the same byte of
    /// it in the file; on a separating space, the next token's start; at the end, the
    /// statement's end.
    pub fn file_offset(&self, offset: usize) -> usize {
        let i = self.pieces.partition_point(|&(at, _, _)| at <= offset);
        match i.checked_sub(1).map(|k| self.pieces[k]) {
            Some((at, file, len)) if offset < at + len => file + (offset - at),
            _ => match self.pieces.get(i) {
                Some(&(_, file, _)) => file,
                None => self.end,
            },
        }
    }
}

/// An ASCII word of letters, digits and `_` that does not start with a digit.
fn plain_word(w: &str) -> bool {
    w.bytes()
        .next()
        .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
        && w.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

/// Digits, optionally with one `.` and more digits.
fn plain_number(n: &str) -> bool {
    let (int, frac) = n.split_once('.').unwrap_or((n, "1"));
    !int.is_empty()
        && !frac.is_empty()
        && int.bytes().all(|b| b.is_ascii_digit())
        && frac.bytes().all(|b| b.is_ascii_digit())
}

/// The keyword a plain word is, as sqlparser's case-insensitive search of its sorted list of
/// keywords finds it, through a hash table of that list built once.
fn keyword(w: &str) -> Keyword {
    use std::sync::OnceLock;
    const LONGEST: usize = 40;
    const SLOTS: usize = 4096;
    // FNV-1a over the upper-cased bytes.
    fn hash(bytes: &[u8]) -> usize {
        let mut h: u32 = 0x811c_9dc5;
        for &b in bytes {
            h = (h ^ u32::from(b)).wrapping_mul(0x0100_0193);
        }
        h as usize
    }
    // Open addressing: the index in ALL_KEYWORDS + 1, 0 for an empty slot.
    static TABLE: OnceLock<Vec<u16>> = OnceLock::new();
    let table = TABLE.get_or_init(|| {
        let mut table = vec![0u16; SLOTS];
        for (i, k) in ALL_KEYWORDS.iter().enumerate() {
            let mut slot = hash(k.as_bytes()) % SLOTS;
            while table[slot] != 0 {
                slot = (slot + 1) % SLOTS;
            }
            table[slot] = u16::try_from(i + 1).expect("fewer keywords than slots");
        }
        table
    });
    if w.len() > LONGEST {
        return Keyword::NoKeyword;
    }
    let mut upper = [0u8; LONGEST];
    let upper = &mut upper[..w.len()];
    for (u, c) in upper.iter_mut().zip(w.bytes()) {
        *u = c.to_ascii_uppercase();
    }
    let mut slot = hash(upper) % SLOTS;
    loop {
        match table[slot] {
            0 => return Keyword::NoKeyword,
            i if ALL_KEYWORDS[usize::from(i) - 1].as_bytes() == &*upper => {
                return ALL_KEYWORDS_INDEX[usize::from(i) - 1];
            }
            _ => slot = (slot + 1) % SLOTS,
        }
    }
}

/// Characters that sqlparser may read together with their neighbours as one operator.
fn is_operator_char(c: char) -> bool {
    matches!(
        c,
        '+' | '-'
            | '*'
            | '/'
            | '<'
            | '>'
            | '='
            | '~'
            | '!'
            | '@'
            | '#'
            | '%'
            | '^'
            | '&'
            | '|'
            | '`'
            | '?'
            | ':'
    )
}

/// sqlparser's token for a punctuation mark or a run of touching operator characters, for the
/// few whose token is certain.
fn punctuation(run: &str) -> Option<Token> {
    Some(match run {
        "(" => Token::LParen,
        ")" => Token::RParen,
        "," => Token::Comma,
        ";" => Token::SemiColon,
        "[" => Token::LBracket,
        "]" => Token::RBracket,
        "." => Token::Period,
        "=" => Token::Eq,
        "+" => Token::Plus,
        "-" => Token::Minus,
        "*" => Token::Mul,
        "<" => Token::Lt,
        ">" => Token::Gt,
        "<=" => Token::LtEq,
        ">=" => Token::GtEq,
        "<>" | "!=" => Token::Neq,
        "::" => Token::DoubleColon,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::Compact;
    use crate::sql::split::split;

    fn compact(sql: &str) -> Compact {
        let (stmts, errors) = split(sql);
        assert!(errors.is_empty());
        let st = &stmts[0];
        Compact::new(&sql[st.start..st.end], st.start, &st.toks)
    }

    #[test]
    fn whitespace_and_comments_become_one_space() {
        let sql = "  CREATE TABLE t (\n    id integer  NOT NULL, -- key\n    a text DEFAULT 'x  y'::text /* c */\n)";
        let c = compact(sql);
        assert_eq!(
            c.text,
            "CREATE TABLE t ( id integer NOT NULL, a text DEFAULT 'x  y'::text )"
        );
        // Offsets map back into the file.
        let at = c.text.find("NOT").unwrap();
        assert_eq!(&sql[c.file_offset(at)..c.file_offset(at) + 3], "NOT");
        let at = c.text.find("'x").unwrap();
        assert_eq!(c.file_offset(at + 2), sql.find("  y").unwrap());
        assert_eq!(c.file_offset(c.text.len()), sql.len());
        // The space before `NOT` maps to `NOT`.
        let space = c.text.find(" NOT").unwrap();
        assert_eq!(c.file_offset(space), sql.find("NOT").unwrap());
    }

    #[test]
    fn common_statements_get_their_tokens_built_and_others_are_left_to_sqlparser() {
        // Debug builds compare each built list with sqlparser's own (see `Compact::tokens`).
        for sql in [
            "CREATE TABLE public.t (id uuid DEFAULT gen_random_uuid() NOT NULL, \"Name\" \
             character varying(20), n numeric(10,2) DEFAULT 1.5, s text DEFAULT 'it''s'::text, \
             CONSTRAINT t_n_check CHECK ((n >= 0) AND (n <> 3) AND (n <= 9)), tags text[])",
            "ALTER TABLE ONLY public.t ADD CONSTRAINT t_fk FOREIGN KEY (a) REFERENCES u(id) \
             ON DELETE CASCADE",
            "CREATE INDEX t_idx ON public.t USING btree (lower(s), n DESC) WHERE (s <> '')",
            "CREATE VIEW v AS SELECT t.id, count(*) AS c FROM t GROUP BY t.id",
        ] {
            assert!(compact(sql).tokens().is_some(), "{sql}");
        }
        for sql in [
            "SELECT E'a\\nb'",
            "SELECT $$x$$",
            "SELECT a ->> 'b' FROM t",
            "SELECT x::int / 2",
            "SELECT t.1",
            "SELECT \"a\"\"b\"",
            "SELECT é FROM t",
            "SELECT 1e5, 0x1f",
            "SELECT n'x'",
        ] {
            assert!(compact(sql).tokens().is_none(), "{sql}");
        }
    }

    #[test]
    fn keywords_are_found_as_sqlparser_finds_them() {
        use sqlparser::keywords::{Keyword, ALL_KEYWORDS, ALL_KEYWORDS_INDEX};
        for (word, kw) in ALL_KEYWORDS.iter().zip(ALL_KEYWORDS_INDEX) {
            assert_eq!(super::keyword(word), *kw);
            assert_eq!(super::keyword(&word.to_ascii_lowercase()), *kw);
        }
        for word in ["users", "created_at", "x", "selectx", "SELEC", ""] {
            assert_eq!(super::keyword(word), Keyword::NoKeyword, "{word}");
        }
    }

    #[test]
    fn blanked_tokens_are_left_out() {
        let sql = "CREATE INDEX i ON ONLY t (a)";
        let (stmts, _) = split(sql);
        let st = &stmts[0];
        let mut text = sql.to_string();
        let only = sql.find("ONLY").unwrap();
        text.replace_range(only..only + 4, "    ");
        let c = Compact::new(&text, st.start, &st.toks);
        assert_eq!(c.text, "CREATE INDEX i ON t (a)");
    }
}
