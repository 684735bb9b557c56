//! What the browser keeps, in localStorage (through `gloo-storage`): the draft's offline copy,
//! the sync record next to it, each project's undo/redo history (bounded), and a few view
//! preferences. Every localStorage key the UI uses is here.
//!
//! Some browsers refuse localStorage (blocked site data, some private modes); then nothing is
//! kept and nothing fails: reads find nothing, writes report `false`.

use std::cell::Cell;
use std::hash::{Hash, Hasher};

use gloo_storage::{LocalStorage, Storage};
use joinery_shared::model::Document;
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::draft_json::DraftJson;
use crate::history::History;

const DRAFT_KEY: &str = "joinery.draft.v1";
const SYNC_KEY: &str = "joinery.sync.v1";
const HISTORY_PREFIX: &str = "joinery.history.v2.";
const THEME_KEY: &str = "joinery.theme";
const PANEL_WIDTH_KEY: &str = "joinery.panel-width.v1";
const MINIMAP_HIDDEN_KEY: &str = "joinery.minimap-hidden.v1";
/// Undo steps kept across a reload.
pub const STORED_HISTORY_STEPS: usize = 100;
/// A stored history larger than this is cut to fewer steps (localStorage holds ~5 MB per site).
const MAX_HISTORY_BYTES: usize = 1_500_000;

/// Whether this page may use localStorage (gloo-storage throws when it may not).
fn usable() -> bool {
    web_sys::window().is_some_and(|w| matches!(w.local_storage(), Ok(Some(_))))
}

/// The JSON value at `key`, if there is one and it still parses.
fn get_json<T: DeserializeOwned>(key: &str) -> Option<T> {
    if !usable() {
        return None;
    }
    LocalStorage::get(key).ok()
}

/// Keeps `value` as JSON at `key`; false when the browser refused (quota, private mode).
fn set_json<T: Serialize>(key: &str, value: &T) -> bool {
    usable() && LocalStorage::set(key, value).is_ok()
}

/// The text at `key` as stored (the preferences are plain strings, not JSON).
fn get_text(key: &str) -> Option<String> {
    if !usable() {
        return None;
    }
    LocalStorage::raw().get_item(key).ok().flatten()
}

/// Keeps `value` at `key` as is; false when the browser refused.
fn set_text(key: &str, value: &str) -> bool {
    usable() && LocalStorage::raw().set_item(key, value).is_ok()
}

/// The saved draft, if there is one and it still parses.
pub fn load_draft() -> Option<Document> {
    get_json(DRAFT_KEY)
}

/// Saves the draft; returns false when the browser refused (quota, private mode).
pub fn save_draft(doc: &Document) -> bool {
    next_draft_write();
    set_json(DRAFT_KEY, doc)
}

/// Tables written per slice of a draft's text: a few milliseconds of work each.
const TABLES_PER_SLICE: usize = 100;

/// `doc`'s JSON (what `serde_json::to_string` writes), written a slice at a time with the
/// browser free to draw between slices (see `draft_json`), and the document back.
pub async fn draft_text(doc: Document) -> Result<(String, Document), serde_json::Error> {
    let mut json = DraftJson::new(doc)?;
    while !json.step(TABLES_PER_SLICE)? {
        gloo_timers::future::TimeoutFuture::new(0).await;
    }
    Ok(json.finish())
}

thread_local! {
    /// Counts the writes of the draft begun, so that a sliced write that a later one overtook
    /// does not store its older text over the newer one.
    static DRAFT_WRITES: Cell<u64> = const { Cell::new(0) };
}

fn next_draft_write() -> u64 {
    DRAFT_WRITES.with(|n| {
        n.set(n.get() + 1);
        n.get()
    })
}

/// Saves the draft like [`save_draft`], its text written a slice at a time. `None` when a
/// later save began meanwhile (that one keeps the newer draft), else whether the browser took it.
pub async fn save_draft_sliced(doc: Document) -> Option<bool> {
    let mine = next_draft_write();
    let saved = draft_text(doc).await.map(|(text, _)| text);
    (DRAFT_WRITES.with(Cell::get) == mine)
        .then(|| saved.is_ok_and(|text| set_text(DRAFT_KEY, &text)))
}

/// The sync record (`sync.rs`: project, base revision, unsaved edits), if it parses.
pub fn load_sync<T: DeserializeOwned>() -> Option<T> {
    get_json(SYNC_KEY)
}

/// Keeps the sync record.
pub fn save_sync<T: Serialize>(record: &T) {
    set_json(SYNC_KEY, record);
}

/// The colour theme chosen (`light` or `dark`), if any.
pub fn theme() -> Option<String> {
    get_text(THEME_KEY)
}

/// Remembers the colour theme.
pub fn set_theme(theme: &str) {
    set_text(THEME_KEY, theme);
}

/// The side panel's width, if it was resized.
pub fn panel_width() -> Option<f64> {
    get_text(PANEL_WIDTH_KEY)?.parse().ok()
}

/// Remembers the side panel's width.
pub fn set_panel_width(width: f64) {
    set_text(PANEL_WIDTH_KEY, &width.to_string());
}

/// Whether the minimap was hidden.
pub fn minimap_hidden() -> bool {
    get_text(MINIMAP_HIDDEN_KEY).is_some_and(|v| v == "1")
}

/// Remembers whether the minimap is hidden.
pub fn set_minimap_hidden(hidden: bool) {
    set_text(MINIMAP_HIDDEN_KEY, if hidden { "1" } else { "0" });
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
    if !usable() {
        return;
    }
    let key = format!("{HISTORY_PREFIX}{project}");
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
            if !set_text(&key, &text) {
                LocalStorage::delete(&key);
            }
            return;
        }
        steps /= 2;
    }
}

/// `project`'s stored history, when it was recorded on exactly `doc`.
pub fn load_history(project: &str, doc: &Document) -> Option<History> {
    let stored: StoredHistory = get_json(&format!("{HISTORY_PREFIX}{project}"))?;
    (stored.fingerprint == fingerprint(doc)).then_some(stored.history)
}
