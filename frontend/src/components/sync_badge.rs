//! The toolbar's sync status (saved / saving / offline / conflict) and the projects button.

use leptos::prelude::*;

use crate::sync::{use_sync, SyncStatus};

/// The status pill; its title explains the state.
#[component]
pub fn SyncBadge() -> impl IntoView {
    let s = use_sync();
    let title = move || match s.status.get() {
        SyncStatus::Connecting => "Looking for the server…".to_string(),
        SyncStatus::Saved => format!("Saved on the server (revision {})", s.revision.get()),
        SyncStatus::Pending => "Edits will be saved in a moment".into(),
        SyncStatus::Saving => "Saving…".into(),
        SyncStatus::Offline => {
            "The server cannot be reached: edits are kept in this browser and sent when it is back"
                .into()
        }
        SyncStatus::SignedOut => {
            "Not signed in: open the login link that joinery serve printed (or run joinery \
             login-link). Edits are kept in this browser meanwhile."
                .into()
        }
        SyncStatus::Conflict { message, .. } => message,
        SyncStatus::Error(e) => e,
    };
    view! {
        <button class="btn" data-testid="open-projects" title="Projects" on:click=move |_| s.projects_open.set(true)>"Projects"</button>
        <span class=move || format!("sync-badge {}", s.status.get().word()) data-testid="sync-status" data-state=move || s.status.get().word() title=title role="status">
            {move || s.status.get().word()}
        </span>
    }
}
