//! The raw HTML that DocFX pages carry (`<a name>` anchors, `<img>`,
//! `<iframe>` embeds), read through html5ever's tokenizer, so that a tag
//! is whatever a browser would take for one: attributes fully
//! entity-decoded, names lower-cased, and nothing taken from inside
//! `<script>`, `<style>` or comments. It only reads tags and attributes;
//! the HTML itself passes through untouched.
//!
//! The renderer hands raw HTML over in pieces: an inline tag at a time, an
//! HTML block a line at a time. [`start_tags`] reads one piece on its own,
//! and a tag left open at its end with what it says up to there;
//! [`HtmlLines`] joins the lines of a block first, for a tag or a
//! `<script>` that spans lines.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};

use super::tag_attributes::{is_html_space, AttributeCount, MAX_ATTRIBUTES};
use crate::diagnostics::work;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tag {
    pub name: String,
    pub attrs: Vec<Attr>,
    /// Byte offset of the tag's `<` within the scanned string.
    pub start: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attr {
    pub name: String,
    pub value: String,
    /// Byte offset of the value as written within the scanned string.
    pub offset: usize,
}

impl Tag {
    pub fn attr(&self, name: &str) -> Option<&Attr> {
        self.attrs.iter().find(|a| a.name == name)
    }
}

/// Start tags in `html`, in order.
pub fn start_tags(html: &str) -> Vec<Tag> {
    tokenize(html).start_tags
}

/// How many `<a>` elements `html` opens and how many `</a>` it closes.
pub fn links_opened_and_closed(html: &str) -> (usize, usize) {
    let (tags, closed) = start_tags_and_links_closed(html);
    (tags.iter().filter(|t| t.name == "a").count(), closed)
}

/// [`start_tags`] and the number of `</a>` in one reading of `html`.
pub fn start_tags_and_links_closed(html: &str) -> (Vec<Tag>, usize) {
    let scan = tokenize(html);
    (scan.start_tags, scan.links_closed)
}

/// The lines of one raw HTML block, gathered to be read as one text.
#[derive(Debug, Default)]
pub struct HtmlLines {
    text: String,
    /// Where each line starts in `text`, and in the page.
    starts: Vec<(usize, usize)>,
}

impl HtmlLines {
    /// Adds `line`, which starts at byte `at` of the page.
    pub fn push(&mut self, line: &str, at: usize) {
        self.starts.push((self.text.len(), at));
        self.text.push_str(line);
    }

    /// The start tags of the lines so far, with their `start` and their
    /// attributes' offsets moved from the joined lines to the page: the
    /// lines need not follow each other in the page (a block in a quote or
    /// a list loses its `>` or indent). The lines are then forgotten.
    pub fn take_placed_tags(&mut self) -> Vec<Tag> {
        let place = |offset: usize| {
            let line = self.starts.partition_point(|(s, _)| *s <= offset);
            let (text_start, page_start) = self
                .starts
                .get(line.saturating_sub(1))
                .copied()
                .unwrap_or_default();
            page_start + (offset - text_start)
        };
        let tags = start_tags(&self.text)
            .into_iter()
            .map(|mut tag| {
                tag.start = place(tag.start);
                for attr in &mut tag.attrs {
                    attr.offset = place(attr.offset);
                }
                tag
            })
            .collect();
        self.text.clear();
        self.starts.clear();
        tags
    }

    /// The start tags of the lines so far, each with where in the page the
    /// line holding its `<` starts; the lines are then forgotten.
    pub fn take_start_tags(&mut self) -> Vec<(Tag, usize)> {
        let tags = start_tags(&self.text)
            .into_iter()
            .map(|tag| {
                let line = self.starts.partition_point(|(s, _)| *s <= tag.start);
                let at = self.starts.get(line.saturating_sub(1)).map_or(0, |l| l.1);
                (tag, at)
            })
            .collect();
        self.text.clear();
        self.starts.clear();
        tags
    }
}

struct Scan {
    start_tags: Vec<Tag>,
    links_closed: usize,
}

/// Runs the tokenizer over `html`. It reports tags but not where they are,
/// so the text goes in by pieces: every `<` alone, and a cut after every
/// `>`. A start tag then ends at the `>` closing the piece that produced
/// it, and starts at the first `<` + letter after the last piece that
/// produced any other token: nothing comes out while a tag is being read.
fn tokenize(html: &str) -> Scan {
    let tokenizer = Tokenizer::new(Collector::new(html), TokenizerOpts::default());
    let queue = BufferQueue::default();
    let feed = |from: usize, to: usize| {
        if from < to {
            work::add(to - from);
            tokenizer.sink.piece.set((from, to));
            queue.push_back(StrTendril::from_slice(&html[from..to]));
            let _ = tokenizer.feed(&queue);
        }
    };
    let mut from = 0;
    let mut attributes = AttributeCount::default();
    let mut skipping = false;
    for (i, byte) in html.bytes().enumerate() {
        let counted = attributes.read(byte);
        if skipping {
            if !attributes.in_tag() {
                skipping = false;
                from = i;
            } else {
                continue;
            }
        } else if counted > MAX_ATTRIBUTES {
            // The rest of this tag is not read; its `>` still closes it.
            feed(from, i);
            skipping = true;
            continue;
        }
        match byte {
            b'<' => {
                feed(from, i);
                feed(i, i + 1);
                from = i + 1;
            }
            b'>' => {
                feed(from, i + 1);
                from = i + 1;
            }
            _ => {}
        }
    }
    if !skipping {
        feed(from, html.len());
    }
    // A tag left open at the end, its line going on in the renderer's next
    // piece, is read as if it closed here: what it says so far counts.
    tokenizer.sink.piece.set((html.len(), html.len()));
    queue.push_back(StrTendril::from_slice(">"));
    let _ = tokenizer.feed(&queue);
    tokenizer.end();
    let sink = tokenizer.sink;
    Scan {
        start_tags: sink.start_tags.into_inner(),
        links_closed: sink.links_closed.get(),
    }
}

/// Receives the tokens and places each start tag in the source.
struct Collector<'a> {
    html: &'a str,
    /// The piece of `html` being fed.
    piece: Cell<(usize, usize)>,
    /// Where the piece that produced the last token other than an error
    /// starts: the next start tag's `<` is at or after it.
    quiet_since: Cell<usize>,
    start_tags: RefCell<Vec<Tag>>,
    links_closed: Cell<usize>,
}

impl<'a> Collector<'a> {
    fn new(html: &'a str) -> Self {
        Collector {
            html,
            piece: Cell::new((0, 0)),
            quiet_since: Cell::new(0),
            start_tags: RefCell::new(Vec::new()),
            links_closed: Cell::new(0),
        }
    }

    /// `tag` with the position of its `<` and of each value, given that
    /// its `>` ends the piece `..end`.
    fn place(&self, tag: html5ever::tokenizer::Tag, end: usize) -> Tag {
        let from = self.quiet_since.get();
        let start = first_tag_open(&self.html[from..end]).map_or(from, |at| from + at);
        let values = value_positions(&self.html[start..end]);
        let attrs = tag
            .attrs
            .into_iter()
            .map(|a| {
                let name = a.name.local.to_string();
                let offset = start + values.get(name.as_str()).copied().unwrap_or(0);
                Attr {
                    name,
                    value: a.value.to_string(),
                    offset,
                }
            })
            .collect();
        Tag {
            name: tag.name.to_string(),
            attrs,
            start,
        }
    }
}

impl TokenSink for Collector<'_> {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        work::add(1);
        let (piece_start, piece_end) = self.piece.get();
        let next = match token {
            Token::ParseError(_) => return TokenSinkResult::Continue,
            Token::TagToken(tag) if tag.kind == TagKind::StartTag => {
                // The tokenizer's duplicate check compared each attribute
                // with the earlier ones: growth tests must see that work.
                work::add(tag.attrs.len() * tag.attrs.len() / 2);
                let next = content_kind(&tag.name);
                let tag = self.place(tag, piece_end);
                self.start_tags.borrow_mut().push(tag);
                next
            }
            Token::TagToken(tag) => {
                // Only a `</a>` as written closes a link.
                if &*tag.name == "a" && piece_start < self.html.len() {
                    self.links_closed.set(self.links_closed.get() + 1);
                }
                TokenSinkResult::Continue
            }
            _ => TokenSinkResult::Continue,
        };
        self.quiet_since.set(piece_start);
        next
    }
}

/// How the tokenizer must read what follows a start tag: as text up to the
/// matching end tag for the elements whose content HTML never parses as
/// markup. A browser's tree builder says so; a lone tokenizer needs telling.
fn content_kind(name: &str) -> TokenSinkResult<()> {
    match name {
        "script" => TokenSinkResult::RawData(RawKind::ScriptData),
        "style" | "xmp" | "iframe" | "noembed" | "noframes" => {
            TokenSinkResult::RawData(RawKind::Rawtext)
        }
        "textarea" | "title" => TokenSinkResult::RawData(RawKind::Rcdata),
        "plaintext" => TokenSinkResult::Plaintext,
        _ => TokenSinkResult::Continue,
    }
}

/// Where the first `<` followed by a letter is in `html`: where a start
/// tag can begin.
fn first_tag_open(html: &str) -> Option<usize> {
    let bytes = html.as_bytes();
    let at = bytes
        .windows(2)
        .position(|w| w[0] == b'<' && w[1].is_ascii_alphabetic());
    work::add(at.map_or(bytes.len(), |at| at + 1));
    at
}

/// Where each attribute's value starts in `tag`, the source of one start
/// tag from `<` to `>`, by lower-cased name; the first of a repeated name
/// counts, as in the tokenizer. The tokenizer gives decoded values but no
/// positions, and a diagnostic points at the value as written. A name
/// without a value gets the position after it.
fn value_positions(tag: &str) -> HashMap<String, usize> {
    let bytes = tag.as_bytes();
    work::add(bytes.len());
    let skip = |mut i: usize, stop: &dyn Fn(u8) -> bool| {
        while i < bytes.len() && !stop(bytes[i]) {
            i += 1;
        }
        i
    };
    let not_space = |b: u8| !is_html_space(b);
    let name_end = |b: u8| is_html_space(b) || matches!(b, b'/' | b'>' | b'=');
    let mut positions = HashMap::new();
    let mut i = skip(1, &|b| is_html_space(b) || matches!(b, b'/' | b'>'));
    loop {
        i = skip(i, &|b| !is_html_space(b) && b != b'/');
        if i >= bytes.len() || bytes[i] == b'>' {
            break;
        }
        // A name's first character may be `=`.
        let name_start = i;
        i = skip(i + 1, &name_end);
        let name = tag[name_start..i].to_ascii_lowercase();
        i = skip(i, &not_space);
        if bytes.get(i) != Some(&b'=') {
            positions.entry(name).or_insert(i);
            continue;
        }
        i = skip(i + 1, &not_space);
        let value_start = match bytes.get(i) {
            Some(&quote @ (b'"' | b'\'')) => {
                let value_start = i + 1;
                i = skip(value_start, &|b| b == quote) + 1;
                value_start
            }
            _ => {
                let value_start = i;
                i = skip(i, &|b| is_html_space(b) || b == b'>');
                value_start
            }
        };
        positions.entry(name).or_insert(value_start);
    }
    positions
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_tags_and_attributes() {
        let html = r#"<a name="x"></a><!-- <img src="no"> --><iframe width=560 src='https://v/e' allowfullscreen></iframe>"#;
        let tags = start_tags(html);
        assert_eq!(tags.len(), 2);
        assert_eq!(tags[0].attr("name").unwrap().value, "x");
        assert_eq!(tags[1].name, "iframe");
        let src = tags[1].attr("src").unwrap();
        assert_eq!(src.value, "https://v/e");
        assert_eq!(&html[src.offset..src.offset + 3], "htt");
        assert!(tags[1].attr("allowfullscreen").is_some());
    }

    #[test]
    fn survives_garbage() {
        for s in [
            "<",
            "<a",
            "<a href=",
            "<a href=\"x",
            "< b>",
            "<<>>",
            "</>",
            "<!",
            "&#",
        ] {
            let _ = start_tags(s);
        }
    }

    #[test]
    fn an_attribute_on_the_next_line_is_read() {
        let html = "<a\nhref=\"x.md\">x</a>";
        let tags = start_tags(html);
        assert_eq!(tags.len(), 1);
        let href = tags[0].attr("href").unwrap();
        assert_eq!(href.value, "x.md");
        assert_eq!(&html[href.offset..href.offset + 4], "x.md");
        assert_eq!(links_opened_and_closed(html), (1, 1));
    }

    #[test]
    fn every_entity_is_decoded() {
        let html = r#"<a name="caf&eacute;-&#233;-&#xE9;-&amp;-&quot;" title=a&lt;b>"#;
        let tags = start_tags(html);
        assert_eq!(tags[0].attr("name").unwrap().value, "café-é-é-&-\"");
        assert_eq!(tags[0].attr("title").unwrap().value, "a<b");
        let name = tags[0].attr("name").unwrap();
        assert!(html[name.offset..].starts_with("caf&eacute;"));
    }

    #[test]
    fn nothing_from_inside_script_style_or_comments() {
        let html = "<script>var s = '<a name=\"s\">';</script>\
                    <style>/* <img src=x> */</style>\
                    <!-- <a name=\"c\"> -->\
                    <textarea><a name=\"t\"></textarea>\
                    <a name=\"kept\">";
        let names: Vec<_> = start_tags(html).into_iter().map(|t| t.name).collect();
        assert_eq!(names, ["script", "style", "textarea", "a"]);
        assert_eq!(links_opened_and_closed(html), (1, 0));
    }

    #[test]
    fn a_fragment_is_read_on_its_own() {
        // An inline tag without its end tag, as the renderer hands it over.
        let tags = start_tags(r#"<a href="x">"#);
        assert_eq!(tags[0].attr("href").unwrap().value, "x");
        // A tag cut in two by a line break of an HTML block: the first half
        // is read up to its end, the second is text, and the lines joined
        // are the whole tag.
        let first = start_tags("<a name=\"old\"\n");
        assert_eq!(first[0].attr("name").unwrap().value, "old");
        assert_eq!(start_tags("<img")[0].name, "img");
        assert!(start_tags("src=x>").is_empty());
        assert_eq!(links_opened_and_closed("<a href=x>x</a"), (1, 0));
        let mut lines = HtmlLines::default();
        lines.push("<p>\n", 10);
        lines.push("<img\n", 14);
        lines.push("  src=x>\n", 19);
        let tags = lines.take_start_tags();
        assert_eq!(tags.len(), 2);
        assert_eq!((tags[0].0.name.as_str(), tags[0].1), ("p", 10));
        assert_eq!((tags[1].0.name.as_str(), tags[1].1), ("img", 14));
        assert_eq!(tags[1].0.attr("src").unwrap().value, "x");
        assert!(lines.take_start_tags().is_empty());
    }

    #[test]
    fn positions_survive_brackets_in_values_and_text_before() {
        let html = r#"a < b &amp <b>x</b><a title="<c>" href='y'>"#;
        let tags = start_tags(html);
        assert_eq!(tags.len(), 2);
        assert_eq!(&html[tags[1].start..tags[1].start + 2], "<a");
        let href = tags[1].attr("href").unwrap();
        assert_eq!(&html[href.offset..href.offset + 1], "y");
        let title = tags[1].attr("title").unwrap();
        assert_eq!(title.value, "<c>");
        assert_eq!(&html[title.offset..title.offset + 3], "<c>");
    }

    /// The steps `start_tags` counts for `html`.
    fn steps(html: &str) -> u64 {
        work::take();
        let _ = start_tags(html);
        work::take()
    }

    fn assert_linear(what: &str, make: impl Fn(usize) -> String) {
        let n = 25_000;
        let (small, large) = (steps(&make(n)), steps(&make(4 * n)));
        assert!(
            large <= small * 5,
            "{what}: 4× the input took {large} steps after {small}"
        );
    }

    #[test]
    fn hostile_input_costs_linear_work() {
        assert_linear("lone <", |n| "<".repeat(n));
        assert_linear("unterminated tags", |n| "<a href=\"x ".repeat(n));
        assert_linear("huge value", |n| format!("<a href=\"{}\">", "x".repeat(n)));
        assert_linear("many tags", |n| "<a name=x>".repeat(n));
        assert_linear("attributes of one tag", |n| {
            let attributes: String = (0..n / 8).map(|i| format!(" a{i:05}")).collect();
            format!("<div{attributes}>")
        });
        assert_linear("quoted attributes of one tag", |n| {
            let attributes: String = (0..n / 8).map(|i| format!(" a{i}=\"<>\"")).collect();
            format!("<div{attributes} href=\"x\">")
        });
        assert_linear("unterminated comment", |n| {
            format!("<!--{}", "<a>".repeat(n))
        });
        // A tag of very many attributes is read up to the limit, and what
        // follows it is read as usual.
        let many: String = (0..5000).map(|i| format!(" data-{i}=\"v>{i}\"")).collect();
        let tags = start_tags(&format!("<div{many} id=late><a href=\"next\">"));
        assert_eq!(
            tags.len(),
            2,
            "{:?}",
            tags.iter().map(|t| &t.name).collect::<Vec<_>>()
        );
        assert_eq!(tags[0].attrs.len(), MAX_ATTRIBUTES);
        assert!(tags[0].attr("id").is_none());
        assert_eq!(tags[1].attr("href").map(|a| a.value.as_str()), Some("next"));
        // Words in a comment or a script are not attributes: what follows
        // them is read.
        let words: String = (0..3000).map(|i| format!(" w{i}")).collect();
        for html in [
            format!("<!-- <a{words} --><img src=\"after.png\">"),
            format!("<script>if (x <a{words}) {{}}</script><img src=\"after.png\">"),
        ] {
            let tags = start_tags(&html);
            let last = tags.last().map(|t| t.name.as_str());
            assert_eq!(last, Some("img"), "{html:.40}");
        }
        // A hundred thousand `<` in a row still come out as text.
        assert!(start_tags(&"<".repeat(100_000)).is_empty());
    }
}
