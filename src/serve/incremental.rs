//! Keeping the served output in step with the sources.
//!
//! A full build runs once at start and again only when the set of files
//! changes (add, delete, rename), when pairing could change (`ms.assetid`,
//! `redirect_url`), or when `site.toml`, a template or a `.ftl` file changes.
//! An edit to existing pages or includes re-reads just those files and
//! re-renders the pages whose output depends on them.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::Instant;

use rayon::prelude::*;

use crate::diagnostics::{code, Diagnostic, Severity};
use crate::discover::FileKind;
use crate::frontmatter::FrontMatter;
use crate::markdown::{self, Env};
use crate::output::{Data, OutputFile};
use crate::render::Templates;
use crate::site::{PageId, PageKind, Site};

/// One output file as the server holds it.
#[derive(Debug, Clone)]
pub enum Served {
    Bytes(Arc<[u8]>),
    /// Copied verbatim from a source file (assets, `static/`): read on request.
    File(PathBuf),
}

impl Served {
    fn same_as(&self, other: &Served) -> bool {
        match (self, other) {
            (Served::Bytes(a), Served::Bytes(b)) => a == b,
            (Served::File(a), Served::File(b)) => a == b,
            _ => false,
        }
    }
}

/// What the HTTP side reads; the engine is its only writer.
#[derive(Debug, Default)]
pub struct Shared {
    pub base_path: String,
    pub files: HashMap<String, Served>,
    /// Errors per page output path (`en/a.html`), for the overlay.
    pub page_errors: HashMap<String, Vec<Diagnostic>>,
    /// Errors that concern every page: config, templates, Fluent.
    pub site_errors: Vec<Diagnostic>,
    pub generation: u64,
}

/// The outcome of one rebuild, told to every live-reload connection.
#[derive(Debug, Default, Clone)]
pub struct Change {
    pub generation: u64,
    /// Output paths whose content changed, appeared or disappeared.
    pub changed: HashSet<String>,
    /// Every page must reload (a non-CSS file of `static/` changed).
    pub reload_all: bool,
    /// Stylesheets (output paths) that changed while no page did.
    pub css: Vec<String>,
}

/// What a batch of file events means for the site.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Plan {
    pub full: bool,
    /// `(locale, path, kind)` of existing content files that changed.
    pub content: Vec<(String, String, FileKind)>,
    /// Paths relative to `static/`.
    pub statics: Vec<String>,
    /// Edited templates, relative to `templates/`.
    pub templates: Vec<String>,
}

impl Plan {
    pub fn is_empty(&self) -> bool {
        !self.full
            && self.content.is_empty()
            && self.statics.is_empty()
            && self.templates.is_empty()
    }
}

/// What a rebuild did, for the terminal.
#[derive(Debug, Default)]
pub struct Report {
    pub summary: String,
    pub new_diagnostics: Vec<Diagnostic>,
    pub fixed: usize,
    pub change: Change,
}

pub struct Engine {
    pub root: PathBuf,
    pub site: Option<Site>,
    pub shared: Arc<RwLock<Shared>>,
    known: HashMap<(String, String), FileKind>,
    /// `(locale, path)` of a page → pages with `#fragment` links to it.
    fragment_links_to: HashMap<(String, String), BTreeSet<PageId>>,
    fatal: Vec<Diagnostic>,
    render_errors: Vec<Diagnostic>,
    /// Locales whose search index lags behind their pages.
    search_stale: BTreeSet<String>,
    search_running: bool,
    /// Bumped by full builds, which make their own indexes: a background
    /// result from before one is dropped.
    search_epoch: u64,
}

/// Search indexes built off the rebuild thread: on 5,000 pages they take
/// far longer than re-rendering a page, and no page waits for them.
pub struct SearchJob {
    epoch: u64,
    indexes: Vec<crate::search::LocaleIndex>,
}

fn diag_key(d: &Diagnostic) -> (String, usize, usize, &'static str, String) {
    (d.file.clone(), d.line, d.column, d.code, d.message.clone())
}

impl Engine {
    pub fn new(root: &Path) -> Engine {
        Engine {
            root: root.to_path_buf(),
            site: None,
            shared: Arc::new(RwLock::new(Shared {
                base_path: "/".into(),
                ..Default::default()
            })),
            known: HashMap::new(),
            fragment_links_to: HashMap::new(),
            fatal: Vec::new(),
            render_errors: Vec::new(),
            search_stale: BTreeSet::new(),
            search_running: false,
            search_epoch: 0,
        }
    }

    /// Starts rebuilding the lagging search indexes, unless a build is
    /// already under way (its result triggers the next one).
    pub fn start_search(&mut self, tx: &std::sync::mpsc::Sender<super::watch::Message>) {
        if self.search_running || self.search_stale.is_empty() {
            return;
        }
        let Some(site) = &self.site else { return };
        let locales = std::mem::take(&mut self.search_stale);
        let docs: Vec<(String, Vec<crate::search::Doc>)> = locales
            .iter()
            .map(|l| (l.clone(), crate::offline::search_docs(site, l)))
            .collect();
        let epoch = self.search_epoch;
        let tx = tx.clone();
        self.search_running = true;
        std::thread::spawn(move || {
            // Always answer, so that a failed build does not block later ones.
            let indexes = std::panic::catch_unwind(|| {
                docs.iter()
                    .map(|(l, d)| crate::search::build(l, d))
                    .collect()
            })
            .unwrap_or_default();
            let _ = tx.send(super::watch::Message::Search(SearchJob { epoch, indexes }));
        });
    }

    /// Publishes finished search indexes; `None` when a full build made them stale.
    pub fn finish_search(&mut self, job: SearchJob) -> Option<Report> {
        self.search_running = false;
        if job.epoch != self.search_epoch {
            return None;
        }
        let site = self.site.as_mut()?;
        let mut change = Change::default();
        let mut shared = self
            .shared
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        for index in job.indexes {
            let path = site.generated.search_index_path(&index.locale);
            let new = Served::Bytes(Arc::from(index.js.clone().into_bytes()));
            if !shared.files.get(&path).is_some_and(|old| old.same_as(&new)) {
                change.changed.insert(path.clone());
                shared.files.insert(path, new);
                // The search page shows results from the index: reload it too.
                change
                    .changed
                    .insert(format!("{}/search.html", index.locale));
            }
            match site
                .generated
                .search
                .iter_mut()
                .find(|i| i.locale == index.locale)
            {
                Some(slot) => *slot = index,
                None => site.generated.search.push(index),
            }
        }
        shared.generation += 1;
        change.generation = shared.generation;
        drop(shared);
        let mut paths: Vec<&String> = change
            .changed
            .iter()
            .filter(|p| !p.ends_with("/search.html"))
            .collect();
        paths.sort();
        let summary = format!(
            "search index updated: {}",
            if paths.is_empty() {
                "unchanged".to_string()
            } else {
                paths
                    .iter()
                    .map(|p| p.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            }
        );
        Some(Report {
            summary,
            change,
            ..Default::default()
        })
    }

    /// Every current diagnostic, overrides applied.
    pub fn all_diagnostics(&self) -> Vec<Diagnostic> {
        let mut all = self.fatal.clone();
        if let Some(site) = &self.site {
            all.extend(site.diagnostics());
            let mut render = self.render_errors.clone();
            site.config.apply_overrides(&mut render);
            all.extend(render);
        }
        crate::diagnostics::sort(&mut all);
        all
    }

    /// Loads and renders everything; on a fatal problem keeps serving the
    /// previous output and reports the problem on every page.
    pub fn full_build(&mut self) -> Report {
        let started = Instant::now();
        let before: HashSet<_> = self.all_diagnostics().iter().map(diag_key).collect();
        match Site::load(&self.root) {
            Err(fatal) => {
                self.fatal = fatal.0;
                self.publish_errors();
                let mut shared = self
                    .shared
                    .write()
                    .unwrap_or_else(std::sync::PoisonError::into_inner);
                shared.generation += 1;
                let change = Change {
                    generation: shared.generation,
                    ..Default::default()
                };
                drop(shared);
                let new_diagnostics = self
                    .fatal
                    .iter()
                    .filter(|d| !before.contains(&diag_key(d)))
                    .cloned()
                    .collect();
                Report {
                    summary: format!(
                        "site cannot be built ({:.0?}); still serving the last good output",
                        started.elapsed()
                    ),
                    new_diagnostics,
                    fixed: 0,
                    change,
                }
            }
            Ok(mut site) => {
                use_plain_names(&mut site);
                self.search_epoch += 1;
                self.search_stale.clear();
                let built = crate::build::render_site(&site);
                self.fatal.clear();
                self.render_errors = built.diagnostics;
                let mut files: HashMap<String, Served> = built
                    .files
                    .into_iter()
                    .map(|f| (f.path.clone(), served(f)))
                    .collect();
                // A service worker would answer reloads from its cache.
                files.remove(crate::offline::SERVICE_WORKER);
                if site.templates.is_none() || !self.render_errors.is_empty() {
                    // A broken template must not take pages offline: keep their
                    // last good output, except for pages that are gone.
                    let gone: HashSet<String> = match &self.site {
                        Some(old) => {
                            let now: HashSet<String> =
                                site.pages.iter().map(|p| p.output_path()).collect();
                            old.pages
                                .iter()
                                .map(|p| p.output_path())
                                .filter(|p| !now.contains(p))
                                .collect()
                        }
                        None => HashSet::new(),
                    };
                    let shared = self
                        .shared
                        .read()
                        .unwrap_or_else(std::sync::PoisonError::into_inner);
                    for (path, old) in shared.files.iter() {
                        if !files.contains_key(path) && !gone.contains(path) {
                            files.insert(path.clone(), old.clone());
                        }
                    }
                }
                self.known = site
                    .sources
                    .files
                    .iter()
                    .map(|f| ((f.locale.clone(), f.path.clone()), f.kind))
                    .collect();
                self.fragment_links_to.clear();
                for (id, page) in site.pages.iter().enumerate() {
                    register_fragment_links(&mut self.fragment_links_to, id, page);
                }
                let pages = crate::build::content_page_count(&site);
                let base_path = site.config.base_path.clone();
                self.site = Some(site);
                let mut shared = self
                    .shared
                    .write()
                    .unwrap_or_else(std::sync::PoisonError::into_inner);
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
                drop(shared);
                self.publish_errors();
                let mut shared = self
                    .shared
                    .write()
                    .unwrap_or_else(std::sync::PoisonError::into_inner);
                shared.generation += 1;
                let change = Change {
                    generation: shared.generation,
                    changed,
                    ..Default::default()
                };
                drop(shared);
                let after = self.all_diagnostics();
                let after_keys: HashSet<_> = after.iter().map(diag_key).collect();
                let fixed = before.iter().filter(|k| !after_keys.contains(*k)).count();
                let new_diagnostics = after
                    .into_iter()
                    .filter(|d| !before.contains(&diag_key(d)))
                    .collect();
                Report {
                    summary: format!("built {pages} pages in {:.2?}", started.elapsed()),
                    new_diagnostics,
                    fixed,
                    change,
                }
            }
        }
    }

    /// Recomputes the overlay's errors for every page.
    fn publish_errors(&self) {
        let mut site_errors = self.fatal.clone();
        let mut page_errors = HashMap::new();
        if let Some(site) = &self.site {
            let mut general = site.site_diagnostics.clone();
            general.extend(self.render_errors.iter().cloned());
            site.config.apply_overrides(&mut general);
            site_errors.extend(
                general
                    .into_iter()
                    .filter(|d| d.severity == Severity::Error),
            );
            for page in &site.pages {
                let errors = page_error_list(site, page);
                if !errors.is_empty() {
                    page_errors.insert(page.output_path(), errors);
                }
            }
        }
        let mut shared = self
            .shared
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        shared.site_errors = site_errors;
        shared.page_errors = page_errors;
    }

    /// Sorts absolute paths from the watcher into a plan. Paths outside the
    /// watched sources (and hidden files, as discovery skips them) are ignored.
    pub fn plan(&self, paths: &[PathBuf]) -> Plan {
        let mut plan = Plan::default();
        let Some(site) = &self.site else {
            plan.full = !paths.is_empty();
            return plan;
        };
        let mut seen = HashSet::new();
        for abs in paths {
            if !seen.insert(abs.clone()) {
                continue;
            }
            let Ok(rel) = abs.strip_prefix(&self.root) else {
                continue;
            };
            let parts: Vec<String> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            let Some(first) = parts.first() else { continue };
            let name = parts.last().map(String::as_str).unwrap_or("");
            match first.as_str() {
                "site.toml" if parts.len() == 1 => plan.full = true,
                "templates" if !is_editor_noise(name) => {
                    if abs.is_file() && name.ends_with(".html") && parts.len() > 1 {
                        plan.templates.push(parts[1..].join("/"));
                    } else if !abs.is_file() {
                        // Gone, or a folder: which templates exist now is for a full build to find.
                        plan.full = true;
                    }
                }
                "locales" if !is_editor_noise(name) => plan.full = true,
                "static"
                    if parts.len() > 1
                        && !is_editor_noise(name)
                        && !parts.iter().any(|p| p.starts_with('.')) =>
                {
                    if abs.is_dir() {
                        plan.full = true;
                    } else {
                        plan.statics.push(parts[1..].join("/"));
                    }
                }
                "content" if parts.len() >= 2 => {
                    if parts.iter().skip(1).any(|p| p.starts_with('.')) {
                        continue;
                    }
                    let locale = &parts[1];
                    if parts.len() == 2 {
                        // A locale folder itself appeared or went.
                        if !site.locales.contains(locale) || !abs.exists() {
                            plan.full = true;
                        }
                        continue;
                    }
                    if !site.locales.contains(locale) {
                        continue;
                    }
                    let path = parts[2..].join("/");
                    let key = (locale.clone(), path.clone());
                    let known = self.known.get(&key).copied();
                    match (known, abs.is_file(), abs.is_dir()) {
                        (Some(kind), true, _) => plan.content.push((key.0, key.1, kind)),
                        (Some(_), false, _) => plan.full = true,
                        (None, true, _) => plan.full = true,
                        (None, false, true) => {
                            let has_files = walkdir::WalkDir::new(abs)
                                .into_iter()
                                .flatten()
                                .any(|e| e.file_type().is_file());
                            plan.full |= has_files;
                        }
                        (None, false, false) => {
                            // Gone: a folder that held known files, or an editor's temp file.
                            let prefix = format!("{path}/");
                            plan.full |= self
                                .known
                                .keys()
                                .any(|(l, p)| l == locale && p.starts_with(&prefix));
                        }
                    }
                }
                _ => {}
            }
        }
        plan.content.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
        plan.content.dedup();
        plan.statics.sort();
        plan.statics.dedup();
        plan.templates.sort();
        plan.templates.dedup();
        plan
    }

    /// Applies a plan: the cheapest rebuild that keeps the output exact.
    pub fn apply(&mut self, plan: &Plan) -> Report {
        if plan.full || self.site.is_none() {
            return self.full_build();
        }
        {
            // Only edits of files already published from `static/` are done in
            // place; a new or deleted one may change what the theme falls back to.
            let shared = self
                .shared
                .read()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            let dir = self.root.join("static");
            let in_place = plan.statics.iter().all(|rel| {
                matches!(shared.files.get(rel), Some(Served::File(p)) if *p == dir.join(rel))
                    && dir.join(rel).is_file()
            });
            drop(shared);
            if !in_place {
                return self.full_build();
            }
        }
        let started = Instant::now();
        let mut change = Change::default();
        let mut report = Report::default();
        if !plan.templates.is_empty() {
            if !plan.content.is_empty() {
                return self.full_build();
            }
            match self.update_templates(&plan.templates) {
                Some(r) => {
                    report = r;
                    change = std::mem::take(&mut report.change);
                }
                None => return self.full_build(),
            }
        }
        if !plan.content.is_empty() {
            match self.update_content(&plan.content) {
                Some(r) => {
                    report = r;
                    change = std::mem::take(&mut report.change);
                }
                None => return self.full_build(),
            }
        }
        if !plan.statics.is_empty() {
            let dir = self.root.join("static");
            let mut shared = self
                .shared
                .write()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            let mut only_css = true;
            for rel in &plan.statics {
                let abs = dir.join(rel);
                if abs.is_file() {
                    shared.files.insert(rel.clone(), Served::File(abs));
                } else {
                    shared.files.remove(rel);
                }
                only_css &= rel.ends_with(".css");
                change.changed.insert(rel.clone());
            }
            if only_css && change.changed.iter().all(|p| p.ends_with(".css")) {
                change.css = plan.statics.clone();
            } else {
                change.reload_all = true;
            }
            if report.summary.is_empty() {
                report.summary = format!("updated {} static file(s)", plan.statics.len());
            }
        }
        let mut shared = self
            .shared
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        shared.generation += 1;
        change.generation = shared.generation;
        drop(shared);
        report.summary = format!("{} in {:.1?}", report.summary, started.elapsed());
        report.change = change;
        report
    }

    /// Reloads the templates and re-renders the pages that use an edited
    /// one. `None` when the templates have problems: a full build reports
    /// them and keeps the last good pages.
    fn update_templates(&mut self, names: &[String]) -> Option<Report> {
        let site = self.site.as_mut()?;
        let had_problems = site
            .site_diagnostics
            .iter()
            .any(|d| d.code == code::TEMPLATE)
            || !self.render_errors.is_empty();
        if had_problems {
            return None;
        }
        let mut diags = Vec::new();
        let templates = Templates::load(&self.root, &site.locales, site.ui.clone(), &mut diags)?;
        if !diags.is_empty() {
            return None;
        }
        let uses = |t: &str| {
            let needs = templates.closure(t);
            names.iter().any(|n| needs.contains(n))
        };
        let ids: Vec<PageId> = (0..site.pages.len())
            .filter(|&id| uses(site.pages[id].template()))
            .collect();
        let extras = uses("404.html") || uses("root.html") || uses("search.html");
        site.templates = Some(templates);
        let site = &*site;
        let templates = site.templates.as_ref()?;
        let mut rendered: Vec<(String, Result<String, Diagnostic>)> = ids
            .par_iter()
            .map(|&id| {
                let page = &site.pages[id];
                (
                    page.output_path(),
                    templates.render(&page.locale, page.template(), &site.page_context(id)),
                )
            })
            .collect();
        if extras {
            let (files, diagnostics) = crate::build::render_extras(site, templates);
            if !diagnostics.is_empty() {
                return None;
            }
            for f in files {
                if let Data::Bytes(b) = f.data {
                    rendered.push((f.path, Ok(String::from_utf8_lossy(&b).into_owned())));
                }
            }
        }
        if rendered.iter().any(|(_, r)| r.is_err()) {
            return None;
        }
        let mut change = Change::default();
        let mut shared = self
            .shared
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        store_pages(&mut shared, rendered, &mut change)?;
        drop(shared);
        Some(Report {
            summary: format!(
                "templates/{} changed: re-rendered {} page(s), {} output(s) changed",
                names.join(", templates/"),
                ids.len(),
                change.changed.len()
            ),
            change,
            ..Default::default()
        })
    }

    /// Re-renders what depends on the edited content files. `None` when only
    /// a full build can be exact.
    fn update_content(&mut self, files: &[(String, String, FileKind)]) -> Option<Report> {
        // Template errors are reported (and failing pages kept) by full
        // builds, which also clear them once fixed.
        if !self.render_errors.is_empty() {
            return None;
        }
        let site = self.site.as_mut()?;
        let mut rerender: BTreeSet<PageId> = BTreeSet::new();
        let mut touched_assets: Vec<(String, String)> = Vec::new();
        let mut titles_before: HashMap<PageId, String> = HashMap::new();
        for (locale, path, kind) in files {
            match kind {
                FileKind::Toc => return None,
                FileKind::Asset => touched_assets.push((locale.clone(), path.clone())),
                FileKind::Include => {
                    for (id, page) in site.pages.iter().enumerate() {
                        if page
                            .rendered
                            .includes
                            .iter()
                            .any(|(l, p)| l == locale && p == path)
                        {
                            rerender.insert(id);
                        }
                    }
                }
                FileKind::Page => {
                    let id = *site.page_ids.get(&(locale.clone(), path.clone()))?;
                    let page = &site.pages[id];
                    let abs = self.root.join(&page.file);
                    let text: Arc<str> =
                        Arc::from(String::from_utf8(std::fs::read(&abs).ok()?).ok()?);
                    let mut scratch = Vec::new();
                    let front = FrontMatter::parse(&text, &page.file, &mut scratch);
                    // Pairing and redirects hang on these keys: let a full build redo them.
                    let key = |f: &FrontMatter, k: &str| f.meta.get(k).cloned();
                    if key(&front, "ms.assetid") != key(&page.front, "ms.assetid")
                        || front.get_str("redirect_url") != page.redirect_url()
                    {
                        return None;
                    }
                    let copies: Vec<PageId> = std::iter::once(id)
                        .chain(
                            site.pages
                                .iter()
                                .enumerate()
                                .filter(|(_, p)| p.kind == PageKind::Fallback { source: id })
                                .map(|(i, _)| i),
                        )
                        .collect();
                    titles_before.insert(id, page.title());
                    for c in copies {
                        let p = &mut site.pages[c];
                        p.text = text.clone();
                        p.front = front.clone();
                        rerender.insert(c);
                    }
                }
            }
        }

        // Pages whose `#fragment` links may now pass or fail.
        let mut recheck: BTreeSet<PageId> = rerender.clone();
        for &id in &rerender {
            let p = &site.pages[id];
            if let Some(from) = self
                .fragment_links_to
                .get(&(p.locale.clone(), p.path.clone()))
            {
                recheck.extend(from.iter().copied());
            }
        }
        let diags_before: Vec<Diagnostic> = recheck
            .iter()
            .flat_map(|&id| site.pages[id].diagnostics.iter().cloned())
            .collect();

        render_markdown(site, &self.root, &rerender);
        for &id in &rerender {
            register_fragment_links(&mut self.fragment_links_to, id, &site.pages[id]);
        }
        site.check_anchors_of(recheck.iter().copied());

        let mut outputs: BTreeSet<PageId> = rerender.clone();
        let title_changed = titles_before
            .iter()
            .any(|(&id, before)| site.pages[id].title() != *before);
        if title_changed {
            // Home pages list every page by title.
            outputs.extend(
                site.pages
                    .iter()
                    .enumerate()
                    .filter(|(_, p)| p.is_index())
                    .map(|(i, _)| i),
            );
        }
        for (locale, path) in &touched_assets {
            for (id, page) in site.pages.iter().enumerate() {
                if page
                    .rendered
                    .assets
                    .iter()
                    .any(|a| &a.from_locale == locale && &a.path == path)
                {
                    outputs.insert(id);
                }
            }
        }

        self.search_stale
            .extend(rerender.iter().map(|&id| site.pages[id].locale.clone()));
        let site = &*site;
        let templates = site.templates.as_ref()?;
        let rendered: Vec<(String, Result<String, Diagnostic>)> = outputs
            .par_iter()
            .map(|&id| {
                let page = &site.pages[id];
                (
                    page.output_path(),
                    templates.render(&page.locale, page.template(), &site.page_context(id)),
                )
            })
            .collect();
        if rendered.iter().any(|(_, r)| r.is_err()) {
            return None;
        }
        let mut change = Change::default();
        {
            let mut shared = self
                .shared
                .write()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            store_pages(&mut shared, rendered, &mut change)?;
            for (locale, path) in &touched_assets {
                change.changed.insert(format!("{locale}/{path}"));
            }

            for &id in &recheck {
                let page = &site.pages[id];
                let errors = page_error_list(site, page);
                if errors.is_empty() {
                    shared.page_errors.remove(&page.output_path());
                } else {
                    shared.page_errors.insert(page.output_path(), errors);
                }
            }
        }

        let mut diags_after: Vec<Diagnostic> = recheck
            .iter()
            .flat_map(|&id| site.pages[id].diagnostics.iter().cloned())
            .collect();
        site.config.apply_overrides(&mut diags_after);
        let before_keys: HashSet<_> = diags_before.iter().map(diag_key).collect();
        let after_keys: HashSet<_> = diags_after.iter().map(diag_key).collect();
        let mut new_diagnostics: Vec<Diagnostic> = diags_after
            .into_iter()
            .filter(|d| !before_keys.contains(&diag_key(d)))
            .collect();
        new_diagnostics.dedup_by(|a, b| diag_key(a) == diag_key(b));
        crate::diagnostics::sort(&mut new_diagnostics);
        let fixed = before_keys.difference(&after_keys).count();
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

/// `serve` sends `no-store`, so content-hashed names buy nothing there;
/// plain ones keep every page's references stable while the stylesheets
/// and search indexes they point to change underneath.
fn use_plain_names(site: &mut Site) {
    let g = &mut site.generated;
    let plain: HashMap<String, String> = g
        .assets
        .iter()
        .map(|(name, published)| (published.clone(), name.clone()))
        .collect();
    for f in &mut g.static_files {
        if let Some(name) = plain.get(&f.path) {
            f.path = name.clone();
        }
    }
    for (name, published) in g.assets.iter_mut() {
        *published = name.clone();
    }
}

fn served(f: OutputFile) -> Served {
    match f.data {
        Data::Bytes(b) => Served::Bytes(Arc::from(b)),
        Data::Copy(p) => Served::File(p),
    }
}

fn register_fragment_links(
    index: &mut HashMap<(String, String), BTreeSet<PageId>>,
    id: PageId,
    page: &crate::site::Page,
) {
    if page.kind != PageKind::Content {
        return;
    }
    for link in page
        .rendered
        .page_links
        .iter()
        .filter(|l| l.fragment.is_some())
    {
        index
            .entry((link.locale.clone(), link.path.clone()))
            .or_default()
            .insert(id);
        index
            .entry((page.locale.clone(), link.path.clone()))
            .or_default()
            .insert(id);
    }
}

/// The errors the overlay shows for one page: its own and its includes'.
fn page_error_list(site: &Site, page: &crate::site::Page) -> Vec<Diagnostic> {
    let source = match page.kind {
        PageKind::Fallback { source } => &site.pages[source],
        _ => page,
    };
    let mut list = source.diagnostics.clone();
    site.config.apply_overrides(&mut list);
    list.retain(|d| d.severity == Severity::Error);
    list
}

/// Markdown for the given pages, reading includes afresh from disk.
fn render_markdown(site: &mut Site, root: &Path, ids: &BTreeSet<PageId>) {
    let ui = site.ui.clone();
    let label = move |locale: &str, id: &str| ui.text(locale, id);
    let content = root.join("content");
    let index = &site.index;
    let read = |locale: &str, path: &str| -> Option<Arc<str>> {
        let files = index.locales.get(locale)?;
        if !files.files.contains(path) && !files.pages.contains(path) {
            return None;
        }
        std::fs::read_to_string(content.join(locale).join(path))
            .ok()
            .map(Arc::from)
    };
    let env = Env {
        index,
        label: &label,
        read: &read,
    };
    let mut work: Vec<(PageId, &mut crate::site::Page)> = site
        .pages
        .iter_mut()
        .enumerate()
        .filter(|(id, p)| ids.contains(id) && p.kind != PageKind::GeneratedIndex)
        .collect();
    work.par_iter_mut().for_each(|(_, page)| {
        let mut rendered = markdown::render_page(&env, &page.source());
        let diags = std::mem::take(&mut rendered.diagnostics);
        if page.kind == PageKind::Content {
            // Keep what only a full build computes (duplicate ids across pages).
            let mut fresh: Vec<Diagnostic> = page
                .diagnostics
                .iter()
                .filter(|d| d.code == code::DUPLICATE_ASSETID)
                .cloned()
                .collect();
            let _ = FrontMatter::parse(&page.text, &page.file, &mut fresh);
            fresh.extend(diags);
            page.diagnostics = fresh;
        }
        page.rendered = rendered;
    });
}

/// Names editors use for backups and swap files, outside `content/` (where
/// discovery decides).
fn is_editor_noise(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || (!name.is_empty() && name.bytes().all(|b| b.is_ascii_digit()))
}

/// Puts freshly rendered pages into the served set, noting the ones whose
/// bytes changed (only those reload). `None` when any render failed.
fn store_pages<E>(
    shared: &mut Shared,
    rendered: Vec<(String, Result<String, E>)>,
    change: &mut Change,
) -> Option<()> {
    for (path, result) in rendered {
        let new = Served::Bytes(Arc::from(result.ok()?.into_bytes()));
        if !shared.files.get(&path).is_some_and(|old| old.same_as(&new)) {
            change.changed.insert(path.clone());
            shared.files.insert(path, new);
        }
    }
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        std::fs::write(
            root.join("site.toml"),
            "title = \"T\"\ndefault_locale = \"en\"\n",
        )
        .unwrap();
        std::fs::create_dir_all(root.join("content/en/includes")).unwrap();
        std::fs::write(root.join("content/en/a.md"), "# A\n").unwrap();
        std::fs::write(root.join("content/en/includes/n.md"), "note\n").unwrap();
        (dir, root)
    }

    #[test]
    fn incremental_diagnostics_equal_a_full_load() {
        let (_dir, root) = site();
        std::fs::write(
            root.join("content/en/b.md"),
            "# B\n\n[to a](a.md#Details) and [self](#nowhere)\n\n[!INCLUDE[n](includes/n.md)]\n",
        )
        .unwrap();
        std::fs::write(root.join("content/en/a.md"), "# A\n\n## Details\n").unwrap();
        let mut engine = Engine::new(&root);
        engine.full_build();
        let fresh = |root: &Path| {
            let site = Site::load(root).ok().unwrap();
            site.diagnostics()
        };
        assert_eq!(engine.all_diagnostics(), fresh(&root));
        assert!(engine
            .all_diagnostics()
            .iter()
            .any(|d| d.code == code::BROKEN_ANCHOR && d.suggestion.as_deref() == Some("#details")));

        // The anchor disappears from a.md: b.md's link now fails differently.
        std::fs::write(root.join("content/en/a.md"), "# A\n\n## Other\n").unwrap();
        std::fs::write(
            root.join("content/en/includes/n.md"),
            "[broken](missing.md)\n",
        )
        .unwrap();
        let plan = engine.plan(&[
            root.join("content/en/a.md"),
            root.join("content/en/includes/n.md"),
        ]);
        assert!(!plan.full);
        let report = engine.apply(&plan);
        assert!(
            report.summary.contains("re-rendered 2 page(s)"),
            "{}",
            report.summary
        );
        assert_eq!(engine.all_diagnostics(), fresh(&root));
    }

    #[test]
    fn plans_follow_what_is_on_disk() {
        let (_dir, root) = site();
        let mut engine = Engine::new(&root);
        engine.full_build();
        let plan =
            |rel: &[&str]| engine.plan(&rel.iter().map(|r| root.join(r)).collect::<Vec<_>>());

        let edit = plan(&["content/en/a.md", "content/en/a.md"]);
        assert_eq!(
            edit.content,
            vec![("en".to_string(), "a.md".to_string(), FileKind::Page)]
        );
        assert!(!edit.full);
        assert_eq!(
            plan(&["content/en/includes/n.md"]).content[0].2,
            FileKind::Include
        );
        // Editor temp files that are gone by now, and hidden files, change nothing.
        assert!(plan(&[
            "content/en/4913",
            "content/en/a.md~",
            "content/en/.a.md.swp",
            "templates/.page.html.swp",
            "README.md"
        ])
        .is_empty());
        std::fs::create_dir_all(root.join("templates")).unwrap();
        std::fs::write(root.join("templates/page.html"), "x").unwrap();
        assert_eq!(
            plan(&["templates/page.html"]).templates,
            vec!["page.html".to_string()]
        );
        assert!(plan(&["templates/gone.html"]).full);
        assert_eq!(
            plan(&["static/site.css"]).statics,
            vec!["site.css".to_string()]
        );
        assert!(plan(&["site.toml"]).full);
        assert!(plan(&["locales/en/ui.ftl"]).full);

        std::fs::write(root.join("content/en/b.md"), "# B\n").unwrap();
        assert!(
            plan(&["content/en/b.md"]).full,
            "a new page changes the set of files"
        );
        std::fs::remove_file(root.join("content/en/a.md")).unwrap();
        assert!(
            plan(&["content/en/a.md"]).full,
            "a deleted page changes the set of files"
        );
        std::fs::create_dir_all(root.join("content/en/empty")).unwrap();
        assert!(
            plan(&["content/en/empty"]).is_empty(),
            "an empty folder holds no pages"
        );
        std::fs::remove_dir_all(root.join("content/en/includes")).unwrap();
        assert!(
            plan(&["content/en/includes"]).full,
            "a removed folder took known files"
        );
    }
}
