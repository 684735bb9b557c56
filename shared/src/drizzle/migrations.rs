//! The drizzle-kit migration folder: SQL files, `meta/_journal.json` and one snapshot per
//! migration.

use sha2::{Digest, Sha256};

use super::json::J;
use super::DrizzleError;
use crate::model::{Document, Schema};

/// The `prevId` of the first snapshot, as drizzle-kit writes it.
pub const ZERO_UUID: &str = "00000000-0000-0000-0000-000000000000";

/// The statement separator drizzle-kit's migrator splits on.
pub const BREAKPOINT: &str = "--> statement-breakpoint";

/// The whole schema as separate DDL statements for an empty database: the same statements as
/// [`crate::ddl::render_schema`].
pub fn full_ddl_statements(schema: &Schema) -> Vec<String> {
    crate::ddl::schema_statements(schema)
}

/// A UUID (version-4 layout) derived from content, so exporting the same versions twice gives
/// byte-identical folders.
fn content_uuid(parts: &[&str]) -> String {
    let mut h = Sha256::new();
    h.update(b"joinery-drizzle-snapshot");
    for p in parts {
        h.update([0u8]);
        h.update(p.as_bytes());
    }
    let d = h.finalize();
    let mut b = [0u8; 16];
    b.copy_from_slice(&d[..16]);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

/// A migration tag's name part: lowercase letters, digits and underscores only.
fn tag_name(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('_') && !out.is_empty() {
            out.push('_');
        }
    }
    let out = out.trim_end_matches('_').to_string();
    if out.is_empty() {
        "migration".into()
    } else {
        out
    }
}

/// The migration folder for a sequence of versions, with `planner(from, to)` giving the SQL
/// statements that turn one version into the next (version 0 is always the full DDL).
///
/// `versions` are `(name, document, when)` with `when` in Unix milliseconds, as in drizzle-kit's
/// journal. Paths are relative to the migrations folder.
pub fn export_migrations_with(
    versions: &[(String, Document, u64)],
    planner: &dyn Fn(&Document, &Document) -> Vec<String>,
) -> Vec<(String, String)> {
    let mut files = Vec::new();
    let mut entries = Vec::new();
    let mut prev_id = ZERO_UUID.to_string();
    for (i, (name, doc, when)) in versions.iter().enumerate() {
        let tag = format!("{i:04}_{}", tag_name(name));
        let statements = if i == 0 {
            full_ddl_statements(&doc.schema)
        } else {
            planner(&versions[i - 1].1, doc)
        };
        let mut sql = statements
            .iter()
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(&format!("\n{BREAKPOINT}\n"));
        if !sql.is_empty() {
            sql.push('\n');
        }
        files.push((format!("{tag}.sql"), sql));
        let body = super::snapshot_value(&doc.schema, "", &prev_id).compact();
        let id = content_uuid(&[&prev_id, &body]);
        files.push((
            format!("meta/{i:04}_snapshot.json"),
            super::snapshot_json(&doc.schema, &id, &prev_id),
        ));
        entries.push(J::obj(vec![
            ("idx", J::Num((i as u64).into())),
            ("version", J::s("7")),
            ("when", J::Num((*when).into())),
            ("tag", J::s(&tag)),
            ("breakpoints", J::Bool(true)),
        ]));
        prev_id = id;
    }
    let journal = J::obj(vec![
        ("version", J::s("7")),
        ("dialect", J::s("postgresql")),
        ("entries", J::Arr(entries)),
    ]);
    files.push(("meta/_journal.json".to_string(), journal.pretty()));
    files
}

/// The migration folder for a sequence of versions; later versions are planned from the one
/// before with Joinery's migration planner.
pub fn export_migrations(versions: &[(String, Document, u64)]) -> Vec<(String, String)> {
    export_migrations_with(versions, &plan_statements)
}

/// The planner's statements from one version to the next, each preceded by its hazards as
/// `-- hazard:` comments so they show in review. drizzle-kit's migrator runs a whole migration
/// in one transaction, so the planner's transactional (non-online) forms are used.
fn plan_statements(from: &Document, to: &Document) -> Vec<String> {
    let options = crate::plan::PlanOptions::default();
    crate::plan::migrate(&from.schema, &to.schema, &options)
        .statements
        .into_iter()
        .map(|s| {
            let mut text = String::new();
            for h in &s.hazards {
                text.push_str(&format!("-- hazard: {}: {}\n", h.kind.label(), h.message));
            }
            text.push_str(&s.sql);
            text
        })
        .collect()
}

/// The path (relative to the migrations folder) of the newest snapshot listed in a drizzle-kit
/// journal, e.g. `meta/0003_snapshot.json`.
pub fn latest_snapshot_path(journal_json: &str) -> Result<String, DrizzleError> {
    let root: J = serde_json::from_str(journal_json).map_err(|e| DrizzleError::Json {
        line: e.line(),
        column: e.column(),
        message: e.to_string(),
    })?;
    let entries = root
        .get("entries")
        .and_then(J::items)
        .ok_or_else(|| DrizzleError::Snapshot {
            at: "_journal.json".into(),
            message: "missing `entries` array".into(),
        })?;
    let idx = entries
        .iter()
        .filter_map(|e| match e.get("idx") {
            Some(J::Num(n)) => n.as_u64(),
            _ => None,
        })
        .max()
        .ok_or_else(|| DrizzleError::Snapshot {
            at: "_journal.json".into(),
            message: "the journal lists no migrations".into(),
        })?;
    Ok(format!("meta/{idx:04}_snapshot.json"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuids_are_deterministic_v4_shaped() {
        let a = content_uuid(&["x"]);
        assert_eq!(a, content_uuid(&["x"]));
        assert_ne!(a, content_uuid(&["y"]));
        assert_eq!(a.len(), 36);
        assert_eq!(&a[14..15], "4");
    }

    #[test]
    fn tags_are_safe() {
        assert_eq!(tag_name("Add wealth table!"), "add_wealth_table");
        assert_eq!(tag_name("  "), "migration");
    }

    #[test]
    fn journal_points_at_newest_snapshot() {
        let j = r#"{"version":"7","dialect":"postgresql","entries":[{"idx":0},{"idx":1}]}"#;
        assert_eq!(latest_snapshot_path(j).unwrap(), "meta/0001_snapshot.json");
        assert!(latest_snapshot_path("{}").is_err());
    }
}
