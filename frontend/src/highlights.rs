//! What differs between two states of the design, keyed by the ids the canvas draws: which
//! tables and columns were added, removed or changed (from the shared diff engine), and what
//! cannot be drawn (removed tables and columns, enums, views) in words for the legend.

use std::collections::HashMap;

use joinery_shared::diff::{diff, Change, TableChange};
use joinery_shared::model::{Id, Schema};
use serde::{Deserialize, Serialize};

/// How an object differs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Mark {
    /// Only on the newer side.
    Added,
    /// Only on the older side.
    Removed,
    /// On both sides, different.
    Changed,
}

impl Mark {
    /// The CSS class used on cards and rows.
    pub fn class(self) -> &'static str {
        match self {
            Mark::Added => "diff-added",
            Mark::Removed => "diff-removed",
            Mark::Changed => "diff-changed",
        }
    }
}

/// The differences between two schemas, keyed by the ids the canvas draws (computed by the
/// engine worker, hence serializable).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Highlights {
    /// What is compared ("version 1 → draft").
    pub label: String,
    /// Tables by id.
    pub tables: HashMap<Id, Mark>,
    /// Columns by id.
    pub columns: HashMap<Id, Mark>,
    /// Changes the canvas cannot show (removed objects, enums, views), in words.
    pub notes: Vec<(Mark, String)>,
}

/// Compares `from` with `to`.
pub fn highlights(label: &str, from: &Schema, to: &Schema) -> Highlights {
    let mut h = Highlights {
        label: label.to_string(),
        ..Default::default()
    };
    for change in diff(from, to) {
        match change {
            Change::AddTable { to } => {
                h.tables.insert(to.id.clone(), Mark::Added);
                for c in &to.columns {
                    h.columns.insert(c.id.clone(), Mark::Added);
                }
            }
            Change::DropTable { from } => {
                h.notes
                    .push((Mark::Removed, format!("table {} removed", from.name)));
            }
            Change::ModifyTable { from, to, changes } => {
                h.tables.insert(to.id.clone(), Mark::Changed);
                for tc in changes {
                    match tc {
                        TableChange::AddColumn { column } => {
                            h.columns.insert(column.id.clone(), Mark::Added);
                        }
                        TableChange::DropColumn { column } => h.notes.push((
                            Mark::Removed,
                            format!("column {}.{} removed", from.name, column.name),
                        )),
                        TableChange::RenameColumn { to: name, .. } => {
                            if let Some(c) = to.columns.iter().find(|c| c.name == name) {
                                h.columns.insert(c.id.clone(), Mark::Changed);
                            }
                        }
                        TableChange::AlterColumn { to: column, .. } => {
                            h.columns.insert(column.id.clone(), Mark::Changed);
                        }
                        TableChange::Rename => h.notes.push((
                            Mark::Changed,
                            format!("table {} renamed to {}", from.name, to.name),
                        )),
                        _ => {}
                    }
                }
            }
            Change::AddEnum { to } => h
                .notes
                .push((Mark::Added, format!("enum {} added", to.name))),
            Change::DropEnum { from } => h
                .notes
                .push((Mark::Removed, format!("enum {} removed", from.name))),
            Change::ModifyEnum { to, .. } => h
                .notes
                .push((Mark::Changed, format!("enum {} changed", to.name))),
            Change::AddView { to } => h
                .notes
                .push((Mark::Added, format!("view {} added", to.name))),
            Change::DropView { from } => h
                .notes
                .push((Mark::Removed, format!("view {} removed", from.name))),
            Change::ModifyView { to, .. } => h
                .notes
                .push((Mark::Changed, format!("view {} changed", to.name))),
            Change::AddSequence { to } => h
                .notes
                .push((Mark::Added, format!("sequence {} added", to.name))),
            Change::AddFunction { to } => h.notes.push((
                Mark::Added,
                format!("{} {} added", to.kind.sql().to_lowercase(), to.name),
            )),
            Change::DropFunction { from } => h.notes.push((
                Mark::Removed,
                format!("{} {} removed", from.kind.sql().to_lowercase(), from.name),
            )),
            Change::AddDomain { to } => h
                .notes
                .push((Mark::Added, format!("domain {} added", to.name))),
            Change::DropDomain { from } => h
                .notes
                .push((Mark::Removed, format!("domain {} removed", from.name))),
            Change::ModifyDomain { to, .. } => h
                .notes
                .push((Mark::Changed, format!("domain {} changed", to.name))),
            Change::AddComposite { to } => h
                .notes
                .push((Mark::Added, format!("type {} added", to.name))),
            Change::DropComposite { from } => h
                .notes
                .push((Mark::Removed, format!("type {} removed", from.name))),
            Change::ModifyComposite { to, .. } => h
                .notes
                .push((Mark::Changed, format!("type {} changed", to.name))),
            Change::ModifyFunction { to, .. } => h.notes.push((
                Mark::Changed,
                format!("{} {} changed", to.kind.sql().to_lowercase(), to.name),
            )),
            Change::DropSequence { from } => h
                .notes
                .push((Mark::Removed, format!("sequence {} removed", from.name))),
            Change::ModifySequence { to, .. } => h
                .notes
                .push((Mark::Changed, format!("sequence {} changed", to.name))),
            Change::AddSchema { name } => {
                h.notes.push((Mark::Added, format!("schema {name} added")))
            }
            Change::DropSchema { name } => h
                .notes
                .push((Mark::Removed, format!("schema {name} removed"))),
            Change::DefaultPrivileges { .. } => h
                .notes
                .push((Mark::Changed, "default privileges changed".to_string())),
            Change::SchemaGrants { name, .. } => h.notes.push((
                Mark::Changed,
                format!("privileges on schema {name} changed"),
            )),
        }
    }
    h
}
