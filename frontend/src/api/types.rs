//! The JSON shapes of the server's answers, as the UI reads them (lenient: fields the UI does not
//! need may be missing, so a newer server still works).

use joinery_shared::model::Document;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A project as listed.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub struct ProjectSummary {
    /// Stable id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// The draft's revision.
    pub revision: i64,
    /// Last change (RFC 3339).
    #[serde(default)]
    pub updated_at: String,
    /// Saved versions.
    #[serde(default)]
    pub version_count: i64,
}

/// A project with its draft.
#[derive(Clone, Debug, Deserialize)]
pub struct Project {
    /// The listed fields.
    #[serde(flatten)]
    pub summary: ProjectSummary,
    /// The working draft.
    pub draft: Document,
}

/// The working draft.
#[derive(Clone, Debug, Deserialize)]
pub struct Draft {
    /// Its revision.
    pub revision: i64,
    /// The document.
    pub document: Document,
}

/// A version as listed.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct VersionInfo {
    /// 1, 2, ...
    pub number: i64,
    /// The author's message.
    pub message: String,
    /// The version it follows.
    #[serde(default)]
    pub parent: Option<i64>,
    /// When it was saved (RFC 3339).
    #[serde(default)]
    pub created_at: String,
    /// `NNNN_slug`.
    #[serde(default)]
    pub migration_name: String,
}

/// A version with its document.
#[derive(Clone, Debug, Deserialize)]
pub struct Version {
    /// The listed fields.
    #[serde(flatten)]
    pub info: VersionInfo,
    /// The snapshot.
    pub document: Document,
}

/// A hazard as the server reports it.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct HazardInfo {
    /// `deletes_data`, `may_fail_on_existing_data`, `locks_table`, `not_transactional`, ...
    pub kind: String,
    /// Words for the kind.
    #[serde(default)]
    pub label: String,
    /// Why.
    #[serde(default)]
    pub message: String,
}

/// One statement of a migration.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct StatementInfo {
    /// The SQL.
    pub sql: String,
    /// Whether it can run in a transaction.
    #[serde(default = "yes")]
    pub transactional: bool,
    /// Its hazards.
    #[serde(default)]
    pub hazards: Vec<HazardInfo>,
    /// The design change it comes from.
    #[serde(default)]
    pub source: Option<String>,
    /// The lock it takes and on which table.
    #[serde(default)]
    pub lock: Option<LockInfo>,
}

/// The lock a statement takes, as the planner says.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct LockInfo {
    /// `access_exclusive`, `share`, `share_row_exclusive`, `share_update_exclusive`, ...
    pub level: String,
    /// `schema.table`.
    pub relation: String,
    /// `none`, `scan` or `rewrite`.
    #[serde(default)]
    pub effect: String,
}

impl LockInfo {
    /// `ACCESS EXCLUSIVE lock on public.t, rewrites it`.
    pub fn describe(&self) -> String {
        let level = self.level.replace('_', " ").to_uppercase();
        let effect = match self.effect.as_str() {
            "rewrite" => ", rewrites it",
            "scan" => ", reads every row",
            _ => "",
        };
        format!("{level} lock on {}{effect}", self.relation)
    }
}

/// A table's size on a target (its catalog's estimate).
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct TableSize {
    /// `schema.table`.
    pub relation: String,
    /// Estimated rows (-1: never analyzed).
    pub rows: i64,
    /// Bytes with indexes and TOAST.
    pub bytes: i64,
}

impl TableSize {
    /// `~12,000 rows, 3.4 MB`.
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

/// One apply run, as the audit trail shows it.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct ApplyRun {
    /// Its id.
    pub id: String,
    /// The target's id.
    pub target_id: String,
    /// `running`, `succeeded`, `failed`, `interrupted`.
    pub status: String,
    /// The outcome (report or `{code, message}`).
    #[serde(default)]
    pub result: Option<Value>,
    /// When it started (RFC 3339).
    pub started_at: String,
    /// `migrations` or `direct`.
    #[serde(default)]
    pub kind: String,
    /// Who started it.
    #[serde(default)]
    pub actor: Option<String>,
    /// From where.
    #[serde(default)]
    pub client: Option<String>,
    /// The target's name then.
    #[serde(default)]
    pub target_name: Option<String>,
    /// The version of a direct run.
    #[serde(default)]
    pub to_version: Option<i64>,
    /// The SQL it was to run.
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

/// A migration a dry run says would run (for a direct apply: the plan from the live schema).
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct PendingInfo {
    /// Its version.
    pub version: i64,
    /// Its name.
    pub name: String,
    /// The checksum to send back as `reviewed_checksum`.
    pub checksum: String,
    /// The statements.
    #[serde(default)]
    pub statements: Vec<StatementInfo>,
}

/// What a dry run answers.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct DryRun {
    /// What would run.
    #[serde(default)]
    pub pending: Vec<PendingInfo>,
}

fn yes() -> bool {
    true
}

/// A stored migration.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct StoredMigration {
    /// The version it leads to.
    pub version: i64,
    /// `NNNN_slug`.
    pub name: String,
    /// The script.
    pub sql: String,
    /// The statements.
    #[serde(default)]
    pub statements: Vec<StatementInfo>,
}

/// A planned migration (diff endpoint, drift directions).
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct PlannedSql {
    /// The statements.
    #[serde(default)]
    pub statements: Vec<StatementInfo>,
    /// The script with hazards as comments.
    #[serde(default)]
    pub sql: String,
}

/// `GET /diff`.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct DiffPlan {
    /// From which state.
    pub from: String,
    /// To which state.
    pub to: String,
    /// The plan.
    #[serde(flatten)]
    pub plan: PlannedSql,
}

/// A target database (never with its password).
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Target {
    /// Stable id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// The URL without password.
    pub url: String,
    /// Where the password comes from: `stored` (encrypted on the server), `env` or `none`.
    #[serde(default)]
    pub password: String,
    /// The server environment variable with the password, for `env`.
    #[serde(default)]
    pub password_env: Option<String>,
    /// This target's own lock timeout for applies (ms; `None`: the server's 5000).
    #[serde(default)]
    pub lock_timeout_ms: Option<u64>,
    /// Its statement timeout (ms; `None`: none).
    #[serde(default)]
    pub statement_timeout_ms: Option<u64>,
    /// Its lock-timeout retries (`None`: the server's 3).
    #[serde(default)]
    pub lock_retries: Option<u32>,
}

impl Target {
    /// Says where the password is, for the target card.
    pub fn password_note(&self) -> String {
        match (self.password.as_str(), &self.password_env) {
            ("stored", _) => "password stored encrypted on the server".into(),
            ("env", Some(var)) => format!("password from the server's ${var}"),
            _ => "no password stored (PGPASSWORD / ~/.pgpass of the server)".into(),
        }
    }
}

/// `POST .../test`.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct TestResult {
    /// Connected.
    pub ok: bool,
    /// `SHOW server_version`.
    #[serde(default)]
    pub server_version: Option<String>,
    /// Why not.
    #[serde(default)]
    pub error: Option<ErrorBody>,
}

/// `{code, message}`.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct ErrorBody {
    /// Machine-readable.
    #[serde(default)]
    pub code: String,
    /// Human-readable.
    #[serde(default)]
    pub message: String,
}

/// A row of the target's `joinery.schema_migrations`.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct HistoryRow {
    /// Version.
    pub version: i64,
    /// Name.
    pub name: String,
    /// Milliseconds it took.
    #[serde(default)]
    pub execution_ms: Option<i64>,
    /// Statements applied so far.
    #[serde(default)]
    pub statements_applied: i64,
    /// Statements in the migration.
    #[serde(default)]
    pub statements_total: i64,
    /// Finished successfully.
    #[serde(default)]
    pub success: bool,
    /// The database's error of a failed attempt.
    #[serde(default)]
    pub error: Option<String>,
    /// The statement that failed.
    #[serde(default)]
    pub failed_statement: Option<String>,
    /// When it finished.
    #[serde(default)]
    pub finished_at: Option<String>,
}

/// A migration not applied yet.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct NotApplied {
    /// Version.
    pub version: i64,
    /// Name.
    pub name: String,
}

/// An applied migration whose checksum changed.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Mismatch {
    /// Version.
    pub version: i64,
    /// Name.
    pub name: String,
}

/// Where a target stands.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct TargetStatus {
    /// Applied.
    #[serde(default)]
    pub applied: Vec<HistoryRow>,
    /// Not applied yet.
    #[serde(default)]
    pub pending: Vec<NotApplied>,
    /// Failed attempts.
    #[serde(default)]
    pub failed: Vec<HistoryRow>,
    /// Edited after being applied.
    #[serde(default)]
    pub mismatched: Vec<Mismatch>,
    /// Applied but unknown to the project.
    #[serde(default)]
    pub unknown: Vec<HistoryRow>,
    /// The design the database should match.
    #[serde(default)]
    pub last_applied: Option<i64>,
}

/// `GET .../drift`.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Drift {
    /// The version the history says the database has.
    #[serde(default)]
    pub expected_version: Option<i64>,
    /// Nothing differs.
    pub in_sync: bool,
    /// SQL making the database match the design.
    pub to_database: PlannedSql,
    /// SQL from the design to the database.
    pub to_design: PlannedSql,
    /// The database as a document.
    pub database_document: Document,
}

/// `POST .../apply` (202).
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct ApplyStarted {
    /// The run.
    pub apply_id: String,
    /// Where its Server-Sent Events are.
    pub events_url: String,
}
