//! Named pipes where helpsite reads or writes a file, `locales/` under the
//! symlink rule, and byte order marks: refused or handled without waiting.

use super::*;

use std::os::unix::fs::symlink;
use std::process::Command;

use super::source_writes::run_bounded;

fn mkfifo(path: &Path) {
    let _ = std::fs::remove_file(path);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    assert!(Command::new("mkfifo").arg(path).status().unwrap().success());
}

#[test]
fn named_pipes_as_site_files_or_inputs_are_refused_without_waiting() {
    let site = minimal_site();
    let root = site.path();
    mkfifo(&root.join("locales/en/ui.ftl"));
    for cmd in ["check", "build"] {
        let out = run_bounded(&[cmd], root);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{cmd}: {err}");
        assert!(
            err.contains("locales/en/ui.ftl") && err.contains("named pipe"),
            "{err}"
        );
    }
    std::fs::remove_file(root.join("locales/en/ui.ftl")).unwrap();
    mkfifo(&root.join("old.json"));
    let out = run_bounded(&["check", "--against", "old.json"], root);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("named pipe"), "{}", stderr(&out));
    mkfifo(&root.join("site.toml"));
    let out = run_bounded(&["build"], root);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("site.toml"), "{}", stderr(&out));
}

#[test]
fn locales_linked_outside_the_site_are_refused_and_not_read() {
    let outside = tempfile::tempdir().unwrap();
    write(
        outside.path(),
        "ui.ftl",
        "search-placeholder = OUTSIDE-SECRET\n",
    );
    for whole_folder in [true, false] {
        let site = minimal_site();
        let root = site.path();
        if whole_folder {
            std::fs::create_dir_all(root.join("locales")).unwrap();
            symlink(outside.path(), root.join("locales/en")).unwrap();
        } else {
            std::fs::create_dir_all(root.join("locales/en")).unwrap();
            symlink(
                outside.path().join("ui.ftl"),
                root.join("locales/en/ui.ftl"),
            )
            .unwrap();
        }
        let out = run_bounded(&["build"], root);
        let err = stderr(&out);
        assert!(
            err.contains("path-escape") && err.contains("locales/en"),
            "{err}"
        );
        // The build fails; nothing it might have published holds the text.
        assert_eq!(out.status.code(), Some(1), "{err}");
        for (_, html) in html_files(&root.join("public")) {
            assert!(!html.contains("OUTSIDE-SECRET"));
        }
    }
}

#[test]
fn named_pipes_at_the_lock_stamps_or_output_files_do_not_hang() {
    let site = minimal_site();
    let root = site.path();
    mkfifo(&root.join(".public.helpsite-lock"));
    let out = run_bounded(&["build"], root);
    assert_ne!(out.status.code(), Some(0));
    assert!(stderr(&out).contains("named pipe"), "{}", stderr(&out));
    std::fs::remove_file(root.join(".public.helpsite-lock")).unwrap();
    assert_eq!(run_bounded(&["build"], root).status.code(), Some(0));
    mkfifo(&root.join(".public.helpsite-stamps"));
    let out = run_bounded(&["build"], root);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));

    write(root, "content/nl/index.md", "# Start\n");
    for args in [
        &["build", "--zip", "out.pipe"][..],
        &["l10n", "status", "--out", "out.pipe"],
        &["l10n", "export", "--locale", "nl", "--out", "out.pipe"],
    ] {
        mkfifo(&root.join("out.pipe"));
        let out = run_bounded(args, root);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
    }
}

#[test]
fn a_byte_order_mark_is_no_error_in_toc_fluent_or_templates() {
    let site = minimal_site();
    let root = site.path();
    write(
        root,
        "content/en/toc.yml",
        "\u{feff}- name: Home\n  href: index.md\n",
    );
    write(root, "locales/en/ui.ftl", "\u{feff}x = y\n");
    write(
        root,
        "templates/404.html",
        "\u{feff}{% extends \"base.html\" %}\n",
    );
    let (_, diags) = check(root);
    let found = codes(&diags);
    for code in ["toc", "ftl-syntax", "template"] {
        assert!(!found.contains(&code), "{code} in {diags:?}");
    }
}
