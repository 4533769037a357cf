//! `uid:` must name one page: an xref to a uid two pages declare would
//! silently lead to whichever comes first.

use std::collections::BTreeMap;

use super::{Page, PageKind, Site};
use crate::diagnostics::{Code, Diagnostic};

/// How many other files a message names; a copied tree would otherwise
/// make every message name every copy.
const OTHERS_NAMED: usize = 3;

impl Site {
    /// Pages that declare a `uid` another page declares too. A translation
    /// declaring its source's uid is the same page in another language, so
    /// declarers are told apart by the source page they show.
    pub fn uid_problems(&self) -> Vec<Diagnostic> {
        let mut by_uid: BTreeMap<String, BTreeMap<(String, String), Vec<&Page>>> = BTreeMap::new();
        for page in self.pages.iter().filter(|p| p.kind == PageKind::Content) {
            let Some(uid) = page.front.get_str("uid") else {
                continue;
            };
            // A translation without a source is a page of its own.
            let which = match self.source_path_of(page) {
                Some(source) => (self.config.default_locale.clone(), source),
                None => (page.locale.clone(), page.path.clone()),
            };
            by_uid
                .entry(uid)
                .or_default()
                .entry(which)
                .or_default()
                .push(page);
        }
        let mut problems = Vec::new();
        for (uid, declarers) in by_uid.iter().filter(|(_, d)| d.len() > 1) {
            let all: Vec<(&(String, String), &str)> = declarers
                .iter()
                .flat_map(|(w, pages)| pages.iter().map(move |p| (w, p.file.as_str())))
                .collect();
            for (which, pages) in declarers {
                // At most this declarer's own pages are skipped: linear in them.
                let others: Vec<&str> = all
                    .iter()
                    .filter(|(w, _)| *w != which)
                    .map(|(_, file)| *file)
                    .take(OTHERS_NAMED)
                    .collect();
                let more = all.len() - pages.len() - others.len();
                let named = match more {
                    0 => others.join(", "),
                    n => format!("{} and {n} more", others.join(", ")),
                };
                for page in pages {
                    let at = key_line(page, "uid");
                    problems.push(
                        Diagnostic::error(
                            Code::DuplicateUid,
                            &page.file,
                            format!("uid `{uid}` is also declared by {named}; an xref can lead to only one page"),
                        )
                        .at(page.loaded_text(), at)
                        .with_suggestion("give each page its own uid".to_string()),
                    );
                }
            }
        }
        problems
    }
}

/// Where the front matter line that starts with `key` starts, else 0.
fn key_line(page: &Page, key: &str) -> usize {
    let head = page.front_text().unwrap_or_default();
    head.match_indices(key)
        .map(|(i, _)| i)
        .find(|&i| i > 0 && matches!(head.as_bytes()[i - 1], b'\n' | b'\r'))
        .unwrap_or(0)
}
