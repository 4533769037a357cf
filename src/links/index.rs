//! What exists under `content/`, per locale: the set of pages and files
//! that links resolve against, with case-insensitive lookups.

use std::collections::{BTreeMap, HashMap, HashSet};

use std::sync::OnceLock;

use super::nearest::Suggestions;
use crate::config::Config;

/// What exists under `content/`, per locale, for resolving links.
#[derive(Debug, Default, Clone)]
pub struct ContentIndex {
    pub default_locale: String,
    pub locales: BTreeMap<String, LocaleFiles>,
    /// Sorted by key, as [`super::prefixes::entries`] makes them.
    pub link_prefixes: Vec<super::prefixes::PrefixEntry>,
    pub portal_url: Option<String>,
    /// `(locale, default-locale path)` → the path of its translation, when
    /// the translation was renamed (paired by `ms.assetid`).
    pub aliases: HashMap<(String, String), String>,
    /// `(locale, old path)` → the page that declares it in `redirect_from`.
    pub redirects: HashMap<(String, String), String>,
}

#[derive(Debug, Default, Clone)]
pub struct LocaleFiles {
    /// Page paths relative to `content/<locale>/`, e.g. `EndUser/a.md`.
    pub pages: HashSet<String>,
    /// Every other file (media, downloads, includes).
    pub files: HashSet<String>,
    /// Lower-cased path → real path, for case-insensitive lookups.
    lower: HashMap<String, String>,
    /// Folder (`EndUser`, or empty for the top) → its pages, so that a
    /// broken link's "did you mean" reads one folder, not the whole site:
    /// otherwise checking costs broken links × pages.
    by_folder: HashMap<String, Vec<String>>,
    /// Each folder's page names, in the order of `by_folder`, sorted for
    /// "did you mean"; prepared at the first broken link.
    folder_names: OnceLock<HashMap<String, Suggestions>>,
    /// Where `~/` starts, relative to this folder's root: a DocFX project's
    /// content `src` (`articles`) when its `docfx.json` is above it.
    pub tilde_root: String,
}

impl LocaleFiles {
    pub fn new(pages: HashSet<String>, files: HashSet<String>) -> Self {
        let lower = pages
            .iter()
            .chain(files.iter())
            .map(|p| (p.to_lowercase(), p.clone()))
            .collect();
        let mut by_folder: HashMap<String, Vec<String>> = HashMap::new();
        for page in &pages {
            by_folder
                .entry(super::url::parent_dir(page).to_string())
                .or_default()
                .push(page.clone());
        }
        LocaleFiles {
            pages,
            files,
            lower,
            by_folder,
            folder_names: OnceLock::new(),
            tilde_root: String::new(),
        }
    }

    /// The pages directly in `folder` (as `parent_dir` gives it).
    pub fn pages_in(&self, folder: &str) -> &[String] {
        self.by_folder.get(folder).map_or(&[], Vec::as_slice)
    }

    /// The names of the pages directly in `folder`, for "did you mean";
    /// `None` when it has none.
    pub(super) fn folder_names(&self, folder: &str) -> Option<&Suggestions> {
        let all = self.folder_names.get_or_init(|| {
            self.by_folder
                .iter()
                .map(|(folder, pages)| {
                    let names = pages.iter().map(|p| super::url::file_name(p));
                    (folder.clone(), Suggestions::new(names))
                })
                .collect()
        });
        all.get(folder)
    }

    pub fn real_case(&self, path: &str) -> Option<&str> {
        self.lower.get(&path.to_lowercase()).map(String::as_str)
    }
}

impl ContentIndex {
    pub fn from_config(config: &Config, locales: BTreeMap<String, LocaleFiles>) -> Self {
        ContentIndex {
            default_locale: config.default_locale.clone(),
            locales,
            link_prefixes: super::prefixes::entries(&config.link_prefixes),
            portal_url: config.portal_url.clone(),
            aliases: HashMap::new(),
            redirects: HashMap::new(),
        }
    }

    pub fn has_page(&self, locale: &str, path: &str) -> bool {
        self.locales
            .get(locale)
            .is_some_and(|l| l.pages.contains(path))
    }

    pub fn is_file(&self, locale: &str, path: &str) -> bool {
        self.locales
            .get(locale)
            .is_some_and(|l| l.files.contains(path))
    }
}
