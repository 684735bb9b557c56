//! The object kinds of a design Drizzle has no form for at all (routines, triggers, domains,
//! composite types, partitioning, privileges, extensions): named one by one for
//! [`super::unsupported`], and left out by [`super::drizzle_subset`]. The migration SQL Joinery
//! writes beside the schema files still holds them (it comes from the planner).

use crate::model::{Schema, DEFAULT_SCHEMA};

/// One sentence per object Drizzle cannot express.
pub(super) fn beyond_drizzle(schema: &Schema) -> Vec<String> {
    let mut out = Vec::new();
    for e in &schema.extensions {
        out.push(format!("extension {}", e.name));
    }
    for n in &schema.namespaces {
        if !n.grants.is_empty() {
            out.push(format!("privileges on schema {}", n.name));
        }
    }
    if !schema.default_privileges.is_empty() {
        out.push("ALTER DEFAULT PRIVILEGES".to_string());
    }
    for d in &schema.domains {
        out.push(format!(
            "domain {}.{} (its columns are written as a custom type)",
            d.schema, d.name
        ));
    }
    for c in &schema.composites {
        out.push(format!("composite type {}.{}", c.schema, c.name));
    }
    for f in &schema.functions {
        out.push(format!(
            "{} {}.{}({})",
            f.kind.sql().to_lowercase(),
            f.schema,
            f.name,
            f.identity_arguments()
        ));
    }
    for q in &schema.sequences {
        if !q.grants.is_empty() {
            out.push(format!("privileges on sequence {}.{}", q.schema, q.name));
        }
    }
    for t in &schema.tables {
        let q = format!("{}.{}", t.schema, t.name);
        if t.partition_by.is_some() {
            out.push(format!(
                "PARTITION BY of table {q} and its {} partition(s)",
                t.partitions.len()
            ));
        }
        for tr in &t.triggers {
            out.push(format!("trigger {} on {q}", tr.name));
        }
        if !t.grants.is_empty() {
            out.push(format!("privileges on table {q}"));
        }
    }
    out
}

/// `schema` without what [`beyond_drizzle`] names.
pub(super) fn strip(s: &mut Schema) {
    s.extensions.clear();
    s.default_privileges.clear();
    s.domains.clear();
    s.composites.clear();
    s.functions.clear();
    for n in &mut s.namespaces {
        n.grants.clear();
    }
    s.namespaces
        .retain(|n| n.name != DEFAULT_SCHEMA || n.comment.is_some());
    for q in &mut s.sequences {
        q.grants.clear();
    }
    for t in &mut s.tables {
        t.partition_by = None;
        t.partitions.clear();
        t.triggers.clear();
        t.grants.clear();
    }
}
