//! A foreign key drawn between the exact column rows, with crow's-foot ends.

use joinery_shared::model::Id;
use leptos::prelude::*;

use crate::geometry::{
    cardinality_marker, drawn_rect, edge_geometry, fk_cardinality, fk_rows, Rect,
};
use crate::state::use_designer;

/// One relationship line.
#[component]
pub fn Relationship(table: Id, fk: Id, detailed: Memo<bool>) -> impl IntoView {
    let d = use_designer();
    let geometry = Memo::new(move |_| {
        let moving = d.moving_tables.get();
        let offset = if moving {
            d.drag_offset.get()
        } else {
            (0.0, 0.0)
        };
        let selection = d.selection.get();
        // Borrowed, not cloned: these maps hold every table, and lines are created by the
        // hundred while panning.
        d.card_sizes.with(|sizes| {
            d.table_index.with(|index| {
                d.doc.with(|doc| {
                    let ti = *index.get(&table)?;
                    let t = &doc.schema.tables[ti];
                    let f = t.foreign_keys.iter().find(|f| f.id == fk)?;
                    let ri = *index.get(&f.ref_table)?;
                    let r = &doc.schema.tables[ri];
                    let rect_of = |i: usize, id: &Id| {
                        let r = drawn_rect(doc, i, id, sizes);
                        let (dx, dy) = if selection.contains(id) {
                            offset
                        } else {
                            (0.0, 0.0)
                        };
                        Rect {
                            x: r.x + dx,
                            y: r.y + dy,
                            ..r
                        }
                    };
                    let (from_row, to_row) = fk_rows(t, f, r);
                    let g = edge_geometry(rect_of(ti, &t.id), from_row, rect_of(ri, &r.id), to_row);
                    let (child, parent) = fk_cardinality(t, f);
                    let markers = format!(
                        "{} {}",
                        cardinality_marker(g.from, child),
                        cardinality_marker(g.to, parent)
                    );
                    let highlighted = selection.contains(&t.id) || selection.contains(&r.id);
                    Some((g.path, markers, highlighted))
                })
            })
        })
    });
    view! {
        {move || geometry.get().map(|(path, markers, highlighted)| view! {
            <g class="relationship" class:highlighted=highlighted>
                <path class="edge" d=path></path>
                {detailed.get().then(|| view! { <path class="edge-marker" d=markers.clone()></path> })}
            </g>
        })}
    }
}
