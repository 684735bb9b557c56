//! The minimap: the whole diagram in miniature with the viewport outlined; click to jump there.
//!
//! Its frame is the diagram and the viewport together, so the viewport's outline is always whole
//! (zoomed out past the diagram, the outline contains it). The cards are one path in canvas
//! units, rebuilt only when the document changes; panning moves a transform. It can be hidden
//! (remembered in this browser).

use leptos::prelude::*;
use web_sys::PointerEvent;

use crate::geometry::{diagram_bounds, drawn_rect, Rect};
use crate::state::use_designer;

const MAP_W: f64 = 200.0;
const MAP_H: f64 = 140.0;

/// The minimap component.
#[component]
pub fn Minimap() -> impl IntoView {
    let d = use_designer();
    let hidden = RwSignal::new(crate::storage::minimap_hidden());
    let set_hidden = move |h: bool| {
        hidden.set(h);
        crate::storage::set_minimap_hidden(h);
    };
    // One path for all cards, in canvas units: a single DOM node whatever the table count.
    let scene = Memo::new(move |_| {
        let sizes = d.card_sizes.get();
        d.doc.with(|doc| {
            let bounds = diagram_bounds(doc)?;
            let mut path = String::new();
            for (i, t) in doc.schema.tables.iter().enumerate() {
                let Rect { x, y, w, h } = drawn_rect(doc, i, &t.id, &sizes);
                path.push_str(&format!("M{x:.0} {y:.0}h{w:.0}v{h:.0}h{:.0}Z", -w));
            }
            Some((bounds, path))
        })
    });
    // The frame (diagram ∪ viewport), its scale, and the viewport in map units.
    let frame = move || {
        let (bounds, _) = scene.get()?;
        let (w, h) = d.canvas_size.get();
        let v = d.viewport.get().visible(w, h);
        let f = bounds.union(&v);
        let scale = (MAP_W / f.w).min(MAP_H / f.h);
        Some((f, scale, v))
    };
    let jump = move |ev: PointerEvent| {
        ev.stop_propagation();
        let Some((f, scale, _)) = frame() else {
            return;
        };
        let (wx, wy) = (
            ev.offset_x() as f64 / scale + f.x,
            ev.offset_y() as f64 / scale + f.y,
        );
        let (w, h) = d.canvas_size.get_untracked();
        d.viewport.update(|v| {
            v.x = w / 2.0 - wx * v.zoom;
            v.y = h / 2.0 - wy * v.zoom;
        });
    };
    view! {
        {move || match (scene.with(Option::is_some), hidden.get()) {
            (false, _) => ().into_any(),
            (true, true) => view! {
                <button class="btn minimap-show" data-testid="minimap-show" title="Show the minimap" on:pointerdown=|ev: PointerEvent| ev.stop_propagation() on:click=move |_| set_hidden(false)>"Map"</button>
            }.into_any(),
            (true, false) => view! {
                <div class="minimap-wrap">
                    <svg class="minimap" data-testid="minimap" width=MAP_W height=MAP_H on:pointerdown=jump>
                        <g transform=move || frame().map(|(f, s, _)| format!("scale({s:.5}) translate({:.1} {:.1})", -f.x, -f.y)).unwrap_or_default()>
                            <path class="minimap-cards" d=move || scene.with(|s| s.as_ref().map(|s| s.1.clone()).unwrap_or_default())></path>
                        </g>
                        {move || frame().map(|(f, s, v)| view! {
                            <rect class="minimap-viewport" data-testid="minimap-viewport" x=(v.x - f.x) * s y=(v.y - f.y) * s width=(v.w * s).max(2.0) height=(v.h * s).max(2.0)></rect>
                        })}
                    </svg>
                    <button class="icon-btn minimap-hide" data-testid="minimap-hide" title="Hide the minimap" aria-label="Hide the minimap" on:pointerdown=|ev: PointerEvent| ev.stop_propagation() on:click=move |_| set_hidden(true)>"×"</button>
                </div>
            }.into_any(),
        }}
    }
}
