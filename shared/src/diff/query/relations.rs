//! The relations a query reads (tables, views, CTEs, subqueries, table functions, joins) and
//! how a column reference is resolved through them.

use sqlparser::ast::{
    DataType, FunctionArg, JoinConstraint, JoinOperator, ObjectName, TableAlias, TableFactor,
    TableWithJoins,
};

use std::collections::HashMap;

use crate::model::{Column, Id, Schema, Table, View, DEFAULT_SCHEMA};

use super::*;

/// A schema's tables and views by `(schema, name)` and its tables by id, each the first one a
/// scan in order would find: keying the views of a large schema looks relations up over and
/// over, and a scan per lookup made it grow with views times tables.
pub(crate) struct Relations<'a> {
    pub(crate) schema: &'a Schema,
    tables: HashMap<(&'a str, &'a str), &'a Table>,
    views: HashMap<(&'a str, &'a str), &'a View>,
    by_id: HashMap<&'a Id, &'a Table>,
}

impl<'a> Relations<'a> {
    pub(crate) fn new(schema: &'a Schema) -> Relations<'a> {
        let mut tables = HashMap::with_capacity(schema.tables.len());
        let mut by_id = HashMap::with_capacity(schema.tables.len());
        for t in &schema.tables {
            tables
                .entry((t.schema.as_str(), t.name.as_str()))
                .or_insert(t);
            by_id.entry(&t.id).or_insert(t);
        }
        let mut views = HashMap::with_capacity(schema.views.len());
        for v in &schema.views {
            views
                .entry((v.schema.as_str(), v.name.as_str()))
                .or_insert(v);
        }
        Relations {
            schema,
            tables,
            views,
            by_id,
        }
    }

    fn table(&self, schema: &str, name: &str) -> Option<&'a Table> {
        self.tables.get(&(schema, name)).copied()
    }

    fn view(&self, schema: &str, name: &str) -> Option<&'a View> {
        self.views.get(&(schema, name)).copied()
    }
}

impl<'a> Keyer<'a> {
    pub(super) fn new(
        rels: &'a Relations<'a>,
        order_hint: Option<&'a Relations<'a>>,
        visiting: Vec<(String, String)>,
    ) -> Self {
        Keyer {
            schema: rels.schema,
            rels,
            order_hint,
            scopes: Vec::new(),
            ctes: Vec::new(),
            next_rel: 0,
            visiting,
            depth: 0,
        }
    }

    pub(super) fn canon(&mut self) -> String {
        self.next_rel += 1;
        format!("${}", self.next_rel)
    }

    pub(super) fn type_key(&self, dt: &DataType) -> String {
        let text = dt.to_string();
        let text = if text.contains('"') {
            text
        } else {
            text.to_lowercase()
        };
        column_type_key(
            self.schema,
            &crate::normalize::parse_type_name(&text, self.schema),
        )
    }

    // ---- relations -----------------------------------------------------------------------

    /// A table's columns, in the order PostgreSQL will have them after the migration.
    pub(super) fn table_columns(&self, t: &Table) -> Vec<Col> {
        let mut cols: Vec<&Column> = t.columns.iter().collect();
        if let Some(hint) = self.order_hint {
            let old = hint
                .by_id
                .get(&t.id)
                .copied()
                .or_else(|| hint.table(&t.schema, &t.name));
            if let Some(old) = old {
                let pos = |c: &Column| {
                    old.columns
                        .iter()
                        .position(|o| o.id == c.id)
                        .or_else(|| old.columns.iter().position(|o| o.name == c.name))
                };
                cols.sort_by_key(|c| pos(c).unwrap_or(usize::MAX));
            }
        }
        cols.into_iter()
            .map(|c| Col {
                name: c.name.clone(),
                ty: Some(column_type_key(self.schema, &c.ty)),
            })
            .collect()
    }

    /// The output columns of a view of the schema.
    pub(super) fn view_columns(&self, v: &View) -> Option<Vec<Col>> {
        let me = (v.schema.clone(), v.name.clone());
        let named = || {
            (!v.columns.is_empty()).then(|| {
                v.columns
                    .iter()
                    .map(|c| Col {
                        name: c.clone(),
                        ty: None,
                    })
                    .collect()
            })
        };
        if self.visiting.contains(&me) || self.visiting.len() > 8 {
            return named();
        }
        let Ok(q) = crate::sql::parse_query(crate::ddl::view_query_text(v)) else {
            return named();
        };
        let mut visiting = self.visiting.clone();
        visiting.push(me);
        let mut k = Keyer::new(self.rels, self.order_hint, visiting);
        let names = (!v.columns.is_empty()).then_some(v.columns.as_slice());
        match k.query(&q, names, true) {
            Ok((_, cols)) => Some(cols),
            Err(_) => named(),
        }
    }

    /// A named relation: a CTE in scope, else a table or view of the schema (else unknown).
    pub(super) fn named_relation(&self, parts: &[String]) -> R<NamedRelation> {
        let (schema_name, name) = match parts {
            [n] => {
                for frame in self.ctes.iter().rev() {
                    if let Some(c) = frame.iter().rev().find(|c| &c.name == n) {
                        return Ok((format!("cte {}", qi(n)), None, c.columns.clone()));
                    }
                }
                (DEFAULT_SCHEMA.to_string(), n.clone())
            }
            [s, n] => (s.clone(), n.clone()),
            _ => return Err(Unsupported),
        };
        let key = format!("{}.{}", qi(&schema_name), qi(&name));
        let columns = if let Some(t) = self.rels.table(&schema_name, &name) {
            Some(self.table_columns(t))
        } else if let Some(v) = self.rels.view(&schema_name, &name) {
            self.view_columns(v)
        } else {
            None
        };
        Ok((key, Some((schema_name, name)), columns))
    }

    pub(super) fn push_rel(&mut self, rel: Rel) {
        if let Some(scope) = self.scopes.last_mut() {
            scope.rels.push(rel);
        }
    }

    /// Applies an alias: its column list renames the first columns (references to them are keyed
    /// by the new names, so the list itself is not part of the key). Returns the refname.
    pub(super) fn alias_of(
        alias: &Option<TableAlias>,
        default: String,
        columns: &mut Option<Vec<Col>>,
    ) -> R<String> {
        let Some(a) = alias else {
            return Ok(default);
        };
        if a.at.is_some() || a.columns.iter().any(|c| c.data_type.is_some()) {
            return Err(Unsupported);
        }
        let names: Vec<String> = a.columns.iter().map(|c| fold(&c.name)).collect();
        if !names.is_empty() {
            match columns {
                Some(cols) => {
                    for (c, n) in cols.iter_mut().zip(&names) {
                        c.name = n.clone();
                    }
                    if names.len() > cols.len() {
                        cols.extend(names[cols.len()..].iter().map(|n| Col {
                            name: n.clone(),
                            ty: None,
                        }));
                    }
                }
                None => {
                    *columns = Some(
                        names
                            .iter()
                            .map(|n| Col {
                                name: n.clone(),
                                ty: None,
                            })
                            .collect(),
                    )
                }
            }
        }
        Ok(fold(&a.name))
    }

    pub(super) fn table_function(
        &mut self,
        lateral: bool,
        name: &ObjectName,
        args: &[FunctionArg],
        with_ordinality: bool,
        alias: &Option<TableAlias>,
    ) -> R<String> {
        let parts = fold_name(name);
        let fname = parts.last().cloned().unwrap_or_default();
        let args = self.function_args(args)?;
        let mut columns = None;
        let default = fname.clone();
        let refname = Self::alias_of(alias, default, &mut columns)?;
        if columns.is_none() {
            // A function returning one value: its column is named after the alias (else the
            // function); a set of rows of a composite type is not known.
            columns = Some(vec![Col {
                name: refname.clone(),
                ty: None,
            }]);
        }
        if with_ordinality {
            if let Some(c) = &mut columns {
                c.push(Col {
                    name: "ordinality".into(),
                    ty: Some("bigint".into()),
                });
            }
        }
        let canon = self.canon();
        let key = format!(
            "{}{}({}){} {canon}",
            if lateral { "lateral " } else { "" },
            parts.join("."),
            args,
            if with_ordinality {
                " with ordinality"
            } else {
                ""
            }
        );
        self.push_rel(Rel {
            refname,
            table: None,
            canon,
            columns,
        });
        Ok(key)
    }

    pub(super) fn table_factor(&mut self, tf: &TableFactor) -> R<String> {
        match tf {
            TableFactor::Table {
                name,
                alias,
                args,
                with_hints,
                version,
                with_ordinality,
                partitions,
                json_path,
                sample,
                index_directives,
                inheritance,
            } => {
                if !with_hints.is_empty()
                    || version.is_some()
                    || !partitions.is_empty()
                    || json_path.is_some()
                    || sample.is_some()
                    || !index_directives.is_empty()
                    || inheritance.is_some()
                {
                    return Err(Unsupported);
                }
                if let Some(args) = args {
                    if args.settings.is_some() {
                        return Err(Unsupported);
                    }
                    return self.table_function(false, name, &args.args, *with_ordinality, alias);
                }
                if *with_ordinality {
                    return Err(Unsupported);
                }
                let parts = fold_name(name);
                let (key, table, mut columns) = self.named_relation(&parts)?;
                let own = parts.last().cloned().unwrap_or_default();
                let refname = Self::alias_of(alias, own, &mut columns)?;
                let table = if alias.is_some() { None } else { table };
                let canon = self.canon();
                let out = format!("{key} {canon}");
                self.push_rel(Rel {
                    refname,
                    table,
                    canon,
                    columns,
                });
                Ok(out)
            }
            TableFactor::Derived {
                lateral,
                subquery,
                alias,
                sample,
            } => {
                if sample.is_some() {
                    return Err(Unsupported);
                }
                let (qk, cols) = self.query(subquery, None, true)?;
                let mut columns = Some(cols);
                let refname = Self::alias_of(alias, String::new(), &mut columns)?;
                let canon = self.canon();
                let out = format!("{}({qk}) {canon}", if *lateral { "lateral " } else { "" });
                self.push_rel(Rel {
                    refname,
                    table: None,
                    canon,
                    columns,
                });
                Ok(out)
            }
            TableFactor::Function {
                lateral,
                name,
                args,
                with_ordinality,
                alias,
            } => self.table_function(*lateral, name, args, *with_ordinality, alias),
            TableFactor::NestedJoin {
                table_with_joins,
                alias: None,
            } => self.table_with_joins(table_with_joins),
            _ => Err(Unsupported),
        }
    }

    /// A join tree, keyed left-deep: `a JOIN b ON x JOIN c ON y` and PostgreSQL's
    /// `((a JOIN b ON x) JOIN c ON y)` meet.
    pub(super) fn table_with_joins(&mut self, twj: &TableWithJoins) -> R<String> {
        let mut acc = self.table_factor(&twj.relation)?;
        for j in &twj.joins {
            if j.global {
                return Err(Unsupported);
            }
            let right = self.table_factor(&j.relation)?;
            let (kw, c) = match &j.join_operator {
                JoinOperator::Join(c) | JoinOperator::Inner(c) => ("join", c),
                JoinOperator::Left(c) | JoinOperator::LeftOuter(c) => ("left join", c),
                JoinOperator::Right(c) | JoinOperator::RightOuter(c) => ("right join", c),
                JoinOperator::FullOuter(c) => ("full join", c),
                JoinOperator::CrossJoin(c) => ("cross join", c),
                _ => return Err(Unsupported),
            };
            let cons = match c {
                JoinConstraint::On(e) => format!(" on {}", self.ex(e)?.key),
                JoinConstraint::Using(names) => {
                    let mut cols = Vec::new();
                    for n in names {
                        let parts = fold_name(n);
                        let [c] = parts.as_slice() else {
                            return Err(Unsupported);
                        };
                        cols.push(c.clone());
                    }
                    if let Some(scope) = self.scopes.last_mut() {
                        scope.using.extend(cols.iter().cloned());
                    }
                    format!(
                        " using ({})",
                        cols.iter().map(|c| qi(c)).collect::<Vec<_>>().join(", ")
                    )
                }
                JoinConstraint::Natural => {
                    if let Some(scope) = self.scopes.last_mut() {
                        scope.natural = true;
                    }
                    " natural".into()
                }
                JoinConstraint::None => String::new(),
                JoinConstraint::UsingAlias(..) => return Err(Unsupported),
            };
            acc = format!("({acc} {kw} {right}{cons})");
        }
        Ok(acc)
    }

    // ---- column references ---------------------------------------------------------------

    /// An unqualified column, searched from the innermost scope out.
    pub(super) fn resolve(&self, name: &str) -> Option<Out> {
        let found = |rel: &Rel, ty: Option<String>| {
            Some(Out::plain(format!("{}.{}", rel.canon, qi(name)), ty))
        };
        for scope in self.scopes.iter().rev() {
            let known: Vec<(&Rel, &Col)> = scope
                .rels
                .iter()
                .filter_map(|r| {
                    r.columns
                        .as_ref()
                        .and_then(|cols| cols.iter().find(|c| c.name == name))
                        .map(|c| (r, c))
                })
                .collect();
            match known.len() {
                1 => return found(known[0].0, known[0].1.ty.clone()),
                0 => {
                    if scope.rels.iter().any(|r| r.columns.is_none()) {
                        if scope.rels.len() == 1 {
                            return found(&scope.rels[0], None);
                        }
                        return None;
                    }
                }
                _ => {
                    if scope.natural || scope.using.iter().any(|u| u == name) {
                        return found(known[0].0, known[0].1.ty.clone());
                    }
                    return None;
                }
            }
        }
        None
    }

    /// A column qualified by a relation (`u.id`) or by a table with its schema
    /// (`public.users.id`).
    pub(super) fn resolve_qualified(&self, qualifier: &[String], name: &str) -> Option<Out> {
        for scope in self.scopes.iter().rev() {
            for rel in scope.rels.iter().rev() {
                let hit = match qualifier {
                    [q] => &rel.refname == q,
                    [s, t] => rel.table.as_ref() == Some(&(s.clone(), t.clone())),
                    _ => false,
                };
                if hit {
                    let ty = rel
                        .columns
                        .as_ref()
                        .and_then(|cols| cols.iter().find(|c| c.name == name))
                        .and_then(|c| c.ty.clone());
                    return Some(Out::plain(format!("{}.{}", rel.canon, qi(name)), ty));
                }
            }
        }
        None
    }

    pub(super) fn find_rel(&self, qualifier: &[String]) -> Option<&Rel> {
        for scope in self.scopes.iter().rev() {
            for rel in scope.rels.iter().rev() {
                let hit = match qualifier {
                    [q] => &rel.refname == q,
                    [s, t] => rel.table.as_ref() == Some(&(s.clone(), t.clone())),
                    _ => false,
                };
                if hit {
                    return Some(rel);
                }
            }
        }
        None
    }

    // ---- queries -------------------------------------------------------------------------
}
