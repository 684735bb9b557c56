//! The console's audit trail: the project's recent apply runs on any target (removed targets
//! included), newest first, each with who started it, from where, its outcome, and the SQL it
//! ran — unfolded on demand.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, ApplyRun};
use crate::sync::use_sync;

/// The run list; reloaded whenever `tick` changes (after an apply, a baseline, a removal).
#[component]
pub fn RunsList(#[prop(into)] tick: Signal<u32>) -> impl IntoView {
    let s = use_sync();
    let runs = RwSignal::new(None::<Result<Vec<ApplyRun>, String>>);
    Effect::new(move |_| {
        tick.track();
        let Some(id) = s.project_key.get() else {
            runs.set(None);
            return;
        };
        spawn_local(async move {
            runs.set(Some(api::list_runs(&id).await.map_err(|e| e.to_string())));
        });
    });
    view! {
        <h3>"Recent applies"</h3>
        {move || match runs.get() {
            None => view! { <p class="panel-hint">"…"</p> }.into_any(),
            Some(Err(e)) => view! { <p class="error-text">{e}</p> }.into_any(),
            Some(Ok(list)) if list.is_empty() => view! { <p class="panel-hint" data-testid="no-runs">"Nothing applied yet."</p> }.into_any(),
            Some(Ok(list)) => view! {
                <ol class="runs" data-testid="runs">
                    {list.into_iter().map(run_row).collect_view()}
                </ol>
            }.into_any(),
        }}
    }
}

fn run_row(run: ApplyRun) -> impl IntoView {
    let when = run
        .started_at
        .get(..19)
        .unwrap_or(&run.started_at)
        .replace('T', " ");
    let what = match (run.kind.as_str(), run.to_version) {
        ("direct", Some(v)) => format!("version {v} directly"),
        _ => "pending migrations".to_string(),
    };
    let target = run
        .target_name
        .clone()
        .unwrap_or_else(|| run.target_id.clone());
    let actor = run.actor.clone().unwrap_or_else(|| "unknown".into());
    let client = run.client.clone().unwrap_or_default();
    let error = run.error();
    let sql = run.sql.clone().filter(|s| !s.trim().is_empty());
    view! {
        <li class="run" data-testid="run" data-status=run.status.clone() data-kind=run.kind.clone()>
            <div class="run-head">
                <span class=format!("state {}", run.status)>{run.status.clone()}</span>
                <strong class="run-target">{target}</strong>
                <span>{what}</span>
                <span class="spacer"></span>
                <span class="muted mono">{when}</span>
            </div>
            <div class="run-who" data-testid="run-actor" title=client.clone()>{format!("by {actor} · {client}")}</div>
            {error.map(|e| view! { <pre class="db-error run-error" tabindex="0" data-testid="run-error">{e}</pre> })}
            {sql.map(|sql| view! {
                <details class="run-sql">
                    <summary>"SQL"</summary>
                    <pre class="sql" tabindex="0" data-testid="run-sql">{sql}</pre>
                </details>
            })}
        </li>
    }
}
