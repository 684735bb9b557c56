//! The SQL corpus (`tests/corpus/*.sql`) through a real PostgreSQL, in both directions:
//!
//! 1. **Rendered DDL**: `import_sql(file)` has no errors, `render_schema` of the imported model
//!    applies to a fresh database, and introspecting it gives the imported model back.
//! 2. **Original file** (for the files that are valid PostgreSQL 15 on their own): the file
//!    applied to a fresh database and introspected gives the same model as `import_sql(file)`.
//!
//! Models are compared as `loose(canonical(..))`, like `introspect_roundtrip.rs` (expressions are
//! re-printed by PostgreSQL; view queries are not compared).

use joinery_shared::ddl::render_schema;
use joinery_shared::import::import_sql;
use joinery_shared::model::Schema;
use joinery_shared::normalize::canonical;
use serde_json::Value;

mod roundtrip_support;
use roundtrip_support::{apply_and_introspect_sql, loose};

fn corpus(name: &str) -> String {
    let path = format!("{}/../tests/corpus/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn assert_same(what: &str, from_sql: &Schema, from_db: &Schema) {
    let a = loose(&canonical(from_sql));
    let b = loose(&canonical(from_db));
    if a == b {
        return;
    }
    let mut out = Vec::new();
    json_diff(
        "",
        &serde_json::to_value(&a).unwrap_or_default(),
        &serde_json::to_value(&b).unwrap_or_default(),
        &mut out,
    );
    panic!(
        "{what}: imported and introspected models differ (imported | introspected)\n{}",
        out.join("\n")
    );
}

/// The paths where two JSON values differ, tables and columns named rather than numbered.
fn json_diff(path: &str, a: &Value, b: &Value, out: &mut Vec<String>) {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for k in x.keys().chain(y.keys().filter(|k| !x.contains_key(*k))) {
                let null = Value::Null;
                let (va, vb) = (x.get(k).unwrap_or(&null), y.get(k).unwrap_or(&null));
                json_diff(&format!("{path}.{k}"), va, vb, out);
            }
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            for (i, (va, vb)) in x.iter().zip(y).enumerate() {
                let label = va
                    .get("name")
                    .and_then(Value::as_str)
                    .map(str::to_string)
                    .unwrap_or_else(|| i.to_string());
                json_diff(&format!("{path}[{label}]"), va, vb, out);
            }
        }
        _ if a != b => out.push(format!("{path}: {a} | {b}")),
        _ => {}
    }
}

/// The roles the design grants to, created when missing (roles are cluster-wide and outside the
/// design; several tests may create one at once).
fn roles_sql(model: &joinery_shared::model::Schema) -> String {
    let mut roles: Vec<&str> = model
        .tables
        .iter()
        .flat_map(|t| &t.grants)
        .chain(model.sequences.iter().flat_map(|q| &q.grants))
        .chain(model.functions.iter().flat_map(|f| &f.grants))
        .map(|g| g.role.as_str())
        .filter(|r| *r != "public")
        .collect();
    roles.sort();
    roles.dedup();
    roles
        .iter()
        .map(|r| {
            format!(
                "DO $$ BEGIN CREATE ROLE {}; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;\n",
                joinery_shared::naming::quote_ident(r)
            )
        })
        .collect()
}

/// Property 1 for one corpus file.
async fn rendered_ddl_round_trips(name: &str) {
    let text = corpus(name);
    let imported = import_sql(&text);
    assert!(imported.errors.is_empty(), "{name}: {:#?}", imported.errors);
    let model = &imported.document.schema;
    let ddl = format!("{}{}", roles_sql(model), render_schema(model));
    let (mut from_db, _) = apply_and_introspect_sql(&ddl)
        .await
        .unwrap_or_else(|e| panic!("{name}: the rendered DDL does not apply: {e}\n{ddl}"));
    // The test connects as `postgres`, which owns what the file creates.
    joinery_backend::apply::drift::reconcile_roles("postgres", model, &mut from_db);
    assert_same(&format!("{name} (rendered DDL)"), model, &from_db);
}

/// Property 2 for one corpus file that is valid PostgreSQL on its own.
async fn original_file_agrees(name: &str) {
    let text = corpus(name);
    let imported = import_sql(&text);
    assert!(imported.errors.is_empty(), "{name}: {:#?}", imported.errors);
    let (mut from_db, _) = apply_and_introspect_sql(&text)
        .await
        .unwrap_or_else(|e| panic!("{name}: the file does not apply: {e}"));
    joinery_backend::apply::drift::reconcile_roles(
        "postgres",
        &imported.document.schema,
        &mut from_db,
    );
    assert_same(
        &format!("{name} (original file)"),
        &imported.document.schema,
        &from_db,
    );
}

#[tokio::test]
async fn pagila_pg_dump() {
    rendered_ddl_round_trips("pagila_pg_dump.sql").await;
    original_file_agrees("pagila_pg_dump.sql").await;
}

#[tokio::test]
async fn rails_structure_sql() {
    rendered_ddl_round_trips("rails_structure.sql").await;
    original_file_agrees("rails_structure.sql").await;
}

#[tokio::test]
async fn django_sqlmigrate_output() {
    rendered_ddl_round_trips("django_migrate.sql").await;
    original_file_agrees("django_migrate.sql").await;
}

#[tokio::test]
async fn supabase_auth_migration() {
    rendered_ddl_round_trips("supabase_auth.sql").await;
    original_file_agrees("supabase_auth.sql").await;
}

#[tokio::test]
async fn drizzle_kit_migration() {
    rendered_ddl_round_trips("drizzle_migration.sql").await;
    original_file_agrees("drizzle_migration.sql").await;
}

/// Not valid on their own (a forward reference, a role), so only the rendered DDL is checked.
/// (`pg_dump_app.sql` is not valid PostgreSQL at all: a table inherits from a partition and a
/// foreign key references a column without a unique key, so its model cannot apply either.)
#[tokio::test]
async fn older_corpus_files_render_ddl_that_round_trips() {
    for name in ["handwritten.sql", "pg_dump_real_pg15.sql"] {
        rendered_ddl_round_trips(name).await;
    }
}
