//! Drift building blocks: matching a database's objects to the design's ids, and a design applied
//! to a real database reading back as the same schema.

use joinery_backend::apply::drift::adopt_ids;
use joinery_backend::apply::files::split_statements;
use joinery_backend::apply::{apply, checksum, ApplyOptions, Migration};
use joinery_backend::introspect::{introspect, IntrospectOptions};
use joinery_backend::testing::TestDb;
use joinery_shared::model::{ColumnType, Document, Id};
use joinery_shared::normalize::{canonical, normalize};

#[tokio::test]
async fn a_design_applied_to_a_database_reads_back_as_the_design() {
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
    let actual = introspect(&pool, &IntrospectOptions::default())
        .await
        .unwrap();
    // The history schema is not part of the design.
    assert!(actual.schema.tables.iter().all(|t| t.schema != "joinery"));
    let mut expected = design.schema.clone();
    normalize(&mut expected);
    let mut adopted = actual.schema.clone();
    adopt_ids(&expected, &mut adopted);
    // PostgreSQL re-prints check expressions and view queries (see the introspect module docs),
    // so those are compared by presence here; everything else must be identical.
    let (mut adopted, mut expected) = (canonical(&adopted), canonical(&expected));
    for schema in [&mut adopted, &mut expected] {
        for t in &mut schema.tables {
            for c in &mut t.checks {
                c.expression.clear();
            }
        }
        for v in &mut schema.views {
            v.query.clear();
        }
    }
    assert_eq!(adopted.enums, expected.enums);
    assert_eq!(adopted.views, expected.views);
    assert_eq!(adopted.tables.len(), expected.tables.len());
    for (a, e) in adopted.tables.iter().zip(&expected.tables) {
        assert_eq!(
            serde_json::to_value(a).unwrap(),
            serde_json::to_value(e).unwrap(),
            "table {}",
            e.name
        );
    }
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
