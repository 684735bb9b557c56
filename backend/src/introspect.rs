//! Reads a live PostgreSQL database into the schema model.
//!
//! [`introspect`] runs a fixed number of catalog queries (namespaces, enums, tables, columns,
//! constraints, indexes, views, sequences, and a count of what the model cannot hold: nine,
//! whatever the number of tables) inside one read-only, repeatable-read transaction, so the
//! result is one consistent snapshot and a database with a thousand tables costs the same nine
//! round trips as one with ten. Objects get ids only from the
//! `Id::for_*` conventions, so a schema read from SQL and the same schema read from PostgreSQL
//! agree on ids; the result then goes through `joinery_shared::normalize::normalize`.
//!
//! What is read: every schema except `pg_catalog`, `information_schema`, `pg_toast*`, `pg_temp*`
//! and `joinery` (Joinery's own migration history), or exactly the schemas asked for. Objects that
//! belong to an extension are skipped. Partitions and inheritance children are read as plain
//! tables (with a warning; `PARTITION BY`/`FOR VALUES` are not modelled). Exclusion constraints,
//! constraint triggers, indexes with an access method the model lacks and indexes on materialized
//! views are skipped with a warning, as are `MATCH FULL` and column-limited `SET NULL (...)` on
//! foreign keys (the key itself is kept). Functions, procedures, aggregates, triggers, row
//! security policies, domains, composite and range types and foreign tables are not read
//! (sequences are, except identity columns' own; a serial column's is recognised as the serial's); one warning per kind counts them and names a few. A column of a
//! domain type (or an array of one) is read as the domain's base type, as the importer reads it.
//!
//! The session's `search_path` is pinned to `pg_catalog, public` while reading, so every name
//! PostgreSQL prints (types from `format_type`, names inside defaults, checks and view queries) is
//! qualified exactly when it lives outside `public`, independent of the caller's settings.
//!
//! # What PostgreSQL normalises (so the model read back differs from the model written)
//!
//! PostgreSQL stores parsed expressions, not text, and prints them back its own way. The model
//! keeps what PostgreSQL prints, so rendering it again and re-reading is a fixed point, but the
//! text differs from what was first written:
//!
//! - **Types** come back in canonical spelling: `int4`/`int` → `integer`, `varchar(100)` →
//!   `character varying(100)`, `timestamptz(3)` → `timestamp(3) with time zone`, `decimal` →
//!   `numeric`, `bool` → `boolean`. Some are completed: `numeric(10)` → `numeric(10,0)`, `char`
//!   → `character(1)`. Array dimensions are not kept: `text[][]` reads as `text[]`.
//! - **Serial columns** are `NOT NULL` whether or not the DDL said so.
//! - **Check constraints** are re-printed from the parse tree with explicit casts and
//!   parentheses: `price > 0` on a numeric column → `price > (0)::numeric`; `status IN ('a','b')`
//!   → `status = ANY (ARRAY['a'::text, 'b'::text])`. The one pair of parentheses PostgreSQL wraps
//!   around the whole expression is removed (it is implied by `CHECK (...)`).
//! - **Index predicates and expressions** likewise: `WHERE deleted_at IS NULL` → `deleted_at IS
//!   NULL` (outer parentheses removed); an expression on a varchar column may gain a cast
//!   (`lower(email)` → `lower((email)::text)`); a non-function expression key keeps its inner
//!   parentheses (`(a + b)`).
//! - **Generated columns**: `price * qty` → `price * (qty)::numeric` (outer parentheses removed).
//! - **Defaults**: literals get casts (`'x'` on varchar → `'x'::character varying`, `-1` on an
//!   integer → `'-1'::integer`, `'{}'` on jsonb → `'{}'::jsonb`); normalisation types them back.
//!   A negative literal on a `smallint`/`bigint` column keeps the *integer* cast (`-1` →
//!   `'-1'::integer`, the implicit coercion is not printed), numeric literals are re-printed
//!   (`1e-3` → `0.001`), and a numeric literal on a custom type such as `money` has no model
//!   type to be a `Number` of, so it stays an expression.
//!   `serial` columns read as `integer` with `DEFAULT nextval('<table>_<col>_seq'::regclass)`,
//!   which normalisation turns back into `Serial`.
//! - **Views** come back as `pg_get_viewdef` prints them: columns qualified with their table,
//!   re-indented, `*` expanded to the column list, explicit view column names folded into `AS`
//!   aliases (so `View::columns` is always empty). The trailing `;` is removed.
//! - **Index ordering**: `ASC NULLS LAST` and `DESC NULLS FIRST` are the defaults and read as no
//!   `nulls` setting; only the non-default combinations are kept. An operator class is kept only
//!   when it is not the default one for the column's type (`jsonb_path_ops` yes, `jsonb_ops` no).
//! - **Names**: unnamed constraints and indexes get PostgreSQL's generated names
//!   (`t_price_check`, `t_lower_idx`, `t_pkey`); names longer than 63 bytes are truncated.
//! - **The `public` schema** is not listed as a namespace unless it has a comment of its own.

mod map;
mod queries;

use joinery_shared::model::Document;
use sqlx::postgres::PgPool;

pub use map::strip_outer_parens;

/// Which schemas to read.
#[derive(Clone, Debug, Default)]
pub struct IntrospectOptions {
    /// Exactly these schemas; `None` reads every non-system schema.
    pub schemas: Option<Vec<String>>,
}

/// Why introspection failed.
#[derive(Debug, thiserror::Error)]
pub enum IntrospectError {
    /// A catalog query (or the transaction around them) failed.
    #[error("cannot read the PostgreSQL catalog ({step}): {source}")]
    Query {
        /// Which query failed.
        step: &'static str,
        /// The driver's error.
        #[source]
        source: sqlx::Error,
    },
}

/// A schema read from PostgreSQL, with notes on what the model could not express.
#[derive(Clone, Debug)]
pub struct Introspected {
    /// The document (empty layout).
    pub document: Document,
    /// One line per skipped or simplified object.
    pub warnings: Vec<String>,
}

/// Reads the database behind `pool` into a normalised document.
pub async fn introspect(
    pool: &PgPool,
    options: &IntrospectOptions,
) -> Result<Document, IntrospectError> {
    Ok(introspect_with_warnings(pool, options).await?.document)
}

/// Like [`introspect`], also returning what could not be represented.
pub async fn introspect_with_warnings(
    pool: &PgPool,
    options: &IntrospectOptions,
) -> Result<Introspected, IntrospectError> {
    let rows = read_catalog(pool, options).await?;
    let (mut schema, warnings) = map::map_rows(rows);
    joinery_shared::normalize::normalize(&mut schema);
    Ok(Introspected {
        document: Document::new(schema),
        warnings,
    })
}

fn step(step: &'static str) -> impl FnOnce(sqlx::Error) -> IntrospectError {
    move |source| IntrospectError::Query { step, source }
}

async fn read_catalog(
    pool: &PgPool,
    options: &IntrospectOptions,
) -> Result<queries::CatalogRows, IntrospectError> {
    let schemas = options.schemas.clone();
    let mut tx = pool.begin().await.map_err(step("begin"))?;
    sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        .execute(&mut *tx)
        .await
        .map_err(step("set transaction"))?;
    sqlx::query("SET LOCAL search_path = pg_catalog, public")
        .execute(&mut *tx)
        .await
        .map_err(step("set search_path"))?;
    let rows = queries::CatalogRows {
        namespaces: fetch(&mut tx, "namespaces", queries::NAMESPACES, &schemas).await?,
        enums: fetch(&mut tx, "enums", queries::ENUMS, &schemas).await?,
        tables: fetch(&mut tx, "tables", queries::TABLES, &schemas).await?,
        columns: fetch(&mut tx, "columns", queries::COLUMNS, &schemas).await?,
        constraints: fetch(&mut tx, "constraints", queries::CONSTRAINTS, &schemas).await?,
        indexes: fetch(&mut tx, "indexes", queries::INDEXES, &schemas).await?,
        views: fetch(&mut tx, "views", queries::VIEWS, &schemas).await?,
        sequences: fetch(&mut tx, "sequences", queries::SEQUENCES, &schemas).await?,
        policies: fetch(&mut tx, "policies", queries::POLICIES, &schemas).await?,
        functions: fetch(&mut tx, "functions", queries::FUNCTIONS, &schemas).await?,
        domains: fetch(&mut tx, "domains", queries::DOMAINS, &schemas).await?,
        extensions: fetch(&mut tx, "extensions", queries::EXTENSIONS, &schemas).await?,
        composites: fetch(&mut tx, "composites", queries::COMPOSITES, &schemas).await?,
        triggers: fetch(&mut tx, "triggers", queries::TRIGGERS, &schemas).await?,
        unmodelled: fetch(&mut tx, "unmodelled", queries::UNMODELLED, &schemas).await?,
        default_privileges: fetch(
            &mut tx,
            "default privileges",
            queries::DEFAULT_PRIVILEGES,
            &schemas,
        )
        .await?,
    };
    tx.rollback().await.map_err(step("rollback"))?;
    Ok(rows)
}

/// Runs one catalog query, logging its duration and row count at debug level.
async fn fetch<T>(
    tx: &mut sqlx::PgConnection,
    name: &'static str,
    sql: &'static str,
    schemas: &Option<Vec<String>>,
) -> Result<Vec<T>, IntrospectError>
where
    T: for<'r> sqlx::FromRow<'r, sqlx::postgres::PgRow> + Send + Unpin,
{
    let started = std::time::Instant::now();
    let rows = sqlx::query_as(sql)
        .bind(schemas)
        .fetch_all(&mut *tx)
        .await
        .map_err(step(name))?;
    tracing::debug!(query = name, rows = rows.len(), elapsed = ?started.elapsed(), "introspection query");
    Ok(rows)
}
