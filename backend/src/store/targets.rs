//! Target databases in the store, and the one-time login link nonces already used.
//!
//! A target's URL is stored **without** its password; the password is either sealed
//! ([`crate::secrets`], column `password_sealed`), named as an environment variable of the
//! server (`password_env`), or absent (the driver then reads `PGPASSWORD` / `~/.pgpass`, as
//! libpq does). [`Store::target_connection`] is the only way to get it back, for connecting.

use chrono::{DateTime, Utc};

use super::repo::{is_unique_violation, new_id, timestamp, valid_name, RepoError, Result};
use super::{redact_url, Store};
use crate::secrets::{self, SecretKey};

pub use joinery_shared::wire::{PasswordSource, Target, TargetDefaults};

#[derive(sqlx::FromRow)]
pub(super) struct TargetRow {
    id: String,
    project_id: String,
    name: String,
    url: String,
    password_sealed: Option<String>,
    password_env: Option<String>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    lock_timeout_ms: Option<i64>,
    statement_timeout_ms: Option<i64>,
    lock_retries: Option<i64>,
}

impl TargetRow {
    /// The name shown in the audit trail.
    pub(super) fn name(&self) -> &str {
        &self.name
    }

    /// The URL without its password.
    pub(super) fn shown_url(&self) -> String {
        redact_url(&self.url)
    }
}

impl From<TargetRow> for Target {
    fn from(row: TargetRow) -> Self {
        let password = match (&row.password_sealed, &row.password_env) {
            (Some(_), _) => PasswordSource::Stored,
            (None, Some(_)) => PasswordSource::Env,
            (None, None) => PasswordSource::None,
        };
        let defaults = row_defaults(&row);
        Target {
            id: row.id,
            project_id: row.project_id,
            name: row.name,
            url: redact_url(&row.url),
            password,
            password_env: row.password_env,
            created_at: timestamp(row.created_at),
            updated_at: timestamp(row.updated_at),
            defaults,
        }
    }
}

/// How to connect to a target, as given by a client: a URL (its password, if any, is taken out
/// and sealed) and optionally an environment variable to read the password from instead.
#[derive(Clone, Debug)]
pub struct TargetConnection {
    /// The URL as typed, maybe with a password.
    pub url: String,
    /// The server environment variable with the password.
    pub password_env: Option<String>,
}

/// What the store keeps for a connection: URL without password, sealed password, env name.
struct Sealed {
    url: String,
    password_sealed: Option<String>,
    password_env: Option<String>,
}

/// Environment variables a target may read its password from: names that say they hold a
/// password, and never the server's own secrets.
pub fn check_password_env(name: &str) -> Result<()> {
    let valid = !name.is_empty()
        && name.len() <= 128
        && name
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_')
        && !name.as_bytes()[0].is_ascii_digit();
    if !valid {
        return Err(RepoError::Invalid(format!(
            "password_env {name:?} is not an environment variable name (A-Z, 0-9, _)"
        )));
    }
    if !(name.contains("PASSWORD") || name.contains("PGPASS")) || name.starts_with("JOINERY_") {
        return Err(RepoError::Invalid(format!(
            "password_env {name:?}: the variable's name must contain PASSWORD (e.g. \
             PROD_DB_PASSWORD) and must not start with JOINERY_, so a target cannot read \
             another of the server's secrets"
        )));
    }
    Ok(())
}

fn seal(key: &SecretKey, connection: &TargetConnection) -> Result<Sealed> {
    let (url, password) =
        secrets::split_password(&connection.url).map_err(|e| RepoError::Invalid(e.to_string()))?;
    if let Some(env) = &connection.password_env {
        check_password_env(env)?;
        if password.is_some() {
            return Err(RepoError::Invalid(
                "give the password in the URL or as password_env, not both".into(),
            ));
        }
    }
    Ok(Sealed {
        url,
        password_sealed: password.map(|p| key.seal(&p)),
        password_env: connection.password_env.clone(),
    })
}

const COLUMNS: &str = "id, project_id, name, url, password_sealed, password_env, created_at, \
     updated_at, lock_timeout_ms, statement_timeout_ms, lock_retries";

fn to_i64<T: TryInto<i64>>(value: Option<T>) -> Option<i64> {
    value.and_then(|v| v.try_into().ok())
}

/// The target's own apply defaults, as stored (negative or oversized values read as unset).
fn row_defaults(row: &TargetRow) -> TargetDefaults {
    TargetDefaults {
        lock_timeout_ms: row.lock_timeout_ms.and_then(|v| u64::try_from(v).ok()),
        statement_timeout_ms: row.statement_timeout_ms.and_then(|v| u64::try_from(v).ok()),
        lock_retries: row.lock_retries.and_then(|v| u32::try_from(v).ok()),
    }
}

impl Store {
    /// Adds a target database; its password is sealed with `key` and never shown again.
    pub async fn create_target(
        &self,
        key: &SecretKey,
        project_id: &str,
        name: &str,
        connection: &TargetConnection,
    ) -> Result<Target> {
        self.project_summary(project_id).await?;
        let name = valid_name(name, "target")?;
        let sealed = seal(key, connection)?;
        let id = new_id("t");
        let now = Utc::now();
        let inserted = on_pool!(self, |pool| {
            sqlx::query(
                "INSERT INTO targets (id, project_id, name, url, password_sealed, password_env, \
                 created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7)",
            )
            .bind(&id)
            .bind(project_id)
            .bind(&name)
            .bind(&sealed.url)
            .bind(&sealed.password_sealed)
            .bind(&sealed.password_env)
            .bind(now)
            .execute(pool)
            .await
            .map(|r| r.rows_affected())
        });
        match inserted {
            Ok(_) => self.target(project_id, &id).await,
            Err(e) if is_unique_violation(&e) => Err(duplicate_target(&name)),
            Err(e) => Err(e.into()),
        }
    }

    /// The project's targets, by name.
    pub async fn list_targets(&self, project_id: &str) -> Result<Vec<Target>> {
        self.project_summary(project_id).await?;
        let sql = format!(
            "SELECT {COLUMNS} FROM targets WHERE project_id = $1 AND deleted_at IS NULL \
             ORDER BY name"
        );
        let rows = on_pool!(self, |pool| {
            sqlx::query_as::<_, TargetRow>(&sql)
                .bind(project_id)
                .fetch_all(pool)
                .await?
        });
        Ok(rows.into_iter().map(Target::from).collect())
    }

    pub(super) async fn target_row(&self, project_id: &str, target_id: &str) -> Result<TargetRow> {
        self.project_summary(project_id).await?;
        let sql = format!(
            "SELECT {COLUMNS} FROM targets WHERE project_id = $1 AND id = $2 \
             AND deleted_at IS NULL"
        );
        on_pool!(self, |pool| {
            sqlx::query_as::<_, TargetRow>(&sql)
                .bind(project_id)
                .bind(target_id)
                .fetch_optional(pool)
                .await?
        })
        .ok_or_else(|| RepoError::NotFound(format!("project has no target {target_id:?}")))
    }

    /// A target as shown to clients (password removed).
    pub async fn target(&self, project_id: &str, target_id: &str) -> Result<Target> {
        Ok(self.target_row(project_id, target_id).await?.into())
    }

    /// The URL to connect to the target with, password included: for connecting, never for
    /// showing. A password from an environment variable that is not set is an error naming it.
    pub async fn target_connection(
        &self,
        key: &SecretKey,
        project_id: &str,
        target_id: &str,
    ) -> Result<String> {
        let row = self.target_row(project_id, target_id).await?;
        let password = match (&row.password_sealed, &row.password_env) {
            (Some(sealed), _) => Some(
                key.open(sealed)
                    .map_err(|e| RepoError::Invalid(e.to_string()))?,
            ),
            (None, Some(env)) => Some(std::env::var(env).map_err(|_| {
                RepoError::Invalid(format!(
                    "target {:?} reads its password from the environment variable {env}, \
                     which the server does not have",
                    row.name
                ))
            })?),
            (None, None) => None,
        };
        match password {
            Some(p) => {
                secrets::with_password(&row.url, &p).map_err(|e| RepoError::Invalid(e.to_string()))
            }
            None => Ok(row.url),
        }
    }

    /// Changes a target's name and/or connection (a new connection replaces the old password).
    pub async fn update_target(
        &self,
        key: &SecretKey,
        project_id: &str,
        target_id: &str,
        name: Option<&str>,
        connection: Option<&TargetConnection>,
        defaults: Option<TargetDefaults>,
    ) -> Result<Target> {
        let row = self.target_row(project_id, target_id).await?;
        let defaults = defaults.unwrap_or_else(|| row_defaults(&row));
        let name = match name {
            Some(n) => valid_name(n, "target")?,
            None => row.name,
        };
        let sealed = match connection {
            Some(c) => seal(key, c)?,
            None => Sealed {
                url: row.url,
                password_sealed: row.password_sealed,
                password_env: row.password_env,
            },
        };
        let now = Utc::now();
        let updated = on_pool!(self, |pool| {
            sqlx::query(
                "UPDATE targets SET name = $1, url = $2, password_sealed = $3, \
                 password_env = $4, updated_at = $5, lock_timeout_ms = $6, \
                 statement_timeout_ms = $7, lock_retries = $8 WHERE id = $9",
            )
            .bind(&name)
            .bind(&sealed.url)
            .bind(&sealed.password_sealed)
            .bind(&sealed.password_env)
            .bind(now)
            .bind(to_i64(defaults.lock_timeout_ms))
            .bind(to_i64(defaults.statement_timeout_ms))
            .bind(to_i64(defaults.lock_retries))
            .bind(target_id)
            .execute(pool)
            .await
            .map(|r| r.rows_affected())
        });
        match updated {
            Ok(_) => self.target(project_id, target_id).await,
            Err(e) if is_unique_violation(&e) => Err(duplicate_target(&name)),
            Err(e) => Err(e.into()),
        }
    }

    /// Removes a target from the project (the database itself is untouched). The row stays,
    /// marked deleted, so its apply runs keep their audit trail; its sealed password is erased and
    /// its name freed for a new target.
    pub async fn delete_target(&self, project_id: &str, target_id: &str) -> Result<()> {
        self.target_row(project_id, target_id).await?;
        let now = Utc::now();
        on_pool!(self, |pool| {
            sqlx::query(
                "UPDATE targets SET deleted_at = $1, updated_at = $1, password_sealed = NULL, \
                 name = name || ' (removed ' || id || ')' WHERE id = $2",
            )
            .bind(now)
            .bind(target_id)
            .execute(pool)
            .await?
            .rows_affected()
        });
        Ok(())
    }

    /// Seals the passwords of targets stored before passwords were sealed (plain text in the
    /// URL). Returns how many were sealed.
    pub async fn seal_plaintext_passwords(&self, key: &SecretKey) -> Result<usize> {
        let rows: Vec<(String, String)> = on_pool!(self, |pool| {
            sqlx::query_as("SELECT id, url FROM targets WHERE password_sealed IS NULL")
                .fetch_all(pool)
                .await?
        });
        let mut sealed = 0;
        for (id, url) in rows {
            let Ok((bare, Some(password))) = secrets::split_password(&url) else {
                continue;
            };
            let value = key.seal(&password);
            on_pool!(self, |pool| {
                sqlx::query("UPDATE targets SET url = $1, password_sealed = $2 WHERE id = $3")
                    .bind(&bare)
                    .bind(&value)
                    .bind(&id)
                    .execute(pool)
                    .await?
                    .rows_affected()
            });
            sealed += 1;
        }
        if sealed > 0 {
            if let Store::Sqlite(pool) = self {
                // The old rows' bytes stay in free pages and the WAL until rewritten.
                sqlx::query("VACUUM").execute(pool).await?;
                sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
                    .execute(pool)
                    .await?;
            }
        }
        Ok(sealed)
    }

    /// Re-seals every stored password from `old` to `new` (`joinery rotate-key`), in one
    /// transaction: either all targets move to the new key or none does.
    pub async fn reseal_passwords(&self, old: &SecretKey, new: &SecretKey) -> Result<usize> {
        let rows: Vec<(String, String)> = on_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT id, password_sealed FROM targets WHERE password_sealed IS NOT NULL",
            )
            .fetch_all(pool)
            .await?
        });
        let mut updates = Vec::with_capacity(rows.len());
        for (id, sealed) in rows {
            let plain = old
                .open(&sealed)
                .map_err(|e| RepoError::Invalid(format!("target {id}: {e}")))?;
            updates.push((id, new.seal(&plain)));
        }
        on_pool!(self, |pool| {
            let mut tx = pool.begin().await?;
            for (id, value) in &updates {
                sqlx::query("UPDATE targets SET password_sealed = $1 WHERE id = $2")
                    .bind(value)
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
            }
            tx.commit().await?;
        });
        Ok(updates.len())
    }

    /// Marks a login link's nonce used. `false` when it was used before (links work once).
    pub async fn consume_login_nonce(&self, nonce: &str, expires_at: u64) -> Result<bool> {
        let now = Utc::now().timestamp();
        let expires = i64::try_from(expires_at).unwrap_or(i64::MAX);
        let inserted = on_pool!(self, |pool| {
            sqlx::query("DELETE FROM login_links_used WHERE expires_at < $1")
                .bind(now)
                .execute(pool)
                .await?;
            sqlx::query("INSERT INTO login_links_used (nonce, expires_at) VALUES ($1, $2)")
                .bind(nonce)
                .bind(expires)
                .execute(pool)
                .await
                .map(|r| r.rows_affected())
        });
        match inserted {
            Ok(_) => Ok(true),
            Err(e) if is_unique_violation(&e) => Ok(false),
            Err(e) => Err(e.into()),
        }
    }
}

fn duplicate_target(name: &str) -> RepoError {
    RepoError::Conflict {
        message: format!("the project already has a target named {name:?}"),
        detail: serde_json::json!({ "name": name }),
    }
}

#[cfg(test)]
mod tests {
    use super::check_password_env;

    #[test]
    fn password_env_names_must_say_password_and_not_be_ours() {
        assert!(check_password_env("PROD_DB_PASSWORD").is_ok());
        assert!(check_password_env("PGPASSWORD").is_ok());
        for bad in [
            "JOINERY_SECRET_KEY",
            "JOINERY_PASSWORD",
            "AWS_SECRET_ACCESS_KEY",
            "HOME",
            "lower_password",
            "1PASSWORD",
            "",
        ] {
            assert!(check_password_env(bad).is_err(), "{bad}");
        }
    }
}
