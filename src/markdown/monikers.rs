//! `:::moniker range="…"`: a moniker range names versions from the site's
//! `monikers` list in site.toml (`>= v2`, `v1 || v3`, `< v3`). With a list,
//! `check` reports names that are not on it; without one, every range shows
//! with its label.

use super::context::Doc;
use super::escape::{escape_attr, escape_text};
use super::model::SiteExtras;
use crate::diagnostics::{Code, Diagnostic};

/// The moniker names a range mentions.
pub(super) fn names(range: &str) -> Vec<&str> {
    range
        .split(|c: char| c.is_whitespace() || "<>=|&".contains(c))
        .filter(|n| !n.is_empty())
        .collect()
}

/// Reports the names in `range` that are not in the site's list, when it has one.
pub(super) fn check(
    site: &SiteExtras,
    doc: &Doc,
    range: &str,
    at: usize,
    diagnostics: &mut Vec<Diagnostic>,
) {
    if site.monikers.is_empty() {
        return;
    }
    for name in names(range) {
        if site.has_moniker(name) {
            continue;
        }
        let mut d = doc.error(
            Code::UnknownMoniker,
            format!("moniker `{name}` is not in `monikers` in site.toml"),
            at,
        );
        if let Some(s) = site.moniker_suggestion(name) {
            d = d.with_suggestion(format!("did you mean `{s}`?"));
        }
        diagnostics.push(d);
    }
}

/// The opening tag of a `:::moniker range="…"` block, labelled with its
/// range for readers without script; the range's names are checked.
pub(super) fn open_block(
    site: &SiteExtras,
    doc: &Doc,
    range: Option<&str>,
    at: usize,
    diagnostics: &mut Vec<Diagnostic>,
) -> String {
    let range = range.unwrap_or_default();
    if range.is_empty() {
        let message = "`:::moniker` needs a `range=\"…\"` attribute";
        diagnostics.push(doc.error(Code::BlockSyntax, message, at));
    }
    check(site, doc, range, at, diagnostics);
    let mut s = String::from("<div class=\"moniker\" data-moniker=\"");
    escape_attr(&mut s, range);
    s.push_str("\">\n<p class=\"moniker-label\">");
    escape_text(&mut s, range);
    s.push_str("</p>\n");
    s
}

#[cfg(test)]
mod tests {
    #[test]
    fn names_in_ranges() {
        assert_eq!(super::names(">= v2 || v1<v3"), ["v2", "v1", "v3"]);
    }
}
