//! DocFX cross references. A page declares `uid: Some.Uid` in its front
//! matter; any page may link to it as `<xref:Some.Uid>`, `[text](xref:Some.Uid)`,
//! `<xref:Some.Uid#anchor>` or `@Some.Uid`. `?displayProperty=…` is accepted;
//! pages have one display name, their title. A uid resolves to the page in
//! the reader's locale when there is one, through the same rules as a
//! relative link (so an untranslated page leads to its fallback page). An
//! unknown uid is an `xref-unresolved` error, and the reader sees the text
//! without a link. An `@word` that is no known uid is left as text: it is
//! more often an address or a handle than a reference.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, LinkType, Tag, TagEnd};

use super::context::{Doc, State};
use super::model::Env;
use super::references::resolve_ref;
use crate::diagnostics::Code;
use crate::links::{self, RefKind};

pub use super::model::{XrefMap, XrefTarget};

pub fn is_xref(dest: &str) -> bool {
    dest.get(..5)
        .is_some_and(|p| p.eq_ignore_ascii_case("xref:"))
}

/// `xref:A.B?displayProperty=fullName#part` → `A.B`.
pub fn uid_of(dest: &str) -> &str {
    let rest = dest.get(5..).unwrap_or("");
    let end = rest.find(['?', '#']).unwrap_or(rest.len());
    &rest[..end]
}

fn target<'a>(env: &'a Env, locale: &str, uid: &str) -> Option<&'a XrefTarget> {
    let all = env.site.xrefs.get(uid)?;
    all.iter()
        .find(|t| t.locale == locale)
        .or_else(|| all.iter().find(|t| t.locale == env.index.default_locale))
        .or_else(|| all.first())
}

/// The URL and title of an `xref:` destination, or `None` (reported) when
/// no page declares the uid.
pub(super) fn resolve(
    env: &Env,
    doc: &Doc,
    state: &mut State,
    dest: &str,
    range: &Range<usize>,
) -> Option<(String, String)> {
    let uid = links::percent_decode(uid_of(dest));
    let fragment = dest.find('#').map(|n| &dest[n..]).unwrap_or("");
    let Some(t) = target(env, state.page_locale, &uid) else {
        let at = doc.body_start + range.start;
        let at = doc.text[at..doc.body_start + range.end]
            .find(uid.as_str())
            .map_or(at, |n| at + n);
        let mut d = doc.error(
            Code::XrefUnresolved,
            format!("no page declares `uid: {uid}`"),
            at,
        );
        if let Some(s) = env.site.uid_suggestion(&uid) {
            d = d.with_suggestion(format!("did you mean `{s}`?"));
        }
        state.out.diagnostics.push(d);
        return None;
    };
    let title = t.title.clone();
    let href = format!("~/{}{fragment}", t.path);
    let (url, _) = resolve_ref(env, doc, state, &href, range, RefKind::Link, None);
    Some((url, title))
}

/// `@Some.Uid` mentions in running text that name a known uid, as link
/// events; `None` when there is none.
pub(super) fn mentions<'a>(
    env: &Env,
    doc: &Doc,
    state: &mut State,
    text: &str,
    range: &Range<usize>,
) -> Option<Vec<Event<'a>>> {
    if env.site.xrefs.is_empty() || !text.contains('@') {
        return None;
    }
    let mut out = Vec::new();
    let mut last = 0;
    let mut search = 0;
    while let Some(p) = text[search..].find('@').map(|n| search + n) {
        search = p + 1;
        let boundary = text[..p]
            .chars()
            .next_back()
            .is_none_or(|c| c.is_whitespace() || "([{\"'".contains(c));
        if !boundary {
            continue;
        }
        let rest = &text[p + 1..];
        let (uid, len) = if let Some(q) = rest.strip_prefix('"') {
            match q.find('"') {
                Some(e) => (&q[..e], e + 2),
                None => continue,
            }
        } else {
            let e = rest
                .find(|c: char| !(c.is_alphanumeric() || "._-:`#*".contains(c)))
                .unwrap_or(rest.len());
            let uid = rest[..e].trim_end_matches(['.', ':', ',']);
            (uid, uid.len())
        };
        if uid.is_empty() || target(env, state.page_locale, uid).is_none() {
            continue;
        }
        let Some((url, title)) = resolve(env, doc, state, &format!("xref:{uid}"), range) else {
            continue;
        };
        if p > last {
            out.push(Event::Text(CowStr::from(text[last..p].to_string())));
        }
        out.push(Event::Start(Tag::Link {
            link_type: LinkType::Inline,
            dest_url: url.into(),
            title: "".into(),
            id: "".into(),
        }));
        out.push(Event::Text(title.into()));
        out.push(Event::End(TagEnd::Link));
        last = p + 1 + len;
        search = last;
    }
    if out.is_empty() {
        return None;
    }
    if last < text.len() {
        out.push(Event::Text(CowStr::from(text[last..].to_string())));
    }
    Some(out)
}
