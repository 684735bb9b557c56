//! The real `joinery serve` process killed with SIGKILL while it applies a migration: the target
//! keeps its schema from before that migration, the history agrees, the run is reported as
//! interrupted after a restart, and the restarted server applies the migration; with the store in
//! SQLite and in PostgreSQL.
//!
//! The migration is held in the middle by a lock this test takes on the target table, so the
//! kill lands while the migration's transaction is open, deterministically.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use joinery_backend::testing::TestDb;
use joinery_shared::import::import_sql;
use serde_json::{json, Value};
use sqlx::{Connection, PgConnection, PgPool};

/// A running `joinery serve` with its base URL and token.
struct Server {
    child: Child,
    base: String,
    token: String,
}

impl Server {
    /// Starts the binary on a free port with `data_dir` (and the store at `store_url`, else the
    /// SQLite file in `data_dir`) and waits for its URL.
    fn start(data_dir: &Path, store_url: Option<&str>) -> Server {
        let mut command = Command::new(env!("CARGO_BIN_EXE_joinery"));
        command
            .args(["serve", "--port", "0", "--data-dir"])
            .arg(data_dir)
            .arg("--ui-dir")
            .arg(data_dir.join("no-ui"));
        if let Some(url) = store_url {
            command.arg("--store-url").arg(url);
        }
        let mut child = command
            .env("JOINERY_LOG", "warn")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start joinery serve");
        let stdout = child.stdout.take().unwrap();
        let mut lines = BufReader::new(stdout).lines();
        let base = loop {
            let line = lines
                .next()
                .expect("joinery serve exited before listening")
                .unwrap();
            if let Some(rest) = line.split("listening on ").nth(1) {
                break rest.trim().to_string();
            }
        };
        // Keep draining stdout so the server never blocks on a full pipe.
        std::thread::spawn(move || for _ in lines.by_ref() {});
        let token = std::fs::read_to_string(data_dir.join("token"))
            .unwrap()
            .trim()
            .to_string();
        Server { child, base, token }
    }

    /// One HTTP/1.1 request with the token; returns status and JSON body.
    fn call(&self, method: &str, path: &str, body: Option<Value>) -> (u16, Value) {
        let host = self.base.trim_start_matches("http://");
        let mut stream = TcpStream::connect(host).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(60)))
            .unwrap();
        let body = body.map(|b| b.to_string()).unwrap_or_default();
        write!(
            stream,
            "{method} {path} HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {}\r\n\
             Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            self.token,
            body.len()
        )
        .unwrap();
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).unwrap();
        let text = String::from_utf8(raw).unwrap();
        let (head, rest) = text.split_once("\r\n\r\n").expect("an HTTP response");
        let status: u16 = head.split_whitespace().nth(1).unwrap().parse().unwrap();
        let body = if head
            .to_ascii_lowercase()
            .contains("transfer-encoding: chunked")
        {
            dechunk(rest)
        } else {
            rest.to_string()
        };
        let value = if body.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&body).unwrap_or_else(|e| panic!("{path}: {e}: {body}"))
        };
        (status, value)
    }

    fn expect(&self, method: &str, path: &str, body: Option<Value>, want: u16) -> Value {
        let (status, value) = self.call(method, path, body);
        assert_eq!(status, want, "{method} {path}: {value}");
        value
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn dechunk(mut rest: &str) -> String {
    let mut out = String::new();
    while let Some((size, after)) = rest.split_once("\r\n") {
        let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if n == 0 {
            break;
        }
        out.push_str(&after[..n]);
        rest = after[n..].trim_start_matches("\r\n");
    }
    out
}

fn document(sql: &str) -> Value {
    let imported = import_sql(sql);
    assert!(imported.errors.is_empty(), "{:?}", imported.errors);
    serde_json::to_value(&imported.document).unwrap()
}

const V1: &str = "CREATE TABLE accounts (id bigint PRIMARY KEY, owner text NOT NULL);";
const V2: &str = "CREATE TABLE accounts (id bigint PRIMARY KEY, owner text NOT NULL, \
                  balance numeric NOT NULL DEFAULT 0);\n\
                  CREATE TABLE ledger (id bigint PRIMARY KEY, \
                  account_id bigint NOT NULL REFERENCES accounts (id));";

async fn columns(pool: &PgPool, table: &str) -> Vec<String> {
    sqlx::query_scalar(
        "SELECT column_name::text FROM information_schema.columns \
         WHERE table_schema = 'public' AND table_name = $1 ORDER BY ordinal_position",
    )
    .bind(table)
    .fetch_all(pool)
    .await
    .unwrap()
}

async fn history(pool: &PgPool) -> Vec<(i64, bool)> {
    sqlx::query_as(
        "SELECT version, finished_at IS NOT NULL AND error IS NULL \
         FROM joinery.schema_migrations ORDER BY version",
    )
    .fetch_all(pool)
    .await
    .unwrap()
}

/// Backends of other sessions connected to the target (the killed server's, until PostgreSQL
/// notices the client is gone).
async fn other_sessions(pool: &PgPool) -> i64 {
    sqlx::query_scalar(
        "SELECT count(*) FROM pg_stat_activity \
         WHERE datname = current_database() AND pid <> pg_backend_pid() \
         AND application_name NOT LIKE 'sqlx-test-pool%' AND backend_type = 'client backend' \
         AND query NOT LIKE '%pg_stat_activity%'",
    )
    .fetch_one(pool)
    .await
    .unwrap()
}

#[test]
fn sigkill_of_the_server_mid_migration_leaves_the_target_consistent_and_a_restart_applies() {
    sigkill_mid_migration(false);
}

/// The same with the store in PostgreSQL (where runs are shared by servers, so the cut-off run
/// is recognised by its released liveness lock rather than by the restart alone).
#[test]
fn the_same_on_a_postgres_store() {
    sigkill_mid_migration(true);
}

fn sigkill_mid_migration(postgres_store: bool) {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let target = rt.block_on(TestDb::create());
    let pool = rt.block_on(target.pool());
    let data = tempfile::tempdir().unwrap();
    let store = postgres_store.then(|| rt.block_on(TestDb::create()));
    let store_url = store.as_ref().map(|s| s.url.clone());

    let server = Server::start(data.path(), store_url.as_deref());
    let project = server.expect("POST", "/api/projects", Some(json!({"name": "Kill"})), 201);
    let p = format!("/api/projects/{}", project["id"].as_str().unwrap());
    let saved = server.expect(
        "PUT",
        &format!("{p}/draft"),
        Some(json!({"base_revision": 1, "document": document(V1)})),
        200,
    );
    server.expect(
        "POST",
        &format!("{p}/versions"),
        Some(json!({"message": "v1"})),
        201,
    );
    let t = server.expect(
        "POST",
        &format!("{p}/targets"),
        Some(json!({"name": "db", "url": target.url})),
        201,
    );
    let t = format!("{p}/targets/{}", t["id"].as_str().unwrap());
    let run = server.expect(
        "POST",
        &format!("{t}/apply"),
        Some(json!({"wait": true})),
        200,
    );
    assert_eq!(run["status"], "succeeded", "{run}");

    server.expect(
        "PUT",
        &format!("{p}/draft"),
        Some(json!({"base_revision": saved["revision"], "document": document(V2)})),
        200,
    );
    server.expect(
        "POST",
        &format!("{p}/versions"),
        Some(json!({"message": "balances and ledger"})),
        201,
    );

    // Hold a lock the migration's ALTER TABLE must wait for, then start the apply.
    let mut locker = rt.block_on(PgConnection::connect(&target.url)).unwrap();
    rt.block_on(async {
        sqlx::query("BEGIN").execute(&mut locker).await.unwrap();
        sqlx::query("LOCK TABLE accounts IN ACCESS SHARE MODE")
            .execute(&mut locker)
            .await
            .unwrap();
    });
    let started = server.expect("POST", &format!("{t}/apply"), Some(json!({})), 202);
    let apply_id = started["apply_id"].as_str().unwrap().to_string();
    let waited = Instant::now();
    loop {
        let waiting: i64 = rt
            .block_on(
                sqlx::query_scalar(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() \
                     AND wait_event_type = 'Lock' AND query ILIKE '%balance%'",
                )
                .fetch_one(&pool),
            )
            .unwrap();
        if waiting > 0 {
            break;
        }
        assert!(
            waited.elapsed() < Duration::from_secs(20),
            "the migration never reached the locked table"
        );
        std::thread::sleep(Duration::from_millis(50));
    }

    // SIGKILL the server in the middle of the migration's transaction, then let the lock go.
    let mut server = server;
    server.child.kill().unwrap(); // SIGKILL
    assert!(!server.child.wait().unwrap().success());
    drop(server);
    rt.block_on(async {
        sqlx::query("ROLLBACK").execute(&mut locker).await.unwrap();
        let _ = locker.close().await;
    });
    let waited = Instant::now();
    while rt.block_on(other_sessions(&pool)) > 0 {
        assert!(
            waited.elapsed() < Duration::from_secs(20),
            "the killed server's session never went away"
        );
        std::thread::sleep(Duration::from_millis(100));
    }

    // The target is exactly at version 1, and its history says so.
    rt.block_on(async {
        assert_eq!(columns(&pool, "accounts").await, ["id", "owner"]);
        assert!(
            columns(&pool, "ledger").await.is_empty(),
            "no half migration"
        );
        assert_eq!(history(&pool).await, vec![(1, true)]);
    });

    // A restart on the same data directory reports the cut-off run and applies version 2.
    let server = Server::start(data.path(), store_url.as_deref());
    let cut = server.expect("GET", &format!("{p}/applies/{apply_id}"), None, 200);
    assert_eq!(cut["status"], "interrupted", "{cut}");
    let status = server.expect("GET", &format!("{t}/status"), None, 200);
    assert_eq!(status["pending"].as_array().unwrap().len(), 1, "{status}");
    let run = server.expect(
        "POST",
        &format!("{t}/apply"),
        Some(json!({"wait": true})),
        200,
    );
    assert_eq!(run["status"], "succeeded", "{run}");
    let status = server.expect("GET", &format!("{t}/status"), None, 200);
    assert_eq!(status["applied"].as_array().unwrap().len(), 2, "{status}");
    assert!(status["pending"].as_array().unwrap().is_empty(), "{status}");
    rt.block_on(async {
        assert_eq!(columns(&pool, "accounts").await, ["id", "owner", "balance"]);
        assert_eq!(columns(&pool, "ledger").await, ["id", "account_id"]);
        assert_eq!(history(&pool).await, vec![(1, true), (2, true)]);
    });
    drop(server);
    rt.block_on(async {
        pool.close().await;
        target.drop_db().await;
        if let Some(store) = store {
            store.drop_db().await;
        }
    });
}
