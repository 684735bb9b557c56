//! `joinery export drizzle --from <source> --out DIR`: the schema as drizzle-orm TypeScript
//! (`DIR/schema`) plus a drizzle-kit migration folder (`DIR/migrations`) holding one migration,
//! `0000_<name>`, that creates the whole schema.
//!
//! `joinery export svg --from <source> --out FILE.svg`: the diagram as the designer draws it
//! (`joinery_shared::diagram::svg`, with its `data-table` / `data-column` / `data-fk` contract).
//!
//! The folder is what drizzle-kit itself would have written for the same TypeScript (see
//! `joinery_shared::drizzle`), so a project can adopt it and keep going with
//! `drizzle-kit generate` / `drizzle-kit migrate`.

use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};
use joinery_shared::drizzle::{export_migrations_with, export_schema_ts, unsupported, TsOptions};

use super::{load_source, CliError};

/// Options of `joinery export`.
#[derive(Debug, Clone, Args)]
pub struct ExportArgs {
    /// The export format.
    #[command(subcommand)]
    pub target: ExportTarget,
}

/// The formats `joinery export` writes.
#[derive(Debug, Clone, Subcommand)]
pub enum ExportTarget {
    /// drizzle-orm schema files and a drizzle-kit migration folder.
    Drizzle(DrizzleArgs),
    /// The diagram as a standalone SVG file.
    Svg(SvgArgs),
}

/// Options of `joinery export svg`.
#[derive(Debug, Clone, Args)]
pub struct SvgArgs {
    /// The schema: a `.sql` file, a model `.json` file or a `postgres://` URL.
    #[arg(long)]
    pub from: String,
    /// The SVG file to write.
    #[arg(long)]
    pub out: PathBuf,
    /// Lay out every table anew. Without it a model `.json` keeps its layout (tables without a
    /// placement are laid out below it), while a `.sql` file or a database, which carry no
    /// layout of their own, are laid out as the designer lays out an import.
    #[arg(long)]
    pub auto_layout: bool,
}

/// Options of `joinery export drizzle`.
#[derive(Debug, Clone, Args)]
pub struct DrizzleArgs {
    /// The schema: a `.sql` file, a model `.json` file or a `postgres://` URL.
    #[arg(long)]
    pub from: String,
    /// The output directory; `schema/` and `migrations/` are written inside it.
    #[arg(long)]
    pub out: PathBuf,
    /// The migration's name (its tag is `0000_<name>`).
    #[arg(long, default_value = "init")]
    pub name: String,
    /// One schema file per layout group instead of one per table.
    #[arg(long)]
    pub group_files: bool,
}

/// Why `joinery export` failed.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// The source could not be loaded.
    #[error(transparent)]
    Source(#[from] CliError),
    /// A file could not be written.
    #[error("cannot write {path}: {source}")]
    Write {
        /// The file or directory.
        path: String,
        /// The OS error.
        #[source]
        source: std::io::Error,
    },
    /// The migrations folder already holds a journal; adding to it needs the earlier versions.
    #[error(
        "{0} already holds a drizzle-kit journal; export into an empty directory (Joinery \
         writes a fresh migration history)"
    )]
    ExistingJournal(String),
    /// The output file's format is not one `joinery export svg` writes.
    #[error("{0}: only .svg is written (convert it with any SVG renderer for a bitmap)")]
    NotSvg(String),
}

/// Runs `joinery export`.
pub async fn run(args: ExportArgs) -> Result<(), ExportError> {
    match args.target {
        ExportTarget::Drizzle(args) => drizzle(args).await,
        ExportTarget::Svg(args) => svg(args).await,
    }
}

async fn svg(args: SvgArgs) -> Result<(), ExportError> {
    let is_svg = args
        .out
        .extension()
        .and_then(|e| e.to_str())
        .is_none_or(|e| e.eq_ignore_ascii_case("svg"));
    if !is_svg {
        return Err(ExportError::NotSvg(args.out.display().to_string()));
    }
    let (mut document, warnings) = load_source(&args.from).await?;
    for w in &warnings {
        eprintln!("warning: {w}");
    }
    let is_model = Path::new(&args.from)
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    if args.auto_layout || !is_model {
        document.layout.placements = joinery_shared::diagram::layered_layout(&document);
    } else {
        let placed = joinery_shared::diagram::complete_layout(&mut document);
        if placed > 0 {
            eprintln!("note: laid out {placed} table(s) that had no place in the layout");
        }
    }
    let diagram = joinery_shared::diagram::Diagram::of(&document);
    let crossing = diagram
        .violations()
        .iter()
        .filter_map(|v| match v {
            joinery_shared::diagram::Violation::ThroughCard { edge, .. } => Some(*edge),
            _ => None,
        })
        .collect::<std::collections::BTreeSet<_>>()
        .len();
    if crossing > 0 {
        eprintln!("warning: {crossing} line(s) cross a card: some cards overlap in the layout");
    }
    let text = joinery_shared::diagram::svg::svg_of(&document, &diagram);
    if let Some(parent) = args.out.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(|source| ExportError::Write {
            path: parent.display().to_string(),
            source,
        })?;
    }
    std::fs::write(&args.out, &text).map_err(|source| ExportError::Write {
        path: args.out.display().to_string(),
        source,
    })?;
    println!(
        "wrote {} ({} tables, {} relationships)",
        args.out.display(),
        diagram.cards.len(),
        diagram.edges.len()
    );
    Ok(())
}

async fn drizzle(args: DrizzleArgs) -> Result<(), ExportError> {
    let (mut document, warnings) = load_source(&args.from).await?;
    for w in &warnings {
        eprintln!("warning: {w}");
    }
    if drop_drizzle_bookkeeping(&mut document) {
        eprintln!(
            "warning: left out drizzle-kit's own migrations table {DRIZZLE_SCHEMA}.{DRIZZLE_TABLE}"
        );
    }
    for lost in unsupported(&document.schema) {
        eprintln!(
            "warning: Drizzle cannot express the {lost}; it is kept in the migration SQL only"
        );
    }
    let journal = args
        .out
        .join("migrations")
        .join("meta")
        .join("_journal.json");
    if journal.exists() {
        return Err(ExportError::ExistingJournal(journal.display().to_string()));
    }
    let options = TsOptions {
        group_files: args.group_files,
    };
    let schema_files = export_schema_ts(&document, &options);
    let when = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0);
    // A single source is a single version: one migration creating everything.
    let migration_files =
        export_migrations_with(&[(args.name.clone(), document, when)], &|_, _| Vec::new());
    let schema_dir = args.out.join("schema");
    let migrations_dir = args.out.join("migrations");
    write_all(&schema_dir, &schema_files)?;
    write_all(&migrations_dir, &migration_files)?;
    println!(
        "wrote {} schema files to {} and {} migration files to {}",
        schema_files.len(),
        schema_dir.display(),
        migration_files.len(),
        migrations_dir.display()
    );
    Ok(())
}

/// The schema and table drizzle-kit's migrator keeps its history in.
const DRIZZLE_SCHEMA: &str = "drizzle";
const DRIZZLE_TABLE: &str = "__drizzle_migrations";

/// Removes drizzle-kit's history table (and its schema, when nothing else lives there) from a
/// document read from a database drizzle-kit migrated: it is not part of the user's schema.
pub fn drop_drizzle_bookkeeping(document: &mut joinery_shared::model::Document) -> bool {
    let s = &mut document.schema;
    let before = s.tables.len();
    s.tables
        .retain(|t| !(t.schema == DRIZZLE_SCHEMA && t.name == DRIZZLE_TABLE));
    if s.tables.len() == before {
        return false;
    }
    let used = s.tables.iter().any(|t| t.schema == DRIZZLE_SCHEMA)
        || s.enums.iter().any(|e| e.schema == DRIZZLE_SCHEMA)
        || s.views.iter().any(|v| v.schema == DRIZZLE_SCHEMA);
    if !used {
        s.namespaces.retain(|n| n.name != DRIZZLE_SCHEMA);
    }
    true
}

/// Writes `(relative path, contents)` pairs under `dir`, creating directories as needed.
pub fn write_all(dir: &Path, files: &[(String, String)]) -> Result<(), ExportError> {
    for (rel, contents) in files {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|source| ExportError::Write {
                path: parent.display().to_string(),
                source,
            })?;
        }
        std::fs::write(&path, contents).map_err(|source| ExportError::Write {
            path: path.display().to_string(),
            source,
        })?;
    }
    Ok(())
}
