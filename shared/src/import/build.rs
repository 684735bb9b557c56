//! Pass 2: resolve names to ids, give implicit objects PostgreSQL's names, normalise and lay out.

use std::collections::{HashMap, HashSet};

use super::raw::{show, type_text, QName, RawIndex, RawIndexKey, RawSequence, RawTable, RawView};
use super::split::{split, TokKind};
use super::statements::Importer;
use super::ImportResult;
use crate::model::{
    Check, Column, ColumnType, DefaultValue, Document, Enum, EnumValue, ForeignKey, Id, Index,
    IndexKey, IndexPart, Layout, Namespace, Placement, PrimaryKey, Schema, Table, Unique, View,
    DEFAULT_SCHEMA,
};
use crate::naming::{pg_object_name, quote_ident};
use crate::normalize::{normalize, parse_type_name};

/// Horizontal distance between grid cells, in canvas units.
const CELL_WIDTH: f64 = 360.0;
/// Height of a card's header plus padding, and of one column row.
const CARD_HEADER: f64 = 64.0;
const ROW_HEIGHT: f64 = 26.0;
const ROW_GAP: f64 = 60.0;

/// Names already taken, per schema, in PostgreSQL's two name spaces that matter here: relations
/// (tables, views, sequences, indexes, and so primary keys and unique constraints) and
/// constraints.
#[derive(Default)]
struct Taken {
    relations: HashSet<(String, String)>,
    constraints: HashSet<(String, String)>,
}

impl Taken {
    /// Takes every explicit name first, so implicit ones are chosen around them.
    fn reserve(&mut self, tables: &[RawTable], views: &[RawView], sequences: &[RawSequence]) {
        for t in tables {
            let s = &t.qname.schema;
            self.relations.insert((s.clone(), t.qname.name.clone()));
            let keyed = t.primary_key.iter().chain(t.uniques.iter());
            for n in keyed.filter_map(|k| k.name.clone()) {
                self.relations.insert((s.clone(), n.clone()));
                self.constraints.insert((s.clone(), n));
            }
            for n in t.indexes.iter().filter_map(|i| i.name.clone()) {
                self.relations.insert((s.clone(), n));
            }
            let named = t
                .checks
                .iter()
                .filter_map(|c| c.name.clone())
                .chain(t.foreign_keys.iter().filter_map(|f| f.name.clone()));
            for n in named {
                self.constraints.insert((s.clone(), n));
            }
        }
        for v in views {
            self.relations
                .insert((v.qname.schema.clone(), v.qname.name.clone()));
            for n in v.indexes.iter().filter_map(|i| i.name.clone()) {
                self.relations.insert((v.qname.schema.clone(), n));
            }
        }
        for sq in sequences {
            self.relations
                .insert((sq.qname.schema.clone(), sq.qname.name.clone()));
        }
    }

    /// PostgreSQL's `ChooseRelationName`/`ChooseConstraintName`: `makeObjectName(name1, name2,
    /// label)`, with `label1`, `label2`, ... until the name is free.
    fn choose(
        &mut self,
        constraint: bool,
        schema: &str,
        name1: &str,
        name2: Option<&str>,
        label: &str,
    ) -> String {
        let set = if constraint {
            &mut self.constraints
        } else {
            &mut self.relations
        };
        let mut pass = 0usize;
        loop {
            let l = if pass == 0 {
                label.to_string()
            } else {
                format!("{label}{pass}")
            };
            let name = pg_object_name(name1, name2, &l);
            if set.insert((schema.to_string(), name.clone())) {
                return name;
            }
            pass += 1;
        }
    }
}

/// (name, whether it is called) for every dotted name in `sql`, unqualified names in `public`.
fn named_in(sql: &str) -> Vec<(QName, bool)> {
    let to_qname = |parts: &[String]| match parts {
        [name] => Some(QName {
            schema: DEFAULT_SCHEMA.to_string(),
            name: name.clone(),
        }),
        [.., schema, name] => Some(QName {
            schema: schema.clone(),
            name: name.clone(),
        }),
        [] => None,
    };
    let mut out = Vec::new();
    let (stmts, _) = split(sql);
    for st in &stmts {
        let mut i = 0;
        while i < st.toks.len() {
            let (parts, next) = super::split::name_chain(sql, &st.toks, i);
            if parts.is_empty() {
                i += 1;
                continue;
            }
            let call = st.toks.get(next).map(|t| t.kind) == Some(TokKind::Punct('('));
            if let Some(q) = to_qname(&parts) {
                out.push((q, call));
            }
            i = next;
        }
    }
    out
}

/// Drops the policies that call a function the file creates (functions are not modelled, so
/// the policy could not be created from the model), with a warning at the table; introspection
/// leaves out the same policies.
fn skip_policies_calling_functions(imp: &mut Importer, tables: &mut [RawTable]) {
    for t in tables {
        let mut kept = Vec::new();
        for p in std::mem::take(&mut t.policies) {
            let called = [&p.using, &p.with_check]
                .into_iter()
                .flatten()
                .flat_map(|e| named_in(e))
                .find(|(q, call)| *call && imp.functions.contains(q));
            match called {
                Some((f, _)) => imp.warn(
                    &t.loc,
                    format!(
                        "policy {} on {} skipped: it calls {}, a function the model does not hold",
                        p.name,
                        show(&t.qname),
                        show(&f)
                    ),
                ),
                None => kept.push(p),
            }
        }
        t.policies = kept;
    }
}

/// Views that cannot be created from the model: those calling a function, procedure or
/// aggregate the file creates (not modelled), then those reading such a view. By index, with the
/// warning for each.
fn views_needing_unmodelled_objects(imp: &Importer) -> Vec<(usize, String)> {
    // (name, is a call) for every dotted name in each view's query.
    let names: Vec<Vec<(QName, bool)>> = imp.views.iter().map(|v| named_in(&v.query)).collect();
    let mut skipped: Vec<(usize, String)> = Vec::new();
    for (i, v) in imp.views.iter().enumerate() {
        if let Some((f, _)) = names[i]
            .iter()
            .find(|(q, call)| *call && imp.functions.contains(q))
        {
            skipped.push((
                i,
                format!(
                    "view {} skipped: it calls {}, a function the model does not hold",
                    show(&v.qname),
                    show(f)
                ),
            ));
        }
    }
    // Views over skipped views, until nothing changes.
    loop {
        let before = skipped.len();
        for (i, v) in imp.views.iter().enumerate() {
            if skipped.iter().any(|(j, _)| *j == i) {
                continue;
            }
            let over = names[i].iter().find_map(|(q, call)| {
                (!call)
                    .then(|| skipped.iter().find(|(j, _)| imp.views[*j].qname == *q))
                    .flatten()
            });
            if let Some((j, _)) = over {
                let message = format!(
                    "view {} skipped: it reads view {}, which is skipped",
                    show(&v.qname),
                    show(&imp.views[*j].qname)
                );
                skipped.push((i, message));
            }
        }
        if skipped.len() == before {
            return skipped;
        }
    }
}

/// The sequence named in `nextval('<seq>'::regclass)`, folded as PostgreSQL reads a regclass
/// literal.
fn nextval_sequence(text: &str) -> Option<QName> {
    match crate::sql::lexical::nextval_sequence(text)?.as_slice() {
        [name] => Some(QName {
            schema: DEFAULT_SCHEMA.to_string(),
            name: name.clone(),
        }),
        [.., schema, name] => Some(QName {
            schema: schema.clone(),
            name: name.clone(),
        }),
        _ => None,
    }
}

/// The first word of `expr` that names a column of `table` (PostgreSQL names an unnamed CHECK
/// after the first column it references).
/// The one column `expr` mentions, if it mentions exactly one (by distinct name): PostgreSQL
/// names an unnamed check `<table>_<column>_check` then, and `<table>_check` when it mentions
/// none or several (whether it was written on a column or on the table).
fn only_column_in(expr: &str, table: &RawTable) -> Option<String> {
    let (stmts, _) = split(expr);
    let mut found: Option<String> = None;
    for st in &stmts {
        for t in &st.toks {
            let word = match t.kind {
                TokKind::Word => expr.get(t.start..t.end).map(|w| w.to_ascii_lowercase()),
                TokKind::Quoted => expr
                    .get(t.start + 1..t.end.saturating_sub(1))
                    .map(|w| w.replace("\"\"", "\"")),
                _ => None,
            };
            if let Some(w) = word {
                if table.columns.iter().any(|c| c.name == w) {
                    match &found {
                        Some(f) if *f != w => return None,
                        _ => found = Some(w),
                    }
                }
            }
        }
    }
    found
}

pub(crate) fn build(mut imp: Importer) -> ImportResult {
    let mut schema = Schema::default();
    for (name, comment) in &imp.namespaces {
        schema.namespaces.push(Namespace {
            grants: Default::default(),
            id: Id::for_namespace(name),
            name: name.clone(),
            comment: comment.clone(),
        });
    }
    schema.default_privileges = std::mem::take(&mut imp.default_privileges);
    // Schemas granted on; `public` (and a schema named only by its objects) is listed for it.
    for (name, grants) in std::mem::take(&mut imp.schema_grants) {
        match schema.namespaces.iter_mut().find(|n| n.name == name) {
            Some(n) => n.grants = grants,
            None => schema.namespaces.push(Namespace {
                id: Id::for_namespace(&name),
                name,
                comment: None,
                grants,
            }),
        }
    }
    for e in &imp.enums {
        let (s, n) = (&e.qname.schema, &e.qname.name);
        schema.enums.push(Enum {
            id: Id::for_enum(s, n),
            schema: s.clone(),
            name: n.clone(),
            values: e
                .values
                .iter()
                .map(|v| EnumValue {
                    id: Id::for_enum_value(s, n, v),
                    name: v.clone(),
                })
                .collect(),
            comment: e.comment.clone(),
        });
    }

    schema.domains = super::domains::build_domains(std::mem::take(&mut imp.domains), &schema);
    for c in std::mem::take(&mut imp.composites) {
        let attributes = c
            .attributes
            .into_iter()
            .map(|(name, ty, collation)| crate::model::CompositeAttribute {
                name,
                ty: parse_type_name(&ty, &schema),
                collation,
            })
            .collect();
        schema.composites.push(crate::model::CompositeType {
            id: crate::model::CompositeType::derive_id(&c.qname.schema, &c.qname.name),
            schema: c.qname.schema,
            name: c.qname.name,
            attributes,
            comment: c.comment,
        });
    }
    let mut raw_tables = std::mem::take(&mut imp.tables);
    let partitions = super::partitions::take_partitions(&mut raw_tables);
    skip_policies_calling_functions(&mut imp, &mut raw_tables);
    let by_name: HashMap<&QName, &RawTable> = raw_tables.iter().map(|t| (&t.qname, t)).collect();

    // Explicit names take their place first; implicit ones are chosen around them.
    let mut taken = Taken::default();
    taken.reserve(&raw_tables, &imp.views, &imp.sequences);

    let mut serial_sequences: HashSet<QName> = HashSet::new();
    // A dump spells the same few column types thousands of times; each is rendered and read
    // once. (Reading a type name looks only at the enums, which are all known by now.)
    let mut types: HashMap<&sqlparser::ast::DataType, ColumnType> = HashMap::new();
    let mut tables = Vec::with_capacity(raw_tables.len());
    for rt in &raw_tables {
        let table = build_table(
            &mut imp,
            rt,
            &schema,
            &by_name,
            &mut taken,
            &mut serial_sequences,
            &mut types,
        );
        tables.push(table);
    }
    drop(types);
    schema.tables = tables;

    for (parent, partition, loc) in partitions {
        match schema
            .tables
            .iter_mut()
            .find(|t| t.schema == parent.schema && t.name == parent.name)
        {
            Some(t) if t.partition_by.is_some() => t.partitions.push(partition),
            _ => imp.error(
                &loc,
                format!(
                    "partition {} of {}, which is not a partitioned table",
                    partition.name,
                    show(&parent)
                ),
            ),
        }
    }

    // Standalone sequences (the others became serial columns above).
    for sq in std::mem::take(&mut imp.sequences) {
        if !serial_sequences.contains(&sq.qname) {
            let (seq, warning) = super::sequences::model_sequence(&sq, &by_name);
            if let Some(w) = warning {
                imp.warn(&sq.loc, w);
            }
            schema.sequences.push(seq);
        }
    }

    schema.views = build_views(&mut imp, &mut taken);
    schema.functions = std::mem::take(&mut imp.routines);
    schema.extensions = std::mem::take(&mut imp.extensions);
    for f in &mut schema.functions {
        let identity: Vec<String> = f
            .arguments
            .iter()
            .filter(|a| a.mode.is_input())
            .map(|a| crate::normalize::canonical_arg_type(&a.ty))
            .collect();
        f.id = crate::model::Function::derive_id(&f.schema, &f.name, &identity.join(", "));
    }

    normalize(&mut schema);
    let layout = grid_layout(&schema);
    let mut warnings = imp.warnings;
    let mut errors = imp.errors;
    warnings.sort_by_key(|d| (d.line, d.column));
    errors.sort_by_key(|d| (d.line, d.column));
    ImportResult {
        document: Document {
            format: crate::model::FORMAT.to_string(),
            schema,
            layout,
        },
        warnings,
        errors,
    }
}

/// The views of the file as model views (their indexes keyed by column-name expressions),
/// except those needing objects the model does not keep, which are skipped with a warning.
fn build_views(imp: &mut Importer, taken: &mut Taken) -> Vec<View> {
    let mut out = Vec::new();
    let skipped_views = views_needing_unmodelled_objects(imp);
    for (i, why) in &skipped_views {
        let loc = imp.views[*i].loc.clone();
        imp.warn(&loc, why.clone());
    }
    for (i, v) in imp.views.iter().enumerate() {
        if skipped_views.iter().any(|(j, _)| *j == i) {
            continue;
        }
        let (s, vn) = (v.qname.schema.as_str(), v.qname.name.as_str());
        let indexes = v
            .indexes
            .iter()
            .map(|ix| {
                let name = index_name(ix, taken, s, vn);
                Index {
                    comment: None,
                    storage: Default::default(),
                    id: Id::for_index(s, vn, &name),
                    name: Some(name),
                    unique: ix.unique,
                    method: ix.method.clone(),
                    parts: ix
                        .parts
                        .iter()
                        .map(|p| IndexPart {
                            collation: None,
                            key: IndexKey::Expression(match &p.key {
                                RawIndexKey::Column(c) => quote_ident(c).into_owned(),
                                RawIndexKey::Expression { text, .. } => text.clone(),
                            }),
                            descending: p.descending,
                            nulls: p.nulls,
                            opclass: p.opclass.clone(),
                        })
                        .collect(),
                    include: Vec::new(),
                    predicate: ix.predicate.clone(),
                    nulls_not_distinct: ix.nulls_not_distinct,
                }
            })
            .collect();
        out.push(View {
            id: Id::for_view(s, vn),
            schema: v.qname.schema.clone(),
            name: v.qname.name.clone(),
            columns: v.columns.clone(),
            query: v.query.clone(),
            materialized: v.materialized,
            comment: v.comment.clone(),
            check_option: v.check_option,
            indexes,
        });
    }
    out
}

/// One table of the file as a model table: columns (serials recovered from pg_dump's
/// `nextval` defaults), keys and checks, foreign keys, indexes; implicit names chosen as
/// PostgreSQL would around the explicit ones in `taken`.
fn build_table<'r>(
    imp: &mut Importer,
    rt: &'r RawTable,
    schema: &Schema,
    by_name: &HashMap<&QName, &RawTable>,
    taken: &mut Taken,
    serial_sequences: &mut HashSet<QName>,
    types: &mut HashMap<&'r sqlparser::ast::DataType, ColumnType>,
) -> Table {
    let (s, tn) = (rt.qname.schema.as_str(), rt.qname.name.as_str());
    let col_id = |c: &str| Id::for_column(s, tn, c);
    let mut table = Table {
        grants: rt.grants.clone(),
        partition_by: rt.partition_by.clone(),
        partitions: Vec::new(),
        triggers: Vec::new(),
        policies: rt.policies.clone(),
        row_security: rt.row_security,
        id: Id::for_table(s, tn),
        schema: s.to_string(),
        name: tn.to_string(),
        columns: Vec::with_capacity(rt.columns.len()),
        primary_key: None,
        uniques: Vec::new(),
        checks: Vec::new(),
        foreign_keys: Vec::new(),
        indexes: Vec::new(),
        comment: rt.comment.clone(),
    };
    for c in &rt.columns {
        let mut ty = types
            .entry(&c.data_type)
            .or_insert_with(|| parse_type_name(&type_text(&c.data_type), schema))
            .clone();
        let mut default = c.default.clone().map(DefaultValue::Expression);
        // pg_dump's serial: `nextval('<seq>')` of a sequence OWNED BY this column, with the
        // default options (a serial has no others; any other is a standalone sequence).
        if let Some(seq) = c.default.as_deref().and_then(nextval_sequence) {
            let owned = imp.sequences.iter().any(|sq| {
                sq.qname == seq
                    && sq
                        .owned_by
                        .as_ref()
                        .is_some_and(|(t, col)| t == &rt.qname && col == &c.name)
                    && sq.options.canonical(&ty).is_default()
            });
            let serial = match ty {
                ColumnType::SmallInt => Some(ColumnType::SmallSerial),
                ColumnType::Integer => Some(ColumnType::Serial),
                ColumnType::BigInt => Some(ColumnType::BigSerial),
                _ => None,
            };
            if let (true, Some(serial)) = (owned, serial) {
                ty = serial;
                default = None;
                serial_sequences.insert(seq);
            }
        }
        table.columns.push(Column {
            id: col_id(&c.name),
            name: c.name.clone(),
            ty,
            not_null: c.not_null,
            default,
            identity: c.identity,
            identity_options: c.identity_options.clone(),
            collation: c.collation.clone(),
            generated: c.generated.clone(),
            comment: c.comment.clone(),
        });
    }
    add_keys(imp, rt, taken, &mut table);
    add_foreign_keys(imp, rt, by_name, taken, &mut table);
    add_indexes(imp, rt, taken, &mut table);
    imp.build_triggers(rt, &mut table);
    table
}

/// The primary key, unique constraints and checks of `rt`.
fn add_keys(imp: &mut Importer, rt: &RawTable, taken: &mut Taken, table: &mut Table) {
    let (s, tn) = (rt.qname.schema.as_str(), rt.qname.name.as_str());
    let col_id = |c: &str| Id::for_column(s, tn, c);
    let missing_cols = |cols: &[String]| -> Option<String> {
        cols.iter()
            .find(|c| !rt.columns.iter().any(|x| &x.name == *c))
            .cloned()
    };
    if let Some(pk) = &rt.primary_key {
        match missing_cols(&pk.columns) {
            Some(c) => imp.error(
                &pk.loc,
                format!(
                    "primary key column {c} does not exist in {}",
                    show(&rt.qname)
                ),
            ),
            None => {
                let name = pk
                    .name
                    .clone()
                    .unwrap_or_else(|| taken.choose(false, s, tn, None, "pkey"));
                table.primary_key = Some(PrimaryKey {
                    id: Id::for_primary_key(s, tn),
                    name: Some(name),
                    columns: pk.columns.iter().map(|c| col_id(c)).collect(),
                    deferrable: pk.deferrable,
                    initially_deferred: pk.initially_deferred,
                });
            }
        }
    }
    for u in &rt.uniques {
        if let Some(c) = missing_cols(&u.columns) {
            imp.error(
                &u.loc,
                format!("unique column {c} does not exist in {}", show(&rt.qname)),
            );
            continue;
        }
        let name = u
            .name
            .clone()
            .unwrap_or_else(|| taken.choose(false, s, tn, Some(&u.columns.join("_")), "key"));
        if table
            .uniques
            .iter()
            .any(|x| x.name.as_deref() == Some(&name))
        {
            imp.error(&u.loc, format!("constraint {name} is defined twice"));
            continue;
        }
        table.uniques.push(Unique {
            id: Id::for_constraint("unique", s, tn, &name),
            name: Some(name),
            columns: u.columns.iter().map(|c| col_id(c)).collect(),
            nulls_not_distinct: u.nulls_not_distinct,
            deferrable: u.deferrable,
            initially_deferred: u.initially_deferred,
        });
    }
    for c in &rt.checks {
        let name = c.name.clone().unwrap_or_else(|| {
            let col = only_column_in(&c.expr, rt);
            taken.choose(true, s, tn, col.as_deref(), "check")
        });
        if table.checks.iter().any(|x| x.name == name) {
            imp.error(&rt.loc, format!("constraint {name} is defined twice"));
            continue;
        }
        table.checks.push(Check {
            id: Id::for_constraint("check", s, tn, &name),
            name,
            expression: c.expr.clone(),
            not_valid: c.not_valid,
            no_inherit: c.no_inherit,
        });
    }
}

/// The foreign keys of `rt`; one to a table the file does not define is dropped with a warning.
fn add_foreign_keys(
    imp: &mut Importer,
    rt: &RawTable,
    by_name: &HashMap<&QName, &RawTable>,
    taken: &mut Taken,
    table: &mut Table,
) {
    let (s, tn) = (rt.qname.schema.as_str(), rt.qname.name.as_str());
    let col_id = |c: &str| Id::for_column(s, tn, c);
    let missing_cols = |cols: &[String]| -> Option<String> {
        cols.iter()
            .find(|c| !rt.columns.iter().any(|x| &x.name == *c))
            .cloned()
    };
    for fk in &rt.foreign_keys {
        if let Some(c) = missing_cols(&fk.columns) {
            imp.error(
                &fk.loc,
                format!(
                    "foreign key column {c} does not exist in {}",
                    show(&rt.qname)
                ),
            );
            continue;
        }
        let Some(target) = by_name.get(&fk.ref_table) else {
            imp.warn(
                &fk.loc,
                format!(
                    "foreign key from {} references {}, which is not defined in this file; the foreign key is dropped",
                    show(&rt.qname),
                    show(&fk.ref_table)
                ),
            );
            continue;
        };
        let ref_cols = if fk.ref_columns.is_empty() {
            match &target.primary_key {
                Some(pk) => pk.columns.clone(),
                None => {
                    imp.error(
                        &fk.loc,
                        format!("{} has no primary key to reference", show(&target.qname)),
                    );
                    continue;
                }
            }
        } else {
            fk.ref_columns.clone()
        };
        if let Some(c) = ref_cols
            .iter()
            .find(|c| !target.columns.iter().any(|x| &x.name == *c))
        {
            imp.error(
                &fk.loc,
                format!(
                    "referenced column {c} does not exist in {}",
                    show(&target.qname)
                ),
            );
            continue;
        }
        if ref_cols.len() != fk.columns.len() {
            imp.error(
                &fk.loc,
                "foreign key has a different number of referencing and referenced columns",
            );
            continue;
        }
        let name = fk
            .name
            .clone()
            .unwrap_or_else(|| taken.choose(true, s, tn, Some(&fk.columns.join("_")), "fkey"));
        let (ts, tt) = (&target.qname.schema, &target.qname.name);
        table.foreign_keys.push(ForeignKey {
            id: Id::for_constraint("foreign_key", s, tn, &name),
            name: Some(name),
            columns: fk.columns.iter().map(|c| col_id(c)).collect(),
            ref_table: Id::for_table(ts, tt),
            ref_columns: ref_cols.iter().map(|c| Id::for_column(ts, tt, c)).collect(),
            on_delete: fk.on_delete,
            on_update: fk.on_update,
            deferrable: fk.deferrable,
            initially_deferred: fk.deferrable && fk.initially_deferred,
            match_full: fk.match_full,
            not_valid: fk.not_valid,
        });
    }
}

/// The index's name: its own, or the one PostgreSQL picks from its keys (`<rel>_<keys>_idx`).
fn index_name(ix: &RawIndex, taken: &mut Taken, schema: &str, relation: &str) -> String {
    ix.name.clone().unwrap_or_else(|| {
        let parts: Vec<&str> = ix
            .parts
            .iter()
            .map(|p| match &p.key {
                RawIndexKey::Column(c) => c.as_str(),
                RawIndexKey::Expression { name_part, .. } => name_part.as_str(),
            })
            .collect();
        taken.choose(false, schema, relation, Some(&parts.join("_")), "idx")
    })
}

/// The indexes of `rt`.
fn add_indexes(imp: &mut Importer, rt: &RawTable, taken: &mut Taken, table: &mut Table) {
    let (s, tn) = (rt.qname.schema.as_str(), rt.qname.name.as_str());
    let col_id = |c: &str| Id::for_column(s, tn, c);
    let missing_cols = |cols: &[String]| -> Option<String> {
        cols.iter()
            .find(|c| !rt.columns.iter().any(|x| &x.name == *c))
            .cloned()
    };
    for ix in &rt.indexes {
        let col_parts: Vec<String> = ix
            .parts
            .iter()
            .filter_map(|p| match &p.key {
                RawIndexKey::Column(c) => Some(c.clone()),
                RawIndexKey::Expression { .. } => None,
            })
            .chain(ix.include.iter().cloned())
            .collect();
        if let Some(c) = missing_cols(&col_parts) {
            imp.error(
                &ix.loc,
                format!("index column {c} does not exist in {}", show(&rt.qname)),
            );
            continue;
        }
        let name = index_name(ix, taken, s, tn);
        table.indexes.push(Index {
            id: Id::for_index(s, tn, &name),
            name: Some(name),
            unique: ix.unique,
            method: ix.method.clone(),
            parts: ix
                .parts
                .iter()
                .map(|p| IndexPart {
                    key: match &p.key {
                        RawIndexKey::Column(c) => IndexKey::Column(col_id(c)),
                        RawIndexKey::Expression { text, .. } => IndexKey::Expression(text.clone()),
                    },
                    descending: p.descending,
                    nulls: p.nulls,
                    opclass: p.opclass.clone(),
                    collation: p.collation.clone(),
                })
                .collect(),
            include: ix.include.iter().map(|c| col_id(c)).collect(),
            predicate: ix.predicate.clone(),
            nulls_not_distinct: ix.nulls_not_distinct,
            storage: ix.storage.clone(),
            comment: ix.comment.clone(),
        });
    }
}

/// Tables, then views and enums, in a roughly square grid in file order; each row is as tall as
/// its tallest card. Real auto-layout is the frontend's job.
fn grid_layout(schema: &Schema) -> Layout {
    let cards: Vec<(Id, usize)> = schema
        .tables
        .iter()
        .map(|t| (t.id.clone(), t.columns.len()))
        .chain(
            schema
                .views
                .iter()
                .map(|v| (v.id.clone(), v.columns.len().max(3))),
        )
        .chain(schema.enums.iter().map(|e| (e.id.clone(), e.values.len())))
        .collect();
    let per_row = ((cards.len() as f64).sqrt().ceil() as usize).max(1);
    let mut layout = Layout::default();
    let mut y = 0.0;
    for row in cards.chunks(per_row) {
        let tallest = row.iter().map(|(_, rows)| *rows).max().unwrap_or(0);
        for (i, (id, _)) in row.iter().enumerate() {
            layout.placements.insert(
                id.clone(),
                Placement {
                    x: i as f64 * CELL_WIDTH,
                    y,
                    color: None,
                },
            );
        }
        y += CARD_HEADER + tallest as f64 * ROW_HEIGHT + ROW_GAP;
    }
    layout
}
