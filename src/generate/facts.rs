//! From documents to facts: sentences, spans, the corpus-wide gazetteer and index, the
//! topic, and which sentences can carry a fair question (no opinion, no quotation, no
//! pronoun pointing outside the sentence).

use super::lexicon::{OPINION_WORDS, SAY_WORDS, UNRESOLVED_STARTS};
use super::spans::{self, Gazetteer, Kind, Span};
use super::{Document, Options, Report};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// How many names of each fine type distractors are drawn from.
const TOP_POOL: usize = 150;

/// One sentence of one document with its spans.
#[derive(Debug, Clone)]
pub struct Sentence {
    pub doc: usize,
    /// Exactly as in the cleaned document.
    pub text: String,
    /// The text in lower case, for fast word tests.
    pub lower: String,
    pub spans: Vec<Span>,
    /// For a statement rewritten out of a long sentence ([`super::rewrite`]): that
    /// sentence's id, which stays the question's source.
    pub rewritten_from: Option<usize>,
}

/// Everything the later steps need to know about the documents.
#[derive(Debug, Default)]
pub struct Corpus {
    pub doc_names: Vec<String>,
    pub sentences: Vec<Sentence>,
    /// Sentence ids that can carry a question.
    pub facts: Vec<usize>,
    pub gaz: Gazetteer,
    /// What the documents are about ("La La Land").
    pub topic: String,
    /// Kind of the topic, to know which vague subjects it replaces.
    pub topic_kind: Option<Kind>,
    /// (kind, fine) -> span text -> mentions: the pools distractors come from.
    pub pools: BTreeMap<(Kind, String), BTreeMap<String, usize>>,
    /// The same pools cut to their most-mentioned names, so picking is bounded per question.
    pub top_pools: BTreeMap<(Kind, String), Vec<(String, usize)>>,
    /// Names of a pool with a better-known twin one letter apart ("Justin Jurwitz" beside
    /// "Justin Hurwitz"), as (kind, name, pool count): found once, not once per question.
    pub typo_twins: BTreeSet<(Kind, String, usize)>,
    /// Index key (see [`key`]) -> ids of the sentences that mention it.
    pub index: HashMap<String, Vec<usize>>,
    /// The latest year the documents mention: no distractor year after it.
    pub max_year: i64,
    /// The documents as the automatic checks see them, so stems they would flag are refused.
    pub check: super::quality::Context,
    /// Full name -> pronoun evidence (he/his > 0, she/her < 0), so choices agree in gender.
    pub gender: HashMap<String, (i32, i32)>,
    /// The generic nouns ("the song", "the building") that stand for the topic in these documents.
    pub topic_nouns: Vec<&'static str>,
    /// Character -> the actor who plays them, from "Emma Stone (Mia)" or "Mia (Emma Stone)".
    pub characters: BTreeMap<String, String>,
    /// Per sentence: the person an opening "He"/"She" refers to, when the sentences before
    /// named one person of that gender last.
    pub antecedent: Vec<Option<String>>,
    /// Whether the documents write "the" before the topic ("the Sydney Opera House").
    pub topic_article: bool,
    /// Full name -> what the documents show the person as (see [`Family`]), so a director
    /// is never a wrong answer for an actor nor a 1930s star for the cast of a 2016 film.
    pub families: HashMap<String, Family>,
    /// The median year of the sentences that name the topic: the era of a person of
    /// unknown era (see `distractors::same_family`).
    pub topic_era: Option<i64>,
    /// A title's year where a sentence gives it ("Gigi (1958)"), for title eras.
    pub title_years: HashMap<String, i64>,
    /// The company each pooled name keeps, so a wrong answer is of the answer's fine kind.
    pub profiles: super::context::Profiles,
    /// Place -> the places it lies in, from [`super::lexicon::WITHIN`] and the documents'
    /// "Burbank, California" (see [`Corpus::lies_in`]).
    pub within: HashMap<String, BTreeSet<String>>,
}

/// What a person is, as far as the documents show: the strongest role family ("cast",
/// "crew", "music", "science", "sport", "space", "power", "character", or none) and the median
/// year of the sentences that mention them (their era).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Family {
    pub role: Option<&'static str>,
    pub era: Option<i64>,
}

/// Years within which two people or works are of one era (fair wrong answers for each other).
pub const ERA_WINDOW: i64 = 30;

/// The index key of a span: its lowercase text, or kind and value for numbers.
pub fn key(kind: Kind, text: &str, value: Option<i64>) -> String {
    match (kind.is_numeric() && kind != Kind::Date, value) {
        (true, Some(v)) => format!("#{}:{v}", kind.name()),
        _ => text.to_lowercase(),
    }
}

impl Corpus {
    /// Splits, finds spans in two passes, and indexes the documents.
    pub fn build(docs: &[Document], opts: &Options, report: &mut Report) -> Corpus {
        let total: usize = docs.iter().map(|d| d.text.len()).sum();
        let bar = progress_bar(opts.progress && total > 1_000_000, total as u64);
        let mut c = Corpus {
            doc_names: docs.iter().map(|d| d.name.clone()).collect(),
            check: super::quality::Context::new(docs),
            ..Corpus::default()
        };
        // Pass 1: learn people, roles and titles.
        for (d, doc) in docs.iter().enumerate() {
            for r in super::sentences::split(&doc.text) {
                let text = &doc.text[r];
                let spans = spans::find(text, &c.gaz);
                c.gaz.learn(text, &spans);
                let id = c.sentences.len();
                c.sentences.push(Sentence {
                    doc: d,
                    text: text.to_string(),
                    lower: text.to_lowercase(),
                    spans: Vec::new(),
                    rewritten_from: None,
                });
                for t in super::rewrite::statements(text) {
                    c.sentences.push(Sentence {
                        doc: d,
                        lower: t.to_lowercase(),
                        text: t,
                        spans: Vec::new(),
                        rewritten_from: Some(id),
                    });
                }
            }
            bar.inc(doc.text.len() as u64 / 2);
        }
        c.gaz.finish();
        // Pass 2: spans with the gazetteer; pools and index.
        let mut max_year = 0;
        for id in 0..c.sentences.len() {
            let spans = spans::find(&c.sentences[id].text, &c.gaz);
            // A rewritten statement repeats its sentence: its names are counted once.
            let counted = if c.sentences[id].rewritten_from.is_some() {
                &[][..]
            } else {
                &spans[..]
            };
            for s in counted {
                let text = s.text(&c.sentences[id].text);
                if matches!(s.kind, Kind::Year) {
                    max_year = max_year.max(s.value.unwrap_or(0));
                }
                let k = key(s.kind, text, s.value);
                let ids = c.index.entry(k).or_default();
                if ids.last() != Some(&id) {
                    ids.push(id);
                }
                if !s.kind.is_numeric() {
                    *c.pools
                        .entry((s.kind, s.fine.clone()))
                        .or_default()
                        .entry(text.to_string())
                        .or_default() += 1;
                }
            }
            c.sentences[id].spans = spans;
            if id % 256 == 0 {
                bar.set_position((total / 2 + total * id / c.sentences.len().max(1) / 2) as u64);
            }
        }
        bar.finish_and_clear();
        for (k, names) in &c.pools {
            let mut v: Vec<(String, usize)> = names.iter().map(|(n, m)| (n.clone(), *m)).collect();
            v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            v.truncate(TOP_POOL);
            c.top_pools.insert(k.clone(), v);
        }
        c.max_year = if max_year == 0 { 2100 } else { max_year };
        let texts: Vec<&str> = c.sentences.iter().map(|s| s.text.as_str()).collect();
        c.profiles = super::context::Profiles::build(
            &texts,
            c.top_pools
                .iter()
                .filter(|((k, _), _)| !k.is_numeric())
                .flat_map(|(_, v)| v.iter().map(|(n, _)| n)),
            |name| c.index.get(&key(Kind::Person, name, None)),
        );
        report.sentences += c.sentences.len();
        c.learn_gender();
        c.learn_places();
        c.learn_characters();
        c.learn_families();
        c.learn_eras_from_company();
        c.learn_antecedents();
        c.pick_topic(docs, opts);
        c.topic_nouns = topic_nouns(docs);
        c.topic_era = c.learn_topic_era();
        let (with, all) = docs.iter().fold((0, 0), |(w, a), d| {
            (
                w + d.text.matches(&format!("the {}", c.topic)).count(),
                a + d.text.matches(c.topic.as_str()).count(),
            )
        });
        c.topic_article = !c.topic.starts_with("The ") && with * 2 > all;
        for id in 0..c.sentences.len() {
            match c.unusable(id) {
                Some(why) => report.drop_traced(why, &c.sentences[id].text),
                None => c.facts.push(id),
            }
        }
        report.facts += c.facts.len();
        c.typo_twins = c.find_typo_twins();
        c
    }

    fn pick_topic(&mut self, docs: &[Document], opts: &Options) {
        if let Some(t) = &opts.topic {
            self.topic = t.clone();
            self.topic_kind = self.kind_of(t).or(Some(Kind::Title));
            return;
        }
        // A short title line that opens the first document and recurs is the topic.
        if let Some(first) = docs
            .first()
            .and_then(|d| d.text.lines().find(|l| !l.trim().is_empty()))
        {
            let line = first.trim();
            let words = line.split_whitespace().count();
            if (1..=5).contains(&words)
                && !line.ends_with('.')
                && (docs.len() == 1
                    || docs
                        .iter()
                        .map(|d| d.text.matches(line).count())
                        .sum::<usize>()
                        >= 3)
            {
                self.topic = line.to_string();
                self.topic_kind = self.kind_of(line).or(Some(Kind::Org));
                return;
            }
        }
        // The most-mentioned title; failing that, the most-mentioned full name.
        // Sentences that mention a name, from the index: linear in the corpus.
        let mentions = |name: &str| self.index.get(&name.to_lowercase()).map_or(0, |v| v.len());
        let best = |kinds: &[Kind]| {
            let mut names: Vec<(&String, Kind)> = self
                .pools
                .iter()
                .filter(|((k, _), _)| kinds.contains(k))
                .flat_map(|((k, _), m)| m.keys().map(move |n| (n, *k)))
                .filter(|(n, _)| {
                    n.contains(' ') || n.len() > 4 && !self.gaz.surnames.contains_key(n.as_str())
                })
                .collect();
            names.sort();
            names.dedup();
            names
                .into_iter()
                .map(|(n, k)| (mentions(n), n.clone(), k))
                .max_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)))
        };
        let pick = match best(&[Kind::Title]) {
            Some(t) if t.0 >= 3 => Some(t),
            _ => best(&[
                Kind::Person,
                Kind::Place,
                Kind::Org,
                Kind::Venue,
                Kind::Title,
            ]),
        };
        if let Some((_, name, kind)) = pick {
            self.topic = name;
            self.topic_kind = Some(kind);
        } else {
            self.topic = "General knowledge".into();
        }
    }

    /// The full name a person span stands for ("Gosling" -> "Ryan Gosling"), if known.
    pub fn full_name(&self, name: &str) -> Option<String> {
        if name.contains(' ') {
            Some(name.to_string())
        } else {
            self.gaz.surnames.get(name).cloned()
        }
    }

    /// -1 female, 1 male, 0 unknown: the pronouns around a person's mentions when they agree
    /// clearly (two to one, twice or more), else the given name.
    pub fn gender_of(&self, name: &str) -> i32 {
        let full = self.full_name(name).unwrap_or_else(|| name.to_string());
        let (m, f) = self.gender.get(&full).copied().unwrap_or((0, 0));
        // A listed given name wins over pronouns, which can belong to someone nearby
        // ("Frank Baum" in sentences about Dorothy).
        let given = full.split(' ').next().unwrap_or("");
        if super::lexicon::FEMALE_NAMES.contains(&given) {
            return -1;
        }
        if super::lexicon::MALE_NAMES.contains(&given) {
            return 1;
        }
        if m >= 2 && m >= 2 * f {
            return 1;
        }
        if f >= 2 && f >= 2 * m {
            return -1;
        }
        let first = full.split(' ').next().unwrap_or("");
        if super::lexicon::FEMALE_NAMES.contains(&first) {
            -1
        } else if super::lexicon::MALE_NAMES.contains(&first) {
            1
        } else {
            0
        }
    }

    fn learn_antecedents(&mut self) {
        let mut last: Option<String> = None;
        let mut doc = usize::MAX;
        let mut out: Vec<Option<String>> = Vec::with_capacity(self.sentences.len());
        for s in &self.sentences {
            // A rewritten statement has its sentence's antecedent and does not move the chain.
            if let Some(from) = s.rewritten_from {
                out.push(out[from].clone());
                continue;
            }
            if s.doc != doc {
                doc = s.doc;
                last = None;
            }
            let first = s.lower.split_whitespace().next().unwrap_or("");
            let want = match first {
                "he" | "his" => 1,
                "she" | "her" => -1,
                _ => 0,
            };
            out.push(
                last.clone()
                    .filter(|n| want != 0 && self.gender_of(n) == want),
            );
            let people: BTreeSet<String> = self.people_in(s).collect();
            match people.len() {
                0 if want != 0 => {}
                0 => {
                    // A sentence about something else breaks the chain.
                    if !s.lower.contains(" he ") && !s.lower.contains(" she ") {
                        last = None;
                    }
                }
                1 => last = people.into_iter().next(),
                _ => last = None,
            }
        }
        self.antecedent = out;
    }

    /// Characters named in brackets next to a known actor, so a stem can explain them.
    fn learn_characters(&mut self) {
        static PAIR: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
            regex::Regex::new(r"\b(\p{Lu}[\p{L}'’.-]+(?: \p{Lu}[\p{L}'’.-]+){1,2}) \((\p{Lu}\p{Ll}+)\)|\b(\p{Lu}\p{Ll}+) \((\p{Lu}[\p{L}'’.-]+(?: \p{Lu}[\p{L}'’.-]+){1,2})\)")
                .unwrap()
        });
        let mut found: BTreeMap<String, String> = BTreeMap::new();
        for s in &self.sentences {
            for m in PAIR.captures_iter(&s.text) {
                let (actor, role) = match (m.get(1), m.get(2), m.get(3), m.get(4)) {
                    (Some(a), Some(r), _, _) => (a.as_str(), r.as_str()),
                    (_, _, Some(r), Some(a)) => (a.as_str(), r.as_str()),
                    _ => continue,
                };
                if self.gaz.people.contains_key(actor) && !self.gaz.people.contains_key(role) {
                    found
                        .entry(role.to_string())
                        .or_insert_with(|| actor.to_string());
                }
            }
        }
        self.characters = found;
    }

    /// Role families and eras of people, from the words around every mention.
    fn learn_families(&mut self) {
        let mut votes: HashMap<String, BTreeMap<&'static str, i32>> = HashMap::new();
        // Role nouns right before a name ("director Damien Chazelle") are what the documents
        // call a person: they decide over the looser votes from context.
        let mut called: HashMap<String, BTreeMap<&'static str, i32>> = HashMap::new();
        let mut years: HashMap<String, Vec<i64>> = HashMap::new();
        for s in &self.sentences {
            // The years a sentence speaks of: years, and the year after a title ("Casablanca
            // (1942)"); a sentence on old Hollywood counts as 60 years before the latest year.
            let mut sentence_years: Vec<i64> = s
                .spans
                .iter()
                .filter(|sp| sp.kind == Kind::Year)
                .filter_map(|sp| sp.value)
                .collect();
            for m in TITLE_YEAR.captures_iter(&s.text) {
                sentence_years.extend(m.get(1).and_then(|y| y.as_str().parse::<i64>().ok()));
            }
            if sentence_years.is_empty()
                && [
                    "golden age",
                    "old hollywood",
                    "classic hollywood",
                    "the late ",
                    " era",
                ]
                .iter()
                .any(|w| s.lower.contains(w))
            {
                sentence_years.push(self.max_year - 60);
            }
            for sp in s.spans.iter().filter(|sp| sp.kind == Kind::Title) {
                let after = &s.text[sp.end..];
                let year = after
                    .strip_prefix(" (")
                    .and_then(|a| a.get(..5))
                    .filter(|y| y.ends_with(')'))
                    .and_then(|y| y[..4].parse::<i64>().ok());
                if let Some(y) = year {
                    self.title_years.insert(sp.text(&s.text).to_string(), y);
                }
            }
            let people_here = s.spans.iter().filter(|sp| sp.kind == Kind::Person).count();
            // "lyricists Benj Pasek and Justin Paul": the role noun before a pair names both.
            let mut listed: Option<(usize, &'static str)> = None;
            // "starring Owen Wilson and Rachel McAdams": the cast word before a pair casts both.
            let mut cast_listed: Option<usize> = None;
            // Whether the name starting at `start` is the next of a pair or list ending at `end`.
            let joined =
                |end: usize, start: usize| [" and ", ", ", ", and "].contains(&&s.text[end..start]);
            for sp in s.spans.iter().filter(|sp| sp.kind == Kind::Person) {
                let Some(full) = self.full_name(sp.text(&s.text)) else {
                    continue;
                };
                let v = votes.entry(full.clone()).or_default();
                if let Some(f) = role_family(&sp.fine) {
                    *v.entry(f).or_default() += 3;
                }
                let before = s.lower[..sp.start].trim_end();
                let after = s.lower[sp.end..].trim_start();
                // "played 'Midge Daniels'": the quote is no word.
                let last_before = before
                    .trim_end_matches(['\'', '"', '‘', '“'])
                    .trim_end()
                    .rsplit(' ')
                    .next()
                    .unwrap_or("");
                let noun_role = role_family(last_before.trim_start_matches(['(', '"', '“']))
                    .or_else(|| {
                        listed
                            .filter(|(end, _)| joined(*end, sp.start))
                            .map(|(_, f)| f)
                    });
                listed = noun_role.map(|f| (sp.end, f));
                if let Some(f) = noun_role {
                    *v.entry(f).or_default() += 3;
                    *called
                        .entry(full.clone())
                        .or_default()
                        .entry(f)
                        .or_default() += 1;
                }
                // "as Mia", not "as a child" nor "known as Bird".
                // "Faye Dolan played by Liv Tyler": a part, not an actor.
                let played_by = ["played by ", "portrayed by ", "voiced by "]
                    .iter()
                    .any(|w| after.starts_with(w));
                let as_character = after.starts_with("as ")
                    && !before.ends_with("known")
                    && s.text[sp.end..]
                        .trim_start()
                        .get(3..)
                        .and_then(|t| t.chars().next())
                        .is_some_and(char::is_uppercase);
                if !played_by
                    && [
                        "plays ",
                        "played ",
                        "portrays ",
                        "portrayed ",
                        "stars ",
                        "starred ",
                    ]
                    .iter()
                    .any(|w| after.starts_with(w))
                    || as_character
                    || ["starring", "stars", "co-star", "co-stars", "cast"].contains(&last_before)
                    // "had to relinquish the role to Jack Haley"
                    || [
                        "role to",
                        "part to",
                        "role went to",
                        "recast with",
                        "played by",
                        "portrayed by",
                    ]
                        .iter()
                        .any(|w| before.ends_with(w))
                    // "Buddy Ebsen was cast as", "Emma Watson turned down the role of Mia",
                    // "was considered for the part": an actor, whether or not the part was played.
                    || [
                        "was cast ",
                        "was originally cast ",
                        "was first cast ",
                        "turned down the role",
                        "turned down the part",
                        "was set to star",
                        "auditioned for",
                        "was originally considered for the",
                        "was considered for the",
                    ]
                    .iter()
                    .any(|w| after.starts_with(w))
                    || self.characters.values().any(|a| *a == full)
                    || cast_listed.is_some_and(|end| joined(end, sp.start))
                    // "Sonoya Mizuno (Caitlin)", "was Ryan Gosling's co-star in"
                    || plays_in_brackets(&s.text[sp.end..])
                    || after.split(' ').take(4).any(|w| w.starts_with("co-star"))
                {
                    *v.entry("cast").or_default() += 2;
                    cast_listed = Some(sp.end);
                } else {
                    cast_listed = None;
                }
                if [
                    "plays",
                    "played",
                    "portrays",
                    "portrayed",
                    "as",
                    "character",
                    "role",
                ]
                .contains(&last_before)
                    || played_by
                    || self.characters.contains_key(&full)
                {
                    *v.entry("character").or_default() += 3;
                }
                // Role words just before the name, in its own clause: "an architectural team
                // headed by Peter Hall", "goaltender Jim Craig", "Premier Joseph Cahill".
                let window = near_before(&s.lower, sp.start);
                for (stem, family) in NEAR_ROLE_STEMS {
                    if window.contains(stem) {
                        *v.entry(family).or_default() += 2;
                        break;
                    }
                }
                // What someone did, right after the name or the list it ends: "Michael
                // Collins flew on Gemini 10", "Pete Conrad and Alan Bean walked on the Moon".
                let mut list_end = sp.end;
                for next in s.spans.iter().filter(|n| n.kind == Kind::Person) {
                    if next.start >= list_end && joined(list_end, next.start) {
                        list_end = next.end;
                    }
                }
                let after_list = s.lower[list_end..].trim_start();
                for (verb, family) in AFTER_ROLE_VERBS {
                    if after_list.starts_with(verb) {
                        *v.entry(family).or_default() += 2;
                        break;
                    }
                }
                // A weak vote: a jazz or band sentence about few people is about musicians.
                if people_here <= 4
                    && [
                        "jazz", "band", "saxophon", "trumpet", "album", "drummer", "bebop",
                    ]
                    .iter()
                    .any(|w| s.lower.contains(w))
                {
                    *v.entry("music").or_default() += 1;
                }
                if !sentence_years.is_empty() {
                    years
                        .entry(full)
                        .or_default()
                        .extend(sentence_years.iter().copied());
                }
            }
        }
        self.families = votes
            .into_iter()
            .map(|(name, v)| {
                let v = match called.get(&name) {
                    Some(c) => c.iter().map(|(f, n)| (*f, n * 3)).collect(),
                    None => v,
                };
                let role = v
                    .iter()
                    .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
                    .filter(|(_, n)| **n >= 2)
                    .map(|(f, _)| *f);
                let era = years.get(&name).map(|ys| {
                    let mut ys = ys.clone();
                    ys.sort_unstable();
                    ys[ys.len() / 2]
                });
                (name, Family { role, era })
            })
            .collect();
        if std::env::var_os("QN_DEBUG_FAMILIES").is_some() {
            let mut all: Vec<_> = self.families.iter().collect();
            all.sort_by(|a, b| a.0.cmp(b.0));
            for (n, f) in all {
                eprintln!("family {n}: {:?} {:?}", f.role, f.era);
            }
        }
    }

    fn learn_topic_era(&self) -> Option<i64> {
        let topic = self.topic.to_lowercase();
        if topic.is_empty() {
            return None;
        }
        let mut years: Vec<i64> = self
            .sentences
            .iter()
            .filter(|s| s.rewritten_from.is_none() && s.lower.contains(&topic))
            .flat_map(|s| s.spans.iter().filter(|sp| sp.kind == Kind::Year))
            .filter_map(|sp| sp.value)
            .collect();
        years.sort_unstable();
        years.get(years.len() / 2).copied()
    }

    fn find_typo_twins(&self) -> BTreeSet<(Kind, String, usize)> {
        let mut out = BTreeSet::new();
        let kinds: BTreeSet<Kind> = self.top_pools.keys().map(|(k, _)| *k).collect();
        for kind in kinds.into_iter().filter(|k| !k.is_numeric()) {
            let entries: Vec<&(String, usize)> = self
                .top_pools
                .iter()
                .filter(|((k, _), _)| *k == kind)
                .flat_map(|(_, v)| v)
                .collect();
            let mut counts: Vec<(&str, usize)> =
                entries.iter().map(|(n, m)| (n.as_str(), *m)).collect();
            counts.extend(
                entries
                    .iter()
                    .map(|(n, _)| (n.as_str(), self.mentions(kind, n, None))),
            );
            for (name, n) in &entries {
                let twin = counts.iter().any(|(other, m)| {
                    other != name && *m >= *n && super::distractors::one_letter_apart(name, other)
                });
                if twin {
                    out.insert((kind, name.clone(), *n));
                }
            }
        }
        out
    }

    /// The family of a person ("Gosling" and "Ryan Gosling" alike); none when unknown.
    pub fn family_of(&self, name: &str) -> Family {
        let full = self.full_name(name).unwrap_or_else(|| name.to_string());
        self.families.get(&full).cloned().unwrap_or_default()
    }

    /// The people a sentence names, in full.
    fn people_in<'a>(&'a self, s: &'a Sentence) -> impl Iterator<Item = String> + 'a {
        s.spans
            .iter()
            .filter(|sp| sp.kind == Kind::Person)
            .filter_map(|sp| self.full_name(sp.text(&s.text)))
    }

    /// A person whose sentences give no year takes the era of the people named beside them:
    /// "patronized by Humphrey Bogart and Clark Gable" puts Bogart in Gable's time, so he is
    /// no wrong answer among a 2016 film's cast (blind readers: "Bogart died in 1957").
    fn learn_eras_from_company(&mut self) {
        let mut company: HashMap<String, Vec<i64>> = HashMap::new();
        for s in &self.sentences {
            let people: Vec<String> = self.people_in(s).collect();
            for p in &people {
                if self.families.get(p).is_some_and(|f| f.era.is_some()) {
                    continue;
                }
                let eras = people
                    .iter()
                    .filter(|o| *o != p)
                    .filter_map(|o| self.families.get(o).and_then(|f| f.era));
                company.entry(p.clone()).or_default().extend(eras);
            }
        }
        for (person, mut eras) in company {
            if eras.is_empty() {
                continue;
            }
            eras.sort_unstable();
            let era = eras[eras.len() / 2];
            self.families.entry(person).or_default().era = Some(era);
        }
    }

    /// Which place lies in which: the known list, and "A, B" in the documents where both are
    /// places ("Hermosa Beach, California").
    fn learn_places(&mut self) {
        for (place, outer) in super::lexicon::WITHIN {
            self.within
                .entry(place.to_string())
                .or_default()
                .insert(outer.to_string());
        }
        for s in &self.sentences {
            for pair in s.spans.windows(2) {
                let (a, b) = (&pair[0], &pair[1]);
                if a.kind == Kind::Place
                    && b.kind == Kind::Place
                    && s.text.get(a.end..b.start) == Some(", ")
                {
                    let (inner, outer) = (a.text(&s.text), b.text(&s.text));
                    if inner != outer {
                        self.within
                            .entry(inner.to_string())
                            .or_default()
                            .insert(outer.to_string());
                    }
                }
            }
        }
    }

    /// Whether `inner` lies in `outer` (Burbank in Los Angeles, in California), a few steps up.
    pub fn lies_in(&self, inner: &str, outer: &str) -> bool {
        let mut level: Vec<&str> = vec![inner];
        for _ in 0..6 {
            let mut up = Vec::new();
            for p in &level {
                if let Some(outers) = self.within.get(*p) {
                    if outers.contains(outer) {
                        return true;
                    }
                    up.extend(outers.iter().map(String::as_str));
                }
            }
            if up.is_empty() {
                return false;
            }
            up.truncate(32);
            level = up;
        }
        false
    }

    /// Pronouns in a sentence that names one person (and at the start of the next one, when
    /// that names nobody) are taken to refer to that person; role words count too.
    fn learn_gender(&mut self) {
        let mut g: HashMap<String, (i32, i32)> = HashMap::new();
        let mut add = |name: String, score: i32| {
            let e = g.entry(name).or_default();
            if score > 0 {
                e.0 += score;
            } else {
                e.1 -= score;
            }
        };
        for id in 0..self.sentences.len() {
            let s = &self.sentences[id];
            let people: BTreeSet<String> = s
                .spans
                .iter()
                .filter(|sp| sp.kind == Kind::Person)
                .filter_map(|sp| self.full_name(sp.text(&s.text)))
                .collect();
            for sp in s.spans.iter().filter(|sp| sp.kind == Kind::Person) {
                let before = s.lower[..sp.start].trim_end();
                let sign = if [
                    "actress", "wife", "mother", "sister", "daughter", "queen", "mrs.", "miss",
                    "ms.",
                ]
                .iter()
                .any(|w| before.ends_with(w))
                {
                    -3
                } else if ["husband", "father", "brother", "son", "king", "mr.", "sir"]
                    .iter()
                    .any(|w| before.ends_with(w))
                {
                    3
                } else {
                    0
                };
                if let (Some(full), true) = (self.full_name(sp.text(&s.text)), sign != 0) {
                    add(full, sign);
                }
            }
            if people.len() != 1 {
                continue;
            }
            let name = people.into_iter().next().unwrap_or_default();
            let mut score = pronoun_score(&s.lower);
            if let Some(next) = self.sentences.get(id + 1) {
                if next.doc == s.doc && !next.spans.iter().any(|sp| sp.kind == Kind::Person) {
                    let head: String = next
                        .lower
                        .split_whitespace()
                        .take(4)
                        .collect::<Vec<_>>()
                        .join(" ");
                    score += pronoun_score(&head);
                }
            }
            if score != 0 {
                add(name, score.signum());
            }
        }
        self.gender = g;
    }

    fn kind_of(&self, text: &str) -> Option<Kind> {
        self.pools
            .iter()
            .find(|(_, m)| m.contains_key(text))
            .map(|((k, _), _)| *k)
    }

    /// Why a sentence cannot carry a question, if it cannot.
    fn unusable(&self, id: usize) -> Option<&'static str> {
        let s = &self.sentences[id];
        let text = s.text.as_str();
        let words: Vec<&str> = text.split_whitespace().collect();
        if words.len() < 6 {
            return Some("sentence too short (under 6 words)");
        }
        if words.len() > 45 {
            return Some("sentence too long (over 45 words)");
        }
        if !text.ends_with('.') || text.contains('?') || text.contains('!') || text.contains('[') {
            return Some("not a plain statement");
        }
        if words.iter().take(5).any(|w| w.ends_with(':')) {
            return Some("a label or a list");
        }
        if is_quotation(text) {
            return Some("quotation");
        }
        if super::questions::two_main_verbs(text) {
            return Some("a garbled source sentence (two main verbs)");
        }
        let lower: Vec<String> = words
            .iter()
            .map(|w| {
                w.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
                    .to_lowercase()
                    .replace('’', "'")
            })
            .collect();
        if lower.iter().any(|w| OPINION_WORDS.contains(&w.as_str())) {
            return Some("opinion or hedge");
        }
        let first = lower[0].as_str();
        let topical_this = this_is_the_work(text) && self.topic_kind == Some(Kind::Title);
        let named = matches!(first, "he" | "she" | "his" | "her") && self.antecedent[id].is_some();
        // "Both Emma Stone and Ryan Gosling were..." names its people; "There were over 100
        // cars..." is no pronoun at all.
        let second = lower.get(1).map_or("", |w| w.as_str());
        let names_its_own = first == "both"
            && words
                .get(1)
                .is_some_and(|w| w.starts_with(|c: char| c.is_uppercase()));
        let existential = first == "there" && ["was", "were", "is", "are"].contains(&second);
        if UNRESOLVED_STARTS.contains(&first)
            && !topical_this
            && !named
            && !names_its_own
            && !existential
            && !self.it_is_topic(id)
        {
            return Some("starts with an unresolved pronoun");
        }
        if s.spans.is_empty() {
            return Some("no answer span");
        }
        None
    }

    /// Whether an opening "It" is the topic: the sentence before, in the same document,
    /// opens with the topic ("The Sydney Opera House is... It was designed by...").
    pub fn it_is_topic(&self, id: usize) -> bool {
        let id = self.base(id);
        let s = &self.sentences[id];
        if self.topic.is_empty()
            || self.topic_kind == Some(Kind::Person)
            || !(s.text.starts_with("It ") || s.text.starts_with("Its "))
            || id == 0
        {
            return false;
        }
        let prev = &self.sentences[id - 1];
        let topic = self.topic.to_lowercase();
        prev.doc == s.doc
            && (prev.lower.starts_with(&topic) || prev.lower.starts_with(&format!("the {topic}")))
    }

    /// The document's own sentence behind a sentence id (itself, or the sentence a
    /// statement was rewritten from).
    pub fn base(&self, id: usize) -> usize {
        self.sentences[id].rewritten_from.unwrap_or(id)
    }

    /// The text of the document's own sentence behind an id: what a question cites.
    pub fn source_text(&self, id: usize) -> &str {
        &self.sentences[self.base(id)].text
    }

    /// The topic as a sentence writes it at its start ("The Sydney Opera House", "Venice").
    pub fn topic_as_subject(&self) -> String {
        if self.topic_article {
            format!("The {}", self.topic)
        } else {
            self.topic.clone()
        }
    }

    /// How many sentences mention this span (familiarity).
    pub fn mentions(&self, kind: Kind, text: &str, value: Option<i64>) -> usize {
        self.index
            .get(&key(kind, text, value))
            .map_or(0, |v| v.len())
    }
}

static TITLE_YEAR: std::sync::LazyLock<regex::Regex> =
    std::sync::LazyLock::new(|| regex::Regex::new(r"\p{L}\)? \((1[89]\d\d|20[0-4]\d)\)").unwrap());

/// The family a role word belongs to: people of one family are fair wrong answers for each other.
pub fn role_family(role: &str) -> Option<&'static str> {
    Some(match role {
        "actor" | "actress" | "star" | "co-star" => "cast",
        "director" | "composer" | "choreographer" | "producer" | "designer" | "lyricist"
        | "lyricists" | "cinematographer" | "editor" | "writer" | "screenwriter" | "filmmaker" => {
            "crew"
        }
        "singer" | "pianist" | "musician" | "guitarist" | "drummer" | "saxophonist"
        | "trumpeter" | "bassist" | "songwriter" | "vocalist" => "music",
        "physicist" | "chemist" | "scientist" | "mathematician" | "biologist" | "astronomer"
        | "geologist" | "naturalist" | "botanist" | "zoologist" | "engineer" | "inventor" => {
            "science"
        }
        "coach" | "manager" | "captain" | "player" | "striker" | "goalkeeper" | "goaltender"
        | "forward" | "midfielder" | "defender" | "defenseman" => "sport",
        "mayor" | "president" | "king" | "queen" | "emperor" | "chancellor" | "minister"
        | "leader" | "general" => "power",
        "author" | "poet" | "novelist" | "critic" | "painter" | "artist" | "architect" => "arts",
        _ => return None,
    })
}

/// Word stems that say a role when they come just before a name, with its family.
const NEAR_ROLE_STEMS: &[(&str, &str)] = &[
    ("architect", "arts"),
    ("painter", "arts"),
    ("sculpt", "arts"),
    ("novelist", "arts"),
    ("poet", "arts"),
    ("naturalist", "science"),
    ("geologist", "science"),
    ("botanist", "science"),
    ("professor of", "science"),
    ("invented", "science"),
    ("built by", "arts"),
    ("designed by", "arts"),
    ("astronaut", "space"),
    ("cosmonaut", "space"),
    ("pilot", "space"),
    ("commander", "space"),
    ("goaltender", "sport"),
    ("goalie", "sport"),
    ("captain", "sport"),
    ("coach", "sport"),
    ("premier", "power"),
    ("prime minister", "power"),
    ("governor", "power"),
    ("president", "power"),
    ("directed by", "crew"),
    ("producer", "crew"),
    ("guitarist", "music"),
    ("singer", "music"),
    ("frontman", "music"),
    ("drummer", "music"),
];

/// Verbs right after a name that say what the person is, with its family.
const AFTER_ROLE_VERBS: &[(&str, &str)] = &[
    ("flew on ", "space"),
    ("flew the ", "space"),
    ("commanded ", "space"),
    ("walked on the moon", "space"),
    ("invented ", "science"),
    ("discovered ", "science"),
    ("directed ", "crew"),
    ("composed ", "music"),
    ("scored ", "sport"),
];

/// The lowercase text of the few words before a byte offset, within its clause (up to the
/// last comma, semicolon or full stop), so a role word elsewhere in the sentence is not read.
fn near_before(lower: &str, at: usize) -> &str {
    let before = &lower[..at.min(lower.len())];
    let clause_start = before.rfind([',', ';', '.', '(']).map_or(0, |p| p + 1);
    let mut start = clause_start;
    // At most six words back.
    for (n, (p, _)) in before[clause_start..].rmatch_indices(' ').enumerate() {
        if n == 6 {
            start = clause_start + p;
            break;
        }
    }
    &before[start..]
}

/// Male minus female pronouns in lowercase text.
pub fn pronoun_score(lower: &str) -> i32 {
    let mut n = 0;
    for w in lower.split(|c: char| !c.is_alphabetic()) {
        match w {
            "he" | "him" | "his" | "himself" => n += 1,
            "she" | "her" | "hers" | "herself" => n -= 1,
            _ => {}
        }
    }
    n
}

/// Groups of generic nouns that can stand for a document's subject.
const TOPIC_NOUNS: &[&[&str]] = &[
    &["film", "movie", "picture", "musical", "project"],
    &["song", "single", "track"],
    &["album", "record"],
    &["building", "structure", "house", "tower"],
    &["show", "series", "sitcom"],
    &["city", "town"],
    &["game", "match"],
    &["band", "group"],
    &["team", "club"],
];

/// The group of generic nouns the documents use most with "the" or "this": the one that
/// names their subject ("the song" in an article about a song).
fn topic_nouns(docs: &[Document]) -> Vec<&'static str> {
    let mut best = (0usize, Vec::new());
    for group in TOPIC_NOUNS {
        let mut n = 0;
        for d in docs {
            let lower = d.text.to_lowercase();
            for noun in group.iter() {
                for det in ["the", "this"] {
                    let pat = format!("{det} {noun}");
                    n += lower
                        .match_indices(&pat)
                        .filter(|(p, _)| {
                            !lower[p + pat.len()..].starts_with(|c: char| c.is_alphanumeric())
                        })
                        .count();
                }
            }
        }
        if n > best.0 {
            best = (n, group.to_vec());
        }
    }
    if best.0 >= 2 {
        best.1
    } else {
        Vec::new()
    }
}

/// A quotation: a spoken line in quotes, or a verb of saying.
pub fn is_quotation(text: &str) -> bool {
    let lower = text.to_lowercase();
    if lower
        .split(|c: char| !c.is_alphabetic())
        .any(|w| SAY_WORDS.contains(&w))
    {
        return true;
    }
    // A quoted run of seven words or more, or one with a verb-like lowercase start, is speech.
    let mut inside = false;
    let mut run = String::new();
    for c in text.chars() {
        match c {
            '"' | '“' | '”' => {
                if inside {
                    let n = run.split_whitespace().count();
                    if n >= 7 || (n >= 3 && run.starts_with(|c: char| c.is_lowercase())) {
                        return true;
                    }
                    run.clear();
                }
                inside = c == '“' || (c == '"' && !inside);
            }
            c if inside => run.push(c),
            _ => {}
        }
    }
    false
}

/// Nouns that make "the film"/"the musical" a modifier of something else ("the musical adaption").
const NOUN_AFTER_WORK: &[&str] = &[
    "adaption",
    "adaptation",
    "version",
    "versions",
    "industry",
    "history",
    "festival",
    "rights",
    "studio",
    "studios",
    "series",
    "remake",
    "genre",
    "critic",
    "critics",
    "buff",
    "buffs",
];

/// Replaces vague subjects ("the film", "This is") by the topic so a stem stands alone.
pub fn resolve(stem: &str, topic: &str, topic_kind: Option<Kind>) -> String {
    resolve_with(stem, topic, topic_kind, &[])
}

/// [`resolve`], also replacing the documents' own generic nouns for their subject.
/// Nouns that a work's generic name can stand before as a modifier ("the series narrative").
const COMPOUND_HEADS: &[&str] = &[
    "narrative",
    "story",
    "plot",
    "theme",
    "title",
    "creators",
    "producers",
    "finale",
    "premiere",
    "soundtrack",
    "score",
    "success",
    "popularity",
    "budget",
    "writers",
    "characters",
    "setting",
];

/// Nouns for a contest that stay beside the event's name: "the Miracle on Ice game".
const EVENT_NOUNS: &[&str] = &["game", "match", "final", "race", "bout"];

pub fn resolve_with(stem: &str, topic: &str, topic_kind: Option<Kind>, extra: &[&str]) -> String {
    let mut out = stem.to_string();
    // "The composer of this film ... also did the score for La La Land": a sentence that
    // names the topic itself means another work by "this film" (left vague, so not asked).
    let names_topic = !topic.is_empty() && super::questions::contains_word(stem, topic);
    let base: &[&str] = match topic_kind {
        Some(Kind::Title) if extra.is_empty() => &["film", "movie", "musical", "picture"],
        Some(Kind::Place) => &["city", "town"],
        Some(Kind::Org) => &["club", "team", "company"],
        _ => &[],
    };
    let mut nouns: Vec<&str> = base.to_vec();
    nouns.extend(extra.iter().filter(|n| !base.contains(n)));
    if names_topic {
        nouns.clear();
    }
    for noun in &nouns {
        for det in ["the", "this", "The", "This"] {
            let pat = format!("{det} {noun}");
            let mut from = 0;
            while let Some(p) = out[from..].find(&pat).map(|p| p + from) {
                let after = &out[p + pat.len()..];
                let boundary_before = p == 0 || !out[..p].ends_with(|c: char| c.is_alphanumeric());
                let next = after.chars().next();
                let followed_ok = match next {
                    None => true,
                    // "the game-winning goal" is not about the topic.
                    Some(c) if c.is_alphanumeric() || c == '-' => false,
                    Some(',') => {
                        p <= 3
                            || !after[1..]
                                .trim_start()
                                .starts_with(|c: char| c.is_uppercase())
                    }
                    Some(' ') => {
                        !after[1..].starts_with(|c: char| c.is_uppercase() || c == '"' || c == '“')
                            // "was the movie that made a star out of James Dean": another film
                            && !["that ", "which ", "who "].iter().any(|r| after[1..].starts_with(r))
                            // "the musical adaption of Beauty and the Beast": the noun is a modifier
                            && !NOUN_AFTER_WORK
                                .iter()
                                .any(|n| after[1..].split([' ', ',', '.']).next() == Some(*n))
                    }
                    _ => true,
                };
                if boundary_before && followed_ok {
                    // "The series narrative" -> "Friends' narrative", not "Friends narrative".
                    let head = after
                        .trim_start()
                        .split([' ', ',', '.'])
                        .next()
                        .unwrap_or("");
                    let by = if after.starts_with(' ') && COMPOUND_HEADS.contains(&head) {
                        if topic.ends_with('s') {
                            format!("{topic}'")
                        } else {
                            format!("{topic}'s")
                        }
                    } else if EVENT_NOUNS.contains(noun) && !topic.to_lowercase().contains(noun) {
                        // "finished the game" -> "finished the Miracle on Ice game", not
                        // "finished Miracle on Ice" (blind readers: garbled).
                        let the = if det.starts_with('T') { "The" } else { "the" };
                        format!("{the} {topic} {noun}")
                    } else {
                        topic.to_string()
                    };
                    out.replace_range(p..p + pat.len(), &by);
                    from = p + by.len();
                } else {
                    from = p + pat.len();
                }
            }
        }
    }
    if topic_kind == Some(Kind::Title) || extra.contains(&"film") {
        // Trivia lines often drop their subject: "Shares the record for ...".
        for verb in [
            "Was ",
            "Is ",
            "Shares ",
            "Included ",
            "Won ",
            "Received ",
            "Became ",
        ] {
            if out.starts_with(verb) {
                out = format!("{topic} {}{}", verb[..1].to_lowercase(), &out[1..]);
            }
        }
        for start in ["This is ", "This was "] {
            if let Some(rest) = out.strip_prefix(start).filter(|_| this_is_the_work(stem)) {
                out = format!("{topic} {}{rest}", &start[5..]);
            }
        }
    }
    out
}

/// "This is the third movie ..." is about the work itself; "This is the only scene ..." is not.
fn this_is_the_work(text: &str) -> bool {
    let lower = text.to_lowercase();
    let rest = lower
        .strip_prefix("this is the ")
        .or_else(|| lower.strip_prefix("this was the "));
    rest.is_some_and(|r| {
        r.split(|c: char| !c.is_alphabetic())
            .take(3)
            .any(|w| ["movie", "film", "musical", "picture"].contains(&w))
    })
}

fn progress_bar(show: bool, len: u64) -> indicatif::ProgressBar {
    if !show {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(len);
    if let Ok(style) =
        indicatif::ProgressStyle::with_template("reading {bar:40} {bytes}/{total_bytes} {eta}")
    {
        bar.set_style(style);
    }
    bar
}

/// Whether a name is followed by a character's name in brackets: "Sonoya Mizuno (Caitlin)".
fn plays_in_brackets(after: &str) -> bool {
    let Some(inner) = after.strip_prefix(" (").and_then(|a| a.split_once(')')) else {
        return false;
    };
    let words: Vec<&str> = inner.0.split(' ').collect();
    words.len() <= 2
        && words.iter().all(|w| {
            w.starts_with(|c: char| c.is_uppercase()) && w.chars().all(|c| c.is_alphabetic())
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_person_without_years_takes_the_era_of_the_company() {
        let doc = Document::from_named(
            "cafe.txt",
            "Clark Gable starred in a film released in 1950.\n\
             Clark Gable won an award in 1952.\n\
             The cafe was patronized by Humphrey Bogart and Clark Gable.\n",
        );
        let c = Corpus::build(&[doc], &Options::default(), &mut Report::default());
        let gable = c.family_of("Clark Gable").era.expect("Gable's era");
        assert_eq!(c.family_of("Humphrey Bogart").era, Some(gable));
    }

    #[test]
    fn a_name_played_by_an_actor_is_a_part() {
        // Blind readers at 3131: "Faye Dolan", Liv Tyler's part in That Thing You Do!, was a
        // wrong answer in every question about an actress.
        let doc = Document::from_named(
            "guy.txt",
            "In That Thing You Do! (1996) his character Guy married Faye Dolan played by Liv Tyler.\n\
             Liv Tyler starred in a film in 1999.\n",
        );
        let c = Corpus::build(&[doc], &Options::default(), &mut Report::default());
        assert_eq!(c.family_of("Faye Dolan").role, Some("character"));
        assert_eq!(c.family_of("Liv Tyler").role, Some("cast"));
    }

    #[test]
    fn places_lie_in_the_places_around_them() {
        let doc = Document::from_named(
            "pier.txt",
            "The jazz club stands by the pier in Hermosa Beach, California, since 1949.\n",
        );
        let c = Corpus::build(&[doc], &Options::default(), &mut Report::default());
        // Learned from the document, and from the list (Burbank, Los Angeles, California).
        assert!(c.lies_in("Hermosa Beach", "California"));
        assert!(c.lies_in("Burbank", "Los Angeles"));
        assert!(c.lies_in("Hollywood", "California"));
        assert!(c.lies_in("Hollywood", "United States"));
        assert!(!c.lies_in("California", "Burbank"));
        assert!(!c.lies_in("Boston", "California"));
    }

    #[test]
    fn a_character_in_brackets_marks_an_actor() {
        assert!(plays_in_brackets(" (Caitlin) also worked on Maniac."));
        assert!(!plays_in_brackets(" (2018) also worked on Maniac."));
        assert!(!plays_in_brackets(" (the director of the film) said."));
    }

    #[test]
    fn vague_subjects_become_the_topic() {
        let t = Some(Kind::Title);
        assert_eq!(
            resolve(
                "In the film, Ryan Gosling plays a pianist.",
                "La La Land",
                t
            ),
            "In La La Land, Ryan Gosling plays a pianist."
        );
        assert_eq!(
            resolve("The film's score was recorded.", "La La Land", t),
            "La La Land's score was recorded."
        );
        assert_eq!(
            resolve("She starred in the film Birdman.", "La La Land", t),
            "She starred in the film Birdman."
        );
        assert_eq!(
            resolve("This is the third movie.", "La La Land", t),
            "La La Land is the third movie."
        );
        // "the movie that ..." is some other film, named by the relative clause.
        assert_eq!(
            resolve(
                "Rebel was released in 1955 and was the movie that made a star out of James Dean.",
                "La La Land",
                t
            ),
            "Rebel was released in 1955 and was the movie that made a star out of James Dean."
        );
        assert_eq!(
            resolve(
                "She dropped out for the musical adaption of Beauty and the Beast.",
                "La La Land",
                t
            ),
            "She dropped out for the musical adaption of Beauty and the Beast."
        );
        // A sentence that names the topic means another work by "this film".
        let other =
            "The composer of this film was Justin Hurwitz who also did the score for La La Land.";
        assert_eq!(resolve(other, "La La Land", t), other);
        // A game keeps its noun beside the event's name.
        assert_eq!(
            resolve_with(
                "Jim Craig finished the game with 36 saves.",
                "Miracle on Ice",
                None,
                &["game"]
            ),
            "Jim Craig finished the Miracle on Ice game with 36 saves."
        );
    }

    #[test]
    fn quotations_are_spotted() {
        assert!(is_quotation("Chazelle says the musical is great."));
        assert!(is_quotation("Justin Paul explains that, \"In New York, you gring and grind to pursue your dreams.\""));
        assert!(!is_quotation(
            "Emma Stone performed \"Audition (The Fools Who Dream)\" live."
        ));
    }
}
