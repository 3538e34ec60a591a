//! Pack files as trees of values that remember where they were written, so every
//! problem can name the line and column of the offending value itself.
//!
//! TOML comes from `toml::de::DeTable` (which keeps spans); JSON from a small reader
//! below, because serde_json forgets positions. Both give the same [`Node`] tree.

use std::ops::Range;

/// A value and the byte range it was written at.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub span: Range<usize>,
    pub value: Value,
}

/// One step of a path found in a tree: a key or an index (JSON: a string or a number).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(untagged)]
pub enum Step {
    Key(String),
    Index(usize),
}

/// The kinds of value a pack file can hold.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// Keys in the order they were written.
    Table(Vec<Entry>),
    Array(Vec<Node>),
    Str(String),
    Int(i128),
    Float(f64),
    Bool(bool),
    /// JSON `null`.
    Null,
    /// A TOML date or time.
    Datetime,
}

/// One key of a table.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub key: String,
    pub key_span: Range<usize>,
    pub node: Node,
}

/// One step of a path into a tree: a table key or an array index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Seg {
    Key(&'static str),
    Index(usize),
}

impl Value {
    /// A short name of the kind, for messages ("a string", "a list").
    pub fn kind(&self) -> &'static str {
        match self {
            Value::Table(_) => "a table",
            Value::Array(_) => "a list",
            Value::Str(_) => "a string",
            Value::Int(_) => "a whole number",
            Value::Float(_) => "a decimal number",
            Value::Bool(_) => "true/false",
            Value::Null => "null",
            Value::Datetime => "a date",
        }
    }
}

impl Node {
    /// The value under `key`, when this is a table that has it.
    pub fn get(&self, key: &str) -> Option<&Node> {
        match &self.value {
            Value::Table(entries) => entries.iter().find(|e| e.key == key).map(|e| &e.node),
            _ => None,
        }
    }

    /// The span of the deepest node along `path` that exists.
    pub fn locate(&self, path: &[Seg]) -> Range<usize> {
        self.deepest(path).span.clone()
    }

    /// The path of the deepest value written at byte `offset` (a key counts as its
    /// value), so a problem found by line and column can be put beside its field.
    pub fn path_at(&self, offset: usize) -> Vec<Step> {
        let mut out = Vec::new();
        let mut node = self;
        loop {
            let next = match &node.value {
                Value::Table(entries) => entries.iter().find_map(|e| {
                    let inside = e.key_span.contains(&offset)
                        || e.node.span.contains(&offset)
                        || e.node.span.start == offset;
                    inside.then(|| (Step::Key(e.key.clone()), &e.node))
                }),
                Value::Array(items) => items.iter().enumerate().find_map(|(i, n)| {
                    (n.span.contains(&offset) || n.span.start == offset)
                        .then_some((Step::Index(i), n))
                }),
                _ => None,
            };
            match next {
                Some((step, n)) => {
                    out.push(step);
                    node = n;
                }
                None => return out,
            }
        }
    }

    /// The deepest node along `path` that exists.
    fn deepest(&self, path: &[Seg]) -> &Node {
        let mut node = self;
        for seg in path {
            let next = match (seg, &node.value) {
                (Seg::Key(k), Value::Table(_)) => node.get(k),
                (Seg::Index(i), Value::Array(items)) => items.get(*i),
                _ => None,
            };
            match next {
                Some(n) => node = n,
                None => break,
            }
        }
        node
    }
}

/// Reads TOML into a tree, or the parser's error with its byte range.
pub fn from_toml(text: &str) -> Result<Node, (String, Option<Range<usize>>)> {
    let doc = toml::de::DeTable::parse(text).map_err(|e| (e.message().to_string(), e.span()))?;
    let span = 0..text.len();
    Ok(Node {
        span,
        value: toml_table(doc.get_ref()),
    })
}

fn toml_table(table: &toml::de::DeTable<'_>) -> Value {
    let mut entries: Vec<Entry> = table
        .iter()
        .map(|(k, v)| Entry {
            key: k.get_ref().to_string(),
            key_span: k.span(),
            node: toml_node(v),
        })
        .collect();
    // The map is sorted by key; messages read better in file order.
    entries.sort_by_key(|e| e.key_span.start);
    Value::Table(entries)
}

fn toml_node(v: &toml::Spanned<toml::de::DeValue<'_>>) -> Node {
    use toml::de::DeValue;
    let value = match v.get_ref() {
        DeValue::String(s) => Value::Str(s.to_string()),
        DeValue::Integer(i) => {
            let digits = i.as_str().replace('_', "");
            i128::from_str_radix(&digits, i.radix()).map_or(Value::Float(f64::NAN), Value::Int)
        }
        DeValue::Float(f) => Value::Float(f.as_str().replace('_', "").parse().unwrap_or(f64::NAN)),
        DeValue::Boolean(b) => Value::Bool(*b),
        DeValue::Datetime(_) => Value::Datetime,
        DeValue::Array(items) => Value::Array(items.iter().map(toml_node).collect()),
        DeValue::Table(t) => toml_table(t),
    };
    Node {
        span: v.span(),
        value,
    }
}

/// Reads JSON into a tree. Syntax errors come from serde_json, with its line and column.
pub fn from_json(text: &str) -> Result<Node, serde_json::Error> {
    // serde_json is the judge of what is valid; our reader only records positions.
    serde_json::from_str::<serde::de::IgnoredAny>(text)?;
    let mut reader = JsonReader { text, pos: 0 };
    reader.skip_ws();
    Ok(reader.value())
}

/// Walks JSON text that serde_json has already accepted, recording spans.
struct JsonReader<'a> {
    text: &'a str,
    pos: usize,
}

impl JsonReader<'_> {
    fn peek(&self) -> u8 {
        self.text.as_bytes().get(self.pos).copied().unwrap_or(b'\0')
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), b' ' | b'\t' | b'\n' | b'\r') {
            self.pos += 1;
        }
    }

    fn value(&mut self) -> Node {
        let start = self.pos;
        let value = match self.peek() {
            b'{' => self.object(),
            b'[' => self.array(),
            b'"' => Value::Str(self.string()),
            b't' => self.word("true", Value::Bool(true)),
            b'f' => self.word("false", Value::Bool(false)),
            b'n' => self.word("null", Value::Null),
            _ => self.number(),
        };
        Node {
            span: start..self.pos,
            value,
        }
    }

    fn word(&mut self, word: &str, value: Value) -> Value {
        self.pos += word.len();
        value
    }

    fn number(&mut self) -> Value {
        let start = self.pos;
        while matches!(self.peek(), b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9') {
            self.pos += 1;
        }
        let raw = &self.text[start..self.pos];
        match raw.parse::<i128>() {
            Ok(i) => Value::Int(i),
            Err(_) => Value::Float(raw.parse().unwrap_or(f64::NAN)),
        }
    }

    fn string(&mut self) -> String {
        let start = self.pos;
        self.pos += 1;
        loop {
            match self.peek() {
                b'\\' => self.pos += 2,
                b'"' | b'\0' => break,
                _ => self.pos += 1,
            }
        }
        self.pos += 1;
        let raw = &self.text[start..self.pos.min(self.text.len())];
        serde_json::from_str(raw).unwrap_or_default()
    }

    fn array(&mut self) -> Value {
        self.pos += 1;
        let mut items = Vec::new();
        loop {
            self.skip_ws();
            match self.peek() {
                b']' | b'\0' => break,
                b',' => self.pos += 1,
                _ => items.push(self.value()),
            }
        }
        self.pos += 1;
        Value::Array(items)
    }

    fn object(&mut self) -> Value {
        self.pos += 1;
        let mut entries = Vec::new();
        loop {
            self.skip_ws();
            match self.peek() {
                b'}' | b'\0' => break,
                b',' => self.pos += 1,
                _ => {
                    let key_start = self.pos;
                    let key = self.string();
                    let key_span = key_start..self.pos;
                    self.skip_ws();
                    self.pos += 1; // the colon
                    self.skip_ws();
                    let node = self.value();
                    entries.push(Entry {
                        key,
                        key_span,
                        node,
                    });
                }
            }
        }
        self.pos += 1;
        Value::Table(entries)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_at<'a>(text: &'a str, node: &Node, path: &[Seg]) -> &'a str {
        &text[node.locate(path)]
    }

    #[test]
    fn toml_values_keep_their_spans() {
        let text = "title = \"T\"\n[[rounds]]\nname = \"R\"\n[[rounds.questions]]\nanswer = 7\nchoices = [\"a\", \"b\"]\n";
        let tree = from_toml(text).unwrap();
        let path = [
            Seg::Key("rounds"),
            Seg::Index(0),
            Seg::Key("questions"),
            Seg::Index(0),
        ];
        let mut answer = path.to_vec();
        answer.push(Seg::Key("answer"));
        assert_eq!(text_at(text, &tree, &answer), "7");
        let mut choice = path.to_vec();
        choice.extend([Seg::Key("choices"), Seg::Index(1)]);
        assert_eq!(text_at(text, &tree, &choice), "\"b\"");
    }

    #[test]
    fn json_values_keep_their_spans() {
        let text = r#"{"title": "T\u00e9", "questions": [ {"text": "Q?", "choices": ["a", "b"], "answer": 7, "x": [1.5, null, {}]} ]}"#;
        let tree = from_json(text).unwrap();
        assert_eq!(tree.get("title").unwrap().value, Value::Str("Té".into()));
        let q = [Seg::Key("questions"), Seg::Index(0)];
        let mut answer = q.to_vec();
        answer.push(Seg::Key("answer"));
        assert_eq!(text_at(text, &tree, &answer), "7");
        let mut missing = q.to_vec();
        missing.push(Seg::Key("points"));
        assert!(text_at(text, &tree, &missing).starts_with("{\"text\""));
        assert!(from_json("{\"a\": }").is_err());
    }
}
