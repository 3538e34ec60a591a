//! Issue 11's "getting in" findings, each as an attack from a script or a stranger's
//! browser: without the host key one can only join and play.

mod common;

use common::{http, http_with, join, Client, Server, TEST_HOST_KEY};
use serde_json::json;
use std::io::{BufRead, BufReader};

/// Finding 2: a socket without the host key cannot create a room, and stays open to play.
#[tokio::test]
async fn create_without_the_host_key_is_unauthorized_and_the_socket_stays_open() {
    let server = Server::with_test_pack(|_| {});
    let mut stranger = server.anon_client().await;
    stranger
        .send(json!({"type": "create", "pack": "test"}))
        .await;
    assert_eq!(stranger.expect_error().await, "unauthorized");

    // A wrong key is no better.
    let wrong = "Bearer not-the-key-0123456789";
    let mut guesser = Client::connect_with(server.addr, &[("authorization", wrong)]).await;
    guesser
        .send(json!({"type": "create", "pack": "test"}))
        .await;
    assert_eq!(guesser.expect_error().await, "unauthorized");

    // The real host creates a room; the stranger's same socket joins and plays.
    let mut host = server.client().await;
    let (code, _) = host.create("test", json!({})).await;
    stranger
        .send(json!({"type": "join", "code": code, "name": "Stranger"}))
        .await;
    stranger.expect_ok("joined").await;
    host.send(json!({"type": "start"})).await;
    stranger.expect_ok("question").await;
    stranger
        .send(json!({"type": "answer", "question": 0, "choice": 0}))
        .await;
    stranger.expect_ok("answered").await;

    // A host token from `created` needs no key to resume.
    let mut host2 = server.client().await;
    let (_, host_token) = host2.create("test", json!({})).await;
    let mut resumed = server.anon_client().await;
    resumed
        .send(json!({"type": "resume", "token": host_token}))
        .await;
    assert_eq!(resumed.expect_ok("resumed").await["role"], "host");
    server.stop().await.unwrap();
}

/// Finding 2: every host route answers 401 without the key; the player's routes do not.
#[tokio::test]
async fn host_routes_need_the_key_and_player_routes_do_not() {
    let server = Server::with_test_pack(|_| {});
    let addr = server.addr;
    let anon = |method: &str, path: &str| http_with(addr, method, path, &[], b"").0;
    for (method, path) in [
        ("GET", "/host"),
        ("GET", "/host.html"),
        ("GET", "/results"),
        ("GET", "/results.html"),
        ("GET", "/api/games"),
        ("GET", "/api/games/0123456789abcdef"),
        ("GET", "/api/games/0123456789abcdef/results.csv"),
        ("POST", "/api/packs?name=x.toml"),
    ] {
        assert_eq!(anon(method, path), 401, "{method} {path} without the key");
    }
    for path in [
        "/",
        "/healthz",
        "/api/packs",
        "/js/player.js",
        "/css/style.css",
    ] {
        assert_eq!(anon("GET", path), 200, "GET {path} is public");
    }
    // The host page's refusal says where the key is.
    let (_, head, body) = http_with(addr, "GET", "/host", &[], b"");
    assert!(head.to_ascii_lowercase().contains("text/html"), "{head}");
    assert!(
        body.contains("host-key") && body.contains("--host-key"),
        "{body}"
    );

    // With the bearer key they all work.
    for path in ["/host", "/results", "/api/games"] {
        assert_eq!(
            http(addr, "GET", path, b"").0,
            200,
            "GET {path} with the key"
        );
    }
    let (status, _, _) = http(
        addr,
        "POST",
        "/api/packs?name=up.toml",
        b"title = \"Up\"\n[[questions]]\ntext = \"Q?\"\nchoices = [\"a\", \"b\"]\nanswer = 0\n",
    );
    assert_eq!(status, 201);
    server.stop().await.unwrap();
}

/// The host link sets an HttpOnly, SameSite=Strict cookie and redirects to a clean URL;
/// the cookie then opens the host page and the host socket.
#[tokio::test]
async fn the_host_link_sets_a_strict_http_only_cookie_and_redirects_to_a_clean_url() {
    let server = Server::with_test_pack(|_| {});
    let addr = server.addr;
    let (status, head, _) = http_with(
        addr,
        "GET",
        &format!("/host?key={TEST_HOST_KEY}&lang=en"),
        &[],
        b"",
    );
    assert_eq!(status, 303, "{head}");
    let lower = head.to_ascii_lowercase();
    assert!(lower.contains("location: /host?lang=en\r\n"), "{head}");
    let cookie_line = head
        .lines()
        .find(|l| l.to_ascii_lowercase().starts_with("set-cookie:"))
        .expect("a cookie");
    assert!(cookie_line.contains("HttpOnly"), "{cookie_line}");
    assert!(cookie_line.contains("SameSite=Strict"), "{cookie_line}");
    let cookie = cookie_line
        .split_once(':')
        .unwrap()
        .1
        .split(';')
        .next()
        .unwrap()
        .trim()
        .to_string();
    assert_eq!(
        http_with(addr, "GET", "/host", &[("Cookie", &cookie)], b"").0,
        200
    );
    let mut host = Client::connect_with(addr, &[("cookie", &cookie)]).await;
    host.create("test", json!({})).await;

    // A wrong key in the link is refused, and sets nothing.
    let (status, head, _) = http_with(addr, "GET", "/host?key=wrong-wrong-wrong-wrong", &[], b"");
    assert_eq!(status, 401);
    assert!(!head.to_ascii_lowercase().contains("set-cookie"), "{head}");
    server.stop().await.unwrap();
}

/// Guesses are rate-limited per address: after ten wrong keys even the right one is
/// refused (429) until the window passes, while players from there still play.
#[tokio::test]
async fn wrong_host_keys_are_rate_limited() {
    let server = Server::with_test_pack(|_| {});
    let addr = server.addr;
    for i in 0..10 {
        let bearer = format!("Bearer guess-{i:020}");
        let (status, _, _) = http_with(
            addr,
            "GET",
            "/api/games",
            &[("Authorization", &bearer)],
            b"",
        );
        assert_eq!(status, 401);
    }
    assert_eq!(http(addr, "GET", "/api/games", b"").0, 429);
    let mut host = server.client().await;
    host.send(json!({"type": "create", "pack": "test"})).await;
    assert_eq!(host.expect_error().await, "unauthorized");
    // Playing needs no key, so it is not limited.
    assert_eq!(http_with(addr, "GET", "/api/packs", &[], b"").0, 200);
    server.stop().await.unwrap();
}

/// The binary makes a key on first start, keeps it in the data folder, prints it in
/// the host link, and uses the same one after a restart.
#[test]
fn the_binary_prints_a_host_link_with_a_key_it_keeps() {
    let data = tempfile::tempdir().unwrap();
    let start = || {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_quiznight"))
            .args(["serve", "--addr", "127.0.0.1:0", "--data"])
            .arg(data.path())
            .arg("--packs")
            .arg(common::packs_dir())
            .env_remove("QUIZNIGHT_HOST_KEY")
            .env("RUST_LOG", "quiznight=warn")
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let line = BufReader::new(child.stdout.take().unwrap())
            .lines()
            .take(20)
            .map(Result::unwrap)
            .find(|l| l.contains("/host?key="))
            .expect("the host link is printed");
        let _ = child.kill();
        let _ = child.wait();
        let link = line
            .split_whitespace()
            .find(|w| w.contains("/host?key="))
            .unwrap()
            .to_string();
        link.split_once("key=").unwrap().1.to_string()
    };
    let first = start();
    assert!(first.len() >= 32, "{first}");
    let kept = std::fs::read_to_string(data.path().join("host-key")).unwrap();
    assert_eq!(kept.trim(), first);
    assert_eq!(start(), first, "the same key after a restart");
}

/// Players joining need no key at all.
#[tokio::test]
async fn players_join_and_play_without_the_key() {
    let server = Server::with_test_pack(|_| {});
    let mut host = server.client().await;
    let (code, _) = host.create("test", json!({})).await;
    let (mut ann, _) = join(server.addr, &code, "Ann").await;
    let mut bob = server.anon_client().await;
    bob.join(&code, "Bob").await;
    host.send(json!({"type": "start"})).await;
    ann.expect_ok("question").await;
    bob.expect_ok("question").await;
    server.stop().await.unwrap();
}

/// A pack whose questions name a PNG and an SVG in its media folder, beside a picture
/// no question names; the folders live as long as the returned guards.
fn server_with_pictures() -> (Server, [tempfile::TempDir; 2]) {
    let packs = tempfile::tempdir().unwrap();
    let media = packs.path().join("media/pics");
    std::fs::create_dir_all(&media).unwrap();
    std::fs::write(media.join("a.png"), b"\x89PNG\r\n\x1a\nfake").unwrap();
    std::fs::write(
        media.join("b.svg"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    )
    .unwrap();
    std::fs::write(media.join("unnamed.png"), b"\x89PNG").unwrap();
    std::fs::write(
        packs.path().join("pics.toml"),
        r#"title = "Pictures"
[[questions]]
text = "Which?"
choices = ["a", "b"]
answer = 1
image = "media/pics/a.png"
[[questions]]
text = "And this?"
choices = ["c", "d"]
answer = 0
image = "./media/pics/b.svg"
"#,
    )
    .unwrap();
    std::fs::copy(
        common::packs_dir().join("sample.toml"),
        packs.path().join("sample.toml"),
    )
    .unwrap();
    let data = tempfile::tempdir().unwrap();
    let server = Server::start_with(quiznight::server::Config::new(packs.path(), data.path()));
    (server, [packs, data])
}

/// Finding 1: the pack file (its answer key) and anything no question names are never
/// served, key or not; the named pictures are, with their type and nosniff.
#[tokio::test]
async fn pack_files_are_never_served_only_the_pictures_questions_name() {
    let (server, _packs) = server_with_pictures();
    let addr = server.addr;
    for path in [
        "/packs/sample/sample.toml",
        "/packs/pics/pics.toml",
        "/packs/pics/media/pics/unnamed.png",
        "/packs/pics/media/pics/../../pics.toml",
        "/packs/pics/media/pics/missing.png",
        "/packs/sample/media/pics/a.png",
    ] {
        assert_eq!(http_with(addr, "GET", path, &[], b"").0, 404, "{path}");
        assert_eq!(http(addr, "GET", path, b"").0, 404, "{path} with the key");
    }
    let (status, head, _) = http_with(addr, "GET", "/packs/pics/media/pics/a.png", &[], b"");
    assert_eq!(status, 200, "{head}");
    let lower = head.to_ascii_lowercase();
    assert!(lower.contains("content-type: image/png"), "{head}");
    assert!(lower.contains("x-content-type-options: nosniff"), "{head}");

    let (status, head, _) = http_with(addr, "GET", "/packs/pics/media/pics/b.svg", &[], b"");
    assert_eq!(status, 200, "{head}");
    let lower = head.to_ascii_lowercase();
    assert!(lower.contains("content-type: image/svg+xml"), "{head}");
    assert!(
        lower.contains(
            "content-security-policy: default-src 'none'; style-src 'unsafe-inline'; sandbox"
        ),
        "{head}"
    );
    server.stop().await.unwrap();
}

/// An `image` that is not a picture type is refused by the pack rules, so the server
/// never offers a question whose picture it would not serve.
#[test]
fn an_image_that_is_not_a_picture_is_refused_by_check() {
    let text = "title = \"T\"\n[[questions]]\ntext = \"Q?\"\nchoices = [\"a\", \"b\"]\nanswer = 0\nimage = \"sample.toml\"\n";
    let report = quiznight::pack::check_text("x.toml", text, None);
    assert!(report.pack.is_none());
    let all: Vec<String> = report.errors.iter().map(|e| e.message.clone()).collect();
    assert!(
        all.iter()
            .any(|m| m.contains("not a picture") && m.contains("png, jpg")),
        "{all:?}"
    );
}

/// The status a refused `/ws` upgrade got (0 if it was accepted).
async fn upgrade_status(addr: std::net::SocketAddr, headers: &[(&str, &str)]) -> u16 {
    match Client::try_connect_with(addr, headers).await {
        Ok(_) => 0,
        Err(tokio_tungstenite::tungstenite::Error::Http(response)) => response.status().as_u16(),
        Err(e) => panic!("unexpected {e}"),
    }
}

/// Finding 2: a page on another site cannot open a socket through a visitor's browser;
/// the server's own pages, an allowed origin and scripts (no Origin) can.
#[tokio::test]
async fn websockets_from_other_origins_are_refused() {
    let server = Server::with_test_pack(|c| {
        c.allowed_origins = vec!["https://quiz.example.org".into()];
    });
    let addr = server.addr;
    let own = format!("http://{addr}");
    assert_eq!(
        upgrade_status(addr, &[("origin", "http://evil.example")]).await,
        403
    );
    assert_eq!(upgrade_status(addr, &[("origin", "null")]).await, 403);
    let other_port = format!("http://127.0.0.1:{}", addr.port() + 1);
    assert_eq!(upgrade_status(addr, &[("origin", &other_port)]).await, 403);
    assert_eq!(upgrade_status(addr, &[("origin", &own)]).await, 0);
    assert_eq!(
        upgrade_status(addr, &[("origin", "https://quiz.example.org")]).await,
        0
    );
    assert_eq!(upgrade_status(addr, &[]).await, 0);

    // Even with the host cookie a foreign page's socket is refused before it can create.
    let bearer = format!("Bearer {TEST_HOST_KEY}");
    let with_key = [
        ("authorization", bearer.as_str()),
        ("origin", "http://evil.example"),
    ];
    assert_eq!(upgrade_status(addr, &with_key).await, 403);
    let mut host =
        Client::connect_with(addr, &[("authorization", &bearer), ("origin", &own)]).await;
    host.create("test", json!({})).await;
    server.stop().await.unwrap();
}

/// Finding 2: state-changing requests that a foreign page could send (a foreign
/// Origin, a cross-site fetch, a form content type) are refused even with the key,
/// while the web client's own kinds of request work.
#[tokio::test]
async fn cross_site_and_form_posts_are_refused_even_with_the_key() {
    let server = Server::with_test_pack(|_| {});
    let addr = server.addr;
    let bearer = format!("Bearer {TEST_HOST_KEY}");
    let pack = |title: &str| {
        format!("title = \"{title}\"\n[[questions]]\ntext = \"Q?\"\nchoices = [\"a\", \"b\"]\nanswer = 0\n")
    };
    let post = |extra: &[(&str, &str)], title: &str| {
        let mut headers = vec![("Authorization", bearer.as_str())];
        headers.extend_from_slice(extra);
        http_with(
            addr,
            "POST",
            "/api/packs?name=x.toml",
            &headers,
            pack(title).as_bytes(),
        )
        .0
    };
    for (extra, what) in [
        (vec![("Origin", "http://evil.example")], "a foreign origin"),
        (vec![("Sec-Fetch-Site", "cross-site")], "a cross-site fetch"),
        (
            vec![("Content-Type", "text/plain;charset=UTF-8")],
            "text/plain",
        ),
        (
            vec![("Content-Type", "application/x-www-form-urlencoded")],
            "a urlencoded form",
        ),
        (
            vec![("Content-Type", "multipart/form-data; boundary=x")],
            "a multipart form",
        ),
    ] {
        assert_eq!(post(&extra, "Refused"), 403, "{what}");
    }
    let editor = http_with(
        addr,
        "DELETE",
        "/api/editor/packs/test",
        &[
            ("Authorization", &bearer),
            ("Origin", "http://evil.example"),
        ],
        b"",
    );
    assert_eq!(editor.0, 403, "a foreign DELETE");
    assert_eq!(
        server
            .http("GET", "/api/packs", b"")
            .await
            .1
            .as_array()
            .unwrap()
            .len(),
        2
    );

    // What the host page sends: its own origin, same-origin, the file as octet-stream.
    let own = format!("http://{addr}");
    let status = post(
        &[
            ("Origin", &own),
            ("Sec-Fetch-Site", "same-origin"),
            ("Content-Type", "application/octet-stream"),
        ],
        "Accepted",
    );
    assert_eq!(status, 201);
    server.stop().await.unwrap();
}

/// Finding 5: every response carries the security headers, with a policy that forbids
/// framing and inline scripts; an SVG picture keeps its own stricter policy.
#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let (server, _dirs) = server_with_pictures();
    let addr = server.addr;
    for (path, key) in [
        ("/", false),
        ("/host", true),
        ("/host", false),
        ("/api/packs", false),
        ("/js/player.js", false),
        ("/no-such-page", false),
        ("/packs/pics/media/pics/a.png", false),
    ] {
        let (status, head, _) = if key {
            http(addr, "GET", path, b"")
        } else {
            http_with(addr, "GET", path, &[], b"")
        };
        let lower = head.to_ascii_lowercase();
        for want in [
            "x-frame-options: deny",
            "x-content-type-options: nosniff",
            "referrer-policy: no-referrer",
            "cross-origin-opener-policy: same-origin",
        ] {
            assert!(
                lower.contains(want),
                "{path} ({status}) lacks {want}: {head}"
            );
        }
        let csp = lower
            .lines()
            .find_map(|l| l.strip_prefix("content-security-policy: "))
            .unwrap_or_else(|| panic!("{path} has no CSP: {head}"));
        for want in [
            "frame-ancestors 'none'",
            "script-src 'self'",
            "object-src 'none'",
        ] {
            assert!(csp.contains(want), "{path}: {csp}");
        }
        assert!(!csp.contains("unsafe-inline"), "{path}: {csp}");
    }
    let (_, head, _) = http_with(addr, "GET", "/packs/pics/media/pics/b.svg", &[], b"");
    let csp_lines = head
        .lines()
        .filter(|l| {
            l.to_ascii_lowercase()
                .starts_with("content-security-policy:")
        })
        .count();
    assert_eq!(csp_lines, 1, "the SVG's own policy only: {head}");
    assert!(head.contains("sandbox"), "{head}");
    server.stop().await.unwrap();
}

/// The web pages satisfy the policy: no inline scripts, styles or handlers.
#[test]
fn the_web_pages_have_no_inline_scripts_or_styles() {
    let web = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("web");
    let handler = regex::Regex::new(r#"\son[a-z]+\s*="#).unwrap();
    for entry in std::fs::read_dir(&web).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) != Some("html") {
            continue;
        }
        let html = std::fs::read_to_string(&path).unwrap().to_ascii_lowercase();
        let name = path.display();
        assert!(!html.contains("<style"), "{name} has a <style>");
        assert!(!html.contains(" style="), "{name} has a style attribute");
        assert!(
            !html.contains("javascript:"),
            "{name} has a javascript: URL"
        );
        for (i, _) in html.match_indices("<script") {
            let tag = &html[i..i + html[i..].find('>').unwrap()];
            assert!(tag.contains(" src="), "{name} has an inline script: {tag}");
        }
        assert!(!handler.is_match(&html), "{name} has an inline handler");
    }
}

/// A tiny valid pack called `title`.
fn tiny_pack(title: &str) -> String {
    format!(
        "title = \"{title}\"\n[[questions]]\ntext = \"Q?\"\nchoices = [\"a\", \"b\"]\nanswer = 0\n"
    )
}

/// Finding 3: an upload named like a bundled pack, with its title, neither takes its id
/// nor comes first in the list the host page preselects from.
#[tokio::test]
async fn an_upload_never_shadows_or_precedes_a_bundled_pack() {
    let server = Server::with_test_pack(|_| {});
    let sample = std::fs::read_to_string(common::packs_dir().join("sample.toml")).unwrap();
    for name in ["sample.toml", "0.toml", "%20.toml"] {
        let (status, body) = server
            .http(
                "POST",
                &format!("/api/packs?name={name}"),
                tiny_pack("Sample").as_bytes(),
            )
            .await;
        // A name with nothing usable falls back to the title, already uploaded: 200.
        assert!(status == 201 || status == 200, "{name}: {body}");
        let id = body["id"].as_str().unwrap();
        assert!(id.starts_with("upload-"), "{name} became {id}");
    }
    let (status, body) = server
        .http("POST", "/api/packs?name=sample.toml", sample.as_bytes())
        .await;
    assert!(status == 200 || status == 201, "{body}");
    assert_ne!(body["id"], "sample");
    let (_, list) = server.http("GET", "/api/packs", b"").await;
    let ids: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    assert_eq!(&ids[..2], ["sample", "test"], "{ids:?}");
    assert!(
        ids[2..].iter().all(|id| id.starts_with("upload-")),
        "{ids:?}"
    );
    // The bundled sample is untouched: its real questions still play.
    let mut host = server.client().await;
    let created = {
        host.send(json!({"type": "create", "pack": "sample"})).await;
        host.expect_ok("created").await
    };
    assert_ne!(created["pack"]["title"], "Sample");
    server.stop().await.unwrap();
}

/// Finding 3: uploads are limited per address per hour, and uploaded packs have a
/// budget of their own that the host can free again by deleting one.
#[tokio::test]
async fn uploads_are_rate_limited_and_budgeted() {
    let server = Server::with_test_pack(|c| {
        c.limits.uploads_per_ip = 4;
        c.limits.max_uploaded_packs = 2;
    });
    let at = &server;
    let upload = |n: usize| {
        let title = format!("Pack {n}");
        let body = tiny_pack(&title);
        async move {
            at.http(
                "POST",
                &format!("/api/packs?name=p{n}.toml"),
                body.as_bytes(),
            )
            .await
        }
    };
    assert_eq!(upload(1).await.0, 201);
    assert_eq!(upload(2).await.0, 201);
    let (status, body) = upload(3).await;
    assert_eq!(status, 507, "{body}");
    assert!(body["errors"][0]["message"]
        .as_str()
        .unwrap()
        .contains("delete some"));
    // Deleting an upload in the editor makes room again.
    assert_eq!(
        server
            .http("DELETE", "/api/editor/packs/upload-p1", b"")
            .await
            .0,
        200
    );
    assert_eq!(upload(4).await.0, 201);
    // Four uploads this hour from this address: the fifth is refused before it is read.
    let (status, body) = upload(5).await;
    assert_eq!(status, 429, "{body}");
    // The server's own packs are still all there to play.
    let mut host = server.client().await;
    host.create("test", json!({})).await;
    server.stop().await.unwrap();
}

/// Finding 6: a pack with 90,000 unknown keys costs linear work and a bounded report:
/// twenty warnings one by one, then one line for the rest.
#[test]
fn unknown_fields_are_warned_about_a_bounded_number_of_times() {
    let junk: Vec<String> = (0..90_000).map(|i| format!("\"junk{i}\": 1")).collect();
    let text = format!(
        "{{\"title\": \"T\", {}, \"questions\": [{{\"text\": \"Q?\", \"choices\": [\"a\", \"b\"], \"answer\": 0}}]}}",
        junk.join(", ")
    );
    let report = quiznight::pack::check_text("x.json", &text, None);
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    assert_eq!(report.warnings.len(), 21);
    assert!(report
        .warnings
        .iter()
        .any(|w| w.message.contains("89980 more unknown fields")));
}

/// Reads until the server closes the connection (bounded by `common::WAIT`); returns what
/// it sent. Panics if the server keeps the connection open that long.
fn read_until_closed(s: &mut std::net::TcpStream) -> String {
    use std::io::Read;
    s.set_read_timeout(Some(common::WAIT)).unwrap();
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    for _ in 0..1000 {
        match s.read(&mut buf) {
            Ok(0) => return String::from_utf8_lossy(&got).into_owned(),
            Ok(n) => got.extend_from_slice(&buf[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => {
                return String::from_utf8_lossy(&got).into_owned()
            }
            Err(e) => panic!("the server kept a slow sender's connection open: {e}"),
        }
    }
    panic!("the server kept sending");
}

/// Finding 8: a client that sends half a header, or half a body, is dropped after the
/// header or request timeout, and cannot hold up a shutdown (whose own deadline is set
/// longer than the test waits).
#[tokio::test]
async fn slow_http_senders_are_dropped_and_do_not_hold_up_shutdown() {
    use std::io::Write;
    let server = Server::with_test_pack(|c| {
        c.limits.header_timeout_secs = 1;
        c.limits.request_timeout_secs = 2;
        c.limits.shutdown_secs = 60;
    });
    let addr = server.addr;
    let mut half_header = std::net::TcpStream::connect(addr).unwrap();
    half_header
        .write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
        .unwrap();
    read_until_closed(&mut half_header);

    let mut half_body = std::net::TcpStream::connect(addr).unwrap();
    let head = format!(
        "POST /api/packs?name=slow.toml HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {TEST_HOST_KEY}\r\nContent-Length: 1000\r\n\r\ntitle = "
    );
    half_body.write_all(head.as_bytes()).unwrap();
    let answer = read_until_closed(&mut half_body);
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");

    // The server still serves, and stops while a slow sender is connected.
    assert_eq!(http(addr, "GET", "/healthz", b"").0, 200);
    let mut lingering = std::net::TcpStream::connect(addr).unwrap();
    lingering.write_all(b"GET / HTTP/1.1\r\n").unwrap();
    server.stop().await.unwrap();
    read_until_closed(&mut lingering);
}
