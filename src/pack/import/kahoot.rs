//! Kahoot's spreadsheet template, as CSV or as the XLSX Kahoot itself hands out: a
//! question, answers 1-4, a time limit in seconds and the correct answer(s) ("1" or
//! "1,3"). The template's instruction rows above the header are passed over; commas,
//! semicolons and tabs all work as CSV separators (Excel in many countries saves with
//! semicolons). Both formats become the same rows, read by one [`import_rows`].

use super::{collapse, Builder, Imported};
use crate::pack::model::Question;
use crate::pack::rules::TIME_LIMIT_SECS;

/// Which column holds what.
#[derive(Debug, Clone)]
struct Columns {
    question: usize,
    answers: Vec<usize>,
    time: Option<usize>,
    correct: usize,
}

/// Imports a Kahoot CSV.
pub fn import(text: &str, title: &str) -> Imported {
    let mut b = Builder::default();
    let rows = csv_rows(text, &mut b);
    import_rows(b, &rows, title)
}

/// The unzipped size an XLSX may reach: a 1 MiB upload that inflates to gigabytes is
/// refused before the spreadsheet reader sees it.
pub const MAX_XLSX_UNZIPPED_BYTES: u64 = 64 * 1024 * 1024;

/// Imports Kahoot's XLSX template (its first sheet); Err says why the file is unreadable.
pub fn import_xlsx(bytes: &[u8], title: &str) -> Result<Imported, String> {
    use calamine::Reader as _;
    super::check_zip_size(bytes, MAX_XLSX_UNZIPPED_BYTES)?;
    let mut book: calamine::Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes))
        .map_err(|e| format!("not a readable XLSX spreadsheet ({e})"))?;
    let sheet = book
        .worksheet_range_at(0)
        .ok_or("the spreadsheet has no sheet")?
        .map_err(|e| format!("cannot read the first sheet ({e})"))?;
    let first_row = sheet.start().map_or(0, |(r, _)| r as usize);
    let rows: Vec<(String, Vec<String>)> = sheet
        .rows()
        .enumerate()
        .map(|(i, cells)| {
            let row = cells.iter().map(|c| c.to_string().trim().to_string());
            (format!("row {}", first_row + i + 1), row.collect())
        })
        .collect();
    Ok(import_rows(Builder::default(), &rows, title))
}

/// The CSV's rows, each with its place ("line 3"); unreadable rows are skipped in `b`.
fn csv_rows(text: &str, b: &mut Builder) -> Vec<(String, Vec<String>)> {
    let delimiter = guess_delimiter(text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for (i, record) in reader.records().enumerate() {
        match record {
            Ok(r) => {
                let line = r.position().map_or(i + 1, |p| p.line() as usize);
                let cells = r.iter().map(|c| c.trim().to_string()).collect();
                rows.push((format!("line {line}"), cells));
            }
            Err(e) => {
                let line = e.position().map_or(i + 1, |p| p.line() as usize);
                b.skip(format!("line {line}"), format!("unreadable CSV row ({e})"));
            }
        }
    }
    rows
}

/// The questions of the template's rows, whichever file they came from.
fn import_rows(mut b: Builder, rows: &[(String, Vec<String>)], title: &str) -> Imported {
    let (columns, first_data) = match rows.iter().position(|(_, r)| header(r).is_some()) {
        Some(h) => (header(&rows[h].1).expect("checked above"), h + 1),
        None => (positional(rows), 0),
    };
    for (at, row) in &rows[first_data..] {
        let at = at.clone();
        let cell = |i: usize| row.get(i).map(String::as_str).unwrap_or("");
        let text = collapse(cell(columns.question));
        let answers: Vec<(usize, String)> = columns
            .answers
            .iter()
            .enumerate()
            .map(|(k, &c)| (k + 1, collapse(cell(c))))
            .filter(|(_, a)| !a.is_empty())
            .collect();
        if text.is_empty() {
            if answers.is_empty() {
                continue; // A blank row of the template, not a question.
            }
            b.skip(at, "a row with answers but no question text");
            continue;
        }
        let wanted = match correct_numbers(cell(columns.correct)) {
            Ok(w) => w,
            Err(reason) => {
                b.skip(at, reason);
                continue;
            }
        };
        let mut correct = Vec::new();
        let mut missing = None;
        for n in wanted {
            match answers.iter().position(|(k, _)| *k == n) {
                Some(i) => correct.push(i),
                None => missing = Some(n),
            }
        }
        if let Some(n) = missing {
            b.skip(
                at,
                format!("correct answer {n} is an empty or missing answer column"),
            );
            continue;
        }
        let time_limit = match columns.time.map(cell).filter(|t| !t.is_empty()) {
            None => None,
            Some(t) => match t
                .trim_end_matches(|c: char| c.is_alphabetic() || c == ' ')
                .parse::<f64>()
            {
                Ok(secs) if secs > 0.0 => {
                    let clamped = (secs.round() as u32)
                        .clamp(*TIME_LIMIT_SECS.start(), *TIME_LIMIT_SECS.end());
                    if clamped as f64 != secs {
                        b.warn(format!(
                            "{at}: time limit {t} s moved to {clamped} s (we allow 5 to 240)"
                        ));
                    }
                    Some(clamped)
                }
                _ => {
                    b.warn(format!("{at}: time limit {t:?} is not a number of seconds; the pack's default is used"));
                    None
                }
            },
        };
        let (answer, answers_list) = if correct.len() == 1 {
            (Some(correct[0]), None)
        } else {
            (None, Some(correct))
        };
        let q = Question {
            text,
            choices: answers.into_iter().map(|(_, a)| a).collect(),
            answer,
            answers: answers_list,
            time_limit,
            ..Default::default()
        };
        b.add(None, q, at);
    }
    b.finish(title)
}

/// The separator that splits the first lines most evenly.
fn guess_delimiter(text: &str) -> u8 {
    let sample: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(20)
        .collect();
    [b',', b';', b'\t']
        .into_iter()
        .max_by_key(|d| {
            sample
                .iter()
                .map(|l| l.matches(*d as char).count())
                .sum::<usize>()
        })
        .unwrap_or(b',')
}

/// The columns named by a header row ("Question - max 120 characters", "Answer 1 - ...",
/// "Time limit (sec)", "Correct answer(s) - ..."), if this row is one.
fn header(row: &[String]) -> Option<Columns> {
    let lower: Vec<String> = row.iter().map(|c| c.to_lowercase()).collect();
    let find = |pred: &dyn Fn(&str) -> bool| lower.iter().position(|c| pred(c));
    let question = find(&|c| c.starts_with("question"))?;
    let answers: Vec<usize> = (1..=6)
        .filter_map(|n| {
            let a = format!("answer {n}");
            let b = format!("answer{n}");
            find(&|c| c.starts_with(&a) || c.starts_with(&b))
        })
        .collect();
    if answers.len() < 2 {
        return None;
    }
    let correct = find(&|c| c.starts_with("correct"))?;
    let time = find(&|c| c.starts_with("time"));
    Some(Columns {
        question,
        answers,
        time,
        correct,
    })
}

/// Without a header: question, answers 1-4, time, correct; after a number column when
/// the first cells are numbers (the template's row numbers).
fn positional(rows: &[(String, Vec<String>)]) -> Columns {
    let numbered = rows
        .iter()
        .filter(|(_, r)| r.len() >= 8)
        .take(5)
        .all(|(_, r)| r[0].parse::<u32>().is_ok())
        && rows.iter().any(|(_, r)| r.len() >= 8);
    let o = usize::from(numbered);
    Columns {
        question: o,
        answers: (o + 1..o + 5).collect(),
        time: Some(o + 5),
        correct: o + 6,
    }
}

/// "1", "1,3", "2;4" or "1 and 3" -> 1-based answer numbers.
fn correct_numbers(cell: &str) -> Result<Vec<usize>, String> {
    let numbers: Vec<&str> = cell
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .collect();
    if numbers.is_empty() {
        return Err(if cell.trim().is_empty() {
            "no correct answer given".into()
        } else {
            format!("the correct answer {cell:?} is not a number 1-4")
        });
    }
    let mut out = Vec::new();
    for n in numbers {
        let n: usize = n
            .parse()
            .map_err(|_| format!("the correct answer {cell:?} is not a number 1-4"))?;
        if !out.contains(&n) {
            out.push(n);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEMPLATE: &str = "\
Quiz template,,,,,,,
Add questions, at least two answer alternatives, time limit and choose correct answers (at least one). Have fun creating your awesome quiz!,,,,,,,
,Question - max 120 characters,Answer 1 - max 75 characters,Answer 2 - max 75 characters,Answer 3 - max 75 characters,Answer 4 - max 75 characters,\"Time limit (sec) – 5, 10, 20, 30, 60, 90, 120, or 240 secs\",Correct answer(s) - choose at least one
1,\"Which city is the capital of Italy, officially?\",Rome,Milan,Naples,Turin,20,1
2,Which are primes?,2,4,5,9,30,\"1,3\"
3,True or false: the Earth is flat.,True,False,,,10,2
4,,,,,,,
5,Broken,a,b,,,20,4
6,No answer marked,a,b,c,d,20,
";

    #[test]
    fn the_template_imports() {
        let imported = import(TEMPLATE, "T");
        let qs = &imported.pack.questions;
        assert_eq!(qs.len(), 3, "{}", imported.summary());
        assert_eq!(
            qs[0].text,
            "Which city is the capital of Italy, officially?"
        );
        assert_eq!(qs[0].answer, Some(0));
        assert_eq!(qs[0].time_limit, Some(20));
        assert_eq!(qs[1].answers, Some(vec![0, 2]));
        assert_eq!(qs[2].choices, vec!["True", "False"]);
        assert_eq!(qs[2].answer, Some(1));
        assert_eq!(imported.skipped.len(), 2, "{}", imported.summary());
        assert!(imported.skipped[0].reason.contains("correct answer 4"));
        assert!(imported.skipped[1].reason.contains("no correct answer"));
    }

    #[test]
    fn semicolons_and_no_header() {
        let text = "Capital of Spain?;Madrid;Lisbon;Rome;Paris;300;1\n";
        let imported = import(text, "T");
        assert_eq!(imported.pack.questions[0].time_limit, Some(240));
        assert_eq!(imported.warnings.len(), 1);
    }

    /// Kahoot's XLSX template as Kahoot lays it out: two title rows, a blank, the header
    /// in row 4 after a number column, numbers stored as numbers.
    fn template_xlsx() -> Vec<u8> {
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        sheet.write_string(0, 1, "Quiz template").unwrap();
        sheet
            .write_string(1, 1, "Add questions, at least two answer alternatives")
            .unwrap();
        let header = [
            "Question - max 120 characters",
            "Answer 1 - max 75 characters",
            "Answer 2 - max 75 characters",
            "Answer 3 - max 75 characters",
            "Answer 4 - max 75 characters",
            "Time limit (sec) – 5, 10, 20, 30, 60, 90, 120, or 240 secs",
            "Correct answer(s) - choose at least one",
        ];
        for (c, h) in header.iter().enumerate() {
            sheet.write_string(3, c as u16 + 1, *h).unwrap();
        }
        let rows: [(&str, [&str; 4], f64, &str); 3] = [
            (
                "Capital of Italy?",
                ["Rome", "Milan", "Naples", "Turin"],
                20.0,
                "1",
            ),
            ("Which are primes?", ["2", "4", "5", "9"], 30.0, "1,3"),
            ("Broken", ["a", "b", "", ""], 20.0, "4"),
        ];
        for (i, (q, answers, secs, correct)) in rows.iter().enumerate() {
            let r = 4 + i as u32;
            sheet.write_number(r, 0, (i + 1) as f64).unwrap();
            sheet.write_string(r, 1, *q).unwrap();
            for (k, a) in answers.iter().enumerate().filter(|(_, a)| !a.is_empty()) {
                sheet.write_string(r, 2 + k as u16, *a).unwrap();
            }
            sheet.write_number(r, 6, *secs).unwrap();
            match correct.parse::<f64>() {
                Ok(n) => sheet.write_number(r, 7, n).unwrap(),
                Err(_) => sheet.write_string(r, 7, *correct).unwrap(),
            };
        }
        book.save_to_buffer().unwrap()
    }

    #[test]
    fn the_xlsx_template_imports_like_the_csv() {
        let imported = import_xlsx(&template_xlsx(), "T").unwrap();
        let qs = &imported.pack.questions;
        assert_eq!(qs.len(), 2, "{}", imported.summary());
        assert_eq!(qs[0].text, "Capital of Italy?");
        assert_eq!(qs[0].choices, ["Rome", "Milan", "Naples", "Turin"]);
        assert_eq!(qs[0].answer, Some(0));
        assert_eq!(qs[0].time_limit, Some(20));
        assert_eq!(qs[1].answers, Some(vec![0, 2]));
        assert_eq!(imported.skipped.len(), 1);
        assert_eq!(imported.skipped[0].at, "row 7");
        assert!(imported.skipped[0].reason.contains("correct answer 4"));
    }

    #[test]
    fn a_broken_xlsx_is_refused_with_a_reason() {
        let mut bytes = template_xlsx();
        bytes.truncate(bytes.len() / 2);
        let e = import_xlsx(&bytes, "T").unwrap_err();
        assert!(e.contains("not a readable"), "{e}");
        assert!(import_xlsx(b"PK\x03\x04 junk", "T").is_err());
    }
}
