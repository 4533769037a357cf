//! Two things at one output path: the second would silently replace the
//! first, or, on a disk that ignores letter case (Windows, macOS), two
//! paths that differ only in case would be one file. Every output path the
//! build decides is checked here, once, in one pass.

use std::collections::HashMap;

use unicode_normalization::UnicodeNormalization;

use crate::diagnostics::{Code, Diagnostic};

/// One thing the build would write at `path`.
#[derive(Debug, Clone)]
pub struct Claim {
    pub path: String,
    /// What it is, for the message: `content/en/a.md`, `the redirect_from
    /// `old.md` of content/en/b.md`, `helpsite's own en/all-pages/1.html`.
    pub what: String,
    /// The user's file that asks for it; `None` for helpsite's own files.
    pub source: Option<String>,
}

impl Claim {
    pub fn own(path: impl Into<String>) -> Claim {
        let path = path.into();
        Claim {
            what: format!("helpsite's own {path}"),
            path,
            source: None,
        }
    }
}

/// An `output-collision` error for each path claimed twice, and an
/// `output-case-collision` error for each set of paths that differ only in
/// letter case; each reported on a user's file it names, with the others.
pub fn problems(claims: &[Claim]) -> Vec<Diagnostic> {
    let mut by_path: HashMap<&str, Vec<&Claim>> = HashMap::with_capacity(claims.len());
    for claim in claims {
        by_path.entry(&claim.path).or_default().push(claim);
    }
    let mut by_folded: HashMap<String, Vec<&str>> = HashMap::with_capacity(by_path.len());
    for path in by_path.keys() {
        by_folded.entry(folded(path)).or_default().push(path);
    }
    let mut found = Vec::new();
    for (path, claimants) in by_path.iter().filter(|(_, c)| c.len() > 1) {
        let Some(file) = claimants.iter().find_map(|c| c.source.as_ref()) else {
            continue;
        };
        let whats: Vec<&str> = claimants.iter().map(|c| c.what.as_str()).collect();
        found.push(
            Diagnostic::error(
                Code::OutputCollision,
                file,
                format!(
                    "`{path}` would be written by {}; readers would get only one of them",
                    whats.join(" and by ")
                ),
            )
            .with_suggestion(
                "rename or remove one of them, or move it to another folder".to_string(),
            ),
        );
    }
    for paths in by_folded.values_mut().filter(|p| p.len() > 1) {
        paths.sort_unstable();
        let claimants: Vec<&Claim> = paths.iter().map(|p| by_path[p][0]).collect();
        let Some(file) = claimants.iter().find_map(|c| c.source.as_ref()) else {
            continue;
        };
        let named: Vec<String> = claimants
            .iter()
            .map(|c| format!("`{}` (by {})", c.path, c.what))
            .collect();
        let composed: Vec<String> = paths.iter().map(|p| p.nfc().collect()).collect();
        let lowered: Vec<String> = paths.iter().map(|p| p.to_lowercase()).collect();
        let differ = if composed.iter().all(|p| *p == composed[0]) {
            "differ only in Unicode composition (NFC and NFD): on macOS disks they are one file"
        } else if lowered.iter().all(|p| *p == lowered[0]) {
            "differ only in letter case: on Windows and macOS disks they are one file"
        } else {
            "differ only in letter case and Unicode composition: on macOS disks they are one file"
        };
        found.push(
            Diagnostic::error(
                Code::OutputCaseCollision,
                file,
                format!("{} {differ}", named.join(" and ")),
            )
            .with_suggestion("spell them the same, or give them different names".to_string()),
        );
    }
    found
}

/// `path` as a disk that ignores letter case and Unicode composition sees
/// it: macOS treats the NFC and NFD spellings of a name as one file.
fn folded(path: &str) -> String {
    path.nfc()
        .collect::<String>()
        .to_lowercase()
        .nfc()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(path: &str, file: &str) -> Claim {
        Claim {
            path: path.into(),
            what: file.into(),
            source: Some(file.into()),
        }
    }

    #[test]
    fn a_path_claimed_twice_and_paths_that_differ_in_case_are_reported_once_each() {
        let claims = [
            Claim::own("en/all-pages/1.html"),
            user("en/all-pages/1.html", "content/en/all-pages/1.html"),
            user("go/PAGE-1.html", "content/en/a.md"),
            user("go/page-1.html", "content/nl/a.md"),
            user("en/a.html", "content/en/a.md"),
        ];
        let found = problems(&claims);
        let got: Vec<_> = found
            .iter()
            .map(|d| (d.code, d.span.file.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (Code::OutputCollision, "content/en/all-pages/1.html"),
                (Code::OutputCaseCollision, "content/en/a.md"),
            ]
        );
        assert!(
            found[1].message.contains("content/nl/a.md"),
            "{}",
            found[1].message
        );
    }
}
