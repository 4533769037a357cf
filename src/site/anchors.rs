//! `#fragment` checks. They need the anchors of the pages links point
//! into, so they run once those are rendered: after a full load for every
//! page, after an edit for the pages whose result it can change.

use std::collections::{HashMap, HashSet};

use super::{Page, PageId, PageKind, Site};
use crate::diagnostics::{Code, Diagnostic, Span};
use crate::keys::{ByPage, PageKey};
use crate::markdown::PageLink;

impl Site {
    /// Checks the `#fragment`s of the pages `ids`, replacing what an
    /// earlier check found for them.
    pub(super) fn check_anchors_of(&mut self, ids: impl IntoIterator<Item = PageId>) {
        let ids: Vec<PageId> = ids.into_iter().collect();
        let mut found: HashMap<PageId, Vec<Diagnostic>> = HashMap::new();
        {
            let pages = &self.pages;
            let target_of = |page: &Page, link: &PageLink| -> Option<PageId> {
                self.page_ids
                    .at(&link.locale, &link.path)
                    .or_else(|| self.page_ids.at(&page.locale, &link.path))
                    .copied()
            };
            // Anchor sets of just the pages that fragments point into.
            let mut anchors: HashMap<PageId, HashSet<&str>> = HashMap::new();
            for &id in &ids {
                let page = &pages[id];
                let targets = page
                    .rendered
                    .page_links()
                    .iter()
                    .filter(|l| l.fragment.is_some())
                    .filter_map(|l| target_of(page, l));
                for target in targets.chain(std::iter::once(id)) {
                    anchors.entry(target).or_insert_with(|| {
                        pages[target]
                            .rendered
                            .anchors()
                            .iter()
                            .map(String::as_str)
                            .collect()
                    });
                }
            }
            // Each target's anchors by their lower case, made at its first
            // broken fragment: searching them all for each costs the product.
            let mut by_case: HashMap<PageId, HashMap<String, &str>> = HashMap::new();
            let mut problem = |at: &Span, fragment: &str, target: PageId, name: &str| {
                let lower = by_case
                    .entry(target)
                    .or_insert_with(|| lower_case_index(&anchors[&target]));
                anchor_problem(at, fragment, name, lower)
            };
            for &id in &ids {
                let page = &pages[id];
                if page.kind != PageKind::Content {
                    continue;
                }
                let problems = found.entry(id).or_default();
                for link in page.rendered.page_links() {
                    let (Some(fragment), Some(at), Some(target)) =
                        (&link.fragment, &link.at, target_of(page, link))
                    else {
                        continue;
                    };
                    if !anchors[&target].contains(fragment.as_str()) {
                        problems.push(problem(at, fragment, target, &format!("`{}`", link.path)));
                    }
                }
                for (fragment, at) in page.rendered.self_links() {
                    if !anchors[&id].contains(fragment.as_str()) {
                        problems.push(problem(at, fragment, id, "this page"));
                    }
                }
            }
        }
        for id in ids {
            self.pages[id].anchor_problems = found.remove(&id).unwrap_or_default();
        }
    }

    /// Records the `#fragment` links of page `id`, so that an edit of
    /// their target rechecks them. Stale entries only cost a recheck.
    pub(super) fn index_fragment_links(&mut self, id: PageId) {
        let page = &self.pages[id];
        if page.kind != PageKind::Content {
            return;
        }
        for link in page
            .rendered
            .page_links()
            .iter()
            .filter(|l| l.fragment.is_some())
        {
            for locale in [&link.locale, &page.locale] {
                self.linked_from
                    .entry(PageKey::new(locale, &link.path))
                    .or_default()
                    .insert(id);
            }
        }
    }

    /// Pages whose anchor checks depend on page `id`.
    pub(super) fn fragment_links_into(&self, id: PageId) -> impl Iterator<Item = PageId> + '_ {
        let p = &self.pages[id];
        self.linked_from
            .at(&p.locale, &p.path)
            .into_iter()
            .flatten()
            .copied()
    }
}

/// A page's anchors by their lower case; of those differing only in case,
/// the first in byte order, so the suggestion does not depend on hashing.
fn lower_case_index<'a>(anchors: &HashSet<&'a str>) -> HashMap<String, &'a str> {
    crate::diagnostics::work::add(anchors.len());
    let mut lower: HashMap<String, &str> = HashMap::with_capacity(anchors.len());
    for &anchor in anchors {
        lower
            .entry(anchor.to_lowercase())
            .and_modify(|a| *a = (*a).min(anchor))
            .or_insert(anchor);
    }
    lower
}

fn anchor_problem(
    at: &Span,
    fragment: &str,
    target: &str,
    lower_case: &HashMap<String, &str>,
) -> Diagnostic {
    let message = format!("`#{fragment}`: {target} has no heading or anchor with this id");
    let d = Diagnostic::error(Code::BrokenAnchor, "", message).with_span(at.clone());
    match lower_case.get(&fragment.to_lowercase()) {
        Some(close) => d.with_suggestion(format!("#{close}")),
        None => d,
    }
}
