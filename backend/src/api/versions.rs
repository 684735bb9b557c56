//! Versions (immutable snapshots), their migrations, and diffs between any two states.

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::routing::get;
use axum::Json;
use joinery_shared::model::{Document, Schema};
use serde::Deserialize;

use super::{flag, parse_body, version_number, Routes};
use crate::apply::planning::{plan_migration, version_migration};
use crate::store::{RepoError, StoredMigration, Version, VersionInfo};
use crate::{AppError, AppState};
use joinery_shared::wire::DiffResponse;

pub fn router() -> Routes {
    Routes::new()
        .route("/api/projects/{id}/versions", get(list).post(create))
        .route("/api/projects/{id}/versions/{number}", get(read))
        .route(
            "/api/projects/{id}/versions/{number}/migration",
            get(read_migration),
        )
        .route("/api/projects/{id}/migrations", get(list_migrations))
        .route("/api/projects/{id}/diff", get(diff))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CreateVersion {
    message: String,
    /// When given, the draft must still be at this revision (else 409).
    #[serde(default)]
    base_revision: Option<i64>,
    /// Plan the migration online-safe (e.g. `CREATE INDEX CONCURRENTLY`).
    #[serde(default)]
    online: bool,
}

async fn list(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<Vec<VersionInfo>>, AppError> {
    Ok(Json(state.store.list_versions(&id).await?))
}

async fn create(
    State(state): State<AppState>,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<(StatusCode, Json<Version>), AppError> {
    let req: CreateVersion = parse_body(&body)?;
    let message = req.message.clone();
    let version = state
        .store
        .create_version(
            &id,
            &req.message,
            req.base_revision,
            |parent, draft, number| {
                crate::heavy::in_place(|| {
                    // A version is what gets applied: refuse a schema PostgreSQL would reject.
                    let problems = joinery_shared::validate::validate(&draft.schema);
                    if !problems.is_empty() {
                        let listed: Vec<String> =
                            problems.iter().take(10).map(|p| p.to_string()).collect();
                        return Err(RepoError::Invalid(format!(
                            "the draft has {} problem(s) to fix before it can be versioned: {}",
                            problems.len(),
                            listed.join("; ")
                        )));
                    }
                    version_migration(parent, draft, number, message.trim(), req.online)
                        .map_err(|e| RepoError::Invalid(e.to_string()))
                })
            },
        )
        .await?;
    tracing::info!(project = %id, version = version.info.number, "version created");
    Ok((StatusCode::CREATED, Json(version)))
}

async fn read(
    State(state): State<AppState>,
    Path((id, number)): Path<(String, String)>,
) -> Result<Json<Version>, AppError> {
    let number = version_number(&number)?;
    Ok(Json(state.store.version(&id, number).await?))
}

async fn read_migration(
    State(state): State<AppState>,
    Path((id, number)): Path<(String, String)>,
) -> Result<Json<StoredMigration>, AppError> {
    let number = version_number(&number)?;
    Ok(Json(state.store.migration(&id, number).await?))
}

async fn list_migrations(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<Vec<StoredMigration>>, AppError> {
    Ok(Json(state.store.list_migrations(&id).await?))
}

/// Resolves `draft`, `empty` or a version number to a document.
async fn side(state: &AppState, id: &str, which: &str) -> Result<Document, AppError> {
    match which {
        "draft" => Ok(state.store.draft(id).await?.document),
        "empty" => {
            state.store.project_summary(id).await?;
            Ok(Document::new(Schema::default()))
        }
        n => Ok(state.store.version(id, version_number(n)?).await?.document),
    }
}

async fn diff(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Json<DiffResponse>, AppError> {
    let param = |name: &str| {
        q.get(name).cloned().ok_or_else(|| {
            AppError::BadRequest(format!(
                "missing query parameter {name:?} (a version number, \"draft\" or \"empty\")"
            ))
        })
    };
    let (from_ref, to_ref) = (param("from")?, param("to")?);
    let online = flag(&q, "online")?;
    let from = side(&state, &id, &from_ref).await?;
    let to = side(&state, &id, &to_ref).await?;
    let plan = crate::heavy::run(move || plan_migration(Some(&from.schema), &to.schema, online))
        .await?
        .map_err(|e| AppError::BadRequest(e.to_string()))?;
    Ok(Json(DiffResponse {
        from: from_ref,
        to: to_ref,
        online,
        plan,
    }))
}
