//! Live DDL of the whole schema or the selection, computed in the browser by `shared`.

use leptos::prelude::*;

use crate::export::download;
use crate::state::use_designer;

/// The SQL tab.
#[component]
pub fn SqlPanel() -> impl IntoView {
    let d = use_designer();
    let only_selection = RwSignal::new(false);
    let sql = Memo::new(move |_| {
        let selection: Vec<_> = d.selection.get().into_iter().collect();
        let only = only_selection.get() && !selection.is_empty();
        d.doc.with(|doc| {
            if only {
                joinery_shared::ddl::render_selection(&doc.schema, &selection)
            } else {
                joinery_shared::ddl::render_schema(&doc.schema)
            }
        })
    });
    let copy = move |_| {
        if let Some(clipboard) = web_sys::window().map(|w| w.navigator().clipboard()) {
            let _ = clipboard.write_text(&sql.get_untracked());
            d.status.set("SQL copied".into());
        }
    };
    view! {
        <div class="sql-panel">
            <div class="panel-actions">
                <label class="inline"><input type="checkbox" data-testid="sql-selection-only" prop:checked=move || only_selection.get() on:change=move |ev| only_selection.set(event_target_checked(&ev)) />" selection only"</label>
                <span class="spacer"></span>
                <button class="btn" on:click=copy>"Copy"</button>
                <button class="btn" on:click=move |_| download("schema.sql", "application/sql", &sql.get_untracked())>"Download"</button>
            </div>
            <pre class="sql" data-testid="sql-preview" tabindex="0" aria-label="DDL of the design">{move || sql.get()}</pre>
        </div>
    }
}
