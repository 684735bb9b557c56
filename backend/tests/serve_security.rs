//! The real `joinery serve`, probed as an attacker on loopback would: a DNS-rebinding Host, a
//! cross-site Origin with a valid session, reads without credentials, the files it leaves on
//! disk, a second server on the same data folder, NUL bytes, a client that never finishes its
//! headers, and a public bind without TLS.

mod server_support;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use joinery_backend::testing::TestDb;
use serde_json::json;
use server_support::{cookie_pair, joinery, Server};

const PASSWORD: &str = "Sup3r-s3cret-Pa55word";

/// A target URL with [`PASSWORD`] (trust authentication ignores it) for `db`.
fn target_url(db: &TestDb) -> String {
    db.url
        .replacen("postgres@", &format!("postgres:{PASSWORD}@"), 1)
}

/// A connection straight to the SQLite store in `data_dir`, as another process would open it.
async fn store_file(data_dir: &std::path::Path) -> sqlx::SqliteConnection {
    use sqlx::Connection;
    let url = format!("sqlite://{}", data_dir.join("joinery.db").display());
    sqlx::SqliteConnection::connect(&url).await.unwrap()
}

#[test]
fn a_foreign_host_gets_no_page_and_no_token() {
    let dir = tempfile::tempdir().unwrap();
    let ui = dir.path().join("no-ui");
    std::fs::create_dir_all(&ui).unwrap();
    std::fs::write(
        ui.join("index.html"),
        "<html><head></head><body>THE-APP</body></html>",
    )
    .unwrap();
    let server = Server::start(dir.path(), &[]);
    for host in [
        "evil.example".to_string(),
        format!("evil.example:{}", server.port),
        "localhost:1".to_string(),
    ] {
        for path in [
            "/",
            "/index.html",
            "/api/health",
            "/api/projects",
            "/some/route",
        ] {
            let reply = server.raw("GET", path, &[("Host", &host)], "");
            assert_eq!(reply.status, 421, "{host} {path}: {reply:?}");
            assert!(!reply.body.contains(&server.token), "{reply:?}");
            assert!(!reply.body.contains("THE-APP"), "{reply:?}");
        }
        // Nor does a write with the attacker's Origin get through.
        let reply = server.raw(
            "POST",
            "/api/projects",
            &[
                ("Host", &host),
                ("Origin", "http://evil.example"),
                ("Content-Type", "application/json"),
            ],
            r#"{"name":"pwned"}"#,
        );
        assert_eq!(reply.status, 421, "{reply:?}");
    }
    let reply = server.raw("GET", "/", &[("Host", &server.host())], "");
    assert_eq!(reply.status, 200);
    assert!(reply.body.contains("THE-APP"));
    assert!(
        !reply.body.contains(&server.token),
        "the page holds no token"
    );
    for name in [
        "content-security-policy",
        "x-content-type-options",
        "referrer-policy",
    ] {
        assert!(reply.header(name).is_some(), "{name} missing: {reply:?}");
    }
    assert!(reply
        .header("content-security-policy")
        .unwrap()
        .contains("frame-ancestors 'none'"));
}

#[test]
fn sessions_come_from_one_time_links_and_never_cross_sites() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path(), &[]);
    let host = server.host();
    // Without credentials every GET route answers 401, listed from the router itself.
    for path in joinery_backend::api::routes().paths() {
        let path = path.replace("{number}", "1").replace(['{', '}'], "");
        let reply = server.raw("GET", &path, &[("Host", &host)], "");
        assert!(
            reply.status == 401 || reply.status == 405,
            "GET {path} without auth: {reply:?}"
        );
        if reply.status == 401 {
            assert_eq!(reply.json()["error"]["code"], "unauthorized");
        }
    }
    assert_eq!(
        server
            .raw("GET", "/api/health", &[("Host", &host)], "")
            .status,
        200
    );

    // The printed link signs in once.
    let signed = server.sign_in(&server.login_link);
    assert_eq!(signed.status, 303, "{signed:?}");
    let cookie = cookie_pair(&signed);
    let set = signed.header("set-cookie").unwrap();
    assert!(
        set.contains("HttpOnly") && set.contains("SameSite=Strict"),
        "{set}"
    );
    assert_eq!(
        server.sign_in(&server.login_link).status,
        401,
        "links work once"
    );

    let read = server.raw(
        "GET",
        "/api/projects",
        &[("Host", &host), ("Cookie", &cookie)],
        "",
    );
    assert_eq!(read.status, 200, "{read:?}");
    let own_origin = server.base.clone();
    let write = |origin: &str, site: &str| {
        server.raw(
            "POST",
            "/api/projects",
            &[
                ("Host", &host),
                ("Cookie", &cookie),
                ("Origin", origin),
                ("Sec-Fetch-Site", site),
                ("Content-Type", "application/json"),
            ],
            r#"{"name":"from the browser"}"#,
        )
    };
    assert_eq!(write(&own_origin, "same-origin").status, 201);
    let refused = write("http://evil.example", "cross-site");
    assert_eq!(refused.status, 403, "{refused:?}");
    assert_eq!(refused.json()["error"]["code"], "cross_site");
    assert_eq!(write("http://localhost:3000", "same-site").status, 403);

    // `joinery login-link` prints a fresh link for the same folder.
    let out = joinery()
        .args(["login-link", "--data-dir"])
        .arg(dir.path())
        .args(["--port", &server.port.to_string()])
        .env_remove("JOINERY_DATA_DIR")
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let link = String::from_utf8(out.stdout).unwrap();
    assert!(
        link.starts_with(&format!("http://127.0.0.1:{}/login?token=", server.port)),
        "{link}"
    );
    assert_eq!(server.sign_in(link.trim()).status, 303);
    // A folder that never ran a server has no token: a clear error.
    let empty = tempfile::tempdir().unwrap();
    let out = joinery()
        .args(["login-link", "--data-dir"])
        .arg(empty.path())
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot read the token"));
}

#[cfg(unix)]
#[tokio::test(flavor = "multi_thread")]
async fn secrets_at_rest_private_files_and_sealed_passwords() {
    use std::os::unix::fs::PermissionsExt;
    let parent = tempfile::tempdir().unwrap();
    let data = parent.path().join("data");
    let target_db = TestDb::create().await;
    let server = Server::start(&data, &[]);
    let pid = server.create_project("p", "empty");
    let created = server.call(
        "POST",
        &format!("/api/projects/{pid}/targets"),
        Some(json!({"name": "prod", "url": target_url(&target_db)})),
    );
    assert_eq!(created.status, 201, "{created:?}");
    let target = created.json();
    assert_eq!(target["password"], "stored");
    assert!(!created.body.contains(PASSWORD));
    let tid = target["id"].as_str().unwrap().to_string();
    // The sealed password still connects.
    let tested = server.call(
        "POST",
        &format!("/api/projects/{pid}/targets/{tid}/test"),
        None,
    );
    assert_eq!(tested.json()["ok"], true, "{tested:?}");

    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&data), 0o700, "data folder");
    for name in [
        "token",
        "secret.key",
        "joinery.db",
        "joinery.db-wal",
        "joinery.db-shm",
    ] {
        let path = data.join(name);
        if path.exists() {
            assert_eq!(mode(&path), 0o600, "{name}");
        } else {
            assert!(
                name.ends_with("-wal") || name.ends_with("-shm"),
                "{name} missing"
            );
        }
    }
    let grep = |dir: &std::path::Path| {
        std::fs::read_dir(dir)
            .unwrap()
            .filter_map(Result::ok)
            .filter(|e| e.path().is_file())
            .filter(|e| {
                let bytes = std::fs::read(e.path()).unwrap_or_default();
                bytes
                    .windows(PASSWORD.len())
                    .any(|w| w == PASSWORD.as_bytes())
            })
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        grep(&data),
        Vec::<String>::new(),
        "password found in the data folder"
    );
    server.stop();

    // A store written by an older version (plain-text password in the URL) is sealed at start.
    {
        use sqlx::Connection;
        let mut conn = store_file(&data).await;
        sqlx::query("UPDATE targets SET url = $1, password_sealed = NULL WHERE id = $2")
            .bind(target_url(&target_db))
            .bind(&tid)
            .execute(&mut conn)
            .await
            .unwrap();
        conn.close().await.unwrap();
    }
    assert!(!grep(&data).is_empty(), "the old-format row is in the file");
    let server = Server::start(&data, &[]);
    assert!(server
        .stdout
        .lock()
        .unwrap()
        .contains("sealed 1 target password"));
    assert_eq!(
        grep(&data),
        Vec::<String>::new(),
        "sealed and purged at start"
    );
    let tested = server.call(
        "POST",
        &format!("/api/projects/{pid}/targets/{tid}/test"),
        None,
    );
    assert_eq!(tested.json()["ok"], true, "{tested:?}");
    server.stop();

    // Rotating the key re-seals every password; the old key no longer opens them.
    let old_key = std::fs::read_to_string(data.join("secret.key")).unwrap();
    let out = joinery()
        .args(["rotate-key", "--data-dir"])
        .arg(&data)
        .env_remove("JOINERY_SECRET_KEY")
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("re-encrypted 1"),
        "{out:?}"
    );
    let new_key = std::fs::read_to_string(data.join("secret.key")).unwrap();
    assert_ne!(old_key, new_key);
    assert_eq!(mode(&data.join("secret.key")), 0o600);
    let server = Server::start(&data, &[]);
    let tested = server.call(
        "POST",
        &format!("/api/projects/{pid}/targets/{tid}/test"),
        None,
    );
    assert_eq!(tested.json()["ok"], true, "{tested:?}");
    server.stop();
    std::fs::write(data.join("secret.key"), old_key).unwrap();
    let server = Server::start(&data, &[]);
    let tested = server.call(
        "POST",
        &format!("/api/projects/{pid}/targets/{tid}/test"),
        None,
    );
    assert_eq!(tested.status, 400, "the old key cannot open it: {tested:?}");
    assert!(tested.body.contains("cannot be decrypted"), "{tested:?}");
    assert!(!tested.body.contains(PASSWORD));
    server.stop();
    target_db.drop_db().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_second_server_on_the_same_folder_refuses_before_touching_anything() {
    let dir = tempfile::tempdir().unwrap();
    let first = Server::start(dir.path(), &[]);
    let pid = first.create_project("p", "empty");
    let target = first
        .call(
            "POST",
            &format!("/api/projects/{pid}/targets"),
            Some(json!({"name": "t", "url": "postgres://u@127.0.0.1:1/x"})),
        )
        .json();
    let tid = target["id"].as_str().unwrap();
    // A run the first server is in the middle of (written as it would, straight to its store).
    {
        use sqlx::Connection;
        let mut conn = store_file(dir.path()).await;
        sqlx::query(
            "INSERT INTO apply_runs (id, project_id, target_id, status, started_at) \
             VALUES ('a_live', $1, $2, 'running', $3)",
        )
        .bind(&pid)
        .bind(tid)
        .bind(chrono::Utc::now())
        .execute(&mut conn)
        .await
        .unwrap();
        conn.close().await.unwrap();
    }
    let second = joinery()
        .args(["serve", "--port", "0", "--data-dir"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(!second.status.success(), "{second:?}");
    let err = String::from_utf8_lossy(&second.stderr);
    assert!(err.contains("already using the data folder"), "{err}");
    assert!(
        err.contains(&first.child.id().to_string()),
        "names the pid: {err}"
    );
    let run = first.call("GET", &format!("/api/projects/{pid}/applies/a_live"), None);
    assert_eq!(run.json()["status"], "running", "{run:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn nul_bytes_are_400_on_both_stores() {
    let dir = tempfile::tempdir().unwrap();
    let store_db = TestDb::create().await;
    for extra in [vec![], vec!["--store-url", store_db.url.as_str()]] {
        let server = Server::start(dir.path(), &extra);
        for (method, path, body) in [
            ("POST", "/api/projects", r#"{"name":"a\u0000b"}"#),
            ("GET", "/api/projects/p%00x", ""),
            ("GET", "/api/projects/p%00x/versions/1", ""),
        ] {
            let host = server.host();
            let auth = format!("Bearer {}", server.token);
            let reply = server.raw(
                method,
                path,
                &[
                    ("Host", &host),
                    ("Authorization", &auth),
                    ("Content-Type", "application/json"),
                ],
                body,
            );
            assert_eq!(reply.status, 400, "{extra:?} {method} {path}: {reply:?}");
            assert_eq!(reply.json()["error"]["code"], "bad_request");
        }
        // Error bodies the framework makes are JSON too.
        let reply = server.call("PUT", "/api/health", None);
        assert_eq!(reply.status, 405);
        assert_eq!(reply.json()["error"]["code"], "method_not_allowed");
        server.stop();
    }
    store_db.drop_db().await;
}

#[test]
fn a_client_that_never_finishes_its_headers_is_disconnected() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path(), &["--header-timeout", "2"]);
    let mut stream = TcpStream::connect(&server.addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    write!(
        stream,
        "GET /api/health HTTP/1.1\r\nHost: {}\r\nX-Slow: ",
        server.host()
    )
    .unwrap();
    let started = Instant::now();
    let mut buf = Vec::new();
    let _ = stream.read_to_end(&mut buf);
    let waited = started.elapsed();
    assert!(
        waited < Duration::from_secs(10),
        "still open after {waited:?}"
    );
    // Nor may a client connect and say nothing at all.
    let mut silent = TcpStream::connect(&server.addr).unwrap();
    silent
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    let started = Instant::now();
    let _ = silent.read_to_end(&mut buf);
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "silent client kept {:?}",
        started.elapsed()
    );
    // The server keeps answering others.
    assert_eq!(server.call("GET", "/api/health", None).status, 200);
}

#[test]
fn a_public_bind_without_tls_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let out = joinery()
        .args(["serve", "--port", "0", "--bind", "0.0.0.0", "--data-dir"])
        .arg(dir.path())
        .env_remove("JOINERY_PUBLIC_URL")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("refusing to listen on 0.0.0.0"), "{err}");
    assert!(err.contains("--public-url https://"), "{err}");
    let out = joinery()
        .args([
            "serve",
            "--port",
            "0",
            "--public-url",
            "not a url",
            "--data-dir",
        ])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("invalid public URL"));
}

#[test]
fn a_public_url_host_is_served_and_its_cookies_are_secure() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path(), &["--public-url", "https://joinery.example.com"]);
    let reply = server.raw("GET", "/api/health", &[("Host", "joinery.example.com")], "");
    assert_eq!(reply.status, 200, "{reply:?}");
    let path = &server.login_link[server.login_link.find("/login").unwrap()..];
    let signed = server.raw("GET", path, &[("Host", "joinery.example.com")], "");
    assert_eq!(signed.status, 303);
    assert!(
        signed.header("set-cookie").unwrap().contains("Secure"),
        "{signed:?}"
    );
    let cookie = cookie_pair(&signed);
    let write = server.raw(
        "POST",
        "/api/projects",
        &[
            ("Host", "joinery.example.com"),
            ("Origin", "https://joinery.example.com"),
            ("Cookie", &cookie),
            ("Content-Type", "application/json"),
        ],
        r#"{"name":"via proxy"}"#,
    );
    assert_eq!(write.status, 201, "{write:?}");
}
