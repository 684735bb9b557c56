//! Migrations from a directory, for `joinery apply`.
//!
//! Two layouts are understood:
//!
//! - **Plain**: `NNNN_name.sql` files; the number is the version, files apply in version order.
//! - **Drizzle** (`drizzle-kit generate`): the same `NNNN_tag.sql` files plus
//!   `meta/_journal.json`; the journal's entries decide which files exist and their order
//!   (`idx` is the version), and `--> statement-breakpoint` lines separate statements.
//!
//! Each file is split into statements by the shared lexer (`joinery_shared::sql`, the one the
//! importer uses), which respects quotes, dollar quotes and comments (so semicolons inside
//! function bodies do not split). Statements PostgreSQL refuses inside a transaction block (see
//! [`is_transactional`]) are marked so. Every migration runs in its own transaction, so
//! transaction control inside a file is refused before anything runs (a whole-file
//! `BEGIN; ... COMMIT;` wrapper is dropped). The `--` comment lines the lexer finds above a
//! statement carry what Joinery's export wrote there: `-- hazard: <label>: <why>` (read back, so
//! consent is asked as in the console) and `-- joinery: own transaction`. The checksum is the
//! sha256 of the file's bytes, so editing an applied file is detected.

use std::path::{Path, PathBuf};

use joinery_shared::plan::Hazard;
use joinery_shared::sql::{leading_words, split_script, FragmentError};
use serde::Deserialize;

use super::{checksum, Migration};
use crate::store::MigrationStatement;

/// Why a migrations directory could not be read.
#[derive(Debug, thiserror::Error)]
pub enum FilesError {
    /// A file or directory could not be read.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The path.
        path: PathBuf,
        /// The OS error.
        #[source]
        source: std::io::Error,
    },
    /// A `.sql` file's name does not start with a version number.
    #[error("{path}: migration files are named NNNN_name.sql (the number is the version)")]
    BadName {
        /// The path.
        path: PathBuf,
    },
    /// Two files have the same version.
    #[error("{a} and {b} have the same version {version}")]
    Duplicate {
        /// The version.
        version: i64,
        /// One file.
        a: PathBuf,
        /// The other.
        b: PathBuf,
    },
    /// `meta/_journal.json` is not a Drizzle journal.
    #[error("{path} is not a drizzle journal: {message}")]
    Journal {
        /// The path.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// The file cannot be applied as it is (an unterminated quote or comment, transaction
    /// control, a psql meta-command).
    #[error("{path}:{line}:{column}: {message}")]
    Script {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What is wrong.
        message: String,
    },
}

#[derive(Deserialize)]
struct Journal {
    entries: Vec<JournalEntry>,
}

#[derive(Deserialize)]
struct JournalEntry {
    idx: i64,
    tag: String,
}

/// Reads every migration in `dir`, in version order.
pub fn load_dir(dir: &Path) -> Result<Vec<Migration>, FilesError> {
    let journal_path = dir.join("meta").join("_journal.json");
    let mut files: Vec<(i64, String, PathBuf)> = if journal_path.is_file() {
        let text = read(&journal_path)?;
        let journal: Journal = serde_json::from_str(&text).map_err(|e| FilesError::Journal {
            path: journal_path.clone(),
            message: e.to_string(),
        })?;
        journal
            .entries
            .into_iter()
            .map(|e| {
                let path = dir.join(format!("{}.sql", e.tag));
                (e.idx, e.tag, path)
            })
            .collect()
    } else {
        let entries = std::fs::read_dir(dir).map_err(|source| FilesError::Read {
            path: dir.to_path_buf(),
            source,
        })?;
        let mut files = Vec::new();
        for entry in entries {
            let entry = entry.map_err(|source| FilesError::Read {
                path: dir.to_path_buf(),
                source,
            })?;
            let path = entry.path();
            if path.extension().and_then(|e| e.to_str()) != Some("sql") || !path.is_file() {
                continue;
            }
            let stem = path
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or_default()
                .to_string();
            let digits: String = stem.chars().take_while(|c| c.is_ascii_digit()).collect();
            let version = digits
                .parse::<i64>()
                .ok()
                .filter(|_| stem[digits.len()..].starts_with('_'))
                .ok_or_else(|| FilesError::BadName { path: path.clone() })?;
            files.push((version, stem, path));
        }
        files
    };
    files.sort_by_key(|(v, _, _)| *v);
    if let Some(w) = files.windows(2).find(|w| w[0].0 == w[1].0) {
        return Err(FilesError::Duplicate {
            version: w[0].0,
            a: w[0].2.clone(),
            b: w[1].2.clone(),
        });
    }
    files
        .into_iter()
        .map(|(version, name, path)| {
            let text = read(&path)?;
            let statements = split_statements(&text).map_err(|u| FilesError::Script {
                path: path.clone(),
                line: u.line,
                column: u.column,
                message: u.message,
            })?;
            Ok(Migration {
                version,
                name,
                checksum: checksum(&text),
                statements,
            })
        })
        .collect()
}

fn read(path: &Path) -> Result<String, FilesError> {
    std::fs::read_to_string(path).map_err(|source| FilesError::Read {
        path: path.to_path_buf(),
        source,
    })
}

/// Why a script cannot be applied as it is, and where: an unterminated quote or comment (from
/// the shared lexer), transaction control inside the migration, or a psql meta-command. The
/// lexer's own error type, so a position means the same wherever SQL text is refused.
pub type ScriptError = FragmentError;

/// Transaction control: a migration runs in the transaction the apply engine opens, so a
/// `COMMIT` inside it would commit half a migration (and a `ROLLBACK` drop the history row).
fn is_transaction_control(words: &[String]) -> bool {
    match words.first().map(String::as_str) {
        Some("BEGIN") => words.get(1).map(String::as_str) != Some("ATOMIC"),
        Some("START") => words.get(1).map(String::as_str) == Some("TRANSACTION"),
        Some("COMMIT" | "END" | "ROLLBACK" | "ABORT" | "SAVEPOINT" | "RELEASE") => true,
        Some("PREPARE") => words.get(1).map(String::as_str) == Some("TRANSACTION"),
        _ => false,
    }
}

/// Splits an SQL script into statements with the shared lexer ([`joinery_shared::sql`]),
/// marking the non-transactional ones. A script wrapped whole in `BEGIN; ... COMMIT;` loses the
/// wrapper (it says what the engine does anyway); any other transaction control, and psql
/// meta-commands, are refused before anything runs.
pub fn split_statements(sql: &str) -> Result<Vec<MigrationStatement>, ScriptError> {
    let statements = split_script(sql)?;
    let words: Vec<Vec<String>> = statements
        .iter()
        .map(|s| leading_words(&s.text, 2))
        .collect();
    let opens = words.first().is_some_and(|w| {
        matches!(w.first().map(String::as_str), Some("BEGIN" | "START"))
            && is_transaction_control(w)
    });
    let closes = words
        .last()
        .is_some_and(|w| matches!(w.first().map(String::as_str), Some("COMMIT" | "END")));
    let wrapped = opens && closes && statements.len() >= 2;
    let mut out = Vec::new();
    for (i, (statement, words)) in statements.iter().zip(&words).enumerate() {
        let at = |message: String| ScriptError {
            line: statement.line,
            column: statement.column,
            message,
        };
        if statement.meta_command {
            return Err(at(format!(
                "psql meta-command `{}` cannot run in a migration",
                statement.text.lines().next().unwrap_or_default()
            )));
        }
        if words.is_empty() {
            continue;
        }
        if is_transaction_control(words) {
            if wrapped && (i == 0 || i == statements.len() - 1) {
                continue;
            }
            return Err(at(format!(
                "`{}` inside a migration: each migration already runs in its own transaction, \
                 so transaction control would commit or discard part of it; remove it",
                words.join(" ")
            )));
        }
        out.push(MigrationStatement {
            transactional: is_transactional(&statement.text),
            sql: statement.text.clone(),
            hazards: statement
                .comments
                .iter()
                .filter_map(|c| hazard_comment(c))
                .collect(),
            source: None,
            lock: None,
            own_transaction: statement
                .comments
                .iter()
                .any(|c| c == joinery_shared::plan::OWN_TRANSACTION_MARK),
        });
    }
    Ok(out)
}

/// A hazard Joinery wrote above a statement when it exported the migration (`-- hazard:
/// <label>: <why>`), so a migration folder applied with `joinery apply` asks for the same
/// consent as in the console. Only the kinds that need consent are read back; a hand-written
/// file simply has none.
fn hazard_comment(line: &str) -> Option<Hazard> {
    let rest = line.strip_prefix("-- hazard:")?.trim();
    super::consent::CONSENT_KINDS.into_iter().find_map(|kind| {
        let message = rest.strip_prefix(kind.label())?.strip_prefix(':')?;
        Some(Hazard {
            kind,
            message: message.trim().to_string(),
        })
    })
}

/// False for statements PostgreSQL refuses (or that make no sense) inside a transaction block:
/// `CREATE/DROP INDEX CONCURRENTLY`, `REINDEX ... CONCURRENTLY`, `ALTER TYPE ... ADD VALUE`
/// (a new label cannot be used in the transaction that adds it), `VACUUM`, `CREATE/DROP
/// DATABASE`, `CREATE/DROP TABLESPACE`, `ALTER SYSTEM`.
pub fn is_transactional(sql: &str) -> bool {
    let words = leading_words(sql, 8);
    let w: Vec<&str> = words.iter().map(String::as_str).collect();
    let concurrently = w.iter().take(5).any(|x| *x == "CONCURRENTLY");
    match w.as_slice() {
        ["CREATE", "INDEX", ..] | ["CREATE", "UNIQUE", "INDEX", ..] | ["DROP", "INDEX", ..]
            if concurrently =>
        {
            false
        }
        ["REINDEX", ..] if concurrently => false,
        ["ALTER", "TYPE", ..] => !(w.windows(2).any(|p| p == ["ADD", "VALUE"])),
        ["VACUUM", ..] | ["ALTER", "SYSTEM", ..] => false,
        ["CREATE" | "DROP", "DATABASE" | "TABLESPACE", ..] => false,
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sqls(text: &str) -> Vec<(String, bool)> {
        split_statements(text)
            .unwrap()
            .into_iter()
            .map(|s| (s.sql, s.transactional))
            .collect()
    }

    #[test]
    fn splits_at_top_level_semicolons_only() {
        let script = "CREATE TABLE a (x text DEFAULT 'a;b');\n\
            -- a comment; with a semicolon\n\
            CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; $body$ LANGUAGE sql;\n\
            /* block; /* nested; */ */ SELECT E'it\\'s;' , \"we;ird\", $1;\n";
        let got = sqls(script);
        assert_eq!(got.len(), 3, "{got:#?}");
        assert_eq!(got[0].0, "CREATE TABLE a (x text DEFAULT 'a;b')");
        assert!(got[1].0.starts_with("CREATE FUNCTION"), "{}", got[1].0);
        assert!(got[1].0.ends_with("LANGUAGE sql"));
        assert!(got[2].0.ends_with("$1"), "{}", got[2].0);
    }

    #[test]
    fn drizzle_breakpoints_and_transaction_control() {
        let script = "BEGIN;\nCREATE TYPE s AS ENUM ('a');--> statement-breakpoint\n\
            ALTER TYPE s ADD VALUE 'b';--> statement-breakpoint\n\
            CREATE UNIQUE INDEX CONCURRENTLY i ON t (x);\nCOMMIT;\n";
        let got = sqls(script);
        assert_eq!(
            got,
            vec![
                ("CREATE TYPE s AS ENUM ('a')".to_string(), true),
                ("ALTER TYPE s ADD VALUE 'b'".to_string(), false),
                (
                    "CREATE UNIQUE INDEX CONCURRENTLY i ON t (x)".to_string(),
                    false
                ),
            ]
        );
    }

    #[test]
    fn exported_comments_are_read_above_their_statement_only() {
        let script = "CREATE TABLE t (\n  -- hazard: deletes data: not this one\n  a int\n);\n\
            -- hazard: deletes data: drops column a of t\n\
            -- a note\n\
            -- joinery: own transaction\n\
            ALTER TABLE t DROP COLUMN a; -- joinery: own transaction\n\
            SELECT 1;\n";
        let got = split_statements(script).unwrap();
        assert_eq!(got.len(), 3);
        assert!(got[0].hazards.is_empty() && !got[0].own_transaction);
        assert_eq!(got[1].hazards.len(), 1);
        assert_eq!(
            got[1].hazards[0].kind,
            joinery_shared::plan::HazardKind::DeletesData
        );
        assert_eq!(got[1].hazards[0].message, "drops column a of t");
        assert!(got[1].own_transaction);
        assert!(got[2].hazards.is_empty() && !got[2].own_transaction);
    }

    #[test]
    fn classifies_non_transactional_statements() {
        for sql in [
            "create index concurrently i on t (x)",
            "DROP INDEX CONCURRENTLY IF EXISTS i",
            "REINDEX INDEX CONCURRENTLY i",
            "ALTER TYPE public.status ADD VALUE IF NOT EXISTS 'x' AFTER 'y'",
            "VACUUM t",
            "CREATE DATABASE x",
        ] {
            assert!(!is_transactional(sql), "{sql}");
        }
        for sql in [
            "CREATE INDEX i ON t (x)",
            "ALTER TYPE s RENAME VALUE 'a' TO 'b'",
            "ALTER TABLE t ADD COLUMN concurrently int",
            "REFRESH MATERIALIZED VIEW CONCURRENTLY v",
        ] {
            assert!(is_transactional(sql), "{sql}");
        }
    }

    #[test]
    fn unterminated_quotes_name_line_and_column() {
        let err = split_statements("SELECT 1;\nSELECT 'oops").unwrap_err();
        assert_eq!((err.line, err.column), (2, 8), "{err}");
        assert!(err.message.contains("unterminated"), "{err}");
        assert!(split_statements("SELECT $$ x").is_err());
        assert!(split_statements("/* x").is_err());
    }

    #[test]
    fn transaction_control_inside_a_migration_is_refused() {
        for script in [
            "CREATE TABLE a (x int);\nCOMMIT;\nDROP TABLE v;",
            "CREATE TABLE a (x int);\nROLLBACK;",
            "BEGIN;\nCREATE TABLE a (x int);\nCOMMIT;\nDROP TABLE v;",
            "SAVEPOINT s;\nCREATE TABLE a (x int);",
            "START TRANSACTION;\nCREATE TABLE a (x int);\nEND;\nSELECT 1;",
        ] {
            let err = split_statements(script).unwrap_err();
            assert!(
                err.message.contains("inside a migration"),
                "{script}: {err}"
            );
        }
        let err = split_statements("CREATE TABLE a (x int);\nCOMMIT;").unwrap_err();
        assert_eq!((err.line, err.column), (2, 1), "{err}");
        // A whole-file wrapper is what the engine does anyway.
        let got = sqls("START TRANSACTION;\nCREATE TABLE a (x int);\nEND;");
        assert_eq!(got, vec![("CREATE TABLE a (x int)".to_string(), true)]);
        let err = split_statements("\\connect other\nCREATE TABLE a (x int);").unwrap_err();
        assert!(err.message.contains("meta-command"), "{err}");
        // BEGIN ATOMIC bodies are not transaction control.
        let got = sqls(
            "CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; END;\nSELECT 2;",
        );
        assert_eq!(got.len(), 2, "{got:?}");
    }
}
