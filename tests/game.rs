//! Whole games against a real server on 127.0.0.1, with real WebSocket clients
//! written only from the protocol.

mod common;

use common::{http_get, Client, Server};
use serde_json::{json, Value};
use std::time::{Duration, Instant};

/// Speed points for a correct answer after `t_ms` of `limit_ms` (the published rule).
fn speed_points(t_ms: u64, limit_ms: u64) -> u64 {
    if t_ms < 500 {
        return 1000;
    }
    (1000.0 * (1.0 - (t_ms.min(limit_ms) as f64 / limit_ms as f64) / 2.0)).round() as u64
}

async fn room_with_players(
    server: &Server,
    settings: Value,
    names: &[&str],
) -> (Client, String, String, Vec<(Client, u64, String)>) {
    let mut host = server.client().await;
    let (code, host_token) = host.create("test", settings).await;
    let lobby = host.expect("lobby").await;
    assert_eq!(lobby["players"], json!([]));
    let mut players = Vec::new();
    for name in names {
        let mut c = server.client().await;
        let (id, token) = c.join(&code, name).await;
        let lobby = c.expect("lobby").await;
        assert_eq!(lobby["code"], code.as_str());
        players.push((c, id, token));
    }
    // The host saw each join.
    for _ in names {
        host.expect("lobby").await;
    }
    (host, code, host_token, players)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn health_and_packs_api() {
    let server = Server::with_test_pack(|_| {});
    let (status, _, _) = http_get(server.addr, "/healthz");
    assert_eq!(status, 200);
    let (status, _, body) = http_get(server.addr, "/api/packs");
    assert_eq!(status, 200);
    let packs: Value = serde_json::from_str(&body).unwrap();
    let test = packs
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "test")
        .expect("test pack listed");
    assert_eq!(test["title"], "Test pack");
    assert_eq!(test["questions"], 3);
    let (status, head, body) = http_get(server.addr, "/qr.svg?text=http://x/?code=123456");
    assert_eq!(status, 200);
    assert!(head.to_lowercase().contains("image/svg+xml"), "{head}");
    assert!(body.contains("<svg"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_players_play_a_whole_game_with_correct_scores() {
    let server = Server::with_test_pack(|_| {});
    let (mut host, _code, _, mut players) =
        room_with_players(&server, json!({}), &["Ann", "Bob", "Cy"]).await;

    host.send(json!({"type": "start"})).await;
    let mut expected_scores = [0u64; 3];
    let mut streaks = [0u64; 3];
    for q in 0..3usize {
        let question = host.expect("question").await;
        assert_eq!(question["index"], q);
        assert_eq!(question["total"], 3);
        assert_eq!(question["timeLimitMs"], 5000);
        assert!(question.get("answer").is_none() && question.get("correct").is_none());
        // Each player: Ann right at once, Bob right after ~1 s, Cy wrong.
        let mut bounds = Vec::new();
        for (i, (c, _, _)) in players.iter_mut().enumerate() {
            let pq = c.expect("question").await;
            assert_eq!(pq["text"], question["text"]);
            let choice = if i == 2 { (q + 1) % 4 } else { q };
            let received = Instant::now();
            if i == 1 {
                tokio::time::sleep(Duration::from_millis(1000)).await;
            }
            c.send(json!({"type": "answer", "question": q, "choice": choice}))
                .await;
            let ack = c.expect("answered").await;
            assert_eq!(ack["question"], q);
            assert!(
                ack.get("correct").is_none(),
                "the ack says nothing of correctness"
            );
            bounds.push(received.elapsed().as_millis() as u64);
        }
        // Everyone answered: the question closes by itself.
        let reveal = host.expect("reveal").await;
        assert_eq!(reveal["correct"], q);
        assert_eq!(
            reveal["counts"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_u64().unwrap())
                .sum::<u64>(),
            3
        );
        assert!(
            reveal.get("you").is_none(),
            "the host has no personal result"
        );
        let multiplier = if q == 2 { 2 } else { 1 };
        for (i, (c, _, _)) in players.iter_mut().enumerate() {
            let r = c.expect("reveal").await;
            let you = &r["you"];
            let points = you["points"].as_u64().unwrap();
            if i == 2 {
                assert_eq!(you["correct"], false);
                assert_eq!(points, 0);
                assert_eq!(you["streak"], 0);
                continue;
            }
            streaks[i] += 1;
            assert_eq!(you["correct"], true);
            assert_eq!(you["streak"], streaks[i]);
            let bonus = ((streaks[i] - 1) * 100).min(500);
            // The server measured at most what we measured (its clock started earlier
            // than ours only by the fan-out, and stopped before our ack arrived).
            let fastest = speed_points(if i == 1 { 1000 } else { 0 }, 5000);
            let slowest = speed_points(bounds[i] + 200, 5000);
            let base = (points - bonus) / multiplier;
            assert!(
                (slowest..=fastest).contains(&base),
                "player {i} q{q}: base {base} not in {slowest}..={fastest}"
            );
            expected_scores[i] += points;
            assert_eq!(you["score"], expected_scores[i]);
        }
        host.send(json!({"type": "next"})).await;
        let board = host.expect("leaderboard").await;
        let top = board["top"].as_array().unwrap();
        assert_eq!(top.len(), 3);
        assert_eq!(top[0]["name"], "Ann");
        assert_eq!(top[0]["rank"], 1);
        for (i, (c, _, _)) in players.iter_mut().enumerate() {
            let b = c.expect("leaderboard").await;
            assert_eq!(b["you"]["score"], expected_scores[i]);
        }
        host.send(json!({"type": "next"})).await;
    }
    let finished = host.expect("finished").await;
    let podium = finished["podium"].as_array().unwrap();
    assert_eq!(podium.len(), 3);
    let names: Vec<&str> = podium.iter().map(|p| p["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["Ann", "Bob", "Cy"]);
    assert_eq!(podium[0]["score"], expected_scores[0]);
    assert_eq!(podium[1]["rank"], 2);
    assert!(finished["gameId"].as_str().is_some_and(|s| !s.is_empty()));
    for (c, _, _) in players.iter_mut() {
        let f = c.expect("finished").await;
        assert_eq!(f["players"].as_array().unwrap().len(), 3);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_error_code_is_sent_and_the_connection_stays_open() {
    let server = Server::with_test_pack(|c| c.max_players = 2);
    let mut c = server.client().await;

    // bad_message: invalid JSON, unknown type, missing field, binary frame.
    c.send_text("{nope").await;
    assert_eq!(c.expect_error().await, "bad_message");
    c.send(json!({"type": "dance"})).await;
    assert_eq!(c.expect_error().await, "bad_message");
    c.send(json!({"type": "join", "code": "123456"})).await;
    assert_eq!(c.expect_error().await, "bad_message");
    // pack_not_found
    c.send(json!({"type": "create", "pack": "nope"})).await;
    assert_eq!(c.expect_error().await, "pack_not_found");
    // unknown_token
    c.send(json!({"type": "resume", "token": "deadbeef"})).await;
    assert_eq!(c.expect_error().await, "unknown_token");
    // not_host / not_player before joining anything
    c.send(json!({"type": "start"})).await;
    assert_eq!(c.expect_error().await, "not_host");
    c.send(json!({"type": "answer", "question": 0, "choice": 0}))
        .await;
    assert_eq!(c.expect_error().await, "not_player");

    let mut host = server.client().await;
    let (code, _) = host.create("test", json!({})).await;
    let wrong = if code == "000000" { "000001" } else { "000000" };
    // room_not_found
    c.send(json!({"type": "join", "code": wrong, "name": "Ann"}))
        .await;
    assert_eq!(c.expect_error().await, "room_not_found");
    // name_invalid
    c.send(json!({"type": "join", "code": code, "name": "   "}))
        .await;
    assert_eq!(c.expect_error().await, "name_invalid");
    c.send(json!({"type": "join", "code": code, "name": "x".repeat(25)}))
        .await;
    assert_eq!(c.expect_error().await, "name_invalid");
    c.send(json!({"type": "join", "code": code, "name": "a\u{202E}b"}))
        .await;
    assert_eq!(c.expect_error().await, "name_invalid");

    let mut ann = server.client().await;
    let (ann_id, _) = ann.join(&code, "Ann").await;
    // name_taken ignores case and surrounding spaces
    c.send(json!({"type": "join", "code": code, "name": "  aNN "}))
        .await;
    assert_eq!(c.expect_error().await, "name_taken");
    let mut bob = server.client().await;
    bob.join(&code, "Bob").await;
    // room_full (cap 2)
    c.send(json!({"type": "join", "code": code, "name": "Cy"}))
        .await;
    assert_eq!(c.expect_error().await, "room_full");

    // not_host: a player cannot start; not_player: the host cannot answer.
    ann.send(json!({"type": "start"})).await;
    assert_eq!(ann.expect_error().await, "not_host");
    host.send(json!({"type": "answer", "question": 0, "choice": 0}))
        .await;
    assert_eq!(host.expect_error().await, "not_player");
    // wrong_phase: answering in the lobby, next in the lobby
    ann.send(json!({"type": "answer", "question": 0, "choice": 0}))
        .await;
    assert_eq!(ann.expect_error().await, "wrong_phase");
    host.send(json!({"type": "next"})).await;
    assert_eq!(host.expect_error().await, "wrong_phase");
    // player_not_found
    host.send(json!({"type": "kick", "playerId": 999})).await;
    assert_eq!(host.expect_error().await, "player_not_found");

    host.send(json!({"type": "start"})).await;
    ann.expect("question").await;
    // bad_choice, too_late (wrong index), already_answered
    ann.send(json!({"type": "answer", "question": 0, "choice": 9}))
        .await;
    assert_eq!(ann.expect_error().await, "bad_choice");
    ann.send(json!({"type": "answer", "question": 1, "choice": 0}))
        .await;
    assert_eq!(ann.expect_error().await, "too_late");
    ann.send(json!({"type": "answer", "question": 0, "choice": 0}))
        .await;
    ann.expect("answered").await;
    ann.send(json!({"type": "answer", "question": 0, "choice": 1}))
        .await;
    assert_eq!(ann.expect_error().await, "already_answered");
    // start again: wrong_phase
    host.send(json!({"type": "start"})).await;
    assert_eq!(host.expect_error().await, "wrong_phase");

    // Joining a finished room: wrong_phase.
    host.send(json!({"type": "end"})).await;
    host.expect("finished").await;
    c.send(json!({"type": "join", "code": code, "name": "Late"}))
        .await;
    assert_eq!(c.expect_error().await, "wrong_phase");
    let _ = ann_id;

    // rate_limited after 20 wrong codes in a minute from one connection.
    let mut brute = server.client().await;
    let mut codes = Vec::new();
    for i in 0..25 {
        let guess = format!("{:06}", 999_000 + i);
        if guess == code {
            continue;
        }
        brute
            .send(json!({"type": "join", "code": guess, "name": "X"}))
            .await;
        codes.push(brute.expect_error().await);
    }
    assert!(
        codes[..20].iter().all(|c| c == "room_not_found"),
        "{codes:?}"
    );
    assert!(codes[20..].iter().all(|c| c == "rate_limited"), "{codes:?}");
    // Even the right code is refused while limited.
    brute
        .send(json!({"type": "join", "code": code, "name": "X"}))
        .await;
    assert_eq!(brute.expect_error().await, "rate_limited");

    // The connection that made all these mistakes still works.
    c.send(json!({"type": "create", "pack": "test"})).await;
    c.expect("created").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn players_and_host_resume_mid_game() {
    let server = Server::with_test_pack(|_| {});
    let (mut host, code, host_token, mut players) =
        room_with_players(&server, json!({}), &["Ann", "Bob"]).await;
    host.send(json!({"type": "start"})).await;
    host.expect("question").await;
    let (mut ann, ann_id, ann_token) = players.remove(0);
    ann.expect("question").await;
    ann.send(json!({"type": "answer", "question": 0, "choice": 0}))
        .await;
    ann.expect("answered").await;
    // Ann's phone drops mid-question and comes back.
    drop(ann);
    let mut ann = server.client().await;
    ann.send(json!({"type": "resume", "token": ann_token}))
        .await;
    let resumed = ann.expect("resumed").await;
    assert_eq!(resumed["role"], "player");
    assert_eq!(resumed["code"], code.as_str());
    assert_eq!(resumed["playerId"], ann_id);
    assert_eq!(resumed["name"], "Ann");
    let q = ann.recv().await;
    assert_eq!(q["type"], "question");
    assert!(q["remainingMs"].as_u64().unwrap() <= 5000);
    // She had answered already: the resume says so.
    assert_eq!(ann.recv().await["type"], "answered");

    // The host reloads too: the player list (started), question, then progress.
    drop(host);
    let mut host = server.client().await;
    host.send(json!({"type": "resume", "token": host_token}))
        .await;
    let resumed = host.expect("resumed").await;
    assert_eq!(resumed["role"], "host");
    let lobby = host.recv().await;
    assert_eq!(
        (&lobby["type"], &lobby["started"]),
        (&json!("lobby"), &json!(true))
    );
    assert_eq!(host.recv().await["type"], "question");
    let progress = host.recv().await;
    assert_eq!(progress["type"], "progress");
    assert_eq!(progress["answered"], 1);

    // Bob answers; everyone answered; Ann keeps her score through the resume.
    let (mut bob, _, _) = players.remove(0);
    bob.expect("question").await;
    bob.send(json!({"type": "answer", "question": 0, "choice": 3}))
        .await;
    let reveal = ann.expect("reveal").await;
    assert_eq!(reveal["you"]["correct"], true);
    let score = reveal["you"]["score"].as_u64().unwrap();
    assert!(score >= 500);
    host.expect("reveal").await;

    // Resume in the reveal phase gets the reveal with `you`.
    drop(ann);
    let mut ann = server.client().await;
    ann.send(json!({"type": "resume", "token": ann_token}))
        .await;
    let resumed = ann.expect("resumed").await;
    assert_eq!(resumed["score"], score);
    let reveal = ann.recv().await;
    assert_eq!(reveal["type"], "reveal");
    assert_eq!(reveal["you"]["score"], score);

    // A second tab takes over: the first connection is closed.
    let mut tab2 = server.client().await;
    tab2.send(json!({"type": "resume", "token": ann_token}))
        .await;
    tab2.expect("resumed").await;
    ann.closed_with(100).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_host_kicks_a_player() {
    let server = Server::with_test_pack(|_| {});
    let (mut host, _code, _, mut players) =
        room_with_players(&server, json!({}), &["Ann", "Troll"]).await;
    let (mut troll, troll_id, troll_token) = players.remove(1);
    let (mut ann, _, _) = players.remove(0);
    ann.expect("lobby").await; // Troll joined after Ann
    host.send(json!({"type": "kick", "playerId": troll_id}))
        .await;
    let lobby = host.expect("lobby").await;
    assert_eq!(lobby["players"].as_array().unwrap().len(), 1);
    assert_eq!(lobby["players"][0]["name"], "Ann");
    let lobby = ann.expect("lobby").await;
    assert_eq!(lobby["players"].as_array().unwrap().len(), 1);
    troll.expect("kicked").await;
    troll.closed_with(100).await;
    // The kicked token no longer works.
    let mut again = server.client().await;
    again
        .send(json!({"type": "resume", "token": troll_token}))
        .await;
    assert_eq!(again.expect_error().await, "unknown_token");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_timer_running_out_with_no_answers_reveals() {
    let server = Server::with_test_pack(|_| {});
    let (mut host, _, _, mut players) =
        room_with_players(&server, json!({"questionCount": 1}), &["Ann"]).await;
    host.send(json!({"type": "start"})).await;
    let q = host.expect("question").await;
    assert_eq!(q["total"], 1);
    let started = Instant::now();
    let reveal = players[0].0.expect("reveal").await;
    assert!(
        started.elapsed() >= Duration::from_millis(4500),
        "closed early"
    );
    assert_eq!(reveal["you"]["choice"], Value::Null);
    assert_eq!(reveal["you"]["points"], 0);
    assert_eq!(reveal["explanation"], "Because.");
    // Too late now.
    players[0]
        .0
        .send(json!({"type": "answer", "question": 0, "choice": 0}))
        .await;
    assert_eq!(players[0].0.expect_error().await, "wrong_phase");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn auto_advance_plays_through_by_itself() {
    let server = Server::with_test_pack(|_| {});
    let (mut host, _, _, mut players) = room_with_players(
        &server,
        json!({"questionCount": 2, "autoAdvance": true, "scoring": "flat"}),
        &["Ann"],
    )
    .await;
    host.send(json!({"type": "start"})).await;
    let ann = &mut players[0].0;
    for q in 0..2u64 {
        let question = ann.expect("question").await;
        assert_eq!(question["index"], q);
        ann.send(json!({"type": "answer", "question": q, "choice": q}))
            .await;
        let reveal = ann.expect("reveal").await;
        assert_eq!(reveal["you"]["points"], 1000, "flat scoring");
        ann.expect("leaderboard").await;
    }
    // Nobody pressed next.
    let finished = ann.expect("finished").await;
    assert_eq!(finished["podium"][0]["score"], 2000);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_late_joiner_enters_at_the_next_question() {
    let server = Server::with_test_pack(|_| {});
    let (mut host, code, _, mut players) = room_with_players(&server, json!({}), &["Ann"]).await;
    host.send(json!({"type": "start"})).await;
    players[0].0.expect("question").await;
    let mut late = server.client().await;
    late.join(&code, "Late").await;
    let wait = late.recv().await;
    assert_eq!(wait["type"], "lobby");
    assert_eq!(wait["started"], true);
    late.send(json!({"type": "answer", "question": 0, "choice": 0}))
        .await;
    assert_eq!(late.expect_error().await, "too_late");
    // Ann is the only one who counts: her answer closes the question.
    players[0]
        .0
        .send(json!({"type": "answer", "question": 0, "choice": 0}))
        .await;
    host.expect("reveal").await;
    host.send(json!({"type": "next"})).await;
    host.send(json!({"type": "next"})).await;
    let q = late.expect("question").await;
    assert_eq!(q["index"], 1);
    late.send(json!({"type": "answer", "question": 1, "choice": 1}))
        .await;
    late.expect("answered").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_player_who_vanishes_mid_question_does_not_hold_it_open() {
    let server = Server::with_test_pack(|_| {});
    let (mut host, _, _, mut players) =
        room_with_players(&server, json!({"timeLimitSecs": 60}), &["Ann", "Ghost"]).await;
    host.send(json!({"type": "start"})).await;
    let (ghost, _, _) = players.remove(1);
    let ann = &mut players[0].0;
    ann.expect("question").await;
    ann.send(json!({"type": "answer", "question": 0, "choice": 0}))
        .await;
    ann.expect("answered").await;
    drop(ghost);
    // The timer is 60 s and `expect` gives up after 10 s: this reveal came from the ghost leaving.
    ann.expect("reveal").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_bundled_pack_plays_in_a_room() {
    let data = tempfile::tempdir().unwrap();
    let server = Server::start(data.path());
    let (_, _, body) = http_get(server.addr, "/api/packs");
    let packs: Value = serde_json::from_str(&body).unwrap();
    let ids: Vec<String> = packs
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap().to_string())
        .collect();
    assert!(ids.contains(&"la-la-land".to_string()), "{ids:?}");
    assert!(ids.contains(&"sample".to_string()), "{ids:?}");
    for id in ids {
        let mut host = server.client().await;
        let (code, _) = host
            .create(&id, json!({"questionCount": 2, "shuffle": true}))
            .await;
        let mut ann = server.client().await;
        ann.join(&code, "Ann").await;
        host.send(json!({"type": "start"})).await;
        for q in 0..2u64 {
            let question = ann.expect("question").await;
            let choices = question["choices"].as_array().unwrap().len();
            assert!((2..=6).contains(&choices), "{id}: {question}");
            ann.send(json!({"type": "answer", "question": q, "choice": 0}))
                .await;
            let reveal = ann.expect("reveal").await;
            let correct = reveal["correct"].as_u64().unwrap() as usize;
            assert!(correct < choices, "{id}: {reveal}");
            assert_eq!(reveal["you"]["correct"], correct == 0, "{id}: {reveal}");
            host.send(json!({"type": "next"})).await;
            host.send(json!({"type": "next"})).await;
        }
        let finished = ann.expect("finished").await;
        assert_eq!(finished["players"].as_array().unwrap().len(), 1, "{id}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_host_pauses_and_extends_the_clock_and_phones_hear_when_the_host_leaves() {
    let server = Server::with_test_pack(|_| {});
    let (mut host, _code, host_token, mut players) =
        room_with_players(&server, json!({"timeLimitSecs": 60}), &["Ann", "Bob"]).await;
    let (mut ann, _, _) = players.remove(0);
    host.send(json!({"type": "start"})).await;
    host.expect("question").await;
    ann.expect("question").await;

    host.send(json!({"type": "pause"})).await;
    let clock = ann.expect("clock").await;
    assert_eq!(
        (clock["question"].clone(), clock["paused"].clone()),
        (json!(0), json!(true))
    );
    let left = clock["remainingMs"].as_u64().unwrap();
    assert!(left > 50_000 && left <= 60_000, "{clock}");
    assert_eq!(host.expect("clock").await["paused"], true);
    // Answers wait while the clock is held.
    ann.send(json!({"type": "answer", "question": 0, "choice": 0}))
        .await;
    assert_eq!(ann.expect_error().await, "wrong_phase");

    host.send(json!({"type": "addTime", "seconds": 15})).await;
    let clock = ann.expect("clock").await;
    assert_eq!(
        clock["remainingMs"].as_u64().unwrap(),
        left + 15_000,
        "paused: exact"
    );
    host.send(json!({"type": "unpause"})).await;
    let clock = ann.expect("clock").await;
    assert_eq!(clock["paused"], false);
    host.send(json!({"type": "addTime", "seconds": 500})).await;
    assert_eq!(host.expect_error().await, "wrong_phase");

    // The host's laptop closes: the phones are told, and told again when it is back.
    drop(host);
    assert_eq!(ann.expect("host").await["connected"], false);
    let mut host = server.client().await;
    host.send(json!({"type": "resume", "token": host_token}))
        .await;
    host.expect("resumed").await;
    assert_eq!(ann.expect("host").await["connected"], true);

    // Ended early: the phones' final message says so.
    host.send(json!({"type": "end"})).await;
    assert_eq!(ann.expect("finished").await["endedEarly"], true);
}

/// Phones get the pack's language (for the page's `lang`) in `joined` and `resumed`,
/// and nothing when the pack does not say.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn players_learn_the_packs_language() {
    let server = Server::with_test_pack(|_| {});
    let mut host = server.client().await;
    let (code, _) = host.create("sample", json!({})).await;
    let mut ann = server.client().await;
    ann.send(json!({"type": "join", "code": code, "name": "Ann"}))
        .await;
    let joined = ann.expect("joined").await;
    assert_eq!(joined["language"], "en", "{joined}");
    let token = joined["token"].as_str().unwrap().to_string();
    drop(ann);
    let mut ann = server.client().await;
    ann.send(json!({"type": "resume", "token": token})).await;
    let resumed = ann.expect("resumed").await;
    assert_eq!(resumed["language"], "en", "{resumed}");

    // The test pack has no language: the field is absent, not "en" made up.
    let mut host = server.client().await;
    let (code, _) = host.create("test", json!({})).await;
    let mut bob = server.client().await;
    bob.send(json!({"type": "join", "code": code, "name": "Bob"}))
        .await;
    let joined = bob.expect("joined").await;
    assert!(joined.get("language").is_none(), "{joined}");
}
