//! Every SQL fragment of the design read as exactly one expression, query or type name: a
//! fragment that is anything else would be pasted into DDL as something else (a second
//! statement, a broken one), so it is a problem, named with the field and the position.

use std::collections::HashMap;

use sqlparser::ast::{Expr, Value};

use super::{root, table_path, Ctx, ObjectKind, ObjectPath, ProblemKind};
use crate::model::{ColumnType, DefaultValue, IndexKey};
use crate::sql::{self, FragmentError};

fn report(cx: &mut Ctx, path: &ObjectPath, field: &str, err: &FragmentError) {
    cx.push(
        ProblemKind::InvalidSql,
        path,
        format!(
            "The {field} is not valid SQL: {} (line {}, column {}).",
            err.message, err.line, err.column
        ),
    );
}

/// The string a default expression is, when it is a plain (maybe cast) string literal.
fn string_literal(e: &Expr) -> Option<&str> {
    match e {
        Expr::Nested(inner) => string_literal(inner),
        Expr::Cast { expr, .. } => string_literal(expr),
        Expr::Value(v) => match &v.value {
            Value::SingleQuotedString(s) | Value::EscapedStringLiteral(s) => Some(s),
            _ => None,
        },
        _ => None,
    }
}

/// An operator class: `name`, `schema.name`, optionally with parameters `(siglen = 32)`.
fn check_opclass(text: &str) -> Result<(), FragmentError> {
    let bad = |message: &str| FragmentError {
        message: message.to_string(),
        line: 1,
        column: 1,
    };
    let (name, params) = match text.find('(') {
        Some(i) => (&text[..i], Some(&text[i..])),
        None => (text, None),
    };
    let ok_part = |p: &str| {
        let p = p.trim();
        (p.starts_with('"') && p.ends_with('"') && p.len() >= 2 && !p[1..p.len() - 1].contains('"'))
            || (!p.is_empty()
                && p.chars()
                    .next()
                    .is_some_and(|c| c.is_alphabetic() || c == '_')
                && p.chars()
                    .all(|c| c.is_alphanumeric() || c == '_' || c == '$'))
    };
    let parts: Vec<&str> = name.split('.').collect();
    if parts.len() > 2 || !parts.iter().all(|p| ok_part(p)) {
        return Err(bad(
            "an operator class is a name, optionally schema-qualified",
        ));
    }
    if let Some(params) = params {
        let inner = params
            .trim_end()
            .strip_prefix('(')
            .and_then(|p| p.strip_suffix(')'))
            .ok_or_else(|| bad("operator class parameters are `(name = value, ...)`"))?;
        for pair in inner.split(',') {
            let (k, v) = pair
                .split_once('=')
                .ok_or_else(|| bad("operator class parameters are `(name = value, ...)`"))?;
            let v = v.trim();
            let value_ok = !v.is_empty()
                && v.chars()
                    .all(|c| c.is_alphanumeric() || matches!(c, '_' | '.' | '-'));
            if !ok_part(k) || !value_ok {
                return Err(bad("operator class parameters are `(name = value, ...)`"));
            }
        }
    }
    Ok(())
}

fn check_type(cx: &mut Ctx, path: &dyn Fn() -> ObjectPath, ty: &ColumnType) {
    match ty {
        ColumnType::Custom { name } if !name.trim().is_empty() => {
            if let Err(e) = sql::parse_type_name(name) {
                report(cx, &path(), "column type", &e);
            }
        }
        ColumnType::Array { element } => check_type(cx, path, element),
        _ => {}
    }
}

/// The results of reading fragments, by text: large designs repeat the same defaults, checks
/// and index expressions over many tables, and each distinct text is read once.
#[derive(Default)]
struct Memo<'a> {
    /// An expression's error, or the string literal it is (for defaults), by text.
    expressions: HashMap<&'a str, Result<Option<String>, FragmentError>>,
}

impl<'a> Memo<'a> {
    /// Reads `text` as one expression: `Ok(Some(literal))` when it is a plain (maybe cast)
    /// string literal.
    fn expression(&mut self, text: &'a str) -> &Result<Option<String>, FragmentError> {
        self.expressions.entry(text).or_insert_with(|| {
            sql::parse_expression(text).map(|parsed| string_literal(&parsed).map(str::to_string))
        })
    }

    fn check(&mut self, text: &'a str) -> Result<(), FragmentError> {
        match self.expression(text) {
            Ok(_) => Ok(()),
            Err(e) => Err(e.clone()),
        }
    }
}

/// Reports every fragment that is not valid SQL; with `defaults`, also string-literal defaults
/// that are no value of their column's type.
pub(super) fn check_fragments(cx: &mut Ctx, defaults: bool) {
    let schema = cx.schema;
    let mut memo = Memo::default();
    for t in &schema.tables {
        let tp = table_path(t);
        for c in &t.columns {
            // Built only for a problem: a large valid design has tens of thousands of columns.
            let cp = || tp.with(ObjectKind::Column, &c.id, &c.name);
            check_type(cx, &cp, &c.ty);
            if let Some(DefaultValue::Expression(e)) = &c.default {
                if !e.trim().is_empty() {
                    match memo.expression(e) {
                        Err(err) => report(cx, &cp(), "default", err),
                        Ok(literal) => {
                            // A quoted literal must be a value of the column's type.
                            if let (true, Some(s)) = (defaults, literal) {
                                if let Err(msg) = super::defaults::check_string(schema, &c.ty, s) {
                                    cx.push(ProblemKind::InvalidDefault, &cp(), msg);
                                }
                            }
                        }
                    }
                }
            }
            if let Some(g) = &c.generated {
                if !g.trim().is_empty() {
                    if let Err(err) = memo.check(g) {
                        report(cx, &cp(), "generated expression", &err);
                    }
                }
            }
        }
        for check in &t.checks {
            if !check.expression.trim().is_empty() {
                if let Err(err) = memo.check(&check.expression) {
                    let p = tp.with(ObjectKind::Check, &check.id, &check.name);
                    report(cx, &p, "check expression", &err);
                }
            }
        }
        for pol in &t.policies {
            let p = tp.with(ObjectKind::Policy, &pol.id, &pol.name);
            for (what, e) in [("USING", &pol.using), ("WITH CHECK", &pol.with_check)] {
                if let Some(Err(err)) = e.as_deref().map(sql::parse_expression) {
                    report(cx, &p, &format!("policy {what} expression"), &err);
                }
            }
        }
        for index in &t.indexes {
            // Named only for a problem: the effective name is worked out, not stored.
            let p = || {
                let name = crate::naming::effective_index_name(t, index);
                tp.with(ObjectKind::Index, &index.id, &name)
            };
            for part in &index.parts {
                if let IndexKey::Expression(e) = &part.key {
                    if !e.trim().is_empty() {
                        if let Err(err) = memo.check(e) {
                            report(cx, &p(), "index expression", &err);
                        }
                    }
                }
                if let Some(op) = &part.opclass {
                    if let Err(err) = check_opclass(op) {
                        report(cx, &p(), "operator class", &err);
                    }
                }
            }
            if let Some(pred) = &index.predicate {
                if !pred.trim().is_empty() {
                    if let Err(err) = memo.check(pred) {
                        report(cx, &p(), "index predicate (WHERE)", &err);
                    }
                }
            }
        }
    }
    for v in &schema.views {
        let p = root().with(ObjectKind::View, &v.id, &v.name);
        let query = crate::ddl::view_query_text(v);
        if !query.is_empty() {
            if let Err(err) = sql::parse_query(query) {
                report(cx, &p, "view query", &err);
            }
        }
        for index in &v.indexes {
            let name = crate::naming::effective_view_index_name(v, index);
            let ip = p.with(ObjectKind::Index, &index.id, &name);
            for part in &index.parts {
                if let IndexKey::Expression(e) = &part.key {
                    if !e.trim().is_empty() {
                        if let Err(err) = memo.check(e) {
                            report(cx, &ip, "index expression", &err);
                        }
                    }
                }
                if let Some(op) = &part.opclass {
                    if let Err(err) = check_opclass(op) {
                        report(cx, &ip, "operator class", &err);
                    }
                }
            }
            if let Some(pred) = &index.predicate {
                if !pred.trim().is_empty() {
                    if let Err(err) = memo.check(pred) {
                        report(cx, &ip, "index predicate (WHERE)", &err);
                    }
                }
            }
        }
    }
    check_object_fragments(cx);
}

/// `sql` (one rendered statement of the design) is exactly one statement: text of the design
/// that closed a quote, a parenthesis or a dollar quote early would make it two.
fn one_statement(sql: &str) -> Result<(), FragmentError> {
    match sql::split_script(sql) {
        Ok(v) if v.len() == 1 => Ok(()),
        Ok(_) => Err(FragmentError {
            message: "it would be more than one statement".into(),
            line: 1,
            column: 1,
        }),
        Err(e) => Err(e),
    }
}

/// Routines, triggers, domains, composite types and partitions: their expressions read as one
/// expression each, and each statement they render is one statement.
fn check_object_fragments(cx: &mut Ctx) {
    let schema = cx.schema;
    for f in &schema.functions {
        let p = root().with(ObjectKind::Function, &f.id, &f.name);
        for a in &f.arguments {
            if let Some(Err(err)) = a.default.as_deref().map(sql::parse_expression) {
                report(cx, &p, "argument default", &err);
            }
        }
        if let Err(err) = one_statement(&crate::ddl::create_function_sql(f, false)) {
            report(cx, &p, "definition", &err);
        }
    }
    for d in &schema.domains {
        let p = root().with(ObjectKind::Domain, &d.id, &d.name);
        if let Some(Err(err)) = d.default.as_deref().map(sql::parse_expression) {
            report(cx, &p, "domain default", &err);
        }
        for c in &d.checks {
            if let Err(err) = sql::parse_expression(&c.expression) {
                report(cx, &p, "domain check expression", &err);
            }
        }
        for stmt in crate::ddl::domain_statements(schema, d) {
            if let Err(err) = one_statement(&stmt) {
                report(cx, &p, "definition", &err);
            }
        }
    }
    for c in &schema.composites {
        let p = root().with(ObjectKind::Type, &c.id, &c.name);
        if let Err(err) = one_statement(&crate::ddl::create_composite_sql(schema, c)) {
            report(cx, &p, "definition", &err);
        }
    }
    for t in &schema.tables {
        let tp = table_path(t);
        for tr in &t.triggers {
            let p = tp.with(ObjectKind::Trigger, &tr.id, &tr.name);
            if let Some(Err(err)) = tr.when.as_deref().map(sql::parse_expression) {
                report(cx, &p, "trigger WHEN condition", &err);
            }
            if let Err(err) = one_statement(&crate::ddl::create_trigger_sql(t, tr)) {
                report(cx, &p, "definition", &err);
            }
        }
        if let Some(pb) = &t.partition_by {
            let probe = format!("CREATE TABLE t () PARTITION BY RANGE ({})", pb.key);
            let parens_kept = pb.key.chars().filter(|c| *c == '(').count()
                == pb.key.chars().filter(|c| *c == ')').count();
            let result = one_statement(&probe).and_then(|()| {
                parens_kept.then_some(()).ok_or(FragmentError {
                    message: "unbalanced parentheses".into(),
                    line: 1,
                    column: 1,
                })
            });
            if let Err(err) = result {
                report(cx, &tp, "partition key", &err);
            }
        }
        for part in &t.partitions {
            let sql = crate::ddl::create_partition_sql(t, part);
            let bound = part.bound.trim().to_ascii_uppercase();
            let shaped = bound == "DEFAULT" || bound.starts_with("FOR VALUES ");
            let result = one_statement(&sql).and_then(|()| {
                shaped.then_some(()).ok_or(FragmentError {
                    message: "a bound is FOR VALUES … or DEFAULT".into(),
                    line: 1,
                    column: 1,
                })
            });
            if let Err(err) = result {
                report(cx, &tp, &format!("bound of partition {}", part.name), &err);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::check_opclass;

    #[test]
    fn operator_classes_are_names_with_optional_parameters() {
        for ok in [
            "gin_trgm_ops",
            "public.gist_trgm_ops",
            "\"My Ops\"",
            "gist_trgm_ops(siglen=32)",
        ] {
            assert!(check_opclass(ok).is_ok(), "{ok}");
        }
        for bad in [
            "x); DROP TABLE v; --",
            "a.b.c",
            "",
            "ops(siglen)",
            "ops(a=1; DROP)",
        ] {
            assert!(check_opclass(bad).is_err(), "{bad}");
        }
    }
}
