//! Locales' own folders (`[locales.<tag>] content`): roots that lead to `/`,
//! into the output folder, into each other or to a named pipe are refused
//! at their place in `site.toml`; a symlink in a root that leads out of it
//! is refused as anywhere else; a pipe in a root never stops a command;
//! 4× the pages cost about 4× the work; and no command writes into a root.

use std::path::{Path, PathBuf};
use std::time::Duration;

use super::*;
use crate::content_roots::file_states;

/// `t/site` with an en page in `content/en/`, and `t/docs.nl/articles`
/// (an nl page) named as nl's folder by `nl_root`.
fn site_with_nl_at(nl_root: &str) -> (tempfile::TempDir, PathBuf) {
    let t = tempfile::tempdir().unwrap();
    let root = t.path().join("site");
    write(&root, "content/en/index.md", "# Home\n\n[Page](page.md)\n");
    write(&root, "content/en/page.md", "# Page\n");
    write(
        t.path(),
        "docs.nl/articles/index.md",
        "# Start\n\n[Pagina](page.md)\n",
    );
    write(t.path(), "docs.nl/articles/page.md", "# Pagina\n");
    write(
        &root,
        "site.toml",
        format!("title = \"T\"\n[locales.en]\n[locales.nl]\ncontent = \"{nl_root}\"\n"),
    );
    (t, root)
}

fn config_error(root: &Path) -> String {
    let o = run_within(
        &["check", "--root", root.to_str().unwrap()],
        root,
        Duration::from_secs(20),
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    stderr(&o)
}

#[test]
fn roots_that_cannot_make_a_site_are_refused_at_their_place() {
    let (t, root) = site_with_nl_at("../docs.nl/articles");
    let depth = root.canonicalize().unwrap().components().count();
    let slash = "../".repeat(depth + 2);
    std::fs::create_dir_all(t.path().join("docs.nl/articles/deeper")).unwrap();
    for (nl, en, says, line) in [
        (
            "../docs.nl/articles/../..",
            "",
            "holds the site root itself",
            4,
        ),
        (
            "content/en",
            "",
            "is the same folder as the folder of locale `en`",
            4,
        ),
        ("content", "", "holds the folder of locale `en`", 4),
        (
            "../docs.nl/articles/deeper",
            "content = \"../docs.nl/articles\"\n",
            "[locales.en] content `../docs.nl/articles` holds the folder of locale `nl`",
            3,
        ),
        (
            "../docs.nl/articles",
            "content = \"../docs.nl/./articles/\"\n",
            "is the same folder as the folder of locale `nl`",
            3,
        ),
        ("", "", "is empty", 4),
        ("../nowhere", "", "is not a folder", 4),
    ] {
        write(
            &root,
            "site.toml",
            format!("title = \"T\"\n[locales.en]\n{en}[locales.nl]\ncontent = \"{nl}\"\n"),
        );
        let err = config_error(&root);
        assert!(err.contains(says), "{nl}: {err}");
        assert!(
            err.starts_with(&format!("site.toml:{line}:11: error: ")),
            "{nl}: {err}"
        );
    }
    // A root through `..` to `/` holds the site root: refused before any walk.
    write(
        &root,
        "site.toml",
        format!("title = \"T\"\n[locales.en]\n[locales.nl]\ncontent = \"{slash}\"\n"),
    );
    let err = config_error(&root);
    assert!(err.contains("holds the site root itself (/)"), "{err}");
    // An unknown key, and no table for the default locale.
    write(
        &root,
        "site.toml",
        "[locales.en]\n[locales.nl]\nfolder = \"x\"\n",
    );
    assert!(config_error(&root).starts_with("site.toml:3:1: error: unknown field `folder`"));
    write(
        &root,
        "site.toml",
        "[locales.nl]\ncontent = \"../docs.nl/articles\"\n",
    );
    assert!(config_error(&root).contains("the default locale `en` has no [locales.en] table"));
}

#[cfg(unix)]
#[test]
fn a_pipe_as_a_root_or_in_one_never_stops_a_command() {
    let (t, root) = site_with_nl_at("../pipe");
    let made = std::process::Command::new("mkfifo")
        .arg(t.path().join("pipe"))
        .arg(t.path().join("docs.nl/articles/waiting.md"))
        .status();
    assert!(made.is_ok_and(|s| s.success()), "mkfifo");
    let err = config_error(&root);
    assert!(
        err.starts_with("site.toml:4:11: error: [locales.nl] content `../pipe` is a named pipe (FIFO), not a folder"),
        "{err}"
    );
    write(
        &root,
        "site.toml",
        "title = \"T\"\n[locales.en]\n[locales.nl]\ncontent = \"../docs.nl/articles\"\n",
    );
    let out = t.path().join("public");
    let o = run_within(
        &[
            "build",
            "--root",
            root.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ],
        &root,
        Duration::from_secs(20),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(out.join("nl/page.html").is_file());
    assert!(!out.join("nl/waiting.html").exists());
}

#[cfg(unix)]
#[test]
fn a_symlink_in_a_root_that_leads_out_of_it_is_refused() {
    let (t, root) = site_with_nl_at("../docs.nl/articles");
    write(t.path(), "secret.md", "# SECRET-OUTSIDE\n");
    // Inside the site root but outside nl's folder: still out of what was named.
    write(&root, "private.md", "# SECRET-IN-SITE\n");
    let nl = t.path().join("docs.nl/articles");
    std::os::unix::fs::symlink(t.path().join("secret.md"), nl.join("leak.md")).unwrap();
    std::os::unix::fs::symlink(root.join("private.md"), nl.join("site-leak.md")).unwrap();
    std::os::unix::fs::symlink("/etc", nl.join("etc")).unwrap();
    // A link within the folder is followed, as anywhere.
    std::os::unix::fs::symlink(nl.join("page.md"), nl.join("alias.md")).unwrap();
    let (code, found) = check(&root);
    assert_eq!(code, 1);
    let mut escapes: Vec<&str> = found
        .iter()
        .filter(|(c, ..)| c == "path-escape")
        .map(|(_, f, ..)| f.as_str())
        .collect();
    escapes.sort();
    assert_eq!(
        escapes,
        [
            "../docs.nl/articles/etc",
            "../docs.nl/articles/leak.md",
            "../docs.nl/articles/site-leak.md"
        ],
        "{found:?}"
    );
    assert!(found
        .iter()
        .any(|(c, _, _, m)| c == "path-escape" && m.contains("leads outside its locale's folder")));
    let out = t.path().join("public");
    let o = run(
        &[
            "build",
            "--root",
            root.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--keep-going",
        ],
        &root,
    );
    assert_eq!(o.status.code(), Some(1));
    let published: String = snapshot_tree(&out)
        .values()
        .map(|b| String::from_utf8_lossy(b).into_owned())
        .collect();
    assert!(!published.contains("SECRET"), "a linked file was published");
    for link in ["leak.md", "site-leak.md", "etc"] {
        std::fs::remove_file(nl.join(link)).unwrap();
    }
    let o = run(
        &[
            "build",
            "--root",
            root.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ],
        &root,
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(out.join("nl/alias.html").is_file());
}

#[cfg(unix)]
#[test]
fn a_root_that_is_a_symlink_to_the_output_folder_is_never_written() {
    let (t, root) = site_with_nl_at("../nl-link");
    let out = t.path().join("public");
    // A previous build's output, named as nl's folder through a link.
    let o = run(
        &[
            "build",
            "--root",
            root.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ],
        &root,
    );
    assert_eq!(o.status.code(), Some(1), "nl-link does not exist yet");
    write(
        &root,
        "site.toml",
        "title = \"T\"\n[locales.en]\n[locales.nl]\ncontent = \"../docs.nl/articles\"\n",
    );
    let o = run(
        &[
            "build",
            "--root",
            root.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ],
        &root,
    );
    assert!(o.status.success(), "{}", stderr(&o));
    std::os::unix::fs::symlink(out.join("nl"), t.path().join("nl-link")).unwrap();
    std::os::unix::fs::symlink(&out, t.path().join("out-link")).unwrap();
    for nl in ["../nl-link", "../out-link"] {
        write(
            &root,
            "site.toml",
            format!("title = \"T\"\n[locales.en]\n[locales.nl]\ncontent = \"{nl}\"\n"),
        );
        let before = file_states(&out);
        let o = run(
            &[
                "build",
                "--root",
                root.to_str().unwrap(),
                "--out",
                out.to_str().unwrap(),
            ],
            &root,
        );
        assert_eq!(o.status.code(), Some(2), "{nl}: {}", stderr(&o));
        assert!(
            stderr(&o).contains("the folder of locale `nl`"),
            "{nl}: {}",
            stderr(&o)
        );
        assert_eq!(
            file_states(&out),
            before,
            "{nl}: the output folder was written"
        );
    }
    // Nor is a zip or a report written into a locale's folder.
    write(
        &root,
        "site.toml",
        "title = \"T\"\n[locales.en]\n[locales.nl]\ncontent = \"../docs.nl/articles\"\n",
    );
    let nl = t.path().join("docs.nl/articles");
    let before = file_states(&nl);
    let zip = nl.join("site.zip");
    let o = run(
        &[
            "build",
            "--root",
            root.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--zip",
            zip.to_str().unwrap(),
        ],
        &root,
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let report = nl.join("status.html");
    let o = run(
        &[
            "l10n",
            "status",
            "--root",
            root.to_str().unwrap(),
            "--format",
            "html",
            "--out",
            report.to_str().unwrap(),
        ],
        &root,
    );
    assert_ne!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = run(
        &[
            "build",
            "--root",
            root.to_str().unwrap(),
            "--out",
            nl.join("_site").to_str().unwrap(),
        ],
        &root,
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert_eq!(file_states(&nl), before);
}

#[test]
fn build_and_check_write_nothing_into_any_root() {
    let (t, root) = site_with_nl_at("../docs.nl/articles");
    let nl = t.path().join("docs.nl");
    let en = root.join("content");
    let (nl_before, en_before) = (file_states(&nl), file_states(&en));
    let out = t.path().join("public");
    for args in [
        vec!["build", "--out", out.to_str().unwrap()],
        vec!["check"],
        vec!["check", "--format", "json"],
        vec!["l10n", "status"],
    ] {
        let mut all = args.clone();
        all.extend(["--root", root.to_str().unwrap()]);
        let o = run(&all, &root);
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
        assert_eq!(
            file_states(&nl),
            nl_before,
            "{args:?} wrote into nl's folder"
        );
        assert_eq!(file_states(&en), en_before, "{args:?} wrote into content/");
    }
    assert!(out.join("nl/page.html").is_file());
}

/// `n` nl pages in nl's own folder, each linking to the next.
fn nl_pages(n: usize) -> (tempfile::TempDir, PathBuf) {
    let (t, root) = site_with_nl_at("../docs.nl/articles");
    for i in 0..n {
        write(
            t.path(),
            &format!("docs.nl/articles/many/p{i}.md"),
            format!("# Pagina {i}\n\n[Volgende](p{}.md)\n", (i + 1) % n),
        );
    }
    (t, root)
}

#[test]
fn four_times_the_pages_in_a_root_cost_about_four_times_the_work() {
    assert_linear(
        "loading a site whose nl pages are in a folder of their own",
        |n| {
            let (_t, root) = nl_pages(n);
            cost(|| {
                let site = helpsite::site::Site::load(&root).unwrap_or_else(|_| panic!("loads"));
                assert_eq!(
                    site.pages().iter().filter(|p| p.locale == "nl").count(),
                    n + 2,
                    "nl's own pages"
                );
                site
            })
        },
        100,
    );
}

#[test]
fn four_times_the_files_in_a_root_cost_about_four_times_the_walk() {
    assert_linear(
        "walking a locale's own folder, each entry counted",
        |n| {
            let (t, _root) = nl_pages(n);
            let nl = t.path().join("docs.nl/articles");
            cost(|| {
                let mut diags = Vec::new();
                let found = helpsite::discover::walk_within(
                    &nl,
                    "its locale's folder",
                    &nl,
                    "content/nl/",
                    &|_| false,
                    &mut diags,
                );
                assert_eq!(found.len(), n + 2);
                found
            })
        },
        200,
    );
}
