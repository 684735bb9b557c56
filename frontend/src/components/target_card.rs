//! One target database in the console: connection test, migration status (applied, pending,
//! failed, edited after applying, unknown), apply and drift.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, Drift, Target, TargetStatus};
use crate::components::apply_dialog::ApplyDialog;
use crate::components::drift_view::DriftView;
use crate::components::target_tools::TargetTools;
use crate::sync::use_sync;

/// A target's card.
#[component]
pub fn TargetCard(
    target: Target,
    on_removed: Callback<String>,
    /// Something happened that the run list should show (an apply closed, a baseline).
    on_activity: Callback<()>,
) -> impl IntoView {
    let s = use_sync();
    let tid = StoredValue::new(target.id.clone());
    let tname = StoredValue::new(target.name.clone());
    let status = RwSignal::new(None::<Result<TargetStatus, String>>);
    let test = RwSignal::new(None::<Result<String, String>>);
    let drift = RwSignal::new(None::<Result<Drift, String>>);
    let applying = RwSignal::new(false);
    // A version being applied directly (planned from the live schema).
    let direct = RwSignal::new(None::<i64>);
    let busy = RwSignal::new(false);

    let refresh = move || {
        let Some(id) = s.project_id() else { return };
        spawn_local(async move {
            let r = api::target_status(&id, &tid.get_value()).await;
            status.set(Some(r.map_err(|e| e.to_string())));
        });
    };
    // Status now, and again whenever a version is added.
    Effect::new(move |_| {
        s.versions.track();
        refresh();
    });

    let run_test = move |_| {
        let Some(id) = s.project_id() else { return };
        busy.set(true);
        spawn_local(async move {
            let r = match api::test_target(&id, &tid.get_value()).await {
                Ok(t) if t.ok => Ok(format!(
                    "connected: PostgreSQL {}",
                    t.server_version.unwrap_or_default()
                )),
                Ok(t) => Err(t
                    .error
                    .map(|e| e.message)
                    .unwrap_or_else(|| "cannot connect".into())),
                Err(e) => Err(e.to_string()),
            };
            test.set(Some(r));
            busy.set(false);
        });
    };
    let check_drift = move |_| {
        let Some(id) = s.project_id() else { return };
        busy.set(true);
        spawn_local(async move {
            let r = api::target_drift(&id, &tid.get_value(), false).await;
            drift.set(Some(r.map_err(|e| e.to_string())));
            busy.set(false);
        });
    };
    let remove = move |_| {
        let Some(id) = s.project_id() else { return };
        let confirmed = web_sys::window()
            .and_then(|w| {
                w.confirm_with_message(
                    "Remove this target from the project? The database itself is not touched.",
                )
                .ok()
            })
            .unwrap_or(false);
        if !confirmed {
            return;
        }
        spawn_local(async move {
            let t = tid.get_value();
            if api::delete_target(&id, &t).await.is_ok() {
                on_removed.run(t);
                on_activity.run(());
            }
        });
    };

    let pending_count = move || {
        status.with(|s| {
            s.as_ref()
                .and_then(|s| s.as_ref().ok())
                .map(|s| s.pending.len())
                .unwrap_or(0)
        })
    };

    view! {
        <div class="target-card" data-testid="target" data-target=target.name.clone()>
            <div class="target-head">
                <strong class="target-name">{target.name.clone()}</strong>
                <code class="target-url" data-testid="target-url-shown" title=target.password_note()>{target.url.clone()}</code>
                <span class="spacer"></span>
                <button class="icon-btn danger" title="Remove target" on:click=remove>"×"</button>
            </div>
            <div class="hint target-secret" data-testid="target-password">{target.password_note()}</div>
            <div class="panel-actions">
                <button class="btn" data-testid="test-target" disabled=move || busy.get() on:click=run_test>"Test connection"</button>
                <button class="btn" data-testid="refresh-status" on:click=move |_| refresh()>"Refresh"</button>
                <button class="btn primary" data-testid="apply" disabled=move || pending_count() == 0 on:click=move |_| applying.set(true)>
                    {move || format!("Apply ({})", pending_count())}
                </button>
                <button class="btn" data-testid="check-drift" disabled=move || busy.get() on:click=check_drift>"Check drift"</button>
            </div>
            {move || test.get().map(|r| match r {
                Ok(t) => view! { <p class="ok-text" data-testid="test-result">{t}</p> }.into_any(),
                Err(e) => view! { <p class="error-text" data-testid="test-result">{e}</p> }.into_any(),
            })}
            {move || status.get().map(|r| match r {
                Err(e) => view! { <p class="error-text" data-testid="status-error">{e}</p> }.into_any(),
                Ok(st) => view! { <MigrationTable st=st /> }.into_any(),
            })}
            <TargetTools target=target.clone()
                on_direct=Callback::new(move |v: i64| direct.set(Some(v)))
                on_changed=Callback::new(move |_: ()| { refresh(); on_activity.run(()); }) />
            {move || applying.get().then(|| view! {
                <ApplyDialog target_id=tid.get_value() target_name=tname.get_value()
                    on_close=Callback::new(move |_: ()| { applying.set(false); refresh(); on_activity.run(()); }) />
            })}
            {move || direct.get().map(|v| view! {
                <ApplyDialog target_id=tid.get_value() target_name=tname.get_value() to_version=v
                    on_close=Callback::new(move |_: ()| { direct.set(None); refresh(); on_activity.run(()); }) />
            })}
            {move || drift.get().map(|r| match r {
                Err(e) => view! { <p class="error-text" data-testid="drift-error">{e}</p> }.into_any(),
                Ok(dr) => view! { <DriftView drift=dr on_close=Callback::new(move |_: ()| drift.set(None)) /> }.into_any(),
            })}
        </div>
    }
}

/// The target's migrations by state.
#[component]
fn MigrationTable(st: TargetStatus) -> impl IntoView {
    let mut rows: Vec<(i64, String, &'static str, String)> = Vec::new();
    for r in &st.applied {
        let ms = r
            .execution_ms
            .map(|m| format!("{m} ms"))
            .unwrap_or_default();
        rows.push((r.version, r.name.clone(), "applied", ms));
    }
    for m in &st.mismatched {
        rows.push((
            m.version,
            m.name.clone(),
            "edited",
            "applied with a different checksum".into(),
        ));
    }
    for p in &st.pending {
        let failure = st.failed.iter().find(|f| f.version == p.version);
        match failure {
            Some(f) => rows.push((
                p.version,
                p.name.clone(),
                "failed",
                f.error.clone().unwrap_or_default(),
            )),
            None => rows.push((p.version, p.name.clone(), "pending", String::new())),
        }
    }
    for u in &st.unknown {
        rows.push((
            u.version,
            u.name.clone(),
            "unknown",
            "applied, not in this project".into(),
        ));
    }
    rows.sort_by_key(|r| r.0);
    let empty = rows.is_empty();
    view! {
        <table class="migrations" data-testid="migrations">
            <tbody>
                {rows.into_iter().map(|(v, name, state, note)| view! {
                    <tr data-testid="migration-row" data-version=v.to_string() data-state=state>
                        <td class="mono">{name}</td>
                        <td><span class=format!("state {state}")>{state}</span></td>
                        <td class="note">{note}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
        {empty.then(|| view! { <p class="panel-hint">"The project has no versions to apply yet."</p> })}
    }
}
