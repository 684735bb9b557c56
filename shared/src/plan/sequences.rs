//! Planning standalone sequences: created before the tables whose defaults use them, owned once
//! the owning column exists, dropped after the tables and defaults that used them.

use super::op::{ObjectKind, Op};
use super::statement::{hazard, stmt};
use super::{HazardKind, Phases};
use crate::ddl::{self, owner_sql, qualified_name};
use crate::diff::SequenceChanges;
use crate::model::{Schema, Sequence};

/// `CREATE SEQUENCE` (with its comment), and `OWNED BY` once the tables exist.
pub(super) fn add_sequence(p: &mut Phases, to: &Schema, q: &Sequence) {
    let source = format!("add sequence {}", q.name);
    p.sequences.push(stmt(
        Op::CreateSequence {
            schema: q.schema.clone(),
            name: q.name.clone(),
            sql: ddl::create_sequence_sql(q),
        },
        &source,
    ));
    if let Some(sql) = ddl::sequence_owned_by_sql(to, q) {
        p.sequence_owners.push(stmt(alter(q, sql), &source));
    }
    if let Some(c) = &q.comment {
        p.comments.push(stmt(comment(q, Some(c.clone())), &source));
    }
    let target = qualified_name(&q.schema, &q.name);
    super::grants::plan_grants(p, "SEQUENCE", &target, &[], &q.grants, false, &source);
}

/// `DROP SEQUENCE`, with no `IF EXISTS`: a sequence owned by a table or column that this plan
/// drops goes with its owner (PostgreSQL drops owned sequences), so no statement is planned for
/// it; any other must exist, and a plan that does not match the database fails here.
pub(super) fn drop_sequence(p: &mut Phases, from: &Schema, to: &Schema, q: &Sequence) {
    let owner_dropped = q.owned_by.as_ref().is_some_and(|o| {
        from.table(&o.table).is_some()
            && to
                .table(&o.table)
                .is_none_or(|t| t.column(&o.column).is_none())
    });
    if owner_dropped {
        return;
    }
    let source = format!("drop sequence {}", q.name);
    p.drop_sequences.push(hazard(
        stmt(
            Op::DropSequence {
                schema: q.schema.clone(),
                name: q.name.clone(),
            },
            &source,
        ),
        HazardKind::DeletesData,
        format!("drops sequence {}: its current position is lost", q.name),
    ));
}

fn alter(q: &Sequence, sql: String) -> Op {
    Op::AlterSequence {
        schema: q.schema.clone(),
        name: q.name.clone(),
        sql,
    }
}

fn comment(q: &Sequence, text: Option<String>) -> Op {
    Op::Comment {
        on: "SEQUENCE".into(),
        target: qualified_name(&q.schema, &q.name),
        text,
        table: None,
    }
}

/// Moves, renames, options, ownership and comment of a sequence on both sides.
pub(super) fn modify_sequence(
    p: &mut Phases,
    to: &Schema,
    a: &Sequence,
    b: &Sequence,
    c: &SequenceChanges,
) {
    let source = format!("modify sequence {}", b.name);
    // PostgreSQL refuses to move an owned sequence ("cannot move an owned sequence into another
    // schema") and moves it along with its owning table: the ownership goes first, before any
    // table moves, and is given back once the tables are in place.
    let disowned = c.moved && a.owned_by.is_some();
    if disowned {
        p.drop_constraints.push(stmt(
            alter(
                a,
                format!(
                    "ALTER SEQUENCE {} OWNED BY NONE;",
                    qualified_name(&a.schema, &a.name)
                ),
            ),
            &source,
        ));
    }
    if c.moved {
        p.rename_tables.push(stmt(
            Op::SetSchema {
                kind: ObjectKind::Sequence,
                schema: a.schema.clone(),
                name: a.name.clone(),
                new_schema: b.schema.clone(),
            },
            &source,
        ));
    }
    if c.renamed {
        p.rename_tables.push(stmt(
            Op::Rename {
                kind: ObjectKind::Sequence,
                schema: b.schema.clone(),
                from: a.name.clone(),
                to: b.name.clone(),
            },
            &source,
        ));
    }
    let name = qualified_name(&b.schema, &b.name);
    if c.options {
        // Every option spelled out, so the result does not depend on the old values.
        let e = b.options.effective(&b.data_type.column_type());
        let sql = format!(
            "ALTER SEQUENCE {name} AS {} INCREMENT BY {} MINVALUE {} MAXVALUE {} START WITH {} CACHE {} {}CYCLE;",
            b.data_type.sql(),
            e.increment,
            e.min_value,
            e.max_value,
            e.start,
            e.cache,
            if e.cycle { "" } else { "NO " }
        );
        p.sequences.push(stmt(alter(b, sql), &source));
    }
    if c.owned_by || (disowned && b.owned_by.is_some()) {
        let sql = format!(
            "ALTER SEQUENCE {name} OWNED BY {};",
            owner_sql(to, b.owned_by.as_ref())
        );
        p.sequence_owners.push(stmt(alter(b, sql), &source));
    }
    if c.comment {
        p.comments
            .push(stmt(comment(b, b.comment.clone()), &source));
    }
    if c.grants {
        let target = qualified_name(&b.schema, &b.name);
        super::grants::plan_grants(p, "SEQUENCE", &target, &a.grants, &b.grants, true, &source);
    }
}
