//! Document edits (`joinery_frontend::edits`): new objects follow the project's conventions, and
//! every edit does what it says, keeps the schema consistent (no relationship left pointing at
//! something deleted) and is undone and redone exactly as one step of the history. Run natively
//! by `cargo test` and in the browser by wasm-bindgen-test.

use std::collections::BTreeSet;

use joinery_frontend::edits::{self, new_foreign_key, new_table};
use joinery_frontend::geometry::{card_rect, placement_of, Rect, GRID};
use joinery_frontend::history::History;
use joinery_shared::model::{
    AuditColumns, ColumnType, Conventions, DefaultValue, Document, Group, Id, Identity, IndexKey,
    IndexMethod, KeyStyle, Note, ReferentialAction, Schema, Table,
};
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;
#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

fn timestamptz() -> ColumnType {
    ColumnType::Timestamp {
        precision: None,
        with_time_zone: true,
    }
}

#[test]
fn a_new_table_follows_the_seed_by_default() {
    let t = new_table(&Conventions::default(), Id::new("t"), "things".into());
    let names: Vec<&str> = t.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["id", "created_at"]);
    assert_eq!(t.columns[0].ty, ColumnType::Uuid);
    assert_eq!(
        t.columns[0].default,
        Some(DefaultValue::Expression("gen_random_uuid()".into()))
    );
    assert_eq!(
        t.primary_key.as_ref().unwrap().columns,
        [t.columns[0].id.clone()]
    );
    assert_eq!(t.columns[1].ty, timestamptz());
    assert!(t.columns[1].not_null);
}

#[test]
fn other_conventions_give_other_tables_and_keys() {
    let c = Conventions {
        primary_key: KeyStyle::BigintIdentity,
        audit: AuditColumns::SoftDelete,
        on_delete: ReferentialAction::SetNull,
        ..Conventions::default()
    };
    let t = new_table(&c, Id::new("t"), "things".into());
    let names: Vec<&str> = t.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["id", "created_at", "updated_at", "deleted_at"]);
    assert_eq!(t.columns[0].identity, Some(Identity::Always));
    assert!(!t.columns[3].not_null);
    let none = Conventions {
        primary_key: KeyStyle::None,
        audit: AuditColumns::None,
        ..Conventions::default()
    };
    let bare = new_table(&none, Id::new("b"), "bare".into());
    assert!(bare.columns.is_empty() && bare.primary_key.is_none());
    let fk = new_foreign_key(&c, vec![Id::new("a")], Id::new("t"), vec![Id::new("id")]);
    assert_eq!(fk.on_delete, ReferentialAction::SetNull);
    let fk = new_foreign_key(
        &Conventions::default(),
        vec![Id::new("a")],
        Id::new("t"),
        vec![Id::new("id")],
    );
    assert_eq!(fk.on_delete, ReferentialAction::Cascade);
}

// ---------------------------------------------------------------------------------------------
// Edits on a document, through the history as the designer runs them

fn demo() -> Document {
    joinery_shared::demo::demo_document()
}

/// Runs `edit` as the designer does (`Designer::edit`): on a copy, recorded as one step.
fn run(doc: &mut Document, history: &mut History, label: &str, edit: impl FnOnce(&mut Document)) {
    if let Some(next) = history.edited(label, doc, edit) {
        *doc = next;
    }
}

/// Undo gives back `before` exactly, redo gives back `after` exactly.
fn assert_undo_redo(history: &mut History, doc: &mut Document, before: &Document, label: &str) {
    let after = doc.clone();
    assert_eq!(history.undo(doc).as_deref(), Some(label));
    assert!(doc == before, "undo of {label} restores the document");
    assert_eq!(history.redo(doc).as_deref(), Some(label));
    assert!(*doc == after, "redo of {label} repeats it");
}

fn table<'a>(doc: &'a Document, name: &str) -> &'a Table {
    doc.schema
        .tables
        .iter()
        .find(|t| t.name == name)
        .unwrap_or_else(|| panic!("no table {name}"))
}

/// A table referenced by another one, and that other table.
fn referenced_pair(doc: &Document) -> (Id, Id) {
    doc.schema
        .tables
        .iter()
        .flat_map(|t| {
            t.foreign_keys
                .iter()
                .map(move |f| (f.ref_table.clone(), t.id.clone()))
        })
        .find(|(parent, child)| parent != child)
        .expect("the demo has relationships")
}

fn rects(doc: &Document) -> Vec<Rect> {
    doc.schema
        .tables
        .iter()
        .enumerate()
        .map(|(i, t)| card_rect(&doc.schema, t, &placement_of(doc, i, &t.id)))
        .collect()
}

fn overlapping(rects: &[Rect]) -> Option<(usize, usize)> {
    for i in 0..rects.len() {
        for j in i + 1..rects.len() {
            if rects[i].intersects(&rects[j]) {
                return Some((i, j));
            }
        }
    }
    None
}

#[test]
fn add_table_names_places_on_the_grid_without_overlap_and_undoes() {
    let mut doc = demo();
    let before = doc.clone();
    let mut history = History::default();
    let first = Id::new("tb_first");
    let second = Id::new("tb_second");
    // Both asked for the same spot, in the middle of the demo's cards.
    let near = (rects(&doc)[0].x + 5.0, rects(&doc)[0].y + 5.0);
    run(&mut doc, &mut history, "Add table", |d| {
        edits::add_table(d, first.clone(), near, GRID)
    });
    run(&mut doc, &mut history, "Add table", |d| {
        edits::add_table(d, second.clone(), near, GRID)
    });
    assert_eq!(doc.schema.tables.len(), before.schema.tables.len() + 2);
    assert_eq!(doc.schema.table(&first).unwrap().name, "new_table");
    assert_eq!(doc.schema.table(&second).unwrap().name, "new_table_2");
    for id in [&first, &second] {
        let p = &doc.layout.placements[id];
        assert_eq!((p.x % GRID, p.y % GRID), (0.0, 0.0), "snapped: {p:?}");
    }
    assert_eq!(
        overlapping(&rects(&doc)),
        None,
        "new cards go to free spots"
    );
    // The new table follows the conventions (seed: uuid key, created_at).
    let t = doc.schema.table(&second).unwrap();
    assert_eq!(t.columns[0].ty, ColumnType::Uuid);
    let after_first = {
        let mut d = doc.clone();
        history.clone().undo(&mut d);
        d
    };
    assert_eq!(
        after_first.schema.tables.len(),
        before.schema.tables.len() + 1
    );
    assert_undo_redo(&mut history, &mut doc, &after_first, "Add table");
    history.undo(&mut doc);
    history.undo(&mut doc);
    assert_eq!(doc, before);
}

#[test]
fn delete_tables_removes_what_points_at_them_and_undo_restores_the_order() {
    let mut doc = demo();
    let (parent, child) = referenced_pair(&doc);
    doc.layout.groups.push(Group {
        id: Id::new("gr_1"),
        name: "g".into(),
        tables: vec![parent.clone(), child.clone()],
        color: None,
    });
    let before = doc.clone();
    let mut history = History::default();
    let selected: BTreeSet<Id> = [parent.clone()].into();
    run(&mut doc, &mut history, "Delete table", |d| {
        edits::delete_tables(d, &selected)
    });
    assert!(doc.schema.table(&parent).is_none());
    assert_eq!(doc.schema.tables.len(), before.schema.tables.len() - 1);
    assert!(
        doc.schema
            .tables
            .iter()
            .flat_map(|t| &t.foreign_keys)
            .all(|f| f.ref_table != parent),
        "no relationship is left pointing at the deleted table"
    );
    assert!(!doc.layout.placements.contains_key(&parent));
    assert_eq!(doc.layout.groups.last().unwrap().tables, [child]);
    let problems = |d: &Document| joinery_shared::validate::validate(&d.schema).len();
    assert!(
        problems(&doc) <= problems(&before),
        "the deletion leaves nothing dangling"
    );
    assert_undo_redo(&mut history, &mut doc, &before, "Delete table");
}

#[test]
fn duplicate_copies_tables_with_fresh_ids_and_rewired_relationships() {
    let mut doc = demo();
    let (parent, child) = referenced_pair(&doc);
    let before = doc.clone();
    let mut history = History::default();
    let selected: BTreeSet<Id> = [parent.clone(), child.clone()].into();
    let mut copies = BTreeSet::new();
    run(&mut doc, &mut history, "Duplicate", |d| {
        copies = edits::duplicate_tables(d, &selected)
    });
    assert_eq!(copies.len(), 2);
    assert!(copies.is_disjoint(&selected));
    let parent_name = before.schema.table(&parent).unwrap().name.clone();
    let child_name = before.schema.table(&child).unwrap().name.clone();
    let parent_copy = table(&doc, &format!("{parent_name}_copy"));
    let child_copy = table(&doc, &format!("{child_name}_copy"));
    assert!(copies.contains(&parent_copy.id) && copies.contains(&child_copy.id));
    // The copy of the child references the copy of the parent, by the copied columns.
    let original_fk = before
        .schema
        .table(&child)
        .unwrap()
        .foreign_keys
        .iter()
        .position(|f| f.ref_table == parent)
        .unwrap();
    let fk = &child_copy.foreign_keys[original_fk];
    assert_eq!(fk.ref_table, parent_copy.id);
    for c in &fk.ref_columns {
        assert!(
            parent_copy.column(c).is_some(),
            "points at the copied column"
        );
    }
    for c in &fk.columns {
        assert!(child_copy.column(c).is_some());
    }
    // Every column got a new id, the placement is offset.
    let original = before.schema.table(&child).unwrap();
    for (a, b) in original.columns.iter().zip(&child_copy.columns) {
        assert_ne!(a.id, b.id);
        assert_eq!(a.name, b.name);
    }
    let i = before
        .schema
        .tables
        .iter()
        .position(|t| t.id == child)
        .unwrap();
    let from = placement_of(&before, i, &child);
    let to = &doc.layout.placements[&child_copy.id];
    assert_eq!((to.x, to.y), (from.x + 40.0, from.y + 40.0));
    assert_undo_redo(&mut history, &mut doc, &before, "Duplicate");
    // A second copy gets another name.
    let mut again = doc.clone();
    edits::duplicate_tables(&mut again, &[child.clone()].into());
    table(&again, &format!("{child_name}_copy2"));
}

#[test]
fn a_relationship_follows_the_conventions_and_is_added_once() {
    let mut doc = demo();
    doc.layout.conventions.on_delete = ReferentialAction::Restrict;
    let (parent, child) = referenced_pair(&doc);
    let pc = doc.schema.table(&parent).unwrap().columns[0].id.clone();
    let cc = doc
        .schema
        .table(&child)
        .unwrap()
        .columns
        .last()
        .unwrap()
        .id
        .clone();
    let before = doc.clone();
    let mut history = History::default();
    let mut added = false;
    run(&mut doc, &mut history, "Add relationship", |d| {
        added = edits::add_relationship(d, &child, &cc, &parent, &pc)
    });
    assert!(added);
    let t = doc.schema.table(&child).unwrap();
    let fk = t.foreign_keys.last().unwrap();
    assert_eq!((&fk.columns, &fk.ref_table), (&vec![cc.clone()], &parent));
    assert_eq!(fk.on_delete, ReferentialAction::Restrict);
    // The same again, or a column onto itself: nothing, and nothing recorded.
    let snapshot = doc.clone();
    assert!(!edits::add_relationship(
        &mut doc, &child, &cc, &parent, &pc
    ));
    assert!(!edits::add_relationship(&mut doc, &child, &cc, &child, &cc));
    assert_eq!(doc, snapshot);
    assert_undo_redo(&mut history, &mut doc, &before, "Add relationship");
}

#[test]
fn deleting_a_column_removes_every_key_index_and_relationship_naming_it() {
    let mut doc = demo();
    let (parent, _) = referenced_pair(&doc);
    // The parent's referenced column (its key).
    let key = doc
        .schema
        .tables
        .iter()
        .flat_map(|t| &t.foreign_keys)
        .find(|f| f.ref_table == parent)
        .unwrap()
        .ref_columns[0]
        .clone();
    doc.schema
        .tables
        .iter_mut()
        .find(|t| t.id == parent)
        .map(|t| {
            edits::set_unique(t, &key, true);
            edits::add_index(
                t,
                &t.column(&key).unwrap().name.clone(),
                false,
                IndexMethod::Btree,
                "",
            )
        })
        .unwrap();
    let before = doc.clone();
    let mut history = History::default();
    run(&mut doc, &mut history, "Delete column", |d| {
        edits::delete_column(d, &parent, &key)
    });
    let t = doc.schema.table(&parent).unwrap();
    assert!(t.column(&key).is_none());
    assert!(t
        .primary_key
        .as_ref()
        .is_none_or(|pk| !pk.columns.contains(&key)));
    assert!(t.uniques.iter().all(|u| !u.columns.contains(&key)));
    assert!(t.indexes.iter().all(|ix| ix
        .parts
        .iter()
        .all(|p| p.key != IndexKey::Column(key.clone()))));
    assert!(doc
        .schema
        .tables
        .iter()
        .flat_map(|t| &t.foreign_keys)
        .all(|f| !f.ref_columns.contains(&key)));
    assert_undo_redo(&mut history, &mut doc, &before, "Delete column");
}

fn blank_table() -> Table {
    let none = Conventions {
        primary_key: KeyStyle::None,
        audit: AuditColumns::None,
        ..Conventions::default()
    };
    let mut t = new_table(&none, Id::new("tb_t"), "t".into());
    edits::add_column(&mut t);
    edits::add_column(&mut t);
    edits::add_column(&mut t);
    t
}

#[test]
fn column_edits_change_one_column() {
    let mut t = blank_table();
    let names: Vec<&str> = t.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["new_column", "new_column_2", "new_column_3"]);
    let [a, b, c] = [0, 1, 2].map(|i| t.columns[i].id.clone());
    edits::rename_column(&mut t, &a, "  email ");
    assert_eq!(t.columns[0].name, "email");
    edits::move_column(&mut t, &a, true);
    assert_eq!(t.columns[0].id, a, "the first column stays first");
    edits::move_column(&mut t, &a, false);
    edits::move_column(&mut t, &c, false);
    let order: Vec<&Id> = t.columns.iter().map(|c| &c.id).collect();
    assert_eq!(order, [&b, &a, &c]);
    edits::set_column_type(&mut t, &b, ColumnType::Integer);
    edits::set_default(&mut t, &b, "42");
    assert_eq!(
        t.columns[0].default,
        Some(DefaultValue::Number("42".into()))
    );
    edits::set_identity(&mut t, &b, Some(Identity::ByDefault));
    assert_eq!(
        t.columns[0].default, None,
        "an identity column has no default"
    );
    assert!(t.columns[0].not_null);
    edits::set_generated(&mut t, &c, "  a + 1 ");
    assert_eq!(t.columns[2].generated.as_deref(), Some("a + 1"));
    edits::set_generated(&mut t, &c, " ");
    assert_eq!(t.columns[2].generated, None);
    edits::set_column_comment(&mut t, &c, "  ".into());
    assert_eq!(t.columns[2].comment, None);
    edits::set_table_schema(&mut t, " ");
    assert_eq!(t.schema, "public");
    edits::set_table_schema(&mut t, "billing");
    assert_eq!(t.schema, "billing");
}

#[test]
fn primary_key_and_unique_toggles() {
    let mut t = blank_table();
    let [a, b] = [0, 1].map(|i| t.columns[i].id.clone());
    edits::set_primary_key(&mut t, &a, true);
    edits::set_primary_key(&mut t, &b, true);
    edits::set_primary_key(&mut t, &b, true);
    assert_eq!(
        t.primary_key.as_ref().unwrap().columns,
        [a.clone(), b.clone()]
    );
    assert!(
        t.columns[0].not_null && t.columns[1].not_null,
        "key columns are NOT NULL"
    );
    edits::set_primary_key(&mut t, &a, false);
    edits::set_primary_key(&mut t, &b, false);
    assert!(t.primary_key.is_none(), "an empty key is dropped");
    edits::set_unique(&mut t, &a, true);
    edits::set_unique(&mut t, &a, true);
    assert_eq!(t.uniques.len(), 1);
    edits::set_unique(&mut t, &a, false);
    assert!(t.uniques.is_empty());
}

#[test]
fn indexes_and_checks_from_what_was_typed() {
    let mut t = blank_table();
    let a = t.columns[0].id.clone();
    let parts = edits::parse_index_parts(&t, "new_column DESC, lower(x) asc, ,");
    assert_eq!(parts.len(), 2);
    assert_eq!(
        (&parts[0].key, parts[0].descending),
        (&IndexKey::Column(a), true)
    );
    assert_eq!(
        (&parts[1].key, parts[1].descending),
        (&IndexKey::Expression("lower(x)".into()), false)
    );
    assert!(!edits::add_index(
        &mut t,
        " , ",
        true,
        IndexMethod::Btree,
        ""
    ));
    assert!(edits::add_index(
        &mut t,
        "new_column",
        true,
        IndexMethod::Gin,
        " deleted IS NULL "
    ));
    let ix = &t.indexes[0];
    assert!(ix.unique && ix.method == IndexMethod::Gin);
    assert_eq!(ix.predicate.as_deref(), Some("deleted IS NULL"));
    let ix = ix.id.clone();
    edits::delete_index(&mut t, &ix);
    assert!(t.indexes.is_empty());
    edits::add_check(&mut t, "  ");
    edits::add_check(&mut t, "a > 0");
    edits::add_check(&mut t, "b > 0");
    let names: Vec<&str> = t.checks.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["t_check", "t_check_2"]);
    let first = t.checks[0].id.clone();
    edits::delete_check(&mut t, &first);
    assert_eq!(t.checks[0].expression, "b > 0");
}

#[test]
fn defaults_read_as_typed_and_show_as_read() {
    use joinery_frontend::edits::{display_default, parse_default};
    let cases = [
        ("", ColumnType::Text, None),
        ("null", ColumnType::Text, Some(DefaultValue::Null)),
        (
            "TRUE",
            ColumnType::Boolean,
            Some(DefaultValue::Boolean(true)),
        ),
        (
            "1.5",
            ColumnType::Real,
            Some(DefaultValue::Number("1.5".into())),
        ),
        (
            "'it''s'",
            ColumnType::Text,
            Some(DefaultValue::String("it's".into())),
        ),
        (
            "draft",
            ColumnType::Text,
            Some(DefaultValue::String("draft".into())),
        ),
        (
            "now()",
            ColumnType::Text,
            Some(DefaultValue::Expression("now()".into())),
        ),
        (
            "1.5",
            ColumnType::Text,
            Some(DefaultValue::Expression("1.5".into())),
        ),
        (
            "{\"a\": 1}",
            ColumnType::Jsonb,
            Some(DefaultValue::Json(serde_json::json!({"a": 1}))),
        ),
    ];
    for (text, ty, expected) in cases {
        let got = parse_default(text, &ty);
        assert_eq!(got, expected, "{text:?} as {ty:?}");
        if let Some(v) = got {
            assert_eq!(
                parse_default(&display_default(&v), &ty),
                Some(v),
                "{text:?} round trip"
            );
        }
    }
}

#[test]
fn auto_layout_leaves_no_overlap_and_is_one_undoable_step() {
    let mut doc = demo();
    // Pile every card on the same spot first.
    for t in &doc.schema.tables {
        doc.layout.placements.insert(
            t.id.clone(),
            joinery_shared::model::Placement {
                x: 0.0,
                y: 0.0,
                color: None,
            },
        );
    }
    assert!(overlapping(&rects(&doc)).is_some());
    let before = doc.clone();
    let mut history = History::default();
    run(&mut doc, &mut history, "Auto-layout", edits::auto_layout);
    assert_eq!(overlapping(&rects(&doc)), None);
    assert_eq!(doc.schema, before.schema, "only the layout changes");
    assert_undo_redo(&mut history, &mut doc, &before, "Auto-layout");
}

#[test]
fn moves_colours_and_notes() {
    let mut doc = demo();
    doc.layout.notes.push(Note {
        id: Id::new("nt_1"),
        x: 10.0,
        y: 20.0,
        width: 100.0,
        height: 50.0,
        text: "hi".into(),
        color: None,
    });
    let before = doc.clone();
    let (moved, still) = (
        doc.schema.tables[0].id.clone(),
        doc.schema.tables[1].id.clone(),
    );
    let mut history = History::default();
    run(&mut doc, &mut history, "Move table", |d| {
        edits::move_tables(d, &[moved.clone()].into(), (40.0, -20.0))
    });
    let p0 = placement_of(&before, 0, &moved);
    let p = &doc.layout.placements[&moved];
    assert_eq!((p.x, p.y), (p0.x + 40.0, p0.y - 20.0));
    assert_eq!(
        placement_of(&doc, 1, &still),
        placement_of(&before, 1, &still)
    );
    assert_undo_redo(&mut history, &mut doc, &before, "Move table");
    edits::set_table_color(&mut doc, &moved, "#ff0000".into());
    let p = &doc.layout.placements[&moved];
    assert_eq!(p.color.as_deref(), Some("#ff0000"));
    assert_eq!(
        (p.x, p.y),
        (p0.x + 40.0, p0.y - 20.0),
        "colouring does not move"
    );
    edits::move_note(&mut doc, &Id::new("nt_1"), (5.0, 5.0));
    let note = doc.layout.notes.last().unwrap();
    assert_eq!((note.x, note.y), (15.0, 25.0));
}

#[test]
fn an_edit_that_changes_nothing_is_not_recorded() {
    let mut doc = Document::new(Schema::default());
    let mut history = History::default();
    run(&mut doc, &mut history, "Delete table", |d| {
        edits::delete_tables(d, &[Id::new("missing")].into())
    });
    assert_eq!(history.undo_label(), None);
}

#[test]
fn enum_types_are_added_named_reordered_and_undone() {
    let mut doc = Document::new(Schema::default());
    let mut history = History::default();
    let mut first = Id::new("");
    run(&mut doc, &mut history, "Add enum", |d| {
        first = edits::add_enum(d)
    });
    run(&mut doc, &mut history, "Add enum", |d| {
        edits::add_enum(d);
    });
    let names: Vec<&str> = doc.schema.enums.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(names, ["new_enum", "new_enum_2"]);
    assert_eq!(doc.schema.enums[0].values.len(), 1, "one placeholder value");
    let before = doc.clone();
    run(&mut doc, &mut history, "Edit enum", |d| {
        edits::rename_enum(d, &first, " status ");
        edits::add_enum_value(d, &first, "  ");
        edits::add_enum_value(d, &first, " active ");
        edits::add_enum_value(d, &first, "done");
        edits::move_enum_value(d, &first, 2, true);
        edits::move_enum_value(d, &first, 0, true);
        let placeholder = d.schema.enums[0].values[0].id.clone();
        edits::rename_enum_value(d, &first, &placeholder, "draft");
    });
    let e = &doc.schema.enums[0];
    assert_eq!(e.name, "status");
    let values: Vec<&str> = e.values.iter().map(|v| v.name.as_str()).collect();
    assert_eq!(values, ["draft", "done", "active"]);
    assert_undo_redo(&mut history, &mut doc, &before, "Edit enum");
    let done = doc.schema.enums[0].values[1].id.clone();
    edits::remove_enum_value(&mut doc, &first, &done);
    assert_eq!(doc.schema.enums[0].values.len(), 2);
    edits::delete_enum(&mut doc, &first);
    assert_eq!(doc.schema.enums.len(), 1);
}

#[test]
fn views_are_added_edited_and_deleted() {
    let mut doc = Document::new(Schema::default());
    let mut history = History::default();
    let mut id = Id::new("");
    run(&mut doc, &mut history, "Add view", |d| {
        id = edits::add_view(d)
    });
    assert_eq!(doc.schema.views[0].name, "view_1");
    let before = doc.clone();
    run(&mut doc, &mut history, "Edit view", |d| {
        edits::rename_view(d, &id, " active_users ");
        edits::set_materialized(d, &id, true);
        edits::set_view_query(d, &id, "SELECT 2".into());
    });
    let v = &doc.schema.views[0];
    assert_eq!(
        (v.name.as_str(), v.materialized, v.query.as_str()),
        ("active_users", true, "SELECT 2")
    );
    assert_undo_redo(&mut history, &mut doc, &before, "Edit view");
    edits::delete_view(&mut doc, &id);
    assert!(doc.schema.views.is_empty());
}

#[test]
fn notes_and_groups_are_layout_only_and_undoable() {
    let mut doc = demo();
    let before = doc.clone();
    let mut history = History::default();
    let (mut note, mut group) = (Id::new(""), Id::new(""));
    let tables = vec![doc.schema.tables[0].id.clone()];
    run(&mut doc, &mut history, "Annotate", |d| {
        note = edits::add_note(d, (10.4, 20.6), "Note");
        edits::set_note_text(d, &note, "Remember".into());
        group = edits::add_group(d, "Core".into(), tables.clone());
    });
    assert_eq!(
        doc.schema, before.schema,
        "notes and groups never change the schema"
    );
    let n = doc.layout.notes.iter().find(|n| n.id == note).unwrap();
    assert_eq!((n.x, n.y, n.text.as_str()), (10.0, 21.0, "Remember"));
    let g = doc.layout.groups.iter().find(|g| g.id == group).unwrap();
    assert_eq!((g.name.as_str(), &g.tables), ("Core", &tables));
    assert_undo_redo(&mut history, &mut doc, &before, "Annotate");
    edits::delete_note(&mut doc, &note);
    edits::ungroup(&mut doc, &group);
    assert!(doc == before);
}

#[test]
fn an_import_merges_or_replaces_and_lays_out_what_it_brings() {
    let design = demo();
    let imported =
        joinery_shared::import::import_sql("CREATE TABLE extra (id integer PRIMARY KEY);").document;
    let extra = imported.schema.tables[0].id.clone();
    // Merge: everything kept, the new table added and placed.
    let mut merged = design.clone();
    edits::import(&mut merged, imported.clone(), false);
    assert_eq!(merged.schema.tables.len(), design.schema.tables.len() + 1);
    assert!(merged.layout.placements.contains_key(&extra));
    assert_eq!(merged.schema.enums, design.schema.enums);
    // Importing the same again replaces it rather than adding it twice.
    edits::import(&mut merged, imported.clone(), false);
    assert_eq!(merged.schema.tables.len(), design.schema.tables.len() + 1);
    // Replace: only what was imported.
    let mut replaced = design.clone();
    edits::import(&mut replaced, imported, true);
    assert_eq!(replaced.schema.tables.len(), 1);
    assert!(replaced.layout.placements.contains_key(&extra));
}

#[test]
fn pulling_the_database_keeps_the_design_layout() {
    let design = demo();
    let mut database = design.clone();
    database.schema.tables.pop();
    database.layout = Default::default();
    let mut doc = design.clone();
    edits::pull_database(&mut doc, database.clone());
    assert_eq!(doc.schema, database.schema);
    assert_eq!(doc.layout, design.layout);
}

#[test]
fn row_level_security_edits_are_undoable() {
    use joinery_shared::model::PolicyCommand;
    let doc = demo();
    let mut history = History::default();
    let id = doc.schema.tables[0].id.clone();
    let on = history
        .edited("RLS", &doc, |d| {
            let t = d.schema.tables.iter_mut().find(|t| t.id == id).unwrap();
            edits::set_row_security(t, true, false);
            // INSERT takes no USING: only the WITH CHECK is kept.
            edits::add_policy(t, PolicyCommand::Insert, "true", "owner_id IS NOT NULL");
            // Nothing to check: no policy.
            edits::add_policy(t, PolicyCommand::Select, "  ", "");
        })
        .expect("a change");
    let t = on.schema.tables.iter().find(|t| t.id == id).unwrap();
    assert!(t.row_security.enabled && !t.row_security.forced);
    assert_eq!(t.policies.len(), 1);
    let p = &t.policies[0];
    assert_eq!(p.name, format!("{}_policy", t.name));
    assert_eq!(
        (p.using.as_deref(), p.with_check.as_deref()),
        (None, Some("owner_id IS NOT NULL"))
    );
    let pid = p.id.clone();
    let off = history
        .edited("Delete policy", &on, |d| {
            let t = d.schema.tables.iter_mut().find(|t| t.id == id).unwrap();
            edits::delete_policy(t, &pid);
        })
        .expect("a change");
    assert!(off
        .schema
        .tables
        .iter()
        .find(|t| t.id == id)
        .unwrap()
        .policies
        .is_empty());
    let mut current = off;
    history.undo(&mut current);
    assert_eq!(current, on);
    history.undo(&mut current);
    assert_eq!(current, doc);
}
