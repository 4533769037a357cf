//! One page's rendered Markdown as a section of the locale's printable
//! document: its headings one level down (the document has the H1), its
//! ids prefixed with the page's own so two pages' `#intro` stay apart,
//! links between pages of the document turned into in-document links, and
//! every other relative URL made relative to the document's folder.
//!
//! Tags are found by html5ever's tokenizer (`html_scan`), as a browser
//! would find them; only the values of the attributes below are replaced,
//! so the rest of the HTML passes through byte for byte.

use std::collections::HashSet;

use crate::links::url::{
    href_to, is_external, join_normalized, parent_dir, percent_decode, split_href,
};
use crate::markdown::html_scan;

/// Where each page of the locale is printed, asked by output path.
pub trait Targets {
    /// The document-relative URL of page `output_path`'s section, or of
    /// the element `fragment` (as written, unprefixed) on it; `None` for
    /// a page that is not printed.
    fn section_url(&self, output_path: &str, fragment: Option<&str>) -> Option<String>;
}

/// What one page needs to be rewritten.
pub struct PageInDocument<'a> {
    /// The page's output path, e.g. `nl/a/b.html`.
    pub output_path: &'a str,
    /// The page's section id; its elements' ids are `<key>--<id>`.
    pub key: &'a str,
    /// The folder of the printed document, e.g. `nl`.
    pub document_dir: &'a str,
    /// The page's title: a chooser's name says which page it belongs to,
    /// so the document's many choosers are told apart.
    pub title: &'a str,
}

/// Attributes that hold one id, or a space-separated list of ids.
const ID_ATTRIBUTES: &[&str] = &["id", "for", "headers"];
const ID_LIST_ATTRIBUTES: &[&str] = &["aria-controls", "aria-labelledby", "aria-describedby"];
/// Attributes that hold one URL.
const URL_ATTRIBUTES: &[&str] = &["href", "src", "poster"];

/// `html` (a page's rendered Markdown) as its section's body.
pub fn page_html(html: &str, page: &PageInDocument, targets: &dyn Targets) -> String {
    let mut edits: Vec<(usize, usize, String)> = Vec::new();
    let tags = html_scan::start_tags(html);
    // What a link within the page may name: one to anything else leads to
    // the page's section, not to an id the document lacks.
    let own: HashSet<&str> = tags
        .iter()
        .flat_map(|t| &t.attrs)
        .filter(|a| a.name == "id" || a.name == "name")
        .map(|a| a.value.as_str())
        .collect();
    let is_labelled_nav =
        |t: &&html_scan::Tag| t.name == "nav" && t.attrs.iter().any(|a| a.name == "aria-label");
    let labelled_navs = tags.iter().filter(is_labelled_nav).count();
    let mut nav_number = 0;
    for tag in &tags {
        if is_labelled_nav(&tag) {
            nav_number += 1;
        }
        for attr in &tag.attrs {
            let Some(end) = value_end(html, tag.start, attr.offset) else {
                continue;
            };
            let name = attr.name.as_str();
            let value = attr.value.as_str();
            let names_ids = ID_ATTRIBUTES.contains(&name)
                || ID_LIST_ATTRIBUTES.contains(&name)
                || (name == "name" && tag.name == "a");
            let new = if tag.name == "nav" && name == "aria-label" {
                Some(if labelled_navs > 1 {
                    format!("{value} ({nav_number}): {}", page.title)
                } else {
                    format!("{value}: {}", page.title)
                })
            } else if names_ids {
                Some(prefixed_ids(page.key, value))
            } else if name == "href" {
                link(page, targets, &own, value)
            } else if URL_ATTRIBUTES.contains(&name) {
                moved(page, value)
            } else if name == "srcset" {
                Some(srcset(page, value))
            } else {
                None
            };
            if let Some(new) = new.filter(|n| n != value) {
                edits.push((attr.offset, end, escape_attribute(&new)));
            }
        }
    }
    edits.extend(tags.iter().filter_map(|tag| without_script(html, tag)));
    edits.extend(demoted_headings(html));
    edits.sort_by_key(|e| e.0);
    let edit_count = edits.len();
    let mut out = String::with_capacity(html.len() + edits.len() * 24);
    let mut at = 0;
    for (start, end, text) in edits {
        if start < at {
            continue;
        }
        out.push_str(&html[at..start]);
        out.push_str(&text);
        at = end;
    }
    out.push_str(&html[at..]);
    crate::diagnostics::work::add(1 + edit_count);
    out
}

/// The end of the value written at `offset` in the tag starting at
/// `tag_start`: the closing quote, or the end of an unquoted value. `None`
/// for an attribute written without a value (its offset is the tag's).
fn value_end(html: &str, tag_start: usize, offset: usize) -> Option<usize> {
    if offset <= tag_start || offset > html.len() || !html.is_char_boundary(offset) {
        return None;
    }
    let before = html[..offset].chars().next_back()?;
    let rest = &html[offset..];
    let len = match before {
        '"' | '\'' => rest.find(before)?,
        '=' => rest
            .find(|c: char| c.is_ascii_whitespace() || c == '>')
            .unwrap_or(rest.len()),
        _ => return None,
    };
    Some(offset + len)
}

fn prefixed_ids(key: &str, value: &str) -> String {
    value
        .split_ascii_whitespace()
        .map(|id| format!("{key}--{id}"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// An `href`: in-page and in-document links point into the document,
/// other relative links are moved; external links stay.
fn link(
    page: &PageInDocument,
    targets: &dyn Targets,
    own: &HashSet<&str>,
    href: &str,
) -> Option<String> {
    if let Some(fragment) = href.strip_prefix('#') {
        let fragment = percent_decode(fragment);
        return Some(match fragment.as_str() {
            f if own.contains(f) => format!("#{}--{f}", page.key),
            _ => format!("#{}", page.key),
        });
    }
    if is_external(href) || href.starts_with("//") {
        return None;
    }
    let (path, query, fragment) = split_href(href);
    let target = join_normalized(parent_dir(page.output_path), &percent_decode(path))?;
    if query.is_empty() {
        let fragment = fragment.map(percent_decode).filter(|f| !f.is_empty());
        if let Some(url) = targets.section_url(&target, fragment.as_deref()) {
            return Some(url);
        }
    }
    moved(page, href)
}

/// A relative URL of the page as a URL from the document's folder.
fn moved(page: &PageInDocument, url: &str) -> Option<String> {
    if url.is_empty() || url.starts_with('#') || is_external(url) || url.starts_with("//") {
        return None;
    }
    let (path, query, fragment) = split_href(url);
    if path.starts_with('/') {
        return None;
    }
    let target = join_normalized(parent_dir(page.output_path), &percent_decode(path))?;
    let mut out = href_to(page.document_dir, &target);
    out.push_str(query);
    if let Some(f) = fragment {
        out.push('#');
        out.push_str(f);
    }
    Some(out)
}

/// `a.png 1x, b.png 2x`, each URL moved.
fn srcset(page: &PageInDocument, value: &str) -> String {
    value
        .split(',')
        .map(|candidate| {
            let candidate = candidate.trim();
            let (url, descriptor) = candidate
                .split_once(char::is_whitespace)
                .unwrap_or((candidate, ""));
            let url = moved(page, url).unwrap_or_else(|| url.to_string());
            match descriptor.trim() {
                "" => url,
                d => format!("{url} {d}"),
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn escape_attribute(value: &str) -> String {
    value
        .replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
}

/// `<h1`…`<h5` and their end tags one level down (`<h6` stays), as edits.
fn demoted_headings(html: &str) -> Vec<(usize, usize, String)> {
    let bytes = html.as_bytes();
    let mut edits = Vec::new();
    let mut from = 0;
    while let Some(at) = html[from..].find('<').map(|i| from + i) {
        from = at + 1;
        let slash = usize::from(bytes.get(at + 1) == Some(&b'/'));
        let h = at + 1 + slash;
        let (Some(letter), Some(digit), Some(after)) =
            (bytes.get(h), bytes.get(h + 1), bytes.get(h + 2))
        else {
            continue;
        };
        let ends_name = after.is_ascii_whitespace() || matches!(after, b'>' | b'/');
        if letter.eq_ignore_ascii_case(&b'h') && (b'1'..=b'5').contains(digit) && ends_name {
            let level = char::from(digit + 1);
            edits.push((h + 1, h + 2, level.to_string()));
        }
    }
    edits
}

#[cfg(test)]
mod tests {
    use super::*;

    struct TwoPages;

    impl Targets for TwoPages {
        fn section_url(&self, output_path: &str, fragment: Option<&str>) -> Option<String> {
            let key = match output_path {
                "nl/a/b.html" => "page-a.b",
                "nl/c.html" => "page-c",
                _ => return None,
            };
            Some(match fragment {
                Some(f) => format!("#{key}--{f}"),
                None => format!("#{key}"),
            })
        }
    }

    fn rewrite(html: &str) -> String {
        let page = PageInDocument {
            output_path: "nl/a/b.html",
            key: "page-a.b",
            document_dir: "nl",
            title: "B",
        };
        page_html(html, &page, &TwoPages)
    }

    #[test]
    fn headings_go_one_level_down_and_ids_get_the_page_key() {
        assert_eq!(
            rewrite("<h1 id=\"x\">T</h1><h2 id='y'>U</h2><h6>V</h6><hr><header>"),
            "<h2 id=\"page-a.b--x\">T</h2><h3 id='page-a.b--y'>U</h3><h6>V</h6><hr><header>"
        );
        assert_eq!(
            rewrite("<a name=\"old\"></a><p name=\"kept\">"),
            "<a name=\"page-a.b--old\"></a><p name=\"kept\">"
        );
        assert_eq!(
            rewrite("<a role=tab aria-controls=\"p1 p2\" id=t1>"),
            "<a role=tab aria-controls=\"page-a.b--p1 page-a.b--p2\" id=page-a.b--t1>"
        );
    }

    #[test]
    fn links_into_the_document_out_of_it_and_to_itself() {
        assert_eq!(
            rewrite("<a href=\"../c.html#step-2\">"),
            "<a href=\"#page-c--step-2\">"
        );
        assert_eq!(rewrite("<a href=\"b.html\">"), "<a href=\"#page-a.b\">");
        assert_eq!(
            rewrite("<h2 id=\"x\"></h2><a href=\"#x\"><a href=\"#gone\">"),
            "<h3 id=\"page-a.b--x\"></h3><a href=\"#page-a.b--x\"><a href=\"#page-a.b\">"
        );
        assert_eq!(
            rewrite("<a href=\"../index.html\">"),
            "<a href=\"index.html\">"
        );
        assert_eq!(
            rewrite("<a href=\"../../en/c.html#k\">"),
            "<a href=\"../en/c.html#k\">"
        );
        assert_eq!(
            rewrite("<a href=\"https://x.test/a?b=1&amp;c=2\">"),
            "<a href=\"https://x.test/a?b=1&amp;c=2\">"
        );
        assert_eq!(
            rewrite("<a href=\"../c.html?q=1&amp;r=2\">"),
            "<a href=\"c.html?q=1&amp;r=2\">"
        );
    }

    #[test]
    fn images_are_found_from_the_document() {
        assert_eq!(
            rewrite("<img src=\"media/x%20y.png\" alt=\"a\">"),
            "<img src=\"a/media/x%20y.png\" alt=\"a\">"
        );
        assert_eq!(
            rewrite("<source srcset=\"media/x.webp 1x, media/x2.webp 2x\">"),
            "<source srcset=\"a/media/x.webp 1x, a/media/x2.webp 2x\">"
        );
    }

    #[test]
    fn hostile_markup_passes_through() {
        for html in [
            "<a href",
            "<a href=",
            "<a href='",
            "<h1",
            "<",
            "</h",
            "<img src=\"../../../../x.png\">",
            "<a hidden href=x id>",
            "<!-- <h1 id=\"c\"> -->",
            "é<h2 id=\"é\">é</h2>",
        ] {
            let _ = rewrite(html);
        }
        assert_eq!(
            rewrite("<img src=\"../../../../x.png\">"),
            "<img src=\"../../../../x.png\">"
        );
    }
}

/// What the pages' script does for a region, written into the document,
/// which runs none: a code block or table that may scroll is reachable
/// from the keyboard.
fn without_script(html: &str, tag: &html_scan::Tag) -> Option<(usize, usize, String)> {
    let (name, value) = match tag.name.as_str() {
        "pre" | "table" => ("tabindex", "0"),
        _ => return None,
    };
    if tag.attrs.iter().any(|a| a.name == name) {
        return None;
    }
    // Right after the tag's name, before its attributes' edits.
    let at = tag.start + 1 + tag.name.len();
    html.get(tag.start + 1..at)
        .filter(|written| written.eq_ignore_ascii_case(&tag.name))
        .map(|_| (at, at, format!(" {name}=\"{value}\"")))
}
