//! References to files that are copied into the output: images, downloads.
//! A translation may leave out a screenshot; it then gets the default
//! locale's, with a warning.

use crate::diagnostics::{Code, Severity};

use super::index::ContentIndex;
use super::letter_case::{case_mismatch, Wanted};
use super::resolution::{Problem, Reference, Resolution, Target};
use super::url::encode_path;

impl ContentIndex {
    /// Resolves `reference` to the file `path` of `locale`: there, in the
    /// default locale, or in another letter case.
    pub(super) fn resolve_asset(
        &self,
        locale: &str,
        reference: &Reference,
        path: &str,
    ) -> Resolution {
        // The copy always lands in the page's own locale folder.
        let found = |from_locale: &str, real: &str, problems: Vec<Problem>| Resolution {
            target: Target::Asset {
                locale: locale.to_string(),
                path: real.to_string(),
                from_locale: from_locale.to_string(),
            },
            url: reference.url_to(&encode_path(&format!("{locale}/{real}"))),
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
                    Code::MediaFallback,
                    format!("`{path}` is missing in {locale}; using the {default} file"),
                )],
            );
        }
        let href = reference.href;
        if let Some((loc, real)) = self.in_other_case(locale, path, Wanted::File) {
            return found(loc, real, vec![case_mismatch(href, "file", real)]);
        }
        Resolution::unresolved(
            href,
            Problem::new(
                Severity::Error,
                Code::MissingMedia,
                format!("`{href}`: no file `{path}` in content/{locale}/"),
            ),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::super::resolution::{RefKind, Target};
    use super::super::sample_index::sample_index;

    #[test]
    fn case_mismatch_names_the_real_file() {
        let r = sample_index().resolve("en", "", "", "media/shot.png", RefKind::Image);
        assert_eq!(r.problems[0].code, "case-mismatch");
        assert_eq!(r.problems[0].suggestion.as_deref(), Some("Shot.PNG"));
        assert_eq!(r.url, "media/Shot.PNG");
    }

    #[test]
    fn media_fallback_and_missing_media() {
        let r = sample_index().resolve("nl", "", "", "./only-en.png", RefKind::Image);
        assert_eq!(r.problems[0].code, "media-fallback");
        assert_eq!(
            r.target,
            Target::Asset {
                locale: "nl".into(),
                path: "only-en.png".into(),
                from_locale: "en".into()
            }
        );
        let r = sample_index().resolve("nl", "", "", "./media/none.png", RefKind::Image);
        assert_eq!(r.problems[0].code, "missing-media");
    }
}
