//! Recovery for `CREATE INDEX CONCURRENTLY` cut short.
//!
//! A concurrent index build that fails (duplicates under a UNIQUE index, a cancelled or killed
//! session) leaves an INVALID index behind under the statement's name, so simply running the
//! statement again fails with "relation already exists" and the migration is stuck until someone
//! drops the index by hand. And a build whose client died after PostgreSQL finished it leaves a
//! valid index the history does not know about. Before running such a statement the engine looks
//! the name up on the statement's table: an invalid index is dropped (concurrently) and rebuilt; a
//! valid one, when the migration is resuming at exactly this statement, is the earlier attempt's
//! finished work and the statement counts as done.

use futures_util::future::BoxFuture;
use sqlx::postgres::PgConnection;
use sqlx::{Executor, Row};

/// The index and table a `CREATE [UNIQUE] INDEX CONCURRENTLY` statement names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConcurrentIndex {
    /// The index name as PostgreSQL stores it (unquoted, case folded).
    pub index: String,
    /// The table as written (it may be quoted or schema-qualified), for `to_regclass`.
    pub table: String,
    /// Whether the statement says `IF NOT EXISTS` (then a valid index is skipped by PostgreSQL).
    pub if_not_exists: bool,
}

/// What to do before running a concurrent index build.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Preparation {
    /// Nothing there: run the statement.
    Run,
    /// An invalid index of that name was dropped (its qualified name): run the statement.
    DroppedInvalid(String),
    /// A valid index of that name exists and the migration resumes here: the statement is done.
    AlreadyBuilt(String),
}

/// Words of `sql` up to the first `(`: runs of identifier characters, dots and quoted parts, so
/// `"My Schema".t` is one word.
fn words(sql: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => {
                word.push(c);
                for q in chars.by_ref() {
                    word.push(q);
                    if q == '"' {
                        break;
                    }
                }
            }
            '(' | ';' => break,
            c if c.is_whitespace() => {
                if !word.is_empty() {
                    out.push(std::mem::take(&mut word));
                }
            }
            c => word.push(c),
        }
    }
    if !word.is_empty() {
        out.push(word);
    }
    out
}

/// An identifier as PostgreSQL stores it: quoted ones verbatim (`""` → `"`), others lowercased.
fn stored_name(ident: &str) -> String {
    match ident.strip_prefix('"').and_then(|s| s.strip_suffix('"')) {
        Some(inner) => inner.replace("\"\"", "\""),
        None => ident.to_lowercase(),
    }
}

/// The index a `CREATE [UNIQUE] INDEX CONCURRENTLY [IF NOT EXISTS] name ON [ONLY] table` names;
/// `None` for any other statement, or one without an index name.
pub fn parse(sql: &str) -> Option<ConcurrentIndex> {
    let w = words(sql);
    let upper: Vec<String> = w.iter().map(|x| x.to_uppercase()).collect();
    let mut i = 0;
    let expect = |kw: &str, i: &mut usize| -> bool {
        if upper.get(*i).map(String::as_str) == Some(kw) {
            *i += 1;
            true
        } else {
            false
        }
    };
    if !expect("CREATE", &mut i) {
        return None;
    }
    expect("UNIQUE", &mut i);
    if !expect("INDEX", &mut i) || !expect("CONCURRENTLY", &mut i) {
        return None;
    }
    let if_not_exists = expect("IF", &mut i);
    if if_not_exists && !(expect("NOT", &mut i) && expect("EXISTS", &mut i)) {
        return None;
    }
    if upper.get(i).map(String::as_str) == Some("ON") {
        return None; // unnamed: PostgreSQL picks a fresh name, nothing can collide
    }
    let index = stored_name(w.get(i)?);
    i += 1;
    if !expect("ON", &mut i) {
        return None;
    }
    expect("ONLY", &mut i);
    let table = w.get(i)?.clone();
    Some(ConcurrentIndex {
        index,
        table,
        if_not_exists,
    })
}

/// Looks up the index `sql` would build (if it is a concurrent build) and clears the way: see the
/// module documentation. `resuming` says the migration's previous attempt stopped right before
/// this statement.
pub fn prepare<'a>(
    conn: &'a mut PgConnection,
    sql: &'a str,
    resuming: bool,
) -> BoxFuture<'a, Result<Preparation, sqlx::Error>> {
    // Boxed (like the engine's statement runner) so the engine's future stays `Send`.
    Box::pin(async move {
        let Some(ix) = parse(sql) else {
            return Ok(Preparation::Run);
        };
        let found = sqlx::query(
            "SELECT format('%I.%I', n.nspname, c.relname) AS name, i.indisvalid AS valid \
             FROM pg_index i \
             JOIN pg_class c ON c.oid = i.indexrelid \
             JOIN pg_namespace n ON n.oid = c.relnamespace \
             WHERE c.relname = $1 AND i.indrelid = to_regclass($2)",
        )
        .bind(&ix.index)
        .bind(&ix.table)
        .fetch_optional(&mut *conn)
        .await?;
        let Some(row) = found else {
            return Ok(Preparation::Run);
        };
        let name: String = row.try_get("name")?;
        let valid: bool = row.try_get("valid")?;
        if !valid {
            (&mut *conn)
                .execute(format!("DROP INDEX CONCURRENTLY IF EXISTS {name}").as_str())
                .await?;
            return Ok(Preparation::DroppedInvalid(name));
        }
        if resuming && !ix.if_not_exists {
            return Ok(Preparation::AlreadyBuilt(name));
        }
        Ok(Preparation::Run)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_forms_the_planner_and_people_write() {
        assert_eq!(
            parse("CREATE UNIQUE INDEX CONCURRENTLY users_email_idx ON users USING btree (email);"),
            Some(ConcurrentIndex {
                index: "users_email_idx".into(),
                table: "users".into(),
                if_not_exists: false,
            })
        );
        assert_eq!(
            parse("create index concurrently if not exists \"Big Idx\" on only \"App\".\"T\"(x)"),
            Some(ConcurrentIndex {
                index: "Big Idx".into(),
                table: "\"App\".\"T\"".into(),
                if_not_exists: true,
            })
        );
        assert_eq!(
            parse("CREATE INDEX CONCURRENTLY Mixed ON app.t (x)").map(|i| (i.index, i.table)),
            Some(("mixed".into(), "app.t".into()))
        );
    }

    #[test]
    fn other_statements_are_not_concurrent_builds() {
        for sql in [
            "CREATE INDEX i ON t (x)",
            "CREATE INDEX CONCURRENTLY ON t (x)",
            "DROP INDEX CONCURRENTLY IF EXISTS i",
            "REINDEX INDEX CONCURRENTLY i",
            "ALTER TYPE s ADD VALUE 'x'",
            "CREATE INDEX CONCURRENTLY",
            "",
        ] {
            assert_eq!(parse(sql), None, "{sql}");
        }
    }
}
