//! The big screen's server side: room lock, presenter connections, the answer key,
//! who has not answered, and the auto-advance countdown. Real WebSocket clients on
//! 127.0.0.1, written from the protocol.

mod common;

use common::{Client, Server};
use serde_json::{json, Value};

/// A host and joined players (each player's lobby read).
async fn room(server: &Server, settings: Value, names: &[&str]) -> (Client, String, Vec<Client>) {
    let mut host = server.client().await;
    let (code, _) = host.create("test", settings).await;
    host.expect("lobby").await;
    let mut players = Vec::new();
    for name in names {
        let mut c = server.anon_client().await;
        c.join(&code, name).await;
        c.expect("lobby").await;
        host.expect("lobby").await;
        players.push(c);
    }
    (host, code, players)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_locked_room_refuses_new_players_but_lets_its_own_back() {
    let server = Server::with_test_pack(|_| {});
    let mut host = server.client().await;
    let (code, _) = host.create("test", json!({})).await;
    host.expect("lobby").await;
    let mut ann = server.anon_client().await;
    let (_, ann_token) = ann.join(&code, "Ann").await;
    ann.expect("lobby").await;
    host.expect("lobby").await;

    host.send(json!({"type": "lock"})).await;
    let lobby = host.expect_ok("lobby").await;
    assert_eq!(lobby["locked"], true, "{lobby}");
    assert_eq!(ann.expect("lobby").await["locked"], true);

    // A newcomer is refused, with words a phone can show.
    let mut bob = server.anon_client().await;
    bob.send(json!({"type": "join", "code": code, "name": "Bob"}))
        .await;
    let err = bob.expect("error").await;
    assert_eq!(err["code"], "room_locked", "{err}");
    assert!(err["message"].as_str().unwrap().contains("locked"), "{err}");

    // Ann's phone reloads: her token still works.
    drop(ann);
    let mut ann = server.anon_client().await;
    ann.send(json!({"type": "resume", "token": ann_token}))
        .await;
    let resumed = ann.expect_ok("resumed").await;
    assert_eq!(resumed["name"], "Ann");
    assert_eq!(ann.expect("lobby").await["locked"], true);

    // Unlocked, Bob gets in; a player cannot lock.
    host.send(json!({"type": "unlock"})).await;
    let lobby = host.expect_ok("lobby").await;
    assert!(lobby.get("locked").is_none(), "{lobby}");
    bob.join(&code, "Bob").await;
    ann.send(json!({"type": "lock"})).await;
    assert_eq!(ann.expect_error().await, "not_host");
}

/// Reads until a message of type `ty`, returning everything read on the way (bounded).
async fn read_until(c: &mut Client, ty: &str) -> Vec<Value> {
    let mut seen = Vec::new();
    for _ in 0..200 {
        let msg = c.recv().await;
        let done = msg["type"] == ty;
        seen.push(msg);
        if done {
            return seen;
        }
    }
    panic!("no {ty} in {seen:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_presenter_holds_the_controls_and_only_it_gets_the_answer_key() {
    let server = Server::with_test_pack(|_| {});
    let (mut projector, code, mut players) = room(&server, json!({}), &["Ann", "Bob"]).await;

    // Without the host key there is no presenter view, whatever the code.
    let mut stranger = server.anon_client().await;
    stranger
        .send(json!({"type": "present", "code": code}))
        .await;
    assert_eq!(stranger.expect_error().await, "unauthorized");
    // A player's socket cannot become one either (it is a player now).
    players[0]
        .send(json!({"type": "present", "code": code}))
        .await;
    assert_eq!(players[0].expect_error().await, "wrong_phase");

    let mut presenter = server.client().await;
    presenter
        .send(json!({"type": "present", "code": code}))
        .await;
    let resumed = presenter.expect_ok("resumed").await;
    assert_eq!(resumed["role"], "presenter");
    assert_eq!(resumed["code"], code.as_str());
    let lobby = presenter.expect_ok("lobby").await;
    assert_eq!(lobby["count"], 2);
    assert_eq!(presenter.expect("presenter").await["connected"], true);
    assert_eq!(projector.expect("presenter").await["connected"], true);

    // The presenter starts the game: everyone gets the question, only it the key.
    presenter.send(json!({"type": "start"})).await;
    let q = presenter.expect_ok("question").await;
    assert_eq!(q["index"], 0);
    let key = presenter.expect_ok("key").await;
    assert_eq!(key["question"], 0);
    assert_eq!(key["correct"], 0);
    assert_eq!(key["correctTexts"], json!(["right"]));
    projector.expect("question").await;

    // Ann answers; the host connections hear who has not answered yet.
    players[0].expect("question").await;
    players[0]
        .send(json!({"type": "answer", "question": 0, "choice": 1}))
        .await;
    let progress = loop {
        let p = presenter.expect("progress").await;
        if p["answered"] == 1 {
            break p;
        }
    };
    assert_eq!(progress["waitingCount"], 1, "{progress}");
    assert_eq!(
        progress["waiting"],
        json!([{"id": 1, "name": "Bob", "connected": true}])
    );

    // The presenter closes the question; up to the reveal no player frame and no
    // projector frame carried the answer key.
    presenter.send(json!({"type": "next"})).await;
    presenter.expect_ok("reveal").await;
    let mut seen = read_until(&mut projector, "reveal").await;
    for p in players.iter_mut() {
        seen.extend(read_until(p, "reveal").await);
    }
    for msg in &seen[..] {
        assert_ne!(msg["type"], "key", "{msg}");
        if msg["type"] != "reveal" {
            assert!(
                msg.get("correct").is_none() && msg.get("correctTexts").is_none(),
                "{msg}"
            );
        }
    }

    // A host command that fails answers the presenter who sent it.
    presenter.send(json!({"type": "start"})).await;
    assert_eq!(presenter.expect_error().await, "wrong_phase");

    // The presenter leaves: the projector gets its controls back.
    drop(presenter);
    assert_eq!(projector.expect("presenter").await["connected"], false);
    projector.send(json!({"type": "next"})).await;
    projector.expect_ok("leaderboard").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_host_sees_dropped_phones_and_the_auto_advance_countdown() {
    let server = Server::with_test_pack(|_| {});
    let (mut host, _code, mut players) =
        room(&server, json!({"autoAdvance": true}), &["Ann", "Bob", "Cy"]).await;
    host.send(json!({"type": "start"})).await;
    host.expect_ok("question").await;
    let first = host.expect_ok("progress").await;
    assert_eq!(first["waitingCount"], 3, "{first}");
    assert_eq!(first["dropped"], 0);

    // Cy's phone drops: still waited for in the list, marked as away.
    drop(players.pop());
    let progress = loop {
        let p = host.expect("progress").await;
        if p["dropped"] == 1 {
            break p;
        }
    };
    assert_eq!(progress["waitingCount"], 3);
    assert_eq!(progress["waiting"][2]["name"], "Cy");
    assert_eq!(progress["waiting"][2]["connected"], false);
    assert_eq!(progress["waiting"][0]["connected"], true);

    // Ann and Bob answer: the question closes, and the host hears when the game moves on.
    for (i, p) in players.iter_mut().enumerate() {
        p.expect("question").await;
        p.send(json!({"type": "answer", "question": 0, "choice": i}))
            .await;
    }
    host.expect_ok("reveal").await;
    let advance = host.expect_ok("advance").await;
    let in_ms = advance["inMs"].as_u64().unwrap();
    assert!(in_ms > 0 && in_ms <= 6000, "{advance}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_reveal_counts_dropped_phones_but_not_late_joiners() {
    let server = Server::with_test_pack(|_| {});
    let (mut host, code, mut players) = room(&server, json!({}), &["Ann", "Bob", "Cy"]).await;
    host.send(json!({"type": "start"})).await;
    host.expect_ok("question").await;

    // Dee joins during the first question (she plays from the next), Cy's phone drops.
    let mut dee = server.anon_client().await;
    dee.join(&code, "Dee").await;
    drop(players.pop());
    loop {
        if host.expect("progress").await["dropped"] == 1 {
            break;
        }
    }
    for (i, p) in players.iter_mut().enumerate() {
        p.expect("question").await;
        p.send(json!({"type": "answer", "question": 0, "choice": i}))
            .await;
    }
    // Ann, Bob and Cy could answer: "1 of 3", with Cy as the "no answer".
    let reveal = host.expect_ok("reveal").await;
    assert_eq!(reveal["counts"], json!([1, 1, 0, 0]), "{reveal}");
    assert_eq!(reveal["players"], 3, "{reveal}");

    // The next question is Dee's too; Cy is still away and still counted.
    host.send(json!({"type": "next"})).await;
    host.expect_ok("leaderboard").await;
    host.send(json!({"type": "next"})).await;
    host.expect_ok("question").await;
    host.send(json!({"type": "next"})).await;
    let reveal = host.expect_ok("reveal").await;
    assert_eq!(reveal["index"], 1, "{reveal}");
    assert_eq!(reveal["players"], 4, "{reveal}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_final_screen_can_read_its_game_at_once_when_it_was_saved() {
    let server = Server::with_test_pack(|_| {});
    let (mut host, _code, mut players) = room(&server, json!({}), &["Ann", "Bob"]).await;
    host.send(json!({"type": "start"})).await;
    host.expect_ok("question").await;
    for (i, p) in players.iter_mut().enumerate() {
        p.expect("question").await;
        p.send(json!({"type": "answer", "question": 0, "choice": i}))
            .await;
    }
    host.expect_ok("reveal").await;
    host.send(json!({"type": "end"})).await;
    let finished = host.expect_ok("finished").await;
    assert_eq!(finished["saved"], true, "{finished}");
    // No wait: the read lets the queued results land first.
    let id = finished["gameId"].as_str().unwrap();
    let (status, game) = server.http("GET", &format!("/api/games/{id}"), b"").await;
    assert_eq!(status, 200, "{game}");
    assert_eq!(game["playerCount"], 2);
    // Ended after the first of three: the two never asked are not "0% right".
    assert_eq!(game["questions"].as_array().unwrap().len(), 1, "{game}");
    assert_eq!(game["questions"][0]["right"], 1);
    assert_eq!(game["questions"][0]["answered"], 2);

    // A game nobody answered in is not kept, and says so.
    let (mut host, _code, _players) = room(&server, json!({}), &["Cy"]).await;
    host.send(json!({"type": "start"})).await;
    host.expect_ok("question").await;
    host.send(json!({"type": "end"})).await;
    assert_eq!(host.expect_ok("finished").await["saved"], false);
}
