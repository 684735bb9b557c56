//! The planner's output for each kind of change: exact SQL, transactionality and hazards. Every
//! statement that deletes data must carry `DeletesData`; the last test checks that rule over all
//! of them.

use joinery_shared::import::import_sql;
use joinery_shared::model::Schema;
use joinery_shared::plan::{migrate, reverse, HazardKind, Plan, PlanOptions};

use HazardKind::{DataNotRestored as NotRestored, NotTransactional as NoTx};
use HazardKind::{DeletesData as Del, LocksTable as Lock, MayFailOnExistingData as Fail};
use HazardKind::{IndexBuild as Build, IndexDropped as IxDrop};

fn schema(sql: &str) -> Schema {
    let r = import_sql(sql);
    assert!(r.errors.is_empty(), "import errors: {:?}", r.errors);
    r.document.schema
}

fn plan_with(from: &str, to: &str, online: bool) -> Plan {
    migrate(&schema(from), &schema(to), &PlanOptions { online })
}

/// (sql, hazard kinds) of each statement.
fn steps(p: &Plan) -> Vec<(String, Vec<HazardKind>)> {
    p.statements
        .iter()
        .map(|s| (s.sql.clone(), s.hazards.iter().map(|h| h.kind).collect()))
        .collect()
}

fn check(from: &str, to: &str, expected: &[(&str, &[HazardKind])]) {
    check_with(from, to, false, expected)
}

fn check_with(from: &str, to: &str, online: bool, expected: &[(&str, &[HazardKind])]) {
    let p = plan_with(from, to, online);
    let got = steps(&p);
    let want: Vec<(String, Vec<HazardKind>)> = expected
        .iter()
        .map(|(s, h)| (s.to_string(), h.to_vec()))
        .collect();
    assert_eq!(got, want, "plan was:\n{}", p.to_sql());
    // Non-transactional statements always say so.
    for s in &p.statements {
        assert_eq!(
            !s.transactional,
            s.hazards.iter().any(|h| h.kind == NoTx),
            "{}",
            s.sql
        );
    }
}

const T: &str = "CREATE TABLE t (id int PRIMARY KEY);";

fn t_with(col: &str) -> String {
    format!("CREATE TABLE t (id int PRIMARY KEY, {col});")
}

#[test]
fn equal_schemas_plan_nothing() {
    let sql = "CREATE TYPE st AS ENUM ('a','b');
        CREATE TABLE t (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), s st NOT NULL DEFAULT 'a',
          p numeric CONSTRAINT p_pos CHECK (p > 0));
        CREATE INDEX t_p_idx ON t (p) WHERE p > 10;
        CREATE VIEW v AS SELECT id FROM t;";
    assert!(plan_with(sql, sql, false).is_empty());
}

#[test]
fn postgres_reprinted_expressions_are_no_change() {
    check(
        &t_with("p numeric CONSTRAINT p_pos CHECK (p > 0), s text DEFAULT 'x'"),
        &t_with("p numeric CONSTRAINT p_pos CHECK ((p > (0)::numeric)), s text DEFAULT 'x'::text"),
        &[],
    );
}

#[test]
fn create_and_drop_table() {
    check(
        "",
        "CREATE TABLE t (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), name text NOT NULL);",
        &[(
            "CREATE TABLE t (\n    id uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,\n    name text NOT NULL\n);",
            &[],
        )],
    );
    check(T, "", &[("DROP TABLE t;", &[Del])]);
}

#[test]
fn add_columns() {
    check(
        T,
        &t_with("name text"),
        &[("ALTER TABLE t ADD COLUMN name text;", &[])],
    );
    check(
        T,
        &t_with("name text NOT NULL"),
        &[("ALTER TABLE t ADD COLUMN name text NOT NULL;", &[Fail])],
    );
    check(
        T,
        &t_with("name text NOT NULL DEFAULT 'x'"),
        &[(
            "ALTER TABLE t ADD COLUMN name text DEFAULT 'x' NOT NULL;",
            &[],
        )],
    );
    // A volatile default is evaluated per row: the table is rewritten.
    check(
        T,
        &t_with("u uuid NOT NULL DEFAULT gen_random_uuid()"),
        &[(
            "ALTER TABLE t ADD COLUMN u uuid DEFAULT gen_random_uuid() NOT NULL;",
            &[Lock],
        )],
    );
}

#[test]
fn drop_column_deletes_data() {
    check(
        &t_with("name text"),
        T,
        &[("ALTER TABLE t DROP COLUMN name;", &[Lock, Del])],
    );
}

#[test]
fn type_changes() {
    check(
        &t_with("n text"),
        &t_with("n integer"),
        &[(
            "ALTER TABLE t ALTER COLUMN n TYPE integer USING n::integer;",
            &[Lock, Fail, Del],
        )],
    );
    check(
        &t_with("n varchar(100)"),
        &t_with("n varchar(50)"),
        &[(
            "ALTER TABLE t ALTER COLUMN n TYPE varchar(50);",
            &[Lock, Fail, Del],
        )],
    );
    check(
        &t_with("n varchar(50)"),
        &t_with("n varchar(100)"),
        &[("ALTER TABLE t ALTER COLUMN n TYPE varchar(100);", &[Lock])],
    );
    check(
        &t_with("n bigint"),
        &t_with("n integer"),
        &[(
            "ALTER TABLE t ALTER COLUMN n TYPE integer;",
            &[Lock, Fail, Del],
        )],
    );
    check(
        &t_with("n integer"),
        &t_with("n bigint"),
        &[("ALTER TABLE t ALTER COLUMN n TYPE bigint;", &[Lock])],
    );
    check(
        &t_with("n text"),
        &t_with("n varchar(20)"),
        &[(
            "ALTER TABLE t ALTER COLUMN n TYPE varchar(20);",
            &[Lock, Fail, Del],
        )],
    );
    check(
        &t_with("n varchar(36)"),
        &t_with("n uuid"),
        &[(
            "ALTER TABLE t ALTER COLUMN n TYPE uuid USING n::uuid;",
            &[Lock, Fail, Del],
        )],
    );
}

#[test]
fn text_to_enum_casts() {
    let e = "CREATE TYPE st AS ENUM ('a','b');";
    check(
        &format!("{e}{}", t_with("n text")),
        &format!("{e}{}", t_with("n st")),
        &[(
            "ALTER TABLE t ALTER COLUMN n TYPE st USING n::st;",
            &[Lock, Fail, Del],
        )],
    );
}

#[test]
fn nullability_and_defaults() {
    check(
        &t_with("n text"),
        &t_with("n text NOT NULL"),
        &[("ALTER TABLE t ALTER COLUMN n SET NOT NULL;", &[Lock, Fail])],
    );
    check(
        &t_with("n text NOT NULL"),
        &t_with("n text"),
        &[("ALTER TABLE t ALTER COLUMN n DROP NOT NULL;", &[])],
    );
    check(
        &t_with("n int"),
        &t_with("n int DEFAULT 3"),
        &[("ALTER TABLE t ALTER COLUMN n SET DEFAULT 3;", &[])],
    );
    check(
        &t_with("n int DEFAULT 3"),
        &t_with("n int"),
        &[("ALTER TABLE t ALTER COLUMN n DROP DEFAULT;", &[])],
    );
}

#[test]
fn identity() {
    let always = "CREATE TABLE t (id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY);";
    let by_default = "CREATE TABLE t (id int GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY);";
    // The identity's sequence is moved past the existing keys, or the next insert collides.
    check(
        T,
        always,
        &[
            (
                "ALTER TABLE t ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY;",
                &[Lock],
            ),
            (
                "SELECT setval(pg_get_serial_sequence('t', 'id'), max(id)) FROM t;",
                &[],
            ),
        ],
    );
    check(
        always,
        T,
        &[("ALTER TABLE t ALTER COLUMN id DROP IDENTITY;", &[Del])],
    );
    check(
        always,
        by_default,
        &[(
            "ALTER TABLE t ALTER COLUMN id SET GENERATED BY DEFAULT;",
            &[],
        )],
    );
}

#[test]
fn generated_columns() {
    let gen = |e: &str| t_with(&format!("a int, b int GENERATED ALWAYS AS ({e}) STORED"));
    check(
        &gen("a * 2"),
        &gen("a * 3"),
        &[
            ("ALTER TABLE t DROP COLUMN b;", &[Lock, Del]),
            (
                "ALTER TABLE t ADD COLUMN b integer GENERATED ALWAYS AS (a * 3) STORED;",
                &[Lock],
            ),
        ],
    );
    check(
        &gen("a * 2"),
        &t_with("a int, b int"),
        &[("ALTER TABLE t ALTER COLUMN b DROP EXPRESSION;", &[])],
    );
}

#[test]
fn comments() {
    check(
        T,
        &format!("{T} COMMENT ON COLUMN t.id IS 'key';"),
        &[("COMMENT ON COLUMN t.id IS 'key';", &[])],
    );
    check(
        T,
        &format!("{T} COMMENT ON TABLE t IS 'things';"),
        &[("COMMENT ON TABLE t IS 'things';", &[])],
    );
    check(
        &format!("{T} COMMENT ON TABLE t IS 'things';"),
        T,
        &[("COMMENT ON TABLE t IS NULL;", &[])],
    );
}

#[test]
fn enums_created_and_dropped() {
    check(
        "",
        "CREATE TYPE st AS ENUM ('a','b');",
        &[("CREATE TYPE st AS ENUM ('a', 'b');", &[])],
    );
    check(
        "CREATE TYPE st AS ENUM ('a','b');",
        "",
        &[("DROP TYPE st;", &[])],
    );
}

#[test]
fn enum_values_added_in_place_outside_a_transaction() {
    let from = "CREATE TYPE st AS ENUM ('a','b');";
    check(
        from,
        "CREATE TYPE st AS ENUM ('a','b','c');",
        &[("ALTER TYPE st ADD VALUE 'c' AFTER 'b';", &[NoTx])],
    );
    check(
        from,
        "CREATE TYPE st AS ENUM ('z','a','b');",
        &[("ALTER TYPE st ADD VALUE 'z' BEFORE 'a';", &[NoTx])],
    );
    check(
        from,
        "CREATE TYPE st AS ENUM ('a','m','b');",
        &[("ALTER TYPE st ADD VALUE 'm' AFTER 'a';", &[NoTx])],
    );
    let p = plan_with(from, "CREATE TYPE st AS ENUM ('a','b','c');", false);
    assert!(!p.statements[0].transactional);
}

#[test]
fn enum_value_removed_rebuilds_the_type() {
    check(
        "CREATE TYPE st AS ENUM ('a','b','c');
         CREATE TABLE t (id int PRIMARY KEY, s st NOT NULL DEFAULT 'a');",
        "CREATE TYPE st AS ENUM ('a','c');
         CREATE TABLE t (id int PRIMARY KEY, s st NOT NULL DEFAULT 'a');",
        &[
            ("ALTER TYPE st RENAME TO st_old;", &[]),
            ("CREATE TYPE st AS ENUM ('a', 'c');", &[]),
            ("ALTER TABLE t ALTER COLUMN s DROP DEFAULT;", &[]),
            (
                "ALTER TABLE t ALTER COLUMN s TYPE st USING s::text::st;",
                &[Lock, Fail],
            ),
            ("ALTER TABLE t ALTER COLUMN s SET DEFAULT 'a';", &[]),
            ("DROP TYPE st_old;", &[Del]),
        ],
    );
}

#[test]
fn enum_reorder_rebuilds_without_data_loss() {
    check(
        "CREATE TYPE st AS ENUM ('a','b');",
        "CREATE TYPE st AS ENUM ('b','a');",
        &[
            ("ALTER TYPE st RENAME TO st_old;", &[]),
            ("CREATE TYPE st AS ENUM ('b', 'a');", &[]),
            ("DROP TYPE st_old;", &[]),
        ],
    );
}

#[test]
fn renames_are_renames() {
    let from = schema(
        "CREATE TYPE st AS ENUM ('a','b');
         CREATE TABLE t (id int PRIMARY KEY, n text, s st);
         CREATE INDEX t_n_idx ON t (n);
         ALTER TABLE t ADD CONSTRAINT n_len CHECK (length(n) < 10);",
    );
    let mut to = from.clone();
    to.enums[0].name = "status".into();
    to.enums[0].values[1].name = "bee".into();
    let t = &mut to.tables[0];
    t.name = "things".into();
    t.columns[1].name = "label".into();
    t.indexes[0].name = Some("things_label_idx".into());
    t.checks[0].name = "label_len".into();
    t.checks[0].expression = "length(label) < 10".into();
    let p = migrate(&from, &to, &PlanOptions::default());
    let sql: Vec<&str> = p.statements.iter().map(|s| s.sql.as_str()).collect();
    assert_eq!(
        sql,
        [
            "ALTER TYPE st RENAME TO status;",
            "ALTER TYPE status RENAME VALUE 'b' TO 'bee';",
            "ALTER TABLE t RENAME TO things;",
            // PostgreSQL keeps `t_pkey` when the table is renamed; the conventional name follows it.
            // Constraint renames go with the table's, before any table is created.
            "ALTER TABLE things RENAME CONSTRAINT t_pkey TO things_pkey;",
            "ALTER TABLE things RENAME CONSTRAINT n_len TO label_len;",
            "ALTER INDEX t_n_idx RENAME TO things_label_idx;",
            "ALTER TABLE things RENAME COLUMN n TO label;",
        ],
        "{}",
        p.to_sql()
    );
    assert!(p
        .statements
        .iter()
        .all(|s| s.hazards.iter().all(|h| h.kind == Lock)));
}

#[test]
fn table_moved_to_another_schema() {
    let from = schema("CREATE SCHEMA app; CREATE TABLE t (id int PRIMARY KEY);");
    let mut to = from.clone();
    to.tables[0].schema = "app".into();
    let p = migrate(&from, &to, &PlanOptions::default());
    assert_eq!(
        steps(&p),
        [("ALTER TABLE t SET SCHEMA app;".to_string(), vec![Lock])]
    );
}

#[test]
fn constraints() {
    check(
        &t_with("p numeric"),
        &t_with("p numeric CONSTRAINT p_pos CHECK (p > 0)"),
        &[(
            "ALTER TABLE t ADD CONSTRAINT p_pos CHECK (p > 0);",
            &[Lock, Fail],
        )],
    );
    check(
        &t_with("p numeric CONSTRAINT p_pos CHECK (p > 0)"),
        &t_with("p numeric CONSTRAINT p_pos CHECK (p >= 0)"),
        &[
            ("ALTER TABLE t DROP CONSTRAINT p_pos;", &[]),
            (
                "ALTER TABLE t ADD CONSTRAINT p_pos CHECK (p >= 0);",
                &[Lock, Fail],
            ),
        ],
    );
    check(
        &t_with("e text"),
        &t_with("e text UNIQUE"),
        &[(
            "ALTER TABLE t ADD CONSTRAINT t_e_key UNIQUE (e);",
            &[Lock, Fail],
        )],
    );
    check(
        "CREATE TABLE t (id int NOT NULL);",
        T,
        &[(
            "ALTER TABLE t ADD CONSTRAINT t_pkey PRIMARY KEY (id);",
            &[Lock, Fail],
        )],
    );
}

#[test]
fn foreign_keys() {
    let a = "CREATE TABLE a (id int PRIMARY KEY);";
    check(
        &format!("{a} CREATE TABLE b (id int PRIMARY KEY, a_id int);"),
        &format!("{a} CREATE TABLE b (id int PRIMARY KEY, a_id int REFERENCES a(id) ON DELETE CASCADE);"),
        &[(
            "ALTER TABLE b ADD CONSTRAINT b_a_id_fkey FOREIGN KEY (a_id) REFERENCES a (id) ON DELETE CASCADE ON UPDATE NO ACTION;",
            &[Fail],
        )],
    );
    check(
        &format!("{a} CREATE TABLE b (id int PRIMARY KEY, a_id int REFERENCES a(id));"),
        &format!("{a} CREATE TABLE b (id int PRIMARY KEY, a_id int);"),
        &[("ALTER TABLE b DROP CONSTRAINT b_a_id_fkey;", &[])],
    );
}

#[test]
fn foreign_key_cycle_between_new_tables() {
    let p = plan_with(
        "",
        "CREATE TABLE a (id int PRIMARY KEY, b_id int);
         CREATE TABLE b (id int PRIMARY KEY, a_id int REFERENCES a(id));
         ALTER TABLE a ADD FOREIGN KEY (b_id) REFERENCES b(id);",
        false,
    );
    let sql: Vec<&str> = p.statements.iter().map(|s| s.sql.as_str()).collect();
    let creates = sql.iter().filter(|s| s.starts_with("CREATE TABLE")).count();
    assert_eq!(creates, 2);
    // Both tables exist before either foreign key is added.
    let last_create = sql
        .iter()
        .rposition(|s| s.starts_with("CREATE TABLE"))
        .unwrap();
    let first_fk = sql.iter().position(|s| s.contains("FOREIGN KEY")).unwrap();
    assert!(last_create < first_fk, "{}", p.to_sql());
}

#[test]
fn online_constraints_are_not_valid_then_validated() {
    check_with(
        &t_with("p numeric"),
        &t_with("p numeric CONSTRAINT p_pos CHECK (p > 0)"),
        true,
        &[
            (
                "ALTER TABLE t ADD CONSTRAINT p_pos CHECK (p > 0) NOT VALID;",
                &[],
            ),
            ("ALTER TABLE t VALIDATE CONSTRAINT p_pos;", &[Fail]),
        ],
    );
    let a = "CREATE TABLE a (id int PRIMARY KEY);";
    check_with(
        &format!("{a} CREATE TABLE b (id int PRIMARY KEY, a_id int);"),
        &format!("{a} CREATE TABLE b (id int PRIMARY KEY, a_id int REFERENCES a(id));"),
        true,
        &[
            (
                "ALTER TABLE b ADD CONSTRAINT b_a_id_fkey FOREIGN KEY (a_id) REFERENCES a (id) ON DELETE NO ACTION ON UPDATE NO ACTION NOT VALID;",
                &[],
            ),
            ("ALTER TABLE b VALIDATE CONSTRAINT b_a_id_fkey;", &[Fail]),
        ],
    );
}

#[test]
fn indexes() {
    let with_idx = |e: &str| format!("{} CREATE INDEX t_e_idx ON t ({e});", t_with("e text"));
    check(
        &t_with("e text"),
        &with_idx("e"),
        &[("CREATE INDEX t_e_idx ON t USING btree (e);", &[Lock, Build])],
    );
    check(
        &with_idx("e"),
        &t_with("e text"),
        &[("DROP INDEX t_e_idx;", &[IxDrop])],
    );
    check(
        &with_idx("e"),
        &with_idx("lower(e)"),
        &[
            ("DROP INDEX t_e_idx;", &[IxDrop]),
            (
                "CREATE INDEX t_e_idx ON t USING btree ((lower(e)));",
                &[Lock, Build],
            ),
        ],
    );
    // Online: CONCURRENTLY, outside a transaction.
    check_with(
        &t_with("e text"),
        &with_idx("e"),
        true,
        &[(
            "CREATE INDEX CONCURRENTLY t_e_idx ON t USING btree (e);",
            &[NoTx, Build],
        )],
    );
    check_with(
        &with_idx("e"),
        &t_with("e text"),
        true,
        &[("DROP INDEX CONCURRENTLY t_e_idx;", &[NoTx, IxDrop])],
    );
    // Online, a changed index is built beside the old one under a temporary name, then takes
    // the name: the table is never without it, and nothing is reported dropped.
    check_with(
        &with_idx("e"),
        &with_idx("lower(e)"),
        true,
        &[
            (
                "CREATE INDEX CONCURRENTLY t_e_idx_new ON t USING btree ((lower(e)));",
                &[NoTx, Build],
            ),
            ("DROP INDEX CONCURRENTLY t_e_idx;", &[NoTx]),
            ("ALTER INDEX t_e_idx_new RENAME TO t_e_idx;", &[]),
        ],
    );
}

#[test]
fn views_are_recreated_around_changes_to_their_tables() {
    check(
        &format!("{} CREATE VIEW v AS SELECT id, n FROM t;", t_with("n text")),
        &format!(
            "{} CREATE VIEW v AS SELECT id, n FROM t;",
            t_with("n varchar(10)")
        ),
        &[
            ("DROP VIEW v;", &[]),
            (
                "ALTER TABLE t ALTER COLUMN n TYPE varchar(10);",
                &[Lock, Fail, Del],
            ),
            ("CREATE VIEW v AS\nSELECT id, n FROM t;", &[]),
        ],
    );
    check(
        T,
        &format!("{T} CREATE VIEW v AS SELECT id FROM t;"),
        &[("CREATE VIEW v AS\nSELECT id FROM t;", &[])],
    );
    check(
        &format!("{T} CREATE VIEW v AS SELECT id FROM t;"),
        T,
        &[("DROP VIEW v;", &[])],
    );
}

#[test]
fn namespaces() {
    check(
        "",
        "CREATE SCHEMA app; CREATE TABLE app.t (id int PRIMARY KEY);",
        &[
            ("CREATE SCHEMA app;", &[]),
            (
                "CREATE TABLE app.t (\n    id integer PRIMARY KEY NOT NULL\n);",
                &[],
            ),
        ],
    );
    check(
        "CREATE SCHEMA app; CREATE TABLE app.t (id int PRIMARY KEY);",
        "",
        &[("DROP TABLE app.t;", &[Del]), ("DROP SCHEMA app;", &[Del])],
    );
}

#[test]
fn to_sql_prints_hazards_as_comments() {
    let p = plan_with(&t_with("name text"), T, false);
    assert_eq!(
        p.to_sql(),
        "-- hazard: locks or rewrites the table: takes an ACCESS EXCLUSIVE lock on public.t (blocks reads and writes)\n\
         -- hazard: deletes data: drops column t.name and its data\n\
         ALTER TABLE t DROP COLUMN name;\n\n"
    );
}

#[test]
fn down_migration_says_data_is_not_restored() {
    let (from, to) = (schema(&t_with("name text")), schema(T));
    let down = reverse(&from, &to, &PlanOptions::default());
    assert_eq!(
        steps(&down),
        [(
            "ALTER TABLE t ADD COLUMN name text;".to_string(),
            vec![NotRestored]
        )]
    );
    let (from, to) = (schema(T), schema(""));
    let down = reverse(&from, &to, &PlanOptions::default());
    assert_eq!(down.statements.len(), 1);
    assert!(down.statements[0]
        .hazards
        .iter()
        .any(|h| h.kind == NotRestored));
}

#[test]
fn every_data_deleting_statement_is_flagged() {
    let pairs: &[(&str, &str)] = &[
        (T, ""),
        (&t_with("name text"), T),
        (
            "CREATE TYPE st AS ENUM ('a','b','c');",
            "CREATE TYPE st AS ENUM ('a','c');",
        ),
        (
            "CREATE SCHEMA app; CREATE TABLE app.t (id int PRIMARY KEY);",
            "",
        ),
    ];
    for (from, to) in pairs {
        for online in [false, true] {
            let p = plan_with(from, to, online);
            for s in &p.statements {
                let deletes = s.sql.starts_with("DROP TABLE")
                    || s.sql.contains("DROP COLUMN")
                    || s.sql.starts_with("DROP SCHEMA")
                    || (s.sql.starts_with("DROP TYPE") && s.sql.contains("_old"));
                if deletes {
                    assert!(
                        s.hazards.iter().any(|h| h.kind == Del),
                        "unflagged: {}",
                        s.sql
                    );
                }
            }
        }
    }
}

#[test]
fn statements_carry_their_own_inverse_where_one_exists() {
    let p = plan_with(
        &t_with("n text"),
        &format!(
            "{} CREATE INDEX t_e_idx ON t (e);",
            t_with("n text NOT NULL, e text")
        ),
        false,
    );
    let pairs: Vec<(&str, Option<&str>)> = p
        .statements
        .iter()
        .map(|s| (s.sql.as_str(), s.reverse.as_deref()))
        .collect();
    assert_eq!(
        pairs,
        [
            (
                "ALTER TABLE t ALTER COLUMN n SET NOT NULL;",
                Some("ALTER TABLE t ALTER COLUMN n DROP NOT NULL;")
            ),
            (
                "ALTER TABLE t ADD COLUMN e text;",
                Some("ALTER TABLE t DROP COLUMN e;")
            ),
            (
                "CREATE INDEX t_e_idx ON t USING btree (e);",
                Some("DROP INDEX t_e_idx;")
            ),
        ]
    );
    // A drop has no inverse of its own: the data is gone.
    let p = plan_with(&t_with("n text"), T, false);
    assert_eq!(p.statements[0].reverse, None);
}

#[test]
fn serial_to_identity_drops_the_sequence_and_keeps_counting() {
    check(
        "CREATE TABLE w (id serial PRIMARY KEY);",
        "CREATE TABLE w (id integer GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY);",
        &[
            ("ALTER TABLE w ALTER COLUMN id DROP DEFAULT;", &[]),
            (
                "DO $$ DECLARE s text := pg_get_serial_sequence('w', 'id'); BEGIN IF s IS NOT NULL THEN EXECUTE 'DROP SEQUENCE ' || s; END IF; END $$;",
                &[Del],
            ),
            (
                "ALTER TABLE w ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY;",
                &[Lock],
            ),
            (
                "SELECT setval(pg_get_serial_sequence('w', 'id'), max(id)) FROM w;",
                &[],
            ),
        ],
    );
    // And back: a sequence owned by the column, as `serial` makes one.
    check(
        "CREATE TABLE w (id integer PRIMARY KEY);",
        "CREATE TABLE w (id bigserial PRIMARY KEY);",
        &[
            ("ALTER TABLE w ALTER COLUMN id TYPE bigint;", &[Lock]),
            ("CREATE SEQUENCE w_id_seq AS bigint OWNED BY w.id;", &[]),
            (
                "ALTER TABLE w ALTER COLUMN id SET DEFAULT nextval('w_id_seq'::regclass);",
                &[],
            ),
            ("SELECT setval('w_id_seq', max(id)) FROM w;", &[]),
        ],
    );
}

#[test]
fn enum_array_to_other_enum_array_goes_through_text_array() {
    let p = plan_with(
        "CREATE TYPE a AS ENUM ('x'); CREATE TABLE t (id int PRIMARY KEY, h a[]);",
        "CREATE TYPE b AS ENUM ('x', 'y'); CREATE TABLE t (id int PRIMARY KEY, h b[]);",
        false,
    );
    assert!(
        p.statements
            .iter()
            .any(|s| s.sql == "ALTER TABLE t ALTER COLUMN h TYPE b[] USING h::text[]::b[];"),
        "{}",
        p.to_sql()
    );
}

#[test]
fn views_over_dropped_views_are_dropped_first_and_recreated() {
    let from = "CREATE TABLE t (id int PRIMARY KEY, k text);
        CREATE VIEW inner_v AS SELECT id, k FROM t;
        CREATE VIEW outer_v AS SELECT k FROM inner_v;";
    let to = "CREATE TABLE t (id int PRIMARY KEY, k text);
        CREATE VIEW inner_v AS SELECT id, k, 1 AS one FROM t;
        CREATE VIEW outer_v AS SELECT k FROM inner_v;";
    let p = plan_with(from, to, false);
    let sql: Vec<&str> = p.statements.iter().map(|s| s.sql.as_str()).collect();
    assert_eq!(
        &sql[..2],
        &["DROP VIEW outer_v;", "DROP VIEW inner_v;"],
        "{}",
        p.to_sql()
    );
    let create_inner = sql
        .iter()
        .position(|s| s.starts_with("CREATE VIEW inner_v"));
    let create_outer = sql
        .iter()
        .position(|s| s.starts_with("CREATE VIEW outer_v"));
    assert!(
        create_inner.is_some() && create_inner < create_outer,
        "{}",
        p.to_sql()
    );
}

#[test]
fn foreign_keys_over_a_replaced_unique_key_are_dropped_and_re_added() {
    let from = "CREATE TABLE u (id int PRIMARY KEY, email text NOT NULL, CONSTRAINT u_email_key UNIQUE (email));
        CREATE TABLE i (id int PRIMARY KEY, by text REFERENCES u (email));";
    let to = "CREATE TABLE u (id int PRIMARY KEY, email text NOT NULL);
        CREATE UNIQUE INDEX u_email_key ON u (email);
        CREATE TABLE i (id int PRIMARY KEY, by text REFERENCES u (email));";
    check(
        from,
        to,
        &[
            ("ALTER TABLE i DROP CONSTRAINT i_by_fkey;", &[]),
            ("ALTER TABLE u DROP CONSTRAINT u_email_key;", &[]),
            (
                "CREATE UNIQUE INDEX u_email_key ON u USING btree (email);",
                &[Lock, Build, Fail],
            ),
            (
                "ALTER TABLE i ADD CONSTRAINT i_by_fkey FOREIGN KEY (by) REFERENCES u (email) ON DELETE NO ACTION ON UPDATE NO ACTION;",
                &[Fail],
            ),
        ],
    );
}

#[test]
fn retyping_a_column_recreates_its_partial_indexes_checks_and_generated_columns() {
    let from = "CREATE TABLE p (id int PRIMARY KEY, s varchar(20), q int NOT NULL,
            tot int GENERATED ALWAYS AS (q * 2) STORED, CONSTRAINT p_s_check CHECK (s <> 'x'));
        CREATE INDEX p_pub_idx ON p (id) WHERE s = 'pub';
        CREATE INDEX p_s_idx ON p (s);
        CREATE INDEX p_tot_idx ON p (tot);";
    let to = "CREATE TYPE st AS ENUM ('pub', 'x');
        CREATE TABLE p (id int PRIMARY KEY, s st, q bigint NOT NULL,
            tot int GENERATED ALWAYS AS (q * 2) STORED, CONSTRAINT p_s_check CHECK (s <> 'x'));
        CREATE INDEX p_pub_idx ON p (id) WHERE s = 'pub';
        CREATE INDEX p_s_idx ON p (s);
        CREATE INDEX p_tot_idx ON p (tot);";
    let p = plan_with(from, to, false);
    let sql: Vec<&str> = p.statements.iter().map(|s| s.sql.as_str()).collect();
    let at = |want: &str| {
        sql.iter()
            .position(|s| *s == want)
            .unwrap_or_else(|| panic!("missing {want}\n{}", p.to_sql()))
    };
    let retype_s = at("ALTER TABLE p ALTER COLUMN s TYPE st USING s::st;");
    let retype_q = at("ALTER TABLE p ALTER COLUMN q TYPE bigint;");
    // The partial index and the check are dropped before and re-created after; the plain index
    // over the column is left to PostgreSQL.
    assert!(at("DROP INDEX p_pub_idx;") < retype_s);
    assert!(at("ALTER TABLE p DROP CONSTRAINT p_s_check;") < retype_s);
    assert!(at("CREATE INDEX p_pub_idx ON p USING btree (id) WHERE s = 'pub';") > retype_s);
    assert!(at("ALTER TABLE p ADD CONSTRAINT p_s_check CHECK (s <> 'x');") > retype_s);
    assert!(!sql.iter().any(|s| s.contains("p_s_idx")), "{}", p.to_sql());
    // The generated column over q goes before q is retyped and comes back after, with its index.
    let drop_tot = at("ALTER TABLE p DROP COLUMN tot;");
    assert!(drop_tot < retype_q);
    assert!(p.statements[drop_tot].hazards.iter().any(|h| h.kind == Del));
    assert!(
        at("ALTER TABLE p ADD COLUMN tot integer GENERATED ALWAYS AS (q * 2) STORED;") > retype_q
    );
    assert!(at("CREATE INDEX p_tot_idx ON p USING btree (tot);") > retype_q);
}

#[test]
fn renaming_a_serial_table_or_column_renames_its_sequence() {
    let mut to = schema("CREATE TABLE items (item_id serial PRIMARY KEY, n bigserial);");
    let from = schema("CREATE TABLE item (id serial PRIMARY KEY, n bigserial);");
    // The same table and column (by id), renamed.
    to.tables[0].id = from.tables[0].id.clone();
    to.tables[0].columns[0].id = from.tables[0].columns[0].id.clone();
    to.tables[0].columns[1].id = from.tables[0].columns[1].id.clone();
    to.tables[0].primary_key.as_mut().unwrap().id =
        from.tables[0].primary_key.as_ref().unwrap().id.clone();
    to.tables[0].primary_key.as_mut().unwrap().columns = vec![from.tables[0].columns[0].id.clone()];
    let p = migrate(&from, &to, &PlanOptions::default());
    let sql: Vec<&str> = p.statements.iter().map(|s| s.sql.as_str()).collect();
    for want in [
        "ALTER TABLE item RENAME TO items;",
        "ALTER TABLE items RENAME COLUMN id TO item_id;",
        "ALTER SEQUENCE item_id_seq RENAME TO items_item_id_seq;",
        "ALTER SEQUENCE item_n_seq RENAME TO items_n_seq;",
    ] {
        assert!(sql.contains(&want), "missing {want}\n{}", p.to_sql());
    }
}

#[test]
fn enum_rebuild_recreates_checks_and_partial_indexes_over_its_columns() {
    let from = "CREATE TYPE st AS ENUM ('a', 'old', 'b');
        CREATE TABLE j (id int PRIMARY KEY, s st, CONSTRAINT j_s_check CHECK (s <> 'b'));
        CREATE INDEX j_a_idx ON j (id) WHERE s = 'a';
        CREATE INDEX j_s_idx ON j (s);";
    let to = from.replace("'old', ", "");
    let p = plan_with(from, &to, false);
    let sql: Vec<&str> = p.statements.iter().map(|s| s.sql.as_str()).collect();
    let at = |want: &str| {
        sql.iter()
            .position(|s| *s == want)
            .unwrap_or_else(|| panic!("missing {want}\n{}", p.to_sql()))
    };
    let convert = at("ALTER TABLE j ALTER COLUMN s TYPE st USING s::text::st;");
    assert!(at("ALTER TABLE j DROP CONSTRAINT j_s_check;") < convert);
    assert!(at("DROP INDEX j_a_idx;") < convert);
    assert!(at("ALTER TABLE j ADD CONSTRAINT j_s_check CHECK (s <> 'b');") > convert);
    assert!(at("CREATE INDEX j_a_idx ON j USING btree (id) WHERE s = 'a';") > convert);
    assert!(!sql.iter().any(|s| s.contains("j_s_idx")), "{}", p.to_sql());
}

#[test]
fn foreign_keys_of_a_new_table_carry_no_hazard_and_are_never_not_valid() {
    let a = "CREATE TABLE a (id int PRIMARY KEY);";
    let to = format!("{a} CREATE TABLE b (id int PRIMARY KEY, a_id int REFERENCES a(id));");
    for online in [false, true] {
        let p = plan_with(a, &to, online);
        let fk = p
            .statements
            .iter()
            .find(|s| s.sql.contains("FOREIGN KEY"))
            .expect("the foreign key is added");
        assert!(fk.hazards.is_empty(), "{}", p.to_sql());
        assert!(!fk.sql.contains("NOT VALID"), "{}", p.to_sql());
        assert!(!p.to_sql().contains("VALIDATE"), "{}", p.to_sql());
    }
    // On an existing table the same foreign key may fail on its rows.
    check(
        &format!("{a} CREATE TABLE b (id int PRIMARY KEY, a_id int);"),
        &to,
        &[(
            "ALTER TABLE b ADD CONSTRAINT b_a_id_fkey FOREIGN KEY (a_id) REFERENCES a (id) ON DELETE NO ACTION ON UPDATE NO ACTION;",
            &[Fail],
        )],
    );
}

#[test]
fn a_table_renamed_onto_a_dropped_tables_name_goes_after_the_drop_and_back_before_the_create() {
    let from = schema(
        "CREATE TABLE accounts (id int PRIMARY KEY);
         CREATE TABLE accounts_v2 (id bigint PRIMARY KEY);",
    );
    let mut to = from.clone();
    to.tables.remove(0);
    to.tables[0].name = "accounts".into();
    let p = migrate(&from, &to, &PlanOptions::default());
    let sql: Vec<&str> = p.statements.iter().map(|s| s.sql.as_str()).collect();
    let drop = sql
        .iter()
        .position(|s| s.starts_with("DROP TABLE accounts;"));
    let rename = sql.iter().position(|s| s.contains("RENAME TO accounts;"));
    assert!(drop.is_some() && drop < rename, "{}", p.to_sql());
    // Down: the renamed table gives the name back before the dropped one is re-created, and
    // so does its primary key.
    let down = reverse(&from, &to, &PlanOptions::default());
    let sql: Vec<&str> = down.statements.iter().map(|s| s.sql.as_str()).collect();
    let rename = sql
        .iter()
        .position(|s| s.contains("RENAME TO accounts_v2;"));
    let pk = sql
        .iter()
        .position(|s| s.contains("RENAME CONSTRAINT accounts_pkey TO accounts_v2_pkey"));
    let create = sql
        .iter()
        .position(|s| s.starts_with("CREATE TABLE accounts "));
    assert!(rename.is_some() && pk.is_some(), "{}", down.to_sql());
    assert!(rename < create && pk < create, "{}", down.to_sql());
}

#[test]
fn a_column_renamed_onto_a_dropped_columns_name_recreates_indexes_over_it() {
    let from = schema(
        "CREATE TABLE people (id int PRIMARY KEY, name varchar(50), full_name text);
         CREATE INDEX people_name_idx ON people (name);",
    );
    let mut to = from.clone();
    let t = &mut to.tables[0];
    let old_name_id = t.columns[1].id.clone();
    t.columns.remove(1);
    t.columns[1].name = "name".into();
    let renamed_id = t.columns[1].id.clone();
    for part in &mut t.indexes[0].parts {
        if part.key == joinery_shared::model::IndexKey::Column(old_name_id.clone()) {
            part.key = joinery_shared::model::IndexKey::Column(renamed_id.clone());
        }
    }
    let p = migrate(&from, &to, &PlanOptions::default());
    let sql: Vec<&str> = p.statements.iter().map(|s| s.sql.as_str()).collect();
    let drop = sql
        .iter()
        .position(|s| *s == "ALTER TABLE people DROP COLUMN name;");
    let rename = sql
        .iter()
        .position(|s| *s == "ALTER TABLE people RENAME COLUMN full_name TO name;");
    let index = sql
        .iter()
        .position(|s| s.starts_with("CREATE INDEX people_name_idx"));
    assert!(drop.is_some() && drop < rename, "{}", p.to_sql());
    assert!(index.is_some() && rename < index, "{}", p.to_sql());
}

#[test]
fn views_over_columns_of_a_rebuilt_enum_are_dropped_and_recreated() {
    // The view never names the type, but PostgreSQL refuses to retype a column a view reads.
    let view = "CREATE VIEW open_tickets AS SELECT id, state FROM tickets WHERE state = 'open';";
    let p = plan_with(
        &format!(
            "CREATE TYPE st AS ENUM ('open', 'pending', 'closed');
             CREATE TABLE tickets (id int PRIMARY KEY, state st NOT NULL); {view}"
        ),
        &format!(
            "CREATE TYPE st AS ENUM ('open', 'closed');
             CREATE TABLE tickets (id int PRIMARY KEY, state st NOT NULL); {view}"
        ),
        false,
    );
    let sql: Vec<&str> = p.statements.iter().map(|s| s.sql.as_str()).collect();
    let drop = sql
        .iter()
        .position(|s| s.starts_with("DROP VIEW open_tickets"));
    let retype = sql
        .iter()
        .position(|s| s.contains("ALTER COLUMN state TYPE st"));
    let create = sql
        .iter()
        .position(|s| s.starts_with("CREATE VIEW open_tickets"));
    assert!(
        drop.is_some() && retype.is_some() && create.is_some(),
        "{}",
        p.to_sql()
    );
    assert!(drop < retype && retype < create, "{}", p.to_sql());
}

#[test]
fn a_view_taking_a_tables_name_comes_after_the_table_is_dropped() {
    check(
        &format!("{T} CREATE TABLE vip (id int PRIMARY KEY);"),
        &format!("{T} CREATE VIEW vip AS SELECT id FROM t;"),
        &[
            ("DROP TABLE vip;", &[Del]),
            ("CREATE VIEW vip AS\nSELECT id FROM t;", &[]),
        ],
    );
    check(
        &format!("{T} CREATE VIEW vip AS SELECT id FROM t;"),
        &format!("{T} CREATE TABLE vip (id int PRIMARY KEY);"),
        &[
            ("DROP VIEW vip;", &[]),
            (
                "CREATE TABLE vip (\n    id integer PRIMARY KEY NOT NULL\n);",
                &[],
            ),
        ],
    );
}

#[test]
fn views_selecting_star_are_created_after_columns_are_dropped() {
    check(
        &format!("{} CREATE VIEW v AS SELECT * FROM t;", t_with("n text")),
        &format!("{T} CREATE VIEW v AS SELECT * FROM t;"),
        &[
            ("DROP VIEW v;", &[]),
            ("ALTER TABLE t DROP COLUMN n;", &[Lock, Del]),
            ("CREATE VIEW v AS\nSELECT * FROM t;", &[]),
        ],
    );
    // A new column is in `*` too: the view is created again to have it.
    check(
        &format!("{T} CREATE VIEW v AS SELECT * FROM t;"),
        &format!("{} CREATE VIEW v AS SELECT * FROM t;", t_with("n text")),
        &[
            ("DROP VIEW v;", &[]),
            ("ALTER TABLE t ADD COLUMN n text;", &[]),
            ("CREATE VIEW v AS\nSELECT * FROM t;", &[]),
        ],
    );
}

#[test]
fn check_options_are_set_in_place() {
    let v = |o: &str| format!("{T} CREATE VIEW v AS SELECT id FROM t{o};");
    check(
        &v(""),
        &v(" WITH LOCAL CHECK OPTION"),
        &[("ALTER VIEW v SET (check_option = local);", &[])],
    );
    check(
        &v(" WITH LOCAL CHECK OPTION"),
        &v(" WITH CHECK OPTION"),
        &[("ALTER VIEW v SET (check_option = cascaded);", &[])],
    );
    check(
        &v(" WITH CASCADED CHECK OPTION"),
        &v(""),
        &[("ALTER VIEW v RESET (check_option);", &[])],
    );
    // A new view is created with it.
    check(
        T,
        &v(" WITH LOCAL CHECK OPTION"),
        &[(
            "CREATE VIEW v AS\nSELECT id FROM t\nWITH LOCAL CHECK OPTION;",
            &[],
        )],
    );
}

#[test]
fn materialized_view_indexes() {
    let m = "CREATE MATERIALIZED VIEW m AS SELECT id FROM t;";
    // Created with the view, after it.
    check(
        T,
        &format!("{T} {m} CREATE UNIQUE INDEX m_id ON m (id);"),
        &[
            ("CREATE MATERIALIZED VIEW m AS\nSELECT id FROM t;", &[]),
            (
                "CREATE UNIQUE INDEX m_id ON m USING btree (id);",
                &[Lock, Build, Fail],
            ),
        ],
    );
    // Added, changed, renamed and dropped on a view that stays.
    check(
        &format!(
            "{T} {m} CREATE INDEX m_a ON m (id); CREATE INDEX m_b ON m (id); \
             CREATE INDEX m_c ON m (id);"
        ),
        &format!(
            "{T} {m} CREATE UNIQUE INDEX m_a ON m (id); CREATE INDEX m_b ON m ((id + 1)); \
             CREATE INDEX m_d ON m (id DESC);"
        ),
        &[
            ("DROP INDEX m_a;", &[IxDrop]),
            ("DROP INDEX m_b;", &[IxDrop]),
            ("DROP INDEX m_c;", &[IxDrop]),
            (
                "CREATE UNIQUE INDEX m_a ON m USING btree (id);",
                &[Lock, Build, Fail],
            ),
            (
                "CREATE INDEX m_b ON m USING btree ((id + 1));",
                &[Lock, Build],
            ),
            (
                "CREATE INDEX m_d ON m USING btree (id DESC);",
                &[Lock, Build],
            ),
        ],
    );
    // Online, concurrently.
    check_with(
        &format!("{T} {m}"),
        &format!("{T} {m} CREATE INDEX m_a ON m (id);"),
        true,
        &[(
            "CREATE INDEX CONCURRENTLY m_a ON m USING btree (id);",
            &[NoTx, Build],
        )],
    );
    // A redefined view comes back with its indexes.
    check(
        &format!("{T} {m} CREATE INDEX m_a ON m (id);"),
        &format!(
            "{T} CREATE MATERIALIZED VIEW m AS SELECT id FROM t WHERE id > 0; \
             CREATE INDEX m_a ON m (id);"
        ),
        &[
            ("DROP MATERIALIZED VIEW m;", &[]),
            (
                "CREATE MATERIALIZED VIEW m AS\nSELECT id FROM t WHERE id > 0;",
                &[],
            ),
            ("CREATE INDEX m_a ON m USING btree (id);", &[Lock, Build]),
        ],
    );
}
