//! `quiznight import`: other quiz tools' files into packs.
//!
//! One module per format ([`opentdb`], [`kahoot`], [`gift`], [`aiken`]); each turns text
//! into questions through a [`Builder`], which checks every question with the pack rules
//! and records anything it cannot keep. Nothing is dropped silently: every question is
//! either imported or listed as skipped with its place and the reason.

pub mod aiken;
pub mod gift;
pub mod kahoot;
pub mod opentdb;

use super::load::{check_text, validate};
use super::model::{Pack, Question, Round};
use super::rules;
use anyhow::Context;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Arguments of `quiznight import`.
#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// The file to import.
    pub file: PathBuf,
    /// Its format; detected from the content when not given.
    #[arg(long, short, value_enum)]
    pub format: Option<Format>,
    /// Where to write the pack (.toml, or .json).
    #[arg(short, long)]
    pub output: PathBuf,
    /// The pack's title (default: from the file name).
    #[arg(long)]
    pub title: Option<String>,
}

/// The formats we import.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Open Trivia DB JSON: an API response or a dump `{"results": [...]}`.
    Opentdb,
    /// Kahoot's spreadsheet template, as CSV or XLSX.
    Kahoot,
    /// Moodle GIFT.
    Gift,
    /// Moodle Aiken.
    Aiken,
}

impl Format {
    /// A name for people.
    pub fn name(self) -> &'static str {
        match self {
            Format::Opentdb => "OpenTDB JSON",
            Format::Kahoot => "Kahoot CSV",
            Format::Gift => "GIFT",
            Format::Aiken => "Aiken",
        }
    }

    /// Guesses the format from the text, or says why it cannot.
    pub fn detect(text: &str) -> Result<Format, String> {
        let trimmed = text.trim_start();
        if trimmed.starts_with('{') || trimmed.starts_with('[') {
            return if trimmed.contains("\"correct_answer\"") || trimmed.contains("\"results\"") {
                Ok(Format::Opentdb)
            } else {
                Err(
                    "this is JSON but not OpenTDB (no \"results\" or \"correct_answer\"); \
                     a quiznight JSON pack needs no import: run `quiznight check` on it"
                        .into(),
                )
            };
        }
        let lines: Vec<&str> = text.lines().map(str::trim).collect();
        if lines.iter().any(|l| aiken::answer_line(l).is_some())
            && lines.iter().any(|l| aiken::option_line(l).is_some())
        {
            return Ok(Format::Aiken);
        }
        let gift_like = lines
            .iter()
            .any(|l| l.starts_with("::") || l.starts_with("$CATEGORY"))
            || (text.contains('{')
                && text.contains('}')
                && (text.contains('=') || text.contains('~')));
        if gift_like {
            return Ok(Format::Gift);
        }
        let delimited = lines
            .iter()
            .filter(|l| {
                l.matches(',').count() >= 3
                    || l.matches(';').count() >= 3
                    || l.matches('\t').count() >= 3
            })
            .count();
        if delimited > 0 && delimited * 2 >= lines.iter().filter(|l| !l.is_empty()).count().min(20)
        {
            return Ok(Format::Kahoot);
        }
        Err(
            "cannot tell the format from the content: give --format opentdb|kahoot|gift|aiken"
                .into(),
        )
    }
}

/// A question that was not imported: where it was and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Skipped {
    /// "line 12" or "result 45".
    pub at: String,
    pub reason: String,
}

/// What an import produced.
#[derive(Debug, Clone)]
pub struct Imported {
    pub pack: Pack,
    pub skipped: Vec<Skipped>,
    /// Things changed on the way in (a time limit moved into range, an encoding guessed).
    pub warnings: Vec<String>,
}

impl Imported {
    /// "imported 12 questions in 2 rounds, skipped 3" and the reasons, grouped.
    pub fn summary(&self) -> String {
        let rounds = match self.pack.rounds.len() {
            0 => String::new(),
            n => format!(" in {n} round{}", if n == 1 { "" } else { "s" }),
        };
        let mut out = format!(
            "imported {} questions{rounds}, skipped {}",
            self.pack.question_count(),
            self.skipped.len()
        );
        let mut by_reason: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for s in &self.skipped {
            by_reason.entry(&s.reason).or_default().push(&s.at);
        }
        for (reason, places) in by_reason {
            let shown: Vec<&str> = places.iter().take(10).copied().collect();
            let more = if places.len() > 10 {
                format!(" and {} more", places.len() - 10)
            } else {
                String::new()
            };
            out += &format!(
                "\n  {} skipped: {reason} ({}{more})",
                places.len(),
                shown.join(", ")
            );
        }
        for w in &self.warnings {
            out += &format!("\n  warning: {w}");
        }
        out
    }
}

/// Collects imported questions, checking each with the pack rules and skipping (with
/// the reason) those that break them or repeat an earlier one.
#[derive(Debug, Default)]
pub struct Builder {
    top: Vec<Question>,
    rounds: Vec<Round>,
    skipped: Vec<Skipped>,
    warnings: Vec<String>,
    /// Normalised text and choices -> where it was first seen.
    seen: HashMap<(String, Vec<String>), String>,
}

impl Builder {
    /// Adds a question (in a round when `round` is given), or records why not.
    pub fn add(&mut self, round: Option<&str>, q: Question, at: String) {
        let mut issues = Vec::new();
        rules::question(&q, &[], &mut issues);
        if let Some(bad) = issues.iter().find(|i| i.severity == rules::Severity::Error) {
            return self.skip(at, bad.message.clone());
        }
        let mut choices: Vec<String> = q.choices.iter().map(|c| rules::normal(c)).collect();
        choices.sort();
        let key = (rules::normal(&q.text), choices);
        if let Some(first) = self.seen.get(&key) {
            return self.skip(at, format!("the same question as {first}"));
        }
        self.seen.insert(key, at);
        match round {
            None => self.top.push(q),
            Some(name) => {
                let name = if name.trim().is_empty() {
                    "Questions"
                } else {
                    name.trim()
                };
                match self.rounds.iter_mut().find(|r| r.name == name) {
                    Some(r) => r.questions.push(q),
                    None => self.rounds.push(Round {
                        name: name.to_string(),
                        questions: vec![q],
                    }),
                }
            }
        }
    }

    /// Records a question that cannot be imported.
    pub fn skip(&mut self, at: String, reason: impl Into<String>) {
        self.skipped.push(Skipped {
            at,
            reason: reason.into(),
        });
    }

    /// Records something changed on the way in.
    pub fn warn(&mut self, warning: impl Into<String>) {
        self.warnings.push(warning.into());
    }

    /// The pack and the report.
    pub fn finish(self, title: &str) -> Imported {
        Imported {
            pack: Pack {
                title: title.to_string(),
                questions: self.top,
                rounds: self.rounds,
                ..Default::default()
            },
            skipped: self.skipped,
            warnings: self.warnings,
        }
    }
}

/// Imports text in the given format (or the detected one).
pub fn import_text(
    text: &str,
    format: Option<Format>,
    title: &str,
) -> Result<(Format, Imported), String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let format = match format {
        Some(f) => f,
        None => Format::detect(text)?,
    };
    let imported = match format {
        Format::Opentdb => opentdb::import(text, title)?,
        Format::Kahoot => kahoot::import(text, title),
        Format::Gift => gift::import(text, title),
        Format::Aiken => aiken::import(text, title),
    };
    Ok((format, imported))
}

/// Does this look like a ZIP archive (XLSX, DOCX)?
pub fn is_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
}

/// Refuses a ZIP archive whose files would unzip to more than `max` bytes in all (a zip
/// bomb), or that is not a readable archive, before anything inflates it.
pub fn check_zip_size(bytes: &[u8], max: u64) -> Result<(), String> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| format!("not a readable ZIP archive ({e})"))?;
    // The sizes the central directory declares (the archive's own total is unknown when
    // entries use data descriptors, as spreadsheet writers do).
    let mut total: u128 = 0;
    for i in 0..archive.len() {
        let entry = archive
            .by_index_raw(i)
            .map_err(|e| format!("not a readable ZIP archive ({e})"))?;
        total += u128::from(entry.size());
    }
    if total > u128::from(max) {
        return Err(format!(
            "it would unzip to more than {} MiB: too big to read",
            max / (1024 * 1024)
        ));
    }
    Ok(())
}

/// Imports a file's bytes: Kahoot's XLSX template when it is a ZIP archive, else text
/// (decoded as [`decode`] does) in the given or detected format. Returns the format's
/// name for people ("Kahoot XLSX", "GIFT", ...).
pub fn import_bytes(
    bytes: &[u8],
    format: Option<Format>,
    title: &str,
) -> Result<(&'static str, Imported), String> {
    if is_zip(bytes) && matches!(format, None | Some(Format::Kahoot)) {
        return Ok(("Kahoot XLSX", kahoot::import_xlsx(bytes, title)?));
    }
    let (text, encoding) = decode(bytes);
    let (format, mut imported) = import_text(&text, format, title)?;
    if let Some(w) = encoding {
        imported.warnings.insert(0, w);
    }
    Ok((format.name(), imported))
}

/// Bytes to text: UTF-8 (with or without a byte-order mark), UTF-16 with a byte-order
/// mark, else Windows-1252 (what Excel saves), with a warning saying so.
pub fn decode(bytes: &[u8]) -> (String, Option<String>) {
    if let Some(rest) = bytes.strip_prefix(&[0xef, 0xbb, 0xbf]) {
        return (String::from_utf8_lossy(rest).into_owned(), None);
    }
    let utf16 = |rest: &[u8], le: bool| {
        let units: Vec<u16> = rest
            .chunks_exact(2)
            .map(|p| {
                if le {
                    u16::from_le_bytes([p[0], p[1]])
                } else {
                    u16::from_be_bytes([p[0], p[1]])
                }
            })
            .collect();
        String::from_utf16_lossy(&units)
    };
    if let Some(rest) = bytes.strip_prefix(&[0xff, 0xfe]) {
        return (
            utf16(rest, true),
            Some("read as UTF-16 (little-endian)".into()),
        );
    }
    if let Some(rest) = bytes.strip_prefix(&[0xfe, 0xff]) {
        return (
            utf16(rest, false),
            Some("read as UTF-16 (big-endian)".into()),
        );
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => (s.to_string(), None),
        Err(_) => (
            bytes.iter().map(|&b| windows_1252(b)).collect(),
            Some(
                "the file is not UTF-8; read it as Windows-1252 (Latin-1): check accented letters"
                    .into(),
            ),
        ),
    }
}

/// One Windows-1252 byte as a character (its 0x80-0x9F differ from Latin-1).
fn windows_1252(b: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž',
        '\u{8f}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}',
        'ž', 'Ÿ',
    ];
    match b {
        0x80..=0x9f => HIGH[(b - 0x80) as usize],
        _ => b as char,
    }
}

/// "my_pub-quiz.gift" -> "My pub quiz".
pub fn title_from_path(path: &Path) -> String {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let words = stem.replace(['_', '-'], " ");
    let words = words.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut chars = words.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => "Imported questions".into(),
    }
}

/// Writes a pack as TOML, or JSON when `path` ends in `.json`.
pub fn to_text(pack: &Pack, path: &Path) -> anyhow::Result<String> {
    Ok(
        if path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("json"))
        {
            serde_json::to_string_pretty(pack)? + "\n"
        } else {
            toml::to_string(pack)?
        },
    )
}

/// Runs `quiznight import`: writes the pack, prints what was imported and skipped, and
/// checks the written file with the same rules as `quiznight check`.
pub fn run_cli(args: ImportArgs) -> anyhow::Result<ExitCode> {
    let bytes = std::fs::read(&args.file)
        .with_context(|| format!("cannot read {}", args.file.display()))?;
    let title = args
        .title
        .clone()
        .filter(|t| !t.trim().is_empty())
        .unwrap_or_else(|| title_from_path(&args.file));
    let (format, imported) = import_bytes(&bytes, args.format, &title)
        .map_err(|e| anyhow::anyhow!("{}: {e}", args.file.display()))?;
    eprintln!("{} ({format}): {}", args.file.display(), imported.summary());
    if imported.pack.question_count() == 0 {
        eprintln!("nothing to write: no question could be imported");
        return Ok(ExitCode::FAILURE);
    }
    validate(&imported.pack)
        .map_err(|e| anyhow::anyhow!("the imported pack breaks a rule (a bug): {e}"))?;
    let out = to_text(&imported.pack, &args.output)?;
    std::fs::write(&args.output, &out)
        .with_context(|| format!("cannot write {}", args.output.display()))?;
    let report = check_text(&args.output.display().to_string(), &out, None);
    for e in &report.errors {
        eprintln!("{e}");
    }
    if !report.errors.is_empty() {
        return Ok(ExitCode::FAILURE);
    }
    println!(
        "wrote {} ({} questions)",
        args.output.display(),
        imported.pack.question_count()
    );
    Ok(ExitCode::SUCCESS)
}

/// Text of an HTML fragment: tags dropped, entities decoded (twice, for the
/// double-escaped `&amp;quot;` some exports have), spaces collapsed.
pub fn html_to_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    collapse(&decode_entities(&out))
}

/// HTML entities decoded until none is left (at most three rounds).
pub fn decode_entities(s: &str) -> String {
    let mut text = s.to_string();
    for _ in 0..3 {
        if !text.contains('&') {
            break;
        }
        let next = html_escape::decode_html_entities(&text).into_owned();
        if next == text {
            break;
        }
        text = next;
    }
    text
}

/// Runs of whitespace to one space, ends trimmed.
pub fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A stable position for the right answer among `n` choices, so imported packs do
/// not always have it first (hosts may still shuffle choices when playing).
pub fn spread(text: &str, n: usize) -> usize {
    // FNV-1a: stable across runs and platforms, unlike the std hasher.
    let mut h: u64 = 0xcbf29ce484222325;
    for b in text.bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x100000001b3);
    }
    (h % n.max(1) as u64) as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_1252_and_utf16_are_decoded() {
        let (s, w) = decode(b"Caf\xe9 \x93quoted\x94 \x80");
        assert_eq!(s, "Café “quoted” €");
        assert!(w.unwrap().contains("Windows-1252"));
        let mut utf16 = vec![0xff, 0xfe];
        for u in "Zoë".encode_utf16() {
            utf16.extend(u.to_le_bytes());
        }
        assert_eq!(decode(&utf16).0, "Zoë");
        assert_eq!(decode("\u{feff}ok".as_bytes()), ("ok".to_string(), None));
    }

    #[test]
    fn entities_are_decoded_even_twice_escaped() {
        assert_eq!(
            decode_entities("&quot;Caf&eacute;&quot; &#039;s &amp;quot;x&amp;quot;"),
            "\"Café\" 's \"x\""
        );
        assert_eq!(
            html_to_text("<p>Hello&nbsp;<b>world</b></p>"),
            "Hello world"
        );
    }

    #[test]
    fn formats_are_detected() {
        assert_eq!(
            Format::detect(r#"{"response_code":0,"results":[]}"#),
            Ok(Format::Opentdb)
        );
        assert_eq!(
            Format::detect("Q?\nA. x\nB. y\nANSWER: A\n"),
            Ok(Format::Aiken)
        );
        assert_eq!(Format::detect("::T:: Q? {=a ~b}"), Ok(Format::Gift));
        assert_eq!(
            Format::detect(
                "Question,Answer 1,Answer 2,Answer 3,Answer 4,Time,Correct\nQ,a,b,c,d,20,1\n"
            ),
            Ok(Format::Kahoot)
        );
        assert!(Format::detect("just some words").is_err());
        assert!(Format::detect(r#"{"title":"x"}"#)
            .unwrap_err()
            .contains("not OpenTDB"));
    }

    #[test]
    fn a_zip_that_unzips_too_big_is_refused_before_reading() {
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        zip.start_file("a.xml", opts).unwrap();
        std::io::Write::write_all(&mut zip, &[b' '; 100]).unwrap();
        let bytes = zip.finish().unwrap().into_inner();
        assert!(is_zip(&bytes));
        assert!(check_zip_size(&bytes, 100).is_ok());
        let e = check_zip_size(&bytes, 99).unwrap_err();
        assert!(e.contains("too big"), "{e}");
        assert!(check_zip_size(b"PK\x03\x04 not really", 100).is_err());
    }
}
