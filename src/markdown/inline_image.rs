//! `:::image …:::` inside running text: in a table cell or after words on
//! its line, where DocFX renders it as it renders the block form, and the
//! block-directive scan (which reads only lines that start with `:::`)
//! leaves it as text.
//!
//! Before the page is parsed each one becomes a same-length, numbered
//! stand-in (`<?\u{2}N ?>`, inline HTML to the parser), so every offset and
//! so every diagnostic stays put; after rendering, each stand-in is
//! replaced by its `<img>`. Numbered, not spliced in order: a stand-in in
//! an image description is dropped by the parser, and the rest must still
//! land where they belong.

use std::borrow::Cow;
use std::ops::Range;

use super::context::{Doc, State};
use super::docfx::parse_attributes;
use super::image_tag;
use super::include::hidden_ranges;
use super::model::Env;
use crate::diagnostics::{work, Code};

const MARK: &str = "<?\u{2}";
const MARK_END: &str = "?>";
const OPENER: &str = ":::image";

/// One inline image: its bytes in the body and the bytes of its attributes.
struct Found {
    range: Range<usize>,
    attrs: Range<usize>,
}

/// Renders each inline `:::image` of `body` and puts a stand-in in its
/// place; returns each stand-in's HTML, by its number.
pub(super) fn render_all(
    env: &Env,
    doc: &Doc,
    state: &mut State,
    body: &mut Cow<'_, str>,
) -> Vec<String> {
    if !contains_opener(body) {
        return Vec::new();
    }
    let found = find(doc, state, body, &hidden_ranges(body));
    let mut html = Vec::with_capacity(found.len());
    for f in found {
        let Some(stand_in) = stand_in(html.len(), f.range.len()) else {
            continue;
        };
        let attrs = parse_attributes(&body[f.attrs.clone()]);
        html.push(render_one(env, doc, state, &attrs, &f.range));
        body.to_mut().replace_range(f.range, &stand_in);
    }
    html
}

fn contains_opener(body: &str) -> bool {
    body.as_bytes()
        .windows(OPENER.len())
        .any(|w| w.eq_ignore_ascii_case(OPENER.as_bytes()))
}

/// The inline images of `body` outside code and comments (`hidden`, in
/// order); one without its closing `:::` on its line is reported and stays
/// text.
fn find(doc: &Doc, state: &mut State, body: &str, hidden: &[Range<usize>]) -> Vec<Found> {
    let lower = body.to_ascii_lowercase();
    let mut found = Vec::new();
    let mut next_hidden = 0;
    let mut from = 0;
    let mut line_end = 0;
    while let Some(p) = lower[from..].find(OPENER) {
        work::add(1);
        let start = from + p;
        from = start + OPENER.len();
        // `:::image-end:::` and other names that only start alike.
        if !body[from..].starts_with(|c: char| c.is_whitespace() || c == ':') {
            continue;
        }
        while hidden.get(next_hidden).is_some_and(|r| r.end <= start) {
            work::add(1);
            next_hidden += 1;
        }
        if hidden.get(next_hidden).is_some_and(|r| r.start <= start) {
            continue;
        }
        // Found once per line, not once per image: a line of n images
        // would otherwise be read n times.
        if line_end < from {
            line_end = body[from..].find('\n').map_or(body.len(), |n| from + n);
            // Bytes read, so the growth tests see a line read twice.
            work::add(line_end - from);
        }
        let Some(close) = body[from..line_end].find(":::") else {
            let message =
                "`:::image` in running text needs `:::` after its attributes, on its line";
            (state.out.diagnostics).push(doc.error(
                Code::BlockSyntax,
                message,
                doc.body_start + start,
            ));
            continue;
        };
        let end = from + close + 3;
        found.push(Found {
            range: start..end,
            attrs: from..from + close,
        });
        from = end;
    }
    found
}

/// The `<img>` the block form gives, without the block around it.
fn render_one(
    env: &Env,
    doc: &Doc,
    state: &mut State,
    attrs: &[(String, String)],
    range: &Range<usize>,
) -> String {
    match image_tag::picture(env, doc, state, attrs, range, None) {
        Some(p) if p.bordered => format!("<span class=\"mx-imgBorder\">{}</span>", p.html),
        Some(p) => p.html,
        None => String::new(),
    }
}

/// A same-length stand-in numbered `n`, or `None` when `len` is too short.
fn stand_in(n: usize, len: usize) -> Option<String> {
    let head = format!("{MARK}{n} ");
    let min = head.len() + MARK_END.len();
    (len >= min).then(|| format!("{head}{}{MARK_END}", " ".repeat(len - min)))
}

/// Replaces each stand-in in `html` by its image, in one pass.
pub(super) fn splice(html: &str, images: &[String]) -> String {
    let extra: usize = images.iter().map(String::len).sum();
    let mut out = String::with_capacity(html.len() + extra);
    let mut rest = html;
    while let Some(p) = rest.find(MARK) {
        out.push_str(&rest[..p]);
        let after = &rest[p + MARK.len()..];
        let number = after
            .split_once(' ')
            .and_then(|(n, _)| n.parse::<usize>().ok());
        match (number.and_then(|n| images.get(n)), after.find(MARK_END)) {
            (Some(img), Some(end)) => {
                out.push_str(img);
                rest = &after[end + MARK_END.len()..];
            }
            _ => {
                out.push_str(MARK);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stand_ins_keep_length_and_splice_by_number() {
        let a = stand_in(0, 20).unwrap();
        let b = stand_in(12, 20).unwrap();
        assert_eq!((a.len(), b.len()), (20, 20));
        assert!(stand_in(123_456, 10).is_none());
        let html = format!("<td>{b}</td><td>{a}</td>");
        let mut images = vec![String::from("<img zero>"); 13];
        images[12] = "<img twelve>".into();
        assert_eq!(
            splice(&html, &images),
            "<td><img twelve></td><td><img zero></td>"
        );
    }
}
