//! A foreign key drawn between the exact column rows, with crow's-foot ends.
//!
//! The line is routed by `joinery_shared::diagram` (around the cards, out of the child row and
//! into the referenced row on a card edge); this component only looks its route up, and draws
//! the part of it inside the canvas's rendered area.

use joinery_shared::diagram::path::clipped_svg_path;
use joinery_shared::diagram::svg::CORNER_RADIUS;
use joinery_shared::model::Id;
use leptos::prelude::*;

use crate::geometry::{cardinality_marker, Rect};
use crate::state::use_designer;

/// How far a crow's foot reaches from its line's end (world units), with room to spare.
const MARKER_REACH: f64 = 25.0;

/// One relationship line; `area` is the world area the canvas renders (`None`: all of it).
#[component]
pub fn Relationship(
    table: Id,
    fk: Id,
    detailed: Memo<bool>,
    area: Memo<Option<Rect>>,
) -> impl IntoView {
    let d = use_designer();
    let fk_attr = fk.to_string();
    let geometry = Memo::new(move |_| {
        let line = d
            .drag_routes
            .with(|r| r.get(&table, &fk).cloned())
            .or_else(|| d.routes.with(|r| r.get(&table, &fk).cloned()))?;
        let highlighted = d
            .selection
            .with(|s| s.contains(&line.table) || s.contains(&line.ref_table));
        let area = area.get();
        // Each end's crow's foot only when that end is in the area: one path holding both ends
        // of a long line would be as large as the line, and drawn again for every tile.
        let near = |(x, y, _): (f64, f64, f64)| {
            area.is_none_or(|a| {
                x >= a.x - MARKER_REACH
                    && x <= a.right() + MARKER_REACH
                    && y >= a.y - MARKER_REACH
                    && y <= a.bottom() + MARKER_REACH
            })
        };
        let (from, to) = (line.route.from_end(), line.route.to_end());
        let markers = [(from, line.child), (to, line.parent)]
            .into_iter()
            .filter(|(end, _)| near(*end))
            .map(|(end, kind)| cardinality_marker(end, kind))
            .collect::<Vec<_>>()
            .join(" ");
        let path = match area {
            Some(area) => clipped_svg_path(&line.route.points, CORNER_RADIUS, &area),
            None => line.route.svg_path(CORNER_RADIUS),
        };
        Some((path, markers, highlighted))
    });
    view! {
        {move || geometry.get().map(|(path, markers, highlighted)| view! {
            <g class="relationship" class:highlighted=highlighted data-fk=fk_attr.clone()>
                <path class="edge" d=path></path>
                {detailed.get().then(|| view! { <path class="edge-marker" d=markers.clone()></path> })}
            </g>
        })}
    }
}
