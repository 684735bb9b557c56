//! Shown while the server answers 401: this browser has no session. The page never holds a
//! token, so the only way in is the one-time login link the server prints; edits made meanwhile
//! stay in this browser and are saved once signed in.

use leptos::prelude::*;

use crate::sync::{use_sync, SyncStatus};

/// The sign-in banner.
#[component]
pub fn SignInBanner() -> impl IntoView {
    let s = use_sync();
    move || {
        (s.status.get() == SyncStatus::SignedOut).then(|| {
            view! {
                <div class="conflict-banner sign-in-banner" data-testid="sign-in" role="alert">
                    <div>
                        <strong>"Sign in to save. "</strong>
                        "Open the login link that "<code>"joinery serve"</code>
                        " printed when it started, in this browser. Lost it? Run "
                        <code>"joinery login-link"</code>" (with the same "<code>"--data-dir"</code>
                        ") for a new one."
                        <div class="hint">"Your edits are kept in this browser and saved as soon as you are signed in."</div>
                    </div>
                </div>
            }
        })
    }
}
