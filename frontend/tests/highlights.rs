//! Comparing two states of the design (`joinery_frontend::highlights`): what the canvas colours
//! and what the legend lists in words. Run natively and in the browser.

use joinery_frontend::edits;
use joinery_frontend::highlights::{highlights, Mark};
use joinery_shared::model::{ColumnType, Id};
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;
#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

#[test]
fn the_same_schema_has_no_differences() {
    let doc = joinery_shared::demo::demo_document();
    let h = highlights("v1 → draft", &doc.schema, &doc.schema);
    assert_eq!(h.label, "v1 → draft");
    assert!(h.tables.is_empty() && h.columns.is_empty() && h.notes.is_empty());
}

#[test]
fn added_changed_and_removed_objects_are_marked_by_id() {
    let old = joinery_shared::demo::demo_document();
    let mut new = old.clone();
    // Added: a table (and its columns).
    edits::add_table(&mut new, Id::new("tb_added"), (0.0, 0.0), 20.0);
    // Changed: one column's type.
    let changed_table = new.schema.tables[1].id.clone();
    let changed_column = new.schema.tables[1].columns[1].id.clone();
    edits::set_column_type(&mut new.schema.tables[1], &changed_column, ColumnType::Text);
    // Added: a column of an existing table.
    edits::add_column(&mut new.schema.tables[1]);
    let added_column = new.schema.tables[1].columns.last().unwrap().id.clone();
    // Removed: a table no one references, and an enum.
    let removed = new
        .schema
        .tables
        .iter()
        .find(|t| {
            t.id != changed_table
                && new
                    .schema
                    .tables
                    .iter()
                    .all(|o| o.foreign_keys.iter().all(|f| f.ref_table != t.id))
        })
        .unwrap()
        .clone();
    edits::delete_tables(&mut new, &[removed.id.clone()].into());
    let enum_name = new.schema.enums[0].name.clone();
    new.schema.enums.remove(0);

    let h = highlights("old → new", &old.schema, &new.schema);
    assert_eq!(h.tables.get(&Id::new("tb_added")), Some(&Mark::Added));
    let added = new.schema.table(&Id::new("tb_added")).unwrap();
    for c in &added.columns {
        assert_eq!(h.columns.get(&c.id), Some(&Mark::Added));
    }
    assert_eq!(h.tables.get(&changed_table), Some(&Mark::Changed));
    assert_eq!(h.columns.get(&changed_column), Some(&Mark::Changed));
    assert_eq!(h.columns.get(&added_column), Some(&Mark::Added));
    // What the canvas cannot draw is in words.
    assert!(!h.tables.contains_key(&removed.id));
    assert!(h
        .notes
        .contains(&(Mark::Removed, format!("table {} removed", removed.name))));
    assert!(h
        .notes
        .contains(&(Mark::Removed, format!("enum {enum_name} removed"))));
    assert_eq!(Mark::Added.class(), "diff-added");
}
