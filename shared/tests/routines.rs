//! Functions, procedures and triggers: import, canonical form, DDL round trip, validation, plan
//! order and errors located in the text.

use joinery_shared::ddl::render_schema;
use joinery_shared::import::import_sql;
use joinery_shared::model::{ArgMode, RoutineKind, TriggerEvent, TriggerTiming, Volatility};
use joinery_shared::normalize::canonical;
use joinery_shared::plan::{migrate, PlanOptions};
use joinery_shared::validate::{validate, ProblemKind};

const SQL: &str = r#"
CREATE SCHEMA auth;
CREATE TABLE users (id uuid PRIMARY KEY, email text NOT NULL, updated_at timestamptz);
CREATE OR REPLACE FUNCTION public.set_updated_at() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  NEW.updated_at := now();
  RETURN NEW;
END;
$$;
CREATE FUNCTION add(a int, INOUT b int DEFAULT 1) LANGUAGE sql IMMUTABLE STRICT AS 'select a + b';
CREATE FUNCTION auth.uid() RETURNS uuid LANGUAGE sql STABLE SECURITY DEFINER SET search_path = '' AS $$ select null::uuid $$;
CREATE PROCEDURE touch(u uuid) LANGUAGE sql AS $$ update users set updated_at = now() where id = u $$;
CREATE TRIGGER users_updated BEFORE UPDATE OF email OR INSERT ON users FOR EACH ROW WHEN (OLD.email IS DISTINCT FROM NEW.email) EXECUTE FUNCTION set_updated_at('it''s');
COMMENT ON FUNCTION add(integer, integer) IS 'adds';
COMMENT ON TRIGGER users_updated ON users IS 'keeps updated_at';
"#;

#[test]
fn routines_and_triggers_import_as_data() {
    let r = import_sql(SQL);
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
    let s = &r.document.schema;
    let add = s.functions.iter().find(|f| f.name == "add").unwrap();
    assert_eq!(add.arguments[0].ty, "integer");
    assert_eq!(add.arguments[1].mode, ArgMode::InOut);
    assert_eq!(add.arguments[1].default.as_deref(), Some("1"));
    assert_eq!(add.returns.as_deref(), Some("integer"));
    assert_eq!(add.volatility, Volatility::Immutable);
    assert!(add.strict);
    assert_eq!(add.body, "select a + b");
    assert_eq!(add.comment.as_deref(), Some("adds"));
    let uid = s.functions.iter().find(|f| f.name == "uid").unwrap();
    assert_eq!(uid.schema, "auth");
    assert!(uid.security_definer);
    assert_eq!(uid.config["search_path"], [""]);
    let touch = s.functions.iter().find(|f| f.name == "touch").unwrap();
    assert_eq!(touch.kind, RoutineKind::Procedure);
    let t = &s.tables[0].triggers[0];
    assert_eq!(t.timing, TriggerTiming::Before);
    assert_eq!(t.events, [TriggerEvent::Insert, TriggerEvent::Update]);
    assert_eq!(t.update_of, [s.tables[0].columns[1].id.clone()]);
    assert!(t.for_each_row);
    assert_eq!(t.arguments, ["it's"]);
    assert_eq!(t.comment.as_deref(), Some("keeps updated_at"));
    assert!(validate(s).is_empty(), "{:?}", validate(s));
}

#[test]
fn rendered_ddl_imports_back_to_the_same_schema() {
    let a = import_sql(SQL).document.schema;
    let ddl = render_schema(&a);
    let b = import_sql(&ddl);
    assert!(b.errors.is_empty(), "{:?}\n{ddl}", b.errors);
    assert_eq!(canonical(&a), canonical(&b.document.schema), "{ddl}");
    // The function is created before the table whose trigger calls it, and the trigger last.
    let f = ddl.find("CREATE FUNCTION set_updated_at").unwrap();
    let t = ddl.find("CREATE TABLE users").unwrap();
    let tr = ddl.find("CREATE TRIGGER").unwrap();
    assert!(f < t && t < tr, "{ddl}");
    // The procedure reads `users` in an SQL body: after the table.
    assert!(ddl.find("CREATE PROCEDURE touch").unwrap() > t, "{ddl}");
}

#[test]
fn a_changed_signature_drops_the_triggers_first() {
    let from = import_sql(
        "CREATE FUNCTION hot(n integer) RETURNS boolean LANGUAGE sql AS 'select n > 5';
         CREATE FUNCTION noop() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
         CREATE TABLE t (n integer);
         CREATE TRIGGER t_hot AFTER INSERT ON t FOR EACH ROW WHEN (hot(NEW.n)) EXECUTE FUNCTION noop();",
    );
    let to = import_sql(
        "CREATE FUNCTION hot(v integer) RETURNS boolean LANGUAGE sql AS 'select v > 5';
         CREATE FUNCTION noop() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
         CREATE TABLE t (n integer);
         CREATE TRIGGER t_hot AFTER INSERT ON t FOR EACH ROW WHEN (hot(NEW.n)) EXECUTE FUNCTION noop();",
    );
    let plan = migrate(
        &from.document.schema,
        &to.document.schema,
        &PlanOptions::default(),
    );
    let sql: Vec<&str> = plan.statements.iter().map(|s| s.sql.as_str()).collect();
    let pos = |p: &str| {
        sql.iter()
            .position(|s| s.starts_with(p))
            .unwrap_or(usize::MAX)
    };
    assert!(
        pos("DROP TRIGGER t_hot") < pos("DROP FUNCTION hot(integer)"),
        "{sql:#?}"
    );
    assert!(
        pos("DROP FUNCTION hot(integer)") < pos("CREATE FUNCTION hot"),
        "{sql:#?}"
    );
    assert!(
        pos("CREATE FUNCTION hot") < pos("CREATE TRIGGER t_hot"),
        "{sql:#?}"
    );
    assert_eq!(sql.len(), 4, "{sql:#?}");
    // A body change is a replace in place, nothing else.
    let body = import_sql(&SQL.replace("RETURN NEW;", "RETURN NULL;"));
    let plan = migrate(
        &import_sql(SQL).document.schema,
        &body.document.schema,
        &PlanOptions::default(),
    );
    assert_eq!(plan.statements.len(), 1);
    assert!(plan.statements[0]
        .sql
        .starts_with("CREATE OR REPLACE FUNCTION set_updated_at()"));
}

#[test]
fn bad_definitions_are_located_errors_and_unsupported_ones_warnings() {
    let r = import_sql(
        "CREATE TABLE t (a int);\nCREATE FUNCTION f(a int) RETURNS int LANGUAGE sql;\nCREATE FUNCTION c(int) RETURNS int AS 'lib', 'sym' LANGUAGE c;\nCREATE TRIGGER x BEFORE UPDATE OF nope ON t FOR EACH ROW EXECUTE FUNCTION g();\nCREATE TRIGGER y SOMETIMES ON t EXECUTE FUNCTION g();",
    );
    let errors: Vec<String> = r.errors.iter().map(|d| d.to_string()).collect();
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with("2:") && e.contains("no body")),
        "{errors:?}"
    );
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with("4:") && e.contains("nope")),
        "{errors:?}"
    );
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with("5:18") && e.contains("BEFORE")),
        "{errors:?}"
    );
    assert!(
        r.warnings
            .iter()
            .any(|w| w.line == 3 && w.message.contains("not modelled")),
        "{:?}",
        r.warnings
    );
    assert!(r.document.schema.functions.is_empty());
}

#[test]
fn validation_names_what_postgres_would_refuse() {
    let mut s = import_sql(SQL).document.schema;
    s.functions[0].body.clear();
    s.functions.push(s.functions[1].clone());
    s.tables[0].triggers[0].events.clear();
    let kinds: Vec<ProblemKind> = validate(&s).into_iter().map(|p| p.kind).collect();
    assert_eq!(
        kinds
            .iter()
            .filter(|k| **k == ProblemKind::InvalidRoutine)
            .count(),
        2,
        "{kinds:?}"
    );
    assert!(kinds.contains(&ProblemKind::InvalidTrigger), "{kinds:?}");
}

#[test]
fn text_that_would_smuggle_a_statement_is_invalid_sql() {
    let mut s = import_sql(&format!(
        "{SQL}\nCREATE DOMAIN positive AS integer CHECK (VALUE > 0);\n\
         CREATE TABLE ev (id int, at date) PARTITION BY RANGE (at);\n\
         CREATE TABLE ev_all PARTITION OF ev DEFAULT;"
    ))
    .document
    .schema;
    assert!(validate(&s).is_empty(), "{:?}", validate(&s));
    let invalid = |s: &joinery_shared::model::Schema| {
        validate(s)
            .into_iter()
            .filter(|p| p.kind == ProblemKind::InvalidSql)
            .count()
    };
    s.functions[0]
        .arguments
        .push(joinery_shared::model::Argument {
            name: None,
            ty: "int) RETURNS int LANGUAGE sql AS 'x'; DROP TABLE users; --".into(),
            ..Default::default()
        });
    assert!(invalid(&s) >= 1);
    s.functions[0].arguments.pop();
    s.functions[0].body = "select 1 $function$; DROP TABLE users; --".into();
    assert_eq!(
        invalid(&s),
        0,
        "the body is dollar-quoted with a tag it does not hold"
    );
    let users = s.tables.iter().position(|t| t.name == "users").unwrap();
    s.tables[users].triggers[0].when =
        Some("true) EXECUTE FUNCTION f(); DROP TABLE users; --".into());
    assert!(invalid(&s) >= 1);
    s.tables[users].triggers[0].when = None;
    s.domains[0].checks[0].expression = "VALUE > 0); DROP TABLE users; --".into();
    assert!(invalid(&s) >= 1);
    s.domains[0].checks[0].expression = "VALUE > 0".into();
    let ev = s.tables.iter().position(|t| t.name == "ev").unwrap();
    s.tables[ev].partitions[0].bound = "DEFAULT; DROP TABLE users".into();
    assert!(invalid(&s) >= 1);
    s.tables[ev].partitions[0].bound = "DEFAULT".into();
    s.tables[ev].partition_by.as_mut().unwrap().key = "at); DROP TABLE users; --".into();
    assert!(invalid(&s) >= 1);
}
