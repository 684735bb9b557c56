//! What every request passes before any handler sees it, and what every response carries.
//!
//! - **Host**: only the names this server is reached by (loopback names and addresses on its
//!   port, and the hosts of `--public-url`). A DNS-rebinding page asks for `evil.example` and gets
//!   421 and no page.
//! - **Origin / Sec-Fetch-Site**: state-changing requests and the event streams are refused when
//!   the browser says they come from another site, whatever credentials they carry.
//! - **Text**: a NUL byte or a path that is not UTF-8 is a 400 before it can reach a store.
//! - **Headers**: a strict CSP (no inline script, no framing), `nosniff`, no referrer.
//! - **Errors**: every error body is `{"error": {"code", "message"}}`, including the 404/405/413
//!   answers axum and tower-http produce on their own.

use axum::body::to_bytes;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use percent_encoding::percent_decode_str;

use crate::{AppError, AppState};

/// Largest request body accepted (`413` beyond); a 1,000-table model is well under this.
pub const MAX_BODY_BYTES: usize = 16 * 1024 * 1024;

/// Longest path and query accepted (hyper's own limit is far larger and answers without JSON).
pub const MAX_URI_BYTES: usize = 8 * 1024;

/// The Content-Security-Policy of every response: the UI loads its own script and wasm only.
pub const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
     style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; \
     object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// One origin the server is reached at from outside (`--public-url`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublicUrl {
    /// `http` or `https`.
    pub scheme: String,
    /// Lower-case host name or address (IPv6 in brackets).
    pub host: String,
    /// The port, explicit or the scheme's default.
    pub port: u16,
}

impl PublicUrl {
    /// Parses `https://joinery.example.com[:port][/]`.
    pub fn parse(text: &str) -> Result<PublicUrl, String> {
        let url = url::Url::parse(text).map_err(|e| format!("invalid public URL {text:?}: {e}"))?;
        let scheme = url.scheme().to_string();
        if scheme != "http" && scheme != "https" {
            return Err(format!(
                "public URL {text:?} must start with http:// or https://"
            ));
        }
        let host = match url.host() {
            Some(url::Host::Ipv6(ip)) => format!("[{ip}]"),
            Some(host) => host.to_string().to_ascii_lowercase(),
            None => return Err(format!("public URL {text:?} has no host")),
        };
        if url.path() != "/" || url.query().is_some() {
            return Err(format!(
                "public URL {text:?} must be an origin only (Joinery is served at /)"
            ));
        }
        let port = url.port_or_known_default().unwrap_or(80);
        Ok(PublicUrl { scheme, host, port })
    }

    /// `scheme://host[:port]` as browsers send it in `Origin`.
    pub fn origin(&self) -> String {
        let default = if self.scheme == "https" { 443 } else { 80 };
        if self.port == default {
            format!("{}://{}", self.scheme, self.host)
        } else {
            format!("{}://{}:{}", self.scheme, self.host, self.port)
        }
    }
}

/// Where this server may be reached: its port on loopback, and its public URLs.
#[derive(Clone, Debug)]
pub struct Access {
    /// The port the server listens on.
    pub port: u16,
    /// `--public-url` values.
    pub public: Vec<PublicUrl>,
}

/// A `Host` (or `Origin` authority) split into a lower-case host and a port.
fn split_authority(authority: &str, default_port: u16) -> Option<(String, u16)> {
    let authority = authority.trim().to_ascii_lowercase();
    if authority.is_empty() || authority.contains(['/', '@', ' ']) {
        return None;
    }
    let (host, port) = if let Some(rest) = authority.strip_prefix('[') {
        let (ip, after) = rest.split_once(']')?;
        let port = match after.strip_prefix(':') {
            Some(p) => p.parse().ok()?,
            None if after.is_empty() => default_port,
            None => return None,
        };
        (format!("[{ip}]"), port)
    } else {
        match authority.rsplit_once(':') {
            Some((h, p)) => (h.to_string(), p.parse().ok()?),
            None => (authority.clone(), default_port),
        }
    };
    Some((host.trim_end_matches('.').to_string(), port))
}

fn is_loopback_host(host: &str) -> bool {
    if host == "localhost" {
        return true;
    }
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    bare.parse::<std::net::IpAddr>()
        .map(|ip| ip.is_loopback())
        .unwrap_or(false)
}

impl Access {
    /// Loopback only, on `port`.
    pub fn loopback(port: u16) -> Access {
        Access {
            port,
            public: Vec::new(),
        }
    }

    /// This server's session cookie name.
    pub fn cookie_name(&self) -> String {
        crate::auth::cookie_name(self.port)
    }

    /// The served origin a `Host` header names, or `None` when it names none of ours.
    pub fn served(&self, host_header: &str) -> Option<Served> {
        let (host, port) = split_authority(host_header, 80)?;
        if is_loopback_host(&host) && port == self.port {
            return Some(Served { https: false });
        }
        self.public
            .iter()
            .find(|p| p.host == host && (p.port == port || (host_header_has_no_port(host_header))))
            .map(|p| Served {
                https: p.scheme == "https",
            })
    }

    /// Whether an `Origin` header names one of the origins this server is.
    pub fn origin_allowed(&self, origin: &str) -> bool {
        let Some((scheme, authority)) = origin.split_once("://") else {
            return false;
        };
        let default = match scheme {
            "http" => 80,
            "https" => 443,
            _ => return false,
        };
        let Some((host, port)) = split_authority(authority, default) else {
            return false;
        };
        if scheme == "http" && is_loopback_host(&host) && port == self.port {
            return true;
        }
        self.public
            .iter()
            .any(|p| p.scheme == scheme && p.host == host && p.port == port)
    }
}

/// A proxy may forward `Host: joinery.example.com` without the public port.
fn host_header_has_no_port(host_header: &str) -> bool {
    let h = host_header.trim();
    match h.strip_prefix('[') {
        Some(rest) => rest.ends_with(']'),
        None => !h.contains(':'),
    }
}

/// What the request's `Host` resolved to.
#[derive(Clone, Copy, Debug)]
pub struct Served {
    /// Reached through an `https://` public URL (cookies get `Secure`).
    pub https: bool,
}

fn refuse(status: StatusCode, code: &str, message: &str) -> Response {
    crate::error::json_error(status, code, message)
}

/// Middleware: Host, Origin/Sec-Fetch-Site, URI size and text checks.
pub async fn check_request(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
        .or_else(|| request.uri().authority().map(|a| a.to_string()));
    let Some(served) = host.as_deref().and_then(|h| state.access.served(h)) else {
        return refuse(
            StatusCode::MISDIRECTED_REQUEST,
            "unknown_host",
            "this server does not answer for that Host (add it with --public-url)",
        );
    };
    request.extensions_mut().insert(served);

    let uri_len = request.uri().path().len() + request.uri().query().map_or(0, str::len);
    if uri_len > MAX_URI_BYTES {
        return refuse(
            StatusCode::URI_TOO_LONG,
            "uri_too_long",
            &format!("the request path and query exceed {MAX_URI_BYTES} bytes"),
        );
    }
    let path_ok = percent_decode_str(request.uri().path())
        .decode_utf8()
        .map(|p| !p.contains('\0'))
        .unwrap_or(false);
    let query_ok = request.uri().query().is_none_or(|q| {
        percent_decode_str(q)
            .decode_utf8()
            .map(|q| !q.contains('\0'))
            .unwrap_or(false)
    });
    if !path_ok || !query_ok {
        return refuse(
            StatusCode::BAD_REQUEST,
            "bad_request",
            "the request path or query is not valid UTF-8 text or contains a NUL character",
        );
    }

    let changes_state = !matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    let streams = request.uri().path().ends_with("/events");
    if changes_state || streams {
        let headers = request.headers();
        if let Some(origin) = headers.get(header::ORIGIN) {
            let ok = origin
                .to_str()
                .map(|o| state.access.origin_allowed(o))
                .unwrap_or(false);
            if !ok {
                return refuse(
                    StatusCode::FORBIDDEN,
                    "cross_site",
                    "cross-site requests are refused (the Origin is not this server)",
                );
            }
        }
        if headers
            .get("sec-fetch-site")
            .is_some_and(|v| v.as_bytes() == b"cross-site")
        {
            return refuse(
                StatusCode::FORBIDDEN,
                "cross_site",
                "cross-site requests are refused",
            );
        }
    }
    next.run(request).await
}

/// Middleware: security headers on every response, and JSON bodies on every error response
/// that is not already JSON or a page.
pub async fn finish_response(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    let mut response = if is_bare_error(&response) {
        jsonify(response).await
    } else {
        response
    };
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    headers.insert(
        "cross-origin-opener-policy",
        HeaderValue::from_static("same-origin"),
    );
    headers.insert(
        "cross-origin-resource-policy",
        HeaderValue::from_static("same-origin"),
    );
    response
}

fn is_bare_error(response: &Response) -> bool {
    if !(response.status().is_client_error() || response.status().is_server_error()) {
        return false;
    }
    let kind = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    !(kind.starts_with("application/json") || kind.starts_with("text/html"))
}

/// Re-wraps an error response from axum or tower-http (plain text or empty) as the API's JSON.
async fn jsonify(response: Response) -> Response {
    let status = response.status();
    let (parts, body) = response.into_parts();
    let text = to_bytes(body, 4096)
        .await
        .ok()
        .and_then(|b| String::from_utf8(b.to_vec()).ok())
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty());
    let code = match status {
        StatusCode::NOT_FOUND => "not_found",
        StatusCode::METHOD_NOT_ALLOWED => "method_not_allowed",
        StatusCode::PAYLOAD_TOO_LARGE => "payload_too_large",
        StatusCode::URI_TOO_LONG => "uri_too_long",
        StatusCode::UNSUPPORTED_MEDIA_TYPE => "unsupported_media_type",
        StatusCode::UNAUTHORIZED => "unauthorized",
        StatusCode::FORBIDDEN => "forbidden",
        s if s.is_server_error() => "internal",
        _ => "bad_request",
    };
    let message = match (status, text) {
        (StatusCode::PAYLOAD_TOO_LARGE, _) => {
            format!("the request body is larger than {} bytes", MAX_BODY_BYTES)
        }
        (StatusCode::METHOD_NOT_ALLOWED, _) => "this path does not take that method".to_string(),
        (s, _) if s.is_server_error() => "internal server error".to_string(),
        (_, Some(text)) => text,
        (s, None) => s.canonical_reason().unwrap_or("error").to_lowercase(),
    };
    let mut out = refuse(status, code, &message);
    // Keep what the original said about the resource (e.g. `Allow` on a 405).
    for (name, value) in parts.headers.iter() {
        if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
            out.headers_mut().insert(name.clone(), value.clone());
        }
    }
    out
}

/// A 400 for a request body that carries a NUL character (no store can keep one).
pub fn reject_nul(body: &[u8]) -> Result<(), AppError> {
    // JSON can carry NUL only as the escape `\u0000`; a raw NUL byte is not JSON at all. An
    // escape starts at a backslash preceded by an even number of backslashes.
    let mut backslashes = 0usize;
    let mut escaped = false;
    for (i, &b) in body.iter().enumerate() {
        if b == b'\\' {
            backslashes += 1;
            continue;
        }
        if b == b'u' && backslashes % 2 == 1 && body[i + 1..].starts_with(b"0000") {
            escaped = true;
            break;
        }
        backslashes = 0;
    }
    if escaped || body.contains(&0) {
        return Err(AppError::BadRequest(
            "the request contains a NUL character (\\u0000), which cannot be stored".into(),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn access() -> Access {
        Access {
            port: 8080,
            public: vec![PublicUrl::parse("https://joinery.example.com").unwrap()],
        }
    }

    #[test]
    fn hosts_are_loopback_on_our_port_or_public() {
        let a = access();
        for ok in [
            "localhost:8080",
            "127.0.0.1:8080",
            "[::1]:8080",
            "LOCALHOST:8080",
            "127.0.0.2:8080",
            "joinery.example.com",
            "joinery.example.com:443",
        ] {
            assert!(a.served(ok).is_some(), "{ok}");
        }
        for bad in [
            "evil.example",
            "evil.example:8080",
            "localhost:9090",
            "localhost",
            "127.0.0.1.evil.example:8080",
            "",
            "user@localhost:8080",
            "joinery.example.com:8443",
        ] {
            assert!(a.served(bad).is_none(), "{bad}");
        }
        assert!(a.served("joinery.example.com").unwrap().https);
    }

    #[test]
    fn origins_must_be_ours() {
        let a = access();
        assert!(a.origin_allowed("http://127.0.0.1:8080"));
        assert!(a.origin_allowed("http://localhost:8080"));
        assert!(a.origin_allowed("https://joinery.example.com"));
        assert!(!a.origin_allowed("http://joinery.example.com"));
        assert!(!a.origin_allowed("http://evil.example"));
        assert!(!a.origin_allowed("http://localhost:3000"));
        assert!(!a.origin_allowed("null"));
    }

    #[test]
    fn nul_is_found_escaped_or_raw() {
        assert!(reject_nul(br#"{"name":"a\u0000b"}"#).is_err());
        assert!(reject_nul(b"{\"name\":\"a\0b\"}").is_err());
        assert!(
            reject_nul(br#"{"name":"a\\u0000"}"#).is_ok(),
            "an escaped backslash, then text"
        );
        assert!(reject_nul(br#"{"name":"a\\\u0000"}"#).is_err());
        assert!(reject_nul(br#"{"name":"ab"}"#).is_ok());
    }

    #[test]
    fn public_urls_are_origins() {
        assert_eq!(
            PublicUrl::parse("https://x.example:8443/")
                .unwrap()
                .origin(),
            "https://x.example:8443"
        );
        assert!(PublicUrl::parse("https://x.example/app").is_err());
        assert!(PublicUrl::parse("ftp://x.example").is_err());
    }
}
