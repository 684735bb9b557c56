//! Drift: matching a database's objects to the design's ids, a design applied to a real database
//! reading back without drift (views compared as PostgreSQL prints them), and drift after a
//! change by hand.

use joinery_backend::apply::drift::{adopt_ids, compare, reconcile_views};
use joinery_backend::apply::files::split_statements;
use joinery_backend::apply::{apply, checksum, ApplyOptions, Migration};
use joinery_backend::introspect::{introspect, IntrospectOptions};
use joinery_backend::testing::TestDb;
use joinery_shared::model::{ColumnType, Document, Id};
use sqlx::PgPool;

#[tokio::test]
async fn a_design_applied_to_a_database_has_no_drift_until_changed_by_hand() {
    let design = joinery_shared::demo::demo_document();
    let sql = joinery_shared::ddl::render_schema(&design.schema);
    let db = TestDb::create().await;
    let pool = db.pool().await;
    let migration = Migration {
        version: 1,
        name: "0001_demo".into(),
        checksum: checksum(&sql),
        statements: split_statements(&sql).unwrap(),
    };
    apply(&db.url, &[migration], ApplyOptions::default(), &|_| {})
        .await
        .unwrap();
    let read = |pool: PgPool| async move {
        let mut actual = introspect(&pool, &IntrospectOptions::default())
            .await
            .unwrap();
        let mut conn = pool.acquire().await.unwrap();
        reconcile_views(
            &mut conn,
            &joinery_shared::demo::demo_document().schema,
            &mut actual.schema,
        )
        .await;
        actual
    };
    let actual = read(pool.clone()).await;
    // The history schema is not part of the design.
    assert!(actual.schema.tables.iter().all(|t| t.schema != "joinery"));
    let drift = compare(&design, &actual, false).unwrap();
    assert!(
        drift.in_sync,
        "{}\n{}",
        drift.to_database.sql, drift.to_design.sql
    );

    // A view redefined by hand is drift (its text is not taken from the design).
    sqlx::raw_sql(
        "CREATE OR REPLACE VIEW trust_scores AS SELECT community_id, to_user_id AS user_id, \
         (count(*) * 2)::integer AS trust_score FROM trust_awards GROUP BY community_id, to_user_id",
    )
    .execute(&pool)
    .await
    .unwrap();
    let actual = read(pool.clone()).await;
    let drift = compare(&design, &actual, false).unwrap();
    assert!(!drift.in_sync);
    assert!(
        drift.to_database.sql.contains("trust_scores"),
        "{}",
        drift.to_database.sql
    );
    assert!(
        drift.to_design.sql.contains("* 2"),
        "{}",
        drift.to_design.sql
    );
    pool.close().await;
    db.drop_db().await;
}

#[tokio::test]
async fn the_view_probe_runs_one_statement_and_rolls_back() {
    let db = TestDb::create().await;
    let pool = db.pool().await;
    sqlx::raw_sql("CREATE TABLE t (x int); CREATE VIEW v AS SELECT x FROM t;")
        .execute(&pool)
        .await
        .unwrap();
    let mut design = joinery_shared::model::Schema::default();
    design.views.push(joinery_shared::model::View {
        id: Id::new("vw_v"),
        schema: "public".into(),
        name: "v".into(),
        columns: Vec::new(),
        query: "SELECT x FROM t; COMMIT; DROP TABLE t".into(),
        materialized: false,
        comment: None,
        check_option: None,
        indexes: Vec::new(),
    });
    let mut actual = introspect(&pool, &IntrospectOptions::default())
        .await
        .unwrap();
    let before = actual.schema.views[0].query.clone();
    let mut conn = pool.acquire().await.unwrap();
    reconcile_views(&mut conn, &design, &mut actual.schema).await;
    drop(conn);
    assert_eq!(actual.schema.views[0].query, before, "not reconciled");
    let still_there: Option<String> = sqlx::query_scalar("SELECT to_regclass('t')::text")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(still_there.as_deref(), Some("t"));
    let probe: Option<String> =
        sqlx::query_scalar("SELECT to_regclass('pg_temp.joinery_drift_probe')::text")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(probe, None);
    pool.close().await;
    db.drop_db().await;
}

#[test]
fn adopt_ids_matches_by_name_and_rewrites_references() {
    let design = joinery_shared::demo::demo_document();
    // The same schema as read from a database: every id derived from names.
    let mut actual: Document = design.clone();
    let mut renames = Vec::new();
    for (i, t) in actual.schema.tables.iter_mut().enumerate() {
        let new = Id::new(format!("tb_db_{i}"));
        renames.push((t.id.clone(), new.clone()));
        t.id = new;
        for (j, c) in t.columns.iter_mut().enumerate() {
            let new = Id::new(format!("co_db_{i}_{j}"));
            renames.push((c.id.clone(), new.clone()));
            c.id = new;
        }
    }
    for (i, e) in actual.schema.enums.iter_mut().enumerate() {
        let new = Id::new(format!("en_db_{i}"));
        renames.push((e.id.clone(), new.clone()));
        e.id = new;
    }
    // Rewrite references the way a reader would have produced them.
    let rename = |id: &mut Id| {
        if let Some((_, new)) = renames.iter().find(|(old, _)| old == id) {
            *id = new.clone();
        }
    };
    for t in &mut actual.schema.tables {
        for c in &mut t.columns {
            if let ColumnType::Enum { id } = &mut c.ty {
                rename(id);
            }
        }
        if let Some(pk) = &mut t.primary_key {
            pk.columns.iter_mut().for_each(rename);
        }
        for fk in &mut t.foreign_keys {
            fk.columns.iter_mut().for_each(rename);
            rename(&mut fk.ref_table);
            fk.ref_columns.iter_mut().for_each(rename);
        }
        for u in &mut t.uniques {
            u.columns.iter_mut().for_each(rename);
        }
        for ix in &mut t.indexes {
            for p in &mut ix.parts {
                if let joinery_shared::model::IndexKey::Column(id) = &mut p.key {
                    rename(id);
                }
            }
            ix.include.iter_mut().for_each(rename);
        }
    }
    assert_ne!(actual.schema, design.schema);
    adopt_ids(&design.schema, &mut actual.schema);
    assert_eq!(actual.schema, design.schema);
}
