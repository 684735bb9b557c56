//! Standalone sequences: matched by id, then by qualified name.

use serde::{Deserialize, Serialize};

use super::{match_objects, Change};
use crate::ddl::owner_sql;
use crate::model::Schema;

/// What about a sequence changed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SequenceChanges {
    /// The name.
    pub renamed: bool,
    /// The schema.
    pub moved: bool,
    /// The type or any option (`START`, `INCREMENT`, bounds, `CACHE`, `CYCLE`).
    pub options: bool,
    /// The `OWNED BY` column.
    pub owned_by: bool,
    /// The comment.
    pub comment: bool,
    /// Privileges granted or revoked.
    #[serde(default)]
    pub grants: bool,
}

impl SequenceChanges {
    /// True when nothing changed.
    pub fn is_empty(&self) -> bool {
        *self == SequenceChanges::default()
    }
}

/// The sequence changes turning `from` into `to`: added, modified, dropped.
pub(super) fn diff_sequences(from: &Schema, to: &Schema, changes: &mut Vec<Change>) {
    let (pairs, dropped, added) = match_objects(
        &from.sequences,
        &to.sequences,
        |q| &q.id,
        |q| format!("{}.{}", q.schema, q.name),
    );
    for j in added {
        changes.push(Change::AddSequence {
            to: to.sequences[j].clone(),
        });
    }
    for (i, j) in pairs {
        let (a, b) = (&from.sequences[i], &to.sequences[j]);
        let c = SequenceChanges {
            renamed: a.name != b.name,
            moved: a.schema != b.schema,
            options: a.data_type != b.data_type || a.canonical_options() != b.canonical_options(),
            owned_by: owner_sql(from, a.owned_by.as_ref()) != owner_sql(to, b.owned_by.as_ref()),
            comment: a.comment != b.comment,
            grants: a.grants != b.grants,
        };
        if !c.is_empty() {
            changes.push(Change::ModifySequence {
                from: a.clone(),
                to: b.clone(),
                changes: c,
            });
        }
    }
    for i in dropped {
        changes.push(Change::DropSequence {
            from: from.sequences[i].clone(),
        });
    }
}
