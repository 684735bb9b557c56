//! Functions and triggers edited as SQL: accepted definitions replace the object and keep its
//! id; refused ones say where and change nothing.

use joinery_frontend::edits;
use joinery_shared::import::import_sql;
use joinery_shared::model::{Document, RoutineKind};

fn doc() -> Document {
    import_sql("CREATE TABLE posts (id integer PRIMARY KEY, title text, updated_at timestamptz);")
        .document
}

#[test]
fn functions_are_added_edited_and_deleted_as_sql() {
    let mut d = doc();
    let id = edits::add_function(&mut d);
    assert_eq!(d.schema.functions[0].name, "new_function");
    assert_eq!(d.schema.functions[0].returns.as_deref(), Some("trigger"));
    edits::set_function_sql(
        &mut d,
        &id,
        "CREATE PROCEDURE touch(p integer) LANGUAGE sql AS $$ update posts set updated_at = now() where id = p $$",
    )
    .unwrap();
    assert_eq!(d.schema.functions[0].id, id);
    assert_eq!(d.schema.functions[0].kind, RoutineKind::Procedure);
    let before = d.clone();
    let err = edits::set_function_sql(
        &mut d,
        &id,
        "CREATE FUNCTION f()\n  RETURNS int LANGUAGE sql\n  STRICT 42 AS 'x'",
    )
    .unwrap_err();
    assert!(err.starts_with("line 3, column 10:"), "{err}");
    assert_eq!(d, before);
    edits::delete_function(&mut d, &id);
    assert!(d.schema.functions.is_empty());
}

#[test]
fn triggers_are_added_edited_and_deleted_as_sql() {
    let mut d = doc();
    let t = &mut d.schema.tables[0];
    let id = edits::add_trigger(
        t,
        "CREATE TRIGGER posts_touch BEFORE UPDATE OF title ON posts FOR EACH ROW EXECUTE FUNCTION new_function()",
    )
    .unwrap();
    assert_eq!(t.triggers[0].update_of, [t.columns[1].id.clone()]);
    assert!(edits::add_trigger(
        t,
        "CREATE TRIGGER posts_touch AFTER INSERT ON posts EXECUTE FUNCTION f()"
    )
    .unwrap_err()
    .contains("already has a trigger"));
    let err = edits::set_trigger_sql(
        t,
        &id,
        "CREATE TRIGGER x BEFORE UPDATE OF nope ON posts EXECUTE FUNCTION f()",
    )
    .unwrap_err();
    assert!(err.contains("nope"), "{err}");
    edits::set_trigger_sql(
        t,
        &id,
        "CREATE TRIGGER posts_touch AFTER INSERT ON posts FOR EACH ROW EXECUTE FUNCTION f()",
    )
    .unwrap();
    assert_eq!(t.triggers[0].id, id);
    edits::delete_trigger(t, &id);
    assert!(t.triggers.is_empty());
}
