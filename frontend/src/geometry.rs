//! Canvas geometry: card sizes, column anchors, crow's-foot ends and the viewport transform.
//!
//! The pure parts live in `joinery_shared::diagram` (so the canvas, the SVG export, the CLI and
//! the native tests agree on every rectangle and line) and are re-exported here; what is left is
//! specific to the browser canvas.

use std::collections::HashMap;

pub use joinery_shared::diagram::cardinality::{cardinality_marker, fk_cardinality, Cardinality};
pub use joinery_shared::diagram::geometry::{
    card_height, card_rect, card_title, card_width, diagram_bounds, fk_rows, free_spot,
    placement_of, row_center, snap, type_label, Point, Rect, CHAR_W, FOOTER_H, HEADER_H, MAX_W,
    MIN_W, ROW_H,
};
pub use joinery_shared::diagram::zoom::{
    title_bar_height, title_baseline, title_font, title_zoom, Viewport, DETAIL_ZOOM, MAX_ZOOM,
    MIN_TITLE_PX, MIN_ZOOM, OVERVIEW_ZOOM, TITLE_FONT,
};
use joinery_shared::model::{Document, Id};

/// Grid size for snapping.
pub const GRID: f64 = 20.0;

/// A card's size before the browser has measured it.
pub const UNMEASURED_CARD: (f64, f64) = (200.0, 100.0);

/// Where a table's card is drawn: its placement and its measured size (the culling, hit tests,
/// lines, minimap, overview and groups all need the same rectangle).
pub fn drawn_rect(doc: &Document, index: usize, id: &Id, sizes: &HashMap<Id, (f64, f64)>) -> Rect {
    let p = placement_of(doc, index, id);
    let (w, h) = sizes.get(id).copied().unwrap_or(UNMEASURED_CARD);
    Rect {
        x: p.x,
        y: p.y,
        w,
        h,
    }
}

/// Faint bars standing in for the column rows of a card drawn without them (between the
/// overview and the detail zoom), so relationship lines still visibly land on rows. One bar per
/// row below the title bar, as long as the column's name.
pub fn row_skeleton(name_lengths: &[usize], card_w: f64, title_bar_h: f64) -> String {
    use joinery_shared::diagram::path::Dp1;
    use std::fmt::Write;
    let mut out = String::new();
    for (k, &len) in name_lengths.iter().enumerate() {
        let top = HEADER_H + k as f64 * ROW_H;
        if top < title_bar_h {
            continue;
        }
        let w = (len as f64 * CHAR_W).clamp(16.0, card_w - 44.0);
        let _ = write!(
            out,
            "M34 {}h{}v8h{}Z",
            Dp1(top + ROW_H / 2.0 - 4.0),
            Dp1(w),
            Dp1(-w)
        );
    }
    out
}

/// The world area whose cards and lines are rendered for a `view` (in world units) at `zoom`:
/// at least half of `overscan` screen pixels around the view and at most one and a half,
/// its corner snapped to a grid of half the overscan and its size fixed for the view's size.
/// The snapping keeps the area the same while a pan stays between grid lines, so nothing that
/// depends on it recomputes on every pointer move.
pub fn culled_area(view: Rect, zoom: f64, overscan: f64) -> Rect {
    let step = overscan / 2.0 / zoom;
    let x = ((view.x - step) / step).floor() * step;
    let y = ((view.y - step) / step).floor() * step;
    Rect {
        x,
        y,
        w: ((view.w + 3.0 * step) / step).ceil() * step,
        h: ((view.h + 3.0 * step) / step).ceil() * step,
    }
}

/// The viewport the canvas is drawn at: `previous` while the view pans at the same zoom and
/// has moved at most `slack` screen pixels from it on either axis, else `current`. While it is
/// held, the drawn layer is shifted by `current - previous` as a CSS transform, which the
/// compositor applies to what is already rasterized: a pan step then costs neither layout nor
/// raster (drawing 1,000 cards again on every step was most of a pan's frame on two cores).
pub fn held_viewport(
    previous: Option<Viewport>,
    current: Viewport,
    panning: bool,
    slack: f64,
) -> Viewport {
    match previous {
        Some(p)
            if panning
                && p.zoom == current.zoom
                && (current.x - p.x).abs() <= slack
                && (current.y - p.y).abs() <= slack =>
        {
            p
        }
        _ => current,
    }
}

/// The culled area for `view`, keeping `previous` while it still covers the view with a quarter
/// of the overscan to spare and is not much larger than a fresh one would be. A zoom step changes
/// the view's size, which moves a freshly snapped area every time, and every line in view is
/// then clipped again; kept, the area changes once every few steps of a zoom gesture instead.
pub fn keep_culled_area(previous: Option<Rect>, view: Rect, zoom: f64, overscan: f64) -> Rect {
    let fresh = culled_area(view, zoom, overscan);
    match previous {
        Some(previous)
            if previous.contains(&view.inflate(overscan / 4.0 / zoom))
                && previous.w <= fresh.w * 1.5
                && previous.h <= fresh.h * 1.5 =>
        {
            previous
        }
        _ => fresh,
    }
}

/// The cards (or lines) to mount next when `target` should be mounted and `current` is: those
/// of `target` already mounted, and at most `budget` new ones (all of them when nothing is
/// mounted yet and `first_whole`: the first view appears whole), in `target`'s order. The flag
/// says whether some new ones were left for a later frame; the count is how many new ones came
/// in. Both lists must be in one order (the document's for cards, sorted for lines).
pub fn admit<T: PartialEq + Clone>(
    current: &[T],
    target: &[T],
    budget: usize,
    first_whole: bool,
) -> (Vec<T>, usize, bool) {
    let unlimited = first_whole && current.is_empty();
    // Both lists follow the document's order, so each card is looked for from where the last
    // one was found (the whole list only for a card that is not there).
    let mut cursor = 0;
    let mut here = |id: &T| match current[cursor..].iter().position(|c| c == id) {
        Some(k) => {
            cursor += k + 1;
            true
        }
        None => current[..cursor].contains(id),
    };
    let mut budget = budget;
    let mut admitted = 0;
    let mut deferred = false;
    let next = target
        .iter()
        .filter(|id| {
            if here(id) {
                return true;
            }
            if unlimited || budget > 0 {
                budget = budget.saturating_sub(1);
                admitted += 1;
                return true;
            }
            deferred = true;
            false
        })
        .cloned()
        .collect();
    (next, admitted, deferred)
}
