//! Reading documents: files or folders of .txt, .md and .html, cleaned on the way in.

use super::clean;
use anyhow::Context as _;
use std::path::{Path, PathBuf};

/// One cleaned document: its file name and its text after [`clean::clean`].
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// The file name (no folders), used as `source.document`.
    pub name: String,
    /// The cleaned text; every `source.sentence` is a substring of it.
    pub text: String,
}

impl Document {
    /// Cleans raw text (HTML when `html` is true) into a document.
    pub fn new(name: &str, raw: &str, html: bool) -> Self {
        Document {
            name: name.to_string(),
            text: clean::clean(raw, html),
        }
    }

    /// Builds a document from a file name, picking HTML cleaning from the extension.
    pub fn from_named(name: &str, raw: &str) -> Self {
        Self::new(name, raw, is_html(Path::new(name)))
    }
}

fn is_html(path: &Path) -> bool {
    matches!(ext(path).as_deref(), Some("html" | "htm"))
}

fn ext(path: &Path) -> Option<String> {
    path.extension()
        .and_then(|e| e.to_str())
        .map(|e| e.to_ascii_lowercase())
}

fn is_document(path: &Path) -> bool {
    matches!(ext(path).as_deref(), Some("txt" | "md" | "html" | "htm"))
}

/// Reads every document under the given paths, sorted by path so the output is stable.
pub fn read_paths(paths: &[PathBuf]) -> anyhow::Result<Vec<Document>> {
    let mut files = Vec::new();
    for path in paths {
        let meta =
            std::fs::metadata(path).with_context(|| format!("reading {}", path.display()))?;
        if meta.is_dir() {
            collect(path, &mut files)?;
        } else {
            files.push(path.clone());
        }
    }
    files.sort();
    files.dedup();
    let mut docs = Vec::with_capacity(files.len());
    for file in files {
        let bytes = std::fs::read(&file).with_context(|| format!("reading {}", file.display()))?;
        let raw = String::from_utf8_lossy(&bytes);
        let name = file
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("document")
            .to_string();
        docs.push(Document::new(&name, &raw, is_html(&file)));
    }
    Ok(docs)
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) -> anyhow::Result<()> {
    let entries = std::fs::read_dir(dir).with_context(|| format!("listing {}", dir.display()))?;
    for entry in entries {
        let path = entry?.path();
        if path.is_dir() {
            collect(&path, out)?;
        } else if is_document(&path) {
            out.push(path);
        }
    }
    Ok(())
}
