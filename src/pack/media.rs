//! Pack media: which files beside a pack may ever be served, and as what.
//!
//! Only pictures a question names as its `image` are served, and only with an extension
//! on [`IMAGE_TYPES`]: the pack file itself (its answer key) and anything else in the
//! packs folder never leave the server. The browser editor uploads pictures into
//! [`media_dir`] and checks names with [`image_type`] too.

use std::path::{Component, Path, PathBuf};

/// The image extensions a pack may name, with the content type each is served as.
pub const IMAGE_TYPES: &[(&str, &str)] = &[
    ("png", "image/png"),
    ("jpg", "image/jpeg"),
    ("jpeg", "image/jpeg"),
    ("gif", "image/gif"),
    ("webp", "image/webp"),
    ("avif", "image/avif"),
    ("svg", "image/svg+xml"),
];

/// The content type of an allowed image path (by its extension, any case), or None.
pub fn image_type(path: &str) -> Option<&'static str> {
    let ext = Path::new(path).extension()?.to_str()?.to_ascii_lowercase();
    IMAGE_TYPES
        .iter()
        .find(|(e, _)| *e == ext)
        .map(|(_, mime)| *mime)
}

/// The allowed extensions, for messages ("png, jpg, ...").
pub fn allowed_list() -> String {
    let names: Vec<&str> = IMAGE_TYPES.iter().map(|(e, _)| *e).collect();
    names.join(", ")
}

/// Where a pack's uploaded pictures live: `<packs dir>/media/<pack id>/`, so a question
/// names them as `image = "media/<pack id>/x.png"`.
pub fn media_dir(packs_dir: &Path, pack_id: &str) -> PathBuf {
    packs_dir.join("media").join(pack_id)
}

/// A relative path with `.` parts dropped (`./a/b.png` and `a/b.png` name one file),
/// or None when it is not a plain relative path.
pub fn normalized(path: &str) -> Option<String> {
    let mut parts = Vec::new();
    for c in Path::new(path).components() {
        match c {
            Component::Normal(p) => parts.push(p.to_str()?),
            Component::CurDir => {}
            _ => return None,
        }
    }
    (!parts.is_empty()).then(|| parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_images_have_a_type() {
        assert_eq!(image_type("media/q/a.PNG"), Some("image/png"));
        assert_eq!(image_type("x.svg"), Some("image/svg+xml"));
        assert_eq!(image_type("sample.toml"), None);
        assert_eq!(image_type("x.html"), None);
        assert_eq!(image_type("png"), None);
    }

    #[test]
    fn paths_normalize_or_are_refused() {
        assert_eq!(normalized("./a/b.png").as_deref(), Some("a/b.png"));
        assert_eq!(normalized("../b.png"), None);
        assert_eq!(normalized("/etc/b.png"), None);
    }
}
