//! What each column row of a card says: key marker, name, type and flags.
//!
//! Shared by the canvas cards and the SVG export so both show the same text.

use crate::model::{Id, IndexKey, Schema, Table};

use super::geometry::type_label;

/// Flags of one column as shown on its row.
#[derive(Clone, Debug, PartialEq)]
pub struct RowInfo {
    /// Column id (for the canvas's `data-column`).
    pub id: Id,
    /// Name.
    pub name: String,
    /// Type text.
    pub ty: String,
    /// Key marker: "PK", "FK", "PF" (both) or "".
    pub key: &'static str,
    /// NOT NULL / UNIQUE / indexed flags, e.g. "NN UQ".
    pub flags: String,
}

/// The rows of a table's card.
pub fn row_infos(schema: &Schema, table: &Table) -> Vec<RowInfo> {
    table
        .columns
        .iter()
        .map(|c| {
            let pk = table
                .primary_key
                .as_ref()
                .is_some_and(|pk| pk.columns.contains(&c.id));
            let fk = table.foreign_keys.iter().any(|f| f.columns.contains(&c.id));
            let unique = table
                .uniques
                .iter()
                .any(|u| u.columns.len() == 1 && u.columns[0] == c.id)
                || table.indexes.iter().any(|ix| {
                    ix.unique
                        && ix.parts.len() == 1
                        && matches!(&ix.parts[0].key, IndexKey::Column(k) if *k == c.id)
                });
            let indexed = table.indexes.iter().any(|ix| {
                ix.parts
                    .iter()
                    .any(|p| matches!(&p.key, IndexKey::Column(k) if *k == c.id))
            });
            let mut flags = Vec::new();
            if c.not_null && !pk {
                flags.push("NN");
            }
            if unique && !pk {
                flags.push("UQ");
            }
            if indexed && !unique {
                flags.push("IX");
            }
            RowInfo {
                id: c.id.clone(),
                name: c.name.clone(),
                ty: type_label(schema, &c.ty),
                key: match (pk, fk) {
                    (true, true) => "PF",
                    (true, false) => "PK",
                    (false, true) => "FK",
                    _ => "",
                },
                flags: flags.join(" "),
            }
        })
        .collect()
}
