//! Property tests: JSON round trips of generated (and mutated) documents are the identity, and
//! validation, rendering and normalization never panic on arbitrary, even dangling, schemas.

use joinery_shared::ddl::{render_schema, render_selection};
use joinery_shared::generate::realistic_schema;
use joinery_shared::model::{
    Check, Column, ColumnType, DefaultValue, Document, Enum, EnumValue, ForeignKey, Id, Identity,
    Index, IndexKey, IndexMethod, IndexPart, Namespace, NullsOrder, PrimaryKey, ReferentialAction,
    Schema, Table, Unique, View,
};
use joinery_shared::naming::{quote_ident, shorten, MAX_IDENTIFIER_BYTES};
use joinery_shared::normalize::{canonical, parse_type_name};
use joinery_shared::validate::validate;
use proptest::prelude::*;

/// Ids from a small pool, so references are sometimes right, sometimes dangling or duplicated.
fn any_id() -> impl Strategy<Value = Id> {
    prop_oneof![
        (0u8..12).prop_map(|n| Id::new(format!("id{n}"))),
        "[a-z]{1,4}".prop_map(Id::new),
    ]
}

/// Names including empty, quoted, keyword, unicode and over-long ones.
fn any_name() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[a-z_][a-z0-9_]{0,12}",
        1 => Just(String::new()),
        1 => Just("user".to_string()),
        1 => Just("Mixed \"Case\"".to_string()),
        1 => "\\PC{0,8}",
        1 => "[a-z]{60,80}",
        1 => Just("é".repeat(40)),
    ]
}

fn any_sql() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("now()".to_string()),
        Just("a > 0".to_string()),
        Just("'x'::text".to_string()),
        Just("nextval('t_id_seq'::regclass)".to_string()),
        Just("NULL".to_string()),
        Just("(-1)".to_string()),
        "\\PC{0,16}",
    ]
}

fn any_type() -> impl Strategy<Value = ColumnType> {
    let leaf = prop_oneof![
        Just(ColumnType::SmallInt),
        Just(ColumnType::Integer),
        Just(ColumnType::BigInt),
        Just(ColumnType::Serial),
        Just(ColumnType::BigSerial),
        Just(ColumnType::SmallSerial),
        Just(ColumnType::Real),
        Just(ColumnType::DoublePrecision),
        (
            proptest::option::of(0u32..1200),
            proptest::option::of(0u32..1200)
        )
            .prop_map(|(precision, scale)| ColumnType::Numeric { precision, scale }),
        Just(ColumnType::Text),
        proptest::option::of(0u32..300).prop_map(|length| ColumnType::Varchar { length }),
        proptest::option::of(0u32..300).prop_map(|length| ColumnType::Char { length }),
        Just(ColumnType::Uuid),
        Just(ColumnType::Boolean),
        Just(ColumnType::Date),
        (proptest::option::of(0u32..10), any::<bool>()).prop_map(|(precision, with_time_zone)| {
            ColumnType::Timestamp {
                precision,
                with_time_zone,
            }
        }),
        (proptest::option::of(0u32..10), any::<bool>()).prop_map(|(precision, with_time_zone)| {
            ColumnType::Time {
                precision,
                with_time_zone,
            }
        }),
        Just(ColumnType::Interval),
        Just(ColumnType::Json),
        Just(ColumnType::Jsonb),
        Just(ColumnType::Bytea),
        Just(ColumnType::Inet),
        Just(ColumnType::Cidr),
        any_id().prop_map(|id| ColumnType::Enum { id }),
        any_sql().prop_map(|name| ColumnType::Custom { name }),
    ];
    leaf.prop_recursive(3, 8, 1, |inner| {
        inner.prop_map(|t| ColumnType::Array {
            element: Box::new(t),
        })
    })
}

fn any_default() -> impl Strategy<Value = DefaultValue> {
    prop_oneof![
        Just(DefaultValue::Null),
        any::<bool>().prop_map(DefaultValue::Boolean),
        "-?[0-9]{0,4}(\\.[0-9]{0,3})?(e[0-9])?".prop_map(DefaultValue::Number),
        "\\PC{0,10}".prop_map(DefaultValue::String),
        any::<i32>().prop_map(|n| DefaultValue::Json(serde_json::json!({ "n": n, "a": [n] }))),
        any_sql().prop_map(DefaultValue::Expression),
    ]
}

fn any_column() -> impl Strategy<Value = Column> {
    (
        any_id(),
        any_name(),
        any_type(),
        any::<bool>(),
        proptest::option::of(any_default()),
        proptest::option::of(prop_oneof![
            Just(Identity::Always),
            Just(Identity::ByDefault)
        ]),
        proptest::option::of(any_sql()),
        proptest::option::of(any_name()),
    )
        .prop_map(
            |(id, name, ty, not_null, default, identity, generated, comment)| Column {
                collation: None,
                id,
                name,
                ty,
                not_null,
                default,
                identity,
                identity_options: Default::default(),
                generated,
                comment,
            },
        )
}

fn any_action() -> impl Strategy<Value = ReferentialAction> {
    prop_oneof![
        Just(ReferentialAction::NoAction),
        Just(ReferentialAction::Restrict),
        Just(ReferentialAction::Cascade),
        Just(ReferentialAction::SetNull),
        Just(ReferentialAction::SetDefault),
    ]
}

fn ids() -> impl Strategy<Value = Vec<Id>> {
    proptest::collection::vec(any_id(), 0..4)
}

fn any_index() -> impl Strategy<Value = Index> {
    let part = (
        prop_oneof![
            any_id().prop_map(IndexKey::Column),
            any_sql().prop_map(IndexKey::Expression)
        ],
        any::<bool>(),
        proptest::option::of(prop_oneof![Just(NullsOrder::First), Just(NullsOrder::Last)]),
        proptest::option::of(any_name()),
    )
        .prop_map(|(key, descending, nulls, opclass)| IndexPart {
            collation: None,
            key,
            descending,
            nulls,
            opclass,
        });
    (
        any_id(),
        proptest::option::of(any_name()),
        any::<bool>(),
        prop_oneof![
            Just(IndexMethod::Btree),
            Just(IndexMethod::Gin),
            Just(IndexMethod::Brin),
            Just(IndexMethod::Hash),
            Just(IndexMethod::Gist),
            Just(IndexMethod::Spgist)
        ],
        proptest::collection::vec(part, 0..3),
        ids(),
        proptest::option::of(any_sql()),
        any::<bool>(),
    )
        .prop_map(
            |(id, name, unique, method, parts, include, predicate, nulls_not_distinct)| Index {
                comment: None,
                storage: Default::default(),
                id,
                name,
                unique,
                method,
                parts,
                include,
                predicate,
                nulls_not_distinct,
            },
        )
}

fn any_table() -> impl Strategy<Value = Table> {
    let fk = (
        any_id(),
        proptest::option::of(any_name()),
        ids(),
        any_id(),
        ids(),
        any_action(),
        any_action(),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(
            |(id, name, columns, ref_table, ref_columns, on_delete, on_update, d, i)| ForeignKey {
                match_full: false,
                not_valid: false,
                id,
                name,
                columns,
                ref_table,
                ref_columns,
                on_delete,
                on_update,
                deferrable: d,
                initially_deferred: i,
            },
        );
    let unique = (
        any_id(),
        proptest::option::of(any_name()),
        ids(),
        any::<bool>(),
    )
        .prop_map(|(id, name, columns, nulls_not_distinct)| Unique {
            deferrable: false,
            initially_deferred: false,
            id,
            name,
            columns,
            nulls_not_distinct,
        });
    let check = (any_id(), any_name(), any_sql()).prop_map(|(id, name, expression)| Check {
        no_inherit: false,
        not_valid: false,
        id,
        name,
        expression,
    });
    let pk = (any_id(), proptest::option::of(any_name()), ids()).prop_map(|(id, name, columns)| {
        PrimaryKey {
            deferrable: false,
            initially_deferred: false,
            id,
            name,
            columns,
        }
    });
    (
        any_id(),
        prop_oneof![Just("public".to_string()), any_name()],
        any_name(),
        proptest::collection::vec(any_column(), 0..5),
        proptest::option::of(pk),
        proptest::collection::vec(unique, 0..2),
        proptest::collection::vec(check, 0..2),
        proptest::collection::vec(fk, 0..3),
        proptest::collection::vec(any_index(), 0..3),
        proptest::option::of(any_name()),
    )
        .prop_map(
            |(
                id,
                schema,
                name,
                columns,
                primary_key,
                uniques,
                checks,
                foreign_keys,
                indexes,
                comment,
            )| {
                Table {
                    grants: Default::default(),
                    partition_by: Default::default(),
                    partitions: Default::default(),
                    triggers: Default::default(),
                    policies: Default::default(),
                    row_security: Default::default(),
                    id,
                    schema,
                    name,
                    columns,
                    primary_key,
                    uniques,
                    checks,
                    foreign_keys,
                    indexes,
                    comment,
                }
            },
        )
}

fn any_schema() -> impl Strategy<Value = Schema> {
    let ns =
        (any_id(), any_name(), proptest::option::of(any_name())).prop_map(|(id, name, comment)| {
            Namespace {
                id,
                name,
                comment,
                grants: Vec::new(),
            }
        });
    let en = (
        any_id(),
        prop_oneof![Just("public".to_string()), any_name()],
        any_name(),
        proptest::collection::vec(
            (any_id(), any_name()).prop_map(|(id, name)| EnumValue { id, name }),
            0..4,
        ),
        proptest::option::of(any_name()),
    )
        .prop_map(|(id, schema, name, values, comment)| Enum {
            id,
            schema,
            name,
            values,
            comment,
        });
    let view = (
        any_id(),
        prop_oneof![Just("public".to_string()), any_name()],
        any_name(),
        proptest::collection::vec(any_name(), 0..3),
        any_sql(),
        any::<bool>(),
        proptest::option::of(any_name()),
    )
        .prop_map(
            |(id, schema, name, columns, query, materialized, comment)| View {
                id,
                schema,
                name,
                columns,
                query,
                materialized,
                comment,
                check_option: None,
                indexes: Vec::new(),
            },
        );
    (
        proptest::collection::vec(ns, 0..2),
        proptest::collection::vec(en, 0..3),
        proptest::collection::vec(any_table(), 0..4),
        proptest::collection::vec(view, 0..3),
    )
        .prop_map(|(namespaces, enums, tables, views)| Schema {
            default_privileges: Default::default(),
            domains: Default::default(),
            composites: Vec::new(),
            extensions: Vec::new(),
            functions: Vec::new(),
            sequences: Vec::new(),
            namespaces,
            enums,
            tables,
            views,
        })
}

/// A generated document with some names and types changed.
fn mutated_document() -> impl Strategy<Value = Document> {
    (
        any::<u64>(),
        1usize..12,
        0usize..16,
        proptest::collection::vec(
            (any::<usize>(), any::<usize>(), any_name(), any_type()),
            0..6,
        ),
    )
        .prop_map(|(seed, tables, cols, edits)| {
            let mut doc = realistic_schema(seed, tables, cols);
            for (ti, ci, name, ty) in edits {
                let n = doc.schema.tables.len();
                let t = &mut doc.schema.tables[ti % n];
                if t.columns.is_empty() {
                    t.name = name;
                    continue;
                }
                let m = t.columns.len();
                let c = &mut t.columns[ci % m];
                c.name = name;
                c.ty = ty;
            }
            doc
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn generated_documents_round_trip_through_json(seed in any::<u64>(), tables in 0usize..40, cols in 0usize..25) {
        let doc = realistic_schema(seed, tables, cols);
        let text = serde_json::to_string(&doc).unwrap();
        let back: Document = serde_json::from_str(&text).unwrap();
        prop_assert_eq!(&back, &doc);
        // Pretty JSON too (what users keep in git).
        let back: Document = serde_json::from_str(&serde_json::to_string_pretty(&doc).unwrap()).unwrap();
        prop_assert_eq!(back, doc);
    }

    #[test]
    fn generated_schemas_are_valid(seed in any::<u64>(), tables in 0usize..60, cols in 0usize..30) {
        let doc = realistic_schema(seed, tables, cols);
        let problems = validate(&doc.schema);
        prop_assert!(problems.is_empty(), "{:?}", problems);
    }

    #[test]
    fn mutated_documents_round_trip_through_json(doc in mutated_document()) {
        let text = serde_json::to_string(&doc).unwrap();
        let back: Document = serde_json::from_str(&text).unwrap();
        prop_assert_eq!(back, doc);
    }

    #[test]
    fn mutated_documents_validate_and_render(doc in mutated_document()) {
        let _ = validate(&doc.schema);
        let sql = render_schema(&doc.schema);
        prop_assert!(sql.is_empty() || sql.ends_with(";\n"));
    }

    #[test]
    fn arbitrary_schemas_never_panic(schema in any_schema()) {
        let _ = validate(&schema);
        let _ = render_schema(&schema);
        let ids: Vec<Id> = schema.tables.iter().map(|t| t.id.clone()).collect();
        let _ = render_selection(&schema, &ids);
        let c = canonical(&schema);
        let _ = validate(&c);
        let _ = render_schema(&c);
        let text = serde_json::to_string(&schema).unwrap();
        let back: Schema = serde_json::from_str(&text).unwrap();
        prop_assert_eq!(back, schema);
    }

    #[test]
    fn canonical_is_idempotent(schema in any_schema()) {
        let once = canonical(&schema);
        prop_assert_eq!(canonical(&once), once);
    }

    #[test]
    fn canonical_keeps_generated_schemas(seed in any::<u64>(), tables in 0usize..20, cols in 0usize..20) {
        // Generated schemas are already canonical up to ordering.
        let doc = realistic_schema(seed, tables, cols);
        prop_assert_eq!(canonical(&doc.schema), canonical(&canonical(&doc.schema)));
        let mut normalized = doc.schema.clone();
        joinery_shared::normalize::normalize(&mut normalized);
        prop_assert_eq!(normalized, doc.schema);
    }

    #[test]
    fn quoting_and_shortening_are_safe(name in "\\PC{0,100}") {
        let q = quote_ident(&name);
        if q.starts_with('"') {
            let inner = &q[1..q.len() - 1];
            prop_assert_eq!(inner.replace("\"\"", "\""), name.clone());
        } else {
            prop_assert_eq!(q.as_ref(), name.as_str());
        }
        let s = shorten(&name);
        prop_assert!(s.len() <= MAX_IDENTIFIER_BYTES);
        prop_assert_eq!(s.clone(), shorten(&name));
        if name.len() <= MAX_IDENTIFIER_BYTES {
            prop_assert_eq!(s, name.clone());
        }
        let _ = parse_type_name(&name, &Schema::default());
    }
}
