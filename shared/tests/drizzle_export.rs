//! Drizzle export and import, without drizzle-kit (the real drizzle-kit runs in
//! `backend/tests/drizzle_kit.rs`).

use joinery_shared::demo::{demo_document, every_feature_document};
use joinery_shared::drizzle::{
    drizzle_subset, export_migrations_with, export_schema_ts, import_migration_folder,
    import_snapshot, snapshot_json, unsupported, TsOptions,
};
use joinery_shared::import::rederive_ids;
use joinery_shared::model::{ColumnType, Document, NullsOrder, Schema};
use joinery_shared::normalize::canonical;

fn file<'a>(files: &'a [(String, String)], path: &str) -> &'a str {
    files
        .iter()
        .find(|(p, _)| p == path)
        .map(|(_, c)| c.as_str())
        .unwrap_or_else(|| {
            panic!(
                "no file {path} in {:?}",
                files.iter().map(|f| &f.0).collect::<Vec<_>>()
            )
        })
}

fn dump(name: &str, files: &[(String, String)]) {
    if let Ok(dir) = std::env::var("JOINERY_DUMP_DRIZZLE") {
        let root = std::path::Path::new(&dir).join(name);
        for (p, c) in files {
            let path = root.join(p);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, c).unwrap();
        }
    }
}

#[test]
fn demo_schema_files_follow_the_seed_layout() {
    let doc = demo_document();
    let files = export_schema_ts(&doc, &TsOptions::default());
    dump("demo/schema", &files);
    let index = file(&files, "index.ts");
    assert!(index.contains("export * from './enums.schema';"));
    assert!(index.contains("export * from './communities.schema';"));
    let communities = file(&files, "communities.schema.ts");
    assert!(
        communities.contains("export const communities = pgTable('communities', {"),
        "{communities}"
    );
    assert!(
        communities.contains("id: uuid('id').defaultRandom().primaryKey(),"),
        "{communities}"
    );
    assert!(
        communities.contains("createdAt: timestamp('created_at').defaultNow(),"),
        "{communities}"
    );
    let wealth = file(&files, "wealth.schema.ts");
    assert!(
        wealth.contains(
            "  communityId: uuid('community_id')\n    .notNull()\n    .references(() => communities.id, { onDelete: 'cascade' }),\n"
        ),
        "{wealth}"
    );
    let enums = file(&files, "enums.schema.ts");
    assert!(enums.contains("pgEnum('wealth_status', ["), "{enums}");
}

#[test]
fn every_feature_files_and_snapshot() {
    let doc = every_feature_document();
    let files = export_schema_ts(&doc, &TsOptions::default());
    dump("every/schema", &files);
    let every = file(&files, "everyType.schema.ts");
    assert!(
        every.contains("bigint('id', { mode: 'number' }).generatedAlwaysAsIdentity().primaryKey()"),
        "{every}"
    );
    assert!(every.contains(".references((): AnyPgColumn => everyType.id, { onDelete: 'set null', onUpdate: 'cascade' })"), "{every}");
    assert!(every.contains(".references((): AnyPgColumn => everyType.id, { onDelete: 'set null', onUpdate: 'cascade' })")
        || every.contains("foreignKey({ name: 'every_type_parent_id_every_type_id_fk'"), "{every}");
    assert!(
        every.contains("// joinery: index every_type_recent_enabled has INCLUDE columns"),
        "{every}"
    );
    let ns = file(&files, "namespaces.schema.ts");
    assert!(
        ns.contains("export const billingSchema = pgSchema('billing');"),
        "{ns}"
    );
    let mig = export_migrations_with(
        &[("init".to_string(), doc.clone(), 1_700_000_000_000)],
        &|_, _| Vec::new(),
    );
    dump("every/migrations", &mig);
    let sql = file(&mig, "0000_init.sql");
    assert!(sql.contains("--> statement-breakpoint"));
    let journal = file(&mig, "meta/_journal.json");
    assert!(journal.contains("\"tag\": \"0000_init\""), "{journal}");
    assert!(!unsupported(&doc.schema).is_empty());
}

fn derived(doc: &Document) -> Document {
    let mut d = doc.clone();
    d.schema = rederive_ids(&d.schema);
    d
}

#[test]
fn own_snapshot_imports_to_the_same_model() {
    for doc in [demo_document(), every_feature_document()] {
        let doc = derived(&doc);
        let json = snapshot_json(
            &doc.schema,
            "00000000-0000-4000-8000-000000000001",
            "00000000-0000-0000-0000-000000000000",
        );
        let back = import_snapshot(&json).expect("import");
        let want = canonical(&default_nulls_as_none(&drizzle_subset(&doc.schema)));
        let got = canonical(&back.schema);
        assert_same(&got, &want);
    }
}

/// What PostgreSQL implies and drizzle-kit records explicitly: serial and identity columns are
/// NOT NULL; `NULLS FIRST` on a descending part and `NULLS LAST` on an ascending one are the
/// defaults, which a snapshot (like `pg_get_indexdef`) does not tell from an unstated order.
fn default_nulls_as_none(schema: &Schema) -> Schema {
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

/// Compares two schemas as pretty JSON and reports the first differing lines.
fn assert_same(got: &Schema, want: &Schema) {
    let g = serde_json::to_string_pretty(got).unwrap();
    let w = serde_json::to_string_pretty(want).unwrap();
    if g != w {
        let gl: Vec<&str> = g.lines().collect();
        let wl: Vec<&str> = w.lines().collect();
        let first = gl
            .iter()
            .zip(&wl)
            .position(|(a, b)| a != b)
            .unwrap_or(gl.len().min(wl.len()));
        let from = first.saturating_sub(12);
        panic!(
            "schemas differ at line {first}:\n--- got\n{}\n--- want\n{}",
            gl[from..(first + 6).min(gl.len())].join("\n"),
            wl[from..(first + 6).min(wl.len())].join("\n")
        );
    }
}

/// Names and values that need care in TypeScript: reserved words, non-ASCII names, the same table
/// name in two schemas, JSON keys JavaScript reorders, numbers JavaScript cannot hold, template
/// characters, expression index orderings and operator classes.
pub fn quirky_document() -> Document {
    let result = joinery_shared::import::import_sql(include_str!("drizzle_cases/quirky.sql"));
    assert!(result.errors.is_empty(), "{:?}", result.errors);
    result.document
}

#[test]
fn quirky_schema_exports_and_round_trips() {
    let doc = quirky_document();
    let files = export_schema_ts(&doc, &TsOptions::default());
    dump("quirky/schema", &files);
    let mig = export_migrations_with(&[("init".to_string(), doc.clone(), 1)], &|_, _| Vec::new());
    dump("quirky/migrations", &mig);
    let del = file(&files, "delete2.schema.ts");
    assert!(
        del.contains("export const delete2 = pgTable('delete', {"),
        "{del}"
    );
    assert!(
        del.contains("class: integer('class').primaryKey(),"),
        "{del}"
    );
    assert!(
        del.contains("'naïve': text('naïve').default('x'),"),
        "{del}"
    );
    assert!(
        del.contains("big: bigint('big', { mode: 'number' }).default(sql`9007199254740993`),"),
        "{del}"
    );
    assert!(
        del.contains("t: text('t').default('a${b}`c\\\\d'),"),
        "{del}"
    );
    let users = file(&files, "users.schema.ts");
    assert!(
        users.contains("sql`lower(name) DESC NULLS LAST`"),
        "{users}"
    );
    assert!(files.iter().any(|(p, _)| p == "auditUsers.schema.ts"));
    let json = snapshot_json(&doc.schema, "x", "y");
    assert!(
        json.contains(
            r#""default": "'{\"2\":[1.5,\"a\"],\"10\":2,\"__proto__\":null,\"b\":1}'::jsonb""#
        ),
        "{json}"
    );
    let back = import_snapshot(&json).expect("import");
    assert_same(
        &canonical(&back.schema),
        &canonical(&default_nulls_as_none(&drizzle_subset(&doc.schema))),
    );
}

#[test]
fn policies_and_row_security_round_trip_through_a_snapshot() {
    let r = joinery_shared::import::import_sql(
        "CREATE TABLE posts (id uuid PRIMARY KEY, author uuid NOT NULL, published boolean NOT NULL);
         ALTER TABLE posts ENABLE ROW LEVEL SECURITY;
         CREATE POLICY \"read published\" ON posts FOR SELECT TO authenticated, anon USING (published);
         CREATE POLICY own_rows ON posts AS RESTRICTIVE FOR UPDATE TO authenticated
           USING (author = current_setting('app.user')::uuid) WITH CHECK (author = current_setting('app.user')::uuid);
         CREATE POLICY everyone ON posts FOR INSERT WITH CHECK (true);
         CREATE TABLE notes (id integer PRIMARY KEY);
         CREATE POLICY mine ON notes USING (id > 0);
         CREATE TABLE locked (id integer PRIMARY KEY);
         ALTER TABLE locked ENABLE ROW LEVEL SECURITY;",
    );
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    let doc = derived(&r.document);
    let json = snapshot_json(&doc.schema, "x", "y");
    let (back, warnings) =
        joinery_shared::drizzle::import_snapshot_with_warnings(&json).expect("import");
    assert!(warnings.is_empty(), "{warnings:#?}");
    assert_same(
        &canonical(&back.schema),
        &canonical(&default_nulls_as_none(&drizzle_subset(&doc.schema))),
    );
    let notes = back
        .schema
        .tables
        .iter()
        .find(|t| t.name == "notes")
        .unwrap();
    assert!(
        notes.row_security.enabled,
        "drizzle-kit enables RLS with a policy"
    );
    let posts = back
        .schema
        .tables
        .iter()
        .find(|t| t.name == "posts")
        .unwrap();
    assert_eq!(posts.policies.len(), 3);
    let locked = back
        .schema
        .tables
        .iter()
        .find(|t| t.name == "locked")
        .unwrap();
    assert!(locked.row_security.enabled && locked.policies.is_empty());
}

#[test]
fn a_snapshot_policy_that_cannot_be_read_is_left_out_with_its_path() {
    let json = r#"{"version": "7", "dialect": "postgresql", "tables": {"public.t": {
        "name": "t", "schema": "", "columns": {"id": {"name": "id", "type": "integer", "primaryKey": true, "notNull": true}},
        "indexes": {}, "foreignKeys": {}, "compositePrimaryKeys": {}, "uniqueConstraints": {}, "checkConstraints": {},
        "policies": {"bad": {"name": "bad", "as": "PERMISSIVE", "for": "SELECT", "to": ["public"], "withCheck": "true"},
                     "odd": {"name": "odd", "as": "SOMETIMES", "for": "ALL", "to": ["public"]},
                     "ok": {"name": "ok", "as": "PERMISSIVE", "for": "ALL", "to": ["public"], "using": "id > 0"}},
        "isRLSEnabled": false}}, "enums": {}, "schemas": {}, "sequences": {}, "roles": {}, "policies": {}, "views": {},
        "_meta": {"columns": {}, "schemas": {}, "tables": {}}}"#;
    let (doc, warnings) = joinery_shared::drizzle::import_snapshot_with_warnings(json).unwrap();
    let t = &doc.schema.tables[0];
    assert_eq!(t.policies.len(), 1);
    assert!(t.policies[0].roles.is_empty(), "PUBLIC is the default");
    assert!(t.row_security.enabled);
    assert_eq!(warnings.len(), 2, "{warnings:#?}");
    assert!(warnings
        .iter()
        .any(|w| w.starts_with("tables.public.t.policies.bad:") && w.contains("withCheck")));
    assert!(warnings
        .iter()
        .any(|w| w.contains("policies.odd") && w.contains("SOMETIMES")));
}

#[test]
fn generated_schemas_snapshot_round_trip() {
    for seed in 0..40 {
        let doc = joinery_shared::generate::realistic_schema(seed, 10, 8);
        let json = snapshot_json(&doc.schema, "x", "y");
        let back = import_snapshot(&json).expect("import");
        assert_same(
            &canonical(&back.schema),
            &canonical(&default_nulls_as_none(&drizzle_subset(
                &derived(&doc).schema,
            ))),
        );
    }
}

#[test]
fn a_whole_migration_folder_imports_its_newest_snapshot() {
    let old = demo_document();
    let new = every_feature_document();
    let folder: Vec<(String, String)> = export_migrations_with(
        &[("a".into(), old, 1), ("b".into(), new.clone(), 2)],
        &|_, _| Vec::new(),
    )
    .into_iter()
    .map(|(p, c)| (format!("drizzle/{p}"), c))
    .collect();
    let doc = import_migration_folder(&folder).expect("import folder");
    assert_same(
        &canonical(&doc.schema),
        &canonical(&default_nulls_as_none(&drizzle_subset(
            &derived(&new).schema,
        ))),
    );
    let without_snapshot: Vec<_> = folder
        .iter()
        .filter(|(p, _)| !p.ends_with("0001_snapshot.json"))
        .cloned()
        .collect();
    assert!(import_migration_folder(&without_snapshot).is_err());
    assert!(import_migration_folder(&[]).is_err());
}

#[test]
fn planned_migrations_use_the_planner() {
    let v1 = demo_document();
    let mut v0 = v1.clone();
    v0.schema.tables.retain(|t| t.name != "councils");
    let files = joinery_shared::drizzle::export_migrations(&[
        ("start".to_string(), v0, 1),
        ("councils".to_string(), v1, 2),
    ]);
    dump("planned", &files);
    let second = file(&files, "0001_councils.sql");
    assert!(second.contains("CREATE TABLE councils"), "{second}");
    assert!(!second.contains("CREATE TABLE communities"), "{second}");
    assert!(second.contains("--> statement-breakpoint"), "{second}");
}

#[test]
fn export_is_deterministic() {
    let doc = every_feature_document();
    let a = export_migrations_with(&[("a".into(), doc.clone(), 1)], &|_, _| Vec::new());
    let b = export_migrations_with(&[("a".into(), doc, 1)], &|_, _| Vec::new());
    assert_eq!(a, b);
}

#[test]
fn index_storage_parameters_are_written_with_with() {
    let r = joinery_shared::import::import_sql(
        "CREATE TABLE logs (id int PRIMARY KEY, at timestamptz, body text);
CREATE INDEX logs_at_idx ON logs (at) WITH (fillfactor = 70, deduplicate_items = off);
CREATE INDEX logs_body_idx ON logs (body COLLATE \"C\");
COMMENT ON INDEX logs_body_idx IS 'search';",
    );
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    let files = export_schema_ts(&r.document, &TsOptions::default());
    let logs = file(&files, "logs.schema.ts");
    assert!(
        logs.contains(".with({ deduplicate_items: 'off', fillfactor: 70 })"),
        "{logs}"
    );
    // What Drizzle cannot express is said, not dropped silently.
    let notes = unsupported(&r.document.schema);
    assert!(
        notes
            .iter()
            .any(|n| n.contains("logs_body_idx") && n.contains("COLLATE")),
        "{notes:?}"
    );
    assert!(
        notes
            .iter()
            .any(|n| n.contains("logs_body_idx") && n.contains("comment on index")),
        "{notes:?}"
    );
}
