//! The room journal: small changes (an answer, a join) written as rows after the room's
//! last full snapshot, so a write-ahead commit costs a few hundred bytes, not the whole
//! room (O(players): ~300 KB at 2,000 players).
//!
//! A room writes a full snapshot at each phase change, pause, kick and every
//! [`rows_before_snapshot`] journal rows; the same transaction deletes the room's journal.
//! Restoring takes the snapshot and replays its journal rows, in order, through the
//! game's own methods ([`replay`]), so a replayed answer is scored as it was live.

use super::RoomSnapshot;
use crate::game::Millis;
use crate::protocol::{PlayerId, Token};
use serde::{Deserialize, Serialize};

/// Fewest journal rows a room writes before its next full snapshot.
pub const JOURNAL_ROWS_MIN: usize = 1_000;

/// One change since the room's last snapshot (stored as JSON in `journal.entry`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum JournalEntry {
    /// A player joined with this name (as typed: replay validates it again) and token.
    #[serde(rename_all = "camelCase")]
    Join {
        player: PlayerId,
        name: String,
        token: Token,
        at: Millis,
    },
    /// A player's answer, taken at `at` on the room's clock.
    #[serde(rename_all = "camelCase")]
    Answer {
        player: PlayerId,
        question: usize,
        choice: usize,
        at: Millis,
    },
}

impl JournalEntry {
    /// When the change happened (room clock, wall-clock milliseconds).
    pub fn at(&self) -> Millis {
        match self {
            JournalEntry::Join { at, .. } | JournalEntry::Answer { at, .. } => *at,
        }
    }
}

/// How many journal rows a room may have before it writes a full snapshot again: at
/// least [`JOURNAL_ROWS_MIN`], and as many as it had players at its last snapshot, so
/// one question's answers never force a snapshot mid-question, and filling a lobby
/// snapshots at 1,000, 2,000, 4,000... players (O(players) in all).
pub fn rows_before_snapshot(players_at_snapshot: usize) -> usize {
    JOURNAL_ROWS_MIN.max(players_at_snapshot)
}

/// Applies journal rows to a snapshot, in order, through the game logic. Everyone is
/// marked disconnected first (as a restored room is), so "every connected player
/// answered" cannot close a question during the replay: if it closed live, that was a
/// phase change, and a snapshot after it would have truncated these rows. Returns the
/// time of the last row (the room was alive then), or None without rows.
///
/// A row the game refuses, or one that does not land where it did live (another player
/// id), means the journal and snapshot disagree: it is logged and skipped, never fatal.
pub fn replay(snap: &mut RoomSnapshot, rows: &[JournalEntry]) -> Option<Millis> {
    if rows.is_empty() {
        return None;
    }
    snap.game.disconnect_everyone();
    let mut last = None;
    for row in rows {
        last = Some(last.unwrap_or(0).max(row.at()));
        match row {
            JournalEntry::Join {
                player,
                name,
                token,
                ..
            } => match snap.game.join(name) {
                Ok((id, _)) if id == *player => snap.player_tokens.push((id, token.clone())),
                Ok((id, _)) => {
                    tracing::error!(code = %snap.code, "a journaled join came back as player {} instead of {}", id.0, player.0);
                    snap.player_tokens.push((id, token.clone()));
                }
                Err(e) => {
                    tracing::error!(code = %snap.code, "a journaled join cannot be replayed: {e}")
                }
            },
            JournalEntry::Answer {
                player,
                question,
                choice,
                at,
            } => {
                if let Err(e) = snap.game.answer(*player, *question, *choice, *at) {
                    tracing::error!(code = %snap.code, player = player.0, "a journaled answer cannot be replayed: {e}");
                }
            }
        }
    }
    // A replayed join marks its player connected; nobody is, after a restart.
    snap.game.disconnect_everyone();
    last
}
