//! Edits of one table, as its form in the side panel makes them: name, schema, comment, columns,
//! keys, relationships' actions, indexes and checks.

use joinery_shared::model::{
    Check, Column, ColumnType, DefaultValue, Document, ForeignKey, Id, Identity, Index, IndexKey,
    IndexMethod, IndexPart, Policy, PolicyCommand, PrimaryKey, ReferentialAction, RowSecurity,
    Table, Unique,
};

use super::{new_column, unique_name};
use crate::ids::new_id;

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

/// Removes a column and everything that names it (keys, indexes, FKs here and in other tables,
/// sequence ownerships).
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
    super::clear_dangling_sequence_owners(doc);
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

/// Switches row-level security: enabled, forced.
pub fn set_row_security(t: &mut Table, enabled: bool, forced: bool) {
    t.row_security = RowSecurity { enabled, forced };
}

/// Adds a policy named `<table>_policy` (or `_2`, ...) for `command`, with `using` and
/// `with_check` where the command allows them (blank ones left out); nothing when neither
/// expression is given.
pub fn add_policy(t: &mut Table, command: PolicyCommand, using: &str, with_check: &str) {
    let (using, with_check) = (using.trim(), with_check.trim());
    let using = (!using.is_empty() && command.allows_using()).then(|| using.to_string());
    let with_check =
        (!with_check.is_empty() && command.allows_with_check()).then(|| with_check.to_string());
    if using.is_none() && with_check.is_none() {
        return;
    }
    let name = unique_name(
        t.policies.iter().map(|p| &p.name),
        &format!("{}_policy", t.name),
    );
    t.policies.push(Policy {
        id: new_id("policy"),
        name,
        restrictive: false,
        command,
        roles: Vec::new(),
        using,
        with_check,
    });
}

/// Deletes a policy.
pub fn delete_policy(t: &mut Table, policy: &Id) {
    t.policies.retain(|p| &p.id != policy);
}
