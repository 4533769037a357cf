//! Two things at one output address, ids that collide, revision expressions and closed pipes.

use super::*;

// ── 16. `check --against` looks each old address up in one map ───────────

/// A site of `n` pages, and a release that published each of them and an
/// older address of each (same `ms.assetid`) that leads nowhere now.
fn site_and_old_release(n: usize) -> (tempfile::TempDir, helpsite::published::Manifest) {
    let t = minimal_site();
    let mut old = Vec::new();
    for i in 0..n {
        write(
            t.path(),
            &format!("content/en/p{i}.md"),
            format!("---\nms.assetid: a{i}\n---\n# P{i}\n"),
        );
        for url in [format!("en/p{i}.html"), format!("en/old{i}.html")] {
            old.push(serde_json::json!({
                "url": url, "locale": "en", "kind": "page", "assetid": format!("a{i}"),
            }));
        }
    }
    let manifest = serde_json::json!({"format": 1, "default_locale": "en", "pages": old});
    (t, serde_json::from_value(manifest).unwrap())
}

#[test]
fn check_against_costs_linear_work_in_old_addresses() {
    assert_linear(
        "check --against, one old and one vanished address per page",
        |n| {
            let (t, old) = site_and_old_release(n);
            let site =
                helpsite::site::Site::load(t.path()).unwrap_or_else(|_| panic!("the site loads"));
            cost(|| {
                let found = helpsite::published::compare::against(&site, &old);
                let vanished = found.iter().filter(|d| d.code == "vanished-url").count();
                assert_eq!(vanished, n, "{found:?}");
                // Each is put on the page that kept its ms.assetid.
                assert!(found.iter().all(|d| d.file.starts_with("content/en/p")));
                found
            })
        },
        100,
    );
}

// ── 20. Two pages with one uid ───────────────────────────────────────────

#[test]
fn two_pages_with_one_uid_are_a_duplicate_uid_error_naming_both() {
    let t = minimal_site();
    write(
        t.path(),
        "site.toml",
        "title = \"T\"\ndefault_locale = \"en\"\nlocales = [\"en\", \"nl\"]\n",
    );
    write(t.path(), "content/nl/index.md", "# Thuis\n");
    write(
        t.path(),
        "content/en/a.md",
        "---\ntitle: A\nuid: Shared.Uid\n---\n# A\n",
    );
    write(
        t.path(),
        "content/en/b.md",
        "---\ntitle: B\nuid: Shared.Uid\n---\n# B\n",
    );
    // A translation sharing its source's uid is the normal case.
    write(
        t.path(),
        "content/nl/a.md",
        "---\ntitle: A nl\nuid: Shared.Uid\n---\n# A\n",
    );
    write(
        t.path(),
        "content/en/c.md",
        "---\nuid: Own.Uid\n---\n# C\n\n<xref:Own.Uid>\n",
    );
    write(t.path(), "content/nl/c.md", "---\nuid: Own.Uid\n---\n# C\n");
    let (status, diags) = check(t.path());
    assert_eq!(status, 1, "{diags:?}");
    let dups: Vec<_> = diags.iter().filter(|d| d.0 == "duplicate-uid").collect();
    let files: Vec<(&str, u64)> = dups.iter().map(|d| (d.1.as_str(), d.2)).collect();
    assert_eq!(
        files,
        [
            ("content/en/a.md", 3),
            ("content/en/b.md", 3),
            ("content/nl/a.md", 3)
        ],
        "{diags:?}"
    );
    assert!(dups[0].3.contains("content/en/b.md"), "{}", dups[0].3);
    assert!(dups[1].3.contains("content/en/a.md"), "{}", dups[1].3);
    assert!(dups[1].3.contains("content/nl/a.md"), "{}", dups[1].3);
    assert!(!dups[0].3.contains("content/nl/a.md"), "{}", dups[0].3);
}
