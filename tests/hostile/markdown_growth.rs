//! DocFX directives whose cost or output must grow with the page, not faster.

use super::*;

// ── 17. Directives are looked for outside code in one walk ───────────────

#[test]
fn a_page_with_a_directive_and_many_code_spans_costs_linear_work() {
    assert_linear(
        "lines with code spans, and one directive",
        |n| {
            let mut page = String::from("```md\n:::zone pivot=\"shown\"\n```\n\n");
            for i in 0..n {
                page.push_str(&format!("Run `step {i}` now.\n"));
            }
            page.push_str("\n:::zone pivot=\"a\"\n\nIn the zone.\n\n:::zone-end\n");
            cost(|| {
                let r = render(&page);
                assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
                // The directive after the code is one; the one in the code block is an example.
                assert_eq!(r.html.matches("<div class=\"zone has-pivot\"").count(), 1);
                assert!(r.html.starts_with(
                    "<pre><code class=\"language-md\">:::zone pivot=\"shown\"\n</code></pre>"
                ));
                r
            })
        },
        5000,
    );
}
