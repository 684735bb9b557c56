//! The SQL importer: turns a `pg_dump --schema-only` file, hand-written DDL or a drizzle-kit
//! migration into a [`Document`], so users can start from the schema they already have.
//!
//! Real files always hold something a designer does not model (functions, triggers, grants, psql
//! meta-commands) and often something a parser does not know. The importer therefore never gives
//! up on a file: it cuts the text into statements itself (see `split`, which understands quoting,
//! dollar quoting, nested comments and `BEGIN ATOMIC` bodies), hands each statement to
//! [`sqlparser`] with the PostgreSQL dialect, and reports per statement:
//!
//! * **errors** for statements that cannot be parsed or that are invalid against what the file
//!   defined before (an `ALTER TABLE` of an undefined table, a key over a missing column);
//! * **warnings** for valid statements that are not modelled (`SET`, `CREATE FUNCTION`, `GRANT`,
//!   `OWNER TO`, sequences that are not serial sequences, `INHERITS`, partitions, ...) — never
//!   silently dropped.
//!
//! Every diagnostic carries the 1-based line and column of the statement (or, for parse errors,
//! of the token sqlparser stopped at), counted in characters over the whole file.
//!
//! Statements are applied in file order to a name-based intermediate model; names are resolved to
//! ids only at the end (the second pass), so foreign keys may reference tables defined later in
//! the file. Decisions worth knowing:
//!
//! * A foreign key to a table that the file does not define (common in partial dumps, e.g. a
//!   reference to Supabase's `auth.users`) is dropped with a **warning** at its statement, so the
//!   rest of the table still imports; a reference to a missing *column* of a defined table is an
//!   **error**, since PostgreSQL would reject the statement.
//! * Constraints and indexes without a name get the name PostgreSQL would give them
//!   (`<table>_pkey`, `<table>_<cols>_key`, `<table>_<cols>_fkey`, `<table>_<col>_check`,
//!   `<table>_<cols>_idx`), so ids agree with live introspection; normalisation then turns names
//!   equal to Joinery's conventional name into `None`.
//! * Ids are only ever derived with the `Id::for_*` conventions.
//! * An integer column whose default is `nextval('<seq>')` of a sequence `OWNED BY` that column
//!   becomes `serial`/`bigserial`/`smallserial` (the pg_dump spelling of a serial column).
//! * Defaults, CHECK expressions, generated expressions, index expressions and predicates are
//!   kept as the source text (see `source`), without parentheses that enclose the whole text
//!   (pg_dump writes `CHECK ((a > 0))`); view queries are the source text after `AS`, without
//!   pg_dump's trailing `WITH NO DATA`. Everything then goes through
//!   [`crate::normalize::normalize`], the canonical form shared with introspection.
//! * The file is always split by the importer rather than handed to sqlparser whole: one parse
//!   error must not hide the rest of the file, and per-statement parsing gives every diagnostic
//!   its statement's position for free.
//! * pg_dump forms sqlparser does not accept are blanked out before parsing (offsets preserved):
//!   `CREATE INDEX ... ON ONLY`, `SEQUENCE NAME x` inside identity options, `WITH [NO] DATA`;
//!   `ALTER SEQUENCE ... OWNED BY` is read from the tokens.
//! * drizzle-kit's (pre-0.21) idempotent wrapper `DO $$ BEGIN <ddl>; EXCEPTION WHEN
//!   duplicate_object THEN null; END $$;` is unwrapped and its statements imported; any other
//!   `DO` block is skipped with a warning.
//! * `INHERITS`: the parents' columns are copied into the child (pg_dump sets defaults on them),
//!   with a warning; inherited CHECK constraints are not copied.
//! * `CREATE DOMAIN`: not modelled, but a column of a domain type (or an array of one, or of a
//!   domain over a domain) gets the domain's base type, with a warning at the domain that its
//!   constraints, default and `NOT NULL` are dropped; introspection reads such columns the same
//!   way. A type the file does not define keeps its name.
//! * A view calling a function, procedure or aggregate that the file creates (not modelled) is
//!   skipped with a warning, and so is a view reading a skipped view: their DDL could not apply
//!   from the model. Introspection skips the same views.
//! * Lossy details of modelled objects (storage parameters, `COLLATE`, `DEFERRABLE` keys,
//!   identity option values that are no integers, `MATCH FULL`, `INHERITS`, `PARTITION BY`) are
//!   warnings.

mod aggregates;
mod build;
mod compact;
mod default_privileges;
mod domains;
mod functions;
mod grants;
mod objects;
mod partitions;
mod policies;
mod raw;
mod rederive;
mod routines;
mod sequences;
mod skipped;
mod source;
pub(crate) use crate::sql::split;
mod statements;
mod tables;

use crate::model::Document;

pub use functions::{function_from_definition, trigger_from_definition};
pub use rederive::rederive_ids;

/// One finding about the input, located so the user can jump to it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Diagnostic {
    /// 1-based line in the imported text.
    pub line: usize,
    /// 1-based column (in characters) in the imported text.
    pub column: usize,
    /// The statement's kind, e.g. `CREATE TABLE`, `CREATE FUNCTION`, `ALTER TABLE`.
    pub statement: String,
    /// What happened, in words.
    pub message: String,
}

impl std::fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}:{}: {}: {}",
            self.line, self.column, self.statement, self.message
        )
    }
}

/// What an import produced: the document plus everything the user should know about.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ImportResult {
    /// The imported schema with a grid layout, in canonical form.
    pub document: Document,
    /// Statements that were valid but skipped or only partly modelled.
    pub warnings: Vec<Diagnostic>,
    /// Statements that could not be parsed or applied; the rest of the file is still imported.
    pub errors: Vec<Diagnostic>,
}

/// Imports PostgreSQL DDL. Never panics and never fails as a whole: problems are reported as
/// diagnostics and everything else is imported.
pub fn import_sql(text: &str) -> ImportResult {
    // Editors on Windows save a byte-order mark that nobody sees; positions ignore it too.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut importer = statements::Importer::new(text);
    importer.run();
    build::build(importer)
}
