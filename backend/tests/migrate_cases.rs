//! The migration case corpus (`tests/cases/<name>/`), each case run on real PostgreSQL:
//!
//! 1. database A is created from `from.sql`, and `data.sql` (if any) fills it;
//! 2. the plan `migrate(import(from), import(to))` is applied to A, statement by statement;
//! 3. database B is created from `to.sql`;
//! 4. A and B, introspected, must be equal (canonical form, ids re-derived from names, column
//!    order aside: PostgreSQL can only append columns);
//! 5. diffing introspected A against `to` again must plan nothing (idempotence);
//! 6. `check.sql` (if any) runs on A: it raises when data did not survive a rename or retype;
//! 7. with a `down` file in the case, the down plan (`reverse`) is applied to A, which must then
//!    equal `from.sql` introspected, and `check_down.sql` (if any) runs on it.
//!
//! Plans are applied the way the apply engine runs them: consecutive transactional statements
//! share a transaction, each non-transactional one runs alone (so a new enum label used in the
//! same transaction that adds it fails here as it would in production), and a statement marked
//! `own_transaction` commits what came before and runs in a transaction of its own. Every
//! statement that drops a table, a column or a schema must carry the `deletes data` hazard, and
//! every row-level security switch, policy drop or change on an existing table the
//! `authorization change` hazard.
//!
//! An `online` file in the case plans with `PlanOptions { online: true }` (CONCURRENTLY, NOT VALID).
//!
//! `JOINERY_CASES=name1,name2` runs only the cases whose names contain one of the words.
//!
//! Renames need ids that survive them; SQL files only have names, so a case's `renames.txt` says
//! which objects of `to` are renamed versions of objects of `from`:
//! `table <schema.old> <schema.new>`, `column <schema.table> <old> <new>` (table's new name),
//! `enum <schema.old> <schema.new>`, `value <schema.enum> <old> <new>`,
//! `view <schema.old> <schema.new>`, `sequence <schema.old> <schema.new>`,
//! `index <schema.relation> <old> <new>`.

use std::path::{Path, PathBuf};

use joinery_backend::introspect::{introspect, IntrospectOptions};
use joinery_backend::testing::TestDb;
use joinery_shared::import::{import_sql, rederive_ids};
use joinery_shared::model::{Document, Schema};
use joinery_shared::normalize::canonical;
use joinery_shared::plan::{migrate, reverse, HazardKind, Plan, PlanOptions};

#[path = "../../shared/tests/support/renames.rs"]
mod renames;
use renames::apply_renames;

fn cases_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/cases")
}

fn read(dir: &Path, name: &str) -> Option<String> {
    std::fs::read_to_string(dir.join(name)).ok()
}

fn import(label: &str, sql: &str) -> Document {
    let result = import_sql(sql);
    assert!(
        result.errors.is_empty(),
        "{label}: import errors: {:#?}",
        result.errors
    );
    result.document
}

async fn exec(pool: &sqlx::PgPool, label: &str, sql: &str) -> Result<(), String> {
    if sql.trim().is_empty() {
        return Ok(());
    }
    sqlx::raw_sql(sql)
        .execute(pool)
        .await
        .map(|_| ())
        .map_err(|e| format!("{label}: {e}\n--- SQL ---\n{sql}"))
}

async fn live_schema(pool: &sqlx::PgPool) -> Schema {
    introspect(pool, &IntrospectOptions::default())
        .await
        .expect("introspect")
        .schema
}

/// Canonical form with ids from names and columns sorted by name: `ALTER TABLE ... ADD COLUMN`
/// can only append, so a column the design inserts in the middle lands last in the database
/// (the diff matches columns by id or name, so this never shows up as a change).
fn comparable(schema: &Schema) -> Schema {
    let mut s = canonical(&rederive_ids(schema));
    for t in &mut s.tables {
        t.columns.sort_by(|a, b| a.name.cmp(&b.name));
    }
    s
}

/// Applies `plan` in segments, as the apply engine does: runs of transactional statements in one
/// transaction each, non-transactional statements alone, and an `own_transaction` statement in a
/// transaction of its own (committing the run before it).
async fn apply_plan(pool: &sqlx::PgPool, plan: &Plan) -> Result<(), String> {
    let mut i = 0;
    let statements = &plan.statements;
    while i < statements.len() {
        if !statements[i].transactional {
            exec(
                pool,
                "non-transactional migration statement",
                &statements[i].sql,
            )
            .await?;
            i += 1;
            continue;
        }
        // One simple-query round trip per segment, inside an explicit transaction block; an
        // `own_transaction` statement ends the segment before it and is a segment alone.
        let mut segment = String::from("BEGIN;\n");
        let alone = statements[i].own_transaction;
        loop {
            segment.push_str(&statements[i].sql);
            segment.push('\n');
            i += 1;
            if alone
                || i == statements.len()
                || !statements[i].transactional
                || statements[i].own_transaction
            {
                break;
            }
        }
        segment.push_str("COMMIT;");
        exec(pool, "migration transaction", &segment).await?;
    }
    Ok(())
}

/// Statements that delete data must say so.
fn check_hazards(plan: &Plan) -> Result<(), String> {
    for s in &plan.statements {
        let sql = s.sql.to_ascii_uppercase();
        let deletes = sql.starts_with("DROP TABLE")
            || sql.starts_with("DROP SCHEMA")
            || (sql.starts_with("ALTER TABLE") && sql.contains(" DROP COLUMN "));
        if deletes && !s.hazards.iter().any(|h| h.kind == HazardKind::DeletesData) {
            return Err(format!(
                "statement deletes data without the deletes-data hazard: {}\n--- plan ---\n{}",
                s.sql,
                plan.to_sql()
            ));
        }
        // Who can read or write an existing table: switches and policy drops and changes.
        let authorization = (sql.starts_with("ALTER TABLE") && sql.contains(" ROW LEVEL SECURITY"))
            || sql.starts_with("DROP POLICY")
            || (sql.starts_with("ALTER POLICY") && !sql.contains(" RENAME TO "));
        if authorization
            && s.lock.is_some()
            && !s
                .hazards
                .iter()
                .any(|h| h.kind == HazardKind::AuthorizationChange)
        {
            return Err(format!(
                "statement changes authorization without the hazard: {}\n--- plan ---\n{}",
                s.sql,
                plan.to_sql()
            ));
        }
    }
    Ok(())
}

async fn run_case(dir: &Path) -> Result<(), String> {
    let name = dir.file_name().unwrap().to_string_lossy().to_string();
    let from_sql = read(dir, "from.sql").unwrap_or_default();
    let to_sql = read(dir, "to.sql").unwrap_or_default();
    let from = import(&format!("{name}/from.sql"), &from_sql);
    let mut to = import(&format!("{name}/to.sql"), &to_sql);
    if let Some(renames) = read(dir, "renames.txt") {
        to = apply_renames(&to, &renames);
    }
    let options = PlanOptions {
        online: dir.join("online").exists(),
    };
    let plan = migrate(&from.schema, &to.schema, &options);
    check_hazards(&plan).map_err(|e| format!("case {name}: {e}"))?;
    let down = dir
        .join("down")
        .exists()
        .then(|| reverse(&from.schema, &to.schema, &options));

    let a = TestDb::create().await;
    let b = TestDb::create().await;
    let result = async {
        let pa = a.pool().await;
        let pb = b.pool().await;
        exec(&pa, "from.sql", &from_sql).await?;
        if let Some(data) = read(dir, "data.sql") {
            exec(&pa, "data.sql", &data).await?;
        }
        apply_plan(&pa, &plan).await.map_err(|e| format!("{e}\n--- plan ---\n{}", plan.to_sql()))?;
        exec(&pb, "to.sql", &to_sql).await?;
        let live_a = live_schema(&pa).await;
        let live_b = live_schema(&pb).await;
        let (ca, cb) = (comparable(&live_a), comparable(&live_b));
        if ca != cb {
            return Err(format!(
                "migrated database differs from to.sql\n--- plan ---\n{}\n--- migrated ---\n{}\n--- expected ---\n{}",
                plan.to_sql(),
                serde_json::to_string_pretty(&ca).unwrap(),
                serde_json::to_string_pretty(&cb).unwrap()
            ));
        }
        // As drift does: what PostgreSQL prints its own way (view queries, partition bounds)
        // takes the design's text where it means the same.
        let mut live_a = live_a;
        if let Ok(mut conn) = pa.acquire().await {
            joinery_backend::apply::drift::reconcile_views(&mut conn, &to.schema, &mut live_a).await;
        }
        let again = migrate(&live_a, &to.schema, &PlanOptions::default());
        if !again.is_empty() {
            return Err(format!("not idempotent: after migrating, the plan against to.sql is\n{}", again.to_sql()));
        }
        if let Some(check) = read(dir, "check.sql") {
            exec(&pa, "check.sql", &check).await?;
        }
        if let Some(down) = &down {
            apply_plan(&pa, down)
                .await
                .map_err(|e| format!("down plan: {e}\n--- down plan ---\n{}", down.to_sql()))?;
            let c = TestDb::create().await;
            let pc = c.pool().await;
            let built = exec(&pc, "from.sql", &from_sql).await;
            let live_c = live_schema(&pc).await;
            pc.close().await;
            c.drop_db().await;
            built?;
            let live_down = live_schema(&pa).await;
            let (cd, cc) = (comparable(&live_down), comparable(&live_c));
            if cd != cc {
                return Err(format!(
                    "after the down plan the database differs from from.sql\n--- down plan ---\n{}\n--- got ---\n{}\n--- expected ---\n{}",
                    down.to_sql(),
                    serde_json::to_string_pretty(&cd).unwrap(),
                    serde_json::to_string_pretty(&cc).unwrap()
                ));
            }
            if let Some(check) = read(dir, "check_down.sql") {
                exec(&pa, "check_down.sql", &check).await?;
            }
        }
        pa.close().await;
        pb.close().await;
        Ok(())
    }
    .await;
    a.drop_db().await;
    b.drop_db().await;
    result.map_err(|e| format!("case {name}: {e}"))
}

/// Cases run at once.
const CONCURRENT_CASES: usize = 4;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_case_converges_on_postgres() {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(cases_dir())
        .expect("tests/cases exists")
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    let filter: Vec<String> = std::env::var("JOINERY_CASES")
        .map(|v| {
            v.split(',')
                .map(|w| w.trim().to_string())
                .filter(|w| !w.is_empty())
                .collect()
        })
        .unwrap_or_default();
    if !filter.is_empty() {
        dirs.retain(|d| {
            let n = d.file_name().unwrap().to_string_lossy().to_string();
            filter.iter().any(|w| n.contains(w.as_str()))
        });
        assert!(!dirs.is_empty(), "JOINERY_CASES={filter:?} matches no case");
    }
    assert!(
        !filter.is_empty() || dirs.len() >= 60,
        "the corpus has at least 60 cases, found {}",
        dirs.len()
    );
    let mut failures = Vec::new();
    // A few cases at a time, each needing two databases; the next starts as soon as one ends
    // (most of a case's time is PostgreSQL creating and dropping its databases).
    let mut pending = dirs.iter().cloned();
    let mut set = tokio::task::JoinSet::new();
    loop {
        while set.len() < CONCURRENT_CASES {
            let Some(dir) = pending.next() else { break };
            set.spawn(async move { run_case(&dir).await });
        }
        let Some(result) = set.join_next().await else {
            break;
        };
        if let Err(e) = result.expect("case task panicked") {
            failures.push(e);
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n\n{}",
        failures.len(),
        dirs.len(),
        failures.join("\n\n========\n\n")
    );
}
