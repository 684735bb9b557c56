//! Drizzle interoperability: the model as drizzle-orm schema files, as a drizzle-kit migration
//! folder, and back from a drizzle-kit snapshot.
//!
//! Users keep their schema as drizzle-orm TypeScript and migrate with drizzle-kit (see the
//! project's Drizzle conventions), so Joinery must hand them files that drizzle-kit accepts as its
//! own:
//!
//! * [`export_schema_ts`] writes one `<camelName>.schema.ts` per table (or per layout group),
//!   `enums.schema.ts`, `namespaces.schema.ts` (`pgSchema`s), `customTypes.ts` (`customType`s
//!   for `bytea` and custom types) and an `index.ts` re-exporting every schema file. Every
//!   constraint and index gets an explicit name equal to Joinery's effective name
//!   ([`crate::naming`]), so drizzle-kit and Joinery agree on names.
//! * [`snapshot_json`] is the drizzle-kit v7 snapshot drizzle-kit itself computes from that
//!   TypeScript, field for field (drizzle-kit validates snapshots with strict zod schemas and
//!   diffs against them), so `drizzle-kit generate` over an exported folder finds no changes.
//! * [`export_migrations`] writes the migration folder (`NNNN_<name>.sql` with
//!   `--> statement-breakpoint` separators, `meta/_journal.json`, `meta/NNNN_snapshot.json`). The
//!   SQL is Joinery's own: the full DDL for the first version, [`crate::plan::migrate`]'s
//!   statements (hazards as `-- hazard:` comments) for each later one, so `drizzle-kit migrate`
//!   builds exactly the modelled database. Snapshot ids are derived from content, so the same
//!   history always exports byte for byte the same.
//! * [`import_snapshot`] reads a drizzle-kit snapshot back into a canonical [`Document`] with
//!   derived ids ([`Id::for_table`](crate::model::Id::for_table) and friends).
//!
//! What Drizzle cannot express is reported by [`unsupported`] and written as `// joinery:`
//! comments into the TypeScript: comments on objects (written as doc comments instead), deferrable
//! foreign keys, `INCLUDE` columns and `NULLS NOT DISTINCT` on indexes, explicit view column
//! lists and indexes of materialized views (a view's `WITH ... CHECK OPTION` is
//! `.with({ checkOption })`). [`drizzle_subset`] is the schema with exactly those things removed — what a round trip
//! through drizzle gives back. An index expression's ordering and operator class are written
//! into the expression text (`lower(email) DESC`), since drizzle has no other place for them.
//!
//! Known limits of a round trip through a user's own drizzle schema: the model keeps JSON
//! defaults as values, so object keys come back in sorted order, and drizzle-kit (which compares
//! default texts) then emits one `ALTER COLUMN ... SET DEFAULT` with the equal value; identity
//! sequence options, RLS policies, roles and sequences are reported by
//! [`import_snapshot_with_warnings`] and left out.

mod beyond;
mod export;
mod import;
mod json;
mod migrations;
mod names;
mod policies;
mod sequences;

use crate::model::{Document, Schema};

pub use import::{import_snapshot, import_snapshot_with_warnings};
pub use migrations::{export_migrations, export_migrations_with, latest_snapshot_path};

/// Why a drizzle-kit snapshot could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DrizzleError {
    /// The text is not JSON.
    #[error("{line}:{column}: invalid JSON: {message}")]
    Json {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// serde_json's message.
        message: String,
    },
    /// The JSON is not a drizzle-kit snapshot of the expected shape.
    #[error("{at}: {message}")]
    Snapshot {
        /// The JSON path of the offending value, e.g. `tables.public.users.columns.id`.
        at: String,
        /// What is wrong.
        message: String,
    },
    /// The snapshot uses something Joinery does not model.
    #[error("{at}: unsupported {what}")]
    Unsupported {
        /// Where.
        at: String,
        /// What.
        what: String,
    },
}

/// How the TypeScript files are laid out.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TsOptions {
    /// One file per layout group (named after the group) instead of one per table; tables in no
    /// group still get their own file.
    pub group_files: bool,
}

/// The drizzle-orm schema files for a document: `(relative path, contents)` pairs, `index.ts`
/// last.
pub fn export_schema_ts(document: &Document, options: &TsOptions) -> Vec<(String, String)> {
    export::run(&document.schema, &document.layout.groups, options).files
}

/// The drizzle-kit v7 snapshot for a schema with the given ids, as drizzle-kit writes it
/// (`JSON.stringify(snapshot, null, 2)`).
pub fn snapshot_json(schema: &Schema, id: &str, prev_id: &str) -> String {
    snapshot_value(schema, id, prev_id).pretty()
}

/// The snapshot body without ids (used to derive the deterministic id).
pub(crate) fn snapshot_value(schema: &Schema, id: &str, prev_id: &str) -> json::J {
    use json::J;
    let out = export::run(schema, &[], &TsOptions::default());
    J::obj(vec![
        ("id", J::s(id)),
        ("prevId", J::s(prev_id)),
        ("version", J::s("7")),
        ("dialect", J::s("postgresql")),
        ("tables", J::Obj(out.tables)),
        ("enums", J::Obj(out.enums)),
        ("schemas", J::Obj(out.schemas)),
        ("sequences", J::Obj(vec![])),
        ("roles", J::Obj(vec![])),
        ("policies", J::Obj(vec![])),
        ("views", J::Obj(out.views)),
        (
            "_meta",
            J::obj(vec![
                ("columns", J::Obj(vec![])),
                ("schemas", J::Obj(vec![])),
                ("tables", J::Obj(vec![])),
            ]),
        ),
    ])
}

/// Imports the newest snapshot of a drizzle-kit migrations folder given as `(path, contents)`
/// pairs (paths relative to any root: the journal is found as `.../meta/_journal.json`), so a
/// folder picked in the browser imports without file-system access.
pub fn import_migration_folder(files: &[(String, String)]) -> Result<Document, DrizzleError> {
    let find = |suffix: &str| {
        files
            .iter()
            .find(|(p, _)| p.replace('\\', "/").ends_with(suffix))
            .map(|(_, c)| c.as_str())
    };
    let journal = find("meta/_journal.json").ok_or_else(|| DrizzleError::Snapshot {
        at: "meta/_journal.json".into(),
        message: "the folder has no drizzle-kit journal".into(),
    })?;
    let latest = latest_snapshot_path(journal)?;
    let snapshot = find(&latest).ok_or_else(|| DrizzleError::Snapshot {
        at: latest.clone(),
        message: "the journal's newest snapshot is missing from the folder".into(),
    })?;
    import_snapshot(snapshot)
}

/// What of the schema Drizzle cannot express, one sentence each (empty when nothing is lost).
pub fn unsupported(schema: &Schema) -> Vec<String> {
    let mut out = beyond::beyond_drizzle(schema);
    for n in &schema.namespaces {
        if n.comment.is_some() {
            out.push(format!("comment on schema {}", n.name));
        }
    }
    for e in &schema.enums {
        if e.comment.is_some() {
            out.push(format!("comment on type {}.{}", e.schema, e.name));
        }
    }
    for t in &schema.tables {
        let q = format!("{}.{}", t.schema, t.name);
        if t.comment.is_some() {
            out.push(format!("comment on table {q}"));
        }
        for c in &t.columns {
            if c.comment.is_some() {
                out.push(format!("comment on column {q}.{}", c.name));
            }
            if let Some(coll) = &c.collation {
                out.push(format!("COLLATE {coll} of column {q}.{}", c.name));
            }
            if !c.identity_options.is_default() {
                out.push(format!(
                    "identity sequence options of column {q}.{}",
                    c.name
                ));
            }
        }
        if t.primary_key.as_ref().is_some_and(|pk| pk.deferrable) {
            out.push(format!("DEFERRABLE primary key of {q}"));
        }
        for u in t.uniques.iter().filter(|u| u.deferrable) {
            out.push(format!(
                "DEFERRABLE unique constraint {} on {q}",
                crate::naming::effective_unique_name(t, u)
            ));
        }
        for ck in &t.checks {
            if ck.not_valid {
                out.push(format!("NOT VALID state of check {} on {q}", ck.name));
            }
            if ck.no_inherit {
                out.push(format!("NO INHERIT of check {} on {q}", ck.name));
            }
        }
        for fk in &t.foreign_keys {
            let name = crate::naming::effective_fk_name(schema, t, fk);
            if fk.deferrable {
                out.push(format!("DEFERRABLE foreign key {name} on {q}"));
            }
            if fk.match_full {
                out.push(format!("MATCH FULL of foreign key {name} on {q}"));
            }
            if fk.not_valid {
                out.push(format!("NOT VALID state of foreign key {name} on {q}"));
            }
        }
        for ix in &t.indexes {
            let name = crate::naming::effective_index_name(t, ix);
            if !ix.include.is_empty() {
                out.push(format!("INCLUDE columns of index {name} on {q}"));
            }
            if ix.nulls_not_distinct {
                out.push(format!("NULLS NOT DISTINCT of index {name} on {q}"));
            }
            if ix.parts.iter().any(|p| p.collation.is_some()) {
                out.push(format!("COLLATE of a key of index {name} on {q}"));
            }
            if ix.comment.is_some() {
                out.push(format!("comment on index {name} on {q}"));
            }
        }
    }
    for v in &schema.views {
        if v.comment.is_some() {
            out.push(format!("comment on view {}.{}", v.schema, v.name));
        }
        if !v.columns.is_empty() {
            out.push(format!("column list of view {}.{}", v.schema, v.name));
        }
        if v.materialized {
            for ix in &v.indexes {
                out.push(format!(
                    "index {} on materialized view {}.{}",
                    crate::naming::effective_view_index_name(v, ix),
                    v.schema,
                    v.name
                ));
            }
        }
    }
    out
}

/// The schema without what Drizzle cannot express (see [`unsupported`]): what a round trip
/// through drizzle-orm TypeScript and a drizzle-kit snapshot gives back.
pub fn drizzle_subset(schema: &Schema) -> Schema {
    let mut s = schema.clone();
    beyond::strip(&mut s);
    for n in &mut s.namespaces {
        n.comment = None;
    }
    for e in &mut s.enums {
        e.comment = None;
    }
    for t in &mut s.tables {
        t.comment = None;
        // drizzle-kit switches row-level security on for a table with policies, cannot force
        // it, and writes a policy's roles sorted.
        t.row_security.forced = false;
        t.row_security.enabled |= !t.policies.is_empty();
        for p in &mut t.policies {
            p.roles.sort();
            p.roles.dedup();
        }
        for c in &mut t.columns {
            c.comment = None;
            c.collation = None;
            c.identity_options = Default::default();
        }
        if let Some(pk) = &mut t.primary_key {
            pk.deferrable = false;
            pk.initially_deferred = false;
        }
        for u in &mut t.uniques {
            u.deferrable = false;
            u.initially_deferred = false;
        }
        for ck in &mut t.checks {
            ck.not_valid = false;
            ck.no_inherit = false;
        }
        for fk in &mut t.foreign_keys {
            fk.deferrable = false;
            fk.initially_deferred = false;
            fk.match_full = false;
            fk.not_valid = false;
        }
        for ix in &mut t.indexes {
            ix.include.clear();
            ix.nulls_not_distinct = false;
            ix.comment = None;
            for p in &mut ix.parts {
                p.collation = None;
            }
        }
    }
    for v in &mut s.views {
        v.comment = None;
        v.columns.clear();
        v.indexes.clear();
    }
    s
}
