//! Schema patches (`joinery_frontend::mirror`): whatever the edit, applying the patch to the old
//! copy gives the new schema, and an edit to one table sends that table only.

use joinery_frontend::mirror::{SchemaPatch, TablesPatch};
use joinery_shared::model::{Id, Schema};

fn demo() -> Schema {
    joinery_shared::demo::demo_document().schema
}

fn check(old: &Schema, new: &Schema) -> SchemaPatch {
    let patch = SchemaPatch::between(old, new);
    let mut copy = old.clone();
    patch.clone().apply(&mut copy);
    assert_eq!(&copy, new, "patch {patch:?}");
    // It crosses as JSON.
    let again: SchemaPatch = serde_json::from_str(&serde_json::to_string(&patch).unwrap()).unwrap();
    assert_eq!(again, patch);
    patch
}

#[test]
fn an_edit_to_one_table_sends_that_table() {
    let old = demo();
    let mut new = old.clone();
    new.tables[2].columns[0].not_null = !new.tables[2].columns[0].not_null;
    let patch = check(&old, &new);
    match &patch.tables {
        TablesPatch::Changed(changed) => {
            assert_eq!(changed.len(), 1);
            assert_eq!(changed[0].0, 2);
        }
        other => panic!("expected one changed table, got {other:?}"),
    }
    assert!(patch.rest.is_none());
    assert!(check(&new, &new).is_empty());
}

#[test]
fn added_removed_and_moved_tables_are_sent_by_id() {
    let old = demo();
    let mut new = old.clone();
    let moved = new.tables.remove(0);
    new.tables.push(moved);
    new.tables.remove(1);
    let mut added = old.tables[1].clone();
    added.id = Id("tbl_new".into());
    new.tables.insert(0, added);
    let patch = check(&old, &new);
    let TablesPatch::Reordered { tables, .. } = &patch.tables else {
        panic!("expected a reorder, got {:?}", patch.tables);
    };
    assert_eq!(tables.len(), 1, "only the new table travels");
    check(&old, &Schema::default());
    check(&Schema::default(), &old);
}

#[test]
fn everything_but_tables_goes_whole_and_duplicate_ids_fall_back_to_the_list() {
    let old = demo();
    let mut new = old.clone();
    new.enums.clear();
    new.views.clear();
    let patch = check(&old, &new);
    assert!(matches!(patch.tables, TablesPatch::Same));
    assert!(patch.rest.is_some());

    // A duplicated id (an invalid design the designer still shows) must not lose a table.
    let mut dup = old.clone();
    let copy = dup.tables[0].clone();
    dup.tables.push(copy);
    let patch = check(&old, &dup);
    assert!(
        matches!(patch.tables, TablesPatch::All(_)),
        "{:?}",
        patch.tables
    );
    let mut fewer = dup.clone();
    fewer.tables.remove(1);
    check(&dup, &fewer);
}
