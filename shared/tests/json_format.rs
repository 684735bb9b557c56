//! The JSON format of the model and the API is fixed: saved projects, stored versions, the API
//! and the end-to-end fixtures all hold it. Some (de)serializers are written by hand to keep the
//! designer's wasm small (see `model/serde_impls.rs`); these tests prove they write exactly what
//! the derived ones wrote (golden files made with the derived code) and read what those wrote,
//! including keys in another order (PostgreSQL's `jsonb` sorts keys by length).
//!
//! Run with `UPDATE_GOLDEN=1` to rewrite the golden files (then review the diff by eye).

use std::path::PathBuf;

use joinery_shared::demo::{demo_document, every_feature_document};
use joinery_shared::generate::realistic_schema;
use joinery_shared::import::import_sql;
use joinery_shared::model::{ColumnType, DefaultValue, Document, Id, Object};
use joinery_shared::wire::{ApplyEvent, IndexProgress};

fn golden(name: &str, actual: &str) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name);
    if std::env::var("UPDATE_GOLDEN").is_ok_and(|v| v == "1") {
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("missing golden file {}: {e}", path.display()));
    assert!(
        expected == actual,
        "{} differs from what is serialized now (first differing line: {:?})",
        path.display(),
        expected.lines().zip(actual.lines()).find(|(a, b)| a != b)
    );
}

fn corpus(name: &str) -> String {
    let path = format!("{}/../tests/corpus/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Writes the golden file in both forms and reads both back to the same document.
fn check_document(name: &str, doc: &Document) {
    let pretty = serde_json::to_string_pretty(doc).unwrap();
    golden(name, &pretty);
    let compact = serde_json::to_string(doc).unwrap();
    let read: Document = serde_json::from_str(&pretty).unwrap();
    assert_eq!(&read, doc, "{name}: pretty JSON reads back");
    let read: Document = serde_json::from_str(&compact).unwrap();
    assert_eq!(&read, doc, "{name}: compact JSON reads back");
    assert_eq!(serde_json::to_string(&read).unwrap(), compact);
    // Keys sorted as PostgreSQL's jsonb keeps them (shorter first), so tags come after fields.
    let value: serde_json::Value = serde_json::from_str(&compact).unwrap();
    let reordered = jsonb_order(&value);
    let read: Document = serde_json::from_str(&reordered).unwrap();
    assert_eq!(
        &read, doc,
        "{name}: JSON with keys in jsonb order reads back"
    );
}

/// The JSON text with every object's keys in `jsonb` order (by length, then bytes).
fn jsonb_order(value: &serde_json::Value) -> String {
    use serde_json::Value;
    match value {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort_by(|a, b| a.len().cmp(&b.len()).then(a.cmp(b)));
            let fields: Vec<String> = keys
                .iter()
                .map(|k| {
                    format!(
                        "{}:{}",
                        serde_json::to_string(k).unwrap(),
                        jsonb_order(&map[*k])
                    )
                })
                .collect();
            format!("{{{}}}", fields.join(","))
        }
        Value::Array(items) => {
            let items: Vec<String> = items.iter().map(jsonb_order).collect();
            format!("[{}]", items.join(","))
        }
        other => other.to_string(),
    }
}

#[test]
fn demo_document_json_is_unchanged() {
    check_document("demo.json", &demo_document());
    // The embedded seed (written by hand, long ago) still reads to the same document.
    let seed: Document = serde_json::from_str(joinery_shared::demo::SEED_JSON).unwrap();
    assert_eq!(seed, demo_document());
}

#[test]
fn every_feature_document_json_is_unchanged() {
    check_document("every_feature.json", &every_feature_document());
    check_document("generated_7_12_8.json", &realistic_schema(7, 12, 8));
}

#[test]
fn imported_corpus_json_is_unchanged() {
    for (name, file) in [
        ("supabase_auth.json", "supabase_auth.sql"),
        ("pg_dump_real_pg15.json", "pg_dump_real_pg15.sql"),
        ("pg_dump_app.json", "pg_dump_app.sql"),
    ] {
        let imported = import_sql(&corpus(file));
        check_document(name, &imported.document);
    }
}

fn column_types() -> Vec<ColumnType> {
    use ColumnType::*;
    vec![
        SmallInt,
        Integer,
        BigInt,
        SmallSerial,
        Serial,
        BigSerial,
        Real,
        DoublePrecision,
        Numeric {
            precision: None,
            scale: None,
        },
        Numeric {
            precision: Some(10),
            scale: Some(2),
        },
        Numeric {
            precision: Some(7),
            scale: None,
        },
        Text,
        Varchar { length: None },
        Varchar { length: Some(40) },
        Char { length: Some(2) },
        Uuid,
        Boolean,
        Date,
        Time {
            precision: None,
            with_time_zone: false,
        },
        Time {
            precision: Some(3),
            with_time_zone: true,
        },
        Timestamp {
            precision: None,
            with_time_zone: true,
        },
        Timestamp {
            precision: Some(6),
            with_time_zone: false,
        },
        Interval,
        Json,
        Jsonb,
        Bytea,
        Inet,
        Cidr,
        Enum { id: Id::new("e1") },
        Array {
            element: Box::new(Array {
                element: Box::new(Varchar { length: Some(3) }),
            }),
        },
        Custom {
            name: "geometry(Point,4326)".into(),
        },
    ]
}

fn default_values() -> Vec<DefaultValue> {
    vec![
        DefaultValue::Null,
        DefaultValue::Boolean(true),
        DefaultValue::Boolean(false),
        DefaultValue::Number("-2.50".into()),
        DefaultValue::String("it's \"quoted\"\n".into()),
        DefaultValue::Json(serde_json::json!({"a": [1, 2.5, null, true], "b": {"c": "d"}})),
        DefaultValue::Json(serde_json::Value::Null),
        DefaultValue::Json(serde_json::json!("text")),
        DefaultValue::Expression("now()".into()),
    ]
}

/// Every value on its own line, as `serde_json::to_string` writes it.
fn lines<T: serde::Serialize>(values: &[T]) -> String {
    values
        .iter()
        .map(|v| serde_json::to_string(v).unwrap() + "\n")
        .collect()
}

/// Each line of `text` (a golden file) reads back to the value and writes the same line again;
/// with its keys in jsonb order, it reads back to the same value too.
fn read_lines<T>(text: &str, values: &[T])
where
    T: serde::Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug,
{
    let read: Vec<T> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{l}: {e}")))
        .collect();
    assert_eq!(read, values);
    for (line, value) in text.lines().zip(values) {
        let reordered = jsonb_order(&serde_json::from_str(line).unwrap());
        let read: T =
            serde_json::from_str(&reordered).unwrap_or_else(|e| panic!("{reordered}: {e}"));
        assert_eq!(&read, value);
        // Pretty JSON (whitespace between tokens) reads too.
        let pretty = serde_json::to_string_pretty(value).unwrap();
        let read: T = serde_json::from_str(&pretty).unwrap_or_else(|e| panic!("{pretty}: {e}"));
        assert_eq!(&read, value);
    }
}

#[test]
fn column_types_and_defaults_json_is_unchanged() {
    let types = column_types();
    golden("column_types.jsonl", &lines(&types));
    read_lines(&lines(&types), &types);
    let defaults = default_values();
    golden("default_values.jsonl", &lines(&defaults));
    read_lines(&lines(&defaults), &defaults);
}

#[test]
fn objects_json_is_unchanged() {
    let doc = every_feature_document();
    let imported = import_sql(&corpus("pg_dump_real_pg15.sql")).document;
    let mut objects: Vec<Object> = Vec::new();
    for schema in [&doc.schema, &imported.schema] {
        objects.extend(schema.namespaces.iter().cloned().map(Object::Namespace));
        objects.extend(schema.enums.iter().cloned().map(Object::Enum));
        objects.extend(
            schema
                .tables
                .iter()
                .take(3)
                .cloned()
                .map(|t| Object::Table(Box::new(t))),
        );
        objects.extend(
            schema
                .views
                .iter()
                .cloned()
                .map(|v| Object::View(Box::new(v))),
        );
        objects.extend(
            schema
                .sequences
                .iter()
                .cloned()
                .map(|s| Object::Sequence(Box::new(s))),
        );
        objects.extend(
            schema
                .functions
                .iter()
                .cloned()
                .map(|f| Object::Function(Box::new(f))),
        );
        objects.extend(
            schema
                .domains
                .iter()
                .cloned()
                .map(|d| Object::Domain(Box::new(d))),
        );
        objects.extend(
            schema
                .composites
                .iter()
                .cloned()
                .map(|c| Object::Composite(Box::new(c))),
        );
    }
    golden("objects.jsonl", &lines(&objects));
    read_lines(&lines(&objects), &objects);
}

#[test]
fn apply_events_json_is_unchanged() {
    let events = vec![
        ApplyEvent::WaitingForLock {},
        ApplyEvent::Locked { waited_ms: 12 },
        ApplyEvent::Plan {
            applied: vec![1, 2],
            pending: vec![],
        },
        ApplyEvent::MigrationStarted {
            version: 3,
            name: "0003_add".into(),
            total: 4,
            resumed_at: 1,
        },
        ApplyEvent::Statement {
            version: 3,
            index: 0,
            total: 4,
            sql: "CREATE TABLE t ();".into(),
            transactional: true,
            ms: 5,
        },
        ApplyEvent::MigrationFinished {
            version: 3,
            name: "0003_add".into(),
            execution_ms: 40,
        },
        ApplyEvent::LockRetry {
            version: 3,
            statement_index: 2,
            attempt: 1,
            of: 3,
            wait_ms: 1000,
            error: "canceling statement due to lock timeout".into(),
        },
        ApplyEvent::IndexProgress {
            version: 3,
            statement_index: 1,
            progress: IndexProgress {
                phase: "building index: scanning table".into(),
                blocks_done: 10,
                blocks_total: 100,
                tuples_done: 0,
                tuples_total: 0,
            },
        },
        ApplyEvent::MigrationFailed {
            version: 3,
            name: "0003_add".into(),
            statement_index: 2,
            statement: "ALTER TABLE t ADD c int;".into(),
            error: "boom".into(),
        },
    ];
    golden("apply_events.jsonl", &lines(&events));
    read_lines(&lines(&events), &events);
}

#[test]
fn tags_read_in_any_position_and_bad_tags_are_refused() {
    let object: Object = serde_json::from_str(
        r#"{"object": {"id": "n1", "name": "billing"}, "extra": 1, "kind": "namespace"}"#,
    )
    .unwrap();
    let Object::Namespace(ns) = object else {
        panic!("{object:?}")
    };
    assert_eq!(ns.name, "billing");
    let ty: ColumnType = serde_json::from_str(r#"{"length": 3, "kind": "varchar"}"#).unwrap();
    assert_eq!(ty, ColumnType::Varchar { length: Some(3) });
    let default: DefaultValue =
        serde_json::from_str(r#"{"value": "now()", "kind": "expression"}"#).unwrap();
    assert_eq!(default, DefaultValue::Expression("now()".into()));
    for bad in [
        r#"{"kind": "varchr"}"#,
        r#"{"kind": "enum"}"#,
        r#"{"kind": "array"}"#,
        r#"{"kind": "custom"}"#,
        r#"{"length": 3}"#,
        r#""text""#,
    ] {
        assert!(serde_json::from_str::<ColumnType>(bad).is_err(), "{bad}");
    }
    for bad in [
        r#"{"kind": "boolean", "value": "yes"}"#,
        r#"{"kind": "number", "value": 15}"#,
        r#"{"kind": "expr", "value": "now()"}"#,
        r#"{"value": "now()"}"#,
    ] {
        assert!(serde_json::from_str::<DefaultValue>(bad).is_err(), "{bad}");
    }
    for bad in [
        r#"{"kind": "table"}"#,
        r#"{"object": {"id": "n1", "name": "x"}}"#,
        r#"{"kind": "tabel", "object": {}}"#,
        r#"{"kind": "table", "object": {"id": "n1"}}"#,
    ] {
        assert!(serde_json::from_str::<Object>(bad).is_err(), "{bad}");
    }
}

#[test]
fn targets_and_diffs_json_is_unchanged() {
    use joinery_shared::plan::{Hazard, HazardKind};
    use joinery_shared::wire::{
        DiffResponse, MigrationStatement, PasswordSource, PlannedMigration, Target, TargetDefaults,
    };
    let target = |password, password_env: Option<&str>, defaults| Target {
        id: "t1".into(),
        project_id: "p1".into(),
        name: "staging".into(),
        url: "postgres://app@db/app".into(),
        password,
        password_env: password_env.map(str::to_string),
        created_at: "2026-01-31T12:00:00Z".into(),
        updated_at: "2026-02-01T12:00:00Z".into(),
        defaults,
    };
    let targets = vec![
        target(PasswordSource::None, None, TargetDefaults::default()),
        target(
            PasswordSource::Env,
            Some("PGPASS_STAGING"),
            TargetDefaults {
                lock_timeout_ms: Some(2000),
                statement_timeout_ms: Some(0),
                lock_retries: Some(5),
            },
        ),
    ];
    golden("targets.jsonl", &lines(&targets));
    read_lines(&lines(&targets), &targets);
    let diffs = vec![
        DiffResponse {
            from: "1".into(),
            to: "draft".into(),
            online: true,
            plan: PlannedMigration {
                statements: vec![MigrationStatement {
                    sql: "DROP TABLE t;".into(),
                    transactional: true,
                    hazards: vec![Hazard {
                        kind: HazardKind::DeletesData,
                        message: "drops t".into(),
                    }],
                    source: Some("drop table t".into()),
                    lock: None,
                    own_transaction: false,
                }],
                sql: "-- hazard: deletes data\nDROP TABLE t;\n".into(),
            },
        },
        DiffResponse {
            from: "empty".into(),
            to: "1".into(),
            online: false,
            plan: PlannedMigration::default(),
        },
    ];
    golden("diffs.jsonl", &lines(&diffs));
    read_lines(&lines(&diffs), &diffs);
}
