//! A migration shown statement by statement, each with its hazards as coloured badges; used by
//! the Changes panel, the version comparison, the apply confirmation and the drift view.

use std::collections::HashMap;

use leptos::prelude::*;

use joinery_shared::plan::HazardKind;

use crate::api::{MigrationStatement, TableSize};

/// The CSS class of a hazard kind.
pub fn hazard_class(kind: HazardKind) -> &'static str {
    match kind {
        HazardKind::DeletesData | HazardKind::DataNotRestored => "hazard data-loss",
        HazardKind::MayFailOnExistingData => "hazard may-fail",
        HazardKind::LocksTable => "hazard locks",
        HazardKind::AuthorizationChange => "hazard authorization",
        HazardKind::NotTransactional => "hazard not-tx",
        HazardKind::IndexBuild | HazardKind::IndexDropped => "hazard",
    }
}

/// How many statements are added to the page at a time.
const CHUNK: usize = 100;

/// The statements, numbered, with their hazards.
///
/// A plan of a 1,000-table design has thousands of statements; making all their elements at
/// once blocks the main thread for a long moment (and did at every replan). So the list shows
/// the first [`CHUNK`] at once and adds the rest a chunk per timer tick: every statement still
/// appears, within moments, and typing and panning stay smooth meanwhile.
#[component]
pub fn StatementList(
    #[prop(into)] statements: Signal<Vec<MigrationStatement>>,
    #[prop(optional)] testid: Option<&'static str>,
    /// Table sizes on the target under review, by `schema.table`, shown with each lock.
    #[prop(optional, into)]
    sizes: Option<Signal<HashMap<String, TableSize>>>,
) -> impl IntoView {
    // Which list is shown (it changes with every new plan) and how many chunks of it.
    let generation = Memo::new(move |prev: Option<&u64>| {
        statements.track();
        prev.map_or(0, |p| p + 1)
    });
    let shown = RwSignal::new((0u64, 1usize));
    let chunks = move || {
        let g = generation.get();
        let n = shown.with(|(sg, n)| if *sg == g { *n } else { 1 });
        let total = statements.with(|ss| ss.len().div_ceil(CHUNK));
        (g, n.min(total), total)
    };
    Effect::new(move |_| {
        let (g, n, total) = chunks();
        if n < total {
            let grow = move || {
                // A tick of an older list never shrinks a newer one's.
                shown.try_update(|s| {
                    if s.0 <= g {
                        *s = (g, if s.0 == g { s.1.max(n) } else { n } + 1);
                    }
                });
            };
            gloo_timers::callback::Timeout::new(0, grow).forget();
        }
    });
    view! {
        <ol class="statements" data-testid=testid.unwrap_or("statements")>
            <For each=move || { let (g, n, _) = chunks(); (0..n).map(move |i| (g, i)).collect::<Vec<_>>() }
                key=|k| *k
                children=move |(_, i)| statements.with_untracked(|ss| {
                    let end = ((i + 1) * CHUNK).min(ss.len());
                    ss[(i * CHUNK).min(end)..end].iter().map(|s| statement(s, sizes)).collect_view()
                }) />
        </ol>
    }
}

/// One statement: its source, SQL, lock and hazards.
fn statement(
    s: &MigrationStatement,
    sizes: Option<Signal<HashMap<String, TableSize>>>,
) -> impl IntoView {
    let risky = !s.hazards.is_empty();
    let loses_data = s.loses_data();
    view! {
        <li class="statement" class:risky=risky class:data-loss=loses_data data-testid="statement">
            {s.source.clone().map(|src| view! { <div class="statement-source">{src}</div> })}
            <pre class="statement-sql" tabindex="0">{s.sql.clone()}</pre>
            {s.lock.clone().map(|lock| {
                let relation = lock.relation.clone();
                // The sizes may come after the list: this part follows them.
                let size = move || sizes.and_then(|m| m.with(|m| m.get(&relation).map(TableSize::describe)));
                view! {
                    <div class="statement-lock" data-testid="statement-lock" data-level=lock.level.name()>
                        {lock.describe()}
                        {move || size().map(|sz| view! { <span class="table-size" data-testid="table-size">{format!(" · {sz}")}</span> })}
                    </div>
                }
            })}
            {(!s.hazards.is_empty()).then(|| view! {
                <ul class="hazards">
                    {s.hazards.iter().map(|h| view! {
                        <li class=hazard_class(h.kind) data-testid="hazard" data-kind=h.kind.name() title=h.message.clone()>
                            <span class="hazard-label">{h.kind.label()}</span>
                            <span class="hazard-message">{h.message.clone()}</span>
                        </li>
                    }).collect_view()}
                </ul>
            })}
        </li>
    }
}
