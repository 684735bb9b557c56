//! The `joinery` binary: the server and the CLI for CI.

use clap::Parser;
use joinery_backend::config::{Cli, Command};
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> std::process::ExitCode {
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
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err}");
            std::process::ExitCode::FAILURE
        }
    }
}
