//! Target databases: stored with their full URL server-side, shown without the password; a
//! connection test, the migration status and drift.

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Json;
use joinery_shared::model::{Document, Schema};
use serde::Deserialize;

use super::{
    apply_error_response, connect_error_response, error_response, flag, parse_body, Routes,
};
use crate::apply::connect::{connect, connect_pool, parse_target_url, scrub};
use crate::apply::drift::{compare, reconcile_views, Drift};
use crate::apply::{self, Migration, TargetStatus};
use crate::introspect::{introspect, IntrospectOptions};
use crate::store::{Target, TargetConnection, TargetDefaults};
use crate::{AppError, AppState};
use joinery_shared::wire::{ErrorBody, TableSize, TestResult};

pub fn router() -> Routes {
    Routes::new()
        .route("/api/projects/{id}/targets", get(list).post(create))
        .route(
            "/api/projects/{id}/targets/{tid}",
            get(read).patch(update).delete(delete),
        )
        .route("/api/projects/{id}/targets/{tid}/test", post(test))
        .route("/api/projects/{id}/targets/{tid}/status", get(status))
        .route("/api/projects/{id}/targets/{tid}/drift", get(drift))
        .route("/api/projects/{id}/targets/{tid}/baseline", post(baseline))
        .route("/api/projects/{id}/targets/{tid}/tables", get(tables))
}

/// `GET .../tables`: every user table's estimated rows and total size, largest first (at most
/// 5,000), so a review can say how big the table a statement locks or rewrites is.
async fn tables(
    State(state): State<AppState>,
    Path((id, tid)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let url = state
        .store
        .target_connection(&state.secrets, &id, &tid)
        .await?;
    let mut conn = match connect(&url).await {
        Ok(c) => c,
        Err(e) => return Ok(connect_error_response(&e)),
    };
    let sizes = sqlx::query_as::<_, (String, i64, i64)>(
        "SELECT n.nspname || '.' || c.relname AS relation, c.reltuples::bigint AS rows, \
         pg_total_relation_size(c.oid) AS bytes \
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
         WHERE c.relkind IN ('r', 'p', 'm') \
         AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'joinery') \
         AND n.nspname NOT LIKE 'pg\\_%' \
         ORDER BY bytes DESC, relation LIMIT 5000",
    )
    .fetch_all(&mut conn)
    .await;
    let _ = sqlx::Connection::close(conn).await;
    Ok(match sizes {
        Ok(rows) => Json(
            rows.into_iter()
                .map(|(relation, rows, bytes)| TableSize {
                    relation,
                    rows,
                    bytes,
                })
                .collect::<Vec<_>>(),
        )
        .into_response(),
        Err(e) => error_response(
            StatusCode::BAD_GATEWAY,
            "target_failed",
            &scrub(&e.to_string(), &url),
        ),
    })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CreateTarget {
    name: String,
    url: String,
    /// Read the password from this server environment variable instead of storing it.
    #[serde(default)]
    password_env: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct UpdateTarget {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    password_env: Option<String>,
    /// The target's own apply defaults (all three replace the old ones; `null`: the server's).
    #[serde(default)]
    defaults: Option<TargetDefaults>,
}

/// Refuses defaults outside what a run may ask for.
fn check_defaults(d: &TargetDefaults) -> Result<(), AppError> {
    let day = 86_400_000;
    if d.lock_timeout_ms.unwrap_or(0) > day
        || d.statement_timeout_ms.unwrap_or(0) > day
        || d.lock_retries.unwrap_or(0) > 20
    {
        return Err(AppError::BadRequest(
            "timeouts are at most 86400000 ms (a day) and lock_retries at most 20".into(),
        ));
    }
    Ok(())
}

/// Refuses URLs that are not PostgreSQL URLs, without echoing the password.
fn check_url(url: &str) -> Result<(), AppError> {
    parse_target_url(url)
        .map(|_| ())
        .map_err(|e| AppError::BadRequest(e.to_string()))
}

async fn list(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<Vec<Target>>, AppError> {
    Ok(Json(state.store.list_targets(&id).await?))
}

async fn create(
    State(state): State<AppState>,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<(StatusCode, Json<Target>), AppError> {
    let req: CreateTarget = parse_body(&body)?;
    check_url(&req.url)?;
    let connection = TargetConnection {
        url: req.url,
        password_env: req.password_env.filter(|e| !e.is_empty()),
    };
    let target = state
        .store
        .create_target(&state.secrets, &id, &req.name, &connection)
        .await?;
    tracing::info!(project = %id, target = %target.id, url = %target.url, "target added");
    Ok((StatusCode::CREATED, Json(target)))
}

async fn read(
    State(state): State<AppState>,
    Path((id, tid)): Path<(String, String)>,
) -> Result<Json<Target>, AppError> {
    Ok(Json(state.store.target(&id, &tid).await?))
}

async fn update(
    State(state): State<AppState>,
    Path((id, tid)): Path<(String, String)>,
    body: Bytes,
) -> Result<Json<Target>, AppError> {
    let req: UpdateTarget = parse_body(&body)?;
    if let Some(d) = &req.defaults {
        check_defaults(d)?;
    }
    if let Some(url) = &req.url {
        check_url(url)?;
    }
    if req.password_env.is_some() && req.url.is_none() {
        return Err(AppError::BadRequest(
            "password_env changes with the connection: send url too".into(),
        ));
    }
    let connection = req.url.map(|url| TargetConnection {
        url,
        password_env: req.password_env.filter(|e| !e.is_empty()),
    });
    let target = state
        .store
        .update_target(
            &state.secrets,
            &id,
            &tid,
            req.name.as_deref(),
            connection.as_ref(),
            req.defaults,
        )
        .await?;
    Ok(Json(target))
}

async fn delete(
    State(state): State<AppState>,
    Path((id, tid)): Path<(String, String)>,
) -> Result<StatusCode, AppError> {
    state.store.delete_target(&id, &tid).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Tries to connect. Always 200: `{ok: true, server_version}` or `{ok: false, error: {code,
/// message}}` with code `bad_url`, `unreachable`, `auth_failed`, `database_missing` or `other`.
async fn test(
    State(state): State<AppState>,
    Path((id, tid)): Path<(String, String)>,
) -> Result<Json<TestResult>, AppError> {
    let url = state
        .store
        .target_connection(&state.secrets, &id, &tid)
        .await?;
    let result = match connect(&url).await {
        Ok(mut conn) => {
            let version: Result<String, _> = sqlx::query_scalar("SHOW server_version")
                .fetch_one(&mut conn)
                .await;
            let _ = sqlx::Connection::close(conn).await;
            match version {
                Ok(v) => TestResult {
                    ok: true,
                    server_version: Some(v),
                    error: None,
                },
                Err(e) => TestResult {
                    ok: false,
                    server_version: None,
                    error: Some(ErrorBody {
                        code: "other".into(),
                        message: scrub(&e.to_string(), &url),
                    }),
                },
            }
        }
        Err(e) => TestResult {
            ok: false,
            server_version: None,
            error: Some(ErrorBody {
                code: e.kind.code().to_string(),
                message: e.to_string(),
            }),
        },
    };
    Ok(Json(result))
}

/// The project's migrations in apply form.
pub(crate) async fn project_migrations(
    state: &AppState,
    id: &str,
) -> Result<Vec<Migration>, AppError> {
    Ok(state
        .store
        .list_migrations(id)
        .await?
        .into_iter()
        .map(Migration::from)
        .collect())
}

async fn status(
    State(state): State<AppState>,
    Path((id, tid)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let url = state
        .store
        .target_connection(&state.secrets, &id, &tid)
        .await?;
    let migrations = project_migrations(&state, &id).await?;
    Ok(match apply::status(&url, &migrations).await {
        Ok(status) => Json::<TargetStatus>(status).into_response(),
        Err(e) => apply_error_response(&e),
    })
}

async fn drift(
    State(state): State<AppState>,
    Path((id, tid)): Path<(String, String)>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let online = flag(&q, "online")?;
    let url = state
        .store
        .target_connection(&state.secrets, &id, &tid)
        .await?;
    Ok(match live_drift(&state, &id, &url, online).await? {
        Ok(drift) => Json(drift).into_response(),
        Err(response) => response,
    })
}

/// The target's live schema compared with the version its history says it is at. The inner
/// `Err` is a ready response for a target that cannot be read (502 and the like).
pub(crate) async fn live_drift(
    state: &AppState,
    id: &str,
    url: &str,
    online: bool,
) -> Result<Result<Drift, Response>, AppError> {
    let migrations = project_migrations(state, id).await?;
    let status = match apply::status(url, &migrations).await {
        Ok(s) => s,
        Err(e) => return Ok(Err(apply_error_response(&e))),
    };
    let expected = match status.last_applied {
        Some(n) => state.store.version(id, n).await?.document,
        None => Document::new(Schema::default()),
    };
    Ok(compare_live(url, expected, online)
        .await?
        .map(|drift| Drift {
            expected_version: status.last_applied,
            ..drift
        }))
}

/// The target's live schema compared with `expected`.
async fn compare_live(
    url: &str,
    expected: Document,
    online: bool,
) -> Result<Result<Drift, Response>, AppError> {
    let pool = match connect_pool(url).await {
        Ok(p) => p,
        Err(e) => return Ok(Err(connect_error_response(&e))),
    };
    let actual = introspect(&pool, &IntrospectOptions::default()).await;
    let mut actual = match actual {
        Ok(doc) => doc,
        Err(e) => {
            pool.close().await;
            return Ok(Err(error_response(
                StatusCode::BAD_GATEWAY,
                "target_introspection_failed",
                &scrub(&e.to_string(), url),
            )));
        }
    };
    if let Ok(mut conn) = pool.acquire().await {
        reconcile_views(&mut conn, &expected.schema, &mut actual.schema).await;
    }
    pool.close().await;
    let drift = crate::heavy::run(move || compare(&expected, &actual, online))
        .await?
        .map_err(|e| AppError::BadRequest(e.to_string()))?;
    Ok(Ok(drift))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Baseline {
    version: i64,
}

/// `POST .../baseline {version}`: records versions 1..=N as applied on a target whose live
/// schema already is version N (verified first: 409 `baseline_mismatch` with the differences
/// otherwise). Nothing runs on the target but the history write.
async fn baseline(
    State(state): State<AppState>,
    Path((id, tid)): Path<(String, String)>,
    body: Bytes,
) -> Result<Response, AppError> {
    let req: Baseline = parse_body(&body)?;
    let url = state
        .store
        .target_connection(&state.secrets, &id, &tid)
        .await?;
    let version = state.store.version(&id, req.version).await?;
    let drift = match compare_live(&url, version.document, false).await? {
        Ok(drift) => drift,
        Err(response) => return Ok(response),
    };
    if !drift.in_sync {
        let mut body = serde_json::json!({"error": {
            "code": "baseline_mismatch",
            "message": format!(
                "the database does not match version {}: nothing was recorded. The detail \
                 lists what differs (to_database would make it match)",
                req.version
            ),
        }});
        body["error"]["detail"] = serde_json::to_value(&drift).unwrap_or_default();
        return Ok((StatusCode::CONFLICT, Json(body)).into_response());
    }
    let migrations = project_migrations(&state, &id).await?;
    match apply::baseline::baseline(&url, &migrations, req.version).await {
        Ok(recorded) => {
            tracing::info!(project = %id, target = %tid, version = req.version, "baseline recorded");
            Ok(
                Json(serde_json::json!({"version": req.version, "recorded": recorded}))
                    .into_response(),
            )
        }
        Err(e) => Ok(apply_error_response(&e)),
    }
}
