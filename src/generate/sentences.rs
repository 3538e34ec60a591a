//! Splitting cleaned text into sentences, as byte ranges into the document text.
//!
//! Each line is a paragraph (headers and bylines stay apart from the prose). Inside a
//! line, `sentencex` does the splitting: it knows abbreviations such as J.K., L.A., Dr.,
//! U.S. and Jr., initials, decimals and quotes. We only repair the one case it gets
//! wrong for us: a title ending in a period followed by its year, "Crazy, Stupid,
//! Love. (2011)", or any piece that starts in lower case.

use std::ops::Range;

/// The byte ranges of the sentences of `text`, in order, trimmed of spaces.
pub fn split(text: &str) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        let base = line_start;
        line_start += line.len();
        if line.trim().is_empty() {
            continue;
        }
        let mut pieces: Vec<Range<usize>> = Vec::new();
        for piece in sentencex::segment("en", line) {
            let start = piece.as_ptr() as usize - line.as_ptr() as usize;
            let Some(r) = trimmed(line, start..start + piece.len()) else {
                continue;
            };
            // "in Washington, D.C. The ascent...": split after "D.", the "C." goes back.
            let mut r = r;
            let t = &line[r.clone()];
            if let Some(prev) = pieces.last_mut() {
                let b = t.as_bytes();
                let initial =
                    b.len() > 3 && b[0].is_ascii_uppercase() && b[1] == b'.' && b[2] == b' ';
                let pb = line[prev.clone()].as_bytes();
                let n = pb.len();
                if initial && n >= 2 && pb[n - 1] == b'.' && pb[n - 2].is_ascii_uppercase() {
                    prev.end = r.start + 2;
                    r.start += 3;
                }
            }
            match pieces.last_mut() {
                Some(prev) if continues(&line[r.clone()]) => prev.end = r.end,
                _ => pieces.push(r),
            }
        }
        out.extend(pieces.into_iter().map(|r| base + r.start..base + r.end));
    }
    out
}

fn trimmed(line: &str, r: Range<usize>) -> Option<Range<usize>> {
    let s = &line[r.clone()];
    let lead = s.len() - s.trim_start().len();
    let t = s.trim();
    (!t.is_empty()).then(|| r.start + lead..r.start + lead + t.len())
}

/// A piece that cannot start a sentence continues the previous one.
fn continues(piece: &str) -> bool {
    let first = piece.chars().next().unwrap_or('A');
    first == '(' || first == ',' || first == ';' || first.is_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences(text: &str) -> Vec<&str> {
        split(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn abbreviations_and_initials_do_not_end_a_sentence() {
        let text = "Whiplash Oscar winner J.K. Simmons has a small role. Dr. Fujita lives in L.A. near the U.S. border. Sammy Davis Jr. announced it.\n";
        assert_eq!(
            sentences(text),
            [
                "Whiplash Oscar winner J.K. Simmons has a small role.",
                "Dr. Fujita lives in L.A. near the U.S. border.",
                "Sammy Davis Jr. announced it."
            ]
        );
    }

    #[test]
    fn an_initialism_at_the_end_stays_whole() {
        let text = "It is shown in Washington, D.C. The ascent began.\n";
        assert_eq!(
            sentences(text),
            ["It is shown in Washington, D.C.", "The ascent began."]
        );
    }

    #[test]
    fn titles_ending_in_a_period_keep_their_year() {
        let text = "They worked together on Crazy, Stupid, Love. (2011) and Gangster Squad (2013). Next one.\n";
        assert_eq!(
            sentences(text),
            [
                "They worked together on Crazy, Stupid, Love. (2011) and Gangster Squad (2013).",
                "Next one."
            ]
        );
    }

    #[test]
    fn lines_are_paragraphs() {
        let text = "Dale Robinette\nJoe McGovern\n\nThe film opens. It ends.\n";
        assert_eq!(
            sentences(text),
            [
                "Dale Robinette",
                "Joe McGovern",
                "The film opens.",
                "It ends."
            ]
        );
    }
}
