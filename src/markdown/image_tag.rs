//! The `<img>` of a `:::image …:::`, shared by the block form (a line of its
//! own) and the inline form (a table cell, mid-line), so both read the same
//! attributes, resolve and check the same way, and link a `lightbox` alike.

use std::ops::Range;

use super::context::{Doc, State};
use super::escape::escape_attr;
use super::model::Env;
use super::references::{refused_link, resolve_ref};
use crate::diagnostics::Code;
use crate::links::RefKind;

/// What the caller wraps around the picture.
pub(super) struct Picture {
    /// The `<img>`, in its lightbox link when there is one.
    pub html: String,
    /// DocFX frames a picture unless `border="false"`; never an icon.
    pub bordered: bool,
}

/// The picture of the `:::image` whose attributes are `attrs` and whose bytes
/// are `range` of the body; `None`, reported, without a `source`.
/// `described_by` names the long description of a complex image.
pub(super) fn picture(
    env: &Env,
    doc: &Doc,
    state: &mut State,
    attrs: &[(String, String)],
    range: &Range<usize>,
    described_by: Option<&str>,
) -> Option<Picture> {
    let at = doc.body_start + range.start;
    let attr = |name: &str| {
        attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    };
    let Some(source) = attr("source").filter(|s| !s.is_empty()) else {
        missing_attribute(doc, state, at, "source");
        return None;
    };
    let kind = attr("type").unwrap_or("content");
    let alt = attr("alt-text").unwrap_or_default();
    if kind != "icon" && alt.is_empty() {
        missing_attribute(doc, state, at, "alt-text");
    }
    // Where the value is written, for the caret of a diagnostic about it.
    let written_at = |value: &str| {
        let own = &doc.text[at..doc.body_start + range.end];
        own.find(value).map(|n| at + n)
    };
    let (src, _) = resolve_ref(
        env,
        doc,
        state,
        source,
        range,
        RefKind::Image,
        written_at(source),
    );
    let mut img = String::from("<img src=\"");
    escape_attr(&mut img, &src);
    if kind == "icon" {
        img.push_str("\" role=\"presentation\" alt=\"\"");
    } else {
        img.push_str("\" alt=\"");
        escape_attr(&mut img, alt);
        img.push('"');
    }
    if let Some(id) = described_by {
        img.push_str(" aria-describedby=\"");
        escape_attr(&mut img, id);
        img.push('"');
    }
    img.push('>');
    // The lightbox is a link, not a picture: a `data:image/svg+xml` one
    // would open a document that can run script.
    if let Some(big) = attr("lightbox").filter(|big| !refused_link(doc, state, big, at)) {
        let (href, _) = resolve_ref(env, doc, state, big, range, RefKind::Image, written_at(big));
        // DocFX marks the link with `#lightbox`; the theme opens such links
        // in an overlay, and without script the link opens the picture.
        let mut a = String::from("<a href=\"");
        escape_attr(&mut a, &href);
        a.push_str("#lightbox\">");
        img = format!("{a}{img}</a>");
    }
    let bordered = attr("border").is_none_or(|b| b != "false") && kind != "icon";
    Some(Picture {
        html: img,
        bordered,
    })
}

fn missing_attribute(doc: &Doc, state: &mut State, at: usize, name: &str) {
    let message = format!("`:::image` needs a `{name}=\"…\"` attribute");
    (state.out.diagnostics).push(doc.error(Code::BlockSyntax, message, at));
}
