//! `helpsite init`, `new` and `theme eject`, through the real binary: the
//! new site builds and checks clean, its translations are complete, pages
//! added by `new` are in the built navigation, and the ejected theme
//! renders exactly as the built-in one.

use std::path::Path;

use crate::support::*;

fn ok(o: &std::process::Output) -> String {
    assert!(o.status.success(), "{}", stderr(o));
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// `check --format json` finds nothing at all, and `l10n status` has
/// nothing to do.
fn assert_clean(root: &Path) {
    let o = run(&["check", "--format", "json"], root);
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(json["diagnostics"], serde_json::json!([]), "{json}");
    assert_eq!(o.status.code(), Some(0));
    let status = run(&["l10n", "status", "--format", "json"], root);
    let report: serde_json::Value = serde_json::from_slice(&status.stdout).unwrap();
    for locale in report["locales"].as_object().unwrap().values() {
        let summary = &locale["summary"];
        for key in [
            "outdated",
            "metadata-only",
            "untracked",
            "missing",
            "orphan",
        ] {
            assert_eq!(summary[key], 0, "{key} in {locale}");
        }
    }
}

fn html(path: &Path) -> scraper::Html {
    scraper::Html::parse_document(&std::fs::read_to_string(path).unwrap())
}

fn select<'a>(doc: &'a scraper::Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    doc.select(&scraper::Selector::parse(css).unwrap())
        .collect()
}

fn meta(doc: &scraper::Html, name: &str) -> String {
    select(doc, &format!("meta[name=\"{name}\"]"))[0]
        .value()
        .attr("content")
        .unwrap()
        .to_string()
}

const PAGE: &str = "a-new-page-does-not-show-up";

#[test]
fn init_makes_a_site_that_builds_checks_and_translates_clean() {
    let t = tempfile::tempdir().unwrap();
    let out = ok(&run(&["init", "deep/new site"], t.path()));
    assert!(
        out.contains("helpsite serve --root 'deep/new site'"),
        "{out}"
    );
    let root = t.path().join("deep/new site");
    let mut files: Vec<String> = walkdir::WalkDir::new(&root)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| e.path().strip_prefix(&root).unwrap().display().to_string())
        .collect();
    files.sort();
    assert_eq!(
        files,
        [
            "content/en/TOC.md",
            &format!("content/en/{PAGE}.md"),
            "content/en/index.md",
            "content/nl/TOC.md",
            &format!("content/nl/{PAGE}.md"),
            "content/nl/index.md",
            "site.toml",
        ]
    );
    assert_clean(&root);
    let o = run(&["build", "--out", "../out"], &root);
    ok(&o);
    let built = t.path().join("deep/out");
    let home = html(&built.join("en/index.html"));
    let links: Vec<&str> = select(&home, "main a[href]")
        .iter()
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert!(
        links.contains(&format!("{PAGE}.html").as_str()),
        "{links:?}"
    );

    let en = html(&built.join(format!("en/{PAGE}.html")));
    let nl = html(&built.join(format!("nl/{PAGE}.html")));
    let source = std::fs::read_to_string(root.join(format!("content/en/{PAGE}.md"))).unwrap();
    let front = front_matter_lines(&source);
    assert_eq!(meta(&en, "ms.assetid"), front["ms.assetid"]);
    assert_eq!(meta(&nl, "ms.assetid"), front["ms.assetid"]);
    let date = meta(&en, "ms.date");
    assert_eq!(date, front["ms.date"]);
    assert!(
        date.len() == 10 && date.as_bytes()[2] == b'/' && date.as_bytes()[5] == b'/',
        "{date}"
    );
    assert!(front["help_id"].len() > 1);
    let switch = |doc: &scraper::Html, lang: &str| {
        select(doc, &format!("a[hreflang=\"{lang}\"][lang=\"{lang}\"]"))[0]
            .value()
            .attr("href")
            .unwrap()
            .to_string()
    };
    assert_eq!(switch(&en, "nl"), format!("../nl/{PAGE}.html"));
    assert_eq!(switch(&nl, "en"), format!("../en/{PAGE}.html"));
    assert!(built.join("en/go").is_dir() || built.join("go").is_dir());
}

#[test]
fn init_makes_two_sites_with_their_own_asset_ids() {
    let t = tempfile::tempdir().unwrap();
    ok(&run(&["init", "a"], t.path()));
    ok(&run(&["init", "--root", "b"], t.path()));
    let id = |site: &str| {
        let text =
            std::fs::read_to_string(t.path().join(site).join("content/en/index.md")).unwrap();
        front_matter_lines(&text)["ms.assetid"].clone()
    };
    assert_ne!(id("a"), id("b"));
}

#[test]
fn init_with_another_source_language_is_clean_and_names_it() {
    let t = tempfile::tempdir().unwrap();
    ok(&run(&["init", "--locales", "de,en", "s"], t.path()));
    let root = t.path().join("s");
    let toml = std::fs::read_to_string(root.join("site.toml")).unwrap();
    assert!(toml.contains("default_locale = \"de\""), "{toml}");
    assert_clean(&root);
    ok(&run(&["build"], &root));
    let de = html(&root.join("public/en/index.html"));
    let names: Vec<String> = select(&de, "a[hreflang=\"de\"][lang=\"de\"]")
        .iter()
        .map(|a| a.text().collect::<String>())
        .collect();
    assert!(names.iter().any(|n| n.contains("Deutsch")), "{names:?}");
}

#[test]
fn init_refuses_what_is_not_an_empty_folder_and_writes_nothing() {
    let t = tempfile::tempdir().unwrap();
    let bad = run(&["init", "--locales", "en,../x", "s"], t.path());
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("`../x`"), "{}", stderr(&bad));
    assert!(!t.path().join("s").exists());

    write(t.path(), "full/notes.txt", "mine");
    let o = run(&["init", "full"], t.path());
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("notes.txt") && stderr(&o).contains("--force"));
    ok(&run(&["init", "full", "--force"], t.path()));
    assert_eq!(
        std::fs::read_to_string(t.path().join("full/notes.txt")).unwrap(),
        "mine"
    );
    assert_clean(&t.path().join("full"));

    // Again with --force: every starter file is in the way now.
    let before = snapshot_tree(&t.path().join("full"));
    let o = run(&["init", "full", "--force"], t.path());
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("content/en/index.md (a file)"),
        "{}",
        stderr(&o)
    );
    assert_eq!(snapshot_tree(&t.path().join("full")), before);

    write(t.path(), "file", "x");
    let o = run(&["init", "file"], t.path());
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("a file, not a folder"),
        "{}",
        stderr(&o)
    );
    assert_eq!(std::fs::read_to_string(t.path().join("file")).unwrap(), "x");
}

#[test]
fn new_adds_the_page_and_the_built_toc_leads_to_it() {
    let t = tempfile::tempdir().unwrap();
    ok(&run(&["init", "s"], t.path()));
    let root = t.path().join("s");
    let out = ok(&run(
        &["new", "--root", "s", "content/en/printers/add-a-printer.md"],
        t.path(),
    ));
    assert!(out.contains("content/en/TOC.md"), "{out}");
    // Relative to the current folder, inside the root.
    let inside = root.join("content/en");
    ok(&run(
        &[
            "new",
            "--root",
            "../..",
            "--help-id",
            "MAIL",
            "set-up-mail.md",
        ],
        &inside,
    ));
    let page = std::fs::read_to_string(root.join("content/en/printers/add-a-printer.md")).unwrap();
    let front = front_matter_lines(&page);
    assert_eq!(front["title"], "'Add a printer'");
    assert!(!front.contains_key("help_id"));
    let mail = std::fs::read_to_string(inside.join("set-up-mail.md")).unwrap();
    assert_eq!(front_matter_lines(&mail)["help_id"], "MAIL");
    assert_ne!(front["ms.assetid"], front_matter_lines(&mail)["ms.assetid"]);
    assert!(helpsite::l10n::dates::parse(&front["ms.date"]).is_ok());

    let o = run(&["check", "--format", "json"], &root);
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(json["diagnostics"], serde_json::json!([]), "{json}");
    ok(&run(&["build"], &root));
    // The sidebar of a page the TOC governs.
    let page = html(&root.join(format!("public/en/{PAGE}.html")));
    let href = select(&page, "a[href]")
        .iter()
        .find(|a| a.text().collect::<String>().trim() == "Add a printer")
        .and_then(|a| a.value().attr("href"))
        .expect("the TOC entry in the navigation")
        .to_string();
    let target = html(&root.join("public/en").join(&href));
    let h1: String = select(&target, "h1")[0].text().collect();
    assert_eq!(h1.trim(), "Add a printer");
    assert!(
        root.join("public/go/MAIL.html").is_file() || root.join("public/en/go/MAIL.html").is_file()
    );
}

#[test]
fn new_keeps_a_crlf_toc_crlf_and_every_other_byte() {
    let t = minimal_site();
    let toc = "<!-- kept -->\r\n# [Home](index.md)\r\n## [A](a.md)\r\n\r\n";
    write(t.path(), "content/en/TOC.md", toc);
    write(t.path(), "content/en/a.md", "# A\n");
    ok(&run(&["new", "content/en/b.md"], t.path()));
    assert_eq!(
        std::fs::read_to_string(t.path().join("content/en/TOC.md")).unwrap(),
        "<!-- kept -->\r\n# [Home](index.md)\r\n## [A](a.md)\r\n## [B](b.md)\r\n\r\n"
    );
    write(
        t.path(),
        "content/en/sub/toc.yml",
        "- name: X\r\n  href: x.md\r\n",
    );
    write(t.path(), "content/en/sub/x.md", "# X\n");
    ok(&run(&["new", "content/en/sub/setup.md"], t.path()));
    assert_eq!(
        std::fs::read_to_string(t.path().join("content/en/sub/toc.yml")).unwrap(),
        "- name: X\r\n  href: x.md\r\n- name: Setup\r\n  href: setup.md\r\n"
    );
    // No TOC governs a page of a site without one: said, none written.
    let bare = minimal_site();
    let out = ok(&run(&["new", "content/en/z.md"], bare.path()));
    assert!(out.contains("Not in a table of contents"), "{out}");
    assert!(!bare.path().join("content/en/TOC.md").exists());
}

#[test]
fn theme_eject_renders_byte_for_byte_as_the_built_in_theme() {
    let t = tempfile::tempdir().unwrap();
    ok(&run(&["init", "s"], t.path()));
    let root = t.path().join("s");
    ok(&run(&["build", "--out", "../before"], &root));
    let out = ok(&run(&["theme", "eject"], &root));
    assert!(out.contains("templates/page.html") && out.contains("locales/nl/ui.ftl"));
    assert!(!root.join("static/helpsite.js").exists());
    assert_clean(&root);
    ok(&run(&["build", "--out", "../after"], &root));
    let before = snapshot_tree(&t.path().join("before"));
    let after = snapshot_tree(&t.path().join("after"));
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>()
    );
    // The offline cache's version counts a copied file by its size and
    // modification time, and the ejected static files are new files: the
    // version is the one difference there may be.
    let version = |tree: &std::collections::BTreeMap<String, Vec<u8>>| {
        let sw = String::from_utf8(tree["sw.js"].clone()).unwrap();
        sw.split('"').nth(1).unwrap().to_string()
    };
    let (old, new) = (version(&before), version(&after));
    for (name, bytes) in &before {
        let same = String::from_utf8_lossy(&after[name]).replace(&new, &old);
        assert!(same.as_bytes() == bytes.as_slice(), "{name} differs");
    }

    // A second eject, or `init --theme`, overwrites nothing.
    std::fs::write(root.join("templates/page.html"), "mine").unwrap();
    let o = run(&["init", "--theme", "--root", "s"], t.path());
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("templates/page.html (a file)"),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        std::fs::read_to_string(root.join("templates/page.html")).unwrap(),
        "mine"
    );
}

/// A translation tree kept beside the site (`[locales.nl] content =
/// "../nl-tree"`) takes new pages named from the site root through `..`,
/// or from inside that tree, and nothing else: a `..` after a folder name
/// is refused, and the built nl navigation leads to both new pages.
#[test]
fn new_writes_into_a_locale_folder_beside_the_site() {
    let t = tempfile::tempdir().unwrap();
    ok(&run(&["init", "site"], t.path()));
    let root = t.path().join("site");
    std::fs::rename(root.join("content/nl"), t.path().join("nl-tree")).unwrap();
    let toml = std::fs::read_to_string(root.join("site.toml")).unwrap();
    let toml: String = toml
        .lines()
        .filter(|l| !l.starts_with("locales ="))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(
        root.join("site.toml"),
        format!("{toml}\n[locales.en]\n[locales.nl]\ncontent = \"../nl-tree\"\n"),
    )
    .unwrap();
    assert_clean(&root);

    ok(&run(&["new", "../nl-tree/printers.md"], &root));
    ok(&run(
        &["new", "--root", "../site", "mobile/phones.md"],
        &t.path().join("nl-tree"),
    ));
    let refused = run(&["new", "../nl-tree/../x.md"], &root);
    assert_eq!(refused.status.code(), Some(2), "{}", stderr(&refused));
    assert!(!t.path().join("x.md").exists());
    assert!(t.path().join("nl-tree/printers.md").is_file());
    assert!(t.path().join("nl-tree/mobile/phones.md").is_file());
    assert!(!root.join("content/nl").exists());

    let o = run(&["check", "--format", "json"], &root);
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(json["diagnostics"], serde_json::json!([]), "{json}");
    ok(&run(&["build", "--out", "../out"], &root));
    let page = html(&t.path().join(format!("out/nl/{PAGE}.html")));
    let hrefs: Vec<String> = select(&page, "a[href]")
        .iter()
        .filter_map(|a| a.value().attr("href").map(str::to_string))
        .collect();
    for page in ["printers.html", "mobile/phones.html"] {
        assert!(hrefs.iter().any(|h| h == page), "{page} not in {hrefs:?}");
        assert!(t.path().join("out/nl").join(page).is_file());
    }
}
