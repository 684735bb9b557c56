//! Migrations from a directory, for `joinery apply`.
//!
//! Two layouts are understood:
//!
//! - **Plain**: `NNNN_name.sql` files; the number is the version, files apply in version order.
//! - **Drizzle** (`drizzle-kit generate`): the same `NNNN_tag.sql` files plus
//!   `meta/_journal.json`; the journal's entries decide which files exist and their order
//!   (`idx` is the version), and `--> statement-breakpoint` lines separate statements.
//!
//! Each file is split into statements by a lexer that respects quotes, dollar quotes and comments
//! (so semicolons inside function bodies do not split). Statements PostgreSQL refuses inside a
//! transaction block (see [`is_transactional`]) are marked so; top-level `BEGIN`/`COMMIT` are
//! dropped because every migration already runs in its own transaction. The checksum is the
//! sha256 of the file's bytes, so editing an applied file is detected.

use std::path::{Path, PathBuf};

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
    /// A statement is not terminated (an open quote or comment at the end of the file).
    #[error("{path}:{line}:{column}: unterminated {what}")]
    Unterminated {
        /// The file.
        path: PathBuf,
        /// 1-based line where the construct starts.
        line: usize,
        /// 1-based column.
        column: usize,
        /// Quote, dollar quote or comment.
        what: &'static str,
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
            let statements = split_statements(&text).map_err(|u| FilesError::Unterminated {
                path: path.clone(),
                line: u.line,
                column: u.column,
                what: u.what,
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

/// An unterminated quote or comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unterminated {
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// What is open.
    pub what: &'static str,
}

/// Splits an SQL script into statements, marking the non-transactional ones and dropping
/// top-level transaction control (`BEGIN`, `COMMIT`, ...).
pub fn split_statements(sql: &str) -> Result<Vec<MigrationStatement>, Unterminated> {
    let mut out = Vec::new();
    for text in split_raw(sql)? {
        let words = leading_words(&text, 2);
        let control = matches!(
            words.first().map(String::as_str),
            Some("BEGIN" | "COMMIT" | "END" | "START" | "ROLLBACK")
        ) && !(words.first().map(String::as_str) == Some("BEGIN")
            && words.get(1).is_some_and(|w| w == "ATOMIC"));
        if control || words.is_empty() {
            continue;
        }
        out.push(MigrationStatement {
            transactional: is_transactional(&text),
            sql: text,
            hazards: Vec::new(),
            source: None,
        });
    }
    Ok(out)
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

/// The first `n` words of a statement (comments skipped), uppercased.
fn leading_words(sql: &str, n: usize) -> Vec<String> {
    let mut words = Vec::new();
    let mut rest = sql;
    while words.len() < n {
        rest = rest.trim_start();
        if let Some(after) = rest.strip_prefix("--") {
            rest = after.split_once('\n').map_or("", |(_, r)| r);
            continue;
        }
        if let Some(after) = rest.strip_prefix("/*") {
            rest = after.split_once("*/").map_or("", |(_, r)| r);
            continue;
        }
        if rest.is_empty() {
            break;
        }
        let end = rest
            .find(|c: char| !(c.is_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        if end == 0 {
            // Punctuation (`.`, quotes, parentheses) separates words.
            let skip = rest.chars().next().map_or(1, char::len_utf8);
            rest = &rest[skip..];
            continue;
        }
        words.push(rest[..end].to_ascii_uppercase());
        rest = &rest[end..];
    }
    words
}

/// Splits at top-level `;`, keeping each statement's text (comments included) trimmed, without
/// the `;`. Chunks holding only comments are dropped.
fn split_raw(sql: &str) -> Result<Vec<String>, Unterminated> {
    let bytes = sql.as_bytes();
    let mut statements = Vec::new();
    let mut start = 0;
    let mut i = 0;
    let at = |pos: usize, what: &'static str| {
        let before = &sql[..pos];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        Unterminated { line, column, what }
    };
    let mut push = |text: &str| {
        let mut trimmed = text.trim();
        while let Some(rest) = trimmed.strip_prefix("--> statement-breakpoint") {
            trimmed = rest.trim_start();
        }
        if !leading_words(trimmed, 1).is_empty() {
            statements.push(trimmed.to_string());
        }
    };
    while i < bytes.len() {
        match bytes[i] {
            b'-' if bytes.get(i + 1) == Some(&b'-') => {
                i = sql[i..].find('\n').map_or(bytes.len(), |e| i + e + 1);
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                let open = i;
                let mut depth = 0usize;
                loop {
                    if i + 1 >= bytes.len() {
                        return Err(at(open, "comment"));
                    }
                    if bytes[i] == b'/' && bytes[i + 1] == b'*' {
                        depth += 1;
                        i += 2;
                    } else if bytes[i] == b'*' && bytes[i + 1] == b'/' {
                        depth -= 1;
                        i += 2;
                        if depth == 0 {
                            break;
                        }
                    } else {
                        i += 1;
                    }
                }
            }
            quote @ (b'\'' | b'"') => {
                let open = i;
                let escapes = quote == b'\''
                    && i > 0
                    && matches!(bytes[i - 1], b'e' | b'E')
                    && (i < 2 || !(bytes[i - 2].is_ascii_alphanumeric() || bytes[i - 2] == b'_'));
                i += 1;
                loop {
                    match bytes.get(i) {
                        None => return Err(at(open, "quoted string or identifier")),
                        Some(b'\\') if escapes => i += 2,
                        Some(&c) if c == quote => {
                            if bytes.get(i + 1) == Some(&quote) {
                                i += 2;
                            } else {
                                i += 1;
                                break;
                            }
                        }
                        Some(_) => i += 1,
                    }
                }
            }
            b'$' => {
                // A dollar quote `$tag$` (not a parameter like `$1`).
                let rest = &sql[i + 1..];
                let tag_len = rest
                    .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                    .unwrap_or(rest.len());
                let tag_ok = rest[..tag_len]
                    .chars()
                    .next()
                    .is_none_or(|c| !c.is_ascii_digit());
                if tag_ok && rest[tag_len..].starts_with('$') {
                    let delimiter = &sql[i..i + tag_len + 2];
                    let body = i + delimiter.len();
                    match sql[body..].find(delimiter) {
                        Some(end) => i = body + end + delimiter.len(),
                        None => return Err(at(i, "dollar-quoted string")),
                    }
                } else {
                    i += 1;
                }
            }
            b';' => {
                push(&sql[start..i]);
                i += 1;
                start = i;
            }
            _ => i += 1,
        }
    }
    push(&sql[start..]);
    Ok(statements)
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
        assert!(got[1]
            .0
            .starts_with("-- a comment; with a semicolon\nCREATE FUNCTION"));
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
        assert_eq!(
            err,
            Unterminated {
                line: 2,
                column: 8,
                what: "quoted string or identifier"
            }
        );
        assert!(split_statements("SELECT $$ x").is_err());
        assert!(split_statements("/* x").is_err());
    }
}
