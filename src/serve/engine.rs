//! Keeping the served output in step with the sources. The model does the
//! work (`Site::load`, `reload_sources`, `reload_templates`); the engine
//! decides which to call, renders what they report changed, and publishes
//! it with the errors the overlay shows.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;

use super::plan::Plan;
use super::search_job::{SearchIndexes, SearchJob};
use super::state::{Change, Report, Served, SharedState};
use crate::diagnostics::{self, Code, Diagnostic, Key, Severity};
use crate::offline::{GenerateOptions, Generated};
use crate::site::{Page, PageId, Site};

pub struct Engine {
    pub root: PathBuf,
    pub site: Option<Site>,
    generated: Generated,
    /// The pictures' sizes, which the pages' `<img>` tags carry.
    sizes: crate::images::Images,
    pub shared: SharedState,
    fatal: Vec<Diagnostic>,
    /// Template errors of the last full build: while there are any, pages
    /// keep their last good output and every edit does a full build,
    /// which clears them once fixed.
    render_errors: Vec<Diagnostic>,
    /// Everything else generating and rendering reported.
    produced: Vec<Diagnostic>,
    search: SearchIndexes,
    /// Pages still to re-render after a template edit, and how to find them.
    pending: pending::Pending,
    /// How many pages were rendered since the engine started, for tests
    /// that count work.
    pub pages_rendered: usize,
}

fn diag_key(d: &Diagnostic) -> Key<String> {
    d.key().owned()
}

impl Engine {
    pub fn new(root: &Path) -> Engine {
        let shared = SharedState::default();
        shared.write().base_path = "/".into();
        Engine {
            root: root.to_path_buf(),
            site: None,
            generated: Generated::default(),
            sizes: Default::default(),
            shared,
            fatal: Vec::new(),
            render_errors: Vec::new(),
            produced: Vec::new(),
            search: SearchIndexes::default(),
            pending: pending::Pending::default(),
            pages_rendered: 0,
        }
    }

    /// Every current diagnostic, finished as `check` finishes them.
    pub fn all_diagnostics(&self) -> Vec<Diagnostic> {
        let mut all = match &self.site {
            Some(site) => {
                let mut produced = self.render_errors.clone();
                produced.extend(self.produced.iter().cloned());
                crate::build::diagnostics(site, &produced)
            }
            None => Vec::new(),
        };
        all.extend(self.fatal.iter().cloned());
        diagnostics::finish(&Default::default(), all)
    }

    pub fn start_search(&mut self, done: impl FnOnce(SearchJob) + Send + 'static) {
        if let Some(site) = &self.site {
            self.search.start(site, done);
        }
    }

    pub fn finish_search(&mut self, job: SearchJob) -> Option<Report> {
        self.site.as_ref()?;
        self.search.finish(job, &mut self.generated, &self.shared)
    }

    /// Loads and renders everything; on a fatal problem keeps serving the
    /// previous output and reports the problem on every page.
    pub fn full_build(&mut self) -> Report {
        let started = Instant::now();
        let before: HashSet<_> = self.all_diagnostics().iter().map(diag_key).collect();
        let site = match Site::load(&self.root) {
            Ok(site) => site,
            Err(fatal) => {
                self.fatal = fatal.0;
                self.publish_errors();
                let change = self.next_change(HashSet::new());
                let new_diagnostics = self
                    .fatal
                    .iter()
                    .filter(|d| !before.contains(&diag_key(d)))
                    .cloned()
                    .collect();
                return Report {
                    summary: format!(
                        "site cannot be built ({:.0?}); still serving the last good output",
                        started.elapsed()
                    ),
                    new_diagnostics,
                    fixed: 0,
                    change,
                };
            }
        };
        let loaded = started.elapsed();
        let options = GenerateOptions {
            plain_names: true,
            ..Default::default()
        };
        let sink = crate::output::Collect::default();
        let built = crate::build::render_site(&site, &options, &sink, &());
        self.search.reset();
        self.pending.clear(&self.shared);
        self.fatal.clear();
        self.generated = built.generated;
        self.sizes = built.sizes;
        (self.render_errors, self.produced) = built
            .diagnostics
            .into_iter()
            .partition(|d| d.code == Code::Template);
        let mut files: HashMap<String, Served> = sink
            .into_files()
            .into_iter()
            .map(|f| (f.path.clone(), Served::from(f)))
            .collect();
        // A service worker would answer reloads from its cache.
        files.remove(crate::offline::SERVICE_WORKER);
        if site.templates().is_none() || !self.render_errors.is_empty() {
            // A broken template must not take pages offline: keep their
            // last good output, except for pages that are gone.
            let now: HashSet<String> = site.pages().iter().map(|p| p.output_path()).collect();
            let gone: HashSet<String> = self
                .site
                .iter()
                .flat_map(|old| old.pages().iter().map(|p| p.output_path()))
                .filter(|p| !now.contains(p))
                .collect();
            for (path, old) in self.shared.read().files.iter() {
                if !files.contains_key(path) && !gone.contains(path) {
                    files.insert(path.clone(), old.clone());
                }
            }
        }
        let pages = site.content_page_count();
        let page_ids = site
            .pages()
            .iter()
            .enumerate()
            .map(|(id, p)| (p.output_path(), id))
            .collect();
        let base_path = site.config().base_path.clone();
        self.site = Some(site);
        let changed = {
            let mut shared = self.shared.write();
            let mut changed: HashSet<String> = files
                .iter()
                .filter(|(p, f)| !shared.files.get(*p).is_some_and(|old| old.same_as(f)))
                .map(|(p, _)| p.clone())
                .collect();
            changed.extend(
                shared
                    .files
                    .keys()
                    .filter(|p| !files.contains_key(*p))
                    .cloned(),
            );
            shared.files = files;
            shared.base_path = base_path;
            shared.page_ids = page_ids;
            changed
        };
        self.publish_errors();
        let change = self.next_change(changed);
        let (new_diagnostics, fixed) = self.compare(&before);
        Report {
            summary: format!(
                "built {pages} pages in {:.2?} (reading and checking the sources: {loaded:.2?})",
                started.elapsed()
            ),
            new_diagnostics,
            fixed,
            change,
        }
    }

    fn next_change(&self, changed: HashSet<String>) -> Change {
        let mut shared = self.shared.write();
        shared.generation += 1;
        Change {
            generation: shared.generation,
            changed,
            ..Default::default()
        }
    }

    /// What is new since `before`, and how many of `before` went away.
    fn compare(&self, before: &HashSet<Key<String>>) -> (Vec<Diagnostic>, usize) {
        let after = self.all_diagnostics();
        let after_keys: HashSet<_> = after.iter().map(diag_key).collect();
        let fixed = before.iter().filter(|k| !after_keys.contains(*k)).count();
        let new = after
            .into_iter()
            .filter(|d| !before.contains(&diag_key(d)))
            .collect();
        (new, fixed)
    }

    /// Recomputes the overlay's errors for every page.
    fn publish_errors(&self) {
        let mut site_errors = self.fatal.clone();
        let mut page_errors = HashMap::new();
        if let Some(site) = &self.site {
            let mut general = site.site_diagnostics().to_vec();
            general.extend(self.render_errors.iter().cloned());
            general.extend(self.produced.iter().cloned());
            site_errors.extend(
                diagnostics::finish(&site.config().diagnostics, general)
                    .into_iter()
                    .filter(|d| d.severity == Severity::Error),
            );
            for page in site.pages() {
                let errors = page_errors_of(site, page);
                if !errors.is_empty() {
                    page_errors.insert(page.output_path(), errors);
                }
            }
        }
        let mut shared = self.shared.write();
        shared.site_errors = site_errors;
        shared.page_errors = page_errors;
    }

    /// Applies a plan: the cheapest rebuild that keeps the output exact.
    pub fn apply(&mut self, plan: &Plan) -> Report {
        if plan.full || self.site.is_none() {
            return self.full_build();
        }
        // Only edits of files already published from `static/` are done in
        // place; a new or deleted one may change what the theme falls back to.
        let dir = self.root.join("static");
        let in_place = {
            let shared = self.shared.read();
            plan.statics.iter().all(|rel| {
                matches!(shared.files.get(rel), Some(Served::File(p)) if *p == dir.join(rel))
                    && dir.join(rel).is_file()
            })
        };
        if !in_place || (!plan.templates.is_empty() && !plan.content.is_empty()) {
            return self.full_build();
        }
        let started = Instant::now();
        let mut report = Report::default();
        if !plan.templates.is_empty() {
            match self.update_templates(&plan.templates) {
                Some(r) => report = r,
                None => return self.full_build(),
            }
        }
        if !plan.content.is_empty() {
            match self.update_content(&plan.content) {
                Some(r) => report = r,
                None => return self.full_build(),
            }
        }
        let mut change = std::mem::take(&mut report.change);
        if !plan.statics.is_empty() {
            let mut shared = self.shared.write();
            for rel in &plan.statics {
                let abs = dir.join(rel);
                if abs.is_file() {
                    shared.files.insert(rel.clone(), Served::File(abs));
                } else {
                    shared.files.remove(rel);
                }
                change.changed.insert(rel.clone());
            }
            if change.changed.iter().all(|p| p.ends_with(".css")) {
                change.css = plan.statics.clone();
            } else {
                change.reload_all = true;
            }
            if report.summary.is_empty() {
                report.summary = format!("updated {} static file(s)", plan.statics.len());
            }
        }
        let mut shared = self.shared.write();
        shared.generation += 1;
        change.generation = shared.generation;
        drop(shared);
        report.summary = format!("{} in {:.1?}", report.summary, started.elapsed());
        report.change = change;
        report
    }

    /// Renders `ids` (and the site-wide pages when `extras`), all or nothing.
    fn render(&mut self, ids: &[PageId], extras: bool) -> Option<Vec<(String, String)>> {
        self.pages_rendered += ids.len();
        let site = self.site.as_ref()?;
        let templates = site.templates()?;
        let mut rendered: Vec<(String, String)> = ids
            .par_iter()
            .map(|&id| {
                let content = &site.pages()[id].rendered.html();
                let sizes = &self.sizes;
                crate::build::render_page(
                    site,
                    templates,
                    &self.generated,
                    None,
                    sizes,
                    id,
                    content,
                )
                .map(|html| (site.pages()[id].output_path(), html))
            })
            .collect::<Result<_, _>>()
            .ok()?;
        if extras {
            let (files, problems) =
                crate::render::extras(site, templates, &self.generated, Some(&self.sizes));
            if !problems.is_empty() {
                return None;
            }
            for f in files {
                if let crate::output::Data::Bytes(b) = f.data {
                    rendered.push((f.path, String::from_utf8_lossy(&b).into_owned()));
                }
            }
        }
        Some(rendered)
    }

    /// Re-renders what depends on the edited content files. `None` when
    /// only a full build can be exact.
    fn update_content(
        &mut self,
        files: &[(String, String, crate::discover::FileKind)],
    ) -> Option<Report> {
        if !self.render_errors.is_empty() {
            return None;
        }
        let reloaded = self.site.as_mut()?.reload_sources(files).ok()?;
        self.search.mark_stale(reloaded.locales.iter().cloned());
        if !reloaded.assets.is_empty() {
            // A picture added, replaced or removed changes the sizes pages show.
            self.sizes = crate::build::picture_sizes(self.site.as_ref()?);
        }
        let outputs: Vec<PageId> = reloaded.outputs.iter().copied().collect();
        // A home in the outputs means titles changed: the listing pages,
        // which are site-wide pages, list them too.
        let listings = {
            let site = self.site.as_ref()?;
            outputs.iter().any(|&id| site.pages()[id].is_index())
        };
        let rendered = self.render(&outputs, listings)?;
        self.pending.forget(&outputs);
        let mut change = Change::default();
        {
            let site = self.site.as_ref()?;
            let mut shared = self.shared.write();
            shared.store_pages(rendered, &mut change);
            for (locale, path) in &reloaded.assets {
                change.changed.insert(format!("{locale}/{path}"));
            }
            for &id in &reloaded.rechecked {
                let page = &site.pages()[id];
                let errors = page_errors_of(site, page);
                if errors.is_empty() {
                    shared.page_errors.remove(&page.output_path());
                } else {
                    shared.page_errors.insert(page.output_path(), errors);
                }
            }
        }
        // Only what the edit could change is compared: the whole site's
        // diagnostics would cost more than the edit's own rebuild.
        let site = self.site.as_ref()?;
        let overrides = &site.config().diagnostics;
        let before: HashSet<_> = diagnostics::finish(overrides, reloaded.previous)
            .iter()
            .map(diag_key)
            .collect();
        let after = diagnostics::finish(
            overrides,
            site.diagnostics_of(&reloaded.rechecked, &reloaded.partials),
        );
        let after_keys: HashSet<_> = after.iter().map(diag_key).collect();
        let fixed = before.difference(&after_keys).count();
        let new_diagnostics = after
            .into_iter()
            .filter(|d| !before.contains(&diag_key(d)))
            .collect();
        let names: Vec<String> = files
            .iter()
            .map(|(l, p, _)| format!("content/{l}/{p}"))
            .collect();
        Some(Report {
            summary: format!(
                "{} changed: re-rendered {} page(s), {} output(s) changed",
                names.join(", "),
                outputs.len(),
                change.changed.len()
            ),
            new_diagnostics,
            fixed,
            change,
        })
    }
}

/// The errors the overlay shows for one page: those of the text it shows
/// and of the include files that text uses.
fn page_errors_of(site: &Site, page: &Page) -> Vec<Diagnostic> {
    let shown = site.shown(page);
    let mut list: Vec<Diagnostic> = shown.diagnostics().cloned().collect();
    for (locale, path) in shown.rendered.includes() {
        if let Some(problems) = site.partial_problems(&format!("content/{locale}/{path}")) {
            list.extend(problems.iter().cloned());
        }
    }
    for d in &mut list {
        site.config().show_paths(site.root(), d);
    }
    diagnostics::finish(&site.config().diagnostics, list)
        .into_iter()
        .filter(|d| d.severity == Severity::Error)
        .collect()
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod open_first_tests;
mod pending;
