//! Test helpers: a real server on 127.0.0.1:0 and a typed WebSocket client.
#![allow(dead_code)]

use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Value};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;
use tokio::net::TcpStream;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

/// How long a test waits for any one message before failing.
pub const WAIT: Duration = Duration::from_secs(10);

/// A small pack with known answers (0, 1, 2, 3, ...), 5 s per question.
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

/// A server running in this process, stopped when dropped.
pub struct TestServer {
    pub addr: SocketAddr,
    pub data_dir: PathBuf,
    pub packs_dir: PathBuf,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<anyhow::Result<()>>>,
    _dirs: Vec<tempfile::TempDir>,
}

impl TestServer {
    /// Starts a server with the test pack (id `test`) and the bundled sample pack.
    pub async fn start() -> Self {
        Self::start_with(|_| {}).await
    }

    /// Starts a server, letting the caller adjust the config first.
    pub async fn start_with(adjust: impl FnOnce(&mut quiznight::server::Config)) -> Self {
        let packs = tempfile::tempdir().unwrap();
        std::fs::write(packs.path().join("test.toml"), TEST_PACK).unwrap();
        let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("questions/sample.toml");
        std::fs::copy(sample, packs.path().join("sample.toml")).unwrap();
        let data = tempfile::tempdir().unwrap();
        let mut config = quiznight::server::Config::new(packs.path(), data.path());
        adjust(&mut config);
        let (packs_dir, data_dir) = (config.packs_dir.clone(), config.data_dir.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(quiznight::server::run(listener, config, async move {
            let _ = stopped.await;
        }));
        Self {
            addr,
            data_dir,
            packs_dir,
            stop: Some(stop),
            task: Some(task),
            _dirs: vec![packs, data],
        }
    }

    /// A new client connected to `/ws`.
    pub async fn client(&self) -> Client {
        Client::connect(self.addr).await
    }

    /// `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Stops the server gracefully and waits for it.
    pub async fn stop(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            let _ = tokio::time::timeout(WAIT, task).await;
        }
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// A WebSocket client speaking the protocol as JSON values.
pub struct Client {
    ws: WebSocketStream<MaybeTlsStream<TcpStream>>,
}

impl Client {
    /// Connects to `ws://addr/ws`.
    pub async fn connect(addr: SocketAddr) -> Self {
        let (ws, _) = tokio_tungstenite::connect_async(format!("ws://{addr}/ws"))
            .await
            .expect("connect");
        Self { ws }
    }

    /// Sends a JSON message.
    pub async fn send(&mut self, msg: Value) {
        self.ws
            .send(Message::Text(msg.to_string().into()))
            .await
            .expect("send");
    }

    /// Sends raw text.
    pub async fn send_text(&mut self, text: &str) {
        self.ws
            .send(Message::Text(text.to_string().into()))
            .await
            .expect("send");
    }

    /// The next message from the server (fails after [`WAIT`]).
    pub async fn recv(&mut self) -> Value {
        loop {
            let frame = tokio::time::timeout(WAIT, self.ws.next())
                .await
                .expect("timed out waiting for a message")
                .expect("connection closed")
                .expect("websocket error");
            match frame {
                Message::Text(t) => return serde_json::from_str(&t).expect("server sent JSON"),
                Message::Close(c) => panic!("server closed the connection: {c:?}"),
                _ => continue,
            }
        }
    }

    /// Reads until a message of type `kind` arrives, skipping others.
    pub async fn expect(&mut self, kind: &str) -> Value {
        for _ in 0..1000 {
            let msg = self.recv().await;
            if msg["type"] == kind {
                return msg;
            }
        }
        panic!("no {kind} message among the next 1000");
    }

    /// Reads until an error arrives and returns its code.
    pub async fn expect_error(&mut self) -> String {
        let msg = self.expect("error").await;
        assert!(msg["message"].as_str().is_some_and(|m| !m.is_empty()));
        msg["code"].as_str().unwrap().to_string()
    }

    /// Waits for the connection to close; returns the close code if any.
    pub async fn expect_close(&mut self) -> Option<u16> {
        loop {
            match tokio::time::timeout(WAIT, self.ws.next())
                .await
                .expect("timed out waiting for close")
            {
                Some(Ok(Message::Close(frame))) => return frame.map(|f| u16::from(f.code)),
                Some(Ok(_)) => continue,
                Some(Err(_)) | None => return None,
            }
        }
    }

    /// Creates a room; returns (code, hostToken).
    pub async fn create(&mut self, pack: &str, settings: Value) -> (String, String) {
        self.send(json!({"type": "create", "pack": pack, "settings": settings}))
            .await;
        let created = self.expect("created").await;
        (
            created["code"].as_str().unwrap().to_string(),
            created["hostToken"].as_str().unwrap().to_string(),
        )
    }

    /// Joins a room; returns (playerId, token).
    pub async fn join(&mut self, code: &str, name: &str) -> (u64, String) {
        self.send(json!({"type": "join", "code": code, "name": name}))
            .await;
        let joined = self.expect("joined").await;
        (
            joined["playerId"].as_u64().unwrap(),
            joined["token"].as_str().unwrap().to_string(),
        )
    }
}
