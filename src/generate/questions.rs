//! Turning a fact (a sentence and one answer span) into a stem: a real wh-question when
//! a pattern is sure, otherwise a fill-in-the-blank.

use super::facts::{resolve_with, Corpus};
use super::lexicon::{IRREGULAR_PARTICIPLES, MONTHS, NOT_NAME_START, ROLES};
use super::spans::{Kind, Span};
use super::Report;

/// How a stem is phrased.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Form {
    /// "Who doubled Emma Stone's aerial dancing?"
    Fronted,
    /// "La La Land broke the record with how many wins?"
    InSitu,
    /// "Emma Stone's aerial dancing was doubled by ___."
    Blank,
    /// "True or false: ..."
    TrueFalse,
}

/// A question before its distractors are chosen.
#[derive(Debug, Clone)]
pub struct Candidate {
    pub sentence: usize,
    pub span: Span,
    pub stem: String,
    pub form: Form,
    /// The correct choice as shown.
    pub answer: String,
    pub score: f64,
    /// A number that is not a headline fact ([`super::rank::headline_number`]): asked only
    /// to fill a full evening from long documents.
    pub filler: bool,
}

impl Candidate {
    /// The answer span's kind.
    pub fn kind(&self) -> Kind {
        self.span.kind
    }
}

const LEAD_INS: &[&str] = &[
    "Only", "Over", "About", "Nearly", "Around", "Some", "Exactly", "Almost",
];
const CLAUSE_BREAKS: &[&str] = &[
    ",",
    ";",
    ":",
    " (",
    " -",
    " –",
    " —",
    " because ",
    " due to ",
    " which ",
    " who ",
    " while ",
    " where ",
    " when ",
    " but ",
    " although ",
    " though ",
    " so that ",
    " as well as ",
    " whose ",
];

/// Builds every candidate of every usable sentence.
pub fn build_all(c: &Corpus, report: &mut Report) -> Vec<Candidate> {
    let mut out = Vec::new();
    for &id in &c.facts {
        let s = &c.sentences[id];
        for span in &s.spans {
            match build(c, id, span) {
                Ok(cand) => out.push(cand),
                Err(why) => report.drop_traced(why, &s.text),
            }
        }
    }
    out
}

/// Phrases one candidate, or says why not.
pub fn build(c: &Corpus, id: usize, span: &Span) -> Result<Candidate, &'static str> {
    let s = c.sentences[id].text.as_str();
    let answer_text = match span.kind {
        Kind::Count | Kind::Duration => &s[span.start..span.number_end],
        _ => span.text(s),
    };
    if answer_text.eq_ignore_ascii_case(&c.topic)
        || c.topic.contains(answer_text) && span.kind == Kind::Title
    {
        return Err("answer is the topic itself");
    }
    // "It was designed by..." right after a sentence that opens with the topic: the topic.
    let named_it;
    let (s, span) = if c.it_is_topic(id) {
        let (word, by) = if s.starts_with("Its ") {
            ("Its", format!("{}'s", c.topic_as_subject()))
        } else {
            ("It", c.topic_as_subject())
        };
        let shift = by.len() as isize - word.len() as isize;
        named_it = format!("{by}{}", &s[word.len()..]);
        let moved = |b: usize| (b as isize + shift) as usize;
        let mut sp = span.clone();
        sp.start = moved(sp.start);
        sp.end = moved(sp.end);
        sp.number_end = moved(sp.number_end);
        (named_it.as_str(), std::borrow::Cow::Owned(sp))
    } else {
        (s, std::borrow::Cow::Borrowed(span))
    };
    let span: &Span = &span;
    let (stem, form) = if let Some(q) = subject_question(s, span) {
        (q, Form::Fronted)
    } else if let Some(q) = passive_agent_question(s, span) {
        (q, Form::Fronted)
    } else if let Some(q) = fronted_question(s, span) {
        (q, Form::Fronted)
    } else if let Some(q) = in_situ_question(s, span) {
        (q, Form::InSitu)
    } else {
        (blank(s, span), Form::Blank)
    };
    // "Chazelle made this film as his Harvard senior thesis" right after a sentence on his
    // first film means that film, not the topic (blind readers at 3232: "false").
    // The sentences before are read only for a stem that says "this film".
    let before = THIS_FILM
        .iter()
        .any(|p| stem.contains(p))
        .then(|| film_named_before(c, id))
        .flatten();
    let stem = match before {
        Some(title) if title.is_empty() => return Err("\"this film\" is another film"),
        Some(title) => name_the_film(&stem, &title),
        None => stem,
    };
    let mut stem = tidy(&resolve_with(&stem, &c.topic, c.topic_kind, &c.topic_nouns));
    // "He studied medicine..." after a sentence about Darwin: the question names him.
    if let Some(name) = &c.antecedent[id] {
        stem = name_the_pronoun(&stem, name);
    }
    if form != Form::Blank && (stem.split_whitespace().count() < 5 || !says_something(&stem)) {
        return Err("question too short to stand alone");
    }
    // "which venue" only when the documents name enough venues of that kind to choose from.
    if matches!(span.kind, Kind::Venue | Kind::Org) {
        let noun = if span.kind == Kind::Venue {
            venue_noun(&span.fine)
        } else {
            org_noun(&span.fine)
        };
        let same = c
            .top_pools
            .get(&(span.kind, span.fine.clone()))
            .map_or(0, |v| v.len());
        let phrase = format!("which {noun}");
        if same < 4 && stem.to_lowercase().contains(&phrase) {
            let generic = if span.kind == Kind::Venue {
                "which place"
            } else {
                "which organisation"
            };
            stem = stem.replacen(&phrase, generic, 1).replacen(
                &capitalize(&phrase),
                &capitalize(generic),
                1,
            );
        }
    }
    // "Which cinematographer...?" with one cinematographer in the documents: every other
    // choice would plainly not be one. Asked as "who" (or "whom") instead, against people
    // of the same family (crew for crew).
    if span.kind == Kind::Person && !["actor", "actress", "star"].contains(&span.fine.as_str()) {
        let same = c
            .top_pools
            .get(&(Kind::Person, span.fine.clone()))
            .map_or(0, |v| v.len());
        let phrase = format!("which {}", span.fine);
        if same < 4 {
            if let Some(p) = stem.to_lowercase().find(&phrase) {
                let front = p == 0 || stem[..p].ends_with(", ");
                let by = match (front, p == 0) {
                    (true, true) => "Who",
                    (true, false) => "who",
                    _ => "whom",
                };
                let after = &stem[p + phrase.len()..];
                // "which director of photography" is a longer role: left as it is.
                if after.starts_with([' ', '?', ',']) {
                    stem = format!("{}{by}{after}", &stem[..p]);
                }
            }
        }
    }
    if span.kind == Kind::Date {
        return Err("an exact date (not worth asking)");
    }
    // "a 12-inch Mark IV Zeiss telescope": a numeral inside a name makes it a model, no person.
    // The full name counts: "Zeiss" is shown as "Mark IV Zeiss".
    if span.kind == Kind::Person
        && c.full_name(answer_text)
            .as_deref()
            .unwrap_or(answer_text)
            .split(' ')
            .any(|w| ["II", "III", "IV", "VI"].contains(&w))
    {
        return Err("a model number read as a name");
    }
    if part_read_as_a_person(s, span) {
        return Err("a part read as a person");
    }
    // "prior to Pasek and Paul's creation of the lyrics": one of a pair's possessive reads
    // as "Benj Pasek and ___'s creation" (blind readers: garbled).
    let possessive = |t: &str| t.starts_with("'s") || t.starts_with("’s");
    // "___ and Justin Paul's creation" is the pair's other half.
    let before_a_possessive_name = s[span.end..].strip_prefix(" and ").is_some_and(|t| {
        let name_end = t
            .find(['\'', '’'])
            .filter(|&e| t[..e].split(' ').all(|w| w.starts_with(char::is_uppercase)));
        name_end.is_some_and(|e| e > 0 && possessive(&t[e..]))
    });
    if span.kind == Kind::Person
        && (s[..span.start].ends_with(" and ") && possessive(&s[span.end..])
            || before_a_possessive_name)
    {
        return Err("one of a pair's possessive");
    }
    // "Washington, D.C." is the city, not the state of that name.
    if span.kind == Kind::Place && s[span.end..].starts_with(", D.C") {
        return Err("a city read as the state of its name");
    }
    // "a famous celebrity of 2016", "the class of 2010": a year that only qualifies a noun.
    if span.kind == Kind::Year && s[..span.start].ends_with(" of ") {
        return Err("a year that only qualifies a noun");
    }
    if form == Form::Blank && !blank_reads_well(s, span) {
        return Err("a blank inside a name or an aside");
    }
    let mut stem = shorten(&stem, s);
    if [", he ", ", she ", ", it ", ", they "]
        .iter()
        .any(|p| stem.contains(p))
    {
        return Err("a comma splice");
    }
    // "Marius credits not only ___ for ...": the "but also" half was cut away.
    if stem.contains("not only ") && !stem.contains(" but ") {
        return Err("a clause without its main clause");
    }
    // "...is ___, or in short form: LA.": a colon outside quotes opens a label or a list.
    if outside_quotes(&stem).contains(": ") {
        return Err("a label or a list");
    }
    // A question read out to a room is short; a blank only where the sentence stands alone.
    let words = stem.split_whitespace().count();
    if words > 25
        || stem.matches(',').count() > 2
        || form == Form::Blank && (words > 20 || span.start == 0)
    {
        super::debug_drop("too long to read out, as phrased", &stem);
        return Err("too long to read out");
    }
    if let Some(why) = vague_reference(&stem) {
        super::debug_drop("leans on an unnamed thing, as phrased", &stem);
        return Err(why);
    }
    if leans_on_a_picture(&stem) {
        return Err("leans on a picture (\"in the background\")");
    }
    if span.kind == Kind::Person && c.full_name(answer_text).is_none() {
        return Err("a bare surname with no full name in the documents");
    }
    stem = explain_characters(c, &stem, answer_text);
    stem = part_of_topic(c, &stem);
    stem = full_names(c, &stem, answer_text);
    stem = full_venue_names(c, &stem, answer_text);
    let filler = span.kind.is_numeric()
        && !super::rank::headline_number(
            &stem,
            span.kind,
            &c.topic,
            |st| names_a_person_or_work(c, st),
            |st| names_a_place_of_the_topic(c, id, st),
        );
    // "In 1955 it was purchased by ___": checked before the topic opening gives "it" a
    // false antecedent.
    if let Some(p) = super::quality::unresolved_reference(&stem) {
        return Err(super::quality::Problem::UnresolvedReference(p).reason());
    }
    // A detail number is about a side place or a side fact: "In La La Land, in what year
    // was the mural painted?" frames a real mural as the film's. It is not anchored.
    // A filler about the filming itself ("the exterior used for Mia's parents' house")
    // still says which film.
    if !filler || about_the_filming(&stem) {
        let anchored = anchor(c, id, &stem, span.kind, answer_text);
        // "In La La Land, who was handed the wrong envelope?" frames the awards night as
        // the film's story: a ceremony fact that needs the topic's frame is not asked.
        if anchored != stem && at_a_ceremony(&c.sentences[id].lower) {
            return Err("a ceremony fact framed as the topic's story");
        }
        stem = anchored;
    }
    if !names_something(&stem, answer_text) {
        return Err("stem names no subject");
    }
    if stem.len() > 230 {
        return Err("stem too long");
    }
    let stem = repair_typos(&stem, &c.check);
    // What the automatic checks would flag (a dangling pronoun, a fragment...) is never asked.
    if let Some(p) = super::quality::stem_problems(&stem, &c.check).first() {
        return Err(p.reason());
    }
    if !super::quality::answer_fits_question(&stem, answer_text) {
        return Err("answer is not what the question asks for");
    }
    if contains_word(&stem, answer_text)
        || super::quality::distinctive_words(answer_text)
            .iter()
            .any(|w| contains_word(&stem, w) && !first_name_of_another(&stem, w, answer_text))
    {
        return Err("stem gives the answer away");
    }
    if span.kind == Kind::Place && names_its_people(&stem, answer_text) {
        return Err("stem gives the answer away");
    }
    Ok(Candidate {
        sentence: id,
        span: span.clone(),
        stem,
        form,
        answer: answer_text.to_string(),
        score: 0.0,
        filler,
    })
}

/// The wh-phrase for a span in subject or object position.
fn wh_phrase(s: &str, span: &Span, role: Option<&str>) -> Option<String> {
    Some(match span.kind {
        Kind::Person => match role {
            Some(r) => format!("which {r}"),
            None => "who".into(),
        },
        Kind::Count => format!("how many {}", s[span.number_end..span.end].trim()),
        Kind::Duration => format!("how many {}", s[span.number_end..span.end].trim()),
        Kind::Title => match span.fine.as_str() {
            "film" => "which film".into(),
            "song" => "which song".into(),
            _ => return None,
        },
        Kind::Venue => format!("which {}", venue_noun(&span.fine)),
        Kind::Place => format!("which {}", place_noun(&span.fine)),
        Kind::Org => format!("which {}", org_noun(&span.fine)),
        Kind::Award => match span.fine.as_str() {
            "category" => "which category".into(),
            _ => "which award".into(),
        },
        Kind::Money => "how much".into(),
        Kind::Age => "what age".into(),
        Kind::Year => "which year".into(),
        Kind::Date | Kind::Ordinal => return None,
    })
}

fn venue_noun(fine: &str) -> &str {
    match fine {
        "apartments" => "apartment building",
        "arms" | "house" | "inn" => "building",
        "mart" | "pupuseria" | "grill" | "café" | "cafe" => "eatery",
        "interchange" => "interchange",
        f => f,
    }
}

fn place_noun(fine: &str) -> &str {
    match fine {
        "city" | "state" | "country" | "region" | "district" | "street" | "beach" | "river"
        | "island" | "lake" => fine,
        "avenue" | "boulevard" | "road" => "street",
        _ => "place",
    }
}

fn org_noun(fine: &str) -> &str {
    match fine {
        "university" | "college" | "school" | "festival" | "orchestra" | "party" | "academy"
        | "league" | "union" | "magazine" | "conservatory" => fine,
        "times" | "post" | "tribune" | "journal" | "press" => "newspaper",
        "fc" => "club",
        _ => "company",
    }
}

/// "Emilie Livingston doubled X." -> "Who doubled X?"; "Only 30 dancers were used" -> "How many dancers were used?"
fn subject_question(s: &str, span: &Span) -> Option<String> {
    if let Some(q) = pair_question(s, span).or_else(|| whose_question(s, span)) {
        return Some(q);
    }
    let pre = s[..span.start].trim();
    let mut role = None;
    let intro = pre.ends_with(',')
        && pre.matches(',').count() == 1
        && pre.split(' ').count() <= 8
        && !pre.contains('"')
        && !pre.contains('“');
    let lead_ok = if pre.is_empty() || LEAD_INS.contains(&pre) || intro {
        true
    } else {
        let lower = pre.to_lowercase();
        let last = lower.rsplit(' ').next().unwrap_or("");
        let role_ok =
            span.kind == Kind::Person && ROLES.contains(&last) && pre.split(' ').count() <= 2;
        if role_ok {
            role = Some(
                match last {
                    "actress" | "actor" | "co-star" | "star" => "actor",
                    "lyricists" => "lyricist",
                    r => r,
                }
                .to_string(),
            );
        }
        role_ok
    };
    if !lead_ok {
        return None;
    }
    let post = skip_appositive(&s[span.end..], pre.is_empty());
    let verb = post.strip_prefix(' ')?.split(' ').next()?;
    if verb.ends_with("ing") || intro && !finite_verb(verb) {
        return None; // "Simmons winning the award" is no clause
    }
    // "Who was dropped from the project?" asks what happened; "Who was a pianist?" and
    // "Who is considered a master?" do not (many were, and it is an opinion): a person's
    // "was" needs a passive or "able" after it, and "is" is never asked this way.
    let be = ["is", "was"].contains(&verb);
    let be_ok = be && {
        let mut after = post[verb.len() + 1..].split_whitespace();
        let next = after.next().unwrap_or("");
        let then = after.next().unwrap_or("");
        // "is the first director to win...": a record says what happened, "is" or "was".
        let record = next == "the" && RECORD_WORDS.contains(&then);
        (verb == "was" && (next.ends_with("ed") || ["able", "originally"].contains(&next))
            || record)
            && post.split_whitespace().count() >= 6
    };
    if !verb.starts_with(|c: char| c.is_lowercase())
        || [
            "and", "or", "&", "of", "in", "at", "with", "to", "for", "on",
        ]
        .contains(&verb)
            && span.kind == Kind::Person
        || be && !be_ok && span.kind == Kind::Person
    {
        return None;
    }
    if ["and", "or", "&", "of"].contains(&verb) {
        return None;
    }
    let wh = wh_phrase(s, span, role.as_deref())?;
    if matches!(span.kind, Kind::Year | Kind::Money | Kind::Age) {
        return None;
    }
    let rest = cut_clause(post.trim_end_matches('.'));
    if intro {
        return Some(format!("{pre} {wh}{rest}?"));
    }
    Some(format!("{}{}?", capitalize(&wh), rest))
}

/// Words after "the" that make a record of a person's "is": "is the first director to win".
const RECORD_WORDS: &[&str] = &["first", "only", "last", "youngest", "oldest", "second"];

/// "Damien Chazelle and ___ came up with the idea..." -> "With Damien Chazelle, who came up
/// with the idea...?": the partner named at the front, so the pair is no blank in a list.
fn pair_question(s: &str, span: &Span) -> Option<String> {
    if span.kind != Kind::Person {
        return None;
    }
    let pre = s[..span.start].trim_end();
    let post = &s[span.end..];
    let (partner, rest) = if let Some(front) = pre.strip_suffix(" and") {
        (front, post.strip_prefix(' ')?)
    } else if pre.is_empty() {
        let after = post.strip_prefix(" and ")?;
        let n = after
            .split(' ')
            .take_while(|w| w.starts_with(|c: char| c.is_uppercase()) && !w.ends_with(','))
            .count();
        let name_len: usize = after.split(' ').take(n).map(|w| w.len() + 1).sum();
        (after.get(..name_len)?.trim_end(), after.get(name_len..)?)
    } else {
        return None;
    };
    let name_words: Vec<&str> = partner.split(' ').collect();
    if !(2..=4).contains(&name_words.len())
        || !name_words.iter().all(|w| {
            w.starts_with(|c: char| c.is_uppercase())
                && !w.ends_with(',')
                && !NOT_NAME_START.contains(w)
        })
    {
        return None;
    }
    let mut words = rest.split(' ');
    let verb = words.next()?;
    // One person does what the pair did: "were" -> "was"; a past verb stays as it is.
    let single = match verb {
        "were" => "was",
        "have" => "has",
        "are" => "is",
        v if v.ends_with("ed") || finite_verb(v) || PAST_VERBS.contains(&v) => v,
        _ => return None,
    };
    let tail: Vec<&str> = words.filter(|w| *w != "both").collect();
    let rest = cut_clause(format!(" {single} {}", tail.join(" ")).trim_end_matches('.'));
    if rest.split_whitespace().count() < 4 {
        return None;
    }
    Some(format!("With {partner}, who{rest}?"))
}

/// "___'s aerial dancing was doubled by Emilie Livingston." -> "Whose aerial dancing was
/// doubled by Emilie Livingston?"
fn whose_question(s: &str, span: &Span) -> Option<String> {
    if span.kind != Kind::Person || span.start != 0 {
        return None;
    }
    let rest = s[span.end..]
        .strip_prefix("'s ")
        .or_else(|| s[span.end..].strip_prefix("’s "))?;
    // The thing owned is short and a finite verb follows it: "aerial dancing was doubled".
    let words: Vec<&str> = rest.split(' ').collect();
    let verb_at = words.iter().take(5).position(|w| finite_verb(w))?;
    if verb_at == 0 || words.len() < 6 || words[..verb_at].iter().any(|w| w.ends_with(',')) {
        return None;
    }
    let rest = cut_clause(rest.trim_end_matches('.'));
    Some(format!("Whose {rest}?"))
}

/// ", the song's composer, was in another room": the words after a sentence-opening
/// subject, without the appositive that names what the answer is (a give-away and a detour).
fn skip_appositive(post: &str, opens_sentence: bool) -> &str {
    let Some(rest) = post.strip_prefix(", ").filter(|_| opens_sentence) else {
        return post;
    };
    // The closing comma is often missing: ", star of Whiplash was originally considered".
    let (end, after) = match rest.find(", ") {
        Some(p) => (p, &rest[p + 1..]),
        None => match rest.find(" was ").filter(|&p| !rest[..p].contains(',')) {
            Some(p) => (p, &rest[p..]),
            None => return post,
        },
    };
    let aside = &rest[..end];
    let verb = after.split_whitespace().next().unwrap_or("");
    if aside.split_whitespace().count() > 8
        || aside.contains(['"', '“', '(', ';'])
        || !verb.starts_with(|c: char| c.is_lowercase())
        || !finite_verb(verb)
    {
        return post;
    }
    after
}

/// "X was doubled by Emilie Livingston." -> "Who doubled X?"
fn passive_agent_question(s: &str, span: &Span) -> Option<String> {
    if span.kind != Kind::Person && span.kind != Kind::Org {
        return None;
    }
    let pre = s[..span.start].strip_suffix(" by ")?;
    let words: Vec<&str> = pre.split(' ').collect();
    let n = words.len();
    if n < 3 {
        return None;
    }
    let participle = words[n - 1];
    let aux_at = words.iter().rposition(|w| *w == "was" || *w == "were")?;
    if aux_at + 1 != n - 1 && aux_at + 2 != n - 1 {
        return None;
    }
    let past = IRREGULAR_PARTICIPLES
        .iter()
        .find(|(p, _)| *p == participle)
        .map(|(_, past)| past.to_string())
        .or_else(|| participle.ends_with("ed").then(|| participle.to_string()))?;
    let subject = &words[..aux_at];
    if subject.is_empty() || subject.len() > 10 || subject.iter().any(|w| w.ends_with(',')) {
        return None;
    }
    // "In 1955 it was purchased by X and Y": an opening phrase, a pronoun, a second agent.
    if NOT_NAME_START.contains(&subject[0]) && !["The", "A", "An"].contains(&subject[0])
        || subject
            .iter()
            .any(|w| ["it", "he", "she", "they", "It", "He", "She", "They"].contains(w))
        || s[span.end..].starts_with(" and ")
    {
        return None;
    }
    let who = if span.kind == Kind::Person {
        "Who".to_string()
    } else {
        capitalize(&wh_phrase(s, span, None)?)
    };
    let post = cut_clause(s[span.end..].trim_end_matches('.'));
    Some(format!(
        "{who} {past} {}{post}?",
        lower_first(&subject.join(" "))
    ))
}

/// "The Rialto has been closed since 2007." -> "Since what year has the Rialto been closed?"
fn fronted_question(s: &str, span: &Span) -> Option<String> {
    let mut pre = &s[..span.start];
    if span.kind == Kind::Venue || span.kind == Kind::Place {
        pre = pre
            .strip_suffix("The ")
            .or_else(|| pre.strip_suffix("the "))
            .unwrap_or(pre);
    }
    let words: Vec<&str> = pre.split_whitespace().collect();
    let prep = words.last().copied().unwrap_or("");
    let wh = match (span.kind, prep) {
        (Kind::Year, "in") => "In what year",
        (Kind::Year, "since") => "Since what year",
        (Kind::Year, "until") => "Until what year",
        (Kind::Venue | Kind::Place, "in" | "at") => "Where",
        (Kind::Date, "on") => "On what date",
        (Kind::Date, "in") => "When",
        (Kind::Duration, "in" | "for" | "over") => match prep {
            "in" => "In how many",
            "for" => "For how many",
            _ => "Over how many",
        },
        (Kind::Count, _)
            if ![
                "in", "at", "on", "of", "with", "from", "by", "to", "for", "than", "and", "or",
                "about", "over", "nearly", "only", "around", "almost", "just", "the", "a", "an",
                "his", "her", "their", "its", "these", "those",
            ]
            .contains(&prep.to_lowercase().as_str()) =>
        {
            "How many"
        }
        _ => return None,
    };
    let body = if span.kind == Kind::Count {
        &words[..]
    } else {
        &words[..words.len().saturating_sub(1)]
    };
    let aux_at = body
        .iter()
        .position(|w| ["was", "were", "is", "are", "has", "have", "had"].contains(w))?;
    let subject = &body[..aux_at];
    if subject
        .first()
        .is_some_and(|w| NOT_NAME_START.contains(w) && !["The", "A", "An"].contains(w))
    {
        return None; // "In 1995 the remains ..." opens with a phrase, not the subject
    }
    if subject.is_empty()
        || subject.len() > 9
        || subject.iter().any(|w| w.ends_with(',') || w.contains('('))
        || !subject[0].starts_with(|c: char| c.is_uppercase())
    {
        return None;
    }
    if subject
        .iter()
        .skip(1)
        .any(|w| ["that", "who", "which", "and", "when", "where"].contains(w))
    {
        return None;
    }
    let mid = &body[aux_at + 1..];
    if mid.iter().any(|w| {
        w.ends_with(',')
            || [
                "that", "which", "who", "where", "when", "since", "because", "after", "before",
                "while", "until", "if", "it", "he", "she", "they",
            ]
            .contains(w)
    }) || mid.len() > 8
    {
        return None;
    }
    let noun = match span.kind {
        Kind::Count | Kind::Duration => format!(" {}", s[span.number_end..span.end].trim()),
        _ => String::new(),
    };
    let post = cut_clause(s[span.end..].trim_end_matches('.'));
    // "Where were the interiors shot at The Smokehouse restaurant?" has its answer already:
    // with another place in the question, ask "In which city" (a venue stays "Where").
    let tail = format!(" {} {post} ", mid.join(" "));
    let other_place = [" at ", " in "].iter().any(|p| {
        tail.split(p).skip(1).any(|after| {
            let after = after.trim_start_matches("the ").trim_start_matches("The ");
            after.starts_with(|c: char| c.is_uppercase())
        })
    });
    let which;
    let wh = if wh == "Where" && other_place && span.kind == Kind::Place {
        which = format!("{} which {}", capitalize(prep), place_noun(&span.fine));
        which.as_str()
    } else {
        wh
    };
    let q = format!(
        "{wh}{noun} {} {} {}{post}?",
        body[aux_at],
        lower_first(&subject.join(" ")),
        mid.join(" ")
    );
    Some(q)
}

/// "Clifton Eddie plays Seb's drummer also performed in Whiplash.": a present "plays" and a
/// past verb with nothing to join them is a sentence that lost its "who" (or its "and").
pub(super) fn two_main_verbs(s: &str) -> bool {
    let words: Vec<&str> = s.split_whitespace().collect();
    let Some(at) = words
        .iter()
        .position(|w| ["plays", "portrays", "stars"].contains(w))
    else {
        return false;
    };
    if at > 0 && ["who", "that"].contains(&words[at - 1]) {
        return false; // "Nedra Wheeler who plays Seb's bassist has performed..."
    }
    for w in words.iter().skip(at + 1).take(6) {
        let bare = w.trim_end_matches(['.', ',', ';']);
        if w.ends_with([',', ';'])
            || [
                "and", "or", "but", "who", "which", "that", "as", "in", "by", "a", "an",
            ]
            .contains(&bare)
        {
            return false;
        }
        if bare != "also" && (bare.ends_with("ed") || PAST_VERBS.contains(&bare)) {
            return true;
        }
    }
    false
}

/// Common irregular past forms that [`finite_verb`] does not know.
const PAST_VERBS: &[&str] = &[
    "became", "began", "won", "made", "took", "spent", "found", "built", "wrote", "sang", "led",
    "met", "got", "went", "came",
];

/// "... to $30 million." -> "... to how much?" for numbers that read well in place.
fn in_situ_question(s: &str, span: &Span) -> Option<String> {
    let q = in_situ_any(s, span)?;
    // An in-place question must keep a verb, or it is a fragment ("Coincidentally, in his role in which film?").
    let has_verb = q.split(|c: char| !c.is_alphabetic()).any(|w| {
        finite_verb(&w.to_lowercase())
            || [
                "plays", "stars", "includes", "include", "features", "costs", "runs", "lies",
                "holds", "means",
            ]
            .contains(&w)
            || PAST_VERBS.contains(&w)
    });
    has_verb.then_some(q)
}

fn in_situ_any(s: &str, span: &Span) -> Option<String> {
    if let Some(q) = in_situ_name(s, span) {
        return Some(q);
    }
    if !matches!(
        span.kind,
        Kind::Count | Kind::Duration | Kind::Money | Kind::Age | Kind::Year
    ) {
        return None;
    }
    let pre = &s[..span.start];
    if span.kind == Kind::Year
        && !["in ", "since ", "until ", "by ", "from "]
            .iter()
            .any(|p| pre.ends_with(p))
    {
        return None;
    }
    let first = pre.split_whitespace().next().unwrap_or("");
    const INTRO: &[&str] = &[
        "During",
        "In",
        "After",
        "Before",
        "When",
        "While",
        "Although",
        "Because",
        "Since",
        "As",
        "For",
        "On",
        "At",
        "By",
        "With",
        "Without",
        "Until",
        "Upon",
        "Once",
        "Following",
        "Prior",
    ];
    if [" which ", " who ", " that ", " where "]
        .iter()
        .any(|w| pre.contains(w))
    {
        return None; // inside a relative clause: the question would lose its main verb
    }
    if INTRO.contains(&first) && !pre.contains(',') {
        return None; // still inside the opening phrase: the main clause would be cut away
    }
    let last_word = pre
        .trim_end()
        .rsplit(' ')
        .next()
        .unwrap_or("")
        .to_lowercase();
    if pre.trim().is_empty()
        || ["the", "a", "an", "his", "her", "their", "its"].contains(&last_word.as_str())
        || pre.contains(" (")
        || [" the ", " a ", " an ", "(", " his ", " her ", " their "]
            .iter()
            .any(|e| pre.ends_with(e))
    {
        return None;
    }
    let _ = first;
    let mut pre = pre;
    if span.kind == Kind::Age {
        // "at age 15" -> "at what age", never "at age what age"
        for lead in ["the age of ", "age of ", "age "] {
            if let Some(p) = pre.strip_suffix(lead) {
                pre = p;
                break;
            }
        }
    }
    // "The showstopper at the Langham in which year was the first rooftop pool?": a number
    // inside the subject, before the main verb, makes no question.
    let main_verb_before = pre
        .split(|c: char| !c.is_alphabetic())
        .skip(1)
        .any(|w| finite_verb(w) || PAST_VERBS.contains(&w));
    if !main_verb_before {
        return None;
    }
    let wh = wh_phrase(s, span, None)?;
    let post = cut_clause(s[span.end..].trim_end_matches('.'));
    Some(format!("{pre}{wh}{post}?"))
}

/// "... the films of director Jaques Demy." -> "... the films of which director?";
/// "... named in honor of Charlie Parker." -> "... named in honor of whom?"
fn in_situ_name(s: &str, span: &Span) -> Option<String> {
    let pre = &s[..span.start];
    let lower = pre.to_lowercase();
    if [
        " where ", " which ", " who ", " that ", " when ", " while ", "\"", "“",
    ]
    .iter()
    .any(|w| lower.contains(w))
        || pre.trim().is_empty()
    {
        return None;
    }
    let words: Vec<&str> = pre.split_whitespace().collect();
    let last = words.last()?.to_lowercase();
    if s[span.end..].starts_with(['\'', '’']) {
        return None; // a possessive: "director X's first film"
    }
    let post = cut_clause(s[span.end..].trim_end_matches('.'));
    if span.kind == Kind::Person
        && ROLES.contains(&last.as_str())
        && !last.ends_with('s')
        && words.len() > 3
    {
        let head = &words[..words.len() - 1];
        let role = if last == "actress" || last == "star" {
            "actor"
        } else {
            last.as_str()
        };
        // "the French New Wave director X" -> "which French New Wave director"
        let mut k = head.len();
        while k > 0
            && head[k - 1].starts_with(|c: char| c.is_uppercase())
            && !head[k - 1].ends_with(',')
        {
            k -= 1;
        }
        // "by jazz musician X" -> "by which jazz musician": lowercase modifiers go with the role.
        const FUNCTION: &[&str] = &[
            "by",
            "of",
            "with",
            "to",
            "for",
            "from",
            "the",
            "a",
            "an",
            "and",
            "as",
            "on",
            "in",
            "at",
            "include",
            "includes",
            "included",
            "against",
            "about",
            "into",
            "over",
            "under",
            "after",
            "before",
            "between",
            "like",
            "than",
            "alongside",
        ];
        // A verb ends the modifiers too: "Wallach auditioned against director X".
        while k > 0
            && head[k - 1].starts_with(|c: char| c.is_lowercase())
            && !FUNCTION.contains(&head[k - 1])
            && !finite_verb(head[k - 1])
            && !head[k - 1].ends_with(',')
        {
            k -= 1;
        }
        let (keep, adjs) = head.split_at(k);
        if keep.len() < 3 || last == "star" && keep.last() == Some(&"to") {
            return None; // "According to which designer?", "set to star X" (a verb)
        }
        let keep = match keep.last() {
            Some(&("the" | "a" | "an" | "The" | "A")) => &keep[..keep.len() - 1],
            _ => keep,
        };
        let adj = if adjs.is_empty() {
            String::new()
        } else {
            format!("{} ", adjs.join(" "))
        };
        return Some(format!("{} which {adj}{role}{post}?", keep.join(" ")));
    }
    const PREPS: &[&str] = &[
        "of", "by", "with", "for", "from", "to", "about", "on", "in", "at", "into", "as", "like",
        "than", "behind", "beside",
    ];
    if !PREPS.contains(&last.as_str()) {
        return None;
    }
    let mut pre = pre;
    if matches!(
        span.kind,
        Kind::Venue | Kind::Place | Kind::Org | Kind::Award | Kind::Title
    ) {
        pre = pre
            .strip_suffix("the ")
            .or_else(|| pre.strip_suffix("The "))
            .unwrap_or(pre);
    }
    let wh = match span.kind {
        Kind::Person => "whom".to_string(),
        Kind::Title | Kind::Venue | Kind::Org | Kind::Award => wh_phrase(s, span, None)?,
        Kind::Place if last != "in" && last != "at" => wh_phrase(s, span, None)?,
        _ => return None,
    };
    if !post.is_empty() && span.kind == Kind::Person {
        return None; // "whom" reads well only at the end
    }
    if !joins_well(&s[span.end..]) {
        return None; // "from Whiplash wunderkind X": the name is an adjective here
    }
    Some(format!("{pre}{wh}{post}?"))
}

/// Whether the text after a name continues the clause (so a wh-word can stand in for it).
fn joins_well(after: &str) -> bool {
    const NEXT: &[&str] = &[
        "in", "at", "on", "with", "and", "as", "for", "to", "by", "from", "was", "were", "is",
        "are", "has", "had", "which", "where", "when", "that", "after", "before", "during",
        "while", "because", "since", "until", "into", "of", "but",
    ];
    let after = after.trim_end_matches('.');
    if after.is_empty() || after.starts_with([',', ';', ':', ')', '.']) || after.starts_with(" (") {
        return true;
    }
    let next = after.trim_start().split(' ').next().unwrap_or("");
    NEXT.contains(&next)
}

/// A blank must not sit inside parentheses or next to another part of a name ("J.K ___").
fn blank_reads_well(s: &str, span: &Span) -> bool {
    let before = s[..span.start].trim_end();
    let after = s[span.end..].trim_start();
    let opened = before.matches('(').count() > before.matches(')').count();
    let prev = before.rsplit(' ').next().unwrap_or("");
    let next = after.split(' ').next().unwrap_or("");
    let name_before = prev.starts_with(|c: char| c.is_uppercase()) && !before.ends_with(',');
    let name_after = next.starts_with(|c: char| c.is_uppercase());
    let aside = opened || before.ends_with(['(', '"', '“']);
    // "An American Werewolf in ___": a capitalized word and "in"/"of" before the blank is
    // likely a title the blank cuts in two.
    let mut back = before.rsplit(' ');
    let (joiner, word) = (back.next().unwrap_or(""), back.next().unwrap_or(""));
    let title_before = matches!(span.kind, Kind::Place | Kind::Venue | Kind::Org)
        && ["in", "of", "on", "at"].contains(&joiner)
        && word.starts_with(|c: char| c.is_uppercase())
        && back
            .next()
            .is_some_and(|w| w.starts_with(|c: char| c.is_uppercase()));
    !(aside || name_before || name_after || title_before)
}

/// The fill-in-the-blank form: the answer (only the number of a count) becomes "___".
fn blank(s: &str, span: &Span) -> String {
    let end = match span.kind {
        Kind::Count | Kind::Duration => span.number_end,
        _ => span.end,
    };
    // Past the blank, the sentence is cut at its first clause break ("..., which ..."), so
    // the statement read out is the fact itself.
    let post = &s[end..];
    let cut = cut_clause(post.trim_end_matches('.'));
    let post = if cut.trim().len() + 1 < post.trim().len() && !cut.trim().is_empty() {
        format!("{}.", cut.trim_end().trim_end_matches(','))
    } else {
        post.to_string()
    };
    format!("{}___{}", &s[..span.start], post)
}

/// Whether a word looks like a finite verb: past tense, an auxiliary or a known irregular.
pub(super) fn finite_verb(w: &str) -> bool {
    const AUX: &[&str] = &[
        "was", "were", "is", "are", "has", "had", "have", "can", "could", "will", "would", "did",
        "does",
    ];
    w.ends_with("ed")
        || AUX.contains(&w)
        || IRREGULAR_PARTICIPLES.iter().any(|(_, past)| *past == w)
        || [
            "began", "became", "wrote", "sang", "took", "gave", "chose", "drew", "saw", "knew",
            "ran", "spoke", "grew", "threw", "wore",
        ]
        .contains(&w)
}

/// Keeps a question short: the rest of the sentence up to its first clause break.
fn cut_clause(post: &str) -> String {
    let mut out = cut_at_break(post);
    // No dangling joint: "... for 10 minutes and?" -> "... for 10 minutes?"
    loop {
        let trimmed = out.trim_end();
        let last = trimmed.rsplit(' ').next().unwrap_or("");
        if trimmed.len() > last.len()
            && [
                "and",
                "or",
                "including",
                "with",
                "to",
                "of",
                "the",
                "a",
                "an",
                "as",
                "but",
                "such",
                "like",
                // "... to create a world in?" once "which the costumes harmonize" is cut
                "in",
                "at",
                "on",
                "for",
                "from",
                "by",
                "into",
                "entitled",
                "called",
                "named",
            ]
            .contains(&last)
        {
            out = trimmed[..trimmed.len() - last.len()].trim_end().to_string();
        } else {
            return out;
        }
    }
}

fn cut_at_break(post: &str) -> String {
    let mut end = post.len();
    for b in CLAUSE_BREAKS {
        let mut from = 0;
        while let Some(p) = post[from..].find(b).map(|p| p + from) {
            // "two hours a day, six days a week": a comma before a number continues a list.
            let next = post[p + b.len()..].split_whitespace().next().unwrap_or("");
            let number = next.starts_with(|c: char| c.is_ascii_digit())
                || super::lexicon::NUMBER_WORDS
                    .iter()
                    .any(|(w, _)| next.eq_ignore_ascii_case(w));
            // "at 02:56 UTC" is a time, not a clause break.
            let time = *b == ":"
                && post[..p].ends_with(|c: char| c.is_ascii_digit())
                && next.starts_with(|c: char| c.is_ascii_digit());
            // "named Aldrin, Collins and Armstrong": cutting the list would change the fact.
            let rest = &post[p + b.len()..];
            let list = *b == ","
                && next.starts_with(|c: char| c.is_uppercase())
                && rest.split([',', ';']).next().is_some_and(|item| {
                    item.contains(" and ") || item.split_whitespace().count() <= 3
                })
                && rest.contains(" and ");
            // "slated to act in Focus but dropped out": a short "but" clause is the fact's
            // other half, and cutting it would mislead.
            let short_but =
                *b == " but " && rest.split_whitespace().count() <= 3 && !rest.contains([',', ';']);
            // "as a famous but deceased celebrity": two adjectives of one noun, no clause
            // (cut there, the question ended "twice as a famous.").
            let adjectives = *b == " but "
                && post[..p]
                    .rsplit(' ')
                    .nth(1)
                    .is_some_and(|w| ["a", "an", "the"].contains(&w.to_lowercase().as_str()));
            // "Focus (2015) but dropped out": a year in brackets is read past (and later
            // dropped), not a break.
            let year_aside = *b == " ("
                && rest.len() >= 5
                && rest.as_bytes()[..4].iter().all(u8::is_ascii_digit)
                && rest.as_bytes()[4] == b')';
            if *b == "," && number || time || list || short_but || adjectives || year_aside {
                from = p + b.len();
                continue;
            }
            end = end.min(p);
            break;
        }
    }
    // "... born in Chicago and played college basketball": a second verb starts a new clause.
    if let Some(p) = post.find(" and ") {
        let next = post[p + 5..].split(' ').next().unwrap_or("");
        if next.ends_with("ed") || ["had", "has", "was", "were", "is", "are"].contains(&next) {
            end = end.min(p);
        }
    }
    // "... in 2010 with Hurwitz writing the tracks": an absolute phrase is a side fact.
    let mut from = 0;
    while let Some(p) = post[from..].find(" with ").map(|p| p + from) {
        let mut after = post[p + 6..].split(' ');
        let name = after.next().unwrap_or("");
        let next = after.next().unwrap_or("");
        if name.starts_with(|c: char| c.is_uppercase()) && next.ends_with("ing") {
            end = end.min(p);
            break;
        }
        from = p + 6;
    }
    let kept = &post[..end];
    // "to create a world in which the costumes harmonize": a relative after a preposition
    // is what the noun means, and cutting it leaves "to create a world".
    let rest = &post[end..];
    let mut back = kept.trim_end().rsplit(' ');
    let (prep, noun) = (back.next().unwrap_or(""), back.next().unwrap_or(""));
    let indefinite = back.take(2).any(|w| w == "a" || w == "an");
    if [" which ", " whom "].iter().any(|r| rest.starts_with(r))
        && [
            "in", "on", "at", "for", "of", "by", "with", "to", "from", "through",
        ]
        .contains(&prep)
        && noun.starts_with(char::is_lowercase)
        && indefinite
    {
        return post.trim_end().to_string();
    }
    // Never cut inside quotes: "Audition (The Fools Who Dream)".
    let straight = kept.matches('"').count() % 2 == 1;
    if straight || kept.matches('“').count() != kept.matches('”').count() {
        return post.trim_end().to_string();
    }
    kept.trim_end().to_string()
}

/// Mends the source typos the checks would flag: "ryan Gosling" -> "Ryan Gosling",
/// "Decmber" -> "December" (the source sentence keeps the document's spelling).
pub fn repair_typos(stem: &str, ctx: &super::quality::Context) -> String {
    let mut out = stem.to_string();
    for _ in 0..4 {
        let Some(t) = super::quality::typo(&out, ctx) else {
            break;
        };
        // "Chazell (Chazelle)": a rare word may be a real one; such a stem is not asked.
        if t.ends_with(')') {
            break;
        }
        let fixed = match t.split_once(' ') {
            Some((w, rest)) => format!("{} {rest}", capitalize(w)),
            None => match super::lexicon::MONTHS
                .iter()
                .find(|m| super::quality::one_edit_apart(&t, m))
            {
                Some(m) => m.to_string(),
                None => break,
            },
        };
        out = out.replacen(&t, &fixed, 1);
    }
    out
}

/// Nouns that point at something the question would have to name ("the scene": which one?).
const VAGUE_NOUNS: &[&str] = &[
    "scene",
    "scenes",
    "session",
    "sessions",
    "album",
    "song",
    "track",
    "tower",
    "building",
    "structure",
    "band",
    "group",
    "show",
    "series",
    "episode",
    "take",
    "shot",
    "sequence",
    "game",
    "match",
    "team",
    "mission",
    "film",
    "movie",
    "project",
    "book",
    "story",
    "character",
    "play",
    "production",
    "studio",
    "director",
    "couple",
    "pair",
    "duo",
    "performance",
    "number",
    "video",
    "record",
    "single",
    "design",
    "competition",
    "tournament",
    "house",
    "city",
    "island",
    "voyage",
    "trip",
    "event",
    "ceremony",
    "idea",
    "original",
    "same",
    "latter",
    "former",
    "two",
    "three",
    "pianist",
    "singer",
    "actor",
    "actress",
    "instrument",
    // People named only by a part they played in the story: "the runner-up", "the tailor".
    "runner-up",
    "tailor",
    // A detail of someone unnamed: "the blouse was based on a photo", "the traditions".
    "blouse",
    "jacket",
    "dress",
    "shoes",
    "traditions",
    "trousers",
    "pants",
    "mural",
    "planetarium",
];

/// A definite "the scene"/"this album"/"that year" left after resolving: the question would
/// lean on a sentence the player has not seen.
pub fn vague_reference(stem: &str) -> Option<&'static str> {
    let words: Vec<String> = stem
        .split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric() && c != '#')
                .to_lowercase()
        })
        .collect();
    let raw: Vec<&str> = stem.split_whitespace().collect();
    let capital = |t: &str| t.starts_with(|c: char| c.is_uppercase() || c == '"' || c == '“');
    // The vague noun at `j` says which one it is: "the idea of La La Land", "the piano
    // performance featured in La La Land", "the opening number, "Another Day of Sun"", "the
    // first director to win".
    let says_which = |j: usize| {
        let at = |k: usize| raw.get(k).copied().unwrap_or("");
        let of_a_name = (1..=3).any(|d| {
            ["of", "in", "for", "from", "at"].contains(&at(j + d)) && capital(at(j + d + 1))
        });
        let titled = at(j).ends_with(',') && at(j + 1).starts_with(['"', '“']);
        let record = j > 0 && RECORD_WORDS.contains(&words[j - 1].as_str()) && at(j + 1) == "to";
        of_a_name || titled || record
    };
    for (i, w) in words.iter().enumerate() {
        let Some(next) = words.get(i + 1) else { break };
        // "nominated for two other films": other than what the sentence before said.
        // "how many other films, Cinderella and Carol?": the list that follows answers it.
        let how_many_other = w == "many" && i > 0 && words[i - 1] == "how";
        // "The only other films that have received 14 nominations": other than which?
        if next == "other"
            && (how_many_other
                || ["two", "three", "four", "five", "several", "only"].contains(&w.as_str()))
        {
            return Some("leans on an unnamed thing (\"the scene\")");
        }
        let det = matches!(w.as_str(), "the" | "this" | "that" | "these" | "those");
        if !det {
            continue;
        }
        // "the film Birdman", "the song 'City of Stars'": named right after.
        let named_after = stem
            .split_whitespace()
            .nth(i + 2)
            .is_some_and(|n| n.starts_with(|c: char| c.is_uppercase() || c == '"' || c == '“'));
        // "the art deco style building": a vague noun within a few plain words.
        let plain_run = stem
            .split_whitespace()
            .skip(i + 1)
            .take(4)
            .take_while(|w| !w.starts_with(|c: char| c.is_uppercase() || c == '"' || c == '“'))
            .map(|w| {
                w.trim_matches(|c: char| !c.is_alphanumeric())
                    .to_lowercase()
            })
            .position(|w| VAGUE_NOUNS.contains(&w.as_str()) && w != "two" && w != "three");
        if w == "the" && plain_run.is_some_and(|p| p > 0 && !says_which(i + 1 + p)) && !named_after
        {
            return Some("leans on an unnamed thing (\"the scene\")");
        }
        // "the record for most nominations" names its record; "the record" alone is an LP.
        let record_for = next == "record" && words.get(i + 2).is_some_and(|w| w == "for");
        // "the original choice to play Dorothy" is the casting story, not "the original".
        let original_choice = next == "original"
            && words
                .get(i + 2)
                .is_some_and(|w| ["choice", "name", "title"].contains(&w.as_str()));
        if VAGUE_NOUNS.contains(&next.as_str())
            && !named_after
            && !record_for
            && !original_choice
            && !says_which(i + 1)
        {
            return Some("leans on an unnamed thing (\"the scene\")");
        }
        if w != "the" && ["year", "time", "day", "moment", "point", "way"].contains(&next.as_str())
        {
            return Some("leans on an unnamed thing (\"the scene\")");
        }
        // "published this proposal": whatever "this" is was said in the sentence before.
        let raw_next = stem.split_whitespace().nth(i + 1).unwrap_or("");
        if matches!(w.as_str(), "this" | "these" | "those")
            && raw_next.starts_with(char::is_lowercase)
            && !named_after
        {
            return Some("leans on an unnamed thing (\"the scene\")");
        }
    }
    // "In real life, ___ is a classically trained pianist": unlike whom, in what? The
    // sentence before said (blind readers at 3232: "in real life compared to what?").
    if stem.starts_with("In real life") || stem.starts_with("In reality") {
        return Some("leans on an unnamed thing (\"the scene\")");
    }
    // "Emma Stone is a school dropout herself": like whom? The sentence before said.
    if words.iter().zip(&raw).any(|(w, r)| {
        ["herself", "himself", "themselves"].contains(&w.as_str()) && r.ends_with(',')
    }) {
        return Some("leans on an unnamed thing (\"the scene\")");
    }
    // Relative time and ranges: "how many years ago", "from how much to $50".
    let lower = stem.to_lowercase();
    // "Two days later, the U.S. beat ___": later than what the sentence before said.
    let opening: Vec<&str> = lower.split_whitespace().take(3).collect();
    let relative_opening = opening
        .iter()
        .position(|w| w.trim_end_matches(',') == "later")
        .is_some_and(|p| {
            p >= 1
                && [
                    "day", "days", "week", "weeks", "month", "months", "year", "years", "hours",
                ]
                .contains(&opening[p - 1])
        })
        || lower.starts_with("the next day")
        || lower.starts_with("nearby ")
        || lower.starts_with("the following ");
    if relative_opening {
        return Some("a relative time or a range");
    }
    // "have over how many costume changes": every lower choice is true as well.
    if lower.contains("more than how many")
        || lower.contains("at least how many")
        || lower.contains(" over how many") && !lower.starts_with("over how many")
    {
        return Some("a relative time or a range");
    }
    if lower.contains(" ago")
        || lower.contains("to how many")
        || lower.contains("from how much")
        || lower.contains(" to how much")
        || lower.contains("how many to ")
    {
        return Some("a relative time or a range");
    }
    if words
        .iter()
        .any(|w| w.starts_with('#') || w == "take" && stem.contains("take #"))
    {
        return Some("leans on an unnamed thing (\"the scene\")");
    }
    None
}

/// "Sebastian" -> "Sebastian (Ryan Gosling's character)", once, unless the actor is the
/// answer (then the question is about who plays them, and the name would give it away).
fn explain_characters(c: &Corpus, stem: &str, answer: &str) -> String {
    let full = c.full_name(answer).unwrap_or_else(|| answer.to_string());
    let mut out = stem.to_string();
    for (name, actor) in &c.characters {
        if *actor == full || contains_word(&out, actor) {
            continue;
        }
        // "Seb" is Sebastian: a word of the stem the character's name starts with.
        let short = out
            .split(|ch: char| !ch.is_alphanumeric())
            .find(|w| {
                w.len() >= 3
                    && w.len() < name.len()
                    && name.starts_with(*w)
                    && w.starts_with(char::is_uppercase)
                    && !c.characters.contains_key(*w)
            })
            .map(str::to_string);
        let role = short.as_ref().unwrap_or(name);
        let found = out.match_indices(role.as_str()).map(|(p, _)| p).find(|&p| {
            let before = out[..p].chars().next_back();
            let after = out[p + role.len()..].chars().next();
            !before.is_some_and(|x| x.is_alphanumeric())
                && !after.is_some_and(|x| x.is_alphanumeric())
                && !out[p + role.len()..].starts_with(" (")
        });
        let Some(p) = found else { continue };
        let at = p + role.len();
        let rest = &out[at..];
        let (possessive, rest) = match rest.strip_prefix("'s").or(rest.strip_prefix("’s")) {
            Some(r) => (true, r.to_string()),
            None => (false, rest.to_string()),
        };
        let head = &out[..at];
        out = if possessive {
            // "Mia's future husband" -> "Emma Stone's character Mia's future husband".
            format!("{}{actor}'s character {role}'s{rest}", &out[..p])
        } else {
            format!("{head} ({actor}'s character){rest}")
        };
    }
    out
}

/// Drops what a question read aloud does not need: brackets, then (while long) an opening
/// phrase before the first comma and a short aside between commas.
fn shorten(stem: &str, sentence: &str) -> String {
    // A part holds the question when it has the blank or a question word the sentence did
    // not have: "(the role for which Liza Minnelli won)" is the document's own aside.
    let keep = |part: &str| {
        let l = part.to_lowercase();
        part.contains("___")
            || !sentence.contains(part.trim_matches([',', ' ']))
                && l.split(|c: char| !c.is_alphabetic())
                    .any(|w| ["who", "whom", "what", "which", "how", "where", "when"].contains(&w))
    };
    let mut out = String::new();
    let mut depth = 0usize;
    let mut group = String::new();
    for ch in stem.chars() {
        match ch {
            '(' => {
                depth += 1;
                group.push(ch);
            }
            ')' if depth > 0 => {
                depth -= 1;
                group.push(ch);
                if depth == 0 {
                    if keep(&group) {
                        out.push_str(&group);
                    }
                    group.clear();
                }
            }
            _ if depth > 0 => group.push(ch),
            _ => out.push(ch),
        }
    }
    out.push_str(&group);
    let mut out = out.split_whitespace().collect::<Vec<_>>().join(" ");
    out = out.replace(" ,", ",").replace(" ?", "?").replace(" .", ".");
    let words = |t: &str| t.split_whitespace().count();
    if words(&out) > 18 {
        if let Some((lead, rest)) = out.split_once(", ") {
            const OPENERS: &[&str] = &[
                "According",
                "In",
                "On",
                "At",
                "After",
                "Before",
                "During",
                "While",
                "When",
                "Since",
                "For",
                "As",
                "By",
                "With",
                "Although",
                "Though",
                "Despite",
                "Once",
                "Today",
                "Later",
                "Originally",
                "Additionally",
                "However",
                "Also",
                "Because",
                "Due",
                "Thanks",
                "Prior",
                "Until",
                "Unlike",
                "Like",
                "Besides",
            ];
            let opener = lead.split(' ').next().is_some_and(|w| OPENERS.contains(&w));
            // "With Damien Chazelle, who came up with...": the lead names the partner asked about.
            // "By the time filming had begun, who was able to..." names nobody: the "who" is
            // the question's own.
            let names_someone = lead
                .split(' ')
                .skip(1)
                .any(|w| w.starts_with(|c: char| c.is_uppercase()));
            let asks_after =
                names_someone && (rest.starts_with("who ") || rest.starts_with("which "));
            // "Adding to the connections between the two films, Chazelle decided...": a
            // participle lead is background too.
            let participle = lead.split(' ').next().is_some_and(|w| {
                [
                    "Adding",
                    "Following",
                    "Having",
                    "Being",
                    "Looking",
                    "Speaking",
                    "Given",
                ]
                .contains(&w)
            });
            if (opener || participle)
                && words(lead) <= 10
                && !keep(lead)
                && !asks_after
                && !lead.contains('"')
                && words(rest) >= 6
            {
                out = capitalize(rest);
            }
        }
    }
    if words(&out) > 18 {
        let parts: Vec<&str> = out.split(", ").collect();
        if parts.len() == 3 {
            let aside = parts[1];
            let starts = ["a ", "an ", "the ", "who ", "which ", "now ", "then "];
            // "include The Magic Castle, the Chateau Elysee, ... and the Shakespeare Bridge":
            // an item of a list is no aside, and dropping it changes the fact.
            let list = parts[0].split(' ').any(|w| w.starts_with("includ"))
                || [" and the ", " and a ", " and an "]
                    .iter()
                    .any(|a| parts[2].contains(a));
            if words(aside) <= 7
                && !keep(aside)
                && !list
                && starts.iter().any(|p| aside.starts_with(p))
            {
                out = format!("{} {}", parts[0], parts[2]);
            }
        }
    }
    out
}

/// Replaces the first he/she/his/her (any case) by the person, possessive kept.
fn name_the_pronoun(stem: &str, name: &str) -> String {
    let mut out = Vec::new();
    let mut done = false;
    for w in stem.split(' ') {
        let bare = w.trim_end_matches([',', '?', '.']);
        let tail = &w[bare.len()..];
        let rep = match bare.to_lowercase().as_str() {
            "he" | "she" if !done => Some(name.to_string()),
            "his" if !done => Some(format!("{name}'s")),
            _ => None,
        };
        match rep {
            Some(r) => {
                done = true;
                out.push(format!("{r}{tail}"));
            }
            None => out.push(w.to_string()),
        }
    }
    out.join(" ")
}

/// Whether a sentence tells of an awards night rather than the work: the envelope, the
/// stage, the presenters.
fn at_a_ceremony(lower: &str) -> bool {
    [
        "envelope",
        "ceremony",
        "on stage",
        "on-stage",
        "onstage",
        "presenter",
        "backstage",
    ]
    .iter()
    .any(|w| lower.contains(w))
}

/// Opens a question that does not name the documents' subject with it: "In La La Land, who ...".
fn anchor(c: &Corpus, id: usize, stem: &str, kind: Kind, answer: &str) -> String {
    if c.topic.is_empty() || contains_word(stem, &c.topic) || c.topic_kind == Some(Kind::Person) {
        return stem.to_string();
    }
    // "Who starred in just three films before dying in 1955?" is about James Dean, not
    // the 2016 film: a person of another era is asked about on their own.
    if kind == Kind::Person {
        let era = c.family_of(answer).era;
        if let (Some(a), Some(t)) = (era, c.topic_era) {
            if (a - t).abs() > super::facts::ERA_WINDOW {
                return stem.to_string();
            }
        }
    }
    // "Who directed Rebel Without a Cause?" is about that film, not the topic.
    // The sentence's own title spans, then (bounded per question) the titles learnt anywhere.
    let sentence = &c.sentences[id];
    // A one-word title ("Whiplash") only where this sentence reads it as one: learnt ones
    // of one word are too often common words.
    let other_title = |t: &str, own: bool| (own || t.contains(' ')) && !c.topic.contains(t);
    let spans = sentence.spans.iter().filter(|sp| sp.kind == Kind::Title);
    let learnt = c.gaz.titles.keys().map(|t| (t.as_str(), false)).take(2000);
    let mut titles = spans
        .map(|sp| (sp.text(&sentence.text), true))
        .chain(learnt);
    // A quoted title is a song or a number of the work ("the opening number, "Another Day
    // of Sun""), not another film.
    let quoted = |t: &str| stem.contains(&format!("\"{t}")) || stem.contains(&format!("“{t}"));
    if titles.any(|(t, own)| other_title(t, own) && contains_word(stem, t) && !quoted(t)) {
        return stem.to_string();
    }
    // "...'Midge Daniels' in the TV series Mad Men": a work named by its kind is another's.
    let names_another_work = ["series ", "film ", "movie ", "show ", "musical "]
        .iter()
        .any(|k| {
            stem.match_indices(k).any(|(p, _)| {
                let next = &stem[p + k.len()..];
                next.starts_with(|ch: char| ch.is_uppercase() || ch == '"' || ch == '“')
                    && !next
                        .trim_start_matches(['"', '“'])
                        .starts_with(c.topic.as_str())
            })
        });
    if names_another_work {
        return stem.to_string();
    }
    // "In what year was the Griffith Observatory built?" is about the building, not the
    // film: a stem that names a place of its own is not opened with the topic, unless it
    // speaks of filming there.
    let about_the_work = about_the_work(stem);
    let names_a_place = sentence.spans.iter().any(|sp| {
        matches!(sp.kind, Kind::Venue | Kind::Place | Kind::Org) && {
            let t = sp.text(&sentence.text);
            t.contains(' ') && contains_word(stem, t)
        }
    });
    if names_a_place && !about_the_work {
        return stem.to_string();
    }
    let first = stem.split(' ').next().unwrap_or("");
    let topic = if c.topic_article {
        format!("the {}", c.topic)
    } else {
        c.topic.clone()
    };
    if !["Who", "Which", "What", "How", "Where", "When", "In"].contains(&first) {
        // "The Messengers performance was shot inside the ___": a statement about the
        // filming is the topic's too (blind readers asked "which film?"). Others are left.
        // So is one about its story or its making: a character, a part, a costume, a song
        // written for it ("Keith is portrayed by ___" asked "which film?").
        let names_a_character = c.characters.keys().any(|ch| contains_word(stem, ch));
        if !(about_the_filming(stem) || names_a_character || says_any(stem, MAKING_WORDS))
            || kind == Kind::Title
        {
            return stem.to_string();
        }
        // "During filming, ..." -> "In La La Land, during filming, ..."; a name keeps its capital.
        let second = stem.split(' ').nth(1).unwrap_or("");
        let a_name = second.starts_with(|c: char| c.is_uppercase() || c == '(')
            && !NOT_NAME_START.contains(&first)
            || c.characters.contains_key(first)
            || first.ends_with("'s")
            || first.ends_with("’s");
        let rest = if a_name {
            stem.to_string()
        } else {
            lower_initial(stem)
        };
        return format!("In {topic}, {rest}");
    }
    if first == "In"
        && stem
            .split(',')
            .next()
            .is_some_and(|p| p.split(' ').count() <= 4)
    {
        // "In 1975, who ..." -> "In La La Land, in 1975, who ..." reads badly: leave it.
        return stem.to_string();
    }
    let rest = match first {
        "In" | "Which" | "What" | "How" | "Who" | "Where" | "When" => lower_initial(stem),
        _ => stem.to_string(),
    };
    format!("In {topic}, {rest}")
}

/// Words of the filming itself: a place shot or filmed at, the interiors.
const FILMING_WORDS: &[&str] = &[
    " shot ",
    " shot?",
    " filmed",
    "filming",
    "interiors",
    "exteriors",
];
/// Words of the work's story and making, beside the filming: a statement with one of them
/// is the topic's own.
const MAKING_WORDS: &[&str] = &[
    "character",
    " portrayed",
    " portrays",
    "costume",
    " performances",
    "rehears",
    " lyrics",
    // "Damien Chazelle decided to cast ___ after seeing her play Sally Bowles" (blind readers
    // at 3333: "cast in what?").
    " to cast ",
    " was cast ",
    " cast as ",
];
/// Words of making or playing the work: filming there, a scene, a role, a song.
const WORK_WORDS: &[&str] = &[
    " shot",
    " filmed",
    "filming",
    " scene",
    " set in",
    " star",
    " plays",
    " played",
    " cast",
    "character",
    "production",
    " premiere",
    " sing",
    " sang",
    " song",
];

fn about_the_filming(stem: &str) -> bool {
    says_any(stem, FILMING_WORDS)
}

fn about_the_work(stem: &str) -> bool {
    says_any(stem, WORK_WORDS)
}

/// Whether the stem, lowercased, contains any of the phrases.
fn says_any(stem: &str, phrases: &[&str]) -> bool {
    let lower = stem.to_lowercase();
    phrases.iter().any(|w| lower.contains(w))
}

/// Whether a stem names a person in full or a work title the documents know.
fn names_a_person_or_work(c: &Corpus, stem: &str) -> bool {
    let known = |t: &String| t.contains(' ') && contains_word(stem, t);
    c.gaz.people.keys().take(5000).any(known) || c.gaz.titles.keys().take(5000).any(known)
}

/// Whether a stem names a place of the sentence (a tower, a bridge) while the topic is a
/// place itself (a city), so the place belongs to the topic; a film's filming locations do not.
fn names_a_place_of_the_topic(c: &Corpus, id: usize, stem: &str) -> bool {
    let place_topic = matches!(c.topic_kind, Some(Kind::Place | Kind::Venue | Kind::Org));
    let s = &c.sentences[id];
    place_topic
        && s.spans.iter().any(|sp| {
            matches!(sp.kind, Kind::Venue | Kind::Place | Kind::Org)
                && contains_word(stem, sp.text(&s.text))
        })
}

/// The stem with quoted passages taken out.
fn outside_quotes(stem: &str) -> String {
    let mut inside = false;
    stem.chars()
        .filter(|&ch| {
            if matches!(ch, '"' | '“' | '”') {
                inside = !inside;
            }
            !inside
        })
        .collect()
}

/// Whether a question says more than a name and what is asked: "Emma Stone was how many
/// years old?" (cut before "when she gave her first performance") says nothing.
fn says_something(stem: &str) -> bool {
    const EMPTY: &[&str] = &[
        "is", "was", "were", "are", "has", "had", "have", "how", "many", "much", "what", "which",
        "who", "whom", "when", "where", "year", "years", "old", "age", "at", "in", "on", "the",
        "a", "an", "of", "did", "does", "do", "by", "to", "for", "since",
    ];
    stem.split(|c: char| !c.is_alphanumeric() && c != '\'')
        .filter(|w| w.starts_with(|c: char| c.is_lowercase()))
        .any(|w| !EMPTY.contains(&w))
}

/// "Stone moved to Hollywood..." -> "Emma Stone moved to Hollywood...": the first mention
/// of each person in a question is in full, as a player has not read the documents.
fn full_names(c: &Corpus, stem: &str, answer: &str) -> String {
    let words: Vec<&str> = stem.split(' ').collect();
    let mut out: Vec<String> = Vec::with_capacity(words.len());
    let mut named: std::collections::BTreeSet<String> = Default::default();
    for (i, w) in words.iter().enumerate() {
        let core = w.trim_end_matches([',', '.', '?', ';', ':']);
        let (bare, possessive) = match core.strip_suffix("'s").or_else(|| core.strip_suffix("’s"))
        {
            Some(b) => (b, &core[b.len()..]),
            None => (core, ""),
        };
        let tail = &w[core.len()..];
        let capital_before = i > 0
            && words[i - 1].starts_with(char::is_uppercase)
            && !words[i - 1].ends_with([',', '.', ';', ':']);
        let capital_after = words
            .get(i + 1)
            .is_some_and(|n| n.starts_with(char::is_uppercase))
            && possessive.is_empty()
            && tail.is_empty();
        match c.gaz.surname_readings.get(bare) {
            Some(full)
                if !capital_before
                    && !capital_after
                    && !named.contains(full)
                    && !contains_word(stem, full)
                    && !contains_word(answer, bare) =>
            {
                named.insert(full.clone());
                out.push(format!("{full}{possessive}{tail}"));
            }
            _ => out.push(w.to_string()),
        }
    }
    out.join(" ")
}

/// "the Rialto" -> "the Rialto Theatre", "the Observatory" -> "the Griffith Observatory":
/// a place the documents name in full somewhere is named in full in a question. Only when
/// one full name fits, or one far more often named (spelling variants count as one: the
/// most-mentioned is written).
fn full_venue_names(c: &Corpus, stem: &str, answer: &str) -> String {
    let words: Vec<&str> = stem.split(' ').collect();
    let mut out: Vec<String> = Vec::with_capacity(words.len());
    for (i, w) in words.iter().enumerate() {
        let core = w.trim_end_matches([',', '.', '?', ';', ':']);
        let after_the = i > 0 && (words[i - 1] == "the" || words[i - 1] == "The");
        let single = core.len() > 2
            && core.starts_with(char::is_uppercase)
            && core.chars().all(char::is_alphabetic);
        // "the Rialto Theatre" is already in full.
        let next_capital = core.len() == w.len()
            && words
                .get(i + 1)
                .is_some_and(|n| n.starts_with(char::is_uppercase));
        if !after_the || !single || next_capital {
            out.push(w.to_string());
            continue;
        }
        // The most-mentioned venues only, as for distractors: bounded per question.
        let fits: Vec<(&String, usize)> = c
            .top_pools
            .iter()
            .filter(|((k, _), _)| *k == Kind::Venue)
            .flat_map(|(_, names)| names.iter().map(|(n, m)| (n, *m)))
            .filter(|(n, _)| {
                let parts: Vec<&str> = n.split(' ').filter(|p| *p != "The").collect();
                parts.len() >= 2
                    && (parts[0] == core || parts[parts.len() - 1] == core)
                    && !contains_word(answer, n)
            })
            .collect();
        // "Rialto Theatre" and "Rialto Theater" are one place.
        let family = |n: &str| n.replace("Theater", "Theatre");
        let best = fits.iter().max_by_key(|(n, m)| (*m, std::cmp::Reverse(*n)));
        // One name, or one named far more often than the rest ("Griffith Observatory" five
        // times, "Park Observatory" once).
        let dominant = |name: &str, m: usize| {
            let rest: usize = fits
                .iter()
                .filter(|(n, _)| family(n) != family(name))
                .map(|(_, k)| k)
                .sum();
            rest == 0 || m >= 4 * rest
        };
        match best {
            Some((name, m)) if dominant(name, *m) => {
                let name = name.strip_prefix("The ").unwrap_or(name);
                out.push(format!("{name}{}", &w[core.len()..]));
            }
            _ => out.push(w.to_string()),
        }
    }
    out.join(" ")
}

/// Parts of a work that need the work's name to stand alone: "the cast", "each episode".
const PART_NOUNS: &[&str] = &[
    "cast",
    "crew",
    "set",
    "soundtrack",
    "premiere",
    "script",
    "screenplay",
    "pilot",
    "finale",
    "episode",
    "episodes",
    "season",
    "seasons",
    "series",
    "lyrics",
    "chorus",
    "recording",
    "video",
    "sequel",
    "production",
    "shoot",
];

/// "The cast won..." -> "The cast of Friends won...", once, when the topic is a work and the
/// stem does not name it yet.
fn part_of_topic(c: &Corpus, stem: &str) -> String {
    if c.topic.is_empty() || c.topic_kind != Some(Kind::Title) || contains_word(stem, &c.topic) {
        return stem.to_string();
    }
    let words: Vec<&str> = stem.split(' ').collect();
    for i in 0..words.len() {
        let det = words[i].to_lowercase();
        if !["the", "each", "every"].contains(&det.as_str()) {
            continue;
        }
        // An optional "first", "final"... between the determiner and the part.
        for n in [i + 1, i + 2] {
            let Some(w) = words.get(n) else { break };
            let bare = w.trim_end_matches([',', '.', '?']);
            let ends_phrase = bare.len() != w.len();
            // A film's "lyrics" or "chorus" are one of its songs', not the film's.
            let song_part = ["lyrics", "chorus", "recording"].contains(&bare);
            if PART_NOUNS.contains(&bare) && !(song_part && c.topic_nouns.contains(&"film")) {
                // "the set of" already says of what; "the set designer" is another noun.
                let next = words.get(n + 1).copied().unwrap_or("");
                if !ends_phrase
                    && (next == "of" || next.starts_with(char::is_lowercase) && !is_joint(next))
                {
                    break;
                }
                let mut out: Vec<String> = words.iter().map(|w| w.to_string()).collect();
                out[n] = format!("{bare} of {}{}", c.topic, &w[bare.len()..]);
                return out.join(" ");
            }
            if n == i + 1
                && ![
                    "first", "last", "final", "original", "opening", "second", "third", "whole",
                ]
                .contains(&bare)
            {
                break;
            }
        }
    }
    stem.to_string()
}

/// Words after which a noun phrase has ended ("the cast won", "the cast was").
fn is_joint(w: &str) -> bool {
    finite_verb(w)
        || w.ends_with('s') && !w.ends_with("ss")
        || [
            "and", "in", "on", "at", "for", "from", "with", "by", "to", "who", "which", "that",
        ]
        .contains(&w)
}

/// Whether the stem says the answer's adjective: "known as Venezia in Italian, located in
/// northeastern ___" is Italy, "the Swedish cinematographer... in ___" Sweden.
fn names_its_people(stem: &str, place: &str) -> bool {
    const IRREGULAR: &[(&str, &str)] = &[
        ("France", "French"),
        ("Spain", "Spanish"),
        ("Netherlands", "Dutch"),
        ("Wales", "Welsh"),
        ("Ireland", "Irish"),
        ("Rome", "Roman"),
        ("Denmark", "Danish"),
        ("Poland", "Polish"),
        ("Finland", "Finnish"),
        ("Turkey", "Turkish"),
        ("Switzerland", "Swiss"),
        ("Greece", "Greek"),
    ];
    let listed = IRREGULAR
        .iter()
        .any(|(p, adj)| *p == place && contains_word(stem, adj));
    // Italy/Italian, Sweden/Swedish, China/Chinese: the same first four letters.
    let prefix: String = place.chars().take(4).collect();
    let shared = prefix.chars().count() == 4
        && !place.contains(' ')
        && stem.split(|c: char| !c.is_alphanumeric()).any(|w| {
            w != place
                && w.chars().count() > 4
                && w.starts_with(prefix.as_str())
                && w.starts_with(char::is_uppercase)
        });
    listed || shared
}

/// Whether a stem names something besides its answer: a capitalized word that is not the
/// opening question word, or a quoted title.
pub fn names_something(stem: &str, answer: &str) -> bool {
    const NOT_NAMES: &[&str] = &[
        "Who", "Which", "What", "How", "Where", "When", "Whom", "In", "On", "At", "The", "A", "An",
        "I", "True", "False", "During", "After", "Before", "By", "For", "From", "Since", "Over",
        "Under", "With", "Born", "Built", "As", "Of", "To",
    ];
    let answer_words: Vec<&str> = answer.split_whitespace().collect();
    if stem.contains('"') || stem.contains('“') {
        return true;
    }
    stem.split_whitespace().any(|w| {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric());
        let common = NOT_NAMES.contains(&w) || MONTHS.contains(&w) || answer_words.contains(&w);
        w.starts_with(|c: char| c.is_uppercase()) && !common
    })
}

/// Normalizes spaces and the final mark.
/// Openers that join a sentence to the one before ("Firstly", "Additionally"): a question
/// read on its own drops them.
const LINKING_OPENERS: &[&str] = &[
    "firstly",
    "secondly",
    "additionally",
    "however",
    "furthermore",
    "moreover",
    "in addition",
    "also",
    "interestingly",
    "meanwhile",
    "finally",
    "nevertheless",
    "incidentally",
    "indeed",
    "of course",
    "in fact",
    "fun fact",
    "notably",
];

/// Words that only make sense next to the sentence before ("also", "actually", "too").
const LINKING_WORDS: &[&str] = &["also", "additionally", "actually", "too", "as well"];

fn tidy(stem: &str) -> String {
    // "the Academy Award® for Best Actress": a mark is no part of the name read out.
    let stem = stem.replace(['®', '™'], "");
    let mut out = stem.split_whitespace().collect::<Vec<_>>().join(" ");
    let lower = out.to_lowercase();
    for opener in LINKING_OPENERS {
        if let Some(rest) = lower.strip_prefix(opener) {
            if let Some(rest) = rest.strip_prefix(", ").or_else(|| rest.strip_prefix(' ')) {
                out = out[out.len() - rest.len()..].to_string();
                break;
            }
        }
    }
    // "who also played" -> "who played"; "..., too." -> "...."; never inside quotes.
    for w in LINKING_WORDS {
        for (pat, by) in [
            (format!(" {w} "), " "),
            (format!(", {w}?"), "?"),
            (format!(" {w}?"), "?"),
            (format!(", {w}."), "."),
        ] {
            if let Some(at) = out.find(&pat) {
                if out[..at].matches('"').count() % 2 == 0 {
                    out.replace_range(at..at + pat.len(), by);
                }
            }
        }
    }
    // "Ryan Gosling then spent..." follows a step the player has not read: "then" goes when
    // a verb follows it.
    if let Some(at) = out.find(" then ") {
        let next = out[at + 6..].split(' ').next().unwrap_or("");
        if finite_verb(next) || PAST_VERBS.contains(&next) {
            out.replace_range(at..at + 5, "");
        }
    }
    out = out.replace(" ?", "?").replace(" ,", ",");
    // A stray quote left over from the sentence before: "\" According to Chazelle, ..."
    if out.matches('"').count() % 2 == 1 && out.starts_with('"') {
        out = out[1..].trim_start().to_string();
    }
    if let Some(first) = out.chars().next() {
        if first.is_lowercase() {
            out = capitalize(&out);
        }
    }
    do_support(&out)
}

/// "How many roles had Frank Morgan in the film?" -> "How many roles did Frank Morgan have
/// in the film?": a fronted main verb "had"/"has" takes "did"/"does ... have". An
/// auxiliary ("had Darwin visited") is left as it is.
fn do_support(stem: &str) -> String {
    let Some(q) = stem.strip_suffix('?') else {
        return stem.to_string();
    };
    for (verb, aux) in [(" had ", " did "), (" has ", " does ")] {
        let Some(at) = q.find(verb) else { continue };
        let head = &q[..at];
        let first = head.split(' ').next().unwrap_or("");
        if !["How", "What", "Which", "Where", "When"].contains(&first) {
            continue;
        }
        // The subject after the verb: capitalized words, joined by "of", "the", "and".
        let words: Vec<&str> = q[at + verb.len()..].split(' ').collect();
        let mut n = 0;
        while n < words.len() {
            let w = words[n];
            let capital = w.starts_with(|c: char| c.is_uppercase());
            let joint = ["of", "the", "and"].contains(&w)
                && words
                    .get(n + 1)
                    .is_some_and(|x| x.starts_with(|c: char| c.is_uppercase()));
            if capital || n > 0 && joint {
                n += 1;
            } else {
                break;
            }
        }
        if n == 0 {
            continue;
        }
        let next = words.get(n).copied().unwrap_or("");
        if next.ends_with("ed") || next.ends_with("en") || finite_verb(next) {
            continue;
        }
        let subject = words[..n].join(" ");
        let rest = words[n..].join(" ");
        let rest = if rest.is_empty() {
            String::new()
        } else {
            format!(" {rest}")
        };
        return format!("{head}{aux}{subject} have{rest}?");
    }
    stem.to_string()
}

/// A sentence written under a photo ("in the background can be seen", "pictured above").
fn leans_on_a_picture(stem: &str) -> bool {
    let l = stem.to_lowercase();
    [
        "in the background",
        "in the foreground",
        "pictured",
        "seen here",
        "shown here",
        "shown above",
        "shown below",
        "this photo",
        "this image",
        "this picture",
        "this shot",
        "the photo",
        "the picture",
        "on the left",
        "on the right",
    ]
    .iter()
    .any(|w| l.contains(w))
}

pub fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// Lowercases a leading "The"/"A"/"In" but never a name.
fn lower_first(s: &str) -> String {
    let first = s.split(' ').next().unwrap_or("");
    if NOT_NAME_START.contains(&first) {
        lower_initial(s)
    } else {
        s.to_string()
    }
}

/// The text with its first letter lowercased.
fn lower_initial(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_lowercase().collect::<String>())
        .unwrap_or_default()
        + c.as_str()
}

/// Whether the `len` bytes at `at` in `hay` stand as a whole word (no letter or digit on
/// either side): the one boundary test of every whole-word search here.
pub(super) fn whole_word_at(hay: &str, at: usize, len: usize) -> bool {
    let before = hay[..at].chars().next_back();
    let after = hay[at + len..].chars().next();
    !before.is_some_and(|c| c.is_alphanumeric()) && !after.is_some_and(|c| c.is_alphanumeric())
}

/// Whether `needle` occurs in `hay` as whole words (case-insensitive).
pub fn contains_word(hay: &str, needle: &str) -> bool {
    let hay = hay.to_lowercase();
    let needle = needle.to_lowercase();
    if needle.is_empty() {
        return false;
    }
    let mut from = 0;
    while let Some(p) = hay[from..].find(&needle).map(|p| p + from) {
        if whole_word_at(&hay, p, needle.len()) {
            return true;
        }
        from = p + needle.len().max(1);
    }
    false
}

/// Whether a person span is a part someone played, so actors are no wrong answers for it:
/// "DeWitt also played 'Midge Daniels' in Mad Men" (right after the verb), "Miles Anderson
/// played Colonel Dempsey in Ultimate Force and Roger O'Neill in House of Cards" (beside one).
fn part_read_as_a_person(s: &str, span: &Span) -> bool {
    if span.kind != Kind::Person {
        return false;
    }
    let before = &s[..span.start];
    let quoted = before.trim_end_matches(['\'', '"', '‘', '“']).trim_end();
    let verbs = [" played", " plays", " play", " portrayed", " portrays"];
    verbs.iter().any(|v| quoted.ends_with(v))
        || before.ends_with(" and ")
            && s[span.end..].starts_with(" in ")
            && verbs.iter().any(|v| {
                before
                    .rfind(&format!("{v} "))
                    .is_some_and(|p| !before[p..].contains(['.', ';']))
            })
}

/// The film the two sentences before this one name, when they name one other than the
/// topic and not the topic itself: what "this film" then means. An empty name: they speak
/// of another film without naming it ("Chazelle's first film was, ...").
fn film_named_before(c: &Corpus, id: usize) -> Option<String> {
    let base = c.sentences[id].rewritten_from.unwrap_or(id);
    let doc = c.sentences[base].doc;
    if !c.topic.is_empty() && contains_word(&c.sentences[base].text, &c.topic) {
        return None;
    }
    for j in (base.saturating_sub(2)..base).rev() {
        let s = &c.sentences[j];
        if s.doc != doc || !c.topic.is_empty() && contains_word(&s.text, &c.topic) {
            return None;
        }
        let title = s
            .spans
            .iter()
            .filter(|sp| sp.kind == Kind::Title && sp.fine != "song")
            .map(|sp| sp.text(&s.text))
            .rfind(|t| !t.eq_ignore_ascii_case(&c.topic) && t.contains(' '));
        if let Some(t) = title {
            return Some(t.to_string());
        }
        if [
            "first film",
            "short film",
            "student film",
            "earlier film",
            "first feature",
        ]
        .iter()
        .any(|w| s.lower.contains(w))
        {
            return Some(String::new());
        }
    }
    None
}

/// How a stem points at a film named before it.
const THIS_FILM: &[&str] = &["this film", "This film", "this movie", "This movie"];

/// "this film" (not followed by a title) written as the film's name.
fn name_the_film(stem: &str, title: &str) -> String {
    for pat in THIS_FILM {
        if let Some(p) = stem.find(pat) {
            let after = &stem[p + pat.len()..];
            let before_ok = p == 0 || stem[..p].ends_with(' ');
            let after_ok = after.is_empty()
                || after.starts_with(['.', ',', '?', ';'])
                || after.starts_with(' ')
                    && !after[1..].starts_with(|ch: char| ch.is_uppercase() || ch == '"');
            if before_ok && after_ok {
                return format!("{}{title}{after}", &stem[..p]);
            }
        }
    }
    stem.to_string()
}

/// Whether every use of the answer's first name in the stem is another person's first name:
/// "Who turned down the role of Mia (Emma Stone's character)?" gives nothing away about
/// Emma Watson; "Who did Emma marry?" would.
fn first_name_of_another(stem: &str, word: &str, answer: &str) -> bool {
    let mut names = answer.split_whitespace();
    let (Some(first), Some(rest)) = (names.next(), names.next()) else {
        return false;
    };
    if first != word {
        return false;
    }
    let mut uses = stem.match_indices(word).peekable();
    if uses.peek().is_none() {
        return false;
    }
    uses.all(|(p, _)| {
        // Inside another word ("Emmanuel") is no use of the name.
        let starts_a_word = !stem[..p].ends_with(|c: char| c.is_alphanumeric());
        let next = stem[p + word.len()..].strip_prefix(' ').unwrap_or("");
        let next_word = next
            .split(|c: char| !c.is_alphanumeric() && c != '-')
            .next()
            .unwrap_or("");
        !starts_a_word
            || next_word.starts_with(|c: char| c.is_uppercase())
                && next_word != rest.trim_end_matches("'s")
    })
}

#[cfg(test)]
mod tests {

    #[test]
    fn a_part_someone_played_is_no_person_to_ask() {
        use super::super::spans::{find, Gazetteer, Kind};
        let part = |s: &str, name: &str| {
            let spans = find(s, &Gazetteer::default());
            let span = spans
                .into_iter()
                .find(|sp| sp.kind == Kind::Person && sp.text(s) == name)
                .unwrap_or_else(|| panic!("no span {name}"));
            super::part_read_as_a_person(s, &span)
        };
        let s = "Rosemarie DeWitt also played 'Midge Daniels' in the TV series Mad Men.";
        assert!(part(s, "Midge Daniels"));
        assert!(!part(s, "Rosemarie DeWitt"));
        let s = "Damien Chazelle cast Emma Stone after seeing her play Sally Bowles in Cabaret.";
        assert!(part(s, "Sally Bowles"));
        let s = "Miles Anderson played Colonel Dempsey in Ultimate Force and Roger O'Neill in House of Cards.";
        assert!(part(s, "Roger O'Neill"));
        assert!(!part(
            "Ryan Gosling and Emma Stone played in Gangster Squad.",
            "Ryan Gosling"
        ));
    }

    /// A corpus on the film "Moonrise" from these lines, and a finder of the sentence that
    /// holds a marker.
    fn moonrise(text: &str) -> (super::super::facts::Corpus, impl Fn(&str) -> usize + '_) {
        use super::super::{facts::Corpus, Document, Options, Report};
        let doc = Document::from_named("d.txt", text);
        let opts = Options {
            topic: Some("Moonrise".into()),
            ..Default::default()
        };
        let c = Corpus::build(&[doc], &opts, &mut Report::default());
        let texts: Vec<String> = c.sentences.iter().map(|s| s.text.clone()).collect();
        let find = move |marker: &str| {
            texts
                .iter()
                .position(|t| t.contains(marker))
                .expect("the marked sentence")
        };
        (c, find)
    }

    #[test]
    fn this_film_after_another_film_is_that_film() {
        let (c, at) = moonrise(
            "Moonrise is a 2016 film by Ann Lee.\n\
             Ann Lee made Moonrise in Paris.\n\
             Ann Lee's debut was Park Bench Blues (2009).\n\
             Ann Lee made this film as her senior thesis in 2009.\n\
             Ann Lee's first film was, of all things, a romance.\n\
             Ann Lee wrote this film as a student in 2007.\n",
        );
        assert_eq!(
            super::film_named_before(&c, at("thesis")).as_deref(),
            Some("Park Bench Blues")
        );
        assert_eq!(
            super::film_named_before(&c, at("as a student")).as_deref(),
            Some("")
        );
        assert_eq!(super::film_named_before(&c, at("in Paris")), None);
        assert_eq!(
            super::name_the_film("She made this film as her thesis in ___.", "Guy"),
            "She made Guy as her thesis in ___."
        );
        assert_eq!(
            super::name_the_film("She starred in the film Birdman.", "Guy"),
            "She starred in the film Birdman."
        );
    }

    #[test]
    fn a_casting_statement_names_the_work() {
        let (c, at) = moonrise(
            "Moonrise is a 2016 film by Ann Lee.\n\
             Ann Lee decided to cast Kate Dunn after seeing her play a nurse on stage.\n",
        );
        let id = at("decided");
        let stem = "Ann Lee decided to cast ___ after seeing her play a nurse on stage.";
        assert_eq!(
            super::anchor(&c, id, stem, Kind::Person, "Kate Dunn"),
            format!("In Moonrise, {stem}")
        );
    }

    #[test]
    fn another_persons_first_name_gives_nothing_away() {
        let away = |stem: &str| !super::first_name_of_another(stem, "Emma", "Emma Watson");
        assert!(!away(
            "Who turned down the role of Mia (Emma Stone's character)?"
        ));
        assert!(away("Who did Emma marry in 2019?"));
        assert!(away("Which Emma Watson film came out in 2017?"));
        // Only the first name: a shared surname still points at the answer.
        assert!(!super::first_name_of_another(
            "Who did Tom Watson marry?",
            "Watson",
            "Emma Watson"
        ));
    }

    #[test]
    fn a_verb_before_a_role_stays_where_it_is() {
        use super::super::spans::{find, Gazetteer, Kind};
        let s = "While at Harvard, Wallach auditioned against director Damien Chazelle for a band.";
        let span = find(s, &Gazetteer::default())
            .into_iter()
            .find(|sp| sp.kind == Kind::Person && sp.text(s) == "Damien Chazelle")
            .unwrap();
        assert_eq!(
            super::in_situ_name(s, &span).as_deref(),
            Some("While at Harvard, Wallach auditioned against which director for a band?")
        );
    }

    #[test]
    fn an_appositive_after_the_subject_is_skipped() {
        let post = super::skip_appositive(", star of Whiplash, was considered for the part.", true);
        assert_eq!(post, " was considered for the part.");
        let post = super::skip_appositive(", star of Whiplash was considered for the part.", true);
        assert_eq!(post, " was considered for the part.");
        // Not inside a sentence, and not when what follows is no verb.
        let inside = ", star of Whiplash, was considered.";
        assert_eq!(super::skip_appositive(inside, false), inside);
        let list = ", Emma Stone, Ryan Gosling and others.";
        assert_eq!(super::skip_appositive(list, true), list);
    }

    #[test]
    fn a_blank_does_not_cut_a_title_in_two() {
        use super::super::spans::{find, Gazetteer, Kind};
        let at = |s: &str| {
            let spans = find(s, &Gazetteer::default());
            let span = spans.into_iter().find(|sp| sp.kind == Kind::Place).unwrap();
            super::blank_reads_well(s, &span)
        };
        assert!(!at(
            "Scott played the lead in An American Werewolf in London."
        ));
        assert!(at(
            "The Birdland club in New York was named after Charlie Parker."
        ));
    }

    #[test]
    fn a_short_place_name_is_written_in_full() {
        use super::super::{facts::Corpus, Document, Options, Report};
        let doc = Document::from_named(
            "d.txt",
            "The Griffith Observatory sits above the city.\n\
             Many films were shot at the Griffith Observatory.\n\
             The Griffith Observatory opened to the public.\n\
             The Griffith Observatory has a planetarium.\n\
             A telescope came from the Park Observatory nearby.\n\
             The Rialto Theatre closed and the Rialto Theater sign stayed.\n",
        );
        let c = Corpus::build(&[doc], &Options::default(), &mut Report::default());
        assert_eq!(
            super::full_venue_names(&c, "In what year was the Observatory built?", "1935"),
            "In what year was the Griffith Observatory built?"
        );
        // Two spellings of one place: one of them is written.
        let rialto = super::full_venue_names(&c, "Since what year has the Rialto been closed?", "");
        assert!(
            rialto.starts_with("Since what year has the Rialto Theat"),
            "{rialto}"
        );
        // Already in full, or nothing the documents name: left alone.
        let s = "When did the Griffith Observatory open?";
        assert_eq!(super::full_venue_names(&c, s, "1935"), s);
        let s = "Who built the Tower?";
        assert_eq!(super::full_venue_names(&c, s, "X"), s);
    }

    #[test]
    fn a_question_of_a_name_and_an_age_alone_says_nothing() {
        use super::says_something;
        assert!(!says_something("Emma Stone was how many years old?"));
        assert!(says_something("In what year was Venice founded?"));
        assert!(says_something("La La Land totaled how many wins?"));
    }

    #[test]
    fn a_fronted_main_verb_have_takes_do() {
        assert_eq!(
            super::do_support("How many different directors had The Wizard of Oz?"),
            "How many different directors did The Wizard of Oz have?"
        );
        assert_eq!(
            super::do_support("How many roles had Frank Morgan in The Wizard of Oz?"),
            "How many roles did Frank Morgan have in The Wizard of Oz?"
        );
        assert_eq!(
            super::do_support("Where has La La Land a famous set piece?"),
            "Where does La La Land have a famous set piece?"
        );
        // An auxiliary stays: "had Darwin visited" is already a question.
        let aux = "How many islands had Charles Darwin visited by 1835?";
        assert_eq!(super::do_support(aux), aux);
    }

    use super::*;
    use crate::generate::spans::{find, Gazetteer};

    #[test]
    fn an_emphatic_herself_leans_on_the_sentence_before() {
        assert!(
            vague_reference("Emma Stone is a school dropout herself, having moved at 15.")
                .is_some()
        );
        assert!(vague_reference("She taught herself the piano in 1990.").is_none());
        assert!(vague_reference("In real life, ___ is a classically trained pianist.").is_some());
    }

    #[test]
    fn an_adjective_of_the_answer_gives_a_place_away() {
        let venice = "Venice, known as Venezia in Italian, is located in northeastern ___.";
        assert!(names_its_people(venice, "Italy"));
        assert!(names_its_people("A French film was shot in ___.", "France"));
        assert!(!names_its_people(venice, "Austria"));
        // A longer word that only starts alike is no adjective of a place with a space.
        assert!(!names_its_people("New Yorkers met in ___.", "New York"));
    }

    #[test]
    fn linking_words_and_openers_are_dropped() {
        assert_eq!(
            tidy("Firstly the city is set in ___."),
            "The city is set in ___."
        );
        assert_eq!(
            tidy("Who also played 'Midge Daniels' in Mad Men?"),
            "Who played 'Midge Daniels' in Mad Men?"
        );
        assert_eq!(
            tidy("Additionally, the cast won an award in which year?"),
            "The cast won an award in which year?"
        );
        // Inside quotes the words are the title's own.
        assert_eq!(
            tidy("Who sang \"Me also here\"?"),
            "Who sang \"Me also here\"?"
        );
    }

    #[test]
    fn photo_captions_are_not_questions() {
        assert!(leans_on_a_picture("In the background can be seen the ___."));
        assert!(!leans_on_a_picture("Who built the Watts Towers?"));
    }

    #[test]
    fn parts_of_a_work_get_its_name() {
        let c = Corpus {
            topic: "Friends".into(),
            topic_kind: Some(Kind::Title),
            ..Corpus::default()
        };
        assert_eq!(
            part_of_topic(&c, "The cast won an award in which year?"),
            "The cast of Friends won an award in which year?"
        );
        assert_eq!(
            part_of_topic(&c, "Each episode is on average how many minutes long?"),
            "Each episode of Friends is on average how many minutes long?"
        );
        assert_eq!(
            part_of_topic(&c, "During the first season, cast members earned how much?"),
            "During the first season of Friends, cast members earned how much?"
        );
        // "the set designer" is another noun; "the set of" already says of what.
        for kept in [
            "Who was the set designer of the pilot?",
            "Who built the set of the show?",
        ] {
            assert!(
                !part_of_topic(&c, kept).starts_with("Who was the set of"),
                "{kept}"
            );
        }
        assert_eq!(
            part_of_topic(&c, "Who was the set designer?"),
            "Who was the set designer?"
        );
    }

    fn ask(s: &str, answer: &str) -> String {
        let spans = find(s, &Gazetteer::default());
        let span = spans
            .iter()
            .find(|sp| sp.text(s).starts_with(answer))
            .unwrap_or_else(|| panic!("{answer} in {spans:?}"));
        if let Some(q) = subject_question(s, span)
            .or_else(|| passive_agent_question(s, span))
            .or_else(|| fronted_question(s, span))
        {
            return tidy(&q);
        }
        tidy(&in_situ_question(s, span).unwrap_or_else(|| blank(s, span)))
    }

    #[test]
    fn wh_patterns() {
        assert_eq!(
            ask(
                "Emma Stone's aerial dancing was doubled by Emilie Livingston.",
                "Emilie"
            ),
            "Who doubled Emma Stone's aerial dancing?"
        );
        assert_eq!(
            ask(
                "Only 30 dancers were used for the \"Another Day of Sun\" sequence.",
                "30"
            ),
            "How many dancers were used for the \"Another Day of Sun\" sequence?"
        );
        assert_eq!(
            ask(
                "The interiors of Mia's apartment were shot at The Langham Apartments.",
                "Langham"
            ),
            "Where were the interiors of Mia's apartment shot?"
        );
        assert_eq!(
            ask(
                "The Rialto has been closed since 2007 because it was unable to sustain itself.",
                "2007"
            ),
            "Since what year has the Rialto been closed?"
        );
        assert_eq!(
            ask("The studio increased the budget to $30 million.", "$30"),
            "The studio increased the budget to how much?"
        );
        assert_eq!(
            ask("Damien Chazelle began work on the film in 2010.", "2010"),
            "Damien Chazelle began work on the film in which year?"
        );
    }

    #[test]
    fn a_pair_names_the_partner_and_a_record_is_asked() {
        let s = "Damien Chazelle and Justin Hurwitz came up with the idea of the film at Harvard University in 2010 with Hurwitz writing the tracks.";
        assert_eq!(
            ask(s, "Justin"),
            "With Damien Chazelle, who came up with the idea of the film at Harvard University in 2010?"
        );
        assert_eq!(
            ask(s, "Damien"),
            "With Justin Hurwitz, who came up with the idea of the film at Harvard University in 2010?"
        );
        // A list is no pair: "Frank Borman, Jim Lovell and William Anders".
        assert!(!ask(
            "Frank Borman, Jim Lovell and William Anders flew on Apollo 8.",
            "William"
        )
        .starts_with("With"));
        assert_eq!(
            ask(
                "Damien Chazelle is the first director to win the award for a musical since Bob Fosse.",
                "Damien"
            ),
            "Who is the first director to win the award for a musical since Bob Fosse?"
        );
        assert_eq!(
            ask(
                "Emma Stone's aerial dancing was doubled by Emilie Livingston.",
                "Emma"
            ),
            "Whose aerial dancing was doubled by Emilie Livingston?"
        );
        // Another place in the question: "Where" would be answered already.
        assert_eq!(
            ask(
                "The interiors were shot at The Smokehouse restaurant in Burbank.",
                "Burbank"
            ),
            "In which city were the interiors shot at The Smokehouse restaurant?"
        );
    }

    #[test]
    fn a_sentence_that_lost_its_who_is_not_asked() {
        assert!(two_main_verbs(
            "Clifton Eddie plays Seb's drummer also performed in the film Whiplash."
        ));
        assert!(!two_main_verbs(
            "Nedra Wheeler who plays Seb's bassist has performed with many musicians."
        ));
        assert!(!two_main_verbs(
            "Emma Stone plays Mia, and she starred in Easy A."
        ));
    }

    #[test]
    fn a_time_after_the_sentence_before_leans_on_it() {
        assert!(super::vague_reference(
            "Two days later, the U.S. beat ___ and won the gold medal."
        )
        .is_some());
        assert!(super::vague_reference("The U.S. beat ___ in the final.").is_none());
    }

    #[test]
    fn a_short_but_and_a_year_in_brackets_stay() {
        assert_eq!(
            ask(
                "Both Emma Stone and Ryan Gosling were slated to act in Focus (2015) but dropped out.",
                "Focus"
            ),
            "Both Emma Stone and Ryan Gosling were slated to act in which film (2015) but dropped out?"
        );
        assert!(super::vague_reference(
            "Sandy Powell was nominated for how many other films in 2015, Cinderella and Carol?"
        )
        .is_some());
    }

    #[test]
    fn the_documents_own_parenthesis_goes_and_a_question_lead_naming_nobody_too() {
        let sentence = "Adding to the coincidental connections between the two films, Chazelle decided to cast Emma Stone after seeing her play Sally Bowles (the role for which Liza Minnelli won Best Actress) in the 2014 Broadway revival of Cabaret.";
        let stem = "Adding to the coincidental connections between the two films, Chazelle decided to cast Emma Stone after seeing her play Sally Bowles (the role for which Liza Minnelli won Best Actress) in the 2014 Broadway revival of which musical?";
        assert_eq!(
            shorten(stem, sentence),
            "Chazelle decided to cast Emma Stone after seeing her play Sally Bowles in the 2014 Broadway revival of which musical?"
        );
        let sentence = "By the time filming had begun, Gosling was able to play all the piano sequences seen in the film without the use of a hand double or CGI.";
        let stem = "By the time filming had begun, who was able to play all the piano sequences seen in La La Land without the use of a hand double or CGI?";
        assert!(shorten(stem, sentence).starts_with("Who was able"));
        // "With Damien Chazelle, who came up with...": the lead names the partner.
        let stem = "With Damien Chazelle, who came up with the idea of La La Land during their senior year at Harvard University?";
        assert_eq!(shorten(stem, stem), stem);
    }

    #[test]
    fn a_list_item_is_no_aside() {
        let long = "Nearby landmarks that visitors of the area enjoy include The Magic Castle, the Chateau Elysee, a former apartment house and the Shakespeare Bridge.";
        assert!(
            shorten(long, long).contains("the Chateau Elysee"),
            "{}",
            shorten(long, long)
        );
    }

    #[test]
    fn cuts_keep_context_and_never_dangle() {
        assert_eq!(
            ask(
                "Ryan Gosling then spent two hours a day, six days a week in piano lessons.",
                "Ryan"
            ),
            "Who spent two hours a day, six days a week in piano lessons?"
        );
        assert_eq!(
            ask(
                "Mary Zophres coordinated with designer David Wasco to create a world in which the costumes harmonize.",
                "Mary"
            ),
            // The relative says what world: it is kept, not cut to "to create a world".
            "Who coordinated with designer David Wasco to create a world in which the costumes harmonize?"
        );
        assert_eq!(
            ask(
                "Stone moved to Hollywood from Arizona at age 15 with her mother.",
                "15"
            ),
            "Stone moved to Hollywood from Arizona at what age with her mother?"
        );
        assert_eq!(
            tidy("\" According to Chazelle, the ___ was alchemical."),
            "According to Chazelle, the ___ was alchemical."
        );
    }

    #[test]
    fn passive_agent_needs_a_plain_subject_and_one_agent() {
        let s = "In 1955 it was purchased by William Wagner and Wayne McAllister and rebuilt.";
        let spans = find(s, &Gazetteer::default());
        let span = spans
            .iter()
            .find(|sp| sp.text(s).starts_with("William"))
            .unwrap();
        assert_eq!(passive_agent_question(s, span), None);
    }

    #[test]
    fn times_and_lists_are_not_clause_breaks() {
        assert_eq!(
            cut_clause(" onto the Moon on July 21, 1969 at 02:56 UTC."),
            " onto the Moon on July 21, 1969 at 02:56 UTC."
        );
        assert_eq!(
            cut_clause(" were named Aldrin, Collins and Armstrong"),
            " were named Aldrin, Collins and Armstrong"
        );
        assert_eq!(
            cut_clause(" lived in Paris, where she studied"),
            " lived in Paris"
        );
        let s = "The plaque was signed by the three astronauts and by President Nixon.";
        let spans = find(s, &Gazetteer::default());
        let span = spans
            .iter()
            .find(|sp| sp.text(s).starts_with("three"))
            .unwrap();
        assert_eq!(fronted_question(s, span), None);
    }

    #[test]
    fn source_typos_are_mended_in_stems() {
        let ctx = crate::generate::quality::Context::new(&[crate::generate::Document::from_named(
            "a.txt",
            "Ryan Gosling plays piano. Ryan Gosling cannot whistle.",
        )]);
        assert_eq!(
            repair_typos("Who whistled as ryan Gosling is unable to?", &ctx),
            "Who whistled as Ryan Gosling is unable to?"
        );
        assert_eq!(
            repair_typos("Lionsgate opened it on Decmber 9?", &ctx),
            "Lionsgate opened it on December 9?"
        );
    }

    #[test]
    fn blanks_keep_the_noun_of_a_count() {
        assert_eq!(
            blank(
                "It won seven awards.",
                &find("It won seven awards.", &Gazetteer::default())[0]
            ),
            "It won ___ awards."
        );
    }
}
