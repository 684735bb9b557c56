//! Undo/redo as invertible deltas, in the manner of excalidraw's history.
//!
//! An edit runs on a copy of the document; [`Delta::between`] then records only the objects that
//! changed (before and after), so a delta is small, exactly invertible and independent of how the
//! edit was made. Selection and viewport live outside the document and are never recorded; a drag
//! is committed as one edit when the pointer is released.

use joinery_shared::model::{
    Conventions, Document, Group, Id, Note, Object, ObjectKind, ObjectRef, Placement, Table,
};
use serde::{Deserialize, Serialize};

/// One object's state before and after an edit (`None` = absent), with its position in its list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Change {
    /// A top-level schema object of any kind (a table's columns, constraints and indexes
    /// travel with it).
    Object(Slot<Object>),
    /// A sticky note.
    Note(Slot<Note>),
    /// A group.
    Group(Slot<Group>),
    /// The order of a list changed beyond adds and removes (e.g. tables reordered).
    Order {
        /// Which list.
        list: ListKind,
        /// Ids in order before.
        before: Vec<Id>,
        /// Ids in order after.
        after: Vec<Id>,
    },
    /// The project's conventions for new objects.
    Conventions {
        /// Before.
        before: Conventions,
        /// After.
        after: Conventions,
    },
    /// The schema-wide lists that are not objects with ids (extensions, default privileges),
    /// whole: an import that only adds `CREATE EXTENSION` is still an edit, and undoable.
    Extras {
        /// Before.
        before: SchemaExtras,
        /// After.
        after: SchemaExtras,
    },
    /// A card's placement, by object id.
    Placement {
        /// The placed object.
        id: Id,
        /// Before.
        before: Option<Placement>,
        /// After.
        after: Option<Placement>,
    },
}

/// What [`Change::Extras`] carries.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SchemaExtras {
    /// `schema.extensions`.
    #[serde(default)]
    pub extensions: Vec<joinery_shared::model::Extension>,
    /// `schema.default_privileges`.
    #[serde(default)]
    pub default_privileges: Vec<joinery_shared::model::DefaultPrivilege>,
}

impl SchemaExtras {
    fn of(doc: &Document) -> SchemaExtras {
        SchemaExtras {
            extensions: doc.schema.extensions.clone(),
            default_privileges: doc.schema.default_privileges.clone(),
        }
    }
}

/// The ordered lists of a document that deltas track.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ListKind {
    /// One of the schema's lists of top-level objects.
    Schema(ObjectKind),
    /// `layout.notes`.
    Notes,
    /// `layout.groups`.
    Groups,
}

/// Before/after of one list element, and where it sits (so undoing a delete restores the order).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Slot<T> {
    /// Index in the list before the edit (for removal/restore).
    pub index_before: usize,
    /// Index in the list after the edit.
    pub index_after: usize,
    /// The object before, if it existed.
    pub before: Option<T>,
    /// The object after, if it exists.
    pub after: Option<T>,
}

impl<T: Clone> Slot<T> {
    fn inverted(&self) -> Self {
        Slot {
            index_before: self.index_after,
            index_after: self.index_before,
            before: self.after.clone(),
            after: self.before.clone(),
        }
    }
}

/// An invertible edit: what changed, with a label for the undo menu.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Delta {
    /// What the user did ("Add column", "Move 3 tables").
    pub label: String,
    /// The changed objects.
    pub changes: Vec<Change>,
}

/// Elements of an ordered list of the document, by id, and what an undo step keeps of one.
trait Keyed: PartialEq {
    type Owned;
    fn key(&self) -> &Id;
    fn owned(&self) -> Self::Owned;
}

impl Keyed for Note {
    type Owned = Note;
    fn key(&self) -> &Id {
        &self.id
    }
    fn owned(&self) -> Note {
        self.clone()
    }
}

impl Keyed for Group {
    type Owned = Group;
    fn key(&self) -> &Id {
        &self.id
    }
    fn owned(&self) -> Group {
        self.clone()
    }
}

/// Schema objects are compared through references (cheap to list) and copied only when changed.
impl Keyed for ObjectRef<'_> {
    type Owned = Object;
    fn key(&self) -> &Id {
        self.id()
    }
    fn owned(&self) -> Object {
        self.to_object()
    }
}

fn diff_list<T: Keyed>(
    kind: ListKind,
    before: &[T],
    after: &[T],
    wrap: fn(Slot<T::Owned>) -> Change,
    out: &mut Vec<Change>,
) {
    use std::collections::HashMap;
    let before_index: HashMap<&Id, usize> = before
        .iter()
        .enumerate()
        .map(|(i, o)| (o.key(), i))
        .collect();
    let after_index: HashMap<&Id, usize> = after
        .iter()
        .enumerate()
        .map(|(i, o)| (o.key(), i))
        .collect();
    // Removals from the back, so each recorded index is valid when re-inserted in reverse.
    for (i, old) in before.iter().enumerate().rev() {
        if !after_index.contains_key(old.key()) {
            out.push(wrap(Slot {
                index_before: i,
                index_after: i,
                before: Some(old.owned()),
                after: None,
            }));
        }
    }
    for (i, new) in after.iter().enumerate() {
        if let Some(&j) = before_index.get(new.key()) {
            if before[j] != *new {
                out.push(wrap(Slot {
                    index_before: j,
                    index_after: i,
                    before: Some(before[j].owned()),
                    after: Some(new.owned()),
                }));
            }
        }
    }
    // Additions from the front, at their final indexes.
    for (i, new) in after.iter().enumerate() {
        if !before_index.contains_key(new.key()) {
            out.push(wrap(Slot {
                index_before: i,
                index_after: i,
                before: None,
                after: Some(new.owned()),
            }));
        }
    }
    // Survivors reordered: record both full orders (rare; adds and removes alone never need it).
    let survivors_before: Vec<&Id> = before
        .iter()
        .map(Keyed::key)
        .filter(|k| after_index.contains_key(k))
        .collect();
    let survivors_after: Vec<&Id> = after
        .iter()
        .map(Keyed::key)
        .filter(|k| before_index.contains_key(k))
        .collect();
    if survivors_before != survivors_after {
        out.push(Change::Order {
            list: kind,
            before: before.iter().map(|o| o.key().clone()).collect(),
            after: after.iter().map(|o| o.key().clone()).collect(),
        });
    }
}

fn apply_slot<T: Keyed<Owned = T> + Clone>(list: &mut Vec<T>, slot: &Slot<T>) {
    let id = slot
        .before
        .as_ref()
        .or(slot.after.as_ref())
        .map(|o| o.key().clone());
    let Some(id) = id else { return };
    let existing = list.iter().position(|o| *o.key() == id);
    match (&slot.after, existing) {
        (Some(new), Some(at)) => list[at] = new.clone(),
        (Some(new), None) => list.insert(slot.index_after.min(list.len()), new.clone()),
        (None, Some(at)) => {
            list.remove(at);
        }
        (None, None) => {}
    }
}

fn apply_order<T: Keyed<Owned = T>>(list: &mut Vec<T>, order: &[Id]) {
    let position: std::collections::HashMap<&Id, usize> =
        order.iter().enumerate().map(|(i, id)| (id, i)).collect();
    joinery_shared::model::sort_by_rank(list, |o| {
        position.get(o.key()).copied().unwrap_or(usize::MAX)
    });
}

impl Delta {
    /// The changes that turn `before` into `after`, object by object.
    pub fn between(label: impl Into<String>, before: &Document, after: &Document) -> Delta {
        let mut changes = Vec::new();
        for kind in ObjectKind::ALL {
            diff_list(
                ListKind::Schema(kind),
                &before.schema.list(kind),
                &after.schema.list(kind),
                Change::Object,
                &mut changes,
            );
        }
        diff_list(
            ListKind::Notes,
            &before.layout.notes,
            &after.layout.notes,
            Change::Note,
            &mut changes,
        );
        diff_list(
            ListKind::Groups,
            &before.layout.groups,
            &after.layout.groups,
            Change::Group,
            &mut changes,
        );
        let placements = &before.layout.placements;
        let new_placements = &after.layout.placements;
        for (id, old) in placements {
            match new_placements.get(id) {
                Some(new) if new == old => {}
                new => changes.push(Change::Placement {
                    id: id.clone(),
                    before: Some(old.clone()),
                    after: new.cloned(),
                }),
            }
        }
        for (id, new) in new_placements {
            if !placements.contains_key(id) {
                changes.push(Change::Placement {
                    id: id.clone(),
                    before: None,
                    after: Some(new.clone()),
                });
            }
        }
        if before.schema.extensions != after.schema.extensions
            || before.schema.default_privileges != after.schema.default_privileges
        {
            changes.push(Change::Extras {
                before: SchemaExtras::of(before),
                after: SchemaExtras::of(after),
            });
        }
        if before.layout.conventions != after.layout.conventions {
            changes.push(Change::Conventions {
                before: before.layout.conventions.clone(),
                after: after.layout.conventions.clone(),
            });
        }
        Delta {
            label: label.into(),
            changes,
        }
    }

    /// True when the edit changed nothing (and so is not recorded).
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    /// The delta that undoes this one.
    pub fn inverted(&self) -> Delta {
        let changes = self
            .changes
            .iter()
            .rev()
            .map(|c| match c {
                Change::Object(s) => Change::Object(s.inverted()),
                Change::Note(s) => Change::Note(s.inverted()),
                Change::Group(s) => Change::Group(s.inverted()),
                Change::Order {
                    list,
                    before,
                    after,
                } => Change::Order {
                    list: *list,
                    before: after.clone(),
                    after: before.clone(),
                },
                Change::Placement { id, before, after } => Change::Placement {
                    id: id.clone(),
                    before: after.clone(),
                    after: before.clone(),
                },
                Change::Conventions { before, after } => Change::Conventions {
                    before: after.clone(),
                    after: before.clone(),
                },
                Change::Extras { before, after } => Change::Extras {
                    before: after.clone(),
                    after: before.clone(),
                },
            })
            .collect();
        Delta {
            label: self.label.clone(),
            changes,
        }
    }

    /// Applies the delta to a document in place.
    pub fn apply(&self, doc: &mut Document) {
        for change in &self.changes {
            match change {
                Change::Object(s) => {
                    if let Some(o) = s.before.as_ref().or(s.after.as_ref()) {
                        let (kind, id) = (o.kind(), o.id().clone());
                        doc.schema.put(kind, &id, s.index_after, s.after.clone());
                    }
                }
                Change::Note(s) => apply_slot(&mut doc.layout.notes, s),
                Change::Group(s) => apply_slot(&mut doc.layout.groups, s),
                Change::Order { list, after, .. } => match list {
                    ListKind::Schema(kind) => doc.schema.reorder(*kind, after),
                    ListKind::Notes => apply_order(&mut doc.layout.notes, after),
                    ListKind::Groups => apply_order(&mut doc.layout.groups, after),
                },
                Change::Placement { id, after, .. } => match after {
                    Some(p) => {
                        doc.layout.placements.insert(id.clone(), p.clone());
                    }
                    None => {
                        doc.layout.placements.remove(id);
                    }
                },
                Change::Conventions { after, .. } => doc.layout.conventions = after.clone(),
                Change::Extras { after, .. } => {
                    doc.schema.extensions = after.extensions.clone();
                    doc.schema.default_privileges = after.default_privileges.clone();
                }
            }
        }
    }
}

/// The undo and redo stacks (the browser keeps them across reloads: `storage::save_history`).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct History {
    undo: Vec<Delta>,
    redo: Vec<Delta>,
}

/// How many edits are kept; older ones fall off the bottom.
pub const HISTORY_LIMIT: usize = 500;

impl History {
    /// Records an edit; a new edit clears the redo stack.
    pub fn record(&mut self, delta: Delta) {
        if delta.is_empty() {
            return;
        }
        self.undo.push(delta);
        if self.undo.len() > HISTORY_LIMIT {
            self.undo.remove(0);
        }
        self.redo.clear();
    }

    /// Runs `edit` on a copy of `doc` and records what changed as one undoable step named
    /// `label`; returns the edited copy, or `None` when nothing changed (and nothing is recorded).
    pub fn edited(
        &mut self,
        label: &str,
        doc: &Document,
        edit: impl FnOnce(&mut Document),
    ) -> Option<Document> {
        let mut next = doc.clone();
        edit(&mut next);
        let delta = Delta::between(label, doc, &next);
        if delta.is_empty() {
            return None;
        }
        self.record(delta);
        Some(next)
    }

    /// Runs `edit` in place on the table with `id` (at `index`, its place in `doc`'s tables) and
    /// records that table before and after as one undoable step named `label`; returns whether
    /// anything changed. The same step as [`History::edited`] would record, without copying and
    /// comparing the whole document: a column renamed in a 1,000-table design copies one table.
    /// When `index` does not hold `id`, or the edit changes the table's id, it falls back to the
    /// whole-document comparison.
    pub fn edited_table(
        &mut self,
        label: &str,
        doc: &mut Document,
        id: &Id,
        index: usize,
        edit: impl FnOnce(&mut Table),
    ) -> bool {
        let here = doc.schema.tables.get(index).is_some_and(|t| t.id == *id);
        if !here {
            let edited = self.edited(label, doc, |doc| {
                if let Some(t) = doc.schema.tables.iter_mut().find(|t| t.id == *id) {
                    edit(t);
                }
            });
            return match edited {
                Some(next) => {
                    *doc = next;
                    true
                }
                None => false,
            };
        }
        let table = &mut doc.schema.tables[index];
        let before = table.clone();
        edit(table);
        if *table == before {
            return false;
        }
        if table.id != before.id {
            // Recorded as the whole-document comparison records it (a remove and an add).
            let after = std::mem::replace(table, before);
            let edited = self.edited(label, doc, |doc| doc.schema.tables[index] = after);
            if let Some(next) = edited {
                *doc = next;
            }
            return true;
        }
        let after = table.clone();
        self.record(Delta {
            label: label.to_string(),
            changes: vec![Change::Object(Slot {
                index_before: index,
                index_after: index,
                before: Some(Object::Table(Box::new(before))),
                after: Some(Object::Table(Box::new(after))),
            })],
        });
        true
    }

    /// Undoes the last edit on `doc`; returns its label.
    pub fn undo(&mut self, doc: &mut Document) -> Option<String> {
        let delta = self.undo.pop()?;
        delta.inverted().apply(doc);
        let label = delta.label.clone();
        self.redo.push(delta);
        Some(label)
    }

    /// Redoes the last undone edit on `doc`; returns its label.
    pub fn redo(&mut self, doc: &mut Document) -> Option<String> {
        let delta = self.redo.pop()?;
        delta.apply(doc);
        let label = delta.label.clone();
        self.undo.push(delta);
        Some(label)
    }

    /// Label of what undo would undo.
    pub fn undo_label(&self) -> Option<&str> {
        self.undo.last().map(|d| d.label.as_str())
    }

    /// Label of what redo would redo.
    pub fn redo_label(&self) -> Option<&str> {
        self.redo.last().map(|d| d.label.as_str())
    }

    /// Keeps only the newest `n` undo steps (and as many redo steps), so a stored history stays
    /// small.
    pub fn keep_newest(&mut self, n: usize) {
        let drop = self.undo.len().saturating_sub(n);
        self.undo.drain(..drop);
        let drop = self.redo.len().saturating_sub(n);
        self.redo.drain(..drop);
    }

    /// Forgets everything (e.g. when another project is opened).
    pub fn clear(&mut self) {
        self.undo.clear();
        self.redo.clear();
    }
}
