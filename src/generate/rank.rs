//! Ranking candidates, dropping near-duplicates and grouping questions into themed rounds.

use super::questions::{Candidate, Form};
use super::spans::Kind;
use super::Report;
use crate::pack::model::{Question, Round};
use rand::seq::SliceRandom;
use rand::SeedableRng;
use std::collections::BTreeMap;

/// A finished question with what the round builder needs to know about it.
#[derive(Debug, Clone)]
pub struct Kept {
    pub question: Question,
    pub theme: &'static str,
    pub form: Form,
    pub score: f64,
}

/// Scores candidates (higher is better) and sorts them best first, stably.
pub fn score_and_sort(cands: &mut [Candidate]) {
    for c in cands.iter_mut() {
        let form = match c.form {
            Form::Fronted => 3.0,
            Form::InSitu => 2.0,
            Form::Blank => 1.0,
            Form::TrueFalse => 0.5,
        };
        let kind = match c.kind() {
            Kind::Person => 1.0,
            Kind::Count | Kind::Venue => 0.9,
            Kind::Title => 0.8,
            Kind::Award | Kind::Money => 0.7,
            Kind::Place | Kind::Year | Kind::Duration | Kind::Age => 0.6,
            Kind::Org => 0.5,
            Kind::Date => 0.4,
            Kind::Ordinal => 0.2,
        };
        let long = (c.stem.len() as f64 - 110.0).max(0.0) * 0.01;
        c.score = form + kind - long;
    }
    cands.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then(a.sentence.cmp(&b.sentence))
            .then(a.span.start.cmp(&b.span.start))
    });
}

/// The theme of a question, from its answer's kind and its source sentence.
pub fn theme(kind: Kind, sentence: &str, film: bool) -> &'static str {
    let s = sentence.to_lowercase();
    let any_ci = |words: &[&str]| words.iter().any(|w| s.contains(w));
    // Case-sensitive, so "Utah Jazz" is no music and "the Rialto" no cast.
    let any = |words: &[&str]| words.iter().any(|w| sentence.contains(w));
    if kind == Kind::Award
        || any_ci(&[
            "oscar",
            "academy award",
            "golden globe",
            " award",
            "nominat",
            "best picture",
            "record",
            "prize",
            "medal",
            "trophy",
            "championship",
            " won ",
            " wins",
        ])
    {
        "Awards and records"
    } else if any(&[
        "song",
        "music",
        "composer",
        " score",
        "piano",
        "jazz",
        "singer",
        "sing ",
        "lyric",
        "tune",
        "album",
        "guitar",
        " band",
        "orchestra",
        "opera",
    ]) {
        "Music"
    } else if matches!(kind, Kind::Venue | Kind::Place)
        || any(&[
            "shot at",
            "filmed at",
            "shot in",
            "filmed in",
            "location",
            "street",
            "theatre",
            "theater",
            "observatory",
            "apartment",
            "freeway",
        ])
    {
        "Locations"
    } else if kind == Kind::Person
        || any(&[
            "actor",
            "actress",
            " role",
            " plays ",
            " played ",
            " cast",
            "character",
            "starring",
        ])
    {
        if film {
            "Cast and crew"
        } else {
            "People"
        }
    } else if kind.is_numeric() {
        "Dates and numbers"
    } else if film {
        "Making of"
    } else {
        "Trivia"
    }
}

const THEME_ORDER: &[&str] = &[
    "Cast and crew",
    "People",
    "Locations",
    "Music",
    "Making of",
    "Dates and numbers",
    "Awards and records",
    "Trivia",
    "Mixed bag",
];
const ROUND_SIZE: usize = 10;
const MAX_TRUE_FALSE: usize = 2;

/// Groups questions into themed rounds of about ten, at most two true/false each.
pub fn into_rounds(kept: Vec<Kept>, seed: u64, report: &mut Report) -> Vec<Round> {
    let mut by_theme: BTreeMap<&'static str, Vec<Kept>> = BTreeMap::new();
    for k in kept {
        by_theme.entry(k.theme).or_default().push(k);
    }
    // Themes too small for a round go to a mixed one.
    let small: Vec<&'static str> = by_theme
        .iter()
        .filter(|(_, v)| v.len() < ROUND_SIZE / 2)
        .map(|(t, _)| *t)
        .collect();
    for t in small {
        if let Some(v) = by_theme.remove(t) {
            by_theme.entry("Mixed bag").or_default().extend(v);
        }
    }
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
    let mut rounds = Vec::new();
    for theme in THEME_ORDER {
        let Some(mut qs) = by_theme.remove(theme) else {
            continue;
        };
        qs.sort_by(|a, b| b.score.total_cmp(&a.score));
        let n = qs.len().div_ceil(ROUND_SIZE).max(1);
        let size = qs.len().div_ceil(n);
        // Deal best-first into the rounds so each gets a fair share of good questions.
        let mut chunks: Vec<Vec<Kept>> = vec![Vec::new(); n];
        for (i, q) in qs.into_iter().enumerate() {
            chunks[i % n].push(q);
        }
        for (i, mut chunk) in chunks.into_iter().enumerate() {
            let mut tf = 0;
            chunk.retain(|k| {
                if k.form != Form::TrueFalse {
                    return true;
                }
                tf += 1;
                if tf > MAX_TRUE_FALSE {
                    report.drop("too many true/false in a round");
                }
                tf <= MAX_TRUE_FALSE
            });
            chunk.truncate(size.max(ROUND_SIZE));
            chunk.shuffle(&mut rng);
            let name = if n == 1 {
                theme.to_string()
            } else {
                format!("{theme} ({})", i + 1)
            };
            rounds.push(Round {
                name,
                questions: chunk.into_iter().map(|k| k.question).collect(),
            });
        }
    }
    rounds
}
