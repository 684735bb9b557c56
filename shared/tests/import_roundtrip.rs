//! Rendering a model to DDL and importing it gives the model back.
//!
//! "Back" means equal after two normalisations, both applied to both sides:
//! 1. ids: the designer's random ids are re-derived from names with `import::rederive_ids`
//!    (tables, columns, enums and labels by qualified name; keys, constraints and indexes by their
//!    effective name, i.e. the explicit one or the conventional one the renderer writes);
//! 2. `normalize::canonical`: conventional names become `None`, PK columns are NOT NULL, defaults
//!    are typed, serial patterns are recovered, texts are trimmed, and unordered lists are sorted.
//!
//! Nothing else is forgiven: column order, types, defaults, expressions as text, comments, view
//! queries and the layout-free schema must match exactly.

use joinery_shared::ddl::render_schema;
use joinery_shared::demo::{demo_document, every_feature_document};
use joinery_shared::generate::realistic_schema;
use joinery_shared::import::{import_sql, rederive_ids};
use joinery_shared::model::Schema;
use joinery_shared::normalize::canonical;
use proptest::prelude::*;

/// Imports the rendered DDL of `model` and compares canonical forms, with the designer's random
/// ids re-derived from names so that they can match the importer's.
fn assert_round_trip(model: &Schema) {
    let sql = render_schema(model);
    let r = import_sql(&sql);
    assert!(r.errors.is_empty(), "errors: {:#?}\n{sql}", r.errors);
    assert!(r.warnings.is_empty(), "warnings: {:#?}\n{sql}", r.warnings);
    let expected = canonical(&rederive_ids(model));
    let got = canonical(&r.document.schema);
    if expected != got {
        let e = serde_json::to_string_pretty(&expected).unwrap_or_default();
        let g = serde_json::to_string_pretty(&got).unwrap_or_default();
        let diff: Vec<String> = e
            .lines()
            .zip(g.lines())
            .enumerate()
            .filter(|(_, (a, b))| a != b)
            .take(20)
            .map(|(i, (a, b))| format!("line {i}:\n  expected {a}\n  imported {b}"))
            .collect();
        panic!("round trip differs:\n{}\nSQL:\n{sql}", diff.join("\n"));
    }
}

#[test]
fn demo_document_round_trips() {
    assert_round_trip(&demo_document().schema);
}

#[test]
fn every_feature_document_round_trips() {
    assert_round_trip(&every_feature_document().schema);
}

#[test]
fn rederive_ids_is_what_the_importer_derives() {
    // Importing twice gives the same ids, and re-deriving an imported schema changes nothing.
    let sql = render_schema(&demo_document().schema);
    let a = import_sql(&sql).document.schema;
    assert_eq!(a, import_sql(&sql).document.schema);
    assert_eq!(canonical(&rederive_ids(&a)), canonical(&a));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn generated_schemas_round_trip(seed in any::<u64>(), tables in 1usize..25, cols in 3usize..14) {
        assert_round_trip(&realistic_schema(seed, tables, cols).schema);
    }
}
