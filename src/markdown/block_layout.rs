//! What the page's text looks like to the parser once its block directives
//! are rendered: each directive line becomes a same-length stand-in, a zone
//! for another target than a web site (`target="chromeless"`, `"pdf"`) is
//! blanked out, so nothing in it is shown, linked, indexed or given an id,
//! and the lines inside a `:::row:::` lose their indentation.
//!
//! DocFX's row and column blocks consume each line's leading blanks before
//! their content is read, so authors indent columns freely and what is
//! indented under `:::column:::` is the column's paragraphs and headings,
//! never an indented code block. Zones and moniker ranges keep the
//! indentation: four spaces there is code, as everywhere.

use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;

use pulldown_cmark::{Event, Tag, TagEnd};

use super::context::Doc;
use crate::diagnostics::{Code, Diagnostic};

use super::directive::DirectiveLine;

/// Marks a directive's stand-in, an HTML processing instruction (`<?…?>`,
/// which CommonMark passes through as a block and inline): short enough for
/// `:::row`, and no author writes this byte.
const MARK: &str = "<?\u{1}";
const MARK_END: &str = "?>";

/// Where hidden zones and rows lie in the body, as rendering found them.
#[derive(Default)]
pub(super) struct Layout {
    /// From a hidden zone's opening line to the end of its closing one
    /// (`usize::MAX` when it is never closed), outermost zones only.
    pub hidden: Vec<Range<usize>>,
    /// Each outermost row: where its opening line starts, and its content,
    /// from the end of that line to the start of the closing one.
    pub rows: Vec<(usize, Range<usize>)>,
    /// Blocks never closed, innermost first: where each opening line starts,
    /// and its end tag.
    pub unclosed: Vec<(usize, &'static str)>,
    /// Blocks closed by an end: where the opening and the end line start,
    /// and the end tag. The blocks one end closes come innermost first.
    pub pairs: Vec<(usize, usize, &'static str)>,
}

impl Layout {
    fn is_hidden(&self, at: usize) -> bool {
        // Ranges come in source order and do not overlap.
        let i = self.hidden.partition_point(|r| r.end <= at);
        self.hidden.get(i).is_some_and(|r| r.start <= at)
    }
}

/// Puts each directive's stand-in into `body` and blanks the hidden zones.
/// Returns the HTML of the directives that kept a stand-in, in order.
pub(super) fn place(
    body: &mut Cow<'_, str>,
    found: &[DirectiveLine],
    parts: Vec<String>,
    layout: &mut Layout,
) -> Vec<(usize, String)> {
    layout.hidden.sort_by_key(|r| r.start);
    let mut kept = Vec::with_capacity(parts.len());
    for (d, part) in found.iter().zip(parts) {
        if layout.is_hidden(d.start) {
            continue;
        }
        if let Some(ph) = placeholder(d.end - d.start) {
            body.to_mut().replace_range(d.start..d.end, &ph);
            kept.push((d.start, part));
        }
    }
    for range in &layout.hidden {
        let range = range.start..range.end.min(body.len());
        // Every byte but line breaks becomes a space: the lines stay where they were.
        let blank: String = body.as_bytes()[range.clone()]
            .iter()
            .map(|&b| {
                if b == b'\n' || b == b'\r' {
                    b as char
                } else {
                    ' '
                }
            })
            .collect();
        body.to_mut().replace_range(range, &blank);
    }
    kept
}

/// A same-length stand-in for a directive, or `None` when it is too short.
pub(super) fn placeholder(len: usize) -> Option<String> {
    let min = MARK.len() + MARK_END.len();
    (len >= min).then(|| format!("{MARK}{}{MARK_END}", " ".repeat(len - min)))
}

/// Replaces the stand-ins in `html`, in order, by `parts`.
pub(super) fn splice(html: &str, parts: &[(usize, String)]) -> String {
    let extra: usize = parts.iter().map(|(_, p)| p.len()).sum();
    let mut out = String::with_capacity(html.len() + extra);
    let mut rest = html;
    let mut next = parts.iter().map(|(_, p)| p);
    while let Some(p) = rest.find(MARK) {
        let Some(end) = rest[p..].find(MARK_END) else {
            break;
        };
        out.push_str(&rest[..p]);
        out.push_str(next.next().map_or("", String::as_str));
        rest = &rest[p + end + MARK_END.len()..];
    }
    out.push_str(rest);
    out
}

/// Puts the end tag of each block whose quote, list item or footnote ends
/// before the block does where that container ends, as DocFX ends it: a
/// block left open, or one whose end stands after the container (its end
/// then adds nothing, and is reported). Returns the end tags of the blocks
/// left open outside any container, for the end of the file. `events`
/// carry body offsets; `parts` are the kept directives' HTML by body offset.
pub(super) fn close_in_containers(
    events: &mut Vec<(Event<'_>, Range<usize>)>,
    layout: &Layout,
    parts: &mut [(usize, String)],
    doc: &Doc,
    diagnostics: &mut Vec<Diagnostic>,
) -> String {
    if layout.unclosed.is_empty() && layout.pairs.is_empty() {
        return String::new();
    }
    // Every block: its end tag, and the start of its end line when it has one.
    let blocks: Vec<(usize, &'static str, Option<usize>)> = (layout.unclosed.iter())
        .map(|(start, tag)| (*start, *tag, None))
        .chain(layout.pairs.iter().map(|(o, c, tag)| (*o, *tag, Some(*c))))
        .collect();
    let opener_of: HashMap<usize, usize> = (blocks.iter().enumerate())
        .map(|(b, (start, ..))| (*start, b))
        .collect();
    // The blocks each end closes, innermost first: the one it names is last.
    let mut closed_by: HashMap<usize, Vec<usize>> = HashMap::new();
    for (b, (.., closer)) in blocks.iter().enumerate() {
        if let Some(c) = closer {
            closed_by.entry(*c).or_default().push(b);
        }
    }
    // Blocks open in a container, with its depth.
    let mut pending: Vec<(usize, usize)> = Vec::new();
    // Before which event, which block's end tag.
    let mut inserts: Vec<(usize, usize)> = Vec::new();
    let mut ended_early = vec![false; blocks.len()];
    let mut early_ends: Vec<(usize, &[usize])> = Vec::new();
    let mut depth = 0usize;
    for (i, (event, range)) in events.iter().enumerate() {
        crate::diagnostics::work::add(1);
        match event {
            Event::Start(
                Tag::BlockQuote(_) | Tag::Item | Tag::List(_) | Tag::FootnoteDefinition(_),
            ) => depth += 1,
            Event::End(
                TagEnd::BlockQuote(_) | TagEnd::Item | TagEnd::List(_) | TagEnd::FootnoteDefinition,
            ) => {
                while let Some((b, _)) = pending.pop_if(|(_, d)| *d >= depth) {
                    inserts.push((i, b));
                    ended_early[b] = true;
                }
                depth = depth.saturating_sub(1);
            }
            Event::Html(html) if html.trim_start().starts_with(MARK) => {
                let at = range.start + html.len() - html.trim_start().len();
                if let Some(closed) = closed_by.get(&at) {
                    if closed.iter().any(|b| ended_early[*b]) {
                        early_ends.push((at, closed));
                    }
                    let named = closed[closed.len() - 1];
                    if let Some(p) = pending.iter().rposition(|(open, _)| *open == named) {
                        pending.truncate(p);
                    }
                } else if let Some(&b) = opener_of.get(&at).filter(|_| depth > 0) {
                    pending.push((b, depth));
                }
            }
            _ => {}
        }
    }
    for (at, closed) in early_ends {
        // The end's HTML is the end tags of the blocks it closes: those that
        // ended with their quote or list item lose theirs here.
        let part = parts.binary_search_by_key(&at, |(start, _)| *start).ok();
        if let Some(part) = part.map(|k| &mut parts[k].1) {
            *part = (closed.iter())
                .filter(|b| !ended_early[**b])
                .map(|b| blocks[*b].1)
                .collect();
        }
        if ended_early[closed[closed.len() - 1]] {
            let message = "this end comes after the quote or list item its block opened in; the block ends with that";
            diagnostics.push(doc.warning(Code::BlockSyntax, message, doc.body_start + at));
        }
    }
    let mut at_end = String::new();
    for (b, (_, tag, closer)) in blocks.iter().enumerate() {
        if closer.is_none() && !ended_early[b] {
            at_end.push_str(tag);
        }
    }
    if inserts.is_empty() {
        return at_end;
    }
    // Innermost first where several end at one place.
    inserts.sort_by_key(|(i, b)| (*i, std::cmp::Reverse(blocks[*b].0)));
    let mut merged = Vec::with_capacity(events.len() + inserts.len());
    let mut next = inserts.into_iter().peekable();
    for (i, spanned) in std::mem::take(events).into_iter().enumerate() {
        while let Some((_, b)) = next.next_if(|(at, _)| *at == i) {
            let range = spanned.1.start..spanned.1.start;
            merged.push((Event::Html(blocks[b].1.into()), range));
        }
        merged.push(spanned);
    }
    *events = merged;
    at_end
}

/// The body with the indentation of row content taken off, and the way back.
pub(super) struct Dedented {
    pub text: String,
    /// `(offset in text, bytes removed up to there)`, by offset.
    removed: Vec<(usize, usize)>,
}

impl Dedented {
    /// The body offset that `offset` in the dedented text stands for.
    pub fn to_source(&self, offset: usize) -> usize {
        let i = self.removed.partition_point(|(at, _)| *at <= offset);
        offset + i.checked_sub(1).map_or(0, |i| self.removed[i].1)
    }
}

/// Takes each line inside a row back to the row's own indentation (a row
/// in a list item stays in it); `None` when nothing changes. Rows inside a
/// quote keep their lines as written.
pub(super) fn dedent_rows(body: &str, layout: &Layout) -> Option<Dedented> {
    let mut cuts: Vec<Range<usize>> = Vec::new();
    for (opener, content) in &layout.rows {
        let line_start = body[..*opener].rfind('\n').map_or(0, |n| n + 1);
        let lead = &body[line_start..*opener];
        if lead.contains('>') {
            continue;
        }
        let keep = lead.len();
        let end = content.end.min(body.len());
        let Some(first) = body[content.start.min(end)..end].find('\n') else {
            continue;
        };
        let mut at = content.start + first + 1;
        while at < end {
            crate::diagnostics::work::add(1);
            let line = &body[at..];
            let blanks = line.len() - line.trim_start_matches([' ', '\t']).len();
            if blanks > keep {
                cuts.push(at + keep..at + blanks);
            }
            at = line.find('\n').map_or(body.len(), |n| at + n + 1);
        }
    }
    if cuts.is_empty() {
        return None;
    }
    cuts.sort_by_key(|r| r.start);
    let mut text = String::with_capacity(body.len());
    let mut removed = Vec::with_capacity(cuts.len());
    let (mut copied, mut total) = (0, 0);
    for cut in cuts {
        if cut.start < copied {
            continue;
        }
        text.push_str(&body[copied..cut.start]);
        total += cut.len();
        removed.push((text.len(), total));
        copied = cut.end;
    }
    text.push_str(&body[copied..]);
    Some(Dedented { text, removed })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn row_lines_lose_their_indentation_and_map_back() {
        let body = ":::row:::\n    :::column:::\n        Text.\n    :::column-end:::\n:::row-end:::\nAfter\n";
        let row_end = body.find(":::row-end").unwrap();
        let layout = Layout {
            hidden: Vec::new(),
            unclosed: Vec::new(),
            pairs: Vec::new(),
            rows: vec![(0, 9..row_end)],
        };
        let d = dedent_rows(body, &layout).unwrap();
        assert_eq!(
            d.text,
            ":::row:::\n:::column:::\nText.\n:::column-end:::\n:::row-end:::\nAfter\n"
        );
        let text_at = d.text.find("Text.").unwrap();
        assert_eq!(d.to_source(text_at), body.find("Text.").unwrap());
        let after = d.text.find("After").unwrap();
        assert_eq!(d.to_source(after), body.find("After").unwrap());
        assert_eq!(d.to_source(3), 3);
    }

    #[test]
    fn a_row_in_a_list_item_keeps_the_item_s_indentation() {
        let body = "1. Step\n   :::row:::\n         In the row.\n   :::row-end:::\n";
        let opener = body.find(":::row:::").unwrap();
        let layout = Layout {
            hidden: Vec::new(),
            unclosed: Vec::new(),
            pairs: Vec::new(),
            rows: vec![(opener, opener + 9..body.find(":::row-end").unwrap())],
        };
        let d = dedent_rows(body, &layout).unwrap();
        assert_eq!(
            d.text,
            "1. Step\n   :::row:::\n   In the row.\n   :::row-end:::\n"
        );
    }
}
