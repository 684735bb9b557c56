//! The real `joinery serve` binary on a free port, and a raw HTTP/1.1 client that can send any
//! header (a foreign `Host`, an `Origin`, a cookie) the way an attacker's page or a proxy would.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// A running server.
pub struct Server {
    pub child: Child,
    /// `http://127.0.0.1:PORT`
    pub base: String,
    /// `127.0.0.1:PORT`
    pub addr: String,
    pub port: u16,
    pub token: String,
    pub data_dir: PathBuf,
    /// The login link printed at start.
    pub login_link: String,
    /// Everything printed on stdout so far.
    pub stdout: Arc<Mutex<String>>,
}

/// What a request got back.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    /// Header lines, lower-cased names.
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {} {}", self.status, self.body))
    }
}

/// The `joinery` command.
pub fn joinery() -> Command {
    Command::new(env!("CARGO_BIN_EXE_joinery"))
}

impl Server {
    /// Starts `joinery serve --port 0 --data-dir DIR` plus `extra` and waits until it listens.
    pub fn start(data_dir: &Path, extra: &[&str]) -> Server {
        let mut child = joinery()
            .args(["serve", "--port", "0", "--data-dir"])
            .arg(data_dir)
            .arg("--ui-dir")
            .arg(data_dir.join("no-ui"))
            .args(extra)
            .env("JOINERY_LOG", "warn")
            .env_remove("JOINERY_SECRET_KEY")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start joinery serve");
        let stdout = child.stdout.take().unwrap();
        let mut lines = BufReader::new(stdout).lines();
        let printed = Arc::new(Mutex::new(String::new()));
        let mut base = None;
        let mut login_link = None;
        while base.is_none() || login_link.is_none() {
            let Some(Ok(line)) = lines.next() else {
                let mut err = String::new();
                let _ = child.stderr.take().unwrap().read_to_string(&mut err);
                panic!(
                    "joinery serve exited before listening:\n{}\n{err}",
                    printed.lock().unwrap()
                );
            };
            printed.lock().unwrap().push_str(&format!("{line}\n"));
            if let Some(rest) = line.split("listening on ").nth(1) {
                base = Some(rest.trim().to_string());
            }
            if let Some(at) = line.find("http://") {
                if line.contains("/login?token=") {
                    login_link = Some(line[at..].trim().to_string());
                }
            }
        }
        let sink = printed.clone();
        std::thread::spawn(move || {
            for line in lines.map_while(Result::ok) {
                sink.lock().unwrap().push_str(&format!("{line}\n"));
            }
        });
        let base = base.unwrap();
        let addr = base.trim_start_matches("http://").to_string();
        let port = addr.rsplit(':').next().unwrap().parse().unwrap();
        let token = std::fs::read_to_string(data_dir.join("token"))
            .unwrap()
            .trim()
            .to_string();
        Server {
            child,
            base,
            addr,
            port,
            token,
            data_dir: data_dir.to_path_buf(),
            login_link: login_link.unwrap(),
            stdout: printed,
        }
    }

    /// The `Host` this server answers to.
    pub fn host(&self) -> String {
        self.addr.clone()
    }

    /// A raw request: `headers` are sent as given (add `Host` yourself, or use [`Server::get`]).
    pub fn raw(&self, method: &str, path: &str, headers: &[(&str, &str)], body: &str) -> Reply {
        let mut stream = TcpStream::connect(&self.addr).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(60)))
            .unwrap();
        let mut head = format!("{method} {path} HTTP/1.1\r\n");
        for (name, value) in headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str(&format!(
            "Content-Length: {}\r\nConnection: close\r\n\r\n",
            body.len()
        ));
        stream.write_all(head.as_bytes()).unwrap();
        stream.write_all(body.as_bytes()).unwrap();
        let mut raw = Vec::new();
        let _ = stream.read_to_end(&mut raw);
        parse_reply(&raw)
    }

    /// A request from this server's own origin with the token.
    pub fn call(&self, method: &str, path: &str, body: Option<serde_json::Value>) -> Reply {
        let host = self.host();
        let auth = format!("Bearer {}", self.token);
        let body = body.map(|b| b.to_string()).unwrap_or_default();
        self.raw(
            method,
            path,
            &[
                ("Host", &host),
                ("Authorization", &auth),
                ("Content-Type", "application/json"),
            ],
            &body,
        )
    }

    /// Creates a project (`template` "empty" or "demo") and returns its id.
    pub fn create_project(&self, name: &str, template: &str) -> String {
        let reply = self.call(
            "POST",
            "/api/projects",
            Some(serde_json::json!({"name": name, "template": template})),
        );
        assert_eq!(reply.status, 201, "{reply:?}");
        reply.json()["id"].as_str().unwrap().to_string()
    }

    /// Follows the login link the way a browser does; returns the `name=value` session cookie.
    pub fn sign_in(&self, link: &str) -> Reply {
        let path = &link[link.find("/login").unwrap()..];
        let host = self.host();
        self.raw(
            "GET",
            path,
            &[("Host", &host), ("Sec-Fetch-Site", "none")],
            "",
        )
    }

    pub fn stop(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn parse_reply(raw: &[u8]) -> Reply {
    let text = String::from_utf8_lossy(raw).into_owned();
    let Some((head, rest)) = text.split_once("\r\n\r\n") else {
        return Reply {
            status: 0,
            headers: Vec::new(),
            body: text,
        };
    };
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let chunked = headers
        .iter()
        .any(|(n, v)| n == "transfer-encoding" && v.contains("chunked"));
    let body = if chunked {
        dechunk(rest)
    } else {
        rest.to_string()
    };
    Reply {
        status,
        headers,
        body,
    }
}

fn dechunk(mut rest: &str) -> String {
    let mut out = String::new();
    while let Some((size, after)) = rest.split_once("\r\n") {
        let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if n == 0 || after.len() < n {
            break;
        }
        out.push_str(&after[..n]);
        rest = after[n..].trim_start_matches("\r\n");
    }
    out
}

/// The `name=value` part of a `Set-Cookie` header.
pub fn cookie_pair(reply: &Reply) -> String {
    reply
        .header("set-cookie")
        .unwrap_or_else(|| panic!("no cookie: {reply:?}"))
        .split(';')
        .next()
        .unwrap()
        .to_string()
}
