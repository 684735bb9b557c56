//! The Console tab: the project's target databases. Add one with its URL (the password is
//! encrypted on the server and never shown again; or it names a server environment variable),
//! then per target: test the connection, see its
//! migrations, apply, and check drift; below, the project's recent runs (the audit trail).

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, Target};
use crate::components::runs_list::RunsList;
use crate::components::target_card::TargetCard;
use crate::sync::use_sync;

/// The Console tab.
#[component]
pub fn ConsolePanel() -> impl IntoView {
    let s = use_sync();
    let targets = RwSignal::new(Vec::<Target>::new());
    let name = RwSignal::new(String::new());
    let url = RwSignal::new(String::new());
    let password_env = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    // Bumped when something the run list shows may have changed.
    let activity = RwSignal::new(0u32);

    let reload = move || {
        let Some(id) = s.project_id() else { return };
        spawn_local(async move {
            match api::list_targets(&id).await {
                Ok(list) => targets.set(list),
                Err(e) => error.set(Some(e.to_string())),
            }
        });
    };
    Effect::new(move |_| {
        s.project_key.track();
        reload();
    });

    let add = move || {
        let Some(id) = s.project_id() else { return };
        let (n, u) = (
            name.get_untracked().trim().to_string(),
            url.get_untracked().trim().to_string(),
        );
        let env = password_env.get_untracked().trim().to_string();
        let env = (!env.is_empty()).then_some(env);
        if n.is_empty() || u.is_empty() {
            error.set(Some("A target needs a name and a postgres:// URL.".into()));
            return;
        }
        busy.set(true);
        spawn_local(async move {
            match api::create_target(&id, &n, &u, env.as_deref()).await {
                Ok(t) => {
                    // The URL (and its password) leaves the browser's memory with the form.
                    name.set(String::new());
                    url.set(String::new());
                    password_env.set(String::new());
                    error.set(None);
                    targets.update(|ts| ts.push(t));
                }
                Err(e) => error.set(Some(e.to_string())),
            }
            busy.set(false);
        });
    };

    view! {
        <div class="console-panel" data-testid="console-panel">
            {move || s.project.with(Option::is_none).then(|| view! { <p class="panel-hint">"Connect to the server to manage targets."</p> })}
            <h3>"Targets"</h3>
            <div class="target-list">
                <For each=move || targets.get() key=|t| t.id.clone() let:t>
                    <TargetCard target=t on_removed=Callback::new(move |tid: String| targets.update(|ts| ts.retain(|t| t.id != tid)))
                        on_activity=Callback::new(move |_: ()| activity.update(|n| *n += 1)) />
                </For>
                {move || targets.with(Vec::is_empty).then(|| view! { <p class="panel-hint">"No target databases yet."</p> })}
            </div>
            <h3>"Add a target"</h3>
            <form class="target-form" on:submit=move |ev| { ev.prevent_default(); add(); }>
                <input type="text" aria-label="Target name" placeholder="name (e.g. staging)" data-testid="target-name" prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev)) />
                <input type="password" aria-label="Connection URL" placeholder="postgres://user:password@host:5432/db" autocomplete="off" data-testid="target-url"
                    prop:value=move || url.get() on:input=move |ev| url.set(event_target_value(&ev)) />
                <input type="text" aria-label="Password environment variable (optional)" placeholder="or: password from server env var (e.g. PROD_DB_PASSWORD)" data-testid="target-password-env"
                    title="Leave the password out of the URL and name an environment variable of the server instead (its name must contain PASSWORD). Without either, the server's PGPASSWORD or ~/.pgpass is used."
                    prop:value=move || password_env.get() on:input=move |ev| password_env.set(event_target_value(&ev)) />
                <button class="btn primary" type="submit" data-testid="add-target" disabled=move || busy.get()>"Add target"</button>
            </form>
            {move || error.get().map(|e| view! { <p class="error-text" data-testid="console-error">{e}</p> })}
            <RunsList tick=activity />
        </div>
    }
}
