//! Constraint and index statements shared by every phase that adds them (new tables, changed
//! tables, enum rebuilds, online replacements): foreign keys (online: `NOT VALID`, validated
//! later), `VALIDATE CONSTRAINT`, `CREATE INDEX [CONCURRENTLY]`, index renames and drops.

use crate::model::{Schema, Table};

use super::op::{ObjectKind, Op, Relation};
use super::statement::{hazard, locked, stmt, HazardKind, Statement};
use super::PlanOptions;

/// `ADD FOREIGN KEY` on an existing table: SHARE ROW EXCLUSIVE on it and on the referenced table
/// (recorded: the child). Online it is added `NOT VALID` (no scan; [`validate_constraint`] checks
/// the rows later), otherwise every row is checked while writes to both tables wait.
pub(super) fn add_fk(
    schema: &Schema,
    table: &Table,
    fk: &crate::model::ForeignKey,
    options: &PlanOptions,
    source: &str,
) -> Statement {
    if fk.not_valid {
        // Designed NOT VALID (the SQL says so): existing rows are not checked.
        locked(stmt(Op::add_foreign_key(schema, table, fk, false), source))
    } else if options.online {
        locked(stmt(Op::add_foreign_key(schema, table, fk, true), source))
    } else {
        hazard(
            locked(stmt(Op::add_foreign_key(schema, table, fk, false), source)),
            HazardKind::MayFailOnExistingData,
            "existing rows must satisfy the new foreign key",
        )
    }
}

/// `VALIDATE CONSTRAINT`: reads every row under SHARE UPDATE EXCLUSIVE, which blocks neither
/// reads nor writes, in a transaction of its own so that the ACCESS EXCLUSIVE (or SHARE ROW
/// EXCLUSIVE) lock of the `ADD … NOT VALID` before it is released first.
pub(super) fn validate_constraint(table: &Table, name: &str, source: &str) -> Statement {
    hazard(
        locked(stmt(
            Op::ValidateConstraint {
                table: Relation::of(table),
                name: name.to_string(),
            },
            source,
        )),
        HazardKind::MayFailOnExistingData,
        format!("fails if existing rows of {} violate {name}", table.name),
    )
}

/// `CREATE INDEX` of `ix` on `table`. On a new table (created by the same plan) it is plain and
/// needs no lock information; on an existing one it builds over every row: under SHARE (writes
/// wait) or, online, `CONCURRENTLY` under SHARE UPDATE EXCLUSIVE outside a transaction.
pub(super) fn create_index(
    schema: &Schema,
    table: &Table,
    ix: &crate::model::Index,
    options: &PlanOptions,
    source: &str,
    new_table: bool,
) -> Statement {
    if new_table {
        return stmt(Op::create_index(schema, table, ix, false), source);
    }
    let mut s = if options.online {
        locked(stmt(Op::create_index(schema, table, ix, true), source))
    } else {
        locked(stmt(Op::create_index(schema, table, ix, false), source))
    };
    s = hazard(
        s,
        HazardKind::IndexBuild,
        if options.online {
            format!(
                "builds {} over every row of {} without blocking writes",
                crate::naming::effective_index_name(table, ix),
                table.name
            )
        } else {
            format!(
                "builds {} over every row of {} while writes wait (use the online option for CONCURRENTLY)",
                crate::naming::effective_index_name(table, ix),
                table.name
            )
        },
    );
    if ix.unique {
        s = hazard(
            s,
            HazardKind::MayFailOnExistingData,
            "fails if existing rows have duplicates",
        );
    }
    s
}

/// `ALTER INDEX <schema>.<old> RENAME TO <new>`: PostgreSQL 12+ takes SHARE UPDATE EXCLUSIVE on
/// the index alone (not its table), so it is what [`LockInfo::relation`] names.
///
/// [`LockInfo::relation`]: super::LockInfo::relation
pub(super) fn rename_index(schema: &str, old: &str, new: &str, source: &str) -> Statement {
    locked(stmt(
        Op::Rename {
            kind: ObjectKind::Index,
            schema: schema.to_string(),
            from: old.to_string(),
            to: new.to_string(),
        },
        source,
    ))
}

/// `s`, a `DROP INDEX` of `index` (qualified, unquoted) that nothing replaces under its name, with
/// the [`HazardKind::IndexDropped`] hazard.
pub(super) fn drop_index_hazard(s: Statement, index: &str) -> Statement {
    hazard(
        s,
        HazardKind::IndexDropped,
        format!("drops index {index}: queries that used it may get slower"),
    )
}
