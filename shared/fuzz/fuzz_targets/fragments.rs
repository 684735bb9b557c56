//! Fragments put into every fragment field of the demo design: validation, DDL and a plan
//! both ways. A design validation accepts must render one statement per statement.
#![no_main]

use joinery_shared::model::{DefaultValue, IndexKey};
use joinery_shared::plan::{migrate, PlanOptions};
use joinery_shared::validate::{validate, ProblemKind};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let base = joinery_shared::demo::demo_document().schema;
    let mut schema = base.clone();
    let mut pieces = text.split('\u{1}');
    let mut next = || pieces.next().map(str::to_string);
    for table in &mut schema.tables {
        for column in &mut table.columns {
            if let Some(p) = next() {
                column.default = Some(DefaultValue::Expression(p));
            }
        }
        if let Some(check) = table.checks.first_mut() {
            if let Some(p) = next() {
                check.expression = p;
            }
        }
        if let Some(index) = table.indexes.first_mut() {
            if let Some(p) = next() {
                index.predicate = Some(p);
            }
            if let (Some(part), Some(p)) = (index.parts.first_mut(), next()) {
                part.key = IndexKey::Expression(p);
            }
        }
    }
    for view in &mut schema.views {
        if let Some(p) = next() {
            view.query = p;
        }
    }
    let problems = validate(&schema);
    let _ = joinery_shared::ddl::render_schema(&schema);
    let up = migrate(&base, &schema, &PlanOptions::default());
    let _ = migrate(&schema, &base, &PlanOptions { online: true });
    if !problems.iter().any(|p| p.kind == ProblemKind::InvalidSql) {
        for st in &up.statements {
            let parts = joinery_shared::sql::split_script(&st.sql).expect("planner SQL lexes");
            assert_eq!(parts.len(), 1, "one statement: {}", st.sql);
        }
    }
});
