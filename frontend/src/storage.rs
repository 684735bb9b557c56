//! The draft's offline copy in localStorage, so a reload or a lost server loses nothing.

use joinery_shared::model::Document;

const DRAFT_KEY: &str = "joinery.draft.v1";

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
