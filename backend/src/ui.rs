//! Serves the built frontend, and the login link that gives a browser its session.
//!
//! - Static files come from the UI folder only: no dotfile, no path that leaves the folder
//!   through `..` or a symlink. A path that is not a file gets the app's `index.html` (client-side
//!   routes), unless it looks like an asset (has an extension), which gets a JSON 404.
//! - `index.html` holds no secret. Trunk writes its start-up code as an inline `<script>`; the
//!   CSP allows no inline script, so the server moves each inline script to
//!   `/joinery-boot-<sha256>.js` and links it instead.
//! - Hashed assets (`name-<hash>.ext`, or any file in a `name-<hash>/` folder: the designer's
//!   split wasm, whose files import each other by name) are cached as immutable; everything
//!   else, `index.html` and the engine worker's unhashed files included, is revalidated on every
//!   use.
//! - `GET /login?token=...` checks a one-time login link ([`crate::auth`]), sets the
//!   `HttpOnly; SameSite=Strict` session cookie and redirects to `/` (so the link leaves the
//!   address bar and history).

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

use axum::extract::{Query, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::{Extension, Router};
use percent_encoding::percent_decode_str;
use sha2::{Digest, Sha256};
use tower::ServiceExt;
use tower_http::services::ServeFile;

use crate::auth::{self, SESSION_TTL};
use crate::guard::Served;
use crate::AppState;

const BOOT_PREFIX: &str = "/joinery-boot-";

/// Routes for `/login`, `/`, and the static files with the SPA fallback.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/login", get(login))
        .route("/", get(index))
        .route("/index.html", get(index))
        .fallback(static_file)
}

/// `index.html` with inline scripts moved out, and the moved scripts by path.
struct Page {
    html: String,
    scripts: Vec<(String, String)>,
}

/// Moves each `<script>` without `src` into a file named by its hash.
fn externalize_scripts(html: &str) -> Page {
    let mut out = String::with_capacity(html.len());
    let mut scripts = Vec::new();
    let mut rest = html;
    while let Some(start) = find_ci(rest, "<script") {
        let Some(open_end) = rest[start..].find('>').map(|i| start + i + 1) else {
            break;
        };
        let Some(close) = find_ci(&rest[open_end..], "</script>").map(|i| open_end + i) else {
            break;
        };
        let open_tag = &rest[start..open_end];
        let body = &rest[open_end..close];
        out.push_str(&rest[..start]);
        if find_ci(open_tag, " src=").is_some() || body.trim().is_empty() {
            out.push_str(&rest[start..close + "</script>".len()]);
        } else {
            let hash = hex::encode(Sha256::digest(body.as_bytes()));
            let path = format!("{BOOT_PREFIX}{}.js", &hash[..16]);
            let module = find_ci(open_tag, "module").is_some();
            let kind = if module { r#" type="module""# } else { "" };
            out.push_str(&format!(r#"<script{kind} src="{path}"></script>"#));
            scripts.push((path, body.to_string()));
        }
        rest = &rest[close + "</script>".len()..];
    }
    out.push_str(rest);
    Page { html: out, scripts }
}

fn find_ci(haystack: &str, needle: &str) -> Option<usize> {
    haystack
        .as_bytes()
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

async fn load_page(state: &AppState) -> Option<Page> {
    let dir = state.ui_dir.as_ref()?;
    let html = tokio::fs::read_to_string(dir.join("index.html"))
        .await
        .ok()?;
    Some(externalize_scripts(&html))
}

async fn index(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let Some(page) = load_page(&state).await else {
        return not_built();
    };
    // Revalidated on every visit (`no-cache`), answered 304 while it has not changed.
    let etag = format!(
        "\"{}\"",
        &hex::encode(Sha256::digest(page.html.as_bytes()))[..32]
    );
    let fresh = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag || t.trim() == "*"));
    let cache = [
        (header::CACHE_CONTROL, "no-cache".to_string()),
        (header::ETAG, etag),
    ];
    if fresh {
        return (StatusCode::NOT_MODIFIED, cache).into_response();
    }
    (cache, Html(page.html)).into_response()
}

fn not_built() -> Response {
    (
        StatusCode::SERVICE_UNAVAILABLE,
        Html(
            "<!doctype html><title>Joinery</title><h1>Joinery</h1>\
             <p>The UI has not been built. Run <code>cargo xtask run</code>.</p>",
        ),
    )
        .into_response()
}

fn not_found() -> Response {
    crate::error::json_error(StatusCode::NOT_FOUND, "not_found", "no such file")
}

/// The request path as folder-relative segments, or `None` for anything we never serve
/// (dotfiles and dot-folders, `..`, backslashes, NUL, invalid percent-encoding).
fn safe_segments(path: &str) -> Option<Vec<String>> {
    let decoded = percent_decode_str(path).decode_utf8().ok()?;
    let mut segments = Vec::new();
    for segment in decoded.split('/').filter(|s| !s.is_empty()) {
        if segment.starts_with('.') || segment.contains(['\\', '\0']) {
            return None;
        }
        let mut components = Path::new(segment).components();
        match (components.next(), components.next()) {
            (Some(Component::Normal(_)), None) => segments.push(segment.to_string()),
            _ => return None,
        }
    }
    Some(segments)
}

/// The file under `root` for `segments`, if it is a regular file inside `root` once every
/// symlink is resolved.
async fn resolve(root: &Path, segments: &[String]) -> Option<PathBuf> {
    let root = tokio::fs::canonicalize(root).await.ok()?;
    let mut candidate = root.clone();
    candidate.extend(segments);
    let real = tokio::fs::canonicalize(&candidate).await.ok()?;
    if !real.starts_with(&root) {
        return None;
    }
    let meta = tokio::fs::metadata(&real).await.ok()?;
    meta.is_file().then_some(real)
}

async fn static_file(State(state): State<AppState>, request: Request) -> Response {
    let path = request.uri().path().to_string();
    if path.starts_with("/api/") || path == "/api" {
        return not_found();
    }
    let Some(dir) = state.ui_dir.clone() else {
        return not_built();
    };
    if path.starts_with(BOOT_PREFIX) {
        return match load_page(&state).await {
            Some(page) => match page.scripts.into_iter().find(|(p, _)| *p == path) {
                Some((_, body)) => (
                    [
                        (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
                        (header::CACHE_CONTROL, "public, max-age=31536000, immutable"),
                    ],
                    body,
                )
                    .into_response(),
                None => not_found(),
            },
            None => not_built(),
        };
    }
    let Some(segments) = safe_segments(&path) else {
        return not_found();
    };
    if segments.last().is_some_and(|s| s == "index.html") {
        return index(State(state), request.headers().clone()).await;
    }
    match resolve(&dir, &segments).await {
        Some(file) => {
            let hashed = is_hashed_path(&segments);
            // `<file>.br` / `<file>.gz`, written at build time, when the browser accepts them.
            let serve = ServeFile::new(file).precompressed_br().precompressed_gzip();
            let mut response = match serve.oneshot(request).await {
                Ok(r) => r.into_response(),
                Err(never) => match never {},
            };
            // A hashed name never changes content: cached for good. Any other file (the engine
            // worker's scripts and wasm, which the app names at run time, the favicon) may
            // change under its name, so it is revalidated (`Last-Modified`, answered 304).
            let status = response.status();
            if status.is_success() || status == StatusCode::NOT_MODIFIED {
                let cache = if hashed {
                    "public, max-age=31536000, immutable"
                } else {
                    "no-cache"
                };
                response
                    .headers_mut()
                    .insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
            }
            response
        }
        // Client-side routes get the app; a missing asset is a plain 404.
        None if segments.last().is_some_and(|s| s.contains('.')) => not_found(),
        None => {
            let headers = request.headers().clone();
            index(State(state), headers).await
        }
    }
}

/// A file named `name-<hash>.ext`, or inside a folder named `name-<hash>` (the build names the
/// designer's folder by a hash of everything in it).
fn is_hashed_path(segments: &[String]) -> bool {
    match segments.split_last() {
        Some((file, folders)) => looks_hashed(file) || folders.iter().any(|f| looks_hashed(f)),
        None => false,
    }
}

/// Trunk names assets `name-<hash>.ext` (a 64-bit hash in hex, leading zeros dropped): such a
/// file never changes under its name.
fn looks_hashed(name: &str) -> bool {
    let stem = name.split('.').next().unwrap_or("");
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    stem.rsplit_once('-')
        .is_some_and(|(_, h)| h.len() >= 12 && h.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// `GET /login?token=...`: a valid, unused link sets the session cookie and redirects to `/`.
async fn login(
    State(state): State<AppState>,
    Extension(served): Extension<Served>,
    headers: HeaderMap,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let secret = query.get("token").map(String::as_str).unwrap_or("");
    let claim = auth::check_login_secret(&state.token, secret);
    let fresh = match &claim {
        Some(claim) => match state
            .store
            .consume_login_nonce(&claim.nonce, claim.expires)
            .await
        {
            Ok(fresh) => fresh,
            Err(e) => return crate::AppError::from(e).into_response(),
        },
        None => false,
    };
    if !fresh {
        let message = "This login link is not valid: it has expired, was already used, or \
                       belongs to another server. Run `joinery login-link` (with the same \
                       --data-dir) for a new one.";
        let wants_html = headers
            .get(header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|a| a.contains("text/html"));
        return if wants_html {
            (
                StatusCode::UNAUTHORIZED,
                Html(format!(
                    "<!doctype html><title>Joinery: sign in</title><h1>Joinery</h1><p>{}</p>",
                    message.replace('`', "")
                )),
            )
                .into_response()
        } else {
            crate::error::json_error(StatusCode::UNAUTHORIZED, "unauthorized", message)
        };
    }
    let secure = if served.https { "; Secure" } else { "" };
    let cookie = format!(
        "{}={}; Path=/; HttpOnly; SameSite=Strict; Max-Age={}{secure}",
        state.access.cookie_name(),
        auth::new_session(&state.token, claim.as_ref().and_then(|c| c.name.as_deref())),
        SESSION_TTL.as_secs()
    );
    (
        StatusCode::SEE_OTHER,
        [
            (header::SET_COOKIE, cookie),
            (header::LOCATION, "/".to_string()),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_scripts_move_out_and_linked_ones_stay() {
        let html = r#"<head><script type="module" src="/a.js"></script>
<script type="module">import init from '/x.js'; await init();</script></head>"#;
        let page = externalize_scripts(html);
        assert_eq!(page.scripts.len(), 1);
        let (path, body) = &page.scripts[0];
        assert!(path.starts_with(BOOT_PREFIX), "{path}");
        assert!(body.contains("await init()"));
        assert!(!page.html.contains("await init()"), "{}", page.html);
        assert!(page
            .html
            .contains(&format!(r#"<script type="module" src="{path}"></script>"#)));
        assert!(page
            .html
            .contains(r#"<script type="module" src="/a.js"></script>"#));
    }

    #[test]
    fn unsafe_paths_are_refused() {
        for bad in [
            "/.env",
            "/a/.git/config",
            "/%2e%2e/etc/passwd",
            "/a\\b",
            "/%00",
            "/..%2f",
        ] {
            assert!(safe_segments(bad).is_none(), "{bad}");
        }
        assert_eq!(
            safe_segments("/assets/app-0123.js").unwrap(),
            vec!["assets".to_string(), "app-0123.js".to_string()]
        );
    }

    #[test]
    fn trunk_hashes_are_recognized() {
        assert!(looks_hashed("joinery-frontend-4f5e6a7b8c9d0e1f_bg.wasm"));
        assert!(looks_hashed("main-0123456789abcdef.css"));
        assert!(
            looks_hashed("joinery-frontend-2b01da4603060b7.js"),
            "leading zero dropped"
        );
        assert!(!looks_hashed("favicon.ico"));
        assert!(
            !looks_hashed("engine_bg.wasm"),
            "the worker's files are not hashed"
        );
        assert!(!looks_hashed("engine_loader.js"));
    }

    #[test]
    fn files_in_a_hashed_folder_are_hashed() {
        let path = |p: &str| safe_segments(p).unwrap();
        assert!(is_hashed_path(&path(
            "/designer-0123456789abcdef/chunk_3.wasm"
        )));
        assert!(is_hashed_path(&path(
            "/designer-0123456789abcdef/__wasm_split.js"
        )));
        assert!(!is_hashed_path(&path("/designer/chunk_3.wasm")));
        assert!(!is_hashed_path(&path("/engine_bg.wasm")));
        assert!(is_hashed_path(&path("/main-0123456789abcdef.css")));
    }
}
