//! Edits of the diagram: tables, relationships, notes and groups on the canvas, auto-layout and
//! imports.

use std::collections::{BTreeSet, HashMap, HashSet};

use joinery_shared::model::{Document, Group, Id, IndexKey, Note, Placement, Table};

use super::{copy_name, new_foreign_key, new_table, unique_name};
use crate::autolayout::layered_layout;
use crate::geometry::{card_rect, free_spot, placement_of, snap, Point};
use crate::ids::new_id;

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

/// Deletes the tables in `ids`, every relationship pointing at them, their placements, their
/// group memberships and sequence ownerships.
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
    super::clear_dangling_sequence_owners(doc);
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

/// Adds a note with `text` at `at` (world, rounded to whole units); returns its id.
pub fn add_note(doc: &mut Document, at: Point, text: &str) -> Id {
    let id = new_id("note");
    doc.layout.notes.push(Note {
        id: id.clone(),
        x: at.0.round(),
        y: at.1.round(),
        width: 220.0,
        height: 120.0,
        text: text.into(),
        color: None,
    });
    id
}

/// Replaces a note's text.
pub fn set_note_text(doc: &mut Document, note: &Id, text: String) {
    if let Some(n) = doc.layout.notes.iter_mut().find(|n| &n.id == note) {
        n.text = text;
    }
}

/// Deletes a note.
pub fn delete_note(doc: &mut Document, note: &Id) {
    doc.layout.notes.retain(|n| &n.id != note);
}

/// Groups `tables` under `name`; returns the group's id.
pub fn add_group(doc: &mut Document, name: String, tables: Vec<Id>) -> Id {
    let id = new_id("group");
    doc.layout.groups.push(Group {
        id: id.clone(),
        name,
        tables,
        color: None,
    });
    id
}

/// Removes a group (its tables stay).
pub fn ungroup(doc: &mut Document, group: &Id) {
    doc.layout.groups.retain(|g| &g.id != group);
}

/// Takes in an imported document: in place of the design (`replace`), or merged into it (objects
/// with the same id replaced, new ones added); then lays every table out again.
pub fn import(doc: &mut Document, imported: Document, replace: bool) {
    if replace {
        *doc = imported;
    } else {
        for t in imported.schema.tables {
            match doc.schema.tables.iter_mut().find(|x| x.id == t.id) {
                Some(slot) => *slot = t,
                None => doc.schema.tables.push(t),
            }
        }
        for e in imported.schema.enums {
            match doc.schema.enums.iter_mut().find(|x| x.id == e.id) {
                Some(slot) => *slot = e,
                None => doc.schema.enums.push(e),
            }
        }
        doc.schema.views.extend(imported.schema.views);
        for n in imported.schema.namespaces {
            if !doc.schema.namespaces.iter().any(|x| x.name == n.name) {
                doc.schema.namespaces.push(n);
            }
        }
    }
    let placements = layered_layout(doc);
    doc.layout.placements.extend(placements);
}

/// Takes the database's schema (drift pulled into the design), keeping the design's layout for
/// the tables that still exist (new ones get placed by the canvas).
pub fn pull_database(doc: &mut Document, database: Document) {
    let layout = std::mem::take(&mut doc.layout);
    *doc = database;
    doc.layout = layout;
}
