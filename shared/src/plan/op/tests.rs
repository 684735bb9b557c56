//! The typed inverses, with the expectations the SQL-reading `undo` had: each op prints the SQL
//! on the left, and its reverse the SQL on the right.

use super::super::locks::{LockLevel, TableEffect};
use super::{ColumnAction, NoReverse, ObjectKind, Op, Relation};

fn s(x: &str) -> String {
    x.to_string()
}

fn t() -> Relation {
    Relation::new("public", "t")
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
                table: t(),
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
                table: t(),
                column: s("n"),
                definition: s("n text NOT NULL"),
                rewrites: false,
            },
            "ALTER TABLE t ADD COLUMN n text NOT NULL;",
            "ALTER TABLE t DROP COLUMN n;",
        ),
        (
            Op::AddConstraint {
                table: t(),
                name: s("c"),
                definition: s("CONSTRAINT c CHECK (n > 0)"),
                not_valid: false,
                references: None,
            },
            "ALTER TABLE t ADD CONSTRAINT c CHECK (n > 0);",
            "ALTER TABLE t DROP CONSTRAINT c;",
        ),
        (
            Op::AlterColumn {
                table: t(),
                column: s("n"),
                action: ColumnAction::SetNotNull { proven: false },
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
                table: Relation::new("app", "t"),
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
                table: t(),
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
                table: t(),
                column: s("n"),
            },
            "ALTER TABLE t DROP COLUMN n;",
            NoReverse::LosesData,
        ),
        (
            Op::AlterColumn {
                table: t(),
                column: s("n"),
                action: ColumnAction::Type {
                    ty: s("bigint"),
                    collate: String::new(),
                    using: None,
                    effect: TableEffect::Rewrite,
                },
            },
            "ALTER TABLE t ALTER COLUMN n TYPE bigint;",
            NoReverse::NeedsPreviousState,
        ),
        (
            Op::AlterColumn {
                table: t(),
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
        table: t(),
        column: s("n"),
        action: ColumnAction::Type {
            ty: s("text"),
            collate: s(" COLLATE \"C\""),
            using: Some(s("n::text")),
            effect: TableEffect::Rewrite,
        },
    };
    let json = serde_json::to_value(&op).unwrap();
    assert_eq!(json["op"], "alter_column");
    assert_eq!(serde_json::from_value::<Op>(json).unwrap(), op);
}

/// The lock is read from the op: level by statement form, relation from its names, effect from
/// what it does to the rows.
#[test]
fn locks_come_from_the_op() {
    let lock = |op: &Op| op.lock().map(|l| (l.level, l.relation, l.effect));
    let fk = Op::AddConstraint {
        table: t(),
        name: s("fk"),
        definition: s("CONSTRAINT fk FOREIGN KEY (a) REFERENCES app.p(id)"),
        not_valid: true,
        references: Some(Relation::new("app", "p")),
    };
    assert_eq!(
        lock(&fk),
        Some((
            LockLevel::ShareRowExclusive,
            s("public.t"),
            TableEffect::None
        ))
    );
    assert_eq!(fk.referenced_lock().map(|l| l.relation), Some(s("app.p")));
    let index = Op::CreateIndex {
        table: t(),
        schema: s("public"),
        name: s("i"),
        concurrently: false,
        sql: s("CREATE INDEX i ON t (a);"),
    };
    assert_eq!(
        lock(&index),
        Some((LockLevel::Share, s("public.t"), TableEffect::Scan))
    );
    let rename = Op::Rename {
        kind: ObjectKind::Index,
        schema: s("app"),
        from: s("i"),
        to: s("j"),
    };
    assert_eq!(
        lock(&rename),
        Some((
            LockLevel::ShareUpdateExclusive,
            s("app.i"),
            TableEffect::None
        ))
    );
    let not_null = |proven| Op::AlterColumn {
        table: t(),
        column: s("n"),
        action: ColumnAction::SetNotNull { proven },
    };
    assert_eq!(lock(&not_null(false)).map(|l| l.2), Some(TableEffect::Scan));
    assert_eq!(lock(&not_null(true)).map(|l| l.2), Some(TableEffect::None));
    assert!(!not_null(false).flags_lock());
    let view = Op::Rename {
        kind: ObjectKind::View,
        schema: s("public"),
        from: s("v"),
        to: s("w"),
    };
    assert_eq!(lock(&view), None);
    assert!(Op::DropColumn {
        table: t(),
        column: s("n")
    }
    .flags_lock());
}
