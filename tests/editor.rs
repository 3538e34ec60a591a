//! The pack editor's API (`/api/editor/...`): the same checks as `quiznight check`,
//! atomic saves that `check` accepts, conflicting edits refused with 409, bundled packs
//! read-only, duplicate, delete (into `.deleted/`), download and import.

mod common;

use common::{http, Server, TEST_PACK};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

/// A server over a temporary packs folder holding `test` (editable) and `sample` (bundled).
struct Setup {
    server: Server,
    packs: PathBuf,
    _dirs: (tempfile::TempDir, tempfile::TempDir),
}

fn setup() -> Setup {
    // The packs folder sits inside a folder of its own, so "../" tests have a target.
    let root = tempfile::tempdir().unwrap();
    let packs = root.path().join("packs");
    std::fs::create_dir(&packs).unwrap();
    std::fs::write(packs.join("test.toml"), TEST_PACK).unwrap();
    std::fs::copy(
        common::packs_dir().join("sample.toml"),
        packs.join("sample.toml"),
    )
    .unwrap();
    let data = tempfile::tempdir().unwrap();
    let server = Server::start_with(quiznight::server::Config::new(&packs, data.path()));
    Setup {
        server,
        packs,
        _dirs: (root, data),
    }
}

impl Setup {
    fn call(&self, method: &str, path: &str, body: &Value) -> (u16, Value) {
        let bytes = if body.is_null() {
            Vec::new()
        } else {
            serde_json::to_vec(body).unwrap()
        };
        let (status, _, text) = http(self.server.addr, method, path, &bytes);
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }

    fn file(&self, name: &str) -> String {
        std::fs::read_to_string(self.packs.join(name)).unwrap()
    }

    /// The names in the packs folder, sorted (hidden temp files included).
    fn names(&self) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(&self.packs)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }
}

/// Runs `quiznight check` on a file, as a host would.
fn check_cli(path: &Path) -> (bool, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_quiznight"))
        .arg("check")
        .arg(path)
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr),
    )
}

fn ten_questions(title: &str) -> Value {
    let questions: Vec<Value> = (0..10)
        .map(|i| {
            json!({
                "text": format!("Question {i}: what is {i} + 1?"),
                "choices": [format!("{}", i + 1), format!("{}", i + 2), "none of these"],
                "answer": 0,
                "time_limit": 15,
                "points": 1 + i % 3,
                "difficulty": "easy",
                "explanation": "Count on your fingers.",
            })
        })
        .collect();
    json!({
        "title": title,
        "description": "Sums \"quoted\" and 'quoted', with = and [brackets]",
        "language": "en",
        "rounds": [
            {"name": "First half", "questions": questions[..5]},
            {"name": "Second half", "questions": questions[5..]},
        ],
    })
}

#[test]
fn the_list_shows_every_pack_with_its_counts_and_which_are_bundled() {
    let s = setup();
    let (status, list) = s.call("GET", "/api/editor/packs", &Value::Null);
    assert_eq!(status, 200);
    let list = list.as_array().unwrap();
    let by_id = |id: &str| list.iter().find(|p| p["id"] == id).unwrap().clone();
    let test = by_id("test");
    assert_eq!(test["questions"], 3);
    assert_eq!(test["bundled"], false);
    assert_eq!(test["format"], "toml");
    assert!(test["updated"].as_u64().unwrap() > 1_600_000_000);
    let sample = by_id("sample");
    assert_eq!(sample["bundled"], true);
    assert!(!sample["rounds"].as_array().unwrap().is_empty());
}

#[test]
fn a_saved_pack_is_written_whole_and_quiznight_check_accepts_it() {
    let s = setup();
    let (status, created) = s.call(
        "POST",
        "/api/editor/packs",
        &json!({"pack": ten_questions("Pub sums")}),
    );
    assert_eq!(status, 201, "{created}");
    assert_eq!(created["id"], "pub-sums");
    let path = s.packs.join("pub-sums.toml");
    let (ok, out) = check_cli(&path);
    assert!(ok, "quiznight check refuses what the editor wrote:\n{out}");
    let text = s.file("pub-sums.toml");
    assert!(
        text.contains("[[rounds.questions]]"),
        "readable TOML in the documented layout:\n{text}"
    );
    // No temp file is left beside it.
    assert!(
        s.names().iter().all(|n| !n.ends_with(".saving")),
        "{:?}",
        s.names()
    );

    // It is offered at once, with its questions, to the host page and to rooms.
    let (_, packs) = s.call("GET", "/api/packs", &Value::Null);
    let entry = packs
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "pub-sums")
        .unwrap()
        .clone();
    assert_eq!(entry["questions"], 10);

    // Open it, change it, save it with the version it was opened at.
    let (status, opened) = s.call("GET", "/api/editor/packs/pub-sums", &Value::Null);
    assert_eq!(status, 200);
    assert_eq!(opened["version"], created["version"]);
    assert_eq!(opened["bundled"], false);
    let mut pack = opened["pack"].clone();
    pack["rounds"][0]["questions"][0]["text"] = json!("Changed: what is 0 + 1?");
    pack["rounds"][0]["questions"][0]["answers"] = json!([0, 2]);
    pack["rounds"][0]["questions"][0]
        .as_object_mut()
        .unwrap()
        .remove("answer");
    let (status, saved) = s.call(
        "PUT",
        "/api/editor/packs/pub-sums",
        &json!({"pack": pack, "version": opened["version"]}),
    );
    assert_eq!(status, 200, "{saved}");
    assert_ne!(saved["version"], opened["version"]);
    let reread = quiznight::pack::load_file(&path).unwrap();
    let q = &reread.pack.rounds[0].questions[0];
    assert_eq!(q.text, "Changed: what is 0 + 1?");
    assert_eq!(q.correct(), vec![0, 2]);
    assert!(check_cli(&path).0);

    // The same title again gets its own id, never overwriting the first.
    let (status, second) = s.call(
        "POST",
        "/api/editor/packs",
        &json!({"pack": ten_questions("Pub sums")}),
    );
    assert_eq!(status, 201);
    assert_eq!(second["id"], "pub-sums-2");
}

#[test]
fn a_save_from_a_stale_version_gets_409_and_changes_nothing() {
    let s = setup();
    let (_, opened) = s.call("GET", "/api/editor/packs/test", &Value::Null);
    let v1 = opened["version"].clone();
    let mut first = opened["pack"].clone();
    first["title"] = json!("Tab one");
    let mut second = opened["pack"].clone();
    second["title"] = json!("Tab two");

    let (status, saved) = s.call(
        "PUT",
        "/api/editor/packs/test",
        &json!({"pack": first, "version": v1}),
    );
    assert_eq!(status, 200, "{saved}");
    let after_first = s.file("test.toml");

    // The other tab still holds v1: refused, told the current version, file untouched.
    let (status, refused) = s.call(
        "PUT",
        "/api/editor/packs/test",
        &json!({"pack": second, "version": v1}),
    );
    assert_eq!(status, 409, "{refused}");
    assert_eq!(refused["version"], saved["version"]);
    assert!(refused["error"]
        .as_str()
        .unwrap()
        .contains("changed elsewhere"));
    assert_eq!(s.file("test.toml"), after_first);

    // No version at all is stale too.
    let (status, _) = s.call("PUT", "/api/editor/packs/test", &json!({"pack": second}));
    assert_eq!(status, 409);

    // An edit by hand on disk counts as a change.
    std::fs::write(
        s.packs.join("test.toml"),
        after_first.replace("Tab one", "By hand"),
    )
    .unwrap();
    let (status, _) = s.call(
        "PUT",
        "/api/editor/packs/test",
        &json!({"pack": second, "version": saved["version"]}),
    );
    assert_eq!(status, 409);

    // Saving over it deliberately, with the version the 409 named, works.
    let (_, now) = s.call("GET", "/api/editor/packs/test", &Value::Null);
    let (status, _) = s.call(
        "PUT",
        "/api/editor/packs/test",
        &json!({"pack": second, "version": now["version"]}),
    );
    assert_eq!(status, 200);
    assert!(s.file("test.toml").contains("Tab two"));
}

#[test]
fn validation_gives_the_check_messages_placed_on_their_fields() {
    let s = setup();
    let draft = json!({
        "title": "Broken",
        "questions": [
            {"text": "Fine?", "choices": ["yes", "no"], "answer": 0},
            {"text": "Out of range?", "choices": ["a", "b", "c", "d"], "answer": 7},
            {"text": "Same?", "choices": ["Seine", "Loire", " seine "], "answer": 0, "time_limit": 300},
        ],
    });
    let (status, checked) = s.call("POST", "/api/editor/validate", &json!({"pack": draft}));
    assert_eq!(status, 200);
    let errors = checked["errors"].as_array().unwrap();
    let find = |needle: &str| {
        errors
            .iter()
            .find(|e| e["message"].as_str().unwrap().contains(needle))
            .unwrap_or_else(|| panic!("no error with {needle:?} in {checked}"))
            .clone()
    };
    let range = find("answer = 7 but there are 4 choices (0-3)");
    assert_eq!(range["path"], json!(["questions", 1, "answer"]));
    assert_eq!(range["place"], "question 2");
    let same = find("choices 0 and 2 are the same");
    assert_eq!(same["place"], "question 3, choice 2");
    let time = find("time_limit = 300 is out of range");
    assert_eq!(time["path"], json!(["questions", 2, "time_limit"]));

    // The very messages `quiznight check` prints for the same pack in a file.
    let file = s.packs.join("..").join("broken-draft.json");
    std::fs::write(&file, serde_json::to_string_pretty(&draft).unwrap()).unwrap();
    let (ok, out) = check_cli(&file);
    assert!(!ok);
    for e in errors {
        assert!(
            out.contains(e["message"].as_str().unwrap()),
            "{e} not in:\n{out}"
        );
    }

    // A save of that draft is refused with the same errors and writes nothing.
    let before = s.names();
    let (status, refused) = s.call("POST", "/api/editor/packs", &json!({"pack": draft}));
    assert_eq!(status, 400);
    assert_eq!(refused["errors"], checked["errors"]);
    assert_eq!(s.names(), before);

    // A good draft has no errors.
    let (_, good) = s.call(
        "POST",
        "/api/editor/validate",
        &json!({"pack": ten_questions("Good")}),
    );
    assert_eq!(good["errors"], json!([]), "{good}");

    // Not a draft at all: a clear error, not a panic.
    let (status, _, text) = http(
        s.server.addr,
        "POST",
        "/api/editor/validate",
        b"title = 'x'",
    );
    assert_eq!(status, 400);
    assert!(text.contains("the request is not"), "{text}");
}

#[test]
fn bundled_packs_are_read_only_and_duplicate_into_editable_copies() {
    let s = setup();
    let original = s.file("sample.toml");
    let (_, opened) = s.call("GET", "/api/editor/packs/sample", &Value::Null);
    assert_eq!(opened["bundled"], true);
    let (status, refused) = s.call(
        "PUT",
        "/api/editor/packs/sample",
        &json!({"pack": opened["pack"], "version": opened["version"]}),
    );
    assert_eq!(status, 403);
    assert!(refused["error"].as_str().unwrap().contains("read-only"));
    let (status, _) = s.call("DELETE", "/api/editor/packs/sample", &Value::Null);
    assert_eq!(status, 403);
    assert_eq!(s.file("sample.toml"), original);

    let (status, copy) = s.call("POST", "/api/editor/packs/sample/duplicate", &Value::Null);
    assert_eq!(status, 201, "{copy}");
    assert_eq!(copy["id"], "sample-copy");
    let (_, opened_copy) = s.call("GET", "/api/editor/packs/sample-copy", &Value::Null);
    assert_eq!(opened_copy["bundled"], false);
    assert!(opened_copy["pack"]["title"]
        .as_str()
        .unwrap()
        .ends_with("(copy)"));
    assert!(check_cli(&s.packs.join("sample-copy.toml")).0);
    let mut pack = opened_copy["pack"].clone();
    pack["title"] = json!("My sample");
    let (status, _) = s.call(
        "PUT",
        "/api/editor/packs/sample-copy",
        &json!({"pack": pack, "version": opened_copy["version"]}),
    );
    assert_eq!(status, 200);
    // A second duplicate gets the next free id.
    let (_, again) = s.call("POST", "/api/editor/packs/sample/duplicate", &Value::Null);
    assert_eq!(again["id"], "sample-copy-2");
}

#[test]
fn delete_moves_the_file_aside_and_stops_offering_the_pack() {
    let s = setup();
    let (status, body) = s.call("DELETE", "/api/editor/packs/test", &Value::Null);
    assert_eq!(status, 200, "{body}");
    assert!(!s.packs.join("test.toml").exists());
    let kept: Vec<_> = std::fs::read_dir(s.packs.join(".deleted"))
        .unwrap()
        .collect();
    assert_eq!(kept.len(), 1, "the file is kept, not erased");
    let (_, list) = s.call("GET", "/api/editor/packs", &Value::Null);
    assert!(list.as_array().unwrap().iter().all(|p| p["id"] != "test"));
    let (status, _) = s.call("GET", "/api/editor/packs/test", &Value::Null);
    assert_eq!(status, 404);
    let (status, _) = s.call("DELETE", "/api/editor/packs/test", &Value::Null);
    assert_eq!(status, 404);
}

#[test]
fn download_gives_the_file_as_toml_or_json() {
    let s = setup();
    let (status, head, body) = common::http_get(s.server.addr, "/api/editor/packs/test/download");
    assert_eq!(status, 200);
    assert!(
        head.to_ascii_lowercase()
            .contains("attachment; filename=\"test.toml\""),
        "{head}"
    );
    assert_eq!(
        body, TEST_PACK,
        "the TOML is the file itself, comments and all"
    );
    let (status, head, body) =
        common::http_get(s.server.addr, "/api/editor/packs/test/download?format=json");
    assert_eq!(status, 200);
    assert!(head.contains("test.json"), "{head}");
    let from_json = quiznight::pack::load::parse_pack("test.json", &body).unwrap();
    let from_toml = quiznight::pack::load::parse_pack("test.toml", TEST_PACK).unwrap();
    assert_eq!(from_json, from_toml);
    let (status, _, _) =
        common::http_get(s.server.addr, "/api/editor/packs/test/download?format=pdf");
    assert_eq!(status, 400);
}

#[test]
fn import_returns_a_draft_and_its_report_and_writes_nothing() {
    let s = setup();
    let before = s.names();
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/import");
    for (file, format) in [
        ("opentdb.json", "OpenTDB JSON"),
        ("kahoot.csv", "Kahoot CSV"),
        ("kahoot-windows-1252.csv", "Kahoot CSV"),
        ("sample.gift", "GIFT"),
        ("sample.aiken.txt", "Aiken"),
    ] {
        let bytes = std::fs::read(data.join(file)).unwrap();
        let (status, _, text) = http(
            s.server.addr,
            "POST",
            &format!("/api/editor/import?name={file}"),
            &bytes,
        );
        assert_eq!(status, 200, "{file}: {text}");
        let report: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(report["format"], format, "{file}");
        assert!(
            report["summary"].as_str().unwrap().starts_with("imported "),
            "{report}"
        );
        let pack = &report["pack"];
        let count = pack["questions"].as_array().map_or(0, Vec::len)
            + pack["rounds"].as_array().map_or(0, |r| {
                r.iter()
                    .map(|r| r["questions"].as_array().unwrap().len())
                    .sum()
            });
        assert!(count > 0, "{file}: {report}");
        // The draft saves as it is.
        let (status, saved) = s.call("POST", "/api/editor/packs", &json!({"pack": pack}));
        assert_eq!(status, 201, "{file}: {saved}");
        let id = saved["id"].as_str().unwrap().to_string();
        assert!(check_cli(&s.packs.join(format!("{id}.toml"))).0, "{file}");
        s.call("DELETE", &format!("/api/editor/packs/{id}"), &Value::Null);
    }
    // Our own format imports as itself.
    let (status, _, text) = http(
        s.server.addr,
        "POST",
        "/api/editor/import?name=mine.toml",
        TEST_PACK.as_bytes(),
    );
    assert_eq!(status, 200, "{text}");
    assert!(text.contains("quiznight pack"));
    // Nonsense gets a clear error.
    let (status, _, text) = http(
        s.server.addr,
        "POST",
        "/api/editor/import?name=x.bin",
        b"\x00\x01 nothing here",
    );
    assert_eq!(status, 400);
    assert!(text.contains("cannot import x.bin"), "{text}");
    let mut after = s.names();
    after.retain(|n| n != ".deleted");
    assert_eq!(after, before, "importing writes nothing");
}

#[test]
fn ids_cannot_leave_the_packs_folder_and_bodies_are_bounded() {
    let s = setup();
    std::fs::write(s.packs.join("..").join("secret.toml"), TEST_PACK).unwrap();
    for path in [
        "/api/editor/packs/..%2Fsecret",
        "/api/editor/packs/%2E%2E%2Fsecret/download",
        "/api/editor/packs/.hidden",
    ] {
        let (status, _, _) = common::http_get(s.server.addr, path);
        assert_eq!(status, 404, "{path}");
    }
    let huge = vec![b' '; 3 * 1024 * 1024];
    let (status, _, _) = http(s.server.addr, "POST", "/api/editor/validate", &huge);
    assert_eq!(status, 413);
}

#[test]
fn every_editor_route_needs_the_host_key() {
    let s = setup();
    for (method, path) in [
        ("GET", "/api/editor/packs"),
        ("GET", "/api/editor/packs/test"),
        ("PUT", "/api/editor/packs/test"),
        ("DELETE", "/api/editor/packs/test"),
        ("POST", "/api/editor/packs/test/duplicate"),
        ("GET", "/api/editor/packs/test/download"),
        ("POST", "/api/editor/validate"),
        ("POST", "/api/editor/import"),
        ("POST", "/api/editor/packs"),
        ("POST", "/api/editor/packs/test/media"),
        ("GET", "/api/editor/packs/test/media?path=media/test/x.png"),
        ("GET", "/host/packs"),
        ("GET", "/host/edit"),
    ] {
        let (status, _, _) = common::http_with(s.server.addr, method, path, &[], b"{}");
        assert_eq!(status, 401, "{method} {path}");
    }
    assert!(s.packs.join("test.toml").exists(), "nothing was deleted");
}

/// Kahoot's XLSX template as Kahoot lays it out (title rows, the header after a number
/// column, numbers as numbers), with four good questions and one broken row.
fn kahoot_xlsx() -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(0, 1, "Quiz template").unwrap();
    sheet
        .write_string(
            1,
            1,
            "Add questions, at least two answer alternatives, time limit and choose correct answers (at least one). Have fun creating your awesome quiz!",
        )
        .unwrap();
    let header = [
        "Question - max 120 characters",
        "Answer 1 - max 75 characters",
        "Answer 2 - max 75 characters",
        "Answer 3 - max 75 characters",
        "Answer 4 - max 75 characters",
        "Time limit (sec) – 5, 10, 20, 30, 60, 90, 120, or 240 secs",
        "Correct answer(s) - choose at least one",
    ];
    for (c, text) in header.iter().enumerate() {
        sheet.write_string(7, c as u16 + 1, *text).unwrap();
    }
    let rows: [(&str, [&str; 4], f64, &str); 5] = [
        (
            "Which planet is known as the Red Planet?",
            ["Venus", "Mars", "Jupiter", "Saturn"],
            20.0,
            "2",
        ),
        (
            "Which of these are primary colours of light?",
            ["Red", "Green", "Yellow", "Blue"],
            30.0,
            "1,2,4",
        ),
        (
            "What is the largest ocean on Earth?",
            ["Atlantic", "Indian", "Pacific", "Arctic"],
            20.0,
            "3",
        ),
        (
            "The Great Wall of China is visible from the Moon with the naked eye.",
            ["True", "False", "", ""],
            10.0,
            "2",
        ),
        (
            "A row whose right answer is an empty column",
            ["a", "b", "", ""],
            20.0,
            "4",
        ),
    ];
    for (i, (q, answers, secs, correct)) in rows.iter().enumerate() {
        let r = 8 + i as u32;
        sheet.write_number(r, 0, (i + 1) as f64).unwrap();
        sheet.write_string(r, 1, *q).unwrap();
        for (k, a) in answers.iter().enumerate().filter(|(_, a)| !a.is_empty()) {
            sheet.write_string(r, 2 + k as u16, *a).unwrap();
        }
        sheet.write_number(r, 6, *secs).unwrap();
        match correct.parse::<f64>() {
            Ok(n) => sheet.write_number(r, 7, n).unwrap(),
            Err(_) => sheet.write_string(r, 7, *correct).unwrap(),
        };
    }
    book.save_to_buffer().unwrap()
}

#[test]
fn a_kahoot_xlsx_imports_with_its_report() {
    let s = setup();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/import/kahoot.xlsx");
    // The browser test's fixture is this very workbook: rewrite it with
    // QUIZNIGHT_WRITE_FIXTURES=1 after changing kahoot_xlsx().
    if std::env::var_os("QUIZNIGHT_WRITE_FIXTURES").is_some() {
        std::fs::write(&fixture, kahoot_xlsx()).unwrap();
    }
    for bytes in [kahoot_xlsx(), std::fs::read(&fixture).unwrap()] {
        let (status, _, text) = http(
            s.server.addr,
            "POST",
            "/api/editor/import?name=My%20quiz.xlsx",
            &bytes,
        );
        assert_eq!(status, 200, "{text}");
        let report: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(report["format"], "Kahoot XLSX");
        assert_eq!(
            report["summary"], "imported 4 questions, skipped 1",
            "{report}"
        );
        assert_eq!(report["skipped"][0]["at"], "row 13");
        let qs = &report["pack"]["questions"];
        assert_eq!(qs[0]["answer"], 1);
        assert_eq!(qs[1]["answers"], json!([0, 1, 3]));
        assert_eq!(qs[3]["choices"], json!(["True", "False"]));
        assert_eq!(qs[3]["time_limit"], 10);
        let (status, saved) = s.call(
            "POST",
            "/api/editor/packs",
            &json!({"pack": report["pack"]}),
        );
        assert_eq!(status, 201, "{saved}");
        let id = saved["id"].as_str().unwrap();
        assert!(check_cli(&s.packs.join(format!("{id}.toml"))).0);
    }
    // A damaged workbook is refused with a reason, not a panic or an empty pack.
    let mut broken = kahoot_xlsx();
    broken.truncate(broken.len() / 2);
    let (status, _, text) = http(
        s.server.addr,
        "POST",
        "/api/editor/import?name=broken.xlsx",
        &broken,
    );
    assert_eq!(status, 400, "{text}");
    assert!(text.contains("not a readable"), "{text}");
}

/// Starts a generation job with these files and waits (a bounded number of polls) for
/// it to end; returns its last status.
fn generate(s: &Setup, files: &[(&str, Vec<u8>)], extra: Value) -> Value {
    use base64::Engine as _;
    let files: Vec<Value> = files
        .iter()
        .map(|(name, bytes)| {
            json!({"name": name, "data": base64::engine::general_purpose::STANDARD.encode(bytes)})
        })
        .collect();
    let mut body = json!({ "files": files });
    if let (Value::Object(b), Value::Object(e)) = (&mut body, extra) {
        b.extend(e);
    }
    let (status, started) = s.call("POST", "/api/generate", &body);
    assert_eq!(status, 202, "{started}");
    let job = started["job"].as_str().unwrap().to_string();
    for _ in 0..1200 {
        let (status, now) = s.call("GET", &format!("/api/generate/{job}"), &Value::Null);
        assert_eq!(status, 200, "{now}");
        if now["state"] != "running" {
            return now;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    panic!("the job did not end within 1200 polls");
}

fn generate_fixture(name: &str) -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/data/generate")
            .join(name),
    )
    .unwrap()
}

#[test]
fn generating_from_a_pdf_and_a_docx_gives_ranked_candidates_that_save() {
    let s = setup();
    let before = s.names();
    let done = generate(
        &s,
        &[
            ("barcelona.pdf", generate_fixture("barcelona.pdf")),
            ("curie.docx", generate_fixture("curie.docx")),
        ],
        json!({"count": 12}),
    );
    assert_eq!(done["state"], "done", "{done}");
    assert_eq!(done["progress"], 1.0);
    let candidates = done["candidates"].as_array().unwrap();
    assert!(
        (4..=12).contains(&candidates.len()),
        "{} candidates",
        candidates.len()
    );
    let documents: std::collections::BTreeSet<&str> = candidates
        .iter()
        .map(|c| c["question"]["source"]["document"].as_str().unwrap())
        .collect();
    assert_eq!(
        documents.into_iter().collect::<Vec<_>>(),
        ["barcelona.pdf", "curie.docx"],
        "questions come from both documents"
    );
    for c in candidates {
        let sentence = c["question"]["source"]["sentence"].as_str().unwrap();
        assert!(sentence.len() > 10, "{c}");
        assert!(!c["round"].as_str().unwrap().is_empty());
    }
    assert_eq!(s.names(), before, "generating writes nothing");
    // Keep the first three, as the page does, and save them through the editor.
    let mut rounds: Vec<Value> = Vec::new();
    for c in &candidates[..3] {
        match rounds.iter_mut().find(|r| r["name"] == c["round"]) {
            Some(r) => r["questions"]
                .as_array_mut()
                .unwrap()
                .push(c["question"].clone()),
            None => rounds.push(json!({"name": c["round"], "questions": [c["question"]]})),
        }
    }
    let pack = json!({"title": done["title"], "rounds": rounds});
    let (status, saved) = s.call("POST", "/api/editor/packs", &json!({"pack": pack}));
    assert_eq!(status, 201, "{saved}");
    let id = saved["id"].as_str().unwrap();
    let (ok, out) = check_cli(&s.packs.join(format!("{id}.toml")));
    assert!(ok, "{out}");
    assert!(out.contains("3 questions"), "{out}");
}

#[test]
fn generating_refuses_broken_files_and_too_many() {
    let s = setup();
    let mut pdf = generate_fixture("barcelona.pdf");
    pdf.truncate(200);
    let failed = generate(&s, &[("cut.pdf", pdf)], Value::Null);
    assert_eq!(failed["state"], "failed");
    let error = failed["error"].as_str().unwrap();
    assert!(
        error.starts_with("cut.pdf: ") && error.contains("PDF"),
        "{error}"
    );
    let failed = generate(&s, &[("photo.txt", vec![0u8, 1, 2, 3, 0, 0])], Value::Null);
    assert!(
        failed["error"].as_str().unwrap().contains("binary"),
        "{failed}"
    );
    let many: Vec<Value> = (0..11)
        .map(|i| json!({"name": format!("{i}.txt"), "data": ""}))
        .collect();
    let (status, body) = s.call("POST", "/api/generate", &json!({ "files": many }));
    assert_eq!(status, 413, "{body}");
    let (status, _) = s.call("POST", "/api/generate", &json!({ "files": [] }));
    assert_eq!(status, 400);
    let (status, _) = s.call("GET", "/api/generate/no-such-job", &Value::Null);
    assert_eq!(status, 404);
    for (method, path) in [
        ("POST", "/api/generate"),
        ("GET", "/api/generate/x"),
        ("GET", "/host/generate"),
    ] {
        let (status, _, _) = common::http_with(s.server.addr, method, path, &[], b"{}");
        assert_eq!(status, 401, "{method} {path}");
    }
}

#[test]
fn pictures_upload_into_the_packs_media_folder_and_save_with_alt_text() {
    let s = setup();
    let png = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/images/red-planet.png"),
    )
    .unwrap();
    let upload = |id: &str, name: &str, bytes: &[u8]| {
        let (status, _, text) = http(
            s.server.addr,
            "POST",
            &format!("/api/editor/packs/{id}/media?name={name}"),
            bytes,
        );
        (
            status,
            serde_json::from_str::<Value>(&text).unwrap_or(Value::Null),
        )
    };
    let (status, body) = upload("test", "Red%20Planet.PNG", &png);
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["image"], "media/test/red-planet.png");
    assert_eq!(
        std::fs::read(s.packs.join("media/test/red-planet.png")).unwrap(),
        png
    );
    // The same picture again is the same file; another under that name gets its own.
    assert_eq!(
        upload("test", "red-planet.png", &png).1["image"],
        "media/test/red-planet.png"
    );
    let mut other = png.clone();
    other.push(0);
    assert_eq!(
        upload("test", "red-planet.png", &other).1["image"],
        "media/test/red-planet-2.png"
    );
    // Only real images with an allowed extension; never into a bundled or unknown pack.
    assert_eq!(upload("test", "x.svg", b"<svg onload=alert(1)/>").0, 415);
    assert_eq!(upload("test", "x.png", b"not a png at all").0, 415);
    assert_eq!(upload("test", "x.html", &png).0, 415);
    assert_eq!(upload("sample", "x.png", &png).0, 403);
    assert_eq!(upload("nope", "x.png", &png).0, 404);
    // A big picture for a pack it cannot go to still gets its answer, not a reset
    // connection (the server used to answer before reading, and close mid-upload).
    let mut big = png.clone();
    big.resize(4 * 1024 * 1024, 0);
    for _ in 0..3 {
        assert_eq!(upload("sample", "big.png", &big).0, 403);
    }
    assert_eq!(upload("..%2Ftest", "x.png", &png).0, 404);
    let mut huge = png.clone();
    huge.resize(6 * 1024 * 1024, 0);
    assert_eq!(upload("test", "big.png", &huge).0, 413);
    let (status, _, _) = common::http_with(
        s.server.addr,
        "POST",
        "/api/editor/packs/test/media?name=y.png",
        &[],
        &png,
    );
    assert_eq!(status, 401, "uploading needs the host key");

    // Before any question names it, players cannot fetch it, but the editor's preview can;
    // the preview serves pictures only, never the pack file.
    let (status, _, _) = common::http_get(s.server.addr, "/packs/test/media/test/red-planet.png");
    assert_eq!(status, 404, "not named by the saved pack yet");
    let preview = |path: &str| {
        http(
            s.server.addr,
            "GET",
            &format!("/api/editor/packs/test/media?path={path}"),
            b"",
        )
    };
    let (status, head, _) = preview("media/test/red-planet.png");
    assert_eq!(status, 200);
    assert!(head.to_lowercase().contains("image/png"), "{head}");
    assert_eq!(preview("test.toml").0, 404);
    assert_eq!(preview("..%2Fdata%2Fx.png").0, 404);
    let (status, _, _) = common::http_with(
        s.server.addr,
        "GET",
        "/api/editor/packs/test/media?path=media/test/red-planet.png",
        &[],
        b"",
    );
    assert_eq!(status, 401, "the preview needs the host key");

    // The question points at it with alt text; check accepts the saved file, and the
    // picture is served where the question message says.
    let (_, opened) = s.call("GET", "/api/editor/packs/test", &Value::Null);
    let mut pack = opened["pack"].clone();
    let q = if pack["questions"].as_array().is_some_and(|q| !q.is_empty()) {
        &mut pack["questions"][0]
    } else {
        &mut pack["rounds"][0]["questions"][0]
    };
    q["image"] = json!("media/test/red-planet.png");
    q["image_alt"] = json!("A red disc on a dark sky");
    let (status, saved) = s.call(
        "PUT",
        "/api/editor/packs/test",
        &json!({"pack": pack, "version": opened["version"]}),
    );
    assert_eq!(status, 200, "{saved}");
    assert_eq!(saved["warnings"], json!([]), "the picture is found");
    let (ok, out) = check_cli(&s.packs.join("test.toml"));
    assert!(ok && !out.contains("warning"), "{out}");
    let toml = s.file("test.toml");
    assert!(
        toml.contains("image = \"media/test/red-planet.png\""),
        "{toml}"
    );
    assert!(
        toml.contains("image_alt = \"A red disc on a dark sky\""),
        "{toml}"
    );
    let (status, head, _) =
        common::http_get(s.server.addr, "/packs/test/media/test/red-planet.png");
    assert_eq!(status, 200);
    assert!(head.to_lowercase().contains("image/png"), "{head}");
}
