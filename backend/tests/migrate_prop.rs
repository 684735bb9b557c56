//! Property test of the diff engine and planner on real PostgreSQL: a small generated schema and
//! a random mutation of it (by id: renamed tables and columns, added and dropped columns, safe type
//! changes, NOT NULL toggled, indexes, enum labels and foreign keys added and dropped). The
//! migration planned from one to the other, applied to a database built from the first, must give
//! the database built from the second, and planning again must give nothing.
//!
//! Tables are empty, so NOT NULL and casts always succeed; views are left out (the corpus in
//! `tests/cases` covers them), since a mutated name would leave a view's query text stale.

use std::collections::HashSet;

use joinery_backend::introspect::{introspect, IntrospectOptions};
use joinery_backend::testing::TestDb;
use joinery_shared::ddl::render_schema;
use joinery_shared::generate::realistic_schema;
use joinery_shared::import::rederive_ids;
use joinery_shared::model::{
    Column, ColumnType, EnumValue, ForeignKey, Id, Index, IndexKey, IndexPart, Schema, Table,
};
use joinery_shared::normalize::canonical;
use joinery_shared::plan::{migrate, PlanOptions};
use joinery_shared::validate::validate;
use proptest::prelude::*;

/// Ids mentioned anywhere in the schema other than as an object's own id.
fn referenced_ids(s: &Schema) -> HashSet<String> {
    let mut out = HashSet::new();
    for t in &s.tables {
        let mut add = |ids: &[Id]| out.extend(ids.iter().map(|i| i.to_string()));
        if let Some(pk) = &t.primary_key {
            add(&pk.columns);
        }
        for u in &t.uniques {
            add(&u.columns);
        }
        for ix in &t.indexes {
            add(&ix.include);
            for p in &ix.parts {
                if let IndexKey::Column(c) = &p.key {
                    add(std::slice::from_ref(c));
                }
            }
        }
        for fk in &t.foreign_keys {
            add(&fk.columns);
            add(&fk.ref_columns);
        }
    }
    out
}

/// Whether a column's name appears in SQL text of its table (checks, index expressions,
/// predicates, generated columns), where renaming or dropping it would break the text.
fn named_in_text(t: &Table, name: &str) -> bool {
    let mut texts: Vec<&str> = t.checks.iter().map(|c| c.expression.as_str()).collect();
    for ix in &t.indexes {
        texts.extend(ix.predicate.as_deref());
        for p in &ix.parts {
            if let IndexKey::Expression(e) = &p.key {
                texts.push(e);
            }
        }
    }
    texts.extend(t.columns.iter().filter_map(|c| c.generated.as_deref()));
    texts.iter().any(|x| x.contains(name))
}

fn movable(t: &Table, c: &Column, refs: &HashSet<String>) -> bool {
    !refs.contains(c.id.as_str())
        && !named_in_text(t, &c.name)
        && c.identity.is_none()
        && c.generated.is_none()
}

fn mutate(from: &Schema, ops: &[(u8, u16, u16)]) -> Schema {
    let mut s = from.clone();
    for (k, &(op, a, b)) in ops.iter().enumerate() {
        let refs = referenced_ids(&s);
        let n_tables = s.tables.len();
        if n_tables == 0 {
            break;
        }
        let ti = a as usize % n_tables;
        let pk_type = |s: &Schema, t: usize| -> Option<(Id, ColumnType)> {
            let t = &s.tables[t];
            let pk = t.primary_key.as_ref()?;
            if pk.columns.len() != 1 {
                return None;
            }
            let c = t.column(&pk.columns[0])?;
            let ty = match &c.ty {
                ColumnType::Serial => ColumnType::Integer,
                ColumnType::BigSerial => ColumnType::BigInt,
                other => other.clone(),
            };
            Some((c.id.clone(), ty))
        };
        let t = &mut s.tables[ti];
        let ci = b as usize % t.columns.len().max(1);
        match op % 11 {
            0 => t.name = format!("{}_r{k}", t.name),
            1 => {
                if let Some(c) = t.columns.get(ci).cloned() {
                    if movable(t, &c, &refs) {
                        t.columns[ci].name = format!("{}_r{k}", c.name);
                    }
                }
            }
            2 => t.columns.push(Column {
                collation: None,
                id: Id::new(format!("co_prop_{k}")),
                name: format!("extra_{k}"),
                ty: if b % 2 == 0 {
                    ColumnType::Text
                } else {
                    ColumnType::Integer
                },
                not_null: b % 3 == 0,
                default: None,
                identity: None,
                identity_options: Default::default(),
                generated: None,
                comment: None,
            }),
            3 => {
                if let Some(c) = t.columns.get(ci).cloned() {
                    if movable(t, &c, &refs) && t.columns.len() > 1 {
                        t.columns.remove(ci);
                    }
                }
            }
            4 => {
                if let Some(c) = t.columns.get(ci).cloned() {
                    let new = match c.ty {
                        ColumnType::Integer => Some(ColumnType::BigInt),
                        ColumnType::BigInt => Some(ColumnType::Integer),
                        ColumnType::Text => Some(ColumnType::Varchar { length: Some(200) }),
                        ColumnType::Varchar { .. } => Some(ColumnType::Text),
                        ColumnType::Boolean if c.default.is_none() => Some(ColumnType::Text),
                        _ => None,
                    };
                    if let Some(ty) = new {
                        if movable(t, &c, &refs) && c.default.is_none() {
                            t.columns[ci].ty = ty;
                        }
                    }
                }
            }
            5 => {
                let in_pk = t.primary_key.as_ref().is_some_and(|pk| {
                    pk.columns
                        .iter()
                        .any(|x| Some(x) == t.columns.get(ci).map(|c| &c.id))
                });
                if let Some(c) = t.columns.get_mut(ci) {
                    if !in_pk && c.identity.is_none() {
                        c.not_null = !c.not_null;
                    }
                }
            }
            6 => {
                if let Some(c) = t.columns.get(ci) {
                    t.indexes.push(Index {
                        comment: None,
                        storage: Default::default(),
                        id: Id::new(format!("ix_prop_{k}")),
                        name: Some(format!("prop_idx_{k}")),
                        unique: false,
                        method: Default::default(),
                        parts: vec![IndexPart {
                            collation: None,
                            key: IndexKey::Column(c.id.clone()),
                            descending: b % 2 == 1,
                            nulls: None,
                            opclass: None,
                        }],
                        include: vec![],
                        predicate: None,
                        nulls_not_distinct: false,
                    });
                }
            }
            7 => {
                if !t.indexes.is_empty() {
                    let i = b as usize % t.indexes.len();
                    t.indexes.remove(i);
                }
            }
            8 => {
                if !s.enums.is_empty() {
                    let ei = a as usize % s.enums.len();
                    let e = &mut s.enums[ei];
                    let at = b as usize % (e.values.len() + 1);
                    e.values.insert(
                        at,
                        EnumValue {
                            id: Id::new(format!("ev_prop_{k}")),
                            name: format!("v{k}"),
                        },
                    );
                }
            }
            9 => {
                if !s.enums.is_empty() {
                    let ei = a as usize % s.enums.len();
                    let json = serde_json::to_string(&s.tables).unwrap();
                    let e = &mut s.enums[ei];
                    if e.values.len() > 1 {
                        let vi = b as usize % e.values.len();
                        // Labels used in defaults or SQL text stay.
                        if !json.contains(&format!("\"{}\"", e.values[vi].name))
                            && !json.contains(&format!("'{}'", e.values[vi].name))
                        {
                            e.values.remove(vi);
                        }
                    }
                }
            }
            _ => {
                if b % 2 == 0 && !t.foreign_keys.is_empty() {
                    t.foreign_keys.pop();
                } else if let Some((ref_col, ty)) = pk_type(&s, b as usize % n_tables) {
                    let target = s.tables[b as usize % n_tables].id.clone();
                    let t = &mut s.tables[ti];
                    let col = Id::new(format!("co_propfk_{k}"));
                    t.columns.push(Column {
                        collation: None,
                        id: col.clone(),
                        name: format!("ref_{k}"),
                        ty,
                        not_null: false,
                        default: None,
                        identity: None,
                        identity_options: Default::default(),
                        generated: None,
                        comment: None,
                    });
                    t.foreign_keys.push(ForeignKey {
                        match_full: false,
                        not_valid: false,
                        id: Id::new(format!("fk_prop_{k}")),
                        name: None,
                        columns: vec![col],
                        ref_table: target,
                        ref_columns: vec![ref_col],
                        on_delete: Default::default(),
                        on_update: Default::default(),
                        deferrable: false,
                        initially_deferred: false,
                    });
                }
            }
        }
    }
    s
}

async fn exec(pool: &sqlx::PgPool, sql: &str) -> Result<(), String> {
    if sql.trim().is_empty() {
        return Ok(());
    }
    sqlx::raw_sql(sql)
        .execute(pool)
        .await
        .map(|_| ())
        .map_err(|e| format!("{e}\n--- SQL ---\n{sql}"))
}

async fn live(pool: &sqlx::PgPool) -> Schema {
    introspect(pool, &IntrospectOptions::default())
        .await
        .expect("introspect")
        .schema
}

async fn converge(from: &Schema, to: &Schema) -> Result<(), String> {
    let plan = migrate(from, to, &PlanOptions::default());
    let a = TestDb::create().await;
    let b = TestDb::create().await;
    let result = async {
        let pa = a.pool().await;
        let pb = b.pool().await;
        exec(&pa, &render_schema(from)).await?;
        for s in &plan.statements {
            exec(&pa, &s.sql)
                .await
                .map_err(|e| format!("{e}\n--- plan ---\n{}", plan.to_sql()))?;
        }
        exec(&pb, &render_schema(to)).await?;
        let (la, lb) = (live(&pa).await, live(&pb).await);
        let (ca, cb) = (canonical(&rederive_ids(&la)), canonical(&rederive_ids(&lb)));
        if ca != cb {
            return Err(format!(
                "migrated database differs\n--- plan ---\n{}\n--- migrated ---\n{}\n--- expected ---\n{}",
                plan.to_sql(),
                serde_json::to_string_pretty(&ca).unwrap(),
                serde_json::to_string_pretty(&cb).unwrap()
            ));
        }
        let again = migrate(&la, to, &PlanOptions::default());
        if !again.is_empty() {
            return Err(format!(
                "not idempotent\n--- plan ---\n{}\n--- again ---\n{}",
                plan.to_sql(),
                again.to_sql()
            ));
        }
        pa.close().await;
        pb.close().await;
        Ok(())
    }
    .await;
    a.drop_db().await;
    b.drop_db().await;
    result
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 50, max_shrink_iters: 20, ..ProptestConfig::default() })]

    #[test]
    fn mutated_schemas_converge_on_postgres(
        seed in 0u64..10_000,
        ops in prop::collection::vec((any::<u8>(), any::<u16>(), any::<u16>()), 1..6),
    ) {
        let mut from = realistic_schema(seed, 4, 5).schema;
        from.views.clear();
        let to = mutate(&from, &ops);
        prop_assume!(validate(&from).is_empty() && validate(&to).is_empty());
        let result = runtime().block_on(converge(&from, &to));
        prop_assert!(result.is_ok(), "{}", result.unwrap_err());
    }
}
