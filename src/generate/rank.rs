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
    /// The answer's kind.
    pub kind: Kind,
    /// Which document of the corpus the source sentence is in (for the per-document budget).
    pub doc: usize,
    /// Not a headline fact: kept only to fill a full evening (see [`select`]).
    pub filler: bool,
    /// The document's sentence the question was made from (a rewritten statement's too).
    pub base_sentence: usize,
    /// The answer as the sentence has it (for the give-away test between siblings).
    pub answer: String,
}

/// Words that make a fact worth asking in a room: firsts, records, origins, near misses.
const INTEREST: &[&str] = &[
    "first",
    "only",
    "record",
    "originally",
    "original",
    "turned down",
    "named after",
    "named for",
    "inspired",
    "invented",
    "youngest",
    "oldest",
    "largest",
    "biggest",
    "longest",
    "tallest",
    "highest",
    "most ",
    "never",
    "refused",
    "replaced",
    "banned",
    "real ",
    "secret",
    "nickname",
    "won ",
    "beat ",
    "defeated",
    "broke",
    "accident",
    "injur",
    "allerg",
    "fired",
    "rejected",
    "instead",
    "almost",
    "nearly",
    "famous",
    "discovered",
    "designed",
    "wrote",
    "composed",
    "founded",
    "invented",
    "cast as",
    "played",
    "plays",
    "voiced",
    "married",
];
/// Words of facts nobody asks for at a quiz night: release days, take counts, addresses.
const DULL: &[&str] = &[
    "released",
    "premiere",
    "premiered",
    " take",
    "takes",
    "address",
    "located at",
    "per cent",
    "percent",
    "interview",
    "website",
    "available",
    "screening",
    "box office",
    "opened on",
    "street",
    "avenue",
    "boulevard",
    "blvd",
];

/// How interesting a fact is for a quiz night, from its sentence and its answer's kind.
pub fn interest(sentence: &str, kind: Kind) -> f64 {
    let l = sentence.to_lowercase();
    let mut v = 0.0;
    v += 0.8 * INTEREST.iter().filter(|w| l.contains(*w)).count().min(2) as f64;
    v -= 1.2 * DULL.iter().filter(|w| l.contains(*w)).count().min(2) as f64;
    v += match kind {
        Kind::Person | Kind::Title => 0.4,
        Kind::Date | Kind::Ordinal => -1.2,
        Kind::Year | Kind::Count => -0.4,
        _ => 0.0,
    };
    v
}

/// Verbs of a headline fact about a year: when the subject began, ended or came out.
const HEADLINE_YEAR: &[&str] = &[
    "born",
    "married",
    "died",
    "dying",
    "death",
    "killed",
    "discovered",
    "invented",
    "founded",
    "established",
    "built",
    "completed",
    "opened",
    "fall",
    "fell",
    "released",
    "premiered",
    "first aired",
    "first broadcast",
    "destroyed",
    "independence",
];
/// Words of a headline count: how big the subject is, how long it ran, what it won.
const HEADLINE_COUNT: &[&str] = &[
    "born",
    "died",
    "dying",
    "spread over",
    "islands",
    "seasons",
    "won",
    "nominated",
    "nominations",
    "sold",
    "copies",
    "height",
    "tall",
    "weeks at number",
    "ran for",
    // How many people it took, how much it holds: "How many directors did The Wizard of Oz
    // have?", "How many roles did Frank Morgan have in it?"
    "roles",
    "directors",
    "writers",
    "episodes",
    "songs",
    "albums",
    "medals",
    "goals",
    "saves",
    "languages",
];
/// Records: a number with a story of its own, whatever it is about.
const RECORDS: &[&str] = &[
    "largest",
    "biggest",
    "tallest",
    "longest",
    "oldest",
    "youngest",
    "highest",
    "fastest",
    "record",
    "the most ",
    "the only ",
    "the first woman",
    "the first person",
    // Conditions with a story: "filmed at a temperature of 109 degrees".
    "temperature",
    "degrees",
];

/// Whether a number question asks a headline fact ("When was Darwin born?", "Venice is
/// spread over how many islands?", a record) rather than a detail blind readers call
/// obscure: a salary, a take count, the year a side building was renovated. A headline
/// fact is about the topic itself, or a named person's birth and death, or a named
/// work's release, a named person's discovery, or (for a place topic: a city, a building) the founding or building of a
/// place in it; `names` says whether the stem names a person or work of the documents, and
/// `place_in_topic` whether it names a place that belongs to a place topic.
pub fn headline_number(
    stem: &str,
    kind: Kind,
    topic: &str,
    names: impl Fn(&str) -> bool,
    place_in_topic: impl Fn(&str) -> bool,
) -> bool {
    let l = format!(" {} ", stem.to_lowercase());
    if RECORDS.iter().any(|w| l.contains(w)) {
        return true;
    }
    let words: &[&str] = if kind == Kind::Year || kind == Kind::Ordinal {
        HEADLINE_YEAR
    } else {
        HEADLINE_COUNT
    };
    let verb = words.iter().find(|w| l.contains(&format!(" {w}")));
    let Some(verb) = verb else {
        return false;
    };
    let topic = topic.strip_prefix("The ").unwrap_or(topic);
    let about_topic = !topic.is_empty()
        && (super::questions::contains_word(stem, topic)
            || topic.rsplit(' ').next().is_some_and(|last| {
                topic.contains(' ') && super::questions::contains_word(stem, last)
            }));
    let life = [
        "born",
        "died",
        "dying",
        "death",
        "killed",
        "discovered",
        "invented",
    ]
    .contains(verb);
    let release = ["released", "premiered"].contains(verb);
    let building = [
        "founded",
        "established",
        "built",
        "completed",
        "opened",
        "destroyed",
    ]
    .contains(verb);
    about_topic || (life || release) && names(stem) || building && place_in_topic(stem)
}

/// Whether two questions on one sentence answer each other: one stem names the other's answer.
fn answer_each_other(stem: &str, answer: &str, other_stem: &str, other_answer: &str) -> bool {
    use super::questions::contains_word;
    contains_word(stem, other_answer) || contains_word(other_stem, answer)
}

/// Scores candidates (higher is better) and sorts them best first, stably.
pub fn score_and_sort(corpus: &super::facts::Corpus, cands: &mut [Candidate]) {
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
        let long = (c.stem.len() as f64 - 90.0).max(0.0) * 0.02;
        let fun = interest(&corpus.sentences[c.sentence].text, c.kind());
        // Among the fillers, a detail of the topic or of a named person ("Emma Stone first
        // met Chazelle in which year?") before a side building's history.
        let side = c.filler
            && !super::questions::contains_word(&c.stem, &corpus.topic)
            && !corpus
                .gaz
                .people
                .keys()
                .take(5000)
                .any(|p| p.contains(' ') && super::questions::contains_word(&c.stem, p));
        c.score = form + kind - long + fun - if side { 2.0 } else { 0.0 };
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

/// A full evening of questions.
pub const FULL_EVENING: usize = 60;
/// Documents on one subject with this much text are expected to fill an evening; below it,
/// a subject gives what is worth asking, and two numbers only when it has nothing better.
const EVENING_BYTES: usize = 60_000;
/// The fewest questions a subject gives when it has them (a short article still gives two;
/// more fillers were all rejected by blind readers).
const FEW: usize = 2;

/// How many questions a document of this many bytes gets: the best few, not everything.
pub fn budget(bytes: usize) -> usize {
    (bytes / 700).clamp(4, 80)
}

/// How many earlier questions sharing a word the same-fact test reads (bounded: linear cost).
const SAME_FACT_LOOKBACK: usize = 64;

/// Keeps the best questions of each document within its budget, with no give-away: the
/// answer is the most-mentioned choice, or the longest, in at most 30% of the questions.
pub fn select(
    kept: Vec<Kept>,
    doc_bytes: &[usize],
    ctx: &super::quality::Context,
    review: bool,
    report: &mut Report,
) -> Vec<Kept> {
    use super::quality::{answer_is_longest, answer_is_most_mentioned};
    let mut used = vec![0usize; doc_bytes.len()];
    // Numbers that are no headline fact come last, and only while a long subject is short
    // of a full evening: blind readers call them obscure, but a host needs an evening.
    let (best, fillers): (Vec<Kept>, Vec<Kept>) = kept.into_iter().partition(|k| !k.filler);
    let fill_to = if review {
        usize::MAX // a person reviews them: the budget alone limits
    } else if doc_bytes.iter().sum::<usize>() >= EVENING_BYTES {
        FULL_EVENING
    } else {
        // A short subject still gives a question or two: fillers only while it has fewer
        // (its best may all fall to the give-away shares below).
        FEW
    };
    let kept: Vec<Kept> = best.into_iter().chain(fillers).collect();
    // Each stem's content words, found once: the weights count them, the loop compares them.
    let kept_words: Vec<std::collections::BTreeSet<String>> = kept
        .iter()
        .map(|k| super::distractors::content_words(&k.question.text))
        .collect();
    let weights = WordWeights::new(&kept_words);
    let (mut names, mut famous, mut fours, mut longest) = (0usize, 0usize, 0usize, 0usize);
    let mut out = Vec::new();
    // Earlier questions by (kind, content word), so the same-fact test reads only the few
    // that share a word with this one (comparing with every earlier question was quadratic).
    let mut by_word: std::collections::HashMap<(Kind, String), Vec<usize>> = Default::default();
    let mut out_words: Vec<Weighed> = Vec::new();
    let mut by_sentence: std::collections::HashMap<usize, Vec<(String, String)>> =
        Default::default();
    // Best first; the 30% shares are kept at every step (counted from ten questions up).
    for (k, words) in kept.into_iter().zip(kept_words) {
        // Of a short subject's two fillers, one year at most: not a quiz of nothing but dates.
        let second_year = fill_to == FEW
            && matches!(k.kind, Kind::Year | Kind::Date)
            && out
                .iter()
                .any(|o: &Kept| o.filler && matches!(o.kind, Kind::Year | Kind::Date));
        if k.filler && (out.len() >= fill_to || second_year) {
            super::debug_drop("not a headline number", &k.question.text);
            report.drop("a number nobody asks (not a headline fact)");
            continue;
        }
        if used[k.doc] >= budget(doc_bytes[k.doc]) {
            report.drop_traced(
                "over the document's budget (only the best are kept)",
                &k.question.text,
            );
            continue;
        }
        // One fact once, across the subject's documents: "how many islands" asked three ways
        // (or from two documents) is one question. With the same answer, less in common
        // will do ("moved to Hollywood at what age?" and "moved to LA at what age?").
        let weighed = weights.weigh(&words);
        let same_fact = words.iter().any(|w| {
            by_word.get(&(k.kind, w.clone())).is_some_and(|ids| {
                ids.iter().rev().take(SAME_FACT_LOOKBACK).any(|&i| {
                    let bar = if out[i].answer == k.answer { 0.3 } else { 0.5 };
                    weighed.overlap(&out_words[i]) >= bar
                })
            })
        });
        if same_fact {
            report.drop_traced("the same fact asked again", &k.question.text);
            continue;
        }
        // Two questions on one sentence must not answer each other ("Emma Stone and ___"
        // beside "___ and J.K. Simmons"). Tested here, among the questions really kept, so
        // a sibling dropped for a share does not take this one with it.
        let siblings = by_sentence.entry(k.base_sentence).or_default();
        if siblings
            .iter()
            .any(|(stem, answer)| answer_each_other(stem, answer, &k.question.text, &k.answer))
        {
            report.drop_traced(
                "another question on the sentence gives this one away",
                &k.question.text,
            );
            continue;
        }
        let most = answer_is_most_mentioned(&k.question, ctx);
        let long = answer_is_longest(&k.question);
        let fits = |hit: Option<bool>, n: usize, top: usize| match hit {
            Some(true) => (top + 1) * 10 <= 3 * (n + 1).max(10),
            _ => true,
        };
        if !fits(most, names, famous) {
            report.drop_traced(
                "the answer would be the most-mentioned choice too often",
                &k.question.text,
            );
            continue;
        }
        if !fits(long, fours, longest) {
            report.drop_traced(
                "the answer would be the longest choice too often",
                &k.question.text,
            );
            continue;
        }
        names += usize::from(most.is_some());
        famous += usize::from(most == Some(true));
        fours += usize::from(long.is_some());
        longest += usize::from(long == Some(true));
        used[k.doc] += 1;
        for w in &words {
            by_word
                .entry((k.kind, w.clone()))
                .or_default()
                .push(out.len());
        }
        out_words.push(weighed);
        by_sentence
            .entry(k.base_sentence)
            .or_default()
            .push((k.question.text.clone(), k.answer.clone()));
        out.push(k);
    }
    trim_giveaways(&mut out, |k| k, ctx, report);
    out
}

/// Drops the worst-ranked give-aways (items are best first) until the answer is the
/// most-mentioned choice, and the longest, each in at most 30% of the questions.
pub fn trim_giveaways<T>(
    out: &mut Vec<T>,
    kept: impl Fn(&T) -> &Kept,
    ctx: &super::quality::Context,
    report: &mut Report,
) {
    use super::quality::{answer_is_longest, answer_is_most_mentioned};
    let flags = |t: &T| {
        let q = &kept(t).question;
        (answer_is_most_mentioned(q, ctx), answer_is_longest(q))
    };
    let all: Vec<(Option<bool>, Option<bool>)> = out.iter().map(flags).collect();
    // Counts kept up to date as the worst offenders go (recounting per removal was quadratic).
    let mut names = all.iter().filter(|f| f.0.is_some()).count();
    let mut famous = all.iter().filter(|f| f.0 == Some(true)).count();
    let mut fours = all.iter().filter(|f| f.1.is_some()).count();
    let mut longest = all.iter().filter(|f| f.1 == Some(true)).count();
    let mut gone = vec![false; all.len()];
    // Worst first: a backward walk per share, famous first (as before); dropping for one share
    // can tip the other, so repeat (each walk is linear, and a handful always settles it).
    for _ in 0..8 {
        for i in (0..all.len()).rev() {
            if famous * 10 <= names * 3 {
                break;
            }
            if !gone[i] && all[i].0 == Some(true) {
                gone[i] = true;
                names -= 1;
                famous -= 1;
                fours -= usize::from(all[i].1.is_some());
                longest -= usize::from(all[i].1 == Some(true));
            }
        }
        for i in (0..all.len()).rev() {
            if longest * 10 <= fours * 3 {
                break;
            }
            if !gone[i] && all[i].1 == Some(true) {
                gone[i] = true;
                fours -= 1;
                longest -= 1;
                names -= usize::from(all[i].0.is_some());
                famous -= usize::from(all[i].0 == Some(true));
            }
        }
        if famous * 10 <= names * 3 {
            break;
        }
    }
    let mut i = 0;
    out.retain(|t| {
        i += 1;
        if gone[i - 1] {
            report.drop_traced("give-away share over 30%", &kept(t).question.text);
        }
        !gone[i - 1]
    });
}

/// Shared words over the smaller set's size.
/// How much a word tells one question from another: words in many stems ("Emma",
/// "Stone", "Land" in a La La Land pack) say little, so two questions that share only the
/// film and its star are two facts, and two that share "islands" are one.
struct WordWeights {
    stems: f64,
    in_stems: std::collections::HashMap<String, usize>,
}

impl WordWeights {
    /// From every candidate stem's content words.
    fn new(stems: &[std::collections::BTreeSet<String>]) -> Self {
        let mut in_stems: std::collections::HashMap<String, usize> = Default::default();
        for w in stems.iter().flatten() {
            *in_stems.entry(w.clone()).or_default() += 1;
        }
        WordWeights {
            stems: stems.len() as f64,
            in_stems,
        }
    }

    fn weight(&self, w: &str) -> f64 {
        let df = self.in_stems.get(w).copied().unwrap_or(0) as f64;
        ((self.stems + 1.0) / (df + 0.5)).ln().max(0.0)
    }

    /// A question's words with their weights, and their sum: weighed once per question, as
    /// one question is compared with many.
    fn weigh(&self, words: &std::collections::BTreeSet<String>) -> Weighed {
        let words: std::collections::BTreeMap<String, f64> =
            words.iter().map(|w| (w.clone(), self.weight(w))).collect();
        let total = words.values().sum();
        Weighed { words, total }
    }

    /// The weighted share of the smaller question's words that the other one has too.
    #[cfg(test)]
    fn overlap(
        &self,
        a: &std::collections::BTreeSet<String>,
        b: &std::collections::BTreeSet<String>,
    ) -> f64 {
        self.weigh(a).overlap(&self.weigh(b))
    }
}

/// See [`WordWeights::weigh`].
struct Weighed {
    words: std::collections::BTreeMap<String, f64>,
    total: f64,
}

impl Weighed {
    fn overlap(&self, other: &Weighed) -> f64 {
        let small = self.total.min(other.total);
        if small <= 0.0 {
            return 0.0;
        }
        let (few, many) = if self.words.len() <= other.words.len() {
            (self, other)
        } else {
            (other, self)
        };
        let shared: f64 = few
            .words
            .iter()
            .filter(|(w, _)| many.words.contains_key(*w))
            .map(|(_, x)| x)
            .sum();
        shared / small
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

#[cfg(test)]
mod tests {
    use super::WordWeights;

    #[test]
    fn words_every_stem_shares_do_not_make_one_fact() {
        let stems = [
            "In La La Land, who doubled Emma Stone's aerial dancing?",
            "In La La Land, who turned down the role of Mia (Emma Stone's character)?",
            "How many islands does Venice stand on?",
            "Venice is built on how many islands?",
            "In La La Land, who plays Emma Stone's character Mia's sister?",
            "Emma Stone grew up in which city in La La Land's story?",
        ];
        let words = super::super::distractors::content_words;
        let w = WordWeights::new(&stems.map(words));
        // The film and its star are in most stems: two facts that share only them differ.
        assert!(w.overlap(&words(stems[0]), &words(stems[1])) < 0.5);
        // "islands" is in two stems only: the same fact asked twice.
        assert!(w.overlap(&words(stems[2]), &words(stems[3])) >= 0.5);
    }

    #[test]
    fn questions_on_one_sentence_do_not_answer_each_other() {
        let (first, first_answer) = ("___ and J.K. Simmons won.", "Emma Stone");
        let (second, second_answer) = ("Emma Stone and ___ won.", "J.K. Simmons");
        assert!(super::answer_each_other(
            first,
            first_answer,
            second,
            second_answer
        ));
        assert!(!super::answer_each_other(
            "In what year did it open?",
            "1999",
            second,
            second_answer
        ));
    }

    use super::headline_number;
    use crate::generate::spans::Kind;

    fn headline(stem: &str, kind: Kind, topic: &str) -> bool {
        let names = |s: &str| s.contains("Rebel Without a Cause") || s.contains("James Dean");
        headline_number(stem, kind, topic, names, |s| s.contains("Belém Tower"))
    }

    #[test]
    fn a_temperature_and_a_marriage_are_headline_numbers() {
        assert!(headline(
            "The opening number was filmed at a temperature of how many degrees?",
            Kind::Count,
            "La La Land"
        ));
        assert!(headline(
            "Charles Darwin married his cousin in which year?",
            Kind::Year,
            "Charles Darwin"
        ));
    }

    #[test]
    fn headline_numbers_are_about_the_topic_itself() {
        assert!(headline(
            "In what year was Charles Darwin born in Shrewsbury?",
            Kind::Year,
            "Charles Darwin"
        ));
        assert!(headline(
            "Venice is spread over how many islands?",
            Kind::Count,
            "Venice"
        ));
        assert!(headline(
            "In what year was Rebel Without a Cause released?",
            Kind::Year,
            "La La Land"
        ));
        assert!(headline(
            "In what year was the Belém Tower built?",
            Kind::Year,
            "Lisbon"
        ));
        // A record is worth asking whatever it is about.
        assert!(headline(
            "The tallest spire will reach a height of how many metres?",
            Kind::Count,
            "Barcelona"
        ));
    }

    #[test]
    fn details_nobody_asks_are_not_headline_numbers() {
        // What blind readers called obscure: salaries, take counts, side buildings' years.
        for (stem, kind, topic) in [
            (
                "Toto's trainer received how much per week?",
                Kind::Money,
                "The Wizard of Oz",
            ),
            (
                "During the first season of Friends, cast members earned how much per episode?",
                Kind::Money,
                "Friends",
            ),
            (
                "After finishing school, Darwin studied medicine in Edinburgh in which year?",
                Kind::Year,
                "Charles Darwin",
            ),
            (
                "The Angels Flight funicular railway in downtown Los Angeles opened in which year?",
                Kind::Year,
                "La La Land",
            ),
            (
                "Emma Stone performed how many takes of the audition scene?",
                Kind::Count,
                "La La Land",
            ),
            (
                "The cast of Friends won a Screen Actors Guild award in which year?",
                Kind::Year,
                "Friends",
            ),
        ] {
            assert!(!headline(stem, kind, topic), "{stem}");
        }
    }
}
