//! The statement that undoes a planned statement, read back from the statement's own text.
//!
//! Only the forms the planner itself prints are recognised, and only those whose inverse needs
//! nothing else: renames swap their names, created objects are dropped, `SET NOT NULL` and
//! `DROP NOT NULL` swap. Anything else (drops, type changes, defaults, enum rebuilds) returns
//! `None`: undoing it needs the old definition or data that is gone.

/// Splits SQL into words on whitespace outside double quotes, and cuts a trailing `;`.
fn words(sql: &str) -> Vec<String> {
    let sql = sql.trim().trim_end_matches(';');
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    for c in sql.chars() {
        if c == '"' {
            quoted = !quoted;
        }
        if c.is_whitespace() && !quoted {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
        } else {
            cur.push(c);
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// `schema.name` (as printed) split into (`schema.` or empty, `name`), dots inside quotes kept.
fn split_qualified(name: &str) -> (&str, &str) {
    let mut quoted = false;
    let mut last_dot = None;
    for (i, c) in name.char_indices() {
        match c {
            '"' => quoted = !quoted,
            '.' if !quoted => last_dot = Some(i),
            _ => {}
        }
    }
    match last_dot {
        Some(i) => (&name[..=i], &name[i + 1..]),
        None => ("", name),
    }
}

/// The inverse of `sql`, if it can be undone on its own.
pub(super) fn undo(sql: &str) -> Option<String> {
    let w = words(sql);
    let w: Vec<&str> = w.iter().map(String::as_str).collect();
    let upper: Vec<String> = w.iter().map(|x| x.to_ascii_uppercase()).collect();
    let u: Vec<&str> = upper.iter().map(String::as_str).collect();
    Some(match u.as_slice() {
        ["ALTER", kind @ ("TABLE" | "TYPE" | "INDEX" | "VIEW"), _, "RENAME", "TO", _] => {
            let (schema, old) = split_qualified(w[2]);
            format!("ALTER {kind} {schema}{} RENAME TO {old};", w[5])
        }
        ["ALTER", "MATERIALIZED", "VIEW", _, "RENAME", "TO", _] => {
            let (schema, old) = split_qualified(w[3]);
            format!("ALTER MATERIALIZED VIEW {schema}{} RENAME TO {old};", w[6])
        }
        ["ALTER", kind @ ("TABLE" | "TYPE"), _, "RENAME", what @ ("COLUMN" | "CONSTRAINT" | "VALUE"), _, "TO", _] =>
        {
            format!("ALTER {kind} {} RENAME {what} {} TO {};", w[2], w[7], w[5])
        }
        ["ALTER", kind @ ("TABLE" | "TYPE" | "VIEW"), _, "SET", "SCHEMA", _] => {
            let (schema, name) = split_qualified(w[2]);
            let old_schema = if schema.is_empty() {
                "public"
            } else {
                schema.trim_end_matches('.')
            };
            format!("ALTER {kind} {}.{name} SET SCHEMA {old_schema};", w[5])
        }
        ["ALTER", "TABLE", _, "ADD", "COLUMN", ..] => {
            format!("ALTER TABLE {} DROP COLUMN {};", w[2], w[5])
        }
        ["ALTER", "TABLE", _, "ADD", "CONSTRAINT", ..] => {
            format!("ALTER TABLE {} DROP CONSTRAINT {};", w[2], w[5])
        }
        ["ALTER", "TABLE", _, "ALTER", "COLUMN", _, "SET", "NOT", "NULL"] => {
            format!("ALTER TABLE {} ALTER COLUMN {} DROP NOT NULL;", w[2], w[5])
        }
        ["ALTER", "TABLE", _, "ALTER", "COLUMN", _, "DROP", "NOT", "NULL"] => {
            format!("ALTER TABLE {} ALTER COLUMN {} SET NOT NULL;", w[2], w[5])
        }
        ["CREATE", "TABLE", ..] => format!("DROP TABLE {};", w[2]),
        ["CREATE", "SCHEMA", ..] => format!("DROP SCHEMA {};", w[2]),
        ["CREATE", "TYPE", _, "AS", "ENUM", ..] => format!("DROP TYPE {};", w[2]),
        ["CREATE", "VIEW", ..] => format!("DROP VIEW {};", w[2]),
        ["CREATE", "MATERIALIZED", "VIEW", ..] => format!("DROP MATERIALIZED VIEW {};", w[3]),
        ["CREATE", rest @ ..] if rest.contains(&"INDEX") => {
            let mut i = w.iter().position(|x| x.eq_ignore_ascii_case("INDEX"))? + 1;
            let concurrently = w.get(i)?.eq_ignore_ascii_case("CONCURRENTLY");
            if concurrently {
                i += 1;
            }
            let name = w.get(i)?;
            let on = w.get(i + 1)?;
            if !on.eq_ignore_ascii_case("ON") {
                return None;
            }
            let (schema, _) = split_qualified(w.get(i + 2)?);
            format!(
                "DROP INDEX {}{schema}{name};",
                if concurrently { "CONCURRENTLY " } else { "" }
            )
        }
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::undo;

    #[test]
    fn inverses() {
        let cases = [
            (
                "ALTER TABLE app.t RENAME TO u;",
                "ALTER TABLE app.u RENAME TO t;",
            ),
            (
                "ALTER TABLE t RENAME COLUMN \"a b\" TO c;",
                "ALTER TABLE t RENAME COLUMN c TO \"a b\";",
            ),
            (
                "ALTER TYPE st RENAME VALUE 'a' TO 'b';",
                "ALTER TYPE st RENAME VALUE 'b' TO 'a';",
            ),
            (
                "ALTER INDEX app.i RENAME TO j;",
                "ALTER INDEX app.j RENAME TO i;",
            ),
            (
                "ALTER TABLE t SET SCHEMA app;",
                "ALTER TABLE app.t SET SCHEMA public;",
            ),
            (
                "ALTER TABLE t ADD COLUMN n text NOT NULL;",
                "ALTER TABLE t DROP COLUMN n;",
            ),
            (
                "ALTER TABLE t ADD CONSTRAINT c CHECK (n > 0);",
                "ALTER TABLE t DROP CONSTRAINT c;",
            ),
            (
                "ALTER TABLE t ALTER COLUMN n SET NOT NULL;",
                "ALTER TABLE t ALTER COLUMN n DROP NOT NULL;",
            ),
            (
                "CREATE TABLE app.t (\n    id integer\n);",
                "DROP TABLE app.t;",
            ),
            (
                "CREATE UNIQUE INDEX i ON app.t USING btree (e);",
                "DROP INDEX app.i;",
            ),
            (
                "CREATE INDEX CONCURRENTLY i ON t USING btree (e);",
                "DROP INDEX CONCURRENTLY i;",
            ),
            ("CREATE TYPE st AS ENUM ('a');", "DROP TYPE st;"),
            (
                "CREATE MATERIALIZED VIEW v AS\nSELECT 1;",
                "DROP MATERIALIZED VIEW v;",
            ),
        ];
        for (sql, inverse) in cases {
            assert_eq!(undo(sql).as_deref(), Some(inverse), "{sql}");
        }
        for sql in [
            "DROP TABLE t;",
            "ALTER TABLE t DROP COLUMN n;",
            "ALTER TABLE t ALTER COLUMN n TYPE bigint;",
            "ALTER TABLE t ALTER COLUMN n SET DEFAULT 1;",
        ] {
            assert_eq!(undo(sql), None, "{sql}");
        }
    }
}
