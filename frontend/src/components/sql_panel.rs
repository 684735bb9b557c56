//! Live DDL of the whole schema or the selection, rendered by the engine worker from `shared`.
//! The answer comes asynchronously: until it does, the preview keeps the previous text and says
//! it is busy (`aria-busy`), and before the worker has started it says the engine is loading.

use leptos::prelude::*;

use crate::engine::{self, EngineState};
use crate::export::download;
use crate::protocol::{Kind, Request, Response, Slot};
use crate::state::use_designer;

/// The SQL tab.
#[component]
pub fn SqlPanel() -> impl IntoView {
    let d = use_designer();
    let only_selection = RwSignal::new(false);
    // The newest DDL the engine answered, and whether a newer one is being rendered.
    let sql = RwSignal::new(None::<String>);
    let busy = RwSignal::new(true);
    Effect::new(move |_| {
        let selection: Vec<_> = d.selection.get().into_iter().collect();
        let only = only_selection.get() && !selection.is_empty();
        d.doc.with(|doc| engine::sync(Slot::Draft, &doc.schema));
        busy.set(true);
        let request = Request::Ddl {
            selection: only.then_some(selection),
        };
        engine::request(request, move |response| {
            if let Response::Ddl(text) = response {
                sql.try_set(Some(text));
                busy.try_set(false);
            }
        });
    });
    // A preview nobody sees is not read when it comes.
    on_cleanup(|| engine::cancel(Kind::Ddl));
    let engine_state = engine::state();
    let text = move || match (sql.get(), engine_state.get()) {
        (Some(text), _) => text,
        (None, EngineState::Failed) => "-- The engine could not be loaded: reload the page.".into(),
        (None, _) => "-- Engine loading…".into(),
    };
    let sql_text = move || sql.get_untracked().unwrap_or_default();
    let copy = move |_| {
        if let Some(clipboard) = web_sys::window().map(|w| w.navigator().clipboard()) {
            let _ = clipboard.write_text(&sql_text());
            d.status.set("SQL copied".into());
        }
    };
    view! {
        <div class="sql-panel">
            <div class="panel-actions">
                <label class="inline"><input type="checkbox" data-testid="sql-selection-only" prop:checked=move || only_selection.get() on:change=move |ev| only_selection.set(event_target_checked(&ev)) />" selection only"</label>
                <span class="spacer"></span>
                <button class="btn" on:click=copy>"Copy"</button>
                <button class="btn" on:click=move |_| download("schema.sql", "application/sql", &sql_text()) disabled=move || sql.with(Option::is_none)>"Download"</button>
            </div>
            <pre class="sql" class:loading=move || sql.with(Option::is_none) data-testid="sql-preview" tabindex="0" aria-label="DDL of the design"
                aria-busy=move || if busy.get() && engine_state.get() != EngineState::Failed { "true" } else { "false" }>{text}</pre>
        </div>
    }
}
