//! DocFX's triple-colon blocks on hostile pages: thousands of spaced
//! markers, deep nesting, nothing ever closed, huge attribute values. The
//! cost grows with the page, the HTML stays balanced, nothing panics.

use super::*;

fn codes_of(r: &Rendered) -> Vec<&str> {
    r.diagnostics().iter().map(|d| d.code.as_str()).collect()
}

/// Every `<div` and `<section` the blocks open is closed again.
fn assert_balanced(html: &str) {
    for tag in ["div", "section"] {
        let opened = html.matches(&format!("<{tag}")).count();
        let closed = html.matches(&format!("</{tag}>")).count();
        assert_eq!(opened, closed, "<{tag}> opened {opened}, closed {closed}");
    }
}

#[test]
fn thousands_of_spaced_zone_markers_cost_linear_work() {
    assert_linear(
        "`::: zone` blocks",
        |n| {
            let page: String = (0..n)
                .map(|i| format!("::: zone pivot=\"p{}\"\nText {i}.\n::: zone-end\n\n", i % 7))
                .collect();
            cost(|| {
                let r = render(&page);
                assert!(r.diagnostics().is_empty(), "{:?}", &r.diagnostics()[..1]);
                assert!(!r.html().contains(":::"));
                assert_eq!(r.html().matches("<div class=\"zone has-pivot\"").count(), n);
                r
            })
        },
        2500,
    );
}

#[test]
fn deep_nesting_closed_at_once_and_stray_ends_cost_linear_work() {
    assert_linear(
        "nested blocks closed by one end, then stray ends",
        |n| {
            let mut page = String::from("::: moniker range=\"v1\"\n");
            for i in 0..n {
                let open = [":::row:::", ":::column:::", "::: zone pivot=\"a\""][i % 3];
                page.push_str(&format!("{open}\nLevel {i}.\n"));
            }
            page.push_str("::: moniker-end\n");
            for _ in 0..n {
                page.push_str("::: zone-end\n:::column-end:::\n");
            }
            cost(|| {
                let r = render(&page);
                let codes = codes_of(&r);
                assert_eq!(codes.iter().filter(|c| **c == "block-unclosed").count(), n);
                // Each stray end, and each zone inside the first one.
                let syntax = codes.iter().filter(|c| **c == "block-syntax").count();
                assert_eq!(syntax, 2 * n + n / 3 - 1);
                assert_balanced(r.html());
                r
            })
        },
        1000,
    );
}

#[test]
fn blocks_never_closed_anywhere_are_reported_and_closed() {
    let page = "> ::: moniker range=\"v2\"\n> In a quote.\n\n1. Step\n\n   :::row:::\n       :::column span=\"2\":::\n           In a list.\n\n::: moniker range=\">= v1\"\n::: zone target=\"chromeless\"\n## Hidden\n:::image type=\"complex\" source=\"media/shot.png\" alt-text=\"x\":::\nLong description.\n";
    let r = render(page);
    let mut codes = codes_of(&r);
    codes.sort();
    assert_eq!(codes, ["block-unclosed"; 6], "{:?}", r.diagnostics());
    assert_balanced(r.html());
    assert!(
        !r.html().contains(":::") && !r.html().contains("Hidden"),
        "{}",
        r.html()
    );
}

#[test]
fn huge_attribute_values_are_escaped_once_and_cost_linear_work() {
    assert_linear(
        "huge attribute values",
        |n| {
            let pivot = "a-".repeat(n);
            let range = "<v&\"".repeat(n);
            let page = format!(
                "::: zone pivot=\"{pivot}\" target=\"docs\"\nIn.\n::: zone-end {junk}\n\n::: moniker range=\"{range}\"\nIn.\n::: moniker-end\n\n::: row :::\n::: column span=\"{span}\" :::\nIn.\n::: column-end :::\n::: row-end :::\n\n::: zone target=\"{target}\"\nIn.\n::: zone-end\n",
                junk = "x ".repeat(n),
                span = "9".repeat(n),
                target = "<script>".repeat(n),
            );
            cost(|| {
                let r = render(&page);
                assert!(!r.html().contains("<script>"), "the target is escaped");
                assert_balanced(r.html());
                r
            })
        },
        20_000,
    );
}

#[test]
fn a_long_indented_row_costs_linear_work_and_keeps_its_positions() {
    assert_linear(
        "indented lines in a row",
        |n| {
            let mut page = String::from(":::row:::\n    :::column:::\n");
            for i in 0..n {
                page.push_str(&format!("        Line {i} [gone](gone-{i}.md)\n\n"));
            }
            page.push_str("    :::column-end:::\n:::row-end:::\n");
            cost(|| {
                let r = render(&page);
                assert!(!r.html().contains("<pre>"));
                let last = r.diagnostics().last().map(|d| (d.span.line, d.span.column));
                assert_eq!(
                    last,
                    Some((2 * n + 1, 9 + format!("Line {} [gone](", n - 1).len()))
                );
                r
            })
        },
        2000,
    );
}

#[test]
fn ends_in_quotes_around_an_open_block_cost_linear_work_and_nest() {
    assert_linear(
        "quotes each with a zone and an end of the moniker range around them",
        |n| {
            let mut page = String::from("::: moniker range=\"v1\"\n");
            for i in 0..n {
                page.push_str(&format!(
                    "> ::: zone pivot=\"a\"\n> Quoted {i}.\n> ::: moniker-end\n\n"
                ));
            }
            page.push_str("::: moniker-end\n");
            cost(|| {
                let r = render(&page);
                let codes = codes_of(&r);
                // Each zone is closed only by the last end, after its quote.
                assert_eq!(codes.iter().filter(|c| **c == "block-unclosed").count(), n);
                // Each end in a quote, and each zone after the first.
                let syntax = codes.iter().filter(|c| **c == "block-syntax").count();
                assert_eq!(syntax, 2 * n - 1);
                assert_balanced(r.html());
                assert_eq!(r.html().matches("</div>\n</blockquote>").count(), n);
                r
            })
        },
        1000,
    );
}
