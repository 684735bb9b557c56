//! CPU-heavy work (diff, plan, validation of a large design) kept off the async workers, so one
//! big request never stalls the others, and bounded, so a burst of them cannot take every core.

use std::sync::LazyLock;

use tokio::sync::Semaphore;

use crate::AppError;

/// At most this many heavy jobs run at once; the rest wait their turn.
const CONCURRENT_JOBS: usize = 4;

static SLOTS: LazyLock<Semaphore> = LazyLock::new(|| Semaphore::new(CONCURRENT_JOBS));

/// Runs `job` on a blocking thread once a slot is free. A panic in it is a 500, not a crash.
pub async fn run<T, F>(job: F) -> Result<T, AppError>
where
    F: FnOnce() -> T + Send + 'static,
    T: Send + 'static,
{
    let _slot = SLOTS
        .acquire()
        .await
        .map_err(|e| AppError::Internal(format!("heavy-job slots closed: {e}")))?;
    tokio::task::spawn_blocking(job)
        .await
        .map_err(|e| AppError::Internal(format!("a background job failed: {e}")))
}

/// Runs `job` right here but tells the runtime this worker is busy (its other tasks move to
/// another worker). For synchronous code called from inside a store transaction; on a
/// single-threaded runtime (tests) it simply runs.
pub fn in_place<T>(job: impl FnOnce() -> T) -> T {
    let multi = tokio::runtime::Handle::try_current()
        .map(|h| h.runtime_flavor() == tokio::runtime::RuntimeFlavor::MultiThread)
        .unwrap_or(false);
    if multi {
        tokio::task::block_in_place(job)
    } else {
        job()
    }
}
