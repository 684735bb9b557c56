//! Re-deriving ids by name.

use std::collections::HashMap;

use crate::model::{rederive_top_level, ColumnType, Id, IndexKey, Schema};
use crate::naming::{effective_fk_name, effective_index_name, effective_unique_name};

/// A copy of `schema` whose ids are all re-derived from names with the `Id::for_*` conventions,
/// as the importer and introspection derive them.
///
/// A design made in the canvas has random ids, so it never equals the same design read back from
/// SQL; comparing `rederive_ids(designed)` with the imported schema compares by name instead.
/// Constraint and index ids use the *effective* name (the explicit one, else the conventional
/// one, which is what the renderer writes). References (keys, foreign keys, index parts, enum
/// column types, sequence owners) follow their targets; a dangling reference keeps its old id.
pub fn rederive_ids(schema: &Schema) -> Schema {
    let mut out = schema.clone();
    // Every top-level kind re-derives its own id (see `model::TopLevel`); children follow.
    let enum_ids = rederive_top_level(&mut out.enums);
    rederive_top_level(&mut out.views);
    rederive_top_level(&mut out.sequences);
    rederive_top_level(&mut out.functions);
    rederive_top_level(&mut out.composites);
    rederive_top_level(&mut out.domains);
    for d in &mut out.domains {
        for c in &mut d.checks {
            c.id = crate::model::Domain::derive_check_id(&d.schema, &d.name, &c.name);
        }
    }
    for e in &mut out.enums {
        for v in &mut e.values {
            v.id = Id::for_enum_value(&e.schema, &e.name, &v.name);
        }
    }
    for n in &mut out.namespaces {
        n.id = Id::for_namespace(&n.name);
    }
    for v in &mut out.views {
        let names: Vec<String> = v
            .indexes
            .iter()
            .map(|ix| crate::naming::effective_view_index_name(v, ix))
            .collect();
        for (ix, name) in v.indexes.iter_mut().zip(names) {
            ix.id = Id::for_index(&v.schema, &v.name, &name);
        }
    }
    // Old table id -> (new table id, old column id -> new column id).
    let mut tables: HashMap<Id, (Id, HashMap<Id, Id>)> = HashMap::new();
    for t in &schema.tables {
        let cols = t
            .columns
            .iter()
            .map(|c| (c.id.clone(), Id::for_column(&t.schema, &t.name, &c.name)))
            .collect();
        tables.insert(t.id.clone(), (Id::for_table(&t.schema, &t.name), cols));
    }
    let remap = |map: &HashMap<Id, Id>, id: &Id| map.get(id).cloned().unwrap_or_else(|| id.clone());
    for (old, t) in schema.tables.iter().zip(out.tables.iter_mut()) {
        let (s, n) = (old.schema.as_str(), old.name.as_str());
        let empty = HashMap::new();
        let cols = tables.get(&old.id).map(|(_, c)| c).unwrap_or(&empty);
        t.id = Id::for_table(s, n);
        for c in &mut t.columns {
            c.id = remap(cols, &c.id);
            c.ty = remap_type(&c.ty, &enum_ids);
        }
        if let Some(pk) = &mut t.primary_key {
            pk.id = Id::for_primary_key(s, n);
            pk.columns = pk.columns.iter().map(|c| remap(cols, c)).collect();
        }
        for (ou, u) in old.uniques.iter().zip(t.uniques.iter_mut()) {
            u.id = Id::for_constraint("unique", s, n, &effective_unique_name(old, ou));
            u.columns = u.columns.iter().map(|c| remap(cols, c)).collect();
        }
        for c in &mut t.checks {
            c.id = Id::for_constraint("check", s, n, &c.name);
        }
        for (ofk, fk) in old.foreign_keys.iter().zip(t.foreign_keys.iter_mut()) {
            fk.id = Id::for_constraint("foreign_key", s, n, &effective_fk_name(schema, old, ofk));
            fk.columns = fk.columns.iter().map(|c| remap(cols, c)).collect();
            if let Some((new_table, ref_cols)) = tables.get(&ofk.ref_table) {
                fk.ref_table = new_table.clone();
                fk.ref_columns = fk.ref_columns.iter().map(|c| remap(ref_cols, c)).collect();
            }
        }
        for (oix, ix) in old.indexes.iter().zip(t.indexes.iter_mut()) {
            ix.id = Id::for_index(s, n, &effective_index_name(old, oix));
            for p in &mut ix.parts {
                if let IndexKey::Column(c) = &mut p.key {
                    *c = remap(cols, c);
                }
            }
            ix.include = ix.include.iter().map(|c| remap(cols, c)).collect();
        }
        for p in &mut t.policies {
            p.id = Id::for_policy(s, n, &p.name);
        }
        for tr in &mut t.triggers {
            tr.id = crate::model::Trigger::derive_id(s, n, &tr.name);
            tr.update_of = tr.update_of.iter().map(|c| remap(cols, c)).collect();
        }
    }
    for seq in &mut out.sequences {
        if let Some(o) = &mut seq.owned_by {
            if let Some((new_table, cols)) = tables.get(&o.table) {
                o.column = remap(cols, &o.column);
                o.table = new_table.clone();
            }
        }
    }
    out
}

fn remap_type(ty: &ColumnType, enums: &HashMap<Id, Id>) -> ColumnType {
    match ty {
        ColumnType::Enum { id } => ColumnType::Enum {
            id: enums.get(id).cloned().unwrap_or_else(|| id.clone()),
        },
        ColumnType::Array { element } => ColumnType::Array {
            element: Box::new(remap_type(element, enums)),
        },
        other => other.clone(),
    }
}
