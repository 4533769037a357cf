//! What a batch of file events means for the site. Only the paths matter:
//! what is on disk once the burst has settled decides.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::discover::FileKind;
use crate::site::Site;

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

/// Sorts absolute paths from the watcher into a plan. Paths outside the
/// watched sources (and hidden files, as discovery skips them) are ignored.
/// Without a site every event asks for a full build.
pub fn plan(root: &Path, site: Option<&Site>, paths: &[PathBuf]) -> Plan {
    let mut plan = Plan::default();
    let Some(site) = site else {
        plan.full = !paths.is_empty();
        return plan;
    };
    let own_roots = site.config().own_content_roots(root);
    let mut seen = HashSet::new();
    for abs in paths {
        if !seen.insert(abs.clone()) {
            continue;
        }
        // A file under a locale's own folder is read as if it lay in
        // `content/<locale>/`, which is how the site names it.
        let own = own_roots.iter().find(|(_, r)| abs.starts_with(&r.dir));
        let (parts, base, skip) = match own {
            Some((locale, r)) => {
                let rest = components(abs.strip_prefix(&r.dir).unwrap_or(Path::new("")));
                let parts = ["content".to_string(), locale.clone()]
                    .into_iter()
                    .chain(rest)
                    .collect();
                (parts, r.dir.as_path(), 2)
            }
            None => {
                let Ok(rel) = abs.strip_prefix(root) else {
                    continue;
                };
                (components(rel), root, 0)
            }
        };
        let parts: Vec<String> = parts;
        let Some(first) = parts.first() else { continue };
        // Re-read by path, a file that is or lies under a symlink could be
        // read from outside the site: discovery, on a full build, is what
        // applies the one symlink policy (an escaping link is a
        // `path-escape` error, its text never read).
        if matches!(first.as_str(), "content" | "templates" | "static")
            && !parts.iter().any(|p| p.starts_with('.'))
            && crate::output::symlink_on_path(base, &parts[skip..].join("/")).is_some()
        {
            plan.full = true;
            continue;
        }
        let name = parts.last().map(String::as_str).unwrap_or("");
        match first.as_str() {
            // docfx.json chooses the list rules when site.toml says `markdown = "docfx"`.
            "site.toml" | "docfx.json" if parts.len() == 1 => plan.full = true,
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
                    if !site.locales().contains(locale) || !abs.exists() {
                        plan.full = true;
                    }
                    continue;
                }
                if !site.locales().contains(locale) {
                    continue;
                }
                let path = parts[2..].join("/");
                match (site.source_kind(locale, &path), abs.is_file(), abs.is_dir()) {
                    (Some(kind), true, _) => plan.content.push((locale.clone(), path, kind)),
                    (Some(_), false, _) => plan.full = true,
                    (None, true, _) => plan.full = true,
                    (None, false, true) => {
                        let has_files = walkdir::WalkDir::new(abs)
                            .into_iter()
                            .flatten()
                            .any(|e| e.file_type().is_file());
                        plan.full |= has_files;
                    }
                    // Gone: a folder that held known files, or an editor's temp file.
                    (None, false, false) => plan.full |= site.has_sources_under(locale, &path),
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

fn components(rel: &Path) -> Vec<String> {
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect()
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
