//! Core game logic, independent of sockets, tasks and clocks.
//!
//! A [`Game`] is driven by plain method calls; the current time comes in as an
//! argument (`now`, milliseconds on any clock that only moves forward), so tests
//! drive it with a fake clock. It answers with [`Event`]s saying what changed and
//! builds the protocol messages a room sends for each phase.

pub mod names;
mod pause;
pub mod scoring;
pub mod setup;

use crate::protocol::{
    ErrorCode, LobbyPlayer, PlayerId, RankedPlayer, RevealYou, Scoring, ServerMsg, StandingYou,
    WaitingPlayer,
};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

pub use setup::{build_questions, GameQuestion};

/// Milliseconds on the room's clock.
pub type Millis = u64;

/// How long reveal and leaderboard stay up when the game advances by itself.
pub const AUTO_ADVANCE_PAUSE_MS: Millis = 6_000;
/// Most players in the top list of a leaderboard.
pub const LEADERBOARD_SIZE: usize = 5;
/// Players on the podium.
pub const PODIUM_SIZE: usize = 3;
/// Most names in `progress.waiting` (the count says how many there are).
pub const WAITING_LIST_MAX: usize = 12;

/// Rules chosen when the room was created.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GameConfig {
    pub scoring: Scoring,
    pub auto_advance: bool,
    pub max_players: usize,
}

impl Default for GameConfig {
    fn default() -> Self {
        Self {
            scoring: Scoring::Speed,
            auto_advance: false,
            max_players: 1_000,
        }
    }
}

/// Where the game is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Phase {
    /// Players are joining.
    Lobby,
    /// A question is open for answers until `deadline`.
    Question {
        index: usize,
        opened_at: Millis,
        deadline: Millis,
    },
    /// The answer of question `index` is shown.
    Reveal { index: usize },
    /// Standings after question `index`.
    Leaderboard { index: usize },
    /// The game is over.
    Finished,
}

/// A player's answer to one question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnswerRecord {
    pub choice: usize,
    pub elapsed_ms: Millis,
    pub correct: bool,
    pub points: u32,
}

/// One player of the room.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Player {
    pub id: PlayerId,
    pub name: String,
    pub score: u32,
    /// Consecutive correct answers up to now.
    pub streak: u32,
    pub connected: bool,
    /// Removed by the host; kept so ids stay stable.
    pub kicked: bool,
    /// The first question this player may answer (late joiners wait for the next one).
    pub first_question: usize,
    /// One slot per question of the game.
    pub answers: Vec<Option<AnswerRecord>>,
    /// Answer time over closed questions; an unanswered question counts its full limit.
    pub total_time_ms: Millis,
    /// Rank at the previous leaderboard.
    pub previous_rank: Option<u32>,
}

/// What changed after a call, so the room knows what to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// The player list changed: send `lobby` to everyone.
    PlayersChanged,
    /// The phase changed: send its message to everyone.
    PhaseChanged,
    /// A player's answer was taken: acknowledge it, tell the host.
    Answered { player: PlayerId, question: usize },
    /// Who is connected changed during a question: tell the host.
    ProgressChanged,
    /// A player was removed by the host.
    Kicked(PlayerId),
    /// The open question's clock was paused, resumed or extended: tell everyone.
    ClockChanged,
}

/// A refused request; each maps to a protocol error code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GameError {
    #[error("{0}")]
    NameInvalid(String),
    #[error("that name, or one that looks just like it, is already taken in this room")]
    NameTaken,
    #[error("the room is full")]
    RoomFull,
    #[error("{0}")]
    WrongPhase(&'static str),
    #[error("that question is closed")]
    TooLate,
    #[error("you already answered this question")]
    AlreadyAnswered,
    #[error("there is no choice {0}")]
    BadChoice(usize),
    #[error("no player with id {0}")]
    PlayerNotFound(u32),
    #[error("this room is locked by the host")]
    Locked,
}

impl GameError {
    /// The protocol error code for this refusal.
    pub fn code(&self) -> ErrorCode {
        match self {
            GameError::NameInvalid(_) => ErrorCode::NameInvalid,
            GameError::NameTaken => ErrorCode::NameTaken,
            GameError::RoomFull => ErrorCode::RoomFull,
            GameError::WrongPhase(_) => ErrorCode::WrongPhase,
            GameError::TooLate => ErrorCode::TooLate,
            GameError::AlreadyAnswered => ErrorCode::AlreadyAnswered,
            GameError::BadChoice(_) => ErrorCode::BadChoice,
            GameError::PlayerNotFound(_) => ErrorCode::PlayerNotFound,
            GameError::Locked => ErrorCode::RoomLocked,
        }
    }

    /// The `error` message for the client.
    pub fn to_msg(&self) -> ServerMsg {
        ServerMsg::error(self.code(), self.to_string())
    }
}

/// One game: its questions, players, phase and scores.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Game {
    config: GameConfig,
    questions: Vec<GameQuestion>,
    /// Indexed by player id; kicked players stay as tombstones.
    players: Vec<Player>,
    phase: Phase,
    /// When reveal or leaderboard moves on by itself (auto-advance only).
    advance_at: Option<Millis>,
    /// Per choice of the open (or last closed) question.
    counts: Vec<u32>,
    /// Connected players allowed to answer the open question.
    connected_eligible: usize,
    /// How many of those have answered.
    answered_connected: usize,
    /// When the host paused the open question's clock (see pause.rs).
    #[serde(default)]
    paused_at: Option<Millis>,
    /// The host ended the game before its last question.
    #[serde(default)]
    ended_early: bool,
    /// When the host ended it: how many questions had been asked by then.
    #[serde(default)]
    ended_after: Option<usize>,
    /// Player ids, best first, as of the last close of a question.
    order: Vec<PlayerId>,
    /// Rank by player id, as of `order`.
    ranks: Vec<u32>,
    /// Look-alike keys ([`names::key`]) of the players still in the room: joining checks
    /// a name in O(1). Games saved with the older case-folded `folded_names` rebuild it.
    #[serde(default)]
    name_keys: HashSet<String>,
    /// The host locked the room: no new players (those already in still resume).
    #[serde(default)]
    locked: bool,
}

impl Game {
    /// A game in its lobby.
    pub fn new(questions: Vec<GameQuestion>, config: GameConfig) -> Self {
        Self {
            config,
            questions,
            players: Vec::new(),
            phase: Phase::Lobby,
            advance_at: None,
            counts: Vec::new(),
            connected_eligible: 0,
            answered_connected: 0,
            paused_at: None,
            ended_early: false,
            ended_after: None,
            order: Vec::new(),
            ranks: Vec::new(),
            name_keys: HashSet::new(),
            locked: false,
        }
    }

    /// The current phase.
    pub fn phase(&self) -> Phase {
        self.phase
    }

    /// The rules of this game.
    pub fn config(&self) -> &GameConfig {
        &self.config
    }

    /// The questions, in the order they are played.
    pub fn questions(&self) -> &[GameQuestion] {
        &self.questions
    }

    /// A player by id (kicked players included).
    pub fn player(&self, id: PlayerId) -> Option<&Player> {
        self.players.get(id.0 as usize)
    }

    /// How many questions were asked: all of them, unless the host ended the game early
    /// (the results keep only those, so an unasked question is not "0% right").
    pub fn played(&self) -> usize {
        self.ended_after
            .unwrap_or(self.questions.len())
            .min(self.questions.len())
    }

    /// Whether anyone answered anything: a game nobody played is not worth keeping.
    pub fn has_answers(&self) -> bool {
        self.players
            .iter()
            .any(|p| p.answers.iter().any(Option::is_some))
    }

    /// Players still in the room.
    pub fn active_players(&self) -> impl Iterator<Item = &Player> {
        self.players.iter().filter(|p| !p.kicked)
    }

    /// The next moment something happens by itself: a question's timer or an auto-advance.
    pub fn deadline(&self) -> Option<Millis> {
        match self.phase {
            Phase::Question { .. } if self.paused_at.is_some() => None,
            Phase::Question { deadline, .. } => Some(deadline),
            _ => self.advance_at,
        }
    }

    /// Moves the open question's clock (and any auto-advance) forward by `paused_ms`:
    /// after a restart, the time the server was down counts against nobody.
    pub fn shift_time(&mut self, paused_ms: Millis) {
        if let Phase::Question {
            opened_at,
            deadline,
            ..
        } = &mut self.phase
        {
            *opened_at += paused_ms;
            *deadline += paused_ms;
        }
        if let Some(at) = &mut self.paused_at {
            *at += paused_ms;
        }
        if let Some(at) = &mut self.advance_at {
            *at += paused_ms;
        }
    }

    /// Adds a player. Names are normalized (NFKC) and trimmed, then checked; a name
    /// that fails is refused, never changed into another one.
    pub fn join(&mut self, raw_name: &str) -> Result<(PlayerId, Vec<Event>), GameError> {
        if self.phase == Phase::Finished {
            return Err(GameError::WrongPhase("the game is over"));
        }
        if self.locked {
            return Err(GameError::Locked);
        }
        let names::Name { display: name, key } =
            names::validate(raw_name).map_err(GameError::NameInvalid)?;
        if self.name_keys.is_empty() && self.players.iter().any(|p| !p.kicked) {
            // A game saved before `name_keys` existed.
            self.name_keys = self.active_players().map(|p| names::key(&p.name)).collect();
        }
        if self.name_keys.contains(&key) {
            return Err(GameError::NameTaken);
        }
        if self.name_keys.len() >= self.config.max_players {
            return Err(GameError::RoomFull);
        }
        let id = PlayerId(self.players.len() as u32);
        let first_question = match self.phase {
            Phase::Lobby => 0,
            Phase::Question { index, .. }
            | Phase::Reveal { index }
            | Phase::Leaderboard { index } => index + 1,
            Phase::Finished => self.questions.len(),
        };
        // Questions a late joiner missed count their full time for tie-breaks.
        let missed_time = self.questions[..first_question.min(self.questions.len())]
            .iter()
            .map(|q| q.time_limit_ms)
            .sum();
        let missed_time = match self.phase {
            // The open question is added to everyone when it closes.
            Phase::Question { index, .. } => missed_time - self.questions[index].time_limit_ms,
            _ => missed_time,
        };
        self.players.push(Player {
            id,
            name,
            score: 0,
            streak: 0,
            connected: true,
            kicked: false,
            first_question,
            answers: vec![None; self.questions.len()],
            total_time_ms: missed_time,
            previous_rank: None,
        });
        self.name_keys.insert(key);
        if self.phase == Phase::Lobby {
            // Before the first question everyone ties (no score, no time) at rank 1, in
            // id order: a full re-rank per join would make filling a room O(N^2 log N).
            self.order.push(id);
            self.ranks.resize(self.players.len(), 0);
            self.ranks[id.0 as usize] = 1;
        } else {
            self.rerank();
        }
        Ok((id, vec![Event::PlayersChanged]))
    }

    /// Locks the room (no new joins) or opens it again; everyone's lobby shows it.
    pub fn set_locked(&mut self, locked: bool) -> Result<Vec<Event>, GameError> {
        if self.phase == Phase::Finished {
            return Err(GameError::WrongPhase("the game is over"));
        }
        if self.locked == locked {
            return Ok(Vec::new());
        }
        self.locked = locked;
        Ok(vec![Event::PlayersChanged])
    }

    /// Whether the host locked the room.
    pub fn is_locked(&self) -> bool {
        self.locked
    }

    /// Leaves the lobby and opens the first question.
    pub fn start(&mut self, now: Millis) -> Result<Vec<Event>, GameError> {
        if self.phase != Phase::Lobby {
            return Err(GameError::WrongPhase("the game has already started"));
        }
        if self.questions.is_empty() {
            return Err(GameError::WrongPhase("this game has no questions"));
        }
        self.open_question(0, now);
        Ok(vec![Event::PhaseChanged])
    }

    /// Moves to the next phase (closing an open question early).
    pub fn next(&mut self, now: Millis) -> Result<Vec<Event>, GameError> {
        match self.phase {
            Phase::Lobby => Err(GameError::WrongPhase("use start to begin the game")),
            Phase::Finished => Err(GameError::WrongPhase("the game is over")),
            Phase::Question { .. } => {
                self.close_question(now);
                Ok(vec![Event::PhaseChanged])
            }
            Phase::Reveal { index } => {
                self.show_leaderboard(index, now);
                Ok(vec![Event::PhaseChanged])
            }
            Phase::Leaderboard { index } => {
                // This leaderboard's ranks become the next one's "previous" ranks.
                for p in self.players.iter_mut() {
                    p.previous_rank = self.ranks.get(p.id.0 as usize).copied().filter(|r| *r > 0);
                }
                if index + 1 < self.questions.len() {
                    self.open_question(index + 1, now);
                } else {
                    self.finish();
                }
                Ok(vec![Event::PhaseChanged])
            }
        }
    }

    /// Ends the game now, whatever the phase.
    pub fn end(&mut self, now: Millis) -> Result<Vec<Event>, GameError> {
        if self.phase == Phase::Finished {
            return Err(GameError::WrongPhase("the game is already over"));
        }
        if let Phase::Question { .. } = self.phase {
            // Score what was answered so far, so nobody loses points by the end.
            self.close_question(now);
        }
        self.ended_after = match self.phase {
            Phase::Lobby => Some(0),
            Phase::Reveal { index } | Phase::Leaderboard { index } => Some(index + 1),
            _ => None,
        };
        self.ended_early = self.played() < self.questions.len();
        self.finish();
        Ok(vec![Event::PhaseChanged])
    }

    /// Lets time pass: closes a question whose timer ran out, or auto-advances.
    pub fn tick(&mut self, now: Millis) -> Vec<Event> {
        match self.phase {
            Phase::Question { deadline, .. } if self.paused_at.is_none() && now >= deadline => {
                self.close_question(deadline);
                vec![Event::PhaseChanged]
            }
            Phase::Reveal { .. } | Phase::Leaderboard { .. }
                if self.advance_at.is_some_and(|at| now >= at) =>
            {
                self.next(now).unwrap_or_default()
            }
            _ => Vec::new(),
        }
    }

    /// Records a player's answer; measured from when the question was sent.
    pub fn answer(
        &mut self,
        player: PlayerId,
        question: usize,
        choice: usize,
        now: Millis,
    ) -> Result<Vec<Event>, GameError> {
        let Phase::Question {
            index,
            opened_at,
            deadline,
        } = self.phase
        else {
            return Err(GameError::WrongPhase("no question is open"));
        };
        if question == index && self.paused_at.is_some() {
            return Err(GameError::WrongPhase(
                "the clock is paused: answer when it runs again",
            ));
        }
        if question != index || now >= deadline {
            return Err(GameError::TooLate);
        }
        let q = &self.questions[index];
        let p = self
            .players
            .get_mut(player.0 as usize)
            .filter(|p| !p.kicked)
            .ok_or(GameError::PlayerNotFound(player.0))?;
        if p.first_question > index {
            return Err(GameError::TooLate);
        }
        if p.answers[index].is_some() {
            return Err(GameError::AlreadyAnswered);
        }
        if choice >= q.choices.len() {
            return Err(GameError::BadChoice(choice));
        }
        let elapsed_ms = now.saturating_sub(opened_at);
        let correct = q.correct.contains(&choice);
        let streak = if correct { p.streak + 1 } else { 0 };
        let points = scoring::points(
            self.config.scoring,
            correct,
            elapsed_ms,
            q.time_limit_ms,
            q.multiplier,
            streak,
        );
        // Scores and streaks change at the close, so nothing leaks before the reveal.
        p.answers[index] = Some(AnswerRecord {
            choice,
            elapsed_ms,
            correct,
            points,
        });
        self.counts[choice] += 1;
        if p.connected {
            self.answered_connected += 1;
        }
        let mut events = vec![Event::Answered { player, question }];
        if self.everyone_answered() {
            self.close_question(now);
            events.push(Event::PhaseChanged);
        }
        Ok(events)
    }

    /// Removes a player; their token stops working.
    pub fn kick(&mut self, player: PlayerId) -> Result<Vec<Event>, GameError> {
        let p = self
            .players
            .get_mut(player.0 as usize)
            .filter(|p| !p.kicked)
            .ok_or(GameError::PlayerNotFound(player.0))?;
        self.name_keys.remove(&names::key(&p.name));
        // Disconnect first so the open question's counts forget this player.
        self.set_connected_inner(player, false);
        self.players[player.0 as usize].kicked = true;
        self.rerank();
        let mut events = vec![Event::Kicked(player), Event::PlayersChanged];
        events.extend(self.close_if_everyone_answered());
        Ok(events)
    }

    /// Marks a player connected or gone; "everyone answered" counts connected players only.
    pub fn set_connected(&mut self, player: PlayerId, connected: bool, now: Millis) -> Vec<Event> {
        let changed = self.set_connected_inner(player, connected);
        if !changed || !matches!(self.phase, Phase::Question { .. }) {
            return Vec::new();
        }
        let mut events = vec![Event::ProgressChanged];
        if !connected && self.everyone_answered() {
            self.close_question(now);
            events.push(Event::PhaseChanged);
        }
        events
    }

    /// Marks every player gone without closing anything: a restored room starts with
    /// nobody connected, and that is a restart, not everyone leaving. The open question
    /// keeps its time; players come back with their tokens (or the timer closes it).
    pub fn disconnect_everyone(&mut self) {
        for p in &mut self.players {
            p.connected = false;
        }
        self.connected_eligible = 0;
        self.answered_connected = 0;
    }

    fn set_connected_inner(&mut self, player: PlayerId, connected: bool) -> bool {
        let open = match self.phase {
            Phase::Question { index, .. } => Some(index),
            _ => None,
        };
        let Some(p) = self
            .players
            .get_mut(player.0 as usize)
            .filter(|p| !p.kicked)
        else {
            return false;
        };
        if p.connected == connected {
            return false;
        }
        p.connected = connected;
        if let Some(index) = open {
            if p.first_question <= index {
                let answered = p.answers[index].is_some();
                if connected {
                    self.connected_eligible += 1;
                    self.answered_connected += answered as usize;
                } else {
                    self.connected_eligible -= 1;
                    self.answered_connected -= answered as usize;
                }
            }
        }
        true
    }

    fn close_if_everyone_answered(&mut self) -> Vec<Event> {
        match self.phase {
            Phase::Question { opened_at, .. } if self.everyone_answered() => {
                // Kicks carry no clock; the close time only matters for tie-breaks of
                // players who did not answer, who are charged the full limit anyway.
                self.close_question(opened_at);
                vec![Event::PhaseChanged]
            }
            _ => Vec::new(),
        }
    }

    fn everyone_answered(&self) -> bool {
        self.connected_eligible > 0 && self.answered_connected >= self.connected_eligible
    }

    fn open_question(&mut self, index: usize, now: Millis) {
        let q = &self.questions[index];
        self.phase = Phase::Question {
            index,
            opened_at: now,
            deadline: now + q.time_limit_ms,
        };
        self.advance_at = None;
        self.paused_at = None;
        self.counts = vec![0; q.choices.len()];
        self.connected_eligible = self
            .active_players()
            .filter(|p| p.connected && p.first_question <= index)
            .count();
        self.answered_connected = 0;
    }

    fn close_question(&mut self, now: Millis) {
        let Phase::Question { index, .. } = self.phase else {
            return;
        };
        let limit = self.questions[index].time_limit_ms;
        self.paused_at = None;
        for p in self.players.iter_mut().filter(|p| !p.kicked) {
            match p.answers[index] {
                Some(a) => {
                    p.score += a.points;
                    p.streak = if a.correct { p.streak + 1 } else { 0 };
                    p.total_time_ms += a.elapsed_ms.min(limit);
                }
                None => {
                    if p.first_question <= index {
                        p.streak = 0;
                    }
                    p.total_time_ms += limit;
                }
            }
        }
        self.phase = Phase::Reveal { index };
        self.advance_at = self
            .config
            .auto_advance
            .then_some(now + AUTO_ADVANCE_PAUSE_MS);
        self.rerank();
    }

    fn show_leaderboard(&mut self, index: usize, now: Millis) {
        self.phase = Phase::Leaderboard { index };
        self.advance_at = self
            .config
            .auto_advance
            .then_some(now + AUTO_ADVANCE_PAUSE_MS);
    }

    fn finish(&mut self) {
        self.phase = Phase::Finished;
        self.advance_at = None;
        self.rerank();
    }

    /// Ranks players by score (higher first), then total answer time (lower first).
    /// Time only breaks ties between points: at 0 points a fast wrong answer is no
    /// better than none, so everyone on 0 shares a rank.
    fn rerank(&mut self) {
        let tie_time = |p: &Player| if p.score == 0 { 0 } else { p.total_time_ms };
        let mut order: Vec<&Player> = self.active_players().collect();
        order.sort_by(|a, b| {
            b.score
                .cmp(&a.score)
                .then(tie_time(a).cmp(&tie_time(b)))
                .then(a.id.cmp(&b.id))
        });
        let mut ranks = vec![0; self.players.len()];
        let mut prev: Option<(u32, Millis, u32)> = None;
        for (i, p) in order.iter().enumerate() {
            let rank = match prev {
                Some((score, time, rank)) if score == p.score && time == tie_time(p) => rank,
                _ => i as u32 + 1,
            };
            ranks[p.id.0 as usize] = rank;
            prev = Some((p.score, tie_time(p), rank));
        }
        self.order = order.iter().map(|p| p.id).collect();
        self.ranks = ranks;
    }

    /// A player's current rank (1 is best).
    pub fn rank(&self, player: PlayerId) -> u32 {
        self.ranks.get(player.0 as usize).copied().unwrap_or(0)
    }

    fn ranked(&self, p: &Player) -> RankedPlayer {
        RankedPlayer {
            id: p.id,
            name: p.name.clone(),
            score: p.score,
            rank: self.rank(p.id),
            previous_rank: p.previous_rank,
        }
    }

    /// Players best first.
    pub fn standings(&self) -> Vec<RankedPlayer> {
        self.standings_top(usize::MAX)
    }

    /// The best `max` players, best first (costs O(max)).
    pub fn standings_top(&self, max: usize) -> Vec<RankedPlayer> {
        self.order
            .iter()
            .take(max)
            .map(|id| self.ranked(&self.players[id.0 as usize]))
            .collect()
    }

    // ---- Messages for each phase -------------------------------------------------

    /// The `lobby` message, listing everyone (the host's).
    pub fn lobby_msg(&self, code: &crate::protocol::RoomCode) -> ServerMsg {
        self.lobby_msg_newest(code, usize::MAX)
    }

    /// The `lobby` message listing at most `max` players, the newest; `count` says how
    /// many there are. Costs O(max) to build (kicked tombstones aside).
    pub fn lobby_msg_newest(&self, code: &crate::protocol::RoomCode, max: usize) -> ServerMsg {
        let mut players: Vec<LobbyPlayer> = self
            .players
            .iter()
            .rev()
            .filter(|p| !p.kicked)
            .take(max)
            .map(|p| LobbyPlayer {
                id: p.id,
                name: p.name.clone(),
            })
            .collect();
        players.reverse();
        ServerMsg::Lobby {
            code: code.clone(),
            count: self.player_count(),
            players,
            started: self.phase != Phase::Lobby,
            locked: self.locked,
        }
    }

    /// How many players are in the room (kicked ones not counted).
    pub fn player_count(&self) -> usize {
        if self.name_keys.is_empty() {
            // Empty, or a game saved before `name_keys` existed.
            self.active_players().count()
        } else {
            self.name_keys.len()
        }
    }

    /// The `question` message for the open question, with the time left at `now`.
    pub fn question_msg(&self, now: Millis) -> Option<ServerMsg> {
        let Phase::Question {
            index, deadline, ..
        } = self.phase
        else {
            return None;
        };
        let q = &self.questions[index];
        Some(ServerMsg::Question {
            index,
            total: self.questions.len(),
            text: q.text.clone(),
            choices: q.choices.clone(),
            time_limit_ms: q.time_limit_ms,
            remaining_ms: deadline.saturating_sub(self.paused_at.unwrap_or(now)),
            round: q.round.clone(),
            points: q.multiplier,
            image: q.image.clone(),
            paused: self.paused_at.is_some(),
            image_alt: q.image_alt.clone(),
        })
    }

    /// The host's `progress` message for the open question.
    pub fn progress_msg(&self) -> Option<ServerMsg> {
        let Phase::Question { index, .. } = self.phase else {
            return None;
        };
        // O(players), at most ~10 times a second, to the host only.
        let mut waiting = Vec::new();
        let (mut waiting_count, mut dropped) = (0, 0);
        for p in self.active_players().filter(|p| p.first_question <= index) {
            dropped += usize::from(!p.connected);
            if p.answers[index].is_some() {
                continue;
            }
            waiting_count += 1;
            if waiting.len() < WAITING_LIST_MAX {
                waiting.push(WaitingPlayer {
                    id: p.id,
                    name: p.name.clone(),
                    connected: p.connected,
                });
            }
        }
        Some(ServerMsg::Progress {
            question: index,
            answered: self.answered_connected,
            players: self.connected_eligible,
            waiting_count,
            waiting,
            dropped,
        })
    }

    /// The open question's right answer, for presenters only.
    pub fn key_msg(&self) -> Option<ServerMsg> {
        let Phase::Question { index, .. } = self.phase else {
            return None;
        };
        let q = &self.questions[index];
        Some(ServerMsg::Key {
            question: index,
            correct: q.correct[0],
            correct_choices: (q.correct.len() > 1).then(|| q.correct.clone()),
            correct_texts: q.correct.iter().map(|&i| q.choices[i].clone()).collect(),
        })
    }

    /// When reveal or leaderboard moves on by itself (auto-advance), how soon.
    pub fn advance_msg(&self, now: Millis) -> Option<ServerMsg> {
        match self.phase {
            Phase::Reveal { .. } | Phase::Leaderboard { .. } => {
                self.advance_at.map(|at| ServerMsg::Advance {
                    in_ms: at.saturating_sub(now),
                })
            }
            _ => None,
        }
    }

    /// The shared part of `reveal` (players get [`Game::reveal_you`] added).
    pub fn reveal_msg(&self) -> Option<ServerMsg> {
        let Phase::Reveal { index } = self.phase else {
            return None;
        };
        let q = &self.questions[index];
        Some(ServerMsg::Reveal {
            index,
            correct: q.correct[0],
            correct_choices: (q.correct.len() > 1).then(|| q.correct.clone()),
            counts: self.counts.clone(),
            // A kicked player's answer stays in `counts`, so they count if they answered.
            players: self
                .players
                .iter()
                .filter(|p| p.first_question <= index && (!p.kicked || p.answers[index].is_some()))
                .count(),
            correct_texts: q.correct.iter().map(|&i| q.choices[i].clone()).collect(),
            explanation: q.explanation.clone(),
            you: None,
        })
    }

    /// A player's own result at the reveal.
    pub fn reveal_you(&self, player: PlayerId) -> Option<RevealYou> {
        let Phase::Reveal { index } = self.phase else {
            return None;
        };
        let p = self.player(player)?;
        let a = p.answers[index];
        Some(RevealYou {
            choice: a.map(|a| a.choice),
            correct: a.is_some_and(|a| a.correct),
            points: a.map_or(0, |a| a.points),
            score: p.score,
            streak: p.streak,
            rank: self.rank(player),
        })
    }

    /// The shared part of `leaderboard` (players get [`Game::standing_you`] added).
    pub fn leaderboard_msg(&self) -> Option<ServerMsg> {
        let Phase::Leaderboard { index } = self.phase else {
            return None;
        };
        Some(ServerMsg::Leaderboard {
            top: self.standings_top(LEADERBOARD_SIZE),
            question: index + 1,
            total: self.questions.len(),
            you: None,
        })
    }

    /// A player's own standing.
    pub fn standing_you(&self, player: PlayerId) -> Option<StandingYou> {
        let p = self.player(player)?;
        Some(StandingYou {
            score: p.score,
            rank: self.rank(player),
        })
    }

    /// The `finished` message listing everyone (the host's).
    pub fn finished_msg(&self, game_id: &str) -> Option<ServerMsg> {
        self.finished_msg_top(game_id, usize::MAX)
    }

    /// The `finished` message listing the best `max` players; `count` says how many
    /// there are. Players add their own entry with [`Game::finished_you`].
    pub fn finished_msg_top(&self, game_id: &str, max: usize) -> Option<ServerMsg> {
        if self.phase != Phase::Finished {
            return None;
        }
        Some(ServerMsg::Finished {
            podium: self.standings_top(PODIUM_SIZE),
            players: self.standings_top(max),
            game_id: game_id.to_string(),
            count: self.order.len(),
            // As the room saves it (server/room.rs): only a game someone answered in.
            saved: self.has_answers(),
            you: None,
            ended_early: self.ended_early,
        })
    }

    /// A player's own entry in the final ranking.
    pub fn finished_you(&self, player: PlayerId) -> Option<RankedPlayer> {
        let p = self.player(player).filter(|p| !p.kicked)?;
        Some(self.ranked(p))
    }
}

#[cfg(test)]
mod proptests;
#[cfg(test)]
mod tests;
