//! One table drawn as a card: title bar, then a row per column with key markers, type and flags.

use joinery_shared::model::{Id, Table};
use leptos::prelude::*;

use joinery_shared::diagram::path::Dp1;

use crate::geometry::{
    card_title, placement_of, row_skeleton, title_bar_height, title_baseline, title_font, HEADER_H,
    ROW_H,
};
use crate::state::use_designer;

pub use joinery_shared::diagram::rows::{row_infos, RowInfo};

/// A table card on the canvas. Zoomed out, the title grows so that it stays legible on screen
/// (`title_zoom` is the zoom it is sized for) and is clipped to the card; below the detail zoom
/// the rows are drawn as faint bars.
#[component]
pub fn TableCard(id: Id, detailed: Memo<bool>, title_zoom: Memo<f64>) -> impl IntoView {
    let d = use_designer();
    let id_for_data = id.to_string();
    let card = {
        let id = id.clone();
        Memo::new(move |_| {
            let index = d.table_index.with(|ix| ix.get(&id).copied())?;
            d.doc.with(|doc| {
                let t = doc.schema.tables.get(index)?;
                let place = placement_of(doc, index, &t.id);
                let names: Vec<usize> = t.columns.iter().map(|c| c.name.chars().count()).collect();
                Some((card_title(t), place, names, rls_badge(t), flags_badge(t)))
            })
        })
    };
    // Rows only when they are drawn (memos are lazy): compact cards skip building them.
    let rows = {
        let id = id.clone();
        Memo::new(move |_| {
            let index = d.table_index.with(|ix| ix.get(&id).copied());
            index
                .and_then(|i| {
                    d.doc
                        .with(|doc| doc.schema.tables.get(i).map(|t| row_infos(&doc.schema, t)))
                })
                .unwrap_or_default()
        })
    };
    let selected = {
        let id = id.clone();
        Memo::new(move |_| d.selection.with(|s| s.contains(&id)))
    };
    let size = {
        let id = id.clone();
        Memo::new(move |_| {
            d.card_sizes.with(|s| {
                s.get(&id)
                    .copied()
                    .unwrap_or(crate::geometry::UNMEASURED_CARD)
            })
        })
    };
    // The title bar's height, baseline and font size at this zoom: one memo per card that the
    // elements below read, rather than each element following the canvas's zoom (a source
    // with thousands of subscribers is slow to re-subscribe to, and they all re-run on every
    // zoom step below the legible title size).
    let title = Memo::new(move |_| {
        let (_, h) = size.get();
        let z = title_zoom.get();
        (title_bar_height(h, z), title_baseline(h, z), title_font(z))
    });
    let problem_count = {
        let id = id.clone();
        Memo::new(move |_| {
            d.problems.with(|ps| {
                ps.iter()
                    .filter(|p| p.path.0.first().is_some_and(|s| s.id == id))
                    .count()
            })
        })
    };
    // The badges (row-level security; triggers and partitions) at a glance, from the card's memo.
    let rls = Memo::new(move |_| card.with(|c| c.as_ref().and_then(|c| c.3.clone())));
    let flags = Memo::new(move |_| card.with(|c| c.as_ref().and_then(|c| c.4.clone())));
    let position = move || {
        let (x, y) = card.with(|c| c.as_ref().map(|c| (c.1.x, c.1.y)).unwrap_or((0.0, 0.0)));
        let moving = d.moving_tables.get();
        let (dx, dy) = if moving && selected.get() {
            d.drag_offset.get()
        } else {
            (0.0, 0.0)
        };
        format!("translate({} {})", Dp1(x + dx), Dp1(y + dy))
    };
    // Comparison marks (added / changed), when a comparison is shown.
    let diff_mark = {
        let id = id.clone();
        Memo::new(move |_| {
            d.compare.with(|c| {
                c.as_ref()
                    .and_then(|h| h.tables.get(&id))
                    .map(|m| m.class())
            })
        })
    };
    let header_color = move || {
        card.with(|c| c.as_ref().and_then(|c| c.1.color.clone()))
            .unwrap_or_else(|| "var(--card-header)".into())
    };

    view! {
        <g class=move || format!("card {}", diff_mark.get().unwrap_or_default()) class:selected=move || selected.get() data-table=id_for_data transform=position>
            <rect class="card-shadow" x="2" y="3" rx="7" width=move || size.get().0 height=move || size.get().1></rect>
            <rect class="card-body" rx="7" width=move || size.get().0 height=move || size.get().1></rect>
            <path class="card-header" style:fill=header_color d=move || {
                let w = Dp1(size.get().0);
                let bar = Dp1(title.get().0);
                format!("M 0 {bar} L 0 7 Q 0 0 7 0 L {} 0 Q {w} 0 {w} 7 L {w} {bar} Z", Dp1(w.0 - 7.0))
            }></path>
            <svg class="card-title-box" width=move || size.get().0 height=move || title.get().0>
                <text class="card-title" x="12" y=move || Dp1(title.get().1).to_string()
                    style:font-size=move || format!("{}px", Dp1(title.get().2))>
                    {move || card.with(|c| c.as_ref().map(|c| c.0.clone()).unwrap_or_default())}
                </text>
            </svg>
            {move || (!detailed.get()).then(|| view! {
                <path class="row-skeleton" d=move || {
                    let w = size.get().0;
                    let bar = title.get().0;
                    card.with(|c| c.as_ref().map(|c| row_skeleton(&c.2, w, bar)).unwrap_or_default())
                }></path>
            })}
            {move || rls.get().map(|(label, tip)| view! {
                <g class="card-badge" data-testid="rls-badge" transform=move || {
                    let right = size.get().0 - if problem_count.get() > 0 { 30.0 } else { 10.0 };
                    format!("translate({right:.1} 0)")
                }>
                    <title>{tip}</title>
                    <text x="0" y=move || Dp1(title.get().1).to_string() text-anchor="end">{label}</text>
                </g>
            })}
            {move || flags.get().map(|(label, tip)| view! {
                <g class="card-badge" data-testid="card-flags" transform=move || {
                    let rls_width = rls.with(|r| r.as_ref().map_or(0.0, |(l, _)| l.chars().count() as f64 * 7.0 + 10.0));
                    let right = size.get().0 - if problem_count.get() > 0 { 30.0 } else { 10.0 } - rls_width;
                    format!("translate({right:.1} 0)")
                }>
                    <title>{tip}</title>
                    <text x="0" y=move || Dp1(title.get().1).to_string() text-anchor="end">{label}</text>
                </g>
            })}
            {move || (problem_count.get() > 0).then(|| view! {
                <g class="card-problem" transform=move || format!("translate({:.1} 16)", size.get().0 - 16.0)>
                    <title>{move || format!("{} problem(s): see the Problems tab", problem_count.get())}</title>
                    <circle r="8"></circle>
                    <text y="4" text-anchor="middle">"!"</text>
                </g>
            })}
            {move || detailed.get().then(|| {
                let w = size.get().0;
                rows.get()
                    .into_iter()
                    .enumerate()
                    .map(|(i, row)| {
                        let y = HEADER_H + i as f64 * ROW_H;
                        let base = y + ROW_H / 2.0 + 4.0;
                        let row_class = d.compare.with(|c| {
                            let mark = c.as_ref().and_then(|h| h.columns.get(&row.id)).map(|m| m.class());
                            format!("row {}", mark.unwrap_or_default())
                        });
                        let key_class = match row.key { "PK" => "col-key pk", "FK" => "col-key fk", "PF" => "col-key pk", _ => "col-key" };
                        view! {
                            <g class=row_class data-column=row.id.to_string()>
                                <rect class="row-bg" x="1" y=y width=w - 2.0 height=ROW_H></rect>
                                <text class=key_class x="10" y=base>{row.key}</text>
                                <text class="col-name" x="34" y=base>{row.name.clone()}</text>
                                <text class="col-type" x=w - 12.0 y=base text-anchor="end">
                                    {row.ty.clone()}
                                    <tspan class="col-flags">{if row.flags.is_empty() { String::new() } else { format!("  {}", row.flags) }}</tspan>
                                </text>
                                <circle class="handle" data-handle=row.id.to_string() cx=w cy=y + ROW_H / 2.0 r="5">
                                    <title>"Drag to another table's column to add a foreign key"</title>
                                </circle>
                            </g>
                        }
                    })
                    .collect_view()
            })}
        </g>
    }
}

/// The row-level security badge: on or off, how many policies, and its tooltip.
fn rls_badge(t: &Table) -> Option<(String, String)> {
    let on = t.row_security.enabled;
    (on || !t.policies.is_empty()).then(|| {
        let n = t.policies.len();
        let label = match (on, n) {
            (true, 0) => "RLS".to_string(),
            (true, n) => format!("RLS · {n}"),
            (false, n) => format!("RLS off · {n}"),
        };
        let forced = if t.row_security.forced {
            ", forced"
        } else {
            ""
        };
        let tip = format!(
            "Row-level security {}{forced}; {n} polic{}",
            if on { "on" } else { "off" },
            if n == 1 { "y" } else { "ies" }
        );
        (label, tip)
    })
}

/// The triggers and partitions badge, and its tooltip.
fn flags_badge(t: &Table) -> Option<(String, String)> {
    let mut parts = Vec::new();
    let mut tip = Vec::new();
    if t.partition_by.is_some() {
        let n = t.partitions.len();
        parts.push(format!("▦ {n}"));
        tip.push(format!(
            "Partitioned by {}; {n} partition{}: {}",
            t.partition_by
                .as_ref()
                .map(|p| format!("{} ({})", p.strategy.sql(), p.key))
                .unwrap_or_default(),
            if n == 1 { "" } else { "s" },
            t.partitions
                .iter()
                .map(|p| p.name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    if !t.triggers.is_empty() {
        let n = t.triggers.len();
        parts.push(format!("⚡ {n}"));
        tip.push(format!(
            "{n} trigger{}: {}",
            if n == 1 { "" } else { "s" },
            t.triggers
                .iter()
                .map(|x| x.name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    (!parts.is_empty()).then(|| (parts.join("  "), tip.join("; ")))
}
