//! One test per validation rule: a valid schema is broken in one way and exactly that kind of
//! problem is reported, naming the right object.

use joinery_shared::demo::{demo_document, every_feature_document};
use joinery_shared::model::{
    Check, Column, ColumnType, DefaultValue, Enum, EnumValue, ForeignKey, Id, Identity, Index,
    IndexKey, IndexPart, Namespace, PrimaryKey, ReferentialAction, Schema, Table, Unique, View,
};
use joinery_shared::validate::{validate, ObjectKind, Problem, ProblemKind};

fn base() -> Schema {
    let s = demo_document().schema;
    assert_eq!(validate(&s), vec![]);
    s
}

fn table_mut<'a>(s: &'a mut Schema, name: &str) -> &'a mut Table {
    s.tables.iter_mut().find(|t| t.name == name).unwrap()
}

fn column_mut<'a>(s: &'a mut Schema, table: &str, column: &str) -> &'a mut Column {
    table_mut(s, table)
        .columns
        .iter_mut()
        .find(|c| c.name == column)
        .unwrap()
}

/// Asserts every problem is of `kind` and there is at least one; returns them.
fn only(s: &Schema, kind: ProblemKind) -> Vec<Problem> {
    let problems = validate(s);
    assert!(!problems.is_empty(), "expected {kind:?}, got no problems");
    for p in &problems {
        assert_eq!(p.kind, kind, "unexpected problem: {p}");
        assert!(!p.message.is_empty());
    }
    problems
}

fn new_column(id: &str, name: &str, ty: ColumnType) -> Column {
    Column {
        collation: None,
        id: Id::new(id),
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

#[test]
fn valid_schemas_have_no_problems() {
    assert_eq!(validate(&demo_document().schema), vec![]);
    assert_eq!(validate(&every_feature_document().schema), vec![]);
    assert_eq!(validate(&Schema::default()), vec![]);
}

#[test]
fn duplicate_table_names() {
    let mut s = base();
    table_mut(&mut s, "councils").name = "wealth".into();
    // The table, and its conventional primary key name `wealth_pkey`, both clash.
    let p = only(&s, ProblemKind::DuplicateRelationName);
    assert_eq!(p.len(), 2);
    assert_eq!(p[0].path.0.len(), 1);
    assert_eq!(p[0].path.0[0].kind, ObjectKind::Table);
    assert_eq!(p[0].path.0[0].id, Id::new("tb_councils"));
    assert_eq!(p[1].path.0[1].name, "wealth_pkey");
}

#[test]
fn same_table_name_in_different_schemas_is_fine() {
    let mut s = base();
    let t = table_mut(&mut s, "councils");
    t.name = "wealth".into();
    t.schema = "other".into();
    assert_eq!(validate(&s), vec![]);
}

#[test]
fn view_named_like_a_table() {
    let mut s = base();
    s.views[0].name = "wealth".into();
    // A view and a table share the relation namespace (and the type namespace, reported once).
    let p = only(&s, ProblemKind::DuplicateRelationName);
    assert_eq!(p[0].path.0[0].kind, ObjectKind::View);
}

#[test]
fn enum_named_like_a_table() {
    let mut s = base();
    s.enums[0].name = "councils".into();
    let p = only(&s, ProblemKind::DuplicateTypeName);
    assert_eq!(p[0].path.0[0].kind, ObjectKind::Enum);
}

#[test]
fn duplicate_enum_names() {
    let mut s = base();
    s.enums[1].name = s.enums[0].name.clone();
    only(&s, ProblemKind::DuplicateTypeName);
}

#[test]
fn duplicate_column_names() {
    let mut s = base();
    column_mut(&mut s, "wealth", "description").name = "title".into();
    let p = only(&s, ProblemKind::DuplicateColumnName);
    assert_eq!(p[0].path.0.len(), 2);
    assert_eq!(p[0].path.0[1].kind, ObjectKind::Column);
    assert_eq!(p[0].path.0[1].name, "title");
}

#[test]
fn duplicate_constraint_names_in_a_table() {
    let mut s = base();
    let t = table_mut(&mut s, "wealth");
    t.checks.push(Check {
        no_inherit: false,
        not_valid: false,
        id: Id::new("ck_dup"),
        name: "wealth_community_id_communities_id_fk".into(),
        expression: "true".into(),
    });
    let p = only(&s, ProblemKind::DuplicateConstraintName);
    assert_eq!(p.len(), 1);
    // Checks are registered before foreign keys, so the foreign key is the second one.
    assert_eq!(p[0].path.0[1].id, Id::new("fk_wealth_community_id"));
}

#[test]
fn explicit_index_name_clashing_with_a_conventional_one() {
    let mut s = base();
    // An index explicitly named like the table's conventional primary key name.
    let t = table_mut(&mut s, "wealth_requests");
    t.indexes[0].name = Some("wealth_requests_pkey".into());
    let p = only(&s, ProblemKind::DuplicateRelationName);
    assert_eq!(p[0].path.0[1].kind, ObjectKind::Index);
}

#[test]
fn index_named_like_another_schema_object() {
    let mut s = base();
    let t = table_mut(&mut s, "wealth_requests");
    t.indexes[0].name = Some("communities".into());
    only(&s, ProblemKind::DuplicateRelationName);
}

#[test]
fn duplicate_enum_values() {
    let mut s = base();
    let e = &mut s.enums[1];
    e.values.push(EnumValue {
        id: Id::new("ev_dup"),
        name: "active".into(),
    });
    let p = only(&s, ProblemKind::DuplicateEnumValue);
    assert_eq!(p[0].path.0[1].kind, ObjectKind::EnumValue);
}

#[test]
fn empty_enum() {
    let mut s = base();
    s.enums.push(Enum {
        id: Id::new("en_empty"),
        schema: "public".into(),
        name: "nothing".into(),
        values: vec![],
        comment: None,
    });
    only(&s, ProblemKind::EmptyEnum);
}

#[test]
fn empty_table() {
    let mut s = base();
    s.tables.push(Table {
        grants: Vec::new(),
        triggers: Default::default(),
        partition_by: None,
        partitions: Vec::new(),
        policies: Default::default(),
        row_security: Default::default(),
        id: Id::new("tb_empty"),
        schema: "public".into(),
        name: "empty".into(),
        columns: vec![],
        primary_key: None,
        uniques: vec![],
        checks: vec![],
        foreign_keys: vec![],
        indexes: vec![],
        comment: None,
    });
    only(&s, ProblemKind::EmptyTable);
}

#[test]
fn empty_names() {
    let mut s = base();
    column_mut(&mut s, "wealth", "title").name = String::new();
    only(&s, ProblemKind::EmptyName);
    let mut s = base();
    s.enums[0].values[0].name = String::new();
    only(&s, ProblemKind::EmptyName);
    let mut s = base();
    table_mut(&mut s, "wealth").checks[0].name = String::new();
    only(&s, ProblemKind::EmptyName);
}

#[test]
fn nul_in_a_name() {
    let mut s = base();
    column_mut(&mut s, "wealth", "title").name = "ti\0tle".into();
    only(&s, ProblemKind::InvalidName);
}

#[test]
fn identifiers_over_63_bytes() {
    let mut s = base();
    column_mut(&mut s, "wealth", "title").name = "t".repeat(64);
    only(&s, ProblemKind::IdentifierTooLong);
    // 63 bytes is fine, and multi-byte characters count in bytes.
    let mut s = base();
    column_mut(&mut s, "wealth", "title").name = "t".repeat(63);
    assert_eq!(validate(&s), vec![]);
    let mut s = base();
    column_mut(&mut s, "wealth", "title").name = "é".repeat(32);
    only(&s, ProblemKind::IdentifierTooLong);
    let mut s = base();
    table_mut(&mut s, "wealth").indexes[0].name = Some("i".repeat(70));
    only(&s, ProblemKind::IdentifierTooLong);
}

#[test]
fn long_table_names_get_shortened_conventional_names_without_problems() {
    let mut s = base();
    table_mut(&mut s, "wealth").name = "w".repeat(63);
    assert_eq!(validate(&s), vec![]);
}

#[test]
fn foreign_key_to_missing_table() {
    let mut s = base();
    table_mut(&mut s, "wealth").foreign_keys[0].ref_table = Id::new("tb_gone");
    let p = only(&s, ProblemKind::UnknownTable);
    assert_eq!(p[0].path.0[1].kind, ObjectKind::ForeignKey);
}

#[test]
fn foreign_key_to_missing_column() {
    let mut s = base();
    table_mut(&mut s, "wealth").foreign_keys[0].ref_columns = vec![Id::new("co_gone")];
    only(&s, ProblemKind::UnknownColumn);
    let mut s = base();
    table_mut(&mut s, "wealth").foreign_keys[0].columns = vec![Id::new("co_gone")];
    only(&s, ProblemKind::UnknownColumn);
}

#[test]
fn dangling_key_and_index_columns() {
    let mut s = base();
    table_mut(&mut s, "wealth")
        .primary_key
        .as_mut()
        .unwrap()
        .columns = vec![Id::new("co_x")];
    let kinds: Vec<ProblemKind> = validate(&s).into_iter().map(|p| p.kind).collect();
    // ...and wealth_requests' foreign key to wealth.id is no longer covered by a key.
    assert_eq!(
        kinds,
        vec![
            ProblemKind::UnknownColumn,
            ProblemKind::ForeignKeyTargetNotUnique
        ]
    );
    let mut s = base();
    table_mut(&mut s, "wealth").indexes[0].parts[0].key = IndexKey::Column(Id::new("co_x"));
    only(&s, ProblemKind::UnknownColumn);
    let mut s = base();
    table_mut(&mut s, "wealth").indexes[0].include = vec![Id::new("co_x")];
    only(&s, ProblemKind::UnknownColumn);
}

#[test]
fn empty_keys() {
    let mut s = base();
    table_mut(&mut s, "app_users").uniques[0].columns.clear();
    only(&s, ProblemKind::EmptyKey);
    let mut s = base();
    table_mut(&mut s, "wealth").indexes[0].parts.clear();
    only(&s, ProblemKind::EmptyKey);
}

#[test]
fn duplicate_key_column() {
    let mut s = base();
    let t = table_mut(&mut s, "app_users");
    let email = t.uniques[0].columns[0].clone();
    t.uniques[0].columns.push(email);
    only(&s, ProblemKind::DuplicateKeyColumn);
}

#[test]
fn foreign_key_column_count_mismatch() {
    let mut s = base();
    let t = table_mut(&mut s, "wealth");
    let extra = t.column_named("target_id").unwrap().id.clone();
    t.foreign_keys[0].columns.push(extra);
    // Two columns referencing one: the count is wrong (and nothing else is reported).
    only(&s, ProblemKind::ForeignKeyColumnCount);
}

#[test]
fn foreign_key_type_mismatch() {
    let mut s = base();
    column_mut(&mut s, "wealth", "community_id").ty = ColumnType::Text;
    let p = only(&s, ProblemKind::ForeignKeyTypeMismatch);
    assert!(p[0].message.contains("community_id"), "{}", p[0].message);
    // A numeric column referencing an integer key cannot be implemented by PostgreSQL.
    let mut s = base();
    column_mut(&mut s, "councils", "community_id").ty = ColumnType::Numeric {
        precision: None,
        scale: None,
    };
    let p = only(&s, ProblemKind::ForeignKeyTypeMismatch);
    assert!(p[0].message.contains("numeric"), "{}", p[0].message);
}

#[test]
fn compatible_foreign_key_types() {
    // serial -> integer, bigint -> integer, char(n) -> text are all fine for PostgreSQL.
    let mut s = Schema::default();
    let mut parent = Table {
        grants: Vec::new(),
        triggers: Default::default(),
        partition_by: None,
        partitions: Vec::new(),
        policies: Default::default(),
        row_security: Default::default(),
        id: Id::new("tb_p"),
        schema: "public".into(),
        name: "p".into(),
        columns: vec![
            new_column("co_p_id", "id", ColumnType::Serial),
            new_column("co_p_code", "code", ColumnType::Text),
        ],
        primary_key: Some(PrimaryKey {
            deferrable: false,
            initially_deferred: false,
            id: Id::new("pk_p"),
            name: None,
            columns: vec![Id::new("co_p_id")],
        }),
        uniques: vec![Unique {
            deferrable: false,
            initially_deferred: false,
            id: Id::new("uq_p_code"),
            name: None,
            columns: vec![Id::new("co_p_code")],
            nulls_not_distinct: false,
        }],
        checks: vec![],
        foreign_keys: vec![],
        indexes: vec![],
        comment: None,
    };
    parent.columns[0].not_null = true;
    let fk = |id: &str, col: &str, refcol: &str| ForeignKey {
        match_full: false,
        not_valid: false,
        id: Id::new(id),
        name: None,
        columns: vec![Id::new(col)],
        ref_table: Id::new("tb_p"),
        ref_columns: vec![Id::new(refcol)],
        on_delete: ReferentialAction::Cascade,
        on_update: ReferentialAction::NoAction,
        deferrable: false,
        initially_deferred: false,
    };
    let child = Table {
        grants: Vec::new(),
        triggers: Default::default(),
        partition_by: None,
        partitions: Vec::new(),
        policies: Default::default(),
        row_security: Default::default(),
        id: Id::new("tb_c"),
        schema: "public".into(),
        name: "c".into(),
        columns: vec![
            new_column("co_c_a", "a", ColumnType::Integer),
            new_column("co_c_b", "b", ColumnType::BigInt),
            new_column("co_c_code", "code", ColumnType::Char { length: Some(9) }),
        ],
        primary_key: None,
        uniques: vec![],
        checks: vec![],
        foreign_keys: vec![
            fk("fk_a", "co_c_a", "co_p_id"),
            fk("fk_b", "co_c_b", "co_p_id"),
            fk("fk_code", "co_c_code", "co_p_code"),
        ],
        indexes: vec![],
        comment: None,
    };
    s.tables = vec![parent, child];
    assert_eq!(validate(&s), vec![]);
}

#[test]
fn foreign_key_target_not_unique() {
    let mut s = base();
    let t = table_mut(&mut s, "wealth");
    let comm = t.column_named("community_id").unwrap().id.clone();
    let communities = s.tables.iter().find(|t| t.name == "communities").unwrap();
    let name = communities.column_named("name").unwrap().id.clone();
    let ty = communities.column_named("name").unwrap().ty.clone();
    column_mut(&mut s, "wealth", "community_id").ty = ty;
    let t = table_mut(&mut s, "wealth");
    t.foreign_keys[0].columns = vec![comm];
    t.foreign_keys[0].ref_columns = vec![name];
    only(&s, ProblemKind::ForeignKeyTargetNotUnique);
}

#[test]
fn foreign_key_target_covered_by_unique_index_but_not_partial_one() {
    let mut s = base();
    // councils (community_id, name) is a unique constraint: referencing it in another order works.
    let councils = s
        .tables
        .iter()
        .find(|t| t.name == "councils")
        .unwrap()
        .clone();
    let wealth = table_mut(&mut s, "wealth");
    wealth.columns.push(new_column(
        "co_wealth_council_name",
        "council_name",
        ColumnType::Varchar { length: Some(100) },
    ));
    let community = wealth.column_named("community_id").unwrap().id.clone();
    wealth.foreign_keys.push(ForeignKey {
        match_full: false,
        not_valid: false,
        id: Id::new("fk_wealth_council"),
        name: None,
        columns: vec![Id::new("co_wealth_council_name"), community],
        ref_table: councils.id.clone(),
        ref_columns: vec![
            councils.column_named("name").unwrap().id.clone(),
            councils.column_named("community_id").unwrap().id.clone(),
        ],
        on_delete: ReferentialAction::NoAction,
        on_update: ReferentialAction::NoAction,
        deferrable: false,
        initially_deferred: false,
    });
    assert_eq!(validate(&s), vec![]);

    // trust_awards' unique index is partial: it does not make a foreign key target.
    let mut s = base();
    let ta = s
        .tables
        .iter()
        .find(|t| t.name == "trust_awards")
        .unwrap()
        .clone();
    let target: Vec<Id> = ta.indexes[0]
        .parts
        .iter()
        .map(|p| match &p.key {
            IndexKey::Column(id) => id.clone(),
            IndexKey::Expression(_) => unreachable!(),
        })
        .collect();
    let mut t = ta.clone();
    t.id = Id::new("tb_ta_ref");
    t.name = "ta_ref".into();
    for c in &mut t.columns {
        c.id = Id::new(format!("ref_{}", c.id));
    }
    t.primary_key = None;
    t.checks.clear();
    t.indexes.clear();
    t.foreign_keys = vec![ForeignKey {
        match_full: false,
        not_valid: false,
        id: Id::new("fk_ta_ref"),
        name: None,
        columns: target.iter().map(|c| Id::new(format!("ref_{c}"))).collect(),
        ref_table: ta.id.clone(),
        ref_columns: target.clone(),
        on_delete: ReferentialAction::NoAction,
        on_update: ReferentialAction::NoAction,
        deferrable: false,
        initially_deferred: false,
    }];
    s.tables.push(t);
    only(&s, ProblemKind::ForeignKeyTargetNotUnique);
    // Without the predicate the unique index covers it.
    table_mut(&mut s, "trust_awards").indexes[0].predicate = None;
    assert_eq!(validate(&s), vec![]);
}

#[test]
fn invalid_defaults() {
    let cases: Vec<(&str, &str, DefaultValue)> = vec![
        ("wealth", "quantity", DefaultValue::String("abc".into())),
        (
            "wealth",
            "quantity",
            DefaultValue::String("99999999999".into()),
        ),
        ("wealth", "quantity", DefaultValue::Number("1.2.3".into())),
        ("wealth", "quantity", DefaultValue::Boolean(true)),
        (
            "wealth",
            "quantity",
            DefaultValue::Json(serde_json::json!(1)),
        ),
        ("wealth", "status", DefaultValue::String("bogus".into())),
        ("wealth", "status", DefaultValue::Number("1".into())),
        (
            "wealth",
            "target_id",
            DefaultValue::String("not-a-uuid".into()),
        ),
        ("wealth", "title", DefaultValue::String("x".repeat(201))),
        (
            "communities",
            "min_trust_for_wealth",
            DefaultValue::Number("1".into()),
        ),
        (
            "communities",
            "min_trust_for_wealth",
            DefaultValue::String("{oops".into()),
        ),
        (
            "communities",
            "name",
            DefaultValue::Json(serde_json::json!({"a": 1})),
        ),
    ];
    for (table, column, default) in cases {
        let mut s = base();
        column_mut(&mut s, table, column).default = Some(default.clone());
        let p = only(&s, ProblemKind::InvalidDefault);
        assert_eq!(p.len(), 1, "{table}.{column} = {default:?}");
        assert_eq!(p[0].path.0[1].name, column);
    }
}

#[test]
fn valid_defaults() {
    let cases: Vec<(&str, &str, DefaultValue)> = vec![
        ("wealth", "quantity", DefaultValue::String("42".into())),
        ("wealth", "quantity", DefaultValue::Number("-3".into())),
        ("wealth", "quantity", DefaultValue::Null),
        (
            "wealth",
            "quantity",
            DefaultValue::Expression("1 + 1".into()),
        ),
        ("wealth", "status", DefaultValue::String("expired".into())),
        (
            "wealth",
            "target_id",
            DefaultValue::String("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11".into()),
        ),
        ("wealth", "title", DefaultValue::Number("7".into())),
        (
            "communities",
            "min_trust_for_wealth",
            DefaultValue::String("{\"a\": 1}".into()),
        ),
    ];
    for (table, column, default) in cases {
        let mut s = base();
        column_mut(&mut s, table, column).default = Some(default.clone());
        assert_eq!(validate(&s), vec![], "{table}.{column} = {default:?}");
    }
}

#[test]
fn empty_default_expression() {
    let mut s = base();
    column_mut(&mut s, "wealth", "quantity").default = Some(DefaultValue::Expression("  ".into()));
    only(&s, ProblemKind::EmptyExpression);
}

#[test]
fn unknown_enum() {
    let mut s = base();
    column_mut(&mut s, "wealth", "type").ty = ColumnType::Enum {
        id: Id::new("en_gone"),
    };
    only(&s, ProblemKind::UnknownEnum);
    let mut s = base();
    column_mut(&mut s, "wealth", "type").ty = ColumnType::Array {
        element: Box::new(ColumnType::Enum {
            id: Id::new("en_gone"),
        }),
    };
    only(&s, ProblemKind::UnknownEnum);
}

#[test]
fn identity_on_non_integer() {
    let mut s = base();
    let c = column_mut(&mut s, "wealth", "title");
    c.identity = Some(Identity::Always);
    only(&s, ProblemKind::IdentityOnNonInteger);
}

#[test]
fn identity_with_default() {
    let mut s = base();
    let c = column_mut(&mut s, "wealth", "quantity");
    c.identity = Some(Identity::ByDefault);
    c.default = Some(DefaultValue::Number("1".into()));
    only(&s, ProblemKind::IdentityWithDefault);
    let mut s = base();
    let c = column_mut(&mut s, "wealth", "quantity");
    c.ty = ColumnType::Serial;
    c.default = Some(DefaultValue::Number("1".into()));
    only(&s, ProblemKind::IdentityWithDefault);
}

#[test]
fn generated_with_default_or_identity() {
    let mut s = base();
    let c = column_mut(&mut s, "wealth", "quantity");
    c.generated = Some("min_trust_required * 2".into());
    c.default = Some(DefaultValue::Number("1".into()));
    only(&s, ProblemKind::GeneratedWithDefault);
    let mut s = base();
    let c = column_mut(&mut s, "wealth", "quantity");
    c.generated = Some("min_trust_required * 2".into());
    c.identity = Some(Identity::Always);
    only(&s, ProblemKind::GeneratedWithIdentity);
}

#[test]
fn invalid_type_parameters() {
    for ty in [
        ColumnType::Varchar { length: Some(0) },
        ColumnType::Numeric {
            precision: Some(2),
            scale: Some(5),
        },
        ColumnType::Numeric {
            precision: None,
            scale: Some(2),
        },
        ColumnType::Timestamp {
            precision: Some(7),
            with_time_zone: false,
        },
        ColumnType::Array {
            element: Box::new(ColumnType::Serial),
        },
        ColumnType::Custom { name: " ".into() },
    ] {
        let mut s = base();
        column_mut(&mut s, "wealth", "description").ty = ty.clone();
        only(&s, ProblemKind::InvalidType);
    }
}

#[test]
fn empty_sql_texts() {
    let mut s = base();
    table_mut(&mut s, "wealth").checks[0].expression = " ".into();
    only(&s, ProblemKind::EmptyExpression);
    let mut s = base();
    s.views[0].query = " ; ".into();
    only(&s, ProblemKind::EmptyExpression);
    let mut s = base();
    table_mut(&mut s, "wealth").indexes[0].parts = vec![IndexPart {
        collation: None,
        key: IndexKey::Expression(String::new()),
        descending: false,
        nulls: None,
        opclass: None,
    }];
    only(&s, ProblemKind::EmptyExpression);
}

#[test]
fn duplicate_ids() {
    let mut s = base();
    let other = table_mut(&mut s, "wealth").columns[0].id.clone();
    table_mut(&mut s, "councils").columns[3].id = other;
    let problems = validate(&s);
    assert!(problems.iter().any(|p| p.kind == ProblemKind::DuplicateId));
}

#[test]
fn duplicate_namespaces_and_view_columns() {
    let mut s = base();
    for _ in 0..2 {
        s.namespaces.push(Namespace {
            grants: Default::default(),
            id: Id::new(format!("ns_{}", s.namespaces.len())),
            name: "auth".into(),
            comment: None,
        });
    }
    only(&s, ProblemKind::DuplicateNamespace);
    let mut s = base();
    s.views.push(View {
        id: Id::new("vw_x"),
        schema: "public".into(),
        name: "x".into(),
        columns: vec!["a".into(), "a".into()],
        query: "SELECT 1, 2".into(),
        materialized: false,
        comment: None,
        check_option: None,
        indexes: vec![],
    });
    only(&s, ProblemKind::DuplicateColumnName);
}

#[test]
fn all_problems_are_reported_together() {
    let mut s = base();
    s.enums[0].values.clear();
    column_mut(&mut s, "wealth", "title").name = String::new();
    table_mut(&mut s, "wealth").foreign_keys[0].ref_table = Id::new("tb_gone");
    let kinds: Vec<ProblemKind> = validate(&s).into_iter().map(|p| p.kind).collect();
    for k in [
        ProblemKind::EmptyEnum,
        ProblemKind::EmptyName,
        ProblemKind::UnknownTable,
    ] {
        assert!(kinds.contains(&k), "{k:?} missing from {kinds:?}");
    }
}

#[test]
fn problems_serialize_for_the_ui() {
    let mut s = base();
    s.enums[0].values.clear();
    let json = serde_json::to_value(validate(&s)).unwrap();
    assert_eq!(json[0]["kind"], "empty_enum");
    assert_eq!(json[0]["path"][0]["kind"], "enum");
    assert_eq!(json[0]["path"][0]["id"], "en_wealth_type");
}

#[test]
fn index_on_unknown_column_path_names_the_index() {
    let mut s = base();
    let t = table_mut(&mut s, "wealth");
    t.indexes.push(Index {
        comment: None,
        storage: Default::default(),
        id: Id::new("ix_new"),
        name: Some("wealth_new_index".into()),
        unique: false,
        method: Default::default(),
        parts: vec![IndexPart {
            collation: None,
            key: IndexKey::Column(Id::new("co_missing")),
            descending: false,
            nulls: None,
            opclass: None,
        }],
        include: vec![],
        predicate: None,
        nulls_not_distinct: false,
    });
    let p = only(&s, ProblemKind::UnknownColumn);
    assert_eq!(p[0].path.target(), Some(&Id::new("ix_new")));
    assert!(p[0].to_string().contains("wealth_new_index"));
}

#[test]
fn only_materialized_views_have_indexes_and_only_plain_views_a_check_option() {
    use joinery_shared::model::{CheckOption, IndexMethod};
    let index = |name: &str| Index {
        comment: None,
        storage: Default::default(),
        id: Id::new(format!("ix_{name}")),
        name: Some(name.into()),
        unique: false,
        method: IndexMethod::Btree,
        parts: vec![IndexPart {
            collation: None,
            key: IndexKey::Expression("a".into()),
            descending: false,
            nulls: None,
            opclass: None,
        }],
        include: vec![],
        predicate: None,
        nulls_not_distinct: false,
    };
    let view = |materialized: bool| View {
        id: Id::new("vw_x"),
        schema: "public".into(),
        name: "x".into(),
        columns: vec![],
        query: "SELECT 1 AS a".into(),
        materialized,
        comment: None,
        check_option: None,
        indexes: vec![],
    };
    let mut s = Schema::default();
    let mut v = view(false);
    v.indexes.push(index("x_a"));
    s.views.push(v);
    only(&s, ProblemKind::ViewKindMismatch);
    let mut s = Schema::default();
    let mut v = view(true);
    v.check_option = Some(CheckOption::Local);
    s.views.push(v);
    only(&s, ProblemKind::ViewKindMismatch);
    // An index name is a relation name like any other.
    let mut s = Schema::default();
    let mut v = view(true);
    v.indexes.push(index("x"));
    s.views.push(v);
    only(&s, ProblemKind::DuplicateRelationName);
    let mut s = Schema::default();
    let mut v = view(true);
    v.indexes.push(index("x_a"));
    s.views.push(v);
    assert!(validate(&s).is_empty(), "{:?}", validate(&s));
}
