//! The lock each [`Op`] takes, read from the op itself: PostgreSQL 15's documented lock level for
//! the statement form, the relation it names, and what happens to the rows under it (the table
//! in `super::super::locks`). The planner only says whether the relation already exists (a
//! statement on a table the same plan creates waits for nobody) by calling
//! `statement::locked` or not.

use super::super::locks::{LockInfo, LockLevel, TableEffect};
use super::{ColumnAction, ObjectKind, Op, Relation};

impl Op {
    /// The strongest lock this takes on the existing relation it changes, and its effect on the
    /// rows; `None` for what locks no table (types, schemas, views, sequences, a new table's
    /// `CREATE`, the `SELECT setval(…)` reads, which take only ACCESS SHARE).
    pub fn lock(&self) -> Option<LockInfo> {
        use LockLevel::*;
        use TableEffect as E;
        let on =
            |level, rel: &Relation, effect| Some(LockInfo::new(level, rel.lock_name(), effect));
        match self {
            Op::AddColumn {
                table, rewrites, ..
            } => on(
                AccessExclusive,
                table,
                if *rewrites { E::Rewrite } else { E::None },
            ),
            Op::AlterColumn { table, action, .. } => on(
                AccessExclusive,
                table,
                match action {
                    ColumnAction::Type { effect, .. } => *effect,
                    ColumnAction::SetNotNull { proven: false } => E::Scan,
                    _ => E::None,
                },
            ),
            Op::DropColumn { table, .. }
            | Op::SetRowSecurity { table, .. }
            | Op::SetForceRowSecurity { table, .. }
            | Op::CreatePolicy { table, .. }
            | Op::AlterPolicy { table, .. }
            | Op::RenamePolicy { table, .. }
            | Op::DropPolicy { table, .. }
            | Op::DropTrigger { table, .. }
            | Op::RenameTrigger { table, .. }
            | Op::RenameColumn { table, .. }
            | Op::DropConstraint { table, .. }
            | Op::RenameConstraint { table, .. } => on(AccessExclusive, table, E::None),
            Op::AddConstraint {
                table,
                not_valid,
                references,
                ..
            } => on(
                // A foreign key's triggers go on both tables, which writes wait for.
                if references.is_some() {
                    ShareRowExclusive
                } else {
                    AccessExclusive
                },
                table,
                if *not_valid { E::None } else { E::Scan },
            ),
            // PostgreSQL 15: a new partition locks its parent ACCESS EXCLUSIVE; attaching and
            // detaching take SHARE UPDATE EXCLUSIVE on the parent, attaching scans the partition
            // (and the default partition) to check the bound.
            Op::CreatePartition { table, .. } => on(AccessExclusive, table, E::None),
            Op::AttachPartition { table, .. } => on(ShareUpdateExclusive, table, E::Scan),
            Op::DetachPartition { table, .. } => on(AccessExclusive, table, E::None),
            // A trigger's creation blocks writes, not reads.
            Op::CreateTrigger { table, .. } => on(ShareRowExclusive, table, E::None),
            Op::ValidateConstraint { table, .. } => on(ShareUpdateExclusive, table, E::Scan),
            Op::CreateIndex {
                table,
                concurrently,
                ..
            } => on(
                if *concurrently {
                    ShareUpdateExclusive
                } else {
                    Share
                },
                table,
                E::Scan,
            ),
            Op::DropIndex {
                table,
                concurrently,
                ..
            } => on(
                if *concurrently {
                    ShareUpdateExclusive
                } else {
                    AccessExclusive
                },
                table,
                E::None,
            ),
            Op::Comment {
                table: Some(table), ..
            } => on(ShareUpdateExclusive, table, E::None),
            // PostgreSQL 12+ renames an index under SHARE UPDATE EXCLUSIVE on the index alone.
            Op::Rename {
                kind: ObjectKind::Index,
                schema,
                from,
                ..
            } => on(ShareUpdateExclusive, &Relation::new(schema, from), E::None),
            Op::Rename {
                kind: ObjectKind::Table,
                schema,
                from: name,
                ..
            }
            | Op::SetSchema {
                kind: ObjectKind::Table,
                schema,
                name,
                ..
            }
            | Op::DropTable { schema, name } => {
                on(AccessExclusive, &Relation::new(schema, name), E::None)
            }
            _ => None,
        }
    }

    /// The lock an `ADD FOREIGN KEY` takes on the table it references: what is recorded when
    /// the child is created by the same plan and only the parent exists.
    pub fn referenced_lock(&self) -> Option<LockInfo> {
        match self {
            Op::AddConstraint {
                references: Some(parent),
                ..
            } => Some(LockInfo::new(
                LockLevel::ShareRowExclusive,
                parent.lock_name(),
                TableEffect::None,
            )),
            _ => None,
        }
    }

    /// Whether its lock earns the [`super::super::HazardKind::LocksTable`] hazard even when held
    /// only for an instant: the structural changes worth a review for the wait on the lock
    /// itself (behind every running query on the table, with every new query queued behind
    /// it): a column dropped or retyped, an identity added, the table renamed or moved.
    pub fn flags_lock(&self) -> bool {
        matches!(
            self,
            Op::DropColumn { .. }
                | Op::AlterColumn {
                    action: ColumnAction::Type { .. } | ColumnAction::AddIdentity { .. },
                    ..
                }
                | Op::Rename {
                    kind: ObjectKind::Table,
                    ..
                }
                | Op::SetSchema {
                    kind: ObjectKind::Table,
                    ..
                }
        )
    }
}
