//! Who may talk to the server: scripts with `Authorization: Bearer <token>`, browsers with a
//! session cookie they got from a one-time login link.
//!
//! The token is generated on first start and kept in `<data-dir>/token` (0600). It never appears
//! in a page: `joinery serve` prints a login link instead (`joinery login-link` prints another).
//! Links and session cookies are HMAC-SHA256-signed with the token, so any process that can read
//! the data folder can make a link, nothing needs storing but the link nonces already used (one
//! use per link, kept in the store), and replacing the token signs every session out.

use std::path::Path;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap};
use axum::middleware::Next;
use axum::response::Response;
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

use crate::{AppError, AppState};

/// How long a printed login link can be used (once).
pub const LOGIN_LINK_TTL: Duration = Duration::from_secs(24 * 60 * 60);
/// How long a browser session lasts before the user needs a new login link.
pub const SESSION_TTL: Duration = Duration::from_secs(30 * 24 * 60 * 60);

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

/// Reads the token of an existing data folder (for `joinery login-link`).
pub fn read_token(data_dir: &Path) -> std::io::Result<String> {
    let text = std::fs::read_to_string(data_dir.join("token"))?;
    let token = text.trim();
    if token.is_empty() {
        return Err(std::io::Error::other("the token file is empty"));
    }
    Ok(token.to_string())
}

/// Writes a file only its owner can read (0600 on Unix), replacing any old content.
pub fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::io::Write;
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .mode(0o600)
            .open(path)?;
        // An existing file keeps its old mode through `open`: tighten it.
        file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
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

fn now_secs() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

fn mac(token: &str, purpose: &str, body: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(token.as_bytes())
        .expect("HMAC-SHA256 takes a key of any length");
    mac.update(purpose.as_bytes());
    mac.update(b"|");
    mac.update(body.as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

fn verify_mac(token: &str, purpose: &str, body: &str, given: &str) -> bool {
    let Ok(given) = hex::decode(given) else {
        return false;
    };
    let mut mac = Hmac::<Sha256>::new_from_slice(token.as_bytes())
        .expect("HMAC-SHA256 takes a key of any length");
    mac.update(purpose.as_bytes());
    mac.update(b"|");
    mac.update(body.as_bytes());
    mac.verify_slice(&given).is_ok()
}

fn nonce() -> String {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).expect("the operating system's random number generator failed");
    hex::encode(bytes)
}

/// A signed value `<expires>.<nonce>[.<name>].<mac>` for `purpose`; the optional name says whose
/// it is (a login link made with `--name`, and the session it opens), for the audit trail.
fn signed(token: &str, purpose: &str, ttl: Duration, name: Option<&str>) -> String {
    let mut body = format!("{}.{}", now_secs() + ttl.as_secs(), nonce());
    if let Some(name) = name.filter(|n| valid_name(n)) {
        body.push('.');
        body.push_str(name);
    }
    let mac = mac(token, purpose, &body);
    format!("{body}.{mac}")
}

/// What a valid signed value says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Claim {
    /// Its one-time nonce.
    pub nonce: String,
    /// When it expires (Unix seconds).
    pub expires: u64,
    /// Whose it is, when named.
    pub name: Option<String>,
}

/// A name a login link may carry: short, and free of the separator and of anything a log or a
/// page would need to escape.
pub fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 40
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'@'))
}

/// Checks a value made by [`signed`]: what it says, when the signature holds and it has not
/// expired.
fn check_signed(token: &str, purpose: &str, value: &str) -> Option<Claim> {
    let (body, given) = value.rsplit_once('.')?;
    if !verify_mac(token, purpose, body, given) {
        return None;
    }
    let mut parts = body.splitn(3, '.');
    let (expires, nonce) = (parts.next()?, parts.next()?);
    let name = parts.next().map(str::to_string);
    let expires: u64 = expires.parse().ok()?;
    (expires > now_secs()).then(|| Claim {
        nonce: nonce.to_string(),
        expires,
        name,
    })
}

/// The secret part of a new one-time login link (`/login?token=...`), optionally naming whose
/// it is.
pub fn new_login_secret(token: &str, name: Option<&str>) -> String {
    signed(token, "login", LOGIN_LINK_TTL, name)
}

/// The full login link for a server reachable at `base` (`http://127.0.0.1:8080`).
pub fn login_link(base: &str, token: &str, name: Option<&str>) -> String {
    format!(
        "{}/login?token={}",
        base.trim_end_matches('/'),
        new_login_secret(token, name)
    )
}

/// Checks a login link's secret (the caller makes it one-time).
pub fn check_login_secret(token: &str, secret: &str) -> Option<Claim> {
    check_signed(token, "login", secret)
}

/// A new session cookie value, carrying the login link's name.
pub fn new_session(token: &str, name: Option<&str>) -> String {
    signed(token, "session", SESSION_TTL, name)
}

/// The name of this server's session cookie. Cookies ignore ports, so two servers on one host
/// (8080 and 9000) would overwrite each other's under one name.
pub fn cookie_name(port: u16) -> String {
    format!("joinery_session_{port}")
}

/// The session cookie's value in `headers`, if any.
fn session_cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// How a request proved who it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Authenticated {
    /// `Authorization: Bearer <token>` (scripts, the CLI).
    Token,
    /// A session cookie from a login link (the browser UI).
    Session,
}

/// Who made a request, for the audit trail of apply runs: the session's name (from a named
/// login link; otherwise `browser session <nonce prefix>`) or `api token`, and the client's
/// address and user agent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Actor {
    /// Who.
    pub name: String,
    /// From where.
    pub client: String,
}

/// The peer address of a connection, added to each request by the accept loop.
#[derive(Clone, Copy, Debug)]
pub struct ClientAddr(pub std::net::SocketAddr);

/// Whether `headers` carry the token or a valid session cookie.
pub fn authenticate(state: &AppState, headers: &HeaderMap) -> Option<Authenticated> {
    identify(state, headers).map(|(how, _)| how)
}

fn identify(state: &AppState, headers: &HeaderMap) -> Option<(Authenticated, String)> {
    let bearer = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    if let Some(given) = bearer {
        return token_matches(&state.token, given.trim())
            .then(|| (Authenticated::Token, "api token".to_string()));
    }
    let cookie = session_cookie(headers, &state.access.cookie_name())?;
    check_signed(&state.token, "session", cookie).map(|claim| {
        let name = claim.name.unwrap_or_else(|| {
            format!(
                "browser session {}",
                claim.nonce.get(..8).unwrap_or(&claim.nonce)
            )
        });
        (Authenticated::Session, name)
    })
}

/// `<address> · <user agent>` (the agent cut to 120 characters), for the audit trail.
fn client(request: &Request) -> String {
    let addr = request
        .extensions()
        .get::<ClientAddr>()
        .map_or_else(|| "unknown address".to_string(), |a| a.0.ip().to_string());
    let agent: String = request
        .headers()
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("no user agent")
        .chars()
        .take(120)
        .collect();
    format!("{addr} · {agent}")
}

/// Middleware: every request it wraps needs the token or a session, reads included.
pub async fn require_auth(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Result<Response, AppError> {
    match identify(&state, request.headers()) {
        Some((how, name)) => {
            let client = client(&request);
            request.extensions_mut().insert(how);
            request.extensions_mut().insert(Actor { name, client });
            Ok(next.run(request).await)
        }
        None => Err(AppError::Unauthorized),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signed_values_check_with_the_same_token_and_purpose_only() {
        let value = new_login_secret("t1", None);
        assert!(check_login_secret("t1", &value).is_some());
        assert!(check_login_secret("t2", &value).is_none());
        assert!(check_signed("t1", "session", &value).is_none());
        let mut tampered = value.clone();
        tampered.replace_range(0..1, "9");
        assert!(check_login_secret("t1", &tampered).is_none());
        assert!(check_login_secret("t1", "").is_none());
        assert!(check_login_secret("t1", "1.2.zz").is_none());
    }

    #[test]
    fn a_named_link_carries_its_name_signed() {
        let value = new_login_secret("t1", Some("alice"));
        let claim = check_login_secret("t1", &value).expect("valid");
        assert_eq!(claim.name.as_deref(), Some("alice"));
        // The name is under the signature: changing it breaks the link.
        let forged = value.replace(".alice.", ".mallory.");
        assert_ne!(forged, value);
        assert!(check_login_secret("t1", &forged).is_none());
        // Names that could smuggle a separator or markup are left out, not trusted.
        let odd = new_login_secret("t1", Some("a.b<script>"));
        assert_eq!(check_login_secret("t1", &odd).unwrap().name, None);
        assert_eq!(
            check_login_secret("t1", &new_login_secret("t1", None))
                .unwrap()
                .name,
            None
        );
    }

    #[test]
    fn expired_values_do_not_check() {
        let body = format!("{}.{}", now_secs() - 1, nonce());
        let value = format!("{body}.{}", mac("t", "login", &body));
        assert!(check_login_secret("t", &value).is_none());
    }

    #[test]
    fn the_session_cookie_is_found_among_others() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::COOKIE,
            "a=1; joinery_session_9000=abc; joinery_session_8080=def"
                .parse()
                .unwrap(),
        );
        assert_eq!(session_cookie(&headers, &cookie_name(8080)), Some("def"));
        assert_eq!(session_cookie(&headers, "missing"), None);
    }
}
