//! The template view-model: what each template gets to see, computed from
//! the model and what the build generated (hashed asset names, search
//! indexes, the download).
//!
//! Each template's context is one struct, and each of its fields is one
//! template variable. They are the interface themes are written against, so
//! their doc comments are the reference for template writers, and a test
//! (`tests.rs`) holds the README's "Templates" table to the variables and
//! shapes they serialize to. The structs
//! borrow from the model where they can: a context lives only while its
//! page renders.

mod navigation;
mod page;
#[cfg(test)]
mod tests;

use std::collections::BTreeMap;

use serde::Serialize;

use crate::links::{self, href_to, root_prefix};
use crate::offline::Generated;
use crate::site::{PageId, RedirectFrom, Site};

pub use super::listing::{HomeListing, HomeSections, ListingPage};
use super::listing::{Node, Rows};
pub use navigation::{Crumb, NavLink, Navigation, TocItem};
pub use page::{
    meta_tags, Alternate, DateView, MetaTag, MetaView, Outdated, PageView, Translation,
};

/// What every template gets.
#[derive(Serialize)]
pub struct Base<'a> {
    /// `site`: the site's settings and its languages.
    pub site: SiteView<'a>,
    /// `locale`: the page's locale, e.g. `"nl"`.
    pub locale: &'a str,
    /// `home`: the relative URL of this locale's index page (in `404.html`,
    /// from `base_path`).
    pub home: String,
    /// `root`: the relative prefix from the page to the output root, e.g.
    /// `"../"`, for `{{ root }}helpsite.css` (in `404.html`, `base_path`).
    pub root: String,
    /// `assets`: plain name → published name (with a content hash) of the
    /// CSS and JS, relative to `root`: `{{ root }}{{ assets["helpsite.css"] }}`.
    pub assets: &'a BTreeMap<String, String>,
    /// `search_index`: the path of this locale's search index top level (a
    /// script), relative to `root`.
    pub search_index: String,
    /// `download`: the relative path of the site's zip, when `--zip` wrote it
    /// inside the output folder; null otherwise.
    pub download: Option<&'a str>,
}

/// `site`: `{title, default_locale, base_path, portal_url, locales}`.
#[derive(Serialize)]
pub struct SiteView<'a> {
    /// The site's name in the page's locale (`[titles]`, else `title`).
    pub title: &'a str,
    pub default_locale: &'a str,
    pub base_path: &'a str,
    /// Null when the site has none.
    pub portal_url: Option<&'a str>,
    /// Every locale of the site, in `site.toml` order.
    pub locales: Vec<Language<'a>>,
}

/// One of `site.locales()`: `{code, name, title}`, the language's name and
/// the site's, both in that language.
#[derive(Serialize)]
pub struct Language<'a> {
    pub code: &'a str,
    pub name: String,
    pub title: &'a str,
}

/// `page.html`, `index.html` and `redirect.html` for a page of the model.
#[derive(Serialize)]
pub struct PageContext<'a> {
    #[serde(flatten)]
    pub base: Base<'a>,
    /// `page`: the page being rendered (see [`PageView`]).
    pub page: PageView<'a>,
    /// On index pages only: the locale's pages, bounded (see [`HomeLists`]).
    #[serde(flatten)]
    pub home: Option<HomeLists>,
    /// `landing`: in `landing.html`, a YAML landing or hub page's sections
    /// of cards (see [`crate::landing::Landing`]); null on other pages.
    pub landing: Option<&'a crate::landing::Landing>,
}

/// What an index page lists of its locale.
#[derive(Serialize)]
pub struct HomeLists {
    /// `sections`: the TOC's first 24 top-level entries, each with a few of
    /// its pages and a `more` link to the rest (see [`HomeSections`]).
    pub sections: HomeSections,
    /// `listing`: the first listing page and the number of pages listed;
    /// null when the locale has no other pages (see [`HomeListing`]).
    pub listing: Option<HomeListing>,
    /// `pages`: the same list as `sections`, for themes written before the
    /// listing pages (it used to list every page): they get the home's
    /// bounded sections, not an error and not every page.
    pub pages: HomeSections,
}

/// `404.html`, per locale and at the output root. Hosts serve it for
/// missing URLs at any depth, so its `root` and `home` start at
/// `base_path` instead of being relative.
#[derive(Serialize)]
pub struct NotFoundContext<'a> {
    #[serde(flatten)]
    pub base: Base<'a>,
    /// `redirect_locales`: at the root, every locale, so the page sends the
    /// reader on to their language's copy (read by helpsite.js); empty in a
    /// locale's own 404.
    pub redirect_locales: Vec<&'a str>,
}

/// `root.html`: the language chooser at the output root.
#[derive(Serialize)]
pub struct ChooserContext<'a> {
    #[serde(flatten)]
    pub base: Base<'a>,
    /// `languages`: `[{code, url}]`, every locale with its home.
    pub languages: Vec<ChooserLanguage<'a>>,
    /// `locale_codes`: every locale's code.
    pub locale_codes: &'a [String],
}

/// One of `languages` in `root.html`.
#[derive(Serialize)]
pub struct ChooserLanguage<'a> {
    pub code: &'a str,
    /// The site's name in this language.
    pub title: &'a str,
    /// The locale's home, relative to the root.
    pub url: String,
}

/// `all-pages.html`: one listing page, `<locale>/all-pages/<n>.html`.
#[derive(Serialize)]
pub struct ListingContext<'a> {
    #[serde(flatten)]
    pub base: Base<'a>,
    /// `listing`: this page's share of the locale's list (see [`ListingPage`]).
    pub listing: ListingPage,
}

/// `go.html`: `go/<ID>.html`, the address an app links to for a help ID.
#[derive(Serialize)]
pub struct GoContext<'a> {
    #[serde(flatten)]
    pub base: Base<'a>,
    /// `help_id`: the ID, as apps write it.
    pub help_id: &'a str,
    /// `targets`: `[{locale, url, title}]`, the page with this ID in each
    /// locale, the default locale first.
    pub targets: Vec<GoTarget<'a>>,
}

/// One of `targets` in `go.html`.
#[derive(Serialize)]
pub struct GoTarget<'a> {
    pub locale: &'a str,
    pub url: String,
    /// The page's title.
    pub title: String,
    /// The site's name in this locale.
    pub site_title: &'a str,
}

/// `redirect.html` at an old address a page keeps (`redirect_from`).
#[derive(Serialize)]
pub struct RedirectContext<'a> {
    #[serde(flatten)]
    pub base: Base<'a>,
    /// `page`: `{title, redirect_url}` of the page the old address leads to.
    pub page: RedirectPage,
}

/// `page` of a redirect from an old address.
#[derive(Serialize)]
pub struct RedirectPage {
    pub title: String,
    /// The page's URL, relative to the old address.
    pub redirect_url: String,
}

/// The context for one page.
pub fn page<'a>(site: &'a Site, generated: &'a Generated, id: PageId) -> PageContext<'a> {
    page_with_content(site, generated, id, &site.pages()[id].rendered.html())
}

/// The context for one page whose rendered Markdown, `content`, the build
/// has taken out of the model.
pub fn page_with_content<'a>(
    site: &'a Site,
    generated: &'a Generated,
    id: PageId,
    content: &'a str,
) -> PageContext<'a> {
    page_with_listing(site, generated, id, content, None)
}

/// [`page_with_content`] with the locale's page tree (`listing::tree`),
/// when the caller has made it once for every page that shows it.
pub fn page_with_listing<'a>(
    site: &'a Site,
    generated: &'a Generated,
    id: PageId,
    content: &'a str,
    tree: Option<&[Node]>,
) -> PageContext<'a> {
    let page = &site.pages()[id];
    let out_dir = links::parent_dir(&page.output_path()).to_string();
    let home = page.is_index().then(|| {
        let made;
        let tree = match tree {
            Some(tree) => tree,
            None => {
                made = super::listing::tree(site, &page.locale);
                &made
            }
        };
        let (sections, listing) = Rows::new(tree).home(&page.locale, &out_dir);
        HomeLists {
            pages: sections.clone(),
            sections,
            listing,
        }
    });
    PageContext {
        base: base(site, generated, &page.locale, &out_dir),
        page: PageView::of(site, page, &out_dir, content),
        home,
        landing: page.landing.as_deref(),
    }
}

impl PageContext<'_> {
    /// The context as the templates see it, for tests and tools.
    pub fn into_json(self) -> serde_json::Value {
        serde_json::to_value(self).unwrap_or_default()
    }
}

/// What every template gets: `site`, `locale`, `home`, `root`, `assets`,
/// `search_index`, `download`.
pub fn base<'a>(
    site: &'a Site,
    generated: &'a Generated,
    locale: &'a str,
    out_dir: &str,
) -> Base<'a> {
    let config = &site.config();
    Base {
        site: SiteView {
            title: config.title_in(locale),
            default_locale: &config.default_locale,
            base_path: &config.base_path,
            portal_url: config.portal_url.as_deref(),
            locales: site
                .locales()
                .iter()
                .map(|l| Language {
                    code: l,
                    name: site.ui().language_name(l),
                    title: config.title_in(l),
                })
                .collect(),
        },
        locale,
        home: href_to(out_dir, &format!("{locale}/index.html")),
        root: root_prefix(out_dir),
        assets: &generated.assets,
        search_index: generated.search_index_path(locale),
        download: generated.download.as_deref(),
    }
}

/// A "page not found" page in `locale`, or at the root when `at_root`.
pub fn not_found<'a>(
    site: &'a Site,
    generated: &'a Generated,
    locale: &'a str,
    at_root: bool,
) -> NotFoundContext<'a> {
    let root = &site.config().base_path;
    NotFoundContext {
        base: Base {
            root: root.clone(),
            home: format!("{root}{locale}/index.html"),
            ..base(site, generated, locale, "")
        },
        redirect_locales: if at_root {
            site.locales().iter().map(String::as_str).collect()
        } else {
            Vec::new()
        },
    }
}

/// The language chooser at the output root: every locale with its home.
pub fn root_chooser<'a>(site: &'a Site, generated: &'a Generated) -> ChooserContext<'a> {
    ChooserContext {
        base: base(site, generated, &site.config().default_locale, ""),
        languages: site
            .locales()
            .iter()
            .map(|l| ChooserLanguage {
                code: l,
                title: site.config().title_in(l),
                url: href_to("", &format!("{l}/index.html")),
            })
            .collect(),
        locale_codes: &site.locales(),
    }
}

/// `go/<ID>.html` at `path` for `help_id`, which the pages `by_locale`
/// carry.
pub fn go<'a>(
    site: &'a Site,
    generated: &'a Generated,
    path: &str,
    help_id: &'a str,
    by_locale: &'a BTreeMap<String, PageId>,
) -> GoContext<'a> {
    let out_dir = links::parent_dir(path);
    let default = &site.config().default_locale;
    // The default locale first: the reader's last resort, and the no-JS reader's first link.
    let mut targets: Vec<_> = by_locale.iter().collect();
    targets.sort_by_key(|(locale, _)| (*locale != default, (*locale).clone()));
    let targets = targets
        .into_iter()
        .map(|(locale, &id)| {
            let page = &site.pages()[id];
            GoTarget {
                locale,
                url: href_to(out_dir, &page.output_path()),
                title: site.page_title(page),
                site_title: site.config().title_in(locale),
            }
        })
        .collect();
    GoContext {
        base: base(site, generated, default, out_dir),
        help_id,
        targets,
    }
}

/// The redirect page at `path`, the old address of `redirect`.
pub fn redirect<'a>(
    site: &'a Site,
    generated: &'a Generated,
    path: &str,
    redirect: &'a RedirectFrom,
) -> RedirectContext<'a> {
    let out_dir = links::parent_dir(path);
    let target = &site.pages()[redirect.to];
    RedirectContext {
        base: base(site, generated, &redirect.locale, out_dir),
        page: RedirectPage {
            title: site.page_title(target),
            redirect_url: href_to(out_dir, &target.output_path()),
        },
    }
}
