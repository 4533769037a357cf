//! Links to an old address that a page keeps with `redirect_from`: they
//! lead to the page, and the writer is told the new one.

use crate::diagnostics::{Code, Severity};

use super::index::ContentIndex;
use super::resolution::{Problem, Reference, Resolution, Target};
use super::suggest::rename_target;
use super::url::{file_name, parent_dir};

impl ContentIndex {
    /// The resolution of a link to `path` when a page of `locale` (or of
    /// the default locale) lists it in `redirect_from`.
    pub(super) fn through_redirect(
        &self,
        locale: &str,
        reference: &Reference,
        path: &str,
    ) -> Option<Resolution> {
        let new_path = self
            .redirects
            .get(&(locale.to_string(), path.to_string()))
            .or_else(|| {
                self.redirects
                    .get(&(self.default_locale.clone(), path.to_string()))
            })?;
        // The new path is a page, so this never comes back here.
        if new_path == path {
            return None;
        }
        let mut r = self.resolve_page(locale, reference, new_path, false);
        if matches!(r.target, Target::Unresolved) {
            return None;
        }
        let href = reference.href;
        let mut problem = Problem::new(
            Severity::Warning,
            Code::RedirectedLink,
            format!("`{href}` is an old address of `{new_path}`; the link leads there through a redirect"),
        )
        .suggest(format!("link to `{new_path}` instead"));
        if parent_dir(new_path) == parent_dir(path) {
            problem = problem.fix(rename_target(href, file_name(new_path)));
        }
        r.problems.push(problem);
        Some(r)
    }
}
