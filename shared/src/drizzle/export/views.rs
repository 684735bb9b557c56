//! Views and materialized views as `pgView`/`pgMaterializedView` declarations and snapshot
//! entries, with what Drizzle cannot express noted as `// joinery:` comments.

use super::{stem, Module, Prepared, NAMESPACES_FILE};
use crate::drizzle::json::J;
use crate::drizzle::names::{doc_comment, sql_template, ts_string};
use crate::model::{View, DEFAULT_SCHEMA};

impl Prepared<'_> {
    pub(super) fn view_out(&self, m: &mut Module, view: &View) -> (String, (String, J)) {
        let c = &self.view_consts[&view.id];
        let query = crate::ddl::view_query_text(view);
        let (f, method) = if view.materialized {
            ("pgMaterializedView", "materializedView")
        } else {
            ("pgView", "view")
        };
        let ctor = if view.schema == DEFAULT_SCHEMA {
            m.pg_core.insert(f);
            f.to_string()
        } else {
            let ns = self.ns_consts[&view.schema].clone();
            m.locals
                .entry(stem(NAMESPACES_FILE))
                .or_default()
                .insert(ns.clone());
            format!("{ns}.{method}")
        };
        m.sql = true;
        let mut decl = String::new();
        if let Some(text) = &view.comment {
            decl.push_str(&doc_comment(text, ""));
        }
        if !view.columns.is_empty() {
            decl.push_str(&format!(
                "// joinery: the view's column list ({}) cannot be expressed in Drizzle\n",
                view.columns.join(", ")
            ));
        }
        if view.materialized {
            for ix in &view.indexes {
                decl.push_str(&format!(
                    "// joinery: index {} on this materialized view cannot be expressed in Drizzle\n",
                    crate::naming::effective_view_index_name(view, ix)
                ));
            }
        }
        let check = view.check_option.filter(|_| !view.materialized);
        let with = match check {
            Some(o) => format!(
                ".with({{ checkOption: {} }})",
                ts_string(&o.sql().to_ascii_lowercase())
            ),
            None => String::new(),
        };
        decl.push_str(&format!(
            "export const {c} = {ctor}({}, {{}}){with}.as({});\n",
            ts_string(&view.name),
            sql_template(query)
        ));
        let mut pairs = vec![
            ("columns", J::Obj(vec![])),
            ("definition", J::s(query)),
            ("name", J::s(&view.name)),
            ("schema", J::s(&view.schema)),
            ("isExisting", J::Bool(false)),
        ];
        if let Some(o) = check {
            pairs.push((
                "with",
                J::obj(vec![("checkOption", J::s(o.sql().to_ascii_lowercase()))]),
            ));
        }
        pairs.push(("materialized", J::Bool(view.materialized)));
        let snap = J::obj(pairs);
        (decl, (format!("{}.{}", view.schema, view.name), snap))
    }
}
