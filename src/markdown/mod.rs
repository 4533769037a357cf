//! Markdown + DocFX extensions → HTML body, plus everything the rest of the
//! pipeline needs to know about the page: headings, anchors, outgoing links,
//! referenced files, includes, plain text and problems.

pub(crate) mod autolink;
mod blocks;
mod directive;
pub mod docfx;
mod headings;
pub mod html_scan;
mod include;
pub mod legacy;
mod monikers;
mod pivots;
mod quotes;
mod references;
mod site_names;
pub mod slug;
mod snippet_files;
mod snippets;
pub mod structure;
mod tabs;
pub mod xref;

use headings::{assign_heading_ids, note_explicit_id};
use include::{render_include, strip_paragraph};
use quotes::{close_quote, open_marker, open_marker_paragraph, Quote};
use references::{resolve_ref, scan_raw_html};

use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

use pulldown_cmark::{CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};
use serde::Serialize;

use crate::diagnostics::{code, Diagnostic, LineIndex};
use crate::frontmatter::FrontMatter;
use crate::links::{self, ContentIndex, RefKind, Target};
use docfx::Marker;
use slug::IdAllocator;

pub use snippet_files::{
    read_regular_file, SnippetFiles, Unreadable, MAX_FILE as MAX_SNIPPET_FILE,
};

/// What the renderer may ask of the site.
pub struct Env<'a> {
    pub index: &'a ContentIndex,
    /// A localized UI string: `(locale, message id)`.
    pub label: &'a (dyn Fn(&str, &str) -> String + Sync),
    /// The text of a file under `content/<locale>/`: `(locale, path)`.
    pub read: &'a (dyn Fn(&str, &str) -> Option<Arc<str>> + Sync),
    /// Whose list rules to follow (`markdown` in site.toml).
    pub dialect: legacy::Dialect,
    /// What DocFX extensions need to know of the whole site.
    pub site: &'a SiteExtras,
}

/// Site-wide facts that DocFX extensions use: the `monikers` list of
/// site.toml and the pages' `uid`s.
#[derive(Debug, Default)]
pub struct SiteExtras {
    pub monikers: Vec<String>,
    pub xrefs: xref::XrefMap,
    /// Snippet files, each read once per render pass.
    pub snippets: SnippetFiles,
    /// Built from the two on first need, once for every page.
    pub(crate) lookups: site_names::SiteLookups,
}

/// The page being rendered.
pub struct PageSource<'a> {
    pub locale: &'a str,
    /// Relative to `content/<locale>/`, e.g. `EndUser/a.md`.
    pub path: &'a str,
    /// Relative to the site root, for diagnostics: `content/en/EndUser/a.md`.
    pub file: &'a str,
    pub text: &'a str,
    pub body_start: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub text: String,
}

/// A link to a page of the site, kept for the anchor check and for
/// dependency tracking.
#[derive(Debug, Clone)]
pub struct PageLink {
    pub locale: String,
    pub path: String,
    pub fragment: Option<String>,
    /// Where it was written, for the `broken-anchor` diagnostic: only
    /// when there is a fragment.
    pub at: Option<Box<Diagnostic>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AssetRef {
    /// Locale the file is published under.
    pub locale: String,
    pub path: String,
    /// Locale it is copied from (the default locale on media fallback).
    pub from_locale: String,
}

#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub html: String,
    pub headings: Vec<Heading>,
    /// Every fragment target on the page: heading ids, `id`s and `<a name>`s.
    pub anchors: Vec<String>,
    pub page_links: Vec<PageLink>,
    /// In-page `#fragment` links, checked once the page's anchors are known.
    pub self_links: Vec<(String, Diagnostic)>,
    pub assets: Vec<AssetRef>,
    /// Include files used, as `(locale, path)`.
    pub includes: Vec<(String, String)>,
    pub diagnostics: Vec<Diagnostic>,
    pub first_h1: Option<String>,
    /// Visible text, for search.
    pub text: String,
    pub honumber: Option<String>,
    /// What a translation must keep of this page: see `structure`.
    pub structure: structure::Outline,
}

/// Finds the DocFX localization handoff marker `<!--HONumber=…-->`.
pub fn find_honumber(text: &str) -> Option<String> {
    let start = text.find("<!--HONumber=")? + "<!--HONumber=".len();
    let end = text[start..].find("-->")? + start;
    Some(text[start..end].trim().to_string())
}

pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_HEADING_ATTRIBUTES
}

pub fn render_page(env: &Env, page: &PageSource) -> Rendered {
    let mut state = State {
        page_locale: page.locale,
        page_path: page.path,
        page_front: &page.text[..page.body_start],
        page_dir: links::parent_dir(page.path).to_string(),
        ids: IdAllocator::default(),
        explicit_ids: HashMap::new(),
        stack: vec![page.path.to_string()],
        includes: Default::default(),
        snippet_budget: Default::default(),
        out: Rendered {
            honumber: find_honumber(&page.text[page.body_start..]),
            ..Default::default()
        },
        outline_pending: true,
    };
    let doc = Doc {
        file: page.file,
        text: page.text,
        body_start: page.body_start,
        source_dir: links::parent_dir(page.path),
        lines: Default::default(),
    };
    let html = render_doc(env, &doc, &mut state);
    let mut out = state.out;
    out.html = html;
    out
}

struct Doc<'a> {
    file: &'a str,
    text: &'a str,
    body_start: usize,
    /// Folder of this file, relative to `content/<locale>/`: links in an
    /// include resolve from the include's own folder.
    source_dir: &'a str,
    /// Built on the first diagnostic, then shared by all of them.
    lines: std::cell::OnceCell<LineIndex>,
}

impl Doc<'_> {
    fn lines(&self) -> &LineIndex {
        self.lines.get_or_init(|| LineIndex::new(self.text))
    }
}

struct State<'a> {
    page_locale: &'a str,
    page_path: &'a str,
    /// The page's front matter, fences included, for what extensions read from it.
    page_front: &'a str,
    page_dir: String,
    ids: IdAllocator,
    /// Ids and names written by the author, with where they were first seen.
    explicit_ids: HashMap<String, (String, usize)>,
    /// The chain of files being rendered, for include cycles.
    stack: Vec<String>,
    /// Each include rendered once per page, by `(locale, path)`, and reused.
    includes: include::Cache,
    /// Snippet bytes shown on the page so far, against `snippets::MAX_SHOWN`.
    snippet_budget: snippets::Budget,
    out: Rendered,
    /// Until the page's own text is parsed: its outline comes from that parse.
    outline_pending: bool,
}

enum LinkEnd {
    AsWritten,
    Current,
    Dropped,
}

fn render_doc(env: &Env, doc: &Doc, state: &mut State) -> String {
    // The first call is the page's own text; includes come after.
    let page_outline = std::mem::take(&mut state.outline_pending);
    let body = &doc.text[doc.body_start..];
    let mut parsed_body = include::unify_line_breaks(body);
    let includes = include::find_live_includes(&parsed_body);
    let mut spliced: Vec<String> = Vec::new();
    for inc in &includes {
        let Some(ph) = docfx::placeholder(spliced.len(), inc.end - inc.start) else {
            continue;
        };
        let (headings_before, h1_before) = (state.out.headings.len(), state.out.first_h1.is_some());
        let html = render_include(env, doc, inc, state);
        let html = if inc.block {
            html
        } else {
            // Inside running text an included heading is text, not a heading of the page.
            state.out.headings.truncate(headings_before);
            if !h1_before {
                state.out.first_h1 = None;
            }
            strip_paragraph(&html)
        };
        parsed_body.to_mut().replace_range(inc.start..inc.end, &ph);
        spliced.push(html);
    }

    let directives = blocks::find_live(&parsed_body);
    let (block_html, unclosed) = blocks::render(env, doc, state, &directives);
    for d in &directives {
        if let Some(ph) = blocks::placeholder(d.end - d.start) {
            parsed_body.to_mut().replace_range(d.start..d.end, &ph);
        }
    }

    let (legacy_text, notes) = legacy::rewrite(&parsed_body, env.dialect);
    for note in notes {
        state.out.diagnostics.push(
            Diagnostic::warning(code::LIST_INDENT, doc.file, note.message)
                .at_indexed(doc.lines(), doc.text, doc.body_start + note.offset)
                .with_suggestion(note.suggestion),
        );
    }
    let source: &str = legacy_text.as_ref().map_or(&parsed_body, |r| &r.text);
    let mut events: Vec<(Event, Range<usize>)> =
        merge_text(Parser::new_ext(source, options()).into_offset_iter());
    if page_outline {
        // The outline is of the text as written: a body that includes,
        // directives or the legacy rewrite changed is parsed again for it.
        state.out.structure = match (&parsed_body, &legacy_text) {
            (std::borrow::Cow::Borrowed(_), None) => {
                structure::outline_of_events(body, doc.body_start, events.iter())
            }
            _ => structure::outline(doc.text, doc.body_start),
        };
    }
    // Ranges in the input's offsets, for diagnostics.
    if let Some(r) = &legacy_text {
        for (_, range) in events.iter_mut() {
            *range = r.to_source(range.start)..r.to_source(range.end).max(r.to_source(range.start));
        }
    }
    let events = tabs::rewrite(events);
    let heading_ids = assign_heading_ids(&events, doc, state);

    let mut output: Vec<Event> = Vec::with_capacity(events.len());
    let mut quotes: Vec<Quote> = Vec::new();
    // Output length right after each quote opened: an unchanged length means an empty quote.
    // With the list depth it opened at: a paragraph at that depth is the quote's own.
    let mut quote_starts: Vec<(usize, usize)> = Vec::new();
    let mut list_depth = 0usize;
    // Div quotes kept open over the list that follows them, by the list depth that closes them.
    let mut absorbing: Vec<usize> = Vec::new();
    let mut heading_no = 0;
    // How each open link ends: as written, as the selector's current page, or not at all.
    let mut link_ends: Vec<LinkEnd> = Vec::new();
    // Inside a code block or an image description.
    let mut plain_text_depth = 0usize;
    let mut raw_links_open = 0usize;
    let mut i = 0;
    while i < events.len() {
        let (event, range) = &events[i];
        let at = doc.body_start + range.start;
        match event {
            Event::Start(Tag::BlockQuote(_)) => {
                let marker = match (events.get(i + 1), events.get(i + 2)) {
                    (Some((Event::Start(Tag::Paragraph), _)), Some((Event::Text(t), _))) => {
                        docfx::parse_marker(t)
                    }
                    _ => None,
                };
                match marker {
                    Some((marker, len)) => {
                        let (open, kind) = open_marker(env, doc, state, &marker, range.start);
                        output.push(Event::Html(open.into()));
                        quotes.push(kind);
                        quote_starts.push((output.len(), list_depth));
                        i = open_marker_paragraph(&events, i + 1, len, state, &mut output);
                        continue;
                    }
                    None => {
                        quotes.push(Quote::Plain);
                        output.push(event.clone());
                        quote_starts.push((output.len(), list_depth));
                    }
                }
            }
            // A later paragraph of the quote that starts with a marker starts a
            // callout of its own, as in DocFX: `> [!NOTE] …` / `>` / `> [!WARNING] …`.
            Event::Start(Tag::Paragraph)
                if quote_starts.last().is_some_and(|q| q.1 == list_depth)
                    && !matches!(events[i - 1].0, Event::Start(Tag::BlockQuote(_))) =>
            {
                let marker = match events.get(i + 1) {
                    Some((Event::Text(t), _)) => docfx::parse_marker(t),
                    _ => None,
                };
                let Some((marker, len)) = marker else {
                    output.push(event.clone());
                    i += 1;
                    continue;
                };
                quote_starts.pop();
                close_quote(
                    quotes.pop(),
                    &Event::End(TagEnd::BlockQuote(None)),
                    &mut output,
                );
                let (open, kind) = open_marker(env, doc, state, &marker, range.start);
                output.push(Event::Html(open.into()));
                quotes.push(kind);
                quote_starts.push((output.len(), list_depth));
                i = open_marker_paragraph(&events, i, len, state, &mut output);
                continue;
            }
            Event::End(TagEnd::BlockQuote(_)) => {
                let empty = quote_starts.last().map(|q| q.0) == Some(output.len());
                let is_div = matches!(quotes.last(), Some(Quote::Div | Quote::Selector));
                if empty
                    && is_div
                    && matches!(events.get(i + 1), Some((Event::Start(Tag::List(_)), _)))
                {
                    // DocFX content often writes the selector's list after the marker without `>`;
                    // the list still belongs to the div.
                    absorbing.push(list_depth);
                } else {
                    quote_starts.pop();
                    close_quote(quotes.pop(), event, &mut output);
                }
            }
            Event::Start(Tag::List(_)) => {
                list_depth += 1;
                output.push(event.clone());
            }
            Event::End(TagEnd::List(_)) => {
                list_depth -= 1;
                output.push(event.clone());
                if absorbing.last() == Some(&list_depth) {
                    absorbing.pop();
                    quote_starts.pop();
                    close_quote(
                        quotes.pop(),
                        &Event::End(TagEnd::BlockQuote(None)),
                        &mut output,
                    );
                }
            }
            Event::Start(Tag::Heading {
                level,
                classes,
                attrs,
                ..
            }) => {
                let (id, aliases) = heading_ids.get(heading_no).cloned().unwrap_or_default();
                heading_no += 1;
                // `{onfocus=… autofocus}` would run script on load: only id and class pass.
                for (name, _) in attrs {
                    state.out.diagnostics.push(
                        Diagnostic::warning(
                            code::HEADING_ATTRIBUTE,
                            doc.file,
                            format!("heading attribute `{name}` is left out: headings take only an id and classes"),
                        )
                        .at_indexed(doc.lines(), doc.text, at),
                    );
                }
                output.push(Event::Start(Tag::Heading {
                    level: *level,
                    id: Some(id.into()),
                    classes: classes.clone(),
                    attrs: Vec::new(),
                }));
                for alias in aliases {
                    let mut a = String::from("<a id=\"");
                    escape_attr(&mut a, &alias);
                    a.push_str("\"></a>");
                    output.push(Event::InlineHtml(a.into()));
                }
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let in_selector = quotes.iter().any(|q| matches!(q, Quote::Selector));
                if xref::is_xref(dest_url) {
                    let autolink = matches!(link_type, LinkType::Autolink);
                    match xref::resolve(env, doc, state, dest_url, range) {
                        Some((url, title)) => {
                            output.push(Event::Start(Tag::Link {
                                link_type: *link_type,
                                dest_url: url.into(),
                                title: title.clone().into(),
                                id: id.clone(),
                            }));
                            link_ends.push(LinkEnd::AsWritten);
                            if autolink {
                                // `<xref:uid>` shows the page's title, not the uid.
                                state.out.text.push_str(&title);
                                output.push(Event::Text(title.into()));
                                output.push(Event::End(TagEnd::Link));
                                link_ends.pop();
                                i += 3;
                                continue;
                            }
                        }
                        None => {
                            if autolink {
                                let uid = xref::uid_of(dest_url).to_string();
                                state.out.text.push_str(&uid);
                                output.push(Event::Text(uid.into()));
                                i += 3;
                                continue;
                            }
                            link_ends.push(LinkEnd::Dropped);
                        }
                    }
                } else if matches!(link_type, LinkType::Email | LinkType::Autolink)
                    && links::unsafe_scheme(dest_url, false).is_none()
                {
                    output.push(event.clone());
                    link_ends.push(LinkEnd::AsWritten);
                } else {
                    let (url, target) =
                        resolve_ref(env, doc, state, dest_url, range, RefKind::Link, None);
                    let current = in_selector
                        && matches!(&target, Target::Page { locale, path, .. } if locale == state.page_locale && path == state.page_path);
                    if current {
                        let mut a =
                            String::from("<a aria-current=\"page\" class=\"current\" href=\"");
                        escape_attr(&mut a, &url);
                        a.push_str("\">");
                        output.push(Event::InlineHtml(a.into()));
                    } else {
                        output.push(Event::Start(Tag::Link {
                            link_type: *link_type,
                            dest_url: url.into(),
                            title: title.clone(),
                            id: id.clone(),
                        }));
                    }
                    link_ends.push(if current {
                        LinkEnd::Current
                    } else {
                        LinkEnd::AsWritten
                    });
                }
            }
            Event::End(TagEnd::Link) => match link_ends.pop() {
                Some(LinkEnd::Current) => output.push(Event::InlineHtml("</a>".into())),
                Some(LinkEnd::Dropped) => {}
                _ => output.push(event.clone()),
            },
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                plain_text_depth += 1;
                let (url, _) = resolve_ref(env, doc, state, dest_url, range, RefKind::Image, None);
                output.push(Event::Start(Tag::Image {
                    link_type: *link_type,
                    dest_url: url.into(),
                    title: title.clone(),
                    id: id.clone(),
                }));
            }
            Event::Html(html) | Event::InlineHtml(html) => {
                scan_raw_html(env, doc, state, html, at);
                // Text inside a raw `<a>` is a link already.
                let lower = html.to_ascii_lowercase();
                let opens = lower.matches("<a ").count() + lower.matches("<a>").count();
                raw_links_open =
                    (raw_links_open + opens).saturating_sub(lower.matches("</a>").count());
                output.push(event.clone());
            }
            Event::Text(t) => {
                let t = &blocks::no_loc(t).map_or_else(|| t.clone(), CowStr::from);
                if link_ends.is_empty() && plain_text_depth == 0 && raw_links_open == 0 {
                    if let Some(parts) = xref::mentions(env, doc, state, t, range) {
                        for part in parts {
                            if let Event::Text(p) = &part {
                                state.out.text.push_str(p);
                            }
                            output.push(part);
                        }
                        i += 1;
                        continue;
                    }
                }
                state.out.text.push_str(t);
                let literal_links =
                    if link_ends.is_empty() && plain_text_depth == 0 && raw_links_open == 0 {
                        autolink::split(t)
                    } else {
                        None
                    };
                match literal_links {
                    Some(split) => output.extend(split),
                    None => output.push(Event::Text(t.clone())),
                }
            }
            // Text in code blocks and image descriptions is never autolinked.
            Event::Start(Tag::CodeBlock(_)) => {
                plain_text_depth += 1;
                output.push(event.clone());
            }
            Event::End(TagEnd::Image) => {
                plain_text_depth -= 1;
                output.push(event.clone());
            }

            Event::Code(t) => {
                state.out.text.push_str(t);
                output.push(event.clone());
            }
            // Block ends separate words in the search text: a tight list item or a table cell has no paragraph end.
            Event::SoftBreak
            | Event::HardBreak
            | Event::End(TagEnd::Paragraph)
            | Event::End(TagEnd::Heading(_))
            | Event::End(TagEnd::Item)
            | Event::End(TagEnd::TableCell)
            | Event::End(TagEnd::CodeBlock) => {
                if matches!(event, Event::End(TagEnd::CodeBlock)) {
                    plain_text_depth -= 1;
                }
                state.out.text.push(' ');
                output.push(event.clone());
            }
            Event::FootnoteReference(_) | Event::Start(Tag::FootnoteDefinition(_)) => {
                if let Event::Start(Tag::FootnoteDefinition(label)) = event {
                    state.out.anchors.push(label.to_string());
                }
                output.push(event.clone());
            }
            _ => output.push(event.clone()),
        }
        i += 1;
    }

    let mut html = String::with_capacity(parsed_body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, output.into_iter());
    if !block_html.is_empty() {
        html = blocks::splice(&html, &block_html);
        html.push_str(&unclosed);
    }
    if !spliced.is_empty() {
        html = include::splice(&html, &spliced);
    }
    html
}

/// The parser splits text at `[`, `]` and entities; markers are easier to
/// read from whole runs.
fn merge_text<'a>(
    iter: impl Iterator<Item = (Event<'a>, Range<usize>)>,
) -> Vec<(Event<'a>, Range<usize>)> {
    let mut out: Vec<(Event<'a>, Range<usize>)> = Vec::new();
    for (event, range) in iter {
        if let Event::Text(t) = &event {
            if let Some((Event::Text(prev), prev_range)) = out.last_mut() {
                let mut s = prev.to_string();
                s.push_str(t);
                *prev = CowStr::from(s);
                prev_range.end = range.end;
                continue;
            }
        }
        out.push((event, range));
    }
    out
}

/// Fluent messages the renderer reads (alert labels, the selector label):
/// `check` counts them as used although no template names them.
pub const CODE_MESSAGE_IDS: &[&str] = &[
    "alert-note",
    "alert-tip",
    "alert-important",
    "alert-warning",
    "alert-caution",
    "selector-label",
    "video-title",
    "pivot-label",
    "moniker-label",
];

pub fn escape_text(out: &mut String, s: &str) {
    escape_with(out, s, |b| match b {
        b'&' => Some("&amp;"),
        b'<' => Some("&lt;"),
        b'>' => Some("&gt;"),
        _ => None,
    });
}

pub fn escape_attr(out: &mut String, s: &str) {
    escape_with(out, s, |b| match b {
        b'&' => Some("&amp;"),
        b'<' => Some("&lt;"),
        b'>' => Some("&gt;"),
        b'"' => Some("&quot;"),
        b'\'' => Some("&#39;"),
        _ => None,
    });
}

/// Copies `s` with each byte `entity` names replaced. The runs between
/// them go in whole: most text has none. The replaced bytes are ASCII, so
/// each cut is a character boundary.
fn escape_with(out: &mut String, s: &str, entity: impl Fn(u8) -> Option<&'static str>) {
    let mut from = 0;
    for (i, b) in s.bytes().enumerate() {
        if let Some(entity) = entity(b) {
            out.push_str(&s[from..i]);
            out.push_str(entity);
            from = i + 1;
        }
    }
    out.push_str(&s[from..]);
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_docfx;
