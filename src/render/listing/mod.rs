//! The locale's list of every page, in two bounded forms: the home shows
//! the TOC's sections with a few entries each, and the complete list is
//! split over "all pages" listing pages of `PER_PAGE` entries, linked
//! with previous/next. A list that fits one listing page is shown whole on
//! the home instead. A home that listed every page grew with the site
//! (8 MB of HTML per locale at 100,000 pages), and it is in what every
//! phone saves ahead; the listing pages are only fetched when opened.

use std::collections::{HashMap, HashSet};

use crate::links::href_to;
use crate::site::{Page, Site};
use crate::toc::{Toc, TocEntry};

/// Entries on one listing page.
pub const PER_PAGE: usize = 200;
/// Sections the home shows; the rest are on the listing pages.
pub const HOME_SECTIONS: usize = 24;
/// Entries the home shows under each section.
pub const HOME_CHILDREN: usize = 8;
/// The listing pages of a locale: `<locale>/LISTING_DIR/<n>.html`, from 1.
pub use crate::site::LISTING_DIR;

mod views;
pub use views::{Entry, HomeListing, HomeSections, ListingPage, More, Section, SectionLink};

/// One entry of the page tree. `path` is the output path of the page it
/// links to; a group title (a TOC entry without a page of its own, or the
/// pages no TOC leads to, `other`) has none.
pub struct Node {
    pub title: Option<String>,
    /// The language its title is written in, when that is not the
    /// locale's: a default-locale TOC's entry or page title.
    pub lang: Option<String>,
    /// The language of the page it links to, when that page is not
    /// translated into the locale.
    pub untranslated: Option<String>,
    pub path: Option<String>,
    pub other: bool,
    pub children: Vec<Node>,
}

impl Node {
    fn links(&self) -> usize {
        usize::from(self.path.is_some()) + self.children.iter().map(Node::links).sum::<usize>()
    }
}

/// Every page of the locale once, as a tree: the TOC's tree (each
/// unlisted page under the entry it is reached from, see `Site::place`),
/// then the pages no TOC leads to, by title.
pub fn tree(site: &Site, locale: &str) -> Vec<Node> {
    let places = Places::of(site, locale);
    let mut seen: HashSet<(String, String)> = HashSet::new();
    let mut list = Vec::new();
    for toc in &places.tocs {
        let by = (locale, toc_locale(toc));
        list.extend(places.walk(site, by, &toc.entries, &mut seen));
    }
    let mut rest: Vec<&Page> = places
        .orphans
        .into_iter()
        .filter(|p| !seen.contains(&(p.locale.clone(), p.path.clone())))
        .collect();
    rest.sort_by_cached_key(|p| site.page_title(p));
    if !rest.is_empty() {
        let children: Vec<Node> = rest.into_iter().map(|p| leaf(site, p)).collect();
        if list.is_empty() {
            return children;
        }
        list.push(Node {
            title: None,
            lang: None,
            untranslated: None,
            path: None,
            other: true,
            children,
        });
    }
    list
}

/// The locale whose text `page` shows, when a reader of `reader_locale`
/// gets it untranslated: an untranslated page, or a link into another
/// locale.
pub fn foreign_language<'s>(
    site: &'s Site,
    page: &'s Page,
    reader_locale: &str,
) -> Option<&'s str> {
    let shown = site.shown(page);
    (shown.locale != reader_locale).then_some(shown.locale.as_str())
}

/// The locale whose TOC file `toc` is (`content/<locale>/…`), the
/// language its titles are written in.
pub fn toc_locale(toc: &Toc) -> Option<&str> {
    toc.file.strip_prefix("content/")?.split('/').next()
}

fn leaf(site: &Site, page: &Page) -> Node {
    Node {
        title: Some(site.page_title(page)),
        lang: foreign_language(site, page, &page.locale).map(str::to_string),
        untranslated: foreign_language(site, page, &page.locale).map(str::to_string),
        path: Some(page.output_path()),
        other: false,
        children: Vec::new(),
    }
}

/// Where the locale's listable pages sit: the TOCs that govern them, in
/// folder order, the unlisted pages by the entry they hang under, and the
/// pages no TOC leads to.
struct Places<'a> {
    tocs: Vec<&'a Toc>,
    /// By the entry's address: entries are not unique by value. Each by title.
    hung: HashMap<*const TocEntry, Vec<&'a Page>>,
    orphans: Vec<&'a Page>,
}

impl<'a> Places<'a> {
    fn of(site: &'a Site, locale: &str) -> Places<'a> {
        let listable =
            |p: &&Page| p.locale == locale && !p.is_index() && p.redirect_url().is_none();
        let mut places = Places {
            tocs: Vec::new(),
            hung: HashMap::new(),
            orphans: Vec::new(),
        };
        for p in site.pages().iter().filter(listable) {
            let place = site.place(p);
            if let Some(toc) = place.toc {
                if !places.tocs.iter().any(|t| std::ptr::eq(*t, toc)) {
                    places.tocs.push(toc);
                }
            }
            match place.trail.last() {
                Some(_) if place.listed => {}
                Some(e) => places
                    .hung
                    .entry(*e as *const TocEntry)
                    .or_default()
                    .push(p),
                _ => places.orphans.push(p),
            }
        }
        for pages in places.hung.values_mut() {
            pages.sort_by_cached_key(|p| site.page_title(p));
        }
        places.tocs.sort_by(|a, b| a.dir.cmp(&b.dir));
        places
    }

    /// `entries` as nodes, each page once (`seen`), with the unlisted pages
    /// under their entries.
    fn walk(
        &self,
        site: &Site,
        (locale, toc_locale): (&str, Option<&str>),
        entries: &[TocEntry],
        seen: &mut HashSet<(String, String)>,
    ) -> Vec<Node> {
        let mut out = Vec::new();
        for e in entries {
            let target = e.page.as_ref().and_then(|(l, p)| site.page(l, p));
            let first_time = e.page.as_ref().is_some_and(|k| seen.insert(k.clone()));
            let mut children = self.walk(site, (locale, toc_locale), &e.children, seen);
            for p in self.hung.get(&(e as *const TocEntry)).into_iter().flatten() {
                if seen.insert((p.locale.clone(), p.path.clone())) {
                    children.push(leaf(site, p));
                }
            }
            let path = match target {
                Some(p) if first_time && !p.is_index() => Some(p.output_path()),
                _ => None,
            };
            // The home's own entry would only repeat the page it is on.
            if target.is_some_and(|p| p.is_index()) {
                out.extend(children);
                continue;
            }
            if path.is_none() && children.is_empty() {
                continue;
            }
            out.push(Node {
                title: Some(e.title.clone()),
                lang: toc_locale.filter(|l| *l != locale).map(str::to_string),
                untranslated: target
                    .filter(|_| path.is_some())
                    .and_then(|p| foreign_language(site, p, locale))
                    .map(str::to_string),
                path,
                other: false,
                children,
            });
        }
        out
    }
}

/// The tree in reading order, one row per entry.
pub struct Rows<'a> {
    rows: Vec<Row<'a>>,
    /// Row of each top-level entry.
    sections: Vec<usize>,
}

struct Row<'a> {
    node: &'a Node,
    depth: usize,
    parent: Option<usize>,
}

impl<'a> Rows<'a> {
    pub fn new(tree: &'a [Node]) -> Rows<'a> {
        fn flatten<'a>(
            nodes: &'a [Node],
            depth: usize,
            parent: Option<usize>,
            rows: &mut Vec<Row<'a>>,
        ) {
            for node in nodes {
                let me = rows.len();
                rows.push(Row {
                    node,
                    depth,
                    parent,
                });
                flatten(&node.children, depth + 1, Some(me), rows);
            }
        }
        let mut rows = Vec::new();
        flatten(tree, 0, None, &mut rows);
        let sections = (0..rows.len()).filter(|&i| rows[i].depth == 0).collect();
        Rows { rows, sections }
    }

    /// A list that fits one listing page is shown whole on the home, and
    /// there are no listing pages.
    pub fn fits_home(&self) -> bool {
        self.rows.len() <= PER_PAGE
    }

    /// How many listing pages the locale has.
    pub fn page_count(&self) -> usize {
        if self.fits_home() {
            0
        } else {
            self.rows.len().div_ceil(PER_PAGE)
        }
    }

    pub fn links(&self) -> usize {
        self.rows.iter().filter(|r| r.node.path.is_some()).count()
    }

    /// Output path of listing page `number` (from 1).
    pub fn page_path(locale: &str, number: usize) -> String {
        format!("{locale}/{LISTING_DIR}/{number}.html")
    }

    /// Where row `i` is listed, from `out_dir`.
    fn row_url(&self, locale: &str, out_dir: &str, i: usize) -> String {
        let path = Self::page_path(locale, i / PER_PAGE + 1);
        format!("{}#e{i}", href_to(out_dir, &path))
    }

    /// The home's share: `sections` (the first `HOME_SECTIONS` top-level
    /// entries, each with up to `HOME_CHILDREN` entries and a `more` link to
    /// where it is listed whole) and `listing` (the first listing page and
    /// the number of pages listed). When the whole list fits one listing
    /// page, `sections` is the whole tree and `listing.complete` is true.
    pub fn home(&self, locale: &str, out_dir: &str) -> (HomeSections, Option<HomeListing>) {
        if self.rows.is_empty() {
            return (HomeSections::Bounded(Vec::new()), None);
        }
        if self.fits_home() {
            let entries = self.entries(0, self.rows.len(), out_dir);
            let listing = HomeListing {
                complete: true,
                url: None,
                count: self.links(),
                more_sections: None,
            };
            return (HomeSections::Whole(entries), Some(listing));
        }
        let sections = self
            .sections
            .iter()
            .take(HOME_SECTIONS)
            .map(|&i| self.section(locale, out_dir, i))
            .collect();
        let listing = HomeListing {
            complete: false,
            url: Some(href_to(out_dir, &Self::page_path(locale, 1))),
            count: self.links(),
            more_sections: Some(self.sections.len() > HOME_SECTIONS),
        };
        (HomeSections::Bounded(sections), Some(listing))
    }

    /// The top-level entry at row `i` with its first children, as the home
    /// shows it.
    fn section(&self, locale: &str, out_dir: &str, i: usize) -> Section {
        let link = |i: usize| -> SectionLink {
            let node = self.rows[i].node;
            let url = match &node.path {
                Some(p) => href_to(out_dir, p),
                None => self.row_url(locale, out_dir, i),
            };
            SectionLink {
                title: node.title.clone(),
                lang: node.lang.clone(),
                untranslated: node.untranslated.clone(),
                url,
                other: node.other,
            }
        };
        let node = self.rows[i].node;
        let mut shown = 0;
        let mut children = Vec::new();
        // Rows of the direct children: each follows its predecessor's subtree.
        let mut row = i + 1;
        for child in node.children.iter().take(HOME_CHILDREN) {
            children.push(link(row));
            shown += usize::from(child.path.is_some());
            row += 1 + descendants(child);
        }
        let more = node.links() - usize::from(node.path.is_some()) - shown;
        Section {
            link: link(i),
            group: node.path.is_none(),
            children,
            more: (more > 0).then(|| More {
                count: more,
                url: self.row_url(locale, out_dir, i),
            }),
        }
    }

    /// Listing page `number` (from 1): its entries as a tree, those of an
    /// entry begun on an earlier page under its ancestors marked
    /// `continued`, and the previous and next pages.
    pub fn page(&self, locale: &str, number: usize) -> ListingPage {
        let out_dir = format!("{locale}/{LISTING_DIR}");
        let start = (number - 1) * PER_PAGE;
        let end = (start + PER_PAGE).min(self.rows.len());
        let count = self.page_count();
        let link = |n: usize| href_to(&out_dir, &Self::page_path(locale, n));
        ListingPage {
            number,
            count,
            first: start + 1,
            last: end,
            total: self.rows.len(),
            entries: self.entries(start, end, &out_dir),
            prev: (number > 1).then(|| link(number - 1)),
            next: (number < count).then(|| link(number + 1)),
        }
    }

    /// Rows `start..end` as a tree, from `out_dir`, under the ancestors of
    /// the first (named, marked `continued`).
    fn entries(&self, start: usize, end: usize, out_dir: &str) -> Vec<Entry> {
        let mut items: Vec<(usize, Entry)> = Vec::new();
        let mut ancestors = Vec::new();
        let mut up = self.rows.get(start).and_then(|r| r.parent);
        while let Some(a) = up {
            ancestors.push(a);
            up = self.rows[a].parent;
        }
        for &a in ancestors.iter().rev() {
            let node = self.rows[a].node;
            let entry = Entry {
                id: None,
                title: node.title.clone(),
                lang: node.lang.clone(),
                untranslated: node.untranslated.clone(),
                url: None,
                other: node.other,
                continued: true,
                children: Vec::new(),
            };
            items.push((self.rows[a].depth, entry));
        }
        for i in start..end {
            let row = &self.rows[i];
            let entry = Entry {
                id: Some(format!("e{i}")),
                title: row.node.title.clone(),
                lang: row.node.lang.clone(),
                untranslated: row.node.untranslated.clone(),
                url: row.node.path.as_ref().map(|p| href_to(out_dir, p)),
                other: row.node.other,
                continued: false,
                children: Vec::new(),
            };
            items.push((row.depth, entry));
        }
        nest(items)
    }
}

fn descendants(node: &Node) -> usize {
    node.children.iter().map(|c| 1 + descendants(c)).sum()
}

/// Rows with depths, in reading order, as a tree of `children`: each row
/// goes under the nearest row before it with a smaller depth.
fn nest(items: Vec<(usize, Entry)>) -> Vec<Entry> {
    let mut roots = Vec::new();
    let mut open: Vec<(usize, Entry)> = Vec::new();
    let close = |open: &mut Vec<(usize, Entry)>, roots: &mut Vec<Entry>| {
        if let Some((_, done)) = open.pop() {
            match open.last_mut() {
                Some((_, parent)) => parent.children.push(done),
                None => roots.push(done),
            }
        }
    };
    for (depth, entry) in items {
        while open.last().is_some_and(|(d, _)| *d >= depth) {
            close(&mut open, &mut roots);
        }
        open.push((depth, entry));
    }
    while !open.is_empty() {
        close(&mut open, &mut roots);
    }
    roots
}

#[cfg(test)]
mod tests;
