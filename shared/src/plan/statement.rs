//! What the planner hands out: options, statements with their hazards and lock information, and
//! the ordered plan. The building helpers ([`stmt`], [`hazard`]) are what every construction site
//! in the planner uses, so a new field gets its default in one place.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::locks::LockInfo;
use super::op::Op;

/// Planning options.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanOptions {
    /// Prefer online-friendly forms, which hold the locks that block reads and writes only for an
    /// instant: `CREATE/DROP INDEX CONCURRENTLY` (a changed index is built under a temporary name
    /// before the old one goes), foreign keys and checks added `NOT VALID` then validated in a
    /// transaction of their own, and `SET NOT NULL` proven by a validated check first.
    #[serde(default)]
    pub online: bool,
}

/// What can go wrong with a statement, or what it is worth knowing before it runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum HazardKind {
    /// Data is deleted or cannot be brought back.
    DeletesData,
    /// Fails if existing rows violate it.
    MayFailOnExistingData,
    /// Takes a lock that blocks reads and writes (ACCESS EXCLUSIVE) or writes (SHARE, while an
    /// index builds) on an existing table, or rewrites it. The statement's [`Statement::lock`]
    /// says which lock and whether the table is scanned or rewritten under it.
    LocksTable,
    /// Cannot run inside a transaction block.
    NotTransactional,
    /// Re-creates something the other direction dropped: its data is not restored.
    DataNotRestored,
    /// Builds an index on an existing table (concurrently or not): it reads the whole table, so
    /// it takes time and I/O proportional to the table's size. Information, not a risk.
    IndexBuild,
    /// Drops an index that nothing replaces under its name: queries that used it may get slower.
    /// Information, not a risk.
    IndexDropped,
    /// Changes who can read or write rows of an existing table: row-level security switched, a
    /// policy added, dropped or changed.
    AuthorizationChange,
}

crate::unit_enum::unit_enum!(HazardKind {
    DeletesData = "deletes_data",
    MayFailOnExistingData = "may_fail_on_existing_data",
    LocksTable = "locks_table",
    NotTransactional = "not_transactional",
    DataNotRestored = "data_not_restored",
    IndexBuild = "index_build",
    IndexDropped = "index_dropped",
    AuthorizationChange = "authorization_change",
});

impl HazardKind {
    /// The machine name, as serialized (`deletes_data`): what the API's `allow_hazards` and the
    /// UI's `data-kind` attributes carry.
    pub fn name(&self) -> &'static str {
        match self {
            HazardKind::DeletesData => "deletes_data",
            HazardKind::MayFailOnExistingData => "may_fail_on_existing_data",
            HazardKind::LocksTable => "locks_table",
            HazardKind::NotTransactional => "not_transactional",
            HazardKind::DataNotRestored => "data_not_restored",
            HazardKind::IndexBuild => "index_build",
            HazardKind::IndexDropped => "index_dropped",
            HazardKind::AuthorizationChange => "authorization_change",
        }
    }

    /// The kind whose [`HazardKind::name`] is `name` (read by serde, so it cannot disagree).
    pub fn from_name(name: &str) -> Option<HazardKind> {
        use serde::de::value::{Error, StrDeserializer};
        HazardKind::deserialize(StrDeserializer::<Error>::new(name)).ok()
    }

    /// The label used in SQL comments and the UI.
    pub fn label(&self) -> &'static str {
        match self {
            HazardKind::DeletesData => "deletes data",
            HazardKind::MayFailOnExistingData => "may fail on existing data",
            HazardKind::LocksTable => "locks or rewrites the table",
            HazardKind::NotTransactional => "not transactional",
            HazardKind::DataNotRestored => "data not restored",
            HazardKind::IndexBuild => "builds an index",
            HazardKind::IndexDropped => "drops an index",
            HazardKind::AuthorizationChange => "changes who can read or write",
        }
    }
}

/// One hazard of a statement, with an explanation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hazard {
    /// The kind.
    pub kind: HazardKind,
    /// Why, in words.
    pub message: String,
}

/// One planned statement: an [`Op`] with its SQL, what it takes and risks, and the change it
/// came from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "StatementRepr")]
pub struct Statement {
    /// What it does, as data. Read back as [`Op::Sql`] when the JSON has none.
    pub op: Op,
    /// The SQL (the [`Statement::op`] printed), ending with `;`.
    pub sql: String,
    /// Whether it may run inside a transaction.
    pub transactional: bool,
    /// Run in a transaction of its own, committing what came before (and committed before what
    /// follows). Set where a long statement must not extend the hold of a stronger lock taken
    /// earlier in the same transaction: `VALIDATE CONSTRAINT` scans the table under SHARE UPDATE
    /// EXCLUSIVE, but after an `ADD CONSTRAINT … NOT VALID` in the same transaction the table
    /// would stay ACCESS EXCLUSIVE locked for the whole scan. Only meaningful when
    /// [`Statement::transactional`] (a non-transactional statement always runs alone).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub own_transaction: bool,
    /// The strongest lock the statement takes on an existing table, and what it does to the
    /// table's rows while holding it. `None` when it locks no existing table (a new table, a
    /// type, a schema, a view, a sequence).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lock: Option<LockInfo>,
    /// Its hazards.
    pub hazards: Vec<Hazard>,
    /// The change it came from, in words (`modify table wealth: add column status`).
    pub source: String,
    /// The statement that undoes this one on its own ([`Op::reverse`] printed), when there is one
    /// that needs nothing but the statement itself (renames, added columns, tables, indexes and constraints, NOT NULL).
    /// `None` for what cannot be undone without the old definition or the lost data (drops, type
    /// changes, defaults): the down plan ([`super::reverse`]) covers those, and says where data is
    /// not restored.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reverse: Option<String>,
}

/// The comment [`Plan::to_sql`] writes above a statement that must run in a transaction of its
/// own (what came before committed first): a `VALIDATE CONSTRAINT` after its `NOT VALID` add.
pub const OWN_TRANSACTION_MARK: &str = "-- joinery: own transaction";

/// An ordered migration.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Plan {
    /// The statements in the order they must run.
    pub statements: Vec<Statement>,
}

impl Plan {
    /// True when there is nothing to do.
    pub fn is_empty(&self) -> bool {
        self.statements.is_empty()
    }

    /// The migration as SQL text, hazards as `-- hazard: <kind>: <text>` comments above each
    /// statement, and [`OWN_TRANSACTION_MARK`] above a statement that must commit on its own,
    /// so a migration folder applied by `joinery apply` keeps both.
    pub fn to_sql(&self) -> String {
        let mut out = String::new();
        for s in &self.statements {
            write_script_statement(&mut out, &s.hazards, s.own_transaction, &s.sql);
        }
        out
    }

    /// Every hazard kind present.
    pub fn hazard_kinds(&self) -> BTreeSet<HazardKind> {
        self.statements
            .iter()
            .flat_map(|s| s.hazards.iter().map(|h| h.kind))
            .collect()
    }
}

/// Appends one statement to a migration script: its hazards as `-- hazard: <label>: <why>`
/// comments, [`OWN_TRANSACTION_MARK`] when it must commit on its own, the SQL (with a `;` added
/// when it has none, as statements read from migration files do not) and a blank line. The one
/// writer of the format, used by [`Plan::to_sql`] and by `wire::script` (what the UI downloads),
/// and read back by the apply engine's migration-file reader.
pub fn write_script_statement(
    out: &mut String,
    hazards: &[Hazard],
    own_transaction: bool,
    sql: &str,
) {
    for h in hazards {
        out.push_str(&format!("-- hazard: {}: {}\n", h.kind.label(), h.message));
    }
    if own_transaction {
        out.push_str(OWN_TRANSACTION_MARK);
        out.push('\n');
    }
    out.push_str(sql);
    if !sql.trim_end().ends_with(';') {
        out.push(';');
    }
    out.push_str("\n\n");
}

/// [`Statement`] as read: its op may be missing (JSON written before ops, or by hand).
#[derive(Deserialize)]
struct StatementRepr {
    #[serde(default)]
    op: Option<Op>,
    sql: String,
    transactional: bool,
    #[serde(default)]
    own_transaction: bool,
    #[serde(default)]
    lock: Option<LockInfo>,
    hazards: Vec<Hazard>,
    source: String,
    #[serde(default)]
    reverse: Option<String>,
}

impl From<StatementRepr> for Statement {
    fn from(r: StatementRepr) -> Statement {
        Statement {
            op: r.op.unwrap_or_else(|| Op::Sql { sql: r.sql.clone() }),
            sql: r.sql,
            transactional: r.transactional,
            own_transaction: r.own_transaction,
            lock: r.lock,
            hazards: r.hazards,
            source: r.source,
            reverse: r.reverse,
        }
    }
}

impl Statement {
    /// The statement running `op`, with no lock on an existing table: its SQL is the op's, its
    /// [`Statement::reverse`] the op's [`Op::reverse`], and whether it runs in a transaction (with
    /// the [`HazardKind::NotTransactional`] hazard when not) and in one of its own come from the
    /// op ([`Op::not_transactional`], [`Op::own_transaction`]).
    pub fn new(op: Op, source: &str) -> Statement {
        let why = op.not_transactional();
        let s = Statement {
            sql: op.to_string(),
            transactional: why.is_none(),
            own_transaction: op.own_transaction(),
            lock: None,
            hazards: Vec::new(),
            source: source.to_string(),
            reverse: op.reverse().ok().map(|r| r.to_string()),
            op,
        };
        match why {
            Some(why) => hazard(s, HazardKind::NotTransactional, why),
            None => s,
        }
    }
}

/// [`Statement::new`]: construction sites add hazards and locks with [`hazard`] and [`locked`].
pub(super) fn stmt(op: Op, source: &str) -> Statement {
    Statement::new(op, source)
}

/// `s` with one more hazard.
pub(super) fn hazard(mut s: Statement, kind: HazardKind, message: impl Into<String>) -> Statement {
    s.hazards.push(Hazard {
        kind,
        message: message.into(),
    });
    s
}

/// `s` on a relation that exists when it runs: it takes the lock its op takes ([`Op::lock`]),
/// with the [`HazardKind::LocksTable`] hazard when the lock earns it ([`LockInfo::locks_table`])
/// or the op is a structural change always worth that review ([`Op::flags_lock`]).
pub(super) fn locked(s: Statement) -> Statement {
    let Some(info) = s.op.lock() else {
        return s;
    };
    let flag = info.locks_table() || s.op.flags_lock();
    with_lock(s, info, flag)
}

/// `s`, an `ADD FOREIGN KEY` on a table the same plan creates, recording the lock it takes on
/// the existing table it references ([`Op::referenced_lock`]).
pub(super) fn locked_referenced(s: Statement) -> Statement {
    match s.op.referenced_lock() {
        Some(info) => {
            let flag = info.locks_table();
            with_lock(s, info, flag)
        }
        None => s,
    }
}

fn with_lock(mut s: Statement, info: LockInfo, flag: bool) -> Statement {
    let message = info.message();
    s.lock = Some(info);
    if flag {
        s = hazard(s, HazardKind::LocksTable, message);
    }
    s
}
