//! Player names: trimmed, 1-24 characters, nothing invisible or direction-changing.

/// Longest name, in characters.
pub const MAX_NAME_CHARS: usize = 24;

/// Trims a name and checks it; the error says what is wrong, for people.
pub fn validate(raw: &str) -> Result<String, String> {
    let name = raw.trim();
    let len = name.chars().count();
    if len == 0 {
        return Err("please enter a name".into());
    }
    if len > MAX_NAME_CHARS {
        return Err(format!(
            "names can be at most {MAX_NAME_CHARS} characters (this one has {len})"
        ));
    }
    if let Some(c) = name.chars().find(|&c| is_forbidden(c)) {
        return Err(format!(
            "names cannot contain control or text-direction characters (found U+{:04X})",
            c as u32
        ));
    }
    Ok(name.to_string())
}

/// Control characters, and the bidi overrides, embeddings and isolates that can make
/// a name display as something else (zero-width characters too, for impersonation).
fn is_forbidden(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{200B}'..='\u{200F}'   // zero-width, LRM, RLM
            | '\u{202A}'..='\u{202E}' // embeddings and overrides
            | '\u{2066}'..='\u{2069}' // isolates
            | '\u{061C}'              // Arabic letter mark
            | '\u{FEFF}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_trimmed_not_changed() {
        assert_eq!(validate("  Ann  ").unwrap(), "Ann");
        assert_eq!(validate("Zoë 🎉").unwrap(), "Zoë 🎉");
        assert_eq!(validate(&"x".repeat(24)).unwrap().len(), 24);
    }

    #[test]
    fn bad_names_are_refused() {
        assert!(validate("   ").is_err());
        assert!(validate("").is_err());
        assert!(validate(&"x".repeat(25)).is_err());
        assert!(validate("a\u{202E}b").is_err());
        assert!(validate("a\nb").is_err());
        assert!(validate("a\u{0007}").is_err());
        assert!(validate("a\u{2067}b").is_err());
    }
}
