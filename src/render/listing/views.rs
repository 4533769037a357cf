//! What the templates get of the listings: `sections`, `pages` and
//! `listing` on an index page, `listing` in `all-pages.html`.

use serde::Serialize;

/// `sections` (and `pages`) on an index page.
#[derive(Serialize, Clone)]
#[serde(untagged)]
pub enum HomeSections {
    /// The whole list, when it fits one listing page: entries as on a
    /// listing page (see [`Entry`]).
    Whole(Vec<Entry>),
    /// The TOC's first `HOME_SECTIONS` top-level entries.
    Bounded(Vec<Section>),
}

/// One of the home's `sections`:
/// `{title, url, other, group, children: [{title, url, other}], more}`.
#[derive(Serialize, Clone)]
pub struct Section {
    #[serde(flatten)]
    pub link: SectionLink,
    /// An entry without a page of its own: its `url` leads to its place in
    /// the listing pages.
    pub group: bool,
    /// Its first `HOME_CHILDREN` entries.
    pub children: Vec<SectionLink>,
    /// `{count, url}`: how many more pages the section has and where it is
    /// listed whole; null when the home shows them all.
    pub more: Option<More>,
}

/// `{title, lang, untranslated, url, other}`: an entry the home links to.
#[derive(Serialize, Clone)]
pub struct SectionLink {
    /// Null for the "Other pages" group.
    pub title: Option<String>,
    /// The language the title is written in, when it is not the locale's;
    /// null otherwise.
    pub lang: Option<String>,
    /// The language of the page, when it is not translated into the
    /// locale; null otherwise.
    pub untranslated: Option<String>,
    pub url: String,
    /// The "Other pages" group: pages no TOC leads to.
    pub other: bool,
}

/// `more` of a home's section.
#[derive(Serialize, Clone)]
pub struct More {
    pub count: usize,
    pub url: String,
}

/// `listing` on an index page: `{complete, url, count, more_sections}`.
#[derive(Serialize)]
pub struct HomeListing {
    /// The home shows the whole list; there are no listing pages, and no
    /// `url` or `more_sections`.
    pub complete: bool,
    /// The first listing page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The number of pages listed.
    pub count: usize,
    /// The TOC has more top-level entries than the home shows.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub more_sections: Option<bool>,
}

/// `listing` in `all-pages.html`:
/// `{number, count, first, last, total, entries, prev, next}`.
#[derive(Serialize)]
pub struct ListingPage {
    /// This page's number, from 1, of `count` listing pages.
    pub number: usize,
    pub count: usize,
    /// The rows this page lists, `first..=last` of `total`, from 1.
    pub first: usize,
    pub last: usize,
    pub total: usize,
    /// This page's rows as a tree.
    pub entries: Vec<Entry>,
    /// The previous and next listing pages; null at either end.
    pub prev: Option<String>,
    pub next: Option<String>,
}

/// One entry of a listing:
/// `{id, title, lang, untranslated, url, other, continued, children}`.
#[derive(Serialize, Clone)]
pub struct Entry {
    /// The anchor of the entry's row, `e<row>`; absent on a `continued` entry.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    pub title: Option<String>,
    /// The language the title is written in, when it is not the locale's;
    /// null otherwise.
    pub lang: Option<String>,
    /// The language of the page, when it is not translated into the
    /// locale; null otherwise.
    pub untranslated: Option<String>,
    /// Null for a group without a page of its own.
    pub url: Option<String>,
    pub other: bool,
    /// An entry begun on an earlier listing page, named again above its
    /// rest; present only when true.
    #[serde(skip_serializing_if = "is_false")]
    pub continued: bool,
    pub children: Vec<Entry>,
}

fn is_false(value: &bool) -> bool {
    !value
}
