//! What the designer asks of the engine worker, and what it answers.
//!
//! The engine (SQL import, validation's SQL checks, diff, plan, DDL, Drizzle) is not in the
//! bundle the browser downloads first: it runs in a Web Worker built from the same crates
//! (`src/bin/engine.rs`), so the first screen comes up sooner and import, diff and planning never
//! block typing or panning. Messages cross as JSON text, because `serde_json` is already in both
//! bundles and a string is the cheapest thing `postMessage` clones.
//!
//! The worker keeps its own copies of the draft and of the version the Changes tab plans from
//! ([`Slot`]); the designer keeps them current with [`Message::Sync`] patches (only what
//! changed), and requests about them carry no schema.
//!
//! Every request carries a sequence number that its response echoes. The client
//! (`engine.rs`) applies a response only when it answers the newest request of its
//! [`Kind`]: an answer about a document that has since changed is dropped, never shown.
//!
//! [`Engine`] is the worker's side; it is plain Rust so native tests run it. The main bundle
//! never calls it, so the linker leaves it (and sqlparser under it) out of that bundle.

use joinery_shared::import::{Diagnostic, ImportResult};
use joinery_shared::model::{Conventions, Document, Function, Id, Schema, Table, Trigger};
use joinery_shared::validate::Problem;
use joinery_shared::wire::MigrationStatement;
use serde::{Deserialize, Serialize};

use crate::highlights::Highlights;
pub use crate::mirror::{Mirror, SchemaPatch, Slot};

/// A saved version as the Drizzle export takes it: `(name, document, created at in ms)`.
pub type VersionEntry = (String, Document, u64);

/// What the designer asks.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Request {
    /// `CREATE` DDL of the draft ([`Slot::Draft`]), or of its selected tables only.
    Ddl {
        /// Only these tables, when given.
        selection: Option<Vec<Id>>,
    },
    /// `CREATE` DDL of the whole draft for a download (its own kind, so an export never
    /// replaces the SQL tab's pending preview).
    ExportSql,
    /// The migration from [`Slot::Base`] to [`Slot::Draft`], as the server would plan it.
    Plan {
        /// Online-friendly forms (`NOT VALID` + `VALIDATE`, `CONCURRENTLY`).
        online: bool,
    },
    /// Validation problems of the draft, then names off the project's naming convention.
    Problems {
        /// The project's conventions (naming).
        conventions: Conventions,
    },
    /// What differs between two schemas, for the canvas's comparison marks.
    Highlights {
        /// What is compared, for the legend.
        label: String,
        /// The older side.
        from: Schema,
        /// The newer side.
        to: Schema,
    },
    /// SQL (or a drizzle-kit snapshot) to import.
    Import {
        /// The pasted or chosen text.
        text: String,
    },
    /// A Drizzle project as a zip: schema files and one migration per version, then the draft
    /// when it differs from the newest version.
    DrizzleZip {
        /// The saved versions, oldest first.
        versions: Vec<VersionEntry>,
        /// The draft.
        draft: Document,
        /// Now, in ms since the epoch (the draft's migration time).
        now: u64,
    },
    /// A `CREATE FUNCTION|PROCEDURE` statement to read (the Functions tab's Save).
    ReadFunction {
        /// The statement.
        sql: String,
    },
    /// A `CREATE TRIGGER` statement to read against its table (the table editor's Save).
    ReadTrigger {
        /// The statement.
        sql: String,
        /// The table it is on (its columns resolve `UPDATE OF`).
        table: Table,
    },
}

/// What the engine answers, one variant per [`Request`] variant.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Response {
    /// The DDL (for [`Request::Ddl`] and [`Request::ExportSql`]).
    Ddl(String),
    /// The statements of the migration.
    Plan(Vec<MigrationStatement>),
    /// The problems.
    Problems(Vec<Problem>),
    /// The comparison.
    Highlights(Highlights),
    /// The import's document and diagnostics.
    Import(ImportResult),
    /// The zip's bytes and how many migrations it holds, or why it could not be made.
    DrizzleZip(Result<(Vec<u8>, usize), String>),
    /// The routine read, or where and why it does not read.
    Function(Result<Function, String>),
    /// The trigger read, or where and why it does not read.
    Trigger(Result<Trigger, String>),
}

/// Requests of one kind replace each other: only the newest one's answer is applied.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// [`Request::Ddl`].
    Ddl,
    /// [`Request::ExportSql`].
    ExportSql,
    /// [`Request::Plan`].
    Plan,
    /// [`Request::Problems`].
    Problems,
    /// [`Request::Highlights`].
    Highlights,
    /// [`Request::Import`].
    Import,
    /// [`Request::DrizzleZip`].
    DrizzleZip,
    /// [`Request::ReadFunction`].
    ReadFunction,
    /// [`Request::ReadTrigger`].
    ReadTrigger,
}

impl Request {
    /// The request's kind.
    pub fn kind(&self) -> Kind {
        match self {
            Request::Ddl { .. } => Kind::Ddl,
            Request::ExportSql => Kind::ExportSql,
            Request::Plan { .. } => Kind::Plan,
            Request::Problems { .. } => Kind::Problems,
            Request::Highlights { .. } => Kind::Highlights,
            Request::Import { .. } => Kind::Import,
            Request::DrizzleZip { .. } => Kind::DrizzleZip,
            Request::ReadFunction { .. } => Kind::ReadFunction,
            Request::ReadTrigger { .. } => Kind::ReadTrigger,
        }
    }
}

impl Kind {
    /// Whether only the newest request of this kind matters: a preview (DDL, plan, problems,
    /// an import's reading) is out of date once a newer one is asked for. A read whose answer
    /// applies an edit (a function's or a trigger's definition, saved) is not: each one asked
    /// for must be answered, or the edit would be lost.
    pub fn latest_only(self) -> bool {
        !matches!(self, Kind::ReadFunction | Kind::ReadTrigger)
    }
}

/// A request or response with the sequence number that pairs them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Envelope<T> {
    /// Increases with every request the client sends; the response repeats it.
    pub seq: u64,
    /// The request or response.
    pub body: T,
}

/// The message the worker posts once it listens: messages sent before that would be lost
/// (the worker's wasm is still loading), so the client holds them until it sees this.
pub const READY: &str = "ready";

/// The worker's state: its copies of the schemas requests refer to ([`Slot`]), kept up to
/// date by [`Message::Sync`].
#[derive(Debug, Default)]
pub struct Engine {
    schemas: Mirror,
}

impl Engine {
    /// The copy of `slot` (what the next request about it sees).
    pub fn schema(&self, slot: Slot) -> &Schema {
        self.schemas.get(slot)
    }

    /// Applies a patch to the copy of `slot`.
    pub fn sync(&mut self, slot: Slot, patch: SchemaPatch) {
        self.schemas.apply(slot, patch);
    }

    /// Answers one request: the worker's whole job.
    pub fn handle(&mut self, request: Request) -> Response {
        let draft = self.schemas.get(Slot::Draft);
        match request {
            Request::Ddl { selection } => Response::Ddl(match selection {
                Some(ids) => joinery_shared::ddl::render_selection(draft, &ids),
                None => joinery_shared::ddl::render_schema(draft),
            }),
            Request::ExportSql => Response::Ddl(joinery_shared::ddl::render_schema(draft)),
            Request::Plan { online } => {
                Response::Plan(plan_between(self.schemas.get(Slot::Base), draft, online))
            }
            Request::Problems { conventions } => {
                let mut found = joinery_shared::validate::validate(draft);
                found.extend(joinery_shared::validate::naming_problems(
                    draft,
                    &conventions,
                ));
                Response::Problems(found)
            }
            Request::Highlights { label, from, to } => {
                Response::Highlights(crate::highlights::highlights(&label, &from, &to))
            }
            Request::Import { text } => Response::Import(import_text(&text)),
            Request::DrizzleZip {
                versions,
                draft,
                now,
            } => Response::DrizzleZip(drizzle_zip(versions, draft, now)),
            Request::ReadFunction { sql } => {
                Response::Function(joinery_shared::import::function_from_definition(&sql))
            }
            Request::ReadTrigger { sql, table } => Response::Trigger(
                joinery_shared::import::trigger_from_definition(&sql, &table),
            ),
        }
    }

    /// Handles one message as the worker receives it (JSON of a [`Message`]): a sync is
    /// applied and answers nothing; a request is answered as [`reply`] writes it. `None` also
    /// for a message that does not read.
    pub fn handle_message(&mut self, message: &str) -> Option<String> {
        match serde_json::from_str::<Message>(message).ok()? {
            Message::Sync { slot, patch } => {
                self.sync(slot, patch);
                None
            }
            Message::Request(request) => {
                let Envelope { seq, body } = *request;
                let response = self.handle(body);
                Some(reply(seq, &response))
            }
        }
    }
}

/// What the designer posts to the worker, as the worker reads it.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub enum Message {
    /// Bring the copy of `slot` up to date (answered by nothing). Messages arrive in order, so
    /// a request posted after a sync sees it.
    Sync {
        /// Which copy.
        slot: Slot,
        /// What changed.
        patch: SchemaPatch,
    },
    /// A request, answered with its sequence number.
    Request(Box<Envelope<Request>>),
}

/// [`Message`] as the designer writes it: borrowed, so neither the patch nor the request is
/// cloned to be sent.
#[derive(Debug, Serialize)]
pub enum MessageRef<'a> {
    /// [`Message::Sync`].
    Sync {
        /// Which copy.
        slot: Slot,
        /// What changed.
        patch: &'a SchemaPatch,
    },
    /// [`Message::Request`].
    Request(&'a Envelope<Request>),
}

/// A response as the worker posts it: its sequence number, a space, then the JSON of the
/// [`Response`]. The number comes first so the designer can drop an answer nobody waits for any
/// more without reading (in a 1,000-table design, megabytes of) the rest.
pub fn reply(seq: u64, response: &Response) -> String {
    let body = serde_json::to_string(response).unwrap_or_else(|_| "null".into());
    format!("{seq} {body}")
}

/// The sequence number of a [`reply`] and the JSON after it.
pub fn reply_parts(text: &str) -> Option<(u64, &str)> {
    let (seq, body) = text.split_once(' ')?;
    Some((seq.parse().ok()?, body))
}

/// The migration from `from` to `to`, as the server would plan it.
pub fn plan_between(from: &Schema, to: &Schema, online: bool) -> Vec<MigrationStatement> {
    joinery_shared::plan::migrate(from, to, &joinery_shared::plan::PlanOptions { online })
        .statements
        .iter()
        .map(MigrationStatement::from)
        .collect()
}

/// Imports SQL, or a drizzle-kit snapshot (`meta/NNNN_snapshot.json`) when the text is one.
pub fn import_text(text: &str) -> ImportResult {
    let trimmed = text.trim_start();
    if trimmed.starts_with('{') && trimmed.contains("\"dialect\"") {
        let diagnostic = |message: String| Diagnostic {
            line: 1,
            column: 1,
            statement: "drizzle-kit snapshot".into(),
            message,
        };
        return match joinery_shared::drizzle::import_snapshot_with_warnings(text) {
            Ok((document, warnings)) => ImportResult {
                document,
                warnings: warnings.into_iter().map(diagnostic).collect(),
                errors: vec![],
            },
            Err(e) => ImportResult {
                document: Document::new(Default::default()),
                warnings: vec![],
                errors: vec![diagnostic(e.to_string())],
            },
        };
    }
    joinery_shared::import::import_sql(text)
}

/// The Drizzle project: `schema/*.schema.ts` + `index.ts`, and a drizzle-kit migration folder
/// with one migration per saved version, then the draft when it differs from the newest one
/// (compared canonically, so a draft that only spells things differently adds nothing).
fn drizzle_zip(
    mut versions: Vec<VersionEntry>,
    draft: Document,
    now: u64,
) -> Result<(Vec<u8>, usize), String> {
    let canonical = joinery_shared::normalize::canonical;
    let same = versions
        .last()
        .is_some_and(|(_, last, _)| canonical(&last.schema) == canonical(&draft.schema));
    let mut files: Vec<(String, String)> = joinery_shared::drizzle::export_schema_ts(
        &draft,
        &joinery_shared::drizzle::TsOptions::default(),
    )
    .into_iter()
    .map(|(p, c)| (format!("schema/{p}"), c))
    .collect();
    if !same {
        let name = if versions.is_empty() { "init" } else { "draft" };
        versions.push((name.to_string(), draft, now));
    }
    files.extend(
        joinery_shared::drizzle::export_migrations(&versions)
            .into_iter()
            .map(|(p, c)| (format!("migrations/{p}"), c)),
    );
    zip_files(&files).map(|bytes| (bytes, versions.len()))
}

/// The files as a zip archive (stored, uncompressed: small text files, and no compressor in the
/// worker either).
pub fn zip_files(files: &[(String, String)]) -> Result<Vec<u8>, String> {
    use std::io::Write;
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (path, contents) in files {
        writer
            .start_file(path.as_str(), options)
            .map_err(|e| e.to_string())?;
        writer
            .write_all(contents.as_bytes())
            .map_err(|e| e.to_string())?;
    }
    writer
        .finish()
        .map(|cursor| cursor.into_inner())
        .map_err(|e| e.to_string())
}
