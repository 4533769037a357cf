//! Where each link of a YAML page is written. The YAML parser gives values
//! without positions; diagnostics need the line and column of the URL, so
//! the file's lines are read once for `url:`, `imageSrc:` and `href:` values.

use std::collections::{HashMap, VecDeque};

/// The keys whose values are links or images.
const LINK_KEYS: &[&str] = &["url", "imageSrc", "href", "src"];

/// Each written link value with the offsets where it appears, in file order.
pub(super) struct Places<'t> {
    by_value: HashMap<&'t str, VecDeque<usize>>,
}

impl<'t> Places<'t> {
    /// One pass over `text`'s lines.
    pub fn of(text: &'t str) -> Places<'t> {
        let mut by_value: HashMap<&str, VecDeque<usize>> = HashMap::new();
        let mut line_start = 0;
        for line in text.split_inclusive(['\n', '\r']) {
            if let Some((value, at)) = link_value(line) {
                by_value
                    .entry(value)
                    .or_default()
                    .push_back(line_start + at);
            }
            line_start += line.len();
        }
        crate::diagnostics::work::add(text.len());
        Places { by_value }
    }

    /// Where the next not yet placed use of `value` is written; equal values
    /// are placed in file order, so the k-th use asked about gets the k-th
    /// place. The top of the file when it is not found (a flow mapping,
    /// `{url: a.md}`, or a value the parser unescaped).
    pub fn take(&mut self, value: &str) -> usize {
        self.by_value
            .get_mut(value)
            .and_then(VecDeque::pop_front)
            .unwrap_or(0)
    }
}

/// `  - url: a.md  # comment` → `("a.md", offset of a)`.
fn link_value(line: &str) -> Option<(&str, usize)> {
    let mut rest = line.trim_start();
    while let Some(r) = rest.strip_prefix('-') {
        rest = r.trim_start();
    }
    let key = LINK_KEYS.iter().find(|k| {
        rest.strip_prefix(**k)
            .is_some_and(|after| after.trim_start_matches([' ', '\t']).starts_with(':'))
    })?;
    let after_key = rest[key.len()..].trim_start_matches([' ', '\t']);
    let value = after_key[1..].trim_start_matches([' ', '\t']);
    let value_at = line.len() - value.len();
    let value = value.trim_end_matches(['\n', '\r']);
    let (inner, quote) = match value.chars().next() {
        Some(q @ ('"' | '\'')) => {
            let close = value[1..].find(q)? + 1;
            (&value[1..close], 1)
        }
        _ => {
            let end = value.find(" #").unwrap_or(value.len());
            (value[..end].trim_end(), 0)
        }
    };
    (!inner.is_empty()).then_some((inner, value_at + quote))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_found_in_file_order() {
        let text = "a:\n  - url: x.md\n    text: T\n  - url: \"x.md\" # again\nimageSrc: 'i.png'\n";
        let mut places = Places::of(text);
        assert_eq!(&text[places.take("x.md")..][..4], "x.md");
        let second = places.take("x.md");
        assert_eq!(&text[second - 1..][..6], "\"x.md\"");
        assert_eq!(places.take("x.md"), 0);
        assert_eq!(&text[places.take("i.png")..][..5], "i.png");
        assert_eq!(places.take("nowhere"), 0);
    }

    #[test]
    fn keys_that_only_start_alike_are_not_links() {
        assert_eq!(link_value("urls: a"), None);
        assert_eq!(link_value("url:"), None);
        assert_eq!(link_value("- - url : b.md\n"), Some(("b.md", 10)));
    }
}
