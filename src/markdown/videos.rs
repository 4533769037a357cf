//! Videos: `:::video source="…":::`, `> [!VIDEO https://…]` and the bare
//! `[!VIDEO https://…]` line, as DocFX reads them.
//!
//! DocFX reads `:::video` inline: a video line inside a paragraph keeps
//! the paragraph, text before and after it included, so the video goes in
//! the paragraph (as a `span`, which a `p` may hold). A video on lines of
//! its own is a `div`, as before. What DocFX refuses (an attribute it does
//! not know, no `source`, a `max-width` that is not a number, a `[!VIDEO]`
//! whose address is not http or https) it shows as text, and so does
//! helpsite, with a `block-syntax` diagnostic that says why.

use std::ops::Range;

use pulldown_cmark::Event;

use super::context::{Doc, State};
use super::directive::{attr, video_marker, DirectiveLine};
use super::docfx::parse_attributes;
use super::escape::{escape_attr, escape_text};
use super::html_scan;
use super::model::Env;
use super::references::{refused_link, resolve_ref};
use crate::diagnostics::Code;
use crate::links::{self, RefKind};

/// The attributes DocFX's `:::video` takes; any other makes it text.
const ATTRIBUTES: [&str; 7] = [
    "source",
    "title",
    "max-width",
    "thumbnail",
    "upload-date",
    "duration",
    "type",
];

/// Why DocFX shows a `:::video` with these attributes as text; `None` when it is a video.
fn refused(attrs: &[(String, String)]) -> Option<String> {
    if let Some((name, _)) = attrs
        .iter()
        .find(|(n, _)| !ATTRIBUTES.contains(&n.as_str()))
    {
        return Some(format!("`:::video` takes no `{name}` attribute"));
    }
    let value = |name: &str| {
        attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    };
    if value("source").is_none_or(str::is_empty) {
        return Some("`:::video` needs a `source=\"…\"` attribute".into());
    }
    match value("max-width") {
        Some(w) if !w.is_empty() && w.parse::<i32>().is_err() => {
            Some(format!("`max-width` of `:::video` is `{w}`, not a number"))
        }
        _ => None,
    }
}

/// DocFX plays a `[!VIDEO …]` address only when it is http or https.
fn playable(url: &str) -> bool {
    url.starts_with("http://") || url.starts_with("https://")
}

/// A `:::video` or bare `[!VIDEO]` line on lines of its own: the video, or
/// the line as text when DocFX would not read it as one.
pub(super) fn directive(
    env: &Env,
    doc: &Doc,
    state: &mut State,
    d: &DirectiveLine,
    at: usize,
) -> String {
    let written = &doc.text[at..doc.body_start + d.end];
    let url = attr(d, "source").unwrap_or_default();
    if !written.starts_with(":::") && !playable(url) {
        return unplayable(doc, state, url, written, at);
    }
    if let Some(why) = refused(&d.attrs) {
        refuse(doc, state, why, at);
        let mut s = String::from("<p>");
        escape_text(&mut s, written);
        s.push_str("</p>\n");
        return s;
    }
    let video = Video {
        url,
        title: attr(d, "title"),
        thumbnail: attr(d, "thumbnail"),
    };
    frame(env, doc, state, &video, at, false)
}

/// `> [!VIDEO url]`: the video, or, when DocFX would not play the address,
/// the quote as written.
pub(super) fn quoted(env: &Env, doc: &Doc, state: &mut State, url: &str, at: usize) -> String {
    if playable(url) {
        return frame(env, doc, state, &Video::at(url), at, false);
    }
    let written = format!("[!VIDEO {url}]");
    let text = unplayable(doc, state, url, &written, at);
    match text.is_empty() {
        true => text,
        false => format!("<blockquote>\n{text}</blockquote>\n"),
    }
}

/// A `[!VIDEO]` whose address is not http or https: DocFX shows it as
/// text. An address that could run script is not published at all.
fn unplayable(doc: &Doc, state: &mut State, url: &str, written: &str, at: usize) -> String {
    if let Some(scheme) = links::unsafe_scheme(url, false) {
        let message = format!("`{scheme}` URLs are not published");
        let diagnostic = doc.error(Code::UnsafeUrl, message, at);
        state.out.diagnostics.push(diagnostic);
        return String::new();
    }
    let why = format!("`[!VIDEO {url}]` needs an http:// or https:// address");
    refuse(doc, state, why, at);
    let mut s = String::from("<p>");
    escape_text(&mut s, written);
    s.push_str("</p>\n");
    s
}

fn refuse(doc: &Doc, state: &mut State, why: String, at: usize) {
    let diagnostic = doc
        .error(Code::BlockSyntax, why, at)
        .with_suggestion("DocFX shows it as text, and so does helpsite");
    state.out.diagnostics.push(diagnostic);
}

/// Whether the line at `start..end` of `body` sits in a paragraph: a line
/// of running text just above or below it. DocFX then keeps the paragraph
/// around the video, so the line is left to [`in_text`].
pub(super) fn inside_paragraph(body: &str, start: usize, end: usize) -> bool {
    let before = &body[..start];
    let before = before
        .strip_suffix("\r\n")
        .or_else(|| before.strip_suffix(['\n', '\r']))
        .unwrap_or("");
    let above = &before[before.rfind(['\n', '\r']).map_or(0, |n| n + 1)..];
    // `end` is past the line's own break.
    let below = &body[end..];
    let below = &below[..below.find(['\n', '\r']).unwrap_or(below.len())];
    running_text(above) || running_text(below)
}

/// A line that continues a paragraph: not blank, and not one that starts
/// a block of its own (a heading, fence, rule, table row, quote, HTML or
/// another directive). Another video is inline too, so videos on
/// consecutive lines share one paragraph, as in DocFX.
fn running_text(line: &str) -> bool {
    let t = line.trim_start_matches([' ', '\t']);
    let t = t.trim_end();
    if t.starts_with(":::video ") {
        return true;
    }
    !t.is_empty()
        && ![
            "#", ":::", "```", "~~~", "<", ">", "|", "[!", "---", "***", "___", "===",
        ]
        .iter()
        .any(|p| t.starts_with(p))
}

/// Whether [`in_text`] takes the video syntax at `from` in `text`: a
/// `:::video …:::` it shows or refuses with a diagnostic of its own, or a
/// text that is one playable `[!VIDEO …]`. The check of what readers see
/// asks, so it does not report what the rewriter is about to render.
pub(super) fn taken_in_text(text: &str, from: usize) -> bool {
    let rest = &text[from..];
    if let Some(after) = rest.strip_prefix(":::video") {
        return after.starts_with([' ', '\t']) && after.contains(":::");
    }
    text[..from].trim().is_empty() && video_marker(text).is_some_and(|u| playable(&u))
}

/// Running text that holds `:::video …:::`, or is a `[!VIDEO https://…]`
/// line of a paragraph: the text with each video in place, inline, as
/// DocFX keeps it. `None` when the text holds none.
pub(super) fn in_text<'e>(
    env: &Env,
    doc: &Doc,
    state: &mut State,
    text: &str,
    range: &Range<usize>,
) -> Option<Vec<Event<'e>>> {
    let at = doc.body_start + range.start;
    if let Some(url) = video_marker(text).filter(|u| playable(u)) {
        return Some(vec![Event::InlineHtml(
            frame(env, doc, state, &Video::at(&url), at, true).into(),
        )]);
    }
    if !text.contains(":::video") {
        return None;
    }
    let mut parts = Vec::new();
    let mut rest = text;
    while let Some(p) = rest.find(":::video") {
        let after = &rest[p + ":::video".len()..];
        let Some(end) = after.find(":::") else {
            break;
        };
        let attrs = parse_attributes(&after[..end]);
        let whole = p + ":::video".len() + end + 3;
        if !after.starts_with([' ', '\t']) {
            parts.push(Event::Text(rest[..whole].to_string().into()));
        } else if let Some(why) = refused(&attrs) {
            refuse(doc, state, why, at);
            parts.push(Event::Text(rest[..whole].to_string().into()));
        } else {
            if p > 0 {
                parts.push(Event::Text(rest[..p].to_string().into()));
            }
            let value = |name: &str| {
                attrs
                    .iter()
                    .find(|(n, _)| n == name)
                    .map(|(_, v)| v.as_str())
            };
            let video = Video {
                url: value("source").unwrap_or_default(),
                title: value("title"),
                thumbnail: value("thumbnail"),
            };
            let html = frame(env, doc, state, &video, at, true);
            parts.push(Event::InlineHtml(html.into()));
        }
        rest = &rest[whole..];
    }
    if !rest.is_empty() {
        parts.push(Event::Text(rest.to_string().into()));
    }
    Some(parts)
}

/// A raw HTML block that is only an `<iframe>` with an http or https
/// `src`, alone or in DocFX's `<div class="embeddedvideo">`: the address
/// and the author's title. Older DocFX pages embed their videos so; they
/// become the same placeholder as `[!VIDEO]`, so no page contacts another
/// site on load. Any other HTML is the trusted author's and stays as written.
pub(super) fn raw_iframe(html: &str) -> Option<(String, Option<String>)> {
    let tags = html_scan::start_tags(html);
    let (iframe, wrapped) = match tags.as_slice() {
        [iframe] => (iframe, None),
        [div, iframe] if is_video_div(div) => (iframe, Some(div)),
        _ => return None,
    };
    if iframe.name != "iframe" {
        return None;
    }
    let lead = html.len() - html.trim_start().len();
    let first = wrapped.unwrap_or(iframe);
    if first.start != lead {
        return None;
    }
    if let Some(div) = wrapped {
        let open_end = div.start + html[div.start..].find('>')? + 1;
        if !html[open_end..iframe.start].trim().is_empty() {
            return None;
        }
    }
    let rest = html[iframe.start..].to_ascii_lowercase();
    let close = rest.find("</iframe")?;
    let tail = rest[close + "</iframe".len()..].trim_start();
    let tail = tail.strip_prefix('>')?.trim();
    let tail = match wrapped {
        Some(_) => tail.strip_prefix("</div")?.trim_start().strip_prefix('>')?,
        None => tail,
    };
    if !tail.trim().is_empty() {
        return None;
    }
    let src = iframe.attr("src")?.value.trim();
    if !playable(src) {
        return None;
    }
    let title = iframe
        .attr("title")
        .map(|t| t.value.clone())
        .filter(|t| !t.trim().is_empty());
    Some((src.to_string(), title))
}

/// `<div class="embeddedvideo">` with nothing else on it.
fn is_video_div(tag: &html_scan::Tag) -> bool {
    tag.name == "div"
        && tag.attrs.len() == 1
        && tag
            .attr("class")
            .is_some_and(|c| c.value == "embeddedvideo")
}

/// What the author wrote of a video.
pub(super) struct Video<'a> {
    pub url: &'a str,
    pub title: Option<&'a str>,
    /// A picture to show before the video is loaded; only a local one is.
    pub thumbnail: Option<&'a str>,
}

impl<'a> Video<'a> {
    pub(super) fn at(url: &'a str) -> Self {
        Video {
            url,
            title: None,
            thumbnail: None,
        }
    }
}

/// DocFX's `embeddedvideo` element, a `div`, or a `span` inside a
/// paragraph, holding the click-to-load placeholder (or, with `[video]
/// embed = "direct"`, the frame), titled by the author or else with the
/// localized "video" label. helpsite.js loads the frame when the reader
/// asks, and shows the localized offline note with the link when the
/// network is not there; `check` warns that it needs the network, like any
/// external embed.
pub(super) fn frame(
    env: &Env,
    doc: &Doc,
    state: &mut State,
    video: &Video,
    at: usize,
    inline: bool,
) -> String {
    let url = video.url;
    if let Some(scheme) = links::unsafe_scheme(url, false) {
        let message = format!("`{scheme}` URLs are not published");
        state
            .out
            .diagnostics
            .push(doc.error(Code::UnsafeUrl, message, at));
        return String::new();
    }
    let label = (env.label)(state.page_locale, "video-title");
    let title = video
        .title
        .filter(|t| !t.trim().is_empty())
        .unwrap_or(&label);
    let tag = if inline { "span" } else { "div" };
    let mut s = format!("<{tag} class=\"embeddedvideo\">");
    if env.site.direct_video {
        s.push_str("<iframe src=\"");
        escape_attr(&mut s, url);
        s.push_str("\" title=\"");
        escape_attr(&mut s, title);
        s.push_str("\" allowfullscreen></iframe>");
    } else {
        let thumbnail = video
            .thumbnail
            .filter(|t| !t.trim().is_empty())
            .and_then(|t| thumbnail_src(env, doc, state, t, at));
        let labels = Labels {
            load: (env.label)(state.page_locale, "video-load"),
            blocked: (env.label)(state.page_locale, "video-blocked"),
        };
        placeholder(&mut s, url, title, thumbnail.as_deref(), &labels);
    }
    s.push_str(&format!("</{tag}>"));
    if !inline {
        s.push('\n');
    }
    if links::is_external(url) {
        let url_at = doc.text[at..].find(url).map_or(at, |n| at + n);
        let message = format!("the video `{url}` loads from the network; it will not play offline");
        state.out.diagnostics.push(
            doc.warning(Code::ExternalEmbed, message, url_at)
                .with_suggestion("readers offline see a placeholder with a link instead"),
        );
    }
    s
}

/// The placeholder's localized words.
struct Labels {
    load: String,
    blocked: String,
}

/// The click-to-load placeholder: a local thumbnail, the title as a link
/// to the video with its host beside it, the button that loads the frame
/// (hidden until the page's script can use it) and the note shown when
/// the site's Content-Security-Policy refuses the frame. Only spans, so it
/// fits in a paragraph. The button carries the address and title; the
/// script checks the address again before it makes a frame of it.
fn placeholder(s: &mut String, url: &str, title: &str, thumbnail: Option<&str>, labels: &Labels) {
    s.push_str("<span class=\"video-placeholder\">");
    if let Some(src) = thumbnail {
        s.push_str("<img class=\"video-thumbnail\" src=\"");
        escape_attr(s, src);
        s.push_str("\" alt=\"\">");
    }
    s.push_str("<span class=\"video-caption\"><a class=\"video-link\" href=\"");
    escape_attr(s, url);
    s.push_str("\">");
    escape_text(s, title);
    s.push_str("</a>");
    if let Some(host) = host_of(url) {
        s.push_str(" <span class=\"video-host\">(");
        escape_text(s, host);
        s.push_str(")</span>");
    }
    s.push_str("</span> <button type=\"button\" class=\"video-load\" data-src=\"");
    escape_attr(s, url);
    s.push_str("\" data-title=\"");
    escape_attr(s, title);
    s.push_str("\" hidden>");
    escape_text(s, &labels.load);
    s.push_str("</button><span class=\"video-blocked\" hidden>");
    escape_text(s, &labels.blocked);
    s.push_str("</span></span>");
}

/// The host of an absolute address, to say where the link leads.
fn host_of(url: &str) -> Option<&str> {
    let rest = url
        .split_once("//")
        .map(|(_, r)| r)
        .filter(|_| links::is_external(url))?;
    let authority = &rest[..rest.find(['/', '?', '#', '\\']).unwrap_or(rest.len())];
    let host = authority.rsplit('@').next().unwrap_or(authority);
    (!host.is_empty()).then_some(host)
}

/// The published address of a thumbnail, resolved as a picture of the
/// page; `None` (with a diagnostic) for a script URL or one on another
/// site, which a page must not contact before the reader asks.
fn thumbnail_src(
    env: &Env,
    doc: &Doc,
    state: &mut State,
    thumbnail: &str,
    at: usize,
) -> Option<String> {
    if refused_link(doc, state, thumbnail, at) {
        return None;
    }
    let written_at = doc.text[at..].find(thumbnail).map_or(at, |n| at + n);
    if links::is_external(thumbnail) {
        let message =
            format!("the video thumbnail `{thumbnail}` is on another site; it is left out");
        state.out.diagnostics.push(
            doc.warning(Code::ExternalEmbed, message, written_at)
                .with_suggestion(
                    "save the picture beside the page: opening a page contacts no other site",
                ),
        );
        return None;
    }
    let here = at.saturating_sub(doc.body_start);
    let (src, _) = resolve_ref(
        env,
        doc,
        state,
        thumbnail,
        &(here..here),
        RefKind::Image,
        Some(written_at),
    );
    Some(src)
}

#[cfg(test)]
#[path = "tests_videos.rs"]
mod tests;
