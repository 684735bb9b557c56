//! Constraint states and index options through the planner and the DDL renderer: `NOT VALID`
//! checks and foreign keys (added without a scan, validated later in a transaction of their own),
//! `NO INHERIT`, deferrable keys, `MATCH FULL`, index storage parameters, collations and comments.

use joinery_shared::ddl::render_schema;
use joinery_shared::import::import_sql;
use joinery_shared::model::Schema;
use joinery_shared::normalize::canonical;
use joinery_shared::plan::{migrate, HazardKind, LockLevel, Plan, PlanOptions};

fn schema(sql: &str) -> Schema {
    let r = import_sql(sql);
    assert!(r.errors.is_empty(), "import errors: {:?}", r.errors);
    r.document.schema
}

fn plan(from: &str, to: &str, online: bool) -> Plan {
    migrate(&schema(from), &schema(to), &PlanOptions { online })
}

fn sql(p: &Plan) -> Vec<&str> {
    p.statements.iter().map(|s| s.sql.as_str()).collect()
}

const ORDERS: &str = "CREATE TABLE customers (id int PRIMARY KEY);
CREATE TABLE orders (id int PRIMARY KEY, customer_id int, total numeric);";

#[test]
fn a_not_valid_check_is_added_without_checking_existing_rows() {
    let to =
        format!("{ORDERS}\nALTER TABLE orders ADD CONSTRAINT pos CHECK (total > 0) NOT VALID;");
    for online in [false, true] {
        let p = plan(ORDERS, &to, online);
        assert_eq!(
            sql(&p),
            ["ALTER TABLE orders ADD CONSTRAINT pos CHECK (total > 0) NOT VALID;"]
        );
        let s = &p.statements[0];
        assert!(
            !s.hazards
                .iter()
                .any(|h| h.kind == HazardKind::MayFailOnExistingData),
            "{:?}",
            s.hazards
        );
        assert_eq!(
            s.lock.as_ref().map(|l| l.effect),
            Some(joinery_shared::plan::TableEffect::None)
        );
    }
}

#[test]
fn validating_a_constraint_is_one_statement_in_its_own_transaction() {
    let from = format!(
        "{ORDERS}\nALTER TABLE orders ADD CONSTRAINT pos CHECK (total > 0) NOT VALID;
ALTER TABLE orders ADD CONSTRAINT fk FOREIGN KEY (customer_id) REFERENCES customers NOT VALID;"
    );
    let to = format!(
        "{ORDERS}\nALTER TABLE orders ADD CONSTRAINT pos CHECK (total > 0);
ALTER TABLE orders ADD CONSTRAINT fk FOREIGN KEY (customer_id) REFERENCES customers;"
    );
    let p = plan(&from, &to, false);
    assert_eq!(
        sql(&p),
        [
            "ALTER TABLE orders VALIDATE CONSTRAINT pos;",
            "ALTER TABLE orders VALIDATE CONSTRAINT fk;"
        ]
    );
    for s in &p.statements {
        assert!(s.own_transaction);
        assert_eq!(
            s.lock.as_ref().map(|l| l.level),
            Some(LockLevel::ShareUpdateExclusive)
        );
        assert!(s
            .hazards
            .iter()
            .any(|h| h.kind == HazardKind::MayFailOnExistingData));
    }
    // The same text imported again plans nothing: ALTER TABLE ... VALIDATE CONSTRAINT is read.
    let validated = format!("{from}\nALTER TABLE orders VALIDATE CONSTRAINT pos;\nALTER TABLE orders VALIDATE CONSTRAINT fk;");
    assert!(plan(&validated, &to, false).statements.is_empty());
}

#[test]
fn a_valid_constraint_made_not_valid_is_re_added_that_way() {
    let from = format!("{ORDERS}\nALTER TABLE orders ADD CONSTRAINT pos CHECK (total > 0);");
    let to =
        format!("{ORDERS}\nALTER TABLE orders ADD CONSTRAINT pos CHECK (total > 0) NOT VALID;");
    assert_eq!(
        sql(&plan(&from, &to, false)),
        [
            "ALTER TABLE orders DROP CONSTRAINT pos;",
            "ALTER TABLE orders ADD CONSTRAINT pos CHECK (total > 0) NOT VALID;"
        ]
    );
}

#[test]
fn a_designed_not_valid_foreign_key_is_never_validated_online() {
    let to = format!(
        "{ORDERS}\nALTER TABLE orders ADD CONSTRAINT fk FOREIGN KEY (customer_id) REFERENCES customers MATCH FULL NOT VALID;"
    );
    let p = plan(ORDERS, &to, true);
    assert_eq!(
        sql(&p),
        ["ALTER TABLE orders ADD CONSTRAINT fk FOREIGN KEY (customer_id) REFERENCES customers (id) MATCH FULL ON DELETE NO ACTION ON UPDATE NO ACTION NOT VALID;"]
    );
}

#[test]
fn deferrable_and_no_inherit_changes_re_add_the_constraint() {
    let from = "CREATE TABLE s (id int PRIMARY KEY, a int, b int, CONSTRAINT ab UNIQUE (a, b), CONSTRAINT pos CHECK (a > 0));";
    let to = "CREATE TABLE s (id int PRIMARY KEY, a int, b int, CONSTRAINT ab UNIQUE (a, b) DEFERRABLE INITIALLY DEFERRED, CONSTRAINT pos CHECK (a > 0) NO INHERIT);";
    let p = plan(from, to, false);
    assert_eq!(
        sql(&p),
        [
            "ALTER TABLE s DROP CONSTRAINT ab;",
            "ALTER TABLE s DROP CONSTRAINT pos;",
            "ALTER TABLE s ADD CONSTRAINT ab UNIQUE (a, b) DEFERRABLE INITIALLY DEFERRED;",
            "ALTER TABLE s ADD CONSTRAINT pos CHECK (a > 0) NO INHERIT;"
        ]
    );
}

#[test]
fn index_comments_are_set_changed_and_removed_and_survive_a_rename() {
    let base = "CREATE TABLE p (id int PRIMARY KEY, email text, name text);
CREATE INDEX p_email ON p (email);
CREATE INDEX p_name ON p (name);";
    let from = format!("{base}\nCOMMENT ON INDEX p_name IS 'old';");
    let to = format!("{base}\nCOMMENT ON INDEX p_email IS 'login';");
    assert_eq!(
        sql(&plan(&from, &to, false)),
        [
            "COMMENT ON INDEX p_email IS 'login';",
            "COMMENT ON INDEX p_name IS NULL;"
        ]
    );
    // Renamed by id: the comment goes with the index, nothing else is planned.
    let a = schema(&from);
    let mut b = a.clone();
    b.tables[0].indexes[1].name = Some("p_by_name".into());
    let p = migrate(&a, &b, &PlanOptions::default());
    assert_eq!(sql(&p), ["ALTER INDEX p_name RENAME TO p_by_name;"]);
}

#[test]
fn storage_parameters_and_collations_are_part_of_an_index() {
    let from = "CREATE TABLE l (id int PRIMARY KEY, body text);
CREATE INDEX l_body ON l (body);";
    let to = "CREATE TABLE l (id int PRIMARY KEY, body text);
CREATE INDEX l_body ON l (body COLLATE \"C\" text_pattern_ops) WITH (FILLFACTOR = '70', deduplicate_items = OFF);";
    let p = plan(from, to, false);
    assert_eq!(
        sql(&p),
        [
            "DROP INDEX l_body;",
            "CREATE INDEX l_body ON l USING btree (body COLLATE \"C\" text_pattern_ops) WITH (deduplicate_items = off, fillfactor = 70);"
        ]
    );
    // Spelled differently, the same storage parameters are no change.
    let again = "CREATE TABLE l (id int PRIMARY KEY, body text);
CREATE INDEX l_body ON l (body COLLATE \"C\" text_pattern_ops) WITH (deduplicate_items = off, fillfactor = 70);";
    assert!(plan(to, again, false).statements.is_empty());
}

#[test]
fn rendered_ddl_keeps_every_state_and_reads_back_the_same() {
    let src = "CREATE TABLE customers (id int PRIMARY KEY DEFERRABLE);
CREATE TABLE orders (
    id int PRIMARY KEY,
    customer_id int,
    qty int,
    code text,
    CONSTRAINT qty_pos CHECK (qty > 0) NO INHERIT,
    CONSTRAINT code_key UNIQUE (code) DEFERRABLE INITIALLY DEFERRED
);
ALTER TABLE orders ADD CONSTRAINT qty_small CHECK (qty < 100) NOT VALID;
ALTER TABLE orders ADD CONSTRAINT fk FOREIGN KEY (customer_id) REFERENCES customers MATCH FULL NOT VALID;
CREATE INDEX orders_code ON orders (code COLLATE \"C\") WITH (fillfactor = 70);
COMMENT ON INDEX orders_code IS 'codes';";
    let a = schema(src);
    let ddl = render_schema(&a);
    assert!(
        ddl.contains("ADD CONSTRAINT qty_small CHECK (qty < 100) NOT VALID;"),
        "{ddl}"
    );
    assert!(
        !ddl.contains("CONSTRAINT qty_small CHECK (qty < 100),"),
        "{ddl}"
    );
    assert!(
        ddl.contains("COMMENT ON INDEX orders_code IS 'codes';"),
        "{ddl}"
    );
    let b = schema(&ddl);
    assert_eq!(canonical(&a), canonical(&b), "{ddl}");
    assert!(migrate(&a, &b, &PlanOptions::default())
        .statements
        .is_empty());
}

#[test]
fn implicit_check_names_follow_the_columns_they_mention() {
    let s = schema(
        "CREATE TABLE st (id int PRIMARY KEY, qty int, reserved int CHECK (reserved <= qty), lot int CHECK (lot > 0), CHECK (true), CHECK (qty > 0));",
    );
    let names: Vec<&str> = s.tables[0].checks.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(
        names,
        ["st_check", "st_lot_check", "st_check1", "st_qty_check"]
    );
}

#[test]
fn keys_using_an_index_take_it_over() {
    let s = schema(
        "CREATE TABLE a (id int NOT NULL, email text);
CREATE UNIQUE INDEX a_id_idx ON a (id);
CREATE UNIQUE INDEX a_email_idx ON a (email);
ALTER TABLE a ADD PRIMARY KEY USING INDEX a_id_idx DEFERRABLE;
ALTER TABLE a ADD CONSTRAINT a_email_key UNIQUE USING INDEX a_email_idx;",
    );
    let t = &s.tables[0];
    assert!(t.indexes.is_empty());
    let pk = t.primary_key.as_ref().unwrap();
    assert_eq!(pk.name.as_deref(), Some("a_id_idx"));
    assert!(pk.deferrable);
    assert_eq!(t.uniques[0].name.as_deref(), Some("a_email_key"));
    // Not a unique index: a clear error at its line.
    let r = import_sql(
        "CREATE TABLE a (id int);\nCREATE INDEX a_i ON a (id);\nALTER TABLE a ADD UNIQUE USING INDEX a_i;",
    );
    assert_eq!(r.errors.len(), 1, "{:?}", r.errors);
    assert_eq!(r.errors[0].line, 3);
    assert!(r.errors[0].message.contains("plain unique btree index"));
}

#[test]
fn redundant_keys_of_create_table_fold_into_one() {
    let s = schema(
        "CREATE TABLE t (id int PRIMARY KEY UNIQUE, a int UNIQUE, CONSTRAINT a_uq UNIQUE (a));",
    );
    let t = &s.tables[0];
    assert_eq!(t.uniques.len(), 1);
    // The unnamed survivor takes the duplicate's name (checked against PostgreSQL 15).
    assert_eq!(t.uniques[0].name.as_deref(), Some("a_uq"));
    // In ALTER TABLE they stay separate, as PostgreSQL keeps them.
    let s = schema(
        "CREATE TABLE t (id int PRIMARY KEY);\nALTER TABLE t ADD CONSTRAINT again UNIQUE (id);",
    );
    assert_eq!(s.tables[0].uniques.len(), 1);
}
