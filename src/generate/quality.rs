//! Automatic checks of a generated question, used by the summary and by the tests so
//! "N% pass" is measured by code: the answer is in its source sentence, no distractor
//! is, the stem does not give the answer away, and every choice has the answer's type.

use super::questions::contains_word;
use super::Document;
use crate::pack::model::{Pack, Question};
use std::collections::BTreeMap;

/// What the checks need besides the question: the cleaned documents by name.
#[derive(Debug, Clone, Default)]
pub struct Context {
    pub docs: BTreeMap<String, String>,
}

impl Context {
    /// Indexes the documents by name.
    pub fn new(docs: &[Document]) -> Self {
        Context {
            docs: docs
                .iter()
                .map(|d| (d.name.clone(), d.text.clone()))
                .collect(),
        }
    }
}

/// One thing wrong with a question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    NoSource,
    /// The source sentence is not in its document's cleaned text.
    SourceNotInDocument,
    WrongChoiceCount(usize),
    DuplicateChoices,
    NoSingleAnswer,
    AnswerNotInSource,
    /// A distractor also appears in the source sentence (it may be true).
    DistractorInSource(String),
    /// The stem contains the answer, or a distinctive word of it.
    StemGivesAnswer,
    /// A distractor shares a word with the answer ("Gosling" / "Ryan Gosling").
    DistractorIsAlias(String),
    /// A choice does not have the answer's shape (number, year, money, name...).
    TypesDisagree(String),
    /// Neither a question nor a blank nor a true/false statement.
    Unclear,
}

/// The shape of a choice: what kind of thing it looks like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    Year,
    Money,
    Number,
    Ordinal,
    Date,
    Name,
    Phrase,
}

fn shape(choice: &str) -> Shape {
    let c = choice.trim();
    let months = super::lexicon::MONTHS;
    if c.starts_with('$') || c.ends_with("dollars") {
        Shape::Money
    } else if c.len() == 4 && c.chars().all(|x| x.is_ascii_digit()) {
        Shape::Year
    } else if months.iter().any(|m| c.starts_with(m)) {
        Shape::Date
    } else if c
        .chars()
        .all(|x| x.is_ascii_digit() || x == ',' || x == '.')
        || super::lexicon::NUMBER_WORDS
            .iter()
            .any(|(w, _)| c.eq_ignore_ascii_case(w))
    {
        Shape::Number
    } else if c.ends_with("st") && c.starts_with(|x: char| x.is_ascii_digit())
        || ["nd", "rd", "th"]
            .iter()
            .any(|s| c.ends_with(s) && c.starts_with(|x: char| x.is_ascii_digit()))
        || c == "first"
        || super::lexicon::ORDINAL_WORDS.iter().any(|(w, _)| c == *w)
    {
        Shape::Ordinal
    } else if c.starts_with(|x: char| x.is_uppercase() || x == '"' || x == '“') {
        Shape::Name
    } else {
        Shape::Phrase
    }
}

/// Whether a stem is a real wh-question (not a blank, not true/false).
pub fn is_wh_question(text: &str) -> bool {
    let lower = text.to_lowercase();
    text.ends_with('?')
        && !text.contains("___")
        && !lower.starts_with("true or false")
        && lower
            .split(|c: char| !c.is_alphabetic())
            .any(|w| ["who", "what", "which", "where", "when", "how", "whom"].contains(&w))
}

/// Every problem of one question (empty when it passes).
pub fn check_question(q: &Question, ctx: &Context) -> Vec<Problem> {
    let mut out = Vec::new();
    let Some(src) = &q.source else {
        return vec![Problem::NoSource];
    };
    match ctx.docs.get(&src.document) {
        Some(text) if text.contains(&src.sentence) => {}
        _ => out.push(Problem::SourceNotInDocument),
    }
    let tf = q.choices == ["True", "False"];
    if !tf && q.choices.len() != 4 {
        out.push(Problem::WrongChoiceCount(q.choices.len()));
    }
    let mut keys: Vec<String> = q.choices.iter().map(|c| c.trim().to_lowercase()).collect();
    keys.sort();
    keys.dedup();
    if keys.len() != q.choices.len() {
        out.push(Problem::DuplicateChoices);
    }
    let correct = q.correct();
    let [a] = correct.as_slice() else {
        out.push(Problem::NoSingleAnswer);
        return out;
    };
    let Some(answer) = q.choices.get(*a) else {
        out.push(Problem::NoSingleAnswer);
        return out;
    };
    if tf {
        if !q.text.starts_with("True or false: ") {
            out.push(Problem::Unclear);
        }
        return out;
    }
    if !(is_wh_question(&q.text) || q.text.matches("___").count() == 1) {
        out.push(Problem::Unclear);
    }
    if !contains_word(&src.sentence, answer) {
        out.push(Problem::AnswerNotInSource);
    }
    if contains_word(&q.text, answer)
        || distinctive_words(answer)
            .iter()
            .any(|w| contains_word(&q.text, w))
    {
        out.push(Problem::StemGivesAnswer);
    }
    let answer_shape = shape(answer);
    let answer_words = distinctive_words(answer);
    for (i, c) in q.choices.iter().enumerate() {
        if i == *a {
            continue;
        }
        if contains_word(&src.sentence, c) {
            out.push(Problem::DistractorInSource(c.clone()));
        }
        if distinctive_words(c)
            .iter()
            .any(|w| answer_words.contains(w))
        {
            out.push(Problem::DistractorIsAlias(c.clone()));
        }
        let s = shape(c);
        let words_differ =
            (c.split_whitespace().count() as i64 - answer.split_whitespace().count() as i64).abs()
                > 3;
        if s != answer_shape || words_differ {
            out.push(Problem::TypesDisagree(c.clone()));
        }
    }
    out
}

/// Capitalized words of four letters or more: what would give a name away.
pub fn distinctive_words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric() && c != '\'')
        .filter(|w| w.chars().count() >= 4 && w.starts_with(|c: char| c.is_uppercase()))
        .filter(|w| !super::lexicon::MONTHS.contains(w))
        .filter(|w| {
            ![
                "The",
                "Best",
                "Award",
                "Awards",
                "Academy",
                "Street",
                "Theatre",
                "Park",
                "City",
                "University",
            ]
            .contains(w)
        })
        .map(|w| w.to_string())
        .collect()
}

/// Pack-wide figures: share of questions whose answer is the strictly longest choice,
/// and how often each answer position is used (4-choice questions only).
pub fn pack_balance(pack: &Pack) -> (f64, [usize; 4]) {
    let mut longest = 0;
    let mut n = 0;
    let mut positions = [0; 4];
    for (_, q) in pack.all_questions() {
        let (Some(a), 4) = (q.answer, q.choices.len()) else {
            continue;
        };
        n += 1;
        positions[a] += 1;
        let len = q.choices[a].chars().count();
        if q.choices
            .iter()
            .enumerate()
            .all(|(i, c)| i == a || c.chars().count() < len)
        {
            longest += 1;
        }
    }
    (
        if n == 0 {
            0.0
        } else {
            longest as f64 / n as f64
        },
        positions,
    )
}
