//! What a DocFX project adds to its pages: `globalMetadata` and
//! `fileMetadata` as defaults of their front matter, and the redirection
//! file's entries as helpsite redirects (`redirect_from` on the page an old
//! address leads to, or a redirect page for an address on another site).

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use serde_json::Value;

use super::{Page, PageKind};
use crate::config::docfx_project::{within, DocfxProject};
use crate::config::docfx_redirects::{self, RedirectTarget, Redirection};
use crate::config::Config;
use crate::diagnostics::{Code, Diagnostic};
use crate::frontmatter::Meta;

/// The page's path in its project (relative to `docfx.json`'s folder).
fn in_project(project: &DocfxProject, path: &str) -> String {
    match project.content.first().map_or("", |g| g.src.as_str()) {
        "" => path.to_string(),
        src => format!("{src}/{path}"),
    }
}

/// The project's metadata under the page's own front matter, which wins.
pub(super) fn apply_metadata(config: &Config, page: &mut Page) {
    let Some(project) = config.docfx.get(&page.locale) else {
        return;
    };
    if page.kind != PageKind::Content {
        return;
    }
    let defaults = project.metadata_for(&in_project(project, &page.path));
    if defaults.is_empty() {
        return;
    }
    let own = page
        .front
        .meta
        .iter()
        .map(|(k, v)| (k.to_string(), v.clone()));
    let own_keys: Vec<String> = page
        .front
        .meta
        .keys()
        .map(str::to_ascii_lowercase)
        .collect();
    // `ROBOTS` and `robots` are one key to readers of the page.
    let defaults = defaults
        .into_iter()
        .filter(|(k, _)| !own_keys.contains(&k.to_ascii_lowercase()));
    page.front.meta = Meta::from_entries(defaults.chain(own));
}

/// The redirection file of each locale's project, as redirects: old paths
/// added to the `redirect_from` of the page they lead to, and redirect
/// pages for addresses on other sites, which are returned unread. Problems
/// are errors at the entry.
pub(super) fn apply_redirections(
    root: &Path,
    config: &Config,
    pages: &mut [Page],
    diags: &mut Vec<Diagnostic>,
) -> Vec<Page> {
    let mut external = Vec::new();
    for (locale, project) in &config.docfx {
        let Some(file) = docfx_redirects::find(&project.folder) else {
            continue;
        };
        let shown = shown_path(root, &file);
        let redirections = match docfx_redirects::load(&file, &shown, &project.folder) {
            Ok((found, problems)) => {
                diags.extend(problems);
                found
            }
            Err(d) => {
                diags.push(d);
                continue;
            }
        };
        let mut redirect = Redirect {
            config,
            project,
            locale,
            shown: &shown,
            diags: &mut *diags,
        };
        external.extend(redirect.apply(&redirections, pages));
    }
    external
}

/// `file` as diagnostics name it: relative to the site root when it can be.
fn shown_path(root: &Path, file: &Path) -> String {
    let canon_root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    match file.strip_prefix(&canon_root) {
        Ok(rest) => rest.to_string_lossy().replace('\\', "/"),
        Err(_) => {
            let up = canon_root.ancestors().enumerate().find_map(|(n, a)| {
                let rest = file.strip_prefix(a).ok()?;
                Some(format!("{}{}", "../".repeat(n), rest.to_string_lossy()))
            });
            up.unwrap_or_else(|| file.display().to_string())
        }
    }
}

struct Redirect<'a> {
    config: &'a Config,
    project: &'a DocfxProject,
    locale: &'a str,
    shown: &'a str,
    diags: &'a mut Vec<Diagnostic>,
}

/// A path's key for matching redirections to each other and to pages:
/// letter case and a `.md` ending do not matter, as in the addresses.
fn key_of(path: &str) -> String {
    let lower = path.to_lowercase();
    lower.strip_suffix(".md").unwrap_or(&lower).to_string()
}

impl Redirect<'_> {
    fn error(&mut self, r: &Redirection, at_target: bool, why: String) {
        let mut d = Diagnostic::error(Code::RedirectFrom, self.shown, why);
        d.span = if at_target {
            r.target_span.clone()
        } else {
            r.span.clone()
        };
        self.diags.push(d);
    }

    /// A path of the project as a path of the locale's tree.
    fn in_tree(&self, in_project: &str) -> Option<String> {
        let src = self.project.content.first().map_or("", |g| g.src.as_str());
        within(in_project, src).map(str::to_string)
    }

    /// The page a site-absolute or project path names, in the tree.
    fn target_path(&self, target: &RedirectTarget) -> Option<String> {
        match target {
            RedirectTarget::External(_) => None,
            RedirectTarget::Project(p) => self.in_tree(p),
            RedirectTarget::SiteAbsolute(url) => {
                let path = url.split(['?', '#']).next().unwrap_or_default();
                let lower = path.to_lowercase();
                let prefix = self
                    .config
                    .link_prefixes
                    .iter()
                    .filter(|p| lower.starts_with(&p.prefix))
                    .max_by_key(|p| p.prefix.len());
                let rest = match prefix {
                    Some(p) => format!("{}/{}", p.folder, &path[p.prefix.len()..]),
                    None => path.to_string(),
                };
                crate::config::docfx_project::normalize_relative(rest.trim_start_matches('/'))
            }
        }
    }

    fn apply(&mut self, redirections: &[Redirection], pages: &mut [Page]) -> Vec<Page> {
        let mut external = Vec::new();
        let live: HashMap<String, usize> = pages
            .iter()
            .enumerate()
            .filter(|(_, p)| p.locale == self.locale && p.kind == PageKind::Content)
            .map(|(i, p)| (key_of(&p.path), i))
            .collect();
        let sources: Vec<Option<String>> = redirections
            .iter()
            .map(|r| self.in_tree(&r.source))
            .collect();
        let by_source: HashMap<String, usize> = sources
            .iter()
            .enumerate()
            .filter_map(|(i, s)| Some((key_of(s.as_ref()?), i)))
            .collect();
        let targets: Vec<Option<String>> = redirections
            .iter()
            .map(|r| self.target_path(&r.target))
            .collect();
        let next: Vec<Option<usize>> = targets
            .iter()
            .map(|t| {
                let t = key_of(t.as_ref()?);
                by_source
                    .get(&t)
                    .or_else(|| by_source.get(&format!("{t}/index")))
                    .copied()
            })
            .collect();
        let ends = docfx_redirects::follow_chains(&next);
        let mut redirect_from: HashMap<usize, Vec<String>> = HashMap::new();
        for (i, r) in redirections.iter().enumerate() {
            let Some(source) = &sources[i] else {
                self.error(
                    r,
                    false,
                    format!(
                        "source_path `{}` is outside the content folder of the project",
                        crate::diagnostics::printable(&r.source)
                    ),
                );
                continue;
            };
            if live.contains_key(&key_of(source)) {
                self.error(
                    r,
                    false,
                    format!(
                        "source_path `{}` is a page of the site; a redirect would hide it",
                        crate::diagnostics::printable(&r.source)
                    ),
                );
                continue;
            }
            let end = match &ends[i] {
                Ok(end) => *end,
                Err(cycle) => {
                    let names: Vec<String> = cycle
                        .iter()
                        .map(|&c| format!("line {}", redirections[c].span.line))
                        .collect();
                    self.error(
                        r,
                        true,
                        format!(
                            "redirect_url leads round in a circle of redirections ({})",
                            names.join(", ")
                        ),
                    );
                    continue;
                }
            };
            let last = &redirections[end];
            if let RedirectTarget::External(url) = &last.target {
                external.push(external_redirect(self.locale, source, url));
                continue;
            }
            let found = targets[end].as_ref().and_then(|t| {
                let k = key_of(t);
                live.get(&k)
                    .or_else(|| live.get(&format!("{}/index", k.trim_end_matches('/'))))
                    .or_else(|| live.get("index").filter(|_| k.is_empty()))
            });
            match found {
                Some(&page) => redirect_from.entry(page).or_default().push(source.clone()),
                None => self.error(
                    r,
                    true,
                    format!(
                        "redirect_url leads to `{}`, which is no page of the site",
                        crate::diagnostics::printable(targets[end].as_deref().unwrap_or(""))
                    ),
                ),
            }
        }
        for (page, olds) in redirect_from {
            add_redirect_from(&mut pages[page], olds);
        }
        external
    }
}

/// A redirect page at the old path for an address on another site.
fn external_redirect(locale: &str, source: &str, url: &str) -> Page {
    let quoted = serde_json::to_string(url).unwrap_or_default();
    let text: Arc<str> = Arc::from(format!("---\nredirect_url: {quoted}\n---\n"));
    // Its front matter is read with every other page's, by the caller.
    Page::new(locale, source, PageKind::Content, text)
}

fn add_redirect_from(page: &mut Page, olds: Vec<String>) {
    let mut list: Vec<Value> = match page.front.meta.get(super::addresses::REDIRECT_FROM_KEY) {
        Some(Value::Array(a)) => a.clone(),
        Some(Value::String(s)) => vec![Value::String(s.clone())],
        _ => Vec::new(),
    };
    list.extend(olds.into_iter().map(Value::String));
    let entries = page
        .front
        .meta
        .iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .filter(|(k, _)| k != super::addresses::REDIRECT_FROM_KEY)
        .chain([(
            super::addresses::REDIRECT_FROM_KEY.to_string(),
            Value::Array(list),
        )]);
    page.front.meta = Meta::from_entries(entries);
}
