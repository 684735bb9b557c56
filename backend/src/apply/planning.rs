//! The one place the backend turns two schemas into a migration (through the shared diff engine
//! and planner, `joinery_shared::plan::migrate`), in the shape the store and the apply engine
//! keep: statements with their transactional flag, hazards (`{kind, label, message}`) and the
//! change they come from, plus the script as `Plan::to_sql` prints it (hazards as comments).

use joinery_shared::model::{Document, Schema};
use joinery_shared::normalize::canonical;
use joinery_shared::plan::{migrate, PlanOptions};
use serde::{Deserialize, Serialize};

use crate::store::{migration_name, MigrationStatement, NewMigration};

/// A migration plan between two schemas.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlannedMigration {
    /// The statements in order, with transactional flags and hazards.
    pub statements: Vec<MigrationStatement>,
    /// The whole script as the planner prints it.
    pub sql: String,
}

impl PlannedMigration {
    /// True when the two schemas are equivalent.
    pub fn is_empty(&self) -> bool {
        self.statements.is_empty()
    }
}

/// Why no plan could be made.
#[derive(Debug, thiserror::Error)]
pub enum PlanningError {
    /// The planner refused (e.g. an invalid schema).
    #[error("cannot plan the migration: {0}")]
    Planner(String),
}

/// The migration that turns `from` (nothing when `None`) into `to`.
pub fn plan_migration(
    from: Option<&Schema>,
    to: &Schema,
    online: bool,
) -> Result<PlannedMigration, PlanningError> {
    let empty = Schema::default();
    let from = from.unwrap_or(&empty);
    // Schemas describing the same database need no SQL, whatever the planner would say.
    if canonical(from) == canonical(to) {
        return Ok(PlannedMigration {
            statements: Vec::new(),
            sql: String::new(),
        });
    }
    let plan = migrate(from, to, &PlanOptions { online });
    let statements = plan
        .statements
        .iter()
        .map(|s| MigrationStatement {
            sql: s.sql.clone(),
            transactional: s.transactional,
            hazards: s
                .hazards
                .iter()
                .map(|h| {
                    serde_json::json!({
                        "kind": h.kind,
                        "label": h.kind.label(),
                        "message": h.message,
                    })
                })
                .collect(),
            source: Some(s.source.clone()),
            lock: s.lock.clone(),
            own_transaction: s.own_transaction,
        })
        .collect();
    Ok(PlannedMigration {
        statements,
        sql: plan.to_sql(),
    })
}

/// The migration stored with version `number`: from its parent's schema to the new one
/// (`online`: prefer statements that avoid long locks, e.g. `CREATE INDEX CONCURRENTLY`).
pub fn version_migration(
    parent: Option<&Document>,
    document: &Document,
    number: i64,
    message: &str,
    online: bool,
) -> Result<NewMigration, PlanningError> {
    let plan = plan_migration(parent.map(|d| &d.schema), &document.schema, online)?;
    Ok(NewMigration {
        name: migration_name(number, message),
        checksum: super::checksum(&plan.sql),
        sql: plan.sql,
        statements: plan.statements,
    })
}
