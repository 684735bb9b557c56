//! The other statement kinds applied to the raw model: indexes, views, comments, drops,
//! sequences and domains.

use sqlparser::ast::{
    CommentObject, CreateIndex, CreateView, Expr, IndexType, ObjectName, OrderBySort,
};

use super::raw::*;
use super::source::ExprSource;
use super::split::{RawStatement, TokKind};
use super::statements::Importer;
use crate::model::{CheckOption, IndexMethod, NullsOrder, DEFAULT_SCHEMA};

impl<'a> Importer<'a> {
    pub(super) fn create_index(&mut self, ci: CreateIndex, st: &RawStatement, loc: &Loc) {
        let tq = qname(&ci.table_name);
        let matview = self
            .views
            .iter()
            .position(|v| v.qname == tq && v.materialized);
        let target = self.table_index(&tq);
        if target.is_none() && matview.is_none() {
            if self.views.iter().any(|v| v.qname == tq) {
                self.error(
                    loc,
                    format!(
                        "{} is a view: only tables and materialized views have indexes",
                        show(&tq)
                    ),
                );
            } else {
                self.error(
                    loc,
                    format!("table {} is not defined before this statement", show(&tq)),
                );
            }
            return;
        }
        let method = match &ci.using {
            None | Some(IndexType::BTree) => IndexMethod::Btree,
            Some(IndexType::Hash) => IndexMethod::Hash,
            Some(IndexType::GIN) => IndexMethod::Gin,
            Some(IndexType::GiST) => IndexMethod::Gist,
            Some(IndexType::SPGiST) => IndexMethod::Spgist,
            Some(IndexType::BRIN) => IndexMethod::Brin,
            Some(other) => {
                let m = other.to_string().to_ascii_lowercase();
                match m.as_str() {
                    "btree" => IndexMethod::Btree,
                    "hash" => IndexMethod::Hash,
                    "gin" => IndexMethod::Gin,
                    "gist" => IndexMethod::Gist,
                    "spgist" => IndexMethod::Spgist,
                    "brin" => IndexMethod::Brin,
                    _ => {
                        self.warn(
                            loc,
                            format!("index method {m} is not modelled; index skipped"),
                        );
                        return;
                    }
                }
            }
        };
        let name = ci
            .name
            .as_ref()
            .and_then(|n| n.0.last())
            .map(fold_name_part);
        let storage = match storage_parameters(&ci.with) {
            Ok(s) => s,
            Err(m) => {
                self.error(loc, m);
                return;
            }
        };
        let mut src = ExprSource::new(self.text, &st.toks, st.end, &self.parsed);
        let mut parts = Vec::new();
        for c in &ci.columns {
            let mut e = unwrap_nested(&c.column.expr);
            // `col COLLATE "C"`: the key is the column, with a collation of its own.
            let mut collation = None;
            if let Expr::Collate {
                expr,
                collation: name,
            } = e
            {
                if let Expr::Identifier(_) = unwrap_nested(expr) {
                    collation = name.0.last().map(fold_name_part);
                    e = unwrap_nested(expr);
                }
            }
            let key = match e {
                Expr::Identifier(i) => RawIndexKey::Column(fold(i)),
                other => RawIndexKey::Expression {
                    text: src.text_for(other),
                    name_part: match other {
                        Expr::Function(f) => {
                            f.name.0.last().map(fold_name_part).unwrap_or_default()
                        }
                        _ => "expr".to_string(),
                    },
                },
            };
            parts.push(RawIndexPart {
                key,
                descending: matches!(c.column.options.sort, Some(OrderBySort::Desc)),
                nulls: c.column.options.nulls_first.map(|f| {
                    if f {
                        NullsOrder::First
                    } else {
                        NullsOrder::Last
                    }
                }),
                opclass: c
                    .operator_class
                    .as_ref()
                    .map(|o| o.0.iter().map(fold_name_part).collect::<Vec<_>>().join(".")),
                collation,
            });
        }
        if matview.is_some() && !ci.include.is_empty() {
            self.warn(
                loc,
                "INCLUDE on an index of a materialized view is not modelled; index skipped",
            );
            return;
        }
        let indexes = match (target, matview) {
            (Some(ti), _) => &mut self.tables[ti].indexes,
            (None, Some(vi)) => &mut self.views[vi].indexes,
            (None, None) => return,
        };
        if let Some(n) = &name {
            if indexes.iter().any(|ix| ix.name.as_deref() == Some(n)) {
                if !ci.if_not_exists {
                    self.error(loc, format!("index {n} is defined twice"));
                }
                return;
            }
        }
        indexes.push(RawIndex {
            name,
            unique: ci.unique,
            method,
            parts,
            include: ci.include.iter().map(fold).collect(),
            predicate: ci.predicate.as_ref().map(|p| src.text_for(p)),
            nulls_not_distinct: ci.nulls_distinct == Some(false),
            storage,
            comment: None,
            loc: loc.clone(),
        });
    }

    pub(super) fn create_view(&mut self, cv: CreateView, st: &RawStatement, loc: &Loc) {
        let qn = qname(&cv.name);
        let mut check_option = self.view_check_option(st).map(|(_, o)| o);
        if let sqlparser::ast::CreateTableOptions::With(options) = &cv.options {
            let mut other = Vec::new();
            for o in options {
                match view_check_option_setting(o) {
                    Some(Ok(v)) => check_option = Some(v),
                    Some(Err(())) => {
                        self.error(loc, format!("check_option is local or cascaded, not {o}"))
                    }
                    None => other.push(o.to_string()),
                }
            }
            if !other.is_empty() {
                self.warn(
                    loc,
                    format!("view options {} are not modelled", other.join(", ")),
                );
            }
        } else if cv.options != sqlparser::ast::CreateTableOptions::None {
            self.warn(
                loc,
                format!(
                    "view options {} are not modelled",
                    cv.options.to_string().trim()
                ),
            );
        }
        if check_option.is_some() && cv.materialized {
            self.error(loc, "a materialized view has no CHECK OPTION");
            check_option = None;
        }
        let mut query = self
            .view_query_text(st)
            .unwrap_or_else(|| cv.query.to_string());
        let columns: Vec<String> = cv.columns.iter().map(|c| fold(&c.name)).collect();
        if self.recursive_view_word(st).is_some() {
            // PostgreSQL stores `CREATE RECURSIVE VIEW v (cols) AS q` as
            // `CREATE VIEW v (cols) AS WITH RECURSIVE v (cols) AS (q) SELECT cols FROM v`.
            if columns.is_empty() {
                self.error(loc, "a recursive view needs a column list");
                return;
            }
            let cols = columns
                .iter()
                .map(|c| crate::naming::quote_ident(c).into_owned())
                .collect::<Vec<_>>()
                .join(", ");
            let name = crate::naming::quote_ident(&qn.name).into_owned();
            query = format!(
                "WITH RECURSIVE {name}({cols}) AS (\n{query}\n)\nSELECT {cols} FROM {name}"
            );
        }
        if self.table_index(&qn).is_some() {
            self.error(loc, format!("{} is already a table", show(&qn)));
            return;
        }
        let view = RawView {
            qname: qn.clone(),
            loc: loc.clone(),
            columns,
            query,
            materialized: cv.materialized,
            comment: None,
            check_option,
            indexes: Vec::new(),
        };
        match self.views.iter_mut().find(|v| v.qname == qn) {
            Some(existing) if cv.or_replace => *existing = view,
            Some(_) if cv.if_not_exists => {}
            Some(_) => self.error(loc, format!("view {} is defined twice", show(&qn))),
            None => self.views.push(view),
        }
    }

    /// The query of `CREATE [MATERIALIZED] VIEW ... AS <query>` as written in the source: the text
    /// after the first top-level `AS` following `VIEW`, without a trailing `WITH [NO] DATA` or
    /// `WITH [CASCADED|LOCAL] CHECK OPTION`.
    pub(super) fn view_query_text(&self, st: &RawStatement) -> Option<String> {
        let toks = &st.toks;
        let view_pos = toks.iter().position(|t| self.is_word(Some(t), "VIEW"))?;
        let mut depth = 0i32;
        let mut as_tok = None;
        for t in &toks[view_pos + 1..] {
            match t.kind {
                TokKind::Punct('(') => depth += 1,
                TokKind::Punct(')') => depth -= 1,
                TokKind::Word if depth == 0 && self.tok_text(t).eq_ignore_ascii_case("AS") => {
                    as_tok = Some(*t);
                    break;
                }
                _ => {}
            }
        }
        let as_tok = as_tok?;
        let mut end = st.end;
        let n = toks.len();
        let w = |k: usize| {
            n.checked_sub(k)
                .and_then(|i| self.word(toks.get(i)))
                .unwrap_or_default()
        };
        if w(1) == "DATA" && w(2) == "NO" && w(3) == "WITH" {
            end = toks[n - 3].start;
        } else if w(1) == "DATA" && w(2) == "WITH" {
            end = toks[n - 2].start;
        } else if w(1) == "OPTION" && w(2) == "CHECK" {
            let k = if matches!(w(3).as_str(), "CASCADED" | "LOCAL") {
                4
            } else {
                3
            };
            if w(k) == "WITH" {
                end = toks[n - k].start;
            }
        }
        let q = self.text.get(as_tok.end..end)?.trim();
        (!q.is_empty()).then(|| q.to_string())
    }

    pub(super) fn comment(
        &mut self,
        object_type: CommentObject,
        name: &ObjectName,
        comment: Option<String>,
        loc: &Loc,
    ) {
        let missing = |what: &str| format!("{what} is not defined before this statement");
        match object_type {
            CommentObject::Table => {
                let qn = qname(name);
                match self.table_index(&qn) {
                    Some(ti) => self.tables[ti].comment = comment,
                    None => self.error(loc, missing(&format!("table {}", show(&qn)))),
                }
            }
            CommentObject::Column => {
                let parts: Vec<String> = name.0.iter().map(fold_name_part).collect();
                let (table, column) = match parts.len() {
                    0 | 1 => {
                        self.error(loc, "COMMENT ON COLUMN needs table.column");
                        return;
                    }
                    2 => (
                        QName {
                            schema: DEFAULT_SCHEMA.to_string(),
                            name: parts[0].clone(),
                        },
                        parts[1].clone(),
                    ),
                    n => (
                        QName {
                            schema: parts[n - 3].clone(),
                            name: parts[n - 2].clone(),
                        },
                        parts[n - 1].clone(),
                    ),
                };
                let Some(ti) = self.table_index(&table) else {
                    if self.views.iter().any(|v| v.qname == table) {
                        self.warn(loc, "comments on view columns are not modelled; skipped");
                    } else {
                        self.error(loc, missing(&format!("table {}", show(&table))));
                    }
                    return;
                };
                match self.tables[ti]
                    .columns
                    .iter_mut()
                    .find(|c| c.name == column)
                {
                    Some(c) => c.comment = comment,
                    None => self.error(loc, format!("column {column} does not exist")),
                }
            }
            CommentObject::Type => {
                let qn = qname(name);
                if let Some(e) = self.enums.iter_mut().find(|e| e.qname == qn) {
                    e.comment = comment;
                } else if let Some(c) = self.composites.iter_mut().find(|c| c.qname == qn) {
                    c.comment = comment;
                } else {
                    self.warn(
                        loc,
                        format!(
                            "type {} is not an enum or composite type defined in this file; comment skipped",
                            show(&qn)
                        ),
                    );
                }
            }
            CommentObject::View | CommentObject::MaterializedView => {
                let qn = qname(name);
                match self.views.iter_mut().find(|v| v.qname == qn) {
                    Some(v) => v.comment = comment,
                    None => self.error(loc, missing(&format!("view {}", show(&qn)))),
                }
            }
            CommentObject::Sequence => {
                let qn = qname(name);
                match self.sequences.iter_mut().find(|s| s.qname == qn) {
                    Some(s) => s.comment = comment,
                    None => self.error(loc, missing(&format!("sequence {}", show(&qn)))),
                }
            }
            CommentObject::Schema => {
                let n = name.0.last().map(fold_name_part).unwrap_or_default();
                match self.namespaces.iter_mut().find(|(s, _)| *s == n) {
                    Some((_, c)) => *c = comment,
                    None if n == DEFAULT_SCHEMA => {
                        self.namespaces.push((n, comment));
                    }
                    None => self.error(loc, missing(&format!("schema {n}"))),
                }
            }
            CommentObject::Index => {
                let qn = qname(name);
                let index = self
                    .tables
                    .iter_mut()
                    .filter(|t| t.qname.schema == qn.schema)
                    .flat_map(|t| t.indexes.iter_mut())
                    .find(|ix| ix.name.as_deref() == Some(qn.name.as_str()));
                match index {
                    Some(ix) => ix.comment = comment,
                    None => self.warn(
                        loc,
                        format!(
                            "index {} is not an index defined in this file; comment skipped",
                            show(&qn)
                        ),
                    ),
                }
            }
            other => self.warn(loc, format!("COMMENT ON {other} skipped: not modelled")),
        }
    }

    pub(super) fn drop(
        &mut self,
        object_type: sqlparser::ast::ObjectType,
        names: &[ObjectName],
        if_exists: bool,
        loc: &Loc,
    ) {
        use sqlparser::ast::ObjectType;
        for name in names {
            let qn = qname(name);
            let found = match object_type {
                ObjectType::Table => {
                    let before = self.tables.len();
                    self.tables.retain(|t| t.qname != qn);
                    self.reindex_tables();
                    before != self.tables.len()
                }
                ObjectType::View | ObjectType::MaterializedView => {
                    let before = self.views.len();
                    self.views.retain(|v| v.qname != qn);
                    before != self.views.len()
                }
                ObjectType::Type => {
                    let before = self.enums.len();
                    self.enums.retain(|e| e.qname != qn);
                    before != self.enums.len()
                }
                ObjectType::Index => {
                    let mut found = false;
                    let lists = self
                        .tables
                        .iter_mut()
                        .filter(|t| t.qname.schema == qn.schema)
                        .map(|t| &mut t.indexes)
                        .chain(
                            self.views
                                .iter_mut()
                                .filter(|v| v.qname.schema == qn.schema)
                                .map(|v| &mut v.indexes),
                        );
                    for indexes in lists {
                        let before = indexes.len();
                        indexes.retain(|ix| ix.name.as_deref() != Some(qn.name.as_str()));
                        found |= before != indexes.len();
                    }
                    found
                }
                ObjectType::Sequence => {
                    let before = self.sequences.len();
                    self.sequences.retain(|s| s.qname != qn);
                    before != self.sequences.len()
                }
                ObjectType::Schema => {
                    let n = name.0.last().map(fold_name_part).unwrap_or_default();
                    let before = self.namespaces.len();
                    self.namespaces.retain(|(s, _)| *s != n);
                    before != self.namespaces.len()
                }
                _ => {
                    self.warn(loc, "skipped: not modelled");
                    return;
                }
            };
            if !found && !if_exists {
                self.warn(
                    loc,
                    format!("{} does not exist; nothing dropped", show(&qn)),
                );
            }
        }
    }
}

/// `check_option = local|cascaded` in a view's `WITH (...)`: `None` for another option,
/// `Some(Err)` for another value.
pub(super) fn view_check_option_setting(
    o: &sqlparser::ast::SqlOption,
) -> Option<Result<CheckOption, ()>> {
    let sqlparser::ast::SqlOption::KeyValue { key, value } = o else {
        return None;
    };
    if !key.to_string().eq_ignore_ascii_case("check_option") {
        return None;
    }
    let v = value.to_string();
    let v = v.trim_matches(|c| c == '\'' || c == '"');
    Some(if v.eq_ignore_ascii_case("local") {
        Ok(CheckOption::Local)
    } else if v.eq_ignore_ascii_case("cascaded") {
        Ok(CheckOption::Cascaded)
    } else {
        Err(())
    })
}

/// Index storage parameters, `WITH (fillfactor = 70, deduplicate_items = off)`: names and
/// unquoted words lowercased, string quotes removed, as PostgreSQL stores them.
pub(super) fn storage_parameters(
    with: &[Expr],
) -> Result<std::collections::BTreeMap<String, String>, String> {
    let mut out = std::collections::BTreeMap::new();
    for e in with {
        let (name, value) = match e {
            Expr::BinaryOp {
                left,
                op: sqlparser::ast::BinaryOperator::Eq,
                right,
            } => match unwrap_nested(left) {
                Expr::Identifier(i) => (fold(i), storage_value(right)),
                other => return Err(format!("storage parameter {other} is not a name")),
            },
            Expr::Identifier(i) => (fold(i), "true".to_string()),
            other => return Err(format!("storage parameter {other} is not name = value")),
        };
        out.insert(name, value);
    }
    Ok(out)
}

pub(super) fn storage_value(e: &Expr) -> String {
    match unwrap_nested(e) {
        Expr::Value(v) => match &v.value {
            sqlparser::ast::Value::SingleQuotedString(s) => s.clone(),
            sqlparser::ast::Value::Boolean(b) => b.to_string(),
            other => other.to_string(),
        },
        Expr::Identifier(i) => fold(i),
        other => other.to_string(),
    }
}
