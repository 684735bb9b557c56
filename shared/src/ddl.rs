//! Renders the schema model as PostgreSQL DDL.
//!
//! [`render_schema`] prints a whole schema as `CREATE` statements that apply to an empty database
//! in one go: schemas, enum types, tables (columns, primary key, unique and check constraints),
//! then every foreign key as `ALTER TABLE ... ADD CONSTRAINT` (so reference cycles work), indexes,
//! views in dependency order and finally comments. The per-object renderers are public because the
//! migration planner builds its `ALTER` statements from the same pieces.
//!
//! Output is deterministic: objects appear in model order, identifiers are quoted only when needed
//! ([`quote_ident`]), names are schema-qualified only outside `public`, every statement ends with
//! `;` and statements are separated by a blank line. Constraint and index names are always written
//! out (their effective names from [`crate::naming`]) except for a conventionally named
//! single-column primary key, which is written inline as `PRIMARY KEY` because PostgreSQL then
//! picks the same `<table>_pkey` name itself. Rendering never fails: dangling references render as
//! their id text, and the `validate` module is the place that reports them.

use std::collections::{BTreeSet, HashMap, HashSet};

use crate::model::{
    Column, ColumnType, DefaultValue, Enum, ForeignKey, Id, Identity, Namespace, ObjectRef,
    PrimaryKey, Schema, Table, View, DEFAULT_SCHEMA,
};
mod constraints;
mod domains;
mod grants;
mod policies;
mod prerequisites;
mod routines;
mod sequences;
pub(crate) use prerequisites::prerequisite_statements;
pub use prerequisites::{extension_of_function, extension_of_type};

pub use domains::{
    composite_attribute_sql, create_composite_sql, create_domain_sql, domain_check_sql,
    domain_statements,
};
pub use grants::{default_privilege_sql, grant_statements};
pub use policies::{
    alter_policy_sql, create_policy_sql, enable_row_security_sql, force_row_security_sql, role_sql,
    row_security_statements,
};
pub use routines::{
    create_function_sql, create_trigger_sql, drop_function_sql, drop_trigger_sql,
    function_grant_target, function_signature_sql, function_stage, trigger_comment_target,
    FunctionStage,
};
pub use sequences::{create_sequence_sql, owner_sql, sequence_comment_sql, sequence_owned_by_sql};

use constraints::add_foreign_key_with;
pub use constraints::{
    add_check_sql, add_foreign_key_sql, check_constraint_sql, create_index_sql,
    create_view_index_sql, foreign_key_clause_sql, index_comment_statement,
    primary_key_constraint_sql, unique_constraint_sql,
};

use crate::naming::{default_pk_name, quote_ident, quote_literal, MAX_IDENTIFIER_BYTES};

/// `name`, or `schema.name` when the schema is not `public`, each part quoted as needed.
pub fn qualified_name(schema: &str, name: &str) -> String {
    if schema == DEFAULT_SCHEMA {
        quote_ident(name).into_owned()
    } else {
        format!("{}.{}", quote_ident(schema), quote_ident(name))
    }
}

/// The table's qualified name.
pub fn table_name_sql(table: &Table) -> String {
    qualified_name(&table.schema, &table.name)
}

/// The SQL spelling of a column type; an enum is named by its (qualified) type name.
pub fn column_type_sql(schema: &Schema, ty: &ColumnType) -> String {
    match ty {
        ColumnType::SmallInt => "smallint".into(),
        ColumnType::Integer => "integer".into(),
        ColumnType::BigInt => "bigint".into(),
        ColumnType::SmallSerial => "smallserial".into(),
        ColumnType::Serial => "serial".into(),
        ColumnType::BigSerial => "bigserial".into(),
        ColumnType::Real => "real".into(),
        ColumnType::DoublePrecision => "double precision".into(),
        ColumnType::Numeric { precision, scale } => match (precision, scale) {
            (Some(p), Some(s)) => format!("numeric({p}, {s})"),
            (Some(p), None) => format!("numeric({p})"),
            _ => "numeric".into(),
        },
        ColumnType::Text => "text".into(),
        ColumnType::Varchar { length } => match length {
            Some(n) => format!("varchar({n})"),
            None => "varchar".into(),
        },
        ColumnType::Char { length } => match length {
            Some(n) => format!("char({n})"),
            None => "char".into(),
        },
        ColumnType::Uuid => "uuid".into(),
        ColumnType::Boolean => "boolean".into(),
        ColumnType::Date => "date".into(),
        ColumnType::Time {
            precision,
            with_time_zone,
        } => datetime_sql("time", *precision, *with_time_zone),
        ColumnType::Timestamp {
            precision,
            with_time_zone,
        } => datetime_sql("timestamp", *precision, *with_time_zone),
        ColumnType::Interval => "interval".into(),
        ColumnType::Json => "json".into(),
        ColumnType::Jsonb => "jsonb".into(),
        ColumnType::Bytea => "bytea".into(),
        ColumnType::Inet => "inet".into(),
        ColumnType::Cidr => "cidr".into(),
        ColumnType::Enum { id } => match schema.enum_type(id) {
            Some(e) => qualified_name(&e.schema, &e.name),
            None => quote_ident(id.as_str()).into_owned(),
        },
        ColumnType::Array { element } => format!("{}[]", column_type_sql(schema, element)),
        ColumnType::Custom { name } => name.trim().to_string(),
    }
}

fn datetime_sql(base: &str, precision: Option<u32>, tz: bool) -> String {
    let mut s = base.to_string();
    if let Some(p) = precision {
        s.push_str(&format!("({p})"));
    }
    if tz {
        s.push_str(" with time zone");
    }
    s
}

/// The SQL of a default value as it would appear after `DEFAULT` for this column.
///
/// Strings are quoted literals (no cast: PostgreSQL coerces an untyped literal to the column type,
/// enums included), JSON is compact text cast to the column's `json`/`jsonb`, numbers and
/// expressions are written as they are.
pub fn default_value_sql(schema: &Schema, ty: &ColumnType, value: &DefaultValue) -> String {
    let _ = schema;
    match value {
        DefaultValue::Null => "NULL".into(),
        DefaultValue::Boolean(b) => if *b { "true" } else { "false" }.into(),
        DefaultValue::Number(n) => n.trim().to_string(),
        DefaultValue::String(s) => quote_literal(s),
        DefaultValue::Json(v) => {
            let text = quote_literal(&v.to_string());
            match ty {
                ColumnType::Json => format!("{text}::json"),
                ColumnType::Jsonb => format!("{text}::jsonb"),
                _ => text,
            }
        }
        DefaultValue::Expression(e) => {
            let e = e.trim();
            if needs_parentheses_as_default(e) {
                format!("({e})")
            } else {
                e.to_string()
            }
        }
    }
}

/// True when `expr` is not a valid `DEFAULT` as it stands: PostgreSQL's grammar takes a
/// restricted expression there (`b_expr`), so `now() AT TIME ZONE 'utc'`, `x IS NULL`, `a AND b`,
/// `x IN (..)`, `x LIKE ..`, `x COLLATE ..` and the like need parentheses (pg_dump writes them;
/// the importer drops enclosing parentheses). Only words outside literals, quotes and brackets
/// count.
pub fn needs_parentheses_as_default(expr: &str) -> bool {
    const A_EXPR_ONLY: &[&str] = &[
        "all", "and", "any", "at", "between", "collate", "ilike", "in", "is", "isnull", "like",
        "not", "notnull", "or", "overlaps", "similar", "some",
    ];
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    let mut word = String::new();
    let mut top_words = Vec::new();
    for c in expr.chars().chain(std::iter::once(' ')) {
        if let Some(q) = quote {
            if c == q {
                quote = None;
            }
            continue;
        }
        if depth == 0 && (c.is_alphanumeric() || c == '_') {
            word.push(c.to_ascii_lowercase());
            continue;
        }
        if !word.is_empty() {
            top_words.push(std::mem::take(&mut word));
        }
        match c {
            '\'' | '"' => quote = Some(c),
            '(' | '[' => depth += 1,
            ')' | ']' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    // `IS DISTINCT FROM` is allowed, but parentheses never hurt.
    top_words.iter().any(|w| A_EXPR_ONLY.contains(&w.as_str()))
}

/// The column's `DEFAULT` expression, if it has one.
pub fn default_sql(schema: &Schema, column: &Column) -> Option<String> {
    column
        .default
        .as_ref()
        .map(|d| default_value_sql(schema, &column.ty, d))
}

/// One column as written in `CREATE TABLE` or `ALTER TABLE ... ADD COLUMN`: name, type, default,
/// identity, generation expression and `NOT NULL` (primary key membership is not included).
pub fn column_definition_sql(schema: &Schema, table: &Table, column: &Column) -> String {
    column_definition_inner(schema, table, column, None)
}

fn column_definition_inner(
    schema: &Schema,
    table: &Table,
    column: &Column,
    inline_pk: Option<&str>,
) -> String {
    let mut s = format!(
        "{} {}",
        quote_ident(&column.name),
        column_type_sql(schema, &column.ty)
    );
    if let Some(c) = &column.collation {
        s.push_str(" COLLATE ");
        s.push_str(&quote_ident(c));
    }
    if let Some(pk) = inline_pk {
        s.push(' ');
        s.push_str(pk);
    }
    if let Some(d) = default_sql(schema, column) {
        s.push_str(" DEFAULT ");
        s.push_str(&d);
    }
    if let Some(identity) = column.identity {
        s.push_str(match identity {
            Identity::Always => " GENERATED ALWAYS AS IDENTITY",
            Identity::ByDefault => " GENERATED BY DEFAULT AS IDENTITY",
        });
        s.push_str(&column.identity_options.canonical(&column.ty).sql());
    }
    if let Some(g) = &column.generated {
        s.push_str(&format!(" GENERATED ALWAYS AS ({}) STORED", g.trim()));
    }
    let in_pk = table
        .primary_key
        .as_ref()
        .is_some_and(|pk| pk.columns.contains(&column.id));
    if column.not_null || in_pk {
        s.push_str(" NOT NULL");
    }
    s
}

pub(crate) fn column_list(table: &Table, ids: &[Id]) -> String {
    ids.iter()
        .map(|id| match table.column(id) {
            Some(c) => quote_ident(&c.name).into_owned(),
            None => quote_ident(id.as_str()).into_owned(),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// True when the primary key is written inline on its column as a bare `PRIMARY KEY`: a single
/// column, no explicit name, and a `<table>_pkey` name PostgreSQL will pick by itself unchanged.
fn pk_is_bare_inline(table: &Table, pk: &PrimaryKey) -> bool {
    pk.columns.len() == 1
        && pk.name.is_none()
        && !pk.deferrable
        && default_pk_name(table, pk).len() <= MAX_IDENTIFIER_BYTES
        && table.column(&pk.columns[0]).is_some()
}

/// `CREATE TABLE` with columns, primary key, unique and check constraints (foreign keys and
/// indexes are separate statements).
pub fn create_table_sql(schema: &Schema, table: &Table) -> String {
    let mut items: Vec<String> = Vec::new();
    let inline_pk_col = table
        .primary_key
        .as_ref()
        .filter(|pk| pk_is_bare_inline(table, pk))
        .map(|pk| pk.columns[0].clone());
    for column in &table.columns {
        let inline = if inline_pk_col.as_ref() == Some(&column.id) {
            Some("PRIMARY KEY")
        } else {
            None
        };
        items.push(column_definition_inner(schema, table, column, inline));
    }
    if let Some(pk) = &table.primary_key {
        if inline_pk_col.is_none() {
            items.push(primary_key_constraint_sql(table, pk));
        }
    }
    for unique in &table.uniques {
        items.push(unique_constraint_sql(table, unique));
    }
    // NOT VALID checks are added after the table (see `render_tables`): in CREATE TABLE
    // PostgreSQL would mark them valid.
    for check in table.checks.iter().filter(|c| !c.not_valid) {
        items.push(check_constraint_sql(check));
    }
    let partitioning = table
        .partition_by
        .as_ref()
        .map(|p| format!("\nPARTITION BY {} ({})", p.strategy.sql(), p.key))
        .unwrap_or_default();
    if items.is_empty() {
        return format!("CREATE TABLE {} (){partitioning};", table_name_sql(table));
    }
    format!(
        "CREATE TABLE {} (\n    {}\n){partitioning};",
        table_name_sql(table),
        items.join(",\n    ")
    )
}

/// `CREATE TABLE <partition> PARTITION OF <table> <bound>;`
pub fn create_partition_sql(table: &Table, p: &crate::model::Partition) -> String {
    format!(
        "CREATE TABLE {} PARTITION OF {} {};",
        qualified_name(&p.schema, &p.name),
        table_name_sql(table),
        p.bound.trim()
    )
}

/// `CREATE EXTENSION IF NOT EXISTS <name> [WITH SCHEMA <schema>] [VERSION '<v>'];`
pub fn create_extension_sql(e: &crate::model::Extension) -> String {
    let mut sql = format!("CREATE EXTENSION IF NOT EXISTS {}", quote_ident(&e.name));
    if e.schema != DEFAULT_SCHEMA {
        sql.push_str(&format!(" WITH SCHEMA {}", quote_ident(&e.schema)));
    }
    if let Some(v) = &e.version {
        sql.push_str(&format!(" VERSION {}", quote_literal(v)));
    }
    sql.push(';');
    sql
}

/// `CREATE TYPE <name> AS ENUM (...);`
pub fn create_enum_sql(e: &Enum) -> String {
    format!(
        "CREATE TYPE {} AS ENUM ({});",
        qualified_name(&e.schema, &e.name),
        e.values
            .iter()
            .map(|v| quote_literal(&v.name))
            .collect::<Vec<_>>()
            .join(", ")
    )
}

/// `CREATE SCHEMA <name>;`
pub fn create_namespace_sql(name: &str) -> String {
    format!("CREATE SCHEMA {};", quote_ident(name))
}

/// The view's query as stored, without surrounding whitespace or a trailing `;`.
pub fn view_query_text(view: &View) -> &str {
    view.query.trim().trim_end_matches(';').trim_end()
}

/// `CREATE [MATERIALIZED] VIEW <name> [(cols)] AS <query>;`
pub fn create_view_sql(view: &View) -> String {
    let cols = if view.columns.is_empty() {
        String::new()
    } else {
        format!(
            " ({})",
            view.columns
                .iter()
                .map(|c| quote_ident(c).into_owned())
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    let check = match (&view.check_option, view.materialized) {
        (Some(o), false) => format!("\nWITH {} CHECK OPTION", o.sql()),
        _ => String::new(),
    };
    format!(
        "CREATE {}VIEW {}{} AS\n{}{check};",
        if view.materialized {
            "MATERIALIZED "
        } else {
            ""
        },
        qualified_name(&view.schema, &view.name),
        cols,
        view_query_text(view)
    )
}

/// Whether an index key of a materialized view is one column name (as opposed to an expression
/// that needs parentheses).
pub(crate) fn is_column_name(key: &str) -> bool {
    let k = key.trim();
    if let Some(inner) = k.strip_prefix('"').and_then(|r| r.strip_suffix('"')) {
        return !inner.is_empty() && !inner.replace("\"\"", "").contains('"');
    }
    k.chars()
        .next()
        .is_some_and(|c| c.is_alphabetic() || c == '_')
        && k.chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '$')
        && !crate::naming::is_non_bare_keyword(&k.to_ascii_lowercase())
}

/// `COMMENT ON <what> <target> IS '<text>';`
pub fn comment_sql(what: &str, target: &str, text: &str) -> String {
    format!("COMMENT ON {what} {target} IS {};", quote_literal(text))
}

/// The `COMMENT ON` statements of a top-level object (a table's include its columns' and
/// indexes').
pub fn comment_statements(o: ObjectRef<'_>) -> Vec<String> {
    let one = |what: &str, target: String, text: &Option<String>| {
        text.iter()
            .map(|c| comment_sql(what, &target, c))
            .collect::<Vec<_>>()
    };
    match o {
        ObjectRef::Namespace(ns) => one("SCHEMA", quote_ident(&ns.name).into_owned(), &ns.comment),
        ObjectRef::Enum(e) => one("TYPE", qualified_name(&e.schema, &e.name), &e.comment),
        ObjectRef::Table(t) => table_comment_statements(t),
        ObjectRef::View(v) => one(
            if v.materialized {
                "MATERIALIZED VIEW"
            } else {
                "VIEW"
            },
            qualified_name(&v.schema, &v.name),
            &v.comment,
        ),
        ObjectRef::Sequence(q) => sequence_comment_sql(q).into_iter().collect(),
        ObjectRef::Function(f) => one(f.kind.sql(), function_signature_sql(f), &f.comment),
        ObjectRef::Domain(d) => one("DOMAIN", qualified_name(&d.schema, &d.name), &d.comment),
        ObjectRef::Composite(c) => one("TYPE", qualified_name(&c.schema, &c.name), &c.comment),
    }
}

/// The `COMMENT ON` statements for a table, its columns and its indexes.
pub fn table_comment_statements(table: &Table) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(c) = &table.comment {
        out.push(comment_sql("TABLE", &table_name_sql(table), c));
    }
    for column in &table.columns {
        if let Some(c) = &column.comment {
            out.push(comment_sql(
                "COLUMN",
                &format!("{}.{}", table_name_sql(table), quote_ident(&column.name)),
                c,
            ));
        }
    }
    out.extend(
        table
            .indexes
            .iter()
            .filter_map(|ix| index_comment_statement(table, ix)),
    );
    for p in &table.partitions {
        if let Some(c) = &p.comment {
            out.push(comment_sql("TABLE", &qualified_name(&p.schema, &p.name), c));
        }
    }
    for t in &table.triggers {
        if let Some(c) = &t.comment {
            out.push(comment_sql("TRIGGER", &trigger_comment_target(table, t), c));
        }
    }
    out
}

/// The order in which views can be created: model order, except that a view is moved after the
/// views its query mentions by name (a textual check; a cycle falls back to model order).
pub fn view_creation_order(views: &[View]) -> Vec<usize> {
    let n = views.len();
    // The views by lowercased name, so each view's words find the views they name without a
    // pass over all views per view.
    let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
    for (j, v) in views.iter().enumerate() {
        by_name.entry(v.name.to_lowercase()).or_default().push(j);
    }
    let deps: Vec<Vec<usize>> = (0..n)
        .map(|i| {
            let words = identifier_words(view_query_text(&views[i]));
            words
                .iter()
                .filter_map(|w| by_name.get(w))
                .flatten()
                .copied()
                .filter(|&j| j != i)
                .collect()
        })
        .collect();
    let mut done = vec![false; n];
    let mut order = Vec::with_capacity(n);
    while order.len() < n {
        let next = (0..n)
            .find(|&i| !done[i] && deps[i].iter().all(|&d| done[d]))
            .or_else(|| (0..n).find(|&i| !done[i]));
        match next {
            Some(i) => {
                done[i] = true;
                order.push(i);
            }
            None => break,
        }
    }
    order
}

/// Lowercased identifier-like words of an SQL text (quoted identifiers keep their case).
fn identifier_words(sql: &str) -> HashSet<String> {
    let mut words = HashSet::new();
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '"' {
            let mut w = String::new();
            while let Some(c) = chars.next() {
                if c == '"' {
                    if chars.peek() == Some(&'"') {
                        chars.next();
                        w.push('"');
                    } else {
                        break;
                    }
                } else {
                    w.push(c);
                }
            }
            words.insert(w.to_lowercase());
        } else if c.is_alphanumeric() || c == '_' {
            let mut w = c.to_lowercase().to_string();
            while let Some(&n) = chars.peek() {
                if n.is_alphanumeric() || n == '_' || n == '$' {
                    w.extend(n.to_lowercase());
                    chars.next();
                } else {
                    break;
                }
            }
            words.insert(w);
        }
    }
    words
}

/// Non-public schema names in order: listed namespaces first, then ones only used by objects.
fn namespace_names<'a>(
    namespaces: &'a [Namespace],
    used: impl Iterator<Item = &'a str>,
) -> Vec<&'a str> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for name in namespaces.iter().map(|n| n.name.as_str()).chain(used) {
        if name != DEFAULT_SCHEMA && seen.insert(name) {
            out.push(name);
        }
    }
    out
}

/// The whole schema as DDL for an empty database.
pub fn render_schema(schema: &Schema) -> String {
    join_statements(&schema_statements(schema))
}

/// The whole schema as separate DDL statements for an empty database, in dependency order
/// ([`render_schema`] joined; a drizzle-kit migration folder's first migration).
pub fn schema_statements(schema: &Schema) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let used = schema
        .objects()
        .filter(|o| !matches!(o, ObjectRef::Namespace(_)))
        .map(|o| o.schema())
        .chain(schema.extensions.iter().map(|e| e.schema.as_str()));
    for name in namespace_names(&schema.namespaces, used) {
        out.push(create_namespace_sql(name));
    }
    // Standalone sequences before the tables whose defaults use them (and before the
    // `CREATE SEQUENCE IF NOT EXISTS` of sequences the model does not hold).
    out.extend(schema.sequences.iter().map(create_sequence_sql));
    let tables: Vec<&Table> = schema.tables.iter().collect();
    // Listed extensions as listed (schema, version); implied ones as their columns need them.
    let listed = |stmt: &String| {
        schema.extensions.iter().any(|e| {
            stmt.strip_prefix("CREATE EXTENSION IF NOT EXISTS ")
                .is_some_and(|rest| rest.split([' ', ';']).next() == Some(&*quote_ident(&e.name)))
        })
    };
    out.extend(schema.extensions.iter().map(create_extension_sql));
    out.extend(
        prerequisite_statements(&tables)
            .into_iter()
            .filter(|s| !listed(s)),
    );
    for e in &schema.enums {
        out.push(create_enum_sql(e));
    }
    // Domains (over enums, maybe) before the routines and tables that use them.
    for d in &schema.domains {
        out.extend(domain_statements(schema, d));
    }
    out.extend(
        schema
            .composites
            .iter()
            .map(|c| create_composite_sql(schema, c)),
    );
    // Routines that defaults and checks may call come before the tables; those whose SQL body
    // or signature reads a relation, after it (see `FunctionStage`).
    // Aggregates after the routines of their stage, which they call.
    let staged = |stage: FunctionStage| {
        let (plain, aggregates): (Vec<&crate::model::Function>, Vec<_>) = schema
            .functions
            .iter()
            .filter(move |f| function_stage(schema, f) == stage)
            .partition(|f| f.aggregate.is_none());
        plain
            .into_iter()
            .chain(aggregates)
            .map(|f| create_function_sql(f, false))
    };
    out.extend(staged(FunctionStage::BeforeTables));
    render_tables(schema, &tables, &mut out, |_| true);
    out.extend(
        schema
            .sequences
            .iter()
            .filter_map(|q| sequence_owned_by_sql(schema, q)),
    );
    out.extend(staged(FunctionStage::AfterTables));
    for i in view_creation_order(&schema.views) {
        let v = &schema.views[i];
        out.push(create_view_sql(v));
        if v.materialized {
            out.extend(v.indexes.iter().map(|ix| create_view_index_sql(v, ix)));
        }
    }
    out.extend(staged(FunctionStage::AfterViews));
    // Policies may read views (in subqueries): after them.
    out.extend(schema.tables.iter().flat_map(row_security_statements));
    for t in &schema.tables {
        out.extend(t.triggers.iter().map(|tr| create_trigger_sql(t, tr)));
    }
    let mut schemas: Vec<&str> = vec![crate::model::DEFAULT_SCHEMA];
    schemas.extend(
        schema
            .namespaces
            .iter()
            .map(|n| n.name.as_str())
            .filter(|n| *n != crate::model::DEFAULT_SCHEMA),
    );
    for name in schemas {
        out.extend(grant_statements(
            "SCHEMA",
            &quote_ident(name),
            &crate::model::Namespace::effective_grants(schema, name),
            &crate::model::Namespace::default_grants(name),
        ));
    }
    for t in &schema.tables {
        out.extend(grant_statements(
            "TABLE",
            &table_name_sql(t),
            &t.grants,
            &[],
        ));
    }
    for q in &schema.sequences {
        out.extend(grant_statements(
            "SEQUENCE",
            &qualified_name(&q.schema, &q.name),
            &q.grants,
            &[],
        ));
    }
    let routine_defaults = [crate::model::Grant {
        role: "public".into(),
        privilege: crate::model::Privilege::Execute,
        grantable: false,
    }];
    for f in &schema.functions {
        out.extend(grant_statements(
            f.kind.grant_keyword(),
            &function_grant_target(f),
            &f.grants,
            &routine_defaults,
        ));
    }
    // After every object: each object's own grants are stated above.
    out.extend(schema.default_privileges.iter().map(default_privilege_sql));
    out.extend(schema.objects().flat_map(comment_statements));
    out
}

fn render_tables(
    schema: &Schema,
    tables: &[&Table],
    out: &mut Vec<String>,
    fk_included: impl Fn(&ForeignKey) -> bool,
) {
    for t in tables {
        out.push(create_table_sql(schema, t));
    }
    // Partitions get the parent's keys, indexes and foreign keys as these are added.
    for t in tables {
        out.extend(t.partitions.iter().map(|p| create_partition_sql(t, p)));
    }
    let mut by_id: HashMap<&Id, &Table> = HashMap::with_capacity(schema.tables.len());
    for t in &schema.tables {
        by_id.entry(&t.id).or_insert(t);
    }
    for t in tables {
        for fk in t.foreign_keys.iter().filter(|fk| fk_included(fk)) {
            let ref_table = by_id.get(&fk.ref_table).copied();
            out.push(add_foreign_key_with(t, fk, ref_table));
        }
    }
    for t in tables {
        for check in t.checks.iter().filter(|c| c.not_valid) {
            out.push(add_check_sql(t, check));
        }
    }
    for t in tables {
        for ix in &t.indexes {
            out.push(create_index_sql(schema, t, ix));
        }
    }
}

fn join_statements(statements: &[String]) -> String {
    let mut s = statements.join("\n\n");
    if !s.is_empty() {
        s.push('\n');
    }
    s
}

fn collect_enum_ids(ty: &ColumnType, out: &mut BTreeSet<Id>) {
    match ty {
        ColumnType::Enum { id } => {
            out.insert(id.clone());
        }
        ColumnType::Array { element } => collect_enum_ids(element, out),
        _ => {}
    }
}

/// DDL for a subset of tables (in model order): the schemas and enum types they use, the tables,
/// the foreign keys among them, their indexes and comments. Views are left out.
pub fn render_selection(schema: &Schema, table_ids: &[Id]) -> String {
    let selected: HashSet<&Id> = table_ids.iter().collect();
    let tables: Vec<&Table> = schema
        .tables
        .iter()
        .filter(|t| selected.contains(&t.id))
        .collect();
    let mut enum_ids = BTreeSet::new();
    for t in &tables {
        for c in &t.columns {
            collect_enum_ids(&c.ty, &mut enum_ids);
        }
    }
    let enums: Vec<&Enum> = schema
        .enums
        .iter()
        .filter(|e| enum_ids.contains(&e.id))
        .collect();
    let mut out = Vec::new();
    let used = enums
        .iter()
        .map(|e| e.schema.as_str())
        .chain(tables.iter().map(|t| t.schema.as_str()));
    for name in namespace_names(&[], used) {
        out.push(create_namespace_sql(name));
    }
    out.extend(prerequisite_statements(&tables));
    for e in &enums {
        out.push(create_enum_sql(e));
    }
    render_tables(schema, &tables, &mut out, |fk| {
        selected.contains(&fk.ref_table)
    });
    out.extend(tables.iter().flat_map(|t| row_security_statements(t)));
    for e in &enums {
        if let Some(c) = &e.comment {
            out.push(comment_sql("TYPE", &qualified_name(&e.schema, &e.name), c));
        }
    }
    for t in &tables {
        out.extend(table_comment_statements(t));
    }
    join_statements(&out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_outside_postgresql_restricted_grammar_get_parentheses() {
        for e in [
            "now() AT TIME ZONE 'utc'::text",
            "a IS NULL",
            "x IN (1, 2)",
            "true AND false",
            "'a' COLLATE \"C\"",
        ] {
            assert!(needs_parentheses_as_default(e), "{e}");
        }
        for e in [
            "now()",
            "CURRENT_DATE + 14",
            "nextval('s'::regclass)",
            "'is and in'::text",
            "f(a IS NULL)",
            "'x'::character varying",
        ] {
            assert!(!needs_parentheses_as_default(e), "{e}");
        }
        let ty = ColumnType::Timestamp {
            precision: None,
            with_time_zone: false,
        };
        let d = DefaultValue::Expression("now() AT TIME ZONE 'utc'".into());
        assert_eq!(
            default_value_sql(&Schema::default(), &ty, &d),
            "(now() AT TIME ZONE 'utc')"
        );
    }

    #[test]
    fn extensions_and_sequences_the_columns_need_come_first() {
        let col = |name: &str, ty: ColumnType, default: Option<&str>| Column {
            collation: None,
            id: Id::new(name),
            name: name.into(),
            ty,
            not_null: false,
            default: default.map(|d| DefaultValue::Expression(d.into())),
            identity: None,
            identity_options: Default::default(),
            generated: None,
            comment: None,
        };
        let custom = |n: &str| ColumnType::Custom { name: n.into() };
        let t = Table {
            grants: Default::default(),
            partition_by: Default::default(),
            partitions: Default::default(),
            triggers: Default::default(),
            policies: Default::default(),
            row_security: Default::default(),
            id: Id::new("t"),
            schema: "public".into(),
            name: "t".into(),
            columns: vec![
                col("a", custom("citext"), None),
                col(
                    "b",
                    ColumnType::Array {
                        element: Box::new(custom("public.hstore")),
                    },
                    None,
                ),
                col("c", custom("extensions.citext"), None),
                col("d", ColumnType::Uuid, Some("uuid_generate_v4()")),
                col(
                    "e",
                    ColumnType::BigInt,
                    Some("nextval('billing.invoice_no'::regclass)"),
                ),
                col("f", custom("money"), None),
            ],
            primary_key: None,
            uniques: vec![],
            checks: vec![],
            foreign_keys: vec![],
            indexes: vec![],
            comment: None,
        };
        assert_eq!(
            prerequisite_statements(&[&t]),
            [
                "CREATE EXTENSION IF NOT EXISTS citext;",
                "CREATE EXTENSION IF NOT EXISTS hstore;",
                "CREATE EXTENSION IF NOT EXISTS \"uuid-ossp\";",
                "CREATE SCHEMA IF NOT EXISTS extensions;",
                "CREATE EXTENSION IF NOT EXISTS citext WITH SCHEMA extensions;",
                "CREATE SEQUENCE IF NOT EXISTS billing.invoice_no;",
            ]
        );
    }

    #[test]
    fn view_order_follows_dependencies() {
        let v = |name: &str, q: &str| View {
            id: Id::new(name),
            schema: "public".into(),
            name: name.into(),
            columns: vec![],
            query: q.into(),
            materialized: false,
            comment: None,
            check_option: None,
            indexes: vec![],
        };
        let views = vec![
            v("b", "SELECT * FROM a"),
            v("a", "SELECT 1"),
            v("c", "SELECT * FROM \"b\""),
        ];
        assert_eq!(view_creation_order(&views), vec![1, 0, 2]);
        let cyclic = vec![v("x", "SELECT * FROM y"), v("y", "SELECT * FROM x")];
        assert_eq!(view_creation_order(&cyclic), vec![0, 1]);
    }
}
