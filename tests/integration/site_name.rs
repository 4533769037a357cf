//! The site's name in each locale's language (`[titles]` in `site.toml`),
//! untranslated pages marked where another locale lists them, and what
//! every page asks of its host: an icon inside the site, a manifest that
//! stock servers type correctly, and no dotfile of helpsite's own.

use std::path::Path;

use scraper::{Html, Selector};

use crate::support::{html_files, run, sample_site, stderr, write};

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

fn texts(html: &str, selector: &str) -> Vec<String> {
    Html::parse_document(html)
        .select(&sel(selector))
        .map(|e| e.text().collect::<String>().trim().to_string())
        .collect()
}

fn build(root: &Path) -> std::collections::BTreeMap<String, String> {
    let o = run(&["build", "--out", "public"], root);
    assert!(o.status.success(), "{}", stderr(&o));
    html_files(&root.join("public"))
}

#[test]
fn every_page_shows_the_site_name_of_its_locale() {
    let site = sample_site();
    let pages = build(site.path());
    let page = "connect-to-company-wifi.html";
    for (locale, name) in [("en", "Company help"), ("nl", "Bedrijfshulp")] {
        for rel in [
            format!("{locale}/{page}"),
            format!("{locale}/index.html"),
            format!("{locale}/search.html"),
            format!("{locale}/404.html"),
        ] {
            let html = &pages[&rel];
            assert_eq!(texts(html, ".site-title"), [name], "{rel}");
            let title = &texts(html, "title")[0];
            assert!(title.ends_with(name), "{rel}: {title}");
        }
        let article = &pages[&format!("{locale}/{page}")];
        let print = &texts(article, ".print-source")[0];
        assert!(print.starts_with(&format!("{name} · ")), "{print}");
    }
    // The chooser and the go/ pages: each language's name of the site, in
    // an element marked with that language.
    for rel in ["index.html", "go/CERT-MISSING.html"] {
        let doc = Html::parse_document(&pages[rel]);
        let named: Vec<(String, String)> = doc
            .select(&sel(".language-list li"))
            .map(|li| {
                let site_name = li.select(&sel(".language-site")).next().unwrap();
                let lang = li.value().attr("lang").unwrap().to_string();
                (lang, site_name.text().collect())
            })
            .collect();
        assert_eq!(
            named,
            [
                ("en".to_string(), "Company help".to_string()),
                ("nl".to_string(), "Bedrijfshulp".to_string())
            ],
            "{rel}"
        );
    }
    // One manifest for the site: the default name.
    let manifest = std::fs::read_to_string(site.path().join("public/manifest.json")).unwrap();
    let manifest: serde_json::Value = serde_json::from_str(&manifest).unwrap();
    assert_eq!(manifest["name"], "Company help");
}

#[test]
fn a_generated_home_has_its_locale_s_name_as_its_h1() {
    let site = sample_site();
    for locale in ["en", "nl"] {
        std::fs::remove_file(site.path().join(format!("content/{locale}/index.md"))).unwrap();
    }
    // The TOCs' links to the homes' Markdown are broken now: written all the same.
    run(&["build", "--out", "public", "--keep-going"], site.path());
    let pages = html_files(&site.path().join("public"));
    assert_eq!(texts(&pages["nl/index.html"], "main h1"), ["Bedrijfshulp"]);
    assert_eq!(texts(&pages["nl/index.html"], "title"), ["Bedrijfshulp"]);
    assert_eq!(texts(&pages["en/index.html"], "main h1"), ["Company help"]);
}

#[test]
fn every_page_links_its_icon_inside_the_site_and_nothing_helpsite_publishes_is_hidden() {
    let site = sample_site();
    let pages = build(site.path());
    let out = site.path().join("public");
    for (rel, html) in &pages {
        let doc = Html::parse_document(html);
        let icons: Vec<&str> = doc
            .select(&sel("head link[rel~=icon]"))
            .map(|l| l.value().attr("href").unwrap())
            .collect();
        assert_eq!(icons.len(), 1, "{rel}: {icons:?}");
        // The 404 pages start at base_path; every other page is relative.
        let expected = if rel.ends_with("404.html") {
            "/help/icon.svg".to_string()
        } else {
            format!("{}icon.svg", "../".repeat(rel.matches('/').count()))
        };
        assert_eq!(icons[0], expected, "{rel}");
    }
    assert!(out.join("icon.svg").is_file());
    assert!(out.join("manifest.json").is_file());
    assert!(!out.join("manifest.webmanifest").exists());
    let dotfiles: Vec<String> = walkdir::WalkDir::new(&out)
        .into_iter()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with('.'))
        .map(|e| e.path().display().to_string())
        .collect();
    assert!(dotfiles.is_empty(), "{dotfiles:?}");
}

#[test]
fn untranslated_pages_listed_in_dutch_carry_their_language_and_a_marker() {
    let site = sample_site();
    let root = site.path();
    std::fs::remove_file(root.join("content/nl/connect-to-company-wifi.md")).unwrap();
    let pages = build(root);
    let link = "a[href$='connect-to-company-wifi.html']";
    // The home's list names it as the Dutch TOC does, in Dutch, marked.
    let home = Html::parse_document(&pages["nl/index.html"]);
    let listed: Vec<_> = home.select(&sel(&format!(".all-pages {link}"))).collect();
    assert_eq!(listed.len(), 1);
    assert!(listed[0].select(&sel("[lang]")).next().is_none());
    let marker = listed[0].select(&sel(".untranslated")).next().unwrap();
    let shown: String = marker
        .select(&sel("[aria-hidden=true]"))
        .flat_map(|e| e.text())
        .collect();
    let heard: String = marker
        .select(&sel(".hs-visually-hidden"))
        .flat_map(|e| e.text())
        .collect();
    assert_eq!(shown, "(Engels)");
    assert_eq!(heard, "(in het Engels, nog niet vertaald)");
    // The Dutch TOC names the page in Dutch: no lang on the title, the
    // marker all the same.
    let article = &pages["nl/your-device-is-missing-a-required-certificate-android.html"];
    let doc = Html::parse_document(article);
    let entry = doc
        .select(&sel(&format!(".site-toc {link}")))
        .next()
        .expect("the sidebar lists the page");
    assert!(
        entry.select(&sel("[lang]")).next().is_none(),
        "{}",
        entry.html()
    );
    assert_eq!(
        entry
            .select(&sel(".untranslated [aria-hidden=true]"))
            .flat_map(|e| e.text())
            .collect::<String>(),
        "(Engels)"
    );
    // Nothing is marked where every page is translated.
    for (rel, html) in &pages {
        if rel.starts_with("en/") {
            assert!(!html.contains("class=\"untranslated\""), "{rel}");
        }
    }
}

#[test]
fn a_locale_without_its_own_toc_marks_the_default_locale_s_titles() {
    let site = sample_site();
    let root = site.path();
    std::fs::remove_file(root.join("content/nl/TOC.md")).unwrap();
    std::fs::remove_file(root.join("content/nl/connect-to-company-wifi.md")).unwrap();
    let pages = build(root);
    let doc = Html::parse_document(
        &pages["nl/your-device-is-missing-a-required-certificate-android.html"],
    );
    let entry = doc
        .select(&sel(".site-toc a[href$='connect-to-company-wifi.html']"))
        .next()
        .expect("the sidebar lists the page");
    let html = entry.html();
    assert!(
        html.contains("<span lang=\"en\">Connect to your company's Wi-Fi</span>"),
        "{html}"
    );
    assert!(html.contains("(Engels)"), "{html}");
    // A translated page under the English TOC's title: lang, no marker.
    let translated = doc
        .select(&sel(
            ".site-toc a[href$='missing-a-preinstalled-certificate-android.html']",
        ))
        .next()
        .unwrap()
        .html();
    assert!(translated.contains("<span lang=\"en\">"), "{translated}");
    assert!(!translated.contains("untranslated"), "{translated}");
    assert!(
        texts(&pages["nl/index.html"], ".all-pages span[lang=en]")
            .contains(&"Connect to your company's Wi-Fi".to_string()),
        "the home lists it under its English title"
    );
}

#[test]
fn bad_site_titles_are_config_errors_at_their_place() {
    for (titles, at, says) in [
        ("[titles]\nnl = \"\"\n", "site.toml:3:6: error:", "is empty"),
        (
            "[titles]\nnl = \"Bedrijfs\\nhulp\"\n",
            "site.toml:3:6: error:",
            "control character",
        ),
        (
            "[titles]\nfr = \"Aide\"\n",
            "site.toml:3:1: error:",
            "content/fr/",
        ),
        (
            "[titles]\n\"<script>\" = \"x\"\n",
            "site.toml:3:1: error:",
            "BCP 47",
        ),
        (
            &format!("[titles]\nnl = \"{}\"\n", "x".repeat(100_000)),
            "site.toml:3:6: error:",
            "at most 200",
        ),
        (
            "[titles]\nnl = 1e999\n",
            "site.toml:3:6: error:",
            "overflow",
        ),
        ("[titles]\nnl = [1]\n", "site.toml:3:6: error:", "string"),
    ] {
        let site = sample_site();
        let root = site.path();
        // The sample's own titles go; the table under test takes their place.
        let toml = std::fs::read_to_string(root.join("site.toml")).unwrap();
        let kept: String = toml
            .lines()
            .filter(|l| !l.starts_with("titles ="))
            .map(|l| format!("{l}\n"))
            .collect();
        let first_line_of_table = kept.lines().count() + 1;
        write(root, "site.toml", format!("{kept}{titles}"));
        let o = run(&["check"], root);
        let err = format!("{}{}", stderr(&o), String::from_utf8_lossy(&o.stdout));
        assert_ne!(o.status.code(), Some(0), "{titles}");
        let at = at.replace(
            "site.toml:3:",
            &format!("site.toml:{}:", first_line_of_table + 1),
        );
        assert!(err.contains(&at), "{titles}: expected {at} in\n{err}");
        assert!(err.contains(says), "{titles}: {err}");
        assert!(err.contains("[config]"), "{err}");
    }
}
