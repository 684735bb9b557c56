//! Every change the designer makes to a document, as plain functions of the model: the views and
//! gestures only gather what the user asked for and run one of these inside `Designer::edit`
//! (which records it as one undoable step, see [`crate::history`]).
//!
//! New objects follow the project's conventions ([`Conventions`]): what a new table starts with,
//! what a new foreign key does on delete. Tested natively in `frontend/tests/edits.rs`.
//!
//! Here: names and new objects. The diagram (tables, relationships, notes and groups on the
//! canvas, imports) is in `diagram`, one table's form in `table`, enum types and views in
//! `enums_views`, standalone sequences in `sequences`.

mod diagram;
mod enums_views;
mod routines;
mod sequences;
mod table;

use std::collections::HashSet;

use joinery_shared::model::{
    AuditColumns, Column, ColumnType, Conventions, DefaultValue, ForeignKey, Id, Identity,
    KeyStyle, PrimaryKey, ReferentialAction, Table,
};

pub use diagram::*;
pub use enums_views::*;
pub use routines::*;
pub use sequences::*;
pub use table::*;

use crate::ids::new_id;

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
pub(crate) fn copy_name(taken: &HashSet<String>, name: &str) -> String {
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
        collation: None,
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
        grants: Default::default(),
        partition_by: Default::default(),
        partitions: Default::default(),
        triggers: Default::default(),
        policies: Default::default(),
        row_security: Default::default(),
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
