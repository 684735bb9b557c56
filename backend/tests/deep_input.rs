//! Deep and huge input through the real binary: the CLI and `joinery serve` answer with a clear
//! error (or a correct result) and stay up; other requests keep being answered.

mod server_support;

use std::time::{Duration, Instant};

use serde_json::{json, Value};
use server_support::{joinery, Server};

fn or_chain(n: usize) -> String {
    (0..n)
        .map(|i| format!("x = {i}"))
        .collect::<Vec<_>>()
        .join(" OR ")
}

/// The deep inputs, as (label, CREATE TABLE statement).
fn deep_statements() -> Vec<(&'static str, String)> {
    vec![
        (
            "12,000-term OR",
            format!("CREATE TABLE t (x int CHECK ({}));", or_chain(12_000)),
        ),
        (
            "10,000-term sum",
            format!(
                "CREATE TABLE t (x int DEFAULT {});",
                vec!["1"; 10_000].join(" + ")
            ),
        ),
        (
            "50,000 []",
            format!("CREATE TABLE t (a int{});", "[]".repeat(50_000)),
        ),
        (
            "10,000 nested parentheses",
            format!(
                "CREATE TABLE t (x int DEFAULT {}1{});",
                "(".repeat(10_000),
                ")".repeat(10_000)
            ),
        ),
    ]
}

#[test]
fn the_cli_refuses_deep_sql_with_a_located_error() {
    let dir = tempfile::tempdir().unwrap();
    for (label, sql) in deep_statements() {
        let path = dir.path().join("deep.sql");
        std::fs::write(&path, &sql).unwrap();
        let started = Instant::now();
        let out = joinery().arg("ddl").arg(&path).output().unwrap();
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "{label}: {:?}",
            started.elapsed()
        );
        assert!(!out.status.success(), "{label}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("deep.sql:1:"), "{label}: {err}");
        assert!(
            err.contains("operators in one chain") || err.contains("nested deeper than"),
            "{label}: {err}"
        );
    }
    // A 1 MB identifier imports; its name is simply too long for PostgreSQL.
    let path = dir.path().join("long.sql");
    std::fs::write(
        &path,
        format!("CREATE TABLE {} (id int);", "a".repeat(1 << 20)),
    )
    .unwrap();
    let out = joinery().arg("inspect").arg(&path).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn the_cli_refuses_a_model_with_a_smuggled_statement() {
    let dir = tempfile::tempdir().unwrap();
    let model = json!({"format": "joinery/1", "schema": {"tables": [{
        "id": "t1", "name": "base",
        "columns": [{"id": "c1", "name": "n", "type": {"kind": "integer"},
                     "default": {"kind": "expression", "value": "1; DROP TABLE victim1"}}]
    }]}});
    let path = dir.path().join("model.json");
    std::fs::write(&path, model.to_string()).unwrap();
    for command in [vec!["ddl"], vec!["inspect"]] {
        let out = joinery().args(&command).arg(&path).output().unwrap();
        assert!(!out.status.success(), "{command:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("not valid SQL") && err.contains("second statement"),
            "{err}"
        );
        assert!(!String::from_utf8_lossy(&out.stdout).contains("DROP TABLE victim1"));
    }
    let out = joinery()
        .args(["diff", "--from"])
        .arg(dir.path().join("missing-is-fine.json"))
        .arg("--to")
        .arg(&path)
        .output()
        .unwrap();
    assert!(!out.status.success());
}

fn design(columns: Value, checks: Value) -> Value {
    json!({"format": "joinery/1", "schema": {"tables": [{
        "id": "t1", "name": "t", "columns": columns, "checks": checks
    }]}})
}

#[test]
fn the_server_stays_up_and_refuses_deep_designs_as_versions() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path(), &[]);
    let project = server
        .call(
            "POST",
            "/api/projects",
            Some(json!({"name": "deep", "template": "empty"})),
        )
        .json();
    let pid = project["id"].as_str().unwrap().to_string();
    let x = json!({"id": "c1", "name": "x", "type": {"kind": "integer"}});
    let cases = vec![
        (
            "12,000-term OR check",
            design(
                json!([x.clone()]),
                json!([{"id": "k1", "name": "t_check", "expression": or_chain(12_000)}]),
            ),
        ),
        (
            "10,000-term sum default",
            design(
                json!([{"id": "c1", "name": "x", "type": {"kind": "integer"},
            "default": {"kind": "expression", "value": vec!["1"; 10_000].join(" + ")}}]),
                json!([]),
            ),
        ),
        (
            "10,000 nested parentheses",
            design(
                json!([{"id": "c1", "name": "x", "type": {"kind": "integer"},
            "default": {"kind": "expression", "value": format!("{}1{}", "(".repeat(10_000), ")".repeat(10_000))}}]),
                json!([]),
            ),
        ),
        (
            "50,000 [] custom type",
            design(
                json!([{"id": "c1", "name": "x", "type": {"kind": "custom", "name": format!("int{}", "[]".repeat(50_000))}}]),
                json!([]),
            ),
        ),
        (
            "1 MB identifier",
            design(
                json!([{"id": "c1", "name": "a".repeat(1 << 20), "type": {"kind": "integer"}}]),
                json!([]),
            ),
        ),
    ];
    let mut revision = project["revision"].as_i64().unwrap();
    for (label, document) in cases {
        let started = Instant::now();
        let saved = server.call(
            "PUT",
            &format!("/api/projects/{pid}/draft"),
            Some(json!({"base_revision": revision, "document": document})),
        );
        assert_eq!(saved.status, 200, "{label}: {saved:?}");
        revision = saved.json()["revision"].as_i64().unwrap();
        // The preview plans it (the fragment is compared as text), without crashing anything.
        let diff = server.call(
            "GET",
            &format!("/api/projects/{pid}/diff?from=empty&to=draft"),
            None,
        );
        assert!(
            diff.status == 200 || diff.status == 400,
            "{label}: {diff:?}"
        );
        // A version is what gets applied: refused, naming the problem.
        let version = server.call(
            "POST",
            &format!("/api/projects/{pid}/versions"),
            Some(json!({"message": label, "base_revision": revision})),
        );
        assert_eq!(
            version.status,
            400,
            "{label}: {}",
            &version.body[..version.body.len().min(400)]
        );
        let message = version.json()["error"]["message"]
            .as_str()
            .unwrap()
            .to_string();
        assert!(
            message.contains("not valid SQL") || message.contains("bytes long"),
            "{label}: {}",
            &message[..message.len().min(400)]
        );
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "{label}: {:?}",
            started.elapsed()
        );
        // Still up, still answering.
        assert_eq!(
            server.call("GET", "/api/health", None).status,
            200,
            "{label}"
        );
    }
    // A JSON document nested deeper than the parser allows is a 400, not a crash.
    let mut deep = String::new();
    for _ in 0..50_000 {
        deep.push_str("{\"kind\":\"array\",\"element\":");
    }
    deep.push_str("{\"kind\":\"integer\"}");
    for _ in 0..50_000 {
        deep.push('}');
    }
    let body = format!(
        "{{\"base_revision\":{revision},\"document\":{{\"format\":\"joinery/1\",\"schema\":{{\"tables\":[{{\"id\":\"t1\",\"name\":\"t\",\"columns\":[{{\"id\":\"c1\",\"name\":\"x\",\"type\":{deep}}}]}}]}}}}}}"
    );
    let host = server.host();
    let auth = format!("Bearer {}", server.token);
    let reply = server.raw(
        "PUT",
        &format!("/api/projects/{pid}/draft"),
        &[
            ("Host", &host),
            ("Authorization", &auth),
            ("Content-Type", "application/json"),
        ],
        &body,
    );
    assert_eq!(
        reply.status,
        400,
        "{}",
        &reply.body[..reply.body.len().min(300)]
    );
    assert_eq!(server.call("GET", "/api/health", None).status, 200);
}
