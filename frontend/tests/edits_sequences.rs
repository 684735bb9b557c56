//! Sequence edits (`joinery_frontend::edits`): add, rename, type and options, ownership, delete;
//! deleting the owning table or column leaves no sequence pointing at nothing.

use std::collections::BTreeSet;

use joinery_frontend::edits::{self, SequenceOption};
use joinery_shared::model::{Document, Schema, SequenceType};
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;
#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

#[test]
fn add_rename_options_delete() {
    let mut doc = Document::new(Schema::default());
    let a = edits::add_sequence(&mut doc);
    let b = edits::add_sequence(&mut doc);
    let names: Vec<&str> = doc
        .schema
        .sequences
        .iter()
        .map(|q| q.name.as_str())
        .collect();
    assert_eq!(names, ["new_sequence", "new_sequence_2"]);
    edits::rename_sequence(&mut doc, &a, "  invoice_no ");
    edits::set_sequence_type(&mut doc, &a, SequenceType::Integer);
    edits::set_sequence_option(&mut doc, &a, SequenceOption::Start, "1000");
    edits::set_sequence_option(&mut doc, &a, SequenceOption::Increment, "-2");
    edits::set_sequence_option(&mut doc, &a, SequenceOption::Cache, "abc");
    edits::set_sequence_cycle(&mut doc, &a, true);
    let q = doc.schema.sequence(&a).unwrap();
    assert_eq!(q.name, "invoice_no");
    assert_eq!(q.data_type, SequenceType::Integer);
    assert_eq!(
        (q.options.start, q.options.increment, q.options.cache),
        (Some(1000), Some(-2), None)
    );
    assert!(q.options.cycle);
    edits::set_sequence_option(&mut doc, &a, SequenceOption::Start, "");
    assert_eq!(doc.schema.sequence(&a).unwrap().options.start, None);
    edits::delete_sequence(&mut doc, &b);
    assert_eq!(doc.schema.sequences.len(), 1);
    assert!(joinery_shared::validate::validate(&doc.schema).is_empty());
}

#[test]
fn owners_follow_tables_and_columns() {
    let mut doc = Document::new(Schema::default());
    let t = joinery_shared::model::Id::new("tb_1");
    edits::add_table(&mut doc, t.clone(), (0.0, 0.0), 20.0);
    let table = doc.schema.table(&t).unwrap().clone();
    let col = table.columns[0].id.clone();
    let q = edits::add_sequence(&mut doc);
    edits::set_sequence_owner(&mut doc, &q, Some((t.clone(), col.clone())));
    assert!(doc.schema.sequence(&q).unwrap().owned_by.is_some());
    // An owner that is not a column is ignored.
    edits::set_sequence_owner(
        &mut doc,
        &q,
        Some((t.clone(), joinery_shared::model::Id::new("nope"))),
    );
    assert_eq!(
        doc.schema
            .sequence(&q)
            .unwrap()
            .owned_by
            .as_ref()
            .unwrap()
            .column,
        col
    );
    edits::delete_column(&mut doc, &t, &col);
    assert!(doc.schema.sequence(&q).unwrap().owned_by.is_none());
    let col2 = doc
        .schema
        .table(&t)
        .unwrap()
        .columns
        .first()
        .map(|c| c.id.clone());
    if let Some(c2) = col2 {
        edits::set_sequence_owner(&mut doc, &q, Some((t.clone(), c2)));
        edits::delete_tables(&mut doc, &BTreeSet::from([t]));
        assert!(doc.schema.sequence(&q).unwrap().owned_by.is_none());
    }
}

/// Sequence edits go through the history like every other edit: recorded (not dropped as empty),
/// undone and redone exactly.
#[test]
fn sequence_edits_are_undoable_steps() {
    use joinery_frontend::history::History;
    let mut doc = Document::new(Schema::default());
    let mut history = History::default();
    let before = doc.clone();
    let next = history
        .edited("Add sequence", &doc, |d| {
            edits::add_sequence(d);
        })
        .expect("adding a sequence is a recorded step");
    doc = next;
    assert_eq!(doc.schema.sequences.len(), 1);
    let id = doc.schema.sequences[0].id.clone();
    let added = doc.clone();
    doc = history
        .edited("Change sequence option", &doc, |d| {
            edits::set_sequence_option(d, &id, SequenceOption::Start, "1000")
        })
        .expect("an option change is a recorded step");
    assert_eq!(
        history.undo(&mut doc).as_deref(),
        Some("Change sequence option")
    );
    assert!(doc == added);
    assert_eq!(history.undo(&mut doc).as_deref(), Some("Add sequence"));
    assert!(doc == before);
    assert_eq!(history.redo(&mut doc).as_deref(), Some("Add sequence"));
    assert!(doc == added);
}
