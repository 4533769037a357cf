//! Finds the site's source files: pages, partials (includes), TOC files and
//! assets, per locale, under `content/<locale>/`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::diagnostics::{code, Diagnostic};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Page,
    /// Markdown under a folder named `includes/`: a partial, not a page.
    Include,
    /// `TOC.md` / `toc.yml`: navigation, not a page.
    Toc,
    Asset,
}

#[derive(Debug, Clone)]
pub struct SourceFile {
    pub locale: String,
    /// Relative to `content/<locale>/`, forward slashes.
    pub path: String,
    pub abs: PathBuf,
    pub kind: FileKind,
}

#[derive(Debug, Default)]
pub struct SourceTree {
    pub locales: Vec<String>,
    pub files: Vec<SourceFile>,
}

pub fn classify(path: &str) -> FileKind {
    let lower = path.to_lowercase();
    let name = lower.rsplit('/').next().unwrap_or(&lower);
    if name == "toc.md" || name == "toc.yml" {
        FileKind::Toc
    } else if lower.ends_with(".md") {
        if lower.split('/').rev().skip(1).any(|seg| seg == "includes") {
            FileKind::Include
        } else {
            FileKind::Page
        }
    } else {
        FileKind::Asset
    }
}

pub fn scan(root: &Path, config: &Config, diags: &mut Vec<Diagnostic>) -> SourceTree {
    let content = root.join("content");
    let mut locales: Vec<String> = match &config.locales {
        Some(list) => list.clone(),
        None => {
            let mut found = Vec::new();
            for entry in std::fs::read_dir(&content).into_iter().flatten() {
                let e = match entry {
                    Ok(e) => e,
                    Err(e) => {
                        diags.push(Diagnostic::error(
                            code::IO,
                            "content/",
                            format!("cannot read the folder: {e}"),
                        ));
                        continue;
                    }
                };
                if !e.file_type().is_ok_and(|t| t.is_dir()) {
                    continue;
                }
                let name = e.file_name().to_string_lossy().into_owned();
                if name.starts_with('.') {
                    continue;
                }
                // A folder name becomes part of every output path of its pages.
                match crate::config::check_locale_tag(&name) {
                    Ok(()) => found.push(name),
                    Err(why) => diags.push(Diagnostic::warning(
                        code::CONFIG,
                        format!("content/{name}/"),
                        format!("skipped: `{name}` is not a BCP 47 language tag ({why}), so it is not a locale"),
                    )),
                }
            }
            found
        }
    };
    locales.sort();
    if !content.is_dir() {
        diags.push(Diagnostic::error(
            code::IO,
            "content/",
            "no content/ folder: pages go in content/<locale>/*.md",
        ));
    } else if !locales.contains(&config.default_locale) {
        diags.push(Diagnostic::error(
            code::CONFIG,
            "site.toml",
            format!(
                "default_locale `{}` has no folder content/{}/",
                config.default_locale, config.default_locale
            ),
        ));
    }
    let mut files = Vec::new();
    for locale in &locales {
        let dir = content.join(locale);
        let mut found: BTreeMap<String, SourceFile> = BTreeMap::new();
        for entry in walkdir::WalkDir::new(&dir)
            .follow_links(true)
            .sort_by_file_name()
        {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    let at = e
                        .path()
                        .and_then(|p| p.strip_prefix(root).ok())
                        .map(|p| p.to_string_lossy().replace('\\', "/"));
                    diags.push(Diagnostic::error(
                        code::IO,
                        at.unwrap_or_else(|| format!("content/{locale}/")),
                        format!("cannot read: {e}"),
                    ));
                    continue;
                }
            };
            if !entry.file_type().is_file() {
                continue;
            }
            let Ok(rel) = entry.path().strip_prefix(&dir) else {
                continue;
            };
            let path = rel.to_string_lossy().replace('\\', "/");
            if path.split('/').any(|seg| seg.starts_with('.')) {
                continue; // editor swap files, .DS_Store, .git
            }
            found.insert(
                path.clone(),
                SourceFile {
                    locale: locale.clone(),
                    kind: classify(&path),
                    path,
                    abs: entry.into_path(),
                },
            );
        }
        files.extend(found.into_values());
    }
    SourceTree { locales, files }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds() {
        assert_eq!(classify("a.md"), FileKind::Page);
        assert_eq!(classify("EndUser/a.md"), FileKind::Page);
        assert_eq!(classify("includes/x.md"), FileKind::Include);
        assert_eq!(classify("EndUser/TOC.md"), FileKind::Toc);
        assert_eq!(classify("toc.yml"), FileKind::Toc);
        assert_eq!(classify("media/x.png"), FileKind::Asset);
        assert_eq!(classify("includes.md"), FileKind::Page);
    }
}
