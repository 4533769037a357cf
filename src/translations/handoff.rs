//! `l10n export` and `l10n import`: which pages go out in a handoff, and
//! how a translated handoff becomes Markdown again. The page keeps its
//! source's structure (the skeleton between units, byte for byte) and its
//! translation's own front matter, and is stamped as translated from the
//! source as it is now.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use super::literal;
use super::segment::{self, Inline, Piece};
use super::stamp::{self, SOURCE_PATH_KEY};
use super::status::{self, Status, HASH_KEY};
use super::xliff::{self, FileOut, Handoff, Units};
use crate::frontmatter::FrontMatter;
use crate::l10n::history::{sha1_hex, History};
use crate::markdown::autolink;
use crate::site::freshness::COMMIT_KEY;
use crate::site::{Page, Site};

fn body(page: &Page) -> &str {
    page.body().unwrap_or_default()
}

fn page_units(page: &Page) -> (Vec<Piece>, Units) {
    let pieces = segment::segment(body(page));
    let title = page.front.get_str("title");
    let description = page.front.get_str("description");
    let units = xliff::units(title.as_deref(), description.as_deref(), &pieces);
    (pieces, units)
}

/// The translation's units as targets, when its units line up with the
/// source's one for one (same kinds in the same order) and every code it
/// uses is one of the source unit's; other units go without a target.
fn aligned_targets(
    source: &[(String, &'static str, Vec<Inline>)],
    translation: &[(String, &'static str, Vec<Inline>)],
) -> BTreeMap<String, Vec<Inline>> {
    let kinds = |u: &[(String, &'static str, Vec<Inline>)]| -> Vec<&'static str> {
        u.iter().map(|(_, k, _)| *k).collect()
    };
    let mut out = BTreeMap::new();
    if kinds(source) != kinds(translation) {
        return out;
    }
    for ((id, _, s), (_, _, t)) in source.iter().zip(translation) {
        let known: BTreeSet<&Inline> = s
            .iter()
            .filter(|p| matches!(p, Inline::Code(_) | Inline::Open(_)))
            .collect();
        let fits = t.iter().all(|p| match p {
            Inline::Code(_) | Inline::Open(_) => known.contains(p),
            Inline::Text(_) | Inline::Close(_) => true,
        });
        if fits {
            out.insert(id.clone(), t.clone());
        }
    }
    out
}

/// The XLIFF for `locale`'s pages whose status is one of `statuses`, how
/// many pages it holds, and the YAML pages of those statuses left out.
pub fn export(
    site: &Site,
    locale: &str,
    statuses: &[Status],
) -> Result<(String, usize, Vec<String>), String> {
    let default = &site.config().default_locale;
    let report = status::status(site);
    let Some(pages) = report.locales.get(locale) else {
        return Err(format!("this site has no translation locale `{locale}`"));
    };
    let mut files = Vec::new();
    let mut originals = Vec::new();
    let mut skipped_yaml = Vec::new();
    for p in pages.pages.iter().filter(|p| statuses.contains(&p.status)) {
        let Some(source) = p.source.as_deref().and_then(|s| site.page(default, s)) else {
            continue;
        };
        // Its units would be read as Markdown: keys and URLs as text to
        // translate, and the import would write Markdown into YAML.
        if source.is_yaml() {
            skipped_yaml.push(source.path.clone());
            continue;
        }
        let (_, units) = page_units(source);
        let targets = p
            .translation
            .as_deref()
            .and_then(|t| site.page(locale, t))
            .map(|tr| aligned_targets(&units, &page_units(tr).1))
            .unwrap_or_default();
        originals.push(source.path.clone());
        files.push((source.path.clone(), units, targets));
    }
    let outs: Vec<FileOut> = files
        .iter()
        .map(|(original, units, targets)| FileOut {
            original,
            units: units.clone(),
            targets: targets.clone(),
        })
        .collect();
    Ok((
        xliff::write(default, locale, &outs),
        originals.len(),
        skipped_yaml,
    ))
}

/// `MonYY_HOn`, DocFX's handoff name: this month's, numbered after `previous`.
pub fn next_honumber(previous: Option<&str>, year: i32, month: u8) -> String {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let stem = format!(
        "{}{:02}_HO",
        MONTHS[usize::from(month.clamp(1, 12)) - 1],
        year.rem_euclid(100)
    );
    let n = previous
        .and_then(|p| p.strip_prefix(&stem))
        .and_then(|n| n.parse::<u32>().ok())
        .map_or(1, |n| n + 1);
    format!("{stem}{n}")
}

/// Sets the handoff comment's value in `body`, or adds the comment at the end.
fn set_honumber(body: &str, tag: &str) -> String {
    const OPEN: &str = "<!--HONumber=";
    if let Some(start) = body.find(OPEN) {
        let from = start + OPEN.len();
        if let Some(end) = body[from..].find("-->") {
            return format!("{}{tag}{}", &body[..from], &body[from + end..]);
        }
    }
    let line_break = if body.contains("\r\n") { "\r\n" } else { "\n" };
    let sep = if body.is_empty() || body.ends_with('\n') {
        ""
    } else {
        line_break
    };
    format!("{body}{sep}{line_break}{OPEN}{tag}-->{line_break}")
}

/// One page an import writes.
pub struct Written {
    /// Relative to the site root.
    pub file: String,
    pub bytes: Vec<u8>,
}

/// Checks the whole handoff against the sources as they are now and
/// builds every page; nothing is written unless all of it is sound.
pub fn import(site: &Site, handoff: &Handoff, today: (i32, u8)) -> Result<Vec<Written>, String> {
    let default = &site.config().default_locale;
    let locale = &handoff.target_locale;
    if locale == default {
        return Err(format!(
            "the handoff translates into {locale}, the source locale"
        ));
    }
    if !site.locales().contains(locale) {
        return Err(format!(
            "this site has no locale `{locale}` (trgLang); start it with `l10n add --new-locale`"
        ));
    }
    let history = History::open_sources(site.root(), site.config());
    let mut out = Vec::new();
    for file in &handoff.files {
        let Some(source) = site.page(default, &file.original) else {
            return Err(format!(
                "{}: there is no page content/{default}/{}",
                file.original, file.original
            ));
        };
        let (pieces, units) = page_units(source);
        let given: BTreeMap<&str, &xliff::UnitIn> =
            file.units.iter().map(|u| (u.id.as_str(), u)).collect();
        let translation = site
            .translation_of(locale, &source.path)
            .and_then(|t| site.page(locale, t));
        // What an export of the page as it is now gives as targets: a unit
        // that comes back as one of these is written as it was.
        let current: BTreeMap<String, String> = translation
            .map(|tr| aligned_targets(&units, &page_units(tr).1))
            .unwrap_or_default()
            .into_iter()
            .map(|(id, parts)| (id, xliff::text_of(&parts)))
            .collect();
        let mut targets: BTreeMap<&str, String> = BTreeMap::new();
        for (id, _, parts) in &units {
            let Some(unit) = given.get(id.as_str()) else {
                return Err(format!(
                    "{}: unit {id} is not in the handoff; the source changed since the export, export it again",
                    file.original
                ));
            };
            // The codes' text comes from the page, never from the file.
            let target =
                xliff::resolve(unit, parts).map_err(|e| format!("{}: {e}", file.original))?;
            let Some(target) = &target else {
                return Err(format!(
                    "{}: unit {id} has no translation (<target>)",
                    file.original
                ));
            };
            targets.insert(id.as_str(), target_markdown(id, parts, target, &current));
        }
        if let Some(extra) = file
            .units
            .iter()
            .find(|u| !units.iter().any(|(id, _, _)| *id == u.id))
        {
            return Err(format!(
                "{}: unit {} is not in the source; the source changed since the export, export it again",
                file.original, extra.id
            ));
        }
        // The body: the source's skeleton with each unit translated.
        let mut body = String::new();
        let mut n = 0;
        for piece in &pieces {
            match piece {
                Piece::Skeleton(s) => body.push_str(s),
                Piece::Unit(_) => {
                    n += 1;
                    body.push_str(&targets[format!("u{n}").as_str()]);
                }
            }
        }
        let (path, front_text, previous_ho) = match translation {
            Some(tr) => (
                tr.path.clone(),
                tr.front_text().unwrap_or_default().to_string(),
                tr.rendered.honumber().clone(),
            ),
            None => (
                source.path.clone(),
                source.front_text().unwrap_or_default().to_string(),
                None,
            ),
        };
        let honumber = next_honumber(previous_ho.as_deref(), today.0, today.1);
        let mut text = format!("{front_text}{}", set_honumber(&body, &honumber)).into_bytes();
        let front = FrontMatter::parse(&front_text, "", &mut Vec::new());
        for key in ["title", "description"] {
            if let Some(t) = targets.get(key) {
                if front.get_str(key).as_deref() != Some(t.as_str()) {
                    text = stamp::set_keys(&text, &[(key, t)])?;
                }
            }
        }
        let source_text = source
            .text()
            .ok_or_else(|| format!("{}: the source's text was not kept", source.file))?;
        let hash = sha1_hex(source_text.as_bytes());
        text = stamp::stamp(&text, &hash, &source.path)?;
        if let Some(v) = history
            .as_ref()
            .and_then(|h| h.find_by_sha1(&source.file, &hash))
        {
            text = stamp::set_keys(&text, &[(COMMIT_KEY, &v.commit)])?;
        }
        out.push(Written {
            file: format!("content/{locale}/{path}"),
            bytes: text,
        });
    }
    Ok(out)
}

/// The text a unit's target puts in the page. The title and description
/// are front matter values, written as YAML. A body unit that comes back
/// as its source or as the translation now has it is written as it was,
/// so an untouched handoff changes no byte; any other is the translator's
/// text, escaped so that it shows as typed and adds no markup of its own.
fn target_markdown(
    id: &str,
    source: &[Inline],
    target: &[Inline],
    current: &BTreeMap<String, String>,
) -> String {
    let text = xliff::text_of(target);
    let unchanged = text == xliff::text_of(source) || current.get(id) == Some(&text);
    if unchanged || matches!(id, "title" | "description") {
        text
    } else {
        // A link the source has as text may stay a link.
        let source_text: String = source
            .iter()
            .filter_map(|p| match p {
                Inline::Text(t) => Some(t.as_str()),
                _ => None,
            })
            .collect::<Vec<_>>()
            .join("\n");
        let keep: Vec<&str> = autolink::literals(&source_text)
            .into_iter()
            .map(|l| &source_text[l.start..l.end])
            .collect();
        literal::markdown(target, &keep)
    }
}

/// Today's year and month (UTC), for the handoff name.
pub fn this_month() -> (i32, u8) {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    let d = crate::site::freshness::date_of(secs);
    (d.year, d.month)
}

/// The keys an import stamps, for tests and messages.
pub const STAMPED_KEYS: [&str; 3] = [HASH_KEY, SOURCE_PATH_KEY, COMMIT_KEY];

/// Whether `path` looks like a handoff this tool wrote (so `--out` may replace it).
/// Only a file that starts with the header every export writes: another
/// tool's XLIFF, or notes that merely name the namespace, are the user's.
pub fn looks_like_handoff(path: &Path) -> bool {
    use std::io::Read;
    let mut head = Vec::new();
    let read = std::fs::File::open(path)
        .and_then(|f| f.take(xliff::HEADER.len() as u64).read_to_end(&mut head));
    read.is_ok() && head == xliff::HEADER.as_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn handoff_names_count_up_within_a_month() {
        assert_eq!(next_honumber(None, 2026, 11), "Nov26_HO1");
        assert_eq!(next_honumber(Some("Nov26_HO1"), 2026, 11), "Nov26_HO2");
        assert_eq!(next_honumber(Some("Jan17_HO3"), 2026, 11), "Nov26_HO1");
    }

    #[test]
    fn honumber_is_replaced_or_added() {
        assert_eq!(
            set_honumber("# A\n\n<!--HONumber=Jan17_HO1-->\n", "Nov26_HO1"),
            "# A\n\n<!--HONumber=Nov26_HO1-->\n"
        );
        assert_eq!(
            set_honumber("# A\r\n", "Nov26_HO1"),
            "# A\r\n\r\n<!--HONumber=Nov26_HO1-->\r\n"
        );
    }
}
