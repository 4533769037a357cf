//! How a build knows an output folder as its own, now that it publishes no
//! `.helpsite-output` marker: by its `urls.json`, a regular file opening
//! with `"generator": "helpsite"`. Every look-alike is refused, and a
//! folder an older release marked is still replaced.

use super::*;

use std::os::unix::fs::symlink;
use std::process::Command;

use super::source_writes::run_bounded;

/// A non-empty folder at `rel` in `root` holding `precious.txt`.
fn folder_with_precious(root: &Path, rel: &str) {
    write(root, &format!("{rel}/precious.txt"), "keep me");
}

fn assert_refused_and_kept(root: &Path, rel: &str) {
    let o = run_bounded(&["build", "--out", rel], root);
    assert_eq!(o.status.code(), Some(2), "--out {rel}: {}", stderr(&o));
    assert!(
        stderr(&o).contains("did not create"),
        "--out {rel}: {}",
        stderr(&o)
    );
    assert_eq!(
        std::fs::read_to_string(root.join(rel).join("precious.txt")).unwrap(),
        "keep me",
        "{rel}"
    );
}

#[test]
fn an_output_is_known_by_its_signed_urls_json_and_look_alikes_are_refused() {
    let site = minimal_site();
    let root = site.path();
    let o = run(&["build", "--out", "public"], root);
    assert!(o.status.success(), "{}", stderr(&o));
    let public = root.join("public");
    assert!(
        !public.join(".helpsite-output").exists(),
        "no marker for the web server to publish"
    );
    let signed = std::fs::read_to_string(public.join("urls.json")).unwrap();
    assert!(
        signed.starts_with("{\n  \"generator\": \"helpsite\",\n"),
        "{signed}"
    );
    let o = run(&["build", "--out", "public"], root);
    assert!(o.status.success(), "ours is replaced: {}", stderr(&o));

    // Another program's urls.json, or ours written another way.
    folder_with_precious(root, "other");
    write(root, "other/urls.json", "{\"format\": 1, \"pages\": []}\n");
    assert_refused_and_kept(root, "other");
    folder_with_precious(root, "reordered");
    write(
        root,
        "reordered/urls.json",
        "{\"format\": 1, \"generator\": \"helpsite\"}\n",
    );
    assert_refused_and_kept(root, "reordered");
    // A link to a real signed file is not the folder's own.
    folder_with_precious(root, "linked");
    symlink(public.join("urls.json"), root.join("linked/urls.json")).unwrap();
    assert_refused_and_kept(root, "linked");
    // A folder by the name, and a named pipe that must not be waited on.
    folder_with_precious(root, "dir");
    std::fs::create_dir_all(root.join("dir/urls.json")).unwrap();
    assert_refused_and_kept(root, "dir");
    folder_with_precious(root, "pipe");
    assert!(Command::new("mkfifo")
        .arg(root.join("pipe/urls.json"))
        .status()
        .unwrap()
        .success());
    assert_refused_and_kept(root, "pipe");
    // A signed file cut short, and one that is only the signature's start.
    folder_with_precious(root, "short");
    write(root, "short/urls.json", "{\n  \"generator\": \"help");
    assert_refused_and_kept(root, "short");
    folder_with_precious(root, "huge");
    write(root, "huge/urls.json", " ".repeat(8 << 20));
    assert_refused_and_kept(root, "huge");
}

#[test]
fn an_output_an_older_release_marked_is_replaced_and_loses_its_marker() {
    let site = minimal_site();
    let root = site.path();
    write(
        root,
        "old/.helpsite-output",
        "written by an older helpsite\n",
    );
    write(root, "old/en/index.html", "<p>old");
    let o = run(&["build", "--out", "old"], root);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!root.join("old/.helpsite-output").exists());
    assert!(root.join("old/urls.json").is_file());
    let o = run(&["build", "--out", "old"], root);
    assert!(
        o.status.success(),
        "then known by urls.json: {}",
        stderr(&o)
    );
}
