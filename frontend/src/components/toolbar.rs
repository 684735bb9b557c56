//! The header toolbar (its actions are in [`crate::actions`]).

use leptos::prelude::*;

use crate::actions::{add_table, auto_layout, new_design};
use crate::dom::{close_menu, toggle_theme};
use crate::state::use_designer;

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
            <button class="btn" title="Toggle dark mode" aria-label="Toggle dark mode" data-testid="theme-toggle" on:click=move |_| toggle_theme()>"◐"</button>
        </header>
    }
}
