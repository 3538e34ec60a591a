//! Test helpers: an in-process server on 127.0.0.1:0 on its own runtime (so a test can
//! "crash" it by dropping the runtime), the real binary (so a test can `kill -9` it),
//! a JSON WebSocket client written from the protocol, and a tiny HTTP GET.
#![allow(dead_code)]

use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

/// How long any single wait in these tests may take before it fails.
pub const WAIT: Duration = Duration::from_secs(20);

/// The packs bundled with the repository.
pub fn packs_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("questions")
}

/// A small pack with known answers (0, 1, 2), 5 s per question; its id is `test`.
pub const TEST_PACK: &str = r#"
title = "Test pack"
time_limit = 5

[[questions]]
text = "Q0?"
choices = ["right", "b", "c", "d"]
answer = 0
explanation = "Because."

[[questions]]
text = "Q1?"
choices = ["a", "right", "c", "d"]
answer = 1

[[questions]]
text = "Q2?"
choices = ["a", "b", "right", "d"]
answer = 2
points = 2
"#;

/// The host key every test server runs with (clients send it unless they are `anon`).
pub const TEST_HOST_KEY: &str = "test-host-key-0123456789abcdef";

/// A server running in this process on a runtime of its own.
pub struct Server {
    pub addr: SocketAddr,
    runtime: Option<tokio::runtime::Runtime>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    done: Option<tokio::task::JoinHandle<anyhow::Result<()>>>,
    /// Temporary folders that live as long as the server.
    _dirs: Vec<tempfile::TempDir>,
}

impl Server {
    /// Starts a server on 127.0.0.1:0 with the bundled packs and `data` as data folder.
    pub fn start(data: &Path) -> Server {
        Self::start_with(quiznight::server::Config::new(packs_dir(), data))
    }

    /// Starts a server with this config.
    pub fn start_with(mut config: quiznight::server::Config) -> Server {
        if config.host_key.is_none() {
            config.host_key = Some(TEST_HOST_KEY.to_string());
        }
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let addr = listener.local_addr().unwrap();
        let listener = {
            let _in_runtime = runtime.enter();
            tokio::net::TcpListener::from_std(listener).unwrap()
        };
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let done = runtime.spawn(quiznight::server::run(listener, config, async move {
            let _ = stopped.await;
        }));
        Server {
            addr,
            runtime: Some(runtime),
            stop: Some(stop),
            done: Some(done),
            _dirs: Vec::new(),
        }
    }

    /// Starts a server with the test pack (`test`) and the bundled sample pack in a
    /// temporary packs folder, a temporary data folder, and the config as `adjust` says.
    pub fn with_test_pack(adjust: impl FnOnce(&mut quiznight::server::Config)) -> Server {
        let packs = tempfile::tempdir().unwrap();
        std::fs::write(packs.path().join("test.toml"), TEST_PACK).unwrap();
        std::fs::copy(
            packs_dir().join("sample.toml"),
            packs.path().join("sample.toml"),
        )
        .unwrap();
        let data = tempfile::tempdir().unwrap();
        let mut config = quiznight::server::Config::new(packs.path(), data.path());
        adjust(&mut config);
        let mut server = Self::start_with(config);
        server._dirs = vec![packs, data];
        server
    }

    /// Graceful shutdown, as on ctrl-c; returns what `run` returned.
    pub async fn stop(mut self) -> anyhow::Result<()> {
        let _ = self.stop.take().unwrap().send(());
        let result = tokio::time::timeout(WAIT, self.done.take().unwrap())
            .await
            .expect("the server stops in time")
            .expect("the server task did not panic");
        self.runtime.take().unwrap().shutdown_background();
        result
    }

    /// Like `kill -9`: every task is dropped where it stands, nothing is flushed.
    pub fn crash(mut self) {
        self.runtime.take().unwrap().shutdown_background();
    }

    /// A new WebSocket client (with the host key).
    pub async fn client(&self) -> Client {
        Client::connect(self.addr).await
    }

    /// A new WebSocket client without the host key, as a player's phone connects.
    pub async fn anon_client(&self) -> Client {
        Client::connect_anon(self.addr).await
    }

    /// One HTTP request to this server; the status and the body as JSON (Null if not JSON).
    pub async fn http(&self, method: &str, path: &str, body: &[u8]) -> (u16, Value) {
        let (status, _, body) = http(self.addr, method, path, body);
        (status, serde_json::from_str(&body).unwrap_or(Value::Null))
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(rt) = self.runtime.take() {
            rt.shutdown_background();
        }
    }
}

/// The real `quiznight` binary, so a test can kill it with SIGKILL.
pub struct Binary {
    pub addr: SocketAddr,
    child: std::process::Child,
}

impl Binary {
    /// Runs `quiznight serve` on a free port with `data` as data folder.
    pub fn start(data: &Path) -> Binary {
        Binary::start_with_packs(data, &packs_dir())
    }

    /// The same, with the packs in `packs`.
    pub fn start_with_packs(data: &Path, packs: &Path) -> Binary {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_quiznight"))
            .args(["serve", "--addr", "127.0.0.1:0", "--data"])
            .arg(data)
            .args(["--host-key", TEST_HOST_KEY])
            .arg("--packs")
            .arg(packs)
            .env("RUST_LOG", "quiznight=warn")
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("the quiznight binary starts");
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let mut addr = None;
        for line in lines.by_ref().take(50) {
            let line = line.unwrap();
            if let Some(rest) = line.split("open http://").nth(1) {
                addr = Some(rest.split('/').next().unwrap().parse().unwrap());
                break;
            }
        }
        // Keep reading so the server never blocks on a full pipe.
        std::thread::spawn(move || for _ in lines {});
        Binary {
            addr: addr.expect("the server printed its address"),
            child,
        }
    }

    /// The server's process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// `kill -9`.
    pub fn kill_9(mut self) {
        self.child.kill().unwrap(); // SIGKILL on Unix
        self.child.wait().unwrap();
    }

    /// A new WebSocket client.
    pub async fn client(&self) -> Client {
        Client::connect(self.addr).await
    }

    /// Sends SIGTERM and waits (bounded) for the process to exit; returns its status.
    pub async fn terminate(mut self) -> std::process::ExitStatus {
        let status = std::process::Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
        for _ in 0..400 {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("the server did not exit after SIGTERM");
    }
}

impl Drop for Binary {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A WebSocket client speaking JSON.
pub struct Client {
    pub ws: WebSocketStream<MaybeTlsStream<TcpStream>>,
}

impl Client {
    /// Connects to `/ws` with the host key (as a host's script does), so it may `create`.
    pub async fn connect(addr: SocketAddr) -> Client {
        let bearer = format!("Bearer {TEST_HOST_KEY}");
        Self::connect_with(addr, &[("authorization", &bearer)]).await
    }

    /// Connects to `/ws` without the host key, as a player's phone does.
    pub async fn connect_anon(addr: SocketAddr) -> Client {
        Self::connect_with(addr, &[]).await
    }

    /// Connects to `/ws` with these extra upgrade headers.
    pub async fn connect_with(addr: SocketAddr, headers: &[(&str, &str)]) -> Client {
        Self::try_connect_with(addr, headers)
            .await
            .expect("connect")
    }

    /// Like [`Client::connect_with`], but gives back a refused upgrade as an error.
    pub async fn try_connect_with(
        addr: SocketAddr,
        headers: &[(&str, &str)],
    ) -> Result<Client, tokio_tungstenite::tungstenite::Error> {
        use tokio_tungstenite::tungstenite::client::IntoClientRequest;
        use tokio_tungstenite::tungstenite::http::HeaderName;
        let mut request = format!("ws://{addr}/ws").into_client_request().unwrap();
        for (name, value) in headers {
            request.headers_mut().append(
                HeaderName::from_bytes(name.as_bytes()).unwrap(),
                value.parse().unwrap(),
            );
        }
        let (ws, _) = tokio::time::timeout(WAIT, tokio_tungstenite::connect_async(request))
            .await
            .expect("connect in time")?;
        Ok(Client { ws })
    }

    /// Connects to `/ws` through a (pretend) reverse proxy that says the client is `real_ip`.
    pub async fn connect_as(addr: SocketAddr, real_ip: &str) -> Client {
        Self::connect_with(addr, &[("x-real-ip", real_ip)]).await
    }

    /// Sends a JSON message.
    pub async fn send(&mut self, msg: Value) {
        self.send_text(&msg.to_string()).await;
    }

    /// Sends raw text (for malformed messages).
    /// Bounded like every wait here: a send that never completes fails the test instead
    /// of hanging it (one durability run hung for 20 minutes with no timer armed).
    pub async fn send_text(&mut self, text: &str) {
        tokio::time::timeout(WAIT, self.ws.send(Message::Text(text.to_string().into())))
            .await
            .expect("a send in time")
            .expect("send");
    }

    /// The next text message as JSON (pings and pongs skipped).
    pub async fn recv(&mut self) -> Value {
        loop {
            let frame = tokio::time::timeout(WAIT, self.ws.next())
                .await
                .expect("a message in time")
                .expect("the connection is open")
                .expect("a good frame");
            match frame {
                Message::Text(t) => return serde_json::from_str(&t).expect("JSON"),
                Message::Ping(_) | Message::Pong(_) => continue,
                other => panic!("unexpected frame {other:?}"),
            }
        }
    }

    /// Skips messages until one of type `ty` (at most 200 skipped).
    pub async fn expect(&mut self, ty: &str) -> Value {
        for _ in 0..200 {
            let msg = self.recv().await;
            if msg["type"] == ty {
                return msg;
            }
        }
        panic!("no {ty} message");
    }

    /// Like [`Client::expect`], but fails on any `error` on the way.
    pub async fn expect_ok(&mut self, ty: &str) -> Value {
        for _ in 0..200 {
            let msg = self.recv().await;
            assert_ne!(msg["type"], "error", "{msg}");
            if msg["type"] == ty {
                return msg;
            }
        }
        panic!("no {ty} message");
    }

    /// Skips messages until an `error`; returns its code (its message must say something).
    pub async fn expect_error(&mut self) -> String {
        let msg = self.expect("error").await;
        assert!(msg["message"].as_str().is_some_and(|m| !m.is_empty()));
        msg["code"].as_str().unwrap().to_string()
    }

    /// Creates a room on this connection; returns (code, hostToken).
    pub async fn create(&mut self, pack: &str, settings: Value) -> (String, String) {
        self.send(json!({"type": "create", "pack": pack, "settings": settings}))
            .await;
        let created = self.expect("created").await;
        (
            created["code"].as_str().unwrap().to_string(),
            created["hostToken"].as_str().unwrap().to_string(),
        )
    }

    /// Joins a room on this connection; returns (playerId, token).
    pub async fn join(&mut self, code: &str, name: &str) -> (u64, String) {
        self.send(json!({"type": "join", "code": code, "name": name}))
            .await;
        let joined = self.expect("joined").await;
        (
            joined["playerId"].as_u64().unwrap(),
            joined["token"].as_str().unwrap().to_string(),
        )
    }

    /// Reads (in the background) until a `lobby` lists `players` players; gives the client back.
    pub fn read_until_players(mut self, players: usize) -> tokio::task::JoinHandle<Client> {
        tokio::spawn(async move {
            for _ in 0..players * 4 + 100 {
                let msg = self.recv().await;
                if msg["type"] != "lobby" {
                    continue;
                }
                // A player's list holds only the newest 50 in a big room; `count` is all.
                let listed = msg["players"].as_array().unwrap().len() as u64;
                if msg["count"].as_u64().unwrap_or(listed) >= players as u64 {
                    return self;
                }
            }
            panic!("never saw {players} players");
        })
    }

    /// Reads until the server closes; returns the close code (None when the TCP
    /// connection ended without a close frame). Reads at most `max` messages.
    pub async fn closed_with(&mut self, max: usize) -> Option<u16> {
        for _ in 0..max {
            match tokio::time::timeout(WAIT, self.ws.next())
                .await
                .expect("the server closes in time")
            {
                Some(Ok(Message::Close(frame))) => return frame.map(|f| f.code.into()),
                Some(Ok(_)) => continue,
                Some(Err(_)) | None => return None,
            }
        }
        panic!("the server did not close the connection");
    }
}

/// Creates a room as host; returns the client, the code and the host token.
pub async fn create_room(addr: SocketAddr, settings: Value) -> (Client, String, String) {
    let mut host = Client::connect(addr).await;
    host.send(json!({"type": "create", "pack": "sample", "settings": settings}))
        .await;
    let created = host.expect("created").await;
    host.expect("lobby").await;
    (
        host,
        created["code"].as_str().unwrap().to_string(),
        created["hostToken"].as_str().unwrap().to_string(),
    )
}

/// Joins a room as a player; returns the client and its token.
pub async fn join(addr: SocketAddr, code: &str, name: &str) -> (Client, String) {
    let mut c = Client::connect(addr).await;
    c.send(json!({"type": "join", "code": code, "name": name}))
        .await;
    let joined = c.expect("joined").await;
    (c, joined["token"].as_str().unwrap().to_string())
}

/// A plain HTTP GET; returns the status, the head and the body.
pub fn http_get(addr: SocketAddr, path: &str) -> (u16, String, String) {
    http(addr, "GET", path, b"")
}

/// One HTTP/1.1 request with a body and the host key; returns the status, the head
/// and the body.
pub fn http(addr: SocketAddr, method: &str, path: &str, body: &[u8]) -> (u16, String, String) {
    let bearer = format!("Bearer {TEST_HOST_KEY}");
    http_with(addr, method, path, &[("Authorization", &bearer)], body)
}

/// One HTTP/1.1 request with exactly these extra headers (no host key unless given).
pub fn http_with(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> (u16, String, String) {
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(WAIT)).unwrap();
    let extra: String = headers
        .iter()
        .map(|(k, v)| format!("{k}: {v}\r\n"))
        .collect();
    write!(
        s,
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\n{extra}Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )
    .unwrap();
    s.write_all(body).unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let raw = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = raw.split_once("\r\n\r\n").unwrap();
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    (status, head.to_string(), body.to_string())
}
