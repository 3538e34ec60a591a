//! Finished games: written as rows (games, questions, players, answers) in one
//! transaction, read back as JSON for `/api/games` and as CSV for spreadsheets.

use super::RoomSnapshot;
use crate::game::Millis;
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::Serialize;

/// The pack a game was played with.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PackRef {
    pub id: String,
    pub title: String,
}

/// One entry of `GET /api/games`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GameSummary {
    pub id: String,
    pub code: String,
    pub pack: PackRef,
    pub started_at: Option<Millis>,
    pub finished_at: Millis,
    /// How many players took part.
    pub players: usize,
    /// How many questions were played.
    pub questions: usize,
    /// The name of the player ranked first, if any.
    pub winner: Option<String>,
}

/// One question of a finished game (the answer may be shown now).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct QuestionResult {
    pub index: usize,
    pub text: String,
    pub choices: Vec<String>,
    pub correct: Vec<usize>,
    pub time_limit_ms: Millis,
    pub points: u32,
    pub round: Option<String>,
    /// How many of the game's players answered it, and how many of them were right.
    pub answered: u32,
    pub right: u32,
}

/// One player's answer to one question.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AnswerResult {
    pub choice: usize,
    pub elapsed_ms: Millis,
    pub correct: bool,
    pub points: u32,
}

/// One player's final result.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PlayerResult {
    pub id: u32,
    pub name: String,
    pub rank: u32,
    pub score: u32,
    /// Correct answers.
    pub correct: u32,
    /// Mean time of the answers given, when there were any.
    pub average_time_ms: Option<Millis>,
    /// The tie-break total (unanswered questions count their full limit).
    pub total_time_ms: Millis,
    /// One entry per question; null where the player did not answer.
    pub answers: Vec<Option<AnswerResult>>,
}

/// `GET /api/games/{id}`: everything about one finished game.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GameDetail {
    pub id: String,
    pub code: String,
    pub pack: PackRef,
    /// The host's settings and the game's rules.
    pub settings: serde_json::Value,
    pub created_at: Millis,
    pub started_at: Option<Millis>,
    pub finished_at: Millis,
    pub questions: Vec<QuestionResult>,
    /// How many players took part (a player's own view lists only them below).
    pub player_count: usize,
    /// Best first.
    pub players: Vec<PlayerResult>,
}

/// The hash a player's token is kept as: enough to find their row, useless to resume.
pub fn token_hash(token: &str) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Writes a finished game; writing the same game twice keeps the first copy.
pub fn insert_game(tx: &Transaction<'_>, snap: &RoomSnapshot) -> rusqlite::Result<()> {
    let exists: Option<i64> = tx
        .query_row("SELECT 1 FROM games WHERE id = ?1", [&snap.game_id], |r| {
            r.get(0)
        })
        .optional()?;
    if exists.is_some() {
        return Ok(());
    }
    let game = &snap.game;
    let standings = game.standings();
    let settings = serde_json::json!({ "room": snap.settings, "rules": game.config() });
    tx.execute(
        "INSERT INTO games (id, code, pack_id, pack_title, settings, created_at, started_at,
                           finished_at, questions, players)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
            snap.game_id,
            snap.code.0,
            snap.pack.id,
            snap.pack.title,
            settings.to_string(),
            snap.created_at as i64,
            snap.started_at.map(|t| t as i64),
            snap.finished_at.unwrap_or(snap.created_at) as i64,
            game.played() as i64,
            standings.len() as i64,
        ],
    )?;
    for (i, q) in game.questions().iter().take(game.played()).enumerate() {
        tx.execute(
            "INSERT INTO questions (game_id, idx, text, choices, correct, time_limit_ms, multiplier, round)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                snap.game_id,
                i as i64,
                q.text,
                serde_json::to_string(&q.choices).unwrap_or_default(),
                serde_json::to_string(&q.correct).unwrap_or_default(),
                q.time_limit_ms as i64,
                q.multiplier,
                q.round,
            ],
        )?;
    }
    for ranked in &standings {
        let Some(p) = game.player(ranked.id) else {
            continue;
        };
        tx.execute(
            "INSERT INTO players (game_id, player_id, name, score, rank, total_time_ms, token_hash)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                snap.game_id,
                p.id.0,
                p.name,
                p.score,
                ranked.rank,
                p.total_time_ms as i64,
                snap.player_tokens
                    .iter()
                    .find(|(id, _)| *id == p.id)
                    .map(|(_, t)| token_hash(&t.0)),
            ],
        )?;
        for (q, a) in p.answers.iter().enumerate() {
            let Some(a) = a else { continue };
            tx.execute(
                "INSERT INTO answers (game_id, player_id, question, choice, elapsed_ms, correct, points)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![
                    snap.game_id,
                    p.id.0,
                    q as i64,
                    a.choice as i64,
                    a.elapsed_ms as i64,
                    a.correct,
                    a.points
                ],
            )?;
        }
    }
    Ok(())
}

/// Finished games, newest first.
pub fn list_games(conn: &Connection, limit: usize) -> rusqlite::Result<Vec<GameSummary>> {
    let mut stmt = conn.prepare(
        "SELECT g.id, g.code, g.pack_id, g.pack_title, g.started_at, g.finished_at, g.players,
                g.questions,
                (SELECT name FROM players p WHERE p.game_id = g.id ORDER BY rank, player_id LIMIT 1)
         FROM games g ORDER BY g.finished_at DESC, g.id LIMIT ?1",
    )?;
    let rows = stmt.query_map([limit as i64], |r| {
        Ok(GameSummary {
            id: r.get(0)?,
            code: r.get(1)?,
            pack: PackRef {
                id: r.get(2)?,
                title: r.get(3)?,
            },
            started_at: r.get::<_, Option<i64>>(4)?.map(|t| t as Millis),
            finished_at: r.get::<_, i64>(5)? as Millis,
            players: r.get::<_, i64>(6)? as usize,
            questions: r.get::<_, i64>(7)? as usize,
            winner: r.get(8)?,
        })
    })?;
    rows.collect()
}

/// One finished game in full, or None when there is no such game.
pub fn game_detail(conn: &Connection, id: &str) -> anyhow::Result<Option<GameDetail>> {
    let head = conn
        .query_row(
            "SELECT id, code, pack_id, pack_title, settings, created_at, started_at, finished_at
             FROM games WHERE id = ?1",
            [id],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    PackRef {
                        id: r.get(2)?,
                        title: r.get(3)?,
                    },
                    r.get::<_, String>(4)?,
                    r.get::<_, i64>(5)? as Millis,
                    r.get::<_, Option<i64>>(6)?.map(|t| t as Millis),
                    r.get::<_, i64>(7)? as Millis,
                ))
            },
        )
        .optional()?;
    let Some((id, code, pack, settings, created_at, started_at, finished_at)) = head else {
        return Ok(None);
    };
    let mut stmt = conn.prepare(
        "SELECT idx, text, choices, correct, time_limit_ms, multiplier, round
         FROM questions WHERE game_id = ?1 ORDER BY idx",
    )?;
    let questions = stmt
        .query_map([&id], |r| {
            let choices: String = r.get(2)?;
            let correct: String = r.get(3)?;
            Ok(QuestionResult {
                index: r.get::<_, i64>(0)? as usize,
                text: r.get(1)?,
                choices: serde_json::from_str(&choices).unwrap_or_default(),
                correct: serde_json::from_str(&correct).unwrap_or_default(),
                time_limit_ms: r.get::<_, i64>(4)? as Millis,
                points: r.get(5)?,
                round: r.get(6)?,
                answered: 0,
                right: 0,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let mut stmt = conn.prepare(
        "SELECT player_id, name, rank, score, total_time_ms FROM players
         WHERE game_id = ?1 ORDER BY rank, player_id",
    )?;
    let mut players = stmt
        .query_map([&id], |r| {
            Ok(PlayerResult {
                id: r.get(0)?,
                name: r.get(1)?,
                rank: r.get(2)?,
                score: r.get(3)?,
                correct: 0,
                average_time_ms: None,
                total_time_ms: r.get::<_, i64>(4)? as Millis,
                answers: vec![None; questions.len()],
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let mut stmt = conn.prepare(
        "SELECT player_id, question, choice, elapsed_ms, correct, points FROM answers
         WHERE game_id = ?1",
    )?;
    let answers = stmt
        .query_map([&id], |r| {
            Ok((
                r.get::<_, u32>(0)?,
                r.get::<_, i64>(1)? as usize,
                AnswerResult {
                    choice: r.get::<_, i64>(2)? as usize,
                    elapsed_ms: r.get::<_, i64>(3)? as Millis,
                    correct: r.get(4)?,
                    points: r.get(5)?,
                },
            ))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    for (player, question, answer) in answers {
        let slot = players
            .iter_mut()
            .find(|p| p.id == player)
            .and_then(|p| p.answers.get_mut(question));
        if let Some(slot) = slot {
            *slot = Some(answer);
        }
    }
    let mut questions = questions;
    for p in &players {
        for (q, a) in questions.iter_mut().zip(&p.answers) {
            if let Some(a) = a {
                q.answered += 1;
                q.right += u32::from(a.correct);
            }
        }
    }
    for p in &mut players {
        let given: Vec<&AnswerResult> = p.answers.iter().flatten().collect();
        p.correct = given.iter().filter(|a| a.correct).count() as u32;
        if !given.is_empty() {
            let total: Millis = given.iter().map(|a| a.elapsed_ms).sum();
            p.average_time_ms = Some(total / given.len() as Millis);
        }
    }
    Ok(Some(GameDetail {
        id,
        code,
        pack,
        settings: serde_json::from_str(&settings).unwrap_or(serde_json::Value::Null),
        created_at,
        started_at,
        finished_at,
        questions,
        player_count: players.len(),
        players,
    }))
}

/// One finished game as a player sees it: everything but the other players' rows,
/// or None when the token is not one of this game's players.
pub fn player_game(conn: &Connection, id: &str, token: &str) -> anyhow::Result<Option<GameDetail>> {
    let me: Option<u32> = conn
        .query_row(
            "SELECT player_id FROM players WHERE game_id = ?1 AND token_hash = ?2",
            params![id, token_hash(token)],
            |r| r.get(0),
        )
        .optional()?;
    let Some(me) = me else { return Ok(None) };
    Ok(game_detail(conn, id)?.map(|mut game| {
        game.players.retain(|p| p.id == me);
        game
    }))
}

/// The CSV export: a header, then one row per player, best first. Question columns
/// hold the points earned, `0` for a wrong answer, and stay empty when unanswered.
pub fn results_csv(game: &GameDetail) -> anyhow::Result<String> {
    let mut out = csv::Writer::from_writer(Vec::new());
    let mut header: Vec<String> = [
        "rank",
        "name",
        "score",
        "correct answers",
        "average answer time (s)",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    header.extend((1..=game.questions.len()).map(|n| format!("Q{n}")));
    out.write_record(&header)?;
    for p in &game.players {
        let mut row = vec![
            p.rank.to_string(),
            spreadsheet_safe(&p.name),
            p.score.to_string(),
            p.correct.to_string(),
            p.average_time_ms
                .map_or(String::new(), |ms| format!("{:.2}", ms as f64 / 1000.0)),
        ];
        row.extend(
            p.answers
                .iter()
                .map(|a| a.as_ref().map_or(String::new(), |a| a.points.to_string())),
        );
        out.write_record(&row)?;
    }
    Ok(String::from_utf8(out.into_inner()?)?)
}

/// Spreadsheets run cells that start with `=`, `+`, `-` or `@` as formulas; a player
/// named `=HYPERLINK(..)` must stay a name, so such cells get a leading apostrophe. A
/// spreadsheet that splits on `;` (or tab) starts a cell after each one, so `Ann;=1+1`
/// gets an apostrophe there too.
fn spreadsheet_safe(text: &str) -> String {
    const FORMULA: [char; 4] = ['=', '+', '-', '@'];
    let mut out = String::with_capacity(text.len() + 1);
    let mut cell_start = true;
    for c in text.chars() {
        if cell_start && FORMULA.contains(&c) {
            out.push('\'');
        }
        out.push(c);
        // Spaces before a formula do not stop a spreadsheet from running it.
        cell_start = matches!(c, ';' | ',' | '\t') || (cell_start && c == ' ');
    }
    out
}

#[cfg(test)]
mod spreadsheet_tests {
    use super::spreadsheet_safe;

    #[test]
    fn formulas_are_defused_at_every_cell_start() {
        assert_eq!(spreadsheet_safe("Ann"), "Ann");
        assert_eq!(spreadsheet_safe("=1+1"), "'=1+1");
        assert_eq!(spreadsheet_safe(";=1+1;"), ";'=1+1;");
        assert_eq!(spreadsheet_safe("Ann; @SUM(A1)"), "Ann; '@SUM(A1)");
        assert_eq!(spreadsheet_safe("a,-2\t+3"), "a,'-2\t'+3");
        assert_eq!(spreadsheet_safe("Jean-Luc"), "Jean-Luc");
    }
}
