use std::path::Path;

use serde_json::json;

use super::*;
use crate::diagnostics::Severity;
use crate::offline::Generated;
use crate::render::context::{self, meta_tags};

fn fixture() -> Site {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/docfx");
    Site::load(&root).unwrap_or_else(|f| panic!("fixture loads: {:?}", f.0))
}

#[test]
fn meta_tags_drop_empty_values_and_lowercase_robots() {
    let meta = json!({"title": "T", "description": " ", "ROBOTS": "NOINDEX,NOFOLLOW", "ms.date": "01/04/2017", "ms.prod": null, "author": "x"});
    let tags = meta_tags(meta.as_object().unwrap());
    assert_eq!(
        tags,
        vec![
            json!({"name": "robots", "content": "noindex,nofollow"}),
            json!({"name": "ms.date", "content": "01/04/2017"})
        ]
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
            .get(&("nl".into(), "G/one.md".into()))
            .map(String::as_str),
        Some("G-renamed.md")
    );
    // A redirect is not translated, but old links in every locale keep working:
    // nl gets the redirect too, leading to nl's own translation of the target.
    let redirect = site.page("nl", "redirect.md").expect("nl redirect");
    let id = site.page_ids[&("nl".to_string(), "redirect.md".to_string())];
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
    let id = site.page_ids[&("nl".to_string(), "G-renamed.md".to_string())];
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
    let id = site.page_ids[&("nl".to_string(), "G/two.md".to_string())];
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
