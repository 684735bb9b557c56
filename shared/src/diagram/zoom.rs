//! The canvas viewport and semantic zoom: what is drawn, and how big, at each zoom.
//!
//! A diagram is only useful zoomed out if the table names can still be read, so below the zoom
//! where the 13-unit title would render under [`MIN_TITLE_PX`] pixels the title font grows as
//! `1 / zoom` (it stays [`MIN_TITLE_PX`] on screen) and is clipped to the card. Column rows are
//! drawn from [`DETAIL_ZOOM`] up, where their 12-unit text is 5.4 px: legible on the HiDPI
//! screens most people design on, and the point where a row is tall enough (10 px) to aim at.
//! Between [`OVERVIEW_ZOOM`] and [`DETAIL_ZOOM`] a card shows its title and one faint bar per
//! column, so relationship lines still visibly land on rows.

use super::geometry::{Rect, HEADER_H};

/// Zoom limits.
pub const MIN_ZOOM: f64 = 0.05;
/// Zoom limits.
pub const MAX_ZOOM: f64 = 3.0;
/// Title font size at 100 %, canvas units.
pub const TITLE_FONT: f64 = 13.0;
/// Column text font size at 100 %, canvas units.
pub const ROW_FONT: f64 = 12.0;
/// The smallest on-screen size of a table name, pixels.
pub const MIN_TITLE_PX: f64 = 11.0;
/// The smallest on-screen size of column text worth drawing, pixels.
pub const MIN_ROW_PX: f64 = 5.4;
/// Below this zoom cards are drawn without their column rows (`MIN_ROW_PX / ROW_FONT`).
pub const DETAIL_ZOOM: f64 = MIN_ROW_PX / ROW_FONT;
/// Below this zoom the whole diagram is drawn as a few paths (cards, lines) plus one title per
/// visible card instead of one element group per card: thousands of SVG groups are what makes a
/// zoomed-out canvas slow to paint.
pub const OVERVIEW_ZOOM: f64 = 0.22;
/// Average advance of a title character, in ems (bold system UI font).
pub const TITLE_CHAR_EM: f64 = 0.6;
/// Space left of a title on its card.
pub const TITLE_PAD_LEFT: f64 = 12.0;
/// Space kept right of a title (the problem badge sits there).
pub const TITLE_PAD_RIGHT: f64 = 8.0;

/// The title font size in canvas units at a zoom: [`TITLE_FONT`], or larger so that it is at
/// least [`MIN_TITLE_PX`] on screen.
pub fn title_font(zoom: f64) -> f64 {
    TITLE_FONT.max(MIN_TITLE_PX / zoom.max(MIN_ZOOM))
}

/// Below the zoom where a 13-unit title is still [`MIN_TITLE_PX`] on screen, the zooms titles
/// are sized for are this far apart (a quarter of an octave).
pub const TITLE_ZOOM_STEP: f64 = 1.189_207_115_002_721;

/// The zoom the card titles are sized for when the view is at `zoom`: the zoom itself from
/// where 13-unit titles are legible, and below it the nearest zoom at or under `zoom` on a
/// grid [`TITLE_ZOOM_STEP`] apart. A title is then [`MIN_TITLE_PX`] to 19 % more on screen,
/// never less.
///
/// Why a grid: sized for the exact zoom, every title bar, baseline, font size and row
/// skeleton of every card in view changed on every step of a wheel zoom, a few hundred
/// attributes and a layout of every title each step, which is what made zooming out at
/// 30 % miss frames. On the grid they change once every three or four steps.
pub fn title_zoom(zoom: f64) -> f64 {
    let legible = MIN_TITLE_PX / TITLE_FONT;
    let mut sized = legible;
    // (A loop, not a logarithm: `ln` and `powf` would bring libm into the first download. At
    // most 17 steps from the legible zoom down to MIN_ZOOM.)
    while sized > zoom && sized > MIN_ZOOM {
        sized /= TITLE_ZOOM_STEP;
    }
    sized
}

/// The height of the title bar as drawn at a zoom: [`HEADER_H`], grown with a scaled-up font but
/// never taller than the card.
pub fn title_bar_height(card_h: f64, zoom: f64) -> f64 {
    HEADER_H.max(title_font(zoom) * 1.5).min(card_h)
}

/// The title's baseline from the card's top at a zoom (21 at 100 %, as before).
pub fn title_baseline(card_h: f64, zoom: f64) -> f64 {
    let font = title_font(zoom);
    let bar = title_bar_height(card_h, zoom);
    (bar / 2.0 + font * 0.38).min(card_h.max(font))
}

/// The estimated width of a title at a font size.
pub fn title_width(title: &str, font: f64) -> f64 {
    title.chars().count() as f64 * font * TITLE_CHAR_EM
}

/// Whether a title is shown whole (not clipped) on a card `card_w` wide at a zoom.
pub fn title_fits(title: &str, card_w: f64, zoom: f64) -> bool {
    title_width(title, title_font(zoom)) <= card_w - TITLE_PAD_LEFT - TITLE_PAD_RIGHT
}

/// The pan/zoom of the canvas: `screen = world * zoom + (x, y)`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Viewport {
    /// Horizontal translation in screen pixels.
    pub x: f64,
    /// Vertical translation in screen pixels.
    pub y: f64,
    /// Scale.
    pub zoom: f64,
}

impl Default for Viewport {
    fn default() -> Self {
        Viewport {
            x: 40.0,
            y: 40.0,
            zoom: 1.0,
        }
    }
}

impl Viewport {
    /// Screen point to canvas point.
    pub fn to_world(&self, sx: f64, sy: f64) -> (f64, f64) {
        ((sx - self.x) / self.zoom, (sy - self.y) / self.zoom)
    }
    /// Canvas point to screen point.
    pub fn to_screen(&self, wx: f64, wy: f64) -> (f64, f64) {
        (wx * self.zoom + self.x, wy * self.zoom + self.y)
    }
    /// Zooms by `factor` keeping the screen point `(sx, sy)` fixed.
    pub fn zoom_at(&self, sx: f64, sy: f64, factor: f64) -> Viewport {
        let zoom = (self.zoom * factor).clamp(MIN_ZOOM, MAX_ZOOM);
        let (wx, wy) = self.to_world(sx, sy);
        Viewport {
            x: sx - wx * zoom,
            y: sy - wy * zoom,
            zoom,
        }
    }
    /// The canvas area visible in a screen of `width` × `height`.
    pub fn visible(&self, width: f64, height: f64) -> Rect {
        let (x, y) = self.to_world(0.0, 0.0);
        Rect {
            x,
            y,
            w: width / self.zoom,
            h: height / self.zoom,
        }
    }
    /// The viewport showing `bounds` whole in a screen of `width` × `height`, with a margin.
    pub fn fit(bounds: Rect, width: f64, height: f64) -> Viewport {
        let margin = 40.0;
        let zx = (width - 2.0 * margin).max(50.0) / bounds.w.max(1.0);
        let zy = (height - 2.0 * margin).max(50.0) / bounds.h.max(1.0);
        let zoom = zx.min(zy).clamp(MIN_ZOOM, 1.5);
        Viewport {
            x: (width - bounds.w * zoom) / 2.0 - bounds.x * zoom,
            y: (height - bounds.h * zoom) / 2.0 - bounds.y * zoom,
            zoom,
        }
    }
    /// The SVG transform attribute.
    pub fn transform(&self) -> String {
        format!(
            "translate({:.2} {:.2}) scale({:.4})",
            self.x, self.y, self.zoom
        )
    }
}
