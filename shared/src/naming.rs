//! Conventional object names and identifier quoting.
//!
//! Constraints and indexes whose `name` is `None` get a *conventional* name so that a schema
//! designed in Joinery produces the same names drizzle-kit would, and so that the importer and live
//! introspection can recognise a conventional name and store `None` instead (see
//! the `normalize` module). The conventions:
//!
//! | object | conventional name |
//! | --- | --- |
//! | single-column primary key | `<table>_pkey` (what PostgreSQL itself picks for an inline `PRIMARY KEY`) |
//! | composite primary key | `<table>_<col>_<col>_pk` (drizzle-kit's `primaryKey({ columns })`) |
//! | unique constraint | `<table>_<col>_<col>_unique` |
//! | foreign key | `<table>_<col>_<col>_<reftable>_<refcol>_<refcol>_fk` |
//! | index | `<table>_<part>_<part>_index` |
//!
//! An index part that is an expression contributes [`expression_name_part`] of its text (e.g.
//! `lower(email)` becomes `lower_email`; an expression with no letters or digits becomes `expr`),
//! because drizzle-kit has no convention for unnamed expression indexes.
//!
//! PostgreSQL silently truncates identifiers longer than [`MAX_IDENTIFIER_BYTES`], which would let
//! two long conventional names collide. A conventional name over the limit is therefore shortened
//! by [`shorten`]: cut at a character boundary and suffixed with `_` and 8 hex digits of the SHA-256
//! of the full name, so the result is deterministic, at most 63 bytes and distinct for distinct long
//! names. The renderer always writes such names explicitly, so the database holds exactly the name
//! computed here. User-given names are never altered (validation reports the ones that are too long).

use std::borrow::Cow;

use sha2::{Digest, Sha256};

use crate::model::{ForeignKey, Index, IndexKey, PrimaryKey, Schema, Table, Unique};

/// PostgreSQL's identifier limit (`NAMEDATALEN - 1`), in bytes.
pub const MAX_IDENTIFIER_BYTES: usize = 63;

/// Keywords that PostgreSQL 15 does not accept as bare identifiers everywhere: the reserved,
/// type/function-name and column-name categories of `pg_get_keywords()` (catcode R, T and C).
/// This is the same set PostgreSQL's own `quote_ident()` quotes. Sorted, for binary search.
pub const NON_BARE_KEYWORDS: &[&str] = &[
    "all",
    "analyse",
    "analyze",
    "and",
    "any",
    "array",
    "as",
    "asc",
    "asymmetric",
    "authorization",
    "between",
    "bigint",
    "binary",
    "bit",
    "boolean",
    "both",
    "case",
    "cast",
    "char",
    "character",
    "check",
    "coalesce",
    "collate",
    "collation",
    "column",
    "concurrently",
    "constraint",
    "create",
    "cross",
    "current_catalog",
    "current_date",
    "current_role",
    "current_schema",
    "current_time",
    "current_timestamp",
    "current_user",
    "dec",
    "decimal",
    "default",
    "deferrable",
    "desc",
    "distinct",
    "do",
    "else",
    "end",
    "except",
    "exists",
    "extract",
    "false",
    "fetch",
    "float",
    "for",
    "foreign",
    "freeze",
    "from",
    "full",
    "grant",
    "greatest",
    "group",
    "grouping",
    "having",
    "ilike",
    "in",
    "initially",
    "inner",
    "inout",
    "int",
    "integer",
    "intersect",
    "interval",
    "into",
    "is",
    "isnull",
    "join",
    "lateral",
    "leading",
    "least",
    "left",
    "like",
    "limit",
    "localtime",
    "localtimestamp",
    "national",
    "natural",
    "nchar",
    "none",
    "normalize",
    "not",
    "notnull",
    "null",
    "nullif",
    "numeric",
    "offset",
    "on",
    "only",
    "or",
    "order",
    "out",
    "outer",
    "overlaps",
    "overlay",
    "placing",
    "position",
    "precision",
    "primary",
    "real",
    "references",
    "returning",
    "right",
    "row",
    "select",
    "session_user",
    "setof",
    "similar",
    "smallint",
    "some",
    "substring",
    "symmetric",
    "table",
    "tablesample",
    "then",
    "time",
    "timestamp",
    "to",
    "trailing",
    "treat",
    "trim",
    "true",
    "union",
    "unique",
    "user",
    "using",
    "values",
    "varchar",
    "variadic",
    "verbose",
    "when",
    "where",
    "window",
    "with",
    "xmlattributes",
    "xmlconcat",
    "xmlelement",
    "xmlexists",
    "xmlforest",
    "xmlnamespaces",
    "xmlparse",
    "xmlpi",
    "xmlroot",
    "xmlserialize",
    "xmltable",
];

/// True when `word` is a keyword that must be quoted to be used as an identifier.
pub fn is_non_bare_keyword(word: &str) -> bool {
    NON_BARE_KEYWORDS.binary_search(&word).is_ok()
}

/// Quotes an identifier only when PostgreSQL needs it, so generated SQL stays readable.
///
/// A name is left bare when it is a lowercase `[a-z_][a-z0-9_$]*` and not a keyword from
/// [`NON_BARE_KEYWORDS`]; anything else is wrapped in double quotes with embedded quotes doubled,
/// which is always safe (an empty name becomes `""`, which PostgreSQL rejects with a clear error).
pub fn quote_ident(name: &str) -> Cow<'_, str> {
    if is_bare_identifier(name) {
        Cow::Borrowed(name)
    } else {
        Cow::Owned(format!("\"{}\"", name.replace('"', "\"\"")))
    }
}

fn is_bare_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    match chars.next() {
        Some(c) if c.is_ascii_lowercase() || c == '_' => {}
        _ => return false,
    }
    chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '$')
        && !is_non_bare_keyword(name)
}

/// Quotes a string literal so it reads back exactly whatever `standard_conforming_strings` says.
///
/// Single quotes are doubled; a value containing a backslash uses the `E'...'` form with
/// backslashes doubled (as PostgreSQL's own `quote_literal()` does).
pub fn quote_literal(value: &str) -> String {
    let body = value.replace('\'', "''");
    if body.contains('\\') {
        format!("E'{}'", body.replace('\\', "\\\\"))
    } else {
        format!("'{body}'")
    }
}

/// Makes a generated name fit PostgreSQL's 63-byte limit without losing uniqueness.
///
/// Names within the limit are returned unchanged. Longer names are cut at a character boundary
/// to 54 bytes and suffixed with `_` plus the first 8 hex digits of the SHA-256 of the full name.
pub fn shorten(name: &str) -> String {
    if name.len() <= MAX_IDENTIFIER_BYTES {
        return name.to_string();
    }
    let digest = Sha256::digest(name.as_bytes());
    let hash: String = digest[..4].iter().map(|b| format!("{b:02x}")).collect();
    let keep = MAX_IDENTIFIER_BYTES - 1 - hash.len();
    format!("{}_{hash}", truncate_at_char_boundary(name, keep))
}

/// The longest prefix of `s` of at most `max_bytes` bytes that ends on a character boundary.
pub fn truncate_at_char_boundary(s: &str, max_bytes: usize) -> &str {
    if s.len() <= max_bytes {
        return s;
    }
    let mut end = max_bytes;
    while end > 0 && !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// PostgreSQL's own `makeObjectName(name1, name2, label)`: the name it picks for implicit objects
/// such as serial sequences (`<table>_<column>_seq`), truncating the longer of the two parts first.
///
/// Needed to recognise a `nextval('<sequence>'::regclass)` default as a serial column when the
/// table or column name is long.
pub fn pg_object_name(name1: &str, name2: Option<&str>, label: &str) -> String {
    let overhead = label.len() + 1 + usize::from(name2.is_some());
    let avail = MAX_IDENTIFIER_BYTES.saturating_sub(overhead);
    let mut n1 = name1.len();
    let mut n2 = name2.map(str::len).unwrap_or(0);
    while n1 + n2 > avail {
        if n1 > n2 {
            n1 -= 1;
        } else {
            n2 -= 1;
        }
    }
    let mut out = truncate_at_char_boundary(name1, n1).to_string();
    if let Some(name2) = name2 {
        out.push('_');
        out.push_str(truncate_at_char_boundary(name2, n2));
    }
    out.push('_');
    out.push_str(label);
    out
}

/// The name part an index expression contributes to a conventional index name.
///
/// Lowercases the text, turns every run of characters other than ASCII letters and digits into a
/// single `_` and trims underscores; returns `expr` when nothing is left.
pub fn expression_name_part(expression: &str) -> String {
    let mut out = String::new();
    let mut pending_sep = false;
    for c in expression.chars() {
        if c.is_ascii_alphanumeric() {
            if pending_sep && !out.is_empty() {
                out.push('_');
            }
            pending_sep = false;
            out.push(c.to_ascii_lowercase());
        } else {
            pending_sep = true;
        }
    }
    if out.is_empty() {
        "expr".to_string()
    } else {
        out
    }
}

/// A column's name for naming purposes; a dangling id contributes its id text so naming never fails.
fn column_name<'a>(table: &'a Table, id: &'a crate::model::Id) -> &'a str {
    table
        .column(id)
        .map(|c| c.name.as_str())
        .unwrap_or(id.as_str())
}

fn joined_columns(table: &Table, ids: &[crate::model::Id]) -> String {
    ids.iter()
        .map(|id| column_name(table, id))
        .collect::<Vec<_>>()
        .join("_")
}

/// The conventional primary key name before shortening: `<table>_pkey` for a single column (and
/// for an empty key), `<table>_<cols>_pk` for a composite key.
pub fn default_pk_name(table: &Table, pk: &PrimaryKey) -> String {
    if pk.columns.len() <= 1 {
        format!("{}_pkey", table.name)
    } else {
        format!("{}_{}_pk", table.name, joined_columns(table, &pk.columns))
    }
}

/// The conventional primary key name, shortened to fit.
pub fn conventional_pk_name(table: &Table, pk: &PrimaryKey) -> String {
    shorten(&default_pk_name(table, pk))
}

/// The name the primary key has in the database: its own name or the conventional one.
pub fn effective_pk_name(table: &Table, pk: &PrimaryKey) -> String {
    pk.name
        .clone()
        .unwrap_or_else(|| conventional_pk_name(table, pk))
}

/// The conventional unique constraint name (`<table>_<cols>_unique`), shortened to fit.
pub fn conventional_unique_name(table: &Table, unique: &Unique) -> String {
    shorten(&format!(
        "{}_{}_unique",
        table.name,
        joined_columns(table, &unique.columns)
    ))
}

/// The name the unique constraint has in the database.
pub fn effective_unique_name(table: &Table, unique: &Unique) -> String {
    unique
        .name
        .clone()
        .unwrap_or_else(|| conventional_unique_name(table, unique))
}

/// The conventional foreign key name (`<table>_<cols>_<reftable>_<refcols>_fk`), shortened to fit.
///
/// A dangling referenced table contributes its id text.
pub fn conventional_fk_name(schema: &Schema, table: &Table, fk: &ForeignKey) -> String {
    conventional_fk_name_with(table, fk, schema.table(&fk.ref_table))
}

/// [`conventional_fk_name`] with the referenced table already looked up (`None` when dangling),
/// for callers that keep an id index of a large schema.
pub fn conventional_fk_name_with(
    table: &Table,
    fk: &ForeignKey,
    ref_table: Option<&Table>,
) -> String {
    let (ref_name, ref_cols) = match ref_table {
        Some(rt) => (rt.name.clone(), joined_columns(rt, &fk.ref_columns)),
        None => (
            fk.ref_table.as_str().to_string(),
            fk.ref_columns
                .iter()
                .map(|c| c.as_str())
                .collect::<Vec<_>>()
                .join("_"),
        ),
    };
    shorten(&format!(
        "{}_{}_{}_{}_fk",
        table.name,
        joined_columns(table, &fk.columns),
        ref_name,
        ref_cols
    ))
}

/// The name the foreign key has in the database.
pub fn effective_fk_name(schema: &Schema, table: &Table, fk: &ForeignKey) -> String {
    fk.name
        .clone()
        .unwrap_or_else(|| conventional_fk_name(schema, table, fk))
}

/// [`effective_fk_name`] with the referenced table already looked up.
pub fn effective_fk_name_with(table: &Table, fk: &ForeignKey, ref_table: Option<&Table>) -> String {
    fk.name
        .clone()
        .unwrap_or_else(|| conventional_fk_name_with(table, fk, ref_table))
}

/// The conventional index name (`<table>_<parts>_index`), shortened to fit.
pub fn conventional_index_name(table: &Table, index: &Index) -> String {
    let parts: Vec<String> = index
        .parts
        .iter()
        .map(|p| match &p.key {
            IndexKey::Column(id) => column_name(table, id).to_string(),
            IndexKey::Expression(e) => expression_name_part(e),
        })
        .collect();
    shorten(&format!("{}_{}_index", table.name, parts.join("_")))
}

/// The name the index has in the database.
pub fn effective_index_name(table: &Table, index: &Index) -> String {
    index
        .name
        .clone()
        .unwrap_or_else(|| conventional_index_name(table, index))
}

/// The conventional name of an index on a materialized view (`<view>_<parts>_index`), shortened
/// to fit.
pub fn conventional_view_index_name(view: &crate::model::View, index: &Index) -> String {
    let parts: Vec<String> = index
        .parts
        .iter()
        .map(|p| match &p.key {
            IndexKey::Column(id) => id.as_str().to_string(),
            IndexKey::Expression(e) => expression_name_part(e),
        })
        .collect();
    shorten(&format!("{}_{}_index", view.name, parts.join("_")))
}

/// The name an index on a materialized view has in the database.
pub fn effective_view_index_name(view: &crate::model::View, index: &Index) -> String {
    index
        .name
        .clone()
        .unwrap_or_else(|| conventional_view_index_name(view, index))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keyword_list_is_sorted() {
        assert!(NON_BARE_KEYWORDS.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(NON_BARE_KEYWORDS.len(), 151);
    }

    #[test]
    fn quoting() {
        assert_eq!(quote_ident("users"), "users");
        assert_eq!(quote_ident("user"), "\"user\"");
        assert_eq!(quote_ident("type"), "type");
        assert_eq!(quote_ident("Users"), "\"Users\"");
        assert_eq!(quote_ident("a\"b"), "\"a\"\"b\"");
        assert_eq!(quote_ident("1a"), "\"1a\"");
        assert_eq!(quote_ident("a$1"), "a$1");
        assert_eq!(quote_ident(""), "\"\"");
        assert_eq!(quote_literal("it's"), "'it''s'");
        assert_eq!(quote_literal("a\\b"), "E'a\\\\b'");
    }

    #[test]
    fn shortening_is_bounded_and_deterministic() {
        let long = "x".repeat(80);
        let s = shorten(&long);
        assert_eq!(s.len(), 63);
        assert_eq!(s, shorten(&long));
        assert_ne!(s, shorten(&"x".repeat(81)));
        let multibyte = "é".repeat(40);
        let s = shorten(&multibyte);
        assert!(s.len() <= 63);
        assert_eq!(shorten("short"), "short");
    }

    #[test]
    fn pg_object_name_matches_postgres() {
        assert_eq!(pg_object_name("users", Some("id"), "seq"), "users_id_seq");
        let t = "t".repeat(70);
        let n = pg_object_name(&t, Some("id"), "seq");
        assert_eq!(n.len(), 63);
        assert!(n.ends_with("_id_seq"));
    }

    #[test]
    fn expression_parts() {
        assert_eq!(expression_name_part("lower(email)"), "lower_email");
        assert_eq!(expression_name_part("(a + b)"), "a_b");
        assert_eq!(expression_name_part("()"), "expr");
    }
}
