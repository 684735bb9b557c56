//! The schema canvas: an SVG of table cards and relationship lines with pan, zoom, selection,
//! dragging, rubber-band selection and drag-to-relate.
//!
//! Pointer events are handled once on the canvas element (event delegation through `data-table`,
//! `data-column` and `data-handle` attributes) rather than per card, and only the cards and lines
//! that intersect the viewport are rendered, so 1,000 tables stay smooth.

use std::collections::{BTreeSet, HashMap};

use joinery_shared::diagram::path::Dp1;
use joinery_shared::model::Id;
use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, PointerEvent, WheelEvent};

use crate::components::minimap::Minimap;
use crate::components::relationship::{line_geometry, LineGeometry, Relationship};
use crate::components::table_card::TableCard;
use crate::edits;
use crate::geometry::{
    card_title, drawn_rect, held_viewport, snap, title_bar_height, title_baseline, title_font,
    Rect, Viewport, DETAIL_ZOOM, GRID, OVERVIEW_ZOOM,
};
use crate::state::{use_designer, Designer, Gesture};

/// Extra canvas area (screen pixels) rendered around the viewport so panning shows no gaps.
const OVERSCAN_PX: f64 = 200.0;

/// Cards that may be mounted in one frame while the view moves. Building a detailed card (a
/// few dozen elements) costs about a millisecond; a pan that brings ten into the overscan
/// area at once would miss a frame. The rest follow in the next frames, still in the
/// overscan margin, before they come into view.
const NEW_CARDS_PER_FRAME: usize = 4;

/// Cards mounted per frame when the view zooms in out of the overview (nothing was mounted):
/// the overview stays drawn under them until all are in, so they may take a few frames.
const RETURNING_CARDS_PER_FRAME: usize = 8;

/// Relationship lines mounted per frame while the view moves (a line is a few elements, a
/// fraction of a card): zooming out at 30 % brings a hundred into the area in one step, and
/// coming back from the overview six hundred, which took a frame of 50 ms at once. The
/// overview's one path of all lines stays drawn while they come back.
const NEW_LINES_PER_FRAME: usize = 40;

/// How far (screen pixels, on either axis) a pan may move the view before the canvas is drawn
/// again where the view is; until then the compositor shifts the layer already drawn (see
/// [`crate::geometry::held_viewport`]). While a pan is under way the layer reaches this far
/// past every edge, so nothing a shift brings into view is missing.
const PAN_SLACK_PX: f64 = 320.0;

/// A pan has settled when the view has not moved for this long (ms): the canvas is then drawn
/// where the view is, and the layer shrinks back to the canvas.
const PAN_SETTLE_MS: u64 = 150;

/// The canvas component.
#[component]
pub fn Canvas() -> impl IntoView {
    let d = use_designer();
    let host = NodeRef::<html::Div>::new();

    // Track the canvas size.
    let measure = move || {
        if let Some(el) = host.get_untracked() {
            let el: &web_sys::HtmlElement = &el;
            d.canvas_size
                .set((el.client_width() as f64, el.client_height() as f64));
        }
    };
    Effect::new(move |_| {
        if host.get().is_some() {
            measure();
        }
    });
    let resize = window_event_listener(leptos::ev::resize, move |_| measure());
    on_cleanup(move || resize.remove());

    // Whether the view is panning (it moved at one zoom less than PAN_SETTLE_MS ago), and the
    // viewport the world is drawn at: held while a pan stays within the slack, the difference
    // applied to the layer as a shift (`layer_style`).
    let panning = RwSignal::new(false);
    let settle = StoredValue::new(None::<TimeoutHandle>);
    Effect::new(move |previous: Option<Viewport>| {
        let vp = d.viewport.get();
        if previous.is_some_and(|p| p.zoom == vp.zoom && p != vp) {
            if !panning.get_untracked() {
                panning.set(true);
            }
            if let Some(pending) = settle.get_value() {
                pending.clear();
            }
            let done = move || {
                panning.try_set(false);
            };
            let wait = std::time::Duration::from_millis(PAN_SETTLE_MS);
            settle.set_value(set_timeout_with_handle(done, wait).ok());
        }
        vp
    });
    on_cleanup(move || {
        if let Some(pending) = settle.try_get_value().flatten() {
            pending.clear();
        }
    });
    let drawn = Memo::new(move |previous: Option<&Viewport>| {
        held_viewport(
            previous.copied(),
            d.viewport.get(),
            panning.get(),
            PAN_SLACK_PX,
        )
    });
    let margin = Memo::new(move |_| if panning.get() { PAN_SLACK_PX } else { 0.0 });
    let overview = Memo::new(move |_| d.viewport.get().zoom < OVERVIEW_ZOOM);
    // The (overscanned) canvas area on screen. In overview mode it stays where it was: the
    // cards and lines of that area stay mounted, hidden under the overview, so that zooming
    // back in (the usual way out of the overview) finds them there. Unmounting a screenful
    // of cards and 600 lines as the zoom crossed into the overview, and mounting them again
    // on the way back, were the frames a zoom gesture missed. None before anything was shown
    // outside the overview.
    let area = Memo::new(move |previous: Option<&Option<Rect>>| {
        let previous = previous.copied().flatten();
        if overview.get() {
            return previous;
        }
        let vp = d.viewport.get();
        let (w, h) = d.canvas_size.get();
        let view = vp.visible(w, h);
        Some(crate::geometry::keep_culled_area(
            previous,
            view,
            vp.zoom,
            OVERSCAN_PX,
        ))
    });
    // Which tables intersect the area.
    let visible_tables = Memo::new(move |_| {
        let Some(area) = area.get() else {
            return Vec::new();
        };
        let selection = d.selection.get();
        d.card_sizes.with(|sizes| {
            d.doc.with(|doc| {
                doc.schema
                    .tables
                    .iter()
                    .enumerate()
                    .filter(|(i, t)| {
                        selection.contains(&t.id)
                            || area.intersects(&drawn_rect(doc, *i, &t.id, sizes))
                    })
                    .map(|(_, t)| t.id.clone())
                    .collect::<Vec<_>>()
            })
        })
    });
    // The cards and lines actually mounted: `visible_tables` and `visible_edges`, with new ones
    // admitted a few per frame.
    let mounted = RwSignal::new(Vec::<Id>::new());
    let mounted_edges = RwSignal::new(Vec::<(Id, Id)>::new());
    let admitting = StoredValue::new(false);
    let used = StoredValue::new((0, 0));
    // Whether cards have been mounted before (the first view is mounted whole), and whether the
    // cards are still coming back from the overview (which stays drawn until they are all in).
    let ever_mounted = StoredValue::new(false);
    let from_overview = StoredValue::new(false);
    let returning = RwSignal::new(false);
    // Relationship lines passing through the area (a routed line can cross the view between
    // two tables that are both off screen), and every line of a selected table.
    let visible_edges = Memo::new(move |_| {
        let Some(area) = area.get() else {
            return Vec::new();
        };
        let selection = d.selection.get();
        d.routes.with(|routes| {
            let mut edges: Vec<(Id, Id)> = routes
                .0
                .iter()
                .filter(|(_, line)| {
                    area.intersects(&line.bbox.inflate(1.0))
                        || selection.contains(&line.table)
                        || selection.contains(&line.ref_table)
                })
                .map(|(key, _)| key.clone())
                .collect();
            edges.sort();
            edges
        })
    });
    Effect::new(move |_| {
        let target = (visible_tables.get(), visible_edges.get());
        overview.track();
        admit_cards(
            Admission {
                mounted,
                mounted_edges,
                admitting,
                used,
                ever_mounted,
                overview,
                from_overview,
                returning,
                visible_tables,
                visible_edges,
            },
            target,
        );
    });
    // Every mounted line's geometry signal (see `components::relationship`), brought up to
    // date in one effect when the routes, the selection or the area change.
    let lines = StoredValue::new(HashMap::<(Id, Id), RwSignal<LineGeometry>>::new());
    Effect::new(move |_| {
        let area = area.get();
        d.routes.track();
        d.drag_routes.track();
        d.selection.track();
        let changed: Vec<_> = lines.with_value(|m| {
            m.iter()
                .filter_map(|((table, fk), signal)| {
                    let g = line_geometry(d, table, fk, area);
                    (signal.try_with_untracked(|old| *old != g) == Some(true))
                        .then_some((*signal, g))
                })
                .collect()
        });
        for (signal, g) in changed {
            signal.try_set(g);
        }
    });
    let detailed = Memo::new(move |_| d.viewport.get().zoom >= DETAIL_ZOOM);
    let overview_paths = overview_paths(d);
    // The zoom the card titles are sized for: constant from where 13-unit titles are legible,
    // on a coarse grid below it (see `title_zoom`), and held while the cards are hidden under
    // the overview.
    let title_zoom = Memo::new(move |previous: Option<&f64>| match previous {
        Some(previous) if overview.get() => *previous,
        _ => crate::geometry::title_zoom(d.viewport.get().zoom),
    });
    // The cards and lines are not drawn in overview mode (see `area`).
    let hidden = move || overview.get().then_some("none");

    // Where the canvas is on the page, read when a gesture starts: reading it on every pointer
    // move would make the browser lay out the cards the last move added, mid-gesture.
    let origin = StoredValue::new((0.0, 0.0));
    let on_pointerdown = move |ev: PointerEvent| on_pointer_down(d, host, origin, ev);
    let on_pointermove = move |ev: PointerEvent| on_pointer_move(d, origin, ev);
    let on_pointerup = move |ev: PointerEvent| on_pointer_up(d, host, ev);
    let on_wheel = move |ev: WheelEvent| {
        ev.prevent_default();
        let (sx, sy) = local_point(host, ev.client_x() as f64, ev.client_y() as f64);
        let (dx, dy) = match ev.delta_mode() {
            1 => (ev.delta_x() * 16.0, ev.delta_y() * 16.0),
            2 => (ev.delta_x() * 400.0, ev.delta_y() * 400.0),
            _ => (ev.delta_x(), ev.delta_y()),
        };
        if ev.ctrl_key() || ev.meta_key() {
            let factor = (-dy * 0.0025).exp();
            d.viewport.update(|v| *v = v.zoom_at(sx, sy, factor));
        } else {
            d.viewport.update(|v| {
                v.x -= dx;
                v.y -= dy;
            });
        }
    };

    // The layer the world is drawn on: `margin` past every edge of the canvas, shifted by the
    // pan not yet drawn, and carrying the dot grid (a dot every 20 world units) as its CSS
    // background, not an SVG pattern: the browser rasterizes one tile and repeats it, where a
    // pattern of circles behind the whole view was drawn again on every frame of a pan. Under a
    // quarter of full size the dots would be specks closer than five pixels: none are drawn.
    let layer_style = move || {
        let (v, p, m) = (d.viewport.get(), drawn.get(), margin.get());
        let mut style = format!(
            "inset: -{m}px; transform: translate({:.1}px, {:.1}px)",
            v.x - p.x,
            v.y - p.y
        );
        let step = GRID * p.zoom;
        if step >= 5.0 {
            let (x, y) = (p.x + m, p.y + m);
            style.push_str(&format!(
                "; background-image: radial-gradient(circle at {r:.2}px {r:.2}px, var(--grid) \
                 {r:.2}px, transparent {edge:.2}px); background-size: {step:.3}px {step:.3}px; \
                 background-position: {x:.1}px {y:.1}px",
                r = p.zoom,
                edge = p.zoom + 0.6,
                // (Not `rem_euclid`: it brings the whole of libm's fmod into the first download.)
                x = x - (x / step).floor() * step,
                y = y - (y / step).floor() * step,
            ));
        }
        style
    };
    // The world in the layer's coordinates (the layer starts `margin` before the canvas).
    let world_transform = move || {
        let (p, m) = (drawn.get(), margin.get());
        Viewport {
            x: p.x + m,
            y: p.y + m,
            zoom: p.zoom,
        }
        .transform()
    };
    let cursor_class = move || match d.gesture.get() {
        Gesture::Pan { .. } => "canvas panning",
        _ if d.space_held.get() => "canvas pan-ready",
        Gesture::Link { .. } => "canvas linking",
        _ => "canvas",
    };

    view! {
        <div
            class=cursor_class
            node_ref=host
            data-testid="canvas"
            aria-label="Schema canvas"
            tabindex="0"
            on:pointerdown=on_pointerdown
            on:pointermove=on_pointermove
            on:pointerup=on_pointerup
            on:pointercancel=on_pointerup
            on:wheel=on_wheel
        >
            <div class="canvas-layer" style=layer_style>
            <svg class="canvas-svg" data-testid="canvas-svg" xmlns="http://www.w3.org/2000/svg">
                <g class="world" transform=world_transform>
                    <g class="edges" display=hidden>
                        <For
                            each=move || mounted_edges.get()
                            key=|edge| edge.clone()
                            children=move |(table, fk)| {
                                let geometry = RwSignal::new(line_geometry(d, &table, &fk, area.get_untracked()));
                                let key = (table, fk.clone());
                                lines.update_value(|m| { m.insert(key.clone(), geometry); });
                                on_cleanup(move || lines.try_update_value(|m| { m.remove(&key); }).unwrap_or_default());
                                view! { <Relationship fk=fk detailed=detailed geometry=geometry /> }
                            }
                        />
                    </g>
                    <crate::components::notes::Groups />
                    {move || (overview.get() || returning.get()).then(|| view! { <Overview paths=overview_paths /> })}
                    <g class="cards" display=hidden>
                        <For
                            each=move || mounted.get()
                            key=|id| id.clone()
                            children=move |id| view! { <TableCard id=id detailed=detailed title_zoom=title_zoom /> }
                        />
                    </g>
                    <crate::components::notes::Notes />
                    {move || overlay(d)}
                </g>
            </svg>
            </div>
            {move || d.doc.with(|doc| doc.schema.tables.is_empty()).then(|| view! {
                <div class="canvas-empty">
                    <p>"An empty design. Add a table, import SQL, or start from the demo schema."</p>
                </div>
            })}
            <ZoomControls />
            <Minimap />
        </div>
    }
}

/// The topmost table whose card contains a world point (hit-testing where cards are not
/// separate elements, i.e. in overview mode).
fn table_at(d: Designer, (x, y): (f64, f64)) -> Option<Id> {
    d.card_sizes.with_untracked(|sizes| {
        d.doc.with_untracked(|doc| {
            doc.schema
                .tables
                .iter()
                .enumerate()
                .rev()
                .find(|(i, t)| {
                    let r = drawn_rect(doc, *i, &t.id, sizes);
                    x >= r.x && x <= r.right() && y >= r.y && y <= r.bottom()
                })
                .map(|(_, t)| t.id.clone())
        })
    })
}

/// The overview's paths: all cards, all lines, the selected cards. Made once with the canvas
/// (a memo computes only when read, and keeps its value): the overview comes and goes as the
/// zoom crosses its threshold, and building a thousand cards' and lines' paths anew each time
/// made that frame miss.
type OverviewPaths = (String, String, String);

fn overview_paths(d: Designer) -> Memo<OverviewPaths> {
    Memo::new(move |_| {
        let sizes = d.card_sizes.get();
        let selection = d.selection.get();
        let moving = d.moving_tables.get();
        let (dx, dy) = if moving {
            d.drag_offset.get()
        } else {
            (0.0, 0.0)
        };
        let mut cards = String::new();
        let mut selected = String::new();
        d.doc.with(|doc| {
            for (i, t) in doc.schema.tables.iter().enumerate() {
                let Rect { x, y, w, h } = drawn_rect(doc, i, &t.id, &sizes);
                let sel = selection.contains(&t.id);
                let (x, y) = if sel { (x + dx, y + dy) } else { (x, y) };
                // (Whole numbers by integer formatting: see `Dp1`.)
                let int = |v: f64| (v + 0.5).floor() as i64;
                let rect = format!("M{} {}h{}v{}h{}Z", int(x), int(y), int(w), int(h), -int(w));
                if sel {
                    selected.push_str(&rect);
                }
                cards.push_str(&rect);
            }
        });
        // The routed lines (those of dragged tables at their live route).
        let mut edges = String::new();
        d.drag_routes.with(|dragged| {
            d.routes.with(|routes| {
                for (key, line) in routes.0.iter() {
                    let line = dragged.0.get(key).unwrap_or(line);
                    edges.push_str(&line.route.svg_path(0.0));
                }
            })
        });
        (cards, edges, selected)
    })
}

/// The zoomed-out diagram: all cards as one path, all relationships as another, the selection
/// as a third (so 1,000 tables are three elements, whatever the zoom), plus the names of the
/// cards on screen that are wide enough to show a few letters of a legible title.
#[component]
fn Overview(paths: Memo<OverviewPaths>) -> impl IntoView {
    let d = use_designer();
    // The zoom the titles are sized for: on the same coarse grid as the cards' (see
    // `title_zoom`), so a wheel step changes no title's size most of the time.
    let zoom = Memo::new(move |_| crate::geometry::title_zoom(d.viewport.get().zoom));
    let titles = Memo::new(move |_| {
        let vp = d.viewport.get();
        let (w, h) = d.canvas_size.get();
        let view = vp.visible(w, h);
        // Room for at least four letters of the title at the size it is drawn.
        let min_w = 4.0 * title_font(zoom.get()) * 0.6 + 20.0;
        d.card_sizes.with(|sizes| {
            d.doc.with(|doc| {
                doc.schema
                    .tables
                    .iter()
                    .enumerate()
                    .filter_map(|(i, t)| {
                        let r = drawn_rect(doc, i, &t.id, sizes);
                        (r.w >= min_w && view.intersects(&r))
                            .then(|| (t.id.clone(), r, card_title(t)))
                    })
                    .take(MAX_OVERVIEW_TITLES)
                    .collect::<Vec<_>>()
            })
        })
    });
    view! {
        <path class="overview-edges" d=move || paths.with(|p| p.1.clone())></path>
        <path class="overview-cards" d=move || paths.with(|p| p.0.clone())></path>
        <path class="overview-selected" d=move || paths.with(|p| p.2.clone())></path>
        <g class="overview-titles">
            <For
                each=move || titles.get()
                key=|(id, r, title)| (id.clone(), title.clone(), r.x.to_bits(), r.y.to_bits())
                children=move |(_, r, title)| {
                    // One memo per title over the zoom, read by its three attributes: a source
                    // with three times the subscribers is slower to notify on every zoom step.
                    let at = Memo::new(move |_| {
                        let z = zoom.get();
                        (title_bar_height(r.h, z), title_baseline(r.h, z), title_font(z))
                    });
                    view! {
                        <svg x=r.x y=r.y width=r.w height=move || Dp1(at.get().0).to_string()>
                            <text class="overview-title" x="12" y=move || Dp1(at.get().1).to_string()
                                style:font-size=move || format!("{}px", Dp1(at.get().2))>{title}</text>
                        </svg>
                    }
                }
            />
        </g>
    }
}

/// At most this many titles are drawn in overview mode.
const MAX_OVERVIEW_TITLES: usize = 400;

/// The rubber band and the relationship being dragged.
fn overlay(d: Designer) -> impl IntoView {
    match d.gesture.get() {
        Gesture::Band { start, current, .. } => {
            let r = Rect::from_corners(start, current);
            view! { <rect class="band" x=r.x y=r.y width=r.w height=r.h></rect> }.into_any()
        }
        Gesture::Link { start, current, .. } => view! {
            <path class="link-preview" d=format!("M {:.1} {:.1} L {:.1} {:.1}", start.0, start.1, current.0, current.1)></path>
        }
        .into_any(),
        _ => ().into_any(),
    }
}

#[component]
fn ZoomControls() -> impl IntoView {
    let d = use_designer();
    let zoom_by = move |factor: f64| {
        let (w, h) = d.canvas_size.get_untracked();
        d.viewport
            .update(|v| *v = v.zoom_at(w / 2.0, h / 2.0, factor));
    };
    view! {
        <div class="zoom-controls" on:pointerdown=|ev| ev.stop_propagation()>
            <button class="btn" title="Zoom out (-)" aria-label="Zoom out" on:click=move |_| zoom_by(1.0 / 1.25)>"−"</button>
            <span class="zoom-level" data-testid="zoom-level">{move || format!("{:.0}%", d.viewport.get().zoom * 100.0)}</span>
            <button class="btn" title="Zoom in (+)" aria-label="Zoom in" on:click=move |_| zoom_by(1.25)>"+"</button>
            <button class="btn" title="Zoom to fit (Shift+1)" on:click=move |_| d.zoom_to_fit()>"Fit"</button>
            <button class="btn" title="Reset zoom (0)" on:click=move |_| { let (w, h) = d.canvas_size.get_untracked(); d.viewport.update(|v| *v = v.zoom_at(w / 2.0, h / 2.0, 1.0 / v.zoom)) }>"100%"</button>
        </div>
    }
}

/// The canvas's state of mounting cards (see `admit_cards`).
#[derive(Clone, Copy)]
struct Admission {
    mounted: RwSignal<Vec<Id>>,
    mounted_edges: RwSignal<Vec<(Id, Id)>>,
    /// A frame is asked for (to reset `used` and admit what waits).
    admitting: StoredValue<bool>,
    /// New cards and lines admitted in this frame.
    used: StoredValue<(usize, usize)>,
    ever_mounted: StoredValue<bool>,
    overview: Memo<bool>,
    /// The overview was shown since the cards were last all mounted.
    from_overview: StoredValue<bool>,
    returning: RwSignal<bool>,
    visible_tables: Memo<Vec<Id>>,
    visible_edges: Memo<Vec<(Id, Id)>>,
}

/// Moves `mounted` and `mounted_edges` toward `target` (cards, lines): those that left go at
/// once, those already there stay, and at most [`NEW_CARDS_PER_FRAME`] new cards and
/// [`NEW_LINES_PER_FRAME`] new lines come in, the others on the next animation frames. The first
/// view appears whole. Out of the overview, new cards come [`RETURNING_CARDS_PER_FRAME`] at a
/// time, and the overview stays drawn under them until all cards and lines are in (zoomed back
/// in where it was entered, they are all there already: see the canvas's `area`).
fn admit_cards(a: Admission, (target, target_edges): (Vec<Id>, Vec<(Id, Id)>)) {
    let current = a.mounted.get_untracked();
    let overview = a.overview.get_untracked();
    if overview {
        a.from_overview.set_value(true);
    }
    let first = !a.ever_mounted.get_value();
    let coming_back = a.from_overview.get_value() && !overview && !first;
    let budget = if coming_back {
        RETURNING_CARDS_PER_FRAME
    } else {
        NEW_CARDS_PER_FRAME
    };
    // What this frame may still admit: the effect runs on every view change, and a wheel can
    // send several in one frame.
    let (cards_used, lines_used) = a.used.get_value();
    let (next, new_cards, cards_deferred) =
        crate::geometry::admit(&current, &target, budget.saturating_sub(cards_used), first);
    let current_edges = a.mounted_edges.get_untracked();
    let (next_edges, new_lines, lines_deferred) = crate::geometry::admit(
        &current_edges,
        &target_edges,
        NEW_LINES_PER_FRAME.saturating_sub(lines_used),
        first,
    );
    a.used
        .set_value((cards_used + new_cards, lines_used + new_lines));
    let deferred = cards_deferred || lines_deferred;
    if !next.is_empty() {
        a.ever_mounted.set_value(true);
    }
    if next != current {
        a.mounted.set(next);
    }
    if next_edges != current_edges {
        a.mounted_edges.set(next_edges);
    }
    if coming_back {
        if a.returning.get_untracked() != deferred {
            a.returning.set(deferred);
        }
        if !deferred {
            a.from_overview.set_value(false);
        }
    }
    // The next frame starts a new budget, and admits what is left.
    if (deferred || new_cards + new_lines > 0) && !a.admitting.get_value() {
        a.admitting.set_value(true);
        request_animation_frame(move || {
            a.admitting.try_set_value(false);
            a.used.try_set_value((0, 0));
            // The canvas may have gone in the meantime: then there is nothing to do.
            if let (Some(cards), Some(lines)) = (
                a.visible_tables.try_get_untracked(),
                a.visible_edges.try_get_untracked(),
            ) {
                admit_cards(a, (cards, lines));
            }
        });
    }
}

/// Pointer position relative to the canvas element.
pub fn local_point(host: NodeRef<html::Div>, client_x: f64, client_y: f64) -> (f64, f64) {
    match host.get_untracked() {
        Some(el) => {
            let rect = el.get_bounding_client_rect();
            (client_x - rect.left(), client_y - rect.top())
        }
        None => (client_x, client_y),
    }
}

fn closest_attr(target: &Option<web_sys::EventTarget>, attr: &str) -> Option<(Element, String)> {
    let el = target.as_ref()?.dyn_ref::<Element>()?;
    let found = el.closest(&format!("[{attr}]")).ok().flatten()?;
    let value = found.get_attribute(attr)?;
    Some((found, value))
}

fn on_pointer_down(
    d: Designer,
    host: NodeRef<html::Div>,
    origin: StoredValue<(f64, f64)>,
    ev: PointerEvent,
) {
    if ev.button() == 2 {
        return;
    }
    if let Some(el) = host.get_untracked() {
        let _ = el.focus();
        let _ = el.set_pointer_capture(ev.pointer_id());
    }
    let (sx, sy) = local_point(host, ev.client_x() as f64, ev.client_y() as f64);
    origin.set_value((ev.client_x() as f64 - sx, ev.client_y() as f64 - sy));
    let world = d.viewport.get_untracked().to_world(sx, sy);
    let target = ev.target();
    if ev.button() == 1 || d.space_held.get_untracked() {
        d.gesture.set(Gesture::Pan {
            start: (sx, sy),
            origin: d.viewport.get_untracked(),
        });
        return;
    }
    if let (Some((_, column)), Some((_, table))) = (
        closest_attr(&target, "data-handle"),
        closest_attr(&target, "data-table"),
    ) {
        d.gesture.set(Gesture::Link {
            table: Id::new(table),
            column: Id::new(column),
            start: world,
            current: world,
        });
        return;
    }
    if let Some((_, note)) = closest_attr(&target, "data-note") {
        if closest_attr(&target, "data-note-action").is_none() {
            d.gesture.set(Gesture::MoveNote {
                id: Id::new(note),
                start: world,
                offset: (0.0, 0.0),
            });
        }
        return;
    }
    let hit = closest_attr(&target, "data-table")
        .map(|(_, t)| t)
        .or_else(|| table_at(d, world).map(|id| id.to_string()));
    if let Some(table) = hit {
        let id = Id::new(table);
        let shift = ev.shift_key() || ev.meta_key() || ev.ctrl_key();
        let mut start_move = true;
        d.selection.update(|s| {
            if shift {
                if !s.remove(&id) {
                    s.insert(id.clone());
                } else {
                    start_move = false;
                }
            } else if !s.contains(&id) {
                s.clear();
                s.insert(id.clone());
            }
        });
        d.panel.set(crate::state::Panel::Table);
        if start_move {
            d.drag_offset.set((0.0, 0.0));
            d.gesture.set(Gesture::Move {
                start: world,
                moved: false,
            });
        }
        return;
    }
    if ev.shift_key() {
        d.gesture.set(Gesture::Band {
            start: world,
            current: world,
            base: d.selection.get_untracked(),
        });
    } else {
        // Only when something was selected: a set, even to the same empty selection, would
        // recompute what depends on it (the visible cards, the side panel) as the pan begins.
        if d.selection.with_untracked(|s| !s.is_empty()) {
            d.selection.set(BTreeSet::new());
        }
        d.gesture.set(Gesture::Pan {
            start: (sx, sy),
            origin: d.viewport.get_untracked(),
        });
    }
}

fn on_pointer_move(d: Designer, origin: StoredValue<(f64, f64)>, ev: PointerEvent) {
    let gesture = d.gesture.get_untracked();
    if gesture == Gesture::Idle {
        return;
    }
    let (left, top) = origin.get_value();
    let (sx, sy) = (ev.client_x() as f64 - left, ev.client_y() as f64 - top);
    let world = d.viewport.get_untracked().to_world(sx, sy);
    match gesture {
        Gesture::MoveNote { id, start, .. } => {
            let mut offset = (world.0 - start.0, world.1 - start.1);
            if d.snap.get_untracked() {
                offset = (snap(offset.0, GRID), snap(offset.1, GRID));
            }
            d.gesture.set(Gesture::MoveNote { id, start, offset });
        }
        Gesture::Idle => {}
        Gesture::Pan { start, origin } => {
            d.viewport.set(crate::geometry::Viewport {
                x: origin.x + sx - start.0,
                y: origin.y + sy - start.1,
                zoom: origin.zoom,
            });
        }
        Gesture::Move { start, moved } => {
            let mut dx = world.0 - start.0;
            let mut dy = world.1 - start.1;
            if d.snap.get_untracked() {
                dx = snap(dx, GRID);
                dy = snap(dy, GRID);
            }
            let zoom = d.viewport.get_untracked().zoom;
            if !moved && (dx.abs() + dy.abs()) * zoom > 3.0 {
                d.gesture.set(Gesture::Move { start, moved: true });
            }
            if d.drag_offset.get_untracked() != (dx, dy) {
                d.drag_offset.set((dx, dy));
            }
        }
        Gesture::Band { start, base, .. } => {
            let band = Rect::from_corners(start, world);
            let hits: BTreeSet<Id> = d.card_sizes.with_untracked(|sizes| {
                d.doc.with_untracked(|doc| {
                    doc.schema
                        .tables
                        .iter()
                        .enumerate()
                        .filter(|(i, t)| band.intersects(&drawn_rect(doc, *i, &t.id, sizes)))
                        .map(|(_, t)| t.id.clone())
                        .collect()
                })
            });
            d.selection.set(base.union(&hits).cloned().collect());
            d.gesture.set(Gesture::Band {
                start,
                current: world,
                base,
            });
        }
        Gesture::Link {
            table,
            column,
            start,
            ..
        } => {
            d.gesture.set(Gesture::Link {
                table,
                column,
                start,
                current: world,
            });
        }
    }
}

fn on_pointer_up(d: Designer, host: NodeRef<html::Div>, ev: PointerEvent) {
    if let Some(el) = host.get_untracked() {
        let _ = el.release_pointer_capture(ev.pointer_id());
    }
    let gesture = d.gesture.get_untracked();
    d.gesture.set(Gesture::Idle);
    match gesture {
        Gesture::Move { moved: true, .. } => {
            let (dx, dy) = d.drag_offset.get_untracked();
            d.drag_offset.set((0.0, 0.0));
            if dx == 0.0 && dy == 0.0 {
                return;
            }
            let selected = d.selection.get_untracked();
            let label = if selected.len() == 1 {
                "Move table".to_string()
            } else {
                format!("Move {} tables", selected.len())
            };
            d.edit(&label, |doc| edits::move_tables(doc, &selected, (dx, dy)));
        }
        Gesture::Move { .. } => d.drag_offset.set((0.0, 0.0)),
        Gesture::MoveNote { id, offset, .. } if offset != (0.0, 0.0) => {
            d.edit("Move note", |doc| edits::move_note(doc, &id, offset));
        }
        Gesture::Link { table, column, .. } => {
            let target = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|doc| doc.element_from_point(ev.client_x() as f32, ev.client_y() as f32));
            let target: Option<web_sys::EventTarget> = target.map(Into::into);
            if let (Some((_, ref_column)), Some((_, ref_table))) = (
                closest_attr(&target, "data-column"),
                closest_attr(&target, "data-table"),
            ) {
                crate::actions::create_relationship(
                    d,
                    &table,
                    &column,
                    &Id::new(ref_table),
                    &Id::new(ref_column),
                );
            }
        }
        _ => {}
    }
}
