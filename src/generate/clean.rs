//! Cleaning raw text: HTML tags and entities, odd spaces, missing spaces after commas.
//!
//! Curly quotes are kept as written, so a source sentence is the document's own text;
//! the later steps accept both straight and curly quotes.

/// Cleans a raw document; `html` strips tags (and script/style content) first.
pub fn clean(raw: &str, html: bool) -> String {
    let text = if html {
        strip_html(raw)
    } else {
        raw.to_string()
    };
    let text = html_escape::decode_html_entities(&text).into_owned();
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        out.push_str(fix_line(line).trim_end());
        out.push('\n');
    }
    out
}

/// Normalizes spaces and inserts the space missing in "film,Ryan".
fn fix_line(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::with_capacity(line.len() + 8);
    for (i, &c) in chars.iter().enumerate() {
        let c = match c {
            '\u{a0}' | '\u{2007}' | '\u{202f}' | '\t' => ' ',
            '\u{200b}' | '\u{feff}' => continue,
            c => c,
        };
        out.push(c);
        // "film,Ryan" -> "film, Ryan", but not "1,000" or "a,b" inside code-like tokens.
        if c == ',' && i > 0 && i + 1 < chars.len() {
            let (prev, next) = (chars[i - 1], chars[i + 1]);
            if prev.is_alphabetic() && next.is_uppercase() {
                out.push(' ');
            }
        }
    }
    out
}

/// Removes tags, keeping block boundaries as line breaks and dropping script and style.
fn strip_html(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let lower = raw.to_ascii_lowercase();
    let mut i = 0;
    let bytes = raw.as_bytes();
    while i < raw.len() {
        if bytes[i] == b'<' {
            let end = raw[i..].find('>').map(|e| i + e + 1).unwrap_or(raw.len());
            let tag = &lower[i..end];
            let name: String = tag
                .trim_start_matches('<')
                .trim_start_matches('/')
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect();
            if (name == "script" || name == "style") && !tag.starts_with("</") {
                let close = format!("</{name}");
                i = lower[end..]
                    .find(&close)
                    .map(|e| end + e)
                    .unwrap_or(raw.len());
                continue;
            }
            if matches!(
                name.as_str(),
                "p" | "br"
                    | "div"
                    | "li"
                    | "h1"
                    | "h2"
                    | "h3"
                    | "h4"
                    | "h5"
                    | "h6"
                    | "tr"
                    | "title"
                    | "section"
                    | "article"
                    | "blockquote"
            ) {
                out.push_str("\n\n");
            }
            i = end;
        } else {
            let next = raw[i..].find('<').map(|e| i + e).unwrap_or(raw.len());
            // Inside a block, source line breaks are just spaces.
            out.push_str(&raw[i..next].replace(['\n', '\r'], " "));
            i = next;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_space_after_comma_is_added() {
        assert_eq!(
            clean("In the film,Ryan Gosling plays 1,000 notes.", false),
            "In the film, Ryan Gosling plays 1,000 notes.\n"
        );
    }

    #[test]
    fn html_tags_and_entities_go() {
        let html = "<html><head><style>p{}</style><title>T</title></head><body><p>Tom &amp; Jerry&#39;s <b>show</b></p><script>x<y</script><p>Next&nbsp;one.</p></body></html>";
        let text = clean(html, true);
        assert!(text.contains("Tom & Jerry's show"), "{text:?}");
        assert!(text.contains("Next one."), "{text:?}");
        assert!(!text.contains("p{}") && !text.contains("x<y"), "{text:?}");
    }
}
