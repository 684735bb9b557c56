//! Small browser helpers the views share: focusing a new object's name, closing a menu, the
//! colour theme.

use wasm_bindgen::JsCast;

/// After the next render, puts the cursor in the field matching `selector` with its text
/// selected, so a new object is named by just typing.
pub fn focus_and_select(selector: &'static str) {
    focus_when_shown(selector, 0);
}

/// How many animation frames `focus_and_select` waits for its field: the form it is in may be
/// a part still being fetched (`components::deferred`), about a second at most.
const FOCUS_FRAMES: u32 = 90;

fn focus_when_shown(selector: &'static str, frame: u32) {
    leptos::prelude::request_animation_frame(move || {
        let document = web_sys::window().and_then(|w| w.document());
        let input = document
            .as_ref()
            .and_then(|d| d.query_selector(selector).ok().flatten())
            .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok());
        match input {
            Some(input) => {
                // Not if the user went on to type somewhere else while the form was loading.
                let elsewhere = frame > 0
                    && document.and_then(|d| d.active_element()).is_some_and(|el| {
                        matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
                    });
                if !elsewhere {
                    let _ = input.focus();
                    input.select();
                }
            }
            None if frame < FOCUS_FRAMES => focus_when_shown(selector, frame + 1),
            None => {}
        }
    });
}

/// Closes the `<details>` menu an item was clicked in, so it does not stay over the canvas.
pub fn close_menu(ev: &leptos::ev::MouseEvent) {
    if let Some(details) = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|el| el.closest("details").ok().flatten())
    {
        let _ = details.remove_attribute("open");
    }
}

/// Flips between light and dark, remembering the choice.
pub fn toggle_theme() {
    let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    else {
        return;
    };
    let dark_now = match root.get_attribute("data-theme").as_deref() {
        Some("dark") => true,
        Some("light") => false,
        _ => web_sys::window()
            .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten())
            .is_some_and(|m| m.matches()),
    };
    let next = if dark_now { "light" } else { "dark" };
    let _ = root.set_attribute("data-theme", next);
    crate::storage::set_theme(next);
}
