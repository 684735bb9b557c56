//! Referential actions (`onDelete`/`onUpdate`) as drizzle spells them, shared by the inline
//! `.references()` of a column and the table-level `foreignKey()`.

use crate::drizzle::names::ts_string;
use crate::model::ReferentialAction;

pub(super) fn action_name(a: ReferentialAction) -> &'static str {
    match a {
        ReferentialAction::NoAction => "no action",
        ReferentialAction::Restrict => "restrict",
        ReferentialAction::Cascade => "cascade",
        ReferentialAction::SetNull => "set null",
        ReferentialAction::SetDefault => "set default",
    }
}

/// The `{ onDelete, onUpdate }` object of `.references()`, or empty.
pub(super) fn actions_object(on_delete: ReferentialAction, on_update: ReferentialAction) -> String {
    let mut parts = Vec::new();
    if on_delete != ReferentialAction::NoAction {
        parts.push(format!("onDelete: {}", ts_string(action_name(on_delete))));
    }
    if on_update != ReferentialAction::NoAction {
        parts.push(format!("onUpdate: {}", ts_string(action_name(on_update))));
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!(", {{ {} }}", parts.join(", "))
    }
}
