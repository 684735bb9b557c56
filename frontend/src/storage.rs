//! What the browser keeps so a reload, a closed tab or a lost server loses nothing: the draft's
//! offline copy, and each project's undo/redo history (bounded), in localStorage.

use std::hash::{Hash, Hasher};

use joinery_shared::model::Document;

use crate::history::History;

const DRAFT_KEY: &str = "joinery.draft.v1";
const HISTORY_PREFIX: &str = "joinery.history.v2.";
/// Undo steps kept across a reload.
pub const STORED_HISTORY_STEPS: usize = 100;
/// A stored history larger than this is cut to fewer steps (localStorage holds ~5 MB per site).
const MAX_HISTORY_BYTES: usize = 1_500_000;

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The saved draft, if there is one and it still parses.
pub fn load_draft() -> Option<Document> {
    let text = storage()?.get_item(DRAFT_KEY).ok().flatten()?;
    serde_json::from_str(&text).ok()
}

/// Saves the draft; returns false when the browser refused (quota, private mode).
pub fn save_draft(doc: &Document) -> bool {
    let Some(storage) = storage() else {
        return false;
    };
    match serde_json::to_string(doc) {
        Ok(text) => storage.set_item(DRAFT_KEY, &text).is_ok(),
        Err(_) => false,
    }
}

/// A fingerprint of a document, so a stored history is only restored onto the document it was
/// recorded on (undoing a delta on another document would corrupt it).
fn fingerprint(doc: &Document) -> String {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    serde_json::to_string(doc)
        .unwrap_or_default()
        .hash(&mut hasher);
    format!("{:016x}", hasher.finish())
}

#[derive(serde::Serialize, serde::Deserialize)]
struct StoredHistory {
    fingerprint: String,
    history: History,
}

/// Keeps `project`'s history (its newest steps) for `doc`, the document it leads to.
pub fn save_history(project: &str, doc: &Document, history: &History) {
    let Some(storage) = storage() else { return };
    let mut kept = history.clone();
    let mut steps = STORED_HISTORY_STEPS;
    loop {
        kept.keep_newest(steps);
        let stored = StoredHistory {
            fingerprint: fingerprint(doc),
            history: kept.clone(),
        };
        let Ok(text) = serde_json::to_string(&stored) else {
            return;
        };
        if text.len() <= MAX_HISTORY_BYTES || steps <= 1 {
            if storage
                .set_item(&format!("{HISTORY_PREFIX}{project}"), &text)
                .is_err()
            {
                let _ = storage.remove_item(&format!("{HISTORY_PREFIX}{project}"));
            }
            return;
        }
        steps /= 2;
    }
}

/// `project`'s stored history, when it was recorded on exactly `doc`.
pub fn load_history(project: &str, doc: &Document) -> Option<History> {
    let text = storage()?
        .get_item(&format!("{HISTORY_PREFIX}{project}"))
        .ok()
        .flatten()?;
    let stored: StoredHistory = serde_json::from_str(&text).ok()?;
    (stored.fingerprint == fingerprint(doc)).then_some(stored.history)
}
