//! Golden tests of the DDL renderer: the SQL for fixed documents is compared with reviewed files
//! in `tests/golden/`. Run with `UPDATE_GOLDEN=1` to rewrite them (then review the diff by eye).

use std::path::PathBuf;

use joinery_shared::ddl::{render_schema, render_selection};
use joinery_shared::demo::{demo_document, every_feature_document, try_demo_document};
use joinery_shared::generate::realistic_schema;
use joinery_shared::model::Id;
use joinery_shared::validate::validate;

fn check_golden(name: &str, actual: &str) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name);
    if std::env::var("UPDATE_GOLDEN").is_ok_and(|v| v == "1") {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "missing golden file {}: {e} (run with UPDATE_GOLDEN=1)",
            path.display()
        )
    });
    if expected != actual {
        let first_diff = expected
            .lines()
            .zip(actual.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(expected.lines().count().min(actual.lines().count()));
        panic!(
            "{} differs from the rendered SQL at line {}:\nexpected: {:?}\nactual:   {:?}\n(run with UPDATE_GOLDEN=1 to accept, then review)",
            path.display(),
            first_diff + 1,
            expected.lines().nth(first_diff),
            actual.lines().nth(first_diff)
        );
    }
}

#[test]
fn demo_schema_golden() {
    let doc = try_demo_document().expect("embedded demo JSON parses");
    assert_eq!(validate(&doc.schema), vec![]);
    check_golden("demo.sql", &render_schema(&doc.schema));
}

#[test]
fn every_feature_golden() {
    let doc = every_feature_document();
    let problems = validate(&doc.schema);
    assert!(problems.is_empty(), "{problems:#?}");
    check_golden("every_feature.sql", &render_schema(&doc.schema));
}

#[test]
fn generated_small_golden() {
    let doc = realistic_schema(42, 8, 10);
    check_golden("generated_42_8_10.sql", &render_schema(&doc.schema));
}

#[test]
fn selection_golden() {
    let doc = demo_document();
    let pick: Vec<Id> = ["tb_wealth", "tb_wealth_requests", "tb_app_users"]
        .iter()
        .map(|s| Id::new(*s))
        .collect();
    check_golden("demo_selection.sql", &render_selection(&doc.schema, &pick));
}

#[test]
fn rendering_is_deterministic() {
    let doc = every_feature_document();
    assert_eq!(
        render_schema(&doc.schema),
        render_schema(&doc.clone().schema)
    );
}

#[test]
fn statements_end_with_semicolons_and_are_separated_by_blank_lines() {
    let sql = render_schema(&demo_document().schema);
    for statement in sql.trim_end().split("\n\n") {
        assert!(statement.ends_with(';'), "{statement}");
        assert!(!statement.starts_with('\n'));
    }
}
