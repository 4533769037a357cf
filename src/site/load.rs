//! `Site::load`: the whole model in one pass, and the steps that
//! `reload` repeats for single files (reading, analysing a source,
//! rendering Markdown).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;

use rayon::prelude::*;
use serde_json::Value;

use super::{Page, PageId, PageKind, Site, TocId};
use crate::config::Config;
use crate::diagnostics::{Code, Diagnostic, Severity};
use crate::discover::{self, FileKind, SourceTree};
use crate::frontmatter::FrontMatter;
use crate::keys::{ByPage, PageKey};
use crate::l10n::mojibake;
use crate::l10n::pairing::{self, Pairing};
use crate::l10n::ui_strings::UiStrings;
use crate::links::{self, ContentIndex, LocaleFiles};
use crate::markdown::{self, Env};
use crate::templates::Templates;
use crate::toc::{self, Toc};

/// A problem that stops everything: `site.toml` unreadable or invalid, no
/// `content/`.
#[derive(Debug)]
pub struct Fatal(pub Vec<Diagnostic>);

impl Site {
    /// Reads, pairs, renders and checks everything; templates are loaded
    /// (and so validated) but not applied.
    pub fn load(root: &Path) -> Result<Site, Fatal> {
        let config = Config::load(root).map_err(|d| Fatal(vec![d]))?;
        let mut site_diags = Vec::new();
        let sources = discover::scan(root, &config, &mut site_diags);
        let locales = sources.locales.clone();
        if site_diags.iter().any(|d| d.severity == Severity::Error) {
            for d in &mut site_diags {
                config.show_paths(root, d);
            }
            return Err(Fatal(site_diags));
        }
        let ui = Arc::new(UiStrings::load(
            root,
            &locales,
            &config.default_locale,
            &mut site_diags,
        ));
        let templates = Templates::load(root, &locales, ui.clone(), &mut site_diags);

        // Read every page and partial once, in parallel.
        let texts: Vec<(usize, Result<Arc<str>, Diagnostic>)> = sources
            .files
            .par_iter()
            .enumerate()
            .filter(|(_, f)| matches!(f.kind, FileKind::Page | FileKind::Include | FileKind::Toc))
            .map(|(i, f)| (i, read_text(&f.abs, &source_file(&f.locale, &f.path))))
            .collect();
        let mut partials: HashMap<PageKey, Arc<str>> = HashMap::new();
        let mut partial_problems: HashMap<String, Vec<Diagnostic>> = HashMap::new();
        let mut pages: Vec<Page> = Vec::new();
        for (i, read) in texts {
            let f = &sources.files[i];
            let (text, problem) = split_read(read);
            if f.kind == FileKind::Page {
                let mut page = Page::new(&f.locale, &f.path, PageKind::Content, text);
                page.source_problems.extend(problem);
                pages.push(page);
            } else {
                let file = source_file(&f.locale, &f.path);
                let mut problems: Vec<Diagnostic> = problem.into_iter().collect();
                problems.extend(mojibake::diagnostics(&file, &text));
                partial_problems.insert(file, problems);
                partials.insert(PageKey::new(&f.locale, &f.path), text);
            }
        }
        pages.par_iter_mut().for_each(analyse_source);
        pages
            .par_iter_mut()
            .for_each(|p| super::docfx::apply_metadata(&config, p));
        for mut page in super::docfx::apply_redirections(root, &config, &mut pages, &mut site_diags)
        {
            analyse_source(&mut page);
            pages.push(page);
        }

        // Pairing needs only front matter; link resolution needs pairing.
        let pairing = pair(&config, &locales, &pages);
        report_duplicate_assetids(&pairing, &mut pages);
        let mut index = content_index(&config, &locales, &sources, &pairing);
        index.redirects = redirect_index(&index, &pages);

        add_fallback_pages(&config, &locales, &pairing, &mut pages);
        add_generated_indexes(&locales, &mut pages);
        pages.sort_by(|a, b| (&a.locale, &a.path).cmp(&(&b.locale, &b.path)));
        // Fallback sources point at ids; re-point them after sorting.
        let page_ids: rustc_hash::FxHashMap<PageKey, PageId> = pages
            .iter()
            .enumerate()
            .map(|(i, p)| (PageKey::new(&p.locale, &p.path), i))
            .collect();
        for p in pages.iter_mut() {
            if let PageKind::Fallback { source } = &mut p.kind {
                if let Some(&id) = page_ids.at(&config.default_locale, &p.path) {
                    *source = id;
                }
            }
        }

        let (tocs, toc_ids) = load_tocs(
            &config,
            &locales,
            &sources,
            &index,
            &partials,
            &mut partial_problems,
        );
        let mut site = Site {
            tocs,
            toc_ids,
            root: root.to_path_buf(),
            config,
            locales,
            index,
            pairing,
            pages,
            page_ids,
            ui,
            templates,
            partials,
            partial_problems,
            site_diagnostics: site_diags,
            linked_from: HashMap::new(),
            reach: Default::default(),
            released: None,
        };
        let all: Vec<PageId> = (0..site.pages.len()).collect();
        site.render_markdown(&all);
        site.check_anchors_of(all);
        Ok(site)
    }

    /// Renders the Markdown of `ids`, taking includes from `partials`.
    pub(super) fn render_markdown(&mut self, ids: &[PageId]) {
        *self
            .reach
            .get_mut()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = Default::default();
        let ui = self.ui.clone();
        let label = move |locale: &str, id: &str| ui.text(locale, id);
        let partials = &self.partials;
        // DocFX lets a page include any Markdown file, pages as well as partials.
        let page_texts: HashMap<PageKey, Arc<str>> = self
            .pages
            .iter()
            .filter(|p| p.kind == PageKind::Content)
            .filter_map(|p| Some((PageKey::new(&p.locale, &p.path), p.shared_text()?)))
            .collect();
        let locale_dirs = self.locale_dirs();
        let index = &self.index;
        let read = |locale: &str, path: &str| {
            partials
                .at(locale, path)
                .or_else(|| page_texts.at(locale, path))
                .cloned()
                .or_else(|| {
                    // Another file of the site, e.g. an include that is not
                    // Markdown: only one discovery listed, and never a pipe
                    // swapped in since, which would block the read.
                    if !index.locales.get(locale)?.files.contains(path) {
                        return None;
                    }
                    let abs = locale_dirs.get(locale)?.join(path);
                    let bytes = markdown::read_regular_file(&abs, markdown::MAX_SNIPPET_FILE);
                    String::from_utf8(bytes.ok()?).ok().map(Arc::from)
                })
        };
        let extras = self.markdown_extras();
        let env = Env {
            index: &self.index,
            label: &label,
            read: &read,
            dialect: self.config.markdown,
            site: &extras,
        };
        let wanted: HashSet<PageId> = ids.iter().copied().collect();
        self.pages
            .par_iter_mut()
            .enumerate()
            .filter(|(id, p)| wanted.contains(id) && p.kind != PageKind::GeneratedIndex)
            .for_each(|(_, page)| {
                if page.is_yaml() {
                    let (rendered, landing) = crate::landing::render(&env, &page.source());
                    page.rendered = rendered;
                    page.landing = landing.map(Arc::new);
                } else {
                    page.rendered = markdown::render_page(&env, &page.source());
                }
            });
        for &id in ids {
            self.index_fragment_links(id);
        }
    }
}

impl Site {
    /// Each locale's folder on disk, by locale.
    pub(crate) fn locale_dirs(&self) -> HashMap<String, std::path::PathBuf> {
        self.locales
            .iter()
            .map(|l| (l.clone(), self.config.locale_root(&self.root, l).dir))
            .collect()
    }

    /// The `monikers` of site.toml and every page's `uid`, for DocFX extensions.
    fn markdown_extras(&self) -> markdown::SiteExtras {
        let mut xrefs = markdown::xref::XrefMap::new();
        for page in self.pages.iter().filter(|p| p.kind == PageKind::Content) {
            if let Some(uid) = page.front.get_str("uid") {
                xrefs
                    .entry(uid)
                    .or_default()
                    .push(markdown::xref::XrefTarget {
                        locale: page.locale.clone(),
                        path: page.path.clone(),
                        title: self.display_title(&page.title()),
                    });
            }
        }
        markdown::SiteExtras {
            monikers: self.config.monikers.clone(),
            direct_video: self.config.video.embed == crate::config::VideoEmbed::Direct,
            xrefs,
            snippets: markdown::SnippetFiles::on_disk(self.locale_dirs()),
            ..Default::default()
        }
    }
}

pub(super) fn source_file(locale: &str, path: &str) -> String {
    format!("content/{locale}/{path}")
}

/// The text, or an empty one and the reason it could not be read.
pub(super) fn split_read(read: Result<Arc<str>, Diagnostic>) -> (Arc<str>, Option<Diagnostic>) {
    match read {
        Ok(t) => (t, None),
        Err(d) => (Arc::from(""), Some(d)),
    }
}

/// Front matter and the source checks that need only the page's own text,
/// added to what reading the page found (the only problems before this).
pub(super) fn analyse_source(page: &mut Page) {
    let mut problems = std::mem::take(&mut page.source_problems);
    page.front = if page.is_yaml() {
        crate::landing::front(page.loaded_text())
    } else {
        FrontMatter::parse(page.loaded_text(), &page.file, &mut problems)
    };
    problems.extend(mojibake::diagnostics(&page.file, page.loaded_text()));
    problems.extend(date_problem(page));
    problems.extend(stamp_problem(page));
    problems.extend(super::addresses::front_problems(page));
    problems.extend(super::addresses::reserved_path_problem(page));
    if let Some(scheme) = page
        .redirect_url()
        .and_then(|u| links::unsafe_scheme(&u, false))
    {
        let at = page.loaded_text().find("redirect_url").unwrap_or(0);
        problems.push(
            Diagnostic::error(
                Code::UnsafeUrl,
                &page.file,
                format!("redirect_url: `{scheme}` URLs are not published: they can run script or hide content"),
            )
            .at(page.loaded_text(), at),
        );
    }
    page.source_problems = problems;
}

/// An `ms.date` that is no date: shown as written, and worth a warning.
fn date_problem(page: &Page) -> Option<Diagnostic> {
    let written = page.front.get_str("ms.date")?;
    let why = crate::l10n::dates::parse(&written).err()?;
    let head = page.front_text().unwrap_or_default();
    let at = head.find("ms.date").unwrap_or(0);
    Some(
        Diagnostic::warning(
            Code::Date,
            &page.file,
            format!("`ms.date: {written}` is not a date: {why}; it is shown as written"),
        )
        .at(page.loaded_text(), at)
        .with_suggestion("write it as MM/DD/YYYY, e.g. 01/04/2017".to_string()),
    )
}

/// An `ms.sourcegitcommit` that is no commit id is not looked up: a
/// revision expression would read some other source as the translated one.
fn stamp_problem(page: &Page) -> Option<Diagnostic> {
    use crate::site::freshness::COMMIT_KEY;
    let written = page.front.get_str(COMMIT_KEY)?;
    if crate::l10n::history::is_commit_id(&written) {
        return None;
    }
    let head = page.front_text().unwrap_or_default();
    let at = head.find(COMMIT_KEY).unwrap_or(0);
    Some(
        Diagnostic::warning(
            Code::TranslationStamp,
            &page.file,
            format!("`{COMMIT_KEY}: {written}` is not a commit id; it is ignored"),
        )
        .at(page.loaded_text(), at)
        .with_suggestion(
            "write the source commit's hex id, or run `helpsite l10n mark-current` to record it"
                .to_string(),
        ),
    )
}

fn pair(config: &Config, locales: &[String], pages: &[Page]) -> Pairing {
    let keys: Vec<pairing::Candidate> = pages
        .iter()
        .map(|p| pairing::Candidate {
            locale: &p.locale,
            path: &p.path,
            assetid: p.front.meta.get("ms.assetid").and_then(Value::as_str),
            redirect: p.redirect_url().is_some(),
        })
        .collect();
    pairing::pair(&config.default_locale, locales, &keys)
}

fn content_index(
    config: &Config,
    locales: &[String],
    sources: &SourceTree,
    pairing: &Pairing,
) -> ContentIndex {
    let mut locale_files: BTreeMap<String, (HashSet<String>, HashSet<String>)> = locales
        .iter()
        .map(|l| (l.clone(), Default::default()))
        .collect();
    for f in &sources.files {
        let entry = locale_files.entry(f.locale.clone()).or_default();
        if f.kind == FileKind::Page {
            entry.0.insert(f.path.clone());
        } else {
            entry.1.insert(f.path.clone());
        }
    }
    let mut index = ContentIndex::from_config(
        config,
        locale_files
            .into_iter()
            .map(|(l, (p, f))| {
                let mut files = LocaleFiles::new(p, f);
                if let Some(project) = config.docfx.get(&l) {
                    files.tilde_root = project
                        .content
                        .first()
                        .map(|g| g.src.clone())
                        .unwrap_or_default();
                }
                (l, files)
            })
            .collect(),
    );
    index.aliases = pairing
        .translation_of
        .iter()
        .filter(|(source, translation)| source.path() != translation.as_str())
        .map(|(k, t)| ((k.locale().to_string(), k.path().to_string()), t.clone()))
        .collect();
    index
}

/// The old paths pages keep with `redirect_from`, for link resolution.
/// One that is still a page, or that two pages claim, leads nowhere new
/// (`redirect-from` reports it); the first page by path is kept meanwhile.
fn redirect_index(index: &ContentIndex, pages: &[Page]) -> HashMap<(String, String), String> {
    let mut redirects = HashMap::new();
    let mut sorted: Vec<&Page> = pages.iter().collect();
    sorted.sort_by(|a, b| (&a.locale, &a.path).cmp(&(&b.locale, &b.path)));
    for page in sorted.into_iter().filter(|p| p.redirect_url().is_none()) {
        for old in super::addresses::own_redirects(page) {
            if !index.has_page(&page.locale, &old)
                && !super::addresses::RESERVED.contains(&old.as_str())
            {
                redirects
                    .entry((page.locale.clone(), old))
                    .or_insert_with(|| page.path.clone());
            }
        }
    }
    redirects
}

/// Each locale gets every TOC: its own, or the default locale's resolved
/// for it (links then lead to translations or fallback pages).
fn load_tocs(
    config: &Config,
    locales: &[String],
    sources: &SourceTree,
    index: &ContentIndex,
    texts: &HashMap<PageKey, Arc<str>>,
    problems: &mut HashMap<String, Vec<Diagnostic>>,
) -> (Vec<Toc>, rustc_hash::FxHashMap<PageKey, TocId>) {
    let mut tocs = Vec::new();
    let mut ids = rustc_hash::FxHashMap::default();
    let toc_files: Vec<&discover::SourceFile> = sources
        .files
        .iter()
        .filter(|f| f.kind == FileKind::Toc)
        .collect();
    for locale in locales {
        for f in toc_files
            .iter()
            .filter(|f| &f.locale == locale || f.locale == config.default_locale)
        {
            let dir = links::parent_dir(&f.path).to_string();
            let own = &f.locale == locale;
            if !own
                && toc_files
                    .iter()
                    .any(|o| &o.locale == locale && links::parent_dir(&o.path) == dir)
            {
                continue;
            }
            let Some(text) = texts.at(&f.locale, &f.path) else {
                continue;
            };
            let mut found = Vec::new();
            let file = source_file(&f.locale, &f.path);
            let toc = toc::parse(text, &file, &dir, locale, index, &mut found);
            if own {
                problems.entry(file).or_default().extend(found);
            }
            ids.insert(PageKey::new(locale, dir), TocId(tocs.len()));
            tocs.push(toc);
        }
    }
    (tocs, ids)
}

/// How many other pages a `duplicate-assetid` message names.
const DUPLICATES_NAMED: usize = 3;

/// An assetid and every page of the locale that uses it.
type SharedAssetid<'a> = (&'a str, &'a [String]);

pub(super) fn report_duplicate_assetids(pairing: &Pairing, pages: &mut [Page]) {
    // Looked up per page: scanning every page for every shared assetid
    // grows with the square of a copied tree.
    let mut groups: HashMap<(&str, &str), Vec<SharedAssetid>> = HashMap::new();
    for ((locale, id), paths) in &pairing.duplicate_assetids {
        for path in paths {
            groups
                .entry((locale.as_str(), path.as_str()))
                .or_default()
                .push((id.as_str(), paths.as_slice()));
        }
    }
    if groups.is_empty() {
        return;
    }
    pages.par_iter_mut().for_each(|p| {
        let Some(found) = groups.get(&(p.locale.as_str(), p.path.as_str())) else {
            return;
        };
        for &(id, paths) in found {
            let locale = &p.locale;
            let others: Vec<&str> = paths
                .iter()
                .filter(|o| **o != p.path)
                .map(String::as_str)
                .take(DUPLICATES_NAMED + 1)
                .collect();
            // A few names say enough; a copied tree would otherwise make
            // every message name every copy, which grows with its square.
            let named = match paths.len() - 1 {
                n if n > DUPLICATES_NAMED + 1 => format!(
                    "{} and {} more",
                    others[..DUPLICATES_NAMED].join(", "),
                    n - DUPLICATES_NAMED
                ),
                _ => others.join(", "),
            };
            let at = p.loaded_text().find("ms.assetid").unwrap_or(0);
            let d = Diagnostic::warning(
                Code::DuplicateAssetid,
                &p.file,
                format!("ms.assetid {id} is also used by {named} in {locale}; translations pair by path instead"),
            )
            .at(p.loaded_text(), at);
            // Most pages have no other problem: one slot, not Vec's four.
            p.source_problems.reserve_exact(found.len());
            p.source_problems.push(d);
        }
    });
}

fn add_fallback_pages(
    config: &Config,
    locales: &[String],
    pairing: &Pairing,
    pages: &mut Vec<Page>,
) {
    let default = &config.default_locale;
    let existing: HashSet<PageKey> = pages
        .iter()
        .map(|p| PageKey::new(&p.locale, &p.path))
        .collect();
    let mut fallbacks = Vec::new();
    for (i, source) in pages.iter().enumerate() {
        if &source.locale != default {
            continue;
        }
        for locale in locales.iter().filter(|l| *l != default) {
            let translated = pairing.translation_of.has(locale, &source.path);
            if !translated && !existing.has(locale, &source.path) {
                let mut p = source.clone();
                p.locale = locale.clone();
                p.kind = PageKind::Fallback { source: i };
                p.source_problems.clear();
                fallbacks.push(p);
            }
        }
    }
    pages.extend(fallbacks);
}

fn add_generated_indexes(locales: &[String], pages: &mut Vec<Page>) {
    for locale in locales {
        if !pages.iter().any(|p| &p.locale == locale && p.is_index()) {
            pages.push(Page::new(
                locale,
                "index.md",
                PageKind::GeneratedIndex,
                Arc::from(""),
            ));
        }
    }
}

/// No real page, include or TOC comes near this; a larger one is refused
/// rather than held in memory with every other page.
const MAX_SOURCE: u64 = 64 << 20;

pub(super) fn read_text(path: &Path, file: &str) -> Result<Arc<str>, Diagnostic> {
    // Opened without waiting, as snippets are: in `serve` a page replaced by
    // a named pipe between discovery and this read would otherwise stop
    // every later rebuild.
    let bytes = markdown::read_regular_file(path, MAX_SOURCE).map_err(|e| {
        let why = match e {
            markdown::Unreadable::NotRegular(kind) => format!("is {kind}, not a file"),
            markdown::Unreadable::TooLarge(n) => {
                format!("is {n} bytes; a source may be at most {MAX_SOURCE} bytes")
            }
            markdown::Unreadable::Io(e) => format!("cannot read: {e}"),
            markdown::Unreadable::NotUtf8 { .. } => "cannot read".to_string(),
        };
        Diagnostic::error(Code::Io, file, why)
    })?;
    match String::from_utf8(bytes) {
        Ok(s) => Ok(Arc::from(s)),
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            let prefix = String::from_utf8_lossy(&bytes[..valid]).into_owned();
            Err(Diagnostic::error(
                Code::Encoding,
                file,
                "not valid UTF-8: save the file as UTF-8",
            )
            .at(&prefix, prefix.len())
            .with_suggestion(format!("the first invalid byte is 0x{:02X}", bytes[valid])))
        }
    }
}
