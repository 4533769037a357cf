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

#[test]
fn zones_monikers_rows_and_no_loc() {
    let site = super::SiteExtras {
        monikers: vec!["v1".into(), "v2".into(), "v3".into()],
        ..Default::default()
    };
    let r = super::tests::render_with(
        ":::zone pivot=\"windows,mac\"\n\nOn a computer, keep :::no-loc text=\"Company Portal\"::: open.\n\n:::zone-end\n\n:::moniker range=\">= v2\"\nNew in v2.\n:::moniker-end\n\n:::moniker range=\"v4\"\nUnknown.\n:::moniker-end\n\n:::row:::\n:::column span=\"2\":::\nLeft.\n:::column-end:::\n:::column:::\nRight.\n:::column-end:::\n:::row-end:::\n\n```md\n:::zone pivot=\"code\"\n```\n",
        &[],
        &site,
    );
    insta::assert_snapshot!(summary(&r));
}

#[test]
fn malformed_and_unclosed_blocks_are_reported() {
    let r = render(
        "# P\n\n:::zone pivot=\"a\"\n\nText.\n\n:::row-end:::\n\n:::colum:::\n\n:::row\n\n:::zone\n",
        &[],
    );
    insta::assert_snapshot!(summary(&r));
}

#[test]
fn images_and_videos() {
    let r = render(
        ":::image type=\"content\" source=\"media/shot.png\" alt-text=\"The sign-in screen\" lightbox=\"media/shot.png\":::\n\n:::image type=\"icon\" source=\"media/shot.png\" border=\"false\":::\n\n:::image type=\"complex\" source=\"media/shot.png\" alt-text=\"A chart\":::\nThe chart shows three bars.\n:::image-end:::\n\n:::image type=\"content\" source=\"media/none.png\" alt-text=\"x\":::\n\n> [!VIDEO https://www.example.com/embed/abc]\n\n:::video source=\"https://www.example.com/embed/def\":::\n\n[!VIDEO https://www.example.com/embed/ghi]\n",
        &[],
    );
    insta::assert_snapshot!(summary(&r));
}

const PROGRAM: &str = "using System;\n\nclass Program\n{\n    // <Main>\n    static void Main()\n    {\n        Console.WriteLine(\"Hi\");\n    }\n    // </Main>\n    #region Extra\n    static void Extra() { }\n    #endregion\n}\n";

#[test]
fn code_snippets_in_every_form() {
    let r = render(
        ":::code language=\"csharp\" source=\"snippets/Program.cs\" id=\"Main\" highlight=\"3\":::\n\n[!code-cs[Extra](snippets/Program.cs#Extra \"Extra\")]\n\n[!code[Lines](~/snippets/Program.cs?range=3-4&dedent=0)]\n\n:::code source=\"snippets/Program.cs\" range=\"6-7\" interactive=\"try-dotnet\":::\n\n:::code source=\"snippets/Program.cs\" id=\"Mian\":::\n\n:::code source=\"snippets/Program.cs\" range=\"40-41\":::\n\n:::code source=\"snippets/Gone.cs\":::\n",
        &[("snippets/Program.cs", PROGRAM)],
    );
    insta::assert_snapshot!(summary(&r));
}

#[test]
fn xrefs_resolve_per_locale_and_report_unknown_uids() {
    let mut site = super::SiteExtras::default();
    site.xrefs.insert(
        "Help.Wifi".into(),
        vec![super::xref::XrefTarget {
            locale: "en".into(),
            path: "a.md".into(),
            title: "Connect to Wi-Fi".into(),
        }],
    );
    let r = super::tests::render_with(
        "See <xref:Help.Wifi>, [the steps](xref:Help.Wifi#steps), <xref:Help.Wifi?displayProperty=fullName> and @Help.Wifi.\n\nMail me@example.com or @someone.\n\nBroken: <xref:Help.Wfi> and [gone](xref:Help.Gone).\n",
        &[],
        &site,
    );
    insta::assert_snapshot!(summary(&r));
}

const PIVOT_GROUPS: &str = "groups:\n- id: platform\n  title: Platform\n  prompt: Choose a platform\n  pivots:\n  - id: windows\n    title: Windows\n  - id: macos\n    title: macOS\n";

#[test]
fn zone_pivot_groups_give_titles_and_catch_unknown_pivots() {
    let r = render(
        "---\nzone_pivot_groups: platform\n---\n:::zone pivot=\"windows\"\nOn Windows.\n:::zone-end\n\n:::zone pivot=\"macos,widnows\"\nOn a Mac.\n:::zone-end\n",
        &[("zone-pivot-groups.yml", PIVOT_GROUPS)],
    );
    insta::assert_snapshot!(summary(&r));
}

#[test]
fn unknown_pivot_group_is_reported() {
    let r = render(
        "---\nzone_pivot_groups: platfrom\n---\n:::zone pivot=\"windows\"\nOn Windows.\n:::zone-end\n",
        &[("zone-pivot-groups.yml", PIVOT_GROUPS)],
    );
    let codes: Vec<_> = r
        .diagnostics
        .iter()
        .map(|d| (d.code, d.span.line, d.suggestion.clone()))
        .collect();
    assert_eq!(
        codes,
        [(
            crate::diagnostics::Code::UnknownPivot,
            4,
            Some("did you mean `platform`?".to_string())
        )]
    );
}

#[test]
fn a_directive_too_short_for_a_stand_in_stays_text_and_the_rest_line_up() {
    let r = render(
        ":::a\n\n:::row:::\n:::column:::\nIn.\n:::column-end:::\n:::row-end:::\n",
        &[],
    );
    assert!(r.html.starts_with("<p>:::a</p>"), "{}", r.html);
    assert!(r.html.contains("<section class=\"row\">"), "{}", r.html);
    assert!(r.html.trim_end().ends_with("</section>"), "{}", r.html);
}
