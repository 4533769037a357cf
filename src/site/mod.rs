//! The `Site` model: every page of every locale, what each depends on, and
//! what is wrong with the sources. `load` fills it in one pass;
//! `reload_sources` and `reload_templates` keep it exact after edits by the
//! same code, so a preview never drifts from a fresh build.
//!
//! Nothing here knows about output files or HTML documents: templates
//! render the model (`render`), and the build writes it (`build`).

mod addresses;
mod anchors;
mod docfx;
pub mod freshness;
mod load;
mod navigation;
mod page;
mod reload;
mod uids;

use std::collections::{BTreeSet, HashMap};

use rustc_hash::FxHashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::keys::{ByPage, PageKey};
use crate::l10n::pairing::Pairing;
use crate::l10n::ui_strings::UiStrings;
use crate::links::{self, ContentIndex};
use crate::templates::Templates;
use crate::toc::{self, Toc};

pub use addresses::{
    go_path, normalize_old_path, own_help_ids, own_redirects, valid_help_id, RedirectFrom,
    LISTING_DIR,
};
pub use load::Fatal;
pub use navigation::Place;
pub use page::{strip_title_suffix, Page, PageId, PageKind};
pub use reload::{NeedsFullLoad, Reloaded};

/// Every field is private: `load` fills them together and only the
/// reloads and releases below change them, so `page_ids` always names
/// `pages` by their order and each TOC's id its place in `tocs`.
pub struct Site {
    root: PathBuf,
    config: Config,
    locales: Vec<String>,
    index: ContentIndex,
    pairing: Pairing,
    pages: Vec<Page>,
    /// Looked up for every link and place: a fast hash, since the keys are our own paths.
    page_ids: FxHashMap<PageKey, PageId>,
    ui: Arc<UiStrings>,
    templates: Option<Templates>,
    /// Navigation, each TOC resolved for one locale, by [`TocId`].
    tocs: Vec<Toc>,
    /// The TOC of each `(locale, folder)` that has one.
    toc_ids: FxHashMap<PageKey, TocId>,
    /// The text of every include and TOC file, read once, by `(locale, path)`.
    /// Pages keep their own text.
    partials: HashMap<PageKey, Arc<str>>,
    /// Problems of include and TOC files, by file (`content/en/includes/a.md`).
    partial_problems: HashMap<String, Vec<Diagnostic>>,
    /// Problems not tied to one source file of `content/`: config,
    /// discovery, templates, UI strings.
    site_diagnostics: Vec<Diagnostic>,
    /// `(locale, path)` of a page → the pages with `#fragment` links to it,
    /// whose anchor checks an edit of it can change.
    linked_from: HashMap<PageKey, BTreeSet<PageId>>,
    /// Each TOC's [`navigation::Reach`], made on first use and dropped
    /// whenever pages are rendered again, since it reads their links.
    reach: std::sync::Mutex<FxHashMap<TocId, std::sync::Arc<navigation::Reach>>>,
    /// What was worked out from the sources before `release_sources`
    /// dropped them; `None` while the sources are kept (serve).
    released: Option<Released>,
}

/// A TOC of the model: its place in `Site::tocs`, fixed for the model's life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TocId(usize);

/// The results that need the pages' Markdown, kept when the Markdown goes.
struct Released {
    /// `address_problems` and `structure_problems`, which quote the Markdown.
    quoting_problems: Vec<Diagnostic>,
    outdated_notices: HashMap<PageId, freshness::Notice>,
}

/// What callers read of the model; it changes only through `load`, the
/// reloads and the releases below, which keep its parts consistent.
impl Site {
    /// The site's folder (holding `site.toml` and `content/`).
    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The site's locales, the default first.
    pub fn locales(&self) -> &[String] {
        &self.locales
    }

    /// What exists under `content/`, for resolving links.
    pub fn index(&self) -> &ContentIndex {
        &self.index
    }

    /// The path of `source_path`'s translation in `locale`.
    pub fn translation_of(&self, locale: &str, source_path: &str) -> Option<&String> {
        self.pairing.translation_of.at(locale, source_path)
    }

    /// The default-locale source of the translation `content/<locale>/<path>`.
    pub fn source_of(&self, locale: &str, path: &str) -> Option<&String> {
        self.pairing.source_of.at(locale, path)
    }

    /// Every page, by [`PageId`]: sorted by locale, then path.
    pub fn pages(&self) -> &[Page] {
        &self.pages
    }

    pub fn ui(&self) -> &Arc<UiStrings> {
        &self.ui
    }

    /// `None` when the templates failed to load (the site's diagnostics say why).
    pub fn templates(&self) -> Option<&Templates> {
        self.templates.as_ref()
    }

    /// Every TOC, by the locale it is resolved for and its folder.
    pub fn tocs(&self) -> impl Iterator<Item = (&PageKey, &Toc)> {
        self.toc_ids
            .iter()
            .map(|(key, &id)| (key, &self.tocs[id.0]))
    }

    /// Problems of the include or TOC file `file` (`content/en/includes/a.md`).
    pub fn partial_problems(&self, file: &str) -> Option<&[Diagnostic]> {
        self.partial_problems.get(file).map(Vec::as_slice)
    }

    /// Problems not tied to one source file of `content/`: config,
    /// discovery, templates, UI strings.
    pub fn site_diagnostics(&self) -> &[Diagnostic] {
        &self.site_diagnostics
    }
}

impl Site {
    /// Drops what only reloading reads again: each page's Markdown and the
    /// include texts. `build` and `check` load once and never reload; at
    /// 20,000 pages the sources are a good part of the model.
    pub fn release_sources(&mut self) {
        if self.released.is_some() {
            return;
        }
        let history = std::cell::OnceCell::new();
        let outdated_notices = (0..self.pages.len())
            .filter_map(|id| {
                let notice = freshness::outdated_notice_in(self, &self.pages[id], &history)?;
                Some((id, notice))
            })
            .collect();
        self.released = Some(Released {
            quoting_problems: self.quoting_problems(),
            outdated_notices,
        });
        for page in &mut self.pages {
            page.release_text();
        }
        self.partials = HashMap::new();
    }

    /// Drops each page's visible text, which only the search index reads:
    /// `build` calls it once the index is made.
    pub fn release_search_text(&mut self) {
        for page in &mut self.pages {
            page.rendered.release_text();
        }
    }

    /// Moves each page's rendered Markdown out of the model, by page id, so
    /// that a build can drop each one as soon as its page is written.
    pub fn take_page_html(&mut self) -> Vec<String> {
        self.pages
            .iter_mut()
            .map(|p| p.rendered.take_html())
            .collect()
    }

    pub fn page_id(&self, locale: &str, path: &str) -> Option<PageId> {
        self.page_ids.at(locale, path).copied()
    }

    pub fn page(&self, locale: &str, path: &str) -> Option<&Page> {
        self.page_ids.at(locale, path).map(|&i| &self.pages[i])
    }

    /// The title readers see for `page`: its own (or its source's), without
    /// the configured `title_suffixes`.
    pub fn page_title(&self, page: &Page) -> String {
        self.display_title(&self.shown(page).title())
    }

    /// Any title shown to readers (a page's, a TOC entry's), without the
    /// configured `title_suffixes`.
    pub fn display_title(&self, title: &str) -> String {
        strip_title_suffix(title, &self.config.title_suffixes)
    }

    /// The page whose text `page` shows: itself, or the source of a fallback.
    pub fn shown<'a>(&'a self, page: &'a Page) -> &'a Page {
        match page.kind {
            PageKind::Fallback { source } => &self.pages[source],
            _ => page,
        }
    }

    /// Every problem the model knows of, raw: before `[diagnostics]`
    /// overrides, possibly repeated (an include used by several pages),
    /// unsorted. `build::diagnostics` is the one place that finishes them.
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        let mut all: Vec<Diagnostic> = self.site_diagnostics.clone();
        let mut files: Vec<&String> = self.partial_problems.keys().collect();
        files.sort();
        for f in files {
            all.extend(self.partial_problems[f].iter().cloned());
        }
        for p in &self.pages {
            all.extend(p.diagnostics().cloned());
        }
        let code_ids: Vec<&str> = crate::markdown::CODE_MESSAGE_IDS
            .iter()
            .chain(UiStrings::CODE_MESSAGE_IDS)
            .copied()
            .collect();
        all.extend(crate::l10n::coverage::fluent_coverage(
            &self.ui,
            &self.locales,
            &self.config.default_locale,
            self.templates.as_ref().map(|t| &t.message_ids),
            &code_ids,
        ));
        all.extend(self.quoting_problems());
        all
    }

    /// The problems whose positions are found in the pages' Markdown: kept
    /// from before `release_sources` when the Markdown is gone.
    fn quoting_problems(&self) -> Vec<Diagnostic> {
        if let Some(released) = &self.released {
            return released.quoting_problems.clone();
        }
        let mut all = self.address_problems();
        all.extend(self.uid_problems());
        all.extend(self.structure_problems());
        all
    }

    /// Translations whose images, links, includes, alerts, headings or code
    /// blocks differ in number from their source's. Compared here, from the
    /// outlines each page keeps, so an edit to either side is seen at once.
    pub fn structure_problems(&self) -> Vec<Diagnostic> {
        use crate::l10n::structure::{check, Side};
        let default = &self.config.default_locale;
        let mut out = Vec::new();
        for (key, source_path) in &self.pairing.source_of {
            let (Some(tr), Some(src)) = (
                self.page(key.locale(), key.path()),
                self.page(default, source_path),
            ) else {
                continue;
            };
            let redirect = tr.redirect_url().is_some() || src.redirect_url().is_some();
            if redirect || tr.kind != PageKind::Content || src.kind != PageKind::Content {
                continue;
            }
            out.extend(check(
                &Side {
                    file: &src.file,
                    text: src.loaded_text(),
                    outline: &src.rendered.structure(),
                },
                &Side {
                    file: &tr.file,
                    text: tr.loaded_text(),
                    outline: &tr.rendered.structure(),
                },
            ));
        }
        out
    }

    /// The default-locale page that `page` translates (itself in the default locale).
    pub fn source_path_of(&self, page: &Page) -> Option<String> {
        if page.locale == self.config.default_locale
            || matches!(page.kind, PageKind::Fallback { .. })
        {
            return Some(page.path.clone());
        }
        self.pairing.source_of.at(&page.locale, &page.path).cloned()
    }

    /// Where the switcher takes a reader of `page` who picks `locale`: its
    /// translation, else that locale's home (a fallback page would only
    /// show the same text again). Never a dead end.
    pub fn counterpart(&self, page: &Page, locale: &str) -> (String, bool) {
        if locale == page.locale {
            return (page.path.clone(), true);
        }
        if let Some(source) = self.source_path_of(page) {
            if locale == self.config.default_locale {
                return (source, true);
            }
            if let Some(tr) = self.pairing.translation_of.at(locale, &source) {
                return (tr.clone(), true);
            }
        }
        ("index.md".to_string(), false)
    }

    /// The TOC that governs `page`, if any.
    pub fn toc_for(&self, page: &Page) -> Option<&Toc> {
        self.toc_id_for(page).map(|id| &self.tocs[id.0])
    }

    fn toc_id_for(&self, page: &Page) -> Option<TocId> {
        let dir = toc::governing_dir(&page.path, |d| self.toc_ids.has(&page.locale, d))?;
        self.toc_ids.at(&page.locale, dir).copied()
    }

    /// Where a redirect page leads, as a URL relative to the page.
    pub fn redirect_target(&self, page: &Page) -> Option<String> {
        let url = page.redirect_url()?;
        let source_dir = links::parent_dir(&page.path);
        let r = self.index.resolve(
            &page.locale,
            source_dir,
            source_dir,
            &url,
            links::RefKind::Link,
        );
        if matches!(r.target, links::Target::Unresolved) && r.url.is_empty() {
            // Refused (an unsafe scheme): the reader lands on the locale's home instead.
            return Some(format!("{}index.html", links::root_prefix(source_dir)));
        }
        Some(r.url)
    }

    /// What the existing source `content/<locale>/<path>` is to the model.
    pub fn source_kind(&self, locale: &str, path: &str) -> Option<crate::discover::FileKind> {
        let files = self.index.locales.get(locale)?;
        if files.pages.contains(path) {
            Some(crate::discover::FileKind::Page)
        } else if files.files.contains(path) {
            Some(crate::discover::classify(path))
        } else {
            None
        }
    }

    /// Whether any source of `locale` lies under the folder `dir`.
    pub fn has_sources_under(&self, locale: &str, dir: &str) -> bool {
        let prefix = format!("{dir}/");
        self.index.locales.get(locale).is_some_and(|f| {
            f.pages
                .iter()
                .chain(&f.files)
                .any(|p| p.starts_with(&prefix))
        })
    }

    /// Pages that are real content (for counts and reports).
    pub fn content_page_count(&self) -> usize {
        self.pages
            .iter()
            .filter(|p| p.kind == PageKind::Content)
            .count()
    }
}

#[cfg(test)]
mod tests;
