//! Lock information on planned statements (`Statement::lock`), the `LocksTable` hazard derived
//! from it, the index hazards, `own_transaction`, and the online forms that need several
//! statements (SET NOT NULL through a validated check, an index replaced without a gap). The last
//! tests hold the rules over the whole migration corpus (`tests/cases/*`), online and offline.

use std::path::{Path, PathBuf};

#[path = "support/renames.rs"]
mod renames;

use joinery_shared::import::import_sql;
use joinery_shared::model::Schema;
use joinery_shared::plan::{
    migrate, reverse, HazardKind, LockInfo, LockLevel, Plan, PlanOptions, Statement, TableEffect,
};
use renames::apply_renames;

use LockLevel::ShareUpdateExclusive as SUE;
use LockLevel::{AccessExclusive as AE, Share, ShareRowExclusive as SRE};
use TableEffect::{None as Instant, Rewrite, Scan};

fn schema(sql: &str) -> Schema {
    let r = import_sql(sql);
    assert!(r.errors.is_empty(), "import errors: {:?}", r.errors);
    r.document.schema
}

fn plan_with(from: &str, to: &str, online: bool) -> Plan {
    migrate(&schema(from), &schema(to), &PlanOptions { online })
}

fn t_with(col: &str) -> String {
    format!("CREATE TABLE t (id int PRIMARY KEY, {col});")
}

fn lock(level: LockLevel, relation: &str, effect: TableEffect) -> Option<LockInfo> {
    Some(LockInfo::new(level, relation, effect))
}

/// The lock of the single statement planned from `from` to `to`.
fn only_lock(from: &str, to: &str, online: bool) -> Option<LockInfo> {
    let p = plan_with(from, to, online);
    assert_eq!(p.statements.len(), 1, "{}", p.to_sql());
    p.statements[0].lock.clone()
}

fn kinds(s: &Statement) -> Vec<HazardKind> {
    s.hazards.iter().map(|h| h.kind).collect()
}

#[test]
fn labels_and_serde_shapes() {
    assert_eq!(AE.label(), "ACCESS EXCLUSIVE");
    assert_eq!(LockLevel::Exclusive.label(), "EXCLUSIVE");
    assert_eq!(SRE.label(), "SHARE ROW EXCLUSIVE");
    assert_eq!(Share.label(), "SHARE");
    assert_eq!(SUE.label(), "SHARE UPDATE EXCLUSIVE");
    assert_eq!(LockLevel::RowExclusive.label(), "ROW EXCLUSIVE");
    assert_eq!(HazardKind::IndexBuild.label(), "builds an index");
    assert_eq!(HazardKind::IndexDropped.label(), "drops an index");
    assert_eq!(
        serde_json::to_value(HazardKind::IndexBuild).unwrap(),
        "index_build"
    );
    assert_eq!(
        serde_json::to_value(HazardKind::IndexDropped).unwrap(),
        "index_dropped"
    );
    let p = plan_with(&t_with("e text"), &t_with("e text NOT NULL"), true);
    let validate = serde_json::to_value(&p.statements[1]).unwrap();
    assert_eq!(validate["own_transaction"], true);
    assert_eq!(
        validate["lock"],
        serde_json::json!({"level": "share_update_exclusive", "relation": "public.t", "effect": "scan"})
    );
    // Defaults are left out, and read back.
    let add = serde_json::to_value(&p.statements[0]).unwrap();
    assert!(add.get("own_transaction").is_none(), "{add}");
    let back: Statement = serde_json::from_value(validate).unwrap();
    assert_eq!(back, p.statements[1]);
    let bare: Statement = serde_json::from_value(serde_json::json!({
        "sql": "SELECT 1;", "transactional": true, "hazards": [], "source": "x"
    }))
    .unwrap();
    assert!(bare.lock.is_none() && !bare.own_transaction);
}

#[test]
fn columns() {
    let t = "CREATE TABLE t (id int PRIMARY KEY);";
    assert_eq!(
        only_lock(t, &t_with("name text"), false),
        lock(AE, "public.t", Instant)
    );
    // A volatile default fills every row: a rewrite.
    assert_eq!(
        only_lock(
            t,
            &t_with("u uuid NOT NULL DEFAULT gen_random_uuid()"),
            false
        ),
        lock(AE, "public.t", Rewrite)
    );
    assert_eq!(
        only_lock(&t_with("name text"), t, false),
        lock(AE, "public.t", Instant)
    );
    // A type change that rewrites, and one that is binary-coercible.
    assert_eq!(
        only_lock(&t_with("n integer"), &t_with("n bigint"), false),
        lock(AE, "public.t", Rewrite)
    );
    assert_eq!(
        only_lock(&t_with("n varchar(50)"), &t_with("n varchar(100)"), false),
        lock(AE, "public.t", Instant)
    );
    assert_eq!(
        only_lock(&t_with("n int"), &t_with("n int DEFAULT 3"), false),
        lock(AE, "public.t", Instant)
    );
    // Comments lock the table SHARE UPDATE EXCLUSIVE (not reads or writes).
    assert_eq!(
        only_lock(t, &format!("{t} COMMENT ON COLUMN t.id IS 'key';"), false),
        lock(SUE, "public.t", Instant)
    );
}

#[test]
fn set_not_null_offline_scans_under_access_exclusive() {
    let p = plan_with(&t_with("n text"), &t_with("n text NOT NULL"), false);
    assert_eq!(p.statements.len(), 1);
    let s = &p.statements[0];
    assert_eq!(s.lock, lock(AE, "public.t", Scan));
    assert_eq!(
        kinds(s),
        [HazardKind::LocksTable, HazardKind::MayFailOnExistingData]
    );
    assert_eq!(
        s.hazards[0].message,
        "takes an ACCESS EXCLUSIVE lock on public.t (blocks reads and writes) and scans every row while holding it"
    );
    assert!(!s.own_transaction);
}

#[test]
fn set_not_null_online_goes_through_a_validated_check() {
    let p = plan_with(&t_with("n text"), &t_with("n text NOT NULL"), true);
    let got: Vec<(&str, bool, Option<LockInfo>, Vec<HazardKind>)> = p
        .statements
        .iter()
        .map(|s| (s.sql.as_str(), s.own_transaction, s.lock.clone(), kinds(s)))
        .collect();
    assert_eq!(
        got,
        [
            (
                "ALTER TABLE t ADD CONSTRAINT t_n_not_null CHECK (n IS NOT NULL) NOT VALID;",
                false,
                lock(AE, "public.t", Instant),
                vec![]
            ),
            (
                "ALTER TABLE t VALIDATE CONSTRAINT t_n_not_null;",
                true,
                lock(SUE, "public.t", Scan),
                vec![HazardKind::MayFailOnExistingData]
            ),
            (
                "ALTER TABLE t ALTER COLUMN n SET NOT NULL;",
                false,
                lock(AE, "public.t", Instant),
                vec![]
            ),
            (
                "ALTER TABLE t DROP CONSTRAINT t_n_not_null;",
                false,
                lock(AE, "public.t", Instant),
                vec![]
            ),
        ],
        "{}",
        p.to_sql()
    );
    assert!(p.statements.iter().all(|s| s.transactional));
}

#[test]
fn not_null_check_names_never_collide() {
    // A constraint already holds the conventional name: the next number is taken.
    let p = plan_with(
        &t_with("n text CONSTRAINT t_n_not_null CHECK (n <> '')"),
        &t_with("n text NOT NULL CONSTRAINT t_n_not_null CHECK (n <> '')"),
        true,
    );
    assert_eq!(
        p.statements[0].sql,
        "ALTER TABLE t ADD CONSTRAINT t_n_not_null2 CHECK (n IS NOT NULL) NOT VALID;",
        "{}",
        p.to_sql()
    );
    // Two long columns sharing a 63-byte prefix get distinct, hashed names within the limit.
    let long_a = format!("{}_a", "c".repeat(58));
    let long_b = format!("{}_b", "c".repeat(58));
    let p = plan_with(
        &t_with(&format!("{long_a} text, {long_b} text")),
        &t_with(&format!("{long_a} text NOT NULL, {long_b} text NOT NULL")),
        true,
    );
    let names: Vec<&str> = p
        .statements
        .iter()
        .filter(|s| s.sql.contains("NOT VALID"))
        .map(|s| s.sql.split_whitespace().nth(5).unwrap())
        .collect();
    assert_eq!(names.len(), 2, "{}", p.to_sql());
    assert_ne!(names[0], names[1]);
    assert!(names.iter().all(|n| n.len() <= 63), "{names:?}");
}

#[test]
fn foreign_keys_and_checks() {
    let a = "CREATE TABLE a (id int PRIMARY KEY);";
    let from = format!("{a} CREATE TABLE b (id int PRIMARY KEY, a_id int);");
    let to = format!("{a} CREATE TABLE b (id int PRIMARY KEY, a_id int REFERENCES a(id));");
    // SHARE ROW EXCLUSIVE on both tables; the child is recorded.
    assert_eq!(only_lock(&from, &to, false), lock(SRE, "public.b", Scan));
    let p = plan_with(&from, &to, true);
    assert_eq!(p.statements[0].lock, lock(SRE, "public.b", Instant));
    assert!(!p.statements[0].own_transaction);
    assert_eq!(
        p.statements[1].sql,
        "ALTER TABLE b VALIDATE CONSTRAINT b_a_id_fkey;"
    );
    assert_eq!(p.statements[1].lock, lock(SUE, "public.b", Scan));
    assert!(p.statements[1].own_transaction);
    // A new table's foreign key: only the existing referenced table is locked.
    let p = plan_with(a, &to, false);
    let fk = p
        .statements
        .iter()
        .find(|s| s.sql.contains("FOREIGN KEY"))
        .unwrap();
    assert_eq!(fk.lock, lock(SRE, "public.a", Instant));
    assert!(p.statements[0].lock.is_none(), "CREATE TABLE locks nothing");

    let (from, to) = (
        t_with("p numeric"),
        t_with("p numeric CONSTRAINT p_pos CHECK (p > 0)"),
    );
    assert_eq!(only_lock(&from, &to, false), lock(AE, "public.t", Scan));
    let p = plan_with(&from, &to, true);
    assert_eq!(p.statements[0].lock, lock(AE, "public.t", Instant));
    assert!(p.statements[0].hazards.is_empty());
    assert_eq!(p.statements[1].lock, lock(SUE, "public.t", Scan));
    assert!(p.statements[1].own_transaction);
    // Every VALIDATE commits on its own.
    for s in &p.statements {
        assert_eq!(s.sql.contains("VALIDATE"), s.own_transaction, "{}", s.sql);
    }
}

#[test]
fn indexes() {
    let with_idx = |e: &str| format!("{} CREATE INDEX t_e_idx ON t ({e});", t_with("e text"));
    let plain = t_with("e text");
    let p = plan_with(&plain, &with_idx("e"), false);
    assert_eq!(p.statements[0].lock, lock(Share, "public.t", Scan));
    assert_eq!(
        kinds(&p.statements[0]),
        [HazardKind::LocksTable, HazardKind::IndexBuild]
    );
    let p = plan_with(&plain, &with_idx("e"), true);
    assert_eq!(p.statements[0].lock, lock(SUE, "public.t", Scan));
    assert_eq!(
        kinds(&p.statements[0]),
        [HazardKind::NotTransactional, HazardKind::IndexBuild]
    );
    let p = plan_with(&with_idx("e"), &plain, false);
    assert_eq!(p.statements[0].lock, lock(AE, "public.t", Instant));
    assert_eq!(kinds(&p.statements[0]), [HazardKind::IndexDropped]);
    let p = plan_with(&with_idx("e"), &plain, true);
    assert_eq!(p.statements[0].lock, lock(SUE, "public.t", Instant));
    // An index on a new table: no lock, no build hazard.
    let p = plan_with("", &with_idx("e"), true);
    assert!(p.statements.iter().all(|s| s.lock.is_none()));
    assert!(p.statements.iter().all(|s| s.hazards.is_empty()));
    // A renamed index locks only itself.
    let from = schema(&with_idx("e"));
    let mut to = from.clone();
    to.tables[0].indexes[0].name = Some("t_e_key".into());
    let p = migrate(&from, &to, &PlanOptions::default());
    assert_eq!(p.statements.len(), 1, "{}", p.to_sql());
    assert_eq!(p.statements[0].lock, lock(SUE, "public.t_e_idx", Instant));
}

#[test]
fn a_changed_index_is_replaced_online_without_a_gap() {
    let from = "CREATE SCHEMA app; CREATE TABLE app.t (id int PRIMARY KEY, e text);
        CREATE UNIQUE INDEX t_e_idx ON app.t (e);";
    let to = "CREATE SCHEMA app; CREATE TABLE app.t (id int PRIMARY KEY, e text);
        CREATE UNIQUE INDEX t_e_idx ON app.t (lower(e));";
    let p = plan_with(from, to, true);
    let got: Vec<(&str, bool, Option<LockInfo>, Vec<HazardKind>)> = p
        .statements
        .iter()
        .map(|s| (s.sql.as_str(), s.transactional, s.lock.clone(), kinds(s)))
        .collect();
    use HazardKind::*;
    assert_eq!(
        got,
        [
            (
                "CREATE UNIQUE INDEX CONCURRENTLY t_e_idx_new ON app.t USING btree ((lower(e)));",
                false,
                lock(SUE, "app.t", Scan),
                vec![NotTransactional, IndexBuild, MayFailOnExistingData]
            ),
            (
                "DROP INDEX CONCURRENTLY app.t_e_idx;",
                false,
                lock(SUE, "app.t", Instant),
                vec![NotTransactional]
            ),
            (
                "ALTER INDEX app.t_e_idx_new RENAME TO t_e_idx;",
                true,
                lock(SUE, "app.t_e_idx_new", Instant),
                vec![]
            ),
        ],
        "{}",
        p.to_sql()
    );
    // The temporary name avoids any relation of the schema.
    let taken = format!("{from} CREATE TABLE app.t_e_idx_new (id int);");
    let p = plan_with(
        &taken,
        &format!("{to} CREATE TABLE app.t_e_idx_new (id int);"),
        true,
    );
    assert!(
        p.statements[0]
            .sql
            .starts_with("CREATE UNIQUE INDEX CONCURRENTLY t_e_idx_new2 ON"),
        "{}",
        p.to_sql()
    );
    // Offline: dropped, then built again.
    let p = plan_with(from, to, false);
    assert_eq!(p.statements[0].sql, "DROP INDEX app.t_e_idx;");
    assert_eq!(kinds(&p.statements[0]), [HazardKind::IndexDropped]);
}

#[test]
fn an_index_over_a_retyped_column_is_still_dropped_first_online() {
    // PostgreSQL would rebuild the old expression index during the type change (with the old
    // casts), so it must be gone before it.
    let p = plan_with(
        "CREATE TABLE t (id int PRIMARY KEY, s varchar(20));
         CREATE INDEX t_s_idx ON t (id) WHERE s = 'x';",
        "CREATE TABLE t (id int PRIMARY KEY, s integer);
         CREATE INDEX t_s_idx ON t (id) WHERE s = 1;",
        true,
    );
    let sql: Vec<&str> = p.statements.iter().map(|s| s.sql.as_str()).collect();
    let drop = sql
        .iter()
        .position(|s| *s == "DROP INDEX CONCURRENTLY t_s_idx;");
    let retype = sql.iter().position(|s| s.contains("TYPE integer"));
    assert!(drop.is_some() && drop < retype, "{}", p.to_sql());
    assert!(!p.to_sql().contains("_new"), "{}", p.to_sql());
}

#[test]
fn locks_table_messages_name_the_lock() {
    let p = plan_with(&t_with("n integer"), &t_with("n bigint"), false);
    assert_eq!(
        p.statements[0].hazards[0].message,
        "takes an ACCESS EXCLUSIVE lock on public.t (blocks reads and writes) and rewrites the table while holding it"
    );
    let p = plan_with(
        &t_with("e text"),
        &format!("{} CREATE INDEX t_e_idx ON t (e);", t_with("e text")),
        false,
    );
    assert_eq!(
        p.statements[0].hazards[0].message,
        "takes a SHARE lock on public.t (blocks writes) and scans every row while holding it"
    );
}

// ---- The rules over the corpus. ----

fn cases() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/cases");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/cases exists")
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    assert!(dirs.len() >= 60, "found {} cases", dirs.len());
    dirs
}

/// Every plan of the corpus: each case up and down, online and offline, with the case's renames
/// (`renames.txt`, read as `backend/tests/migrate_cases.rs` reads it).
fn corpus_plans() -> Vec<(String, Plan)> {
    let mut out = Vec::new();
    for dir in cases() {
        let name = dir.file_name().unwrap().to_string_lossy().to_string();
        let read = |f: &str| std::fs::read_to_string(dir.join(f)).unwrap_or_default();
        let from = schema(&read("from.sql"));
        let mut to = import_sql(&read("to.sql")).document;
        if dir.join("renames.txt").exists() {
            to = apply_renames(&to, &read("renames.txt"));
        }
        let to = to.schema;
        for online in [false, true] {
            let options = PlanOptions { online };
            out.push((
                format!("{name} (online: {online})"),
                migrate(&from, &to, &options),
            ));
            out.push((
                format!("{name} down (online: {online})"),
                reverse(&from, &to, &options),
            ));
        }
    }
    out
}

/// Splits a printed (possibly quoted, possibly qualified) name into unquoted parts.
fn name_parts(printed: &str) -> Vec<String> {
    let mut parts = vec![String::new()];
    let mut quoted = false;
    let mut chars = printed.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                chars.next();
                parts.last_mut().unwrap().push('"');
            }
            '"' => quoted = !quoted,
            '.' if !quoted => parts.push(String::new()),
            c => parts.last_mut().unwrap().push(c),
        }
    }
    parts
}

/// `schema.name`, unquoted, of a printed table name (`public` when unqualified).
fn relation_of(printed: &str) -> String {
    let parts = name_parts(printed);
    match parts.as_slice() {
        [name] => format!("public.{name}"),
        [schema, name] => format!("{schema}.{name}"),
        _ => panic!("unexpected name {printed}"),
    }
}

/// The words of `sql` split on whitespace outside double quotes.
fn words(sql: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut quoted = false;
    for c in sql.chars() {
        if c == '"' {
            quoted = !quoted;
        }
        if c.is_whitespace() && !quoted {
            if !out.last().unwrap().is_empty() {
                out.push(String::new());
            }
        } else {
            out.last_mut().unwrap().push(c);
        }
    }
    out.retain(|w| !w.is_empty());
    out
}

/// The table an `ALTER TABLE`, `DROP TABLE`, `CREATE INDEX … ON`, `COMMENT ON TABLE/COLUMN`
/// statement acts on, as printed; `None` for other statements.
fn table_acted_on(sql: &str) -> Option<String> {
    let w = words(sql.trim_end_matches(';'));
    let w: Vec<&str> = w.iter().map(String::as_str).collect();
    match w.as_slice() {
        ["ALTER", "TABLE", t, ..]
        | ["DROP", "TABLE", t, ..]
        | ["COMMENT", "ON", "TABLE", t, ..] => Some(t.to_string()),
        ["COMMENT", "ON", "COLUMN", c, ..] => {
            // The table is everything before the last unquoted dot.
            let mut quoted = false;
            let mut last = None;
            for (i, ch) in c.char_indices() {
                match ch {
                    '"' => quoted = !quoted,
                    '.' if !quoted => last = Some(i),
                    _ => {}
                }
            }
            Some(c[..last.expect("a column is qualified by its table")].to_string())
        }
        ["CREATE", ..] if w.contains(&"INDEX") => {
            let on = w.iter().position(|x| *x == "ON")?;
            Some(w[on + 1].to_string())
        }
        _ => None,
    }
}

/// The table a `CREATE TABLE` statement creates, as printed.
fn table_created(sql: &str) -> Option<String> {
    let w = words(sql);
    (w.len() > 2 && w[0] == "CREATE" && w[1] == "TABLE").then(|| w[2].clone())
}

#[test]
fn every_locks_table_hazard_has_its_lock_and_says_it() {
    for (name, p) in corpus_plans() {
        for s in &p.statements {
            for h in s
                .hazards
                .iter()
                .filter(|h| h.kind == HazardKind::LocksTable)
            {
                let lock = s
                    .lock
                    .as_ref()
                    .unwrap_or_else(|| panic!("{name}: LocksTable without a lock: {}", s.sql));
                assert_eq!(h.message, lock.message(), "{name}: {}", s.sql);
                assert!(
                    lock.level == AE || lock.level == Share || lock.effect == Rewrite,
                    "{name}: LocksTable on a weaker lock: {}",
                    s.sql
                );
            }
            // And every lock that earns the hazard carries it.
            if let Some(lock) = &s.lock {
                if lock.locks_table() {
                    assert!(
                        s.hazards.iter().any(|h| h.kind == HazardKind::LocksTable),
                        "{name}: {lock:?} without the LocksTable hazard: {}",
                        s.sql
                    );
                }
            }
        }
    }
}

#[test]
fn every_statement_on_an_existing_table_has_a_lock_on_it() {
    let mut checked = 0;
    for (name, p) in corpus_plans() {
        // Tables created so far (a name can be freed by a rename and taken by a new table).
        let mut created: Vec<String> = Vec::new();
        for s in &p.statements {
            created.extend(table_created(&s.sql));
            let upper = s.sql.to_ascii_uppercase();
            if upper.starts_with("DROP INDEX") {
                assert!(s.lock.is_some(), "{name}: no lock: {}", s.sql);
                assert!(
                    s.hazards.iter().any(|h| h.kind == HazardKind::IndexDropped)
                        || p.statements.iter().any(|r| r.sql.starts_with("ALTER INDEX")
                            && r.sql.contains("_new RENAME TO")),
                    "{name}: index dropped without saying so: {}",
                    s.sql
                );
                checked += 1;
                continue;
            }
            if upper.starts_with("ALTER INDEX") {
                let index = words(&s.sql)[2].clone();
                assert_eq!(
                    s.lock.as_ref().map(|l| l.relation.clone()),
                    Some(relation_of(&index)),
                    "{name}: {}",
                    s.sql
                );
                continue;
            }
            let Some(table) = table_acted_on(&s.sql) else {
                continue;
            };
            let is_index = upper.starts_with("CREATE") && upper.contains(" INDEX ");
            if created.contains(&table) {
                // A new table needs no lock information; its foreign keys lock only the
                // referenced table, when that one exists.
                if let Some(lock) = &s.lock {
                    assert!(upper.contains("FOREIGN KEY"), "{name}: {}", s.sql);
                    assert_eq!(lock.level, SRE, "{name}: {}", s.sql);
                    assert!(
                        !created.iter().any(|c| relation_of(c) == lock.relation),
                        "{name}: {}",
                        s.sql
                    );
                }
                assert!(
                    !s.hazards.iter().any(|h| h.kind == HazardKind::IndexBuild),
                    "{name}: {}",
                    s.sql
                );
                continue;
            }
            let lock = s
                .lock
                .as_ref()
                .unwrap_or_else(|| panic!("{name}: no lock on an existing table: {}", s.sql));
            assert_eq!(lock.relation, relation_of(&table), "{name}: {}", s.sql);
            if is_index {
                assert!(
                    s.hazards.iter().any(|h| h.kind == HazardKind::IndexBuild),
                    "{name}: {}",
                    s.sql
                );
                assert_eq!(lock.effect, Scan, "{name}: {}", s.sql);
                let concurrent = upper.contains("CONCURRENTLY");
                assert_eq!(
                    lock.level,
                    if concurrent { SUE } else { Share },
                    "{name}: {}",
                    s.sql
                );
            }
            if upper.contains(" VALIDATE CONSTRAINT ") {
                assert!(s.own_transaction, "{name}: {}", s.sql);
                assert_eq!((lock.level, lock.effect), (SUE, Scan), "{name}: {}", s.sql);
            }
            if upper.contains(" FOREIGN KEY ") {
                assert_eq!(lock.level, SRE, "{name}: {}", s.sql);
            }
            checked += 1;
        }
        // Only a table's VALIDATE commits on its own.
        for s in &p.statements {
            assert_eq!(
                s.own_transaction,
                s.sql.starts_with("ALTER TABLE") && s.sql.contains(" VALIDATE CONSTRAINT "),
                "{name}: {}",
                s.sql
            );
        }
    }
    assert!(checked > 300, "only {checked} statements checked");
}
