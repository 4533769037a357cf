//! What a reader's phone downloads ahead does not grow with the site: the
//! service worker's shell (the homes among it) and the list the worker
//! fetches at install stay the same size when the site has four times the
//! pages. And every page stays reachable by plain links from the home,
//! through the "all pages" listing pages, without script or search.

use std::collections::{BTreeSet, VecDeque};
use std::path::Path;

use crate::support::*;

const N: usize = 240;

/// `pages` English pages with a generated home: one folder of 6 pages per
/// section, whose TOC lists 3 of them (the others are linked from the
/// listed ones or from nowhere), and a fifth of the pages in a folder no
/// TOC covers. Both sizes have more sections than the home shows.
fn site(pages: usize) -> tempfile::TempDir {
    let t = minimal_site();
    std::fs::remove_file(t.path().join("content/en/index.md")).unwrap();
    let mut config = std::fs::read_to_string(t.path().join("site.toml")).unwrap();
    config.push_str("\n[offline]\nprecache_mb = 0.1\n");
    write(t.path(), "site.toml", config);
    let loose = pages / 5;
    for i in 0..loose {
        write(
            t.path(),
            &format!("content/en/loose/page-{i}.md"),
            format!("---\ntitle: Loose page {i}\n---\n# Loose page {i}\n\nSome words about the certificate.\n"),
        );
    }
    let per_section = 6;
    for s in 0..(pages - loose).div_ceil(per_section) {
        let count = per_section.min(pages - loose - s * per_section);
        let mut toc = format!("# Section {s}\n");
        for i in 0..count {
            let link = if i >= 3 && i % 2 == 0 {
                format!("\n\nSee [the next one](page-{}.md).", i + 1)
            } else {
                String::new()
            };
            write(
                t.path(),
                &format!("content/en/s{s:03}/page-{i}.md"),
                format!("---\ntitle: Page {i} of section {s}\n---\n# Page {i} of section {s}\n\nHow to reset the password.{link}\n"),
            );
            if i < 3 {
                toc.push_str(&format!("## [Page {i}](page-{i}.md)\n"));
            }
        }
        write(t.path(), &format!("content/en/s{s:03}/TOC.md"), toc);
    }
    t
}

struct Shell {
    /// Every file the worker saves at install, and the list it fetches then.
    bytes: u64,
    home: u64,
    out: tempfile::TempDir,
}

fn measure(pages: usize) -> Shell {
    let t = site(pages);
    let o = run(&["build"], t.path());
    assert!(o.status.success(), "{}", stderr(&o));
    let out = t.path().join("public");
    let sw = std::fs::read_to_string(out.join("sw.js")).unwrap();
    let line = sw
        .lines()
        .find_map(|l| l.strip_prefix("const SHELL = "))
        .expect("SHELL in sw.js");
    let mut shell: Vec<String> = serde_json::from_str(line.trim_end_matches(';')).unwrap();
    // The reader's locale's part of the shell is saved right after install.
    let line = sw
        .lines()
        .find_map(|l| l.strip_prefix("const LOCALE_SHELL = "))
        .expect("LOCALE_SHELL in sw.js");
    let mut locale_shell: std::collections::BTreeMap<String, Vec<String>> =
        serde_json::from_str(line.trim_end_matches(';')).unwrap();
    shell.extend(locale_shell.remove("en").expect("en's shell"));
    let size = |rel: &str| {
        std::fs::metadata(out.join(percent_decode(rel)))
            .unwrap_or_else(|e| panic!("{rel}: {e}"))
            .len()
    };
    let mut bytes: u64 = shell.iter().map(|f| size(f)).sum();
    bytes += size("sw.js") + size("en/offline-files.json");
    Shell {
        bytes,
        home: size("en/index.html"),
        out: t,
    }
}

/// The pages reached from `start` by following links between HTML files.
fn reachable(out: &Path, start: &str) -> BTreeSet<String> {
    let files = html_files(out);
    let sel = scraper::Selector::parse("a[href]").unwrap();
    let mut seen = BTreeSet::from([start.to_string()]);
    let mut queue = VecDeque::from([start.to_string()]);
    while let Some(page) = queue.pop_front() {
        let Some(html) = files.get(&page) else {
            continue;
        };
        let doc = scraper::Html::parse_document(html);
        let dir = Path::new(&page).parent().unwrap().to_path_buf();
        for a in doc.select(&sel) {
            let href = a.value().attr("href").unwrap();
            let path = href.split('#').next().unwrap();
            if path.is_empty() || href.contains("://") || !path.ends_with(".html") {
                continue;
            }
            let mut parts: Vec<String> = Vec::new();
            for c in dir.join(percent_decode(path)).components() {
                match c {
                    std::path::Component::ParentDir => {
                        parts.pop();
                    }
                    std::path::Component::Normal(s) => parts.push(s.to_string_lossy().into()),
                    _ => {}
                }
            }
            let target = parts.join("/");
            if seen.insert(target.clone()) {
                queue.push_back(target);
            }
        }
    }
    seen
}

#[test]
fn what_a_phone_saves_ahead_does_not_grow_with_the_pages() {
    let small = measure(N);
    let large = measure(4 * N);
    // A few bytes for longer numbers; a list of every page would add
    // tens of KB here.
    assert!(
        large.home <= small.home + 200,
        "home: {} bytes at {N} pages, {} at {}",
        small.home,
        large.home,
        4 * N
    );
    assert!(
        large.bytes <= small.bytes + 2_000,
        "shell and install list: {} bytes at {N} pages, {} at {}",
        small.bytes,
        large.bytes,
        4 * N
    );

    // Every page is reachable from the home by plain links, and no link
    // of the listing pages leads nowhere.
    let out = large.out.path().join("public");
    let reached = reachable(&out, "en/index.html");
    let pages: Vec<String> = html_files(&out)
        .into_keys()
        .filter(|p| p.starts_with("en/loose/") || (p.starts_with("en/s") && p[3..].contains('/')))
        .collect();
    assert_eq!(pages.len(), 4 * N);
    let missed: Vec<&String> = pages.iter().filter(|p| !reached.contains(*p)).collect();
    assert!(missed.is_empty(), "not reachable from the home: {missed:?}");
    let listings: Vec<String> = html_files(&out)
        .into_keys()
        .filter(|p| p.starts_with("en/all-pages/"))
        .collect();
    assert!(listings.len() > 1, "{listings:?}");
    assert!(listings.iter().all(|p| reached.contains(p)));
    assert_eq!(dead_links(&out, "/"), Vec::<String>::new());

    // The generated home, with no text of its own, still has its one H1:
    // the site's title, as in its <title>.
    let home =
        scraper::Html::parse_document(&std::fs::read_to_string(out.join("en/index.html")).unwrap());
    let text = |css: &str| -> Vec<String> {
        let sel = scraper::Selector::parse(css).unwrap();
        home.select(&sel)
            .map(|e| e.text().collect::<String>().trim().to_string())
            .collect()
    };
    let h1 = text("h1");
    assert_eq!(h1.len(), 1, "{h1:?}");
    // Its title is the site's, once: not "Company help – Company help".
    assert_eq!(text("title"), h1);
}
