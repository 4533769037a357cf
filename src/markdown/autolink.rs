//! GFM's autolink literals: `https://…`, `http://…`, `www.…` and e-mail
//! addresses in running text become links, as on GitHub and in DocFX.
//! pulldown-cmark has no such option, so text events outside links, images
//! and code are split here; linkify finds the links (trailing punctuation
//! and unbalanced brackets stay outside, as GFM wants).

use linkify::{LinkFinder, LinkKind};
use pulldown_cmark::{CowStr, Event, LinkType, Tag, TagEnd};

/// A literal link in running text: where it is, where it would become a
/// link (`dest`), and a byte inside it where splitting the text in two
/// leaves neither half a link (before `:`, after `www`, before `@`).
pub struct Literal {
    pub start: usize,
    pub end: usize,
    pub split_at: usize,
    dest: String,
    kind: LinkType,
}

/// The literal links of `text`, as [`split`] makes them.
pub fn literals(text: &str) -> Vec<Literal> {
    // Cheap test first: most text has no link at all.
    if !text.contains(['.', '@']) {
        return Vec::new();
    }
    let mut finder = LinkFinder::new();
    finder.url_must_have_scheme(false);
    let mut out = Vec::new();
    for link in finder.links(text) {
        let s = link.as_str();
        let lower = s.to_ascii_lowercase();
        let (dest, kind, split_at) = match link.kind() {
            LinkKind::Url if lower.starts_with("https://") || lower.starts_with("http://") => {
                (s.to_string(), LinkType::Autolink, s.find(':').unwrap_or(0))
            }
            LinkKind::Url if lower.starts_with("www.") => {
                (format!("http://{s}"), LinkType::Autolink, 3)
            }
            // The HTML writer adds `mailto:` to e-mail links itself.
            LinkKind::Email => (s.to_string(), LinkType::Email, s.find('@').unwrap_or(0)),
            _ => continue,
        };
        out.push(Literal {
            start: link.start(),
            end: link.end(),
            split_at: link.start() + split_at,
            dest,
            kind,
        });
    }
    out
}

/// `text` as events, with each literal link wrapped in a link; `None` when
/// there is none, so the caller keeps its event as it was.
pub fn split<'a>(text: &str) -> Option<Vec<Event<'a>>> {
    let mut out = Vec::new();
    let mut last = 0;
    for link in literals(text) {
        if link.start > last {
            out.push(Event::Text(CowStr::from(
                text[last..link.start].to_string(),
            )));
        }
        out.push(Event::Start(Tag::Link {
            link_type: link.kind,
            dest_url: link.dest.into(),
            title: "".into(),
            id: "".into(),
        }));
        out.push(Event::Text(CowStr::from(
            text[link.start..link.end].to_string(),
        )));
        out.push(Event::End(TagEnd::Link));
        last = link.end;
    }
    if out.is_empty() {
        return None;
    }
    if last < text.len() {
        out.push(Event::Text(CowStr::from(text[last..].to_string())));
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn html(text: &str) -> String {
        let mut s = String::new();
        pulldown_cmark::html::push_html(&mut s, split(text).unwrap_or_default().into_iter());
        s
    }

    #[test]
    fn literals_become_links() {
        assert_eq!(
            html("See https://example.com/a_(b). Or www.example.org, or help@example.com."),
            "See <a href=\"https://example.com/a_(b)\">https://example.com/a_(b)</a>. Or <a href=\"http://www.example.org\">www.example.org</a>, or <a href=\"mailto:help@example.com\">help@example.com</a>."
        );
    }

    #[test]
    fn plain_domains_and_other_schemes_stay_text() {
        assert!(split("example.com and ftp://x.example and file.md").is_none());
        assert!(split("javascript:alert(1)").is_none());
    }
}
