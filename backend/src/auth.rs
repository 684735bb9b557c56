//! The bearer token that guards every mutating request.
//!
//! The token is generated on first start and kept in the data directory, so restarts keep working
//! sessions; the UI served from the same origin gets it injected into its HTML.

use std::path::Path;

use axum::extract::{Request, State};
use axum::http::{header, Method};
use axum::middleware::Next;
use axum::response::Response;
use sha2::{Digest, Sha256};

use crate::{AppError, AppState};

/// Loads the token from `<data_dir>/token`, creating it (and saying so) when absent.
pub fn load_or_create_token(data_dir: &Path) -> std::io::Result<(String, bool)> {
    let path = data_dir.join("token");
    match std::fs::read_to_string(&path) {
        Ok(text) if !text.trim().is_empty() => Ok((text.trim().to_string(), false)),
        Ok(_) | Err(_) => {
            let mut bytes = [0u8; 32];
            getrandom::fill(&mut bytes).map_err(|e| std::io::Error::other(e.to_string()))?;
            let token = hex::encode(bytes);
            write_private(&path, &token)?;
            Ok((token, true))
        }
    }
}

fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::io::Write;
        use std::os::unix::fs::OpenOptionsExt;
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .mode(0o600)
            .open(path)?;
        file.write_all(text.as_bytes())
    }
    #[cfg(not(unix))]
    {
        std::fs::write(path, text)
    }
}

/// Compares in constant time (by comparing digests) so the token cannot be guessed byte by byte.
fn token_matches(expected: &str, given: &str) -> bool {
    Sha256::digest(expected.as_bytes()) == Sha256::digest(given.as_bytes())
}

/// Middleware: reads are open, writes need `Authorization: Bearer <token>`.
pub async fn require_token_for_writes(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Result<Response, AppError> {
    let safe = matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    if !safe {
        let given = request
            .headers()
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .unwrap_or("");
        if !token_matches(&state.token, given.trim()) {
            return Err(AppError::Unauthorized);
        }
    }
    Ok(next.run(request).await)
}
