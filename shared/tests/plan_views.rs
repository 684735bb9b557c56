//! The planner's output around views: dropped and re-created around changes to what they read,
//! in dependency order, a view and a table trading a name, `SELECT *` over dropped columns,
//! check options set in place, indexes of materialized views.

#[path = "support/plan.rs"]
mod plan_support;
use plan_support::*;

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
