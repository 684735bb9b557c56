//! The canonical form shared by the SQL importer, live introspection and the DDL renderer.
//!
//! A schema read from SQL text or from a PostgreSQL catalog spells the same design in many ways
//! (`int4` vs `integer`, `'active'::wealth_status` vs `'active'`, an explicit `users_pkey`). So
//! that reading the SQL that [`crate::ddl`] rendered gives back the model it came from, and a diff
//! between an imported file and a live database shows only real changes, both readers pass their
//! result through [`normalize`]. The rules, applied to every table and column:
//!
//! 1. **Conventional names become `None`.** A primary key, unique constraint, foreign key or index
//!    whose name equals its conventional name ([`crate::naming`]) gets `name: None`.
//! 2. **Primary key, serial and identity columns are `NOT NULL`** (`not_null = true`, as
//!    PostgreSQL makes them), and **`DEFAULT NULL` is no default** (`default: None`, also for
//!    `NULL::type` and an expression `NULL`).
//! 3. **Defaults are typed** ([`normalize_default`]): `true`/`false` on boolean columns become
//!    `Boolean`; a numeric literal (optionally parenthesised or quoted-and-cast to the column's own
//!    type, as in `(-1)` or `'-1'::integer`) on a numeric column becomes `Number`; a quoted literal
//!    (`'x'`, `E'x'`) with no cast or a cast to the column's own type (lengths and precisions are
//!    ignored: `'x'::character varying` on a `varchar(20)` column) becomes `String`, or `Json` on
//!    `json`/`jsonb` columns when the text parses as JSON (a `String` default on such a column is
//!    converted the same way); anything else stays an `Expression` with surrounding whitespace
//!    trimmed. Numbers are spelled as PostgreSQL prints them for the column type
//!    ([`canonical_number`]: `1e-3` -> `0.001`, `+7` -> `7`); a bare numeric literal on a
//!    `Custom` column (e.g. `money`) is a `Number` too.
//! 4. **Serials are recovered**: a `smallint`/`integer`/`bigint` column whose default is
//!    `nextval('<seq>'::regclass)` with `<seq>` PostgreSQL's own sequence name for that column
//!    (`<table>_<column>_seq`, truncated as PostgreSQL does, optionally schema-qualified or quoted)
//!    becomes `SmallSerial`/`Serial`/`BigSerial` without a default; a standalone sequence of
//!    that name is the serial's own and is dropped. Sequence options keep only non-defaults.
//! 5. **Type aliases map to model variants** via [`parse_type_name`]: a `Custom` type whose text is
//!    a known type name (`int4`, `character varying(20)`, `timestamptz`, `_text`, `decimal(10,2)`,
//!    an enum's name...) becomes that variant; array element types are normalized too. Types are
//!    spelled as PostgreSQL keeps them: `numeric(p)` is `numeric(p,0)`, `char` is `char(1)`,
//!    and nested arrays are one array (PostgreSQL does not record dimensions). Other types keep
//!    their name, without a `public.` qualifier (as `format_type` prints them).
//! 6. SQL texts are trimmed: check expressions, index expressions and predicates, generation
//!    expressions, and view queries (which also lose a trailing `;`). In expressions (not view
//!    queries), identifiers are quoted only where PostgreSQL needs it and a column qualified with
//!    its own table is bare ([`canonical_expression`]), as PostgreSQL prints them back.
//! 7. Flags that cannot take effect are cleared, as the renderer ignores them: `nulls_not_distinct`
//!    on a non-unique index, `initially_deferred` on a foreign key that is not deferrable.
//!
//! [`canonical`] additionally sorts everything whose order carries no meaning, for equality tests.

mod sequences;

use crate::model::{
    Column, ColumnType, DefaultValue, Enum, ForeignKey, Id, IndexKey, Schema, Table, DEFAULT_SCHEMA,
};
use std::collections::HashMap;

use crate::naming::{
    conventional_fk_name_with, conventional_index_name, conventional_pk_name,
    conventional_unique_name, effective_fk_name_with, effective_index_name, effective_unique_name,
    pg_object_name, quote_ident,
};

/// Puts a schema read from SQL or PostgreSQL into canonical form in place (see the module docs for
/// the rules). Idempotent.
pub fn normalize(schema: &mut Schema) {
    // Types and defaults only need the enums; names need the referenced tables, which rules 2-6
    // never rename, so they are decided afterwards from an id index instead of a full copy.
    let types = Schema {
        enums: schema.enums.clone(),
        ..Schema::default()
    };
    for table in &mut schema.tables {
        for column in &mut table.columns {
            column.ty = normalize_type(&column.ty, &types);
        }
        normalize_table(&types, table);
    }
    let decisions: Vec<ConventionalNames> = {
        let mut by_id: HashMap<&Id, &Table> = HashMap::with_capacity(schema.tables.len());
        for t in &schema.tables {
            by_id.entry(&t.id).or_insert(t);
        }
        schema
            .tables
            .iter()
            .map(|t| ConventionalNames::of(t, &by_id))
            .collect()
    };
    for (table, d) in schema.tables.iter_mut().zip(decisions) {
        d.apply(table);
    }
    for view in &mut schema.views {
        let q = crate::ddl::view_query_text(view).to_string();
        view.query = q;
        let conventional: Vec<bool> = view
            .indexes
            .iter()
            .map(|ix| {
                ix.name.as_deref()
                    == Some(crate::naming::conventional_view_index_name(view, ix).as_str())
            })
            .collect();
        for (ix, conventional) in view.indexes.iter_mut().zip(conventional) {
            if conventional {
                ix.name = None;
            }
            for p in &mut ix.parts {
                if let IndexKey::Expression(e) = &mut p.key {
                    *e = e.trim().to_string();
                }
            }
            if let Some(p) = &mut ix.predicate {
                *p = p.trim().to_string();
            }
            if !ix.unique {
                ix.nulls_not_distinct = false;
            }
        }
        if view.materialized {
            view.check_option = None;
        }
    }
    sequences::canonical_options(schema);
    sequences::drop_serial_sequences(schema);
}

/// Rule 1 for one table: which explicit names equal the conventional ones.
struct ConventionalNames {
    pk: bool,
    uniques: Vec<bool>,
    fks: Vec<bool>,
    indexes: Vec<bool>,
}

impl ConventionalNames {
    fn of(t: &Table, by_id: &HashMap<&Id, &Table>) -> Self {
        ConventionalNames {
            pk: t
                .primary_key
                .as_ref()
                .is_some_and(|pk| pk.name.as_deref() == Some(conventional_pk_name(t, pk).as_str())),
            uniques: t
                .uniques
                .iter()
                .map(|u| u.name.as_deref() == Some(conventional_unique_name(t, u).as_str()))
                .collect(),
            fks: t
                .foreign_keys
                .iter()
                .map(|fk| {
                    fk.name.is_some()
                        && fk.name.as_deref()
                            == Some(
                                conventional_fk_name_with(t, fk, by_id.get(&fk.ref_table).copied())
                                    .as_str(),
                            )
                })
                .collect(),
            indexes: t
                .indexes
                .iter()
                .map(|ix| ix.name.as_deref() == Some(conventional_index_name(t, ix).as_str()))
                .collect(),
        }
    }

    fn apply(self, t: &mut Table) {
        if self.pk {
            if let Some(pk) = &mut t.primary_key {
                pk.name = None;
            }
        }
        for (u, clear) in t.uniques.iter_mut().zip(self.uniques) {
            if clear {
                u.name = None;
            }
        }
        for (fk, clear) in t.foreign_keys.iter_mut().zip(self.fks) {
            if clear {
                fk.name = None;
            }
        }
        for (ix, clear) in t.indexes.iter_mut().zip(self.indexes) {
            if clear {
                ix.name = None;
            }
        }
    }
}

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

fn normalize_type(ty: &ColumnType, schema: &Schema) -> ColumnType {
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

fn normalize_table(schema: &Schema, table: &mut Table) {
    // Rule 4 needs the column's own name and table name.
    let table_name = table.name.clone();
    let table_schema = table.schema.clone();
    let own = Some((table_schema.as_str(), table_name.as_str()));
    let pk_cols: Vec<_> = table
        .primary_key
        .as_ref()
        .map(|pk| pk.columns.clone())
        .unwrap_or_default();
    for column in &mut table.columns {
        recover_serial(&table_schema, &table_name, column);
        let serial = matches!(
            column.ty,
            ColumnType::SmallSerial | ColumnType::Serial | ColumnType::BigSerial
        );
        if pk_cols.contains(&column.id) || serial || column.identity.is_some() {
            column.not_null = true;
        }
        column.identity_options = match column.identity {
            Some(_) => column.identity_options.canonical(&column.ty),
            None => Default::default(),
        };
        column.default = column
            .default
            .take()
            .and_then(|d| normalize_default(schema, &column.ty, d));
        if let Some(g) = &mut column.generated {
            *g = canonical_expression(g.trim(), own);
        }
    }
    for check in &mut table.checks {
        check.expression = canonical_expression(check.expression.trim(), own);
    }
    for fk in &mut table.foreign_keys {
        if !fk.deferrable {
            fk.initially_deferred = false;
        }
    }
    for index in &mut table.indexes {
        if !index.unique {
            index.nulls_not_distinct = false;
        }
        for part in &mut index.parts {
            if let IndexKey::Expression(e) = &mut part.key {
                *e = canonical_expression(e.trim(), own);
            }
        }
        if let Some(p) = &mut index.predicate {
            *p = canonical_expression(p.trim(), own);
        }
    }
}

fn recover_serial(table_schema: &str, table_name: &str, column: &mut Column) {
    let serial = match column.ty {
        ColumnType::SmallInt => ColumnType::SmallSerial,
        ColumnType::Integer => ColumnType::Serial,
        ColumnType::BigInt => ColumnType::BigSerial,
        _ => return,
    };
    let Some(DefaultValue::Expression(e)) = &column.default else {
        return;
    };
    let Some(seq) = nextval_sequence(e) else {
        return;
    };
    let expected = pg_object_name(table_name, Some(&column.name), "seq");
    let matches = seq == [expected.clone()] || seq == [table_schema.to_string(), expected.clone()];
    if matches && column.identity.is_none() {
        column.ty = serial;
        column.default = None;
    }
}

/// The sequence name parts in `nextval('<name>'::regclass)` (`schema.name` gives two parts,
/// quoted parts keep their case, bare parts are lowercased).
pub(crate) fn nextval_sequence(expr: &str) -> Option<Vec<String>> {
    let e = expr.trim();
    let lower = e.to_ascii_lowercase();
    if !lower.starts_with("nextval(") || !e.ends_with(')') {
        return None;
    }
    let inner = e["nextval(".len()..e.len() - 1].trim();
    let inner = strip_suffix_ci(inner, "::regclass").unwrap_or(inner).trim();
    let (text, rest) = parse_string_literal(inner)?;
    if !rest.trim().is_empty() {
        return None;
    }
    split_qualified_name(&text)
}

fn strip_suffix_ci<'a>(s: &'a str, suffix: &str) -> Option<&'a str> {
    if s.len() >= suffix.len()
        && s.is_char_boundary(s.len() - suffix.len())
        && s[s.len() - suffix.len()..].eq_ignore_ascii_case(suffix)
    {
        Some(&s[..s.len() - suffix.len()])
    } else {
        None
    }
}

/// Splits `a.b` / `"A"."b"` into identifier parts (bare parts lowercased, quoted kept).
fn split_qualified_name(text: &str) -> Option<Vec<String>> {
    let mut parts = Vec::new();
    let mut chars = text.trim().chars().peekable();
    loop {
        let mut part = String::new();
        if chars.peek() == Some(&'"') {
            chars.next();
            loop {
                match chars.next() {
                    Some('"') => {
                        if chars.peek() == Some(&'"') {
                            chars.next();
                            part.push('"');
                        } else {
                            break;
                        }
                    }
                    Some(c) => part.push(c),
                    None => return None,
                }
            }
        } else {
            while let Some(&c) = chars.peek() {
                if c == '.' {
                    break;
                }
                part.push(c.to_ascii_lowercase());
                chars.next();
            }
            part = part.trim().to_string();
        }
        if part.is_empty() {
            return None;
        }
        parts.push(part);
        match chars.next() {
            Some('.') => continue,
            None => break,
            Some(_) => return None,
        }
    }
    Some(parts)
}

/// Parses a leading SQL string literal (`'..'` with `''` escapes, or `E'..'` with backslash
/// escapes); returns its value and the rest of the text.
fn parse_string_literal(s: &str) -> Option<(String, &str)> {
    let (escape, body) = if let Some(b) = s.strip_prefix(['E', 'e']) {
        (true, b.strip_prefix('\'')?)
    } else {
        (false, s.strip_prefix('\'')?)
    };
    let mut out = String::new();
    let mut iter = body.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        match c {
            '\'' => {
                if let Some(&(_, '\'')) = iter.peek() {
                    iter.next();
                    out.push('\'');
                } else {
                    return Some((out, &body[i + 1..]));
                }
            }
            '\\' if escape => match iter.next() {
                Some((_, 'n')) => out.push('\n'),
                Some((_, 't')) => out.push('\t'),
                Some((_, 'r')) => out.push('\r'),
                Some((_, 'b')) => out.push('\u{8}'),
                Some((_, 'f')) => out.push('\u{c}'),
                Some((_, other)) => out.push(other),
                None => return None,
            },
            other => out.push(other),
        }
    }
    None
}

/// Strips balanced outer parentheses: `((-1))` -> `-1`.
fn strip_parens(mut s: &str) -> &str {
    loop {
        let t = s.trim();
        if t.starts_with('(') && t.ends_with(')') && outer_parens_match(t) {
            s = &t[1..t.len() - 1];
        } else {
            return t;
        }
    }
}

fn outer_parens_match(t: &str) -> bool {
    let mut depth = 0i32;
    let mut in_str = false;
    for (i, c) in t.char_indices() {
        if in_str {
            if c == '\'' {
                in_str = false;
            }
            continue;
        }
        match c {
            '\'' => in_str = true,
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 && i != t.len() - 1 {
                    return false;
                }
            }
            _ => {}
        }
    }
    depth == 0
}

/// Plausibly just a type name (`character varying`, `auth."Role"`, `numeric(10,2)[]`), so that
/// `NULL::<it>` is a plain NULL and not the start of a larger expression.
fn is_type_text(s: &str) -> bool {
    !s.trim().is_empty()
        && s.chars().all(|c| {
            c.is_alphanumeric() || matches!(c, '_' | ' ' | '.' | '"' | '(' | ')' | '[' | ']' | ',')
        })
}

fn is_numeric_type(ty: &ColumnType) -> bool {
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
fn same_base_type(a: &ColumnType, b: &ColumnType) -> bool {
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

/// A numeric literal spelled the way PostgreSQL prints the folded constant for this column type:
/// integers without `+` or leading zeros, floating point values in shortest form (exponent
/// notation below 1e-4 and from 1e15 on, like `float8out`), `numeric` without exponent notation
/// (`1e-3` -> `0.001`). Text that does not parse is kept as it is.
pub fn canonical_number(ty: &ColumnType, text: &str) -> String {
    let t = text.trim();
    if !crate::validate::is_numeric_literal(t) {
        return t.to_string();
    }
    match ty {
        ColumnType::SmallInt
        | ColumnType::Integer
        | ColumnType::BigInt
        | ColumnType::SmallSerial
        | ColumnType::Serial
        | ColumnType::BigSerial => match t.parse::<i128>() {
            Ok(n) => n.to_string(),
            Err(_) => expand_exponent(t),
        },
        ColumnType::Real => match t.parse::<f32>() {
            Ok(v) if v.is_finite() => float_text(
                f64::from(v),
                v.abs() as f64,
                || format!("{v}"),
                || format!("{v:e}"),
            ),
            _ => t.to_string(),
        },
        ColumnType::DoublePrecision => match t.parse::<f64>() {
            Ok(v) if v.is_finite() => {
                float_text(v, v.abs(), || format!("{v}"), || format!("{v:e}"))
            }
            _ => t.to_string(),
        },
        ColumnType::Numeric { .. } => expand_exponent(t),
        _ => t.to_string(),
    }
}

fn float_text(v: f64, abs: f64, plain: impl Fn() -> String, exp: impl Fn() -> String) -> String {
    if v != 0.0 && !(1e-4..1e15).contains(&abs) {
        // Rust prints `1e-10` / `1e15`; PostgreSQL prints `1e-10` / `1e+15`.
        let e = exp();
        match e.split_once('e') {
            Some((m, x)) if !x.starts_with('-') => format!("{m}e+{x}"),
            _ => e,
        }
    } else {
        plain()
    }
}

/// `1.5e3` -> `1500`, `-1e-3` -> `-0.001`, `+2.50` -> `2.50` (digits after the point are kept,
/// as `numeric` keeps its scale).
fn expand_exponent(t: &str) -> String {
    let (neg, body) = match t.strip_prefix('-') {
        Some(b) => (true, b),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    let (mantissa, exp) = match body.find(['e', 'E']) {
        Some(i) => match body[i + 1..].parse::<i64>() {
            Ok(e) => (&body[..i], e),
            Err(_) => return t.to_string(),
        },
        None => (body, 0),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    if exp.unsigned_abs() > 1000 {
        return t.to_string();
    }
    let digits = format!("{int}{frac}");
    // Position of the decimal point within `digits`.
    let point = int.len() as i64 + exp;
    let scale = (frac.len() as i64 - exp).max(0) as usize;
    let mut s = if point <= 0 {
        format!("0.{}{}", "0".repeat((-point) as usize), digits)
    } else if point as usize >= digits.len() {
        format!("{digits}{}", "0".repeat(point as usize - digits.len()))
    } else {
        format!(
            "{}.{}",
            &digits[..point as usize],
            &digits[point as usize..]
        )
    };
    // Trim to the scale PostgreSQL keeps and drop leading zeros of the integer part.
    if let Some((i, f)) = s.clone().split_once('.') {
        let f: String = f.chars().take(scale).collect();
        let f = format!("{f:0<scale$}");
        let i = i.trim_start_matches('0');
        let i = if i.is_empty() { "0" } else { i };
        s = if scale == 0 {
            i.to_string()
        } else {
            format!("{i}.{f}")
        };
    } else {
        let i = s.trim_start_matches('0');
        s = if i.is_empty() {
            "0".into()
        } else {
            i.to_string()
        };
    }
    if neg && s.chars().any(|c| c.is_ascii_digit() && c != '0') {
        format!("-{s}")
    } else {
        s
    }
}

/// One lexical piece of an SQL expression, for [`canonical_expression`].
enum Piece {
    /// An identifier or keyword: its value (bare words folded to lower case, as PostgreSQL folds
    /// them), whether it was quoted, and its source text.
    Word {
        value: String,
        quoted: bool,
        raw: String,
    },
    /// A string literal or dollar-quoted text, copied verbatim.
    Literal(String),
    /// Anything else, copied verbatim (operators, parentheses, whitespace).
    Text(String),
}

/// Cuts an SQL expression into words and verbatim text. String literals (`'..'`, `E'..'`),
/// dollar-quoted text and Unicode-escaped identifiers (`U&".."`) are kept verbatim.
fn pieces(expr: &str) -> Vec<Piece> {
    let chars: Vec<char> = expr.chars().collect();
    let mut out = Vec::new();
    let mut text = String::new();
    let ident_char = |c: char| c.is_alphanumeric() || c == '_' || c == '$';
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let prev = if i > 0 { Some(chars[i - 1]) } else { None };
        if c == '\'' {
            // E'..' allows backslash escapes (the E itself was read as a word just before).
            let escapes = matches!(
                out.last(),
                Some(Piece::Word { raw, quoted: false, .. }) if raw.eq_ignore_ascii_case("e")
            ) && text.is_empty();
            if !text.is_empty() {
                out.push(Piece::Text(std::mem::take(&mut text)));
            }
            text.push(c);
            i += 1;
            while i < chars.len() {
                text.push(chars[i]);
                if escapes && chars[i] == '\\' && i + 1 < chars.len() {
                    text.push(chars[i + 1]);
                    i += 2;
                    continue;
                }
                if chars[i] == '\'' {
                    if chars.get(i + 1) == Some(&'\'') {
                        text.push('\'');
                        i += 2;
                        continue;
                    }
                    i += 1;
                    break;
                }
                i += 1;
            }
            out.push(Piece::Literal(std::mem::take(&mut text)));
            continue;
        }
        if c == '$' && !prev.is_some_and(ident_char) {
            // $tag$ ... $tag$ (a `$1` parameter is not a tag).
            let mut j = i + 1;
            while j < chars.len() && (chars[j].is_alphabetic() || chars[j] == '_') {
                j += 1;
            }
            if j < chars.len() && chars[j] == '$' {
                let tag: String = chars[i..=j].iter().collect();
                let rest: String = chars[j + 1..].iter().collect();
                let end = rest.find(&tag).map(|k| k + tag.len()).unwrap_or(rest.len());
                if !text.is_empty() {
                    out.push(Piece::Text(std::mem::take(&mut text)));
                }
                out.push(Piece::Literal(format!("{tag}{}", &rest[..end])));
                i = j + 1 + rest[..end].chars().count();
                continue;
            }
        }
        if c == '"' && prev != Some('&') {
            let mut value = String::new();
            let mut j = i + 1;
            let mut closed = false;
            while j < chars.len() {
                if chars[j] == '"' {
                    if chars.get(j + 1) == Some(&'"') {
                        value.push('"');
                        j += 2;
                        continue;
                    }
                    closed = true;
                    break;
                }
                value.push(chars[j]);
                j += 1;
            }
            if !closed {
                text.extend(&chars[i..]);
                break;
            }
            if !text.is_empty() {
                out.push(Piece::Text(std::mem::take(&mut text)));
            }
            out.push(Piece::Word {
                value,
                quoted: true,
                raw: chars[i..=j].iter().collect(),
            });
            i = j + 1;
            continue;
        }
        if (c.is_alphabetic() || c == '_') && !prev.is_some_and(ident_char) {
            let mut j = i;
            while j < chars.len() && ident_char(chars[j]) {
                j += 1;
            }
            if !text.is_empty() {
                out.push(Piece::Text(std::mem::take(&mut text)));
            }
            let raw: String = chars[i..j].iter().collect();
            out.push(Piece::Word {
                value: raw.to_lowercase(),
                quoted: false,
                raw,
            });
            i = j;
            continue;
        }
        text.push(c);
        i += 1;
    }
    if !text.is_empty() {
        out.push(Piece::Text(text));
    }
    out
}

/// Rule 6: an SQL expression spelled the way PostgreSQL prints it back, as far as identifiers go.
///
/// * A quoted identifier is quoted only when PostgreSQL needs it ([`quote_ident`]): `"price" > 0`
///   is `price > 0`, while `"Price"`, `"user"` and `"a b"` keep their quotes.
/// * In an expression that belongs to one table (a CHECK, an index key or predicate, a generation
///   expression; `own_table` is its schema and name), a column qualified with that table
///   (`orders.total`, `public.orders.total`) is the bare column: PostgreSQL prints
///   single-relation expressions unqualified. A qualified name followed by `(` is a function call
///   and is kept.
///
/// Literals, dollar-quoted text and everything else are kept verbatim.
pub fn canonical_expression(expr: &str, own_table: Option<(&str, &str)>) -> String {
    let ps = pieces(expr);
    let is_dot = |p: Option<&Piece>| matches!(p, Some(Piece::Text(t)) if t == ".");
    let is_word = |p: Option<&Piece>, name: &str| matches!(p, Some(Piece::Word { value, .. }) if value == name);
    let mut drop = vec![false; ps.len()];
    if let Some((schema, table)) = own_table {
        for i in 0..ps.len() {
            // table . column, not followed by `(`, not itself the tail of a longer name.
            if !is_word(ps.get(i), table)
                || !is_dot(ps.get(i + 1))
                || !matches!(ps.get(i + 2), Some(Piece::Word { .. }))
                || is_dot(ps.get(i + 3))
                || matches!(ps.get(i + 3), Some(Piece::Text(t)) if t.starts_with('('))
            {
                continue;
            }
            if i >= 2 && is_dot(ps.get(i - 1)) {
                if !is_word(ps.get(i - 2), schema) || (i >= 3 && is_dot(ps.get(i - 3))) {
                    continue;
                }
                drop[i - 2] = true;
                drop[i - 1] = true;
            }
            drop[i] = true;
            drop[i + 1] = true;
        }
    }
    // `trim(x)` is printed `TRIM(BOTH FROM x)`, `trim('x' from y)` `TRIM(BOTH 'x' FROM y)`.
    let mut after_paren: HashMap<usize, &str> = HashMap::new();
    for i in 0..ps.len() {
        let is_trim = matches!(&ps[i], Piece::Word { value, quoted: false, .. } if value == "trim");
        if !is_trim || !matches!(ps.get(i + 1), Some(Piece::Text(t)) if t.starts_with('(')) {
            continue;
        }
        let Some(Piece::Text(open)) = ps.get(i + 1) else {
            continue;
        };
        let mut depth = 0i32;
        let mut has_from = false;
        let mut explicit = false;
        let mut first_word = true;
        'scan: for p in ps.iter().skip(i + 1) {
            match p {
                Piece::Text(t) => {
                    for ch in t.chars() {
                        match ch {
                            '(' => depth += 1,
                            ')' => {
                                depth -= 1;
                                if depth == 0 {
                                    break 'scan;
                                }
                            }
                            c if !c.is_whitespace() => first_word = false,
                            _ => {}
                        }
                    }
                }
                Piece::Word { value, quoted, .. } => {
                    if first_word
                        && !quoted
                        && matches!(value.as_str(), "both" | "leading" | "trailing")
                    {
                        explicit = true;
                    }
                    if depth == 1 && !quoted && value == "from" {
                        has_from = true;
                    }
                    first_word = false;
                }
                Piece::Literal(_) => first_word = false,
            }
        }
        if !explicit && !open[1..].trim_start().starts_with(')') {
            after_paren.insert(i + 1, if has_from { "BOTH " } else { "BOTH FROM " });
        }
    }
    let mut out = String::with_capacity(expr.len());
    for (i, (p, dropped)) in ps.iter().zip(drop).enumerate() {
        if dropped {
            continue;
        }
        match p {
            Piece::Word {
                value,
                quoted: true,
                ..
            } => out.push_str(&quote_ident(value)),
            Piece::Word { raw, .. } => out.push_str(raw),
            Piece::Text(t) => match after_paren.get(&i) {
                Some(insert) => {
                    out.push('(');
                    out.push_str(insert);
                    out.push_str(t[1..].trim_start());
                }
                None => out.push_str(t),
            },
            Piece::Literal(t) => out.push_str(t),
        }
    }
    out
}

/// `'public.x'::regclass` spelled `'x'::regclass`, as PostgreSQL prints a regclass constant of
/// the default schema (pg_dump writes `nextval('public.x_seq'::regclass)`).
fn unqualified_public_regclass(expr: &str) -> String {
    let mut out = String::with_capacity(expr.len());
    let mut rest = expr;
    while let Some(i) = rest.find("'public.").or_else(|| rest.find("'\"public\".")) {
        let prefix_len = if rest[i..].starts_with("'public.") {
            8
        } else {
            10
        };
        let after = &rest[i + prefix_len..];
        let is_regclass = after
            .find('\'')
            .is_some_and(|end| after[end..].starts_with("'::regclass") && end > 0);
        out.push_str(&rest[..=i]);
        if !is_regclass {
            out.push_str(&rest[i + 1..i + prefix_len]);
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

/// Rule 2 and 3 for one default: `None` for `DEFAULT NULL`, otherwise the typed form.
pub fn normalize_default(
    schema: &Schema,
    ty: &ColumnType,
    value: DefaultValue,
) -> Option<DefaultValue> {
    match value {
        DefaultValue::Null => None,
        DefaultValue::String(s) if matches!(ty, ColumnType::Json | ColumnType::Jsonb) => {
            match serde_json::from_str(&s) {
                Ok(v) => Some(DefaultValue::Json(v)),
                Err(_) => Some(DefaultValue::String(s)),
            }
        }
        DefaultValue::Number(n) => Some(DefaultValue::Number(canonical_number(ty, n.trim()))),
        DefaultValue::Expression(e) => {
            let e = unqualified_public_regclass(&canonical_expression(e.trim(), None));
            normalize_expression_default(schema, ty, &e)
        }
        other => Some(other),
    }
}

fn normalize_expression_default(
    schema: &Schema,
    ty: &ColumnType,
    text: &str,
) -> Option<DefaultValue> {
    let bare = strip_parens(text);
    let lower = bare.to_ascii_lowercase();
    if lower == "null" || lower.strip_prefix("null::").is_some_and(is_type_text) {
        return None;
    }
    if matches!(ty, ColumnType::Boolean) {
        match lower.as_str() {
            "true" => return Some(DefaultValue::Boolean(true)),
            "false" => return Some(DefaultValue::Boolean(false)),
            _ => {}
        }
    }
    if (is_numeric_type(ty) || matches!(ty, ColumnType::Custom { .. }))
        && crate::validate::is_numeric_literal(bare)
    {
        return Some(DefaultValue::Number(canonical_number(ty, bare)));
    }
    if let Some((value, rest)) = parse_string_literal(bare) {
        let rest = rest.trim();
        let cast_ty = rest
            .strip_prefix("::")
            .map(|cast| parse_type_name(cast, schema));
        // A negative number prints as `'-1'::integer` even on a smallint or numeric column.
        if is_numeric_type(ty)
            && cast_ty.as_ref().is_some_and(is_numeric_type)
            && crate::validate::is_numeric_literal(value.trim())
        {
            return Some(DefaultValue::Number(canonical_number(ty, value.trim())));
        }
        let cast_ok = match &cast_ty {
            None => rest.is_empty(),
            Some(cast_ty) => same_base_type(cast_ty, ty),
        };
        if cast_ok {
            if matches!(ty, ColumnType::Json | ColumnType::Jsonb) {
                if let Ok(v) = serde_json::from_str(&value) {
                    return Some(DefaultValue::Json(v));
                }
            }
            if is_numeric_type(ty) && crate::validate::is_numeric_literal(value.trim()) {
                return Some(DefaultValue::Number(canonical_number(ty, value.trim())));
            }
            if matches!(ty, ColumnType::Boolean) {
                match value.trim().to_ascii_lowercase().as_str() {
                    "true" | "t" => return Some(DefaultValue::Boolean(true)),
                    "false" | "f" => return Some(DefaultValue::Boolean(false)),
                    _ => {}
                }
            }
            return Some(DefaultValue::String(value));
        }
    }
    Some(DefaultValue::Expression(text.to_string()))
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

/// A copy of the schema in canonical form with everything whose order has no meaning sorted, so
/// two schemas describing the same database compare equal with `==`.
///
/// On top of [`normalize`]: the `public` namespace entry is dropped (it always exists), and
/// namespaces, enums, tables, views and sequences are sorted by (schema, name); uniques, checks, foreign keys
/// and indexes by effective name. Column order, key column order and enum label order are kept,
/// because they mean something in PostgreSQL.
pub fn canonical(schema: &Schema) -> Schema {
    let mut s = schema.clone();
    normalize(&mut s);
    s.namespaces.retain(|n| n.name != DEFAULT_SCHEMA);
    s.namespaces.sort_by(|a, b| a.name.cmp(&b.name));
    crate::model::sort_qualified(&mut s.enums);
    crate::model::sort_qualified(&mut s.sequences);
    let fk_orders: Vec<Vec<usize>> = {
        let mut by_id: HashMap<&Id, &Table> = HashMap::with_capacity(s.tables.len());
        for t in &s.tables {
            by_id.entry(&t.id).or_insert(t);
        }
        s.tables
            .iter()
            .map(|t| {
                let mut keyed: Vec<(String, usize)> = t
                    .foreign_keys
                    .iter()
                    .enumerate()
                    .map(|(i, fk)| {
                        let rt = by_id.get(&fk.ref_table).copied();
                        (effective_fk_name_with(t, fk, rt), i)
                    })
                    .collect();
                keyed.sort();
                keyed.into_iter().map(|(_, i)| i).collect()
            })
            .collect()
    };
    for (t, order) in s.tables.iter_mut().zip(fk_orders) {
        let fks = std::mem::take(&mut t.foreign_keys);
        let mut slots: Vec<Option<ForeignKey>> = fks.into_iter().map(Some).collect();
        t.foreign_keys = order.into_iter().filter_map(|i| slots[i].take()).collect();
        let tc = Table {
            uniques: Vec::new(),
            checks: Vec::new(),
            foreign_keys: Vec::new(),
            indexes: Vec::new(),
            ..t.clone()
        };
        t.uniques
            .sort_by_cached_key(|u| effective_unique_name(&tc, u));
        t.checks.sort_by(|a, b| a.name.cmp(&b.name));
        t.indexes
            .sort_by_cached_key(|ix| effective_index_name(&tc, ix));
    }
    crate::model::sort_qualified(&mut s.tables);
    crate::model::sort_qualified(&mut s.views);
    for v in &mut s.views {
        let vc = crate::model::View {
            indexes: Vec::new(),
            ..v.clone()
        };
        v.indexes
            .sort_by_cached_key(|ix| crate::naming::effective_view_index_name(&vc, ix));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expressions_quote_identifiers_only_where_postgresql_needs_it() {
        let c = |e: &str| canonical_expression(e, Some(("public", "orders")));
        assert_eq!(c("\"price\" > 0"), "price > 0");
        assert_eq!(
            c("\"Price\" > 0 AND \"user\" = 1"),
            "\"Price\" > 0 AND \"user\" = 1"
        );
        assert_eq!(c("\"a b\" <> 'x\"y'"), "\"a b\" <> 'x\"y'");
        assert_eq!(c("upper((\"title\"))"), "upper((title))");
        // Literals, E-strings and dollar quotes are untouched.
        assert_eq!(c("note = E'it\\'s \"q\"'"), "note = E'it\\'s \"q\"'");
        assert_eq!(c("note = $x$\"q\"$x$"), "note = $x$\"q\"$x$");
        assert_eq!(c("U&\"d\\0061t\" > 0"), "U&\"d\\0061t\" > 0");
    }

    #[test]
    fn expressions_drop_their_own_table_qualifier() {
        let c = |e: &str| canonical_expression(e, Some(("public", "wealth")));
        assert_eq!(c("\"wealth\".\"deleted_at\" is null"), "deleted_at is null");
        assert_eq!(c("public.wealth.deleted_at IS NULL"), "deleted_at IS NULL");
        // Other tables, other schemas, and function calls are kept.
        assert_eq!(c("other.deleted_at IS NULL"), "other.deleted_at IS NULL");
        assert_eq!(c("billing.wealth.x > 0"), "billing.wealth.x > 0");
        assert_eq!(c("wealth.f(x) > 0"), "wealth.f(x) > 0");
        assert_eq!(canonical_expression("wealth.x", None), "wealth.x");
    }

    #[test]
    fn trim_is_spelled_as_postgresql_prints_it() {
        let c = |e: &str| canonical_expression(e, None);
        assert_eq!(
            c("TRIM(friendly_name) <> ''"),
            "TRIM(BOTH FROM friendly_name) <> ''"
        );
        assert_eq!(c("trim('x' from name)"), "trim(BOTH 'x' from name)");
        assert_eq!(c("trim(lower(a)) = ''"), "trim(BOTH FROM lower(a)) = ''");
        for kept in [
            "TRIM(BOTH FROM a)",
            "trim(leading 'x' FROM a)",
            "btrim(a)",
            "\"trim\"(a)",
        ] {
            assert_eq!(c(kept), kept);
        }
        let once = c("trim(a)");
        assert_eq!(c(&once), once, "idempotent");
    }

    #[test]
    fn regclass_constants_of_the_default_schema_are_unqualified() {
        let u = unqualified_public_regclass;
        assert_eq!(
            u("nextval('public.a_seq'::regclass)"),
            "nextval('a_seq'::regclass)"
        );
        assert_eq!(
            u("nextval('\"public\".\"A\"'::regclass)"),
            "nextval('\"A\"'::regclass)"
        );
        assert_eq!(
            u("nextval('billing.a'::regclass)"),
            "nextval('billing.a'::regclass)"
        );
        assert_eq!(u("'public.x'::text"), "'public.x'::text");
        assert_eq!(u("'public.'::regclass"), "'public.'::regclass");
    }

    #[test]
    fn custom_types_of_the_default_schema_are_unqualified() {
        let s = Schema::default();
        let t = |n: &str| normalize_type(&ColumnType::Custom { name: n.into() }, &s);
        assert_eq!(
            t("public.citext"),
            ColumnType::Custom {
                name: "citext".into()
            }
        );
        assert_eq!(
            t("\"public\".hstore"),
            ColumnType::Custom {
                name: "hstore".into()
            }
        );
        assert_eq!(
            t("extensions.citext"),
            ColumnType::Custom {
                name: "extensions.citext".into()
            }
        );
        // A cast to the qualified name is still a cast to the column's own type.
        let d = normalize_default(
            &s,
            &ColumnType::Custom {
                name: "hstore".into(),
            },
            DefaultValue::Expression("''::public.hstore".into()),
        );
        assert_eq!(d, Some(DefaultValue::String(String::new())));
    }

    #[test]
    fn nextval_parsing() {
        assert_eq!(
            nextval_sequence("nextval('users_id_seq'::regclass)"),
            Some(vec!["users_id_seq".to_string()])
        );
        assert_eq!(
            nextval_sequence("nextval('auth.\"Users_id_seq\"'::regclass)"),
            Some(vec!["auth".to_string(), "Users_id_seq".to_string()])
        );
        assert_eq!(nextval_sequence("now()"), None);
    }

    #[test]
    fn parens() {
        assert_eq!(strip_parens("((-1))"), "-1");
        assert_eq!(strip_parens("(a) + (b)"), "(a) + (b)");
    }
}

#[cfg(test)]
mod number_tests {
    use super::canonical_number;
    use crate::model::ColumnType;

    #[test]
    fn numbers_print_like_postgres() {
        let num = ColumnType::Numeric {
            precision: None,
            scale: None,
        };
        assert_eq!(canonical_number(&num, "1e-3"), "0.001");
        assert_eq!(canonical_number(&num, "1.50e2"), "150");
        assert_eq!(canonical_number(&num, "+2.50"), "2.50");
        assert_eq!(canonical_number(&num, "-0.5"), "-0.5");
        assert_eq!(canonical_number(&num, ".5"), "0.5");
        assert_eq!(canonical_number(&num, "1e3"), "1000");
        assert_eq!(canonical_number(&ColumnType::Integer, "+007"), "7");
        assert_eq!(
            canonical_number(&ColumnType::DoublePrecision, "1e-3"),
            "0.001"
        );
        assert_eq!(
            canonical_number(&ColumnType::DoublePrecision, "0.50"),
            "0.5"
        );
        assert_eq!(
            canonical_number(&ColumnType::DoublePrecision, "1e-10"),
            "1e-10"
        );
        assert_eq!(
            canonical_number(&ColumnType::DoublePrecision, "1e15"),
            "1e+15"
        );
        assert_eq!(canonical_number(&ColumnType::Real, "0.1"), "0.1");
        assert_eq!(canonical_number(&ColumnType::Text, "1e3"), "1e3");
    }
}
