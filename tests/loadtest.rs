//! Smoke test of `quiznight loadtest`: a small run against a real server on
//! 127.0.0.1:0. It checks counts and errors only; speed is never asserted here
//! (see docs/BENCHMARKS.md).

use quiznight::loadtest::report::Summary;
use quiznight::server::{run, Config};
use std::process::Command;
use tokio::net::TcpListener;
use tokio::sync::oneshot;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_small_load_test_plays_every_question_without_errors() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let data = tempfile::tempdir().unwrap();
    // Made before the server starts, so the tool surely finds it in the data folder.
    let key = quiznight::server::auth::HostAuth::load_or_create(data.path(), None).unwrap();
    assert!(!key.key().is_empty());
    let packs = concat!(env!("CARGO_MANIFEST_DIR"), "/questions");
    let (stop, stopped) = oneshot::channel::<()>();
    let server = tokio::spawn(run(listener, Config::new(packs, data.path()), async move {
        let _ = stopped.await;
    }));

    let data_dir = data.path().to_path_buf();
    // The load tool is a separate process, as it is in real use.
    let output = tokio::task::spawn_blocking(move || {
        Command::new(env!("CARGO_BIN_EXE_quiznight"))
            .args(["loadtest", "--url", &format!("http://127.0.0.1:{port}")])
            .args(["--players", "20", "--rooms", "2", "--questions", "2"])
            // Two player loops, and the second room starts 200 ms after the first.
            .args(["--threads", "2", "--stagger-ms", "400"])
            .args(["--timeout", "60", "--json"])
            // The host key is read from the server's data folder.
            .arg("--data")
            .arg(&data_dir)
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    let last = stdout.lines().last().unwrap_or_default();
    let summary: Summary = serde_json::from_str(last)
        .unwrap_or_else(|e| panic!("last line is not the summary ({e}): {stdout}\n{stderr}"));

    assert!(
        output.status.success(),
        "exit status {:?}: {stdout}\n{stderr}",
        output.status
    );
    assert_eq!(summary.errors, 0, "{:?}", summary.error_kinds);
    assert_eq!(summary.disconnects, 0);
    assert!(!summary.timed_out);
    assert_eq!(
        (summary.players, summary.rooms, summary.questions),
        (20, 2, 2)
    );
    assert_eq!(summary.joined, 20);
    assert_eq!(summary.join_ms.count, 20);
    // Every player got both questions and an ack for both answers.
    assert_eq!(summary.fanout_ms.count, 40);
    assert_eq!(summary.answer_ack_ms.count, 40);
    // Arrival times came from the kernel, and the tool's lag beside them, for every
    // question and every ack.
    assert_eq!(summary.read_lag_ms.count, 80);
    // Each host saw every answer of both questions.
    assert_eq!(summary.all_answered_ms.count, 4);
    assert!(summary.fanout_ms.p50 <= summary.fanout_ms.p99);
    assert!(summary.fanout_ms.p99 <= summary.fanout_ms.max);
    // The JSON names the issue asks for.
    let v: serde_json::Value = serde_json::from_str(last).unwrap();
    for key in ["fanout_ms", "answer_ack_ms", "join_ms"] {
        assert!(
            v[key]["p50"].is_number() && v[key]["p99"].is_number(),
            "{key}"
        );
    }
    assert!(v["fanout_ms"]["max"].is_number() && v["answer_ack_ms"]["max"].is_number());

    let _ = stop.send(());
    server.await.unwrap().unwrap();
}

#[test]
fn the_load_tool_refuses_addresses_beyond_loopback() {
    let output = Command::new(env!("CARGO_BIN_EXE_quiznight"))
        .args([
            "loadtest",
            "--url",
            "http://192.0.2.1:8080",
            "--players",
            "1",
        ])
        .args(["--timeout", "5"])
        .output()
        .unwrap();
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("loopback"));
}
