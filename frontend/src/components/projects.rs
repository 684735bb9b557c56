//! The projects dialog: every project on the server, to open, rename or delete, and a button to
//! start a new one.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api;
use crate::sync::use_sync;

/// The projects dialog (open while `Sync::projects_open`).
#[component]
pub fn ProjectsDialog() -> impl IntoView {
    let s = use_sync();
    let d = crate::state::use_designer();
    let new_name = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let renaming = RwSignal::new(None::<String>);
    let rename_to = RwSignal::new(String::new());
    Effect::new(move |_| {
        if s.projects_open.get() {
            spawn_local(async move { s.refresh_projects().await });
        }
    });
    let create = move || {
        let name = new_name.get_untracked().trim().to_string();
        if name.is_empty() {
            error.set(Some("Give the project a name.".into()));
            return;
        }
        spawn_local(async move {
            s.flush().await;
            match api::create_project(&name, Some("empty")).await {
                Ok(p) => {
                    new_name.set(String::new());
                    error.set(None);
                    s.open(&p.summary.id).await;
                    s.refresh_projects().await;
                    s.projects_open.set(false);
                }
                Err(e) => error.set(Some(e.to_string())),
            }
        });
    };
    let open = move |id: String| {
        spawn_local(async move {
            s.flush().await;
            s.open(&id).await;
            s.projects_open.set(false);
        });
    };
    let rename = move |id: String| {
        let name = rename_to.get_untracked().trim().to_string();
        spawn_local(async move {
            match api::rename_project(&id, &name).await {
                Ok(p) => {
                    if s.project_id().as_deref() == Some(p.id.as_str()) {
                        s.project.update(|cur| {
                            if let Some(c) = cur {
                                c.name = p.name.clone()
                            }
                        });
                        d.project_name.set(p.name.clone());
                    }
                    renaming.set(None);
                    s.refresh_projects().await;
                }
                Err(e) => error.set(Some(e.to_string())),
            }
        });
    };
    let delete = move |id: String, name: String| {
        let ok = web_sys::window()
            .and_then(|w| {
                w.confirm_with_message(&format!("Delete the project {name:?}?"))
                    .ok()
            })
            .unwrap_or(false);
        if !ok {
            return;
        }
        spawn_local(async move {
            match api::delete_project(&id).await {
                Ok(()) => {
                    s.refresh_projects().await;
                    if s.project_id().as_deref() == Some(id.as_str()) {
                        let next = s
                            .projects
                            .with_untracked(|ps| ps.first().map(|p| p.id.clone()));
                        match next {
                            Some(next) => s.open(&next).await,
                            None => s.project.set(None),
                        }
                    }
                }
                Err(e) => error.set(Some(e.to_string())),
            }
        });
    };
    view! {
        <div class="modal-backdrop" class:hidden=move || !s.projects_open.get() on:click=move |_| s.projects_open.set(false)>
            <div class="modal projects-modal" role="dialog" aria-label="Projects" data-testid="projects-dialog" on:click=|ev| ev.stop_propagation()>
                <h2>"Projects"</h2>
                <ul class="project-list">
                    {move || s.projects.get().into_iter().map(|p| {
                        let current = s.project.with(|c| c.as_ref().map(|c| c.id == p.id).unwrap_or(false));
                        let (id1, id2, id3, id4) = (p.id.clone(), p.id.clone(), p.id.clone(), p.id.clone());
                        let name = p.name.clone();
                        let name2 = p.name.clone();
                        view! {
                            <li class="project" class:current=current data-testid="project-item" data-project=p.name.clone()>
                                {move || if renaming.get().as_deref() == Some(id1.as_str()) {
                                    let id = id2.clone();
                                    view! {
                                        <input type="text" class="grow" data-testid="rename-input" prop:value=move || rename_to.get() on:input=move |ev| rename_to.set(event_target_value(&ev))
                                            on:keydown=move |ev| if ev.key() == "Enter" { rename(id.clone()) } />
                                    }.into_any()
                                } else {
                                    view! { <span class="grow project-title">{name.clone()}</span> }.into_any()
                                }}
                                <span class="muted">{format!("{} version(s)", p.version_count)}</span>
                                <button class="btn" data-testid="open-project" disabled=current on:click=move |_| open(id3.clone())>"Open"</button>
                                <button class="btn" data-testid="rename-project" on:click={ let n = name2.clone(); let id = p.id.clone(); move |_| { rename_to.set(n.clone()); renaming.set(Some(id.clone())); } }>"Rename"</button>
                                <button class="btn danger" data-testid="delete-project" on:click={ let n = name2.clone(); move |_| delete(id4.clone(), n.clone()) }>"Delete"</button>
                            </li>
                        }
                    }).collect_view()}
                </ul>
                <form class="version-form" on:submit=move |ev| { ev.prevent_default(); create(); }>
                    <input type="text" class="grow" placeholder="New project name" data-testid="new-project-name" prop:value=move || new_name.get() on:input=move |ev| new_name.set(event_target_value(&ev)) />
                    <button class="btn primary" type="submit" data-testid="create-project">"Create"</button>
                </form>
                {move || error.get().map(|e| view! { <p class="error-text">{e}</p> })}
                <div class="modal-footer"><button class="btn" on:click=move |_| s.projects_open.set(false)>"Close"</button></div>
            </div>
        </div>
    }
}
