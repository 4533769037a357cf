//! A template edit touches every page, which takes seconds on a large
//! site. The pages open browsers show are re-rendered first and told to
//! reload at once; the others wait here and are rendered a chunk at a time
//! between file events, and a request for one of them renders it on demand.
//! Until then each waits in the served state's `stale` set, so none is
//! served with the old templates.

use std::collections::{BTreeSet, HashSet};
use std::time::Instant;

use super::Engine;
use crate::serve::state::{Change, Report, Served, SharedState};
use crate::site::PageId;

/// Pages rendered per background step: an on-demand request or a new edit
/// waits for at most one step.
pub const CHUNK: usize = 64;

#[derive(Default)]
pub struct Pending {
    pages: BTreeSet<PageId>,
    /// The site-wide pages (404, search, listings, printable documents),
    /// rendered together after the pages.
    extras: bool,
    /// What made the work, when, and how many pages it concerned, for the
    /// closing summary.
    cause: Option<(String, Instant, usize)>,
}

impl Pending {
    pub fn clear(&mut self, shared: &SharedState) {
        *self = Pending::default();
        let mut shared = shared.write();
        shared.stale.clear();
        shared.stale_pages.clear();
    }

    /// Pages rendered by other means (a content edit) are done.
    pub fn forget(&mut self, ids: &[PageId]) {
        for id in ids {
            self.pages.remove(id);
        }
    }

    pub fn is_empty(&self) -> bool {
        self.pages.is_empty() && !self.extras
    }
}

impl Engine {
    pub fn has_pending(&self) -> bool {
        !self.pending.is_empty()
    }

    /// How many pages still wait for a re-render.
    pub fn pending_pages(&self) -> usize {
        self.pending.pages.len()
    }

    /// Reloads the templates, re-renders the open pages that use an edited
    /// one and leaves the other users pending. `None` when only a full
    /// build can be exact.
    pub(super) fn update_templates(&mut self, names: &[String]) -> Option<Report> {
        if !self.render_errors.is_empty() {
            return None;
        }
        let (ids, extras) = self.site.as_mut()?.reload_templates(names).ok()?;
        let site = self.site.as_ref()?;
        let mut first = Vec::new();
        let mut extras_first = false;
        {
            let mut shared = self.shared.write();
            let shared = &mut *shared;
            let open: HashSet<PageId> = shared
                .open
                .keys()
                .filter_map(|p| shared.page_ids.get(p).copied())
                .collect();
            shared.stale_pages.resize(site.pages().len(), false);
            for &id in &ids {
                if open.contains(&id) {
                    first.push(id);
                } else {
                    shared.stale_pages[id] = true;
                    self.pending.pages.insert(id);
                }
            }
            if extras {
                // A 404 page listens under the missing path, so any open
                // path that is not a page may be showing a site-wide page.
                extras_first = shared.open.keys().any(|p| !shared.page_ids.contains_key(p));
                if !extras_first {
                    let site_wide: Vec<String> = shared
                        .files
                        .iter()
                        .filter(|(p, f)| {
                            p.ends_with(".html")
                                && matches!(f, Served::Bytes(_))
                                && !shared.page_ids.contains_key(*p)
                        })
                        .map(|(p, _)| p.clone())
                        .collect();
                    shared.stale.extend(site_wide);
                    self.pending.extras = true;
                }
            }
        }
        let rendered = self.render(&first, extras_first)?;
        let mut change = Change::default();
        self.shared.write().store_pages(rendered, &mut change);
        let edited = format!("templates/{}", names.join(", templates/"));
        let waiting = self.pending.pages.len();
        if waiting > 0 || self.pending.extras {
            self.pending.cause = Some((edited.clone(), Instant::now(), ids.len()));
        }
        Some(Report {
            summary: format!(
                "{edited} changed: re-rendered {} open page(s) first, {} output(s) changed; {waiting} page(s) to go in the background",
                first.len(),
                change.changed.len()
            ),
            change,
            ..Default::default()
        })
    }

    /// Renders the next chunk of pending pages, then the site-wide pages.
    pub fn render_pending(&mut self) -> Report {
        let mut ids = Vec::with_capacity(CHUNK);
        while ids.len() < CHUNK {
            match self.pending.pages.pop_first() {
                Some(id) => ids.push(id),
                None => break,
            }
        }
        let extras = ids.is_empty() && std::mem::take(&mut self.pending.extras);
        self.render_and_publish(&ids, extras)
    }

    /// Renders the pending pages among `paths` (output paths a request
    /// asks for) at once; a site-wide page brings all of them.
    pub fn render_now(&mut self, paths: &[String]) -> Report {
        let mut ids = Vec::new();
        let mut extras = false;
        let shared = self.shared.read();
        for path in paths {
            match shared.page_ids.get(path) {
                Some(id) => {
                    if self.pending.pages.remove(id) {
                        ids.push(*id);
                    }
                }
                None => extras |= std::mem::take(&mut self.pending.extras),
            }
        }
        drop(shared);
        self.render_and_publish(&ids, extras)
    }

    fn render_and_publish(&mut self, ids: &[PageId], extras: bool) -> Report {
        if ids.is_empty() && !extras {
            return Report::default();
        }
        let Some(rendered) = self.render(ids, extras) else {
            // A page the edited templates cannot render: the full build
            // shows the error and keeps that page's last good output.
            return self.full_build();
        };
        let mut change = Change::default();
        {
            let mut shared = self.shared.write();
            shared.store_pages(rendered, &mut change);
            shared.generation += 1;
            change.generation = shared.generation;
        }
        let mut summary = String::new();
        if self.pending.is_empty() {
            if let Some((edited, started, count)) = self.pending.cause.take() {
                summary = format!(
                    "{edited} changed: rendered every page ({count}) in {:.1?}",
                    started.elapsed()
                );
            }
        }
        Report {
            summary,
            change,
            ..Default::default()
        }
    }
}
