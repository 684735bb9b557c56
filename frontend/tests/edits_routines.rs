//! Functions and triggers edited as SQL: what the engine reads (here called directly, in the
//! browser by the worker) replaces the object and keeps its id; what it refuses says where.

use joinery_frontend::edits;
use joinery_frontend::protocol::{Engine, Request, Response};
use joinery_shared::import::import_sql;
use joinery_shared::model::{Document, Function, RoutineKind, Trigger};

fn doc() -> Document {
    import_sql("CREATE TABLE posts (id integer PRIMARY KEY, title text, updated_at timestamptz);")
        .document
}

fn read_function(sql: &str) -> Result<Function, String> {
    match Engine::default().handle(Request::ReadFunction { sql: sql.into() }) {
        Response::Function(r) => r,
        other => panic!("{other:?}"),
    }
}

fn read_trigger(d: &Document, sql: &str) -> Result<Trigger, String> {
    match Engine::default().handle(Request::ReadTrigger {
        sql: sql.into(),
        table: d.schema.tables[0].clone(),
    }) {
        Response::Trigger(r) => r,
        other => panic!("{other:?}"),
    }
}

#[test]
fn functions_are_added_edited_and_deleted_as_sql() {
    let mut d = doc();
    let id = edits::add_function(&mut d);
    assert_eq!(d.schema.functions[0].name, "new_function");
    // The template is what the reader gives for its own DDL.
    let sql = joinery_shared::ddl::create_function_sql(&d.schema.functions[0], false);
    let mut again = read_function(&sql).unwrap();
    again.id = id.clone();
    assert_eq!(again, d.schema.functions[0]);
    let f = read_function(
        "CREATE PROCEDURE touch(p integer) LANGUAGE sql AS $$ update posts set updated_at = now() where id = p $$",
    )
    .unwrap();
    edits::set_function(&mut d, &id, f).unwrap();
    assert_eq!(d.schema.functions[0].id, id);
    assert_eq!(d.schema.functions[0].kind, RoutineKind::Procedure);
    let err = read_function("CREATE FUNCTION f()\n  RETURNS int LANGUAGE sql\n  STRICT 42 AS 'x'")
        .unwrap_err();
    assert!(err.starts_with("line 3, column 10:"), "{err}");
    edits::delete_function(&mut d, &id);
    assert!(d.schema.functions.is_empty());
}

#[test]
fn triggers_are_added_edited_and_deleted_as_sql() {
    let mut d = doc();
    let t = read_trigger(
        &d,
        "CREATE TRIGGER posts_touch BEFORE UPDATE OF title ON posts FOR EACH ROW EXECUTE FUNCTION new_function()",
    )
    .unwrap();
    let table = &mut d.schema.tables[0];
    let id = edits::add_trigger(table, t.clone()).unwrap();
    assert_eq!(table.triggers[0].update_of, [table.columns[1].id.clone()]);
    assert!(edits::add_trigger(table, t)
        .unwrap_err()
        .contains("already has a trigger"));
    let err = read_trigger(
        &d,
        "CREATE TRIGGER x BEFORE UPDATE OF nope ON posts EXECUTE FUNCTION f()",
    )
    .unwrap_err();
    assert!(err.contains("nope"), "{err}");
    let t2 = read_trigger(
        &d,
        "CREATE TRIGGER posts_touch AFTER INSERT ON posts FOR EACH ROW EXECUTE FUNCTION f()",
    )
    .unwrap();
    let table = &mut d.schema.tables[0];
    edits::set_trigger(table, &id, t2).unwrap();
    assert_eq!(table.triggers[0].id, id);
    edits::delete_trigger(table, &id);
    assert!(table.triggers.is_empty());
}
