//! Automatic checks of a generated question, used by the summary and by the tests so
//! "N% pass" is measured by code: the answer is in its source sentence, no distractor
//! is, the stem does not give the answer away, and every choice has the answer's type.

use super::questions::contains_word;
use super::Document;
use crate::pack::model::{Pack, Question};
use std::collections::{BTreeMap, HashMap, HashSet};

/// What the checks need besides the question: the cleaned documents by name, and how
/// the documents spell their words (to tell a typo from a common word).
#[derive(Debug, Clone, Default)]
pub struct Context {
    pub docs: BTreeMap<String, String>,
    /// Word -> how often it occurs, case kept.
    words: HashMap<String, usize>,
    /// Adjacent word pairs, case kept ("Ryan Gosling").
    pairs: HashSet<(String, String)>,
    /// How often each choice is mentioned, counted once per name: scanning every document
    /// for every question made the give-away shares quadratic in the input.
    mentions: std::sync::Arc<std::sync::Mutex<HashMap<String, usize>>>,
}

impl Context {
    /// Indexes the documents by name.
    pub fn new(docs: &[Document]) -> Self {
        let mut ctx = Context {
            docs: docs
                .iter()
                .map(|d| (d.name.clone(), d.text.clone()))
                .collect(),
            ..Context::default()
        };
        for d in docs {
            let mut prev: Option<&str> = None;
            for w in d
                .text
                .split(|c: char| !c.is_alphanumeric() && c != '-' && c != '.')
            {
                let w = w.trim_matches('.');
                if w.is_empty() {
                    continue;
                }
                *ctx.words.entry(w.to_string()).or_default() += 1;
                if let Some(p) = prev {
                    ctx.pairs.insert((p.to_string(), w.to_string()));
                }
                prev = Some(w);
            }
        }
        ctx
    }

    fn count(&self, word: &str) -> usize {
        self.words.get(word).copied().unwrap_or(0)
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
    /// A pronoun or "this scene" with nothing in the stem it can refer to.
    UnresolvedReference(String),
    /// The stem reads badly: a fragment, a dangling last word, a repeated noun,
    /// an unbalanced quote, a name used as an adjective.
    Awkward(&'static str),
    /// A source typo carried into the stem ("ryan Gosling", "Decmber").
    Typo(String),
    /// The question asks for one kind of answer and gets another ("When...?" / a name).
    WrongAnswerKind,
}

impl Problem {
    /// A short reason, for the generator's summary of what it refused.
    pub fn reason(&self) -> &'static str {
        match self {
            Problem::UnresolvedReference(_) => "stem has a pronoun with nothing to refer to",
            Problem::Awkward(why) => why,
            Problem::Typo(_) => "stem carries a source typo",
            Problem::WrongAnswerKind => "answer is not what the question asks for",
            Problem::TypesDisagree(_) => "a choice has another type than the answer",
            _ => "fails an automatic check",
        }
    }
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
    out.extend(stem_problems(&q.text, ctx));
    if tf {
        if !q.text.starts_with("True or false: ") {
            out.push(Problem::Unclear);
        }
        return out;
    }
    if !answer_fits_question(&q.text, answer) {
        out.push(Problem::WrongAnswerKind);
    }
    if !(is_wh_question(&q.text) || q.text.matches("___").count() == 1) {
        out.push(Problem::Unclear);
    }
    // A person is shown in full where the sentence has the surname only.
    let last = answer.rsplit(' ').next().unwrap_or(answer);
    let in_source = contains_word(&src.sentence, answer)
        || shape(answer) == Shape::Name && contains_word(&src.sentence, last);
    if !in_source {
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
        // An award category ("Best Actress") against whole awards ("Golden Globe").
        let category_mix = answer.starts_with("Best ") != c.starts_with("Best ");
        let words_differ =
            (c.split_whitespace().count() as i64 - answer.split_whitespace().count() as i64).abs()
                > 3;
        if s != answer_shape || words_differ || category_mix {
            out.push(Problem::TypesDisagree(c.clone()));
        }
    }
    out
}

const PRONOUNS: &[&str] = &[
    "he", "she", "it", "they", "him", "them", "his", "its", "their", "herself", "himself",
];
/// Nouns that "this"/"that" point back with ("this scene", "that film").
const POINTING_NOUNS: &[&str] = &[
    "scene",
    "film",
    "movie",
    "song",
    "sequence",
    "building",
    "place",
    "year",
    "time",
    "project",
    "role",
    "character",
    "shot",
    "moment",
    "number",
    "track",
    "album",
    "day",
    "series",
    "show",
    "period",
    "mission",
    "bridge",
    "city",
    "team",
    "season",
    "game",
    "work",
    "one",
];
const PREPOSITIONS: &[&str] = &[
    "in", "at", "on", "for", "from", "by", "into", "of", "to", "with", "about", "as", "like",
    "than", "during", "after", "before", "since", "until", "through", "over", "under",
];
const AUXILIARIES: &[&str] = &[
    "is", "are", "was", "were", "has", "have", "had", "can", "could", "will", "would", "did",
    "does", "do",
];
/// Words that may sit between a name and its verb without making the name an adjective.
const FUNCTION_WORDS: &[&str] = &[
    "and", "or", "nor", "of", "in", "at", "on", "with", "to", "for", "by", "from", "as", "also",
    "then", "who", "which", "that", "had", "has", "was", "were", "is", "are", "not", "never",
    "later", "first", "once", "still", "only", "just", "soon", "both", "himself", "herself",
];

fn bare(word: &str) -> &str {
    word.trim_matches(|c: char| !c.is_alphanumeric() && c != '_' && c != '\'' && c != '’')
}

/// Problems of the wording alone, shared by every form (the generator uses it to refuse them).
pub fn stem_problems(text: &str, ctx: &Context) -> Vec<Problem> {
    let mut out = Vec::new();
    let body = text.strip_prefix("True or false: ").unwrap_or(text);
    if let Some(p) = unresolved_reference(body) {
        out.push(Problem::UnresolvedReference(p));
    }
    if let Some(why) = awkward(body) {
        out.push(Problem::Awkward(why));
    }
    if let Some(t) = typo(body, ctx) {
        out.push(Problem::Typo(t));
    }
    out
}

/// A pronoun with nothing before it to refer to ("In La La Land, he marries...",
/// "Built in 1928, it housed...", "Who trained both of them?"), or "this scene".
pub fn unresolved_reference(text: &str) -> Option<String> {
    let words: Vec<&str> = text.split_whitespace().collect();
    // Whether some earlier clause (not a mere opening phrase) names someone or asks for them.
    let mut antecedent = false;
    let mut clause_start = 0;
    let mut clause_is_intro = false;
    for (i, raw) in words.iter().enumerate() {
        let w = bare(raw);
        let lower = w.to_lowercase();
        if i == clause_start {
            clause_is_intro = PREPOSITIONS.contains(&lower.as_str())
                || w.ends_with("ly")
                || w.ends_with("ed")
                || ["Built", "Shot", "Made", "Born", "Today", "Coincidentally"].contains(&w);
        }
        let pos = i - clause_start;
        let is_pronoun = PRONOUNS.contains(&lower.as_str()) && !w.contains('\'');
        // "them" wants more than one: a plural noun, an "and", or names before it.
        let plural = ["they", "them", "their"].contains(&lower.as_str());
        let plural_before = words[..i].iter().enumerate().any(|(j, x)| {
            let b = bare(x);
            j > 0 && b.starts_with(|c: char| c.is_uppercase())
                || b == "and"
                || b.len() > 3 && b.ends_with('s') && !b.ends_with("ss")
        });
        if is_pronoun
            && (!antecedent
                || plural && !plural_before
                || pos <= 1 && no_real_antecedent(&words[..clause_start]))
        {
            return Some(w.to_string());
        }
        // "filmed there", "a bungalow there": a place named in an earlier sentence.
        // ("There was...", "there are..." only say that something exists.)
        if lower == "there" {
            let next = words.get(i + 1).map(|n| bare(n).to_lowercase());
            let existential = next.as_deref().is_some_and(|n| {
                AUXILIARIES.contains(&n) || ["remains", "remain", "stands", "lived"].contains(&n)
            });
            if !existential {
                return Some(w.to_string());
            }
        }
        if ["this", "these", "those", "that"].contains(&lower.as_str()) {
            if let Some(next) = words.get(i + 1).map(|n| bare(n).to_lowercase()) {
                if POINTING_NOUNS.contains(&next.as_str())
                    && !raw.starts_with(['"', '“'])
                    && !(lower == "that" && next == "one")
                {
                    return Some(format!("{w} {next}"));
                }
            }
        }
        let names = w.starts_with(|c: char| c.is_uppercase())
            && !(i == clause_start && super::lexicon::NOT_NAME_START.contains(&w))
            && !(clause_is_intro && i == clause_start);
        if w.contains("___")
            || ["who", "whom", "which", "what", "whose"].contains(&lower.as_str())
            || names
        {
            antecedent = true;
        }
        if raw.ends_with([',', ';', ':']) {
            clause_start = i + 1;
        }
    }
    None
}

/// For a pronoun opening a clause: true when every earlier clause was only an opening
/// phrase ("In La La Land, he ...").
fn no_real_antecedent(before: &[&str]) -> bool {
    let first = before
        .first()
        .map(|w| bare(w).to_lowercase())
        .unwrap_or_default();
    let clauses = before
        .iter()
        .filter(|w| w.ends_with([',', ';', ':']))
        .count();
    // "In La La Land," is only a name in a phrase; "After the auditions Emma Stone attends," is a clause.
    let plain_words = before
        .iter()
        .skip(1)
        .filter(|w| bare(w).starts_with(|c: char| c.is_lowercase()))
        .count();
    clauses == 1 && PREPOSITIONS.contains(&first.as_str()) && plain_words == 0
}

/// Wording that reads badly even when the facts are right.
pub fn awkward(text: &str) -> Option<&'static str> {
    if let Some(why) = half_a_sentence(text) {
        return Some(why);
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    let last = words
        .last()
        .map(|w| bare(w).to_lowercase())
        .unwrap_or_default();
    if (PREPOSITIONS.contains(&last.as_str())
        || ["and", "or", "the", "a", "an", "entitled", "called", "named"].contains(&last.as_str()))
        && !text.ends_with("\".")
    {
        return Some("ends on a dangling word");
    }
    // "signed by the and by President Nixon": a determiner with no noun.
    if words.windows(2).any(|w| {
        ["the", "a", "an"].contains(&bare(w[0]))
            && !w[0].ends_with([',', ';', ':'])
            && ["and", "or", "by", "of", "in", "to", "the", "a"].contains(&bare(w[1]))
    }) {
        return Some("a determiner without its noun");
    }
    // "Check out an interview above...": a web page talking to its reader, not a fact.
    let first_word = words.first().map(|w| bare(w)).unwrap_or("");
    if [
        "Check", "Watch", "See", "Click", "Read", "Listen", "Look", "Visit",
    ]
    .contains(&first_word)
    {
        return Some("an instruction to the reader");
    }
    if text.matches('"').count() % 2 == 1 || text.matches('“').count() != text.matches('”').count()
    {
        return Some("unbalanced quotes");
    }
    // "at age what age", "Which city as a city": the asked noun is already there.
    for (i, w) in words.iter().enumerate() {
        let lower = bare(w).to_lowercase();
        if ["what", "which"].contains(&lower.as_str()) {
            if let Some(noun) = words.get(i + 1).map(|n| bare(n).to_lowercase()) {
                let near = words[i.saturating_sub(3)..(i + 5).min(words.len())]
                    .iter()
                    .enumerate()
                    .any(|(j, x)| {
                        j + i.saturating_sub(3) != i + 1 && bare(x).to_lowercase() == noun
                    });
                if near && noun.len() > 2 {
                    return Some("the asked noun is repeated");
                }
            }
        }
    }
    if let Some(p) = text.find("___") {
        if modifier_use(&text[p + 3..]) {
            return Some("a name used as an adjective");
        }
    }
    // "Shot in 70 locations." / "The Roxy Theater in West Hollywood which is where ...": no main verb.
    let first = words.first().map(|w| bare(w)).unwrap_or("");
    let participle_start = (first.ends_with("ed")
        || super::lexicon::IRREGULAR_PARTICIPLES
            .iter()
            .any(|(p, _)| p.eq_ignore_ascii_case(first)))
        && words
            .get(1)
            .is_some_and(|w| PREPOSITIONS.contains(&bare(w)))
        && !text.contains(',');
    // "___ winning the trophy.": a name and a gerund, no clause.
    let gerund_after_name = words
        .iter()
        .position(|w| bare(w).starts_with(|c: char| c.is_lowercase()))
        .is_some_and(|i| {
            i > 0
                && bare(words[i]).ends_with("ing")
                && !super::lexicon::NOT_NAME_START.contains(&bare(words[0]))
                && !words[..i].iter().any(|w| w.ends_with(','))
        });
    if participle_start || gerund_after_name || !has_main_verb(text) {
        return Some("a fragment without a main verb");
    }
    None
}

/// Whether a statement has a main verb: some verb-like word at all, and one before a
/// "which" that follows its subject ("The Roxy Theater in West Hollywood which is where...").
/// Subordinate openings: what follows needs a main clause after a comma.
const SUBORDINATORS: &[&str] = &[
    "although",
    "though",
    "while",
    "whereas",
    "because",
    "if",
    "unless",
    "until",
    "once",
    "right before",
    "right after",
    "just before",
    "just after",
    "shortly after",
    "shortly before",
    "when",
];

/// A clause cut from its sentence: "Although production was able to film the ___.",
/// "Right before the interchange opened in which year?", "..., Cinderella?", or a statement
/// with no finite verb at all ("During the first ___ seconds of La La Land.").
fn half_a_sentence(text: &str) -> Option<&'static str> {
    // "In La La Land, when Mia gives..." is judged after its opening.
    let body = match text.split_once(", ") {
        Some((head, rest)) if head.starts_with("In ") && head.split(' ').count() <= 6 => rest,
        _ => text,
    };
    let lower = body.to_lowercase();
    let question_when = lower.starts_with("when ") && body.ends_with('?') && {
        let second = lower.split(' ').nth(1).unwrap_or("");
        [
            "did", "was", "were", "is", "does", "do", "had", "has", "will", "could",
        ]
        .contains(&second)
    };
    if !question_when
        && SUBORDINATORS
            .iter()
            .any(|s| lower.starts_with(&format!("{s} ")))
        && !body.contains(", ")
    {
        return Some("a clause without its main clause");
    }
    // "...for two other films in 2015, Cinderella?": a name left after a cut.
    if let Some((_, tail)) = body.rsplit_once(", ") {
        let tail = tail.trim_end_matches(['?', '.']);
        let words: Vec<&str> = tail.split(' ').collect();
        if !tail.is_empty()
            && words.len() <= 3
            && words.iter().all(|w| w.starts_with(char::is_uppercase))
            && (body.ends_with('?') || words.len() == 1)
        {
            return Some("a name left hanging at the end");
        }
    }
    // A question needs its verb too: "How many days before the Olympics?" asks nothing.
    if !statement_has_verb(body)
        && (body.ends_with('.') || lower.starts_with("how many ") || lower.starts_with("how much "))
    {
        return Some("a fragment without a main verb");
    }
    None
}

/// A stricter verb test for statements: an auxiliary, a past tense, a known irregular
/// past, or a present "-s" right after a name, a pronoun or the blank ("Stone plays").
fn statement_has_verb(text: &str) -> bool {
    const AUX: &[&str] = &[
        "is", "are", "was", "were", "has", "had", "have", "can", "could", "will", "would", "did",
        "does", "do", "may", "might", "must", "should", "shall", "became", "began", "won", "made",
        "took", "gave", "wrote", "sang", "saw", "met", "left", "led", "went", "came", "got",
        "found", "built", "held", "told", "sold", "paid", "spent", "ran", "grew", "knew", "drew",
        "chose", "wore", "fell", "stood", "brought", "bought", "taught", "thought", "felt", "kept",
        "lost", "meant", "put", "set", "shot", "hit", "cut", "read", "let", "include", "remain",
        "feature", "contain", "appear", "become", "follow", "live",
    ];
    let words: Vec<&str> = text.split_whitespace().collect();
    words.iter().enumerate().any(|(i, w)| {
        let b = bare(w).to_lowercase();
        if AUX.contains(&b.as_str()) || b.len() > 4 && b.ends_with("ed") {
            return true;
        }
        let prev = i.checked_sub(1).map(|j| words[j]).unwrap_or("");
        b.len() > 3
            && b.ends_with('s')
            && !b.ends_with("ss")
            && !b.ends_with("'s")
            && (prev.starts_with(char::is_uppercase) && !prev.ends_with(',')
                || prev.contains("___")
                    && !i.checked_sub(2).is_some_and(|j| {
                        // "the first ___ seconds": the blank is a number before its noun.
                        [
                            "the", "a", "first", "last", "only", "over", "about", "of", "in", "for",
                        ]
                        .contains(&bare(words[j]))
                    })
                || ["he", "she", "it", "who", "which", "that"].contains(&bare(prev)))
    })
}

fn has_main_verb(text: &str) -> bool {
    if text.ends_with('?') {
        return true; // a question got its verb from the pattern that built it
    }
    let body = text.strip_prefix("True or false: ").unwrap_or(text);
    let any_verb = |part: &str| {
        let words: Vec<&str> = part.split_whitespace().collect();
        words
            .iter()
            .enumerate()
            .any(|(i, w)| verb_like(w, i.checked_sub(1).map(|j| words[j])))
    };
    match body.find(" which ") {
        Some(p) => any_verb(&body[..p]),
        None => any_verb(body),
    }
}

fn verb_like(word: &str, before: Option<&str>) -> bool {
    let b = bare(word);
    if !b.starts_with(|c: char| c.is_lowercase()) {
        return false;
    }
    let lower = b.to_lowercase();
    // "Mia and Sebastian appear": a plain word right after a name is its verb.
    let after_name = before.is_some_and(|x| {
        (x.starts_with(|c: char| c.is_uppercase()) || x == "___")
            && !x.ends_with([',', ')', ';', ':'])
    }) && !FUNCTION_WORDS.contains(&lower.as_str())
        && !PREPOSITIONS.contains(&lower.as_str())
        && !lower.ends_with("ing");
    after_name
        || AUXILIARIES.contains(&lower.as_str())
        || lower.ends_with("ed")
        || lower.ends_with('s') && !lower.ends_with("ss") && lower.len() > 3
        || super::lexicon::IRREGULAR_PARTICIPLES
            .iter()
            .any(|(p, past)| *p == lower || *past == lower)
        || [
            "won", "made", "took", "spent", "began", "became", "wrote", "sang", "met", "got",
            "went", "came", "grew", "saw", "gave", "led", "ran", "held", "built", "set", "put",
            "left", "lost", "fell", "flew", "stood", "sold", "told", "can", "may", "might", "must",
            "should", "do",
        ]
        .contains(&lower.as_str())
}

/// Whether the text right after a name shows the name is a modifier: "Foucault pendulums are",
/// "a Mark IV Zeiss projector installed", "The Billy Eckstine band."
pub fn modifier_use(after: &str) -> bool {
    let mut it = after.split_whitespace();
    if after.starts_with([',', '.', ';', ':', '\'', '’', ')', '?']) {
        return false;
    }
    let Some(noun) = it.next() else {
        return false;
    };
    let b = bare(noun);
    if !b.starts_with(|c: char| c.is_lowercase())
        || FUNCTION_WORDS.contains(&b)
        || b.ends_with("ed")
        || b.ends_with("ing")
        || AUXILIARIES.contains(&b)
    {
        return false;
    }
    match it.next().map(bare) {
        None => noun.ends_with('.'),
        Some(next) => {
            !noun.ends_with([',', ';', ':'])
                && (AUXILIARIES.contains(&next) || next.ends_with("ed") && next != "need")
        }
    }
}

/// "ryan Gosling" when the documents spell "Ryan Gosling"; "Decmber" for December.
pub fn typo(text: &str, ctx: &Context) -> Option<String> {
    let words: Vec<&str> = text.split_whitespace().collect();
    for (i, raw) in words.iter().enumerate() {
        let w = bare(raw);
        if w.len() >= 5
            && w.starts_with(|c: char| c.is_uppercase())
            && !super::lexicon::MONTHS.contains(&w)
            && super::lexicon::MONTHS
                .iter()
                .any(|m| m.len() >= 5 && one_edit_apart(w, m))
        {
            return Some(w.to_string());
        }
        if let Some(fixed) = rare_misspelling(w, ctx) {
            return Some(format!("{w} ({fixed})"));
        }
        let Some(next) = words.get(i + 1).map(|n| bare(n)) else {
            continue;
        };
        if w.len() >= 3
            && w.chars().all(|c| c.is_ascii_lowercase())
            && next.starts_with(|c: char| c.is_uppercase())
            && !raw.ends_with([',', '.', ';', ':'])
        {
            let cap = super::questions::capitalize(w);
            // A common word ("the Rialto", "director Chazelle") is lowercase more often than not.
            if ctx.pairs.contains(&(cap.clone(), next.to_string()))
                && ctx.count(w) * 2 < ctx.count(&cap)
            {
                return Some(format!("{w} {next}"));
            }
        }
    }
    None
}

/// "principlal", "Acadamy" or "Chazell": a word the documents use once, one letter from a
/// word they use often, with the same first letter. Real words one letter apart ("daring" and
/// "during", "Davis" and "David", "Stoner" and "Stone") are spared: a lowercase word only
/// counts with a letter added or dropped inside it, a name not with its last letter changed
/// nor, when short, with one added or dropped at its end.
fn rare_misspelling(w: &str, ctx: &Context) -> Option<String> {
    let chars: Vec<char> = w.chars().collect();
    let n = chars.len();
    if n < 5 || ctx.count(w) > 1 || !chars.iter().all(|c| c.is_alphabetic()) {
        return None;
    }
    let name = chars[0].is_uppercase();
    let mut near: Vec<String> = Vec::new();
    for i in 1..=n {
        // A letter added before position i or dropped at it: inside a lowercase word; in a
        // name anywhere but at the end of a short one.
        let add_or_drop = if name {
            i + 1 < n || n >= 7
        } else {
            i + 2 <= n
        };
        // A letter changed at position i: in a name, never its last.
        let change = name && i + 1 < n;
        if add_or_drop && i < n {
            near.push(chars[..i].iter().chain(&chars[i + 1..]).collect());
        }
        for l in 'a'..='z' {
            if add_or_drop {
                near.push(chars[..i].iter().chain([&l]).chain(&chars[i..]).collect());
            }
            if change {
                near.push(
                    chars[..i]
                        .iter()
                        .chain([&l])
                        .chain(&chars[i + 1..])
                        .collect(),
                );
            }
        }
    }
    let often = if name { 3 } else { 5 };
    near.into_iter().find(|o| o != w && ctx.count(o) >= often)
}

/// One deletion, insertion or substitution (or none) turns `a` into `b`.
pub fn one_edit_apart(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let (short, long) = if a.len() <= b.len() {
        (&a, &b)
    } else {
        (&b, &a)
    };
    if long.len() - short.len() > 1 {
        return false;
    }
    let mut i = 0;
    while i < short.len() && short[i] == long[i] {
        i += 1;
    }
    if short.len() == long.len() {
        i == short.len() || short[i + 1..] == long[i + 1..]
    } else {
        short[i..] == long[i + 1..]
    }
}

/// "When" and "what year" questions need a date or a year for an answer.
pub fn answer_fits_question(text: &str, answer: &str) -> bool {
    let lower = text.to_lowercase();
    let s = shape(answer);
    if lower.contains("what year") || lower.contains("which year") {
        return s == Shape::Year;
    }
    let other_wh = ["who", "whom", "which", "what", "where", "how"]
        .iter()
        .any(|w| contains_word(&lower, w));
    if lower.starts_with("when ") && !other_wh && !text.contains("___") {
        return matches!(s, Shape::Year | Shape::Date);
    }
    if lower.contains("how many") || lower.contains("how much") {
        return matches!(s, Shape::Number | Shape::Money | Shape::Year);
    }
    true
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

/// Share of four-choice name questions whose answer is strictly the most-mentioned choice
/// in the documents: what a player who always picks the famous name would score (chance: 25%).
pub fn most_familiar_share(pack: &Pack, ctx: &Context) -> f64 {
    let (mut n, mut top) = (0usize, 0usize);
    for (_, q) in pack.all_questions() {
        if let Some(most) = answer_is_most_mentioned(q, ctx) {
            n += 1;
            top += usize::from(most);
        }
    }
    if n == 0 {
        0.0
    } else {
        top as f64 / n as f64
    }
}

/// For a four-choice name question: whether its answer is strictly the choice the documents
/// mention most (None for other questions).
pub fn answer_is_most_mentioned(q: &Question, ctx: &Context) -> Option<bool> {
    let mentions = |name: &str| -> usize {
        if let Some(&n) = ctx
            .mentions
            .lock()
            .ok()
            .and_then(|m| m.get(name).copied())
            .as_ref()
        {
            return n;
        }
        let n = count_mentions(ctx, name);
        if let Ok(mut m) = ctx.mentions.lock() {
            m.insert(name.to_string(), n);
        }
        n
    };
    let (Some(a), 4) = (q.answer, q.choices.len()) else {
        return None;
    };
    if q.choices.iter().any(|c| shape(c) != Shape::Name) {
        return None;
    }
    let counts: Vec<usize> = q.choices.iter().map(|c| mentions(c)).collect();
    Some(
        counts
            .iter()
            .enumerate()
            .all(|(i, &m)| i == a || m < counts[a]),
    )
}

/// Whole-word occurrences of a name in every document.
fn count_mentions(ctx: &Context, name: &str) -> usize {
    // memchr's SIMD search: this reads every document once per name.
    let finder = memchr::memmem::Finder::new(name.as_bytes());
    ctx.docs
        .values()
        .map(|d| {
            finder
                .find_iter(d.as_bytes())
                .filter(|&p| super::questions::whole_word_at(d, p, name.len()))
                .count()
        })
        .sum()
}

/// For a four-choice question: whether its answer is strictly the longest choice.
pub fn answer_is_longest(q: &Question) -> Option<bool> {
    let (Some(a), 4) = (q.answer, q.choices.len()) else {
        return None;
    };
    let len = q.choices[a].chars().count();
    Some(
        q.choices
            .iter()
            .enumerate()
            .all(|(i, c)| i == a || c.chars().count() < len),
    )
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

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx(text: &str) -> Context {
        Context::new(&[Document::from_named("a.txt", text)])
    }

    #[test]
    fn half_sentences_are_refused() {
        for bad in [
            "Although production was able to film the ___ interior exhibits.",
            "Right before the freeway interchange opened to the public in which year?",
            "In La La Land, when Mia gives Sebastian a tour of the ___ back lot.",
            "Sandy Powell was nominated for how many other films in 2015, Cinderella?",
            "In Miracle on Ice, how many days before the Olympics?",
            "During the first ___ seconds of La La Land.",
        ] {
            assert!(half_a_sentence(bad).is_some(), "{bad}");
        }
        for good in [
            "When did the Berlin Wall fall?",
            "Although it rained, ___ played the whole match.",
            "Venice was founded in the ___ century by immigrants.",
            "Ryan Gosling's girlfriend, ___, is a Spanish speaker.",
            "Friends placed ___ in the Nielsen ratings.",
        ] {
            assert_eq!(half_a_sentence(good), None, "{good}");
        }
    }

    #[test]
    fn pronouns_need_something_to_refer_to() {
        for bad in [
            "In La La Land, he marries Mia Dolan played by whom?",
            "Built in 1928, it housed Hollywood luminaries such as whom?",
            "Coincidentally, in his role in ___ (2012) his character has a face tattoo.",
            "Who trained both of them herself prior to filming?",
            "The Wascos worked with which concept artist to help design the look for this scene?",
            "Initially they found two financial backers for a budget of how much?",
            "The cast and crew filmed there for four days in the summer of ___.",
        ] {
            assert!(unresolved_reference(bad).is_some(), "{bad}");
        }
        for good in [
            "Stone moved to Hollywood from which state at age 15 with her mother?",
            "Who has loved musicals ever since she saw Les Miserables?",
            "After one of the auditions Emma Stone attends, she mentions which film?",
            "For Sebastian, who wanted the elegant for his costumes?",
            "Emma Stone and ___ have both had roles in a Spider-Man film.",
            "There were ___ dancers on the freeway.",
        ] {
            assert_eq!(unresolved_reference(good), None, "{good}");
        }
    }

    #[test]
    fn awkward_wording_is_caught() {
        assert!(awkward("Who coordinated with David Wasco to create a world in?").is_some());
        assert!(awkward("Stone moved to Hollywood from Arizona at age what age?").is_some());
        assert!(awkward("Which city as a city has many nicknames?").is_some());
        assert!(awkward("Check out an interview above with Chazelle, Stone, and ___.").is_some());
        assert!(
            awkward("How many astronauts was the plaque signed by the and by Nixon?").is_some()
        );
        assert!(
            awkward("\" According to Chazelle, the coupling of Stone and ___ was alchemical.")
                .is_some()
        );
        assert!(awkward("Today, ___ pendulums are popular displays in science museums.").is_some());
        assert!(awkward(
            "The ___ in West Hollywood which is where Paul Reubens introduced Pee-Wee."
        )
        .is_some());
        assert!(awkward("Shot in how many different locations in Los Angeles?").is_some());
        assert!(awkward("___ winning the Best Supporting Actor trophy in 2015.").is_some());
        for good in [
            "Who doubled Emma Stone's aerial dancing?",
            "Stone and ___ walk by Stage 16 on the lot which is where Dunkirk was filmed.",
            "The Birdland club in New York was named in honor of whom?",
            "Neither ___ nor Stone were professionally trained dancers.",
        ] {
            assert_eq!(awkward(good), None, "{good}");
        }
    }

    #[test]
    fn rare_misspellings_of_common_words_are_caught() {
        let c = ctx(
            "Chazelle wrote it. Chazelle shot it. Chazelle cut it. Chazell edited the principal \
             part. The principal photography began, and the principal cast, and the principal \
             dancers danced, and the principal actors. The dancer left.",
        );
        assert!(typo("Chazell and Tom Cross edited it.", &c).is_some());
        assert!(typo("The principlal photography began in which year?", &c).is_some());
        assert!(typo("Which dancer left?", &c).is_none());
        let c = ctx(
            "David ran. David sang. David won. During it. During that. During this. \
                     During them. During all. Stone fell. Stone rose. Stone won.",
        );
        assert!(typo("Miles Davis was daring, in the Stoner years.", &c).is_none());
        assert!(typo("Chazelle cut it.", &c).is_none());
    }

    #[test]
    fn source_typos_are_caught() {
        let c =
            ctx("Ryan Gosling plays. Ryan Gosling sings. The Rialto is the theatre of the city.");
        assert_eq!(
            typo("Who whistled as ryan Gosling is unable to?", &c),
            Some("ryan Gosling".into())
        );
        assert_eq!(
            typo("It opened on Decmber 9, 2016.", &c),
            Some("Decmber".into())
        );
        assert_eq!(
            typo("Since what year has the Rialto been closed?", &c),
            None
        );
        assert_eq!(typo("It opened on December 9, 2016.", &c), None);
        assert!(one_edit_apart("Decmber", "December") && !one_edit_apart("Dec", "December"));
    }

    #[test]
    fn answers_fit_the_question_and_categories_stay_apart() {
        assert!(!answer_fits_question(
            "When was the bridge opened?",
            "Joseph Strauss"
        ));
        assert!(answer_fits_question(
            "When was the bridge opened?",
            "May 27, 1937"
        ));
        assert!(!answer_fits_question(
            "In what year was it built?",
            "Boston"
        ));
        let q = Question {
            text: "Emma Stone won the Academy Award for which category?".into(),
            choices: vec![
                "Best Actress".into(),
                "Emmy".into(),
                "Golden Globe".into(),
                "Best Actor".into(),
            ],
            answer: Some(0),
            source: Some(crate::pack::model::Source {
                document: "a.txt".into(),
                sentence: "Emma Stone won the Academy Award for Best Actress.".into(),
            }),
            ..Question::default()
        };
        let c = ctx("Emma Stone won the Academy Award for Best Actress.");
        let problems = check_question(&q, &c);
        assert!(
            problems.contains(&Problem::TypesDisagree("Emmy".into())),
            "{problems:?}"
        );
        assert!(!problems.contains(&Problem::TypesDisagree("Best Actor".into())));
    }
}
