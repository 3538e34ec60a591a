//! Schema migrations: an ordered list of SQL scripts; `PRAGMA user_version` says how
//! many have run. Append new scripts, never edit old ones.

use rusqlite::Connection;

/// Every migration, in order. Index + 1 is the schema version it leads to.
pub(crate) const MIGRATIONS: &[&str] = &[
    // 1: running rooms (snapshots) and finished games (normalized).
    r#"
    CREATE TABLE rooms (
        code       TEXT PRIMARY KEY,
        game_id    TEXT NOT NULL,
        updated_at INTEGER NOT NULL,
        finished   INTEGER NOT NULL,
        snapshot   TEXT NOT NULL
    );
    CREATE TABLE games (
        id          TEXT PRIMARY KEY,
        code        TEXT NOT NULL,
        pack_id     TEXT NOT NULL,
        pack_title  TEXT NOT NULL,
        settings    TEXT NOT NULL,
        created_at  INTEGER NOT NULL,
        started_at  INTEGER,
        finished_at INTEGER NOT NULL,
        questions   INTEGER NOT NULL,
        players     INTEGER NOT NULL
    );
    CREATE INDEX games_by_finish ON games (finished_at DESC);
    CREATE TABLE questions (
        game_id       TEXT NOT NULL REFERENCES games (id) ON DELETE CASCADE,
        idx           INTEGER NOT NULL,
        text          TEXT NOT NULL,
        choices       TEXT NOT NULL,
        correct       TEXT NOT NULL,
        time_limit_ms INTEGER NOT NULL,
        multiplier    INTEGER NOT NULL,
        round         TEXT,
        PRIMARY KEY (game_id, idx)
    );
    CREATE TABLE players (
        game_id       TEXT NOT NULL REFERENCES games (id) ON DELETE CASCADE,
        player_id     INTEGER NOT NULL,
        name          TEXT NOT NULL,
        score         INTEGER NOT NULL,
        rank          INTEGER NOT NULL,
        total_time_ms INTEGER NOT NULL,
        PRIMARY KEY (game_id, player_id)
    );
    CREATE TABLE answers (
        game_id    TEXT NOT NULL REFERENCES games (id) ON DELETE CASCADE,
        player_id  INTEGER NOT NULL,
        question   INTEGER NOT NULL,
        choice     INTEGER NOT NULL,
        elapsed_ms INTEGER NOT NULL,
        correct    INTEGER NOT NULL,
        points     INTEGER NOT NULL,
        PRIMARY KEY (game_id, player_id, question)
    );
    "#,
    // 2: a player may read their own finished game with their token; only its hash is kept.
    r#"
    ALTER TABLE players ADD COLUMN token_hash TEXT;
    CREATE INDEX players_by_token ON players (token_hash);
    "#,
    // 3: small changes after a room's snapshot (store/journal.rs), replayed at restore;
    // a room's snapshot write deletes its rows in the same transaction.
    r#"
    CREATE TABLE journal (
        id    INTEGER PRIMARY KEY,
        code  TEXT NOT NULL,
        at    INTEGER NOT NULL,
        entry TEXT NOT NULL
    );
    CREATE INDEX journal_by_room ON journal (code, id);
    "#,
];

/// The schema version this build writes.
pub const CURRENT_VERSION: i64 = MIGRATIONS.len() as i64;

/// Brings the database up to [`CURRENT_VERSION`], each step in its own transaction.
/// A database from a newer build is refused rather than damaged.
pub fn migrate(conn: &mut Connection) -> anyhow::Result<()> {
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if version > CURRENT_VERSION {
        anyhow::bail!(
            "the data folder was written by a newer quiznight (schema {version}, this build knows {CURRENT_VERSION}); upgrade quiznight"
        );
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(version as usize) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", (i + 1) as i64)?;
        tx.commit()?;
        tracing::info!(version = i + 1, "database schema migrated");
    }
    Ok(())
}
