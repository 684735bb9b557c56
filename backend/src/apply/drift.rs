//! Drift: how a live database differs from the design it should match.
//!
//! The database is introspected, its objects are given the design's ids wherever they match by
//! name ([`adopt_ids`], so a table read back from PostgreSQL is the same table as in the design,
//! not a drop and a create), and the two schemas are compared in both directions:
//!
//! - `to_database`: the SQL that makes the database match the design;
//! - `to_design`: the SQL from the design to what the database has, plus the database as a
//!   [`Document`] (with the design's layout) that the UI can load as a new draft.

use std::collections::HashMap;

use joinery_shared::model::{ColumnType, Document, Id, Schema};
use joinery_shared::naming::{effective_fk_name, effective_index_name, effective_unique_name};
use joinery_shared::normalize::normalize;
use serde::{Deserialize, Serialize};

use super::planning::{plan_migration, PlannedMigration, PlanningError};

/// The difference between a design and a database.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Drift {
    /// True when neither direction has any statement.
    pub in_sync: bool,
    /// SQL that makes the database match the design.
    pub to_database: PlannedMigration,
    /// SQL from the design to the database (what was changed by hand).
    pub to_design: PlannedMigration,
    /// The database as a document (design ids and layout kept where objects match).
    pub database_document: Document,
}

/// Compares a design with a database's introspected document.
pub fn compare(
    design: &Document,
    database: &Document,
    online: bool,
) -> Result<Drift, PlanningError> {
    let mut expected = design.schema.clone();
    normalize(&mut expected);
    let mut actual = database.schema.clone();
    adopt_ids(&expected, &mut actual);
    let to_database = plan_migration(Some(&actual), &expected, online)?;
    let to_design = plan_migration(Some(&expected), &actual, online)?;
    Ok(Drift {
        in_sync: to_database.is_empty() && to_design.is_empty(),
        to_database,
        to_design,
        database_document: Document {
            format: design.format.clone(),
            schema: actual,
            layout: design.layout.clone(),
        },
    })
}

/// Gives objects of `actual` the ids of the objects of `design` with the same (qualified,
/// effective) names, rewriting every reference, so a diff matches them.
pub fn adopt_ids(design: &Schema, actual: &mut Schema) {
    let mut map: HashMap<Id, Id> = HashMap::new();
    let mut link = |from: &Id, to: &Id| {
        if from != to {
            map.insert(from.clone(), to.clone());
        }
    };
    for ns in &actual.namespaces {
        if let Some(d) = design.namespaces.iter().find(|d| d.name == ns.name) {
            link(&ns.id, &d.id);
        }
    }
    for e in &actual.enums {
        let Some(d) = design
            .enums
            .iter()
            .find(|d| d.schema == e.schema && d.name == e.name)
        else {
            continue;
        };
        link(&e.id, &d.id);
        for v in &e.values {
            if let Some(dv) = d.values.iter().find(|dv| dv.name == v.name) {
                link(&v.id, &dv.id);
            }
        }
    }
    for v in &actual.views {
        if let Some(d) = design
            .views
            .iter()
            .find(|d| d.schema == v.schema && d.name == v.name)
        {
            link(&v.id, &d.id);
        }
    }
    for t in &actual.tables {
        let Some(d) = design
            .tables
            .iter()
            .find(|d| d.schema == t.schema && d.name == t.name)
        else {
            continue;
        };
        link(&t.id, &d.id);
        for c in &t.columns {
            if let Some(dc) = d.column_named(&c.name) {
                link(&c.id, &dc.id);
            }
        }
        if let (Some(pk), Some(dpk)) = (&t.primary_key, &d.primary_key) {
            link(&pk.id, &dpk.id);
        }
        for u in &t.uniques {
            let name = effective_unique_name(t, u);
            if let Some(du) = d
                .uniques
                .iter()
                .find(|du| effective_unique_name(d, du) == name)
            {
                link(&u.id, &du.id);
            }
        }
        for c in &t.checks {
            if let Some(dc) = d.checks.iter().find(|dc| dc.name == c.name) {
                link(&c.id, &dc.id);
            }
        }
        for fk in &t.foreign_keys {
            let name = effective_fk_name(actual, t, fk);
            if let Some(dfk) = d
                .foreign_keys
                .iter()
                .find(|dfk| effective_fk_name(design, d, dfk) == name)
            {
                link(&fk.id, &dfk.id);
            }
        }
        for ix in &t.indexes {
            let name = effective_index_name(t, ix);
            if let Some(dix) = d
                .indexes
                .iter()
                .find(|dix| effective_index_name(d, dix) == name)
            {
                link(&ix.id, &dix.id);
            }
        }
    }
    if map.is_empty() {
        return;
    }
    let fix = |id: &mut Id| {
        if let Some(new) = map.get(id) {
            *id = new.clone();
        }
    };
    for ns in &mut actual.namespaces {
        fix(&mut ns.id);
    }
    for e in &mut actual.enums {
        fix(&mut e.id);
        for v in &mut e.values {
            fix(&mut v.id);
        }
    }
    for v in &mut actual.views {
        fix(&mut v.id);
    }
    for t in &mut actual.tables {
        fix(&mut t.id);
        for c in &mut t.columns {
            fix(&mut c.id);
            fix_type(&mut c.ty, &fix);
        }
        if let Some(pk) = &mut t.primary_key {
            fix(&mut pk.id);
            pk.columns.iter_mut().for_each(fix);
        }
        for u in &mut t.uniques {
            fix(&mut u.id);
            u.columns.iter_mut().for_each(fix);
        }
        for c in &mut t.checks {
            fix(&mut c.id);
        }
        for fk in &mut t.foreign_keys {
            fix(&mut fk.id);
            fk.columns.iter_mut().for_each(fix);
            fix(&mut fk.ref_table);
            fk.ref_columns.iter_mut().for_each(fix);
        }
        for ix in &mut t.indexes {
            fix(&mut ix.id);
            for part in &mut ix.parts {
                if let joinery_shared::model::IndexKey::Column(id) = &mut part.key {
                    fix(id);
                }
            }
            ix.include.iter_mut().for_each(fix);
        }
    }
}

fn fix_type(ty: &mut ColumnType, fix: &impl Fn(&mut Id)) {
    match ty {
        ColumnType::Enum { id } => fix(id),
        ColumnType::Array { element } => fix_type(element, fix),
        _ => {}
    }
}
