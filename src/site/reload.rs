//! Keeping a loaded model exact after edits, by the same steps as `load`:
//! re-read the edited files, re-render the pages that depend on them,
//! recheck the anchors their change can affect. What would change pairing,
//! navigation or the set of files asks for a full load instead.

use std::collections::{BTreeSet, HashMap};

use super::load::{analyse_source, read_text, report_duplicate_assetids, source_file, split_read};
use super::{Page, PageId, PageKind, Site};
use crate::diagnostics::{Code, Diagnostic};
use crate::discover::FileKind;
use crate::keys::{ByPage, PageKey};
use crate::l10n::mojibake;
use crate::templates::Templates;

/// Why only a full load can be exact.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NeedsFullLoad(pub &'static str);

/// What an edit changed in the model.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Reloaded {
    /// Pages whose HTML may differ.
    pub outputs: BTreeSet<PageId>,
    /// Pages whose diagnostics may differ.
    pub rechecked: BTreeSet<PageId>,
    /// Locales whose page text changed (their search index lags).
    pub locales: BTreeSet<String>,
    /// Assets `(locale, path)` whose bytes changed.
    pub assets: Vec<(String, String)>,
    /// Include files re-read (`content/en/includes/a.md`).
    pub partials: Vec<String>,
    /// The diagnostics of `rechecked` and `partials` before the edit, so a
    /// preview can say what is new and what was fixed without looking at
    /// the whole site (`diagnostics_of` gives them after).
    pub previous: Vec<Diagnostic>,
}

impl Site {
    /// Re-reads the given existing files of `content/` (`(locale, path,
    /// kind)`) and brings every page that depends on them up to date.
    pub fn reload_sources(
        &mut self,
        changed: &[(String, String, FileKind)],
    ) -> Result<Reloaded, NeedsFullLoad> {
        let mut rerender: BTreeSet<PageId> = BTreeSet::new();
        let mut assets = Vec::new();
        let mut titles_before: HashMap<PageId, String> = HashMap::new();
        let mut partials = Vec::new();
        let mut previous: Vec<Diagnostic> = Vec::new();
        let mut seen: BTreeSet<PageId> = BTreeSet::new();
        for (locale, path, kind) in changed {
            let file = source_file(locale, path);
            // Only discovery may decide what a linked file is (see `discover::walk`).
            if crate::output::symlink_on_path(&self.root, &file).is_some() {
                return Err(NeedsFullLoad("a changed file is or lies under a symlink"));
            }
            match kind {
                FileKind::Toc => return Err(NeedsFullLoad("a TOC file changed")),
                FileKind::Asset => {
                    assets.push((locale.clone(), path.clone()));
                    // A code snippet's source is read into the pages that show it.
                    rerender.extend(self.pages_using(locale, path));
                }
                FileKind::Include => {
                    rerender.extend(self.reread_include(locale, path, &mut previous));
                    partials.push(file);
                }
                FileKind::Page => {
                    let id = *self
                        .page_ids
                        .at(locale, path)
                        .ok_or(NeedsFullLoad("a page is not in the model"))?;
                    let old_title = self.pages[id].title();
                    rerender.extend(self.reread_page(id, &mut previous, &mut seen)?);
                    titles_before.insert(id, old_title);
                }
            }
        }

        let mut rechecked = rerender.clone();
        for &id in &rerender {
            rechecked.extend(self.fragment_links_into(id));
        }
        for &id in &rechecked {
            if seen.insert(id) {
                previous.extend(self.pages[id].diagnostics().cloned());
            }
        }
        let ids: Vec<PageId> = rerender.iter().copied().collect();
        self.render_markdown(&ids);
        self.check_anchors_of(rechecked.iter().copied());

        let mut outputs = rerender.clone();
        let title_changed = titles_before
            .iter()
            .any(|(&id, before)| self.pages[id].title() != *before);
        if title_changed {
            // Home pages list every page by title.
            outputs.extend(self.pages_where(|p| p.is_index()));
        }
        for (locale, path) in &assets {
            outputs.extend(self.pages_where(|p| {
                p.rendered
                    .assets()
                    .iter()
                    .any(|a| &a.from_locale == locale && &a.path == path)
            }));
        }
        let locales = rerender
            .iter()
            .map(|&id| self.pages[id].locale.clone())
            .collect();
        Ok(Reloaded {
            outputs,
            rechecked,
            locales,
            assets,
            partials,
            previous,
        })
    }

    /// Re-reads the include `content/<locale>/<path>`; returns the pages that use it.
    fn reread_include(
        &mut self,
        locale: &str,
        path: &str,
        previous: &mut Vec<Diagnostic>,
    ) -> Vec<PageId> {
        let file = source_file(locale, path);
        let abs = self.config.source_place(&self.root, &file).abs();
        let (text, problem) = split_read(read_text(&abs, &file));
        let mut problems: Vec<_> = problem.into_iter().collect();
        problems.extend(mojibake::diagnostics(&file, &text));
        previous.extend(
            self.partial_problems
                .insert(file, problems)
                .into_iter()
                .flatten(),
        );
        self.partials.insert(PageKey::new(locale, path), text);
        self.pages_using(locale, path)
    }

    /// Re-reads page `id` into it and its fallback copies; returns the
    /// pages to render again. Its old diagnostics go to `previous` unless
    /// `seen` already has it.
    fn reread_page(
        &mut self,
        id: PageId,
        previous: &mut Vec<Diagnostic>,
        seen: &mut BTreeSet<PageId>,
    ) -> Result<Vec<PageId>, NeedsFullLoad> {
        let old = &self.pages[id];
        let abs = self.config.source_place(&self.root, &old.file).abs();
        let (text, problem) = split_read(read_text(&abs, &old.file));
        let mut fresh = Page::new(&old.locale, &old.path, PageKind::Content, text);
        fresh.source_problems.extend(problem);
        // Discovery decides from the first line whether a YAML file is a page.
        let still_a_page = crate::discover::yaml_mime(fresh.loaded_text())
            .is_some_and(|m| crate::discover::YAML_PAGE_TYPES.contains(&m));
        if fresh.is_yaml() && !still_a_page {
            return Err(NeedsFullLoad("a YAML page no longer says it is one"));
        }
        analyse_source(&mut fresh);
        super::docfx::apply_metadata(&self.config, &mut fresh);
        same_addresses(old, &fresh)?;
        // Pages that include this page as a partial.
        let mut rerender = self.pages_using(&old.locale, &old.path);
        report_duplicate_assetids(&self.pairing, std::slice::from_mut(&mut fresh));
        if seen.insert(id) {
            previous.extend(old.diagnostics().cloned());
        }
        let copies: Vec<PageId> = std::iter::once(id)
            .chain(self.pages_where(|p| p.kind == PageKind::Fallback { source: id }))
            .collect();
        for c in copies {
            let p = &mut self.pages[c];
            p.take_text_of(&fresh);
            p.front = fresh.front.clone();
            if p.kind == PageKind::Content {
                p.source_problems = fresh.source_problems.clone();
            }
            rerender.push(c);
        }
        Ok(rerender)
    }

    /// Pages whose Markdown read `(locale, path)`: an include, a page
    /// included as one, or a code snippet's source.
    fn pages_using(&self, locale: &str, path: &str) -> Vec<PageId> {
        self.pages
            .iter()
            .enumerate()
            .filter(|(_, page)| {
                page.rendered
                    .includes()
                    .iter()
                    .any(|(l, p)| l == locale && p == path)
            })
            .map(|(id, _)| id)
            .collect()
    }

    /// The diagnostics of some pages and include files, raw as `diagnostics`.
    pub fn diagnostics_of(&self, pages: &BTreeSet<PageId>, partials: &[String]) -> Vec<Diagnostic> {
        let mut out: Vec<Diagnostic> = pages
            .iter()
            .flat_map(|&id| self.pages[id].diagnostics().cloned())
            .collect();
        for f in partials {
            out.extend(self.partial_problems.get(f).into_iter().flatten().cloned());
        }
        out
    }

    /// Reloads the templates after edits of `names` (relative to
    /// `templates/`). Returns the pages whose output uses one of them, and
    /// whether the site-wide pages (404, search, language chooser) do.
    pub fn reload_templates(
        &mut self,
        names: &[String],
    ) -> Result<(Vec<PageId>, bool), NeedsFullLoad> {
        if self
            .site_diagnostics
            .iter()
            .any(|d| d.code == Code::Template)
        {
            return Err(NeedsFullLoad("the templates had problems"));
        }
        let mut problems = Vec::new();
        let templates = Templates::load(&self.root, &self.locales, self.ui.clone(), &mut problems);
        let templates = match templates {
            Some(t) if problems.is_empty() => t,
            _ => return Err(NeedsFullLoad("the templates have problems")),
        };
        let uses = |t: &str| {
            let needs = templates.closure(t);
            names.iter().any(|n| needs.contains(n))
        };
        // A handful of templates serve every page: ask once per template.
        let mut used: HashMap<&str, bool> = HashMap::new();
        let users: Vec<PageId> = self
            .pages
            .iter()
            .enumerate()
            .filter(|(_, p)| {
                *used
                    .entry(p.template())
                    .or_insert_with(|| uses(p.template()))
            })
            .map(|(i, _)| i)
            .collect();
        let extras = [
            "404.html",
            "root.html",
            "search.html",
            "all-pages.html",
            "print.html",
        ]
        .into_iter()
        .any(uses);
        self.templates = Some(templates);
        Ok((users, extras))
    }

    fn pages_where<'a>(
        &'a self,
        wanted: impl Fn(&Page) -> bool + 'a,
    ) -> impl Iterator<Item = PageId> + 'a {
        self.pages
            .iter()
            .enumerate()
            .filter(move |(_, p)| wanted(p))
            .map(|(i, _)| i)
    }
}

/// An edit that changes what other pages hang on (pairing, redirects,
/// xrefs, go/ pages) needs a full load.
fn same_addresses(old: &Page, fresh: &Page) -> Result<(), NeedsFullLoad> {
    let key = |p: &Page, k: &str| p.front.meta.get(k).cloned();
    // Pairing and redirects hang on these keys.
    if key(fresh, "ms.assetid") != key(old, "ms.assetid") {
        return Err(NeedsFullLoad("ms.assetid changed"));
    }
    if fresh.redirect_url() != old.redirect_url() {
        return Err(NeedsFullLoad("redirect_url changed"));
    }
    // Every page's xrefs hang on the uids and show their pages' titles.
    if key(fresh, "uid") != key(old, "uid")
        || (key(old, "uid").is_some() && key(fresh, "title") != key(old, "title"))
    {
        return Err(NeedsFullLoad("a page's uid or its title changed"));
    }
    // Other pages' go/ pages, redirects and links hang on these.
    if key(fresh, "help_id") != key(old, "help_id")
        || key(fresh, "redirect_from") != key(old, "redirect_from")
    {
        return Err(NeedsFullLoad("help_id or redirect_from changed"));
    }
    Ok(())
}
