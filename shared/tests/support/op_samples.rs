//! One catalogue of planned operations, at least one of every [`Op`] variant, shared by the op
//! tests: `shared/tests/plan_ops.rs` (each prints and re-parses as one statement) and
//! `backend/tests/op_reverse.rs` (which includes this file by path, runs each op with a reverse
//! and its reverse on PostgreSQL, and checks the catalog comes back).
//!
//! Every sample is written against [`BASE_SQL`] (the database the backend test starts from), and
//! built the way the planner builds it: from the model of [`TARGET_SQL`] through the `Op`
//! helpers and `ddl` where the planner does so, by hand in the planner's shape otherwise. A sample
//! whose op needs more than the base (an extension to drop, a NOT VALID constraint to validate)
//! says so in its `setup`; samples with a reverse have none, so op and reverse both start from
//! the base.
//!
//! [`for_each_variant!`] names every variant once: the exhaustive `match` it expands to stops
//! compiling when `Op` gains a variant, and the tests then fail until the list, and a sample,
//! cover it.
#![allow(dead_code)]

use joinery_shared::ddl::{self, qualified_name};
use joinery_shared::import::import_sql;
use joinery_shared::model::{Schema, Sequence, Table, View};
use joinery_shared::naming::{
    effective_pk_name, effective_unique_name, quote_ident, quote_literal,
};
use joinery_shared::plan::{
    ColumnAction, DomainAction, EnumPosition, ObjectKind, Op, Relation, Routine, TableEffect,
};

/// Expands to [`ALL_VARIANTS`] and [`variant_name`] from one list, so the two cannot disagree.
macro_rules! for_each_variant {
    ($($v:ident),* $(,)?) => {
        /// Every `Op` variant, by name.
        pub const ALL_VARIANTS: &[&str] = &[$(stringify!($v)),*];

        /// The variant's name. No wildcard arm: a new variant is a compile error here.
        pub fn variant_name(op: &Op) -> &'static str {
            match op {
                $(Op::$v { .. } => stringify!($v),)*
            }
        }
    };
}

for_each_variant!(
    CreateSchema,
    DropSchema,
    CreateExtension,
    DropExtension,
    UpdateExtension,
    CreateEnum,
    DropType,
    AddEnumValue,
    RenameEnumValue,
    Rename,
    SetSchema,
    CreateTable,
    DropTable,
    AddColumn,
    DropColumn,
    RenameColumn,
    AlterColumn,
    AddConstraint,
    DropConstraint,
    RenameConstraint,
    ValidateConstraint,
    CreateIndex,
    DropIndex,
    Comment,
    CreateView,
    DropView,
    SetCheckOption,
    CreateOwnedSequence,
    DropOwnedSequence,
    SetvalPastRows,
    CreateSequence,
    AlterSequence,
    DropSequence,
    SetRowSecurity,
    SetForceRowSecurity,
    CreatePolicy,
    AlterPolicy,
    RenamePolicy,
    DropPolicy,
    CreateFunction,
    DropFunction,
    RenameFunction,
    SetFunctionSchema,
    CreateTrigger,
    DropTrigger,
    RenameTrigger,
    CreateDomain,
    DropDomain,
    AlterDomain,
    Grant,
    Revoke,
    CreateComposite,
    AlterComposite,
    CreatePartition,
    AttachPartition,
    DetachPartition,
    Sql,
);

/// Every `ColumnAction`, by name (the same guard, one level down).
pub const ALL_COLUMN_ACTIONS: &[&str] = &[
    "Type",
    "SetDefault",
    "DropDefault",
    "SetNotNull",
    "DropNotNull",
    "AddIdentity",
    "SetGenerated",
    "SetIdentityOptions",
    "DropIdentity",
    "DropExpression",
];

/// The action's name; no wildcard arm.
pub fn column_action_name(a: &ColumnAction) -> &'static str {
    match a {
        ColumnAction::Type { .. } => "Type",
        ColumnAction::SetDefault(_) => "SetDefault",
        ColumnAction::DropDefault => "DropDefault",
        ColumnAction::SetNotNull { .. } => "SetNotNull",
        ColumnAction::DropNotNull => "DropNotNull",
        ColumnAction::AddIdentity { .. } => "AddIdentity",
        ColumnAction::SetGenerated { .. } => "SetGenerated",
        ColumnAction::SetIdentityOptions(_) => "SetIdentityOptions",
        ColumnAction::DropIdentity => "DropIdentity",
        ColumnAction::DropExpression => "DropExpression",
    }
}

/// Every `ObjectKind` a `Rename` names.
pub const ALL_OBJECT_KINDS: &[ObjectKind] = &[
    ObjectKind::Table,
    ObjectKind::View,
    ObjectKind::MaterializedView,
    ObjectKind::Type,
    ObjectKind::Index,
    ObjectKind::Sequence,
    ObjectKind::Domain,
];

/// The object kinds `SetSchema` is sampled with: all but `Index`, because PostgreSQL has no
/// `ALTER INDEX … SET SCHEMA` (an index always lives in its table's schema and moves with it);
/// the planner never builds one.
pub const SET_SCHEMA_KINDS: &[ObjectKind] = &[
    ObjectKind::Table,
    ObjectKind::View,
    ObjectKind::MaterializedView,
    ObjectKind::Type,
    ObjectKind::Sequence,
    ObjectKind::Domain,
];

/// The database every sample runs on: two extra schemas, an enum, a standalone sequence, tables
/// with a serial, an identity, a PK, a FK, a check and an index, a quoted table without a key, a
/// view, a materialized view and a comment.
pub const BASE_SQL: &str = r#"
CREATE SCHEMA app;
CREATE SCHEMA archive;
CREATE TYPE status AS ENUM ('draft', 'live', 'gone');
CREATE SEQUENCE app.ticket_seq AS integer START WITH 100;
CREATE TABLE customers (
    id serial PRIMARY KEY,
    email text NOT NULL,
    nickname text,
    status status NOT NULL DEFAULT 'draft',
    score integer
);
CREATE UNIQUE INDEX customers_email_idx ON customers (email);
COMMENT ON TABLE customers IS 'people who buy';
CREATE TABLE app.orders (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    customer_id integer NOT NULL REFERENCES customers (id),
    total numeric(10,2) NOT NULL CONSTRAINT orders_total_check CHECK (total >= 0),
    note text,
    ticket integer DEFAULT nextval('app.ticket_seq')
);
CREATE INDEX orders_customer_idx ON app.orders (customer_id);
CREATE TABLE "Mixed Case" ("Key" integer NOT NULL, "some value" text, loose integer);
CREATE VIEW live_customers AS SELECT id, email FROM customers WHERE status = 'live';
CREATE MATERIALIZED VIEW app.order_totals AS
    SELECT customer_id, sum(total) AS total FROM app.orders GROUP BY customer_id;
CREATE POLICY customers_live ON customers FOR SELECT USING (status = 'live');
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE DOMAIN positive AS integer CONSTRAINT positive_check CHECK (VALUE > 0);
CREATE TABLE events (id bigint NOT NULL, at date NOT NULL, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE events_loose (id bigint NOT NULL, at date NOT NULL);
CREATE TRIGGER customers_touch BEFORE UPDATE ON customers FOR EACH ROW EXECUTE FUNCTION touch();
"#;

/// A later design of the same database, the model the samples' bodies are rendered from: new
/// schema, enum, sequence, table, columns, constraints, indexes and views.
pub const TARGET_SQL: &str = r#"
CREATE SCHEMA app;
CREATE SCHEMA archive;
CREATE SCHEMA "Reports 2024";
CREATE TYPE status AS ENUM ('draft', 'live', 'gone');
CREATE TYPE app.priority AS ENUM ('low', 'normal', 'high');
CREATE SEQUENCE app.ticket_seq AS integer START WITH 100;
CREATE SEQUENCE archive.batch_seq AS smallint INCREMENT BY 5 MINVALUE 10 MAXVALUE 1000 START WITH 10 CYCLE;
CREATE TABLE customers (
    id serial PRIMARY KEY,
    email text NOT NULL,
    nickname text CONSTRAINT customers_nickname_key UNIQUE,
    status status NOT NULL DEFAULT 'draft',
    score integer CONSTRAINT customers_score_check CHECK (score >= 0),
    vip boolean NOT NULL DEFAULT false,
    legacy_no serial,
    doubled integer GENERATED ALWAYS AS (score * 2) STORED,
    ref_no bigint GENERATED BY DEFAULT AS IDENTITY (START WITH 1000 INCREMENT BY 10)
);
CREATE UNIQUE INDEX customers_email_idx ON customers (email);
CREATE INDEX customers_lower_email_idx ON customers (lower(email)) WHERE status <> 'gone';
COMMENT ON TABLE customers IS 'people who buy';
CREATE TABLE app.orders (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    customer_id integer NOT NULL REFERENCES customers (id),
    total numeric(10,2) NOT NULL CONSTRAINT orders_total_check CHECK (total >= 0),
    note text,
    ticket integer DEFAULT nextval('app.ticket_seq')
);
CREATE INDEX orders_customer_idx ON app.orders (customer_id);
CREATE INDEX orders_note_idx ON app.orders (note DESC NULLS LAST);
CREATE TABLE "Mixed Case" (
    "Key" integer NOT NULL PRIMARY KEY,
    "some value" text,
    loose integer,
    CONSTRAINT "Mixed Case_Key_fkey" FOREIGN KEY ("Key") REFERENCES customers (id) ON DELETE CASCADE
);
CREATE TABLE app.notes (
    id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    order_id bigint NOT NULL,
    body text NOT NULL,
    status status NOT NULL DEFAULT 'draft',
    seq_no serial,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT notes_order_body_key UNIQUE (order_id, body),
    CONSTRAINT notes_body_check CHECK (length(body) > 0)
);
CREATE VIEW live_customers AS SELECT id, email FROM customers WHERE status = 'live';
CREATE VIEW app.big_orders AS SELECT id, total FROM app.orders WHERE total > 100
    WITH LOCAL CHECK OPTION;
CREATE MATERIALIZED VIEW app.order_totals AS
    SELECT customer_id, sum(total) AS total FROM app.orders GROUP BY customer_id;
CREATE UNIQUE INDEX order_totals_customer_idx ON app.order_totals (customer_id);
CREATE MATERIALIZED VIEW customer_counts AS
    SELECT status, count(*) AS n FROM customers GROUP BY status;
"#;

/// One planned operation, and what must exist before it runs on the base database.
#[derive(Clone, Debug)]
pub struct Sample {
    /// The operation.
    pub op: Op,
    /// SQL run on the base first (empty for every op with a reverse).
    pub setup: &'static str,
}

/// `sql` imported into the model; panics on import errors.
pub fn schema(sql: &str) -> Schema {
    let r = import_sql(sql);
    assert!(r.errors.is_empty(), "import errors: {:?}", r.errors);
    r.document.schema
}

fn table<'a>(s: &'a Schema, schema: &str, name: &str) -> &'a Table {
    s.tables
        .iter()
        .find(|t| t.schema == schema && t.name == name)
        .unwrap_or_else(|| panic!("no table {schema}.{name}"))
}

fn view<'a>(s: &'a Schema, schema: &str, name: &str) -> &'a View {
    s.views
        .iter()
        .find(|v| v.schema == schema && v.name == name)
        .unwrap_or_else(|| panic!("no view {schema}.{name}"))
}

fn sequence<'a>(s: &'a Schema, schema: &str, name: &str) -> &'a Sequence {
    s.sequences
        .iter()
        .find(|q| q.schema == schema && q.name == name)
        .unwrap_or_else(|| panic!("no sequence {schema}.{name}"))
}

fn s(x: &str) -> String {
    x.to_string()
}

fn alter(table: &Relation, column: &str, action: ColumnAction) -> Op {
    Op::AlterColumn {
        table: table.clone(),
        column: s(column),
        action,
    }
}

/// Every sample: all variants, every `ColumnAction`, `ObjectKind` and `EnumPosition`.
pub fn samples() -> Vec<Sample> {
    let to = schema(TARGET_SQL);
    let customers = table(&to, "public", "customers");
    let mixed = table(&to, "public", "Mixed Case");
    let orders = table(&to, "app", "orders");
    let customers_sql = Relation::of(customers);
    let mixed_sql = Relation::of(mixed);
    let column_def =
        |t: &Table, c: &str| ddl::column_definition_sql(&to, t, t.column_named(c).expect("column"));
    let index = |t: &Table, name: &str| {
        t.indexes
            .iter()
            .find(|ix| ix.name.as_deref() == Some(name))
            .unwrap_or_else(|| panic!("no index {name}"))
            .clone()
    };
    let totals = view(&to, "app", "order_totals");
    let totals_index = totals.indexes[0].clone();
    let unique = &customers.uniques[0];
    let check = &customers.checks[0];
    let pk = mixed.primary_key.as_ref().expect("Mixed Case key");
    let fk = &mixed.foreign_keys[0];

    let mut ops: Vec<Sample> = Vec::new();
    let mut add = |op: Op| ops.push(Sample { op, setup: "" });

    // With a reverse: each runs on the base, and its reverse brings the base back.
    add(Op::CreateSchema {
        name: quote_ident("Reports 2024").into_owned(),
        if_not_exists: false,
    });
    add(Op::create_enum(
        to.enums
            .iter()
            .find(|e| e.name == "priority")
            .expect("enum"),
    ));
    add(Op::RenameEnumValue {
        type_name: s("status"),
        from: s("gone"),
        to: s("archived"),
    });
    // The label of a column default: the default follows it.
    add(Op::RenameEnumValue {
        type_name: s("status"),
        from: s("draft"),
        to: s("new"),
    });
    let renames = [
        (ObjectKind::Table, "public", "customers", "clients"),
        (ObjectKind::Table, "public", "Mixed Case", "Mixed Case 2"),
        (
            ObjectKind::View,
            "public",
            "live_customers",
            "active customers",
        ),
        (
            ObjectKind::MaterializedView,
            "app",
            "order_totals",
            "totals",
        ),
        (ObjectKind::Type, "public", "status", "customer_status"),
        (
            ObjectKind::Index,
            "app",
            "orders_customer_idx",
            "orders_by_customer",
        ),
        // The index behind a primary key: its constraint is renamed with it.
        (
            ObjectKind::Index,
            "public",
            "customers_pkey",
            "customers_pk",
        ),
        (ObjectKind::Sequence, "app", "ticket_seq", "ticket_numbers"),
        (ObjectKind::Domain, "public", "positive", "positive number"),
        // A serial's own sequence, as the planner renames it with its table.
        (
            ObjectKind::Sequence,
            "public",
            "customers_id_seq",
            "clients_id_seq",
        ),
    ];
    for (kind, schema, from, to) in renames {
        add(Op::Rename {
            kind,
            schema: s(schema),
            from: s(from),
            to: s(to),
        });
    }
    let moves = [
        // A table with a serial (its sequence moves too), a FK to it and a view on it.
        (ObjectKind::Table, "public", "customers", "archive"),
        (ObjectKind::Table, "app", "orders", "public"),
        (ObjectKind::Table, "public", "Mixed Case", "app"),
        (ObjectKind::View, "public", "live_customers", "archive"),
        (
            ObjectKind::MaterializedView,
            "app",
            "order_totals",
            "public",
        ),
        (ObjectKind::Type, "public", "status", "app"),
        (ObjectKind::Sequence, "app", "ticket_seq", "archive"),
        (ObjectKind::Domain, "public", "positive", "app"),
    ];
    for (kind, schema, name, new_schema) in moves {
        add(Op::SetSchema {
            kind,
            schema: s(schema),
            name: s(name),
            new_schema: s(new_schema),
        });
    }
    add(Op::create_table(&to, table(&to, "app", "notes")));
    for column in ["vip", "legacy_no", "doubled", "ref_no"] {
        add(Op::AddColumn {
            table: customers_sql.clone(),
            column: s(column),
            definition: column_def(customers, column),
            rewrites: false,
        });
    }
    add(Op::RenameColumn {
        table: customers_sql.clone(),
        from: s("nickname"),
        to: s("display name"),
    });
    // A column a view, a unique index and a materialized view's query depend on.
    add(Op::RenameColumn {
        table: customers_sql.clone(),
        from: s("email"),
        to: s("E-mail"),
    });
    add(Op::RenameColumn {
        table: mixed_sql.clone(),
        from: s("some value"),
        to: s("Other"),
    });
    add(alter(
        &customers_sql,
        "nickname",
        ColumnAction::SetNotNull { proven: false },
    ));
    add(alter(&customers_sql, "email", ColumnAction::DropNotNull));
    add(Op::AddConstraint {
        table: mixed_sql.clone(),
        name: effective_pk_name(mixed, pk),
        definition: ddl::primary_key_constraint_sql(mixed, pk),
        not_valid: false,
        references: None,
    });
    add(Op::AddConstraint {
        table: customers_sql.clone(),
        name: effective_unique_name(customers, unique),
        definition: ddl::unique_constraint_sql(customers, unique),
        not_valid: false,
        references: None,
    });
    add(Op::add_check(customers, check, false));
    add(Op::add_check(customers, check, true));
    add(Op::add_foreign_key(&to, mixed, fk, false));
    add(Op::add_foreign_key(&to, mixed, fk, true));
    add(Op::RenameConstraint {
        table: Relation::of(orders),
        from: s("orders_total_check"),
        to: s("orders_total_nonnegative"),
    });
    // A key's constraint: its index is renamed with it.
    add(Op::RenameConstraint {
        table: customers_sql.clone(),
        from: s("customers_pkey"),
        to: s("customers_key"),
    });
    add(Op::create_index(
        &to,
        customers,
        &index(customers, "customers_lower_email_idx"),
        false,
    ));
    add(Op::create_index(
        &to,
        orders,
        &index(orders, "orders_note_idx"),
        true,
    ));
    add(Op::create_view_index(totals, &totals_index, false));
    add(Op::create_view_index(totals, &totals_index, true));
    add(Op::create_view(view(&to, "app", "big_orders")));
    add(Op::create_view(view(&to, "public", "customer_counts")));
    add(Op::CreateSequence {
        schema: s("archive"),
        name: s("batch_seq"),
        sql: ddl::create_sequence_sql(sequence(&to, "archive", "batch_seq")),
    });

    // Without a reverse.
    add(Op::CreateSchema {
        name: s("reports"),
        if_not_exists: true,
    });
    add(Op::DropSchema { name: s("archive") });
    add(Op::CreateExtension {
        name: s("hstore"),
        schema: Some(s("app")),
        version: Some(s("1.8")),
    });
    add(Op::CreateExtension {
        name: quote_ident("uuid-ossp").into_owned(),
        schema: None,
        version: None,
    });
    for (value, position) in [
        ("paused", EnumPosition::Last),
        ("pending", EnumPosition::Before(s("live"))),
        ("it's over", EnumPosition::After(s("gone"))),
    ] {
        add(Op::AddEnumValue {
            type_name: s("status"),
            value: s(value),
            position,
        });
    }
    add(Op::DropTable {
        schema: s("public"),
        name: s("Mixed Case"),
    });
    add(Op::DropColumn {
        table: customers_sql.clone(),
        column: s("score"),
    });
    add(alter(
        &customers_sql,
        "score",
        ColumnAction::Type {
            ty: s("bigint"),
            collate: String::new(),
            using: Some(s("score::bigint")),
            effect: TableEffect::Rewrite,
        },
    ));
    add(alter(
        &customers_sql,
        "nickname",
        ColumnAction::Type {
            ty: s("text"),
            collate: s(" COLLATE \"C\""),
            using: None,
            effect: TableEffect::Scan,
        },
    ));
    add(alter(
        &customers_sql,
        "score",
        ColumnAction::SetDefault(s("0")),
    ));
    add(alter(&customers_sql, "status", ColumnAction::DropDefault));
    add(alter(
        &mixed_sql,
        "Key",
        ColumnAction::AddIdentity {
            always: true,
            options: String::new(),
        },
    ));
    add(alter(
        &mixed_sql,
        "Key",
        ColumnAction::AddIdentity {
            always: false,
            options: customers
                .column_named("ref_no")
                .expect("ref_no")
                .identity_options
                .sql(),
        },
    ));
    let orders_sql = Relation::of(orders);
    add(alter(
        &orders_sql,
        "id",
        ColumnAction::SetGenerated { always: false },
    ));
    add(alter(
        &orders_sql,
        "id",
        ColumnAction::SetIdentityOptions(s("SET INCREMENT BY 10 SET START WITH 1000")),
    ));
    add(alter(&orders_sql, "id", ColumnAction::DropIdentity));
    add(Op::DropConstraint {
        table: orders_sql.clone(),
        name: s("orders_total_check"),
    });
    add(Op::DropIndex {
        table: Relation::of(orders),
        schema: s("app"),
        name: s("orders_customer_idx"),
        concurrently: false,
    });
    add(Op::DropIndex {
        table: Relation::of(orders),
        schema: s("app"),
        name: s("orders_customer_idx"),
        concurrently: true,
    });
    let comments = [
        ("TABLE", customers_sql.to_string()),
        (
            "COLUMN",
            format!("{mixed_sql}.{}", quote_ident("some value")),
        ),
        ("TYPE", s("status")),
        ("INDEX", qualified_name("app", "orders_customer_idx")),
        ("VIEW", s("live_customers")),
        ("MATERIALIZED VIEW", qualified_name("app", "order_totals")),
        ("SEQUENCE", qualified_name("app", "ticket_seq")),
    ];
    for (on, target) in comments {
        add(Op::Comment {
            on: s(on),
            target: target.clone(),
            text: Some(s("it's noted")),
            table: None,
        });
        add(Op::Comment {
            on: s(on),
            target,
            text: None,
            table: None,
        });
    }
    add(Op::DropView {
        schema: s("public"),
        name: s("live_customers"),
        materialized: false,
    });
    add(Op::DropView {
        schema: s("app"),
        name: s("order_totals"),
        materialized: true,
    });
    for option in [Some("local"), Some("cascaded"), None] {
        add(Op::SetCheckOption {
            view: Relation::new("public", "live_customers"),
            option: option.map(s),
        });
    }
    add(Op::CreateOwnedSequence {
        sequence: s("customers_score_seq"),
        ty: s("integer"),
        table: customers_sql.clone(),
        column: s("score"),
    });
    add(Op::SetvalPastRows {
        sequence: format!(
            "pg_get_serial_sequence({}, {})",
            quote_literal(&customers_sql.to_string()),
            quote_literal("id")
        ),
        descending: false,
        column: s("id"),
        table: customers_sql.clone(),
        having_past: None,
    });
    add(Op::SetvalPastRows {
        sequence: quote_literal("app.ticket_seq"),
        descending: true,
        column: s("ticket"),
        table: orders_sql.clone(),
        having_past: Some(100),
    });
    add(Op::AlterSequence {
        schema: s("app"),
        name: s("ticket_seq"),
        sql: s(
            "ALTER SEQUENCE app.ticket_seq AS integer INCREMENT BY 1 MINVALUE 1 \
                MAXVALUE 2147483647 START WITH 100 CACHE 1 NO CYCLE;",
        ),
    });
    add(Op::AlterSequence {
        schema: s("app"),
        name: s("ticket_seq"),
        sql: s("ALTER SEQUENCE app.ticket_seq OWNED BY app.orders.ticket;"),
    });
    add(Op::AlterSequence {
        schema: s("app"),
        name: s("ticket_seq"),
        sql: s("ALTER SEQUENCE app.ticket_seq OWNED BY NONE;"),
    });
    add(Op::Sql {
        sql: s("UPDATE customers SET score = 0 WHERE score IS NULL;"),
    });
    add(Op::SetRowSecurity {
        table: customers_sql.clone(),
        enabled: true,
    });
    add(Op::SetForceRowSecurity {
        table: customers_sql.clone(),
        forced: true,
    });
    add(Op::CreatePolicy {
        table: customers_sql.clone(),
        name: s("own rows"),
        sql: s("CREATE POLICY \"own rows\" ON customers AS RESTRICTIVE FOR UPDATE TO postgres, PUBLIC USING (score > 0) WITH CHECK (score > 0);"),
    });
    add(Op::RenamePolicy {
        table: customers_sql.clone(),
        from: s("customers_live"),
        to: s("live only"),
    });
    let touch = Routine {
        schema: s("public"),
        name: s("touch"),
        procedure: false,
        aggregate: false,
        arguments: s(""),
    };
    add(Op::CreateFunction {
        routine: Routine {
            schema: s("app"),
            name: s("add_one"),
            procedure: false,
            aggregate: false,
            arguments: s("integer"),
        },
        replace: false,
        sql: s("CREATE FUNCTION app.add_one(a integer)\n RETURNS integer\n LANGUAGE sql\n IMMUTABLE\nAS $function$select a + 1$function$;"),
    });
    add(Op::RenameFunction {
        routine: touch.clone(),
        to: s("touch row"),
    });
    add(Op::SetFunctionSchema {
        routine: touch.clone(),
        new_schema: s("app"),
    });
    add(Op::CreateTrigger {
        table: orders_sql.clone(),
        name: s("orders_touch"),
        sql: s("CREATE TRIGGER orders_touch BEFORE UPDATE OF note ON app.orders FOR EACH ROW WHEN (old.note IS DISTINCT FROM new.note) EXECUTE FUNCTION touch('a', 'b');"),
    });
    add(Op::RenameTrigger {
        table: customers_sql.clone(),
        from: s("customers_touch"),
        to: s("touch customers"),
    });
    add(Op::CreateDomain {
        schema: s("app"),
        name: s("email"),
        sql: s("CREATE DOMAIN app.email AS text COLLATE \"C\" DEFAULT '' NOT NULL CONSTRAINT email_check CHECK (VALUE LIKE '%@%');"),
    });
    add(Op::Grant {
        on: s("TABLE"),
        target: s("customers"),
        privilege: joinery_shared::model::Privilege::Select,
        role: s("public"),
        grantable: false,
        default_privileges: None,
    });
    add(Op::Grant {
        on: s("TABLES"),
        target: s(""),
        privilege: joinery_shared::model::Privilege::Select,
        role: s("pg_monitor"),
        grantable: false,
        default_privileges: Some(s(" IN SCHEMA app")),
    });
    add(Op::Revoke {
        on: s("FUNCTIONS"),
        target: s(""),
        privilege: joinery_shared::model::Privilege::Execute,
        role: s("public"),
        grant_option: false,
        default_privileges: Some(s("")),
    });
    add(Op::Revoke {
        on: s("FUNCTION"),
        target: s("touch()"),
        privilege: joinery_shared::model::Privilege::Execute,
        role: s("public"),
        grant_option: false,
        default_privileges: None,
    });
    add(Op::CreateComposite {
        schema: s("app"),
        name: s("money pair"),
        sql: s("CREATE TYPE app.\"money pair\" AS (amount numeric(10, 2), currency text COLLATE \"C\");"),
    });
    add(Op::CreatePartition {
        table: Relation::new("public", "events"),
        partition: Relation::new("archive", "events 2025"),
        bound: s("FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')"),
    });
    let positive = |action| Op::AlterDomain {
        schema: s("public"),
        name: s("positive"),
        action,
    };
    add(positive(DomainAction::SetNotNull));
    add(positive(DomainAction::AddCheck {
        name: s("positive_small"),
        definition: s("CONSTRAINT positive_small CHECK (VALUE < 1000) NOT VALID"),
    }));
    add(positive(DomainAction::RenameCheck {
        from: s("positive_check"),
        to: s("above zero"),
    }));

    // Without a reverse, and needing more than the base.
    let mut with = |setup: &'static str, op: Op| ops.push(Sample { op, setup });
    with(
        "",
        Op::AlterPolicy {
            table: customers_sql.clone(),
            name: s("customers_live"),
            sql: s(
                "ALTER POLICY customers_live ON customers TO postgres USING (status <> 'gone');",
            ),
        },
    );
    with(
        "",
        Op::DropPolicy {
            table: customers_sql.clone(),
            name: s("customers_live"),
        },
    );
    with(
        "CREATE EXTENSION citext;",
        Op::DropExtension { name: s("citext") },
    );
    // Extensions ship upgrade scripts only: the reverse (a downgrade) would not run.
    with(
        "CREATE EXTENSION hstore VERSION '1.7';",
        Op::UpdateExtension {
            name: s("hstore"),
            version: s("1.8"),
            from_version: None,
        },
    );
    with(
        "CREATE TYPE app.unused AS ENUM ('a');",
        Op::DropType {
            schema: s("app"),
            name: s("unused"),
        },
    );
    with(
        "ALTER TABLE customers ADD COLUMN doubled integer GENERATED ALWAYS AS (score * 2) STORED;",
        alter(&customers_sql, "doubled", ColumnAction::DropExpression),
    );
    with(
        "ALTER TABLE app.orders ADD CONSTRAINT orders_note_check CHECK (note <> '') NOT VALID;",
        Op::ValidateConstraint {
            table: orders_sql.clone(),
            name: s("orders_note_check"),
        },
    );
    // The planner drops the default first: it depends on the sequence.
    with(
        "ALTER TABLE customers ALTER COLUMN id DROP DEFAULT;",
        Op::DropOwnedSequence {
            table: customers_sql.clone(),
            column: s("id"),
        },
    );
    with(
        "",
        Op::CreateFunction {
            routine: touch.clone(),
            replace: true,
            sql: s("CREATE OR REPLACE FUNCTION touch()\n RETURNS trigger\n LANGUAGE plpgsql\nAS $function$ BEGIN NEW.score := 1; RETURN NEW; END $function$;"),
        },
    );
    with(
        "CREATE PROCEDURE app.spare(n integer) LANGUAGE sql AS 'select 1';",
        Op::DropFunction {
            routine: Routine {
                schema: s("app"),
                name: s("spare"),
                procedure: true,
                aggregate: false,
                arguments: s("integer"),
            },
        },
    );
    with(
        "",
        Op::DropTrigger {
            table: customers_sql.clone(),
            name: s("customers_touch"),
        },
    );
    with(
        "",
        Op::AttachPartition {
            table: Relation::new("public", "events"),
            partition: Relation::new("public", "events_loose"),
            bound: s("DEFAULT"),
        },
    );
    with(
        "",
        Op::DetachPartition {
            table: Relation::new("public", "events"),
            partition: Relation::new("public", "events_2024"),
        },
    );
    with(
        "CREATE TYPE app.point2 AS (x integer, y integer);",
        Op::AlterComposite {
            schema: s("app"),
            name: s("point2"),
            action: s("ADD ATTRIBUTE z integer"),
        },
    );
    with(
        "CREATE DOMAIN app.spare AS text;",
        Op::DropDomain {
            schema: s("app"),
            name: s("spare"),
        },
    );
    with(
        "",
        positive(DomainAction::SetDefault { expression: s("1") }),
    );
    with(
        "ALTER DOMAIN positive SET DEFAULT 1;",
        positive(DomainAction::DropDefault),
    );
    with(
        "",
        positive(DomainAction::DropCheck {
            name: s("positive_check"),
        }),
    );
    with(
        "ALTER DOMAIN positive ADD CONSTRAINT positive_even CHECK (VALUE % 2 = 0) NOT VALID;",
        positive(DomainAction::ValidateCheck {
            name: s("positive_even"),
        }),
    );
    with(
        "CREATE SEQUENCE archive.spare;",
        Op::DropSequence {
            schema: s("archive"),
            name: s("spare"),
        },
    );
    ops
}
