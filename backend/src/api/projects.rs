//! Projects and their working drafts.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::get;
use axum::Json;
use joinery_shared::model::{Document, Schema, FORMAT};
use serde::{Deserialize, Serialize};

use super::parse_body;
use super::Routes;
use crate::store::{Draft, Project, ProjectSummary};
use crate::{AppError, AppState};

pub fn router() -> Routes {
    Routes::new()
        .route("/api/projects", get(list).post(create))
        .route("/api/projects/{id}", get(read).patch(rename).delete(delete))
        .route("/api/projects/{id}/draft", get(read_draft).put(save_draft))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CreateProject {
    name: String,
    /// `"demo"` starts from the demo schema; `"empty"` (the default) from nothing.
    #[serde(default)]
    template: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RenameProject {
    name: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SaveDraft {
    base_revision: i64,
    document: Document,
}

#[derive(Serialize)]
struct Saved {
    revision: i64,
}

async fn list(State(state): State<AppState>) -> Result<Json<Vec<ProjectSummary>>, AppError> {
    Ok(Json(state.store.list_projects().await?))
}

async fn create(
    State(state): State<AppState>,
    body: Bytes,
) -> Result<(StatusCode, Json<Project>), AppError> {
    let req: CreateProject = parse_body(&body)?;
    let document = match req.template.as_deref() {
        None | Some("empty") => Document::new(Schema::default()),
        Some("demo") => joinery_shared::demo::demo_document(),
        Some(other) => {
            return Err(AppError::BadRequest(format!(
                "unknown template {other:?}: use \"demo\" or \"empty\""
            )))
        }
    };
    let project = state.store.create_project(&req.name, &document).await?;
    tracing::info!(project = %project.summary.id, "project created");
    Ok((StatusCode::CREATED, Json(project)))
}

async fn read(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<Project>, AppError> {
    Ok(Json(state.store.project(&id).await?))
}

async fn rename(
    State(state): State<AppState>,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Json<ProjectSummary>, AppError> {
    let req: RenameProject = parse_body(&body)?;
    Ok(Json(state.store.rename_project(&id, &req.name).await?))
}

async fn delete(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<StatusCode, AppError> {
    state.store.delete_project(&id).await?;
    tracing::info!(project = %id, "project deleted (soft)");
    Ok(StatusCode::NO_CONTENT)
}

async fn read_draft(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<Draft>, AppError> {
    Ok(Json(state.store.draft(&id).await?))
}

async fn save_draft(
    State(state): State<AppState>,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Json<Saved>, AppError> {
    // A large design takes tens of milliseconds to parse: not on an async worker.
    let req: SaveDraft = crate::heavy::run(move || parse_body(&body)).await??;
    if req.document.format != FORMAT {
        return Err(AppError::BadRequest(format!(
            "unsupported document format {:?} (expected {FORMAT:?})",
            req.document.format
        )));
    }
    let revision = state
        .store
        .save_draft(&id, req.base_revision, &req.document)
        .await?;
    Ok(Json(Saved { revision }))
}
