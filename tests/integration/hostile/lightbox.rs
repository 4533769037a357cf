//! DocFX's lightbox links (`[![a](small)](big#lightbox)`, `:::image
//! lightbox`): `#lightbox` is a marker for the theme, not an anchor; the
//! large picture gets every rule a linked file gets (missing, a link out of
//! the site, a named pipe); hostile alt text stays text; cost stays linear.

use super::*;

use std::os::unix::fs::symlink;

use super::source_writes::run_bounded;

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n";

fn lightbox_site() -> tempfile::TempDir {
    let site = minimal_site();
    let root = site.path();
    write(root, "content/en/media/small.png", PNG);
    write(root, "content/en/media/big.png", PNG);
    write(
        root,
        "content/en/p.md",
        [
            "# Pictures",
            "[![Small](media/small.png)](media/big.png#lightbox)",
            ":::image type=\"content\" source=\"media/small.png\" alt-text=\"Shot\" lightbox=\"media/big.png\":::",
            "[![\"quoted\" & 'single' onerror=alert(1) >](media/small.png)](media/big.png#lightbox)",
            "[![Gone](media/small.png)](media/gone.png#lightbox)",
            ":::image type=\"content\" source=\"media/small.png\" alt-text=\"Gone too\" lightbox=\"media/gone-too.png\":::",
        ]
        .join("\n\n")
            + "\n",
    );
    site
}

#[test]
fn lightbox_fragments_are_not_anchors_and_missing_pictures_are_reported() {
    let site = lightbox_site();
    let root = site.path();
    let (status, diags) = check(root);
    assert_eq!(status, 1, "{diags:?}");
    let found: Vec<(&str, u64)> = diags.iter().map(|d| (d.0.as_str(), d.2)).collect();
    assert_eq!(
        found,
        [("missing-media", 9), ("missing-media", 11)],
        "only the two missing pictures, no anchor: {diags:?}"
    );
    std::fs::remove_file(root.join("content/en/p.md")).unwrap();
    let text = "# Pictures\n\n[![Small](media/small.png)](media/big.png#lightbox)\n\n:::image type=\"content\" source=\"media/small.png\" alt-text=\"Shot\" lightbox=\"media/big.png\":::\n\n[![\"quoted\" & 'single' onerror=alert(1) >](media/small.png)](media/big.png#lightbox)\n";
    write(root, "content/en/p.md", text);
    let o = run(&["build"], root);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let html = std::fs::read_to_string(root.join("public/en/p.html")).unwrap();
    let doc = scraper::Html::parse_document(&html);
    let count = |s: &str| doc.select(&scraper::Selector::parse(s).unwrap()).count();
    assert_eq!(count("main a[href='media/big.png#lightbox'] > img"), 3);
    assert_eq!(count("main img[onerror]"), 0, "alt text is text");
    assert_eq!(
        count("main img[alt=\"\\\"quoted\\\" & 'single' onerror=alert(1) >\"]"),
        1
    );
    assert!(root.join("public/en/media/big.png").is_file());
}

#[test]
fn a_lightbox_picture_out_of_the_site_or_a_named_pipe_is_refused_without_waiting() {
    let site = lightbox_site();
    let root = site.path();
    let outside = tempfile::tempdir().unwrap();
    write(outside.path(), "secret.png", "SECRET-PICTURE");
    std::fs::remove_file(root.join("content/en/media/big.png")).unwrap();
    symlink(
        outside.path().join("secret.png"),
        root.join("content/en/media/big.png"),
    )
    .unwrap();
    let (status, diags) = check(root);
    assert_eq!(status, 1, "{diags:?}");
    assert!(
        diags
            .iter()
            .any(|d| d.0 == "path-escape" && d.1 == "content/en/media/big.png"),
        "{diags:?}"
    );
    let _ = run_bounded(&["build", "--keep-going"], root);
    for (name, bytes) in snapshot_tree(&root.join("public")) {
        assert!(
            !String::from_utf8_lossy(&bytes).contains("SECRET-PICTURE"),
            "published in {name}"
        );
    }

    std::fs::remove_file(root.join("content/en/media/big.png")).unwrap();
    let made = std::process::Command::new("mkfifo")
        .arg(root.join("content/en/media/big.png"))
        .status()
        .unwrap();
    assert!(made.success());
    // A pipe is no picture: every link to it is a missing picture.
    let o = run_bounded(&["check", "--format", "json"], root);
    let (status, diags) = check_output(&o);
    assert_eq!(status, 1, "{diags:?}");
    let missing: Vec<u64> = diags
        .iter()
        .filter(|d| d.0 == "missing-media")
        .map(|d| d.2)
        .collect();
    assert_eq!(missing, [3, 5, 7, 9, 11], "{diags:?}");
    let o = run_bounded(&["build"], root);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
}

#[test]
fn lightbox_images_cost_linear_work() {
    assert_linear(
        "lightbox pictures",
        |n| {
            let page: String = (0..n)
                .map(|i| {
                    format!(
                        "[![Small {i}](media/shot.png)](media/shot.png#lightbox)\n\n:::image type=\"content\" source=\"media/shot.png\" alt-text=\"Shot {i}\" lightbox=\"media/shot.png\":::\n\n"
                    )
                })
                .collect();
            let (steps, bytes) = cost(|| render(&page));
            let html = render(&page).take_html();
            assert_eq!(html.matches("shot.png#lightbox").count(), 2 * n);
            (steps + html.len() as u64, bytes)
        },
        200,
    );
}
