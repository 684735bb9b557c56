//! A foreign key drawn between the exact column rows, with crow's-foot ends.
//!
//! The line is routed by `joinery_shared::diagram` (around the cards, out of the child row and
//! into the referenced row on a card edge); this component only looks its route up.

use joinery_shared::diagram::svg::CORNER_RADIUS;
use joinery_shared::model::Id;
use leptos::prelude::*;

use crate::geometry::cardinality_marker;
use crate::state::use_designer;

/// One relationship line.
#[component]
pub fn Relationship(table: Id, fk: Id, detailed: Memo<bool>) -> impl IntoView {
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
        let markers = format!(
            "{} {}",
            cardinality_marker(line.route.from_end(), line.child),
            cardinality_marker(line.route.to_end(), line.parent)
        );
        Some((line.route.svg_path(CORNER_RADIUS), markers, highlighted))
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
