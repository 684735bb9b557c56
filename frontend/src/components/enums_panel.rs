//! The enum editor: create, rename, reorder values and delete enum types.

use joinery_shared::model::{Enum, Id};
use leptos::prelude::*;

use crate::edits;
use crate::state::{use_designer, Designer};

/// The Enums tab.
#[component]
pub fn EnumsPanel() -> impl IntoView {
    let d = use_designer();
    let enums = Memo::new(move |_| d.doc.with(|doc| doc.schema.enums.clone()));
    let add = move |_| {
        d.edit("Add enum", |doc| {
            edits::add_enum(doc);
        });
        crate::dom::focus_and_select(
            "[data-testid=\"enums-panel\"] > .enum-form:last-child [data-testid=\"enum-name\"]",
        );
    };
    view! {
        <div class="enums-panel" data-testid="enums-panel">
            <button class="btn primary" data-testid="add-enum" on:click=add>"+ Enum"</button>
            {move || enums.get().into_iter().map(|e| view! { <EnumForm e=e /> }).collect_view()}
        </div>
    }
}

#[component]
fn EnumForm(e: Enum) -> impl IntoView {
    let d = use_designer();
    let eid = StoredValue::new(e.id.clone());
    let new_value = RwSignal::new(String::new());
    let count = e.values.len();
    view! {
        <div class="enum-form" data-testid="enum-form">
            <div class="field-row">
                <input class="grow" type="text" aria-label="Enum name" data-testid="enum-name" prop:value=e.name.clone()
                    on:change=move |ev| { let v = event_target_value(&ev); let id = eid.get_value(); d.edit("Rename enum", |doc| edits::rename_enum(doc, &id, &v)); } />
                <button class="icon-btn danger" title="Delete enum" on:click=move |_| {
                    let id = eid.get_value();
                    d.edit("Delete enum", |doc| edits::delete_enum(doc, &id));
                }>"×"</button>
            </div>
            <ol class="enum-values">
                {e.values.iter().enumerate().map(|(i, v)| {
                    let vid = StoredValue::new(v.id.clone());
                    view! {
                        <li>
                            <input type="text" aria-label="Enum value" prop:value=v.name.clone() on:change=move |ev| {
                                let name = event_target_value(&ev);
                                let (id, vid) = (eid.get_value(), vid.get_value());
                                d.edit("Rename enum value", |doc| edits::rename_enum_value(doc, &id, &vid, &name));
                            } />
                            <button class="icon-btn" title="Move up" disabled=i == 0 on:click=move |_| { let id = eid.get_value(); d.edit("Reorder enum values", |doc| edits::move_enum_value(doc, &id, i, true)) }>"↑"</button>
                            <button class="icon-btn" title="Move down" disabled=i + 1 == count on:click=move |_| { let id = eid.get_value(); d.edit("Reorder enum values", |doc| edits::move_enum_value(doc, &id, i, false)) }>"↓"</button>
                            <button class="icon-btn danger" title="Remove value" on:click=move |_| { let (id, vid) = (eid.get_value(), vid.get_value()); d.edit("Remove enum value", |doc| edits::remove_enum_value(doc, &id, &vid)); }>"×"</button>
                        </li>
                    }
                }).collect_view()}
            </ol>
            <div class="field-row">
                <input class="grow" type="text" placeholder="new value" aria-label="New enum value" data-testid="enum-new-value" prop:value=move || new_value.get()
                    on:input=move |ev| new_value.set(event_target_value(&ev))
                    on:keydown=move |ev| if ev.key() == "Enter" { add_value(d, eid.get_value(), new_value); } />
                <button class="btn" data-testid="enum-add-value" on:click=move |_| add_value(d, eid.get_value(), new_value)>"Add value"</button>
            </div>
        </div>
    }
}

fn add_value(d: Designer, id: Id, new_value: RwSignal<String>) {
    let v = new_value.get_untracked();
    if v.trim().is_empty() {
        return;
    }
    d.edit("Add enum value", |doc| edits::add_enum_value(doc, &id, &v));
    new_value.set(String::new());
}
