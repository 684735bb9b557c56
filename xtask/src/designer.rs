//! The release build of the designer's wasm, split into the first download and parts loaded on
//! demand (`frontend/src/components/deferred.rs`).
//!
//! Trunk cannot do this (trunk-rs/trunk#1022: the split must run between the link and
//! wasm-bindgen), so Trunk builds the page, the stylesheet and the engine worker from a copy of
//! `index.html` without the designer, and this module does the designer the way `cargo leptos
//! --split` does:
//! 1. cargo builds `joinery-frontend` with the `split` feature, its link keeping the linker's
//!    relocations (`--emit-relocs`), which the splitter needs.
//! 2. `wasm_split_cli_support` moves the code that only a part reaches into its own wasm file
//!    and writes the loader (`__wasm_split.js`).
//! 3. wasm-bindgen (`--target web`, keeping the function table the loader fills) makes the JS
//!    glue for the main module; wasm-opt optimizes the main module and every part.
//! 4. The files go to `dist/designer-<hash>/`, named by a hash of all of them: the loader and
//!    the glue import each other by name, so the hash is on the folder, and the server caches
//!    everything under it for good. `index.html` gains the preloads and the start-up script.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::{cargo, cmd, root, step, target_dir, Result};

/// The copy of `index.html` Trunk builds in release: the designer's `rel="rust"` link removed,
/// paths made relative to `target/ui-release/`.
pub fn release_page() -> Result<PathBuf> {
    let source = root().join("index.html");
    let html =
        std::fs::read_to_string(&source).map_err(|e| format!("cannot read {source:?}: {e}"))?;
    let html = remove_designer_link(&html)?.replace("href=\"", "href=\"../../");
    let dir = root().join("target").join("ui-release");
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {dir:?}: {e}"))?;
    let page = dir.join("index.html");
    std::fs::write(&page, html).map_err(|e| format!("cannot write {page:?}: {e}"))?;
    Ok(page)
}

/// `html` without the `<link ... data-bin="joinery-frontend" ... />` element.
fn remove_designer_link(html: &str) -> Result<String> {
    let marker = "data-bin=\"joinery-frontend\"";
    let at = html
        .find(marker)
        .ok_or("index.html has no designer link (data-bin=\"joinery-frontend\")")?;
    let start = html[..at]
        .rfind("<link")
        .ok_or("designer link without <link")?;
    let end = at
        + html[at..]
            .find("/>")
            .ok_or("designer link is not closed with />")?
        + 2;
    Ok(format!("{}{}", &html[..start], &html[end..]))
}

/// Builds the split designer into `dist/designer-<hash>/` and links it from `dist/index.html`.
pub fn build(dist: &Path) -> Result<()> {
    step(
        "cargo build (designer, split)",
        cargo().args([
            "rustc",
            "-p",
            "joinery-frontend",
            "--bin",
            "joinery-frontend",
            "--features",
            "split",
            "--target",
            "wasm32-unknown-unknown",
            "--profile",
            "wasm-release",
            "--",
            // For this link only (the dependencies are built as for the worker and tests):
            // keep the relocations, which the splitter reads.
            "-C",
            "link-arg=--emit-relocs",
        ]),
    )?;
    let linked = target_dir().join("wasm32-unknown-unknown/wasm-release/joinery-frontend.wasm");
    let work = target_dir().join("designer-split");
    let _ = std::fs::remove_dir_all(&work);
    let out = work.join("out");
    std::fs::create_dir_all(&out).map_err(|e| format!("cannot create {out:?}: {e}"))?;

    println!("\n==> split the designer's wasm");
    let input = std::fs::read(&linked).map_err(|e| format!("cannot read {linked:?}: {e}"))?;
    let main_wasm = work.join("main.wasm");
    let split = wasm_split_cli_support::transform({
        let mut options = wasm_split_cli_support::Options::new(&input);
        options.output_dir = &out;
        options.main_out_path = &main_wasm;
        options.main_module = "./joinery-frontend.js";
        options.link_name = "./__wasm_split.js";
        options
    })
    .map_err(|e| format!("splitting {linked:?}: {e:#}"))?;
    println!("<== {} parts split off", split.split_modules.len());

    step(
        "wasm-bindgen (designer)",
        cmd("wasm-bindgen")
            .args([
                "--target",
                "web",
                "--keep-lld-exports",
                "--no-typescript",
                "--out-name",
                "joinery-frontend",
                "--out-dir",
            ])
            .arg(&out)
            .arg(&main_wasm),
    )?;
    // -O1 for the main module: it compresses better than -Oz's smaller file (see index.html).
    wasm_opt(&out.join("joinery-frontend_bg.wasm"), "-O1")?;
    optimize_parts(&split.split_modules)?;

    let hash = folder_hash(&out)?;
    let name = format!("designer-{hash}");
    for entry in std::fs::read_dir(dist).map_err(|e| format!("cannot list {dist:?}: {e}"))? {
        let path = entry.map_err(|e| e.to_string())?.path();
        let stale = path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with("designer-"));
        if stale && path.is_dir() {
            std::fs::remove_dir_all(&path).map_err(|e| format!("cannot remove {path:?}: {e}"))?;
        }
    }
    let folder = dist.join(&name);
    copy_dir(&out, &folder)?;
    link_from_page(&dist.join("index.html"), &name)
}

/// The wasm features rustc's wasm32 target emits, which wasm-opt must accept.
const WASM_FEATURES: [&str; 6] = [
    "--enable-bulk-memory",
    "--enable-nontrapping-float-to-int",
    "--enable-sign-ext",
    "--enable-mutable-globals",
    "--enable-reference-types",
    "--enable-multivalue",
];

/// Runs wasm-opt on `path` in place.
fn wasm_opt(path: &Path, level: &str) -> Result<()> {
    step(
        &format!("wasm-opt {level} {}", path.display()),
        cmd("wasm-opt")
            .arg(level)
            .args(WASM_FEATURES)
            .arg(path)
            .arg("-o")
            .arg(path),
    )
}

/// `wasm-opt -Oz` on every part, all at once (they are many and small; the machine's cores share
/// them).
fn optimize_parts(parts: &[PathBuf]) -> Result<()> {
    println!("\n==> wasm-opt -Oz on {} parts", parts.len());
    let started = std::time::Instant::now();
    let mut running = Vec::new();
    for part in parts {
        let child = cmd("wasm-opt")
            .arg("-Oz")
            .args(WASM_FEATURES)
            .arg(part)
            .arg("-o")
            .arg(part)
            .spawn()
            .map_err(|e| format!("cannot start wasm-opt: {e}"))?;
        running.push((part, child));
    }
    for (part, mut child) in running {
        let status = child.wait().map_err(|e| e.to_string())?;
        if !status.success() {
            return Err(format!("wasm-opt -Oz {} failed ({status})", part.display()));
        }
    }
    println!(
        "<== wasm-opt on the parts ok ({:.1}s)",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// A hash of every file in `dir` (names and contents), 16 hex digits.
fn folder_hash(dir: &Path) -> Result<String> {
    let mut names: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| format!("cannot list {dir:?}: {e}"))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    names.sort();
    let mut hasher = Sha256::new();
    for path in names {
        let bytes = std::fs::read(&path).map_err(|e| format!("cannot read {path:?}: {e}"))?;
        hasher.update(path.file_name().unwrap_or_default().as_encoded_bytes());
        hasher.update([0]);
        hasher.update(Sha256::digest(&bytes));
    }
    Ok(hex::encode(&hasher.finalize()[..8]))
}

fn copy_dir(from: &Path, to: &Path) -> Result<()> {
    std::fs::create_dir_all(to).map_err(|e| format!("cannot create {to:?}: {e}"))?;
    for entry in std::fs::read_dir(from).map_err(|e| format!("cannot list {from:?}: {e}"))? {
        let path = entry.map_err(|e| e.to_string())?.path();
        if let Some(name) = path.file_name() {
            std::fs::copy(&path, to.join(name))
                .map_err(|e| format!("cannot copy {path:?}: {e}"))?;
        }
    }
    Ok(())
}

/// Adds the designer's preloads and start-up script to Trunk's page, before `</head>`. The
/// server moves the inline script into a file of its own (the CSP allows no inline script).
fn link_from_page(page: &Path, folder: &str) -> Result<()> {
    let html = std::fs::read_to_string(page).map_err(|e| format!("cannot read {page:?}: {e}"))?;
    let base = format!("/{folder}");
    let tags = format!(
        "<link rel=modulepreload href={base}/joinery-frontend.js>\
         <link rel=modulepreload href={base}/__wasm_split.js>\
         <link rel=preload href={base}/joinery-frontend_bg.wasm as=fetch type=application/wasm crossorigin>\
         <script type=module>import init from '{base}/joinery-frontend.js';\
         await init({{ module_or_path: '{base}/joinery-frontend_bg.wasm' }});</script>"
    );
    let at = html
        .find("</head>")
        .ok_or("Trunk's index.html has no </head>")?;
    let html = format!("{}{tags}{}", &html[..at], &html[at..]);
    std::fs::write(page, html).map_err(|e| format!("cannot write {page:?}: {e}"))
}
