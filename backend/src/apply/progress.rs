//! Progress of a long index build: while a `CREATE INDEX CONCURRENTLY` runs on the apply's
//! connection, a second connection reads `pg_stat_progress_create_index` for that backend once a
//! second and reports it, so the console shows how far a build on a big table is instead of a
//! statement that seems stuck.

use std::future::Future;
use std::time::Duration;

use sqlx::postgres::PgConnection;

use super::connect;

/// How often the build's progress is read.
pub const POLL: Duration = Duration::from_secs(1);

pub use joinery_shared::wire::IndexProgress;

/// The backend process id of `conn`, to find its progress row.
pub async fn backend_pid(conn: &mut PgConnection) -> Option<i32> {
    sqlx::query_scalar("SELECT pg_backend_pid()")
        .fetch_one(conn)
        .await
        .ok()
}

/// Runs `work` (the statement) while reporting the index build progress of backend `pid` on the
/// database at `url` to `report`. Reading progress is best effort: when the second connection
/// cannot be made or a read fails, the statement simply runs without reports.
pub async fn watched<T>(
    url: &str,
    pid: Option<i32>,
    work: impl Future<Output = T>,
    report: impl Fn(IndexProgress),
) -> T {
    let Some(pid) = pid else {
        return work.await;
    };
    let watch = async {
        let Ok(mut conn) = connect::connect(url).await else {
            return std::future::pending::<()>().await;
        };
        let mut last = None;
        loop {
            tokio::time::sleep(POLL).await;
            match read(&mut conn, pid).await {
                Ok(Some(now)) if last.as_ref() != Some(&now) => {
                    report(now.clone());
                    last = Some(now);
                }
                Ok(_) => {}
                Err(_) => return std::future::pending::<()>().await,
            }
        }
    };
    tokio::select! {
        out = work => out,
        () = watch => unreachable!("the progress watch never ends on its own"),
    }
}

async fn read(conn: &mut PgConnection, pid: i32) -> Result<Option<IndexProgress>, sqlx::Error> {
    let row: Option<(String, i64, i64, i64, i64)> = sqlx::query_as(
        "SELECT phase, blocks_done, blocks_total, tuples_done, tuples_total \
         FROM pg_stat_progress_create_index WHERE pid = $1",
    )
    .bind(pid)
    .fetch_optional(conn)
    .await?;
    Ok(row.map(
        |(phase, blocks_done, blocks_total, tuples_done, tuples_total)| IndexProgress {
            phase,
            blocks_done,
            blocks_total,
            tuples_done,
            tuples_total,
        },
    ))
}
