//! `joinery apply --target <postgres-url> <migrations-dir>`: applies a directory of migrations
//! (`NNNN_name.sql` files, or a Drizzle `drizzle-kit generate` folder) with the same engine as the
//! web console: advisory lock, history in `joinery.schema_migrations`, one transaction per
//! migration, checksums. Progress goes to stderr, the summary to stdout; any failure exits
//! non-zero with the database's message and the failing statement.

use std::path::PathBuf;

use clap::Args;

use crate::apply::files::load_dir;
use crate::apply::{apply, ApplyEvent, ApplyOptions, Timeouts};
use crate::store::redact_url;

/// Options of `joinery apply`.
#[derive(Debug, Clone, Args)]
pub struct ApplyArgs {
    /// The database to migrate: `postgres://user:password@host:port/database`.
    #[arg(long, env = "JOINERY_TARGET_URL")]
    pub target: String,
    /// The directory of `NNNN_name.sql` files (or a Drizzle migrations folder).
    pub dir: PathBuf,
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

/// Runs `joinery apply`.
pub async fn run(args: ApplyArgs) -> Result<(), Box<dyn std::error::Error>> {
    let migrations = load_dir(&args.dir)?;
    let options = ApplyOptions {
        dry_run: args.dry_run,
        timeouts: Timeouts {
            lock_timeout_ms: u64::try_from(args.lock_timeout.as_millis()).unwrap_or(u64::MAX),
            statement_timeout_ms: u64::try_from(args.statement_timeout.as_millis())
                .unwrap_or(u64::MAX),
            lock_retries: args.lock_retries,
            ..Timeouts::default()
        },
        // Hand-written files carry no hazard metadata; the review is the author's.
        consent: Default::default(),
        drift_guard: !args.allow_drift,
    };
    eprintln!(
        "{} {} migration(s) from {} to {}",
        if args.dry_run { "checking" } else { "applying" },
        migrations.len(),
        args.dir.display(),
        redact_url(&args.target)
    );
    let report = apply(&args.target, &migrations, options, &print_event).await?;
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
    Ok(())
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
        _ => {}
    }
}
