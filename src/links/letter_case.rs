//! References that differ from a real path only in letter case: they work
//! on Windows and break on case-sensitive hosts, so they resolve with a
//! warning and a fix that spells each segment as on disk.

use crate::diagnostics::{Code, Severity};

use super::index::ContentIndex;
use super::resolution::Problem;
use super::url::{encode_path, file_name, percent_decode, split_href};

/// Which set of a locale's paths a reference must land in.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Wanted {
    Page,
    File,
}

impl ContentIndex {
    /// `path` as it exists in another letter case, in `locale` or else the
    /// default locale: `(locale, real path)`.
    pub(super) fn in_other_case<'a>(
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

/// The warning for `href`, which names the page or file (`what`) `real` in
/// another letter case.
pub(super) fn case_mismatch(href: &str, what: &str, real: &str) -> Problem {
    Problem::new(
        Severity::Warning,
        Code::CaseMismatch,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recase_fixes_only_the_letter_case() {
        assert_eq!(
            recase("./media/shot.png", "media/Shot.PNG"),
            "./media/Shot.PNG"
        );
        assert_eq!(recase("../Sub/B.md#Frag", "Sub/b.md"), "../Sub/b.md#Frag");
        assert_eq!(recase("x%20y.PNG?v=1", "dir/X y.png"), "X%20y.png?v=1");
    }
}
