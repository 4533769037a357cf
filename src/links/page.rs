//! Links to pages of this site. A translation may be missing, renamed,
//! moved (`redirect_from`) or linked in another letter case; the link then
//! still leads somewhere, and the writer is told. Only a page that exists
//! nowhere makes a broken link.

use crate::diagnostics::{Code, Severity};

use super::index::ContentIndex;
use super::letter_case::{case_mismatch, Wanted};
use super::resolution::{Problem, Reference, Resolution, Target};
use super::suggest::rename_target;
use super::url::{encode_path, file_name, page_output_path};

impl ContentIndex {
    /// Resolves `reference` to the page `path` of `locale`. A link that
    /// matched the site's published address loosely is `case_insensitive`,
    /// and is not warned about letter case.
    pub(super) fn resolve_page(
        &self,
        locale: &str,
        reference: &Reference,
        path: &str,
        case_insensitive: bool,
    ) -> Resolution {
        // Fallback pages are written into the linking locale's folder.
        let found = |loc: &str, real: &str, problems: Vec<Problem>| {
            page_found(reference, locale, loc, real, problems)
        };
        if self.has_page(locale, path) {
            return found(locale, path, vec![]);
        }
        if let Some(landing) = self.landing_page_for(locale, path) {
            return self.resolve_page(locale, reference, &landing, case_insensitive);
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
                    Code::Fallback,
                    format!("`{path}` is not translated into {locale}; the link leads to its fallback page"),
                )],
            );
        }
        if let Some(r) = self.through_redirect(locale, reference, path) {
            return r;
        }
        if let Some(r) = self.page_in_other_case(locale, reference, path, case_insensitive) {
            return r;
        }
        if let Some(r) = self.page_only_in_other_locale(reference, path) {
            return r;
        }
        self.broken_page_link(locale, reference.href, path)
    }

    /// A link to `x.md` (or to `x`, or to the locale's root) where only
    /// the YAML landing page `x.yml` exists: DocFX sites link to a
    /// product's landing page as `/intune/index` or `intune/`.
    fn landing_page_for(&self, locale: &str, path: &str) -> Option<String> {
        let stem = path.strip_suffix(".md")?;
        let default = self.default_locale.as_str();
        let exists = |p: &str| self.has_page(locale, p) || self.has_page(default, p);
        if exists(path) {
            return None;
        }
        [format!("{stem}.yml"), format!("{stem}/index.yml")]
            .into_iter()
            .find(|yaml| exists(yaml))
    }

    fn page_in_other_case(
        &self,
        locale: &str,
        reference: &Reference,
        path: &str,
        case_insensitive: bool,
    ) -> Option<Resolution> {
        let (loc, real) = self.in_other_case(locale, path, Wanted::Page)?;
        let problems = if case_insensitive {
            vec![]
        } else {
            vec![case_mismatch(reference.href, "page", real)]
        };
        // A default-locale page translated under another name has no fallback page.
        if let Some(renamed) = self
            .aliases
            .get(&(locale.to_string(), real.to_string()))
            .filter(|_| loc != locale)
        {
            return Some(page_found(reference, locale, locale, renamed, problems));
        }
        Some(page_found(reference, locale, loc, real, problems))
    }

    /// A page that exists only in another, non-default locale: the link
    /// leads into that locale.
    fn page_only_in_other_locale(&self, reference: &Reference, path: &str) -> Option<Resolution> {
        let (other, _) = self
            .locales
            .iter()
            .find(|(_, files)| files.pages.contains(path))?;
        let problem = Problem::new(
            Severity::Info,
            Code::Fallback,
            format!("`{path}` exists only in {other}; the link leads there"),
        );
        Some(page_found(reference, other, other, path, vec![problem]))
    }

    /// The error for a page that exists nowhere, naming the closest pages
    /// of its folder, and fixing the link when only one is closest.
    fn broken_page_link(&self, locale: &str, href: &str, path: &str) -> Resolution {
        let mut problem = Problem::new(
            Severity::Error,
            Code::BrokenLink,
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
        Resolution::unresolved(href, problem)
    }
}

/// A link to the page `real` of `page_locale`, whose output is in
/// `out_locale`'s folder (the linking locale's, for a fallback page).
fn page_found(
    reference: &Reference,
    out_locale: &str,
    page_locale: &str,
    real: &str,
    problems: Vec<Problem>,
) -> Resolution {
    Resolution {
        target: Target::Page {
            locale: page_locale.to_string(),
            path: real.to_string(),
            fragment: reference.decoded_fragment(),
        },
        url: reference.url_to(&encode_path(&page_output_path(out_locale, real))),
        problems,
    }
}

#[cfg(test)]
mod tests {
    use super::super::index::LocaleFiles;
    use super::super::resolution::{RefKind, Target};
    use super::super::sample_index::{paths, sample_index};

    #[test]
    fn page_links_become_html_and_keep_fragment() {
        let r = sample_index().resolve("en", "Sub", "Sub", "../a.md#part", RefKind::Link);
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
    fn fallback_to_default_locale_page() {
        let r = sample_index().resolve("nl", "", "", "only-en.md", RefKind::Link);
        assert_eq!(r.url, "only-en.html");
        assert_eq!(r.problems[0].code, "fallback");
    }

    #[test]
    fn case_mismatch_with_a_renamed_translation_leads_to_the_translation() {
        let mut index = sample_index();
        index.locales.insert(
            "en".into(),
            LocaleFiles::new(paths(&["index.md", "Renamed.md"]), paths(&[])),
        );
        index.locales.insert(
            "nl".into(),
            LocaleFiles::new(paths(&["index.md", "hernoemd.md"]), paths(&[])),
        );
        index
            .aliases
            .insert(("nl".into(), "Renamed.md".into()), "hernoemd.md".into());
        let r = index.resolve("nl", "", "", "renamed.md", RefKind::Link);
        assert_eq!(r.url, "hernoemd.html");
        assert_eq!(r.problems[0].code, "case-mismatch");
    }

    #[test]
    fn broken_links_suggest_the_closest_page_in_their_folder() {
        let mut index = sample_index();
        index.locales.insert(
            "en".into(),
            LocaleFiles::new(
                paths(&[
                    "index.md",
                    "Sub/send-errors-to-your-it-admin-android.md",
                    "Sub/x-ios.md",
                    "Sub/x-mac.md",
                ]),
                paths(&[]),
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
}
