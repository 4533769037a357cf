//! DocFX's triple-colon blocks in the forms authors write them: blanks
//! after the colons, zones for other targets, nested and unclosed blocks,
//! moniker ranges, indented rows and columns. Inputs of our own, each
//! snapshotted with what the page records.

use super::tests::{render, render_with, summary};
use super::SiteExtras;

/// No marker line reaches the reader as text.
fn assert_no_marker_text(html: &str) {
    assert!(!html.contains(":::"), "a marker shows as text:\n{html}");
}

#[test]
fn blanks_after_the_colons_for_every_block() {
    let site = SiteExtras {
        monikers: vec!["v1".into(), "v2".into()],
        ..Default::default()
    };
    let r = render_with(
        "# Setup\n\n::: zone pivot=\"windows\"\nOn Windows.\n::: zone-end\n\n:::\tzone pivot=\"mac\"\nOn a Mac.\n:::   zone-end\n\n:::  moniker range=\">= v2\"\nSince v2.\n::: moniker-end\n\n::: row :::\n::: column span=\"2\" :::\nLeft.\n::: column-end :::\n::: column:::\nRight.\n::: column-end:::\n::: row-end :::\n\n::: image type=\"content\" source=\"media/shot.png\" alt-text=\"The screen\" :::\n\n::: see below, this line is prose\n",
        &[],
        &site,
    );
    insta::assert_snapshot!(summary(&r));
}

#[test]
fn a_long_page_of_three_pivot_versions_keeps_each_in_its_zone() {
    let mut page = String::from("# Enroll\n\nShared intro.\n\n");
    for (pivot, word) in [
        ("android", "Android"),
        ("ios", "iOS"),
        ("windows", "Windows"),
    ] {
        page.push_str(&format!(
            "::: zone pivot=\"{pivot}\"\n\n## Steps on {word}\n\n"
        ));
        for step in 1..=3 {
            page.push_str(&format!("{step}. {word} step {step}.\n"));
        }
        page.push_str("\n::: zone-end\n\n");
    }
    page.push_str("Shared end.\n");
    let r = render(&page, &[]);
    assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
    assert_no_marker_text(&r.html);
    let doc = scraper::Html::parse_fragment(&r.html);
    let zones = scraper::Selector::parse(".zone.has-pivot").unwrap();
    let texts: Vec<String> = doc
        .select(&zones)
        .map(|z| z.text().collect::<String>())
        .collect();
    assert_eq!(texts.len(), 3);
    for (text, word) in texts.iter().zip(["Android", "iOS", "Windows"]) {
        assert_eq!(text.matches(" step ").count(), 3, "{text}");
        assert!(text.contains(&format!("{word} step 3.")), "{text}");
    }
    insta::assert_snapshot!(summary(&r));
}

#[test]
fn zones_for_docs_show_and_zones_for_chromeless_and_pdf_do_not() {
    let r = render(
        "::: zone target=\"docs\"\nFor the web.\n::: zone-end\n\n::: zone target=\"chromeless\"\n## Only in the viewer\n\nSee [the other page](a.md) and [gone](gone.md).\n\n::: form action=\"create\" submitText=\"Create\" :::\n::: zone-end\n\n::: zone target=\"pdf\"\nOnly on paper.\n::: zone-end\n\n::: zone target=\"docs\" pivot=\" foo, bar \"\nFoo or bar.\n::: zone-end\n\nAfter.\n",
        &[],
    );
    assert_no_marker_text(&r.html);
    assert!(
        !r.html.contains("viewer") && !r.html.contains("paper"),
        "{}",
        r.html
    );
    insta::assert_snapshot!(summary(&r));
}

#[test]
fn zones_inside_list_items_and_quotes() {
    let r = render(
        "1. Open the installer.\n\n   ::: zone pivot=\"windows\"\n   Run **setup.exe**.\n   ::: zone-end\n\n   ::: zone pivot=\"mac\"\n   Open the disk image.\n   ::: zone-end\n\n2. Sign in.\n\n> ::: zone pivot=\"windows\"\n> Windows asks for a PIN.\n> ::: zone-end\n",
        &[],
    );
    assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
    assert_no_marker_text(&r.html);
    insta::assert_snapshot!(summary(&r));
}

#[test]
fn missing_end_tags_stray_ends_and_text_after_an_end() {
    let r = render(
        "::: moniker range=\"v1\"\n::: zone target=\"docs\"\n## Inside both\n::: moniker-end\n\n::: zone-end\n\n::: zone pivot=\"a\"\nA.\n::: zone-end see the next section\n\n:::row:::\n:::column:::\nIn a column.\n:::column-end::: and more\n:::row-end:::\n\n::: zone pivot=\"b\"\nNever closed.\n",
        &[],
    );
    assert_no_marker_text(&r.html);
    insta::assert_snapshot!(summary(&r));
}

#[test]
fn invalid_zone_attributes_are_reported_and_the_zone_still_renders() {
    let r = render(
        "::: zone target=\"web\"\nA.\n::: zone-end\n\n::: zone target=\"pdf\" pivot=\"foo\"\nB.\n::: zone-end\n\n::: zone pivot=\"Foo Bar\" color=\"red\"\nC.\n::: zone-end\n\n::: zone pivot=\"a\"\n::: zone pivot=\"b\"\nD.\n::: zone-end\n::: zone-end\n\n::: zone\nE.\n::: zone-end\n",
        &[],
    );
    assert_no_marker_text(&r.html);
    insta::assert_snapshot!(summary(&r));
}

#[test]
fn a_form_outside_a_chromeless_zone_is_left_out_and_reported() {
    let r = render(
        "Before.\n\n::: form action=\"create-resource\" submitText=\"Create\" :::\n\nAfter.\n",
        &[],
    );
    assert_no_marker_text(&r.html);
    assert!(!r.html.contains("<form"), "{}", r.html);
    insta::assert_snapshot!(summary(&r));
}

#[test]
fn moniker_ranges_with_operators_unclosed_and_with_indented_code() {
    let site = SiteExtras {
        monikers: vec!["v1".into(), "v2".into(), "v3".into()],
        ..Default::default()
    };
    let r = render_with(
        "::: moniker range=\">= v2\"\nFrom v2 on.\n::: moniker-end\n\n::: moniker range=\"v1 || v3\"\nOne or three.\n::: moniker-end\n\n::: moniker range=\"v1\"\n    $ install --old\n::: moniker-end\n\n::: moniker range=\"< v3\"\nBefore three, never closed.\n",
        &[],
        &site,
    );
    assert_no_marker_text(&r.html);
    assert!(
        r.html.contains("<pre><code>$ install --old\n</code></pre>"),
        "{}",
        r.html
    );
    insta::assert_snapshot!(summary(&r));
}

#[test]
fn content_indented_under_columns_is_the_columns_paragraphs_and_headings() {
    let r = render(
        ":::row:::\n    :::column:::\n        ![The screen](media/shot.png)\n        ### First heading\n        Text of the first column,\n        [with a link](a.md).\n    :::column-end:::\n    :::column span=\"3\":::\n\n        ### Second heading\n\n        Text of the second column.\n\n    :::column-end:::\n:::row-end:::\n\n    After the row, indented code again.\n",
        &[],
    );
    assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
    assert_no_marker_text(&r.html);
    assert_eq!(r.html.matches("<pre>").count(), 1, "{}", r.html);
    insta::assert_snapshot!(summary(&r));
}

#[test]
fn a_row_inside_a_list_item_stays_in_it() {
    let r = render(
        "1. Compare:\n\n   :::row:::\n       :::column:::\n           Left.\n       :::column-end:::\n       :::column:::\n           Right.\n       :::column-end:::\n   :::row-end:::\n\n2. Done.\n",
        &[],
    );
    assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
    assert_no_marker_text(&r.html);
    insta::assert_snapshot!(summary(&r));
}

#[test]
fn positions_inside_a_dedented_row_point_at_the_authors_lines() {
    let r = render(
        ":::row:::\n    :::column:::\n        [gone](gone.md)\n    :::column-end:::\n:::row-end:::\n",
        &[],
    );
    let at: Vec<(usize, usize)> = r
        .diagnostics
        .iter()
        .map(|d| (d.span.line, d.span.column))
        .collect();
    // The link's destination, after the eight blanks and `[gone](`.
    assert_eq!(at, [(3, 16)], "{:?}", r.diagnostics);
}

#[test]
fn a_block_left_open_in_a_quote_or_list_item_ends_with_it() {
    let r = render(
        "> ::: zone pivot=\"a\"\n> In the quote.\n\nAfter the quote.\n\n- Item\n\n  :::row:::\n  :::column:::\n  In the item.\n\n- Next item.\n\n::: moniker range=\"v1\"\nTo the end.\n",
        &[],
    );
    assert_no_marker_text(&r.html);
    for closed_inside in ["</div>\n</blockquote>", "</div>\n</section>\n</li>"] {
        assert!(r.html.contains(closed_inside), "{}", r.html);
    }
    insta::assert_snapshot!(summary(&r));
}

#[test]
fn an_end_after_the_list_item_its_block_opened_in_adds_no_stray_end_tag() {
    let r = render(
        "1. Step one.\n   ::: zone pivot=\"a\"\n   Do A.\n::: zone-end\n\nAfter.\n",
        &[],
    );
    assert_no_marker_text(&r.html);
    assert!(r.html.contains("</div>\n</li>"), "{}", r.html);
    assert_eq!(
        r.html.matches("<div").count(),
        r.html.matches("</div>").count()
    );
    insta::assert_snapshot!(summary(&r));
}

#[test]
fn a_directive_inside_an_html_block_is_html() {
    // An author's `<?` block runs to its `?>`: a zone line in it is HTML, and
    // no stand-in may end the block early and turn the rest into Markdown.
    let r = render(
        "<?\n:::zone pivot=\"a\"\n`[!INCLUDE[c](includes/a.md)]`\n",
        &[("includes/a.md", "Included.\n")],
    );
    assert!(!r.html.contains("hsi:"), "{}", r.html);
    assert!(!r.html.contains("class=\"zone"), "{}", r.html);
}

/// The container tags in `html` open and close in nested order, as written
/// (an HTML parser would repair a crossing silently).
fn assert_properly_nested(html: &str) {
    const CONTAINERS: [&str; 6] = ["div", "section", "blockquote", "li", "ul", "ol"];
    let mut open: Vec<&str> = Vec::new();
    for (at, _) in html.match_indices('<') {
        let tag = &html[at + 1..];
        let closing = tag.starts_with('/');
        let name_start = usize::from(closing);
        let name_len = tag[name_start..]
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(tag.len() - name_start);
        let name = &tag[name_start..name_start + name_len];
        if !CONTAINERS.contains(&name) {
            continue;
        }
        if closing {
            assert_eq!(
                open.pop(),
                Some(name),
                "`</{name}>` at {at} crosses:\n{html}"
            );
        } else {
            open.push(name);
        }
    }
    assert!(open.is_empty(), "left open: {open:?}\n{html}");
}

/// The text of every element `selector` picks, in order.
fn texts_of(html: &str, selector: &str) -> Vec<String> {
    let doc = scraper::Html::parse_fragment(html);
    let selector = scraper::Selector::parse(selector).unwrap();
    doc.select(&selector)
        .map(|e| e.text().collect::<String>().trim().to_string())
        .collect()
}

#[test]
fn an_end_inside_a_quote_does_not_close_a_moniker_range_opened_outside_it() {
    let site = SiteExtras {
        monikers: vec!["v1".into()],
        ..Default::default()
    };
    let r = render_with(
        "# Z\n\n:::moniker range=\"v1\"\nin v1\n> :::moniker-end\n\ntext\n",
        &[],
        &site,
    );
    assert_no_marker_text(&r.html);
    assert_properly_nested(&r.html);
    // Never closed, the range runs to the end of the page, past the quote.
    let ranges = texts_of(&r.html, "div.moniker");
    assert_eq!(ranges.len(), 1, "{}", r.html);
    assert!(
        ranges[0].contains("in v1") && ranges[0].ends_with("text"),
        "{ranges:?}"
    );
    assert_eq!(texts_of(&r.html, "div.moniker > blockquote").len(), 1);
    insta::assert_snapshot!(summary(&r));
}

#[test]
fn an_end_inside_a_quote_or_list_item_does_not_close_a_zone_opened_outside_it() {
    for (page, container) in [
        (
            ":::zone pivot=\"a\"\nIn a.\n\n> :::zone-end\n\nStill in a.\n",
            "blockquote",
        ),
        (
            ":::zone pivot=\"a\"\nIn a.\n\n- Item.\n\n  :::zone-end\n\nStill in a.\n",
            "li",
        ),
    ] {
        let r = render(page, &[]);
        assert_no_marker_text(&r.html);
        assert_properly_nested(&r.html);
        let zones = texts_of(&r.html, "div.zone");
        assert_eq!(zones.len(), 1, "{}", r.html);
        assert!(zones[0].ends_with("Still in a."), "{zones:?}");
        let inside = format!(
            "div.zone > {}",
            if container == "li" {
                "ul > li"
            } else {
                container
            }
        );
        assert_eq!(texts_of(&r.html, &inside).len(), 1, "{}", r.html);
        let codes: Vec<(&str, usize)> = r
            .diagnostics
            .iter()
            .map(|d| (d.code.as_str(), d.span.line))
            .collect();
        let end_line = page.lines().position(|l| l.contains("zone-end")).unwrap() + 1;
        assert_eq!(
            codes,
            [("block-syntax", end_line), ("block-unclosed", 1)],
            "{page}"
        );
    }
    let r = render(
        ":::zone pivot=\"a\"\nIn a.\n\n> :::zone-end\n\nStill in a.\n",
        &[],
    );
    insta::assert_snapshot!(summary(&r));
}

#[test]
fn an_end_in_a_quote_closes_what_opened_in_that_quote_and_an_end_after_it_the_rest() {
    // The zone opened in the quote ends with it; the moniker range outside
    // is closed by the end after the quote, not by the one in it.
    let site = SiteExtras {
        monikers: vec!["v1".into()],
        ..Default::default()
    };
    let r = render_with(
        ":::moniker range=\"v1\"\nIn v1.\n\n> :::zone pivot=\"a\"\n> Quoted a.\n> :::moniker-end\n\n> :::zone pivot=\"b\"\n> Quoted b.\n> :::zone-end\n\n:::moniker-end\n\nAfter.\n",
        &[],
        &site,
    );
    assert_no_marker_text(&r.html);
    assert_properly_nested(&r.html);
    assert_eq!(
        texts_of(&r.html, "div.moniker > blockquote > div.zone").len(),
        2
    );
    assert!(!texts_of(&r.html, "div.moniker")[0].contains("After."));
    insta::assert_snapshot!(summary(&r));
}

#[test]
fn a_block_opened_in_a_quote_and_ended_after_it_ends_with_the_quote() {
    let r = render(
        "> :::zone pivot=\"a\"\n> Quoted.\n\n:::zone-end\n\nAfter.\n",
        &[],
    );
    assert_no_marker_text(&r.html);
    assert_properly_nested(&r.html);
    let zones = texts_of(&r.html, "blockquote > div.zone");
    assert!(
        zones.len() == 1 && zones[0].ends_with("Quoted."),
        "{zones:?}"
    );
    assert!(!texts_of(&r.html, "div.zone")[0].contains("After."));
    insta::assert_snapshot!(summary(&r));
}
