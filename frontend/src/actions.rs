//! What the designer's buttons, keys and gestures do to the whole design: one edit from
//! [`crate::edits`] recorded as one undoable step, plus the view state around it (selection,
//! side panel, viewport, focus, status line).

use joinery_shared::model::{Document, Id, Schema};
use leptos::prelude::*;

use crate::dom::focus_and_select;
use crate::edits;
use crate::geometry::GRID;
use crate::ids::new_id;
use crate::state::{Designer, Panel};

/// Adds a table as the conventions say, placed in the middle of the view (or the nearest free
/// spot), selects it and puts the cursor in its name.
pub fn add_table(d: Designer) {
    let id = new_id("table");
    let (w, h) = d.canvas_size.get_untracked();
    let near = d
        .viewport
        .get_untracked()
        .to_world(w / 2.0 - 110.0, h / 2.0 - 80.0);
    d.edit("Add table", |doc| {
        edits::add_table(doc, id.clone(), near, GRID)
    });
    d.selection.set([id].into_iter().collect());
    d.panel.set(Panel::Table);
    focus_and_select("[data-testid=\"table-name\"]");
}

/// Deletes the selected tables and every relationship pointing at them.
pub fn delete_selection(d: Designer) {
    let selected = d.selection.get_untracked();
    if selected.is_empty() {
        return;
    }
    let label = if selected.len() == 1 {
        "Delete table".to_string()
    } else {
        format!("Delete {} tables", selected.len())
    };
    d.edit(&label, |doc| edits::delete_tables(doc, &selected));
    d.selection.set(Default::default());
}

/// Copies the selected tables and selects the copies.
pub fn duplicate_selection(d: Designer) {
    let selected = d.selection.get_untracked();
    if selected.is_empty() {
        return;
    }
    let mut copies = Default::default();
    d.edit("Duplicate", |doc| {
        copies = edits::duplicate_tables(doc, &selected)
    });
    d.selection.set(copies);
}

/// Re-lays out every table (one undoable step) and fits the view.
pub fn auto_layout(d: Designer) {
    d.edit("Auto-layout", edits::auto_layout);
    d.zoom_to_fit();
}

/// Starts a new design (empty or the demo), as an undoable edit.
pub fn new_design(d: Designer, demo: bool) {
    let doc = if demo {
        joinery_shared::demo::demo_document()
    } else {
        Document::new(Schema::default())
    };
    d.edit(
        if demo {
            "Load demo schema"
        } else {
            "New empty design"
        },
        |current| *current = doc,
    );
    d.selection.set(Default::default());
    if demo {
        d.zoom_to_fit();
    } else {
        d.viewport.set(Default::default());
    }
}

/// Adds a foreign key from `table.column` to `ref_table.ref_column` as one undoable edit.
pub fn create_relationship(d: Designer, table: &Id, column: &Id, ref_table: &Id, ref_column: &Id) {
    if table == ref_table && column == ref_column {
        return;
    }
    d.edit("Add relationship", |doc| {
        edits::add_relationship(doc, table, column, ref_table, ref_column);
    });
    d.status.set("Relationship added".into());
}
