//! The diff engine's changes as data: what is matched with what, and what each change carries.

use joinery_shared::diff::{diff, Change, ColumnChanges, Constraint, EnumChange, TableChange};
use joinery_shared::import::import_sql;
use joinery_shared::model::{Id, Schema};

fn schema(sql: &str) -> Schema {
    let r = import_sql(sql);
    assert!(r.errors.is_empty(), "import errors: {:?}", r.errors);
    r.document.schema
}

fn table_changes(changes: &[Change]) -> Vec<TableChange> {
    match changes {
        [Change::ModifyTable { changes, .. }] => changes.clone(),
        other => panic!("expected one ModifyTable, got {other:#?}"),
    }
}

fn column_flags(from: &str, to: &str) -> ColumnChanges {
    let f =
        format!("CREATE TYPE st AS ENUM ('a','b'); CREATE TABLE t (id int PRIMARY KEY, {from});");
    let t = format!("CREATE TYPE st AS ENUM ('a','b'); CREATE TABLE t (id int PRIMARY KEY, {to});");
    match table_changes(&diff(&schema(&f), &schema(&t))).as_slice() {
        [TableChange::AlterColumn { changes, .. }] => changes.clone(),
        other => panic!("expected one AlterColumn, got {other:#?}"),
    }
}

#[test]
fn identical_schemas_have_no_changes() {
    let s = schema(
        "CREATE SCHEMA app; CREATE TYPE app.st AS ENUM ('a');
         CREATE TABLE app.t (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), s app.st, j jsonb DEFAULT '{}');
         CREATE VIEW app.v AS SELECT id FROM app.t;",
    );
    assert_eq!(diff(&s, &s), vec![]);
}

#[test]
fn column_changes_carry_flags() {
    let only = |f: fn(&mut ColumnChanges)| {
        let mut c = ColumnChanges::default();
        f(&mut c);
        c
    };
    assert_eq!(column_flags("n text", "n integer"), only(|c| c.ty = true));
    assert_eq!(column_flags("n text", "n st"), only(|c| c.ty = true));
    assert_eq!(
        column_flags("n text", "n text NOT NULL"),
        only(|c| c.nullability = true)
    );
    assert_eq!(
        column_flags("n int", "n int DEFAULT 1"),
        only(|c| c.default = true)
    );
    assert_eq!(
        column_flags("n int", "n int GENERATED ALWAYS AS IDENTITY"),
        ColumnChanges {
            identity: true,
            nullability: true,
            ..Default::default()
        }
    );
    assert_eq!(
        column_flags(
            "n int, g int GENERATED ALWAYS AS (n + 1) STORED",
            "n int, g int GENERATED ALWAYS AS (n + 2) STORED"
        ),
        only(|c| c.generated = true)
    );
    assert_eq!(
        column_flags("n int DEFAULT 1", "n bigint DEFAULT 2"),
        ColumnChanges {
            ty: true,
            default: true,
            ..Default::default()
        }
    );
}

#[test]
fn expressions_compare_through_normalisation() {
    let no_change = |a: &str, b: &str| {
        let f = format!("CREATE TABLE t (id int PRIMARY KEY, p numeric, s text, {a});");
        let t = format!("CREATE TABLE t (id int PRIMARY KEY, p numeric, s text, {b});");
        assert_eq!(diff(&schema(&f), &schema(&t)), vec![], "{a} vs {b}");
    };
    no_change(
        "CONSTRAINT c CHECK (p > 0)",
        "CONSTRAINT c CHECK ((p > (0)::numeric))",
    );
    no_change(
        "CONSTRAINT c CHECK (s <> 'x')",
        "CONSTRAINT c CHECK ((s <> 'x'::text))",
    );
    no_change(
        "CONSTRAINT c CHECK (LOWER(s) <> '')",
        "CONSTRAINT c CHECK ((lower(s) <> ''::text))",
    );
    no_change(
        "x numeric GENERATED ALWAYS AS (p * 2) STORED",
        "x numeric GENERATED ALWAYS AS ((p * (2)::numeric)) STORED",
    );
}

#[test]
fn in_lists_between_and_grouping() {
    let t = |check: &str| {
        schema(&format!(
            "CREATE TABLE t (id int PRIMARY KEY, a int, b int, s text, CONSTRAINT c CHECK ({check}));"
        ))
    };
    // PostgreSQL's spellings of the same checks.
    for (src, pg) in [
        ("s IN ('a', 'b')", "(s = ANY (ARRAY['a'::text, 'b'::text]))"),
        ("a BETWEEN 1 AND 5", "((a >= 1) AND (a <= 5))"),
        ("a + b * 2 < 10", "((a + (b * 2)) < 10)"),
    ] {
        assert_eq!(diff(&t(src), &t(pg)), vec![], "{src} vs {pg}");
    }
    // Different grouping is a different check.
    assert_ne!(diff(&t("a + b * 2 < 10"), &t("(a + b) * 2 < 10")), vec![]);
}

#[test]
fn enum_value_changes() {
    let e = |vals: &str| schema(&format!("CREATE TYPE st AS ENUM ({vals});"));
    let enum_changes = |a: &str, b: &str| match diff(&e(a), &e(b)).as_slice() {
        [Change::ModifyEnum { changes, .. }] => changes.clone(),
        other => panic!("{other:#?}"),
    };
    assert_eq!(
        enum_changes("'a','b'", "'a','b','c'"),
        vec![EnumChange::AddValue {
            value: "c".into(),
            before: None,
            after: Some("b".into())
        }]
    );
    assert_eq!(
        enum_changes("'a','b'", "'z','a','b'"),
        vec![EnumChange::AddValue {
            value: "z".into(),
            before: Some("a".into()),
            after: None
        }]
    );
    assert_eq!(
        enum_changes("'a','b','c'", "'a','c'"),
        vec![EnumChange::Rebuild {
            removed: vec!["b".into()]
        }]
    );
    assert_eq!(
        enum_changes("'a','b'", "'b','a'"),
        vec![EnumChange::Rebuild { removed: vec![] }]
    );
    // A label renamed keeps its id.
    let from = e("'a','b'");
    let mut to = from.clone();
    to.enums[0].values[0].name = "aa".into();
    assert_eq!(
        diff(&from, &to),
        vec![Change::ModifyEnum {
            from: from.enums[0].clone(),
            to: to.enums[0].clone(),
            changes: vec![EnumChange::RenameValue {
                from: "a".into(),
                to: "aa".into()
            }]
        }]
    );
}

#[test]
fn objects_matched_by_id_are_renamed() {
    let from = schema("CREATE TABLE t (id int PRIMARY KEY, n text);");
    let mut to = from.clone();
    to.tables[0].name = "u".into();
    to.tables[0].columns[1].name = "m".into();
    let changes = table_changes(&diff(&from, &to));
    assert!(changes.contains(&TableChange::Rename));
    assert!(changes.contains(&TableChange::RenameColumn {
        from: "n".into(),
        to: "m".into()
    }));
    assert!(!changes.iter().any(|c| matches!(
        c,
        TableChange::AddColumn { .. } | TableChange::DropColumn { .. }
    )));
}

#[test]
fn without_shared_ids_objects_match_by_name() {
    let from = schema("CREATE TABLE t (id int PRIMARY KEY, n text);");
    let mut to = from.clone();
    // Same names, fresh ids everywhere (another source): still no change.
    to.tables[0].id = Id::new("tb_other");
    for (i, c) in to.tables[0].columns.iter_mut().enumerate() {
        c.id = Id::new(format!("co_other{i}"));
    }
    let cols: Vec<Id> = to.tables[0].columns.iter().map(|c| c.id.clone()).collect();
    to.tables[0].primary_key.as_mut().unwrap().columns = vec![cols[0].clone()];
    to.tables[0].primary_key.as_mut().unwrap().id = Id::new("pk_other");
    assert_eq!(diff(&from, &to), vec![]);
    // Different names without ids in common: drop + add.
    let other = schema("CREATE TABLE u (id int PRIMARY KEY, n text);");
    let changes = diff(&from, &other);
    assert!(
        matches!(
            changes.as_slice(),
            [Change::AddTable { .. }, Change::DropTable { .. }]
        ),
        "{changes:#?}"
    );
}

#[test]
fn constraints_and_indexes() {
    let base =
        "CREATE TABLE a (id int PRIMARY KEY); CREATE TABLE t (id int PRIMARY KEY, a_id int, e text";
    let changes = table_changes(&diff(
        &schema(&format!("{base});")),
        &schema(&format!("{base}, UNIQUE (e), CONSTRAINT e_len CHECK (length(e) < 5), FOREIGN KEY (a_id) REFERENCES a(id)); CREATE INDEX t_e_idx ON t (e);")),
    ));
    let kinds: Vec<&str> = changes
        .iter()
        .map(|c| match c {
            TableChange::AddConstraint {
                constraint: Constraint::Unique(_),
            } => "unique",
            TableChange::AddConstraint {
                constraint: Constraint::Check(_),
            } => "check",
            TableChange::AddConstraint {
                constraint: Constraint::ForeignKey(_),
            } => "fk",
            TableChange::AddConstraint {
                constraint: Constraint::Index(_),
            } => "index",
            _ => "other",
        })
        .collect();
    assert_eq!(kinds, ["unique", "check", "fk", "index"]);
    // A changed definition is a drop plus an add.
    let changes = table_changes(&diff(
        &schema(&format!("{base}, CONSTRAINT e_len CHECK (length(e) < 5));")),
        &schema(&format!("{base}, CONSTRAINT e_len CHECK (length(e) < 6));")),
    ));
    assert!(
        matches!(
            changes.as_slice(),
            [
                TableChange::DropConstraint {
                    constraint: Constraint::Check(_)
                },
                TableChange::AddConstraint {
                    constraint: Constraint::Check(_)
                }
            ]
        ),
        "{changes:#?}"
    );
}

#[test]
fn views_namespaces_and_comments() {
    let from = schema("CREATE TABLE t (id int PRIMARY KEY); CREATE VIEW v AS SELECT id FROM t;");
    let to = schema("CREATE SCHEMA app; CREATE TABLE t (id int PRIMARY KEY); COMMENT ON TABLE t IS 'x'; CREATE VIEW v AS SELECT id, 1 AS one FROM t;");
    let changes = diff(&from, &to);
    assert!(
        matches!(changes[0], Change::AddSchema { ref name } if name == "app"),
        "{changes:#?}"
    );
    assert!(changes.iter().any(|c| matches!(c, Change::ModifyTable { changes, .. } if changes == &vec![TableChange::Comment])));
    assert!(changes.iter().any(|c| matches!(
        c,
        Change::ModifyView {
            redefined: true,
            renamed: false,
            ..
        }
    )));
    // PostgreSQL prints a view back with qualified columns: not a change.
    let live = schema("CREATE TABLE t (id int PRIMARY KEY); CREATE VIEW v AS SELECT t.id FROM t;");
    assert_eq!(diff(&from, &live), vec![]);
}

#[test]
fn typed_literals_in_views_compare_equal_to_postgres_casts() {
    use joinery_shared::diff::view_key;
    assert_eq!(
        view_key("SELECT id FROM events WHERE at > now() - interval '30 days'"),
        view_key("SELECT events.id FROM events WHERE (events.at > (now() - '30 days'::interval));")
    );
    assert_ne!(
        view_key("SELECT id FROM events WHERE at > now() - interval '30 days'"),
        view_key("SELECT id FROM events WHERE at > now() - interval '7 days'")
    );
    // A column named like a type is not a typed literal.
    assert_ne!(
        view_key("SELECT date || 'x' FROM t"),
        view_key("SELECT 'x' FROM t")
    );
}

#[test]
fn foreign_keys_to_columns_matched_by_name_are_unchanged() {
    // A database read back (ids from names) against a design whose ids differ: the referenced
    // column is matched by name, and the foreign key over it is no change.
    let sql = "CREATE TABLE users (id int PRIMARY KEY, ext text NOT NULL UNIQUE);
        CREATE TABLE orders (id int PRIMARY KEY, buyer text REFERENCES users (ext));";
    let from = schema(sql);
    let mut to = schema(sql);
    let fresh = Id("some-other-id".into());
    let users = to.tables.iter_mut().find(|t| t.name == "users").unwrap();
    let ext = users.columns.iter_mut().find(|c| c.name == "ext").unwrap();
    let old = std::mem::replace(&mut ext.id, fresh.clone());
    for u in &mut users.uniques {
        u.columns
            .iter_mut()
            .filter(|c| **c == old)
            .for_each(|c| *c = fresh.clone());
    }
    let orders = to.tables.iter_mut().find(|t| t.name == "orders").unwrap();
    for fk in &mut orders.foreign_keys {
        fk.ref_columns
            .iter_mut()
            .filter(|c| **c == old)
            .for_each(|c| *c = fresh.clone());
    }
    assert_eq!(diff(&from, &to), vec![]);
}

#[test]
fn views_printed_back_by_postgres_are_unchanged_and_real_changes_are_not() {
    let tables = "CREATE TABLE users (id bigint PRIMARY KEY, email varchar(200) NOT NULL, age int);
        CREATE TABLE orders (id int PRIMARY KEY, user_id bigint, total numeric(10,2));";
    let view = |q: &str| schema(&format!("{tables} CREATE VIEW v AS {q};"));
    // (design, as pg_get_viewdef prints it)
    let same = [
        (
            "SELECT * FROM users",
            "SELECT users.id, users.email, users.age FROM users",
        ),
        (
            "SELECT u.*, o.total FROM users u JOIN orders o ON o.user_id = u.id",
            "SELECT u.id, u.email, u.age, o.total FROM (users u JOIN orders o ON ((o.user_id = u.id)))",
        ),
        (
            "SELECT id::int * 2 AS twice, email FROM users WHERE email LIKE '%@x' AND age > 17",
            "SELECT ((users.id)::integer * 2) AS twice, users.email FROM users \
             WHERE (((users.email)::text ~~ '%@x'::text) AND (users.age > 17))",
        ),
        (
            "SELECT user_id, sum(total) FROM orders GROUP BY 1",
            "SELECT orders.user_id, sum(orders.total) AS sum FROM orders GROUP BY orders.user_id",
        ),
    ];
    for (design, live) in same {
        assert_eq!(diff(&view(live), &view(design)), vec![], "{design}");
    }
    let changed = [
        (
            "SELECT * FROM users",
            "SELECT users.id, users.email FROM users",
        ),
        (
            "SELECT age / 2 AS half FROM users",
            "SELECT ((users.age)::numeric / (2)::numeric) AS half FROM users",
        ),
        (
            "SELECT age::bigint AS a FROM users",
            "SELECT users.age AS a FROM users",
        ),
        (
            "SELECT o.id FROM users u JOIN orders o ON o.user_id = u.id",
            "SELECT u.id FROM (users u JOIN orders o ON ((o.user_id = u.id)))",
        ),
    ];
    for (design, live) in changed {
        assert!(
            matches!(
                diff(&view(live), &view(design)).as_slice(),
                [Change::ModifyView {
                    redefined: true,
                    ..
                }]
            ),
            "{design} vs {live}"
        );
    }
}

#[test]
fn view_check_options_and_materialized_view_indexes_are_changes_of_the_view() {
    use joinery_shared::diff::ViewIndexChange;
    let t = "CREATE TABLE t (id int PRIMARY KEY, n text);";
    let from = schema(&format!(
        "{t} CREATE VIEW v AS SELECT id FROM t; \
         CREATE MATERIALIZED VIEW m AS SELECT id, n FROM t; \
         CREATE INDEX m_n ON m (n); CREATE INDEX m_old ON m (id);"
    ));
    let to = schema(&format!(
        "{t} CREATE VIEW v AS SELECT id FROM t WITH LOCAL CHECK OPTION; \
         CREATE MATERIALIZED VIEW m AS SELECT id, n FROM t; \
         CREATE INDEX m_n ON m (lower(n)); CREATE UNIQUE INDEX m_id ON m (id);"
    ));
    let changes = diff(&from, &to);
    assert!(changes.iter().any(|c| matches!(
        c,
        Change::ModifyView {
            check_option: true,
            redefined: false,
            ..
        }
    )));
    let ix = changes
        .iter()
        .find_map(|c| match c {
            Change::ModifyView {
                to,
                indexes,
                redefined: false,
                ..
            } if to.name == "m" => Some(indexes.clone()),
            _ => None,
        })
        .expect("m changes");
    let kinds: Vec<String> = ix
        .iter()
        .map(|c| match c {
            ViewIndexChange::Add { index } => format!("add {}", index.name.clone().unwrap()),
            ViewIndexChange::Drop { index } => format!("drop {}", index.name.clone().unwrap()),
            ViewIndexChange::Rename { to, .. } => format!("rename {}", to.name.clone().unwrap()),
        })
        .collect();
    assert_eq!(kinds, ["drop m_n", "drop m_old", "add m_n", "add m_id"]);
}
