//! Built-in documents: the demo schema new users see first, and a showcase of every feature the
//! model supports (used by the renderer's golden tests and the PostgreSQL apply tests).

use crate::model::{
    Check, CheckOption, Column, ColumnType, DefaultValue, Document, Enum, EnumValue, ForeignKey,
    Id, Identity, Index, IndexKey, IndexMethod, IndexPart, Namespace, NullsOrder, Placement,
    PrimaryKey, ReferentialAction, Schema, Table, Unique, View,
};

/// The demo document's JSON, embedded so the browser needs no request to show it.
pub const SEED_JSON: &str = include_str!("../demo/seed.json");

/// Parses the embedded demo document (communities, memberships, wealth sharing, trust).
pub fn try_demo_document() -> Result<Document, serde_json::Error> {
    serde_json::from_str(SEED_JSON)
}

/// The demo document; an empty document if the embedded JSON were ever broken (a test guards it).
pub fn demo_document() -> Document {
    try_demo_document().unwrap_or_else(|_| Document::new(Schema::default()))
}

/// A 63-byte table name (PostgreSQL's maximum): every conventional name derived from it is over
/// the limit and must be shortened.
pub const LONG_TABLE_NAME: &str = "community_wealth_sharing_request_fulfilment_audit_trail_entries";

fn id(s: &str) -> Id {
    Id::new(s)
}

fn col(table: &str, name: &str, ty: ColumnType) -> Column {
    Column {
        collation: None,
        id: id(&format!(
            "co_{table}_{}",
            name.to_lowercase().replace(' ', "_")
        )),
        name: name.to_string(),
        ty,
        not_null: false,
        default: None,
        identity: None,
        identity_options: Default::default(),
        generated: None,
        comment: None,
    }
}

fn nn(mut c: Column) -> Column {
    c.not_null = true;
    c
}

fn def(mut c: Column, d: DefaultValue) -> Column {
    c.default = Some(d);
    c
}

fn table(name: &str, schema: &str, columns: Vec<Column>) -> Table {
    Table {
        grants: Default::default(),
        partition_by: Default::default(),
        partitions: Default::default(),
        triggers: Default::default(),
        policies: Default::default(),
        row_security: Default::default(),
        id: id(&format!("tb_{}", short(name))),
        schema: schema.to_string(),
        name: name.to_string(),
        columns,
        primary_key: None,
        uniques: Vec::new(),
        checks: Vec::new(),
        foreign_keys: Vec::new(),
        indexes: Vec::new(),
        comment: None,
    }
}

fn short(name: &str) -> &str {
    if name == LONG_TABLE_NAME {
        "long"
    } else {
        name
    }
}

fn cid(t: &Table, name: &str) -> Id {
    t.column_named(name)
        .map(|c| c.id.clone())
        .unwrap_or_else(|| id(name))
}

fn cids(t: &Table, names: &[&str]) -> Vec<Id> {
    names.iter().map(|n| cid(t, n)).collect()
}

fn pk(t: &mut Table, names: &[&str]) {
    t.primary_key = Some(PrimaryKey {
        deferrable: false,
        initially_deferred: false,
        id: id(&format!("pk_{}", short(&t.name))),
        name: None,
        columns: cids(t, names),
    });
}

fn part(t: &Table, name: &str) -> IndexPart {
    IndexPart {
        collation: None,
        key: IndexKey::Column(cid(t, name)),
        descending: false,
        nulls: None,
        opclass: None,
    }
}

fn expr_part(e: &str) -> IndexPart {
    IndexPart {
        collation: None,
        key: IndexKey::Expression(e.to_string()),
        descending: false,
        nulls: None,
        opclass: None,
    }
}

fn index(ix_id: &str, parts: Vec<IndexPart>) -> Index {
    Index {
        comment: None,
        storage: Default::default(),
        id: id(ix_id),
        name: None,
        unique: false,
        method: IndexMethod::Btree,
        parts,
        include: Vec::new(),
        predicate: None,
        nulls_not_distinct: false,
    }
}

#[allow(clippy::too_many_arguments)]
fn fk(
    fk_id: &str,
    t: &Table,
    cols: &[&str],
    rt: &Table,
    ref_cols: &[&str],
    on_delete: ReferentialAction,
    on_update: ReferentialAction,
) -> ForeignKey {
    ForeignKey {
        match_full: false,
        not_valid: false,
        id: id(fk_id),
        name: None,
        columns: cids(t, cols),
        ref_table: rt.id.clone(),
        ref_columns: cids(rt, ref_cols),
        on_delete,
        on_update,
        deferrable: false,
        initially_deferred: false,
    }
}

fn enum_type(schema: &str, name: &str, values: &[&str]) -> Enum {
    Enum {
        id: id(&format!("en_{name}")),
        schema: schema.to_string(),
        name: name.to_string(),
        values: values
            .iter()
            .enumerate()
            .map(|(i, v)| EnumValue {
                id: id(&format!("ev_{name}_{i}")),
                name: v.to_string(),
            })
            .collect(),
        comment: None,
    }
}

fn ts(tz: bool) -> ColumnType {
    ColumnType::Timestamp {
        precision: None,
        with_time_zone: tz,
    }
}

/// A document exercising every feature of the model at least once: every column type (arrays,
/// nested arrays, enums, custom types), identity columns, stored generated columns, every kind of
/// default, composite and self-referencing and cyclic foreign keys, deferrable constraints, every
/// referential action, unique constraints and indexes with `NULLS NOT DISTINCT`, checks,
/// expression / partial / GIN / BRIN / hash / descending / `INCLUDE` indexes, plain and
/// materialized views (listed out of dependency order), a non-public schema, comments, identifiers
/// that need quoting and a 63-byte table name whose conventional names must be shortened. It is
/// valid and applies to PostgreSQL 15.
pub fn every_feature_document() -> Document {
    use ReferentialAction::*;
    let mood = enum_type("public", "mood", &["happy", "sad", "it's complicated"]);
    let mut state = enum_type(
        "billing",
        "invoice_state",
        &["draft", "open", "paid", "void"],
    );
    state.comment = Some("Life cycle of an invoice.".into());
    let mood_ty = ColumnType::Enum {
        id: mood.id.clone(),
    };
    let state_ty = ColumnType::Enum {
        id: state.id.clone(),
    };
    let arr = |t: ColumnType| ColumnType::Array {
        element: Box::new(t),
    };
    let custom = |n: &str| ColumnType::Custom { name: n.into() };

    // public.every_type: one column per type and per default kind.
    let e = "every_type";
    let mut generated = col(e, "total_cents", ColumnType::BigInt);
    generated.generated = Some("(price * 100)::bigint".into());
    let mut ident = nn(col(e, "id", ColumnType::BigInt));
    ident.identity = Some(Identity::Always);
    let mut ident2 = nn(col(e, "legacy_no", ColumnType::Integer));
    ident2.identity = Some(Identity::ByDefault);
    let mut commented = col(e, "Mixed Case", ColumnType::Text);
    commented.comment = Some("A column whose name needs quoting; comment with 'quotes'.".into());
    let mut every = table(
        e,
        "public",
        vec![
            ident,
            ident2,
            def(
                col(e, "small", ColumnType::SmallInt),
                DefaultValue::Number("-1".into()),
            ),
            col(e, "big", ColumnType::BigInt),
            col(e, "small_seq", ColumnType::SmallSerial),
            col(e, "seq", ColumnType::Serial),
            col(e, "big_seq", ColumnType::BigSerial),
            def(
                col(e, "ratio", ColumnType::Real),
                DefaultValue::Number("0.5".into()),
            ),
            def(
                col(e, "precise", ColumnType::DoublePrecision),
                DefaultValue::Number("1e-3".into()),
            ),
            col(
                e,
                "any_number",
                ColumnType::Numeric {
                    precision: None,
                    scale: None,
                },
            ),
            col(
                e,
                "whole",
                ColumnType::Numeric {
                    precision: Some(10),
                    scale: None,
                },
            ),
            nn(def(
                col(
                    e,
                    "price",
                    ColumnType::Numeric {
                        precision: Some(10),
                        scale: Some(2),
                    },
                ),
                DefaultValue::Number("9.99".into()),
            )),
            generated,
            def(
                col(e, "note", ColumnType::Text),
                DefaultValue::String("it's \\ fine".into()),
            ),
            col(e, "free_varchar", ColumnType::Varchar { length: None }),
            def(
                col(e, "code", ColumnType::Varchar { length: Some(20) }),
                DefaultValue::String("n/a".into()),
            ),
            col(e, "flag_char", ColumnType::Char { length: None }),
            def(
                col(e, "country", ColumnType::Char { length: Some(2) }),
                DefaultValue::String("NL".into()),
            ),
            nn(def(
                col(e, "token", ColumnType::Uuid),
                DefaultValue::Expression("gen_random_uuid()".into()),
            )),
            nn(def(
                col(e, "enabled", ColumnType::Boolean),
                DefaultValue::Boolean(false),
            )),
            def(
                col(e, "born_on", ColumnType::Date),
                DefaultValue::String("2000-01-01".into()),
            ),
            col(
                e,
                "opens_at",
                ColumnType::Time {
                    precision: None,
                    with_time_zone: false,
                },
            ),
            col(
                e,
                "closes_at",
                ColumnType::Time {
                    precision: Some(3),
                    with_time_zone: true,
                },
            ),
            def(col(e, "happened_at", ts(false)), DefaultValue::Null),
            nn(def(
                col(
                    e,
                    "recorded_at",
                    ColumnType::Timestamp {
                        precision: Some(3),
                        with_time_zone: true,
                    },
                ),
                DefaultValue::Expression("CURRENT_TIMESTAMP".into()),
            )),
            def(
                col(e, "ttl", ColumnType::Interval),
                DefaultValue::String("1 day".into()),
            ),
            def(
                col(e, "raw_json", ColumnType::Json),
                DefaultValue::Json(serde_json::json!([1, "two", null])),
            ),
            nn(def(
                col(e, "settings", ColumnType::Jsonb),
                DefaultValue::Json(serde_json::json!({"theme": "dark", "it's": true})),
            )),
            col(e, "blob", ColumnType::Bytea),
            col(e, "ip", ColumnType::Inet),
            col(e, "network", ColumnType::Cidr),
            nn(def(
                col(e, "mood", mood_ty.clone()),
                DefaultValue::String("happy".into()),
            )),
            def(
                col(e, "moods", arr(mood_ty.clone())),
                DefaultValue::String("{happy,sad}".into()),
            ),
            nn(def(
                col(e, "labels", arr(ColumnType::Text)),
                DefaultValue::Expression("ARRAY[]::text[]".into()),
            )),
            col(e, "matrix", arr(arr(ColumnType::Integer))),
            def(
                col(e, "balance", custom("money")),
                DefaultValue::Number("0".into()),
            ),
            col(e, "search", custom("tsvector")),
            col(e, "user", ColumnType::Text),
            commented,
            nn(col(e, "email", ColumnType::Varchar { length: Some(255) })),
            col(e, "parent_id", ColumnType::BigInt),
        ],
    );
    every.comment = Some("One column of every type.".into());
    pk(&mut every, &["id"]);
    every.uniques.push(Unique {
        deferrable: false,
        initially_deferred: false,
        id: id("uq_every_type_email"),
        name: None,
        columns: cids(&every, &["email"]),
        nulls_not_distinct: false,
    });
    every.uniques.push(Unique {
        deferrable: false,
        initially_deferred: false,
        id: id("uq_every_type_code_country"),
        name: Some("every_type_code_per_country".into()),
        columns: cids(&every, &["code", "country"]),
        nulls_not_distinct: true,
    });
    every.checks.push(Check {
        no_inherit: false,
        not_valid: false,
        id: id("ck_every_type_price"),
        name: "every_type_price_positive".into(),
        expression: "price >= 0 AND small <> 0".into(),
    });
    let self_fk = fk(
        "fk_every_type_parent",
        &every,
        &["parent_id"],
        &every,
        &["id"],
        SetNull,
        Cascade,
    );
    every.foreign_keys.push(self_fk);
    let mut lower_email = index(
        "ix_every_type_lower_email",
        vec![expr_part("lower((email)::text)")],
    );
    lower_email.unique = true;
    every.indexes.push(lower_email);
    let mut partial = index(
        "ix_every_type_recent",
        vec![
            {
                let mut p = part(&every, "recorded_at");
                p.descending = true;
                p.nulls = Some(NullsOrder::First);
                p
            },
            {
                let mut p = part(&every, "mood");
                p.nulls = Some(NullsOrder::Last);
                p
            },
        ],
    );
    partial.name = Some("every_type_recent_enabled".into());
    partial.predicate = Some("enabled AND happened_at IS NOT NULL".into());
    partial.include = cids(&every, &["price", "code"]);
    every.indexes.push(partial);
    let mut gin = index("ix_every_type_settings", vec![part(&every, "settings")]);
    gin.method = IndexMethod::Gin;
    gin.parts[0].opclass = Some("jsonb_path_ops".into());
    every.indexes.push(gin);
    let mut gin_search = index("ix_every_type_search", vec![part(&every, "search")]);
    gin_search.method = IndexMethod::Gin;
    every.indexes.push(gin_search);
    let mut brin = index("ix_every_type_happened", vec![part(&every, "happened_at")]);
    brin.method = IndexMethod::Brin;
    every.indexes.push(brin);
    let mut hash = index("ix_every_type_token", vec![part(&every, "token")]);
    hash.method = IndexMethod::Hash;
    every.indexes.push(hash);
    let mut nnd = index(
        "ix_every_type_user_note",
        vec![part(&every, "user"), part(&every, "note")],
    );
    nnd.unique = true;
    nnd.nulls_not_distinct = true;
    every.indexes.push(nnd);

    // billing.customers with a composite key, billing.invoices referencing it.
    let c = "customers";
    let mut customers = table(
        c,
        "billing",
        vec![
            nn(def(
                col(c, "id", ColumnType::Uuid),
                DefaultValue::Expression("gen_random_uuid()".into()),
            )),
            nn(col(c, "region", ColumnType::Char { length: Some(2) })),
            nn(col(c, "name", ColumnType::Text)),
            col(c, "primary_invoice_id", ColumnType::BigInt),
        ],
    );
    pk(&mut customers, &["id", "region"]);
    customers.comment = Some("Billing customers, partitioned by region.".into());
    let i = "invoices";
    let mut invoice_id = nn(col(i, "id", ColumnType::BigInt));
    invoice_id.identity = Some(Identity::ByDefault);
    let mut invoices = table(
        i,
        "billing",
        vec![
            invoice_id,
            nn(col(i, "customer_id", ColumnType::Uuid)),
            nn(col(
                i,
                "customer_region",
                ColumnType::Char { length: Some(2) },
            )),
            nn(def(
                col(i, "state", state_ty.clone()),
                DefaultValue::String("draft".into()),
            )),
            nn(def(
                col(i, "total", custom("money")),
                DefaultValue::Number("0".into()),
            )),
            col(i, "every_type_id", ColumnType::BigInt),
            def(
                col(i, "mood", mood_ty),
                DefaultValue::String("it's complicated".into()),
            ),
            nn(def(
                col(i, "issued_at", ts(true)),
                DefaultValue::Expression("now()".into()),
            )),
        ],
    );
    invoices.primary_key = Some(PrimaryKey {
        deferrable: false,
        initially_deferred: false,
        id: id("pk_invoices"),
        name: Some("invoices_primary".into()),
        columns: cids(&invoices, &["id"]),
    });
    let mut composite = fk(
        "fk_invoices_customer",
        &invoices,
        &["customer_id", "customer_region"],
        &customers,
        &["id", "region"],
        Restrict,
        Cascade,
    );
    composite.deferrable = true;
    invoices.foreign_keys.push(composite);
    let every_fk = fk(
        "fk_invoices_every_type",
        &invoices,
        &["every_type_id"],
        &every,
        &["id"],
        SetDefault,
        NoAction,
    );
    invoices.foreign_keys.push(every_fk);
    let mut brin_issued = index("ix_invoices_issued", vec![part(&invoices, "issued_at")]);
    brin_issued.method = IndexMethod::Brin;
    invoices.indexes.push(brin_issued);
    // Cycle: customers.primary_invoice_id -> invoices.id, deferred.
    let mut cyc = fk(
        "fk_customers_primary_invoice",
        &customers,
        &["primary_invoice_id"],
        &invoices,
        &["id"],
        NoAction,
        NoAction,
    );
    cyc.deferrable = true;
    cyc.initially_deferred = true;
    cyc.name = Some("customers_primary_invoice_fk".into());
    customers.foreign_keys.push(cyc);

    // A table at the identifier limit: its conventional names must be shortened.
    let l = "long";
    let mut long = table(
        LONG_TABLE_NAME,
        "public",
        vec![
            nn(def(
                col(l, "id", ColumnType::Uuid),
                DefaultValue::Expression("gen_random_uuid()".into()),
            )),
            nn(col(l, "every_type_id", ColumnType::BigInt)),
            col(l, "invoice_id", ColumnType::BigInt),
            col(l, "reviewer_reference_code_a", ColumnType::Text),
            col(l, "reviewer_reference_code_b", ColumnType::Text),
        ],
    );
    pk(&mut long, &["id"]);
    long.uniques.push(Unique {
        deferrable: false,
        initially_deferred: false,
        id: id("uq_long_a"),
        name: None,
        columns: cids(&long, &["reviewer_reference_code_a"]),
        nulls_not_distinct: false,
    });
    long.uniques.push(Unique {
        deferrable: false,
        initially_deferred: false,
        id: id("uq_long_b"),
        name: None,
        columns: cids(&long, &["reviewer_reference_code_b"]),
        nulls_not_distinct: false,
    });
    let long_fk1 = fk(
        "fk_long_every_type",
        &long,
        &["every_type_id"],
        &every,
        &["id"],
        Cascade,
        NoAction,
    );
    long.foreign_keys.push(long_fk1);
    let long_fk2 = fk(
        "fk_long_invoice",
        &long,
        &["invoice_id"],
        &invoices,
        &["id"],
        SetNull,
        Restrict,
    );
    long.foreign_keys.push(long_fk2);
    let ix1 = index("ix_long_every_type", vec![part(&long, "every_type_id")]);
    long.indexes.push(ix1);
    let ix2 = index("ix_long_invoice", vec![part(&long, "invoice_id")]);
    long.indexes.push(ix2);

    let views = vec![
        // Listed before the view it reads from.
        View {
            id: id("vw_happy_totals"),
            schema: "public".into(),
            name: "happy_totals".into(),
            columns: vec!["mood".into(), "Total".into()],
            query: "SELECT mood, sum(price) FROM happy_things GROUP BY mood;".into(),
            materialized: false,
            comment: Some("Totals per mood.".into()),
            check_option: None,
            indexes: Vec::new(),
        },
        View {
            id: id("vw_happy_things"),
            schema: "public".into(),
            name: "happy_things".into(),
            columns: Vec::new(),
            query: "SELECT id, mood, price FROM every_type WHERE mood = 'happy'".into(),
            materialized: false,
            comment: None,
            check_option: Some(CheckOption::Local),
            indexes: Vec::new(),
        },
        View {
            id: id("vw_invoice_totals"),
            schema: "billing".into(),
            name: "invoice_totals".into(),
            columns: Vec::new(),
            query: "SELECT customer_id, customer_region, count(*) AS invoices\nFROM billing.invoices\nGROUP BY customer_id, customer_region".into(),
            materialized: true,
            comment: Some("Refreshed nightly.".into()),
            check_option: None,
            indexes: vec![Index { comment: None, storage: Default::default(),
                id: id("ix_invoice_totals_customer"),
                name: Some("invoice_totals_customer_key".into()),
                unique: true,
                method: IndexMethod::Btree,
                parts: vec![
                    IndexPart { collation: None,
                        key: IndexKey::Expression("customer_id".into()),
                        descending: false,
                        nulls: None,
                        opclass: None,
                    },
                    IndexPart { collation: None,
                        key: IndexKey::Expression("customer_region".into()),
                        descending: false,
                        nulls: None,
                        opclass: None,
                    },
                ],
                include: Vec::new(),
                predicate: None,
                nulls_not_distinct: false,
            }],
        },
    ];

    let schema = Schema {
        default_privileges: Default::default(),
        composites: Default::default(),
        extensions: Default::default(),
        domains: Default::default(),
        functions: Default::default(),
        sequences: Vec::new(),
        namespaces: vec![Namespace {
            grants: Default::default(),
            id: id("ns_billing"),
            name: "billing".into(),
            comment: Some("Everything about money.".into()),
        }],
        enums: vec![mood, state],
        tables: vec![every, customers, invoices, long],
        views,
    };
    let mut doc = Document::new(schema);
    let ids: Vec<Id> = doc
        .schema
        .tables
        .iter()
        .map(|t| t.id.clone())
        .chain(doc.schema.views.iter().map(|v| v.id.clone()))
        .collect();
    for (n, object) in ids.into_iter().enumerate() {
        doc.layout.placements.insert(
            object,
            Placement {
                x: (n % 3) as f64 * 480.0,
                y: (n / 3) as f64 * 640.0,
                color: None,
            },
        );
    }
    doc
}
