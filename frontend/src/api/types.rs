//! The JSON shapes of the server's answers, as the UI reads them (lenient: fields the UI does not
//! need may be missing, so a newer server still works).

use joinery_shared::model::Document;
use serde::{Deserialize, Serialize};

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
