//! The generator end to end: the seeds pack is reproducible, and generated questions pass
//! the automatic quality checks on the seeds and on documents about other subjects.

use quiznight::generate::{self, quality, Document, Options};
use quiznight::pack::model::Pack;
use std::path::{Path, PathBuf};

fn seeds_dir() -> Option<PathBuf> {
    let local = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds");
    [local, PathBuf::from("/work/shared/seeds")]
        .into_iter()
        .find(|p| p.is_dir())
}

fn own_docs(subject: &str) -> Vec<Document> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/docs")
        .join(subject);
    generate::input::read_paths(&[dir]).expect("test documents")
}

struct Figures {
    questions: usize,
    passing: usize,
    wh: usize,
    /// Four-choice questions whose answer is a year or a date.
    dates: usize,
}

/// Runs every check and prints the failures, so a regression says what went wrong.
fn measure(docs: &[Document], pack: &Pack) -> Figures {
    let ctx = quality::Context::new(docs);
    let mut f = Figures {
        questions: 0,
        passing: 0,
        wh: 0,
        dates: 0,
    };
    for (_, q) in pack.all_questions() {
        f.questions += 1;
        let problems = quality::check_question(q, &ctx);
        if problems.is_empty() {
            f.passing += 1;
        } else {
            println!(
                "FAIL {:?}\n  {}\n  {:?} answer {:?}",
                problems, q.text, q.choices, q.answer
            );
        }
        if quality::is_wh_question(&q.text) {
            f.wh += 1;
        }
        let months = quiznight::generate::lexicon::MONTHS;
        if let (Some(a), 4) = (q.answer, q.choices.len()) {
            let c = &q.choices[a];
            let year = c.len() == 4 && c.chars().all(|x| x.is_ascii_digit());
            if year || months.iter().any(|m| c.starts_with(m)) {
                f.dates += 1;
            }
        }
    }
    println!(
        "questions {} passing {} wh {}",
        f.questions, f.passing, f.wh
    );
    f
}

fn generate_toml(docs: &[Document], seed: u64) -> (Pack, String) {
    let opts = Options {
        seed,
        ..Options::default()
    };
    let (pack, _) = generate::generate(docs, &opts).expect("generate");
    let text = generate::to_toml(&pack).unwrap();
    (pack, text)
}

#[test]
fn seeds_pack_is_committed_and_reproducible() {
    let Some(dir) = seeds_dir() else {
        println!("skipped: ../shared/seeds not found, cannot regenerate questions/la-la-land.toml");
        return;
    };
    let docs = generate::input::read_paths(&[dir]).unwrap();
    let opts = Options {
        topic: Some("La La Land".into()),
        title: Some("La La Land".into()),
        seed: 2016,
        ..Options::default()
    };
    let (pack, _) = generate::generate(&docs, &opts).unwrap();
    let text = generate::to_toml(&pack).unwrap();
    let committed = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("questions/la-la-land.toml"),
    )
    .unwrap();
    assert!(
        committed == text,
        "questions/la-la-land.toml is stale: regenerate it with the command in docs/GENERATOR.md"
    );
    quiznight::pack::load::parse_pack("la-la-land.toml", &committed)
        .expect("the committed pack loads");
}

#[test]
fn seeds_meet_the_bar() {
    let Some(dir) = seeds_dir() else {
        println!("skipped: ../shared/seeds not found");
        return;
    };
    let docs = generate::input::read_paths(&[dir]).unwrap();
    let (pack, text) = generate_toml(&docs, 7);
    quiznight::pack::load::parse_pack("seeds.toml", &text).expect("loads");
    let f = measure(&docs, &pack);
    // A full evening: at least 60 questions (only the best of each document are kept).
    assert!(f.questions >= 60, "{} questions", f.questions);
    assert!(
        f.passing * 100 >= f.questions * 95,
        "{}/{} pass",
        f.passing,
        f.questions
    );
    assert!(
        f.wh * 2 >= f.questions,
        "{}/{} wh-questions",
        f.wh,
        f.questions
    );
    let familiar = quality::most_familiar_share(&pack, &quality::Context::new(&docs));
    println!(
        "answer is the most-mentioned choice in {:.0}%",
        familiar * 100.0
    );
    // Chance is 25%; the seeds are mostly about their two stars, so ~40% is the known level.
    assert!(
        familiar < 0.45,
        "the answer is the most-mentioned name in {:.0}% of name questions (chance is 25%)",
        familiar * 100.0
    );
    let (longest, positions) = quality::pack_balance(&pack);
    assert!(
        longest < 0.4,
        "the answer is the longest choice in {:.0}% of questions",
        longest * 100.0
    );
    let n: usize = positions.iter().sum();
    assert!(
        positions.iter().all(|&p| p * 8 >= n),
        "answer positions are skewed: {positions:?}"
    );
}

#[test]
fn same_input_and_seed_give_the_same_bytes() {
    let docs = own_docs("city");
    let (_, a) = generate_toml(&docs, 3);
    let (_, b) = generate_toml(&docs, 3);
    assert_eq!(a, b);
    let (_, c) = generate_toml(&docs, 4);
    assert_ne!(a, c, "the seed should change the shuffles");
}

fn other_subject(subject: &str) {
    let docs = own_docs(subject);
    let (pack, text) = generate_toml(&docs, 11);
    quiznight::pack::load::parse_pack("other.toml", &text).expect("loads");
    let f = measure(&docs, &pack);
    // A few kilobytes give a handful of good questions, not dozens of weak ones.
    assert!(
        f.questions >= 1,
        "{subject}: only {} questions",
        f.questions
    );
    assert!(
        f.passing * 100 >= f.questions * 95,
        "{subject}: {}/{} pass",
        f.passing,
        f.questions
    );
    assert!(
        f.wh * 2 >= f.questions,
        "{subject}: {}/{} wh-questions",
        f.wh,
        f.questions
    );
    // Dates are the easiest facts to find; a quiz of nothing but dates is dull.
    // (Counted from five questions: two headline years of two, "In what year was FC
    // Barcelona founded?", are no quiz of nothing but dates.)
    assert!(
        f.questions < 5 || f.dates * 100 <= f.questions * 35,
        "{subject}: {}/{} questions ask for a date or a year",
        f.dates,
        f.questions
    );
}

#[test]
fn works_on_a_city() {
    other_subject("city");
}

#[test]
fn works_on_a_scientist() {
    other_subject("scientist");
}

#[test]
fn works_on_a_sports_team() {
    other_subject("team");
}

#[test]
fn works_on_a_space_mission() {
    other_subject("mission");
}

#[test]
fn html_input_is_cleaned_and_sources_stay_exact() {
    let html = "<html><body><h1>Lisbon</h1><p>The Belém Tower was built in 1519 on the Tagus River.</p>\
        <p>Only 30 trams run on the Lisbon network&#39;s oldest line.</p><p>Architect Francisco de Arruda designed the Belém Tower.</p></body></html>";
    let doc = Document::from_named("lisbon.html", html);
    assert!(doc.text.contains("network's oldest line"));
    let (pack, _) = generate::generate(std::slice::from_ref(&doc), &Options::default()).unwrap();
    for (_, q) in pack.all_questions() {
        let src = q.source.as_ref().unwrap();
        assert!(doc.text.contains(&src.sentence), "{src:?}");
        assert_eq!(src.document, "lisbon.html");
    }
}

#[test]
fn no_documents_is_a_clear_error() {
    let err = generate::generate(&[], &Options::default()).unwrap_err();
    assert!(err.to_string().contains("no usable facts"), "{err}");
}

fn devdocs_dir() -> Option<PathBuf> {
    let local = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/devdocs");
    [local, PathBuf::from("/work/shared/devdocs")]
        .into_iter()
        .find(|p| p.is_dir())
}

/// Words that open or join a question and name nothing.
const NOT_NAMES: &[&str] = &[
    "Who", "Which", "What", "How", "Where", "When", "Whom", "In", "On", "At", "The", "A", "An",
    "I", "During", "After", "Before", "By", "For", "From", "Since", "Over", "Under", "With",
    "Born", "Built", "As", "Of", "To",
];

/// A stem names something besides its answer: a capitalized word or a quoted title.
fn names_something(stem: &str, answer: &str) -> bool {
    let months = quiznight::generate::lexicon::MONTHS;
    stem.contains('"')
        || stem.contains('“')
        || stem.split_whitespace().any(|w| {
            let w = w.trim_matches(|c: char| !c.is_alphanumeric());
            w.starts_with(|c: char| c.is_uppercase())
                && !NOT_NAMES.contains(&w)
                && !months.contains(&w)
                && !answer.split_whitespace().any(|a| a == w)
        })
}

/// -1 / 1 for a choice whose given name is a woman's / a man's, else 0.
fn name_gender(choice: &str) -> i32 {
    use quiznight::generate::lexicon::{FEMALE_NAMES, MALE_NAMES};
    let first = choice.split(' ').next().unwrap_or("");
    if !choice.contains(' ') {
        0
    } else if FEMALE_NAMES.contains(&first) {
        -1
    } else if MALE_NAMES.contains(&first) {
        1
    } else {
        0
    }
}

/// The pronoun gender of a stem: 1 he/his/him, -1 she/her, 0 none or both.
fn stem_gender(stem: &str) -> i32 {
    let (mut m, mut f) = (false, false);
    for w in stem.to_lowercase().split(|c: char| !c.is_alphabetic()) {
        m |= ["he", "his", "him", "himself"].contains(&w);
        f |= ["she", "her", "hers", "herself"].contains(&w);
    }
    match (m, f) {
        (true, false) => 1,
        (false, true) => -1,
        _ => 0,
    }
}

/// The automatic properties, on one pack; prints every failure, returns how many.
fn room_properties(label: &str, docs: &[Document], pack: &Pack) -> usize {
    let ctx = quality::Context::new(docs);
    let mut bad = 0;
    // Subject of each round ("Venice: Locations" -> "Venice"), and the documents it draws on.
    let mut subject_docs: std::collections::BTreeMap<String, std::collections::BTreeSet<String>> =
        Default::default();
    let subject_of = |round: Option<&str>| {
        round
            .and_then(|r| r.split_once(": "))
            .map(|(s, _)| s.to_string())
            .unwrap_or_default()
    };
    for (round, q) in pack.all_questions() {
        if let Some(src) = &q.source {
            subject_docs
                .entry(subject_of(round))
                .or_default()
                .insert(src.document.clone());
        }
    }
    let mentions = |doc: &str, text: &str| ctx.docs.get(doc).is_some_and(|d| d.contains(text));
    for (round, q) in pack.all_questions() {
        let answer = q.answer.map(|a| q.choices[a].as_str()).unwrap_or("");
        if !names_something(&q.text, answer) {
            println!("{label}: names nothing: {}", q.text);
            bad += 1;
        }
        let own = &subject_docs[&subject_of(round)];
        // Names only (numbers are computed), and only when the pack has several subjects.
        let names = q
            .choices
            .iter()
            .filter(|c| c.contains(|x: char| x.is_uppercase()) && subject_docs.len() > 1);
        for c in names {
            let last = c.rsplit(' ').next().unwrap_or(c);
            // Places may also come from the generator's list of well-known places.
            let listed = quiznight::generate::lexicon::PLACES
                .iter()
                .any(|(p, _)| p == c);
            let in_own = listed || own.iter().any(|d| mentions(d, c) || mentions(d, last));
            let elsewhere = ctx
                .docs
                .keys()
                .filter(|d| !own.contains(*d))
                .any(|d| mentions(d, c));
            if !in_own && elsewhere {
                println!("{label}: {c:?} only from another subject: {}", q.text);
                bad += 1;
            }
        }
        let g = stem_gender(&q.text);
        if g != 0 && q.choices.iter().any(|c| name_gender(c) == -g) {
            println!("{label}: pronoun gender vs {:?}: {}", q.choices, q.text);
            bad += 1;
        }
    }
    let familiar = quality::most_familiar_share(pack, &ctx);
    let (longest, _) = quality::pack_balance(pack);
    println!(
        "{label}: most-mentioned {:.0}%, longest {:.0}%",
        familiar * 100.0,
        longest * 100.0
    );
    if familiar > 0.30 || longest > 0.30 {
        bad += 1;
    }
    bad
}

#[test]
fn seeds_questions_name_their_subject_and_give_nothing_away() {
    let Some(dir) = seeds_dir() else {
        println!("skipped: ../shared/seeds not found");
        return;
    };
    let docs = generate::input::read_paths(&[dir]).unwrap();
    let opts = Options {
        topic: Some("La La Land".into()),
        seed: 2016,
        ..Options::default()
    };
    let (pack, _) = generate::generate(&docs, &opts).unwrap();
    assert_eq!(room_properties("seeds", &docs, &pack), 0);
    // Default settings (the topic found, not given) keep the same properties.
    let (pack, _) = generate::generate(&docs, &Options::default()).unwrap();
    assert_eq!(room_properties("seeds (default)", &docs, &pack), 0);
}

#[test]
fn devdocs_give_rounds_per_subject_with_fair_questions() {
    let Some(dir) = devdocs_dir() else {
        println!("skipped: ../shared/devdocs not found");
        return;
    };
    let docs = generate::input::read_paths(&[dir]).unwrap();
    let (pack, _) = generate::generate(&docs, &Options::default()).unwrap();
    let f = measure(&docs, &pack);
    // Short articles give what is worth asking: numbers that are no headline fact (a salary,
    // a take count) only to reach two questions a subject (docs/GENERATOR.md). Blind readers
    // rejected all such numbers, so fewer, better questions beat the 22 of before.
    assert!(f.questions >= 8, "{} questions", f.questions);
    assert_eq!(f.passing, f.questions);
    assert_eq!(room_properties("devdocs", &docs, &pack), 0);
    // One round per subject at least, named after it.
    let subjects: std::collections::BTreeSet<&str> = pack
        .rounds
        .iter()
        .filter_map(|r| r.name.split_once(": ").map(|(s, _)| s))
        .collect();
    assert!(subjects.len() >= 5, "subjects: {subjects:?}");
}

/// `quiznight generate` reads PDF and Word files, and a broken one is an error naming it.
#[test]
fn the_command_line_reads_pdf_and_docx() {
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/generate");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("pack.toml");
    let run = |args: &[&std::ffi::OsStr]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_quiznight"))
            .arg("generate")
            .args(args)
            .output()
            .unwrap()
    };
    let done = run(&[
        fixtures.join("barcelona.pdf").as_os_str(),
        fixtures.join("curie.docx").as_os_str(),
        "-q".as_ref(),
        "-o".as_ref(),
        out.as_os_str(),
    ]);
    assert!(
        done.status.success(),
        "{}",
        String::from_utf8_lossy(&done.stderr)
    );
    let pack = std::fs::read_to_string(&out).unwrap();
    assert!(pack.contains("document = \"barcelona.pdf\""), "{pack}");
    assert!(pack.contains("document = \"curie.docx\""), "{pack}");
    let broken = dir.path().join("cut.pdf");
    let bytes = std::fs::read(fixtures.join("barcelona.pdf")).unwrap();
    std::fs::write(&broken, &bytes[..200]).unwrap();
    let failed = run(&[broken.as_os_str(), "-q".as_ref()]);
    assert!(!failed.status.success());
    let stderr = String::from_utf8_lossy(&failed.stderr);
    assert!(
        stderr.contains("cut.pdf: a broken or unsupported PDF"),
        "{stderr}"
    );
}
