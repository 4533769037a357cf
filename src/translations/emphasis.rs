//! Bold and italic inside a unit: their Markdown markers (`**`, `__`, `*`,
//! `_`) become paired codes, so a translator can move the emphasis with
//! the words it covers but cannot break the markers.
//!
//! The pairing is a small subset of CommonMark's delimiter rules: a run of
//! one or two `*` or `_` opens when a non-space follows it and closes when
//! a non-space precedes it; `_` never opens or closes inside a word
//! (`file_name`), and a closer pairs with the nearest opener of the same
//! marker. Anything it does not pair stays text, exactly as written.

use super::inline::Inline;

/// A run of markers that may open or close, with where it sits in `text`.
struct Delimiter {
    /// Index of the part in the rebuilt list.
    part: usize,
    marker: &'static str,
    can_open: bool,
    can_close: bool,
}

fn marker_of(run: &str) -> Option<&'static str> {
    match run {
        "**" => Some("**"),
        "__" => Some("__"),
        "*" => Some("*"),
        "_" => Some("_"),
        _ => None,
    }
}

/// What the character next to a run is, across part boundaries: a code
/// counts as punctuation, the edge of the unit as whitespace.
#[derive(Clone, Copy)]
enum Side {
    Space,
    Word,
    Other,
}

fn side(c: Option<char>) -> Side {
    match c {
        None => Side::Space,
        Some(c) if c.is_whitespace() => Side::Space,
        Some(c) if c.is_alphanumeric() => Side::Word,
        Some(_) => Side::Other,
    }
}

/// `parts` with the emphasis markers that pair up turned into
/// `Inline::Open` / `Inline::Close`.
pub fn pair(parts: Vec<Inline>) -> Vec<Inline> {
    // Split the text parts into text and marker runs; remember each run.
    let mut out: Vec<Inline> = Vec::new();
    let mut delimiters: Vec<Delimiter> = Vec::new();
    for (i, part) in parts.iter().enumerate() {
        let Inline::Text(text) = part else {
            out.push(part.clone());
            continue;
        };
        let before_part = match i.checked_sub(1).map(|j| &parts[j]) {
            Some(Inline::Code(_)) => Side::Other,
            _ => Side::Space,
        };
        let after_part = match parts.get(i + 1) {
            Some(Inline::Code(_)) => Side::Other,
            _ => Side::Space,
        };
        let mut rest = text.as_str();
        let mut prev = before_part;
        while !rest.is_empty() {
            let start = rest.find(['*', '_']).unwrap_or(rest.len());
            if start > 0 {
                out.push(Inline::Text(rest[..start].to_string()));
                prev = side(rest[..start].chars().next_back());
                rest = &rest[start..];
                continue;
            }
            let Some(c) = rest.chars().next() else {
                break;
            };
            let len = rest.len() - rest.trim_start_matches(c).len();
            let run = &rest[..len];
            rest = &rest[len..];
            let next = match rest.chars().next() {
                Some(ch) => side(Some(ch)),
                None => after_part,
            };
            let mut can_open = !matches!(next, Side::Space);
            let mut can_close = !matches!(prev, Side::Space);
            if c == '_' {
                can_open &= !matches!(prev, Side::Word);
                can_close &= !matches!(next, Side::Word);
            }
            match marker_of(run) {
                Some(marker) if can_open || can_close => {
                    delimiters.push(Delimiter {
                        part: out.len(),
                        marker,
                        can_open,
                        can_close,
                    });
                }
                _ => {}
            }
            out.push(Inline::Text(run.to_string()));
            prev = Side::Other;
        }
    }
    // Pair closers with the nearest opener of the same marker.
    let mut openers: Vec<&Delimiter> = Vec::new();
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    for d in &delimiters {
        if d.can_close {
            if let Some(at) = openers.iter().rposition(|o| o.marker == d.marker) {
                let opener = openers[at];
                // Nothing to emphasise between them: leave both as text.
                if d.part > opener.part + 1 {
                    pairs.push((opener.part, d.part));
                    // Openers inside the pair that never closed stay text.
                    openers.truncate(at);
                    continue;
                }
            }
        }
        if d.can_open {
            openers.push(d);
        }
    }
    // Pairs must nest; one that crosses another stays text.
    pairs.sort();
    let mut kept: Vec<(usize, usize)> = Vec::new();
    for (open, close) in pairs {
        let crosses = kept.iter().any(|&(o, c)| {
            (o < open && open < c && c < close) || (open < o && o < close && close < c)
        });
        if !crosses {
            kept.push((open, close));
        }
    }
    for (open, close) in kept {
        if let Inline::Text(m) = &out[open] {
            out[open] = Inline::Open(m.clone());
        }
        if let Inline::Text(m) = &out[close] {
            out[close] = Inline::Close(m.clone());
        }
    }
    merge_text(out)
}

fn merge_text(parts: Vec<Inline>) -> Vec<Inline> {
    let mut out: Vec<Inline> = Vec::with_capacity(parts.len());
    for p in parts {
        match (out.last_mut(), p) {
            (Some(Inline::Text(a)), Inline::Text(b)) => a.push_str(&b),
            (_, p) => out.push(p),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use Inline::{Close, Code, Open, Text};

    fn t(s: &str) -> Inline {
        Text(s.into())
    }

    #[test]
    fn bold_and_italic_pair_up() {
        assert_eq!(
            pair(vec![t("Tap **Install** and _then_ *Open*.")]),
            vec![
                t("Tap "),
                Open("**".into()),
                t("Install"),
                Close("**".into()),
                t(" and "),
                Open("_".into()),
                t("then"),
                Close("_".into()),
                t(" "),
                Open("*".into()),
                t("Open"),
                Close("*".into()),
                t("."),
            ]
        );
    }

    #[test]
    fn emphasis_around_a_link_pairs_across_the_codes() {
        assert_eq!(
            pair(vec![
                t("See **"),
                Code("[".into()),
                t("the guide"),
                Code("](g.md)".into()),
                t("**."),
            ]),
            vec![
                t("See "),
                Open("**".into()),
                Code("[".into()),
                t("the guide"),
                Code("](g.md)".into()),
                Close("**".into()),
                t("."),
            ]
        );
    }

    #[test]
    fn what_is_not_emphasis_stays_text() {
        for s in [
            "a file_name_here",
            "5 * 3 * 2",
            "**",
            "a ** b",
            "***three***",
            "**unclosed",
            "__",
            "snake_case and _",
        ] {
            assert_eq!(pair(vec![t(s)]), vec![t(s)], "{s}");
        }
    }

    #[test]
    fn crossing_markers_keep_one_pair() {
        let parts = pair(vec![t("**a _b** c_")]);
        let text: String = parts
            .iter()
            .map(|p| match p {
                Text(s) | Code(s) | Open(s) | Close(s) => s.as_str(),
            })
            .collect();
        assert_eq!(text, "**a _b** c_");
        assert_eq!(parts.iter().filter(|p| matches!(p, Open(_))).count(), 1);
    }
}
