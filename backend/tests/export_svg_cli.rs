//! `joinery export svg`: the real binary writes the diagram with its `data-` contract, every
//! relationship line starting at its `data-from` row on the child card's edge and ending at its
//! `data-to` row on the parent card's edge (issue 19).

use std::collections::HashMap;
use std::path::Path;
use std::process::Command;

fn joinery(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_joinery"))
        .args(args)
        .output()
        .expect("run joinery")
}

fn export(from: &Path, out: &Path, extra: &[&str]) -> String {
    let mut args = vec![
        "export",
        "svg",
        "--from",
        from.to_str().expect("utf-8 path"),
        "--out",
        out.to_str().expect("utf-8 path"),
    ];
    args.extend_from_slice(extra);
    let run = joinery(&args);
    assert!(
        run.status.success(),
        "joinery export svg failed: {}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(String::from_utf8_lossy(&run.stdout).contains("wrote "));
    std::fs::read_to_string(out).expect("the SVG was written")
}

/// Attributes of a start tag.
fn attributes(tag: &str) -> HashMap<String, String> {
    let mut map = HashMap::new();
    let mut rest = tag;
    while let Some(eq) = rest.find("=\"") {
        let name = rest[..eq]
            .rsplit(char::is_whitespace)
            .next()
            .unwrap_or_default()
            .to_string();
        let end = eq + 2 + rest[eq + 2..].find('"').expect("closing quote");
        let value = rest[eq + 2..end]
            .replace("&quot;", "\"")
            .replace("&apos;", "'")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&");
        map.insert(name, value);
        rest = &rest[end + 1..];
    }
    map
}

/// Start tags (as attribute maps) in order.
fn tags(svg: &str) -> Vec<(String, HashMap<String, String>)> {
    svg.split('<')
        .skip(1)
        .filter(|t| !t.starts_with('/'))
        .map(|t| {
            let t = &t[..t.find('>').expect("tag end")];
            let name = t.split_whitespace().next().unwrap_or_default().to_string();
            (name, attributes(t))
        })
        .collect()
}

/// Checks the contract; returns (cards, relationships).
fn check(svg: &str) -> (usize, usize) {
    assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
    let mut cards: HashMap<String, (f64, f64)> = HashMap::new(); // table -> (left, right)
    let mut rows: HashMap<String, f64> = HashMap::new(); // schema.table.col -> centre y
    let (mut table, mut column) = (String::new(), None::<String>);
    let mut lines = Vec::new();
    for (name, a) in tags(svg) {
        let num = |k: &str| a[k].parse::<f64>().expect("number");
        if let Some(t) = a.get("data-table") {
            table = t.clone();
            column = None;
        } else if let Some(c) = a.get("data-column") {
            column = Some(c.clone());
        } else if name == "rect" && a.get("class").is_some_and(|c| c == "card-body") {
            cards.insert(table.clone(), (num("x"), num("x") + num("width")));
        } else if name == "rect" && a.get("class").is_some_and(|c| c == "row-bg") {
            let c = column
                .take()
                .expect("a row rect inside a data-column group");
            rows.insert(format!("{table}.{c}"), num("y") + num("height") / 2.0);
        } else if a.contains_key("data-from") {
            lines.push(a);
        }
    }
    assert!(!cards.is_empty() && !rows.is_empty());
    for line in &lines {
        assert!(!line["data-fk"].is_empty());
        assert!(line["data-columns"].starts_with("[[\""));
        let d: Vec<f64> = line["d"]
            .split(|c: char| c.is_whitespace() || c.is_alphabetic())
            .filter(|s| !s.is_empty())
            .map(|s| s.parse().expect("path number"))
            .collect();
        for (end, (x, y)) in [
            ("data-from", (d[0], d[1])),
            ("data-to", (d[d.len() - 2], d[d.len() - 1])),
        ] {
            let target = &line[end];
            let (table, _) = target.rsplit_once('.').expect("schema.table.col");
            let (left, right) = cards[table];
            assert!(
                (y - rows[target]).abs() < 0.11,
                "{} {end} {target}: y {y} is not the row centre {}",
                line["data-fk"],
                rows[target]
            );
            assert!(
                (x - left).abs() < 0.11 || (x - right).abs() < 0.11,
                "{} {end}: x {x} is not on {table}'s edge",
                line["data-fk"]
            );
        }
    }
    (cards.len(), lines.len())
}

#[test]
fn exports_the_demo_and_pagila_with_lines_at_their_rows() {
    let dir = tempfile::tempdir().expect("temp dir");
    // The demo model keeps its own layout.
    let model = dir.path().join("demo.json");
    std::fs::write(
        &model,
        serde_json::to_string(&joinery_shared::demo::demo_document()).expect("json"),
    )
    .expect("write model");
    let svg = export(&model, &dir.path().join("demo.svg"), &[]);
    assert_eq!(check(&svg), (7, 11));
    assert!(svg.contains(
        "data-fk=\"wealth_community_id_communities_id_fk\" data-from=\"public.wealth.community_id\" data-to=\"public.communities.id\""
    ));
    // Pagila from its pg_dump, laid out like an import.
    let pagila = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/corpus/pagila_pg_dump.sql");
    let svg = export(&pagila, &dir.path().join("out/pagila.svg"), &[]);
    let (cards, lines) = check(&svg);
    // 12 tables, two of them payment's partitions, drawn on payment.
    assert_eq!(cards, 10);
    assert!(lines >= 10, "{lines} relationships");
    assert!(svg.contains("data-to=\"public.language.language_id\""));
}

#[test]
fn a_model_without_a_layout_is_laid_out() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut doc = joinery_shared::demo::demo_document();
    doc.layout.placements.clear();
    let model = dir.path().join("bare.json");
    std::fs::write(&model, serde_json::to_string(&doc).expect("json")).expect("write");
    let svg = export(&model, &dir.path().join("bare.svg"), &[]);
    assert_eq!(check(&svg), (7, 11));
    let svg = export(&model, &dir.path().join("again.svg"), &["--auto-layout"]);
    assert_eq!(check(&svg), (7, 11));
}

#[test]
fn refuses_a_png_output() {
    let dir = tempfile::tempdir().expect("temp dir");
    let pagila = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/corpus/pagila_pg_dump.sql");
    let run = joinery(&[
        "export",
        "svg",
        "--from",
        pagila.to_str().expect("utf-8"),
        "--out",
        dir.path().join("x.png").to_str().expect("utf-8"),
    ]);
    assert!(!run.status.success());
    assert!(String::from_utf8_lossy(&run.stderr).contains("only .svg"));
}
