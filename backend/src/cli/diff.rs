//! `joinery diff --from <source> --to <source>`: prints the migration between two schemas, with
//! hazards as `-- hazard:` comments.
//!
//! Exit status: 0 (with `--exit-code`: 0 when there are no changes, 2 when there are), 1 on any
//! error — the convention of `diff(1)` inverted as the issue asks: 2 means "changes to apply".

use clap::Args;
use joinery_shared::plan::{migrate, reverse, PlanOptions};

use crate::cli::timing::{since_start, timed};
use crate::cli::{load_pair, write_stdout};

/// Options of `joinery diff`.
#[derive(Debug, Clone, Args)]
pub struct DiffArgs {
    /// The current schema: a `.sql` file, a `.json` model or a `postgres://` URL.
    #[arg(long)]
    pub from: String,
    /// The desired schema, in the same forms.
    #[arg(long)]
    pub to: String,
    /// Plan online-friendly forms (CONCURRENTLY, NOT VALID + VALIDATE).
    #[arg(long)]
    pub online: bool,
    /// Print the down migration (from `--to` back to `--from`) instead.
    #[arg(long)]
    pub down: bool,
    /// Exit with status 2 when there are changes, 0 when there are none.
    #[arg(long)]
    pub exit_code: bool,
}

/// Runs `joinery diff`; exits the process itself with 2 for "changes" under `--exit-code`.
pub async fn run(args: DiffArgs) -> Result<(), Box<dyn std::error::Error>> {
    since_start("startup");
    let ((from, from_warnings), (to, to_warnings)) = load_pair(&args.from, &args.to).await?;
    for w in from_warnings.iter().chain(&to_warnings) {
        eprintln!("warning: {w}");
    }
    let options = PlanOptions {
        online: args.online,
    };
    let plan = timed("diff + plan", || {
        if args.down {
            reverse(&from.schema, &to.schema, &options)
        } else {
            migrate(&from.schema, &to.schema, &options)
        }
    });
    if plan.is_empty() {
        eprintln!("-- no changes");
    } else {
        let sql = timed("render", || plan.to_sql());
        timed("write", || write_stdout(sql.trim_end()))?;
    }
    if args.exit_code && !plan.is_empty() {
        std::process::exit(2);
    }
    // The process ends right after: freeing two whole schemas piece by piece would only cost
    // time.
    std::mem::forget((from, to, plan));
    Ok(())
}
