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
