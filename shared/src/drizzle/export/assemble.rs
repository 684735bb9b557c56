//! File assembly: runs the per-object writers, then writes `namespaces.schema.ts`,
//! `enums.schema.ts`, `customTypes.ts`, the schema files and `index.ts`, and orders the snapshot
//! entries the way drizzle-kit reads them.

use std::collections::BTreeMap;

use super::{
    namespaces, prepare, stem, Module, Prepared, CUSTOM_TYPES_FILE, ENUMS_FILE, INDEX_FILE,
    NAMESPACES_FILE, ROLES_FILE,
};
use crate::drizzle::json::J;
use crate::drizzle::names::{doc_comment, ts_string};
use crate::drizzle::TsOptions;
use crate::model::{Group, Schema, DEFAULT_SCHEMA};

/// Everything the export produces: files and the snapshot body.
pub(crate) struct Output {
    pub files: Vec<(String, String)>,
    pub tables: Vec<(String, J)>,
    pub enums: Vec<(String, J)>,
    pub schemas: Vec<(String, J)>,
    pub views: Vec<(String, J)>,
}

/// Where a schema file comes in the index (drizzle-kit reads modules in that order).
fn file_rank(p: &Prepared<'_>, file: &str) -> usize {
    p.file_order
        .iter()
        .position(|f| f == file)
        .unwrap_or(usize::MAX)
}

/// Runs the export.
pub(crate) fn run(schema: &Schema, groups: &[Group], options: &TsOptions) -> Output {
    let p = prepare(schema, groups, options);
    let mut modules: BTreeMap<String, Module> = BTreeMap::new();
    let mut tables = Vec::new();
    for t in &schema.tables {
        let file = p.table_files[&t.id].clone();
        let mut m = modules.remove(&file).unwrap_or_default();
        let out = p.table_out(&mut m, t);
        m.body.push(out.decl);
        modules.insert(file.clone(), m);
        tables.push((
            (file_rank(&p, &file), p.table_consts[&t.id].clone()),
            out.snapshot,
        ));
    }
    let mut views = Vec::new();
    for v in &schema.views {
        let file = p.view_files[&v.id].clone();
        let mut m = modules.remove(&file).unwrap_or_default();
        let (decl, snap) = p.view_out(&mut m, v);
        m.body.push(decl);
        modules.insert(file.clone(), m);
        views.push(((file_rank(&p, &file), p.view_consts[&v.id].clone()), snap));
    }

    let mut files: Vec<(String, String)> = Vec::new();
    let mut index_lines = Vec::new();
    // Namespaces.
    let mut schemas = Vec::new();
    if !p.ns_consts.is_empty() {
        let mut m = Module::default();
        m.pg_core.insert("pgSchema");
        for ns in namespaces(schema) {
            let c = &p.ns_consts[&ns];
            if let Some(comment) = schema
                .namespaces
                .iter()
                .find(|n| n.name == ns)
                .and_then(|n| n.comment.as_ref())
            {
                m.body.push(format!(
                    "{}export const {c} = pgSchema({});\n",
                    doc_comment(comment, ""),
                    ts_string(&ns)
                ));
            } else {
                m.body.push(format!(
                    "export const {c} = pgSchema({});\n",
                    ts_string(&ns)
                ));
            }
            schemas.push((ns.clone(), J::s(&ns)));
        }
        files.push((
            NAMESPACES_FILE.to_string(),
            m.render(&stem(NAMESPACES_FILE)),
        ));
        index_lines.push(stem(NAMESPACES_FILE));
    }
    // Roles: outside the design, so declared as existing (drizzle-kit never creates or drops
    // them); policies refer to them.
    if !p.role_consts.is_empty() {
        let mut m = Module::default();
        m.pg_core.insert("pgRole");
        for (role, c) in &p.role_consts {
            m.body.push(format!(
                "export const {c} = pgRole({}).existing();\n",
                ts_string(role)
            ));
        }
        files.push((ROLES_FILE.to_string(), m.render(&stem(ROLES_FILE))));
        index_lines.push(stem(ROLES_FILE));
    }
    // Enums.
    let mut enums = Vec::new();
    if !schema.enums.is_empty() {
        let mut m = Module::default();
        for e in &schema.enums {
            let c = &p.enum_consts[&e.id];
            let ctor = if e.schema == DEFAULT_SCHEMA {
                m.pg_core.insert("pgEnum");
                "pgEnum".to_string()
            } else {
                let ns = p.ns_consts[&e.schema].clone();
                m.locals
                    .entry(stem(NAMESPACES_FILE))
                    .or_default()
                    .insert(ns.clone());
                format!("{ns}.enum")
            };
            let values: Vec<String> = e.values.iter().map(|v| ts_string(&v.name)).collect();
            let mut decl = String::new();
            if let Some(comment) = &e.comment {
                decl.push_str(&doc_comment(comment, ""));
            }
            // drizzle types the labels as a non-empty tuple; PostgreSQL allows an empty enum.
            let list = if values.is_empty() {
                "[] as unknown as [string, ...string[]]".to_string()
            } else {
                format!("[{}]", values.join(", "))
            };
            decl.push_str(&format!(
                "export const {c} = {ctor}({}, {list});\n",
                ts_string(&e.name)
            ));
            m.body.push(decl);
            enums.push((
                c.clone(),
                (
                    format!("{}.{}", e.schema, e.name),
                    J::obj(vec![
                        ("name", J::s(&e.name)),
                        ("schema", J::s(&e.schema)),
                        (
                            "values",
                            J::Arr(e.values.iter().map(|v| J::s(&v.name)).collect()),
                        ),
                    ]),
                ),
            ));
        }
        files.push((ENUMS_FILE.to_string(), m.render(&stem(ENUMS_FILE))));
        index_lines.push(stem(ENUMS_FILE));
    }
    // Sequences.
    if let Some(text) =
        crate::drizzle::sequences::sequences_file(schema, &p.ns_consts, &stem(NAMESPACES_FILE))
    {
        let file = crate::drizzle::sequences::SEQUENCES_FILE;
        files.push((file.to_string(), text));
        index_lines.push(stem(file));
    }
    // Custom types.
    if !p.custom_consts.is_empty() {
        let mut m = Module::default();
        m.pg_core.insert("customType");
        for (name, c) in &p.custom_consts {
            let data = if name == "bytea" {
                "Uint8Array"
            } else {
                "string"
            };
            m.body.push(format!(
                "export const {c} = customType<{{ data: {data} }}>({{\n  dataType() {{\n    return {};\n  }},\n}});\n",
                ts_string(name)
            ));
        }
        files.push((
            CUSTOM_TYPES_FILE.to_string(),
            m.render(&stem(CUSTOM_TYPES_FILE)),
        ));
    }
    for f in &p.file_order {
        if let Some(m) = modules.get(f) {
            files.push((format!("{f}.ts"), m.render(f)));
            index_lines.push(f.clone());
        }
    }
    let mut index = String::from(
        "// Generated by Joinery from the schema model. Edit the model, not this file.\n",
    );
    for l in &index_lines {
        index.push_str(&format!("export * from './{l}';\n"));
    }
    files.push((INDEX_FILE.to_string(), index));
    // drizzle-kit walks the index's modules in order, and each module's exports sorted by
    // name (esbuild's CommonJS output); snapshot keys follow that order.
    tables.sort_by(|a, b| a.0.cmp(&b.0));
    views.sort_by(|a, b| a.0.cmp(&b.0));
    enums.sort_by(|a, b| a.0.cmp(&b.0));
    Output {
        files,
        tables: tables.into_iter().map(|(_, kv)| kv).collect(),
        enums: enums.into_iter().map(|(_, kv)| kv).collect(),
        schemas,
        views: views.into_iter().map(|(_, kv)| kv).collect(),
    }
}
