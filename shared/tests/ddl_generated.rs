//! The generator's output is valid, renders, and survives JSON round trips.

use joinery_shared::ddl::render_schema;
use joinery_shared::generate::realistic_schema;
use joinery_shared::model::Document;
use joinery_shared::validate::validate;

#[test]
fn generated_schemas_have_no_problems() {
    for seed in 0..40 {
        for (tables, cols) in [(1, 3), (5, 8), (30, 12), (80, 20)] {
            let doc = realistic_schema(seed, tables, cols);
            let problems = validate(&doc.schema);
            assert!(
                problems.is_empty(),
                "seed {seed} ({tables}x{cols}): {}",
                problems
                    .iter()
                    .map(|p| p.to_string())
                    .collect::<Vec<_>>()
                    .join("\n")
            );
            assert_eq!(doc.schema.tables.len(), tables);
        }
    }
}

#[test]
fn generated_schema_json_round_trip() {
    let doc = realistic_schema(3, 60, 15);
    let text = serde_json::to_string(&doc).unwrap();
    let back: Document = serde_json::from_str(&text).unwrap();
    assert_eq!(back, doc);
}

#[test]
fn generated_schema_has_the_promised_features() {
    let doc = realistic_schema(11, 120, 16);
    let s = &doc.schema;
    assert!(!s.enums.is_empty());
    assert!(s.views.iter().any(|v| v.materialized));
    assert!(s.views.iter().any(|v| !v.materialized));
    assert!(s.tables.iter().any(|t| t
        .primary_key
        .as_ref()
        .is_some_and(|pk| pk.columns.len() == 2)));
    assert!(s
        .tables
        .iter()
        .any(|t| t.indexes.iter().any(|i| i.predicate.is_some())));
    assert!(s.tables.iter().any(|t| !t.checks.is_empty()));
    assert!(s.tables.iter().any(|t| !t.uniques.is_empty()));
    assert_eq!(doc.layout.placements.len(), s.tables.len() + s.views.len());
    let sql = render_schema(s);
    assert!(sql.contains("ON DELETE CASCADE"));
    assert!(sql.contains("USING gin"));
    if let Ok(path) = std::env::var("DUMP_GENERATED_SQL") {
        std::fs::write(path, sql).unwrap();
    }
}
