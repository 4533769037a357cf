//! References in a page: links and images resolved through `links`, and
//! what raw HTML tells us (anchors, files it uses, embeds that need the
//! network).

use super::*;
use crate::diagnostics::Span;

pub(super) fn resolve_ref(
    env: &Env,
    doc: &Doc,
    state: &mut State,
    dest: &str,
    range: &Range<usize>,
    kind: RefKind,
    // Where the URL itself starts in the file, when the caller knows it.
    dest_at: Option<usize>,
) -> (String, Target) {
    let r = env.index.resolve(
        state.page_locale,
        doc.source_dir,
        &state.page_dir,
        dest,
        kind,
    );
    // Point at the URL itself rather than the start of `[text](url)`: the
    // diagnostic's column and `--fix` both need the destination's own bytes.
    let at = dest_at.unwrap_or_else(|| {
        let span = &doc.text[doc.body_start + range.start..doc.body_start + range.end];
        doc.body_start + range.start + inline_destination(span, dest).unwrap_or(0)
    });
    for p in &r.problems {
        state
            .out
            .diagnostics
            .push(p.to_diagnostic(doc.file, (doc.lines(), doc.text), at, dest));
    }
    match &r.target {
        Target::Page {
            locale,
            path,
            fragment,
        } => {
            let fragment = fragment.clone().filter(|f| !f.is_empty());
            // Only a fragment can fail later; most links have none, and
            // the model keeps every link of every page.
            let at = fragment
                .as_ref()
                .map(|_| Box::new(Span::at(doc.file, doc.lines(), doc.text, at)));
            state.out.page_links.push(PageLink {
                locale: locale.clone(),
                path: path.clone(),
                fragment,
                at,
            })
        }
        Target::SamePage { fragment } if !fragment.is_empty() => state.out.self_links.push((
            fragment.clone(),
            Span::at(doc.file, doc.lines(), doc.text, at),
        )),
        Target::Asset {
            locale,
            path,
            from_locale,
        } => state.out.assets.push(AssetRef {
            locale: locale.clone(),
            path: path.clone(),
            from_locale: from_locale.clone(),
        }),
        _ => {}
    }
    (r.url, r.target)
}

/// Raw HTML passes through; we only learn from it: anchors, files it uses,
/// and embeds that will not load offline. `html` is one piece as the
/// parser hands it over, read on its own: a line of an HTML block does not
/// know that an earlier line opened a `<script>`.
/// Returns how many `<a>` the HTML opens and how many `</a>` it closes,
/// from the same reading.
pub(super) fn scan_raw_html(
    env: &Env,
    doc: &Doc,
    state: &mut State,
    html: &str,
    at: usize,
) -> (usize, usize) {
    if !html.contains('<') || html.starts_with("<!--hsi:") {
        return (0, 0);
    }
    let range = (at - doc.body_start)..(at - doc.body_start + html.len());
    let (tags, closed) = html_scan::start_tags_and_links_closed(html);
    let opened = tags.iter().filter(|t| t.name == "a").count();
    for tag in tags {
        scan_tag(env, doc, state, &tag, at, &range);
    }
    (opened, closed)
}

/// The tags of a whole HTML block, read together so that a tag or a
/// `<script>` spanning lines is read as a browser reads it; `range` is the
/// block's, relative to the body.
pub(super) fn scan_html_block(
    env: &Env,
    doc: &Doc,
    state: &mut State,
    lines: &mut html_scan::HtmlLines,
    range: &Range<usize>,
) {
    for tag in lines.take_placed_tags() {
        scan_tag(env, doc, state, &tag, 0, range);
    }
}

/// One raw start tag: its ids and names are anchors, its `src` a file to
/// check. Its offsets plus `at` are bytes of the page.
fn scan_tag(
    env: &Env,
    doc: &Doc,
    state: &mut State,
    tag: &html_scan::Tag,
    at: usize,
    range: &Range<usize>,
) {
    for attr_name in ["id", "name"] {
        if attr_name == "name" && tag.name != "a" {
            continue;
        }
        if let Some(a) = tag.attr(attr_name) {
            if !a.value.is_empty() {
                note_explicit_id(doc, state, &a.value, at + a.offset);
                state.out.anchors.push(a.value.clone());
            }
        }
    }
    let src_attr = match tag.name.as_str() {
        "img" | "iframe" | "script" | "video" | "audio" | "source" | "embed" | "track" => {
            tag.attr("src")
        }
        "object" => tag.attr("data"),
        "link" => tag.attr("href"),
        _ => None,
    };
    if let Some(src) = src_attr {
        if links::is_external(&src.value) {
            state.out.diagnostics.push(
                Diagnostic::warning(
                    Code::ExternalEmbed,
                    doc.file,
                    format!(
                        "<{}> loads `{}` from the network; it will not load offline",
                        tag.name, src.value
                    ),
                )
                .at_indexed(doc.lines(), doc.text, at + src.offset)
                .with_suggestion("readers offline see a placeholder with a link instead"),
            );
        } else if !src.value.is_empty() && !src.value.starts_with("data:") {
            let src_at = at + src.offset;
            let dest_at = doc
                .text
                .get(src_at..)
                .is_some_and(|t| t.starts_with(src.value.as_str()))
                .then_some(src_at);
            resolve_ref(env, doc, state, &src.value, range, RefKind::Image, dest_at);
        }
    }
}

/// Where the destination of an inline link or image `[text](dest "title")`
/// starts in its source `span`: after the text's matching `](`, past spaces
/// and an opening `<`. `None` for reference links, whose destination is
/// written elsewhere, or when the bytes there are not `dest` as written.
fn inline_destination(span: &str, dest: &str) -> Option<usize> {
    let bytes = span.as_bytes();
    let mut i = usize::from(span.starts_with('!'));
    if bytes.get(i) != Some(&b'[') {
        return None;
    }
    let mut depth = 0usize;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 1,
            b'[' => depth += 1,
            b']' => {
                depth -= 1;
                if depth == 0 {
                    break;
                }
            }
            _ => {}
        }
        i += 1;
    }
    if bytes.get(i + 1) != Some(&b'(') {
        return None;
    }
    let mut at = i + 2;
    while at < bytes.len() && bytes[at].is_ascii_whitespace() {
        at += 1;
    }
    if bytes.get(at) == Some(&b'<') {
        at += 1;
    }
    span[at..].starts_with(dest).then_some(at)
}

/// Reports `url` as `unsafe-url` when following it could run script, as a
/// link's destination is; true when it is refused.
pub(super) fn refused_link(doc: &Doc, state: &mut State, url: &str, at: usize) -> bool {
    let Some(scheme) = links::unsafe_scheme(url, false) else {
        return false;
    };
    let url_at = doc.text[at..].find(url).map_or(at, |n| at + n);
    state.out.diagnostics.push(
        Diagnostic::error(
            Code::UnsafeUrl,
            doc.file,
            format!("`{scheme}` URLs are not published: they can run script or hide content"),
        )
        .at_indexed(doc.lines(), doc.text, url_at)
        .with_suggestion("link to a page or an https:// address"),
    );
    true
}

#[cfg(test)]
mod tests {
    use super::inline_destination;

    #[test]
    fn the_destination_is_found_not_an_equal_title() {
        let span = r#"[t](./Media/X.png "./Media/X.png")"#;
        assert_eq!(inline_destination(span, "./Media/X.png"), Some(4));
        assert_eq!(
            inline_destination("![a [b] c](< x.png >)", " x.png "),
            Some(12)
        );
        assert_eq!(inline_destination("[x.png][ref]", "x.png"), None);
        assert_eq!(inline_destination(r"[a\]](x.png)", "x.png"), Some(6));
    }
}
