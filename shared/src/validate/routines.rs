//! Functions, procedures and triggers: what PostgreSQL would refuse.

use std::collections::HashSet;

use super::{root, Ctx, ObjectKind, ObjectPath, ProblemKind};
use crate::model::{RoutineKind, Table, TriggerEvent, TriggerTiming};

pub(super) fn check_functions(cx: &mut Ctx) {
    let mut signatures = HashSet::new();
    for f in &cx.schema.functions {
        let p = root().with(ObjectKind::Function, &f.id, &f.name);
        cx.check_name(&p, "function", &f.name);
        let bad = |cx: &mut Ctx, msg: String| cx.push(ProblemKind::InvalidRoutine, &p, msg);
        if !signatures.insert((f.schema.as_str(), f.name.as_str(), f.identity_arguments())) {
            bad(
                cx,
                format!(
                    "Another routine is named \"{}\" with the same argument types ({}).",
                    f.name,
                    f.identity_arguments()
                ),
            );
        }
        match (&f.aggregate, f.kind) {
            (Some(a), RoutineKind::Aggregate) => check_aggregate(cx, &p, a),
            (None, RoutineKind::Aggregate) => {
                bad(cx, "An aggregate needs SFUNC and STYPE.".into());
            }
            (Some(_), _) => bad(cx, "Only an aggregate has aggregate options.".into()),
            (None, _) => {
                if f.language.trim().is_empty() {
                    bad(cx, "The language is empty (e.g. plpgsql or sql).".into());
                }
                if f.body.trim().is_empty() {
                    bad(cx, "The body is empty.".into());
                }
            }
        }
        match (f.kind, &f.returns) {
            (RoutineKind::Function, None) => bad(cx, "A function needs a result type.".into()),
            (RoutineKind::Procedure, Some(_)) => bad(cx, "A procedure has no result type.".into()),
            (RoutineKind::Aggregate, Some(_)) => bad(
                cx,
                "An aggregate's result comes from its STYPE or FINALFUNC, not RETURNS.".into(),
            ),
            _ => {}
        }
        for (i, a) in f.arguments.iter().enumerate() {
            if a.ty.trim().is_empty() {
                bad(cx, format!("Argument {} has no type.", i + 1));
            }
        }
        let mut names = HashSet::new();
        for a in f.arguments.iter().filter_map(|a| a.name.as_deref()) {
            if !names.insert(a) {
                bad(cx, format!("Two arguments are named \"{a}\"."));
            }
        }
    }
}

/// An aggregate's state function and type, and its options' values: each is one name or type
/// (or, for `INITCOND`, any text, which DDL quotes), never SQL that could end the statement.
fn check_aggregate(cx: &mut Ctx, p: &ObjectPath, a: &crate::model::Aggregate) {
    let mut bad = |msg: String| cx.push(ProblemKind::InvalidRoutine, p, msg);
    if a.sfunc.trim().is_empty() {
        bad("The aggregate has no state function (SFUNC).".into());
    }
    if a.stype.trim().is_empty() {
        bad("The aggregate has no state type (STYPE).".into());
    }
    for (key, value) in &a.options {
        let Some((_, flag)) = crate::model::Aggregate::OPTIONS
            .iter()
            .find(|(k, _)| k == key)
        else {
            bad(format!("{key} is not an aggregate option."));
            continue;
        };
        if !flag && !key.ends_with("INITCOND") && value.trim().is_empty() {
            bad(format!("{key} has no value."));
        }
    }
}

/// A table's triggers.
pub(super) fn check_triggers(cx: &mut Ctx, t: &Table, tp: &ObjectPath) {
    let mut names = HashSet::new();
    for tr in &t.triggers {
        let p = tp.with(ObjectKind::Trigger, &tr.id, &tr.name);
        cx.check_name(&p, "trigger", &tr.name);
        let bad = |cx: &mut Ctx, msg: String| cx.push(ProblemKind::InvalidTrigger, &p, msg);
        if !names.insert(tr.name.as_str()) {
            bad(
                cx,
                format!(
                    "Another trigger of \"{}\" is named \"{}\".",
                    t.name, tr.name
                ),
            );
        }
        if tr.events.is_empty() {
            bad(cx, "The trigger fires on no event.".into());
        }
        if tr.function.trim().is_empty() {
            bad(cx, "The trigger calls no function.".into());
        }
        if tr.timing == TriggerTiming::InsteadOf {
            bad(cx, "INSTEAD OF triggers are for views, not tables.".into());
        }
        if tr.for_each_row && tr.events.contains(&TriggerEvent::Truncate) {
            bad(
                cx,
                "TRUNCATE triggers fire once per statement (FOR EACH STATEMENT).".into(),
            );
        }
        if !tr.for_each_row && tr.when.is_some() && tr.timing == TriggerTiming::Before {
            // PostgreSQL allows WHEN on statement triggers but it may not read OLD or NEW.
            if let Some(w) = &tr.when {
                let w = w.to_ascii_lowercase();
                if crate::sql::mentions(&w, "old") || crate::sql::mentions(&w, "new") {
                    bad(
                        cx,
                        "A statement-level trigger's WHEN cannot read OLD or NEW.".into(),
                    );
                }
            }
        }
        if (tr.old_table.is_some() || tr.new_table.is_some()) && tr.timing != TriggerTiming::After {
            bad(
                cx,
                "Transition tables (REFERENCING) need an AFTER trigger.".into(),
            );
        }
        if !tr.update_of.is_empty() && !tr.events.contains(&TriggerEvent::Update) {
            bad(cx, "UPDATE OF columns need the UPDATE event.".into());
        }
        for id in &tr.update_of {
            if t.column(id).is_none() {
                cx.push(
                    ProblemKind::UnknownColumn,
                    &p,
                    format!("UPDATE OF names a column that is not in \"{}\".", t.name),
                );
            }
        }
    }
}
