//! A DocFX repository built where it stands: a site root holding
//! `docfx.json` and no `site.toml` is a one-locale site, and a locale of
//! `site.toml` may say `docfx = "../docs.nl-nl/docfx.json"`. Either way the
//! project's content `src` becomes that locale's content root.

// A configuration error ends the command, once per run, like `Config::parse`'s.
#![allow(clippy::result_large_err)]

use std::path::Path;
use std::sync::Arc;

use crate::diagnostics::{Code, Diagnostic};

use super::content_roots::ContentRoot;
use super::docfx_project::DocfxProject;
use super::{Config, CONFIG_FILE, DOCFX_FILE};

/// The locale of a repository that does not say one in its metadata.
const FALLBACK_LOCALE: &str = "en";

/// The locale a DocFX project is written in: its `ms.locale` (or `locale`)
/// metadata, else a `.xx-yy` ending of its folder's name (`docs.nl-nl`, as
/// localized repositories are named), else `en`. `nl-nl` is kept as `nl-NL`.
pub fn locale_of(project: &DocfxProject) -> String {
    let written = project.written_locale().or_else(|| {
        let canon = std::fs::canonicalize(&project.folder).ok()?;
        let name = canon.file_name()?.to_str()?.to_string();
        let (_, tail) = name.rsplit_once('.')?;
        Some(tail.to_string())
    });
    written
        .map(|tag| tidy_tag(&tag))
        .filter(|tag| super::check_locale_tag(tag).is_ok())
        .unwrap_or_else(|| FALLBACK_LOCALE.to_string())
}

/// `nl-nl` → `nl-NL`, `EN-us` → `en-US`.
fn tidy_tag(tag: &str) -> String {
    match tag.trim().split_once('-') {
        Some((lang, region)) if region.len() == 2 => {
            format!(
                "{}-{}",
                lang.to_ascii_lowercase(),
                region.to_ascii_uppercase()
            )
        }
        _ => tag.trim().to_string(),
    }
}

/// The one content `src` of a project: helpsite gives each locale one tree,
/// so every content group must read from the same folder.
fn content_src(project: &DocfxProject) -> Result<String, Diagnostic> {
    let Some(first) = project.content.first() else {
        return Err(Diagnostic::error(
            Code::Config,
            &project.shown,
            "build.content names no files: there is nothing to build",
        )
        .with_suggestion("add `\"content\": [{\"files\": [\"**/*.md\", \"**/toc.yml\"]}]`"));
    };
    if let Some(other) = project.content.iter().find(|g| g.src != first.src) {
        return Err(Diagnostic::error(
            Code::Config,
            &project.shown,
            format!(
                "content groups read from `{}` and from `{}`; helpsite builds one folder per locale",
                shown_src(&first.src),
                shown_src(&other.src)
            ),
        ));
    }
    Ok(first.src.clone())
}

fn shown_src(src: &str) -> &str {
    if src.is_empty() {
        "."
    } else {
        src
    }
}

/// The configuration of a site root that is a DocFX project.
pub fn adopt_root(root: &Path) -> Result<Config, Diagnostic> {
    let project = DocfxProject::load(&root.join(DOCFX_FILE), DOCFX_FILE)?;
    let locale = locale_of(&project);
    let mut config = Config {
        default_locale: locale.clone(),
        locales: Some(vec![locale.clone()]),
        ..Config::default()
    };
    let src = content_src(&project)?;
    let dir = std::fs::canonicalize(root.join(&src)).map_err(|e| {
        Diagnostic::error(
            Code::Config,
            DOCFX_FILE,
            format!("src `{}` is not a folder: {e}", shown_src(&src)),
        )
    })?;
    config
        .content_roots
        .insert(locale.clone(), ContentRoot::found(shown_src(&src), dir));
    // DocFX's `titleSuffix` is the site's name, which helpsite shows
    // after every page title.
    if let Some(name) = project.global("titleSuffix").and_then(|v| v.as_str()) {
        if super::titles::check_title(name.trim()).is_ok() && !name.trim().is_empty() {
            config.title = name.trim().to_string();
        }
    }
    finish(&mut config, root, project)?;
    Ok(config)
}

/// `[locales.<tag>] docfx = "…/docfx.json"`: the project becomes the
/// locale's tree. Runs before the content roots are resolved, which then
/// check the folder like any other.
pub fn attach(text: &str, root: &Path, config: &mut Config) -> Result<(), Diagnostic> {
    for (tag, written, at) in config.locales_written.docfx_files() {
        let error = |why: String| Diagnostic::error(Code::Config, CONFIG_FILE, why).at(text, at);
        if config.content_roots.contains_key(&tag) {
            return Err(error(format!(
                "[locales.{tag}] names both `content` and `docfx`; the project's src is its content"
            )));
        }
        let shown = written.replace('\\', "/");
        let path = root.join(&written);
        if !path.is_file() {
            return Err(error(format!(
                "[locales.{tag}] docfx `{shown}` is not a file"
            )));
        }
        let project = DocfxProject::load(&path, &shown)?;
        let src = content_src(&project)?;
        let folder = shown.rsplit_once('/').map_or("", |(f, _)| f);
        let content = [folder, &src]
            .iter()
            .filter(|s| !s.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join("/");
        config
            .content_roots
            .insert(tag.clone(), ContentRoot::written(shown_src(&content), at));
        config.docfx.insert(tag, Arc::new(project));
    }
    Ok(())
}

/// What the project's metadata says for the whole site, and the project
/// kept for discovery and page metadata.
fn finish(config: &mut Config, root: &Path, project: DocfxProject) -> Result<(), Diagnostic> {
    config.markdown = config.markdown_setting.resolve(root)?;
    adopt_title_suffix(config, &project);
    config
        .docfx
        .insert(config.default_locale.clone(), Arc::new(project));
    Ok(())
}

/// `titleSuffix` is the site name DocFX adds to every `<title>`; helpsite
/// shows titles without it, as it does for `title_suffixes`.
pub fn adopt_title_suffix(config: &mut Config, project: &DocfxProject) {
    if let Some(suffix) = project.global("titleSuffix").and_then(|v| v.as_str()) {
        let suffix = suffix.trim();
        if !suffix.is_empty() && !config.title_suffixes.iter().any(|s| s == suffix) {
            config.title_suffixes.push(suffix.to_string());
        }
    }
}

/// After `site.toml` is read: the default locale's project names the
/// Markdown engine (when `markdown` is `"docfx"`) and every project's
/// `titleSuffix` is taken off titles.
pub fn settle(config: &mut Config) -> Result<(), Diagnostic> {
    if let Some(project) = config.docfx.get(&config.default_locale).cloned() {
        config.markdown = config.markdown_setting.resolve(&project.folder)?;
    }
    let projects: Vec<Arc<DocfxProject>> = config.docfx.values().cloned().collect();
    for project in projects {
        adopt_title_suffix(config, &project);
    }
    Ok(())
}

impl Config {
    /// Whether a file found in `locale`'s tree (at `path`, relative to it)
    /// is part of the site: for a DocFX project, a page or TOC that a
    /// content group's globs take, or a file a resource or content group
    /// publishes. Partials (`includes/`) are read by the pages that include
    /// them, whatever the globs say, as DocFX reads them.
    pub fn docfx_keeps(&self, locale: &str, path: &str, page_or_toc: bool, partial: bool) -> bool {
        let Some(project) = self.docfx.get(locale) else {
            return true;
        };
        if partial {
            return true;
        }
        let src = project.content.first().map_or("", |g| g.src.as_str());
        let in_project = if src.is_empty() {
            path.to_string()
        } else {
            format!("{src}/{path}")
        };
        if page_or_toc {
            project.content_group_of(&in_project).is_some()
        } else {
            project.publishes_file(&in_project)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn project_in(folder: &Path, json: &str) -> DocfxProject {
        std::fs::create_dir_all(folder).unwrap();
        std::fs::write(folder.join(DOCFX_FILE), json).unwrap();
        DocfxProject::load(&folder.join(DOCFX_FILE), DOCFX_FILE).unwrap()
    }

    #[test]
    fn the_locale_comes_from_metadata_then_the_folder_name_then_en() {
        let t = tempfile::tempdir().unwrap();
        let said = r#"{"build": {"globalMetadata": {"ms.locale": "nl-nl"}}}"#;
        assert_eq!(locale_of(&project_in(&t.path().join("a"), said)), "nl-NL");
        assert_eq!(
            locale_of(&project_in(&t.path().join("docs.de-de"), "{}")),
            "de-DE"
        );
        assert_eq!(locale_of(&project_in(&t.path().join("docs"), "{}")), "en");
        let odd = r#"{"build": {"globalMetadata": {"locale": "../x"}}}"#;
        assert_eq!(locale_of(&project_in(&t.path().join("b.x_y"), odd)), "en");
    }

    #[test]
    fn content_groups_must_share_their_src() {
        let t = tempfile::tempdir().unwrap();
        let two = r#"{"build": {"content": [{"files": "**/*.md", "src": "a"}, {"files": "**/*.md", "src": "b"}]}}"#;
        let e = content_src(&project_in(t.path(), two)).unwrap_err();
        assert!(e.message.contains("`a` and from `b`"), "{}", e.message);
        let none = r#"{"build": {}}"#;
        assert!(content_src(&project_in(t.path(), none)).is_err());
    }
}
