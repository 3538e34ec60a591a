//! Reading documents: files or folders of .txt, .md, .html, .pdf and .docx, cleaned on
//! the way in. PDF text comes from `pdf-extract`, Word text from the DOCX's
//! `word/document.xml` (read with `zip` and `quick-xml`); both are bounded in size.

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
    matches!(
        ext(path).as_deref(),
        Some("txt" | "md" | "html" | "htm" | "pdf" | "docx")
    )
}

/// The most text a PDF or DOCX may unpack to: a small file that inflates without end
/// is refused instead of filling the memory.
pub const MAX_EXTRACTED_BYTES: u64 = 64 * 1024 * 1024;

/// A document from a file's name and bytes: PDF and DOCX by their extension (or
/// signature), else text decoded as the importers do. Returns a note for the host
/// (an encoding guessed), or Err saying why the file cannot be read.
pub fn document_from_bytes(name: &str, bytes: &[u8]) -> Result<(Document, Option<String>), String> {
    let kind = ext(Path::new(name));
    if kind.as_deref() == Some("pdf") || bytes.starts_with(b"%PDF-") {
        let text = pdf_text(bytes)?;
        return Ok((Document::new(name, &text, false), None));
    }
    if kind.as_deref() == Some("docx") {
        let text = docx_text(bytes)?;
        return Ok((Document::new(name, &text, false), None));
    }
    if looks_binary(bytes) {
        return Err("it looks like a binary file, not text, PDF or DOCX".into());
    }
    let (raw, note) = crate::pack::import::decode(bytes);
    Ok((Document::new(name, &raw, is_html(Path::new(name))), note))
}

/// The text of a PDF. `pdf-extract` may panic on a malformed file; that is caught and
/// reported as a broken PDF like any other error (the panic hook still logs it).
fn pdf_text(bytes: &[u8]) -> Result<String, String> {
    if !bytes.starts_with(b"%PDF-") {
        return Err("not a PDF (it does not start with %PDF-)".into());
    }
    let result = std::panic::catch_unwind(|| pdf_extract::extract_text_from_mem(bytes));
    let text = match result {
        Ok(Ok(text)) => text,
        Ok(Err(e)) => return Err(format!("a broken or unsupported PDF ({e})")),
        Err(_) => return Err("a broken or unsupported PDF (its structure cannot be read)".into()),
    };
    if text.len() as u64 > MAX_EXTRACTED_BYTES {
        return Err("the PDF holds too much text".into());
    }
    if text.trim().is_empty() {
        return Err("the PDF has no text layer (a scan?): nothing to read".into());
    }
    Ok(text)
}

/// The text of a Word document: each paragraph on its own line, tabs and breaks as
/// spaces and new lines.
fn docx_text(bytes: &[u8]) -> Result<String, String> {
    use quick_xml::events::Event;
    use std::io::Read as _;
    crate::pack::import::check_zip_size(bytes, MAX_EXTRACTED_BYTES)
        .map_err(|e| format!("not a readable DOCX: {e}"))?;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| format!("not a readable DOCX ({e})"))?;
    let mut xml = Vec::new();
    archive
        .by_name("word/document.xml")
        .map_err(|_| "not a Word document (no word/document.xml inside)".to_string())?
        .take(MAX_EXTRACTED_BYTES + 1)
        .read_to_end(&mut xml)
        .map_err(|e| format!("a broken DOCX ({e})"))?;
    if xml.len() as u64 > MAX_EXTRACTED_BYTES {
        return Err("the DOCX holds too much text".into());
    }
    let mut reader = quick_xml::Reader::from_reader(xml.as_slice());
    let mut buf = Vec::new();
    let mut text = String::new();
    let mut in_text = false;
    loop {
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|e| format!("a broken DOCX: its text is not valid XML ({e})"))?;
        match event {
            Event::Start(e) if e.name().as_ref() == "w:t" => in_text = true,
            Event::End(e) if e.name().as_ref() == "w:t" => in_text = false,
            Event::End(e) if e.name().as_ref() == "w:p" => text.push('\n'),
            Event::Empty(e) => match e.name().as_ref() {
                "w:tab" => text.push(' '),
                "w:br" | "w:cr" => text.push('\n'),
                _ => {}
            },
            Event::Text(t) if in_text => text.push_str(&t.xml10_content()),
            Event::GeneralRef(r) if in_text => {
                let name = r.xml10_content();
                match r.resolve_char_ref() {
                    Ok(Some(c)) => text.push(c),
                    _ => text.push_str(match &*name {
                        "lt" => "<",
                        "gt" => ">",
                        "amp" => "&",
                        "quot" => "\"",
                        "apos" => "'",
                        _ => "",
                    }),
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(text)
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
        let name = file
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("document")
            .to_string();
        let pdf_or_docx = matches!(ext(&file).as_deref(), Some("pdf" | "docx"));
        if !pdf_or_docx && looks_binary(&bytes) {
            warnings.push(format!(
                "{}: skipped, it looks like a binary file, not text",
                file.display()
            ));
            continue;
        }
        // A broken PDF or DOCX stops the run: its questions would silently be missing.
        let (doc, note) = document_from_bytes(&name, &bytes)
            .map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
        if let Some(note) = note {
            warnings.push(format!("{}: {note}", file.display()));
        }
        docs.push(doc);
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

    fn fixture(name: &str) -> Vec<u8> {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/generate");
        std::fs::read(dir.join(name)).unwrap()
    }

    #[test]
    fn pdf_and_docx_text_is_read() {
        let (pdf, _) = document_from_bytes("barcelona.pdf", &fixture("barcelona.pdf")).unwrap();
        assert!(
            pdf.text
                .contains("The Sagrada Família was designed by Antoni Gaudí."),
            "{}",
            pdf.text
        );
        let (docx, _) = document_from_bytes("curie.docx", &fixture("curie.docx")).unwrap();
        assert!(docx.text.contains("Marie Curie"), "{}", docx.text);
        assert!(!docx.text.contains("<w:"), "markup is dropped");
    }

    #[test]
    fn a_broken_pdf_or_docx_is_a_clear_error() {
        let mut pdf = fixture("barcelona.pdf");
        pdf.truncate(300);
        let e = document_from_bytes("cut.pdf", &pdf).unwrap_err();
        assert!(e.contains("PDF"), "{e}");
        let e = document_from_bytes("fake.pdf", b"hello").unwrap_err();
        assert!(e.contains("not a PDF"), "{e}");
        let mut docx = fixture("curie.docx");
        docx.truncate(docx.len() / 2);
        let e = document_from_bytes("cut.docx", &docx).unwrap_err();
        assert!(e.contains("DOCX"), "{e}");
        // A ZIP without the Word part (an XLSX renamed, say).
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        zip.start_file("other.xml", opts).unwrap();
        std::io::Write::write_all(&mut zip, b"<x/>").unwrap();
        let bytes = zip.finish().unwrap().into_inner();
        let e = document_from_bytes("x.docx", &bytes).unwrap_err();
        assert!(e.contains("no word/document.xml"), "{e}");
    }

    #[test]
    fn folders_pick_up_pdf_and_docx() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.pdf"), fixture("barcelona.pdf")).unwrap();
        std::fs::write(dir.path().join("b.docx"), fixture("curie.docx")).unwrap();
        std::fs::write(dir.path().join("c.png"), [0u8, 1, 2]).unwrap();
        let (docs, warnings) = read_paths_with_warnings(&[dir.path().to_path_buf()]).unwrap();
        let names: Vec<&str> = docs.iter().map(|d| d.name.as_str()).collect();
        assert_eq!(names, ["a.pdf", "b.docx"], "{warnings:?}");
    }
}
