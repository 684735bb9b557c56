//! Validation problems from `shared`, each linking to the object it concerns.

use leptos::prelude::*;

use crate::state::use_designer;

/// The Problems tab.
#[component]
pub fn ProblemsPanel() -> impl IntoView {
    let d = use_designer();
    view! {
        <div class="problems-panel" data-testid="problems-panel">
            {move || {
                let problems = d.problems.get();
                if problems.is_empty() {
                    view! { <p class="panel-hint">"No problems."</p> }.into_any()
                } else {
                    view! {
                        <ul class="problems">
                            {problems.into_iter().map(|p| {
                                let table = p.path.0.first().map(|s| s.id.clone());
                                let location = p.path.0.iter().map(|s| s.name.clone()).collect::<Vec<_>>().join(".");
                                view! {
                                    <li>
                                        <button class="link" on:click=move |_| if let Some(t) = &table { d.reveal_table(t); }>{location}</button>
                                        " "{p.message}
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }
            }}
        </div>
    }
}
