//! `check --against OLD/urls.json`: every address, anchor and help ID an
//! earlier release published must still lead somewhere. What vanished is
//! an error whose suggestion is the exact front matter or Markdown that
//! brings it back; a moved page's redirect is a fix `--fix` can apply.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use super::front_edit::{add_to_list, front_matter_end, yaml_item};
use super::{Entry, Manifest};
use crate::diagnostics::{Code, Diagnostic, LineIndex};
use crate::links::suggest::{edit_distance, Suggestions, LONGEST_SUGGESTED};
use crate::markdown::Heading;
use crate::site::{normalize_old_path, Page, PageId, PageKind, Site};

const REDIRECT_FROM: &str = "redirect_from";
const HELP_ID: &str = "help_id";

/// Far more than the `urls.json` of the largest help site.
const MAX_MANIFEST: u64 = 1 << 30;

/// Reads an earlier release's `urls.json` (or the folder that holds it).
pub fn read(path: &std::path::Path) -> Result<Manifest, String> {
    let file = if path.is_dir() {
        path.join(super::URLS)
    } else {
        path.to_path_buf()
    };
    // A named pipe given here is refused rather than waited on.
    let text = crate::fsread::read_text(&file, MAX_MANIFEST)
        .map_err(|(_, why)| format!("{}: {why}", file.display()))?;
    let manifest: Manifest = serde_json::from_str(&text)
        .map_err(|e| format!("{}: not a helpsite urls.json: {e}", file.display()))?;
    if manifest.format > super::FORMAT {
        return Err(format!(
            "{}: written by a newer helpsite (format {})",
            file.display(),
            manifest.format
        ));
    }
    Ok(manifest)
}

/// What of `old` the site no longer answers.
pub fn against(site: &Site, old: &Manifest) -> Vec<Diagnostic> {
    let new = Manifest::of(site);
    let landings = new.by_url();
    let homes = AssetHomes::new(site);
    let by_url: HashMap<String, PageId> = site
        .pages()
        .iter()
        .enumerate()
        .map(|(id, p)| (p.output_path(), id))
        .collect();
    let mut found = Vec::new();
    let mut redirects_to_add: BTreeMap<PageId, Vec<(String, usize)>> = BTreeMap::new();
    for entry in &old.pages {
        match landings.landing(&entry.url) {
            None => {
                let (d, edit) = vanished_url(site, &homes, entry);
                if let Some((page, old_path)) = edit {
                    redirects_to_add
                        .entry(page)
                        .or_default()
                        .push((old_path, found.len()));
                }
                found.push(d);
            }
            Some(landing) if entry.redirect_to.is_none() && landing.redirect_to.is_none() => {
                if let Some(&id) = by_url.get(&landing.url) {
                    found.extend(vanished_anchors(site, entry, id, &landing.anchors));
                }
            }
            Some(_) => {}
        }
    }
    // One edit per file, on the first of its diagnostics: `--fix` applies it whole.
    for (page, paths) in redirects_to_add {
        let page = &site.pages()[page];
        // What the list holds already, however written, is not added again.
        let held = crate::site::own_redirects(page);
        let mut old_paths: Vec<&str> = paths
            .iter()
            .map(|(p, _)| p.as_str())
            .filter(|p| !held.iter().any(|h| h == p))
            .collect();
        old_paths.sort();
        old_paths.dedup();
        if old_paths.is_empty() {
            continue;
        }
        if let Some((offset, old, new)) = add_to_list(page, REDIRECT_FROM, &old_paths) {
            let first = paths[0].1;
            found[first] = found[first].clone().with_fix(offset, &old, &new);
        }
    }
    found.extend(vanished_help_ids(site, old, &landings, &homes, &by_url));
    found
}

/// `en/a/b.html` → `a/b.md`.
fn old_page_path(entry: &Entry) -> String {
    let rest = entry
        .url
        .strip_prefix(&format!("{}/", entry.locale))
        .unwrap_or(&entry.url);
    format!("{}.md", rest.strip_suffix(".html").unwrap_or(rest))
}

/// Pages by locale and shown `ms.assetid`: where a renamed page went.
/// Made at most once, on the first vanished address, as one pass over
/// the pages, instead of one pass per vanished address.
struct AssetHomes<'s> {
    site: &'s Site,
    by_asset: std::cell::OnceCell<HashMap<(String, String), Vec<PageId>>>,
}

impl<'s> AssetHomes<'s> {
    fn new(site: &'s Site) -> Self {
        AssetHomes {
            site,
            by_asset: std::cell::OnceCell::new(),
        }
    }

    /// Pages of the entry's locale that show the entry's `ms.assetid`.
    fn of(&self, entry: &Entry) -> &[PageId] {
        let Some(assetid) = &entry.assetid else {
            return &[];
        };
        crate::diagnostics::work::add(1);
        let by_asset = self.by_asset.get_or_init(|| {
            let site = self.site;
            crate::diagnostics::work::add(site.pages().len());
            let mut map: HashMap<(String, String), Vec<PageId>> = HashMap::new();
            for (id, p) in site.pages().iter().enumerate() {
                if p.redirect_url().is_some()
                    || !matches!(p.kind, PageKind::Content | PageKind::Fallback { .. })
                {
                    continue;
                }
                if let Some(shown) = site.shown(p).front.get_str("ms.assetid") {
                    map.entry((p.locale.clone(), shown)).or_default().push(id);
                }
            }
            map
        });
        by_asset
            .get(&(entry.locale.clone(), assetid.clone()))
            .map_or(&[], Vec::as_slice)
    }
}

/// `d` placed where `page`'s front matter ends, when its text is kept.
fn at_front_matter_end(d: Diagnostic, page: &Page) -> Diagnostic {
    match page.text() {
        Some(text) => d.at(text, front_matter_end(text, page.front.body_start)),
        None => d,
    }
}

/// The diagnostic for an address that leads nowhere now, and the page
/// whose `redirect_from` should get its old path, when that is clear.
fn vanished_url(
    site: &Site,
    homes: &AssetHomes,
    entry: &Entry,
) -> (Diagnostic, Option<(PageId, String)>) {
    let old_path = old_page_path(entry);
    // `redirect_from` reads its entries trimmed and percent-decoded: a path
    // that reads back as another would redirect another address, and be
    // added again on every `--fix`.
    if normalize_old_path(&old_path).as_deref() != Some(old_path.as_str()) {
        return (not_a_page_path(entry, &old_path), None);
    }
    let message = format!(
        "`{}` was published by the earlier release and now leads nowhere",
        entry.url
    );
    let line = format!("{REDIRECT_FROM}: [{}]", yaml_item(&old_path));
    match homes.of(entry) {
        [home] => {
            let home = &site.pages()[*home];
            let edit = site.declaring_page(home, REDIRECT_FROM);
            let how = if edit.front.meta.contains_key(REDIRECT_FROM) {
                format!(
                    "add `{}` to the `{REDIRECT_FROM}` list of this file",
                    yaml_item(&old_path)
                )
            } else {
                format!("add to the front matter of this file: `{line}`")
            };
            let d = at_front_matter_end(
                Diagnostic::error(Code::VanishedUrl, &edit.file, message),
                edit,
            )
            .with_suggestion(format!(
                "the page with the same ms.assetid is now {}: {how}",
                home.output_path()
            ));
            let fix = site.page_id(&edit.locale, &edit.path);
            (d, fix.map(|id| (id, old_path)))
        }
        [] => (
            Diagnostic::error(
                Code::VanishedUrl,
                format!("content/{}/{old_path}", entry.locale),
                message,
            )
            .with_suggestion(format!(
                "restore the page, or add `{line}` to the front matter of the page that replaces it"
            )),
            None,
        ),
        several => {
            let files: Vec<&str> = several
                .iter()
                .map(|&id| {
                    site.declaring_page(&site.pages()[id], REDIRECT_FROM)
                        .file
                        .as_str()
                })
                .collect();
            (
                Diagnostic::error(
                    Code::VanishedUrl,
                    format!("content/{}/{old_path}", entry.locale),
                    message,
                )
                .with_suggestion(format!(
                    "{} pages share its ms.assetid ({}): add `{line}` to the one that replaces it",
                    files.len(),
                    files.join(", ")
                )),
                None,
            )
        }
    }
}

/// The diagnostic for an address whose old path no `redirect_from` may
/// hold (a line break, a path out of the locale folder): the earlier
/// release's urls.json was not written by helpsite, or was edited. Shown
/// escaped, so that what it holds reaches neither the terminal nor a file.
fn not_a_page_path(entry: &Entry, old_path: &str) -> Diagnostic {
    let url = entry.url.escape_debug();
    let locale = entry.locale.escape_debug();
    Diagnostic::error(
        Code::VanishedUrl,
        format!("content/{locale}"),
        format!("`{url}` was published by the earlier release and now leads nowhere"),
    )
    .with_suggestion(match normalize_old_path(old_path) {
        Some(read) => format!(
            "`{REDIRECT_FROM}` would read `{}` as `{}`, another address, so none can keep it; \
             check that the earlier release's urls.json is the one helpsite wrote",
            old_path.escape_debug(),
            read.escape_debug()
        ),
        None => format!(
            "`{}` is not a page path inside content/{locale}/, so no `{REDIRECT_FROM}` can keep it; \
             check that the earlier release's urls.json is the one helpsite wrote",
            old_path.escape_debug()
        ),
    })
}

/// Anchors of `entry` that the page it lands on (`id`) no longer has.
fn vanished_anchors(site: &Site, entry: &Entry, id: PageId, now: &[String]) -> Vec<Diagnostic> {
    let now: HashSet<&str> = now.iter().map(String::as_str).collect();
    let before: HashSet<&str> = entry.anchors.iter().map(String::as_str).collect();
    let page = site.shown(&site.pages()[id]);
    // Headings that are new since: what replaced the vanished anchors.
    let new_headings: Vec<_> = page
        .rendered
        .headings()
        .iter()
        .filter(|h| !before.contains(h.id.as_str()))
        .collect();
    // Many new headings: looked up through an index, at a bounded cost each.
    let index = (new_headings.len() > FEW_HEADINGS).then(|| {
        let ids = new_headings.iter().map(|h| h.id.as_str());
        (
            Suggestions::new(ids.clone()),
            ids.enumerate().map(|(i, id)| (id, i)).rev().collect(),
        )
    });
    let mut found = Vec::new();
    // One line index for all the anchors placed on the page.
    let lines = std::cell::OnceCell::new();
    for anchor in entry.anchors.iter().filter(|a| !now.contains(a.as_str())) {
        let message = format!(
            "`{}#{anchor}` was published by the earlier release; the page has no such anchor now",
            entry.url
        );
        let marker = format!("<a name=\"{anchor}\"></a>");
        let closest = closest_heading(&new_headings, index.as_ref(), anchor);
        let d = match closest {
            Some(h) => {
                let hashes = "#".repeat(h.level as usize);
                let at = page
                    .text()
                    .and_then(|text| Some((text, heading_offset(text, &hashes, &h.text, &h.id)?)));
                let d = Diagnostic::error(Code::VanishedAnchor, &page.file, message);
                let d = match at {
                    Some((text, at)) => {
                        let lines = lines.get_or_init(|| LineIndex::new(text));
                        d.at_indexed(lines, text, at)
                    }
                    None => d,
                };
                d.with_suggestion(format!(
                    "if the heading \"{}\" replaced it, keep the old anchor in it: `{hashes} {marker}{}`",
                    h.text, h.text
                ))
            }
            None => Diagnostic::error(Code::VanishedAnchor, &page.file, message).with_suggestion(
                format!(
                    "put `{marker}` where that section's text is now, so old links still land there"
                ),
            ),
        };
        found.push(d);
    }
    found
}

/// Up to this many new headings, the closest of them, however far, is
/// offered for a vanished anchor: one of so few most likely replaced it.
const FEW_HEADINGS: usize = 64;

/// The new heading to offer for a vanished `anchor`: among few, the closest
/// (ties by id); among many, one a typo away. Names over
/// [`LONGEST_SUGGESTED`] characters are neither offered nor given one, so
/// each comparison costs at most a bounded amount.
fn closest_heading<'h, H: std::ops::Deref<Target = Heading>>(
    new_headings: &'h [H],
    index: Option<&(Suggestions, HashMap<&str, usize>)>,
    anchor: &str,
) -> Option<&'h H> {
    let short =
        |s: &str| s.len() <= 4 * LONGEST_SUGGESTED && s.chars().count() <= LONGEST_SUGGESTED;
    if !short(anchor) {
        return None;
    }
    if let Some((index, by_id)) = index {
        let id = index.closest(anchor)?;
        return by_id.get(id).map(|&i| &new_headings[i]);
    }
    new_headings
        .iter()
        .filter(|h| short(&h.id))
        .min_by_key(|h| (edit_distance(&h.id, anchor), h.id.clone()))
}

/// Help IDs a locale had and has no more.
fn vanished_help_ids(
    site: &Site,
    old: &Manifest,
    landings: &super::ByUrl,
    homes: &AssetHomes,
    by_url: &HashMap<String, PageId>,
) -> Vec<Diagnostic> {
    let now = site.help_ids();
    let mut reported: BTreeSet<(String, String)> = BTreeSet::new();
    let mut found = Vec::new();
    for entry in old.pages.iter().filter(|e| e.redirect_to.is_none()) {
        for help_id in &entry.help_ids {
            if now
                .get(help_id)
                .is_some_and(|by_locale| by_locale.contains_key(&entry.locale))
                || !reported.insert((entry.locale.clone(), help_id.clone()))
            {
                continue;
            }
            let message = format!(
                "help ID `{help_id}` led {} readers to `{}` in the earlier release and now leads nowhere",
                entry.locale, entry.url
            );
            // Where that page is now: at its address, or by its ms.assetid.
            let home = landings
                .landing(&entry.url)
                .and_then(|l| by_url.get(&l.url).copied())
                .filter(|&id| site.pages()[id].redirect_url().is_none())
                .or_else(|| match homes.of(entry) {
                    [only] => Some(*only),
                    _ => None,
                });
            let d = match home {
                Some(id) => {
                    let edit = site.declaring_page(&site.pages()[id], HELP_ID);
                    let mut ids = crate::site::own_help_ids(edit);
                    ids.push(help_id.clone());
                    let line = if ids.len() == 1 {
                        format!("{HELP_ID}: {help_id}")
                    } else {
                        format!("{HELP_ID}: [{}]", ids.join(", "))
                    };
                    at_front_matter_end(
                        Diagnostic::error(Code::VanishedHelpId, &edit.file, message),
                        edit,
                    )
                    .with_suggestion(format!(
                        "give the page back its ID in its front matter: `{line}`"
                    ))
                }
                None => Diagnostic::error(
                    Code::VanishedHelpId,
                    entry.source.clone().unwrap_or_else(|| entry.url.clone()),
                    message,
                )
                .with_suggestion(format!(
                    "add `{HELP_ID}: {help_id}` to the front matter of the page that now answers it"
                )),
            };
            found.push(d);
        }
    }
    found
}

/// Where the heading `hashes text` (or the one holding anchor `id`) starts.
fn heading_offset(text: &str, hashes: &str, heading: &str, id: &str) -> Option<usize> {
    let quoted_id = format!("\"{id}\"");
    let mut offset = 0;
    for line in text.split_inclusive(['\n', '\r']) {
        let t = line.trim_start();
        if t.starts_with(hashes)
            && !t[hashes.len()..].starts_with('#')
            && (t.contains(heading) || t.contains(&quoted_id))
        {
            return Some(offset + (line.len() - t.len()));
        }
        offset += line.len();
    }
    None
}
