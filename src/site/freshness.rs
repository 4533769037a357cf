//! Whether a translation still matches its source, and if not, what changed in the source since its translation was made: the body, or
//! only the front matter (an `ms.date` bump, a new `ms.author`), and how
//! many words. Needs the source as it was, which the site's git history
//! gives: the version whose SHA-1 the translation records, else the commit
//! it names in `ms.sourcegitcommit`.

use std::cell::OnceCell;

use super::{Page, PageKind, Site};
use crate::frontmatter::FrontMatter;
use crate::keys::ByPage;
use crate::l10n::dates::{self, DocDate};
use crate::l10n::history::{sha1_hex, History, Version};
use crate::l10n::words;

/// The front matter key a translation keeps its source's SHA-1 in.
pub const HASH_KEY: &str = "ms.openlocfilehash";

/// The front matter key that names the source commit a translation was made from.
pub const COMMIT_KEY: &str = "ms.sourcegitcommit";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// Whether the body changed, not just the front matter.
    pub body_changed: bool,
    /// Words of the source added or rewritten since; `None` when the old
    /// source could not be found.
    pub changed_words: Option<usize>,
    /// The commit the old source was read from.
    pub from_commit: Option<String>,
}

/// The Markdown body of a file's text: everything after its front matter.
pub fn body(text: &str) -> &str {
    let front = FrontMatter::parse(text, "", &mut Vec::new());
    &text[front.body_start.min(text.len())..]
}

/// The source as it was when `translation` was made, if the history has it.
pub fn old_source(history: &History, source: &Page, translation: &Page) -> Option<Version> {
    translation
        .front
        .get_str(HASH_KEY)
        .and_then(|hash| history.find_by_sha1(&source.file, &hash))
        .or_else(|| {
            let commit = translation.front.get_str(COMMIT_KEY)?;
            history.file_at(&commit, &source.file)
        })
}

/// Classifies a translation whose recorded hash no longer matches its source.
pub fn classify(history: Option<&History>, source: &Page, translation: &Page) -> Change {
    let old = history.and_then(|h| old_source(h, source, translation));
    // A released source has no body to compare: changed, by how much unknown.
    let (Some(old), Some(new_body)) = (old, source.body()) else {
        return Change {
            body_changed: true,
            changed_words: None,
            from_commit: None,
        };
    };
    let old_text = String::from_utf8_lossy(&old.bytes);
    let old_body = body(&old_text);
    // Line endings are not a change a translator can act on.
    let same = old_body.replace("\r\n", "\n") == new_body.replace("\r\n", "\n");
    Change {
        body_changed: !same,
        changed_words: Some(if same {
            0
        } else {
            words::changed(old_body, new_body)
        }),
        from_commit: Some(old.commit),
    }
}

/// What a reader of an outdated translation is told: which page it
/// translates, and when that page's text changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    /// The source page, relative to `content/<default locale>/`.
    pub source_path: String,
    /// The source's `ms.date`, else the date of the commit that last changed it.
    pub changed: Option<DocDate>,
}

/// The notice for `page`, when it is a translation whose source's body
/// changed since it was translated. A translation without a recorded
/// hash, or whose source changed only in its front matter, gets none.
pub fn outdated_notice(site: &Site, page: &Page) -> Option<Notice> {
    outdated_notice_in(site, page, &OnceCell::new())
}

/// `outdated_notice`, with the history opened at most once in `history`
/// for all the pages asked about: each opening reads the history anew.
pub fn outdated_notice_in(
    site: &Site,
    page: &Page,
    history: &OnceCell<Option<History>>,
) -> Option<Notice> {
    if let Some(released) = &site.released {
        let id = site.page_ids.at(&page.locale, &page.path)?;
        return released.outdated_notices.get(id).cloned();
    }
    let default = &site.config.default_locale;
    if !site.config.translations.outdated_notice
        || page.kind != PageKind::Content
        || &page.locale == default
    {
        return None;
    }
    let hash = page.front.get_str(HASH_KEY)?;
    let source_path = site.pairing.source_of.at(&page.locale, &page.path)?;
    let source = site
        .page(default, source_path)
        .filter(|p| p.kind == PageKind::Content)?;
    if hash.eq_ignore_ascii_case(&sha1_hex(source.text()?.as_bytes())) {
        return None;
    }
    // Only pages that differ pay for opening the history.
    let history = history
        .get_or_init(|| History::open_sources(&site.root, &site.config))
        .as_ref();
    if !classify(history, source, page).body_changed {
        return None;
    }
    let changed = source
        .front
        .get_str("ms.date")
        .and_then(|d| dates::parse(&d).ok())
        .or_else(|| {
            let (_, time) = history?.last_change(&source.file)?;
            Some(date_of(time))
        });
    Some(Notice {
        source_path: source_path.clone(),
        changed,
    })
}

/// The UTC calendar date of a Unix time (Howard Hinnant's days-to-civil).
pub fn date_of(unix_seconds: i64) -> DocDate {
    let z = unix_seconds.div_euclid(86_400) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
    DocDate { year, month, day }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unix_times_become_utc_dates() {
        let d = |y, m, dd| DocDate {
            year: y,
            month: m,
            day: dd,
        };
        assert_eq!(date_of(0), d(1970, 1, 1));
        // 2017-01-04T23:59:59Z and the second after it.
        assert_eq!(date_of(1_483_574_399), d(2017, 1, 4));
        assert_eq!(date_of(1_483_574_400), d(2017, 1, 5));
        assert_eq!(date_of(951_782_400), d(2000, 2, 29));
    }

    #[test]
    fn body_skips_front_matter() {
        assert_eq!(body("---\ntitle: a\n---\n# A\n"), "# A\n");
        assert_eq!(body("# A\n"), "# A\n");
    }
}
