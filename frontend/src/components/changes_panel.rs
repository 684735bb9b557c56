//! The Changes tab: the migration from the last saved version to the draft, recomputed as the
//! user edits. It is planned in the browser by the same shared code the server uses for stored
//! migrations (`joinery_shared::plan::migrate`, which also says that equivalent schemas need no
//! SQL), so it needs no round trip and works offline.

use gloo_timers::callback::Timeout;
use joinery_shared::model::Schema;
use joinery_shared::plan::{migrate, PlanOptions};
use joinery_shared::wire::{script, MigrationStatement};
use leptos::prelude::*;

use crate::components::statement_list::StatementList;
use crate::export::download;
use crate::state::use_designer;
use crate::sync::use_sync;

/// The migration from `from` to `to`, as the server would plan it.
pub fn plan_between(from: &Schema, to: &Schema, online: bool) -> Vec<MigrationStatement> {
    migrate(from, to, &PlanOptions { online })
        .statements
        .iter()
        .map(MigrationStatement::from)
        .collect()
}

/// The Changes tab.
#[component]
pub fn ChangesPanel() -> impl IntoView {
    let d = use_designer();
    let s = use_sync();
    let online = RwSignal::new(false);
    // The document as of the last pause in editing (planning on every keystroke is wasted work).
    let settled = RwSignal::new(d.doc.get_untracked().schema);
    // Each edit replaces the pending timer; a replaced (dropped) timer never fires.
    let pending = StoredValue::new_local(None::<Timeout>);
    Effect::new(move |first: Option<()>| {
        d.doc.track();
        if first.is_none() {
            return;
        }
        pending.set_value(Some(Timeout::new(300, move || {
            settled.set(d.doc.with_untracked(|doc| doc.schema.clone()))
        })));
    });
    // Leaving the tab cancels the pending replan.
    on_cleanup(move || pending.set_value(None));
    let base = Memo::new(move |_| {
        s.last_version
            .with(|l| l.as_ref().map(|(n, doc)| (*n, doc.schema.clone())))
    });
    let statements = Memo::new(move |_| {
        let empty = Schema::default();
        base.with(|b| {
            let from = b.as_ref().map(|(_, s)| s).unwrap_or(&empty);
            settled.with(|to| plan_between(from, to, online.get()))
        })
    });
    let hazard_count = Memo::new(move |_| {
        statements.with(|ss| ss.iter().filter(|s| !s.hazards.is_empty()).count())
    });
    let name = move || match base.with(|b| b.as_ref().map(|b| b.0)) {
        Some(n) => format!("from version {n} to the draft"),
        None => "from an empty database to the draft (no version saved yet)".into(),
    };
    view! {
        <div class="changes-panel" data-testid="changes-panel">
            <div class="panel-actions">
                <span class="muted" data-testid="changes-base">{name}</span>
            </div>
            <div class="panel-actions">
                <label class="inline"><input type="checkbox" data-testid="changes-online" prop:checked=move || online.get() on:change=move |ev| online.set(event_target_checked(&ev)) />" online-friendly"</label>
                <span class="spacer"></span>
                <span class="muted" data-testid="changes-summary">{move || {
                    let n = statements.with(Vec::len);
                    let h = hazard_count.get();
                    if n == 0 { "no changes".to_string() } else { format!("{n} statement(s), {h} with hazards") }
                }}</span>
                <button class="btn" data-testid="changes-download" disabled=move || statements.with(Vec::is_empty)
                    on:click=move |_| {
                        let file = match base.with_untracked(|b| b.as_ref().map(|b| b.0)) { Some(n) => format!("v{n}_to_draft.sql"), None => "draft.sql".into() };
                        download(&file, "application/sql", &statements.with_untracked(|s| script(s)));
                    }>"Download .sql"</button>
            </div>
            {move || statements.with(Vec::is_empty).then(|| view! { <p class="panel-hint">"The draft matches the last version."</p> })}
            <StatementList statements=Signal::derive(move || statements.get()) testid="changes-statements" />
        </div>
    }
}
