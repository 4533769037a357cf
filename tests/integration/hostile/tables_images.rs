//! Pipe tables widened as DocFX reads them, `:::image` in running text and
//! includes in comments: no growth worse than linear, no file outside the
//! site read or published, no wait on a named pipe.

use super::*;

use std::os::unix::fs::symlink;
use std::process::Command;

use super::source_writes::run_bounded;

/// A table whose header names one column fewer than its `|---|` row, so
/// the pre-pass widens it, with `rows` rows.
fn uneven_table(rows: usize) -> String {
    let mut page = String::from("# T\n\n| a | b |\n|---|---|---|\n");
    for i in 0..rows {
        page.push_str(&format!("| {i} | x | y |\n"));
    }
    page
}

#[test]
fn a_widened_table_of_many_rows_costs_linear_work() {
    assert_linear(
        "rows of a widened table",
        |n| {
            let page = uneven_table(n);
            let (steps, bytes) = cost(|| render(&page));
            let mut r = render(&page);
            assert!(r.diagnostics().is_empty(), "{:?}", r.diagnostics());
            let html = r.take_html();
            assert_eq!(html.matches("<tr>").count(), n + 1);
            (steps + html.len() as u64, bytes)
        },
        2_500,
    );
}

#[test]
fn a_table_of_ten_thousand_columns_under_a_one_column_header_is_widened_linearly() {
    assert_linear(
        "columns of a widened table",
        |n| {
            let page = format!("| only |\n|{}\n", "---|".repeat(n));
            let (steps, bytes) = cost(|| render(&page));
            let html = render(&page).take_html();
            assert_eq!(html.matches("</th>").count(), n);
            (steps + html.len() as u64, bytes)
        },
        2_500,
    );
}

#[test]
fn many_inline_images_cost_linear_work() {
    assert_linear(
        "inline images",
        |n| {
            let mut page = String::from("# T\n\n| icon | name |\n|---|---|\n");
            for i in 0..n {
                page.push_str(&format!(
                    "| :::image type=\"icon\" source=\"media/shot.png\"::: | {i} |\n"
                ));
            }
            page.push_str("\nAnd :::image type=\"icon\" source=\"media/shot.png\"::: inline.\n");
            let (steps, bytes) = cost(|| render(&page));
            let mut r = render(&page);
            assert!(r.diagnostics().is_empty(), "{:?}", r.diagnostics());
            let html = r.take_html();
            assert_eq!(html.matches("<img ").count(), n + 1);
            assert!(!html.contains(":::image"));
            (steps + html.len() as u64, bytes)
        },
        2_500,
    );
}

#[test]
fn an_unclosed_comment_over_a_megabyte_hides_its_includes_in_linear_work() {
    let page_of = |bytes: usize| {
        let line = "[!INCLUDE[old](includes/gone.md)] and :::image type=\"icon\" source=\"media/gone.png\":::\n";
        format!(
            "# T\n\nShown.\n\n<!-- left open\n{}",
            line.repeat(bytes / line.len())
        )
    };
    let page = page_of(1 << 20);
    let mut r = render(&page);
    assert!(r.diagnostics().is_empty(), "{:?}", r.diagnostics());
    let html = r.take_html();
    assert!(
        !html.contains("hsi:") && !html.contains("<img"),
        "a comment stays a comment"
    );
    assert_linear(
        "an unclosed comment",
        |n| cost(|| render(&page_of(n))),
        1 << 18,
    );
}

#[test]
fn hostile_table_and_image_text_gives_diagnostics_not_panics() {
    let nasty = [
        "|\n|-|\n",
        "| a |\n|:-:|:-:|\u{1F600}|\n",
        "\\|\n|---|\n",
        "> | a |\n|---|---|\n",
        "- | a |\n |---|---|\n\t|---|---|---|\n",
        "| é | ü |\r\n|---|---|---|\r\n| 1 |\r\n",
        ":::image",
        ":::image type=\"icon\" source=\"\"::: and :::image:::",
        "x :::image source=\"media/shot.png\" alt-text=\"a\u{0}b\" lightbox=\"javascript:x\":::",
        "x :::IMAGE type=\"icon\" source=\"media/shot.png\":::\n| :::image-end::: |\n|-|\n",
        "<!--",
        "<!-- [!INCLUDE[a](includes/gone.md)]",
        "text <!-- [!INCLUDE[a](includes/gone.md)]\n\nafter -->",
    ];
    for text in nasty {
        let r = render(text);
        for d in r.diagnostics() {
            assert!(d.span.line >= 1, "{text:?}: {d:?}");
        }
        assert!(!r.html().contains("<?\u{2}"), "{text:?}: a stand-in left");
        assert!(!r.html().contains("javascript"), "{text:?}");
    }
    // A comment opened in running text and closed after a blank line is no
    // comment: the include in it is live, and reported as missing, and the
    // reader sees the `-->` that closes nothing.
    let r = render("text <!-- [!INCLUDE[a](includes/gone.md)]\n\nafter -->");
    let codes: Vec<&str> = r.diagnostics().iter().map(|d| d.code.as_str()).collect();
    assert_eq!(codes, ["include-missing", "unrendered-syntax"]);
}

#[test]
fn inline_images_of_linked_or_piped_files_are_refused_without_waiting() {
    let outside = tempfile::tempdir().unwrap();
    write(outside.path(), "secret.png", "SECRET-IMAGE");
    let site = minimal_site();
    let root = site.path();
    write(
        root,
        "content/en/t.md",
        "# T\n\n| a |\n|---|---|\n| :::image type=\"icon\" source=\"media/out.png\"::: | :::image type=\"icon\" source=\"media/pipe.png\"::: |\n",
    );
    std::fs::create_dir_all(root.join("content/en/media")).unwrap();
    symlink(
        outside.path().join("secret.png"),
        root.join("content/en/media/out.png"),
    )
    .unwrap();
    let pipe = root.join("content/en/media/pipe.png");
    assert!(Command::new("mkfifo")
        .arg(&pipe)
        .status()
        .unwrap()
        .success());
    let o = run_bounded(&["build", "--keep-going"], root);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("media/out.png"), "{err}");
    for (name, bytes) in snapshot_tree(&root.join("public")) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains("SECRET-IMAGE"), "published in {name}");
    }
    assert!(!outside.path().join("public").exists());
}

#[test]
fn many_inline_images_on_one_line_cost_linear_work() {
    // The line's end was looked for once per image: n images on one line
    // read the line n times.
    for closed in [true, false] {
        assert_linear(
            if closed {
                "inline images on one line"
            } else {
                "open inline images on one line"
            },
            |n| {
                let token = if closed {
                    "w :::image type=\"icon\" source=\"media/shot.png\":::"
                } else {
                    "word :::image type=\"icon\" source=\"media/shot.png\""
                };
                let page = format!("# P\n\n{}\n", vec![token; n].join(" "));
                cost(|| render(&page))
            },
            2000,
        );
    }
}
