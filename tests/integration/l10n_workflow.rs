//! The localization team's round: a site kept in git, an en page edited,
//! `l10n status` telling body changes from metadata-only ones with word
//! counts, `l10n diff` showing what changed, readers of the outdated nl
//! page told so, and `l10n mark-current` recording the source commit.
//!
//! The history is made with the `git` program, independently of the
//! library helpsite reads it with.

use std::path::Path;

use crate::support::*;
use serde_json::Value;

fn helpsite(root: &Path, args: &[&str]) -> std::process::Output {
    let mut all: Vec<&str> = args.to_vec();
    all.extend(["--root", root.to_str().unwrap()]);
    run(&all, root)
}

fn status(root: &Path) -> Value {
    let o = helpsite(root, &["l10n", "status", "--format", "json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    serde_json::from_slice(&o.stdout).unwrap()
}

fn page<'a>(report: &'a Value, source: &str) -> &'a Value {
    report["locales"]["nl"]["pages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["source"] == source)
        .unwrap_or_else(|| panic!("{source} in {report}"))
}

const INSTALL_EN: &str =
    "---\ntitle: Install the app\nms.date: 01/04/2017\n---\n# Install the app\n\n\
Tap **Install** to start.\n\n![The store](media/store.png)\n";
const SIGNIN_EN: &str =
    "---\ntitle: Sign in\nms.date: 01/04/2017\n---\n# Sign in\n\nUse your work account.\n";

/// en: install.md, sign-in.md; nl: translations of both, made from the
/// first commit and stamped with `l10n mark-current`, then committed.
fn site_in_git() -> tempfile::TempDir {
    let t = minimal_site();
    let root = t.path();
    write(root, "content/en/install.md", INSTALL_EN);
    write(root, "content/en/sign-in.md", SIGNIN_EN);
    write(root, "content/en/media/store.png", "png");
    write(root, "content/nl/index.md", "# Start\n");
    write(
        root,
        "content/nl/install.md",
        "---\ntitle: De app installeren\n---\n# De app installeren\n\n\
         Tik op **Installeren** om te beginnen.\n\n![De winkel](media/store.png)\n\n<!--HONumber=Jan17_HO1-->\n",
    );
    write(
        root,
        "content/nl/sign-in.md",
        "---\ntitle: Aanmelden\n---\n# Aanmelden\n\nGebruik uw werkaccount.\n",
    );
    git(root, &["init", "-q"]);
    git(root, &["add", "."]);
    git(root, &["commit", "-q", "-m", "first"]);
    for page in ["install.md", "sign-in.md"] {
        let o = helpsite(root, &["l10n", "mark-current", "--locale", "nl", page]);
        assert!(o.status.success(), "{}", stderr(&o));
    }
    git(root, &["commit", "-q", "-am", "nl stamped"]);
    t
}

#[test]
fn status_diff_notice_and_mark_current_follow_the_history() {
    if !require_or_skip(
        "status_diff_notice_and_mark_current_follow_the_history",
        has_git(),
        "no `git` program; install git (apt-get install git)",
    ) {
        return;
    }
    let t = site_in_git();
    let root = t.path();
    let first = git(root, &["rev-list", "--max-parents=0", "HEAD"]);
    let nl_install = std::fs::read_to_string(root.join("content/nl/install.md")).unwrap();
    assert!(
        nl_install.contains(&format!("ms.sourcegitcommit: {first}\n")),
        "mark-current records the commit that holds the source: {nl_install}"
    );
    let before = status(root);
    assert_eq!(page(&before, "install.md")["status"], "up-to-date");
    assert_eq!(
        page(&before, "install.md")["translated_from"],
        first.as_str()
    );

    // The writer adds a sentence to one page and only bumps the other's date.
    let edited = INSTALL_EN
        .replace("01/04/2017", "02/01/2017")
        .replace("to start.", "to start. Then tap Open.");
    write(root, "content/en/install.md", &edited);
    write(
        root,
        "content/en/sign-in.md",
        SIGNIN_EN.replace("01/04/2017", "02/01/2017"),
    );
    git(root, &["commit", "-q", "-am", "en edited"]);

    let after = status(root);
    let install = page(&after, "install.md");
    assert_eq!(install["status"], "outdated", "{after}");
    // "Then tap Open." is three new words.
    assert_eq!(install["changed_words"], 3, "{after}");
    assert_eq!(install["translated_from"], first.as_str());
    let sign_in = page(&after, "sign-in.md");
    assert_eq!(sign_in["status"], "metadata-only", "{after}");
    assert_eq!(sign_in["changed_words"], 0);
    let summary = &after["locales"]["nl"]["summary"];
    assert_eq!(summary["outdated"], 1);
    assert_eq!(summary["metadata-only"], 1);
    assert_eq!(summary["changed_words"], 3);
    // install: "Install the app" 3 + "Tap Install to start. Then tap Open." 7 + "The store" 2;
    // sign-in: "Sign in" 2 + "Use your work account." 4; index: "Home" 1.
    assert_eq!(summary["source_words"], 12 + 6 + 1, "{summary}");

    let text = helpsite(root, &["l10n", "status"]);
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(
        text.contains("outdated       install.md  (Jan17_HO1)  [3 words to translate]"),
        "{text}"
    );
    assert!(
        text.contains("metadata-only  sign-in.md  [0 words to translate]"),
        "{text}"
    );

    // The diff is the source at the translation's commit against the source now.
    let o = helpsite(root, &["l10n", "diff", "--locale", "nl", "install.md"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let diff = String::from_utf8(o.stdout).unwrap();
    assert!(
        diff.starts_with(&format!(
            "--- content/en/install.md (at {}, translated from)\n+++ content/en/install.md (now)\n",
            &first[..12]
        )),
        "{diff}"
    );
    assert!(
        diff.contains("\n-ms.date: 01/04/2017\n+ms.date: 02/01/2017\n"),
        "{diff}"
    );
    assert!(
        diff.contains("\n-Tap **Install** to start.\n+Tap **Install** to start. Then tap Open.\n"),
        "{diff}"
    );
    // The translation's own path works as well.
    let by_translation = helpsite(root, &["l10n", "diff", "content/nl/install.md"]);
    assert_eq!(String::from_utf8(by_translation.stdout).unwrap(), diff);

    // Readers of the outdated page are told; of the metadata-only one, not.
    let out = root.join("public");
    let o = helpsite(root, &["build", "--out", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let html = scraper::Html::parse_document(
        &std::fs::read_to_string(out.join("nl/install.html")).unwrap(),
    );
    let sel = |s: &str| scraper::Selector::parse(s).unwrap();
    let notice = html
        .select(&sel("main .outdated-notice[role=note]"))
        .next()
        .expect("a notice on nl/install.html");
    let words: String = notice.text().collect();
    assert_eq!(
        words.split_whitespace().collect::<Vec<_>>().join(" "),
        "Deze vertaling is mogelijk niet actueel. Bekijk de Engelse versie. \
         De oorspronkelijke tekst is gewijzigd op 1 februari 2017."
    );
    let link = notice.select(&sel("a")).next().unwrap();
    let href = link.value().attr("href").unwrap();
    assert!(
        out.join("nl").join(href).is_file(),
        "{href} leads to a page"
    );
    assert_eq!(
        std::fs::canonicalize(out.join("nl").join(href)).unwrap(),
        std::fs::canonicalize(out.join("en/install.html")).unwrap()
    );
    let time = notice.select(&sel("time")).next().unwrap();
    assert_eq!(time.value().attr("datetime"), Some("2017-02-01"));
    // The notice comes before the article.
    let main_html = html.select(&sel("main")).next().unwrap().html();
    assert!(main_html.find("outdated-notice") < main_html.find("<article"));
    let sign_in_html = std::fs::read_to_string(out.join("nl/sign-in.html")).unwrap();
    assert!(
        !sign_in_html.contains("outdated-notice"),
        "metadata-only: no notice"
    );

    // Site owners can turn it off.
    let toml = std::fs::read_to_string(root.join("site.toml")).unwrap();
    write(
        root,
        "site.toml",
        format!("{toml}\n[translations]\noutdated_notice = false\n"),
    );
    let o = helpsite(root, &["build", "--out", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let off = std::fs::read_to_string(out.join("nl/install.html")).unwrap();
    assert!(!off.contains("outdated-notice"));
    std::fs::remove_dir_all(&out).unwrap();
    write(root, "site.toml", &toml);

    // The translator catches up; mark-current records the commit of the source now.
    let head = git(root, &["rev-parse", "HEAD"]);
    let o = helpsite(
        root,
        &["l10n", "mark-current", "--locale", "nl", "install.md"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let nl_install = std::fs::read_to_string(root.join("content/nl/install.md")).unwrap();
    assert!(
        nl_install.contains(&format!("ms.sourcegitcommit: {head}\n")),
        "{nl_install}"
    );
    let done = status(root);
    assert_eq!(page(&done, "install.md")["status"], "up-to-date");
    assert_eq!(page(&done, "install.md")["translated_from"], head.as_str());
    let o = helpsite(root, &["l10n", "diff", "--locale", "nl", "install.md"]);
    assert!(stderr(&o).contains("is up to date with"), "{}", stderr(&o));
    assert!(o.stdout.is_empty());
}

#[test]
fn diff_says_plainly_what_it_cannot_show() {
    // Not in git: the old source cannot be read.
    let t = minimal_site();
    let root = t.path();
    write(root, "content/en/a.md", "# A\n\nText.\n");
    write(root, "content/nl/index.md", "# Start\n");
    write(
        root,
        "content/nl/a.md",
        "---\nms.openlocfilehash: 0000000000000000000000000000000000000000\n---\n# A\n\nTekst.\n",
    );
    let o = helpsite(root, &["l10n", "diff", "a.md"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("the site is not in a git repository"),
        "{}",
        stderr(&o)
    );
    let shown = String::from_utf8(o.stdout).unwrap();
    assert!(
        shown.starts_with("--- /dev/null\n+++ content/en/a.md\n"),
        "{shown}"
    );
    assert!(shown.contains("\n+Text.\n"));
    // Untranslated: all of it is new.
    write(root, "content/en/b.md", "# B\n");
    let o = helpsite(root, &["l10n", "diff", "--locale", "nl", "b.md"]);
    assert!(
        stderr(&o).contains("has no translation in nl yet"),
        "{}",
        stderr(&o)
    );
    assert!(String::from_utf8(o.stdout).unwrap().contains("\n+# B\n"));

    // In git, but the commit the translation names is not in this history.
    if !require_or_skip(
        "diff_says_plainly_what_it_cannot_show (git part)",
        has_git(),
        "no `git` program; install git (apt-get install git)",
    ) {
        return;
    }
    write(
        root,
        "content/nl/a.md",
        "---\nms.openlocfilehash: 0000000000000000000000000000000000000000\n\
         ms.sourcegitcommit: 1234567890abcdef1234567890abcdef12345678\n---\n# A\n\nTekst.\n",
    );
    git(root, &["init", "-q"]);
    git(root, &["add", "."]);
    git(root, &["commit", "-q", "-m", "first"]);
    let o = helpsite(root, &["l10n", "diff", "a.md"]);
    assert!(
        stderr(&o).contains("names source commit 1234567890abcdef1234567890abcdef12345678, which this repository's history does not have"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn done_when_an_edited_page_goes_out_and_comes_back_translated() {
    if !require_or_skip(
        "done_when_an_edited_page_goes_out_and_comes_back_translated",
        has_git(),
        "no `git` program; install git (apt-get install git)",
    ) {
        return;
    }
    let t = site_in_git();
    let root = t.path();
    let edited = INSTALL_EN.replace("to start.", "to start. Then tap Open.");
    write(root, "content/en/install.md", &edited);
    git(root, &["commit", "-q", "-am", "en edited"]);
    let head = git(root, &["rev-parse", "HEAD"]);
    assert_eq!(page(&status(root), "install.md")["changed_words"], 3);

    // Only what changed goes out, with the old translation as targets.
    // Beside the site, in a folder of this test's own: a fixed path such as
    // the temp folder's parent would be shared with every other run.
    let handoffs = tempfile::tempdir().unwrap();
    let xlf = handoffs.path().join("handoff.xlf");
    let o = helpsite(
        root,
        &[
            "l10n",
            "export",
            "--locale",
            "nl",
            "--status",
            "outdated",
            "--out",
            xlf.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let handoff = std::fs::read_to_string(&xlf).unwrap();
    assert_eq!(
        xliff_core::violations(&handoff),
        Vec::<String>::new(),
        "{handoff}"
    );
    assert_eq!(handoff.matches("<file ").count(), 1, "{handoff}");
    assert!(handoff.contains(r#"<data id="d1">**</data>"#), "{handoff}");
    assert!(handoff.contains(r#"<file id="f1" original="install.md">"#));
    assert!(
        handoff.contains(
            r#"<source xml:space="preserve">Tap <pc id="1" type="fmt" subType="xlf:b" dataRefStart="d1" dataRefEnd="d1">Install</pc> to start. Then tap Open.</source>
        <target xml:space="preserve">Tik op <pc id="1" type="fmt" subType="xlf:b" dataRefStart="d1" dataRefEnd="d1">Installeren</pc> om te beginnen.</target>"#
        ),
        "{handoff}"
    );
    assert!(handoff.contains(r#"<target xml:space="preserve">De app installeren</target>"#));

    // The translator brings the changed paragraph up to date.
    let translated = handoff.replace(
        r#"Tik op <pc id="1" type="fmt" subType="xlf:b" dataRefStart="d1" dataRefEnd="d1">Installeren</pc> om te beginnen.</target>"#,
        r#"Tik op <pc id="1" type="fmt" subType="xlf:b" dataRefStart="d1" dataRefEnd="d1">Installeren</pc> om te beginnen. Tik daarna op Openen.</target>"#,
    );
    assert_eq!(xliff_core::violations(&translated), Vec::<String>::new());
    std::fs::write(&xlf, translated).unwrap();
    let o = helpsite(root, &["l10n", "import", xlf.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));

    let nl = std::fs::read_to_string(root.join("content/nl/install.md")).unwrap();
    let hash = {
        use sha1::{Digest, Sha1};
        Sha1::digest(edited.as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    };
    let ho = regex::Regex::new(r"<!--HONumber=([A-Z][a-z]{2}\d\d_HO1)-->")
        .unwrap()
        .captures(&nl)
        .map(|c| c[1].to_string())
        .expect("a new handoff tag");
    assert_ne!(ho, "Jan17_HO1");
    assert_eq!(
        nl,
        format!(
            "---\ntitle: De app installeren\nms.openlocfilehash: {hash}\nms.sourcepath: install.md\n\
             ms.sourcegitcommit: {head}\n---\n# De app installeren\n\n\
             Tik op **Installeren** om te beginnen. Tik daarna op Openen.\n\n![De winkel](media/store.png)\n\n\
             <!--HONumber={ho}-->\n"
        ),
        "the source's structure, the translation's front matter, stamped"
    );
    let after = status(root);
    assert_eq!(
        page(&after, "install.md")["status"],
        "up-to-date",
        "{after}"
    );
    let out = root.join("public");
    let o = helpsite(root, &["build", "--out", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let html = std::fs::read_to_string(out.join("nl/install.html")).unwrap();
    assert!(!html.contains("outdated-notice"));
}
