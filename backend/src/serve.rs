//! `joinery serve`: wires the store, the secrets, the API and the UI into one server.
//!
//! Start-up order matters: the data folder is locked before anything in it is touched, so a
//! second server on the same folder stops with a clear message instead of marking the first
//! one's running applies "interrupted".

use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::DefaultBodyLimit;
use axum::routing::any;
use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tower_http::trace::TraceLayer;

use crate::config::ServeArgs;
use crate::guard::{Access, PublicUrl};
use crate::secrets::SecretKey;
use crate::store::{redact_url, Store};
use crate::{api, auth, guard, ui, AppError, AppState};

pub use crate::guard::MAX_BODY_BYTES;

/// How long open connections (an event stream, say) may keep a stopping server alive.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// The full router: health open, the rest of `/api/*` behind authentication, the login link and
/// the UI; every request through the Host/Origin guard, every response with security headers.
pub fn router(state: AppState) -> Router {
    let protected = api::routes()
        .into_router()
        .route(
            "/api/{*rest}",
            any(|| async { AppError::NotFound("no such API endpoint".into()) }),
        )
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            auth::require_auth,
        ));
    Router::new()
        .merge(api::open_routes().into_router())
        .merge(protected)
        .merge(ui::router())
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(TraceLayer::new_for_http())
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            guard::check_request,
        ))
        .layer(axum::middleware::from_fn(guard::finish_response))
        .with_state(state)
}

/// An exclusive lock on the data folder, held for the life of the server.
pub struct DataDirLock {
    _file: std::fs::File,
}

impl DataDirLock {
    /// Takes the lock, or says which process holds it.
    pub fn acquire(data_dir: &Path) -> Result<DataDirLock, String> {
        let path = data_dir.join("serve.lock");
        let mut file = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(|e| format!("cannot open {}: {e}", path.display()))?;
        match file.try_lock() {
            Ok(()) => {
                use std::io::{Seek, Write};
                let _ = file.set_len(0);
                let _ = file.seek(std::io::SeekFrom::Start(0));
                let _ = write!(file, "{}", std::process::id());
                Ok(DataDirLock { _file: file })
            }
            Err(std::fs::TryLockError::WouldBlock) => {
                let pid = std::fs::read_to_string(&path).unwrap_or_default();
                let pid = pid.trim();
                let who = if pid.is_empty() {
                    "another joinery serve".to_string()
                } else {
                    format!("another joinery serve (pid {pid})")
                };
                Err(format!(
                    "{who} is already using the data folder {}; stop it first, or give this \
                     one another --data-dir",
                    data_dir.display()
                ))
            }
            Err(std::fs::TryLockError::Error(e)) => {
                Err(format!("cannot lock {}: {e}", path.display()))
            }
        }
    }
}

/// Creates the data folder owner-only (0700) and tightens what an older version left readable.
pub fn prepare_data_dir(data_dir: &Path) -> Result<(), String> {
    std::fs::create_dir_all(data_dir)
        .map_err(|e| format!("cannot create data directory {}: {e}", data_dir.display()))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(data_dir, std::fs::Permissions::from_mode(0o700))
            .map_err(|e| format!("cannot make {} private (0700): {e}", data_dir.display()))?;
        for name in ["token", crate::secrets::KEY_FILE] {
            let path = data_dir.join(name);
            if path.exists() {
                let _ = std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600));
            }
        }
    }
    Ok(())
}

/// Runs the server until Ctrl-C or SIGTERM.
pub async fn run(args: ServeArgs) -> Result<(), Box<dyn std::error::Error>> {
    let public = args
        .public_urls
        .iter()
        .filter(|u| !u.trim().is_empty())
        .map(|u| PublicUrl::parse(u.trim()))
        .collect::<Result<Vec<_>, _>>()?;
    if !args.bind.is_loopback() && !public.iter().any(|p| p.scheme == "https") {
        return Err(format!(
            "refusing to listen on {}: a non-loopback address exposes the server, and its \
             session cookies and target passwords must not cross a network in clear text. Put \
             it behind a TLS proxy and give --public-url https://<name>, or keep --bind 127.0.0.1",
            args.bind
        )
        .into());
    }
    let data_dir = args.resolved_data_dir();
    prepare_data_dir(&data_dir)?;
    let _lock = DataDirLock::acquire(&data_dir)?;
    let store_url = args
        .store_url
        .clone()
        .unwrap_or_else(|| Store::sqlite_url_in(&data_dir));
    let (token, created) = auth::load_or_create_token(&data_dir).map_err(|e| {
        format!(
            "cannot read or write the token in {}: {e}",
            data_dir.display()
        )
    })?;
    let secrets = SecretKey::load_or_create(&data_dir)?;
    let store = Store::open(&store_url).await?;
    let sealed = store.seal_plaintext_passwords(&secrets).await?;
    let ui_dir = args
        .ui_dir
        .join("index.html")
        .is_file()
        .then(|| Arc::from(args.ui_dir.as_path()));
    if ui_dir.is_none() {
        tracing::warn!(dir = %args.ui_dir.display(), "UI not built; serving the API only");
    }
    let listener = tokio::net::TcpListener::bind(SocketAddr::new(args.bind, args.port))
        .await
        .map_err(|e| format!("cannot listen on {}:{}: {e}", args.bind, args.port))?;
    let addr = listener.local_addr()?;
    let access = Access {
        port: addr.port(),
        public: public.clone(),
    };
    let base = match public.first() {
        Some(p) if !args.bind.is_loopback() => p.origin(),
        _ if addr.ip().is_unspecified() => format!("http://127.0.0.1:{}", addr.port()),
        _ => format!("http://{addr}"),
    };
    let state = AppState {
        store,
        token: Arc::from(token.as_str()),
        ui_dir,
        secrets,
        access: Arc::new(access),
    };
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
    if sealed > 0 {
        println!("  sealed {sealed} target password(s) an older version kept in plain text");
    }
    if created {
        println!(
            "  API token for scripts (Authorization: Bearer): created in {}",
            data_dir.join("token").display()
        );
    }
    let link = auth::login_link(&base, &token, None);
    println!("  sign in (one use, within 24 h): {link}");
    if args.open {
        if let Err(e) = opener::open_browser(&link) {
            eprintln!("warning: cannot open a browser ({e}); open the link above yourself");
        }
    }
    serve_connections(
        listener,
        router(state),
        Duration::from_secs(args.header_timeout.max(1)),
    )
    .await?;
    println!("Joinery stopped.");
    Ok(())
}

/// The accept loop: HTTP/1.1 with a header-read timeout (a client that never finishes its
/// headers is disconnected), stopping on Ctrl-C / SIGTERM with a short grace period.
async fn serve_connections(
    listener: tokio::net::TcpListener,
    app: Router,
    header_timeout: Duration,
) -> std::io::Result<()> {
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    let (done_tx, done_rx) = tokio::sync::watch::channel(());
    let shutdown = shutdown_signal();
    tokio::pin!(shutdown);
    loop {
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(e) => {
                    // Out of file descriptors and the like: wait instead of spinning.
                    tracing::warn!(error = %e, "accept failed");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
            _ = &mut shutdown => break,
        };
        // The peer's address, for the audit trail of who started an apply from where.
        let peer = stream.peer_addr().ok().map(crate::auth::ClientAddr);
        let service = TowerToHyperService::new(match peer {
            Some(peer) => app.clone().layer(axum::Extension(peer)),
            None => app.clone(),
        });
        let mut stop = stop_rx.clone();
        let done = done_rx.clone();
        tokio::spawn(async move {
            let mut builder = hyper::server::conn::http1::Builder::new();
            builder
                .timer(TokioTimer::new())
                .header_read_timeout(header_timeout);
            let conn = builder.serve_connection(TokioIo::new(stream), service);
            tokio::pin!(conn);
            tokio::select! {
                result = conn.as_mut() => {
                    if let Err(e) = result {
                        tracing::debug!(error = %e, "connection ended");
                    }
                }
                _ = stop.changed() => {
                    conn.as_mut().graceful_shutdown();
                    let _ = conn.await;
                }
            }
            drop(done);
        });
    }
    drop(listener);
    let _ = stop_tx.send(true);
    drop(done_rx);
    let _ = tokio::time::timeout(SHUTDOWN_GRACE, done_tx.closed()).await;
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
