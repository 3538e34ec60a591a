//! SQLite persistence of running rooms (snapshots) and finished games (results).
//!
//! One writer thread ([`writer`]) owns the write connection, so the game loop never
//! waits on disk: rooms hand it snapshots with a non-blocking channel send, and it
//! writes whatever has piled up in one transaction, keeping only the latest snapshot of
//! each room. A failed write is kept and retried, and [`Store::health`] says why.
//! Reads (the results API) use a second connection; WAL mode lets them run beside writes.
//!
//! - [`journal`]: answers and joins as small rows after a room's snapshot, replayed at restore.
//! - [`schema`]: migrations (`PRAGMA user_version`).
//! - [`results`]: finished games as rows, their JSON views and the CSV export.
//! - [`backup`]: `quiznight backup DEST`, a consistent copy of a running server's database.
//! - [`check`]: start checks: a writable folder, a sound database (`quick_check`).
//! - [`wal`]: a start check that `quiznight.db-wal` has no damage SQLite would skip silently.
//! - [`lock`]: one server per data folder (an exclusive lock file with its pid).
//! - [`fallback`]: `unsaved-games.jsonl`, finished games the database could not take.

pub mod backup;
pub mod check;
pub mod fallback;
pub mod journal;
pub mod lock;
pub mod results;
pub mod schema;
pub mod wal;
mod writer;

use crate::game::{Game, Millis, Phase};
use crate::protocol::{PackSummary, PlayerId, RoomCode, RoomSettings, Token};
use anyhow::Context;
use journal::JournalEntry;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::sync::{mpsc, Arc, Mutex};
use writer::Op;

/// The database file inside the data folder.
pub const DB_FILE: &str = "quiznight.db";

/// Everything needed to bring a room back after a restart.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RoomSnapshot {
    pub code: RoomCode,
    pub game_id: String,
    pub pack: PackSummary,
    pub settings: RoomSettings,
    pub host_token: Token,
    pub player_tokens: Vec<(PlayerId, Token)>,
    /// Wall-clock milliseconds.
    pub created_at: Millis,
    pub started_at: Option<Millis>,
    pub finished_at: Option<Millis>,
    pub game: Game,
}

/// The same fields, borrowed: a room serializes its snapshot without cloning its game.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SnapshotRef<'a> {
    pub code: &'a RoomCode,
    pub game_id: &'a str,
    pub pack: &'a PackSummary,
    pub settings: &'a RoomSettings,
    pub host_token: &'a Token,
    pub player_tokens: Vec<(PlayerId, &'a Token)>,
    pub created_at: Millis,
    pub started_at: Option<Millis>,
    pub finished_at: Option<Millis>,
    pub game: &'a Game,
}

/// A handle to the store; cheap to clone.
#[derive(Clone)]
pub struct Store {
    inner: Arc<Inner>,
}

struct Inner {
    path: PathBuf,
    tx: mpsc::Sender<Op>,
    read: Mutex<Connection>,
    health: Arc<writer::Health>,
}

impl Store {
    /// Opens (creating if needed) the database in `dir`, migrates it and starts the writer.
    pub fn open(dir: &Path) -> anyhow::Result<Store> {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("cannot create the data folder {}", dir.display()))?;
        check::check_writable(dir)?;
        let path = dir.join(DB_FILE);
        check::check_database(&path)?;
        let mut write = connect(&path)?;
        schema::migrate(&mut write)
            .with_context(|| format!("cannot migrate {}", path.display()))?;
        fallback::import(dir, &mut write)?;
        let read = connect(&path)?;
        let (tx, rx) = mpsc::channel();
        let health = Arc::new(writer::Health::new(None));
        let (thread_health, data_dir) = (health.clone(), dir.to_path_buf());
        // The thread ends by itself once every handle is dropped.
        std::thread::Builder::new()
            .name("quiznight-store".into())
            .spawn(move || writer::writer_loop(write, rx, thread_health, data_dir))
            .context("cannot start the store thread")?;
        Ok(Store {
            inner: Arc::new(Inner {
                path,
                tx,
                read: Mutex::new(read),
                health,
            }),
        })
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.inner.path
    }

    /// None while writes succeed; else why they fail (they are kept and retried).
    pub fn health(&self) -> Option<String> {
        self.inner.health.borrow().clone()
    }

    /// Follows [`Store::health`] as it changes.
    pub fn watch_health(&self) -> tokio::sync::watch::Receiver<Option<String>> {
        self.inner.health.subscribe()
    }

    /// Queues a room's latest state; never blocks.
    pub fn save_room(&self, snap: &SnapshotRef<'_>, now: Millis) {
        self.queue_room(snap, now, None);
    }

    /// Queues a room's latest state; the answer says (true) once it is committed, or
    /// (false) that the write failed and is being retried. Never blocks: the room goes
    /// on and holds back what must not reach clients before it is on disk.
    pub fn save_room_durable(
        &self,
        snap: &SnapshotRef<'_>,
        now: Millis,
    ) -> tokio::sync::oneshot::Receiver<bool> {
        let (done, committed) = tokio::sync::oneshot::channel();
        self.queue_room(snap, now, Some(done));
        committed
    }

    fn queue_room(
        &self,
        snap: &SnapshotRef<'_>,
        now: Millis,
        done: Option<tokio::sync::oneshot::Sender<bool>>,
    ) {
        let json = match serde_json::to_string(snap) {
            Ok(json) => json,
            Err(e) => {
                tracing::error!(code = %snap.code, "cannot serialize a room: {e}");
                return;
            }
        };
        self.send(Op::Room {
            code: snap.code.clone(),
            game_id: snap.game_id.to_string(),
            updated_at: now,
            finished: snap.game.phase() == Phase::Finished,
            json,
            done,
        });
    }

    /// Queues journal rows after the room's latest snapshot (see [`journal`]); the
    /// answer says once they are committed, as for [`Store::save_room_durable`].
    pub fn save_journal(
        &self,
        code: &RoomCode,
        rows: &[JournalEntry],
    ) -> tokio::sync::oneshot::Receiver<bool> {
        let (done, committed) = tokio::sync::oneshot::channel();
        let rows = rows
            .iter()
            .filter_map(|row| match serde_json::to_string(row) {
                Ok(json) => Some((row.at(), json)),
                Err(e) => {
                    tracing::error!(code = %code, "cannot serialize a journal row: {e}");
                    None
                }
            })
            .collect();
        self.send(Op::Journal {
            code: code.clone(),
            rows,
            done: Some(done),
        });
        committed
    }

    /// Queues the removal of a closed room's snapshot.
    pub fn remove_room(&self, code: &RoomCode) {
        self.send(Op::RemoveRoom(code.clone()));
    }

    /// Queues a finished game to be kept as results (idempotent per game id).
    pub fn save_game(&self, snap: RoomSnapshot) {
        self.send(Op::Game(Box::new(snap)));
    }

    /// Waits until everything queued so far is on disk.
    pub async fn flush(&self) {
        let (reply, done) = tokio::sync::oneshot::channel();
        self.send(Op::Flush(reply));
        let _ = done.await;
    }

    /// Writes everything queued so far, then checkpoints the WAL into the database.
    pub async fn checkpoint(&self) -> anyhow::Result<()> {
        let (reply, done) = tokio::sync::oneshot::channel();
        self.send(Op::Checkpoint(reply));
        done.await.context("the store thread has stopped")?
    }

    fn send(&self, op: Op) {
        if self.inner.tx.send(op).is_err() {
            tracing::error!("the store thread has stopped; a write was lost");
        }
    }

    /// Takes the saved rooms worth restoring (each snapshot with its journal replayed),
    /// each with when it was last saved, and deletes the rest: rooms idle longer than
    /// `idle_ms`, finished rooms older than `finished_ms`, and unreadable ones.
    pub fn take_rooms(
        &self,
        now: Millis,
        idle_ms: Millis,
        finished_ms: Millis,
    ) -> anyhow::Result<Vec<(RoomSnapshot, Millis)>> {
        let conn = self.inner.read.lock().unwrap_or_else(|e| e.into_inner());
        let mut keep = Vec::new();
        let mut drop_codes = Vec::new();
        for room in read_rooms(&conn)? {
            let limit = if room.finished { finished_ms } else { idle_ms };
            if now.saturating_sub(room.updated_at) > limit {
                tracing::info!(
                    code = room.code,
                    "forgetting a saved room that was left too long"
                );
                drop_codes.push(room.code);
                continue;
            }
            match room.restore() {
                Ok(restored) => keep.push(restored),
                Err(e) => {
                    tracing::error!(
                        code = room.code,
                        "a saved room cannot be read and is dropped: {e:#}"
                    );
                    drop_codes.push(room.code);
                }
            }
        }
        for code in drop_codes {
            conn.execute("DELETE FROM rooms WHERE code = ?1", [&code])?;
            conn.execute("DELETE FROM journal WHERE code = ?1", [&code])?;
        }
        Ok(keep)
    }

    /// Runs a read query on the read connection, off the async runtime.
    pub async fn read<T: Send + 'static>(
        &self,
        f: impl FnOnce(&Connection) -> anyhow::Result<T> + Send + 'static,
    ) -> anyhow::Result<T> {
        let inner = self.inner.clone();
        tokio::task::spawn_blocking(move || {
            let conn = inner.read.lock().unwrap_or_else(|e| e.into_inner());
            f(&conn)
        })
        .await
        .context("the store read task failed")?
    }
}

/// Reads saved rooms straight from a data folder (journals replayed), without
/// starting a store (for tests and tools).
pub fn peek_rooms(dir: &Path) -> anyhow::Result<Vec<RoomSnapshot>> {
    let conn = connect(&dir.join(DB_FILE))?;
    read_rooms(&conn)?
        .into_iter()
        .map(|room| Ok(room.restore()?.0))
        .collect()
}

/// A room as stored: its snapshot and the journal rows after it.
struct StoredRoom {
    code: String,
    updated_at: Millis,
    finished: bool,
    snapshot: String,
    journal: Vec<String>,
}

impl StoredRoom {
    /// The snapshot with its journal replayed, and when the room last saved anything.
    fn restore(&self) -> anyhow::Result<(RoomSnapshot, Millis)> {
        let mut snap: RoomSnapshot =
            serde_json::from_str(&self.snapshot).context("bad snapshot")?;
        let rows = self
            .journal
            .iter()
            .map(|json| serde_json::from_str(json))
            .collect::<Result<Vec<JournalEntry>, _>>()
            .context("bad journal row")?;
        let last = journal::replay(&mut snap, &rows);
        Ok((
            snap,
            last.map_or(self.updated_at, |at| at.max(self.updated_at)),
        ))
    }
}

fn read_rooms(conn: &Connection) -> anyhow::Result<Vec<StoredRoom>> {
    let mut stmt = conn.prepare("SELECT code, updated_at, finished, snapshot FROM rooms")?;
    let mut rooms = stmt
        .query_map([], |r| {
            Ok(StoredRoom {
                code: r.get(0)?,
                updated_at: r.get::<_, i64>(1)? as Millis,
                finished: r.get(2)?,
                snapshot: r.get(3)?,
                journal: Vec::new(),
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let mut rows = conn.prepare("SELECT entry FROM journal WHERE code = ?1 ORDER BY id")?;
    for room in &mut rooms {
        room.journal = rows
            .query_map([&room.code], |r| r.get(0))?
            .collect::<Result<Vec<String>, _>>()?;
    }
    Ok(rooms)
}

fn connect(path: &Path) -> anyhow::Result<Connection> {
    let conn = Connection::open(path).with_context(|| format!("cannot open {}", path.display()))?;
    // WAL: readers never block the writer, and a killed process loses no committed write.
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    Ok(conn)
}

#[cfg(test)]
mod tests;
