//! A foreign key drawn between the exact column rows, with crow's-foot ends.
//!
//! The line is routed by `joinery_shared::diagram` (around the cards, out of the child row and
//! into the referenced row on a card edge); [`line_geometry`] looks its route up and takes the
//! part of it inside the canvas's rendered area, and this component draws what it is given.
//!
//! The canvas computes every mounted line's geometry in one effect and hands each line its own
//! signal ([`LineGeometry`]), rather than each line following the routes, the selection and the
//! area itself: a reactive source with hundreds of subscribers is slow to re-subscribe to, and
//! all of them re-ran together whenever a zoom step re-clipped the lines (a third of such a
//! frame went to the reactive graph's bookkeeping).

use joinery_shared::diagram::path::clipped_svg_path;
use joinery_shared::diagram::svg::CORNER_RADIUS;
use joinery_shared::model::Id;
use leptos::prelude::*;

use crate::geometry::{cardinality_marker, Rect};
use crate::state::Designer;

/// How far a crow's foot reaches from its line's end (world units), with room to spare.
const MARKER_REACH: f64 = 25.0;

/// What is drawn of one line: its path (clipped to the area), its end markers (those in the
/// area) and whether it is highlighted (a table at either end is selected). `None` while the
/// line has no route.
pub type LineGeometry = Option<(String, String, bool)>;

/// The geometry of the line of foreign key `fk` of `table` in the world area `area` (`None`:
/// all of it), untracked: the caller says what it follows.
pub fn line_geometry(d: Designer, table: &Id, fk: &Id, area: Option<Rect>) -> LineGeometry {
    let line = d
        .drag_routes
        .with_untracked(|r| r.get(table, fk).cloned())
        .or_else(|| d.routes.with_untracked(|r| r.get(table, fk).cloned()))?;
    let highlighted = d
        .selection
        .with_untracked(|s| s.contains(&line.table) || s.contains(&line.ref_table));
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
}

/// One relationship line, drawn from `geometry` (kept up to date by the canvas).
#[component]
pub fn Relationship(
    fk: Id,
    detailed: Memo<bool>,
    geometry: RwSignal<LineGeometry>,
) -> impl IntoView {
    let fk_attr = fk.to_string();
    // The elements stay while the line is there; a new route or clip only sets their `d`.
    let present = Memo::new(move |_| geometry.with(Option::is_some));
    let part = move |f: fn(&(String, String, bool)) -> String| {
        move || geometry.with(|g| g.as_ref().map(f).unwrap_or_default())
    };
    view! {
        {move || present.get().then(|| view! {
            <g class="relationship" class:highlighted=move || geometry.with(|g| g.as_ref().is_some_and(|g| g.2)) data-fk=fk_attr.clone()>
                <path class="edge" d=part(|g| g.0.clone())></path>
                {move || detailed.get().then(|| view! { <path class="edge-marker" d=part(|g| g.1.clone())></path> })}
            </g>
        })}
    }
}
