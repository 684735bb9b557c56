//! The command/delta/undo logic (natively and in the browser).

use joinery_frontend::history::{Delta, History};
use joinery_shared::model::{Document, Id, Placement, Schema};
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;
#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

fn demo() -> Document {
    joinery_shared::demo::demo_document()
}

#[test]
fn delta_between_records_only_changed_objects_and_inverts_exactly() {
    let before = demo();
    let mut after = before.clone();
    after.schema.tables[1].name = "renamed".into();
    after.schema.tables.remove(0);
    after.layout.placements.insert(
        Id::new("x"),
        Placement {
            x: 1.0,
            y: 2.0,
            color: None,
        },
    );
    let delta = Delta::between("edit", &before, &after);
    // One removal, one rename, one placement; the survivors kept their relative order.
    assert_eq!(delta.changes.len(), 3, "{:#?}", delta.changes);
    let mut doc = before.clone();
    delta.apply(&mut doc);
    assert_eq!(doc, after);
    delta.inverted().apply(&mut doc);
    assert_eq!(doc, before, "undo restores order and content");
}

#[test]
fn no_change_is_an_empty_delta_and_is_not_recorded() {
    let doc = demo();
    let delta = Delta::between("nothing", &doc, &doc.clone());
    assert!(delta.is_empty());
    let mut h = History::default();
    h.record(delta);
    assert!(h.undo_label().is_none());
}

#[test]
fn undo_redo_walks_a_sequence_of_edits_both_ways() {
    let mut doc = Document::new(Schema::default());
    let mut history = History::default();
    let mut states = vec![doc.clone()];
    for i in 0..5 {
        let mut next = doc.clone();
        let mut t = demo().schema.tables[i % 3].clone();
        t.id = Id::new(format!("t{i}"));
        t.name = format!("t{i}");
        t.foreign_keys.clear();
        next.schema.tables.push(t);
        history.record(Delta::between(format!("add t{i}"), &doc, &next));
        doc = next;
        states.push(doc.clone());
    }
    for i in (0..5).rev() {
        assert_eq!(
            history.undo(&mut doc).as_deref(),
            Some(format!("add t{i}").as_str())
        );
        assert_eq!(doc, states[i]);
    }
    assert!(history.undo(&mut doc).is_none());
    for state in &states[1..] {
        history.redo(&mut doc);
        assert_eq!(&doc, state);
    }
    // A new edit after undo clears redo.
    history.undo(&mut doc);
    let mut next = doc.clone();
    next.schema.tables.clear();
    history.record(Delta::between("clear", &doc, &next));
    assert!(history.redo_label().is_none());
}

#[test]
fn reordering_adding_and_removing_at_once_round_trips() {
    let before = demo();
    let mut after = before.clone();
    after.schema.tables.reverse();
    after.schema.tables.remove(2);
    let mut extra = after.schema.tables[0].clone();
    extra.id = Id::new("extra");
    after.schema.tables.insert(1, extra);
    let delta = Delta::between("reverse", &before, &after);
    let mut doc = before.clone();
    delta.apply(&mut doc);
    assert_eq!(doc, after);
    delta.inverted().apply(&mut doc);
    assert_eq!(doc, before);
}

#[test]
fn a_change_of_conventions_is_recorded_and_undone() {
    let before = demo();
    let mut after = before.clone();
    after.layout.conventions.naming = joinery_shared::model::Naming::Any;
    after.layout.conventions.on_delete = joinery_shared::model::ReferentialAction::SetNull;
    let delta = Delta::between("conventions", &before, &after);
    assert_eq!(delta.changes.len(), 1, "{:#?}", delta.changes);
    let mut doc = before.clone();
    delta.apply(&mut doc);
    assert_eq!(doc, after);
    delta.inverted().apply(&mut doc);
    assert_eq!(doc, before);
}

#[test]
fn edited_records_a_change_as_one_step_and_nothing_else() {
    let doc = demo();
    let mut history = History::default();
    assert!(history.edited("Nothing", &doc, |_| {}).is_none());
    assert_eq!(
        history.undo_label(),
        None,
        "an edit that changes nothing is not recorded"
    );
    let next = history
        .edited("Rename", &doc, |d| {
            d.schema.tables[0].name = "people".into()
        })
        .expect("a change");
    assert_eq!(next.schema.tables[0].name, "people");
    assert_eq!(history.undo_label(), Some("Rename"));
    let mut current = next.clone();
    history.undo(&mut current);
    assert_eq!(current, doc);
}

#[test]
fn a_stored_history_reads_back_and_still_undoes() {
    // The browser keeps the history as JSON across reloads (`storage::save_history`).
    let before = demo();
    let mut after = before.clone();
    after.schema.tables.remove(0);
    after.schema.views.clear();
    let mut history = History::default();
    history.record(Delta::between("Delete", &before, &after));
    let json = serde_json::to_string(&history).unwrap();
    assert!(json.contains("\"Object\":{\"index_before\":0"), "{json}");
    assert!(json.contains("\"before\":{\"kind\":\"table\""), "{json}");
    let mut read: History = serde_json::from_str(&json).unwrap();
    let mut doc = after.clone();
    assert_eq!(read.undo(&mut doc).as_deref(), Some("Delete"));
    assert_eq!(doc, before);
}

#[test]
fn new_ids_are_distinct_and_named_by_kind() {
    let ids: std::collections::HashSet<Id> = (0..1000)
        .map(|_| joinery_frontend::ids::new_id("table"))
        .collect();
    assert_eq!(ids.len(), 1000);
    assert!(ids.iter().all(|id| id.as_str().starts_with("tb_")));
}

#[test]
fn extensions_and_default_privileges_alone_are_an_undoable_edit() {
    use joinery_shared::model::{DefaultObjects, DefaultPrivilege, Extension, Grant, Privilege};
    let before = demo();
    let mut after = before.clone();
    after.schema.extensions.push(Extension::new("citext"));
    after.schema.default_privileges.push(DefaultPrivilege {
        for_role: None,
        schema: Some("billing".into()),
        on: DefaultObjects::Tables,
        grant: Grant {
            role: "reader".into(),
            privilege: Privilege::Select,
            grantable: false,
        },
        revoked: false,
    });
    let delta = Delta::between("import", &before, &after);
    assert!(!delta.is_empty(), "not a lost edit");
    let mut doc = before.clone();
    delta.apply(&mut doc);
    assert_eq!(doc, after);
    delta.inverted().apply(&mut doc);
    assert_eq!(doc, before);
}

/// The in-place table edit records the step the whole-document comparison would, for a table at
/// the index given, at a stale index, and for an edit that changes nothing.
#[test]
fn a_table_edited_in_place_is_the_step_the_whole_document_comparison_records() {
    let base = demo();
    let id = base.schema.tables[2].id.clone();
    let rename = |t: &mut joinery_shared::model::Table| {
        t.name = "renamed".into();
        t.columns[0].name = "key".into();
    };
    let mut expected = History::default();
    let next = expected.edited("Rename", &base, |d| rename(&mut d.schema.tables[2]));
    let next = next.expect("a change");

    for index in [2, 0, 999] {
        let mut doc = base.clone();
        let mut history = History::default();
        assert!(history.edited_table("Rename", &mut doc, &id, index, rename));
        assert_eq!(doc, next, "index {index}: the same document");
        let mut undone = doc.clone();
        history.undo(&mut undone);
        assert_eq!(undone, base, "index {index}: undo restores it");
        history.redo(&mut undone);
        assert_eq!(undone, next, "index {index}: redo repeats it");
        history.undo(&mut undone);
        assert_eq!(
            serde_json::to_value(&history).unwrap(),
            serde_json::to_value({
                let mut h = expected.clone();
                h.undo(&mut next.clone());
                h
            })
            .unwrap(),
            "index {index}: the very step the comparison records"
        );
    }

    let mut doc = base.clone();
    let mut history = History::default();
    assert!(!history.edited_table("Nothing", &mut doc, &id, 2, |_| {}));
    assert_eq!(
        history.undo_label(),
        None,
        "nothing changed, nothing recorded"
    );
    assert_eq!(doc, base);
}
