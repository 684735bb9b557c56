//! `cargo xtask bench-cli [--runs N] [--tables N]`: the whole `joinery diff` process, timed from
//! outside, on the diff benchmarks' pair of generated schemas (`realistic_schema(42, N, 10)` and
//! its `changed_schema`, about 5% apart), from `.json` models and from the `.sql` files
//! `joinery ddl` renders of them.
//!
//! Prints, per format, the median, minimum and maximum wall time and the peak RSS over the runs,
//! and the median of each stage the binary reports under `JOINERY_TIMINGS` (startup, read,
//! parse/import, fragment check, diff + plan, render, write). When Node.js and the pinned
//! drizzle-kit (`tests/drizzle/node_modules`) are there, `drizzle-kit generate` is timed on the
//! same change for comparison; otherwise that part is skipped with a note.

use std::collections::BTreeMap;
use std::fs::File;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::{cargo, root, step, target_dir, Result};

struct Options {
    runs: usize,
    tables: usize,
}

fn options(args: &[String]) -> Result<Options> {
    let mut o = Options {
        runs: 15,
        tables: 1000,
    };
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let value = |v: Option<&String>| -> Result<usize> {
            v.and_then(|v| v.parse().ok())
                .filter(|&n: &usize| n > 0)
                .ok_or_else(|| format!("{a} takes a positive number"))
        };
        match a.as_str() {
            "--runs" => o.runs = value(it.next())?,
            "--tables" => o.tables = value(it.next())?,
            other => return Err(format!("unknown argument {other:?} (--runs N, --tables N)")),
        }
    }
    Ok(o)
}

/// One finished run: wall time, CPU time, peak RSS and the stages the binary reported.
struct Run {
    wall: Duration,
    /// User plus system time of all its threads.
    cpu: Duration,
    rss_kib: u64,
    stages: BTreeMap<String, f64>,
}

/// Runs `command` to completion with stdout to `out` and stderr captured; its peak RSS comes from
/// the kernel's accounting of the child (`wait4`).
fn measure(command: &mut Command, out: &Path) -> Result<Run> {
    let stdout = File::create(out).map_err(|e| format!("cannot create {out:?}: {e}"))?;
    let stderr_path = out.with_extension("stderr");
    let stderr =
        File::create(&stderr_path).map_err(|e| format!("cannot create {stderr_path:?}: {e}"))?;
    let started = Instant::now();
    let child = command
        .stdin(Stdio::null())
        .stdout(stdout)
        .stderr(stderr)
        .spawn()
        .map_err(|e| format!("cannot start {:?}: {e}", command.get_program()))?;
    let (status, cpu, rss_kib) = wait_with_rusage(child.id())?;
    let wall = started.elapsed();
    let err = std::fs::read_to_string(&stderr_path).unwrap_or_default();
    // `joinery diff` exits 0 (or 2 under --exit-code) when it printed a migration.
    if status != 0 {
        return Err(format!(
            "{:?} exited with {status}:\n{err}",
            command.get_program()
        ));
    }
    let mut stages = BTreeMap::new();
    for line in err.lines() {
        let Some(rest) = line.strip_prefix("timing: ") else {
            continue;
        };
        let Some((stage, ms)) = rest.strip_suffix(" ms").and_then(|r| r.rsplit_once(' ')) else {
            continue;
        };
        if let Ok(ms) = ms.parse::<f64>() {
            *stages.entry(stage.to_string()).or_insert(0.0) += ms;
        }
    }
    Ok(Run {
        wall,
        cpu,
        rss_kib,
        stages,
    })
}

/// Waits for `pid` and returns its exit code (128 + signal when killed), CPU time (user and
/// system) and peak RSS in KiB.
fn wait_with_rusage(pid: u32) -> Result<(i32, Duration, u64)> {
    let mut status: libc::c_int = 0;
    // SAFETY: `rusage` is plain data that wait4 fills in; `pid` is our own unwaited child.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let waited = unsafe { libc::wait4(pid as libc::pid_t, &mut status, 0, &mut usage) };
    if waited < 0 {
        return Err(format!("wait4: {}", std::io::Error::last_os_error()));
    }
    let code = if libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status)
    } else {
        128 + libc::WTERMSIG(status)
    };
    let time = |t: libc::timeval| {
        Duration::from_secs(t.tv_sec.max(0) as u64) + Duration::from_micros(t.tv_usec.max(0) as u64)
    };
    let cpu = time(usage.ru_utime) + time(usage.ru_stime);
    // Linux reports ru_maxrss in KiB.
    Ok((code, cpu, usage.ru_maxrss.max(0) as u64))
}

fn median(mut xs: Vec<f64>) -> f64 {
    if xs.is_empty() {
        return 0.0;
    }
    xs.sort_by(f64::total_cmp);
    let n = xs.len();
    if n % 2 == 1 {
        xs[n / 2]
    } else {
        (xs[n / 2 - 1] + xs[n / 2]) / 2.0
    }
}

fn summarize(label: &str, runs: &[Run]) {
    let walls: Vec<f64> = runs.iter().map(|r| r.wall.as_secs_f64() * 1000.0).collect();
    let min = walls.iter().copied().fold(f64::INFINITY, f64::min);
    let max = walls.iter().copied().fold(0.0, f64::max);
    let cpu: Vec<f64> = runs.iter().map(|r| r.cpu.as_secs_f64() * 1000.0).collect();
    let rss = runs.iter().map(|r| r.rss_kib).max().unwrap_or(0);
    println!(
        "{label}: median {:.1} ms wall (min {min:.1}, max {max:.1}) over {} runs, {:.1} ms CPU \
         (user + system, all threads), peak RSS {:.1} MiB",
        median(walls),
        runs.len(),
        median(cpu),
        rss as f64 / 1024.0
    );
    let mut stages: BTreeMap<&str, Vec<f64>> = BTreeMap::new();
    for r in runs {
        for (stage, ms) in &r.stages {
            stages.entry(stage).or_default().push(*ms);
        }
    }
    // In the order the binary goes through them.
    let order = [
        "startup",
        "read",
        "parse json",
        "import sql",
        "check fragments",
        "diff + plan",
        "render",
        "write",
        "command done",
    ];
    let mut names: Vec<&str> = stages.keys().copied().collect();
    names.sort_by_key(|n| order.iter().position(|o| o == n).unwrap_or(order.len()));
    for name in names {
        let what = match name {
            "startup" => "startup (to the command)".to_string(),
            "command done" => "command done (since start)".to_string(),
            // Both sources: the stage's two times added up.
            "read" | "parse json" | "import sql" | "check fragments" => {
                format!("{name} (both sources)")
            }
            other => other.to_string(),
        };
        println!("    {what:<30} {:>8.2} ms", median(stages[name].clone()));
    }
}

/// `cargo xtask bench-cli`.
pub fn bench_cli(args: &[String]) -> Result<()> {
    let o = options(args)?;
    // Two builds, so that each matches a plain `cargo build --release` of its package (an
    // example brings the dev-dependencies' features along) and neither rebuilds the other.
    step(
        "build joinery (release)",
        cargo().args([
            "build",
            "--release",
            "-p",
            "joinery-backend",
            "--bin",
            "joinery",
        ]),
    )?;
    step(
        "build the schema generator (release)",
        cargo().args([
            "build",
            "--release",
            "-p",
            "joinery-shared",
            "--example",
            "generate",
        ]),
    )?;
    let release = target_dir().join("release");
    let joinery = release.join("joinery");
    let generator = release.join("examples").join("generate");
    let dir = std::env::temp_dir().join(format!("joinery-bench-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {dir:?}: {e}"))?;
    let result = bench_in(&o, &dir, &joinery, &generator);
    let _ = std::fs::remove_dir_all(&dir);
    result
}

fn write_output(command: &mut Command, path: &Path) -> Result<()> {
    let out = command
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| format!("cannot start {:?}: {e}", command.get_program()))?;
    if !out.status.success() {
        return Err(format!(
            "{:?} failed ({})",
            command.get_program(),
            out.status
        ));
    }
    std::fs::write(path, &out.stdout).map_err(|e| format!("cannot write {path:?}: {e}"))
}

fn bench_in(o: &Options, dir: &Path, joinery: &Path, generator: &Path) -> Result<()> {
    let tables = o.tables.to_string();
    for (name, changed) in [("base", false), ("changed", true)] {
        let json = dir.join(format!("{name}.json"));
        let mut g = Command::new(generator);
        g.args([tables.as_str(), "10", "42"]);
        if changed {
            g.arg("--changed");
        }
        write_output(&mut g, &json)?;
        write_output(
            Command::new(joinery).arg("ddl").arg(&json),
            &dir.join(format!("{name}.sql")),
        )?;
    }
    for ext in ["json", "sql"] {
        let from = dir.join(format!("base.{ext}"));
        let to = dir.join(format!("changed.{ext}"));
        let size = std::fs::metadata(&from).map(|m| m.len()).unwrap_or(0)
            + std::fs::metadata(&to).map(|m| m.len()).unwrap_or(0);
        let out = dir.join(format!("diff-{ext}.sql"));
        let mut diff = Command::new(joinery);
        diff.arg("diff")
            .arg("--from")
            .arg(&from)
            .arg("--to")
            .arg(&to)
            .env("JOINERY_TIMINGS", "1");
        // One warm-up run (page cache, binary mapped), not counted.
        measure(&mut diff, &out)?;
        let runs = (0..o.runs)
            .map(|_| measure(&mut diff, &out))
            .collect::<Result<Vec<_>>>()?;
        let lines = std::fs::read_to_string(&out)
            .map(|s| s.lines().count())
            .unwrap_or(0);
        println!(
            "\njoinery diff, {} tables, from .{ext} ({:.1} MiB in, {lines} lines of migration out)",
            o.tables,
            size as f64 / (1024.0 * 1024.0)
        );
        summarize(&format!("  .{ext}"), &runs);
    }
    drizzle_kit(dir, joinery)
}

/// `drizzle-kit generate` on the same change: the base exported as a drizzle-kit folder, the
/// changed schema's TypeScript put in its place. Skipped when Node or drizzle-kit is missing, or
/// when drizzle-kit does not finish on its own (it asks about renames on a terminal).
fn drizzle_kit(dir: &Path, joinery: &Path) -> Result<()> {
    let node_modules = root().join("tests").join("drizzle").join("node_modules");
    let kit = node_modules.join("drizzle-kit").join("bin.cjs");
    let has_node = Command::new("node")
        .arg("--version")
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !has_node || !kit.exists() {
        println!(
            "\ndrizzle-kit generate: skipped ({} missing; `cargo xtask tools` installs it)",
            if has_node {
                "tests/drizzle/node_modules"
            } else {
                "node"
            }
        );
        return Ok(());
    }
    let base = dir.join("drizzle-base");
    let changed = dir.join("drizzle-changed");
    for (out, from) in [(&base, "base.json"), (&changed, "changed.json")] {
        let status = Command::new(joinery)
            .args(["export", "drizzle", "--from"])
            .arg(dir.join(from))
            .arg("--out")
            .arg(out)
            .output()
            .map_err(|e| format!("cannot start joinery export: {e}"))?;
        // Its warnings (one per comment Drizzle cannot hold) are shown only on failure.
        if !status.status.success() {
            return Err(format!(
                "joinery export drizzle --from {from} failed ({}): {}",
                status.status,
                String::from_utf8_lossy(&status.stderr)
            ));
        }
    }
    let mut runs = Vec::new();
    let mut prompts = 0;
    for i in 0..3 {
        let project = dir.join(format!("drizzle-run-{i}"));
        copy_dir(&base.join("migrations"), &project.join("migrations"))?;
        copy_dir(&changed.join("schema"), &project.join("schema"))?;
        std::os::unix::fs::symlink(&node_modules, project.join("node_modules"))
            .map_err(|e| format!("cannot link node_modules: {e}"))?;
        std::fs::write(
            project.join("drizzle.config.ts"),
            "import { defineConfig } from 'drizzle-kit';\nexport default defineConfig({ \
             schema: './schema/index.ts', out: './migrations', dialect: 'postgresql' });\n",
        )
        .map_err(|e| e.to_string())?;
        let started = Instant::now();
        let status = match generate_answering(&kit, &project) {
            Ok(status) => status,
            // No script(1) on this machine: the joinery figures above still stand.
            Err(e) => {
                println!("\ndrizzle-kit generate: skipped ({e})");
                return Ok(());
            }
        };
        let wall = started.elapsed();
        let wrote = std::fs::read_dir(project.join("migrations"))
            .map(|d| d.count())
            .unwrap_or(0)
            > std::fs::read_dir(base.join("migrations"))
                .map(|d| d.count())
                .unwrap_or(0);
        match status {
            Some((s, _)) if s.success() && wrote => runs.push(wall.as_secs_f64() * 1000.0),
            Some((s, _)) => {
                println!(
                    "\ndrizzle-kit generate: skipped (exited {s} without writing a migration)"
                );
                return Ok(());
            }
            None => {
                println!("\ndrizzle-kit generate: skipped (no result within 120 s)");
                return Ok(());
            }
        }
        prompts = status.map_or(0, |(_, p)| p);
    }
    println!(
        "\ndrizzle-kit generate (same change, from its own snapshot): median {:.0} ms over {} runs, \
         {prompts} rename questions answered with their default (create) as soon as each appeared",
        median(runs.clone()),
        runs.len()
    );
    Ok(())
}

/// Runs `drizzle-kit generate` in `project` on a terminal of its own (`script(1)`), answering
/// each "created or renamed" question with Enter as soon as it is asked: drizzle-kit asks them
/// only on a terminal and writes nothing without answers. Keys sent before a question is shown
/// would be discarded when it switches the terminal to raw mode, so each answer waits for its
/// question. Returns the exit status and the number of questions, or `None` after 120 s.
fn generate_answering(
    kit: &Path,
    project: &Path,
) -> Result<Option<(std::process::ExitStatus, usize)>> {
    use std::io::{Read, Write};
    const QUESTION: &[u8] = b"created or renamed";
    let command = format!("node '{}' generate", kit.display());
    let mut child = Command::new("script")
        .args(["-q", "-e", "-c", &command, "/dev/null"])
        .current_dir(project)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot start script(1) for drizzle-kit: {e}"))?;
    let mut input = child.stdin.take().ok_or("no stdin for drizzle-kit")?;
    let mut output = child.stdout.take().ok_or("no stdout for drizzle-kit")?;
    let reader = std::thread::spawn(move || {
        let mut seen = Vec::new();
        let mut buf = [0u8; 16384];
        let mut asked = 0;
        while let Ok(n) = output.read(&mut buf) {
            if n == 0 {
                break;
            }
            seen.extend_from_slice(&buf[..n]);
            let found = seen
                .windows(QUESTION.len())
                .filter(|w| *w == QUESTION)
                .count();
            for _ in 0..found {
                if input.write_all(b"\r").and_then(|()| input.flush()).is_err() {
                    break;
                }
            }
            asked += found;
            // Keep a question's start that may continue in the next read.
            let keep = seen.len().min(QUESTION.len() - 1);
            seen.drain(..seen.len() - keep);
        }
        asked
    });
    let deadline = Instant::now() + Duration::from_secs(120);
    let status = loop {
        if let Some(status) = child.try_wait().map_err(|e| e.to_string())? {
            break Some(status);
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let asked = reader.join().unwrap_or(0);
    Ok(status.map(|s| (s, asked)))
}

fn copy_dir(from: &Path, to: &Path) -> Result<()> {
    std::fs::create_dir_all(to).map_err(|e| format!("cannot create {to:?}: {e}"))?;
    for entry in std::fs::read_dir(from).map_err(|e| format!("cannot list {from:?}: {e}"))? {
        let entry = entry.map_err(|e| e.to_string())?;
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), &target)
                .map_err(|e| format!("cannot copy {:?}: {e}", entry.path()))?;
        }
    }
    Ok(())
}
