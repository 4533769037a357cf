//! What makes the built site work offline, checked on the files it writes:
//! the search indexes, hashed CSS/JS names, the service worker's precache
//! list and version, the sitemap, the zip, and that nothing comes from the
//! network. (The browser tests, `browser.rs` here, run the same output.)

use std::collections::BTreeSet;
use std::path::Path;

use crate::support::*;
use helpsite::search::select;
use scraper::{Html, Selector};
use sha1::{Digest, Sha1};

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

fn build(site: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["build"];
    args.extend_from_slice(extra);
    let o = run(&args, site);
    assert!(o.status.success(), "build failed: {}", stderr(&o));
    o
}

/// A locale's search index read back whole, from the top level `top`
/// (relative to the locale folder) and the shards it names.
fn read_index(out: &Path, locale: &str, top: &str) -> select::Whole {
    let index = select::from_disk(locale, &out.join(locale), top).unwrap();
    select::whole(&index)
}

fn add_redirect_page(site: &Path) {
    std::fs::write(
        site.join("content/en/old-certificate-page.md"),
        "---\ntitle: Old certificate page\nredirect_url: your-device-is-missing-a-required-certificate-android.md\n---\n",
    )
    .unwrap();
}

/// Pages a reader can land on: everything HTML in a locale folder except
/// the generated 404, search and "all pages" listing pages (lists of
/// other pages' titles, which would only compete with them in results).
fn page_files(out: &Path, locale: &str) -> BTreeSet<String> {
    html_files(&out.join(locale))
        .into_keys()
        .filter(|p| p != "404.html" && p != "search.html" && p != "print.html")
        .filter(|p| !p.starts_with("all-pages/"))
        .collect()
}

#[test]
fn each_locale_has_a_search_index_of_its_pages_without_redirects() {
    let site = sample_site();
    add_redirect_page(site.path());
    build(site.path(), &[]);
    let out = site.path().join("public");
    for locale in ["en", "nl"] {
        let page = std::fs::read_to_string(out.join(format!("{locale}/index.html"))).unwrap();
        let doc = Html::parse_document(&page);
        let form = doc
            .select(&sel("form.site-search"))
            .next()
            .expect("a search box in the header");
        let src = form.value().attr("data-index").unwrap();
        let top = std::fs::read_to_string(out.join(locale).join(src)).unwrap();
        assert!(top.contains(&format!(r#""locale":"{locale}""#)), "{top}");
        let data = read_index(&out, locale, src);
        let indexed: BTreeSet<String> = data.docs.iter().map(|d| d[0].clone()).collect();
        let mut expected = page_files(&out, locale);
        expected.remove("old-certificate-page.html");
        // The sample's pages are all marked ROBOTS: NOINDEX; readers can still find them.
        assert_eq!(indexed, expected, "{locale}");
        // Postings point at real documents; every word's stem has postings.
        let docs = data.docs.len();
        assert!(!data.postings.is_empty());
        for list in data.postings.values() {
            assert!(!list.is_empty());
            assert!(list.iter().all(|&(d, score)| d < docs && score > 0));
        }
        for stem in data.words.values() {
            assert!(data.postings.contains_key(stem), "{stem}");
        }
    }
    assert!(
        out.join("en/old-certificate-page.html").is_file(),
        "the redirect page itself is still written"
    );
}

#[test]
fn css_and_js_names_carry_a_hash_of_their_content() {
    let out = sample_built().dir.join("public");
    let mut seen = BTreeSet::new();
    for (page, html) in html_files(&out) {
        let doc = Html::parse_document(&html);
        let dir = Path::new(&page).parent().unwrap().to_path_buf();
        for el in doc.select(&sel("link[rel=stylesheet], script[src]")) {
            let url = el.value().attr("href").or(el.value().attr("src")).unwrap();
            // The 404 pages' URLs start at base_path (the sample's is /help/).
            let file = match url.strip_prefix("/help/") {
                Some(from_root) => out.join(from_root),
                None => out.join(&dir).join(url),
            };
            let bytes = std::fs::read(&file).unwrap_or_else(|e| panic!("{page}: {url}: {e}"));
            let name = file.file_name().unwrap().to_string_lossy().into_owned();
            let parts: Vec<&str> = name.split('.').collect();
            assert_eq!(parts.len(), 3, "{page}: {url} is not name.<hash>.ext");
            let hash: String = Sha1::digest(&bytes)
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect();
            assert_eq!(parts[1], &hash[..8], "{page}: {url}");
            seen.insert(name);
        }
    }
    assert!(
        seen.iter()
            .any(|n| n.starts_with("helpsite.") && n.ends_with(".css")),
        "{seen:?}"
    );
    assert!(
        seen.iter()
            .any(|n| n.starts_with("helpsite.") && n.ends_with(".js")),
        "{seen:?}"
    );
    assert!(
        !out.join("helpsite.css").exists(),
        "only the hashed name is published"
    );
}

#[test]
fn pages_load_nothing_from_the_network() {
    let out = sample_built().dir.join("public");
    let loads = sel("script[src], link[href], img[src], source[src], video[src], audio[src], video[poster], object[data]");
    for (page, html) in html_files(&out) {
        let doc = Html::parse_document(&html);
        for el in doc.select(&loads) {
            if el.value().name() == "link"
                && el
                    .value()
                    .attr("rel")
                    .is_some_and(|r| r == "alternate" || r == "canonical")
            {
                continue;
            }
            let url = ["src", "href", "poster", "data"]
                .iter()
                .find_map(|a| el.value().attr(a))
                .unwrap();
            assert!(!url.contains("//"), "{page} loads {url}");
        }
    }
    for (name, bytes) in snapshot_tree(&out) {
        if name.ends_with(".css") {
            let css = String::from_utf8(bytes).unwrap();
            for arg in css.split("url(").skip(1) {
                let target = arg.trim_start_matches(['"', '\'', ' ']);
                assert!(
                    !target.starts_with("//") && !target.contains("://"),
                    "{name} loads {target}"
                );
            }
            assert!(!css.contains("@import"), "{name}");
        }
    }
}

#[test]
fn service_worker_saves_the_shell_and_each_locale_within_its_budget() {
    let site = sample_site();
    // A budget that holds some of a locale, not all of it.
    let toml = site.path().join("site.toml");
    let mut config = std::fs::read_to_string(&toml).unwrap();
    config.push_str("\n[offline]\nprecache_mb = 0.02\n");
    std::fs::write(&toml, config).unwrap();
    build(site.path(), &[]);
    let out = site.path().join("public");
    let sw = std::fs::read_to_string(out.join("sw.js")).unwrap();
    let constant = |name: &str| -> serde_json::Value {
        let prefix = format!("const {name} = ");
        let line = sw.lines().find(|l| l.starts_with(&prefix)).unwrap();
        serde_json::from_str(line.trim_start_matches(&prefix).trim_end_matches(';')).unwrap()
    };
    let shell: Vec<String> = serde_json::from_value(constant("SHELL")).unwrap();
    let locales: Vec<String> = serde_json::from_value(constant("LOCALES")).unwrap();
    assert_eq!(locales, ["en", "nl"]);
    let version = constant("VERSION");
    let tree = snapshot_tree(&out);
    let locale_shell: std::collections::BTreeMap<String, Vec<String>> =
        serde_json::from_value(constant("LOCALE_SHELL")).unwrap();
    for must in ["index.html", "404.html"] {
        assert!(
            shell.contains(&must.to_string()),
            "{must} in the shell: {shell:?}"
        );
    }
    // A locale's own pages are saved only for its readers.
    assert!(
        !shell
            .iter()
            .any(|f| locales.iter().any(|l| f.starts_with(&format!("{l}/")))),
        "{shell:?}"
    );
    for (locale, must) in [
        ("en", "en/index.html"),
        ("nl", "nl/index.html"),
        ("nl", "nl/search.html"),
        ("nl", "nl/404.html"),
    ] {
        assert!(
            locale_shell[locale].contains(&must.to_string()),
            "{must} in {locale}'s shell: {locale_shell:?}"
        );
    }
    assert!(shell
        .iter()
        .any(|f| f.starts_with("helpsite.") && f.ends_with(".css")));
    assert!(locale_shell["nl"]
        .iter()
        .any(|f| f.starts_with("nl/search-index")));
    for (locale, own) in &locale_shell {
        assert!(own.iter().all(|f| f.starts_with(&format!("{locale}/"))));
    }
    let whole_shell: Vec<String> = shell
        .iter()
        .chain(locale_shell.values().flatten())
        .cloned()
        .collect();
    for f in &whole_shell {
        assert!(tree.contains_key(f), "shell file {f} exists");
    }
    // Every published file is in the shell or in exactly one locale's list.
    let mut listed: Vec<String> = whole_shell.clone();
    for locale in &locales {
        let list: serde_json::Value =
            serde_json::from_slice(&tree[&format!("{locale}/offline-files.json")]).unwrap();
        assert_eq!(list["version"], version);
        // The first list holds the budget's share; parts hold the rest.
        let budget = list["files"].as_array().unwrap().len();
        let mut files = list["files"].as_array().unwrap().clone();
        let parts = list["parts"].as_u64().unwrap() as usize;
        for n in 1..=parts {
            let part: serde_json::Value =
                serde_json::from_slice(&tree[&format!("{locale}/offline-files-{n}.json")]).unwrap();
            assert_eq!(part["version"], version);
            files.extend(part["files"].as_array().unwrap().iter().cloned());
        }
        assert!(
            !tree.contains_key(&format!("{locale}/offline-files-{}.json", parts + 1)),
            "no part beyond the count"
        );
        assert_eq!(list["count"].as_u64().unwrap() as usize, files.len());
        // Pages come first (the home is in the shell), each under the locale.
        assert!(
            files[0][0].as_str().unwrap().ends_with(".html"),
            "{}",
            files[0][0]
        );
        let mut total = 0;
        for (i, f) in files.iter().enumerate() {
            let path = f[0].as_str().unwrap();
            assert!(path.starts_with(&format!("{locale}/")), "{path}");
            let len = tree[path].len() as u64;
            assert_eq!(
                f[1].as_u64().unwrap(),
                len,
                "{path}: listed size is the file's"
            );
            total += len;
            // The budget is the longest prefix that fits 0.02 MB.
            assert_eq!(
                i < budget,
                total <= 20_000,
                "{path} at {i}, budget {budget}"
            );
            listed.push(path.to_string());
        }
        assert!(
            budget > 0 && budget < files.len(),
            "{locale}: budget {budget} of {}",
            files.len()
        );
    }
    listed.sort();
    let expected: Vec<String> = tree
        .keys()
        .filter(|p| {
            // urls.json and help-ids.json are for release checks and app developers, not readers.
            ![
                "sw.js",
                "sitemap.xml",
                ".helpsite-output",
                "urls.json",
                "help-ids.json",
            ]
            .contains(&p.as_str())
                && !p.ends_with("offline-files.json")
                && !p.contains("/offline-files-")
                // A picture is saved as the WebP a browser loads in its place.
                && !tree.contains_key(&format!("{p}.webp"))
        })
        .cloned()
        .collect();
    assert_eq!(listed, expected);
    let version = |out: &Path| {
        let sw = std::fs::read_to_string(out.join("sw.js")).unwrap();
        sw.lines()
            .find(|l| l.starts_with("const VERSION = "))
            .unwrap()
            .to_string()
    };
    let first = version(&out);
    build(site.path(), &[]);
    assert_eq!(version(&out), first, "same content, same cache");
    let page = site
        .path()
        .join("content/nl/your-device-is-missing-a-required-certificate-android.md");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(
        &page,
        text.replace("Kunt u zich niet", "Kunt u zich nog steeds niet"),
    )
    .unwrap();
    build(site.path(), &[]);
    assert_ne!(version(&out), first, "changed content, new cache");
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["start_url"], "./index.html");
    for icon in manifest["icons"].as_array().unwrap() {
        assert!(out.join(icon["src"].as_str().unwrap()).is_file());
    }

    // Turned off, the worker published removes itself and its caches.
    let mut config = std::fs::read_to_string(&toml).unwrap();
    config = config.replace("precache_mb = 0.02", "service_worker = false");
    std::fs::write(&toml, config).unwrap();
    build(site.path(), &[]);
    let sw = std::fs::read_to_string(out.join("sw.js")).unwrap();
    assert!(
        sw.contains("registration.unregister()") && sw.contains("caches.delete"),
        "{sw}"
    );
    assert!(!out.join("nl/offline-files.json").exists());
}

#[test]
fn sitemap_lists_indexable_pages_on_the_portal() {
    let site = sample_site();
    add_redirect_page(site.path());
    // One page becomes indexable; the rest keep ROBOTS: NOINDEX.
    let open = site
        .path()
        .join("content/en/your-device-is-missing-a-required-certificate-android.md");
    let text = std::fs::read_to_string(&open).unwrap();
    std::fs::write(&open, text.replace("ROBOTS: NOINDEX,NOFOLLOW\n", "")).unwrap();
    build(site.path(), &[]);
    let xml = std::fs::read_to_string(site.path().join("public/sitemap.xml")).unwrap();
    let locs: Vec<&str> = xml
        .split("<loc>")
        .skip(1)
        .map(|s| s.split("</loc>").next().unwrap())
        .collect();
    let toml = std::fs::read_to_string(site.path().join("site.toml")).unwrap();
    let portal = toml
        .lines()
        .find_map(|l| l.strip_prefix("portal_url = "))
        .unwrap()
        .trim_matches('"');
    assert_eq!(
        locs,
        [format!(
            "{portal}/help/en/your-device-is-missing-a-required-certificate-android.html"
        )]
    );

    // Without a portal URL there is no sitemap.
    let toml = toml
        .lines()
        .filter(|l| !l.starts_with("portal_url"))
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(site.path().join("site.toml"), toml).unwrap();
    build(site.path(), &[]);
    assert!(!site.path().join("public/sitemap.xml").exists());
}

#[test]
fn zip_holds_the_published_tree_under_one_folder() {
    let site = sample_site();
    let o = build(site.path(), &["--zip", "download/help.zip"]);
    assert!(
        stderr(&o).contains("search index nl:"),
        "the build reports index sizes: {}",
        stderr(&o)
    );
    let out = site.path().join("public");
    let mut archive =
        zip::ZipArchive::new(std::fs::File::open(site.path().join("download/help.zip")).unwrap())
            .unwrap();
    let mut from_zip = std::collections::BTreeMap::new();
    for i in 0..archive.len() {
        let mut f = archive.by_index(i).unwrap();
        let name = f.name().unwrap().to_string();
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut f, &mut bytes).unwrap();
        from_zip.insert(
            name.strip_prefix("help/")
                .unwrap_or_else(|| panic!("{name} outside help/"))
                .to_string(),
            bytes,
        );
    }
    assert!(
        !html_files(&out)
            .values()
            .any(|h| h.contains("site-download")),
        "a zip outside the site is not linked"
    );
    let mut tree = snapshot_tree(&out);
    tree.remove(".helpsite-output");
    assert_eq!(
        from_zip.keys().collect::<Vec<_>>(),
        tree.keys().collect::<Vec<_>>()
    );
    assert!(from_zip == tree, "the zip's files equal the folder's");
}

#[test]
fn list_items_and_table_cells_stay_separate_words_in_the_index() {
    let site = sample_site();
    let page = site
        .path()
        .join("content/en/your-device-is-missing-a-required-certificate-android.md");
    let mut text = std::fs::read_to_string(&page).unwrap();
    text.push_str("\n- zebrafish\n- yellowtail\n\n| kingfisher | lapwing |\n|---|---|\n| magpie | nightjar |\n");
    std::fs::write(&page, text).unwrap();
    build(site.path(), &[]);
    let out = site.path().join("public");
    let name = std::fs::read_dir(out.join("en"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .find(|n| n.starts_with("search-index."))
        .unwrap();
    let data = read_index(&out, "en", &name);
    let stems: BTreeSet<&str> = data.postings.keys().map(String::as_str).collect();
    for word in [
        "zebrafish",
        "yellowtail",
        "kingfish",
        "lapw",
        "magpi",
        "nightjar",
    ] {
        assert!(
            stems
                .iter()
                .any(|s| s.starts_with(word) && s.len() <= word.len() + 2),
            "{word} is a word of its own"
        );
    }
    assert!(!stems
        .iter()
        .any(|s| s.contains("zebrafishyellow") || s.contains("kingfisherlapw")));
}

#[test]
fn a_zip_inside_the_output_folder_is_linked_from_every_page() {
    let site = sample_site();
    build(site.path(), &["--zip", "public/download/help.zip"]);
    let out = site.path().join("public");
    assert!(out.join("download/help.zip").is_file());
    let pages = html_files(&out);
    let mut linked = 0;
    for (page, html) in &pages {
        let doc = Html::parse_document(html);
        if let Some(a) = doc.select(&sel(".site-download a[href]")).next() {
            let href = a.value().attr("href").unwrap();
            // The 404 pages' URLs start at base_path (the sample's is /help/).
            let target = match href.strip_prefix("/help/") {
                Some(from_root) => Path::new(from_root).to_path_buf(),
                None => Path::new(page).parent().unwrap().join(href),
            };
            assert!(out.join(&target).is_file(), "{page}: {target:?}");
            linked += 1;
        }
    }
    assert!(linked >= 8, "content pages link to the download: {linked}");
    let sw = std::fs::read_to_string(out.join("sw.js")).unwrap();
    assert!(!sw.contains("help.zip"), "the zip is not precached");
}
