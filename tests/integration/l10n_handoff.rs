//! The XLIFF handoff: every corpus page goes out and comes back through
//! `l10n export` and `l10n import` unchanged but for the stamp when the
//! translator changes nothing; damaged placeholders are refused; a real
//! translation of a changed paragraph lands in the page.

use std::path::Path;

use crate::support::xliff_core::violations;
use crate::support::*;
use regex::Regex;

fn helpsite(root: &Path, args: &[&str]) -> std::process::Output {
    let mut all: Vec<&str> = args.to_vec();
    all.extend(["--root", root.to_str().unwrap()]);
    run(&all, root)
}

/// The handoff with every unit's target set to its source: the identity translation.
pub(crate) fn identity(xlf: &str) -> String {
    let source = Regex::new(r#"(?s)<source xml:space="preserve">(.*?)</source>\n(\s*)(?:<target[^>]*>.*?</target>\n\s*)?"#).unwrap();
    source
        .replace_all(xlf, |c: &regex::Captures| {
            format!(
                "<source xml:space=\"preserve\">{0}</source>\n{1}<target xml:space=\"preserve\">{0}</target>\n{1}",
                &c[1], &c[2]
            )
        })
        .into_owned()
}

fn without_stamped_keys(text: &str) -> String {
    let stamped = Regex::new(
        r"(?m)^(ms\.openlocfilehash|ms\.sourcepath|ms\.sourcegitcommit): .*(\r\n|\n|\r)",
    )
    .unwrap();
    stamped.replace_all(text, "").into_owned()
}

/// The source with the handoff tag `tag`, as the README says an import
/// writes it: the page's own `<!--HONumber=…-->` gets the new value, and a
/// page without one gets it added after a blank line at the end.
fn with_handoff_tag(source: &str, tag: &str) -> String {
    let existing = Regex::new(r"<!--HONumber=[^>]*-->").unwrap();
    if existing.is_match(source) {
        return existing
            .replace(source, format!("<!--HONumber={tag}-->").as_str())
            .into_owned();
    }
    let lb = if source.contains("\r\n") {
        "\r\n"
    } else {
        "\n"
    };
    let sep = if source.ends_with('\n') { "" } else { lb };
    format!("{source}{sep}{lb}<!--HONumber={tag}-->{lb}")
}

#[test]
fn every_corpus_page_comes_back_byte_for_byte_from_an_identity_translation() {
    let Some(t) = corpus_site() else { return };
    let root = t.path().join("site");
    // A locale with no pages yet: every en page is missing there.
    write(&root, "content/fr/media/.keep", "");
    let xlf = t.path().join("fr.xlf");
    let o = helpsite(
        &root,
        &[
            "l10n",
            "export",
            "--locale",
            "fr",
            "--status",
            "missing",
            "--out",
            xlf.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let text = std::fs::read_to_string(&xlf).unwrap();
    assert_eq!(violations(&text), Vec::<String>::new());
    let files = text.matches("<file ").count();
    let units = text.matches("<unit ").count();
    let codes = text.matches("<ph ").count();
    let emphasis = text.matches("<pc ").count();
    eprintln!(
        "corpus handoff: {files} pages, {units} units, {codes} placeholders, {emphasis} formatting codes"
    );
    assert!(emphasis > 0, "the corpus's bold and italic travel as <pc>");
    let o = helpsite(&root, &["l10n", "status", "--format", "json"]);
    let before: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(before["locales"]["fr"]["summary"]["missing"], files as u64);
    assert!(units > 10 * files && codes > 0, "{files} {units} {codes}");
    let translated = identity(&text);
    assert_eq!(violations(&translated), Vec::<String>::new());
    std::fs::write(&xlf, translated).unwrap();
    let o = helpsite(&root, &["l10n", "import", xlf.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let mut compared = 0;
    let new_tag = Regex::new(r"<!--HONumber=([A-Z][a-z]{2}\d\d_HO1)-->").unwrap();
    for entry in walkdir::WalkDir::new(root.join("content/fr")) {
        let entry = entry.unwrap();
        if entry.path().extension().is_none_or(|e| e != "md") {
            continue;
        }
        let rel = entry.path().strip_prefix(root.join("content/fr")).unwrap();
        let made = std::fs::read(entry.path()).unwrap();
        let source = std::fs::read(root.join("content/en").join(rel)).unwrap();
        let (made, source) = (
            String::from_utf8(made).unwrap(),
            String::from_utf8(source).unwrap(),
        );
        assert!(made.contains("ms.openlocfilehash: "), "{}", rel.display());
        let tag = new_tag
            .captures(&made)
            .map(|c| c[1].to_string())
            .unwrap_or_else(|| panic!("a new handoff tag in {}", rel.display()));
        assert_eq!(
            without_stamped_keys(&made),
            without_stamped_keys(&with_handoff_tag(&source, &tag)),
            "{}",
            rel.display()
        );
        compared += 1;
    }
    assert_eq!(compared, files);
    // And now the locale is up to date.
    let o = helpsite(&root, &["l10n", "status", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(
        report["locales"]["fr"]["summary"]["up-to-date"],
        files as u64
    );
}

/// The corpus's own nl translations go out as targets where they line up
/// with their sources; that export, too, keeps to the XLIFF 2.1 core.
#[test]
fn every_corpus_export_keeps_to_the_xliff_core() {
    let Some(t) = corpus_site() else { return };
    let root = t.path().join("site");
    let xlf = t.path().join("nl.xlf");
    let o = helpsite(
        &root,
        &[
            "l10n",
            "export",
            "--locale",
            "nl",
            "--status",
            "up-to-date,outdated,metadata-only,untracked,missing",
            "--out",
            xlf.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let text = std::fs::read_to_string(&xlf).unwrap();
    let targets = text.matches("<target ").count();
    eprintln!(
        "corpus nl handoff: {} pages, {} units, {targets} targets",
        text.matches("<file ").count(),
        text.matches("<unit ").count()
    );
    assert!(targets > 100, "{targets}");
    assert_eq!(violations(&text), Vec::<String>::new());
}

#[test]
fn damaged_placeholders_are_refused_with_the_unit_and_what_is_wrong() {
    let t = minimal_site();
    let root = t.path();
    write(
        root,
        "content/en/a.md",
        "---\ntitle: Install\n---\n# Install\n\nTap [Install](b.md) and see ![shot](media/s.png).\n",
    );
    write(root, "content/en/b.md", "# B\n");
    write(root, "content/en/media/s.png", "png");
    write(root, "content/nl/index.md", "# Start\n");
    let xlf = root.join("nl.xlf");
    let o = helpsite(
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
    let good = identity(&std::fs::read_to_string(&xlf).unwrap());
    assert!(
        good.contains(r#"<data id="d3">![</data>"#)
            && good.contains(r#"<data id="d4">](media/s.png)</data>"#),
        "{good}"
    );
    // The translator deleted the image from the target of a.md's paragraph.
    let target = r#"<target xml:space="preserve">Tap <ph id="1" dataRef="d1"/>Install<ph id="2" dataRef="d2"/> and see <ph id="3" dataRef="d3"/>shot<ph id="4" dataRef="d4"/>.</target>"#;
    assert!(good.contains(target), "{good}");
    let damaged = good.replace(
        target,
        r#"<target xml:space="preserve">Tik op <ph id="1" dataRef="d1"/>Installeren<ph id="2" dataRef="d2"/> en zie <ph id="4" dataRef="d4"/>.</target>"#,
    );
    std::fs::write(&xlf, &damaged).unwrap();
    let o = helpsite(root, &["l10n", "import", xlf.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains(
            "unit u2: the translation's placeholders were damaged: placeholder 3 is missing"
        ),
        "{}",
        stderr(&o)
    );
    assert!(!root.join("content/nl/a.md").exists(), "nothing written");
    // A placeholder pointing at data the unit does not have.
    let retargeted = good.replace(
        target,
        r#"<target xml:space="preserve">Tik op <ph id="1" dataRef="d1"/>Installeren<ph id="2" dataRef="d9"/> <ph id="3" dataRef="d3"/>x<ph id="4" dataRef="d4"/>.</target>"#,
    );
    std::fs::write(&xlf, &retargeted).unwrap();
    let o = helpsite(root, &["l10n", "import", xlf.to_str().unwrap()]);
    assert!(
        stderr(&o)
            .contains("unit u2: placeholder 2 refers to data `d9`, which the unit does not have"),
        "{}",
        stderr(&o)
    );
    // The good one goes in, with the page's structure and a stamp.
    let translated = good.replace(
        target,
        r#"<target xml:space="preserve">Tik op <ph id="1" dataRef="d1"/>Installeren<ph id="2" dataRef="d2"/> en zie <ph id="3" dataRef="d3"/>schermafbeelding<ph id="4" dataRef="d4"/>.</target>"#,
    ).replace(
        r#"<target xml:space="preserve">Install</target>"#,
        r#"<target xml:space="preserve">Installeren</target>"#,
    );
    std::fs::write(&xlf, &translated).unwrap();
    let o = helpsite(root, &["l10n", "import", xlf.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let made = std::fs::read_to_string(root.join("content/nl/a.md")).unwrap();
    let body = made.split("---\n").nth(2).unwrap();
    let ho = Regex::new(r"<!--HONumber=[A-Z][a-z]{2}\d\d_HO1-->").unwrap();
    assert_eq!(
        ho.replace(body, "<!--HONumber=X-->"),
        "# Installeren\n\nTik op [Installeren](b.md) en zie ![schermafbeelding](media/s.png).\n\n<!--HONumber=X-->\n",
    );
    assert!(
        made.starts_with("---\ntitle: Installeren\nms.openlocfilehash: "),
        "{made}"
    );
}

/// Exports `content/en/c.md` of a small site for nl and returns the site,
/// the handoff's path and its identity translation.
fn exported(page: &str) -> (tempfile::TempDir, std::path::PathBuf, String) {
    let t = minimal_site();
    let root = t.path();
    write(root, "content/en/c.md", page);
    write(root, "content/nl/index.md", "# Start\n");
    let xlf = root.join("nl.xlf");
    let o = helpsite(
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
    let text = identity(&std::fs::read_to_string(&xlf).unwrap());
    assert_eq!(violations(&text), Vec::<String>::new(), "{text}");
    (t, xlf, text)
}

const BOLD: &str = r#"<pc id="1" type="fmt" subType="xlf:b" dataRefStart="d1" dataRefEnd="d1">"#;
const ITALIC: &str = r#"<pc id="2" type="fmt" subType="xlf:i" dataRefStart="d2" dataRefEnd="d2">"#;

#[test]
fn emphasis_travels_as_paired_codes_a_translator_can_move() {
    let (t, xlf, good) = exported(
        "---\ntitle: Sign in\n---\n# Sign in\n\nOpen __Settings__ and tap _Sign in_ first.\n",
    );
    let root = t.path();
    let source = format!(
        r#"<source xml:space="preserve">Open {BOLD}Settings</pc> and tap {ITALIC}Sign in</pc> first.</source>"#
    );
    assert!(good.contains(&source), "{good}");
    assert!(
        good.contains(r#"<data id="d1">__</data>"#) && good.contains(r#"<data id="d2">_</data>"#),
        "{good}"
    );
    // The Dutch sentence puts the italic phrase first.
    let target = format!(
        r#"<target xml:space="preserve">Open {BOLD}Settings</pc> and tap {ITALIC}Sign in</pc> first.</target>"#
    );
    let translated = good.replace(
        &target,
        &format!(
            r#"<target xml:space="preserve">Tik eerst op {ITALIC}Aanmelden</pc> in {BOLD}Instellingen</pc>.</target>"#
        ),
    );
    assert_ne!(translated, good);
    assert_eq!(violations(&translated), Vec::<String>::new());
    std::fs::write(&xlf, &translated).unwrap();
    let o = helpsite(root, &["l10n", "import", xlf.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let made = std::fs::read_to_string(root.join("content/nl/c.md")).unwrap();
    assert!(
        made.contains("\nTik eerst op _Aanmelden_ in __Instellingen__.\n"),
        "the page's own markers, moved: {made}"
    );
}

#[test]
fn damaged_formatting_codes_are_refused_with_the_unit_and_what_is_wrong() {
    let (t, xlf, good) = exported("# Sign in\n\nOpen **Settings** and tap *Sign in* first.\n");
    let root = t.path();
    let target = |body: &str| format!(r#"<target xml:space="preserve">{body}</target>"#);
    let original = target(&format!(
        "Open {BOLD}Settings</pc> and tap {ITALIC}Sign in</pc> first."
    ));
    assert!(good.contains(&original), "{good}");
    for (damaged, expected) in [
        (
            format!("Open Instellingen en tik op {ITALIC}Aanmelden</pc>."),
            "unit u2: the translation's placeholders were damaged: formatting code 1 is missing",
        ),
        (
            format!(
                r#"Open <sc id="1"/>Instellingen<ec startRef="1"/> en tik op {ITALIC}Aanmelden</pc>."#
            ),
            "unit u2: unexpected <sc> in the text",
        ),
        (
            format!(
                "Open {}Instellingen</pc> en tik op {ITALIC}Aanmelden</pc>.",
                BOLD.replace(r#"dataRefEnd="d1""#, r#"dataRefEnd="d2""#)
            ),
            "unit u2: formatting code 1 was changed: it ends with `d2` but starts with `d1`",
        ),
        (
            format!(
                "Open {}Instellingen</pc> en tik op {ITALIC}Aanmelden</pc>.",
                BOLD.replace(r#"dataRefStart="d1""#, r#"dataRefStart="d7""#)
            ),
            "unit u2: formatting code 1 refers to data `d7`, which the unit does not have",
        ),
    ] {
        std::fs::write(&xlf, good.replace(&original, &target(&damaged))).unwrap();
        let o = helpsite(root, &["l10n", "import", xlf.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(1), "{damaged}");
        assert!(stderr(&o).contains(expected), "{damaged}: {}", stderr(&o));
        assert!(!root.join("content/nl/c.md").exists(), "nothing written");
    }
}
