//! Rule 5: type names as written in DDL or reported by PostgreSQL mapped to model types
//! ([`parse_type_name`]), types spelled as PostgreSQL keeps them, and the type comparisons the
//! default rules need.

use crate::model::{ColumnType, Enum, Schema, DEFAULT_SCHEMA};

use crate::sql::lexical::{split_qualified_name, strip_suffix_ci};

/// A custom type name without a `public.` qualifier, as PostgreSQL's `format_type` prints a type
/// of the default schema (pg_dump writes `public.citext`, introspection reads `citext`).
fn unqualified_public_type(name: &str) -> &str {
    for prefix in ["public.", "\"public\"."] {
        if let Some(rest) = name.strip_prefix(prefix) {
            if !rest.is_empty() {
                return rest;
            }
        }
    }
    name
}

pub(super) fn normalize_type(ty: &ColumnType, schema: &Schema) -> ColumnType {
    let ty = match ty {
        ColumnType::Custom { name } => match parse_type_name(name, schema) {
            ColumnType::Custom { .. } => ColumnType::Custom {
                name: unqualified_public_type(name.trim()).to_string(),
            },
            other => other,
        },
        other => other.clone(),
    };
    match ty {
        // PostgreSQL does not record array dimensions: `integer[][]` is `integer[]`.
        ColumnType::Array { element } => {
            let mut element = normalize_type(&element, schema);
            while let ColumnType::Array { element: inner } = element {
                element = *inner;
            }
            ColumnType::Array {
                element: Box::new(element),
            }
        }
        // `numeric(p)` is `numeric(p,0)`, `char` is `char(1)`.
        ColumnType::Numeric {
            precision: Some(p),
            scale: None,
        } => ColumnType::Numeric {
            precision: Some(p),
            scale: Some(0),
        },
        ColumnType::Char { length: None } => ColumnType::Char { length: Some(1) },
        other => other,
    }
}

pub(super) fn is_numeric_type(ty: &ColumnType) -> bool {
    matches!(
        ty,
        ColumnType::SmallInt
            | ColumnType::Integer
            | ColumnType::BigInt
            | ColumnType::SmallSerial
            | ColumnType::Serial
            | ColumnType::BigSerial
            | ColumnType::Real
            | ColumnType::DoublePrecision
            | ColumnType::Numeric { .. }
    )
}

/// Same type for rule 3's purposes: modifiers (lengths, precisions) and serial-ness are ignored.
pub(super) fn same_base_type(a: &ColumnType, b: &ColumnType) -> bool {
    fn base(t: &ColumnType) -> ColumnType {
        match t {
            ColumnType::SmallSerial => ColumnType::SmallInt,
            ColumnType::Serial => ColumnType::Integer,
            ColumnType::BigSerial => ColumnType::BigInt,
            ColumnType::Numeric { .. } => ColumnType::Numeric {
                precision: None,
                scale: None,
            },
            ColumnType::Varchar { .. } => ColumnType::Varchar { length: None },
            ColumnType::Char { .. } => ColumnType::Char { length: None },
            ColumnType::Time { with_time_zone, .. } => ColumnType::Time {
                precision: None,
                with_time_zone: *with_time_zone,
            },
            ColumnType::Timestamp { with_time_zone, .. } => ColumnType::Timestamp {
                precision: None,
                with_time_zone: *with_time_zone,
            },
            ColumnType::Array { element } => ColumnType::Array {
                element: Box::new(base(element)),
            },
            ColumnType::Custom { name } => ColumnType::Custom {
                name: unqualified_public_type(name.trim()).to_ascii_lowercase(),
            },
            other => other.clone(),
        }
    }
    base(a) == base(b)
}

/// Maps an SQL type name as written in DDL or reported by PostgreSQL to a model type.
///
/// Understands the standard spellings and aliases (`int4`, `int`, `character varying(20)`,
/// `timestamp(3) with time zone`, `timestamptz`, `double precision`, `float8`, `decimal(10,2)`,
/// `bool`, ...), an optional `pg_catalog.` prefix, arrays written `text[]`, `text[3]`,
/// `text ARRAY` or PostgreSQL's internal `_text`, and user enums by bare or schema-qualified
/// (quoted or unquoted) name; a bare enum name prefers the `public` schema. Anything else is
/// kept as `Custom` with the trimmed text.
pub fn parse_type_name(text: &str, schema: &Schema) -> ColumnType {
    let trimmed = text.trim();
    // More dimensions than PostgreSQL allows stay text (validation names the problem) instead of
    // nesting one array type per `[]`.
    if trimmed.matches('[').count() > crate::sql::MAX_ARRAY_DIMENSIONS
        || trimmed.len() > crate::sql::MAX_FRAGMENT_BYTES
    {
        return ColumnType::Custom {
            name: trimmed.to_string(),
        };
    }
    parse_type_inner(trimmed, schema).unwrap_or_else(|| ColumnType::Custom {
        name: trimmed.to_string(),
    })
}

fn parse_type_inner(text: &str, schema: &Schema) -> Option<ColumnType> {
    let t = text.trim();
    if t.is_empty() {
        return None;
    }
    // Arrays: trailing `[]` / `[n]` or ` ARRAY` / ` ARRAY[n]`.
    if t.ends_with(']') {
        let open = t.rfind('[')?;
        let dims = &t[open + 1..t.len() - 1];
        if !dims.trim().chars().all(|c| c.is_ascii_digit()) {
            return None;
        }
        let mut base = t[..open].trim_end();
        if let Some(b) = strip_suffix_ci(base, "array") {
            if b.ends_with(char::is_whitespace) {
                base = b.trim_end();
            }
        }
        let element = parse_type_inner(base, schema)?;
        return Some(ColumnType::Array {
            element: Box::new(element),
        });
    }
    if let Some(b) = strip_suffix_ci(t, "array") {
        if b.ends_with(char::is_whitespace) {
            let element = parse_type_inner(b.trim_end(), schema)?;
            return Some(ColumnType::Array {
                element: Box::new(element),
            });
        }
    }
    if let Some(builtin) = parse_builtin(t) {
        return Some(builtin);
    }
    if let Some(e) = find_enum(t, schema) {
        return Some(ColumnType::Enum { id: e.id.clone() });
    }
    // PostgreSQL's internal array type names: `_int4`, `_wealth_status`.
    if let Some(rest) = t.strip_prefix('_') {
        if let Some(builtin) = parse_builtin(rest) {
            return Some(ColumnType::Array {
                element: Box::new(builtin),
            });
        }
        if let Some(e) = find_enum(rest, schema) {
            return Some(ColumnType::Array {
                element: Box::new(ColumnType::Enum { id: e.id.clone() }),
            });
        }
    }
    None
}

fn find_enum<'a>(text: &str, schema: &'a Schema) -> Option<&'a Enum> {
    let parts = split_qualified_name(text)?;
    match parts.as_slice() {
        [name] => schema
            .enums
            .iter()
            .find(|e| &e.name == name && e.schema == DEFAULT_SCHEMA)
            .or_else(|| {
                let mut found = schema.enums.iter().filter(|e| &e.name == name);
                let first = found.next();
                if found.next().is_some() {
                    None
                } else {
                    first
                }
            }),
        [ns, name] => schema
            .enums
            .iter()
            .find(|e| &e.name == name && &e.schema == ns),
        _ => None,
    }
}

/// Splits `name(args) rest` into lowercased words with the parenthesised modifiers pulled out.
fn parse_builtin(text: &str) -> Option<ColumnType> {
    let lower = text.trim().to_ascii_lowercase();
    let lower = lower.strip_prefix("pg_catalog.").unwrap_or(&lower).trim();
    // Pull out one `( ... )` modifier group wherever it is (`timestamp(3) with time zone`).
    let (words_text, mods) = match (lower.find('('), lower.find(')')) {
        (Some(o), Some(c)) if c > o => {
            let mods: Vec<&str> = lower[o + 1..c].split(',').map(str::trim).collect();
            (format!("{} {}", &lower[..o], &lower[c + 1..]), Some(mods))
        }
        (None, None) => (lower.to_string(), None),
        _ => return None,
    };
    let words: Vec<&str> = words_text.split_whitespace().collect();
    let base = words.join(" ");
    let nums: Option<Vec<u32>> = match &mods {
        Some(m) => m.iter().map(|x| x.parse::<u32>().ok()).collect(),
        None => Some(vec![]),
    };
    let nums = nums?;
    let one = |nums: &[u32]| -> Option<Option<u32>> {
        match nums {
            [] => Some(None),
            [n] => Some(Some(*n)),
            _ => None,
        }
    };
    let no_mods = nums.is_empty();
    let simple = |ty: ColumnType| if no_mods { Some(ty) } else { None };
    let (tz_base, with_time_zone) = if let Some(b) = base.strip_suffix(" with time zone") {
        (b.to_string(), true)
    } else if let Some(b) = base.strip_suffix(" without time zone") {
        (b.to_string(), false)
    } else {
        (base.clone(), false)
    };
    match tz_base.as_str() {
        "timestamp" => {
            return Some(ColumnType::Timestamp {
                precision: one(&nums)?,
                with_time_zone,
            })
        }
        "time" => {
            return Some(ColumnType::Time {
                precision: one(&nums)?,
                with_time_zone,
            })
        }
        _ => {}
    }
    match base.as_str() {
        "smallint" | "int2" => simple(ColumnType::SmallInt),
        "integer" | "int" | "int4" => simple(ColumnType::Integer),
        "bigint" | "int8" => simple(ColumnType::BigInt),
        "smallserial" | "serial2" => simple(ColumnType::SmallSerial),
        "serial" | "serial4" => simple(ColumnType::Serial),
        "bigserial" | "serial8" => simple(ColumnType::BigSerial),
        "real" | "float4" => simple(ColumnType::Real),
        "double precision" | "float8" => simple(ColumnType::DoublePrecision),
        "float" => match one(&nums)? {
            None => Some(ColumnType::DoublePrecision),
            Some(p) if (1..=24).contains(&p) => Some(ColumnType::Real),
            Some(p) if (25..=53).contains(&p) => Some(ColumnType::DoublePrecision),
            Some(_) => None,
        },
        "numeric" | "decimal" => match nums.as_slice() {
            [] => Some(ColumnType::Numeric {
                precision: None,
                scale: None,
            }),
            [p] => Some(ColumnType::Numeric {
                precision: Some(*p),
                scale: None,
            }),
            [p, s] => Some(ColumnType::Numeric {
                precision: Some(*p),
                scale: Some(*s),
            }),
            _ => None,
        },
        "text" => simple(ColumnType::Text),
        "varchar" | "character varying" | "char varying" => Some(ColumnType::Varchar {
            length: one(&nums)?,
        }),
        "char" | "character" | "bpchar" => Some(ColumnType::Char {
            length: one(&nums)?,
        }),
        "uuid" => simple(ColumnType::Uuid),
        "boolean" | "bool" => simple(ColumnType::Boolean),
        "date" => simple(ColumnType::Date),
        "timestamptz" => Some(ColumnType::Timestamp {
            precision: one(&nums)?,
            with_time_zone: true,
        }),
        "timetz" => Some(ColumnType::Time {
            precision: one(&nums)?,
            with_time_zone: true,
        }),
        "interval" => simple(ColumnType::Interval),
        "json" => simple(ColumnType::Json),
        "jsonb" => simple(ColumnType::Jsonb),
        "bytea" => simple(ColumnType::Bytea),
        "inet" => simple(ColumnType::Inet),
        "cidr" => simple(ColumnType::Cidr),
        _ => None,
    }
}
