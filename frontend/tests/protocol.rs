//! The engine worker's protocol (`joinery_frontend::protocol`): every request crosses as JSON
//! and is answered with its own sequence number and the same result the engine gives directly.
//! Run natively and in the browser.

use joinery_frontend::protocol::{handle, handle_message, Envelope, Kind, Request, Response};
use joinery_shared::model::Schema;
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;
#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

fn ask(seq: u64, request: Request) -> Envelope<Response> {
    let message = serde_json::to_string(&Envelope { seq, body: request }).unwrap();
    let answer = handle_message(&message).expect("a request gets an answer");
    serde_json::from_str(&answer).unwrap()
}

#[test]
fn ddl_crosses_as_json_and_keeps_its_sequence_number() {
    let doc = joinery_shared::demo::demo_document();
    let reply = ask(
        7,
        Request::Ddl {
            schema: doc.schema.clone(),
            selection: None,
        },
    );
    assert_eq!(reply.seq, 7);
    assert_eq!(
        reply.body,
        Response::Ddl(joinery_shared::ddl::render_schema(&doc.schema))
    );
    let first = doc.schema.tables[0].id.clone();
    let Response::Ddl(only) = handle(Request::Ddl {
        schema: doc.schema.clone(),
        selection: Some(vec![first]),
    }) else {
        panic!("DDL answers DDL");
    };
    assert!(only.contains(&doc.schema.tables[0].name));
    assert!(!only.contains(&format!("CREATE TABLE {} ", doc.schema.tables[1].name)));
}

#[test]
fn a_plan_from_empty_creates_every_table_and_problems_come_back() {
    let doc = joinery_shared::demo::demo_document();
    let Response::Plan(statements) = ask(
        1,
        Request::Plan {
            from: Schema::default(),
            to: doc.schema.clone(),
            online: false,
        },
    )
    .body
    else {
        panic!("a plan answers a plan");
    };
    let creates = statements
        .iter()
        .filter(|s| s.sql.starts_with("CREATE TABLE"))
        .count();
    assert_eq!(creates, doc.schema.tables.len());
    let mut broken = doc.clone();
    let dup = broken.schema.tables[0].columns[0].clone();
    broken.schema.tables[0].columns.push(dup);
    let Response::Problems(problems) = ask(
        2,
        Request::Problems {
            schema: broken.schema,
            conventions: broken.layout.conventions,
        },
    )
    .body
    else {
        panic!("problems answer problems");
    };
    assert!(!problems.is_empty());
}

#[test]
fn imports_and_the_drizzle_zip_are_made_by_the_engine() {
    let Response::Import(r) = ask(
        3,
        Request::Import {
            text: "CREATE TABLE a (id int PRIMARY KEY); CREATE TABLE b (x int);".into(),
        },
    )
    .body
    else {
        panic!("an import answers an import");
    };
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    assert_eq!(r.document.schema.tables.len(), 2);
    let Response::DrizzleZip(Ok((bytes, migrations))) = handle(Request::DrizzleZip {
        versions: vec![],
        draft: r.document,
        now: 1_700_000_000_000,
    }) else {
        panic!("a Drizzle export answers a zip");
    };
    assert_eq!(&bytes[..2], b"PK");
    assert_eq!(migrations, 1, "the draft is the one migration");
}

#[test]
fn requests_name_their_kind_and_garbage_gets_no_answer() {
    let schema = Schema::default();
    assert_eq!(
        Request::ExportSql {
            schema: schema.clone()
        }
        .kind(),
        Kind::ExportSql
    );
    assert_eq!(
        Request::Ddl {
            schema,
            selection: None
        }
        .kind(),
        Kind::Ddl
    );
    assert!(handle_message("ready").is_none());
    assert!(handle_message("{\"seq\":1}").is_none());
}
