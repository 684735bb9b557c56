//! Every change the designer makes to a document, as plain functions of the model: the views and
//! gestures only gather what the user asked for and run one of these inside `Designer::edit`
//! (which records it as one undoable step, see [`crate::history`]).
//!
//! New objects follow the project's conventions ([`Conventions`]): what a new table starts with,
//! what a new foreign key does on delete. Tested natively in `frontend/tests/edits.rs`.

use std::collections::{BTreeSet, HashMap, HashSet};

use joinery_shared::model::{
    AuditColumns, Check, Column, ColumnType, Conventions, DefaultValue, Document, ForeignKey, Id,
    Identity, Index, IndexKey, IndexMethod, IndexPart, KeyStyle, Placement, PrimaryKey,
    ReferentialAction, Table, Unique,
};

use crate::autolayout::layered_layout;
use crate::geometry::{card_rect, free_spot, placement_of, snap, Point};
use crate::ids::new_id;

// ---------------------------------------------------------------------------------------------
// Names

/// `base` if no name in `existing` is `base`, else the first free `base_2`, `base_3`, ...
pub fn unique_name<S: AsRef<str>>(existing: impl IntoIterator<Item = S>, base: &str) -> String {
    let taken: HashSet<String> = existing
        .into_iter()
        .map(|s| s.as_ref().to_string())
        .collect();
    if !taken.contains(base) {
        return base.to_string();
    }
    (2..)
        .map(|n| format!("{base}_{n}"))
        .find(|n| !taken.contains(n))
        .unwrap_or_else(|| base.to_string())
}

/// The name of a copy of `name`: `name_copy`, then `name_copy2`, ... (first not in `taken`).
fn copy_name(taken: &HashSet<String>, name: &str) -> String {
    (1..)
        .map(|n| {
            if n == 1 {
                format!("{name}_copy")
            } else {
                format!("{name}_copy{n}")
            }
        })
        .find(|n| !taken.contains(n))
        .unwrap_or_default()
}

// ---------------------------------------------------------------------------------------------
// New objects

fn column(name: &str, ty: ColumnType, not_null: bool, default: Option<&str>) -> Column {
    Column {
        not_null,
        default: default.map(|d| DefaultValue::Expression(d.into())),
        ..new_column(name, ty)
    }
}

fn timestamptz() -> ColumnType {
    ColumnType::Timestamp {
        precision: None,
        with_time_zone: true,
    }
}

/// A fresh nullable column named `name`.
pub fn new_column(name: &str, ty: ColumnType) -> Column {
    Column {
        id: new_id("column"),
        name: name.into(),
        ty,
        not_null: false,
        default: None,
        identity: None,
        identity_options: Default::default(),
        generated: None,
        comment: None,
    }
}

/// A new table named `name` with the key and audit columns the conventions ask for.
pub fn new_table(conventions: &Conventions, id: Id, name: String) -> Table {
    let mut columns = Vec::new();
    let key = match conventions.primary_key {
        KeyStyle::Uuid => Some(column(
            "id",
            ColumnType::Uuid,
            true,
            Some("gen_random_uuid()"),
        )),
        KeyStyle::BigintIdentity => Some(Column {
            identity: Some(Identity::Always),
            identity_options: Default::default(),
            ..column("id", ColumnType::BigInt, true, None)
        }),
        KeyStyle::None => None,
    };
    let primary_key = key.as_ref().map(|k| PrimaryKey {
        deferrable: false,
        initially_deferred: false,
        id: new_id("primary_key"),
        name: None,
        columns: vec![k.id.clone()],
    });
    columns.extend(key);
    let audit: &[(&str, bool)] = match conventions.audit {
        AuditColumns::None => &[],
        AuditColumns::CreatedAt => &[("created_at", true)],
        AuditColumns::CreatedUpdated => &[("created_at", true), ("updated_at", true)],
        AuditColumns::SoftDelete => &[
            ("created_at", true),
            ("updated_at", true),
            ("deleted_at", false),
        ],
    };
    for (name, stamped) in audit {
        let default = stamped.then_some("now()");
        columns.push(column(name, timestamptz(), *stamped, default));
    }
    Table {
        id,
        schema: "public".into(),
        name,
        primary_key,
        columns,
        uniques: vec![],
        checks: vec![],
        foreign_keys: vec![],
        indexes: vec![],
        comment: None,
    }
}

/// A new foreign key from `columns` to `ref_columns` of `ref_table`, deleting as the
/// conventions say.
pub fn new_foreign_key(
    conventions: &Conventions,
    columns: Vec<Id>,
    ref_table: Id,
    ref_columns: Vec<Id>,
) -> ForeignKey {
    ForeignKey {
        match_full: false,
        not_valid: false,
        id: new_id("foreign_key"),
        name: None,
        columns,
        ref_table,
        ref_columns,
        on_delete: conventions.on_delete,
        on_update: ReferentialAction::NoAction,
        deferrable: false,
        initially_deferred: false,
    }
}

// ---------------------------------------------------------------------------------------------
// Tables on the canvas

/// Adds a table with id `id` as the conventions say (`new_table`, `new_table_2`, ...), placed
/// at `near` (world, top-left) or the nearest free spot, on the `grid`.
pub fn add_table(doc: &mut Document, id: Id, near: Point, grid: f64) {
    let name = unique_name(doc.schema.tables.iter().map(|t| &t.name), "new_table");
    let table = new_table(&doc.layout.conventions, id.clone(), name);
    let origin = Placement {
        x: 0.0,
        y: 0.0,
        color: None,
    };
    let r = card_rect(&doc.schema, &table, &origin);
    let preferred = (snap(near.0, grid), snap(near.1, grid));
    let (x, y) = free_spot(doc, preferred, (r.w, r.h), grid);
    doc.layout.placements.insert(
        id,
        Placement {
            x: snap(x, grid),
            y: snap(y, grid),
            color: None,
        },
    );
    doc.schema.tables.push(table);
}

/// Deletes the tables in `ids`, every relationship pointing at them, their placements and their
/// group memberships.
pub fn delete_tables(doc: &mut Document, ids: &BTreeSet<Id>) {
    doc.schema.tables.retain(|t| !ids.contains(&t.id));
    for t in doc.schema.tables.iter_mut() {
        t.foreign_keys.retain(|f| !ids.contains(&f.ref_table));
    }
    for id in ids {
        doc.layout.placements.remove(id);
    }
    for g in doc.layout.groups.iter_mut() {
        g.tables.retain(|t| !ids.contains(t));
    }
}

/// Copies the tables in `ids` (new ids, `_copy` names, 40 units down and right), keeping
/// relationships among the copies and to tables outside the selection; returns the copies' ids.
pub fn duplicate_tables(doc: &mut Document, ids: &BTreeSet<Id>) -> BTreeSet<Id> {
    let mut copies = BTreeSet::new();
    let mut id_map: HashMap<Id, Id> = HashMap::new();
    let originals: Vec<(usize, Table)> = doc
        .schema
        .tables
        .iter()
        .cloned()
        .enumerate()
        .filter(|(_, t)| ids.contains(&t.id))
        .collect();
    for (_, t) in &originals {
        id_map.insert(t.id.clone(), new_id("table"));
        for c in &t.columns {
            id_map.insert(c.id.clone(), new_id("column"));
        }
    }
    let map = |id: &Id| id_map.get(id).cloned().unwrap_or_else(|| id.clone());
    let names: HashSet<String> = doc.schema.tables.iter().map(|t| t.name.clone()).collect();
    for (index, t) in originals {
        let mut copy = t.clone();
        copy.id = map(&t.id);
        copy.name = copy_name(&names, &t.name);
        for c in copy.columns.iter_mut() {
            c.id = map(&c.id);
        }
        if let Some(pk) = &mut copy.primary_key {
            pk.id = new_id("primary_key");
            pk.name = None;
            pk.columns = pk.columns.iter().map(map).collect();
        }
        for u in copy.uniques.iter_mut() {
            u.id = new_id("unique");
            u.name = None;
            u.columns = u.columns.iter().map(map).collect();
        }
        for ck in copy.checks.iter_mut() {
            ck.id = new_id("check");
            ck.name = format!("{}_{}", copy.name, ck.name);
        }
        for fk in copy.foreign_keys.iter_mut() {
            fk.id = new_id("foreign_key");
            fk.name = None;
            fk.columns = fk.columns.iter().map(map).collect();
            fk.ref_table = map(&fk.ref_table);
            fk.ref_columns = fk.ref_columns.iter().map(map).collect();
        }
        for ix in copy.indexes.iter_mut() {
            ix.id = new_id("index");
            ix.name = None;
            for p in ix.parts.iter_mut() {
                if let IndexKey::Column(c) = &mut p.key {
                    *c = map(c);
                }
            }
            ix.include = ix.include.iter().map(map).collect();
        }
        let mut place = placement_of(doc, index, &t.id);
        place.x += 40.0;
        place.y += 40.0;
        doc.layout.placements.insert(copy.id.clone(), place);
        copies.insert(copy.id.clone());
        doc.schema.tables.push(copy);
    }
    copies
}

/// Lays every table out again by its relationships ([`layered_layout`]).
pub fn auto_layout(doc: &mut Document) {
    for (id, p) in layered_layout(doc) {
        doc.layout.placements.insert(id, p);
    }
}

/// Moves the tables in `ids` by `offset` (world units).
pub fn move_tables(doc: &mut Document, ids: &BTreeSet<Id>, offset: (f64, f64)) {
    let moved: Vec<(Id, Placement)> = doc
        .schema
        .tables
        .iter()
        .enumerate()
        .filter(|(_, t)| ids.contains(&t.id))
        .map(|(i, t)| (t.id.clone(), placement_of(doc, i, &t.id)))
        .collect();
    for (id, mut p) in moved {
        p.x += offset.0;
        p.y += offset.1;
        doc.layout.placements.insert(id, p);
    }
}

/// Gives a table's card a colour (keeping where it is drawn).
pub fn set_table_color(doc: &mut Document, table: &Id, color: String) {
    let Some(index) = doc.schema.tables.iter().position(|t| &t.id == table) else {
        return;
    };
    let mut p = placement_of(doc, index, table);
    p.color = Some(color);
    doc.layout.placements.insert(table.clone(), p);
}

/// Moves a sticky note by `offset` (world units).
pub fn move_note(doc: &mut Document, note: &Id, offset: (f64, f64)) {
    if let Some(n) = doc.layout.notes.iter_mut().find(|n| &n.id == note) {
        n.x += offset.0;
        n.y += offset.1;
    }
}

/// Adds a foreign key from `table.column` to `ref_table.ref_column` deleting as the conventions
/// say, unless it is a column referencing itself or the same relationship exists; returns
/// whether one was added.
pub fn add_relationship(
    doc: &mut Document,
    table: &Id,
    column: &Id,
    ref_table: &Id,
    ref_column: &Id,
) -> bool {
    if table == ref_table && column == ref_column {
        return false;
    }
    let fk = new_foreign_key(
        &doc.layout.conventions,
        vec![column.clone()],
        ref_table.clone(),
        vec![ref_column.clone()],
    );
    let Some(t) = doc.schema.tables.iter_mut().find(|t| &t.id == table) else {
        return false;
    };
    let exists = t.foreign_keys.iter().any(|f| {
        f.columns == fk.columns && f.ref_table == fk.ref_table && f.ref_columns == fk.ref_columns
    });
    if !exists {
        t.foreign_keys.push(fk);
    }
    !exists
}

// ---------------------------------------------------------------------------------------------
// One table: name, schema, comment

/// Renames a table.
pub fn rename_table(t: &mut Table, name: &str) {
    t.name = name.trim().to_string();
}

/// Moves a table to another PostgreSQL schema (`public` when left empty).
pub fn set_table_schema(t: &mut Table, schema: &str) {
    let schema = schema.trim();
    t.schema = if schema.is_empty() {
        "public".into()
    } else {
        schema.into()
    };
}

/// Sets a table's comment (none when blank).
pub fn set_table_comment(t: &mut Table, text: String) {
    t.comment = (!text.trim().is_empty()).then_some(text);
}

// ---------------------------------------------------------------------------------------------
// Columns

fn column_mut<'a>(t: &'a mut Table, col: &Id) -> Option<&'a mut Column> {
    t.columns.iter_mut().find(|c| &c.id == col)
}

/// Adds a text column named `new_column` (or `new_column_2`, ...).
pub fn add_column(t: &mut Table) {
    let name = unique_name(t.columns.iter().map(|c| &c.name), "new_column");
    t.columns.push(new_column(&name, ColumnType::Text));
}

/// Renames a column.
pub fn rename_column(t: &mut Table, col: &Id, name: &str) {
    if let Some(c) = column_mut(t, col) {
        c.name = name.trim().to_string();
    }
}

/// Changes a column's type.
pub fn set_column_type(t: &mut Table, col: &Id, ty: ColumnType) {
    if let Some(c) = column_mut(t, col) {
        c.ty = ty;
    }
}

/// Sets or drops NOT NULL.
pub fn set_not_null(t: &mut Table, col: &Id, on: bool) {
    if let Some(c) = column_mut(t, col) {
        c.not_null = on;
    }
}

/// Sets a column's default from what the user typed ([`parse_default`]; none when blank).
pub fn set_default(t: &mut Table, col: &Id, text: &str) {
    if let Some(c) = column_mut(t, col) {
        c.default = parse_default(text, &c.ty);
    }
}

/// Moves a column one place up (`up`) or down; nothing at either end.
pub fn move_column(t: &mut Table, col: &Id, up: bool) {
    let Some(p) = t.columns.iter().position(|c| &c.id == col) else {
        return;
    };
    if up && p > 0 {
        t.columns.swap(p, p - 1);
    } else if !up && p + 1 < t.columns.len() {
        t.columns.swap(p, p + 1);
    }
}

/// Makes a column an identity column (which has no default and is NOT NULL) or a plain one.
pub fn set_identity(t: &mut Table, col: &Id, identity: Option<Identity>) {
    if let Some(c) = column_mut(t, col) {
        c.identity = identity;
        if c.identity.is_some() {
            c.default = None;
            c.not_null = true;
        }
    }
}

/// Sets a column's stored generation expression (none when blank).
pub fn set_generated(t: &mut Table, col: &Id, expression: &str) {
    if let Some(c) = column_mut(t, col) {
        let e = expression.trim();
        c.generated = (!e.is_empty()).then(|| e.to_string());
    }
}

/// Sets a column's comment (none when blank).
pub fn set_column_comment(t: &mut Table, col: &Id, text: String) {
    if let Some(c) = column_mut(t, col) {
        c.comment = (!text.trim().is_empty()).then_some(text);
    }
}

/// Puts a column in the primary key (making it NOT NULL; creating the key if there is none) or
/// takes it out (dropping the key when it is left empty).
pub fn set_primary_key(t: &mut Table, col: &Id, on: bool) {
    match (&mut t.primary_key, on) {
        (Some(pk), true) => {
            if !pk.columns.contains(col) {
                pk.columns.push(col.clone());
            }
        }
        (None, true) => {
            t.primary_key = Some(PrimaryKey {
                deferrable: false,
                initially_deferred: false,
                id: new_id("primary_key"),
                name: None,
                columns: vec![col.clone()],
            })
        }
        (Some(pk), false) => {
            pk.columns.retain(|c| c != col);
            if pk.columns.is_empty() {
                t.primary_key = None;
            }
        }
        (None, false) => {}
    }
    if on {
        set_not_null(t, col, true);
    }
}

/// Adds or removes the single-column unique constraint on a column.
pub fn set_unique(t: &mut Table, col: &Id, on: bool) {
    let single = |u: &Unique| u.columns.len() == 1 && &u.columns[0] == col;
    if on {
        if !t.uniques.iter().any(single) {
            t.uniques.push(Unique {
                deferrable: false,
                initially_deferred: false,
                id: new_id("unique"),
                name: None,
                columns: vec![col.clone()],
                nulls_not_distinct: false,
            });
        }
    } else {
        t.uniques.retain(|u| !single(u));
    }
}

/// Removes a column and everything that names it (keys, indexes, FKs here and in other tables).
pub fn delete_column(doc: &mut Document, table: &Id, col: &Id) {
    for t in doc.schema.tables.iter_mut() {
        if &t.id == table {
            t.columns.retain(|c| &c.id != col);
            if let Some(pk) = &mut t.primary_key {
                pk.columns.retain(|c| c != col);
                if pk.columns.is_empty() {
                    t.primary_key = None;
                }
            }
            t.uniques.retain(|u| !u.columns.contains(col));
            t.foreign_keys.retain(|f| !f.columns.contains(col));
            t.indexes.retain(|ix| {
                !ix.parts
                    .iter()
                    .any(|p| p.key == IndexKey::Column(col.clone()))
                    && !ix.include.contains(col)
            });
        }
        t.foreign_keys
            .retain(|f| !(&f.ref_table == table && f.ref_columns.contains(col)));
    }
}

/// Reads what the user typed as a default for a column of type `ty`.
pub fn parse_default(text: &str, ty: &ColumnType) -> Option<DefaultValue> {
    let t = text.trim();
    if t.is_empty() {
        return None;
    }
    if t.eq_ignore_ascii_case("null") {
        return Some(DefaultValue::Null);
    }
    let numeric = matches!(
        ty,
        ColumnType::SmallInt
            | ColumnType::Integer
            | ColumnType::BigInt
            | ColumnType::Real
            | ColumnType::DoublePrecision
            | ColumnType::Numeric { .. }
    );
    if matches!(ty, ColumnType::Boolean)
        && (t.eq_ignore_ascii_case("true") || t.eq_ignore_ascii_case("false"))
    {
        return Some(DefaultValue::Boolean(t.eq_ignore_ascii_case("true")));
    }
    if numeric && t.parse::<f64>().is_ok() {
        return Some(DefaultValue::Number(t.to_string()));
    }
    if matches!(ty, ColumnType::Json | ColumnType::Jsonb)
        && (t.starts_with('{') || t.starts_with('['))
    {
        if let Ok(v) = serde_json::from_str(t) {
            return Some(DefaultValue::Json(v));
        }
    }
    if t.len() >= 2
        && t.starts_with('\'')
        && t.ends_with('\'')
        && !t[1..t.len() - 1].replace("''", "").contains('\'')
    {
        return Some(DefaultValue::String(t[1..t.len() - 1].replace("''", "'")));
    }
    let texty = matches!(
        ty,
        ColumnType::Enum { .. }
            | ColumnType::Text
            | ColumnType::Varchar { .. }
            | ColumnType::Char { .. }
    );
    if texty
        && t.chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '-' || c == ' ')
    {
        return Some(DefaultValue::String(t.to_string()));
    }
    Some(DefaultValue::Expression(t.to_string()))
}

/// How a default is shown in its input (and parsed back to the same value).
pub fn display_default(value: &DefaultValue) -> String {
    match value {
        DefaultValue::Null => "NULL".into(),
        DefaultValue::Boolean(b) => b.to_string(),
        DefaultValue::Number(n) => n.clone(),
        DefaultValue::String(s) => format!("'{}'", s.replace('\'', "''")),
        DefaultValue::Json(v) => v.to_string(),
        DefaultValue::Expression(e) => e.clone(),
    }
}

// ---------------------------------------------------------------------------------------------
// Relationships, indexes, checks

fn foreign_key_mut<'a>(t: &'a mut Table, fk: &Id) -> Option<&'a mut ForeignKey> {
    t.foreign_keys.iter_mut().find(|f| &f.id == fk)
}

/// Sets what a foreign key does on delete.
pub fn set_on_delete(t: &mut Table, fk: &Id, action: ReferentialAction) {
    if let Some(f) = foreign_key_mut(t, fk) {
        f.on_delete = action;
    }
}

/// Sets what a foreign key does on update.
pub fn set_on_update(t: &mut Table, fk: &Id, action: ReferentialAction) {
    if let Some(f) = foreign_key_mut(t, fk) {
        f.on_update = action;
    }
}

/// Deletes a foreign key.
pub fn delete_foreign_key(t: &mut Table, fk: &Id) {
    t.foreign_keys.retain(|f| &f.id != fk);
}

/// Reads an index's key list as typed: comma-separated column names (of `t`) or expressions,
/// each optionally followed by `asc` or `desc`.
pub fn parse_index_parts(t: &Table, text: &str) -> Vec<IndexPart> {
    text.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|item| {
            let lower = item.to_ascii_lowercase();
            let (body, descending) = if lower.ends_with(" desc") {
                (&item[..item.len() - 5], true)
            } else if lower.ends_with(" asc") {
                (&item[..item.len() - 4], false)
            } else {
                (item, false)
            };
            let body = body.trim();
            let key = t
                .column_named(body)
                .map(|c| IndexKey::Column(c.id.clone()))
                .unwrap_or_else(|| IndexKey::Expression(body.to_string()));
            IndexPart {
                collation: None,
                key,
                descending,
                nulls: None,
                opclass: None,
            }
        })
        .collect()
}

/// Adds an index on the keys typed in `keys` ([`parse_index_parts`]), partial when `predicate`
/// is not blank; nothing when no key is given. Returns whether one was added.
pub fn add_index(
    t: &mut Table,
    keys: &str,
    unique: bool,
    method: IndexMethod,
    predicate: &str,
) -> bool {
    let parts = parse_index_parts(t, keys);
    if parts.is_empty() {
        return false;
    }
    let predicate = Some(predicate.trim().to_string()).filter(|p| !p.is_empty());
    t.indexes.push(Index {
        comment: None,
        storage: Default::default(),
        id: new_id("index"),
        name: None,
        unique,
        method,
        parts,
        include: vec![],
        predicate,
        nulls_not_distinct: false,
    });
    true
}

/// Deletes an index.
pub fn delete_index(t: &mut Table, index: &Id) {
    t.indexes.retain(|i| &i.id != index);
}

/// Adds a check named `<table>_check` (or `<table>_check_2`, ...); nothing for a blank
/// expression.
pub fn add_check(t: &mut Table, expression: &str) {
    let expression = expression.trim();
    if expression.is_empty() {
        return;
    }
    let name = unique_name(
        t.checks.iter().map(|c| &c.name),
        &format!("{}_check", t.name),
    );
    t.checks.push(Check {
        no_inherit: false,
        not_valid: false,
        id: new_id("check"),
        name,
        expression: expression.to_string(),
    });
}

/// Deletes a check.
pub fn delete_check(t: &mut Table, check: &Id) {
    t.checks.retain(|c| &c.id != check);
}
