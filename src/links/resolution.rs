//! What resolving a reference gives: where it leads, the relative URL it
//! becomes in the output, and what is wrong with it.

use crate::diagnostics::{Code, Diagnostic, LineIndex, Severity};

use super::url::{percent_decode, relative_url};

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

impl Resolution {
    /// A broken reference: the output keeps `url`, the problem says why.
    pub(super) fn unresolved(url: &str, problem: Problem) -> Self {
        Resolution {
            target: Target::Unresolved,
            url: url.to_string(),
            problems: vec![problem],
        }
    }
}

/// How a reference was written: links may point at pages, images may not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefKind {
    Link,
    Image,
}

/// A reference as written in a page, split, with the output folder of
/// that page, which its URL is relative to.
#[derive(Debug, Clone, Copy)]
pub(super) struct Reference<'a> {
    /// `<locale>/<page folder>` in the output.
    pub from_dir: &'a str,
    /// The whole reference, trimmed: what messages quote and fixes rewrite.
    pub href: &'a str,
    /// `?…` as written, or empty.
    pub query: &'a str,
    /// What follows `#`, as written (still percent-encoded).
    pub fragment: Option<&'a str>,
}

impl Reference<'_> {
    /// The URL from the page to `to`, an URL path from the output root,
    /// with the query and fragment as written.
    pub fn url_to(&self, to: &str) -> String {
        let mut url = relative_url(self.from_dir, to);
        url.push_str(self.query);
        if let Some(f) = self.fragment {
            url.push('#');
            url.push_str(f);
        }
        url
    }

    /// The fragment as the page's anchors spell it.
    pub fn decoded_fragment(&self) -> Option<String> {
        self.fragment.map(percent_decode)
    }
}

/// The output folder of a page whose folder under the locale is `page_dir`.
pub(super) fn output_dir(locale: &str, page_dir: &str) -> String {
    if page_dir.is_empty() {
        locale.to_string()
    } else {
        format!("{locale}/{page_dir}")
    }
}
