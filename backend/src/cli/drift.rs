//! `joinery drift --target <url> --to <source> [--exit-code]`: compares a live database with a
//! design (a `.sql` file, a `.json` model or another database) and prints the SQL that makes the
//! database match it (`--pull` prints the other direction: from the design to the database).
//!
//! Exit status: 0 when in sync (or without `--exit-code`), 1 with `--exit-code` when they differ
//! (like `git diff --exit-code`), 2 on any error.

use std::io::Write;

use clap::Args;

use crate::apply::connect::connect;
use crate::apply::drift::{compare, reconcile_views};
use crate::cli::load_source_with;
use crate::introspect::IntrospectOptions;

/// Options of `joinery drift`.
#[derive(Debug, Clone, Args)]
pub struct DriftArgs {
    /// The live database: `postgres://user:password@host:port/database`.
    #[arg(long, env = "JOINERY_TARGET_URL")]
    pub target: String,
    /// The design it should match: a `.sql` file, a `.json` model file or a `postgres://` URL.
    #[arg(long)]
    pub to: String,
    /// Exit with status 1 when the database differs from the design.
    #[arg(long)]
    pub exit_code: bool,
    /// Print the SQL from the design to the database instead (what changed in the database).
    #[arg(long)]
    pub pull: bool,
    /// Plan online-safe statements (e.g. `CREATE INDEX CONCURRENTLY`).
    #[arg(long)]
    pub online: bool,
    /// Only compare these database schemas (repeatable).
    #[arg(long = "schema", value_name = "SCHEMA")]
    pub schemas: Vec<String>,
}

/// Runs `joinery drift`; exits the process itself to report drift (1) or errors (2).
pub async fn run(args: DriftArgs) -> Result<(), Box<dyn std::error::Error>> {
    match check(&args).await {
        Ok(in_sync) => {
            if args.exit_code && !in_sync {
                std::process::exit(1);
            }
            Ok(())
        }
        Err(err) => {
            eprintln!("error: {err}");
            std::process::exit(2);
        }
    }
}

async fn check(args: &DriftArgs) -> Result<bool, Box<dyn std::error::Error>> {
    let options = IntrospectOptions {
        schemas: (!args.schemas.is_empty()).then(|| args.schemas.clone()),
    };
    let (mut database, warnings) = load_source_with(&args.target, &options).await?;
    let (design, design_warnings) = load_source_with(&args.to, &options).await?;
    for w in warnings.iter().chain(&design_warnings) {
        eprintln!("warning: {w}");
    }
    let mut conn = connect(&args.target).await?;
    reconcile_views(&mut conn, &design.schema, &mut database.schema).await;
    let _ = sqlx::Connection::close(conn).await;
    let drift = compare(&design, &database, args.online)?;
    let plan = if args.pull {
        &drift.to_design
    } else {
        &drift.to_database
    };
    let mut out = std::io::stdout().lock();
    if drift.in_sync {
        eprintln!("no drift: the database matches {}", args.to);
    } else {
        writeln!(out, "{}", plan.sql.trim_end())?;
        out.flush()?;
        eprintln!(
            "drift: {} statement(s) to make the database match the design, {} to pull it into \
             the design",
            drift.to_database.statements.len(),
            drift.to_design.statements.len()
        );
    }
    Ok(drift.in_sync)
}
