//! Issue 11's floods and bounds against the real server: rooms per address and in
//! total, joins per address per room, empty games not saved, sockets that never join,
//! a slow HTTP sender at shutdown, and the CLI's input bounds.

mod common;

use common::{create_room, join, Binary, Server};
use serde_json::json;
use std::io::Write as _;
use std::time::Duration;

#[tokio::test]
async fn rooms_per_address_and_in_total_are_bounded() {
    let server = Server::with_test_pack(|c| c.limits.rooms_per_ip = 3);
    for _ in 0..3 {
        create_room(server.addr, json!({})).await;
    }
    let mut c = server.client().await;
    c.send(json!({"type": "create", "pack": "sample"})).await;
    assert_eq!(c.expect_error().await, "rate_limited");
    server.stop().await.unwrap();

    let server = Server::with_test_pack(|c| c.limits.max_rooms = 2);
    let (mut first, code, _) = create_room(server.addr, json!({})).await;
    create_room(server.addr, json!({})).await;
    let mut c = server.client().await;
    c.send(json!({"type": "create", "pack": "sample"})).await;
    assert_eq!(c.expect_error().await, "rate_limited");
    // The rooms that exist keep working.
    let (_ann, _) = join(server.addr, &code, "Ann").await;
    first.expect("lobby").await;
    server.stop().await.unwrap();
}

#[tokio::test]
async fn one_address_cannot_fill_a_room_with_joins() {
    let server = Server::with_test_pack(|c| c.limits.joins_per_ip_per_sec = 3);
    let (mut host, code, _) = create_room(server.addr, json!({})).await;
    let started = std::time::Instant::now();
    let (mut joined, mut limited) = (0u64, 0);
    let mut clients = Vec::new();
    for i in 0..40 {
        let mut c = server.client().await;
        c.send(json!({"type": "join", "code": code, "name": format!("P{i}")}))
            .await;
        let reply = c.recv().await;
        match reply["type"].as_str() {
            Some("joined") => joined += 1,
            _ => {
                assert_eq!(reply["code"], "rate_limited", "{reply}");
                limited += 1;
            }
        }
        clients.push(c);
    }
    // At most 3 a second got in, however slowly this machine ran the loop.
    let seconds = started.elapsed().as_secs() + 1;
    assert!(joined <= 3 * seconds, "{joined} joins in {seconds} s");
    assert!(limited > 0);
    // The room itself is fine: the host sees the lobby.
    host.expect("lobby").await;
    server.stop().await.unwrap();
}

#[tokio::test]
async fn a_game_nobody_answered_is_not_saved() {
    let server = Server::with_test_pack(|_| {});
    for _ in 0..3 {
        let (mut host, _, _) = create_room(server.addr, json!({})).await;
        host.send(json!({"type": "end"})).await;
        host.expect("finished").await;
    }
    let (status, games) = server.http("GET", "/api/games", b"").await;
    assert_eq!(status, 200, "{games}");
    assert_eq!(games.as_array().map(Vec::len), Some(0), "{games}");
    server.stop().await.unwrap();
}

#[tokio::test]
async fn sockets_that_never_join_are_closed_at_the_deadline() {
    let server = Server::with_test_pack(|c| {
        c.limits.join_deadline_secs = 1;
        c.limits.ping_secs = 1;
    });
    let mut idle = server.client().await;
    let (_host, code, _) = create_room(server.addr, json!({})).await;
    let (mut ann, _) = join(server.addr, &code, "Ann").await;
    assert_eq!(idle.closed_with(10).await, Some(1008));
    // A player who joined stays well past the deadline: reading answers the pings.
    let reading = tokio::time::timeout(Duration::from_secs(3), async {
        loop {
            ann.recv().await;
        }
    })
    .await;
    assert!(reading.is_err(), "the player's connection ended");
    ann.send(json!({"type": "answer", "question": 0, "choice": 0}))
        .await;
    assert_eq!(ann.expect_error().await, "wrong_phase");
    server.stop().await.unwrap();
}

#[tokio::test]
async fn sigterm_finishes_despite_a_slow_http_sender() {
    let dir = tempfile::tempdir().unwrap();
    let server = Binary::start(dir.path());
    // Half a request, never finished: graceful shutdown would wait for it forever.
    let mut slow = std::net::TcpStream::connect(server.addr).unwrap();
    slow.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
        .unwrap();
    let mut ws = server.client().await;
    ws.send(json!({"type": "join", "code": "000000", "name": "x"}))
        .await;
    ws.recv().await;
    let started = std::time::Instant::now();
    let status = server.terminate().await; // waits at most 20 s
    assert!(status.success(), "{status}");
    assert!(started.elapsed() < Duration::from_secs(20));
    drop(slow);
}

fn quiznight(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_quiznight"))
        .args(args)
        .output()
        .expect("the binary runs")
}

#[test]
fn generate_and_check_refuse_devices_and_oversized_files() {
    for cmd in ["generate", "check"] {
        let out = quiznight(&[cmd, "/dev/zero"]);
        assert!(!out.status.success());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("not a regular file"), "{cmd}: {err}");
    }
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.txt");
    std::fs::write(&big, "The cat sat on the mat. ".repeat(60_000)).unwrap(); // 1.4 MB
    let big_toml = dir.path().join("big.toml");
    std::fs::copy(&big, &big_toml).unwrap();
    for (cmd, file) in [("generate", &big), ("check", &big_toml)] {
        let out = quiznight(&[cmd, "--max-input-mb", "1", file.to_str().unwrap()]);
        assert!(!out.status.success());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("over the 1 MB limit"), "{cmd}: {err}");
    }
}

#[test]
fn check_caps_its_output_for_a_file_full_of_problems() {
    // 400 KB of JSON on one line with thousands of unknown fields: each problem used
    // to print the whole line, gigabytes in all.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("noisy.json");
    let fields: Vec<String> = (0..20_000).map(|i| format!("\"x{i}\":1")).collect();
    let text = format!(
        r#"{{"title":"t",{},"questions":[{{"text":"q","choices":["a","b"],"answer":0}}]}}"#,
        fields.join(",")
    );
    assert!(text.len() > 200_000);
    std::fs::write(&file, text).unwrap();
    let out = quiznight(&["check", file.to_str().unwrap()]);
    let total = out.stdout.len() + out.stderr.len();
    assert!(total < 100_000, "check wrote {total} bytes");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("more warnings not shown") || err.contains("more errors not shown"),
        "{err}"
    );
}
