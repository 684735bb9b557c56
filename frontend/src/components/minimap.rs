//! The minimap: the whole diagram in miniature with the viewport outlined; click to jump there.

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
    // One path for all cards: a single DOM node whatever the table count.
    let scene = Memo::new(move |_| {
        let sizes = d.card_sizes.get();
        d.doc.with(|doc| {
            let bounds = diagram_bounds(doc)?;
            let scale = (MAP_W / bounds.w).min(MAP_H / bounds.h);
            let mut path = String::new();
            for (i, t) in doc.schema.tables.iter().enumerate() {
                let Rect { x, y, w, h } = drawn_rect(doc, i, &t.id, &sizes);
                path.push_str(&format!(
                    "M{:.1} {:.1}h{:.1}v{:.1}h{:.1}Z",
                    (x - bounds.x) * scale,
                    (y - bounds.y) * scale,
                    (w * scale).max(1.0),
                    (h * scale).max(1.0),
                    -(w * scale).max(1.0)
                ));
            }
            Some((bounds, scale, path))
        })
    });
    let viewport_rect = move || {
        let (bounds, scale, _) = scene.get()?;
        let (w, h) = d.canvas_size.get();
        let v = d.viewport.get().visible(w, h);
        Some((
            (v.x - bounds.x) * scale,
            (v.y - bounds.y) * scale,
            v.w * scale,
            v.h * scale,
        ))
    };
    let jump = move |ev: PointerEvent| {
        ev.stop_propagation();
        let Some((bounds, scale, _)) = scene.get_untracked() else {
            return;
        };
        let (wx, wy) = (
            ev.offset_x() as f64 / scale + bounds.x,
            ev.offset_y() as f64 / scale + bounds.y,
        );
        let (w, h) = d.canvas_size.get_untracked();
        d.viewport.update(|v| {
            v.x = w / 2.0 - wx * v.zoom;
            v.y = h / 2.0 - wy * v.zoom;
        });
    };
    view! {
        {move || scene.get().is_some().then(|| view! {
            <svg class="minimap" data-testid="minimap" width=MAP_W height=MAP_H on:pointerdown=jump>
                <path class="minimap-cards" d=move || scene.get().map(|s| s.2).unwrap_or_default()></path>
                {move || viewport_rect().map(|(x, y, w, h)| view! {
                    <rect class="minimap-viewport" x=x y=y width=w height=h></rect>
                })}
            </svg>
        })}
    }
}
