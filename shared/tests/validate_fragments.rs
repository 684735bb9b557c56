//! SQL fragments are read, never pasted: every fragment field refuses a smuggled statement, and
//! the real-world corpora import to designs whose fragments all read (no false alarms).

use joinery_shared::import::import_sql;
use joinery_shared::model::{
    Check, Column, ColumnType, DefaultValue, Id, Index, IndexKey, IndexMethod, IndexPart, Schema,
    Table, View,
};
use joinery_shared::validate::{validate, ProblemKind};

fn corpus(name: &str) -> String {
    let path = format!("{}/../tests/corpus/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn real_world_corpora_have_no_unreadable_fragments() {
    for name in [
        "pagila_pg_dump.sql",
        "pg_dump_app.sql",
        "pg_dump_real_pg15.sql",
        "rails_structure.sql",
        "django_migrate.sql",
        "supabase_auth.sql",
        "drizzle_migration.sql",
        "handwritten.sql",
    ] {
        let imported = import_sql(&corpus(name));
        let bad: Vec<String> = validate(&imported.document.schema)
            .into_iter()
            .filter(|p| p.kind == ProblemKind::InvalidSql)
            .map(|p| p.to_string())
            .collect();
        assert!(bad.is_empty(), "{name}: {bad:#?}");
        assert!(joinery_shared::validate::invalid_sql(&imported.document.schema).is_empty());
    }
    let demo = joinery_shared::demo::demo_document();
    assert_eq!(validate(&demo.schema), vec![]);
}

fn column(name: &str, ty: ColumnType) -> Column {
    Column {
        collation: None,
        id: Id::new(format!("c_{name}")),
        name: name.into(),
        ty,
        not_null: false,
        default: None,
        identity: None,
        identity_options: Default::default(),
        generated: None,
        comment: None,
    }
}

fn table(columns: Vec<Column>) -> Table {
    Table {
        grants: Default::default(),
        partition_by: Default::default(),
        partitions: Default::default(),
        triggers: Default::default(),
        policies: Default::default(),
        row_security: Default::default(),
        id: Id::new("t_base"),
        schema: "public".into(),
        name: "base".into(),
        columns,
        primary_key: None,
        uniques: vec![],
        checks: vec![],
        foreign_keys: vec![],
        indexes: vec![],
        comment: None,
    }
}

fn expression_part(text: &str) -> IndexPart {
    IndexPart {
        collation: None,
        key: IndexKey::Expression(text.into()),
        descending: false,
        nulls: None,
        opclass: None,
    }
}

fn index(parts: Vec<IndexPart>) -> Index {
    Index {
        comment: None,
        storage: Default::default(),
        id: Id::new("i1"),
        name: None,
        unique: false,
        method: IndexMethod::Btree,
        parts,
        include: vec![],
        predicate: None,
        nulls_not_distinct: false,
    }
}

fn view(query: &str) -> View {
    View {
        id: Id::new("v1"),
        schema: "public".into(),
        name: "v".into(),
        columns: vec![],
        query: query.into(),
        materialized: false,
        comment: None,
        check_option: None,
        indexes: vec![],
    }
}

fn problems(schema: &Schema) -> Vec<String> {
    let all = validate(schema);
    // The command line's check alone finds the same invalid-SQL problems, in the same order.
    assert_eq!(
        joinery_shared::validate::invalid_sql(schema),
        all.iter()
            .filter(|p| p.kind == ProblemKind::InvalidSql)
            .cloned()
            .collect::<Vec<_>>()
    );
    all.into_iter()
        .filter(|p| {
            matches!(
                p.kind,
                ProblemKind::InvalidSql | ProblemKind::InvalidDefault
            )
        })
        .map(|p| p.to_string())
        .collect()
}

#[test]
fn every_fragment_field_refuses_a_second_statement() {
    let attacks = [
        "1; DROP TABLE victim1",
        "1); DROP TABLE v; CREATE TABLE junk (x int",
        "now(",
        "hello world",
    ];
    for attack in attacks {
        // Default.
        let mut c = column("n", ColumnType::Integer);
        c.default = Some(DefaultValue::Expression(attack.into()));
        let s = Schema {
            tables: vec![table(vec![column("id", ColumnType::Integer), c])],
            ..Schema::default()
        };
        assert!(!problems(&s).is_empty(), "default {attack:?}");
        // Generated expression.
        let mut c = column("g", ColumnType::Integer);
        c.generated = Some(attack.into());
        let s = Schema {
            tables: vec![table(vec![c])],
            ..Schema::default()
        };
        assert!(!problems(&s).is_empty(), "generated {attack:?}");
        // CHECK.
        let mut t = table(vec![column("x", ColumnType::Integer)]);
        t.checks.push(Check {
            no_inherit: false,
            not_valid: false,
            id: Id::new("k1"),
            name: "x_check".into(),
            expression: attack.into(),
        });
        let s = Schema {
            tables: vec![t],
            ..Schema::default()
        };
        assert!(!problems(&s).is_empty(), "check {attack:?}");
        // Index expression and predicate.
        let mut t = table(vec![column("x", ColumnType::Integer)]);
        let mut ix = index(vec![expression_part(attack)]);
        ix.predicate = Some(attack.into());
        t.indexes.push(ix);
        let s = Schema {
            tables: vec![t],
            ..Schema::default()
        };
        let found = problems(&s);
        assert!(
            found.iter().any(|p| p.contains("index expression")),
            "{found:?}"
        );
        assert!(
            found.iter().any(|p| p.contains("index predicate")),
            "{found:?}"
        );
        // The same on an index of a materialized view.
        let mut v = view("SELECT 1 AS x");
        v.materialized = true;
        let mut ix = index(vec![expression_part(attack)]);
        ix.predicate = Some(attack.into());
        v.indexes.push(ix);
        let found = problems(&Schema {
            views: vec![v],
            ..Schema::default()
        });
        assert!(
            found.iter().any(|p| p.contains("index expression")),
            "{found:?}"
        );
        assert!(
            found.iter().any(|p| p.contains("index predicate")),
            "{found:?}"
        );
    }
    // Custom type and view.
    let s = Schema {
        tables: vec![table(vec![column(
            "a",
            ColumnType::Custom {
                name: "int); DROP TABLE v; CREATE TABLE x (a int".into(),
            },
        )])],
        ..Schema::default()
    };
    assert!(!problems(&s).is_empty());
    let s = Schema {
        views: vec![view("SELECT 1 AS x; COMMIT; DROP TABLE v")],
        ..Schema::default()
    };
    let found = problems(&s);
    assert!(
        found.iter().any(|p| p.contains("second statement")),
        "{found:?}"
    );
    // An operator class is a name.
    let mut t = table(vec![column("x", ColumnType::Text)]);
    let mut part = expression_part("lower(x)");
    part.opclass = Some("text_ops); DROP TABLE v; --".into());
    t.indexes.push(index(vec![part]));
    assert!(!problems(&Schema {
        tables: vec![t],
        ..Schema::default()
    })
    .is_empty());
}

#[test]
fn defaults_are_checked_against_the_column_type() {
    let cases = [
        (ColumnType::Integer, "'hello world'"),
        (ColumnType::Integer, "'hello world'::integer"),
        (ColumnType::Jsonb, "'{not json'::jsonb"),
        (ColumnType::Uuid, "'nope'"),
        (ColumnType::Boolean, "'maybe'"),
    ];
    for (ty, default) in cases {
        let mut c = column("d", ty.clone());
        c.default = Some(DefaultValue::Expression(default.into()));
        let s = Schema {
            tables: vec![table(vec![c])],
            ..Schema::default()
        };
        assert!(!problems(&s).is_empty(), "{ty:?} DEFAULT {default}");
    }
    for (ty, default) in [
        (ColumnType::Integer, "'42'"),
        (ColumnType::Jsonb, "'{}'::jsonb"),
        (ColumnType::Uuid, "gen_random_uuid()"),
        (ColumnType::Text, "'hello world'"),
    ] {
        let mut c = column("d", ty.clone());
        c.default = Some(DefaultValue::Expression(default.into()));
        let s = Schema {
            tables: vec![table(vec![c])],
            ..Schema::default()
        };
        assert_eq!(
            problems(&s),
            Vec::<String>::new(),
            "{ty:?} DEFAULT {default}"
        );
    }
    // An unknown type must at least be a type name.
    for (name, ok) in [
        ("citext", true),
        ("public.geometry(Point, 4326)", true),
        ("intgr", true),
        ("int)", false),
        ("a b c", false),
    ] {
        let s = Schema {
            tables: vec![table(vec![column(
                "x",
                ColumnType::Custom { name: name.into() },
            )])],
            ..Schema::default()
        };
        assert_eq!(problems(&s).is_empty(), ok, "{name}: {:?}", problems(&s));
    }
}
