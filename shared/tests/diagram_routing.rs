//! The diagram never lies: relationship lines go around cards, start and end at the exact column
//! rows on a card's left or right edge, keep apart, carry the right crow's-foot ends, and the
//! exported SVG says so in its `data-` attributes (issue 19).

use std::collections::HashMap;

use joinery_shared::diagram::cardinality::{fk_cardinality, Cardinality};
use joinery_shared::diagram::geometry::{card_title, row_center, Rect};
use joinery_shared::diagram::metrics::{edge_crossings, total_length, Violation};
use joinery_shared::diagram::route::{Connection, Router, STUB};
use joinery_shared::diagram::zoom::{
    title_fits, title_font, title_zoom, Viewport, MIN_TITLE_PX, TITLE_FONT, TITLE_ZOOM_STEP,
};
use joinery_shared::diagram::{
    complete_layout, layered_layout, route_all, route_violations, svg, Diagram,
};
use joinery_shared::model::Document;

fn pagila() -> Document {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/corpus/pagila_pg_dump.sql"
    ))
    .expect("pagila corpus");
    let mut doc = joinery_shared::import::import_sql(&text).document;
    doc.layout.placements = layered_layout(&doc);
    doc
}

fn demo() -> Document {
    joinery_shared::demo::demo_document()
}

fn generated(tables: usize) -> Document {
    let mut doc = joinery_shared::generate::realistic_schema(11, tables, 12);
    doc.layout.placements = layered_layout(&doc);
    doc
}

fn import(sql: &str) -> Document {
    let mut doc = joinery_shared::import::import_sql(sql).document;
    doc.layout.placements = layered_layout(&doc);
    doc
}

/// Every check on one diagram: no violations, ends at the right rows, no two cards overlap.
fn assert_truthful(name: &str, doc: &Document) -> Diagram {
    let diagram = Diagram::of(doc);
    assert!(!diagram.edges.is_empty(), "{name}: has relationships");
    let violations = diagram.violations();
    assert!(
        violations.is_empty(),
        "{name}: {} violations, e.g. {:?}",
        violations.len(),
        &violations[..violations.len().min(5)]
    );
    for (e, route) in diagram.edges.iter().zip(&diagram.routes) {
        assert!(!route.fallback, "{name}: a line fell back to a direct line");
        let (child, parent) = (diagram.cards[e.table], diagram.cards[e.parent]);
        let first = route.points[0];
        let last = *route.points.last().unwrap();
        assert!(first.0 == child.x || first.0 == child.right());
        assert_eq!(
            first.1,
            child.y + row_center(e.from_row),
            "{name}: child row"
        );
        assert!(last.0 == parent.x || last.0 == parent.right());
        assert_eq!(
            last.1,
            parent.y + row_center(e.to_row),
            "{name}: parent row"
        );
        // Orthogonal, and the end runs are straight and long enough for the markers.
        for w in route.points.windows(2) {
            assert!(w[0].0 == w[1].0 || w[0].1 == w[1].1, "{name}: orthogonal");
        }
        let n = route.points.len();
        assert!(route.points[1].1 == first.1 && (route.points[1].0 - first.0).abs() >= 19.0);
        assert!(route.points[n - 2].1 == last.1 && (route.points[n - 2].0 - last.0).abs() >= 19.0);
    }
    for (i, a) in diagram.cards.iter().enumerate() {
        for b in &diagram.cards[i + 1..] {
            assert!(!a.intersects(b), "{name}: {a:?} overlaps {b:?}");
        }
    }
    diagram
}

/// Lines on the same vertical run must not lie on top of each other (distinct lanes).
fn assert_lanes_apart(name: &str, diagram: &Diagram) {
    let mut verticals: Vec<(f64, f64, f64, usize)> = Vec::new();
    for (r, route) in diagram.routes.iter().enumerate() {
        let p = &route.points;
        for k in 1..p.len().saturating_sub(2) {
            if p[k].0 == p[k + 1].0 {
                let (lo, hi) = (p[k].1.min(p[k + 1].1), p[k].1.max(p[k + 1].1));
                verticals.push((p[k].0, lo, hi, r));
            }
        }
    }
    let mut shared = 0;
    for (i, a) in verticals.iter().enumerate() {
        for b in &verticals[i + 1..] {
            // Lines into the same port may join on their way in; others must not overlap.
            let same_target = diagram.connections[a.3].to == diagram.connections[b.3].to
                && diagram.connections[a.3].to_y == diagram.connections[b.3].to_y;
            let same_source = diagram.connections[a.3].from == diagram.connections[b.3].from
                && diagram.connections[a.3].from_y == diagram.connections[b.3].from_y;
            if a.3 != b.3
                && !same_target
                && !same_source
                && (a.0 - b.0).abs() < 0.5
                && a.1.max(b.1) < a.2.min(b.2) - 1.0
            {
                shared += 1;
            }
        }
    }
    assert!(
        shared * 50 <= verticals.len().max(1),
        "{name}: {shared} of {} vertical runs lie on another line",
        verticals.len()
    );
}

fn report(name: &str, diagram: &Diagram) -> (usize, f64) {
    let crossings = edge_crossings(&diagram.routes);
    let length = total_length(&diagram.routes);
    println!(
        "{name}: {} tables, {} lines, {crossings} crossings, total length {length:.0}",
        diagram.cards.len(),
        diagram.routes.len()
    );
    (crossings, length)
}

#[test]
fn demo_lines_are_truthful() {
    let d = assert_truthful("demo", &demo());
    assert_lanes_apart("demo", &d);
    report("demo (its own layout)", &d);
    let mut laid_out = demo();
    laid_out.layout.placements = layered_layout(&laid_out);
    let d = assert_truthful("demo auto-laid-out", &laid_out);
    report("demo auto-laid-out", &d);
}

#[test]
fn pagila_lines_are_truthful() {
    let doc = pagila();
    let d = assert_truthful("pagila", &doc);
    assert_lanes_apart("pagila", &d);
    report("pagila auto-laid-out", &d);
}

#[test]
fn a_generated_200_table_schema_is_truthful() {
    let doc = generated(200);
    let d = assert_truthful("200 tables", &doc);
    assert_lanes_apart("200 tables", &d);
    report("200 tables auto-laid-out", &d);
}

#[test]
fn lines_go_around_a_card_in_the_way() {
    // A parent, a child far right, and a card right between their rows.
    let cards = vec![
        Rect {
            x: 0.0,
            y: 0.0,
            w: 200.0,
            h: 200.0,
        },
        Rect {
            x: 300.0,
            y: -50.0,
            w: 200.0,
            h: 300.0,
        },
        Rect {
            x: 600.0,
            y: 0.0,
            w: 200.0,
            h: 200.0,
        },
    ];
    let c = Connection {
        from: 2,
        from_y: 100.0,
        to: 0,
        to_y: 100.0,
    };
    let routes = route_all(&cards, &[c]);
    assert!(route_violations(&cards, &[c], &routes).is_empty());
    let r = &routes[0];
    assert_eq!(r.points[0], (600.0, 100.0));
    assert_eq!(*r.points.last().unwrap(), (200.0, 100.0));
    assert!(
        r.points.len() >= 6,
        "it bends around the middle card: {r:?}"
    );
    // A direct line would cross the middle card, and the checker says so.
    let straight = vec![vec![(600.0, 100.0), (200.0, 100.0)]];
    assert_eq!(
        route_violations(&cards, &[c], &straight),
        vec![Violation::ThroughCard { edge: 0, card: 1 }]
    );
    // An end off its row is reported.
    let off = vec![vec![(600.0, 90.0), (580.0, 90.0), (200.0, 90.0)]];
    let v = route_violations(
        &cards[..1]
            .iter()
            .chain(&cards[2..])
            .copied()
            .collect::<Vec<_>>(),
        &[Connection {
            from: 1,
            to: 0,
            ..c
        }],
        &off,
    );
    assert_eq!(v.len(), 2, "{v:?}");
}

#[test]
fn parallel_lines_into_one_channel_get_their_own_lanes() {
    // Three children in a column, one parent whose rows are above them all: every line needs a
    // vertical run in the same channel.
    let parent = Rect {
        x: 0.0,
        y: 0.0,
        w: 200.0,
        h: 400.0,
    };
    let mut cards = vec![parent];
    let mut conns = Vec::new();
    for k in 0..3 {
        let child = Rect {
            x: 400.0,
            y: 500.0 + k as f64 * 200.0,
            w: 200.0,
            h: 150.0,
        };
        cards.push(child);
        conns.push(Connection {
            from: k + 1,
            from_y: child.y + row_center(1),
            to: 0,
            to_y: row_center(k),
        });
    }
    let routes = route_all(&cards, &conns);
    assert!(route_violations(&cards, &conns, &routes).is_empty());
    let lanes: Vec<f64> = routes
        .iter()
        .map(|r| {
            let w = r
                .points
                .windows(2)
                .find(|w| w[0].0 == w[1].0)
                .expect("a vertical run");
            w[0].0
        })
        .collect();
    for (i, a) in lanes.iter().enumerate() {
        for b in &lanes[i + 1..] {
            assert!((a - b).abs() >= 4.0, "lanes {lanes:?} are apart");
        }
    }
    // Nested without crossing each other.
    assert_eq!(edge_crossings(&routes), 0, "{routes:?}");
}

#[test]
fn a_self_reference_loops_out_and_back() {
    let doc = import(
        "CREATE TABLE staff (id int PRIMARY KEY, name text, manager_id int REFERENCES staff (id));",
    );
    let d = Diagram::of(&doc);
    assert!(d.violations().is_empty(), "{:?}", d.routes);
    let r = &d.routes[0];
    assert_eq!(r.from_side, r.to_side, "both ends on the same side");
}

#[test]
fn the_wrong_row_bug_from_the_report_is_gone() {
    // communities.id <- app_users.community_id must join app_users.community_id, not its id.
    let doc = import(
        "CREATE TABLE communities (id uuid PRIMARY KEY, name text NOT NULL);
         CREATE TABLE app_users (id uuid PRIMARY KEY, email text NOT NULL,
                                 community_id uuid REFERENCES communities (id));
         CREATE TABLE posts (id uuid PRIMARY KEY, body text,
                             author_id uuid NOT NULL REFERENCES app_users (id));",
    );
    let d = assert_truthful("three tables", &doc);
    let users = doc
        .schema
        .tables
        .iter()
        .position(|t| t.name == "app_users")
        .unwrap();
    let e = d.edges.iter().position(|e| e.table == users).unwrap();
    let first = d.routes[e].points[0];
    assert_eq!(
        first.1,
        d.cards[users].y + row_center(2),
        "the community_id row"
    );
}

/// The (child, parent) ends of table `c`'s first FK, after the parent DDL `parent`.
fn fk_ends(parent: &str, child: &str) -> (Cardinality, Cardinality) {
    let doc = joinery_shared::import::import_sql(&format!("{parent} {child}")).document;
    let t = doc.schema.tables.iter().find(|t| t.name == "c").unwrap();
    fk_cardinality(t, &t.foreign_keys[0])
}

#[test]
fn crows_feet_follow_not_null_and_unique() {
    use Cardinality::{ExactlyOne, ZeroOrMany, ZeroOrOne};
    let p = "CREATE TABLE p (id int PRIMARY KEY);";
    let c = |columns: &str| format!("CREATE TABLE c (id int PRIMARY KEY, {columns});");
    // NOT NULL, not unique: many to exactly one.
    let not_null = c("p_id int NOT NULL REFERENCES p");
    assert_eq!(fk_ends(p, &not_null), (ZeroOrMany, ExactlyOne));
    // Nullable: the parent end is optional.
    let nullable = c("p_id int REFERENCES p");
    assert_eq!(fk_ends(p, &nullable), (ZeroOrMany, ZeroOrOne));
    // Unique: one-to-one.
    let unique = c("p_id int NOT NULL UNIQUE REFERENCES p");
    assert_eq!(fk_ends(p, &unique), (ZeroOrOne, ExactlyOne));
    // A unique index on the FK column counts; a partial one does not.
    let index = format!("{nullable} CREATE UNIQUE INDEX c_p ON c (p_id);");
    assert_eq!(fk_ends(p, &index), (ZeroOrOne, ZeroOrOne));
    let partial = format!("{nullable} CREATE UNIQUE INDEX c_p ON c (p_id) WHERE p_id > 0;");
    assert_eq!(fk_ends(p, &partial), (ZeroOrMany, ZeroOrOne));
    // The primary key is the FK (a table extension): one-to-one and mandatory.
    let extension = "CREATE TABLE c (id int PRIMARY KEY REFERENCES p);";
    assert_eq!(fk_ends(p, extension), (ZeroOrOne, ExactlyOne));
    // Composite: unique only on the whole set; optional if any column is nullable.
    let pair = "CREATE TABLE p (a int, b int, PRIMARY KEY (a, b));";
    let whole = c("a int NOT NULL, b int, UNIQUE (b, a), FOREIGN KEY (a, b) REFERENCES p");
    assert_eq!(fk_ends(pair, &whole), (ZeroOrOne, ZeroOrOne));
    let part = c("a int NOT NULL UNIQUE, b int NOT NULL, FOREIGN KEY (a, b) REFERENCES p");
    assert_eq!(fk_ends(pair, &part), (ZeroOrMany, ExactlyOne));
}

/// Attributes of a start tag.
fn attributes(tag: &str) -> HashMap<String, String> {
    let mut map = HashMap::new();
    let mut rest = tag;
    while let Some(eq) = rest.find("=\"") {
        let name = rest[..eq].rsplit(char::is_whitespace).next().unwrap();
        let end = eq + 2 + rest[eq + 2..].find('"').unwrap();
        let value = rest[eq + 2..end]
            .replace("&quot;", "\"")
            .replace("&apos;", "'")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&");
        map.insert(name.to_string(), value);
        rest = &rest[end + 1..];
    }
    map
}

/// The start tags of an SVG text in order: (element name, attributes).
fn tags(svg: &str) -> Vec<(String, HashMap<String, String>)> {
    svg.split('<')
        .skip(1)
        .filter(|t| !t.starts_with('/'))
        .map(|t| {
            let t = &t[..t.find('>').unwrap()];
            let name = t.split_whitespace().next().unwrap_or_default();
            (name.to_string(), attributes(t))
        })
        .collect()
}

/// Checks the SVG contract: one card per table, rows with their rectangles, one path per
/// relationship whose first point is at its `data-from` row on the child card's left or right
/// edge and whose last point is at its `data-to` row on the parent card's edge.
fn assert_svg_contract(name: &str, doc: &Document) {
    let text = svg(doc);
    assert!(text.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
    let mut cards: HashMap<String, (f64, f64)> = HashMap::new(); // table -> (left, right)
    let mut rows: HashMap<String, f64> = HashMap::new(); // schema.table.col -> centre y
    let (mut table, mut column) = (String::new(), None::<String>);
    let mut lines = Vec::new();
    for (element, a) in tags(&text) {
        let num = |k: &str| a[k].parse::<f64>().unwrap();
        let class = a.get("class").map(String::as_str);
        if let Some(t) = a.get("data-table") {
            table = t.clone();
        } else if let Some(c) = a.get("data-column") {
            column = Some(c.clone());
        } else if element == "rect" && class == Some("card-body") {
            cards.insert(table.clone(), (num("x"), num("x") + num("width")));
        } else if element == "rect" && class == Some("row-bg") {
            let c = column
                .take()
                .expect("row rectangles are inside data-column groups");
            rows.insert(format!("{table}.{c}"), num("y") + num("height") / 2.0);
        } else if a.contains_key("data-from") {
            lines.push(a);
        }
    }
    assert_eq!(
        cards.len(),
        doc.schema.tables.len(),
        "{name}: a card per table"
    );
    let columns: usize = doc.schema.tables.iter().map(|t| t.columns.len()).sum();
    assert_eq!(rows.len(), columns, "{name}: a row per column");
    let drawable = joinery_shared::diagram::edges(doc).len();
    assert_eq!(lines.len(), drawable, "{name}: a path per relationship");
    for line in &lines {
        let fk = &line["data-fk"];
        assert!(!fk.is_empty());
        assert!(line["data-columns"].starts_with("[[\""), "{name}: {fk}");
        let d: Vec<f64> = line["d"]
            .split(|c: char| c.is_whitespace() || c.is_alphabetic())
            .filter(|s| !s.is_empty())
            .map(|s| s.parse().unwrap())
            .collect();
        let ends = [
            ("data-from", d[0], d[1]),
            ("data-to", d[d.len() - 2], d[d.len() - 1]),
        ];
        for (end, x, y) in ends {
            let target = &line[end];
            let card = target.rsplit_once('.').unwrap().0;
            let (left, right) = cards[card];
            let centre = rows[target];
            assert!(
                (y - centre).abs() < 0.11,
                "{name}: {fk} {end} y {y}, row {centre}"
            );
            let on_edge = (x - left).abs() < 0.11 || (x - right).abs() < 0.11;
            assert!(on_edge, "{name}: {fk} {end} x {x} is not on {card}'s edge");
        }
    }
}

#[test]
fn the_svg_states_its_contract() {
    assert_svg_contract("demo", &demo());
    assert_svg_contract("pagila", &pagila());
    let text = svg(&demo());
    // Effective constraint names, schema-qualified ends.
    assert!(
        text.contains("data-fk=\"wealth_community_id_communities_id_fk\""),
        "{text}"
    );
    assert!(
        text.contains("data-from=\"public.wealth.community_id\" data-to=\"public.communities.id\"")
    );
    assert!(text.contains("data-columns=\"[[&quot;community_id&quot;,&quot;id&quot;]]\""));
    // Titles are whole text nodes (the e2e export test looks for them).
    assert!(text.contains(">communities<"));
}

#[test]
fn svg_text_is_escaped() {
    let mut doc = import(
        r#"CREATE TABLE "a<b>&c" (id int PRIMARY KEY, "x""y'z" int);
           CREATE TABLE "q&r" (id int PRIMARY KEY, "p<id" int REFERENCES "a<b>&c" (id));"#,
    );
    let id = doc.schema.tables[0].id.clone();
    doc.layout.placements.get_mut(&id).unwrap().color = Some("red\" onload=\"alert(1)".into());
    let text = svg(&doc);
    assert!(text.contains("data-table=\"public.a&lt;b&gt;&amp;c\""));
    assert!(text.contains("data-column=\"x&quot;y&apos;z\""));
    assert!(text.contains("data-from=\"public.q&amp;r.p&lt;id\""));
    assert!(!text.contains("onload=\""));
    assert!(!text.contains("<b>"));
    assert_svg_contract("escaping", &doc);
}

#[test]
fn complete_layout_places_only_missing_tables() {
    let mut doc = demo();
    let before = doc.layout.placements.clone();
    assert_eq!(complete_layout(&mut doc), 0);
    let extra = joinery_shared::import::import_sql(
        "CREATE TABLE extra_a (id int PRIMARY KEY);
         CREATE TABLE extra_b (id int PRIMARY KEY, a int REFERENCES extra_a);",
    )
    .document;
    doc.schema.tables.extend(extra.schema.tables);
    assert_eq!(complete_layout(&mut doc), 2);
    for (id, p) in &before {
        assert_eq!(doc.layout.placements.get(id), Some(p), "kept");
    }
    assert_truthful("demo + 2", &doc);
}

#[test]
fn fit_on_pagila_shows_every_table_name() {
    let doc = pagila();
    let bounds = joinery_shared::diagram::geometry::diagram_bounds(&doc).unwrap();
    for (w, h) in [(1000.0, 700.0), (1280.0, 800.0)] {
        let v = Viewport::fit(bounds, w, h);
        assert!(
            v.zoom >= joinery_shared::diagram::zoom::OVERVIEW_ZOOM,
            "cards are drawn at fit ({})",
            v.zoom
        );
        assert!(title_font(v.zoom) * v.zoom >= MIN_TITLE_PX - 1e-9);
        let d = Diagram::of(&doc);
        for (t, r) in doc.schema.tables.iter().zip(&d.cards) {
            assert!(
                title_fits(&card_title(t), r.w, v.zoom),
                "{} is clipped at {:.0} % in {w}x{h}",
                t.name,
                v.zoom * 100.0
            );
        }
        println!("pagila fits {w}x{h} at {:.0} %", v.zoom * 100.0);
    }
}

#[test]
fn titles_stay_legible_when_zoomed_out() {
    for zoom in [0.05, 0.1, 0.22, 0.37, 0.5, 0.84, 1.0, 2.0] {
        assert!(title_font(zoom) * zoom >= MIN_TITLE_PX - 1e-9, "{zoom}");
        assert!(title_font(zoom) >= 13.0);
    }
    assert_eq!(title_font(1.0), 13.0);
}

#[test]
fn titles_are_sized_for_a_few_zooms_and_stay_legible_between_them() {
    let legible = MIN_TITLE_PX / TITLE_FONT;
    // From the legible zoom up, the titles are 13 units: sized for that zoom.
    assert_eq!(title_zoom(1.0), legible);
    assert_eq!(title_zoom(legible), legible);
    // Below it, every zoom of a slow wheel zoom out (1 % a step) is sized for a zoom at or under
    // it and within one grid step: the title is 11 px to 13.1 px on screen.
    let mut zoom = legible;
    let mut sizes = std::collections::BTreeSet::new();
    while zoom > 0.05 {
        let sized = title_zoom(zoom);
        assert!(sized <= zoom + 1e-12, "{zoom}: sized for {sized}");
        assert!(
            sized * TITLE_ZOOM_STEP > zoom - 1e-12,
            "{zoom}: sized for {sized}"
        );
        let on_screen = title_font(sized) * zoom;
        assert!(on_screen >= MIN_TITLE_PX - 1e-9, "{zoom}: {on_screen} px");
        assert!(
            on_screen <= MIN_TITLE_PX * TITLE_ZOOM_STEP + 1e-9,
            "{zoom}: {on_screen} px"
        );
        sizes.insert((sized * 1e9) as i64);
        zoom *= 0.99;
    }
    // 281 steps from 85 % to 5 %: 18 sizes, not 281.
    assert_eq!(sizes.len(), 18, "{sizes:?}");
    // At the smallest zoom it stays legible too.
    assert!(title_font(title_zoom(0.05)) * 0.05 >= MIN_TITLE_PX - 1e-9);
}

#[test]
fn routing_a_moved_card_alone_is_valid() {
    // The canvas reroutes only the lines of dragged cards while dragging.
    let doc = pagila();
    let mut d = Diagram::of(&doc);
    d.cards[0].x += 37.0;
    d.cards[0].y += 11.0;
    let mut router = Router::new(&d.cards);
    let conns: Vec<Connection> = d
        .edges
        .iter()
        .map(|e| joinery_shared::diagram::connection(&d.cards, e))
        .collect();
    let routes: Vec<_> = conns.iter().map(|c| router.route(c)).collect();
    let v = route_violations(&d.cards, &conns, &routes);
    assert!(
        v.iter().all(|v| matches!(v, Violation::ThroughCard { .. })) || v.is_empty(),
        "{v:?}"
    );
    let fallbacks = routes.iter().filter(|r| r.fallback).count();
    assert_eq!(v.len(), 0, "{fallbacks} fallbacks");
    const { assert!(STUB >= 19.0) };
}

#[test]
#[ignore = "timing: run with --release --ignored --nocapture"]
fn routing_a_thousand_tables_is_cheap() {
    let doc = generated(1000);
    let start = std::time::Instant::now();
    let placements = layered_layout(&doc);
    let layout = start.elapsed();
    let mut doc = doc;
    doc.layout.placements = placements;
    let start = std::time::Instant::now();
    let d = Diagram::of(&doc);
    let routing = start.elapsed();
    println!(
        "1000 tables, {} lines: layout {layout:?}, routing {routing:?}, {} violations, \
         {} crossings, length {:.0}",
        d.routes.len(),
        d.violations().len(),
        edge_crossings(&d.routes),
        total_length(&d.routes)
    );
}

#[test]
fn cached_routing_matches_and_stays_truthful_after_a_move() {
    use joinery_shared::diagram::{connection, route_all_cached, RouteCache};
    let doc = generated(200);
    let fresh = Diagram::of(&doc);
    let keys: Vec<usize> = (0..fresh.edges.len()).collect();
    let mut cache = RouteCache::default();
    let first = route_all_cached(&fresh.cards, &fresh.connections, &keys, &mut cache);
    assert_eq!(first, fresh.routes, "a cold cache routes like route_all");
    let again = route_all_cached(&fresh.cards, &fresh.connections, &keys, &mut cache);
    assert_eq!(again, fresh.routes, "a warm cache gives the same lines");
    // Move a card onto the path of other lines: the cache must not keep lines through it.
    let mut cards = fresh.cards.clone();
    let busiest = (0..cards.len())
        .max_by_key(|&i| fresh.edges.iter().filter(|e| e.parent == i).count())
        .unwrap();
    cards[busiest].x += 260.0;
    cards[busiest].y += 90.0;
    let moved_overlaps = cards
        .iter()
        .enumerate()
        .any(|(i, c)| i != busiest && c.intersects(&cards[busiest]));
    let conns: Vec<Connection> = fresh.edges.iter().map(|e| connection(&cards, e)).collect();
    let routes = route_all_cached(&cards, &conns, &keys, &mut cache);
    let v = route_violations(&cards, &conns, &routes);
    if !moved_overlaps {
        assert!(v.is_empty(), "{:?}", &v[..v.len().min(3)]);
    }
    assert!(v.iter().all(|v| !matches!(v, Violation::EndOffRow { .. })));
}

#[test]
fn lanes_from_the_cache_are_the_lanes_placed_afresh() {
    use joinery_shared::diagram::nudge::{separate_lanes, LaneCache};
    use joinery_shared::diagram::{connection, Router};
    let doc = generated(300);
    let fresh = Diagram::of(&doc);
    let raw = |cards: &[Rect]| {
        let mut router = Router::new(cards);
        let conns: Vec<Connection> = fresh.edges.iter().map(|e| connection(cards, e)).collect();
        let routes: Vec<_> = conns.iter().map(|c| router.route(c)).collect();
        (router, routes)
    };
    let mut cache = LaneCache::default();
    let mut cards = fresh.cards.clone();
    let mut changed = 0;
    let mut last = Vec::new();
    // A run of edits, each widening or moving a card (a longer column name, a small drag),
    // every lane placement checked against placing all groups afresh.
    for step in 0..16 {
        let (router, routes) = raw(&cards);
        let mut afresh = routes.clone();
        separate_lanes(&cards, router.index(), &mut afresh, None);
        let mut cached = routes;
        separate_lanes(&cards, router.index(), &mut cached, Some(&mut cache));
        assert_eq!(cached, afresh, "step {step}: lanes from the cache differ");
        if afresh != last {
            changed += 1;
        }
        last = afresh;
        let card = (step * 37) % cards.len();
        if step % 2 == 0 {
            cards[card].w += 16.0;
        } else {
            cards[card].x += 12.0;
            cards[card].y -= 8.0;
        }
    }
    assert!(
        changed > 8,
        "the edits change lines ({changed} of 16 steps)"
    );
}

#[test]
fn a_card_that_narrows_a_channel_is_seen_through_the_lane_cache() {
    use joinery_shared::diagram::nudge::{separate_lanes, LaneCache};
    use joinery_shared::diagram::path::{Route, Side};
    use joinery_shared::diagram::Router;
    // Two lines side by side in the channel between two cards; a third card then comes into
    // the channel beside them. The lines themselves are the same, only their room shrinks.
    let line = |y0: f64, y1: f64| Route {
        points: vec![(100.0, y0), (200.0, y0), (200.0, y1), (300.0, y1)],
        from_side: Side::Right,
        to_side: Side::Left,
        fallback: false,
    };
    let card = |x: f64, y: f64, w: f64, h: f64| Rect { x, y, w, h };
    let open = vec![card(0.0, 0.0, 100.0, 400.0), card(300.0, 0.0, 100.0, 400.0)];
    let mut narrowed = open.clone();
    narrowed.push(card(222.0, 150.0, 20.0, 100.0));
    let lanes = |cards: &[Rect], cache: Option<&mut LaneCache>| {
        let router = Router::new(cards);
        let mut routes = vec![line(50.0, 350.0), line(100.0, 300.0)];
        separate_lanes(cards, router.index(), &mut routes, cache);
        routes
    };
    let mut cache = LaneCache::default();
    let wide = lanes(&open, Some(&mut cache));
    let afresh = lanes(&narrowed, None);
    assert_ne!(afresh, wide, "the narrower channel moves the lines");
    assert_eq!(lanes(&narrowed, Some(&mut cache)), afresh);
}
