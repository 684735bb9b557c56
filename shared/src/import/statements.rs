//! Pass 1: classify, parse and apply statements in file order to a name-based raw model.

use sqlparser::ast::{
    AlterColumnOperation, AlterTableOperation, AlterTypeOperation, ColumnDef, ColumnOption,
    CommentObject, CreateIndex, CreateTable, CreateView, DataType, Expr, GeneratedAs, Ident,
    IndexType, ObjectName, ObjectNamePart, OrderBySort, ReferentialAction as SqlAction, SchemaName,
    Statement, TableConstraint, UserDefinedTypeRepresentation,
};
use sqlparser::dialect::PostgreSqlDialect;
use sqlparser::parser::{Parser, ParserError};

use super::source::ExprSource;
use super::split::{split, LineIndex, RawStatement, Tok, TokKind};
use super::{Diagnostic, ImportResult};
use crate::model::{
    CheckOption, Identity, IndexMethod, NullsOrder, ReferentialAction, DEFAULT_SCHEMA,
};
use crate::naming::quote_ident;

/// A schema-qualified name, folded the way PostgreSQL folds identifiers.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct QName {
    pub schema: String,
    pub name: String,
}

/// Where a statement starts and what it is, for diagnostics raised later.
#[derive(Clone, Debug)]
pub(crate) struct Loc {
    pub offset: usize,
    pub kind: String,
}

#[derive(Clone)]
pub(crate) struct RawColumn {
    pub name: String,
    pub data_type: sqlparser::ast::DataType,
    pub not_null: bool,
    /// The default's SQL text (`DEFAULT NULL` is no default).
    pub default: Option<String>,
    pub identity: Option<Identity>,
    /// The identity's sequence options as written (made canonical by normalisation).
    pub identity_options: crate::model::IdentityOptions,
    pub collation: Option<String>,
    pub generated: Option<String>,
    pub comment: Option<String>,
}

pub(crate) struct RawKey {
    pub name: Option<String>,
    pub columns: Vec<String>,
    pub nulls_not_distinct: bool,
    pub deferrable: bool,
    pub initially_deferred: bool,
    pub loc: Loc,
}

pub(crate) struct RawCheck {
    pub name: Option<String>,
    pub expr: String,
    pub not_valid: bool,
    pub no_inherit: bool,
}

pub(crate) struct RawFk {
    pub name: Option<String>,
    pub columns: Vec<String>,
    pub ref_table: QName,
    pub ref_columns: Vec<String>,
    pub on_delete: ReferentialAction,
    pub on_update: ReferentialAction,
    pub deferrable: bool,
    pub initially_deferred: bool,
    pub match_full: bool,
    pub not_valid: bool,
    pub loc: Loc,
}

pub(crate) enum RawIndexKey {
    Column(String),
    /// The expression text and what it contributes to PostgreSQL's implicit index name.
    Expression {
        text: String,
        name_part: String,
    },
}

pub(crate) struct RawIndexPart {
    pub key: RawIndexKey,
    pub descending: bool,
    pub nulls: Option<NullsOrder>,
    pub opclass: Option<String>,
    pub collation: Option<String>,
}

pub(crate) struct RawIndex {
    pub name: Option<String>,
    pub unique: bool,
    pub method: IndexMethod,
    pub parts: Vec<RawIndexPart>,
    pub include: Vec<String>,
    pub predicate: Option<String>,
    pub nulls_not_distinct: bool,
    pub storage: std::collections::BTreeMap<String, String>,
    pub comment: Option<String>,
    pub loc: Loc,
}

pub(crate) struct RawTable {
    pub qname: QName,
    pub columns: Vec<RawColumn>,
    pub primary_key: Option<RawKey>,
    pub uniques: Vec<RawKey>,
    pub checks: Vec<RawCheck>,
    pub foreign_keys: Vec<RawFk>,
    pub indexes: Vec<RawIndex>,
    pub comment: Option<String>,
    pub loc: Loc,
}

pub(crate) struct RawEnum {
    pub qname: QName,
    pub values: Vec<String>,
    pub comment: Option<String>,
}

pub(crate) struct RawView {
    pub qname: QName,
    pub loc: Loc,
    pub columns: Vec<String>,
    pub query: String,
    pub materialized: bool,
    pub comment: Option<String>,
    pub check_option: Option<CheckOption>,
    /// Indexes of a materialized view; keys are column names or expressions.
    pub indexes: Vec<RawIndex>,
}

pub(crate) struct RawSequence {
    pub qname: QName,
    pub owned_by: Option<(QName, String)>,
    pub loc: Loc,
}

/// The importer's state.
pub(crate) struct Importer<'a> {
    pub text: &'a str,
    pub index: LineIndex<'a>,
    pub warnings: Vec<Diagnostic>,
    pub errors: Vec<Diagnostic>,
    pub namespaces: Vec<(String, Option<String>)>,
    pub enums: Vec<RawEnum>,
    pub tables: Vec<RawTable>,
    pub views: Vec<RawView>,
    pub sequences: Vec<RawSequence>,
    /// `CREATE DOMAIN` names and base types: columns of a domain type get the base type.
    pub domains: Vec<(QName, DataType)>,
    /// Functions, procedures and aggregates the file creates (not modelled): a view that calls
    /// one is skipped, since its DDL cannot apply without it.
    pub functions: Vec<QName>,
}

/// Statement kinds that are valid PostgreSQL but not modelled, by their leading words. Checked
/// before parsing so sqlparser's gaps (e.g. `CREATE AGGREGATE`) never turn them into errors.
const SKIPPED: &[(&[&str], &str)] = &[
    (&["SET"], "session settings are not modelled"),
    (&["RESET"], "session settings are not modelled"),
    (&["SELECT"], "queries are not modelled"),
    (&["WITH"], "queries are not modelled"),
    (&["VALUES"], "queries are not modelled"),
    (&["BEGIN"], "transaction control is not modelled"),
    (&["START"], "transaction control is not modelled"),
    (&["COMMIT"], "transaction control is not modelled"),
    (&["END"], "transaction control is not modelled"),
    (&["ROLLBACK"], "transaction control is not modelled"),
    (&["SAVEPOINT"], "transaction control is not modelled"),
    (&["GRANT"], "privileges are not modelled"),
    (&["REVOKE"], "privileges are not modelled"),
    (&["DO"], "anonymous code blocks are not modelled"),
    (&["COPY"], "data is not imported"),
    (&["INSERT"], "data is not imported"),
    (&["UPDATE"], "data is not imported"),
    (&["DELETE"], "data is not imported"),
    (&["TRUNCATE"], "data is not imported"),
    (&["ANALYZE"], "maintenance commands are not modelled"),
    (&["VACUUM"], "maintenance commands are not modelled"),
    (&["CLUSTER"], "maintenance commands are not modelled"),
    (&["REFRESH"], "maintenance commands are not modelled"),
    (&["REINDEX"], "maintenance commands are not modelled"),
    (&["LOCK"], "locks are not modelled"),
    (&["NOTIFY"], "notifications are not modelled"),
    (&["LISTEN"], "notifications are not modelled"),
    (&["SECURITY", "LABEL"], "security labels are not modelled"),
    (&["IMPORT", "FOREIGN"], "foreign tables are not modelled"),
    (&["CREATE", "FUNCTION"], "functions are not modelled"),
    (&["CREATE", "PROCEDURE"], "procedures are not modelled"),
    (&["CREATE", "AGGREGATE"], "aggregates are not modelled"),
    (&["CREATE", "TRIGGER"], "triggers are not modelled"),
    (
        &["CREATE", "CONSTRAINT", "TRIGGER"],
        "triggers are not modelled",
    ),
    (
        &["CREATE", "EVENT", "TRIGGER"],
        "event triggers are not modelled",
    ),
    (&["CREATE", "RULE"], "rules are not modelled"),
    (
        &["CREATE", "POLICY"],
        "row-level security policies are not modelled",
    ),
    (&["CREATE", "EXTENSION"], "extensions are not modelled"),
    (&["CREATE", "CAST"], "casts are not modelled"),
    (&["CREATE", "OPERATOR"], "operators are not modelled"),
    (&["CREATE", "COLLATION"], "collations are not modelled"),
    (&["CREATE", "CONVERSION"], "conversions are not modelled"),
    (&["CREATE", "LANGUAGE"], "languages are not modelled"),
    (&["CREATE", "TRUSTED"], "languages are not modelled"),
    (&["CREATE", "PROCEDURAL"], "languages are not modelled"),
    (&["CREATE", "PUBLICATION"], "publications are not modelled"),
    (
        &["CREATE", "SUBSCRIPTION"],
        "subscriptions are not modelled",
    ),
    (&["CREATE", "ROLE"], "roles are not modelled"),
    (&["CREATE", "USER"], "roles are not modelled"),
    (&["CREATE", "GROUP"], "roles are not modelled"),
    (&["CREATE", "SERVER"], "foreign servers are not modelled"),
    (
        &["CREATE", "FOREIGN"],
        "foreign tables and wrappers are not modelled",
    ),
    (
        &["CREATE", "TEXT"],
        "text search configuration is not modelled",
    ),
    (
        &["CREATE", "STATISTICS"],
        "extended statistics are not modelled",
    ),
    (&["CREATE", "TABLESPACE"], "tablespaces are not modelled"),
    (&["CREATE", "ACCESS"], "access methods are not modelled"),
    (&["CREATE", "TRANSFORM"], "transforms are not modelled"),
    (&["CREATE", "DATABASE"], "databases are not modelled"),
    (&["CREATE", "TEMP"], "temporary tables are not modelled"),
    (
        &["CREATE", "TEMPORARY"],
        "temporary tables are not modelled",
    ),
    (&["CREATE", "GLOBAL"], "temporary tables are not modelled"),
    (&["CREATE", "LOCAL"], "temporary tables are not modelled"),
    (&["ALTER", "DEFAULT"], "default privileges are not modelled"),
    (&["ALTER", "FUNCTION"], "functions are not modelled"),
    (&["ALTER", "PROCEDURE"], "procedures are not modelled"),
    (&["ALTER", "ROUTINE"], "functions are not modelled"),
    (&["ALTER", "AGGREGATE"], "aggregates are not modelled"),
    (&["ALTER", "EXTENSION"], "extensions are not modelled"),
    (&["ALTER", "DOMAIN"], "domains are not modelled"),
    (&["ALTER", "ROLE"], "roles are not modelled"),
    (&["ALTER", "USER"], "roles are not modelled"),
    (&["ALTER", "GROUP"], "roles are not modelled"),
    (&["ALTER", "DATABASE"], "databases are not modelled"),
    (&["ALTER", "SYSTEM"], "server settings are not modelled"),
    (
        &["ALTER", "POLICY"],
        "row-level security policies are not modelled",
    ),
    (&["ALTER", "TRIGGER"], "triggers are not modelled"),
    (&["ALTER", "EVENT"], "event triggers are not modelled"),
    (&["ALTER", "PUBLICATION"], "publications are not modelled"),
    (&["ALTER", "SUBSCRIPTION"], "subscriptions are not modelled"),
    (&["ALTER", "SERVER"], "foreign servers are not modelled"),
    (&["ALTER", "FOREIGN"], "foreign tables are not modelled"),
    (
        &["ALTER", "TEXT"],
        "text search configuration is not modelled",
    ),
    (&["ALTER", "OPERATOR"], "operators are not modelled"),
    (
        &["ALTER", "STATISTICS"],
        "extended statistics are not modelled",
    ),
    (&["ALTER", "COLLATION"], "collations are not modelled"),
    (&["ALTER", "LANGUAGE"], "languages are not modelled"),
    (&["ALTER", "TABLESPACE"], "tablespaces are not modelled"),
    (&["ALTER", "INDEX"], "index alterations are not modelled"),
    (&["ALTER", "VIEW"], "view alterations are not modelled"),
    (
        &["ALTER", "MATERIALIZED"],
        "view alterations are not modelled",
    ),
    (&["ALTER", "SCHEMA"], "schema alterations are not modelled"),
    (&["ALTER", "LARGE"], "large objects are not modelled"),
    (&["DROP", "FUNCTION"], "functions are not modelled"),
    (&["DROP", "PROCEDURE"], "procedures are not modelled"),
    (&["DROP", "TRIGGER"], "triggers are not modelled"),
    (
        &["DROP", "POLICY"],
        "row-level security policies are not modelled",
    ),
    (&["DROP", "EXTENSION"], "extensions are not modelled"),
    (&["DROP", "SEQUENCE"], "sequences are not modelled"),
    (&["DROP", "DOMAIN"], "domains are not modelled"),
    (&["DROP", "ROLE"], "roles are not modelled"),
    (&["DROP", "USER"], "roles are not modelled"),
    (&["DROP", "OWNED"], "roles are not modelled"),
    (&["DROP", "DATABASE"], "databases are not modelled"),
    (&["REASSIGN"], "roles are not modelled"),
    (&["EXPLAIN"], "queries are not modelled"),
    (&["PREPARE"], "queries are not modelled"),
    (&["EXECUTE"], "queries are not modelled"),
    (&["CALL"], "queries are not modelled"),
    (&["CHECKPOINT"], "maintenance commands are not modelled"),
    (&["DISCARD"], "session settings are not modelled"),
    (&["LOAD"], "session settings are not modelled"),
];

/// `ALTER TABLE` sub-commands that are not modelled, by their first word.
const SKIPPED_ALTER_TABLE: &[&str] = &[
    "ENABLE", "DISABLE", "FORCE", "NO", "REPLICA", "CLUSTER", "SET", "RESET", "ATTACH", "DETACH",
    "INHERIT", "OF", "NOT", "OWNER",
];

fn sql_action(a: Option<SqlAction>) -> ReferentialAction {
    match a {
        None | Some(SqlAction::NoAction) => ReferentialAction::NoAction,
        Some(SqlAction::Restrict) => ReferentialAction::Restrict,
        Some(SqlAction::Cascade) => ReferentialAction::Cascade,
        Some(SqlAction::SetNull) => ReferentialAction::SetNull,
        Some(SqlAction::SetDefault) => ReferentialAction::SetDefault,
    }
}

/// PostgreSQL's identifier folding: unquoted names are lower-cased (ASCII only, as in UTF-8
/// databases); quoted names are kept.
pub(crate) fn fold(ident: &Ident) -> String {
    if ident.quote_style.is_some() {
        ident.value.clone()
    } else {
        ident.value.to_ascii_lowercase()
    }
}

pub(crate) fn fold_name_part(part: &ObjectNamePart) -> String {
    match part {
        ObjectNamePart::Identifier(i) => fold(i),
        other => other.to_string(),
    }
}

/// The schema-qualified name; unqualified names are in `public` (pg_dump qualifies everything;
/// hand-written DDL relies on the default search path). A three-part `db.schema.name` drops the
/// database.
pub(crate) fn qname(name: &ObjectName) -> QName {
    let parts: Vec<String> = name.0.iter().map(fold_name_part).collect();
    match parts.len() {
        0 => QName {
            schema: DEFAULT_SCHEMA.to_string(),
            name: String::new(),
        },
        1 => QName {
            schema: DEFAULT_SCHEMA.to_string(),
            name: parts[0].clone(),
        },
        n => QName {
            schema: parts[n - 2].clone(),
            name: parts[n - 1].clone(),
        },
    }
}

/// An expression without one pair of redundant outer parentheses.
pub(crate) fn unwrap_nested(e: &Expr) -> &Expr {
    match e {
        Expr::Nested(inner) => inner,
        other => other,
    }
}

/// A default's text, or `None` for `DEFAULT NULL` (also `NULL::type`).
fn default_text(e: &Expr, src: &mut ExprSource) -> Option<String> {
    let mut inner = unwrap_nested(e);
    while let Expr::Cast { expr, .. } = inner {
        inner = unwrap_nested(expr);
    }
    if matches!(inner, Expr::Value(v) if v.value == sqlparser::ast::Value::Null) {
        return None;
    }
    // `DEFAULT $$text$$` is the literal 'text'.
    if let Expr::Value(v) = unwrap_nested(e) {
        if let sqlparser::ast::Value::DollarQuotedString(d) = &v.value {
            return Some(crate::naming::quote_literal(&d.value));
        }
    }
    Some(src.text_for(e))
}

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
            views: Vec::new(),
            sequences: Vec::new(),
            domains: Vec::new(),
            functions: Vec::new(),
        }
    }

    fn diag(&self, loc: &Loc, message: impl Into<String>) -> Diagnostic {
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

    pub fn finish(self) -> ImportResult {
        super::build::build(self)
    }

    fn tok_text(&self, t: &Tok) -> &'a str {
        self.text.get(t.start..t.end).unwrap_or("")
    }

    /// The upper-cased word of token `t`, or `None` for a non-word.
    fn word(&self, t: Option<&Tok>) -> Option<String> {
        let t = t?;
        (t.kind == TokKind::Word).then(|| self.tok_text(t).to_ascii_uppercase())
    }

    /// The statement kind for diagnostics: the leading keywords up to the object type, e.g.
    /// `CREATE UNIQUE INDEX` -> `CREATE INDEX`, `CREATE OR REPLACE FUNCTION` -> `CREATE FUNCTION`.
    fn kind(&self, st: &RawStatement) -> String {
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

    fn statement(&mut self, st: &RawStatement) {
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
        if self.has_top_level_words(st, &["OWNER", "TO"]) && lead.first() == Some(&"ALTER") {
            self.warn(&loc, "skipped: ownership is not modelled");
            return;
        }
        if lead.starts_with(&["CREATE", "DOMAIN"]) {
            self.create_domain(st, &loc);
            return;
        }
        if lead.len() >= 2
            && lead[0] == "CREATE"
            && matches!(lead[1], "FUNCTION" | "PROCEDURE" | "AGGREGATE")
        {
            self.record_function(st);
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
                Some("TABLE" | "COLUMN" | "TYPE" | "VIEW" | "MATERIALIZED" | "SCHEMA" | "INDEX")
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
                .any(|t| self.word(Some(t)).as_deref() == Some("TABLE"));
        let like = st.toks.windows(2).any(|w| {
            w[0].kind == TokKind::Punct('(') && self.word(Some(&w[1])).as_deref() == Some("LIKE")
        });
        if create_table && like {
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
            if let Some(w) = self.alter_table_subcommand(st) {
                if SKIPPED_ALTER_TABLE.contains(&w.as_str()) {
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
        match Parser::parse_sql(&PostgreSqlDialect {}, &sql) {
            Err(e) => {
                let (message, offset) = self.relocate(st, &e);
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
    fn record_function(&mut self, st: &RawStatement) {
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

    /// `CREATE DOMAIN`: not modelled, but its base type is remembered so that columns of the
    /// domain's type import as the base type (the rendered DDL then applies without the domain,
    /// and introspection reads domain-typed columns the same way).
    fn create_domain(&mut self, st: &RawStatement, loc: &Loc) {
        // Only the name and the base type matter: cut before the first constraint, default or
        // collation, which sqlparser does not all accept (`NOT NULL`, pg_dump's `CONSTRAINT`).
        let end = st
            .toks
            .iter()
            .skip(3)
            .find(|t| {
                self.word(Some(t)).is_some_and(|w| {
                    matches!(
                        w.as_str(),
                        "COLLATE" | "DEFAULT" | "CONSTRAINT" | "NOT" | "NULL" | "CHECK"
                    )
                })
            })
            .map_or(st.end, |t| t.start);
        let sql = self.text.get(st.start..end).unwrap_or_default();
        let parsed = match crate::sql::check_tokens(self.text, &st.toks) {
            Ok(()) => Parser::parse_sql(&PostgreSqlDialect {}, sql),
            Err((_, message)) => Err(sqlparser::parser::ParserError::ParserError(message)),
        };
        if let Ok(Some(Statement::CreateDomain(d))) = parsed.map(|v| v.into_iter().next()) {
            let name = qname(&d.name);
            let base = super::build::type_text(&d.data_type);
            self.warn(
                loc,
                format!(
                    "skipped: domains are not modelled: columns of type {}.{} are imported as its \
                     base type {base}, without the domain's constraints, default and NOT NULL",
                    quote_ident(&name.schema),
                    quote_ident(&name.name)
                ),
            );
            self.domains.retain(|(n, _)| *n != name);
            self.domains.push((name, d.data_type));
        } else {
            self.warn(
                loc,
                "skipped: domains are not modelled (columns using one keep its name as a custom type)",
            );
        }
    }

    /// The statements inside drizzle-kit's (pre-0.21) idempotent wrapper
    /// `DO $$ BEGIN <ddl>; EXCEPTION WHEN duplicate_object THEN null; END $$;`, with offsets in
    /// the whole file. Any other `DO` block is not unwrapped.
    fn guarded_do_block(&self, st: &RawStatement) -> Option<Vec<RawStatement>> {
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
    fn relocate(&self, st: &RawStatement, e: &ParserError) -> (String, usize) {
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
        let stmt_text = self.text.get(st.start..st.end).unwrap_or_default();
        let offset = offset_of(stmt_text, line, col)
            .map(|o| st.start + o)
            .unwrap_or(st.start);
        (msg[..pos].to_string(), offset)
    }

    fn has_top_level_words(&self, st: &RawStatement, seq: &[&str]) -> bool {
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
                    .all(|(k, w)| self.word(st.toks.get(i + k)).as_deref() == Some(*w))
            {
                return true;
            }
        }
        false
    }

    /// Index just past a (possibly qualified) name starting at token `i`.
    fn skip_name(&self, toks: &[Tok], mut i: usize) -> usize {
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
    fn name_at(&self, toks: &[Tok], i: usize) -> (Vec<String>, usize) {
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
    fn alter_table_subcommand(&self, st: &RawStatement) -> Option<String> {
        let toks = &st.toks;
        let mut i = 2;
        if self.word(toks.get(i)).as_deref() == Some("IF") {
            i += 2;
        }
        if self.word(toks.get(i)).as_deref() == Some("ONLY") {
            i += 1;
        }
        let i = self.skip_name(toks, i);
        // `ALTER COLUMN x SET STATISTICS/STORAGE/COMPRESSION/(options)` are storage details.
        let w = self.word(toks.get(i))?;
        if w == "ALTER" {
            let mut j = i + 1;
            if self.word(toks.get(j)).as_deref() == Some("COLUMN") {
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
    fn blank_unsupported(&self, st: &RawStatement, sql: &mut String) {
        let toks = &st.toks;
        let mut ranges: Vec<(usize, usize)> = Vec::new();
        let first = self.word(toks.first());
        if first.as_deref() == Some("CREATE") {
            let is_index = toks
                .iter()
                .take(4)
                .any(|t| self.word(Some(t)).as_deref() == Some("INDEX"));
            if is_index {
                for w in toks.windows(2) {
                    if self.word(Some(&w[0])).as_deref() == Some("ON")
                        && self.word(Some(&w[1])).as_deref() == Some("ONLY")
                    {
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
            if n >= 3 && self.word(toks.get(n - 1)).as_deref() == Some("DATA") {
                if self.word(toks.get(n - 2)).as_deref() == Some("NO")
                    && self.word(toks.get(n - 3)).as_deref() == Some("WITH")
                {
                    ranges.push((toks[n - 3].start, toks[n - 1].end));
                } else if self.word(toks.get(n - 2)).as_deref() == Some("WITH") {
                    ranges.push((toks[n - 2].start, toks[n - 1].end));
                }
            }
        }
        if matches!(first.as_deref(), Some("ALTER" | "CREATE")) {
            for (i, w) in toks.windows(2).enumerate() {
                if self.word(Some(&w[0])).as_deref() == Some("SEQUENCE")
                    && self.word(Some(&w[1])).as_deref() == Some("NAME")
                {
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
    fn recursive_view_word(&self, st: &RawStatement) -> Option<usize> {
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
    fn view_check_option(&self, st: &RawStatement) -> Option<(usize, CheckOption)> {
        let toks = &st.toks;
        let n = toks.len();
        if self.word(toks.first()).as_deref() != Some("CREATE")
            || !toks
                .iter()
                .take(7)
                .any(|t| self.word(Some(t)).as_deref() == Some("VIEW"))
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

    /// `ALTER SEQUENCE x OWNED BY t.c` links a sequence to its serial column; anything else on
    /// sequences is not modelled.
    fn alter_sequence(&mut self, st: &RawStatement, loc: &Loc) {
        let toks = &st.toks;
        let mut i = 2;
        if self.word(toks.get(i)).as_deref() == Some("IF") {
            i += 2;
        }
        let (seq, end) = self.name_at(toks, i);
        let owned = self.word(toks.get(end)).as_deref() == Some("OWNED")
            && self.word(toks.get(end + 1)).as_deref() == Some("BY");
        if !owned {
            self.warn(loc, "ALTER SEQUENCE skipped: sequences are not modelled");
            return;
        }
        let (target, after) = self.name_at(toks, end + 2);
        if after != toks.len() || seq.is_empty() {
            self.error(loc, "could not read ALTER SEQUENCE ... OWNED BY");
            return;
        }
        let seq = parts_qname(&seq);
        let owner = if target.len() == 1 && target[0] == "none" {
            None
        } else {
            match owned_target(&target) {
                Some(o) => Some(o),
                None => {
                    self.error(loc, "OWNED BY needs table.column");
                    return;
                }
            }
        };
        match self.sequences.iter_mut().find(|s| s.qname == seq) {
            Some(s) => s.owned_by = owner,
            None => self.error(
                loc,
                format!(
                    "sequence {}.{} is not defined in this file",
                    seq.schema, seq.name
                ),
            ),
        }
    }

    fn apply(&mut self, stmt: Statement, st: &RawStatement, loc: &Loc) {
        match stmt {
            Statement::CreateSchema { schema_name, .. } => {
                let name = match &schema_name {
                    SchemaName::Simple(n) | SchemaName::NamedAuthorization(n, _) => {
                        n.0.last().map(fold_name_part).unwrap_or_default()
                    }
                    SchemaName::UnnamedAuthorization(i) => fold(i),
                };
                if !self.namespaces.iter().any(|(n, _)| n == &name) {
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
                _ => self.warn(
                    loc,
                    "skipped: only enum types are modelled (columns using this type keep its name)",
                ),
            },
            Statement::CreateTable(ct) => self.create_table(ct, st, loc),
            Statement::CreateIndex(ci) => self.create_index(ci, st, loc),
            Statement::CreateView(cv) => self.create_view(cv, st, loc),
            Statement::CreateSequence {
                name,
                sequence_options,
                ..
            } => {
                let qname = qname(&name);
                let owned_by = sequence_options.iter().find_map(|o| match o {
                    sqlparser::ast::SequenceOptions::OwnedBy(Some(target)) => {
                        let parts: Vec<String> = target.0.iter().map(fold_name_part).collect();
                        owned_target(&parts)
                    }
                    _ => None,
                });
                self.sequences.push(RawSequence {
                    qname,
                    owned_by,
                    loc: loc.clone(),
                });
            }
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
                let mut src = ExprSource::new(self.text, &st.toks, st.end);
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
            other => {
                let _ = other;
                self.warn(loc, "skipped: not modelled");
            }
        }
    }

    pub(crate) fn table_index(&self, qn: &QName) -> Option<usize> {
        self.tables.iter().position(|t| &t.qname == qn)
    }

    fn create_table(&mut self, ct: CreateTable, st: &RawStatement, loc: &Loc) {
        let qn = qname(&ct.name);
        if let Some(parent) = &ct.partition_of {
            self.warn(
                loc,
                format!(
                    "partition {} of {} skipped: partitions are not modelled (the parent table is)",
                    show(&qn),
                    show(&qname(parent))
                ),
            );
            return;
        }
        if ct.query.is_some() || ct.like.is_some() || ct.clone.is_some() {
            self.warn(
                loc,
                "CREATE TABLE ... AS/LIKE skipped: its columns are not known without a database",
            );
            return;
        }
        if self.table_index(&qn).is_some() {
            if ct.if_not_exists {
                self.warn(
                    loc,
                    format!(
                        "table {} already defined; IF NOT EXISTS keeps the first",
                        show(&qn)
                    ),
                );
            } else {
                self.error(loc, format!("table {} is defined twice", show(&qn)));
            }
            return;
        }
        if self.views.iter().any(|v| v.qname == qn) {
            self.error(loc, format!("{} is already a view", show(&qn)));
            return;
        }
        if ct.partition_by.is_some() {
            self.warn(
                loc,
                "PARTITION BY is not modelled: imported as a plain table",
            );
        }
        if ct.unlogged {
            self.warn(loc, "UNLOGGED is not modelled: imported as a logged table");
        }
        if ct.table_options != sqlparser::ast::CreateTableOptions::None {
            self.warn(
                loc,
                format!(
                    "table options {} are not modelled",
                    ct.table_options.to_string().trim()
                ),
            );
        }
        let mut table = RawTable {
            qname: qn,
            columns: Vec::new(),
            primary_key: None,
            uniques: Vec::new(),
            checks: Vec::new(),
            foreign_keys: Vec::new(),
            indexes: Vec::new(),
            comment: None,
            loc: loc.clone(),
        };
        let mut problems = Vec::new();
        if let Some(parents) = &ct.inherits {
            // PostgreSQL gives the child the parents' columns first (with their NOT NULL and
            // defaults); pg_dump relies on that when it sets defaults on inherited columns.
            let mut names = Vec::new();
            for p in parents {
                let pq = qname(p);
                names.push(show(&pq));
                match self.table_index(&pq) {
                    Some(pi) => {
                        for c in &self.tables[pi].columns {
                            if !table.columns.iter().any(|x| x.name == c.name) {
                                table.columns.push(RawColumn {
                                    comment: None,
                                    identity: None,
                                    identity_options: Default::default(),
                                    ..c.clone()
                                });
                            }
                        }
                    }
                    None => problems.push(Problem::Error(format!(
                        "parent table {} is not defined before this statement",
                        show(&pq)
                    ))),
                }
            }
            self.warn(
                loc,
                format!(
                    "INHERITS ({}) is not modelled: the parents' columns are copied into the table",
                    names.join(", ")
                ),
            );
        }
        let mut src = ExprSource::new(self.text, &st.toks, st.end);
        for col in ct.columns {
            // A column also inherited is merged; the child's definition wins here.
            let name = fold(&col.name);
            if ct.inherits.is_some() {
                table.columns.retain(|c| c.name != name);
            }
            add_column(&mut table, col, &mut src, loc, &mut problems);
        }
        for c in ct.constraints {
            add_constraint(&mut table, c, false, &mut src, loc, &mut problems);
        }
        drop_redundant_keys(&mut table);
        for p in problems {
            self.report(loc, p);
        }
        self.tables.push(table);
    }

    fn report(&mut self, loc: &Loc, p: Problem) {
        match p {
            Problem::Error(m) => self.error(loc, m),
            Problem::Warning(m) => self.warn(loc, m),
        }
    }

    fn alter_table_op(
        &mut self,
        ti: usize,
        op: AlterTableOperation,
        src: &mut ExprSource,
        loc: &Loc,
    ) {
        let mut renamed: Option<(QName, String)> = None;
        let mut problems = Vec::new();
        let table = &mut self.tables[ti];
        match op {
            AlterTableOperation::AddConstraint {
                constraint,
                not_valid,
            } => add_constraint(table, constraint, not_valid, src, loc, &mut problems),
            AlterTableOperation::ValidateConstraint { name } => {
                let name = fold(&name);
                let check = table
                    .checks
                    .iter_mut()
                    .find(|c| c.name.as_deref() == Some(&name));
                match check {
                    Some(c) => c.not_valid = false,
                    None => match table
                        .foreign_keys
                        .iter_mut()
                        .find(|f| f.name.as_deref() == Some(&name))
                    {
                        Some(f) => f.not_valid = false,
                        None => problems.push(Problem::Error(format!(
                            "constraint {name} is not a check or foreign key defined in this file"
                        ))),
                    },
                }
            }
            AlterTableOperation::AddColumn {
                column_def,
                if_not_exists,
                ..
            } => {
                let name = fold(&column_def.name);
                if table.columns.iter().any(|c| c.name == name) {
                    if !if_not_exists {
                        problems.push(Problem::Error(format!("column {name} already exists")));
                    }
                } else {
                    add_column(table, column_def, src, loc, &mut problems);
                }
            }
            AlterTableOperation::AlterColumn { column_name, op } => {
                let name = fold(&column_name);
                match table.columns.iter_mut().find(|c| c.name == name) {
                    None => problems.push(Problem::Error(format!("column {name} does not exist"))),
                    Some(col) => match op {
                        AlterColumnOperation::SetNotNull => col.not_null = true,
                        AlterColumnOperation::DropNotNull => col.not_null = false,
                        AlterColumnOperation::SetDefault { value } => {
                            col.default = default_text(&value, src)
                        }
                        AlterColumnOperation::DropDefault => col.default = None,
                        AlterColumnOperation::SetDataType { data_type, .. } => {
                            col.data_type = data_type
                        }
                        AlterColumnOperation::AddGenerated {
                            generated_as,
                            sequence_options,
                        } => {
                            col.identity = Some(match generated_as {
                                Some(GeneratedAs::ByDefault) => Identity::ByDefault,
                                _ => Identity::Always,
                            });
                            col.not_null = true;
                            col.identity_options =
                                identity_options(&name, sequence_options.as_deref(), &mut problems);
                        }
                        other => problems.push(Problem::Warning(format!(
                            "ALTER COLUMN {other} is not modelled; skipped"
                        ))),
                    },
                }
            }
            AlterTableOperation::DropColumn {
                column_names,
                if_exists,
                ..
            } => {
                for c in column_names {
                    let name = fold(&c);
                    let before = table.columns.len();
                    table.columns.retain(|col| col.name != name);
                    if before == table.columns.len() && !if_exists {
                        problems.push(Problem::Error(format!("column {name} does not exist")));
                    }
                    drop_column_refs(table, &name);
                }
            }
            AlterTableOperation::RenameColumn {
                old_column_name,
                new_column_name,
            } => {
                let (old, new) = (fold(&old_column_name), fold(&new_column_name));
                match table.columns.iter_mut().find(|c| c.name == old) {
                    Some(c) => {
                        c.name = new.clone();
                        rename_column_refs(table, &old, &new);
                    }
                    None => problems.push(Problem::Error(format!("column {old} does not exist"))),
                }
            }
            AlterTableOperation::DropConstraint {
                name, if_exists, ..
            } => {
                let name = fold(&name);
                let found = drop_constraint(table, &name);
                if !found && !if_exists {
                    problems.push(Problem::Error(format!(
                        "constraint {name} is not defined in this file (only named constraints can be dropped)"
                    )));
                }
            }
            AlterTableOperation::RenameTable { table_name } => {
                let new = match &table_name {
                    sqlparser::ast::RenameTableNameKind::To(n)
                    | sqlparser::ast::RenameTableNameKind::As(n) => n.0.last().map(fold_name_part),
                };
                match new {
                    Some(new) => renamed = Some((table.qname.clone(), new)),
                    None => problems.push(Problem::Error("RENAME TO needs a name".into())),
                }
            }
            AlterTableOperation::RenameConstraint { old_name, new_name } => {
                let (old, new) = (fold(&old_name), fold(&new_name));
                if !rename_constraint(table, &old, &new) {
                    problems.push(Problem::Error(format!(
                        "constraint {old} is not defined in this file"
                    )));
                }
            }
            other => problems.push(Problem::Warning(format!(
                "ALTER TABLE ... {} is not modelled; skipped",
                first_words(&other.to_string())
            ))),
        }
        for p in problems {
            self.report(loc, p);
        }
        if let Some((old, new)) = renamed {
            let new_q = QName {
                schema: old.schema.clone(),
                name: new,
            };
            if self.table_index(&new_q).is_some() || self.views.iter().any(|v| v.qname == new_q) {
                self.error(loc, format!("{} already exists", show(&new_q)));
                return;
            }
            self.tables[ti].qname = new_q.clone();
            for t in &mut self.tables {
                for fk in &mut t.foreign_keys {
                    if fk.ref_table == old {
                        fk.ref_table = new_q.clone();
                    }
                }
            }
        }
    }

    fn create_index(&mut self, ci: CreateIndex, st: &RawStatement, loc: &Loc) {
        let tq = qname(&ci.table_name);
        let matview = self
            .views
            .iter()
            .position(|v| v.qname == tq && v.materialized);
        let target = self.table_index(&tq);
        if target.is_none() && matview.is_none() {
            if self.views.iter().any(|v| v.qname == tq) {
                self.error(
                    loc,
                    format!(
                        "{} is a view: only tables and materialized views have indexes",
                        show(&tq)
                    ),
                );
            } else {
                self.error(
                    loc,
                    format!("table {} is not defined before this statement", show(&tq)),
                );
            }
            return;
        }
        let method = match &ci.using {
            None | Some(IndexType::BTree) => IndexMethod::Btree,
            Some(IndexType::Hash) => IndexMethod::Hash,
            Some(IndexType::GIN) => IndexMethod::Gin,
            Some(IndexType::GiST) => IndexMethod::Gist,
            Some(IndexType::SPGiST) => IndexMethod::Spgist,
            Some(IndexType::BRIN) => IndexMethod::Brin,
            Some(other) => {
                let m = other.to_string().to_ascii_lowercase();
                match m.as_str() {
                    "btree" => IndexMethod::Btree,
                    "hash" => IndexMethod::Hash,
                    "gin" => IndexMethod::Gin,
                    "gist" => IndexMethod::Gist,
                    "spgist" => IndexMethod::Spgist,
                    "brin" => IndexMethod::Brin,
                    _ => {
                        self.warn(
                            loc,
                            format!("index method {m} is not modelled; index skipped"),
                        );
                        return;
                    }
                }
            }
        };
        let name = ci
            .name
            .as_ref()
            .and_then(|n| n.0.last())
            .map(fold_name_part);
        let storage = match storage_parameters(&ci.with) {
            Ok(s) => s,
            Err(m) => {
                self.error(loc, m);
                return;
            }
        };
        let mut src = ExprSource::new(self.text, &st.toks, st.end);
        let mut parts = Vec::new();
        for c in &ci.columns {
            let mut e = unwrap_nested(&c.column.expr);
            // `col COLLATE "C"`: the key is the column, with a collation of its own.
            let mut collation = None;
            if let Expr::Collate {
                expr,
                collation: name,
            } = e
            {
                if let Expr::Identifier(_) = unwrap_nested(expr) {
                    collation = name.0.last().map(fold_name_part);
                    e = unwrap_nested(expr);
                }
            }
            let key = match e {
                Expr::Identifier(i) => RawIndexKey::Column(fold(i)),
                other => RawIndexKey::Expression {
                    text: src.text_for(other),
                    name_part: match other {
                        Expr::Function(f) => {
                            f.name.0.last().map(fold_name_part).unwrap_or_default()
                        }
                        _ => "expr".to_string(),
                    },
                },
            };
            parts.push(RawIndexPart {
                key,
                descending: matches!(c.column.options.sort, Some(OrderBySort::Desc)),
                nulls: c.column.options.nulls_first.map(|f| {
                    if f {
                        NullsOrder::First
                    } else {
                        NullsOrder::Last
                    }
                }),
                opclass: c
                    .operator_class
                    .as_ref()
                    .map(|o| o.0.iter().map(fold_name_part).collect::<Vec<_>>().join(".")),
                collation,
            });
        }
        if matview.is_some() && !ci.include.is_empty() {
            self.warn(
                loc,
                "INCLUDE on an index of a materialized view is not modelled; index skipped",
            );
            return;
        }
        let indexes = match (target, matview) {
            (Some(ti), _) => &mut self.tables[ti].indexes,
            (None, Some(vi)) => &mut self.views[vi].indexes,
            (None, None) => return,
        };
        if let Some(n) = &name {
            if indexes.iter().any(|ix| ix.name.as_deref() == Some(n)) {
                if !ci.if_not_exists {
                    self.error(loc, format!("index {n} is defined twice"));
                }
                return;
            }
        }
        indexes.push(RawIndex {
            name,
            unique: ci.unique,
            method,
            parts,
            include: ci.include.iter().map(fold).collect(),
            predicate: ci.predicate.as_ref().map(|p| src.text_for(p)),
            nulls_not_distinct: ci.nulls_distinct == Some(false),
            storage,
            comment: None,
            loc: loc.clone(),
        });
    }

    fn create_view(&mut self, cv: CreateView, st: &RawStatement, loc: &Loc) {
        let qn = qname(&cv.name);
        let mut check_option = self.view_check_option(st).map(|(_, o)| o);
        if let sqlparser::ast::CreateTableOptions::With(options) = &cv.options {
            let mut other = Vec::new();
            for o in options {
                match view_check_option_setting(o) {
                    Some(Ok(v)) => check_option = Some(v),
                    Some(Err(())) => {
                        self.error(loc, format!("check_option is local or cascaded, not {o}"))
                    }
                    None => other.push(o.to_string()),
                }
            }
            if !other.is_empty() {
                self.warn(
                    loc,
                    format!("view options {} are not modelled", other.join(", ")),
                );
            }
        } else if cv.options != sqlparser::ast::CreateTableOptions::None {
            self.warn(
                loc,
                format!(
                    "view options {} are not modelled",
                    cv.options.to_string().trim()
                ),
            );
        }
        if check_option.is_some() && cv.materialized {
            self.error(loc, "a materialized view has no CHECK OPTION");
            check_option = None;
        }
        let mut query = self
            .view_query_text(st)
            .unwrap_or_else(|| cv.query.to_string());
        let columns: Vec<String> = cv.columns.iter().map(|c| fold(&c.name)).collect();
        if self.recursive_view_word(st).is_some() {
            // PostgreSQL stores `CREATE RECURSIVE VIEW v (cols) AS q` as
            // `CREATE VIEW v (cols) AS WITH RECURSIVE v (cols) AS (q) SELECT cols FROM v`.
            if columns.is_empty() {
                self.error(loc, "a recursive view needs a column list");
                return;
            }
            let cols = columns
                .iter()
                .map(|c| crate::naming::quote_ident(c).into_owned())
                .collect::<Vec<_>>()
                .join(", ");
            let name = crate::naming::quote_ident(&qn.name).into_owned();
            query = format!(
                "WITH RECURSIVE {name}({cols}) AS (\n{query}\n)\nSELECT {cols} FROM {name}"
            );
        }
        if self.table_index(&qn).is_some() {
            self.error(loc, format!("{} is already a table", show(&qn)));
            return;
        }
        let view = RawView {
            qname: qn.clone(),
            loc: loc.clone(),
            columns,
            query,
            materialized: cv.materialized,
            comment: None,
            check_option,
            indexes: Vec::new(),
        };
        match self.views.iter_mut().find(|v| v.qname == qn) {
            Some(existing) if cv.or_replace => *existing = view,
            Some(_) if cv.if_not_exists => {}
            Some(_) => self.error(loc, format!("view {} is defined twice", show(&qn))),
            None => self.views.push(view),
        }
    }

    /// The query of `CREATE [MATERIALIZED] VIEW ... AS <query>` as written in the source: the text
    /// after the first top-level `AS` following `VIEW`, without a trailing `WITH [NO] DATA` or
    /// `WITH [CASCADED|LOCAL] CHECK OPTION`.
    fn view_query_text(&self, st: &RawStatement) -> Option<String> {
        let toks = &st.toks;
        let view_pos = toks
            .iter()
            .position(|t| self.word(Some(t)).as_deref() == Some("VIEW"))?;
        let mut depth = 0i32;
        let mut as_tok = None;
        for t in &toks[view_pos + 1..] {
            match t.kind {
                TokKind::Punct('(') => depth += 1,
                TokKind::Punct(')') => depth -= 1,
                TokKind::Word if depth == 0 && self.tok_text(t).eq_ignore_ascii_case("AS") => {
                    as_tok = Some(*t);
                    break;
                }
                _ => {}
            }
        }
        let as_tok = as_tok?;
        let mut end = st.end;
        let n = toks.len();
        let w = |k: usize| {
            n.checked_sub(k)
                .and_then(|i| self.word(toks.get(i)))
                .unwrap_or_default()
        };
        if w(1) == "DATA" && w(2) == "NO" && w(3) == "WITH" {
            end = toks[n - 3].start;
        } else if w(1) == "DATA" && w(2) == "WITH" {
            end = toks[n - 2].start;
        } else if w(1) == "OPTION" && w(2) == "CHECK" {
            let k = if matches!(w(3).as_str(), "CASCADED" | "LOCAL") {
                4
            } else {
                3
            };
            if w(k) == "WITH" {
                end = toks[n - k].start;
            }
        }
        let q = self.text.get(as_tok.end..end)?.trim();
        (!q.is_empty()).then(|| q.to_string())
    }

    fn comment(
        &mut self,
        object_type: CommentObject,
        name: &ObjectName,
        comment: Option<String>,
        loc: &Loc,
    ) {
        let missing = |what: &str| format!("{what} is not defined before this statement");
        match object_type {
            CommentObject::Table => {
                let qn = qname(name);
                match self.table_index(&qn) {
                    Some(ti) => self.tables[ti].comment = comment,
                    None => self.error(loc, missing(&format!("table {}", show(&qn)))),
                }
            }
            CommentObject::Column => {
                let parts: Vec<String> = name.0.iter().map(fold_name_part).collect();
                let (table, column) = match parts.len() {
                    0 | 1 => {
                        self.error(loc, "COMMENT ON COLUMN needs table.column");
                        return;
                    }
                    2 => (
                        QName {
                            schema: DEFAULT_SCHEMA.to_string(),
                            name: parts[0].clone(),
                        },
                        parts[1].clone(),
                    ),
                    n => (
                        QName {
                            schema: parts[n - 3].clone(),
                            name: parts[n - 2].clone(),
                        },
                        parts[n - 1].clone(),
                    ),
                };
                let Some(ti) = self.table_index(&table) else {
                    if self.views.iter().any(|v| v.qname == table) {
                        self.warn(loc, "comments on view columns are not modelled; skipped");
                    } else {
                        self.error(loc, missing(&format!("table {}", show(&table))));
                    }
                    return;
                };
                match self.tables[ti]
                    .columns
                    .iter_mut()
                    .find(|c| c.name == column)
                {
                    Some(c) => c.comment = comment,
                    None => self.error(loc, format!("column {column} does not exist")),
                }
            }
            CommentObject::Type => {
                let qn = qname(name);
                match self.enums.iter_mut().find(|e| e.qname == qn) {
                    Some(e) => e.comment = comment,
                    None => self.warn(
                        loc,
                        format!(
                            "type {} is not an enum defined in this file; comment skipped",
                            show(&qn)
                        ),
                    ),
                }
            }
            CommentObject::View | CommentObject::MaterializedView => {
                let qn = qname(name);
                match self.views.iter_mut().find(|v| v.qname == qn) {
                    Some(v) => v.comment = comment,
                    None => self.error(loc, missing(&format!("view {}", show(&qn)))),
                }
            }
            CommentObject::Schema => {
                let n = name.0.last().map(fold_name_part).unwrap_or_default();
                match self.namespaces.iter_mut().find(|(s, _)| *s == n) {
                    Some((_, c)) => *c = comment,
                    None if n == DEFAULT_SCHEMA => {
                        self.namespaces.push((n, comment));
                    }
                    None => self.error(loc, missing(&format!("schema {n}"))),
                }
            }
            CommentObject::Index => {
                let qn = qname(name);
                let index = self
                    .tables
                    .iter_mut()
                    .filter(|t| t.qname.schema == qn.schema)
                    .flat_map(|t| t.indexes.iter_mut())
                    .find(|ix| ix.name.as_deref() == Some(qn.name.as_str()));
                match index {
                    Some(ix) => ix.comment = comment,
                    None => self.warn(
                        loc,
                        format!(
                            "index {} is not an index defined in this file; comment skipped",
                            show(&qn)
                        ),
                    ),
                }
            }
            other => self.warn(loc, format!("COMMENT ON {other} skipped: not modelled")),
        }
    }

    fn drop(
        &mut self,
        object_type: sqlparser::ast::ObjectType,
        names: &[ObjectName],
        if_exists: bool,
        loc: &Loc,
    ) {
        use sqlparser::ast::ObjectType;
        for name in names {
            let qn = qname(name);
            let found = match object_type {
                ObjectType::Table => {
                    let before = self.tables.len();
                    self.tables.retain(|t| t.qname != qn);
                    before != self.tables.len()
                }
                ObjectType::View | ObjectType::MaterializedView => {
                    let before = self.views.len();
                    self.views.retain(|v| v.qname != qn);
                    before != self.views.len()
                }
                ObjectType::Type => {
                    let before = self.enums.len();
                    self.enums.retain(|e| e.qname != qn);
                    before != self.enums.len()
                }
                ObjectType::Index => {
                    let mut found = false;
                    let lists = self
                        .tables
                        .iter_mut()
                        .filter(|t| t.qname.schema == qn.schema)
                        .map(|t| &mut t.indexes)
                        .chain(
                            self.views
                                .iter_mut()
                                .filter(|v| v.qname.schema == qn.schema)
                                .map(|v| &mut v.indexes),
                        );
                    for indexes in lists {
                        let before = indexes.len();
                        indexes.retain(|ix| ix.name.as_deref() != Some(qn.name.as_str()));
                        found |= before != indexes.len();
                    }
                    found
                }
                ObjectType::Schema => {
                    let n = name.0.last().map(fold_name_part).unwrap_or_default();
                    let before = self.namespaces.len();
                    self.namespaces.retain(|(s, _)| *s != n);
                    before != self.namespaces.len()
                }
                _ => {
                    self.warn(loc, "skipped: not modelled");
                    return;
                }
            };
            if !found && !if_exists {
                self.warn(
                    loc,
                    format!("{} does not exist; nothing dropped", show(&qn)),
                );
            }
        }
    }
}

/// `check_option = local|cascaded` in a view's `WITH (...)`: `None` for another option,
/// `Some(Err)` for another value.
fn view_check_option_setting(o: &sqlparser::ast::SqlOption) -> Option<Result<CheckOption, ()>> {
    let sqlparser::ast::SqlOption::KeyValue { key, value } = o else {
        return None;
    };
    if !key.to_string().eq_ignore_ascii_case("check_option") {
        return None;
    }
    let v = value.to_string();
    let v = v.trim_matches(|c| c == '\'' || c == '"');
    Some(if v.eq_ignore_ascii_case("local") {
        Ok(CheckOption::Local)
    } else if v.eq_ignore_ascii_case("cascaded") {
        Ok(CheckOption::Cascaded)
    } else {
        Err(())
    })
}

/// Points a column type (or array element type) named `old` at `new`.
fn rename_type(dt: &mut sqlparser::ast::DataType, old: &QName, new: &QName) {
    use sqlparser::ast::{ArrayElemTypeDef, DataType};
    match dt {
        DataType::Custom(name, mods) if mods.is_empty() && qname(name) == *old => {
            *name = ObjectName::from(vec![
                Ident::with_quote('"', new.schema.clone()),
                Ident::with_quote('"', new.name.clone()),
            ]);
        }
        DataType::Array(
            ArrayElemTypeDef::SquareBracket(inner, _)
            | ArrayElemTypeDef::AngleBracket(inner)
            | ArrayElemTypeDef::Parenthesis(inner)
            | ArrayElemTypeDef::ParenthesisNotNull(inner),
        ) => rename_type(inner, old, new),
        _ => {}
    }
}

/// The `(table, column)` of `OWNED BY [schema.]table.column`.
fn owned_target(parts: &[String]) -> Option<(QName, String)> {
    match parts.len() {
        2 => Some((
            QName {
                schema: DEFAULT_SCHEMA.to_string(),
                name: parts[0].clone(),
            },
            parts[1].clone(),
        )),
        n if n >= 3 => Some((
            QName {
                schema: parts[n - 3].clone(),
                name: parts[n - 2].clone(),
            },
            parts[n - 1].clone(),
        )),
        _ => None,
    }
}

/// The identity sequence options written after `AS IDENTITY`. pg_dump always spells out the
/// defaults (`START WITH 1 INCREMENT BY 1 NO MINVALUE NO MAXVALUE CACHE 1`), as drizzle-kit
/// spells out the type's bounds: they are dropped by normalisation. A value that is no integer
/// is reported and left out; the sequence name and type (`SEQUENCE NAME`, `AS`) are not kept.
fn identity_options(
    column: &str,
    options: Option<&[sqlparser::ast::SequenceOptions]>,
    problems: &mut Vec<Problem>,
) -> crate::model::IdentityOptions {
    use sqlparser::ast::SequenceOptions as O;
    let mut out = crate::model::IdentityOptions::default();
    let mut number = |e: &Expr, what: &str| -> Option<i64> {
        let text = e.to_string().replace(' ', "");
        let v = text.parse::<i64>().ok();
        if v.is_none() {
            problems.push(Problem::Warning(format!(
                "identity option {what} {text} of column {column} is not an integer; left out"
            )));
        }
        v
    };
    for o in options.unwrap_or_default() {
        match o {
            O::StartWith(e, _) => out.start = number(e, "START WITH"),
            O::IncrementBy(e, _) => out.increment = number(e, "INCREMENT BY"),
            O::Cache(e) => out.cache = number(e, "CACHE"),
            O::MinValue(v) => out.min_value = v.as_ref().and_then(|e| number(e, "MINVALUE")),
            O::MaxValue(v) => out.max_value = v.as_ref().and_then(|e| number(e, "MAXVALUE")),
            O::Cycle(no) => out.cycle = !*no,
            O::DataType(_) | O::OwnedBy(_) => {}
        }
    }
    out
}

/// Something wrong found while applying a statement, reported at the statement.
pub(crate) enum Problem {
    Error(String),
    Warning(String),
}

fn first_words(s: &str) -> String {
    s.split_whitespace().take(3).collect::<Vec<_>>().join(" ")
}

pub(crate) fn show(q: &QName) -> String {
    format!("{}.{}", q.schema, q.name)
}

fn parts_qname(parts: &[String]) -> QName {
    match parts.len() {
        0 => QName {
            schema: DEFAULT_SCHEMA.to_string(),
            name: String::new(),
        },
        1 => QName {
            schema: DEFAULT_SCHEMA.to_string(),
            name: parts[0].clone(),
        },
        n => QName {
            schema: parts[n - 2].clone(),
            name: parts[n - 1].clone(),
        },
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

fn key_columns(cols: &[sqlparser::ast::IndexColumn]) -> Result<Vec<String>, String> {
    cols.iter()
        .map(|c| match unwrap_nested(&c.column.expr) {
            Expr::Identifier(i) => Ok(fold(i)),
            other => Err(format!("constraint key {other} is not a column")),
        })
        .collect()
}

fn add_column(
    table: &mut RawTable,
    col: ColumnDef,
    src: &mut ExprSource,
    loc: &Loc,
    problems: &mut Vec<Problem>,
) {
    let name = fold(&col.name);
    if table.columns.iter().any(|c| c.name == name) {
        problems.push(Problem::Error(format!("column {name} is defined twice")));
        return;
    }
    let mut column = RawColumn {
        name: name.clone(),
        data_type: col.data_type,
        not_null: false,
        default: None,
        identity: None,
        identity_options: Default::default(),
        collation: None,
        generated: None,
        comment: None,
    };
    for opt in col.options {
        let cname = opt.name.as_ref().map(fold);
        match opt.option {
            ColumnOption::Null => column.not_null = false,
            ColumnOption::NotNull => column.not_null = true,
            ColumnOption::Default(e) => column.default = default_text(&e, src),
            ColumnOption::Collation(c) => {
                column.collation = c.0.last().map(fold_name_part).filter(|c| c != "default")
            }
            ColumnOption::PrimaryKey(pk) => {
                let (deferrable, initially_deferred) = deferral(&pk.characteristics);
                let key = RawKey {
                    name: cname.or(pk.name.as_ref().map(fold)),
                    columns: vec![name.clone()],
                    nulls_not_distinct: false,
                    deferrable,
                    initially_deferred,
                    loc: loc.clone(),
                };
                set_pk(table, key, problems);
            }
            ColumnOption::Unique(u) => {
                let (deferrable, initially_deferred) = deferral(&u.characteristics);
                table.uniques.push(RawKey {
                    name: cname.or(u.name.as_ref().map(fold)),
                    columns: vec![name.clone()],
                    nulls_not_distinct: matches!(
                        u.nulls_distinct,
                        sqlparser::ast::NullsDistinctOption::NotDistinct
                    ),
                    deferrable,
                    initially_deferred,
                    loc: loc.clone(),
                })
            }
            ColumnOption::ForeignKey(fk) => {
                let name_ = cname.or(fk.name.as_ref().map(fold));
                let fk = sqlparser::ast::ForeignKeyConstraint {
                    columns: vec![col.name.clone()],
                    name: None,
                    ..fk
                };
                push_fk(table, name_, fk, false, loc, problems);
            }
            ColumnOption::Check(c) => table.checks.push(RawCheck {
                name: cname.or(c.name.as_ref().map(fold)),
                expr: src.text_for(&c.expr),
                not_valid: false,
                no_inherit: c.no_inherit,
            }),
            ColumnOption::Generated {
                generated_as,
                generation_expr,
                sequence_options,
                ..
            } => match (generated_as, generation_expr) {
                (_, Some(e)) => column.generated = Some(src.text_for(&e)),
                (GeneratedAs::ByDefault, None) => {
                    column.identity = Some(Identity::ByDefault);
                    column.not_null = true;
                    column.identity_options =
                        identity_options(&name, sequence_options.as_deref(), problems);
                }
                (_, None) => {
                    column.identity = Some(Identity::Always);
                    column.not_null = true;
                    column.identity_options =
                        identity_options(&name, sequence_options.as_deref(), problems);
                }
            },
            other => problems.push(Problem::Warning(format!(
                "column option {other} on {name} is not modelled"
            ))),
        }
    }
    table.columns.push(column);
}

fn set_pk(table: &mut RawTable, key: RawKey, problems: &mut Vec<Problem>) {
    if table.primary_key.is_some() {
        problems.push(Problem::Error(format!(
            "multiple primary keys for table {}",
            show(&table.qname)
        )));
        return;
    }
    table.primary_key = Some(key);
}

/// `DEFERRABLE` and `INITIALLY DEFERRED` of a constraint.
fn deferral(c: &Option<sqlparser::ast::ConstraintCharacteristics>) -> (bool, bool) {
    let deferrable = c.as_ref().is_some_and(|c| c.deferrable == Some(true));
    let deferred = c.as_ref().is_some_and(|c| {
        matches!(
            c.initially,
            Some(sqlparser::ast::DeferrableInitial::Deferred)
        )
    });
    (deferrable, deferrable && deferred)
}

fn push_fk(
    table: &mut RawTable,
    name: Option<String>,
    fk: sqlparser::ast::ForeignKeyConstraint,
    not_valid: bool,
    loc: &Loc,
    problems: &mut Vec<Problem>,
) {
    use sqlparser::ast::ConstraintReferenceMatchKind as Match;
    if fk.match_kind == Some(Match::Partial) {
        problems.push(Problem::Error(
            "MATCH PARTIAL is not implemented by PostgreSQL".into(),
        ));
        return;
    }
    let (deferrable, initially_deferred) = deferral(&fk.characteristics);
    table.foreign_keys.push(RawFk {
        name,
        columns: fk.columns.iter().map(fold).collect(),
        ref_table: qname(&fk.foreign_table),
        ref_columns: fk.referred_columns.iter().map(fold).collect(),
        on_delete: sql_action(fk.on_delete),
        on_update: sql_action(fk.on_update),
        deferrable,
        initially_deferred,
        match_full: fk.match_kind == Some(Match::Full),
        not_valid,
        loc: loc.clone(),
    })
}

fn add_constraint(
    table: &mut RawTable,
    c: TableConstraint,
    not_valid: bool,
    src: &mut ExprSource,
    loc: &Loc,
    problems: &mut Vec<Problem>,
) {
    if not_valid
        && !matches!(
            c,
            TableConstraint::Check(_) | TableConstraint::ForeignKey(_)
        )
    {
        problems.push(Problem::Error(
            "only CHECK and FOREIGN KEY constraints can be marked NOT VALID".into(),
        ));
        return;
    }
    match c {
        TableConstraint::PrimaryKey(pk) => match key_columns(&pk.columns) {
            Ok(columns) => {
                let (deferrable, initially_deferred) = deferral(&pk.characteristics);
                let key = RawKey {
                    name: pk.name.as_ref().map(fold),
                    columns,
                    nulls_not_distinct: false,
                    deferrable,
                    initially_deferred,
                    loc: loc.clone(),
                };
                set_pk(table, key, problems)
            }
            Err(m) => problems.push(Problem::Error(m)),
        },
        TableConstraint::Unique(u) => match key_columns(&u.columns) {
            Ok(cols) => {
                let (deferrable, initially_deferred) = deferral(&u.characteristics);
                table.uniques.push(RawKey {
                    name: u.name.as_ref().map(fold),
                    columns: cols,
                    nulls_not_distinct: matches!(
                        u.nulls_distinct,
                        sqlparser::ast::NullsDistinctOption::NotDistinct
                    ),
                    deferrable,
                    initially_deferred,
                    loc: loc.clone(),
                })
            }
            Err(m) => problems.push(Problem::Error(m)),
        },
        TableConstraint::PrimaryKeyUsingIndex(u) => match key_from_index(table, &u, loc) {
            Ok(key) => set_pk(table, key, problems),
            Err(m) => problems.push(Problem::Error(m)),
        },
        TableConstraint::UniqueUsingIndex(u) => match key_from_index(table, &u, loc) {
            Ok(key) => table.uniques.push(key),
            Err(m) => problems.push(Problem::Error(m)),
        },
        TableConstraint::Check(c) => table.checks.push(RawCheck {
            name: c.name.as_ref().map(fold),
            expr: src.text_for(&c.expr),
            not_valid,
            no_inherit: c.no_inherit,
        }),
        TableConstraint::ForeignKey(fk) => {
            let name = fk.name.as_ref().map(fold);
            push_fk(table, name, fk, not_valid, loc, problems)
        }
        other => problems.push(Problem::Warning(format!(
            "{} is not modelled; skipped",
            first_words(&other.to_string())
        ))),
    }
}

/// `ADD [CONSTRAINT c] {PRIMARY KEY | UNIQUE} USING INDEX i`: the unique index becomes the
/// constraint's own (PostgreSQL renames it to the constraint's name, so it is no longer an index
/// of its own in the model).
fn key_from_index(
    table: &mut RawTable,
    u: &sqlparser::ast::ConstraintUsingIndex,
    loc: &Loc,
) -> Result<RawKey, String> {
    let index_name = fold(&u.index_name);
    let Some(pos) = table
        .indexes
        .iter()
        .position(|ix| ix.name.as_deref() == Some(index_name.as_str()))
    else {
        return Err(format!(
            "index {index_name} is not an index of {} defined in this file",
            show(&table.qname)
        ));
    };
    let ix = &table.indexes[pos];
    let plain = ix.unique
        && ix.method == IndexMethod::Btree
        && ix.predicate.is_none()
        && ix.include.is_empty()
        && ix.parts.iter().all(|p| {
            matches!(p.key, RawIndexKey::Column(_))
                && !p.descending
                && p.nulls.is_none()
                && p.opclass.is_none()
                && p.collation.is_none()
        });
    if !plain {
        return Err(format!(
            "index {index_name} cannot back a constraint: it must be a plain unique btree index \
             over columns, with default ordering, and no predicate or INCLUDE"
        ));
    }
    let ix = table.indexes.remove(pos);
    let (deferrable, initially_deferred) = deferral(&u.characteristics);
    Ok(RawKey {
        name: Some(u.name.as_ref().map(fold).unwrap_or(index_name)),
        columns: ix
            .parts
            .iter()
            .filter_map(|p| match &p.key {
                RawIndexKey::Column(c) => Some(c.clone()),
                RawIndexKey::Expression { .. } => None,
            })
            .collect(),
        nulls_not_distinct: ix.nulls_not_distinct,
        deferrable,
        initially_deferred,
        loc: loc.clone(),
    })
}

/// `CREATE TABLE` keeps one index for keys with the same definition (`id int PRIMARY KEY
/// UNIQUE` has no separate unique constraint): the primary key wins, then the first; an unnamed
/// survivor takes the name of a named duplicate, as PostgreSQL does.
fn drop_redundant_keys(table: &mut RawTable) {
    let same = |a: &RawKey, b: &RawKey| {
        a.columns == b.columns
            && a.nulls_not_distinct == b.nulls_not_distinct
            && a.deferrable == b.deferrable
            && a.initially_deferred == b.initially_deferred
    };
    let uniques = std::mem::take(&mut table.uniques);
    for u in uniques {
        if let Some(pk) = table.primary_key.as_mut().filter(|pk| same(pk, &u)) {
            if pk.name.is_none() {
                pk.name = u.name;
            }
            continue;
        }
        if let Some(prior) = table.uniques.iter_mut().find(|x| same(x, &u)) {
            if prior.name.is_none() {
                prior.name = u.name;
            }
            continue;
        }
        table.uniques.push(u);
    }
}

/// Index storage parameters, `WITH (fillfactor = 70, deduplicate_items = off)`: names and
/// unquoted words lowercased, string quotes removed, as PostgreSQL stores them.
fn storage_parameters(with: &[Expr]) -> Result<std::collections::BTreeMap<String, String>, String> {
    let mut out = std::collections::BTreeMap::new();
    for e in with {
        let (name, value) = match e {
            Expr::BinaryOp {
                left,
                op: sqlparser::ast::BinaryOperator::Eq,
                right,
            } => match unwrap_nested(left) {
                Expr::Identifier(i) => (fold(i), storage_value(right)),
                other => return Err(format!("storage parameter {other} is not a name")),
            },
            Expr::Identifier(i) => (fold(i), "true".to_string()),
            other => return Err(format!("storage parameter {other} is not name = value")),
        };
        out.insert(name, value);
    }
    Ok(out)
}

fn storage_value(e: &Expr) -> String {
    match unwrap_nested(e) {
        Expr::Value(v) => match &v.value {
            sqlparser::ast::Value::SingleQuotedString(s) => s.clone(),
            sqlparser::ast::Value::Boolean(b) => b.to_string(),
            other => other.to_string(),
        },
        Expr::Identifier(i) => fold(i),
        other => other.to_string(),
    }
}

fn drop_column_refs(table: &mut RawTable, name: &str) {
    if table
        .primary_key
        .as_ref()
        .is_some_and(|pk| pk.columns.iter().any(|c| c == name))
    {
        table.primary_key = None;
    }
    table
        .uniques
        .retain(|u| !u.columns.iter().any(|c| c == name));
    table
        .foreign_keys
        .retain(|f| !f.columns.iter().any(|c| c == name));
    table.indexes.retain(|ix| {
        !ix.parts
            .iter()
            .any(|p| matches!(&p.key, RawIndexKey::Column(c) if c == name))
    });
}

fn rename_column_refs(table: &mut RawTable, old: &str, new: &str) {
    let fix = |v: &mut Vec<String>| {
        for c in v.iter_mut() {
            if c == old {
                *c = new.to_string();
            }
        }
    };
    if let Some(pk) = &mut table.primary_key {
        fix(&mut pk.columns);
    }
    for u in &mut table.uniques {
        fix(&mut u.columns);
    }
    for f in &mut table.foreign_keys {
        fix(&mut f.columns);
    }
    for ix in &mut table.indexes {
        fix(&mut ix.include);
        for p in &mut ix.parts {
            if let RawIndexKey::Column(c) = &mut p.key {
                if c == old {
                    *c = new.to_string();
                }
            }
        }
    }
}

fn drop_constraint(table: &mut RawTable, name: &str) -> bool {
    let n = Some(name);
    if table
        .primary_key
        .as_ref()
        .is_some_and(|pk| pk.name.as_deref() == n)
    {
        table.primary_key = None;
        return true;
    }
    let before = table.uniques.len() + table.checks.len() + table.foreign_keys.len();
    table.uniques.retain(|u| u.name.as_deref() != n);
    table.checks.retain(|c| c.name.as_deref() != n);
    table.foreign_keys.retain(|f| f.name.as_deref() != n);
    before != table.uniques.len() + table.checks.len() + table.foreign_keys.len()
}

fn rename_constraint(table: &mut RawTable, old: &str, new: &str) -> bool {
    let o = Some(old);
    let mut found = false;
    if let Some(pk) = &mut table.primary_key {
        if pk.name.as_deref() == o {
            pk.name = Some(new.to_string());
            found = true;
        }
    }
    for u in &mut table.uniques {
        if u.name.as_deref() == o {
            u.name = Some(new.to_string());
            found = true;
        }
    }
    for c in &mut table.checks {
        if c.name.as_deref() == o {
            c.name = Some(new.to_string());
            found = true;
        }
    }
    for f in &mut table.foreign_keys {
        if f.name.as_deref() == o {
            f.name = Some(new.to_string());
            found = true;
        }
    }
    found
}
