//! A target's less frequent tools, folded under "More": apply a saved version directly from the
//! target's live schema (the way past a version that failed there), mark the target as being at a
//! version it already matches (baseline), and the target's own timeouts for applies.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, Target};
use crate::sync::use_sync;

/// The folded tools of a target card. `on_direct` opens the apply dialog for a version;
/// `on_changed` refreshes the card after a baseline.
#[component]
pub fn TargetTools(
    target: Target,
    on_direct: Callback<i64>,
    on_changed: Callback<()>,
) -> impl IntoView {
    let s = use_sync();
    let tid = StoredValue::new(target.id.clone());
    let chosen = RwSignal::new(None::<i64>);
    let note = RwSignal::new(None::<Result<String, String>>);
    let ms = |v: Option<u64>| v.map(|v| v.to_string()).unwrap_or_default();
    let lock_timeout = RwSignal::new(ms(target.defaults.lock_timeout_ms));
    let statement_timeout = RwSignal::new(ms(target.defaults.statement_timeout_ms));
    let retries = RwSignal::new(
        target
            .defaults
            .lock_retries
            .map(|v| v.to_string())
            .unwrap_or_default(),
    );
    // The newest version by default.
    Effect::new(move |_| {
        let newest = s.versions.with(|v| v.iter().map(|v| v.number).max());
        if chosen.get_untracked().is_none() {
            chosen.set(newest);
        }
    });

    let baseline = move |_| {
        let (Some(id), Some(v)) = (s.project_id(), chosen.get_untracked()) else {
            return;
        };
        spawn_local(async move {
            let r = match api::baseline(&id, &tid.get_value(), v).await {
                Ok(_) => Ok(format!(
                    "Recorded: the target is at version {v} (nothing was run)."
                )),
                Err(e) if e.is_conflict() => Err(format!(
                    "The database does not match version {v}, so nothing was recorded. Check \
                     drift against it, or apply version {v} directly."
                )),
                Err(e) => Err(e.to_string()),
            };
            note.set(Some(r));
            on_changed.run(());
        });
    };
    let parse = |text: String, what: &str| -> Result<Option<u64>, String> {
        let t = text.trim();
        if t.is_empty() {
            return Ok(None);
        }
        t.parse::<u64>()
            .map(Some)
            .map_err(|_| format!("{what} must be a whole number (or empty for the default)"))
    };
    let save = move |_| {
        let Some(id) = s.project_id() else { return };
        let values = (|| {
            Ok::<_, String>((
                parse(lock_timeout.get_untracked(), "The lock timeout")?,
                parse(statement_timeout.get_untracked(), "The statement timeout")?,
                parse(retries.get_untracked(), "Retries")?
                    .map(|n| u32::try_from(n).unwrap_or(u32::MAX)),
            ))
        })();
        let (lock, statement, tries) = match values {
            Ok(v) => v,
            Err(e) => {
                note.set(Some(Err(e)));
                return;
            }
        };
        spawn_local(async move {
            let r = api::set_target_defaults(&id, &tid.get_value(), lock, statement, tries).await;
            note.set(Some(
                r.map(|_| "Saved: the next applies to this target use these.".to_string())
                    .map_err(|e| e.to_string()),
            ));
        });
    };

    view! {
        <details class="target-tools" data-testid="target-tools">
            <summary>"More: apply a version directly, baseline, timeouts"</summary>
            <div class="tools-row">
                <label>"Version "
                    <select data-testid="tool-version" aria-label="Version" on:change=move |ev| chosen.set(event_target_value(&ev).parse().ok())>
                        {move || s.versions.get().into_iter().rev().map(|v| {
                            let n = v.number;
                            view! { <option value=n.to_string() selected=move || chosen.get() == Some(n)>{format!("v{n} — {}", v.message)}</option> }
                        }).collect_view()}
                    </select>
                </label>
                <button class="btn" data-testid="apply-direct" disabled=move || chosen.get().is_none()
                    title="Plan from what the database is now to this version, review it, and apply it (skips versions that failed here)"
                    on:click=move |_| if let Some(v) = chosen.get_untracked() { on_direct.run(v) }>"Apply directly…"</button>
                <button class="btn" data-testid="baseline" disabled=move || chosen.get().is_none()
                    title="The database already has this version's schema: record it (and the versions before it) as applied, running nothing"
                    on:click=baseline>"Mark as at this version"</button>
            </div>
            <form class="tools-row timeouts" on:submit=move |ev| { ev.prevent_default(); save(()); }>
                <label>"Lock timeout (ms) "<input type="number" min="0" placeholder="5000" data-testid="lock-timeout" prop:value=move || lock_timeout.get() on:input=move |ev| lock_timeout.set(event_target_value(&ev)) /></label>
                <label>"Statement timeout (ms) "<input type="number" min="0" placeholder="none" data-testid="statement-timeout" prop:value=move || statement_timeout.get() on:input=move |ev| statement_timeout.set(event_target_value(&ev)) /></label>
                <label>"Lock retries "<input type="number" min="0" max="20" placeholder="3" data-testid="lock-retries" prop:value=move || retries.get() on:input=move |ev| retries.set(event_target_value(&ev)) /></label>
                <button class="btn" type="submit" data-testid="save-timeouts">"Save"</button>
            </form>
            {move || note.get().map(|r| match r {
                Ok(t) => view! { <p class="ok-text" data-testid="tools-note">{t}</p> }.into_any(),
                Err(e) => view! { <p class="error-text" data-testid="tools-note">{e}</p> }.into_any(),
            })}
        </details>
    }
}
