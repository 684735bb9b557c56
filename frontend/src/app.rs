//! The designer shell: toolbar, canvas and side panel, keyboard shortcuts and the offline copy.

use gloo_timers::callback::Timeout;
use leptos::prelude::*;

use crate::actions::{add_table, delete_selection, duplicate_selection};
use crate::canvas::Canvas;
use crate::components::deferred::{Deferred, Part};
use crate::components::finder::Finder;
use crate::components::side_panel::SidePanel;
use crate::components::toolbar::Toolbar;
use crate::state::{provide_designer_context, Designer};

fn restore_theme() {
    if let (Some(theme), Some(root)) = (
        crate::storage::theme(),
        web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element()),
    ) {
        let _ = root.set_attribute("data-theme", &theme);
    }
}

fn typing_in_field(ev: &web_sys::KeyboardEvent) -> bool {
    use wasm_bindgen::JsCast;
    ev.target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .map(|el| {
            matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
                || el.closest("[contenteditable]").ok().flatten().is_some()
        })
        .unwrap_or(false)
}

/// Closes the open `<details class="menu">` menus, except the one holding `inside` (a click in
/// a menu is for the menu).
fn close_menus(inside: Option<&web_sys::Node>) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Ok(open) = doc.query_selector_all("details.menu[open]") else {
        return;
    };
    for i in 0..open.length() {
        let Some(menu) = open.item(i) else { continue };
        if inside.is_some_and(|n| menu.contains(Some(n))) {
            continue;
        }
        use wasm_bindgen::JsCast;
        if let Ok(el) = menu.dyn_into::<web_sys::Element>() {
            let _ = el.remove_attribute("open");
        }
    }
}

/// Global keyboard shortcuts (ignored while typing in a field).
fn on_key(d: Designer, s: crate::sync::Sync, ev: web_sys::KeyboardEvent) {
    let key = ev.key();
    let modifier = ev.ctrl_key() || ev.meta_key();
    if key == "Escape" {
        d.finder_open.set(false);
        d.import_open.set(false);
        s.projects_open.set(false);
        close_menus(None);
        d.selection.set(Default::default());
        return;
    }
    if modifier && key.eq_ignore_ascii_case("k") {
        ev.prevent_default();
        d.finder_open.set(true);
        return;
    }
    if typing_in_field(&ev) {
        return;
    }
    match (modifier, key.as_str()) {
        (true, "z") | (true, "Z") if ev.shift_key() => {
            ev.prevent_default();
            d.redo();
        }
        (true, "z") => {
            ev.prevent_default();
            d.undo();
        }
        (true, "y") => {
            ev.prevent_default();
            d.redo();
        }
        (true, "d") => {
            ev.prevent_default();
            duplicate_selection(d);
        }
        (true, "a") => {
            ev.prevent_default();
            let all = d
                .doc
                .with_untracked(|doc| doc.schema.tables.iter().map(|t| t.id.clone()).collect());
            d.selection.set(all);
        }
        (false, "Delete") | (false, "Backspace") => {
            ev.prevent_default();
            delete_selection(d);
        }
        (false, "t") => add_table(d),
        (false, "/") => {
            ev.prevent_default();
            d.finder_open.set(true);
        }
        (_, "+") | (_, "=") => {
            ev.prevent_default();
            let (w, h) = d.canvas_size.get_untracked();
            d.viewport
                .update(|v| *v = v.zoom_at(w / 2.0, h / 2.0, 1.25));
        }
        (_, "-") => {
            ev.prevent_default();
            let (w, h) = d.canvas_size.get_untracked();
            d.viewport.update(|v| *v = v.zoom_at(w / 2.0, h / 2.0, 0.8));
        }
        (false, "0") => d.viewport.update(|v| {
            // About the middle of the view, so what was in view stays in view.
            let (w, h) = d.canvas_size.get_untracked();
            *v = v.zoom_at(w / 2.0, h / 2.0, 1.0 / v.zoom)
        }),
        (false, "!") | (false, "F") => d.zoom_to_fit(),
        (false, " ") => {
            ev.prevent_default();
            d.space_held.set(true);
        }
        _ => {}
    }
}

/// The root component.
#[component]
pub fn App() -> impl IntoView {
    restore_theme();
    let initial = crate::storage::load_draft().unwrap_or_else(joinery_shared::demo::demo_document);
    let d = provide_designer_context(initial);
    crate::sync::start(d);

    // Keep an offline copy of the draft, debounced so dragging and typing stay cheap: each edit
    // replaces the pending timer, and a replaced (dropped) timer never fires.
    let pending = StoredValue::new_local(None::<Timeout>);
    Effect::new(move |first: Option<()>| {
        d.doc.track();
        if first.is_none() {
            return;
        }
        pending.set_value(Some(Timeout::new(600, move || {
            let doc = d.doc.get_untracked();
            leptos::task::spawn_local(async move {
                if crate::storage::save_draft_sliced(doc).await == Some(false) {
                    d.status
                        .set("Could not save the offline copy (browser storage full?)".into());
                }
            });
        })));
    });

    // Leaving or hiding the page keeps everything at once (the debounced copy above may not
    // have run yet): a reload right after an edit, or with a field still being typed in, loses
    // nothing, and the undo history comes back.
    let s = crate::sync::use_sync();
    let pagehide = window_event_listener(leptos::ev::pagehide, move |_| s.persist_now());
    let hidden = window_event_listener_untyped("visibilitychange", move |_| {
        let hidden = web_sys::window()
            .and_then(|w| w.document())
            .is_some_and(|doc| doc.hidden());
        if hidden {
            s.persist_now();
        }
    });
    let keydown = window_event_listener(leptos::ev::keydown, move |ev| on_key(d, s, ev));
    // A click anywhere outside an open menu closes it.
    let outside = window_event_listener(leptos::ev::pointerdown, move |ev| {
        use wasm_bindgen::JsCast;
        let target = ev.target().and_then(|t| t.dyn_into::<web_sys::Node>().ok());
        close_menus(target.as_ref());
    });
    let keyup = window_event_listener(leptos::ev::keyup, move |ev| {
        if ev.key() == " " {
            d.space_held.set(false);
        }
    });
    on_cleanup(move || {
        keydown.remove();
        keyup.remove();
        pagehide.remove();
        hidden.remove();
        outside.remove();
    });
    // First frame: show the whole diagram. The engine worker starts loading once that frame is
    // painted (the problems list asks it first); `data-engine` says where it is, for tests and
    // benchmarks.
    request_animation_frame(move || d.zoom_to_fit());
    crate::engine::start_after_first_paint();
    let engine_state = crate::engine::state();
    // The parts not on the first screen are fetched once the engine is up (see `deferred`).
    Effect::new(move |done: Option<bool>| {
        if done == Some(true) {
            return true;
        }
        let ready = engine_state.get() == crate::engine::EngineState::Ready;
        if ready {
            crate::components::deferred::preload_all();
        }
        ready
    });
    // The dialogs are built when first opened and kept, so they keep what was typed in them.
    let import_wanted = Memo::new(move |before: Option<&bool>| {
        before.copied().unwrap_or(false) || d.import_open.get()
    });
    let projects_wanted = Memo::new(move |before: Option<&bool>| {
        before.copied().unwrap_or(false) || s.projects_open.get()
    });

    view! {
        <div class="shell" data-engine=move || engine_state.get().as_str()>
            <Toolbar />
            <crate::components::conflict_banner::ConflictBanner />
            <crate::components::sign_in_banner::SignInBanner />
            <main class="workspace">
                <Canvas />
                <crate::components::compare::CompareLegend />
                <SidePanel />
            </main>
            {move || import_wanted.get().then(|| view! { <Deferred part=Part::Import toast=true /> })}
            <Finder />
            {move || projects_wanted.get().then(|| view! { <Deferred part=Part::Projects toast=true /> })}
        </div>
    }
}
