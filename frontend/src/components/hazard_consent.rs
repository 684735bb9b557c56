//! Consent before applying: one checkbox per hazard kind the pending statements carry (deletes
//! data, locks the table, ...). The server refuses a run whose hazards were not all allowed, so
//! nothing risky runs just because Apply was pressed.

use std::collections::BTreeSet;

use joinery_shared::wire::CONSENT_KINDS;
use leptos::prelude::*;

use crate::api::StoredMigration;

/// The kinds needing consent among `pending`'s statements: (kind, label, statements).
pub fn required(pending: &[StoredMigration]) -> Vec<(String, String, usize)> {
    CONSENT_KINDS
        .into_iter()
        .filter_map(|kind| {
            let count = pending
                .iter()
                .flat_map(|m| m.statements.iter())
                .filter(|s| s.hazards.iter().any(|h| h.kind == kind))
                .count();
            (count > 0).then(|| (kind.name().to_string(), kind.label().to_string(), count))
        })
        .collect()
}

/// The checkboxes; `allowed` holds the ticked kinds.
#[component]
pub fn HazardConsent(
    kinds: Vec<(String, String, usize)>,
    allowed: RwSignal<BTreeSet<String>>,
) -> impl IntoView {
    (!kinds.is_empty()).then(|| {
        view! {
            <fieldset class="hazard-consent" data-testid="hazard-consent">
                <legend>"Allow these hazards to apply"</legend>
                {kinds.into_iter().map(|(kind, label, count)| {
                    let k = kind.clone();
                    let checked = move || allowed.with(|a| a.contains(&k));
                    let k2 = kind.clone();
                    view! {
                        <label class="consent-row">
                            <input type="checkbox" data-consent=kind.clone() prop:checked=checked
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    allowed.update(|a| { if on { a.insert(k2.clone()); } else { a.remove(&k2); } });
                                } />
                            <span>{format!("{label} ({count} statement{})", if count == 1 { "" } else { "s" })}</span>
                        </label>
                    }
                }).collect_view()}
            </fieldset>
        }
    })
}
