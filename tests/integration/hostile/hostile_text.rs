//! Text from an old urls.json or a translator's XLIFF never becomes markup or front matter of its own.

use super::*;

use helpsite::frontmatter::FrontMatter;
use scraper::{Html, Selector};

const SCRIPT: &str = "<script>alert(1)</script>";

/// Runs `helpsite args` with `--root`, failing the test if it takes longer than a minute.
fn helpsite_in(root: &Path, args: &[&str]) -> std::process::Output {
    let mut all: Vec<&str> = args.to_vec();
    all.extend(["--root", root.to_str().unwrap()]);
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_helpsite"))
        .args(&all)
        .current_dir(root)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while child.try_wait().unwrap().is_none() {
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            panic!("helpsite {args:?} did not finish within a minute");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

/// The front matter of a source file, parsed as a build parses it; fails
/// the test when the build would report it.
fn front_of(file: &Path) -> FrontMatter {
    let text = std::fs::read_to_string(file).unwrap();
    let mut diags = Vec::new();
    let front = FrontMatter::parse(&text, "page", &mut diags);
    assert!(diags.is_empty(), "{diags:?}\n{text}");
    front
}

/// Builds the site, which must succeed, and parses the page `rel` of the output.
fn built_page(root: &Path, rel: &str) -> Html {
    let o = helpsite_in(root, &["build"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    Html::parse_document(&std::fs::read_to_string(root.join("public").join(rel)).unwrap())
}

/// No script of the page runs text of its own: each is a file of the theme.
fn assert_no_inline_script(page: &Html) {
    for s in page.select(&Selector::parse("script").unwrap()) {
        assert!(
            s.value().attr("src").is_some() && s.text().all(|t| t.trim().is_empty()),
            "a script in the published page: {}",
            s.html()
        );
    }
}

fn text_of(page: &Html, selector: &str) -> Vec<String> {
    page.select(&Selector::parse(selector).unwrap())
        .map(|e| e.text().collect::<String>().trim().to_string())
        .collect()
}

// ── 5. check --against --fix: old paths are validated and quoted ─────────

#[test]
fn an_old_url_holding_front_matter_is_not_written_into_redirect_from() {
    let t = minimal_site();
    let root = t.path();
    let page = "---\r\nms.assetid: GUIDE\r\n---\r\n# Guide\r\n";
    write(root, "content/en/guide.md", page);
    let o = helpsite_in(root, &["build", "--out", "release-1"]);
    assert!(o.status.success(), "{}", stderr(&o));
    // An edited urls.json: two old addresses of the guide, one of them a path
    // that holds a fence, a script and another key.
    let urls = root.join("release-1/urls.json");
    let mut manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&urls).unwrap()).unwrap();
    let pages = manifest["pages"].as_array_mut().unwrap();
    let guide = pages.iter().find(|p| p["url"] == "en/guide.html").unwrap();
    let hostile_url = format!("en/x\n---\n{SCRIPT}\nhelp_id: X\n.html");
    let mut hostile = guide.clone();
    hostile["url"] = hostile_url.clone().into();
    let mut quoted = guide.clone();
    quoted["url"] = "en/old \"guide\", part #1.html".into();
    pages.extend([hostile, quoted]);
    std::fs::write(&urls, manifest.to_string()).unwrap();

    let o = helpsite_in(
        root,
        &["check", "--against", urls.to_str().unwrap(), "--fix"],
    );
    // Only the valid old path was added, quoted, on one line of its own.
    let fixed = std::fs::read_to_string(root.join("content/en/guide.md")).unwrap();
    assert_eq!(
        fixed,
        page.replace(
            "---\r\n# Guide",
            "redirect_from: [\"old \\\"guide\\\", part #1.md\"]\r\n---\r\n# Guide"
        )
    );
    let front = front_of(&root.join("content/en/guide.md"));
    assert_eq!(
        front.meta.get("redirect_from"),
        Some(&serde_json::json!(["old \"guide\", part #1.md"]))
    );
    assert_eq!(front.meta.get("help_id"), None);
    // The address that cannot be kept is still an error, shown escaped.
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let shown = hostile_url.escape_debug().to_string();
    assert!(stderr(&o).contains(&shown), "{}", stderr(&o));
    assert!(!stderr(&o).contains("\n---\n"), "{}", stderr(&o));
    let guide = built_page(root, "en/guide.html");
    assert_no_inline_script(&guide);
    assert_eq!(text_of(&guide, "h1"), ["Guide"]);
    // The old address that could be kept leads to the guide.
    let old = std::fs::read_to_string(root.join("public/en/old \"guide\", part #1.html")).unwrap();
    assert!(old.contains("guide.html"), "{old}");
}

// ── 6./7. l10n import: targets are text ──────────────────────────────────

/// A site with `content/en/c.md` and an nl locale, its nl handoff exported
/// and every unit's target set to its source; returns the handoff's path and text.
fn exported_identity(page: &str) -> (tempfile::TempDir, std::path::PathBuf, String) {
    let t = minimal_site();
    let root = t.path();
    write(root, "content/en/c.md", page);
    write(root, "content/nl/index.md", "# Start\n");
    let xlf = root.join("nl.xlf");
    let o = helpsite_in(
        root,
        &[
            "l10n",
            "export",
            "--locale",
            "nl",
            "--status",
            "missing",
            "--out",
            xlf.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let text = std::fs::read_to_string(&xlf).unwrap();
    let source = regex::Regex::new(
        r#"(?s)<source xml:space="preserve">(.*?)</source>\n(\s*)(?:<target[^>]*>.*?</target>\n\s*)?"#,
    )
    .unwrap();
    let identity = source
        .replace_all(&text, |c: &regex::Captures| {
            format!(
                "<source xml:space=\"preserve\">{0}</source>\n{1}<target xml:space=\"preserve\">{0}</target>\n{1}",
                &c[1], &c[2]
            )
        })
        .into_owned();
    (t, xlf, identity)
}

/// `handoff` with the first target that reads `source` replaced by `target` (XML).
fn translate(handoff: &str, source: &str, target: &str) -> String {
    let from = format!("<target xml:space=\"preserve\">{source}</target>");
    assert!(handoff.contains(&from), "{from} in {handoff}");
    handoff.replacen(
        &from,
        &format!("<target xml:space=\"preserve\">{target}</target>"),
        1,
    )
}

fn import(root: &Path, xlf: &Path, handoff: &str) {
    std::fs::write(xlf, handoff).unwrap();
    let o = helpsite_in(root, &["l10n", "import", xlf.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

#[test]
fn a_title_with_a_fence_line_stays_one_front_matter_value() {
    let page = "\u{feff}---\r\ntitle: Sign in\r\n# a comment\r\nms.assetid: C\r\n---\r\n# Sign in\r\n\r\nOpen the app.\r\n";
    let (t, xlf, handoff) = exported_identity(page);
    let root = t.path();
    let title = format!("Aanmelden\n---\n{SCRIPT}\nms.assetid: EVIL");
    let xml = title.replace('<', "&lt;").replace('>', "&gt;");
    import(root, &xlf, &translate(&handoff, "Sign in", &xml));
    let made = std::fs::read_to_string(root.join("content/nl/c.md")).unwrap();
    // The comment, key order, line endings and BOM are the source's; the
    // title is one value, indented under its key.
    assert!(
        made.starts_with("\u{feff}---\r\ntitle: |-\r\n  Aanmelden\r\n  ---\r\n  <script>alert(1)</script>\r\n  ms.assetid: EVIL\r\n# a comment\r\nms.assetid: C\r\nms.openlocfilehash: "),
        "{made}"
    );
    let front = front_of(&root.join("content/nl/c.md"));
    assert_eq!(front.get_str("title"), Some(title.clone()));
    assert_eq!(front.get_str("ms.assetid").as_deref(), Some("C"));
    assert_eq!(front.get_str("ms.sourcepath").as_deref(), Some("c.md"));
    assert!(front
        .get_str("ms.openlocfilehash")
        .is_some_and(|h| h.len() == 40));
    let body = &made[front.body_start..];
    assert!(
        body.starts_with("# Sign in\r\n\r\nOpen the app.\r\n"),
        "{body}"
    );
    let nl = built_page(root, "nl/c.html");
    assert_no_inline_script(&nl);
    let tab = text_of(&nl, "title").join("");
    assert!(tab.contains(SCRIPT), "the title shows as typed: {tab}");
}

#[test]
fn markup_typed_into_a_target_shows_as_text() {
    let page = "# Sign in\n\nOpen the [app](index.md) now.\nThen wait.\n\n| Name | Value |\n|---|---|\n| x | y |\n";
    let (t, xlf, handoff) = exported_identity(page);
    let root = t.path();
    // What the export protects, typed by hand: HTML, an entity, a link,
    // emphasis, a heading after the paragraph's own line break, a directive
    // after a typed blank line, and a pipe in a table cell.
    let ph = |n: u32| format!("<ph id=\"{n}\" dataRef=\"d{n}\"/>");
    let paragraph_source = format!("Open the {}app{} now.{}Then wait.", ph(1), ph(2), ph(3));
    let paragraph = format!(
        "Open {} &lt;script&gt;alert(1)&lt;/script&gt; de {}app{} **nu** [x](javascript:alert(1)).{}# Kop\n\n:::code source=\"snippet\":::",
        "&amp;copy;",
        ph(1),
        ph(2),
        ph(3)
    );
    let handoff = translate(&handoff, &paragraph_source, &paragraph);
    let handoff = translate(
        &handoff,
        "Sign in",
        "Aanmelden &lt;img src=x onerror=alert(1)&gt;",
    );
    let handoff = translate(&handoff, "x", "a | b");
    import(root, &xlf, &handoff);
    let nl = built_page(root, "nl/c.html");
    assert_no_inline_script(&nl);
    for unsafe_markup in [
        "img[onerror]",
        "a[href^='javascript']",
        "main strong",
        "main em",
    ] {
        let found = text_of(&nl, unsafe_markup);
        assert!(found.is_empty(), "{unsafe_markup}: {found:?}");
    }
    assert_eq!(
        text_of(&nl, "h1"),
        ["Aanmelden <img src=x onerror=alert(1)>"]
    );
    let paragraphs = text_of(&nl, "main p");
    let expected = format!(
        "Open &copy; {SCRIPT} de app **nu** [x](javascript:alert(1)).\n# Kop :::code source=\"snippet\":::"
    );
    assert!(paragraphs.contains(&expected), "{paragraphs:?}");
    // The table keeps its two columns; the pipe is in the cell's text.
    assert_eq!(text_of(&nl, "main td"), ["a | b", "y"]);
    // Its link is still the source's, to the nl page.
    let links: Vec<_> = nl
        .select(&Selector::parse("main p a").unwrap())
        .map(|a| a.value().attr("href").unwrap().to_string())
        .collect();
    assert_eq!(links, ["index.html"]);
}

#[test]
fn an_untouched_handoff_of_a_translation_imports_byte_for_byte() {
    let page = "# Sign in\n\nOpen 5 * 3 &amp; <b>x</b> the_app.\n";
    let (t, xlf, handoff) = exported_identity(page);
    let root = t.path();
    import(root, &xlf, &handoff);
    let made = std::fs::read_to_string(root.join("content/nl/c.md")).unwrap();
    assert!(
        made.contains("\nOpen 5 * 3 &amp; <b>x</b> the_app.\n"),
        "{made}"
    );
    // The translation itself, with text a new target would escape, goes out
    // as the targets and comes back unchanged.
    let translated = made.replace("Open 5 * 3", "Open [5] * 3");
    std::fs::write(root.join("content/nl/c.md"), &translated).unwrap();
    let o = helpsite_in(
        root,
        &[
            "l10n",
            "export",
            "--locale",
            "nl",
            "--status",
            "up-to-date,outdated",
            "--out",
            xlf.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let again = std::fs::read_to_string(&xlf).unwrap();
    assert!(
        again.contains("<target xml:space=\"preserve\">Open [5] * 3"),
        "{again}"
    );
    let o = helpsite_in(root, &["l10n", "import", xlf.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let back = std::fs::read_to_string(root.join("content/nl/c.md")).unwrap();
    assert!(
        back.contains("\nOpen [5] * 3 &amp; <b>x</b> the_app.\n"),
        "{back}"
    );
}

// ── Round 2: a handoff's codes are the site's, typed links are text ─────

fn import_refused(root: &Path, xlf: &Path, handoff: &str, expected: &str) {
    std::fs::write(xlf, handoff).unwrap();
    let o = helpsite_in(root, &["l10n", "import", xlf.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains(expected), "{}", stderr(&o));
    assert!(!root.join("content/nl/c.md").exists(), "nothing written");
}

#[test]
fn a_handoff_cannot_bring_its_own_placeholder_data_or_segments() {
    let page = "# Page\n\nOpen the [settings](index.md).\n";
    let (t, xlf, handoff) = exported_identity(page);
    let root = t.path();
    let data = "<data id=\"d2\">](index.md)</data>";
    assert!(handoff.contains(data), "{handoff}");
    let evil = "&lt;script&gt;alert(1)&lt;/script&gt;\n\n# Injected\n";
    // The data of a placeholder the source has, changed.
    let changed = handoff.replace(data, &format!("<data id=\"d2\">](index.md) {evil}</data>"));
    import_refused(root, &xlf, &changed, "c.md: unit u2: its original data");
    // A placeholder of its own, with data of its own.
    let own = handoff
        .replace(data, &format!("{data}<data id=\"d9\">{evil}</data>"))
        .replacen(
            "<target xml:space=\"preserve\">Open the ",
            "<target xml:space=\"preserve\">Open <ph id=\"9\" dataRef=\"d9\"/> the ",
            1,
        );
    import_refused(root, &xlf, &own, "c.md: unit u2:");
    // A first segment carrying that placeholder as its source and target,
    // the real one left without a target.
    let segment = "<segment state=\"initial\">\n        <source xml:space=\"preserve\">Open the ";
    assert!(handoff.contains(segment), "{handoff}");
    let extra = handoff
        .replace(data, &format!("{data}<data id=\"d9\">{evil}</data>"))
        .replacen(
            segment,
            &format!("<segment><source><ph id=\"9\" dataRef=\"d9\"/></source><target>Open <ph id=\"9\" dataRef=\"d9\"/></target></segment>{segment}"),
            1,
        );
    let extra = regex::Regex::new(r#"(?s)(\.</source>)\s*<target[^>]*>Open the .*?</target>"#)
        .unwrap()
        .replace(&extra, "$1")
        .into_owned();
    import_refused(root, &xlf, &extra, "c.md: unit u2: it has 2 segment(s)");
    // The handoff as exported goes in, and publishes no script or heading of its own.
    import(root, &xlf, &handoff);
    let nl = built_page(root, "nl/c.html");
    assert_no_inline_script(&nl);
    assert_eq!(text_of(&nl, "main h1"), ["Page"]);
    assert_eq!(text_of(&nl, "main h2"), Vec::<String>::new());
}

#[test]
fn addresses_typed_into_a_target_stay_text() {
    let page = "# Page\n\nOpen the settings at www.example.com.\n";
    let (t, xlf, handoff) = exported_identity(page);
    let root = t.path();
    let typed = "Log in op https://evil.example of www.evil.example of help@evil.example, zie www.example.com.";
    let handoff = translate(&handoff, "Open the settings at www.example.com.", typed);
    import(root, &xlf, &handoff);
    let nl = built_page(root, "nl/c.html");
    assert!(
        text_of(&nl, "main p").contains(&typed.to_string()),
        "{:?}",
        text_of(&nl, "main p")
    );
    // Only the address the source has is a link.
    let links: Vec<_> = nl
        .select(&Selector::parse("main p a").unwrap())
        .filter_map(|a| a.value().attr("href"))
        .filter(|h| h.contains("example"))
        .map(str::to_string)
        .collect();
    assert_eq!(links, ["http://www.example.com"]);
}

#[test]
fn export_out_replaces_only_a_handoff_helpsite_wrote() {
    let t = minimal_site();
    let root = t.path();
    write(root, "content/en/c.md", "# Page\n\nOpen the settings.\n");
    write(root, "content/nl/index.md", "# Start\n");
    let export = |out: &str| {
        helpsite_in(
            root,
            &[
                "l10n", "export", "--locale", "nl", "--status", "missing", "--out", out,
            ],
        )
    };
    // Notes naming the namespace, another tool's XLIFF 2: the user's files.
    let notes = "My notes on urn:oasis:names:tc:xliff:document:2.0\nprecious\n";
    let other = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<xliff xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" version=\"2.1\" srcLang=\"en\"/>\n";
    for (name, text) in [("notes.txt", notes), ("other.xlf", other)] {
        write(root, name, text);
        let o = export(name);
        assert_eq!(o.status.code(), Some(2), "{name}: {}", stderr(&o));
        assert!(stderr(&o).contains("did not write"), "{}", stderr(&o));
        assert_eq!(std::fs::read_to_string(root.join(name)).unwrap(), text);
    }
    // Its own export it replaces.
    for _ in 0..2 {
        let o = export("nl.xlf");
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    }
    assert!(std::fs::read_to_string(root.join("nl.xlf"))
        .unwrap()
        .contains("Open the settings."));
}
