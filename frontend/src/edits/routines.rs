//! Edits of functions, procedures and triggers. Each is edited as its SQL definition, which the
//! engine worker reads with the engine's own reader (the one import and introspection use), so
//! what the designer accepts is what a file or a database would give; these edits put what it
//! read in place.

use joinery_shared::model::{
    Document, Function, Id, Parallel, RoutineKind, Table, Trigger, Volatility,
};

use super::unique_name;
use crate::ids::new_id;

/// Adds a PL/pgSQL trigger function `new_function` (or `new_function_2`, ...) that sets
/// `updated_at`, the most common one; returns its id.
pub fn add_function(doc: &mut Document) -> Id {
    let name = unique_name(doc.schema.functions.iter().map(|f| &f.name), "new_function");
    let id = new_id("function");
    doc.schema.functions.push(Function {
        // What PostgreSQL grants a new routine by itself.
        grants: vec![joinery_shared::model::Grant {
            role: "public".into(),
            privilege: joinery_shared::model::Privilege::Execute,
            grantable: false,
        }],
        id: id.clone(),
        schema: "public".into(),
        name,
        kind: RoutineKind::Function,
        arguments: Vec::new(),
        returns: Some("trigger".into()),
        language: "plpgsql".into(),
        body: "\nBEGIN\n  NEW.updated_at := now();\n  RETURN NEW;\nEND;\n".into(),
        volatility: Volatility::Volatile,
        strict: false,
        security_definer: false,
        leakproof: false,
        parallel: Parallel::Unsafe,
        config: Default::default(),
        aggregate: None,
        comment: None,
    });
    id
}

/// Replaces routine `id` by `f` (keeping its id, so a changed signature is the same routine
/// changed, its comment and its grants).
pub fn set_function(doc: &mut Document, id: &Id, mut f: Function) -> Result<(), String> {
    let Some(slot) = doc.schema.functions.iter_mut().find(|g| &g.id == id) else {
        return Err("the routine no longer exists".into());
    };
    f.id = id.clone();
    f.comment = slot.comment.clone();
    f.grants = slot.grants.clone();
    *slot = f;
    Ok(())
}

/// Deletes routine `id`.
pub fn delete_function(doc: &mut Document, id: &Id) {
    doc.schema.functions.retain(|f| &f.id != id);
}

/// Adds trigger `t` to `table` under a new id; returns the id.
pub fn add_trigger(table: &mut Table, mut t: Trigger) -> Result<Id, String> {
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

/// Replaces trigger `id` of `table` by `t` (keeping its id and comment).
pub fn set_trigger(table: &mut Table, id: &Id, mut t: Trigger) -> Result<(), String> {
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
