//! The project's conventions for new objects (shown when no table is selected): the key and
//! audit columns a new table starts with, the naming convention (names off it are hinted in
//! Problems), and what a new foreign key does on delete. Stored with
//! the design's layout, so every collaborator's new tables look alike; changing them is undoable.

use joinery_shared::model::{AuditColumns, Conventions, KeyStyle, Naming, ReferentialAction};
use leptos::prelude::*;

use crate::state::use_designer;

const KEYS: &[(KeyStyle, &str, &str)] = &[
    (KeyStyle::Uuid, "uuid", "id uuid, default gen_random_uuid()"),
    (
        KeyStyle::BigintIdentity,
        "identity",
        "id bigint, generated always as identity",
    ),
    (KeyStyle::None, "none", "no key column"),
];

const AUDITS: &[(AuditColumns, &str, &str)] = &[
    (AuditColumns::CreatedAt, "created", "created_at timestamptz"),
    (
        AuditColumns::CreatedUpdated,
        "updated",
        "created_at, updated_at",
    ),
    (
        AuditColumns::SoftDelete,
        "soft-delete",
        "created_at, updated_at, deleted_at (soft delete)",
    ),
    (AuditColumns::None, "none", "no audit columns"),
];

const NAMINGS: &[(Naming, &str, &str)] = &[
    (Naming::SnakeCase, "snake", "snake_case (hints in Problems)"),
    (Naming::Any, "any", "any names"),
];

const ON_DELETE: &[ReferentialAction] = &[
    ReferentialAction::Cascade,
    ReferentialAction::SetNull,
    ReferentialAction::Restrict,
    ReferentialAction::NoAction,
];

/// The conventions form.
#[component]
pub fn ConventionsForm() -> impl IntoView {
    let d = use_designer();
    let current = Memo::new(move |_| d.doc.with(|doc| doc.layout.conventions.clone()));
    let set = move |label: &'static str, f: Box<dyn FnOnce(&mut Conventions)>| {
        d.edit(label, move |doc| f(&mut doc.layout.conventions));
    };
    view! {
        <fieldset class="conventions" data-testid="conventions">
            <legend>"New tables and relationships in this project"</legend>
            <label>"Key "
                <select data-testid="convention-key" on:change=move |ev| {
                    let v = event_target_value(&ev);
                    if let Some((k, _, _)) = KEYS.iter().find(|(_, code, _)| *code == v) {
                        let k = *k;
                        set("Change the key of new tables", Box::new(move |c| c.primary_key = k));
                    }
                }>
                    {KEYS.iter().map(|(k, code, text)| view! { <option value=*code selected=move || current.with(|c| c.primary_key == *k)>{*text}</option> }).collect_view()}
                </select>
            </label>
            <label>"Audit columns "
                <select data-testid="convention-audit" on:change=move |ev| {
                    let v = event_target_value(&ev);
                    if let Some((a, _, _)) = AUDITS.iter().find(|(_, code, _)| *code == v) {
                        let a = *a;
                        set("Change the audit columns of new tables", Box::new(move |c| c.audit = a));
                    }
                }>
                    {AUDITS.iter().map(|(a, code, text)| view! { <option value=*code selected=move || current.with(|c| c.audit == *a)>{*text}</option> }).collect_view()}
                </select>
            </label>
            <label>"Naming "
                <select data-testid="convention-naming" on:change=move |ev| {
                    let v = event_target_value(&ev);
                    if let Some((n, _, _)) = NAMINGS.iter().find(|(_, code, _)| *code == v) {
                        let n = *n;
                        set("Change the naming convention", Box::new(move |c| c.naming = n));
                    }
                }>
                    {NAMINGS.iter().map(|(n, code, text)| view! { <option value=*code selected=move || current.with(|c| c.naming == *n)>{*text}</option> }).collect_view()}
                </select>
            </label>
            <label>"New foreign keys: ON DELETE "
                <select data-testid="convention-on-delete" on:change=move |ev| {
                    let v = event_target_value(&ev);
                    if let Some(a) = ON_DELETE.iter().find(|a| a.sql() == v) {
                        let a = *a;
                        set("Change ON DELETE of new foreign keys", Box::new(move |c| c.on_delete = a));
                    }
                }>
                    {ON_DELETE.iter().map(|a| view! { <option value=a.sql() selected=move || current.with(|c| c.on_delete == *a)>{a.sql()}</option> }).collect_view()}
                </select>
            </label>
        </fieldset>
    }
}
