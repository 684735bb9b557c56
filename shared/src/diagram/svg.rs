//! The diagram as a standalone SVG document, generated from the model (not copied from the DOM,
//! which only holds what is on screen).
//!
//! The markup is a contract that tools and tests can rely on:
//!
//! - each card is `<g class="card" data-table="schema.table">`, its body
//!   `<rect class="card-body" x y width height>` in absolute canvas units;
//! - each row is `<g class="row" data-column="name">` holding `<rect class="row-bg">` with the
//!   row's rectangle (absolute), so a row's centre is `y + height / 2`;
//! - each relationship is `<path class="edge" data-fk="constraint" data-from="schema.table.col"
//!   data-to="schema.table.col" data-columns='[["col","refcol"],…]' data-child="zero-or-many"
//!   data-parent="one" d="M x y …">`: `data-fk` is the effective constraint name
//!   ([`crate::naming::effective_fk_name_with`]), `data-from`/`data-to` name the first column
//!   pair (the rows the line joins), `data-columns` lists every pair as JSON, and the path's first
//!   point is on the child card's left or right edge at the `data-from` row's centre, its last
//!   point on the parent card's edge at the `data-to` row's centre;
//! - the crow's-foot markers follow each edge as `<path class="edge-marker" data-fk=…>`.
//!
//! Lines are drawn after the cards: they never cross a card, so nothing hides them. All text
//! is XML-escaped.

use std::fmt::Write;

use crate::model::Document;
use crate::naming::effective_fk_name_with;

use super::cardinality::{cardinality_marker, fk_cardinality};
use super::geometry::{card_title, Rect, HEADER_H, ROW_H};
use super::rows::row_infos;
use super::Diagram;

/// Rounding radius of line corners.
pub const CORNER_RADIUS: f64 = 6.0;

/// Escapes text for XML content and attribute values (characters XML 1.0 forbids become U+FFFD).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(ch),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// The whole diagram of `doc` (as laid out) as a self-contained SVG document.
pub fn svg(doc: &Document) -> String {
    svg_of(doc, &Diagram::of(doc))
}

/// [`svg`] for a diagram already computed from `doc`.
pub fn svg_of(doc: &Document, diagram: &Diagram) -> String {
    let bounds = diagram.bounds().unwrap_or(Rect {
        x: 0.0,
        y: 0.0,
        w: 400.0,
        h: 200.0,
    });
    let pad = 40.0;
    let (vx, vy, vw, vh) = (
        (bounds.x - pad).floor(),
        (bounds.y - pad).floor(),
        (bounds.w + 2.0 * pad).ceil(),
        (bounds.h + 2.0 * pad).ceil(),
    );
    let schema = &doc.schema;
    let mut out = format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="{vx} {vy} {vw} {vh}" width="{vw}" height="{vh}" font-family="system-ui, sans-serif" font-size="12">
<style>.edge,.edge-marker{{fill:none;stroke:#8792a2;stroke-width:1.5}}.card-body{{fill:#fff;stroke:#d9dde3}}.title{{fill:#fff;font-weight:600;font-size:13px}}.name{{fill:#1d2330}}.type{{fill:#667085;font-family:ui-monospace,monospace;font-size:11px}}.key{{fill:#b7791f;font-weight:700;font-size:10px}}.fk{{fill:#2f6feb}}.row-bg{{fill:none}}</style>
<rect x="{vx}" y="{vy}" width="{vw}" height="{vh}" fill="#f6f7f9"/>
"##
    );
    for (i, t) in schema.tables.iter().enumerate() {
        let r = diagram.cards[i];
        let color = doc
            .layout
            .placements
            .get(&t.id)
            .and_then(|p| p.color.clone())
            .unwrap_or_else(|| "#2f6feb".into());
        let qualified = format!("{}.{}", t.schema, t.name);
        let (x, y, w, h) = (r.x, r.y, r.w, r.h);
        let _ = write!(
            out,
            "<g class=\"card\" data-table=\"{}\">\n<rect class=\"card-body\" x=\"{x:.1}\" y=\"{y:.1}\" width=\"{w:.1}\" height=\"{h:.1}\" rx=\"7\"/>\n\
             <path d=\"M {x:.1} {:.1} L {x:.1} {:.1} Q {x:.1} {y:.1} {:.1} {y:.1} L {:.1} {y:.1} Q {:.1} {y:.1} {:.1} {:.1} L {:.1} {:.1} Z\" fill=\"{}\"/>\n\
             <svg x=\"{x:.1}\" y=\"{y:.1}\" width=\"{w:.1}\" height=\"{HEADER_H}\"><text class=\"title\" x=\"12\" y=\"21\">{}</text></svg>\n",
            escape(&qualified),
            y + HEADER_H,
            y + 7.0,
            x + 7.0,
            x + w - 7.0,
            x + w,
            x + w,
            y + 7.0,
            x + w,
            y + HEADER_H,
            escape(&color),
            escape(&card_title(t)),
        );
        for (k, row) in row_infos(schema, t).iter().enumerate() {
            let top = y + HEADER_H + k as f64 * ROW_H;
            let base = top + ROW_H / 2.0 + 4.0;
            let key_class = if row.key == "FK" { "key fk" } else { "key" };
            let flags = if row.flags.is_empty() {
                String::new()
            } else {
                format!("  {}", row.flags)
            };
            let _ = writeln!(
                out,
                "<g class=\"row\" data-column=\"{}\"><rect class=\"row-bg\" x=\"{x:.1}\" y=\"{top:.1}\" width=\"{w:.1}\" height=\"{ROW_H}\"/><text class=\"{key_class}\" x=\"{:.1}\" y=\"{base:.1}\">{}</text><text class=\"name\" x=\"{:.1}\" y=\"{base:.1}\">{}</text><text class=\"type\" x=\"{:.1}\" y=\"{base:.1}\" text-anchor=\"end\">{}</text></g>",
                escape(&row.name),
                x + 10.0,
                row.key,
                x + 34.0,
                escape(&row.name),
                x + w - 12.0,
                escape(&format!("{}{flags}", row.ty)),
            );
        }
        out.push_str("</g>\n");
    }
    for (e, route) in diagram.edges.iter().zip(&diagram.routes) {
        let (t, fk, parent) = super::edge_parts(doc, e);
        let name = effective_fk_name_with(t, fk, Some(parent));
        let col = |table: &crate::model::Table, id: &crate::model::Id| {
            table
                .column(id)
                .map_or_else(|| id.as_str().to_string(), |c| c.name.clone())
        };
        let qualified = |table: &crate::model::Table, id: Option<&crate::model::Id>| {
            format!(
                "{}.{}.{}",
                table.schema,
                table.name,
                id.map(|id| col(table, id)).unwrap_or_default()
            )
        };
        let pairs: Vec<(String, String)> = fk
            .columns
            .iter()
            .zip(&fk.ref_columns)
            .map(|(a, b)| (col(t, a), col(parent, b)))
            .collect();
        let (child, parent_end) = fk_cardinality(t, fk);
        let name = escape(&name);
        let _ = writeln!(
            out,
            "<g class=\"relationship\"><path class=\"edge\" data-fk=\"{name}\" data-from=\"{}\" data-to=\"{}\" data-columns=\"{}\" data-child=\"{}\" data-parent=\"{}\" d=\"{}\"/><path class=\"edge-marker\" data-fk=\"{name}\" d=\"{} {}\"/></g>",
            escape(&qualified(t, fk.columns.first())),
            escape(&qualified(parent, fk.ref_columns.first())),
            escape(&serde_json::to_string(&pairs).unwrap_or_default()),
            child.name(),
            parent_end.name(),
            route.svg_path(CORNER_RADIUS),
            cardinality_marker(route.from_end(), child),
            cardinality_marker(route.to_end(), parent_end),
        );
    }
    out.push_str("</svg>\n");
    out
}
