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

use sqlparser::ast::{BinaryOperator, Ident, ObjectName, Value, WildcardAdditionalOptions};

use crate::model::{ColumnType, Schema, View};
use crate::naming::quote_ident;

mod exprs;
mod relations;
mod select;
#[cfg(test)]
mod tests;
mod types;

pub(super) use relations::Relations;
use types::*;
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
    let hint = order_hint.map(Relations::new);
    view_definition_key_in(&Relations::new(schema), view, hint.as_ref())
}

/// [`view_definition_key`] with the schemas' relations already indexed, for keying many views.
pub(super) fn view_definition_key_in(
    rels: &Relations<'_>,
    view: &View,
    order_hint: Option<&Relations<'_>>,
) -> Option<String> {
    let text = crate::ddl::view_query_text(view);
    let query = crate::sql::parse_query(text).ok()?;
    let mut k = Keyer::new(
        rels,
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
    /// The relations of `schema`, indexed.
    rels: &'a Relations<'a>,
    order_hint: Option<&'a Relations<'a>>,
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
