//! YAML front matter, as DocFX writes it: `---` fenced, `ms.*` keys,
//! any mix of CRLF, LF and lone CR line endings, optional BOM.

use std::collections::HashSet;
use std::sync::{Arc, Mutex, OnceLock};

use serde_json::{Map, Value};

use crate::diagnostics::{Code, Diagnostic};

mod char_refs;

pub use char_refs::decode as decode_character_references;

#[derive(Debug, Clone, Default)]
pub struct FrontMatter {
    /// Every key, in file order, as written.
    pub meta: Meta,
    /// Byte offset in the file text where the Markdown body begins.
    pub body_start: usize,
}

/// Keys whose value must be a scalar: they end up in `<title>` and `<meta>`.
const SCALAR_KEYS: &[&str] = &["title", "description", "ROBOTS", "redirect_url", "author"];

/// Keys whose text readers see (tab title, headings, page lists, search
/// results, `<meta name="description">`): character references in them
/// are decoded once, and the output escapes the text again.
const READER_TEXT_KEYS: &[&str] = &["title", "description", "titleSuffix"];

impl FrontMatter {
    /// Parses the front matter at the top of `text` (the whole file).
    /// Problems are reported but never fatal: the body is still returned so
    /// that `--keep-going` can render it.
    pub fn parse(text: &str, file: &str, diags: &mut Vec<Diagnostic>) -> FrontMatter {
        let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
        let Some(after_open) = fence_line_end(text, start, &["---"]) else {
            return FrontMatter {
                meta: Meta::default(),
                body_start: start,
            };
        };
        // Find the closing fence: a line that is exactly `---` or `...`.
        let mut line_start = after_open;
        let (yaml_end, body_start) = loop {
            if line_start >= text.len() {
                diags.push(
                    Diagnostic::error(
                        Code::FrontMatter,
                        file,
                        "front matter is not closed: add a line with `---` after it",
                    )
                    .at(text, start),
                );
                return FrontMatter {
                    meta: Meta::default(),
                    body_start: text.len(),
                };
            }
            if let Some(end) = fence_line_end(text, line_start, &["---", "..."]) {
                break (line_start, end);
            }
            line_start = next_line(text, line_start);
        };
        let raw = &text[after_open..yaml_end];
        // Same number of line breaks, so YAML's line numbers still map to ours.
        let yaml = raw.replace("\r\n", "\n").replace('\r', "\n");
        let opening_lines = 1;
        let mut meta = Meta::default();
        match serde_norway::from_str::<serde_norway::Value>(&yaml) {
            Ok(serde_norway::Value::Mapping(m)) => {
                meta = Meta::from_entries(m.into_iter().map(|(k, v)| {
                    let key = match k {
                        serde_norway::Value::String(s) => s,
                        other => yaml_scalar_to_string(&other).unwrap_or_default(),
                    };
                    let mut value = yaml_to_json(v);
                    if READER_TEXT_KEYS.contains(&key.as_str()) {
                        decode_reader_text(&mut value);
                    }
                    (key, value)
                }));
            }
            Ok(serde_norway::Value::Null) => {}
            Ok(_) => diags.push(
                Diagnostic::error(
                    Code::FrontMatter,
                    file,
                    "front matter must be a mapping of `key: value` lines",
                )
                .at(text, after_open),
            ),
            Err(e) => {
                let msg = e.to_string();
                let msg = msg.split(" at line ").next().unwrap_or(&msg).to_string();
                let mut d = Diagnostic::error(
                    Code::FrontMatter,
                    file,
                    format!("malformed front matter: {msg}"),
                );
                d = match e.location() {
                    Some(loc) => {
                        // An error found at the end of the YAML belongs to its last line, not the fence.
                        let yaml_lines = yaml.trim_end().lines().count().max(1);
                        let (line, column) = if loc.line() > yaml_lines {
                            (
                                yaml_lines,
                                yaml.trim_end()
                                    .lines()
                                    .last()
                                    .map_or(1, |l| l.chars().count() + 1),
                            )
                        } else {
                            (loc.line(), loc.column())
                        };
                        let loc = (line, column);
                        let offset = offset_of_line_col(text, after_open, loc.0, loc.1);
                        let mut d = d.at(text, offset);
                        d.span.line = loc.0 + opening_lines;
                        d
                    }
                    None => d.at(text, after_open),
                };
                diags.push(d);
            }
        }
        for key in SCALAR_KEYS {
            if let Some(v) = meta.get(key) {
                if v.is_array() || v.is_object() {
                    let offset = find_key(text, after_open, yaml_end, key).unwrap_or(after_open);
                    diags.push(
                        Diagnostic::error(
                            Code::FrontMatter,
                            file,
                            format!("`{key}` must be a single value, not a list or mapping"),
                        )
                        .at(text, offset),
                    );
                }
            }
        }
        for (key, v) in meta.iter() {
            // DocFX accepts a list of values (`ms.technology: [a, b]`); only nesting is wrong.
            let nested = v.is_object()
                || v.as_array()
                    .is_some_and(|items| items.iter().any(|i| i.is_array() || i.is_object()));
            if key.starts_with("ms.") && nested {
                let offset = find_key(text, after_open, yaml_end, key).unwrap_or(after_open);
                diags.push(
                    Diagnostic::error(
                        Code::FrontMatter,
                        file,
                        format!(
                            "`{key}` must be a single value or a list of values, not a mapping"
                        ),
                    )
                    .at(text, offset),
                );
            }
        }
        FrontMatter { meta, body_start }
    }

    /// A non-empty scalar value, trimmed, as text.
    pub fn get_str(&self, key: &str) -> Option<String> {
        scalar_text(self.meta.get(key)?)
    }
}

/// A page's front matter, keys in file order.
///
/// A site has tens of thousands of these and every one holds the same
/// twenty-odd keys: the entries sit in one boxed slice, not a hash map,
/// and each key name is stored once for the whole site.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Meta(Box<[(Arc<str>, Value)]>);

impl Meta {
    /// Entries in order; a repeated key keeps its first place and its last
    /// value, as a map would.
    pub fn from_entries(entries: impl IntoIterator<Item = (String, Value)>) -> Meta {
        let mut list: Vec<(Arc<str>, Value)> = Vec::new();
        for (key, value) in entries {
            match list.iter_mut().find(|(k, _)| **k == *key) {
                Some(entry) => entry.1 = value,
                None => list.push((shared_key(&key), value)),
            }
        }
        Meta(list.into_boxed_slice())
    }

    /// Pages have a few dozen keys at most: a scan beats hashing.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.0.iter().find(|(k, _)| &**k == key).map(|(_, v)| v)
    }

    pub fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &Value)> {
        self.0.iter().map(|(k, v)| (&**k, v))
    }

    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(|(k, _)| &**k)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// As a JSON object, for templates.
    pub fn to_map(&self) -> Map<String, Value> {
        self.iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect()
    }
}

/// The one copy of a key name. Keys are what writers type into front
/// matter, so the set stays as small as the site's vocabulary of keys.
fn shared_key(key: &str) -> Arc<str> {
    static KEYS: OnceLock<Mutex<HashSet<Arc<str>>>> = OnceLock::new();
    let mut keys = KEYS
        .get_or_init(Mutex::default)
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    if let Some(k) = keys.get(key) {
        return k.clone();
    }
    let k: Arc<str> = Arc::from(key);
    keys.insert(k.clone());
    k
}

/// Character references in a reader-visible value, lists included.
fn decode_reader_text(value: &mut Value) {
    match value {
        Value::String(s) => {
            if let std::borrow::Cow::Owned(decoded) = char_refs::decode(s) {
                *s = decoded;
            }
        }
        Value::Array(items) => items.iter_mut().for_each(decode_reader_text),
        _ => {}
    }
}

pub fn scalar_text(v: &Value) -> Option<String> {
    let s = match v {
        Value::Array(items) => {
            let parts: Vec<String> = items.iter().filter_map(scalar_text).collect();
            parts.join(", ")
        }
        Value::String(s) => s.trim().to_string(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        _ => return None,
    };
    (!s.is_empty()).then_some(s)
}

/// If the line starting at `at` is exactly one of `fences` (trailing spaces
/// allowed), returns the offset just past its line break.
fn fence_line_end(text: &str, at: usize, fences: &[&str]) -> Option<usize> {
    let rest = &text[at..];
    let line_len = rest.find(['\r', '\n']).unwrap_or(rest.len());
    let line = rest[..line_len].trim_end_matches([' ', '\t']);
    if !fences.contains(&line) {
        return None;
    }
    Some(next_line(text, at))
}

fn next_line(text: &str, at: usize) -> usize {
    let bytes = text.as_bytes();
    let mut i = at;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => return i + 1,
            b'\r' => {
                return if bytes.get(i + 1) == Some(&b'\n') {
                    i + 2
                } else {
                    i + 1
                }
            }
            _ => i += 1,
        }
    }
    bytes.len()
}

fn offset_of_line_col(text: &str, from: usize, line: usize, column: usize) -> usize {
    let mut at = from;
    for _ in 1..line {
        at = next_line(text, at);
    }
    let rest = &text[at..];
    let line_len = rest.find(['\r', '\n']).unwrap_or(rest.len());
    rest[..line_len]
        .char_indices()
        .nth(column.saturating_sub(1))
        .map_or(at + line_len, |(i, _)| at + i)
}

fn find_key(text: &str, from: usize, to: usize, key: &str) -> Option<usize> {
    let mut at = from;
    while at < to {
        if text[at..].starts_with(key)
            && text[at + key.len()..]
                .trim_start_matches(' ')
                .starts_with(':')
        {
            return Some(at);
        }
        at = next_line(text, at);
    }
    None
}

fn yaml_scalar_to_string(v: &serde_norway::Value) -> Option<String> {
    match v {
        serde_norway::Value::String(s) => Some(s.clone()),
        serde_norway::Value::Number(n) => Some(n.to_string()),
        serde_norway::Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

pub(crate) fn yaml_to_json(v: serde_norway::Value) -> Value {
    use serde_norway::Value as Y;
    match v {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(b),
        Y::Number(n) => {
            if let Some(i) = n.as_i64() {
                Value::from(i)
            } else if let Some(u) = n.as_u64() {
                Value::from(u)
            } else {
                n.as_f64()
                    .and_then(serde_json::Number::from_f64)
                    .map_or(Value::Null, Value::Number)
            }
        }
        Y::String(mut s) => {
            // Kept for the life of the site: no spare capacity.
            s.shrink_to_fit();
            Value::String(s)
        }
        Y::Sequence(seq) => Value::Array(seq.into_iter().map(yaml_to_json).collect()),
        Y::Mapping(m) => Value::Object(
            m.into_iter()
                .map(|(k, v)| {
                    (
                        yaml_scalar_to_string(&k).unwrap_or_default(),
                        yaml_to_json(v),
                    )
                })
                .collect(),
        ),
        Y::Tagged(t) => yaml_to_json(t.value),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> (FrontMatter, Vec<Diagnostic>) {
        let mut d = Vec::new();
        let fm = FrontMatter::parse(text, "content/en/a.md", &mut d);
        (fm, d)
    }

    #[test]
    fn keeps_all_keys_in_order() {
        let (fm, d) = parse("---\ntitle: A\nms.date: 01/04/2017\ndescription: \n---\n# Body");
        assert!(d.is_empty());
        let keys: Vec<_> = fm.meta.keys().collect();
        assert_eq!(keys, ["title", "ms.date", "description"]);
        assert_eq!(fm.get_str("ms.date").as_deref(), Some("01/04/2017"));
        assert_eq!(fm.get_str("description"), None);
    }

    #[test]
    fn bom_crlf_and_lone_cr() {
        let text = "\u{feff}---\r\ntitle: A\rms.topic: article\r\n---\r\nBody";
        let (fm, d) = parse(text);
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(fm.get_str("ms.topic").as_deref(), Some("article"));
        assert_eq!(&text[fm.body_start..], "Body");
    }

    #[test]
    fn no_front_matter() {
        let (fm, d) = parse("# Just a page\n");
        assert!(d.is_empty());
        assert!(fm.meta.is_empty());
        assert_eq!(fm.body_start, 0);
    }

    #[test]
    fn malformed_yaml_points_at_the_file_line() {
        let (_, d) = parse("---\ntitle: A\nbad: [unclosed\nnext: 1\n---\nBody");
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].code, "front-matter");
        assert!(d[0].span.line >= 3, "{:?}", d[0]);
    }

    #[test]
    fn unclosed_front_matter() {
        let (_, d) = parse("---\ntitle: A\n");
        assert!(d[0].message.contains("not closed"));
        assert_eq!(d[0].span.line, 1);
    }

    #[test]
    fn wrong_type() {
        let (_, d) = parse("---\ntitle:\n  - a\n  - b\n---\n");
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].span.line, 2);
        assert!(d[0].message.contains("title"));
    }
}

#[cfg(test)]
mod list_tests {
    use super::*;

    #[test]
    fn ms_lists_are_accepted_and_joined() {
        let mut d = Vec::new();
        let fm = FrontMatter::parse(
            "---\nms.technology: [intune, mdm]\nms.custom:\n  nested: x\n---\n",
            "p.md",
            &mut d,
        );
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(d[0].message.contains("ms.custom"));
        assert_eq!(fm.get_str("ms.technology").as_deref(), Some("intune, mdm"));
    }
}

#[cfg(test)]
mod meta_tests {
    use super::*;

    #[test]
    fn a_repeated_key_keeps_its_place_and_last_value() {
        let meta = Meta::from_entries([
            ("a".to_string(), Value::from(1)),
            ("b".to_string(), Value::from(2)),
            ("a".to_string(), Value::from(3)),
        ]);
        assert_eq!(meta.keys().collect::<Vec<_>>(), ["a", "b"]);
        assert_eq!(meta.get("a"), Some(&Value::from(3)));
        assert!(meta.contains_key("b") && !meta.contains_key("c"));
        assert_eq!(
            serde_json::to_string(&meta.to_map()).unwrap(),
            r#"{"a":3,"b":2}"#
        );
    }

    #[test]
    fn key_names_are_stored_once_for_all_pages() {
        let one = Meta::from_entries([("ms.author".to_string(), Value::Null)]);
        let two = Meta::from_entries([("ms.author".to_string(), Value::Null)]);
        assert!(Arc::ptr_eq(&one.0[0].0, &two.0[0].0));
    }
}

#[cfg(test)]
mod reader_text_tests {
    use super::*;

    #[test]
    fn character_references_in_reader_text_are_decoded_once() {
        let mut d = Vec::new();
        let fm = FrontMatter::parse(
            "---\ntitle: 'Intune&#58; Q&amp;A &lt;b&gt;'\ndescription: it&#x27;s &amp;amp;\nms.custom: a&#58;b\n---\n",
            "p.md",
            &mut d,
        );
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(fm.get_str("title").as_deref(), Some("Intune: Q&A <b>"));
        assert_eq!(fm.get_str("description").as_deref(), Some("it's &amp;"));
        // Not reader text: kept as written.
        assert_eq!(fm.get_str("ms.custom").as_deref(), Some("a&#58;b"));
    }
}
