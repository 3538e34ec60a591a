//! Crash safety and results: a game survives `kill -9` with every score, finishes,
//! and is then listed and exported as CSV.

mod common;

use common::{create_room, http_get, join, Binary, Client, Server};
use serde_json::{json, Value};
use std::net::SocketAddr;
use std::path::Path;

/// A server the scenario can crash: in-process (runtime dropped) or the real binary (SIGKILL).
enum Running {
    InProcess(Server),
    Binary(Binary),
}

impl Running {
    fn start(binary: bool, data: &Path) -> Running {
        if binary {
            Running::Binary(Binary::start(data))
        } else {
            Running::InProcess(Server::start(data))
        }
    }

    fn addr(&self) -> SocketAddr {
        match self {
            Running::InProcess(s) => s.addr,
            Running::Binary(b) => b.addr,
        }
    }

    fn crash(self) {
        match self {
            Running::InProcess(s) => s.crash(),
            Running::Binary(b) => b.kill_9(),
        }
    }
}

async fn answer(c: &mut Client, question: u64, choice: u64) {
    c.send(json!({"type": "answer", "question": question, "choice": choice}))
        .await;
    let ack = c.expect("answered").await;
    assert_eq!(ack["question"], question);
}

/// Waits (bounded) until the saved snapshot of the room has `player`'s answer to `question`.
async fn wait_until_saved(data: &Path, player: u64, question: usize) {
    for _ in 0..400 {
        let saved = quiznight::store::peek_rooms(data).unwrap_or_default();
        let done = saved.iter().any(|s| {
            s.game
                .player(quiznight::protocol::PlayerId(player as u32))
                .is_some_and(|p| p.answers[question].is_some())
        });
        if done {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
    panic!("the answer was never saved");
}

async fn resume(addr: SocketAddr, token: &str) -> (Client, Value) {
    let mut c = Client::connect(addr).await;
    c.send(json!({"type": "resume", "token": token})).await;
    let resumed = c.expect("resumed").await;
    (c, resumed)
}

/// Plays two questions, crashes in the middle of the second (one answer in), restarts
/// on the same data folder, resumes everyone with their tokens and plays to the end.
async fn crash_mid_game_then_finish(binary: bool) {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let server = Running::start(binary, data);
    let addr = server.addr();
    let (mut host, code, host_token) =
        create_room(addr, json!({"questionCount": 3, "timeLimitSecs": 120})).await;
    let (mut ann, ann_token) = join(addr, &code, "Ann").await;
    let (mut bob, bob_token) = join(addr, &code, "Bob").await;
    let ann_id = 0;
    host.send(json!({"type": "start"})).await;
    for c in [&mut host, &mut ann, &mut bob] {
        assert_eq!(c.expect("question").await["index"], 0);
    }
    answer(&mut ann, 0, 0).await;
    answer(&mut bob, 0, 1).await;
    let ann_score = ann.expect("reveal").await["you"]["score"].as_u64().unwrap();
    let bob_score = bob.expect("reveal").await["you"]["score"].as_u64().unwrap();
    assert!(ann_score + bob_score > 0, "one of the two choices is right");
    host.send(json!({"type": "next"})).await;
    host.expect("leaderboard").await;
    host.send(json!({"type": "next"})).await;
    for c in [&mut host, &mut ann, &mut bob] {
        assert_eq!(c.expect("question").await["index"], 1);
    }
    answer(&mut ann, 1, 2).await;
    wait_until_saved(data, ann_id, 1).await;

    server.crash();
    drop((host, ann, bob));
    let server = Running::start(binary, data);
    let addr = server.addr();

    let (mut host, resumed) = resume(addr, &host_token).await;
    assert_eq!(resumed["role"], "host");
    assert_eq!(resumed["code"], code.as_str());
    assert_eq!(host.expect("question").await["index"], 1);
    let (mut ann, resumed) = resume(addr, &ann_token).await;
    assert_eq!(resumed["score"], ann_score, "Ann's score survived");
    assert_eq!(ann.expect("question").await["index"], 1);
    assert_eq!(
        ann.expect("answered").await["question"],
        1,
        "and her answer"
    );
    let (mut bob, resumed) = resume(addr, &bob_token).await;
    assert_eq!(resumed["score"], bob_score, "Bob's score survived");
    assert_eq!(bob.expect("question").await["index"], 1);
    // Ann cannot answer twice, even after a restart.
    ann.send(json!({"type": "answer", "question": 1, "choice": 0}))
        .await;
    assert_eq!(ann.expect("error").await["code"], "already_answered");

    answer(&mut bob, 1, 3).await;
    let reveal = ann.expect("reveal").await;
    assert_eq!(reveal["you"]["choice"], 2, "the pre-crash answer counts");
    let ann_score = reveal["you"]["score"].as_u64().unwrap();
    let bob_score = bob.expect("reveal").await["you"]["score"].as_u64().unwrap();
    host.expect("reveal").await;
    host.send(json!({"type": "next"})).await;
    host.expect("leaderboard").await;
    host.send(json!({"type": "next"})).await;
    host.expect("question").await;
    answer(&mut ann, 2, 0).await;
    answer(&mut bob, 2, 0).await;
    let ann_final = ann.expect("reveal").await["you"]["score"].as_u64().unwrap();
    let bob_final = bob.expect("reveal").await["you"]["score"].as_u64().unwrap();
    assert!(ann_final >= ann_score && bob_final >= bob_score);
    host.send(json!({"type": "next"})).await;
    host.expect("leaderboard").await;
    host.send(json!({"type": "next"})).await;
    let finished = host.expect("finished").await;
    let game_id = finished["gameId"].as_str().unwrap().to_string();
    let scores: Vec<u64> = finished["players"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["score"].as_u64().unwrap())
        .collect();
    let mut expected = vec![ann_final, bob_final];
    expected.sort_unstable_by(|a, b| b.cmp(a));
    assert_eq!(scores, expected);

    // The finished game is listed (its write may trail the `finished` message a little).
    let mut listed = Value::Null;
    for _ in 0..200 {
        let (status, _, body) = http_get(addr, "/api/games");
        assert_eq!(status, 200);
        listed = serde_json::from_str(&body).unwrap();
        if listed.as_array().is_some_and(|a| !a.is_empty()) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
    assert_eq!(listed[0]["id"], game_id.as_str());
    assert_eq!(listed[0]["players"], 2);
    assert_eq!(listed[0]["pack"]["id"], "sample");

    let (status, head, csv) = http_get(addr, &format!("/api/games/{game_id}/results.csv"));
    assert_eq!(status, 200);
    assert!(
        head.to_lowercase().contains("content-type: text/csv"),
        "{head}"
    );
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 3, "{csv}");
    assert_eq!(
        lines[0],
        "rank,name,score,correct answers,average answer time (s),Q1,Q2,Q3"
    );
    let winner = if ann_final >= bob_final { "Ann" } else { "Bob" };
    assert!(lines[1].starts_with(&format!("1,{winner},")), "{csv}");

    let (status, _, detail) = http_get(addr, &format!("/api/games/{game_id}"));
    assert_eq!(status, 200);
    let detail: Value = serde_json::from_str(&detail).unwrap();
    let ann = detail["players"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "Ann")
        .unwrap();
    assert_eq!(ann["answers"][1]["choice"], 2);
    assert_eq!(ann["score"], ann_final);
    assert_eq!(detail["playerCount"], 2);
    assert_eq!(detail["questions"][0]["answered"], 2);

    // A player opens their own result with their token (the token from before the
    // crash still works): only their row, with the question statistics of everyone.
    let mine = |token: &str| {
        let bearer = format!("Bearer {token}");
        common::http_with(
            addr,
            "GET",
            &format!("/api/games/{game_id}/mine"),
            &[("Authorization", &bearer)],
            b"",
        )
    };
    let (status, _, body) = mine(&bob_token);
    assert_eq!(status, 200, "{body}");
    let bobs: Value = serde_json::from_str(&body).unwrap();
    let rows = bobs["players"].as_array().unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["name"], "Bob");
    assert_eq!(rows[0]["score"], bob_final);
    assert_eq!(bobs["playerCount"], 2);
    assert_eq!(bobs["questions"], detail["questions"]);
    // No token, the host key, another game's id: nothing to read.
    let (status, _, _) =
        common::http_with(addr, "GET", &format!("/api/games/{game_id}/mine"), &[], b"");
    assert_eq!(status, 401);
    assert_eq!(mine(common::TEST_HOST_KEY).0, 404);
    assert_eq!(mine("0123456789abcdef0123456789abcdef").0, 404);
    let bearer = format!("Bearer {ann_token}");
    let other = common::http_with(
        addr,
        "GET",
        "/api/games/0123456789abcdef/mine",
        &[("Authorization", &bearer)],
        b"",
    );
    assert_eq!(other.0, 404);
    server.crash();
}

#[tokio::test]
async fn a_crash_in_process_loses_no_score_and_the_game_finishes() {
    crash_mid_game_then_finish(false).await;
}

#[tokio::test]
async fn kill_9_of_the_binary_loses_no_score_and_the_game_finishes() {
    crash_mid_game_then_finish(true).await;
}

#[tokio::test]
async fn graceful_shutdown_keeps_the_room_and_tells_clients() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path());
    let (mut host, code, host_token) = create_room(server.addr, json!({})).await;
    let (mut ann, ann_token) = join(server.addr, &code, "Ann").await;
    host.send(json!({"type": "start"})).await;
    ann.expect("question").await;
    // Answered just now: the snapshot is still owed when the shutdown comes.
    answer(&mut ann, 0, 1).await;
    server.stop().await.expect("a clean stop");
    assert_eq!(ann.closed_with(10).await, Some(1001), "told: going away");
    assert_eq!(host.closed_with(10).await, Some(1001));

    let saved = quiznight::store::peek_rooms(dir.path()).unwrap();
    assert_eq!(saved.len(), 1);
    assert_eq!(saved[0].code.0, code);
    let ann = saved[0]
        .game
        .player(quiznight::protocol::PlayerId(0))
        .unwrap();
    assert_eq!(
        ann.answers[0].map(|a| a.choice),
        Some(1),
        "flushed on the way out"
    );

    let server = Server::start(dir.path());
    let (_host, resumed) = resume(server.addr, &host_token).await;
    assert_eq!(resumed["code"], code.as_str());
    let (_ann, resumed) = resume(server.addr, &ann_token).await;
    assert_eq!(resumed["name"], "Ann");
    server.stop().await.unwrap();
}

#[tokio::test]
async fn unknown_games_are_404_and_the_list_starts_empty() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path());
    let (status, _, body) = http_get(server.addr, "/api/games");
    assert_eq!((status, body.as_str()), (200, "[]"));
    let (status, _, _) = http_get(server.addr, "/api/games/nope");
    assert_eq!(status, 404);
    let (status, _, _) = http_get(server.addr, "/api/games/nope/results.csv");
    assert_eq!(status, 404);
    let (status, _, _) = http_get(server.addr, "/api/games?limit=abc");
    assert_eq!(status, 400);
    server.stop().await.unwrap();
}

#[tokio::test]
async fn an_unusable_data_folder_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("not-a-folder");
    std::fs::write(&file, "x").unwrap();
    let server = Server::start(&file);
    let err = server.stop().await.expect_err("refused");
    assert!(format!("{err:#}").contains("data folder"), "{err:#}");
}

#[tokio::test]
async fn sigterm_tells_clients_flushes_and_exits() {
    let dir = tempfile::tempdir().unwrap();
    let server = Binary::start(dir.path());
    let (mut host, code, _) = create_room(server.addr, json!({})).await;
    let (mut ann, _) = join(server.addr, &code, "Ann").await;
    host.send(json!({"type": "start"})).await;
    ann.expect("question").await;
    answer(&mut ann, 0, 3).await;
    let status = server.terminate().await;
    assert!(status.success(), "{status:?}");
    assert_eq!(ann.closed_with(10).await, Some(1001));
    assert_eq!(host.closed_with(10).await, Some(1001));
    let saved = quiznight::store::peek_rooms(dir.path()).unwrap();
    let ann = saved[0]
        .game
        .player(quiznight::protocol::PlayerId(0))
        .unwrap();
    assert_eq!(
        ann.answers[0].map(|a| a.choice),
        Some(3),
        "on disk before exit"
    );
}
