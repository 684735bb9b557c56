//! The drift guard: a fingerprint of the target's schema, recorded at the end of every run, and
//! compared with the live one before the next run starts. A migration is planned for the schema
//! Joinery left; when someone changed the database by hand since, running it anyway is how
//! half-applied surprises happen, so the run refuses (unless told to go on).
//!
//! The fingerprint is an md5 over the catalog as PostgreSQL prints it (relations, columns with
//! types, defaults, identity and generation, constraint and index definitions, view queries,
//! enum labels, schemas), outside the system schemas and `joinery`. It compares the database
//! with itself, so it never reports a difference the model cannot express as drift; invalid
//! indexes (a concurrent build cut short, which the engine recovers) are left out.

use sqlx::{Executor, PgConnection};

/// Where the fingerprint Joinery left is kept (one row).
pub const STATE_DDL: &str = "CREATE SCHEMA IF NOT EXISTS joinery;
CREATE TABLE IF NOT EXISTS joinery.schema_state (
    id INTEGER PRIMARY KEY DEFAULT 1 CHECK (id = 1),
    fingerprint TEXT NOT NULL,
    recorded_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
ALTER TABLE joinery.schema_state ADD COLUMN IF NOT EXISTS listing TEXT";

const USER_SCHEMAS: &str = "n.nspname NOT IN ('pg_catalog', 'information_schema', 'joinery') \
     AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'";

fn fingerprint_sql() -> String {
    format!(
        "SELECT md5(listing), listing FROM (
          SELECT coalesce(string_agg(line, E'\\n' ORDER BY line), '') AS listing FROM (
            SELECT format('schema %I', n.nspname) AS line FROM pg_namespace n WHERE {w}
          UNION ALL
            SELECT format('rel %I.%I %s', n.nspname, c.relname, c.relkind)
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE {w} AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
          UNION ALL
            SELECT format('col %I.%I.%I %s %s %s %s %s', n.nspname, c.relname, a.attname,
                          format_type(a.atttypid, a.atttypmod), a.attnotnull,
                          pg_get_expr(d.adbin, d.adrelid), a.attidentity, a.attgenerated)
            FROM pg_attribute a
            JOIN pg_class c ON c.oid = a.attrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
            WHERE {w} AND a.attnum > 0 AND NOT a.attisdropped
              AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
          UNION ALL
            SELECT format('con %I.%I %I %s', n.nspname, c.relname, con.conname,
                          pg_get_constraintdef(con.oid))
            FROM pg_constraint con
            JOIN pg_class c ON c.oid = con.conrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE {w}
          UNION ALL
            SELECT format('idx %s', pg_get_indexdef(i.indexrelid))
            FROM pg_index i
            JOIN pg_class c ON c.oid = i.indexrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE {w} AND i.indisvalid
          UNION ALL
            SELECT format('view %I.%I %s', n.nspname, c.relname, pg_get_viewdef(c.oid))
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE {w} AND c.relkind IN ('v', 'm')
          UNION ALL
            SELECT format('enum %I.%I %s', n.nspname, t.typname,
                          (SELECT string_agg(quote_literal(e.enumlabel), ',' ORDER BY e.enumsortorder)
                           FROM pg_enum e WHERE e.enumtypid = t.oid))
            FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
            WHERE {w} AND t.typtype = 'e'
        ) lines) listed",
        w = USER_SCHEMAS
    )
}

/// The schema as the fingerprint sees it: its md5 and the sorted catalog lines it is taken over.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Snapshot {
    /// md5 of `listing`.
    pub fingerprint: String,
    /// One line per schema, relation, column, constraint, index, view and enum.
    pub listing: String,
}

/// The live schema.
pub async fn snapshot(conn: &mut PgConnection) -> Result<Snapshot, sqlx::Error> {
    let (fingerprint, listing): (String, String) = sqlx::query_as(&fingerprint_sql())
        .persistent(false)
        .fetch_one(conn)
        .await?;
    Ok(Snapshot {
        fingerprint,
        listing,
    })
}

/// The live schema's fingerprint.
pub async fn live(conn: &mut PgConnection) -> Result<String, sqlx::Error> {
    Ok(snapshot(conn).await?.fingerprint)
}

/// What the last run left, if any run recorded it (the listing is absent when an older Joinery
/// recorded only the fingerprint).
pub async fn recorded_snapshot(
    conn: &mut PgConnection,
) -> Result<Option<(String, Option<String>)>, sqlx::Error> {
    conn.execute(STATE_DDL).await?;
    sqlx::query_as("SELECT fingerprint, listing FROM joinery.schema_state WHERE id = 1")
        .fetch_optional(conn)
        .await
}

/// The fingerprint the last run left, if any run recorded one.
pub async fn recorded(conn: &mut PgConnection) -> Result<Option<String>, sqlx::Error> {
    Ok(recorded_snapshot(conn).await?.map(|(f, _)| f))
}

/// Records the live schema as the one Joinery left.
pub async fn record(conn: &mut PgConnection) -> Result<(), sqlx::Error> {
    conn.execute(STATE_DDL).await?;
    let now = snapshot(conn).await?;
    sqlx::query(
        "INSERT INTO joinery.schema_state (id, fingerprint, listing, recorded_at) \
         VALUES (1, $1, $2, now()) ON CONFLICT (id) DO UPDATE SET \
         fingerprint = EXCLUDED.fingerprint, listing = EXCLUDED.listing, \
         recorded_at = EXCLUDED.recorded_at",
    )
    .bind(now.fingerprint)
    .bind(now.listing)
    .execute(conn)
    .await?;
    Ok(())
}

/// Records on history row `version` the fingerprint of the schema as that migration left it.
pub async fn record_for(conn: &mut PgConnection, version: i64) -> Result<(), sqlx::Error> {
    let now = live(conn).await?;
    sqlx::query("UPDATE joinery.schema_migrations SET fingerprint = $1 WHERE version = $2")
        .bind(now)
        .bind(version)
        .execute(conn)
        .await?;
    Ok(())
}

/// How many changed lines a drift report lists at most.
pub const MAX_CHANGES: usize = 200;

/// The catalog lines that differ: `+ line` for what the database has now and did not, `- line`
/// for what it had and lost (at most [`MAX_CHANGES`]).
pub fn changes(recorded: &str, live: &str) -> Vec<String> {
    use std::collections::BTreeSet;
    let before: BTreeSet<&str> = recorded.lines().collect();
    let after: BTreeSet<&str> = live.lines().collect();
    let removed = before.difference(&after).map(|l| format!("- {l}"));
    let added = after.difference(&before).map(|l| format!("+ {l}"));
    removed.chain(added).take(MAX_CHANGES).collect()
}

#[cfg(test)]
mod tests {
    use super::changes;

    #[test]
    fn changes_list_what_appeared_and_what_went() {
        let before = "col public.t.a integer\ncol public.t.b text\nrel public.t r";
        let after = "col public.t.a bigint\ncol public.t.b text\nrel public.t r";
        assert_eq!(
            changes(before, after),
            vec!["- col public.t.a integer", "+ col public.t.a bigint"]
        );
        assert!(changes(after, after).is_empty());
    }
}
