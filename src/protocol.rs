//! The wire protocol, version 1: every message a client and the server exchange.
//!
//! The core is fixed by `../shared/PROTOCOL.md` (documented in full in
//! `docs/PROTOCOL.md`); we may add messages and fields, never rename or drop them.
//! Every frame is a JSON object with a camelCase `type` tag.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A room code: six digits, leading zeros kept.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct RoomCode(pub String);

impl fmt::Display for RoomCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A player's id, unique within a room.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct PlayerId(pub u32);

/// A secret token that lets a host or player resume after a reload or a restart.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Token(pub String);

/// How correct answers earn points.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Scoring {
    /// Kahoot's rule: faster correct answers earn more, plus a streak bonus.
    #[default]
    Speed,
    /// The same points for every correct answer.
    Flat,
}

/// What a host may choose when creating a room; every field is optional.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct RoomSettings {
    /// Play at most this many questions of the pack.
    pub question_count: Option<usize>,
    /// Seconds per question, overriding the pack's limits.
    pub time_limit_secs: Option<u32>,
    /// Speed or flat scoring.
    pub scoring: Option<Scoring>,
    /// Shuffle the order of the questions.
    pub shuffle: Option<bool>,
    /// Shuffle the order of each question's choices.
    pub shuffle_choices: Option<bool>,
    /// Move on from reveal and leaderboard by itself.
    pub auto_advance: Option<bool>,
    /// Only play these rounds of the pack (by index).
    pub rounds: Option<Vec<usize>>,
}

/// A message from a client to the server.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(
    tag = "type",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum ClientMsg {
    /// Create a room with a pack; this socket becomes the host.
    Create {
        pack: String,
        #[serde(default)]
        settings: Option<RoomSettings>,
    },
    /// Join a room as a player.
    Join { code: RoomCode, name: String },
    /// Come back as a host or player with a token.
    Resume { token: Token },
    /// Answer the open question.
    Answer { question: usize, choice: usize },
    /// Host: leave the lobby and open the first question.
    Start,
    /// Host: move to the next phase.
    Next,
    /// Host: remove a player from the room.
    Kick { player_id: PlayerId },
    /// Host: end the game now.
    End,
    /// Host: stop the open question's clock (answers wait too).
    Pause,
    /// Host: start a paused clock again.
    Unpause,
    /// Host: give the open question `seconds` more (1 to 120).
    AddTime { seconds: u32 },
    /// Host: refuse new players (players already in still resume).
    Lock,
    /// Host: take new players again.
    Unlock,
    /// With the host key: attach to room `code` as a presenter, a second host
    /// connection that gets the host's frames and the answer key.
    Present { code: RoomCode },
}

/// The pack a room plays, as announced to its host.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PackSummary {
    pub id: String,
    pub title: String,
    /// How many questions this game will play.
    pub questions: usize,
    /// The pack's BCP 47 language (its `language`), when it says; absent in rooms
    /// saved before this field existed.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub language: Option<String>,
}

/// A player as shown in the lobby.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LobbyPlayer {
    pub id: PlayerId,
    pub name: String,
}

/// A player who has not answered the open question yet (in `progress`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WaitingPlayer {
    pub id: PlayerId,
    pub name: String,
    /// False when their phone has dropped.
    pub connected: bool,
}

/// A player's place in a ranking.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RankedPlayer {
    pub id: PlayerId,
    pub name: String,
    pub score: u32,
    pub rank: u32,
    /// Rank at the previous leaderboard (absent before the first one).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub previous_rank: Option<u32>,
}

/// A player's own result at a reveal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RevealYou {
    /// The choice they made, or None when they did not answer.
    pub choice: Option<usize>,
    pub correct: bool,
    pub points: u32,
    pub score: u32,
    pub streak: u32,
    pub rank: u32,
}

/// A player's own standing at a leaderboard.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StandingYou {
    pub score: u32,
    pub rank: u32,
}

/// Who a resumed socket is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Role {
    Host,
    Player,
    /// A second host connection (see `present`).
    Presenter,
}

/// Why a request was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    BadMessage,
    RoomNotFound,
    PackNotFound,
    PlayerNotFound,
    NameTaken,
    NameInvalid,
    RoomFull,
    NotHost,
    NotPlayer,
    WrongPhase,
    TooLate,
    AlreadyAnswered,
    BadChoice,
    UnknownToken,
    RateLimited,
    /// `create` without the host key.
    Unauthorized,
    /// `join` to a room the host locked.
    RoomLocked,
}

/// A message from the server to a client.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(
    tag = "type",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum ServerMsg {
    /// The room exists; this socket is its host.
    Created {
        code: RoomCode,
        host_token: Token,
        join_url: String,
        pack: PackSummary,
    },
    /// This socket joined as a player.
    Joined {
        player_id: PlayerId,
        token: Token,
        name: String,
        /// The pack's language, for the phone page's `lang` (when the pack says).
        #[serde(skip_serializing_if = "Option::is_none", default)]
        language: Option<String>,
    },
    /// This socket resumed a host or player; the current phase follows.
    Resumed {
        role: Role,
        code: RoomCode,
        #[serde(skip_serializing_if = "Option::is_none", default)]
        player_id: Option<PlayerId>,
        #[serde(skip_serializing_if = "Option::is_none", default)]
        name: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none", default)]
        score: Option<u32>,
        /// To a player: the pack's language, as in `joined`.
        #[serde(skip_serializing_if = "Option::is_none", default)]
        language: Option<String>,
    },
    /// The player list changed (or the state of a room that has not started).
    Lobby {
        code: RoomCode,
        players: Vec<LobbyPlayer>,
        /// True once the game has left the lobby (a late joiner waits for the next question).
        started: bool,
        /// Players in the room. In a big room a player's `players` lists only the newest
        /// few; the host's always lists everyone.
        #[serde(default)]
        count: usize,
        /// The host locked the room: new joins are refused.
        #[serde(skip_serializing_if = "std::ops::Not::not", default)]
        locked: bool,
    },
    /// A question is open. Never says which choice is correct.
    Question {
        index: usize,
        total: usize,
        text: String,
        choices: Vec<String>,
        time_limit_ms: u64,
        remaining_ms: u64,
        /// The round this question belongs to, when the pack has rounds.
        #[serde(skip_serializing_if = "Option::is_none", default)]
        round: Option<String>,
        /// Point multiplier (2 = double points).
        points: u32,
        /// Image URL, when the question has one.
        #[serde(skip_serializing_if = "Option::is_none", default)]
        image: Option<String>,
        /// The host paused the clock: `remainingMs` stands still, answers wait.
        #[serde(skip_serializing_if = "std::ops::Not::not", default)]
        paused: bool,
        /// What the image shows (its alt text), when the pack says.
        #[serde(skip_serializing_if = "Option::is_none", default)]
        image_alt: Option<String>,
    },
    /// The open question's clock changed (paused, resumed or extended), to everyone.
    Clock {
        question: usize,
        remaining_ms: u64,
        paused: bool,
    },
    /// To players: the host's screen went away (`connected: false`) or came back.
    Host { connected: bool },
    /// The answer was taken (says nothing of correctness).
    Answered { question: usize },
    /// To the host while a question is open: how many have answered.
    Progress {
        question: usize,
        answered: usize,
        players: usize,
        /// Everyone who may answer and has not yet, connected or not.
        #[serde(default)]
        waiting_count: usize,
        /// The first few of them (by join order), each saying whether their phone is here.
        #[serde(default)]
        waiting: Vec<WaitingPlayer>,
        /// Players who may answer but whose phone is away.
        #[serde(default)]
        dropped: usize,
    },
    /// To presenters only, while a question is open: its right answer.
    Key {
        question: usize,
        correct: usize,
        #[serde(skip_serializing_if = "Option::is_none", default)]
        correct_choices: Option<Vec<usize>>,
        correct_texts: Vec<String>,
    },
    /// To host connections: the game moves on by itself in `in_ms` (auto-advance).
    Advance { in_ms: u64 },
    /// To host connections: whether a presenter is connected (the projector then
    /// hides its controls).
    Presenter { connected: bool },
    /// The question closed: the right answer and how many chose each option.
    Reveal {
        index: usize,
        correct: usize,
        #[serde(skip_serializing_if = "Option::is_none", default)]
        correct_choices: Option<Vec<usize>>,
        counts: Vec<u32>,
        /// Everyone who could answer this question (connected or not; late joiners who
        /// came after it opened are not), so "N of M" and a "no answer" bar count them.
        #[serde(default)]
        players: usize,
        /// The right choices' texts (a late joiner never saw the question).
        #[serde(skip_serializing_if = "Vec::is_empty", default)]
        correct_texts: Vec<String>,
        #[serde(skip_serializing_if = "Option::is_none", default)]
        explanation: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none", default)]
        you: Option<RevealYou>,
    },
    /// The top five, and to each player their own standing.
    Leaderboard {
        top: Vec<RankedPlayer>,
        /// How many questions have been played, and of how many.
        question: usize,
        total: usize,
        #[serde(skip_serializing_if = "Option::is_none", default)]
        you: Option<StandingYou>,
    },
    /// The game is over.
    Finished {
        podium: Vec<RankedPlayer>,
        /// Everyone, best first (the host's); a player's lists at most the best few.
        players: Vec<RankedPlayer>,
        game_id: String,
        /// Players in the final ranking.
        #[serde(default)]
        count: usize,
        /// The results are kept (`/api/games/{gameId}`); a game nobody answered in is not.
        #[serde(default)]
        saved: bool,
        /// To each player: their own entry.
        #[serde(skip_serializing_if = "Option::is_none", default)]
        you: Option<RankedPlayer>,
        /// The host ended the game before its last question.
        #[serde(skip_serializing_if = "std::ops::Not::not", default)]
        ended_early: bool,
    },
    /// The host removed this player.
    Kicked {},
    /// To the host: the server cannot write to its disk (`ok: false`, with the reason;
    /// nothing is lost while it retries), or can again (`ok: true`).
    Storage {
        ok: bool,
        #[serde(skip_serializing_if = "Option::is_none", default)]
        reason: Option<String>,
    },
    /// A request was refused; the connection stays open.
    Error { code: ErrorCode, message: String },
}

impl ServerMsg {
    /// An error message.
    pub fn error(code: ErrorCode, message: impl Into<String>) -> Self {
        ServerMsg::Error {
            code,
            message: message.into(),
        }
    }

    /// The JSON text of this message.
    pub fn to_json(&self) -> String {
        // Our own types always serialize; a failure here is a bug.
        serde_json::to_string(self).expect("server messages serialize")
    }
}

/// Appends a `"you"` field to an already serialized message, so a broadcast's
/// shared part is serialized once and only the per-player tail is written per player.
pub fn with_you(shared_json: &str, you: &impl Serialize) -> String {
    debug_assert!(shared_json.ends_with('}'));
    let you = serde_json::to_string(you).expect("you serializes");
    let head = &shared_json[..shared_json.len() - 1];
    let mut out = String::with_capacity(head.len() + you.len() + 8);
    out.push_str(head);
    out.push_str(",\"you\":");
    out.push_str(&you);
    out.push('}');
    out
}

/// Parses one client frame. The error text is for people.
pub fn parse_client(text: &str) -> Result<ClientMsg, String> {
    serde_json::from_str(text).map_err(|e| {
        let msg = e.to_string();
        if msg.contains("unknown variant") {
            format!("unknown message type: {msg}")
        } else {
            format!("malformed message: {msg}")
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn client_messages_parse_from_literal_json() {
        assert_eq!(
            parse_client(r#"{"type":"join","code":"012345","name":"Ann"}"#).unwrap(),
            ClientMsg::Join {
                code: RoomCode("012345".into()),
                name: "Ann".into()
            }
        );
        assert_eq!(
            parse_client(r#"{"type":"answer","question":2,"choice":1}"#).unwrap(),
            ClientMsg::Answer {
                question: 2,
                choice: 1
            }
        );
        assert_eq!(
            parse_client(r#"{"type":"kick","playerId":7}"#).unwrap(),
            ClientMsg::Kick {
                player_id: PlayerId(7)
            }
        );
        assert_eq!(
            parse_client(r#"{"type":"start"}"#).unwrap(),
            ClientMsg::Start
        );
        let create = parse_client(
            r#"{"type":"create","pack":"sample","settings":{"questionCount":3,"scoring":"flat","autoAdvance":true}}"#,
        )
        .unwrap();
        let ClientMsg::Create { pack, settings } = create else {
            panic!("not create")
        };
        assert_eq!(pack, "sample");
        let settings = settings.unwrap();
        assert_eq!(settings.question_count, Some(3));
        assert_eq!(settings.scoring, Some(Scoring::Flat));
        assert_eq!(settings.auto_advance, Some(true));
    }

    #[test]
    fn bad_client_messages_are_errors() {
        assert!(parse_client("not json").is_err());
        assert!(parse_client(r#"{"type":"dance"}"#)
            .unwrap_err()
            .contains("unknown message type"));
        assert!(parse_client(r#"{"type":"join","code":"123456"}"#).is_err());
        assert!(parse_client(r#"{"code":"123456"}"#).is_err());
    }

    #[test]
    fn server_messages_pin_their_json() {
        let q = ServerMsg::Question {
            index: 0,
            total: 10,
            text: "Q?".into(),
            choices: vec!["a".into(), "b".into()],
            time_limit_ms: 20000,
            remaining_ms: 20000,
            round: None,
            points: 1,
            image: None,
            paused: false,
            image_alt: None,
        };
        assert_eq!(
            serde_json::to_value(&q).unwrap(),
            json!({"type":"question","index":0,"total":10,"text":"Q?","choices":["a","b"],
                   "timeLimitMs":20000,"remainingMs":20000,"points":1})
        );
        let e = ServerMsg::error(ErrorCode::TooLate, "too late");
        assert_eq!(
            serde_json::to_value(&e).unwrap(),
            json!({"type":"error","code":"too_late","message":"too late"})
        );
        assert_eq!(
            serde_json::to_value(ServerMsg::Kicked {}).unwrap(),
            json!({"type":"kicked"})
        );
        let joined = ServerMsg::Joined {
            player_id: PlayerId(3),
            token: Token("t".into()),
            name: "Ann".into(),
            language: None,
        };
        assert_eq!(
            serde_json::to_value(&joined).unwrap(),
            json!({"type":"joined","playerId":3,"token":"t","name":"Ann"})
        );
        let joined = ServerMsg::Joined {
            player_id: PlayerId(3),
            token: Token("t".into()),
            name: "Ann".into(),
            language: Some("ar".into()),
        };
        assert_eq!(
            serde_json::to_value(&joined).unwrap(),
            json!({"type":"joined","playerId":3,"token":"t","name":"Ann","language":"ar"})
        );
    }

    #[test]
    fn with_you_appends_a_field() {
        let shared = ServerMsg::Leaderboard {
            top: vec![],
            question: 1,
            total: 2,
            you: None,
        }
        .to_json();
        let full = with_you(&shared, &StandingYou { score: 5, rank: 1 });
        let v: serde_json::Value = serde_json::from_str(&full).unwrap();
        assert_eq!(v["you"], json!({"score":5,"rank":1}));
        assert_eq!(v["type"], "leaderboard");
    }
}
