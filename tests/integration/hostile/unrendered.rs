//! The `unrendered-syntax` safety net: its cost grows with the page, a
//! hostile line costs no more than its length, and nothing it reads panics.

use super::*;

/// `n` paragraphs, each with a form of syntax left showing.
fn leftover_page(n: usize) -> String {
    let forms = [
        "Mid :::zone pivot=\"a\" text.",
        "Before [!NOTE] after.",
        "Text [!div class=\"x\"] mid-line.",
        "See [!VIDEO https://example.com/v] here.",
        "Text.\n-->",
    ];
    let mut page = String::from("# P\n\n");
    for i in 0..n {
        page.push_str(forms[i % forms.len()]);
        page.push_str("\n\n");
    }
    page
}

#[test]
fn leftover_syntax_warnings_cost_linear_work() {
    assert_linear(
        "unrendered-syntax warnings",
        |n| {
            let page = leftover_page(n);
            cost(|| {
                let r = render(&page);
                let found = r
                    .diagnostics()
                    .iter()
                    .filter(|d| d.code == "unrendered-syntax")
                    .count();
                assert_eq!(found, n, "{:?}", r.diagnostics());
                r
            })
        },
        500,
    );
}

#[test]
fn one_line_of_near_miss_syntax_costs_linear_work() {
    // Colons, brackets and backslashes that start every pattern and finish none.
    assert_linear(
        "a line of near misses",
        |n| {
            let page = format!(
                "# P\n\nx {}\n",
                "::::  [!  \\[!NOTE] :::  1 [!noted] ".repeat(n)
            );
            cost(|| {
                let r = render(&page);
                assert!(
                    r.diagnostics()
                        .iter()
                        .all(|d| d.code != "unrendered-syntax"),
                    "{:?}",
                    r.diagnostics().first()
                );
                r
            })
        },
        2000,
    );
}

#[test]
fn leftovers_point_at_their_lines_in_crlf_and_in_includes() {
    let r = render_with(
        "# P\r\n\r\nText.\r\n[!div class=\"y\"] here.\r\n\r\n[!INCLUDE[t](i.md)]\r\n",
        &[("i.md", "Shared.\n\n[!div class=\"x\"] in a paragraph.\n")],
    );
    let found: Vec<(String, usize, usize)> = r
        .diagnostics()
        .iter()
        .filter(|d| d.code == "unrendered-syntax")
        .map(|d| (d.span.file.clone(), d.span.line, d.span.column))
        .collect();
    assert_eq!(
        found,
        [
            ("content/en/i.md".to_string(), 3, 1),
            ("content/en/p.md".to_string(), 4, 1)
        ],
        "{:?}",
        r.diagnostics()
    );
}
