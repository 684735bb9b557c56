//! `GET /api/health`: lets the UI, scripts and load balancers see that the server is up.

use axum::extract::State;
use axum::routing::get;
use axum::Json;
use serde::Serialize;

use super::Routes;
use crate::{AppError, AppState};

/// What `GET /api/health` answers.
#[derive(Debug, Serialize)]
pub struct Health {
    /// Always `"joinery"`.
    pub name: &'static str,
    /// The server's version.
    pub version: &'static str,
    /// `"sqlite"` or `"postgres"`.
    pub store: &'static str,
}

pub fn router() -> Routes {
    Routes::new().route("/api/health", get(health))
}

async fn health(State(state): State<AppState>) -> Result<Json<Health>, AppError> {
    state.store.ping().await?;
    Ok(Json(Health {
        name: "joinery",
        version: joinery_shared::VERSION,
        store: state.store.kind(),
    }))
}
