//! The SQL importer, then validation and DDL of what it imported.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let imported = joinery_shared::import::import_sql(&text);
    let _ = joinery_shared::validate::validate(&imported.document.schema);
    let _ = joinery_shared::ddl::render_schema(&imported.document.schema);
});
