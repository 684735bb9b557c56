//! Shown when a save was rejected as stale: someone else saved the draft first. The user picks
//! whose draft wins; neither choice loses anything (reloading theirs is undoable).

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::sync::{use_sync, SyncStatus};

/// The conflict banner.
#[component]
pub fn ConflictBanner() -> impl IntoView {
    let s = use_sync();
    move || match s.status.get() {
        SyncStatus::Conflict {
            current_revision,
            message,
        } => Some(view! {
            <div class="conflict-banner" data-testid="conflict" role="alert">
                <div>
                    <strong>"Someone else saved this project. "</strong>
                    <span data-testid="conflict-message">{message}</span>
                    <div class="hint">{format!("Your edits are still here (not saved). The server is at revision {current_revision}.")}</div>
                </div>
                <button class="btn" data-testid="reload-theirs" title="Load the saved draft; Undo brings yours back" on:click=move |_| spawn_local(async move { s.reload_theirs().await })>"Reload theirs"</button>
                <button class="btn primary" data-testid="keep-mine" title="Overwrite the saved draft with yours" on:click=move |_| spawn_local(async move { s.keep_mine().await })>"Keep mine"</button>
            </div>
        }),
        _ => None,
    }
}
