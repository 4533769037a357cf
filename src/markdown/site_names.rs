//! Looking up the site's uids and monikers from every page: a site of many
//! pages has many unknown names to look up among many known ones, so the
//! lists are prepared once, on first need.

use std::collections::HashSet;
use std::sync::OnceLock;

use super::SiteExtras;
use crate::links::suggest::Suggestions;

/// The prepared lists.
#[derive(Debug, Default)]
pub(crate) struct SiteLookups {
    uids: OnceLock<Suggestions>,
    monikers: OnceLock<(HashSet<String>, Suggestions)>,
}

impl SiteExtras {
    /// The uid closest to `uid`, when it looks like a typo of one.
    pub(crate) fn uid_suggestion(&self, uid: &str) -> Option<&str> {
        let names = self.lookups.uids.get_or_init(|| {
            // Sorted, so that of equally close uids the suggestion is always the same.
            let mut uids: Vec<&str> = self.xrefs.keys().map(String::as_str).collect();
            uids.sort_unstable();
            Suggestions::new(uids)
        });
        names.closest(uid)
    }

    fn moniker_lookups(&self) -> &(HashSet<String>, Suggestions) {
        self.lookups.monikers.get_or_init(|| {
            let known = self
                .monikers
                .iter()
                .map(|m| m.to_ascii_lowercase())
                .collect();
            let names = Suggestions::new(self.monikers.iter().map(String::as_str));
            (known, names)
        })
    }

    /// Whether `name` is on the `monikers` list, in any letter case.
    pub(crate) fn has_moniker(&self, name: &str) -> bool {
        self.moniker_lookups()
            .0
            .contains(&name.to_ascii_lowercase())
    }

    /// The moniker closest to `name`, when it looks like a typo of one.
    pub(crate) fn moniker_suggestion(&self, name: &str) -> Option<&str> {
        self.moniker_lookups().1.closest(name)
    }
}
