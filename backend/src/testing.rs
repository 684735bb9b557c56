//! Fresh, uniquely named PostgreSQL databases for tests (each test makes its own and drops it).
//!
//! The server comes from `JOINERY_TEST_DATABASE_URL` (default
//! `postgres://postgres@127.0.0.1:5432/postgres`). Tests never skip when it is unreachable: they
//! fail with a message saying which URL could not be reached.

use std::sync::atomic::{AtomicU64, Ordering};

use sqlx::postgres::{PgConnection, PgPool, PgPoolOptions};
use sqlx::Connection;

/// The admin URL tests connect to.
pub fn admin_url() -> String {
    std::env::var("JOINERY_TEST_DATABASE_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_string())
}

/// A database created for one test; call [`TestDb::drop_db`] at the end (a leftover one is also
/// dropped on `Drop`, from a helper thread).
pub struct TestDb {
    /// The database name (`joinery_test_<pid>_<n>_<nanos>`).
    pub name: String,
    /// A URL connecting to it.
    pub url: String,
    dropped: bool,
}

static COUNTER: AtomicU64 = AtomicU64::new(0);

impl TestDb {
    /// Creates a fresh, empty database. Panics with a clear message when PostgreSQL is unreachable.
    pub async fn create() -> TestDb {
        let admin = admin_url();
        let mut conn = PgConnection::connect(&admin).await.unwrap_or_else(|e| {
            panic!("cannot reach PostgreSQL at {admin} (set JOINERY_TEST_DATABASE_URL): {e}")
        });
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        let name = format!(
            "joinery_test_{}_{}_{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed),
            nanos
        );
        sqlx::query(&format!("CREATE DATABASE \"{name}\""))
            .execute(&mut conn)
            .await
            .unwrap_or_else(|e| panic!("cannot create test database {name}: {e}"));
        let _ = conn.close().await;
        let url = with_database(&admin, &name);
        TestDb {
            name,
            url,
            dropped: false,
        }
    }

    /// A small pool on the test database.
    pub async fn pool(&self) -> PgPool {
        PgPoolOptions::new()
            .max_connections(4)
            .connect(&self.url)
            .await
            .unwrap_or_else(|e| panic!("cannot connect to {}: {e}", self.name))
    }

    /// Drops the database (terminating leftover connections).
    pub async fn drop_db(mut self) {
        drop_database(&self.name).await;
        self.dropped = true;
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if self.dropped {
            return;
        }
        let name = self.name.clone();
        // Runs on its own thread and runtime: Drop may happen inside or outside a runtime.
        let _ = std::thread::spawn(move || {
            if let Ok(rt) = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
            {
                rt.block_on(drop_database(&name));
            }
        })
        .join();
    }
}

async fn drop_database(name: &str) {
    if let Ok(mut conn) = PgConnection::connect(&admin_url()).await {
        let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
            .execute(&mut conn)
            .await;
        let _ = conn.close().await;
    }
}

/// Replaces the database name in a PostgreSQL URL.
pub fn with_database(url: &str, database: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (url, None),
    };
    let scheme_end = base.find("://").map(|i| i + 3).unwrap_or(0);
    let base = match base[scheme_end..].find('/') {
        Some(i) => &base[..scheme_end + i],
        None => base,
    };
    match query {
        Some(q) => format!("{base}/{database}?{q}"),
        None => format!("{base}/{database}"),
    }
}

/// The `Host` in-process tests send: loopback on [`TEST_PORT`], which the state from
/// [`app_state`] serves.
pub const TEST_HOST: &str = "localhost:8080";
/// The port [`app_state`] pretends to listen on.
pub const TEST_PORT: u16 = 8080;

/// An [`crate::AppState`] for in-process tests: loopback access on [`TEST_PORT`] and a fresh
/// random secret key.
pub fn app_state(
    store: crate::store::Store,
    token: &str,
    ui_dir: Option<&std::path::Path>,
) -> crate::AppState {
    let (secrets, _) = crate::secrets::SecretKey::generate("test").expect("random key");
    crate::AppState {
        store,
        token: std::sync::Arc::from(token),
        ui_dir: ui_dir.map(std::sync::Arc::from),
        secrets,
        access: std::sync::Arc::new(crate::guard::Access::loopback(TEST_PORT)),
    }
}
