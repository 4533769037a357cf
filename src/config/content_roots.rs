//! `locales`: which locales the site builds and where each one's tree lives.
//! A list keeps every locale under `content/<locale>/`; a table may give a
//! locale a folder of its own, such as a translation repository checked out
//! beside the site:
//!
//! ```toml
//! [locales.en]                       # content/en
//! [locales.nl]
//! content = "../docs.nl-nl/articles" # relative to the site root
//! ```
//!
//! Every module finds a locale's folder through [`Config::locale_root`], so
//! the two layouts build the same site.

// A configuration error ends the command, once per run, and comes back the
// way `Config::parse` returns its own: boxing it would buy nothing.
#![allow(clippy::result_large_err)]

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::de::{Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use toml::Spanned;

use crate::diagnostics::{Code, Diagnostic};

use super::{Config, CONFIG_FILE};

/// `locales` as written in `site.toml`.
#[derive(Debug, Clone, Default)]
pub enum Written {
    /// Not written: every folder under `content/` is a locale.
    #[default]
    Absent,
    List(Vec<String>),
    Table(BTreeMap<String, Spanned<LocaleSettings>>),
}

/// `[locales.<tag>]`: what `site.toml` says about one locale.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LocaleSettings {
    /// The folder holding the locale's tree, relative to the site root;
    /// absent, `content/<tag>/`.
    #[serde(default)]
    pub content: Option<Spanned<String>>,
    /// A DocFX project's `docfx.json`, relative to the site root: its
    /// content `src` is the locale's tree.
    #[serde(default)]
    pub docfx: Option<Spanned<String>>,
}

impl<'de> Deserialize<'de> for Written {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ListOrTable;
        impl<'de> Visitor<'de> for ListOrTable {
            type Value = Written;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(
                    "a list of locales (`[\"en\", \"nl\"]`), or a table of `[locales.<tag>]`",
                )
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Written, A::Error> {
                let mut list = Vec::new();
                while let Some(tag) = seq.next_element::<String>()? {
                    list.push(tag);
                }
                Ok(Written::List(list))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Written, A::Error> {
                let mut table = BTreeMap::new();
                while let Some(tag) = map.next_key::<String>()? {
                    let settings = map.next_value::<Spanned<LocaleSettings>>()?;
                    table.insert(tag, settings);
                }
                Ok(Written::Table(table))
            }
        }
        deserializer.deserialize_any(ListOrTable)
    }
}

impl Written {
    /// The locales named, in the order written (a table's in tag order).
    pub(super) fn tags(&self) -> Option<Vec<String>> {
        match self {
            Written::Absent => None,
            Written::List(list) => Some(list.clone()),
            Written::Table(table) => Some(table.keys().cloned().collect()),
        }
    }

    /// The roots written, each checked as text: a path, not empty, with no
    /// control character. Where they lead is for [`resolve`] to check.
    pub(super) fn roots(&self, text: &str) -> Result<BTreeMap<String, ContentRoot>, Diagnostic> {
        let mut roots = BTreeMap::new();
        let Written::Table(table) = self else {
            return Ok(roots);
        };
        for (tag, settings) in table {
            let Some(content) = &settings.get_ref().content else {
                continue;
            };
            let written = content.get_ref();
            let at = content.span().start;
            if written.trim().is_empty() {
                return Err(error(
                    text,
                    at,
                    format!("[locales.{tag}] content is empty"),
                )
                .with_suggestion("name the folder of the locale's tree, or leave `content` out for content/<locale>/"));
            }
            if written.chars().any(char::is_control) {
                return Err(error(
                    text,
                    at,
                    format!(
                        "[locales.{tag}] content `{}` holds a control character",
                        crate::diagnostics::printable(written)
                    ),
                ));
            }
            roots.insert(
                tag.clone(),
                ContentRoot {
                    written: written.clone(),
                    at,
                    dir: None,
                },
            );
        }
        Ok(roots)
    }
}

impl Written {
    /// `[locales.<tag>] docfx` entries: tag, path as written, its offset.
    pub(super) fn docfx_files(&self) -> Vec<(String, String, usize)> {
        let Written::Table(table) = self else {
            return Vec::new();
        };
        table
            .iter()
            .filter_map(|(tag, s)| {
                let d = s.get_ref().docfx.as_ref()?;
                Some((tag.clone(), d.get_ref().clone(), d.span().start))
            })
            .collect()
    }
}

impl ContentRoot {
    /// A folder named in `site.toml` at byte `at`, still to be found.
    pub(super) fn written(written: &str, at: usize) -> ContentRoot {
        ContentRoot {
            written: written.to_string(),
            at,
            dir: None,
        }
    }

    /// A folder already found on disk.
    pub(super) fn found(written: &str, dir: PathBuf) -> ContentRoot {
        ContentRoot {
            written: written.to_string(),
            at: 0,
            dir: Some(dir),
        }
    }
}

/// A locale's own folder, named in `[locales.<tag>] content`.
#[derive(Debug, Clone)]
pub struct ContentRoot {
    /// As written, relative to the site root (or absolute).
    pub written: String,
    /// Byte offset of the value in `site.toml`, for errors.
    at: usize,
    /// The folder itself, canonical, once `Config::load` found it.
    dir: Option<PathBuf>,
}

/// Where one locale's tree is, and how diagnostics name it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocaleRoot {
    /// The folder on disk.
    pub dir: PathBuf,
    /// The folder as diagnostics name it, ending in `/`: `content/nl/`, or
    /// `../docs.nl-nl/articles/` (relative to the site root, so an editor
    /// and a CI annotation opened in the site root find the file).
    pub shown: String,
    /// Symlinks under `dir` that lead outside this folder are refused: the
    /// site root for `content/<tag>/`, the root itself for one of its own.
    pub boundary: PathBuf,
    /// Whether `site.toml` named the folder (`[locales.<tag>] content`).
    pub own: bool,
}

impl LocaleRoot {
    /// How diagnostics name `path` (relative to the locale's folder).
    pub fn show(&self, path: &str) -> String {
        format!("{}{path}", self.shown)
    }
}

/// A source file on disk: `rel` under the folder `base` (the site root, or
/// a locale's own folder), shown to the writer as `shown`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourcePlace {
    pub base: PathBuf,
    pub rel: String,
    pub shown: String,
}

impl SourcePlace {
    pub fn abs(&self) -> PathBuf {
        self.base.join(&self.rel)
    }
}

impl Config {
    /// The folder of `locale`'s tree: `content/<locale>/` under `root`, or
    /// the folder `[locales.<locale>] content` names. The one place that
    /// knows; discovery, includes, assets, l10n, output guards and `serve`
    /// all ask here.
    pub fn locale_root(&self, root: &Path, locale: &str) -> LocaleRoot {
        match self.content_roots.get(locale) {
            Some(own) => {
                let dir = own.dir.clone().unwrap_or_else(|| root.join(&own.written));
                LocaleRoot {
                    boundary: dir.clone(),
                    dir,
                    shown: shown_folder(&own.written),
                    own: true,
                }
            }
            None => LocaleRoot {
                dir: root.join("content").join(locale),
                shown: format!("content/{locale}/"),
                boundary: root.to_path_buf(),
                own: false,
            },
        }
    }

    /// What `[locales.<locale>]` says, when `locales` is a table naming it.
    pub fn locale_settings(&self, locale: &str) -> Option<&LocaleSettings> {
        match &self.locales_written {
            Written::Table(table) => table.get(locale).map(|s| s.get_ref()),
            _ => None,
        }
    }

    /// The folders that hold locales of their own (`[locales.<tag>]
    /// content`), by locale; `content/` holds the rest.
    pub fn own_content_roots(&self, root: &Path) -> Vec<(String, LocaleRoot)> {
        self.content_roots
            .keys()
            .map(|tag| (tag.clone(), self.locale_root(root, tag)))
            .collect()
    }

    /// Where the source file that the model names `file` lies. Inside,
    /// every source is `content/<tag>/<path>` whatever its locale's folder,
    /// so pages, includes and their diagnostics need not know the layout;
    /// reading, writing and showing a file ask here.
    pub fn source_place(&self, root: &Path, file: &str) -> SourcePlace {
        let own = file.strip_prefix("content/").and_then(|rest| {
            let (tag, path) = rest.split_once('/')?;
            self.content_roots.contains_key(tag).then_some((tag, path))
        });
        match own {
            Some((tag, path)) => {
                let place = self.locale_root(root, tag);
                SourcePlace {
                    shown: place.show(path),
                    base: place.dir,
                    rel: path.to_string(),
                }
            }
            None => SourcePlace {
                base: root.to_path_buf(),
                rel: file.to_string(),
                shown: file.to_string(),
            },
        }
    }

    /// A diagnostic's file and message named as the writer finds them: an
    /// internal `content/<tag>/…` of a locale with a folder of its own
    /// becomes that folder's path. The default layout is left as it is.
    pub fn show_paths(&self, root: &Path, d: &mut Diagnostic) {
        for tag in self.content_roots.keys() {
            let internal = format!("content/{tag}/");
            let shown = self.locale_root(root, tag).shown;
            if let Some(rest) = d.span.file.strip_prefix(internal.as_str()) {
                d.span.file = format!("{shown}{rest}");
            } else if d.span.file == internal.trim_end_matches('/') {
                d.span.file = shown.trim_end_matches('/').to_string();
            }
            if d.message.contains(&internal) {
                d.message = d.message.replace(&internal, &shown);
            }
        }
    }
}

/// `../docs.nl-nl/articles` → `../docs.nl-nl/articles/`, with `/` only.
fn shown_folder(written: &str) -> String {
    let unified = written.trim().replace('\\', "/");
    let plain = unified.trim_end_matches('/');
    let plain = plain.strip_prefix("./").unwrap_or(plain);
    if plain.is_empty() {
        "/".into()
    } else {
        format!("{plain}/")
    }
}

/// Finds each root on disk and checks that the roots can make one site:
/// each an existing folder, none the same as or inside another (or the
/// `content/<tag>/` of a locale without one), none holding the site root,
/// and the default locale among the locales a table names.
pub(super) fn resolve(
    text: &str,
    root: &Path,
    config: &mut Config,
    written: &Written,
) -> Result<(), Diagnostic> {
    if let Written::Table(table) = written {
        if !table.contains_key(&config.default_locale) {
            let at = text
                .find("[locales.")
                .or_else(|| text.find("locales"))
                .unwrap_or(0);
            return Err(error(
                text,
                at,
                format!(
                    "the default locale `{}` has no [locales.{}] table",
                    config.default_locale, config.default_locale
                ),
            )
            .with_suggestion(format!(
                "add `[locales.{}]`, or set `default_locale` to a locale of the table",
                config.default_locale
            )));
        }
    }
    let canon_site = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    for (tag, own) in config.content_roots.iter_mut() {
        let path = root.join(own.written.trim());
        let dir = match std::fs::metadata(&path) {
            Ok(m) if m.is_dir() => path.canonicalize().map_err(|e| {
                error(
                    text,
                    own.at,
                    format!(
                        "[locales.{tag}] content `{}` cannot be read: {e}",
                        own.written
                    ),
                )
            })?,
            Ok(m) => {
                return Err(error(
                    text,
                    own.at,
                    format!(
                        "[locales.{tag}] content `{}` is {}, not a folder",
                        own.written,
                        if m.is_file() {
                            "a file"
                        } else {
                            crate::fsread::kind_of(&m)
                        }
                    ),
                ))
            }
            Err(e) => {
                return Err(error(
                    text,
                    own.at,
                    format!(
                        "[locales.{tag}] content `{}` is not a folder: {e}",
                        own.written
                    ),
                )
                .with_suggestion(
                    "name the folder of the locale's tree, relative to the site root",
                ))
            }
        };
        if canon_site.starts_with(&dir) {
            return Err(error(
                text,
                own.at,
                format!(
                    "[locales.{tag}] content `{}` holds the site root itself ({})",
                    own.written,
                    dir.display()
                ),
            )
            .with_suggestion("name the folder that holds only the locale's pages"));
        }
        own.dir = Some(dir);
    }
    let tags: Vec<String> = written.tags().unwrap_or_default();
    let all: Vec<(String, PathBuf, Option<usize>)> = tags
        .iter()
        .filter_map(|tag| match config.content_roots.get(tag) {
            Some(own) => Some((tag.clone(), own.dir.clone()?, Some(own.at))),
            None => {
                let dir = root.join("content").join(tag);
                Some((tag.clone(), dir.canonicalize().unwrap_or(dir), None))
            }
        })
        .collect();
    for (tag, dir, at) in &all {
        let Some(at) = at else { continue };
        for (other, other_dir, _) in &all {
            if other == tag {
                continue;
            }
            let why = if dir == other_dir {
                "is the same folder as"
            } else if dir.starts_with(other_dir) {
                "lies inside"
            } else if other_dir.starts_with(dir) {
                "holds"
            } else {
                continue;
            };
            return Err(error(
                text,
                *at,
                format!(
                    "[locales.{tag}] content `{}` {why} the folder of locale `{other}`; each locale needs a tree of its own",
                    config.content_roots[tag].written
                ),
            ));
        }
    }
    Ok(())
}

fn error(text: &str, at: usize, message: String) -> Diagnostic {
    Diagnostic::error(Code::Config, CONFIG_FILE, message).at(text, at)
}

#[cfg(test)]
#[path = "content_roots_tests.rs"]
mod tests;
