//! A DocFX project as its `docfx.json` describes it: which files are pages
//! and which are published as they are (`build.content`, `build.resource`),
//! where they go (`src`, `dest`), and the metadata every page starts from
//! (`globalMetadata`, `fileMetadata`). helpsite reads the repository where
//! it stands: nothing here writes, copies or moves a file.

// A configuration error ends the command, once per run, like `Config::parse`'s.
#![allow(clippy::result_large_err)]

use std::path::{Path, PathBuf};

use globset::{GlobBuilder, GlobMatcher, GlobSet, GlobSetBuilder};
use serde::Deserialize;
use serde_json::{Map, Value};

use crate::diagnostics::{Code, Diagnostic};

/// Real `docfx.json` files are a few kilobytes; a larger one is not read.
const MAX_DOCFX_JSON: u64 = 1 << 20;

/// `docfx.json` as written; every key helpsite does not use is ignored, as
/// DocFX has many (templates, xref maps, PDF settings).
#[derive(Deserialize)]
struct Written {
    #[serde(default)]
    build: WrittenBuild,
}

#[derive(Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct WrittenBuild {
    #[serde(default)]
    content: Vec<WrittenGroup>,
    #[serde(default)]
    resource: Vec<WrittenGroup>,
    #[serde(default)]
    global_metadata: Map<String, Value>,
    /// `{key: {glob: value}}`, globs in the order written.
    #[serde(default)]
    file_metadata: Map<String, Value>,
}

#[derive(Deserialize)]
struct WrittenGroup {
    #[serde(default)]
    files: OneOrMany,
    #[serde(default)]
    exclude: OneOrMany,
    #[serde(default)]
    src: Option<String>,
    #[serde(default)]
    dest: Option<String>,
    /// DocFX matches without regard to letter case unless told.
    #[serde(default)]
    case: Option<bool>,
    /// DocFX skips names that start with `.` unless told.
    #[serde(default)]
    dot: Option<bool>,
}

/// DocFX accepts one glob as a string where a list is expected.
#[derive(Default, Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    #[default]
    None,
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    fn into_vec(self) -> Vec<String> {
        match self {
            OneOrMany::None => Vec::new(),
            OneOrMany::One(s) => vec![s],
            OneOrMany::Many(v) => v,
        }
    }
}

/// One `content` or `resource` entry: the files under `src` that its globs
/// take and its `exclude` globs leave, published under `dest`.
#[derive(Debug, Clone)]
pub struct FileGroup {
    /// Relative to the `docfx.json` folder, forward slashes, `""` for itself.
    pub src: String,
    /// The output folder prefix, forward slashes, `""` for none.
    pub dest: String,
    files: GlobSet,
    exclude: GlobSet,
    dot: bool,
}

impl FileGroup {
    /// Whether the file at `path` (relative to `src`) belongs to the group.
    pub fn takes(&self, path: &str) -> bool {
        crate::diagnostics::work::add(1);
        if !self.dot && path.split('/').any(|s| s.starts_with('.')) {
            return false;
        }
        self.files.is_match(path) && !self.exclude.is_match(path)
    }
}

/// `docfx.json`, read.
#[derive(Debug, Clone)]
pub struct DocfxProject {
    /// The folder that holds `docfx.json`: `~/` and `fileMetadata` globs are
    /// relative to it.
    pub folder: PathBuf,
    /// How diagnostics name the file.
    pub shown: String,
    pub content: Vec<FileGroup>,
    pub resource: Vec<FileGroup>,
    global_metadata: Map<String, Value>,
    /// Per key, its globs in order: the last that matches wins, as in DocFX.
    file_metadata: Vec<(String, Vec<(GlobMatcher, Value)>)>,
}

impl DocfxProject {
    /// Reads the `docfx.json` at `path`; `shown` names it in diagnostics.
    pub fn load(path: &Path, shown: &str) -> Result<DocfxProject, Diagnostic> {
        // A named pipe, a device or a huge file is refused without waiting.
        let text = crate::fsread::read_text(path, MAX_DOCFX_JSON).map_err(|(code, why)| {
            let mut d = Diagnostic::error(Code::Config, shown, format!("{shown} {why}"));
            d.code = code;
            d
        })?;
        let folder = path.parent().unwrap_or(Path::new(".")).to_path_buf();
        let project = Self::parse(&text, shown, folder)?;
        project.check_sources_stay_inside(&text)?;
        Ok(project)
    }

    /// Reads `docfx.json`'s text; `folder` is where it lives.
    pub fn parse(text: &str, shown: &str, folder: PathBuf) -> Result<DocfxProject, Diagnostic> {
        let error = |why: String| Diagnostic::error(Code::Config, shown, why);
        // serde_json refuses nesting deeper than 128 levels, with a position.
        let written: Written = serde_json::from_str(text).map_err(|e| {
            error(format!("{shown} is not what DocFX reads: {e}")).at_line_col(e.line(), e.column())
        })?;
        let build = written.build;
        let groups = |list: Vec<WrittenGroup>| -> Result<Vec<FileGroup>, Diagnostic> {
            list.into_iter().map(|g| group(g, text, shown)).collect()
        };
        let content = groups(build.content)?;
        let resource = groups(build.resource)?;
        let mut file_metadata = Vec::new();
        for (key, by_glob) in build.file_metadata {
            let Value::Object(by_glob) = by_glob else {
                let at = offset_of_key(text, &key);
                return Err(error(format!(
                    "fileMetadata `{key}` must map globs to values: {{\"articles/**\": …}}"
                ))
                .at(text, at));
            };
            let mut matchers = Vec::new();
            for (glob, value) in by_glob {
                matchers.push((matcher(&glob, false, text, shown)?, value));
            }
            file_metadata.push((key, matchers));
        }
        Ok(DocfxProject {
            folder,
            shown: shown.to_string(),
            content,
            resource,
            global_metadata: build.global_metadata,
            file_metadata,
        })
    }

    /// The metadata a page at `path` (relative to the `docfx.json` folder)
    /// starts from: `globalMetadata`, then for each `fileMetadata` key the
    /// last glob that matches. The page's own front matter wins over both.
    pub fn metadata_for(&self, path: &str) -> Map<String, Value> {
        let mut meta = self.global_metadata.clone();
        for (key, matchers) in &self.file_metadata {
            crate::diagnostics::work::add(matchers.len());
            if let Some((_, value)) = matchers.iter().rev().find(|(m, _)| m.is_match(path)) {
                meta.insert(key.clone(), value.clone());
            }
        }
        meta
    }

    /// A `globalMetadata` value.
    pub fn global(&self, key: &str) -> Option<&Value> {
        self.global_metadata.get(key)
    }

    /// The locale the project is written in, as its metadata says
    /// (`ms.locale` or `locale`), if it says.
    pub fn written_locale(&self) -> Option<String> {
        ["ms.locale", "locale"]
            .iter()
            .find_map(|k| self.global_metadata.get(*k)?.as_str())
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
    }

    /// The content group a file at `path` (relative to the `docfx.json`
    /// folder) belongs to, and its path within that group's `src`.
    pub fn content_group_of<'a>(&self, path: &'a str) -> Option<(&FileGroup, &'a str)> {
        self.content.iter().find_map(|g| {
            let rest = within(path, &g.src)?;
            g.takes(rest).then_some((g, rest))
        })
    }

    /// Whether a non-Markdown file at `path` (relative to the `docfx.json`
    /// folder) is published: a resource group, or a content group, takes it.
    pub fn publishes_file(&self, path: &str) -> bool {
        self.resource
            .iter()
            .chain(&self.content)
            .any(|g| within(path, &g.src).is_some_and(|rest| g.takes(rest)))
    }

    /// A `src` that is a symlink (or passes through one) leading out of the
    /// project is refused, as every symlink out of a site is.
    fn check_sources_stay_inside(&self, text: &str) -> Result<(), Diagnostic> {
        let Ok(project) = std::fs::canonicalize(&self.folder) else {
            return Ok(());
        };
        for g in self.content.iter().chain(&self.resource) {
            let Ok(real) = std::fs::canonicalize(self.folder.join(&g.src)) else {
                continue;
            };
            if !real.starts_with(&project) {
                let at = offset_of_string(text, &g.src);
                return Err(Diagnostic::error(
                    Code::Config,
                    &self.shown,
                    format!(
                        "src `{}` leads to `{}`, outside the project's folder; it is not read",
                        g.src,
                        real.display()
                    ),
                )
                .at(text, at));
            }
        }
        Ok(())
    }
}

/// `path` relative to `folder` (both relative, forward slashes), if inside.
pub fn within<'a>(path: &'a str, folder: &str) -> Option<&'a str> {
    if folder.is_empty() {
        return Some(path);
    }
    path.strip_prefix(folder)?.strip_prefix('/')
}

fn group(written: WrittenGroup, text: &str, shown: &str) -> Result<FileGroup, Diagnostic> {
    let src = folder_in_project(written.src.as_deref().unwrap_or(""), "src", text, shown)?;
    let dest = folder_in_project(written.dest.as_deref().unwrap_or(""), "dest", text, shown)?;
    let case_sensitive = written.case.unwrap_or(false);
    let mut files = GlobSetBuilder::new();
    let mut exclude = GlobSetBuilder::new();
    for glob in written.files.into_vec() {
        // DocFX reads `!glob` in `files` as an exclusion.
        match glob.strip_prefix('!') {
            Some(negated) => exclude.add(glob_of(negated, &glob, case_sensitive, text, shown)?),
            None => files.add(glob_of(&glob, &glob, case_sensitive, text, shown)?),
        };
    }
    for glob in written.exclude.into_vec() {
        exclude.add(glob_of(&glob, &glob, case_sensitive, text, shown)?);
    }
    let build = |b: GlobSetBuilder| {
        b.build()
            .map_err(|e| Diagnostic::error(Code::Config, shown, format!("{shown}: {e}")))
    };
    Ok(FileGroup {
        src,
        dest,
        files: build(files)?,
        exclude: build(exclude)?,
        dot: written.dot.unwrap_or(false),
    })
}

/// A `src` or `dest` folder: relative, inside the project, normalized.
fn folder_in_project(
    written: &str,
    key: &str,
    text: &str,
    shown: &str,
) -> Result<String, Diagnostic> {
    match normalize_relative(written) {
        Some(folder) => Ok(folder),
        None => Err(Diagnostic::error(
            Code::Config,
            shown,
            format!(
                "{key} `{}` leaves the project's folder; helpsite reads only what is inside it",
                crate::diagnostics::printable(written)
            ),
        )
        .at(text, offset_of_string(text, written))
        .with_suggestion("name a folder beside or below docfx.json")),
    }
}

/// `./a//b/../c/` → `a/c`; `None` for an absolute path or one that climbs
/// out (`..` past the start), or a drive or URL.
pub fn normalize_relative(written: &str) -> Option<String> {
    let written = written.replace('\\', "/");
    if written.starts_with('/') || written.contains(':') {
        return None;
    }
    let mut parts: Vec<&str> = Vec::new();
    for seg in written.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

fn glob_of(
    pattern: &str,
    written: &str,
    case_sensitive: bool,
    text: &str,
    shown: &str,
) -> Result<globset::Glob, Diagnostic> {
    let refuse = |why: String| {
        Diagnostic::error(Code::Config, shown, why).at(text, offset_of_string(text, written))
    };
    let plain = pattern.replace('\\', "/");
    if plain.starts_with('/') || plain.contains(':') || plain.split('/').any(|s| s == "..") {
        return Err(refuse(format!(
            "glob `{}` reaches outside its src folder; DocFX does not support that either",
            crate::diagnostics::printable(written)
        )));
    }
    GlobBuilder::new(pattern)
        .case_insensitive(!case_sensitive)
        .literal_separator(true)
        .build()
        .map_err(|e| {
            refuse(format!(
                "glob `{}`: {}",
                crate::diagnostics::printable(written),
                e.kind()
            ))
        })
}

fn matcher(
    glob: &str,
    case_sensitive: bool,
    text: &str,
    shown: &str,
) -> Result<GlobMatcher, Diagnostic> {
    Ok(glob_of(glob, glob, case_sensitive, text, shown)?.compile_matcher())
}

/// Where `"value"` is first written in `text`; the start when it is not.
fn offset_of_string(text: &str, value: &str) -> usize {
    let quoted = serde_json::to_string(value).unwrap_or_default();
    text.find(&quoted).map_or(0, |i| i + 1)
}

fn offset_of_key(text: &str, key: &str) -> usize {
    offset_of_string(text, key)
}

#[cfg(test)]
#[path = "docfx_project_tests.rs"]
mod tests;
