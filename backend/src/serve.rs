//! `joinery serve`: wires the store, the token, the API and the UI into one server.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::extract::DefaultBodyLimit;
use axum::routing::any;
use axum::Router;
use tower_http::trace::TraceLayer;

use crate::config::ServeArgs;
use crate::store::{redact_url, Store};
use crate::{api, auth, ui, AppError, AppState};

/// Largest request body accepted; a 1,000-table model is well under this.
pub const MAX_BODY_BYTES: usize = 16 * 1024 * 1024;

/// The full router: `/api/*` behind the token check, then the UI.
pub fn router(state: AppState) -> Router {
    let api = api::router()
        .route(
            "/api/{*rest}",
            any(|| async { AppError::NotFound("no such API endpoint".into()) }),
        )
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            auth::require_token_for_writes,
        ));
    Router::new()
        .merge(api)
        .merge(ui::router(&state))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

/// Runs the server until Ctrl-C or SIGTERM.
pub async fn run(args: ServeArgs) -> Result<(), Box<dyn std::error::Error>> {
    let data_dir = args.resolved_data_dir();
    std::fs::create_dir_all(&data_dir)
        .map_err(|e| format!("cannot create data directory {}: {e}", data_dir.display()))?;
    let store_url = args
        .store_url
        .clone()
        .unwrap_or_else(|| Store::sqlite_url_in(&data_dir));
    let store = Store::open(&store_url).await?;
    let (token, created) = auth::load_or_create_token(&data_dir).map_err(|e| {
        format!(
            "cannot read or write the token in {}: {e}",
            data_dir.display()
        )
    })?;
    let ui_dir = args
        .ui_dir
        .join("index.html")
        .is_file()
        .then(|| Arc::from(args.ui_dir.as_path()));
    if ui_dir.is_none() {
        tracing::warn!(dir = %args.ui_dir.display(), "UI not built; serving the API only");
    }
    let state = AppState {
        store,
        token: Arc::from(token.as_str()),
        ui_dir,
    };
    let listener = tokio::net::TcpListener::bind(SocketAddr::new(args.bind, args.port))
        .await
        .map_err(|e| format!("cannot listen on {}:{}: {e}", args.bind, args.port))?;
    let addr = listener.local_addr()?;
    println!(
        "Joinery {} listening on http://{addr}",
        joinery_shared::VERSION
    );
    println!(
        "  store: {} ({})",
        redact_url(&store_url),
        state.store.kind()
    );
    println!("  data:  {}", data_dir.display());
    if created {
        println!(
            "  API token (created now, kept in {}): {token}",
            data_dir.join("token").display()
        );
    }
    axum::serve(listener, router(state))
        .with_graceful_shutdown(shutdown_signal())
        .await?;
    println!("Joinery stopped.");
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut sig) => {
                sig.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
}
