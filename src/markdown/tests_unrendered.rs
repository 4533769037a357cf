//! The `unrendered-syntax` safety net on small inputs of our own: each form
//! of DocFX or Markdown syntax that would reach a reader as text is reported
//! once, at its place, and written-out syntax (code, escapes, references)
//! and every form helpsite renders are not.

use std::fmt::Write as _;

use super::tests::render;
use super::Rendered;

/// `file:line:col: message` of each `unrendered-syntax` warning.
fn leftovers(r: &Rendered) -> String {
    let mut s = String::new();
    for d in r
        .diagnostics
        .iter()
        .filter(|d| d.code == "unrendered-syntax")
    {
        let _ = writeln!(
            s,
            "{}:{}:{}: {}",
            d.span.file, d.span.line, d.span.column, d.message
        );
    }
    s
}

fn leftovers_of(text: &str) -> String {
    leftovers(&render(text, &[]))
}

#[test]
fn every_form_left_as_text_is_reported_at_its_place() {
    let page = "# Page\n\
\n\
::: zone pivot=\"windows\"\n\
Windows text.\n\
::: zone-end\n\
\n\
Before the note [!NOTE] after it.\n\
\n\
| Name | Value |\n\
|---|---|---|\n\
| a | b |\n\
\n\
| Icon | Meaning |\n\
|---|---|\n\
| :::image type=\"icon\" source=\"media/shot.png\"::: | Done |\n\
\n\
See [!VIDEO https://example.com/v] here.\n\
\n\
Text with [!div class=\"x\"] in it.\n\
\n\
> Some text first.\n\
> [!TIP] in the quote is text.\n\
\n\
Hidden part.\n\
-->\n";
    insta::assert_snapshot!(leftovers_of(page));
}

#[test]
fn syntax_written_to_be_shown_is_not_reported() {
    let page = "# Page\n\
\n\
Write `::: zone` or `[!NOTE]` in code, or escape it: \\[!NOTE] \\[!INCLUDE[t](a.md)] \\-->\n\
\n\
&#91;!div class=\"x\"] and &#58;::zone are references.\n\
\n\
```md\n\
::: zone pivot=\"a\"\n\
|---|---|\n\
[!INCLUDE[t](a.md)]\n\
-->\n\
```\n\
\n\
    :::row:::\n\
\n\
An arrow -> and a note: see [the note](a.md) and a ratio 2:1 and ::: alone.\n\
\n\
![[!NOTE] |---|](media/shot.png)\n";
    assert_eq!(leftovers_of(page), "");
}

#[test]
fn forms_helpsite_renders_are_not_reported() {
    let page = "# Page\n\
\n\
> [!NOTE]\n\
> A note.\n\
>\n\
> [!TIP] A tip on its line.\n\
\n\
> [!div class=\"op_single_selector\"]\n\
> - [A](a.md)\n\
\n\
:::row:::\n\
:::column:::\n\
Left.\n\
:::column-end:::\n\
:::row-end:::\n\
\n\
| a | b |\n\
|---|:-:|\n\
| 1 | 2 |\n\
\n\
Text with :::no-loc text=\"Intune\"::: kept.\n\
\n\
<!--\n\
a comment\n\
-->\n\
\n\
# [Linux](#tab/linux)\n\
\n\
On Linux.\n\
\n\
# [Windows](#tab/windows)\n\
\n\
On Windows.\n\
\n\
---\n\
\n\
[!VIDEO https://example.com/v]\n\
\n\
::: zone pivot=\"windows\"\n\
Windows text.\n\
::: zone-end\n\
\n\
| Name | Value |\n\
|---|---|---|\n\
| a | b | c |\n\
\n\
| Icon | Meaning |\n\
|---|---|\n\
| :::image type=\"icon\" source=\"media/shot.png\"::: | Done |\n\
\n\
::: see below, this line is prose.\n";
    let r = render(page, &[]);
    assert_eq!(leftovers(&r), "", "{}", r.html);
}

#[test]
fn an_include_in_a_comment_stays_commented_out_and_leaves_nothing_showing() {
    let r = render(
        "# Page\n\n<!--\n[!INCLUDE[old](includes/a.md)]\n-->\n\nAfter.\n",
        &[("includes/a.md", "Shared.\n")],
    );
    assert_eq!(leftovers(&r), "", "{}", r.html);
    assert!(!r.html.contains("Shared."), "{}", r.html);
    assert!(r.html.contains("<p>After.</p>"), "{}", r.html);
}

#[test]
fn a_stray_comment_end_is_reported() {
    let r = render("# Page\n\nText.\n\n-->\n\nAfter.\n", &[]);
    assert_eq!(
        leftovers(&r),
        "content/en/p.md:5:1: readers see `-->` as text: no comment ends here: an include inside \
         a comment ends it early, or leaves it open and hides the rest of the page\n"
    );
}

#[test]
fn leftovers_in_an_include_point_at_the_include() {
    let r = render(
        "# Page\n\n[!INCLUDE[t](includes/a.md)]\n",
        &[(
            "includes/a.md",
            "Shared.\n\nA [!div class=\"x\"] mid-line.\n",
        )],
    );
    insta::assert_snapshot!(leftovers(&r));
}

#[test]
fn a_tab_heading_outside_a_group_and_a_lone_directive_name_are_reported() {
    let page =
        "# Page\n\n- # [Linux](#tab/linux)\n\n:::form action=\"x\":::\n\nA :::image mid-line.\n";
    insta::assert_snapshot!(leftovers_of(page));
}

#[test]
fn hostile_text_is_reported_without_panic() {
    let long = "é".repeat(5000);
    let page = format!(
        "# P\n\n::: {long}\n\n[!{long}] [!NOTE]{long}\n\n|{long}|\n\n:::\u{0}zone\n\n\\\\[!NOTE] \\\\\\[!TIP]\n\n\\\\\\-->\n\n\\|---|---|\n"
    );
    insta::assert_snapshot!(leftovers_of(&page));
}

#[test]
fn blanks_after_colons_mid_line_are_prose_and_an_open_no_loc_is_reported() {
    let page = "# Page\n\nType ::: zone to start a zone.\n\nKeep :::no-loc text=\"Intune\":::.\n\n:::no-loc text=\"Intune\"\n";
    assert_eq!(
        leftovers_of(page),
        "content/en/p.md:7:1: readers see `:::no-loc text=\"Intune\"` as text: helpsite read no directive here\n"
    );
}
