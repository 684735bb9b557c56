//! The engine in the browser gets the same deep input the server refuses: the deepest expression
//! the limits allow is validated, rendered and planned; deeper ones, nested parentheses and
//! `[]` bombs end in a clear error. A stack overflow would abort the wasm instance and fail.
#![cfg(target_arch = "wasm32")]

use joinery_shared::import::import_sql;
use joinery_shared::plan::{migrate, PlanOptions};
use joinery_shared::sql::MAX_OPERATOR_CHAIN;
use joinery_shared::validate::{validate, ProblemKind};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn the_deepest_allowed_expression_validates_renders_and_plans() {
    let sum = vec!["1"; MAX_OPERATOR_CHAIN].join(" + ");
    let r = import_sql(&format!(
        "CREATE TABLE t (x int, CONSTRAINT t_x_check CHECK (x < {sum}));"
    ));
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    assert!(validate(&r.document.schema).is_empty());
    let ddl = joinery_shared::ddl::render_schema(&r.document.schema);
    assert!(ddl.contains("t_x_check"));
    let base = import_sql("CREATE TABLE t (x int);").document.schema;
    let up = migrate(&base, &r.document.schema, &PlanOptions::default());
    assert!(up.to_sql().contains("ADD CONSTRAINT"));
    assert!(migrate(
        &r.document.schema,
        &r.document.schema,
        &PlanOptions::default()
    )
    .statements
    .is_empty());
}

#[wasm_bindgen_test]
fn deeper_input_is_a_clear_error() {
    let or_chain = (0..12_000)
        .map(|i| format!("x = {i}"))
        .collect::<Vec<_>>()
        .join(" OR ");
    for sql in [
        format!("CREATE TABLE t (x int CHECK ({or_chain}));"),
        format!("CREATE TABLE t (a int{});", "[]".repeat(50_000)),
        format!(
            "CREATE TABLE t (x int DEFAULT {}1{});",
            "(".repeat(10_000),
            ")".repeat(10_000)
        ),
    ] {
        let r = import_sql(&sql);
        assert_eq!(r.errors.len(), 1, "{:?}", r.errors);
    }
    let mut schema = import_sql("CREATE TABLE t (x int);").document.schema;
    schema.tables[0].columns[0].default = Some(joinery_shared::model::DefaultValue::Expression(
        "1; DROP TABLE victim1".into(),
    ));
    assert!(validate(&schema)
        .iter()
        .any(|p| p.kind == ProblemKind::InvalidSql));
}
