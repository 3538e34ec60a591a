//! One task per WebSocket connection: read frames, parse them, forward them to the
//! room; flush what the room could not write straight to the socket (see
//! [`super::outbox`]). Client mistakes become `error` messages; only oversized frames
//! (1009) and floods (1008) close the connection.

use super::limits::Window;
use super::outbox::Outbox;
use super::room::{Conn, HostAction, RoomCmd, RoomHandle};
use super::AppState;
use crate::protocol::{parse_client, ClientMsg, ErrorCode, PlayerId, Role, ServerMsg};
use axum::extract::ws::{close_code, CloseFrame, Message, WebSocket};
use std::net::IpAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::oneshot;
use tokio::time::Instant;
use tokio_util::sync::CancellationToken;

/// Largest frame a client may send.
pub const MAX_MESSAGE_BYTES: usize = 16 * 1024;
/// More messages than this within [`FLOOD_WINDOW`] closes the connection.
pub const FLOOD_LIMIT: usize = 100;
/// The window the flood limit counts over.
pub const FLOOD_WINDOW: Duration = Duration::from_secs(2);
/// Wrong room codes allowed per connection within [`WRONG_CODE_WINDOW`].
pub const WRONG_CODE_LIMIT: usize = 20;
/// The window wrong room codes are counted over.
pub const WRONG_CODE_WINDOW: Duration = Duration::from_secs(60);
/// A frame the client has not taken within this long ends the connection.
pub const WRITE_TIMEOUT: Duration = Duration::from_secs(10);

static NEXT_CONN_ID: AtomicU64 = AtomicU64::new(1);

/// Where this connection belongs once it created, joined or resumed.
struct Attached {
    room: RoomHandle,
    conn_id: u64,
    role: Role,
    player: Option<PlayerId>,
}

/// Runs one WebSocket connection until it closes or the server shuts down.
pub async fn run(
    mut socket: WebSocket,
    outbox: Outbox,
    state: AppState,
    peer: IpAddr,
    base_url: String,
    host_key: bool,
) {
    let shutdown = state.shutdown.clone();
    let mut session = Session {
        state,
        peer,
        base_url,
        host_key,
        outbox: outbox.clone(),
        attached: None,
        lease: None,
        flood: Window::new(FLOOD_LIMIT, FLOOD_WINDOW),
        wrong_codes: Window::new(WRONG_CODE_LIMIT, WRONG_CODE_WINDOW),
    };
    // One waiter for the whole connection: a new `cancelled()` per loop would register and
    // unregister with the token shared by every connection (under its lock) per message.
    let stopping = shutdown.cancelled();
    tokio::pin!(stopping);
    let limits = &session.state.config.limits;
    // A socket that never joins, creates or resumes is closed at this deadline; every
    // socket is pinged, and one that sends nothing at all (not even a pong) is closed.
    let join_deadline = Instant::now() + Duration::from_secs(limits.join_deadline_secs);
    let idle_timeout = Duration::from_secs(limits.idle_timeout_secs);
    let ping_every = Duration::from_secs(limits.ping_secs.max(1));
    let mut pings = tokio::time::interval_at(Instant::now() + ping_every, ping_every);
    let mut last_heard = Instant::now();
    loop {
        let deadline = if session.attached.is_none() {
            join_deadline.min(last_heard + idle_timeout)
        } else {
            last_heard + idle_timeout
        };
        tokio::select! {
            _ = tokio::time::sleep_until(deadline) => {
                let why = if session.attached.is_none() && Instant::now() >= join_deadline {
                    "no join within the deadline"
                } else {
                    "no answer to pings"
                };
                close(&mut socket, close_code::POLICY, why).await;
                break;
            }
            _ = pings.tick() => {
                if !send(&mut socket, Message::Ping(Default::default())).await { break; }
            }
            frame = socket.recv() => {
                last_heard = Instant::now();
                let frame = match frame {
                    Some(Ok(frame)) => frame,
                    Some(Err(e)) => {
                        // tungstenite refuses some frames before we see them; say why.
                        if let Some((code, reason)) = close_for(e) {
                            close(&mut socket, code, reason).await;
                        }
                        break;
                    }
                    None => break,
                };
                if session.flood.hit(Instant::now()) {
                    close_and_drain(&mut socket, close_code::POLICY, "too many messages").await;
                    break;
                }
                let text = match frame {
                    Message::Text(text) => text,
                    Message::Binary(_) => {
                        let msg = ServerMsg::error(ErrorCode::BadMessage, "binary frames are not understood; send JSON text");
                        if !send(&mut socket, Message::Text(msg.to_json().into())).await { break; }
                        continue;
                    }
                    Message::Close(_) => break,
                    Message::Ping(_) | Message::Pong(_) => continue,
                };
                if text.len() > MAX_MESSAGE_BYTES {
                    close_and_drain(&mut socket, close_code::SIZE, "message too big").await;
                    break;
                }
                if let Some(reply) = session.handle_text(&text).await {
                    if !send(&mut socket, Message::Text(reply.to_json().into())).await { break; }
                }
            }
            // The room wrote more than the socket took at once: push the rest out.
            _ = outbox.pending() => {
                if !matches!(tokio::time::timeout(WRITE_TIMEOUT, outbox.flush()).await, Ok(Ok(()))) {
                    break;
                }
            }
            // The room let go of us: kicked, replaced by another tab, too slow, or closed.
            _ = lease_ended(&session.lease) => {
                session.lease = None;
                session.attached = None;
                // On shutdown the room may let go before we see the signal: still say why.
                if shutdown.is_cancelled() {
                    close(&mut socket, close_code::AWAY, "the server is shutting down").await;
                } else {
                    close(&mut socket, close_code::NORMAL, "").await;
                }
                break;
            }
            _ = &mut stopping => {
                close(&mut socket, close_code::AWAY, "the server is shutting down").await;
                break;
            }
        }
    }
    outbox.close();
    if let Some(a) = session.attached.take() {
        a.room
            .send(RoomCmd::Disconnect {
                conn_id: a.conn_id,
                player: a.player,
            })
            .await;
    }
}

/// Resolves when the room lets go of this connection (never while it holds none).
async fn lease_ended(lease: &Option<CancellationToken>) {
    match lease {
        Some(lease) => lease.cancelled().await,
        None => std::future::pending().await,
    }
}

async fn close(socket: &mut WebSocket, code: u16, reason: &'static str) {
    let frame = CloseFrame {
        code,
        reason: reason.into(),
    };
    send(socket, Message::Close(Some(frame))).await;
}

/// How long a closing connection still reads what the client sends, waiting for its Close.
const CLOSE_LINGER: Duration = Duration::from_secs(1);

/// Closes a client that is still sending (a flood): the closing handshake reads what it
/// sends until its own Close (bounded in time), because dropping a socket with unread
/// bytes resets it, and the reset can destroy our Close frame before the client reads it.
async fn close_and_drain(socket: &mut WebSocket, code: u16, reason: &'static str) {
    close(socket, code, reason).await;
    let deadline = tokio::time::Instant::now() + CLOSE_LINGER;
    while let Ok(Some(Ok(frame))) = tokio::time::timeout_at(deadline, socket.recv()).await {
        if matches!(frame, Message::Close(_)) {
            break;
        }
    }
}

/// Sends one frame; false when the socket is gone or has not taken it within
/// [`WRITE_TIMEOUT`] (a client that stopped reading must not hold this task forever).
async fn send(socket: &mut WebSocket, msg: Message) -> bool {
    matches!(
        tokio::time::timeout(WRITE_TIMEOUT, socket.send(msg)).await,
        Ok(Ok(()))
    )
}

/// The close code for a frame the WebSocket layer refused, if the client should hear one.
fn close_for(e: axum::Error) -> Option<(u16, &'static str)> {
    use tokio_tungstenite::tungstenite::Error;
    match *e.into_inner().downcast::<Error>().ok()? {
        Error::Capacity(_) => Some((close_code::SIZE, "message too big")),
        Error::Utf8(_) => Some((close_code::INVALID, "text frames must be UTF-8")),
        Error::Protocol(_) => Some((close_code::PROTOCOL, "WebSocket protocol error")),
        _ => None,
    }
}

struct Session {
    state: AppState,
    peer: IpAddr,
    base_url: String,
    /// The upgrade carried the host key: this connection may create rooms.
    host_key: bool,
    /// This connection's write side, handed to the room it attaches to.
    outbox: Outbox,
    attached: Option<Attached>,
    /// Ends when the room lets go of this connection.
    lease: Option<CancellationToken>,
    flood: Window,
    wrong_codes: Window,
}

impl Session {
    /// Handles one text frame; returns a message to send straight back, if any.
    async fn handle_text(&mut self, text: &str) -> Option<ServerMsg> {
        let msg = match parse_client(text) {
            Ok(msg) => msg,
            Err(why) => return Some(ServerMsg::error(ErrorCode::BadMessage, why)),
        };
        match msg {
            ClientMsg::Create { pack, settings } => {
                if self.attached.is_some() {
                    return Some(already_in_room());
                }
                if !self.host_key {
                    return Some(ServerMsg::error(
                        ErrorCode::Unauthorized,
                        "creating a room needs the host key: open the host link the server printed, or send `Authorization: Bearer KEY` on the WebSocket upgrade",
                    ));
                }
                if !self.state.ip_limits.create_room(self.peer) {
                    return Some(ServerMsg::error(
                        ErrorCode::RateLimited,
                        "too many rooms created from this address; wait and try again",
                    ));
                }
                let settings = settings.unwrap_or_default();
                let (conn, lease) = new_conn(&self.outbox);
                match super::create_room(&self.state, &pack, &settings, &self.base_url) {
                    Ok((handle, created)) => {
                        // Written before attaching, so `created` comes before `lobby`.
                        conn.out.send(&created.to_json().into());
                        self.attach(handle, conn, lease, Role::Host, None, false)
                            .await;
                        None
                    }
                    Err((code, why)) => Some(ServerMsg::error(code, why)),
                }
            }
            ClientMsg::Join { code, name } => {
                if self.attached.is_some() {
                    return Some(already_in_room());
                }
                let now = Instant::now();
                if self.wrong_codes.is_full(now) || self.state.ip_limits.is_limited(self.peer) {
                    return Some(ServerMsg::error(
                        ErrorCode::RateLimited,
                        "too many wrong room codes; wait a minute and try again",
                    ));
                }
                let Some(room) = self.state.registry.room(&code) else {
                    self.wrong_codes.hit(now);
                    self.state.ip_limits.wrong_code(self.peer);
                    return Some(ServerMsg::error(
                        ErrorCode::RoomNotFound,
                        format!("there is no room {code}; check the code on the big screen"),
                    ));
                };
                if !self.state.ip_limits.join(self.peer, &code) {
                    return Some(ServerMsg::error(
                        ErrorCode::RateLimited,
                        "too many joins from this address at once; try again in a second",
                    ));
                }
                let (conn, lease) = new_conn(&self.outbox);
                let conn_id = conn.id;
                let (reply, answer) = oneshot::channel();
                if !room.send(RoomCmd::Join { name, conn, reply }).await {
                    return Some(room_gone());
                }
                self.attach_player(room, conn_id, lease, answer).await
            }
            ClientMsg::Resume { token } => {
                if self.attached.is_some() {
                    return Some(already_in_room());
                }
                let Some(owner) = self.state.registry.token_owner(&token) else {
                    return Some(ServerMsg::error(
                        ErrorCode::UnknownToken,
                        "that token is not known here (the game may be over); join again",
                    ));
                };
                let Some(room) = self.state.registry.room(&owner.code) else {
                    return Some(ServerMsg::error(
                        ErrorCode::UnknownToken,
                        "that room has closed; join again",
                    ));
                };
                let (conn, lease) = new_conn(&self.outbox);
                match owner.player {
                    None => {
                        let resumed = ServerMsg::Resumed {
                            role: Role::Host,
                            code: owner.code.clone(),
                            player_id: None,
                            name: None,
                            score: None,
                            language: None,
                        };
                        conn.out.send(&resumed.to_json().into());
                        self.attach(room, conn, lease, Role::Host, None, true).await;
                        None
                    }
                    Some(player) => {
                        let conn_id = conn.id;
                        let (reply, answer) = oneshot::channel();
                        let cmd = RoomCmd::ResumePlayer {
                            player,
                            conn,
                            reply,
                        };
                        if !room.send(cmd).await {
                            return Some(room_gone());
                        }
                        self.attach_player(room, conn_id, lease, answer).await
                    }
                }
            }
            ClientMsg::Present { code } => {
                if self.attached.is_some() {
                    return Some(already_in_room());
                }
                // The host's controls: only for holders of the host key, never players.
                if !self.host_key {
                    return Some(ServerMsg::error(
                        ErrorCode::Unauthorized,
                        "the presenter view needs the host key: open the host link the server printed on this device first",
                    ));
                }
                let now = Instant::now();
                if self.wrong_codes.is_full(now) {
                    return Some(ServerMsg::error(
                        ErrorCode::RateLimited,
                        "too many wrong room codes; wait a minute and try again",
                    ));
                }
                let Some(room) = self.state.registry.room(&code) else {
                    self.wrong_codes.hit(now);
                    return Some(ServerMsg::error(
                        ErrorCode::RoomNotFound,
                        format!("there is no room {code}; open the presenter link from the host screen again"),
                    ));
                };
                let (conn, lease) = new_conn(&self.outbox);
                let resumed = ServerMsg::Resumed {
                    role: Role::Presenter,
                    code: code.clone(),
                    player_id: None,
                    name: None,
                    score: None,
                    language: None,
                };
                conn.out.send(&resumed.to_json().into());
                self.attach(room, conn, lease, Role::Presenter, None, true)
                    .await;
                None
            }
            ClientMsg::Answer { question, choice } => {
                let Some(a) = self.attached.as_ref().filter(|a| a.role == Role::Player) else {
                    return Some(ServerMsg::error(
                        ErrorCode::NotPlayer,
                        "only players can answer; join a room first",
                    ));
                };
                let cmd = RoomCmd::Answer {
                    player: a.player.expect("players have ids"),
                    conn_id: a.conn_id,
                    question,
                    choice,
                };
                (!a.room.send(cmd).await).then(room_gone)
            }
            ClientMsg::Start => self.host_action(HostAction::Start).await,
            ClientMsg::Next => self.host_action(HostAction::Next).await,
            ClientMsg::End => self.host_action(HostAction::End).await,
            ClientMsg::Pause => self.host_action(HostAction::Pause).await,
            ClientMsg::Unpause => self.host_action(HostAction::Unpause).await,
            ClientMsg::AddTime { seconds } => self.host_action(HostAction::AddTime(seconds)).await,
            ClientMsg::Lock => self.host_action(HostAction::Lock(true)).await,
            ClientMsg::Unlock => self.host_action(HostAction::Lock(false)).await,
            ClientMsg::Kick { player_id } => self.host_action(HostAction::Kick(player_id)).await,
        }
    }

    async fn host_action(&mut self, action: HostAction) -> Option<ServerMsg> {
        let Some(a) = self
            .attached
            .as_ref()
            .filter(|a| matches!(a.role, Role::Host | Role::Presenter))
        else {
            return Some(ServerMsg::error(
                ErrorCode::NotHost,
                "only the host can do that",
            ));
        };
        let cmd = RoomCmd::Host {
            conn_id: a.conn_id,
            action,
        };
        (!a.room.send(cmd).await).then(room_gone)
    }

    /// Waits for the room's answer to a join or resume; on success this connection
    /// becomes that player's, otherwise the refusal goes back to the client.
    async fn attach_player(
        &mut self,
        room: RoomHandle,
        conn_id: u64,
        lease: CancellationToken,
        answer: oneshot::Receiver<Result<PlayerId, ServerMsg>>,
    ) -> Option<ServerMsg> {
        match answer.await {
            Ok(Ok(player)) => {
                self.lease = Some(lease);
                self.attached = Some(Attached {
                    room,
                    conn_id,
                    role: Role::Player,
                    player: Some(player),
                });
                None
            }
            Ok(Err(e)) => Some(e),
            Err(_) => Some(room_gone()),
        }
    }

    async fn attach(
        &mut self,
        room: RoomHandle,
        conn: Conn,
        lease: CancellationToken,
        role: Role,
        player: Option<PlayerId>,
        resumed: bool,
    ) {
        let conn_id = conn.id;
        let (reply, done) = oneshot::channel();
        if room
            .send(RoomCmd::AttachHost {
                conn,
                resumed,
                presenter: role == Role::Presenter,
                reply,
            })
            .await
        {
            let _ = done.await;
        }
        self.lease = Some(lease);
        self.attached = Some(Attached {
            room,
            conn_id,
            role,
            player,
        });
    }
}

/// A connection for a room to hold, and the lease that ends when the room lets go of it.
fn new_conn(out: &Outbox) -> (Conn, CancellationToken) {
    let lease = CancellationToken::new();
    let conn = Conn {
        id: NEXT_CONN_ID.fetch_add(1, Ordering::Relaxed),
        out: out.clone(),
        lease: Arc::new(lease.clone().drop_guard()),
    };
    (conn, lease)
}

fn already_in_room() -> ServerMsg {
    ServerMsg::error(
        ErrorCode::WrongPhase,
        "this connection is already in a room; open a new connection to join another",
    )
}

fn room_gone() -> ServerMsg {
    ServerMsg::error(ErrorCode::RoomNotFound, "that room has closed")
}
