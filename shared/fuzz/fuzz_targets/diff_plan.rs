//! Two SQL files (split at the first NUL byte) imported, diffed and planned both ways.
#![no_main]

use joinery_shared::plan::{migrate, PlanOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let (a, b) = text.split_once('\0').unwrap_or((&text, ""));
    let from = joinery_shared::import::import_sql(a).document.schema;
    let to = joinery_shared::import::import_sql(b).document.schema;
    let _ = migrate(&from, &to, &PlanOptions::default());
    let _ = migrate(&to, &from, &PlanOptions { online: true });
});
