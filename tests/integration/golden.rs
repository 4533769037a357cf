//! Golden tests: each DocFX construct and each diagnostic code on a small
//! fixture site of our own (tests/fixtures/docfx), snapshotted with insta.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::support::*;
use scraper::{Html, Selector};

fn fixture() -> tempfile::TempDir {
    let t = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("tests/fixtures/docfx"), t.path());
    t
}

/// The fixture built once per run; its output folder.
fn built() -> &'static Path {
    static BUILT: OnceLock<PathBuf> = OnceLock::new();
    BUILT.get_or_init(|| {
        let dir = fixture_dir("golden");
        copy_dir(&repo().join("tests/fixtures/docfx"), &dir);
        let o = run(&["build", "--keep-going"], &dir);
        assert_eq!(
            o.status.code(),
            Some(1),
            "the fixture has errors on purpose: {}",
            stderr(&o)
        );
        dir.join("public")
    })
}

fn fragment(out: &Path, page: &str, selector: &str) -> String {
    let html =
        std::fs::read_to_string(out.join(page)).unwrap_or_else(|_| panic!("{page} not built"));
    let doc = Html::parse_document(&html);
    let sel = Selector::parse(selector).unwrap();
    doc.select(&sel)
        .map(|e| e.html())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn check_json_of_the_fixture() {
    let t = fixture();
    let o = run(&["check", "--format", "json"], t.path());
    assert_eq!(o.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    insta::assert_snapshot!("check_json", serde_json::to_string_pretty(&json).unwrap());
}

#[test]
fn check_text_groups_by_file_with_carets_and_no_color_when_piped() {
    let t = fixture();
    let o = run(&["check"], t.path());
    let err = stderr(&o);
    assert!(!err.contains('\x1b'), "no color codes off a terminal");
    insta::assert_snapshot!("check_text", err);
}

#[test]
fn alerts() {
    let out = built();
    insta::assert_snapshot!("alerts", fragment(&out, "en/alerts.html", "article"));
}

#[test]
fn alerts_are_labelled_in_the_page_language() {
    let out = built();
    // nl has no translation of alerts.md: its fallback page uses nl's UI strings.
    let nl = fragment(&out, "nl/alerts.html", "div.alert.note p.alert-title");
    assert!(nl.contains(">Opmerking<"), "{nl}");
}

#[test]
fn includes() {
    let out = built();
    insta::assert_snapshot!("includes", fragment(&out, "en/including.html", "article"));
}

#[test]
fn selector_marks_the_current_page() {
    let out = built();
    insta::assert_snapshot!(
        "selector_android",
        fragment(&out, "en/selector-android.html", "article")
    );
    let ios = fragment(
        &out,
        "en/selector-ios.html",
        "nav.op_single_selector a[aria-current=page]",
    );
    assert!(
        ios.contains("selector-ios.html") && !ios.contains("selector-android"),
        "{ios}"
    );
    // The list written after the marker without `>` belongs to the selector too.
    insta::assert_snapshot!(
        "selector_ios_lazy_list",
        fragment(&out, "en/selector-ios.html", "article")
    );
}

#[test]
fn links() {
    let out = built();
    insta::assert_snapshot!("links", fragment(&out, "en/links.html", "article"));
}

/// DocFX's author classes keep their markup for the theme to style, and both
/// lightbox forms link to the large picture with DocFX's `#lightbox`.
#[test]
fn docfx_classes() {
    let out = built();
    insta::assert_snapshot!("classes", fragment(out, "en/classes.html", "article"));
}

#[test]
fn toc_navigation() {
    let out = built();
    insta::assert_snapshot!(
        "toc_two",
        fragment(
            &out,
            "en/G/two.html",
            "nav.site-toc, nav.breadcrumbs, nav.prev-next"
        )
    );
    // TOC files are not pages.
    assert!(!out.join("en/G/TOC.html").exists());
}

#[test]
fn redirect_page() {
    let out = built();
    let html = std::fs::read_to_string(out.join("en/redirect.html")).unwrap();
    let doc = Html::parse_document(&html);
    let attr = |sel: &str, name: &str| {
        doc.select(&Selector::parse(sel).unwrap())
            .next()
            .and_then(|e| e.value().attr(name))
            .map(str::to_string)
    };
    assert_eq!(
        attr("meta[http-equiv=refresh]", "content").as_deref(),
        Some("0; url=G/one.html")
    );
    assert_eq!(
        attr("link[rel=canonical]", "href").as_deref(),
        Some("G/one.html")
    );
    assert_eq!(attr("main a", "href").as_deref(), Some("G/one.html"));
}

#[test]
fn fallback_page_and_renamed_translation() {
    let out = built();
    let notice = fragment(&out, "nl/alerts.html", "p.fallback-notice");
    assert!(
        notice.contains("niet in het Nederlands vertaald"),
        "{notice}"
    );
    let lang = fragment(&out, "nl/alerts.html", "article[lang=en]");
    assert!(!lang.is_empty(), "fallback content is marked as English");
    // en's G/one.md is translated as nl/G-renamed.md (same ms.assetid): no fallback page.
    assert!(!out.join("nl/G/one.html").exists());
    let switch = fragment(&out, "en/G/one.html", "nav.language-switch a[hreflang=nl]");
    assert!(switch.contains("../../nl/G-renamed.html"), "{switch}");
}

#[test]
fn fix_rewrites_only_case_mismatches() {
    let t = fixture();
    let before = std::fs::read(t.path().join("content/en/links.md")).unwrap();
    let o = run(&["check", "--fix"], t.path());
    let after = std::fs::read(t.path().join("content/en/links.md")).unwrap();
    let expected = String::from_utf8(before)
        .unwrap()
        .replace("(G/ONE.md)", "(G/one.md)")
        .replace("(media/shot.png)", "(media/Shot.PNG)");
    assert_eq!(String::from_utf8(after).unwrap(), expected);
    let err = stderr(&o);
    assert!(
        err.contains("content/en/links.md:15:10: fixed: `G/ONE.md` → `G/one.md`"),
        "{err}"
    );
    assert!(
        !err.contains("[case-mismatch]"),
        "checked again after fixing: {err}"
    );
}

#[test]
fn severity_overrides_from_site_toml() {
    let t = fixture();
    let toml = std::fs::read_to_string(t.path().join("site.toml")).unwrap();
    std::fs::write(
        t.path().join("site.toml"),
        format!("{toml}\n[diagnostics]\nexternal-embed = \"error\"\nbroken-link = \"warning\"\n"),
    )
    .unwrap();
    let o = run(&["check", "--format", "json"], t.path());
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let severity_of = |code: &str| -> Vec<String> {
        json["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["code"] == code)
            .map(|d| d["severity"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(severity_of("external-embed"), ["error"]);
    assert!(severity_of("broken-link").iter().all(|s| s == "warning"));
}
