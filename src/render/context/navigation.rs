//! `page.breadcrumbs`, `page.toc`, `page.prev` and `page.next`: the
//! navigation from the TOC that governs a page (see `Site::place`).

use serde::Serialize;

use crate::links::{self, href_to};
use crate::render::listing::{foreign_language, toc_locale};
use crate::site::{Page, Place, Site};
use crate::toc::TocEntry;

/// A page's navigation. The fields serialize in this order, after the
/// page's other fields.
#[derive(Serialize)]
pub struct Navigation<'a> {
    /// `page.breadcrumbs`: `[{title, url}]` from the locale's home down to
    /// the page above this one; `url` is null for a TOC entry without a
    /// page.
    pub breadcrumbs: Vec<Crumb>,
    /// `page.toc`: the governing TOC as a tree; absent when no TOC governs
    /// the page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub toc: Option<Vec<TocItem<'a>>>,
    /// `page.prev`: the TOC's page before this one, for a page the TOC
    /// lists; absent at the first.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prev: Option<NavLink>,
    /// `page.next`: the TOC's page after this one; absent at the last.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next: Option<NavLink>,
}

/// One of `page.breadcrumbs`.
#[derive(Serialize)]
pub struct Crumb {
    pub title: String,
    pub url: Option<String>,
}

/// `page.prev` or `page.next`: `{title, url}`.
#[derive(Serialize)]
pub struct NavLink {
    pub title: String,
    pub url: Option<String>,
}

/// One entry of `page.toc`:
/// `{title, lang, untranslated, url, current, near, unresolved, open, children}`.
#[derive(Serialize)]
pub struct TocItem<'a> {
    /// As the TOC writes it.
    pub title: &'a str,
    /// The language the title is written in, when it is not the page's
    /// (the default locale's TOC); null otherwise.
    pub lang: Option<&'a str>,
    /// The language the entry's page is written in, when it is not
    /// translated into the page's locale; null otherwise.
    pub untranslated: Option<&'a str>,
    /// Null for an entry without a page or link.
    pub url: Option<String>,
    /// The entry of the page being rendered.
    pub current: bool,
    /// The entry an unlisted page is reached from.
    pub near: bool,
    /// The entry's link leads nowhere: shown, but not as a link.
    pub unresolved: bool,
    /// The entry is on the way to the page: a sidebar shows it expanded.
    pub open: bool,
    pub children: Vec<TocItem<'a>>,
}

/// Where the entries of one page's navigation lead, from its folder.
struct Here<'s> {
    out_dir: &'s str,
    me: (String, String),
}

impl Here<'_> {
    fn url_of(&self, entry: &TocEntry) -> Option<String> {
        match (&entry.page, &entry.external) {
            (Some((l, p)), _) => Some(href_to(self.out_dir, &links::page_output_path(l, p))),
            (None, Some(x)) => Some(x.clone()),
            _ => None,
        }
    }

    fn is_me(&self, entry: &TocEntry) -> bool {
        entry.page.as_ref() == Some(&self.me)
    }
}

/// The navigation of `page`, output in `out_dir`; none on the home.
pub fn of<'a>(site: &'a Site, page: &Page, out_dir: &str) -> Option<Navigation<'a>> {
    if page.is_index() {
        return None;
    }
    let place = site.place(page);
    let from = Here {
        out_dir,
        me: (page.locale.clone(), page.path.clone()),
    };
    let mut navigation = Navigation {
        breadcrumbs: breadcrumbs(site, page, &place, &from),
        toc: None,
        prev: None,
        next: None,
    };
    let Some(toc) = place.toc else {
        return Some(navigation);
    };
    let near = if place.listed {
        None
    } else {
        place.trail.last().copied()
    };
    let title_lang = toc_locale(toc).filter(|l| *l != page.locale);
    navigation.toc = Some(tree(
        site,
        (&toc.entries, title_lang),
        &from,
        &place.trail,
        near,
    ));
    if place.listed {
        let linear = toc.linear();
        if let Some(pos) = linear.iter().position(|e| from.is_me(e)) {
            let link = |e: &TocEntry| NavLink {
                title: site.display_title(&e.title),
                url: from.url_of(e),
            };
            navigation.prev = pos.checked_sub(1).map(|p| link(linear[p]));
            navigation.next = linear.get(pos + 1).map(|e| link(e));
        }
    }
    Some(navigation)
}

/// The home first, then the folders, the TOC trail and the page in
/// between: each place once, never the page itself.
fn breadcrumbs(site: &Site, page: &Page, place: &Place, from: &Here) -> Vec<Crumb> {
    let out_dir = from.out_dir;
    let own_url = href_to(out_dir, &page.output_path());
    let home = href_to(out_dir, &format!("{}/index.html", page.locale));
    let mut crumbs: Vec<Crumb> = Vec::new();
    let mut push = |title: String, url: Option<String>| {
        let duplicate = crumbs
            .iter()
            .any(|c| c.url.is_some() && c.url.as_deref() == url.as_deref());
        if title.trim().is_empty() || duplicate || url.as_deref() == Some(own_url.as_str()) {
            return;
        }
        // The home is the first crumb; a TOC entry for it adds nothing.
        if url.as_deref() == Some(home.as_str()) && !crumbs.is_empty() {
            return;
        }
        crumbs.push(Crumb { title, url });
    };
    push(
        site.ui().text(&page.locale, "site-home"),
        Some(home.clone()),
    );
    for &id in &place.folders {
        let p = &site.pages()[id];
        push(site.page_title(p), Some(href_to(out_dir, &p.output_path())));
    }
    for e in &place.trail {
        if !from.is_me(e) {
            push(site.display_title(&e.title), from.url_of(e));
        }
    }
    if let Some(id) = place.via {
        let p = &site.pages()[id];
        push(site.page_title(p), Some(href_to(out_dir, &p.output_path())));
    }
    crumbs
}

/// `entries` as `page.toc`: entries on `trail` open, `near` marked.
fn tree<'a>(
    site: &'a Site,
    (entries, title_lang): (&'a [TocEntry], Option<&'a str>),
    from: &Here,
    trail: &[&TocEntry],
    near: Option<&TocEntry>,
) -> Vec<TocItem<'a>> {
    entries
        .iter()
        .map(|e| TocItem {
            title: &e.title,
            lang: title_lang,
            untranslated: e
                .page
                .as_ref()
                .and_then(|(l, p)| site.page(l, p))
                .and_then(|p| foreign_language(site, p, &from.me.0)),
            url: from.url_of(e),
            current: from.is_me(e),
            near: near.is_some_and(|a| std::ptr::eq(a, e)),
            unresolved: e.unresolved,
            open: trail.iter().any(|t| std::ptr::eq(*t, e)),
            children: tree(site, (&e.children, title_lang), from, trail, near),
        })
        .collect()
}
