//! Row-level security of one table in the table editor: the enable/force switches, its policies
//! (command, roles, USING, WITH CHECK) and a form to add one. Expressions are checked by the
//! engine's validation like any other fragment, and shown in the Problems tab.

use joinery_shared::model::{Id, PolicyCommand, Table};
use leptos::prelude::*;

use crate::components::table_part::part_of;
use crate::edits;
use crate::state::use_designer;

fn command_of(text: &str) -> PolicyCommand {
    match text {
        "select" => PolicyCommand::Select,
        "insert" => PolicyCommand::Insert,
        "update" => PolicyCommand::Update,
        "delete" => PolicyCommand::Delete,
        _ => PolicyCommand::All,
    }
}

/// The policy as one line of SQL after its name (`FOR SELECT TO app USING (…)`).
fn describe(p: &joinery_shared::model::Policy) -> String {
    let mut s = String::new();
    if p.restrictive {
        s.push_str("AS RESTRICTIVE ");
    }
    s.push_str("FOR ");
    s.push_str(p.command.sql());
    s.push_str(" TO ");
    if p.roles.is_empty() {
        s.push_str("PUBLIC");
    } else {
        s.push_str(&p.roles.join(", "));
    }
    if let Some(u) = &p.using {
        s.push_str(&format!(" USING ({u})"));
    }
    if let Some(c) = &p.with_check {
        s.push_str(&format!(" WITH CHECK ({c})"));
    }
    s
}

#[component]
pub fn Policies(table: Id, current: Memo<Option<Table>>) -> impl IntoView {
    let d = use_designer();
    let tid = StoredValue::new(table);
    let enabled = part_of(current, |t| t.row_security.enabled);
    let forced = part_of(current, |t| t.row_security.forced);
    let rows = part_of(current, |t| {
        t.policies
            .iter()
            .map(|p| (p.id.clone(), format!("{}: {}", p.name, describe(p))))
            .collect::<Vec<_>>()
    });
    let command = RwSignal::new("all".to_string());
    let using = RwSignal::new(String::new());
    let with_check = RwSignal::new(String::new());
    view! {
        <h3>"Row-level security"</h3>
        <div class="rls-switches" data-testid="rls-switches">
            <label class="check">
                <input type="checkbox" data-testid="rls-enabled" prop:checked=enabled
                    on:change=move |ev| { let on = event_target_checked(&ev); d.edit_table("Row-level security", &tid.get_value(), |t| edits::set_row_security(t, on, t.row_security.forced)); } />
                " Enabled"
            </label>
            <label class="check">
                <input type="checkbox" data-testid="rls-forced" prop:checked=forced
                    on:change=move |ev| { let on = event_target_checked(&ev); d.edit_table("Force row-level security", &tid.get_value(), |t| edits::set_row_security(t, t.row_security.enabled, on)); } />
                " Forced (owner too)"
            </label>
        </div>
        <ul class="check-list" data-testid="policy-list">
            {move || rows.get().into_iter().map(|(id, text)| {
                let pid = StoredValue::new(id);
                view! { <li><code>{text}</code>
                    <button class="icon-btn danger" title="Delete policy" on:click=move |_| { let p = pid.get_value(); d.edit_table("Delete policy", &tid.get_value(), |t| edits::delete_policy(t, &p)); }>"×"</button></li> }
            }).collect_view()}
        </ul>
        <div class="policy-form">
            <select aria-label="Policy command" data-testid="policy-command" on:change=move |ev| command.set(event_target_value(&ev))>
                <option value="all">"ALL"</option>
                <option value="select">"SELECT"</option>
                <option value="insert">"INSERT"</option>
                <option value="update">"UPDATE"</option>
                <option value="delete">"DELETE"</option>
            </select>
            <input type="text" placeholder="USING, e.g. owner = current_user" aria-label="Policy USING expression" data-testid="policy-using"
                prop:value=move || using.get() on:input=move |ev| using.set(event_target_value(&ev)) />
            <input type="text" placeholder="WITH CHECK (optional)" aria-label="Policy WITH CHECK expression" data-testid="policy-check"
                prop:value=move || with_check.get() on:input=move |ev| with_check.set(event_target_value(&ev)) />
            <button class="btn" data-testid="add-policy" on:click=move |_| {
                let (c, u, w) = (command_of(&command.get_untracked()), using.get_untracked(), with_check.get_untracked());
                d.edit_table("Add policy", &tid.get_value(), |t| edits::add_policy(t, c, &u, &w));
                using.set(String::new());
                with_check.set(String::new());
            }>"Add policy"</button>
        </div>
    }
}
