//! Lock information as data: which lock each planned statement takes on an existing table and
//! what it does to the rows under it, set where the statement is built (from what the planner
//! knows, never read back from the SQL), following PostgreSQL 15's documented lock levels:
//!
//! | statement | lock | effect |
//! | --- | --- | --- |
//! | most `ALTER TABLE` forms (add/drop/rename column, defaults, `DROP NOT NULL`, identity, drop or rename a constraint, rename or move the table), `DROP TABLE`, `DROP INDEX` (on the table) | ACCESS EXCLUSIVE | none |
//! | `ALTER COLUMN … TYPE` needing a rewrite, `ADD COLUMN` with a volatile default / identity / serial / stored generated expression, an enum rebuild's conversion | ACCESS EXCLUSIVE | rewrite |
//! | `SET NOT NULL` (unless a validated check proves it), `ADD CHECK`, `ADD PRIMARY KEY / UNIQUE` | ACCESS EXCLUSIVE | scan |
//! | `ADD CHECK … NOT VALID`, `SET NOT NULL` after a validated `IS NOT NULL` check | ACCESS EXCLUSIVE | none |
//! | `ADD FOREIGN KEY` (on both tables) | SHARE ROW EXCLUSIVE | scan, none if `NOT VALID` |
//! | `VALIDATE CONSTRAINT` | SHARE UPDATE EXCLUSIVE | scan |
//! | `CREATE INDEX` | SHARE | scan |
//! | `CREATE INDEX CONCURRENTLY` | SHARE UPDATE EXCLUSIVE | scan |
//! | `DROP INDEX CONCURRENTLY`, `ALTER INDEX … RENAME` (the index only), `COMMENT ON TABLE/COLUMN` | SHARE UPDATE EXCLUSIVE | none |
//!
//! No lock information: statements on a table the same plan creates, types, schemas, views,
//! sequences (and the `SELECT setval(…)` reads, which take only ACCESS SHARE).
//!
//! The [`super::HazardKind::LocksTable`] hazard is derived from the same data
//! ([`LockInfo::locks_table`], [`LockInfo::message`]), so its message always names the lock the
//! statement records.

use serde::{Deserialize, Serialize};

/// A table-level lock mode of PostgreSQL, strongest first (the ones DDL takes).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LockLevel {
    /// Conflicts with everything, plain `SELECT` included.
    AccessExclusive,
    /// Allows only reads (`SELECT`).
    Exclusive,
    /// Blocks writes and other schema changes; what `ADD FOREIGN KEY` takes on both tables.
    ShareRowExclusive,
    /// Blocks writes; what `CREATE INDEX` takes.
    Share,
    /// Blocks other schema changes and `VACUUM`, not reads or writes.
    ShareUpdateExclusive,
    /// What writes themselves take.
    RowExclusive,
}

crate::unit_enum::unit_enum!(LockLevel {
    AccessExclusive = "access_exclusive",
    Exclusive = "exclusive",
    ShareRowExclusive = "share_row_exclusive",
    Share = "share",
    ShareUpdateExclusive = "share_update_exclusive",
    RowExclusive = "row_exclusive",
});

impl LockLevel {
    /// The machine name, as serialized (`access_exclusive`): the UI's `data-level` attribute.
    pub fn name(&self) -> &'static str {
        match self {
            LockLevel::AccessExclusive => "access_exclusive",
            LockLevel::Exclusive => "exclusive",
            LockLevel::ShareRowExclusive => "share_row_exclusive",
            LockLevel::Share => "share",
            LockLevel::ShareUpdateExclusive => "share_update_exclusive",
            LockLevel::RowExclusive => "row_exclusive",
        }
    }

    /// The lock mode as PostgreSQL names it (`ACCESS EXCLUSIVE`, ...).
    pub fn label(&self) -> &'static str {
        match self {
            LockLevel::AccessExclusive => "ACCESS EXCLUSIVE",
            LockLevel::Exclusive => "EXCLUSIVE",
            LockLevel::ShareRowExclusive => "SHARE ROW EXCLUSIVE",
            LockLevel::Share => "SHARE",
            LockLevel::ShareUpdateExclusive => "SHARE UPDATE EXCLUSIVE",
            LockLevel::RowExclusive => "ROW EXCLUSIVE",
        }
    }

    /// Whether plain reads (`SELECT`, ACCESS SHARE) wait for it.
    pub fn blocks_reads(&self) -> bool {
        matches!(self, LockLevel::AccessExclusive)
    }

    /// Whether writes (`INSERT`/`UPDATE`/`DELETE`, ROW EXCLUSIVE) wait for it.
    pub fn blocks_writes(&self) -> bool {
        matches!(
            self,
            LockLevel::AccessExclusive
                | LockLevel::Exclusive
                | LockLevel::ShareRowExclusive
                | LockLevel::Share
        )
    }

    /// What waits for it, in words.
    fn blocks(&self) -> &'static str {
        match self {
            LockLevel::AccessExclusive => "blocks reads and writes",
            LockLevel::Exclusive | LockLevel::ShareRowExclusive | LockLevel::Share => {
                "blocks writes"
            }
            LockLevel::ShareUpdateExclusive => "blocks other schema changes, not reads or writes",
            LockLevel::RowExclusive => "blocks only SHARE and stronger locks",
        }
    }
}

/// What a statement does to the rows of the table it locks, while holding the lock: how long
/// the lock is held depends on it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TableEffect {
    /// Catalog only: the lock is held for an instant (once granted).
    #[default]
    None,
    /// Reads every row (`VALIDATE`, `SET NOT NULL` without a validated check, `ADD FOREIGN KEY`
    /// or `CHECK` without `NOT VALID`, primary key or unique added, an index built).
    Scan,
    /// Writes a new copy of the table (a type change that is not binary-coercible, `ADD COLUMN`
    /// with a volatile default, an identity or a stored generated expression).
    Rewrite,
}

crate::unit_enum::unit_enum!(TableEffect {
    None = "none",
    Scan = "scan",
    Rewrite = "rewrite",
});

impl TableEffect {
    /// In words (`none`, `scans every row`, `rewrites the table`).
    pub fn label(&self) -> &'static str {
        match self {
            TableEffect::None => "none",
            TableEffect::Scan => "scans every row",
            TableEffect::Rewrite => "rewrites the table",
        }
    }
}

/// The strongest lock a statement takes on an existing relation, and its effect on the rows.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct LockInfo {
    /// The lock mode.
    pub level: LockLevel,
    /// The locked relation, schema-qualified and unquoted, under the name it has when the
    /// statement runs (`public.users`). The table, except for `ALTER INDEX … RENAME`, which
    /// locks only the index it names; `ADD FOREIGN KEY` locks both tables and records the
    /// child, or the referenced table when the child is created by the same plan.
    pub relation: String,
    /// What happens to the rows while the lock is held.
    pub effect: TableEffect,
}

impl LockInfo {
    /// A lock on `relation`.
    pub fn new(level: LockLevel, relation: impl Into<String>, effect: TableEffect) -> LockInfo {
        LockInfo {
            level,
            relation: relation.into(),
            effect,
        }
    }

    /// One line for a statement list: `ACCESS EXCLUSIVE lock on public.t, rewrites it`.
    pub fn describe(&self) -> String {
        let effect = match self.effect {
            TableEffect::Rewrite => ", rewrites it",
            TableEffect::Scan => ", reads every row",
            TableEffect::None => "",
        };
        format!("{} lock on {}{effect}", self.level.label(), self.relation)
    }

    /// Whether the statement holding it earns the [`HazardKind::LocksTable`] hazard on its own:
    /// reads wait while every row is read or rewritten, writes wait while an index builds
    /// (SHARE), or the table is rewritten.
    pub fn locks_table(&self) -> bool {
        self.effect == TableEffect::Rewrite
            || self.level == LockLevel::Share
            || (self.level.blocks_reads() && self.effect == TableEffect::Scan)
    }

    /// The [`HazardKind::LocksTable`] message: the lock, what it blocks and, when the rows are
    /// read or rewritten under it, that (so how long it is held).
    pub fn message(&self) -> String {
        let level = self.level.label();
        let article = if level.starts_with(['A', 'E']) {
            "an"
        } else {
            "a"
        };
        let effect = match self.effect {
            TableEffect::None => String::new(),
            TableEffect::Scan => " and scans every row while holding it".into(),
            TableEffect::Rewrite => " and rewrites the table while holding it".into(),
        };
        format!(
            "takes {article} {level} lock on {} ({}){effect}",
            self.relation,
            self.level.blocks()
        )
    }
}

/// `schema.name`, unquoted: how [`LockInfo::relation`] names a relation.
pub(super) fn relation(schema: &str, name: &str) -> String {
    format!("{schema}.{name}")
}
