//! What a release publishes that others link to: every page address per
//! locale with its anchors, help IDs and old addresses (`urls.json`), the
//! help IDs for app developers (`help-ids.json`), and the comparison of a
//! site with an earlier release's `urls.json` (`check --against`).

pub mod compare;
mod front_edit;

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::links::{self, page_output_path};
use crate::site::{PageKind, Site};

pub const URLS: &str = "urls.json";
pub const HELP_IDS: &str = "help-ids.json";
/// Changes only when the shape of `urls.json` does, so an older file can be read.
pub const FORMAT: u32 = 1;

pub use crate::site::go_path;

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct Manifest {
    /// `"helpsite"`, first in the file: how a build knows an output folder
    /// as its own (`output::is_helpsite_output`) without a marker file
    /// that the web server would publish. Absent in files of older releases.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub generator: String,
    pub format: u32,
    pub default_locale: String,
    /// Sorted by `url`.
    pub pages: Vec<Entry>,
}

/// One published address. All URLs are relative to the output root.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct Entry {
    pub url: String,
    pub locale: String,
    /// `page`, `index`, `fallback` (an untranslated page in this locale)
    /// or `redirect` (a `redirect_url` page or an old address).
    pub kind: String,
    /// The source file, for pages; for a fallback, its default-locale source.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assetid: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub help_ids: Vec<String>,
    /// Every `#fragment` the page answers, old DocFX heading ids included.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub anchors: Vec<String>,
    /// Old addresses that lead here (`redirect_from`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub redirects: Vec<String>,
    /// Where a redirect leads: a URL of this site, or an external one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub redirect_to: Option<String>,
}

impl Manifest {
    pub fn of(site: &Site) -> Manifest {
        let mut pages = Vec::new();
        let redirects = site.redirects_from();
        for page in site.pages() {
            let url = page.output_path();
            let shown = site.shown(page);
            let kind = match page.kind {
                _ if page.redirect_url().is_some() => "redirect",
                PageKind::Fallback { .. } => "fallback",
                PageKind::GeneratedIndex => "index",
                PageKind::Content if page.is_index() => "index",
                PageKind::Content => "page",
            };
            let redirect_to = site.redirect_target(page).map(|target| {
                if links::is_external(&target) {
                    return target;
                }
                let (path, _, _) = links::split_href(&target);
                links::join_normalized(links::parent_dir(&url), &links::percent_decode(path))
                    .unwrap_or_default()
            });
            let mut anchors = shown.rendered.anchors().to_vec();
            anchors.sort();
            anchors.dedup();
            pages.push(Entry {
                url: url.clone(),
                locale: page.locale.clone(),
                kind: kind.to_string(),
                source: (page.kind != PageKind::GeneratedIndex).then(|| shown.file.clone()),
                assetid: shown.front.get_str("ms.assetid"),
                help_ids: site.help_ids_of(page),
                anchors: if redirect_to.is_some() {
                    Vec::new()
                } else {
                    anchors
                },
                redirects: redirects
                    .iter()
                    .filter(|r| site.pages()[r.to].output_path() == url)
                    .map(|r| page_output_path(&r.locale, &r.old_path))
                    .collect(),
                redirect_to,
            });
        }
        for r in &redirects {
            pages.push(Entry {
                url: page_output_path(&r.locale, &r.old_path),
                locale: r.locale.clone(),
                kind: "redirect".into(),
                redirect_to: Some(site.pages()[r.to].output_path()),
                ..Default::default()
            });
        }
        pages.sort_by(|a, b| a.url.cmp(&b.url));
        pages.dedup_by(|a, b| a.url == b.url);
        Manifest {
            generator: crate::output::GENERATOR.to_string(),
            format: FORMAT,
            default_locale: site.config().default_locale.clone(),
            pages,
        }
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default() + "\n"
    }

    /// The entries by address, made once for all the lookups of a comparison.
    pub fn by_url(&self) -> ByUrl<'_> {
        crate::diagnostics::work::add(self.pages.len());
        ByUrl(self.pages.iter().map(|e| (e.url.as_str(), e)).collect())
    }
}

/// A manifest's entries by address.
pub struct ByUrl<'m>(HashMap<&'m str, &'m Entry>);

impl<'m> ByUrl<'m> {
    /// The entry at `url`, following redirects inside the site to the
    /// page a reader lands on (at most a few hops, so a loop ends).
    pub fn landing(&self, url: &str) -> Option<&'m Entry> {
        crate::diagnostics::work::add(1);
        let mut at = *self.0.get(url)?;
        for _ in 0..8 {
            match at.redirect_to.as_deref().and_then(|u| self.0.get(u)) {
                Some(next) => at = next,
                None => break,
            }
        }
        Some(at)
    }
}

/// `help-ids.json`: for each help ID, its `go/` page and the page a reader
/// of each locale lands on, with whether that page is translated.
pub fn help_ids_json(site: &Site) -> String {
    let mut ids = serde_json::Map::new();
    for (help_id, by_locale) in site.help_ids() {
        let mut pages = serde_json::Map::new();
        for (locale, id) in by_locale {
            let page = &site.pages()[id];
            pages.insert(
                locale,
                json!({
                    "url": page.output_path(),
                    "title": site.page_title(page),
                    "translated": page.kind == PageKind::Content,
                }),
            );
        }
        ids.insert(
            help_id.clone(),
            json!({"go": go_path(&help_id), "pages": pages}),
        );
    }
    let doc = json!({
        "default_locale": site.config().default_locale,
        "locales": site.locales(),
        "help_ids": ids,
    });
    serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n"
}
