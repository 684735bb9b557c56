//! The one place the backend turns two schemas into a migration (through the shared diff engine
//! and planner, `joinery_shared::plan::migrate`, which also decides that equivalent schemas need
//! no SQL), in the shape the store and the apply engine keep ([`PlannedMigration`], the API's
//! wire type): statements with their transactional flag, typed hazards and lock, the change they
//! come from, plus the script as `Plan::to_sql` prints it (hazards as comments).

use joinery_shared::model::{Document, Schema};
use joinery_shared::plan::{migrate, PlanOptions};

pub use joinery_shared::wire::PlannedMigration;

use crate::store::{migration_name, NewMigration};

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
    let plan = migrate(from.unwrap_or(&empty), to, &PlanOptions { online });
    Ok(PlannedMigration::from(&plan))
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
