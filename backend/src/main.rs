//! The `joinery` binary: the server and the CLI for CI.

use clap::Parser;
use joinery_backend::cli::{Cli, Command};
use tracing_subscriber::EnvFilter;

/// mimalloc rather than the C library's allocator: every command runs on threads of its own
/// (below), where glibc's per-thread arenas grow one `mprotect` call at a time, which made
/// reading a large model spend a third of its time in the kernel; mimalloc is also faster at
/// the many small strings a schema is made of.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Stack of every thread that reads SQL: the deepest expression the limits allow
/// (`joinery_shared::sql`) needs a few MiB in a debug build; this leaves ample room. Only
/// touched pages are committed, so the size costs address space, not memory.
const STACK_BYTES: usize = 64 * 1024 * 1024;

fn main() -> std::process::ExitCode {
    joinery_backend::cli::timing::mark_start();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_stack_size(STACK_BYTES)
        .build();
    let runtime = match runtime {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    // The command itself runs on a thread with the same stack (the main thread has 8 MiB).
    let worker = std::thread::Builder::new()
        .name("joinery-main".into())
        .stack_size(STACK_BYTES)
        .spawn(move || runtime.block_on(run()));
    match worker.map(|w| w.join()) {
        Ok(Ok(code)) => code,
        _ => {
            eprintln!("error: the command stopped unexpectedly");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run() -> std::process::ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_env("JOINERY_LOG").unwrap_or_else(|_| EnvFilter::new("warn")),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Serve(args) => joinery_backend::serve::run(args).await,
        Command::Inspect(args) => joinery_backend::cli::inspect(args)
            .await
            .map_err(Into::into),
        Command::Ddl(args) => joinery_backend::cli::ddl(args).await.map_err(Into::into),
        Command::Export(args) => joinery_backend::cli::export::run(args)
            .await
            .map_err(Into::into),
        Command::Apply(args) => joinery_backend::cli::apply::run(args).await,
        Command::Drift(args) => joinery_backend::cli::drift::run(args).await,
        Command::Diff(args) => joinery_backend::cli::diff::run(args).await,
        Command::LoginLink(args) => joinery_backend::cli::keys::login_link(args),
        Command::RotateKey(args) => joinery_backend::cli::keys::rotate_key(args).await,
    };
    joinery_backend::cli::timing::since_start("command done");
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        // `apply --to --dry-run` found something to do: 2, like `diff --exit-code`.
        Err(err) if err.is::<joinery_backend::cli::apply::ChangesPending>() => {
            std::process::ExitCode::from(2)
        }
        Err(err) => {
            eprintln!("error: {err}");
            std::process::ExitCode::FAILURE
        }
    }
}
