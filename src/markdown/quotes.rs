//! Blockquotes that DocFX reads as something else: alerts (`> [!NOTE]`),
//! `[!div]` blocks, the platform selector and `> [!VIDEO]`.

use std::ops::Range;

use pulldown_cmark::{Event, Tag, TagEnd};

use super::context::{Doc, State};
use super::docfx::Marker;
use super::escape::{escape_attr, escape_text};
use super::model::Env;
use super::videos;

pub(super) enum Quote {
    /// `> [!VIDEO url]`: the video replaces the quote.
    Bare,
    Plain,
    Alert,
    Div,
    Selector,
}

/// Drops a marker's text (and its paragraph, if it held nothing else) from
/// the paragraph that starts at `p`; returns the index of the next event to read.
pub(super) fn open_marker_paragraph<'a>(
    events: &[(Event<'a>, Range<usize>)],
    p: usize,
    len: usize,
    search_text: &mut String,
    output: &mut Vec<Event<'a>>,
) -> usize {
    let Event::Text(t) = &events[p + 1].0 else {
        unreachable!("a marker is read from text")
    };
    let rest = t[len..].trim_start().to_string();
    let next_is_break = matches!(
        events.get(p + 2),
        Some((Event::SoftBreak | Event::HardBreak, _))
    );
    let next_is_end = matches!(events.get(p + 2), Some((Event::End(TagEnd::Paragraph), _)));
    if rest.is_empty() && next_is_end {
        return p + 3;
    }
    output.push(Event::Start(Tag::Paragraph));
    if !rest.is_empty() {
        search_text.push_str(&rest);
        output.push(Event::Text(rest.into()));
        p + 2
    } else if next_is_break {
        p + 3
    } else {
        p + 2
    }
}

pub(super) fn close_quote<'a>(quote: Option<Quote>, end: &Event<'a>, output: &mut Vec<Event<'a>>) {
    match quote {
        Some(Quote::Alert) | Some(Quote::Div) => output.push(Event::Html("</div>\n".into())),
        Some(Quote::Selector) => output.push(Event::Html("</nav>\n".into())),
        Some(Quote::Bare) => {}
        _ => output.push(end.clone()),
    }
}

pub(super) fn open_marker(
    env: &Env,
    doc: &Doc,
    state: &mut State,
    marker: &Marker,
    at: usize,
) -> (String, Quote) {
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
        Marker::Video(url) => {
            let at = doc.body_start + at;
            (videos::quoted(env, doc, state, url, at), Quote::Bare)
        }
        Marker::Div { class, .. } if class == "op_single_selector" => {
            let label = (env.label)(state.page_locale, "selector-label");
            let mut s = String::from("<nav class=\"op_single_selector\" aria-label=\"");
            escape_attr(&mut s, &label);
            s.push_str("\">\n");
            (s, Quote::Selector)
        }
        Marker::Div { class, attrs } => {
            let mut s = String::from("<div");
            let class_attr = (!class.is_empty()).then_some(("class", class.as_str()));
            for (name, value) in class_attr
                .into_iter()
                .chain(attrs.iter().map(|(n, v)| (n.as_str(), v.as_str())))
            {
                if name == "id" {
                    state.out.anchors.push(value.to_string());
                }
                s.push(' ');
                s.push_str(name);
                s.push_str("=\"");
                escape_attr(&mut s, value);
                s.push('"');
            }
            s.push_str(">\n");
            (s, Quote::Div)
        }
    }
}
