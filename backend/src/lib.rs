//! The Joinery server: project store, HTTP API, migration apply and introspection, and the UI.

pub mod api;
pub mod apply;
pub mod auth;
pub mod cli;
pub mod config;
pub mod error;
pub mod guard;
pub mod heavy;
pub mod introspect;
pub mod secrets;
pub mod serve;
pub mod store;
pub mod testing;
pub mod ui;

use std::sync::Arc;

pub use error::AppError;

/// Shared, cheaply clonable state handed to every request handler.
#[derive(Clone)]
pub struct AppState {
    /// Where projects, drafts and versions live.
    pub store: store::Store,
    /// The bearer token scripts send, and the key login links and sessions are signed with.
    pub token: Arc<str>,
    /// Where the built frontend (Trunk's `dist/`) is served from, if anywhere.
    pub ui_dir: Option<Arc<std::path::Path>>,
    /// Seals and opens target passwords.
    pub secrets: secrets::SecretKey,
    /// The hosts and origins this server answers.
    pub access: Arc<guard::Access>,
}

/// The whole application as one router, so tests can drive it without a socket.
pub fn app(state: AppState) -> axum::Router {
    serve::router(state)
}
