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

/// Largest input file `generate` and `check` read unless told otherwise (`--max-input-mb`).
pub const DEFAULT_MAX_INPUT_MB: u64 = 50;

/// Refuses what is not a regular file (`/dev/zero`, a FIFO) or is over `max_bytes`,
/// before anything reads it: such input would never end or would not fit in memory.
pub fn refuse_unbounded(path: &Path, max_bytes: u64) -> anyhow::Result<()> {
    let meta = std::fs::metadata(path).with_context(|| format!("reading {}", path.display()))?;
    if !meta.is_file() {
        anyhow::bail!(
            "{}: not a regular file (a device, pipe or socket); give a file or a folder",
            path.display()
        );
    }
    if meta.len() > max_bytes {
        anyhow::bail!(
            "{}: {} MB is over the {} MB limit (raise it with --max-input-mb)",
            path.display(),
            meta.len().div_ceil(1024 * 1024),
            max_bytes / (1024 * 1024)
        );
    }
    Ok(())
}

/// Reads a file checked by [`refuse_unbounded`], never more than `max_bytes` (it may
/// have grown since).
pub fn read_bounded(path: &Path, max_bytes: u64) -> anyhow::Result<Vec<u8>> {
    use std::io::Read;
    refuse_unbounded(path, max_bytes)?;
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(max_bytes + 1).read_to_end(&mut bytes))
        .with_context(|| format!("reading {}", path.display()))?;
    if bytes.len() as u64 > max_bytes {
        anyhow::bail!(
            "{}: grew past the size limit while being read",
            path.display()
        );
    }
    Ok(bytes)
}

/// Reads every document under the given paths, sorted by path so the output is stable.
/// Files that cannot be documents are skipped with a warning on stderr.
pub fn read_paths(paths: &[PathBuf]) -> anyhow::Result<Vec<Document>> {
    read_paths_limited(paths, DEFAULT_MAX_INPUT_MB * 1024 * 1024)
}

/// [`read_paths`], refusing any file over `max_bytes` or not a regular file.
pub fn read_paths_limited(paths: &[PathBuf], max_bytes: u64) -> anyhow::Result<Vec<Document>> {
    let (docs, warnings) = read_paths_with_warnings_limited(paths, max_bytes)?;
    for w in warnings {
        eprintln!("warning: {w}");
    }
    Ok(docs)
}

/// Like [`read_paths`], returning the warnings instead of printing them: binary files
/// are skipped, and text that is not UTF-8 is read as UTF-16 (with a byte-order mark)
/// or Windows-1252, as the pack importers do.
pub fn read_paths_with_warnings(paths: &[PathBuf]) -> anyhow::Result<(Vec<Document>, Vec<String>)> {
    read_paths_with_warnings_limited(paths, DEFAULT_MAX_INPUT_MB * 1024 * 1024)
}

/// [`read_paths_with_warnings`] with a size limit per file.
pub fn read_paths_with_warnings_limited(
    paths: &[PathBuf],
    max_bytes: u64,
) -> anyhow::Result<(Vec<Document>, Vec<String>)> {
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
    let mut warnings = Vec::new();
    for file in files {
        let bytes = read_bounded(&file, max_bytes)?;
        if looks_binary(&bytes) {
            warnings.push(format!(
                "{}: skipped, it looks like a binary file, not text",
                file.display()
            ));
            continue;
        }
        let (raw, note) = crate::pack::import::decode(&bytes);
        if let Some(note) = note {
            warnings.push(format!("{}: {note}", file.display()));
        }
        let name = file
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("document")
            .to_string();
        docs.push(Document::new(&name, &raw, is_html(&file)));
    }
    Ok((docs, warnings))
}

/// A NUL byte, or many control characters, in the first 8 KiB: not a text document.
/// (UTF-16 text has NULs but starts with a byte-order mark.)
fn looks_binary(bytes: &[u8]) -> bool {
    if bytes.starts_with(&[0xff, 0xfe]) || bytes.starts_with(&[0xfe, 0xff]) {
        return false;
    }
    let head = &bytes[..bytes.len().min(8192)];
    let control = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c))
        .count();
    head.contains(&0) || control * 20 > head.len()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binary_files_are_skipped_and_latin1_is_read() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.txt"), b"Caf\xe9 Paris opened in 1925.").unwrap();
        std::fs::write(dir.path().join("b.txt"), [0u8, 159, 146, 150, 7, 0, 1, 2]).unwrap();
        std::fs::write(dir.path().join("c.md"), "Plain text.").unwrap();
        let (docs, warnings) = read_paths_with_warnings(&[dir.path().to_path_buf()]).unwrap();
        let names: Vec<&str> = docs.iter().map(|d| d.name.as_str()).collect();
        assert_eq!(names, ["a.txt", "c.md"]);
        assert!(docs[0].text.contains("Café"), "{}", docs[0].text);
        assert_eq!(warnings.len(), 2, "{warnings:?}");
        assert!(warnings
            .iter()
            .any(|w| w.contains("b.txt") && w.contains("binary")));
        assert!(warnings
            .iter()
            .any(|w| w.contains("a.txt") && w.contains("Windows-1252")));
    }
}
