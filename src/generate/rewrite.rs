//! Long sentences rewritten into the short statements they make.
//!
//! Blind readers reject questions cut out of long sentences, and the cut-outs were refused
//! as "too long to read out", so the best facts of real documents were lost: "Ray Bolger,
//! who played the Scarecrow, was a smoker." holds "Ray Bolger played the Scarecrow.", and
//! "Designed by Danish architect Jørn Utzon, but completed by ..., the building was opened
//! ..." holds "The building was designed by Danish architect Jørn Utzon.". Each statement
//! is then treated like a sentence of its own (it gets spans and questions), while the
//! question's source stays the document's sentence. Only patterns whose rewrite keeps the
//! meaning are used: a relative clause about a named person, a participle with its agent,
//! independent clauses joined by ";" or ", while", and a main clause before a side clause.

use regex::Regex;
use std::sync::LazyLock;

/// At most this many statements per sentence (bounded: linear cost).
const MAX_STATEMENTS: usize = 4;
/// Sentences shorter than this read out well as they are.
const MIN_WORDS: usize = 14;

/// Participles that take "by" + the one who did it.
const BY_PARTICIPLES: &str = "designed|built|written|directed|produced|composed|founded|completed|created|painted|recorded|commissioned|invented|discovered|developed|launched|owned|played|voiced|sung|performed|led|coached|won";

/// A capitalized name of one to four words ("Ray Bolger", "Jørn Utzon").
const NAME: &str = r"\p{Lu}[\p{L}'’.-]+(?: \p{Lu}[\p{L}'’.-]+){0,3}";

static RELATIVE_WHO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?:^|[\s(])({NAME}), who ([a-z][^,;:()]+?)(?:,|\.$)"
    ))
    .unwrap()
});
static FRONTED_PARTICIPLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^(?i:({BY_PARTICIPLES})) by ([^,;]+?)(?:, (?:but|and) ((?i:{BY_PARTICIPLES})) by ([^,;]+?))?, ((?:the|a|an|its|\p{{Lu}})[^,;]{{1,60}}?) (was|is|were|are|has|had|became|opened|stands)\b"
    ))
    .unwrap()
});
static EMBEDDED_PARTICIPLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^((?:The|A|An|{NAME})[^,;]{{0,50}}?), ((?:{BY_PARTICIPLES}) by [^,;]+?)(?: and [^,;]+?)?, (?:was|is|were|are|has|had|became|\p{{Ll}}+ed)\b"
    ))
    .unwrap()
});

/// The statements a long sentence makes, each a sentence of its own ending in ".", without
/// the sentence itself. Empty for short sentences and for those no pattern fits.
pub fn statements(sentence: &str) -> Vec<String> {
    let s = sentence.trim();
    if !s.ends_with('.') {
        return Vec::new();
    }
    let mut out: Vec<String> = Vec::new();
    let mut add = |t: String| {
        let t = tidy(&t);
        if t != s && t.split_whitespace().count() >= 5 && !out.contains(&t) {
            out.push(t);
        }
    };
    // A relative clause about a named person, whatever the length: "Ray Bolger, who played
    // the Scarecrow, was a smoker." asks nothing as a blank at its start.
    for c in RELATIVE_WHO.captures_iter(s) {
        let rel = &c[2];
        if starts_with_verb(rel) {
            add(format!("{} {rel}.", &c[1]));
        }
    }
    if s.split_whitespace().count() < MIN_WORDS {
        out.truncate(MAX_STATEMENTS);
        return out;
    }
    if let Some(c) = FRONTED_PARTICIPLE.captures(s) {
        let subject = capitalize(&c[5]);
        add(format!(
            "{subject} was {} by {}.",
            c[1].to_lowercase(),
            &c[2]
        ));
        if let (Some(p), Some(by)) = (c.get(3), c.get(4)) {
            add(format!(
                "{subject} was {} by {}.",
                p.as_str().to_lowercase(),
                by.as_str()
            ));
        }
    }
    if let Some(c) = EMBEDDED_PARTICIPLE.captures(s) {
        // "The structure, designed by Jørn Utzon and funded by ..., was built ..."
        add(format!("{} was {}.", &c[1], &c[2]));
    }
    // Independent clauses: "...; no location filming was done in New York."
    for joint in ["; ", ", while ", ", whereas ", ", but "] {
        if let Some((left, right)) = s.split_once(joint) {
            if clause(left) && clause(right) && stands_alone(right) {
                add(format!("{}.", left.trim_end_matches([',', ';'])));
                add(capitalize(right));
            }
        }
    }
    // The main clause before a side clause: "X was Y, which ..." -> "X was Y."
    for side in [
        ", which ",
        ", who ",
        ", where ",
        ", thanks to ",
        ", resulting in ",
        ", although ",
        ", though ",
        ", after which ",
        ", noting ",
        ", adding that ",
        ", saying ",
        ", explaining ",
        ": ",
        " – ",
        " - ",
    ] {
        if let Some(p) = s.find(side) {
            let main = &s[..p];
            let rest = &s[p + side.len()..];
            if clause(main) && rest.split_whitespace().count() >= 3 && !unbalanced(main) {
                add(format!("{main}."));
            }
        }
    }
    out.truncate(MAX_STATEMENTS);
    for t in &out {
        super::debug_drop("rewritten as", t);
    }
    out
}

/// Whether a clause has a subject and a finite verb, by the crude test that it has at
/// least five words and one of them looks like a finite verb.
fn clause(t: &str) -> bool {
    let words: Vec<&str> = t.split_whitespace().collect();
    words.len() >= 5
        && words
            .iter()
            .skip(1)
            .any(|w| super::questions::finite_verb(&w.to_lowercase()))
}

/// Whether a second clause has its own subject: it opens with an article, a number or a
/// name, not with a verb or a pronoun that leans on the first clause.
fn stands_alone(t: &str) -> bool {
    let first = t.split_whitespace().next().unwrap_or("");
    let l = first.to_lowercase();
    [
        "the", "a", "an", "no", "its", "their", "all", "many", "most", "some",
    ]
    .contains(&l.as_str())
        || first.starts_with(|c: char| c.is_uppercase())
            && ![
                "He", "She", "It", "They", "This", "That", "These", "Those", "His", "Her",
            ]
            .contains(&first)
}

fn starts_with_verb(t: &str) -> bool {
    let first = t.split_whitespace().next().unwrap_or("");
    super::questions::finite_verb(first) || first.ends_with('s') && first.len() > 3
}

fn unbalanced(t: &str) -> bool {
    t.matches('(').count() != t.matches(')').count()
        || t.matches('"').count() % 2 == 1
        || t.matches('“').count() != t.matches('”').count()
}

fn capitalize(t: &str) -> String {
    super::questions::capitalize(t.trim())
}

/// One space between words, and one full stop at the end.
fn tidy(t: &str) -> String {
    let t = t.split_whitespace().collect::<Vec<_>>().join(" ");
    let t = t.trim_end_matches(['.', ',', ';', ':']).to_string();
    format!("{t}.")
}

#[cfg(test)]
mod tests {
    use super::statements;

    #[test]
    fn a_relative_clause_about_a_person_is_a_statement() {
        let s = statements(
            "Mike Eruzione scored the winning goal and the team held on, thanks to goaltender Jim Craig, who finished the game with 36 saves.",
        );
        assert!(
            s.contains(&"Jim Craig finished the game with 36 saves.".to_string()),
            "{s:?}"
        );
        assert!(
            s.contains(&"Mike Eruzione scored the winning goal and the team held on.".to_string()),
            "{s:?}"
        );
    }

    #[test]
    fn a_fronted_participle_gives_its_agent_to_the_subject() {
        let s = statements(
            "Designed by the Danish architect Karl Hansen, but completed by a local team headed by Ola Berg, the museum was formally opened by the king in 1980 after a long delay.",
        );
        assert!(
            s.contains(&"The museum was designed by the Danish architect Karl Hansen.".to_string()),
            "{s:?}"
        );
        assert!(
            s.contains(&"The museum was completed by a local team headed by Ola Berg.".to_string()),
            "{s:?}"
        );
    }

    #[test]
    fn independent_clauses_are_split_and_dependent_ones_are_not() {
        let s = statements(
            "Every episode was filmed at a studio lot in Burbank near the city; no location filming was ever done in New York.",
        );
        assert!(
            s.contains(&"No location filming was ever done in New York.".to_string()),
            "{s:?}"
        );
        // "..., but he" leans on the first clause: no statement of its own.
        let s = statements(
            "The young composer wrote the first draft of the score in a single week, but he threw it away soon after.",
        );
        assert!(s.iter().all(|t| !t.starts_with("He")), "{s:?}");
    }

    #[test]
    fn short_sentences_are_left_alone_but_for_a_relative_clause() {
        assert!(statements("The film was shot in Paris in the spring.").is_empty());
        assert_eq!(
            statements("Ray Bolger, who played the Scarecrow, was a smoker."),
            vec!["Ray Bolger played the Scarecrow.".to_string()]
        );
    }
}
