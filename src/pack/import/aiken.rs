//! Moodle Aiken: the question on a line, options `A.` or `A)` one per line, then
//! `ANSWER: B`. We also take a question over several lines and `ANSWER: A, C`.

use super::{collapse, Builder, Imported};
use crate::pack::model::Question;

/// `A. text` or `B) text` -> (0, "text").
pub fn option_line(line: &str) -> Option<(usize, &str)> {
    let mut chars = line.chars();
    let letter = chars.next()?;
    let mark = chars.next()?;
    if !letter.is_ascii_uppercase() || !(mark == '.' || mark == ')') {
        return None;
    }
    let rest = &line[2..];
    if !rest.starts_with([' ', '\t']) {
        return None;
    }
    Some(((letter as u8 - b'A') as usize, rest.trim()))
}

/// `ANSWER: B` (or `Answer: a, c`) -> the letters, 0-based.
pub fn answer_line(line: &str) -> Option<Vec<usize>> {
    let head = line.get(..7)?;
    if !head.eq_ignore_ascii_case("answer:") {
        return None;
    }
    let letters: Vec<usize> = line[7..]
        .split([',', ' ', ';'])
        .filter(|s| !s.is_empty())
        .map(|s| {
            let c = s.trim().to_ascii_uppercase();
            match c.as_bytes() {
                [l] if l.is_ascii_uppercase() => Some((l - b'A') as usize),
                _ => None,
            }
        })
        .collect::<Option<_>>()?;
    (!letters.is_empty()).then_some(letters)
}

/// A question being read.
#[derive(Default)]
struct Pending {
    line: usize,
    text: Vec<String>,
    /// (letter index, text)
    options: Vec<(usize, String)>,
}

/// Imports Aiken text.
pub fn import(text: &str, title: &str) -> Imported {
    let mut b = Builder::default();
    let mut q = Pending::default();
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if line.is_empty() {
            continue;
        }
        if let Some(letters) = answer_line(line) {
            finish(&mut b, std::mem::take(&mut q), Some(letters));
            continue;
        }
        if let Some((letter, option)) = option_line(line) {
            if !q.text.is_empty() {
                q.options.push((letter, option.to_string()));
                continue;
            }
        }
        if !q.options.is_empty() {
            // Text after options without an ANSWER line: that question is broken.
            finish(&mut b, std::mem::take(&mut q), None);
        }
        if q.text.is_empty() {
            q.line = i + 1;
        }
        q.text.push(line.to_string());
    }
    if !q.text.is_empty() {
        finish(&mut b, q, None);
    }
    b.finish(title)
}

fn finish(b: &mut Builder, q: Pending, letters: Option<Vec<usize>>) {
    let at = format!("line {}", q.line);
    if q.text.is_empty() {
        return b.skip(at, "an ANSWER line with no question before it");
    }
    let Some(letters) = letters else {
        return b.skip(at, "no ANSWER: line after the options");
    };
    if q.options.is_empty() {
        return b.skip(at, "no options (A. ..., B. ...) before the ANSWER line");
    }
    let mut correct = Vec::new();
    for l in letters {
        match q.options.iter().position(|(letter, _)| *letter == l) {
            Some(i) => correct.push(i),
            None => {
                return b.skip(
                    at,
                    format!(
                        "the ANSWER letter {} is not one of the options",
                        (b'A' + l as u8) as char
                    ),
                );
            }
        }
    }
    let (answer, answers) = if correct.len() == 1 {
        (Some(correct[0]), None)
    } else {
        (None, Some(correct))
    };
    let question = Question {
        text: collapse(&q.text.join(" ")),
        choices: q.options.into_iter().map(|(_, t)| t).collect(),
        answer,
        answers,
        ..Default::default()
    };
    b.add(None, question, at);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aiken_questions_and_broken_ones() {
        let text = "\
What is the correct answer to this question?
A. Is it this one?
B. Maybe this answer?
C) Possibly this one?
D) Must be this one!
ANSWER: D

Which are even?
A. 2
B. 3
C. 4
Answer: A, C
A question with no answer line
A. yes
B. no
Where is the answer?
A. here
B. there
ANSWER: E
";
        let imported = import(text, "T");
        let qs = &imported.pack.questions;
        assert_eq!(qs.len(), 2, "{}", imported.summary());
        assert_eq!(qs[0].answer, Some(3));
        assert_eq!(qs[0].choices[2], "Possibly this one?");
        assert_eq!(qs[1].answers, Some(vec![0, 2]));
        assert_eq!(imported.skipped.len(), 2);
        assert_eq!(imported.skipped[0].at, "line 13");
        assert!(imported.skipped[0].reason.contains("no ANSWER"));
        assert!(imported.skipped[1].reason.contains("letter E"));
    }
}
