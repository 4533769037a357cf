//! The locale's list of every page, in two bounded forms: the home shows
//! the TOC's sections with a few entries each, and the complete list is
//! split over "all pages" listing pages of `PER_PAGE` entries, linked
//! with previous/next. A list that fits one listing page is shown whole on
//! the home instead. A home that listed every page grew with the site
//! (8 MB of HTML per locale at 100,000 pages), and it is in what every
//! phone saves ahead; the listing pages are only fetched when opened.

use std::collections::{HashMap, HashSet};

use serde_json::{json, Value};

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

/// One entry of the page tree. `path` is the output path of the page it
/// links to; a group title (a TOC entry without a page of its own, or the
/// pages no TOC leads to, `other`) has none.
pub struct Node {
    pub title: Option<String>,
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
    let listable = |p: &&Page| p.locale == locale && !p.is_index() && p.redirect_url().is_none();
    let leaf = |p: &Page| Node {
        title: Some(site.page_title(p)),
        path: Some(p.output_path()),
        other: false,
        children: Vec::new(),
    };
    // Unlisted pages by the entry they hang under (by address: entries are
    // not unique by value).
    let mut hung: HashMap<*const TocEntry, Vec<&Page>> = HashMap::new();
    let mut orphans: Vec<&Page> = Vec::new();
    let mut tocs: Vec<&Toc> = Vec::new();
    for p in site.pages().iter().filter(listable) {
        let place = site.place(p);
        if let Some(toc) = place.toc {
            if !tocs.iter().any(|t| std::ptr::eq(*t, toc)) {
                tocs.push(toc);
            }
        }
        match place.trail.last() {
            Some(_) if place.listed => {}
            Some(e) => hung.entry(*e as *const TocEntry).or_default().push(p),
            _ => orphans.push(p),
        }
    }
    for pages in hung.values_mut() {
        pages.sort_by_cached_key(|p| site.page_title(p));
    }
    tocs.sort_by(|a, b| a.dir.cmp(&b.dir));
    let mut seen: HashSet<(String, String)> = HashSet::new();
    struct Walk<'a, 'b> {
        site: &'a Site,
        hung: &'b HashMap<*const TocEntry, Vec<&'a Page>>,
        leaf: &'b dyn Fn(&Page) -> Node,
    }
    fn walk(w: &Walk, entries: &[TocEntry], seen: &mut HashSet<(String, String)>) -> Vec<Node> {
        let mut out = Vec::new();
        for e in entries {
            let target = e.page.as_ref().and_then(|(l, p)| w.site.page(l, p));
            let first_time = e.page.as_ref().is_some_and(|k| seen.insert(k.clone()));
            let mut children = walk(w, &e.children, seen);
            for p in w.hung.get(&(e as *const TocEntry)).into_iter().flatten() {
                if seen.insert((p.locale.clone(), p.path.clone())) {
                    children.push((w.leaf)(p));
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
                path,
                other: false,
                children,
            });
        }
        out
    }
    let w = Walk {
        site,
        hung: &hung,
        leaf: &leaf,
    };
    let mut list = Vec::new();
    for toc in tocs {
        list.extend(walk(&w, &toc.entries, &mut seen));
    }
    let mut rest: Vec<&Page> = orphans
        .into_iter()
        .filter(|p| !seen.contains(&(p.locale.clone(), p.path.clone())))
        .collect();
    rest.sort_by_cached_key(|p| site.page_title(p));
    if !rest.is_empty() {
        let children: Vec<Node> = rest.into_iter().map(leaf).collect();
        if list.is_empty() {
            return children;
        }
        list.push(Node {
            title: None,
            path: None,
            other: true,
            children,
        });
    }
    list
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
    pub fn home(&self, locale: &str, out_dir: &str) -> (Vec<Value>, Value) {
        if self.rows.is_empty() {
            return (Vec::new(), Value::Null);
        }
        if self.fits_home() {
            let entries = self.entries(0, self.rows.len(), out_dir);
            return (entries, json!({"complete": true, "count": self.links()}));
        }
        let entry = |i: usize| -> Value {
            let node = self.rows[i].node;
            let url = match &node.path {
                Some(p) => href_to(out_dir, p),
                None => self.row_url(locale, out_dir, i),
            };
            json!({"title": node.title, "url": url, "other": node.other})
        };
        let mut sections = Vec::new();
        for &i in self.sections.iter().take(HOME_SECTIONS) {
            let node = self.rows[i].node;
            let mut value = entry(i);
            value["group"] = Value::Bool(node.path.is_none());
            let mut shown = 0;
            let mut children = Vec::new();
            // Rows of the direct children: each follows its predecessor's subtree.
            let mut row = i + 1;
            for child in node.children.iter().take(HOME_CHILDREN) {
                children.push(entry(row));
                shown += usize::from(child.path.is_some());
                row += 1 + descendants(child);
            }
            let more = node.links() - usize::from(node.path.is_some()) - shown;
            value["children"] = Value::Array(children);
            value["more"] = if more > 0 {
                json!({"count": more, "url": self.row_url(locale, out_dir, i)})
            } else {
                Value::Null
            };
            sections.push(value);
        }
        let listing = json!({
            "complete": false,
            "url": href_to(out_dir, &Self::page_path(locale, 1)),
            "count": self.links(),
            "more_sections": self.sections.len() > HOME_SECTIONS,
        });
        (sections, listing)
    }

    /// Listing page `number` (from 1): its entries as a tree, those of an
    /// entry begun on an earlier page under its ancestors marked
    /// `continued`, and the previous and next pages.
    pub fn page(&self, locale: &str, number: usize) -> Value {
        let out_dir = format!("{locale}/{LISTING_DIR}");
        let start = (number - 1) * PER_PAGE;
        let end = (start + PER_PAGE).min(self.rows.len());
        let count = self.page_count();
        let link = |n: usize| href_to(&out_dir, &Self::page_path(locale, n));
        json!({
            "number": number,
            "count": count,
            "first": start + 1,
            "last": end,
            "total": self.rows.len(),
            "entries": self.entries(start, end, &out_dir),
            "prev": (number > 1).then(|| link(number - 1)),
            "next": (number < count).then(|| link(number + 1)),
        })
    }

    /// Rows `start..end` as a tree, from `out_dir`, under the ancestors of
    /// the first (named, marked `continued`).
    fn entries(&self, start: usize, end: usize, out_dir: &str) -> Vec<Value> {
        let mut items: Vec<(usize, Value)> = Vec::new();
        let mut ancestors = Vec::new();
        let mut up = self.rows.get(start).and_then(|r| r.parent);
        while let Some(a) = up {
            ancestors.push(a);
            up = self.rows[a].parent;
        }
        for &a in ancestors.iter().rev() {
            let node = self.rows[a].node;
            items.push((
                self.rows[a].depth,
                json!({"title": node.title, "url": null, "other": node.other, "continued": true}),
            ));
        }
        for i in start..end {
            let row = &self.rows[i];
            let url = row.node.path.as_ref().map(|p| href_to(out_dir, p));
            items.push((
                row.depth,
                json!({"id": format!("e{i}"), "title": row.node.title, "url": url, "other": row.node.other}),
            ));
        }
        nest(&items)
    }
}

fn descendants(node: &Node) -> usize {
    node.children.iter().map(|c| 1 + descendants(c)).sum()
}

/// Rows with depths, in reading order, as a tree of `children`. The first
/// row has the smallest depth.
fn nest(items: &[(usize, Value)]) -> Vec<Value> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < items.len() {
        let depth = items[i].0;
        let mut j = i + 1;
        while j < items.len() && items[j].0 > depth {
            j += 1;
        }
        let mut value = items[i].1.clone();
        value["children"] = Value::Array(nest(&items[i + 1..j]));
        out.push(value);
        i = j;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leaf(n: usize) -> Node {
        Node {
            title: Some(format!("p{n}")),
            path: Some(format!("nl/p{n}.html")),
            other: false,
            children: Vec::new(),
        }
    }

    fn group(title: &str, children: Vec<Node>) -> Node {
        Node {
            title: Some(title.into()),
            path: None,
            other: false,
            children,
        }
    }

    fn links_in(entries: &Value, out: &mut Vec<String>) {
        for e in entries.as_array().unwrap() {
            if let Some(u) = e["url"].as_str() {
                out.push(u.to_string());
            }
            links_in(&e["children"], out);
        }
    }

    #[test]
    fn every_page_is_on_exactly_one_listing_page_with_its_ancestors() {
        let tree = vec![
            group("a", (0..450).map(leaf).collect()),
            group("b", vec![group("c", (450..700).map(leaf).collect())]),
        ];
        let rows = Rows::new(&tree);
        assert_eq!(rows.links(), 700);
        assert_eq!(rows.page_count(), (700 + 3usize).div_ceil(PER_PAGE));
        let mut all = Vec::new();
        for n in 1..=rows.page_count() {
            let page = rows.page("nl", n);
            let mut links = Vec::new();
            links_in(&page["entries"], &mut links);
            assert!(links.len() <= PER_PAGE);
            all.extend(links);
        }
        let expected: Vec<String> = (0..700).map(|n| format!("../p{n}.html")).collect();
        assert_eq!(all, expected);
        // Rows: a, its 450 pages, b, c, its 250 pages. Page 3 (rows
        // 400–599) begins inside "a", page 4 inside "b" › "c": they are
        // named again, marked as continued, not linked.
        let page = rows.page("nl", 3);
        assert_eq!(page["entries"][0]["title"], "a");
        assert_eq!(page["entries"][0]["continued"], true);
        assert_eq!(page["entries"][1]["title"], "b");
        assert_eq!(page["entries"][1]["continued"], Value::Null);
        assert_eq!(page["prev"], "2.html");
        assert_eq!(page["next"], "4.html");
        let page = rows.page("nl", 4);
        let first = &page["entries"][0];
        assert_eq!(
            (&first["title"], &first["continued"]),
            (&json!("b"), &json!(true))
        );
        let c = &first["children"][0];
        assert_eq!((&c["title"], &c["continued"]), (&json!("c"), &json!(true)));
        // Row 600 is the 148th page of "c": p597.
        assert_eq!(c["children"][0]["url"], "../p597.html");
        assert_eq!(page["prev"], "3.html");
        assert_eq!(page["next"], Value::Null);
    }

    #[test]
    fn a_short_list_is_shown_whole_on_the_home() {
        let tree = vec![group("a", (0..50).map(leaf).collect())];
        let rows = Rows::new(&tree);
        assert!(rows.fits_home());
        assert_eq!(rows.page_count(), 0);
        let (entries, listing) = rows.home("nl", "nl");
        assert_eq!(listing["complete"], true);
        let mut links = Vec::new();
        links_in(&Value::Array(entries), &mut links);
        let expected: Vec<String> = (0..50).map(|n| format!("p{n}.html")).collect();
        assert_eq!(links, expected);
    }

    #[test]
    fn the_home_is_bounded_and_its_more_links_land_on_the_section() {
        let tree: Vec<Node> = (0..40)
            .map(|s| {
                group(
                    &format!("s{s}"),
                    (s * 100..s * 100 + 100).map(leaf).collect(),
                )
            })
            .collect();
        let rows = Rows::new(&tree);
        let (sections, listing) = rows.home("nl", "nl");
        assert_eq!(sections.len(), HOME_SECTIONS);
        assert_eq!(listing["count"], 4000);
        assert_eq!(listing["more_sections"], true);
        assert_eq!(listing["url"], "all-pages/1.html");
        for (s, section) in sections.iter().enumerate() {
            assert_eq!(section["children"].as_array().unwrap().len(), HOME_CHILDREN);
            assert_eq!(section["more"]["count"], 100 - HOME_CHILDREN);
            // Section s starts at row s × 101.
            let row = s * 101;
            assert_eq!(
                section["more"]["url"],
                format!("all-pages/{}.html#e{row}", row / PER_PAGE + 1)
            );
        }
    }
}
