//! Turns catalog rows into the schema model (before normalisation).
//!
//! Pure code, no database: ids come only from the `Id::for_*` conventions, constraint and index
//! names are kept as PostgreSQL reports them (normalisation later replaces conventional ones by
//! `None`), defaults are handed over as raw expression text for normalisation to type.

use std::collections::HashMap;

use joinery_shared::model::Id;
use joinery_shared::model::{
    Check, CheckOption, Column, ColumnType, DefaultValue, Enum, EnumValue, ForeignKey, Identity,
    IdentityOptions, Index, IndexKey, IndexMethod, IndexPart, Namespace, NullsOrder, PrimaryKey,
    ReferentialAction, Schema, Table, Unique, View, DEFAULT_SCHEMA,
};

use super::queries::{CatalogRows, ColumnRow, ConstraintRow, IndexRow, SequenceRow};
use joinery_shared::model::{
    Policy, PolicyCommand, RowSecurity, Sequence, SequenceOwner, SequenceType,
};
use joinery_shared::naming::quote_ident;
use joinery_shared::normalize::parse_type_name;

/// The comment PostgreSQL itself puts on the `public` schema; not worth reporting.
const DEFAULT_PUBLIC_COMMENT: &str = "standard public schema";

/// Maps the rows into a schema, collecting warnings about what the model cannot express.
pub fn map_rows(rows: CatalogRows) -> (Schema, Vec<String>) {
    let mut warnings = Vec::new();
    let mut schema = Schema {
        default_privileges: read_default_privileges(&rows.default_privileges),
        ..Schema::default()
    };

    for ns in rows.namespaces {
        let comment = ns.comment.filter(|c| !c.is_empty());
        let mut grants = read_grants(&ns.grants);
        joinery_shared::model::Grant::canonical(&mut grants);
        if grants == Namespace::default_grants(&ns.name) {
            grants.clear();
        }
        if ns.name == DEFAULT_SCHEMA
            && grants.is_empty()
            && comment
                .as_deref()
                .is_none_or(|c| c == DEFAULT_PUBLIC_COMMENT)
        {
            continue;
        }
        let comment =
            comment.filter(|c| !(ns.name == DEFAULT_SCHEMA && c == DEFAULT_PUBLIC_COMMENT));
        schema.namespaces.push(Namespace {
            grants,
            id: Id::for_namespace(&ns.name),
            name: ns.name,
            comment,
        });
    }

    for e in rows.enums {
        let values = e
            .labels
            .iter()
            .map(|label| EnumValue {
                id: Id::for_enum_value(&e.schema, &e.name, label),
                name: label.clone(),
            })
            .collect();
        schema.enums.push(Enum {
            id: Id::for_enum(&e.schema, &e.name),
            schema: e.schema,
            name: e.name,
            values,
            comment: e.comment,
        });
    }

    // Tables first (without columns), so columns, constraints and indexes can find them by oid.
    let mut by_oid: HashMap<i64, usize> = HashMap::new();
    // Partitions are kept on their parent (their columns, keys and indexes are the parent's),
    // so they are not tables here and what is read of them is left out.
    let mut partitions = Vec::new();
    for t in rows.tables {
        if let (true, Some(parent), Some(bound)) = (
            t.is_partition,
            t.partition_parent,
            t.partition_bound.clone(),
        ) {
            partitions.push((parent, t, bound));
            continue;
        }
        let partition_by = t.partition_key.as_deref().and_then(|k| {
            let (strategy, key) = k.split_once(' ')?;
            let key = key.trim();
            Some(joinery_shared::model::Partitioning {
                strategy: joinery_shared::model::PartitionStrategy::parse(strategy)?,
                key: key.strip_prefix('(')?.strip_suffix(')')?.to_string(),
            })
        });
        if let Some(parents) = &t.parents {
            warnings.push(format!(
                "table {}.{} inherits from {parents}: read as a plain table",
                t.schema, t.name
            ));
        }
        by_oid.insert(t.oid, schema.tables.len());
        schema.tables.push(Table {
            grants: read_grants(&t.grants),
            partition_by,
            partitions: Vec::new(),
            triggers: Vec::new(),
            policies: Vec::new(),
            row_security: RowSecurity {
                enabled: t.row_security,
                forced: t.force_row_security,
            },
            id: Id::for_table(&t.schema, &t.name),
            schema: t.schema,
            name: t.name,
            columns: Vec::new(),
            primary_key: None,
            uniques: Vec::new(),
            checks: Vec::new(),
            foreign_keys: Vec::new(),
            indexes: Vec::new(),
            comment: t.comment,
        });
    }

    for (parent, t, bound) in partitions {
        match by_oid.get(&parent) {
            Some(&pi) => schema.tables[pi]
                .partitions
                .push(joinery_shared::model::Partition {
                    id: joinery_shared::model::Partition::derive_id(&t.schema, &t.name),
                    schema: t.schema,
                    name: t.name,
                    bound,
                    comment: t.comment,
                }),
            None => warnings.push(format!(
                "partition {}.{} skipped: its parent is not read (sub-partitions are not modelled)",
                t.schema, t.name
            )),
        }
    }

    for c in rows.columns {
        let Some(&ti) = by_oid.get(&c.table_oid) else {
            continue;
        };
        let column = map_column(&schema, &schema.tables[ti], c);
        schema.tables[ti].columns.push(column);
    }

    for con in rows.constraints {
        let Some(&ti) = by_oid.get(&con.table_oid) else {
            continue;
        };
        map_constraint(&mut schema.tables[ti], con, &mut warnings);
    }

    for pol in rows.policies {
        let Some(&ti) = by_oid.get(&pol.table_oid) else {
            continue;
        };
        let t = &mut schema.tables[ti];
        if let Some(f) = &pol.calls {
            warnings.push(format!(
                "policy {} on {}.{} skipped: it calls {f}, a function the model does not hold",
                pol.name, t.schema, t.name
            ));
            continue;
        }
        let command = match pol.command.as_str() {
            "r" => PolicyCommand::Select,
            "a" => PolicyCommand::Insert,
            "w" => PolicyCommand::Update,
            "d" => PolicyCommand::Delete,
            _ => PolicyCommand::All,
        };
        t.policies.push(Policy {
            id: Id::for_policy(&t.schema, &t.name, &pol.name),
            name: pol.name,
            restrictive: !pol.permissive,
            command,
            roles: pol.roles,
            using: pol.using_expr.map(|e| strip_outer_parens(&e).to_string()),
            with_check: pol.check_expr.map(|e| strip_outer_parens(&e).to_string()),
        });
    }

    // Indexes of materialized views, by (schema, view name), for the views below.
    let mut view_indexes: HashMap<(String, String), Vec<Index>> = HashMap::new();
    for ix in rows.indexes {
        if ix.table_kind == "m" {
            let key = (ix.table_schema.clone(), ix.table_name.clone());
            match map_view_index(ix) {
                Ok(index) => view_indexes.entry(key).or_default().push(index),
                Err(w) => warnings.push(w),
            }
            continue;
        }
        let Some(&ti) = by_oid.get(&ix.table_oid) else {
            continue;
        };
        let table = &schema.tables[ti];
        match map_index(table, ix) {
            Ok(index) => schema.tables[ti].indexes.push(index),
            Err(w) => warnings.push(w),
        }
    }

    // A view calling a function the model does not hold cannot be created from the model, nor
    // can a view reading such a view: both are skipped (the importer does the same).
    let mut skipped: Vec<(String, String)> = Vec::new();
    loop {
        let before = skipped.len();
        for v in &rows.views {
            let me = format!("{}.{}", v.schema, v.name);
            if skipped.iter().any(|(n, _)| *n == me) {
                continue;
            }
            if let Some(f) = v.user_functions.first() {
                let w =
                    format!("view {me} skipped: it calls {f}, a function the model does not hold");
                skipped.push((me, w));
            } else if let Some(u) = v
                .used_views
                .iter()
                .find(|u| skipped.iter().any(|(n, _)| n == *u))
            {
                let w = format!("view {me} skipped: it reads view {u}, which is skipped");
                skipped.push((me, w));
            }
        }
        if skipped.len() == before {
            break;
        }
    }
    for v in rows.views {
        if let Some((_, w)) = skipped
            .iter()
            .find(|(n, _)| *n == format!("{}.{}", v.schema, v.name))
        {
            warnings.push(w.clone());
            continue;
        }
        let Some(query) = v.query else {
            warnings.push(format!(
                "view {}.{} has no readable definition; skipped",
                v.schema, v.name
            ));
            continue;
        };
        let check_option = match v.check_option.as_deref() {
            Some("local") => Some(CheckOption::Local),
            Some("cascaded") => Some(CheckOption::Cascaded),
            _ => None,
        };
        let indexes = view_indexes
            .remove(&(v.schema.clone(), v.name.clone()))
            .unwrap_or_default();
        schema.views.push(View {
            id: Id::for_view(&v.schema, &v.name),
            schema: v.schema,
            name: v.name,
            columns: Vec::new(),
            // Trimmed (and its trailing `;` dropped) by normalisation.
            query,
            materialized: v.materialized,
            comment: v.comment,
            check_option,
            indexes,
        });
    }

    for q in rows.sequences {
        schema.sequences.push(map_sequence(q));
    }

    for e in rows.extensions {
        schema.extensions.push(joinery_shared::model::Extension {
            name: e.name,
            schema: e.schema,
            version: Some(e.version),
        });
    }
    for c in rows.composites {
        let attributes = c
            .attribute_names
            .into_iter()
            .zip(c.attribute_types)
            .zip(c.attribute_collations)
            .map(
                |((name, ty), collation)| joinery_shared::model::CompositeAttribute {
                    name,
                    ty: parse_type_name(&ty, &schema),
                    collation: (!collation.is_empty()).then_some(collation),
                },
            )
            .collect();
        schema
            .composites
            .push(joinery_shared::model::CompositeType {
                id: joinery_shared::model::CompositeType::derive_id(&c.schema, &c.name),
                schema: c.schema,
                name: c.name,
                attributes,
                comment: c.comment,
            });
    }
    for d in rows.domains {
        schema.domains.push(map_domain(&schema, d));
    }
    for f in rows.functions {
        match joinery_shared::import::function_from_definition(&f.definition) {
            Ok(mut routine) => {
                routine.comment = f.comment;
                routine.grants = read_grants(&f.grants);
                schema.functions.push(routine);
            }
            Err(e) => warnings.push(format!(
                "routine skipped ({e}): {}",
                first_line(&f.definition)
            )),
        }
    }
    for tr in rows.triggers {
        let Some(&ti) = by_oid.get(&tr.table_oid) else {
            continue;
        };
        let t = &mut schema.tables[ti];
        match joinery_shared::import::trigger_from_definition(&tr.definition, t) {
            Ok(mut trigger) => {
                trigger.comment = tr.comment;
                t.triggers.push(trigger);
            }
            Err(e) => warnings.push(format!(
                "trigger {} on {}.{} skipped: {e}",
                tr.name, t.schema, t.name
            )),
        }
    }

    for u in rows.unmodelled {
        let more = if u.count > u.examples.len() as i64 {
            ", ..."
        } else {
            ""
        };
        warnings.push(format!(
            "{} {}{} not modelled, not read: {}{more}",
            u.count,
            u.kind,
            if u.count == 1 { " is" } else { "s are" },
            u.examples.join(", ")
        ));
    }

    (schema, warnings)
}

/// A sequence row; options are made canonical (defaults dropped) by normalisation.
fn map_sequence(q: SequenceRow) -> Sequence {
    let owned_by = match (&q.owner_schema, &q.owner_table, &q.owner_column) {
        (Some(s), Some(t), Some(c)) => Some(SequenceOwner {
            table: Id::for_table(s, t),
            column: Id::for_column(s, t, c),
        }),
        _ => None,
    };
    Sequence {
        data_type: SequenceType::parse(&q.data_type).unwrap_or_default(),
        options: IdentityOptions {
            start: Some(q.start),
            increment: Some(q.increment),
            min_value: Some(q.min_value),
            max_value: Some(q.max_value),
            cache: Some(q.cache),
            cycle: q.cycle,
        },
        owned_by,
        comment: q.comment,
        grants: read_grants(&q.grants),
        ..Sequence::new(&q.schema, &q.name)
    }
}

fn map_column(schema: &Schema, table: &Table, c: ColumnRow) -> Column {
    let ty = column_type(schema, &c);
    let identity = match c.identity.as_str() {
        "a" => Some(Identity::Always),
        "d" => Some(Identity::ByDefault),
        _ => None,
    };
    let (default, generated) = match (c.generated.as_str(), c.default_sql) {
        ("s", Some(expr)) => (None, Some(strip_outer_parens(&expr).to_string())),
        (_, Some(expr)) => (
            Some(DefaultValue::Expression(expr.trim().to_string())),
            None,
        ),
        (_, None) => (None, None),
    };
    Column {
        id: Id::for_column(&table.schema, &table.name, &c.name),
        name: c.name,
        ty,
        not_null: c.not_null,
        default,
        identity,
        // Made canonical (defaults dropped) by normalisation, as imported options are.
        identity_options: IdentityOptions {
            start: c.seq_start,
            increment: c.seq_increment,
            min_value: c.seq_min,
            max_value: c.seq_max,
            cache: c.seq_cache,
            cycle: c.seq_cycle.unwrap_or(false),
        },
        collation: c.collation,
        generated,
        comment: c.comment,
    }
}

/// Enums (and arrays of enums) are recognised by their catalog type, not by parsing names, so an
/// enum in any schema, quoted or not, becomes `ColumnType::Enum` with its derived id.
fn column_type(schema: &Schema, c: &ColumnRow) -> ColumnType {
    if c.typtype == "e" {
        return ColumnType::Enum {
            id: Id::for_enum(&c.type_schema, &c.type_name),
        };
    }
    if let (Some("e"), Some(es), Some(en)) = (
        c.elem_typtype.as_deref(),
        c.elem_schema.as_deref(),
        c.elem_name.as_deref(),
    ) {
        return ColumnType::Array {
            element: Box::new(ColumnType::Enum {
                id: Id::for_enum(es, en),
            }),
        };
    }
    parse_type_name(&c.type_sql, schema)
}

fn column_ids(table: &Table, names: &[String]) -> Vec<Id> {
    names
        .iter()
        .map(|n| Id::for_column(&table.schema, &table.name, n))
        .collect()
}

fn referential_action(code: &str) -> ReferentialAction {
    match code {
        "r" => ReferentialAction::Restrict,
        "c" => ReferentialAction::Cascade,
        "n" => ReferentialAction::SetNull,
        "d" => ReferentialAction::SetDefault,
        _ => ReferentialAction::NoAction,
    }
}

fn map_constraint(table: &mut Table, con: ConstraintRow, warnings: &mut Vec<String>) {
    let (schema, tname) = (table.schema.clone(), table.name.clone());
    match con.kind.as_str() {
        "p" => {
            table.primary_key = Some(PrimaryKey {
                deferrable: con.deferrable,
                initially_deferred: con.deferrable && con.deferred,
                id: Id::for_primary_key(&schema, &tname),
                name: Some(con.name),
                columns: column_ids(table, &con.columns),
            });
        }
        "u" => {
            let nulls_not_distinct = con.definition.contains("NULLS NOT DISTINCT");
            let columns = column_ids(table, &con.columns);
            table.uniques.push(Unique {
                deferrable: con.deferrable,
                initially_deferred: con.deferrable && con.deferred,
                id: Id::for_constraint("unique", &schema, &tname, &con.name),
                name: Some(con.name),
                columns,
                nulls_not_distinct,
            });
        }
        "c" => {
            let expr = con.check_expr.as_deref().unwrap_or("");
            table.checks.push(Check {
                no_inherit: con.no_inherit,
                not_valid: !con.validated,
                id: Id::for_constraint("check", &schema, &tname, &con.name),
                name: con.name,
                expression: strip_outer_parens(expr).to_string(),
            });
        }
        "f" => {
            let (Some(rs), Some(rt)) = (con.ref_schema.as_deref(), con.ref_table.as_deref()) else {
                warnings.push(format!(
                    "foreign key {} on {schema}.{tname} references an unknown table; skipped",
                    con.name
                ));
                return;
            };
            if con.definition.contains("SET NULL (") || con.definition.contains("SET DEFAULT (") {
                warnings.push(format!(
                    "foreign key {} on {schema}.{tname} limits ON DELETE SET NULL/DEFAULT to \
                     some columns, which is not modelled",
                    con.name
                ));
            }
            let ref_columns = con
                .ref_columns
                .iter()
                .map(|c| Id::for_column(rs, rt, c))
                .collect();
            let columns = column_ids(table, &con.columns);
            table.foreign_keys.push(ForeignKey {
                match_full: con.match_type == "f",
                not_valid: !con.validated,
                id: Id::for_constraint("foreign_key", &schema, &tname, &con.name),
                name: Some(con.name),
                columns,
                ref_table: Id::for_table(rs, rt),
                ref_columns,
                on_delete: referential_action(&con.on_delete),
                on_update: referential_action(&con.on_update),
                deferrable: con.deferrable,
                initially_deferred: con.deferrable && con.deferred,
            });
        }
        // NOT NULL constraints (PostgreSQL 18) are already `attnotnull`.
        "n" => {}
        "x" => warnings.push(format!(
            "exclusion constraint {} on {schema}.{tname} is not modelled; skipped ({})",
            con.name, con.definition
        )),
        "t" => warnings.push(format!(
            "constraint trigger {} on {schema}.{tname} is not modelled; skipped",
            con.name
        )),
        other => warnings.push(format!(
            "constraint {} on {schema}.{tname} of kind {other:?} is not modelled; skipped",
            con.name
        )),
    }
}

fn index_method(am: &str) -> Option<IndexMethod> {
    Some(match am {
        "btree" => IndexMethod::Btree,
        "hash" => IndexMethod::Hash,
        "gin" => IndexMethod::Gin,
        "gist" => IndexMethod::Gist,
        "brin" => IndexMethod::Brin,
        "spgist" => IndexMethod::Spgist,
        _ => return None,
    })
}

fn map_index(table: &Table, ix: IndexRow) -> Result<Index, String> {
    let Some(method) = index_method(&ix.method) else {
        return Err(format!(
            "index {} on {}.{} uses access method {}, which is not modelled; skipped",
            ix.name, table.schema, table.name, ix.method
        ));
    };
    let key_count = usize::try_from(ix.key_count).unwrap_or(0);
    let mut parts = Vec::new();
    let mut include = Vec::new();
    for (pos, &attnum) in ix.attnums.iter().enumerate() {
        let column = ix.column_names.get(pos).cloned().flatten();
        let key = match (attnum, column) {
            (n, Some(name)) if n > 0 => {
                IndexKey::Column(Id::for_column(&table.schema, &table.name, &name))
            }
            _ => {
                let Some(Some(def)) = ix.column_defs.get(pos) else {
                    return Err(format!(
                        "index {} on {}.{} has an unreadable expression; skipped",
                        ix.name, table.schema, table.name
                    ));
                };
                IndexKey::Expression(strip_outer_parens(def).to_string())
            }
        };
        if pos >= key_count {
            match key {
                IndexKey::Column(id) => include.push(id),
                IndexKey::Expression(_) => {
                    return Err(format!(
                        "index {} on {}.{} includes an expression; skipped",
                        ix.name, table.schema, table.name
                    ))
                }
            }
            continue;
        }
        let option = ix.options.get(pos).copied().unwrap_or(0);
        // Only btree orders its keys; the bits mean DESC (1) and NULLS FIRST (2).
        let descending = option & 1 != 0;
        let nulls_first = option & 2 != 0;
        let nulls = match (descending, nulls_first) {
            (true, false) => Some(NullsOrder::Last),
            (false, true) => Some(NullsOrder::First),
            _ => None,
        };
        parts.push(IndexPart {
            collation: ix.collations.get(pos).cloned().flatten(),
            key,
            descending,
            nulls,
            opclass: ix.opclasses.get(pos).cloned().flatten(),
        });
    }
    Ok(Index {
        comment: ix.comment.filter(|c| !c.is_empty()),
        storage: storage_parameters(&ix.reloptions),
        id: Id::for_index(&table.schema, &table.name, &ix.name),
        name: Some(ix.name),
        unique: ix.is_unique,
        method,
        parts,
        include,
        predicate: ix.predicate.map(|p| strip_outer_parens(&p).to_string()),
        nulls_not_distinct: ix.is_unique && ix.definition.contains(" NULLS NOT DISTINCT"),
    })
}

/// `reloptions` (`{fillfactor=70,deduplicate_items=off}`) as a map.
fn storage_parameters(reloptions: &[String]) -> std::collections::BTreeMap<String, String> {
    reloptions
        .iter()
        .filter_map(|o| o.split_once('='))
        .map(|(k, v)| (k.to_ascii_lowercase(), v.to_string()))
        .collect()
}

/// An index of a materialized view: a view has no column ids, so a column key is the column's
/// (quoted) name as an expression.
fn map_view_index(ix: IndexRow) -> Result<Index, String> {
    let (schema, view) = (ix.table_schema.clone(), ix.table_name.clone());
    let Some(method) = index_method(&ix.method) else {
        return Err(format!(
            "index {} on materialized view {schema}.{view} uses access method {}, which is not \
             modelled; skipped",
            ix.name, ix.method
        ));
    };
    let key_count = usize::try_from(ix.key_count).unwrap_or(0);
    if ix.attnums.len() > key_count {
        return Err(format!(
            "index {} on materialized view {schema}.{view} has INCLUDE columns, which are not \
             modelled on views; skipped",
            ix.name
        ));
    }
    let mut parts = Vec::new();
    for (pos, &attnum) in ix.attnums.iter().enumerate() {
        let column = ix.column_names.get(pos).cloned().flatten();
        let key = match (attnum, column) {
            (n, Some(name)) if n > 0 => quote_ident(&name).into_owned(),
            _ => match ix.column_defs.get(pos) {
                Some(Some(def)) => strip_outer_parens(def).to_string(),
                _ => {
                    return Err(format!(
                        "index {} on materialized view {schema}.{view} has an unreadable \
                         expression; skipped",
                        ix.name
                    ))
                }
            },
        };
        let option = ix.options.get(pos).copied().unwrap_or(0);
        let descending = option & 1 != 0;
        let nulls_first = option & 2 != 0;
        let nulls = match (descending, nulls_first) {
            (true, false) => Some(NullsOrder::Last),
            (false, true) => Some(NullsOrder::First),
            _ => None,
        };
        parts.push(IndexPart {
            key: IndexKey::Expression(key),
            descending,
            nulls,
            opclass: ix.opclasses.get(pos).cloned().flatten(),
            collation: ix.collations.get(pos).cloned().flatten(),
        });
    }
    Ok(Index {
        comment: ix.comment.filter(|c| !c.is_empty()),
        storage: storage_parameters(&ix.reloptions),
        id: Id::for_index(&schema, &view, &ix.name),
        name: Some(ix.name),
        unique: ix.is_unique,
        method,
        parts,
        include: Vec::new(),
        predicate: ix.predicate.map(|p| strip_outer_parens(&p).to_string()),
        nulls_not_distinct: ix.is_unique && ix.definition.contains(" NULLS NOT DISTINCT"),
    })
}

/// Removes one pair of parentheses that encloses the whole expression, as PostgreSQL prints
/// around check constraints, predicates, generation and index expressions (`(price > 0)` becomes
/// `price > 0`, `(a > 1) OR (b < 2)` is left alone). Quotes are respected.
pub fn strip_outer_parens(expr: &str) -> &str {
    let trimmed = expr.trim();
    if !(trimmed.starts_with('(') && trimmed.ends_with(')')) {
        return trimmed;
    }
    let bytes = trimmed.as_bytes();
    let mut depth = 0usize;
    let mut quote: Option<u8> = None;
    for (i, &b) in bytes.iter().enumerate() {
        if let Some(q) = quote {
            if b == q {
                quote = None;
            }
            continue;
        }
        match b {
            b'\'' | b'"' => quote = Some(b),
            b'(' => depth += 1,
            b')' => {
                depth = depth.saturating_sub(1);
                if depth == 0 && i != bytes.len() - 1 {
                    // The first parenthesis closes before the end: not one enclosing pair.
                    return trimmed;
                }
            }
            _ => {}
        }
    }
    if depth == 0 && quote.is_none() {
        trimmed[1..trimmed.len() - 1].trim()
    } else {
        trimmed
    }
}

/// An access list as the queries give it (`role<US>privilege<US>grantable`).
/// `pg_default_acl` rows as the model's entries.
fn read_default_privileges(
    rows: &[super::queries::DefaultPrivilegeRow],
) -> Vec<joinery_shared::model::DefaultPrivilege> {
    use joinery_shared::model::{DefaultObjects, DefaultPrivilege};
    let mut out = Vec::new();
    for row in rows {
        let on = match row.objtype.as_str() {
            "r" => DefaultObjects::Tables,
            "S" => DefaultObjects::Sequences,
            "f" => DefaultObjects::Functions,
            "T" => DefaultObjects::Types,
            "n" => DefaultObjects::Schemas,
            _ => continue,
        };
        for e in &row.entries {
            let (revoked, entry) = match e.split_at_checked(1) {
                Some(("-", rest)) => (true, rest),
                Some(("+", rest)) => (false, rest),
                _ => continue,
            };
            for grant in read_grants(&[entry.to_string()]) {
                out.push(DefaultPrivilege {
                    for_role: row.for_role.clone(),
                    schema: row.schema.clone(),
                    on,
                    grant,
                    revoked,
                });
            }
        }
    }
    DefaultPrivilege::canonical(&mut out);
    out
}

fn read_grants(entries: &[String]) -> Vec<joinery_shared::model::Grant> {
    let mut out: Vec<joinery_shared::model::Grant> = entries
        .iter()
        .filter_map(|e| {
            let mut parts = e.split('\u{1f}');
            let role = parts.next()?.to_string();
            let privilege = joinery_shared::model::Privilege::parse(parts.next()?)?;
            let grantable = parts.next()? == "true";
            Some(joinery_shared::model::Grant {
                role,
                privilege,
                grantable,
            })
        })
        .collect();
    joinery_shared::model::Grant::canonical(&mut out);
    out
}

/// The first line of a definition, for a warning.
fn first_line(text: &str) -> &str {
    text.trim_start().lines().next().unwrap_or("")
}

/// A domain row; its checks' `CHECK (…)` and `NOT VALID` read off `pg_get_constraintdef`.
fn map_domain(schema: &Schema, d: super::queries::DomainRow) -> joinery_shared::model::Domain {
    use joinery_shared::model::{Domain, DomainCheck};
    let checks = d
        .check_names
        .into_iter()
        .zip(d.check_defs)
        .map(|(name, def)| {
            let def = def.trim();
            let (def, not_valid) = match def.strip_suffix(" NOT VALID") {
                Some(x) => (x, true),
                None => (def, false),
            };
            let expr = def.strip_prefix("CHECK ").unwrap_or(def);
            DomainCheck {
                id: Domain::derive_check_id(&d.schema, &d.name, &name),
                name,
                expression: strip_outer_parens(expr).to_string(),
                not_valid,
            }
        })
        .collect();
    Domain {
        id: Domain::derive_id(&d.schema, &d.name),
        base: parse_type_name(&d.base, schema),
        schema: d.schema,
        name: d.name,
        not_null: d.not_null,
        default: d.default_sql,
        collation: d.collation,
        checks,
        comment: d.comment,
    }
}

#[cfg(test)]
mod tests {
    use super::strip_outer_parens;

    #[test]
    fn strips_only_one_enclosing_pair() {
        assert_eq!(
            strip_outer_parens("(price > (0)::numeric)"),
            "price > (0)::numeric"
        );
        assert_eq!(strip_outer_parens("((a + b))"), "(a + b)");
        assert_eq!(
            strip_outer_parens("(a > 1) OR (b < 2)"),
            "(a > 1) OR (b < 2)"
        );
        assert_eq!(strip_outer_parens("lower(email)"), "lower(email)");
        assert_eq!(strip_outer_parens("(x = ')(')"), "x = ')('");
        assert_eq!(strip_outer_parens("(\"a)\" > 1)"), "\"a)\" > 1");
        assert_eq!(strip_outer_parens("  "), "");
        assert_eq!(strip_outer_parens("(unbalanced"), "(unbalanced");
    }
}
