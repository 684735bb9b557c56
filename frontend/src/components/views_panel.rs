//! Views, kept as SQL text.

use joinery_shared::model::View;
use leptos::prelude::*;

use crate::ids::new_id;
use crate::state::use_designer;

/// The Views tab.
#[component]
pub fn ViewsPanel() -> impl IntoView {
    let d = use_designer();
    let views = Memo::new(move |_| d.doc.with(|doc| doc.schema.views.clone()));
    view! {
        <div class="views-panel">
            <button class="btn primary" on:click=move |_| d.edit("Add view", |doc| {
                let n = doc.schema.views.len() + 1;
                doc.schema.views.push(View { id: new_id("view"), schema: "public".into(), name: format!("view_{n}"), columns: vec![], query: "SELECT 1 AS one".into(), materialized: false, comment: None, check_option: None, indexes: vec![] });
            })>"+ View"</button>
            {move || views.get().into_iter().map(|v| {
                let vid = StoredValue::new(v.id.clone());
                view! {
                    <div class="view-form">
                        <div class="field-row">
                            <input class="grow" type="text" aria-label="View name" prop:value=v.name.clone() on:change=move |ev| { let name = event_target_value(&ev).trim().to_string(); let id = vid.get_value(); d.edit("Rename view", |doc| if let Some(v) = doc.schema.views.iter_mut().find(|v| v.id == id) { v.name = name; }); } />
                            <label class="inline"><input type="checkbox" prop:checked=v.materialized on:change=move |ev| { let on = event_target_checked(&ev); let id = vid.get_value(); d.edit("Toggle materialized", |doc| if let Some(v) = doc.schema.views.iter_mut().find(|v| v.id == id) { v.materialized = on; }); } />" materialized"</label>
                            <button class="icon-btn danger" title="Delete view" on:click=move |_| { let id = vid.get_value(); d.edit("Delete view", |doc| doc.schema.views.retain(|v| v.id != id)); }>"×"</button>
                        </div>
                        <textarea class="mono" rows="5" aria-label="View query" prop:value=v.query.clone() on:change=move |ev| { let q = event_target_value(&ev); let id = vid.get_value(); d.edit("Edit view query", |doc| if let Some(v) = doc.schema.views.iter_mut().find(|v| v.id == id) { v.query = q; }); }></textarea>
                    </div>
                }
            }).collect_view()}
        </div>
    }
}
