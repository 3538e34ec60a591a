//! Three wrong choices of the same fine type and format as the answer, none of them also
//! true; then the finished [`Question`] with shuffled choices, difficulty and source.

use super::facts::{key, Corpus};
use super::lexicon::{KNOWN_ORGS, MONTHS, NUMBER_WORDS, ORDINAL_WORDS, PLACES, ROLES};
use super::questions::{contains_word, Candidate, Form};
use super::rank::{theme, Kept};
use super::spans::{words_of, Kind};
use super::{Options, Report};
use crate::pack::model::{Question, Source};
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use std::collections::{BTreeMap, BTreeSet};

const STOP: &[&str] = &[
    "the", "and", "was", "were", "with", "for", "that", "this", "from", "which", "who", "what",
    "how", "many", "where", "when", "year", "his", "her", "their", "has", "had", "have", "are",
    "its", "into", "also", "been", "did", "does", "much", "whom", "___",
];

/// Mentions from which an actor counts as a lead, known for their part.
const LEAD_MENTIONS: usize = 10;

/// How much sharing the answer's company (cosine 0..1, [`super::context`]) outweighs
/// closeness in length and familiarity when wrong answers are ranked.
const COMPANY_WEIGHT: f64 = 1.5;
/// Closer company than this earns nothing more: a name that shares nearly every word of
/// the answer's sentences may share its fact too ("Six of One", another working title).
const COMPANY_CAP: f64 = 0.35;
/// Years within which people are of the time a stem names ("a photo from the 1940's").
const STEM_ERA_WINDOW: i64 = 15;

/// Keeps the best candidates that get three fair distractors, at most `opts.count`.
pub fn attach_all(
    c: &Corpus,
    cands: Vec<Candidate>,
    opts: &Options,
    report: &mut Report,
) -> Vec<Kept> {
    let mut kept = Vec::new();
    // How many questions each document sentence has given so far.
    let mut per_sentence: BTreeMap<usize, usize> = BTreeMap::new();
    let mut seen: BTreeMap<String, Vec<BTreeSet<String>>> = BTreeMap::new();
    let film = c.topic_kind == Some(Kind::Title);
    let mut dates = 0usize;
    let (mut wh, mut not_wh) = (0usize, 0usize);
    // Dates over their share wait until everything else is placed, then fill what share is left.
    let mut queue: std::collections::VecDeque<(bool, Candidate)> =
        cands.into_iter().map(|c| (false, c)).collect();
    while let Some((late, cand)) = queue.pop_front() {
        if opts.count > 0 && kept.len() >= opts.count {
            report.drop("over --count");
            continue;
        }
        // Keyed by the document's sentence: its rewritten statements ask the same facts.
        // (Two questions answering each other are sorted out in select, among those kept.)
        let earlier = per_sentence.entry(c.base(cand.sentence)).or_default();
        if *earlier >= 2 {
            report.drop("near-duplicate (third question on one sentence)");
            continue;
        }
        // Near-duplicates: the same answer with mostly the same words.
        let words = content_words(&cand.stem);
        let bucket = seen.entry(cand.answer.to_lowercase()).or_default();
        if bucket.iter().take(50).any(|w| jaccard(w, &words) > 0.5) {
            super::debug_drop("near-duplicate", &cand.stem);
            report.drop("near-duplicate question");
            continue;
        }
        // Dates and years are the easiest facts to find: at most a third of the pack.
        if matches!(cand.kind(), Kind::Date | Kind::Year)
            && dates >= 3
            && (dates + 1) * 3 > kept.len() + 1
        {
            if late {
                report.drop("date beyond the share of dates");
            } else {
                queue.push_back((true, cand));
            }
            continue;
        }
        // Mostly real questions: blanks only while they stay under 80% of the wh-questions
        // (the first two are free, so a small document's best blank is not lost to order).
        if cand.form == Form::Blank && (not_wh + 1) * 10 > wh * 8 + 20 {
            report.drop("blank beyond the share of blanks");
            continue;
        }
        let mut rng = StdRng::seed_from_u64(opts.seed ^ fnv(&cand.stem));
        let Some(wrong) = pick(c, &cand, &mut rng) else {
            report.drop_traced("no three fair distractors", &cand.stem);
            continue;
        };
        // No true/false: a false statement is easy to spot, and a true one just reads the source.
        let tf = false;
        let question = finish(c, &cand, wrong, &mut rng);
        *earlier += 1;
        bucket.push(words);
        if matches!(cand.kind(), Kind::Date | Kind::Year) {
            dates += 1;
        }
        // A filler number is likely dropped later, so it does not buy room for blanks.
        if cand.form == Form::Blank {
            not_wh += 1;
        } else if !cand.filler {
            wh += 1;
        }
        let s = &c.sentences[cand.sentence];
        kept.push(Kept {
            question,
            theme: theme(cand.kind(), &s.text, film),
            form: if tf { Form::TrueFalse } else { cand.form },
            score: cand.score,
            kind: cand.kind(),
            doc: s.doc,
            filler: cand.filler,
            base_sentence: c.base(cand.sentence),
            answer: cand.answer.clone(),
        });
    }
    kept
}

fn finish(c: &Corpus, cand: &Candidate, wrong: Vec<String>, rng: &mut StdRng) -> Question {
    let mut choices = wrong;
    // People in full ("Emma Stone", not "Stone"), like their distractors.
    let shown = shown_answer(c, cand);
    choices.push(shown.clone());
    if cand.kind().is_numeric() && cand.kind() != Kind::Date {
        // Numbers read best in order; the answer's rank among them was drawn at random.
        choices.sort_by_key(|t| {
            super::spans::digits_value(t)
                .or_else(|| word_value(t))
                .unwrap_or(0)
        });
    } else {
        choices.shuffle(rng);
    }
    let answer = choices.iter().position(|x| *x == shown);
    Question {
        text: cand.stem.clone(),
        choices,
        answer,
        difficulty: Some(difficulty(c, cand).into()),
        explanation: Some(explanation(c, cand)),
        source: Some(source(c, cand)),
        ..Question::default()
    }
}

/// A player who always picks the same letter scores no better than chance: the answer of
/// each shuffled question moves to the letter used least so far (numbers stay in order, and
/// count where they fall). Deterministic: it reads only the pack.
pub fn balance_answer_positions(pack: &mut crate::pack::Pack) {
    let mut used = [0usize; 4];
    for round in &mut pack.rounds {
        for q in &mut round.questions {
            let Some(a) = q.answer.filter(|_| q.choices.len() == 4) else {
                continue;
            };
            let ordered = q
                .choices
                .iter()
                .all(|t| super::spans::digits_value(t).is_some() || word_value(t).is_some());
            let least = *used.iter().min().unwrap_or(&0);
            let to = if ordered || used[a] == least {
                a
            } else {
                used.iter().position(|&n| n == least).unwrap_or(a)
            };
            q.choices.swap(a, to);
            q.answer = Some(to);
            used[to] += 1;
        }
    }
}

/// The answer as shown: a person's full name when the sentence uses the surname.
pub fn shown_answer(c: &Corpus, cand: &Candidate) -> String {
    if cand.kind() == Kind::Person {
        c.full_name(&cand.answer)
            .unwrap_or_else(|| cand.answer.clone())
    } else {
        cand.answer.clone()
    }
}

fn source(c: &Corpus, cand: &Candidate) -> Source {
    let s = &c.sentences[cand.sentence];
    Source {
        document: c.doc_names[s.doc].clone(),
        sentence: c.source_text(cand.sentence).to_string(),
    }
}

fn explanation(c: &Corpus, cand: &Candidate) -> String {
    let s = c.source_text(cand.sentence);
    if s.chars().count() <= 280 {
        s.to_string()
    } else {
        format!("{}…", s.chars().take(279).collect::<String>())
    }
}

fn difficulty(c: &Corpus, cand: &Candidate) -> &'static str {
    let m = c.mentions(
        cand.kind(),
        cand.span.text(&c.sentences[cand.sentence].text),
        cand.span.value,
    );
    match (cand.kind().is_numeric(), m) {
        (false, m) if m >= 8 => "easy",
        (false, m) if m >= 3 => "medium",
        (true, m) if m >= 3 => "medium",
        _ => "hard",
    }
}

/// Three distractors, or None when the pools cannot give three fair ones.
pub fn pick(c: &Corpus, cand: &Candidate, rng: &mut StdRng) -> Option<Vec<String>> {
    let cue = content_words(&cand.stem);
    // Built once per question: the also-true test below searches many sentences for them.
    let cue_finders: Vec<memchr::memmem::Finder> = cue
        .iter()
        .map(|w| memchr::memmem::Finder::new(w.as_bytes()))
        .collect();
    // The whole sentence, not the statement rewritten from it: a name beside the answer
    // there may be true too ("designed by Utzon, completed by Hall").
    let sentence = c.source_text(cand.sentence);
    let fair = |text: &str, kind: Kind, value: Option<i64>| -> bool {
        if text.eq_ignore_ascii_case(&cand.answer)
            || contains_word(sentence, text)
            || contains_word(&cand.stem, text)
        {
            return false;
        }
        // Also true elsewhere: another sentence with this choice and most of the cue.
        let ids = c
            .index
            .get(&key(kind, text, value))
            .map(|v| v.as_slice())
            .unwrap_or(&[]);
        let need = (cue.len() as f64 * 0.5).ceil().max(2.0) as usize;
        // Stops as soon as the count is reached or out of reach (it reads many sentences).
        let shares_the_cue = |lower: &str| {
            let mut hits = 0;
            for (i, (w, finder)) in cue.iter().zip(&cue_finders).enumerate() {
                if has_word_found(lower, w, finder) {
                    hits += 1;
                    if hits >= need {
                        return true;
                    }
                } else if hits + (cue.len() - i - 1) < need {
                    return false;
                }
            }
            false
        };
        !ids.iter()
            .take(300)
            .any(|&id| id != cand.sentence && shares_the_cue(&c.sentences[id].lower))
    };
    let wrong: Vec<String> = if cand.kind().is_numeric() {
        numeric(c, cand, rng)?
            .into_iter()
            .filter(|(t, v)| fair(t, cand.kind(), Some(*v)))
            .map(|(t, _)| t)
            .collect()
    } else {
        named(c, cand, rng, &|t: &str| fair(t, cand.kind(), None))
    };
    let mut seen = BTreeSet::from([award_key(&cand.answer)]);
    let wrong: Vec<String> = wrong
        .into_iter()
        .filter(|w| seen.insert(award_key(w)))
        .collect();
    (wrong.len() >= 3).then(|| wrong.into_iter().take(3).collect())
}

/// Near numbers with the same unit and rounding; the answer's rank among the four is random.
fn numeric(c: &Corpus, cand: &Candidate, rng: &mut StdRng) -> Option<Vec<(String, i64)>> {
    let v = cand.span.value?;
    if cand.kind() == Kind::Date {
        return dates(&cand.answer, rng);
    }
    let step = match cand.kind() {
        // Years one apart are a pure guess (blind readers: "adjacent-year guessing").
        Kind::Year => rng.random_range(2..=4),
        Kind::Ordinal => 1,
        _ => nice_step(v),
    };
    let (min, mut max) = range_bounds(&c.sentences[cand.sentence].text, &cand.span);
    if cand.kind() == Kind::Year {
        max = max.min(c.max_year);
    }
    let lowest_rank = if v + 3 * step > max {
        3 - ((max - v) / step).clamp(0, 3)
    } else {
        0
    };
    let highest_rank = ((v - min.max(1)) / step).clamp(0, 3);
    if lowest_rank > highest_rank {
        return None;
    }
    let r = rng.random_range(lowest_rank..=highest_rank);
    let mut out = Vec::new();
    for i in 0..4i64 {
        if i == r {
            continue;
        }
        let n = v + (i - r) * step;
        out.push((format_like(&cand.answer, v, n, cand.kind())?, n));
    }
    // Extra values in case one is also true: keep the answer's random rank.
    for extra in [v + (4 - r) * step, v - (r + 1) * step] {
        if extra > 0 && extra <= max {
            if let Some(t) = format_like(&cand.answer, v, extra, cand.kind()) {
                out.push((t, extra));
            }
        }
    }
    Some(out)
}

/// Bounds from a range around the answer: in "from 2015 to 2023" the end is after 2015
/// and the start before 2023, so no distractor makes the range run backwards.
fn range_bounds(sentence: &str, span: &super::spans::Span) -> (i64, i64) {
    let (mut min, mut max) = (1, i64::MAX);
    let pre = &sentence[..span.start];
    for joint in [" to ", " and ", "–", "-"] {
        if let Some(before) = pre.strip_suffix(joint) {
            let digits: String = before
                .chars()
                .rev()
                .take_while(|c| c.is_ascii_digit())
                .collect();
            if let Ok(n) = digits.chars().rev().collect::<String>().parse::<i64>() {
                min = n + 1;
            }
        }
        if let Some(after) = sentence[span.end..].strip_prefix(joint) {
            if let Some(n) = super::spans::digits_value(after.split(' ').next().unwrap_or("")) {
                max = n - 1;
            }
        }
    }
    // "six days a week": no eight days in a week.
    let unit = sentence[span.start..]
        .to_lowercase()
        .split_whitespace()
        .skip(1)
        .take(3)
        .map(|w| w.trim_end_matches(['.', ',', ';']))
        .collect::<Vec<_>>()
        .join(" ");
    for (per, most) in [
        ("days a week", 7),
        ("days per week", 7),
        ("hours a day", 24),
        ("hours per day", 24),
        ("months a year", 12),
        ("days a month", 31),
    ] {
        if unit == per {
            max = max.min(most);
        }
    }
    (min, max)
}

fn nice_step(v: i64) -> i64 {
    for step in [
        1_000_000_000,
        100_000_000,
        10_000_000,
        1_000_000,
        100_000,
        10_000,
        1_000,
        100,
        50,
        10,
        5,
    ] {
        if v % step == 0 && v >= step * 2 {
            // Keep the answer's rounding, but never a hair apart ($22,400 / $22,500): the
            // choices differ by at least an eighth of the answer.
            return [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000]
                .into_iter()
                .map(|k| k * step)
                .find(|s| s * 8 >= v)
                .unwrap_or(step);
        }
    }
    if v < 12 {
        1
    } else if v < 40 {
        2
    } else {
        let target = (v / 8).max(1);
        [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000]
            .into_iter()
            .rev()
            .find(|s| *s <= target)
            .unwrap_or(1)
    }
}

/// Writes `n` the way the answer wrote `v`: digits with the same commas, or words.
fn format_like(answer: &str, v: i64, n: i64, kind: Kind) -> Option<String> {
    if n <= 0 {
        return None;
    }
    if kind == Kind::Ordinal {
        return Some(if answer.starts_with(|c: char| c.is_ascii_digit()) {
            let suffix = match (n % 10, n % 100) {
                (_, 11..=13) => "th",
                (1, _) => "st",
                (2, _) => "nd",
                (3, _) => "rd",
                _ => "th",
            };
            format!("{n}{suffix}")
        } else if n == 1 {
            "first".into()
        } else {
            ORDINAL_WORDS.iter().find(|(_, x)| *x == n)?.0.to_string()
        });
    }
    if let Some((w, _)) = NUMBER_WORDS
        .iter()
        .find(|(w, x)| *x == v && answer.eq_ignore_ascii_case(w))
    {
        let word = NUMBER_WORDS.iter().find(|(_, x)| *x == n)?.0;
        let cap = w.len() == answer.len() && answer.starts_with(|c: char| c.is_uppercase());
        return Some(if cap {
            super::questions::capitalize(word)
        } else {
            word.to_string()
        });
    }
    // Replace the digits run in the answer ("$30 million" -> "$20 million").
    let start = answer.find(|c: char| c.is_ascii_digit())?;
    let end = answer[start..]
        .find(|c: char| !(c.is_ascii_digit() || c == ','))
        .map_or(answer.len(), |e| start + e);
    let digits = n.to_string();
    let body = if answer[start..end].contains(',') {
        with_commas(&digits)
    } else {
        digits
    };
    Some(format!("{}{}{}", &answer[..start], body, &answer[end..]))
}

fn with_commas(d: &str) -> String {
    let mut out = String::new();
    for (i, ch) in d.chars().enumerate() {
        if i > 0 && (d.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

fn word_value(t: &str) -> Option<i64> {
    let l = t.to_lowercase();
    NUMBER_WORDS
        .iter()
        .chain(ORDINAL_WORDS)
        .find(|(w, _)| *w == l)
        .map(|(_, v)| *v)
        .or((l == "first").then_some(1))
}

/// Other months in the same format ("August 31, 2016" -> "June 31, 2016" is avoided: day kept valid).
fn dates(answer: &str, rng: &mut StdRng) -> Option<Vec<(String, i64)>> {
    let (i, month) = MONTHS
        .iter()
        .enumerate()
        .find(|(_, m)| answer.contains(*m))?;
    let day =
        super::spans::digits_value(answer.split(month).nth(1).unwrap_or("")).filter(|d| *d <= 31);
    // Keep the day valid in every month shown: no "June 31".
    const DAYS: [i64; 12] = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    let mut others: Vec<usize> = (0..12)
        .filter(|&m| m != i && day.is_none_or(|d| d <= DAYS[m]))
        .collect();
    others.shuffle(rng);
    others.sort_by_key(|&m| (m as i64 - i as i64).abs());
    let mut picked: Vec<usize> = others.into_iter().take(5).collect();
    picked.shuffle(rng);
    Some(
        picked
            .into_iter()
            .map(|m| (answer.replacen(month, MONTHS[m], 1), m as i64))
            .collect(),
    )
}

/// What one plays that is no part: "play the piano" asks no casting question.
const INSTRUMENTS: &[&str] = &[
    "piano",
    "guitar",
    "drums",
    "bass",
    "saxophone",
    "trumpet",
    "violin",
    "keyboard",
    "music",
    "jazz",
    "songs",
];

/// Other names of the same kind (same fine type first), in the answer's format.
fn named(
    c: &Corpus,
    cand: &Candidate,
    rng: &mut StdRng,
    fair: &dyn Fn(&str) -> bool,
) -> Vec<String> {
    let kind = cand.kind();
    let full = shown_answer(c, cand);
    let gender = if kind == Kind::Person {
        c.gender_of(&full)
    } else {
        0
    };
    let pronoun = super::facts::pronoun_score(&cand.stem.to_lowercase()) != 0
        || cand
            .stem
            .to_lowercase()
            .split_whitespace()
            .any(|w| w == "her");
    if kind == Kind::Person && gender == 0 && pronoun {
        return Vec::new(); // a pronoun we cannot match against every choice
    }
    // Words two choices may not share; an organisation's kind word is no tell ("Yale
    // University" beside "Harvard University").
    let kind_word = (kind == Kind::Org).then_some(cand.span.fine.as_str());
    let split = |t: &str| -> BTreeSet<String> {
        t.split([' ', '-'])
            .filter(|w| w.len() > 2 && *w != "the" && *w != "The")
            .map(|w| w.to_lowercase())
            .filter(|w| Some(w.as_str()) != kind_word)
            .collect()
    };
    let answer_words = split(&full);
    let stem_words: Vec<String> = super::quality::distinctive_words(&cand.stem);
    let fam = c.mentions(kind, &cand.answer, None) as f64;
    // "who plays Mia's husband?", not "learn how to play the guitar".
    let asks_who_plays = [" plays ", " played ", " portrays ", " play "]
        .iter()
        .any(|w| {
            cand.stem.match_indices(w).any(|(p, _)| {
                let next = cand.stem[p + w.len()..].trim_start_matches("the ");
                !INSTRUMENTS.iter().any(|i| next.starts_with(i))
            })
        });
    // "Who plays Mia's future husband?": whatever else the documents say of him (he walks
    // into a jazz bar), the question makes the answer an actor, so actors are the choices.
    let mut family = c.family_of(&full);
    // "a photo of ___ from the 1940's", "Who directed Rebel Without a Cause?": the stem dates
    // the answer, so only people known to be of that time are wrong answers (blind readers:
    // "Margot Robbie is no 1940s figure", "Sandgren for a 1955 film").
    let stem_era = (kind == Kind::Person && family.era.is_none())
        .then(|| era_in_stem(c, &cand.stem))
        .flatten();
    if stem_era.is_some() {
        family.era = stem_era;
    }
    let casting = asks_who_plays
        || [
            " the part of ",
            " the role of ",
            " for his role",
            " for her role",
        ]
        .iter()
        .any(|w| cand.stem.contains(w));
    if kind == Kind::Person && casting {
        family.role = Some("cast");
    }
    // A person the documents never call anything (no role word, no casting) has no kind
    // to match: the wrong answers are others of no kind, so at least of one time, both
    // dated by the documents; else musicians stand beside an inventor (blind readers:
    // "Roland Lamb among jazzmen", "Bud Shank for Warren Beatty"). Astronauts of the 1960s
    // for an astronaut, or golden-age stars for Ginger Rogers, still pass.
    let unlabelled = kind == Kind::Person && family.role.is_none();
    if unlabelled && family.era.is_none() {
        return Vec::new();
    }
    // A lead is known for their part (a player rules Emma Stone out for Laura at once); a
    // side actor known for another part is still a fair wrong answer.
    let plays_another = |name: &str| {
        c.characters
            .iter()
            .any(|(character, actor)| actor == name && !contains_word(&cand.stem, character))
            && c.mentions(Kind::Person, name, None) >= LEAD_MENTIONS
    };
    let mut pool: Vec<(u8, String, usize)> = Vec::new();
    for ((k, fine), names) in &c.top_pools {
        if *k != kind {
            continue;
        }
        let tier = if *fine == cand.span.fine { 0 } else { 2 };
        for (name, n) in names {
            let shown = name.clone();
            // People in full, and of the answer's gender where the documents show it;
            // never a title read as a name ("Rachel Getting Married").
            if kind == Kind::Person
                && (!shown.contains(' ')
                    || c.gender_of(&shown) != gender
                    || reads_as_a_title(&shown)
                    || c.gaz
                        .titles
                        .range(shown.clone()..)
                        .next()
                        .is_some_and(|(t, _)| t.starts_with(shown.as_str())))
            {
                continue;
            }
            let mut theirs = c.family_of(&shown);
            if unlabelled && theirs.era.is_none() {
                continue;
            }
            // Whoever is named with the topic or its characters is of the topic's time, dated
            // or not ("Rosemarie DeWitt plays Sebastian's sister"; Danny Kaye only owned a
            // restaurant where a scene was shot).
            if theirs.era.is_none() && kind == Kind::Person && in_the_story(c, &shown) {
                theirs.era = c.topic_era;
            }
            // A stem that names a decade ("from the 1940's") wants that decade's people:
            // no 1960s Janis Joplin beside Ingrid Bergman.
            let off_the_stems_time = stem_era.is_some_and(|se| {
                theirs
                    .era
                    .is_none_or(|te| (te - se).abs() > STEM_ERA_WINDOW)
            });
            if kind == Kind::Person
                && (!same_family(&family, &theirs, c.topic_era) || off_the_stems_time)
            {
                continue;
            }
            // "Who plays Laura?": the lead known to play Mia is plainly wrong.
            if kind == Kind::Person && asks_who_plays && plays_another(&shown) {
                continue;
            }
            pool.push((tier, shown, *n));
        }
    }
    let mut siblings: BTreeSet<String> = BTreeSet::new();
    if kind == Kind::Org {
        for (o, fine) in KNOWN_ORGS {
            if *fine == cand.span.fine {
                pool.push((1, (*o).to_string(), 0));
            }
        }
    }
    if kind == Kind::Place {
        for (p, pk) in PLACES {
            pool.push((
                if *pk == cand.span.fine { 1 } else { 3 },
                (*p).to_string(),
                0,
            ));
        }
        // Places in the same place as the answer first: Pasadena or Burbank for a scene
        // shot in Long Beach, not Boston or Paris (blind readers: "the only LA option").
        if let Some(around) = c.within.get(&full) {
            for entry in pool.iter_mut() {
                if c.within
                    .get(&entry.1)
                    .is_some_and(|o| !o.is_disjoint(around))
                {
                    siblings.insert(entry.1.clone());
                    if entry.0 % 2 == 1 {
                        entry.0 -= 1; // a listed neighbour is as good as a named one
                    }
                }
            }
        }
        // Definitely wrong: not where the answer lies, nor inside it, nor around a place the
        // question names ("moved to Hollywood from which state?": not California).
        let named: Vec<&str> = c.sentences[cand.sentence]
            .spans
            .iter()
            .filter(|s| s.kind == Kind::Place)
            .map(|s| s.text(&c.sentences[cand.sentence].text))
            .filter(|p| *p != full && contains_word(&cand.stem, p))
            .collect();
        pool.retain(|(_, name, _)| {
            let related = |p: &str| c.lies_in(p, name) || c.lies_in(name, p);
            !related(&full) && !named.iter().any(|p| related(p))
        });
    }
    if kind == Kind::Person {
        // "Emily Stone" beside the better-known "Emma Stone" is a typo or a relative: a
        // confusing wrong answer. Only the most-mentioned person of a surname is offered.
        let mut top: std::collections::HashMap<String, (usize, String)> = Default::default();
        for (_, name, n) in &pool {
            let surname = name.rsplit(' ').next().unwrap_or(name).to_string();
            let e = top.entry(surname).or_insert((*n, name.clone()));
            if *n > e.0 || *n == e.0 && *name < e.1 {
                *e = (*n, name.clone());
            }
        }
        for (name, _) in c
            .top_pools
            .iter()
            .filter(|((k, _), _)| *k == Kind::Person)
            .flat_map(|(_, v)| v)
            // "Legend" alone is John Legend's surname, not a better-known bearer of it.
            .filter(|(name, _)| name.contains(' '))
        {
            let surname = name.rsplit(' ').next().unwrap_or(name).to_string();
            let n = c.mentions(Kind::Person, name, None);
            if let Some(e) = top.get_mut(&surname) {
                if n > e.0 {
                    *e = (n, name.clone());
                }
            }
        }
        pool.retain(|(_, name, _)| {
            let surname = name.rsplit(' ').next().unwrap_or(name);
            top.get(surname).is_none_or(|(_, best)| best == name)
        });
    }
    if !kind.is_numeric() {
        // "Justin Jurwitz" beside "Justin Hurwitz", "Colorao Street Bridge": a misspelt twin
        // of another name (or of the answer) only confuses. The twin may be outside this
        // question's pool (Hurwitz is no cinematographer): the corpus lists them once.
        pool.retain(|(_, name, n)| {
            !one_letter_apart(name, &full) && !c.typo_twins.contains(&(kind, name.clone(), *n))
        });
    }
    if kind == Kind::Title {
        // A film for a film, a song for a song; a label or a ceremony is no title at all.
        const NOT_TITLES: &[&str] = &[
            " Records",
            " Studios",
            " Pictures",
            " Festival",
            " Awards",
            "The Oscars",
        ];
        // "Beast" is the end of "Beauty and the Beast", no title of its own.
        let part_of_a_title = |name: &str| {
            let tail = format!(" {name}");
            let inside = [format!(" and the {name}"), format!(" of the {name}")];
            c.gaz.titles.keys().take(5000).any(|t| t.ends_with(&tail))
                || c.index
                    .get(&super::facts::key(Kind::Title, name, None))
                    .is_some_and(|ids| {
                        ids.iter().take(50).any(|&i| {
                            let t = &c.sentences[i].text;
                            inside.iter().any(|p| t.contains(p.as_str()))
                        })
                    })
        };
        if NOT_TITLES.iter().any(|t| cand.answer.ends_with(t)) || part_of_a_title(&cand.answer) {
            return Vec::new();
        }
        // Of the answer's time: no 1958 musical as a film two 2016 stars made together.
        let era = c.title_years.get(&cand.answer).copied().or(c.topic_era);
        pool.retain(|(_, name, _)| {
            !part_of_a_title(name)
                && match (era, c.title_years.get(name)) {
                    (Some(a), Some(b)) => (a - b).abs() <= super::facts::ERA_WINDOW,
                    _ => true,
                }
        });

        pool.retain(|(tier, name, _)| {
            (*tier == 0 || cand.span.fine == "work")
                && !NOT_TITLES.iter().any(|t| name.ends_with(t))
        });
    }
    pool.sort();
    let mut seen_names = BTreeSet::new();
    pool.retain(|p| seen_names.insert(p.1.to_lowercase()));
    let mut ok: Vec<(u8, f64, String)> = pool
        .into_iter()
        .filter(|(_, name, _)| {
            let words = split(name);
            if kind == Kind::Award && award_key(name) == award_key(&cand.answer) {
                return false; // an Oscar is an Academy Award
            }
            // A category ("Best Actress") only against categories, an award against awards.
            if kind == Kind::Award && name.starts_with("Best ") != cand.answer.starts_with("Best ")
            {
                return false;
            }
            let count = |t: &str| t.split_whitespace().count() as i64;
            (count(name) - count(&full)).abs() <= 2
                && words.is_disjoint(&answer_words)
                && !name.contains(&full)
                && !full.contains(name.as_str())
                && !name.eq_ignore_ascii_case(&c.topic)
                && !named_otherwise(&cand.stem, name)
                && !super::quality::distinctive_words(name)
                    .iter()
                    .any(|w| stem_words.contains(w))
        })
        .map(|(tier, name, n)| {
            // Close in length and familiarity to the answer, so neither gives it away.
            let len = (name.len() as f64 - cand.answer.len() as f64).abs()
                / cand.answer.len().max(1) as f64;
            // Less familiar than the answer is worse: the famous name must not be the tell.
            let d = (n as f64 + 1.0).ln() - (fam + 1.0).ln();
            let famd = if d < 0.0 { -1.2 * d } else { 0.3 * d };
            // Keeping the answer's company (other presenters for a presenter, other
            // architects for an architect) counts most of all.
            let company = c
                .profiles
                .similarity(&cand.answer, &name)
                .max(c.profiles.similarity(&full, &name))
                .min(COMPANY_CAP);
            let neighbour = if siblings.contains(&name) { 1.0 } else { 0.0 };
            (
                tier,
                len + famd - COMPANY_WEIGHT * company - neighbour,
                name,
            )
        })
        .collect();
    ok.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)).then(a.2.cmp(&b.2)));
    // The fairness test reads other sentences: run it only until enough candidates pass.
    let mut ok: Vec<(u8, f64, String)> = ok.into_iter().filter(|x| fair(&x.2)).take(8).collect();
    // Same fine type (a city for a city, a director for a director) when there are enough.
    // "Which director is the first to...": the question names the role, so every choice
    // must have it (blind readers: "only Chazelle is a director").
    let asks_a_role = kind == Kind::Person && role_named_after(&cand.stem, &["which "]).is_some();
    // "Who is the first Swedish cinematographer to...?": the question names the answer's
    // role, so the wrong answers need it too (blind readers at 3232: "the others are
    // directors"). Where the documents name three others of it, they are the choices.
    if kind == Kind::Person {
        if let Some(role) = role_named_after(&cand.stem, WHO_IS_THE) {
            ok.retain(|x| c.gaz.people.get(&x.2).is_some_and(|r| *r == role));
            if ok.len() < 3 {
                return Vec::new();
            }
        }
    }
    // Neighbours of the answer's own kind: Burbank beside Long Beach, but no city among the
    // choices for the district Hollywood (it would stand out).
    let neighbour = |x: &(u8, f64, String)| x.0 <= 1 && siblings.contains(&x.2);
    if ok.iter().filter(|x| neighbour(x)).count() >= 3 {
        ok.retain(neighbour);
    } else if ok.iter().filter(|x| x.0 <= 1).count() >= 3 {
        ok.retain(|x| x.0 <= 1);
    } else if kind == Kind::Place || kind == Kind::Org || asks_a_role {
        return Vec::new(); // a quarter among countries gives itself away
    }
    // No two choices share a word ("Emma Stone" and "Emily Stone" would point at each other).
    let mut used: BTreeSet<String> = answer_words.clone();
    let mut top: Vec<String> = Vec::new();
    for x in ok.into_iter() {
        let w = split(&x.2);
        if top.len() < 6 && w.is_disjoint(&used) {
            used.extend(w);
            top.push(x.2);
        }
    }
    top.shuffle(rng);
    // The famous name must not be the tell: when a fair choice is better known than the
    // answer, one such is among the three shown (else the answer is the most mentioned).
    let mentions = |n: &str| c.mentions(kind, n, None) as f64;
    if top.len() > 3 && !top.iter().take(3).any(|n| mentions(n) > fam) {
        if let Some(i) = top.iter().skip(3).position(|n| mentions(n) > fam) {
            top.swap(2, i + 3);
        }
    }
    top
}

/// "Who is the first Swedish cinematographer...?": phrases after which a role word is the
/// answer's.
const WHO_IS_THE: &[&str] = &["who is the ", "who was the ", "who became the "];

/// The crew or other role a question gives its answer within four words after one of
/// `openers` ("which director", "Who was the first Swedish cinematographer"), if any;
/// actors are told by the cast family already.
fn role_named_after(stem: &str, openers: &[&str]) -> Option<String> {
    let l = stem.to_lowercase();
    openers
        .iter()
        .flat_map(|p| l.match_indices(p).map(|(i, _)| &l[i + p.len()..]))
        .flat_map(|after| after.split_whitespace().take(4))
        .map(|w| w.trim_end_matches(['?', ',', '\'']))
        .find(|w| ROLES.contains(w) && !["actor", "actress", "star"].contains(w))
        .map(str::to_string)
}

/// Whether the stem already names a choice by another of its names: "the U.S. beat ___"
/// with "United States" among the wrong answers.
fn named_otherwise(stem: &str, name: &str) -> bool {
    const ALIASES: &[(&str, &[&str])] = &[
        (
            "United States",
            &["U.S.", "US", "USA", "America", "American", "Americans"],
        ),
        ("United Kingdom", &["U.K.", "UK", "Britain", "British"]),
        ("Soviet Union", &["USSR", "Soviet", "Soviets"]),
    ];
    ALIASES
        .iter()
        .filter(|(n, _)| *n == name)
        .any(|(_, other)| other.iter().any(|o| has_word(stem, o)))
}

/// Whether two names differ by one letter changed, added or dropped (a typo's twin).
pub(super) fn one_letter_apart(a: &str, b: &str) -> bool {
    // Cheap tests first, without allocating: it runs for every pair of names in a pool.
    // One letter changed, added or dropped moves the length by at most one char (4 bytes).
    if a == b || a.len().abs_diff(b.len()) > 4 {
        return false;
    }
    let (na, nb) = (a.chars().count(), b.chars().count());
    if na.abs_diff(nb) > 1 {
        return false;
    }
    let front = a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count();
    let back = a
        .chars()
        .rev()
        .zip(b.chars().rev())
        .take_while(|(x, y)| x == y)
        .count();
    front + back >= na.max(nb) - 1
}

/// Whether a person is a fair wrong answer for another: the same role family (an actor for an
/// actor, none for none) and within 30 years of each other, where an unknown era is taken
/// to be the topic's (Rosemarie DeWitt, of no known year, is of La La Land's time, so a
/// 1920s star is no wrong answer for her).
fn same_family(
    answer: &super::facts::Family,
    other: &super::facts::Family,
    topic_era: Option<i64>,
) -> bool {
    // An actor of no known time is no wrong answer among a film's dated cast: "Danny Kaye"
    // beside the 2016 leads (blind readers: "from the 1950s"). Crew keeps the topic's era.
    if answer.role == Some("cast") && answer.era.is_some() && other.era.is_none() {
        return false;
    }
    answer.role == other.role
        && match (answer.era.or(topic_era), other.era.or(topic_era)) {
            (Some(a), Some(b)) => (a - b).abs() <= super::facts::ERA_WINDOW,
            _ => true,
        }
}

/// Whether one of a person's sentences (the first few) names the topic or one of its
/// characters.
fn in_the_story(c: &Corpus, name: &str) -> bool {
    let Some(ids) = c.index.get(&super::facts::key(Kind::Person, name, None)) else {
        return false;
    };
    ids.iter().take(20).any(|&i| {
        let t = &c.sentences[i].text;
        (!c.topic.is_empty() && contains_word(t, &c.topic))
            || c.characters.keys().any(|ch| contains_word(t, ch))
    })
}

/// The time a stem speaks of: a year or decade written in it ("from the 1940's"), else the
/// year of a work it names that the documents date ("Rebel Without a Cause", 1955).
fn era_in_stem(c: &Corpus, stem: &str) -> Option<i64> {
    let written = stem
        .split(|ch: char| !ch.is_ascii_digit())
        .filter(|d| d.len() == 4)
        .filter_map(|d| d.parse::<i64>().ok())
        .find(|y| (1000..=2100).contains(y));
    // Titles looked up by the stem's own runs of words (at most 8 long), not by reading every
    // dated title for every question: the cost stays per stem, however many documents.
    let words: Vec<&str> = stem
        .split(' ')
        .map(|w| w.trim_end_matches(['?', ',', '.']))
        .collect();
    written.or_else(|| {
        (0..words.len())
            .filter(|&i| words[i].starts_with(char::is_uppercase))
            .flat_map(|i| (i + 2..=(i + 8).min(words.len())).map(move |j| (i, j)))
            .filter_map(|(i, j)| {
                let t = words[i..j].join(" ");
                (t != c.topic)
                    .then(|| c.title_years.get(&t).copied())
                    .flatten()
            })
            .min()
    })
}

/// "Rachel Getting Married" is a film read as a name: a gerund between the given name and
/// the last word. A surname may end in "-ing" (Ryan Gosling, Ian Fleming), so the last word
/// does not count (it kept the most-mentioned actor of the seeds out of every pool).
fn reads_as_a_title(name: &str) -> bool {
    let words: Vec<&str> = name.split(' ').collect();
    words.len() > 2
        && words[1..words.len() - 1]
            .iter()
            .any(|w| w.len() > 4 && w.ends_with("ing"))
}

/// A comparison key where the Oscar and the Academy Award (and its misspelling) are one.
fn award_key(name: &str) -> String {
    let l = name.trim().to_lowercase();
    let l = l.trim_end_matches('s').replace("acadamy", "academy");
    if l == "oscar" || l == "academy award" {
        "oscar".into()
    } else {
        l.to_string()
    }
}

/// [`has_word`] with the word's searcher built beforehand (for a word searched in many texts).
fn has_word_found(hay: &str, word: &str, finder: &memchr::memmem::Finder) -> bool {
    finder
        .find_iter(hay.as_bytes())
        .any(|p| super::questions::whole_word_at(hay, p, word.len()))
}

/// Whether `hay` holds `word` as a whole word, as written (no case folding).
fn has_word(hay: &str, word: &str) -> bool {
    has_word_found(hay, word, &memchr::memmem::Finder::new(word.as_bytes()))
}

/// Lowercase content words of a stem, for the "also true elsewhere" cue test.
pub fn content_words(stem: &str) -> BTreeSet<String> {
    words_of(stem)
        .into_iter()
        .filter(|w| !STOP.contains(&w.as_str()))
        .collect()
}

fn jaccard(a: &BTreeSet<String>, b: &BTreeSet<String>) -> f64 {
    let i = a.intersection(b).count() as f64;
    let u = a.union(b).count() as f64;
    if u == 0.0 {
        1.0
    } else {
        i / u
    }
}

/// FNV-1a, so each question's randomness depends only on the seed and its own stem.
fn fnv(s: &str) -> u64 {
    s.bytes().fold(0xcbf29ce484222325u64, |h, b| {
        (h ^ b as u64).wrapping_mul(0x100000001b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_surname_ending_in_ing_is_no_title_and_a_dated_stem_dates_its_people() {
        // Ryan Gosling was kept out of every pool as a title like "Rachel Getting Married".
        assert!(!reads_as_a_title("Ryan Gosling"));
        assert!(!reads_as_a_title("Ian Fleming"));
        assert!(reads_as_a_title("Rachel Getting Married"));
    }

    #[test]
    fn numbers_keep_unit_format_and_rounding() {
        assert_eq!(
            format_like("$30 million", 30, 20, Kind::Money).unwrap(),
            "$20 million"
        );
        assert_eq!(
            format_like("1,200", 1200, 1300, Kind::Count).unwrap(),
            "1,300"
        );
        assert_eq!(format_like("seven", 7, 8, Kind::Count).unwrap(), "eight");
        assert_eq!(format_like("74th", 74, 73, Kind::Ordinal).unwrap(), "73rd");
        assert_eq!(nice_step(30), 10);
        assert_eq!(nice_step(7), 1);
        assert_eq!(nice_step(1_000_000), 200_000);
        assert_eq!(nice_step(22_500), 5_000);
        let f = |role: Option<&'static str>, era: Option<i64>| super::super::facts::Family {
            role,
            era,
        };
        // An actor of no known time is no wrong answer among a dated cast; crew may be.
        assert!(!same_family(
            &f(Some("cast"), Some(2014)),
            &f(Some("cast"), None),
            None
        ));
        assert!(same_family(
            &f(Some("crew"), Some(2014)),
            &f(Some("crew"), None),
            None
        ));
        assert!(!same_family(
            &f(Some("cast"), Some(2014)),
            &f(Some("cast"), Some(1955)),
            None
        ));
        // An unknown era is the topic's: a 1927 star is no wrong answer for a 2016 cast.
        assert!(!same_family(
            &f(Some("cast"), None),
            &f(Some("cast"), Some(1927)),
            Some(2016)
        ));
        assert!(same_family(
            &f(Some("cast"), None),
            &f(Some("cast"), None),
            Some(2016)
        ));
        assert!(!same_family(
            &f(Some("cast"), None),
            &f(Some("crew"), None),
            None
        ));
        assert!(!same_family(&f(None, None), &f(Some("cast"), None), None));
        assert_eq!(nice_step(125), 25);
        assert!(one_letter_apart("Justin Jurwitz", "Justin Hurwitz"));
        assert!(one_letter_apart(
            "Colorao Street Bridge",
            "Colorado Street Bridge"
        ));
        assert!(!one_letter_apart("Emma Stone", "Emma Watson"));
        assert!(!one_letter_apart("Emma Stone", "Emma Stone"));
    }

    #[test]
    fn ranges_bound_distractors() {
        let s = "Ada Colau was mayor from 2015 to 2023.";
        let spans = super::super::spans::find(s, &Default::default());
        let end = spans.iter().find(|sp| sp.text(s) == "2023").unwrap();
        let start = spans.iter().find(|sp| sp.text(s) == "2015").unwrap();
        assert_eq!(range_bounds(s, end).0, 2016);
        assert_eq!(range_bounds(s, start).1, 2022);
    }

    #[test]
    fn a_rate_bounds_its_wrong_answers() {
        let s = "He practised six days a week.";
        let spans = super::super::spans::find(s, &Default::default());
        let six = spans
            .iter()
            .find(|sp| sp.text(s).starts_with("six"))
            .unwrap();
        assert_eq!(range_bounds(s, six).1, 7);
    }

    #[test]
    fn answer_letters_are_spread_over_the_pack() {
        use crate::pack::model::{Pack, Question, Round};
        let named = |t: &str| Question {
            text: t.into(),
            choices: vec![
                "Ann Lee".into(),
                "Bo Ray".into(),
                "Cy Fox".into(),
                "Di Orr".into(),
            ],
            answer: Some(0),
            ..Question::default()
        };
        let mut pack = Pack {
            rounds: vec![Round {
                name: "r".into(),
                questions: (0..8).map(|i| named(&format!("Q{i}?"))).collect(),
            }],
            ..Pack::default()
        };
        super::balance_answer_positions(&mut pack);
        let mut used = [0; 4];
        for q in &pack.rounds[0].questions {
            let a = q.answer.unwrap();
            assert_eq!(q.choices[a], "Ann Lee", "the answer moves with its letter");
            used[a] += 1;
        }
        assert_eq!(used, [2, 2, 2, 2]);
    }

    #[test]
    fn categories_and_awards_are_not_mixed() {
        // Two categories and six whole awards: a category question has no fair choices.
        let text = "The evening opened with the prize for Best Actress.\n\
            Tom Hanks has won a Golden Globe Award during his long career.\n\
            Meryl Streep has won an Emmy Award during her long career.\n\
            Adele has won a Grammy Award during her long career.\n\
            Hugh Jackman has won a Tony Award during his long career.\n\
            Kate Winslet has won a BAFTA Award during her long career.\n\
            Cate Blanchett has won a Screen Actors Guild Award during her career.\n\
            The second prize of the night was for Best Director.\n";
        let doc = crate::generate::Document::from_named("awards.txt", text);
        // With no fair choices for either category, nothing at all may survive: that is fine.
        let pack = match crate::generate::generate(&[doc], &crate::generate::Options::default()) {
            Ok((pack, _)) => pack,
            Err(e) => return assert!(e.to_string().contains("no question survived"), "{e}"),
        };
        for (_, q) in pack.all_questions() {
            if q.choices.len() == 4 && q.choices.iter().any(|c| c.starts_with("Best ")) {
                assert!(
                    q.choices.iter().all(|c| c.starts_with("Best ")),
                    "{} {:?}",
                    q.text,
                    q.choices
                );
            }
        }
    }

    /// The question on the span `answer` of the sentence holding `marker`, with its corpus
    /// (on the film "Moonrise").
    fn candidate_for(
        text: &str,
        marker: &str,
        answer: &str,
    ) -> (crate::generate::facts::Corpus, Candidate) {
        use crate::generate::facts::Corpus;
        let doc = crate::generate::Document::from_named("doc.txt", text);
        let opts = crate::generate::Options {
            topic: Some("Moonrise".into()),
            ..Default::default()
        };
        let c = Corpus::build(&[doc], &opts, &mut crate::generate::Report::default());
        let id = (0..c.sentences.len())
            .find(|&i| c.sentences[i].text.contains(marker))
            .expect("the marked sentence");
        let span = c.sentences[id]
            .spans
            .iter()
            .find(|s| s.text(&c.sentences[id].text) == answer)
            .expect("the answer span")
            .clone();
        let cand = crate::generate::questions::build(&c, id, &span).expect("a question");
        (c, cand)
    }

    /// The wrong answers `pick` gives for the span `answer` of the sentence holding `marker`,
    /// with the corpus they came from.
    fn wrong_for(
        text: &str,
        marker: &str,
        answer: &str,
    ) -> (crate::generate::facts::Corpus, Vec<String>) {
        let (c, cand) = candidate_for(text, marker, answer);
        let wrong = pick(&c, &cand, &mut StdRng::seed_from_u64(3)).expect("three wrong answers");
        (c, wrong)
    }

    #[test]
    fn a_place_around_the_answer_is_no_wrong_answer() {
        let text = "Moonrise is a 2019 film set in Los Angeles.\n\
            Moonrise was shot over two summers in Los Angeles.\n\
            The producers of Moonrise first met in Los Angeles.\n\
            The first draft of Moonrise was written in Boston.\n\
            The director of Moonrise grew up in Phoenix.\n\
            The composer of Moonrise studied in Chicago.\n\
            The editor of Moonrise lives in Seattle.\n\
            The diner scenes of Moonrise were filmed at a real diner in Burbank.\n";
        let (c, wrong) = wrong_for(text, "diner scenes", "Burbank");
        // Burbank is in Los Angeles to any player: "Los Angeles" would not be wrong.
        assert!(!wrong.iter().any(|w| w == "Los Angeles"), "{wrong:?}");
        assert!(!wrong.iter().any(|w| w == "California"), "{wrong:?}");
        // Its neighbours are: another town of the area, not Boston or Chicago.
        assert!(
            wrong.iter().all(|w| c.lies_in(w, "Los Angeles")),
            "{wrong:?}"
        );
    }

    #[test]
    fn a_stem_that_dates_its_answer_gets_people_of_that_time() {
        let text = "Moonrise is a 2019 film by Ann Lee.\n\
            Actress Margo Hale posed for a photo in 2019 and she smiled.\n\
            Actress Kate Dunn posed for a photo in 2019 and she laughed.\n\
            Actress Sara Bell posed for a photo in 2018 and she waved.\n\
            Actress Rita Hayworth posed for a photo in 1946 and she smiled.\n\
            Actress Judy Garland posed for a photo in 1944 and she laughed.\n\
            Actress Lana Turner posed for a photo in 1946 and she waved.\n\
            Actress Helen Hayes posed for a photo in 1943 and she smiled.\n\
            Actress Ingrid Bergman starred in a classic film and she sang.\n\
            The blouse in Moonrise is based on a photo of Ingrid Bergman from the 1940s.\n";
        let (_, wrong) = wrong_for(text, "a photo of", "Ingrid Bergman");
        // No 2019 star for a photo from the 1940s.
        assert!(
            wrong
                .iter()
                .all(|w| !["Margo Hale", "Kate Dunn", "Sara Bell", "Ann Lee"].contains(&w.as_str())),
            "{wrong:?}"
        );
    }

    #[test]
    fn an_undated_actor_in_the_story_is_cast_and_one_outside_it_is_not() {
        let text = "Moonrise is a 2019 film by Ann Lee.\n\
            Actor Tom Hale learned the piano for a year before the Moonrise shoot began, and he loved it.\n\
            Actor Jim Dunn trained with a dance coach in Paris for his Moonrise scenes, and he thrived.\n\
            Actor Bob Bell grew a beard and lost weight for Moonrise, and he suffered.\n\
            Carl Ross plays the teacher in Moonrise in 2019, and he smiles.\n\
            Actor Danny Kaye once owned the diner across the street from the lot, and he cooked.\n\
            Tom Hale was born in 1988 and starred in a comedy in 2017.\n";
        let (_, wrong) = wrong_for(text, "plays the teacher", "Carl Ross");
        assert!(!wrong.iter().any(|w| w == "Danny Kaye"), "{wrong:?}");
        assert!(wrong.iter().any(|w| w == "Jim Dunn"), "{wrong:?}");
    }

    #[test]
    fn a_person_of_no_known_kind_is_not_asked() {
        // Blind readers at 3131: "Roland Lamb" (an inventor) among jazzmen, and "Bud Shank"
        // for Warren Beatty: people the documents call nothing are no kind to match, and
        // undated ones are of no known time either.
        let text = "Moonrise is a 2019 film by Ann Lee.\n\
            The band in Moonrise covers songs by Miles Davis, Chet Baker and Bud Powell on stage.\n\
            Moonrise also has a nod to Sam Cooke and Billy Preston in the diner scene.\n\
            The keyboard in Moonrise was a synthesizer made in 2013 by Roland Lamb.\n";
        let (c, cand) = candidate_for(text, "synthesizer", "Roland Lamb");
        assert_eq!(c.family_of("Roland Lamb").role, None);
        assert_eq!(pick(&c, &cand, &mut StdRng::seed_from_u64(3)), None);
        // "filmmaker Max Ophuls" says what he is.
        assert_eq!(super::super::facts::role_family("filmmaker"), Some("crew"));
    }

    #[test]
    fn a_school_has_schools_for_wrong_answers() {
        let text = "Moonrise is a 2019 film by Ann Lee.\n\
            Moonrise opened at the Venice Film Festival in September.\n\
            The New York Times praised Moonrise in a long review.\n\
            Moonrise was bought by Warner Brothers after the festival.\n\
            Ann Lee wrote Moonrise while she was a student at Harvard University in Boston.\n";
        let (_, wrong) = wrong_for(text, "a student at", "Harvard University");
        assert!(
            wrong.iter().all(|w| w.ends_with(" University")),
            "{wrong:?}"
        );
    }

    #[test]
    fn a_country_named_in_the_stem_is_no_wrong_answer() {
        let stem = "In the final, the U.S. beat ___ and won the gold medal.";
        assert!(super::named_otherwise(stem, "United States"));
        assert!(!super::named_otherwise(stem, "Finland"));
        assert!(!super::named_otherwise("USSR beat ___.", "United States"));
    }

    #[test]
    fn a_role_named_after_who_is_the_answers_kind() {
        let asked = |s: &str| super::role_named_after(s, super::WHO_IS_THE);
        assert_eq!(
            asked("Who is the first Swedish cinematographer to win the award?").as_deref(),
            Some("cinematographer")
        );
        assert_eq!(asked("Who was the first actor to sing?"), None);
        assert_eq!(asked("Who directed the film in 2016?"), None);
    }

    #[test]
    fn an_oscar_is_an_academy_award() {
        assert_eq!(award_key("Oscars"), award_key("Acadamy Award"));
        assert_ne!(award_key("Golden Globe"), award_key("Oscar"));
    }

    #[test]
    fn dates_stay_valid() {
        let mut rng = StdRng::seed_from_u64(1);
        for (d, _) in dates("August 31, 2016", &mut rng).unwrap() {
            assert!(
                !d.starts_with("June") && !d.starts_with("September") && !d.starts_with("February"),
                "{d}"
            );
        }
    }
}
