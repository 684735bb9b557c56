//! The JSON API under `/api`, one router per concern.

mod health;

use axum::Router;

use crate::AppState;

/// All `/api` routes (mounted by [`crate::serve::router`]).
pub fn router() -> Router<AppState> {
    Router::new().merge(health::router())
}
