//! Hazard consent: a run refuses, before anything runs, any pending statement with a hazard of a
//! kind the caller did not explicitly allow (as pg-schema-diff does), so a statement that deletes
//! data never runs just because Apply was pressed.

use joinery_shared::plan::HazardKind;
use serde::Serialize;

use super::PendingMigration;

pub use joinery_shared::wire::CONSENT_KINDS;

/// The names of [`CONSENT_KINDS`], comma-separated, for messages.
pub fn consent_kind_names() -> String {
    CONSENT_KINDS.map(|k| k.name()).join(", ")
}

/// Which hazard kinds a run may execute.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Consent {
    /// Check at all (the server always does; hand-written migration files carry no hazards).
    pub enforce: bool,
    allowed: u8,
}

/// A hazard the run was not allowed to execute.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct UnallowedHazard {
    /// The migration.
    pub version: i64,
    /// Its name.
    pub name: String,
    /// 0-based statement index.
    pub statement_index: usize,
    /// The hazard kind (`deletes_data`, ...).
    pub kind: String,
    /// The planner's explanation.
    pub message: String,
}

impl Consent {
    /// Enforced consent allowing exactly `kinds` (names from [`CONSENT_KINDS`]).
    pub fn allowing<S: AsRef<str>>(kinds: &[S]) -> Result<Consent, String> {
        let mut allowed = 0u8;
        for kind in kinds {
            let kind = kind.as_ref();
            let bit = CONSENT_KINDS
                .iter()
                .position(|k| k.name() == kind)
                .ok_or_else(|| {
                    format!(
                        "unknown hazard kind {kind:?} (allow any of: {})",
                        consent_kind_names()
                    )
                })?;
            allowed |= 1 << bit;
        }
        Ok(Consent {
            enforce: true,
            allowed,
        })
    }

    fn allows(&self, kind: HazardKind) -> bool {
        match CONSENT_KINDS.iter().position(|k| *k == kind) {
            Some(bit) => !self.enforce || self.allowed & (1 << bit) != 0,
            None => true,
        }
    }

    /// The hazards of `pending` (from where each migration resumes) this consent does not allow.
    pub fn unallowed(&self, pending: &[PendingMigration]) -> Vec<UnallowedHazard> {
        let mut out = Vec::new();
        for m in pending {
            for (i, st) in m.statements.iter().enumerate().skip(m.resume_at) {
                for h in &st.hazards {
                    if !self.allows(h.kind) {
                        out.push(UnallowedHazard {
                            version: m.version,
                            name: m.name.clone(),
                            statement_index: i,
                            kind: h.kind.name().to_string(),
                            message: h.message.clone(),
                        });
                    }
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::MigrationStatement;

    fn pending(kinds: &[&str]) -> Vec<PendingMigration> {
        vec![PendingMigration {
            version: 2,
            name: "0002_x".into(),
            checksum: String::new(),
            resume_at: 0,
            interrupted: false,
            statements: kinds
                .iter()
                .map(|k| MigrationStatement {
                    sql: "ALTER TABLE t DROP COLUMN c".into(),
                    transactional: true,
                    hazards: vec![joinery_shared::plan::Hazard {
                        kind: joinery_shared::plan::HazardKind::from_name(k).unwrap(),
                        message: "m".into(),
                    }],
                    source: None,
                    lock: None,
                    own_transaction: false,
                })
                .collect(),
        }]
    }

    #[test]
    fn only_allowed_kinds_pass_and_information_never_needs_consent() {
        let p = pending(&["deletes_data", "locks_table", "not_transactional"]);
        let none = Consent::allowing::<&str>(&[]).unwrap();
        let kinds: Vec<String> = none.unallowed(&p).into_iter().map(|h| h.kind).collect();
        assert_eq!(kinds, vec!["deletes_data", "locks_table"]);
        let some = Consent::allowing(&["deletes_data"]).unwrap();
        assert_eq!(some.unallowed(&p).len(), 1);
        let all = Consent::allowing(&CONSENT_KINDS.map(|k| k.name())).unwrap();
        assert!(all.unallowed(&p).is_empty());
        assert!(Consent::default().unallowed(&p).is_empty(), "not enforced");
        assert!(Consent::allowing(&["drop_everything"]).is_err());
    }
}
