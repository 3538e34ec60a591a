//! The writer thread: it owns the write connection and writes whatever has piled up in
//! one transaction. A failed write (full disk, read-only folder, damaged file) is kept
//! in memory and retried until it succeeds; meanwhile [`Health`] says why, and a
//! finished game is also appended to the fallback file ([`super::fallback`]), so
//! neither a lasting fault nor a stop loses it.

use super::{fallback, results, RoomSnapshot};
use crate::game::Millis;
use crate::protocol::RoomCode;
use rusqlite::{params, Connection};
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::Duration;
use tokio::sync::watch;

/// Most operations written in one transaction.
const MAX_BATCH: usize = 10_000;
/// While writes fail, they are tried again this often.
pub const RETRY_EVERY: Duration = Duration::from_millis(500);

/// Work for the writer thread.
pub(super) enum Op {
    /// The latest state of a running room (JSON of a [`RoomSnapshot`]).
    Room {
        code: RoomCode,
        game_id: String,
        updated_at: Millis,
        finished: bool,
        json: String,
        /// Told after the write was tried: true once it is committed (write-ahead acks).
        done: Option<tokio::sync::oneshot::Sender<bool>>,
    },
    /// Journal rows (time, JSON of a [`super::journal::JournalEntry`]) after the room's
    /// latest snapshot; a later snapshot of the room makes them moot.
    Journal {
        code: RoomCode,
        rows: Vec<(Millis, String)>,
        /// As for [`Op::Room`].
        done: Option<tokio::sync::oneshot::Sender<bool>>,
    },
    /// A room closed for good: forget its snapshot.
    RemoveRoom(RoomCode),
    /// A finished game, to be kept as rows.
    Game(Box<RoomSnapshot>),
    /// Reply once everything sent before has been tried (written, or kept for retry).
    Flush(tokio::sync::oneshot::Sender<()>),
    /// Write everything sent before, then move the WAL into the database file, so a
    /// copy of `quiznight.db` alone is the whole state (a clean stop does this).
    Checkpoint(tokio::sync::oneshot::Sender<anyhow::Result<()>>),
}

/// Whether the store can write: None when all is well, else why not.
pub type Health = watch::Sender<Option<String>>;

/// Writes what arrives until every sender is gone; see the module doc.
pub(super) fn writer_loop(
    mut conn: Connection,
    rx: mpsc::Receiver<Op>,
    health: std::sync::Arc<Health>,
    data_dir: PathBuf,
) {
    // Failed operations, oldest first, waiting for the next try.
    let mut pending: Vec<Op> = Vec::new();
    // Games already appended to the fallback file (once is enough).
    let mut in_fallback: HashSet<String> = HashSet::new();
    loop {
        let first = if pending.is_empty() {
            match rx.recv() {
                Ok(op) => Some(op),
                Err(_) => break,
            }
        } else {
            match rx.recv_timeout(RETRY_EVERY) {
                Ok(op) => Some(op),
                Err(RecvTimeoutError::Timeout) => None,
                Err(RecvTimeoutError::Disconnected) => break,
            }
        };
        let mut batch = std::mem::take(&mut pending);
        batch.extend(first);
        while batch.len() < MAX_BATCH {
            match rx.try_recv() {
                Ok(op) => batch.push(op),
                Err(_) => break,
            }
        }
        let written = write_batch(&mut conn, &batch);
        match &written {
            Ok(()) => {
                if health.borrow().is_some() {
                    tracing::info!("the store can write again; everything kept is written");
                    health.send_replace(None);
                }
            }
            Err(e) => {
                let reason = format!("cannot write {}: {e:#}", data_dir.display());
                if health.borrow().as_deref() != Some(reason.as_str()) {
                    tracing::error!("{reason}; keeping the changes in memory and retrying");
                    health.send_replace(Some(reason));
                }
                for op in &batch {
                    if let Op::Game(snap) = op {
                        if !in_fallback.contains(&snap.game_id) {
                            match fallback::append(&data_dir, snap) {
                                Ok(()) => {
                                    in_fallback.insert(snap.game_id.clone());
                                }
                                Err(e) => tracing::error!(
                                    game = snap.game_id,
                                    "cannot write the fallback file either: {e:#}"
                                ),
                            }
                        }
                    }
                }
            }
        }
        for mut op in batch {
            if let Op::Room { done, .. } | Op::Journal { done, .. } = &mut op {
                if let Some(done) = done.take() {
                    let _ = done.send(written.is_ok());
                }
            }
            match op {
                Op::Flush(reply) => {
                    let _ = reply.send(());
                }
                Op::Checkpoint(reply) => {
                    let result = match &written {
                        Ok(()) => checkpoint(&conn),
                        Err(e) => Err(anyhow::anyhow!("the last writes failed: {e:#}")),
                    };
                    let _ = reply.send(result);
                }
                op if written.is_err() => pending.push(op),
                _ => {}
            }
        }
        keep_latest(&mut pending);
    }
    if !pending.is_empty() {
        // The process is stopping: one last try; games are in the fallback file anyway.
        if let Err(e) = write_batch(&mut conn, &pending) {
            tracing::error!(
                "stopping with {} changes unwritten (finished games are in {}): {e:#}",
                pending.len(),
                fallback::FALLBACK_FILE
            );
        }
    }
    tracing::debug!("store thread stopped");
}

/// Keeps only the last snapshot (or removal) of each room and the journal rows after
/// it: memory stays bounded by the rooms (and one phase's journal) while a fault
/// lasts. Games are all kept.
fn keep_latest(ops: &mut Vec<Op>) {
    let last: HashMap<RoomCode, usize> = last_snapshots(ops)
        .into_iter()
        .map(|(code, i)| (code.clone(), i))
        .collect();
    let mut i = 0;
    ops.retain(|op| {
        let keep = match op {
            Op::Room { code, .. } | Op::RemoveRoom(code) => last.get(code) == Some(&i),
            Op::Journal { code, .. } => last.get(code).is_none_or(|&at| at < i),
            _ => true,
        };
        i += 1;
        keep
    });
}

/// Where each room's last snapshot (or removal) is among `ops`: earlier snapshots and
/// journal rows of the room are covered by it.
fn last_snapshots(ops: &[Op]) -> HashMap<&RoomCode, usize> {
    let mut last = HashMap::new();
    for (i, op) in ops.iter().enumerate() {
        if let Op::Room { code, .. } | Op::RemoveRoom(code) = op {
            last.insert(code, i);
        }
    }
    last
}

/// Moves every committed page from the WAL into the database file and empties the WAL.
fn checkpoint(conn: &Connection) -> anyhow::Result<()> {
    // (busy, WAL pages, pages moved): busy means a reader kept part of the WAL.
    let (busy, _, _): (i64, i64, i64) =
        conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })?;
    if busy != 0 {
        anyhow::bail!("a reader kept the checkpoint from finishing");
    }
    Ok(())
}

fn write_batch(conn: &mut Connection, batch: &[Op]) -> anyhow::Result<()> {
    // Latest wins: only the last snapshot of each room in the batch is written, and only
    // the journal rows after it.
    let last = last_snapshots(batch);
    let tx = conn.transaction()?;
    for (i, op) in batch.iter().enumerate() {
        match op {
            Op::Room {
                code,
                game_id,
                updated_at,
                finished,
                json,
                ..
            } => {
                if last.get(code) == Some(&i) {
                    tx.execute(
                        "INSERT OR REPLACE INTO rooms (code, game_id, updated_at, finished, snapshot)
                         VALUES (?1, ?2, ?3, ?4, ?5)",
                        params![code.0, game_id, *updated_at as i64, finished, json],
                    )?;
                    // The snapshot holds everything the journal said.
                    tx.execute("DELETE FROM journal WHERE code = ?1", [&code.0])?;
                }
            }
            Op::Journal { code, rows, .. } => {
                if last.get(code).is_none_or(|&at| at < i) {
                    let mut insert = tx.prepare_cached(
                        "INSERT INTO journal (code, at, entry) VALUES (?1, ?2, ?3)",
                    )?;
                    for (at, entry) in rows {
                        insert.execute(params![code.0, *at as i64, entry])?;
                    }
                }
            }
            Op::RemoveRoom(code) => {
                if last.get(code) == Some(&i) {
                    tx.execute("DELETE FROM rooms WHERE code = ?1", [&code.0])?;
                    tx.execute("DELETE FROM journal WHERE code = ?1", [&code.0])?;
                }
            }
            Op::Game(snap) => results::insert_game(&tx, snap)?,
            Op::Flush(_) | Op::Checkpoint(_) => {}
        }
    }
    tx.commit()?;
    Ok(())
}
