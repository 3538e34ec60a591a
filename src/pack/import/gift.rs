//! Moodle GIFT: `::title:: question text {=right ~wrong#feedback ####general feedback}`.
//!
//! We play multiple choice (one or several right answers, `~%50%` weights), true/false
//! and missing-word questions (text on both sides of the braces becomes a blank).
//! Essay, short answer, numerical, matching and description items cannot be played:
//! they are skipped and counted. `// comments` are ignored; `$CATEGORY:` starts a round;
//! feedback becomes the explanation.

use super::{collapse, html_to_text, Builder, Imported};
use crate::pack::model::Question;

/// Imports GIFT text.
pub fn import(text: &str, title: &str) -> Imported {
    let mut b = Builder::default();
    let mut round: Option<String> = None;
    for (line, block) in blocks(text) {
        let at = format!("line {line}");
        let trimmed = block.trim();
        if let Some(cat) = trimmed.strip_prefix("$CATEGORY:") {
            round = category_name(cat);
            continue;
        }
        match question(trimmed) {
            Ok(q) => b.add(round.as_deref(), q, at),
            Err(kind) => b.skip(at, kind),
        }
    }
    b.finish(title)
}

/// "$course$/top/Geography/Capitals" -> "Capitals".
fn category_name(path: &str) -> Option<String> {
    path.trim()
        .split('/')
        .map(str::trim)
        .rfind(|s| !s.is_empty() && *s != "$course$" && *s != "$system$" && *s != "top")
        .map(str::to_string)
}

/// The question blocks (separated by blank lines outside braces), comments removed,
/// each with the line it starts on.
fn blocks(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut start = 0;
    let mut depth = 0i32;
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim_end();
        if line.trim_start().starts_with("//") {
            continue;
        }
        if line.trim().is_empty() && depth <= 0 {
            if !current.trim().is_empty() {
                out.push((start, std::mem::take(&mut current)));
            }
            current.clear();
            depth = 0;
            continue;
        }
        if current.trim().is_empty() {
            start = i + 1;
        }
        // A category line stands alone even without a blank line after it.
        if line.trim_start().starts_with("$CATEGORY:") && depth <= 0 {
            if !current.trim().is_empty() {
                out.push((start, std::mem::take(&mut current)));
            }
            out.push((i + 1, line.to_string()));
            current.clear();
            continue;
        }
        let mut escaped = false;
        for c in line.chars() {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '{' => depth += 1,
                '}' => depth -= 1,
                _ => {}
            }
        }
        current.push_str(line);
        current.push('\n');
    }
    if !current.trim().is_empty() {
        out.push((start, current));
    }
    out
}

/// Index of the first `c` not escaped by a backslash, from `from`.
fn find_unescaped(s: &str, c: char, from: usize) -> Option<usize> {
    let mut escaped = false;
    for (i, ch) in s[from..].char_indices() {
        if escaped {
            escaped = false;
        } else if ch == '\\' {
            escaped = true;
        } else if ch == c {
            return Some(from + i);
        }
    }
    None
}

/// GIFT's escapes (`\~ \= \# \{ \} \:` and `\n`) to plain text.
fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n') => out.push('\n'),
                Some(other) => out.push(other),
                None => out.push('\\'),
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Question text, answers or feedback in the block's markup, as plain text.
fn plain(s: &str, html: bool) -> String {
    let text = unescape(s);
    if html {
        html_to_text(&text)
    } else {
        collapse(&text)
    }
}

/// One block as a question, or the kind of item we cannot play.
fn question(block: &str) -> Result<Question, String> {
    let mut rest = block;
    if let Some(after) = rest.strip_prefix("::") {
        if let Some(end) = find_unescaped(after, ':', 0).filter(|&e| after[e..].starts_with("::")) {
            rest = after[end + 2..].trim_start();
        }
    }
    let mut html = false;
    if rest.starts_with('[') {
        if let Some(end) = rest.find(']') {
            let format = rest[1..end].to_lowercase();
            if ["html", "moodle", "plain", "markdown"].contains(&format.as_str()) {
                html = format == "html" || format == "moodle";
                rest = &rest[end + 1..];
            }
        }
    }
    let Some(open) = find_unescaped(rest, '{', 0) else {
        return Err("description or text without answers in { }, nothing to play".into());
    };
    let Some(close) = find_unescaped(rest, '}', open) else {
        return Err("answers opened with { but never closed with }".into());
    };
    let before = plain(&rest[..open], html);
    let after = plain(&rest[close + 1..], html);
    let text = if after.is_empty() {
        before
    } else {
        // Missing-word format: "Mary had {...} lamb." becomes "Mary had _____ lamb."
        let gap = if after.starts_with(['.', ',', ';', ':', '!', '?', ')']) {
            ""
        } else {
            " "
        };
        collapse(&format!("{before} _____{gap}{after}"))
    };
    let body = rest[open + 1..close].trim();
    if body.is_empty() {
        return Err("essay question, cannot be played".into());
    }
    if body.starts_with('#') {
        return Err("numerical question, cannot be played".into());
    }
    // General feedback, after `####`.
    let (body, general) = match body.find("####") {
        Some(i) => (&body[..i], Some(plain(&body[i + 4..], html))),
        None => (body, None),
    };
    if let Some(q) = true_false(body, &text, html, general.clone()) {
        return Ok(q);
    }
    let answers = split_answers(body);
    if answers.is_empty() {
        return Err("answers in { } that are not = or ~ items, cannot be played".into());
    }
    if answers.iter().any(|a| find_arrow(&a.text).is_some()) {
        return Err("matching question, cannot be played".into());
    }
    if answers.iter().all(|a| a.right && a.weight.is_none()) {
        return Err("short-answer question (only = answers), cannot be played".into());
    }
    let mut choices = Vec::new();
    let mut correct = Vec::new();
    let mut right_feedback = None;
    for a in &answers {
        let right = a.right || a.weight.is_some_and(|w| w > 0.0);
        if right {
            correct.push(choices.len());
            if right_feedback.is_none() {
                right_feedback = a.feedback.as_deref().map(|f| plain(f, html));
            }
        }
        choices.push(plain(&a.text, html));
    }
    if correct.is_empty() {
        return Err("no right answer (= or a positive %weight%)".into());
    }
    let explanation = general.or(right_feedback).filter(|e| !e.is_empty());
    let (answer, answers) = if correct.len() == 1 {
        (Some(correct[0]), None)
    } else {
        (None, Some(correct))
    };
    Ok(Question {
        text,
        choices,
        answer,
        answers,
        explanation,
        ..Default::default()
    })
}

/// `{T}`, `{FALSE#feedback if wrong#feedback if right}`.
fn true_false(body: &str, text: &str, html: bool, general: Option<String>) -> Option<Question> {
    let mut parts = Vec::new();
    let mut from = 0;
    while let Some(i) = find_unescaped(body, '#', from) {
        parts.push(&body[from..i]);
        from = i + 1;
    }
    parts.push(&body[from..]);
    let answer = match parts[0].trim().to_uppercase().as_str() {
        "T" | "TRUE" => 0,
        "F" | "FALSE" => 1,
        _ => return None,
    };
    let right_feedback = parts
        .get(2)
        .map(|f| plain(f, html))
        .filter(|f| !f.is_empty());
    Some(Question {
        text: text.to_string(),
        choices: vec!["True".into(), "False".into()],
        answer: Some(answer),
        explanation: general.or(right_feedback).filter(|e| !e.is_empty()),
        ..Default::default()
    })
}

/// One `=answer` or `~%50%answer#feedback` item.
#[derive(Debug)]
struct Answer {
    right: bool,
    weight: Option<f64>,
    text: String,
    feedback: Option<String>,
}

/// The `=` and `~` items of an answer block, escapes kept for `plain`.
fn split_answers(body: &str) -> Vec<Answer> {
    let mut items: Vec<(char, String)> = Vec::new();
    let mut escaped = false;
    for c in body.chars() {
        if escaped {
            escaped = false;
            if let Some(last) = items.last_mut() {
                last.1.push('\\');
                last.1.push(c);
            }
            continue;
        }
        match c {
            '\\' => escaped = true,
            '=' | '~' => items.push((c, String::new())),
            _ => {
                if let Some(last) = items.last_mut() {
                    last.1.push(c);
                }
            }
        }
    }
    items
        .into_iter()
        .map(|(mark, raw)| {
            let mut s = raw.trim().to_string();
            let mut weight = None;
            if s.starts_with('%') {
                if let Some(end) = s[1..].find('%') {
                    weight = s[1..end + 1].trim().parse::<f64>().ok();
                    s = s[end + 2..].trim().to_string();
                }
            }
            let (text, feedback) = match find_unescaped(&s, '#', 0) {
                Some(i) => (
                    s[..i].trim().to_string(),
                    Some(s[i + 1..].trim().to_string()),
                ),
                None => (s, None),
            };
            Answer {
                right: mark == '=',
                weight: if mark == '=' { None } else { weight },
                text,
                feedback,
            }
        })
        .collect()
}

/// Where a matching pair's `->` is, if any.
fn find_arrow(s: &str) -> Option<usize> {
    find_unescaped(s, '-', 0).filter(|&i| s[i..].starts_with("->"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = r#"// A GIFT sample with every kind Moodle has.
$CATEGORY: $course$/top/Geography

::Capital of France:: What is the capital of France? {
  =Paris#Right: Paris since 508.
  ~Lyon#No, that's the third city.
  ~Marseille
}

::Sun:: The Sun is a star.{T}

The Moon is a planet. {FALSE#Wrong!#Right: it is a satellite.}

Mary had a {~big =little ~tiny} lamb.

::Primes:: Which are prime? {~%50%2 ~%50%3 ~%-100%4 ####2 and 3 are prime.}

Write about your holiday. {}

Two plus two? {=four =4}

What is pi to two places? {#3.14:0.01}

Match them. {=cat -> meow =dog -> woof =cow -> moo}

$CATEGORY: History

Who said \{hello\} \= \~ \# first? {=Ann ~Bob}

Just a description, no answers.
"#;

    #[test]
    fn every_kind_is_imported_or_counted() {
        let imported = import(SAMPLE, "T");
        let rounds = &imported.pack.rounds;
        assert_eq!(rounds[0].name, "Geography");
        let qs = &rounds[0].questions;
        assert_eq!(qs[0].text, "What is the capital of France?");
        assert_eq!(qs[0].choices, vec!["Paris", "Lyon", "Marseille"]);
        assert_eq!(
            qs[0].explanation.as_deref(),
            Some("Right: Paris since 508.")
        );
        assert_eq!((qs[1].choices.len(), qs[1].answer), (2, Some(0)));
        assert_eq!(qs[2].answer, Some(1));
        assert_eq!(
            qs[2].explanation.as_deref(),
            Some("Right: it is a satellite.")
        );
        assert_eq!(qs[3].text, "Mary had a _____ lamb.");
        assert_eq!(qs[3].answer, Some(1));
        assert_eq!(qs[4].answers, Some(vec![0, 1]));
        assert_eq!(qs[4].explanation.as_deref(), Some("2 and 3 are prime."));
        assert_eq!(rounds[1].name, "History");
        assert_eq!(rounds[1].questions[0].text, "Who said {hello} = ~ # first?");
        let reasons: Vec<&str> = imported.skipped.iter().map(|s| s.reason.as_str()).collect();
        assert_eq!(imported.skipped.len(), 5, "{reasons:?}");
        for kind in [
            "essay",
            "short-answer",
            "numerical",
            "matching",
            "description",
        ] {
            assert!(
                reasons.iter().any(|r| r.contains(kind)),
                "{kind} in {reasons:?}"
            );
        }
        assert_eq!(imported.skipped[0].at, "line 18");
    }
}
