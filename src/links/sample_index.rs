//! The small two-locale site that the resolution tests link around in.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::index::{ContentIndex, LocaleFiles};

pub(super) fn paths(v: &[&str]) -> HashSet<String> {
    v.iter().map(|s| s.to_string()).collect()
}

/// `en` (the default) with pages, media in two letter cases and a page and
/// an image only it has; `nl` with fewer; `/intune/` as the site's prefix.
pub(super) fn sample_index() -> ContentIndex {
    let mut locales = BTreeMap::new();
    locales.insert(
        "en".to_string(),
        LocaleFiles::new(
            paths(&["index.md", "a.md", "Sub/b.md", "only-en.md"]),
            paths(&["media/x.png", "media/Shot.PNG", "only-en.png"]),
        ),
    );
    locales.insert(
        "nl".to_string(),
        LocaleFiles::new(
            paths(&["index.md", "a.md", "Sub/b.md"]),
            paths(&["media/x.png"]),
        ),
    );
    ContentIndex {
        default_locale: "en".into(),
        locales,
        link_prefixes: vec!["/intune/".into()],
        portal_url: None,
        aliases: HashMap::new(),
        redirects: HashMap::new(),
    }
}
