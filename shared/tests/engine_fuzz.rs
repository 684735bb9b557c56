//! An adversarial generator for the engine (the stable-Rust stand-in for `cargo fuzz`, which
//! needs nightly): SQL fragments built from injection pieces (`;`, unbalanced brackets, quotes,
//! comments, `COMMIT`, `DROP TABLE`) and depth bombs (long operator chains, deep nesting, many
//! `[]`) are put into every fragment field of designs seeded from `tests/corpus`, then run
//! through validate + render and diff + plan both ways.
//!
//! Properties: nothing panics or overflows (either would fail or abort this binary); a design
//! that validation accepts renders DDL and plans whose every statement is one statement of the
//! kinds the renderer writes, so no fragment that passes validation starts a second statement.
//!
//! CI runs 64 cases per property; `PROPTEST_CASES=5000 cargo test -p joinery-shared --test
//! engine_fuzz --release` is the longer run.

use joinery_shared::import::import_sql;
use joinery_shared::model::{DefaultValue, IndexKey, Schema};
use joinery_shared::plan::{migrate, PlanOptions};
use joinery_shared::sql::split_script;
use joinery_shared::validate::{validate, ProblemKind};
use proptest::prelude::*;

const SEEDS: &[&str] = &[
    include_str!("../../tests/corpus/pg_dump_app.sql"),
    include_str!("../../tests/corpus/drizzle_migration.sql"),
    include_str!("../../tests/corpus/handwritten.sql"),
    include_str!("../../tests/corpus/supabase_auth.sql"),
    include_str!("../../tests/corpus/rails_structure.sql"),
];

/// One piece of an adversarial fragment.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(vec![
            "1", "x", "now()", "'a'", "'{}'::jsonb", "(", ")", "[", "]", ";", ",", "'", "\"",
            "--", "/*", "*/", "$$", "$a$", "E'\\'", "::", " + ", " OR ", " AND ", " || ", " = ",
            "COMMIT", "ROLLBACK", "BEGIN", "DROP TABLE v", "SELECT 1", "int", "[]", "\n", " ",
            "\\", "é", "NULL", "CASE WHEN x THEN 1 END", "ARRAY[1,2]",
        ])
        .prop_map(str::to_string),
        1 => (prop::sample::select(vec!["(", " + 1", " OR x", "[]", "::int", "-"]), 1usize..3000)
            .prop_map(|(p, n)| p.repeat(n)),
    ]
}

fn fragment() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 1..12).prop_map(|v| v.concat())
}

#[derive(Clone, Debug)]
enum Slot {
    Default,
    Generated,
    Check,
    IndexExpression,
    Predicate,
    View,
    CustomType,
}

fn slot() -> impl Strategy<Value = Slot> {
    prop::sample::select(vec![
        Slot::Default,
        Slot::Generated,
        Slot::Check,
        Slot::IndexExpression,
        Slot::Predicate,
        Slot::View,
        Slot::CustomType,
    ])
}

/// Puts `text` into the `n`-th object of the slot's kind (when the design has one).
fn inject(schema: &mut Schema, slot: &Slot, n: usize, text: &str) {
    let tables = schema.tables.len().max(1);
    let t = n % tables;
    match slot {
        Slot::View => {
            let views = schema.views.len().max(1);
            if let Some(v) = schema.views.get_mut(n % views) {
                v.query = text.to_string();
            }
        }
        _ => {
            let Some(table) = schema.tables.get_mut(t) else {
                return;
            };
            let columns = table.columns.len().max(1);
            match slot {
                Slot::Default | Slot::Generated | Slot::CustomType => {
                    if let Some(c) = table.columns.get_mut(n % columns) {
                        match slot {
                            Slot::Default => {
                                c.default = Some(DefaultValue::Expression(text.into()))
                            }
                            Slot::Generated => c.generated = Some(text.into()),
                            _ => {
                                c.ty =
                                    joinery_shared::model::ColumnType::Custom { name: text.into() }
                            }
                        }
                    }
                }
                Slot::Check => {
                    if let Some(c) = table.checks.first_mut() {
                        c.expression = text.into();
                    }
                }
                Slot::IndexExpression | Slot::Predicate => {
                    if let Some(ix) = table.indexes.first_mut() {
                        if matches!(slot, Slot::Predicate) {
                            ix.predicate = Some(text.into());
                        } else if let Some(part) = ix.parts.first_mut() {
                            part.key = IndexKey::Expression(text.into());
                        }
                    }
                }
                Slot::View => {}
            }
        }
    }
}

/// `DO` is the planner's own block that drops the sequence of a column that stops being serial;
/// `GRANT` and `REVOKE` are a design's privileges.
const RENDERED_KINDS: &[&str] = &[
    "CREATE", "ALTER", "COMMENT", "DROP", "SELECT", "DO", "GRANT", "REVOKE",
];

/// Every statement of `sql` is one the engine writes, and none is a smuggled one.
fn only_engine_statements(sql: &str, expected_count: Option<usize>) {
    let statements = split_script(sql).unwrap_or_else(|e| panic!("{e}\n{sql}"));
    for st in &statements {
        let first = st
            .text
            .split_whitespace()
            .next()
            .unwrap_or("")
            .to_ascii_uppercase();
        assert!(
            RENDERED_KINDS.contains(&first.as_str()),
            "unexpected statement {:?}",
            st.text
        );
        assert!(
            !st.text.to_ascii_uppercase().starts_with("DROP TABLE V"),
            "smuggled: {}",
            st.text
        );
    }
    if let Some(n) = expected_count {
        assert_eq!(statements.len(), n, "{sql}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn adversarial_fragments_never_break_the_engine(
        seed in 0..SEEDS.len(),
        injections in prop::collection::vec((slot(), 0usize..50, fragment()), 1..4),
    ) {
        let base = import_sql(SEEDS[seed]).document.schema;
        let mut schema = base.clone();
        for (slot, n, text) in &injections {
            inject(&mut schema, slot, *n, text);
        }
        let problems = validate(&schema);
        // The command line's check alone finds exactly validation's invalid-SQL problems.
        let invalid: Vec<_> = problems
            .iter()
            .filter(|p| p.kind == ProblemKind::InvalidSql)
            .cloned()
            .collect();
        prop_assert_eq!(joinery_shared::validate::invalid_sql(&schema), invalid);
        let ddl = joinery_shared::ddl::render_schema(&schema);
        let up = migrate(&base, &schema, &PlanOptions::default());
        let down = migrate(&schema, &base, &PlanOptions { online: true });
        let _ = joinery_shared::normalize::canonical(&schema);
        let _ = joinery_shared::drizzle::export_schema_ts(
            &joinery_shared::model::Document::new(schema.clone()),
            &Default::default(),
        );
        let _ = joinery_shared::drizzle::snapshot_json(&schema, "a", "b");
        if !problems.iter().any(|p| matches!(p.kind, ProblemKind::InvalidSql)) {
            only_engine_statements(&ddl, None);
            for st in up.statements.iter().chain(down.statements.iter()) {
                only_engine_statements(&st.sql, Some(1));
            }
        }
    }

    #[test]
    fn adversarial_sql_files_never_break_the_importer(
        seed in 0..SEEDS.len(),
        at in 0.0f64..1.0,
        text in fragment(),
    ) {
        let source = SEEDS[seed];
        let mut p = ((source.len() as f64) * at) as usize;
        while !source.is_char_boundary(p) {
            p -= 1;
        }
        let mutated = format!("{}{}{}", &source[..p], text, &source[p..]);
        let imported = import_sql(&mutated);
        let _ = validate(&imported.document.schema);
        let _ = migrate(&Schema::default(), &imported.document.schema, &PlanOptions::default());
    }
}

/// Found by `cargo fuzz run diff_plan`: a numeric whose scale exceeds its precision (invalid,
/// and reported by validation) overflowed the planner's widening check.
#[test]
fn a_numeric_scale_above_its_precision_plans_without_overflow() {
    let from = import_sql("CREATE TABLE books (price numeric(0,2));")
        .document
        .schema;
    let to = import_sql("CREATE TABLE books (price numeric(6,2));")
        .document
        .schema;
    let up = migrate(&from, &to, &PlanOptions::default());
    assert!(up.to_sql().contains("numeric(6, 2)"), "{}", up.to_sql());
    let down = migrate(&to, &from, &PlanOptions::default());
    assert!(!down.statements.is_empty());
}
