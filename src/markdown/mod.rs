//! Markdown + DocFX extensions → HTML body, plus everything the rest of the
//! pipeline needs to know about the page: headings, anchors, outgoing links,
//! referenced files, includes, plain text and problems.

pub mod docfx;
pub mod html_scan;
mod include;
pub mod legacy;
mod references;
pub mod slug;

use include::{render_include, strip_paragraph};
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

/// What the renderer may ask of the site.
pub struct Env<'a> {
    pub index: &'a ContentIndex,
    /// A localized UI string: `(locale, message id)`.
    pub label: &'a (dyn Fn(&str, &str) -> String + Sync),
    /// The text of a file under `content/<locale>/`: `(locale, path)`.
    pub read: &'a (dyn Fn(&str, &str) -> Option<Arc<str>> + Sync),
    /// Whose list rules to follow (`markdown` in site.toml).
    pub dialect: legacy::Dialect,
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
        page_dir: links::parent_dir(page.path).to_string(),
        ids: IdAllocator::default(),
        explicit_ids: HashMap::new(),
        stack: vec![page.path.to_string()],
        includes: Default::default(),
        out: Rendered {
            honumber: find_honumber(&page.text[page.body_start..]),
            ..Default::default()
        },
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
    page_dir: String,
    ids: IdAllocator,
    /// Ids and names written by the author, with where they were first seen.
    explicit_ids: HashMap<String, (String, usize)>,
    /// The chain of files being rendered, for include cycles.
    stack: Vec<String>,
    /// Each include rendered once per page, by `(locale, path)`, and reused.
    includes: include::Cache,
    out: Rendered,
}

enum Quote {
    Plain,
    Alert,
    Div,
    Selector,
}

fn render_doc(env: &Env, doc: &Doc, state: &mut State) -> String {
    let body = &doc.text[doc.body_start..];
    let mut parsed_body = include::unify_line_breaks(body);
    let includes = include::find_live_includes(&parsed_body);
    let mut spliced: Vec<String> = Vec::new();
    for inc in &includes {
        let Some(ph) = docfx::placeholder(spliced.len(), inc.end - inc.start) else {
            continue;
        };
        let html = render_include(env, doc, inc, state);
        let html = if inc.block {
            html
        } else {
            strip_paragraph(&html)
        };
        parsed_body.to_mut().replace_range(inc.start..inc.end, &ph);
        spliced.push(html);
    }

    let (legacy_text, notes) = legacy::rewrite(&parsed_body, env.dialect);
    for note in notes {
        state.out.diagnostics.push(
            Diagnostic::warning(code::LIST_INDENT, doc.file, note.message)
                .at(doc.text, doc.body_start + note.offset)
                .with_suggestion(note.suggestion),
        );
    }
    let source: &str = legacy_text.as_ref().map_or(&parsed_body, |r| &r.text);
    let mut events: Vec<(Event, Range<usize>)> =
        merge_text(Parser::new_ext(source, options()).into_offset_iter());
    // Ranges in the input's offsets, for diagnostics.
    if let Some(r) = &legacy_text {
        for (_, range) in events.iter_mut() {
            *range = r.to_source(range.start)..r.to_source(range.end).max(r.to_source(range.start));
        }
    }
    let heading_ids = assign_heading_ids(&events, doc, state);

    let mut output: Vec<Event> = Vec::with_capacity(events.len());
    let mut quotes: Vec<Quote> = Vec::new();
    // Output length right after each quote opened: an unchanged length means an empty quote.
    let mut quote_starts: Vec<usize> = Vec::new();
    let mut list_depth = 0usize;
    // Div quotes kept open over the list that follows them, by the list depth that closes them.
    let mut absorbing: Vec<usize> = Vec::new();
    let mut heading_no = 0;
    let mut in_selector_link_current = Vec::new();
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
                        let (open, kind) = open_marker(env, state, &marker);
                        output.push(Event::Html(open.into()));
                        quotes.push(kind);
                        quote_starts.push(output.len());
                        // Drop the marker text, and the paragraph if it held nothing else.
                        let Event::Text(t) = &events[i + 2].0 else {
                            unreachable!()
                        };
                        let rest = t[len..].trim_start().to_string();
                        let next_is_break = matches!(
                            events.get(i + 3),
                            Some((Event::SoftBreak | Event::HardBreak, _))
                        );
                        let next_is_end =
                            matches!(events.get(i + 3), Some((Event::End(TagEnd::Paragraph), _)));
                        if rest.is_empty() && next_is_end {
                            i += 4;
                            continue;
                        }
                        output.push(Event::Start(Tag::Paragraph));
                        if !rest.is_empty() {
                            state.out.text.push_str(&rest);
                            output.push(Event::Text(rest.into()));
                            i += 3;
                        } else {
                            i += if next_is_break { 4 } else { 3 };
                        }
                        continue;
                    }
                    None => {
                        quotes.push(Quote::Plain);
                        output.push(event.clone());
                        quote_starts.push(output.len());
                    }
                }
            }
            Event::End(TagEnd::BlockQuote(_)) => {
                let empty = quote_starts.last() == Some(&output.len());
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
                let (id, alias) = heading_ids.get(heading_no).cloned().unwrap_or_default();
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
                if let Some(alias) = alias {
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
                if matches!(link_type, LinkType::Email | LinkType::Autolink)
                    && links::unsafe_scheme(dest_url, false).is_none()
                {
                    output.push(event.clone());
                    in_selector_link_current.push(false);
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
                    in_selector_link_current.push(current);
                }
            }
            Event::End(TagEnd::Link) => {
                if in_selector_link_current.pop().unwrap_or(false) {
                    output.push(Event::InlineHtml("</a>".into()));
                } else {
                    output.push(event.clone());
                }
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
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
                output.push(event.clone());
            }
            Event::Text(t) => {
                state.out.text.push_str(t);
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
    if !spliced.is_empty() {
        html = include::splice(&html, &spliced);
    }
    html
}

fn close_quote<'a>(quote: Option<Quote>, end: &Event<'a>, output: &mut Vec<Event<'a>>) {
    match quote {
        Some(Quote::Alert) | Some(Quote::Div) => output.push(Event::Html("</div>\n".into())),
        Some(Quote::Selector) => output.push(Event::Html("</nav>\n".into())),
        _ => output.push(end.clone()),
    }
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

/// Each heading's id, plus an extra anchor when legacy DocFX would have
/// named it differently.
fn assign_heading_ids(
    events: &[(Event, Range<usize>)],
    doc: &Doc,
    state: &mut State,
) -> Vec<(String, Option<String>)> {
    let mut ids = Vec::new();
    let mut current: Option<(HeadingLevel, Option<String>, String, Vec<String>, usize)> = None;
    for (event, range) in events {
        match event {
            Event::Start(Tag::Heading { level, id, .. }) => {
                current = Some((
                    *level,
                    id.as_ref().map(|s| s.to_string()),
                    String::new(),
                    Vec::new(),
                    range.start,
                ));
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, _, text, _, _)) = current.as_mut() {
                    text.push_str(t);
                }
            }
            Event::InlineHtml(h) => {
                if let Some((_, _, _, names, _)) = current.as_mut() {
                    for tag in html_scan::start_tags(h) {
                        if let Some(a) = tag.attr("name").or_else(|| tag.attr("id")) {
                            names.push(a.value.clone());
                        }
                    }
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, explicit, text, names, start)) = current.take() {
                    let text = text.trim().to_string();
                    let auto = explicit.is_none();
                    let id = match explicit {
                        Some(id) => {
                            note_explicit_id(doc, state, &id, doc.body_start + start);
                            state.ids.reserve(&id);
                            id
                        }
                        None => {
                            let base = slug::slugify(&text);
                            // An author's `<a name>` in the same heading names the same spot.
                            if names.contains(&base) {
                                base
                            } else {
                                state.ids.unique(&base)
                            }
                        }
                    };
                    let level = level as u8;
                    if level == 1 && state.out.first_h1.is_none() {
                        state.out.first_h1 = Some(text.clone());
                    }
                    state.out.anchors.push(id.clone());
                    // Author-given ids never had a legacy form.
                    let legacy = if auto {
                        slug::legacy_docfx_slug(&text)
                    } else {
                        String::new()
                    };
                    let alias = (!legacy.is_empty()
                        && legacy != id
                        && !names.contains(&legacy)
                        && state.ids.reserve(&legacy))
                    .then(|| {
                        state.out.anchors.push(legacy.clone());
                        legacy
                    });
                    state.out.headings.push(Heading {
                        level,
                        id: id.clone(),
                        text,
                    });
                    ids.push((id, alias));
                }
            }
            _ => {}
        }
    }
    ids
}

fn note_explicit_id(doc: &Doc, state: &mut State, id: &str, at: usize) {
    let Some((first_file, first_at)) = state.explicit_ids.get(id).cloned() else {
        state
            .explicit_ids
            .insert(id.to_string(), (doc.file.to_string(), at));
        state.ids.reserve(id);
        return;
    };
    let first = if first_file == doc.file {
        format!("line {}", doc.lines().locate(doc.text, first_at).line)
    } else {
        first_file
    };
    state.out.diagnostics.push(
        Diagnostic::warning(code::DUPLICATE_ID, doc.file, format!("id `{id}` is used twice on this page (first at {first}); links to it reach only the first"))
            .at_indexed(doc.lines(), doc.text, at),
    );
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
];

fn open_marker(env: &Env, state: &State, marker: &Marker) -> (String, Quote) {
    match marker {
        Marker::Alert(kind) => {
            let label = (env.label)(state.page_locale, kind.message_id());
            let mut s = format!(
                "<div class=\"alert {}\" role=\"note\">\n<p class=\"alert-title\">",
                kind.class()
            );
            escape_text(&mut s, &label);
            s.push_str("</p>\n");
            (s, Quote::Alert)
        }
        Marker::Div { class } if class == "op_single_selector" => {
            let label = (env.label)(state.page_locale, "selector-label");
            let mut s = String::from("<nav class=\"op_single_selector\" aria-label=\"");
            escape_attr(&mut s, &label);
            s.push_str("\">\n");
            (s, Quote::Selector)
        }
        Marker::Div { class } => {
            let mut s = String::from("<div class=\"");
            escape_attr(&mut s, class);
            s.push_str("\">\n");
            (s, Quote::Div)
        }
    }
}

pub fn escape_text(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
}

pub fn escape_attr(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests;
