//! Comparing two states of the design on the canvas: the cards and rows are coloured from
//! [`Highlights`](crate::highlights::Highlights) (computed in `highlights`); this is the legend,
//! which also lists what cannot be drawn (removed tables and columns, enums, views).

use leptos::prelude::*;

use crate::state::use_designer;

/// The legend over the canvas while a comparison is shown.
#[component]
pub fn CompareLegend() -> impl IntoView {
    let d = use_designer();
    move || {
        d.compare.get().map(|h| {
            let empty = h.tables.is_empty() && h.notes.is_empty();
            view! {
                <div class="compare-legend" data-testid="compare-legend">
                    <div class="compare-head">
                        <strong>"Comparing "{h.label.clone()}</strong>
                        <button class="icon-btn" title="Stop comparing" data-testid="compare-close" on:click=move |_| d.compare.set(None)>"×"</button>
                    </div>
                    <div class="legend-keys">
                        <span class="key diff-added">"added"</span>
                        <span class="key diff-changed">"changed"</span>
                        <span class="key diff-removed">"removed"</span>
                    </div>
                    {empty.then(|| view! { <p class="panel-hint">"No differences."</p> })}
                    <ul class="compare-notes">
                        {h.notes.iter().map(|(mark, text)| view! { <li class=mark.class()>{text.clone()}</li> }).collect_view()}
                    </ul>
                </div>
            }
        })
    }
}
