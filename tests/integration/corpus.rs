//! The real 2017 DocFX corpus in ../shared: everything renders, and `check`
//! finds exactly its real defects. Without the corpus each test prints a
//! SKIPPED line (and fails under `CI=true`).

use std::collections::BTreeMap;

use crate::support::*;

/// Every real defect of the corpus, by code, as verified by hand: see the
/// README's table for what each one is.
const EXPECTED: &[(&str, &str, usize)] = &[
    ("broken-anchor", "error", 4),
    ("broken-link", "error", 7),
    ("case-mismatch", "warning", 38),
    ("duplicate-assetid", "warning", 4),
    ("external-embed", "warning", 6),
    ("fallback", "info", 3),
    // Four source pages (two in each locale) go from `#` to `###`; in
    // two of them (`use-managed-apps-on-your-device-ios`, en and nl) both
    // `###` headings sit directly under the `#`, and each is reported.
    ("heading-skip", "warning", 6),
    ("list-indent", "warning", 24),
    ("outside-link", "warning", 16),
    // nl remote-lock-your-device-cpwebsite.md was translated before the en
    // page gained its password include, second heading and note. A count
    // of the raw Markdown of all 101 same-path pairs finds one more, whose
    // en side is a redirect: not a source to compare with.
    ("structure", "warning", 1),
];

#[test]
fn check_reports_exactly_the_real_defects() {
    let Some(source) = corpus_source() else {
        return;
    };
    let root = source.join("site");
    let o = run(
        &[
            "check",
            "--root",
            root.to_str().unwrap(),
            "--format",
            "json",
        ],
        source,
    );
    assert_eq!(
        o.status.code(),
        Some(1),
        "the corpus has errors: {}",
        stderr(&o)
    );
    let report: serde_json::Value =
        serde_json::from_slice(&o.stdout).expect("check --format json prints JSON");
    let mut counts: BTreeMap<(String, String), usize> = BTreeMap::new();
    for d in report["diagnostics"].as_array().unwrap() {
        *counts
            .entry((
                d["code"].as_str().unwrap().into(),
                d["severity"].as_str().unwrap().into(),
            ))
            .or_default() += 1;
        let file = d["file"].as_str().unwrap();
        assert!(
            file.starts_with("content/") && !file.contains('\\'),
            "{file}"
        );
        assert!(root.join(file).is_file(), "{file}");
        assert!(
            d["line"].as_u64().unwrap() >= 1 && d["column"].as_u64().unwrap() >= 1,
            "{d}"
        );
    }
    let expected: BTreeMap<(String, String), usize> = EXPECTED
        .iter()
        .map(|(c, s, n)| ((c.to_string(), s.to_string()), *n))
        .collect();
    assert_eq!(counts, expected);
    assert_eq!(report["summary"]["errors"], 11);
}

#[test]
fn every_page_renders_without_docfx_markers() {
    let Some(built) = corpus_built() else { return };
    let root = built.dir.join("site");
    let o = &built.build;
    assert_eq!(o.status.code(), Some(1), "{}", stderr(o));
    assert!(!stderr(o).contains("panicked"));
    let out = root.join("public");
    let html = html_files(&out);
    let mut pages = 0;
    for entry in walkdir::WalkDir::new(root.join("content"))
        .into_iter()
        .flatten()
    {
        let rel = entry
            .path()
            .strip_prefix(root.join("content"))
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let lower = rel.to_lowercase();
        if !lower.ends_with(".md") || lower.contains("/includes/") || lower.ends_with("toc.md") {
            continue;
        }
        pages += 1;
        let out_rel = format!("{}.html", &rel[..rel.len() - 3]);
        let page = html
            .get(&out_rel)
            .unwrap_or_else(|| panic!("no output for {rel}"));
        for marker in [
            "[!NOTE",
            "[!Note",
            "[!TIP",
            "[!Tip",
            "[!IMPORTANT",
            "[!WARNING",
            "[!INCLUDE",
            "[!div",
        ] {
            assert!(!page.contains(marker), "{out_rel} still contains {marker}");
        }
    }
    assert!(pages > 200, "{pages}");
}

#[test]
fn dead_links_in_the_output_are_exactly_the_reported_ones() {
    let Some(built) = corpus_built() else { return };
    let root = built.dir.join("site");
    let dead = dead_links(&root.join("public"), "/help/");
    // Case mismatches are repaired in the output; fallbacks lead to fallback
    // pages. What stays dead is what check calls broken: 7 links, of which
    // the one in nl's TOC.md is shown as plain text rather than a dead link,
    // and 4 anchors.
    // The printable documents repeat each page's links: its dead ones are
    // the pages' own (an in-document fragment that leads nowhere would
    // be its own, and is counted).
    let (printed, dead): (Vec<_>, Vec<_>) = dead
        .into_iter()
        .partition(|d| d.contains("/print.html: ") && d.contains("→ missing"));
    for d in &printed {
        let missing = d.rsplit("→ missing ").next().unwrap();
        assert!(
            dead.iter().any(|p| p.ends_with(missing)),
            "{d} is no page's own dead link"
        );
    }
    let nonexistent = dead.iter().filter(|d| d.contains("→ missing")).count();
    let anchors = dead.iter().filter(|d| d.contains("→ no #")).count();
    assert!(
        dead.iter().all(|d| !d.contains("root-absolute")),
        "{dead:#?}"
    );
    assert_eq!((nonexistent, anchors), (6, 4), "{dead:#?}");
}
