//! The `Site` model and the build pipeline that fills it:
//! config → discover → front matter → pairing → Markdown → checks → templates.
//!
//! Every page knows what its output depends on (includes, linked pages,
//! templates), so a preview server can re-render single pages.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use serde_json::{json, Map, Value};

use crate::config::Config;
use crate::diagnostics::{code, Diagnostic, Severity};
use crate::discover::{self, FileKind, SourceTree};
use crate::frontmatter::{scalar_text, FrontMatter};
use crate::l10n::pairing::{self, Pairing};
use crate::l10n::ui_strings::UiStrings;
use crate::links::{self, ContentIndex, LocaleFiles};
use crate::markdown::{self, Env, PageSource, Rendered};
use crate::render::Templates;
use crate::toc::{self, Toc, TocEntry};

pub type PageId = usize;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PageKind {
    /// A Markdown page of its own locale.
    Content,
    /// A default-locale page shown in another locale that lacks a translation.
    Fallback { source: PageId },
    /// The locale's home when `content/<locale>/index.md` does not exist.
    GeneratedIndex,
}

#[derive(Debug, Clone)]
pub struct Page {
    pub locale: String,
    /// Relative to `content/<locale>/`, e.g. `EndUser/a.md`.
    pub path: String,
    /// The source file, relative to the site root (`content/en/EndUser/a.md`).
    pub file: String,
    pub kind: PageKind,
    pub text: Arc<str>,
    pub front: FrontMatter,
    pub rendered: Rendered,
    /// Problems found in this page's own source (not its fallbacks).
    pub diagnostics: Vec<Diagnostic>,
}

impl Page {
    pub fn title(&self) -> String {
        self.front
            .get_str("title")
            .or_else(|| self.rendered.first_h1.clone())
            .unwrap_or_else(|| {
                self.path
                    .trim_end_matches(".md")
                    .rsplit('/')
                    .next()
                    .unwrap_or("")
                    .replace('-', " ")
            })
    }

    pub fn output_path(&self) -> String {
        links::page_output_path(&self.locale, &self.path)
    }

    pub fn redirect_url(&self) -> Option<String> {
        self.front.get_str("redirect_url")
    }

    pub fn is_index(&self) -> bool {
        self.path == "index.md"
    }

    pub fn template(&self) -> &'static str {
        if self.redirect_url().is_some() {
            "redirect.html"
        } else if self.is_index() {
            "index.html"
        } else {
            "page.html"
        }
    }

    /// What the Markdown renderer reads of this page.
    pub fn source(&self) -> PageSource<'_> {
        PageSource {
            locale: &self.locale,
            path: &self.path,
            file: &self.file,
            text: &self.text,
            body_start: self.front.body_start,
        }
    }

    /// Files whose change means this page must be re-rendered.
    pub fn source_dependencies(&self) -> BTreeSet<String> {
        let mut deps: BTreeSet<String> = self
            .rendered
            .includes
            .iter()
            .map(|(l, p)| format!("content/{l}/{p}"))
            .collect();
        deps.insert(self.file.clone());
        deps
    }
}

pub struct Site {
    pub root: PathBuf,
    pub config: Config,
    pub locales: Vec<String>,
    pub sources: SourceTree,
    pub index: ContentIndex,
    pub pairing: Pairing,
    pub pages: Vec<Page>,
    pub page_ids: HashMap<(String, String), PageId>,
    pub ui: Arc<UiStrings>,
    pub templates: Option<Templates>,
    /// Navigation per `(locale, folder)`, resolved for that locale.
    pub tocs: HashMap<(String, String), Toc>,
    /// Problems not tied to one page: config, templates, Fluent, discovery.
    pub site_diagnostics: Vec<Diagnostic>,
    /// Search indexes and hashed CSS/JS names, which every page refers to.
    pub generated: crate::offline::Generated,
}

/// A problem that stops everything: `site.toml` unreadable or invalid.
pub struct Fatal(pub Vec<Diagnostic>);

impl Site {
    /// Runs the whole pipeline up to (not including) template rendering.
    pub fn load(root: &Path) -> Result<Site, Fatal> {
        let config = Config::load(root).map_err(|d| Fatal(vec![d]))?;
        let mut site_diags = Vec::new();
        let sources = discover::scan(root, &config, &mut site_diags);
        let locales = sources.locales.clone();
        if site_diags.iter().any(|d| d.severity == Severity::Error) {
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
            .map(|(i, f)| {
                (
                    i,
                    read_text(&f.abs, &format!("content/{}/{}", f.locale, f.path)),
                )
            })
            .collect();
        let mut file_texts: HashMap<(String, String), Arc<str>> = HashMap::new();
        let mut pages: Vec<Page> = Vec::new();
        for (i, text) in texts {
            let f = &sources.files[i];
            let file = format!("content/{}/{}", f.locale, f.path);
            let (text, diags) = match text {
                Ok(t) => (t, Vec::new()),
                Err(d) => (Arc::from(""), vec![d]),
            };
            if f.kind == FileKind::Page {
                pages.push(Page {
                    locale: f.locale.clone(),
                    path: f.path.clone(),
                    file,
                    kind: PageKind::Content,
                    text: text.clone(),
                    front: FrontMatter::default(),
                    rendered: Rendered::default(),
                    diagnostics: diags,
                });
            } else {
                site_diags.extend(diags);
            }
            file_texts.insert((f.locale.clone(), f.path.clone()), text);
        }
        pages.par_iter_mut().for_each(|p| {
            p.front = FrontMatter::parse(&p.text, &p.file, &mut p.diagnostics);
        });

        // Pairing needs only front matter; link resolution needs pairing.
        let keys: Vec<pairing::PageKey> = pages
            .iter()
            .map(|p| pairing::PageKey {
                locale: &p.locale,
                path: &p.path,
                assetid: p.front.meta.get("ms.assetid").and_then(Value::as_str),
                redirect: p.redirect_url().is_some(),
            })
            .collect();
        let pairing = pairing::pair(&config.default_locale, &locales, &keys);
        drop(keys);
        report_duplicate_assetids(&pairing, &mut pages);

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
            &config,
            locale_files
                .into_iter()
                .map(|(l, (p, f))| (l, LocaleFiles::new(p, f)))
                .collect(),
        );
        index.aliases = pairing
            .translation_of
            .iter()
            .filter(|((_, source), translation)| source != *translation)
            .map(|((l, s), t)| ((l.clone(), s.clone()), t.clone()))
            .collect();

        add_fallback_pages(&config, &locales, &pairing, &mut pages);
        add_generated_indexes(&locales, &mut pages);
        pages.sort_by(|a, b| (&a.locale, &a.path).cmp(&(&b.locale, &b.path)));
        // Fallback sources point at ids; re-point them after sorting.
        let page_ids: HashMap<(String, String), PageId> = pages
            .iter()
            .enumerate()
            .map(|(i, p)| ((p.locale.clone(), p.path.clone()), i))
            .collect();
        for p in pages.iter_mut() {
            if let PageKind::Fallback { source } = &mut p.kind {
                *source = page_ids[&(config.default_locale.clone(), p.path.clone())];
            }
        }

        let tocs = load_tocs(
            &config,
            &locales,
            &sources,
            &index,
            &file_texts,
            &mut site_diags,
        );
        let mut site = Site {
            tocs,
            root: root.to_path_buf(),
            config,
            locales,
            sources,
            index,
            pairing,
            pages,
            page_ids,
            ui,
            templates,
            site_diagnostics: site_diags,
            generated: Default::default(),
        };
        site.render_markdown(&file_texts);
        site.check_anchors_of(0..site.pages.len());
        site.generated = crate::offline::Generated::compute(&site);
        let generated_diags = std::mem::take(&mut site.generated.diagnostics);
        site.site_diagnostics.extend(generated_diags);
        Ok(site)
    }

    fn render_markdown(&mut self, file_texts: &HashMap<(String, String), Arc<str>>) {
        let ui = self.ui.clone();
        let label = move |locale: &str, id: &str| ui.text(locale, id);
        let read = |locale: &str, path: &str| {
            file_texts
                .get(&(locale.to_string(), path.to_string()))
                .cloned()
        };
        let env = Env {
            index: &self.index,
            label: &label,
            read: &read,
        };
        self.pages.par_iter_mut().for_each(|page| {
            if page.kind == PageKind::GeneratedIndex {
                return;
            }
            let mut rendered = markdown::render_page(&env, &page.source());
            let diags = std::mem::take(&mut rendered.diagnostics);
            if page.kind == PageKind::Content {
                page.diagnostics.extend(diags);
            }
            page.rendered = rendered;
        });
    }

    /// `#fragment` checks need every page's anchors, so they run after all
    /// pages are rendered.
    /// Checks the `#fragment`s of the pages `ids`, replacing their earlier
    /// anchor findings: a full load checks every page, a preview rebuild
    /// only the pages it touched.
    pub(crate) fn check_anchors_of(&mut self, ids: impl IntoIterator<Item = PageId>) {
        let ids: Vec<PageId> = ids.into_iter().collect();
        let mut found: Vec<(PageId, Diagnostic)> = Vec::new();
        {
            let pages = &self.pages;
            let target_of = |page: &Page, link: &crate::markdown::PageLink| -> Option<PageId> {
                self.page_ids
                    .get(&(link.locale.clone(), link.path.clone()))
                    .or_else(|| self.page_ids.get(&(page.locale.clone(), link.path.clone())))
                    .copied()
            };
            // Anchor sets of just the pages that fragments point into.
            let mut anchors: HashMap<PageId, HashSet<&str>> = HashMap::new();
            for &id in &ids {
                let page = &pages[id];
                let targets = page
                    .rendered
                    .page_links
                    .iter()
                    .filter(|l| l.fragment.is_some())
                    .filter_map(|l| target_of(page, l));
                for target in targets.chain(std::iter::once(id)) {
                    anchors.entry(target).or_insert_with(|| {
                        pages[target]
                            .rendered
                            .anchors
                            .iter()
                            .map(String::as_str)
                            .collect()
                    });
                }
            }
            for &id in &ids {
                let page = &pages[id];
                if page.kind != PageKind::Content {
                    continue;
                }
                for link in &page.rendered.page_links {
                    let (Some(fragment), Some(target)) = (&link.fragment, target_of(page, link))
                    else {
                        continue;
                    };
                    if !anchors[&target].contains(fragment.as_str()) {
                        let problem = anchor_problem(
                            &link.at,
                            fragment,
                            &format!("`{}`", link.path),
                            &anchors[&target],
                        );
                        found.push((id, problem));
                    }
                }
                for (fragment, at) in &page.rendered.self_links {
                    if !anchors[&id].contains(fragment.as_str()) {
                        found.push((id, anchor_problem(at, fragment, "this page", &anchors[&id])));
                    }
                }
            }
        }
        for &id in &ids {
            self.pages[id]
                .diagnostics
                .retain(|d| d.code != code::BROKEN_ANCHOR);
        }
        for (id, d) in found {
            self.pages[id].diagnostics.push(d);
        }
    }

    pub fn page(&self, locale: &str, path: &str) -> Option<&Page> {
        self.page_ids
            .get(&(locale.to_string(), path.to_string()))
            .map(|&i| &self.pages[i])
    }

    /// All diagnostics, with `[diagnostics]` overrides applied, sorted.
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        let mut all: Vec<Diagnostic> = self.site_diagnostics.clone();
        for p in &self.pages {
            all.extend(p.diagnostics.iter().cloned());
        }
        all.extend(crate::l10n::checks::diagnostics(self));
        // An include used by many pages reports its problems once.
        let mut seen = HashSet::new();
        all.retain(|d| seen.insert((d.file.clone(), d.line, d.column, d.code, d.message.clone())));
        self.config.apply_overrides(&mut all);
        crate::diagnostics::sort(&mut all);
        all
    }

    /// The default-locale page that `page` translates (itself in the default locale).
    pub fn source_path_of(&self, page: &Page) -> Option<String> {
        if page.locale == self.config.default_locale
            || matches!(page.kind, PageKind::Fallback { .. })
        {
            return Some(page.path.clone());
        }
        self.pairing
            .source_of
            .get(&(page.locale.clone(), page.path.clone()))
            .cloned()
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
            if let Some(tr) = self
                .pairing
                .translation_of
                .get(&(locale.to_string(), source.clone()))
            {
                return (tr.clone(), true);
            }
        }
        ("index.md".to_string(), false)
    }

    /// Fluent messages this module reads (the switcher's language names):
    /// `check` counts them as used although no template names them.
    pub const CODE_MESSAGE_IDS: &'static [&'static str] = &["language-name"];

    /// The Tera context for one page.
    pub fn page_context(&self, id: PageId) -> tera::Context {
        let page = &self.pages[id];
        let out_dir = links::parent_dir(&page.output_path()).to_string();
        let root = links::relative_url(&out_dir, "x")
            .trim_end_matches('x')
            .to_string();
        let mut ctx = self.base_context(&page.locale, &out_dir);
        let mut translations = Vec::new();
        let mut alternates = Vec::new();
        for locale in &self.locales {
            let (path, real) = self.counterpart(page, locale);
            let url = links::relative_url(&out_dir, &links::page_output_path(locale, &path));
            translations.push(json!({
                "locale": locale,
                "name": self.ui.text(locale, "language-name"),
                "url": url,
                "current": *locale == page.locale,
                "translated": real,
            }));
            let is_real = real
                && self
                    .page(locale, &path)
                    .is_some_and(|p| p.kind == PageKind::Content);
            if is_real {
                alternates.push(json!({"hreflang": locale, "url": url}));
                if *locale == self.config.default_locale {
                    alternates.push(json!({"hreflang": "x-default", "url": url}));
                }
            }
        }
        let source_page = match page.kind {
            PageKind::Fallback { source } => &self.pages[source],
            _ => page,
        };
        let meta_tags = meta_tags(&source_page.front.meta);
        let mut page_value = json!({
            "title": source_page.title(),
            "description": source_page.front.get_str("description"),
            "meta": Value::Object(source_page.front.meta.clone()),
            "meta_tags": meta_tags,
            "honumber": source_page.rendered.honumber,
            "content": page.rendered.html,
            "headings": page.rendered.headings,
            "path": page.path,
            "url": links::relative_url(&out_dir, &page.output_path()),
            "is_fallback": matches!(page.kind, PageKind::Fallback { .. }),
            "source_locale": source_page.locale,
            "translations": translations,
            "alternates": alternates,
            "redirect_url": page.redirect_url().map(|u| self.redirect_target(page, &u)),
        });
        if page.kind == PageKind::GeneratedIndex {
            page_value["title"] = Value::String(self.config.title.clone());
        }
        self.insert_navigation(page, &out_dir, &mut page_value);
        ctx.insert("page", &page_value);
        ctx.insert("root", &root);
        if page.is_index() {
            let mut list: Vec<(String, String)> = self
                .pages
                .iter()
                .filter(|p| p.locale == page.locale && !p.is_index() && p.redirect_url().is_none())
                .map(|p| {
                    let title = match p.kind {
                        PageKind::Fallback { source } => self.pages[source].title(),
                        _ => p.title(),
                    };
                    let title = short_title(&title);
                    (title, links::relative_url(&out_dir, &p.output_path()))
                })
                .collect();
            list.sort();
            let list: Vec<Value> = list
                .into_iter()
                .map(|(title, url)| json!({"title": title, "url": url}))
                .collect();
            ctx.insert("pages", &list);
        } else {
            ctx.insert("pages", &Vec::<Value>::new());
        }
        ctx
    }

    /// The TOC that governs `page`, if any.
    pub fn toc_for(&self, page: &Page) -> Option<&Toc> {
        let dir = toc::governing_dir(&page.path, |d| {
            self.tocs
                .contains_key(&(page.locale.clone(), d.to_string()))
        })?;
        self.tocs.get(&(page.locale.clone(), dir))
    }

    /// `page.toc`, `page.breadcrumbs`, `page.prev` and `page.next`.
    fn insert_navigation(&self, page: &Page, out_dir: &str, value: &mut Value) {
        let Some(toc) = self.toc_for(page) else {
            return;
        };
        let me = (page.locale.clone(), page.path.clone());
        let url_of = |e: &TocEntry| -> Option<String> {
            match (&e.page, &e.external) {
                (Some((l, p)), _) => {
                    Some(links::relative_url(out_dir, &links::page_output_path(l, p)))
                }
                (None, Some(x)) => Some(x.clone()),
                _ => None,
            }
        };
        let trail = toc.trail(&me);
        fn tree(
            entries: &[TocEntry],
            me: &(String, String),
            trail: &[&TocEntry],
            url_of: &dyn Fn(&TocEntry) -> Option<String>,
        ) -> Vec<Value> {
            entries
                .iter()
                .map(|e| {
                    let open = trail.iter().any(|t| std::ptr::eq(*t, e));
                    json!({
                        "title": e.title,
                        "url": url_of(e),
                        "current": e.page.as_ref() == Some(me),
                        "open": open,
                        "children": tree(&e.children, me, trail, url_of),
                    })
                })
                .collect()
        }
        value["toc"] = Value::Array(tree(&toc.entries, &me, &trail, &url_of));
        let home = links::relative_url(out_dir, &format!("{}/index.html", page.locale));
        let mut crumbs =
            vec![json!({"title": self.ui.text(&page.locale, "site-home"), "url": home})];
        crumbs.extend(
            trail
                .iter()
                .filter(|e| e.page.as_ref() != Some(&me))
                .map(|e| json!({"title": e.title, "url": url_of(e)})),
        );
        value["breadcrumbs"] = Value::Array(crumbs);
        let linear = toc.linear();
        if let Some(pos) = linear.iter().position(|e| e.page.as_ref() == Some(&me)) {
            if pos > 0 {
                value["prev"] =
                    json!({"title": linear[pos - 1].title, "url": url_of(linear[pos - 1])});
            }
            if let Some(next) = linear.get(pos + 1) {
                value["next"] = json!({"title": next.title, "url": url_of(next)});
            }
        }
    }

    fn redirect_target(&self, page: &Page, url: &str) -> String {
        let source_dir = links::parent_dir(&page.path);
        let r = self.index.resolve(
            &page.locale,
            source_dir,
            source_dir,
            url,
            links::RefKind::Link,
        );
        r.url
    }

    /// What every template gets: `site`, `locale`, `home`, `root`.
    pub fn base_context(&self, locale: &str, out_dir: &str) -> tera::Context {
        let mut ctx = tera::Context::new();
        let languages: Vec<Value> = self
            .locales
            .iter()
            .map(|l| json!({"code": l, "name": self.ui.text(l, "language-name")}))
            .collect();
        ctx.insert(
            "site",
            &json!({
                "title": self.config.title,
                "default_locale": self.config.default_locale,
                "base_path": self.config.base_path,
                "portal_url": self.config.portal_url,
                "locales": languages,
            }),
        );
        ctx.insert("locale", locale);
        ctx.insert(
            "home",
            &links::relative_url(out_dir, &format!("{locale}/index.html")),
        );
        ctx.insert(
            "root",
            &links::relative_url(out_dir, "x")
                .trim_end_matches('x')
                .to_string(),
        );
        // Published names of CSS and JS (with content hashes), relative to `root`.
        ctx.insert("assets", &self.generated.assets);
        ctx.insert("search_index", &self.generated.search_index_path(locale));
        ctx.insert("download", &self.generated.download);
        ctx
    }
}

/// Each locale gets every TOC: its own, or the default locale's resolved
/// for it (links then lead to translations or fallback pages).
fn load_tocs(
    config: &Config,
    locales: &[String],
    sources: &SourceTree,
    index: &ContentIndex,
    texts: &HashMap<(String, String), Arc<str>>,
    diags: &mut Vec<Diagnostic>,
) -> HashMap<(String, String), Toc> {
    let mut tocs = HashMap::new();
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
            let Some(text) = texts.get(&(f.locale.clone(), f.path.clone())) else {
                continue;
            };
            let mut found = Vec::new();
            let file = format!("content/{}/{}", f.locale, f.path);
            let toc = toc::parse(text, &file, &dir, locale, index, &mut found);
            if own {
                diags.extend(found);
            }
            tocs.insert((locale.clone(), dir), toc);
        }
    }
    tocs
}

fn anchor_problem(
    at: &Diagnostic,
    fragment: &str,
    target: &str,
    anchors: &HashSet<&str>,
) -> Diagnostic {
    let mut d = at.clone();
    d.message = format!("`#{fragment}`: {target} has no heading or anchor with this id");
    let lower = fragment.to_lowercase();
    if let Some(close) = anchors.iter().find(|a| a.to_lowercase() == lower) {
        d.suggestion = Some(format!("#{close}"));
    }
    d
}

fn report_duplicate_assetids(pairing: &Pairing, pages: &mut [Page]) {
    for ((locale, id), paths) in &pairing.duplicate_assetids {
        for p in pages
            .iter_mut()
            .filter(|p| &p.locale == locale && paths.contains(&p.path))
        {
            let others: Vec<&str> = paths
                .iter()
                .filter(|o| **o != p.path)
                .map(String::as_str)
                .collect();
            let at = p.text.find("ms.assetid").unwrap_or(0);
            p.diagnostics.push(
                Diagnostic::warning(
                    code::DUPLICATE_ASSETID,
                    &p.file,
                    format!("ms.assetid {id} is also used by {} in {locale}; translations pair by path instead", others.join(", ")),
                )
                .at(&p.text, at),
            );
        }
    }
}

fn add_fallback_pages(
    config: &Config,
    locales: &[String],
    pairing: &Pairing,
    pages: &mut Vec<Page>,
) {
    let default = &config.default_locale;
    let existing: HashSet<(String, String)> = pages
        .iter()
        .map(|p| (p.locale.clone(), p.path.clone()))
        .collect();
    let mut fallbacks = Vec::new();
    for (i, source) in pages.iter().enumerate() {
        if &source.locale != default {
            continue;
        }
        for locale in locales.iter().filter(|l| *l != default) {
            let translated = pairing
                .translation_of
                .contains_key(&(locale.clone(), source.path.clone()));
            if !translated && !existing.contains(&(locale.clone(), source.path.clone())) {
                let mut p = source.clone();
                p.locale = locale.clone();
                p.kind = PageKind::Fallback { source: i };
                p.diagnostics.clear();
                fallbacks.push(p);
            }
        }
    }
    pages.extend(fallbacks);
}

fn add_generated_indexes(locales: &[String], pages: &mut Vec<Page>) {
    for locale in locales {
        if !pages.iter().any(|p| &p.locale == locale && p.is_index()) {
            pages.push(Page {
                locale: locale.clone(),
                path: "index.md".into(),
                file: format!("content/{locale}/index.md"),
                kind: PageKind::GeneratedIndex,
                text: Arc::from(""),
                front: FrontMatter::default(),
                rendered: Rendered::default(),
                diagnostics: Vec::new(),
            });
        }
    }
}

/// DocFX titles carry the site's name ("… | Microsoft Docs"); lists of
/// pages and search results do not need it.
pub fn short_title(title: &str) -> String {
    title
        .rsplit_once(" | ")
        .map_or(title, |(t, _)| t)
        .to_string()
}

/// `<meta>` tags from front matter: description, robots (lower-cased) and
/// every `ms.*` key. Empty values are dropped.
pub fn meta_tags(meta: &Map<String, Value>) -> Vec<Value> {
    let mut tags = Vec::new();
    for (key, value) in meta {
        let Some(text) = scalar_text(value) else {
            continue;
        };
        let (name, content) = if key == "description" {
            ("description".to_string(), text)
        } else if key.eq_ignore_ascii_case("robots") {
            ("robots".to_string(), text.to_lowercase())
        } else if key.starts_with("ms.") {
            (key.clone(), text)
        } else {
            continue;
        };
        tags.push(json!({"name": name, "content": content}));
    }
    tags
}

fn read_text(path: &Path, file: &str) -> Result<Arc<str>, Diagnostic> {
    let bytes = std::fs::read(path)
        .map_err(|e| Diagnostic::error(code::IO, file, format!("cannot read: {e}")))?;
    match String::from_utf8(bytes) {
        Ok(s) => Ok(Arc::from(s)),
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            let prefix = String::from_utf8_lossy(&bytes[..valid]).into_owned();
            Err(Diagnostic::error(
                code::ENCODING,
                file,
                "not valid UTF-8: save the file as UTF-8",
            )
            .at(&prefix, prefix.len())
            .with_suggestion(format!("the first invalid byte is 0x{:02X}", bytes[valid])))
        }
    }
}

#[cfg(test)]
mod tests;
