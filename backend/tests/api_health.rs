//! The server shell, in process: health, authentication on every route, Host and Origin checks,
//! security headers, JSON errors, static files that stay inside the UI folder, and the login
//! link. (`serve_security.rs` checks the same against the real `joinery serve`.)

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use joinery_backend::auth;
use joinery_backend::store::Store;
use joinery_backend::testing::{app_state, TEST_HOST};
use joinery_backend::{api, app};
use tower::ServiceExt;

const TOKEN: &str = "secret-token";

async fn test_app(ui_dir: Option<&std::path::Path>) -> (Router, Store, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&Store::sqlite_url_in(dir.path()))
        .await
        .unwrap();
    (app(app_state(store.clone(), TOKEN, ui_dir)), store, dir)
}

fn request(method: Method, path: &str) -> axum::http::request::Builder {
    Request::builder()
        .method(method)
        .uri(path)
        .header(header::HOST, TEST_HOST)
}

async fn send(app: &Router, request: Request<Body>) -> (StatusCode, axum::http::HeaderMap, String) {
    let response = app.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (
        status,
        headers,
        String::from_utf8_lossy(&bytes).into_owned(),
    )
}

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
}

/// Replaces `{param}`s with placeholder values.
fn concrete(path: &str) -> String {
    let mut out = String::new();
    let mut rest = path;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let end = rest[start..].find('}').unwrap() + start;
        out.push_str(if &rest[start..=end] == "{number}" {
            "1"
        } else {
            "x1"
        });
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    out
}

#[tokio::test]
async fn health_reports_version_and_store_kind_without_auth() {
    let (app, _, _dir) = test_app(None).await;
    let (status, _, body) = send(
        &app,
        request(Method::GET, "/api/health")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let body = json(&body);
    assert_eq!(body["name"], "joinery");
    assert_eq!(body["version"], joinery_shared::VERSION);
    assert_eq!(body["store"], "sqlite");
}

#[tokio::test]
async fn every_route_but_health_needs_auth_reads_included() {
    let (app, _, _dir) = test_app(None).await;
    let paths = api::routes().paths().to_vec();
    assert!(paths.len() >= 15, "the router lists its routes: {paths:?}");
    let mut gets = 0;
    for path in &paths {
        let path = concrete(path);
        for method in [
            Method::GET,
            Method::POST,
            Method::PUT,
            Method::PATCH,
            Method::DELETE,
        ] {
            // With the token: anything but 405 means the route takes this method.
            let (with, _, _) = send(
                &app,
                request(method.clone(), &path)
                    .header(header::AUTHORIZATION, format!("Bearer {TOKEN}"))
                    .body(Body::empty())
                    .unwrap(),
            )
            .await;
            if with == StatusCode::METHOD_NOT_ALLOWED {
                continue;
            }
            gets += usize::from(method == Method::GET);
            for auth in [None, Some("Bearer wrong"), Some(TOKEN)] {
                let mut r = request(method.clone(), &path);
                if let Some(auth) = auth {
                    r = r.header(header::AUTHORIZATION, auth);
                }
                let (status, _, body) = send(&app, r.body(Body::empty()).unwrap()).await;
                assert_eq!(
                    status,
                    StatusCode::UNAUTHORIZED,
                    "{method} {path} with {auth:?}"
                );
                assert_eq!(json(&body)["error"]["code"], "unauthorized");
            }
            // A forged session cookie does not count either.
            let (status, _, _) = send(
                &app,
                request(method.clone(), &path)
                    .header(header::COOKIE, format!("{}=1.2.3", auth::cookie_name(8080)))
                    .body(Body::empty())
                    .unwrap(),
            )
            .await;
            assert_eq!(
                status,
                StatusCode::UNAUTHORIZED,
                "{method} {path} forged cookie"
            );
        }
    }
    assert!(gets >= 12, "GET routes found: {gets}");
    // Unknown API paths too: nothing about the API is answered without auth.
    let (status, _, _) = send(
        &app,
        request(Method::GET, "/api/nope")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _, body) = send(
        &app,
        request(Method::GET, "/api/nope")
            .header(header::AUTHORIZATION, format!("Bearer {TOKEN}"))
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(json(&body)["error"]["code"], "not_found");
}

#[tokio::test]
async fn foreign_hosts_get_421_and_no_page() {
    let ui = tempfile::tempdir().unwrap();
    std::fs::write(
        ui.path().join("index.html"),
        "<html><head></head><body>APP</body></html>",
    )
    .unwrap();
    let (app, _, _dir) = test_app(Some(ui.path())).await;
    for host in [
        "evil.example",
        "evil.example:8080",
        "localhost:9999",
        "127.0.0.1.nip.io:8080",
    ] {
        for path in [
            "/",
            "/index.html",
            "/api/health",
            "/api/projects",
            "/login?token=x",
        ] {
            let (status, _, body) = send(
                &app,
                Request::get(path)
                    .header(header::HOST, host)
                    .header(header::AUTHORIZATION, format!("Bearer {TOKEN}"))
                    .body(Body::empty())
                    .unwrap(),
            )
            .await;
            assert_eq!(status, StatusCode::MISDIRECTED_REQUEST, "{host} {path}");
            assert!(!body.contains("APP") && !body.contains(TOKEN), "{body}");
            assert_eq!(json(&body)["error"]["code"], "unknown_host");
        }
    }
    // No Host at all is no better.
    let (status, _, _) = send(&app, Request::get("/").body(Body::empty()).unwrap()).await;
    assert_eq!(status, StatusCode::MISDIRECTED_REQUEST);
    for host in ["localhost:8080", "127.0.0.1:8080", "[::1]:8080"] {
        let (status, _, body) = send(
            &app,
            Request::get("/")
                .header(header::HOST, host)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{host}");
        assert!(body.contains("APP"));
    }
}

#[tokio::test]
async fn cross_site_writes_and_streams_are_refused_even_with_the_token() {
    let (app, _, _dir) = test_app(None).await;
    let cases = [
        (
            Method::POST,
            "/api/projects",
            Some("http://evil.example"),
            None,
        ),
        (
            Method::POST,
            "/api/projects",
            Some("http://localhost:3000"),
            None,
        ),
        (Method::POST, "/api/projects", Some("null"), None),
        (Method::POST, "/api/projects", None, Some("cross-site")),
        (
            Method::DELETE,
            "/api/projects/x1",
            Some("http://evil.example"),
            None,
        ),
        (
            Method::GET,
            "/api/projects/x1/applies/a1/events",
            Some("http://evil.example"),
            None,
        ),
    ];
    for (method, path, origin, site) in cases {
        let mut r = request(method.clone(), path)
            .header(header::AUTHORIZATION, format!("Bearer {TOKEN}"))
            .header(header::CONTENT_TYPE, "application/json");
        if let Some(origin) = origin {
            r = r.header(header::ORIGIN, origin);
        }
        if let Some(site) = site {
            r = r.header("sec-fetch-site", site);
        }
        let (status, _, body) = send(&app, r.body(Body::from(r#"{"name":"x"}"#)).unwrap()).await;
        assert_eq!(
            status,
            StatusCode::FORBIDDEN,
            "{method} {path} {origin:?} {site:?}"
        );
        assert_eq!(json(&body)["error"]["code"], "cross_site");
    }
    // The same write from our own origin goes through.
    let (status, _, body) = send(
        &app,
        request(Method::POST, "/api/projects")
            .header(header::AUTHORIZATION, format!("Bearer {TOKEN}"))
            .header(header::ORIGIN, "http://localhost:8080")
            .header("sec-fetch-site", "same-origin")
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(r#"{"name":"mine"}"#))
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
}

#[tokio::test]
async fn responses_carry_security_headers() {
    let ui = tempfile::tempdir().unwrap();
    std::fs::write(ui.path().join("index.html"), "<html><head></head></html>").unwrap();
    let (app, _, _dir) = test_app(Some(ui.path())).await;
    for path in ["/", "/api/health", "/api/projects", "/missing.js"] {
        let (_, headers, _) = send(
            &app,
            request(Method::GET, path).body(Body::empty()).unwrap(),
        )
        .await;
        let csp = headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
        assert!(csp.contains("default-src 'self'"), "{path}: {csp}");
        assert!(
            csp.contains("script-src 'self' 'wasm-unsafe-eval';"),
            "{path}: {csp}"
        );
        assert!(csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
        assert!(!csp.contains("unsafe-eval'") || csp.contains("wasm-unsafe-eval"));
        assert_eq!(headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff", "{path}");
        assert_eq!(headers[header::REFERRER_POLICY], "no-referrer", "{path}");
    }
}

#[tokio::test]
async fn error_bodies_are_json_for_404_405_413_414_and_nul() {
    let (app, _, _dir) = test_app(None).await;
    let bearer = format!("Bearer {TOKEN}");
    // 405: the route exists without this method.
    let (status, headers, body) = send(
        &app,
        request(Method::DELETE, "/api/health")
            .header(header::AUTHORIZATION, &bearer)
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
    assert!(headers[header::CONTENT_TYPE]
        .to_str()
        .unwrap()
        .starts_with("application/json"));
    assert_eq!(json(&body)["error"]["code"], "method_not_allowed");
    // 413: a body over the limit.
    let big = vec![b' '; joinery_backend::serve::MAX_BODY_BYTES + 10];
    let (status, _, body) = send(
        &app,
        request(Method::POST, "/api/projects")
            .header(header::AUTHORIZATION, &bearer)
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(big))
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(json(&body)["error"]["code"], "payload_too_large");
    // 414: a path over the limit.
    let long = format!(
        "/api/projects/{}",
        "a".repeat(joinery_backend::guard::MAX_URI_BYTES)
    );
    let (status, _, body) = send(
        &app,
        request(Method::GET, &long)
            .header(header::AUTHORIZATION, &bearer)
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::URI_TOO_LONG);
    assert_eq!(json(&body)["error"]["code"], "uri_too_long");
    // NUL in a body or a path: 400, never a 500 from the store.
    let (status, _, body) = send(
        &app,
        request(Method::POST, "/api/projects")
            .header(header::AUTHORIZATION, &bearer)
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(r#"{"name":"a\u0000b"}"#))
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert!(json(&body)["error"]["message"]
        .as_str()
        .unwrap()
        .contains("NUL"));
    let (status, _, body) = send(
        &app,
        request(Method::GET, "/api/projects/a%00b")
            .header(header::AUTHORIZATION, &bearer)
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    let (status, _, body) = send(
        &app,
        request(Method::GET, "/api/projects/%ff")
            .header(header::AUTHORIZATION, &bearer)
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
}

#[tokio::test]
async fn the_ui_has_no_token_no_inline_script_and_spa_fallback() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("index.html"),
        "<html><head><title>J</title><script type=\"module\">import init from '/app.js'; await init();</script></head><body></body></html>",
    )
    .unwrap();
    std::fs::write(dir.path().join("app.css"), "body{}").unwrap();
    let (app, _, _store_dir) = test_app(Some(dir.path())).await;
    let mut boot = String::new();
    for path in ["/", "/projects/abc", "/index.html"] {
        let (status, _, html) = send(
            &app,
            request(Method::GET, path).body(Body::empty()).unwrap(),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert!(
            !html.contains(TOKEN) && !html.contains("joinery-token"),
            "{html}"
        );
        assert!(
            !html.contains("await init()"),
            "inline script left in {html}"
        );
        let start = html
            .find("/joinery-boot-")
            .expect("the boot script is linked");
        boot = html[start..].split('"').next().unwrap().to_string();
    }
    let (status, headers, js) = send(
        &app,
        request(Method::GET, &boot).body(Body::empty()).unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(js.contains("await init()"));
    assert!(headers[header::CONTENT_TYPE]
        .to_str()
        .unwrap()
        .contains("javascript"));
    let (status, _, _) = send(
        &app,
        request(Method::GET, "/app.css")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (status, _, _) = send(
        &app,
        request(Method::GET, "/missing.js")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[cfg(unix)]
#[tokio::test]
async fn static_files_never_serve_dotfiles_or_leave_the_folder() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.txt"), "OUTSIDE-SECRET").unwrap();
    let ui = tempfile::tempdir().unwrap();
    std::fs::write(ui.path().join("index.html"), "<html><head></head></html>").unwrap();
    std::fs::write(ui.path().join(".env"), "DOTFILE-SECRET").unwrap();
    std::fs::create_dir(ui.path().join(".git")).unwrap();
    std::fs::write(ui.path().join(".git").join("config"), "DOTFILE-SECRET").unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("secret.txt"),
        ui.path().join("link.txt"),
    )
    .unwrap();
    std::os::unix::fs::symlink(outside.path(), ui.path().join("linkdir")).unwrap();
    std::fs::write(ui.path().join("inside.txt"), "INSIDE").unwrap();
    std::os::unix::fs::symlink(ui.path().join("inside.txt"), ui.path().join("alias.txt")).unwrap();
    let (app, _, _dir) = test_app(Some(ui.path())).await;
    for path in [
        "/.env",
        "/.git/config",
        "/%2eenv",
        "/link.txt",
        "/linkdir/secret.txt",
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/a/..%2f..%2fsecret.txt",
    ] {
        let (status, _, body) = send(
            &app,
            request(Method::GET, path).body(Body::empty()).unwrap(),
        )
        .await;
        assert!(!body.contains("SECRET"), "{path}: {status} {body}");
        assert_ne!(status, StatusCode::INTERNAL_SERVER_ERROR, "{path}");
    }
    let (status, _, body) = send(
        &app,
        request(Method::GET, "/alias.txt")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(
        (status, body.as_str()),
        (StatusCode::OK, "INSIDE"),
        "a link inside the folder is fine"
    );
}

#[tokio::test]
async fn a_login_link_works_once_and_gives_a_session_cookie() {
    let (app, _, _dir) = test_app(None).await;
    let secret = auth::new_login_secret(TOKEN, None);
    let login = format!("/login?token={secret}");
    let (status, headers, _) = send(
        &app,
        request(Method::GET, &login).body(Body::empty()).unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(headers[header::LOCATION], "/");
    let cookie = headers[header::SET_COOKIE].to_str().unwrap().to_string();
    assert!(
        cookie.starts_with(&format!("{}=", auth::cookie_name(8080))),
        "{cookie}"
    );
    for attr in ["HttpOnly", "SameSite=Strict", "Path=/"] {
        assert!(cookie.contains(attr), "{cookie}");
    }
    assert!(
        !cookie.contains("Secure"),
        "plain http on loopback: {cookie}"
    );
    let pair = cookie.split(';').next().unwrap().to_string();
    // The cookie authenticates reads and same-origin writes.
    let (status, _, body) = send(
        &app,
        request(Method::GET, "/api/session")
            .header(header::COOKIE, &pair)
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(json(&body)["via"], "session");
    let (status, _, _) = send(
        &app,
        request(Method::POST, "/api/projects")
            .header(header::COOKIE, &pair)
            .header(header::ORIGIN, "http://localhost:8080")
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(r#"{"name":"p"}"#))
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    // ... but not a cross-site one.
    let (status, _, _) = send(
        &app,
        request(Method::POST, "/api/projects")
            .header(header::COOKIE, &pair)
            .header(header::ORIGIN, "http://evil.example")
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(r#"{"name":"p"}"#))
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // The link works once; forged and signed-with-another-token links never.
    let (status, headers, _) = send(
        &app,
        request(Method::GET, &login).body(Body::empty()).unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(headers.get(header::SET_COOKIE).is_none());
    for bad in [
        "/login".to_string(),
        "/login?token=".to_string(),
        format!(
            "/login?token={}",
            auth::new_login_secret("another-token", None)
        ),
        format!("/login?token={}0", auth::new_login_secret(TOKEN, None)),
    ] {
        let (status, headers, _) = send(
            &app,
            request(Method::GET, &bad)
                .header(header::ACCEPT, "text/html")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{bad}");
        assert!(headers.get(header::SET_COOKIE).is_none(), "{bad}");
    }
    // Logging out clears the cookie.
    let (status, headers, _) = send(
        &app,
        request(Method::POST, "/api/logout")
            .header(header::COOKIE, &pair)
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert!(headers[header::SET_COOKIE]
        .to_str()
        .unwrap()
        .contains("Max-Age=0"));
}

#[tokio::test]
async fn a_bad_store_url_is_a_clear_error_without_the_password() {
    let err = Store::open("mysql://root:hunter2@localhost/db")
        .await
        .unwrap_err()
        .to_string();
    assert!(err.contains("unsupported store URL"), "{err}");
    assert!(!err.contains("hunter2"), "{err}");
}

#[tokio::test]
async fn assets_go_out_precompressed_and_the_page_revalidates() {
    let ui = tempfile::tempdir().unwrap();
    std::fs::write(
        ui.path().join("index.html"),
        "<html><head></head><body>APP</body></html>",
    )
    .unwrap();
    let name = "app-0123456789abcdef.js";
    std::fs::write(ui.path().join(name), "console.log('plain')").unwrap();
    std::fs::write(ui.path().join(format!("{name}.br")), "BROTLI-BYTES").unwrap();
    std::fs::write(ui.path().join(format!("{name}.gz")), "GZIP-BYTES").unwrap();
    let (app, _, _dir) = test_app(Some(ui.path())).await;
    let path = format!("/{name}");
    for (accept, encoding, body) in [
        (Some("gzip, deflate, br"), Some("br"), "BROTLI-BYTES"),
        (Some("gzip"), Some("gzip"), "GZIP-BYTES"),
        (None, None, "console.log('plain')"),
    ] {
        let mut r = request(Method::GET, &path);
        if let Some(accept) = accept {
            r = r.header(header::ACCEPT_ENCODING, accept);
        }
        let (status, headers, text) = send(&app, r.body(Body::empty()).unwrap()).await;
        assert_eq!(status, StatusCode::OK, "{accept:?}");
        assert_eq!(
            headers
                .get(header::CONTENT_ENCODING)
                .map(|v| v.to_str().unwrap()),
            encoding,
            "{accept:?}"
        );
        assert_eq!(text, body);
        assert!(headers[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .contains("javascript"));
        assert_eq!(
            headers[header::CACHE_CONTROL],
            "public, max-age=31536000, immutable"
        );
    }
    // The engine worker's files are not hashed (the app names them at run time): compressed
    // like the rest, but revalidated, never cached as immutable.
    std::fs::write(ui.path().join("engine_bg.wasm"), "WASM").unwrap();
    std::fs::write(ui.path().join("engine_bg.wasm.br"), "WASM-BR").unwrap();
    std::fs::write(ui.path().join("engine_bg.wasm.gz"), "WASM-GZ").unwrap();
    let (status, headers, text) = send(
        &app,
        request(Method::GET, "/engine_bg.wasm")
            .header(header::ACCEPT_ENCODING, "gzip, br")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(text, "WASM-BR");
    assert_eq!(headers[header::CONTENT_ENCODING], "br");
    assert_eq!(headers[header::CACHE_CONTROL], "no-cache");
    let modified = headers[header::LAST_MODIFIED].to_str().unwrap().to_string();
    let (status, headers, _) = send(
        &app,
        request(Method::GET, "/engine_bg.wasm")
            .header(header::IF_MODIFIED_SINCE, &modified)
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_MODIFIED);
    assert_eq!(headers[header::CACHE_CONTROL], "no-cache");

    let (status, headers, _) =
        send(&app, request(Method::GET, "/").body(Body::empty()).unwrap()).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers[header::CACHE_CONTROL], "no-cache");
    let etag = headers[header::ETAG].to_str().unwrap().to_string();
    let (status, _, body) = send(
        &app,
        request(Method::GET, "/")
            .header(header::IF_NONE_MATCH, &etag)
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_MODIFIED);
    assert!(body.is_empty());
    let (status, _, _) = send(
        &app,
        request(Method::GET, "/")
            .header(header::IF_NONE_MATCH, "\"stale\"")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
}
