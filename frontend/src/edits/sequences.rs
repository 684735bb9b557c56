//! Edits of standalone sequences.

use joinery_shared::model::{Document, Id, Sequence, SequenceOwner, SequenceType};

use super::unique_name;
use crate::ids::new_id;

/// One numeric option of a sequence, as the form edits it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SequenceOption {
    /// `START WITH`.
    Start,
    /// `INCREMENT BY`.
    Increment,
    /// `MINVALUE`.
    MinValue,
    /// `MAXVALUE`.
    MaxValue,
    /// `CACHE`.
    Cache,
}

/// Adds a `bigint` sequence named `new_sequence` (or `new_sequence_2`, ...) with default
/// options; returns its id.
pub fn add_sequence(doc: &mut Document) -> Id {
    let id = new_id("sequence");
    let name = unique_name(doc.schema.sequences.iter().map(|q| &q.name), "new_sequence");
    doc.schema.sequences.push(Sequence {
        id: id.clone(),
        ..Sequence::new("public", &name)
    });
    id
}

fn sequence_mut<'a>(doc: &'a mut Document, id: &Id) -> Option<&'a mut Sequence> {
    doc.schema.sequences.iter_mut().find(|q| &q.id == id)
}

/// Renames a sequence.
pub fn rename_sequence(doc: &mut Document, id: &Id, name: &str) {
    if let Some(q) = sequence_mut(doc, id) {
        q.name = name.trim().to_string();
    }
}

/// Deletes a sequence.
pub fn delete_sequence(doc: &mut Document, id: &Id) {
    doc.schema.sequences.retain(|q| &q.id != id);
}

/// Sets the sequence's type.
pub fn set_sequence_type(doc: &mut Document, id: &Id, ty: SequenceType) {
    if let Some(q) = sequence_mut(doc, id) {
        q.data_type = ty;
    }
}

/// Sets one option from the text of its field: blank means PostgreSQL's default, anything that
/// is no integer changes nothing.
pub fn set_sequence_option(doc: &mut Document, id: &Id, option: SequenceOption, text: &str) {
    let text = text.trim();
    let value = if text.is_empty() {
        None
    } else {
        match text.parse::<i64>() {
            Ok(v) => Some(v),
            Err(_) => return,
        }
    };
    if let Some(q) = sequence_mut(doc, id) {
        let o = &mut q.options;
        *match option {
            SequenceOption::Start => &mut o.start,
            SequenceOption::Increment => &mut o.increment,
            SequenceOption::MinValue => &mut o.min_value,
            SequenceOption::MaxValue => &mut o.max_value,
            SequenceOption::Cache => &mut o.cache,
        } = value;
    }
}

/// Sets `CYCLE`.
pub fn set_sequence_cycle(doc: &mut Document, id: &Id, cycle: bool) {
    if let Some(q) = sequence_mut(doc, id) {
        q.options.cycle = cycle;
    }
}

/// Sets (or, with `None`, clears) the column the sequence is `OWNED BY`; an owner that is not
/// a column of the schema is ignored.
pub fn set_sequence_owner(doc: &mut Document, id: &Id, owner: Option<(Id, Id)>) {
    let owner = match owner {
        Some((t, c)) => {
            let exists = doc.schema.table(&t).is_some_and(|x| x.column(&c).is_some());
            if !exists {
                return;
            }
            Some(SequenceOwner {
                table: t,
                column: c,
            })
        }
        None => None,
    };
    if let Some(q) = sequence_mut(doc, id) {
        q.owned_by = owner;
    }
}

/// Drops the `OWNED BY` links to columns that no longer exist (after a table or column is
/// deleted), so no sequence points at nothing.
pub fn clear_dangling_sequence_owners(doc: &mut Document) {
    let schema = &doc.schema;
    let dangling: Vec<Id> = schema
        .sequences
        .iter()
        .filter(|q| {
            q.owned_by.as_ref().is_some_and(|o| {
                schema
                    .table(&o.table)
                    .and_then(|t| t.column(&o.column))
                    .is_none()
            })
        })
        .map(|q| q.id.clone())
        .collect();
    for q in &mut doc.schema.sequences {
        if dangling.contains(&q.id) {
            q.owned_by = None;
        }
    }
}
