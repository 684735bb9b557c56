//! The enum editor: create, rename, reorder values and delete enum types.

use joinery_shared::model::{Enum, EnumValue, Id};
use leptos::prelude::*;

use crate::ids::new_id;
use crate::state::{use_designer, Designer};

/// The Enums tab.
#[component]
pub fn EnumsPanel() -> impl IntoView {
    let d = use_designer();
    let enums = Memo::new(move |_| d.doc.with(|doc| doc.schema.enums.clone()));
    let add = move |_| {
        d.edit("Add enum", |doc| {
            let taken: std::collections::HashSet<String> =
                doc.schema.enums.iter().map(|e| e.name.clone()).collect();
            let name = (1..)
                .map(|n| {
                    if n == 1 {
                        "new_enum".to_string()
                    } else {
                        format!("new_enum_{n}")
                    }
                })
                .find(|n| !taken.contains(n))
                .unwrap_or_default();
            doc.schema.enums.push(Enum {
                id: new_id("enum"),
                schema: "public".into(),
                name,
                // One placeholder label (an enum needs one to be useful); renamed like the type.
                values: vec![EnumValue {
                    id: new_id("enum_value"),
                    name: "value_1".into(),
                }],
                comment: None,
            });
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

fn edit_enum(d: Designer, id: &Id, label: &str, f: impl FnOnce(&mut Enum)) {
    let id = id.clone();
    d.edit(label, move |doc| {
        if let Some(e) = doc.schema.enums.iter_mut().find(|e| e.id == id) {
            f(e);
        }
    });
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
                    on:change=move |ev| { let v = event_target_value(&ev).trim().to_string(); edit_enum(d, &eid.get_value(), "Rename enum", |e| e.name = v); } />
                <button class="icon-btn danger" title="Delete enum" on:click=move |_| {
                    let id = eid.get_value();
                    d.edit("Delete enum", |doc| doc.schema.enums.retain(|e| e.id != id));
                }>"×"</button>
            </div>
            <ol class="enum-values">
                {e.values.iter().enumerate().map(|(i, v)| {
                    let vid = StoredValue::new(v.id.clone());
                    view! {
                        <li>
                            <input type="text" aria-label="Enum value" prop:value=v.name.clone() on:change=move |ev| {
                                let name = event_target_value(&ev).trim().to_string();
                                let vid = vid.get_value();
                                edit_enum(d, &eid.get_value(), "Rename enum value", |e| if let Some(v) = e.values.iter_mut().find(|v| v.id == vid) { v.name = name; });
                            } />
                            <button class="icon-btn" title="Move up" disabled=i == 0 on:click=move |_| edit_enum(d, &eid.get_value(), "Reorder enum values", |e| if i > 0 { e.values.swap(i, i - 1); })>"↑"</button>
                            <button class="icon-btn" title="Move down" disabled=i + 1 == count on:click=move |_| edit_enum(d, &eid.get_value(), "Reorder enum values", |e| if i + 1 < e.values.len() { e.values.swap(i, i + 1); })>"↓"</button>
                            <button class="icon-btn danger" title="Remove value" on:click=move |_| { let vid = vid.get_value(); edit_enum(d, &eid.get_value(), "Remove enum value", |e| e.values.retain(|v| v.id != vid)); }>"×"</button>
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
    let v = new_value.get_untracked().trim().to_string();
    if v.is_empty() {
        return;
    }
    edit_enum(d, &id, "Add enum value", |e| {
        e.values.push(EnumValue {
            id: new_id("enum_value"),
            name: v,
        })
    });
    new_value.set(String::new());
}
