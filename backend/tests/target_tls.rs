//! Target connections over TLS: libpq-style `sslmode` / `sslrootcert` URL parameters against a
//! throwaway PostgreSQL 15 cluster serving a certificate from a test CA (its `pg_hba.conf` refuses
//! anything without TLS), and `sslmode=require` against the machine's standing server.
//!
//! PostgreSQL 15 binaries are required: the test fails (never skips) when they are missing.

use std::fs;
use std::net::{IpAddr, Ipv4Addr, SocketAddr, TcpListener, ToSocketAddrs};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use joinery_backend::apply::connect::{connect, ConnectError, ConnectErrorKind};
use joinery_backend::store::redact_url;
use rcgen::{
    BasicConstraints, CertificateParams, CertifiedIssuer, DnType, ExtendedKeyUsagePurpose, IsCa,
    KeyPair, KeyUsagePurpose,
};
use sqlx::Connection;
use tempfile::TempDir;

/// Where Debian puts the PostgreSQL 15 server binaries.
const PG_BIN: &str = "/usr/lib/postgresql/15/bin";

/// The names the server certificate is valid for.
const SERVER_SANS: [&str; 2] = ["localhost", "127.0.0.1"];

/// PEM files written for one test run.
struct Certs {
    /// The CA that signed the server certificate.
    ca: PathBuf,
    /// An unrelated CA that signed nothing the server presents.
    wrong_ca: PathBuf,
    server_cert: PathBuf,
    server_key: PathBuf,
}

fn ca_params(common_name: &str) -> CertificateParams {
    let mut params = CertificateParams::default();
    params.distinguished_name = rcgen::DistinguishedName::new();
    params
        .distinguished_name
        .push(DnType::CommonName, common_name);
    params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    params.key_usages = vec![
        KeyUsagePurpose::KeyCertSign,
        KeyUsagePurpose::CrlSign,
        KeyUsagePurpose::DigitalSignature,
    ];
    params
}

/// Generates the test CA, a server certificate it signs (SANs `localhost`, `127.0.0.1`) and an
/// unrelated "wrong" CA, and writes them as PEM into `dir`.
fn write_certs(dir: &Path) -> Certs {
    let ca = CertifiedIssuer::self_signed(
        ca_params("Joinery test CA"),
        KeyPair::generate().expect("CA key"),
    )
    .expect("self-signed CA");
    let wrong_ca = CertifiedIssuer::self_signed(
        ca_params("Joinery unrelated CA"),
        KeyPair::generate().expect("wrong CA key"),
    )
    .expect("self-signed wrong CA");

    let server_key = KeyPair::generate().expect("server key");
    let mut server_params =
        CertificateParams::new(SERVER_SANS.map(String::from).to_vec()).expect("server params");
    server_params.distinguished_name = rcgen::DistinguishedName::new();
    server_params
        .distinguished_name
        .push(DnType::CommonName, "localhost");
    server_params.is_ca = IsCa::ExplicitNoCa;
    server_params.key_usages = vec![
        KeyUsagePurpose::DigitalSignature,
        KeyUsagePurpose::KeyEncipherment,
    ];
    server_params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    let server_cert = server_params
        .signed_by(&server_key, &*ca)
        .expect("server certificate signed by the CA");

    let certs = Certs {
        ca: dir.join("ca.pem"),
        wrong_ca: dir.join("wrong-ca.pem"),
        server_cert: dir.join("server.crt"),
        server_key: dir.join("server.key"),
    };
    fs::write(&certs.ca, ca.pem()).unwrap();
    fs::write(&certs.wrong_ca, wrong_ca.pem()).unwrap();
    fs::write(&certs.server_cert, server_cert.pem()).unwrap();
    fs::write(&certs.server_key, server_key.serialize_pem()).unwrap();
    fs::set_permissions(&certs.server_key, fs::Permissions::from_mode(0o600)).unwrap();
    certs
}

/// Whether this process runs as root (initdb refuses root, so the cluster then runs as
/// `postgres` through `runuser`).
fn running_as_root() -> bool {
    let out = Command::new("id")
        .arg("-u")
        .output()
        .expect("cannot run `id -u`");
    String::from_utf8_lossy(&out.stdout).trim() == "0"
}

/// A command for a PostgreSQL binary, run as `postgres` when we are root.
fn pg_command(as_postgres: bool, binary: &str) -> Command {
    let program = format!("{PG_BIN}/{binary}");
    if as_postgres {
        let mut cmd = Command::new("runuser");
        cmd.args(["-u", "postgres", "--", &program]);
        cmd
    } else {
        Command::new(program)
    }
}

fn describe(output: &Output) -> String {
    format!(
        "{}\n--- stdout ---\n{}\n--- stderr ---\n{}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("cannot find a free TCP port")
}

/// A running PostgreSQL 15 cluster with TLS on; stopped (immediate mode) on drop, before its
/// temporary directory goes away.
struct Cluster {
    port: u16,
    data: PathBuf,
    log: PathBuf,
    as_postgres: bool,
    certs: Certs,
    started: bool,
    // Declared last so it is removed after `Drop::drop` has stopped the server.
    _dir: TempDir,
}

impl Cluster {
    fn start() -> Cluster {
        for binary in ["initdb", "pg_ctl", "postgres"] {
            let path = Path::new(PG_BIN).join(binary);
            assert!(
                path.is_file(),
                "PostgreSQL 15 is required for the TLS tests but {} is missing \
                 (install postgresql-15)",
                path.display()
            );
        }
        let as_postgres = running_as_root();

        let dir = tempfile::tempdir().expect("temp dir");
        // The postgres user must be able to traverse into it.
        fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o755)).unwrap();
        let certs_dir = dir.path().join("certs");
        fs::create_dir(&certs_dir).unwrap();
        fs::set_permissions(&certs_dir, fs::Permissions::from_mode(0o755)).unwrap();
        let certs = write_certs(&certs_dir);
        if as_postgres {
            let out = Command::new("chown")
                .args(["-R", "postgres:postgres"])
                .arg(dir.path())
                .output()
                .expect("cannot run chown");
            assert!(out.status.success(), "chown failed: {}", describe(&out));
        }

        let data = dir.path().join("data");
        let log = dir.path().join("postgres.log");
        let port = free_port();
        let mut cluster = Cluster {
            port,
            data,
            log,
            as_postgres,
            certs,
            started: false,
            _dir: dir,
        };

        let out = pg_command(as_postgres, "initdb")
            .args(["-A", "trust", "-U", "postgres", "-E", "UTF8", "-D"])
            .arg(&cluster.data)
            .output()
            .expect("cannot run initdb");
        assert!(out.status.success(), "initdb failed: {}", describe(&out));

        let conf = format!(
            "\n# joinery target_tls test\n\
             listen_addresses = '127.0.0.1'\n\
             port = {port}\n\
             unix_socket_directories = '{socket_dir}'\n\
             ssl = on\n\
             ssl_cert_file = '{cert}'\n\
             ssl_key_file = '{key}'\n\
             fsync = off\n",
            socket_dir = cluster._dir.path().display(),
            cert = cluster.certs.server_cert.display(),
            key = cluster.certs.server_key.display(),
        );
        let conf_path = cluster.data.join("postgresql.conf");
        let mut text = fs::read_to_string(&conf_path).expect("postgresql.conf");
        text.push_str(&conf);
        fs::write(&conf_path, text).unwrap();
        // Only TLS connections from 127.0.0.1 get in; plain TCP is refused outright.
        fs::write(
            cluster.data.join("pg_hba.conf"),
            "local   all all              trust\n\
             hostssl all all 127.0.0.1/32 trust\n\
             host    all all 127.0.0.1/32 reject\n",
        )
        .unwrap();

        let out = pg_command(as_postgres, "pg_ctl")
            .arg("-D")
            .arg(&cluster.data)
            .arg("-l")
            .arg(&cluster.log)
            .args(["-w", "-t", "60", "start"])
            .output()
            .expect("cannot run pg_ctl start");
        // Stop on drop even if `pg_ctl` claims failure: the server may be half up.
        cluster.started = true;
        assert!(
            out.status.success(),
            "pg_ctl start failed: {}\n--- server log ---\n{}",
            describe(&out),
            fs::read_to_string(&cluster.log).unwrap_or_default()
        );
        cluster
    }

    fn url(&self, host: &str, query: &str) -> String {
        format!("postgres://postgres@{host}:{}/postgres?{query}", self.port)
    }

    fn server_log(&self) -> String {
        fs::read_to_string(&self.log).unwrap_or_default()
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        if !self.started {
            return;
        }
        match pg_command(self.as_postgres, "pg_ctl")
            .arg("-D")
            .arg(&self.data)
            .args(["-m", "immediate", "-w", "stop"])
            .output()
        {
            Ok(out) if out.status.success() => {}
            Ok(out) => eprintln!("pg_ctl stop failed: {}", describe(&out)),
            Err(e) => eprintln!("cannot run pg_ctl stop: {e}"),
        }
    }
}

/// Connects and reports whether the session is encrypted, failing with the connection error.
async fn connects_with_tls(url: &str) -> bool {
    let mut conn = connect(url)
        .await
        .unwrap_or_else(|e| panic!("expected a connection, got: {e} (kind {:?})", e.kind));
    let ssl: bool = sqlx::query_scalar("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")
        .fetch_one(&mut conn)
        .await
        .expect("query pg_stat_ssl");
    conn.close().await.expect("close");
    ssl
}

/// Connects expecting failure, returning the error.
async fn refused(url: &str, why: &str) -> ConnectError {
    match connect(url).await {
        Ok(conn) => {
            let _ = conn.close().await;
            panic!(
                "expected {} to be refused ({why}), but it connected",
                redact_url(url)
            )
        }
        Err(e) => {
            println!("{why}:\n  -> kind {:?}: {e}", e.kind);
            e
        }
    }
}

fn mentions_any(text: &str, words: &[&str]) -> bool {
    let lower = text.to_lowercase();
    words.iter().any(|w| lower.contains(&w.to_lowercase()))
}

/// A host name other than the certificate's SANs that resolves (through /etc/hosts, no DNS)
/// only to 127.0.0.1, if the machine has one.
fn loopback_alias_not_in_sans(port: u16) -> Option<String> {
    let hosts = fs::read_to_string("/etc/hosts").ok()?;
    let loopback = IpAddr::V4(Ipv4Addr::LOCALHOST);
    hosts
        .lines()
        .map(|line| line.split('#').next().unwrap_or(""))
        .filter_map(|line| {
            let mut fields = line.split_whitespace();
            let ip = fields.next()?.parse::<IpAddr>().ok()?;
            (ip == loopback).then(|| fields.map(str::to_string).collect::<Vec<_>>())
        })
        .flatten()
        .filter(|name| {
            !SERVER_SANS.contains(&name.as_str())
                && !name.starts_with("localhost")
                && name.chars().any(|c| c.is_ascii_alphabetic())
        })
        .find(|name| {
            let addrs: Vec<SocketAddr> = match (name.as_str(), port).to_socket_addrs() {
                Ok(addrs) => addrs.collect(),
                Err(_) => return false,
            };
            !addrs.is_empty() && addrs.iter().all(|a| a.ip() == loopback)
        })
}

#[tokio::test]
async fn sslmode_and_sslrootcert_are_honoured_against_a_tls_only_server() {
    let cluster = Cluster::start();
    let ca = cluster.certs.ca.display().to_string();
    let wrong_ca = cluster.certs.wrong_ca.display().to_string();

    // verify-full with the right root, by IP and by name: both are SANs.
    for host in ["127.0.0.1", "localhost"] {
        let url = cluster.url(host, &format!("sslmode=verify-full&sslrootcert={ca}"));
        assert!(
            connects_with_tls(&url).await,
            "{url}: pg_stat_ssl says the session is not encrypted"
        );
    }

    // verify-full with an unrelated root: the chain does not verify.
    let url = cluster.url(
        "127.0.0.1",
        &format!("sslmode=verify-full&sslrootcert={wrong_ca}"),
    );
    let err = refused(&url, "verify-full with the wrong root certificate").await;
    assert_eq!(err.kind, ConnectErrorKind::Tls, "{err}");
    assert!(
        err.message
            .contains("not signed by the root certificate in sslrootcert"),
        "the wrong-root error does not say what is wrong: {err}"
    );
    assert!(
        !err.message.contains("pg_hba"),
        "the wrong-root error came from the server, not the TLS check: {err}"
    );

    // verify-full without sslrootcert: the test CA is not a public root.
    let url = cluster.url("127.0.0.1", "sslmode=verify-full");
    let err = refused(&url, "verify-full without sslrootcert").await;
    assert!(
        mentions_any(&err.message, &["certificate", "tls"]),
        "the no-root error does not say it is a certificate/TLS problem: {err}"
    );

    // verify-ca with the right root works; with the wrong root it does not.
    let url = cluster.url("127.0.0.1", &format!("sslmode=verify-ca&sslrootcert={ca}"));
    assert!(
        connects_with_tls(&url).await,
        "{url}: pg_stat_ssl says the session is not encrypted"
    );
    let url = cluster.url(
        "127.0.0.1",
        &format!("sslmode=verify-ca&sslrootcert={wrong_ca}"),
    );
    let err = refused(&url, "verify-ca with the wrong root certificate").await;
    assert!(
        mentions_any(&err.message, &["certificate", "tls"]),
        "the verify-ca wrong-root error does not say it is a certificate/TLS problem: {err}"
    );

    // A missing sslrootcert file is an error, not a silent fallback.
    let missing = cluster._dir.path().join("no-such-ca.pem");
    let url = cluster.url(
        "127.0.0.1",
        &format!("sslmode=verify-full&sslrootcert={}", missing.display()),
    );
    let err = refused(&url, "verify-full with a missing sslrootcert file").await;
    assert_eq!(err.kind, ConnectErrorKind::Tls, "{err}");
    assert!(
        err.message.contains("cannot read the sslrootcert file"),
        "the missing-file error does not name the parameter: {err}"
    );

    // A host name outside the SANs fails verify-full (only if one resolves to 127.0.0.1 locally).
    match loopback_alias_not_in_sans(cluster.port) {
        Some(alias) => {
            let url = cluster.url(&alias, &format!("sslmode=verify-full&sslrootcert={ca}"));
            let err = refused(&url, "verify-full with a host name not in the SANs").await;
            assert!(
                mentions_any(&err.message, &["not valid for name", "certificate"]),
                "the name-mismatch error does not say the certificate is for other names: {err}"
            );
            // libpq's verify-ca skips the host name check. sqlx 0.8.6 with rustls >= 0.23.24
            // still enforces it (launchbadge/sqlx#3793); note, don't fail, and make sure the
            // only complaint is the name (the chain itself verified).
            let url = cluster.url(&alias, &format!("sslmode=verify-ca&sslrootcert={ca}"));
            match connect(&url).await {
                Ok(conn) => {
                    let _ = conn.close().await;
                    println!("verify-ca with host {alias} (not in SANs) connects, as in libpq");
                }
                Err(e) => {
                    println!(
                        "KNOWN ISSUE: verify-ca with host {alias} (not in SANs) is refused, \
                         unlike libpq (sqlx#3793):\n  -> kind {:?}: {e}",
                        e.kind
                    );
                    assert!(
                        mentions_any(&e.message, &["not valid for name"]),
                        "verify-ca with the right root failed for a reason other than the \
                         host name: {e}"
                    );
                }
            }
        }
        None => println!(
            "skipped: no host name other than the SANs resolves only to 127.0.0.1 via /etc/hosts"
        ),
    }

    // sslmode=require encrypts without checking the certificate.
    let url = cluster.url("127.0.0.1", "sslmode=require");
    assert!(
        connects_with_tls(&url).await,
        "{url}: pg_stat_ssl says the session is not encrypted"
    );
    // The default (prefer) also negotiates TLS.
    let url = format!("postgres://postgres@127.0.0.1:{}/postgres", cluster.port);
    assert!(
        connects_with_tls(&url).await,
        "{url}: pg_stat_ssl says the session is not encrypted"
    );

    // sslmode=disable: the server's pg_hba.conf refuses unencrypted connections.
    let url = cluster.url("127.0.0.1", "sslmode=disable");
    let err = refused(&url, "sslmode=disable against a TLS-only server").await;
    assert!(
        err.message.contains("pg_hba.conf") && err.message.contains("no encryption"),
        "the refusal does not say pg_hba.conf rejects unencrypted connections: {err}\n\
         --- server log ---\n{}",
        cluster.server_log()
    );
}

#[tokio::test]
async fn sslmode_require_works_against_the_standing_server() {
    let admin = joinery_backend::testing::admin_url();
    let separator = if admin.contains('?') { '&' } else { '?' };
    let url = format!("{admin}{separator}sslmode=require");
    assert!(
        connects_with_tls(&url).await,
        "{}: pg_stat_ssl says the session is not encrypted",
        redact_url(&url)
    );
}
