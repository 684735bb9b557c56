//! The engine worker's protocol (`joinery_frontend::protocol`): every message crosses as JSON,
//! schemas are kept in the worker by patches, and every request is answered with its own
//! sequence number and the same result the engine gives directly. Run natively and in the
//! browser.

use joinery_frontend::protocol::{
    reply_parts, Engine, Envelope, Kind, MessageRef, Mirror, Request, Response, Slot,
};
use joinery_shared::model::Schema;
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;
#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

/// The designer's side of a conversation with one worker: its mirror, and the worker.
#[derive(Default)]
struct Conversation {
    mirror: Mirror,
    worker: Engine,
    /// How many bytes of JSON the syncs sent.
    sent: usize,
}

impl Conversation {
    fn sync(&mut self, slot: Slot, schema: &Schema) {
        let mut text = None;
        self.mirror.update(slot, schema, |patch| {
            text = Some(serde_json::to_string(&MessageRef::Sync { slot, patch }).unwrap());
        });
        if let Some(text) = text {
            self.sent += text.len();
            assert!(
                self.worker.handle_message(&text).is_none(),
                "a sync is not answered"
            );
        }
    }

    fn ask(&mut self, seq: u64, request: Request) -> Envelope<Response> {
        let message =
            serde_json::to_string(&MessageRef::Request(&Envelope { seq, body: request })).unwrap();
        let answer = self
            .worker
            .handle_message(&message)
            .expect("a request gets an answer");
        let (seq, body) = reply_parts(&answer).expect("a reply starts with its number");
        Envelope {
            seq,
            body: serde_json::from_str(body).unwrap(),
        }
    }
}

#[test]
fn ddl_crosses_as_json_and_keeps_its_sequence_number() {
    let doc = joinery_shared::demo::demo_document();
    let mut c = Conversation::default();
    c.sync(Slot::Draft, &doc.schema);
    let reply = c.ask(7, Request::Ddl { selection: None });
    assert_eq!(reply.seq, 7);
    assert_eq!(
        reply.body,
        Response::Ddl(joinery_shared::ddl::render_schema(&doc.schema))
    );
    let first = doc.schema.tables[0].id.clone();
    let Response::Ddl(only) = c.worker.handle(Request::Ddl {
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
    let mut c = Conversation::default();
    c.sync(Slot::Base, &Schema::default());
    c.sync(Slot::Draft, &doc.schema);
    let Response::Plan(statements) = c.ask(1, Request::Plan { online: false }).body else {
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
    c.sync(Slot::Draft, &broken.schema);
    let Response::Problems(problems) = c
        .ask(
            2,
            Request::Problems {
                conventions: broken.layout.conventions,
            },
        )
        .body
    else {
        panic!("problems answer problems");
    };
    assert!(!problems.is_empty());
}

/// An edit sends the worker what changed, not the schema: after the first sync, renaming one
/// column of a design sends a fraction of it, and the worker's plan is the one a whole copy
/// gives.
#[test]
fn edits_reach_the_worker_as_small_patches_and_plans_follow_them() {
    let base = joinery_shared::demo::demo_document().schema;
    let mut c = Conversation::default();
    c.sync(Slot::Base, &base);
    c.sync(Slot::Draft, &base);
    let whole = c.sent;
    let Response::Plan(none) = c.ask(1, Request::Plan { online: false }).body else {
        panic!("a plan answers a plan");
    };
    assert!(none.is_empty(), "{none:?}");

    let mut draft = base.clone();
    draft.tables[1].columns[1].name.push_str("_renamed");
    c.sync(Slot::Draft, &draft);
    let one = c.sent - whole;
    assert!(
        one * 4 < whole / 2,
        "one column's edit sent {one} bytes, both whole schemas {whole}"
    );
    assert_eq!(c.worker.schema(Slot::Draft), &draft);
    let Response::Plan(rename) = c.ask(2, Request::Plan { online: false }).body else {
        panic!("a plan answers a plan");
    };
    let direct = joinery_frontend::protocol::plan_between(&base, &draft, false);
    assert_eq!(rename, direct);
    assert!(
        rename.iter().any(|s| s.sql.contains("RENAME COLUMN")),
        "{rename:?}"
    );

    // A table removed, one added and the enums changed: still what the designer holds.
    draft.tables.remove(0);
    let mut added = draft.tables[0].clone();
    added.id = joinery_shared::model::Id("tbl_added".into());
    added.name = "added".into();
    draft.tables.insert(1, added);
    draft.enums.clear();
    c.sync(Slot::Draft, &draft);
    assert_eq!(c.worker.schema(Slot::Draft), &draft);
    // Nothing changed: nothing is sent.
    let before = c.sent;
    c.sync(Slot::Draft, &draft);
    assert_eq!(c.sent, before);
    assert_eq!(c.worker.schema(Slot::Base), &base);
}

#[test]
fn imports_and_the_drizzle_zip_are_made_by_the_engine() {
    let mut c = Conversation::default();
    let Response::Import(r) = c
        .ask(
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
    let Response::DrizzleZip(Ok((bytes, migrations))) = c.worker.handle(Request::DrizzleZip {
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
    assert_eq!(Request::ExportSql.kind(), Kind::ExportSql);
    assert_eq!(Request::Ddl { selection: None }.kind(), Kind::Ddl);
    let mut worker = Engine::default();
    assert!(worker.handle_message("ready").is_none());
    assert!(worker.handle_message("{\"seq\":1}").is_none());
    assert!(worker
        .handle_message("{\"Sync\":{\"slot\":\"Nowhere\",\"patch\":{}}}")
        .is_none());
    assert_eq!(worker.schema(Slot::Draft), &Schema::default());
    assert!(reply_parts("ready").is_none());
    assert!(reply_parts("x {}").is_none());
}
