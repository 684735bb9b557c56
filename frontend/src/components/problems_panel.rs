//! Validation problems from `shared` (checked by the engine worker), each linking to the object
//! it concerns.

use leptos::prelude::*;

use crate::engine::{self, EngineState};
use crate::state::use_designer;

/// The Problems tab.
#[component]
pub fn ProblemsPanel() -> impl IntoView {
    let d = use_designer();
    let engine_state = engine::state();
    view! {
        <div class="problems-panel" data-testid="problems-panel">
            {move || {
                let problems = d.problems.get();
                if engine_state.get() != EngineState::Ready {
                    // Validation runs in the engine worker: nothing is known before it answers.
                    let text = if engine_state.get() == EngineState::Failed { "The engine could not be loaded: reload the page." } else { "Engine loading…" };
                    view! { <p class="panel-hint">{text}</p> }.into_any()
                } else if problems.is_empty() {
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
