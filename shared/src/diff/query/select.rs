//! Queries, set operations, CTEs and select lists: the shape of the key, with output names and
//! `*` expanded.

use sqlparser::ast::{
    CastKind, Distinct, Expr, GroupByExpr, LimitClause, OrderByExpr, OrderByKind, OrderBySort,
    Query, Select, SelectItem, SelectItemQualifiedWildcardKind, SetExpr, SetOperator,
    SetQuantifier, Value,
};

use super::*;

impl<'a> Keyer<'a> {
    /// A query's key and output columns. `names` overrides the output names (a view's column
    /// list, a CTE's); `visible` says whether output names are part of the key.
    pub(super) fn query(
        &mut self,
        q: &Query,
        names: Option<&[String]>,
        visible: bool,
    ) -> R<(String, Vec<Col>)> {
        self.depth += 1;
        let out = if self.depth > MAX_DEPTH {
            Err(Unsupported)
        } else {
            self.query_in_depth(q, names, visible)
        };
        self.depth -= 1;
        out
    }

    pub(super) fn query_in_depth(
        &mut self,
        q: &Query,
        names: Option<&[String]>,
        visible: bool,
    ) -> R<(String, Vec<Col>)> {
        if !q.locks.is_empty()
            || q.for_clause.is_some()
            || q.settings.is_some()
            || q.format_clause.is_some()
            || !q.pipe_operators.is_empty()
        {
            return Err(Unsupported);
        }
        let mut out = String::new();
        let with = q.with.is_some();
        if let Some(w) = &q.with {
            self.ctes.push(Vec::new());
            let r = self.with_clause(w, &mut out);
            if r.is_err() {
                self.ctes.pop();
                return r.map(|_| (String::new(), Vec::new()));
            }
        }
        let result = self.query_body(q, names, visible, &mut out);
        if with {
            self.ctes.pop();
        }
        let cols = result?;
        Ok((out, cols))
    }

    pub(super) fn with_clause(&mut self, w: &sqlparser::ast::With, out: &mut String) -> R<()> {
        out.push_str(if w.recursive {
            "with recursive "
        } else {
            "with "
        });
        for (i, cte) in w.cte_tables.iter().enumerate() {
            if cte.from.is_some()
                || cte.alias.at.is_some()
                || cte.alias.columns.iter().any(|c| c.data_type.is_some())
            {
                return Err(Unsupported);
            }
            let name = fold(&cte.alias.name);
            let alias_cols: Vec<String> = cte.alias.columns.iter().map(|c| fold(&c.name)).collect();
            if w.recursive {
                // The CTE reads itself: its columns are the alias list's, types unknown.
                let columns = (!alias_cols.is_empty()).then(|| {
                    alias_cols
                        .iter()
                        .map(|n| Col {
                            name: n.clone(),
                            ty: None,
                        })
                        .collect()
                });
                if let Some(frame) = self.ctes.last_mut() {
                    frame.push(Cte {
                        name: name.clone(),
                        columns,
                    });
                }
            }
            let names = (!alias_cols.is_empty()).then_some(alias_cols.as_slice());
            let (key, cols) = self.query(&cte.query, names, alias_cols.is_empty())?;
            if let Some(frame) = self.ctes.last_mut() {
                if w.recursive {
                    frame.pop();
                }
                frame.push(Cte {
                    name: name.clone(),
                    columns: Some(cols),
                });
            }
            let list = if alias_cols.is_empty() {
                String::new()
            } else {
                format!(
                    "({})",
                    alias_cols
                        .iter()
                        .map(|n| qi(n))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            };
            let mat = match cte.materialized {
                Some(sqlparser::ast::CteAsMaterialized::Materialized) => "materialized ",
                Some(sqlparser::ast::CteAsMaterialized::NotMaterialized) => "not materialized ",
                None => "",
            };
            if i > 0 {
                out.push_str(", ");
            }
            out.push_str(&format!("{}{list} as {mat}({key})", qi(&name)));
        }
        out.push(' ');
        Ok(())
    }

    pub(super) fn query_body(
        &mut self,
        q: &Query,
        names: Option<&[String]>,
        visible: bool,
        out: &mut String,
    ) -> R<Vec<Col>> {
        let order_by = match &q.order_by {
            None => None,
            Some(ob) => {
                if ob.interpolate.is_some() {
                    return Err(Unsupported);
                }
                match &ob.kind {
                    OrderByKind::Expressions(list) => Some(list.as_slice()),
                    OrderByKind::All(_) => return Err(Unsupported),
                }
            }
        };
        let cols = match q.body.as_ref() {
            SetExpr::Select(s) => {
                let (key, cols) = self.select(s, names, visible, order_by)?;
                out.push_str(&key);
                cols
            }
            body => {
                let (key, cols) = self.set_expr(body, names, visible)?;
                out.push_str(&key);
                if let Some(list) = order_by {
                    // Over a set operation, ORDER BY names output columns: keyed by position.
                    let mut keys = Vec::new();
                    for o in list {
                        let pos = match &o.expr {
                            Expr::Value(v) => match &v.value {
                                Value::Number(n, _) => n.parse::<usize>().ok(),
                                _ => None,
                            },
                            Expr::Identifier(i) => {
                                let n = fold(i);
                                cols.iter().position(|c| c.name == n).map(|p| p + 1)
                            }
                            _ => None,
                        };
                        let k = match pos {
                            Some(p) => format!("#{p}"),
                            None => self.ex(&o.expr)?.key,
                        };
                        keys.push(format!("{k}{}", Self::order_options(o)?));
                    }
                    out.push_str(&format!(" order by {}", keys.join(", ")));
                }
                cols
            }
        };
        if let Some(lc) = &q.limit_clause {
            match lc {
                LimitClause::LimitOffset {
                    limit,
                    offset,
                    limit_by,
                } => {
                    if !limit_by.is_empty() {
                        return Err(Unsupported);
                    }
                    if let Some(l) = limit {
                        let k = self.ex(l)?.key;
                        if k != "null" {
                            out.push_str(&format!(" limit {k}"));
                        }
                    }
                    if let Some(o) = offset {
                        out.push_str(&format!(" offset {}", self.ex(&o.value)?.key));
                    }
                }
                LimitClause::OffsetCommaLimit { .. } => return Err(Unsupported),
            }
        }
        if let Some(f) = &q.fetch {
            if f.percent {
                return Err(Unsupported);
            }
            let n = match &f.quantity {
                Some(e) => self.ex(e)?.key,
                None => "1".into(),
            };
            // PostgreSQL prints FETCH FIRST n ROWS ONLY as LIMIT n.
            if f.with_ties {
                out.push_str(&format!(" fetch with ties {n}"));
            } else {
                out.push_str(&format!(" limit {n}"));
            }
        }
        Ok(cols)
    }

    pub(super) fn set_expr(
        &mut self,
        e: &SetExpr,
        names: Option<&[String]>,
        visible: bool,
    ) -> R<(String, Vec<Col>)> {
        match e {
            SetExpr::Select(s) => self.select(s, names, visible, None),
            SetExpr::Query(q) => {
                if q.with.is_none()
                    && q.order_by.is_none()
                    && q.limit_clause.is_none()
                    && q.fetch.is_none()
                {
                    self.set_expr(&q.body, names, visible)
                } else {
                    let (k, cols) = self.query(q, names, visible)?;
                    Ok((format!("({k})"), cols))
                }
            }
            SetExpr::SetOperation {
                left,
                op,
                set_quantifier,
                right,
            } => {
                let (l, cols) = self.set_expr(left, names, visible)?;
                // Only the first branch names the columns.
                let (r, _) = self.set_expr(right, None, false)?;
                let op = match op {
                    SetOperator::Union => "union",
                    SetOperator::Except => "except",
                    SetOperator::Intersect => "intersect",
                    SetOperator::Minus => return Err(Unsupported),
                };
                let q = match set_quantifier {
                    SetQuantifier::All => " all",
                    SetQuantifier::Distinct | SetQuantifier::None => "",
                    _ => return Err(Unsupported),
                };
                Ok((format!("({l} {op}{q} {r})"), cols))
            }
            SetExpr::Values(v) => {
                let mut rows = Vec::new();
                let mut cols: Vec<Col> = Vec::new();
                for (ri, row) in v.rows.iter().enumerate() {
                    let mut keys = Vec::new();
                    for (ci, e) in row.content.iter().enumerate() {
                        let (o, _) = self.ex_top(e)?;
                        if ri == 0 {
                            let name = names
                                .and_then(|n| n.get(ci).cloned())
                                .unwrap_or_else(|| format!("column{}", ci + 1));
                            cols.push(Col {
                                name,
                                ty: o.ty.clone(),
                            });
                        }
                        keys.push(o.key);
                    }
                    rows.push(format!("({})", keys.join(", ")));
                }
                let mut key = format!("values {}", rows.join(", "));
                if visible && names.is_some() {
                    key.push_str(&format!(
                        " as ({})",
                        cols.iter()
                            .map(|c| format!("\"{}\"", c.name))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ));
                }
                Ok((key, cols))
            }
            _ => Err(Unsupported),
        }
    }

    pub(super) fn order_options(o: &OrderByExpr) -> R<String> {
        if o.with_fill.is_some() {
            return Err(Unsupported);
        }
        let desc = matches!(o.options.sort, Some(OrderBySort::Desc));
        let mut s = String::new();
        if desc {
            s.push_str(" desc");
        }
        match o.options.nulls_first {
            Some(true) if !desc => s.push_str(" nulls first"),
            Some(false) if desc => s.push_str(" nulls last"),
            _ => {}
        }
        Ok(s)
    }

    pub(super) fn select(
        &mut self,
        s: &Select,
        names: Option<&[String]>,
        visible: bool,
        order_by: Option<&[OrderByExpr]>,
    ) -> R<(String, Vec<Col>)> {
        self.scopes.push(Scope::default());
        let r = self.select_in_scope(s, names, visible, order_by);
        self.scopes.pop();
        r
    }

    pub(super) fn select_in_scope(
        &mut self,
        s: &Select,
        names: Option<&[String]>,
        visible: bool,
        order_by: Option<&[OrderByExpr]>,
    ) -> R<(String, Vec<Col>)> {
        if !s.optimizer_hints.is_empty()
            || s.select_modifiers.is_some()
            || s.top.is_some()
            || s.exclude.is_some()
            || s.into.is_some()
            || !s.lateral_views.is_empty()
            || s.prewhere.is_some()
            || !s.connect_by.is_empty()
            || !s.cluster_by.is_empty()
            || !s.distribute_by.is_empty()
            || !s.sort_by.is_empty()
            || s.qualify.is_some()
            || s.value_table_mode.is_some()
            || s.flavor != sqlparser::ast::SelectFlavor::Standard
        {
            return Err(Unsupported);
        }
        let mut from = Vec::new();
        for twj in &s.from {
            from.push(self.table_with_joins(twj)?);
        }
        let mut items: Vec<Item> = Vec::new();
        for item in &s.projection {
            match item {
                SelectItem::Wildcard(opts) => {
                    if !wildcard_plain(opts) {
                        return Err(Unsupported);
                    }
                    let scope = self.scopes.last().ok_or(Unsupported)?;
                    if scope.natural || !scope.using.is_empty() || scope.rels.is_empty() {
                        return Err(Unsupported);
                    }
                    let mut expanded = Vec::new();
                    for rel in &scope.rels {
                        expanded.extend(Self::expand(rel)?);
                    }
                    items.extend(expanded);
                }
                SelectItem::QualifiedWildcard(kind, opts) => {
                    if !wildcard_plain(opts) {
                        return Err(Unsupported);
                    }
                    let SelectItemQualifiedWildcardKind::ObjectName(n) = kind else {
                        return Err(Unsupported);
                    };
                    let rel = self.find_rel(&fold_name(n)).ok_or(Unsupported)?;
                    items.extend(Self::expand(rel)?);
                }
                SelectItem::UnnamedExpr(e) => {
                    let (name, _) = colname(e);
                    items.push(self.item(e, name)?);
                }
                SelectItem::ExprWithAlias { expr, alias } => {
                    items.push(self.item(expr, fold(alias))?);
                }
                SelectItem::ExprWithAliases { .. } => return Err(Unsupported),
            }
        }
        if let Some(names) = names {
            for (item, n) in items.iter_mut().zip(names) {
                item.col.name = n.clone();
            }
        }
        let mut out = String::from("select ");
        match &s.distinct {
            None | Some(Distinct::All) => {}
            Some(Distinct::Distinct) => out.push_str("distinct "),
            Some(Distinct::On(list)) => {
                let mut keys = Vec::new();
                for e in list {
                    keys.push(self.ex(e)?.key);
                }
                out.push_str(&format!("distinct on ({}) ", keys.join(", ")));
            }
        }
        out.push_str(
            &items
                .iter()
                .map(|i| {
                    if visible {
                        format!("{} as \"{}\"", i.top, i.col.name)
                    } else {
                        i.top.clone()
                    }
                })
                .collect::<Vec<_>>()
                .join(", "),
        );
        if !from.is_empty() {
            out.push_str(&format!(" from {}", from.join(", ")));
        }
        if let Some(w) = &s.selection {
            out.push_str(&format!(" where {}", self.ex(w)?.key));
        }
        match &s.group_by {
            GroupByExpr::Expressions(list, mods) => {
                if !mods.is_empty() {
                    return Err(Unsupported);
                }
                if !list.is_empty() {
                    let mut keys = Vec::new();
                    for e in list {
                        // GROUP BY prefers input columns, then output names and positions.
                        let k = match self.item_ref(e, &items, false) {
                            Some(k) => k,
                            None => self.ex(e)?.key,
                        };
                        keys.push(k);
                    }
                    out.push_str(&format!(" group by {}", keys.join(", ")));
                }
            }
            GroupByExpr::All(_) => return Err(Unsupported),
        }
        if let Some(h) = &s.having {
            out.push_str(&format!(" having {}", self.ex(h)?.key));
        }
        if !s.named_window.is_empty() {
            let mut defs = Vec::new();
            for sqlparser::ast::NamedWindowDefinition(name, def) in &s.named_window {
                let spec = match def {
                    sqlparser::ast::NamedWindowExpr::WindowSpec(spec) => self.window_spec(spec)?,
                    sqlparser::ast::NamedWindowExpr::NamedWindow(other) => qi(&fold(other)),
                };
                defs.push(format!("{} as {spec}", qi(&fold(name))));
            }
            out.push_str(&format!(" window {}", defs.join(", ")));
        }
        if let Some(list) = order_by {
            let mut keys = Vec::new();
            for o in list {
                // ORDER BY prefers output names.
                let k = match self.item_ref(&o.expr, &items, true) {
                    Some(k) => k,
                    None => self.ex(&o.expr)?.key,
                };
                keys.push(format!("{k}{}", Self::order_options(o)?));
            }
            out.push_str(&format!(" order by {}", keys.join(", ")));
        }
        Ok((out, items.into_iter().map(|i| i.col).collect()))
    }

    /// `ORDER BY 2` / `GROUP BY 1` / a bare output name: the item's expression key.
    pub(super) fn item_ref(&self, e: &Expr, items: &[Item], names_first: bool) -> Option<String> {
        match e {
            Expr::Value(v) => match &v.value {
                Value::Number(n, _) => {
                    let k: usize = n.parse().ok()?;
                    items.get(k.checked_sub(1)?).map(|i| i.nested.clone())
                }
                _ => None,
            },
            Expr::Identifier(i) => {
                let n = fold(i);
                if !names_first && self.resolve(&n).is_some() {
                    return None;
                }
                items
                    .iter()
                    .find(|it| it.col.name == n)
                    .map(|it| it.nested.clone())
            }
            _ => None,
        }
    }

    pub(super) fn expand(rel: &Rel) -> R<Vec<Item>> {
        let cols = rel.columns.as_ref().ok_or(Unsupported)?;
        Ok(cols
            .iter()
            .map(|c| {
                let k = format!("{}.{}", rel.canon, qi(&c.name));
                Item {
                    top: k.clone(),
                    nested: k,
                    col: c.clone(),
                }
            })
            .collect())
    }

    pub(super) fn item(&mut self, e: &Expr, name: String) -> R<Item> {
        let (top, nested) = self.ex_top(e)?;
        Ok(Item {
            top: top.key,
            nested: nested.key,
            col: Col { name, ty: top.ty },
        })
    }

    // ---- expressions ---------------------------------------------------------------------

    /// An expression as a select-list item: its casts decide the column's type, so only no-op
    /// casts (and `text` on a literal, which PostgreSQL adds) are dropped. Also returns its key
    /// as an expression elsewhere (`ORDER BY 2` names it), from the same walk.
    pub(super) fn ex_top(&mut self, e: &Expr) -> R<(Out, Out)> {
        let (inner, t) = match e {
            Expr::Nested(x) => return self.ex_top(x),
            Expr::Cast {
                kind: CastKind::Cast | CastKind::DoubleColon,
                expr,
                data_type,
                format: None,
            } => (self.ex(expr)?, self.type_key(data_type)),
            Expr::TypedString(ts) => (
                self.ex(&Expr::Value(ts.value.clone()))?,
                self.type_key(&ts.data_type),
            ),
            Expr::Interval(iv) if simple_interval(iv) => {
                (self.ex(&iv.value)?, "interval".to_string())
            }
            _ => {
                let o = self.ex(e)?;
                return Ok((o.clone(), o));
            }
        };
        Ok((
            cast_to(inner.clone(), t.clone(), true),
            cast_to(inner, t, false),
        ))
    }

    pub(super) fn fallback(e: &Expr) -> Out {
        Out::plain(super::super::token_key(&e.to_string()), None)
    }
}
