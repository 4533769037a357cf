//! Stable addresses: help IDs and their go/ pages, `help-ids.json`,
//! `urls.json`, `redirect_from`, and `check --against` an earlier release.
//! The browser half (go/ pages choosing a language, old URLs landing on
//! the right page) is tests/browser/addresses.test.mjs.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::support::*;
use scraper::{Html, Selector};
use serde_json::Value;

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

fn build(root: &Path, out: &Path) {
    let o = run(
        &[
            "build",
            "--root",
            root.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ],
        root,
    );
    assert!(o.status.success(), "build failed:\n{}", stderr(&o));
}

fn json_file(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// `check --format json` with `args`: exit code and `(code, file, suggestion)`.
fn check(root: &Path, args: &[&str]) -> (i32, Vec<(String, String, String)>) {
    let mut all = vec![
        "check",
        "--format",
        "json",
        "--root",
        root.to_str().unwrap(),
    ];
    all.extend(args);
    let o = run(&all, root);
    let json: Value = serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("JSON output: {e}\n{}", stderr(&o)));
    let found = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["file"].as_str().unwrap().to_string(),
                d["suggestion"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    (o.status.code().unwrap(), found)
}

/// `href` of a link in `from` (a path relative to the output), as a path
/// relative to the output, without query or fragment.
fn resolve(from: &str, href: &str) -> String {
    let href = href.split(['#', '?']).next().unwrap();
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for seg in href.split('/') {
        match seg {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            s => parts.push(s),
        }
    }
    percent_decode(&parts.join("/"))
}

fn h1(html: &str) -> String {
    Html::parse_document(html)
        .select(&sel("h1"))
        .next()
        .map(|h| h.text().collect::<String>().trim().to_string())
        .unwrap_or_default()
}

/// Where a redirect page sends its reader, relative to the output.
fn redirect_target(out: &Path, page: &str) -> Option<String> {
    let html = std::fs::read_to_string(out.join(page)).ok()?;
    let doc = Html::parse_document(&html);
    let link = doc.select(&sel("main.redirect a[href]")).next()?;
    Some(resolve(page, link.value().attr("href").unwrap()))
}

#[test]
fn each_help_id_of_the_sample_has_a_go_page_leading_to_its_page_in_every_locale() {
    let site = sample_site();
    let out = site.path().join("public");
    build(site.path(), &out);
    // The IDs, read from the sources independently of helpsite's YAML code.
    let mut expected: BTreeMap<String, String> = BTreeMap::new();
    for entry in std::fs::read_dir(site.path().join("content/en")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "md") {
            let fm = front_matter_lines(&std::fs::read_to_string(&path).unwrap());
            if let Some(id) = fm.get("help_id") {
                let name = path.file_stem().unwrap().to_string_lossy().into_owned();
                expected.insert(id.clone(), format!("{name}.html"));
            }
        }
    }
    assert_eq!(
        expected.keys().collect::<Vec<_>>(),
        ["CERT-IT-REQUIRED", "CERT-MISSING", "CERT-PREINSTALLED"]
    );
    let help_ids = json_file(&out.join("help-ids.json"));
    for (id, file) in &expected {
        let go = format!("go/{id}.html");
        let html = std::fs::read_to_string(out.join(&go)).unwrap();
        let doc = Html::parse_document(&html);
        // Strict CSP: no inline script, only files of the site.
        for script in doc.select(&sel("script")) {
            let src = script.value().attr("src").expect("no inline script");
            assert!(out.join(resolve(&go, src)).is_file(), "{go}: {src}");
        }
        let mut links: BTreeMap<String, String> = BTreeMap::new();
        for a in doc.select(&sel("a[hreflang]")) {
            let locale = a.value().attr("hreflang").unwrap().to_string();
            links.insert(locale, resolve(&go, a.value().attr("href").unwrap()));
        }
        for locale in ["en", "nl"] {
            let target = format!("{locale}/{file}");
            assert_eq!(links.get(locale), Some(&target), "{go}");
            // The nl page is the translation, not the fallback: its own title.
            let source = std::fs::read_to_string(
                site.path()
                    .join(format!("content/{locale}/{}", file.replace(".html", ".md"))),
            )
            .unwrap();
            let title = front_matter_lines(&source)["title"].clone();
            let landed = h1(&std::fs::read_to_string(out.join(&target)).unwrap());
            assert!(
                title.starts_with(&landed),
                "{go} → {target}: {landed} / {title}"
            );
            assert_eq!(
                help_ids["help_ids"][id]["pages"][locale]["url"],
                Value::String(target.clone())
            );
            assert_eq!(
                help_ids["help_ids"][id]["pages"][locale]["translated"],
                true
            );
        }
        assert_eq!(help_ids["help_ids"][id]["go"], Value::String(go.clone()));
    }
    assert!(
        dead_links(&out, "/help/").is_empty(),
        "{:?}",
        dead_links(&out, "/help/")
    );
}

#[test]
fn urls_json_lists_every_published_page_with_its_anchors() {
    let site = sample_site();
    let out = site.path().join("public");
    build(site.path(), &out);
    let urls = json_file(&out.join("urls.json"));
    let listed: BTreeMap<String, &Value> = urls["pages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["url"].as_str().unwrap().to_string(), e))
        .collect();
    // Every page of a locale that a reader can open, and nothing else.
    let pages: BTreeSet<String> = html_files(&out)
        .into_keys()
        .filter(|p| p.starts_with("en/") || p.starts_with("nl/"))
        .filter(|p| !p.ends_with("/404.html") && !p.ends_with("/search.html"))
        // A copy of the pages, for printing, not a page of its own.
        .filter(|p| !p.ends_with("/print.html"))
        .collect();
    assert_eq!(listed.keys().cloned().collect::<BTreeSet<_>>(), pages);
    for (url, entry) in &listed {
        let doc = Html::parse_document(&std::fs::read_to_string(out.join(url)).unwrap());
        let in_html: BTreeSet<String> = anchors(&doc).into_iter().collect();
        for a in entry["anchors"].as_array().unwrap() {
            assert!(
                in_html.contains(a.as_str().unwrap()),
                "{url}#{a} is listed but not in the page"
            );
        }
        // Every heading of the page's text is listed (the theme's own are not the page's).
        for h in doc.select(&sel("article h1[id], article h2[id], article h3[id]")) {
            let id = h.value().attr("id").unwrap();
            assert!(
                entry["anchors"].as_array().unwrap().iter().any(|a| a == id),
                "{url}: heading #{id} not listed"
            );
        }
        let source = entry["source"].as_str().unwrap();
        let fm = front_matter_lines(&std::fs::read_to_string(site.path().join(source)).unwrap());
        assert_eq!(
            entry["assetid"].as_str(),
            fm.get("ms.assetid").map(String::as_str),
            "{url}"
        );
    }
    assert_eq!(
        listed["nl/your-device-is-missing-a-required-certificate-android.html"]["help_ids"],
        serde_json::json!(["CERT-MISSING"]),
        "the nl translation inherits the source's help ID"
    );
}

fn two_locale_site() -> tempfile::TempDir {
    let t = tempfile::tempdir().unwrap();
    let root = t.path();
    write(
        root,
        "site.toml",
        "title = \"T\"\ndefault_locale = \"en\"\n",
    );
    write(root, "content/en/index.md", "# Home\n\n[B](b.md)\n");
    write(root, "content/nl/index.md", "# Start\n\n[B](b.md)\n");
    write(
        root,
        "content/en/a.md",
        "---\nms.assetid: A\nhelp_id: [APP-A, APP-A2]\n---\n# Alpha\n\n## First step\n",
    );
    write(
        root,
        "content/nl/a.md",
        "---\nms.assetid: A\n---\n# Alfa\n\n## Eerste stap\n",
    );
    write(
        root,
        "content/en/b.md",
        "---\nms.assetid: B\nhelp_id: APP-B\n---\n# Beta\n\n## Setup {#setup}\n",
    );
    t
}

#[test]
fn translations_inherit_help_ids_and_an_untranslated_page_is_reached_through_its_fallback() {
    let site = two_locale_site();
    let out = site.path().join("public");
    build(site.path(), &out);
    let ids = json_file(&out.join("help-ids.json"));
    assert_eq!(ids["help_ids"]["APP-A2"]["pages"]["nl"]["url"], "nl/a.html");
    assert_eq!(ids["help_ids"]["APP-B"]["pages"]["nl"]["url"], "nl/b.html");
    assert_eq!(ids["help_ids"]["APP-B"]["pages"]["nl"]["translated"], false);
    let go = std::fs::read_to_string(out.join("go/APP-B.html")).unwrap();
    let doc = Html::parse_document(&go);
    let nl = doc.select(&sel("a[hreflang=nl]")).next().unwrap();
    let target = resolve("go/APP-B.html", nl.value().attr("href").unwrap());
    assert_eq!(target, "nl/b.html");
    // The fallback page shows the English text in the Dutch site.
    assert_eq!(
        h1(&std::fs::read_to_string(out.join(target)).unwrap()),
        "Beta"
    );
    // The default locale's link comes first: a reader without script takes it.
    let first = doc.select(&sel("a[hreflang]")).next().unwrap();
    assert_eq!(first.value().attr("hreflang"), Some("en"));
}

#[test]
fn a_help_id_twice_in_a_locale_or_unfit_for_a_file_name_is_an_error() {
    let site = two_locale_site();
    let root = site.path();
    write(root, "content/nl/c.md", "---\nhelp_id: app-a\n---\n# C\n");
    write(
        root,
        "content/en/d.md",
        "---\nhelp_id: \"no spaces\"\n---\n# D\n",
    );
    let (exit, found) = check(root, &[]);
    assert_eq!(exit, 1);
    let codes: Vec<(&str, &str)> = found
        .iter()
        .map(|(c, f, _)| (c.as_str(), f.as_str()))
        .collect();
    // nl/a.md inherits APP-A and does not declare it: nl/c.md is the one to change.
    assert!(
        codes.contains(&("duplicate-help-id", "content/nl/c.md")),
        "{codes:?}"
    );
    assert!(
        !codes
            .iter()
            .any(|(c, f)| *c == "duplicate-help-id" && *f != "content/nl/c.md"),
        "{codes:?}"
    );
    assert!(
        codes.contains(&("front-matter", "content/en/d.md")),
        "{codes:?}"
    );
}

#[test]
fn redirect_from_writes_the_old_address_and_links_to_it_lead_to_the_page() {
    let site = two_locale_site();
    let root = site.path();
    write(
        root,
        "content/en/b.md",
        "---\nms.assetid: B\nredirect_from: [old/beta.md, /b-old.md]\n---\n# Beta\n\n## Setup\n",
    );
    write(
        root,
        "content/en/index.md",
        "# Home\n\n[B](old/beta.md#setup) and [B2](b-old.md)\n",
    );
    let (exit, found) = check(root, &[]);
    assert_eq!(exit, 0, "{found:?}");
    let warned: Vec<&(String, String, String)> = found
        .iter()
        .filter(|(c, _, _)| c == "redirected-link")
        .collect();
    assert_eq!(warned.len(), 2, "{found:?}");
    assert!(warned.iter().all(|(_, f, _)| f == "content/en/index.md"));
    assert!(warned.iter().any(|(_, _, s)| s == "link to `b.md` instead"));

    let out = root.join("public");
    build(root, &out);
    // The link in the page goes straight to the page, fragment kept.
    let home = std::fs::read_to_string(out.join("en/index.html")).unwrap();
    let doc = Html::parse_document(&home);
    let hrefs: Vec<&str> = doc
        .select(&sel("main a[href]"))
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert!(hrefs.contains(&"b.html#setup"), "{hrefs:?}");
    assert!(hrefs.contains(&"b.html"), "{hrefs:?}");
    // Each old address, in each locale (nl inherits from its source), leads to the page.
    for (old, new) in [
        ("en/old/beta.html", "en/b.html"),
        ("en/b-old.html", "en/b.html"),
        ("nl/old/beta.html", "nl/b.html"),
    ] {
        assert_eq!(redirect_target(&out, old).as_deref(), Some(new), "{old}");
        let html = std::fs::read_to_string(out.join(old)).unwrap();
        let doc = Html::parse_document(&html);
        let refresh = doc
            .select(&sel("meta[http-equiv=refresh]"))
            .next()
            .unwrap()
            .value()
            .attr("content")
            .unwrap()
            .to_string();
        let url = refresh.split("url=").nth(1).unwrap();
        assert_eq!(resolve(old, url), new, "{old}: meta refresh");
    }
    let urls = json_file(&out.join("urls.json"));
    let b = urls["pages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["url"] == "en/b.html")
        .unwrap();
    assert_eq!(
        b["redirects"],
        serde_json::json!(["en/b-old.html", "en/old/beta.html"])
    );
    assert!(
        dead_links(&out, "/").is_empty(),
        "{:?}",
        dead_links(&out, "/")
    );
}

#[test]
fn redirect_from_a_page_that_still_exists_or_the_builds_own_is_an_error() {
    let site = two_locale_site();
    let root = site.path();
    write(
        root,
        "content/en/b.md",
        "---\nms.assetid: B\nredirect_from: [a.md, 404.md, fine.md]\n---\n# Beta\n",
    );
    let (exit, found) = check(root, &[]);
    assert_eq!(exit, 1);
    let errors: Vec<&(String, String, String)> = found
        .iter()
        .filter(|(c, f, _)| c == "redirect-from" && f == "content/en/b.md")
        .collect();
    assert_eq!(
        errors.len(),
        2,
        "a.md is a page, 404.md the build's own: {found:?}"
    );
}

/// Release 1 of the two-locale site; returns its urls.json.
fn release_one(root: &Path) -> std::path::PathBuf {
    let out = root.join("release-1");
    build(root, &out);
    out.join("urls.json")
}

#[test]
fn check_against_names_each_vanished_address_anchor_and_id_with_what_to_add() {
    let site = two_locale_site();
    let root = site.path();
    let old = release_one(root);
    // Renamed (same ms.assetid), an anchor's heading reworded, an ID dropped.
    std::fs::rename(
        root.join("content/en/b.md"),
        root.join("content/en/beta.md"),
    )
    .unwrap();
    write(root, "content/en/index.md", "# Home\n\n[B](beta.md)\n");
    write(root, "content/nl/index.md", "# Start\n\n[B](beta.md)\n");
    write(
        root,
        "content/en/a.md",
        "---\nms.assetid: A\nhelp_id: APP-A\n---\n# Alpha\n\n## The first step\n",
    );
    let (exit, found) = check(root, &["--against", old.to_str().unwrap()]);
    assert_eq!(exit, 1, "{found:?}");
    let expected = [
        (
            "vanished-url",
            "content/en/beta.md",
            "the page with the same ms.assetid is now en/beta.html: add to the front matter of this file: `redirect_from: [b.md]`",
        ),
        // nl showed the English page as its fallback; the same line brings it back.
        (
            "vanished-url",
            "content/en/beta.md",
            "the page with the same ms.assetid is now nl/beta.html: add to the front matter of this file: `redirect_from: [b.md]`",
        ),
        (
            "vanished-anchor",
            "content/en/a.md",
            "if the heading \"The first step\" replaced it, keep the old anchor in it: `## <a name=\"first-step\"></a>The first step`",
        ),
        (
            "vanished-help-id",
            "content/en/a.md",
            "give the page back its ID in its front matter: `help_id: [APP-A, APP-A2]`",
        ),
        (
            "vanished-help-id",
            "content/en/a.md",
            "give the page back its ID in its front matter: `help_id: [APP-A, APP-A2]`",
        ),
    ];
    let mut got: Vec<(&str, &str, &str)> = found
        .iter()
        .filter(|(c, _, _)| c.starts_with("vanished-"))
        .map(|(c, f, s)| (c.as_str(), f.as_str(), s.as_str()))
        .collect();
    got.sort();
    let mut want = expected.to_vec();
    want.sort();
    assert_eq!(got, want);
    // Nothing else is wrong with the new release (nl links to an untranslated page: a note).
    assert!(
        found
            .iter()
            .all(|(c, _, _)| c.starts_with("vanished-") || c == "fallback"),
        "{found:?}"
    );
    // A file that is not an earlier release's urls.json is a usage error.
    write(root, "bad.json", "{}");
    let o = run(
        &[
            "check",
            "--root",
            root.to_str().unwrap(),
            "--against",
            "bad.json",
        ],
        root,
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
}

#[test]
fn check_against_fix_adds_the_redirect_and_then_passes() {
    let site = two_locale_site();
    let root = site.path();
    let old = release_one(root);
    let old_urls = json_file(&old);
    let text =
        "---\r\nms.assetid: B\r\nhelp_id: APP-B\r\n---\r\n# Beta\r\n\r\n## Setup {#setup}\r\n";
    std::fs::remove_file(root.join("content/en/b.md")).unwrap();
    write(root, "content/en/guides/beta.md", text);
    let against = old.to_str().unwrap();
    let (exit, _) = check(root, &["--against", against]);
    assert_eq!(exit, 1);
    let o = run(
        &[
            "check",
            "--root",
            root.to_str().unwrap(),
            "--against",
            against,
            "--fix",
        ],
        root,
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // One line added before the closing fence, in the file's own line endings.
    assert_eq!(
        std::fs::read_to_string(root.join("content/en/guides/beta.md")).unwrap(),
        text.replace("---\r\n# Beta", "redirect_from: [b.md]\r\n---\r\n# Beta")
    );
    let out = root.join("release-2");
    build(root, &out);
    // Every address of release 1 is still there and leads to the same text.
    for entry in old_urls["pages"].as_array().unwrap() {
        let url = entry["url"].as_str().unwrap();
        let mut at = url.to_string();
        while let Some(next) = redirect_target(&out, &at) {
            at = next;
        }
        let before = h1(&std::fs::read_to_string(root.join("release-1").join(url)).unwrap());
        let after = h1(&std::fs::read_to_string(out.join(&at)).unwrap());
        assert_eq!(before, after, "{url} → {at}");
    }
}
