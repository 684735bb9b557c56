//! Comparison keys for view queries.
//!
//! PostgreSQL keeps a view as a parsed query and prints it back (`pg_get_viewdef`) in its own
//! spelling, which is what introspection reads: `SELECT *` becomes the list of the columns the
//! tables had when the view was created, every column is qualified (`users.id`), every
//! expression in the select list gets its name (`count(*) AS count`), the view's column list
//! becomes aliases, literals and columns get the casts the parser resolved (`'x'::text`,
//! `(name)::text` for a `varchar`, `(0)::numeric` against a numeric), no-op casts disappear
//! (`id::int` on an integer column), aliases are invented where names clash (`FROM r r_1` in a
//! recursive view), `IN`, `BETWEEN`, `LIKE` and `FETCH FIRST` are rewritten, `ORDER BY 2` names
//! the expression, joins are parenthesised. A design keeps the text as written.
//!
//! The key is printed from sqlparser's tree, resolved against the schema the view lives in, so
//! those spellings meet:
//!
//! - relations are keyed by their schema-qualified name and their position in the query (`$1`,
//!   `$2`, ...), so aliases do not matter and every column reference is written `$n.column`,
//!   resolved through the columns of the tables, views, CTEs and subqueries it can see;
//! - `*` and `t.*` are expanded to those columns (in the order PostgreSQL will have them after
//!   the migration, when the schema migrated from is known);
//! - every select-list item carries its output name where the name is visible (the first branch
//!   of the outer query, of a CTE, of a subquery in `FROM`), computed like PostgreSQL's
//!   `FigureColname`, and the view's column list overrides them;
//! - casts are kept, with type names spelled one way (`int4`, `int` and `integer` meet), except
//!   those that cannot change anything: a cast to the type the expression already has; a cast of
//!   a literal below the select list (the literal takes the type the operator needs anyway) or in
//!   it to `text`; `varchar`/`char` to `text` below the select list; and a widening cast of an
//!   operand whose operator's operand type is written into the key instead (`a::numeric / 2`
//!   and PostgreSQL's `(a)::numeric / (2)::numeric` both key as `(a /:numeric 2)`, while
//!   `a / 2` on an integer keys as `(a /:integer 2)`);
//! - operations are bracketed once, keywords and unquoted names lowercased.
//!
//! A different query still gives a different key: nothing semantic is dropped, only spellings
//! PostgreSQL itself treats as the same. Syntax the key does not model makes the caller fall
//! back to the textual key (a change is then reported whenever the texts differ).

use sqlparser::ast::{
    BinaryOperator, CastKind, DataType, Distinct, Expr, Function, FunctionArg, FunctionArgExpr,
    FunctionArgumentClause, FunctionArguments, GroupByExpr, Ident, InTarget, JoinConstraint,
    JoinOperator, LimitClause, ObjectName, OrderByExpr, OrderByKind, OrderBySort, Query, Select,
    SelectItem, SelectItemQualifiedWildcardKind, SetExpr, SetOperator, SetQuantifier, TableAlias,
    TableFactor, TableWithJoins, UnaryOperator, Value, WildcardAdditionalOptions, WindowType,
};

use crate::model::{Column, ColumnType, Schema, Table, View, DEFAULT_SCHEMA};
use crate::naming::quote_ident;

/// Syntax the key does not model.
struct Unsupported;

type R<T> = Result<T, Unsupported>;

/// The comparison key of `view` (its query, output names and column list) in `schema`, or `None`
/// when the query is not read (the caller then compares text). `order_hint` is the schema the
/// design is migrated from: `*` expands in the column order the tables will have after the
/// migration (columns PostgreSQL already has keep their place, new ones come last).
pub(super) fn view_definition_key(
    schema: &Schema,
    view: &View,
    order_hint: Option<&Schema>,
) -> Option<String> {
    let text = crate::ddl::view_query_text(view);
    let query = crate::sql::parse_query(text).ok()?;
    let mut k = Keyer::new(
        schema,
        order_hint,
        vec![(view.schema.clone(), view.name.clone())],
    );
    let names = (!view.columns.is_empty()).then_some(view.columns.as_slice());
    k.query(&query, names, true).ok().map(|(key, _)| key)
}

/// A named relation's key, `(schema, name)` and columns (when known).
type NamedRelation = (String, Option<(String, String)>, Option<Vec<Col>>);

/// A column a relation offers, with its type when known (canonical spelling, see [`type_key`]).
#[derive(Clone, Debug)]
struct Col {
    name: String,
    ty: Option<String>,
}

/// A relation in a `FROM` list.
struct Rel {
    /// The name qualifiers use for it: its alias, else its own name.
    refname: String,
    /// `(schema, name)` of an unaliased table or view, so `schema.table.column` resolves.
    table: Option<(String, String)>,
    /// Its key within the query: `$<position>`.
    canon: String,
    /// Its columns, when known.
    columns: Option<Vec<Col>>,
}

#[derive(Default)]
struct Scope {
    rels: Vec<Rel>,
    /// Columns merged by `JOIN ... USING`.
    using: Vec<String>,
    natural: bool,
}

struct Cte {
    name: String,
    columns: Option<Vec<Col>>,
}

/// What a literal is, for the cast rules.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Lit {
    /// Not a literal.
    No,
    /// A string or NULL without a type: it takes the type its context needs.
    Unknown,
    /// A number without a cast: its natural type (`integer`, `bigint`, `numeric`), which an
    /// operator may widen.
    Num,
    /// A literal with a cast.
    Typed,
}

/// A keyed expression.
#[derive(Clone, Debug)]
struct Out {
    /// The key.
    key: String,
    /// The key without a widening cast on top, for an operand whose operator's type is written
    /// into the key (equal to `key` otherwise).
    bare: String,
    /// The key as a function argument: without a widening cast to `numeric` or `timestamp with
    /// time zone`, the types PostgreSQL widens an argument to when no function takes the
    /// narrower one (`round((n)::numeric, 2)`, `date_trunc(.., (d)::timestamp with time
    /// zone)`); equal to `key` otherwise.
    arg: String,
    /// Its type, when known.
    ty: Option<String>,
    lit: Lit,
    /// For a string literal that reads as a number (`'-1'`), the number.
    num: Option<String>,
}

impl Out {
    fn plain(key: String, ty: Option<String>) -> Out {
        Out {
            bare: key.clone(),
            arg: key.clone(),
            key,
            ty,
            lit: Lit::No,
            num: None,
        }
    }
}

/// One select-list item.
struct Item {
    /// Its key in the select list.
    top: String,
    /// Its key as an expression elsewhere (`ORDER BY 2`, `GROUP BY name`).
    nested: String,
    col: Col,
}

struct Keyer<'a> {
    schema: &'a Schema,
    order_hint: Option<&'a Schema>,
    scopes: Vec<Scope>,
    ctes: Vec<Vec<Cte>>,
    next_rel: usize,
    /// Views being keyed (to read the columns of a view another view reads, without looping).
    visiting: Vec<(String, String)>,
    /// Expressions and queries being keyed, one inside the other.
    depth: usize,
}

/// How deeply expressions and queries may nest before the key gives up.
const MAX_DEPTH: usize = 16;

/// Identifiers as PostgreSQL folds them: unquoted lowercased, quoted kept.
fn fold(i: &Ident) -> String {
    match i.quote_style {
        Some(_) => i.value.clone(),
        None => i.value.to_lowercase(),
    }
}

fn fold_name(name: &ObjectName) -> Vec<String> {
    name.0
        .iter()
        .map(|p| match p.as_ident() {
            Some(i) => fold(i),
            None => p.to_string().to_lowercase(),
        })
        .collect()
}

fn qi(name: &str) -> String {
    quote_ident(name).into_owned()
}

/// `varchar(20)` -> `varchar`, `timestamp(3) with time zone` -> `timestamp with time zone`.
fn base(ty: &str) -> String {
    let mut out = String::new();
    let mut depth = 0;
    for c in ty.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn has_typmod(ty: &str) -> bool {
    ty.contains('(')
}

/// Types compared as one: the character types (PostgreSQL's `varchar` and `char` operators are
/// `text`'s).
fn family(base: &str) -> &str {
    match base {
        "varchar" | "char" | "text" => "text",
        other => other,
    }
}

fn numeric_rank(base: &str) -> Option<u8> {
    Some(match base {
        "smallint" => 1,
        "integer" => 2,
        "bigint" => 3,
        "numeric" => 4,
        "real" => 5,
        "double precision" => 6,
        _ => return None,
    })
}

/// Whether PostgreSQL casts `from` to `to` implicitly, without changing the value (widening).
fn implicit(from: &str, to: &str) -> bool {
    if family(from) == family(to) {
        return true;
    }
    if let (Some(a), Some(b)) = (numeric_rank(from), numeric_rank(to)) {
        return a < b;
    }
    matches!(
        (from, to),
        ("date", "timestamp")
            | ("date", "timestamp with time zone")
            | ("timestamp", "timestamp with time zone")
    )
}

/// The operand type an operator over `a` and `b` (base types) works in.
fn promote(a: &str, b: &str) -> Option<String> {
    // `real` with another number: PostgreSQL picks the preferred `double precision`.
    if a != b
        && (a == "real" || b == "real")
        && numeric_rank(a).is_some()
        && numeric_rank(b).is_some()
    {
        return Some("double precision".to_string());
    }
    if family(a) == family(b) {
        return Some(family(a).to_string());
    }
    if implicit(a, b) {
        return Some(b.to_string());
    }
    if implicit(b, a) {
        return Some(a.to_string());
    }
    None
}

/// The natural type of a numeric literal.
fn number_type(n: &str) -> &'static str {
    if n.contains(['.', 'e', 'E']) {
        return "numeric";
    }
    match n.parse::<i64>() {
        Ok(v) if i32::try_from(v).is_ok() => "integer",
        Ok(_) => "bigint",
        Err(_) => "numeric",
    }
}

/// A column type's key: its SQL, serials as their integer types.
fn column_type_key(schema: &Schema, ty: &ColumnType) -> String {
    match ty {
        ColumnType::Serial => "integer".into(),
        ColumnType::BigSerial => "bigint".into(),
        ColumnType::SmallSerial => "smallint".into(),
        ColumnType::Array { element } => format!("{}[]", column_type_key(schema, element)),
        ColumnType::Custom { name } => {
            let n = name.trim();
            let n = n.strip_prefix("public.").unwrap_or(n);
            if n.contains('"') {
                n.to_string()
            } else {
                n.to_lowercase()
            }
        }
        other => crate::ddl::column_type_sql(schema, other),
    }
}

/// The name PostgreSQL gives a select-list item that is a cast to `ty` (a type key) of something
/// nameless: the type's internal name.
fn type_colname(ty: &str) -> String {
    let b = base(ty);
    match b.as_str() {
        "integer" => "int4".into(),
        "bigint" => "int8".into(),
        "smallint" => "int2".into(),
        "boolean" => "bool".into(),
        "real" => "float4".into(),
        "double precision" => "float8".into(),
        "char" => "bpchar".into(),
        "timestamp with time zone" => "timestamptz".into(),
        "time with time zone" => "timetz".into(),
        other => {
            let last = other.rsplit('.').next().unwrap_or(other);
            last.trim_matches('"').to_string()
        }
    }
}

fn is_compare(op: &BinaryOperator) -> bool {
    matches!(
        op,
        BinaryOperator::Eq
            | BinaryOperator::NotEq
            | BinaryOperator::Lt
            | BinaryOperator::LtEq
            | BinaryOperator::Gt
            | BinaryOperator::GtEq
    )
}

fn op_text(op: &BinaryOperator) -> String {
    match op {
        BinaryOperator::NotEq => "<>".into(),
        other => other.to_string().to_lowercase(),
    }
}

/// Static result types of common functions (by lowercased name).
fn function_type(name: &str) -> Option<&'static str> {
    Some(match name {
        "count" | "row_number" | "rank" | "dense_rank" | "ntile" => "bigint",
        "lower" | "upper" | "btrim" | "ltrim" | "rtrim" | "concat" | "concat_ws" | "replace"
        | "substr" | "left" | "right" | "lpad" | "rpad" | "md5" | "string_agg" | "to_char"
        | "initcap" | "format" | "repeat" | "reverse" | "split_part" | "regexp_replace" => "text",
        "length" | "char_length" | "character_length" | "octet_length" | "strpos" => "integer",
        "now"
        | "current_timestamp"
        | "transaction_timestamp"
        | "statement_timestamp"
        | "clock_timestamp" => "timestamp with time zone",
        "current_date" => "date",
        "bool_and" | "bool_or" | "every" => "boolean",
        "jsonb_build_object" | "jsonb_build_array" | "to_jsonb" | "jsonb_agg"
        | "jsonb_object_agg" => "jsonb",
        "json_build_object" | "json_build_array" | "to_json" | "json_agg" => "json",
        "gen_random_uuid" => "uuid",
        _ => return None,
    })
}

fn string_literal(v: &Value) -> Option<String> {
    match v {
        Value::SingleQuotedString(s)
        | Value::EscapedStringLiteral(s)
        | Value::UnicodeStringLiteral(s)
        | Value::NationalStringLiteral(s) => Some(s.clone()),
        Value::DollarQuotedString(d) => Some(d.value.clone()),
        _ => None,
    }
}

fn wildcard_plain(o: &WildcardAdditionalOptions) -> bool {
    o.opt_ilike.is_none()
        && o.opt_exclude.is_none()
        && o.opt_except.is_none()
        && o.opt_replace.is_none()
        && o.opt_rename.is_none()
        && o.opt_alias.is_none()
}

impl<'a> Keyer<'a> {
    fn new(
        schema: &'a Schema,
        order_hint: Option<&'a Schema>,
        visiting: Vec<(String, String)>,
    ) -> Self {
        Keyer {
            schema,
            order_hint,
            scopes: Vec::new(),
            ctes: Vec::new(),
            next_rel: 0,
            visiting,
            depth: 0,
        }
    }

    fn canon(&mut self) -> String {
        self.next_rel += 1;
        format!("${}", self.next_rel)
    }

    fn type_key(&self, dt: &DataType) -> String {
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
    fn table_columns(&self, t: &Table) -> Vec<Col> {
        let mut cols: Vec<&Column> = t.columns.iter().collect();
        if let Some(hint) = self.order_hint {
            let old = hint.tables.iter().find(|x| x.id == t.id).or_else(|| {
                hint.tables
                    .iter()
                    .find(|x| x.schema == t.schema && x.name == t.name)
            });
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
    fn view_columns(&self, v: &View) -> Option<Vec<Col>> {
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
        let mut k = Keyer::new(self.schema, self.order_hint, visiting);
        let names = (!v.columns.is_empty()).then_some(v.columns.as_slice());
        match k.query(&q, names, true) {
            Ok((_, cols)) => Some(cols),
            Err(_) => named(),
        }
    }

    /// A named relation: a CTE in scope, else a table or view of the schema (else unknown).
    fn named_relation(&self, parts: &[String]) -> R<NamedRelation> {
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
        let columns = if let Some(t) = self
            .schema
            .tables
            .iter()
            .find(|t| t.schema == schema_name && t.name == name)
        {
            Some(self.table_columns(t))
        } else if let Some(v) = self
            .schema
            .views
            .iter()
            .find(|v| v.schema == schema_name && v.name == name)
        {
            self.view_columns(v)
        } else {
            None
        };
        Ok((key, Some((schema_name, name)), columns))
    }

    fn push_rel(&mut self, rel: Rel) {
        if let Some(scope) = self.scopes.last_mut() {
            scope.rels.push(rel);
        }
    }

    /// Applies an alias: its column list renames the first columns (references to them are keyed
    /// by the new names, so the list itself is not part of the key). Returns the refname.
    fn alias_of(
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

    fn table_function(
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

    fn table_factor(&mut self, tf: &TableFactor) -> R<String> {
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
    fn table_with_joins(&mut self, twj: &TableWithJoins) -> R<String> {
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
    fn resolve(&self, name: &str) -> Option<Out> {
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
    fn resolve_qualified(&self, qualifier: &[String], name: &str) -> Option<Out> {
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

    fn find_rel(&self, qualifier: &[String]) -> Option<&Rel> {
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

    /// A query's key and output columns. `names` overrides the output names (a view's column
    /// list, a CTE's); `visible` says whether output names are part of the key.
    fn query(
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

    fn query_in_depth(
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

    fn with_clause(&mut self, w: &sqlparser::ast::With, out: &mut String) -> R<()> {
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

    fn query_body(
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

    fn set_expr(
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

    fn order_options(o: &OrderByExpr) -> R<String> {
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

    fn select(
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

    fn select_in_scope(
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
    fn item_ref(&self, e: &Expr, items: &[Item], names_first: bool) -> Option<String> {
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

    fn expand(rel: &Rel) -> R<Vec<Item>> {
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

    fn item(&mut self, e: &Expr, name: String) -> R<Item> {
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
    fn ex_top(&mut self, e: &Expr) -> R<(Out, Out)> {
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

    fn fallback(e: &Expr) -> Out {
        Out::plain(super::token_key(&e.to_string()), None)
    }

    /// An expression below the select list (see [`Keyer::ex_top`] for the list itself).
    ///
    /// Operator chains (`a + b + ...`, `x AND y AND ...`, up to [`crate::sql`]'s limits) are
    /// walked along their left spine in a loop; anything else nests at most [`MAX_DEPTH`] calls
    /// deep, then the key gives up (the caller compares text), so the stack stays small.
    fn ex(&mut self, e: &Expr) -> R<Out> {
        let mut e = e;
        while let Expr::Nested(x) = e {
            e = x;
        }
        if let Expr::BinaryOp { .. } = e {
            let mut spine: Vec<(&BinaryOperator, &Expr)> = Vec::new();
            let mut left = e;
            loop {
                match left {
                    Expr::BinaryOp { left: l, op, right } => {
                        spine.push((op, right));
                        left = l;
                    }
                    Expr::Nested(x) if matches!(strip_nested(x), Expr::BinaryOp { .. }) => {
                        left = x;
                    }
                    _ => break,
                }
            }
            let mut acc = self.ex(left)?;
            for (op, right) in spine.into_iter().rev() {
                let r = self.ex(right)?;
                acc = binop(acc, op, r);
            }
            return Ok(acc);
        }
        self.depth += 1;
        let out = if self.depth > MAX_DEPTH {
            Err(Unsupported)
        } else {
            self.ex_node(e)
        };
        self.depth -= 1;
        out
    }

    fn ex_node(&mut self, e: &Expr) -> R<Out> {
        Ok(match e {
            Expr::Nested(x) => self.ex(x)?,
            Expr::Identifier(i) => {
                let n = fold(i);
                match self.resolve(&n) {
                    Some(o) => o,
                    None => {
                        // Not a column: a keyword-like call (`current_date`) or an outer name.
                        let ty = function_type(&n).map(str::to_string);
                        Out::plain(qi(&n), ty)
                    }
                }
            }
            Expr::CompoundIdentifier(parts) => {
                let names: Vec<String> = parts.iter().map(fold).collect();
                let (col, qual) = names.split_last().ok_or(Unsupported)?;
                match self.resolve_qualified(qual, col) {
                    Some(o) => o,
                    None => Out::plain(
                        names.iter().map(|n| qi(n)).collect::<Vec<_>>().join("."),
                        None,
                    ),
                }
            }
            Expr::Value(v) => match &v.value {
                Value::Number(n, _) => Out {
                    key: n.clone(),
                    bare: n.clone(),
                    arg: n.clone(),
                    ty: Some(number_type(n).into()),
                    lit: Lit::Num,
                    num: None,
                },
                Value::Boolean(b) => Out::plain(b.to_string(), Some("boolean".into())),
                Value::Null => Out {
                    key: "null".into(),
                    bare: "null".into(),
                    arg: "null".into(),
                    ty: None,
                    lit: Lit::Unknown,
                    num: None,
                },
                other => match string_literal(other) {
                    Some(s) => {
                        let key = format!("'{}'", s.replace('\'', "''"));
                        let t = s.trim();
                        let num = (t.parse::<f64>().is_ok()
                            && t.starts_with(|c: char| c.is_ascii_digit() || c == '-' || c == '.'))
                        .then(|| t.to_string());
                        Out {
                            bare: key.clone(),
                            arg: key.clone(),
                            key,
                            ty: None,
                            lit: Lit::Unknown,
                            num,
                        }
                    }
                    None => Self::fallback(e),
                },
            },
            Expr::Cast {
                kind: CastKind::Cast | CastKind::DoubleColon,
                expr,
                data_type,
                format: None,
            } => {
                let inner = self.ex(expr)?;
                let t = self.type_key(data_type);
                cast_to(inner, t, false)
            }
            Expr::TypedString(ts) => {
                let lit = self.ex(&Expr::Value(ts.value.clone()))?;
                let t = self.type_key(&ts.data_type);
                cast_to(lit, t, false)
            }
            Expr::Interval(iv) if simple_interval(iv) => {
                let lit = self.ex(&iv.value)?;
                cast_to(lit, "interval".into(), false)
            }
            Expr::BinaryOp { left, op, right } => {
                let l = self.ex(left)?;
                let r = self.ex(right)?;
                binop(l, op, r)
            }
            Expr::UnaryOp { op, expr } => {
                let x = self.ex(expr)?;
                match op {
                    UnaryOperator::Minus if x.lit == Lit::Num => {
                        let n = format!("-{}", x.key);
                        Out {
                            key: n.clone(),
                            bare: n.clone(),
                            arg: n,
                            ..x
                        }
                    }
                    UnaryOperator::Plus if x.lit == Lit::Num => x,
                    UnaryOperator::Not => {
                        Out::plain(format!("(not {})", x.key), Some("boolean".into()))
                    }
                    other => Out::plain(
                        format!("({} {})", other.to_string().to_lowercase(), x.key),
                        x.ty,
                    ),
                }
            }
            Expr::IsNull(x) => self.postfix(x, "is null")?,
            Expr::IsNotNull(x) => self.postfix(x, "is not null")?,
            Expr::IsTrue(x) => self.postfix(x, "is true")?,
            Expr::IsNotTrue(x) => self.postfix(x, "is not true")?,
            Expr::IsFalse(x) => self.postfix(x, "is false")?,
            Expr::IsNotFalse(x) => self.postfix(x, "is not false")?,
            Expr::IsUnknown(x) => self.postfix(x, "is unknown")?,
            Expr::IsNotUnknown(x) => self.postfix(x, "is not unknown")?,
            Expr::IsDistinctFrom(a, b) => {
                let (l, r) = (self.ex(a)?, self.ex(b)?);
                named_binop(l, "is distinct from", r, Some("boolean".into()))
            }
            Expr::IsNotDistinctFrom(a, b) => {
                let (l, r) = (self.ex(a)?, self.ex(b)?);
                named_binop(l, "is not distinct from", r, Some("boolean".into()))
            }
            Expr::Between {
                expr,
                negated,
                low,
                high,
            } => {
                let x = self.ex(expr)?;
                let lo = self.ex(low)?;
                let hi = self.ex(high)?;
                // PostgreSQL prints BETWEEN as the two comparisons.
                if *negated {
                    let a = binop(x.clone(), &BinaryOperator::Lt, lo);
                    let b = binop(x, &BinaryOperator::Gt, hi);
                    binop(a, &BinaryOperator::Or, b)
                } else {
                    let a = binop(x.clone(), &BinaryOperator::GtEq, lo);
                    let b = binop(x, &BinaryOperator::LtEq, hi);
                    binop(a, &BinaryOperator::And, b)
                }
            }
            Expr::Like {
                negated,
                expr,
                pattern,
                escape_char: None,
                any: false,
            } => {
                let (l, r) = (self.ex(expr)?, self.ex(pattern)?);
                named_binop(
                    l,
                    if *negated { "!~~" } else { "~~" },
                    r,
                    Some("boolean".into()),
                )
            }
            Expr::ILike {
                negated,
                expr,
                pattern,
                escape_char: None,
                any: false,
            } => {
                let (l, r) = (self.ex(expr)?, self.ex(pattern)?);
                named_binop(
                    l,
                    if *negated { "!~~*" } else { "~~*" },
                    r,
                    Some("boolean".into()),
                )
            }
            Expr::In {
                expr,
                target: InTarget::List(items),
                negated,
                global: false,
            } => {
                let x = self.ex(expr)?;
                let mut elems = Vec::new();
                for i in items {
                    elems.push(self.ex(i)?);
                }
                any_list(x, if *negated { "<> all" } else { "= any" }, elems)
            }
            Expr::In {
                expr,
                target: InTarget::Subquery(q),
                negated,
                global: false,
            } => {
                let x = self.ex(expr)?;
                let (qk, _) = self.query(q, None, false)?;
                // PostgreSQL prints NOT IN (subquery) as NOT (x IN (subquery)).
                let k = format!("({} in ({qk}))", x.key);
                Out::plain(
                    if *negated { format!("(not {k})") } else { k },
                    Some("boolean".into()),
                )
            }
            Expr::AnyOp {
                left,
                compare_op,
                right,
                ..
            } => self.quantified(left, compare_op, right, "any")?,
            Expr::AllOp {
                left,
                compare_op,
                right,
            } => self.quantified(left, compare_op, right, "all")?,
            Expr::Exists { subquery, negated } => {
                let (qk, _) = self.query(subquery, None, false)?;
                let k = format!("(exists ({qk}))");
                Out::plain(
                    if *negated { format!("(not {k})") } else { k },
                    Some("boolean".into()),
                )
            }
            Expr::Subquery(q) => {
                let (qk, cols) = self.query(q, None, false)?;
                Out::plain(format!("({qk})"), cols.first().and_then(|c| c.ty.clone()))
            }
            Expr::Function(f) => self.function(f)?,
            Expr::Case {
                operand,
                conditions,
                else_result,
                ..
            } => {
                let mut s = String::from("case");
                if let Some(o) = operand {
                    s.push_str(&format!(" {}", self.ex(o)?.key));
                }
                let mut results = Vec::new();
                for w in conditions {
                    let c = self.ex(&w.condition)?;
                    let r = self.ex(&w.result)?;
                    s.push_str(&format!(" when {} then {}", c.key, r.key));
                    results.push(r);
                }
                match else_result {
                    Some(e) => {
                        let r = self.ex(e)?;
                        s.push_str(&format!(" else {}", r.key));
                        results.push(r);
                    }
                    // PostgreSQL prints the implicit ELSE NULL.
                    None => s.push_str(" else null"),
                }
                s.push_str(" end");
                let ty = results
                    .iter()
                    .find(|r| r.lit != Lit::Unknown && r.ty.is_some())
                    .and_then(|r| r.ty.clone())
                    .or_else(|| {
                        results
                            .iter()
                            .all(|r| r.lit == Lit::Unknown)
                            .then(|| "text".to_string())
                    });
                Out::plain(s, ty)
            }
            Expr::Array(a) => {
                let mut keys = Vec::new();
                for e in &a.elem {
                    keys.push(self.ex(e)?.key);
                }
                Out::plain(format!("[{}]", keys.join(", ")), None)
            }
            Expr::Extract { field, expr, .. } => {
                let x = self.ex(expr)?;
                Out::plain(
                    format!(
                        "extract({} from {})",
                        field.to_string().to_lowercase(),
                        x.key
                    ),
                    Some("numeric".into()),
                )
            }
            Expr::AtTimeZone {
                timestamp,
                time_zone,
            } => {
                let t = self.ex(timestamp)?;
                let z = self.ex(time_zone)?;
                Out::plain(format!("({} at time zone {})", t.key, z.key), None)
            }
            Expr::Collate { expr, collation } => {
                let x = self.ex(expr)?;
                let c = fold_name(collation)
                    .iter()
                    .map(|p| format!("\"{p}\""))
                    .collect::<Vec<_>>()
                    .join(".");
                Out::plain(format!("({} collate {c})", x.key), x.ty)
            }
            Expr::Substring {
                expr,
                substring_from,
                substring_for,
                ..
            } => {
                let mut args = vec![self.ex(expr)?.key];
                if let Some(f) = substring_from {
                    args.push(self.ex(f)?.key);
                }
                if let Some(f) = substring_for {
                    args.push(self.ex(f)?.key);
                }
                Out::plain(
                    format!("substring({})", args.join(", ")),
                    Some("text".into()),
                )
            }
            Expr::Trim {
                trim_where,
                trim_what,
                expr,
                trim_characters: None,
            } => {
                let w = trim_where
                    .as_ref()
                    .map(|w| w.to_string().to_lowercase())
                    .unwrap_or_else(|| "both".into());
                let what = match trim_what {
                    Some(x) => format!(" {}", self.ex(x)?.key),
                    None => String::new(),
                };
                let x = self.ex(expr)?;
                Out::plain(
                    format!("trim({w}{what} from {})", x.key),
                    Some("text".into()),
                )
            }
            Expr::Tuple(list) => {
                let mut keys = Vec::new();
                for e in list {
                    keys.push(self.ex(e)?.key);
                }
                Out::plain(format!("row({})", keys.join(", ")), None)
            }
            Expr::QualifiedWildcard(name, _) => {
                let parts = fold_name(name);
                match self.find_rel(&parts) {
                    Some(rel) => Out::plain(format!("{}.*", rel.canon), None),
                    None => Self::fallback(e),
                }
            }
            Expr::Wildcard(_) => Out::plain("*".into(), None),
            other => Self::fallback(other),
        })
    }

    fn postfix(&mut self, x: &Expr, what: &str) -> R<Out> {
        let x = self.ex(x)?;
        Ok(Out::plain(
            format!("({} {what})", x.key),
            Some("boolean".into()),
        ))
    }

    fn quantified(&mut self, left: &Expr, op: &BinaryOperator, right: &Expr, q: &str) -> R<Out> {
        let x = self.ex(left)?;
        let op = format!("{} {q}", op_text(op));
        // An array of literals (maybe cast to an array type) reads as a list.
        let mut r = right;
        loop {
            match r {
                Expr::Nested(inner) => r = inner,
                Expr::Cast { expr, .. } if matches!(strip_nested(expr), Expr::Array(_)) => r = expr,
                _ => break,
            }
        }
        Ok(match r {
            Expr::Array(a) => {
                let mut elems = Vec::new();
                for e in &a.elem {
                    elems.push(self.ex(e)?);
                }
                any_list(x, &op, elems)
            }
            Expr::Subquery(sq) => {
                let (qk, _) = self.query(sq, None, false)?;
                Out::plain(format!("({} {op} ({qk}))", x.key), Some("boolean".into()))
            }
            other => {
                let y = self.ex(other)?;
                Out::plain(
                    format!("({} {op} {})", x.key, y.key),
                    Some("boolean".into()),
                )
            }
        })
    }

    fn function_args(&mut self, args: &[FunctionArg]) -> R<String> {
        let mut keys = Vec::new();
        for a in args {
            keys.push(match a {
                FunctionArg::Unnamed(x) => self.function_arg(x)?,
                FunctionArg::Named { name, arg, .. } => {
                    format!("{} => {}", qi(&fold(name)), self.function_arg(arg)?)
                }
                FunctionArg::ExprNamed { .. } => return Err(Unsupported),
            });
        }
        Ok(keys.join(", "))
    }

    fn function_arg(&mut self, a: &FunctionArgExpr) -> R<String> {
        Ok(match a {
            FunctionArgExpr::Expr(e) => self.ex(e)?.key,
            FunctionArgExpr::Wildcard => "*".into(),
            FunctionArgExpr::QualifiedWildcard(n) => match self.find_rel(&fold_name(n)) {
                Some(rel) => format!("{}.*", rel.canon),
                None => format!("{}.*", fold_name(n).join(".")),
            },
            FunctionArgExpr::WildcardWithOptions(_) => return Err(Unsupported),
        })
    }

    fn order_list(&mut self, list: &[OrderByExpr]) -> R<String> {
        let mut keys = Vec::new();
        for o in list {
            keys.push(format!(
                "{}{}",
                self.ex(&o.expr)?.key,
                Self::order_options(o)?
            ));
        }
        Ok(keys.join(", "))
    }

    fn window_spec(&mut self, spec: &sqlparser::ast::WindowSpec) -> R<String> {
        let mut parts = Vec::new();
        if let Some(base) = &spec.window_name {
            parts.push(qi(&fold(base)));
        }
        if !spec.partition_by.is_empty() {
            let mut keys = Vec::new();
            for e in &spec.partition_by {
                keys.push(self.ex(e)?.key);
            }
            parts.push(format!("partition by {}", keys.join(", ")));
        }
        if !spec.order_by.is_empty() {
            parts.push(format!("order by {}", self.order_list(&spec.order_by)?));
        }
        if let Some(frame) = &spec.window_frame {
            parts.push(self.frame_key(frame)?);
        }
        Ok(format!("({})", parts.join(" ")))
    }

    fn frame_key(&mut self, frame: &sqlparser::ast::WindowFrame) -> R<String> {
        use sqlparser::ast::{WindowFrameBound, WindowFrameUnits};
        let units = match frame.units {
            WindowFrameUnits::Rows => "rows",
            WindowFrameUnits::Range => "range",
            WindowFrameUnits::Groups => "groups",
        };
        let mut bound = |b: &WindowFrameBound| -> R<String> {
            Ok(match b {
                WindowFrameBound::CurrentRow => "current row".into(),
                WindowFrameBound::Preceding(None) => "unbounded preceding".into(),
                WindowFrameBound::Following(None) => "unbounded following".into(),
                WindowFrameBound::Preceding(Some(e)) => format!("{} preceding", self.ex(e)?.key),
                WindowFrameBound::Following(Some(e)) => format!("{} following", self.ex(e)?.key),
            })
        };
        let start = bound(&frame.start_bound)?;
        let end = match &frame.end_bound {
            Some(b) => bound(b)?,
            None => "current row".into(),
        };
        Ok(format!("{units} between {start} and {end}"))
    }

    fn function(&mut self, f: &Function) -> R<Out> {
        if f.uses_odbc_syntax
            || !matches!(f.parameters, FunctionArguments::None)
            || f.null_treatment.is_some()
        {
            return Err(Unsupported);
        }
        let parts = fold_name(&f.name);
        let parts: Vec<String> = match parts.as_slice() {
            [s, rest @ ..] if s == "pg_catalog" && !rest.is_empty() => rest.to_vec(),
            _ => parts,
        };
        // Folded, never quoted: PostgreSQL quotes keyword-named functions (`"substring"(..)`).
        let name = parts.join(".");
        let last = parts.last().cloned().unwrap_or_default();
        let mut arg_types: Vec<Option<String>> = Vec::new();
        let mut s = match &f.args {
            FunctionArguments::None => name.clone(),
            FunctionArguments::Subquery(q) => {
                let (qk, _) = self.query(q, None, false)?;
                format!("{name}({qk})")
            }
            FunctionArguments::List(list) => {
                let mut keys = Vec::new();
                for a in &list.args {
                    match a {
                        FunctionArg::Unnamed(FunctionArgExpr::Expr(e)) => {
                            let o = self.ex(e)?;
                            arg_types.push(if o.lit == Lit::Unknown {
                                None
                            } else {
                                o.ty.clone()
                            });
                            // PostgreSQL widens an argument to the type of the function it
                            // picks (`date_trunc('day', (d)::timestamp with time zone)`): the
                            // same call, unless the function has an overload for both types
                            // with different results.
                            keys.push(if keeps_argument_casts(&last) {
                                o.key
                            } else {
                                o.arg
                            });
                        }
                        other => keys.push(self.function_args(std::slice::from_ref(other))?),
                    }
                }
                let mut inner = keys.join(", ");
                if let Some(sqlparser::ast::DuplicateTreatment::Distinct) = list.duplicate_treatment
                {
                    inner = format!("distinct {inner}");
                }
                for c in &list.clauses {
                    match c {
                        FunctionArgumentClause::OrderBy(ob) => {
                            inner.push_str(&format!(" order by {}", self.order_list(ob)?));
                        }
                        _ => return Err(Unsupported),
                    }
                }
                format!("{name}({inner})")
            }
        };
        if !f.within_group.is_empty() {
            s.push_str(&format!(
                " within group (order by {})",
                self.order_list(&f.within_group)?
            ));
        }
        if let Some(filter) = &f.filter {
            s.push_str(&format!(" filter (where {})", self.ex(filter)?.key));
        }
        match &f.over {
            None => {}
            Some(WindowType::WindowSpec(spec)) => {
                s.push_str(&format!(" over {}", self.window_spec(spec)?));
            }
            Some(WindowType::NamedWindow(name)) => {
                s.push_str(&format!(" over {}", qi(&fold(name))));
            }
        }
        let ty = match last.as_str() {
            "coalesce" | "nullif" | "greatest" | "least" | "min" | "max" | "abs" => {
                arg_types.iter().flatten().next().cloned()
            }
            other => function_type(other).map(str::to_string),
        };
        Ok(Out::plain(s, ty))
    }
}

/// Functions whose overloads for a narrower and a wider type give different results (`sum` of
/// integers is a `bigint`, of numerics a `numeric`): a widening cast of their arguments counts.
fn keeps_argument_casts(name: &str) -> bool {
    matches!(
        name,
        "sum"
            | "avg"
            | "min"
            | "max"
            | "abs"
            | "array_agg"
            | "mode"
            | "stddev"
            | "stddev_pop"
            | "stddev_samp"
            | "variance"
            | "var_pop"
            | "var_samp"
            | "to_json"
            | "to_jsonb"
            | "json_agg"
            | "jsonb_agg"
            | "format"
            | "to_char"
            | "array"
    )
}

fn strip_nested(e: &Expr) -> &Expr {
    match e {
        Expr::Nested(x) => strip_nested(x),
        other => other,
    }
}

fn simple_interval(iv: &sqlparser::ast::Interval) -> bool {
    iv.leading_field.is_none()
        && iv.leading_precision.is_none()
        && iv.last_field.is_none()
        && iv.fractional_seconds_precision.is_none()
}

/// The cast rules (see the module docs). `top`: the expression is a select-list item.
fn cast_to(o: Out, t: String, top: bool) -> Out {
    let b = base(&t);
    let typed = |key: String, bare: String, num: Option<String>| Out {
        arg: key.clone(),
        key,
        bare,
        ty: Some(t.clone()),
        lit: Lit::Typed,
        num,
    };
    match o.lit {
        Lit::Unknown | Lit::Typed => {
            // `'-1'::integer` is how PostgreSQL prints a negative number.
            if let (Some(n), Some(_)) = (&o.num, numeric_rank(&b)) {
                let natural = number_type(n);
                let key = if top && (b != natural || has_typmod(&t)) {
                    format!("{n}::{t}")
                } else {
                    n.clone()
                };
                return typed(key, n.clone(), o.num.clone());
            }
            let o = if o.lit == Lit::Unknown {
                retype_literal(o, &b)
            } else {
                o
            };
            let key = if top && t != "text" && o.ty.as_deref() != Some(t.as_str()) {
                format!("{}::{t}", o.bare)
            } else {
                o.bare.clone()
            };
            typed(key, o.bare, o.num)
        }
        Lit::Num => {
            let natural = o.ty.clone().unwrap_or_default();
            let key = if top && (b != natural || has_typmod(&t)) {
                format!("{}::{t}", o.key)
            } else {
                o.key.clone()
            };
            typed(key, o.key, None)
        }
        Lit::No => {
            let plain = |key: String, bare: String, arg: String| Out {
                key,
                bare,
                arg,
                ty: Some(t.clone()),
                lit: Lit::No,
                num: None,
            };
            if let Some(it) = &o.ty {
                let ib = base(it);
                if ib == b && (!has_typmod(&t) || *it == t) {
                    // A no-op cast: PostgreSQL drops it.
                    return o;
                }
                if !top && family(&ib) == "text" && b == "text" {
                    // varchar/char to text: binary-coercible, what every text operator does.
                    return plain(o.key.clone(), o.key.clone(), o.key);
                }
                if !top && implicit(&ib, &b) {
                    let key = format!("({})::{t}", o.key);
                    let arg = if matches!(b.as_str(), "numeric" | "timestamp with time zone")
                        || family(&ib) == family(&b)
                    {
                        o.key.clone()
                    } else {
                        key.clone()
                    };
                    return plain(key, o.key, arg);
                }
            }
            let key = format!("({})::{t}", o.key);
            plain(key.clone(), key.clone(), key)
        }
    }
}

/// What an operand contributes to its operator's type.
enum OperandType {
    /// An untyped string or NULL: whatever the other side is.
    Unknown,
    /// An uncast number: its natural type, widened by the other side.
    Weak(String),
    Strong(String),
    Untyped,
}

fn operand_type(o: &Out) -> OperandType {
    match (o.lit, &o.ty) {
        (Lit::Unknown, _) => OperandType::Unknown,
        (Lit::Num, Some(t)) => OperandType::Weak(base(t)),
        (_, Some(t)) => OperandType::Strong(base(t)),
        _ => OperandType::Untyped,
    }
}

/// Types whose operators take the same type on both sides (an untyped literal takes the other
/// side's type): not containers, documents or intervals (`doc ->> 'a'`, `tags || 'x'`,
/// `at + '1 hour'` take another type on the right).
fn symmetric(base: &str) -> bool {
    !(base.ends_with("[]")
        || matches!(
            base,
            "json" | "jsonb" | "interval" | "bytea" | "inet" | "cidr" | "tsvector" | "tsquery"
        ))
}

/// The type an operator over `l` and `r` works in, when both sides tell.
fn operator_type(l: &Out, r: &Out) -> Option<String> {
    use OperandType::*;
    let (a, b) = (operand_type(l), operand_type(r));
    for side in [&a, &b] {
        if let Strong(t) | Weak(t) = side {
            if !symmetric(t) {
                return None;
            }
        }
    }
    match (a, b) {
        (Strong(x), Strong(y)) => promote(&x, &y),
        (Strong(x), Unknown) | (Unknown, Strong(x)) => Some(family(&x).to_string()),
        (Strong(x), Weak(w)) | (Weak(w), Strong(x)) => promote(&x, &w),
        (Weak(a), Weak(b)) => promote(&a, &b),
        (Weak(a), Unknown) | (Unknown, Weak(a)) => Some(a),
        _ => None,
    }
}

/// An untyped string literal next to an operand of type `ty` is read as that type: its text as
/// PostgreSQL prints such a value (`'{"a":1}'` as jsonb is `'{"a": 1}'`).
fn adopt(o: Out, other: &Out) -> Out {
    if o.lit != Lit::Unknown || other.lit == Lit::Unknown {
        return o;
    }
    match other.ty.as_deref().map(base) {
        Some(t) => retype_literal(o, &t),
        None => o,
    }
}

/// A string literal's key re-spelled as a value of type `base` (see [`canonical_literal`]).
fn retype_literal(mut o: Out, base: &str) -> Out {
    let Some(text) = unquote(&o.bare) else {
        return o;
    };
    if let Some(c) = canonical_literal(&text, base) {
        let quoted = format!("'{}'", c.replace('\'', "''"));
        o.key = o.key.replacen(&o.bare, &quoted, 1);
        o.arg = o.arg.replacen(&o.bare, &quoted, 1);
        o.bare = quoted;
    }
    o
}

fn unquote(key: &str) -> Option<String> {
    let inner = key.strip_prefix('\'')?.strip_suffix('\'')?;
    Some(inner.replace("''", "'"))
}

/// The text PostgreSQL prints for a literal of type `base` written as `text`, where it differs
/// from the input: jsonb documents (keys ordered and spaced as jsonb prints them) and intervals
/// (`1 hour` is `01:00:00`, `1 week` is `7 days`). `None`: keep the text.
fn canonical_literal(text: &str, base: &str) -> Option<String> {
    match base {
        "jsonb" => {
            let v: serde_json::Value = serde_json::from_str(text).ok()?;
            v.is_object().then_some(()).or(v.is_array().then_some(()))?;
            Some(jsonb_text(&v))
        }
        "interval" => canonical_interval(text),
        _ => None,
    }
}

/// jsonb's output: object keys shortest first, then bytewise; `", "` and `": "` separators.
fn jsonb_text(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort_by(|a, b| a.len().cmp(&b.len()).then_with(|| a.cmp(b)));
            let parts: Vec<String> = keys
                .iter()
                .map(|k| {
                    format!(
                        "{}: {}",
                        serde_json::Value::String((*k).clone()),
                        jsonb_text(&map[*k])
                    )
                })
                .collect();
            format!("{{{}}}", parts.join(", "))
        }
        serde_json::Value::Array(items) => format!(
            "[{}]",
            items.iter().map(jsonb_text).collect::<Vec<_>>().join(", ")
        ),
        other => other.to_string(),
    }
}

/// An interval literal as PostgreSQL prints it (`IntervalStyle` postgres), for the common input
/// forms: `<number> <unit>` pairs (with PostgreSQL's abbreviations, `@` and `ago`) and
/// `[-]HH:MM[:SS[.f]]`. `None` for anything else.
fn canonical_interval(text: &str) -> Option<String> {
    let lower = text.trim().to_lowercase();
    let mut words: Vec<&str> = lower.split_whitespace().collect();
    if words.first() == Some(&"@") {
        words.remove(0);
    }
    let ago = words.last() == Some(&"ago");
    if ago {
        words.pop();
    }
    if words.is_empty() {
        return None;
    }
    let (mut months, mut days, mut micros) = (0f64, 0f64, 0f64);
    let mut i = 0;
    while i < words.len() {
        let w = words[i];
        if w.contains(':') {
            let (sign, t) = match w.strip_prefix('-') {
                Some(t) => (-1.0, t),
                None => (1.0, w.strip_prefix('+').unwrap_or(w)),
            };
            let parts: Vec<&str> = t.split(':').collect();
            if parts.len() < 2 || parts.len() > 3 {
                return None;
            }
            let h: f64 = parts[0].parse().ok()?;
            let m: f64 = parts[1].parse().ok()?;
            let sec: f64 = parts.get(2).map_or(Ok(0.0), |p| p.parse()).ok()?;
            micros += sign * ((h * 3600.0 + m * 60.0 + sec) * 1e6);
            i += 1;
            continue;
        }
        // A number, with its unit attached (`2h`) or as the next word.
        let split = w.find(|c: char| c.is_ascii_alphabetic()).unwrap_or(w.len());
        let (num, mut unit) = w.split_at(split);
        let value: f64 = num.parse().ok()?;
        if unit.is_empty() {
            i += 1;
            unit = words.get(i).copied().unwrap_or("");
        }
        let unit = unit.trim_end_matches(',');
        match unit {
            "millennium" | "millennia" | "millenniums" | "mil" | "mils" => {
                months += value * 12000.0
            }
            "century" | "centuries" | "cent" | "c" => months += value * 1200.0,
            "decade" | "decades" | "dec" | "decs" => months += value * 120.0,
            "year" | "years" | "yr" | "yrs" | "y" => months += (value * 12.0).round(),
            "month" | "months" | "mon" | "mons" => months += value,
            "week" | "weeks" | "w" => days += value * 7.0,
            "day" | "days" | "d" => days += value,
            "hour" | "hours" | "hr" | "hrs" | "h" => micros += value * 3600e6,
            "minute" | "minutes" | "min" | "mins" | "m" => micros += value * 60e6,
            "second" | "seconds" | "sec" | "secs" | "s" => micros += value * 1e6,
            "millisecond" | "milliseconds" | "ms" | "msec" | "msecs" => micros += value * 1e3,
            "microsecond" | "microseconds" | "us" | "usec" | "usecs" => micros += value,
            "" if i == words.len() => micros += value * 1e6,
            _ => return None,
        }
        i += 1;
    }
    // Fractions spill down: a month is 30 days, a day 24 hours.
    let whole_months = months.trunc();
    days += (months - whole_months) * 30.0;
    let whole_days = days.trunc();
    micros += (days - whole_days) * 86_400e6;
    let sign = if ago { -1 } else { 1 };
    let months = sign * whole_months as i64;
    let days = sign * whole_days as i64;
    let micros = sign * micros.round() as i64;
    let plural = |n: i64, unit: &str| format!("{n} {unit}{}", if n == 1 { "" } else { "s" });
    let mut parts = Vec::new();
    let (years, mons) = (months / 12, months % 12);
    if years != 0 {
        parts.push(plural(years, "year"));
    }
    if mons != 0 {
        parts.push(plural(mons, "mon"));
    }
    if days != 0 {
        parts.push(plural(days, "day"));
    }
    if micros != 0 || parts.is_empty() {
        let a = micros.unsigned_abs();
        let (h, rest) = (a / 3_600_000_000, a % 3_600_000_000);
        let (m, rest) = (rest / 60_000_000, rest % 60_000_000);
        let (sec, frac) = (rest / 1_000_000, rest % 1_000_000);
        let mut t = format!(
            "{}{h:02}:{m:02}:{sec:02}",
            if micros < 0 { "-" } else { "" }
        );
        if frac != 0 {
            t.push_str(format!(".{frac:06}").trim_end_matches('0'));
        }
        parts.push(t);
    }
    Some(parts.join(" "))
}

fn named_binop(l: Out, op: &str, r: Out, result: Option<String>) -> Out {
    let l = adopt(l, &r);
    let r = adopt(r, &l);
    match operator_type(&l, &r) {
        Some(t) => Out::plain(
            format!("({} {op}:{t} {})", l.bare, r.bare),
            result.or(Some(t)),
        ),
        None => Out::plain(format!("({} {op} {})", l.key, r.key), result),
    }
}

fn binop(l: Out, op: &BinaryOperator, r: Out) -> Out {
    if !symmetric_operator(op) {
        // Not the same type on both sides: no operand type to write into the key.
        let l = adopt(l, &r);
        let r = adopt(r, &l);
        let result = match op {
            BinaryOperator::And | BinaryOperator::Or => Some("boolean".to_string()),
            BinaryOperator::StringConcat => Some("text".to_string()),
            _ if boolean_operator(op) => Some("boolean".to_string()),
            _ => None,
        };
        return Out::plain(format!("({} {} {})", l.key, op_text(op), r.key), result);
    }
    let t = operator_type(&l, &r);
    let result = match op {
        _ if is_compare(op) => Some("boolean".to_string()),
        BinaryOperator::And
        | BinaryOperator::Or
        | BinaryOperator::PGLikeMatch
        | BinaryOperator::PGILikeMatch
        | BinaryOperator::PGNotLikeMatch
        | BinaryOperator::PGNotILikeMatch
        | BinaryOperator::PGRegexMatch
        | BinaryOperator::PGRegexIMatch
        | BinaryOperator::PGRegexNotMatch
        | BinaryOperator::PGRegexNotIMatch
        | BinaryOperator::AtArrow
        | BinaryOperator::ArrowAt
        | BinaryOperator::Question
        | BinaryOperator::QuestionAnd
        | BinaryOperator::QuestionPipe
        | BinaryOperator::PGOverlap => Some("boolean".to_string()),
        BinaryOperator::Plus
        | BinaryOperator::Minus
        | BinaryOperator::Multiply
        | BinaryOperator::Divide
        | BinaryOperator::Modulo => t.clone(),
        BinaryOperator::StringConcat => Some("text".to_string()),
        _ => None,
    };
    named_binop(l, &op_text(op), r, result)
}

/// Operators over one type on both sides: comparisons, arithmetic, `LIKE` (`~~`).
fn symmetric_operator(op: &BinaryOperator) -> bool {
    is_compare(op)
        || matches!(
            op,
            BinaryOperator::Plus
                | BinaryOperator::Minus
                | BinaryOperator::Multiply
                | BinaryOperator::Divide
                | BinaryOperator::Modulo
                | BinaryOperator::PGLikeMatch
                | BinaryOperator::PGILikeMatch
                | BinaryOperator::PGNotLikeMatch
                | BinaryOperator::PGNotILikeMatch
        )
}

fn boolean_operator(op: &BinaryOperator) -> bool {
    matches!(
        op,
        BinaryOperator::PGRegexMatch
            | BinaryOperator::PGRegexIMatch
            | BinaryOperator::PGRegexNotMatch
            | BinaryOperator::PGRegexNotIMatch
            | BinaryOperator::AtArrow
            | BinaryOperator::ArrowAt
            | BinaryOperator::Question
            | BinaryOperator::QuestionAnd
            | BinaryOperator::QuestionPipe
            | BinaryOperator::PGOverlap
    )
}

/// `x IN (a, b)` and `x = ANY (ARRAY[a, b])`.
fn any_list(x: Out, op: &str, elems: Vec<Out>) -> Out {
    let elems: Vec<Out> = elems.into_iter().map(|e| adopt(e, &x)).collect();
    let t = elems.iter().find_map(|e| operator_type(&x, e));
    match t {
        Some(t) => Out::plain(
            format!(
                "({} {op}:{t} [{}])",
                x.bare,
                elems
                    .iter()
                    .map(|e| e.bare.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            Some("boolean".into()),
        ),
        None => Out::plain(
            format!(
                "({} {op} [{}])",
                x.key,
                elems
                    .iter()
                    .map(|e| e.key.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            Some("boolean".into()),
        ),
    }
}

/// The name PostgreSQL gives a select-list item written without an alias (`FigureColname`),
/// with its strength (2: a name of its own, 1: a type's name, 0: none).
fn colname(e: &Expr) -> (String, u8) {
    match e {
        Expr::Identifier(i) => (fold(i), 2),
        Expr::CompoundIdentifier(parts) => (parts.last().map(fold).unwrap_or_default(), 2),
        Expr::Function(f) => (fold_name(&f.name).last().cloned().unwrap_or_default(), 2),
        Expr::Nested(x) => colname(x),
        Expr::Cast {
            expr, data_type, ..
        } => {
            let (n, s) = colname(expr);
            if s >= 2 {
                (n, s)
            } else {
                (type_colname(&simple_type_key(data_type)), 1)
            }
        }
        Expr::TypedString(ts) => (type_colname(&simple_type_key(&ts.data_type)), 1),
        Expr::Interval(_) => ("interval".into(), 1),
        Expr::Value(v) if matches!(v.value, Value::Boolean(_)) => ("bool".into(), 1),
        Expr::Case { else_result, .. } => match else_result.as_deref().map(colname) {
            Some((n, 2)) => (n, 2),
            _ => ("case".into(), 1),
        },
        Expr::Exists { .. } => ("exists".into(), 2),
        Expr::Array(_) => ("array".into(), 2),
        Expr::Extract { .. } => ("extract".into(), 2),
        Expr::Substring { .. } => ("substring".into(), 2),
        Expr::Trim { .. } => ("btrim".into(), 2),
        Expr::AtTimeZone { .. } => ("timezone".into(), 2),
        Expr::Collate { expr, .. } => colname(expr),
        Expr::Tuple(_) => ("row".into(), 2),
        Expr::Subquery(q) => first_item_name(q)
            .map(|n| (n, 2))
            .unwrap_or(("?column?".into(), 0)),
        _ => ("?column?".into(), 0),
    }
}

/// A type key without a schema (for names only).
fn simple_type_key(dt: &DataType) -> String {
    let text = dt.to_string();
    let text = if text.contains('"') {
        text
    } else {
        text.to_lowercase()
    };
    column_type_key(
        &Schema::default(),
        &crate::normalize::parse_type_name(&text, &Schema::default()),
    )
}

fn first_item_name(q: &Query) -> Option<String> {
    let mut body = q.body.as_ref();
    loop {
        match body {
            SetExpr::Select(s) => {
                return match s.projection.first()? {
                    SelectItem::UnnamedExpr(e) => Some(colname(e).0),
                    SelectItem::ExprWithAlias { alias, .. } => Some(fold(alias)),
                    _ => None,
                }
            }
            SetExpr::SetOperation { left, .. } => body = left,
            SetExpr::Query(q) => body = q.body.as_ref(),
            _ => return None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::view_definition_key;
    use crate::import::import_sql;
    use crate::model::Schema;

    fn schema(sql: &str) -> Schema {
        let r = import_sql(sql);
        assert!(r.errors.is_empty(), "{:?}", r.errors);
        r.document.schema
    }

    const TABLES: &str = "CREATE TYPE mood AS ENUM ('happy', 'sad');
        CREATE TABLE t (id bigint PRIMARY KEY, name varchar(50), price numeric, qty int,
            status text, m mood, created_at timestamp, born date);
        CREATE TABLE u (id int, t_id bigint, note text);";

    /// The key of `query` as a view `v` over [`TABLES`].
    fn key(query: &str) -> String {
        key_with(TABLES, query, "")
    }

    fn key_with(tables: &str, query: &str, columns: &str) -> String {
        let s = schema(&format!("{tables}\nCREATE VIEW v{columns} AS {query};"));
        let v = s.views.iter().find(|v| v.name == "v").unwrap();
        view_definition_key(&s, v, None).unwrap_or_else(|| panic!("no key for {query}"))
    }

    fn same(design: &str, postgres: &str) {
        assert_eq!(key(design), key(postgres), "\n{design}\nvs\n{postgres}");
    }

    fn differ(a: &str, b: &str) {
        assert_ne!(key(a), key(b), "\n{a}\nvs\n{b}");
    }

    #[test]
    fn star_expands_to_the_columns() {
        same(
            "SELECT * FROM t",
            "SELECT t.id, t.name, t.price, t.qty, t.status, t.m, t.created_at, t.born FROM t",
        );
        same(
            "SELECT u.*, t.name FROM t JOIN u ON u.t_id = t.id",
            "SELECT u.id, u.t_id, u.note, t.name FROM (t JOIN u ON ((u.t_id = t.id)))",
        );
        // A column fewer is another view.
        differ(
            "SELECT * FROM t",
            "SELECT t.id, t.name, t.price, t.qty, t.status, t.m, t.created_at FROM t",
        );
    }

    #[test]
    fn casts_meet_postgres_spelling() {
        same(
            "SELECT id::int * 2, name, qty * 1.5 AS x, qty::numeric / 2 AS y FROM t \
             WHERE name = 'x' AND price > 0 AND status IN ('a','b') AND name LIKE 'a%'",
            "SELECT ((t.id)::integer * 2) AS \"?column?\", t.name, ((t.qty)::numeric * 1.5) AS x, \
             ((t.qty)::numeric / (2)::numeric) AS y FROM t WHERE (((t.name)::text = 'x'::text) \
             AND (t.price > (0)::numeric) AND (t.status = ANY (ARRAY['a'::text, 'b'::text])) \
             AND ((t.name)::text ~~ 'a%'::text));",
        );
        same(
            "SELECT t.id, u.note, t.name || 'x' AS nn, coalesce(name, '') AS c, 'lit' AS l, \
             1 AS one, -1 AS neg, true AS b, count(*) OVER (PARTITION BY status) \
             FROM t JOIN u ON u.t_id = t.id",
            "SELECT t.id, u.note, ((t.name)::text || 'x'::text) AS nn, \
             COALESCE(t.name, ''::character varying) AS c, 'lit'::text AS l, 1 AS one, \
             '-1'::integer AS neg, true AS b, count(*) OVER (PARTITION BY t.status) AS count \
             FROM (t JOIN u ON ((u.t_id = t.id)));",
        );
        same("SELECT qty::int4 AS q FROM t", "SELECT t.qty AS q FROM t");
        same("SELECT id::int8 AS a FROM t", "SELECT t.id AS a FROM t");
        same(
            "SELECT length(name) AS l, created_at > now() - interval '1 day' AS recent, \
             CASE WHEN qty > 1 THEN 'many' ELSE 'few' END AS k FROM t",
            "SELECT length((t.name)::text) AS l, (t.created_at > (now() - '1 day'::interval)) \
             AS recent, CASE WHEN (t.qty > 1) THEN 'many'::text ELSE 'few'::text END AS k FROM t;",
        );
        same(
            "SELECT id FROM t WHERE m = 'happy'",
            "SELECT t.id FROM t WHERE (t.m = 'happy'::mood)",
        );
        same(
            "SELECT id FROM t WHERE qty BETWEEN 1 AND 5",
            "SELECT t.id FROM t WHERE ((t.qty >= 1) AND (t.qty <= 5))",
        );
    }

    #[test]
    fn casts_that_change_something_still_count() {
        // Integer division against numeric division.
        differ(
            "SELECT qty / 2 AS y FROM t",
            "SELECT qty::numeric / 2 AS y FROM t",
        );
        differ(
            "SELECT qty / 2 AS y FROM t",
            "SELECT ((t.qty)::numeric / (2)::numeric) AS y FROM t",
        );
        // The column's type.
        differ("SELECT id::int AS i FROM t", "SELECT id AS i FROM t");
        differ("SELECT qty::bigint AS q FROM t", "SELECT qty AS q FROM t");
        differ("SELECT name::text AS n FROM t", "SELECT name AS n FROM t");
        differ(
            "SELECT name::varchar(10) AS n FROM t",
            "SELECT name AS n FROM t",
        );
        differ("SELECT '5'::int AS x FROM t", "SELECT '5' AS x FROM t");
        // Comparing an enum as text is another comparison.
        differ(
            "SELECT id FROM t WHERE m::text = 'happy'",
            "SELECT id FROM t WHERE m = 'happy'",
        );
        differ(
            "SELECT id FROM t WHERE price > 0",
            "SELECT id FROM t WHERE price > 1",
        );
        differ(
            "SELECT id FROM t WHERE status = 'A'",
            "SELECT id FROM t WHERE status = 'a'",
        );
    }

    #[test]
    fn arguments_widened_to_the_function_postgres_picks() {
        same(
            "SELECT round(qty, 2) AS r, date_trunc('month', born) AS m FROM t",
            "SELECT round((t.qty)::numeric, 2) AS r, \
             date_trunc('month'::text, (t.born)::timestamp with time zone) AS m FROM t",
        );
        same(
            "SELECT round(qty::numeric, 2) AS r FROM t",
            "SELECT round((t.qty)::numeric, 2) AS r FROM t",
        );
        // Another overload, another result.
        differ(
            "SELECT date_trunc('month', born::timestamp) AS m FROM t",
            "SELECT date_trunc('month', born) AS m FROM t",
        );
        differ(
            "SELECT sum(qty::numeric) AS s FROM t",
            "SELECT sum(qty) AS s FROM t",
        );
        differ(
            "SELECT round(qty::float8) AS r FROM t",
            "SELECT round(qty::numeric) AS r FROM t",
        );
    }

    #[test]
    fn literals_as_postgres_prints_their_values() {
        same(
            "SELECT id FROM t WHERE created_at > now() - interval '1 hour' \
             AND born < now() - interval '1 week'",
            "SELECT t.id FROM t WHERE ((t.created_at > (now() - '01:00:00'::interval)) \
             AND (t.born < (now() - '7 days'::interval)))",
        );
        differ(
            "SELECT id FROM t WHERE created_at > now() - interval '1 hour'",
            "SELECT id FROM t WHERE created_at > now() - interval '2 hours'",
        );
        let tables = "CREATE TABLE d (id int, doc jsonb, tags text[]);";
        assert_eq!(
            key_with(
                tables,
                "SELECT id FROM d WHERE doc @> '{\"b\":1,\"a\":[1,2]}'",
                ""
            ),
            key_with(
                tables,
                "SELECT d.id FROM d WHERE (d.doc @> '{\"a\": [1, 2], \"b\": 1}'::jsonb)",
                ""
            )
        );
        assert_ne!(
            key_with(tables, "SELECT id FROM d WHERE doc @> '{\"a\":1}'", ""),
            key_with(tables, "SELECT id FROM d WHERE doc @> '{\"a\":2}'", "")
        );
        assert_eq!(
            key_with(
                tables,
                "SELECT doc->>'a' AS a, 'y' = ANY(tags) AS y FROM d",
                ""
            ),
            key_with(
                tables,
                "SELECT (d.doc ->> 'a'::text) AS a, ('y'::text = ANY (d.tags)) AS y FROM d",
                ""
            )
        );
    }

    #[test]
    fn postgres_rewrites_of_conditions_and_clauses() {
        same(
            "SELECT id, CASE WHEN qty > 1 THEN 'many' END AS k FROM t \
             WHERE NOT EXISTS (SELECT 1 FROM u WHERE u.t_id = t.id) \
             AND id NOT IN (SELECT t_id FROM u)",
            "SELECT t.id, CASE WHEN (t.qty > 1) THEN 'many'::text ELSE NULL::text END AS k FROM t \
             WHERE ((NOT (EXISTS ( SELECT 1 FROM u WHERE (u.t_id = t.id)))) \
             AND (NOT (t.id IN ( SELECT u.t_id FROM u))))",
        );
        differ(
            "SELECT id FROM t WHERE id NOT IN (SELECT t_id FROM u)",
            "SELECT id FROM t WHERE id IN (SELECT t_id FROM u)",
        );
        same(
            "SELECT id, rank() OVER w AS r FROM t WINDOW w AS (ORDER BY price)",
            "SELECT t.id, rank() OVER w AS r FROM t WINDOW w AS (ORDER BY t.price)",
        );
        same(
            "SELECT coalesce(name, status, 'none') AS label FROM t",
            "SELECT COALESCE((t.name)::text, t.status, 'none'::text) AS label FROM t",
        );
        same(
            "SELECT n FROM generate_series(1, 3) n",
            "SELECT n.n FROM generate_series(1, 3) n(n)",
        );
    }

    #[test]
    fn names_aliases_and_qualifiers() {
        same("SELECT id AS id FROM t", "SELECT t.id FROM t");
        same("SELECT x.id FROM t AS x", "SELECT y.id FROM t y");
        same("SELECT id FROM public.t", "SELECT t.id FROM t");
        same("SELECT count(*) FROM t", "SELECT count(*) AS count FROM t");
        differ("SELECT id FROM t", "SELECT id AS ident FROM t");
        differ("SELECT id, name FROM t", "SELECT name, id FROM t");
        // Which table a column comes from.
        differ(
            "SELECT t.id FROM t JOIN u ON u.t_id = t.id",
            "SELECT u.id FROM t JOIN u ON u.t_id = t.id",
        );
        same(
            "SELECT note, name FROM t JOIN u ON t_id = t.id",
            "SELECT u.note, t.name FROM (t JOIN u ON ((u.t_id = t.id)))",
        );
        same(
            "SELECT a.id, b.id AS bid FROM t a, t b",
            "SELECT x.id, y.id AS bid FROM t x, t y",
        );
        differ(
            "SELECT a.id, b.id AS bid FROM t a, t b",
            "SELECT b.id, a.id AS bid FROM t a, t b",
        );
    }

    #[test]
    fn column_lists_become_aliases() {
        assert_eq!(
            key_with(TABLES, "SELECT id, name FROM t", " (a, b)"),
            key("SELECT t.id AS a, t.name AS b FROM t")
        );
        assert_ne!(
            key_with(TABLES, "SELECT id, name FROM t", " (a, c)"),
            key("SELECT t.id AS a, t.name AS b FROM t")
        );
    }

    #[test]
    fn order_group_limit() {
        same(
            "SELECT status, count(*) FROM t GROUP BY 1 ORDER BY 2 DESC",
            "SELECT t.status, count(*) AS count FROM t GROUP BY t.status ORDER BY (count(*)) DESC",
        );
        same(
            "SELECT id FROM t ORDER BY name ASC NULLS LAST FETCH FIRST 5 ROWS ONLY",
            "SELECT t.id FROM t ORDER BY t.name LIMIT 5",
        );
        differ(
            "SELECT id FROM t ORDER BY name",
            "SELECT id FROM t ORDER BY name DESC",
        );
        differ("SELECT id FROM t LIMIT 5", "SELECT id FROM t LIMIT 6");
    }

    #[test]
    fn subqueries_and_correlation() {
        same(
            "SELECT x.id, (SELECT count(*) FROM u WHERE u.t_id = x.id) AS cnt FROM t x \
             WHERE EXISTS (SELECT 1 FROM u WHERE t_id = x.id) ORDER BY name LIMIT 5",
            "SELECT x.id, ( SELECT count(*) AS count FROM u WHERE (u.t_id = x.id)) AS cnt \
             FROM t x WHERE (EXISTS ( SELECT 1 FROM u WHERE (u.t_id = x.id))) \
             ORDER BY x.name LIMIT 5;",
        );
        differ(
            "SELECT id FROM t WHERE EXISTS (SELECT 1 FROM u WHERE u.t_id = t.id)",
            "SELECT id FROM t WHERE NOT EXISTS (SELECT 1 FROM u WHERE u.t_id = t.id)",
        );
    }

    #[test]
    fn recursive_and_set_operations() {
        same(
            "WITH RECURSIVE r(n) AS (VALUES (1) UNION ALL SELECT n+1 FROM r WHERE n < 100) \
             SELECT n FROM r",
            "WITH RECURSIVE r(n) AS ( VALUES (1) UNION ALL SELECT (r_1.n + 1) FROM r r_1 \
             WHERE (r_1.n < 100)) SELECT r.n FROM r;",
        );
        differ(
            "WITH RECURSIVE r(n) AS (VALUES (1) UNION ALL SELECT n+1 FROM r WHERE n < 100) \
             SELECT n FROM r",
            "WITH RECURSIVE r(n) AS (VALUES (1) UNION ALL SELECT n+1 FROM r WHERE n < 10) \
             SELECT n FROM r",
        );
        same(
            "SELECT id FROM t UNION SELECT id FROM u",
            "SELECT t.id FROM t UNION SELECT u.id AS id FROM u",
        );
        differ(
            "SELECT id FROM t UNION SELECT id FROM u",
            "SELECT id FROM t UNION ALL SELECT id FROM u",
        );
    }
}
