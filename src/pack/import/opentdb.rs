//! Open Trivia DB JSON: an API response `{"response_code": 0, "results": [...]}`, a
//! dump of results, or a bare array of them, in any of OpenTDB's encodings (HTML
//! entities by default, `url3986`, `urlLegacy`, `base64`). The category becomes the round.

use super::{decode_entities, spread, Builder, Imported};
use crate::pack::model::Question;
use base64::Engine;
use serde_json::Value;

/// How one result's strings are encoded.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Encoding {
    Html,
    Url,
    /// `urlLegacy`: like url3986 but spaces are `+`.
    UrlLegacy,
    Base64,
}

/// Imports an OpenTDB response or dump.
pub fn import(text: &str, title: &str) -> Result<Imported, String> {
    let root: Value = serde_json::from_str(text).map_err(|e| format!("not valid JSON: {e}"))?;
    let mut b = Builder::default();
    let results = match &root {
        Value::Array(items) => items,
        Value::Object(map) => {
            if let Some(code) = map.get("response_code").and_then(Value::as_u64) {
                if code != 0 {
                    b.warn(format!(
                        "the response says response_code = {code} (not 0: OpenTDB had a problem)"
                    ));
                }
            }
            match map.get("results") {
                Some(Value::Array(items)) => items,
                _ => return Err("no \"results\" list in this JSON".into()),
            }
        }
        _ => return Err("expected a JSON object with \"results\" or a list of results".into()),
    };
    for (i, item) in results.iter().enumerate() {
        let at = format!("result {}", i + 1);
        match question(item) {
            Ok((round, q)) => b.add(round.as_deref(), q, at),
            Err(reason) => b.skip(at, reason),
        }
    }
    Ok(b.finish(title))
}

fn encoding_of(item: &serde_json::Map<String, Value>) -> Encoding {
    let field = |k: &str| item.get(k).and_then(Value::as_str).unwrap_or("");
    let kind = field("type");
    if kind == "bXVsdGlwbGU=" || kind == "Ym9vbGVhbg==" {
        return Encoding::Base64;
    }
    let q = field("question");
    let percent = q
        .as_bytes()
        .windows(3)
        .any(|w| w[0] == b'%' && w[1].is_ascii_hexdigit() && w[2].is_ascii_hexdigit());
    if !q.contains(' ') && percent {
        return if q.contains('+') {
            Encoding::UrlLegacy
        } else {
            Encoding::Url
        };
    }
    Encoding::Html
}

fn decode(s: &str, enc: Encoding) -> Result<String, String> {
    let text = match enc {
        Encoding::Html => decode_entities(s),
        Encoding::Url => percent_encoding::percent_decode_str(s)
            .decode_utf8_lossy()
            .into_owned(),
        Encoding::UrlLegacy => percent_encoding::percent_decode_str(&s.replace('+', " "))
            .decode_utf8_lossy()
            .into_owned(),
        Encoding::Base64 => {
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(s.trim())
                .map_err(|e| format!("bad base64 ({e})"))?;
            String::from_utf8(bytes).map_err(|_| "base64 text that is not UTF-8".to_string())?
        }
    };
    Ok(text.trim().to_string())
}

/// One result as a question and its round (the category).
fn question(item: &Value) -> Result<(Option<String>, Question), String> {
    let Value::Object(map) = item else {
        return Err("not a JSON object".into());
    };
    let enc = encoding_of(map);
    let get = |k: &str| -> Result<Option<String>, String> {
        match map.get(k) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => decode(s, enc).map(Some),
            Some(other) => Ok(Some(other.to_string())),
        }
    };
    let need = |k: &str| {
        get(k)?
            .filter(|s| !s.is_empty())
            .ok_or(format!("missing \"{k}\""))
    };
    let text = need("question")?;
    let correct = need("correct_answer")?;
    let kind = get("type")?.unwrap_or_default();
    let incorrect: Vec<String> = match map.get("incorrect_answers") {
        Some(Value::Array(items)) => items
            .iter()
            .map(|v| match v {
                Value::String(s) => decode(s, enc),
                other => Ok(other.to_string()),
            })
            .collect::<Result<_, _>>()?,
        None if kind == "boolean" => Vec::new(),
        _ => return Err("missing \"incorrect_answers\"".into()),
    };
    let (choices, answer) = if kind == "boolean" {
        let answer = match correct.to_lowercase().as_str() {
            "true" => 0,
            "false" => 1,
            _ => {
                return Err(format!(
                    "a boolean question whose answer is {correct:?}, not True or False"
                ))
            }
        };
        (vec!["True".to_string(), "False".to_string()], answer)
    } else {
        let mut choices = incorrect;
        let at = spread(&text, choices.len() + 1);
        choices.insert(at, correct);
        (choices, at)
    };
    let difficulty = get("difficulty")?
        .map(|d| d.to_lowercase())
        .filter(|d| crate::pack::rules::DIFFICULTIES.contains(&d.as_str()));
    let round = get("category")?.filter(|c| !c.is_empty());
    Ok((
        round,
        Question {
            text,
            choices,
            answer: Some(answer),
            difficulty,
            ..Default::default()
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_encoding_decodes_to_the_same_question() {
        let html = r#"{"results":[{"type":"multiple","difficulty":"easy","category":"Entertainment: Film","question":"Who directed &quot;Am&eacute;lie&quot;?","correct_answer":"Jean-Pierre Jeunet","incorrect_answers":["Luc Besson","Fran&ccedil;ois Ozon","Jacques Audiard"]}]}"#;
        let url = r#"{"results":[{"type":"multiple","difficulty":"easy","category":"Entertainment%3A%20Film","question":"Who%20directed%20%22Am%C3%A9lie%22%3F","correct_answer":"Jean-Pierre%20Jeunet","incorrect_answers":["Luc%20Besson","Fran%C3%A7ois%20Ozon","Jacques%20Audiard"]}]}"#;
        let b64 = r#"{"results":[{"type":"bXVsdGlwbGU=","difficulty":"ZWFzeQ==","category":"RW50ZXJ0YWlubWVudDogRmlsbQ==","question":"V2hvIGRpcmVjdGVkICJBbcOpbGllIj8=","correct_answer":"SmVhbi1QaWVycmUgSmV1bmV0","incorrect_answers":["THVjIEJlc3Nvbg==","RnJhbsOnb2lzIE96b24=","SmFjcXVlcyBBdWRpYXJk"]}]}"#;
        let packs: Vec<_> = [html, url, b64]
            .iter()
            .map(|t| import(t, "T").unwrap().pack)
            .collect();
        let q = &packs[0].rounds[0].questions[0];
        assert_eq!(q.text, "Who directed \"Amélie\"?");
        assert!(q.choices.contains(&"François Ozon".to_string()));
        assert_eq!(q.choices[q.answer.unwrap()], "Jean-Pierre Jeunet");
        assert_eq!(packs[0].rounds[0].name, "Entertainment: Film");
        assert_eq!(packs[0], packs[1]);
        assert_eq!(packs[0], packs[2]);
    }

    #[test]
    fn booleans_and_broken_results() {
        let text = r#"[{"type":"boolean","difficulty":"hard","category":"Science","question":"The sun is a star.","correct_answer":"True","incorrect_answers":["False"]},
            {"type":"multiple","question":"No answer?","incorrect_answers":["a"]},
            42,
            {"type":"boolean","question":"Maybe?","correct_answer":"Perhaps","incorrect_answers":["False"]}]"#;
        let imported = import(text, "T").unwrap();
        let q = &imported.pack.rounds[0].questions[0];
        assert_eq!(
            (q.choices.clone(), q.answer),
            (vec!["True".into(), "False".into()], Some(0))
        );
        assert_eq!(q.difficulty.as_deref(), Some("hard"));
        let reasons: Vec<&str> = imported.skipped.iter().map(|s| s.reason.as_str()).collect();
        assert_eq!(imported.skipped.len(), 3, "{reasons:?}");
        assert!(reasons[0].contains("correct_answer"));
        assert!(reasons[1].contains("not a JSON object"));
        assert!(reasons[2].contains("Perhaps"));
    }
}
