//! The JSON the server's API sends and receives, defined once: the backend serializes these types
//! and the browser deserializes the same ones, so a field renamed on one side cannot silently
//! vanish on the other.
//!
//! The shapes are the API's (field names, nesting, `null`s) and stay stable; fields a client can
//! live without carry `#[serde(default)]`, so a UI talking to a slightly different server still
//! reads what it needs. Statements carry the planner's own types ([`Hazard`], [`LockInfo`]), so
//! nothing re-parses strings to learn a hazard's kind or a lock's level.
//!
//! Timestamps are RFC 3339 strings in UTC ([`Timestamp`]): the pure core has no clock and no
//! date library, and the UI only shows and sorts them. The server converts from its
//! `chrono::DateTime<Utc>` at the boundary.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::model::Document;
mod repr;

use crate::plan::{write_script_statement, Hazard, HazardKind, LockInfo, Plan, Statement};

/// An instant as RFC 3339 in UTC (`2026-01-31T12:00:00.123456Z`).
pub type Timestamp = String;

// ----- projects and versions ---------------------------------------------------------------------

/// A project as listed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProjectSummary {
    /// Stable id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// The draft's revision; every successful save increments it.
    pub revision: i64,
    /// When the project was created.
    #[serde(default)]
    pub created_at: Timestamp,
    /// Last change to the project or its draft.
    #[serde(default)]
    pub updated_at: Timestamp,
    /// How many versions were saved.
    #[serde(default)]
    pub version_count: i64,
}

/// A project with its working draft.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Project {
    /// The listed fields.
    #[serde(flatten)]
    pub summary: ProjectSummary,
    /// The working draft (schema and layout).
    pub draft: Document,
}

/// The working draft of a project.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    /// The revision the document is at.
    pub revision: i64,
    /// The document.
    pub document: Document,
    /// When it was last saved.
    #[serde(default)]
    pub updated_at: Timestamp,
}

/// A saved, immutable version of a project's schema.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct VersionInfo {
    /// 1, 2, 3... within the project; also the number of its migration.
    pub number: i64,
    /// What changed, as the author wrote it.
    pub message: String,
    /// The version this one was made after (its migration starts there); `None` for the first.
    #[serde(default)]
    pub parent: Option<i64>,
    /// sha256 (hex) of the canonical JSON of the schema (layout excluded).
    #[serde(default)]
    pub content_hash: String,
    /// When it was saved.
    #[serde(default)]
    pub created_at: Timestamp,
    /// The name of the migration from the parent, `NNNN_<slug>`.
    #[serde(default)]
    pub migration_name: String,
}

/// A version with its document.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Version {
    /// The listed fields.
    #[serde(flatten)]
    pub info: VersionInfo,
    /// The snapshot (schema and layout).
    pub document: Document,
}

// ----- migrations and their statements -----------------------------------------------------------

/// One statement of a migration, as stored, applied and shown: the planner's [`Statement`]
/// without what only the planner needs (the undo statement), with `source` and `lock` optional
/// because a migration read from a file has neither.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MigrationStatement {
    /// The SQL of one statement (the planner's end with `;`, a file's do not).
    pub sql: String,
    /// False for statements PostgreSQL refuses inside a transaction block
    /// (`CREATE INDEX CONCURRENTLY`, `ALTER TYPE ... ADD VALUE`).
    #[serde(default = "yes")]
    pub transactional: bool,
    /// Hazards the planner flagged (data loss, locks, ...), each as `{kind, label, message}`
    /// (the label so a client needs no table of them).
    #[serde(default, skip_serializing_if = "Vec::is_empty", with = "labelled")]
    pub hazards: Vec<Hazard>,
    /// The design change it comes from, in words (absent for migrations read from files).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The lock it takes, on which table, and whether it scans or rewrites it (absent for
    /// migrations read from files).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lock: Option<LockInfo>,
    /// Must commit on its own: what came before is committed first and it runs in a transaction
    /// of its own (see [`Statement::own_transaction`]).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub own_transaction: bool,
}

fn yes() -> bool {
    true
}

impl From<&Statement> for MigrationStatement {
    fn from(s: &Statement) -> Self {
        MigrationStatement {
            sql: s.sql.clone(),
            transactional: s.transactional,
            hazards: s.hazards.clone(),
            source: Some(s.source.clone()),
            lock: s.lock.clone(),
            own_transaction: s.own_transaction,
        }
    }
}

impl MigrationStatement {
    /// Whether running it loses data (dropped, or re-created empty).
    pub fn loses_data(&self) -> bool {
        self.hazards.iter().any(|h| {
            matches!(
                h.kind,
                HazardKind::DeletesData | HazardKind::DataNotRestored
            )
        })
    }
}

/// The script of a list of statements, written exactly as [`Plan::to_sql`] writes a plan
/// (hazards and the own-transaction mark as comments above each statement), so a downloaded
/// `.sql` file applied with `joinery apply` asks for the same consent as the console.
pub fn script(statements: &[MigrationStatement]) -> String {
    let mut out = String::new();
    for s in statements {
        write_script_statement(&mut out, &s.hazards, s.own_transaction, &s.sql);
    }
    out
}

/// `{kind, label, message}` for each hazard: [`Hazard`] plus its kind's label on the way out;
/// the label is ignored on the way in (the kind says it).
mod labelled {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    use crate::plan::{Hazard, HazardKind};

    #[derive(Serialize)]
    struct Out<'a> {
        kind: HazardKind,
        label: &'static str,
        message: &'a str,
    }

    #[derive(Deserialize)]
    struct In {
        kind: HazardKind,
        #[serde(default)]
        message: String,
    }

    pub(super) fn serialize<S: Serializer>(hazards: &[Hazard], s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(hazards.iter().map(|h| Out {
            kind: h.kind,
            label: h.kind.label(),
            message: &h.message,
        }))
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Hazard>, D::Error> {
        Ok(Vec::<In>::deserialize(d)?
            .into_iter()
            .map(|h| Hazard {
                kind: h.kind,
                message: h.message,
            })
            .collect())
    }
}

/// The hazard kinds an apply runs only with explicit consent (`allow_hazards`), in the order a
/// client asks for them. The others (`not_transactional`, index builds and drops) are
/// information, not risk.
pub const CONSENT_KINDS: [HazardKind; 5] = [
    HazardKind::DeletesData,
    HazardKind::DataNotRestored,
    HazardKind::MayFailOnExistingData,
    HazardKind::LocksTable,
    HazardKind::AuthorizationChange,
];

/// A migration plan between two schemas: the statements and the script as the planner prints it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlannedMigration {
    /// The statements in order, with transactional flags and hazards.
    #[serde(default)]
    pub statements: Vec<MigrationStatement>,
    /// The whole script as [`Plan::to_sql`] prints it (hazards as comments).
    #[serde(default)]
    pub sql: String,
}

impl PlannedMigration {
    /// True when the two schemas are equivalent.
    pub fn is_empty(&self) -> bool {
        self.statements.is_empty()
    }
}

impl From<&Plan> for PlannedMigration {
    fn from(plan: &Plan) -> Self {
        PlannedMigration {
            statements: plan
                .statements
                .iter()
                .map(MigrationStatement::from)
                .collect(),
            sql: plan.to_sql(),
        }
    }
}

/// A stored migration: the way from a version's parent to the version.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StoredMigration {
    /// The version it leads to (also its number in the target's history).
    pub version: i64,
    /// `NNNN_<slug>`.
    pub name: String,
    /// The full SQL script.
    pub sql: String,
    /// sha256 (hex) of `sql`.
    #[serde(default)]
    pub checksum: String,
    /// The statements with their transactional flags.
    #[serde(default)]
    pub statements: Vec<MigrationStatement>,
    /// When it was generated.
    #[serde(default)]
    pub created_at: Timestamp,
}

/// `GET /api/projects/{id}/diff?from=&to=`: the migration between two states of a project.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(from = "repr::DiffResponseRepr")]
pub struct DiffResponse {
    /// From which state (a version number, `draft` or `empty`).
    pub from: String,
    /// To which state.
    pub to: String,
    /// Whether online-friendly statements were preferred.
    #[serde(default)]
    pub online: bool,
    /// The plan.
    #[serde(flatten)]
    pub plan: PlannedMigration,
}

// ----- targets -------------------------------------------------------------------------------------

/// Where a target's password comes from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PasswordSource {
    /// Encrypted in the store with the server's secret key.
    Stored,
    /// An environment variable of the server ([`Target::password_env`]).
    Env,
    /// None kept: `PGPASSWORD` or `~/.pgpass` of the server, or no password at all.
    #[default]
    None,
}

crate::unit_enum::unit_enum!(PasswordSource {
    Stored = "stored",
    Env = "env",
    None = "none",
});

/// A target database as shown to clients: the URL never carries a password.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(from = "repr::TargetRepr")]
pub struct Target {
    /// Stable id.
    pub id: String,
    /// The project it belongs to.
    #[serde(default)]
    pub project_id: String,
    /// Display name, unique within the project.
    pub name: String,
    /// The connection URL with the password removed.
    pub url: String,
    /// Where the password comes from.
    #[serde(default)]
    pub password: PasswordSource,
    /// The environment variable holding the password, when [`PasswordSource::Env`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password_env: Option<String>,
    /// When it was added.
    #[serde(default)]
    pub created_at: Timestamp,
    /// When it was last changed.
    #[serde(default)]
    pub updated_at: Timestamp,
    /// Defaults for this target's applies (a run may override them).
    #[serde(flatten)]
    pub defaults: TargetDefaults,
}

impl Target {
    /// Says where the password is, for the target card.
    pub fn password_note(&self) -> String {
        match (self.password, &self.password_env) {
            (PasswordSource::Stored, _) => "password stored encrypted on the server".into(),
            (PasswordSource::Env, Some(var)) => format!("password from the server's ${var}"),
            _ => "no password stored (PGPASSWORD / ~/.pgpass of the server)".into(),
        }
    }
}

/// A target's own defaults for applies; `None` means the server's default.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TargetDefaults {
    /// `lock_timeout` of every statement, in ms (the server's default: 5000).
    #[serde(default)]
    pub lock_timeout_ms: Option<u64>,
    /// `statement_timeout` of every statement, in ms (0: none; the server's default: none).
    #[serde(default)]
    pub statement_timeout_ms: Option<u64>,
    /// How often a lock timeout is retried (the server's default: 3).
    #[serde(default)]
    pub lock_retries: Option<u32>,
}

/// `{code, message}`: an error as the API reports it inside an answer.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    /// Machine-readable.
    #[serde(default)]
    pub code: String,
    /// Human-readable.
    #[serde(default)]
    pub message: String,
}

/// `POST .../targets/{tid}/test`: always 200, `{ok: true, server_version}` or
/// `{ok: false, error: {code, message}}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TestResult {
    /// Connected.
    pub ok: bool,
    /// `SHOW server_version`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server_version: Option<String>,
    /// Why not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<ErrorBody>,
}

/// One table's size on a target, as its catalog estimates it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TableSize {
    /// `schema.table`, as the planner names the relation a statement locks.
    pub relation: String,
    /// `reltuples`: estimated rows (-1 when the table was never analyzed).
    pub rows: i64,
    /// `pg_total_relation_size`: bytes with indexes and TOAST.
    pub bytes: i64,
}

impl TableSize {
    /// `~12000 rows, 3.4 MB`.
    pub fn describe(&self) -> String {
        let rows = if self.rows < 0 {
            "rows not counted yet (never analyzed)".to_string()
        } else {
            format!("~{} rows", self.rows)
        };
        let b = self.bytes as f64;
        let size = if b >= 1e9 {
            format!("{:.1} GB", b / 1e9)
        } else if b >= 1e6 {
            format!("{:.1} MB", b / 1e6)
        } else {
            format!("{:.0} kB", (b / 1e3).max(1.0))
        };
        format!("{rows}, {size}")
    }
}

// ----- a target's history and drift --------------------------------------------------------------

/// One row of a target's `joinery.schema_migrations`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryRow {
    /// Migration version.
    pub version: i64,
    /// Migration name.
    pub name: String,
    /// Checksum of the SQL that was applied.
    #[serde(default)]
    pub checksum: String,
    /// When the (last) attempt started.
    #[serde(default)]
    pub started_at: Timestamp,
    /// When it finished (success or failure); `None` while a non-transactional migration is
    /// part way.
    #[serde(default)]
    pub finished_at: Option<Timestamp>,
    /// Duration of the attempt.
    #[serde(default)]
    pub execution_ms: Option<i64>,
    /// Statements committed so far.
    #[serde(default)]
    pub statements_applied: i32,
    /// Statements in the migration.
    #[serde(default)]
    pub statements_total: i32,
    /// True once the whole migration is applied.
    #[serde(default)]
    pub success: bool,
    /// The database's message for a failed attempt.
    #[serde(default)]
    pub error: Option<String>,
    /// The statement that failed.
    #[serde(default)]
    pub failed_statement: Option<String>,
    /// How the version got there: `migration` (its stored migration ran), `direct` (planned
    /// from the live schema), `skipped` (passed over by a direct apply to a later version),
    /// `baseline` (recorded as already there) or `declarative` (`joinery apply --to`).
    #[serde(default = "default_via")]
    pub applied_via: String,
}

fn default_via() -> String {
    "migration".into()
}

/// A migration the project has but the target has not applied.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotApplied {
    /// Its version.
    pub version: i64,
    /// Its name.
    pub name: String,
}

/// An applied migration whose checksum no longer matches.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mismatch {
    /// Its version.
    pub version: i64,
    /// Its name.
    pub name: String,
    /// What the target recorded.
    #[serde(default)]
    pub applied_checksum: String,
    /// What the migration has now.
    #[serde(default)]
    pub expected_checksum: String,
}

/// Where a target stands against a list of migrations.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TargetStatus {
    /// Successfully applied, matching checksums.
    #[serde(default)]
    pub applied: Vec<HistoryRow>,
    /// Not applied yet (including failed or partly applied ones).
    #[serde(default)]
    pub pending: Vec<NotApplied>,
    /// History rows of failed or interrupted attempts.
    #[serde(default)]
    pub failed: Vec<HistoryRow>,
    /// Applied with a different checksum than the migration has now.
    #[serde(default)]
    pub mismatched: Vec<Mismatch>,
    /// Applied migrations the list does not know.
    #[serde(default)]
    pub unknown: Vec<HistoryRow>,
    /// The highest successfully applied known version: the design the database should match.
    #[serde(default)]
    pub last_applied: Option<i64>,
}

/// The difference between a design and a database (`GET .../targets/{tid}/drift`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Drift {
    /// The version whose schema the history says the database has (`null`: nothing applied, or
    /// compared with a design that is no version).
    #[serde(default)]
    pub expected_version: Option<i64>,
    /// True when neither direction has any statement.
    pub in_sync: bool,
    /// SQL that makes the database match the design.
    pub to_database: PlannedMigration,
    /// SQL from the design to the database (what was changed by hand).
    pub to_design: PlannedMigration,
    /// The database as a document (design ids and layout kept where objects match).
    pub database_document: Document,
}

// ----- applies -----------------------------------------------------------------------------------

/// A migration that will run (or would, in a dry run).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingMigration {
    /// Its version.
    pub version: i64,
    /// Its name.
    pub name: String,
    /// Its checksum (what a direct apply sends back as `reviewed_checksum`).
    pub checksum: String,
    /// Statements a previous, interrupted attempt already committed (they are skipped).
    #[serde(default)]
    pub resume_at: usize,
    /// A previous attempt was cut off (not failed) right before statement `resume_at`, which
    /// may have finished without being recorded.
    #[serde(default)]
    pub interrupted: bool,
    /// The statements.
    #[serde(default)]
    pub statements: Vec<MigrationStatement>,
}

/// A migration that was applied by a run.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppliedMigration {
    /// Its version.
    pub version: i64,
    /// Its name.
    pub name: String,
    /// How long it took.
    pub execution_ms: i64,
    /// Statements run by this run.
    pub statements: usize,
}

/// The outcome of a successful run, or what a dry run would do.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplyReport {
    /// True when nothing was executed.
    #[serde(default)]
    pub dry_run: bool,
    /// Versions that were already applied before this run.
    #[serde(default)]
    pub already_applied: Vec<i64>,
    /// What would run (dry run) or what ran.
    #[serde(default)]
    pub pending: Vec<PendingMigration>,
    /// What this run applied (empty for a dry run).
    #[serde(default)]
    pub applied: Vec<AppliedMigration>,
}

/// One run of "apply to a target", as the audit trail keeps it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ApplyRun {
    /// Stable id.
    pub id: String,
    /// The project.
    #[serde(default)]
    pub project_id: String,
    /// The target.
    pub target_id: String,
    /// `running`, `succeeded`, `failed`, or `interrupted` (the server stopped during the run).
    pub status: String,
    /// The outcome (an [`ApplyReport`] or an `{code, message, detail}` error), once finished.
    #[serde(default)]
    pub result: Option<Value>,
    /// When it started.
    pub started_at: Timestamp,
    /// When it finished.
    #[serde(default)]
    pub finished_at: Option<Timestamp>,
    /// What was asked: `migrations` (the pending versions), `direct` (a version planned from
    /// the live schema) or `baseline`.
    #[serde(default)]
    pub kind: String,
    /// Who started it: the session's name or `api token`.
    #[serde(default)]
    pub actor: Option<String>,
    /// From where: the client's address and user agent.
    #[serde(default)]
    pub client: Option<String>,
    /// The target's name when the run started (kept when the target is removed).
    #[serde(default)]
    pub target_name: Option<String>,
    /// The target's URL without password, when the run started.
    #[serde(default)]
    pub target_url: Option<String>,
    /// The version a `direct` or `baseline` run goes to.
    #[serde(default)]
    pub to_version: Option<i64>,
    /// The exact SQL the run was to execute, statement by statement, once known.
    #[serde(default)]
    pub sql: Option<String>,
}

impl ApplyRun {
    /// The error message of a failed run.
    pub fn error(&self) -> Option<String> {
        (self.status == "failed").then(|| {
            self.result
                .as_ref()
                .and_then(|r| r.get("message"))
                .and_then(Value::as_str)
                .unwrap_or("failed")
                .to_string()
        })
    }
}

/// `POST .../targets/{tid}/apply` without `wait` (202): where to follow the run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ApplyStarted {
    /// The run.
    pub apply_id: String,
    /// Where its Server-Sent Events are.
    pub events_url: String,
    /// The run as recorded when it started.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub run: Option<ApplyRun>,
}

/// One reading of PostgreSQL's `pg_stat_progress_create_index` for an index being built.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndexProgress {
    /// PostgreSQL's phase (`building index: scanning table`, `waiting for old snapshots`, ...).
    pub phase: String,
    /// Blocks processed in the current phase.
    pub blocks_done: i64,
    /// Blocks of the current phase (0 when unknown).
    pub blocks_total: i64,
    /// Tuples processed in the current phase.
    pub tuples_done: i64,
    /// Tuples of the current phase (0 when unknown).
    pub tuples_total: i64,
}

/// What a run reports as it goes (streamed to the browser as Server-Sent Events).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(
    tag = "event",
    rename_all = "snake_case",
    try_from = "repr::ApplyEventRepr"
)]
pub enum ApplyEvent {
    /// Another apply holds the lock; this one waits for it to finish.
    WaitingForLock {},
    /// The advisory lock is held (after waiting `waited_ms` for another apply).
    Locked {
        /// Time spent waiting for the lock.
        waited_ms: i64,
    },
    /// What is already applied and what will run.
    Plan {
        /// Versions already applied.
        applied: Vec<i64>,
        /// Migrations about to run, in order.
        pending: Vec<PendingMigration>,
    },
    /// A migration starts.
    MigrationStarted {
        /// Its version.
        version: i64,
        /// Its name.
        name: String,
        /// Statements it has.
        total: usize,
        /// Statements skipped because an earlier attempt committed them.
        resumed_at: usize,
    },
    /// One statement finished.
    Statement {
        /// The migration.
        version: i64,
        /// 0-based statement index.
        index: usize,
        /// Statements in the migration.
        total: usize,
        /// The statement.
        sql: String,
        /// Whether it ran inside a transaction.
        transactional: bool,
        /// How long it took.
        ms: i64,
    },
    /// A migration is applied and recorded.
    MigrationFinished {
        /// Its version.
        version: i64,
        /// Its name.
        name: String,
        /// How long it took.
        execution_ms: i64,
    },
    /// A statement did not get its lock within `lock_timeout`: the segment was rolled back and
    /// is tried again after `wait_ms`.
    LockRetry {
        /// The migration.
        version: i64,
        /// 0-based index of the statement that waited.
        statement_index: usize,
        /// This retry's number (1-based).
        attempt: u32,
        /// Retries allowed.
        of: u32,
        /// The wait before it.
        wait_ms: i64,
        /// The database's message.
        error: String,
    },
    /// How far a concurrent index build is (read once a second while it runs).
    IndexProgress {
        /// The migration.
        version: i64,
        /// 0-based index of the statement building the index.
        statement_index: usize,
        /// The reading.
        #[serde(flatten)]
        progress: IndexProgress,
    },
    /// A migration failed; its transaction was rolled back and the failure recorded.
    MigrationFailed {
        /// Its version.
        version: i64,
        /// Its name.
        name: String,
        /// 0-based index of the failing statement.
        statement_index: usize,
        /// The failing statement.
        statement: String,
        /// The database's message.
        error: String,
    },
}

impl ApplyEvent {
    /// Every event's name (its `event` tag, and the Server-Sent Event's name), for a client
    /// subscribing to them all. A run's stream ends with `finished` (an [`ApplyReport`]) or
    /// `failed` (`{code, message, detail}`), which are not progress events.
    pub const NAMES: [&'static str; 9] = [
        "waiting_for_lock",
        "locked",
        "plan",
        "migration_started",
        "statement",
        "migration_finished",
        "lock_retry",
        "index_progress",
        "migration_failed",
    ];
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::{HazardKind, LockLevel, TableEffect};

    #[test]
    fn statements_keep_their_json_shape() {
        let st = MigrationStatement {
            sql: "ALTER TABLE t DROP COLUMN c;".into(),
            transactional: true,
            hazards: vec![Hazard {
                kind: HazardKind::DeletesData,
                message: "drops c".into(),
            }],
            source: Some("modify table t".into()),
            lock: Some(LockInfo::new(
                LockLevel::AccessExclusive,
                "public.t",
                TableEffect::None,
            )),
            own_transaction: false,
        };
        let json = serde_json::to_value(&st).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "sql": "ALTER TABLE t DROP COLUMN c;",
                "transactional": true,
                "hazards": [{"kind": "deletes_data", "label": "deletes data", "message": "drops c"}],
                "source": "modify table t",
                "lock": {"level": "access_exclusive", "relation": "public.t", "effect": "none"},
            })
        );
        let back: MigrationStatement = serde_json::from_value(json).unwrap();
        assert_eq!(back, st);
        // A file's statement: only the SQL.
        let bare: MigrationStatement = serde_json::from_str(r#"{"sql": "SELECT 1"}"#).unwrap();
        assert!(bare.transactional && bare.hazards.is_empty() && bare.lock.is_none());
    }

    #[test]
    fn names_are_the_serialized_names() {
        for kind in [
            HazardKind::DeletesData,
            HazardKind::MayFailOnExistingData,
            HazardKind::LocksTable,
            HazardKind::NotTransactional,
            HazardKind::DataNotRestored,
            HazardKind::IndexBuild,
            HazardKind::IndexDropped,
        ] {
            assert_eq!(serde_json::to_value(kind).unwrap(), kind.name());
            assert_eq!(HazardKind::from_name(kind.name()), Some(kind));
        }
        assert_eq!(HazardKind::from_name("everything"), None);
        for level in [
            LockLevel::AccessExclusive,
            LockLevel::Exclusive,
            LockLevel::ShareRowExclusive,
            LockLevel::Share,
            LockLevel::ShareUpdateExclusive,
            LockLevel::RowExclusive,
        ] {
            assert_eq!(serde_json::to_value(level).unwrap(), level.name());
        }
    }

    #[test]
    fn every_event_name_is_listed() {
        let progress = IndexProgress {
            phase: "building index".into(),
            blocks_done: 1,
            blocks_total: 2,
            tuples_done: 0,
            tuples_total: 0,
        };
        let events = [
            ApplyEvent::WaitingForLock {},
            ApplyEvent::Locked { waited_ms: 0 },
            ApplyEvent::Plan {
                applied: vec![],
                pending: vec![],
            },
            ApplyEvent::MigrationStarted {
                version: 1,
                name: "0001_x".into(),
                total: 1,
                resumed_at: 0,
            },
            ApplyEvent::Statement {
                version: 1,
                index: 0,
                total: 1,
                sql: "SELECT 1".into(),
                transactional: true,
                ms: 1,
            },
            ApplyEvent::MigrationFinished {
                version: 1,
                name: "0001_x".into(),
                execution_ms: 1,
            },
            ApplyEvent::LockRetry {
                version: 1,
                statement_index: 0,
                attempt: 1,
                of: 3,
                wait_ms: 10,
                error: "e".into(),
            },
            ApplyEvent::IndexProgress {
                version: 1,
                statement_index: 0,
                progress,
            },
            ApplyEvent::MigrationFailed {
                version: 1,
                name: "0001_x".into(),
                statement_index: 0,
                statement: "SELECT 1".into(),
                error: "e".into(),
            },
        ];
        let names: Vec<String> = events
            .iter()
            .map(|e| {
                let json = serde_json::to_value(e).unwrap();
                assert_eq!(
                    &serde_json::from_value::<ApplyEvent>(json.clone()).unwrap(),
                    e
                );
                json["event"].as_str().unwrap().to_string()
            })
            .collect();
        assert_eq!(names, ApplyEvent::NAMES);
    }

    #[test]
    fn the_script_is_the_plans_script() {
        let plan = Plan {
            statements: vec![Statement {
                op: crate::plan::Op::ValidateConstraint {
                    table: crate::plan::Relation::new("public", "t"),
                    name: "c".into(),
                },
                sql: "ALTER TABLE t VALIDATE CONSTRAINT c;".into(),
                transactional: true,
                own_transaction: true,
                lock: None,
                hazards: vec![Hazard {
                    kind: HazardKind::MayFailOnExistingData,
                    message: "rows may violate it".into(),
                }],
                source: "modify table t".into(),
                reverse: None,
            }],
        };
        let planned = PlannedMigration::from(&plan);
        assert_eq!(script(&planned.statements), plan.to_sql());
        // Statements read from a file have no `;`: the script adds it.
        let bare = MigrationStatement {
            sql: "SELECT 1".into(),
            transactional: true,
            hazards: vec![],
            source: None,
            lock: None,
            own_transaction: false,
        };
        assert_eq!(script(&[bare]), "SELECT 1;\n\n");
    }
}
