//! The rules a pack must follow, as problems that point into the file.
//!
//! Two passes: [`check_shape`] walks the raw tree (missing fields, wrong types, unknown
//! fields with a did-you-mean) before serde sees it, so even a type error names the
//! value's own line; [`check_pack`] checks the parsed [`Pack`] (choices, answers, time
//! limits, duplicates). Both give paths; `load` turns paths into lines and columns.

use super::model::{Pack, Question};
use super::tree::{Node, Seg, Value};
use std::collections::HashMap;

/// Shortest and longest time a question may have, in seconds.
pub const TIME_LIMIT_SECS: std::ops::RangeInclusive<u32> = 5..=240;
/// How many choices a question may have.
pub const CHOICES: std::ops::RangeInclusive<usize> = 2..=6;
/// The largest point multiplier.
pub const MAX_POINTS: u32 = 10;
/// Unknown fields warned about one by one in one table; the rest get one line.
pub const MAX_UNKNOWN_WARNINGS: usize = 20;
/// The difficulties a question may name.
pub const DIFFICULTIES: [&str; 3] = ["easy", "medium", "hard"];

/// How bad a problem is: errors refuse the pack, warnings only inform.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    Error,
    Warning,
}

/// One problem, at a path into the pack.
#[derive(Debug, Clone, PartialEq)]
pub struct Issue {
    pub severity: Severity,
    pub path: Vec<Seg>,
    pub message: String,
    /// Another place the message refers to ("first written at line N").
    pub related: Option<Vec<Seg>>,
    /// Where in the text, when known better than by the path (a key rather than its value).
    pub span: Option<std::ops::Range<usize>>,
}

impl Issue {
    fn error(path: Vec<Seg>, message: String) -> Self {
        Self {
            severity: Severity::Error,
            path,
            message,
            related: None,
            span: None,
        }
    }

    fn warning(path: Vec<Seg>, message: String) -> Self {
        Self {
            severity: Severity::Warning,
            ..Self::error(path, message)
        }
    }
}

// ---------------------------------------------------------------------------------
// Pass 1: the shape of the tree.

/// What a field must hold.
#[derive(Clone, Copy)]
enum Kind {
    Str,
    /// A whole number from 0 up to this.
    Int(u64),
    StrList,
    IntList,
    Table(&'static [Field]),
    TableList(&'static [Field]),
}

struct Field {
    name: &'static str,
    kind: Kind,
    required: bool,
    /// What to write, for the "missing" and "wrong type" messages.
    hint: &'static str,
}

const fn field(name: &'static str, kind: Kind, required: bool, hint: &'static str) -> Field {
    Field {
        name,
        kind,
        required,
        hint,
    }
}

const U32: u64 = u32::MAX as u64;
const INDEX: u64 = 1_000_000;

// One line per field reads as a table; rustfmt would spread each over five.
#[rustfmt::skip]
const SOURCE: &[Field] = &[
    field("document", Kind::Str, true, "the file the question came from"),
    field("sentence", Kind::Str, true, "the sentence it was made from"),
];

#[rustfmt::skip]
const QUESTION: &[Field] = &[
    field("text", Kind::Str, true, "the question, e.g. text = \"What is the capital of France?\""),
    field("choices", Kind::StrList, true, "a list of 2 to 6 answers, e.g. choices = [\"Paris\", \"Lyon\"]"),
    field("answer", Kind::Int(INDEX), false, "the index of the right choice, counting from 0"),
    field("answers", Kind::IntList, false, "a list of the indices of the right choices, e.g. answers = [0, 2]"),
    field("time_limit", Kind::Int(U32), false, "seconds, 5 to 240"),
    field("points", Kind::Int(U32), false, "a multiplier, 1 to 10 (2 = double points)"),
    field("difficulty", Kind::Str, false, "easy, medium or hard"),
    field("explanation", Kind::Str, false, "text shown at the reveal"),
    field("image", Kind::Str, false, "a path relative to the pack file, e.g. \"images/q1.jpg\""),
    field("image_alt", Kind::Str, false, "what the image shows, for players who cannot see it"),
    field("source", Kind::Table(SOURCE), false, "{ document = \"...\", sentence = \"...\" }"),
];

#[rustfmt::skip]
const ROUND: &[Field] = &[
    field("name", Kind::Str, true, "the round's name, e.g. name = \"Geography\""),
    field("questions", Kind::TableList(QUESTION), false, "the round's questions"),
];

#[rustfmt::skip]
const PACK: &[Field] = &[
    field("title", Kind::Str, true, "the pack's title, e.g. title = \"Pub Quiz\""),
    field("description", Kind::Str, false, "a sentence about the pack"),
    field("author", Kind::Str, false, "who wrote it"),
    field("language", Kind::Str, false, "a language tag such as \"en\""),
    field("time_limit", Kind::Int(U32), false, "seconds per question, 5 to 240"),
    field("questions", Kind::TableList(QUESTION), false, "questions outside any round"),
    field("rounds", Kind::TableList(ROUND), false, "named rounds of questions"),
];

/// Missing fields, wrong types and unknown fields in a pack's raw tree, and the pack's
/// data with only the well-formed known fields (missing required ones left empty), so the
/// rules of pass 2 can still run on a pack with shape errors.
pub fn check_shape(root: &Node) -> (Vec<Issue>, serde_json::Value) {
    let mut issues = Vec::new();
    let mut path = Vec::new();
    let clean = match &root.value {
        Value::Table(_) => table(root, PACK, "the pack", &mut path, &mut issues),
        other => {
            issues.push(Issue::error(
                path,
                format!(
                    "a pack must be a table (a JSON object) with a title and questions, not {}",
                    other.kind()
                ),
            ));
            empty_table(PACK)
        }
    };
    (issues, clean)
}

/// A table with only its required fields, each empty.
fn empty_table(fields: &'static [Field]) -> serde_json::Value {
    let mut map = serde_json::Map::new();
    for f in fields.iter().filter(|f| f.required) {
        map.insert(f.name.to_string(), empty(f.kind));
    }
    serde_json::Value::Object(map)
}

fn empty(kind: Kind) -> serde_json::Value {
    match kind {
        Kind::Str => serde_json::Value::String(String::new()),
        Kind::Int(_) => serde_json::Value::from(0),
        Kind::StrList | Kind::IntList | Kind::TableList(_) => serde_json::Value::Array(Vec::new()),
        Kind::Table(fields) => empty_table(fields),
    }
}

fn table(
    node: &Node,
    fields: &'static [Field],
    what: &str,
    path: &mut Vec<Seg>,
    out: &mut Vec<Issue>,
) -> serde_json::Value {
    let mut clean = serde_json::Map::new();
    let Value::Table(entries) = &node.value else {
        return empty_table(fields);
    };
    for f in fields {
        let present = entries
            .iter()
            .any(|e| e.key == f.name && e.node.value != Value::Null);
        if f.required && !present {
            // The path names the missing field; it is located at its table.
            out.push(Issue::error(
                with(path, Seg::Key(f.name)),
                format!("{what} has no `{}`: add {}", f.name, f.hint),
            ));
            clean.insert(f.name.to_string(), empty(f.kind));
        }
    }
    // A set, not a look back at every earlier key: a hostile file has 90,000 keys.
    let mut seen = std::collections::HashSet::with_capacity(entries.len());
    let mut unknown = 0usize;
    for e in entries.iter() {
        // TOML refuses a key written twice; JSON allows it, and the last would win.
        if !seen.insert(e.key.as_str()) {
            out.push(Issue {
                span: Some(e.key_span.clone()),
                ..Issue::error(
                    path.clone(),
                    format!("`{}` is written twice here: keep one", e.key),
                )
            });
            continue;
        }
        let Some(f) = fields.iter().find(|f| f.name == e.key) else {
            unknown += 1;
            if unknown > MAX_UNKNOWN_WARNINGS {
                continue;
            }
            let known: Vec<&str> = fields.iter().map(|f| f.name).collect();
            let hint = match did_you_mean(&e.key, &known) {
                Some(k) => format!(" (did you mean `{k}`?)"),
                None => format!(" (known fields here: {})", known.join(", ")),
            };
            out.push(Issue {
                span: Some(e.key_span.clone()),
                ..Issue::warning(
                    path.clone(),
                    format!("unknown field `{}` is ignored{hint}", e.key),
                )
            });
            continue;
        };
        if e.node.value == Value::Null {
            continue;
        }
        path.push(Seg::Key(f.name));
        let checked = value(&e.node, f, path, out);
        path.pop();
        // A wrong value (already reported) counts as empty when required, else as absent.
        match checked {
            Some(v) => {
                clean.insert(f.name.to_string(), v);
            }
            None if f.required => {
                clean.insert(f.name.to_string(), empty(f.kind));
            }
            None => {}
        }
    }
    if unknown > MAX_UNKNOWN_WARNINGS {
        out.push(Issue::warning(
            path.clone(),
            format!(
                "{} more unknown fields here are ignored",
                unknown - MAX_UNKNOWN_WARNINGS
            ),
        ));
    }
    serde_json::Value::Object(clean)
}

/// Checks one value; gives its clean form, or None when it is unusable.
fn value(
    node: &Node,
    f: &Field,
    path: &mut Vec<Seg>,
    out: &mut Vec<Issue>,
) -> Option<serde_json::Value> {
    let wrong = |expected: &str, out: &mut Vec<Issue>, path: &Vec<Seg>| {
        out.push(Issue::error(
            path.clone(),
            format!(
                "`{}` must be {expected}, not {}: write {}",
                f.name,
                node.value.kind(),
                f.hint
            ),
        ));
        None
    };
    match f.kind {
        Kind::Str => match &node.value {
            Value::Str(s) => Some(serde_json::Value::String(s.clone())),
            _ => wrong("a string", out, path),
        },
        Kind::Int(max) => int(node, f.name, max, f.hint, path, out),
        Kind::StrList | Kind::IntList | Kind::TableList(_) => {
            let Value::Array(items) = &node.value else {
                let expected = match f.kind {
                    Kind::StrList => "a list of strings",
                    Kind::IntList => "a list of whole numbers",
                    _ => "a list of tables",
                };
                return wrong(expected, out, path);
            };
            let mut clean = Vec::new();
            let mut usable = true;
            for (i, item) in items.iter().enumerate() {
                path.push(Seg::Index(i));
                match f.kind {
                    Kind::StrList => match &item.value {
                        Value::Str(s) => clean.push(serde_json::Value::String(s.clone())),
                        other => {
                            out.push(Issue::error(
                                path.clone(),
                                format!(
                                    "`{}` item {i} must be a string, not {}: put it in quotes",
                                    f.name,
                                    other.kind()
                                ),
                            ));
                            // Keeps the indices of the other items right.
                            clean.push(serde_json::Value::String(String::new()));
                        }
                    },
                    Kind::IntList => match int(item, f.name, INDEX, f.hint, path, out) {
                        Some(v) => clean.push(v),
                        None => usable = false,
                    },
                    Kind::TableList(fields) => {
                        let what = match f.name {
                            "rounds" => format!("round {}", i + 1),
                            _ => format!("question {}", i + 1),
                        };
                        if matches!(item.value, Value::Table(_)) {
                            clean.push(table(item, fields, &what, path, out));
                        } else {
                            out.push(Issue::error(
                                path.clone(),
                                format!(
                                    "`{}` item {i} must be a table, not {}",
                                    f.name,
                                    item.value.kind()
                                ),
                            ));
                            clean.push(empty_table(fields));
                        }
                    }
                    _ => {}
                }
                path.pop();
            }
            usable.then_some(serde_json::Value::Array(clean))
        }
        Kind::Table(fields) => {
            if matches!(node.value, Value::Table(_)) {
                Some(table(node, fields, &format!("`{}`", f.name), path, out))
            } else {
                wrong("a table", out, path)
            }
        }
    }
}

fn int(
    node: &Node,
    name: &str,
    max: u64,
    hint: &str,
    path: &[Seg],
    out: &mut Vec<Issue>,
) -> Option<serde_json::Value> {
    let message = match node.value {
        Value::Int(n) if n < 0 => format!("`{name}` = {n} cannot be negative: write {hint}"),
        Value::Int(n) if n > max as i128 => {
            format!("`{name}` = {n} is far too big: write {hint}")
        }
        Value::Int(n) => return Some(serde_json::Value::from(n as u64)),
        Value::Float(x) => format!("`{name}` = {x} must be a whole number: write {hint}"),
        ref other => format!(
            "`{name}` must be a whole number, not {}: write {hint}",
            other.kind()
        ),
    };
    out.push(Issue::error(path.to_vec(), message));
    None
}

/// The known name closest to a misspelt one, if any is close enough.
pub fn did_you_mean<'a>(key: &str, known: &[&'a str]) -> Option<&'a str> {
    let normal = snake_case(key);
    const ALIASES: &[(&str, &str)] = &[
        ("question", "text"),
        ("prompt", "text"),
        ("options", "choices"),
        ("answer_options", "choices"),
        ("correct", "answer"),
        ("correct_answer", "answer"),
        ("solution", "answer"),
        ("correct_answers", "answers"),
        ("timer", "time_limit"),
        ("time", "time_limit"),
        ("seconds", "time_limit"),
        ("score", "points"),
        ("feedback", "explanation"),
        ("picture", "image"),
        ("name", "title"),
        ("title", "name"),
        ("lang", "language"),
    ];
    if let Some(k) = known.iter().find(|k| **k == normal) {
        return Some(k);
    }
    if let Some((_, to)) = ALIASES
        .iter()
        .find(|(from, to)| *from == normal && known.contains(to))
    {
        return known.iter().find(|k| *k == to).copied();
    }
    known
        .iter()
        .map(|k| (edit_distance(&normal, k), *k))
        .filter(|(d, k)| *d <= 2.max(k.len() / 4) && *d < k.len())
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

/// `timeLimit` and `time-limit` to `time_limit`.
fn snake_case(key: &str) -> String {
    let mut out = String::new();
    for c in key.trim().chars() {
        if c.is_uppercase() {
            if !out.is_empty() && !out.ends_with('_') {
                out.push('_');
            }
            out.extend(c.to_lowercase());
        } else if c == '-' || c == ' ' {
            out.push('_');
        } else {
            out.push(c);
        }
    }
    out
}

/// Levenshtein distance, by characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            let next = (row[j] + cost).min(row[j + 1] + 1).min(row[j] + 1);
            let next = next.min(prev + cost);
            prev = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

// ---------------------------------------------------------------------------------
// Pass 2: the rules of a parsed pack.

/// A question already met: the path of its text and its normalised, sorted choices.
type Seen = (Vec<Seg>, Vec<String>);

/// Every rule of `PACKS.md` the types cannot express, as issues with paths.
pub fn check_pack(pack: &Pack) -> Vec<Issue> {
    let mut out = Vec::new();
    if pack.title.trim().is_empty() {
        out.push(Issue::error(
            vec![Seg::Key("title")],
            "title is empty: give the pack a name players will see".into(),
        ));
    }
    if let Some(t) = pack.time_limit {
        time_limit(t, vec![Seg::Key("time_limit")], &mut out);
    }
    if pack.question_count() == 0 {
        let at = if pack.rounds.is_empty() {
            vec![Seg::Key("questions")]
        } else {
            vec![Seg::Key("rounds")]
        };
        out.push(Issue::error(
            at,
            "the pack has no questions: add [[questions]] (or [[rounds]] with [[rounds.questions]])".into(),
        ));
    }
    // Normalised text -> (path of its text, normalised sorted choices).
    let mut seen: HashMap<String, Vec<Seen>> = HashMap::new();
    let mut each = |q: &Question, base: Vec<Seg>, out: &mut Vec<Issue>| {
        question(q, &base, out);
        let text = normal(&q.text);
        if text.is_empty() {
            return;
        }
        let mut choices: Vec<String> = q.choices.iter().map(|c| normal(c)).collect();
        choices.sort();
        let at = with(&base, Seg::Key("text"));
        let earlier = seen.entry(text).or_default();
        if let Some((first, _)) = earlier.iter().find(|(_, c)| *c == choices) {
            out.push(Issue {
                related: Some(first.clone()),
                ..Issue::error(
                    at.clone(),
                    "the same question (text and choices) is already in the pack: remove one"
                        .into(),
                )
            });
        } else if let Some((first, _)) = earlier.first() {
            out.push(Issue {
                related: Some(first.clone()),
                ..Issue::warning(
                    at.clone(),
                    "another question has the same text (with other choices): fine if you meant it"
                        .into(),
                )
            });
        }
        earlier.push((at, choices));
    };
    for (i, q) in pack.questions.iter().enumerate() {
        each(q, vec![Seg::Key("questions"), Seg::Index(i)], &mut out);
    }
    for (r, round) in pack.rounds.iter().enumerate() {
        let base = vec![Seg::Key("rounds"), Seg::Index(r)];
        if round.name.trim().is_empty() {
            out.push(Issue::error(
                with(&base, Seg::Key("name")),
                "the round's name is empty".into(),
            ));
        }
        if round.questions.is_empty() {
            out.push(Issue::error(
                with(&base, Seg::Key("questions")),
                format!(
                    "round {:?} has no questions: add [[rounds.questions]] under it or remove it",
                    round.name
                ),
            ));
        }
        for (i, q) in round.questions.iter().enumerate() {
            let mut at = base.clone();
            at.extend([Seg::Key("questions"), Seg::Index(i)]);
            each(q, at, &mut out);
        }
    }
    out
}

/// Trimmed, case folded, inner spaces collapsed: how we compare texts.
pub fn normal(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

fn with(base: &[Seg], seg: Seg) -> Vec<Seg> {
    let mut p = base.to_vec();
    p.push(seg);
    p
}

fn time_limit(t: u32, at: Vec<Seg>, out: &mut Vec<Issue>) {
    if !TIME_LIMIT_SECS.contains(&t) {
        out.push(Issue::error(
            at,
            format!(
                "time_limit = {t} is out of range: use {} to {} seconds",
                TIME_LIMIT_SECS.start(),
                TIME_LIMIT_SECS.end()
            ),
        ));
    }
}

/// The rules of one question at `base`.
pub fn question(q: &Question, base: &[Seg], out: &mut Vec<Issue>) {
    let key = |k: &'static str| with(base, Seg::Key(k));
    if q.text.trim().is_empty() {
        out.push(Issue::error(
            key("text"),
            "the question's text is empty".into(),
        ));
    }
    let n = q.choices.len();
    if !CHOICES.contains(&n) {
        let fix = if n < *CHOICES.start() {
            format!("add {}", CHOICES.start() - n)
        } else {
            format!("remove {}", n - CHOICES.end())
        };
        out.push(Issue::error(
            key("choices"),
            format!(
                "{n} choice{}, but a question needs {} to {}: {fix}",
                if n == 1 { "" } else { "s" },
                CHOICES.start(),
                CHOICES.end()
            ),
        ));
    }
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (i, c) in q.choices.iter().enumerate() {
        let at = with(&key("choices"), Seg::Index(i));
        let k = c.trim().to_lowercase();
        if k.is_empty() {
            out.push(Issue::error(at, format!("choice {i} is empty")));
        } else if let Some(j) = seen.insert(k, i) {
            out.push(Issue::error(
                at,
                format!(
                    "choices {j} and {i} are the same ({:?}): make them different or remove one",
                    c.trim()
                ),
            ));
        }
    }
    let range = if n == 0 {
        "none".to_string()
    } else {
        format!("0-{}", n - 1)
    };
    match (&q.answer, &q.answers) {
        (Some(_), Some(_)) => out.push(Issue::error(
            key("answers"),
            "both `answer` and `answers` are given: keep `answer` for one right choice or `answers` for several".into(),
        )),
        (None, None) => out.push(Issue::error(
            key("answer"),
            "the question has no `answer`: add answer = N (the index of the right choice, from 0), or answers = [..] for several".into(),
        )),
        (Some(a), None) => {
            if *a >= n {
                out.push(Issue::error(
                    key("answer"),
                    format!("answer = {a} but there are {n} choices ({range}): choices count from 0"),
                ));
            }
        }
        (None, Some(many)) => {
            if many.is_empty() {
                out.push(Issue::error(key("answers"), "answers is empty: list at least one right choice".into()));
            }
            let mut seen = Vec::new();
            for (i, a) in many.iter().enumerate() {
                let at = with(&key("answers"), Seg::Index(i));
                if *a >= n {
                    out.push(Issue::error(
                        at,
                        format!("answers has {a} but there are {n} choices ({range}): choices count from 0"),
                    ));
                } else if seen.contains(a) {
                    out.push(Issue::error(at, format!("answers lists {a} twice")));
                }
                seen.push(*a);
            }
            if n > 0 && !many.is_empty() && (0..n).all(|i| many.contains(&i)) {
                out.push(Issue::warning(
                    key("answers"),
                    "every choice is right: nobody can get this one wrong".into(),
                ));
            }
        }
    }
    if let Some(t) = q.time_limit {
        time_limit(t, key("time_limit"), out);
    }
    if let Some(p) = q.points {
        if !(1..=MAX_POINTS).contains(&p) {
            out.push(Issue::error(
                key("points"),
                format!("points = {p} is out of range: use 1 to {MAX_POINTS} (2 = double points)"),
            ));
        }
    }
    if let Some(d) = &q.difficulty {
        if !DIFFICULTIES.contains(&d.as_str()) {
            out.push(Issue::error(
                key("difficulty"),
                format!("difficulty = {d:?} is not one of easy, medium, hard"),
            ));
        }
    }
    if let Some(img) = &q.image {
        if !is_relative_path(img) {
            out.push(Issue::error(
                key("image"),
                format!("image = {img:?} must be a path inside the pack's folder, e.g. \"images/q1.jpg\" (no \"..\", no leading \"/\", no URL)"),
            ));
        } else if super::media::image_type(img).is_none() {
            // Nothing else is ever served, so anything else would be a broken picture.
            out.push(Issue::error(
                key("image"),
                format!(
                    "image = {img:?} is not a picture the server serves: use one of {}",
                    super::media::allowed_list()
                ),
            ));
        }
    }
}

/// A plain relative path: no root, no "..", no URL scheme.
pub fn is_relative_path(p: &str) -> bool {
    !p.trim().is_empty()
        && !p.contains("://")
        && !p.contains('\\')
        && std::path::Path::new(p).components().all(|c| {
            matches!(
                c,
                std::path::Component::Normal(_) | std::path::Component::CurDir
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_image_must_be_a_picture_type() {
        let q = |img: &str| Question {
            image: Some(img.into()),
            ..Default::default()
        };
        let mut out = Vec::new();
        question(&q("sample.toml"), &[], &mut out);
        assert!(
            out.iter().any(|i| i.message.contains("is not a picture")),
            "{out:?}"
        );
        let mut out = Vec::new();
        question(&q("media/p/x.webp"), &[], &mut out);
        assert!(!out.iter().any(|i| i.message.contains("image")), "{out:?}");
    }

    #[test]
    fn did_you_mean_finds_typos_case_and_aliases() {
        let known: Vec<&str> = QUESTION.iter().map(|f| f.name).collect();
        assert_eq!(did_you_mean("choises", &known), Some("choices"));
        assert_eq!(did_you_mean("timeLimit", &known), Some("time_limit"));
        assert_eq!(did_you_mean("options", &known), Some("choices"));
        assert_eq!(did_you_mean("correct_answer", &known), Some("answer"));
        assert_eq!(did_you_mean("zzzzzz", &known), None);
    }

    #[test]
    fn a_question_reports_each_problem() {
        let q = Question {
            text: " ".into(),
            choices: vec!["Paris".into(), " paris ".into(), "".into()],
            answers: Some(vec![0, 3, 0]),
            time_limit: Some(300),
            points: Some(0),
            difficulty: Some("tough".into()),
            image: Some("../secret.jpg".into()),
            ..Default::default()
        };
        let mut out = Vec::new();
        question(&q, &[], &mut out);
        let all: Vec<&str> = out.iter().map(|i| i.message.as_str()).collect();
        let text = all.join("\n");
        for want in [
            "text is empty",
            "choices 0 and 1 are the same",
            "choice 2 is empty",
            "answers has 3 but there are 3 choices (0-2)",
            "answers lists 0 twice",
            "time_limit = 300 is out of range",
            "points = 0",
            "\"tough\" is not one of",
            "must be a path inside",
        ] {
            assert!(text.contains(want), "missing {want:?} in\n{text}");
        }
    }
}
