//! The `<img>` tags of a page's content, sized and lazy: each gets the
//! pixel size of the file it shows (unless its author gave one), every one
//! after the first loads lazily, and a picture with a smaller WebP is
//! offered as that WebP in a `<picture>`, the original its fallback.

use super::{Images, Picture};
use crate::links::{is_external, join_normalized, percent_decode};

/// `html` with its `<img>` tags rewritten, for a page in the output folder
/// `page_dir`; `None` when it has no `<img>` (the common page).
pub fn rewrite(html: &str, page_dir: &str, images: &Images) -> Option<String> {
    rewrite_with(html, page_dir, images, true)
}

/// As [`rewrite`], every picture loaded at once: a document to print must
/// have them all before the browser lays out its pages.
pub fn rewrite_eager(html: &str, page_dir: &str, images: &Images) -> Option<String> {
    rewrite_with(html, page_dir, images, false)
}

fn rewrite_with(html: &str, page_dir: &str, images: &Images, lazy: bool) -> Option<String> {
    let has_img = html
        .as_bytes()
        .windows(4)
        .any(|w| w.eq_ignore_ascii_case(b"<img"));
    if !has_img {
        return None;
    }
    let mut out = String::with_capacity(html.len() + 256);
    let mut rest = html;
    let mut seen = 0usize;
    // Inside an author's own `<picture>` the `<img>` is sized, never wrapped.
    let mut picture_depth = 0usize;
    while let Some(lt) = rest.find('<') {
        out.push_str(&rest[..lt]);
        let tail = &rest[lt..];
        if tail.starts_with("<!--") {
            let end = tail.find("-->").map_or(tail.len(), |n| n + 3);
            out.push_str(&tail[..end]);
            rest = &tail[end..];
            continue;
        }
        let end = tag_end(tail);
        let tag = &tail[..end];
        rest = &tail[end..];
        if starts_tag(tag, "<picture") {
            picture_depth += 1;
        } else if starts_tag(tag, "</picture") {
            picture_depth = picture_depth.saturating_sub(1);
        }
        if !starts_tag(tag, "<img") || !tag.ends_with('>') {
            out.push_str(tag);
            continue;
        }
        seen += 1;
        img(
            &mut out,
            tag,
            seen == 1 || !lazy,
            picture_depth > 0,
            page_dir,
            images,
        );
    }
    out.push_str(rest);
    Some(out)
}

/// Whether `tag` is the element `name` (`<img`, not `<imgx`).
fn starts_tag(tag: &str, name: &str) -> bool {
    tag.len() > name.len()
        && tag[..name.len()].eq_ignore_ascii_case(name)
        && tag[name.len()..].starts_with(|c: char| c.is_ascii_whitespace() || c == '/' || c == '>')
}

/// The length of the tag at the start of `s`, through its `>` outside
/// quotes; all of `s` when it never closes.
fn tag_end(s: &str) -> usize {
    let mut quote = None;
    for (i, c) in s.char_indices().skip(1) {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), _) if q == c => quote = None,
            (None, '>') => return i + 1,
            (None, '<') => return i,
            _ => {}
        }
    }
    s.len()
}

/// One `<img …>` tag, rewritten into `out`.
fn img(out: &mut String, tag: &str, first: bool, in_picture: bool, dir: &str, images: &Images) {
    let body_end = tag.len() - 1;
    let body_end = tag[..body_end]
        .strip_suffix('/')
        .map_or(body_end, |b| b.trim_end().len());
    let attrs = attributes(&tag[4..body_end]);
    let has = |name: &str| attrs.iter().any(|(n, _)| n.eq_ignore_ascii_case(name));
    let src = attrs
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("src"))
        .map(|(_, v)| v.as_str());
    let picture = src.and_then(|src| published(src, dir, images));
    let mut extra = String::new();
    if let Some(p) = picture.filter(|_| !has("width") && !has("height")) {
        extra.push_str(&format!(" width=\"{}\" height=\"{}\"", p.width, p.height));
    }
    if !first && !has("loading") {
        extra.push_str(" loading=\"lazy\"");
        if !has("decoding") {
            extra.push_str(" decoding=\"async\"");
        }
    }
    let webp = match (picture, src) {
        (Some(p), Some(src)) if p.webp && !in_picture => srcset(src),
        _ => None,
    };
    if let Some(srcset) = &webp {
        out.push_str("<picture><source type=\"image/webp\" srcset=\"");
        out.push_str(srcset);
        out.push_str("\">");
    }
    out.push_str(&tag[..body_end]);
    out.push_str(&extra);
    out.push_str(&tag[body_end..]);
    if webp.is_some() {
        out.push_str("</picture>");
    }
}

/// The picture a `src` names, when the build publishes it.
fn published<'a>(src: &str, dir: &str, images: &'a Images) -> Option<&'a Picture> {
    let src = unescape(src);
    if is_external(&src) || src.starts_with('/') || src.contains(':') {
        return None;
    }
    let path = src.split(['?', '#']).next().unwrap_or("");
    images.get(&join_normalized(dir, &percent_decode(path))?)
}

/// The WebP's URL beside the picture `src` (as written in the tag); `None`
/// when the URL could not stand in a `srcset`, which splits at spaces and
/// commas.
fn srcset(src: &str) -> Option<String> {
    let path = src.split(['?', '#']).next().unwrap_or("");
    let safe = !path.is_empty() && !path.contains(|c: char| c.is_whitespace() || c == ',');
    safe.then(|| format!("{path}.webp"))
}

/// The few references our own escaping writes, enough to find the file.
fn unescape(value: &str) -> String {
    if !value.contains('&') {
        return value.to_string();
    }
    value
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// The attributes of a tag's inside (after its name), as written: names and
/// values, quoted or not; a name without a value has an empty one.
pub(super) fn attributes(inside: &str) -> Vec<(String, String)> {
    let mut attrs = Vec::new();
    let mut rest = inside;
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_ascii_whitespace() || c == '/');
        let name_len = rest
            .find(|c: char| c.is_ascii_whitespace() || c == '=' || c == '/' || c == '>')
            .unwrap_or(rest.len());
        if name_len == 0 {
            return attrs;
        }
        let name = rest[..name_len].to_string();
        rest = rest[name_len..].trim_start();
        let Some(after) = rest.strip_prefix('=') else {
            attrs.push((name, String::new()));
            continue;
        };
        let after = after.trim_start();
        let (value, next) = match after.chars().next() {
            Some(q @ ('"' | '\'')) => match after[1..].find(q) {
                Some(n) => (&after[1..1 + n], &after[n + 2..]),
                None => (&after[1..], ""),
            },
            _ => {
                let n = after
                    .find(|c: char| c.is_ascii_whitespace())
                    .unwrap_or(after.len());
                (&after[..n], &after[n..])
            }
        };
        attrs.push((name, value.to_string()));
        rest = next;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn images() -> Images {
        let mut images = Images::default();
        images.insert("nl/media/a b.png", 800, 600, true);
        images.insert("nl/media/icon.svg", 16, 16, false);
        images
    }

    #[test]
    fn the_first_is_sized_and_eager_the_rest_lazy_and_webp_offered() {
        let html = "<p><img src=\"media/a%20b.png\" alt=\"A &amp; B\" title=\"t\" /></p>\
            <a href=\"media/a%20b.png#lightbox\"><img src=\"media/a%20b.png\" alt=\"again\"></a>\
            <img src=\"media/icon.svg\" width=\"8\" role=\"presentation\" alt=\"\">\
            <img src=\"https://example.com/x.png\" alt=\"far\">";
        insta::assert_snapshot!(rewrite(html, "nl", &images()).unwrap(), @r#"<p><picture><source type="image/webp" srcset="media/a%20b.png.webp"><img src="media/a%20b.png" alt="A &amp; B" title="t" width="800" height="600" /></picture></p><a href="media/a%20b.png#lightbox"><picture><source type="image/webp" srcset="media/a%20b.png.webp"><img src="media/a%20b.png" alt="again" width="800" height="600" loading="lazy" decoding="async"></picture></a><img src="media/icon.svg" width="8" role="presentation" alt="" loading="lazy" decoding="async"><img src="https://example.com/x.png" alt="far" loading="lazy" decoding="async">"#);
    }

    #[test]
    fn authors_attributes_win_and_their_pictures_are_not_wrapped_again() {
        let html =
            "<!-- <img src=\"media/a%20b.png\"> --><picture><img src=\"../nl/media/a%20b.png\" \
            loading=\"eager\" height=\"5\"></picture><img src='media/a%20b.png?v=2' alt=x><img";
        insta::assert_snapshot!(rewrite(html, "nl", &images()).unwrap(), @r#"<!-- <img src="media/a%20b.png"> --><picture><img src="../nl/media/a%20b.png" loading="eager" height="5"></picture><picture><source type="image/webp" srcset="media/a%20b.png.webp"><img src='media/a%20b.png?v=2' alt=x width="800" height="600" loading="lazy" decoding="async"></picture><img"#);
        assert!(rewrite("<p>no pictures</p>", "nl", &images()).is_none());
    }

    #[test]
    fn hostile_tags_neither_panic_nor_leave_their_tag() {
        let images = images();
        for html in [
            "<img src=\"é\u{1F600}",
            "<img src=\"a\" alt='>'",
            "<img<img<img>",
            "<img src=media/a%20b.png alt=\"x\">",
            "<IMG SRC=\"../../../../etc/passwd\">",
            "<img src=\"media/%ZZ.png\">",
        ] {
            let out = rewrite(html, "nl", &images).unwrap();
            assert!(out.len() >= html.len(), "{html}: {out}");
        }
    }
}
