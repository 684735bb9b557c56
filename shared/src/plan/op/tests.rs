//! The typed inverses, with the expectations the SQL-reading `undo` had: each op prints the SQL
//! on the left, and its reverse the SQL on the right.

use super::{ColumnAction, NoReverse, ObjectKind, Op};

fn s(x: &str) -> String {
    x.to_string()
}

#[test]
fn inverses() {
    let cases = [
        (
            Op::Rename {
                kind: ObjectKind::Table,
                schema: s("app"),
                from: s("t"),
                to: s("u"),
            },
            "ALTER TABLE app.t RENAME TO u;",
            "ALTER TABLE app.u RENAME TO t;",
        ),
        (
            Op::RenameColumn {
                table: s("t"),
                from: s("a b"),
                to: s("c"),
            },
            "ALTER TABLE t RENAME COLUMN \"a b\" TO c;",
            "ALTER TABLE t RENAME COLUMN c TO \"a b\";",
        ),
        (
            Op::RenameEnumValue {
                type_name: s("st"),
                from: s("a"),
                to: s("b"),
            },
            "ALTER TYPE st RENAME VALUE 'a' TO 'b';",
            "ALTER TYPE st RENAME VALUE 'b' TO 'a';",
        ),
        (
            Op::Rename {
                kind: ObjectKind::Index,
                schema: s("app"),
                from: s("i"),
                to: s("j"),
            },
            "ALTER INDEX app.i RENAME TO j;",
            "ALTER INDEX app.j RENAME TO i;",
        ),
        (
            Op::SetSchema {
                kind: ObjectKind::Table,
                schema: s("public"),
                name: s("t"),
                new_schema: s("app"),
            },
            "ALTER TABLE t SET SCHEMA app;",
            "ALTER TABLE app.t SET SCHEMA public;",
        ),
        (
            Op::AddColumn {
                table: s("t"),
                column: s("n"),
                definition: s("n text NOT NULL"),
            },
            "ALTER TABLE t ADD COLUMN n text NOT NULL;",
            "ALTER TABLE t DROP COLUMN n;",
        ),
        (
            Op::AddConstraint {
                table: s("t"),
                name: s("c"),
                definition: s("CONSTRAINT c CHECK (n > 0)"),
                not_valid: false,
            },
            "ALTER TABLE t ADD CONSTRAINT c CHECK (n > 0);",
            "ALTER TABLE t DROP CONSTRAINT c;",
        ),
        (
            Op::AlterColumn {
                table: s("t"),
                column: s("n"),
                action: ColumnAction::SetNotNull,
            },
            "ALTER TABLE t ALTER COLUMN n SET NOT NULL;",
            "ALTER TABLE t ALTER COLUMN n DROP NOT NULL;",
        ),
        (
            Op::CreateTable {
                schema: s("app"),
                name: s("t"),
                sql: s("CREATE TABLE app.t (\n    id integer\n);"),
            },
            "CREATE TABLE app.t (\n    id integer\n);",
            "DROP TABLE app.t;",
        ),
        (
            Op::CreateIndex {
                schema: s("app"),
                name: s("i"),
                concurrently: false,
                sql: s("CREATE UNIQUE INDEX i ON app.t USING btree (e);"),
            },
            "CREATE UNIQUE INDEX i ON app.t USING btree (e);",
            "DROP INDEX app.i;",
        ),
        (
            Op::CreateIndex {
                schema: s("public"),
                name: s("i"),
                concurrently: true,
                sql: s("CREATE INDEX i ON t USING btree (e);"),
            },
            "CREATE INDEX CONCURRENTLY i ON t USING btree (e);",
            "DROP INDEX CONCURRENTLY i;",
        ),
        (
            Op::CreateEnum {
                schema: s("public"),
                name: s("st"),
                sql: s("CREATE TYPE st AS ENUM ('a');"),
            },
            "CREATE TYPE st AS ENUM ('a');",
            "DROP TYPE st;",
        ),
        (
            Op::CreateView {
                schema: s("public"),
                name: s("v"),
                materialized: true,
                sql: s("CREATE MATERIALIZED VIEW v AS\nSELECT 1;"),
            },
            "CREATE MATERIALIZED VIEW v AS\nSELECT 1;",
            "DROP MATERIALIZED VIEW v;",
        ),
    ];
    for (op, sql, inverse) in cases {
        assert_eq!(op.to_string(), sql);
        let back = op
            .reverse()
            .unwrap_or_else(|e| panic!("{sql}: {}", e.reason()));
        assert_eq!(back.to_string(), inverse, "{sql}");
        // The inverse of the inverse is the op again, where the inverse is itself invertible.
        if let Ok(again) = back.reverse() {
            assert_eq!(again.to_string(), sql);
        }
    }
    let none = [
        (
            Op::DropTable {
                schema: s("public"),
                name: s("t"),
            },
            "DROP TABLE t;",
            NoReverse::LosesData,
        ),
        (
            Op::DropColumn {
                table: s("t"),
                column: s("n"),
            },
            "ALTER TABLE t DROP COLUMN n;",
            NoReverse::LosesData,
        ),
        (
            Op::AlterColumn {
                table: s("t"),
                column: s("n"),
                action: ColumnAction::Type {
                    ty: s("bigint"),
                    collate: String::new(),
                    using: None,
                },
            },
            "ALTER TABLE t ALTER COLUMN n TYPE bigint;",
            NoReverse::NeedsPreviousState,
        ),
        (
            Op::AlterColumn {
                table: s("t"),
                column: s("n"),
                action: ColumnAction::SetDefault(s("1")),
            },
            "ALTER TABLE t ALTER COLUMN n SET DEFAULT 1;",
            NoReverse::NeedsPreviousState,
        ),
        (
            Op::CreateSchema {
                name: s("ext"),
                if_not_exists: true,
            },
            "CREATE SCHEMA IF NOT EXISTS ext;",
            NoReverse::NotOwned,
        ),
    ];
    for (op, sql, why) in none {
        assert_eq!(op.to_string(), sql);
        assert_eq!(op.reverse(), Err(why), "{sql}");
    }
}

#[test]
fn ops_round_trip_through_json() {
    let op = Op::AlterColumn {
        table: s("t"),
        column: s("n"),
        action: ColumnAction::Type {
            ty: s("text"),
            collate: s(" COLLATE \"C\""),
            using: Some(s("n::text")),
        },
    };
    let json = serde_json::to_value(&op).unwrap();
    assert_eq!(json["op"], "alter_column");
    assert_eq!(serde_json::from_value::<Op>(json).unwrap(), op);
}
