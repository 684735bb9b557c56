//! Canvas geometry: viewport transforms, zoom anchoring, culling rectangles, edge routing
//! (the routing itself is tested in `shared/tests/diagram_routing.rs`), and the canvas's routed
//! lines (`joinery_frontend::routing`). Run natively and in the browser.
use joinery_frontend::geometry::*;
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;
#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

#[test]
fn screen_and_world_are_inverse() {
    let v = Viewport {
        x: 13.0,
        y: -40.0,
        zoom: 0.37,
    };
    let (wx, wy) = v.to_world(250.0, 125.0);
    let (sx, sy) = v.to_screen(wx, wy);
    assert!(close(sx, 250.0) && close(sy, 125.0));
}

#[test]
fn zoom_keeps_the_point_under_the_cursor_fixed_and_clamps() {
    let v = Viewport {
        x: 100.0,
        y: 50.0,
        zoom: 1.0,
    };
    let before = v.to_world(300.0, 200.0);
    let z = v.zoom_at(300.0, 200.0, 2.0);
    assert!(close(z.zoom, 2.0));
    let after = z.to_world(300.0, 200.0);
    assert!(close(before.0, after.0) && close(before.1, after.1));
    assert!(close(v.zoom_at(0.0, 0.0, 1000.0).zoom, MAX_ZOOM));
    assert!(close(v.zoom_at(0.0, 0.0, 0.0001).zoom, MIN_ZOOM));
}

#[test]
fn fit_shows_the_whole_bounds() {
    let bounds = Rect {
        x: -500.0,
        y: 200.0,
        w: 4000.0,
        h: 1000.0,
    };
    let v = Viewport::fit(bounds, 1000.0, 700.0);
    let visible = v.visible(1000.0, 700.0);
    assert!(
        visible.contains(&bounds),
        "{visible:?} should contain {bounds:?}"
    );
}

#[test]
fn rect_intersection_for_culling() {
    let a = Rect {
        x: 0.0,
        y: 0.0,
        w: 10.0,
        h: 10.0,
    };
    assert!(a.intersects(&Rect {
        x: 9.0,
        y: 9.0,
        w: 5.0,
        h: 5.0
    }));
    assert!(!a.intersects(&Rect {
        x: 10.0,
        y: 0.0,
        w: 5.0,
        h: 5.0
    }));
    assert_eq!(
        Rect::from_corners((5.0, 7.0), (1.0, 2.0)),
        Rect {
            x: 1.0,
            y: 2.0,
            w: 4.0,
            h: 5.0
        }
    );
}

#[test]
fn edges_leave_from_the_facing_sides_at_the_column_rows() {
    use joinery_shared::diagram::route::{route_all, Connection};
    let left = Rect {
        x: 0.0,
        y: 0.0,
        w: 200.0,
        h: 300.0,
    };
    let right = Rect {
        x: 500.0,
        y: 100.0,
        w: 200.0,
        h: 300.0,
    };
    let cards = [left, right];
    let c = Connection {
        from: 0,
        from_y: row_center(2),
        to: 1,
        to_y: 100.0 + row_center(0),
    };
    let back = Connection {
        from: 1,
        from_y: 100.0 + row_center(0),
        to: 0,
        to_y: row_center(2),
    };
    let routes = route_all(&cards, &[c, back]);
    assert_eq!(routes[0].from_end(), (200.0, row_center(2), 1.0));
    assert_eq!(routes[0].to_end(), (500.0, 100.0 + row_center(0), -1.0));
    assert_eq!(routes[1].from_end().0, 500.0);
    assert_eq!(routes[1].to_end().0, 200.0);
}

#[test]
fn cardinality_follows_nullability_and_uniqueness() {
    let doc = joinery_shared::demo::demo_document();
    let wealth = doc
        .schema
        .tables
        .iter()
        .find(|t| t.name == "wealth")
        .unwrap();
    let fk = wealth
        .foreign_keys
        .iter()
        .find(|f| wealth.column(&f.columns[0]).unwrap().name == "community_id")
        .unwrap();
    assert_eq!(
        fk_cardinality(wealth, fk),
        (Cardinality::ZeroOrMany, Cardinality::ExactlyOne)
    );
}

#[test]
fn auto_layout_puts_referenced_tables_left_of_referencing_ones() {
    let doc = joinery_shared::demo::demo_document();
    let placements = joinery_frontend::autolayout::layered_layout(&doc);
    assert_eq!(placements.len(), doc.schema.tables.len());
    let x = |name: &str| {
        placements[&doc
            .schema
            .tables
            .iter()
            .find(|t| t.name == name)
            .unwrap()
            .id]
            .x
    };
    assert!(x("communities") < x("wealth"));
    assert!(x("wealth") < x("wealth_requests"));
    // No two cards overlap.
    let rects: Vec<Rect> = doc
        .schema
        .tables
        .iter()
        .map(|t| card_rect(&doc.schema, t, &placements[&t.id]))
        .collect();
    for (i, a) in rects.iter().enumerate() {
        for b in &rects[i + 1..] {
            assert!(!a.intersects(b), "{a:?} overlaps {b:?}");
        }
    }
}

#[test]
fn auto_layout_handles_a_thousand_tables_and_cycles() {
    let doc = joinery_shared::generate::realistic_schema(7, 1000, 15);
    let placements = joinery_frontend::autolayout::layered_layout(&doc);
    assert_eq!(placements.len(), 1000);
}

#[test]
fn a_new_card_goes_to_the_nearest_free_spot() {
    use joinery_shared::model::{Document, Placement};
    let mut doc: Document =
        joinery_shared::import::import_sql("CREATE TABLE a (id int PRIMARY KEY, n text);").document;
    let a = doc.schema.tables[0].clone();
    doc.layout.placements.insert(
        a.id.clone(),
        Placement {
            x: 100.0,
            y: 100.0,
            color: None,
        },
    );
    let size = (200.0, 120.0);
    // An empty spot is kept as it is.
    assert_eq!(
        free_spot(&doc, (1000.0, 1000.0), size, 20.0),
        (1000.0, 1000.0)
    );
    // On top of `a`: moved off it, not far, and below it (the preferred side at equal distance).
    let (x, y) = free_spot(&doc, (100.0, 100.0), size, 20.0);
    let card = card_rect(
        &doc.schema,
        &a,
        &Placement {
            x: 100.0,
            y: 100.0,
            color: None,
        },
    );
    let placed = Rect {
        x,
        y,
        w: size.0,
        h: size.1,
    };
    assert!(!placed.intersects(&card), "{placed:?} overlaps {card:?}");
    assert!(y > 100.0 && x == 100.0, "{placed:?}");
    assert!(y < card.bottom() + 100.0, "{placed:?}");
}

#[test]
fn a_relationship_joins_the_rows_of_its_first_columns() {
    let doc = joinery_shared::import::import_sql(
        "CREATE TABLE a (id int PRIMARY KEY, code text UNIQUE);
         CREATE TABLE b (id int PRIMARY KEY, note text, a_code text REFERENCES a (code));",
    )
    .document;
    let (a, b) = (&doc.schema.tables[0], &doc.schema.tables[1]);
    let fk = &b.foreign_keys[0];
    assert_eq!(fk_rows(b, fk, a), (2, 1));
    // A column that is gone falls back to the first row rather than failing.
    let mut broken = fk.clone();
    broken.ref_columns = vec![joinery_shared::model::Id("co_missing".into())];
    assert_eq!(fk_rows(b, &broken, a), (2, 0));
}

fn sizes(
    doc: &joinery_shared::model::Document,
) -> std::collections::HashMap<joinery_shared::model::Id, (f64, f64)> {
    doc.schema
        .tables
        .iter()
        .map(|t| {
            (
                t.id.clone(),
                (card_width(&doc.schema, t), card_height(t.columns.len())),
            )
        })
        .collect()
}

#[test]
fn every_relationship_gets_a_line_between_its_cards() {
    use joinery_frontend::routing::{route_document, LineCache};
    let doc = joinery_shared::demo::demo_document();
    let sizes = sizes(&doc);
    let mut cache = LineCache::default();
    let routes = route_document(&doc, &sizes, &mut cache);
    let fks: Vec<_> = doc
        .schema
        .tables
        .iter()
        .flat_map(|t| t.foreign_keys.iter().map(move |f| (t, f)))
        .collect();
    assert_eq!(routes.0.len(), fks.len());
    for (t, fk) in fks {
        let line = routes.get(&t.id, &fk.id).expect("a line per foreign key");
        assert_eq!((&line.table, &line.ref_table), (&t.id, &fk.ref_table));
        let index = |id| doc.schema.tables.iter().position(|x| &x.id == id).unwrap();
        let child = drawn_rect(&doc, index(&t.id), &t.id, &sizes);
        let parent = drawn_rect(&doc, index(&fk.ref_table), &fk.ref_table, &sizes);
        let (first, last) = (line.route.points[0], *line.route.points.last().unwrap());
        let on_edge = |r: &Rect, p: Point| {
            (close(p.0, r.x) || close(p.0, r.x + r.w)) && p.1 >= r.y && p.1 <= r.y + r.h
        };
        assert!(
            on_edge(&child, first),
            "{}: starts on the child card",
            t.name
        );
        assert!(
            on_edge(&parent, last),
            "{}: ends on the parent card",
            t.name
        );
    }
    // Routing again from the cache gives the same lines.
    let again = route_document(&doc, &sizes, &mut cache);
    for (key, line) in routes.0.iter() {
        assert_eq!(again.0.get(key), Some(line));
    }
}

#[test]
fn a_drag_reroutes_only_the_lines_of_the_moved_tables() {
    use joinery_frontend::routing::route_dragged;
    let doc = joinery_shared::demo::demo_document();
    let sizes = sizes(&doc);
    let moved = doc
        .schema
        .tables
        .iter()
        .find(|t| !t.foreign_keys.is_empty())
        .unwrap();
    let selection = [moved.id.clone()].into();
    assert!(route_dragged(&doc, &sizes, &selection, (0.0, 0.0))
        .0
        .is_empty());
    let routes = route_dragged(&doc, &sizes, &selection, (100.0, 40.0));
    assert!(!routes.0.is_empty());
    for line in routes.0.values() {
        assert!(line.table == moved.id || line.ref_table == moved.id);
    }
    let touching = doc
        .schema
        .tables
        .iter()
        .flat_map(|t| t.foreign_keys.iter().map(move |f| (t, f)))
        .filter(|(t, f)| t.id == moved.id || f.ref_table == moved.id)
        .count();
    assert_eq!(routes.0.len(), touching);
}

#[test]
fn the_culled_area_keeps_a_margin_and_holds_still_during_small_pans() {
    let overscan = 200.0;
    for zoom in [0.3, 1.0, 2.5] {
        let mut changes = 0;
        let mut last: Option<Rect> = None;
        // A pan of 6 screen pixels per pointer move, 200 moves.
        for i in 0..200 {
            let view = Rect {
                x: 1234.5 + i as f64 * 6.0 / zoom,
                y: -77.0 + i as f64 * 3.0 / zoom,
                w: 1280.0 / zoom,
                h: 800.0 / zoom,
            };
            let area = culled_area(view, zoom, overscan);
            let half = overscan / 2.0 / zoom;
            assert!(area.x <= view.x - half + 1e-9, "left margin at zoom {zoom}");
            assert!(area.y <= view.y - half + 1e-9, "top margin at zoom {zoom}");
            assert!(
                area.x + area.w >= view.x + view.w + half - 1e-9,
                "right margin"
            );
            assert!(
                area.y + area.h >= view.y + view.h + half - 1e-9,
                "bottom margin"
            );
            assert!(
                area.x >= view.x - 2.0 * half - 1e-9,
                "no more than the overscan"
            );
            assert!(area.x + area.w <= view.x + view.w + 3.0 * half + 1e-9);
            assert!(area.y + area.h <= view.y + view.h + 3.0 * half + 1e-9);
            if last != Some(area) {
                changes += 1;
            }
            last = Some(area);
        }
        // 1,200 px right and 600 px down across a 100 px grid: about 18 changes, not 200.
        assert!(
            (10..=20).contains(&changes),
            "{changes} area changes at zoom {zoom}"
        );
    }
}

#[test]
fn new_cards_are_admitted_a_few_at_a_time_and_leaving_ones_go_at_once() {
    use joinery_shared::model::Id;
    let ids = |r: std::ops::Range<usize>| r.map(|i| Id::new(format!("t{i}"))).collect::<Vec<_>>();
    // Nothing mounted yet: the first view is mounted whole.
    let (first, _, deferred) = admit(&[], &ids(0..20), 4, true);
    assert_eq!(first, ids(0..20));
    assert!(!deferred);
    // Ten leave, ten come: the ten that stay and four new ones, in the target's order.
    let target = ids(10..30);
    let (next, new, deferred) = admit(&first, &target, 4, true);
    assert_eq!(next, ids(10..24));
    assert_eq!(new, 4);
    assert!(deferred);
    // The next frames bring in the rest.
    let (next, _, deferred) = admit(&next, &target, 4, true);
    assert_eq!(next, ids(10..28));
    assert!(deferred);
    let (next, _, deferred) = admit(&next, &target, 4, true);
    assert_eq!(next, target);
    assert!(!deferred);
    // Few enough new ones come in at once.
    let (next, new, deferred) = admit(&ids(0..3), &ids(0..6), 4, true);
    assert_eq!(next, ids(0..6));
    assert_eq!(new, 3);
    assert!(!deferred);
    // A budget already spent this frame admits nothing new.
    let (next, new, deferred) = admit(&ids(0..3), &ids(0..6), 0, true);
    assert_eq!((next, new, deferred), (ids(0..3), 0, true));
}

#[test]
fn a_zoom_gesture_keeps_the_culled_area_for_several_steps_and_it_always_covers_the_view() {
    let overscan = 200.0;
    let (screen_w, screen_h) = (1280.0, 800.0);
    // 15 wheel steps out then 15 back in, about the middle of the screen, from 33 %.
    let mut zoom: f64 = 0.33;
    let (cx, cy) = (5000.0, 3000.0);
    let mut area: Option<Rect> = None;
    let mut changes = 0;
    for step in 0..30 {
        zoom *= if step < 15 { 1.0 / 1.04 } else { 1.04 };
        let view = Rect {
            x: cx - screen_w / 2.0 / zoom,
            y: cy - screen_h / 2.0 / zoom,
            w: screen_w / zoom,
            h: screen_h / zoom,
        };
        let next = keep_culled_area(area, view, zoom, overscan);
        assert!(
            next.contains(&view.inflate(overscan / 4.0 / zoom)),
            "step {step}: the area covers the view with a margin"
        );
        let fresh = culled_area(view, zoom, overscan);
        assert!(
            next.w <= fresh.w * 1.5 && next.h <= fresh.h * 1.5,
            "step {step}: not much larger than needed"
        );
        if area != Some(next) {
            changes += 1;
        }
        area = Some(next);
    }
    // A fresh snapped area would change on every one of the 30 steps.
    assert!(changes <= 12, "{changes} area changes in 30 zoom steps");
    assert!(changes >= 2, "zooming out must grow the area");
}

#[test]
fn a_far_zoom_in_shrinks_the_kept_area() {
    let overscan = 200.0;
    let view = |zoom: f64| Rect {
        x: 0.0,
        y: 0.0,
        w: 1280.0 / zoom,
        h: 800.0 / zoom,
    };
    let wide = keep_culled_area(None, view(0.3), 0.3, overscan);
    let close = keep_culled_area(Some(wide), view(1.0), 1.0, overscan);
    assert_ne!(close, wide, "a kept area three times too large is replaced");
    assert_eq!(close, culled_area(view(1.0), 1.0, overscan));
}

#[test]
fn cards_coming_back_from_the_overview_are_admitted_a_few_at_a_time() {
    let ids = |r: std::ops::Range<usize>| {
        r.map(|i| joinery_shared::model::Id::new(format!("t{i}")))
            .collect::<Vec<_>>()
    };
    // Nothing mounted, but not the first view: the budget holds.
    let (next, _, deferred) = admit(&[], &ids(0..30), 12, false);
    assert_eq!(next, ids(0..12));
    assert!(deferred);
    let (next, _, deferred) = admit(&next, &ids(0..30), 12, false);
    assert_eq!(next, ids(0..24));
    assert!(deferred);
    let (next, _, deferred) = admit(&next, &ids(0..30), 12, false);
    assert_eq!(next, ids(0..30));
    assert!(!deferred);
    // The first view appears whole.
    let (first, _, deferred) = admit(&[], &ids(0..30), 12, true);
    assert_eq!(first, ids(0..30));
    assert!(!deferred);
}

#[test]
fn a_pan_holds_the_drawn_viewport_within_the_slack_and_catches_up_beyond_it() {
    let at = |x: f64, y: f64, zoom: f64| Viewport { x, y, zoom };
    let drawn = at(10.0, 20.0, 0.5);
    // Panning, moved less than the slack: still drawn where it was (the layer is shifted).
    assert_eq!(
        held_viewport(Some(drawn), at(-280.0, 150.0, 0.5), true, 300.0),
        drawn
    );
    // Past the slack on either axis: drawn where the view is.
    let far = at(-300.0, 20.0, 0.5);
    assert_eq!(held_viewport(Some(drawn), far, true, 300.0), far);
    let far = at(10.0, 330.5, 0.5);
    assert_eq!(held_viewport(Some(drawn), far, true, 300.0), far);
    // A zoom step is never a shift: drawn at once.
    let zoomed = at(12.0, 20.0, 0.55);
    assert_eq!(held_viewport(Some(drawn), zoomed, true, 300.0), zoomed);
    // Once the pan has settled, and before anything was drawn.
    let near = at(15.0, 25.0, 0.5);
    assert_eq!(held_viewport(Some(drawn), near, false, 300.0), near);
    assert_eq!(held_viewport(None, near, true, 300.0), near);
}
