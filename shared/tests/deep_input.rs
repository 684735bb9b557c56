//! Deep and huge input is bounded everywhere the engine reads SQL: import, validation,
//! normalization, rendering, diff and plan. Each case ends with a clear error or a correct
//! result, never a stack overflow or a blow-up (these would abort or hang the test binary).

use joinery_shared::import::import_sql;
use joinery_shared::plan::{migrate, PlanOptions};
use joinery_shared::sql::{MAX_NESTING, MAX_OPERATOR_CHAIN};
use joinery_shared::validate::{validate, ProblemKind};

fn or_chain(n: usize) -> String {
    (0..n)
        .map(|i| format!("x = {i}"))
        .collect::<Vec<_>>()
        .join(" OR ")
}

fn import_error(sql: &str) -> String {
    let r = import_sql(sql);
    assert!(
        !r.errors.is_empty(),
        "expected an error importing {} bytes",
        sql.len()
    );
    r.errors[0].to_string()
}

#[test]
fn deep_sql_files_import_with_a_clear_error() {
    let e = import_error(&format!(
        "CREATE TABLE t (x int CHECK ({}));",
        or_chain(12_000)
    ));
    assert!(e.contains("operators in one chain"), "{e}");
    let e = import_error(&format!(
        "CREATE TABLE t (x int DEFAULT {});",
        vec!["1"; 10_000].join(" + ")
    ));
    assert!(e.contains("operators in one chain"), "{e}");
    let e = import_error(&format!("CREATE TABLE t (a int{});", "[]".repeat(50_000)));
    assert!(e.contains("operators in one chain"), "{e}");
    let e = import_error(&format!(
        "CREATE TABLE t (x int DEFAULT {}1{});",
        "(".repeat(10_000),
        ")".repeat(10_000)
    ));
    assert!(
        e.contains(&format!("nested deeper than {MAX_NESTING}")),
        "{e}"
    );
    // A valid statement after the bad one still imports.
    let r = import_sql(&format!(
        "CREATE TABLE bad (x int CHECK ({}));\nCREATE TABLE good (id int);",
        or_chain(12_000)
    ));
    assert_eq!(r.errors.len(), 1);
    assert!(r.document.schema.tables.iter().any(|t| t.name == "good"));
}

#[test]
fn arrays_deeper_than_postgres_allows_are_refused() {
    let r = import_sql(&format!("CREATE TABLE t (a int{});", "[]".repeat(7)));
    let problems = validate(&r.document.schema);
    assert!(
        problems
            .iter()
            .any(|p| p.kind == ProblemKind::InvalidSql && p.message.contains("at most 6")),
        "{problems:?} {:?}",
        r.errors
    );
    let r = import_sql(&format!("CREATE TABLE t (a int{});", "[]".repeat(3)));
    assert!(r.errors.is_empty() && validate(&r.document.schema).is_empty());
}

#[test]
fn a_megabyte_identifier_is_a_clear_problem_not_a_crash() {
    let name = "a".repeat(1024 * 1024);
    let r = import_sql(&format!("CREATE TABLE {name} (id int);"));
    let problems = validate(&r.document.schema);
    assert!(
        problems
            .iter()
            .any(|p| p.kind == ProblemKind::IdentifierTooLong),
        "{:?}",
        r.errors
    );
}

/// A design carrying the deepest expression the limits allow goes through validation, DDL and
/// a migration both ways; one past the limit is a validation problem and is compared as text.
#[test]
fn expressions_at_and_over_the_limit_round_trip_or_are_refused() {
    // `x < 1 + 1 + ...`: one chain of exactly the most operators allowed, a tree that deep.
    let at_limit = format!("x < {}", vec!["1"; MAX_OPERATOR_CHAIN].join(" + "));
    let over = or_chain(12_000);
    let base = import_sql("CREATE TABLE t (x int);").document.schema;
    for (check, ok) in [(at_limit, true), (over, false)] {
        let sql = format!("CREATE TABLE t (x int, CONSTRAINT t_x_check CHECK ({check}));");
        let mut schema = base.clone();
        // Build the design directly (the importer refuses the long one).
        let imported = import_sql(&sql);
        if ok {
            assert!(imported.errors.is_empty(), "{:?}", imported.errors);
            schema = imported.document.schema;
        } else {
            let t = &mut schema.tables[0];
            t.checks.push(joinery_shared::model::Check {
                no_inherit: false,
                not_valid: false,
                id: joinery_shared::model::Id::new("k_deep"),
                name: "t_x_check".into(),
                expression: check.clone(),
            });
        }
        let problems: Vec<_> = validate(&schema)
            .into_iter()
            .filter(|p| p.kind == ProblemKind::InvalidSql)
            .collect();
        assert_eq!(problems.is_empty(), ok, "{problems:?}");
        let ddl = joinery_shared::ddl::render_schema(&schema);
        assert!(ddl.contains("t_x_check"));
        let up = migrate(&base, &schema, &PlanOptions::default());
        assert!(up.to_sql().contains("t_x_check"));
        let down = migrate(&schema, &base, &PlanOptions::default());
        assert!(down.to_sql().contains("DROP CONSTRAINT"));
        let same = migrate(&schema, &schema, &PlanOptions::default());
        assert!(same.statements.is_empty(), "{}", same.to_sql());
    }
}

/// A view whose query holds the longest operator chains the limits allow, and nesting as deep as
/// the importer reads, is compared (its key walks the tree; chains in a loop) in a thread of the
/// size tests get, without exhausting the stack; nesting deeper than the key walks is compared as
/// text.
#[test]
fn deep_views_compare_without_exhausting_the_stack() {
    let chain = vec!["x"; MAX_OPERATOR_CHAIN].join(" + ");
    let nested = |open: &str, n: usize| format!("{}x{}", open.repeat(n), ")".repeat(n));
    let sql = format!(
        "CREATE TABLE t (x int); CREATE VIEW v AS SELECT {chain} AS total, * FROM t \
         WHERE x IN (SELECT {chain} FROM t) AND ({chain}) > 1; \
         CREATE VIEW w AS SELECT {} AS p, {} AS q, {} AS r, {} AS s FROM t;",
        nested("(", 20),
        nested("abs(", 12),
        nested("(SELECT ", 6),
        nested("(SELECT ", 12),
    );
    // Read in a roomy stack (sqlparser's own recursion is not what is measured here).
    let r = std::thread::Builder::new()
        .stack_size(16 << 20)
        .spawn(move || import_sql(&sql))
        .unwrap()
        .join()
        .unwrap();
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    let schema = r.document.schema;
    let handle = std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(move || {
            let same = migrate(&schema, &schema, &PlanOptions::default());
            assert!(same.statements.is_empty(), "{}", same.to_sql());
            let v = &schema.views[0];
            assert!(joinery_shared::diff::view_definition_key(&schema, v).is_some());
        })
        .unwrap();
    handle.join().expect("no stack overflow");
}
