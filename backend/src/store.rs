//! The project store: an embedded SQLite file by default, or a shared PostgreSQL database.
//!
//! Everything above this module talks to [`Store`] only, so both kinds behave the same: the
//! repository methods (projects, drafts, versions, migrations, targets, apply runs) live in
//! [`repo`] and run the same SQL on either pool.

use std::path::Path;
use std::str::FromStr;

use sqlx::postgres::{PgPool, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions};

/// Runs the same code on whichever pool the store holds.
macro_rules! on_pool {
    ($store:expr, |$pool:ident| $body:expr) => {
        match $store {
            Store::Sqlite($pool) => $body,
            Store::Postgres($pool) => $body,
        }
    };
}

mod repo;
mod runs;
mod targets;

pub use repo::*;
pub use runs::*;
pub use targets::*;

/// Why the store could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The store URL is neither `sqlite:` nor `postgres:`.
    #[error("unsupported store URL scheme in {0:?}: use sqlite://PATH or postgres://...")]
    UnsupportedUrl(String),
    /// The database could not be reached or opened.
    #[error("cannot open the store: {0}")]
    Connect(#[from] sqlx::Error),
    /// The store's own tables could not be created or upgraded.
    #[error("cannot migrate the store: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// Runs cut off by a stopped server could not be marked interrupted.
    #[error("cannot mark interrupted apply runs: {0}")]
    Sweep(String),
}

/// A connection pool to whichever kind of store is configured.
#[derive(Clone, Debug)]
pub enum Store {
    /// Embedded SQLite file.
    Sqlite(SqlitePool),
    /// PostgreSQL server.
    Postgres(PgPool),
}

impl Store {
    /// Opens the store and creates or upgrades its tables.
    pub async fn open(url: &str) -> Result<Self, StoreError> {
        let store = if url.starts_with("sqlite:") {
            let options = SqliteConnectOptions::from_str(url)?
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .foreign_keys(true)
                // Deleted rows are overwritten, so a replaced secret does not linger in the file.
                .pragma("secure_delete", "ON");
            #[cfg(unix)]
            private_sqlite_file(&options);
            Store::Sqlite(
                SqlitePoolOptions::new()
                    .max_connections(8)
                    .connect_with(options)
                    .await?,
            )
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Store::Postgres(PgPoolOptions::new().max_connections(8).connect(url).await?)
        } else {
            return Err(StoreError::UnsupportedUrl(redact_url(url)));
        };
        store.migrate().await?;
        if let Store::Postgres(_) = &store {
            // Shared by several servers maybe: only runs whose server is gone are swept.
            store
                .sweep_dead_runs()
                .await
                .map_err(|e| StoreError::Sweep(e.to_string()))?;
        }
        if let Store::Sqlite(pool) = &store {
            // A SQLite store belongs to one server process: runs still marked running were cut
            // off by a restart.
            sqlx::query(
                "UPDATE apply_runs SET status = 'interrupted', finished_at = $1 \
                 WHERE status = 'running'",
            )
            .bind(chrono::Utc::now())
            .execute(pool)
            .await?;
        }
        Ok(store)
    }

    /// The SQLite URL for a file inside `data_dir`.
    pub fn sqlite_url_in(data_dir: &Path) -> String {
        format!("sqlite://{}", data_dir.join("joinery.db").display())
    }

    async fn migrate(&self) -> Result<(), StoreError> {
        match self {
            Store::Sqlite(pool) => sqlx::migrate!("migrations/sqlite").run(pool).await?,
            Store::Postgres(pool) => sqlx::migrate!("migrations/postgres").run(pool).await?,
        }
        Ok(())
    }

    /// `"sqlite"` or `"postgres"`, as reported by `/api/health`.
    pub fn kind(&self) -> &'static str {
        match self {
            Store::Sqlite(_) => "sqlite",
            Store::Postgres(_) => "postgres",
        }
    }

    /// Checks that the store answers.
    pub async fn ping(&self) -> Result<(), sqlx::Error> {
        match self {
            Store::Sqlite(pool) => sqlx::query("SELECT 1").execute(pool).await.map(|_| ()),
            Store::Postgres(pool) => sqlx::query("SELECT 1").execute(pool).await.map(|_| ()),
        }
    }
}

/// Creates the SQLite file owner-only (0600) before SQLite does, and tightens an existing one:
/// SQLite gives its `-wal` and `-shm` files the database file's mode.
#[cfg(unix)]
fn private_sqlite_file(options: &SqliteConnectOptions) {
    use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
    let path = options.get_filename();
    if path.as_os_str().is_empty() || path == Path::new(":memory:") {
        return;
    }
    let _ = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(false)
        .mode(0o600)
        .open(path);
    for suffix in ["", "-wal", "-shm"] {
        let mut file = path.as_os_str().to_owned();
        file.push(suffix);
        let _ = std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600));
    }
}

/// Removes the password from a database URL (user info and `password=` parameter) so it can be
/// logged or shown.
pub fn redact_url(url: &str) -> String {
    let url = redact_userinfo(url);
    match url.split_once('?') {
        Some((head, query)) if query.split('&').any(|p| p.starts_with("password=")) => {
            let kept: Vec<&str> = query
                .split('&')
                .filter(|p| !p.starts_with("password="))
                .collect();
            if kept.is_empty() {
                head.to_string()
            } else {
                format!("{head}?{}", kept.join("&"))
            }
        }
        _ => url,
    }
}

fn redact_userinfo(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let (authority, tail) = match rest.find(['/', '?']) {
        Some(i) => rest.split_at(i),
        None => (rest, ""),
    };
    match authority.rsplit_once('@') {
        Some((userinfo, host)) => {
            let user = userinfo.split(':').next().unwrap_or("");
            format!("{scheme}://{user}@{host}{tail}")
        }
        None => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::redact_url;

    #[test]
    fn redact_url_removes_the_password_only() {
        assert_eq!(
            redact_url("postgres://alice:s3cr%40t@db.example:5432/app?sslmode=require"),
            "postgres://alice@db.example:5432/app?sslmode=require"
        );
        assert_eq!(
            redact_url("postgres://alice@db/app"),
            "postgres://alice@db/app"
        );
        assert_eq!(redact_url("postgres://db/app"), "postgres://db/app");
        assert_eq!(redact_url("not a url"), "not a url");
        assert_eq!(
            redact_url("postgres://db/app?sslmode=require&password=hunter2"),
            "postgres://db/app?sslmode=require"
        );
        assert_eq!(
            redact_url("postgres://db/app?password=x"),
            "postgres://db/app"
        );
    }
}
