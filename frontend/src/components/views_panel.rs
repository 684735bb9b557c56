//! Views, kept as SQL text.

use leptos::prelude::*;

use crate::edits;
use crate::state::use_designer;

/// The Views tab.
#[component]
pub fn ViewsPanel() -> impl IntoView {
    let d = use_designer();
    let views = Memo::new(move |_| d.doc.with(|doc| doc.schema.views.clone()));
    view! {
        <div class="views-panel">
            <button class="btn primary" on:click=move |_| d.edit("Add view", |doc| { edits::add_view(doc); })>"+ View"</button>
            {move || views.get().into_iter().map(|v| {
                let vid = StoredValue::new(v.id.clone());
                view! {
                    <div class="view-form">
                        <div class="field-row">
                            <input class="grow" type="text" aria-label="View name" prop:value=v.name.clone() on:change=move |ev| { let name = event_target_value(&ev); let id = vid.get_value(); d.edit("Rename view", |doc| edits::rename_view(doc, &id, &name)); } />
                            <label class="inline"><input type="checkbox" prop:checked=v.materialized on:change=move |ev| { let on = event_target_checked(&ev); let id = vid.get_value(); d.edit("Toggle materialized", |doc| edits::set_materialized(doc, &id, on)); } />" materialized"</label>
                            <button class="icon-btn danger" title="Delete view" on:click=move |_| { let id = vid.get_value(); d.edit("Delete view", |doc| edits::delete_view(doc, &id)); }>"×"</button>
                        </div>
                        <textarea class="mono" rows="5" aria-label="View query" prop:value=v.query.clone() on:change=move |ev| { let q = event_target_value(&ev); let id = vid.get_value(); d.edit("Edit view query", |doc| edits::set_view_query(doc, &id, q)); }></textarea>
                    </div>
                }
            }).collect_view()}
        </div>
    }
}
