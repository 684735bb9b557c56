//! The Versions tab: save the draft as a version with a message, the history, and comparing any
//! two versions (or a version and the draft) on the canvas and as migration SQL.

use joinery_shared::model::{Document, Schema};
use joinery_shared::wire::script;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, MigrationStatement};
use crate::components::statement_list::StatementList;
use crate::engine;
use crate::export::download;
use crate::protocol::{Request, Response};
use crate::state::use_designer;
use crate::sync::use_sync;

fn side_label(which: &str) -> String {
    match which {
        "draft" => "the draft".into(),
        "empty" => "an empty database".into(),
        n => format!("version {n}"),
    }
}

/// The Versions tab.
#[component]
pub fn VersionsPanel() -> impl IntoView {
    let d = use_designer();
    let s = use_sync();
    let message = RwSignal::new(String::new());
    let online = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let from = RwSignal::new(String::new());
    let to = RwSignal::new("draft".to_string());
    let compare_sql = RwSignal::new(None::<(String, Vec<MigrationStatement>)>);

    // Default comparison: newest version against the draft.
    Effect::new(move |_| {
        let newest = s.versions.with(|v| v.iter().map(|v| v.number).max());
        if from.get_untracked().is_empty() {
            if let Some(n) = newest {
                from.set(n.to_string());
            }
        }
    });

    let save = move || {
        let text = message.get_untracked().trim().to_string();
        if text.is_empty() {
            error.set(Some("Write what changed first.".into()));
            return;
        }
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            match s.save_version(&text, online.get_untracked()).await {
                Ok(n) => {
                    message.set(String::new());
                    from.set(n.to_string());
                    d.status.set(format!("Saved version {n}"));
                }
                Err(e) => error.set(Some(e.to_string())),
            }
            busy.set(false);
        });
    };

    let compare = move || {
        let (a, b) = (from.get_untracked(), to.get_untracked());
        let Some(id) = s.project_id() else { return };
        if a.is_empty() {
            error.set(Some("Pick what to compare.".into()));
            return;
        }
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            if a == "draft" || b == "draft" {
                s.flush().await;
            }
            async fn side(id: &str, which: &str, draft: Document) -> Result<Schema, api::ApiError> {
                match which {
                    "draft" => Ok(draft.schema),
                    "empty" => Ok(Schema::default()),
                    n => Ok(api::get_version(id, n.parse().unwrap_or(0))
                        .await?
                        .document
                        .schema),
                }
            }
            let draft = d.doc.get_untracked();
            let result = async {
                let plan = api::diff(&id, &a, &b, online.get_untracked()).await?;
                let old = side(&id, &a, draft.clone()).await?;
                let new = side(&id, &b, draft).await?;
                Ok::<_, api::ApiError>((plan, old, new))
            }
            .await;
            match result {
                Ok((plan, old, new)) => {
                    let label = format!("{} → {}", side_label(&a), side_label(&b));
                    // The canvas marks come from the engine worker, a moment after the SQL.
                    let request = Request::Highlights {
                        label: label.clone(),
                        from: old,
                        to: new,
                    };
                    engine::request(request, move |response| {
                        if let Response::Highlights(h) = response {
                            d.compare.try_set(Some(h));
                        }
                    });
                    compare_sql.set(Some((label, plan.plan.statements)));
                }
                Err(e) => error.set(Some(e.to_string())),
            }
            busy.set(false);
        });
    };

    let options = move |with_draft: bool| {
        let mut opts: Vec<(String, String)> = vec![("empty".into(), "empty database".into())];
        opts.extend(s.versions.get().into_iter().map(|v| {
            (
                v.number.to_string(),
                format!("v{} — {}", v.number, v.message),
            )
        }));
        if with_draft {
            opts.push(("draft".into(), "draft (current)".into()));
        }
        opts
    };

    view! {
        <div class="versions-panel" data-testid="versions-panel">
            <h3>"Save a version"</h3>
            <div class="version-form">
                <input type="text" class="grow" placeholder="What changed?" data-testid="version-message"
                    prop:value=move || message.get()
                    on:input=move |ev| message.set(event_target_value(&ev))
                    on:keydown=move |ev| if ev.key() == "Enter" { save() } />
                <button class="btn primary" data-testid="save-version" disabled=move || busy.get() || s.project.with(Option::is_none) on:click=move |_| save()>"Save version"</button>
            </div>
            <label class="inline"><input type="checkbox" prop:checked=move || online.get() on:change=move |ev| online.set(event_target_checked(&ev)) />" online-friendly migration"</label>
            {move || error.get().map(|e| view! { <p class="error-text" data-testid="versions-error">{e}</p> })}

            <h3>"History"</h3>
            {move || {
                let versions = s.versions.get();
                if versions.is_empty() {
                    view! { <p class="panel-hint">"No versions yet."</p> }.into_any()
                } else {
                    view! {
                        <ol class="version-list" data-testid="version-list" reversed>
                            {versions.into_iter().rev().map(|v| {
                                let n = v.number.to_string();
                                let n2 = n.clone();
                                view! {
                                    <li class="version" data-testid="version" data-version=n.clone()>
                                        <span class="version-number">"v"{v.number}</span>
                                        <span class="version-message">{v.message.clone()}</span>
                                        <span class="version-date">{v.created_at.get(..16).unwrap_or_default().replace('T', " ")}</span>
                                        <button class="link" title="Compare with the draft" on:click=move |_| { from.set(n2.clone()); to.set("draft".into()); compare(); }>"vs draft"</button>
                                    </li>
                                }
                            }).collect_view()}
                        </ol>
                    }.into_any()
                }
            }}

            <h3>"Compare"</h3>
            <div class="compare-form">
                <select data-testid="compare-from" aria-label="Compare from" prop:value=move || from.get() on:change=move |ev| from.set(event_target_value(&ev))>
                    {move || options(true).into_iter().map(|(v, l)| { let sel = from.get_untracked() == v; view! { <option value=v selected=sel>{l}</option> } }).collect_view()}
                </select>
                <span>"→"</span>
                <select data-testid="compare-to" aria-label="Compare to" prop:value=move || to.get() on:change=move |ev| to.set(event_target_value(&ev))>
                    {move || options(true).into_iter().map(|(v, l)| { let sel = to.get_untracked() == v; view! { <option value=v selected=sel>{l}</option> } }).collect_view()}
                </select>
                <button class="btn" data-testid="compare" disabled=move || busy.get() on:click=move |_| compare()>"Compare"</button>
            </div>
            {move || compare_sql.get().map(|(label, statements)| {
                let sql = script(&statements);
                let empty = statements.is_empty();
                view! {
                    <div class="compare-result" data-testid="compare-result">
                        <div class="panel-actions">
                            <span class="muted">{label}</span>
                            <span class="spacer"></span>
                            <button class="btn" on:click=move |_| download("migration.sql", "application/sql", &sql)>"Download .sql"</button>
                            <button class="btn" on:click=move |_| { compare_sql.set(None); d.compare.set(None); }>"Close"</button>
                        </div>
                        {empty.then(|| view! { <p class="panel-hint">"No differences."</p> })}
                        <StatementList statements=Signal::derive(move || statements.clone()) testid="compare-statements" />
                    </div>
                }
            })}
        </div>
    }
}
