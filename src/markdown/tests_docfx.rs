//! DocFX Flavored Markdown forms, each on a small input of our own,
//! snapshotted with what the page records.

use super::tests::{render, summary};

#[test]
fn include_with_space_title_and_root_path() {
    let r = render(
        "[!INCLUDE [shared](includes/a.md \"A title\")]\n\n[!include [root](~/includes/b.md)]\n\n[back](~/a.md) ![shot](~/media/shot.png)\n",
        &[("includes/a.md", "From a.\n"), ("includes/b.md", "From b.\n")],
    );
    insta::assert_snapshot!(summary(&r));
}

#[test]
fn escaped_include_is_text() {
    let r = render(
        "Write \\[!INCLUDE[t](a.md)] to include.\n\n\\[!include [t](a.md)]\n\n\\\\[!INCLUDE[t](includes/a.md)]\n",
        &[("includes/a.md", "From a.\n")],
    );
    assert!(!r.html.contains("hsi:"), "{}", r.html);
    insta::assert_snapshot!(summary(&r));
}

#[test]
fn inline_include_with_heading_stays_inline() {
    let r = render(
        "# Page\n\nSee [!INCLUDE[t](includes/h.md)] here.\n",
        &[("includes/h.md", "# Shared heading\n\nShared text.\n")],
    );
    let html = scraper::Html::parse_fragment(&r.html);
    let sel = scraper::Selector::parse("p h1, p h2, p p").unwrap();
    assert_eq!(html.select(&sel).count(), 0, "{}", r.html);
    insta::assert_snapshot!(summary(&r));
}

#[test]
fn include_of_a_page_outside_includes() {
    let r = render("[!INCLUDE[a](a.md)]\n", &[("a.md", "Page a's text.\n")]);
    assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
    assert!(r.html.contains("Page a's text."), "{}", r.html);
}

#[test]
fn second_alert_in_one_quote_splits() {
    let r = render(
        "> [!NOTE]\n> First.\n>\n> [!WARNING]\n> Second.\n\n> Plain first.\n>\n> [!TIP]\n> Then a tip.\n",
        &[],
    );
    insta::assert_snapshot!(summary(&r));
}

#[test]
fn div_attributes_stay_separate() {
    let r = render(
        "> [!div class=\"nextstepaction\" id=\"next\" onclick=\"x()\"]\n> [Go](a.md)\n\n[self](#next)\n",
        &[],
    );
    assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
    insta::assert_snapshot!(summary(&r));
}

#[test]
fn heading_ids_follow_docfx_with_old_ids_as_anchors() {
    let r = render(
        "# Note & Section & Video\n\n## Step 1 - Install Windows 8.1\n\n## Plain words\n",
        &[],
    );
    insta::assert_snapshot!(summary(&r));
}

#[test]
fn bare_urls_are_autolinked_outside_code_and_links() {
    let r = render(
        "Go to https://portal.example.com/help. Or www.example.org.\n\n`https://in.code.example`\n\n[https://linked.example](https://linked.example)\n\n    https://indented.example\n",
        &[],
    );
    insta::assert_snapshot!(summary(&r));
}

#[test]
fn tabs_become_a_tab_group() {
    let r = render(
        "# Install\n\n# [Linux](#tab/linux)\n\nRun the script.\n\n# [Windows](#tab/windows)\n\nRun the installer.\n\n---\n\nAfter the tabs.\n\n## [.NET](#tab/dotnet/linux)\n\nLinux .NET.\n\n## [.NET](#tab/dotnet/windows)\n\nWindows .NET.\n\n## Next\n",
        &[],
    );
    assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
    insta::assert_snapshot!(summary(&r));
}
