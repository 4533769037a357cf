//! The resolution rules: what a `href`/`src` written in a page points at,
//! the relative URL it becomes in the output, and what is wrong with it.

use crate::diagnostics::{code, Code, Diagnostic, LineIndex, Severity};

use super::index::ContentIndex;
use super::suggest::rename_target;
use super::url::{
    encode_path, file_name, is_external, join_normalized, page_output_path, percent_decode,
    relative_url, split_href, unsafe_scheme,
};

/// Where a reference leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// Another site (or `mailto:` and friends): left as written.
    External,
    /// `#fragment` on the same page.
    SamePage { fragment: String },
    /// A page of this site, in `locale`, by its path relative to the locale root.
    Page {
        locale: String,
        path: String,
        fragment: Option<String>,
    },
    /// A file to copy into the output, from `from_locale` (the default locale
    /// when the page's locale lacks it).
    Asset {
        locale: String,
        path: String,
        from_locale: String,
    },
    /// A site-absolute link that is not part of this site.
    Outside { href: String },
    /// Nothing: the reference is broken. The problem says why.
    Unresolved,
}

/// A problem found while resolving, positioned later by the caller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub severity: Severity,
    pub code: Code,
    pub message: String,
    pub suggestion: Option<String>,
    /// The reference as it should have been written, for `check --fix`.
    pub fixed_href: Option<String>,
}

impl Problem {
    pub(super) fn new(severity: Severity, code: Code, message: String) -> Self {
        Problem {
            severity,
            code,
            message,
            suggestion: None,
            fixed_href: None,
        }
    }
    pub(super) fn fix(mut self, href: String) -> Self {
        self.fixed_href = Some(href);
        self
    }
    pub(super) fn suggest(mut self, s: String) -> Self {
        self.suggestion = Some(s);
        self
    }

    /// The diagnostic for a reference `href` written at byte `at` of
    /// `text` (the file `file`). The fix is offered only when the
    /// reference stands there as written, so `--fix` never guesses.
    pub fn to_diagnostic(
        &self,
        file: &str,
        (lines, text): (&LineIndex, &str),
        at: usize,
        href: &str,
    ) -> Diagnostic {
        let mut d = Diagnostic::new(self.severity, self.code, file, self.message.clone())
            .at_indexed(lines, text, at);
        d.suggestion = self.suggestion.clone();
        if let Some(fixed) = self
            .fixed_href
            .as_ref()
            .filter(|_| text[at..].starts_with(href))
        {
            d = d.with_fix(at, href, fixed);
        }
        d
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolution {
    pub target: Target,
    /// The URL to write in the output, relative to the page's output folder.
    pub url: String,
    pub problems: Vec<Problem>,
}

/// How a reference was written: links may point at pages, images may not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefKind {
    Link,
    Image,
}

impl ContentIndex {
    /// Resolves `href`, written in a file in `source_dir` (relative to
    /// `content/<locale>/`), for a page whose output sits in
    /// `<locale>/<page_dir>/`.
    pub fn resolve(
        &self,
        locale: &str,
        source_dir: &str,
        page_dir: &str,
        href: &str,
        kind: RefKind,
    ) -> Resolution {
        let href = href.trim();
        let keep = |target: Target| Resolution {
            target,
            url: href.to_string(),
            problems: Vec::new(),
        };
        if href.is_empty() {
            return keep(Target::External);
        }
        if let Some(scheme) = unsafe_scheme(href, kind == RefKind::Image) {
            return Resolution {
                target: Target::Unresolved,
                url: String::new(),
                problems: vec![Problem::new(
                    Severity::Error,
                    code::UNSAFE_URL,
                    format!(
                        "`{scheme}` URLs are not published: they can run script or hide content"
                    ),
                )
                .suggest("link to a page or an https:// address".to_string())],
            };
        }
        if let Some(r) = self.resolve_own_address(locale, page_dir, href, kind) {
            return r;
        }
        if is_external(href) {
            return keep(Target::External);
        }
        if let Some(fragment) = href.strip_prefix('#') {
            return keep(Target::SamePage {
                fragment: percent_decode(fragment),
            });
        }
        let from_dir = if page_dir.is_empty() {
            locale.to_string()
        } else {
            format!("{locale}/{page_dir}")
        };
        let (raw_path, query, fragment) = split_href(href);
        let path = percent_decode(raw_path);

        let (base_dir, rel, site_absolute) = if let Some(stripped) = path.strip_prefix('/') {
            let lower = path.to_lowercase();
            match self
                .link_prefixes
                .iter()
                .find(|p| lower.starts_with(p.as_str()) || format!("{lower}/") == **p)
            {
                Some(prefix) => (
                    "",
                    path.get(prefix.len().min(path.len())..)
                        .unwrap_or("")
                        .to_string(),
                    true,
                ),
                None => {
                    let _ = stripped;
                    let rewritten = match &self.portal_url {
                        Some(portal) => format!("{portal}{href}"),
                        None => href.to_string(),
                    };
                    return Resolution {
                        target: Target::Outside { href: rewritten.clone() },
                        url: rewritten,
                        problems: vec![Problem::new(
                            Severity::Warning,
                            code::OUTSIDE_LINK,
                            format!("`{href}` is a site-absolute link outside this site; it will not work offline"),
                        )
                        .suggest(match &self.portal_url {
                            Some(_) => "it now points at the portal".to_string(),
                            None => "set `portal_url` in site.toml, or list its prefix in `link_prefixes`".to_string(),
                        })],
                    };
                }
            }
        } else if let Some(rest) = path.strip_prefix("~/") {
            // DocFX's docset root: the locale's content folder.
            ("", rest.to_string(), false)
        } else {
            (source_dir, path.clone(), false)
        };

        let Some(joined) = join_normalized(base_dir, &rel) else {
            return Resolution {
                target: Target::Unresolved,
                url: href.to_string(),
                problems: vec![Problem::new(
                    Severity::Error,
                    code::PATH_ESCAPE,
                    format!("`{href}` points outside content/{locale}/"),
                )],
            };
        };
        if joined.is_empty() {
            // A link to the locale root: its index page.
            let url = relative_url(&from_dir, &page_output_path(locale, "index.md"));
            return Resolution {
                target: Target::Page {
                    locale: locale.into(),
                    path: "index.md".into(),
                    fragment: fragment.map(percent_decode),
                },
                url: with_suffix(url, query, fragment),
                problems: vec![],
            };
        }

        let wants_page = kind == RefKind::Link
            && (joined.to_lowercase().ends_with(".md")
                || (site_absolute && !joined.contains('.'))
                || (!joined.contains('.') && !self.is_file(locale, &joined)));
        if wants_page {
            let candidate = if joined.to_lowercase().ends_with(".md") {
                joined.clone()
            } else {
                format!("{joined}.md")
            };
            return self.resolve_page(
                locale,
                &from_dir,
                &candidate,
                href,
                query,
                fragment,
                site_absolute,
            );
        }
        self.resolve_asset(locale, &from_dir, &joined, href, query, fragment)
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn resolve_page(
        &self,
        locale: &str,
        from_dir: &str,
        path: &str,
        href: &str,
        query: &str,
        fragment: Option<&str>,
        case_insensitive: bool,
    ) -> Resolution {
        let fragment_owned = fragment.map(percent_decode);
        let found = |loc: &str, real: &str, problems: Vec<Problem>| {
            let url = relative_url(from_dir, &encode_path(&page_output_path(locale, real)));
            Resolution {
                target: Target::Page {
                    locale: loc.to_string(),
                    path: real.to_string(),
                    fragment: fragment_owned.clone(),
                },
                url: with_suffix(url, query, fragment),
                problems,
            }
        };
        if self.has_page(locale, path) {
            return found(locale, path, vec![]);
        }
        if let Some(renamed) = self.aliases.get(&(locale.to_string(), path.to_string())) {
            return found(locale, renamed, vec![]);
        }
        let default = self.default_locale.as_str();
        if locale != default && self.has_page(default, path) {
            return found(
                default,
                path,
                vec![Problem::new(
                    Severity::Info,
                    code::FALLBACK,
                    format!("`{path}` is not translated into {locale}; the link leads to its fallback page"),
                )],
            );
        }
        if let Some(r) = self.through_redirect(locale, from_dir, path, href, query, fragment) {
            return r;
        }
        // Case differences: a broken link on Linux hosts, fine on Windows.
        if let Some((loc, real)) = self.in_other_case(locale, path, Wanted::Page) {
            let problems = if case_insensitive {
                vec![]
            } else {
                vec![case_mismatch(href, "page", real)]
            };
            // A default-locale page translated under another name has no fallback page.
            if let Some(renamed) = self
                .aliases
                .get(&(locale.to_string(), real.to_string()))
                .filter(|_| loc != locale)
            {
                return found(locale, renamed, problems);
            }
            return found(loc, real, problems);
        }
        // A page that exists only in another, non-default locale.
        for (other, files) in &self.locales {
            if files.pages.contains(path) {
                let url = relative_url(from_dir, &encode_path(&page_output_path(other, path)));
                return Resolution {
                    target: Target::Page {
                        locale: other.clone(),
                        path: path.to_string(),
                        fragment: fragment_owned,
                    },
                    url: with_suffix(url, query, fragment),
                    problems: vec![Problem::new(
                        Severity::Info,
                        code::FALLBACK,
                        format!("`{path}` exists only in {other}; the link leads there"),
                    )],
                };
            }
        }
        let mut problem = Problem::new(
            Severity::Error,
            code::BROKEN_LINK,
            format!("`{href}`: no page `{path}` in any locale"),
        );
        match self.closest_pages(locale, path).as_slice() {
            [only] => {
                problem = problem
                    .suggest(format!("did you mean `{}`?", file_name(only)))
                    .fix(rename_target(href, file_name(only)));
            }
            [first, second, ..] => {
                problem = problem.suggest(format!(
                    "did you mean `{}` or `{}`?",
                    file_name(first),
                    file_name(second)
                ));
            }
            [] => {}
        }
        Resolution {
            target: Target::Unresolved,
            url: href.to_string(),
            problems: vec![problem],
        }
    }

    pub(super) fn resolve_asset(
        &self,
        locale: &str,
        from_dir: &str,
        path: &str,
        href: &str,
        query: &str,
        fragment: Option<&str>,
    ) -> Resolution {
        let found = |from_locale: &str, real: &str, problems: Vec<Problem>| Resolution {
            target: Target::Asset {
                locale: locale.to_string(),
                path: real.to_string(),
                from_locale: from_locale.to_string(),
            },
            url: with_suffix(
                relative_url(from_dir, &encode_path(&format!("{locale}/{real}"))),
                query,
                fragment,
            ),
            problems,
        };
        if self.is_file(locale, path) {
            return found(locale, path, vec![]);
        }
        let default = self.default_locale.as_str();
        if locale != default && self.is_file(default, path) {
            return found(
                default,
                path,
                vec![Problem::new(
                    Severity::Warning,
                    code::MEDIA_FALLBACK,
                    format!("`{path}` is missing in {locale}; using the {default} file"),
                )],
            );
        }
        if let Some((loc, real)) = self.in_other_case(locale, path, Wanted::File) {
            return found(loc, real, vec![case_mismatch(href, "file", real)]);
        }
        Resolution {
            target: Target::Unresolved,
            url: href.to_string(),
            problems: vec![Problem::new(
                Severity::Error,
                code::MISSING_MEDIA,
                format!("`{href}`: no file `{path}` in content/{locale}/"),
            )],
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Wanted {
    Page,
    File,
}

impl ContentIndex {
    /// `path` as it exists in another letter case, in `locale` or else the
    /// default locale: `(locale, real path)`.
    fn in_other_case<'a>(
        &'a self,
        locale: &'a str,
        path: &str,
        wanted: Wanted,
    ) -> Option<(&'a str, &'a str)> {
        let default = self.default_locale.as_str();
        std::iter::once(locale)
            .chain((locale != default).then_some(default))
            .find_map(|loc| {
                let files = self.locales.get(loc)?;
                let real = files.real_case(path)?;
                let set = match wanted {
                    Wanted::Page => &files.pages,
                    Wanted::File => &files.files,
                };
                set.contains(real).then_some((loc, real))
            })
    }
}

/// A reference that works on Windows and breaks on case-sensitive hosts.
fn case_mismatch(href: &str, what: &str, real: &str) -> Problem {
    Problem::new(
        Severity::Warning,
        code::CASE_MISMATCH,
        format!("`{href}` differs in letter case from the {what} `{real}`; it breaks on case-sensitive hosts"),
    )
    .suggest(file_name(real).to_string())
    .fix(recase(href, real))
}

/// `href` with each path segment spelled as in `real`, matching from the
/// end; `.`/`..`, the query and the fragment stay as written.
pub fn recase(href: &str, real: &str) -> String {
    let (path, _, _) = split_href(href);
    let suffix = &href[path.len()..];
    let mut real_segments = real.rsplit('/');
    let mut fixed: Vec<String> = Vec::new();
    for seg in path.rsplit('/') {
        let replacement = match seg {
            "" | "." | ".." => None,
            s => real_segments.next().filter(|r| {
                r.to_lowercase() == percent_decode(s).to_lowercase() && *r != percent_decode(s)
            }),
        };
        fixed.push(replacement.map_or_else(|| seg.to_string(), encode_path));
    }
    fixed.reverse();
    format!("{}{suffix}", fixed.join("/"))
}

fn with_suffix(mut url: String, query: &str, fragment: Option<&str>) -> String {
    url.push_str(query);
    if let Some(f) = fragment {
        url.push('#');
        url.push_str(f);
    }
    url
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::links::LocaleFiles;
    use std::collections::{BTreeMap, HashMap, HashSet};

    fn index() -> ContentIndex {
        let mut locales = BTreeMap::new();
        let set = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<HashSet<_>>();
        locales.insert(
            "en".to_string(),
            LocaleFiles::new(
                set(&["index.md", "a.md", "Sub/b.md", "only-en.md"]),
                set(&["media/x.png", "media/Shot.PNG", "only-en.png"]),
            ),
        );
        locales.insert(
            "nl".to_string(),
            LocaleFiles::new(
                set(&["index.md", "a.md", "Sub/b.md"]),
                set(&["media/x.png"]),
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

    #[test]
    fn page_links_become_html_and_keep_fragment() {
        let r = index().resolve("en", "Sub", "Sub", "../a.md#part", RefKind::Link);
        assert_eq!(r.url, "../a.html#part");
        assert!(r.problems.is_empty());
        assert_eq!(
            r.target,
            Target::Page {
                locale: "en".into(),
                path: "a.md".into(),
                fragment: Some("part".into())
            }
        );
    }

    #[test]
    fn broken_and_escaping_links() {
        let r = index().resolve("en", "", "", "nope.md", RefKind::Link);
        assert_eq!(r.problems[0].code, "broken-link");
        let r = index().resolve("en", "", "", "../../etc/passwd", RefKind::Link);
        assert_eq!(r.problems[0].code, "path-escape");
    }

    #[test]
    fn fallback_to_default_locale_page() {
        let r = index().resolve("nl", "", "", "only-en.md", RefKind::Link);
        assert_eq!(r.url, "only-en.html");
        assert_eq!(r.problems[0].code, "fallback");
    }

    #[test]
    fn case_mismatch_names_the_real_file() {
        let r = index().resolve("en", "", "", "media/shot.png", RefKind::Image);
        assert_eq!(r.problems[0].code, "case-mismatch");
        assert_eq!(r.problems[0].suggestion.as_deref(), Some("Shot.PNG"));
        assert_eq!(r.url, "media/Shot.PNG");
    }

    #[test]
    fn recase_fixes_only_the_letter_case() {
        assert_eq!(
            recase("./media/shot.png", "media/Shot.PNG"),
            "./media/Shot.PNG"
        );
        assert_eq!(recase("../Sub/B.md#Frag", "Sub/b.md"), "../Sub/b.md#Frag");
        assert_eq!(recase("x%20y.PNG?v=1", "dir/X y.png"), "X%20y.png?v=1");
    }

    #[test]
    fn case_mismatch_with_a_renamed_translation_leads_to_the_translation() {
        let mut index = index();
        let set = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<HashSet<_>>();
        index.locales.insert(
            "en".into(),
            LocaleFiles::new(set(&["index.md", "Renamed.md"]), set(&[])),
        );
        index.locales.insert(
            "nl".into(),
            LocaleFiles::new(set(&["index.md", "hernoemd.md"]), set(&[])),
        );
        index
            .aliases
            .insert(("nl".into(), "Renamed.md".into()), "hernoemd.md".into());
        let r = index.resolve("nl", "", "", "renamed.md", RefKind::Link);
        assert_eq!(r.url, "hernoemd.html");
        assert_eq!(r.problems[0].code, "case-mismatch");
    }

    #[test]
    fn media_fallback_and_missing_media() {
        let r = index().resolve("nl", "", "", "./only-en.png", RefKind::Image);
        assert_eq!(r.problems[0].code, "media-fallback");
        assert_eq!(
            r.target,
            Target::Asset {
                locale: "nl".into(),
                path: "only-en.png".into(),
                from_locale: "en".into()
            }
        );
        let r = index().resolve("nl", "", "", "./media/none.png", RefKind::Image);
        assert_eq!(r.problems[0].code, "missing-media");
    }

    #[test]
    fn site_absolute_links() {
        let r = index().resolve("en", "Sub", "Sub", "/Intune/sub/B", RefKind::Link);
        assert_eq!(r.url, "b.html");
        assert!(r.problems.is_empty(), "{:?}", r.problems);
        let r = index().resolve("en", "", "", "/other/thing", RefKind::Link);
        assert_eq!(r.problems[0].code, "outside-link");
        assert_eq!(r.url, "/other/thing");
    }

    #[test]
    fn own_published_addresses_become_local() {
        let mut index = index();
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

    #[test]
    fn broken_links_suggest_the_closest_page_in_their_folder() {
        let mut index = index();
        let set = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<HashSet<_>>();
        index.locales.insert(
            "en".into(),
            LocaleFiles::new(
                set(&[
                    "index.md",
                    "Sub/send-errors-to-your-it-admin-android.md",
                    "Sub/x-ios.md",
                    "Sub/x-mac.md",
                ]),
                set(&[]),
            ),
        );
        let r = index.resolve(
            "nl",
            "Sub",
            "Sub",
            "send-errors-to-your-it-administrator-android.md#top",
            RefKind::Link,
        );
        let p = &r.problems[0];
        assert_eq!(p.code, "broken-link");
        assert_eq!(
            p.suggestion.as_deref(),
            Some("did you mean `send-errors-to-your-it-admin-android.md`?")
        );
        assert_eq!(
            p.fixed_href.as_deref(),
            Some("send-errors-to-your-it-admin-android.md#top")
        );
        // Two equally close: named, not fixed.
        let r = index.resolve("en", "Sub", "Sub", "x-iox.md", RefKind::Link);
        assert!(r.problems[0]
            .suggestion
            .as_deref()
            .unwrap()
            .contains("x-ios.md"));
        let r = index.resolve("en", "Sub", "Sub", "x-ma.md", RefKind::Link);
        assert_eq!(r.problems[0].fixed_href.as_deref(), Some("x-mac.md"));
        let r = index.resolve("en", "Sub", "Sub", "x-zzz.md", RefKind::Link);
        assert!(r.problems[0].fixed_href.is_none());
        assert!(r.problems[0]
            .suggestion
            .as_deref()
            .unwrap()
            .contains(" or "));
        // Nothing close: no guess.
        let r = index.resolve("en", "", "", "completely-different.md", RefKind::Link);
        assert_eq!(r.problems[0].suggestion, None);
    }

    #[test]
    fn externals_stay() {
        for href in ["https://x.org/a.md", "mailto:a@b", "//cdn/x.js"] {
            assert_eq!(
                index().resolve("en", "", "", href, RefKind::Link).target,
                Target::External
            );
        }
    }
}
