//! YAML landing and hub pages (`tests/fixtures/landing/`): an en Landing
//! page with its nl translation, an en Hub page that nl falls back to, TOCs
//! whose first entry is the landing page, and Markdown pages linking back.
//! They are pages everywhere: rendered with the theme, their links resolved
//! and followed, in TOCs, breadcrumbs, search, `urls.json`, help IDs and
//! the translation status.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use scraper::{Html, Selector};

use crate::support::*;

/// The fixture copied and built once per run: the site's root and its output.
fn built() -> &'static (PathBuf, PathBuf) {
    static BUILT: OnceLock<(PathBuf, PathBuf)> = OnceLock::new();
    BUILT.get_or_init(|| {
        let dir = fixture_dir("landing");
        let root = dir.join("site");
        copy_dir(&repo().join("tests/fixtures/landing"), &root);
        let out = dir.join("out");
        let o = run(&["build", "--out", out.to_str().unwrap()], &root);
        assert!(o.status.success(), "{}", stderr(&o));
        (root, out)
    })
}

fn page(rel: &str) -> Html {
    let (_, out) = built();
    let text = std::fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
    Html::parse_document(&text)
}

fn hrefs(html: &Html, css: &str) -> Vec<(String, String)> {
    let sel = Selector::parse(css).unwrap();
    html.select(&sel)
        .map(|a| {
            (
                a.value().attr("href").unwrap_or_default().to_string(),
                a.text().collect::<String>().trim().to_string(),
            )
        })
        .collect()
}

fn main_html(html: &Html) -> String {
    let sel = Selector::parse("main").unwrap();
    html.select(&sel).next().expect("a main").html()
}

/// Each relative link or picture of `rel`'s article leads to a file of the
/// output, and each `#fragment` to an id of the page it names.
fn assert_followed(out: &Path, rel: &str) {
    let html = page(rel);
    let dir = Path::new(rel).parent().unwrap();
    let sel = Selector::parse("article a[href], article img[src]").unwrap();
    let mut followed = 0;
    for e in html.select(&sel) {
        let url = e.value().attr("href").or(e.value().attr("src")).unwrap();
        if url.contains("://") {
            continue;
        }
        let (path, fragment) = url.split_once('#').unwrap_or((url, ""));
        let target = out.join(dir).join(percent_decode(path));
        assert!(target.is_file(), "{rel}: `{url}` leads nowhere");
        if !fragment.is_empty() {
            let linked = Html::parse_document(&std::fs::read_to_string(&target).unwrap());
            assert!(
                anchors(&linked).iter().any(|a| a == fragment),
                "{rel}: `{url}` has no such anchor"
            );
        }
        followed += 1;
    }
    assert!(followed > 0, "{rel} links nowhere");
}

#[test]
fn landing_and_hub_pages_render_with_their_links_resolved_and_followed() {
    let (_, out) = built();
    for rel in [
        "en/intune/index.html",
        "nl/intune/index.html",
        "en/hub/index.html",
        "nl/hub/index.html",
    ] {
        assert_followed(out, rel);
    }
    let landing = page("en/intune/index.html");
    let links = hrefs(&landing, "article a");
    assert!(links.contains(&("what-it-does.html".into(), "What the service does".into())));
    assert!(links.contains(&(
        "enrol.html#before-you-begin".into(),
        "Enrol a device".into()
    )));
    assert!(links.contains(&("../hub/index.html".into(), "All products".into())));
    assert!(links.contains(&(
        "https://example.org/standards".into(),
        "Standards body".into()
    )));
    let hub = page("en/hub/index.html");
    let sel = Selector::parse("article img").unwrap();
    let images: Vec<&str> = hub
        .select(&sel)
        .filter_map(|i| i.value().attr("src"))
        .collect();
    assert_eq!(images, ["media/tools.svg", "media/phone.svg"]);
    assert!(out.join("en/hub/media/tools.svg").is_file());
    // No YAML reaches a reader: neither as a link nor as a published file.
    for rel in [
        "en/index.html",
        "en/intune/what-it-does.html",
        "en/hub/index.html",
    ] {
        for (href, _) in hrefs(&page(rel), "a") {
            assert!(!href.contains(".yml"), "{rel}: {href}");
        }
    }
    assert!(!out.join("en/intune/index.yml").exists());
    // Written as DocFX sites link to a product's landing page: without an
    // extension, or to its folder.
    let enrol = hrefs(&page("en/intune/enrol.html"), "article a");
    assert!(
        enrol.contains(&("index.html".into(), "the overview".into())),
        "{enrol:?}"
    );
    assert!(
        enrol.contains(&("../hub/index.html".into(), "product hub".into())),
        "{enrol:?}"
    );
    // The nl home links to the hub nl lacks: its fallback copy, in nl's folder.
    assert!(hrefs(&page("nl/index.html"), "article a")
        .contains(&("hub/index.html".into(), "productpagina".into())));
    let sel = Selector::parse(".fallback-notice").unwrap();
    assert_eq!(page("nl/hub/index.html").select(&sel).count(), 1);
    assert_eq!(page("nl/intune/index.html").select(&sel).count(), 0);
}

#[test]
fn tocs_and_breadcrumbs_lead_to_landing_pages() {
    let html = page("en/intune/what-it-does.html");
    let toc = hrefs(&html, "nav.site-toc a");
    assert_eq!(
        toc[0],
        ("index.html".to_string(), "Device management".to_string())
    );
    let unresolved = Selector::parse("nav.site-toc .unresolved").unwrap();
    assert_eq!(html.select(&unresolved).count(), 0);
    let crumbs = hrefs(&html, "nav.breadcrumbs a");
    assert_eq!(
        crumbs,
        [
            ("../index.html".to_string(), "Help home".to_string()),
            ("index.html".to_string(), "Device management".to_string())
        ]
    );
    // The root TOC names both YAML pages; the hub is not placed under the
    // landing page beside it.
    let home = page("en/index.html");
    let sections = hrefs(&home, "main a");
    assert!(
        sections.iter().any(|(h, _)| h == "intune/index.html"),
        "{sections:?}"
    );
    assert!(
        sections.iter().any(|(h, _)| h == "hub/index.html"),
        "{sections:?}"
    );
    let hub_crumbs = hrefs(&page("en/hub/index.html"), "nav.breadcrumbs a");
    assert!(
        hub_crumbs.iter().all(|(_, t)| t != "Device management"),
        "{hub_crumbs:?}"
    );
}

#[test]
fn search_urls_and_help_ids_include_landing_pages() {
    let (_, out) = built();
    let mut docs = String::new();
    for entry in walk_files(&out.join("en/search-index")) {
        docs.push_str(&std::fs::read_to_string(entry).unwrap());
    }
    assert!(
        docs.contains("\"hub/index.html\",\"Product hub\",\"Every product in one place."),
        "{docs}"
    );
    for words in [
        "Ask your administrator",
        "Programs that help",
        "Standards body",
    ] {
        assert!(docs.contains(words), "search lacks {words}");
    }
    let urls: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("urls.json")).unwrap()).unwrap();
    let pages = urls["pages"].as_array().unwrap();
    for (url, source) in [
        ("en/hub/index.html", "content/en/hub/index.yml"),
        ("en/intune/index.html", "content/en/intune/index.yml"),
        ("nl/intune/index.html", "content/nl/intune/index.yml"),
    ] {
        assert!(
            pages
                .iter()
                .any(|p| p["url"] == url && p["source"] == source),
            "urls.json lacks {url}"
        );
    }
    let ids: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("help-ids.json")).unwrap()).unwrap();
    let devices = &ids["help_ids"]["DEVICES-HOME"]["pages"];
    assert_eq!(devices["en"]["url"], "en/intune/index.html");
    assert_eq!(devices["nl"]["url"], "nl/intune/index.html");
    assert_eq!(devices["nl"]["translated"], true);
    assert_eq!(
        ids["help_ids"]["PRODUCT-HUB"]["pages"]["en"]["url"],
        "en/hub/index.html"
    );
    assert!(out.join("go/PRODUCT-HUB.html").is_file());
}

fn walk_files(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            found.extend(walk_files(&path));
        } else {
            found.push(path);
        }
    }
    found
}

#[test]
fn nl_landing_pages_pair_with_en_and_report_their_status() {
    let (root, _) = built();
    let o = run(&["l10n", "status", "--format", "json"], root);
    let json: serde_json::Value =
        serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", stderr(&o)));
    let text = json.to_string();
    let status_of = |path: &str| {
        let pages = json["locales"]["nl"]["pages"]
            .as_array()
            .unwrap_or_else(|| panic!("{text}"));
        pages
            .iter()
            .find(|p| p["source"] == path)
            .map(|p| p["status"].as_str().unwrap().to_string())
    };
    // Paired, with no translation stamp to tell whether it is current.
    assert_eq!(
        status_of("intune/index.yml").as_deref(),
        Some("untracked"),
        "{text}"
    );
    assert_eq!(
        status_of("hub/index.yml").as_deref(),
        Some("missing"),
        "{text}"
    );
}

#[test]
fn check_is_clean_and_data_yaml_is_no_page() {
    let (root, out) = built();
    let o = run(&["check", "--format", "json"], root);
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let diags = json["diagnostics"].as_array().unwrap();
    assert!(diags.iter().all(|d| d["severity"] == "info"), "{diags:?}");
    assert!(!out.join("en/zone-pivot-groups.html").exists());
    assert!(!out.join("en/intune/breadcrumb/toc.html").exists());
}

#[test]
fn the_rendered_main_of_landing_and_hub_pages() {
    insta::assert_snapshot!(
        "landing_page_main",
        main_html(&page("en/intune/index.html"))
    );
    insta::assert_snapshot!("hub_page_main", main_html(&page("en/hub/index.html")));
}

/// The fixture with `edit` applied to a fresh copy, and `check`'s JSON
/// diagnostics as `(code, file, line, column)`.
fn checked_copy(edit: impl FnOnce(&Path)) -> Vec<(String, String, u64, u64)> {
    let t = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("tests/fixtures/landing"), t.path());
    edit(t.path());
    let o = run(&["check", "--format", "json"], t.path());
    let json: serde_json::Value =
        serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", stderr(&o)));
    json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["file"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
            )
        })
        .filter(|d| d.0 != "fallback")
        .collect()
}

#[test]
fn broken_links_and_pictures_are_reported_at_their_yaml_line() {
    let file = "content/en/hub/more.yml";
    let diags = checked_copy(|root| {
        write(
            root,
            file,
            "### YamlMime:Hub\n\
             title: More\n\
             highlightedContent:\n\
             \x20 items:\n\
             \x20   - title: Gone\n\
             \x20     url: ../intune/gone.md\n\
             \x20   - title: Script\n\
             \x20     url: \"javascript:alert(1)\"\n\
             \x20   - title: Picture\n\
             \x20     url: ../intune/enrol.md\n\
             \x20     imageSrc: media/missing.svg\n\
             \x20   - title: Anchor\n\
             \x20     url: ../intune/enrol.md#nowhere\n",
        );
    });
    let at =
        |code: &str, line: u64, column: u64| (code.to_string(), file.to_string(), line, column);
    assert!(diags.contains(&at("broken-link", 6, 12)), "{diags:?}");
    assert!(diags.contains(&at("unsafe-url", 8, 13)), "{diags:?}");
    assert!(diags.contains(&at("missing-media", 11, 17)), "{diags:?}");
    assert!(diags.contains(&at("broken-anchor", 13, 12)), "{diags:?}");
    assert_eq!(diags.len(), 4, "{diags:?}");
}

#[test]
fn unknown_yaml_types_and_invalid_landing_yaml_are_said() {
    let diags = checked_copy(|root| {
        write(
            root,
            "content/en/learn/module.yml",
            "### YamlMime:Module\ntitle: A module\n",
        );
        write(root, "content/en/data.yml", "# no type\nitems: [1, 2]\n");
        write(
            root,
            "content/en/broken/index.yml",
            "### YamlMime:Landing\ntitle: Broken\nlandingContent:\n  - title: [unclosed\n    linkLists: []\n",
        );
    });
    assert!(
        diags.contains(&(
            "yaml-page".into(),
            "content/en/learn/module.yml".into(),
            1,
            1
        )),
        "{diags:?}"
    );
    assert!(
        diags
            .iter()
            .any(|d| d.0 == "yaml-syntax" && d.1 == "content/en/broken/index.yml" && d.2 >= 4),
        "{diags:?}"
    );
    assert!(
        diags.iter().all(|d| d.1 != "content/en/data.yml"),
        "{diags:?}"
    );
    assert_eq!(diags.len(), 2, "{diags:?}");
}

#[test]
fn translations_of_yaml_pages_are_not_stamped_or_exported_as_markdown() {
    let t = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("tests/fixtures/landing"), t.path());
    let o = run(
        &["l10n", "add", "--locale", "nl", "hub/index.yml"],
        t.path(),
    );
    assert!(!o.status.success());
    assert!(stderr(&o).contains("not stamped yet"), "{}", stderr(&o));
    let copy = t.path().join("content/nl/hub/index.yml");
    // Whatever was copied still starts with its YamlMime line: still a page.
    if let Ok(text) = std::fs::read_to_string(&copy) {
        assert!(text.starts_with("### YamlMime:Hub"), "{text}");
    }
    let xlf = t.path().join("nl.xlf");
    let o = run(
        &[
            "l10n",
            "export",
            "--locale",
            "nl",
            "--out",
            xlf.to_str().unwrap(),
        ],
        t.path(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("note: hub/index.yml is a YAML landing or hub page: not exported"),
        "{}",
        stderr(&o)
    );
    let xliff = std::fs::read_to_string(&xlf).unwrap();
    assert!(!xliff.contains("original=\"hub/index.yml\""), "{xliff}");
    assert!(!xliff.contains("linkListType"), "{xliff}");
}

#[test]
fn wrong_shapes_links_without_url_or_text_and_anchors_on_the_page_itself_are_said() {
    let file = "content/en/hub/shapes.yml";
    let diags = checked_copy(|root| {
        write(
            root,
            file,
            "### YamlMime:Landing\n\
             title: [a, b]\n\
             summary: {x: 1}\n\
             metadata:\n\
             \x20 - a list\n\
             landingContent:\n\
             \x20 - 5\n\
             \x20 - title: Card\n\
             \x20   linkLists:\n\
             \x20     links: {}\n\
             \x20 - title: Links\n\
             \x20   linkLists:\n\
             \x20     - linkListType: overview\n\
             \x20       links:\n\
             \x20         - text: Nowhere\n\
             \x20         - url: ../intune/enrol.md\n\
             \x20         - text: Self\n\
             \x20           url: \"#nope\"\n",
        );
    });
    let at =
        |code: &str, line: u64, column: u64| (code.to_string(), file.to_string(), line, column);
    let expected = [
        at("yaml-syntax", 2, 1),
        at("yaml-syntax", 3, 1),
        at("yaml-syntax", 4, 1),
        at("yaml-syntax", 7, 5),
        at("yaml-syntax", 9, 5),
        at("yaml-syntax", 15, 13),
        at("yaml-syntax", 16, 18),
        at("broken-anchor", 18, 19),
    ];
    for d in &expected {
        assert!(diags.contains(d), "{d:?} in {diags:?}");
    }
    assert_eq!(diags.len(), expected.len(), "{diags:?}");
}
