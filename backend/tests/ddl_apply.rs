//! The DDL renderer's output applies to a real, empty PostgreSQL database, and the database ends
//! up holding exactly the constraint and index names the model computes (long conventional names
//! shortened, distinct).

use std::collections::{BTreeSet, HashSet};

use joinery_backend::testing::TestDb;
use joinery_shared::ddl::{render_schema, render_selection};
use joinery_shared::demo::{demo_document, every_feature_document, LONG_TABLE_NAME};
use joinery_shared::generate::realistic_schema;
use joinery_shared::model::{Id, Schema};
use joinery_shared::naming::{
    effective_fk_name, effective_index_name, effective_pk_name, effective_unique_name,
    MAX_IDENTIFIER_BYTES,
};
use joinery_shared::validate::validate;
use sqlx::PgPool;

/// Applies the schema's DDL to a fresh database and returns the pool (caller drops the db).
async fn apply(db: &TestDb, schema: &Schema) -> PgPool {
    let problems = validate(schema);
    assert!(problems.is_empty(), "schema has problems: {problems:#?}");
    let sql = render_schema(schema);
    let pool = db.pool().await;
    if let Err(e) = sqlx::raw_sql(&sql).execute(&pool).await {
        panic!("applying the rendered DDL failed: {e}\n--- SQL ---\n{sql}");
    }
    pool
}

/// (schema, table, constraint name) of every PK/unique/FK/check constraint in the database.
async fn db_constraints(pool: &PgPool) -> BTreeSet<(String, String, String)> {
    let rows: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT n.nspname::text, c.relname::text, con.conname::text
         FROM pg_constraint con
         JOIN pg_class c ON c.oid = con.conrelid
         JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE con.contype IN ('p', 'u', 'f', 'c')
           AND n.nspname NOT IN ('pg_catalog', 'information_schema')",
    )
    .fetch_all(pool)
    .await
    .expect("query pg_constraint");
    rows.into_iter().collect()
}

/// (schema, table, index name) of every index in the database.
async fn db_indexes(pool: &PgPool) -> BTreeSet<(String, String, String)> {
    let rows: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT schemaname::text, tablename::text, indexname::text FROM pg_indexes
         WHERE schemaname NOT IN ('pg_catalog', 'information_schema')",
    )
    .fetch_all(pool)
    .await
    .expect("query pg_indexes");
    rows.into_iter().collect()
}

fn model_constraints(schema: &Schema) -> BTreeSet<(String, String, String)> {
    let mut out = BTreeSet::new();
    for t in &schema.tables {
        let mut add = |name: String| {
            out.insert((t.schema.clone(), t.name.clone(), name));
        };
        if let Some(pk) = &t.primary_key {
            add(effective_pk_name(t, pk));
        }
        for u in &t.uniques {
            add(effective_unique_name(t, u));
        }
        for fk in &t.foreign_keys {
            add(effective_fk_name(schema, t, fk));
        }
        for c in &t.checks {
            add(c.name.clone());
        }
    }
    out
}

fn model_indexes(schema: &Schema) -> BTreeSet<(String, String, String)> {
    let mut out = BTreeSet::new();
    for t in &schema.tables {
        let mut add = |name: String| {
            out.insert((t.schema.clone(), t.name.clone(), name));
        };
        if let Some(pk) = &t.primary_key {
            add(effective_pk_name(t, pk));
        }
        for u in &t.uniques {
            add(effective_unique_name(t, u));
        }
        for ix in &t.indexes {
            add(effective_index_name(t, ix));
        }
    }
    for v in &schema.views {
        for ix in &v.indexes {
            out.insert((
                v.schema.clone(),
                v.name.clone(),
                joinery_shared::naming::effective_view_index_name(v, ix),
            ));
        }
    }
    out
}

/// The database holds exactly the names the model computes.
async fn assert_names_match(pool: &PgPool, schema: &Schema) {
    assert_eq!(db_constraints(pool).await, model_constraints(schema));
    assert_eq!(db_indexes(pool).await, model_indexes(schema));
}

#[tokio::test]
async fn demo_schema_applies() {
    let db = TestDb::create().await;
    let doc = demo_document();
    let pool = apply(&db, &doc.schema).await;
    assert_names_match(&pool, &doc.schema).await;
    let (views,): (i64,) =
        sqlx::query_as("SELECT count(*) FROM pg_views WHERE viewname = 'trust_scores'")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(views, 1);
    pool.close().await;
    db.drop_db().await;
}

#[tokio::test]
async fn every_feature_schema_applies_with_shortened_unique_names() {
    let db = TestDb::create().await;
    let doc = every_feature_document();
    let pool = apply(&db, &doc.schema).await;
    assert_names_match(&pool, &doc.schema).await;

    // Every name on the 63-byte table was shortened to fit, and they stayed distinct.
    let long = doc
        .schema
        .tables
        .iter()
        .find(|t| t.name == LONG_TABLE_NAME)
        .expect("long table");
    let mut names: Vec<String> = Vec::new();
    names.push(effective_pk_name(long, long.primary_key.as_ref().unwrap()));
    names.extend(long.uniques.iter().map(|u| effective_unique_name(long, u)));
    names.extend(
        long.foreign_keys
            .iter()
            .map(|f| effective_fk_name(&doc.schema, long, f)),
    );
    names.extend(long.indexes.iter().map(|i| effective_index_name(long, i)));
    assert_eq!(names.len(), 7);
    let distinct: HashSet<&String> = names.iter().collect();
    assert_eq!(distinct.len(), names.len(), "{names:?}");
    for n in &names {
        assert_eq!(
            n.len(),
            MAX_IDENTIFIER_BYTES,
            "{n} should be shortened to the limit"
        );
        assert!(!n.ends_with("_pkey") && !n.ends_with("_fk"), "{n}");
    }
    let in_db: BTreeSet<String> = db_constraints(&pool)
        .await
        .into_iter()
        .chain(db_indexes(&pool).await)
        .filter(|(_, t, _)| t == LONG_TABLE_NAME)
        .map(|(_, _, n)| n)
        .collect();
    let expected: BTreeSet<String> = names.into_iter().collect();
    assert_eq!(in_db, expected);

    // Features that only the catalog can confirm.
    let (nnd,): (bool,) = sqlx::query_as(
        "SELECT indnullsnotdistinct FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
         WHERE c.relname = 'every_type_code_per_country'",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert!(nnd);
    let (deferrable, deferred): (bool, bool) = sqlx::query_as(
        "SELECT condeferrable, condeferred FROM pg_constraint WHERE conname = 'customers_primary_invoice_fk'",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert!(deferrable && deferred);
    let (identity, generated): (String, String) = sqlx::query_as(
        "SELECT (SELECT attidentity::text FROM pg_attribute WHERE attrelid = 'every_type'::regclass AND attname = 'id'),
                (SELECT attgenerated::text FROM pg_attribute WHERE attrelid = 'every_type'::regclass AND attname = 'total_cents')",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!((identity.as_str(), generated.as_str()), ("a", "s"));
    let (note,): (Option<String>,) =
        sqlx::query_as("SELECT pg_get_expr(d.adbin, d.adrelid) FROM pg_attrdef d JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum WHERE d.adrelid = 'every_type'::regclass AND a.attname = 'note'")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(note.as_deref(), Some("'it''s \\ fine'::text"));
    let (matviews,): (i64,) = sqlx::query_as(
        "SELECT count(*) FROM pg_matviews WHERE schemaname = 'billing' AND matviewname = 'invoice_totals'",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(matviews, 1);
    pool.close().await;
    db.drop_db().await;
}

#[tokio::test]
async fn generated_schemas_apply() {
    for (seed, tables, columns) in [(1, 12, 8), (2, 40, 12), (3, 25, 20), (4, 150, 14)] {
        let db = TestDb::create().await;
        let doc = realistic_schema(seed, tables, columns);
        let pool = apply(&db, &doc.schema).await;
        assert_names_match(&pool, &doc.schema).await;
        let (count,): (i64,) =
            sqlx::query_as("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
                .fetch_one(&pool)
                .await
                .unwrap();
        assert_eq!(count as usize, tables, "seed {seed}");
        // Every name fits, and long conventional ones were shortened (the larger schemas have
        // junction tables whose foreign key names exceed 63 bytes).
        let names: Vec<String> = model_constraints(&doc.schema)
            .into_iter()
            .chain(model_indexes(&doc.schema))
            .map(|(_, _, n)| n)
            .collect();
        assert!(names.iter().all(|n| n.len() <= MAX_IDENTIFIER_BYTES));
        if tables >= 150 {
            assert!(
                names.iter().any(|n| n.len() == MAX_IDENTIFIER_BYTES),
                "seed {seed}: expected some shortened names"
            );
        }
        pool.close().await;
        db.drop_db().await;
    }
}

/// schema, table, column, format_type, attnotnull, attidentity, attgenerated, default expression.
type CatalogColumn = (
    String,
    String,
    String,
    String,
    bool,
    String,
    String,
    Option<String>,
);

/// Reads every column back from the catalog the way introspection does (type from `format_type`,
/// default from `pg_get_expr`) and checks that `normalize` turns it back into the model's column.
async fn assert_catalog_normalizes_to_model(pool: &PgPool, model: &Schema) {
    use joinery_shared::model::{Column, ColumnType, DefaultValue, Identity};
    use joinery_shared::normalize::normalize;

    let rows: Vec<CatalogColumn> = sqlx::query_as(
        "SELECT n.nspname::text, c.relname::text, a.attname::text,
                    format_type(a.atttypid, a.atttypmod), a.attnotnull,
                    a.attidentity::text, a.attgenerated::text,
                    pg_get_expr(d.adbin, d.adrelid)
             FROM pg_attribute a
             JOIN pg_class c ON c.oid = a.attrelid AND c.relkind = 'r'
             JOIN pg_namespace n ON n.oid = c.relnamespace
             LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
             WHERE a.attnum > 0 AND NOT a.attisdropped
               AND n.nspname NOT IN ('pg_catalog', 'information_schema')
             ORDER BY n.nspname, c.relname, a.attnum",
    )
    .fetch_all(pool)
    .await
    .expect("query columns");
    let mut read = model.clone();
    for t in &mut read.tables {
        t.columns.clear();
    }
    for (schema, table, name, ty, not_null, identity, generated, expr) in rows {
        let t = read
            .tables
            .iter_mut()
            .find(|t| t.schema == schema && t.name == table)
            .unwrap_or_else(|| panic!("unexpected table {schema}.{table}"));
        let model_col = model
            .tables
            .iter()
            .find(|m| m.id == t.id)
            .and_then(|m| m.column_named(&name))
            .unwrap_or_else(|| panic!("unexpected column {table}.{name}"));
        let is_generated = generated == "s";
        t.columns.push(Column {
            collation: None,
            id: model_col.id.clone(),
            name,
            ty: ColumnType::Custom { name: ty },
            not_null,
            default: if is_generated {
                None
            } else {
                expr.clone().map(DefaultValue::Expression)
            },
            identity: match identity.as_str() {
                "a" => Some(Identity::Always),
                "d" => Some(Identity::ByDefault),
                _ => None,
            },
            // Not read here (introspection reads them from pg_sequence).
            identity_options: model_col.identity_options.clone(),
            generated: if is_generated { expr } else { None },
            comment: model_col.comment.clone(),
        });
    }
    normalize(&mut read);
    let mut expected = model.clone();
    normalize(&mut expected);
    let mut mismatches = Vec::new();
    for (rt, et) in read.tables.iter().zip(&expected.tables) {
        assert_eq!(rt.columns.len(), et.columns.len(), "{}", et.name);
        for (rc, ec) in rt.columns.iter().zip(&et.columns) {
            // PostgreSQL may print a generation expression differently; compare the rest.
            let mut rc = rc.clone();
            rc.generated = ec.generated.clone().filter(|_| rc.generated.is_some());
            if &rc != ec {
                mismatches.push(format!(
                    "{}.{}:\n  read  {rc:?}\n  model {ec:?}",
                    et.name, ec.name
                ));
            }
        }
    }
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
}

#[tokio::test]
async fn catalog_columns_normalize_back_to_the_model() {
    for doc in [
        demo_document(),
        every_feature_document(),
        realistic_schema(5, 30, 16),
    ] {
        let db = TestDb::create().await;
        let pool = apply(&db, &doc.schema).await;
        assert_catalog_normalizes_to_model(&pool, &doc.schema).await;
        pool.close().await;
        db.drop_db().await;
    }
}

#[tokio::test]
async fn selection_applies_on_its_own() {
    let doc = demo_document();
    let pick: Vec<Id> = ["tb_wealth_requests", "tb_wealth", "tb_app_users"]
        .iter()
        .map(|s| Id::new(*s))
        .collect();
    let sql = render_selection(&doc.schema, &pick);
    let db = TestDb::create().await;
    let pool = db.pool().await;
    if let Err(e) = sqlx::raw_sql(&sql).execute(&pool).await {
        panic!("applying the selection failed: {e}\n{sql}");
    }
    let (tables, fks): (i64, i64) = sqlx::query_as(
        "SELECT (SELECT count(*) FROM pg_tables WHERE schemaname = 'public'),
                (SELECT count(*) FROM pg_constraint WHERE contype = 'f')",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    // wealth -> communities is left out; the three foreign keys among the selection are in.
    assert_eq!((tables, fks), (3, 3));
    pool.close().await;
    db.drop_db().await;
}
