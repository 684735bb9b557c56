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
//!
//! The rules are implemented by concern in submodules: `names` (rule 1), `tables` (rules 2, 4,
//! 6 and 7 for one table, and serial recovery), `defaults` (rule 3), `numbers` (number
//! spelling), `types` (rule 5), and `expression` (rule 6's identifier spelling); the small SQL
//! text scanners they share are in `sql::lexical`. This module is the entry point: [`normalize`] and
//! [`canonical`].

mod defaults;
mod expression;
mod names;
mod numbers;
mod routines;
mod sequences;
mod tables;
mod types;

pub use defaults::normalize_default;
pub use expression::canonical_expression;
pub use numbers::canonical_number;
pub use routines::{canonical_arg_type, canonical_result, canonical_routine_name};
pub use types::parse_type_name;

use crate::model::{ForeignKey, Id, IndexKey, Schema, Table, DEFAULT_SCHEMA};
use std::collections::HashMap;

use crate::naming::{effective_fk_name_with, effective_index_name, effective_unique_name};

use names::ConventionalNames;
use tables::normalize_table;
use types::normalize_type;

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
    for f in &mut schema.functions {
        routines::normalize_function(f);
        crate::model::Grant::canonical(&mut f.grants);
    }
    for q in &mut schema.sequences {
        crate::model::Grant::canonical(&mut q.grants);
    }
    crate::model::DefaultPrivilege::canonical(&mut schema.default_privileges);
    // A schema's grants, with `public`'s default left implicit.
    for n in &mut schema.namespaces {
        crate::model::Grant::canonical(&mut n.grants);
        if n.grants == crate::model::Namespace::default_grants(&n.name) {
            n.grants.clear();
        }
    }
    for c in &mut schema.composites {
        for a in &mut c.attributes {
            a.ty = normalize_type(&a.ty, &types);
        }
    }
    for d in &mut schema.domains {
        d.base = normalize_type(&d.base, &types);
        if let Some(e) = &mut d.default {
            *e = e.trim().to_string();
        }
        for c in &mut d.checks {
            c.expression = crate::sql::lexical::strip_parens(&c.expression)
                .trim()
                .to_string();
        }
    }
    for t in &mut schema.tables {
        for tr in &mut t.triggers {
            routines::normalize_trigger(tr);
        }
        crate::model::Grant::canonical(&mut t.grants);
    }
}

/// Whether the schemas describe the same database: `canonical(a) == canonical(b)`, without
/// building either when their tables already tell them apart. Canonical forms keep every
/// table's schema, name and id and every column's id and name, and sort tables (stably) by
/// schema and name; so two schemas whose tables, in that order, differ in those differ.
pub fn same_database(a: &Schema, b: &Schema) -> bool {
    outline(a) == outline(b) && canonical(a) == canonical(b)
}

/// One table of an [`outline`]: schema, name, id, and its columns' ids and names.
type TableOutline<'a> = (&'a str, &'a str, &'a Id, Vec<(&'a Id, &'a str)>);

/// The tables' schema, name and id with their columns' ids and names, in canonical order.
fn outline(s: &Schema) -> Vec<TableOutline<'_>> {
    let mut tables: Vec<_> = s
        .tables
        .iter()
        .map(|t| {
            let columns = t.columns.iter().map(|c| (&c.id, c.name.as_str())).collect();
            (t.schema.as_str(), t.name.as_str(), &t.id, columns)
        })
        .collect();
    tables.sort_by(|x, y| (x.0, x.1).cmp(&(y.0, y.1)));
    tables
}

/// A copy of the schema in canonical form with everything whose order has no meaning sorted, so
/// two schemas describing the same database compare equal with `==`.
///
/// On top of [`normalize`]: the `public` namespace entry is dropped (it always exists) unless it
/// holds grants, and
/// namespaces, enums, tables, views and sequences are sorted by (schema, name); uniques, checks, foreign keys
/// and indexes by effective name. Column order, key column order and enum label order are kept,
/// because they mean something in PostgreSQL.
pub fn canonical(schema: &Schema) -> Schema {
    let mut s = schema.clone();
    normalize(&mut s);
    // `public` stays only for grants that differ from its default (its comment aside).
    s.namespaces
        .retain(|n| n.name != DEFAULT_SCHEMA || !n.grants.is_empty());
    for n in &mut s.namespaces {
        if n.name == DEFAULT_SCHEMA {
            n.comment = None;
        }
    }
    s.namespaces.sort_by(|a, b| a.name.cmp(&b.name));
    crate::model::sort_qualified(&mut s.enums);
    crate::model::sort_qualified(&mut s.sequences);
    s.functions.sort_by(|a, b| {
        (&a.schema, &a.name, a.identity_arguments()).cmp(&(
            &b.schema,
            &b.name,
            b.identity_arguments(),
        ))
    });
    for t in &mut s.tables {
        t.triggers.sort_by(|a, b| a.name.cmp(&b.name));
    }
    crate::model::sort_qualified(&mut s.domains);
    s.extensions.sort_by(|a, b| a.name.cmp(&b.name));
    crate::model::sort_qualified(&mut s.composites);
    s.extensions.dedup_by(|a, b| a.name == b.name);
    for d in &mut s.domains {
        d.checks.sort_by(|a, b| a.name.cmp(&b.name));
    }
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
        t.policies.sort_by(|a, b| a.name.cmp(&b.name));
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
