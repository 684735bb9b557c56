//! Every op with a reverse is undone by it, on real PostgreSQL (issue 16).
//!
//! `Op::reverse` is read from the op's data, not from PostgreSQL, and a plan statement publishes it
//! as the statement's undo; nothing else checks that running it really puts the database back.
//! Here every sample of `shared/tests/support/op_samples.rs` (at least one of every `Op` variant,
//! included by path) whose `reverse()` is `Ok` runs on a database made from the catalogue's base
//! SQL: the catalog is captured, the op runs (the catalog must change), its reverse runs (the
//! catalog must equal the capture again). "The catalog" is both the database introspected into
//! the model in canonical form (what Joinery sees) and a set of catalog queries written here,
//! for what the model does not keep: reloptions, constraint validity, dependencies (sequence
//! ownership), comments on anything, array and row types, attribute numbers.
//!
//! Statements run as the apply engine runs them: a transactional one inside BEGIN … COMMIT, a
//! non-transactional one (`CREATE`/`DROP INDEX CONCURRENTLY`) alone. Every sample, with or
//! without a reverse, must also be accepted by PostgreSQL (so the parse allow-list of
//! `plan_ops.rs` only lists sqlparser's gaps, not our mistakes). Negative controls show the
//! comparison fails when it should. Each test makes and drops its own database.

#[path = "../../shared/tests/support/op_samples.rs"]
mod op_samples;

use std::collections::BTreeSet;

use joinery_backend::introspect::{introspect_with_warnings, IntrospectOptions};
use joinery_backend::testing::TestDb;
use joinery_shared::model::Schema;
use joinery_shared::normalize::canonical;
use joinery_shared::plan::{ColumnAction, ObjectKind, Op, Relation};
use op_samples::*;
use sqlx::PgPool;

/// The variants whose samples have a reverse. A variant gaining or losing its reverse must be
/// reflected here (and so looked at), not pass unnoticed.
const REVERSIBLE: &[&str] = &[
    "AddColumn",
    "AddConstraint",
    "AlterColumn",
    "CreateEnum",
    "CreateIndex",
    "CreatePolicy",
    "CreateSchema",
    "CreateSequence",
    "CreateTable",
    "CreateView",
    "Rename",
    "RenameColumn",
    "RenameConstraint",
    "RenamePolicy",
    "RenameEnumValue",
    "SetForceRowSecurity",
    "SetRowSecurity",
    "SetSchema",
    "CreateFunction",
    "RenameFunction",
    "SetFunctionSchema",
    "CreateTrigger",
    "RenameTrigger",
    "CreateDomain",
    "AlterDomain",
    "CreatePartition",
    "CreateComposite",
    "Grant",
    "Revoke",
];

/// What is compared: the model as Joinery reads it, and the catalog rows the model leaves out.
#[derive(Clone, PartialEq)]
struct Catalog {
    model: Schema,
    warnings: Vec<String>,
    rows: Vec<String>,
}

/// User schemas only (extensions' objects aside, nothing is installed in these databases).
const USER_NS: &str = "SELECT oid FROM pg_namespace WHERE nspname NOT IN \
     ('pg_catalog', 'information_schema', 'pg_toast') AND nspname NOT LIKE 'pg\\_%'";

/// One text row per catalog fact, by name (never by oid: a dropped and re-created object gets
/// a new one, and that is a restore).
fn catalog_queries() -> Vec<String> {
    vec![
        format!("SELECT 'schema ' || nspname FROM pg_namespace WHERE oid IN ({USER_NS})"),
        format!(
            "SELECT format('relation %s kind=%s persistence=%s options=%s rls=%s force=%s', \
             c.oid::regclass::text, c.relkind, c.relpersistence, c.reloptions, \
             c.relrowsecurity, c.relforcerowsecurity) \
             FROM pg_class c WHERE c.relnamespace IN ({USER_NS})"
        ),
        format!(
            "SELECT format('policy %s on %s cmd=%s permissive=%s roles=%s using=%s check=%s', \
             p.polname, c.oid::regclass::text, p.polcmd, p.polpermissive, p.polroles::text, \
             pg_get_expr(p.polqual, p.polrelid), pg_get_expr(p.polwithcheck, p.polrelid)) \
             FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid \
             WHERE c.relnamespace IN ({USER_NS})"
        ),
        format!(
            "SELECT format('column %s #%s %I %s notnull=%s default=%s identity=%s \
             generated=%s collation=%s', c.oid::regclass::text, a.attnum, a.attname, \
             format_type(a.atttypid, a.atttypmod), a.attnotnull, \
             pg_get_expr(d.adbin, d.adrelid), a.attidentity, a.attgenerated, \
             (SELECT collname FROM pg_collation WHERE oid = a.attcollation)) \
             FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid \
             LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum \
             WHERE c.relnamespace IN ({USER_NS}) AND a.attnum > 0 AND NOT a.attisdropped"
        ),
        format!(
            "SELECT format('%s: %s validated=%s', \
             pg_describe_object('pg_constraint'::regclass, oid, 0), \
             pg_get_constraintdef(oid), convalidated) \
             FROM pg_constraint WHERE connamespace IN ({USER_NS})"
        ),
        format!(
            "SELECT format('index %s valid=%s', pg_get_indexdef(i.indexrelid), i.indisvalid) \
             FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid \
             WHERE c.relnamespace IN ({USER_NS})"
        ),
        format!(
            "SELECT format('type %s kind=%s labels=%s', t.oid::regtype::text, t.typtype, \
             (SELECT string_agg(format('%s@%s', e.enumlabel, e.enumsortorder), ',' \
               ORDER BY e.enumsortorder) FROM pg_enum e WHERE e.enumtypid = t.oid)) \
             FROM pg_type t WHERE t.typnamespace IN ({USER_NS})"
        ),
        format!(
            "SELECT format('view %s: %s', c.oid::regclass::text, pg_get_viewdef(c.oid)) \
             FROM pg_class c WHERE c.relkind IN ('v', 'm') AND c.relnamespace IN ({USER_NS})"
        ),
        format!(
            "SELECT format('sequence %s as %s start=%s increment=%s min=%s max=%s cache=%s \
             cycle=%s', s.seqrelid::regclass::text, format_type(s.seqtypid, NULL), s.seqstart, \
             s.seqincrement, s.seqmin, s.seqmax, s.seqcache, s.seqcycle) \
             FROM pg_sequence s JOIN pg_class c ON c.oid = s.seqrelid \
             WHERE c.relnamespace IN ({USER_NS})"
        ),
        // Ownership of sequences, column defaults' dependencies, views' and indexes' columns.
        "SELECT format('depends %s -> %s (%s)', pg_describe_object(classid, objid, objsubid), \
         pg_describe_object(refclassid, refobjid, refobjsubid), deptype) \
         FROM pg_depend WHERE objid >= 16384 AND deptype <> 'p'"
            .to_string(),
        "SELECT format('comment on %s: %s', pg_describe_object(classoid, objoid, objsubid), \
         description) FROM pg_description WHERE objoid >= 16384"
            .to_string(),
        "SELECT format('extension %s in %s', e.extname, n.nspname) \
         FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace"
            .to_string(),
        format!(
            "SELECT format('type %s attributes=%s', t.oid::regtype::text, \
             (SELECT string_agg(a.attname || ' ' || format_type(a.atttypid, a.atttypmod), ', ' \
               ORDER BY a.attnum) FROM pg_attribute a WHERE a.attrelid = t.typrelid \
               AND a.attnum > 0 AND NOT a.attisdropped)) \
             FROM pg_type t WHERE t.typtype = 'c' AND t.typnamespace IN ({USER_NS})"
        ),
        format!(
            "SELECT format('domain %s base=%s notnull=%s default=%s', t.oid::regtype::text, \
             format_type(t.typbasetype, t.typtypmod), t.typnotnull, t.typdefault) \
             FROM pg_type t WHERE t.typtype = 'd' AND t.typnamespace IN ({USER_NS})"
        ),
        format!(
            "SELECT format('acl %s %s', c.oid::regclass::text, \
             (SELECT string_agg(a.grantee || ':' || a.privilege_type || ':' || a.is_grantable, ',' \
               ORDER BY a.grantee, a.privilege_type) \
              FROM aclexplode(COALESCE(c.relacl, acldefault('r', c.relowner))) a)) \
             FROM pg_class c WHERE c.relnamespace IN ({USER_NS})"
        ),
        format!(
            "SELECT format('acl %s %s', p.oid::regprocedure::text, \
             (SELECT string_agg(a.grantee || ':' || a.privilege_type || ':' || a.is_grantable, ',' \
               ORDER BY a.grantee, a.privilege_type) \
              FROM aclexplode(COALESCE(p.proacl, acldefault('f', p.proowner))) a)) \
             FROM pg_proc p WHERE p.pronamespace IN ({USER_NS})"
        ),
        format!(
            "SELECT 'routine ' || pg_get_functiondef(p.oid) FROM pg_proc p \
             WHERE p.prokind IN ('f', 'p') AND p.pronamespace IN ({USER_NS})"
        ),
        "SELECT 'default acl ' || defaclrole::regrole::text || ' ' || defaclnamespace::text \
         || ' ' || defaclobjtype::text || ' ' || defaclacl::text FROM pg_default_acl"
            .to_string(),
        format!(
            "SELECT 'trigger ' || pg_get_triggerdef(t.oid) FROM pg_trigger t \
             JOIN pg_class c ON c.oid = t.tgrelid \
             WHERE NOT t.tgisinternal AND c.relnamespace IN ({USER_NS})"
        ),
    ]
}

async fn capture(pool: &PgPool) -> Catalog {
    let read = introspect_with_warnings(pool, &IntrospectOptions::default())
        .await
        .expect("introspection");
    let mut rows = Vec::new();
    for q in catalog_queries() {
        let got: Vec<String> = sqlx::query_scalar(&q)
            .fetch_all(pool)
            .await
            .unwrap_or_else(|e| panic!("catalog query fails: {e}\n{q}"));
        // A table's TOAST table is named after the table's oid.
        rows.extend(got.into_iter().filter(|r| !r.contains("pg_toast")));
    }
    rows.sort();
    Catalog {
        model: canonical(&read.document.schema),
        warnings: read.warnings,
        rows,
    }
}

/// Where two texts differ: what lies between their common first and last lines.
fn text_diff(a: &str, b: &str) -> String {
    let la: Vec<&str> = a.lines().collect();
    let lb: Vec<&str> = b.lines().collect();
    let head = la.iter().zip(&lb).take_while(|(x, y)| x == y).count();
    let tail = la[head..]
        .iter()
        .rev()
        .zip(lb[head..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let from = head.saturating_sub(3);
    let mut out = String::new();
    for l in &la[from..head] {
        out.push_str(&format!("    {l}\n"));
    }
    for l in &la[head..la.len() - tail] {
        out.push_str(&format!("  - {l}\n"));
    }
    for l in &lb[head..lb.len() - tail] {
        out.push_str(&format!("  + {l}\n"));
    }
    out
}

/// The lines only in `a` and only in `b`.
fn line_diff(a: &str, b: &str) -> String {
    let la: BTreeSet<&str> = a.lines().collect();
    let lb: BTreeSet<&str> = b.lines().collect();
    let mut out = String::new();
    for l in la.difference(&lb) {
        out.push_str(&format!("  - {l}\n"));
    }
    for l in lb.difference(&la) {
        out.push_str(&format!("  + {l}\n"));
    }
    out
}

/// How `b` differs from `a`, in words; empty when equal.
fn differences(a: &Catalog, b: &Catalog) -> String {
    let mut out = String::new();
    if a.model != b.model {
        let ja = serde_json::to_string_pretty(&a.model).unwrap_or_default();
        let jb = serde_json::to_string_pretty(&b.model).unwrap_or_default();
        out.push_str(&format!("model differs:\n{}", text_diff(&ja, &jb)));
    }
    if a.warnings != b.warnings {
        out.push_str(&format!(
            "introspection warnings differ:\n{}",
            line_diff(&a.warnings.join("\n"), &b.warnings.join("\n"))
        ));
    }
    if a.rows != b.rows {
        out.push_str(&format!(
            "catalog rows differ:\n{}",
            line_diff(&a.rows.join("\n"), &b.rows.join("\n"))
        ));
    }
    out
}

/// Runs `script` on one connection; on an error, rolls back what the script's `BEGIN` opened
/// (the rest of a failed simple query is skipped, its `COMMIT`/`ROLLBACK` included).
async fn execute(pool: &PgPool, script: &str) -> Result<(), String> {
    let mut conn = pool.acquire().await.map_err(|e| e.to_string())?;
    match sqlx::raw_sql(script).execute(&mut *conn).await {
        Ok(_) => Ok(()),
        Err(e) => {
            let _ = sqlx::raw_sql("ROLLBACK").execute(&mut *conn).await;
            Err(e.to_string())
        }
    }
}

/// Runs `op` as the apply engine would: alone when it cannot run in a transaction block,
/// inside BEGIN … COMMIT otherwise.
async fn run(pool: &PgPool, op: &Op) -> Result<(), String> {
    let sql = match op.not_transactional() {
        Some(_) => op.to_string(),
        None => format!("BEGIN;\n{op}\nCOMMIT;"),
    };
    execute(pool, &sql)
        .await
        .map_err(|e| format!("PostgreSQL refuses {op}: {e}"))
}

/// Runs `op` then `back` from the state `before`: the catalog must change, then come back.
async fn round_trip(pool: &PgPool, before: &Catalog, op: &Op, back: &Op) -> Result<(), String> {
    run(pool, op).await?;
    let during = capture(pool).await;
    if during.rows == before.rows {
        return Err(format!("{op}: the catalog did not change"));
    }
    run(pool, back).await?;
    let after = capture(pool).await;
    let diff = differences(before, &after);
    if diff.is_empty() {
        Ok(())
    } else {
        Err(format!("{op} then {back} does not restore it:\n{diff}"))
    }
}

/// A fresh database holding the base schema.
async fn base_db() -> (TestDb, PgPool) {
    let db = TestDb::create().await;
    let pool = db.pool().await;
    sqlx::raw_sql(BASE_SQL)
        .execute(&pool)
        .await
        .unwrap_or_else(|e| panic!("base SQL fails: {e}"));
    (db, pool)
}

#[tokio::test]
async fn every_reverse_restores_the_catalog() {
    let started = std::time::Instant::now();
    let reversible: Vec<(Op, Op)> = samples()
        .into_iter()
        .filter_map(|s| {
            let back = s.op.reverse().ok()?;
            assert!(
                s.setup.is_empty(),
                "{}: a reversible sample needs setup",
                s.op
            );
            Some((s.op, back))
        })
        .collect();
    let covered: BTreeSet<&str> = reversible.iter().map(|(op, _)| variant_name(op)).collect();
    let expected: BTreeSet<&str> = REVERSIBLE.iter().copied().collect();
    assert_eq!(covered, expected, "variants with a reverse");
    // Every form with a reverse: both NOT NULL directions, every object kind renamed and moved.
    let forms: BTreeSet<String> = reversible
        .iter()
        .filter_map(|(op, _)| match op {
            Op::AlterColumn { action, .. } => Some(column_action_name(action).to_string()),
            Op::Rename { kind, .. } => Some(format!("rename {}", kind.keyword())),
            Op::SetSchema { kind, .. } => Some(format!("move {}", kind.keyword())),
            Op::CreateIndex { concurrently, .. } => Some(format!("index {concurrently}")),
            _ => None,
        })
        .collect();
    for f in ["SetNotNull", "DropNotNull", "index true", "index false"]
        .map(String::from)
        .into_iter()
        .chain(
            ALL_OBJECT_KINDS
                .iter()
                .map(|k| format!("rename {}", k.keyword())),
        )
        .chain(
            SET_SCHEMA_KINDS
                .iter()
                .map(|k| format!("move {}", k.keyword())),
        )
    {
        assert!(forms.contains(&f), "no reversible sample of {f}");
    }

    let (mut db, mut pool) = base_db().await;
    let mut before = capture(&pool).await;
    let mut failures = Vec::new();
    for (op, back) in &reversible {
        if let Err(e) = round_trip(&pool, &before, op, back).await {
            failures.push(e);
            // Start the next op from the base again.
            pool.close().await;
            db.drop_db().await;
            (db, pool) = base_db().await;
            before = capture(&pool).await;
        }
    }
    pool.close().await;
    db.drop_db().await;
    assert!(
        failures.is_empty(),
        "{} of {} reverses fail:\n{}",
        failures.len(),
        reversible.len(),
        failures.join("\n\n")
    );
    eprintln!(
        "{} ops and their reverses round-tripped in {:?}",
        reversible.len(),
        started.elapsed()
    );
}

#[tokio::test]
async fn every_sample_runs_on_postgres() {
    let (db, pool) = base_db().await;
    let mut alone = Vec::new();
    let mut failures = Vec::new();
    for s in samples() {
        if s.op.not_transactional().is_some() {
            assert!(
                s.setup.is_empty(),
                "{}: setup for a non-transactional op",
                s.op
            );
            alone.push(s.op);
            continue;
        }
        // Rolled back: every sample starts from the base.
        let sql = format!("BEGIN;\n{}\n{}\nROLLBACK;", s.setup, s.op);
        if let Err(e) = execute(&pool, &sql).await {
            failures.push(format!("{}: {e}", s.op));
        }
    }
    // These cannot be rolled back; the samples do not depend on each other.
    for op in &alone {
        if let Err(e) = run(&pool, op).await {
            failures.push(e);
        }
    }
    pool.close().await;
    db.drop_db().await;
    assert!(alone.len() >= 4, "non-transactional samples: {alone:?}");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The comparison fails when it should: a wrong reverse, an op that changes nothing, and changes
/// only the catalog rows see (the model keeps neither storage options nor an implied NOT NULL).
#[tokio::test]
async fn the_comparison_catches_what_is_not_restored() {
    let (db, pool) = base_db().await;
    let before = capture(&pool).await;
    let rename = |to: &str| Op::Rename {
        kind: ObjectKind::Table,
        schema: "public".into(),
        from: "customers".into(),
        to: to.into(),
    };
    let sql = |s: &str| Op::Sql { sql: s.into() };
    let wrong = round_trip(&pool, &before, &rename("clients"), &{
        Op::Rename {
            kind: ObjectKind::Table,
            schema: "public".into(),
            from: "clients".into(),
            to: "customers_2".into(),
        }
    })
    .await;
    let e = wrong.expect_err("a rename to another name restores nothing");
    assert!(
        e.contains("model differs") && e.contains("catalog rows differ"),
        "{e}"
    );
    sqlx::raw_sql("ALTER TABLE customers_2 RENAME TO customers")
        .execute(&pool)
        .await
        .expect("rename back");

    let e = round_trip(&pool, &before, &sql("SELECT 1;"), &sql("SELECT 1;"))
        .await
        .expect_err("nothing changed");
    assert!(e.contains("did not change"), "{e}");

    let e = round_trip(
        &pool,
        &before,
        &sql("ALTER TABLE customers SET (fillfactor = 70);"),
        &sql("SELECT 1;"),
    )
    .await
    .expect_err("storage options are not restored");
    assert!(
        !e.contains("model differs") && e.contains("fillfactor"),
        "{e}"
    );
    sqlx::raw_sql("ALTER TABLE customers RESET (fillfactor)")
        .execute(&pool)
        .await
        .expect("reset");

    // ADD PRIMARY KEY makes its columns NOT NULL, which DROP CONSTRAINT leaves: its reverse
    // holds only where the planner has set NOT NULL before it (it always does).
    let add_key = Op::AddConstraint {
        table: quoted_mixed(),
        name: "Mixed Case_pkey".into(),
        definition: "CONSTRAINT \"Mixed Case_pkey\" PRIMARY KEY (loose)".into(),
        not_valid: false,
        references: None,
    };
    let back = add_key.reverse().expect("a constraint's reverse");
    let e = round_trip(&pool, &before, &add_key, &back)
        .await
        .expect_err("the implied NOT NULL stays");
    assert!(e.contains("loose integer notnull=t "), "{e}");
    let set_not_null = Op::AlterColumn {
        table: quoted_mixed(),
        column: "loose".into(),
        action: ColumnAction::SetNotNull { proven: false },
    };
    run(&pool, &set_not_null).await.expect("set not null");
    let with_not_null = capture(&pool).await;
    round_trip(&pool, &with_not_null, &add_key, &back)
        .await
        .expect("after SET NOT NULL, the key's reverse restores the catalog");
    pool.close().await;
    db.drop_db().await;
}

fn quoted_mixed() -> Relation {
    Relation::new("public", "Mixed Case")
}
