//! Word counts, the unit translation work is priced and planned in: the
//! words a reader sees in a page's Markdown body (not its front matter,
//! URLs, HTML or handoff comments), and how many of them changed between
//! two versions of a source.

use pulldown_cmark::{Event, Parser};

/// The words a translator translates, in order.
pub fn words(body: &str) -> Vec<String> {
    let mut out = Vec::new();
    for event in Parser::new_ext(body, crate::markdown::options()) {
        if let Event::Text(text) | Event::Code(text) = event {
            out.extend(
                text.split_whitespace()
                    .filter(|w| w.chars().any(char::is_alphanumeric))
                    .map(str::to_string),
            );
        }
    }
    out
}

pub fn count(body: &str) -> usize {
    words(body).len()
}

/// Words of `new` that are not in `old` at the same place: added or
/// rewritten. Words only deleted cost a translator no new text, so they
/// do not count.
pub fn changed(old: &str, new: &str) -> usize {
    let (old, new) = (words(old), words(new));
    similar::capture_diff_slices(similar::Algorithm::Myers, &old, &new)
        .iter()
        .map(|op| match *op {
            similar::DiffOp::Insert { new_len, .. } | similar::DiffOp::Replace { new_len, .. } => {
                new_len
            }
            _ => 0,
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_visible_words_only() {
        let body = "# Enroll your device\n\nTap **Sign in** and see [the guide](https://x.example/a-b).\n\n\
                    ![screenshot](./media/a.png)\n\n<!--HONumber=Jan17_HO1-->\n\n- one - two\n";
        // Enroll your device / Tap Sign in and see the guide / screenshot / one two
        assert_eq!(count(body), 13);
    }

    #[test]
    fn changed_counts_added_and_rewritten_words() {
        let old = "Tap Sign in to continue.\n";
        let new = "Tap Sign in now to continue quickly.\n";
        // "now" added; "continue quickly." rewrites "continue."
        assert_eq!(changed(old, new), 3);
        assert_eq!(changed(new, old), 1);
        assert_eq!(changed(old, old), 0);
        assert_eq!(changed("", new), count(new));
    }
}
