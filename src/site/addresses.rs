//! Addresses that outlive a page's name: help IDs (`help_id:`), which apps
//! link to through `go/<ID>.html`, and old paths (`redirect_from:`), which
//! keep published links working after a rename.
//!
//! Both are read from front matter on demand, so an edit never leaves them
//! stale; the link index holds the redirects it needs while rendering.

use std::collections::{BTreeMap, HashMap};

use serde_json::Value;

use super::{Page, PageId, PageKind, Site};
use crate::diagnostics::{Code, Diagnostic};
use crate::links;
use crate::output::collisions::Claim;

pub const HELP_ID_KEY: &str = "help_id";
pub const REDIRECT_FROM_KEY: &str = "redirect_from";

/// An old address that leads to a page: `<locale>/<old_path>` (a `.md`
/// path as it was) now shows page `to`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RedirectFrom {
    pub locale: String,
    pub old_path: String,
    pub to: PageId,
}

/// Pages the build writes in every locale: an old address cannot take their place.
pub(super) const RESERVED: &[&str] = &["404.md", "search.md"];

/// The folder of each locale's listing pages, `<locale>/all-pages/<n>.html`.
pub const LISTING_DIR: &str = "all-pages";

/// A page whose published file would be one the build writes itself (the
/// locale's 404 or search page, or a listing page), which readers would
/// then never get.
pub(super) fn reserved_path_problem(page: &Page) -> Option<Diagnostic> {
    let what = if RESERVED.contains(&page.path.as_str()) {
        format!("the locale's {} page", page.path.trim_end_matches(".md"))
    } else if page.path.starts_with(&format!("{LISTING_DIR}/")) {
        format!("the locale's list of all pages (`{LISTING_DIR}/1.html`, …)")
    } else {
        return None;
    };
    Some(Diagnostic::error(
        Code::ReservedPath,
        &page.file,
        format!("this page would be published where helpsite publishes {what}; move or rename it"),
    ))
}

/// A front matter value given as one string or a list of strings.
/// `Err` says what is wrong with it.
fn string_list(value: &Value) -> Result<Vec<String>, &'static str> {
    match value {
        Value::Null => Ok(Vec::new()),
        Value::Array(items) => items
            .iter()
            .map(|v| crate::frontmatter::scalar_text(v).ok_or("a list of plain values"))
            .collect(),
        Value::Object(_) => Err("a value or a list of values, not a mapping"),
        v => Ok(crate::frontmatter::scalar_text(v).into_iter().collect()),
    }
}

/// A help ID becomes a file name and a URL path segment in every host, so
/// it keeps to letters, digits, `-`, `_` and `.` (not first).
pub fn valid_help_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 100
        && !id.starts_with('.')
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

/// `redirect_from` entries are page paths relative to `content/<locale>/`,
/// as links write them: `old/name.md`, with or without a leading `/` or `./`.
/// A control character (a line break above all) is never part of one: the
/// path becomes a file name and, through `check --against --fix`, a line of
/// front matter.
pub fn normalize_old_path(written: &str) -> Option<String> {
    let trimmed = written
        .trim()
        .trim_start_matches("./")
        .trim_start_matches('/');
    let path = links::join_normalized("", &links::percent_decode(trimmed))?;
    let page_path = path.to_ascii_lowercase().ends_with(".md")
        && path.len() > 3
        && !path.chars().any(char::is_control);
    page_path.then_some(path)
}

/// Where a front matter key starts in the page, for positions.
fn key_offset(page: &Page, key: &str) -> usize {
    let head = page.front_text().unwrap_or_default();
    head.find(key).unwrap_or(0)
}

/// The page's own help IDs and redirects, valid or not: the problems
/// with their form, found from the page's text alone.
pub(super) fn front_problems(page: &Page) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let mut problem = |key: &str, message: String, suggestion: &str| {
        problems.push(
            Diagnostic::error(Code::FrontMatter, &page.file, message)
                .at(page.loaded_text(), key_offset(page, key))
                .with_suggestion(suggestion.to_string()),
        );
    };
    if let Some(v) = page.front.meta.get(HELP_ID_KEY) {
        match string_list(v) {
            Err(what) => problem(
                HELP_ID_KEY,
                format!("`{HELP_ID_KEY}` must be {what}"),
                "write `help_id: CERT-MISSING` or `help_id: [CERT-MISSING, CERT-NEEDED]`",
            ),
            Ok(ids) => {
                for id in ids.iter().filter(|id| !valid_help_id(id)) {
                    problem(
                        HELP_ID_KEY,
                        format!("help ID `{id}` cannot be a file name and an address"),
                        "use letters, digits, `-`, `_` and `.` only, e.g. CERT-MISSING",
                    );
                }
            }
        }
    }
    if let Some(v) = page.front.meta.get(REDIRECT_FROM_KEY) {
        match string_list(v) {
            Err(what) => problem(
                REDIRECT_FROM_KEY,
                format!("`{REDIRECT_FROM_KEY}` must be {what}"),
                "write `redirect_from: [old/name.md]`",
            ),
            Ok(paths) => {
                for p in paths.iter().filter(|p| normalize_old_path(p).is_none()) {
                    problems.push(
                        Diagnostic::error(
                            Code::RedirectFrom,
                            &page.file,
                            format!("redirect_from `{p}` is not a page path inside content/{}/", page.locale),
                        )
                        .at(page.loaded_text(), key_offset(page, REDIRECT_FROM_KEY))
                        .with_suggestion("give the old page's path relative to the locale folder, e.g. `old/name.md`".to_string()),
                    );
                }
            }
        }
    }
    problems
}

/// The valid help IDs a page declares itself.
pub fn own_help_ids(page: &Page) -> Vec<String> {
    page.front
        .meta
        .get(HELP_ID_KEY)
        .and_then(|v| string_list(v).ok())
        .unwrap_or_default()
        .into_iter()
        .filter(|id| valid_help_id(id))
        .collect()
}

/// The valid old paths a page declares itself, normalized.
pub fn own_redirects(page: &Page) -> Vec<String> {
    let mut paths: Vec<String> = page
        .front
        .meta
        .get(REDIRECT_FROM_KEY)
        .and_then(|v| string_list(v).ok())
        .unwrap_or_default()
        .iter()
        .filter_map(|p| normalize_old_path(p))
        .collect();
    // Written twice (` x.md` and `x.md` read alike), it is still one old
    // address of this page, not one that two pages claim.
    let mut seen = std::collections::HashSet::new();
    paths.retain(|p| seen.insert(p.clone()));
    paths
}

impl Site {
    /// The page whose front matter gives `page` its `key` (help IDs,
    /// redirects): itself, or the source it inherits them from.
    pub fn declaring_page<'a>(&'a self, page: &'a Page, key: &str) -> &'a Page {
        if page.kind == PageKind::Content && page.front.meta.contains_key(key) {
            return page;
        }
        self.declaring_source(page).unwrap_or(page)
    }

    /// The page a translation or fallback takes what it does not declare
    /// from: its default-locale source, when that is another page.
    fn declaring_source(&self, page: &Page) -> Option<&Page> {
        if let PageKind::Fallback { source } = page.kind {
            return Some(&self.pages[source]);
        }
        if page.locale == self.config.default_locale {
            return None;
        }
        let source = self.source_path_of(page)?;
        self.page(&self.config.default_locale, &source)
    }

    /// The help IDs of `page`: its own, else its source's, so that a
    /// translation is found by the IDs of the page it translates.
    pub fn help_ids_of(&self, page: &Page) -> Vec<String> {
        if page.redirect_url().is_some() || page.kind == PageKind::GeneratedIndex {
            return Vec::new();
        }
        let own = own_help_ids(page);
        if !own.is_empty() || page.front.meta.contains_key(HELP_ID_KEY) {
            return own;
        }
        self.declaring_source(page)
            .map(own_help_ids)
            .unwrap_or_default()
    }

    /// The old paths that lead to `page`: its own `redirect_from`, else its
    /// source's, so a renamed page's translations keep their old addresses too.
    pub fn redirects_of(&self, page: &Page) -> Vec<String> {
        if page.redirect_url().is_some() || page.kind == PageKind::GeneratedIndex {
            return Vec::new();
        }
        if page.front.meta.contains_key(REDIRECT_FROM_KEY) {
            return own_redirects(page);
        }
        self.declaring_source(page)
            .map(own_redirects)
            .unwrap_or_default()
    }

    /// Every help ID → locale → the page a reader of that locale lands on
    /// (a translation, else the fallback page). The first page by path wins
    /// a duplicate; `duplicate-help-id` reports it.
    pub fn help_ids(&self) -> BTreeMap<String, BTreeMap<String, PageId>> {
        let mut ids: BTreeMap<String, BTreeMap<String, PageId>> = BTreeMap::new();
        let mut seen: HashMap<(String, String), ()> = HashMap::new();
        for (id, page) in self.pages.iter().enumerate() {
            for help_id in self.help_ids_of(page) {
                // Case-insensitive: go/A.html and go/a.html are one file on many disks.
                if seen
                    .insert((page.locale.clone(), help_id.to_ascii_lowercase()), ())
                    .is_none()
                {
                    ids.entry(help_id)
                        .or_default()
                        .insert(page.locale.clone(), id);
                }
            }
        }
        ids
    }

    /// Every old address that the build answers with a redirect page. Old
    /// paths that are pages, or that two pages claim, are left out and
    /// reported by [`Site::address_problems`].
    pub fn redirects_from(&self) -> Vec<RedirectFrom> {
        let mut claims: BTreeMap<(String, String), Vec<PageId>> = BTreeMap::new();
        for (id, page) in self.pages.iter().enumerate() {
            for old in self.redirects_of(page) {
                claims
                    .entry((page.locale.clone(), old))
                    .or_default()
                    .push(id);
            }
        }
        claims
            .into_iter()
            .filter(|((locale, old), pages)| {
                pages.len() == 1
                    && self.page(locale, old).is_none()
                    && !RESERVED.contains(&old.as_str())
            })
            .map(|((locale, old_path), pages)| RedirectFrom {
                locale,
                old_path,
                to: pages[0],
            })
            .collect()
    }

    /// The default-locale file that the fallback page at `path` shows.
    fn fallback_at(&self, locale: &str, path: &str) -> Option<&str> {
        match self.page(locale, path)?.kind {
            PageKind::Fallback { source } => Some(&self.pages[source].file),
            _ => None,
        }
    }

    /// Duplicate help IDs and `redirect_from` entries that cannot be
    /// written, each reported on the page that declares it.
    pub fn address_problems(&self) -> Vec<Diagnostic> {
        let mut problems = Vec::new();
        let declares = |page: &Page, key: &str| {
            page.kind == PageKind::Content && page.front.meta.contains_key(key)
        };
        let mut by_id: BTreeMap<(String, String), Vec<PageId>> = BTreeMap::new();
        let mut by_old: BTreeMap<(String, String), Vec<PageId>> = BTreeMap::new();
        for (id, page) in self.pages.iter().enumerate() {
            for help_id in self.help_ids_of(page) {
                by_id
                    .entry((page.locale.clone(), help_id.to_ascii_lowercase()))
                    .or_default()
                    .push(id);
            }
            for old in self.redirects_of(page) {
                by_old
                    .entry((page.locale.clone(), old))
                    .or_default()
                    .push(id);
            }
        }
        for ((locale, help_id), ids) in by_id.iter().filter(|(_, ids)| ids.len() > 1) {
            for &id in ids {
                let page = &self.pages[id];
                if !declares(page, HELP_ID_KEY) {
                    continue;
                }
                let others: Vec<&str> = ids
                    .iter()
                    .filter(|o| **o != id)
                    .map(|&o| self.pages[o].file.as_str())
                    .collect();
                problems.push(
                    Diagnostic::error(
                        Code::DuplicateHelpId,
                        &page.file,
                        format!(
                            "help ID `{help_id}` is also used in {locale} by {}; an app's link can lead to only one page",
                            others.join(", ")
                        ),
                    )
                    .at(page.loaded_text(), key_offset(page, HELP_ID_KEY))
                    .with_suggestion("give each page its own help ID".to_string()),
                );
            }
        }
        for ((locale, old), ids) in &by_old {
            if let Some(shown) = self.fallback_at(locale, old) {
                for &id in ids
                    .iter()
                    .filter(|&&id| declares(&self.pages[id], REDIRECT_FROM_KEY))
                {
                    let page = &self.pages[id];
                    problems.push(
                        Diagnostic::error(
                            Code::OutputCollision,
                            &page.file,
                            format!(
                                "redirect_from `{old}` would be written at `{}`, where the {locale} fallback page of {shown} is; readers would get only one of them",
                                links::page_output_path(locale, old)
                            ),
                        )
                        .at(page.loaded_text(), key_offset(page, REDIRECT_FROM_KEY))
                        .with_suggestion("remove it here, or translate the page it names".to_string()),
                    );
                }
                continue;
            }
            let reserved = RESERVED.contains(&old.as_str());
            let taken = reserved
                || self
                    .page(locale, old)
                    .is_some_and(|p| p.kind == PageKind::Content);
            if ids.len() < 2 && !taken {
                continue;
            }
            for &id in ids {
                let page = &self.pages[id];
                if !declares(page, REDIRECT_FROM_KEY) {
                    continue;
                }
                let why = if reserved {
                    format!(
                        "helpsite writes {locale}/{} itself",
                        old.replace(".md", ".html")
                    )
                } else if taken {
                    format!("content/{locale}/{old} is a page of its own")
                } else {
                    let mut others: Vec<&str> = ids
                        .iter()
                        .filter(|o| **o != id)
                        .map(|&o| self.pages[o].file.as_str())
                        .collect();
                    others.dedup();
                    if others.is_empty() {
                        "this page lists it twice".to_string()
                    } else {
                        format!("{} redirects it too", others.join(", "))
                    }
                };
                problems.push(
                    Diagnostic::error(
                        Code::RedirectFrom,
                        &page.file,
                        format!("redirect_from `{old}` cannot lead here: {why}"),
                    )
                    .at(page.loaded_text(), key_offset(page, REDIRECT_FROM_KEY))
                    .with_suggestion(
                        "remove it here, or move or delete the page it names".to_string(),
                    ),
                );
            }
        }
        problems
    }

    /// Every page the build writes, with the file that asks for it. A
    /// page at a reserved path is left out: it is a `reserved-path` error
    /// already.
    pub fn page_claims(&self) -> Vec<Claim> {
        let mut claims = Vec::with_capacity(self.pages.len());
        for page in self.pages.iter() {
            if reserved_path_problem(page).is_some() {
                continue;
            }
            let (what, source) = match page.kind {
                PageKind::Fallback { source } => {
                    let file = &self.pages[source].file;
                    (
                        format!("the {} fallback page of {file}", page.locale),
                        Some(file.clone()),
                    )
                }
                PageKind::GeneratedIndex => {
                    (format!("helpsite's own {}", page.output_path()), None)
                }
                _ => (page.file.clone(), Some(page.file.clone())),
            };
            claims.push(Claim {
                path: page.output_path(),
                what,
                source,
            });
        }
        claims
    }

    /// The redirect pages of old addresses and the `go/` pages of help
    /// IDs, with the file that declares each.
    pub fn address_claims(&self) -> Vec<Claim> {
        let mut claims = Vec::new();
        for r in self.redirects_from() {
            let file = &self
                .declaring_page(&self.pages[r.to], REDIRECT_FROM_KEY)
                .file;
            claims.push(Claim {
                path: links::page_output_path(&r.locale, &r.old_path),
                what: format!("the {REDIRECT_FROM_KEY} `{}` of {file}", r.old_path),
                source: Some(file.clone()),
            });
        }
        for (help_id, by_locale) in self.help_ids() {
            let Some(&id) = by_locale.values().next() else {
                continue;
            };
            let file = &self.declaring_page(&self.pages[id], HELP_ID_KEY).file;
            claims.push(Claim {
                path: go_path(&help_id),
                what: format!("the help ID `{help_id}` of {file}"),
                source: Some(file.clone()),
            });
        }
        claims
    }
}

/// `go/<ID>.html`, relative to the output root: the page an app's help ID
/// opens. Here, below `published`, because the output's collision check
/// claims these paths too.
pub fn go_path(help_id: &str) -> String {
    format!("go/{help_id}.html")
}
