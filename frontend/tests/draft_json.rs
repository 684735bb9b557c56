//! The draft written a slice at a time is the text serde_json writes in one go.
use joinery_frontend::draft_json::DraftJson;
use joinery_shared::generate::realistic_schema;
use joinery_shared::model::Document;
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;
#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

fn sliced(doc: Document, count: usize) -> (String, Document) {
    let mut json = DraftJson::new(doc).expect("serializable");
    let mut steps = 0;
    while !json.step(count).expect("serializable") {
        steps += 1;
        assert!(steps < 10_000, "the slices end");
    }
    json.finish()
}

#[test]
fn slices_of_any_size_write_what_serde_json_writes() {
    let mut doc = realistic_schema(7, 40, 8);
    // Names that look like the spot the tables go in, inside strings.
    doc.schema.tables[0].name = "\"tables\":[]".into();
    doc.schema.tables[1].comment = Some("x \"tables\":[] ü ✓".into());
    let expected = serde_json::to_string(&doc).unwrap();
    for count in [1, 3, 40, 1000] {
        let (text, back) = sliced(doc.clone(), count);
        assert_eq!(text, expected, "{count} tables a slice");
        assert_eq!(back, doc, "the document comes back whole");
    }
    let (text, _) = DraftJson::whole(doc.clone()).unwrap();
    assert_eq!(text, expected);
}

#[test]
fn a_design_without_tables_and_the_default_document() {
    for doc in [Document::new(Default::default()), {
        let mut d = realistic_schema(3, 2, 3);
        d.schema.tables.clear();
        d
    }] {
        let expected = serde_json::to_string(&doc).unwrap();
        assert_eq!(sliced(doc.clone(), 5).0, expected);
    }
}
