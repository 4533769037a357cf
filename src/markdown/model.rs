//! What the renderer takes in (the site's facts, the page) and what it hands
//! back (`Rendered`): the renderer's public types.

use std::collections::HashMap;
use std::sync::Arc;

use serde::Serialize;

use super::snippet_files::SnippetFiles;
use super::{legacy, site_names, structure};
use crate::diagnostics::{Diagnostic, Span};
use crate::links::ContentIndex;

/// What the renderer may ask of the site.
pub struct Env<'a> {
    pub index: &'a ContentIndex,
    /// A localized UI string: `(locale, message id)`.
    pub label: &'a (dyn Fn(&str, &str) -> String + Sync),
    /// The text of a file under `content/<locale>/`: `(locale, path)`.
    pub read: &'a (dyn Fn(&str, &str) -> Option<Arc<str>> + Sync),
    /// Whose list rules to follow (`markdown` in site.toml).
    pub dialect: legacy::Dialect,
    /// What DocFX extensions need to know of the whole site.
    pub site: &'a SiteExtras,
}

/// Site-wide facts that DocFX extensions use: the `monikers` list of
/// site.toml and the pages' `uid`s.
#[derive(Debug, Default)]
pub struct SiteExtras {
    pub monikers: Vec<String>,
    /// `[video] embed = "direct"`: frames on the page instead of click-to-load placeholders.
    pub direct_video: bool,
    pub xrefs: XrefMap,
    /// Snippet files, each read once per render pass.
    pub snippets: SnippetFiles,
    /// Built from the two on first need, once for every page.
    pub(crate) lookups: site_names::SiteLookups,
}

/// The page being rendered.
pub struct PageSource<'a> {
    pub locale: &'a str,
    /// Relative to `content/<locale>/`, e.g. `EndUser/a.md`.
    pub path: &'a str,
    /// Relative to the site root, for diagnostics: `content/en/EndUser/a.md`.
    pub file: &'a str,
    pub text: &'a str,
    pub body_start: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub text: String,
    /// Where the heading's words are in the page's search text (bytes), so
    /// search results can link into the section that matched.
    #[serde(skip)]
    pub search_text: std::ops::Range<usize>,
}

/// A link to a page of the site, kept for the anchor check and for
/// dependency tracking.
#[derive(Debug, Clone)]
pub struct PageLink {
    pub locale: String,
    pub path: String,
    pub fragment: Option<String>,
    /// Where it was written, for the `broken-anchor` diagnostic the site
    /// may report once every page's anchors are known: only when there is a
    /// fragment.
    pub at: Option<Box<Span>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AssetRef {
    /// Locale the file is published under.
    pub locale: String,
    pub path: String,
    /// Locale it is copied from (the default locale on media fallback).
    pub from_locale: String,
}

/// What rendering one page's Markdown found. The renderer alone fills it;
/// the rest of the pipeline reads it, and may only drop what it no longer
/// needs (the HTML once written, the search text once indexed).
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub(super) html: String,
    pub(super) headings: Vec<Heading>,
    /// Every fragment target on the page: heading ids, `id`s and `<a name>`s.
    pub(super) anchors: Vec<String>,
    pub(super) page_links: Vec<PageLink>,
    /// In-page `#fragment` links, checked once the page's anchors are known.
    pub(super) self_links: Vec<(String, Span)>,
    pub(super) assets: Vec<AssetRef>,
    /// Include files used, as `(locale, path)`.
    pub(super) includes: Vec<(String, String)>,
    pub(super) diagnostics: Vec<Diagnostic>,
    pub(super) first_h1: Option<String>,
    /// Visible text, for search.
    pub(super) text: String,
    pub(super) honumber: Option<String>,
    /// What a translation must keep of this page: see `structure`.
    pub(super) structure: structure::Outline,
}

/// What a page that is not Markdown (a YAML landing page) found, for the
/// parts of the pipeline every page goes through.
#[derive(Debug, Default)]
pub struct FoundOnPage {
    pub page_links: Vec<PageLink>,
    pub assets: Vec<AssetRef>,
    pub diagnostics: Vec<Diagnostic>,
    pub first_h1: Option<String>,
    /// Visible text, for search.
    pub text: String,
}

impl Rendered {
    /// A page whose body its own template draws: no HTML, headings or
    /// anchors, only what it links to and says.
    pub fn without_markdown(found: FoundOnPage) -> Rendered {
        Rendered {
            page_links: found.page_links,
            assets: found.assets,
            diagnostics: found.diagnostics,
            first_h1: found.first_h1,
            text: found.text,
            ..Rendered::default()
        }
    }

    pub fn html(&self) -> &str {
        &self.html
    }

    /// The HTML, leaving none behind: a page's HTML is dropped as soon as
    /// the page is written.
    pub fn take_html(&mut self) -> String {
        std::mem::take(&mut self.html)
    }

    pub fn headings(&self) -> &[Heading] {
        &self.headings
    }

    pub fn anchors(&self) -> &[String] {
        &self.anchors
    }

    pub fn page_links(&self) -> &[PageLink] {
        &self.page_links
    }

    pub fn self_links(&self) -> &[(String, Span)] {
        &self.self_links
    }

    pub fn assets(&self) -> &[AssetRef] {
        &self.assets
    }

    pub fn includes(&self) -> &[(String, String)] {
        &self.includes
    }

    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    pub fn first_h1(&self) -> Option<&str> {
        self.first_h1.as_deref()
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// Drops the search text once the index is made.
    pub fn release_text(&mut self) {
        self.text = String::new();
    }

    pub fn honumber(&self) -> Option<&str> {
        self.honumber.as_deref()
    }

    pub fn structure(&self) -> &structure::Outline {
        &self.structure
    }
}

/// A page that declares a uid: where `xref:` links to it lead.
#[derive(Debug, Clone)]
pub struct XrefTarget {
    pub locale: String,
    pub path: String,
    pub title: String,
}

/// uid → the pages that declare it, one per locale.
pub type XrefMap = HashMap<String, Vec<XrefTarget>>;
