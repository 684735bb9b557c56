//! Command-line and environment configuration of the `joinery` binary.

use std::net::IpAddr;
use std::path::PathBuf;

use clap::Args;

/// Options of `joinery serve`.
#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    /// Address to bind; loopback by default so the designer is not exposed by accident.
    #[arg(long, env = "JOINERY_BIND", default_value = "127.0.0.1")]
    pub bind: IpAddr,
    /// TCP port (0 picks a free one and prints it).
    #[arg(long, env = "JOINERY_PORT", default_value_t = 8080)]
    pub port: u16,
    /// Directory for the SQLite store and the API token.
    /// Default: `$XDG_DATA_HOME/joinery` (usually `~/.local/share/joinery`).
    #[arg(long, env = "JOINERY_DATA_DIR")]
    pub data_dir: Option<PathBuf>,
    /// Store URL: `sqlite://PATH` or `postgres://...`. Default: `<data-dir>/joinery.db`.
    #[arg(long, env = "JOINERY_STORE_URL")]
    pub store_url: Option<String>,
    /// Directory holding the built UI (Trunk's `dist/`).
    #[arg(long, env = "JOINERY_UI_DIR", default_value = "dist")]
    pub ui_dir: PathBuf,
    /// An origin the server is reached at besides loopback (behind a proxy, or on a LAN):
    /// `https://joinery.example.com`. Repeatable; comma-separated in the environment variable.
    /// Binding a non-loopback address needs an `https://` one.
    #[arg(long = "public-url", env = "JOINERY_PUBLIC_URL", value_delimiter = ',')]
    pub public_urls: Vec<String>,
    /// Open the login link in the default browser once listening.
    #[arg(long)]
    pub open: bool,
    /// Seconds a client may take to send a request's headers before the connection is closed.
    #[arg(long, env = "JOINERY_HEADER_TIMEOUT", default_value_t = 10)]
    pub header_timeout: u64,
}

/// Options of `joinery login-link`.
#[derive(Debug, Clone, Args)]
pub struct LoginLinkArgs {
    /// The data directory of the server (where its token is).
    #[arg(long, env = "JOINERY_DATA_DIR")]
    pub data_dir: Option<PathBuf>,
    /// The server's base URL. Default: `http://127.0.0.1:<port>`.
    #[arg(long)]
    pub url: Option<String>,
    /// The server's port, for the default URL.
    #[arg(long, env = "JOINERY_PORT", default_value_t = 8080)]
    pub port: u16,
    /// Whose link this is (letters, digits, `_`, `-`, `@`): the session it opens is recorded
    /// under this name as the actor of the applies it starts.
    #[arg(long)]
    pub name: Option<String>,
}

/// Options of `joinery rotate-key`.
#[derive(Debug, Clone, Args)]
pub struct RotateKeyArgs {
    /// The data directory of the server.
    #[arg(long, env = "JOINERY_DATA_DIR")]
    pub data_dir: Option<PathBuf>,
    /// The store URL, when not the SQLite file in the data directory.
    #[arg(long, env = "JOINERY_STORE_URL")]
    pub store_url: Option<String>,
}

impl LoginLinkArgs {
    /// The data directory actually used.
    pub fn resolved_data_dir(&self) -> PathBuf {
        self.data_dir.clone().unwrap_or_else(default_data_dir)
    }
}

impl RotateKeyArgs {
    /// The data directory actually used.
    pub fn resolved_data_dir(&self) -> PathBuf {
        self.data_dir.clone().unwrap_or_else(default_data_dir)
    }
}

impl ServeArgs {
    /// The data directory actually used.
    pub fn resolved_data_dir(&self) -> PathBuf {
        self.data_dir.clone().unwrap_or_else(default_data_dir)
    }
}

/// `$XDG_DATA_HOME/joinery`, falling back to `./.joinery` where no home is known.
pub fn default_data_dir() -> PathBuf {
    dirs::data_dir()
        .map(|d| d.join("joinery"))
        .unwrap_or_else(|| PathBuf::from(".joinery"))
}
