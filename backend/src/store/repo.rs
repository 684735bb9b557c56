//! The repository layer: every read and write of projects, drafts, versions, migrations, targets
//! and apply runs, written once and run on either kind of pool.
//!
//! The SQL is portable between SQLite and PostgreSQL (`$n` placeholders in order of first use,
//! timestamps bound from Rust), and the [`on_pool!`] macro compiles each body once per pool type,
//! so the two stores cannot drift apart.

use chrono::{DateTime, Utc};
use joinery_shared::model::Document;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::Store;
use crate::AppError;

/// Why a repository call failed.
#[derive(Debug, thiserror::Error)]
pub enum RepoError {
    /// The named object does not exist (or was deleted).
    #[error("{0}")]
    NotFound(String),
    /// The write conflicts with the current state.
    #[error("{message}")]
    Conflict {
        /// What conflicted.
        message: String,
        /// Machine-readable detail (e.g. the current revision).
        detail: Value,
    },
    /// The request itself is invalid.
    #[error("{0}")]
    Invalid(String),
    /// Stored data could not be read back (a bug or a hand-edited store).
    #[error("corrupt store data: {0}")]
    Corrupt(String),
    /// The database failed.
    #[error("store query failed: {0}")]
    Db(#[from] sqlx::Error),
}

impl From<RepoError> for AppError {
    fn from(err: RepoError) -> Self {
        match err {
            RepoError::NotFound(m) => AppError::NotFound(m),
            RepoError::Conflict { message, detail } => AppError::Conflict { message, detail },
            RepoError::Invalid(m) => AppError::BadRequest(m),
            other => AppError::Internal(other.to_string()),
        }
    }
}

pub(super) type Result<T, E = RepoError> = std::result::Result<T, E>;

pub use joinery_shared::wire::{
    Draft, MigrationStatement, Project, ProjectSummary, StoredMigration, Version, VersionInfo,
};

/// An instant as the API sends it ([`joinery_shared::wire::Timestamp`]): RFC 3339 in UTC, written
/// as chrono's serde writes a `DateTime<Utc>`, so the JSON did not change when the wire types
/// moved to the shared crate.
pub fn timestamp(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)
}

#[derive(sqlx::FromRow)]
struct ProjectRow {
    id: String,
    name: String,
    revision: i64,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    version_count: i64,
}

impl From<ProjectRow> for ProjectSummary {
    fn from(row: ProjectRow) -> Self {
        ProjectSummary {
            id: row.id,
            name: row.name,
            revision: row.revision,
            created_at: timestamp(row.created_at),
            updated_at: timestamp(row.updated_at),
            version_count: row.version_count,
        }
    }
}

#[derive(sqlx::FromRow)]
struct VersionRow {
    number: i64,
    message: String,
    parent: Option<i64>,
    content_hash: String,
    created_at: DateTime<Utc>,
    migration_name: String,
}

impl From<VersionRow> for VersionInfo {
    fn from(row: VersionRow) -> Self {
        VersionInfo {
            number: row.number,
            message: row.message,
            parent: row.parent,
            content_hash: row.content_hash,
            created_at: timestamp(row.created_at),
            migration_name: row.migration_name,
        }
    }
}

/// A migration to be stored with a new version.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct NewMigration {
    /// `NNNN_<slug of message>`.
    pub name: String,
    /// The full SQL script.
    pub sql: String,
    /// sha256 (hex) of `sql`.
    pub checksum: String,
    /// The statements with their transactional flags.
    pub statements: Vec<MigrationStatement>,
}

#[derive(sqlx::FromRow)]
struct MigrationRow {
    version_number: i64,
    name: String,
    sql: String,
    checksum: String,
    statements: String,
    created_at: DateTime<Utc>,
}

impl TryFrom<MigrationRow> for StoredMigration {
    type Error = RepoError;
    fn try_from(row: MigrationRow) -> Result<Self> {
        Ok(StoredMigration {
            version: row.version_number,
            statements: serde_json::from_str(&row.statements)
                .map_err(|e| RepoError::Corrupt(format!("migration statements: {e}")))?,
            name: row.name,
            sql: row.sql,
            checksum: row.checksum,
            created_at: timestamp(row.created_at),
        })
    }
}

/// A fresh random id with a readable prefix (`p_`, `t_`, `a_`).
pub fn new_id(prefix: &str) -> String {
    let mut bytes = [0u8; 10];
    // getrandom only fails when the OS has no randomness source; fall back to the clock then.
    if getrandom::fill(&mut bytes).is_err() {
        let nanos = Utc::now().timestamp_nanos_opt().unwrap_or_default();
        bytes[..8].copy_from_slice(&nanos.to_le_bytes());
    }
    format!("{prefix}_{}", hex::encode(bytes))
}

fn parse_document(text: &str, what: &str) -> Result<Document> {
    serde_json::from_str(text).map_err(|e| RepoError::Corrupt(format!("{what}: {e}")))
}

pub(super) fn to_json<T: Serialize>(value: &T) -> Result<String> {
    serde_json::to_string(value).map_err(|e| RepoError::Corrupt(e.to_string()))
}

fn project_not_found(id: &str) -> RepoError {
    RepoError::NotFound(format!("no project {id:?}"))
}

pub(super) fn is_unique_violation(err: &sqlx::Error) -> bool {
    err.as_database_error()
        .is_some_and(|e| e.is_unique_violation())
}

const PROJECT_SUMMARY: &str = "SELECT p.id, p.name, p.revision, p.created_at, p.updated_at, \
     (SELECT COUNT(*) FROM versions v WHERE v.project_id = p.id) AS version_count \
     FROM projects p WHERE p.deleted_at IS NULL";

const VERSION_INFO: &str = "SELECT v.number, v.message, v.parent_number AS parent, \
     v.content_hash, v.created_at, m.name AS migration_name \
     FROM versions v JOIN migrations m \
     ON m.project_id = v.project_id AND m.version_number = v.number \
     WHERE v.project_id = $1";

const MIGRATION: &str = "SELECT version_number, name, sql, checksum, statements, created_at \
     FROM migrations WHERE project_id = $1";

impl Store {
    // ----- projects -------------------------------------------------------------------------

    /// Creates a project whose draft is `document`.
    pub async fn create_project(&self, name: &str, document: &Document) -> Result<Project> {
        let name = valid_name(name, "project")?;
        let id = new_id("p");
        let now = Utc::now();
        let draft = to_json(document)?;
        on_pool!(self, |pool| {
            sqlx::query(
                "INSERT INTO projects (id, name, draft, revision, created_at, updated_at) \
                 VALUES ($1, $2, $3, 1, $4, $4)",
            )
            .bind(&id)
            .bind(&name)
            .bind(&draft)
            .bind(now)
            .execute(pool)
            .await?
            .rows_affected()
        });
        self.project(&id).await
    }

    /// Every project that is not deleted, most recently changed first.
    pub async fn list_projects(&self) -> Result<Vec<ProjectSummary>> {
        let sql = format!("{PROJECT_SUMMARY} ORDER BY p.updated_at DESC, p.id");
        Ok(on_pool!(self, |pool| {
            sqlx::query_as::<_, ProjectRow>(&sql)
                .fetch_all(pool)
                .await?
        })
        .into_iter()
        .map(ProjectSummary::from)
        .collect())
    }

    /// The project's listed fields.
    pub async fn project_summary(&self, id: &str) -> Result<ProjectSummary> {
        let sql = format!("{PROJECT_SUMMARY} AND p.id = $1");
        on_pool!(self, |pool| {
            sqlx::query_as::<_, ProjectRow>(&sql)
                .bind(id)
                .fetch_optional(pool)
                .await?
        })
        .map(ProjectSummary::from)
        .ok_or_else(|| project_not_found(id))
    }

    /// The project with its draft.
    pub async fn project(&self, id: &str) -> Result<Project> {
        let summary = self.project_summary(id).await?;
        let draft = self.draft(id).await?;
        Ok(Project {
            summary,
            draft: draft.document,
        })
    }

    /// Renames a project.
    pub async fn rename_project(&self, id: &str, name: &str) -> Result<ProjectSummary> {
        let name = valid_name(name, "project")?;
        let now = Utc::now();
        let done = on_pool!(self, |pool| {
            sqlx::query(
                "UPDATE projects SET name = $1, updated_at = $2 \
                 WHERE id = $3 AND deleted_at IS NULL",
            )
            .bind(&name)
            .bind(now)
            .bind(id)
            .execute(pool)
            .await?
            .rows_affected()
        });
        if done == 0 {
            return Err(project_not_found(id));
        }
        self.project_summary(id).await
    }

    /// Soft-deletes a project: it disappears from every listing but its rows stay.
    pub async fn delete_project(&self, id: &str) -> Result<()> {
        let now = Utc::now();
        let done = on_pool!(self, |pool| {
            sqlx::query(
                "UPDATE projects SET deleted_at = $1, updated_at = $1 \
                 WHERE id = $2 AND deleted_at IS NULL",
            )
            .bind(now)
            .bind(id)
            .execute(pool)
            .await?
            .rows_affected()
        });
        if done == 0 {
            return Err(project_not_found(id));
        }
        Ok(())
    }

    // ----- drafts ---------------------------------------------------------------------------

    /// The working draft.
    pub async fn draft(&self, id: &str) -> Result<Draft> {
        let row: Option<(String, i64, DateTime<Utc>)> = on_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT draft, revision, updated_at FROM projects \
                 WHERE id = $1 AND deleted_at IS NULL",
            )
            .bind(id)
            .fetch_optional(pool)
            .await?
        });
        let (text, revision, updated_at) = row.ok_or_else(|| project_not_found(id))?;
        Ok(Draft {
            revision,
            document: parse_document(&text, "draft")?,
            updated_at: timestamp(updated_at),
        })
    }

    /// Saves the draft if it is still at `base_revision`; returns the new revision.
    ///
    /// A stale `base_revision` (someone saved in between) is a [`RepoError::Conflict`] whose
    /// detail carries the current revision, so the client can reload and merge.
    pub async fn save_draft(
        &self,
        id: &str,
        base_revision: i64,
        document: &Document,
    ) -> Result<i64> {
        let text = to_json(document)?;
        let now = Utc::now();
        let done = on_pool!(self, |pool| {
            sqlx::query(
                "UPDATE projects SET draft = $1, revision = revision + 1, updated_at = $2 \
                 WHERE id = $3 AND revision = $4 AND deleted_at IS NULL",
            )
            .bind(&text)
            .bind(now)
            .bind(id)
            .bind(base_revision)
            .execute(pool)
            .await?
            .rows_affected()
        });
        if done == 1 {
            return Ok(base_revision + 1);
        }
        let current = self.draft(id).await?.revision;
        Err(stale_revision(base_revision, current))
    }

    // ----- versions and migrations ----------------------------------------------------------

    /// Snapshots the current draft as the next version, with the migration from the latest
    /// version (or from nothing) built by `make_migration(parent, draft, number)`.
    ///
    /// With `base_revision`, the draft must still be at that revision (so the snapshot is what
    /// the caller saw). Concurrent calls on one project are serialised by a write to the
    /// project row at the start of the transaction.
    pub async fn create_version<F>(
        &self,
        id: &str,
        message: &str,
        base_revision: Option<i64>,
        make_migration: F,
    ) -> Result<Version>
    where
        F: FnOnce(Option<&Document>, &Document, i64) -> Result<NewMigration>,
    {
        let message = message.trim().to_string();
        if message.is_empty() {
            return Err(RepoError::Invalid("a version needs a message".into()));
        }
        let now = Utc::now();
        let number = on_pool!(self, |pool| {
            let mut tx = pool.begin().await?;
            let locked = sqlx::query(
                "UPDATE projects SET updated_at = $1 WHERE id = $2 AND deleted_at IS NULL",
            )
            .bind(now)
            .bind(id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if locked == 0 {
                return Err(project_not_found(id));
            }
            let (draft_text, revision): (String, i64) =
                sqlx::query_as("SELECT draft, revision FROM projects WHERE id = $1")
                    .bind(id)
                    .fetch_one(&mut *tx)
                    .await?;
            if let Some(base) = base_revision {
                if base != revision {
                    return Err(stale_revision(base, revision));
                }
            }
            let draft = parse_document(&draft_text, "draft")?;
            let parent: Option<(i64, String)> = sqlx::query_as(
                "SELECT number, document FROM versions WHERE project_id = $1 \
                 ORDER BY number DESC LIMIT 1",
            )
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
            let parent_doc = parent
                .as_ref()
                .map(|(_, text)| parse_document(text, "version"))
                .transpose()?;
            let number = parent.as_ref().map_or(1, |(n, _)| n + 1);
            let migration = make_migration(parent_doc.as_ref(), &draft, number)?;
            sqlx::query(
                "INSERT INTO versions \
                 (project_id, number, message, parent_number, document, content_hash, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(id)
            .bind(number)
            .bind(&message)
            .bind(parent.as_ref().map(|(n, _)| *n))
            .bind(&draft_text)
            .bind(content_hash(&draft))
            .bind(now)
            .execute(&mut *tx)
            .await?;
            sqlx::query(
                "INSERT INTO migrations \
                 (project_id, version_number, name, sql, checksum, statements, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(id)
            .bind(number)
            .bind(&migration.name)
            .bind(&migration.sql)
            .bind(&migration.checksum)
            .bind(to_json(&migration.statements)?)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
            number
        });
        self.version(id, number).await
    }

    /// The project's versions, oldest first.
    pub async fn list_versions(&self, id: &str) -> Result<Vec<VersionInfo>> {
        self.project_summary(id).await?;
        let sql = format!("{VERSION_INFO} ORDER BY v.number");
        Ok(on_pool!(self, |pool| {
            sqlx::query_as::<_, VersionRow>(&sql)
                .bind(id)
                .fetch_all(pool)
                .await?
        })
        .into_iter()
        .map(VersionInfo::from)
        .collect())
    }

    /// One version with its document.
    pub async fn version(&self, id: &str, number: i64) -> Result<Version> {
        self.project_summary(id).await?;
        let sql = format!("{VERSION_INFO} AND v.number = $2");
        let info = on_pool!(self, |pool| {
            sqlx::query_as::<_, VersionRow>(&sql)
                .bind(id)
                .bind(number)
                .fetch_optional(pool)
                .await?
        })
        .map(VersionInfo::from)
        .ok_or_else(|| RepoError::NotFound(format!("project {id:?} has no version {number}")))?;
        let text: String = on_pool!(self, |pool| {
            sqlx::query_scalar(
                "SELECT document FROM versions WHERE project_id = $1 AND number = $2",
            )
            .bind(id)
            .bind(number)
            .fetch_one(pool)
            .await?
        });
        Ok(Version {
            info,
            document: parse_document(&text, "version")?,
        })
    }

    /// Every migration of the project, in order.
    pub async fn list_migrations(&self, id: &str) -> Result<Vec<StoredMigration>> {
        self.project_summary(id).await?;
        let sql = format!("{MIGRATION} ORDER BY version_number");
        let rows = on_pool!(self, |pool| {
            sqlx::query_as::<_, MigrationRow>(&sql)
                .bind(id)
                .fetch_all(pool)
                .await?
        });
        rows.into_iter().map(StoredMigration::try_from).collect()
    }

    /// The migration leading to version `number`.
    pub async fn migration(&self, id: &str, number: i64) -> Result<StoredMigration> {
        self.project_summary(id).await?;
        let sql = format!("{MIGRATION} AND version_number = $2");
        on_pool!(self, |pool| {
            sqlx::query_as::<_, MigrationRow>(&sql)
                .bind(id)
                .bind(number)
                .fetch_optional(pool)
                .await?
        })
        .ok_or_else(|| RepoError::NotFound(format!("project {id:?} has no version {number}")))?
        .try_into()
    }
}

fn stale_revision(base: i64, current: i64) -> RepoError {
    RepoError::Conflict {
        message: format!(
            "the draft changed since revision {base} (it is now at revision {current}); \
             reload it and apply your changes again"
        ),
        detail: serde_json::json!({ "current_revision": current, "base_revision": base }),
    }
}

pub(super) fn valid_name(name: &str, what: &str) -> Result<String> {
    let name = name.trim();
    if name.is_empty() {
        return Err(RepoError::Invalid(format!("a {what} needs a name")));
    }
    if name.chars().count() > 200 {
        return Err(RepoError::Invalid(format!(
            "a {what} name has at most 200 characters"
        )));
    }
    Ok(name.to_string())
}

/// sha256 (hex) of the schema's canonical JSON: object keys sorted, no whitespace, layout left
/// out, so moving a card on the canvas does not change the hash but any schema change does.
pub fn content_hash(document: &Document) -> String {
    use sha2::{Digest, Sha256};
    let value = serde_json::to_value(&document.schema).unwrap_or(Value::Null);
    let mut text = String::new();
    write_canonical(&value, &mut text);
    hex::encode(Sha256::digest(text.as_bytes()))
}

/// Writes JSON with object keys sorted at every level (whatever map type serde_json is built with).
pub fn write_canonical(value: &Value, out: &mut String) {
    match value {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            out.push('{');
            for (i, key) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String(key.clone()).to_string());
                out.push(':');
                write_canonical(&map[key], out);
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(item, out);
            }
            out.push(']');
        }
        other => out.push_str(&other.to_string()),
    }
}

/// `NNNN_<slug>`: the version number zero-padded to four digits and the message in lowercase
/// words joined by `_` (at most 48 characters; `version` when nothing is left).
pub fn migration_name(number: i64, message: &str) -> String {
    let mut slug = String::new();
    for ch in message.chars() {
        if ch.is_ascii_alphanumeric() {
            slug.push(ch.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('_') {
            slug.push('_');
        }
        if slug.len() >= 48 {
            break;
        }
    }
    let slug = slug.trim_end_matches('_');
    let slug = if slug.is_empty() { "version" } else { slug };
    format!("{number:04}_{slug}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migration_names_are_numbered_slugs() {
        assert_eq!(migration_name(1, "Initial schema"), "0001_initial_schema");
        assert_eq!(
            migration_name(12, "  Add users.email (unique!) "),
            "0012_add_users_email_unique"
        );
        assert_eq!(migration_name(3, "Ünïcode ✓"), "0003_n_code");
        assert_eq!(migration_name(4, "!!!"), "0004_version");
        assert!(migration_name(5, &"x".repeat(300)).len() <= 4 + 1 + 48);
    }

    #[test]
    fn canonical_json_sorts_keys_at_every_level() {
        let value = serde_json::json!({"b": 1, "a": {"d": [1, {"z": 0, "y": "s"}], "c": null}});
        let mut out = String::new();
        write_canonical(&value, &mut out);
        assert_eq!(out, r#"{"a":{"c":null,"d":[1,{"y":"s","z":0}]},"b":1}"#);
    }

    #[test]
    fn timestamps_are_written_as_chrono_serializes_them() {
        for at in [
            "2026-01-31T12:00:00Z",
            "2026-01-31T12:00:00.120Z",
            "2026-01-31T12:00:00.123456Z",
            "2026-01-31T12:00:00.123456789Z",
        ] {
            let at: DateTime<Utc> = at.parse().unwrap();
            assert_eq!(serde_json::to_value(at).unwrap(), timestamp(at));
        }
    }

    #[test]
    fn content_hash_ignores_layout_but_not_schema() {
        let mut doc = joinery_shared::demo::demo_document();
        let hash = content_hash(&doc);
        doc.layout = Default::default();
        assert_eq!(content_hash(&doc), hash);
        doc.schema.tables.pop();
        assert_ne!(content_hash(&doc), hash);
    }
}
