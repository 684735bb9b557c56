//! Row-level security through the pure engine: import, validation, DDL, Drizzle and the plan
//! (order and hazards). The PostgreSQL side is in `tests/cases/rls_*` and `policy_*`.

use joinery_shared::ddl::render_schema;
use joinery_shared::drizzle::{export_schema_ts, TsOptions};
use joinery_shared::import::import_sql;
use joinery_shared::model::{Document, PolicyCommand};
use joinery_shared::plan::{migrate, HazardKind, Op, PlanOptions};
use joinery_shared::validate::{validate, ProblemKind};

fn doc(sql: &str) -> Document {
    let r = import_sql(sql);
    assert!(r.errors.is_empty(), "{:#?}", r.errors);
    r.document
}

const BASE: &str =
    "CREATE TABLE notes (id integer PRIMARY KEY, owner text NOT NULL, points integer);";

#[test]
fn policies_import_and_render() {
    let d = doc(&format!(
        "{BASE}\nALTER TABLE ONLY notes ENABLE ROW LEVEL SECURITY;\n\
         CREATE POLICY \"own\" ON notes AS RESTRICTIVE FOR UPDATE TO PUBLIC, app_user \
         USING (owner = current_user) WITH CHECK ((points >= 0));"
    ));
    let t = &d.schema.tables[0];
    assert!(t.row_security.enabled && !t.row_security.forced);
    let p = &t.policies[0];
    assert_eq!(p.command, PolicyCommand::Update);
    assert!(p.restrictive);
    // PUBLIC is every role: listed with others it still is (dropping it alone would narrow a
    // restrictive policy to app_user and let every other role past it).
    assert!(p.roles.is_empty(), "{:?}", p.roles);
    assert_eq!(p.with_check.as_deref(), Some("points >= 0"));
    let ddl = render_schema(&d.schema);
    assert!(
        ddl.contains("ALTER TABLE notes ENABLE ROW LEVEL SECURITY;"),
        "{ddl}"
    );
    assert!(
        ddl.contains(
            "CREATE POLICY own ON notes AS RESTRICTIVE FOR UPDATE \
             USING (owner = current_user) WITH CHECK (points >= 0);"
        ),
        "{ddl}"
    );
    // Read back, the DDL gives the same design.
    assert_eq!(doc(&ddl).schema.tables[0].policies, t.policies);
}

#[test]
fn bad_policies_are_problems_not_sql() {
    let mut d = doc(&format!(
        "{BASE}\nCREATE POLICY p ON notes FOR INSERT WITH CHECK (true);"
    ));
    let t = &mut d.schema.tables[0];
    t.policies[0].using = Some("true); DROP TABLE notes; --".into());
    let mut twin = t.policies[0].clone();
    twin.id = joinery_shared::model::Id::new("po_twin");
    twin.command = PolicyCommand::Select;
    twin.using = None;
    t.policies.push(twin);
    let problems = validate(&d.schema);
    let kinds: Vec<ProblemKind> = problems.iter().map(|p| p.kind).collect();
    // USING on an INSERT policy, a second policy named p with WITH CHECK on SELECT, and the
    // injected text read as more than one expression.
    assert!(
        kinds
            .iter()
            .filter(|k| **k == ProblemKind::InvalidPolicy)
            .count()
            >= 3,
        "{problems:#?}"
    );
    assert!(
        problems
            .iter()
            .any(|p| p.message.contains("USING") && p.path.0.last().unwrap().name == "p"),
        "{problems:#?}"
    );
    assert!(kinds.contains(&ProblemKind::InvalidSql), "{problems:#?}");
}

#[test]
fn switches_and_policies_are_ordered_and_flagged() {
    let from = doc(BASE);
    let to = doc(&format!(
        "{BASE}\nALTER TABLE notes ENABLE ROW LEVEL SECURITY;\n\
         CREATE POLICY own ON notes USING (owner = current_user);"
    ));
    let plan = migrate(&from.schema, &to.schema, &PlanOptions::default());
    let ops: Vec<&Op> = plan.statements.iter().map(|s| &s.op).collect();
    // The policy first, then RLS on: no moment where the table is shut to everyone.
    assert!(matches!(ops[0], Op::CreatePolicy { .. }), "{ops:?}");
    assert!(
        matches!(ops[1], Op::SetRowSecurity { enabled: true, .. }),
        "{ops:?}"
    );
    for s in &plan.statements {
        assert!(
            s.hazards
                .iter()
                .any(|h| h.kind == HazardKind::AuthorizationChange),
            "{}",
            s.sql
        );
        assert!(s.lock.is_some(), "{}", s.sql);
    }
    // And back: RLS off first, then the policy dropped.
    let down = migrate(&to.schema, &from.schema, &PlanOptions::default());
    let ops: Vec<&Op> = down.statements.iter().map(|s| &s.op).collect();
    assert!(
        matches!(ops[0], Op::SetRowSecurity { enabled: false, .. }),
        "{ops:?}"
    );
    assert!(matches!(ops[1], Op::DropPolicy { .. }), "{ops:?}");
    // A column renamed under a policy changes nothing in the policy.
    let mut renamed = to.clone();
    renamed.schema.tables[0].columns[1].name = "author".into();
    renamed.schema.tables[0].policies[0].using = Some("author = current_user".into());
    let plan = migrate(&to.schema, &renamed.schema, &PlanOptions::default());
    assert_eq!(plan.statements.len(), 1, "{}", plan.to_sql());
    assert!(matches!(plan.statements[0].op, Op::RenameColumn { .. }));
}

#[test]
fn drizzle_gets_pg_policy_and_enable_rls() {
    let d = doc(&format!(
        "{BASE}\nALTER TABLE notes ENABLE ROW LEVEL SECURITY;\nALTER TABLE notes FORCE ROW LEVEL SECURITY;\n\
         CREATE POLICY own ON notes FOR SELECT TO app_user USING (owner = current_user);"
    ));
    let files = export_schema_ts(&d, &TsOptions::default());
    let ts = &files
        .iter()
        .find(|(p, _)| p.ends_with("notes.schema.ts"))
        .expect("notes file")
        .1;
    assert!(
        ts.contains(
            "pgPolicy('own', { for: \"select\", to: [appUserRole], using: sql`owner = current_user` })"
        ),
        "{ts}"
    );
    assert!(
        ts.contains("import { appUserRole } from './roles.schema';"),
        "{ts}"
    );
    let roles = &files
        .iter()
        .find(|(p, _)| p == "roles.schema.ts")
        .expect("roles file")
        .1;
    assert!(
        roles.contains("export const appUserRole = pgRole('app_user').existing();"),
        "{roles}"
    );
    assert!(ts.contains("]).enableRLS();"), "{ts}");
    assert!(ts.contains("// joinery: FORCE ROW LEVEL SECURITY"), "{ts}");
}
