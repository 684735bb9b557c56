//! The CLI reads a drizzle-kit snapshot (`meta/NNNN_snapshot.json`) as a schema source.

use std::process::Command;

#[test]
fn ddl_and_inspect_read_a_drizzle_kit_snapshot() {
    let demo = joinery_shared::demo::demo_document();
    let snapshot = joinery_shared::drizzle::snapshot_json(
        &demo.schema,
        "00000000-0000-4000-8000-000000000001",
        "00000000-0000-0000-0000-000000000000",
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("0000_snapshot.json");
    std::fs::write(&path, snapshot).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_joinery"))
        .arg("ddl")
        .arg(&path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let ddl = String::from_utf8(out.stdout).unwrap();
    assert!(ddl.contains("CREATE TYPE wealth_status AS ENUM"), "{ddl}");
    assert!(ddl.contains("CREATE TABLE resource_memberships ("), "{ddl}");

    // A broken snapshot is a clear error naming the file, not a panic.
    std::fs::write(
        &path,
        r#"{"dialect":"postgresql","version":"7","tables":{"public.t":{"columns":7}}}"#,
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_joinery"))
        .arg("inspect")
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("0000_snapshot.json"), "{stderr}");
}
