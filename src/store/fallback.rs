//! The fallback file: a finished game the database could not take is appended to
//! `DATA/unsaved-games.jsonl` (one JSON [`RoomSnapshot`] a line), and the next start
//! imports it into the database, so a game is never dropped even if the fault outlasts
//! the process. Importing twice is harmless: a game id already kept is skipped.

use super::{results, RoomSnapshot};
use anyhow::Context;
use rusqlite::Connection;
use std::io::Write;
use std::path::Path;

/// The fallback file inside the data folder.
pub const FALLBACK_FILE: &str = "unsaved-games.jsonl";

/// Appends one finished game and syncs it to disk.
pub fn append(dir: &Path, snap: &RoomSnapshot) -> anyhow::Result<()> {
    let path = dir.join(FALLBACK_FILE);
    let mut line = serde_json::to_string(snap)?;
    line.push('\n');
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
        .with_context(|| format!("cannot open {}", path.display()))?;
    file.write_all(line.as_bytes())
        .and_then(|()| file.sync_all())
        .with_context(|| format!("cannot write {}", path.display()))?;
    tracing::warn!(
        game = snap.game_id,
        "a finished game was kept in {}",
        path.display()
    );
    Ok(())
}

/// Imports the fallback file, if any, then removes it; returns how many games it held.
/// A line that cannot be read is logged and kept aside in `unsaved-games.jsonl.bad`.
pub fn import(dir: &Path, conn: &mut Connection) -> anyhow::Result<usize> {
    let path = dir.join(FALLBACK_FILE);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(0),
        Err(e) => return Err(e).with_context(|| format!("cannot read {}", path.display())),
    };
    let mut bad = String::new();
    let mut count = 0;
    let tx = conn.transaction()?;
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        match serde_json::from_str::<RoomSnapshot>(line) {
            Ok(snap) => {
                results::insert_game(&tx, &snap)?;
                count += 1;
            }
            Err(e) => {
                tracing::error!("a line of {} cannot be read: {e}", path.display());
                bad.push_str(line);
                bad.push('\n');
            }
        }
    }
    tx.commit()
        .with_context(|| format!("cannot import {}", path.display()))?;
    if !bad.is_empty() {
        let aside = dir.join(format!("{FALLBACK_FILE}.bad"));
        let mut file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&aside)?;
        file.write_all(bad.as_bytes())?;
        file.sync_all()?;
    }
    std::fs::remove_file(&path).with_context(|| format!("cannot remove {}", path.display()))?;
    tracing::info!(count, "imported finished games from {}", path.display());
    Ok(count)
}
