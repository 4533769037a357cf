//! The safety net under the DocFX extensions: DocFX or Markdown syntax that
//! reaches the reader as text (`::: zone` that no directive took, `[!NOTE]`
//! outside a quote, a stray `-->`…) is reported as an
//! `unrendered-syntax` warning at its place in the source, so what helpsite
//! cannot render is never lost silently.
//!
//! It reads the events the rewriter is about to read, once, and looks only at
//! text a reader sees: not code, not an image's description, not what a
//! backslash escapes. Each text is looked at in its source, so an escape or
//! a character reference (`&#91;!NOTE]`) written to show the syntax counts
//! as meant.

use pulldown_cmark::{Event, Tag, TagEnd};

use super::context::Doc;
use super::directive::Directive;
use super::docfx;
use super::rewrite::Spanned;
use super::videos;
use crate::diagnostics::{Code, Diagnostic};

/// What is left showing, and where in the text it starts.
enum Leftover {
    /// A `:::` directive line, or an inline `:::image …:::`.
    Colon,
    /// `[!NOTE]` and the other alert markers.
    Alert,
    Include,
    Div,
    Video,
    Code,
    CommentEnd,
}

impl Leftover {
    fn why(&self) -> &'static str {
        match self {
            Leftover::Colon => "helpsite read no directive here",
            Leftover::Alert => "an alert marker works only at the start of a quote (`> [!NOTE]`)",
            Leftover::Include => "helpsite read no include here",
            Leftover::Div => "`[!div …]` works only at the start of a quote (`> [!div class=\"…\"]`)",
            Leftover::Video | Leftover::Code => "it works only on a line of its own",
            Leftover::CommentEnd => {
                "no comment ends here: an include inside a comment ends it early, or leaves it open and hides the rest of the page"
            }
        }
    }
}

/// Where a text event stands among the blocks around it.
#[derive(Default)]
struct Context {
    /// Code blocks and image descriptions open: their text is not prose.
    hidden: usize,
    /// The innermost container of each open block: `true` for a quote.
    containers: Vec<bool>,
    headings: usize,
    /// The next text starts a line.
    line_start: bool,
    /// The next text starts a paragraph of a quote, where the rewriter reads
    /// a marker (`> [!NOTE]`) and shows none of it.
    quote_paragraph: bool,
}

/// Drops each `unrendered-syntax` warning on a line that another diagnostic
/// already explains (a `block-syntax` error for an `:::image` left open, a
/// refused video): the safety net speaks only where nothing else did.
pub(super) fn drop_explained(diagnostics: &mut Vec<Diagnostic>) {
    let is_net = |d: &Diagnostic| d.code == Code::UnrenderedSyntax;
    if !diagnostics.iter().any(is_net) {
        return;
    }
    let explained: std::collections::HashSet<(&str, usize)> = diagnostics
        .iter()
        .filter(|d| !is_net(d))
        .map(|d| (d.span.file.as_str(), d.span.line))
        .collect();
    let keep: Vec<bool> = diagnostics
        .iter()
        .map(|d| !is_net(d) || !explained.contains(&(d.span.file.as_str(), d.span.line)))
        .collect();
    let mut flags = keep.into_iter();
    diagnostics.retain(|_| flags.next().unwrap_or(true));
}

/// Pushes a warning for each text of `events` (one file's, `doc`) that still
/// holds DocFX or Markdown syntax: at most one per text, at its first leftover.
pub(super) fn check(events: &[Spanned<'_>], doc: &Doc, diagnostics: &mut Vec<Diagnostic>) {
    let mut cx = Context::default();
    for (i, (event, range)) in events.iter().enumerate() {
        let quote_paragraph = std::mem::take(&mut cx.quote_paragraph);
        let line_start = std::mem::replace(&mut cx.line_start, false);
        match event {
            Event::Start(tag) => {
                match tag {
                    Tag::CodeBlock(_) | Tag::Image { .. } => cx.hidden += 1,
                    Tag::BlockQuote(_) => cx.containers.push(true),
                    Tag::Item | Tag::FootnoteDefinition(_) => cx.containers.push(false),
                    Tag::Heading { .. } => cx.headings += 1,
                    Tag::Link { dest_url, .. }
                        if cx.headings > 0 && cx.hidden == 0 && dest_url.starts_with("#tab/") =>
                    {
                        let message = "readers see this tab heading as a plain heading: it forms no tab group (a tab needs its content under it, and the group ends at `---` or a heading of the same level)";
                        diagnostics.push(doc.warning(
                            Code::UnrenderedSyntax,
                            message,
                            doc.body_start + range.start,
                        ));
                    }
                    _ => {}
                }
                cx.quote_paragraph =
                    matches!(tag, Tag::Paragraph) && cx.containers.last() == Some(&true);
                cx.line_start = matches!(
                    tag,
                    Tag::Paragraph | Tag::Heading { .. } | Tag::Item | Tag::TableCell
                );
            }
            Event::End(end) => match end {
                TagEnd::CodeBlock | TagEnd::Image => cx.hidden = cx.hidden.saturating_sub(1),
                TagEnd::BlockQuote(_) | TagEnd::Item | TagEnd::FootnoteDefinition => {
                    cx.containers.pop();
                }
                TagEnd::Heading(_) => cx.headings = cx.headings.saturating_sub(1),
                _ => {}
            },
            Event::SoftBreak | Event::HardBreak => cx.line_start = true,
            Event::Text(text) if cx.hidden == 0 => {
                let line_end = matches!(
                    events.get(i + 1),
                    None | Some((Event::SoftBreak | Event::HardBreak | Event::End(_), _))
                );
                // The text as the author wrote it, escapes and references included.
                let at = doc.body_start + range.start;
                let source = doc
                    .text
                    .get(at..doc.body_start + range.end)
                    .unwrap_or(text.as_ref());
                crate::diagnostics::work::add(source.len() + 1);
                let skip = if quote_paragraph {
                    docfx::parse_marker(source).map_or(0, |(_, len)| len)
                } else {
                    0
                };
                let place = Place {
                    line_start: line_start && skip == 0,
                    line_end,
                };
                // A text's range may start after the backslash that escapes its first character.
                let escaped_at = |i: usize| escaped(doc.text.as_bytes(), at + skip + i);
                if let Some((offset, leftover)) = find(&source[skip..], place, &escaped_at) {
                    let shown = excerpt(&source[skip + offset..]);
                    let message = format!("readers see `{shown}` as text: {}", leftover.why());
                    diagnostics.push(doc.warning(
                        Code::UnrenderedSyntax,
                        message,
                        at + skip + offset,
                    ));
                }
            }
            _ => {}
        }
    }
}

#[derive(Clone, Copy)]
struct Place {
    /// The text starts its line.
    line_start: bool,
    /// The text ends its line.
    line_end: bool,
}

/// The first leftover in `text`, with its byte offset.
fn find(text: &str, place: Place, escaped_at: &dyn Fn(usize) -> bool) -> Option<(usize, Leftover)> {
    let trimmed = text.trim();
    let lead = text.len() - text.trim_start().len();
    let line_start = place.line_start && !escaped_at(lead);
    if line_start && trimmed.starts_with("-->") {
        return Some((lead, Leftover::CommentEnd));
    }
    let bytes = text.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        let leftover = match b {
            b':' => colon_directive(text, i, line_start && i == lead),
            b'[' => bracket_marker(&text[i..]),
            _ => None,
        };
        let leftover = leftover.filter(|_| !videos::taken_in_text(text, i));
        if let Some(leftover) = leftover.filter(|_| !escaped_at(i)) {
            return Some((i, leftover));
        }
    }
    let end = text.trim_end();
    if place.line_end && end.ends_with("-->") && !escaped_at(end.len() - 3) {
        return Some((end.len() - 3, Leftover::CommentEnd));
    }
    None
}

/// `:::` at `i` followed by a directive's name: at the start of a line a
/// directive DocFX knows (`::: zone`, `:::form`) or any name written against
/// the colons (`:::colum:::`); mid-line a known name against the colons
/// (`:::image …` left open in a table cell). After blanks, an unknown word,
/// or any word mid-line, is prose (`::: see below`, `type ::: zone to…`).
fn colon_directive(text: &str, i: usize, line_start: bool) -> Option<Leftover> {
    let after = text[i..].strip_prefix(":::")?;
    if after.starts_with(':') || (i > 0 && text.as_bytes()[i - 1] == b':') {
        return None;
    }
    let name_start = after.trim_start_matches([' ', '\t']);
    let name_len = name_start
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
        .unwrap_or(name_start.len());
    let name = name_start[..name_len].to_ascii_lowercase();
    if name.is_empty() || !name.as_bytes()[0].is_ascii_alphabetic() {
        return None;
    }
    // The rewriter reads `:::no-loc text="…":::` in running text; without
    // its closing colons it stays as written.
    if name == "no-loc" {
        return (!name_start[name_len..].contains(":::")).then_some(Leftover::Colon);
    }
    let spaced = name_start.len() != after.len();
    let known = Directive::parse(&name).is_some() || name == "form";
    // Mid-line, blanks after the colons are prose (`type ::: zone to…`).
    let shown = if line_start {
        known || !spaced
    } else {
        known && !spaced
    };
    shown.then_some(Leftover::Colon)
}

/// `[!NOTE]`, `[!INCLUDE`, `[!div`, `[!VIDEO`, `[!code` at the start of `text`.
fn bracket_marker(text: &str) -> Option<Leftover> {
    let word = text.strip_prefix("[!")?;
    let len = word
        .find(|c: char| !c.is_ascii_alphabetic())
        .unwrap_or(word.len());
    let next = word[len..].chars().next();
    let leftover = match word[..len].to_ascii_lowercase().as_str() {
        "note" | "tip" | "important" | "warning" | "caution" if next == Some(']') => {
            Leftover::Alert
        }
        "include" => Leftover::Include,
        "div" => Leftover::Div,
        "video" => Leftover::Video,
        "code" if matches!(next, Some('-' | '[')) => Leftover::Code,
        _ => return None,
    };
    Some(leftover)
}

/// Whether the byte at `i` of `bytes` follows an odd run of backslashes.
fn escaped(bytes: &[u8], i: usize) -> bool {
    let before = bytes.get(..i).unwrap_or_default();
    before.iter().rev().take_while(|&&b| b == b'\\').count() % 2 == 1
}

/// The start of `text` for a message: up to 40 characters, on one line.
fn excerpt(text: &str) -> String {
    let line = text.lines().next().unwrap_or("").trim_end();
    match line.char_indices().nth(40) {
        Some((cut, _)) => format!("{}…", &line[..cut]),
        None => line.to_string(),
    }
}
