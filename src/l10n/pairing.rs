//! Pairing translations with their default-locale source pages.
//!
//! A page in locale L translates default-locale page S when they share an
//! `ms.assetid` that is unique within each of the two locales; failing
//! that, when they have the same path. Assetid pairs are made first, and a
//! translation pairs with at most one source.

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::keys::PageKey;

/// What pairing needs to know of a page.
#[derive(Debug, Clone)]
pub struct Candidate<'a> {
    pub locale: &'a str,
    pub path: &'a str,
    pub assetid: Option<&'a str>,
    /// Redirect pages are not translatable content.
    pub redirect: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Pairing {
    /// `(locale, source path)` → translation path in that locale.
    pub translation_of: BTreeMap<PageKey, String>,
    /// `(locale, translation path)` → source path in the default locale.
    pub source_of: BTreeMap<PageKey, String>,
    /// Assetids used by more than one page of a locale: `(locale, assetid)` → paths.
    pub duplicate_assetids: BTreeMap<(String, String), Vec<String>>,
}

/// An `ms.assetid` that names something: `''`, blanks and `~` (YAML's
/// null, also when quoted) are left-over template values, not ids, and
/// pairing by them would pair unrelated pages.
pub fn is_asset_id(id: &str) -> bool {
    let id = id.trim();
    !id.is_empty() && id != "~" && !id.eq_ignore_ascii_case("null")
}

pub fn pair(default_locale: &str, locales: &[String], pages: &[Candidate]) -> Pairing {
    let mut result = Pairing::default();
    // assetid → paths, per locale (case-insensitive: GUIDs).
    let mut by_assetid: HashMap<&str, BTreeMap<String, Vec<&str>>> = HashMap::new();
    let mut paths: HashMap<&str, HashSet<&str>> = HashMap::new();
    for p in pages.iter().filter(|p| !p.redirect) {
        paths.entry(p.locale).or_default().insert(p.path);
        if let Some(id) = p.assetid.filter(|id| is_asset_id(id)) {
            by_assetid
                .entry(p.locale)
                .or_default()
                .entry(id.trim().to_lowercase())
                .or_default()
                .push(p.path);
        }
    }
    for (locale, ids) in &by_assetid {
        for (id, ps) in ids {
            if ps.len() > 1 {
                let mut ps: Vec<String> = ps.iter().map(|s| s.to_string()).collect();
                ps.sort();
                result
                    .duplicate_assetids
                    .insert((locale.to_string(), id.clone()), ps);
            }
        }
    }
    let empty_ids = BTreeMap::new();
    let empty_paths = HashSet::new();
    let source_ids = by_assetid.get(default_locale).unwrap_or(&empty_ids);
    let source_paths = paths.get(default_locale).unwrap_or(&empty_paths);
    for locale in locales.iter().filter(|l| l.as_str() != default_locale) {
        let ids = by_assetid.get(locale.as_str()).unwrap_or(&empty_ids);
        let mut paired_sources: HashSet<&str> = HashSet::new();
        let mut paired_translations: HashSet<&str> = HashSet::new();
        for (id, sources) in source_ids {
            if let ([source], Some([translation])) =
                (sources.as_slice(), ids.get(id).map(Vec::as_slice))
            {
                paired_sources.insert(source);
                paired_translations.insert(translation);
                result
                    .translation_of
                    .insert(PageKey::new(locale, *source), translation.to_string());
                result
                    .source_of
                    .insert(PageKey::new(locale, *translation), source.to_string());
            }
        }
        let mut sorted: Vec<&&str> = source_paths.iter().collect();
        sorted.sort();
        for source in sorted {
            if paired_sources.contains(*source) || paired_translations.contains(*source) {
                continue;
            }
            if paths
                .get(locale.as_str())
                .is_some_and(|ps| ps.contains(*source))
            {
                result
                    .translation_of
                    .insert(PageKey::new(locale, *source), source.to_string());
                result
                    .source_of
                    .insert(PageKey::new(locale, *source), source.to_string());
            }
        }
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keys::ByPage;

    fn key<'a>(locale: &'a str, path: &'a str, assetid: Option<&'a str>) -> Candidate<'a> {
        Candidate {
            locale,
            path,
            assetid,
            redirect: false,
        }
    }

    #[test]
    fn assetid_beats_path_and_pairs_renamed_pages() {
        let pages = [
            key("en", "a.md", Some("A")),
            key("en", "b.md", Some("B")),
            key("nl", "a-renamed.md", Some("a")),
            key("nl", "b.md", Some("X")),
        ];
        let p = pair("en", &["en".into(), "nl".into()], &pages);
        assert_eq!(p.translation_of.at("nl", "a.md").unwrap(), "a-renamed.md");
        assert_eq!(p.translation_of.at("nl", "b.md").unwrap(), "b.md");
    }

    #[test]
    fn duplicate_assetids_fall_back_to_paths() {
        let pages = [
            key("en", "a.md", Some("D")),
            key("en", "b.md", Some("D")),
            key("nl", "a.md", Some("D")),
            key("nl", "c.md", Some("D")),
        ];
        let p = pair("en", &["en".into(), "nl".into()], &pages);
        assert_eq!(p.translation_of.len(), 1);
        assert_eq!(p.translation_of.at("nl", "a.md").unwrap(), "a.md");
        assert_eq!(p.duplicate_assetids.len(), 2);
    }

    #[test]
    fn a_translation_pairs_once() {
        // nl/b.md is a's translation by assetid, so it is not b's by path.
        let pages = [
            key("en", "a.md", Some("A")),
            key("en", "b.md", None),
            key("nl", "b.md", Some("A")),
        ];
        let p = pair("en", &["en".into(), "nl".into()], &pages);
        assert_eq!(p.translation_of.len(), 1);
        assert_eq!(p.source_of.at("nl", "b.md").unwrap(), "a.md");
    }

    #[test]
    fn redirects_are_left_out() {
        let mut r = key("nl", "a.md", None);
        r.redirect = true;
        let p = pair(
            "en",
            &["en".into(), "nl".into()],
            &[key("en", "a.md", None), r],
        );
        assert!(p.translation_of.is_empty());
    }
}

#[cfg(test)]
mod empty_assetid_tests {
    use super::*;

    #[test]
    fn an_empty_assetid_is_no_id() {
        let page = |locale, path, assetid| Candidate {
            locale,
            path,
            assetid,
            redirect: false,
        };
        let pages = [
            page("en", "a.md", Some("")),
            page("en", "b.md", Some("  ")),
            page("en", "c.md", Some("~")),
            page("en", "d.md", Some("null")),
            page("nl", "renamed.md", Some("")),
            page("nl", "other.md", Some("")),
            page("nl", "a.md", Some(" ")),
        ];
        let p = pair("en", &["en".into(), "nl".into()], &pages);
        assert!(
            p.duplicate_assetids.is_empty(),
            "{:?}",
            p.duplicate_assetids
        );
        // Paired by path only: nothing by the shared empty id.
        assert_eq!(p.translation_of.len(), 1, "{:?}", p.translation_of);
        assert!(p.source_of.keys().all(|k| k.path() == "a.md"));
    }
}
