//! Edits of enum types and views.

use joinery_shared::model::{Document, Enum, EnumValue, Id, View};

use super::unique_name;
use crate::ids::new_id;

/// Adds an enum type named `new_enum` (or `new_enum_2`, ...) with one placeholder value (an
/// enum needs one to be useful); returns its id.
pub fn add_enum(doc: &mut Document) -> Id {
    let id = new_id("enum");
    let name = unique_name(doc.schema.enums.iter().map(|e| &e.name), "new_enum");
    doc.schema.enums.push(Enum {
        id: id.clone(),
        schema: "public".into(),
        name,
        values: vec![EnumValue {
            id: new_id("enum_value"),
            name: "value_1".into(),
        }],
        comment: None,
    });
    id
}

fn enum_mut<'a>(doc: &'a mut Document, id: &Id) -> Option<&'a mut Enum> {
    doc.schema.enums.iter_mut().find(|e| &e.id == id)
}

/// Renames an enum type.
pub fn rename_enum(doc: &mut Document, id: &Id, name: &str) {
    if let Some(e) = enum_mut(doc, id) {
        e.name = name.trim().to_string();
    }
}

/// Deletes an enum type.
pub fn delete_enum(doc: &mut Document, id: &Id) {
    doc.schema.enums.retain(|e| &e.id != id);
}

/// Adds a value at the end of an enum type; nothing for a blank name.
pub fn add_enum_value(doc: &mut Document, id: &Id, name: &str) {
    let name = name.trim();
    if name.is_empty() {
        return;
    }
    if let Some(e) = enum_mut(doc, id) {
        e.values.push(EnumValue {
            id: new_id("enum_value"),
            name: name.to_string(),
        });
    }
}

/// Renames one value of an enum type.
pub fn rename_enum_value(doc: &mut Document, id: &Id, value: &Id, name: &str) {
    if let Some(v) = enum_mut(doc, id).and_then(|e| e.values.iter_mut().find(|v| &v.id == value)) {
        v.name = name.trim().to_string();
    }
}

/// Moves the value at `index` one place up (`up`) or down; nothing at either end.
pub fn move_enum_value(doc: &mut Document, id: &Id, index: usize, up: bool) {
    if let Some(e) = enum_mut(doc, id) {
        if up && index > 0 && index < e.values.len() {
            e.values.swap(index, index - 1);
        } else if !up && index + 1 < e.values.len() {
            e.values.swap(index, index + 1);
        }
    }
}

/// Removes one value of an enum type.
pub fn remove_enum_value(doc: &mut Document, id: &Id, value: &Id) {
    if let Some(e) = enum_mut(doc, id) {
        e.values.retain(|v| &v.id != value);
    }
}

/// Adds a view `view_<n>` selecting one constant; returns its id.
pub fn add_view(doc: &mut Document) -> Id {
    let id = new_id("view");
    let n = doc.schema.views.len() + 1;
    doc.schema.views.push(View {
        check_option: None,
        indexes: Vec::new(),
        id: id.clone(),
        schema: "public".into(),
        name: format!("view_{n}"),
        columns: vec![],
        query: "SELECT 1 AS one".into(),
        materialized: false,
        comment: None,
    });
    id
}

fn view_mut<'a>(doc: &'a mut Document, id: &Id) -> Option<&'a mut View> {
    doc.schema.views.iter_mut().find(|v| &v.id == id)
}

/// Renames a view.
pub fn rename_view(doc: &mut Document, id: &Id, name: &str) {
    if let Some(v) = view_mut(doc, id) {
        v.name = name.trim().to_string();
    }
}

/// Makes a view materialized or plain.
pub fn set_materialized(doc: &mut Document, id: &Id, on: bool) {
    if let Some(v) = view_mut(doc, id) {
        v.materialized = on;
    }
}

/// Replaces a view's query.
pub fn set_view_query(doc: &mut Document, id: &Id, query: String) {
    if let Some(v) = view_mut(doc, id) {
        v.query = query;
    }
}

/// Deletes a view.
pub fn delete_view(doc: &mut Document, id: &Id) {
    doc.schema.views.retain(|v| &v.id != id);
}
