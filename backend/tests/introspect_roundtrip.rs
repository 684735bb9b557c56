//! Round trips through a real PostgreSQL: model → DDL → database → introspection.
//!
//! Two properties, for the demo schema and for generated schemas (proptest over seeds):
//!
//! 1. **Round trip**: `canonical(introspect(apply(render_schema(m))))` equals
//!    `canonical(rederive_ids(m))`, except for SQL expression texts, which PostgreSQL re-prints
//!    from its parse tree (see the `introspect` module docs). Expressions (checks, index keys and
//!    predicates, generation expressions, expression defaults) are compared after [`loosen`]:
//!    whitespace, parentheses and `::type` casts removed, lower-cased. View queries are excluded
//!    from this comparison (PostgreSQL qualifies columns and expands `*`), as are index names
//!    (a conventional index name is computed from the expression text, so it differs when
//!    PostgreSQL re-prints the expression; both sides are compared by effective name instead).
//!    [`loose`] also applies the equivalences PostgreSQL itself makes and `normalize` does not
//!    (yet): array dimensions are not kept (`integer[][]` is `integer[]`); `DESC NULLS FIRST` and
//!    `ASC NULLS LAST` are the default orderings; view column lists become `AS` aliases; numeric
//!    defaults are compared by value whether typed `Number` or kept as an expression (`1e-3` is
//!    printed `0.001`, `-1` on a smallint is printed `'-1'::integer`, a numeric literal on a
//!    custom type such as `money` stays an expression).
//! 2. **Fixed point**: reading back what was applied and applying *that* again changes nothing:
//!    `canonical(introspect(apply(DDL(s1)))) == canonical(s1)` with
//!    `s1 = introspect(apply(DDL(m)))`, compared exactly, expressions and views included.

use joinery_backend::introspect::{introspect, IntrospectOptions};
use joinery_backend::testing::TestDb;
use joinery_shared::ddl::render_schema;
use joinery_shared::import::rederive_ids;
use joinery_shared::model::Schema;
use joinery_shared::normalize::canonical;
use proptest::prelude::*;

mod roundtrip_support;
use roundtrip_support::{loose, loosen};

/// Applies the schema's DDL to a fresh database and reads it back.
async fn apply_and_introspect(m: &Schema) -> Schema {
    let db = TestDb::create().await;
    let pool = db.pool().await;
    let sql = render_schema(m);
    if let Err(e) = sqlx::raw_sql(&sql).execute(&pool).await {
        pool.close().await;
        db.drop_db().await;
        panic!("the rendered DDL does not apply: {e}\n{sql}");
    }
    let got = introspect(&pool, &IntrospectOptions::default()).await;
    pool.close().await;
    db.drop_db().await;
    got.expect("introspection succeeds").schema
}

/// Asserts both properties for `m`, with readable output on failure.
async fn assert_round_trip(m: &Schema) {
    let s1 = apply_and_introspect(m).await;
    let expected = loose(&canonical(&rederive_ids(m)));
    let got = loose(&canonical(&s1));
    if expected != got {
        panic!(
            "round trip differs\n--- expected (model)\n{}\n--- got (database)\n{}",
            serde_json::to_string_pretty(&expected).unwrap_or_default(),
            serde_json::to_string_pretty(&got).unwrap_or_default()
        );
    }
    let s2 = apply_and_introspect(&s1).await;
    let (c1, c2) = (canonical(&s1), canonical(&s2));
    if c1 != c2 {
        panic!(
            "second round trip is not a fixed point\n--- first\n{}\n--- second\n{}",
            serde_json::to_string_pretty(&c1).unwrap_or_default(),
            serde_json::to_string_pretty(&c2).unwrap_or_default()
        );
    }
}

#[test]
fn loosen_ignores_parentheses_casts_and_spacing() {
    assert_eq!(loosen("(price > (0)::numeric)"), loosen("price > 0"));
    assert_eq!(loosen("lower((email)::text)"), loosen("lower(email)"));
    assert_eq!(
        loosen("'x'::character varying"),
        loosen("'x'::character  varying")
    );
    assert_ne!(loosen("a > 1"), loosen("a > 2"));
}

#[tokio::test]
async fn demo_schema_round_trips() {
    let m = joinery_shared::demo::demo_document().schema;
    assert!(!m.tables.is_empty(), "the demo document loads");
    assert_round_trip(&m).await;
}

#[tokio::test]
async fn every_feature_schema_round_trips() {
    let m = joinery_shared::demo::every_feature_document().schema;
    assert_round_trip(&m).await;
}

#[tokio::test]
async fn a_mid_sized_generated_schema_round_trips() {
    let m = joinery_shared::generate::realistic_schema(42, 40, 12).schema;
    assert_round_trip(&m).await;
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(50))]

    #[test]
    fn generated_schemas_round_trip(seed in any::<u64>(), tables in 1usize..6, columns in 3usize..9) {
        let m = joinery_shared::generate::realistic_schema(seed, tables, columns).schema;
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a tokio runtime");
        runtime.block_on(assert_round_trip(&m));
    }
}

/// The importer and introspection agree: the demo's DDL imported as SQL and the same DDL applied
/// and read back give the same canonical schema (ids included; expressions loosened as above).
#[tokio::test]
async fn importing_the_ddl_and_introspecting_it_agree() {
    for m in [
        joinery_shared::demo::demo_document().schema,
        joinery_shared::generate::realistic_schema(11, 12, 10).schema,
        joinery_shared::demo::every_feature_document().schema,
    ] {
        let sql = render_schema(&m);
        let imported = joinery_shared::import::import_sql(&sql);
        assert!(imported.errors.is_empty(), "{:?}", imported.errors);
        let from_sql = loose(&canonical(&imported.document.schema));
        let from_db = loose(&canonical(&apply_and_introspect(&m).await));
        if from_sql != from_db {
            panic!(
                "import and introspection differ\n--- imported\n{}\n--- introspected\n{}",
                serde_json::to_string_pretty(&from_sql).unwrap_or_default(),
                serde_json::to_string_pretty(&from_db).unwrap_or_default()
            );
        }
    }
}
