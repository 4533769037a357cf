//! [`PageKey`]: a file of `content/` named by its locale and its path under
//! `content/<locale>/`, the key of the model's maps (pages, includes, TOC
//! folders, pairing).
//!
//! Maps own their keys, but a lookup almost always has the two names as
//! `&str` already (a link's target, a page's own fields), and the model
//! looks pages up for every link and every place. The standard maps find
//! a key by any type it can be borrowed as, and two `String`s cannot be
//! borrowed as two `&str`s; both can be borrowed as the trait object
//! `dyn AsPageKey`, whose `Hash`, `Eq` and `Ord` agree with `PageKey`'s.
//! [`ByPage::at`] looks up through that view, so it allocates nothing and
//! serves `HashMap` and `BTreeMap` alike. Interning locale names to small
//! numbers would still leave the path to borrow, and it would not change
//! a byte of output ordering, which follows the names.

use std::borrow::Borrow;
use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::hash::{BuildHasher, Hash, Hasher};

/// A locale and a path under `content/<locale>/`, e.g. `("en", "a/b.md")`.
/// Ordered by locale, then path.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct PageKey {
    locale: String,
    path: String,
}

impl PageKey {
    pub fn new(locale: impl Into<String>, path: impl Into<String>) -> PageKey {
        PageKey {
            locale: locale.into(),
            path: path.into(),
        }
    }

    pub fn locale(&self) -> &str {
        &self.locale
    }

    pub fn path(&self) -> &str {
        &self.path
    }
}

impl Hash for PageKey {
    fn hash<H: Hasher>(&self, state: &mut H) {
        // Must match `dyn AsPageKey`'s, which `Borrow` lookups hash.
        hash_pair(self.locale(), self.path(), state);
    }
}

impl std::fmt::Display for PageKey {
    /// `en/a/b.md`, as messages name a file below `content/`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.locale, self.path)
    }
}

/// Anything that names a locale and a path: the owned [`PageKey`] and a
/// borrowed `(&str, &str)`. Maps keyed by `PageKey` are looked up through
/// `&dyn AsPageKey` (see the module comment).
pub trait AsPageKey {
    fn locale(&self) -> &str;
    fn path(&self) -> &str;
}

impl AsPageKey for PageKey {
    fn locale(&self) -> &str {
        &self.locale
    }
    fn path(&self) -> &str {
        &self.path
    }
}

impl AsPageKey for (&str, &str) {
    fn locale(&self) -> &str {
        self.0
    }
    fn path(&self) -> &str {
        self.1
    }
}

fn hash_pair<H: Hasher>(locale: &str, path: &str, state: &mut H) {
    locale.hash(state);
    path.hash(state);
}

impl Hash for dyn AsPageKey + '_ {
    fn hash<H: Hasher>(&self, state: &mut H) {
        hash_pair(self.locale(), self.path(), state);
    }
}

impl PartialEq for dyn AsPageKey + '_ {
    fn eq(&self, other: &Self) -> bool {
        self.locale() == other.locale() && self.path() == other.path()
    }
}

impl Eq for dyn AsPageKey + '_ {}

impl PartialOrd for dyn AsPageKey + '_ {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for dyn AsPageKey + '_ {
    fn cmp(&self, other: &Self) -> Ordering {
        (self.locale(), self.path()).cmp(&(other.locale(), other.path()))
    }
}

impl<'a> Borrow<dyn AsPageKey + 'a> for PageKey {
    fn borrow(&self) -> &(dyn AsPageKey + 'a) {
        self
    }
}

/// Lookups by `(locale, path)` in collections keyed by [`PageKey`], with
/// no key built.
pub trait ByPage {
    type Value;
    fn at(&self, locale: &str, path: &str) -> Option<&Self::Value>;
    fn has(&self, locale: &str, path: &str) -> bool {
        self.at(locale, path).is_some()
    }
}

impl<V, S: BuildHasher> ByPage for HashMap<PageKey, V, S> {
    type Value = V;
    fn at(&self, locale: &str, path: &str) -> Option<&V> {
        self.get(&(locale, path) as &dyn AsPageKey)
    }
}

impl<V> ByPage for BTreeMap<PageKey, V> {
    type Value = V;
    fn at(&self, locale: &str, path: &str) -> Option<&V> {
        self.get(&(locale, path) as &dyn AsPageKey)
    }
}

impl<S: BuildHasher> ByPage for HashSet<PageKey, S> {
    type Value = PageKey;
    fn at(&self, locale: &str, path: &str) -> Option<&PageKey> {
        self.get(&(locale, path) as &dyn AsPageKey)
    }
}

impl ByPage for BTreeSet<PageKey> {
    type Value = PageKey;
    fn at(&self, locale: &str, path: &str) -> Option<&PageKey> {
        self.get(&(locale, path) as &dyn AsPageKey)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn borrowed_lookups_find_owned_keys() {
        let mut hashed: HashMap<PageKey, u8> = HashMap::new();
        let mut ordered: BTreeMap<PageKey, u8> = BTreeMap::new();
        let mut fast: rustc_hash::FxHashMap<PageKey, u8> = Default::default();
        for (i, (l, p)) in [
            ("en", "a.md"),
            ("en", "b/a.md"),
            ("nl", "a.md"),
            ("e", "na.md"),
        ]
        .into_iter()
        .enumerate()
        {
            hashed.insert(PageKey::new(l, p), i as u8);
            ordered.insert(PageKey::new(l, p), i as u8);
            fast.insert(PageKey::new(l, p), i as u8);
        }
        for map in [&hashed.at("nl", "a.md"), &ordered.at("nl", "a.md")] {
            assert_eq!(*map, Some(&2));
        }
        assert_eq!(fast.at("e", "na.md"), Some(&3));
        // The two names stay apart: no concatenation makes them meet.
        assert_eq!(hashed.at("en", "a.md"), Some(&0));
        assert!(!hashed.has("ena", ".md") && !ordered.has("en", "a") && !fast.has("", "ena.md"));
    }

    #[test]
    fn ordered_by_locale_then_path() {
        let mut keys = vec![
            PageKey::new("nl", "a.md"),
            PageKey::new("en", "b.md"),
            PageKey::new("en", "a/z.md"),
        ];
        keys.sort();
        let names: Vec<String> = keys.iter().map(PageKey::to_string).collect();
        assert_eq!(names, ["en/a/z.md", "en/b.md", "nl/a.md"]);
    }
}
