//! Lock and statement timeouts for every statement an apply runs, and bounded retries of lock
//! timeouts: the apply never queues behind a long transaction holding the table (and so never
//! queues every ordinary reader of that table behind itself, the classic migration outage).
//!
//! As pg-schema-diff does: a short `lock_timeout` (5 s by default) for ordinary statements,
//! none for concurrent index builds (they wait for old transactions by design and block no
//! reader), and a retry with exponential backoff when a lock was not granted in time.

use std::time::Duration;

use serde::{Deserialize, Serialize};
use sqlx::{Executor, PgConnection};

/// The timeouts and retries of one run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Timeouts {
    /// Longest wait for a lock before a statement gives up (`0` = no limit).
    pub lock_timeout_ms: u64,
    /// Longest run of one statement (`0` = no limit).
    pub statement_timeout_ms: u64,
    /// How many times a segment that hit the lock timeout is tried again.
    pub lock_retries: u32,
    /// The wait before the first retry; it doubles for each next one (at most 30 s).
    pub retry_backoff_ms: u64,
}

impl Default for Timeouts {
    fn default() -> Self {
        Timeouts {
            lock_timeout_ms: 5_000,
            statement_timeout_ms: 0,
            lock_retries: 3,
            retry_backoff_ms: 1_000,
        }
    }
}

impl Timeouts {
    /// The wait before retry number `attempt` (1-based).
    pub fn backoff(&self, attempt: u32) -> Duration {
        let factor = 1u64 << attempt.saturating_sub(1).min(16);
        Duration::from_millis(self.retry_backoff_ms.saturating_mul(factor).min(30_000))
    }

    /// Sets the session's timeouts for the next statements: none for a concurrent index build
    /// (`concurrent`), the configured ones otherwise. The values are integers we format, never
    /// user text.
    pub async fn apply_to(
        &self,
        conn: &mut PgConnection,
        concurrent: bool,
    ) -> Result<(), sqlx::Error> {
        let (lock, statement) = if concurrent {
            (0, 0)
        } else {
            (self.lock_timeout_ms, self.statement_timeout_ms)
        };
        conn.execute(
            format!("SET lock_timeout = {lock}; SET statement_timeout = {statement}").as_str(),
        )
        .await?;
        Ok(())
    }
}

/// True when the statement failed because a lock was not granted within `lock_timeout`
/// (SQLSTATE 55P03), the one failure worth retrying as it is.
pub fn is_lock_timeout(err: &sqlx::Error) -> bool {
    matches!(err, sqlx::Error::Database(db) if db.code().as_deref() == Some("55P03"))
}

/// True for a statement cancelled by `statement_timeout` (SQLSTATE 57014).
pub fn is_statement_timeout(err: &sqlx::Error) -> bool {
    matches!(err, sqlx::Error::Database(db) if db.code().as_deref() == Some("57014"))
}

/// Parses `5s`, `500ms`, `2m`, `1h` or a bare number of seconds; `0` means no limit.
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    let t = text.trim();
    let (number, unit) = match t.find(|c: char| !c.is_ascii_digit() && c != '.') {
        Some(i) => (&t[..i], t[i..].trim()),
        None => (t, "s"),
    };
    let value: f64 = number
        .parse()
        .map_err(|_| format!("{text:?} is not a duration (e.g. 5s, 500ms, 2m)"))?;
    let ms = match unit {
        "ms" => value,
        "s" => value * 1_000.0,
        "m" | "min" => value * 60_000.0,
        "h" => value * 3_600_000.0,
        _ => return Err(format!("{text:?}: use ms, s, m or h")),
    };
    if !ms.is_finite() || !(0.0..=86_400_000.0).contains(&ms) {
        return Err(format!("{text:?} is out of range (0 to 24h)"));
    }
    Ok(Duration::from_millis(ms.round() as u64))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_parse_in_common_units() {
        assert_eq!(parse_duration("5s").unwrap(), Duration::from_secs(5));
        assert_eq!(parse_duration("500ms").unwrap(), Duration::from_millis(500));
        assert_eq!(parse_duration("2m").unwrap(), Duration::from_secs(120));
        assert_eq!(parse_duration("3").unwrap(), Duration::from_secs(3));
        assert_eq!(parse_duration("0").unwrap(), Duration::ZERO);
        for bad in ["", "x", "5 parsecs", "-1s", "48h"] {
            assert!(parse_duration(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn backoff_doubles_up_to_a_cap() {
        let t = Timeouts::default();
        assert_eq!(t.backoff(1), Duration::from_secs(1));
        assert_eq!(t.backoff(2), Duration::from_secs(2));
        assert_eq!(t.backoff(3), Duration::from_secs(4));
        assert_eq!(t.backoff(40), Duration::from_secs(30));
    }
}
