//! Planning standalone sequences: created before the tables whose defaults use them, owned once
//! the owning column exists, dropped after the tables and defaults that used them.

use super::statement::{hazard, stmt};
use super::{HazardKind, Phases};
use crate::ddl::{self, owner_sql, qualified_name};
use crate::diff::SequenceChanges;
use crate::model::{Schema, Sequence};
use crate::naming::quote_ident;

/// `CREATE SEQUENCE` (with its comment), and `OWNED BY` once the tables exist.
pub(super) fn add_sequence(p: &mut Phases, to: &Schema, q: &Sequence) {
    let source = format!("add sequence {}", q.name);
    p.sequences.push(stmt(ddl::create_sequence_sql(q), &source));
    if let Some(s) = ddl::sequence_owned_by_sql(to, q) {
        p.sequence_owners.push(stmt(s, &source));
    }
    if let Some(s) = ddl::sequence_comment_sql(q) {
        p.comments.push(stmt(s, &source));
    }
}

/// `DROP SEQUENCE IF EXISTS` (a sequence owned by a dropped table or column is gone already).
pub(super) fn drop_sequence(p: &mut Phases, q: &Sequence) {
    let source = format!("drop sequence {}", q.name);
    p.drop_sequences.push(hazard(
        stmt(
            format!(
                "DROP SEQUENCE IF EXISTS {};",
                qualified_name(&q.schema, &q.name)
            ),
            &source,
        ),
        HazardKind::DeletesData,
        format!("drops sequence {}: its current position is lost", q.name),
    ));
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
    if c.moved {
        p.rename_tables.push(stmt(
            format!(
                "ALTER SEQUENCE {} SET SCHEMA {};",
                qualified_name(&a.schema, &a.name),
                quote_ident(&b.schema)
            ),
            &source,
        ));
    }
    if c.renamed {
        p.rename_tables.push(stmt(
            format!(
                "ALTER SEQUENCE {} RENAME TO {};",
                qualified_name(&b.schema, &a.name),
                quote_ident(&b.name)
            ),
            &source,
        ));
    }
    let name = qualified_name(&b.schema, &b.name);
    if c.options {
        // Every option spelled out, so the result does not depend on the old values.
        let e = b.options.effective(&b.data_type.column_type());
        p.sequences.push(stmt(
            format!(
                "ALTER SEQUENCE {name} AS {} INCREMENT BY {} MINVALUE {} MAXVALUE {} START WITH {} CACHE {} {}CYCLE;",
                b.data_type.sql(),
                e.increment,
                e.min_value,
                e.max_value,
                e.start,
                e.cache,
                if e.cycle { "" } else { "NO " }
            ),
            &source,
        ));
    }
    if c.owned_by {
        p.sequence_owners.push(stmt(
            format!(
                "ALTER SEQUENCE {name} OWNED BY {};",
                owner_sql(to, b.owned_by.as_ref())
            ),
            &source,
        ));
    }
    if c.comment {
        let text = b.comment.as_deref().map(crate::naming::quote_literal);
        p.comments.push(stmt(
            format!(
                "COMMENT ON SEQUENCE {name} IS {};",
                text.as_deref().unwrap_or("NULL")
            ),
            &source,
        ));
    }
}
