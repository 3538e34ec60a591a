//! Packs end to end: check, import (every format, nasty input), upload, and an
//! imported pack played in a room on a real server.

mod common;

use common::{Client, Server};
use quiznight::pack::import::{decode, import_text, Format};
use quiznight::pack::load::{check_file, check_text, load_dir, parse_pack};
use quiznight::pack::{Pack, Question};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::Command;

fn data(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(path)
}

fn quiznight(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_quiznight"))
        .args(args)
        .output()
        .expect("run quiznight")
}

// ---------------------------------------------------------------------------------
// check

#[test]
fn every_bundled_pack_passes_check() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("questions");
    let mut checked = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if !matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("toml" | "json")
        ) {
            continue;
        }
        let report = check_file(&path);
        assert!(
            report.errors.is_empty(),
            "{}: {:?}",
            path.display(),
            report.errors
        );
        checked += 1;
    }
    assert!(checked >= 1, "no bundled packs found in {}", dir.display());
}

#[test]
fn the_documented_example_passes_in_toml_and_json_alike() {
    let toml = check_file(&data("packs/good.toml"));
    let json = check_file(&data("packs/good.json"));
    assert!(
        toml.errors.is_empty() && toml.warnings.is_empty(),
        "{:?} {:?}",
        toml.errors,
        toml.warnings
    );
    assert!(
        json.errors.is_empty() && json.warnings.is_empty(),
        "{:?} {:?}",
        json.errors,
        json.warnings
    );
    let pack = toml.pack.unwrap();
    assert_eq!(Some(&pack), json.pack.as_ref());
    assert_eq!(pack.rounds[1].questions[0].answers, Some(vec![0, 1]));
}

#[test]
fn a_broken_pack_is_refused_with_its_file_and_the_line_of_the_bad_value() {
    let path = data("packs/broken.toml");
    let report = check_file(&path);
    assert!(report.pack.is_none());
    let found: Vec<(usize, usize, &str)> = report
        .errors
        .iter()
        .map(|e| (e.line.unwrap(), e.column.unwrap(), e.message.as_str()))
        .collect();
    let expect = [
        (11, 10, "answer = 7 but there are 4 choices (0-3)"),
        (15, 30, "choices 0 and 2 are the same"),
        (
            17,
            14,
            "time_limit = 300 is out of range: use 5 to 240 seconds",
        ),
        (20, 8, "text is empty"),
        (21, 11, "1 choice, but a question needs 2 to 6"),
        (
            26,
            8,
            "the same question (text and choices) is already in the pack",
        ),
        (28, 10, "`answer` must be a whole number, not a string"),
    ];
    assert_eq!(found.len(), expect.len(), "{found:#?}");
    for ((line, col, msg), (l, c, m)) in found.iter().zip(expect) {
        assert_eq!((*line, *col), (l, c), "{msg}");
        assert!(msg.contains(m), "{msg:?} should say {m:?}");
    }
    assert!(report.errors[0].file.ends_with("broken.toml"));
    let warnings: Vec<&str> = report.warnings.iter().map(|w| w.message.as_str()).collect();
    assert!(
        warnings[0].contains("`descripton`") && warnings[0].contains("did you mean `description`")
    );
    assert!(warnings[1].contains("did you mean `time_limit`"));

    // The command says the same, exits non-zero, and shows the line with a caret.
    let out = quiznight(&["check", path.to_str().unwrap()]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("broken.toml:11:10: error: answer = 7 but there are 4 choices (0-3)"),
        "{stderr}"
    );
    assert!(
        stderr.contains("11 | answer = 7\n   |          ^"),
        "{stderr}"
    );
}

#[test]
fn a_broken_json_pack_is_located_too() {
    let report = check_file(&data("packs/broken.json"));
    let at: Vec<(usize, usize)> = report
        .errors
        .iter()
        .map(|e| (e.line.unwrap(), e.column.unwrap()))
        .collect();
    assert_eq!(
        at,
        vec![(7, 17), (12, 25), (13, 21), (16, 5)],
        "{:#?}",
        report.errors
    );
    assert!(report.warnings[0].message.contains("did you mean `answer`"));
}

#[test]
fn warnings_alone_pass_check_unless_strict() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("typo.toml");
    std::fs::write(
        &path,
        "title = \"T\"\n[[questions]]\ntext = \"Q?\"\nchoices = [\"a\", \"b\"]\nanswer = 0\nexplaination = \"x\"\n",
    )
    .unwrap();
    let out = quiznight(&["check", path.to_str().unwrap()]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr)
        .contains("typo.toml:6:1: warning: unknown field `explaination`"));
    assert!(!quiznight(&["check", "--strict", path.to_str().unwrap()])
        .status
        .success());
}

#[test]
fn nasty_files_get_a_clear_error_and_never_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("empty.toml", vec![], "empty"),
        (
            "garbage.toml",
            vec![0, 159, 146, 150, 255, 1, 2],
            "not UTF-8",
        ),
        (
            "latin1.toml",
            b"title = \"Caf\xe9\"\n".to_vec(),
            "not UTF-8",
        ),
        ("utf16.json", [0xff, 0xfe, b'{', 0].to_vec(), "UTF-16"),
        (
            "truncated.json",
            b"{\"title\": \"T\", \"questions\": [".to_vec(),
            "not valid JSON",
        ),
        ("array.json", b"[1, 2]".to_vec(), "must be a table"),
        (
            "numbers.toml",
            b"title = 5\n".to_vec(),
            "`title` must be a string",
        ),
        (
            "noquestions.toml",
            b"title = \"T\"\n".to_vec(),
            "no questions",
        ),
        (
            "nochoices.json",
            br#"{"title":"T","questions":[{"text":"Q","answer":0}]}"#.to_vec(),
            "has no `choices`",
        ),
        (
            "float.toml",
            b"title = \"T\"\n[[questions]]\ntext = \"Q\"\nchoices = [\"a\",\"b\"]\nanswer = 1.5\n"
                .to_vec(),
            "whole number",
        ),
        (
            "negative.json",
            br#"{"title":"T","questions":[{"text":"Q","choices":["a","b"],"answer":-1}]}"#.to_vec(),
            "cannot be negative",
        ),
        (
            "emptyround.toml",
            b"title = \"T\"\n[[rounds]]\nname = \"R\"\n".to_vec(),
            "no questions",
        ),
    ];
    for (name, bytes, want) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        let report = check_file(&path);
        assert!(report.pack.is_none(), "{name} passed");
        let all: Vec<String> = report.errors.iter().map(|e| e.to_string()).collect();
        assert!(
            all.iter().any(|e| e.contains(want)),
            "{name}: {all:?} should say {want:?}"
        );
        assert!(
            all.iter().all(|e| e.contains(name)),
            "{name}: {all:?} should name the file"
        );
    }
    // The latin-1 byte is located: line 1, column 13.
    let e = &check_file(&dir.path().join("latin1.toml")).errors[0];
    assert_eq!((e.line, e.column), (Some(1), Some(13)));
}

/// A pack of about `bytes` bytes.
fn big_pack(bytes: usize) -> String {
    let mut text = String::from("title = \"Big\"\n");
    let mut i = 0;
    while text.len() < bytes {
        text += &format!(
            "\n[[questions]]\ntext = \"Question number {i}: which of these is the right answer, padded out to be long enough?\"\nchoices = [\"Right {i}\", \"Wrong A {i}\", \"Wrong B {i}\", \"Wrong C {i}\"]\nanswer = 0\ndifficulty = \"medium\"\n"
        );
        i += 1;
    }
    text
}

#[test]
fn a_one_megabyte_pack_checks_and_loads() {
    let text = big_pack(1024 * 1024);
    let report = check_text("big.toml", &text, None);
    assert!(
        report.errors.is_empty(),
        "{:?}",
        &report.errors[..report.errors.len().min(3)]
    );
    let n = report.pack.unwrap().question_count();
    assert!(n > 4000, "{n}");
    // And its last question's mistake is still found at its exact line.
    let broken =
        text.clone() + "\n[[questions]]\ntext = \"Last\"\nchoices = [\"a\", \"b\"]\nanswer = 2\n";
    let e = parse_pack("big.toml", &broken).unwrap_err();
    assert_eq!(e.line, Some(broken.lines().count()));
    assert_eq!(e.column, Some(10));
}

#[test]
fn a_folder_with_a_broken_pack_still_loads_the_others() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(data("packs/good.toml"), dir.path().join("good.toml")).unwrap();
    std::fs::copy(data("packs/broken.toml"), dir.path().join("broken.toml")).unwrap();
    std::fs::copy(data("packs/broken.json"), dir.path().join("broken2.json")).unwrap();
    std::fs::write(dir.path().join("notes.txt"), "not a pack").unwrap();
    let (packs, errors) = load_dir(dir.path());
    assert_eq!(
        packs.iter().map(|p| p.id.as_str()).collect::<Vec<_>>(),
        vec!["good"]
    );
    assert_eq!(errors.len(), 2);
    assert!(errors[0].file.ends_with("broken.toml") && errors[0].line == Some(11));
    assert!(
        errors[0].message.contains("and 6 more problems"),
        "{}",
        errors[0]
    );
}

// ---------------------------------------------------------------------------------
// import

fn import_file(path: &str) -> (Format, quiznight::pack::import::Imported) {
    let bytes = std::fs::read(data(path)).unwrap();
    let (text, _) = decode(&bytes);
    import_text(&text, None, "T").unwrap()
}

fn every_text(pack: &Pack) -> Vec<String> {
    let mut out = vec![pack.title.clone()];
    for r in &pack.rounds {
        out.push(r.name.clone());
    }
    for (_, q) in pack.all_questions() {
        out.push(q.text.clone());
        out.extend(q.choices.iter().cloned());
    }
    out
}

fn has_entity(s: &str) -> bool {
    // "&name;" or "&#123;" left behind.
    let bytes = s.as_bytes();
    bytes.iter().enumerate().any(|(i, &b)| {
        b == b'&' && {
            let rest = &bytes[i + 1..];
            let end = rest.iter().position(|&c| c == b';').unwrap_or(usize::MAX);
            end > 0
                && end < 12
                && rest[..end]
                    .iter()
                    .all(|c| c.is_ascii_alphanumeric() || *c == b'#')
        }
    })
}

fn correct_text(q: &Question) -> Vec<&str> {
    q.correct().iter().map(|&i| q.choices[i].as_str()).collect()
}

#[test]
fn opentdb_in_every_encoding_gives_the_same_pack() {
    let (format, html) = import_file("import/opentdb.json");
    assert_eq!(format, Format::Opentdb);
    assert_eq!(
        (html.pack.question_count(), html.skipped.len()),
        (108, 0),
        "{}",
        html.summary()
    );
    let (_, url) = import_file("import/opentdb-url3986.json");
    let (_, b64) = import_file("import/opentdb-base64.json");
    assert_eq!(html.pack, url.pack);
    assert_eq!(html.pack, b64.pack);
    let texts = every_text(&html.pack);
    assert!(
        texts.iter().all(|t| !has_entity(t)),
        "{:?}",
        texts.iter().find(|t| has_entity(t))
    );
    for want in [
        "Which company's slogan is \"Just Do It\"?",
        "What is Björk's home country?",
        "What is H₂O more commonly known as?",
    ] {
        assert!(texts.iter().any(|t| t == want), "{want}");
    }
    assert!(html
        .pack
        .rounds
        .iter()
        .any(|r| r.name == "Science & Nature"));
    let q = html
        .pack
        .all_questions()
        .find(|(_, q)| q.text.starts_with("Who directed the 2001"))
        .unwrap()
        .1;
    assert_eq!(correct_text(q), vec!["Jean-Pierre Jeunet"]);
    assert_eq!(q.difficulty.as_deref(), Some("medium"));
    let tf = html
        .pack
        .all_questions()
        .find(|(_, q)| q.text.starts_with("The Great Wall"))
        .unwrap()
        .1;
    assert_eq!(
        (tf.choices.clone(), tf.answer),
        (vec!["True".to_string(), "False".to_string()], Some(1))
    );
}

#[test]
fn a_dump_of_thousands_of_opentdb_questions_loses_none() {
    // No real dump can be downloaded here; this builds one from the fixture's real-looking
    // entries, each copied with a numbered, entity-laden variation of its text.
    let fixture: Value =
        serde_json::from_slice(&std::fs::read(data("import/opentdb.json")).unwrap()).unwrap();
    let entries = fixture["results"].as_array().unwrap();
    let mut results = Vec::new();
    for copy in 0..50 {
        for e in entries {
            let mut e = e.clone();
            let q = e["question"].as_str().unwrap().to_string();
            e["question"] = json!(format!(
                "{q} &ndash; &quot;set&quot; &#8470;{copy} &amp; caf&eacute;"
            ));
            results.push(e);
        }
    }
    let total = results.len();
    assert!(total >= 5000);
    let dump = json!({"response_code": 0, "results": results}).to_string();
    let (_, imported) = import_text(&dump, None, "Dump").unwrap();
    assert_eq!(imported.skipped, vec![], "{}", imported.summary());
    assert_eq!(imported.pack.question_count(), total);
    let texts = every_text(&imported.pack);
    assert!(
        texts.iter().all(|t| !has_entity(t)),
        "{:?}",
        texts.iter().find(|t| has_entity(t))
    );
    assert!(texts.iter().any(|t| t.ends_with("– \"set\" №49 & café")));
    // The written pack passes check with no error.
    let written = toml::to_string(&imported.pack).unwrap();
    let report = check_text("dump.toml", &written, None);
    assert!(
        report.errors.is_empty(),
        "{:?}",
        &report.errors[..report.errors.len().min(3)]
    );
    assert_eq!(report.pack.unwrap().question_count(), total);
}

#[test]
fn kahoot_csv_imports_with_its_template_rows_and_windows_1252() {
    let (format, k) = import_file("import/kahoot.csv");
    assert_eq!(format, Format::Kahoot);
    assert_eq!(k.pack.question_count(), 8, "{}", k.summary());
    assert_eq!(
        k.skipped.iter().map(|s| s.at.as_str()).collect::<Vec<_>>(),
        vec!["line 14", "line 16"]
    );
    let qs = &k.pack.questions;
    assert_eq!(correct_text(&qs[1]), vec!["Mars", "Venus"]);
    assert_eq!(qs[2].choices, vec!["True", "False"]);
    assert_eq!(qs[3].text, "Who wrote \"Pride and Prejudice\"?");
    assert_eq!(correct_text(&qs[3]), vec!["Jane Austen"]);
    assert_eq!(qs[4].time_limit, Some(5));

    let bytes = std::fs::read(data("import/kahoot-windows-1252.csv")).unwrap();
    let (text, warning) = decode(&bytes);
    assert!(warning.unwrap().contains("Windows-1252"));
    let (_, w) = import_text(&text, None, "T").unwrap();
    assert_eq!(w.pack.question_count(), 3);
    assert_eq!(w.pack.questions[0].text, "Où se trouve la tour Eiffel ?");
    assert_eq!(
        w.pack.questions[1].text,
        "Quel est le plat national de l’Espagne ?"
    );
    assert_eq!(w.pack.questions[2].choices[0], "2 €");
}

#[test]
fn gift_imports_what_can_be_played_and_counts_the_rest() {
    let (format, g) = import_file("import/sample.gift");
    assert_eq!(format, Format::Gift);
    assert_eq!(g.pack.question_count(), 8, "{}", g.summary());
    assert_eq!(g.skipped.len(), 5, "{}", g.summary());
    assert_eq!(
        g.pack
            .rounds
            .iter()
            .map(|r| r.name.as_str())
            .collect::<Vec<_>>(),
        vec!["Geography", "Science"]
    );
    let science = &g.pack.rounds[1].questions;
    assert_eq!(science[1].text, "Water is made of hydrogen and _____.");
    assert_eq!(
        science[2].text,
        "Which gas makes up most of the air we breathe?"
    );
    assert_eq!(science[3].text, "In maths, what does 2 + 2 = ?");
    let summary = g.summary();
    for kind in [
        "essay",
        "short-answer",
        "numerical",
        "matching",
        "description",
    ] {
        assert!(summary.contains(kind), "{summary}");
    }
}

#[test]
fn aiken_imports_and_reports_its_broken_questions() {
    let (format, a) = import_file("import/sample.aiken.txt");
    assert_eq!(format, Format::Aiken);
    assert_eq!(
        (a.pack.question_count(), a.skipped.len()),
        (5, 2),
        "{}",
        a.summary()
    );
    assert_eq!(correct_text(&a.pack.questions[3]), vec!["Dolphin", "Bat"]);
    assert_eq!(a.pack.questions[2].choices[3], "Édouard Manet");
}

#[test]
fn the_import_command_writes_a_pack_that_check_accepts() {
    let dir = tempfile::tempdir().unwrap();
    for (input, questions) in [
        ("import/sample.gift", 8),
        ("import/sample.aiken.txt", 5),
        ("import/kahoot.csv", 8),
        ("import/opentdb-base64.json", 108),
    ] {
        let out = dir.path().join("out.toml");
        let run = quiznight(&[
            "import",
            data(input).to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ]);
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert!(run.status.success(), "{input}: {stderr}");
        assert!(
            stderr.contains(&format!("imported {questions} questions")),
            "{stderr}"
        );
        let check = quiznight(&["check", out.to_str().unwrap()]);
        assert!(
            check.status.success(),
            "{}",
            String::from_utf8_lossy(&check.stderr)
        );
    }
    // Explicit format, JSON output.
    let out = dir.path().join("out.json");
    let run = quiznight(&[
        "import",
        data("import/sample.gift").to_str().unwrap(),
        "--format",
        "gift",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(run.status.success());
    assert!(check_file(&out).errors.is_empty());
    // Nothing importable: a clear failure and no file.
    let junk = dir.path().join("junk.txt");
    std::fs::write(&junk, "hello\nworld\n").unwrap();
    let none = dir.path().join("none.toml");
    let run = quiznight(&[
        "import",
        junk.to_str().unwrap(),
        "-o",
        none.to_str().unwrap(),
    ]);
    assert!(!run.status.success());
    assert!(String::from_utf8_lossy(&run.stderr).contains("--format"));
    assert!(!none.exists());
}

/// Plays every question of `pack_id`, answering right by looking the question up in
/// `pack`; choices are shuffled by the server, so the right index must be found anew.
async fn play_all(server: &Server, pack_id: &str, pack: &Pack) {
    let addr = server.addr;
    let mut host = Client::connect(addr).await;
    host.send(json!({"type": "create", "pack": pack_id, "settings": {"shuffleChoices": true, "shuffle": true}})).await;
    let created = host.expect_ok("created").await;
    let total = created["pack"]["questions"].as_u64().unwrap() as usize;
    assert_eq!(total, pack.question_count());
    let code = created["code"].as_str().unwrap().to_string();
    let mut player = Client::connect(addr).await;
    player
        .send(json!({"type": "join", "code": code, "name": "Ann"}))
        .await;
    player.expect_ok("joined").await;
    host.expect_ok("lobby").await;
    host.send(json!({"type": "start"})).await;
    for n in 0..total {
        let q = player.expect_ok("question").await;
        assert_eq!(q["index"], n);
        let text = q["text"].as_str().unwrap();
        let original = pack
            .all_questions()
            .find(|(_, p)| p.text == text)
            .expect("a question of the pack")
            .1;
        let shown: Vec<&str> = q["choices"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c.as_str().unwrap())
            .collect();
        let mut sorted_shown = shown.clone();
        sorted_shown.sort();
        let mut sorted_pack: Vec<&str> = original.choices.iter().map(String::as_str).collect();
        sorted_pack.sort();
        assert_eq!(sorted_shown, sorted_pack);
        if let Some(url) = q["image"].as_str() {
            assert_eq!(
                Some(url),
                original
                    .image
                    .as_ref()
                    .map(|i| format!("/packs/{pack_id}/{i}"))
                    .as_deref()
            );
            assert_eq!(server.http("GET", url, b"").await.0, 200, "{url}");
        }
        let right = correct_text(original)[0];
        let choice = shown.iter().position(|c| *c == right).unwrap();
        player
            .send(json!({"type": "answer", "question": n, "choice": choice}))
            .await;
        player.expect_ok("answered").await;
        // The only player answered, so the question closes by itself.
        let reveal = player.expect_ok("reveal").await;
        assert_eq!(reveal["you"]["correct"], true, "{text}: {reveal}");
        let correct = reveal["correct"].as_u64().unwrap() as usize;
        assert!(correct_text(original).contains(&shown[correct]));
        host.expect_ok("reveal").await;
        if n + 1 < total {
            host.send(json!({"type": "next"})).await;
            host.expect_ok("leaderboard").await;
            host.send(json!({"type": "next"})).await;
        }
    }
    host.send(json!({"type": "end"})).await;
    let finished = player.expect_ok("finished").await;
    assert_eq!(finished["players"][0]["name"], "Ann");
}

#[tokio::test]
async fn imported_gift_and_aiken_packs_check_and_play_in_a_room() {
    let packs = tempfile::tempdir().unwrap();
    let data_dir = tempfile::tempdir().unwrap();
    let mut imported = Vec::new();
    for (input, id) in [
        ("import/sample.gift", "gift-sample"),
        ("import/sample.aiken.txt", "aiken-sample"),
    ] {
        let out = packs.path().join(format!("{id}.toml"));
        let run = quiznight(&[
            "import",
            data(input).to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ]);
        assert!(
            run.status.success(),
            "{}",
            String::from_utf8_lossy(&run.stderr)
        );
        let report = check_file(&out);
        assert!(report.errors.is_empty(), "{:?}", report.errors);
        imported.push((id, report.pack.unwrap()));
    }
    std::fs::copy(data("packs/broken.toml"), packs.path().join("broken.toml")).unwrap();
    let server = Server::start_with(quiznight::server::Config::new(
        packs.path(),
        data_dir.path(),
    ));
    let (status, list) = server.http("GET", "/api/packs", b"").await;
    assert_eq!(status, 200);
    let ids: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        vec!["aiken-sample", "gift-sample"],
        "the broken pack is skipped, the others load"
    );
    for (id, pack) in &imported {
        play_all(&server, id, pack).await;
    }
    // A game of one round of the GIFT pack, cut to two questions.
    let mut host = Client::connect(server.addr).await;
    let settings = json!({"rounds": [1], "questionCount": 2});
    host.send(json!({"type": "create", "pack": "gift-sample", "settings": settings}))
        .await;
    let created = host.expect_ok("created").await;
    assert_eq!(created["pack"]["questions"], 2);
    let mut player = Client::connect(server.addr).await;
    let code = created["code"].clone();
    player
        .send(json!({"type": "join", "code": code, "name": "Bo"}))
        .await;
    player.expect_ok("joined").await;
    host.send(json!({"type": "start"})).await;
    let q = player.expect_ok("question").await;
    assert_eq!(
        (q["round"].as_str(), q["total"].as_u64()),
        (Some("Science"), Some(2))
    );
    assert_eq!(q["text"], "Which of these numbers are prime?");
    server.stop().await.expect("a clean stop");
}

#[tokio::test]
async fn a_host_uploads_a_pack_and_plays_it_at_once() {
    let packs = tempfile::tempdir().unwrap();
    let data_dir = tempfile::tempdir().unwrap();
    // The example's image, already in the packs folder, is served with the pack.
    std::fs::create_dir(packs.path().join("images")).unwrap();
    let svg = data("packs/images/planetarium.svg");
    std::fs::copy(svg, packs.path().join("images/planetarium.svg")).unwrap();
    let server = Server::start_with(quiznight::server::Config::new(
        packs.path(),
        data_dir.path(),
    ));
    let good = std::fs::read(data("packs/good.toml")).unwrap();

    let (status, body) = server
        .http("POST", "/api/packs?name=My%20Quiz.toml", &good)
        .await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["id"], "upload-my-quiz");
    assert_eq!(body["questions"], 4);
    assert_eq!(body["rounds"], json!(["Cast and crew", "Music"]));
    assert!(packs.path().join("upload-my-quiz.toml").is_file());
    assert_eq!(body["warnings"], json!([]));

    // The same pack again: nothing new.
    let (status, body) = server
        .http("POST", "/api/packs?name=My%20Quiz.toml", &good)
        .await;
    assert_eq!((status, body["existing"].clone()), (200, json!(true)));
    // Another pack under the same name: a new id.
    let other = String::from_utf8(good.clone())
        .unwrap()
        .replace("La La Land\"", "Another\"");
    let (status, body) = server
        .http("POST", "/api/packs?name=My%20Quiz.toml", other.as_bytes())
        .await;
    assert_eq!(
        (status, body["id"].clone()),
        (201, json!("upload-my-quiz-2")),
        "{body}"
    );
    // JSON without a name: the title gives the id.
    let json_pack = std::fs::read(data("packs/good.json")).unwrap();
    let json_pack = String::from_utf8(json_pack)
        .unwrap()
        .replace("\"La La Land\"", "\"From JSON\"");
    let (status, body) = server
        .http("POST", "/api/packs", json_pack.as_bytes())
        .await;
    assert_eq!(
        (status, body["id"].clone()),
        (201, json!("upload-from-json")),
        "{body}"
    );
    assert!(packs.path().join("upload-from-json.json").is_file());

    // A broken pack: 400 with every error's line and column, nothing saved.
    let broken = std::fs::read(data("packs/broken.toml")).unwrap();
    let (status, body) = server
        .http("POST", "/api/packs?name=broken.toml", &broken)
        .await;
    assert_eq!(status, 400);
    assert_eq!(body["errors"].as_array().unwrap().len(), 7);
    assert_eq!(body["errors"][0]["line"], 11);
    assert_eq!(body["errors"][0]["column"], 10);
    assert!(body["errors"][0]["message"]
        .as_str()
        .unwrap()
        .contains("answer = 7 but there are 4 choices (0-3)"));
    assert_eq!(body["warnings"].as_array().unwrap().len(), 2);
    assert!(!packs.path().join("broken.toml").exists());
    // A missing image is a warning, not a refusal.
    let no_image = String::from_utf8(good.clone())
        .unwrap()
        .replace("planetarium.svg", "gone.svg");
    let no_image = no_image.replace("La La Land\"", "No image\"");
    let (status, body) = server
        .http("POST", "/api/packs?name=no-image.toml", no_image.as_bytes())
        .await;
    assert_eq!(status, 201, "{body}");
    assert!(body["warnings"][0]["message"]
        .as_str()
        .unwrap()
        .contains("images/gone.svg"));
    // Too large: 413. Not UTF-8: 400 with the place.
    let (status, body) = server
        .http(
            "POST",
            "/api/packs?name=big.toml",
            big_pack(1024 * 1024 + 100).as_bytes(),
        )
        .await;
    assert_eq!(status, 413, "{body}");
    let (status, body) = server
        .http("POST", "/api/packs?name=l.toml", b"title = \"Caf\xe9\"")
        .await;
    assert_eq!(
        (status, body["errors"][0]["column"].clone()),
        (400, json!(13))
    );

    let (_, list) = server.http("GET", "/api/packs", b"").await;
    let ids: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        vec![
            "upload-from-json",
            "upload-my-quiz",
            "upload-my-quiz-2",
            "upload-no-image"
        ]
    );
    let pack = parse_pack("good.toml", &String::from_utf8(good).unwrap()).unwrap();
    play_all(&server, "upload-my-quiz", &pack).await;
    server.stop().await.expect("a clean stop");

    // A restart loads the uploaded packs from the folder.
    let (loaded, errors) = load_dir(packs.path());
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(loaded.len(), 4);
}

// ---------------------------------------------------------------------------------
// robustness

mod mangled {
    use super::*;
    use proptest::prelude::*;

    fn mangle(text: &str, cut: usize, len: usize, insert: &str) -> String {
        let chars: Vec<char> = text.chars().collect();
        let cut = cut % chars.len();
        let end = (cut + len).min(chars.len());
        chars[..cut]
            .iter()
            .chain(insert.chars().collect::<Vec<_>>().iter())
            .chain(&chars[end..])
            .collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        /// Any edit of a good pack gives a pack or located errors, never a panic.
        #[test]
        fn a_mangled_pack_never_panics(cut in 0usize..4000, len in 0usize..40, insert in "[\\[\\]{}\",=0-9a-zé\\n\\\\]{0,6}", json in any::<bool>()) {
            let file = if json { "packs/good.json" } else { "packs/good.toml" };
            let text = std::fs::read_to_string(data(file)).unwrap();
            let name = if json { "m.json" } else { "m.toml" };
            let report = check_text(name, &mangle(&text, cut, len, &insert), None);
            prop_assert_eq!(report.pack.is_some(), report.errors.is_empty());
            for e in &report.errors {
                prop_assert!(!e.message.is_empty());
            }
        }

        /// Any edit of an import sample imports or fails with a reason, never panics,
        /// and what it imports passes the pack rules.
        #[test]
        fn a_mangled_import_never_panics(cut in 0usize..20000, len in 0usize..40, insert in "[{}=~#:%,;\"\nA-D.)é&]{0,6}", which in 0usize..4) {
            let (file, format) = [
                ("import/sample.gift", Format::Gift),
                ("import/sample.aiken.txt", Format::Aiken),
                ("import/kahoot.csv", Format::Kahoot),
                ("import/opentdb.json", Format::Opentdb),
            ][which];
            let text = std::fs::read_to_string(data(file)).unwrap();
            let mangled = mangle(&text, cut, len, &insert);
            for f in [Some(format), None] {
                if let Ok((_, imported)) = import_text(&mangled, f, "T") {
                    if imported.pack.question_count() > 0 {
                        prop_assert_eq!(quiznight::pack::load::validate(&imported.pack), Ok(()));
                    }
                }
            }
        }
    }
}
