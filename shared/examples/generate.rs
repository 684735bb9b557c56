//! Prints a generated realistic schema document as JSON, for benchmarks and manual testing:
//! `cargo run --release -p joinery-shared --example generate -- [tables] [columns] [seed]`.

fn main() {
    let args: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let tables = args.first().copied().unwrap_or(1000);
    let columns = args.get(1).copied().unwrap_or(15);
    let seed = args.get(2).copied().unwrap_or(42) as u64;
    let doc = joinery_shared::generate::realistic_schema(seed, tables, columns);
    match serde_json::to_string(&doc) {
        Ok(json) => println!("{json}"),
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    }
}
