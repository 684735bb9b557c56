//! Document edits that follow the project's conventions ([`Conventions`]): what a new table starts
//! with, what a new foreign key does on delete, and putting the cursor in a new object's name.
//!
//! Functions of the model (plus one DOM helper); tested in `frontend/tests/edits.rs`.

use joinery_shared::model::{
    AuditColumns, Column, ColumnType, Conventions, DefaultValue, ForeignKey, Id, Identity,
    KeyStyle, PrimaryKey, ReferentialAction, Table,
};

use crate::ids::new_id;

fn column(name: &str, ty: ColumnType, not_null: bool, default: Option<&str>) -> Column {
    Column {
        collation: None,
        id: new_id("column"),
        name: name.into(),
        ty,
        not_null,
        default: default.map(|d| DefaultValue::Expression(d.into())),
        identity: None,
        identity_options: Default::default(),
        generated: None,
        comment: None,
    }
}

fn timestamptz() -> ColumnType {
    ColumnType::Timestamp {
        precision: None,
        with_time_zone: true,
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

/// After the next render, puts the cursor in the field matching `selector` with its text
/// selected, so a new object is named by just typing.
pub fn focus_and_select(selector: &'static str) {
    #[cfg(target_arch = "wasm32")]
    leptos::prelude::request_animation_frame(move || {
        use wasm_bindgen::JsCast;
        let input = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.query_selector(selector).ok().flatten())
            .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok());
        if let Some(input) = input {
            let _ = input.focus();
            input.select();
        }
    });
    #[cfg(not(target_arch = "wasm32"))]
    let _ = selector;
}
