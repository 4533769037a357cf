//! Where a page sits in its locale's navigation, for breadcrumbs, the
//! sidebar and the section named in search results.
//!
//! A page listed in its TOC sits under its own entry. Most pages of a real
//! DocFX site are not listed (the corpus lists 4 of 104 per locale): they
//! are reached from a listed page's text. Such a page sits under the first
//! listed page (in TOC order) that links to it, directly or through one page
//! in between, so its breadcrumb and sidebar lead back to where a reader
//! would have found it. A page reached from nowhere sits under its folder:
//! the folder's `index.md`, else the TOC's single top entry.

use std::sync::{Arc, Mutex};

use rustc_hash::FxHashMap;

use super::{Page, PageId, Site, TocId};
use crate::keys::{ByPage, PageKey};
use crate::markdown::PageLink;
use crate::toc::{Toc, TocEntry};

/// Which pages a TOC's listed pages lead to, for placing unlisted pages:
/// by target `(locale, path)`, the first entry in reading order whose page
/// links to it, and the first that links to it through one page in
/// between (with that page).
#[derive(Default)]
pub struct Reach {
    direct: FxHashMap<PageKey, usize>,
    through: FxHashMap<PageKey, (usize, PageId)>,
}

/// A page's place: the TOC entries above it, top down.
pub struct Place<'a> {
    pub toc: Option<&'a Toc>,
    /// From the top of the TOC down to the entry the page hangs under. For a
    /// listed page the last entry is its own.
    pub trail: Vec<&'a TocEntry>,
    /// Whether the last entry of `trail` is the page's own.
    pub listed: bool,
    /// The unlisted page the reader passes between the trail and this page.
    pub via: Option<PageId>,
    /// Folder home pages (`<folder>/index.md`) above the page, top down,
    /// when the TOC gives no trail.
    pub folders: Vec<PageId>,
}

impl Place<'_> {
    /// The name of the part of the site the page belongs to: the nearest
    /// entry above it, for search results. Empty at the top.
    pub fn section(&self, site: &Site) -> String {
        if let Some(id) = self.via {
            return site.page_title(&site.pages[id]);
        }
        let above = if self.listed {
            self.trail.len().saturating_sub(1)
        } else {
            self.trail.len()
        };
        if let Some(e) = above.checked_sub(1).and_then(|i| self.trail.get(i)) {
            return e.title.clone();
        }
        self.folders
            .last()
            .map(|&id| site.page_title(&site.pages[id]))
            .unwrap_or_default()
    }
}

/// DocFX's TOCs name their product area in a first entry of its own, the
/// folder's landing page (`href: index.yml`), beside the sections rather
/// than above them: the trail of a page in a section starts at that page,
/// so its breadcrumbs say which product the section belongs to.
fn area_home_above<'a>(toc: &'a Toc, trail: &mut Vec<&'a TocEntry>) {
    let Some(home) = toc.entries.first().filter(|e| {
        e.children.is_empty()
            && e.page.as_ref().is_some_and(|(_, path)| {
                path.strip_suffix("index.yml")
                    .is_some_and(|dir| dir.trim_end_matches('/') == toc.dir)
            })
    }) else {
        return;
    };
    if trail.first().is_some_and(|top| !std::ptr::eq(*top, home)) {
        trail.insert(0, home);
    }
}

impl Site {
    /// Where `page` sits in navigation (see the module comment).
    pub fn place<'a>(&'a self, page: &Page) -> Place<'a> {
        let me = (page.locale.clone(), page.path.clone());
        let toc_id = self.toc_id_for(page);
        let toc = self.toc_for(page);
        let mut place = Place {
            toc,
            trail: Vec::new(),
            listed: false,
            via: None,
            folders: Vec::new(),
        };
        if let (Some(toc), Some(toc_id)) = (toc, toc_id) {
            place.trail = toc.trail(&me);
            place.listed = !place.trail.is_empty();
            if !place.listed && !page.is_index() {
                // Entries in reading order all lead to pages.
                let linked = self.linked_from_toc(toc_id, toc, &me);
                if let Some((Some(target), via)) = linked.map(|(e, via)| (e.page.as_ref(), via)) {
                    place.trail = toc.trail(target);
                    place.via = via;
                } else if let [only] = toc.entries.as_slice() {
                    place.trail = vec![only];
                }
            }
            area_home_above(toc, &mut place.trail);
        }
        if place.trail.is_empty() && !page.is_index() {
            place.folders = self.folder_homes(page);
        }
        place
    }

    /// The first TOC entry, in reading order, whose page links to `me`, else
    /// one that links to a page that links to `me` (that page comes along).
    fn linked_from_toc<'a>(
        &'a self,
        id: TocId,
        toc: &'a Toc,
        me: &(String, String),
    ) -> Option<(&'a TocEntry, Option<PageId>)> {
        let reach = self.reach_of(id, toc);
        let (entry, via) = match reach.direct.at(&me.0, &me.1) {
            Some(&entry) => (entry, None),
            None => reach
                .through
                .at(&me.0, &me.1)
                .map(|&(entry, mid)| (entry, Some(mid)))?,
        };
        Some((*toc.linear().get(entry)?, via))
    }

    /// `toc`'s [`Reach`], made on first use: most pages of a DocFX site
    /// are unlisted, and each asks the same question of the same TOC.
    fn reach_of(&self, key: TocId, toc: &Toc) -> Arc<Reach> {
        let known = |cache: &Mutex<FxHashMap<TocId, Arc<Reach>>>| {
            cache
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .get(&key)
                .cloned()
        };
        if let Some(reach) = known(&self.reach) {
            return reach;
        }
        let made = Arc::new(self.make_reach(toc));
        self.reach
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .entry(key)
            .or_insert(made)
            .clone()
    }

    fn make_reach(&self, toc: &Toc) -> Reach {
        let key = |l: &PageLink| PageKey::new(&l.locale, &l.path);
        let listed: Vec<(usize, &Page)> = toc
            .linear()
            .into_iter()
            .enumerate()
            .filter_map(|(i, e)| {
                let (locale, path) = e.page.as_ref()?;
                Some((i, &self.pages[*self.page_ids.at(locale, path)?]))
            })
            .collect();
        let mut reach = Reach::default();
        for &(entry, p) in &listed {
            for l in p.rendered.page_links() {
                reach.direct.entry(key(l)).or_insert(entry);
            }
        }
        for &(entry, p) in &listed {
            for l in p.rendered.page_links() {
                let Some(&mid) = self.page_ids.at(&l.locale, &l.path) else {
                    continue;
                };
                for target in self.pages[mid].rendered.page_links() {
                    // The page in between is never the page itself.
                    if target.locale != l.locale || target.path != l.path {
                        reach.through.entry(key(target)).or_insert((entry, mid));
                    }
                }
            }
        }
        reach
    }

    /// `index.md` pages of the folders above `page`, below the locale home.
    fn folder_homes(&self, page: &Page) -> Vec<PageId> {
        let mut dirs = Vec::new();
        let mut dir = crate::links::parent_dir(&page.path);
        while !dir.is_empty() {
            dirs.push(dir);
            dir = crate::links::parent_dir(dir);
        }
        dirs.iter()
            .rev()
            .filter_map(|d| {
                self.page_ids
                    .at(&page.locale, &format!("{d}/index.md"))
                    .or_else(|| self.page_ids.at(&page.locale, &format!("{d}/index.yml")))
                    .copied()
            })
            .filter(|&id| self.pages[id].path != page.path)
            .collect()
    }
}
