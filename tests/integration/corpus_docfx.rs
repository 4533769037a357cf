//! The real corpus as DocFX's readers saw it: list continuations keep their
//! screenshots, callout markers never show as text, the site's own
//! published addresses stay local, dates read in each locale's language,
//! and titles lose the site name the pages carry.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::support::*;
use scraper::{Html, Selector};

/// The corpus built with the settings a DocFX site moving here would use,
/// once per run: the folder holding `site/`, and the output.
fn built() -> Option<(&'static Path, PathBuf)> {
    static BUILT: OnceLock<PathBuf> = OnceLock::new();
    let source = corpus_source()?;
    let dir = BUILT.get_or_init(|| {
        let dir = fixture_dir("corpus-docfx");
        let root = dir.join("site");
        copy_dir(&source.join("site"), &root);
        let mut toml: String = std::fs::read_to_string(root.join("site.toml"))
            .unwrap_or_default()
            .lines()
            .filter(|l| !l.starts_with("link_prefixes") && !l.starts_with("title_suffixes"))
            .map(|l| format!("{l}\n"))
            .collect();
        toml.push_str(
            "link_prefixes = [\"/intune/\", \"https://docs.microsoft.com/intune/\"]\n\
             title_suffixes = [\"Microsoft Docs\"]\n",
        );
        std::fs::write(root.join("site.toml"), toml).unwrap();
        let o = run(
            &["build", "--root", root.to_str().unwrap(), "--keep-going"],
            &dir,
        );
        assert!(!stderr(&o).contains("panicked"), "{}", stderr(&o));
        assert!(
            root.join("public/nl/index.html").is_file(),
            "{}",
            stderr(&o)
        );
        dir
    });
    Some((dir, dir.join("site/public")))
}

fn select(html: &Html, css: &str) -> Vec<String> {
    let sel = Selector::parse(css).unwrap();
    html.select(&sel).map(|e| e.html()).collect()
}

/// The text of the page outside `<pre>` and `<code>`.
fn prose(html: &Html) -> String {
    let mut text = String::new();
    for node in html.root_element().descendants() {
        if let Some(t) = node.value().as_text() {
            let in_code = node.ancestors().any(|a| {
                a.value()
                    .as_element()
                    .is_some_and(|e| matches!(e.name(), "pre" | "code" | "script"))
            });
            if !in_code {
                text.push_str(t);
            }
        }
    }
    text
}

#[test]
fn no_markdown_or_markers_show_as_text() {
    let Some((_, out)) = built() else { return };
    let mut pages = 0;
    for (rel, text) in html_files(&out) {
        let html = Html::parse_document(&text);
        for pre in select(&html, "pre") {
            assert!(
                !pre.contains("![") && !pre.to_uppercase().contains("[!NOTE"),
                "{rel}: a code block shows Markdown: {pre}"
            );
        }
        let prose = prose(&html);
        if let Some(i) = prose.find("[!") {
            let marker: String = prose[i..].chars().take(30).collect();
            panic!("{rel}: marker text outside code: {marker}");
        }
        pages += 1;
    }
    assert!(pages > 200, "{pages}");
}

/// Screenshot names in the order the source writes them.
fn source_images(md: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(md).unwrap();
    let mut found = Vec::new();
    let mut rest = text.as_str();
    while let Some(i) = rest.find("](./media/") {
        let after = &rest[i + 2..];
        let end = after.find(')').unwrap();
        found.push(after[..end].trim().to_lowercase());
        rest = &after[end..];
    }
    found
}

#[test]
fn enrollment_pages_show_their_screenshots_in_order() {
    let Some((dir, out)) = built() else { return };
    let content = dir.join("site/content");
    for locale in ["en", "nl"] {
        for page in [
            "EndUser/enroll-your-device-in-Intune-android",
            "EndUser/enroll-your-device-in-intune-ios",
        ] {
            let want = source_images(&content.join(format!("{locale}/{page}.md")));
            assert!(want.len() >= 10, "{locale}/{page}: {want:?}");
            let html = std::fs::read_to_string(out.join(format!("{locale}/{page}.html"))).unwrap();
            let doc = Html::parse_document(&html);
            let sel = Selector::parse("article img").unwrap();
            let got: Vec<String> = doc
                .select(&sel)
                .filter_map(|e| e.value().attr("src"))
                .map(|s| format!("./{}", s.to_lowercase()))
                .collect();
            assert_eq!(got, want, "{locale}/{page}");
            // Each screenshot sits in the list item of its step.
            let in_items = Selector::parse("article ol > li img").unwrap();
            assert_eq!(doc.select(&in_items).count(), want.len(), "{locale}/{page}");
            assert!(select(&doc, "article pre").is_empty(), "{locale}/{page}");
        }
    }
}

#[test]
fn own_published_addresses_stay_local() {
    let Some((dir, out)) = built() else { return };
    let content = dir.join("site/content");
    let exists_locally = |url: &str| {
        let lower = url.to_lowercase();
        let Some(i) = lower.find("/intune/") else {
            return false;
        };
        let rest = lower[i + "/intune/".len()..]
            .split(['#', '?'])
            .next()
            .unwrap()
            .trim_end_matches(".md")
            .to_string();
        ["en", "nl"].iter().any(|l| {
            walkdir::WalkDir::new(content.join(l))
                .into_iter()
                .flatten()
                .any(|e| {
                    let rel = e.path().strip_prefix(content.join(l)).unwrap();
                    rel.to_string_lossy().to_lowercase() == format!("{rest}.md")
                })
        })
    };
    let mut checked = 0;
    for (rel, text) in html_files(&out) {
        let html = Html::parse_document(&text);
        let sel = Selector::parse("a[href], link[href], meta[http-equiv]").unwrap();
        for e in html.select(&sel) {
            let url = e
                .value()
                .attr("href")
                .or_else(|| {
                    e.value()
                        .attr("content")
                        .and_then(|c| c.split("url=").nth(1))
                })
                .unwrap_or("");
            if url.to_lowercase().contains("docs.microsoft.com") {
                checked += 1;
                assert!(
                    !exists_locally(url),
                    "{rel} still goes to the network for {url}"
                );
            }
        }
    }
    // Sources do write the published address, for pages that are here.
    let written = walkdir::WalkDir::new(&content)
        .into_iter()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .filter(|e| {
            let text = std::fs::read_to_string(e.path())
                .unwrap_or_default()
                .to_lowercase();
            text.match_indices("https://docs.microsoft.com/intune/")
                .any(|(i, _)| {
                    exists_locally(text[i..].split([')', ' ', '\r', '\n']).next().unwrap())
                })
        })
        .count();
    assert!(written >= 2, "{written}");
    eprintln!("{checked} links still go to docs.microsoft.com, none for a local page");
}

#[test]
fn the_dutch_certificate_redirect_lands_on_the_local_landing_page() {
    let Some((_, out)) = built() else { return };
    let page = out.join("nl/EndUser/your-device-is-missing-a-required-certificate-android.html");
    let html = Html::parse_document(&std::fs::read_to_string(&page).unwrap());
    let refresh = Selector::parse(r#"meta[http-equiv="refresh"]"#).unwrap();
    let content = html
        .select(&refresh)
        .next()
        .unwrap()
        .value()
        .attr("content")
        .unwrap();
    let target = content.split("url=").nth(1).unwrap();
    let link = Selector::parse("main a").unwrap();
    assert_eq!(
        html.select(&link).next().unwrap().value().attr("href"),
        Some(target)
    );
    // Followed as file:// would: relative to the page's folder, no server.
    assert!(
        !target.contains(':') && !target.starts_with('/'),
        "{target}"
    );
    let landed = page.parent().unwrap().join(percent_decode(target));
    assert_eq!(
        landed.canonicalize().unwrap(),
        out.join("nl/EndUser/your-device-is-missing-a-required-certificate-landing-android.html")
            .canonicalize()
            .unwrap()
    );
    let landing = std::fs::read_to_string(&landed).unwrap();
    assert!(
        landing.contains("<article"),
        "the landing page is a page, not another redirect"
    );
}

#[test]
fn dutch_pages_show_dutch_dates_and_titles_lose_the_site_name() {
    let Some((_, out)) = built() else { return };
    let months = [
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    ];
    let time = Selector::parse("p.page-date time[datetime]").unwrap();
    let title = Selector::parse("title").unwrap();
    let mut dated = 0;
    for (rel, text) in html_files(&out) {
        let html = Html::parse_document(&text);
        if let Some(t) = html.select(&title).next() {
            let t = t.text().collect::<String>();
            assert!(!t.contains("Microsoft Docs"), "{rel}: {t}");
        }
        if !rel.starts_with("nl/") {
            continue;
        }
        for e in html.select(&time) {
            let iso = e.value().attr("datetime").unwrap();
            let shown = e.text().collect::<String>();
            let month: usize = iso[5..7].parse().unwrap();
            let day: usize = iso[8..10].parse().unwrap();
            assert!(
                shown.contains(&format!("{day} {} {}", months[month - 1], &iso[..4])),
                "{rel}: {shown} for {iso}"
            );
            dated += 1;
        }
    }
    assert!(dated > 90, "{dated}");
}
