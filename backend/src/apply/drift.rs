//! Drift: how a live database differs from the design it should match.
//!
//! The database is introspected, its objects are given the design's ids wherever they match by
//! name ([`adopt_ids`], so a table read back from PostgreSQL is the same table as in the design,
//! not a drop and a create), and the two schemas are compared in both directions:
//!
//! - `to_database`: the SQL that makes the database match the design;
//! - `to_design`: the SQL from the design to what the database has, plus the database as a
//!   [`Document`] (with the design's layout) that the UI can load as a new draft.

use std::collections::HashMap;

use joinery_shared::model::{ColumnType, Document, Id, Schema};
use joinery_shared::naming::{effective_fk_name, effective_index_name, effective_unique_name};
use joinery_shared::normalize::normalize;

use sqlx::postgres::PgConnection;
use sqlx::Connection;

use super::planning::{plan_migration, PlanningError};

pub use joinery_shared::wire::Drift;

/// Compares a design with a database's introspected document.
pub fn compare(
    design: &Document,
    database: &Document,
    online: bool,
) -> Result<Drift, PlanningError> {
    let mut expected = design.schema.clone();
    normalize(&mut expected);
    let mut actual = database.schema.clone();
    adopt_ids(&expected, &mut actual);
    let to_database = plan_migration(Some(&actual), &expected, online)?;
    let to_design = plan_migration(Some(&expected), &actual, online)?;
    Ok(Drift {
        expected_version: None,
        in_sync: to_database.is_empty() && to_design.is_empty(),
        to_database,
        to_design,
        database_document: Document {
            format: design.format.clone(),
            schema: actual,
            layout: design.layout.clone(),
        },
    })
}

/// Asks PostgreSQL how it would print each design view the database also has, so a view differs
/// only when its definition does, not its spelling.
///
/// PostgreSQL keeps a view as a parse tree and prints it back its own way (columns qualified,
/// re-indented, casts added), so the text read from the database never equals the text written in
/// the design. For every view present on both sides with different text, the design's query is
/// created as a temporary view inside a transaction that is rolled back, with the same
/// `search_path` introspection uses; when `pg_get_viewdef` prints it exactly as the database's
/// view, the database's view takes the design's text. A query PostgreSQL rejects (say, it reads a
/// column the database lacks) stays a difference.
///
/// It also reconciles default privileges (see [`reconcile_default_privileges`]) and partition
/// bounds (see [`reconcile_partition_bounds`]).
pub async fn reconcile_views(conn: &mut PgConnection, design: &Schema, actual: &mut Schema) {
    reconcile_default_privileges(conn, design, actual).await;
    reconcile_partition_bounds(conn, design, actual).await;
    for view in &mut actual.views {
        let Some(wanted) = design
            .views
            .iter()
            .find(|d| d.schema == view.schema && d.name == view.name)
        else {
            continue;
        };
        if wanted.query == view.query && wanted.columns == view.columns {
            continue;
        }
        if let Some(printed) = printed_view(conn, wanted).await {
            if printed == view.query {
                view.query = wanted.query.clone();
                view.columns = wanted.columns.clone();
            }
        }
    }
}

/// Reconciles what the connected role (`me`, the one migrations run as, which owns what they
/// create) means in the design with what introspection reads (see [`reconcile_roles`]).
pub async fn reconcile_default_privileges(
    conn: &mut PgConnection,
    design: &Schema,
    actual: &mut Schema,
) {
    let Ok(me) = sqlx::query_scalar::<_, String>("SELECT current_user::text")
        .fetch_one(&mut *conn)
        .await
    else {
        return;
    };
    reconcile_roles(&me, design, actual);
}

/// What the design leaves open, or says of role `me` in a way introspection cannot read back, put
/// into `actual`:
/// - an extension's installed version counts only where the design pins one;
/// - `ALTER DEFAULT PRIVILEGES FOR ROLE me` is read as an entry without `FOR ROLE`;
/// - a grant to `me` on an object it owns is a no-op PostgreSQL keeps out of the access list
///   introspection reads (an owner's own entries are left out), so the database is taken to
///   have the design's grants to `me` on the objects both have.
pub fn reconcile_roles(me: &str, design: &Schema, actual: &mut Schema) {
    use joinery_shared::model::{DefaultPrivilege, Grant};
    for d in &mut actual.default_privileges {
        if d.for_role.is_some() || design.default_privileges.contains(d) {
            continue;
        }
        let named = DefaultPrivilege {
            for_role: Some(me.to_string()),
            ..d.clone()
        };
        if design.default_privileges.contains(&named) {
            *d = named;
        }
    }
    DefaultPrivilege::canonical(&mut actual.default_privileges);
    // The installed version counts only where the design pins one.
    for e in &mut actual.extensions {
        let pinned = design
            .extensions
            .iter()
            .any(|w| w.name == e.name && w.version.is_some());
        if !pinned {
            e.version = None;
        }
    }
    let mine = |grants: &[Grant]| -> Vec<Grant> {
        grants.iter().filter(|g| g.role == me).cloned().collect()
    };
    let merge = |into: &mut Vec<Grant>, from: Vec<Grant>| {
        if !from.is_empty() {
            into.extend(from);
            Grant::canonical(into);
        }
    };
    for t in &mut actual.tables {
        if let Some(w) = design
            .tables
            .iter()
            .find(|w| w.schema == t.schema && w.name == t.name)
        {
            merge(&mut t.grants, mine(&w.grants));
        }
    }
    for q in &mut actual.sequences {
        if let Some(w) = design
            .sequences
            .iter()
            .find(|w| w.schema == q.schema && w.name == q.name)
        {
            merge(&mut q.grants, mine(&w.grants));
        }
    }
    for f in &mut actual.functions {
        if let Some(w) = design.functions.iter().find(|w| {
            w.schema == f.schema
                && w.name == f.name
                && w.identity_arguments() == f.identity_arguments()
        }) {
            merge(&mut f.grants, mine(&w.grants));
        }
    }
    for w in &design.namespaces {
        let from = mine(&w.grants);
        if from.is_empty() {
            continue;
        }
        match actual.namespaces.iter_mut().find(|n| n.name == w.name) {
            Some(n) => {
                if n.grants.is_empty() {
                    n.grants = joinery_shared::model::Namespace::default_grants(&n.name);
                }
                merge(&mut n.grants, from);
            }
            None => {
                let mut grants = joinery_shared::model::Namespace::default_grants(&w.name);
                merge(&mut grants, from);
                actual.namespaces.push(joinery_shared::model::Namespace {
                    grants,
                    ..w.clone()
                });
            }
        }
    }
}

/// A partition bound is printed by PostgreSQL with its literals in the key's type
/// (`'2026-01-01 00:00:00+00'` for a `timestamptz` key written `'2026-01-01'`): for each
/// partition whose bound text differs from the design's, the design's bound is tried on a
/// temporary copy of the parent, in a transaction that is rolled back, and when PostgreSQL prints
/// it as the database's bound, the database's partition takes the design's text. Only bounds of
/// literals are tried (see `is_literal_bound`): a function call in a bound would run.
pub async fn reconcile_partition_bounds(
    conn: &mut PgConnection,
    design: &Schema,
    actual: &mut Schema,
) {
    for t in &mut actual.tables {
        let Some(w) = design
            .tables
            .iter()
            .find(|w| w.schema == t.schema && w.name == t.name)
        else {
            continue;
        };
        let (Some(by), true) = (&w.partition_by, w.partition_by == t.partition_by) else {
            continue;
        };
        let parent = joinery_shared::ddl::table_name_sql(t);
        for part in &mut t.partitions {
            let Some(q) = w
                .partitions
                .iter()
                .find(|q| q.schema == part.schema && q.name == part.name)
            else {
                continue;
            };
            // Only literals are tried: PostgreSQL evaluates a bound's expressions, and drift runs
            // nothing the design says beyond printing it.
            if q.bound_key() == part.bound_key() || !joinery_shared::sql::is_literal_bound(&q.bound)
            {
                continue;
            }
            let key = format!("{} ({})", by.strategy.sql(), by.key);
            if printed_bound(conn, &parent, &key, &q.bound)
                .await
                .as_deref()
                == Some(&part.bound)
            {
                part.bound = q.bound.clone();
            }
        }
    }
}

/// How PostgreSQL prints `bound` for a partition of a copy of `parent` partitioned by `key`.
async fn printed_bound(
    conn: &mut PgConnection,
    parent: &str,
    key: &str,
    bound: &str,
) -> Option<String> {
    let mut tx = conn.begin().await.ok()?;
    let printed = async {
        sqlx::query("SET LOCAL search_path = pg_catalog, public")
            .execute(&mut *tx)
            .await
            .ok()?;
        // One prepared command each: the design's text cannot add a statement.
        let probe =
            format!("CREATE TEMP TABLE joinery_bound_probe (LIKE {parent}) PARTITION BY {key}");
        sqlx::query(&probe).execute(&mut *tx).await.ok()?;
        let part = format!(
            "CREATE TEMP TABLE joinery_bound_probe_part PARTITION OF joinery_bound_probe {bound}"
        );
        sqlx::query(&part).execute(&mut *tx).await.ok()?;
        sqlx::query_scalar::<_, String>(
            "SELECT pg_get_expr(c.relpartbound, c.oid) FROM pg_class c \
             WHERE c.oid = 'pg_temp.joinery_bound_probe_part'::regclass",
        )
        .fetch_one(&mut *tx)
        .await
        .ok()
    }
    .await;
    let _ = tx.rollback().await;
    printed
}

async fn printed_view(
    conn: &mut PgConnection,
    view: &joinery_shared::model::View,
) -> Option<String> {
    let columns = if view.columns.is_empty() {
        String::new()
    } else {
        let quoted: Vec<String> = view
            .columns
            .iter()
            .map(|c| joinery_shared::naming::quote_ident(c).into_owned())
            .collect();
        format!(" ({})", quoted.join(", "))
    };
    let query = joinery_shared::ddl::view_query_text(view)
        .trim()
        .trim_end_matches(';');
    let mut tx = conn.begin().await.ok()?;
    let printed = async {
        sqlx::query("SET LOCAL search_path = pg_catalog, public")
            .execute(&mut *tx)
            .await
            .ok()?;
        // A prepared statement holds exactly one command, so the design's text cannot smuggle a
        // `COMMIT` or a second statement in.
        let create = format!("CREATE TEMP VIEW joinery_drift_probe{columns} AS {query}");
        sqlx::query(&create).execute(&mut *tx).await.ok()?;
        sqlx::query_scalar::<_, String>(
            "SELECT pg_get_viewdef('pg_temp.joinery_drift_probe'::regclass)",
        )
        .fetch_one(&mut *tx)
        .await
        .ok()
    }
    .await;
    let _ = tx.rollback().await;
    printed.map(|p| p.trim().trim_end_matches(';').trim_end().to_string())
}

/// Gives objects of `actual` the ids of the objects of `design` with the same (qualified,
/// effective) names, rewriting every reference, so a diff matches them.
pub fn adopt_ids(design: &Schema, actual: &mut Schema) {
    let mut map: HashMap<Id, Id> = HashMap::new();
    let mut link = |from: &Id, to: &Id| {
        if from != to {
            map.insert(from.clone(), to.clone());
        }
    };
    for ns in &actual.namespaces {
        if let Some(d) = design.namespaces.iter().find(|d| d.name == ns.name) {
            link(&ns.id, &d.id);
        }
    }
    for e in &actual.enums {
        let Some(d) = design
            .enums
            .iter()
            .find(|d| d.schema == e.schema && d.name == e.name)
        else {
            continue;
        };
        link(&e.id, &d.id);
        for v in &e.values {
            if let Some(dv) = d.values.iter().find(|dv| dv.name == v.name) {
                link(&v.id, &dv.id);
            }
        }
    }
    for v in &actual.views {
        if let Some(d) = design
            .views
            .iter()
            .find(|d| d.schema == v.schema && d.name == v.name)
        {
            link(&v.id, &d.id);
        }
    }
    for t in &actual.tables {
        let Some(d) = design
            .tables
            .iter()
            .find(|d| d.schema == t.schema && d.name == t.name)
        else {
            continue;
        };
        link(&t.id, &d.id);
        for c in &t.columns {
            if let Some(dc) = d.column_named(&c.name) {
                link(&c.id, &dc.id);
            }
        }
        if let (Some(pk), Some(dpk)) = (&t.primary_key, &d.primary_key) {
            link(&pk.id, &dpk.id);
        }
        for u in &t.uniques {
            let name = effective_unique_name(t, u);
            if let Some(du) = d
                .uniques
                .iter()
                .find(|du| effective_unique_name(d, du) == name)
            {
                link(&u.id, &du.id);
            }
        }
        for c in &t.checks {
            if let Some(dc) = d.checks.iter().find(|dc| dc.name == c.name) {
                link(&c.id, &dc.id);
            }
        }
        for fk in &t.foreign_keys {
            let name = effective_fk_name(actual, t, fk);
            if let Some(dfk) = d
                .foreign_keys
                .iter()
                .find(|dfk| effective_fk_name(design, d, dfk) == name)
            {
                link(&fk.id, &dfk.id);
            }
        }
        for ix in &t.indexes {
            let name = effective_index_name(t, ix);
            if let Some(dix) = d
                .indexes
                .iter()
                .find(|dix| effective_index_name(d, dix) == name)
            {
                link(&ix.id, &dix.id);
            }
        }
    }
    if map.is_empty() {
        return;
    }
    let fix = |id: &mut Id| {
        if let Some(new) = map.get(id) {
            *id = new.clone();
        }
    };
    for ns in &mut actual.namespaces {
        fix(&mut ns.id);
    }
    for e in &mut actual.enums {
        fix(&mut e.id);
        for v in &mut e.values {
            fix(&mut v.id);
        }
    }
    for v in &mut actual.views {
        fix(&mut v.id);
    }
    for t in &mut actual.tables {
        fix(&mut t.id);
        for c in &mut t.columns {
            fix(&mut c.id);
            fix_type(&mut c.ty, &fix);
        }
        if let Some(pk) = &mut t.primary_key {
            fix(&mut pk.id);
            pk.columns.iter_mut().for_each(fix);
        }
        for u in &mut t.uniques {
            fix(&mut u.id);
            u.columns.iter_mut().for_each(fix);
        }
        for c in &mut t.checks {
            fix(&mut c.id);
        }
        for fk in &mut t.foreign_keys {
            fix(&mut fk.id);
            fk.columns.iter_mut().for_each(fix);
            fix(&mut fk.ref_table);
            fk.ref_columns.iter_mut().for_each(fix);
        }
        for ix in &mut t.indexes {
            fix(&mut ix.id);
            for part in &mut ix.parts {
                if let joinery_shared::model::IndexKey::Column(id) = &mut part.key {
                    fix(id);
                }
            }
            ix.include.iter_mut().for_each(fix);
        }
    }
}

fn fix_type(ty: &mut ColumnType, fix: &impl Fn(&mut Id)) {
    match ty {
        ColumnType::Enum { id } => fix(id),
        ColumnType::Array { element } => fix_type(element, fix),
        _ => {}
    }
}
