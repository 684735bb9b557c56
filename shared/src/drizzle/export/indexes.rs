//! Table indexes as `index()`/`uniqueIndex()` calls and snapshot entries; orderings and operator
//! classes of expression keys are written into the expression text.

use super::{Module, Prepared};
use crate::drizzle::json::J;
use crate::drizzle::names::{member, sql_template, ts_string};
use crate::model::{Index, IndexKey, IndexMethod, NullsOrder, Table};
use crate::naming::effective_index_name;

impl Prepared<'_> {
    pub(super) fn index_out(
        &self,
        m: &mut Module,
        table: &Table,
        ix: &Index,
        notes: &mut Vec<String>,
    ) -> (String, (String, J)) {
        let name = effective_index_name(table, ix);
        let f = if ix.unique { "uniqueIndex" } else { "index" };
        m.pg_core.insert(f);
        let mut parts_ts = Vec::new();
        let mut parts_snap = Vec::new();
        for p in &ix.parts {
            match &p.key {
                IndexKey::Column(id) => {
                    let mut s = member("t", &self.prop(table, id));
                    let nulls = match (p.descending, p.nulls) {
                        (true, Some(NullsOrder::Last)) => "last",
                        (true, _) => "first",
                        (false, Some(NullsOrder::First)) => "first",
                        (false, _) => "last",
                    };
                    if p.descending {
                        s.push_str(".desc()");
                        s.push_str(if nulls == "first" {
                            ".nullsFirst()"
                        } else {
                            ".nullsLast()"
                        });
                    } else if nulls == "first" {
                        s.push_str(".nullsFirst()");
                    }
                    let mut pairs = vec![
                        ("expression", J::s(self.col_name(table, id))),
                        ("isExpression", J::Bool(false)),
                        ("asc", J::Bool(!p.descending)),
                        ("nulls", J::s(nulls)),
                    ];
                    if let Some(op) = &p.opclass {
                        s.push_str(&format!(".op({})", ts_string(op.trim())));
                        pairs.push(("opclass", J::s(op.trim())));
                    }
                    parts_ts.push(s);
                    parts_snap.push(J::obj(pairs));
                }
                IndexKey::Expression(e) => {
                    // drizzle has no ordering or operator class for expressions: they are
                    // written into the expression text, which the importer takes apart again.
                    let mut text = e.trim().to_string();
                    if let Some(op) = &p.opclass {
                        text.push(' ');
                        text.push_str(op.trim());
                    }
                    if p.descending {
                        text.push_str(" DESC");
                    }
                    match p.nulls {
                        Some(NullsOrder::First) => text.push_str(" NULLS FIRST"),
                        Some(NullsOrder::Last) => text.push_str(" NULLS LAST"),
                        None => {}
                    }
                    m.sql = true;
                    parts_ts.push(sql_template(&text));
                    parts_snap.push(J::obj(vec![
                        ("expression", J::s(&text)),
                        ("asc", J::Bool(true)),
                        ("isExpression", J::Bool(true)),
                        ("nulls", J::s("last")),
                    ]));
                }
            }
        }
        let mut text = if ix.method == IndexMethod::Btree {
            format!("{f}({}).on({})", ts_string(&name), parts_ts.join(", "))
        } else {
            format!(
                "{f}({}).using({}, {})",
                ts_string(&name),
                ts_string(ix.method.sql()),
                parts_ts.join(", ")
            )
        };
        if let Some(p) = &ix.predicate {
            m.sql = true;
            text.push_str(&format!(".where({})", sql_template(p.trim())));
        }
        // Storage parameters: `.with({ fillfactor: 70 })`, numbers as numbers.
        let with: Vec<(String, J)> = ix
            .storage
            .iter()
            .map(|(k, v)| {
                let value = v
                    .parse::<i64>()
                    .map(|n| J::Num(n.into()))
                    .unwrap_or_else(|_| J::s(v));
                (k.clone(), value)
            })
            .collect();
        if !with.is_empty() {
            let fields: Vec<String> = ix
                .storage
                .iter()
                .map(|(k, v)| {
                    let value = match v.parse::<i64>() {
                        Ok(n) => n.to_string(),
                        Err(_) => ts_string(v),
                    };
                    format!("{}: {value}", crate::drizzle::names::property_key(k))
                })
                .collect();
            text.push_str(&format!(".with({{ {} }})", fields.join(", ")));
        }
        if !ix.include.is_empty() {
            notes.push(format!(
                "index {name} has INCLUDE columns, which Drizzle cannot express"
            ));
        }
        if ix.nulls_not_distinct {
            notes.push(format!(
                "index {name} is NULLS NOT DISTINCT, which Drizzle cannot express"
            ));
        }
        let mut pairs = vec![
            ("name", J::s(&name)),
            ("columns", J::Arr(parts_snap)),
            ("isUnique", J::Bool(ix.unique)),
        ];
        if let Some(p) = &ix.predicate {
            pairs.push(("where", J::s(p.trim())));
        }
        pairs.push(("concurrently", J::Bool(false)));
        pairs.push(("method", J::s(ix.method.sql())));
        pairs.push(("with", J::Obj(with)));
        (text, (name, J::obj(pairs)))
    }
}
