//! The event rewriter: the parser's events in, the page's events out, one
//! method per kind of event. On the way it resolves links and images, turns
//! DocFX quote markers into alerts, divs and selectors, gives headings their
//! ids, autolinks bare addresses and `@uid` mentions, and gathers the page's
//! search text and anchors into the page's `State`.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, HeadingLevel, LinkType, Tag, TagEnd};

use super::context::{Doc, State};
use super::docfx::{self, Marker};
use super::escape::escape_attr;
use super::model::{Env, Heading};
use super::quotes::{self, Quote};
use super::references::{resolve_ref, scan_html_block, scan_raw_html};
use super::{autolink, blocks, html_scan, videos, xref};
use crate::diagnostics::Code;
use crate::links::{self, RefKind, Target};

pub(super) type Spanned<'e> = (Event<'e>, Range<usize>);

/// How an open link ends.
enum LinkEnd {
    AsWritten,
    /// A selector's link to the page itself, written as raw HTML.
    Current,
    /// An unresolved xref: its text stays, without a link.
    Dropped,
}

/// A quote open in the output.
struct OpenQuote {
    kind: Quote,
    /// Output length right after it opened: an unchanged length means an empty quote.
    output_len: usize,
    /// The list depth it opened at: a paragraph at that depth is the quote's own.
    list_depth: usize,
}

pub(super) struct Rewriter<'r, 'p, 'e> {
    env: &'r Env<'r>,
    doc: &'r Doc<'r>,
    state: &'r mut State<'p>,
    events: &'r [Spanned<'e>],
    /// Each heading's id and extra anchors, in order.
    heading_ids: Vec<(String, Vec<String>)>,
    headings_seen: usize,
    /// Where this file's headings start in `state.out.headings`: includes
    /// rendered earlier put theirs before.
    first_heading: usize,
    output: Vec<Event<'e>>,
    quotes: Vec<OpenQuote>,
    /// Div quotes kept open over the list that follows them, by the list depth that closes them.
    absorbing: Vec<usize>,
    list_depth: usize,
    link_ends: Vec<LinkEnd>,
    /// Inside a code block or an image description.
    plain_text_depth: usize,
    /// Raw `<a>` tags open: text inside one is a link already.
    raw_links_open: usize,
    /// The lines of the HTML block being read, and the block's range: its
    /// tags are read when it ends, as one text.
    html_block: Option<(html_scan::HtmlLines, Range<usize>)>,
}

impl<'r, 'p, 'e> Rewriter<'r, 'p, 'e> {
    pub fn new(
        env: &'r Env<'r>,
        doc: &'r Doc<'r>,
        state: &'r mut State<'p>,
        events: &'r [Spanned<'e>],
        heading_ids: Vec<(String, Vec<String>)>,
    ) -> Self {
        let first_heading = state.out.headings.len().saturating_sub(heading_ids.len());
        Rewriter {
            env,
            doc,
            state,
            events,
            heading_ids,
            headings_seen: 0,
            first_heading,
            output: Vec::with_capacity(events.len()),
            quotes: Vec::new(),
            absorbing: Vec::new(),
            list_depth: 0,
            link_ends: Vec::new(),
            plain_text_depth: 0,
            raw_links_open: 0,
            html_block: None,
        }
    }

    /// The rewritten events.
    pub fn run(mut self) -> Vec<Event<'e>> {
        let mut i = 0;
        while i < self.events.len() {
            i = self.event(i);
        }
        self.output
    }

    /// Rewrites the event at `i`; returns the index of the next one to read.
    fn event(&mut self, i: usize) -> usize {
        let events = self.events;
        let (event, range) = &events[i];
        match event {
            Event::Start(tag) => return self.start(i, tag, range),
            Event::End(end) => return self.end(i, *end),
            Event::Text(t) => return self.text(i, t, range),
            Event::Code(t) => self.state.out.text.push_str(t),
            Event::Html(html) | Event::InlineHtml(html) => self.html(html, range),
            // Breaks separate words in the search text.
            Event::SoftBreak | Event::HardBreak => self.state.out.text.push(' '),
            _ => {}
        }
        self.output.push(event.clone());
        i + 1
    }

    fn start(&mut self, i: usize, tag: &Tag<'e>, range: &Range<usize>) -> usize {
        match tag {
            Tag::BlockQuote(_) => return self.start_quote(i, range),
            Tag::Paragraph if self.paragraph_of_open_quote(i) => {
                return self.start_quote_paragraph(i, range)
            }
            Tag::List(_) => self.list_depth += 1,
            Tag::HtmlBlock => {
                if let Some(next) = self.raw_video(i, range) {
                    return next;
                }
                self.html_block = Some((html_scan::HtmlLines::default(), range.clone()));
            }
            Tag::Heading { .. } => {
                self.start_heading(tag, range);
                return i + 1;
            }
            Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            } => return self.start_link(i, *link_type, dest_url, title, id, range),
            Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            } => {
                self.plain_text_depth += 1;
                let (url, _) = self.resolve(dest_url, range, RefKind::Image);
                self.output.push(Event::Start(Tag::Image {
                    link_type: *link_type,
                    dest_url: url.into(),
                    title: title.clone(),
                    id: id.clone(),
                }));
                return i + 1;
            }
            // Text in code blocks is never autolinked.
            Tag::CodeBlock(_) => self.plain_text_depth += 1,
            Tag::FootnoteDefinition(label) => self.state.out.anchors.push(label.to_string()),
            _ => {}
        }
        self.output.push(Event::Start(tag.clone()));
        i + 1
    }

    fn end(&mut self, i: usize, end: TagEnd) -> usize {
        match end {
            TagEnd::BlockQuote(_) => {
                self.end_quote(i, end);
                return i + 1;
            }
            TagEnd::List(_) => {
                self.end_list(end);
                return i + 1;
            }
            TagEnd::Link => {
                match self.link_ends.pop() {
                    Some(LinkEnd::Current) => self.output.push(Event::InlineHtml("</a>".into())),
                    Some(LinkEnd::Dropped) => {}
                    _ => self.output.push(Event::End(end)),
                }
                return i + 1;
            }
            TagEnd::Image | TagEnd::CodeBlock => self.plain_text_depth -= 1,
            TagEnd::Heading(written) => {
                let end = self.state.out.text.len();
                let mut level = written;
                if let Some(h) = self.open_heading() {
                    h.search_text.end = end.max(h.search_text.start);
                    level = HeadingLevel::try_from(h.level as usize).unwrap_or(written);
                }
                self.state.out.text.push(' ');
                self.output.push(Event::End(TagEnd::Heading(level)));
                return i + 1;
            }
            TagEnd::HtmlBlock => {
                if let Some((mut lines, range)) = self.html_block.take() {
                    scan_html_block(self.env, self.doc, self.state, &mut lines, &range);
                }
            }
            _ => {}
        }
        // Block ends separate words in the search text: a tight list item or
        // a table cell has no paragraph end.
        if matches!(
            end,
            TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::TableCell
                | TagEnd::CodeBlock
        ) {
            self.state.out.text.push(' ');
        }
        self.output.push(Event::End(end));
        i + 1
    }

    /// Whether addresses and `@uid`s in text may become links: not in a
    /// link, code or an image description.
    fn may_link(&self) -> bool {
        self.link_ends.is_empty() && self.plain_text_depth == 0 && self.raw_links_open == 0
    }

    fn text(&mut self, i: usize, t: &CowStr<'e>, range: &Range<usize>) -> usize {
        let t = &blocks::no_loc(t).map_or_else(|| t.clone(), CowStr::from);
        let videos = self
            .may_link()
            .then(|| videos::in_text(self.env, self.doc, self.state, t, range));
        if let Some(parts) = videos.flatten() {
            for part in parts {
                if let Event::Text(p) = &part {
                    self.state.out.text.push_str(p);
                }
                self.output.push(part);
            }
            return i + 1;
        }
        if self.may_link() {
            let mentions = xref::mentions(self.env, self.doc, self.state, t, range);
            if let Some(parts) = mentions {
                for part in parts {
                    if let Event::Text(p) = &part {
                        self.state.out.text.push_str(p);
                    }
                    self.output.push(part);
                }
                return i + 1;
            }
        }
        self.state.out.text.push_str(t);
        let autolinks = self.may_link() && self.env.dialect.autolinks();
        match autolinks.then(|| autolink::split(t)).flatten() {
            Some(split) => self.output.extend(split),
            None => self.output.push(Event::Text(t.clone())),
        }
        i + 1
    }

    fn html(&mut self, html: &str, range: &Range<usize>) {
        let at = self.doc.body_start + range.start;
        let (opens, closes) = match &mut self.html_block {
            Some((lines, _)) if !html.starts_with("<!--hsi:") => {
                lines.push(html, at);
                html_scan::links_opened_and_closed(html)
            }
            _ => scan_raw_html(self.env, self.doc, self.state, html, at),
        };
        // Text inside a raw `<a>` is a link already.
        self.raw_links_open = (self.raw_links_open + opens).saturating_sub(closes);
    }

    /// An HTML block that is only a video's `<iframe>` becomes the video
    /// placeholder; returns the index after the block, or `None` for any
    /// other HTML.
    fn raw_video(&mut self, i: usize, range: &Range<usize>) -> Option<usize> {
        let mut html = String::new();
        let mut j = i + 1;
        while let Some((Event::Html(line), _)) = self.events.get(j) {
            html.push_str(line);
            j += 1;
        }
        if !matches!(self.events.get(j), Some((Event::End(TagEnd::HtmlBlock), _))) {
            return None;
        }
        let (url, title) = videos::raw_iframe(&html)?;
        let mut video = videos::Video::at(&url);
        video.title = title.as_deref();
        let at = self.doc.body_start + range.start;
        let frame = videos::frame(self.env, self.doc, self.state, &video, at, false);
        self.output.push(Event::Html(frame.into()));
        Some(j + 1)
    }

    fn start_heading(&mut self, tag: &Tag<'e>, range: &Range<usize>) {
        let Tag::Heading {
            level,
            classes,
            attrs,
            ..
        } = tag
        else {
            return;
        };
        let (id, aliases) = self
            .heading_ids
            .get(self.headings_seen)
            .cloned()
            .unwrap_or_default();
        self.headings_seen += 1;
        let start = self.state.out.text.len();
        if let Some(h) = self.open_heading() {
            h.search_text = start..start;
        }
        // `{onfocus=… autofocus}` would run script on load: only id and class pass.
        let at = self.doc.body_start + range.start;
        for (name, _) in attrs {
            self.state.out.diagnostics.push(self.doc.warning(
                Code::HeadingAttribute,
                format!(
                    "heading attribute `{name}` is left out: headings take only an id and classes"
                ),
                at,
            ));
        }
        // The outline may publish it a level higher than written; the class keeps its look.
        let mut classes = classes.clone();
        let published = self.open_heading().map(|h| h.level);
        let level = match published.and_then(|l| HeadingLevel::try_from(l as usize).ok()) {
            Some(p) if p != *level => {
                classes.push(format!("h{}", *level as u8).into());
                p
            }
            _ => *level,
        };
        self.output.push(Event::Start(Tag::Heading {
            level,
            id: Some(id.into()),
            classes,
            attrs: Vec::new(),
        }));
        for alias in aliases {
            let mut a = String::from("<a id=\"");
            escape_attr(&mut a, &alias);
            a.push_str("\"></a>");
            self.output.push(Event::InlineHtml(a.into()));
        }
    }

    /// The heading whose text is being written, as `state.out.headings` has it.
    fn open_heading(&mut self) -> Option<&mut Heading> {
        let at = (self.first_heading + self.headings_seen).checked_sub(1)?;
        self.state.out.headings.get_mut(at)
    }

    fn resolve(&mut self, dest: &str, range: &Range<usize>, kind: RefKind) -> (String, Target) {
        resolve_ref(self.env, self.doc, self.state, dest, range, kind, None)
    }

    fn start_link(
        &mut self,
        i: usize,
        link_type: LinkType,
        dest: &CowStr<'e>,
        title: &CowStr<'e>,
        id: &CowStr<'e>,
        range: &Range<usize>,
    ) -> usize {
        if xref::is_xref(dest) {
            return self.start_xref(i, link_type, dest, id, range);
        }
        if matches!(link_type, LinkType::Email | LinkType::Autolink)
            && links::unsafe_scheme(dest, false).is_none()
        {
            self.output.push(Event::Start(Tag::Link {
                link_type,
                dest_url: dest.clone(),
                title: title.clone(),
                id: id.clone(),
            }));
            self.link_ends.push(LinkEnd::AsWritten);
            return i + 1;
        }
        let (url, target) = self.resolve(dest, range, RefKind::Link);
        let in_selector = self
            .quotes
            .iter()
            .any(|q| matches!(q.kind, Quote::Selector));
        let current = in_selector
            && matches!(&target, Target::Page { locale, path, .. }
                if locale == self.state.page_locale && path == self.state.page_path);
        if current {
            let mut a = String::from("<a aria-current=\"page\" class=\"current\" href=\"");
            escape_attr(&mut a, &url);
            a.push_str("\">");
            self.output.push(Event::InlineHtml(a.into()));
            self.link_ends.push(LinkEnd::Current);
        } else {
            self.output.push(Event::Start(Tag::Link {
                link_type,
                dest_url: url.into(),
                title: title.clone(),
                id: id.clone(),
            }));
            self.link_ends.push(LinkEnd::AsWritten);
        }
        i + 1
    }

    /// `[text](xref:uid)` and `<xref:uid>`; an autolink is read whole
    /// (start, text, end).
    fn start_xref(
        &mut self,
        i: usize,
        link_type: LinkType,
        dest: &str,
        id: &CowStr<'e>,
        range: &Range<usize>,
    ) -> usize {
        let autolink = matches!(link_type, LinkType::Autolink);
        let resolved = xref::resolve(self.env, self.doc, self.state, dest, range);
        let Some((url, title)) = resolved else {
            if autolink {
                let uid = xref::uid_of(dest).to_string();
                self.state.out.text.push_str(&uid);
                self.output.push(Event::Text(uid.into()));
                return i + 3;
            }
            self.link_ends.push(LinkEnd::Dropped);
            return i + 1;
        };
        self.output.push(Event::Start(Tag::Link {
            link_type,
            dest_url: url.into(),
            title: title.clone().into(),
            id: id.clone(),
        }));
        if !autolink {
            self.link_ends.push(LinkEnd::AsWritten);
            return i + 1;
        }
        // `<xref:uid>` shows the page's title, not the uid.
        self.state.out.text.push_str(&title);
        self.output.push(Event::Text(title.into()));
        self.output.push(Event::End(TagEnd::Link));
        i + 3
    }

    /// A DocFX marker (`[!NOTE]`, `[!div …]`, `[!VIDEO …]`) at the start of
    /// the paragraph at `p`.
    fn marker_at(&self, p: usize) -> Option<(Marker, usize)> {
        match (self.events.get(p), self.events.get(p + 1)) {
            (Some((Event::Start(Tag::Paragraph), _)), Some((Event::Text(t), _))) => {
                docfx::parse_marker(t)
            }
            _ => None,
        }
    }

    fn start_quote(&mut self, i: usize, range: &Range<usize>) -> usize {
        match self.marker_at(i + 1) {
            Some((marker, len)) => self.open_marker(i + 1, &marker, len, range),
            None => {
                self.output.push(self.events[i].0.clone());
                self.push_quote(Quote::Plain);
                i + 1
            }
        }
    }

    fn push_quote(&mut self, kind: Quote) {
        self.quotes.push(OpenQuote {
            kind,
            output_len: self.output.len(),
            list_depth: self.list_depth,
        });
    }

    /// Opens the quote a marker names, for the paragraph at `p`; returns the
    /// index of the next event to read.
    fn open_marker(
        &mut self,
        p: usize,
        marker: &Marker,
        len: usize,
        range: &Range<usize>,
    ) -> usize {
        let (open, kind) = quotes::open_marker(self.env, self.doc, self.state, marker, range.start);
        self.output.push(Event::Html(open.into()));
        self.push_quote(kind);
        quotes::open_marker_paragraph(
            self.events,
            p,
            len,
            &mut self.state.out.text,
            &mut self.output,
        )
    }

    /// A paragraph of the innermost quote, not its first.
    fn paragraph_of_open_quote(&self, i: usize) -> bool {
        self.quotes
            .last()
            .is_some_and(|q| q.list_depth == self.list_depth)
            && !matches!(self.events[i - 1].0, Event::Start(Tag::BlockQuote(_)))
    }

    /// A later paragraph of the quote that starts with a marker starts a
    /// callout of its own, as in DocFX: `> [!NOTE] …` / `>` / `> [!WARNING] …`.
    fn start_quote_paragraph(&mut self, i: usize, range: &Range<usize>) -> usize {
        let Some((marker, len)) = self.marker_at(i) else {
            self.output.push(Event::Start(Tag::Paragraph));
            return i + 1;
        };
        self.close_quote(TagEnd::BlockQuote(None));
        self.open_marker(i, &marker, len, range)
    }

    fn close_quote(&mut self, end: TagEnd) {
        let kind = self.quotes.pop().map(|q| q.kind);
        quotes::close_quote(kind, &Event::End(end), &mut self.output);
    }

    fn end_quote(&mut self, i: usize, end: TagEnd) {
        let last = self.quotes.last();
        let empty = last.map(|q| q.output_len) == Some(self.output.len());
        let is_div = last.is_some_and(|q| matches!(q.kind, Quote::Div | Quote::Selector));
        let list_follows = matches!(
            self.events.get(i + 1),
            Some((Event::Start(Tag::List(_)), _))
        );
        if empty && is_div && list_follows {
            // DocFX content often writes the selector's list after the marker without `>`;
            // the list still belongs to the div.
            self.absorbing.push(self.list_depth);
        } else {
            self.close_quote(end);
        }
    }

    fn end_list(&mut self, end: TagEnd) {
        self.list_depth -= 1;
        self.output.push(Event::End(end));
        if self.absorbing.last() == Some(&self.list_depth) {
            self.absorbing.pop();
            self.close_quote(TagEnd::BlockQuote(None));
        }
    }
}
