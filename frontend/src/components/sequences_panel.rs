//! The sequence editor: create, rename, set the type and options, own by a column, delete.

use joinery_shared::model::{Id, Sequence, SequenceType};
use leptos::prelude::*;

use crate::edits::{self, SequenceOption};
use crate::state::use_designer;

/// The Sequences tab.
#[component]
pub fn SequencesPanel() -> impl IntoView {
    let d = use_designer();
    let sequences = Memo::new(move |_| d.doc.with(|doc| doc.schema.sequences.clone()));
    let add = move |_| {
        d.edit("Add sequence", |doc| {
            edits::add_sequence(doc);
        });
        crate::dom::focus_and_select(
            "[data-testid=\"sequences-panel\"] > .sequence-form:last-child [data-testid=\"sequence-name\"]",
        );
    };
    view! {
        <div class="enums-panel sequences-panel" data-testid="sequences-panel">
            <button class="btn primary" data-testid="add-sequence" on:click=add>"+ Sequence"</button>
            {move || sequences.get().into_iter().map(|q| view! { <SequenceForm q=q /> }).collect_view()}
        </div>
    }
}

fn option_text(v: Option<i64>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

#[component]
fn SequenceForm(q: Sequence) -> impl IntoView {
    let d = use_designer();
    let qid = StoredValue::new(q.id.clone());
    let option = move |label: &'static str, which: SequenceOption, value: Option<i64>| {
        view! {
            <label class="field-row">
                <span class="grow">{label}</span>
                <input type="text" inputmode="numeric" placeholder="default" aria-label=label prop:value=option_text(value)
                    on:change=move |ev| {
                        let v = event_target_value(&ev);
                        let id = qid.get_value();
                        d.edit("Change sequence option", |doc| edits::set_sequence_option(doc, &id, which, &v));
                    } />
            </label>
        }
    };
    let o = q.options.clone();
    let ty = q.data_type;
    // Owner choices: every column of every table, as "table.column".
    let owners: Vec<(String, Id, Id)> = d.doc.with_untracked(|doc| {
        doc.schema
            .tables
            .iter()
            .flat_map(|t| {
                t.columns
                    .iter()
                    .map(|c| (format!("{}.{}", t.name, c.name), t.id.clone(), c.id.clone()))
            })
            .collect()
    });
    let owner_key = q
        .owned_by
        .as_ref()
        .map(|o| format!("{}|{}", o.table, o.column))
        .unwrap_or_default();
    view! {
        <div class="enum-form sequence-form" data-testid="sequence-form">
            <div class="field-row">
                <input class="grow" type="text" aria-label="Sequence name" data-testid="sequence-name" prop:value=q.name.clone()
                    on:change=move |ev| { let v = event_target_value(&ev); let id = qid.get_value(); d.edit("Rename sequence", |doc| edits::rename_sequence(doc, &id, &v)); } />
                <button class="icon-btn danger" title="Delete sequence" on:click=move |_| {
                    let id = qid.get_value();
                    d.edit("Delete sequence", |doc| edits::delete_sequence(doc, &id));
                }>"×"</button>
            </div>
            <label class="field-row">
                <span class="grow">"Type"</span>
                <select aria-label="Sequence type" on:change=move |ev| {
                    let ty = SequenceType::parse(&event_target_value(&ev)).unwrap_or_default();
                    let id = qid.get_value();
                    d.edit("Change sequence type", |doc| edits::set_sequence_type(doc, &id, ty));
                }>
                    {[SequenceType::SmallInt, SequenceType::Integer, SequenceType::BigInt].into_iter().map(|t| view! {
                        <option value=t.sql() selected=t == ty>{t.sql()}</option>
                    }).collect_view()}
                </select>
            </label>
            {option("Start with", SequenceOption::Start, o.start)}
            {option("Increment by", SequenceOption::Increment, o.increment)}
            {option("Min value", SequenceOption::MinValue, o.min_value)}
            {option("Max value", SequenceOption::MaxValue, o.max_value)}
            {option("Cache", SequenceOption::Cache, o.cache)}
            <label class="field-row">
                <input type="checkbox" aria-label="Cycle" prop:checked=o.cycle on:change=move |ev| {
                    let on = event_target_checked(&ev);
                    let id = qid.get_value();
                    d.edit("Change sequence option", |doc| edits::set_sequence_cycle(doc, &id, on));
                } />
                <span>"Cycle"</span>
            </label>
            <label class="field-row">
                <span class="grow">"Owned by"</span>
                <select aria-label="Owned by" on:change=move |ev| {
                    let v = event_target_value(&ev);
                    let owner = v.split_once('|').map(|(t, c)| (Id::new(t), Id::new(c)));
                    let id = qid.get_value();
                    d.edit("Change sequence owner", |doc| edits::set_sequence_owner(doc, &id, owner));
                }>
                    <option value="" selected=owner_key.is_empty()>"none"</option>
                    {owners.into_iter().map(|(label, t, c)| {
                        let key = format!("{t}|{c}");
                        let selected = key == owner_key;
                        view! { <option value=key selected=selected>{label}</option> }
                    }).collect_view()}
                </select>
            </label>
        </div>
    }
}
