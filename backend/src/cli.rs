//! The command line ([`Cli`]) and its tools for CI and scripts: `joinery inspect` and
//! `joinery ddl` here, the others in submodules.
//!
//! Every command that reads a schema takes a *source* and loads it through [`load_source`], so a
//! `.sql` file, a model `.json` file and a live database are interchangeable everywhere:
//!
//! - `*.sql`: imported with `joinery_shared::import::import_sql`; any import error fails the
//!   command, listing each as `file:line:column: statement: message`.
//! - `*.json`: a Joinery document (`{"format": "joinery/1", "schema": ..., "layout": ...}`) or a
//!   bare schema (`{"tables": [...], ...}`).
//! - `postgres://...` / `postgresql://...`: introspected live (see [`crate::introspect`]). The
//!   password never appears in messages: URLs are shown through [`crate::store::redact_url`] and
//!   driver messages are scrubbed of it.
//!
//! Results go to stdout; warnings (`warning: ...`) and errors go to stderr, and errors make the
//! process exit non-zero.

use std::io::Write;
use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use clap::{Args, Parser, Subcommand};
use joinery_shared::import::Diagnostic;
use joinery_shared::model::{Document, Schema};
use sqlx::postgres::{PgConnectOptions, PgConnection, PgPoolOptions};
use sqlx::Connection;

use crate::introspect::{introspect_with_warnings, IntrospectOptions};
use crate::store::redact_url;

pub mod apply;
pub mod diff;
pub mod drift;
pub mod export;
pub mod keys;
pub mod timing;

/// Joinery: design PostgreSQL schemas, generate reviewed migrations, apply them safely.
#[derive(Debug, Parser)]
#[command(name = "joinery", version, about)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The `joinery` subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the web UI and the `/api` on one port.
    Serve(crate::config::ServeArgs),
    /// Print a schema (from a .sql file, a .json model or a postgres:// URL) as model JSON.
    Inspect(SourceArgs),
    /// Print the CREATE DDL of a schema (from a .sql file, a .json model or a postgres:// URL).
    Ddl(SourceArgs),
    /// Write the schema in another format (`joinery export drizzle --from <source> --out DIR`,
    /// `joinery export svg --from <source> --out FILE.svg`).
    Export(export::ExportArgs),
    /// Apply a directory of migrations (`NNNN_name.sql`, or a Drizzle folder) to a database.
    Apply(apply::ApplyArgs),
    /// Compare a database with a design; `--exit-code` exits 1 when they differ.
    Drift(drift::DriftArgs),
    /// Print the migration SQL between two schemas (hazards as comments).
    Diff(diff::DiffArgs),
    /// Print a new one-time login link for a server using this data folder.
    LoginLink(crate::config::LoginLinkArgs),
    /// Re-encrypt the stored target passwords under a new key (with the server stopped).
    RotateKey(crate::config::RotateKeyArgs),
}

/// How long to wait for a database before giving up.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// The source argument shared by the schema-reading commands.
#[derive(Debug, Clone, Args)]
pub struct SourceArgs {
    /// A `.sql` file, a model `.json` file, or a `postgres://` URL.
    pub source: String,
    /// Only read these database schemas (repeatable; database sources only). Default: every
    /// schema except the system ones and `joinery`.
    #[arg(long = "schema", value_name = "SCHEMA")]
    pub schemas: Vec<String>,
}

/// Why a command failed.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// The source is neither a `.sql`/`.json` path nor a PostgreSQL URL.
    #[error(
        "cannot tell what {0:?} is: expected a .sql file, a .json model file or a \
         postgres:// URL"
    )]
    UnknownSource(String),
    /// The file could not be read.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The path as given.
        path: String,
        /// The OS error.
        #[source]
        source: std::io::Error,
    },
    /// The SQL file has statements that could not be imported.
    #[error("{path}: {} SQL error(s):{}", errors.len(), list_diagnostics(path, errors))]
    Sql {
        /// The path as given.
        path: String,
        /// Each error with its line and column.
        errors: Vec<Diagnostic>,
    },
    /// The JSON file is not a document or schema.
    #[error("{path} is not a Joinery document or schema: {message}")]
    Json {
        /// The path as given.
        path: String,
        /// What is wrong, with line and column.
        message: String,
    },
    /// The database could not be reached.
    #[error("cannot connect to {url}: {message}")]
    Connect {
        /// The URL without its password.
        url: String,
        /// The driver's message, without the password.
        message: String,
    },
    /// The database was reached but its catalog could not be read.
    #[error("cannot introspect {url}: {message}")]
    Introspect {
        /// The URL without its password.
        url: String,
        /// The driver's message, without the password.
        message: String,
    },
    /// The design holds SQL fragments that are not one expression, query or type name (they
    /// would be pasted into the DDL as something else), or that are too long or deep to read.
    #[error("{path}: {} SQL fragment(s) are not valid SQL:{}", problems.len(), problems.iter().map(|p| format!("\n  {p}")).collect::<String>())]
    InvalidSql {
        /// The path as given.
        path: String,
        /// Each problem, naming the object, the field and the position.
        problems: Vec<String>,
    },
    /// Writing the result failed (e.g. a closed pipe).
    #[error("cannot write the output: {0}")]
    Output(#[source] std::io::Error),
}

fn list_diagnostics(path: &str, diagnostics: &[Diagnostic]) -> String {
    diagnostics
        .iter()
        .map(|d| format!("\n  {}", located(path, d)))
        .collect()
}

fn located(path: &str, d: &Diagnostic) -> String {
    format!(
        "{path}:{}:{}: {}: {}",
        d.line, d.column, d.statement, d.message
    )
}

/// Loads a schema from a `.sql` file, a `.json` model file or a PostgreSQL URL, returning the
/// document and warnings (one line each) about what was skipped or simplified.
pub async fn load_source(arg: &str) -> Result<(Document, Vec<String>), CliError> {
    load_source_with(arg, &IntrospectOptions::default()).await
}

/// A loaded source: the document and its warnings.
pub type Loaded = (Document, Vec<String>);

/// Loads two sources at once, the second on another thread (reading and checking a large file
/// is CPU work, and the two are independent). Errors are reported as if they were loaded one
/// after the other: the first source's error wins.
pub async fn load_pair(first: &str, second: &str) -> Result<(Loaded, Loaded), CliError> {
    let owned = second.to_string();
    let later = tokio::spawn(async move { load_source(&owned).await });
    let first = match load_source(first).await {
        Ok(loaded) => loaded,
        Err(e) => {
            later.abort();
            return Err(e);
        }
    };
    match later.await {
        Ok(second) => Ok((first, second?)),
        Err(e) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
        Err(e) => Err(CliError::Output(std::io::Error::other(e))),
    }
}

/// [`load_source`] with a schema selection for database sources.
pub async fn load_source_with(
    arg: &str,
    options: &IntrospectOptions,
) -> Result<(Document, Vec<String>), CliError> {
    if is_postgres_url(arg) {
        return load_database(arg, options).await;
    }
    let mut warnings = Vec::new();
    if options.schemas.is_some() {
        warnings.push(format!(
            "--schema applies to database sources only; ignored for {arg}"
        ));
    }
    let extension = Path::new(arg)
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let (document, more) = match extension.as_deref() {
        Some("sql") => load_sql(arg)?,
        Some("json") => (load_json(arg)?, Vec::new()),
        _ => return Err(CliError::UnknownSource(arg.to_string())),
    };
    warnings.extend(more);
    timing::timed("check fragments", || refuse_invalid_sql(arg, &document))?;
    Ok((document, warnings))
}

/// A design from a file is refused when a fragment does not read as SQL: `ddl`, `diff` and
/// `export` would otherwise write it into DDL as something else. (A database's own expressions
/// come from PostgreSQL and are not checked.)
fn refuse_invalid_sql(path: &str, document: &Document) -> Result<(), CliError> {
    let problems: Vec<String> = joinery_shared::validate::invalid_sql(&document.schema)
        .into_iter()
        .map(|p| p.to_string())
        .collect();
    if problems.is_empty() {
        Ok(())
    } else {
        Err(CliError::InvalidSql {
            path: path.to_string(),
            problems,
        })
    }
}

fn is_postgres_url(arg: &str) -> bool {
    let lower = arg.get(..13).unwrap_or(arg).to_ascii_lowercase();
    lower.starts_with("postgres://") || lower.starts_with("postgresql://")
}

fn read(path: &str) -> Result<String, CliError> {
    timing::timed("read", || std::fs::read_to_string(path)).map_err(|source| CliError::Read {
        path: path.to_string(),
        source,
    })
}

fn load_sql(path: &str) -> Result<(Document, Vec<String>), CliError> {
    let text = read(path)?;
    let result = timing::timed("import sql", || joinery_shared::import::import_sql(&text));
    if !result.errors.is_empty() {
        return Err(CliError::Sql {
            path: path.to_string(),
            errors: result.errors,
        });
    }
    let warnings = result.warnings.iter().map(|d| located(path, d)).collect();
    Ok((result.document, warnings))
}

fn load_json(path: &str) -> Result<Document, CliError> {
    let text = read(path)?;
    timing::timed("parse json", || parse_model_json(&text)).map_err(|message| CliError::Json {
        path: path.to_string(),
        message,
    })
}

/// Parses a document, or a bare schema when the object has neither `format` nor `schema`.
pub fn parse_model_json(text: &str) -> Result<Document, String> {
    // A Joinery document, the usual file, is read in one pass; anything else (and any error)
    // takes the path below, which tells the kinds apart first, so its results and messages are
    // that path's.
    match serde_json::from_str::<DocumentPass>(text) {
        Ok(DocumentPass(Some(document))) => checked_format(document),
        _ => parse_model_json_by_kind(text),
    }
}

/// [`parse_model_json`] for any file: the top-level keys tell the kind, then the text is read
/// as that kind.
fn parse_model_json_by_kind(text: &str) -> Result<Document, String> {
    // What kind of file this is, read from the top-level keys alone: nothing below them is
    // built, so the text is parsed into the model only once.
    let probe: JsonProbe = serde_json::from_str(text).map_err(|e| match e.classify() {
        serde_json::error::Category::Data => "expected a JSON object".to_string(),
        _ => e.to_string(),
    })?;
    // A drizzle-kit snapshot (meta/NNNN_snapshot.json) is recognised by its dialect and version.
    if probe.postgresql_dialect && probe.tables && probe.version {
        return joinery_shared::drizzle::import_snapshot(text).map_err(|e| e.to_string());
    }
    if probe.format || probe.schema {
        let document: Document = serde_json::from_str(text).map_err(|e| e.to_string())?;
        checked_format(document)
    } else {
        let schema: Schema = serde_json::from_str(text).map_err(|e| e.to_string())?;
        Ok(Document::new(schema))
    }
}

fn checked_format(document: Document) -> Result<Document, String> {
    if !document.format.starts_with("joinery/") {
        return Err(format!(
            "unsupported format {:?} (expected {:?})",
            document.format,
            joinery_shared::model::FORMAT
        ));
    }
    Ok(document)
}

/// A Joinery document read in one pass: `Some` when the text is an object with one `format`,
/// one `schema` and at most one `layout` that is not also a drizzle-kit snapshot; `None` or an
/// error for anything else, which [`parse_model_json_by_kind`] then reads.
struct DocumentPass(Option<Document>);

impl<'de> serde::Deserialize<'de> for DocumentPass {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct PassVisitor;
        impl<'de> serde::de::Visitor<'de> for PassVisitor {
            type Value = DocumentPass;

            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a Joinery document")
            }

            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<DocumentPass, A::Error> {
                use serde::de::{Error, IgnoredAny};
                let mut format: Option<String> = None;
                let mut schema: Option<Schema> = None;
                let mut layout: Option<joinery_shared::model::Layout> = None;
                let mut probe = JsonProbe::default();
                while let Some(key) = map.next_key::<DocumentKey>()? {
                    match key {
                        DocumentKey::Format if format.is_none() => format = Some(map.next_value()?),
                        DocumentKey::Schema if schema.is_none() => schema = Some(map.next_value()?),
                        DocumentKey::Layout if layout.is_none() => layout = Some(map.next_value()?),
                        DocumentKey::Format | DocumentKey::Schema | DocumentKey::Layout => {
                            return Err(A::Error::custom("a key given twice"));
                        }
                        DocumentKey::Probe(ProbeKey::Dialect) => {
                            let value: serde_json::Value = map.next_value()?;
                            probe.postgresql_dialect = value.as_str() == Some("postgresql");
                        }
                        DocumentKey::Probe(other) => {
                            map.next_value::<IgnoredAny>()?;
                            match other {
                                ProbeKey::Tables => probe.tables = true,
                                ProbeKey::Version => probe.version = true,
                                _ => {}
                            }
                        }
                    }
                }
                let snapshot = probe.postgresql_dialect && probe.tables && probe.version;
                Ok(DocumentPass(match (format, schema) {
                    (Some(format), Some(schema)) if !snapshot => Some(Document {
                        format,
                        schema,
                        layout: layout.unwrap_or_default(),
                    }),
                    _ => None,
                }))
            }
        }
        deserializer.deserialize_map(PassVisitor)
    }
}

/// A top-level key of a document, or one that [`JsonProbe`] looks at.
enum DocumentKey {
    Format,
    Schema,
    Layout,
    Probe(ProbeKey),
}

impl<'de> serde::Deserialize<'de> for DocumentKey {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(match ProbeKey::deserialize(deserializer)? {
            ProbeKey::Format => DocumentKey::Format,
            ProbeKey::Schema => DocumentKey::Schema,
            ProbeKey::Layout => DocumentKey::Layout,
            other => DocumentKey::Probe(other),
        })
    }
}

/// Which of the keys that tell a model file's kind a JSON object has (the last `dialect` wins,
/// as in a parsed object). Any other JSON value fails with a data error.
#[derive(Default)]
struct JsonProbe {
    postgresql_dialect: bool,
    tables: bool,
    version: bool,
    format: bool,
    schema: bool,
}

impl<'de> serde::Deserialize<'de> for JsonProbe {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(JsonProbe::default())
    }
}

/// A top-level key of a model file: one of those [`JsonProbe`] or [`DocumentPass`] looks for,
/// or another.
enum ProbeKey {
    Dialect,
    Tables,
    Version,
    Format,
    Schema,
    Layout,
    Other,
}

impl<'de> serde::Deserialize<'de> for ProbeKey {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl serde::de::Visitor<'_> for KeyVisitor {
            type Value = ProbeKey;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a key")
            }
            fn visit_str<E: serde::de::Error>(self, key: &str) -> Result<ProbeKey, E> {
                Ok(match key {
                    "dialect" => ProbeKey::Dialect,
                    "tables" => ProbeKey::Tables,
                    "version" => ProbeKey::Version,
                    "format" => ProbeKey::Format,
                    "schema" => ProbeKey::Schema,
                    "layout" => ProbeKey::Layout,
                    _ => ProbeKey::Other,
                })
            }
        }
        deserializer.deserialize_identifier(KeyVisitor)
    }
}

impl<'de> serde::de::Visitor<'de> for JsonProbe {
    type Value = JsonProbe;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(mut self, mut map: A) -> Result<Self, A::Error> {
        use serde::de::IgnoredAny;
        while let Some(key) = map.next_key::<ProbeKey>()? {
            match key {
                ProbeKey::Dialect => {
                    let value: serde_json::Value = map.next_value()?;
                    self.postgresql_dialect = value.as_str() == Some("postgresql");
                }
                other => {
                    map.next_value::<IgnoredAny>()?;
                    match other {
                        ProbeKey::Tables => self.tables = true,
                        ProbeKey::Version => self.version = true,
                        ProbeKey::Format => self.format = true,
                        ProbeKey::Schema => self.schema = true,
                        _ => {}
                    }
                }
            }
        }
        Ok(self)
    }
}

/// The password in a URL (raw and percent-decoded), to scrub from driver messages.
fn url_secrets(url: &str) -> Vec<String> {
    let Some((_, rest)) = url.split_once("://") else {
        return Vec::new();
    };
    let authority = rest.split(['/', '?']).next().unwrap_or("");
    let Some((userinfo, _)) = authority.rsplit_once('@') else {
        return Vec::new();
    };
    let Some((_, password)) = userinfo.split_once(':') else {
        return Vec::new();
    };
    if password.is_empty() {
        return Vec::new();
    }
    let mut secrets = vec![password.to_string()];
    let decoded = percent_decode(password);
    if decoded != password {
        secrets.push(decoded);
    }
    secrets
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = |b: u8| (b as char).to_digit(16);
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

fn scrub(message: String, url: &str) -> String {
    let mut message = message;
    for secret in url_secrets(url) {
        message = message.replace(&secret, "***");
    }
    message
}

async fn load_database(
    url: &str,
    options: &IntrospectOptions,
) -> Result<(Document, Vec<String>), CliError> {
    let shown = redact_url(url);
    let connect_error = |message: String| CliError::Connect {
        url: shown.clone(),
        message: scrub(message, url),
    };
    let connect_options =
        PgConnectOptions::from_str(url).map_err(|e| connect_error(e.to_string()))?;
    // One plain connection first: a pool retries until its timeout and then reports only "pool
    // timed out", hiding the real reason (refused, unknown host, no such database).
    match tokio::time::timeout(
        CONNECT_TIMEOUT,
        PgConnection::connect_with(&connect_options),
    )
    .await
    {
        Err(_) => {
            return Err(connect_error(format!(
                "no answer within {} seconds",
                CONNECT_TIMEOUT.as_secs()
            )))
        }
        Ok(Err(e)) => return Err(connect_error(e.to_string())),
        Ok(Ok(probe)) => {
            let _ = probe.close().await;
        }
    }
    let pool = PgPoolOptions::new()
        .max_connections(1)
        .acquire_timeout(CONNECT_TIMEOUT)
        .connect_with(connect_options)
        .await
        .map_err(|e| connect_error(e.to_string()))?;
    let result = introspect_with_warnings(&pool, options).await;
    pool.close().await;
    let introspected = result.map_err(|e| CliError::Introspect {
        url: shown,
        message: scrub(e.to_string(), url),
    })?;
    Ok((introspected.document, introspected.warnings))
}

fn options(args: &SourceArgs) -> IntrospectOptions {
    IntrospectOptions {
        schemas: (!args.schemas.is_empty()).then(|| args.schemas.clone()),
    }
}

fn print_warnings(warnings: &[String]) {
    for w in warnings {
        eprintln!("warning: {w}");
    }
}

/// Writes `text` and a newline to stdout, reporting a closed pipe as an error.
pub fn write_stdout(text: &str) -> Result<(), CliError> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|()| {
            if text.ends_with('\n') {
                Ok(())
            } else {
                out.write_all(b"\n")
            }
        })
        .and_then(|()| out.flush())
        .map_err(CliError::Output)
}

/// `joinery inspect <source>`: prints the model as pretty JSON.
pub async fn inspect(args: SourceArgs) -> Result<(), CliError> {
    let (document, warnings) = load_source_with(&args.source, &options(&args)).await?;
    print_warnings(&warnings);
    let json = serde_json::to_string_pretty(&document)
        .map_err(|e| CliError::Output(std::io::Error::other(e)))?;
    write_stdout(&json)
}

/// `joinery ddl <source>`: prints the `CREATE` statements for the whole schema.
pub async fn ddl(args: SourceArgs) -> Result<(), CliError> {
    let (document, warnings) = load_source_with(&args.source, &options(&args)).await?;
    print_warnings(&warnings);
    write_stdout(&joinery_shared::ddl::render_schema(&document.schema))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_found_raw_and_decoded() {
        assert_eq!(
            url_secrets("postgres://alice:s3cr%40t@db:5432/app"),
            ["s3cr%40t", "s3cr@t"]
        );
        assert!(url_secrets("postgres://alice@db/app").is_empty());
        assert!(url_secrets("postgres://db/app").is_empty());
        assert_eq!(
            scrub("bad s3cr@t here".into(), "postgres://a:s3cr%40t@h/d"),
            "bad *** here"
        );
        assert_eq!(percent_decode("%4"), "%4");
        assert_eq!(percent_decode("%zz"), "%zz");
        assert_eq!(percent_decode("é%é"), "é%é");
    }

    #[test]
    fn urls_are_recognised_case_insensitively() {
        assert!(is_postgres_url("postgres://x"));
        assert!(is_postgres_url("PostgreSQL://x"));
        assert!(!is_postgres_url("mysql://x"));
        assert!(!is_postgres_url("schema.sql"));
    }

    #[test]
    fn model_json_accepts_documents_and_bare_schemas() {
        let doc = parse_model_json(r#"{"format":"joinery/1","schema":{}}"#).unwrap();
        assert_eq!(doc.schema, Schema::default());
        let doc = parse_model_json(r#"{"tables":[]}"#).unwrap();
        assert_eq!(doc.format, joinery_shared::model::FORMAT);
        assert!(parse_model_json(r#"{"format":"other/1","schema":{}}"#).is_err());
        assert!(parse_model_json("[1]").is_err());
        assert_eq!(
            parse_model_json("[1]").unwrap_err(),
            "expected a JSON object"
        );
        assert_eq!(
            parse_model_json("\"x\"").unwrap_err(),
            "expected a JSON object"
        );
        let err = parse_model_json("{\n  \"tables\": [}").unwrap_err();
        assert!(err.contains("line 2"), "{err}");
        let err = parse_model_json("{\"tables\": []} x").unwrap_err();
        assert!(err.contains("trailing"), "{err}");
        // A dialect that is not a string is no snapshot; the last of duplicate keys counts.
        assert!(
            parse_model_json(r#"{"dialect":1,"tables":[],"version":"7"}"#)
                .is_ok_and(|d| d.schema == Schema::default())
        );
        assert!(parse_model_json(
            r#"{"dialect":"postgresql","dialect":"mysql","tables":[],"version":"7","x":[1]}"#
        )
        .is_ok_and(|d| d.schema == Schema::default()));
    }
}
