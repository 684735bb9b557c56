//! One column's builder chain (type, default, generated, identity, not null, inline primary key,
//! unique and `.references()`) and its snapshot entry.

use super::defaults::default_out;
use super::references::actions_object;
use super::{Module, Prepared};
use crate::drizzle::json::J;
use crate::drizzle::names::{doc_comment, member, property_key, sql_template, ts_string};
use crate::model::{Column, ColumnType, Identity, Table};
use crate::naming::effective_unique_name;

/// The max value drizzle-kit records for an identity sequence (`maxRangeForIdentityBasedOn`).
fn identity_max(sql_type: &str) -> &'static str {
    match sql_type {
        "integer" => "2147483647",
        "bigint" => "9223372036854775807",
        _ => "32767",
    }
}

/// A column's builder call and its modifier calls, laid out like hand-written drizzle schemas:
/// one line when it fits, otherwise one modifier per line.
struct Chain(Vec<String>);

impl Chain {
    fn push_str(&mut self, call: &str) {
        self.0.push(call.to_string());
    }

    /// The chain after `  key: `, breaking lines past 100 columns.
    fn layout(&self, key: &str) -> String {
        let one_line = self.0.concat();
        if key.len() + one_line.len() + 5 <= 100 || self.0.len() == 1 {
            one_line
        } else {
            self.0.join("\n    ")
        }
    }
}

impl Prepared<'_> {
    #[allow(clippy::too_many_arguments)]
    pub(super) fn column_out(
        &self,
        m: &mut Module,
        file: &str,
        table: &Table,
        column: &Column,
        inline_pk: bool,
        in_pk: bool,
        unique: Option<&crate::model::Unique>,
        fk: Option<&crate::model::ForeignKey>,
        this_const: &str,
        notes: &mut Vec<String>,
    ) -> (String, J, Option<(String, J)>) {
        let ty = self.type_out(m, file, &column.ty, &column.name);
        let mut chain = Chain(vec![ty.call.clone()]);
        let serial = matches!(
            column.ty,
            ColumnType::Serial | ColumnType::SmallSerial | ColumnType::BigSerial
        );
        let identity = match (column.identity, ty.integer_kind) {
            (Some(i), Some(_)) => Some(i),
            (Some(_), None) => {
                notes.push(format!(
                    "identity on column {} of a non-integer type was left out",
                    column.name
                ));
                None
            }
            _ => None,
        };
        let mut default = None;
        if let Some(d) = &column.default {
            if let Some((text, snap)) = default_out(m, &ty, &column.ty, d) {
                chain.push_str(&text);
                default = Some(snap);
            }
        }
        if let Some(g) = &column.generated {
            m.sql = true;
            chain.push_str(&format!(".generatedAlwaysAs({})", sql_template(g.trim())));
        }
        match identity {
            Some(Identity::Always) => chain.push_str(".generatedAlwaysAsIdentity()"),
            Some(Identity::ByDefault) => chain.push_str(".generatedByDefaultAsIdentity()"),
            None => {}
        }
        if inline_pk {
            chain.push_str(".primaryKey()");
        } else if (column.not_null || in_pk) && !serial && identity.is_none() {
            chain.push_str(".notNull()");
        }
        let mut unique_snap = None;
        if let Some(u) = unique {
            let name = effective_unique_name(table, u);
            if u.nulls_not_distinct {
                chain.push_str(&format!(
                    ".unique({}, {{ nulls: 'not distinct' }})",
                    ts_string(&name)
                ));
            } else {
                chain.push_str(&format!(".unique({})", ts_string(&name)));
            }
            unique_snap = Some((
                name.clone(),
                J::obj(vec![
                    ("name", J::s(&name)),
                    ("nullsNotDistinct", J::Bool(u.nulls_not_distinct)),
                    ("columns", J::Arr(vec![J::s(&column.name)])),
                ]),
            ));
        }
        if let Some(fk) = fk {
            if let Some(rt) = self.schema.table(&fk.ref_table) {
                let target = if rt.id == table.id {
                    member(this_const, &self.prop(rt, &fk.ref_columns[0]))
                } else {
                    self.foreign_member(m, file, rt, &fk.ref_columns[0])
                };
                // TypeScript cannot infer a table's type through a reference cycle (TS7022), so
                // only references back into a cycle get drizzle's documented annotation.
                let arrow = if self.reaches(&rt.id, &table.id) {
                    m.pg_core.insert("AnyPgColumn");
                    "(): AnyPgColumn =>"
                } else {
                    "() =>"
                };
                chain.push_str(&format!(
                    ".references({arrow} {target}{})",
                    actions_object(fk.on_delete, fk.on_update)
                ));
            }
        }
        let mut line = String::new();
        if let Some(c) = &column.comment {
            line.push_str(&doc_comment(c, "  "));
        }
        let key = property_key(&self.prop(table, &column.id));
        line.push_str(&format!("  {key}: {},\n", chain.layout(&key)));

        let mut pairs = vec![("name", J::s(&column.name)), ("type", J::s(&ty.sql_type))];
        if let Some(s) = &ty.type_schema {
            pairs.push(("typeSchema", J::s(s)));
        }
        pairs.push(("primaryKey", J::Bool(inline_pk)));
        pairs.push((
            "notNull",
            J::Bool(column.not_null || in_pk || serial || identity.is_some()),
        ));
        if let Some(g) = &column.generated {
            pairs.push((
                "generated",
                J::obj(vec![("as", J::s(g.trim())), ("type", J::s("stored"))]),
            ));
        }
        if let Some(i) = identity {
            let max = identity_max(&ty.sql_type);
            pairs.push((
                "identity",
                J::obj(vec![
                    (
                        "type",
                        J::s(match i {
                            Identity::Always => "always",
                            Identity::ByDefault => "byDefault",
                        }),
                    ),
                    ("name", J::s(format!("{}_{}_seq", table.name, column.name))),
                    ("schema", J::s(&table.schema)),
                    ("increment", J::s("1")),
                    ("startWith", J::s("1")),
                    ("minValue", J::s("1")),
                    ("maxValue", J::s(max)),
                    ("cache", J::s("1")),
                    ("cycle", J::Bool(false)),
                ]),
            ));
        }
        if let Some(d) = default {
            pairs.push(("default", d));
        }
        (line, J::obj(pairs), unique_snap)
    }
}
