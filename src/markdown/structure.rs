//! The outline of a page's own Markdown that a translation must keep:
//! its images, links, includes, alerts, headings and code blocks, in
//! order. Translators rewrite the words, never these; when the counts of a
//! translation differ from its source's, something was lost or added.
//!
//! Read from the page's own text, includes unexpanded: each locale has its
//! own include files, and the page only decides where they go.

use std::ops::Range;

use pulldown_cmark::{Event, Parser, Tag};

use super::html_scan::HtmlLines;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Part {
    Image,
    Link,
    Include,
    Alert,
    Heading,
    CodeBlock,
}

impl Part {
    pub const ALL: [Part; 6] = [
        Part::Image,
        Part::Link,
        Part::Include,
        Part::Alert,
        Part::Heading,
        Part::CodeBlock,
    ];

    /// Plural, as a message names it: "2 images here, 3 in the source".
    pub fn plural(self) -> &'static str {
        match self {
            Part::Image => "images",
            Part::Link => "links",
            Part::Include => "includes",
            Part::Alert => "alerts",
            Part::Heading => "headings",
            Part::CodeBlock => "code blocks",
        }
    }
}

/// Each part with its byte offset in the whole page text.
pub type Outline = Vec<(Part, usize)>;

const ALERT_KINDS: [&str; 5] = ["note", "tip", "important", "warning", "caution"];

/// Whether `quote` (a block quote's source) opens with `[!NOTE]` or another alert kind.
fn is_alert(quote: &str) -> bool {
    let rest = quote.trim_start().trim_start_matches('>').trim_start();
    let Some(rest) = rest.strip_prefix("[!") else {
        return false;
    };
    let Some(end) = rest.find(']') else {
        return false;
    };
    ALERT_KINDS.contains(&rest[..end].trim().to_ascii_lowercase().as_str())
}

/// Whether the link starting at `start` is the target of `[!INCLUDE[…](…)]`.
fn is_include(text: &str, start: usize) -> bool {
    let before = &text.as_bytes()[..start];
    before.len() >= 9 && before[before.len() - 9..].eq_ignore_ascii_case(b"[!include")
}

pub fn outline(text: &str, body_start: usize) -> Outline {
    let body_start = body_start.min(text.len());
    let body = &text[body_start..];
    let mut outline = OutlineReader::default();
    for (event, range) in Parser::new_ext(body, super::options()).into_offset_iter() {
        outline.note(body, body_start, &event, &range);
    }
    outline.finish()
}

/// [`outline`] from the events the renderer parsed from the same `body`,
/// so that a page without includes or directives is parsed once.
pub(super) fn outline_of_events<'e>(
    body: &str,
    body_start: usize,
    events: impl Iterator<Item = &'e (Event<'e>, Range<usize>)>,
) -> Outline {
    let mut outline = OutlineReader::default();
    for (event, range) in events {
        outline.note(body, body_start, event, range);
    }
    outline.finish()
}

/// Reads events into an outline.
#[derive(Default)]
struct OutlineReader {
    parts: Outline,
    /// The lines of the raw HTML block being read: a tag may span them.
    html_block: HtmlLines,
}

impl OutlineReader {
    fn note(&mut self, body: &str, body_start: usize, event: &Event, range: &Range<usize>) {
        let at = body_start + range.start;
        if let Event::Html(line) = event {
            self.html_block.push(line, at);
            return;
        }
        // The block, if one was being read, has ended.
        self.note_raw_html();
        let part = match event {
            Event::Start(Tag::Image { .. }) => Some(Part::Image),
            Event::Start(Tag::Link { .. }) if is_include(body, range.start) => Some(Part::Include),
            Event::Start(Tag::Link { .. }) => Some(Part::Link),
            Event::Start(Tag::Heading { .. }) => Some(Part::Heading),
            Event::Start(Tag::CodeBlock(_)) => Some(Part::CodeBlock),
            Event::Start(Tag::BlockQuote(_)) if is_alert(&body[range.clone()]) => Some(Part::Alert),
            Event::InlineHtml(html) => {
                // An inline tag is whole: read it on its own.
                self.html_block.push(html, at);
                self.note_raw_html();
                None
            }
            _ => None,
        };
        if let Some(part) = part {
            self.parts.push((part, at));
        }
    }

    /// Raw `<img>` and `<a href>` are images and links as much as Markdown
    /// ones: each counts where the line holding its `<` starts.
    fn note_raw_html(&mut self) {
        for (tag, at) in self.html_block.take_start_tags() {
            if tag.name == "img" {
                self.parts.push((Part::Image, at));
            } else if tag.name == "a" && tag.attr("href").is_some() {
                self.parts.push((Part::Link, at));
            }
        }
    }

    fn finish(mut self) -> Outline {
        self.note_raw_html();
        self.parts
    }
}

/// How many of each part.
pub fn counts(outline: &Outline) -> [usize; 6] {
    let mut counts = [0; 6];
    for (part, _) in outline {
        counts[Part::ALL.iter().position(|p| p == part).unwrap_or(0)] += 1;
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(text: &str) -> Vec<Part> {
        outline(text, 0).into_iter().map(|(p, _)| p).collect()
    }

    #[test]
    fn finds_each_part_once() {
        let text = "# Title\n\nSee [a](a.md) and ![shot](./media/x.png).\n\n\
                    > [!NOTE]\n> Mind this.\n\n> Just a quote.\n\n\
                    [!INCLUDE[intro](./includes/intro.md)]\n\n```\n[not](a.md)\n```\n\n\
                    <img src=\"x.png\"> <a name=\"old\"></a> <a href=\"b.md\">b</a>\n";
        assert_eq!(
            parts(text),
            vec![
                Part::Heading,
                Part::Link,
                Part::Image,
                Part::Alert,
                Part::Include,
                Part::CodeBlock,
                Part::Image,
                Part::Link,
            ]
        );
    }

    #[test]
    fn offsets_count_from_the_page_start() {
        let text = "---\ntitle: x\n---\n# H\n";
        let body_start = text.find("# H").unwrap();
        assert_eq!(outline(text, body_start), vec![(Part::Heading, body_start)]);
    }

    #[test]
    fn raw_html_is_read_as_a_browser_reads_it() {
        // A tag over two lines of a block counts where its `<` is; nothing
        // inside `<script>` or a comment counts; an inline tag may break its line.
        let text = "<div>\n<img\n  src=\"x.png\">\n<script>\nvar s = '<img src=y>';\n\
                    </script>\n<!-- <a href=\"z.md\">z</a> -->\n</div>\n\n\
                    Text <a\nhref=\"b.md\">b</a>.\n";
        let img = text.find("<img").unwrap();
        let link = text.find("<a\n").unwrap();
        assert_eq!(
            outline(text, 0),
            vec![(Part::Image, img), (Part::Link, link)]
        );
    }

    #[test]
    fn alert_kinds_in_any_case() {
        assert_eq!(parts("> [!warning]\n> x\n"), vec![Part::Alert]);
        assert_eq!(parts("> [!SOMETHING]\n> x\n"), Vec::<Part>::new());
    }
}
