//! The importer against real-world-style DDL files in `tests/corpus/`.

use joinery_shared::import::{import_sql, Diagnostic, ImportResult};
use joinery_shared::model::{
    Column, ColumnType, DefaultValue, Id, Identity, IndexKey, IndexMethod, NullsOrder, Privilege,
    ReferentialAction, Schema, Table,
};
use serde_json::json;

fn corpus(name: &str) -> String {
    let path = format!("{}/../tests/corpus/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// 1-based line of the first line containing `needle`.
fn line_of(text: &str, needle: &str) -> usize {
    text.lines()
        .position(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("{needle:?} not in file"))
        + 1
}

fn table<'a>(s: &'a Schema, schema: &str, name: &str) -> &'a Table {
    s.tables
        .iter()
        .find(|t| t.schema == schema && t.name == name)
        .unwrap_or_else(|| panic!("table {schema}.{name} missing"))
}

fn col<'a>(t: &'a Table, name: &str) -> &'a Column {
    t.column_named(name)
        .unwrap_or_else(|| panic!("column {name} missing in {}", t.name))
}

fn col_names(t: &Table, ids: &[Id]) -> Vec<String> {
    ids.iter()
        .map(|id| t.column(id).map(|c| c.name.clone()).unwrap_or_default())
        .collect()
}

fn warnings_at(r: &ImportResult, line: usize) -> Vec<&Diagnostic> {
    r.warnings.iter().filter(|w| w.line == line).collect()
}

/// Every diagnostic points into the file, and warnings point at the first keyword of their
/// statement.
fn assert_locations(text: &str, r: &ImportResult) {
    let lines: Vec<&str> = text.lines().collect();
    for d in r.warnings.iter().chain(r.errors.iter()) {
        assert!(d.line >= 1 && d.line <= lines.len().max(1), "{d}");
        let line = lines[d.line - 1];
        assert!(d.column >= 1 && d.column <= line.chars().count() + 1, "{d}");
    }
    for w in &r.warnings {
        let at: String = lines[w.line - 1].chars().skip(w.column - 1).collect();
        let first = w.statement.split_whitespace().next().unwrap_or("");
        let ok = if w.statement == "psql meta-command" {
            at.starts_with('\\')
        } else {
            at.to_ascii_uppercase().starts_with(first)
        };
        assert!(ok, "warning {w} does not point at its statement: {at:?}");
    }
}

#[test]
fn pg_dump_schema_only_file() {
    let text = corpus("pg_dump_app.sql");
    let r = import_sql(&text);
    assert!(r.errors.is_empty(), "errors: {:#?}", r.errors);
    assert_locations(&text, &r);
    let s = &r.document.schema;

    // Schemas, enums, comments.
    let ns: Vec<&str> = s.namespaces.iter().map(|n| n.name.as_str()).collect();
    // `public` is listed for its grant (GRANT USAGE ON SCHEMA public TO app_readonly).
    assert_eq!(ns, ["auth", "billing", "public"]);
    let public = &s.namespaces[2];
    assert!(public
        .grants
        .iter()
        .any(|g| g.role == "app_readonly" && g.privilege == Privilege::Usage));
    assert_eq!(
        s.namespaces[1].comment.as_deref(),
        Some("Invoices and payments")
    );
    let status = s.enums.iter().find(|e| e.name == "order_status").unwrap();
    let labels: Vec<&str> = status.values.iter().map(|v| v.name.as_str()).collect();
    assert_eq!(labels, ["pending", "paid", "shipped", "cancelled"]);
    assert_eq!(status.comment.as_deref(), Some("Lifecycle of an order"));
    assert_eq!(status.id, Id::for_enum("public", "order_status"));
    let role = s.enums.iter().find(|e| e.name == "role").unwrap();
    assert_eq!(role.schema, "auth");

    // auth.users: casts, arrays, jsonb, enum defaults, comments, expression/partial/gin indexes.
    let users = table(s, "auth", "users");
    assert_eq!(users.id, Id::for_table("auth", "users"));
    assert_eq!(
        users.comment.as_deref(),
        Some("Application accounts; soft-deleted via deleted_at")
    );
    assert_eq!(
        col(users, "email").ty,
        ColumnType::Custom {
            name: "citext".into()
        },
        "a type of the default schema is unqualified, as format_type prints it"
    );
    assert_eq!(
        col(users, "email").comment.as_deref(),
        Some("Login e-mail, case-insensitive")
    );
    assert_eq!(
        col(users, "role").ty,
        ColumnType::Enum {
            id: Id::for_enum("auth", "role")
        }
    );
    assert_eq!(
        col(users, "role").default,
        Some(DefaultValue::String("member".into()))
    );
    assert_eq!(
        col(users, "settings").default,
        Some(DefaultValue::Json(
            json!({"theme": "light", "digest": true})
        ))
    );
    assert_eq!(
        col(users, "tags").ty,
        ColumnType::Array {
            element: Box::new(ColumnType::Text)
        }
    );
    assert_eq!(
        col(users, "id").default,
        Some(DefaultValue::Expression("gen_random_uuid()".into()))
    );
    let pk = users.primary_key.as_ref().unwrap();
    assert_eq!(pk.name, None, "users_pkey is the conventional name");
    assert_eq!(col_names(users, &pk.columns), ["id"]);
    let lower_idx = users
        .indexes
        .iter()
        .find(|i| i.name.as_deref() == Some("users_email_active_idx"))
        .unwrap();
    assert!(lower_idx.unique);
    assert_eq!(
        lower_idx.parts[0].key,
        IndexKey::Expression("lower((email)::text)".into())
    );
    assert_eq!(lower_idx.predicate.as_deref(), Some("deleted_at IS NULL"));
    let gin = users
        .indexes
        .iter()
        .find(|i| i.name.as_deref() == Some("users_settings_idx"))
        .unwrap();
    assert_eq!(gin.method, IndexMethod::Gin);
    assert_eq!(gin.parts[0].opclass.as_deref(), Some("jsonb_path_ops"));

    // public.customers: serial via sequence OWNED BY + SET DEFAULT nextval, ALTER TABLE ONLY
    // constraints, NULLS NOT DISTINCT, FK to a table in another schema.
    let customers = table(s, "public", "customers");
    assert_eq!(col(customers, "id").ty, ColumnType::Serial);
    assert_eq!(col(customers, "id").default, None);
    assert_eq!(
        col(customers, "credit_limit").default,
        Some(DefaultValue::Number("0".into()))
    );
    assert_eq!(
        col(customers, "is_active").default,
        Some(DefaultValue::Boolean(true))
    );
    assert_eq!(
        col(customers, "region").default,
        Some(DefaultValue::String("EU".into()))
    );
    let uq = &customers.uniques[0];
    assert_eq!(uq.name.as_deref(), Some("customers_user_id_key"));
    assert!(uq.nulls_not_distinct);
    assert_eq!(customers.checks[0].name, "customers_credit_limit_check");
    assert_eq!(
        customers.checks[0].expression,
        "credit_limit >= (0)::numeric"
    );
    let fk = &customers.foreign_keys[0];
    assert_eq!(fk.ref_table, Id::for_table("auth", "users"));
    assert_eq!(fk.on_delete, ReferentialAction::SetNull);

    // billing.invoices: identity via ALTER TABLE ... ADD GENERATED, a non-serial sequence
    // default, a stored generated column, a composite deferrable FK.
    let invoices = table(s, "billing", "invoices");
    assert_eq!(col(invoices, "id").identity, Some(Identity::Always));
    assert_eq!(col(invoices, "id").ty, ColumnType::BigInt);
    assert_eq!(
        col(invoices, "number").default,
        Some(DefaultValue::Expression(
            "nextval('billing.invoice_number_seq'::regclass)".into()
        ))
    );
    assert_eq!(
        col(invoices, "tax").generated.as_deref(),
        Some("amount * 0.2")
    );
    let ifk = &invoices.foreign_keys[0];
    assert_eq!(ifk.name.as_deref(), Some("invoices_customer_fkey"));
    assert_eq!(
        col_names(invoices, &ifk.columns),
        ["customer_id", "customer_region"]
    );
    assert_eq!(col_names(customers, &ifk.ref_columns), ["id", "region"]);
    assert_eq!(ifk.on_update, ReferentialAction::Cascade);
    assert_eq!(ifk.on_delete, ReferentialAction::Restrict);
    assert!(ifk.deferrable && ifk.initially_deferred);
    assert_eq!(invoices.indexes[0].method, IndexMethod::Brin);

    // public.orders: partitioned parent imported as a table; identity BY DEFAULT; quoted column;
    // `ON ONLY` index with DESC NULLS LAST and INCLUDE.
    let orders = table(s, "public", "orders");
    assert_eq!(col(orders, "id").identity, Some(Identity::ByDefault));
    assert!(orders.column_named("Legacy Code").is_some());
    assert_eq!(
        col(orders, "status").default,
        Some(DefaultValue::String("pending".into()))
    );
    assert_eq!(
        col(orders, "metadata").default,
        Some(DefaultValue::Json(json!({})))
    );
    let opk = orders.primary_key.as_ref().unwrap();
    assert_eq!(col_names(orders, &opk.columns), ["id", "placed_at"]);
    let oix = &orders.indexes[0];
    assert!(oix.parts[1].descending);
    assert_eq!(oix.parts[1].nulls, Some(NullsOrder::Last));
    assert_eq!(col_names(orders, &oix.include), ["status"]);

    let items = table(s, "public", "order_items");
    assert_eq!(
        col_names(items, &items.primary_key.as_ref().unwrap().columns),
        ["order_id", "line_no"]
    );
    assert_eq!(items.checks[0].expression, "quantity > 0");
    // Its foreign key references a partition, which the model keeps on its table, not as one.
    assert!(items.foreign_keys.is_empty());
    let orders_parts: Vec<&str> = table(s, "public", "orders")
        .partitions
        .iter()
        .map(|p| p.name.as_str())
        .collect();
    assert_eq!(orders_parts, ["orders_2024"]);

    // INHERITS: the parent's columns are copied, and it is warned about.
    let archived = table(s, "public", "archived_orders");
    assert_eq!(
        archived.columns.len(),
        8,
        "orders_2024's 7 columns, then its own"
    );
    assert_eq!(archived.columns[7].name, "archived_at");
    assert_eq!(s.tables.len(), 6, "orders_2024 is a partition of orders");

    // Views keep their source text.
    let mv = s
        .views
        .iter()
        .find(|v| v.name == "customer_totals")
        .unwrap();
    assert!(mv.materialized);
    assert!(
        mv.query.starts_with("SELECT c.id AS customer_id,"),
        "{}",
        mv.query
    );
    assert!(mv.query.ends_with("GROUP BY c.id, c.name"), "{}", mv.query);
    // Its index is modelled with it, the key column as an expression over the view.
    assert_eq!(mv.indexes.len(), 1, "{:#?}", mv.indexes);
    assert_eq!(
        mv.indexes[0].name.as_deref(),
        Some("customer_totals_customer_idx")
    );
    assert!(mv.indexes[0].unique);
    assert!(warnings_at(
        &r,
        line_of(&text, "CREATE UNIQUE INDEX customer_totals_customer_idx")
    )
    .is_empty());
    let av = s.views.iter().find(|v| v.name == "active_users").unwrap();
    assert_eq!(av.schema, "auth");
    assert_eq!(
        av.comment.as_deref(),
        Some("Users that are not soft-deleted")
    );

    // Skipped statements are warned about at their own line.
    let expect = [
        ("\\restrict", "psql meta-command"),
        ("SET statement_timeout", "SET"),
        ("SELECT pg_catalog.set_config", "SELECT"),
        ("COMMENT ON EXTENSION citext", "COMMENT ON EXTENSION"),
        ("ALTER TYPE public.order_status OWNER", "ALTER TYPE"),
        ("ALTER FUNCTION public.slugify", "ALTER FUNCTION"),
        ("ALTER TABLE auth.users OWNER TO app", "ALTER TABLE"),
        (
            "ALTER SEQUENCE billing.invoice_number_seq OWNER TO app",
            "ALTER SEQUENCE",
        ),
        ("CREATE TABLE public.archived_orders", "CREATE TABLE"),
    ];
    for (needle, kind) in expect {
        let line = line_of(&text, needle);
        let ws = warnings_at(&r, line);
        assert!(
            ws.iter().any(|w| w.statement == kind && w.column == 1),
            "no {kind} warning at line {line} ({needle}); got {ws:?}"
        );
    }
    // Extensions, functions and triggers are modelled, not skipped.
    assert!(s.extensions.iter().any(|e| e.name == "citext"));
    let names: Vec<String> = s
        .functions
        .iter()
        .map(|f| format!("{}.{}", f.schema, f.name))
        .collect();
    for f in [
        "public.set_updated_at",
        "billing.order_total",
        "public.slugify",
    ] {
        assert!(names.iter().any(|n| n == f), "{f} missing: {names:?}");
        let line = line_of(&text, &format!("CREATE FUNCTION {f}"));
        assert!(
            warnings_at(&r, line).is_empty(),
            "{f} warned: {:?}",
            warnings_at(&r, line)
        );
    }
    let users = s
        .tables
        .iter()
        .find(|t| t.schema == "auth" && t.name == "users")
        .expect("auth.users");
    assert_eq!(users.triggers[0].name, "set_users_updated_at");
    assert_eq!(users.triggers[0].function, "set_updated_at");
    // Row-level security is modelled, not skipped.
    let orders = r
        .document
        .schema
        .tables
        .iter()
        .find(|t| t.schema == "public" && t.name == "orders")
        .expect("orders");
    assert!(orders.row_security.enabled);
    let policy = &orders.policies[0];
    assert_eq!(policy.name, "orders_owner");
    assert!(policy
        .using
        .as_deref()
        .unwrap_or("")
        .contains("current_setting"));
    let inherits = warnings_at(&r, line_of(&text, "CREATE TABLE public.archived_orders"));
    assert!(inherits[0]
        .message
        .contains("INHERITS (public.orders_2024)"));
    // A standalone sequence is modelled as one, with its options.
    let invoice_seq = s
        .sequences
        .iter()
        .find(|q| q.schema == "billing" && q.name == "invoice_number_seq")
        .expect("standalone sequence imported");
    assert_eq!(invoice_seq.options.start, Some(1000));
    assert_eq!(s.sequences.len(), 1, "serial sequences stay serial columns");
    // The serial's sequence is modelled (as the serial), so it is not warned about.
    let seq_line = line_of(&text, "CREATE SEQUENCE public.customers_id_seq");
    assert!(warnings_at(&r, seq_line).is_empty());

    // The layout places every table.
    for t in &s.tables {
        assert!(r.document.layout.placements.contains_key(&t.id));
    }
}

#[test]
fn drizzle_kit_migration() {
    let text = corpus("drizzle_migration.sql");
    let r = import_sql(&text);
    assert!(r.errors.is_empty(), "errors: {:#?}", r.errors);
    // Only the DO block that is not drizzle-kit's duplicate_object guard is skipped.
    let do_line = line_of(&text, "IF NOT EXISTS (SELECT 1 FROM pg_roles");
    let ws: Vec<(usize, &str)> = r
        .warnings
        .iter()
        .map(|w| (w.line, w.statement.as_str()))
        .collect();
    assert_eq!(ws, [(do_line - 1, "DO")], "{:#?}", r.warnings);
    let s = &r.document.schema;
    assert_eq!(s.tables.len(), 6);
    assert_eq!(s.enums.len(), 3);

    // Statements inside drizzle-kit's `DO $$ BEGIN ... EXCEPTION WHEN duplicate_object` guard.
    let councils = table(s, "public", "councils");
    assert_eq!(
        col(councils, "chair_role").ty,
        ColumnType::Enum {
            id: Id::for_enum("public", "council_role")
        }
    );
    assert_eq!(councils.foreign_keys.len(), 1);
    assert_eq!(councils.foreign_keys[0].name, None);

    let communities = table(s, "public", "communities");
    assert_eq!(
        col(communities, "min_trust_to_award_trust").default,
        Some(DefaultValue::Json(json!({"type": "number", "value": 15})))
    );
    assert!(col(communities, "min_trust_to_award_trust").not_null);
    assert_eq!(
        col(communities, "dispute_handling_councils").default,
        Some(DefaultValue::Json(json!([])))
    );
    assert_eq!(
        col(communities, "dashboard_refresh_interval").default,
        Some(DefaultValue::Number("3600".into()))
    );
    assert_eq!(
        col(communities, "name").ty,
        ColumnType::Varchar { length: Some(100) }
    );
    assert_eq!(
        col(communities, "created_at").ty,
        ColumnType::Timestamp {
            precision: None,
            with_time_zone: false
        }
    );
    assert_eq!(
        communities.indexes[0].parts[0].key,
        IndexKey::Expression("lower(name)".into()),
        "quoted only where PostgreSQL needs it"
    );

    // drizzle-kit's names are the conventional names, so they normalise to None.
    let rm = table(s, "public", "resource_memberships");
    let pk = rm.primary_key.as_ref().unwrap();
    assert_eq!(pk.name, None);
    assert_eq!(
        col_names(rm, &pk.columns),
        ["resource_id", "resource_type", "user_id"]
    );
    assert_eq!(rm.foreign_keys.len(), 2);
    for fk in &rm.foreign_keys {
        assert_eq!(fk.name, None);
        assert_eq!(fk.on_delete, ReferentialAction::Cascade);
        assert_eq!(fk.on_update, ReferentialAction::NoAction);
    }
    let ta = table(s, "public", "trust_awards");
    assert_eq!(ta.uniques[0].name, None);
    assert_eq!(ta.foreign_keys.len(), 3);

    let wealth = table(s, "public", "wealth");
    assert_eq!(
        col(wealth, "status").ty,
        ColumnType::Enum {
            id: Id::for_enum("public", "wealth_status")
        }
    );
    assert_eq!(
        col(wealth, "status").default,
        Some(DefaultValue::String("active".into()))
    );
    assert_eq!(wealth.indexes.len(), 2);
    assert!(wealth.indexes.iter().all(|i| i.name.is_none()));
    let partial = wealth
        .indexes
        .iter()
        .find(|i| i.predicate.is_some())
        .unwrap();
    assert_eq!(
        partial.predicate.as_deref(),
        Some("deleted_at is null"),
        "unquoted and unqualified, as PostgreSQL prints a predicate"
    );
}

#[test]
fn hand_written_ddl() {
    let text = corpus("handwritten.sql");
    let r = import_sql(&text);
    assert!(r.errors.is_empty(), "errors: {:#?}", r.errors);
    assert_locations(&text, &r);
    let s = &r.document.schema;

    assert_eq!(s.namespaces.len(), 2);
    assert_eq!(s.namespaces[1].name, "Reporting");
    assert_eq!(
        s.namespaces[0].comment.as_deref(),
        Some("Warehouses and stock")
    );
    let state = &s.enums[0];
    assert_eq!(state.values[3].name, "it's complicated");
    assert_eq!(state.comment.as_deref(), Some("Stock states"));

    let wh = table(s, "inventory", "warehouses");
    assert_eq!(col(wh, "id").ty, ColumnType::SmallSerial);
    assert_eq!(wh.uniques[0].name.as_deref(), Some("warehouses_code_key"));
    assert_eq!(wh.checks[0].name, "warehouses_code_format");
    assert_eq!(wh.checks[0].expression, "code ~ '^[A-Z]{3}[0-9]$'");
    assert_eq!(
        col(wh, "opened_on").default,
        Some(DefaultValue::String("2020-01-01".into()))
    );

    let p = table(s, "inventory", "products");
    assert_eq!(col(p, "id").identity, Some(Identity::Always));
    assert_eq!(col(p, "weight_grams").ty, ColumnType::Integer);
    assert_eq!(
        col(p, "price").default,
        Some(DefaultValue::Number("0.00".into()))
    );
    assert_eq!(p.checks[0].name, "products_price_check");
    assert_eq!(p.checks[0].expression, "price >= 0");
    assert_eq!(
        col(p, "dimensions_mm").ty,
        ColumnType::Array {
            element: Box::new(ColumnType::Integer)
        }
    );
    assert_eq!(
        col(p, "attributes").default,
        Some(DefaultValue::Json(json!({"color": null, "sizes": []})))
    );
    assert_eq!(
        col(p, "state").default,
        Some(DefaultValue::String("in_stock".into()))
    );
    assert_eq!(
        col(p, "price_with_vat").generated.as_deref(),
        Some("price * 1.21")
    );
    assert_eq!(
        col(p, "search").ty,
        ColumnType::Custom {
            name: "tsvector".into()
        }
    );
    assert_eq!(
        col(p, "Display Name").comment,
        None,
        "quoted identifiers keep their case"
    );
    assert_eq!(col(p, "sku").comment.as_deref(), Some("Stock keeping unit"));
    assert_eq!(p.uniques.len(), 2);
    assert!(p.uniques[0].nulls_not_distinct);
    assert_eq!(col_names(p, &p.uniques[1].columns), ["sku", "Display Name"]);
    let hash = p
        .indexes
        .iter()
        .find(|i| i.method == IndexMethod::Hash)
        .unwrap();
    assert_eq!(
        hash.parts[0].key,
        IndexKey::Expression("attributes ->> 'color'".into())
    );
    let lower = p
        .indexes
        .iter()
        .find(|i| i.name.as_deref() == Some("products_lower_sku_idx"))
        .unwrap();
    assert!(lower.unique);
    assert_eq!(col_names(p, &lower.include), ["id"]);

    let stock = table(s, "inventory", "stock");
    let fk = stock
        .foreign_keys
        .iter()
        .find(|f| f.ref_table == p.id)
        .unwrap();
    assert_eq!(
        col_names(p, &fk.ref_columns),
        ["id"],
        "REFERENCES t means t's key"
    );
    assert!(fk.deferrable && fk.initially_deferred);
    // `CHECK (reserved <= quantity)` mentions two columns: PostgreSQL names it `<table>_check`
    // (tests/corpus/pg_dump_real_pg15.sql is the dump of this file by a real server).
    assert_eq!(stock.checks[0].name, "stock_check");
    let unnamed = &stock.indexes[0];
    assert_eq!(unnamed.name.as_deref(), Some("stock_updated_at_idx"));
    assert_eq!(unnamed.predicate.as_deref(), Some("quantity > 0"));
    assert_eq!(unnamed.parts[0].nulls, Some(NullsOrder::First));
    assert_eq!(
        col(stock, "updated_at").ty,
        ColumnType::Timestamp {
            precision: Some(3),
            with_time_zone: false
        }
    );

    // A foreign key to a table defined later in the file resolves.
    let daily = table(s, "Reporting", "Daily Sales");
    let sup = daily
        .foreign_keys
        .iter()
        .find(|f| f.ref_table == Id::for_table("public", "suppliers"))
        .unwrap();
    assert_eq!(sup.on_update, ReferentialAction::Cascade);
    assert_eq!(
        daily.primary_key.as_ref().unwrap().name.as_deref(),
        Some("Daily Sales_pk")
    );
    assert_eq!(
        col(daily, "revenue").default,
        Some(DefaultValue::Number("-1.5".into()))
    );
    assert_eq!(
        col(daily, "Units").comment.as_deref(),
        Some("Units sold that day")
    );

    let sup = table(s, "public", "suppliers");
    assert_eq!(col(sup, "id").ty, ColumnType::Serial);
    assert!(
        col(sup, "rating").not_null,
        "ALTER COLUMN SET NOT NULL applied"
    );
    assert_eq!(
        col(sup, "country").default,
        Some(DefaultValue::String("NL".into()))
    );
    assert_eq!(
        col(sup, "notes").default,
        Some(DefaultValue::String("line1\nline2".into()))
    );
    assert_eq!(
        col(sup, "website").default,
        Some(DefaultValue::String("https://example.com/".into()))
    );
    assert_eq!(
        col(sup, "active").default,
        Some(DefaultValue::Boolean(true))
    );

    let low = s.views.iter().find(|v| v.name == "low_stock").unwrap();
    assert_eq!(low.columns, ["warehouse", "product", "quantity"]);
    assert!(low.query.starts_with("SELECT w.code, p.sku, s.quantity"));

    // A column's COLLATE and a comment on an index are kept.
    let collate_line = line_of(&text, "CREATE TABLE suppliers");
    assert!(warnings_at(&r, collate_line).is_empty());
    assert!(table(s, "public", "suppliers")
        .columns
        .iter()
        .any(|c| c.collation.is_some()));
    let idx_comment = line_of(&text, "COMMENT ON INDEX");
    assert!(warnings_at(&r, idx_comment).is_empty());
    assert!(s
        .tables
        .iter()
        .flat_map(|t| t.indexes.iter())
        .any(|ix| ix.comment.is_some()));
}

#[test]
fn broken_file_reports_each_bad_statement_and_imports_the_rest() {
    let text = corpus("broken.sql");
    let r = import_sql(&text);
    assert_locations(&text, &r);
    let at: Vec<(usize, usize)> = r.errors.iter().map(|e| (e.line, e.column)).collect();
    let title_line = line_of(&text, "books_title_idx");
    let title_col = text
        .lines()
        .nth(title_line - 1)
        .unwrap()
        .find(",)")
        .unwrap()
        + 2;
    assert_eq!(
        at,
        [
            (line_of(&text, "CRATE TABLE"), 1),
            (line_of(&text, "CREATE TABLE missing_paren"), 1),
            (line_of(&text, "ALTER TABLE ghosts"), 1),
            (title_line, title_col),
            (line_of(&text, "books_isbn_idx"), 1),
        ],
        "{:#?}",
        r.errors
    );
    assert!(r.errors[0].message.contains("CRATE"));
    assert!(r.errors[2].message.contains("public.ghosts"));
    assert!(r.errors[4].message.contains("isbn"));

    let s = &r.document.schema;
    let names: Vec<&str> = s.tables.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["authors", "books", "reviews", "loans"]);
    let reviews = table(s, "public", "reviews");
    assert_eq!(reviews.checks[0].name, "reviews_stars_check");
    assert_eq!(reviews.checks[0].expression, "stars BETWEEN 1 AND 5");
    let loans = table(s, "public", "loans");
    assert_eq!(
        col(loans, "due").default,
        Some(DefaultValue::Expression("CURRENT_DATE + 14".into()))
    );
    assert_eq!(
        col(loans, "member").default,
        Some(DefaultValue::String("anonymous".into()))
    );
}

#[test]
fn real_pg_dump_output() {
    let text = corpus("pg_dump_real_pg15.sql");
    let r = import_sql(&text);
    assert!(r.errors.is_empty(), "errors: {:#?}", r.errors);
    assert_locations(&text, &r);
    let s = &r.document.schema;
    // measurements_2024 is a partition of measurements, kept on it.
    assert_eq!(s.tables.len(), 15);
    assert_eq!(
        table(s, "public", "measurements").partitions[0].name,
        "measurements_2024"
    );
    let standalone: Vec<(&str, Option<i64>)> = s
        .sequences
        .iter()
        .map(|q| (q.name.as_str(), q.options.start))
        .collect();
    assert_eq!(standalone, [("standalone_seq", Some(100))]);

    // serial (sequence + OWNED BY + SET DEFAULT), comment with a newline, CHECK with a cast.
    let legacy = table(s, "public", "legacy");
    assert_eq!(col(legacy, "id").ty, ColumnType::Serial);
    assert_eq!(col(legacy, "note").comment.as_deref(), Some("multi\nline"));
    assert_eq!(legacy.checks[0].expression, "amount > (0)::numeric");
    // INHERITS: the parent's columns come first, and pg_dump's defaults on them apply.
    let child = table(s, "public", "legacy_child");
    let names: Vec<&str> = child.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["id", "note", "amount", "extra"]);
    assert_eq!(
        col(child, "note").default,
        Some(DefaultValue::String("x".into()))
    );
    // Identity added by ALTER TABLE, partitioned parent with an `ON ONLY` index.
    let m = table(s, "public", "measurements");
    assert_eq!(col(m, "id").identity, Some(Identity::Always));
    assert_eq!(m.indexes.len(), 1);
    assert!(m.indexes[0].parts[0].descending);
    // A domain-typed column names its domain; other unmodelled types are lower case.
    let ud = table(s, "public", "uses_domain");
    assert_eq!(
        col(ud, "v").ty,
        ColumnType::Custom {
            name: "posint".into()
        }
    );
    assert_eq!(
        col(ud, "b").ty,
        ColumnType::Custom {
            name: "bit(3)".into()
        }
    );
    assert_eq!(
        col(ud, "js").default,
        Some(DefaultValue::Json(json!([1, 2])))
    );
    // The drizzle part survives pg_dump's spelling.
    let wealth = table(s, "public", "wealth");
    assert_eq!(
        col(wealth, "status").default,
        Some(DefaultValue::String("active".into()))
    );
    assert_eq!(wealth.foreign_keys.len(), 2);
    assert!(wealth.foreign_keys.iter().all(|f| f.name.is_none()));
    let products = table(s, "inventory", "products");
    assert_eq!(
        col(products, "price_with_vat").generated.as_deref(),
        Some("price * 1.21")
    );

    // `BEGIN ATOMIC` bodies and triggers are modelled.
    let add1 = s.functions.iter().find(|f| f.name == "add1").expect("add1");
    assert!(add1.body.starts_with("BEGIN ATOMIC"), "{}", add1.body);
    assert_eq!(
        table(s, "public", "legacy").triggers[0].name,
        "legacy_touch"
    );
    for (needle, kind) in [
        ("\\restrict", "psql meta-command"),
        ("CREATE UNLOGGED TABLE public.scratch", "CREATE TABLE"),
    ] {
        let line = line_of(&text, needle);
        assert!(
            warnings_at(&r, line).iter().any(|w| w.statement == kind),
            "no {kind} warning at line {line}"
        );
    }
}

/// The four files written for the real-PostgreSQL round trips in
/// `backend/tests/corpus_roundtrip.rs`: no errors, warnings at their statements, and what each
/// style is known for.
#[test]
fn framework_and_dump_styles() {
    for name in [
        "pagila_pg_dump.sql",
        "rails_structure.sql",
        "django_migrate.sql",
        "supabase_auth.sql",
    ] {
        let text = corpus(name);
        let r = import_sql(&text);
        assert!(r.errors.is_empty(), "{name}: {:#?}", r.errors);
        assert_locations(&text, &r);
    }

    // pagila: a domain column names its domain; a view over a user aggregate is kept with it; a
    // collated index key is the column with its collation; partitions attached by ALTER TABLE
    // are kept on their table.
    let text = corpus("pagila_pg_dump.sql");
    let r = import_sql(&text);
    let s = &r.document.schema;
    let film = table(s, "public", "film");
    assert_eq!(
        col(film, "release_year").ty,
        ColumnType::Custom {
            name: "year".into()
        }
    );
    let year = s
        .domains
        .iter()
        .find(|d| d.name == "year")
        .expect("domain year");
    assert_eq!(year.base, ColumnType::Integer);
    assert_eq!(year.checks[0].name, "year_check");
    assert_eq!(
        col(film, "fulltext").ty,
        ColumnType::Custom {
            name: "tsvector".into()
        }
    );
    assert_eq!(col(film, "film_id").ty, ColumnType::Serial);
    assert!(s.views.iter().any(|v| v.name == "actor_info"));
    let agg = s
        .functions
        .iter()
        .find(|f| f.name == "group_concat")
        .expect("aggregate group_concat");
    assert_eq!(agg.aggregate.as_ref().unwrap().sfunc, "_group_concat");
    assert!(s.views.iter().any(|v| v.name == "rental_by_category"));
    let customer = table(s, "public", "customer");
    let ix = customer
        .indexes
        .iter()
        .find(|i| i.name.as_deref() == Some("idx_last_name"))
        .unwrap();
    assert_eq!(
        ix.parts[0].key,
        IndexKey::Column(col(customer, "last_name").id.clone())
    );
    assert_eq!(ix.parts[0].opclass.as_deref(), Some("text_pattern_ops"));
    assert_eq!(ix.parts[0].collation.as_deref(), Some("C"));
    assert!(col(customer, "email").not_null.eq(&false));
    assert_eq!(
        customer.checks[0].expression,
        "email ~* '^[^@]+@[^@]+$'::text"
    );
    let payment = table(s, "public", "payment");
    assert_eq!(payment.partition_by.as_ref().unwrap().key, "payment_date");
    let bounds: Vec<&str> = payment
        .partitions
        .iter()
        .map(|p| p.bound.as_str())
        .collect();
    assert_eq!(
        bounds,
        [
            "FOR VALUES FROM ('2022-01-01 00:00:00+00') TO ('2022-02-01 00:00:00+00')",
            "FOR VALUES FROM ('2022-02-01 00:00:00+00') TO ('2022-03-01 00:00:00+00')"
        ]
    );
    // Nothing is skipped besides ownership and settings (issue 21's acceptance).
    let skipped: Vec<&str> = r
        .warnings
        .iter()
        .filter(|w| {
            !w.message.contains("ownership")
                && !w.message.contains("session settings")
                && !w.message.contains("psql")
                && !w.message.contains("queries are not modelled")
        })
        .map(|w| w.message.as_str())
        .collect();
    assert!(skipped.is_empty(), "{skipped:#?}");

    // Rails: bigserial ids, character varying without length, timestamp(6), hstore.
    let text = corpus("rails_structure.sql");
    let r = import_sql(&text);
    let s = &r.document.schema;
    let users = table(s, "public", "users");
    assert_eq!(col(users, "id").ty, ColumnType::BigSerial);
    assert_eq!(col(users, "email").ty, ColumnType::Varchar { length: None });
    assert_eq!(
        col(users, "email").default,
        Some(DefaultValue::String(String::new()))
    );
    assert_eq!(
        col(users, "created_at").ty,
        ColumnType::Timestamp {
            precision: Some(6),
            with_time_zone: false
        }
    );
    let accounts = table(s, "public", "accounts");
    assert_eq!(
        col(accounts, "settings").ty,
        ColumnType::Custom {
            name: "hstore".into()
        }
    );
    assert_eq!(
        col(accounts, "settings").default,
        Some(DefaultValue::String(String::new()))
    );
    assert_eq!(
        col(users, "roles").default,
        Some(DefaultValue::String("{}".into()))
    );
    assert_eq!(
        users.foreign_keys[0].name.as_deref(),
        Some("fk_rails_61ac11da2b")
    );
    let line = line_of(&text, "INSERT INTO \"schema_migrations\"");
    assert!(warnings_at(&r, line)
        .iter()
        .any(|w| w.statement == "INSERT"));

    // Django: quoted identifiers in checks and index expressions are unquoted, later migrations
    // apply in order (rename, drop default, re-created FK with ON DELETE CASCADE, dropped index).
    let text = corpus("django_migrate.sql");
    let r = import_sql(&text);
    let s = &r.document.schema;
    let book = table(s, "public", "library_book");
    assert!(book.column_named("cover").is_none());
    assert!(book.column_named("cover_image").is_some());
    assert_eq!(col(book, "available").default, None);
    assert!(col(book, "available").not_null);
    let checks: Vec<&str> = book.checks.iter().map(|c| c.expression.as_str()).collect();
    assert!(checks.contains(&"pages >= 0"), "{checks:?}");
    let fk = &book.foreign_keys[0];
    assert_eq!(fk.on_delete, ReferentialAction::Cascade);
    assert!(fk.deferrable && fk.initially_deferred);
    assert!(book
        .indexes
        .iter()
        .all(|i| i.name.as_deref() != Some("library_book_isbn_5c6d7e8f_like")));
    let upper = book
        .indexes
        .iter()
        .find(|i| i.name.as_deref() == Some("book_title_upper_idx"))
        .unwrap();
    assert_eq!(
        upper.parts[0].key,
        IndexKey::Expression("UPPER(title)".into())
    );
    let perm = table(s, "public", "auth_permission");
    assert_eq!(
        col(perm, "name").ty,
        ColumnType::Varchar { length: Some(255) }
    );
    assert!(table(s, "public", "django_content_type")
        .column_named("name")
        .is_none());

    // Supabase: citext, generated columns, regex checks, RLS and policies warned about.
    let text = corpus("supabase_auth.sql");
    let r = import_sql(&text);
    let s = &r.document.schema;
    let users = table(s, "auth", "users");
    assert_eq!(
        col(users, "email").ty,
        ColumnType::Custom {
            name: "citext".into()
        }
    );
    assert_eq!(
        col(users, "id").default,
        Some(DefaultValue::Expression("uuid_generate_v4()".into()))
    );
    let mfa = table(s, "auth", "mfa_factors");
    let ix = mfa
        .indexes
        .iter()
        .find(|i| i.name.as_deref() == Some("mfa_factors_user_friendly_name_unique"))
        .unwrap();
    assert_eq!(
        ix.predicate.as_deref(),
        Some("TRIM(BOTH FROM friendly_name) <> ''")
    );
    let profiles = table(s, "public", "profiles");
    assert_eq!(
        col(profiles, "friend_ids").ty,
        ColumnType::Array {
            element: Box::new(ColumnType::Uuid)
        }
    );
    assert_eq!(
        profiles.foreign_keys[0].ref_table,
        Id::for_table("auth", "users")
    );
    // Row-level security is modelled, and so is `auth.uid()`: the policies calling it are kept.
    assert!(profiles.row_security.enabled);
    let kept: Vec<&str> = profiles.policies.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(
        kept,
        [
            "Public profiles are viewable by everyone.",
            "Users can insert their own profile.",
            "Users can update own profile."
        ]
    );
    assert!(s
        .functions
        .iter()
        .any(|f| f.schema == "auth" && f.name == "uid"));
    assert!(
        !r.warnings.iter().any(|w| w.message.contains("policy ")),
        "{:#?}",
        r.warnings
    );
    assert_eq!(
        table(s, "auth", "users").triggers[0].name,
        "on_auth_user_created"
    );
    // Privileges on schemas, tables and routines are modelled; ALL TABLES IN SCHEMA grants on
    // the tables defined so far.
    assert_eq!(profiles.grants.len(), 1);
    assert_eq!(profiles.grants[0].role, "public");
    let handler = s
        .functions
        .iter()
        .find(|f| f.name == "handle_new_user")
        .unwrap();
    assert!(handler.grants.is_empty(), "EXECUTE revoked from PUBLIC");
    let line = line_of(&text, "GRANT ALL ON ALL TABLES IN SCHEMA auth");
    assert!(warnings_at(&r, line).is_empty());
    let users = table(s, "auth", "users");
    assert!(users
        .grants
        .iter()
        .any(|g| g.role == "postgres" && g.privilege == Privilege::Truncate));
    let auth = s.namespaces.iter().find(|n| n.name == "auth").unwrap();
    assert_eq!(auth.grants.len(), 1);
}
