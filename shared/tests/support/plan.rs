//! Helpers of the planner's statement tests (`plan_statements.rs`, `plan_views.rs`): plan two SQL
//! schemas and compare the statements with their hazards.
#![allow(dead_code, unused_imports)]
pub use joinery_shared::import::import_sql;
pub use joinery_shared::model::Schema;
pub use joinery_shared::plan::{migrate, reverse, HazardKind, Plan, PlanOptions};

pub use HazardKind::{DataNotRestored as NotRestored, NotTransactional as NoTx};
pub use HazardKind::{DeletesData as Del, LocksTable as Lock, MayFailOnExistingData as Fail};
pub use HazardKind::{IndexBuild as Build, IndexDropped as IxDrop};

pub fn schema(sql: &str) -> Schema {
    let r = import_sql(sql);
    assert!(r.errors.is_empty(), "import errors: {:?}", r.errors);
    r.document.schema
}

pub fn plan_with(from: &str, to: &str, online: bool) -> Plan {
    migrate(&schema(from), &schema(to), &PlanOptions { online })
}

/// (sql, hazard kinds) of each statement.
pub fn steps(p: &Plan) -> Vec<(String, Vec<HazardKind>)> {
    p.statements
        .iter()
        .map(|s| (s.sql.clone(), s.hazards.iter().map(|h| h.kind).collect()))
        .collect()
}

pub fn check(from: &str, to: &str, expected: &[(&str, &[HazardKind])]) {
    check_with(from, to, false, expected)
}

pub fn check_with(from: &str, to: &str, online: bool, expected: &[(&str, &[HazardKind])]) {
    let p = plan_with(from, to, online);
    let got = steps(&p);
    let want: Vec<(String, Vec<HazardKind>)> = expected
        .iter()
        .map(|(s, h)| (s.to_string(), h.to_vec()))
        .collect();
    assert_eq!(got, want, "plan was:\n{}", p.to_sql());
    // Non-transactional statements always say so.
    for s in &p.statements {
        assert_eq!(
            !s.transactional,
            s.hazards.iter().any(|h| h.kind == NoTx),
            "{}",
            s.sql
        );
    }
}

pub const T: &str = "CREATE TABLE t (id int PRIMARY KEY);";

pub fn t_with(col: &str) -> String {
    format!("CREATE TABLE t (id int PRIMARY KEY, {col});")
}
