//! Every planned operation prints as exactly one SQL statement (issue 16).
//!
//! A migration is applied statement by statement, and the apply engine, the exported script and
//! the per-statement undo all assume one [`Op`] is one statement. This test builds at least one
//! instance of every `Op` variant (the catalogue in `support/op_samples.rs`, whose exhaustive
//! `match` stops compiling when a variant is added), plus everything the planner emits for a
//! realistic migration and its down plan, and checks that each one, and each `reverse()` that
//! exists, re-parses with sqlparser (PostgreSQL dialect) into exactly one statement, and that our
//! own lexer (`sql::split_script`, what the apply engine cuts scripts with) sees one too. Where
//! sqlparser cannot read a valid PostgreSQL form, [`SQLPARSER_GAPS`] names the variant (or the
//! variant's form) and the gap, and the lexer's count is the check; a listed form sqlparser has
//! learnt to read fails the test, so the list cannot go stale. Renames and `SET SCHEMA` must also
//! be their own inverses' inverses.

#[path = "support/op_samples.rs"]
mod op_samples;

use std::collections::{BTreeMap, BTreeSet};

use joinery_shared::plan::{
    migrate, reverse, ColumnAction, DomainAction, NoReverse, ObjectKind, Op, PlanOptions,
};
use joinery_shared::sql::split_script;
use op_samples::*;
use sqlparser::dialect::PostgreSqlDialect;
use sqlparser::parser::Parser;

/// The forms of SQL sqlparser (0.64, PostgreSQL dialect) cannot read although PostgreSQL runs
/// them (the backend test `op_reverse.rs` runs every sample on PostgreSQL 15), by variant and,
/// where only some of a variant's forms are affected, by [`form`]. A sample of one of these forms
/// that sqlparser rejects must instead be one statement to `split_script`; a listed form that
/// sqlparser accepts in every sample fails the test, so the list shrinks as sqlparser grows.
const SQLPARSER_GAPS: &[(&str, &str)] = &[
    // `ALTER TABLE … ALTER COLUMN` in sqlparser knows SET/DROP NOT NULL, SET/DROP DEFAULT,
    // [SET DATA] TYPE … [USING …] and ADD GENERATED … AS IDENTITY only.
    (
        "AlterColumn Type COLLATE",
        "no COLLATE clause after ALTER COLUMN … TYPE",
    ),
    (
        "AlterColumn SetGenerated",
        "no ALTER COLUMN … SET GENERATED",
    ),
    (
        "AlterColumn SetIdentityOptions",
        "no ALTER COLUMN … SET INCREMENT BY / SET START WITH",
    ),
    (
        "AlterColumn DropIdentity",
        "no ALTER COLUMN … DROP IDENTITY",
    ),
    (
        "AlterColumn DropExpression",
        "no ALTER COLUMN … DROP EXPRESSION",
    ),
    // sqlparser has no ALTER SEQUENCE statement at all.
    ("AlterSequence", "no ALTER SEQUENCE"),
    ("Rename SEQUENCE", "no ALTER SEQUENCE … RENAME TO"),
    ("SetSchema SEQUENCE", "no ALTER SEQUENCE … SET SCHEMA"),
    // `ALTER TABLE … SET` expects storage parameters `SET (…)`; `ALTER TYPE` knows RENAME TO,
    // ADD VALUE and RENAME VALUE only. (ALTER [MATERIALIZED] VIEW … SET SCHEMA does parse.)
    ("SetSchema TABLE", "no ALTER TABLE … SET SCHEMA"),
    ("SetSchema TYPE", "no ALTER TYPE … SET SCHEMA"),
    // `CREATE VIEW … AS <query>` ends at the query: no trailing WITH [LOCAL|CASCADED] CHECK OPTION.
    (
        "CreateView WITH CHECK OPTION",
        "no WITH … CHECK OPTION after a view's query",
    ),
    // `DROP INDEX` takes no CONCURRENTLY (CREATE INDEX CONCURRENTLY does parse).
    ("DropIndex CONCURRENTLY", "no DROP INDEX CONCURRENTLY"),
    // Anonymous code blocks are not SQL statements to sqlparser.
    ("DropOwnedSequence", "no DO $$ … $$"),
    // sqlparser's ALTER knows no EXTENSION.
    ("UpdateExtension", "no ALTER EXTENSION"),
    // sqlparser has no ALTER DOMAIN statement.
    ("Rename DOMAIN", "no ALTER DOMAIN … RENAME TO"),
    ("SetSchema DOMAIN", "no ALTER DOMAIN … SET SCHEMA"),
    ("AlterDomain", "no ALTER DOMAIN"),
    // `ALTER TYPE` knows RENAME TO, ADD VALUE and RENAME VALUE only.
    ("AlterComposite", "no ALTER TYPE … ATTRIBUTE"),
    // A trigger function's arguments are string literals; sqlparser reads them as a parameter
    // list of types.
    (
        "CreateTrigger with arguments",
        "no literal arguments after EXECUTE FUNCTION",
    ),
];

/// The variant, refined where sqlparser reads some of its forms and not others: the column
/// action, the object kind of a rename or move, `CONCURRENTLY`, a view's check option.
fn form(op: &Op) -> String {
    let name = variant_name(op);
    match op {
        Op::AlterColumn {
            action: ColumnAction::Type { collate, .. },
            ..
        } if !collate.is_empty() => "AlterColumn Type COLLATE".into(),
        Op::AlterColumn { action, .. } => format!("{name} {}", column_action_name(action)),
        Op::Rename { kind, .. } | Op::SetSchema { kind, .. } => {
            format!("{name} {}", kind.keyword())
        }
        Op::DropIndex {
            concurrently: true, ..
        } => "DropIndex CONCURRENTLY".into(),
        Op::CreateView { sql, .. } if sql.contains("CHECK OPTION") => {
            "CreateView WITH CHECK OPTION".into()
        }
        Op::CreateTrigger { sql, .. } if !sql.ends_with("();") => {
            "CreateTrigger with arguments".into()
        }
        Op::Grant {
            default_privileges: Some(_),
            ..
        }
        | Op::Revoke {
            default_privileges: Some(_),
            ..
        } => format!("{name} DEFAULT PRIVILEGES"),
        _ => name.into(),
    }
}

/// sqlparser's statements in `sql`, or its error.
fn sqlparser_statements(sql: &str) -> Result<usize, String> {
    Parser::parse_sql(&PostgreSqlDialect {}, sql)
        .map(|v| v.len())
        .map_err(|e| e.to_string())
}

/// Our own lexer's statements in `sql`.
fn split_statements(sql: &str) -> usize {
    split_script(sql)
        .unwrap_or_else(|e| panic!("split_script fails on {sql}: {e:?}"))
        .len()
}

/// Checks `op` prints one statement; records in `gaps_hit` each allow-listed variant sqlparser
/// failed on. Returns the problems found.
fn check_one_statement(op: &Op, gaps_hit: &mut BTreeSet<String>) -> Vec<String> {
    let sql = op.to_string();
    let name = form(op);
    let mut problems = Vec::new();
    if !sql.trim_end().ends_with(';') {
        problems.push(format!("{name}: does not end with `;`: {sql}"));
    }
    // Our lexer is what the apply engine cuts scripts with: always one statement.
    let split = split_statements(&sql);
    if split != 1 {
        problems.push(format!(
            "{name}: split_script sees {split} statements: {sql}"
        ));
    }
    match sqlparser_statements(&sql) {
        Ok(1) => {}
        Ok(n) => problems.push(format!("{name}: sqlparser reads {n} statements: {sql}")),
        Err(e) => {
            if SQLPARSER_GAPS.iter().any(|(f, _)| *f == name) {
                gaps_hit.insert(name);
            } else {
                problems.push(format!("{name}: sqlparser cannot parse it ({e}): {sql}"));
            }
        }
    }
    problems
}

/// Ops that undo themselves: reversing twice is the op again.
fn is_involution(op: &Op) -> bool {
    matches!(
        op,
        Op::Rename { .. }
            | Op::SetSchema { .. }
            | Op::RenameColumn { .. }
            | Op::RenameConstraint { .. }
            | Op::RenameEnumValue { .. }
            | Op::RenamePolicy { .. }
            | Op::RenameFunction { .. }
            | Op::SetFunctionSchema { .. }
            | Op::RenameTrigger { .. }
            | Op::Grant { .. }
            | Op::Revoke { .. }
            | Op::AlterDomain {
                action: DomainAction::RenameCheck { .. }
                    | DomainAction::SetNotNull
                    | DomainAction::DropNotNull,
                ..
            }
            | Op::SetRowSecurity { .. }
            | Op::SetForceRowSecurity { .. }
            | Op::AlterColumn { .. }
    )
}

/// What the planner emits for the base → target migration and back, plain and online.
fn planned_ops() -> Vec<Op> {
    let base = schema(BASE_SQL);
    let target = schema(TARGET_SQL);
    let mut out = Vec::new();
    for online in [false, true] {
        let options = PlanOptions { online };
        for plan in [
            migrate(&base, &target, &options),
            migrate(&target, &base, &options),
            reverse(&base, &target, &options),
        ] {
            assert!(!plan.statements.is_empty());
            for st in plan.statements {
                assert_eq!(
                    st.sql,
                    st.op.to_string(),
                    "a statement's SQL is its op printed"
                );
                out.push(st.op);
            }
        }
    }
    out
}

#[test]
fn the_catalogue_covers_every_variant() {
    let samples = samples();
    let covered: BTreeSet<&str> = samples.iter().map(|s| variant_name(&s.op)).collect();
    let all: BTreeSet<&str> = ALL_VARIANTS.iter().copied().collect();
    assert_eq!(all.len(), ALL_VARIANTS.len(), "a variant is listed twice");
    assert_eq!(covered, all, "variants without a sample");

    let actions: BTreeSet<&str> = samples
        .iter()
        .filter_map(|s| match &s.op {
            Op::AlterColumn { action, .. } => Some(column_action_name(action)),
            _ => None,
        })
        .collect();
    let all_actions: BTreeSet<&str> = ALL_COLUMN_ACTIONS.iter().copied().collect();
    assert_eq!(actions, all_actions, "column actions without a sample");

    let kinds = |set_schema: bool| -> Vec<ObjectKind> {
        let mut k: Vec<ObjectKind> = Vec::new();
        for s in &samples {
            let kind = match &s.op {
                Op::Rename { kind, .. } if !set_schema => *kind,
                Op::SetSchema { kind, .. } if set_schema => *kind,
                _ => continue,
            };
            if !k.contains(&kind) {
                k.push(kind);
            }
        }
        k
    };
    let mut renamed = kinds(false);
    let mut moved = kinds(true);
    let key = |k: &ObjectKind| k.keyword();
    renamed.sort_by_key(key);
    moved.sort_by_key(key);
    let mut all_kinds = ALL_OBJECT_KINDS.to_vec();
    let mut movable = SET_SCHEMA_KINDS.to_vec();
    all_kinds.sort_by_key(key);
    movable.sort_by_key(key);
    assert_eq!(renamed, all_kinds, "object kinds never renamed");
    assert_eq!(moved, movable, "object kinds never moved");
}

#[test]
fn every_op_and_its_reverse_is_one_statement() {
    let mut gaps_hit = BTreeSet::new();
    let mut problems = Vec::new();
    let mut counts: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let ops: Vec<Op> = samples()
        .into_iter()
        .map(|s| s.op)
        .chain(planned_ops())
        .collect();
    for op in &ops {
        problems.extend(check_one_statement(op, &mut gaps_hit));
        let entry = counts.entry(variant_name(op)).or_default();
        entry.0 += 1;
        if let Ok(back) = op.reverse() {
            entry.1 += 1;
            problems.extend(
                check_one_statement(&back, &mut gaps_hit)
                    .into_iter()
                    .map(|p| format!("reverse of {op}: {p}")),
            );
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    for (form, why) in SQLPARSER_GAPS {
        let variant = form.split(' ').next().unwrap_or_default();
        assert!(
            ALL_VARIANTS.contains(&variant),
            "allow-listed {form}: {variant} is not a variant"
        );
        assert!(
            gaps_hit.contains(*form),
            "sqlparser now parses every {form} sample: remove it from SQLPARSER_GAPS ({why})"
        );
    }
    eprintln!("(variant: ops checked, reverses checked) {counts:?}");
}

#[test]
fn renames_and_moves_are_their_own_inverse() {
    let mut involutions = 0;
    for op in samples().into_iter().map(|s| s.op).chain(planned_ops()) {
        let Ok(back) = op.reverse() else {
            assert!(
                !is_involution(&op) || matches!(op, Op::AlterColumn { .. }),
                "{op}: no reverse"
            );
            continue;
        };
        assert_ne!(back, op, "{op}: its reverse is itself");
        match back.reverse() {
            Ok(again) => {
                assert!(is_involution(&op), "{op}: the reverse's reverse exists");
                assert_eq!(again, op, "{op}: reversed twice is not the op");
                involutions += 1;
            }
            // A create's reverse is a drop, which cannot be undone without the definition.
            Err(why) => {
                assert!(!is_involution(&op), "{op}: reverse of its reverse: {why:?}");
                assert!(
                    matches!(why, NoReverse::LosesData | NoReverse::NeedsPreviousState),
                    "{op}: {why:?}"
                );
            }
        }
    }
    assert!(involutions > 20, "only {involutions} involutions checked");
}
