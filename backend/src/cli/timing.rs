//! Stage timings for benchmarks: with `JOINERY_TIMINGS` set, each timed stage prints
//! `timing: <stage> <ms> ms` on stderr (`cargo xtask bench-cli` reads them); without it nothing
//! is printed and the cost is one cached environment look-up.

use std::sync::OnceLock;
use std::time::Instant;

static START: OnceLock<Instant> = OnceLock::new();

fn enabled() -> bool {
    static ENABLED: OnceLock<bool> = OnceLock::new();
    *ENABLED.get_or_init(|| std::env::var_os("JOINERY_TIMINGS").is_some())
}

/// Records the process start (call first thing in `main`).
pub fn mark_start() {
    START.get_or_init(Instant::now);
}

/// Prints the time since [`mark_start`] as stage `stage`, when timings are on.
pub fn since_start(stage: &str) {
    if enabled() {
        if let Some(start) = START.get() {
            report(stage, start.elapsed().as_secs_f64());
        }
    }
}

/// Runs `f`, printing how long it took as stage `stage` when timings are on.
pub fn timed<T>(stage: &str, f: impl FnOnce() -> T) -> T {
    if !enabled() {
        return f();
    }
    let started = Instant::now();
    let out = f();
    report(stage, started.elapsed().as_secs_f64());
    out
}

fn report(stage: &str, seconds: f64) {
    eprintln!("timing: {stage} {:.2} ms", seconds * 1000.0);
}
