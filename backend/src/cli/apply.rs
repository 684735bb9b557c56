//! `joinery apply --target <postgres-url> <migrations-dir>`: applies a directory of migrations
//! (`NNNN_name.sql` files, or a Drizzle `drizzle-kit generate` folder) with the same engine as the
//! web console: advisory lock, history in `joinery.schema_migrations`, one transaction per
//! migration, checksums, timeouts, the drift guard, and consent for the hazards Joinery wrote
//! above each statement (`-- hazard: ...`).
//!
//! `joinery apply --target <postgres-url> --to <source>` is declarative: it plans from the live
//! database to the design in `<source>` (a `.sql` file, a `.json` model or a drizzle-kit
//! migrations folder), prints the plan with its hazards, and applies it under the same lock,
//! timeouts, consent, drift guard and history ([`crate::apply::direct`]); `--dry-run` only prints
//! it and exits 2 when there is something to do, 0 when the database already matches (like
//! `diff --exit-code`).
//!
//! Progress goes to stderr, the summary to stdout; any failure exits 1 with the database's
//! message and the failing statement.

use std::path::{Path, PathBuf};

use clap::Args;
use joinery_shared::model::Document;

use crate::apply::consent::consent_kind_names;
use crate::apply::direct::{apply_direct, Destination};
use crate::apply::files::load_dir;
use crate::apply::{apply, ApplyEvent, ApplyOptions, ApplyReport, Consent, Timeouts};
use crate::store::redact_url;

/// Options of `joinery apply`.
#[derive(Debug, Clone, Args)]
pub struct ApplyArgs {
    /// The database to migrate: `postgres://user:password@host:port/database`.
    #[arg(long, env = "JOINERY_TARGET_URL")]
    pub target: String,
    /// The directory of `NNNN_name.sql` files (or a Drizzle migrations folder).
    #[arg(required_unless_present = "to", conflicts_with = "to")]
    pub dir: Option<PathBuf>,
    /// Converge the database to this design instead: a `.sql` file, a `.json` model or a
    /// drizzle-kit migrations folder (planned from the live database).
    #[arg(long)]
    pub to: Option<String>,
    /// With `--to`: plan online-friendly forms (CONCURRENTLY, NOT VALID + VALIDATE).
    #[arg(long)]
    pub online: bool,
    /// Hazard kinds the run may execute, comma-separated: deletes-data, data-not-restored,
    /// may-fail-on-existing-data, locks-table. A statement with any other hazard is refused
    /// before anything runs.
    #[arg(long, value_delimiter = ',')]
    pub allow_hazards: Vec<String>,
    /// Only print what would run.
    #[arg(long)]
    pub dry_run: bool,
    /// Longest wait for a table lock per statement (`5s`, `500ms`; `0` = no limit). A statement
    /// that waits longer gives up, so the apply never queues the table's readers behind it.
    #[arg(long, default_value = "5s", value_parser = crate::apply::timeouts::parse_duration)]
    pub lock_timeout: std::time::Duration,
    /// Longest run of one statement (`0` = no limit).
    #[arg(long, default_value = "0", value_parser = crate::apply::timeouts::parse_duration)]
    pub statement_timeout: std::time::Duration,
    /// How often a migration that hit the lock timeout is tried again (with 1 s, 2 s, 4 s ...
    /// between attempts).
    #[arg(long, default_value_t = 3)]
    pub lock_retries: u32,
    /// Apply even though the database's schema changed since the last apply (by hand?).
    #[arg(long)]
    pub allow_drift: bool,
}

/// Why `joinery apply` stopped without an error worth a message: `--dry-run --to` found
/// changes (exit status 2).
#[derive(Debug, thiserror::Error)]
#[error("the database differs from the design")]
pub struct ChangesPending;

impl ApplyArgs {
    fn options(&self) -> Result<ApplyOptions, Box<dyn std::error::Error>> {
        let kinds: Vec<String> = self
            .allow_hazards
            .iter()
            .map(|k| k.trim().replace('-', "_"))
            .filter(|k| !k.is_empty())
            .collect();
        let consent = Consent::allowing(&kinds).map_err(|e| {
            format!(
                "--allow-hazards: {e} (write them with dashes or underscores: {})",
                consent_kind_names()
            )
        })?;
        Ok(ApplyOptions {
            dry_run: self.dry_run,
            timeouts: Timeouts {
                lock_timeout_ms: u64::try_from(self.lock_timeout.as_millis()).unwrap_or(u64::MAX),
                statement_timeout_ms: u64::try_from(self.statement_timeout.as_millis())
                    .unwrap_or(u64::MAX),
                lock_retries: self.lock_retries,
                ..Timeouts::default()
            },
            consent,
            drift_guard: !self.allow_drift,
        })
    }
}

/// Runs `joinery apply`.
pub async fn run(args: ApplyArgs) -> Result<(), Box<dyn std::error::Error>> {
    let options = args.options()?;
    if let Some(source) = &args.to {
        return converge(&args, source, options).await;
    }
    let dir = args
        .dir
        .clone()
        .ok_or("give a migrations folder or --to SOURCE")?;
    let migrations = load_dir(&dir)?;
    eprintln!(
        "{} {} migration(s) from {} to {}",
        if args.dry_run { "checking" } else { "applying" },
        migrations.len(),
        dir.display(),
        redact_url(&args.target)
    );
    let report = apply(&args.target, &migrations, options, &print_event).await?;
    print_report(&report);
    Ok(())
}

/// `--to`: plan from the live database to the design and apply it.
async fn converge(
    args: &ApplyArgs,
    source: &str,
    options: ApplyOptions,
) -> Result<(), Box<dyn std::error::Error>> {
    let design = load_design(source).await?;
    let name = design_name(source);
    let dest = Destination {
        design: &design,
        version: None,
        name: &name,
        reviewed: None,
        online: args.online,
    };
    eprintln!(
        "{} {} from {source}",
        if args.dry_run {
            "planning"
        } else {
            "converging"
        },
        redact_url(&args.target)
    );
    if !args.dry_run {
        // Show the plan before it runs (the run re-plans under the lock and prints progress).
        let preview = ApplyOptions {
            dry_run: true,
            ..options
        };
        let report = apply_direct(&args.target, dest, preview, &print_event).await?;
        print_plan(&report);
    }
    let report = apply_direct(&args.target, dest, options, &print_event).await?;
    if report.dry_run {
        print_plan(&report);
        if report.pending.is_empty() {
            println!("nothing to do: the database matches the design");
            return Ok(());
        }
        return Err(Box::new(ChangesPending));
    }
    if report.applied.is_empty() {
        println!("nothing to do: the database matches the design");
    } else {
        for m in &report.applied {
            println!(
                "applied {} ({} statement(s)) in {} ms",
                m.name, m.statements, m.execution_ms
            );
        }
    }
    Ok(())
}

/// The design in a `.sql` file, a `.json` model or a drizzle-kit migrations folder.
async fn load_design(source: &str) -> Result<Document, Box<dyn std::error::Error>> {
    let path = Path::new(source);
    if path.is_dir() {
        let mut files = Vec::new();
        collect_files(path, path, &mut files)?;
        let document = joinery_shared::drizzle::import_migration_folder(&files)
            .map_err(|e| format!("{source}: {e}"))?;
        return Ok(document);
    }
    let (document, warnings) = crate::cli::load_source(source).await?;
    for w in warnings {
        eprintln!("warning: {w}");
    }
    Ok(document)
}

/// The JSON files of a drizzle-kit folder (journal and snapshots), as `(relative path, text)`.
fn collect_files(
    root: &Path,
    dir: &Path,
    out: &mut Vec<(String, String)>,
) -> Result<(), Box<dyn std::error::Error>> {
    for entry in std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))? {
        let path = entry?.path();
        if path.is_dir() {
            collect_files(root, &path, out)?;
        } else if path.extension().is_some_and(|e| e == "json") {
            let text =
                std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            let rel = path.strip_prefix(root).unwrap_or(&path);
            out.push((rel.to_string_lossy().into_owned(), text));
        }
    }
    Ok(())
}

/// The history name of a declarative run: the source's file stem, as a slug.
fn design_name(source: &str) -> String {
    let stem = Path::new(source.trim_end_matches('/'))
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("design");
    let slug: String = stem
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .take(48)
        .collect();
    format!("declarative_{}", slug.trim_matches('_'))
}

fn print_plan(report: &ApplyReport) {
    for m in &report.pending {
        if m.statements.is_empty() {
            continue;
        }
        println!("-- plan: {} statement(s)", m.statements.len());
        for s in &m.statements {
            for h in &s.hazards {
                println!("-- hazard: {}: {}", h.kind.label(), h.message);
            }
            println!("{};", s.sql.trim_end().trim_end_matches(';'));
        }
    }
}

fn print_report(report: &ApplyReport) {
    if report.dry_run {
        for m in &report.pending {
            println!("pending {} ({} statement(s))", m.name, m.statements.len());
            for s in &m.statements[m.resume_at..] {
                println!("  {};", s.sql);
            }
        }
        println!(
            "{} applied, {} pending",
            report.already_applied.len(),
            report.pending.len()
        );
    } else {
        for m in &report.applied {
            println!("applied {} in {} ms", m.name, m.execution_ms);
        }
        println!(
            "{} migration(s) applied now, {} already applied",
            report.applied.len(),
            report.already_applied.len()
        );
    }
}

fn print_event(event: ApplyEvent) {
    match event {
        ApplyEvent::WaitingForLock {} => eprintln!("waiting for another apply to finish..."),
        ApplyEvent::Locked { waited_ms } if waited_ms > 100 => {
            eprintln!("waited {waited_ms} ms for another apply to finish")
        }
        ApplyEvent::MigrationStarted {
            name,
            total,
            resumed_at,
            ..
        } => {
            if resumed_at > 0 {
                eprintln!(
                    "{name}: resuming at statement {} of {total}",
                    resumed_at + 1
                );
            } else {
                eprintln!("{name}: {total} statement(s)");
            }
        }
        ApplyEvent::Statement {
            index, total, ms, ..
        } => eprintln!("  [{}/{total}] ok ({ms} ms)", index + 1),
        ApplyEvent::MigrationFinished {
            name, execution_ms, ..
        } => eprintln!("{name}: done in {execution_ms} ms"),
        ApplyEvent::LockRetry {
            statement_index,
            attempt,
            of,
            wait_ms,
            ..
        } => eprintln!(
            "  statement {} waited too long for a lock; rolled back, retry {attempt} of {of} in \
             {wait_ms} ms",
            statement_index + 1
        ),
        ApplyEvent::MigrationFailed {
            name,
            statement_index,
            ..
        } => eprintln!("{name}: failed at statement {}", statement_index + 1),
        ApplyEvent::IndexProgress {
            statement_index,
            progress,
            ..
        } => eprintln!(
            "  statement {}: {} ({} of {} blocks, {} of {} tuples)",
            statement_index + 1,
            progress.phase,
            progress.blocks_done,
            progress.blocks_total,
            progress.tuples_done,
            progress.tuples_total
        ),
        _ => {}
    }
}
