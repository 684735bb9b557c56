//! What a schema needs before its own objects: the extensions its column types and defaults
//! imply, and the sequences its defaults name that it does not create.

use super::*;

/// The extension that provides a well-known non-core type, by the type's unqualified, lower-case
/// name (`citext`, `hstore`, `ltree`, PostGIS `geometry`, pgvector `vector`, ...).
pub fn extension_of_type(type_name: &str) -> Option<&'static str> {
    Some(match type_name {
        "citext" => "citext",
        "hstore" => "hstore",
        "ltree" | "lquery" | "ltxtquery" => "ltree",
        "cube" => "cube",
        "seg" => "seg",
        "isbn" | "isbn13" | "issn" | "issn13" | "ismn" | "ismn13" | "ean13" | "upc" => "isn",
        "vector" | "halfvec" | "sparsevec" => "vector",
        "geometry" | "geography" | "box2d" | "box3d" => "postgis",
        _ => return None,
    })
}

/// The extension that provides a well-known function used in defaults, by its unqualified,
/// lower-case name (`uuid_generate_v4` from `uuid-ossp`, `gen_salt` from `pgcrypto`, ...).
pub fn extension_of_function(function_name: &str) -> Option<&'static str> {
    Some(match function_name {
        "uuid_generate_v1" | "uuid_generate_v1mc" | "uuid_generate_v3" | "uuid_generate_v4"
        | "uuid_generate_v5" | "uuid_nil" | "uuid_ns_dns" | "uuid_ns_url" | "uuid_ns_oid"
        | "uuid_ns_x500" => "uuid-ossp",
        "gen_random_bytes" | "gen_salt" | "crypt" | "digest" | "hmac" => "pgcrypto",
        _ => return None,
    })
}

/// The (schema, name) of every function called in an SQL text: a word followed by `(`, with an
/// optional `schema.` before it. Quoted text is skipped.
fn called_functions(expr: &str) -> Vec<(Option<String>, String)> {
    let chars: Vec<char> = expr.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\'' {
            i += 1;
            while i < chars.len() && chars[i] != '\'' {
                i += 1;
            }
            i += 1;
            continue;
        }
        if c.is_alphabetic() || c == '_' || c == '"' {
            let start = i;
            while i < chars.len()
                && (chars[i].is_alphanumeric() || matches!(chars[i], '_' | '$' | '.' | '"'))
            {
                i += 1;
            }
            let name: String = chars[start..i].iter().collect::<String>().replace('"', "");
            if chars.get(i) == Some(&'(') {
                let (schema, f) = match name.rsplit_once('.') {
                    Some((sch, f)) => (Some(sch.to_string()), f.to_string()),
                    None => (None, name),
                };
                out.push((schema, f.to_ascii_lowercase()));
            }
            continue;
        }
        i += 1;
    }
    out
}

/// What the tables need that the model does not hold, so that the DDL applies to an empty
/// database:
///
/// * `CREATE EXTENSION IF NOT EXISTS` for each extension whose types the columns use (see
///   [`extension_of_type`]) or whose functions their defaults call ([`extension_of_function`]);
///   a type or function qualified with a schema other than `public` (Supabase's
///   `extensions.citext`) installs the extension there, creating the schema if needed;
/// * `CREATE SEQUENCE IF NOT EXISTS` for each sequence a default takes `nextval` of (a standalone
///   sequence), except a serial column's own sequence, which its column creates (a partition's
///   default on its parent's serial sequence; the parent table must then come first).
pub(crate) fn prerequisite_statements(tables: &[&Table]) -> Vec<String> {
    fn walk(ty: &ColumnType, out: &mut BTreeSet<(Option<String>, &'static str)>) {
        match ty {
            ColumnType::Array { element } => walk(element, out),
            ColumnType::Custom { name } => {
                let base = name.split(['(', '[']).next().unwrap_or("").trim();
                let (schema, type_name) = match base.rsplit_once('.') {
                    Some((s, t)) => (Some(s.trim_matches('"').to_string()), t),
                    None => (None, base),
                };
                let type_name = type_name.trim_matches('"').to_ascii_lowercase();
                if let Some(ext) = extension_of_type(&type_name) {
                    out.insert((schema, ext));
                }
            }
            _ => {}
        }
    }
    // Sequences that serial columns create themselves: creating them first would make
    // PostgreSQL pick another name for the serial's sequence.
    let serial_sequences: HashSet<(String, String)> = tables
        .iter()
        .flat_map(|t| {
            t.columns
                .iter()
                .filter(|c| {
                    matches!(
                        c.ty,
                        ColumnType::SmallSerial | ColumnType::Serial | ColumnType::BigSerial
                    )
                })
                .map(|c| {
                    let seq = crate::naming::pg_object_name(&t.name, Some(&c.name), "seq");
                    (t.schema.clone(), seq)
                })
        })
        .collect();
    let is_serial_sequence = |e: &str| match crate::sql::lexical::nextval_sequence(e).as_deref() {
        Some([name]) => serial_sequences.contains(&(DEFAULT_SCHEMA.to_string(), name.clone())),
        Some([schema, name]) => serial_sequences.contains(&(schema.clone(), name.clone())),
        _ => false,
    };
    let mut needed = BTreeSet::new();
    let mut sequences = BTreeSet::new();
    // What a default needs depends on its text alone, and a large schema repeats a few defaults
    // over thousands of columns: each distinct text is read once.
    let mut defaults_read: HashSet<&str> = HashSet::new();
    for t in tables {
        for c in &t.columns {
            walk(&c.ty, &mut needed);
            if let Some(DefaultValue::Expression(e)) = &c.default {
                if !defaults_read.insert(e.as_str()) {
                    continue;
                }
                for (schema, f) in called_functions(e) {
                    if let Some(ext) = extension_of_function(&f) {
                        needed.insert((schema, ext));
                    }
                }
                if let Some(seq) = nextval_literal(e).filter(|_| !is_serial_sequence(e)) {
                    sequences.insert(seq.to_string());
                }
            }
        }
    }
    let needed: BTreeSet<(Option<String>, &str)> = needed
        .into_iter()
        .map(|(s, e)| (s.filter(|s| s != DEFAULT_SCHEMA && s != "pg_catalog"), e))
        .collect();
    let mut out = Vec::new();
    let mut schemas = BTreeSet::new();
    for (schema, ext) in needed {
        match schema {
            Some(s) => {
                if schemas.insert(s.clone()) {
                    out.push(format!("CREATE SCHEMA IF NOT EXISTS {};", quote_ident(&s)));
                }
                out.push(format!(
                    "CREATE EXTENSION IF NOT EXISTS {} WITH SCHEMA {};",
                    quote_ident(ext),
                    quote_ident(&s)
                ));
            }
            None => out.push(format!(
                "CREATE EXTENSION IF NOT EXISTS {};",
                quote_ident(ext)
            )),
        }
    }
    for seq in sequences {
        out.push(format!("CREATE SEQUENCE IF NOT EXISTS {seq};"));
    }
    out
}

/// The sequence text inside `nextval('<seq>'::regclass)` (or `nextval('<seq>')`), as written:
/// a possibly qualified, possibly quoted name, safe to use as SQL. `None` for anything else.
fn nextval_literal(expr: &str) -> Option<&str> {
    let e = expr.trim();
    let rest = e
        .get(..8)
        .filter(|p| p.eq_ignore_ascii_case("nextval("))
        .map(|_| &e[8..])?;
    let rest = rest.strip_prefix('\'')?;
    let end = rest.find('\'')?;
    let name = &rest[..end];
    let ok = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '$' | '.' | '"' | ' '));
    ok.then_some(name)
}
