//! Joinery's task runner: the two README commands and their helpers.
//!
//! `cargo xtask run` installs what is missing, builds the UI when its sources changed, and starts
//! `joinery serve`; `cargo xtask test` runs every check CI runs. Tools are installed only when
//! missing or at the wrong version, so a second run is fast.

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::io::Write;
use std::net::{TcpStream, ToSocketAddrs};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::{Duration, Instant};

use sha2::{Digest, Sha256};

mod bench_cli;
mod designer;

const TRUNK_VERSION: &str = "0.21.14";
const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

type Result<T> = std::result::Result<T, String>;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (task, rest) = match args.split_first() {
        Some((task, rest)) => (task.as_str(), rest.to_vec()),
        None => ("help", Vec::new()),
    };
    let result = match task {
        "run" => run(&rest),
        "test" => test(&rest),
        "build-ui" => ensure_tools().and_then(|()| build_ui(false)).map(|_| ()),
        "tools" => ensure_tools(),
        "dev" => dev(),
        "bench-ui" => bench_ui(&rest),
        "bench-wasm" => bench_wasm(),
        "bench-cli" => bench_cli::bench_cli(&rest),
        _ => {
            eprintln!(
                "usage: cargo xtask <task>\n\n\
                 tasks:\n  \
                 run [SERVE ARGS]  install what is missing, build the UI, start joinery serve\n  \
                 test [--no-e2e]   fmt, clippy, native + PostgreSQL tests, wasm tests in Chromium, e2e\n  \
                 build-ui          build the release UI into dist/ (skipped when current)\n  \
                 dev               trunk serve on :8081 proxying /api to a joinery serve on :8080\n  \
                 bench-ui          canvas frame times, first render, engine ready, transfer sizes\n  \
                 bench-wasm        diff + plan of 1,000-table schemas, in wasm in headless Chromium\n  \
                 bench-cli         whole-process `joinery diff` of 1,000-table schemas, .json and .sql\n  \
                 tools             install the pinned build tools only"
            );
            if task == "help" || task == "--help" {
                return ExitCode::SUCCESS;
            }
            return ExitCode::FAILURE;
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("\nxtask {task}: FAILED: {message}");
            ExitCode::FAILURE
        }
    }
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives one level below the workspace root")
        .to_path_buf()
}

/// Where cargo puts its builds: `CARGO_TARGET_DIR`, or `target/` in the workspace.
pub(crate) fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .map(|p| if p.is_absolute() { p } else { root().join(p) })
        .unwrap_or_else(|| root().join("target"))
}

fn e2e_dir() -> PathBuf {
    root().join("tests").join("e2e")
}

fn cargo_bin_dir() -> PathBuf {
    std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
        .unwrap_or_else(|| PathBuf::from(".cargo"))
        .join("bin")
}

/// PATH with the npm tools (wasm-opt) and cargo-installed tools first.
fn tool_path() -> OsString {
    let mut dirs = vec![e2e_dir().join("node_modules").join(".bin"), cargo_bin_dir()];
    if let Some(path) = std::env::var_os("PATH") {
        dirs.extend(std::env::split_paths(&path));
    }
    std::env::join_paths(dirs).unwrap_or_default()
}

fn cmd(program: &str) -> Command {
    let mut command = Command::new(program);
    command.current_dir(root()).env("PATH", tool_path());
    command
}

fn cargo() -> Command {
    cmd(&std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
}

fn step(name: &str, command: &mut Command) -> Result<()> {
    println!("\n==> {name}");
    let _ = std::io::stdout().flush();
    let started = Instant::now();
    let status = command
        .status()
        .map_err(|e| format!("{name}: cannot start {:?}: {e}", command.get_program()))?;
    if !status.success() {
        return Err(format!("{name} failed ({status})"));
    }
    println!("<== {name} ok ({:.1}s)", started.elapsed().as_secs_f64());
    Ok(())
}

/// `command` (a cargo build of workspace crates) with clippy-driver as the workspace's rustc
/// wrapper and `-D warnings`, as `cargo clippy -- -D warnings` passes them (`CLIPPY_ARGS`), so
/// the crates are linted while they are compiled. Dependencies are not wrapped.
fn linted(command: &mut Command) -> &mut Command {
    command.env("RUSTC_WORKSPACE_WRAPPER", "clippy-driver").env(
        "CLIPPY_ARGS",
        "-D__CLIPPY_HACKERY__warnings__CLIPPY_HACKERY__",
    )
}

fn output_of(program: &str, args: &[&str]) -> Option<String> {
    let out = cmd(program).args(args).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// The wasm-bindgen version Cargo.lock pins; the CLI must match it exactly.
fn locked_wasm_bindgen_version() -> Result<String> {
    let lock = std::fs::read_to_string(root().join("Cargo.lock"))
        .map_err(|e| format!("cannot read Cargo.lock: {e}"))?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == "name = \"wasm-bindgen\"" {
            if let Some(version) = lines
                .next()
                .and_then(|l| l.trim().strip_prefix("version = "))
            {
                return Ok(version.trim_matches('"').to_string());
            }
        }
    }
    Err("wasm-bindgen is not in Cargo.lock".into())
}

/// Installs the wasm target, Trunk, wasm-bindgen-cli and the npm packages (wasm-opt, Playwright)
/// only when missing or at the wrong version.
fn ensure_tools() -> Result<()> {
    let targets = output_of("rustup", &["target", "list", "--installed"]).unwrap_or_default();
    if !targets
        .lines()
        .any(|t| t.trim() == "wasm32-unknown-unknown")
    {
        step(
            "install wasm32 target",
            cmd("rustup").args(["target", "add", "wasm32-unknown-unknown"]),
        )?;
    }
    let trunk = output_of("trunk", &["--version"]).unwrap_or_default();
    if trunk != format!("trunk {TRUNK_VERSION}") {
        step(
            &format!("install trunk {TRUNK_VERSION}"),
            cargo().args(["install", "trunk", "--version", TRUNK_VERSION, "--locked"]),
        )?;
    }
    let wanted = locked_wasm_bindgen_version()?;
    let have = output_of("wasm-bindgen", &["--version"]).unwrap_or_default();
    let runner = output_of("wasm-bindgen-test-runner", &["--version"]).unwrap_or_default();
    if have != format!("wasm-bindgen {wanted}") || !runner.contains(&wanted) {
        // Without --locked: one of its locked dependencies is gone from the registry.
        step(
            &format!("install wasm-bindgen-cli {wanted}"),
            cargo().args([
                "install",
                "wasm-bindgen-cli",
                "--version",
                &format!("={wanted}"),
            ]),
        )?;
    }
    ensure_npm_packages()
}

/// `npm ci` in each Node project of the repo (tests/e2e: wasm-opt and Playwright; tests/drizzle:
/// drizzle-kit and TypeScript) when its node_modules does not match its package-lock.json.
fn ensure_npm_packages() -> Result<()> {
    for dir in [e2e_dir(), root().join("tests").join("drizzle")] {
        let Ok(lock) = std::fs::read(dir.join("package-lock.json")) else {
            continue;
        };
        let want = hex::encode(Sha256::digest(&lock));
        let stamp = dir.join("node_modules").join(".joinery-lock-hash");
        let current = std::fs::read_to_string(&stamp).unwrap_or_default();
        if current.trim() != want {
            let name = dir
                .strip_prefix(root())
                .unwrap_or(&dir)
                .display()
                .to_string();
            step(
                &format!("npm ci in {name}"),
                cmd("npm")
                    .current_dir(&dir)
                    .args(["ci", "--no-audit", "--no-fund"]),
            )?;
            std::fs::write(&stamp, &want).map_err(|e| format!("cannot write {stamp:?}: {e}"))?;
        }
    }
    if !e2e_dir().join("node_modules/.bin/wasm-opt").exists() {
        return Err("tests/e2e/package-lock.json is missing or did not install wasm-opt".into());
    }
    Ok(())
}

/// Every input of the UI build, hashed, so an unchanged tree skips Trunk entirely.
fn ui_fingerprint() -> Result<String> {
    let root = root();
    let mut files = BTreeMap::new();
    for entry in [
        "frontend",
        "shared/src",
        "shared/demo",
        "shared/Cargo.toml",
        "style",
        "index.html",
        "Trunk.toml",
        "Cargo.toml",
        "Cargo.lock",
        ".cargo/config.toml",
        "xtask/src/designer.rs",
    ] {
        collect_files(&root.join(entry), &mut files)?;
    }
    let mut hasher = Sha256::new();
    for (path, bytes) in &files {
        hasher.update(
            path.strip_prefix(&root)
                .unwrap_or(path)
                .to_string_lossy()
                .as_bytes(),
        );
        hasher.update([0]);
        hasher.update(Sha256::digest(bytes));
    }
    Ok(hex::encode(hasher.finalize()))
}

fn collect_files(path: &Path, files: &mut BTreeMap<PathBuf, Vec<u8>>) -> Result<()> {
    if path.is_dir() {
        let entries = std::fs::read_dir(path).map_err(|e| format!("cannot list {path:?}: {e}"))?;
        for entry in entries {
            let entry = entry.map_err(|e| e.to_string())?;
            collect_files(&entry.path(), files)?;
        }
    } else if path.is_file() {
        let bytes = std::fs::read(path).map_err(|e| format!("cannot read {path:?}: {e}"))?;
        files.insert(path.to_path_buf(), bytes);
    }
    Ok(())
}

/// Builds the release UI into dist/ unless the stamp says it is current; returns the wasm size.
fn build_ui(force: bool) -> Result<()> {
    let dist = root().join("dist");
    let stamp = dist.join(".joinery-build-stamp");
    let fingerprint = ui_fingerprint()?;
    let current = std::fs::read_to_string(&stamp).unwrap_or_default();
    if !force && current.trim() == fingerprint && dist.join("index.html").exists() {
        println!("UI is current (dist/), not rebuilding.");
        precompress(&dist)?;
        return print_wasm_size(&dist);
    }
    let page = designer::release_page()?;
    step(
        "trunk build --release (page, style, engine worker)",
        cmd("trunk").arg("build").arg(&page).arg("--release"),
    )?;
    designer::build(&dist)?;
    check_engine_split()?;
    precompress(&dist)?;
    std::fs::write(&stamp, &fingerprint).map_err(|e| format!("cannot write {stamp:?}: {e}"))?;
    print_wasm_size(&dist)
}

/// The designer's wasm must not link the engine (it runs in the worker): Cargo's output, before
/// wasm-opt strips the names, holds no `sqlparser` symbol.
fn check_engine_split() -> Result<()> {
    let wasm = target_dir().join("wasm32-unknown-unknown/wasm-release/joinery-frontend.wasm");
    let bytes = std::fs::read(&wasm).map_err(|e| format!("cannot read {wasm:?}: {e}"))?;
    if bytes.windows(b"sqlparser".len()).any(|w| w == b"sqlparser") {
        return Err(format!(
            "{wasm:?} links sqlparser: the designer calls the engine directly somewhere; \
             route it through the worker (frontend/src/engine.rs)"
        ));
    }
    Ok(())
}

/// Writes `<asset>.br` and `<asset>.gz` beside each wasm, js, css and svg asset, so the server
/// sends them compressed without compressing on every request. Copies newer than their asset are
/// kept (a hashed name never changes content; the engine worker's unhashed files do).
fn precompress(dist: &Path) -> Result<()> {
    for entry in std::fs::read_dir(dist).map_err(|e| format!("cannot list dist/: {e}"))? {
        let path = entry.map_err(|e| e.to_string())?.path();
        if path.is_dir() {
            precompress(&path)?;
            continue;
        }
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        if !matches!(ext, "wasm" | "js" | "css" | "svg") {
            continue;
        }
        let br = path.with_extension(format!("{ext}.br"));
        let gz = path.with_extension(format!("{ext}.gz"));
        let modified = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
        let source = modified(&path);
        if [&br, &gz]
            .iter()
            .all(|copy| modified(copy).is_some_and(|m| source.is_some_and(|s| m >= s)))
        {
            continue;
        }
        let bytes = std::fs::read(&path).map_err(|e| format!("cannot read {path:?}: {e}"))?;
        let mut out = Vec::new();
        {
            let mut writer = brotli::CompressorWriter::new(&mut out, 1 << 16, 11, 22);
            writer.write_all(&bytes).map_err(|e| e.to_string())?;
        }
        std::fs::write(&br, &out).map_err(|e| format!("cannot write {br:?}: {e}"))?;
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        encoder.write_all(&bytes).map_err(|e| e.to_string())?;
        let zipped = encoder.finish().map_err(|e| e.to_string())?;
        std::fs::write(&gz, &zipped).map_err(|e| format!("cannot write {gz:?}: {e}"))?;
    }
    Ok(())
}

/// The designer's first download, its parts loaded on demand and the engine worker: wasm and
/// JS, as built and as served (brotli).
fn print_wasm_size(dist: &Path) -> Result<()> {
    // (raw, gzip, brotli as served) of wasm and of js, per group.
    let mut groups: BTreeMap<&str, [(usize, usize, usize); 2]> = BTreeMap::new();
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dist).map_err(|e| format!("cannot list dist/: {e}"))? {
        let path = entry.map_err(|e| e.to_string())?.path();
        if path.is_dir() {
            for inner in std::fs::read_dir(&path).map_err(|e| e.to_string())? {
                files.push(inner.map_err(|e| e.to_string())?.path());
            }
        } else {
            files.push(path);
        }
    }
    for path in files {
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        if ext != "wasm" && ext != "js" {
            continue;
        }
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let group = if name.starts_with("engine") {
            "3 engine worker"
        } else if ext == "wasm" && !name.ends_with("_bg.wasm") {
            "2 designer, parts loaded on demand"
        } else {
            "1 designer, first load"
        };
        let bytes = std::fs::read(&path).map_err(|e| e.to_string())?;
        let br = std::fs::metadata(path.with_extension(format!("{ext}.br")))
            .map(|m| m.len() as usize)
            .unwrap_or(0);
        let slot = &mut groups.entry(group).or_default()[usize::from(ext == "js")];
        slot.0 += bytes.len();
        slot.1 += gzip_len(&bytes)?;
        slot.2 += br;
    }
    let kib = |n: usize| n as f64 / 1024.0;
    for (label, [wasm, js]) in groups {
        println!(
            "UI bundle, {}: wasm {:.0} KiB ({:.0} KiB gzip, {:.0} KiB brotli as served), \
             js {:.1} KiB gzip ({:.1} KiB brotli)",
            &label[2..],
            kib(wasm.0),
            kib(wasm.1),
            kib(wasm.2),
            kib(js.1),
            kib(js.2)
        );
    }
    Ok(())
}

fn gzip_len(bytes: &[u8]) -> Result<usize> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes).map_err(|e| e.to_string())?;
    Ok(encoder.finish().map_err(|e| e.to_string())?.len())
}

/// `cargo xtask run [SERVE ARGS]`.
fn run(serve_args: &[String]) -> Result<()> {
    ensure_tools()?;
    build_ui(false)?;
    step(
        "cargo build --release -p joinery-backend",
        cargo().args(["build", "--release", "-p", "joinery-backend"]),
    )?;
    let binary = target_dir().join("release").join("joinery");
    let mut serve = Command::new(&binary);
    serve
        .current_dir(root())
        .arg("serve")
        .arg("--ui-dir")
        .arg(root().join("dist"))
        .args(serve_args);
    println!();
    exec(serve)
}

/// Replaces this process with `command` so Ctrl-C reaches the server directly.
#[cfg(unix)]
fn exec(mut command: Command) -> Result<()> {
    use std::os::unix::process::CommandExt;
    let program = command.get_program().to_os_string();
    let error = command.exec();
    Err(format!("cannot start {program:?}: {error}"))
}

#[cfg(not(unix))]
fn exec(mut command: Command) -> Result<()> {
    let status = command.status().map_err(|e| e.to_string())?;
    status
        .success()
        .then_some(())
        .ok_or_else(|| format!("server exited: {status}"))
}

/// `cargo xtask dev`: Trunk's dev server with live reload, proxying /api to :8080.
fn dev() -> Result<()> {
    ensure_tools()?;
    println!("Start the API in another terminal: cargo run -p joinery-backend -- serve");
    exec({
        let mut c = cmd("trunk");
        c.arg("serve");
        c
    })
}

/// The test database server's URL, as the Rust tests read it.
fn test_database_url() -> String {
    std::env::var("JOINERY_TEST_DATABASE_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_string())
}

/// Fails loudly, before anything is built, when PostgreSQL or Chromium is missing.
fn preflight() -> Result<()> {
    let url = test_database_url();
    let host_port = url
        .split_once("://")
        .map(|(_, rest)| rest)
        .and_then(|rest| rest.split(['/', '?']).next())
        .map(|auth| auth.rsplit('@').next().unwrap_or(auth))
        .unwrap_or("127.0.0.1:5432");
    let host_port = if host_port.contains(':') {
        host_port.to_string()
    } else {
        format!("{host_port}:5432")
    };
    let reachable = host_port
        .to_socket_addrs()
        .ok()
        .and_then(|mut addrs| addrs.next())
        .map(|addr| TcpStream::connect_timeout(&addr, Duration::from_secs(3)).is_ok())
        .unwrap_or(false);
    if !reachable {
        return Err(format!(
            "PostgreSQL is not reachable at {host_port} (from JOINERY_TEST_DATABASE_URL or the \
             default postgres://postgres@127.0.0.1:5432/postgres). Start it, or point \
             JOINERY_TEST_DATABASE_URL at one; the test suite never skips database tests."
        ));
    }
    for (what, path) in [("Chromium", CHROMIUM), ("ChromeDriver", CHROMEDRIVER)] {
        if !Path::new(path).exists() {
            return Err(format!(
                "{what} is missing at {path}: install it with `apt-get install -y chromium chromium-driver`"
            ));
        }
    }
    Ok(())
}

/// `cargo xtask test [--no-e2e]`.
fn test(args: &[String]) -> Result<()> {
    let started = Instant::now();
    let e2e = !args.iter().any(|a| a == "--no-e2e");
    preflight()?;
    ensure_tools()?;
    step(
        "cargo fmt --check",
        cargo().args(["fmt", "--all", "--check"]),
    )?;
    // Clippy lints each workspace crate as it is compiled for the tests (clippy-driver as the
    // workspace's rustc wrapper, the way `cargo clippy` runs it, but building instead of only
    // checking): the dependencies are compiled once, not checked once and built again, which
    // took three of CI's minutes.
    step(
        "build every native target, with clippy -D warnings",
        linted(cargo().args(["test", "--workspace", "--all-targets", "--no-run"])),
    )?;
    step(
        "native tests (shared, frontend model and edits, backend on real PostgreSQL, xtask)",
        linted(cargo().args(["test", "--workspace"])),
    )?;
    step(
        "wasm component tests in headless Chromium (frontend and shared built with clippy -D warnings)",
        linted(cargo().args([
            "test",
            "--target",
            "wasm32-unknown-unknown",
            "-p",
            "joinery-frontend",
        ]))
        .env("CHROMEDRIVER", CHROMEDRIVER)
        .env("WASM_BINDGEN_TEST_TIMEOUT", "120"),
    )?;
    if e2e {
        build_ui(false)?;
        // The server the backend's integration tests ran (cargo builds a package's binaries
        // for its integration tests). A separate `cargo build -p joinery-backend` would resolve
        // the dependencies' features for the backend alone and compile much of it again.
        let binary = target_dir().join("debug").join("joinery");
        if !binary.exists() {
            return Err(format!("{binary:?} was not built by the native tests"));
        }
        println!(
            "\nAll other checks passed in {:.0}s; the browser end-to-end tests run last so that \
             their summary closes the output.",
            started.elapsed().as_secs_f64()
        );
        println!("\n==> browser end-to-end tests (playwright-core + Chromium)");
        let _ = std::io::stdout().flush();
        let status = cmd("node")
            .current_dir(e2e_dir())
            .args(["--test", "--test-concurrency=1"])
            .arg("tests/")
            .env("JOINERY_BIN", &binary)
            .env("JOINERY_UI_DIR", root().join("dist"))
            .env("CHROMIUM", CHROMIUM)
            .env("JOINERY_TEST_DATABASE_URL", test_database_url())
            .status()
            .map_err(|e| format!("cannot start node: {e}"))?;
        if !status.success() {
            return Err(format!("browser end-to-end tests failed ({status})"));
        }
    } else {
        println!(
            "\nAll checks passed in {:.0}s.",
            started.elapsed().as_secs_f64()
        );
    }
    Ok(())
}

/// `cargo xtask bench-wasm`: the diff/plan benchmark compiled to wasm, in headless Chromium.
fn bench_wasm() -> Result<()> {
    ensure_tools()?;
    step(
        "wasm diff+plan benchmark (release, headless Chromium)",
        cargo()
            .args([
                "test",
                "--release",
                "--target",
                "wasm32-unknown-unknown",
                "-p",
                "joinery-frontend",
                "--test",
                "bench_diff",
                "--",
                "--include-ignored",
                "--nocapture",
            ])
            .env("CHROMEDRIVER", CHROMEDRIVER),
    )
}

/// `cargo xtask bench-ui`: canvas frame times with 1,000 tables in headless Chromium.
fn bench_ui(args: &[String]) -> Result<()> {
    ensure_tools()?;
    build_ui(false)?;
    step(
        "build joinery (release)",
        cargo().args(["build", "--release", "-p", "joinery-backend"]),
    )?;
    step(
        "build the schema generator",
        cargo().args([
            "build",
            "--release",
            "-p",
            "joinery-shared",
            "--example",
            "generate",
        ]),
    )?;
    let binary = target_dir().join("release").join("joinery");
    let generator = target_dir()
        .join("release")
        .join("examples")
        .join("generate");
    step(
        "canvas benchmark",
        cmd("node")
            .current_dir(e2e_dir())
            .arg("bench/canvas.mjs")
            .args(args)
            .env("JOINERY_BIN", &binary)
            .env("JOINERY_GENERATE", &generator)
            .env("JOINERY_UI_DIR", root().join("dist"))
            .env("CHROMIUM", CHROMIUM),
    )
}
