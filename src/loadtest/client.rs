//! The host tasks of a load test, and the messages hosts and players read (protocol
//! version 1). The players themselves are in [`super::players`].
//!
//! Messages are read with a cheap look at the `type` first (the server writes it
//! first) and only the fields we need are parsed, so the tool spends little of the
//! machine it shares with the server.

use super::Ctx;
use futures_util::{SinkExt, StreamExt};
use serde::de::IgnoredAny;
use serde::Deserialize;
use std::future::Future;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::net::{TcpSocket, TcpStream};
use tokio::sync::{mpsc, watch, Notify};
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::WebSocketStream;

type Ws = WebSocketStream<TcpStream>;

/// A room's code as its players see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CodeState {
    Pending,
    Code(String),
    Failed,
}

/// What the host and players of one room share while they play.
pub struct RoomSync {
    /// Players of this room.
    pub size: usize,
    code: watch::Sender<CodeState>,
    pub joined: AtomicUsize,
    /// Players that have seen a lobby listing the whole room.
    pub ready: AtomicUsize,
    /// Players that failed or disconnected.
    pub gone: AtomicUsize,
    /// Per question: players that received its `reveal`.
    pub reveals: Vec<AtomicUsize>,
    /// Per question: players that received the leaderboard after it.
    pub boards: Vec<AtomicUsize>,
    /// Wakes the host when a counter moved.
    pub notify: Notify,
}

impl RoomSync {
    /// A room of `size` players playing `questions` questions.
    pub fn new(size: usize, questions: usize) -> Self {
        Self {
            size,
            code: watch::channel(CodeState::Pending).0,
            joined: AtomicUsize::new(0),
            ready: AtomicUsize::new(0),
            gone: AtomicUsize::new(0),
            reveals: (0..questions).map(|_| AtomicUsize::new(0)).collect(),
            boards: (0..questions).map(|_| AtomicUsize::new(0)).collect(),
            notify: Notify::new(),
        }
    }

    /// Counts one more on `counter` and wakes the host.
    pub fn bump(&self, counter: &AtomicUsize) {
        Self::count(counter);
        self.notify.notify_waiters();
    }

    /// Counts one more on `counter`; the caller wakes the host (once for many counts).
    pub fn count(counter: &AtomicUsize) {
        counter.fetch_add(1, Ordering::AcqRel);
    }

    /// The room's code, once its host has it.
    pub fn code_state(&self) -> CodeState {
        self.code.borrow().clone()
    }

    fn all(&self, counter: &AtomicUsize) -> bool {
        counter.load(Ordering::Acquire) + self.gone.load(Ordering::Acquire) >= self.size
    }
}

/// Waits until `cond` holds, re-checking whenever `notify` fires (no lost wake-ups).
pub async fn wait_until(notify: &Notify, cond: impl Fn() -> bool) {
    loop {
        let notified = notify.notified();
        let mut notified = std::pin::pin!(notified);
        notified.as_mut().enable();
        if cond() {
            return;
        }
        notified.await;
    }
}

/// What one host measured.
#[derive(Debug, Default)]
pub struct HostOut {
    /// When `start` (question 0) or the `next` opening question i was sent.
    pub sent_at: Vec<Option<Instant>>,
    /// From that send until the host saw every answer (a full `progress`, or the `reveal`).
    pub all_answered: Vec<Option<Duration>>,
    /// Things that went wrong, by kind.
    pub problems: Vec<String>,
}

/// What one player measured.
#[derive(Debug, Default)]
pub struct PlayerOut {
    pub room: usize,
    /// From starting to connect until `joined`.
    pub join: Option<Duration>,
    /// When each question arrived.
    pub got_question: Vec<Option<Instant>>,
    /// From sending each answer until its `answered`.
    pub ack: Vec<Option<Duration>>,
    /// For each `question` and `answered`: from its arrival until the tool read it.
    pub read_lag: Vec<Duration>,
    pub problems: Vec<String>,
    /// The connection ended before the run did.
    pub disconnected: bool,
    /// Payload bytes received.
    pub bytes: u64,
}

impl PlayerOut {
    pub fn new(room: usize, questions: usize) -> Self {
        Self {
            room,
            got_question: vec![None; questions],
            ack: vec![None; questions],
            ..Self::default()
        }
    }
}

/// Why a task stopped early.
enum Halt {
    /// The run is over (done or timed out): not a problem of this task.
    Stopped,
    /// Something went wrong; the kind is counted in the summary.
    Problem(String),
}

/// Awaits `fut` unless the run stops first.
async fn or_stop<T>(ctx: &Ctx, fut: impl Future<Output = T>) -> Result<T, Halt> {
    tokio::select! {
        // What already happened wins over the stop, so it is counted.
        biased;
        v = fut => Ok(v),
        _ = ctx.stop.cancelled() => Err(Halt::Stopped),
    }
}

/// Opens a WebSocket to the server from source address number `n` (with the host key:
/// only hosts connect through here; players run in [`super::players`]).
async fn connect(ctx: &Ctx, n: usize) -> Result<Ws, Halt> {
    let problem = |kind: &str| {
        let kind = kind.to_string();
        move |e: std::io::Error| Halt::Problem(format!("{kind}:{:?}", e.kind()))
    };
    let socket = if ctx.server.is_ipv4() {
        let s = TcpSocket::new_v4().map_err(problem("socket"))?;
        if ctx.source_ips > 1 {
            s.bind((ctx.source_ip(n), 0).into())
                .map_err(problem("bind"))?;
        }
        s
    } else {
        TcpSocket::new_v6().map_err(problem("socket"))?
    };
    let stream = or_stop(ctx, socket.connect(ctx.server))
        .await?
        .map_err(problem("connect"))?;
    let _ = stream.set_nodelay(true);
    let mut request = ctx
        .ws_url
        .as_str()
        .into_client_request()
        .map_err(|e| Halt::Problem(format!("url:{}", short(&e.to_string()))))?;
    if let Some(key) = &ctx.host_key {
        let value = format!("Bearer {key}")
            .parse()
            .map_err(|_| Halt::Problem("host-key:not a header value".into()))?;
        request.headers_mut().insert("authorization", value);
    }
    let handshake = tokio_tungstenite::client_async_with_config(request, stream, Some(ws_config()));
    let (ws, _) = or_stop(ctx, handshake)
        .await?
        .map_err(|e| Halt::Problem(format!("handshake:{}", short(&e.to_string()))))?;
    Ok(ws)
}

/// The WebSocket settings of every host and player connection.
pub fn ws_config() -> WebSocketConfig {
    // tungstenite zero-fills its read buffer (128 KiB by default) before every read: that
    // would cost the tool 1.3 GB at 10,000 players and a large memset per message. Our
    // messages are small, and the buffer grows for a larger frame.
    WebSocketConfig::default().read_buffer_size(1024)
}

fn short(s: &str) -> String {
    s.chars().take(60).collect()
}

async fn send_json(ws: &mut Ws, value: serde_json::Value) -> Result<(), Halt> {
    ws.send(Message::text(value.to_string()))
        .await
        .map_err(|_| Halt::Problem("send_failed".into()))
}

/// The `type` of a server message: a cheap look at the prefix our server writes,
/// else a parse that skips everything else.
pub fn msg_type(text: &str) -> Option<&str> {
    if let Some(rest) = text.strip_prefix("{\"type\":\"") {
        if let Some(end) = rest.find('"') {
            return Some(&rest[..end]);
        }
    }
    #[derive(Deserialize)]
    struct Head<'a> {
        #[serde(rename = "type")]
        ty: &'a str,
    }
    serde_json::from_str::<Head>(text).ok().map(|h| h.ty)
}

#[derive(Deserialize)]
struct CreatedMsg {
    code: String,
}

#[derive(Deserialize)]
pub struct LobbyMsg {
    pub players: Vec<IgnoredAny>,
    /// A server may list only some players and give the total here.
    #[serde(default)]
    pub count: Option<usize>,
}

#[derive(Deserialize)]
pub struct QuestionMsg {
    pub index: usize,
    pub choices: Vec<IgnoredAny>,
}

#[derive(Deserialize)]
pub struct AnsweredMsg {
    pub question: usize,
}

#[derive(Deserialize)]
struct ProgressMsg {
    question: usize,
    answered: usize,
    players: usize,
}

#[derive(Deserialize)]
pub struct RevealMsg {
    pub index: usize,
}

#[derive(Deserialize)]
pub struct LeaderboardMsg {
    /// How many questions have been played.
    pub question: usize,
}

#[derive(Deserialize)]
pub struct ErrorMsg {
    pub code: String,
}

/// What the host's reader passes to the host's driver.
enum HostEvent {
    Created(String),
    /// A `progress` showing every player answered this question.
    AllAnswered(usize),
    Reveal(usize),
    Leaderboard,
    Problem(String),
    Closed,
}

/// One room's host: creates the room, waits for its lobby, then drives the questions.
pub async fn host(ctx: Arc<Ctx>, room: Arc<RoomSync>, index: usize) -> HostOut {
    let mut out = HostOut {
        sent_at: vec![None; ctx.questions],
        all_answered: vec![None; ctx.questions],
        problems: Vec::new(),
    };
    let mut settled = false;
    let mut ws = None;
    if let Err(Halt::Problem(p)) =
        drive_host(&ctx, &room, index, &mut out, &mut settled, &mut ws).await
    {
        out.problems.push(format!("host_{p}"));
    }
    room.code.send_if_modified(|c| {
        let pending = *c == CodeState::Pending;
        if pending {
            *c = CodeState::Failed;
        }
        pending
    });
    if !settled {
        ctx.rooms_settled.fetch_add(1, Ordering::AcqRel);
        ctx.settled_notify.notify_waiters();
    }
    ctx.rooms_done.fetch_add(1, Ordering::AcqRel);
    ctx.settled_notify.notify_waiters();
    // Stay connected until the whole run ends, so other rooms play undisturbed.
    if ws.is_some() {
        ctx.stop.cancelled().await;
    }
    out
}

async fn drive_host(
    ctx: &Ctx,
    room: &RoomSync,
    index: usize,
    out: &mut HostOut,
    settled: &mut bool,
    keep: &mut Option<HostConn>,
) -> Result<(), Halt> {
    let permit = or_stop(ctx, ctx.connect_gate.acquire()).await?;
    // Hosts use the connection numbers after the players'.
    let mut ws = connect(ctx, usize::MAX - index).await?;
    let create = serde_json::json!({
        "type": "create",
        "pack": ctx.pack,
        "settings": {"questionCount": ctx.questions, "timeLimitSecs": 60},
    });
    send_json(&mut ws, create).await?;
    drop(permit);
    let (sink, mut stream) = ws.split();
    let (tx, mut events) = mpsc::unbounded_channel();
    // The reader runs until the socket closes; it keeps the server's queue to us drained.
    let reader = tokio::spawn(async move {
        while let Some(frame) = stream.next().await {
            let Ok(Message::Text(text)) = frame else {
                if matches!(frame, Ok(Message::Close(_)) | Err(_)) {
                    break;
                }
                continue;
            };
            let event = match msg_type(&text) {
                Some("created") => match serde_json::from_str::<CreatedMsg>(&text) {
                    Ok(m) => HostEvent::Created(m.code),
                    Err(_) => HostEvent::Problem("unparsable_message".into()),
                },
                Some("progress") => match serde_json::from_str::<ProgressMsg>(&text) {
                    Ok(m) if m.players > 0 && m.answered >= m.players => {
                        HostEvent::AllAnswered(m.question)
                    }
                    _ => continue,
                },
                Some("reveal") => match serde_json::from_str::<RevealMsg>(&text) {
                    Ok(m) => HostEvent::Reveal(m.index),
                    Err(_) => HostEvent::Problem("unparsable_message".into()),
                },
                Some("leaderboard") => HostEvent::Leaderboard,
                Some("error") => match serde_json::from_str::<ErrorMsg>(&text) {
                    Ok(m) => HostEvent::Problem(format!("server_error:{}", m.code)),
                    Err(_) => HostEvent::Problem("unparsable_message".into()),
                },
                _ => continue,
            };
            if tx.send(event).is_err() {
                break;
            }
        }
        let _ = tx.send(HostEvent::Closed);
    });
    let conn = keep.insert(HostConn {
        _reader: AbortOnDrop(reader),
        sink,
    });
    let sink = &mut conn.sink;

    // Wait for the room's code and hand it to the players.
    loop {
        match or_stop(ctx, events.recv()).await? {
            Some(HostEvent::Created(code)) => {
                room.code.send_replace(CodeState::Code(code));
                break;
            }
            Some(HostEvent::Problem(p)) => return Err(Halt::Problem(p)),
            Some(HostEvent::Closed) | None => return Err(Halt::Problem("disconnect".into())),
            Some(_) => {}
        }
    }

    // Wait until every player has joined and seen the whole lobby.
    let full = || room.all(&room.ready);
    let joined_or_gone = || room.gone.load(Ordering::Acquire) > 0 && room.all(&room.joined);
    or_stop(ctx, wait_until(&room.notify, || full() || joined_or_gone())).await?;
    if !full() {
        // Some players failed: give the others' lobbies a moment, then go on.
        let _ = or_stop(
            ctx,
            tokio::time::timeout(Duration::from_secs(2), wait_until(&room.notify, full)),
        )
        .await?;
    }
    *settled = true;
    ctx.rooms_settled.fetch_add(1, Ordering::AcqRel);
    ctx.settled_notify.notify_waiters();
    or_stop(ctx, ctx.go.cancelled()).await?;
    let offset = ctx.stagger.mul_f64(index as f64 / ctx.rooms.max(1) as f64);
    or_stop(ctx, tokio::time::sleep(offset)).await?;

    for q in 0..ctx.questions {
        let msg = if q == 0 { "start" } else { "next" };
        out.sent_at[q] = Some(Instant::now());
        sink.send(Message::text(format!("{{\"type\":\"{msg}\"}}")))
            .await
            .map_err(|_| Halt::Problem("send_failed".into()))?;
        let sent = out.sent_at[q].expect("just set");
        // Every answer is in when a full `progress` or the `reveal` arrives.
        loop {
            match or_stop(ctx, events.recv()).await? {
                Some(HostEvent::AllAnswered(i)) if i == q => {
                    out.all_answered[q].get_or_insert(sent.elapsed());
                }
                Some(HostEvent::Reveal(i)) if i == q => {
                    out.all_answered[q].get_or_insert(sent.elapsed());
                    break;
                }
                Some(HostEvent::Problem(p)) => out.problems.push(format!("host_{p}")),
                Some(HostEvent::Closed) | None => return Err(Halt::Problem("disconnect".into())),
                Some(_) => {}
            }
        }
        or_stop(ctx, wait_until(&room.notify, || room.all(&room.reveals[q]))).await?;
        or_stop(ctx, tokio::time::sleep(ctx.pause)).await?;
        if q + 1 == ctx.questions {
            break;
        }
        sink.send(Message::text("{\"type\":\"next\"}"))
            .await
            .map_err(|_| Halt::Problem("send_failed".into()))?;
        loop {
            match or_stop(ctx, events.recv()).await? {
                Some(HostEvent::Leaderboard) => break,
                Some(HostEvent::Problem(p)) => out.problems.push(format!("host_{p}")),
                Some(HostEvent::Closed) | None => return Err(Halt::Problem("disconnect".into())),
                Some(_) => {}
            }
        }
        or_stop(ctx, wait_until(&room.notify, || room.all(&room.boards[q]))).await?;
        or_stop(ctx, tokio::time::sleep(ctx.pause)).await?;
    }
    Ok(())
}

/// A host's connection, kept open until the run ends.
struct HostConn {
    _reader: AbortOnDrop,
    sink: futures_util::stream::SplitSink<Ws, Message>,
}

/// Aborts a task when dropped.
struct AbortOnDrop(tokio::task::JoinHandle<()>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_types_are_read_with_or_without_the_fast_path() {
        assert_eq!(
            msg_type(r#"{"type":"question","index":0}"#),
            Some("question")
        );
        assert_eq!(msg_type(r#"{"index":0, "type": "reveal"}"#), Some("reveal"));
        assert_eq!(msg_type("not json"), None);
        let lobby: LobbyMsg = serde_json::from_str(
            r#"{"type":"lobby","code":"000001","players":[{"id":0,"name":"a"},{"id":1,"name":"b"}],"started":false}"#,
        )
        .unwrap();
        assert_eq!((lobby.players.len(), lobby.count), (2, None));
    }
}
