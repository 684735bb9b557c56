//! The canonical-form rules of `normalize`, and `parse_type_name`.

use joinery_shared::demo::{demo_document, every_feature_document};
use joinery_shared::model::{
    Column, ColumnType, DefaultValue, Enum, EnumValue, Id, PrimaryKey, Schema, Table,
};
use joinery_shared::naming::{conventional_fk_name, conventional_index_name};
use joinery_shared::normalize::{canonical, normalize, normalize_default, parse_type_name};

fn schema_with_enums() -> Schema {
    let e = |schema: &str, name: &str| Enum {
        id: Id::for_enum(schema, name),
        schema: schema.into(),
        name: name.into(),
        values: vec![EnumValue {
            id: Id::for_enum_value(schema, name, "active"),
            name: "active".into(),
        }],
        comment: None,
    };
    Schema {
        enums: vec![
            e("public", "wealth_status"),
            e("auth", "wealth_status"),
            e("auth", "Role Kind"),
        ],
        ..Schema::default()
    }
}

#[test]
fn parse_builtin_type_names() {
    let s = Schema::default();
    let cases: Vec<(&str, ColumnType)> = vec![
        ("int4", ColumnType::Integer),
        ("integer", ColumnType::Integer),
        ("INT", ColumnType::Integer),
        ("int2", ColumnType::SmallInt),
        ("int8", ColumnType::BigInt),
        ("serial", ColumnType::Serial),
        ("serial8", ColumnType::BigSerial),
        ("float4", ColumnType::Real),
        ("float8", ColumnType::DoublePrecision),
        ("double precision", ColumnType::DoublePrecision),
        ("float(10)", ColumnType::Real),
        ("float(30)", ColumnType::DoublePrecision),
        (
            "decimal(10,2)",
            ColumnType::Numeric {
                precision: Some(10),
                scale: Some(2),
            },
        ),
        (
            "numeric",
            ColumnType::Numeric {
                precision: None,
                scale: None,
            },
        ),
        (
            "character varying(20)",
            ColumnType::Varchar { length: Some(20) },
        ),
        ("character varying", ColumnType::Varchar { length: None }),
        ("varchar(255)", ColumnType::Varchar { length: Some(255) }),
        ("bpchar", ColumnType::Char { length: None }),
        ("character(3)", ColumnType::Char { length: Some(3) }),
        ("bool", ColumnType::Boolean),
        (
            "timestamp(3) with time zone",
            ColumnType::Timestamp {
                precision: Some(3),
                with_time_zone: true,
            },
        ),
        (
            "timestamp without time zone",
            ColumnType::Timestamp {
                precision: None,
                with_time_zone: false,
            },
        ),
        (
            "timestamptz",
            ColumnType::Timestamp {
                precision: None,
                with_time_zone: true,
            },
        ),
        (
            "time with time zone",
            ColumnType::Time {
                precision: None,
                with_time_zone: true,
            },
        ),
        ("pg_catalog.text", ColumnType::Text),
        ("jsonb", ColumnType::Jsonb),
        (
            "_text",
            ColumnType::Array {
                element: Box::new(ColumnType::Text),
            },
        ),
        (
            "text[]",
            ColumnType::Array {
                element: Box::new(ColumnType::Text),
            },
        ),
        (
            "integer[][]",
            ColumnType::Array {
                element: Box::new(ColumnType::Array {
                    element: Box::new(ColumnType::Integer),
                }),
            },
        ),
        (
            "int ARRAY",
            ColumnType::Array {
                element: Box::new(ColumnType::Integer),
            },
        ),
        (
            "character varying(20)[]",
            ColumnType::Array {
                element: Box::new(ColumnType::Varchar { length: Some(20) }),
            },
        ),
        (
            "money",
            ColumnType::Custom {
                name: "money".into(),
            },
        ),
        (
            " geometry(Point,4326) ",
            ColumnType::Custom {
                name: "geometry(Point,4326)".into(),
            },
        ),
        (
            "varchar(x)",
            ColumnType::Custom {
                name: "varchar(x)".into(),
            },
        ),
    ];
    for (text, expected) in cases {
        assert_eq!(parse_type_name(text, &s), expected, "{text}");
    }
}

#[test]
fn parse_enum_type_names() {
    let s = schema_with_enums();
    let public = ColumnType::Enum {
        id: Id::for_enum("public", "wealth_status"),
    };
    let auth = ColumnType::Enum {
        id: Id::for_enum("auth", "wealth_status"),
    };
    assert_eq!(parse_type_name("wealth_status", &s), public);
    assert_eq!(parse_type_name("public.wealth_status", &s), public);
    assert_eq!(parse_type_name("auth.wealth_status", &s), auth);
    assert_eq!(
        parse_type_name("auth.\"Role Kind\"", &s),
        ColumnType::Enum {
            id: Id::for_enum("auth", "Role Kind")
        }
    );
    assert_eq!(
        parse_type_name("wealth_status[]", &s),
        ColumnType::Array {
            element: Box::new(public.clone())
        }
    );
    assert_eq!(
        parse_type_name("_wealth_status", &s),
        ColumnType::Array {
            element: Box::new(public)
        }
    );
    assert_eq!(
        parse_type_name("other.wealth_status", &s),
        ColumnType::Custom {
            name: "other.wealth_status".into()
        }
    );
}

fn col(table: &str, name: &str, ty: ColumnType, default: Option<&str>) -> Column {
    Column {
        collation: None,
        id: Id::for_column("public", table, name),
        name: name.into(),
        ty,
        not_null: false,
        default: default.map(|d| DefaultValue::Expression(d.into())),
        identity: None,
        identity_options: Default::default(),
        generated: None,
        comment: None,
    }
}

#[test]
fn defaults_become_typed() {
    let s = schema_with_enums();
    let status = ColumnType::Enum {
        id: Id::for_enum("public", "wealth_status"),
    };
    let e = |x: &str| DefaultValue::Expression(x.into());
    let cases: Vec<(ColumnType, &str, Option<DefaultValue>)> = vec![
        (
            ColumnType::Boolean,
            "true",
            Some(DefaultValue::Boolean(true)),
        ),
        (
            ColumnType::Boolean,
            "FALSE",
            Some(DefaultValue::Boolean(false)),
        ),
        (
            ColumnType::Integer,
            "30",
            Some(DefaultValue::Number("30".into())),
        ),
        (
            ColumnType::Integer,
            "(-1)",
            Some(DefaultValue::Number("-1".into())),
        ),
        (
            ColumnType::Integer,
            "'-1'::integer",
            Some(DefaultValue::Number("-1".into())),
        ),
        (
            ColumnType::Numeric {
                precision: Some(10),
                scale: Some(2),
            },
            "9.99",
            Some(DefaultValue::Number("9.99".into())),
        ),
        (
            ColumnType::Real,
            "'0.5'::real",
            Some(DefaultValue::Number("0.5".into())),
        ),
        (
            status.clone(),
            "'active'::wealth_status",
            Some(DefaultValue::String("active".into())),
        ),
        (
            status.clone(),
            "'active'::public.wealth_status",
            Some(DefaultValue::String("active".into())),
        ),
        (
            ColumnType::Text,
            "'x'::text",
            Some(DefaultValue::String("x".into())),
        ),
        (
            ColumnType::Text,
            "'it''s'::text",
            Some(DefaultValue::String("it's".into())),
        ),
        (
            ColumnType::Text,
            "E'a\\\\b'",
            Some(DefaultValue::String("a\\b".into())),
        ),
        (
            ColumnType::Varchar { length: Some(20) },
            "'n/a'::character varying",
            Some(DefaultValue::String("n/a".into())),
        ),
        (
            ColumnType::Date,
            "'2000-01-01'::date",
            Some(DefaultValue::String("2000-01-01".into())),
        ),
        (
            ColumnType::Jsonb,
            "'{\"a\": 1}'::jsonb",
            Some(DefaultValue::Json(serde_json::json!({"a": 1}))),
        ),
        (
            ColumnType::Json,
            "'[]'::json",
            Some(DefaultValue::Json(serde_json::json!([]))),
        ),
        (
            ColumnType::Array {
                element: Box::new(ColumnType::Text),
            },
            "'{}'::text[]",
            Some(DefaultValue::String("{}".into())),
        ),
        (ColumnType::Text, "NULL", None),
        (ColumnType::Text, "NULL::text", None),
        (
            ColumnType::Uuid,
            " gen_random_uuid() ",
            Some(e("gen_random_uuid()")),
        ),
        (
            ColumnType::Text,
            "'x'::character varying",
            Some(e("'x'::character varying")),
        ),
        (ColumnType::Text, "'a' || 'b'", Some(e("'a' || 'b'"))),
        (ColumnType::Integer, "1 + 1", Some(e("1 + 1"))),
    ];
    for (ty, text, expected) in cases {
        assert_eq!(
            normalize_default(&s, &ty, DefaultValue::Expression(text.into())),
            expected,
            "{text}"
        );
    }
    assert_eq!(
        normalize_default(&s, &ColumnType::Text, DefaultValue::Null),
        None
    );
    assert_eq!(
        normalize_default(&s, &ColumnType::Jsonb, DefaultValue::String("{}".into())),
        Some(DefaultValue::Json(serde_json::json!({})))
    );
}

fn table(name: &str, columns: Vec<Column>) -> Table {
    Table {
        grants: Default::default(),
        partition_by: Default::default(),
        partitions: Default::default(),
        triggers: Default::default(),
        policies: Default::default(),
        row_security: Default::default(),
        id: Id::for_table("public", name),
        schema: "public".into(),
        name: name.into(),
        columns,
        primary_key: None,
        uniques: vec![],
        checks: vec![],
        foreign_keys: vec![],
        indexes: vec![],
        comment: None,
    }
}

#[test]
fn serials_types_names_and_pk_not_null() {
    let mut t = table(
        "users",
        vec![
            col(
                "users",
                "id",
                ColumnType::Custom {
                    name: "int4".into(),
                },
                Some("nextval('users_id_seq'::regclass)"),
            ),
            col(
                "users",
                "big",
                ColumnType::BigInt,
                Some("nextval('public.users_big_seq'::regclass)"),
            ),
            col(
                "users",
                "other",
                ColumnType::Integer,
                Some("nextval('shared_seq'::regclass)"),
            ),
            col(
                "users",
                "name",
                ColumnType::Custom {
                    name: "character varying(20)".into(),
                },
                Some("NULL::character varying"),
            ),
        ],
    );
    t.primary_key = Some(PrimaryKey {
        deferrable: false,
        initially_deferred: false,
        id: Id::for_primary_key("public", "users"),
        name: Some("users_pkey".into()),
        columns: vec![Id::for_column("public", "users", "id")],
    });
    let mut s = Schema {
        tables: vec![t],
        ..Schema::default()
    };
    normalize(&mut s);
    let t = &s.tables[0];
    assert_eq!(t.columns[0].ty, ColumnType::Serial);
    assert_eq!(t.columns[0].default, None);
    assert!(t.columns[0].not_null);
    assert_eq!(t.columns[1].ty, ColumnType::BigSerial);
    assert_eq!(t.columns[1].default, None);
    // A shared sequence is not a serial.
    assert_eq!(t.columns[2].ty, ColumnType::Integer);
    assert!(t.columns[2].default.is_some());
    assert_eq!(t.columns[3].ty, ColumnType::Varchar { length: Some(20) });
    assert_eq!(t.columns[3].default, None);
    // `users_pkey` is the conventional name of a single-column key.
    assert_eq!(t.primary_key.as_ref().unwrap().name, None);
}

#[test]
fn conventional_names_become_none_and_others_stay() {
    let mut s = demo_document().schema;
    let expected = s.clone();
    // Spell every conventional name out, as introspection would read it.
    let snapshot = s.clone();
    for t in &mut s.tables {
        let tc = t.clone();
        for fk in &mut t.foreign_keys {
            fk.name = Some(conventional_fk_name(&snapshot, &tc, fk));
        }
        for ix in &mut t.indexes {
            if ix.name.is_none() {
                ix.name = Some(conventional_index_name(&tc, ix));
            }
        }
        if let Some(pk) = &mut t.primary_key {
            pk.name = Some(joinery_shared::naming::conventional_pk_name(&tc, pk));
        }
        for u in &mut t.uniques {
            u.name = Some(joinery_shared::naming::conventional_unique_name(&tc, u));
        }
    }
    normalize(&mut s);
    assert_eq!(s, expected);
    // The explicitly named index in the demo keeps its name.
    let ta = s.tables.iter().find(|t| t.name == "trust_awards").unwrap();
    assert_eq!(
        ta.indexes[0].name.as_deref(),
        Some("trust_awards_active_award_unique")
    );
}

#[test]
fn every_feature_document_normalizes_to_a_fixed_point() {
    // It spells some things non-canonically on purpose (numeric(10), char, integer[][], 1e-3,
    // serials without NOT NULL, DEFAULT NULL, a view query ending in `;`).
    let mut once = every_feature_document().schema;
    normalize(&mut once);
    let mut twice = once.clone();
    normalize(&mut twice);
    assert!(once == twice);
    let t = &once.tables[0];
    let by_name = |n: &str| t.column_named(n).unwrap();
    assert_eq!(
        by_name("whole").ty,
        ColumnType::Numeric {
            precision: Some(10),
            scale: Some(0)
        }
    );
    assert_eq!(
        by_name("flag_char").ty,
        ColumnType::Char { length: Some(1) }
    );
    assert_eq!(
        by_name("matrix").ty,
        ColumnType::Array {
            element: Box::new(ColumnType::Integer)
        }
    );
    assert_eq!(
        by_name("precise").default,
        Some(DefaultValue::Number("0.001".into()))
    );
    assert!(by_name("seq").not_null);
    assert_eq!(by_name("happened_at").default, None);
}

#[test]
fn model_documents_are_already_canonical_up_to_order() {
    for doc in [demo_document()] {
        let mut s = doc.schema.clone();
        normalize(&mut s);
        // every_feature has one deliberate `DEFAULT NULL`, which normalizes away.
        for t in &mut s.tables {
            for c in &mut t.columns {
                let original = doc
                    .schema
                    .tables
                    .iter()
                    .flat_map(|t| &t.columns)
                    .find(|o| o.id == c.id)
                    .unwrap();
                if original.default == Some(DefaultValue::Null) {
                    assert_eq!(c.default, None);
                    c.default = Some(DefaultValue::Null);
                }
            }
        }
        let mut expected = doc.schema.clone();
        for v in &mut expected.views {
            v.query = v.query.trim().trim_end_matches(';').to_string();
        }
        assert!(s == expected, "normalize changed a model document");
    }
}

#[test]
fn canonical_sorts_unordered_things_only() {
    let doc = every_feature_document();
    let mut shuffled = doc.schema.clone();
    shuffled.tables.reverse();
    shuffled.views.reverse();
    shuffled.enums.reverse();
    for t in &mut shuffled.tables {
        t.indexes.reverse();
        t.foreign_keys.reverse();
        t.uniques.reverse();
    }
    shuffled.namespaces.push(joinery_shared::model::Namespace {
        grants: Default::default(),
        id: Id::for_namespace("public"),
        name: "public".into(),
        comment: Some("standard public schema".into()),
    });
    assert_eq!(canonical(&shuffled), canonical(&doc.schema));
    // Column order is meaningful and kept.
    let mut reordered = doc.schema.clone();
    reordered.tables[0].columns.swap(0, 1);
    assert_ne!(canonical(&reordered), canonical(&doc.schema));
}

#[test]
fn ineffective_flags_are_cleared() {
    let mut s = demo_document().schema;
    let wealth = s.tables.iter_mut().find(|t| t.name == "wealth").unwrap();
    wealth.indexes[0].nulls_not_distinct = true;
    wealth.foreign_keys[0].initially_deferred = true;
    normalize(&mut s);
    assert_eq!(s, demo_document().schema);
}

#[test]
fn same_database_is_canonical_equality() {
    use joinery_shared::generate::{changed_schema, realistic_schema};
    use joinery_shared::normalize::same_database;
    let base = realistic_schema(3, 40, 10).schema;
    let mut reordered = base.clone();
    reordered.tables.reverse();
    let mut respelled = base.clone();
    // A conventional name spelled out is no change; a real type change is one.
    let t = &mut respelled.tables[1];
    t.primary_key
        .as_mut()
        .expect("generated tables have keys")
        .name = Some(format!("{}_pkey", t.name));
    let mut retyped = base.clone();
    retyped.tables[2].columns[1].ty = ColumnType::Custom {
        name: "money".into(),
    };
    let mut renamed_column = base.clone();
    renamed_column.tables[0].columns[1].name.push_str("_x");
    let cases = [
        base.clone(),
        reordered,
        respelled,
        retyped,
        renamed_column,
        changed_schema(&base),
        Schema::default(),
        demo_document().schema,
        every_feature_document().schema,
    ];
    for a in &cases {
        for b in &cases {
            assert_eq!(same_database(a, b), canonical(a) == canonical(b));
        }
    }
    assert!(same_database(&cases[0], &cases[1]));
    assert!(same_database(&cases[0], &cases[2]));
    assert!(!same_database(&cases[0], &cases[3]));
}
