//! Hostile clients against the real server: bad frames, oversized frames, floods,
//! wrong-code brute force, slow readers, thousands of sockets, broken packs. Each
//! test also checks that a room keeps playing beside the abuse.

mod common;

use common::{create_room, http_get, join, Client, Server};
use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Value};
use std::net::SocketAddr;
use tokio_tungstenite::tungstenite::protocol::frame::coding::{Data, OpCode};
use tokio_tungstenite::tungstenite::protocol::frame::Frame;
use tokio_tungstenite::tungstenite::Message;

/// A room with a host and one player, with the first question open.
struct Table {
    host: Client,
    ann: Client,
    code: String,
    question: u64,
}

impl Table {
    async fn open(addr: SocketAddr) -> Table {
        let (mut host, code, _) = create_room(addr, json!({"timeLimitSecs": 120})).await;
        let (mut ann, _) = join(addr, &code, "Ann").await;
        host.send(json!({"type": "start"})).await;
        assert_eq!(ann.expect("question").await["index"], 0);
        Table {
            host,
            ann,
            code,
            question: 0,
        }
    }

    /// Ann answers the open question, sees the reveal, and the next question opens.
    async fn still_plays(&mut self) {
        let q = self.question;
        self.ann
            .send(json!({"type": "answer", "question": q, "choice": 0}))
            .await;
        assert_eq!(self.ann.expect("answered").await["question"], q);
        // Ann is the only player: her answer closes the question.
        assert_eq!(self.ann.expect("reveal").await["index"], q);
        self.host.send(json!({"type": "next"})).await;
        self.ann.expect("leaderboard").await;
        self.host.send(json!({"type": "next"})).await;
        self.question += 1;
        assert_eq!(self.ann.expect("question").await["index"], self.question);
    }
}

async fn send_text(c: &mut Client, text: String) {
    c.ws.send(Message::Text(text.into())).await.expect("send");
}

#[tokio::test]
async fn bad_frames_get_an_error_and_the_connection_stays_open() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path());
    let mut table = Table::open(server.addr).await;
    let mut c = server.client().await;
    let bad: Vec<Message> = vec![
        Message::Binary(vec![0xff, 0x00, 0x13].into()),
        Message::Text("not json".into()),
        Message::Text("[1,2,3]".into()),
        Message::Text(r#"{"type":"dance"}"#.into()),
        Message::Text(r#"{"type":"join","code":"123456"}"#.into()),
        Message::Text(r#"{"code":"123456","name":"x"}"#.into()),
        Message::Text(r#"{"type":"answer","question":-1,"choice":99999999999999999999}"#.into()),
        Message::Text(r#"{"type":"join","code":{"$gt":""},"name":"x"}"#.into()),
        Message::Text(format!(r#"{{"type":"start","x":{}}}"#, "[".repeat(5000)).into()),
    ];
    for msg in bad {
        c.ws.send(msg).await.unwrap();
        let reply = c.expect("error").await;
        assert_eq!(reply["code"], "bad_message", "{reply}");
    }
    // Well-formed but not allowed: clear errors, still open.
    c.send(json!({"type": "start"})).await;
    assert_eq!(c.expect("error").await["code"], "not_host");
    c.send(json!({"type": "answer", "question": 0, "choice": 0}))
        .await;
    assert_eq!(c.expect("error").await["code"], "not_player");
    c.send(json!({"type": "resume", "token": "guess"})).await;
    assert_eq!(c.expect("error").await["code"], "unknown_token");
    c.send(json!({"type": "create", "pack": "../../etc/passwd"}))
        .await;
    assert_eq!(c.expect("error").await["code"], "pack_not_found");
    // Names that are refused, never changed.
    for name in ["", "   ", "a\u{202e}b", "x\u{0007}", &"n".repeat(25)] {
        c.send(json!({"type": "join", "code": table.code, "name": name}))
            .await;
        assert_eq!(c.expect("error").await["code"], "name_invalid", "{name:?}");
    }
    c.send(json!({"type": "join", "code": table.code, "name": " ann "}))
        .await;
    assert_eq!(c.expect("error").await["code"], "name_taken");
    // The connection is still usable: it can join for real.
    c.send(json!({"type": "join", "code": table.code, "name": "Bea"}))
        .await;
    c.expect("joined").await;
    // Bea joined mid-question and cannot answer it; Ann alone closes it.
    table.still_plays().await;
    server.stop().await.unwrap();
}

/// Finding 4: five chips that all read "Ann". Look-alikes, invisible characters and
/// unnormalized forms are `name_taken` or `name_invalid`; ordinary emoji are names.
#[tokio::test]
async fn names_that_impersonate_or_look_blank_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path());
    let mut table = Table::open(server.addr).await;
    let mut c = server.client().await;
    let taken = [
        "\u{0410}nn",               // Cyrillic capital A
        "\u{0430}nn",               // Cyrillic small a
        "\u{FF21}\u{FF4E}\u{FF4E}", // full-width
        "A\u{0578}n",               // Armenian vo looks like n
    ];
    for name in taken {
        c.send(json!({"type": "join", "code": table.code, "name": name}))
            .await;
        assert_eq!(c.expect("error").await["code"], "name_taken", "{name:?}");
    }
    let invalid = [
        "An\u{200B}n",
        "A\u{200D}nn",
        "Ann\u{2060}",
        "Ann\u{00AD}",
        "\u{3164}",
        "\u{2800}\u{2800}",
        "\u{0301}",
    ];
    for name in invalid {
        c.send(json!({"type": "join", "code": table.code, "name": name}))
            .await;
        assert_eq!(c.expect("error").await["code"], "name_invalid", "{name:?}");
    }
    // A ZWJ family counts as one character, and the stored name is the NFKC form.
    for (raw, shown) in [
        (
            "\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}",
            "\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}",
        ),
        (
            "\u{1F3F3}\u{FE0F}\u{200D}\u{1F308}",
            "\u{1F3F3}\u{FE0F}\u{200D}\u{1F308}",
        ),
        ("\u{FF22}ea", "Bea"),
    ] {
        let mut p = server.client().await;
        p.send(json!({"type": "join", "code": table.code, "name": raw}))
            .await;
        assert_eq!(p.expect("joined").await["name"], shown, "{raw:?}");
    }
    let family = "\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}\u{200D}\u{1F466}".repeat(24);
    let mut p = server.client().await;
    p.send(json!({"type": "join", "code": table.code, "name": family}))
        .await;
    p.expect("joined").await;
    table.still_plays().await;
    server.stop().await.unwrap();
}

#[tokio::test]
async fn a_text_frame_that_is_not_utf8_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path());
    let mut table = Table::open(server.addr).await;
    let mut c = server.client().await;
    let frame = Frame::message(vec![b'{', 0xc3, 0x28, b'}'], OpCode::Data(Data::Text), true);
    c.ws.send(Message::Frame(frame)).await.unwrap();
    // Invalid UTF-8 in a text frame breaks the WebSocket protocol: close 1007.
    assert_eq!(c.closed_with(10).await, Some(1007));
    table.still_plays().await;
    server.stop().await.unwrap();
}

#[tokio::test]
async fn oversized_messages_close_with_1009() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path());
    let mut table = Table::open(server.addr).await;
    // Just over the limit, far over it (past the WebSocket layer's own limit), and huge.
    for size in [16 * 1024 + 1, 100 * 1024, 2 * 1024 * 1024] {
        let mut c = server.client().await;
        let text = format!(
            r#"{{"type":"join","code":"000000","name":"{}"}}"#,
            "x".repeat(size)
        );
        let sent = c.ws.send(Message::Text(text.into())).await;
        let closed = c.closed_with(10).await;
        if size <= 100 * 1024 {
            assert!(sent.is_ok(), "{size} bytes: {sent:?}");
            assert_eq!(closed, Some(1009), "{size} bytes");
        } else {
            // The server stops reading mid-frame; the kernel may reset a peer that is
            // still writing 2 MiB, so the close frame can be lost. Closed it must be,
            // and with 1009 whenever a code arrives.
            assert!(
                matches!(closed, None | Some(1009)),
                "{size} bytes: {closed:?}"
            );
        }
    }
    // Exactly at the limit is still a message (refused for its content, not its size).
    let mut c = server.client().await;
    let pad = 16 * 1024 - r#"{"type":"start","pad":""}"#.len();
    send_text(
        &mut c,
        format!(r#"{{"type":"start","pad":"{}"}}"#, "p".repeat(pad)),
    )
    .await;
    assert_eq!(c.expect("error").await["code"], "not_host");
    table.still_plays().await;
    server.stop().await.unwrap();
}

#[tokio::test]
async fn a_flood_closes_with_1008() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path());
    let mut table = Table::open(server.addr).await;
    // A player of the room floods it with answers.
    let (mut flooder, _) = join(server.addr, &table.code, "Flood").await;
    for _ in 0..300 {
        let text = json!({"type": "answer", "question": 0, "choice": 1}).to_string();
        if flooder.ws.send(Message::Text(text.into())).await.is_err() {
            break;
        }
    }
    assert_eq!(flooder.closed_with(1000).await, Some(1008));
    table.still_plays().await;
    server.stop().await.unwrap();
}

#[tokio::test]
async fn wrong_codes_are_rate_limited_per_connection_and_per_ip() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path());
    let mut table = Table::open(server.addr).await;
    let wrong = if table.code == "999999" {
        "999998"
    } else {
        "999999"
    };
    let join_msg = |code: &str| json!({"type": "join", "code": code, "name": "Eve"});

    // Per connection: 20 wrong codes, then even the right code is refused.
    let mut eve = server.client().await;
    for _ in 0..20 {
        eve.send(join_msg(wrong)).await;
        assert_eq!(eve.expect("error").await["code"], "room_not_found");
    }
    eve.send(join_msg(wrong)).await;
    assert_eq!(eve.expect("error").await["code"], "rate_limited");
    eve.send(join_msg(&table.code)).await;
    assert_eq!(eve.expect("error").await["code"], "rate_limited");

    // Per IP: reconnecting does not reset the count; after 60 wrong codes from this
    // address a fresh connection is refused too.
    let mut tried = 20;
    while tried < 60 {
        let mut c = server.client().await;
        for _ in 0..20 {
            c.send(join_msg(wrong)).await;
            assert_eq!(c.expect("error").await["code"], "room_not_found");
            tried += 1;
        }
    }
    let mut fresh = server.client().await;
    fresh.send(join_msg(&table.code)).await;
    assert_eq!(fresh.expect("error").await["code"], "rate_limited");
    // Players already in the room are not affected.
    table.still_plays().await;
    server.stop().await.unwrap();
}

#[tokio::test]
async fn a_client_that_never_reads_is_dropped_and_the_room_plays_on() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path());
    const FILLERS: usize = 46;
    const CHURNS: usize = 1200;
    let (host, code, host_token) = create_room(server.addr, json!({"timeLimitSecs": 120})).await;
    let (mut ann, _) = join(server.addr, &code, "Ann").await;

    // The slow client: a tiny receive buffer, joins, then never reads.
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.set_recv_buffer_size(4096).unwrap();
    let stream = socket.connect(server.addr).await.unwrap();
    let (mut slow, _) = tokio_tungstenite::client_async(format!("ws://{}/ws", server.addr), stream)
        .await
        .unwrap();
    let join_text = json!({"type": "join", "code": code, "name": "Slow"}).to_string();
    slow.send(Message::Text(join_text.into())).await.unwrap();

    // Traffic: in a room of up to 50, every join and every kick sends everyone a `lobby`
    // at once (~5 KB with these 4-byte-character names). 46 players join and leave
    // (staying listed); then CHURNS times a player joins and is kicked: ~12 MB for the
    // slow client, far more than socket buffers plus its queue can hold. (Bigger rooms
    // coalesce their lobbies, so joins alone would no longer do.)
    for batch in 0..FILLERS / 23 {
        let mut tasks = Vec::new();
        for i in 0..23 {
            let (addr, code) = (server.addr, code.clone());
            let name = format!("{}{:05}", "\u{1F3B2}".repeat(19), batch * 23 + i);
            tasks.push(tokio::spawn(
                async move { join(addr, &code, &name).await.0 },
            ));
        }
        for t in tasks {
            // They leave (and stay listed): only Ann and the slow client are connected.
            drop(t.await.unwrap());
        }
    }
    let mut host = host.read_until_players(FILLERS + 2).await.unwrap();
    let ann_reads = tokio::spawn(async move {
        for _ in 0..CHURNS * 2 + FILLERS + 100 {
            let msg = ann.recv().await;
            let last = msg["players"].as_array().and_then(|p| p.last().cloned());
            if msg["type"] == "lobby" && last.is_some_and(|p| p["name"] == "Sentinel") {
                return ann;
            }
        }
        panic!("Ann never saw the sentinel join");
    });
    for i in 0..CHURNS {
        if i % 40 == 39 {
            // A fresh host connection (a resume takes over) keeps under the flood limit.
            host = Client::connect(server.addr).await;
            host.send(json!({"type": "resume", "token": host_token}))
                .await;
            host.expect("resumed").await;
            host.expect("lobby").await;
        }
        let mut c = Client::connect(server.addr).await;
        let name = format!("{}{i:05}", "\u{1F3AF}".repeat(19));
        c.send(json!({"type": "join", "code": code, "name": name}))
            .await;
        let id = c.expect("joined").await["playerId"].clone();
        host.expect("lobby").await;
        host.send(json!({"type": "kick", "playerId": id})).await;
        host.expect("lobby").await;
    }
    drop(join(server.addr, &code, "Sentinel").await);
    // Host and Ann read everything meanwhile, and the game goes on for them.
    let mut ann = ann_reads.await.unwrap();
    host.send(json!({"type": "start"})).await;
    for q in 0..3u64 {
        assert_eq!(ann.expect("question").await["index"], q);
        ann.send(json!({"type": "answer", "question": q, "choice": 1}))
            .await;
        ann.expect("answered").await;
        // The slow client no longer counts as connected: Ann's answer closes the question.
        assert_eq!(ann.expect("reveal").await["index"], q);
        host.send(json!({"type": "next"})).await;
        ann.expect("leaderboard").await;
        if q < 2 {
            host.send(json!({"type": "next"})).await;
        }
    }
    host.send(json!({"type": "end"})).await;
    ann.expect("finished").await;

    // Now the slow client reads: it finds what was buffered, then the end. It was
    // dropped long before: it never saw most lobbies, nor any question or the finish.
    let mut seen_lobbies = 0;
    let mut seen = Vec::new();
    for _ in 0..(CHURNS * 2 + 100) {
        match tokio::time::timeout(common::WAIT, slow.next())
            .await
            .expect("the slow connection ends in time")
        {
            Some(Ok(Message::Text(t))) => {
                let v: Value = serde_json::from_str(&t).unwrap();
                if v["type"] == "lobby" {
                    seen_lobbies += 1;
                } else {
                    seen.push(v["type"].as_str().unwrap_or("").to_string());
                }
            }
            Some(Ok(Message::Close(_))) | Some(Err(_)) | None => break,
            Some(Ok(_)) => {}
        }
    }
    eprintln!(
        "the slow client saw {seen_lobbies} of {} lobbies, then {seen:?}",
        CHURNS * 2
    );
    assert!(
        seen_lobbies < CHURNS * 2,
        "dropped early: saw {seen_lobbies} lobbies"
    );
    assert!(!seen.iter().any(|t| t == "finished"), "{seen:?}");
    server.stop().await.unwrap();
}

#[tokio::test]
async fn thousands_of_sockets_opening_and_closing_leave_the_room_playing() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path());
    let table = Table::open(server.addr).await;
    const SOCKETS: usize = 2000;
    // Host and Ann keep reading while the drive-by players come and go.
    let Table {
        host, ann, code, ..
    } = table;
    let host_reads = host.read_until_players(1 + SOCKETS / 4);
    let ann_reads = ann.read_until_players(1 + SOCKETS / 4);
    let mut done = 0;
    for batch in 0..SOCKETS / 50 {
        let mut tasks = Vec::new();
        for i in 0..50 {
            let (addr, code) = (server.addr, code.clone());
            let n = batch * 50 + i;
            tasks.push(tokio::spawn(async move {
                match n % 4 {
                    // Open and drop without a close handshake.
                    0 => drop(Client::connect(addr).await),
                    // Half-open TCP: connect, send nothing, go away.
                    1 => drop(tokio::net::TcpStream::connect(addr).await.unwrap()),
                    // Join the room mid-question, then vanish.
                    2 => {
                        let (c, _) = join(addr, &code, &format!("Drive-by {n}")).await;
                        drop(c);
                    }
                    // Garbage, then a polite close.
                    _ => {
                        let mut c = Client::connect(addr).await;
                        c.ws.send(Message::Text("{".into())).await.unwrap();
                        c.expect("error").await;
                        let _ = c.ws.close(None).await;
                    }
                }
            }));
        }
        for t in tasks {
            t.await.unwrap();
            done += 1;
        }
    }
    assert_eq!(done, SOCKETS);
    let mut table = Table {
        host: host_reads.await.unwrap(),
        ann: ann_reads.await.unwrap(),
        code,
        question: 0,
    };
    let (status, _, body) = http_get(server.addr, "/healthz");
    assert_eq!((status, body.as_str()), (200, "ok"));
    table.still_plays().await;
    table.still_plays().await;
    server.stop().await.unwrap();
}

#[tokio::test]
async fn huge_binary_and_non_utf8_packs_are_skipped_and_the_rest_load() {
    let dir = tempfile::tempdir().unwrap();
    let packs = dir.path().join("packs");
    std::fs::create_dir(&packs).unwrap();
    std::fs::copy(
        common::packs_dir().join("sample.toml"),
        packs.join("sample.toml"),
    )
    .unwrap();
    // Not UTF-8 (Latin-1 text).
    std::fs::write(
        packs.join("latin1.toml"),
        b"title = \"Caf\xe9\"\n[[questions]]\ntext = \"?\"\n",
    )
    .unwrap();
    // Binary junk with a pack's extension.
    let junk: Vec<u8> = (0..100_000u32)
        .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
        .collect();
    std::fs::write(packs.join("junk.json"), &junk).unwrap();
    // Huge: 20 MB of valid-looking TOML that never closes its string.
    let mut huge = b"title = \"".to_vec();
    huge.resize(20 * 1024 * 1024, b'a');
    std::fs::write(packs.join("huge.toml"), &huge).unwrap();
    // Deeply nested JSON.
    std::fs::write(packs.join("deep.json"), "[".repeat(100_000)).unwrap();

    let (loaded, errors) = quiznight::pack::load_dir(&packs);
    let ids: Vec<&str> = loaded.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, ["sample"]);
    assert_eq!(errors.len(), 4, "{errors:?}");
    for e in &errors {
        assert!(!e.message.is_empty() && e.message.len() < 2000, "{e}");
    }

    let data = dir.path().join("data");
    let server = Server::start_with(quiznight::server::Config::new(&packs, &data));
    let (status, _, body) = http_get(server.addr, "/api/packs");
    assert_eq!(status, 200);
    let list: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 1);
    let mut table = Table::open(server.addr).await;
    table.still_plays().await;
    server.stop().await.unwrap();
}

#[tokio::test]
async fn behind_a_proxy_the_ip_limit_counts_the_real_client() {
    let dir = tempfile::tempdir().unwrap();
    let mut config = quiznight::server::Config::new(common::packs_dir(), dir.path());
    config.behind_proxy = true;
    let server = Server::start_with(config);
    let (_host, code, _) = create_room(server.addr, json!({})).await;
    let wrong = if code == "999999" { "999998" } else { "999999" };
    // 60 wrong codes from 203.0.113.7, over three connections.
    for _ in 0..3 {
        let mut c = Client::connect_as(server.addr, "203.0.113.7").await;
        for _ in 0..20 {
            c.send(json!({"type": "join", "code": wrong, "name": "Eve"}))
                .await;
            assert_eq!(c.expect("error").await["code"], "room_not_found");
        }
    }
    let mut eve = Client::connect_as(server.addr, "203.0.113.7").await;
    eve.send(json!({"type": "join", "code": code, "name": "Eve"}))
        .await;
    assert_eq!(eve.expect("error").await["code"], "rate_limited");
    // Another player behind the same proxy is not locked out.
    let mut ann = Client::connect_as(server.addr, "198.51.100.4").await;
    ann.send(json!({"type": "join", "code": code, "name": "Ann"}))
        .await;
    ann.expect("joined").await;
    server.stop().await.unwrap();
}
