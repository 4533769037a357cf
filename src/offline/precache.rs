//! What a reader's device saves, so that the site keeps working when the
//! connection drops, without every phone downloading the whole site.
//!
//! The service worker saves the app shell at install (stylesheets,
//! scripts, the language chooser). The page then asks it to save its
//! locale's part of the shell (home, search and 404 pages, the search
//! index's top level) and the locale up to a budget (`[offline]
//! precache_mb`), most useful pages first, each page with its screenshots;
//! on Save-Data or a slow connection, the shell only. Everything else is
//! saved as it is visited, or all at once when the reader asks on the
//! locale's home; other locales only that way.
//! The per-locale lists live in `<locale>/offline-files.json` (the budget's
//! share) and `<locale>/offline-files-<n>.json` (the rest, read only to
//! save all of a locale), so `sw.js` and what a phone fetches at install
//! stay small at any site size.
//!
//! A picture with a smaller WebP is listed as that WebP alone: it is what
//! the page's `<picture>` makes a browser load, so it is what the budget
//! counts, and the original is fetched only by a browser that asks for it.

use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;
use serde_json::json;
use sha1::{Digest, Sha1};

use crate::images::Images;
use crate::links::{encode_path, page_output_path};
use crate::output::{Data, OutputFile, Written};
use crate::site::Site;

pub const SERVICE_WORKER: &str = "sw.js";
/// Per locale, beside its pages: what the budget saves, and how many
/// parts (`offline-files-<n>.json`, from 1) list the rest.
pub const LOCALE_LIST: &str = "offline-files.json";
/// Files per part of the rest of a locale: about 150 KB of JSON.
pub const PART_FILES: usize = 2000;
const BODY: &str = include_str!("sw.js");
/// Published when `[offline] service_worker = false`: readers who had a
/// worker lose it and its caches on their next visit.
const REMOVER: &str = include_str!("sw-remove.js");

/// `sw.js` and each locale's list, from what the build wrote.
pub fn offline_files(
    site: &Site,
    written: &[Written],
    search_top: &[String],
    images: &Images,
) -> Vec<OutputFile> {
    if !site.config().offline.service_worker {
        return vec![OutputFile {
            path: SERVICE_WORKER.into(),
            data: Data::Bytes(REMOVER.as_bytes().to_vec()),
        }];
    }
    let mut sorted: Vec<&Written> = written.iter().collect();
    sorted.sort_by(|a, b| a.path.cmp(&b.path));
    // A new version whenever any published byte changes: a new cache, and
    // the old one is dropped whole, so old and new files never mix.
    let mut version = Sha1::new();
    for w in &sorted {
        version.update(w.path.as_bytes());
        version.update([0]);
        version.update(w.stamp);
    }
    let version = hex(&version.finalize())[..16].to_string();

    let locales = site.locales();
    let in_locale = |path: &str| locales.iter().any(|l| path.starts_with(&format!("{l}/")));
    let shell: Vec<String> = sorted
        .iter()
        .map(|w| w.path.clone())
        .filter(|p| !in_locale(p) && is_shell_file(p))
        .collect();
    // A locale's part of the shell is saved only for a reader of that
    // locale: a first visit never downloads another language's pages.
    let locale_shell: BTreeMap<&String, Vec<String>> = locales
        .iter()
        .map(|l| {
            let mut own: Vec<String> = ["index.html", "404.html", "search.html"]
                .iter()
                .map(|name| format!("{l}/{name}"))
                .chain(
                    search_top
                        .iter()
                        .filter(|p| p.starts_with(&format!("{l}/")))
                        .cloned(),
                )
                .collect();
            own.sort();
            own.dedup();
            (l, own)
        })
        .collect();
    // Never listed again among a locale's files.
    let whole_shell: Vec<String> = shell
        .iter()
        .chain(locale_shell.values().flatten())
        .cloned()
        .collect();

    let budget = (site.config().offline.precache_mb.max(0.0) * 1_000_000.0) as u64;
    let lens: HashMap<&str, u64> = written.iter().map(|w| (w.path.as_str(), w.len)).collect();
    // Each locale's lists on a thread of its own, in the locales' order.
    let per_locale = |locale: &String| {
        let mut files = Vec::new();
        let order = locale_order(site, locale, &lens, &whole_shell, images);
        let mut total = 0u64;
        let within = order
            .iter()
            .take_while(|(_, len)| {
                total += len;
                total <= budget
            })
            .count();
        // The budget's share is fetched at install; the rest only when the
        // reader asks to save the whole locale, in parts of bounded size,
        // so nothing the shell needs grows with the site.
        let entry = |(p, len): &(String, u64)| json!([encode_path(p), len]);
        let rest: Vec<&[(String, u64)]> = order[within..].chunks(PART_FILES).collect();
        let list = json!({
            "version": version,
            "files": order[..within].iter().map(entry).collect::<Vec<_>>(),
            "parts": rest.len(),
            "count": order.len(),
        });
        files.push(OutputFile {
            path: format!("{locale}/{LOCALE_LIST}"),
            data: Data::Bytes(list.to_string().into_bytes()),
        });
        for (i, part) in rest.iter().enumerate() {
            let part = json!({
                "version": version,
                "files": part.iter().map(entry).collect::<Vec<_>>(),
            });
            files.push(OutputFile {
                path: part_path(locale, i + 1),
                data: Data::Bytes(part.to_string().into_bytes()),
            });
        }
        files
    };
    let mut files: Vec<OutputFile> = locales.par_iter().flat_map_iter(per_locale).collect();
    let shell: Vec<String> = shell.iter().map(|p| encode_path(p)).collect();
    let locale_shell: BTreeMap<&String, Vec<String>> = locale_shell
        .into_iter()
        .map(|(l, own)| (l, own.iter().map(|p| encode_path(p)).collect()))
        .collect();
    let js = format!(
        "/* helpsite service worker; generated, do not edit. */\nconst VERSION = {};\nconst SHELL = {};\nconst LOCALE_SHELL = {};\nconst LOCALES = {};\n{BODY}",
        serde_json::to_string(&version).unwrap_or_default(),
        serde_json::to_string(&shell).unwrap_or_default(),
        serde_json::to_string(&locale_shell).unwrap_or_default(),
        serde_json::to_string(locales).unwrap_or_default(),
    );
    files.push(OutputFile {
        path: SERVICE_WORKER.into(),
        data: Data::Bytes(js.into_bytes()),
    });
    files
}

/// Root files every page needs; not downloads or the sitemap.
fn is_shell_file(path: &str) -> bool {
    let ext = path.rsplit('.').next().unwrap_or("");
    let shell_type = matches!(
        ext,
        "html" | "css" | "js" | "svg" | "webmanifest" | "ico" | "woff2" | "woff"
    );
    (shell_type || path == super::MANIFEST) && path != SERVICE_WORKER
}

/// The locale's files, most useful first: its home, the pages in the
/// order of their TOCs, then the others by path; each page followed by
/// the files it shows; then whatever else the locale has.
fn locale_order(
    site: &Site,
    locale: &str,
    lens: &HashMap<&str, u64>,
    shell: &[String],
    images: &Images,
) -> Vec<(String, u64)> {
    let mut rank: BTreeMap<(u8, usize, String), usize> = BTreeMap::new();
    let mut toc_position: HashMap<(String, String), usize> = HashMap::new();
    for (key, toc) in site.tocs() {
        if key.locale() == locale {
            for (i, e) in toc.linear().into_iter().enumerate() {
                if let Some(page) = &e.page {
                    toc_position.entry(page.clone()).or_insert(i);
                }
            }
        }
    }
    for (id, page) in site.pages().iter().enumerate() {
        if page.locale != locale {
            continue;
        }
        let key = (page.locale.clone(), page.path.clone());
        let group = if page.is_index() {
            0
        } else if toc_position.contains_key(&key) {
            1
        } else {
            2
        };
        let pos = toc_position.get(&key).copied().unwrap_or(0);
        rank.insert((group, pos, page.path.clone()), id);
    }
    let mut seen: std::collections::HashSet<String> = shell.iter().cloned().collect();
    let mut order = Vec::new();
    // What a browser loads is the WebP: its original is never listed.
    for p in lens.keys() {
        if images
            .webp_of(p)
            .is_some_and(|w| lens.contains_key(w.as_str()))
        {
            seen.insert(p.to_string());
        }
    }
    let mut take = |path: String, order: &mut Vec<(String, u64)>| {
        let path = match images.webp_of(&path) {
            Some(webp) if lens.contains_key(webp.as_str()) => webp,
            _ => path,
        };
        if let Some(&len) = lens.get(path.as_str()) {
            if seen.insert(path.clone()) {
                order.push((path, len));
            }
        }
    };
    for id in rank.into_values() {
        let page = &site.pages()[id];
        take(page_output_path(locale, &page.path), &mut order);
        for a in page.rendered.assets() {
            take(format!("{}/{}", a.locale, a.path), &mut order);
        }
    }
    let prefix = format!("{locale}/");
    let mut rest: Vec<&&str> = lens
        .keys()
        .filter(|p| p.starts_with(&prefix) && !p.ends_with(LOCALE_LIST))
        .collect();
    rest.sort();
    for p in rest {
        take(p.to_string(), &mut order);
    }
    order
}

/// Part `number` (from 1) of the rest of `locale`'s files.
pub fn part_path(locale: &str, number: usize) -> String {
    format!("{locale}/offline-files-{number}.json")
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
