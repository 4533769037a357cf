//! Translation status: which default-locale pages each locale has
//! translated, and whether those translations still match their source.
//!
//! A translation records the SHA-1 of the source file it was made from in
//! `ms.openlocfilehash`. Comparing that with the SHA-1 of the source as it is
//! now tells a localization team what changed since the handoff.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use serde::Serialize;

use crate::l10n::history::History;
use crate::l10n::words;
use crate::site::freshness::{self as changes, Change};
use crate::site::{Page, PageKind, Site};

pub use crate::l10n::history::sha1_hex;
pub use crate::site::freshness::HASH_KEY;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Status {
    #[serde(rename = "up-to-date")]
    UpToDate,
    #[serde(rename = "outdated")]
    Outdated,
    /// The source changed only in its front matter (an `ms.date` bump):
    /// the translation needs a new stamp, not a translator.
    #[serde(rename = "metadata-only")]
    MetadataOnly,
    #[serde(rename = "untracked")]
    Untracked,
    #[serde(rename = "missing")]
    Missing,
    #[serde(rename = "orphan")]
    Orphan,
}

impl Status {
    pub const ALL: [Status; 6] = [
        Status::UpToDate,
        Status::Outdated,
        Status::MetadataOnly,
        Status::Untracked,
        Status::Missing,
        Status::Orphan,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::UpToDate => "up-to-date",
            Status::Outdated => "outdated",
            Status::MetadataOnly => "metadata-only",
            Status::Untracked => "untracked",
            Status::Missing => "missing",
            Status::Orphan => "orphan",
        }
    }

    pub fn needs_work(self) -> bool {
        self != Status::UpToDate
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PageStatus {
    /// Relative to `content/<default locale>/`; `None` for orphans.
    pub source: Option<String>,
    /// Relative to `content/<locale>/`; `None` for missing translations.
    pub translation: Option<String>,
    pub status: Status,
    /// The translation's handoff batch (`<!--HONumber=…-->`).
    pub honumber: Option<String>,
    /// Words in the source's body; `None` for orphans.
    pub source_words: Option<usize>,
    /// Words of the source to translate now: all of them for a missing
    /// page, those added or rewritten since the translation for an
    /// outdated one, 0 when current; `None` when that cannot be known.
    pub changed_words: Option<usize>,
    /// How the translation's structure differs from the source's (see the
    /// `structure` diagnostic); empty when it matches.
    pub structure: Vec<String>,
    /// The source commit the translation was made from, when the site's
    /// git history has it.
    pub translated_from: Option<String>,
}

/// Counts in the order the statuses are listed everywhere.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    #[serde(rename = "up-to-date")]
    pub up_to_date: usize,
    pub outdated: usize,
    pub untracked: usize,
    pub missing: usize,
    pub orphan: usize,
    #[serde(rename = "metadata-only")]
    pub metadata_only: usize,
    /// Words in every translatable source page.
    pub source_words: usize,
    /// Words to translate: the sum of the pages' known `changed_words`.
    pub changed_words: usize,
    /// Pages whose `changed_words` is unknown (no old source in git).
    pub changed_words_unknown: usize,
    /// Translations whose structure differs from their source's.
    pub structure: usize,
}

impl Summary {
    pub fn get(&self, status: Status) -> usize {
        match status {
            Status::UpToDate => self.up_to_date,
            Status::Outdated => self.outdated,
            Status::MetadataOnly => self.metadata_only,
            Status::Untracked => self.untracked,
            Status::Missing => self.missing,
            Status::Orphan => self.orphan,
        }
    }

    fn count(&mut self, page: &PageStatus) {
        self.changed_words += page.changed_words.unwrap_or(0);
        if page.changed_words.is_none() && matches!(page.status, Status::Outdated) {
            self.changed_words_unknown += 1;
        }
        self.structure += usize::from(!page.structure.is_empty());
        match page.status {
            Status::UpToDate => self.up_to_date += 1,
            Status::Outdated => self.outdated += 1,
            Status::MetadataOnly => self.metadata_only += 1,
            Status::Untracked => self.untracked += 1,
            Status::Missing => self.missing += 1,
            Status::Orphan => self.orphan += 1,
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct LocaleStatus {
    pub summary: Summary,
    pub pages: Vec<PageStatus>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    pub default_locale: String,
    pub locales: BTreeMap<String, LocaleStatus>,
}

/// Pages that are translatable content: the site's own Markdown pages
/// (includes and TOC files are not pages), without redirects.
fn is_translatable(page: &Page) -> bool {
    page.kind == PageKind::Content && page.redirect_url().is_none()
}

/// Classifies every default-locale page for every other locale, and lists
/// the translations that have no source (orphans). Reads the site's git
/// history, when it has one, to tell body changes from metadata-only ones.
pub fn status(site: &Site) -> Report {
    let history = History::open_sources(site.root(), site.config());
    let default = &site.config().default_locale;
    let mut locales = BTreeMap::new();
    let sources: Vec<&Page> = site
        .pages()
        .iter()
        .filter(|p| &p.locale == default && is_translatable(p))
        .collect();
    let source_hashes: BTreeMap<&str, String> = sources
        .iter()
        .filter_map(|p| Some((p.path.as_str(), sha1_hex(p.text()?.as_bytes()))))
        .collect();
    let source_words: BTreeMap<&str, usize> = sources
        .iter()
        .filter_map(|p| Some((p.path.as_str(), words::count(p.body()?))))
        .collect();
    for locale in site.locales().iter().filter(|l| *l != default) {
        let mut report = LocaleStatus::default();
        for source in &sources {
            let translation = site
                .translation_of(locale, &source.path)
                .and_then(|path| site.page(locale, path))
                .filter(|p| is_translatable(p));
            // A source whose text was released counts no words.
            let words = source_words.get(source.path.as_str()).copied().unwrap_or(0);
            report.summary.source_words += words;
            let entry = match translation {
                None => PageStatus {
                    source: Some(source.path.clone()),
                    translation: None,
                    status: Status::Missing,
                    honumber: None,
                    source_words: Some(words),
                    changed_words: Some(words),
                    structure: Vec::new(),
                    translated_from: None,
                },
                Some(tr) => {
                    let (status, change) = match tr.front.get_str(HASH_KEY) {
                        None => (
                            Status::Untracked,
                            Change {
                                body_changed: false,
                                changed_words: None,
                                from_commit: None,
                            },
                        ),
                        Some(hash)
                            if source_hashes
                                .get(source.path.as_str())
                                .is_some_and(|h| hash.eq_ignore_ascii_case(h)) =>
                        {
                            let from_commit = tr
                                .front
                                .get_str(changes::COMMIT_KEY)
                                .and_then(|c| history.as_ref().and_then(|h| h.resolve(&c)));
                            (
                                Status::UpToDate,
                                Change {
                                    body_changed: false,
                                    changed_words: Some(0),
                                    from_commit,
                                },
                            )
                        }
                        Some(_) => {
                            let change = changes::classify(history.as_ref(), source, tr);
                            let status = if change.body_changed {
                                Status::Outdated
                            } else {
                                Status::MetadataOnly
                            };
                            (status, change)
                        }
                    };
                    PageStatus {
                        source: Some(source.path.clone()),
                        translation: Some(tr.path.clone()),
                        status,
                        honumber: tr.rendered.honumber().map(str::to_string),
                        source_words: Some(words),
                        changed_words: change.changed_words,
                        structure: crate::l10n::structure::differences(
                            &source.rendered.structure(),
                            &tr.rendered.structure(),
                        ),
                        translated_from: change.from_commit,
                    }
                }
            };
            report.summary.count(&entry);
            report.pages.push(entry);
        }
        for tr in site
            .pages()
            .iter()
            .filter(|p| &p.locale == locale && is_translatable(p))
        {
            if site.source_of(locale, &tr.path).is_none() {
                let entry = PageStatus {
                    source: None,
                    translation: Some(tr.path.clone()),
                    status: Status::Orphan,
                    honumber: tr.rendered.honumber().map(str::to_string),
                    source_words: None,
                    changed_words: None,
                    structure: Vec::new(),
                    translated_from: None,
                };
                report.summary.count(&entry);
                report.pages.push(entry);
            }
        }
        locales.insert(locale.clone(), report);
    }
    Report {
        default_locale: default.clone(),
        locales,
    }
}

/// Whether the file at `path` is a report `l10n status --out` wrote, in
/// any format, which alone it may overwrite.
pub fn looks_like_report(path: &Path) -> bool {
    use std::io::Read;
    let mut head = Vec::new();
    let read = std::fs::File::open(path).and_then(|f| f.take(4096).read_to_end(&mut head));
    let head = String::from_utf8_lossy(&head);
    read.is_ok()
        && (head.starts_with("{\n  \"default_locale\"")
            || head.starts_with("Translation status (")
            || head.contains("<title>Translation status: "))
}

pub fn format_json(report: &Report) -> String {
    serde_json::to_string_pretty(report).unwrap_or_default()
}

/// Counts per locale, then the pages that need work.
pub fn format_text(report: &Report) -> String {
    let mut out = String::new();
    let mut headers = vec!["locale"];
    headers.extend(Status::ALL.iter().map(|s| s.as_str()));
    headers.extend(["structure", "source words", "to translate"]);
    let cells_of = |locale: &str, s: &LocaleStatus| -> Vec<String> {
        let mut cells = vec![locale.to_string()];
        cells.extend(Status::ALL.iter().map(|st| s.summary.get(*st).to_string()));
        cells.push(s.summary.structure.to_string());
        cells.push(s.summary.source_words.to_string());
        cells.push(s.summary.changed_words.to_string());
        cells
    };
    let widths: Vec<usize> = headers
        .iter()
        .enumerate()
        .map(|(i, h)| {
            let longest = report
                .locales
                .iter()
                .map(|(l, s)| cells_of(l, s)[i].chars().count())
                .max()
                .unwrap_or(0);
            h.len().max(longest)
        })
        .collect();
    let _ = writeln!(
        out,
        "Translation status (source locale: {})",
        report.default_locale
    );
    let _ = writeln!(out);
    let row = |cells: Vec<String>| -> String {
        let padded: Vec<String> = cells
            .iter()
            .enumerate()
            .map(|(i, c)| {
                if i == 0 {
                    format!("{c:<w$}", w = widths[i])
                } else {
                    format!("{c:>w$}", w = widths[i])
                }
            })
            .collect();
        padded.join("  ").trim_end().to_string()
    };
    let _ = writeln!(
        out,
        "{}",
        row(headers.iter().map(|h| h.to_string()).collect())
    );
    for (locale, s) in &report.locales {
        let _ = writeln!(out, "{}", row(cells_of(locale, s)));
    }
    for (locale, s) in &report.locales {
        if s.summary.changed_words_unknown > 0 {
            let _ = writeln!(
                out,
                "{locale}: {} outdated page(s) not counted in \"to translate\": the source they were translated from is not in the site's git history",
                s.summary.changed_words_unknown
            );
        }
        let work: Vec<&PageStatus> = s
            .pages
            .iter()
            .filter(|p| p.status.needs_work() || !p.structure.is_empty())
            .collect();
        let _ = writeln!(out);
        if work.is_empty() {
            let _ = writeln!(out, "{locale}: every page is up to date");
            continue;
        }
        let _ = writeln!(out, "{locale}: {} page(s) need work", work.len());
        for p in work {
            let line = match (&p.source, &p.translation) {
                (Some(s), Some(t)) if s == t => s.clone(),
                (Some(s), Some(t)) => format!("{s} -> {t}"),
                (Some(s), None) => s.clone(),
                (None, Some(t)) => t.clone(),
                (None, None) => String::new(),
            };
            let ho = p
                .honumber
                .as_deref()
                .map(|h| format!("  ({h})"))
                .unwrap_or_default();
            let words = match (p.status, p.changed_words) {
                (Status::Orphan | Status::Untracked, _) => String::new(),
                (_, Some(n)) => format!("  [{n} words to translate]"),
                (_, None) => "  [words changed: unknown]".to_string(),
            };
            let _ = writeln!(out, "  {:<13}  {line}{ho}{words}", p.status.as_str());
            for d in &p.structure {
                let _ = writeln!(out, "  {:<13}    structure differs: {d}", "");
            }
        }
    }
    out
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    crate::markdown::escape_attr(&mut out, s);
    out
}

/// A standalone page (no external files) a localization manager can open
/// or mail around: a summary table and one table of pages per locale.
pub fn format_html(report: &Report, title: &str) -> String {
    let mut out = String::new();
    let title = format!("Translation status: {title}");
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>\n{}</style>\n</head>\n<body>\n<main>\n<h1>{}</h1>\n",
        escape(&title),
        REPORT_CSS,
        escape(&title)
    );
    let _ = writeln!(out, "<p>Source locale: <code>{}</code>. Paths are relative to <code>content/&lt;locale&gt;/</code>.</p>", escape(&report.default_locale));
    let _ = writeln!(out, "<table class=\"summary\">\n<caption>Pages per status and locale</caption>\n<thead><tr><th scope=\"col\">Locale</th>");
    for st in Status::ALL {
        let _ = write!(out, "<th scope=\"col\">{}</th>", st.as_str());
    }
    let _ = write!(out, "<th scope=\"col\">structure</th><th scope=\"col\">source words</th><th scope=\"col\">to translate</th>");
    let _ = writeln!(out, "</tr></thead>\n<tbody>");
    for (locale, s) in &report.locales {
        let _ = write!(
            out,
            "<tr><th scope=\"row\"><a href=\"#locale-{0}\">{0}</a></th>",
            escape(locale)
        );
        for st in Status::ALL {
            let _ = write!(out, "<td class=\"num\">{}</td>", s.summary.get(st));
        }
        let _ = write!(
            out,
            "<td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>",
            s.summary.structure, s.summary.source_words, s.summary.changed_words
        );
        let _ = writeln!(out, "</tr>");
    }
    let _ = writeln!(out, "</tbody>\n</table>");
    for (locale, s) in &report.locales {
        let _ = writeln!(
            out,
            "<section id=\"locale-{0}\" aria-labelledby=\"h-{0}\">\n<h2 id=\"h-{0}\">{0}</h2>",
            escape(locale)
        );
        if s.pages.is_empty() {
            let _ = writeln!(out, "<p>No pages.</p>\n</section>");
            continue;
        }
        let _ = writeln!(
            out,
            "<table class=\"pages\">\n<caption>Pages of {} by status (pages that need work first)</caption>\n<thead><tr>\
             <th scope=\"col\">Status</th><th scope=\"col\">Source ({})</th><th scope=\"col\">Translation ({})</th><th scope=\"col\">Handoff</th>\
             <th scope=\"col\">Source words</th><th scope=\"col\">To translate</th><th scope=\"col\">Structure</th></tr></thead>\n<tbody>",
            escape(locale),
            escape(&report.default_locale),
            escape(locale)
        );
        let mut rows: Vec<&PageStatus> = s.pages.iter().collect();
        rows.sort_by_key(|p| (!p.status.needs_work(), p.status));
        for p in rows {
            let cell = |v: &Option<String>| {
                v.as_deref()
                    .map(|s| format!("<code>{}</code>", escape(s)))
                    .unwrap_or_else(|| "<span class=\"none\">none</span>".into())
            };
            let _ = writeln!(
                out,
                "<tr class=\"{0}\"><td><span class=\"status\">{0}</span></td><td>{1}</td><td>{2}</td><td>{3}</td>\
                 <td class=\"num\">{4}</td><td class=\"num\">{5}</td><td>{6}</td></tr>",
                p.status.as_str(),
                cell(&p.source),
                cell(&p.translation),
                p.honumber.as_deref().map(escape).unwrap_or_default(),
                p.source_words.map(|n| n.to_string()).unwrap_or_default(),
                p.changed_words.map(|n| n.to_string()).unwrap_or_default(),
                escape(&p.structure.join("; "))
            );
        }
        let _ = writeln!(out, "</tbody>\n</table>\n</section>");
    }
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

const REPORT_CSS: &str = "body{font:16px/1.5 system-ui,sans-serif;margin:0;color:#1b1b1b;background:#fff}
main{max-width:72rem;margin:0 auto;padding:1rem 1.5rem}
table{border-collapse:collapse;margin:1rem 0;width:100%}
caption{text-align:left;font-weight:600;padding:.25rem 0}
th,td{border:1px solid #c8c8c8;padding:.3rem .6rem;text-align:left;vertical-align:top}
thead th{background:#f0f0f0}
td.num{text-align:right;font-variant-numeric:tabular-nums}
code{font-size:.9em;word-break:break-all}
.status{font-weight:600}
tr.up-to-date .status{color:#0b6a0b}
tr.outdated .status{color:#8a4b00}
tr.metadata-only .status{color:#3b5b7a}
tr.untracked .status,tr.missing .status{color:#a4262c}
tr.orphan .status{color:#5c2e91}
.none{color:#595959;font-style:italic}
@media (prefers-color-scheme:dark){body{background:#1b1b1b;color:#eee}thead th{background:#2b2b2b}
th,td{border-color:#555}tr.up-to-date .status{color:#7fd17f}tr.outdated .status{color:#f0b060}tr.metadata-only .status{color:#9cc3e8}
tr.untracked .status,tr.missing .status{color:#f08a8f}tr.orphan .status{color:#c3a3f0}.none{color:#aaa}}
";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha1_is_lower_hex_of_the_bytes() {
        assert_eq!(sha1_hex(b"abc"), "a9993e364706816aba3e25717850c26c9cd0d89d");
    }

    #[test]
    fn html_escapes_paths() {
        let mut locales = BTreeMap::new();
        locales.insert(
            "nl".to_string(),
            LocaleStatus {
                summary: Summary {
                    orphan: 1,
                    ..Default::default()
                },
                pages: vec![PageStatus {
                    source: None,
                    translation: Some("<b>&.md".into()),
                    status: Status::Orphan,
                    honumber: Some("\"x\"".into()),
                    source_words: None,
                    changed_words: None,
                    structure: Vec::new(),
                    translated_from: None,
                }],
            },
        );
        let html = format_html(
            &Report {
                default_locale: "en".into(),
                locales,
            },
            "A <site>",
        );
        assert!(html.contains("<code>&lt;b&gt;&amp;.md</code>"));
        assert!(html.contains("&quot;x&quot;"));
        assert!(html.contains("Translation status: A &lt;site&gt;"));
        assert!(!html.contains("<b>"));
    }
}
