//! The side panel with its tabs, resizable by dragging (or with the arrow keys on) its left edge;
//! the width is remembered in this browser.

use leptos::prelude::*;

use crate::components::deferred::{Deferred, Part};
use crate::components::problems_panel::ProblemsPanel;
use crate::components::sql_panel::SqlPanel;
use crate::components::table_editor::TableEditor;
use crate::state::{use_designer, Panel};

const MIN_WIDTH: f64 = 300.0;
const DEFAULT_WIDTH: f64 = 380.0;

/// The widest the panel may be: most of the window, leaving the canvas usable.
fn max_width() -> f64 {
    let window = web_sys::window()
        .and_then(|w| w.inner_width().ok())
        .and_then(|w| w.as_f64())
        .unwrap_or(1280.0);
    (window * 0.7).max(MIN_WIDTH)
}

/// Applies `width` (clamped) to the layout and tells the canvas its size changed.
fn apply_width(width: f64) -> f64 {
    let width = set_width_var(width);
    // The canvas measures itself on window resizes.
    if let Ok(event) = web_sys::Event::new("resize") {
        if let Some(w) = web_sys::window() {
            let _ = w.dispatch_event(&event);
        }
    }
    width
}

/// Sets the layout's `--panel-width` to `width` (clamped); returns it.
fn set_width_var(width: f64) -> f64 {
    let width = width.clamp(MIN_WIDTH, max_width()).round();
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        use wasm_bindgen::JsCast;
        if let Some(el) = root.dyn_ref::<web_sys::HtmlElement>() {
            let _ = el
                .style()
                .set_property("--panel-width", &format!("{width}px"));
        }
    }
    width
}

/// The side panel.
#[component]
pub fn SidePanel() -> impl IntoView {
    let d = use_designer();
    // The remembered width is in the layout before anything is drawn, so the canvas measures
    // itself once, as it mounts. (Set a frame later, it made the browser lay the page out
    // again and the canvas cull and draw again, in the first frames after the first render.)
    let width = RwSignal::new(set_width_var(
        crate::storage::panel_width().unwrap_or(DEFAULT_WIDTH),
    ));
    let dragging = RwSignal::new(false);
    let set_width = move |w: f64| {
        let w = apply_width(w);
        width.set(w);
        crate::storage::set_panel_width(w);
    };
    let from_pointer = move |ev: &web_sys::PointerEvent| {
        let window = web_sys::window()
            .and_then(|w| w.inner_width().ok())
            .and_then(|w| w.as_f64())
            .unwrap_or(1280.0);
        window - ev.client_x() as f64
    };
    let engine_state = crate::engine::state();
    let checked = move || engine_state.get() == crate::engine::EngineState::Ready;
    let tab = move |panel: Panel, label: &'static str, testid: &'static str| {
        view! {
            <button role="tab" class="tab" class:active=move || d.panel.get() == panel aria-selected=move || (d.panel.get() == panel).to_string()
                data-testid=testid on:click=move |_| d.panel.set(panel)>
                {label}
                {(panel == Panel::Problems).then(|| view! {
                    // Not a count (and not the alarm colour) until the engine has checked the design.
                    <span class="badge" class:zero=move || !checked() || d.problems.with(|p| p.is_empty())>
                        {move || if checked() { d.problems.with(|p| p.len()).to_string() } else { "…".to_string() }}
                    </span>
                })}
            </button>
        }
    };
    view! {
        <div class="panel-resizer" class:dragging=move || dragging.get() role="separator" aria-orientation="vertical"
                aria-label="Resize the side panel" tabindex="0" data-testid="panel-resizer"
                aria-valuenow=move || width.get().to_string() aria-valuemin=MIN_WIDTH.to_string()
                title="Drag to resize (or use the arrow keys); double-click to reset"
                on:pointerdown=move |ev| {
                    use wasm_bindgen::JsCast;
                    ev.prevent_default();
                    if let Some(el) = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) {
                        let _ = el.set_pointer_capture(ev.pointer_id());
                    }
                    dragging.set(true);
                }
                on:pointermove=move |ev| if dragging.get_untracked() { set_width(from_pointer(&ev)); }
                on:pointerup=move |_| dragging.set(false)
                on:pointercancel=move |_| dragging.set(false)
                on:dblclick=move |_| set_width(DEFAULT_WIDTH)
                on:keydown=move |ev| match ev.key().as_str() {
                    "ArrowLeft" => { ev.prevent_default(); set_width(width.get_untracked() + 20.0); }
                    "ArrowRight" => { ev.prevent_default(); set_width(width.get_untracked() - 20.0); }
                    _ => {}
                }></div>
        <aside class="side-panel" data-testid="side-panel" aria-label="Side panel">

            <nav class="tabs" role="tablist">
                {tab(Panel::Table, "Table", "tab-table")}
                {tab(Panel::Sql, "SQL", "tab-sql")}
                {tab(Panel::Enums, "Enums", "tab-enums")}
                {tab(Panel::Views, "Views", "tab-views")}
                {tab(Panel::Sequences, "Sequences", "tab-sequences")}
                {tab(Panel::Functions, "Functions", "tab-functions")}
                {tab(Panel::Problems, "Problems", "tab-problems")}
                {tab(Panel::Changes, "Changes", "tab-changes")}
                {tab(Panel::Versions, "Versions", "tab-versions")}
                {tab(Panel::Console, "Console", "tab-console")}
            </nav>
            <div class="panel-body">
                // The table editor stays built while another tab is shown: coming back to it
                // (a large table's form is a few hundred fields) costs no frame.
                <div class="panel-page" hidden=move || d.panel.get() != Panel::Table>
                    <TableEditor />
                </div>
                {move || match d.panel.get() {
                    Panel::Table => ().into_any(),
                    Panel::Sql => view! { <SqlPanel /> }.into_any(),
                    Panel::Enums => view! { <Deferred part=Part::Enums /> }.into_any(),
                    Panel::Views => view! { <Deferred part=Part::Views /> }.into_any(),
                    Panel::Sequences => view! { <Deferred part=Part::Sequences /> }.into_any(),
                    Panel::Functions => view! { <Deferred part=Part::Functions /> }.into_any(),
                    Panel::Problems => view! { <ProblemsPanel /> }.into_any(),
                    Panel::Changes => view! { <Deferred part=Part::Changes /> }.into_any(),
                    Panel::Versions => view! { <Deferred part=Part::Versions /> }.into_any(),
                    Panel::Console => view! { <Deferred part=Part::Console /> }.into_any(),
                }}
            </div>
        </aside>
    }
}
