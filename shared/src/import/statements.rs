//! Pass 1: classify, parse and apply statements in file order to a name-based raw model.

use std::collections::HashMap;

use sqlparser::ast::{AlterTypeOperation, SchemaName, Statement, UserDefinedTypeRepresentation};
use sqlparser::dialect::PostgreSqlDialect;
use sqlparser::parser::{Parser, ParserError};

use super::compact::Compact;
use super::raw::*;
use super::source::{ExprSource, ParsedExpressions};
use super::split::{split, LineIndex, RawStatement, Tok, TokKind};
use super::Diagnostic;
use crate::model::{CheckOption, DEFAULT_SCHEMA};

/// The importer's state.
pub(crate) struct Importer<'a> {
    pub text: &'a str,
    pub index: LineIndex<'a>,
    pub warnings: Vec<Diagnostic>,
    pub errors: Vec<Diagnostic>,
    pub namespaces: Vec<(String, Option<String>)>,
    pub enums: Vec<RawEnum>,
    pub tables: Vec<RawTable>,
    /// Where each table name first appears in `tables` (kept by [`Importer::add_table`] and
    /// [`Importer::reindex_tables`]), so that a dump's thousands of `ALTER TABLE`, `CREATE INDEX`
    /// and `COMMENT` statements find their table without a scan.
    table_positions: HashMap<QName, usize>,
    pub views: Vec<RawView>,
    /// Expression texts already read for [`ExprSource`]: a dump repeats its defaults and checks
    /// over many tables.
    pub parsed: ParsedExpressions,
    pub sequences: Vec<RawSequence>,
    /// Domains read, in file order.
    pub domains: Vec<RawDomain>,
    /// Functions, procedures and aggregates the file creates (not modelled): a view that calls
    /// one is skipped, since its DDL cannot apply without it.
    pub functions: Vec<QName>,
    /// Functions and procedures read, in file order.
    pub routines: Vec<crate::model::Function>,
    /// Extensions created, in file order.
    pub extensions: Vec<crate::model::Extension>,
    /// Composite types, in file order.
    pub composites: Vec<RawComposite>,
    /// Privileges granted on schemas (`GRANT … ON SCHEMA`), by schema name.
    pub schema_grants: Vec<(String, Vec<crate::model::Grant>)>,
    /// `ALTER DEFAULT PRIVILEGES` entries read so far.
    pub default_privileges: Vec<crate::model::DefaultPrivilege>,
}

use super::skipped::{SKIPPED, SKIPPED_ALTER_TABLE};

impl<'a> Importer<'a> {
    pub fn new(text: &'a str) -> Self {
        Importer {
            text,
            index: LineIndex::new(text),
            warnings: Vec::new(),
            errors: Vec::new(),
            namespaces: Vec::new(),
            enums: Vec::new(),
            tables: Vec::new(),
            table_positions: HashMap::new(),
            views: Vec::new(),
            parsed: ParsedExpressions::default(),
            sequences: Vec::new(),
            domains: Vec::new(),
            functions: Vec::new(),
            routines: Vec::new(),
            extensions: Vec::new(),
            composites: Vec::new(),
            schema_grants: Vec::new(),
            default_privileges: Vec::new(),
        }
    }

    pub(super) fn diag(&self, loc: &Loc, message: impl Into<String>) -> Diagnostic {
        let (line, column) = self.index.line_col(loc.offset);
        Diagnostic {
            line,
            column,
            statement: loc.kind.clone(),
            message: message.into(),
        }
    }

    pub(crate) fn warn(&mut self, loc: &Loc, message: impl Into<String>) {
        let d = self.diag(loc, message);
        self.warnings.push(d);
    }

    pub(crate) fn error(&mut self, loc: &Loc, message: impl Into<String>) {
        let d = self.diag(loc, message);
        self.errors.push(d);
    }

    pub fn run(&mut self) {
        let (stmts, lex_errors) = split(self.text);
        for e in lex_errors {
            let loc = Loc {
                offset: e.offset,
                kind: "SQL".to_string(),
            };
            self.error(&loc, e.message);
        }
        for st in &stmts {
            self.statement(st);
        }
    }

    pub(super) fn tok_text(&self, t: &Tok) -> &'a str {
        self.text.get(t.start..t.end).unwrap_or("")
    }

    /// Whether token `t` is the word `upper` (given in upper case), in any case.
    pub(super) fn is_word(&self, t: Option<&Tok>, upper: &str) -> bool {
        t.is_some_and(|t| t.kind == TokKind::Word && self.tok_text(t).eq_ignore_ascii_case(upper))
    }

    /// The upper-cased word of token `t`, or `None` for a non-word.
    pub(super) fn word(&self, t: Option<&Tok>) -> Option<String> {
        let t = t?;
        (t.kind == TokKind::Word).then(|| self.tok_text(t).to_ascii_uppercase())
    }

    /// The statement kind for diagnostics: the leading keywords up to the object type, e.g.
    /// `CREATE UNIQUE INDEX` -> `CREATE INDEX`, `CREATE OR REPLACE FUNCTION` -> `CREATE FUNCTION`.
    pub(super) fn kind(&self, st: &RawStatement) -> String {
        if st.meta_command {
            return "psql meta-command".to_string();
        }
        let words: Vec<String> = st
            .toks
            .iter()
            .take(6)
            .map_while(|t| self.word(Some(t)))
            .collect();
        let Some(first) = words.first() else {
            return "SQL".to_string();
        };
        let noise = [
            "OR",
            "REPLACE",
            "UNIQUE",
            "UNLOGGED",
            "CONCURRENTLY",
            "TRUSTED",
            "PROCEDURAL",
            "RECURSIVE",
            "TEMP",
            "TEMPORARY",
            "ONLY",
        ];
        match first.as_str() {
            "CREATE" | "ALTER" | "DROP" | "COMMENT" => {
                let mut kind = vec![first.clone()];
                let rest = words
                    .iter()
                    .skip(1)
                    .filter(|w| !noise.contains(&w.as_str()));
                for w in rest {
                    if w == "ON" && first == "COMMENT" {
                        kind.push(w.clone());
                        continue;
                    }
                    kind.push(w.clone());
                    let two_word = !(first == "COMMENT" && w == "CONSTRAINT")
                        && matches!(
                            w.as_str(),
                            "MATERIALIZED"
                                | "EVENT"
                                | "FOREIGN"
                                | "TEXT"
                                | "DEFAULT"
                                | "CONSTRAINT"
                                | "ACCESS"
                                | "LARGE"
                        );
                    if !two_word {
                        break;
                    }
                }
                kind.join(" ")
            }
            _ => first.clone(),
        }
    }

    pub(super) fn statement(&mut self, st: &RawStatement) {
        let kind = self.kind(st);
        let loc = Loc {
            offset: st.start,
            kind: kind.clone(),
        };
        if st.meta_command {
            self.warn(&loc, "skipped: psql commands are not SQL");
            return;
        }
        if let Some(inner) = self.guarded_do_block(st) {
            for s in &inner {
                self.statement(s);
            }
            return;
        }
        let words: Vec<String> = st
            .toks
            .iter()
            .take(4)
            .map(|t| self.word(Some(t)).unwrap_or_default())
            .collect();
        // `CREATE OR REPLACE X` is classified as `CREATE X`.
        let lead: Vec<&str> = {
            let mut v: Vec<&str> = words.iter().map(String::as_str).collect();
            if v.len() >= 3 && v[0] == "CREATE" && v[1] == "OR" && v[2] == "REPLACE" {
                v.drain(1..3);
            }
            v
        };
        // The leading word first: the token scan is only worth it for an `ALTER`.
        if lead.first() == Some(&"ALTER") && self.has_top_level_words(st, &["OWNER", "TO"]) {
            self.warn(&loc, "skipped: ownership is not modelled");
            return;
        }
        if lead.starts_with(&["CREATE", "DOMAIN"]) {
            self.create_domain(st, &loc);
            return;
        }
        if lead.starts_with(&["ALTER", "INDEX"])
            && self.has_top_level_words(st, &["ATTACH", "PARTITION"])
        {
            // A partition's index attached to its parent's: what partitioning implies.
            return;
        }
        if matches!(lead.first(), Some(&"GRANT") | Some(&"REVOKE")) {
            self.grant(st, &loc, lead.first() == Some(&"REVOKE"));
            return;
        }
        if lead.starts_with(&["ALTER", "DEFAULT"]) {
            self.alter_default_privileges(st, &loc);
            return;
        }
        if lead.starts_with(&["CREATE", "EXTENSION"]) {
            self.create_extension(st, &loc);
            return;
        }
        if lead.starts_with(&["ALTER", "DOMAIN"]) {
            self.alter_domain(st, &loc);
            return;
        }
        if lead.starts_with(&["CREATE", "FUNCTION"])
            || lead.starts_with(&["CREATE", "PROCEDURE"])
            || lead.starts_with(&["CREATE", "AGGREGATE"])
        {
            self.create_function(st, &loc);
            return;
        }
        if lead.starts_with(&["CREATE", "TRIGGER"]) {
            self.create_trigger(st, &loc);
            return;
        }
        if lead.starts_with(&["COMMENT", "ON"]) && self.routine_comment(st, &loc) {
            return;
        }
        for (prefix, why) in SKIPPED {
            if lead.len() >= prefix.len() && lead.iter().zip(prefix.iter()).all(|(a, b)| a == b) {
                self.warn(&loc, format!("skipped: {why}"));
                return;
            }
        }
        if lead.first() == Some(&"COMMENT") {
            let modelled = matches!(
                lead.get(2).copied(),
                Some(
                    "TABLE"
                        | "COLUMN"
                        | "TYPE"
                        | "VIEW"
                        | "MATERIALIZED"
                        | "SCHEMA"
                        | "INDEX"
                        | "SEQUENCE"
                )
            );
            if !modelled {
                self.warn(
                    &loc,
                    "skipped: comments on this kind of object are not modelled",
                );
                return;
            }
        }
        let create_table = lead.first() == Some(&"CREATE")
            && st
                .toks
                .iter()
                .take(5)
                .any(|t| self.is_word(Some(t), "TABLE"));
        // Only a `CREATE TABLE` is scanned for `(LIKE`.
        let like = || {
            st.toks
                .windows(2)
                .any(|w| w[0].kind == TokKind::Punct('(') && self.is_word(Some(&w[1]), "LIKE"))
        };
        if create_table && like() {
            self.warn(
                &loc,
                "skipped: CREATE TABLE (LIKE ...) copies columns from the database, which an import cannot see",
            );
            return;
        }
        if lead.first() == Some(&"ALTER") && lead.get(1) == Some(&"SEQUENCE") {
            self.alter_sequence(st, &loc);
            return;
        }
        if lead.first() == Some(&"ALTER") && lead.get(1) == Some(&"TABLE") {
            if self.alter_table_subcommand(st).as_deref() == Some("ATTACH") {
                self.attach_partition(st, &loc);
                return;
            }
            if let Some(w) = self.alter_table_subcommand(st) {
                let row_security = matches!(w.as_str(), "ENABLE" | "DISABLE" | "FORCE" | "NO")
                    && self.has_top_level_words(st, &["ROW", "LEVEL", "SECURITY"]);
                if SKIPPED_ALTER_TABLE.contains(&w.as_str()) && !row_security {
                    self.warn(
                        &loc,
                        format!("skipped: ALTER TABLE ... {w} is not modelled"),
                    );
                    return;
                }
            }
        }

        // Blank out pg_dump forms sqlparser does not accept, keeping every offset in place.
        let mut sql = self
            .text
            .get(st.start..st.end)
            .unwrap_or_default()
            .to_string();
        self.blank_unsupported(st, &mut sql);

        // Operator chains and nesting are bounded before sqlparser builds a tree of them.
        if let Err((offset, message)) = crate::sql::check_tokens(self.text, &st.toks) {
            let loc = Loc { offset, kind };
            self.error(&loc, message);
            return;
        }
        let compact = Compact::new(&sql, st.start, &st.toks);
        // Through the tokens built from the lexer's when they can be; on any failure (and for
        // other statements) sqlparser tokenizes and parses the text itself, so its messages and
        // their positions are what they always were.
        let fast = compact.tokens().and_then(|tokens| {
            Parser::new(&PostgreSqlDialect {})
                .with_tokens_with_locations(tokens)
                .parse_statements()
                .ok()
        });
        let parsed = match fast {
            Some(statements) => Ok(statements),
            None => Parser::parse_sql(&PostgreSqlDialect {}, &compact.text),
        };
        match parsed {
            Err(e) => {
                let (message, offset) = self.relocate(st, &compact, &e);
                let loc = Loc { offset, kind };
                self.error(&loc, message);
            }
            Ok(parsed) => {
                for stmt in parsed {
                    self.apply(stmt, st, &loc);
                }
            }
        }
    }

    /// Remembers the name of a `CREATE [OR REPLACE] FUNCTION|PROCEDURE|AGGREGATE`.
    pub(super) fn record_function(&mut self, st: &RawStatement) {
        let Some(at) = st.toks.iter().position(|t| {
            self.word(Some(t))
                .is_some_and(|w| matches!(w.as_str(), "FUNCTION" | "PROCEDURE" | "AGGREGATE"))
        }) else {
            return;
        };
        let (parts, _) = super::split::name_chain(self.text, &st.toks, at + 1);
        let qn = match parts.as_slice() {
            [name] => QName {
                schema: DEFAULT_SCHEMA.to_string(),
                name: name.clone(),
            },
            [.., schema, name] => QName {
                schema: schema.clone(),
                name: name.clone(),
            },
            [] => return,
        };
        self.functions.push(qn);
    }

    /// The statements inside drizzle-kit's (pre-0.21) idempotent wrapper
    /// `DO $$ BEGIN <ddl>; EXCEPTION WHEN duplicate_object THEN null; END $$;`, with offsets in
    /// the whole file. Any other `DO` block is not unwrapped.
    pub(super) fn guarded_do_block(&self, st: &RawStatement) -> Option<Vec<RawStatement>> {
        let [first, body, rest @ ..] = st.toks.as_slice() else {
            return None;
        };
        let plain_tail = rest.iter().all(|t| {
            self.word(Some(t))
                .is_some_and(|w| w == "LANGUAGE" || w == "PLPGSQL")
        });
        if self.word(Some(first)).as_deref() != Some("DO")
            || body.kind != TokKind::Str
            || !plain_tail
        {
            return None;
        }
        let quoted = self.tok_text(body);
        if !quoted.starts_with('$') {
            return None;
        }
        let tag_len = quoted[1..].find('$')? + 2;
        if quoted.len() < 2 * tag_len {
            return None;
        }
        let body_start = body.start + tag_len;
        let body_text = self.text.get(body_start..body.end - tag_len)?;
        let (mut inner, errors) = split(body_text);
        if !errors.is_empty() || inner.len() < 3 {
            return None;
        }
        // BEGIN <statements> ; EXCEPTION WHEN duplicate_object THEN null ; END
        let w = |s: &RawStatement, i: usize| -> String {
            s.toks
                .get(i)
                .filter(|t| t.kind == TokKind::Word)
                .and_then(|t| body_text.get(t.start..t.end))
                .unwrap_or_default()
                .to_ascii_uppercase()
        };
        let n = inner.len();
        let handler: Vec<String> = (0..6).map(|i| w(&inner[n - 2], i)).collect();
        let ok = w(&inner[0], 0) == "BEGIN"
            && handler[..5] == ["EXCEPTION", "WHEN", "DUPLICATE_OBJECT", "THEN", "NULL"]
            && inner[n - 2].toks.len() == 5
            && w(&inner[n - 1], 0) == "END"
            && inner[n - 1].toks.len() == 1;
        if !ok {
            return None;
        }
        inner.truncate(n - 2);
        inner[0].toks.remove(0);
        let mut out = Vec::new();
        for mut s in inner {
            for t in &mut s.toks {
                t.start += body_start;
                t.end += body_start;
            }
            if let (Some(f), Some(l)) = (s.toks.first(), s.toks.last()) {
                s.start = f.start;
                s.end = l.end;
                out.push(s);
            }
        }
        Some(out)
    }

    /// Turns a parser error with a statement-relative `Line: l, Column: c` into a message
    /// without it and an absolute byte offset.
    /// sqlparser's message for a statement it read as `compact`, and the file offset it points at.
    pub(super) fn relocate(
        &self,
        st: &RawStatement,
        compact: &Compact,
        e: &ParserError,
    ) -> (String, usize) {
        let msg = match e {
            ParserError::TokenizerError(m) | ParserError::ParserError(m) => m.clone(),
            ParserError::RecursionLimitExceeded => {
                return ("expression nested too deeply".to_string(), st.start);
            }
        };
        let Some(pos) = msg.rfind(" at Line: ") else {
            return (msg, st.start);
        };
        let tail = &msg[pos + " at Line: ".len()..];
        let mut nums = tail
            .split(|c: char| !c.is_ascii_digit())
            .filter(|s| !s.is_empty())
            .map(|s| s.parse::<usize>().unwrap_or(0));
        let (Some(line), Some(col)) = (nums.next(), nums.next()) else {
            return (msg, st.start);
        };
        let offset = offset_of(&compact.text, line, col)
            .map(|o| compact.file_offset(o))
            .unwrap_or(st.start);
        (msg[..pos].to_string(), offset)
    }

    pub(super) fn has_top_level_words(&self, st: &RawStatement, seq: &[&str]) -> bool {
        let mut depth = 0i32;
        for (i, t) in st.toks.iter().enumerate() {
            match t.kind {
                TokKind::Punct('(') => depth += 1,
                TokKind::Punct(')') => depth -= 1,
                _ => {}
            }
            if depth == 0
                && seq
                    .iter()
                    .enumerate()
                    .all(|(k, w)| self.is_word(st.toks.get(i + k), w))
            {
                return true;
            }
        }
        false
    }

    /// Index just past a (possibly qualified) name starting at token `i`.
    pub(super) fn skip_name(&self, toks: &[Tok], mut i: usize) -> usize {
        loop {
            match toks.get(i).map(|t| t.kind) {
                Some(TokKind::Word | TokKind::Quoted) => i += 1,
                _ => return i,
            }
            if toks.get(i).map(|t| t.kind) == Some(TokKind::Punct('.')) {
                i += 1;
            } else {
                return i;
            }
        }
    }

    /// The folded parts of a qualified name starting at token `i`.
    pub(super) fn name_at(&self, toks: &[Tok], i: usize) -> (Vec<String>, usize) {
        let end = self.skip_name(toks, i);
        let parts = toks[i.min(end)..end]
            .iter()
            .filter(|t| matches!(t.kind, TokKind::Word | TokKind::Quoted))
            .map(|t| {
                let s = self.tok_text(t);
                if t.kind == TokKind::Quoted {
                    s.get(1..s.len().saturating_sub(1))
                        .unwrap_or("")
                        .replace("\"\"", "\"")
                } else {
                    s.to_ascii_lowercase()
                }
            })
            .collect();
        (parts, end)
    }

    /// The first word after `ALTER TABLE [IF EXISTS] [ONLY] <name>`.
    pub(super) fn alter_table_subcommand(&self, st: &RawStatement) -> Option<String> {
        let toks = &st.toks;
        let mut i = 2;
        if self.is_word(toks.get(i), "IF") {
            i += 2;
        }
        if self.is_word(toks.get(i), "ONLY") {
            i += 1;
        }
        let i = self.skip_name(toks, i);
        // `ALTER COLUMN x SET STATISTICS/STORAGE/COMPRESSION/(options)` are storage details.
        let w = self.word(toks.get(i))?;
        if w == "ALTER" {
            let mut j = i + 1;
            if self.is_word(toks.get(j), "COLUMN") {
                j += 1;
            }
            j = self.skip_name(toks, j);
            let op = self.word(toks.get(j));
            let next = toks.get(j + 1);
            if op.as_deref() == Some("SET") || op.as_deref() == Some("RESET") {
                let what = self.word(next);
                let storage = matches!(
                    what.as_deref(),
                    Some("STATISTICS" | "STORAGE" | "COMPRESSION")
                ) || next.map(|t| t.kind) == Some(TokKind::Punct('('));
                if storage {
                    return Some("SET".to_string());
                }
            }
        }
        Some(w)
    }

    /// Replaces pg_dump syntax sqlparser cannot read with spaces (offsets stay valid):
    /// `CREATE INDEX ... ON ONLY`, `SEQUENCE NAME x` in identity options, and a materialized
    /// view's trailing `WITH [NO] DATA`.
    pub(super) fn blank_unsupported(&self, st: &RawStatement, sql: &mut String) {
        let toks = &st.toks;
        let mut ranges: Vec<(usize, usize)> = Vec::new();
        let first = self.word(toks.first());
        if first.as_deref() == Some("CREATE") {
            let is_index = toks.iter().take(4).any(|t| self.is_word(Some(t), "INDEX"));
            if is_index {
                for w in toks.windows(2) {
                    if self.is_word(Some(&w[0]), "ON") && self.is_word(Some(&w[1]), "ONLY") {
                        ranges.push((w[1].start, w[1].end));
                        break;
                    }
                }
            }
            if let Some(i) = self.recursive_view_word(st) {
                ranges.push((toks[i].start, toks[i].end));
            }
            if let Some((start, _)) = self.view_check_option(st) {
                ranges.push((start, toks[toks.len() - 1].end));
            }
            let n = toks.len();
            if n >= 3 && self.is_word(toks.get(n - 1), "DATA") {
                if self.is_word(toks.get(n - 2), "NO") && self.is_word(toks.get(n - 3), "WITH") {
                    ranges.push((toks[n - 3].start, toks[n - 1].end));
                } else if self.is_word(toks.get(n - 2), "WITH") {
                    ranges.push((toks[n - 2].start, toks[n - 1].end));
                }
            }
        }
        if matches!(first.as_deref(), Some("ALTER" | "CREATE")) {
            for (i, w) in toks.windows(2).enumerate() {
                if self.is_word(Some(&w[0]), "SEQUENCE") && self.is_word(Some(&w[1]), "NAME") {
                    let end = self.skip_name(toks, i + 2);
                    if end > i + 2 {
                        ranges.push((w[0].start, toks[end - 1].end));
                    }
                }
            }
        }
        for (s, e) in ranges {
            let (s, e) = (s - st.start, e - st.start);
            if let Some(slice) = sql.get(s..e) {
                let blank = " ".repeat(slice.len());
                sql.replace_range(s..e, &blank);
            }
        }
    }

    /// The index of the `RECURSIVE` of `CREATE [OR REPLACE] [TEMP] RECURSIVE VIEW` (sqlparser
    /// does not read it; the importer rewrites the query as PostgreSQL does).
    pub(super) fn recursive_view_word(&self, st: &RawStatement) -> Option<usize> {
        let words: Vec<String> = st
            .toks
            .iter()
            .take(6)
            .map(|t| self.word(Some(t)).unwrap_or_default())
            .collect();
        if words.first().map(String::as_str) != Some("CREATE") {
            return None;
        }
        let i = words.iter().position(|w| w == "RECURSIVE")?;
        let before_ok = words[1..i]
            .iter()
            .all(|w| matches!(w.as_str(), "OR" | "REPLACE" | "TEMP" | "TEMPORARY"));
        (before_ok && words.get(i + 1).map(String::as_str) == Some("VIEW")).then_some(i)
    }

    /// A trailing `WITH [CASCADED | LOCAL] CHECK OPTION` of `CREATE ... VIEW`: the offset where
    /// it starts and the option (sqlparser does not read it).
    pub(super) fn view_check_option(&self, st: &RawStatement) -> Option<(usize, CheckOption)> {
        let toks = &st.toks;
        let n = toks.len();
        if self.word(toks.first()).as_deref() != Some("CREATE")
            || !toks.iter().take(7).any(|t| self.is_word(Some(t), "VIEW"))
        {
            return None;
        }
        let w = |k: usize| {
            n.checked_sub(k)
                .and_then(|i| self.word(toks.get(i)))
                .unwrap_or_default()
        };
        if !(w(1) == "OPTION" && w(2) == "CHECK") {
            return None;
        }
        let (k, option) = match w(3).as_str() {
            "LOCAL" => (4, CheckOption::Local),
            "CASCADED" => (4, CheckOption::Cascaded),
            _ => (3, CheckOption::Cascaded),
        };
        (w(k) == "WITH").then(|| (toks[n - k].start, option))
    }

    pub(super) fn apply(&mut self, stmt: Statement, st: &RawStatement, loc: &Loc) {
        match stmt {
            Statement::CreateSchema { schema_name, .. } => {
                let name = match &schema_name {
                    SchemaName::Simple(n) | SchemaName::NamedAuthorization(n, _) => {
                        n.0.last().map(fold_name_part).unwrap_or_default()
                    }
                    SchemaName::UnnamedAuthorization(i) => fold(i),
                };
                if !self.namespaces.iter().any(|(n, _)| n == &name) {
                    let grants =
                        self.default_grants(crate::model::DefaultObjects::Schemas, &name, Vec::new());
                    if !grants.is_empty() {
                        self.schema_grants.push((name.clone(), grants));
                    }
                    self.namespaces.push((name, None));
                }
            }
            Statement::CreateType {
                name,
                representation,
            } => match representation {
                Some(UserDefinedTypeRepresentation::Enum { labels }) => {
                    let qname = qname(&name);
                    if self.enums.iter().any(|e| e.qname == qname) {
                        self.error(loc, format!("type {} is defined twice", show(&qname)));
                        return;
                    }
                    self.enums.push(RawEnum {
                        qname,
                        values: labels.iter().map(|l| l.value.clone()).collect(),
                        comment: None,
                    });
                }
                Some(UserDefinedTypeRepresentation::Composite { attributes }) => {
                    let qname = qname(&name);
                    if self.enums.iter().any(|e| e.qname == qname)
                        || self.composites.iter().any(|c| c.qname == qname)
                    {
                        self.error(loc, format!("type {} is defined twice", show(&qname)));
                        return;
                    }
                    self.composites.push(RawComposite {
                        qname,
                        attributes: attributes
                            .iter()
                            .map(|a| {
                                let collation = a.collation.as_ref().map(|c| super::raw::qname(c).name);
                                (fold(&a.name), type_text(&a.data_type), collation)
                            })
                            .collect(),
                        comment: None,
                    });
                }
                _ => self.warn(
                    loc,
                    "skipped: only enum and composite types are modelled (columns using this type keep its name)",
                ),
            },
            Statement::CreateTable(ct) => self.create_table(ct, st, loc),
            Statement::CreateIndex(ci) => self.create_index(ci, st, loc),
            Statement::CreateView(cv) => self.create_view(cv, st, loc),
            Statement::CreateSequence {
                name,
                if_not_exists,
                sequence_options,
                ..
            } => self.create_sequence(&name, if_not_exists, &sequence_options, loc),
            Statement::AlterTable(at) => {
                let qn = qname(&at.name);
                let Some(ti) = self.table_index(&qn) else {
                    if at.if_exists {
                        self.warn(loc, format!("table {} does not exist; skipped", show(&qn)));
                    } else {
                        self.error(
                            loc,
                            format!("table {} is not defined before this statement", show(&qn)),
                        );
                    }
                    return;
                };
                let mut src = ExprSource::new(self.text, &st.toks, st.end, &self.parsed);
                for op in at.operations {
                    self.alter_table_op(ti, op, &mut src, loc);
                }
            }
            Statement::AlterType(at) => {
                let qn = qname(&at.name);
                match at.operation {
                    AlterTypeOperation::AddValue(add) => {
                        let Some(e) = self.enums.iter_mut().find(|e| e.qname == qn) else {
                            self.error(
                                loc,
                                format!(
                                    "enum type {} is not defined before this statement",
                                    show(&qn)
                                ),
                            );
                            return;
                        };
                        let value = add.value.value.clone();
                        if e.values.contains(&value) {
                            if !add.if_not_exists {
                                self.error(loc, format!("enum label {value:?} already exists"));
                            }
                            return;
                        }
                        let pos = match &add.position {
                            Some(sqlparser::ast::AlterTypeAddValuePosition::Before(v)) => {
                                e.values.iter().position(|x| x == &v.value)
                            }
                            Some(sqlparser::ast::AlterTypeAddValuePosition::After(v)) => {
                                e.values.iter().position(|x| x == &v.value).map(|p| p + 1)
                            }
                            None => None,
                        };
                        match pos {
                            Some(p) => e.values.insert(p, value),
                            None => e.values.push(value),
                        }
                    }
                    AlterTypeOperation::RenameValue(r) => {
                        if let Some(e) = self.enums.iter_mut().find(|e| e.qname == qn) {
                            for v in &mut e.values {
                                if *v == r.from.value {
                                    *v = r.to.value.clone();
                                }
                            }
                        }
                    }
                    AlterTypeOperation::Rename(r) => {
                        let new = QName {
                            schema: qn.schema.clone(),
                            name: fold(&r.new_name),
                        };
                        let Some(e) = self.enums.iter_mut().find(|e| e.qname == qn) else {
                            self.warn(
                                loc,
                                format!(
                                    "type {} is not an enum defined in this file; skipped",
                                    show(&qn)
                                ),
                            );
                            return;
                        };
                        e.qname = new.clone();
                        // Columns of the type follow it.
                        for t in &mut self.tables {
                            for c in &mut t.columns {
                                rename_type(&mut c.data_type, &qn, &new);
                            }
                        }
                    }
                }
            }
            Statement::Comment {
                object_type,
                object_name,
                comment,
                ..
            } => self.comment(object_type, &object_name, comment, loc),
            Statement::Drop {
                object_type,
                names,
                if_exists,
                ..
            } => self.drop(object_type, &names, if_exists, loc),
            Statement::CreatePolicy(cp) => self.create_policy(cp, st, loc),
            other => {
                let _ = other;
                self.warn(loc, "skipped: not modelled");
            }
        }
    }

    /// The position in `tables` of the first table named `qn`.
    pub(crate) fn table_index(&self, qn: &QName) -> Option<usize> {
        self.table_positions.get(qn).copied()
    }

    /// Adds a table at the end of `tables`.
    pub(crate) fn add_table(&mut self, mut table: RawTable) {
        if !self.default_privileges.is_empty() {
            table.grants = self.default_grants(
                crate::model::DefaultObjects::Tables,
                &table.qname.schema,
                std::mem::take(&mut table.grants),
            );
        }
        self.table_positions
            .entry(table.qname.clone())
            .or_insert(self.tables.len());
        self.tables.push(table);
    }

    /// Rebuilds the name index after tables were removed or renamed.
    pub(crate) fn reindex_tables(&mut self) {
        self.table_positions.clear();
        for (i, t) in self.tables.iter().enumerate() {
            self.table_positions.entry(t.qname.clone()).or_insert(i);
        }
    }

    pub(super) fn report(&mut self, loc: &Loc, p: Problem) {
        match p {
            Problem::Error(m) => self.error(loc, m),
            Problem::Warning(m) => self.warn(loc, m),
        }
    }
}

/// The byte offset of 1-based `line`/`col` (characters) in `text`.
fn offset_of(text: &str, line: usize, col: usize) -> Option<usize> {
    let mut start = 0;
    for _ in 1..line {
        start += text.get(start..)?.find('\n')? + 1;
    }
    let line_text = text.get(start..)?;
    let off = line_text
        .char_indices()
        .nth(col.saturating_sub(1))
        .map(|(i, _)| i)
        .unwrap_or(line_text.len());
    Some(start + off)
}
