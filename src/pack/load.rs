//! Reading packs from TOML or JSON files and checking the rules of `PACKS.md`.

use super::model::{LoadedPack, Pack};
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
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// Parses pack text; `name` is the file name used in errors and to pick the format.
pub fn parse_pack(name: &str, text: &str) -> Result<Pack, PackError> {
    let err = |line, column, message: String| PackError {
        file: name.to_string(),
        line,
        column,
        message,
    };
    let pack: Pack = if name.ends_with(".json") {
        serde_json::from_str(text)
            .map_err(|e| err(Some(e.line()), Some(e.column()), e.to_string()))?
    } else {
        toml::from_str(text).map_err(|e| {
            let (line, column) = match e.span() {
                Some(span) => {
                    let (l, c) = line_col(text, span.start);
                    (Some(l), Some(c))
                }
                None => (None, None),
            };
            err(line, column, e.message().to_string())
        })?
    };
    validate(&pack).map_err(|message| err(None, None, message))?;
    Ok(pack)
}

/// Checks the rules of `PACKS.md` that the types cannot express.
pub fn validate(pack: &Pack) -> Result<(), String> {
    if pack.title.trim().is_empty() {
        return Err("title is empty".into());
    }
    if pack.question_count() == 0 {
        return Err("the pack has no questions".into());
    }
    for (n, (_, q)) in pack.all_questions().enumerate() {
        let at = format!("question {} ({:?})", n + 1, q.text);
        if q.text.trim().is_empty() {
            return Err(format!("question {}: text is empty", n + 1));
        }
        if !(2..=6).contains(&q.choices.len()) {
            return Err(format!(
                "{at}: has {} choices, needs 2 to 6",
                q.choices.len()
            ));
        }
        let mut seen = BTreeMap::new();
        for (i, c) in q.choices.iter().enumerate() {
            let key = c.trim().to_lowercase();
            if key.is_empty() {
                return Err(format!("{at}: choice {i} is empty"));
            }
            if let Some(j) = seen.insert(key, i) {
                return Err(format!("{at}: choices {j} and {i} are the same"));
            }
        }
        let correct = q.correct();
        if correct.is_empty() {
            return Err(format!("{at}: needs `answer` (or `answers`)"));
        }
        for a in correct {
            if a >= q.choices.len() {
                return Err(format!(
                    "{at}: answer = {a} but there are {} choices (0-{})",
                    q.choices.len(),
                    q.choices.len() - 1
                ));
            }
        }
    }
    Ok(())
}

/// Loads one pack file; its id is the file name without the extension.
pub fn load_file(path: &Path) -> Result<LoadedPack, PackError> {
    let name = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| PackError {
        file: name.clone(),
        line: None,
        column: None,
        message: format!("cannot read: {e}"),
    })?;
    let pack = parse_pack(&name, &text)?;
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
