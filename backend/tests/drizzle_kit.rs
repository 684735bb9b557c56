//! Drizzle interoperability against the real drizzle-kit, drizzle-orm and TypeScript pinned in
//! `tests/drizzle/package.json` (run `npm ci` in `tests/drizzle` first; these tests fail, not
//! skip, when its `node_modules` is missing).
//!
//! For the demo schema, the every-feature schema and a schema of awkward names and values:
//!
//! 1. `tsc --noEmit` (strict) accepts the exported TypeScript.
//! 2. `drizzle-kit generate` over the exported TypeScript and migration folder reports
//!    "No schema changes, nothing to migrate".
//! 3. `drizzle-kit generate` over the exported TypeScript into an empty folder writes a snapshot
//!    equal to Joinery's (ids aside), and importing that snapshot gives back the model (less what
//!    Drizzle cannot express).
//! 4. `drizzle-kit migrate` applies the exported folder to a fresh PostgreSQL database, which
//!    then introspects exactly like a database built by applying Joinery's own DDL directly.

use std::path::{Path, PathBuf};
use std::process::Command;

use joinery_backend::cli::export::write_all;
use joinery_backend::introspect::{introspect, IntrospectOptions};
use joinery_backend::testing::TestDb;
use joinery_shared::demo::{demo_document, every_feature_document};
use joinery_shared::drizzle::{
    drizzle_subset, export_migrations_with, export_schema_ts, import_snapshot,
    import_snapshot_with_warnings, TsOptions,
};
use joinery_shared::import::rederive_ids;
use joinery_shared::model::{ColumnType, Document, NullsOrder, Schema, DEFAULT_SCHEMA};
use joinery_shared::normalize::canonical;

/// `tests/drizzle`, the pinned node project.
fn node_project() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("tests")
        .join("drizzle")
}

/// Its `node_modules`, or a failure saying how to install it.
fn node_modules() -> PathBuf {
    let nm = node_project().join("node_modules");
    for tool in [
        "drizzle-kit/bin.cjs",
        "typescript/bin/tsc",
        "drizzle-orm/package.json",
    ] {
        assert!(
            nm.join(tool).exists(),
            "{} is missing: run `npm ci` in {} (the pinned drizzle-kit, drizzle-orm and \
             TypeScript these tests run)",
            nm.join(tool).display(),
            node_project().display()
        );
    }
    nm
}

/// A temporary drizzle project: exported schema and migrations, `node_modules` linked in.
struct Project {
    dir: tempfile::TempDir,
}

impl Project {
    fn new(doc: &Document) -> Project {
        Project::with_options(doc, &TsOptions::default())
    }

    fn with_options(doc: &Document, options: &TsOptions) -> Project {
        let nm = node_modules();
        let dir = tempfile::tempdir().expect("temp dir");
        std::os::unix::fs::symlink(&nm, dir.path().join("node_modules"))
            .expect("link node_modules");
        write_all(&dir.path().join("schema"), &export_schema_ts(doc, options))
            .expect("write schema");
        let migrations = export_migrations_with(
            &[("init".to_string(), doc.clone(), 1_764_000_000_000)],
            &|_, _| Vec::new(),
        );
        write_all(&dir.path().join("migrations"), &migrations).expect("write migrations");
        std::fs::write(
            dir.path().join("tsconfig.json"),
            r#"{
  "compilerOptions": {
    "strict": true,
    "noEmit": true,
    "target": "ES2022",
    "module": "ESNext",
    "moduleResolution": "Bundler",
    "skipLibCheck": true,
    "types": []
  },
  "include": ["schema/**/*.ts"]
}
"#,
        )
        .expect("write tsconfig");
        Project { dir }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes `<name>.config.ts` for drizzle-kit and returns its file name.
    fn config(&self, name: &str, out: &str, url: Option<&str>) -> String {
        let credentials = url
            .map(|u| format!("  dbCredentials: {{ url: {u:?} }},\n"))
            .unwrap_or_default();
        let file = format!("{name}.config.ts");
        std::fs::write(
            self.path().join(&file),
            format!(
                "import {{ defineConfig }} from 'drizzle-kit';\n\nexport default defineConfig({{\n  \
                 schema: './schema/index.ts',\n  out: {out:?},\n  dialect: 'postgresql',\n{credentials}}});\n"
            ),
        )
        .expect("write drizzle config");
        file
    }

    /// Runs a node script of the pinned toolchain in the project; panics with its output when it
    /// fails. Returns stdout and stderr together.
    fn node(&self, script: &str, args: &[&str]) -> String {
        let out = Command::new("node")
            .arg(node_modules().join(script))
            .args(args)
            .current_dir(self.path())
            .output()
            .unwrap_or_else(|e| panic!("cannot run node (is Node.js installed?): {e}"));
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            out.status.success(),
            "node {script} {args:?} failed ({}):\n{text}\nproject kept at {}",
            out.status,
            self.path().display()
        );
        text
    }

    fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path().join(rel))
            .unwrap_or_else(|e| panic!("cannot read {rel}: {e}"))
    }
}

fn derived(doc: &Document) -> Document {
    let mut d = doc.clone();
    d.schema = rederive_ids(&d.schema);
    d
}

/// What PostgreSQL implies and a snapshot records explicitly (serial and identity columns are
/// NOT NULL; `DESC NULLS FIRST` / `ASC NULLS LAST` are the default orderings).
fn implied(schema: &Schema) -> Schema {
    let mut s = schema.clone();
    for t in &mut s.tables {
        for c in &mut t.columns {
            if c.identity.is_some()
                || matches!(
                    c.ty,
                    ColumnType::Serial | ColumnType::SmallSerial | ColumnType::BigSerial
                )
            {
                c.not_null = true;
            }
        }
        for ix in &mut t.indexes {
            for p in &mut ix.parts {
                if matches!(
                    (p.descending, p.nulls),
                    (true, Some(NullsOrder::First)) | (false, Some(NullsOrder::Last))
                ) {
                    p.nulls = None;
                }
            }
        }
    }
    s
}

/// Equal schemas, or a failure showing where the pretty JSON first differs.
fn assert_same(what: &str, got: &Schema, want: &Schema) {
    let g = serde_json::to_string_pretty(got).expect("json");
    let w = serde_json::to_string_pretty(want).expect("json");
    if g != w {
        let gl: Vec<&str> = g.lines().collect();
        let wl: Vec<&str> = w.lines().collect();
        let first = gl
            .iter()
            .zip(&wl)
            .position(|(a, b)| a != b)
            .unwrap_or(gl.len().min(wl.len()));
        let from = first.saturating_sub(15);
        panic!(
            "{what}: schemas differ at line {first}:\n--- got\n{}\n--- want\n{}",
            gl[from..(first + 8).min(gl.len())].join("\n"),
            wl[from..(first + 8).min(wl.len())].join("\n")
        );
    }
}

/// A snapshot without its ids, for structural comparison.
fn without_ids(json: &str) -> serde_json::Value {
    let mut v: serde_json::Value = serde_json::from_str(json).expect("snapshot is JSON");
    if let Some(o) = v.as_object_mut() {
        o.remove("id");
        o.remove("prevId");
    }
    v
}

fn tsc_accepts(doc: &Document) {
    let p = Project::new(doc);
    p.node("typescript/bin/tsc", &["-p", "tsconfig.json"]);
}

fn generate_finds_no_changes(doc: &Document) {
    let p = Project::new(doc);
    let config = p.config("drizzle", "./migrations", None);
    let out = p.node(
        "drizzle-kit/bin.cjs",
        &["generate", &format!("--config={config}")],
    );
    assert!(
        out.contains("No schema changes, nothing to migrate"),
        "drizzle-kit generate found changes:\n{out}\nproject kept at {}",
        p.dir.keep().display()
    );
}

fn drizzle_snapshot_matches_and_imports(doc: &Document) {
    let p = Project::new(doc);
    let config = p.config("fresh", "./fresh", None);
    p.node(
        "drizzle-kit/bin.cjs",
        &["generate", &format!("--config={config}")],
    );
    let theirs = p.read("fresh/meta/0000_snapshot.json");
    let ours = p.read("migrations/meta/0000_snapshot.json");
    assert_eq!(
        without_ids(&ours),
        without_ids(&theirs),
        "Joinery's snapshot differs from drizzle-kit's for the same TypeScript"
    );
    let strip = |s: &str| {
        s.lines()
            .filter(|l| !l.contains("\"id\":") && !l.contains("\"prevId\":"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(
        strip(&ours),
        strip(&theirs),
        "snapshots differ in key order or layout"
    );
    let (back, warnings) =
        import_snapshot_with_warnings(&theirs).expect("drizzle-kit's snapshot imports");
    assert!(warnings.is_empty(), "{warnings:#?}");
    let want = canonical(&implied(&drizzle_subset(&derived(doc).schema)));
    assert_same(
        "import of drizzle-kit's snapshot",
        &canonical(&back.schema),
        &want,
    );
}

/// The schemas to introspect: the model's, without drizzle-kit's own `drizzle` bookkeeping.
fn introspect_options(schema: &Schema) -> IntrospectOptions {
    let mut names = vec![DEFAULT_SCHEMA.to_string()];
    for n in schema
        .namespaces
        .iter()
        .map(|n| n.name.clone())
        .chain(schema.tables.iter().map(|t| t.schema.clone()))
        .chain(schema.enums.iter().map(|e| e.schema.clone()))
    {
        if !names.contains(&n) {
            names.push(n);
        }
    }
    IntrospectOptions {
        schemas: Some(names),
    }
}

async fn migrate_builds_the_modelled_database(doc: &Document) {
    let p = Project::new(doc);
    let options = introspect_options(&doc.schema);

    let db = TestDb::create().await;
    let config = p.config("migrate", "./migrations", Some(&db.url));
    p.node(
        "drizzle-kit/bin.cjs",
        &["migrate", &format!("--config={config}")],
    );
    let pool = db.pool().await;
    let via_drizzle = introspect(&pool, &options).await;
    pool.close().await;
    db.drop_db().await;
    let via_drizzle = via_drizzle
        .expect("introspect the migrated database")
        .schema;

    let db = TestDb::create().await;
    let pool = db.pool().await;
    let sql = joinery_shared::ddl::render_schema(&doc.schema);
    let applied = sqlx::raw_sql(&sql).execute(&pool).await;
    let direct = match applied {
        Ok(_) => introspect(&pool, &options).await,
        Err(e) => {
            pool.close().await;
            db.drop_db().await;
            panic!("Joinery's DDL does not apply: {e}");
        }
    };
    pool.close().await;
    db.drop_db().await;
    let direct = direct
        .expect("introspect the directly built database")
        .schema;

    assert_same(
        "drizzle-kit migrate vs Joinery's DDL",
        &canonical(&via_drizzle),
        &canonical(&direct),
    );
    // And the migrated database holds what the model says (names, types, keys): the loose
    // expression comparison lives in introspect_roundtrip.rs; here, the object inventory.
    let want = canonical(&rederive_ids(&doc.schema));
    let got = canonical(&via_drizzle);
    let names = |s: &Schema| -> Vec<String> {
        s.tables
            .iter()
            .flat_map(|t| {
                std::iter::once(format!("{}.{}", t.schema, t.name)).chain(
                    t.columns
                        .iter()
                        .map(move |c| format!("{}.{}.{}", t.schema, t.name, c.name)),
                )
            })
            .chain(
                s.enums
                    .iter()
                    .map(|e| format!("enum {}.{}", e.schema, e.name)),
            )
            .chain(
                s.views
                    .iter()
                    .map(|v| format!("view {}.{}", v.schema, v.name)),
            )
            .collect()
    };
    assert_eq!(names(&got), names(&want));
}

/// A two-version history: the demo without one table, then the demo. The second migration
/// is planned by hand here (the new table's DDL), which is enough to check the folder's chain:
/// journal entries, snapshot ids and `prevId`s that drizzle-kit accepts and builds on.
#[tokio::test]
async fn two_versions_chain_and_migrate() {
    let full = demo_document();
    let mut first = full.clone();
    let dropped = first.schema.tables.pop().expect("demo has tables");
    assert!(
        first
            .schema
            .tables
            .iter()
            .all(|t| t.foreign_keys.iter().all(|fk| fk.ref_table != dropped.id)),
        "the demo's last table must not be referenced, so it can be dropped for this test"
    );
    let dropped_id = dropped.id.clone();
    let p = Project::new(&full);
    let migrations = export_migrations_with(
        &[
            ("first".to_string(), first, 1_764_000_000_000),
            ("add table".to_string(), full.clone(), 1_764_000_100_000),
        ],
        &|_, to| {
            vec![joinery_shared::ddl::render_selection(
                &to.schema,
                std::slice::from_ref(&dropped_id),
            )]
        },
    );
    std::fs::remove_dir_all(p.path().join("migrations")).expect("clear migrations");
    write_all(&p.path().join("migrations"), &migrations).expect("write migrations");
    let journal = p.read("migrations/meta/_journal.json");
    assert!(journal.contains("\"tag\": \"0001_add_table\""), "{journal}");
    let config = p.config("drizzle", "./migrations", None);
    let out = p.node(
        "drizzle-kit/bin.cjs",
        &["check", &format!("--config={config}")],
    );
    assert!(
        out.contains("Everything's fine"),
        "drizzle-kit check:\n{out}"
    );
    let out = p.node(
        "drizzle-kit/bin.cjs",
        &["generate", &format!("--config={config}")],
    );
    assert!(
        out.contains("No schema changes, nothing to migrate"),
        "drizzle-kit generate found changes:\n{out}"
    );
    let db = TestDb::create().await;
    let config = p.config("migrate", "./migrations", Some(&db.url));
    p.node(
        "drizzle-kit/bin.cjs",
        &["migrate", &format!("--config={config}")],
    );
    let pool = db.pool().await;
    let applied: Vec<(i64,)> =
        sqlx::query_as("SELECT created_at FROM drizzle.__drizzle_migrations ORDER BY id")
            .fetch_all(&pool)
            .await
            .expect("drizzle-kit's migrations table");
    let got = introspect(&pool, &introspect_options(&full.schema)).await;
    pool.close().await;
    db.drop_db().await;
    assert_eq!(applied, vec![(1_764_000_000_000,), (1_764_000_100_000,)]);
    let got = got.expect("introspect").schema;
    let mut names: Vec<String> = got.tables.iter().map(|t| t.name.clone()).collect();
    let mut want: Vec<String> = full.schema.tables.iter().map(|t| t.name.clone()).collect();
    names.sort();
    want.sort();
    assert_eq!(names, want);
}

/// One file per layout group: drizzle-kit sees the same schema.
#[test]
fn grouped_files_generate_no_changes_and_compile() {
    let doc = demo_document();
    assert!(!doc.layout.groups.is_empty(), "the demo has layout groups");
    let p = Project::with_options(&doc, &TsOptions { group_files: true });
    assert!(
        p.path().join("schema/wealthSharing.schema.ts").exists(),
        "the 'Wealth sharing' group has its own file"
    );
    p.node("typescript/bin/tsc", &["-p", "tsconfig.json"]);
    let config = p.config("drizzle", "./migrations", None);
    let out = p.node(
        "drizzle-kit/bin.cjs",
        &["generate", &format!("--config={config}")],
    );
    assert!(
        out.contains("No schema changes, nothing to migrate"),
        "{out}"
    );
    let config = p.config("fresh", "./fresh", None);
    p.node(
        "drizzle-kit/bin.cjs",
        &["generate", &format!("--config={config}")],
    );
    assert_eq!(
        without_ids(&p.read("migrations/meta/0000_snapshot.json")),
        without_ids(&p.read("fresh/meta/0000_snapshot.json"))
    );
}

/// Generated realistic schemas (several seeds): TypeScript compiles, drizzle-kit finds no change
/// and writes the same snapshot, which imports back to the model.
#[test]
fn generated_schemas_round_trip_through_drizzle_kit() {
    for seed in [3_u64, 17, 2024] {
        let doc = joinery_shared::generate::realistic_schema(seed, 14, 8);
        let p = Project::new(&doc);
        p.node("typescript/bin/tsc", &["-p", "tsconfig.json"]);
        let config = p.config("drizzle", "./migrations", None);
        let out = p.node(
            "drizzle-kit/bin.cjs",
            &["generate", &format!("--config={config}")],
        );
        assert!(
            out.contains("No schema changes, nothing to migrate"),
            "seed {seed}: drizzle-kit found changes:\n{out}"
        );
        let config = p.config("fresh", "./fresh", None);
        p.node(
            "drizzle-kit/bin.cjs",
            &["generate", &format!("--config={config}")],
        );
        let theirs = p.read("fresh/meta/0000_snapshot.json");
        assert_eq!(
            without_ids(&p.read("migrations/meta/0000_snapshot.json")),
            without_ids(&theirs),
            "seed {seed}"
        );
        let back = import_snapshot(&theirs).expect("import");
        assert_same(
            &format!("seed {seed}"),
            &canonical(&back.schema),
            &canonical(&implied(&drizzle_subset(&derived(&doc).schema))),
        );
    }
}

#[tokio::test]
async fn generated_schema_migrate_builds_the_modelled_database() {
    migrate_builds_the_modelled_database(&joinery_shared::generate::realistic_schema(17, 14, 8))
        .await;
}

/// Index predicates and view queries without whitespace and parentheses.
fn loose_texts(schema: &Schema) -> Schema {
    let squeeze = |t: &str| -> String {
        t.chars()
            .filter(|c| !c.is_whitespace() && !matches!(c, '(' | ')'))
            .collect()
    };
    let mut s = schema.clone();
    for t in &mut s.tables {
        for ix in &mut t.indexes {
            ix.predicate = ix.predicate.as_deref().map(squeeze);
        }
    }
    for v in &mut s.views {
        v.query = squeeze(&v.query);
    }
    s
}

/// `drizzle-kit pull` of a database built from the demo: its snapshot imports to what Joinery's
/// own introspection reads from the same database.
#[tokio::test]
async fn pulled_snapshot_imports_like_introspection() {
    let doc = demo_document();
    let p = Project::new(&doc);
    let db = TestDb::create().await;
    let config = p.config("migrate", "./migrations", Some(&db.url));
    p.node(
        "drizzle-kit/bin.cjs",
        &["migrate", &format!("--config={config}")],
    );
    let pull = p.config("pull", "./pulled", Some(&db.url));
    p.node(
        "drizzle-kit/bin.cjs",
        &["pull", &format!("--config={pull}")],
    );
    let pool = db.pool().await;
    let introspected = introspect(&pool, &introspect_options(&doc.schema)).await;
    pool.close().await;
    db.drop_db().await;
    let journal = p.read("pulled/meta/_journal.json");
    let latest = joinery_shared::drizzle::latest_snapshot_path(&journal).expect("journal");
    let (pulled, warnings) =
        import_snapshot_with_warnings(&p.read(&format!("pulled/{latest}"))).expect("import");
    assert!(warnings.is_empty(), "{warnings:#?}");
    let want = drizzle_subset(&introspected.expect("introspect").schema);
    // drizzle-kit pull prints index predicates and view queries differently from PostgreSQL's
    // `pg_get_viewdef` layout (outer parentheses, whitespace); compare those loosely.
    assert_same(
        "import of drizzle-kit pull vs introspection",
        &loose_texts(&canonical(&pulled.schema)),
        &loose_texts(&canonical(&want)),
    );
}

/// Copies a directory tree (the fixture schema) into place.
fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create dir");
    for entry in std::fs::read_dir(from).expect("read fixture dir") {
        let entry = entry.expect("dir entry");
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy fixture file");
        }
    }
}

/// A schema written the way users write theirs (`tests/drizzle/fixtures/seed-api`): drizzle-kit
/// snapshots it; Joinery imports the snapshot, and Joinery's own TypeScript for the imported
/// model is, to drizzle-kit, the same schema. The SQL drizzle-kit wrote for the user's schema
/// builds a database that introspects to the imported model.
#[tokio::test]
async fn users_drizzle_schema_imports_and_exports_back_unchanged() {
    let nm = node_modules();
    let dir = tempfile::tempdir().expect("temp dir");
    std::os::unix::fs::symlink(&nm, dir.path().join("node_modules")).expect("link node_modules");
    copy_tree(
        &node_project().join("fixtures/seed-api/schema"),
        &dir.path().join("schema"),
    );
    let p = Project { dir };
    let config = p.config("drizzle", "./migrations", None);
    p.node(
        "drizzle-kit/bin.cjs",
        &["generate", &format!("--config={config}")],
    );
    let journal = p.read("migrations/meta/_journal.json");
    let latest = joinery_shared::drizzle::latest_snapshot_path(&journal).expect("journal");
    let imported = import_snapshot(&p.read(&format!("migrations/{latest}"))).expect("import");
    let s = &imported.schema;

    let members = s
        .tables
        .iter()
        .find(|t| t.name == "resource_memberships")
        .expect("resource_memberships imported");
    let pk = members.primary_key.as_ref().expect("composite primary key");
    assert_eq!(pk.columns.len(), 3);
    assert_eq!(
        pk.name, None,
        "drizzle's conventional composite key name is Joinery's too"
    );
    let communities = s
        .tables
        .iter()
        .find(|t| t.name == "communities")
        .expect("communities");
    let min_trust = communities
        .column_named("min_trust_to_award_trust")
        .expect("column");
    assert_eq!(
        min_trust.default,
        Some(joinery_shared::model::DefaultValue::Json(
            serde_json::json!({"type": "number", "value": 15})
        ))
    );
    let wealth = s
        .tables
        .iter()
        .find(|t| t.name == "wealth")
        .expect("wealth");
    assert_eq!(
        wealth
            .column_named("status")
            .and_then(|c| c.default.clone()),
        Some(joinery_shared::model::DefaultValue::String("active".into()))
    );
    assert_eq!(wealth.indexes.len(), 1);
    assert_eq!(wealth.indexes[0].name, None, "conventional index name");
    assert_eq!(wealth.foreign_keys.len(), 2);
    assert!(wealth.foreign_keys.iter().all(|fk| fk.name.is_none()));

    // Joinery's TypeScript for the imported model, over the user's own migration folder.
    std::fs::remove_dir_all(p.path().join("schema")).expect("remove user schema");
    write_all(
        &p.path().join("schema"),
        &export_schema_ts(&imported, &TsOptions::default()),
    )
    .expect("write Joinery's schema");
    std::fs::write(
        p.path().join("tsconfig.json"),
        r#"{ "compilerOptions": { "strict": true, "noEmit": true, "target": "ES2022", "module": "ESNext", "moduleResolution": "Bundler", "skipLibCheck": true, "types": [] }, "include": ["schema/**/*.ts"] }"#,
    )
    .expect("write tsconfig");
    p.node("typescript/bin/tsc", &["-p", "tsconfig.json"]);
    let out = p.node(
        "drizzle-kit/bin.cjs",
        &["generate", &format!("--config={config}")],
    );
    // The one difference drizzle-kit sees: the model keeps JSON defaults as values, so the
    // user's key order inside `trust_titles` objects (`name`, `minScore`) comes back sorted.
    // drizzle-kit compares default texts, so it re-sets the (equal) jsonb default once.
    let mut sql = String::new();
    for e in std::fs::read_dir(p.path().join("migrations")).expect("migrations dir") {
        let path = e.expect("entry").path();
        if path.to_string_lossy().contains("/0001_") {
            sql = std::fs::read_to_string(path).expect("read 0001 migration");
        }
    }
    assert_eq!(
        sql.trim(),
        "ALTER TABLE \"communities\" ALTER COLUMN \"trust_titles\" SET DEFAULT \
         '{\"titles\":[{\"minScore\":0,\"name\":\"New\"},{\"minScore\":10,\"name\":\"Stable\"},\
         {\"minScore\":50,\"name\":\"Trusted\"}]}'::jsonb;",
        "drizzle-kit output:\n{out}"
    );

    // drizzle-kit's own SQL for the user's schema builds what the import says.
    let db = TestDb::create().await;
    let migrate = p.config("migrate", "./migrations", Some(&db.url));
    p.node(
        "drizzle-kit/bin.cjs",
        &["migrate", &format!("--config={migrate}")],
    );
    let pool = db.pool().await;
    let got = introspect(&pool, &introspect_options(s)).await;
    pool.close().await;
    db.drop_db().await;
    assert_same(
        "database built by drizzle-kit's SQL vs imported snapshot",
        &canonical(&got.expect("introspect").schema),
        &canonical(s),
    );
}

/// A history planned by Joinery's migration planner: the demo without `councils`, the demo, then
/// the demo with a new column and a new enum label. drizzle-kit accepts the folder, finds the
/// last version's TypeScript unchanged, and its migrator builds the same database as applying the
/// last version's DDL directly.
#[tokio::test]
async fn planned_history_migrates_like_the_last_version() {
    let v1 = demo_document();
    let mut v0 = v1.clone();
    v0.schema.tables.retain(|t| t.name != "councils");
    let mut v2 = v1.clone();
    let communities = v2
        .schema
        .tables
        .iter_mut()
        .find(|t| t.name == "communities")
        .expect("demo has communities");
    communities.columns.push(joinery_shared::model::Column {
        collation: None,
        id: joinery_shared::model::Id::new("co_communities_slug"),
        name: "slug".into(),
        ty: ColumnType::Varchar { length: Some(100) },
        not_null: false,
        default: None,
        identity: None,
        identity_options: Default::default(),
        generated: None,
        comment: None,
    });
    let status = v2
        .schema
        .enums
        .iter_mut()
        .find(|e| e.name == "wealth_status")
        .expect("demo has wealth_status");
    status.values.push(joinery_shared::model::EnumValue {
        id: joinery_shared::model::Id::new("ev_wealth_status_archived"),
        name: "archived".into(),
    });

    let p = Project::new(&v2);
    let migrations = joinery_shared::drizzle::export_migrations(&[
        ("start".to_string(), v0, 1_764_000_000_000),
        ("councils".to_string(), v1, 1_764_000_100_000),
        (
            "slug and archived".to_string(),
            v2.clone(),
            1_764_000_200_000,
        ),
    ]);
    std::fs::remove_dir_all(p.path().join("migrations")).expect("clear migrations");
    write_all(&p.path().join("migrations"), &migrations).expect("write migrations");
    let last = p.read("migrations/0002_slug_and_archived.sql");
    assert!(last.contains("slug"), "{last}");
    assert!(last.contains("archived"), "{last}");
    let config = p.config("drizzle", "./migrations", None);
    let out = p.node(
        "drizzle-kit/bin.cjs",
        &["check", &format!("--config={config}")],
    );
    assert!(
        out.contains("Everything's fine"),
        "drizzle-kit check:\n{out}"
    );
    let out = p.node(
        "drizzle-kit/bin.cjs",
        &["generate", &format!("--config={config}")],
    );
    assert!(
        out.contains("No schema changes, nothing to migrate"),
        "drizzle-kit generate found changes:\n{out}"
    );

    let options = introspect_options(&v2.schema);
    let db = TestDb::create().await;
    let config = p.config("migrate", "./migrations", Some(&db.url));
    p.node(
        "drizzle-kit/bin.cjs",
        &["migrate", &format!("--config={config}")],
    );
    let pool = db.pool().await;
    let via_drizzle = introspect(&pool, &options).await;
    pool.close().await;
    db.drop_db().await;

    let db = TestDb::create().await;
    let pool = db.pool().await;
    sqlx::raw_sql(&joinery_shared::ddl::render_schema(&v2.schema))
        .execute(&pool)
        .await
        .expect("the last version's DDL applies");
    let direct = introspect(&pool, &options).await;
    pool.close().await;
    db.drop_db().await;
    assert_same(
        "planned history vs the last version's DDL",
        &canonical(&without_column_order(
            &via_drizzle.expect("introspect").schema,
        )),
        &canonical(&without_column_order(&direct.expect("introspect").schema)),
    );
}

/// Columns sorted by name: `ADD COLUMN` appends, so a column added in a later version sits last
/// in the database whatever its place in the model.
fn without_column_order(schema: &Schema) -> Schema {
    let mut s = schema.clone();
    for t in &mut s.tables {
        t.columns.sort_by(|a, b| a.name.cmp(&b.name));
    }
    s
}

/// Names and values that need care in TypeScript (see `shared/tests/drizzle_cases/quirky.sql`).
fn quirky_document() -> Document {
    let result = joinery_shared::import::import_sql(include_str!(
        "../../shared/tests/drizzle_cases/quirky.sql"
    ));
    assert!(result.errors.is_empty(), "{:?}", result.errors);
    result.document
}

#[test]
fn quirky_typescript_compiles() {
    tsc_accepts(&quirky_document());
}

#[test]
fn quirky_generate_finds_no_changes() {
    generate_finds_no_changes(&quirky_document());
}

#[test]
fn quirky_snapshot_equals_drizzle_kits_and_imports_back() {
    drizzle_snapshot_matches_and_imports(&quirky_document());
}

#[tokio::test]
async fn quirky_migrate_builds_the_modelled_database() {
    migrate_builds_the_modelled_database(&quirky_document()).await;
}

#[test]
fn demo_typescript_compiles() {
    tsc_accepts(&demo_document());
}

#[test]
fn every_feature_typescript_compiles() {
    tsc_accepts(&every_feature_document());
}

#[test]
fn demo_generate_finds_no_changes() {
    generate_finds_no_changes(&demo_document());
}

#[test]
fn every_feature_generate_finds_no_changes() {
    generate_finds_no_changes(&every_feature_document());
}

#[test]
fn demo_snapshot_equals_drizzle_kits_and_imports_back() {
    drizzle_snapshot_matches_and_imports(&demo_document());
}

#[test]
fn every_feature_snapshot_equals_drizzle_kits_and_imports_back() {
    drizzle_snapshot_matches_and_imports(&every_feature_document());
}

#[tokio::test]
async fn demo_migrate_builds_the_modelled_database() {
    migrate_builds_the_modelled_database(&demo_document()).await;
}

#[tokio::test]
async fn every_feature_migrate_builds_the_modelled_database() {
    migrate_builds_the_modelled_database(&every_feature_document()).await;
}
