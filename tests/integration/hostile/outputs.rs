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
                assert!(found
                    .iter()
                    .all(|d| d.span.file.starts_with("content/en/p")));
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

// ── 10. `ms.sourcegitcommit` is a commit id, never a revision expression ─

/// Commits the whole work tree of `repo` on its current branch.
fn commit_all(repo: &git2::Repository, message: &str) -> git2::Oid {
    let mut index = repo.index().unwrap();
    index
        .add_all(["*"], git2::IndexAddOption::DEFAULT, None)
        .unwrap();
    index.write().unwrap();
    let tree = repo.find_tree(index.write_tree().unwrap()).unwrap();
    let when = git2::Time::new(1_485_943_200, 0);
    let sig = git2::Signature::new("Docs", "docs@example.com", &when).unwrap();
    let parent = repo.head().ok().and_then(|h| h.peel_to_commit().ok());
    let parents: Vec<&git2::Commit> = parent.iter().collect();
    repo.commit(Some("HEAD"), &sig, &sig, message, &tree, &parents)
        .unwrap()
}

#[test]
fn a_source_commit_that_is_a_revision_expression_is_a_warning_not_a_lookup() {
    let t = minimal_site();
    let root = t.path();
    write(
        root,
        "site.toml",
        "title = \"T\"\ndefault_locale = \"en\"\nlocales = [\"en\", \"nl\"]\n",
    );
    write(root, "content/nl/index.md", "# Start\n");
    let stamps = [
        ("a", "HEAD".to_string()),
        ("b", ":/first".to_string()),
        ("c", "main~1".to_string()),
    ];
    for page in ["a", "b", "c", "d"] {
        write(
            root,
            &format!("content/en/{page}.md"),
            "# Title\n\nOne two three.\n",
        );
    }
    let repo = git2::Repository::init_opts(
        root,
        git2::RepositoryInitOptions::new().initial_head("main"),
    )
    .unwrap();
    let first = commit_all(&repo, "first").to_string();
    for page in ["a", "b", "c", "d"] {
        write(
            root,
            &format!("content/en/{page}.md"),
            "# Title\n\nOne two three four five.\n",
        );
    }
    commit_all(&repo, "second");
    let hex = ("d", first[..7].to_string());
    for (page, commit) in stamps.iter().chain([&hex]) {
        // A hash no committed version has: only the commit can tell the old source.
        write(
            root,
            &format!("content/nl/{page}.md"),
            format!("---\nms.openlocfilehash: {}\nms.sourcegitcommit: {commit}\n---\n# Titel\n\nEen twee drie.\n", "0".repeat(40)),
        );
    }

    let (status, diags) = check(root);
    assert_eq!(status, 0, "{diags:?}");
    let warned: Vec<(&str, u64)> = diags
        .iter()
        .filter(|d| d.0 == "translation-stamp")
        .map(|d| (d.1.as_str(), d.2))
        .collect();
    assert_eq!(
        warned,
        [
            ("content/nl/a.md", 3),
            ("content/nl/b.md", 3),
            ("content/nl/c.md", 3)
        ],
        "{diags:?}"
    );

    let o = run(&["l10n", "status", "--format", "json"], root);
    assert!(o.status.success(), "{}", stderr(&o));
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let pages = report["locales"]["nl"]["pages"].as_array().unwrap();
    let of = |source: &str| {
        pages
            .iter()
            .find(|p| p["source"] == source)
            .unwrap_or_else(|| panic!("{source} in {report}"))
    };
    for (page, _) in &stamps {
        let p = of(&format!("{page}.md"));
        // Not read as the source of today (HEAD) or of a searched commit.
        assert_eq!(p["status"], "outdated", "{p}");
        assert_eq!(p["translated_from"], serde_json::Value::Null, "{p}");
        assert_eq!(p["changed_words"], serde_json::Value::Null, "{p}");
    }
    let d = of("d.md");
    assert_eq!(d["status"], "outdated", "{d}");
    assert_eq!(d["translated_from"], first.as_str(), "{d}");
    // "four five." added, counted from the source as it was at `first`.
    assert!(d["changed_words"].as_u64().is_some_and(|n| n >= 2), "{d}");
}

// ── Output to a closed pipe ──────────────────────────────────────────────

/// Runs helpsite with stdout a pipe whose reader is already closed, as
/// after `| head -1`; gives up (and fails) after a minute.
fn run_into_closed_pipe(args: &[&str], root: &Path) -> (Option<i32>, String) {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let mut child = std::process::Command::new(BIN)
        .args(args)
        .current_dir(root)
        .stdout(writer)
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("helpsite {args:?} did not end");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    let mut err = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut err).unwrap();
    (status.code(), err)
}

#[test]
fn commands_that_print_end_quietly_on_a_closed_pipe() {
    let t = minimal_site();
    write(
        t.path(),
        "site.toml",
        "title = \"T\"\ndefault_locale = \"en\"\nlocales = [\"en\", \"nl\"]\n",
    );
    write(t.path(), "content/nl/index.md", "# Start\n");
    // An error, so that `check` alone would end with 1.
    write(t.path(), "content/en/a.md", "# A\n\n[gone](gone.md)\n");
    for args in [
        &["check", "--format", "json"][..],
        &["l10n", "status", "--format", "json"],
        &["l10n", "status"],
        &["l10n", "diff", "--locale", "nl", "a.md"],
    ] {
        let (code, err) = run_into_closed_pipe(args, t.path());
        assert_eq!(code, Some(0), "helpsite {args:?}: {err}");
        assert!(!err.contains("panicked"), "helpsite {args:?}: {err}");
        assert!(
            !err.contains("error: cannot write"),
            "helpsite {args:?}: {err}"
        );
    }
}

// ── 18./19. Two things at one output path, or at two that differ in case ─

/// `(code, file, message)` of the collision diagnostics.
fn collisions(diags: &[(String, String, u64, String)]) -> Vec<(&str, &str, &str)> {
    diags
        .iter()
        .filter(|d| d.0.starts_with("output-"))
        .map(|d| (d.0.as_str(), d.1.as_str(), d.3.as_str()))
        .collect()
}

#[test]
fn a_redirect_an_asset_and_a_static_file_over_another_output_are_collisions() {
    let t = minimal_site();
    write(
        t.path(),
        "site.toml",
        "title = \"T\"\ndefault_locale = \"en\"\nlocales = [\"en\", \"nl\"]\n",
    );
    write(t.path(), "content/nl/index.md", "# Start\n");
    // A redirect where an asset the page links to is published.
    write(
        t.path(),
        "content/en/new.md",
        "---\nredirect_from: [legacy.md]\n---\n# New\n\n[old copy](legacy.html)\n",
    );
    write(t.path(), "content/en/legacy.html", "<p>the old page</p>\n");
    // A redirect where the first listing page is published.
    write(
        t.path(),
        "content/en/list.md",
        "---\nredirect_from: [all-pages/1.md]\n---\n# L\n",
    );
    // A static file where helpsite writes its list of addresses.
    write(t.path(), "static/urls.json", "{}\n");
    // An nl redirect where the nl fallback page of an en-only page is.
    write(t.path(), "content/en/only-en.md", "# Only en\n");
    write(t.path(), "content/en/moved.md", "# Moved\n");
    write(
        t.path(),
        "content/nl/moved.md",
        "---\nredirect_from: [only-en.md]\n---\n# Verplaatst\n",
    );
    let (status, diags) = check(t.path());
    assert_eq!(status, 1, "{diags:?}");
    let found = collisions(&diags);
    let files: Vec<(&str, &str)> = found.iter().map(|c| (c.0, c.1)).collect();
    assert_eq!(
        files,
        [
            ("output-collision", "content/en/list.md"),
            ("output-collision", "content/en/list.md"),
            ("output-collision", "content/en/new.md"),
            ("output-collision", "content/en/new.md"),
            ("output-collision", "content/nl/moved.md"),
            ("output-collision", "static/urls.json"),
        ],
        "{diags:?}"
    );
    let message = |file: &str| found.iter().find(|c| c.1 == file).unwrap().2;
    // In nl too: the fallback page of new.md keeps its redirect, and the
    // asset is taken from en.
    let legacy: Vec<&str> = found
        .iter()
        .filter(|c| c.1 == "content/en/new.md")
        .map(|c| c.2)
        .collect();
    assert!(
        legacy[0].contains("`en/legacy.html`") && legacy[0].contains("content/en/legacy.html"),
        "{legacy:?}"
    );
    assert!(legacy[1].contains("`nl/legacy.html`"), "{legacy:?}");
    let list = message("content/en/list.md");
    assert!(
        list.contains("en/all-pages/1.html") && list.contains("helpsite"),
        "{list}"
    );
    let urls = message("static/urls.json");
    assert!(
        urls.contains("`urls.json`") && urls.contains("helpsite's own"),
        "{urls}"
    );
    let moved = message("content/nl/moved.md");
    assert!(
        moved.contains("nl/only-en.html") && moved.contains("content/en/only-en.md"),
        "{moved}"
    );
    // The build refuses to publish a site where one file would hide another.
    let o = run(&["build"], t.path());
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("[output-collision]"), "{}", stderr(&o));
    assert!(!t.path().join("public/urls.json").exists());
}

#[test]
fn output_paths_that_differ_only_in_letter_case_are_reported_across_locales() {
    let t = minimal_site();
    write(
        t.path(),
        "site.toml",
        "title = \"T\"\ndefault_locale = \"en\"\nlocales = [\"en\", \"nl\"]\n",
    );
    write(t.path(), "content/nl/index.md", "# Start\n");
    write(
        t.path(),
        "content/en/page.md",
        "---\nhelp_id: PAGE-1\n---\n# Page\n",
    );
    write(
        t.path(),
        "content/nl/page.md",
        "---\nhelp_id: page-1\n---\n# Pagina\n",
    );
    write(
        t.path(),
        "content/en/moved.md",
        "---\nredirect_from: [Index.md]\n---\n# Moved\n",
    );
    let (status, diags) = check(t.path());
    assert_eq!(status, 1, "{diags:?}");
    let found = collisions(&diags);
    let files: Vec<(&str, &str)> = found.iter().map(|c| (c.0, c.1)).collect();
    assert_eq!(
        files,
        [
            ("output-case-collision", "content/en/moved.md"),
            ("output-case-collision", "content/en/moved.md"),
            ("output-case-collision", "content/en/page.md"),
        ],
        "{diags:?}"
    );
    assert!(found[1].2.contains("`nl/Index.html`") && found[1].2.contains("`nl/index.html`"));
    let index = found[0].2;
    assert!(
        index.contains("`en/Index.html`") && index.contains("`en/index.html`"),
        "{index}"
    );
    assert!(index.contains("content/en/index.md"), "{index}");
    let go = found[2].2;
    assert!(
        go.contains("`go/PAGE-1.html`") && go.contains("`go/page-1.html`"),
        "{go}"
    );
    assert!(go.contains("content/nl/page.md"), "{go}");
}

#[test]
fn output_paths_that_differ_only_in_unicode_composition_are_a_case_collision() {
    let t = minimal_site();
    // NFD and NFC spellings of `café`: one file on macOS disks.
    write(t.path(), "content/en/cafe\u{301}.md", "# Decomposed\n");
    write(t.path(), "content/en/caf\u{e9}.md", "# Composed\n");
    let (status, diags) = check(t.path());
    assert_eq!(status, 1, "{diags:?}");
    let found = collisions(&diags);
    assert_eq!(found.len(), 1, "{diags:?}");
    assert_eq!(found[0].0, "output-case-collision");
    let message = found[0].2;
    assert!(
        message.contains("`en/cafe\u{301}.html`")
            && message.contains("`en/caf\u{e9}.html`")
            && message.contains("Unicode composition"),
        "{message}"
    );
    let o = run(&["build"], t.path());
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
}
