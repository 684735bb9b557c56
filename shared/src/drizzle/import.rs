//! Reads a drizzle-kit v7 PostgreSQL snapshot back into the model.

use super::json::J;
use super::DrizzleError;
use crate::model::{
    Check, CheckOption, Column, ColumnType, DefaultValue, Document, Enum, EnumValue, ForeignKey,
    Id, Identity, Index, IndexKey, IndexMethod, IndexPart, Namespace, NullsOrder, PrimaryKey,
    ReferentialAction, Schema, Table, Unique, View, DEFAULT_SCHEMA,
};

fn field<'a>(v: &'a J, key: &str, at: &str) -> Result<&'a J, DrizzleError> {
    v.get(key).ok_or_else(|| DrizzleError::Snapshot {
        at: at.to_string(),
        message: format!("missing field `{key}`"),
    })
}

fn string<'a>(v: &'a J, key: &str, at: &str) -> Result<&'a str, DrizzleError> {
    field(v, key, at)?
        .as_str()
        .ok_or_else(|| DrizzleError::Snapshot {
            at: at.to_string(),
            message: format!("field `{key}` is not a string"),
        })
}

fn entries<'a>(v: &'a J, key: &str, at: &str) -> Result<&'a [(String, J)], DrizzleError> {
    match v.get(key) {
        None => Ok(&[]),
        Some(x) => x.entries().ok_or_else(|| DrizzleError::Snapshot {
            at: at.to_string(),
            message: format!("field `{key}` is not an object"),
        }),
    }
}

fn strings(v: &J, key: &str, at: &str) -> Result<Vec<String>, DrizzleError> {
    let items = field(v, key, at)?
        .items()
        .ok_or_else(|| DrizzleError::Snapshot {
            at: at.to_string(),
            message: format!("field `{key}` is not an array"),
        })?;
    items
        .iter()
        .map(|i| {
            i.as_str()
                .map(str::to_string)
                .ok_or_else(|| DrizzleError::Snapshot {
                    at: at.to_string(),
                    message: format!("field `{key}` holds a non-string"),
                })
        })
        .collect()
}

fn flag(v: &J, key: &str) -> bool {
    v.get(key).and_then(J::as_bool).unwrap_or(false)
}

fn action(v: &J, key: &str, at: &str) -> Result<ReferentialAction, DrizzleError> {
    Ok(
        match v.get(key).and_then(J::as_str).unwrap_or("no action") {
            "no action" => ReferentialAction::NoAction,
            "restrict" => ReferentialAction::Restrict,
            "cascade" => ReferentialAction::Cascade,
            "set null" => ReferentialAction::SetNull,
            "set default" => ReferentialAction::SetDefault,
            other => {
                return Err(DrizzleError::Snapshot {
                    at: at.to_string(),
                    message: format!("unknown referential action `{other}`"),
                })
            }
        },
    )
}

fn method(name: &str, at: &str) -> Result<IndexMethod, DrizzleError> {
    Ok(match name.to_ascii_lowercase().as_str() {
        "btree" => IndexMethod::Btree,
        "hash" => IndexMethod::Hash,
        "gin" => IndexMethod::Gin,
        "gist" => IndexMethod::Gist,
        "brin" => IndexMethod::Brin,
        "spgist" => IndexMethod::Spgist,
        other => {
            return Err(DrizzleError::Unsupported {
                at: at.to_string(),
                what: format!("index method `{other}`"),
            })
        }
    })
}

fn strip_suffix_ci<'a>(s: &'a str, suffix: &str) -> Option<&'a str> {
    let n = s.len().checked_sub(suffix.len())?;
    (s.is_char_boundary(n) && s[n..].eq_ignore_ascii_case(suffix)).then(|| s[..n].trim_end())
}

/// Takes `expr [opclass] [ASC|DESC] [NULLS FIRST|LAST]` apart (the exporter writes an
/// expression part's ordering into its text, drizzle having no other place for it).
fn expression_part(text: &str) -> IndexPart {
    let mut rest = text.trim();
    let mut nulls = None;
    if let Some(r) = strip_suffix_ci(rest, " nulls first") {
        nulls = Some(NullsOrder::First);
        rest = r;
    } else if let Some(r) = strip_suffix_ci(rest, " nulls last") {
        nulls = Some(NullsOrder::Last);
        rest = r;
    }
    let mut descending = false;
    if let Some(r) = strip_suffix_ci(rest, " desc") {
        descending = true;
        rest = r;
    } else if let Some(r) = strip_suffix_ci(rest, " asc") {
        rest = r;
    }
    let mut opclass = None;
    if let Some((head, tail)) = rest.rsplit_once(' ') {
        let is_word = !tail.is_empty()
            && tail
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
            && tail.starts_with(|c: char| c.is_ascii_lowercase() || c == '_');
        if is_word && head.trim_end().ends_with(')') && balanced(head) {
            opclass = Some(tail.to_string());
            rest = head.trim_end();
        }
    }
    let nulls = match (descending, nulls) {
        (true, Some(NullsOrder::First)) | (false, Some(NullsOrder::Last)) => None,
        (_, n) => n,
    };
    IndexPart {
        collation: None,
        key: IndexKey::Expression(rest.to_string()),
        descending,
        nulls,
        opclass,
    }
}

/// True when the text's parentheses close one by one, so a trailing word is outside them.
fn balanced(s: &str) -> bool {
    let mut depth = 0i32;
    for c in s.chars() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth < 0 {
                    return false;
                }
            }
            _ => {}
        }
    }
    depth == 0
}

/// The name PostgreSQL gives an object named `name`: drizzle-kit's conventional names are not
/// shortened, and PostgreSQL silently truncates identifiers to 63 bytes.
fn pg_name(name: &str) -> String {
    crate::naming::truncate_at_char_boundary(name, crate::naming::MAX_IDENTIFIER_BYTES).to_string()
}

/// The operator class PostgreSQL uses for a column of this type when none is named, as
/// `drizzle-kit pull` spells out on every index column (`int4_ops`, `uuid_ops`,
/// `timestamp_minmax_ops`, ...); `None` where the default is not known here.
fn default_opclass(method: &IndexMethod, ty: &ColumnType) -> Option<String> {
    let t = match ty {
        ColumnType::SmallInt | ColumnType::SmallSerial => "int2",
        ColumnType::Integer | ColumnType::Serial => "int4",
        ColumnType::BigInt | ColumnType::BigSerial => "int8",
        ColumnType::Real => "float4",
        ColumnType::DoublePrecision => "float8",
        ColumnType::Numeric { .. } => "numeric",
        ColumnType::Text | ColumnType::Varchar { .. } => "text",
        ColumnType::Char { .. } => "bpchar",
        ColumnType::Uuid => "uuid",
        ColumnType::Boolean => "bool",
        ColumnType::Date => "date",
        ColumnType::Time { with_time_zone, .. } => {
            if *with_time_zone {
                "timetz"
            } else {
                "time"
            }
        }
        ColumnType::Timestamp { with_time_zone, .. } => {
            if *with_time_zone {
                "timestamptz"
            } else {
                "timestamp"
            }
        }
        ColumnType::Interval => "interval",
        ColumnType::Bytea => "bytea",
        ColumnType::Inet | ColumnType::Cidr => "inet",
        ColumnType::Jsonb => "jsonb",
        ColumnType::Enum { .. } => "enum",
        ColumnType::Array { .. } => "array",
        ColumnType::Custom { name } => match name.trim().to_ascii_lowercase().as_str() {
            "tsvector" => "tsvector",
            "money" => "money",
            _ => return None,
        },
        ColumnType::Json => return None,
    };
    Some(match method {
        IndexMethod::Btree | IndexMethod::Hash => format!("{t}_ops"),
        IndexMethod::Gin if matches!(t, "jsonb" | "array" | "tsvector") => format!("{t}_ops"),
        IndexMethod::Brin if t == "inet" => "inet_inclusion_ops".to_string(),
        IndexMethod::Brin
            if !matches!(
                t,
                "enum" | "array" | "jsonb" | "bool" | "tsvector" | "money"
            ) =>
        {
            format!("{t}_minmax_ops")
        }
        _ => return None,
    })
}

/// A default as recorded by drizzle-kit, before [`crate::normalize`] types it.
fn default_value(v: &J) -> Option<DefaultValue> {
    match v {
        J::Null => None,
        J::Bool(b) => Some(DefaultValue::Boolean(*b)),
        J::Num(n) => Some(DefaultValue::Number(n.to_string())),
        J::Str(s) => {
            let t = s.trim();
            if crate::validate::is_numeric_literal(t) {
                Some(DefaultValue::Number(t.to_string()))
            } else {
                Some(DefaultValue::Expression(t.to_string()))
            }
        }
        J::Arr(_) | J::Obj(_) => Some(DefaultValue::Expression(v.compact())),
    }
}

fn column_type(ty: &str, type_schema: Option<&str>, schema: &Schema) -> ColumnType {
    match type_schema {
        Some(ns) => {
            let mut base = ty.trim();
            let mut dims = 0;
            while let Some(b) = base.strip_suffix("[]") {
                base = b.trim_end();
                dims += 1;
            }
            let base = base.trim_matches('"');
            let mut out = match schema
                .enums
                .iter()
                .find(|e| e.schema == ns && e.name == base)
            {
                Some(e) => ColumnType::Enum { id: e.id.clone() },
                None => crate::normalize::parse_type_name(ty, schema),
            };
            if matches!(out, ColumnType::Enum { .. }) {
                for _ in 0..dims {
                    out = ColumnType::Array {
                        element: Box::new(out),
                    };
                }
            }
            out
        }
        None => crate::normalize::parse_type_name(ty, schema),
    }
}

/// Parses a drizzle-kit snapshot (`meta/NNNN_snapshot.json`, version 7, dialect `postgresql`)
/// into a canonical document with derived ids.
pub fn import_snapshot(json: &str) -> Result<Document, DrizzleError> {
    import_snapshot_with_warnings(json).map(|(doc, _)| doc)
}

fn non_empty(v: &J, key: &str) -> bool {
    v.get(key)
        .and_then(J::entries)
        .is_some_and(|e| !e.is_empty())
}

/// [`import_snapshot`], also returning what the snapshot holds that the model does not keep
/// (roles, policies on tables outside it, index storage options, identity sequence
/// options, view options, existing views), one sentence each naming its JSON path.
pub fn import_snapshot_with_warnings(json: &str) -> Result<(Document, Vec<String>), DrizzleError> {
    let mut warnings = Vec::new();
    let root: J = serde_json::from_str(json).map_err(|e| DrizzleError::Json {
        line: e.line(),
        column: e.column(),
        message: e.to_string(),
    })?;
    let version = root.get("version").and_then(J::as_str).unwrap_or("");
    let dialect = root.get("dialect").and_then(J::as_str).unwrap_or("");
    if version != "7" || dialect != "postgresql" {
        return Err(DrizzleError::Unsupported {
            at: "snapshot".into(),
            what: format!(
                "snapshot version {version:?} / dialect {dialect:?} (only version \"7\" \"postgresql\" is read)"
            ),
        });
    }
    for (name, _) in entries(&root, "roles", "roles")? {
        warnings.push(format!(
            "roles.{name}: roles stay outside the design (policies and grants name them); left out"
        ));
    }
    // Policies not declared with their table (`pgPolicy(…).link(table)` on a table the
    // snapshot does not hold).
    for (name, _) in entries(&root, "policies", "policies")? {
        warnings.push(format!(
            "policies.{name}: a policy on a table outside the snapshot is not modelled; left out"
        ));
    }
    let mut schema = Schema::default();
    for (name, v) in entries(&root, "sequences", "sequences")? {
        match super::sequences::sequence_from_snapshot(v) {
            Some(q) => schema.sequences.push(q),
            None => warnings.push(format!("sequences.{name}: no name; left out")),
        }
    }
    for (_, name) in entries(&root, "schemas", "schemas")? {
        if let Some(name) = name.as_str() {
            if name != DEFAULT_SCHEMA {
                schema.namespaces.push(Namespace {
                    grants: Default::default(),
                    id: Id::for_namespace(name),
                    name: name.to_string(),
                    comment: None,
                });
            }
        }
    }
    for (key, e) in entries(&root, "enums", "enums")? {
        let at = format!("enums.{key}");
        let name = string(e, "name", &at)?;
        let ns = e
            .get("schema")
            .and_then(J::as_str)
            .filter(|s| !s.is_empty())
            .unwrap_or(DEFAULT_SCHEMA);
        let values = strings(e, "values", &at)?;
        schema.enums.push(Enum {
            id: Id::for_enum(ns, name),
            schema: ns.to_string(),
            name: name.to_string(),
            values: values
                .iter()
                .map(|v| EnumValue {
                    id: Id::for_enum_value(ns, name, v),
                    name: v.clone(),
                })
                .collect(),
            comment: None,
        });
    }
    for (key, t) in entries(&root, "tables", "tables")? {
        let at = format!("tables.{key}");
        let table = table(&schema, t, &at, &mut warnings)?;
        schema.tables.push(table);
    }
    for (key, v) in entries(&root, "views", "views")? {
        let at = format!("views.{key}");
        if flag(v, "isExisting") {
            warnings.push(format!(
                "{at}: an existing view (`.existing()`) is not managed; left out"
            ));
            continue;
        }
        let mut check_option = None;
        if let Some(entries) = v.get("with").and_then(J::entries) {
            for (k, o) in entries {
                match (k.as_str(), o.as_str()) {
                    ("checkOption", Some("local")) => check_option = Some(CheckOption::Local),
                    ("checkOption", Some("cascaded")) => check_option = Some(CheckOption::Cascaded),
                    _ => warnings.push(format!(
                        "{at}.with.{k}: view options are not modelled; left out"
                    )),
                }
            }
        }
        for option in ["with", "using", "tablespace", "withNoData"] {
            if option == "with" && v.get(option).and_then(J::entries).is_some() {
                continue;
            }
            if v.get(option).is_some_and(|o| {
                !matches!(o, J::Null | J::Bool(false)) && o.entries().is_none_or(|e| !e.is_empty())
            }) {
                warnings.push(format!(
                    "{at}.{option}: view options are not modelled; left out"
                ));
            }
        }
        let name = string(v, "name", &at)?;
        let ns = v
            .get("schema")
            .and_then(J::as_str)
            .filter(|s| !s.is_empty())
            .unwrap_or(DEFAULT_SCHEMA);
        let query = v.get("definition").and_then(J::as_str).unwrap_or("");
        schema.views.push(View {
            id: Id::for_view(ns, name),
            schema: ns.to_string(),
            name: name.to_string(),
            columns: Vec::new(),
            query: query.to_string(),
            materialized: flag(v, "materialized"),
            comment: None,
            check_option: check_option.filter(|_| !flag(v, "materialized")),
            indexes: Vec::new(),
        });
    }
    // Namespaces only used by objects are declared too (drizzle lists only `pgSchema`s).
    let used: Vec<String> = schema
        .enums
        .iter()
        .map(|e| e.schema.clone())
        .chain(schema.tables.iter().map(|t| t.schema.clone()))
        .chain(schema.views.iter().map(|v| v.schema.clone()))
        .collect();
    for ns in used {
        if ns != DEFAULT_SCHEMA && !schema.namespaces.iter().any(|n| n.name == ns) {
            schema.namespaces.push(Namespace {
                grants: Default::default(),
                id: Id::for_namespace(&ns),
                name: ns,
                comment: None,
            });
        }
    }
    crate::normalize::normalize(&mut schema);
    Ok((Document::new(schema), warnings))
}

fn table(
    schema: &Schema,
    t: &J,
    at: &str,
    warnings: &mut Vec<String>,
) -> Result<Table, DrizzleError> {
    let name = string(t, "name", at)?.to_string();
    let ns = t
        .get("schema")
        .and_then(J::as_str)
        .filter(|s| !s.is_empty())
        .unwrap_or(DEFAULT_SCHEMA)
        .to_string();
    let col_id = |c: &str| Id::for_column(&ns, &name, c);
    let mut table = Table {
        grants: Default::default(),
        partition_by: Default::default(),
        partitions: Default::default(),
        triggers: Default::default(),
        policies: Default::default(),
        row_security: Default::default(),
        id: Id::for_table(&ns, &name),
        schema: ns.clone(),
        name: name.clone(),
        columns: Vec::new(),
        primary_key: None,
        uniques: Vec::new(),
        checks: Vec::new(),
        foreign_keys: Vec::new(),
        indexes: Vec::new(),
        comment: None,
    };
    super::policies::read_policies(t, at, &mut table, warnings);
    let mut inline_pk = Vec::new();
    for (key, c) in entries(t, "columns", at)? {
        let cat = format!("{at}.columns.{key}");
        let cname = string(c, "name", &cat)?;
        let ty = column_type(
            string(c, "type", &cat)?,
            c.get("typeSchema").and_then(J::as_str),
            schema,
        );
        if let Some(i) = c.get("identity") {
            let text = |k: &str| i.get(k).and_then(J::as_str).unwrap_or("");
            let default_name = format!("{name}_{cname}_seq");
            let plain = text("increment") == "1"
                && text("minValue") == "1"
                && text("startWith") == "1"
                && text("cache") == "1"
                && !flag(i, "cycle")
                && (text("name").is_empty() || text("name") == default_name);
            if !plain {
                warnings.push(format!(
                    "{cat}.identity: sequence options (name, start, increment, bounds, cache, \
                     cycle) are not modelled; the default sequence is assumed"
                ));
            }
        }
        let identity = match c.get("identity") {
            Some(i) => match i.get("type").and_then(J::as_str) {
                Some("always") => Some(Identity::Always),
                Some("byDefault") => Some(Identity::ByDefault),
                other => {
                    return Err(DrizzleError::Snapshot {
                        at: cat,
                        message: format!("unknown identity type {other:?}"),
                    })
                }
            },
            None => None,
        };
        if flag(c, "primaryKey") {
            inline_pk.push(col_id(cname));
        }
        table.columns.push(Column {
            collation: None,
            id: col_id(cname),
            name: cname.to_string(),
            ty,
            not_null: flag(c, "notNull"),
            default: c.get("default").and_then(default_value),
            identity,
            identity_options: Default::default(),
            generated: c
                .get("generated")
                .and_then(|g| g.get("as"))
                .and_then(J::as_str)
                .map(str::to_string),
            comment: None,
        });
    }
    if !inline_pk.is_empty() {
        table.primary_key = Some(PrimaryKey {
            deferrable: false,
            initially_deferred: false,
            id: Id::for_primary_key(&ns, &name),
            name: None,
            columns: inline_pk,
        });
    }
    for (key, pk) in entries(t, "compositePrimaryKeys", at)? {
        let pat = format!("{at}.compositePrimaryKeys.{key}");
        let pname = pg_name(string(pk, "name", &pat)?);
        table.primary_key = Some(PrimaryKey {
            deferrable: false,
            initially_deferred: false,
            id: Id::for_primary_key(&ns, &name),
            name: Some(pname.to_string()),
            columns: strings(pk, "columns", &pat)?
                .iter()
                .map(|c| col_id(c))
                .collect(),
        });
    }
    for (key, u) in entries(t, "uniqueConstraints", at)? {
        let uat = format!("{at}.uniqueConstraints.{key}");
        let uname = pg_name(u.get("name").and_then(J::as_str).unwrap_or(key));
        table.uniques.push(Unique {
            deferrable: false,
            initially_deferred: false,
            id: Id::for_constraint("unique", &ns, &name, &uname),
            name: Some(uname.to_string()),
            columns: strings(u, "columns", &uat)?
                .iter()
                .map(|c| col_id(c))
                .collect(),
            nulls_not_distinct: flag(u, "nullsNotDistinct"),
        });
    }
    for (key, ck) in entries(t, "checkConstraints", at)? {
        let cat = format!("{at}.checkConstraints.{key}");
        let cname = pg_name(string(ck, "name", &cat)?);
        table.checks.push(Check {
            no_inherit: false,
            not_valid: false,
            id: Id::for_constraint("check", &ns, &name, &cname),
            name: cname.to_string(),
            expression: string(ck, "value", &cat)?.to_string(),
        });
    }
    for (key, fk) in entries(t, "foreignKeys", at)? {
        let fat = format!("{at}.foreignKeys.{key}");
        let fname = pg_name(string(fk, "name", &fat)?);
        let to = string(fk, "tableTo", &fat)?;
        let to_ns = fk
            .get("schemaTo")
            .and_then(J::as_str)
            .filter(|s| !s.is_empty())
            .unwrap_or(DEFAULT_SCHEMA);
        table.foreign_keys.push(ForeignKey {
            match_full: false,
            not_valid: false,
            id: Id::for_constraint("foreign_key", &ns, &name, &fname),
            name: Some(fname.to_string()),
            columns: strings(fk, "columnsFrom", &fat)?
                .iter()
                .map(|c| col_id(c))
                .collect(),
            ref_table: Id::for_table(to_ns, to),
            ref_columns: strings(fk, "columnsTo", &fat)?
                .iter()
                .map(|c| Id::for_column(to_ns, to, c))
                .collect(),
            on_delete: action(fk, "onDelete", &fat)?,
            on_update: action(fk, "onUpdate", &fat)?,
            deferrable: false,
            initially_deferred: false,
        });
    }
    for (key, ix) in entries(t, "indexes", at)? {
        let iat = format!("{at}.indexes.{key}");
        let iname = pg_name(string(ix, "name", &iat)?);
        let cols = field(ix, "columns", &iat)?
            .items()
            .ok_or_else(|| DrizzleError::Snapshot {
                at: iat.clone(),
                message: "field `columns` is not an array".into(),
            })?;
        let mut parts = Vec::new();
        for c in cols {
            let expr = string(c, "expression", &iat)?;
            if flag(c, "isExpression") {
                parts.push(expression_part(expr));
            } else {
                let asc = c.get("asc").and_then(J::as_bool).unwrap_or(true);
                let nulls = match (asc, c.get("nulls").and_then(J::as_str)) {
                    (true, Some("first")) => Some(NullsOrder::First),
                    (false, Some("last")) => Some(NullsOrder::Last),
                    _ => None,
                };
                parts.push(IndexPart {
                    collation: None,
                    key: IndexKey::Column(col_id(expr)),
                    descending: !asc,
                    nulls,
                    opclass: c
                        .get("opclass")
                        .and_then(J::as_str)
                        .filter(|s| !s.is_empty())
                        .map(str::to_string),
                });
            }
        }
        let method = method(
            ix.get("method").and_then(J::as_str).unwrap_or("btree"),
            &iat,
        )?;
        // `drizzle-kit pull` joins each index column with *any* of the index's operator
        // classes, so a default class may show up on another column of the same index.
        let defaults: Vec<String> = parts
            .iter()
            .filter_map(|p| match &p.key {
                IndexKey::Column(id) => table.column(id),
                IndexKey::Expression(_) => None,
            })
            .filter_map(|c| default_opclass(&method, &c.ty))
            .collect();
        for part in &mut parts {
            if matches!(part.key, IndexKey::Column(_))
                && part
                    .opclass
                    .as_ref()
                    .is_some_and(|op| defaults.contains(op))
            {
                part.opclass = None;
            }
        }
        if flag(ix, "concurrently") || non_empty(ix, "with") {
            warnings.push(format!(
                "{iat}: CONCURRENTLY and storage parameters (`with`) are not modelled; left out"
            ));
        }
        table.indexes.push(Index {
            comment: None,
            storage: Default::default(),
            id: Id::for_index(&ns, &name, &iname),
            name: Some(iname.to_string()),
            unique: flag(ix, "isUnique"),
            method,
            parts,
            include: Vec::new(),
            predicate: ix
                .get("where")
                .and_then(J::as_str)
                .filter(|s| !s.trim().is_empty())
                .map(str::to_string),
            nulls_not_distinct: false,
        });
    }
    Ok(table)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expression_parts_are_taken_apart() {
        let p = expression_part("lower(email) text_pattern_ops DESC NULLS LAST");
        assert_eq!(p.key, IndexKey::Expression("lower(email)".into()));
        assert_eq!(p.opclass.as_deref(), Some("text_pattern_ops"));
        assert!(p.descending);
        assert_eq!(p.nulls, Some(NullsOrder::Last));
        let p = expression_part("lower((email)::text)");
        assert_eq!(p.key, IndexKey::Expression("lower((email)::text)".into()));
        assert_eq!(p.opclass, None);
        let p = expression_part("a + b");
        assert_eq!(p.key, IndexKey::Expression("a + b".into()));
    }

    #[test]
    fn default_operator_classes_are_recognised() {
        let ts = ColumnType::Timestamp {
            precision: None,
            with_time_zone: true,
        };
        assert_eq!(
            default_opclass(&IndexMethod::Btree, &ts).as_deref(),
            Some("timestamptz_ops")
        );
        assert_eq!(
            default_opclass(&IndexMethod::Brin, &ts).as_deref(),
            Some("timestamptz_minmax_ops")
        );
        assert_eq!(
            default_opclass(&IndexMethod::Gin, &ColumnType::Jsonb).as_deref(),
            Some("jsonb_ops")
        );
        assert_eq!(
            default_opclass(&IndexMethod::Gist, &ColumnType::Jsonb),
            None
        );
    }

    #[test]
    fn long_names_are_truncated_like_postgresql() {
        assert_eq!(pg_name(&"x".repeat(70)).len(), 63);
        assert_eq!(pg_name("short"), "short");
    }

    #[test]
    fn rejects_other_versions_and_bad_json() {
        assert!(matches!(
            import_snapshot(r#"{"version":"5","dialect":"pg"}"#),
            Err(DrizzleError::Unsupported { .. })
        ));
        assert!(matches!(
            import_snapshot("{\n  \"version\": "),
            Err(DrizzleError::Json { line: 2, .. })
        ));
    }
}

#[cfg(test)]
mod warning_tests {
    use super::*;

    #[test]
    fn unmodelled_parts_are_reported() {
        let json = r#"{
          "id": "a", "prevId": "b", "version": "7", "dialect": "postgresql",
          "tables": {
            "public.t": {
              "name": "t", "schema": "",
              "columns": {
                "id": { "name": "id", "type": "integer", "primaryKey": true, "notNull": true,
                  "identity": { "type": "always", "name": "t_id_seq", "schema": "public",
                    "increment": "1", "startWith": "100", "minValue": "1",
                    "maxValue": "2147483647", "cache": "1", "cycle": false } }
              },
              "indexes": {
                "t_id_index": { "name": "t_id_index", "columns": [
                  { "expression": "id", "isExpression": false, "asc": true, "nulls": "last" } ],
                  "isUnique": false, "concurrently": true, "method": "btree",
                  "with": { "fillfactor": 70 } }
              },
              "foreignKeys": {}, "compositePrimaryKeys": {}, "uniqueConstraints": {},
              "policies": {}, "checkConstraints": {}, "isRLSEnabled": true
            }
          },
          "enums": {}, "schemas": {},
          "sequences": { "public.s": { "name": "s", "startWith": "10" } }, "roles": {}, "policies": {},
          "views": {},
          "_meta": { "columns": {}, "schemas": {}, "tables": {} }
        }"#;
        let (doc, warnings) = import_snapshot_with_warnings(json).expect("import");
        assert_eq!(doc.schema.tables.len(), 1);
        assert_eq!(doc.schema.tables[0].indexes.len(), 1);
        assert_eq!(warnings.len(), 2, "{warnings:#?}");
        assert_eq!(doc.schema.sequences.len(), 1);
        assert_eq!(doc.schema.sequences[0].options.start, Some(10));
        assert!(doc.schema.tables[0].row_security.enabled);
        assert!(warnings
            .iter()
            .any(|w| w.contains(".identity: sequence options")));
        assert!(warnings.iter().any(|w| w.contains("CONCURRENTLY")));
    }
}
