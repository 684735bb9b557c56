//! Prints a generated realistic schema document as JSON, for benchmarks and manual testing:
//! `cargo run --release -p joinery-shared --example generate -- [tables] [columns] [seed]
//! [--changed]`. With `--changed`, the document holds
//! `joinery_shared::generate::changed_schema` of that schema (about 5% of it changed), the
//! other side of the diff benchmarks' pair.

fn main() {
    let raw: Vec<String> = std::env::args().skip(1).collect();
    let changed = raw.iter().any(|a| a == "--changed");
    let args: Vec<usize> = raw.iter().filter_map(|a| a.parse().ok()).collect();
    let tables = args.first().copied().unwrap_or(1000);
    let columns = args.get(1).copied().unwrap_or(15);
    let seed = args.get(2).copied().unwrap_or(42) as u64;
    let mut doc = joinery_shared::generate::realistic_schema(seed, tables, columns);
    if changed {
        doc.schema = joinery_shared::generate::changed_schema(&doc.schema);
        let kept: std::collections::HashSet<_> = doc
            .schema
            .tables
            .iter()
            .map(|t| t.id.clone())
            .chain(doc.schema.views.iter().map(|v| v.id.clone()))
            .collect();
        doc.layout.placements.retain(|id, _| kept.contains(id));
    }
    match serde_json::to_string(&doc) {
        Ok(json) => println!("{json}"),
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    }
}
