//! Which `link_prefixes` entry a link falls under: the longest one that
//! starts it. A site may list thousands of prefixes (one per product
//! folder), so entries are kept sorted by their match key and each link
//! costs a few binary searches, not a pass over every entry.

use crate::config::LinkPrefix;
use crate::diagnostics::work;

/// An entry ready for matching: its key is the lower-cased prefix, with
/// the scheme of an absolute one dropped (`//host/path/`), since the
/// published site answered on http and https alike.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrefixEntry {
    pub key: String,
    pub folder: String,
}

/// A prefix of the locale root, for tests and small sites built in code.
impl From<&str> for PrefixEntry {
    fn from(prefix: &str) -> Self {
        PrefixEntry {
            key: match_key(prefix).unwrap_or_default(),
            folder: String::new(),
        }
    }
}

/// The entries of `prefixes`, sorted by key, the first of equal keys kept.
/// An absolute prefix with no path (`https://host`) matches nothing, as
/// before.
pub fn entries(prefixes: &[LinkPrefix]) -> Vec<PrefixEntry> {
    let mut entries: Vec<PrefixEntry> = prefixes
        .iter()
        .filter_map(|p| {
            Some(PrefixEntry {
                key: match_key(&p.prefix)?,
                folder: p.folder.clone(),
            })
        })
        .collect();
    entries.sort_by(|a, b| a.key.cmp(&b.key));
    entries.dedup_by(|later, first| later.key == first.key);
    entries
}

/// `https://Host/Intune/` → `//host/intune/`; `/Intune/` → `/intune/`.
fn match_key(prefix: &str) -> Option<String> {
    let lower = prefix.to_lowercase();
    for scheme in ["https://", "http://", "//"] {
        if let Some(after) = lower.strip_prefix(scheme) {
            after.find('/')?;
            return Some(format!("//{after}"));
        }
    }
    Some(lower)
}

/// The entry whose key is the longest start of `key` (lower-cased, as
/// [`match_key`] makes them), or for `/intune` the entry `/intune/`.
pub fn longest<'a>(entries: &'a [PrefixEntry], key: &str) -> Option<&'a PrefixEntry> {
    let find_exact = |k: &str| {
        work::add(1);
        entries
            .binary_search_by(|e| e.key.as_str().cmp(k))
            .ok()
            .map(|i| &entries[i])
    };
    // Written without the slash the prefix ends in: the longest match there is.
    if !key.ends_with('/') {
        if let Some(e) = find_exact(&format!("{key}/")) {
            return Some(e);
        }
    }
    let mut probe = key;
    loop {
        work::add(1);
        // The greatest key not after `probe`: if it starts `probe`, no
        // longer key can; if not, any key that does starts their common part.
        let at = entries.partition_point(|e| e.key.as_str() <= probe);
        let e = &entries[at.checked_sub(1)?];
        if probe.starts_with(e.key.as_str()) {
            return Some(e);
        }
        let mut common = e
            .key
            .bytes()
            .zip(probe.bytes())
            .take_while(|(a, b)| a == b)
            .count();
        while !probe.is_char_boundary(common) {
            common -= 1;
        }
        if common == 0 {
            return None;
        }
        probe = &probe[..common];
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(v: &[(&str, &str)]) -> Vec<PrefixEntry> {
        let prefixes: Vec<LinkPrefix> = v
            .iter()
            .map(|(p, f)| LinkPrefix {
                prefix: p.to_string(),
                folder: f.to_string(),
            })
            .collect();
        entries(&prefixes)
    }

    fn folder<'a>(t: &'a [PrefixEntry], key: &str) -> Option<&'a str> {
        longest(t, key).map(|e| e.folder.as_str())
    }

    #[test]
    fn the_longest_prefix_wins() {
        let t = table(&[
            ("/mem/", ""),
            ("/mem/intune/", "intune"),
            ("/Configmgr/", "configmgr"),
            ("https://Docs.Example.com/intune/", "intune"),
        ]);
        assert_eq!(folder(&t, "/mem/intune/x"), Some("intune"));
        assert_eq!(folder(&t, "/mem/intunex/y"), Some(""));
        assert_eq!(folder(&t, "/mem/intune"), Some("intune"));
        assert_eq!(folder(&t, "/configmgr/a/b"), Some("configmgr"));
        assert_eq!(folder(&t, "//docs.example.com/intune/a"), Some("intune"));
        assert_eq!(folder(&t, "/other/x"), None);
        assert_eq!(folder(&t, "/me"), None);
        assert_eq!(folder(&t, ""), None);
        assert_eq!(folder(&t, "/mém/x"), None);
    }

    #[test]
    fn keys_drop_the_scheme_and_need_a_path() {
        assert_eq!(match_key("HTTPS://Host/A/").as_deref(), Some("//host/a/"));
        assert_eq!(match_key("http://host/a/").as_deref(), Some("//host/a/"));
        assert_eq!(match_key("https://host"), None);
        assert_eq!(match_key("/Intune/").as_deref(), Some("/intune/"));
    }

    #[test]
    fn a_key_between_others_is_found() {
        let names: Vec<String> = (0..1000).map(|i| format!("/p{i:04}/")).collect();
        let prefixes: Vec<LinkPrefix> = names.iter().map(|n| LinkPrefix::to_root(n)).collect();
        let t = entries(&prefixes);
        for n in &names {
            assert!(longest(&t, &format!("{n}page")).is_some(), "{n}");
        }
        assert!(longest(&t, "/p10000/x").is_none());
    }
}

#[cfg(test)]
mod resolution_tests {
    use super::super::index::LocaleFiles;
    use super::super::resolution::{RefKind, Target};
    use super::super::sample_index::{paths, sample_index};
    use super::*;

    /// The sample site with product folders, and a table that maps
    /// `/intune/` and the published address into `Intune/`.
    fn folder_index() -> super::super::ContentIndex {
        let mut index = sample_index();
        index.locales.insert(
            "en".into(),
            LocaleFiles::new(
                paths(&["index.md", "a.md", "Intune/index.md", "Intune/Enroll.md"]),
                paths(&["Intune/media/x.png"]),
            ),
        );
        let table = [
            ("/intune/", "Intune"),
            ("https://docs.example.com/intune/", "Intune"),
            ("/mem/", ""),
        ];
        let prefixes: Vec<LinkPrefix> = table
            .iter()
            .map(|(p, f)| LinkPrefix {
                prefix: p.to_string(),
                folder: f.to_string(),
            })
            .collect();
        index.link_prefixes = entries(&prefixes);
        index
    }

    #[test]
    fn a_prefix_leads_into_its_folder() {
        let index = folder_index();
        for (href, url) in [
            ("/intune/enroll", "Intune/Enroll.html"),
            ("/Intune/Enroll.md", "Intune/Enroll.html"),
            ("/intune/enroll#steps", "Intune/Enroll.html#steps"),
            ("/intune/", "Intune/index.html"),
            ("/intune", "Intune/index.html"),
            (
                "https://docs.example.com/en-us/intune/enroll",
                "Intune/Enroll.html",
            ),
            ("https://docs.example.com/intune/", "Intune/index.html"),
            ("/mem/a", "a.html"),
            ("/en-us/intune/enroll", "Intune/Enroll.html"),
        ] {
            let r = index.resolve("en", "", "", href, RefKind::Link);
            assert_eq!(r.url, url, "{href}");
            assert!(r.problems.is_empty(), "{href}: {:?}", r.problems);
        }
        let r = index.resolve("en", "", "", "/intune/media/x.png", RefKind::Image);
        assert_eq!(r.url, "Intune/media/x.png");
        // `..` after the prefix stays in the locale, as from the root.
        let r = index.resolve("en", "", "", "/intune/../a", RefKind::Link);
        assert_eq!(r.url, "a.html");
        let r = index.resolve("en", "", "", "/intune/../../x", RefKind::Link);
        assert_eq!(r.problems[0].code, "path-escape");
        let r = index.resolve("en", "", "", "/intune/nowhere", RefKind::Link);
        assert_eq!(r.target, Target::Unresolved);
        assert_eq!(r.problems[0].code, "broken-link");
    }
}
