//! Pipe tables as DocFX reads them, `:::image` in running text, and
//! includes in comments, titles and link text: each on a small input of
//! our own, snapshotted with what the page records.

use super::tests::{render, summary};

fn codes(r: &super::Rendered) -> Vec<&str> {
    r.diagnostics.iter().map(|d| d.code.as_str()).collect()
}

#[test]
fn header_with_fewer_cells_than_its_rule_gets_empty_ones() {
    let r = render(
        "| Setting | Value |\n|:--|:--:|--:|\n| Wi-Fi | On | 2.4 GHz |\n",
        &[],
    );
    assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
    insta::assert_snapshot!(summary(&r));
}

#[test]
fn header_with_more_cells_than_its_rule_keeps_them() {
    let r = render(
        "Device | System | Version\n--- | ---\nPhone | Android | 14\nTablet | iPadOS\n",
        &[],
    );
    assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
    insta::assert_snapshot!(summary(&r));
}

#[test]
fn a_row_wider_than_the_header_widens_the_table() {
    let r = render("| a | b |\n|---|---|\n| 1 | 2 | 3 |\n", &[]);
    let html = scraper::Html::parse_fragment(&r.html);
    let th = scraper::Selector::parse("th").unwrap();
    assert_eq!(html.select(&th).count(), 3, "{}", r.html);
    insta::assert_snapshot!(summary(&r));
}

#[test]
fn rule_and_rows_indented_less_than_the_header_in_a_list_item() {
    let r = render(
        "1. Open **Settings**.\n\n   | Option | Meaning |\n |---|---|\n   | Sync | Keeps mail |\nAuto | Every hour |\n\n2. Close it.\n",
        &[],
    );
    let html = scraper::Html::parse_fragment(&r.html);
    let cells = scraper::Selector::parse("ol > li table td").unwrap();
    assert_eq!(html.select(&cells).count(), 4, "{}", r.html);
    assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
    insta::assert_snapshot!(summary(&r));
}

#[test]
fn a_tab_indented_table_in_a_numbered_step_with_a_lazy_uneven_rule() {
    let r = render(
        "1.  Sign in.\n\n\t| Field | Value |\n|---|---|---|\n\t| Name | Ann | required |\n\n2.  Done.\n",
        &[],
    );
    assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
    let html = scraper::Html::parse_fragment(&r.html);
    let cells = scraper::Selector::parse("ol > li:first-child table tr > *").unwrap();
    assert_eq!(html.select(&cells).count(), 6, "{}", r.html);
}

#[test]
fn positions_after_a_widened_table_point_at_the_authors_line() {
    let r = render(
        "| a |\n|---|---|---|\n| 1 |\n\n- Step\n\n   | x |\n|---|---|\n\n[gone](missing.md)\n",
        &[],
    );
    let d = &r.diagnostics;
    assert_eq!(codes(&r), ["broken-link"], "{d:?}");
    assert_eq!((d[0].span.line, d[0].span.column), (10, 8), "{d:?}");
}

#[test]
fn table_syntax_in_code_is_left_alone() {
    let text = "```md\n| a |\n|---|---|\n```\n\n    | b |\n    |---|---|\n";
    let r = render(text, &[]);
    assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
    assert!(r.html.contains("| a |\n|---|---|"), "{}", r.html);
    assert!(!r.html.contains("<table"), "{}", r.html);
}

#[test]
fn a_table_that_still_cannot_be_read_is_reported() {
    let r = render("- Name | Role\n|---|---|\n- Ann | Admin\n", &[]);
    assert_eq!(codes(&r), ["block-syntax"], "{}", r.html);
    assert_eq!(r.diagnostics[0].span.line, 1);
    insta::assert_snapshot!(summary(&r));
}

#[test]
fn inline_images_in_cells_and_running_text() {
    let r = render(
        "| Icon | Action |\n|---|---|\n| :::image type=\"icon\" source=\"media/shot.png\"::: | Sync |\n\nTap :::image type=\"content\" source=\"media/shot.png\" alt-text=\"the sync button\" lightbox=\"media/shot.png\"::: to sync, or :::image type=\"icon\" source=\"media/shot.png\" border=\"false\"::: there.\n\nIn code `:::image type=\"icon\" source=\"media/none.png\":::` stays.\n",
        &[],
    );
    assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
    assert!(!r
        .html
        .contains(":::image type=\"icon\" source=\"media/shot.png\""));
    insta::assert_snapshot!(summary(&r));
}

#[test]
fn inline_images_are_checked_like_the_block_form() {
    let r = render(
        "| a | b |\n|---|---|\n| :::image type=\"icon\" source=\"media/none.png\"::: | :::image type=\"icon\" source=\"media/Shot.png\"::: |\n\nSee :::image type=\"content\" source=\"javascript:alert(1)\" alt-text=\"x\"::: and :::image type=\"content\" source=\"media/shot.png\"::: and :::image source=\"media/shot.png\" alt-text=\"open\n",
        &[],
    );
    assert!(!r.html.contains("javascript"), "{}", r.html);
    insta::assert_snapshot!(summary(&r));
}

#[test]
fn includes_in_comments_are_neither_expanded_nor_reported() {
    let r = render(
        "Before.\n\n<!-- [!INCLUDE[old](includes/gone.md)] -->\n\n<!--\nRetired:\n[!INCLUDE[older](includes/gone-too.md)]\n-->\n\nText <!-- [!INCLUDE[a](includes/a.md)] --> after.\n\n[!INCLUDE[a](includes/a.md)]\n",
        &[("includes/a.md", "Shared.\n")],
    );
    assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
    assert!(!r.html.contains("<p>--&gt;"), "{}", r.html);
    assert_eq!(r.html.matches("Shared.").count(), 1, "{}", r.html);
    insta::assert_snapshot!(summary(&r));
}

#[test]
fn an_unclosed_comment_hides_the_includes_after_it() {
    let r = render(
        "Shown.\n\n<!-- never closed\n\n[!INCLUDE[a](includes/gone.md)]\n",
        &[],
    );
    assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
    assert!(!r.html.contains("hsi:"), "{}", r.html);
}

#[test]
fn include_families_title_inline_headings_and_link_text() {
    let r = render(
        "[!INCLUDE[shared](includes/a.md \"Shared steps\")]\n\nInline: [!INCLUDE[h](includes/h.md)] done.\n\nSee [the [!INCLUDE[name](includes/name.md)] page](a.md).\n",
        &[
            ("includes/a.md", "Block text.\n"),
            ("includes/h.md", "## Sign in\n\nThen continue.\n"),
            ("includes/name.md", "Company Portal\n"),
        ],
    );
    assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
    assert!(r.html.contains("## Sign in"), "{}", r.html);
    insta::assert_snapshot!(summary(&r));
}
