//! Finding the block directive lines of a page: `:::name …` and the
//! bracketed `[!VIDEO …]` and `[!code-…]` lines, wherever the parser would
//! not show them as code.

use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag, TagEnd};

use super::block_layout::placeholder;
use super::directive::{parse_colon, video_marker, Directive, DirectiveLine};
use super::{snippets, videos};

/// Block directives in `body` that the parser would not show as code and
/// that are long enough to hold a stand-in.
pub(super) fn find_live(body: &str) -> Vec<DirectiveLine> {
    let mut found = find_outside_code(body);
    // Each directive's HTML goes where its stand-in lands: one too short to
    // hold a stand-in stays text.
    found.retain(|d| placeholder(d.end - d.start).is_some());
    found
}

/// For each of `found`, the byte range of the innermost quote, list item or
/// footnote holding it (`0..usize::MAX` for none), as the parser sees `body`
/// once every directive is a stand-in. An end closes only a block opened
/// inside that range: a quote's content is its own, as in DocFX.
pub(super) fn containers(body: &str, found: &[DirectiveLine]) -> Vec<Range<usize>> {
    let page = 0..usize::MAX;
    let ends = |d: &DirectiveLine| d.name.as_ref().is_ok_and(|n| n.opening().is_some());
    if !found.iter().any(ends) {
        return vec![page; found.len()];
    }
    let mut text = body.to_string();
    for d in found {
        if let Some(stand_in) = placeholder(d.end - d.start) {
            text.replace_range(d.start..d.end, &stand_in);
        }
    }
    // Outer containers come before the ones inside them.
    let all: Vec<Range<usize>> = (Parser::new_ext(&text, super::options()).into_offset_iter())
        .filter(|(event, _)| {
            crate::diagnostics::work::add(1);
            matches!(
                event,
                Event::Start(Tag::BlockQuote(_) | Tag::Item | Tag::FootnoteDefinition(_))
            )
        })
        .map(|(_, range)| range)
        .collect();
    let mut around: Vec<&Range<usize>> = Vec::new();
    let mut next = all.iter().peekable();
    let mut innermost = Vec::with_capacity(found.len());
    for d in found {
        while let Some(container) = next.next_if(|c| c.start <= d.start) {
            crate::diagnostics::work::add(1);
            while around.pop_if(|c| c.end <= container.start).is_some() {}
            around.push(container);
        }
        while around.pop_if(|c| c.end <= d.start).is_some() {
            crate::diagnostics::work::add(1);
        }
        innermost.push(around.last().map_or(page.clone(), |c| (*c).clone()));
    }
    innermost
}

/// Directive lines in `body` that the parser would not show as code.
fn find_outside_code(body: &str) -> Vec<DirectiveLine> {
    // Most pages have none: a quick look before the line by line scan.
    let marker = |at: usize, name: &str| {
        body.as_bytes()
            .get(at..at + name.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(name.as_bytes()))
    };
    let bracketed = body
        .match_indices("[!")
        .any(|(i, _)| marker(i + 2, "video") || marker(i + 2, "code") || marker(i + 2, "notebook"));
    if !bracketed && !body.contains(":::") {
        return Vec::new();
    }
    find(body, &code_ranges(body))
}

/// A code fence open in a row, where CommonMark saw indented code.
#[derive(Default)]
struct Fence {
    open: Option<(u8, usize)>,
}

impl Fence {
    /// Whether the line `rest` (after its indentation) opens, is in or
    /// closes a fence.
    fn read(&mut self, rest: &str) -> bool {
        let run = |c: u8| rest.bytes().take_while(|b| *b == c).count();
        match self.open {
            Some((c, len)) => {
                if run(c) >= len && rest.trim_start_matches(c as char).trim().is_empty() {
                    self.open = None;
                }
                true
            }
            None => {
                let opened = [b'`', b'~'].into_iter().find(|c| run(*c) >= 3);
                self.open = opened.map(|c| (c, run(c)));
                opened.is_some()
            }
        }
    }
}

/// The byte ranges of code, HTML blocks and inline HTML comments in `body`,
/// in order, each with whether it is an indented code block: a directive in
/// a comment is commented out, as an include there is.
fn code_ranges(body: &str) -> Vec<(Range<usize>, bool)> {
    let mut code = Vec::new();
    let mut block = None;
    for (event, range) in Parser::new_ext(body, super::options()).into_offset_iter() {
        match event {
            Event::Code(_) => code.push((range, false)),
            Event::InlineHtml(html) if html.starts_with("<!--") => code.push((range, false)),
            // A line in an HTML block is HTML to DocFX too, never a
            // directive; and a stand-in there (`<?…?>`) would end an author's
            // `<?` block early and change how the rest of the page parses.
            Event::Start(Tag::HtmlBlock) => code.push((range, false)),
            Event::Start(Tag::CodeBlock(kind)) => {
                block = Some((range.start, matches!(kind, CodeBlockKind::Indented)));
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some((start, indented)) = block.take() {
                    code.push((start..range.end, indented));
                }
            }
            _ => {}
        }
    }
    code
}

/// Directive lines in `body`, outside code. `code` holds the byte ranges of
/// code, in order. Inside a row, what CommonMark reads as an indented code
/// block is the row's own content (see `block_layout`), so its lines count.
fn find(body: &str, code: &[(Range<usize>, bool)]) -> Vec<DirectiveLine> {
    let mut found = Vec::new();
    let mut rows_open = 0usize;
    let mut row_fence = Fence::default();
    let mut line_start = 0;
    // Lines and code ranges both come in source order: one walk over each.
    let mut next_code = 0;
    for line in body.split_inclusive('\n') {
        let at = line_start;
        line_start += line.len();
        let text = line.trim_end_matches(['\n', '\r']);
        // After a quote's `>` markers and indentation.
        let lead = text.len() - text.trim_start_matches(['>', ' ', '\t']).len();
        let rest = &text[lead..];
        let start = at + lead;
        crate::diagnostics::work::add(1);
        while code.get(next_code).is_some_and(|(r, _)| r.end <= start) {
            crate::diagnostics::work::add(1);
            next_code += 1;
        }
        let in_code = code
            .get(next_code)
            .is_some_and(|(r, indented)| r.start <= start && !(*indented && rows_open > 0));
        // Inside a row the fences are read after the indentation goes.
        if rows_open > 0 && !in_code && row_fence.read(rest) {
            continue;
        }
        if in_code {
            continue;
        }
        let end = start + rest.trim_end().len();
        if let Some(d) = parse_colon(rest).or_else(|| snippets::bracket_form(rest)) {
            // A video in a paragraph stays in it, read from the text.
            if d.name == Ok(Directive::Video) && videos::inside_paragraph(body, at, line_start) {
                continue;
            }
            match d.name {
                Ok(Directive::Row) => rows_open += 1,
                Ok(Directive::RowEnd) => rows_open = rows_open.saturating_sub(1),
                _ => {}
            }
            found.push(DirectiveLine { start, end, ..d });
        } else if let Some(url) = video_marker(rest) {
            // `[!VIDEO url]` in a quote is read as a quote marker instead.
            if text[..lead].contains('>') || videos::inside_paragraph(body, at, line_start) {
                continue;
            }
            found.push(DirectiveLine {
                start,
                end,
                name: Ok(Directive::Video),
                attrs: vec![("source".into(), url)],
                closed: true,
            });
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(body: &str) -> Vec<String> {
        find_live(body)
            .iter()
            .map(|d| match &d.name {
                Ok(directive) => directive.as_str().to_string(),
                Err(name) => name.clone(),
            })
            .collect()
    }

    #[test]
    fn bracket_directives_are_found_without_any_colon_form() {
        assert_eq!(
            names("Intro\n\n[!VIDEO https://www.example.com/embed/a]\n"),
            ["video"]
        );
        assert_eq!(
            names("[!Code-cs[Main](snippets/Program.cs#Main)]\n").len(),
            1
        );
        assert!(names("> [!NOTE]\n> Mind this.\n\n[!INCLUDE[a](a.md)]\n").is_empty());
        assert!(
            names("Ends with [!vid").is_empty(),
            "a marker cut off at the end"
        );
    }

    #[test]
    fn indented_lines_in_a_row_are_directives_but_fenced_code_is_not() {
        let body = ":::row:::\n\n    :::column:::\n\n        Text.\n\n    ```md\n    :::zone pivot=\"x\"\n    ```\n\n    :::column-end:::\n:::row-end:::\n\n    :::zone pivot=\"code\"\n";
        assert_eq!(names(body), ["row", "column", "column-end", "row-end"]);
    }
}
