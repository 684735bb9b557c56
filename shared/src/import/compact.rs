//! The text of a statement as handed to sqlparser: its tokens with each run of whitespace and
//! comments between two of them as one space.
//!
//! sqlparser makes a token of every whitespace character, so an indented dump (`    id integer
//! NOT NULL,` on every line) is mostly whitespace tokens, each one built, located and skipped.
//! Whitespace and comments mean nothing to the PostgreSQL dialect's parser except as separators
//! (it joins no string literals across lines), so one space keeps every token apart that was
//! apart and adjacent tokens (`::`, `>=`) adjacent. A [`Compact`] also maps its offsets back to
//! the file, so a parse error still points at the right line and column of the statement.

use super::split::Tok;

/// A statement's compacted text and where each of its tokens came from.
pub(super) struct Compact {
    /// What sqlparser reads.
    pub text: String,
    /// Per kept token: its offset in `text`, its offset in the file and its length.
    pieces: Vec<(usize, usize, usize)>,
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
        let mut previous_end: Option<usize> = None;
        for t in toks {
            let Some(piece) = sql.get(t.start - start..t.end - start) else {
                continue;
            };
            // No token starts with a space: this one was blanked.
            if piece.is_empty() || piece.starts_with(' ') {
                continue;
            }
            if previous_end.is_some_and(|end| end < t.start) {
                text.push(' ');
            }
            pieces.push((text.len(), t.start, piece.len()));
            text.push_str(piece);
            previous_end = Some(t.end);
        }
        Compact {
            text,
            pieces,
            end: start + sql.len(),
        }
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
