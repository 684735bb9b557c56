//! Connecting to a target database with errors a person can act on and that never carry the
//! password.

use std::str::FromStr;
use std::time::Duration;

use serde::Serialize;
use sqlx::postgres::{PgConnectOptions, PgConnection, PgDatabaseError, PgPool, PgPoolOptions};
use sqlx::ConnectOptions;

use crate::store::redact_url;

/// How long to wait for a target before calling it unreachable.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// What kind of connection failure it was, for the UI to pick a hint.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ConnectErrorKind {
    /// The URL cannot be parsed or is not a `postgres://` URL.
    BadUrl,
    /// Nothing answered (DNS, refused) or it took longer than [`CONNECT_TIMEOUT`].
    Unreachable,
    /// TLS failed: the server's certificate is not trusted or not for this host, or the
    /// `sslrootcert` / `sslcert` / `sslkey` file cannot be read.
    Tls,
    /// The server rejected the user or password.
    AuthFailed,
    /// The server has no database of that name.
    DatabaseMissing,
    /// Anything else the server said.
    Other,
}

impl ConnectErrorKind {
    /// The machine-readable code, as serialized (`auth_failed`).
    pub fn code(&self) -> &'static str {
        match self {
            ConnectErrorKind::BadUrl => "bad_url",
            ConnectErrorKind::Unreachable => "unreachable",
            ConnectErrorKind::Tls => "tls",
            ConnectErrorKind::AuthFailed => "auth_failed",
            ConnectErrorKind::DatabaseMissing => "database_missing",
            ConnectErrorKind::Other => "other",
        }
    }
}

/// A failed connection attempt; `message` never contains the password.
#[derive(Clone, Debug, thiserror::Error, Serialize)]
#[error("cannot connect to {url}: {message}")]
pub struct ConnectError {
    /// The failure class.
    pub kind: ConnectErrorKind,
    /// The URL without its password.
    pub url: String,
    /// What went wrong.
    pub message: String,
}

/// Parses a target URL, refusing anything that is not PostgreSQL.
pub fn parse_target_url(url: &str) -> Result<PgConnectOptions, ConnectError> {
    let bad = |message: String| ConnectError {
        kind: ConnectErrorKind::BadUrl,
        url: redact_url(url),
        message: scrub(&message, url),
    };
    if !(url.starts_with("postgres://") || url.starts_with("postgresql://")) {
        return Err(bad(
            "not a PostgreSQL URL (expected postgres://user:password@host:port/database)".into(),
        ));
    }
    let options = PgConnectOptions::from_str(url)
        .map_err(|e| bad(format!("invalid URL: {e}")))?
        .application_name("joinery");
    Ok(options)
}

/// Opens one connection to `url`, classifying failures.
pub async fn connect(url: &str) -> Result<PgConnection, ConnectError> {
    let options = parse_target_url(url)?;
    match tokio::time::timeout(CONNECT_TIMEOUT, options.connect()).await {
        Ok(Ok(conn)) => Ok(conn),
        Ok(Err(err)) => Err(classify(url, &err)),
        Err(_) => Err(ConnectError {
            kind: ConnectErrorKind::Unreachable,
            url: redact_url(url),
            message: format!("no answer within {} seconds", CONNECT_TIMEOUT.as_secs()),
        }),
    }
}

/// A small pool on `url` (for introspection, which takes a pool).
pub async fn connect_pool(url: &str) -> Result<PgPool, ConnectError> {
    let options = parse_target_url(url)?;
    let pool = PgPoolOptions::new()
        .max_connections(2)
        .acquire_timeout(CONNECT_TIMEOUT)
        .connect_with(options)
        .await
        .map_err(|e| classify(url, &e))?;
    Ok(pool)
}

/// Turns a driver error from connecting into a [`ConnectError`].
pub fn classify(url: &str, err: &sqlx::Error) -> ConnectError {
    let (kind, message) = match err {
        sqlx::Error::Database(db) => {
            let code = db.code().map(|c| c.to_string()).unwrap_or_default();
            let kind = match code.as_str() {
                "28P01" | "28000" => ConnectErrorKind::AuthFailed,
                "3D000" => ConnectErrorKind::DatabaseMissing,
                _ => ConnectErrorKind::Other,
            };
            (kind, db.message().to_string())
        }
        sqlx::Error::Io(e) => match tls_problem(url, &e.to_string()) {
            Some(message) => (ConnectErrorKind::Tls, message),
            None => (ConnectErrorKind::Unreachable, e.to_string()),
        },
        sqlx::Error::Tls(e) => (
            ConnectErrorKind::Tls,
            tls_problem(url, &e.to_string()).unwrap_or_else(|| format!("TLS: {e}")),
        ),
        sqlx::Error::Configuration(e) => (ConnectErrorKind::BadUrl, e.to_string()),
        sqlx::Error::PoolTimedOut => (
            ConnectErrorKind::Unreachable,
            format!("no answer within {} seconds", CONNECT_TIMEOUT.as_secs()),
        ),
        other => (ConnectErrorKind::Other, other.to_string()),
    };
    ConnectError {
        kind,
        url: redact_url(url),
        message: scrub(&message, url),
    }
}

/// A certificate or TLS-file failure explained in libpq's terms (sqlx reports these as I/O
/// errors), or `None` when `text` is about something else.
fn tls_problem(url: &str, text: &str) -> Option<String> {
    let param = |name: &str| {
        url::Url::parse(url).ok().and_then(|u| {
            u.query_pairs()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.into_owned())
        })
    };
    if text.contains("No such file") || text.contains("ermission denied") {
        for name in ["sslrootcert", "sslcert", "sslkey"] {
            if let Some(path) = param(name) {
                return Some(format!("TLS: cannot read the {name} file {path:?}: {text}"));
            }
        }
        return None;
    }
    if !text.contains("certificate") && !text.contains("TLS") && !text.contains("tls") {
        return None;
    }
    let hint = if text.contains("UnknownIssuer") {
        match param("sslrootcert") {
            Some(path) => format!(
                "the server's certificate is not signed by the root certificate in sslrootcert ({path})"
            ),
            None => "the server's certificate is not signed by a public root certificate; give its CA with sslrootcert=/path/ca.pem"
                .to_string(),
        }
    } else if text.contains("not valid for name") {
        "the server's certificate is not for this host name (sslmode=verify-full checks it)"
            .to_string()
    } else if text.contains("Expired") {
        "the server's certificate has expired".to_string()
    } else {
        "the TLS handshake failed".to_string()
    };
    Some(format!("TLS: {hint} ({text})"))
}

/// The database's own words for a failed statement: message, SQLSTATE, detail and hint.
pub fn database_message(err: &sqlx::Error, url: &str) -> String {
    let text = match err {
        sqlx::Error::Database(db) => match db.try_downcast_ref::<PgDatabaseError>() {
            Some(pg) => {
                let mut text = format!("{} (SQLSTATE {})", pg.message(), pg.code());
                if let Some(detail) = pg.detail() {
                    text.push_str(&format!("; detail: {detail}"));
                }
                if let Some(hint) = pg.hint() {
                    text.push_str(&format!("; hint: {hint}"));
                }
                text
            }
            None => db.message().to_string(),
        },
        other => other.to_string(),
    };
    scrub(&text, url)
}

/// Removes the URL's password (raw and percent-decoded) and the URL itself from `text`.
pub fn scrub(text: &str, url: &str) -> String {
    let mut out = text.replace(url, &redact_url(url));
    if let Some(password) = password_of(url) {
        for form in [password.clone(), percent_decode(&password)] {
            if !form.is_empty() {
                out = out.replace(&form, "********");
            }
        }
    }
    out
}

fn password_of(url: &str) -> Option<String> {
    let (_, rest) = url.split_once("://")?;
    let authority = match rest.find(['/', '?']) {
        Some(i) => &rest[..i],
        None => rest,
    };
    let (userinfo, _) = authority.rsplit_once('@')?;
    let (_, password) = userinfo.split_once(':')?;
    Some(password.to_string())
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let hex = |b: u8| (b as char).to_digit(16);
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(hi), Some(lo)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((hi * 16 + lo) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_the_serialized_kinds() {
        use ConnectErrorKind::*;
        for kind in [BadUrl, Unreachable, Tls, AuthFailed, DatabaseMissing, Other] {
            assert_eq!(serde_json::to_value(kind).unwrap(), kind.code());
        }
    }

    #[test]
    fn scrub_removes_raw_and_decoded_passwords() {
        let url = "postgres://alice:s3cr%40t@db:5432/app";
        let text = format!("failed for {url}: s3cr@t and s3cr%40t");
        let clean = scrub(&text, url);
        assert!(!clean.contains("s3cr"), "{clean}");
        assert!(clean.contains("postgres://alice@db:5432/app"), "{clean}");
    }

    #[test]
    fn tls_failures_are_explained() {
        let url = "postgres://u:pw@db/x?sslmode=verify-full&sslrootcert=/etc/ca.pem";
        let m = tls_problem(url, "invalid peer certificate: UnknownIssuer").unwrap();
        assert!(
            m.contains("not signed by the root certificate in sslrootcert (/etc/ca.pem)"),
            "{m}"
        );
        let m = tls_problem(url, "No such file or directory (os error 2)").unwrap();
        assert!(
            m.contains("cannot read the sslrootcert file \"/etc/ca.pem\""),
            "{m}"
        );
        let m = tls_problem(
            url,
            "invalid peer certificate: certificate not valid for name \"x\"",
        )
        .unwrap();
        assert!(m.contains("not for this host name"), "{m}");
        assert!(tls_problem(url, "Connection refused (os error 111)").is_none());
        assert!(tls_problem("postgres://db/x", "No such file or directory").is_none());
    }

    #[test]
    fn bad_urls_are_named_without_the_password() {
        let err = parse_target_url("mysql://root:hunter2@db/x").unwrap_err();
        assert_eq!(err.kind, ConnectErrorKind::BadUrl);
        assert!(!err.to_string().contains("hunter2"), "{err}");
        let err = parse_target_url("postgres://root:hunter2@db:notaport/x").unwrap_err();
        assert_eq!(err.kind, ConnectErrorKind::BadUrl);
        assert!(!err.to_string().contains("hunter2"), "{err}");
    }
}
