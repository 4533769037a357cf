//! The resolution rules: which rule a `href`/`src` written in a page falls
//! under, from unsafe schemes and other sites to the paths of this site,
//! which `page` and `asset` finish.

use crate::diagnostics::{Code, Severity};

use super::index::ContentIndex;
use super::resolution::{output_dir, Problem, RefKind, Reference, Resolution, Target};
use super::url::{
    is_external, join_normalized, page_output_path, percent_decode, split_href, unsafe_scheme,
};

/// Where a path of this site is resolved from.
struct Base<'a> {
    /// The folder under the locale that `path` is relative to.
    dir: &'a str,
    /// Decoded, with any site prefix or `~/` taken off.
    path: String,
    /// Written from the site's root (`/intune/…`): it may name a page
    /// without `.md`, in any letter case.
    site_absolute: bool,
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
        let as_written = |target: Target| Resolution {
            target,
            url: href.to_string(),
            problems: Vec::new(),
        };
        if href.is_empty() {
            return as_written(Target::External);
        }
        if let Some(scheme) = unsafe_scheme(href, kind == RefKind::Image) {
            return unsafe_url(scheme);
        }
        if let Some(r) = self.resolve_own_address(locale, page_dir, href, kind) {
            return r;
        }
        if is_external(href) {
            return as_written(Target::External);
        }
        if let Some(fragment) = href.strip_prefix('#') {
            return as_written(Target::SamePage {
                fragment: percent_decode(fragment),
            });
        }
        self.resolve_site_path(locale, source_dir, page_dir, href, kind)
    }

    /// A relative, `~/` or site-absolute reference: a page, a file, or an
    /// error.
    fn resolve_site_path(
        &self,
        locale: &str,
        source_dir: &str,
        page_dir: &str,
        href: &str,
        kind: RefKind,
    ) -> Resolution {
        let from_dir = output_dir(locale, page_dir);
        let (raw_path, query, fragment) = split_href(href);
        let reference = Reference {
            from_dir: &from_dir,
            href,
            query,
            fragment,
        };
        let Some(base) = self.base(locale, source_dir, &percent_decode(raw_path)) else {
            return self.outside_site(href);
        };
        let Some(joined) = join_normalized(base.dir, &base.path) else {
            return Resolution::unresolved(
                href,
                Problem::new(
                    Severity::Error,
                    Code::PathEscape,
                    format!("`{href}` points outside content/{locale}/"),
                ),
            );
        };
        if joined.is_empty() {
            return locale_home(locale, &reference);
        }
        if kind == RefKind::Link && self.names_page(locale, &joined, base.site_absolute) {
            let lower = joined.to_lowercase();
            let page = if [".md", ".yml", ".yaml"].iter().any(|e| lower.ends_with(e)) {
                joined
            } else {
                format!("{joined}.md")
            };
            return self.resolve_page(locale, &reference, &page, base.site_absolute);
        }
        self.resolve_asset(locale, &reference, &joined)
    }

    /// Where the decoded `path`, written in a file in `source_dir`, starts
    /// from; `None` for a site-absolute path under none of `link_prefixes`.
    fn base<'a>(&'a self, locale: &str, source_dir: &'a str, path: &str) -> Option<Base<'a>> {
        if path.starts_with('/') {
            let lower = path.to_lowercase();
            let prefix = super::prefixes::longest(&self.link_prefixes, &lower)?;
            let mut rest = path.get(prefix.key.len().min(path.len())..).unwrap_or("");
            if rest.trim_matches('/').is_empty() && !prefix.folder.is_empty() {
                // The prefix alone is its folder's home page.
                rest = "index.md";
            }
            return Some(Base {
                dir: &prefix.folder,
                path: rest.to_string(),
                site_absolute: true,
            });
        }
        if let Some(rest) = path.strip_prefix("~/") {
            // DocFX's docset root: the locale's content folder, or the
            // folder of its `docfx.json` when that is above it; a path there
            // outside the content folder leaves the site.
            let tilde_root = self
                .locales
                .get(locale)
                .map_or("", |f| f.tilde_root.as_str());
            let path = if tilde_root.is_empty() {
                rest.to_string()
            } else {
                match rest
                    .strip_prefix(tilde_root)
                    .and_then(|r| r.strip_prefix('/'))
                {
                    Some(inside) => inside.to_string(),
                    None => format!("../{rest}"),
                }
            };
            return Some(Base {
                dir: "",
                path,
                site_absolute: false,
            });
        }
        Some(Base {
            dir: source_dir,
            path: path.to_string(),
            site_absolute: false,
        })
    }

    /// Whether a link to `joined` means a page: it ends in `.md`, or it
    /// has no extension and is no file (site-absolute links never name
    /// files without an extension).
    fn names_page(&self, locale: &str, joined: &str, site_absolute: bool) -> bool {
        let lower = joined.to_lowercase();
        // A `.yml` that is no data file of the site is a landing page,
        // found or broken like any page.
        let yaml = lower.ends_with(".yml") || lower.ends_with(".yaml");
        lower.ends_with(".md")
            || (yaml
                && !self.is_file(locale, joined)
                && !self.is_file(&self.default_locale, joined))
            || (site_absolute && !joined.contains('.'))
            || (!joined.contains('.') && !self.is_file(locale, joined))
    }

    /// A site-absolute link that is not part of this site: to the portal
    /// when there is one, else left as written.
    fn outside_site(&self, href: &str) -> Resolution {
        let rewritten = match &self.portal_url {
            Some(portal) => format!("{portal}{href}"),
            None => href.to_string(),
        };
        let problem = Problem::new(
            Severity::Warning,
            Code::OutsideLink,
            format!("`{href}` is a site-absolute link outside this site; it will not work offline"),
        )
        .suggest(match &self.portal_url {
            Some(_) => "it now points at the portal".to_string(),
            None => {
                "set `portal_url` in site.toml, or list its prefix in `link_prefixes`".to_string()
            }
        });
        Resolution {
            target: Target::Outside {
                href: rewritten.clone(),
            },
            url: rewritten,
            problems: vec![problem],
        }
    }
}

/// A `javascript:`-like reference: dropped from the output.
fn unsafe_url(scheme: &str) -> Resolution {
    let problem = Problem::new(
        Severity::Error,
        Code::UnsafeUrl,
        format!("`{scheme}` URLs are not published: they can run script or hide content"),
    )
    .suggest("link to a page or an https:// address".to_string());
    Resolution::unresolved("", problem)
}

/// A link to the locale's root folder: its index page.
fn locale_home(locale: &str, reference: &Reference) -> Resolution {
    let url = reference.url_to(&page_output_path(locale, "index.md"));
    Resolution {
        target: Target::Page {
            locale: locale.into(),
            path: "index.md".into(),
            fragment: reference.decoded_fragment(),
        },
        url,
        problems: vec![],
    }
}

#[cfg(test)]
mod tests {
    use super::super::resolution::{RefKind, Target};
    use super::super::sample_index::sample_index;

    #[test]
    fn broken_and_escaping_links() {
        let r = sample_index().resolve("en", "", "", "nope.md", RefKind::Link);
        assert_eq!(r.problems[0].code, "broken-link");
        let r = sample_index().resolve("en", "", "", "../../etc/passwd", RefKind::Link);
        assert_eq!(r.problems[0].code, "path-escape");
    }

    #[test]
    fn site_absolute_links() {
        let r = sample_index().resolve("en", "Sub", "Sub", "/Intune/sub/B", RefKind::Link);
        assert_eq!(r.url, "b.html");
        assert!(r.problems.is_empty(), "{:?}", r.problems);
        let r = sample_index().resolve("en", "", "", "/other/thing", RefKind::Link);
        assert_eq!(r.problems[0].code, "outside-link");
        assert_eq!(r.url, "/other/thing");
    }

    #[test]
    fn externals_stay() {
        for href in ["https://x.org/a.md", "mailto:a@b", "//cdn/x.js"] {
            assert_eq!(
                sample_index()
                    .resolve("en", "", "", href, RefKind::Link)
                    .target,
                Target::External
            );
        }
    }
}
