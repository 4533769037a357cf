use std::path::Path;

use serde_json::json;

use super::*;
use crate::diagnostics::Severity;
use crate::keys::ByPage;
use crate::offline::Generated;
use crate::render::context::{self, meta_tags};

fn fixture() -> Site {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/docfx");
    Site::load(&root).unwrap_or_else(|f| panic!("fixture loads: {:?}", f.0))
}

#[test]
fn meta_tags_drop_empty_values_and_lowercase_robots() {
    let meta = json!({"title": "T", "description": " ", "ROBOTS": "NOINDEX,NOFOLLOW", "ms.date": "01/04/2017", "ms.prod": null, "author": "x"});
    let meta = crate::frontmatter::Meta::from_entries(meta.as_object().unwrap().clone());
    let tags = serde_json::to_value(meta_tags(&meta)).unwrap();
    assert_eq!(
        tags,
        json!([
            {"name": "robots", "content": "noindex,nofollow"},
            {"name": "ms.date", "content": "01/04/2017"}
        ])
    );
}

#[test]
fn untranslated_pages_get_fallback_pages_in_other_locales() {
    let site = fixture();
    let fallback = site
        .page("nl", "alerts.md")
        .expect("nl fallback for alerts.md");
    let source = site.page("en", "alerts.md").unwrap();
    assert!(
        matches!(fallback.kind, PageKind::Fallback { source: s } if std::ptr::eq(&site.pages[s], source))
    );
    // Renamed by assetid: no fallback at the source's path.
    assert!(site.page("nl", "G/one.md").is_none());
    assert_eq!(
        site.pairing
            .translation_of
            .at("nl", "G/one.md")
            .map(String::as_str),
        Some("G-renamed.md")
    );
    // A redirect is not translated, but old links in every locale keep working:
    // nl gets the redirect too, leading to nl's own translation of the target.
    let redirect = site.page("nl", "redirect.md").expect("nl redirect");
    let id = site.page_id("nl", "redirect.md").unwrap();
    assert_eq!(redirect.template(), "redirect.html");
    assert_eq!(
        context::page(&site, &Generated::default(), id).into_json()["page"]["redirect_url"],
        "G-renamed.html"
    );
}

#[test]
fn counterpart_is_the_translation_or_the_locale_home() {
    let site = fixture();
    let one = site.page("en", "G/one.md").unwrap();
    assert_eq!(
        site.counterpart(one, "nl"),
        ("G-renamed.md".to_string(), true)
    );
    let renamed = site.page("nl", "G-renamed.md").unwrap();
    assert_eq!(
        site.counterpart(renamed, "en"),
        ("G/one.md".to_string(), true)
    );
    let alerts = site.page("en", "alerts.md").unwrap();
    assert_eq!(site.counterpart(alerts, "nl").0, "index.md");
}

#[test]
fn page_context_links_translations_with_hreflang_and_x_default() {
    let site = fixture();
    let id = site.page_id("nl", "G-renamed.md").unwrap();
    let ctx = context::page(&site, &Generated::default(), id).into_json();
    let alternates = &ctx["page"]["alternates"];
    assert_eq!(
        alternates,
        &json!([
            {"hreflang": "en", "url": "../en/G/one.html"},
            {"hreflang": "x-default", "url": "../en/G/one.html"},
            {"hreflang": "nl", "url": "G-renamed.html"},
        ])
    );
    assert_eq!(ctx["root"], "../");
    assert_eq!(ctx["home"], "index.html");
}

#[test]
fn pages_know_their_source_dependencies() {
    let site = fixture();
    let page = site.page("en", "including.md").unwrap();
    let deps = page.source_dependencies();
    for f in [
        "content/en/including.md",
        "content/en/includes/outer.md",
        "content/en/includes/inner.md",
        "content/en/includes/inline.md",
    ] {
        assert!(deps.contains(f), "{f} missing from {deps:?}");
    }
}

#[test]
fn diagnostics_apply_overrides_and_are_sorted() {
    let mut site = fixture();
    site.config
        .diagnostics
        .insert("broken-link".into(), Severity::Info);
    let diags = crate::build::diagnostics(&site, &[]);
    assert!(diags.iter().any(|d| d.code == "broken-link"));
    assert!(diags
        .iter()
        .filter(|d| d.code == "broken-link")
        .all(|d| d.severity == Severity::Info));
    let mut sorted = diags.clone();
    crate::diagnostics::sort(&mut sorted);
    assert_eq!(diags, sorted);
}

#[test]
fn a_locale_without_its_own_toc_navigates_by_the_default_one() {
    let site = fixture();
    // nl has no TOC of its own, no translation of G/two.md (a fallback page)
    // and G/one.md translated under another name.
    let id = site.page_id("nl", "G/two.md").unwrap();
    assert!(matches!(site.pages[id].kind, PageKind::Fallback { .. }));
    let page = context::page(&site, &Generated::default(), id).into_json()["page"].clone();
    let guide = &page["toc"][0];
    assert_eq!(guide["title"], "Guide");
    assert_eq!(guide["open"], true);
    let one = &guide["children"][0];
    assert_eq!(
        one["url"], "../G-renamed.html",
        "leads to the nl translation"
    );
    assert_eq!(one["children"][0]["current"], true);
    assert_eq!(one["children"][0]["url"], "two.html");
    assert_eq!(page["prev"]["url"], "../G-renamed.html");
    assert_eq!(page["next"]["url"], "../redirect.html");
    let crumbs: Vec<&str> = page["breadcrumbs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["title"].as_str().unwrap())
        .collect();
    assert_eq!(crumbs, ["Startpagina van de help", "Guide", "One"]);
}

/// A site whose TOC lists one page (`listed.md`) and names one that does not
/// exist; `hub.md` is unlisted but linked from the listed page, `leaf.md` is
/// linked only from `hub.md`, and `lost.md` from nowhere.
fn navigation_site() -> (tempfile::TempDir, Site) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let write = |p: &str, text: &str| {
        let path = root.join(p);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write("site.toml", "title = 'Help'\ndefault_locale = 'en'\n");
    write("content/en/index.md", "# Home\n");
    write(
        "content/en/G/TOC.md",
        "# Guide\n## [Listed](listed.md)\n## [Gone](gone.md)\n",
    );
    write("content/en/G/listed.md", "# Listed\n\nSee [hub](hub.md).\n");
    write("content/en/G/hub.md", "# Hub\n\nSee [leaf](leaf.md).\n");
    write("content/en/G/leaf.md", "# Leaf\n\nText.\n");
    write("content/en/G/lost.md", "# Lost\n\nText.\n");
    let site = Site::load(root).unwrap_or_else(|f| panic!("site loads: {:?}", f.0));
    (dir, site)
}

fn nav_of(site: &Site, path: &str) -> serde_json::Value {
    let id = site.page_id("en", path).unwrap();
    context::page(site, &Generated::default(), id).into_json()["page"].clone()
}

fn crumbs(page: &serde_json::Value) -> Vec<(String, Option<String>)> {
    page["breadcrumbs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let url = c["url"].as_str().map(str::to_string);
            (c["title"].as_str().unwrap().to_string(), url)
        })
        .collect()
}

#[test]
fn unlisted_pages_hang_under_the_listed_page_they_are_reached_from() {
    let (_dir, site) = navigation_site();
    let home = ("Help home".to_string(), Some("../index.html".to_string()));
    let guide = ("Guide".to_string(), None);
    let listed = ("Listed".to_string(), Some("listed.html".to_string()));
    let hub = ("Hub".to_string(), Some("hub.html".to_string()));

    let page = nav_of(&site, "G/hub.md");
    assert_eq!(crumbs(&page), [home.clone(), guide.clone(), listed.clone()]);
    let entry = &page["toc"][0]["children"][0];
    assert_eq!(
        (entry["near"].clone(), entry["current"].clone()),
        (json!(true), json!(false))
    );
    assert!(page.get("prev").is_none() && page.get("next").is_none());

    // Through one page in between, which joins the trail.
    let page = nav_of(&site, "G/leaf.md");
    assert_eq!(crumbs(&page), [home.clone(), guide.clone(), listed, hub]);

    // Reached from nowhere: under the TOC's single top entry.
    assert_eq!(crumbs(&nav_of(&site, "G/lost.md")), [home, guide]);

    // The home has no breadcrumb of its own and no sidebar.
    let index = nav_of(&site, "index.md");
    assert!(index.get("breadcrumbs").is_none() && index.get("toc").is_none());

    // Search names the section each page belongs to.
    let section = |p: &str| site.place(site.page("en", p).unwrap()).section(&site);
    assert_eq!(section("G/listed.md"), "Guide");
    assert_eq!(section("G/hub.md"), "Listed");
    assert_eq!(section("G/leaf.md"), "Hub");
}

#[test]
fn an_unresolved_toc_entry_is_neither_a_link_nor_the_current_page() {
    let (_dir, site) = navigation_site();
    let gone = nav_of(&site, "G/listed.md")["toc"][0]["children"][1].clone();
    assert_eq!(gone["title"], "Gone");
    assert_eq!(gone["unresolved"], true);
    assert_eq!(gone["url"], serde_json::Value::Null);
    assert_eq!(gone["current"], false);
}

#[test]
fn the_home_lists_every_page_once_in_toc_order() {
    let (_dir, site) = navigation_site();
    let tree = crate::render::listing::tree(&site, "en");
    let rows = crate::render::listing::Rows::new(&tree);
    // Short enough to be shown whole on the home.
    assert!(rows.fits_home());
    let pages = serde_json::to_value(rows.home("en", "en").0).unwrap();
    let mut seen = Vec::new();
    fn walk(v: &serde_json::Value, seen: &mut Vec<String>) {
        for e in v.as_array().unwrap() {
            if let Some(u) = e["url"].as_str() {
                seen.push(u.to_string());
            }
            walk(&e["children"], seen);
        }
    }
    walk(&pages, &mut seen);
    // Unlisted pages under the entry they hang from; the lost one under
    // the TOC's top entry; the TOC entry that leads nowhere left out.
    assert_eq!(
        seen,
        ["G/listed.html", "G/hub.html", "G/leaf.html", "G/lost.html"]
    );
}

#[cfg(unix)]
#[test]
fn a_source_that_became_a_named_pipe_is_an_error_not_a_wait() {
    let t = tempfile::tempdir().unwrap();
    let pipe = t.path().join("page.md");
    let made = std::process::Command::new("mkfifo")
        .arg(&pipe)
        .status()
        .is_ok_and(|s| s.success());
    assert!(made, "mkfifo failed");
    // With a blocking open this call would never return: no writer comes.
    let err = super::load::read_text(&pipe, "content/en/page.md").unwrap_err();
    assert_eq!(err.code, crate::diagnostics::Code::Io);
    assert!(err.message.contains("named pipe"), "{}", err.message);
}

#[test]
fn released_sources_are_absent_not_empty() {
    let mut site = fixture();
    let before = site.diagnostics().len();
    let status_before =
        crate::translations::status::format_json(&crate::translations::status::status(&site));
    site.release_sources();
    assert!(site.pages().iter().all(|p| p.text().is_none()));
    assert!(site.pages().iter().all(|p| p.body().is_none()));
    // What quotes the Markdown was kept; what reads it says it is gone
    // rather than slicing an empty stand-in.
    assert_eq!(site.diagnostics().len(), before);
    let status_after =
        crate::translations::status::format_json(&crate::translations::status::status(&site));
    assert_ne!(status_after, "", "{status_before}");
}
