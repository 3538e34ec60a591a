//! Reading packs from TOML or JSON files and checking the rules of `PACKS.md`.

use super::model::{LoadedPack, Pack};
use super::rules::{self, Severity};
use super::tree::{self, Seg};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Why a pack was refused: the file, where in it, and what is wrong.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{file}{}: {message}", location(*.line, *.column))]
pub struct PackError {
    pub file: String,
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// 1-based column, when known.
    pub column: Option<usize>,
    pub message: String,
}

fn location(line: Option<usize>, column: Option<usize>) -> String {
    match (line, column) {
        (Some(l), Some(c)) => format!(":{l}:{c}"),
        (Some(l), None) => format!(":{l}"),
        _ => String::new(),
    }
}

/// 1-based line and column of a byte offset in `text`.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// Everything `check` found in one pack: the pack when it has no errors, the errors
/// (any of which refuses the pack) and the warnings (which never do).
#[derive(Debug, Clone, Default)]
pub struct CheckReport {
    pub pack: Option<Pack>,
    pub errors: Vec<PackError>,
    pub warnings: Vec<PackError>,
}

impl CheckReport {
    fn failed(error: PackError) -> Self {
        Self {
            pack: None,
            errors: vec![error],
            warnings: Vec::new(),
        }
    }

    /// The pack, or the first error with a count of the others.
    pub fn into_result(self) -> Result<Pack, PackError> {
        match (self.pack, self.errors.len()) {
            (Some(pack), 0) => Ok(pack),
            (_, n) => {
                let mut first = self.errors.into_iter().next().unwrap_or_else(|| PackError {
                    file: String::new(),
                    line: None,
                    column: None,
                    message: "the pack could not be read".into(),
                });
                if n > 1 {
                    first.message +=
                        &format!(" (and {} more problems: run `quiznight check`)", n - 1);
                }
                Err(first)
            }
        }
    }
}

/// Is this file JSON? By its extension, else by its first character.
pub fn is_json(name: &str, text: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    if lower.ends_with(".json") {
        return true;
    }
    if lower.ends_with(".toml") {
        return false;
    }
    matches!(
        text.trim_start_matches('\u{feff}')
            .trim_start()
            .chars()
            .next(),
        Some('{') | Some('[')
    )
}

/// Checks pack text and reports every problem; `name` is the file name used in
/// messages and to pick the format; `base_dir`, when given, is where images are looked for.
pub fn check_text(name: &str, text: &str, base_dir: Option<&Path>) -> CheckReport {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let at = |span: Option<std::ops::Range<usize>>, message: String| {
        let (line, column) = match span {
            Some(s) => {
                let (l, c) = line_col(text, s.start);
                (Some(l), Some(c))
            }
            None => (None, None),
        };
        PackError {
            file: name.to_string(),
            line,
            column,
            message,
        }
    };
    if text.trim().is_empty() {
        return CheckReport::failed(at(
            None,
            "the file is empty: a pack needs a title and questions".into(),
        ));
    }
    let json = is_json(name, text);
    let tree = if json {
        tree::from_json(text).map_err(|e| PackError {
            file: name.to_string(),
            line: Some(e.line()),
            column: Some(e.column()),
            message: format!("not valid JSON: {}", without_position(&e.to_string())),
        })
    } else {
        tree::from_toml(text)
            .map_err(|(message, span)| at(span, format!("not valid TOML: {}", message.trim())))
    };
    let tree = match tree {
        Ok(t) => t,
        Err(e) => return CheckReport::failed(e),
    };
    let mut report = CheckReport::default();
    let add = |report: &mut CheckReport, issue: rules::Issue| {
        let span = issue
            .span
            .clone()
            .unwrap_or_else(|| tree.locate(&issue.path));
        let mut message = issue.message;
        if let Some(related) = &issue.related {
            let (line, _) = line_col(text, tree.locate(related).start);
            message += &format!(" (see line {line})");
        }
        let e = at(Some(span), message);
        match issue.severity {
            Severity::Error => report.errors.push(e),
            Severity::Warning => report.warnings.push(e),
        }
    };
    let (shape, clean) = rules::check_shape(&tree);
    let bad_paths: Vec<Vec<Seg>> = shape
        .iter()
        .filter(|i| i.severity == Severity::Error)
        .map(|i| i.path.clone())
        .collect();
    for issue in shape {
        add(&mut report, issue);
    }
    // `clean` holds only well-formed known fields, so this cannot fail short of a bug;
    // it is still reported, never unwrapped.
    let pack: Pack = match serde_json::from_value(clean) {
        Ok(p) => p,
        Err(e) => {
            report
                .errors
                .push(at(None, format!("cannot read the pack: {e}")));
            return report;
        }
    };
    for issue in rules::check_pack(&pack) {
        // A value already reported as malformed is not reported again as, say, empty.
        if bad_paths.iter().any(|bad| issue.path.starts_with(bad)) {
            continue;
        }
        add(&mut report, issue);
    }
    if let Some(dir) = base_dir {
        for (path, q) in question_paths(&pack) {
            let Some(img) = &q.image else { continue };
            if rules::is_relative_path(img) && !dir.join(img).is_file() {
                let mut at_image = path;
                at_image.push(Seg::Key("image"));
                add(
                    &mut report,
                    rules::Issue {
                        severity: Severity::Warning,
                        path: at_image,
                        message: format!(
                            "image {img:?} is not in {}: players will see no picture",
                            dir.display()
                        ),
                        related: None,
                        span: None,
                    },
                );
            }
        }
    }
    // Problems in file order read best.
    let order = |e: &PackError| (e.line.unwrap_or(0), e.column.unwrap_or(0));
    report.errors.sort_by_key(order);
    report.warnings.sort_by_key(order);
    if report.errors.is_empty() {
        report.pack = Some(pack);
    }
    report
}

/// serde_json's message without its " at line L column C" (we print our own).
fn without_position(message: &str) -> &str {
    match message.rfind(" at line ") {
        Some(i) => &message[..i],
        None => message,
    }
}

/// Each question with its path in the tree.
fn question_paths(pack: &Pack) -> Vec<(Vec<Seg>, &super::model::Question)> {
    let mut out = Vec::new();
    for (i, q) in pack.questions.iter().enumerate() {
        out.push((vec![Seg::Key("questions"), Seg::Index(i)], q));
    }
    for (r, round) in pack.rounds.iter().enumerate() {
        for (i, q) in round.questions.iter().enumerate() {
            out.push((
                vec![
                    Seg::Key("rounds"),
                    Seg::Index(r),
                    Seg::Key("questions"),
                    Seg::Index(i),
                ],
                q,
            ));
        }
    }
    out
}

/// Parses pack text; `name` is the file name used in errors and to pick the format.
/// Refuses the pack on any error (warnings are dropped: use [`check_text`] to see them).
pub fn parse_pack(name: &str, text: &str) -> Result<Pack, PackError> {
    check_text(name, text, None).into_result()
}

/// Checks the rules of `PACKS.md` on a pack built in code (importers, the generator).
/// The first error says where: "round 2, question 3: ...".
pub fn validate(pack: &Pack) -> Result<(), String> {
    let issues = rules::check_pack(pack);
    let Some(first) = issues.iter().find(|i| i.severity == Severity::Error) else {
        return Ok(());
    };
    let place = describe(&first.path);
    Err(if place.is_empty() {
        first.message.clone()
    } else {
        format!("{place}: {}", first.message)
    })
}

/// "round 2, question 3" for a path into a pack.
pub fn describe(path: &[Seg]) -> String {
    let mut parts = Vec::new();
    let mut iter = path.iter().peekable();
    while let Some(seg) = iter.next() {
        if let (Seg::Key(k @ ("rounds" | "questions")), Some(Seg::Index(i))) = (seg, iter.peek()) {
            let what = if *k == "rounds" { "round" } else { "question" };
            parts.push(format!("{what} {}", i + 1));
            iter.next();
        }
    }
    parts.join(", ")
}

/// Reads a pack file as text: UTF-8 (a byte-order mark is fine); anything else is an
/// error that says where the first bad byte is and what to do.
pub fn read_text(path: &Path) -> Result<String, PackError> {
    let name = path.display().to_string();
    let err = |line, column, message: String| PackError {
        file: name.clone(),
        line,
        column,
        message,
    };
    let bytes = std::fs::read(path).map_err(|e| err(None, None, format!("cannot read: {e}")))?;
    if bytes.len() as u64 > MAX_PACK_BYTES {
        return Err(err(
            None,
            None,
            format!(
                "the file is {} bytes; packs may be at most {MAX_PACK_BYTES}",
                bytes.len()
            ),
        ));
    }
    if bytes.starts_with(&[0xff, 0xfe]) || bytes.starts_with(&[0xfe, 0xff]) {
        return Err(err(
            None,
            None,
            "the file is UTF-16 text: save it as UTF-8".into(),
        ));
    }
    String::from_utf8(bytes).map_err(|e| {
        let good = e.utf8_error().valid_up_to();
        let text = String::from_utf8_lossy(&e.as_bytes()[..good]).into_owned();
        let (line, column) = line_col(&text, good);
        err(
            Some(line),
            Some(column),
            "not UTF-8 text here (Latin-1 or Windows-1252?): save the file as UTF-8".into(),
        )
    })
}

/// The largest pack file we read: big enough for thousands of questions.
pub const MAX_PACK_BYTES: u64 = 16 * 1024 * 1024;

/// Checks one pack file and reports every problem; images are looked for beside it.
pub fn check_file(path: &Path) -> CheckReport {
    match read_text(path) {
        Ok(text) => check_text(&path.display().to_string(), &text, path.parent()),
        Err(e) => CheckReport::failed(e),
    }
}

/// Loads one pack file; its id is the file name without the extension.
/// Warnings go to the log; the first error (with a count of the rest) refuses it.
pub fn load_file(path: &Path) -> Result<LoadedPack, PackError> {
    let report = check_file(path);
    for w in &report.warnings {
        tracing::warn!("{w}");
    }
    let pack = report.into_result()?;
    let id = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok(LoadedPack {
        id,
        pack,
        base_dir: path.parent().map(Path::to_path_buf),
    })
}

/// Loads every `.toml` and `.json` pack in a folder. Broken packs are returned as
/// errors beside the good ones: one bad file never stops the others.
pub fn load_dir(dir: &Path) -> (Vec<LoadedPack>, Vec<PackError>) {
    let mut packs = Vec::new();
    let mut errors = Vec::new();
    let mut paths: Vec<PathBuf> = match std::fs::read_dir(dir) {
        Ok(entries) => entries.filter_map(|e| e.ok().map(|e| e.path())).collect(),
        Err(e) => {
            errors.push(PackError {
                file: dir.display().to_string(),
                line: None,
                column: None,
                message: format!("cannot read the packs folder: {e}"),
            });
            return (packs, errors);
        }
    };
    paths.sort();
    for path in paths {
        let is_pack = matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("toml") | Some("json")
        );
        if !is_pack || !path.is_file() {
            continue;
        }
        match load_file(&path) {
            Ok(p) => packs.push(p),
            Err(e) => errors.push(e),
        }
    }
    (packs, errors)
}

/// The packs a server offers, by id.
#[derive(Debug, Default)]
pub struct PackLibrary {
    packs: std::sync::RwLock<BTreeMap<String, std::sync::Arc<LoadedPack>>>,
}

impl PackLibrary {
    /// A library holding these packs.
    pub fn new(packs: Vec<LoadedPack>) -> Self {
        let lib = Self::default();
        for p in packs {
            lib.insert(p);
        }
        lib
    }

    /// Adds or replaces a pack.
    pub fn insert(&self, pack: LoadedPack) {
        let mut map = self.packs.write().unwrap_or_else(|e| e.into_inner());
        map.insert(pack.id.clone(), std::sync::Arc::new(pack));
    }

    /// Stops offering a pack; rooms already playing it keep their questions.
    pub fn remove(&self, id: &str) -> Option<std::sync::Arc<LoadedPack>> {
        let mut map = self.packs.write().unwrap_or_else(|e| e.into_inner());
        map.remove(id)
    }

    /// The pack with this id.
    pub fn get(&self, id: &str) -> Option<std::sync::Arc<LoadedPack>> {
        let map = self.packs.read().unwrap_or_else(|e| e.into_inner());
        map.get(id).cloned()
    }

    /// Every pack, sorted by id.
    pub fn list(&self) -> Vec<std::sync::Arc<LoadedPack>> {
        let map = self.packs.read().unwrap_or_else(|e| e.into_inner());
        map.values().cloned().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"
title = "T"
[[questions]]
text = "Q?"
choices = ["a", "b"]
answer = 1
"#;

    #[test]
    fn a_good_pack_parses() {
        let p = parse_pack("x.toml", GOOD).unwrap();
        assert_eq!(p.question_count(), 1);
        assert_eq!(p.questions[0].correct(), vec![1]);
    }

    #[test]
    fn an_answer_out_of_range_is_refused() {
        let bad = GOOD.replace("answer = 1", "answer = 7");
        let e = parse_pack("x.toml", &bad).unwrap_err();
        assert!(
            e.message
                .contains("answer = 7 but there are 2 choices (0-1)"),
            "{e}"
        );
    }

    #[test]
    fn a_syntax_error_has_a_line() {
        let bad = GOOD.replace("answer = 1", "answer = ");
        let e = parse_pack("x.toml", &bad).unwrap_err();
        assert_eq!(e.line, Some(6), "{e}");
    }
}
