//! The site's own published addresses, which DocFX content links to: they
//! become links to the local pages.

use super::index::ContentIndex;
use super::resolution::{output_dir, RefKind, Reference, Resolution, Target};
use super::url::*;

/// Addresses of the published site itself: `https://docs.microsoft.com/intune/…`
/// under an absolute `link_prefixes` entry, and site-absolute links with a
/// locale segment (`/en-us/intune/…`). The published site matched letter
/// case loosely and served pages without `.md`, or with `.html`.
impl ContentIndex {
    pub(super) fn resolve_own_address(
        &self,
        locale: &str,
        page_dir: &str,
        href: &str,
        kind: RefKind,
    ) -> Option<Resolution> {
        let (target_locale, rest, folder) = self.strip_own_prefix(href)?;
        let target_locale = target_locale.unwrap_or_else(|| locale.to_string());
        let from_dir = output_dir(locale, page_dir);
        let (raw_path, query, fragment) = split_href(&rest);
        let reference = Reference {
            from_dir: &from_dir,
            href,
            query,
            fragment,
        };
        let decoded = percent_decode(raw_path);
        let mut path = decoded.trim_end_matches('/').to_string();
        let lower = path.to_lowercase();
        if lower.ends_with(".html") {
            path.truncate(path.len() - ".html".len());
        } else if lower.ends_with(".md") {
            path.truncate(path.len() - ".md".len());
        }
        if path.is_empty() && !folder.is_empty() {
            // The prefix alone is its folder's home page.
            path = "index".to_string();
        }
        let joined = join_normalized(folder, &path)?;
        let r = if kind == RefKind::Image {
            self.resolve_asset(&target_locale, &reference, &joined)
        } else if joined.is_empty() {
            self.resolve_page(&target_locale, &reference, "index.md", true)
        } else if let Some(asset) = self
            .locales
            .get(&target_locale)
            .and_then(|f| f.real_case(&joined))
            .filter(|real| self.is_file(&target_locale, real))
        {
            let asset = asset.to_string();
            self.resolve_asset(&target_locale, &reference, &asset)
        } else {
            self.resolve_page(&target_locale, &reference, &format!("{joined}.md"), true)
        };
        // What does not exist here stays a link to the published site, as before.
        (r.target != Target::Unresolved).then_some(r)
    }

    /// `(locale named in the address, the rest after the prefix, the folder
    /// the prefix maps to)` when `href` is under one of `link_prefixes`,
    /// absolute or site-absolute, with or without a locale segment after
    /// the host.
    fn strip_own_prefix(&self, href: &str) -> Option<(Option<String>, String, &str)> {
        if self.link_prefixes.is_empty() {
            return None;
        }
        let (href_host, href_path) = split_origin(href);
        // Site-absolute links without a locale segment keep the older rules.
        let candidates: Vec<(Option<String>, &str)> = match locale_segment(href_path) {
            Some((seg, after)) => vec![(Some(seg), after), (None, href_path)],
            None if href_host.is_some() => vec![(None, href_path)],
            None => return None,
        };
        for (seg, rest) in candidates {
            let lower = rest.to_lowercase();
            let key = match &href_host {
                Some(host) => format!("//{host}{lower}"),
                None => lower,
            };
            let Some(prefix) = super::prefixes::longest(&self.link_prefixes, &key) else {
                continue;
            };
            // What the prefix took of `rest`, the host aside.
            let host_len = href_host.as_ref().map_or(0, |h| 2 + h.len());
            let taken = prefix.key.len().saturating_sub(host_len);
            let locale = seg.map(|s| self.locale_for_segment(&s));
            let rest = rest.get(taken.min(rest.len())..).unwrap_or("");
            return Some((locale.flatten(), rest.to_string(), prefix.folder.as_str()));
        }
        None
    }

    /// `nl-nl` → `nl` when the site has it; otherwise the page's own locale.
    fn locale_for_segment(&self, seg: &str) -> Option<String> {
        let lang = seg.split('-').next().unwrap_or(seg);
        self.locales
            .keys()
            .find(|l| l.eq_ignore_ascii_case(seg))
            .or_else(|| self.locales.keys().find(|l| l.eq_ignore_ascii_case(lang)))
            .cloned()
    }
}

/// `https://Host/x` → `(Some("host"), "/x")`; `/x` → `(None, "/x")`. The
/// scheme does not matter: the published site answered on http and https.
fn split_origin(s: &str) -> (Option<String>, &str) {
    let lower = s.to_ascii_lowercase();
    for scheme in ["https://", "http://", "//"] {
        if lower.starts_with(scheme) {
            let after = &s[scheme.len()..];
            let end = after.find(['/', '?', '#']).unwrap_or(after.len());
            return (Some(after[..end].to_ascii_lowercase()), &after[end..]);
        }
    }
    (None, s)
}

/// A leading `/en-us`, `/nl-nl` or `/nl` segment and what follows it.
fn locale_segment(path: &str) -> Option<(String, &str)> {
    let rest = path.strip_prefix('/')?;
    let end = rest.find('/')?;
    let seg = &rest[..end];
    let mut parts = seg.split('-');
    let lang = parts.next()?;
    let region = parts.next();
    let ok = (2..=3).contains(&lang.len())
        && lang.bytes().all(|b| b.is_ascii_alphabetic())
        && region.is_none_or(|r| {
            (2..=4).contains(&r.len()) && r.bytes().all(|b| b.is_ascii_alphanumeric())
        })
        && parts.next().is_none();
    ok.then(|| (seg.to_ascii_lowercase(), &rest[end..]))
}

#[cfg(test)]
mod tests {
    use super::super::resolution::{RefKind, Target};
    use super::super::sample_index::sample_index;

    #[test]
    fn own_published_addresses_become_local() {
        let mut index = sample_index();
        index.link_prefixes = vec!["https://docs.example.com/intune/".into()];
        for href in [
            "https://docs.example.com/intune/sub/b",
            "https://Docs.Example.com/Intune/Sub/B.md",
            "http://docs.example.com/en-us/intune/sub/b.html",
            "https://docs.example.com/intune/sub/b#part",
        ] {
            let r = index.resolve("en", "", "", href, RefKind::Link);
            assert!(r.url.starts_with("Sub/b.html"), "{href}: {}", r.url);
            assert!(r.problems.is_empty(), "{href}: {:?}", r.problems);
        }
        // A locale segment leads to that locale; none, to the page's own.
        let r = index.resolve(
            "en",
            "Sub",
            "Sub",
            "https://docs.example.com/nl-nl/intune/a",
            RefKind::Link,
        );
        assert_eq!(r.url, "../../nl/a.html");
        let r = index.resolve(
            "nl",
            "",
            "",
            "https://docs.example.com/intune/a",
            RefKind::Link,
        );
        assert_eq!(r.url, "a.html");
        // Not here, or not under the prefix: the published site, as written.
        for href in [
            "https://docs.example.com/intune/nowhere",
            "https://docs.example.com/other/a",
            "https://elsewhere.example.com/intune/a",
        ] {
            let r = index.resolve("en", "", "", href, RefKind::Link);
            assert_eq!((r.target, r.url.as_str()), (Target::External, href));
        }
    }
}
