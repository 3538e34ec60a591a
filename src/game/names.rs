//! Player names: normalized (NFKC), 1-24 grapheme clusters, nothing invisible or
//! direction-changing, and unique by how they look (UTS #39 confusable skeleton).
//!
//! A name is refused, never silently changed, except that the NFKC form is what the
//! room shows and saves (so `Ａｎｎ` in full-width letters is stored as `Ann`).

use unicode_normalization::UnicodeNormalization;
use unicode_properties::{GeneralCategory, UnicodeEmoji, UnicodeGeneralCategory};
use unicode_segmentation::UnicodeSegmentation;

/// Longest name, in grapheme clusters (what a reader counts as characters).
pub const MAX_NAME_CHARS: usize = 24;
/// Most code points in one grapheme cluster: the longest ordinary emoji sequence
/// (kiss with two skin tones) has 10; more is stacked marks ("Zalgo" text).
const MAX_CLUSTER_CHARS: usize = 12;

/// A checked name: what to show, and the key two names that look alike share.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Name {
    /// The NFKC form, trimmed.
    pub display: String,
    /// Same for names that differ only in case, look-alike letters or spacing.
    pub key: String,
}

/// Normalizes a name and checks it; the error says what is wrong, for people.
pub fn validate(raw: &str) -> Result<Name, String> {
    let normalized: String = raw.nfkc().collect();
    let name = normalized.trim();
    if name.is_empty() {
        return Err("please enter a name".into());
    }
    let clusters: Vec<&str> = name.graphemes(true).collect();
    if clusters.len() > MAX_NAME_CHARS {
        return Err(format!(
            "names can be at most {MAX_NAME_CHARS} characters (this one has {})",
            clusters.len()
        ));
    }
    for cluster in &clusters {
        check_cluster(cluster)?;
    }
    if !name.chars().any(is_visible) {
        return Err("names need at least one visible letter, digit or symbol".into());
    }
    Ok(Name {
        display: name.to_string(),
        key: key(name),
    })
}

/// The uniqueness key of an already valid name (for games saved before keys existed).
pub fn key(name: &str) -> String {
    // Skeleton, case-fold, skeleton again: `Аnn` (Cyrillic А), `ANN` and `Ann` meet,
    // and so do `I` and `l` (the first skeleton maps I to l before folding).
    let folded: String = unicode_security::skeleton(name)
        .collect::<String>()
        .to_lowercase();
    let skeleton: String = unicode_security::skeleton(&folded).collect();
    // Runs of spaces read as one.
    skeleton
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn check_cluster(cluster: &str) -> Result<(), String> {
    let chars: Vec<char> = cluster.chars().collect();
    if chars.len() > MAX_CLUSTER_CHARS {
        return Err("names cannot stack that many marks on one letter".into());
    }
    for (i, &c) in chars.iter().enumerate() {
        use GeneralCategory as G;
        match c.general_category() {
            G::Control | G::Surrogate | G::PrivateUse | G::Unassigned => {
                return Err(format!(
                    "names cannot contain control, private-use or unassigned characters (found U+{:04X})",
                    c as u32
                ));
            }
            G::LineSeparator | G::ParagraphSeparator => {
                return Err("names must fit on one line".into());
            }
            _ => {}
        }
        if (c.general_category() == G::Format || is_default_ignorable(c))
            && !in_emoji_sequence(&chars, i)
        {
            return Err(format!(
                "names cannot contain invisible or text-direction characters (found U+{:04X})",
                c as u32
            ));
        }
    }
    Ok(())
}

/// Whether the invisible `chars[i]` is the glue of an ordinary emoji sequence: a ZWJ
/// between two emoji (families, rainbow flag), a presentation selector after one
/// (❤️, keycaps), or the tags of a subdivision flag (England).
fn in_emoji_sequence(chars: &[char], i: usize) -> bool {
    let c = chars[i];
    let prev = i.checked_sub(1).map(|p| chars[p]);
    let next = chars.get(i + 1).copied();
    match c {
        '\u{200D}' => {
            prev.is_some_and(|p| p.is_emoji_char() || p == '\u{FE0F}')
                && next.is_some_and(|n| n.is_emoji_char())
        }
        '\u{FE0E}' | '\u{FE0F}' => prev.is_some_and(|p| p.is_emoji_char()),
        '\u{E0020}'..='\u{E007F}' => chars[0] == '\u{1F3F4}',
        _ => false,
    }
}

/// Something a reader sees: not a space, not a bare mark, not invisible, not blank.
fn is_visible(c: char) -> bool {
    !c.is_whitespace()
        && !matches!(
            c.general_category(),
            GeneralCategory::NonspacingMark
                | GeneralCategory::SpacingMark
                | GeneralCategory::EnclosingMark
                | GeneralCategory::Format
        )
        && !is_default_ignorable(c)
        && c != '\u{2800}' // braille blank, a favourite "empty" name
}

/// Unicode's Default_Ignorable_Code_Point (DerivedCoreProperties.txt): characters a
/// font draws as nothing, including the Hangul fillers that are letters by category.
fn is_default_ignorable(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}'..='\u{1160}'
        | '\u{17B4}'..='\u{17B5}' | '\u{180B}'..='\u{180F}' | '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{206F}' | '\u{3164}'
        | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}' | '\u{FFA0}' | '\u{FFF0}'..='\u{FFF8}'
        | '\u{1BCA0}'..='\u{1BCA3}' | '\u{1D173}'..='\u{1D17A}' | '\u{E0000}'..='\u{E0FFF}')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(raw: &str) -> String {
        validate(raw)
            .unwrap_or_else(|e| panic!("{raw:?} refused: {e}"))
            .display
    }

    #[test]
    fn names_are_trimmed_and_normalized() {
        assert_eq!(ok("  Ann  "), "Ann");
        assert_eq!(ok("Zoë 🎉"), "Zoë 🎉");
        assert_eq!(ok(&"x".repeat(24)).len(), 24);
        // Full-width letters and a decomposed ë are stored in NFKC form.
        assert_eq!(ok("Ａｎｎ"), "Ann");
        assert_eq!(ok("Zoe\u{0308}"), "Zoë");
    }

    #[test]
    fn ordinary_emoji_sequences_are_names() {
        for name in [
            "👨‍👩‍👧‍👦",                                                       // family (ZWJ)
            "🏳️‍🌈",                                                       // rainbow flag (VS16 + ZWJ)
            "🇳🇿 Kiwi",                                                  // flag
            "👍🏽 Sam",                                                   // skin tone
            "🏴\u{E0067}\u{E0062}\u{E0065}\u{E006E}\u{E0067}\u{E007F}", // England
            "❤️ Mo",                                                    // VS16
            "1️⃣",                                                       // keycap
            "👩🏻‍❤️‍💋‍👨🏼", // kiss with skin tones, 10 code points
        ] {
            ok(name);
        }
        // 24 families are 24 characters, not 168 code points.
        ok(&"👨‍👩‍👧‍👦".repeat(24));
        assert!(validate(&"👨‍👩‍👧‍👦".repeat(25)).is_err());
    }

    #[test]
    fn invisible_and_direction_characters_are_refused() {
        for name in [
            "a\u{202E}b",
            "a\nb",
            "a\u{0007}",
            "a\u{2067}b",
            "An\u{200B}n",
            "Ann\u{200D}",
            "A\u{200D}nn",
            "Ann\u{FEFF}",
            "Ann\u{00AD}",
            "Ann\u{2060}",
            "Ann\u{E0041}",
            "\u{3164}Ann",
            "Ann\u{2028}x",
            "Ann\u{E000}",
            "Ann\u{0378}",
        ] {
            assert!(validate(name).is_err(), "{name:?} was accepted");
        }
    }

    #[test]
    fn blank_looking_names_are_refused() {
        for name in [
            "",
            "   ",
            "\u{3000}",
            "\u{3164}",
            "\u{115F}\u{1160}",
            "\u{2800}\u{2800}",
            "\u{0301}\u{0301}",
            "\u{FE0F}",
            "\u{200B}",
        ] {
            assert!(validate(name).is_err(), "{name:?} was accepted");
        }
    }

    #[test]
    fn long_names_count_graphemes() {
        assert!(validate(&"x".repeat(25)).is_err());
        // 24 accented letters made of two code points each are 24 characters.
        ok(&"e\u{0301}".repeat(24));
        // One letter buried under marks is refused, not counted as one character.
        assert!(validate(&format!("a{}", "\u{0301}".repeat(40))).is_err());
    }

    #[test]
    fn look_alike_names_share_a_key() {
        let k = |s: &str| validate(s).unwrap().key;
        let ann = k("Ann");
        assert_eq!(k("ann"), ann);
        assert_eq!(k("ANN"), ann);
        assert_eq!(k("\u{0410}nn"), ann, "Cyrillic capital A");
        assert_eq!(k("\u{0430}nn"), ann, "Cyrillic small a");
        assert_eq!(k("Ａｎｎ"), ann, "full-width");
        assert_eq!(k("Ann  Lee"), k("Ann Lee"));
        assert_eq!(k("Iris"), k("lris"));
        assert_ne!(k("Ann"), k("Anna"));
        assert_ne!(k("Zoë"), k("Zoe"));
        assert_ne!(k("👨‍👩‍👧‍👦"), k("👨‍👩‍👧"));
    }
}
