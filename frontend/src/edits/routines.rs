//! Edits of functions, procedures and triggers. Each is edited as its SQL definition, read by
//! the engine's own reader (the one import and introspection use), so what the designer accepts
//! is what a file or a database would give; a definition that does not read is refused with its
//! line and column, and the design is left as it was.

use joinery_shared::import::{function_from_definition, trigger_from_definition};
use joinery_shared::model::{Document, Function, Id, Table};

use super::unique_name;
use crate::ids::new_id;

/// Adds a PL/pgSQL trigger function `new_function` (or `new_function_2`, ...) that sets
/// `updated_at`, the most common one; returns its id.
pub fn add_function(doc: &mut Document) -> Id {
    let name = unique_name(doc.schema.functions.iter().map(|f| &f.name), "new_function");
    let sql = format!(
        "CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n  NEW.updated_at := now();\n  RETURN NEW;\nEND;\n$$"
    );
    let mut f = function_from_definition(&sql).expect("the template reads");
    f.id = new_id("function");
    let id = f.id.clone();
    doc.schema.functions.push(f);
    id
}

/// Replaces routine `id` by the one `sql` defines (keeping its id, so a changed signature is
/// the same routine changed, and its comment).
pub fn set_function_sql(doc: &mut Document, id: &Id, sql: &str) -> Result<(), String> {
    let mut f: Function = function_from_definition(sql)?;
    let Some(slot) = doc.schema.functions.iter_mut().find(|g| &g.id == id) else {
        return Err("the routine no longer exists".into());
    };
    f.id = id.clone();
    f.comment = slot.comment.clone();
    *slot = f;
    Ok(())
}

/// Deletes routine `id`.
pub fn delete_function(doc: &mut Document, id: &Id) {
    doc.schema.functions.retain(|f| &f.id != id);
}

/// Adds to `table` the trigger `sql` defines (its `ON` table is this one whatever it says);
/// returns its id.
pub fn add_trigger(table: &mut Table, sql: &str) -> Result<Id, String> {
    let mut t = trigger_from_definition(sql, table)?;
    if table.triggers.iter().any(|x| x.name == t.name) {
        return Err(format!(
            "\"{}\" already has a trigger named \"{}\"",
            table.name, t.name
        ));
    }
    t.id = new_id("trigger");
    let id = t.id.clone();
    table.triggers.push(t);
    Ok(id)
}

/// Replaces trigger `id` of `table` by the one `sql` defines (keeping its id and comment).
pub fn set_trigger_sql(table: &mut Table, id: &Id, sql: &str) -> Result<(), String> {
    let mut t = trigger_from_definition(sql, table)?;
    if table
        .triggers
        .iter()
        .any(|x| x.name == t.name && &x.id != id)
    {
        return Err(format!(
            "\"{}\" already has a trigger named \"{}\"",
            table.name, t.name
        ));
    }
    let Some(slot) = table.triggers.iter_mut().find(|x| &x.id == id) else {
        return Err("the trigger no longer exists".into());
    };
    t.id = id.clone();
    t.comment = slot.comment.clone();
    *slot = t;
    Ok(())
}

/// Deletes trigger `id` of `table`.
pub fn delete_trigger(table: &mut Table, id: &Id) {
    table.triggers.retain(|t| &t.id != id);
}
