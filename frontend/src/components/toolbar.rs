//! The header toolbar and the document-level actions it (and the keyboard) triggers.

use joinery_shared::model::{Document, Id, Placement, Schema, Table};
use leptos::prelude::*;

use crate::ids::new_id;
use crate::state::{use_designer, Designer, Panel};

/// Adds a table with Drizzle-style essentials (uuid PK with gen_random_uuid(), audit columns),
/// placed in the middle of the view (or the nearest free spot), and selects it.
pub fn add_table(d: Designer) {
    let id = new_id("table");
    let (w, h) = d.canvas_size.get_untracked();
    let (cx, cy) = d
        .viewport
        .get_untracked()
        .to_world(w / 2.0 - 110.0, h / 2.0 - 80.0);
    let name = d.doc.with_untracked(|doc| {
        let taken: std::collections::HashSet<&str> =
            doc.schema.tables.iter().map(|t| t.name.as_str()).collect();
        (1..)
            .map(|n| {
                if n == 1 {
                    "new_table".to_string()
                } else {
                    format!("new_table_{n}")
                }
            })
            .find(|n| !taken.contains(n.as_str()))
            .unwrap_or_default()
    });
    let table = d
        .doc
        .with_untracked(|doc| crate::edits::new_table(&doc.layout.conventions, id.clone(), name));
    let snap = |v: f64| crate::geometry::snap(v, crate::state::GRID);
    let size = d.doc.with_untracked(|doc| {
        let at = Placement {
            x: 0.0,
            y: 0.0,
            color: None,
        };
        let r = crate::geometry::card_rect(&doc.schema, &table, &at);
        (r.w, r.h)
    });
    let (x, y) = d.doc.with_untracked(|doc| {
        crate::geometry::free_spot(doc, (snap(cx), snap(cy)), size, crate::state::GRID)
    });
    d.edit("Add table", |doc| {
        doc.layout.placements.insert(
            id.clone(),
            Placement {
                x: snap(x),
                y: snap(y),
                color: None,
            },
        );
        doc.schema.tables.push(table);
    });
    d.selection.set([id].into_iter().collect());
    d.panel.set(Panel::Table);
    crate::edits::focus_and_select("[data-testid=\"table-name\"]");
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
    d.edit(&label, |doc| {
        doc.schema.tables.retain(|t| !selected.contains(&t.id));
        for t in doc.schema.tables.iter_mut() {
            t.foreign_keys.retain(|f| !selected.contains(&f.ref_table));
        }
        for id in &selected {
            doc.layout.placements.remove(id);
        }
        for g in doc.layout.groups.iter_mut() {
            g.tables.retain(|t| !selected.contains(t));
        }
    });
    d.selection.set(Default::default());
}

/// Copies the selected tables (new ids, `_copy` names, offset), keeping FKs among the copies and
/// to tables outside the selection.
pub fn duplicate_selection(d: Designer) {
    let selected = d.selection.get_untracked();
    if selected.is_empty() {
        return;
    }
    let mut new_selection = std::collections::BTreeSet::new();
    d.edit("Duplicate", |doc| {
        let mut id_map: std::collections::HashMap<Id, Id> = Default::default();
        let originals: Vec<(usize, Table)> = doc
            .schema
            .tables
            .iter()
            .cloned()
            .enumerate()
            .filter(|(_, t)| selected.contains(&t.id))
            .collect();
        for (_, t) in &originals {
            id_map.insert(t.id.clone(), new_id("table"));
            for c in &t.columns {
                id_map.insert(c.id.clone(), new_id("column"));
            }
        }
        let map = |id: &Id| id_map.get(id).cloned().unwrap_or_else(|| id.clone());
        let names: std::collections::HashSet<String> =
            doc.schema.tables.iter().map(|t| t.name.clone()).collect();
        for (index, t) in originals {
            let mut copy = t.clone();
            copy.id = map(&t.id);
            copy.name = (1..)
                .map(|n| {
                    if n == 1 {
                        format!("{}_copy", t.name)
                    } else {
                        format!("{}_copy{n}", t.name)
                    }
                })
                .find(|n| !names.contains(n))
                .unwrap_or_default();
            for c in copy.columns.iter_mut() {
                c.id = map(&c.id);
            }
            if let Some(pk) = &mut copy.primary_key {
                pk.id = new_id("primary_key");
                pk.name = None;
                pk.columns = pk.columns.iter().map(map).collect();
            }
            for u in copy.uniques.iter_mut() {
                u.id = new_id("unique");
                u.name = None;
                u.columns = u.columns.iter().map(map).collect();
            }
            for ck in copy.checks.iter_mut() {
                ck.id = new_id("check");
                ck.name = format!("{}_{}", copy.name, ck.name);
            }
            for fk in copy.foreign_keys.iter_mut() {
                fk.id = new_id("foreign_key");
                fk.name = None;
                fk.columns = fk.columns.iter().map(map).collect();
                fk.ref_table = map(&fk.ref_table);
                fk.ref_columns = fk.ref_columns.iter().map(map).collect();
            }
            for ix in copy.indexes.iter_mut() {
                ix.id = new_id("index");
                ix.name = None;
                for p in ix.parts.iter_mut() {
                    if let joinery_shared::model::IndexKey::Column(c) = &mut p.key {
                        *c = map(c);
                    }
                }
                ix.include = ix.include.iter().map(map).collect();
            }
            let mut place = crate::geometry::placement_of(doc, index, &t.id);
            place.x += 40.0;
            place.y += 40.0;
            doc.layout.placements.insert(copy.id.clone(), place);
            new_selection.insert(copy.id.clone());
            doc.schema.tables.push(copy);
        }
    });
    d.selection.set(new_selection);
}

/// Re-lays out every table (one undoable step) and fits the view.
pub fn auto_layout(d: Designer) {
    let placements = d.doc.with_untracked(crate::autolayout::layered_layout);
    d.edit("Auto-layout", |doc| {
        for (id, p) in placements {
            doc.layout.placements.insert(id, p);
        }
    });
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

/// Closes the `<details>` menu an item was clicked in, so it does not stay over the canvas.
pub fn close_menu(ev: &leptos::ev::MouseEvent) {
    use wasm_bindgen::JsCast;
    if let Some(details) = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|el| el.closest("details").ok().flatten())
    {
        let _ = details.remove_attribute("open");
    }
}

/// The header.
#[component]
pub fn Toolbar() -> impl IntoView {
    let d = use_designer();
    let undo_title = move || {
        d.history_labels
            .get()
            .0
            .map(|l| format!("Undo {l} (Ctrl+Z)"))
            .unwrap_or_else(|| "Nothing to undo".into())
    };
    let redo_title = move || {
        d.history_labels
            .get()
            .1
            .map(|l| format!("Redo {l} (Ctrl+Shift+Z)"))
            .unwrap_or_else(|| "Nothing to redo".into())
    };
    view! {
        <header class="topbar">
            <span class="brand">"Joinery"</span>
            <span class="project-name" data-testid="project-name">{move || d.project_name.get()}</span>
            <span class="divider"></span>
            <button class="btn primary" data-testid="add-table" title="Add table (T)" on:click=move |_| add_table(d)>"+ Table"</button>
            <button class="btn" data-testid="undo" title=undo_title disabled=move || d.history_labels.get().0.is_none() on:click=move |_| d.undo()>"Undo"</button>
            <button class="btn" data-testid="redo" title=redo_title disabled=move || d.history_labels.get().1.is_none() on:click=move |_| d.redo()>"Redo"</button>
            <button class="btn" data-testid="add-note" title="Add a sticky note" on:click=move |_| crate::components::notes::add_note(d)>"+ Note"</button>
            <button class="btn" data-testid="group-selection" title="Group the selected tables" on:click=move |_| crate::components::notes::group_selection(d)>"Group"</button>
            <button class="btn" data-testid="auto-layout" title="Arrange tables by their relationships" on:click=move |_| auto_layout(d)>"Auto-layout"</button>
            <button class="btn" data-testid="open-import" title="Import SQL (pg_dump, DDL, drizzle-kit migrations)" on:click=move |_| d.import_open.set(true)>"Import SQL"</button>
            <crate::components::export_menu::ExportMenu />
            <details class="menu">
                <summary class="btn">"New"</summary>
                <div class="menu-items" on:click=|ev| close_menu(&ev)>
                    <button class="btn" data-testid="new-empty" on:click=move |_| new_design(d, false)>"Empty design"</button>
                    <button class="btn" data-testid="new-demo" on:click=move |_| new_design(d, true)>"Demo schema"</button>
                </div>
            </details>
            <span class="spacer"></span>
            <span class="status" data-testid="status" role="status">{move || d.status.get()}</span>
            <crate::components::sync_badge::SyncBadge />
            <label class="inline snap-toggle" title="Snap to grid">
                <input type="checkbox" prop:checked=move || d.snap.get() on:change=move |ev| d.snap.set(event_target_checked(&ev)) />" snap"
            </label>
            <button class="btn" title="Toggle dark mode" aria-label="Toggle dark mode" data-testid="theme-toggle" on:click=move |_| crate::app::toggle_theme()>"◐"</button>
        </header>
    }
}
