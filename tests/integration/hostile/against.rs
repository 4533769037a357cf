//! `check --against OLD --fix`: front matter it cannot rewrite exactly is
//! left to a person, old paths that would read back as another address are
//! refused, a second run changes nothing, and vanished anchors cost linear work.

use super::*;

/// A site whose English pages are `pages`, and an old `urls.json` in `old/`
/// holding `entries` (url, assetid).
fn site_with_old_release(pages: &[(&str, &str)], entries: &[(&str, &str)]) -> tempfile::TempDir {
    let t = minimal_site();
    for (path, text) in pages {
        write(t.path(), &format!("content/en/{path}"), text);
    }
    let old: Vec<serde_json::Value> = entries
        .iter()
        .map(|(url, asset)| {
            serde_json::json!({"url": url, "locale": "en", "kind": "page", "assetid": asset})
        })
        .collect();
    let manifest = serde_json::json!({"format": 1, "default_locale": "en", "pages": old});
    write(t.path(), "old/urls.json", manifest.to_string());
    t
}

fn fix(root: &Path) -> std::process::Output {
    run(&["check", "--against", "old/urls.json", "--fix"], root)
}

fn read(root: &Path, rel: &str) -> String {
    std::fs::read_to_string(root.join(rel)).unwrap()
}

#[test]
fn fix_leaves_a_commented_or_multi_line_redirect_from_to_a_person() {
    let new =
        "---\ntitle: New\nms.assetid: A1\nredirect_from: older.md # for the 2019 app\n---\n# New\n";
    let two =
        "---\ntitle: Two\nms.assetid: A2\nredirect_from: [older2.md,\n  older3.md]\n---\n# Two\n";
    let three = "---\nms.assetid: A3\nredirect_from: [older4.md]\n---\n# Three\n";
    let t = site_with_old_release(
        &[("new.md", new), ("two.md", two), ("three.md", three)],
        &[
            ("en/old.html", "A1"),
            ("en/oldtwo.html", "A2"),
            ("en/oldthree.html", "A3"),
        ],
    );
    let root = t.path();
    let o = fix(root);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    // Nothing the author wrote is changed where it cannot be rewritten exactly…
    assert_eq!(read(root, "content/en/new.md"), new);
    assert_eq!(read(root, "content/en/two.md"), two);
    // …and a one-line list is still fixed.
    assert_eq!(
        read(root, "content/en/three.md"),
        "---\nms.assetid: A3\nredirect_from: [older4.md, oldthree.md]\n---\n# Three\n"
    );
    let (exit, found) = check(root);
    assert_eq!(exit, 0, "{found:?}");
    // The two left alone still say what to add.
    let err = stderr(&run(&["check", "--against", "old/urls.json"], root));
    assert!(
        err.contains("add `old.md` to the `redirect_from` list"),
        "{err}"
    );
    assert!(
        err.contains("add `oldtwo.md` to the `redirect_from` list"),
        "{err}"
    );
    assert_eq!(err.matches("[vanished-url]").count(), 2, "{err}");
}

#[test]
fn fix_refuses_old_paths_that_would_read_back_as_another_address() {
    for url in [
        "en/ x.html",
        "en/a\\b.html",
        "en/\u{85}z.html",
        "en/%E2%80%A8w.html",
    ] {
        let page = "---\nms.assetid: A1\n---\n# New\n";
        let t = site_with_old_release(&[("new.md", page)], &[(url, "A1")]);
        let root = t.path();
        for _ in 0..3 {
            let o = fix(root);
            assert_eq!(o.status.code(), Some(1), "{url:?}: {}", stderr(&o));
        }
        assert_eq!(read(root, "content/en/new.md"), page, "{url:?}");
        let err = stderr(&run(&["check", "--against", "old/urls.json"], root));
        assert_eq!(err.matches("[vanished-url]").count(), 1, "{url:?}: {err}");
    }
}

#[test]
fn a_second_fix_changes_nothing_and_the_build_still_passes() {
    let page = "---\nms.assetid: A1\n---\n# New\n";
    let t = site_with_old_release(
        &[("new.md", page)],
        &[("en/ x.html", "A1"), ("en/y.html", "A1")],
    );
    let root = t.path();
    fix(root);
    let once = read(root, "content/en/new.md");
    assert_eq!(
        once,
        "---\nms.assetid: A1\nredirect_from: [y.md]\n---\n# New\n"
    );
    fix(root);
    assert_eq!(read(root, "content/en/new.md"), once);
    let (exit, found) = check(root);
    assert_eq!(exit, 0, "{found:?}");
    let o = run(&["build", "--out", "out"], root);
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn one_old_path_written_twice_in_one_list_is_one_redirect() {
    let t = minimal_site();
    let page = "---\nredirect_from: [\" x.md\", y.md, x.md]\n---\n# New\n";
    write(t.path(), "content/en/new.md", page);
    let (exit, found) = check(t.path());
    assert_eq!(exit, 0, "{found:?}");
    // Another page claiming it is named in the message.
    write(
        t.path(),
        "content/en/other.md",
        "---\nredirect_from: x.md\n---\n# O\n",
    );
    let (_, found) = check(t.path());
    let claims: Vec<_> = found.iter().filter(|d| d.0 == "redirect-from").collect();
    assert_eq!(claims.len(), 2, "{found:?}");
    assert!(
        claims.iter().all(|d| d.3.contains("content/en/")),
        "{found:?}"
    );
}

/// A page with `n` new headings, and an old release whose entry for it
/// listed `n` anchors that are gone.
fn anchors_site(n: usize) -> (tempfile::TempDir, helpsite::published::Manifest) {
    let t = minimal_site();
    let mut text = String::from("# P\n");
    for i in 0..n {
        text.push_str(&format!("\n## Section number {i} now\n"));
    }
    write(t.path(), "content/en/p.md", text);
    let anchors: Vec<String> = (0..n).map(|i| format!("old-part-{i}")).collect();
    let manifest = serde_json::json!({"format": 1, "default_locale": "en", "pages": [
        {"url": "en/p.html", "locale": "en", "kind": "page", "anchors": anchors},
    ]});
    (t, serde_json::from_value(manifest).unwrap())
}

#[test]
fn vanished_anchor_suggestions_cost_linear_work() {
    assert_linear(
        "check --against, n vanished anchors and n new headings",
        |n| {
            let (t, old) = anchors_site(n);
            let site = helpsite::site::Site::load(t.path()).unwrap_or_else(|_| panic!("loads"));
            cost(|| {
                let found = helpsite::published::compare::against(&site, &old);
                let vanished = found.iter().filter(|d| d.code == "vanished-anchor").count();
                assert_eq!(vanished, n, "{found:?}");
                found
            })
        },
        200,
    );
}

#[test]
fn a_very_long_vanished_anchor_gets_no_heading_suggestion() {
    let (t, mut old) = anchors_site(300);
    old.pages[0].anchors = vec!["a".repeat(400_000)];
    let site = helpsite::site::Site::load(t.path()).unwrap_or_else(|_| panic!("loads"));
    let (steps, _) = cost(|| {
        let found = helpsite::published::compare::against(&site, &old);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0]
                .suggestion
                .as_deref()
                .unwrap_or("")
                .starts_with("put `<a name="),
            "{:?}",
            found[0].suggestion
        );
        found
    });
    assert!(steps < 1_000_000, "{steps} steps for one long anchor");
}
