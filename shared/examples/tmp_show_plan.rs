use joinery_shared::import::import_sql;
use joinery_shared::plan::{migrate, PlanOptions};
fn main() {
    let dir = std::path::PathBuf::from(std::env::args().nth(1).unwrap());
    let from = import_sql(&std::fs::read_to_string(dir.join("from.sql")).unwrap())
        .document
        .schema;
    let to = import_sql(&std::fs::read_to_string(dir.join("to.sql")).unwrap())
        .document
        .schema;
    let online = dir.join("online").exists() || std::env::args().nth(2).is_some();
    let p = migrate(&from, &to, &PlanOptions { online });
    for s in &p.statements {
        println!("{}", serde_json::to_string(s).unwrap());
    }
}
