//! Conventional names match drizzle-kit's, and the per-object renderers the planner reuses.

use joinery_shared::ddl::{
    column_definition_sql, column_type_sql, create_enum_sql, create_index_sql, default_sql,
    qualified_name,
};
use joinery_shared::demo::demo_document;
use joinery_shared::model::{Column, ColumnType, DefaultValue, Id, Schema};
use joinery_shared::naming::{
    conventional_fk_name, conventional_index_name, conventional_pk_name, conventional_unique_name,
    effective_pk_name, quote_ident, quote_literal, shorten,
};

fn demo() -> Schema {
    demo_document().schema
}

#[test]
fn drizzle_kit_names() {
    let s = demo();
    let t = |n: &str| s.tables.iter().find(|t| t.name == n).unwrap();
    let rm = t("resource_memberships");
    // The exact name in the drizzle-kit migration of the seed document.
    assert_eq!(
        conventional_fk_name(&s, rm, &rm.foreign_keys[0]),
        "resource_memberships_resource_id_communities_id_fk"
    );
    assert_eq!(
        conventional_pk_name(rm, rm.primary_key.as_ref().unwrap()),
        "resource_memberships_resource_id_resource_type_user_id_pk"
    );
    let users = t("app_users");
    assert_eq!(
        conventional_pk_name(users, users.primary_key.as_ref().unwrap()),
        "app_users_pkey"
    );
    assert_eq!(
        conventional_unique_name(users, &users.uniques[0]),
        "app_users_email_unique"
    );
    let wealth = t("wealth");
    assert_eq!(
        conventional_index_name(wealth, &wealth.indexes[0]),
        "wealth_community_id_status_index"
    );
    // An explicit name wins.
    let mut pk = users.primary_key.clone().unwrap();
    pk.name = Some("users_primary".into());
    assert_eq!(effective_pk_name(users, &pk), "users_primary");
}

#[test]
fn long_names_are_shortened_distinctly() {
    let a = format!("{}_a_fk", "x".repeat(70));
    let b = format!("{}_b_fk", "x".repeat(70));
    assert_eq!(shorten(&a).len(), 63);
    assert_ne!(shorten(&a), shorten(&b));
    assert!(shorten(&a).starts_with(&"x".repeat(54)));
}

#[test]
fn quoting_rules() {
    for bare in ["users", "_x", "a1$", "type", "name", "status"] {
        assert_eq!(quote_ident(bare), bare);
    }
    for (name, quoted) in [
        ("user", "\"user\""),
        ("order", "\"order\""),
        ("position", "\"position\""),
        ("Users", "\"Users\""),
        ("my table", "\"my table\""),
        ("say \"hi\"", "\"say \"\"hi\"\"\""),
        ("9lives", "\"9lives\""),
        ("é", "\"é\""),
    ] {
        assert_eq!(quote_ident(name), quoted);
    }
    assert_eq!(quote_literal("plain"), "'plain'");
    assert_eq!(quote_literal("o'clock"), "'o''clock'");
    assert_eq!(quote_literal("C:\\dir"), "E'C:\\\\dir'");
    assert_eq!(qualified_name("public", "user"), "\"user\"");
    assert_eq!(qualified_name("Auth", "users"), "\"Auth\".users");
}

#[test]
fn type_spellings() {
    let s = demo();
    let enum_id = s.enums[0].id.clone();
    let cases: Vec<(ColumnType, &str)> = vec![
        (ColumnType::DoublePrecision, "double precision"),
        (
            ColumnType::Numeric {
                precision: Some(10),
                scale: Some(2),
            },
            "numeric(10, 2)",
        ),
        (
            ColumnType::Timestamp {
                precision: Some(3),
                with_time_zone: true,
            },
            "timestamp(3) with time zone",
        ),
        (ColumnType::Varchar { length: Some(20) }, "varchar(20)"),
        (
            ColumnType::Enum {
                id: enum_id.clone(),
            },
            "wealth_type",
        ),
        (
            ColumnType::Array {
                element: Box::new(ColumnType::Enum { id: enum_id }),
            },
            "wealth_type[]",
        ),
        (
            ColumnType::Enum {
                id: Id::new("en_missing"),
            },
            "en_missing",
        ),
        (
            ColumnType::Custom {
                name: " geometry(Point,4326) ".into(),
            },
            "geometry(Point,4326)",
        ),
    ];
    for (ty, sql) in cases {
        assert_eq!(column_type_sql(&s, &ty), sql);
    }
}

#[test]
fn defaults_and_column_definitions() {
    let s = demo();
    let col = |ty: ColumnType, d: DefaultValue| Column {
        collation: None,
        id: Id::new("c"),
        name: "c".into(),
        ty,
        not_null: true,
        default: Some(d),
        identity: None,
        identity_options: Default::default(),
        generated: None,
        comment: None,
    };
    let cases = vec![
        (
            col(ColumnType::Text, DefaultValue::String("it's".into())),
            "'it''s'",
        ),
        (
            col(
                ColumnType::Jsonb,
                DefaultValue::Json(serde_json::json!({"a": [1, 2]})),
            ),
            "'{\"a\":[1,2]}'::jsonb",
        ),
        (
            col(ColumnType::Json, DefaultValue::Json(serde_json::json!([]))),
            "'[]'::json",
        ),
        (
            col(ColumnType::Integer, DefaultValue::Number(" 15 ".into())),
            "15",
        ),
        (
            col(ColumnType::Boolean, DefaultValue::Boolean(true)),
            "true",
        ),
        (
            col(
                ColumnType::Uuid,
                DefaultValue::Expression("gen_random_uuid()".into()),
            ),
            "gen_random_uuid()",
        ),
        (col(ColumnType::Text, DefaultValue::Null), "NULL"),
    ];
    for (c, expected) in cases {
        assert_eq!(default_sql(&s, &c).as_deref(), Some(expected));
    }
    let wealth = s.tables.iter().find(|t| t.name == "wealth").unwrap();
    let status = wealth.column_named("status").unwrap();
    assert_eq!(
        column_definition_sql(&s, wealth, status),
        "status wealth_status DEFAULT 'active' NOT NULL"
    );
    // Primary key membership is not part of a column definition, but NOT NULL is.
    let id = wealth.column_named("id").unwrap();
    assert_eq!(
        column_definition_sql(&s, wealth, id),
        "id uuid DEFAULT gen_random_uuid() NOT NULL"
    );
    assert_eq!(
        create_enum_sql(&s.enums[0]),
        "CREATE TYPE wealth_type AS ENUM ('object', 'service');"
    );
    assert_eq!(
        create_index_sql(&s, wealth, &wealth.indexes[0]),
        "CREATE INDEX wealth_community_id_status_index ON wealth USING btree (community_id, status) WHERE deleted_at IS NULL;"
    );
}
