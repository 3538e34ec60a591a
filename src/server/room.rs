//! One task per room: it owns the room's [`Game`] and its connections' queues.
//!
//! The task `select!`s over commands from sessions and the game's next deadline.
//! Every broadcast is serialized once and the same bytes go to every connection;
//! a connection whose bounded queue is full is dropped, it never stalls the room.
//!
//! Write-ahead: an answer's ack, a join's token and a new phase reach nobody before the
//! room's snapshot holding them is committed. From such a change on, every send is held
//! (in order) in the room's [`Gate`]; the room hands the store a snapshot without
//! waiting and goes on; when the store says it is committed, the frames it covers go
//! out. One commit is in flight at a time, so whatever arrives meanwhile shares the
//! next commit (group commit).
//!
//! A commit is small when it can be: answers and joins go as journal rows
//! ([`crate::store::journal`]); a phase change, a pause or extra time, a kick, or a long
//! enough journal commits a full snapshot (O(players)), which truncates the journal.

use super::clock::Clock;
use super::outbox::{Frame, Outbox};
use super::registry::{new_token, Registry, TokenOwner};
use crate::game::{Event, Game, GameError, Phase};
use crate::protocol::{
    with_you, ErrorCode, PackSummary, PlayerId, Role, RoomCode, RoomSettings, ServerMsg, Token,
};
use crate::store::journal::{rows_before_snapshot, JournalEntry};
use crate::store::{RoomSnapshot, SnapshotRef, Store};
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{mpsc, oneshot};
use tokio::time::Instant;
use tokio_util::sync::CancellationToken;

/// Commands waiting for a room.
const ROOM_QUEUE: usize = 4096;
/// At most this often the host hears how many have answered.
const PROGRESS_EVERY: Duration = Duration::from_millis(100);
/// A player's `lobby` lists at most this many players (the newest); the host's lists all.
/// Without a cap, N joins would send N lobbies of N names to N players: O(N^3) bytes.
pub const LOBBY_LIST_MAX: usize = 50;
/// A player's `finished` lists at most this many (the best) plus their own entry in `you`;
/// the host's lists everyone. Without a cap, N players x N entries: 6 GB at 10,000.
pub const FINISHED_LIST_MAX: usize = 50;
/// In a room of more than [`LOBBY_LIST_MAX`], lobby changes are sent at most this often
/// (the first change after a quiet spell at once; smaller rooms get every change at once)...
const LOBBY_EVERY: Duration = Duration::from_millis(250);
/// ...and, in a big room, no oftener than this much per player, so lobby traffic stays
/// below ~20,000 messages a second whatever the room's size.
const LOBBY_EVERY_PER_PLAYER: Duration = Duration::from_micros(50);
/// A finished room stays for late resumes and the final screen this long.
pub const FINISHED_ROOM_LINGERS: Duration = Duration::from_secs(30 * 60);
/// Presenter connections a room keeps (a laptop and a phone, and spares); one more
/// replaces the oldest.
pub const MAX_PRESENTERS: usize = 4;
/// A room nobody touched for this long is closed.
pub const IDLE_ROOM_CLOSES: Duration = Duration::from_secs(6 * 60 * 60);

/// A connection as its room holds it: an id to recognise it and its [`Outbox`]. When
/// the room lets go of every clone, the connection's task is told (its lease ends).
#[derive(Debug, Clone)]
pub struct Conn {
    pub id: u64,
    pub out: Outbox,
    pub lease: Arc<tokio_util::sync::DropGuard>,
}

/// A cloneable way to talk to a room's task.
#[derive(Debug, Clone)]
pub struct RoomHandle {
    pub code: RoomCode,
    tx: mpsc::Sender<RoomCmd>,
}

/// What a session may ask of its room.
#[derive(Debug)]
pub enum RoomCmd {
    /// Attach a host connection (after create, or a host resume), or a presenter: a
    /// second host connection that holds the controls while the projector shows the show.
    AttachHost {
        conn: Conn,
        resumed: bool,
        presenter: bool,
        reply: oneshot::Sender<()>,
    },
    /// Join as a new player.
    Join {
        name: String,
        conn: Conn,
        reply: oneshot::Sender<Result<PlayerId, ServerMsg>>,
    },
    /// A player comes back with their token.
    ResumePlayer {
        player: PlayerId,
        conn: Conn,
        reply: oneshot::Sender<Result<PlayerId, ServerMsg>>,
    },
    /// A host command: start, next, kick or end.
    Host { conn_id: u64, action: HostAction },
    /// A player's answer.
    Answer {
        player: PlayerId,
        conn_id: u64,
        question: usize,
        choice: usize,
    },
    /// A connection closed.
    Disconnect {
        conn_id: u64,
        player: Option<PlayerId>,
    },
}

/// What a host can do.
#[derive(Debug, Clone, Copy)]
pub enum HostAction {
    Start,
    Next,
    Kick(PlayerId),
    End,
    Pause,
    Unpause,
    AddTime(u32),
    Lock(bool),
}

impl RoomHandle {
    /// Sends a command; false when the room has closed.
    pub async fn send(&self, cmd: RoomCmd) -> bool {
        self.tx.send(cmd).await.is_ok()
    }
}

/// Everything a new room starts from.
pub struct RoomSetup {
    pub game: Game,
    pub pack: PackSummary,
    pub host_token: Token,
    pub game_id: String,
    pub settings: RoomSettings,
}

/// What every room task needs from the server.
#[derive(Clone)]
pub struct RoomEnv {
    pub registry: Arc<Registry>,
    pub store: Store,
    pub shutdown: CancellationToken,
    pub tasks: tokio_util::task::TaskTracker,
}

/// Starts a room's task under a fresh code and returns its handle.
pub fn spawn_room(env: &RoomEnv, setup: RoomSetup, clock: Clock) -> RoomHandle {
    let (tx, rx) = mpsc::channel(ROOM_QUEUE);
    let handle = env.registry.insert_room(|code| RoomHandle { code, tx });
    let snap = RoomSnapshot {
        code: handle.code.clone(),
        game_id: setup.game_id,
        pack: setup.pack,
        settings: setup.settings,
        host_token: setup.host_token,
        player_tokens: Vec::new(),
        created_at: clock.now(),
        started_at: None,
        finished_at: None,
        game: setup.game,
    };
    start_room(env, snap, clock, rx);
    handle
}

/// Brings back a saved room under its old code, with its tokens; everyone starts
/// disconnected and resumes with their token.
pub fn restore_room(env: &RoomEnv, mut snap: RoomSnapshot, clock: Clock) -> RoomHandle {
    let (tx, rx) = mpsc::channel(ROOM_QUEUE);
    let handle = RoomHandle {
        code: snap.code.clone(),
        tx,
    };
    env.registry.restore_room(handle.clone());
    // Not one by one: "everyone connected answered" must not close the open question.
    snap.game.disconnect_everyone();
    if snap.game.phase() == Phase::Finished && snap.game.has_answers() {
        // In case the crash came between the room's last snapshot and the results.
        env.store.save_game(snap.clone());
    }
    start_room(env, snap, clock, rx);
    handle
}

fn start_room(env: &RoomEnv, snap: RoomSnapshot, clock: Clock, rx: mpsc::Receiver<RoomCmd>) {
    let code = snap.code;
    env.registry.insert_token(
        snap.host_token.clone(),
        TokenOwner {
            code: code.clone(),
            player: None,
        },
    );
    for (player, token) in &snap.player_tokens {
        env.registry.insert_token(
            token.clone(),
            TokenOwner {
                code: code.clone(),
                player: Some(*player),
            },
        );
    }
    let mut room = Room {
        code,
        game: snap.game,
        pack: snap.pack,
        game_id: snap.game_id,
        settings: snap.settings,
        host_token: snap.host_token,
        created_at: snap.created_at,
        started_at: snap.started_at,
        finished_at: snap.finished_at,
        store: env.store.clone(),
        registry: env.registry.clone(),
        clock,
        host: None,
        presenters: Vec::new(),
        players: HashMap::new(),
        player_tokens: snap.player_tokens.into_iter().collect(),
        progress_due: None,
        last_progress: None,
        lobby_due: None,
        last_lobby: None,
        last_activity: Instant::now(),
        answered_cache: None,
        failed: Vec::new(),
        storage: env.store.watch_health(),
        gate: Gate::default(),
        durable_owed: false,
        in_flight: None,
        journal: Vec::new(),
        snapshot_owed: false,
        journal_rows: 0,
        players_at_snapshot: 0,
    };
    // A new room is on disk before anyone holds its tokens; a restored one is refreshed.
    room.save_snapshot();
    env.tasks.spawn(room.run(rx, env.shutdown.clone()));
}

struct Room {
    code: RoomCode,
    game: Game,
    pack: PackSummary,
    game_id: String,
    settings: RoomSettings,
    host_token: Token,
    /// Wall-clock milliseconds, for the results.
    created_at: u64,
    started_at: Option<u64>,
    finished_at: Option<u64>,
    store: Store,
    registry: Arc<Registry>,
    clock: Clock,
    /// The projector: the host connection that created or resumed the room.
    host: Option<Conn>,
    /// Presenter connections (host key holders who asked to `present`), oldest first.
    presenters: Vec<Conn>,
    players: HashMap<PlayerId, Conn>,
    player_tokens: HashMap<PlayerId, Token>,
    /// When a coalesced `progress` is owed to the host.
    progress_due: Option<Instant>,
    last_progress: Option<Instant>,
    /// When a coalesced `lobby` is owed to everyone.
    lobby_due: Option<Instant>,
    last_lobby: Option<Instant>,
    last_activity: Instant,
    /// `answered` for the open question, serialized once.
    answered_cache: Option<(usize, Frame)>,
    /// Connections whose queue was full or closed at the last send.
    failed: Vec<Target>,
    /// Whether the store can write, so the host hears when it cannot.
    storage: tokio::sync::watch::Receiver<Option<String>>,
    /// Sends held back until the snapshot that makes them true is committed.
    gate: Gate,
    /// A change clients must not hear of before it is on disk is in no snapshot yet.
    durable_owed: bool,
    /// The commit in flight, and how many held frames wait for it.
    in_flight: Option<(oneshot::Receiver<bool>, usize)>,
    /// Answers and joins not yet handed to the store (the next commit's journal rows).
    journal: Vec<JournalEntry>,
    /// The next commit must be a full snapshot (a phase, the clock, a kick changed).
    snapshot_owed: bool,
    /// Journal rows handed to the store since the last full snapshot...
    journal_rows: usize,
    /// ...and how many players the room had then (see [`rows_before_snapshot`]).
    players_at_snapshot: usize,
}

/// Sends, or holds them in order while write-ahead holding is on.
#[derive(Default)]
struct Gate {
    holding: bool,
    /// (to whom, on which connection, what).
    held: Vec<(Target, u64, Frame)>,
}

impl Gate {
    fn deliver(&mut self, target: Target, conn: &Conn, frame: &Frame, failed: &mut Vec<Target>) {
        if self.holding {
            self.held.push((target, conn.id, frame.clone()));
        } else if !conn.out.send(frame) {
            failed.push(target);
        }
    }
}

/// Resolves when the snapshot in flight was tried (true: committed); never without one.
async fn committed(in_flight: &mut Option<(oneshot::Receiver<bool>, usize)>) -> bool {
    match in_flight {
        Some((done, _)) => done.await.unwrap_or(false),
        None => std::future::pending().await,
    }
}

/// Who a message goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    /// The projector's connection only (see [`Room::send_hosts`] for every host connection).
    Host,
    /// One presenter connection, by its id.
    Presenter(u64),
    Player(PlayerId),
}

impl Room {
    async fn run(mut self, mut rx: mpsc::Receiver<RoomCmd>, shutdown: CancellationToken) {
        tracing::info!(code = %self.code, "room opened");
        // One waiter for the room's life (not one per command; see session::run).
        let stopping = shutdown.cancelled();
        tokio::pin!(stopping);
        loop {
            let game_deadline = self.game.deadline().map(|ms| self.clock.instant_at(ms));
            let idle_limit = if self.game.phase() == Phase::Finished {
                FINISHED_ROOM_LINGERS
            } else {
                IDLE_ROOM_CLOSES
            };
            let idle_deadline = self.last_activity + idle_limit;
            let wake = [
                game_deadline,
                self.progress_due,
                self.lobby_due,
                Some(idle_deadline),
            ]
            .into_iter()
            .flatten()
            .min()
            .expect("idle deadline is always set");
            tokio::select! {
                cmd = rx.recv() => match cmd {
                    Some(cmd) => {
                        self.last_activity = Instant::now();
                        self.handle(cmd);
                        self.commit_if_owed();
                    }
                    None => break,
                },
                _ = tokio::time::sleep_until(wake) => {
                    if Instant::now() >= idle_deadline {
                        tracing::info!(code = %self.code, "room closed after being idle");
                        self.store.remove_room(&self.code);
                        break;
                    }
                    let events = self.game.tick(self.clock.now());
                    self.flush_progress(false);
                    self.flush_lobby(false);
                    self.process(events);
                    self.commit_if_owed();
                }
                Ok(()) = self.storage.changed() => {
                    self.send_storage_to_host();
                    self.process(Vec::new());
                    self.commit_if_owed();
                }
                ok = committed(&mut self.in_flight) => self.release(ok),
                _ = &mut stopping => {
                    // Keep the room on disk: it comes back when the server restarts.
                    // (Held frames are dropped: their sockets are closing anyway.) A full
                    // snapshot, so a clean stop leaves no journal to replay.
                    if self.durable_owed || self.journal_rows > 0 {
                        self.save_snapshot();
                    }
                    break;
                }
            }
        }
        self.registry.remove_room(&self.code);
    }

    /// Tells the host whether the store can write (the host screen shows a warning).
    fn send_storage_to_host(&mut self) {
        let reason = self.storage.borrow_and_update().clone();
        let msg = ServerMsg::Storage {
            ok: reason.is_none(),
            reason,
        };
        self.send_hosts(msg.to_json().into());
    }

    /// From now on every send is held until a commit with the current state is done
    /// (an ack, a token, a phase must not outrun the disk). The change is either in
    /// [`Room::journal`] already (answers, joins) or needs a full snapshot.
    fn must_be_durable(&mut self, full_snapshot: bool) {
        self.gate.holding = true;
        self.durable_owed = true;
        self.snapshot_owed |= full_snapshot;
    }

    /// Hands the store what is owed when nothing is in flight: the journal rows, or a
    /// full snapshot when a change needs one or the journal is long enough.
    fn commit_if_owed(&mut self) {
        if !self.durable_owed || self.in_flight.is_some() {
            return;
        }
        self.durable_owed = false;
        let journal_full = self.journal_rows + self.journal.len()
            >= rows_before_snapshot(self.players_at_snapshot);
        let done = if self.snapshot_owed || self.journal.is_empty() || journal_full {
            self.snapshot_taken();
            self.store
                .save_room_durable(&self.snapshot_ref(), self.clock.now())
        } else {
            self.journal_rows += self.journal.len();
            let done = self.store.save_journal(&self.code, &self.journal);
            self.journal.clear();
            done
        };
        self.in_flight = Some((done, self.gate.held.len()));
    }

    /// A full snapshot is being handed to the store: it holds every journal row.
    fn snapshot_taken(&mut self) {
        self.snapshot_owed = false;
        self.journal.clear();
        self.journal_rows = 0;
        self.players_at_snapshot = self.game.player_count();
    }

    /// The snapshot in flight was committed (or failed, and the store retries it and
    /// warns the host: the game goes on rather than freezing): send what it covers.
    fn release(&mut self, committed: bool) {
        let Some((_, covered)) = self.in_flight.take() else {
            return;
        };
        if !committed {
            tracing::warn!(code = %self.code, "sending changes the store could not commit yet");
        }
        // Frames after `covered` wait for the next commit only if a change needs it.
        let upto = if self.durable_owed {
            covered
        } else {
            self.gate.held.len()
        };
        let frames: Vec<_> = self.gate.held.drain(..upto).collect();
        if self.gate.held.is_empty() && !self.durable_owed {
            self.gate.holding = false;
        }
        for (target, conn_id, frame) in frames {
            let sent = self
                .conn(target)
                .filter(|c| c.id == conn_id)
                .map(|c| c.out.send(&frame));
            if sent == Some(false) {
                self.failed.push(target);
            }
        }
        self.process(Vec::new());
        self.commit_if_owed();
    }

    /// Hands the room's current state to the store (which writes it off this task).
    fn save_snapshot(&mut self) {
        self.snapshot_taken();
        self.store.save_room(&self.snapshot_ref(), self.clock.now());
    }

    fn snapshot_ref(&self) -> SnapshotRef<'_> {
        SnapshotRef {
            code: &self.code,
            game_id: &self.game_id,
            pack: &self.pack,
            settings: &self.settings,
            host_token: &self.host_token,
            player_tokens: self.player_tokens.iter().map(|(p, t)| (*p, t)).collect(),
            created_at: self.created_at,
            started_at: self.started_at,
            finished_at: self.finished_at,
            game: &self.game,
        }
    }

    /// A new phase: note its times and keep a finished game's results (the room's
    /// snapshot is committed before anyone sees the phase: [`Room::must_be_durable`]).
    fn phase_changed(&mut self) {
        let now = self.clock.now();
        match self.game.phase() {
            Phase::Lobby => {}
            Phase::Finished => {
                let first_time = self.finished_at.is_none();
                if first_time {
                    self.finished_at = Some(now);
                    self.started_at.get_or_insert(now);
                }
                // Saved once; a game nobody answered in (`create` then `end`, again and
                // again) would only push real games off /results and fill the disk.
                if first_time && self.game.has_answers() {
                    self.store.save_game(RoomSnapshot {
                        code: self.code.clone(),
                        game_id: self.game_id.clone(),
                        pack: self.pack.clone(),
                        settings: self.settings.clone(),
                        host_token: self.host_token.clone(),
                        // Kept only as hashes: a player reads their own result by token.
                        player_tokens: self
                            .player_tokens
                            .iter()
                            .map(|(id, t)| (*id, t.clone()))
                            .collect(),
                        created_at: self.created_at,
                        started_at: self.started_at,
                        finished_at: self.finished_at,
                        game: self.game.clone(),
                    });
                }
            }
            _ => {
                self.started_at.get_or_insert(now);
            }
        }
    }

    fn handle(&mut self, cmd: RoomCmd) {
        let now = self.clock.now();
        match cmd {
            RoomCmd::AttachHost {
                conn,
                resumed,
                presenter,
                reply,
            } => {
                let was_away = !self.host_present();
                let had_presenter = !self.presenters.is_empty();
                let target = if presenter {
                    if self.presenters.len() >= MAX_PRESENTERS {
                        // Dropping it ends its lease: that socket closes.
                        self.presenters.remove(0);
                    }
                    let target = Target::Presenter(conn.id);
                    self.presenters.push(conn);
                    target
                } else {
                    self.host = Some(conn);
                    Target::Host
                };
                if was_away {
                    self.tell_players_host(true);
                }
                if resumed || presenter {
                    self.send_current_phase_to_host(target);
                } else {
                    self.send(target, self.game.lobby_msg(&self.code).to_json().into());
                }
                if presenter && !had_presenter {
                    // The projector hides its controls; the presenter has them now.
                    self.tell_hosts_presenter();
                } else {
                    let bytes = self.presenter_bytes();
                    self.send(target, bytes);
                }
                if self.storage.borrow().is_some() {
                    let reason = self.storage.borrow().clone();
                    let msg = ServerMsg::Storage { ok: false, reason };
                    self.send(target, msg.to_json().into());
                }
                let _ = reply.send(());
                self.process(Vec::new());
            }
            RoomCmd::Join { name, conn, reply } => match self.game.join(&name) {
                Ok((player, events)) => {
                    let token = new_token();
                    self.registry.insert_token(
                        token.clone(),
                        TokenOwner {
                            code: self.code.clone(),
                            player: Some(player),
                        },
                    );
                    let display = self.game.player(player).map(|p| p.name.clone());
                    let joined = ServerMsg::Joined {
                        player_id: player,
                        token: token.clone(),
                        name: display.unwrap_or_default(),
                        language: self.pack.language.clone(),
                    };
                    // As typed: replay validates it again, as join did.
                    self.journal.push(JournalEntry::Join {
                        player,
                        name,
                        token: token.clone(),
                        at: now,
                    });
                    self.player_tokens.insert(player, token);
                    self.players.insert(player, conn);
                    self.must_be_durable(false);
                    self.send(Target::Player(player), joined.to_json().into());
                    self.tell_player_if_host_away(player);
                    let _ = reply.send(Ok(player));
                    let in_lobby = self.game.phase() == Phase::Lobby;
                    if !in_lobby {
                        self.send_current_phase_to_player(player);
                    }
                    self.process(events);
                    // The joiner sees the lobby at once, even when everyone else's waits
                    // for the next batch.
                    if in_lobby && self.lobby_due.is_some() {
                        self.send_current_phase_to_player(player);
                    }
                }
                Err(e) => {
                    let _ = reply.send(Err(e.to_msg()));
                }
            },
            RoomCmd::ResumePlayer {
                player,
                conn,
                reply,
            } => {
                let Some(p) = self.game.player(player).filter(|p| !p.kicked) else {
                    let _ = reply.send(Err(ServerMsg::error(
                        ErrorCode::UnknownToken,
                        "that player is no longer in the room",
                    )));
                    return;
                };
                let resumed = ServerMsg::Resumed {
                    role: Role::Player,
                    code: self.code.clone(),
                    player_id: Some(player),
                    name: Some(p.name.clone()),
                    score: Some(p.score),
                    language: self.pack.language.clone(),
                };
                // A second tab takes over; the old connection is closed by dropping it.
                self.players.insert(player, conn);
                self.send(Target::Player(player), resumed.to_json().into());
                self.tell_player_if_host_away(player);
                let _ = reply.send(Ok(player));
                let events = self.game.set_connected(player, true, now);
                self.send_current_phase_to_player(player);
                self.process(events);
            }
            RoomCmd::Host { conn_id, action } => {
                let from = if self.host.as_ref().map(|h| h.id) == Some(conn_id) {
                    Target::Host
                } else if self.presenters.iter().any(|c| c.id == conn_id) {
                    Target::Presenter(conn_id)
                } else {
                    return;
                };
                let result = match action {
                    HostAction::Start => self.game.start(now),
                    HostAction::Next => self.game.next(now),
                    HostAction::End => self.game.end(now),
                    HostAction::Kick(player) => self.game.kick(player),
                    HostAction::Pause => self.game.pause(now),
                    HostAction::Unpause => self.game.resume(now),
                    HostAction::AddTime(secs) => self.game.add_time(secs, now),
                    HostAction::Lock(locked) => {
                        let result = self.game.set_locked(locked);
                        // The journal has no lock rows: a full snapshot keeps the lock
                        // across a restart, committed before the lobby shows it.
                        if result.as_ref().is_ok_and(|events| !events.is_empty()) {
                            self.must_be_durable(true);
                        }
                        result
                    }
                };
                self.reply_or_process(from, result);
            }
            RoomCmd::Answer {
                player,
                conn_id,
                question,
                choice,
            } => {
                if self.players.get(&player).map(|c| c.id) != Some(conn_id) {
                    return;
                }
                let result = self.game.answer(player, question, choice, now);
                if result.is_ok() {
                    // Replayed at restore with the same time, so scored the same.
                    self.journal.push(JournalEntry::Answer {
                        player,
                        question,
                        choice,
                        at: now,
                    });
                }
                self.reply_or_process(Target::Player(player), result);
            }
            RoomCmd::Disconnect { conn_id, player } => match player {
                None => {
                    if self.host.as_ref().map(|h| h.id) == Some(conn_id) {
                        self.host = None;
                        if !self.host_present() {
                            self.tell_players_host(false);
                        }
                    } else if let Some(i) = self.presenters.iter().position(|c| c.id == conn_id) {
                        self.presenters.remove(i);
                        self.presenter_left();
                    }
                }
                Some(player) => {
                    if self.players.get(&player).map(|c| c.id) == Some(conn_id) {
                        self.players.remove(&player);
                        let events = self.game.set_connected(player, false, now);
                        self.process(events);
                    }
                }
            },
        }
    }

    /// Sends a refusal back to whoever asked, or carries out what changed.
    fn reply_or_process(&mut self, target: Target, result: Result<Vec<Event>, GameError>) {
        match result {
            Ok(events) => self.process(events),
            Err(e) => {
                self.send(target, e.to_msg().to_json().into());
                self.process(Vec::new());
            }
        }
    }

    /// Carries out a game's events: what to send, and to whom.
    fn process(&mut self, events: Vec<Event>) {
        let mut queue: std::collections::VecDeque<Event> = events.into();
        loop {
            let Some(event) = queue.pop_front() else {
                // Connections dropped for not reading count as gone, which may close a question.
                let gone = self.drop_dead_connections();
                if gone.is_empty() {
                    break;
                }
                let now = self.clock.now();
                for player in gone {
                    queue.extend(self.game.set_connected(player, false, now));
                }
                continue;
            };
            match event {
                // Joins are journaled where they happen, kicks below.
                Event::PlayersChanged => self.lobby_changed(),
                Event::PhaseChanged => {
                    self.must_be_durable(true);
                    // A pending lobby only matters while the game is in the lobby.
                    if self.game.phase() == Phase::Lobby {
                        self.flush_lobby(true);
                    } else {
                        self.lobby_due = None;
                    }
                    self.phase_changed();
                    self.broadcast_phase();
                }
                Event::Answered { player, question } => {
                    // Journaled where the answer was taken.
                    self.must_be_durable(false);
                    let bytes = self.answered_bytes(question);
                    self.send(Target::Player(player), bytes);
                    self.progress_changed();
                }
                Event::ProgressChanged => self.progress_changed(),
                Event::ClockChanged => {
                    // A pause or extra time is part of the game a restart restores.
                    self.must_be_durable(true);
                    if let Some(msg) = self.game.clock_msg(self.clock.now()) {
                        self.broadcast_to_question(msg.to_json().into());
                    }
                }
                Event::Kicked(player) => {
                    self.must_be_durable(true);
                    // Not held: the connection closes now, and whatever is held for it
                    // no longer matters.
                    if let Some(conn) = self.players.remove(&player) {
                        conn.out.send(&ServerMsg::Kicked {}.to_json().into());
                    }
                    if let Some(token) = self.player_tokens.remove(&player) {
                        self.registry.remove_token(&token);
                    }
                }
            }
        }
    }

    fn answered_bytes(&mut self, question: usize) -> Frame {
        match &self.answered_cache {
            Some((q, bytes)) if *q == question => bytes.clone(),
            _ => {
                let bytes: Frame = ServerMsg::Answered { question }.to_json().into();
                self.answered_cache = Some((question, bytes.clone()));
                bytes
            }
        }
    }

    fn progress_changed(&mut self) {
        if self.progress_due.is_none() {
            let earliest = self
                .last_progress
                .map_or_else(Instant::now, |t| t + PROGRESS_EVERY);
            self.progress_due = Some(earliest.max(Instant::now()));
        }
        self.flush_progress(false);
    }

    fn lobby_changed(&mut self) {
        if self.lobby_due.is_none() {
            let n = self.game.player_count();
            let every = if n <= LOBBY_LIST_MAX {
                Duration::ZERO
            } else {
                LOBBY_EVERY.max(LOBBY_EVERY_PER_PLAYER * n as u32)
            };
            let earliest = self.last_lobby.map_or_else(Instant::now, |t| t + every);
            self.lobby_due = Some(earliest.max(Instant::now()));
        }
        self.flush_lobby(false);
    }

    /// Sends the owed `lobby` when its time has come (or now, when `force`): all names
    /// to the host, the newest few to players.
    fn flush_lobby(&mut self, force: bool) {
        let Some(due) = self.lobby_due else {
            return;
        };
        if !force && Instant::now() < due {
            return;
        }
        self.lobby_due = None;
        self.last_lobby = Some(Instant::now());
        let full: Frame = self.game.lobby_msg(&self.code).to_json().into();
        self.send_hosts(full.clone());
        let for_players = if self.game.player_count() <= LOBBY_LIST_MAX {
            full
        } else {
            self.player_lobby().into()
        };
        for (player, conn) in &self.players {
            self.gate.deliver(
                Target::Player(*player),
                conn,
                &for_players,
                &mut self.failed,
            );
        }
    }

    /// The `lobby` text a player gets: at most [`LOBBY_LIST_MAX`] names.
    fn player_lobby(&self) -> String {
        self.game
            .lobby_msg_newest(&self.code, LOBBY_LIST_MAX)
            .to_json()
    }

    /// Sends the owed `progress` when its time has come (or now, when `force`).
    fn flush_progress(&mut self, force: bool) {
        let Some(due) = self.progress_due else {
            return;
        };
        if !force && Instant::now() < due {
            return;
        }
        self.progress_due = None;
        self.last_progress = Some(Instant::now());
        if !self.host_present() {
            return;
        }
        if let Some(msg) = self.game.progress_msg() {
            self.send_hosts(msg.to_json().into());
        }
    }

    /// Sends the new phase's message: shared bytes, plus a per-player tail where needed.
    fn broadcast_phase(&mut self) {
        let now = self.clock.now();
        match self.game.phase() {
            Phase::Lobby => {
                self.lobby_due = Some(Instant::now());
                self.flush_lobby(true);
            }
            Phase::Question { index, .. } => {
                let bytes: Frame = self
                    .game
                    .question_msg(now)
                    .expect("question phase")
                    .to_json()
                    .into();
                // Late joiners who cannot answer this one keep waiting.
                let waiting: Frame = self.player_lobby().into();
                self.send_hosts(bytes.clone());
                self.send_key_to_presenters();
                for (player, conn) in &self.players {
                    let eligible = self
                        .game
                        .player(*player)
                        .is_some_and(|p| p.first_question <= index);
                    let bytes = if eligible { &bytes } else { &waiting };
                    self.gate
                        .deliver(Target::Player(*player), conn, bytes, &mut self.failed);
                }
                self.progress_due = Some(Instant::now());
                self.flush_progress(true);
            }
            Phase::Reveal { .. } => {
                let shared = self.game.reveal_msg().expect("reveal phase").to_json();
                self.broadcast_with_you(&shared);
                self.send_advance_to_hosts();
            }
            Phase::Leaderboard { .. } => {
                let shared = self.game.leaderboard_msg().expect("leaderboard").to_json();
                self.broadcast_with_you(&shared);
                self.send_advance_to_hosts();
            }
            Phase::Finished => {
                let full = self.game.finished_msg(&self.game_id).expect("finished");
                self.send_hosts(full.to_json().into());
                let shared = self.player_finished();
                self.broadcast_players_with_you(&shared);
            }
        }
    }

    /// Tells every player that the host's screen went away or came back, so phones
    /// do not sit on an old screen without a word.
    fn tell_players_host(&mut self, connected: bool) {
        if self.game.phase() == Phase::Finished {
            return;
        }
        let bytes: Frame = ServerMsg::Host { connected }.to_json().into();
        // Through the gate, so it never overtakes a frame held for the disk.
        for (player, conn) in &self.players {
            self.gate
                .deliver(Target::Player(*player), conn, &bytes, &mut self.failed);
        }
    }

    /// A player who arrives while the host is away hears so at once.
    fn tell_player_if_host_away(&mut self, player: PlayerId) {
        if !self.host_present() && self.game.phase() != Phase::Finished {
            let bytes: Frame = ServerMsg::Host { connected: false }.to_json().into();
            self.send(Target::Player(player), bytes);
        }
    }

    /// Sends `bytes` to the host and to the players who may answer the open question.
    fn broadcast_to_question(&mut self, bytes: Frame) {
        let Phase::Question { index, .. } = self.game.phase() else {
            return;
        };
        self.send_hosts(bytes.clone());
        for (player, conn) in &self.players {
            let eligible = self
                .game
                .player(*player)
                .is_some_and(|p| p.first_question <= index);
            if eligible {
                self.gate
                    .deliver(Target::Player(*player), conn, &bytes, &mut self.failed);
            }
        }
    }

    /// The shared part of a player's `finished`: at most [`FINISHED_LIST_MAX`] players.
    fn player_finished(&self) -> String {
        self.game
            .finished_msg_top(&self.game_id, FINISHED_LIST_MAX)
            .expect("finished")
            .to_json()
    }

    /// Sends the host `shared` and every player `shared` with their own `you`.
    fn broadcast_with_you(&mut self, shared: &str) {
        self.send_hosts(shared.to_string().into());
        self.broadcast_players_with_you(shared);
    }

    /// Sends every player `shared` with their own `you` added.
    fn broadcast_players_with_you(&mut self, shared: &str) {
        let mut failed = Vec::new();
        for (player, conn) in &self.players {
            let text = self.with_player_you(shared, *player);
            self.gate.deliver(
                Target::Player(*player),
                conn,
                &Frame::text(text),
                &mut failed,
            );
        }
        self.failed.extend(failed);
    }

    /// `shared`, this phase's message for players, with this player's own `you`
    /// (reveal: their result; leaderboard and finished: their standing).
    fn with_player_you(&self, shared: &str, player: PlayerId) -> String {
        let text = match self.game.phase() {
            Phase::Reveal { .. } => self.game.reveal_you(player).map(|y| with_you(shared, &y)),
            Phase::Leaderboard { .. } => {
                self.game.standing_you(player).map(|y| with_you(shared, &y))
            }
            Phase::Finished => self.game.finished_you(player).map(|y| with_you(shared, &y)),
            Phase::Lobby | Phase::Question { .. } => None,
        };
        text.unwrap_or_else(|| shared.to_string())
    }

    fn send_current_phase_to_player(&mut self, player: PlayerId) {
        let conn = Target::Player(player);
        let now = self.clock.now();
        let text = match self.game.phase() {
            Phase::Lobby => self.player_lobby(),
            Phase::Question { index, .. } => {
                let p = self.game.player(player);
                if p.is_some_and(|p| p.first_question <= index) {
                    let answered = p.is_some_and(|p| p.answers[index].is_some());
                    let question = self.game.question_msg(now).expect("question");
                    self.send(conn, question.to_json().into());
                    if answered {
                        let bytes = self.answered_bytes(index);
                        self.send(conn, bytes);
                    }
                    return;
                }
                self.player_lobby()
            }
            Phase::Reveal { .. } => {
                let shared = self.game.reveal_msg().expect("reveal").to_json();
                self.with_player_you(&shared, player)
            }
            Phase::Leaderboard { .. } => {
                let shared = self.game.leaderboard_msg().expect("leaderboard").to_json();
                self.with_player_you(&shared, player)
            }
            Phase::Finished => self.with_player_you(&self.player_finished(), player),
        };
        self.send(conn, text.into());
    }

    /// Everything a host connection (projector or presenter) needs to show the phase now.
    fn send_current_phase_to_host(&mut self, target: Target) {
        let now = self.clock.now();
        // Mid-game the host also gets the player list first (`started: true`): who is
        // in the room and whether it is locked.
        let mut msgs = match self.game.phase() {
            Phase::Lobby | Phase::Finished => Vec::new(),
            _ => vec![self.game.lobby_msg(&self.code)],
        };
        msgs.extend(match self.game.phase() {
            Phase::Lobby => vec![self.game.lobby_msg(&self.code)],
            Phase::Question { .. } => [self.game.question_msg(now), self.game.progress_msg()]
                .into_iter()
                .flatten()
                .collect(),
            Phase::Reveal { .. } => self.game.reveal_msg().into_iter().collect(),
            Phase::Leaderboard { .. } => self.game.leaderboard_msg().into_iter().collect(),
            Phase::Finished => self.game.finished_msg(&self.game_id).into_iter().collect(),
        });
        for msg in msgs {
            self.send(target, msg.to_json().into());
        }
        if let Target::Presenter(_) = target {
            if let Some(key) = self.game.key_msg() {
                self.send(target, key.to_json().into());
            }
        }
        if let Some(advance) = self.game.advance_msg(now) {
            self.send(target, advance.to_json().into());
        }
    }

    /// Whether any host connection (projector or presenter) is here.
    fn host_present(&self) -> bool {
        self.host.is_some() || !self.presenters.is_empty()
    }

    /// The connection `target` names, if it is still here.
    fn conn(&self, target: Target) -> Option<&Conn> {
        match target {
            Target::Host => self.host.as_ref(),
            Target::Presenter(id) => self.presenters.iter().find(|c| c.id == id),
            Target::Player(p) => self.players.get(&p),
        }
    }

    /// Sends `bytes` to every host connection: the projector and each presenter.
    fn send_hosts(&mut self, bytes: Frame) {
        self.send(Target::Host, bytes.clone());
        let ids: Vec<u64> = self.presenters.iter().map(|c| c.id).collect();
        for id in ids {
            self.send(Target::Presenter(id), bytes.clone());
        }
    }

    /// The open question's right answer, to presenters only: never to a player, and
    /// not to the projector either (the audience reads it).
    fn send_key_to_presenters(&mut self) {
        let Some(key) = self.game.key_msg() else {
            return;
        };
        let bytes: Frame = key.to_json().into();
        let ids: Vec<u64> = self.presenters.iter().map(|c| c.id).collect();
        for id in ids {
            self.send(Target::Presenter(id), bytes.clone());
        }
    }

    /// When the game moves on by itself, host connections show the countdown.
    fn send_advance_to_hosts(&mut self) {
        if let Some(msg) = self.game.advance_msg(self.clock.now()) {
            self.send_hosts(msg.to_json().into());
        }
    }

    /// `presenter` with whether one is connected now.
    fn presenter_bytes(&self) -> Frame {
        ServerMsg::Presenter {
            connected: !self.presenters.is_empty(),
        }
        .to_json()
        .into()
    }

    /// Tells every host connection whether a presenter is connected.
    fn tell_hosts_presenter(&mut self) {
        let bytes = self.presenter_bytes();
        self.send_hosts(bytes);
    }

    /// A presenter went away: when it was the last, the projector gets its controls
    /// back; when nobody hosts any more, phones hear the host is away.
    fn presenter_left(&mut self) {
        if self.presenters.is_empty() {
            self.tell_hosts_presenter();
        }
        if !self.host_present() {
            self.tell_players_host(false);
        }
    }

    /// Queues bytes without waiting; a full or closed queue marks the connection dead.
    fn send(&mut self, target: Target, bytes: Frame) {
        let conn = match target {
            Target::Host => self.host.as_ref(),
            Target::Presenter(id) => self.presenters.iter().find(|c| c.id == id),
            Target::Player(p) => self.players.get(&p),
        };
        if let Some(conn) = conn {
            self.gate.deliver(target, conn, &bytes, &mut self.failed);
        }
    }

    /// Forgets connections that were closed or too far behind; returns their players.
    fn drop_dead_connections(&mut self) -> Vec<PlayerId> {
        let mut gone = Vec::new();
        for target in std::mem::take(&mut self.failed) {
            match target {
                Target::Host => {
                    if self.host.take().is_some() {
                        tracing::warn!(code = %self.code, "dropped the host connection: not reading");
                        if !self.host_present() {
                            self.tell_players_host(false);
                        }
                    }
                }
                Target::Presenter(id) => {
                    if let Some(i) = self.presenters.iter().position(|c| c.id == id) {
                        tracing::warn!(code = %self.code, "dropped a presenter connection: not reading");
                        self.presenters.remove(i);
                        self.presenter_left();
                    }
                }
                Target::Player(p) => {
                    if self.players.remove(&p).is_some() {
                        tracing::debug!(code = %self.code, player = p.0, "dropped a player connection");
                        gone.push(p);
                    }
                }
            }
        }
        gone
    }
}
