//! Sticky notes and table groups on the canvas (layout only: they never produce SQL).

use leptos::prelude::*;

use crate::edits;
use crate::geometry::drawn_rect;
use crate::state::{use_designer, Designer, Gesture};

const NOTE_LINE_CHARS: usize = 28;

fn prompt(message: &str, default: &str) -> Option<String> {
    web_sys::window()?
        .prompt_with_message_and_default(message, default)
        .ok()
        .flatten()
}

/// Adds a note in the middle of the view (one undoable step).
pub fn add_note(d: Designer) {
    let (w, h) = d.canvas_size.get_untracked();
    let at = d
        .viewport
        .get_untracked()
        .to_world(w / 2.0 - 100.0, h / 2.0 - 60.0);
    d.edit("Add note", |doc| {
        edits::add_note(doc, at, "Note");
    });
}

/// Groups the selected tables under a name (asked for), one undoable step.
pub fn group_selection(d: Designer) {
    let tables: Vec<_> = d.selection.get_untracked().into_iter().collect();
    if tables.is_empty() {
        d.status.set("Select the tables to group first".into());
        return;
    }
    let Some(name) = prompt("Group name", "Group") else {
        return;
    };
    d.edit("Group tables", |doc| {
        edits::add_group(doc, name, tables);
    });
}

/// Wraps note text into lines for SVG (which does not wrap text itself).
fn wrap(text: &str) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.lines() {
        let mut line = String::new();
        for word in paragraph.split_whitespace() {
            if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > NOTE_LINE_CHARS
            {
                lines.push(std::mem::take(&mut line));
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        lines.push(line);
    }
    lines
}

/// The notes layer.
#[component]
pub fn Notes() -> impl IntoView {
    let d = use_designer();
    let notes = Memo::new(move |_| d.doc.with(|doc| doc.layout.notes.clone()));
    view! {
        <g class="notes">
            {move || notes.get().into_iter().map(|n| {
                let id = StoredValue::new(n.id.clone());
                let offset = move || match d.gesture.get() {
                    Gesture::MoveNote { id: moving, offset, .. } if moving == id.get_value() => offset,
                    _ => (0.0, 0.0),
                };
                let (x, y, w, h) = (n.x, n.y, n.width, n.height);
                let text = n.text.clone();
                let lines = wrap(&n.text);
                let height = h.max(30.0 + lines.len() as f64 * 16.0);
                view! {
                    <g class="note" data-note=n.id.to_string() transform=move || { let (dx, dy) = offset(); format!("translate({:.1} {:.1})", x + dx, y + dy) }>
                        <rect class="note-body" width=w height=height rx="4"></rect>
                        <text class="note-text" x="10" y="22">
                            {lines.into_iter().enumerate().map(|(i, l)| view! { <tspan x="10" dy=if i == 0 { "0" } else { "16" }>{l}</tspan> }).collect_view()}
                        </text>
                        <g class="note-actions" on:pointerdown=|ev| ev.stop_propagation()>
                            <text class="note-action" data-note-action="edit" x=w - 36.0 y="16"
                                on:click=move |_| {
                                    let current = text.clone();
                                    if let Some(t) = prompt("Note text", &current) {
                                        let nid = id.get_value();
                                        d.edit("Edit note", |doc| edits::set_note_text(doc, &nid, t));
                                    }
                                }>
                                <title>"Edit note"</title>"✎"
                            </text>
                            <text class="note-action" data-note-action="delete" x=w - 16.0 y="16"
                                on:click=move |_| { let nid = id.get_value(); d.edit("Delete note", |doc| edits::delete_note(doc, &nid)); }>
                                <title>"Delete note"</title>"×"
                            </text>
                        </g>
                    </g>
                }
            }).collect_view()}
        </g>
    }
}

/// The groups layer: a labelled frame around each group's tables, drawn behind the cards.
#[component]
pub fn Groups() -> impl IntoView {
    let d = use_designer();
    let frames = Memo::new(move |_| {
        let sizes = d.card_sizes.get();
        d.doc.with(|doc| {
            doc.layout
                .groups
                .iter()
                .filter_map(|g| {
                    let rect = g
                        .tables
                        .iter()
                        .filter_map(|id| {
                            let i = doc.schema.tables.iter().position(|t| &t.id == id)?;
                            Some(drawn_rect(doc, i, id, &sizes))
                        })
                        .reduce(|a, b| a.union(&b))?;
                    Some((g.id.clone(), g.name.clone(), g.color.clone(), rect))
                })
                .collect::<Vec<_>>()
        })
    });
    view! {
        <g class="groups">
            {move || frames.get().into_iter().map(|(id, name, color, r)| {
                let gid = StoredValue::new(id);
                let pad = 24.0;
                view! {
                    <g class="group" data-group=gid.get_value().to_string()>
                        <rect class="group-frame" x=r.x - pad y=r.y - pad - 18.0 width=r.w + 2.0 * pad height=r.h + 2.0 * pad + 18.0 rx="10"
                            style:stroke=color.clone().unwrap_or_default()></rect>
                        <text class="group-label" x=r.x - pad + 10.0 y=r.y - pad - 2.0>{name}</text>
                        <text class="group-action" x=r.x + r.w + pad - 16.0 y=r.y - pad - 2.0
                            on:pointerdown=|ev| ev.stop_propagation()
                            on:click=move |_| { let g = gid.get_value(); d.edit("Ungroup", |doc| edits::ungroup(doc, &g)); }>
                            <title>"Ungroup"</title>"×"
                        </text>
                    </g>
                }
            }).collect_view()}
        </g>
    }
}
