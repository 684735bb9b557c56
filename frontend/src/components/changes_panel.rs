//! The Changes tab: the migration from the last saved version to the draft, recomputed as the
//! user edits. It is planned in the browser's engine worker by the same shared code the server
//! uses for stored migrations (`joinery_shared::plan::migrate`, which also says that equivalent
//! schemas need no SQL), so it needs no round trip, works offline and never blocks typing. While
//! a plan is being made the panel says so (`aria-busy`) and keeps showing the previous one.

use gloo_timers::callback::Timeout;
use joinery_shared::model::Schema;
use joinery_shared::wire::{script, MigrationStatement};
use leptos::prelude::*;

use crate::components::statement_list::StatementList;
use crate::engine::{self, EngineState};
use crate::export::download;
use crate::protocol::{Kind, Request, Response, Slot};
use crate::state::use_designer;
use crate::sync::use_sync;

/// The Changes tab.
#[component]
pub fn ChangesPanel() -> impl IntoView {
    let d = use_designer();
    let s = use_sync();
    let online = RwSignal::new(false);
    // Bumped at each pause in editing: planning on every keystroke is wasted work.
    let settled = RwSignal::new(0u64);
    // Each edit replaces the pending timer; a replaced (dropped) timer never fires.
    let pending = StoredValue::new_local(None::<Timeout>);
    Effect::new(move |first: Option<()>| {
        d.doc.track();
        if first.is_none() {
            return;
        }
        pending.set_value(Some(Timeout::new(300, move || settled.update(|n| *n += 1))));
    });
    // Leaving the tab cancels the pending replan, and the answer of the one being made is not
    // read when it comes.
    on_cleanup(move || {
        pending.set_value(None);
        engine::cancel(Kind::Plan);
    });
    let base = Memo::new(move |_| s.last_version.with(|l| l.as_ref().map(|(n, _)| *n)));
    // The newest plan the engine answered, and whether a newer one is being made.
    let planned = RwSignal::new(None::<Vec<MigrationStatement>>);
    let busy = RwSignal::new(true);
    Effect::new(move |_| {
        settled.track();
        // The worker plans from its copies: bring them up to the last version and the draft.
        s.last_version.with(|l| match l {
            Some((_, doc)) => engine::sync(Slot::Base, &doc.schema),
            None => engine::sync(Slot::Base, &Schema::default()),
        });
        d.doc
            .with_untracked(|doc| engine::sync(Slot::Draft, &doc.schema));
        let request = Request::Plan {
            online: online.get(),
        };
        busy.set(true);
        engine::request(request, move |response| {
            if let Response::Plan(statements) = response {
                planned.try_set(Some(statements));
                busy.try_set(false);
            }
        });
    });
    let engine_state = engine::state();
    let statements = Memo::new(move |_| planned.get().unwrap_or_default());
    let known = move || planned.with(Option::is_some);
    let hazard_count = Memo::new(move |_| {
        statements.with(|ss| ss.iter().filter(|s| !s.hazards.is_empty()).count())
    });
    let name = move || match base.get() {
        Some(n) => format!("from version {n} to the draft"),
        None => "from an empty database to the draft (no version saved yet)".into(),
    };
    view! {
        <div class="changes-panel" data-testid="changes-panel"
            aria-busy=move || if busy.get() && engine_state.get() != EngineState::Failed { "true" } else { "false" }>
            <div class="panel-actions">
                <span class="muted" data-testid="changes-base">{name}</span>
            </div>
            <div class="panel-actions">
                <label class="inline"><input type="checkbox" data-testid="changes-online" prop:checked=move || online.get() on:change=move |ev| online.set(event_target_checked(&ev)) />" online-friendly"</label>
                <span class="spacer"></span>
                <span class="muted" data-testid="changes-summary">{move || {
                    match (known(), engine_state.get()) {
                        (false, EngineState::Failed) => return "the engine could not be loaded: reload the page".to_string(),
                        (false, EngineState::Loading) => return "Engine loading…".to_string(),
                        (false, EngineState::Ready) => return "planning…".to_string(),
                        (true, _) => {}
                    }
                    let n = statements.with(Vec::len);
                    let h = hazard_count.get();
                    if n == 0 { "no changes".to_string() } else { format!("{n} statement(s), {h} with hazards") }
                }}</span>
                <button class="btn" data-testid="changes-download" disabled=move || !known() || statements.with(Vec::is_empty)
                    on:click=move |_| {
                        let file = match base.get_untracked() { Some(n) => format!("v{n}_to_draft.sql"), None => "draft.sql".into() };
                        download(&file, "application/sql", &statements.with_untracked(|s| script(s)));
                    }>"Download .sql"</button>
            </div>
            {move || (known() && statements.with(Vec::is_empty)).then(|| view! { <p class="panel-hint">"The draft matches the last version."</p> })}
            <StatementList statements=Signal::derive(move || statements.get()) testid="changes-statements" />
        </div>
    }
}
