//! DocFX repositories built where they stand: `tests/fixtures/docfx-repos/`
//! holds an English repository (`docs/`) and its Dutch mirror
//! (`docs.nl-nl/`), each with its own `docfx.json` and redirection file,
//! and `bilingual/site.toml`, which builds both as one site.

use std::path::{Path, PathBuf};

use scraper::{Html, Selector};

use crate::support::*;

fn repos() -> PathBuf {
    repo().join("tests/fixtures/docfx-repos")
}

/// `git status` of the fixture: building and checking must leave it as it was.
fn fixture_status() -> String {
    let o = std::process::Command::new("git")
        .args([
            "status",
            "--porcelain",
            "--ignored",
            "--untracked-files=all",
            ".",
        ])
        .current_dir(repos())
        .output()
        .expect("git");
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn build(root: &Path) -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    let o = run(
        &[
            "build",
            "--root",
            root.to_str().unwrap(),
            "--out",
            out.path().to_str().unwrap(),
        ],
        &repr_cwd(),
    );
    assert!(o.status.success(), "build failed:\n{}", stderr(&o));
    out
}

fn repr_cwd() -> PathBuf {
    std::env::temp_dir()
}

fn page(out: &Path, rel: &str) -> Html {
    let text = std::fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
    Html::parse_document(&text)
}

fn meta(html: &Html, name: &str) -> Option<String> {
    let sel = Selector::parse(&format!("meta[name=\"{name}\"]")).unwrap();
    html.select(&sel)
        .next()
        .and_then(|m| m.value().attr("content").map(str::to_string))
}

fn title(html: &Html) -> String {
    let sel = Selector::parse("title").unwrap();
    html.select(&sel)
        .next()
        .map(|t| t.text().collect())
        .unwrap_or_default()
}

/// The redirect page at `rel`'s target, resolved against its folder.
fn redirect_target(out: &Path, rel: &str) -> String {
    let html = page(out, rel);
    let sel = Selector::parse("meta[http-equiv=\"refresh\"]").unwrap();
    let content = html
        .select(&sel)
        .next()
        .and_then(|m| m.value().attr("content"))
        .unwrap_or_else(|| panic!("{rel} is no redirect page"))
        .to_string();
    let url = content
        .split_once("url=")
        .map(|(_, u)| u)
        .unwrap_or_default();
    if url.starts_with("https://") {
        return url.to_string();
    }
    let folder = Path::new(rel).parent().unwrap();
    let target = folder.join(url.split('#').next().unwrap());
    let mut parts: Vec<String> = Vec::new();
    for c in target.components() {
        match c.as_os_str().to_str().unwrap() {
            ".." => {
                parts.pop();
            }
            "." => {}
            s => parts.push(s.to_string()),
        }
    }
    parts.join("/")
}

#[test]
fn the_english_repository_builds_where_it_stands() {
    let before = fixture_status();
    let out = build(&repos().join("docs"));
    let out = out.path();
    for present in [
        "en/index.html",
        "en/enroll/android.html",
        "en/enroll/ios.html",
        "en/archive/old-policy.html",
        "en/media/phone.svg",
    ] {
        assert!(out.join(present).is_file(), "{present} missing");
    }
    for absent in [
        "en/drafts/secret.html",
        "en/includes/support.html",
        "en/media/phone-source.txt",
    ] {
        assert!(!out.join(absent).exists(), "{absent} is published");
    }

    let android = page(out, "en/enroll/android.html");
    // `titleSuffix` is the site's name; the page's own `| Contoso Help` is taken off.
    assert_eq!(title(&android), "Enroll an Android phone – Contoso Help");
    let text = std::fs::read_to_string(out.join("en/enroll/android.html")).unwrap();
    assert!(
        text.contains("extension 4357"),
        "the include is read though excluded"
    );
    assert!(text.contains("href=\"ios.html\""), "~/ link: {text}");
    let old = page(out, "en/archive/old-policy.html");
    assert_eq!(meta(&old, "robots").as_deref(), Some("noindex, nofollow"));
    assert_eq!(meta(&android, "robots"), None);

    // Redirects: followed to their end, each target exists.
    assert_eq!(
        redirect_target(out, "en/enroll/old-android.html"),
        "en/enroll/android.html"
    );
    assert_eq!(
        redirect_target(out, "en/enroll/oldest-android.html"),
        "en/enroll/android.html"
    );
    assert_eq!(
        redirect_target(out, "en/contact.html"),
        "https://support.contoso.example/contact?from=help"
    );
    for rel in [
        "en/enroll/old-android.html",
        "en/enroll/oldest-android.html",
    ] {
        let target = redirect_target(out, rel);
        assert!(out.join(&target).is_file(), "{rel} → {target}");
    }

    assert_eq!(fixture_status(), before, "the build changed the repository");
}

#[test]
fn check_of_the_repository_is_clean_and_writes_nothing() {
    let before = fixture_status();
    let o = run(
        &["check", "--root", repos().join("docs").to_str().unwrap()],
        &repr_cwd(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(fixture_status(), before);
}

#[test]
fn both_repositories_build_as_one_bilingual_site() {
    let before = fixture_status();
    let out = build(&repos().join("bilingual"));
    let out = out.path();
    assert!(out.join("en/enroll/android.html").is_file());
    let nl = std::fs::read_to_string(out.join("nl/enroll/android.html")).unwrap();
    assert!(nl.contains("Een Android-telefoon inschrijven"), "{nl}");
    assert!(nl.contains("toestel 4357"), "the Dutch include");
    // Not translated: the English page stands in for it.
    let fallback = std::fs::read_to_string(out.join("nl/enroll/ios.html")).unwrap();
    assert!(fallback.contains("Enroll an iPhone"), "fallback");
    // The switcher leads from each language's page to the other's.
    assert!(nl.contains("hreflang=\"en\""), "switcher");
    let en = std::fs::read_to_string(out.join("en/enroll/android.html")).unwrap();
    assert!(en.contains("hreflang=\"nl\""), "switcher");
    assert!(!out.join("nl/drafts/geheim.html").exists());
    assert!(!out.join("en/drafts/secret.html").exists());
    let old = page(out, "nl/archive/old-policy.html");
    assert_eq!(meta(&old, "robots").as_deref(), Some("noindex, nofollow"));
    // A NOINDEX page (here by fileMetadata) is left out of the sitemap, as
    // one with ROBOTS in its own front matter is.
    let sitemap = std::fs::read_to_string(out.join("sitemap.xml")).unwrap();
    assert!(sitemap.contains("/en/enroll/android.html"), "{sitemap}");
    assert!(!sitemap.contains("old-policy"), "{sitemap}");
    for rel in [
        "en/enroll/old-android.html",
        "nl/enroll/old-android.html",
        "en/enroll/oldest-android.html",
    ] {
        let target = redirect_target(out, rel);
        assert!(out.join(&target).is_file(), "{rel} → {target}");
    }
    assert_eq!(fixture_status(), before);
}

#[test]
fn init_from_docfx_writes_a_site_toml_that_builds() {
    let t = tempfile::tempdir().unwrap();
    copy_dir(&repos().join("docs"), &t.path().join("docs"));
    copy_dir(&repos().join("docs.nl-nl"), &t.path().join("docs.nl-nl"));
    let site = t.path().join("site");
    let o = run(
        &[
            "init",
            site.to_str().unwrap(),
            "--from-docfx",
            t.path().join("docs").to_str().unwrap(),
        ],
        t.path(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let toml = std::fs::read_to_string(site.join("site.toml")).unwrap();
    assert!(toml.contains("docfx = \"../docs/docfx.json\""), "{toml}");
    assert!(
        toml.contains("docfx = \"../docs.nl-nl/docfx.json\""),
        "{toml}"
    );
    let o = run(
        &[
            "check",
            "--root",
            site.to_str().unwrap(),
            "--format",
            "json",
        ],
        t.path(),
    );
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(json["summary"]["errors"], 0, "{json}");
    // The Dutch repository's locale is `nl-NL`, for which helpsite has no
    // strings of its own: its readers get the built-in Dutch ones.
    assert_eq!(json["summary"]["warnings"], 0, "{json}");
    assert!(o.status.success(), "{}", stderr(&o));
    let out = build(&site);
    let home = page(out.path(), "nl-NL/index.html");
    let placeholder: Vec<&str> = home
        .select(&scraper::Selector::parse("input[type=search]").unwrap())
        .filter_map(|i| i.value().attr("placeholder"))
        .collect();
    assert_eq!(placeholder, ["Zoeken"]);
}
