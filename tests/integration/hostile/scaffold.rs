//! `init`, `new` and `theme eject` against hostile folders and names:
//! symlinks and pipes where files go, names no URL can hold, and TOCs
//! large enough to show growth. Nothing is written outside what the user
//! named, and nothing waits on a pipe.

use super::*;

use std::os::unix::fs::symlink;
use std::time::Duration;

const DEADLINE: Duration = Duration::from_secs(60);

fn make_fifo(path: &Path) {
    let status = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo");
    assert!(status.success());
}

fn started_site() -> tempfile::TempDir {
    let t = tempfile::tempdir().unwrap();
    let o = run(&["init", "s"], t.path());
    assert!(o.status.success(), "{}", stderr(&o));
    t
}

#[test]
fn init_refuses_a_symlinked_folder_and_never_writes_through_a_link() {
    let t = tempfile::tempdir().unwrap();
    let elsewhere = t.path().join("elsewhere");
    std::fs::create_dir(&elsewhere).unwrap();
    symlink(&elsewhere, t.path().join("link")).unwrap();
    let o = run_within(&["init", "link"], t.path(), DEADLINE);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("a symlink"), "{}", stderr(&o));
    assert_eq!(std::fs::read_dir(&elsewhere).unwrap().count(), 0);

    // Inside the folder, with --force: a linked `content` is in the way.
    std::fs::create_dir(t.path().join("site")).unwrap();
    symlink(&elsewhere, t.path().join("site/content")).unwrap();
    let o = run_within(&["init", "site", "--force"], t.path(), DEADLINE);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("content (a symlink)"), "{}", stderr(&o));
    assert_eq!(std::fs::read_dir(&elsewhere).unwrap().count(), 0);
    assert!(!t.path().join("site/site.toml").exists());
}

#[test]
fn init_refuses_a_pipe_as_the_folder_or_in_it_without_waiting() {
    let t = tempfile::tempdir().unwrap();
    make_fifo(&t.path().join("pipe"));
    let o = run_within(&["init", "pipe"], t.path(), DEADLINE);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("a named pipe"), "{}", stderr(&o));
    std::fs::create_dir(t.path().join("site")).unwrap();
    make_fifo(&t.path().join("site/site.toml"));
    let o = run_within(&["init", "site", "--force"], t.path(), DEADLINE);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("site.toml (a named pipe)"),
        "{}",
        stderr(&o)
    );
    assert!(!t.path().join("site/content").exists());
}

#[test]
fn new_refuses_names_no_page_can_have() {
    let t = started_site();
    let root = t.path().join("s");
    let long = format!("content/en/{}.md", "a".repeat(300));
    let just_too_long = format!("content/en/{}.md", "b".repeat(251));
    for (path, code, why) in [
        ("../x.md", 2, ".."),
        ("content/en/../../x.md", 2, ".."),
        ("content/en/a\nb.md", 2, "control character"),
        ("content/en/a\u{7}b.md", 2, "control character"),
        ("content/en/x.txt", 2, "`.md`"),
        ("content/en/.hidden.md", 2, "dot"),
        ("content/en/a\\b.md", 2, "backslash"),
        ("content/en/includes/part.md", 2, "includes"),
        ("content/en/toc.md", 2, "table of contents"),
        ("content/fr/x.md", 2, "content/en/, content/nl/"),
        ("elsewhere/x.md", 2, "not in a locale"),
        (long.as_str(), 2, "longer than file systems take"),
        (just_too_long.as_str(), 2, "published name"),
        ("content/en/INDEX.md", 1, "letter case"),
        (
            "content/en/A-New-Page-Does-Not-Show-Up.md",
            1,
            "letter case",
        ),
        ("content/en/index.md", 1, "already exists"),
    ] {
        let before = snapshot_tree(&root);
        let o = run_within(&["new", path], &root, DEADLINE);
        assert_eq!(o.status.code(), Some(code), "{path:?}: {}", stderr(&o));
        assert!(stderr(&o).contains(why), "{path:?}: {}", stderr(&o));
        assert_eq!(snapshot_tree(&root), before, "{path:?} wrote something");
    }
    let o = run_within(
        &["new", "--help-id", "page-not-shown", "content/en/x.md"],
        &root,
        DEADLINE,
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("already"), "{}", stderr(&o));
    let o = run_within(
        &["new", "--help-id", "a/b", "content/en/x.md"],
        &root,
        DEADLINE,
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
}

#[test]
fn new_writes_a_hostile_but_valid_name_that_still_checks_clean() {
    let t = started_site();
    let root = t.path().join("s");
    for path in [
        "content/en/[old] <b>printers</b> & *faxes*.md",
        "content/en/café #1 (100%).md",
        "content/nl/a-new-page-does-not-show-up-2.md",
    ] {
        let o = run_within(&["new", path], &root, DEADLINE);
        assert!(o.status.success(), "{path}: {}", stderr(&o));
    }
    let (status, diags) = check(&root);
    assert_eq!((status, diags.len()), (0, 0), "{diags:?}");
}

#[test]
fn new_never_writes_through_a_symlink_or_waits_on_a_pipe() {
    let t = started_site();
    let root = t.path().join("s");
    let outside = t.path().join("outside");
    std::fs::create_dir(&outside).unwrap();
    symlink(&outside, root.join("content/en/linked")).unwrap();
    let o = run_within(&["new", "content/en/linked/x.md"], &root, DEADLINE);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("symlink"), "{}", stderr(&o));
    assert_eq!(std::fs::read_dir(&outside).unwrap().count(), 0);

    // A TOC that is a link: neither it nor its target is written, nor the page.
    let toc = root.join("content/en/TOC.md");
    let real = outside.join("TOC.md");
    std::fs::rename(&toc, &real).unwrap();
    symlink(&real, &toc).unwrap();
    let before = std::fs::read(&real).unwrap();
    let o = run_within(&["new", "content/en/y.md"], &root, DEADLINE);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("symlink"), "{}", stderr(&o));
    assert_eq!(std::fs::read(&real).unwrap(), before);
    assert!(!root.join("content/en/y.md").exists());

    std::fs::remove_file(&toc).unwrap();
    make_fifo(&toc);
    let o = run_within(&["new", "content/en/z.md"], &root, DEADLINE);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("named pipe"), "{}", stderr(&o));
    assert!(!root.join("content/en/z.md").exists());
}

#[test]
fn theme_eject_never_writes_through_a_symlinked_folder() {
    let t = started_site();
    let root = t.path().join("s");
    let outside = t.path().join("outside");
    std::fs::create_dir(&outside).unwrap();
    symlink(&outside, root.join("templates")).unwrap();
    let o = run_within(&["theme", "eject"], &root, DEADLINE);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("templates (a symlink)"),
        "{}",
        stderr(&o)
    );
    assert_eq!(std::fs::read_dir(&outside).unwrap().count(), 0);
    assert!(!root.join("static").exists() && !root.join("locales").exists());
}

#[test]
fn adding_to_a_toc_costs_linear_work() {
    use helpsite::scaffold::toc_entry::add;
    for (what, make) in [
        (
            "a flat TOC.md",
            (|n: usize| {
                (0..n)
                    .map(|i| format!("- [P{i}](p{i}.md)\n"))
                    .collect::<String>()
            }) as fn(usize) -> String,
        ),
        ("nested TOC.md", |n| {
            (0..n)
                .map(|i| format!("{}- [P{i}](d/p{i}.md)\n", " ".repeat(2 * (i % 40))))
                .collect()
        }),
        ("toc.yml with hrefs under deep items", |n| {
            (0..n)
                .map(|i| format!("{}- name: P\n  href: x{i}.md\n", " ".repeat(i % 50)))
                .collect()
        }),
    ] {
        let yaml = what.contains("yml");
        assert_linear(
            what,
            |n| {
                let text = make(n);
                cost(|| add(&text, yaml, "New", "d/new.md", "d"))
            },
            2_000,
        );
    }
}

#[test]
fn init_keeps_a_hostile_title_text_and_refuses_one_the_settings_refuse() {
    let t = tempfile::tempdir().unwrap();
    let title = "<b>My & \"help\"</b> [x] *y* \\ `z` {{ t }}";
    let o = run_within(&["init", "s", "--title", title], t.path(), DEADLINE);
    assert!(o.status.success(), "{}", stderr(&o));
    let root = t.path().join("s");
    let (status, diags) = check(&root);
    assert_eq!((status, diags.len()), (0, 0), "{diags:?}");
    assert!(run(&["build"], &root).status.success());
    let home = std::fs::read_to_string(root.join("public/en/index.html")).unwrap();
    let doc = scraper::Html::parse_document(&home);
    let h1 = scraper::Selector::parse("main h1, article h1").unwrap();
    let shown: String = doc.select(&h1).next().unwrap().text().collect();
    assert_eq!(shown, title);
    for bad in ["x".repeat(300), "a\nb".to_string()] {
        let o = run_within(&["init", "bad", "--title", &bad], t.path(), DEADLINE);
        assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
        assert!(!t.path().join("bad").exists());
    }
}
