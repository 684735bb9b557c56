//! One table: which constraints go inline on columns, the extra-config callback (primary key,
//! uniques, indexes, foreign keys, checks), the `pgTable` declaration and the snapshot entry.

use std::collections::HashMap;

use super::references::action_name;
use super::{stem, Module, Prepared, NAMESPACES_FILE};
use crate::drizzle::json::J;
use crate::drizzle::names::{doc_comment, member, sql_template, ts_string};
use crate::model::{Id, ReferentialAction, Table, DEFAULT_SCHEMA};
use crate::naming::{
    default_pk_name, effective_fk_name, effective_pk_name, effective_unique_name,
    MAX_IDENTIFIER_BYTES,
};

/// One table's TypeScript declaration and snapshot entry.
pub(crate) struct TableOut {
    /// The `export const ... = pgTable(...)` text.
    pub decl: String,
    /// The snapshot key (`schema.table`) and value.
    pub snapshot: (String, J),
}

impl Prepared<'_> {
    pub(super) fn table_out(&self, m: &mut Module, table: &Table) -> TableOut {
        let file = self.table_files[&table.id].clone();
        let schema = self.schema;
        let mut notes: Vec<String> = Vec::new();
        let this_const = self.table_consts[&table.id].clone();

        // Primary key: inline `.primaryKey()` only where drizzle-kit and PostgreSQL agree on
        // the `<table>_pkey` name.
        let inline_pk: Option<Id> = table.primary_key.as_ref().and_then(|pk| {
            (pk.columns.len() == 1
                && pk.name.is_none()
                && default_pk_name(table, pk).len() <= MAX_IDENTIFIER_BYTES
                && table.column(&pk.columns[0]).is_some())
            .then(|| pk.columns[0].clone())
        });
        let pk_cols: Vec<Id> = table
            .primary_key
            .as_ref()
            .map(|pk| pk.columns.clone())
            .unwrap_or_default();

        // Single-column uniques go on the column (first one per column).
        let mut inline_unique: HashMap<Id, usize> = HashMap::new();
        for (i, u) in table.uniques.iter().enumerate() {
            if u.columns.len() == 1 && table.column(&u.columns[0]).is_some() {
                inline_unique.entry(u.columns[0].clone()).or_insert(i);
            }
        }
        // Single-column foreign keys whose name is drizzle's own computed name use `.references()`.
        let mut inline_fk: HashMap<Id, usize> = HashMap::new();
        for (i, fk) in table.foreign_keys.iter().enumerate() {
            let Some(rt) = schema.table(&fk.ref_table) else {
                continue;
            };
            if fk.columns.len() != 1 || fk.ref_columns.len() != 1 {
                continue;
            }
            if table.column(&fk.columns[0]).is_none() || rt.column(&fk.ref_columns[0]).is_none() {
                continue;
            }
            let drizzle_name = format!(
                "{}_{}_{}_{}_fk",
                table.name,
                self.col_name(table, &fk.columns[0]),
                rt.name,
                self.col_name(rt, &fk.ref_columns[0])
            );
            if effective_fk_name(schema, table, fk) == drizzle_name && !fk.deferrable {
                inline_fk.entry(fk.columns[0].clone()).or_insert(i);
            }
        }

        let mut col_lines = Vec::new();
        let mut col_snaps: Vec<(String, J)> = Vec::new();
        let mut unique_snaps: Vec<(String, J)> = Vec::new();
        for column in &table.columns {
            let (line, snap, uq) = self.column_out(
                m,
                &file,
                table,
                column,
                inline_pk.as_ref() == Some(&column.id),
                pk_cols.contains(&column.id),
                inline_unique.get(&column.id).map(|&i| &table.uniques[i]),
                inline_fk.get(&column.id).map(|&i| &table.foreign_keys[i]),
                &this_const,
                &mut notes,
            );
            col_lines.push(line);
            col_snaps.push((column.name.clone(), snap));
            if let Some(u) = uq {
                unique_snaps.push(u);
            }
        }

        // The extra-config callback.
        let mut extras: Vec<String> = Vec::new();
        let mut pk_snaps = Vec::new();
        if let Some(pk) = &table.primary_key {
            if inline_pk.is_none() {
                m.pg_core.insert("primaryKey");
                let name = effective_pk_name(table, pk);
                let cols: Vec<String> = pk
                    .columns
                    .iter()
                    .map(|c| member("t", &self.prop(table, c)))
                    .collect();
                extras.push(format!(
                    "primaryKey({{ name: {}, columns: [{}] }})",
                    ts_string(&name),
                    cols.join(", ")
                ));
                pk_snaps.push((
                    name.clone(),
                    J::obj(vec![
                        ("name", J::s(&name)),
                        (
                            "columns",
                            J::Arr(
                                pk.columns
                                    .iter()
                                    .map(|c| J::s(self.col_name(table, c)))
                                    .collect(),
                            ),
                        ),
                    ]),
                ));
            }
        }
        for (i, u) in table.uniques.iter().enumerate() {
            if inline_unique.values().any(|&j| j == i) {
                continue;
            }
            m.pg_core.insert("unique");
            let name = effective_unique_name(table, u);
            let cols: Vec<String> = u
                .columns
                .iter()
                .map(|c| member("t", &self.prop(table, c)))
                .collect();
            extras.push(format!(
                "unique({}).on({}){}",
                ts_string(&name),
                cols.join(", "),
                if u.nulls_not_distinct {
                    ".nullsNotDistinct()"
                } else {
                    ""
                }
            ));
            unique_snaps.push((
                name.clone(),
                J::obj(vec![
                    ("name", J::s(&name)),
                    ("nullsNotDistinct", J::Bool(u.nulls_not_distinct)),
                    (
                        "columns",
                        J::Arr(
                            u.columns
                                .iter()
                                .map(|c| J::s(self.col_name(table, c)))
                                .collect(),
                        ),
                    ),
                ]),
            ));
        }
        let mut index_snaps = Vec::new();
        for ix in &table.indexes {
            let (text, snap) = self.index_out(m, table, ix, &mut notes);
            extras.push(text);
            index_snaps.push(snap);
        }
        let mut fk_snaps = Vec::new();
        for (i, fk) in table.foreign_keys.iter().enumerate() {
            let Some(rt) = schema.table(&fk.ref_table) else {
                notes.push(format!(
                    "foreign key {} references a table missing from the model and was left out",
                    effective_fk_name(schema, table, fk)
                ));
                continue;
            };
            let name = effective_fk_name(schema, table, fk);
            if fk.deferrable {
                notes.push(format!(
                    "foreign key {name} is DEFERRABLE{}, which Drizzle cannot express",
                    if fk.initially_deferred {
                        " INITIALLY DEFERRED"
                    } else {
                        ""
                    }
                ));
            }
            if !inline_fk.values().any(|&j| j == i) {
                m.pg_core.insert("foreignKey");
                let cols: Vec<String> = fk
                    .columns
                    .iter()
                    .map(|c| member("t", &self.prop(table, c)))
                    .collect();
                let refs: Vec<String> = fk
                    .ref_columns
                    .iter()
                    .map(|c| {
                        if rt.id == table.id {
                            member("t", &self.prop(rt, c))
                        } else {
                            self.foreign_member(m, &file, rt, c)
                        }
                    })
                    .collect();
                let mut text = format!(
                    "foreignKey({{ name: {}, columns: [{}], foreignColumns: [{}] }})",
                    ts_string(&name),
                    cols.join(", "),
                    refs.join(", ")
                );
                if fk.on_delete != ReferentialAction::NoAction {
                    text.push_str(&format!(
                        ".onDelete({})",
                        ts_string(action_name(fk.on_delete))
                    ));
                }
                if fk.on_update != ReferentialAction::NoAction {
                    text.push_str(&format!(
                        ".onUpdate({})",
                        ts_string(action_name(fk.on_update))
                    ));
                }
                extras.push(text);
            }
            let mut pairs = vec![
                ("name", J::s(&name)),
                ("tableFrom", J::s(&table.name)),
                ("tableTo", J::s(&rt.name)),
            ];
            if rt.schema != DEFAULT_SCHEMA {
                pairs.push(("schemaTo", J::s(&rt.schema)));
            }
            pairs.push((
                "columnsFrom",
                J::Arr(
                    fk.columns
                        .iter()
                        .map(|c| J::s(self.col_name(table, c)))
                        .collect(),
                ),
            ));
            pairs.push((
                "columnsTo",
                J::Arr(
                    fk.ref_columns
                        .iter()
                        .map(|c| J::s(self.col_name(rt, c)))
                        .collect(),
                ),
            ));
            pairs.push(("onDelete", J::s(action_name(fk.on_delete))));
            pairs.push(("onUpdate", J::s(action_name(fk.on_update))));
            // drizzle lists `.references()` keys first, in column order, then the callback's.
            let order = match inline_fk.iter().find(|(_, &j)| j == i) {
                Some((col, _)) => (
                    0,
                    table.columns.iter().position(|c| &c.id == col).unwrap_or(0),
                ),
                None => (1, i),
            };
            fk_snaps.push((order, (name, J::obj(pairs))));
        }
        let mut check_snaps = Vec::new();
        for ck in &table.checks {
            m.pg_core.insert("check");
            m.sql = true;
            let expr = ck.expression.trim();
            extras.push(format!(
                "check({}, {})",
                ts_string(&ck.name),
                sql_template(expr)
            ));
            check_snaps.push((
                ck.name.clone(),
                J::obj(vec![("name", J::s(&ck.name)), ("value", J::s(expr))]),
            ));
        }

        let rls = super::policies::policies(table, &self.role_consts);
        if !rls.extras.is_empty() {
            m.pg_core.insert("pgPolicy");
        }
        for c in &rls.roles {
            m.locals
                .entry(super::stem(super::ROLES_FILE))
                .or_default()
                .insert(c.clone());
        }
        m.sql |= rls.uses_sql;
        extras.extend(rls.extras);
        notes.extend(rls.notes);

        // The declaration.
        let mut decl = String::new();
        if let Some(c) = &table.comment {
            decl.push_str(&doc_comment(c, ""));
        }
        for n in &notes {
            decl.push_str(&format!("// joinery: {n}\n"));
        }
        let ctor = if table.schema == DEFAULT_SCHEMA {
            m.pg_core.insert("pgTable");
            "pgTable".to_string()
        } else {
            let ns = self.ns_consts[&table.schema].clone();
            m.locals
                .entry(stem(NAMESPACES_FILE))
                .or_default()
                .insert(ns.clone());
            format!("{ns}.table")
        };
        decl.push_str(&format!(
            "export const {this_const} = {ctor}({}, {{\n",
            ts_string(&table.name)
        ));
        for l in &col_lines {
            decl.push_str(l);
        }
        if extras.is_empty() {
            decl.push_str("});\n");
        } else {
            // The annotation keeps TypeScript from inferring the callback through tables that
            // reference this one back (TS7022/TS7024 on foreign-key cycles).
            m.pg_core.insert("PgTableExtraConfigValue");
            decl.push_str("}, (t): PgTableExtraConfigValue[] => [\n");
            for e in &extras {
                decl.push_str(&format!("  {e},\n"));
            }
            decl.push_str("]);\n");
        }
        if table.row_security.enabled {
            decl.truncate(decl.len() - ";\n".len());
            decl.push_str(".enableRLS();\n");
        }

        let snapshot = J::obj(vec![
            ("name", J::s(&table.name)),
            (
                "schema",
                J::s(if table.schema == DEFAULT_SCHEMA {
                    ""
                } else {
                    &table.schema
                }),
            ),
            ("columns", J::Obj(col_snaps)),
            ("indexes", J::Obj(index_snaps)),
            (
                "foreignKeys",
                J::Obj({
                    fk_snaps.sort_by_key(|(order, _)| *order);
                    fk_snaps.into_iter().map(|(_, kv)| kv).collect()
                }),
            ),
            ("compositePrimaryKeys", J::Obj(pk_snaps)),
            ("uniqueConstraints", J::Obj(unique_snaps)),
            ("policies", J::Obj(rls.snapshot)),
            ("checkConstraints", J::Obj(check_snaps)),
            ("isRLSEnabled", J::Bool(table.row_security.enabled)),
        ]);
        TableOut {
            decl,
            snapshot: (format!("{}.{}", table.schema, table.name), snapshot),
        }
    }
}
