//! The front matter edit `check --against --fix` makes: old paths added to
//! a page's `redirect_from`. Only forms that can be rewritten exactly are
//! touched, and an edit is made only when the new front matter parses to
//! the old keys plus the new entries: what the author wrote is never lost.

use std::fmt::Write as _;

use serde_json::Value;

use crate::frontmatter::{scalar_text, FrontMatter};
use crate::site::Page;

/// A YAML flow-list item, double-quoted when it holds anything but plain
/// path characters. Every character YAML would read as a line break, or
/// refuse, is escaped, so the item stays on its line whatever it holds.
pub(super) fn yaml_item(path: &str) -> String {
    if path
        .chars()
        .all(|c| c.is_alphanumeric() || matches!(c, '.' | '/' | '-' | '_'))
    {
        return path.to_string();
    }
    let mut quoted = String::from("\"");
    for c in path.chars() {
        match c {
            '"' => quoted.push_str("\\\""),
            '\\' => quoted.push_str("\\\\"),
            '\u{85}' => quoted.push_str("\\N"),
            '\u{2028}' => quoted.push_str("\\L"),
            '\u{2029}' => quoted.push_str("\\P"),
            c if c.is_control() || c == '\u{feff}' => {
                let _ = write!(quoted, "\\u{:04X}", u32::from(c));
            }
            c => quoted.push(c),
        }
    }
    quoted.push('"');
    quoted
}

/// The edit that adds `items` to the list `key` in the page's front
/// matter, byte for byte otherwise: a new `key: [..]` line before the
/// closing fence, or the items appended to a one-line list or value.
/// `None` when the value has another form (a block list, a list over
/// several lines, a comment after it), which a person should edit, or
/// when the edited front matter would not read back as the old one plus
/// `items`.
pub(super) fn add_to_list(
    page: &Page,
    key: &str,
    items: &[&str],
) -> Option<(usize, String, String)> {
    let (at, old, new) = edit(page, key, items)?;
    let mut text = page.text()?.to_string();
    text.replace_range(at..at + old.len(), &new);
    reads_back(page, &text, key, items).then_some((at, old, new))
}

fn edit(page: &Page, key: &str, items: &[&str]) -> Option<(usize, String, String)> {
    let text = page.text()?;
    let eol = match text.find(['\n', '\r']) {
        Some(i) if text[i..].starts_with("\r\n") => "\r\n",
        Some(i) if text[i..].starts_with('\r') => "\r",
        _ => "\n",
    };
    let list: Vec<String> = items.iter().map(|i| yaml_item(i)).collect();
    let end = front_matter_end(text, page.front.body_start);
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    if end == bom && page.front.body_start <= bom {
        let block = format!("---{eol}{key}: [{}]{eol}---{eol}", list.join(", "));
        return Some((bom, String::new(), block));
    }
    let head = &text[..end];
    let mut line_start = 0;
    let mut key_line = None;
    for line in head.split_inclusive(['\n', '\r']) {
        if line.starts_with(&format!("{key}:")) {
            key_line = Some((line_start, line.trim_end()));
        }
        line_start += line.len();
    }
    let Some((at, line)) = key_line else {
        return Some((
            end,
            String::new(),
            format!("{key}: [{}]{eol}", list.join(", ")),
        ));
    };
    let value = line[key.len() + 1..].trim();
    let value_at = at + line.len() - line[key.len() + 1..].trim_start().len();
    // A comment would swallow what is appended after it.
    if value.contains(" #") || value.contains("\t#") {
        return None;
    }
    if value.starts_with('[') && value.ends_with(']') {
        let inner = value[1..value.len() - 1].trim();
        let joined = if inner.is_empty() {
            list.join(", ")
        } else {
            format!("{inner}, {}", list.join(", "))
        };
        return Some((value_at, value.to_string(), format!("[{joined}]")));
    }
    // `[` without its `]`: a flow list that goes on over the next lines.
    if !value.is_empty() && !value.starts_with(['-', '|', '>', '{', '[', '&', '*', '!']) {
        return Some((
            value_at,
            value.to_string(),
            format!("[{value}, {}]", list.join(", ")),
        ));
    }
    None
}

/// Whether `edited` (the page's text after the edit) has front matter that
/// parses without a problem to the page's keys and values, with `items`
/// appended to the list `key`.
fn reads_back(page: &Page, edited: &str, key: &str, items: &[&str]) -> bool {
    let mut problems = Vec::new();
    let after = FrontMatter::parse(edited, &page.file, &mut problems);
    if !problems.is_empty() {
        return false;
    }
    let before: Vec<(&str, &Value)> = page.front.meta.iter().collect();
    let mut now: Vec<(&str, &Value)> = after.meta.iter().collect();
    // A key that was not there yet comes last, as the edit writes it.
    if !page.front.meta.contains_key(key) {
        if now.last().map(|(k, _)| *k) != Some(key) {
            return false;
        }
        now.pop();
    }
    if before.len() != now.len() {
        return false;
    }
    for ((k0, v0), (k1, v1)) in before.iter().zip(&now) {
        if k0 != k1 {
            return false;
        }
        if *k0 != key && v0 != v1 {
            return false;
        }
    }
    let list = |v: Option<&Value>| -> Option<Vec<String>> {
        match v {
            None | Some(Value::Null) => Some(Vec::new()),
            Some(Value::Array(a)) => a.iter().map(scalar_text).collect(),
            Some(v) => scalar_text(v).map(|s| vec![s]),
        }
    };
    let (Some(mut wanted), Some(got)) = (list(page.front.meta.get(key)), list(after.meta.get(key)))
    else {
        return false;
    };
    wanted.extend(items.iter().map(|i| i.trim().to_string()));
    matches!(after.meta.get(key), Some(Value::Array(_))) && got == wanted
}

/// The start of the closing `---` line of the front matter, or the start
/// of the text (after a BOM) when there is none.
pub(super) fn front_matter_end(text: &str, body_start: usize) -> usize {
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    if body_start <= bom {
        return bom;
    }
    let head = &text[..body_start];
    let without_break = head.trim_end_matches(['\n', '\r']);
    without_break.rfind(['\n', '\r']).map_or(bom, |i| i + 1)
}
