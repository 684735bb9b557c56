//! Standalone sequences: names, options and `OWNED BY`.

use super::{root, Ctx, ObjectKind, ObjectPath, ProblemKind};
use crate::model::Sequence;

/// The path naming a sequence.
pub(super) fn path(q: &Sequence) -> ObjectPath {
    root().with(ObjectKind::Sequence, &q.id, &q.name)
}

pub(super) fn check_sequences(cx: &mut Ctx) {
    for q in &cx.schema.sequences {
        let p = path(q);
        cx.check_name(&p, "sequence", &q.name);
        if let Some(msg) = option_problem(q) {
            cx.push(ProblemKind::InvalidSequence, &p, msg);
        }
        let Some(owner) = &q.owned_by else { continue };
        match cx.tables.get(&owner.table).copied() {
            None => cx.push(
                ProblemKind::UnknownTable,
                &p,
                format!(
                    "The sequence is owned by a table that does not exist ({}).",
                    owner.table
                ),
            ),
            Some(t) if t.column(&owner.column).is_none() => cx.push(
                ProblemKind::UnknownColumn,
                &p,
                format!(
                    "The sequence is owned by a column that is not in table \"{}\".",
                    t.name
                ),
            ),
            Some(t) if t.schema != q.schema => cx.push(
                ProblemKind::InvalidSequence,
                &p,
                format!(
                    "The sequence must be in the schema of its owning table \"{}\" (\"{}\").",
                    t.name, t.schema
                ),
            ),
            Some(_) => {}
        }
    }
}

/// What PostgreSQL would refuse in the options, if anything.
pub(crate) fn option_problem(q: &Sequence) -> Option<String> {
    if q.options.increment == Some(0) {
        return Some("INCREMENT must not be zero.".into());
    }
    if q.options.cache.is_some_and(|c| c < 1) {
        return Some("CACHE must be at least 1.".into());
    }
    let ty = q.data_type.column_type();
    let e = q.options.effective(&ty);
    let (lo, hi) = match q.data_type {
        crate::model::SequenceType::SmallInt => (i16::MIN.into(), i16::MAX.into()),
        crate::model::SequenceType::Integer => (i32::MIN.into(), i32::MAX.into()),
        crate::model::SequenceType::BigInt => (i64::MIN, i64::MAX),
    };
    if e.min_value < lo || e.max_value > hi {
        return Some(format!(
            "The bounds must fit the sequence's type {} ({lo} to {hi}).",
            q.data_type.sql()
        ));
    }
    if e.min_value >= e.max_value {
        return Some(format!(
            "MINVALUE ({}) must be less than MAXVALUE ({}).",
            e.min_value, e.max_value
        ));
    }
    if e.start < e.min_value || e.start > e.max_value {
        return Some(format!(
            "START WITH {} is outside MINVALUE {} and MAXVALUE {}.",
            e.start, e.min_value, e.max_value
        ));
    }
    None
}

#[cfg(test)]
mod tests {
    use crate::model::{Schema, Sequence, SequenceType};
    use crate::validate::{validate, ProblemKind};

    #[test]
    fn sequences_are_checked() {
        let mut s = Schema::default();
        let mut q = Sequence::new("public", "n");
        q.data_type = SequenceType::SmallInt;
        q.options.max_value = Some(100_000);
        s.sequences.push(q);
        let mut t = Sequence::new("public", "n");
        t.id = crate::model::Id::new("sq_other");
        s.sequences.push(t);
        let kinds: Vec<ProblemKind> = validate(&s).into_iter().map(|p| p.kind).collect();
        assert_eq!(
            kinds,
            [
                ProblemKind::InvalidSequence,
                ProblemKind::DuplicateRelationName
            ]
        );
    }
}
