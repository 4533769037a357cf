//! DocFX directives whose cost or output must grow with the page, not faster.

use super::*;

// ── 11. Tab ids name their group once, not every tab of it ──────────────

fn tab_page(tabs: usize) -> String {
    (0..tabs)
        .map(|i| format!("# [Tab {i}](#tab/tab{i})\n\nText {i}.\n\n"))
        .collect()
}

#[test]
fn tab_ids_and_html_grow_linearly_with_the_tabs() {
    assert_linear(
        "tabs in one group",
        |n| {
            let page = tab_page(n);
            let (steps, bytes) = cost(|| render(&page));
            let html = render(&page).html;
            eprintln!("{n} tabs: {} bytes of HTML", html.len());
            // The HTML's own size goes in as a step count: it must grow linearly too.
            (steps + html.len() as u64, bytes)
        },
        250,
    );
}

#[test]
fn a_large_tab_group_keeps_unique_ids_that_each_tab_and_panel_points_to() {
    // Two groups of the same 300 tabs, and one of a single tab with a long id.
    let long = "x".repeat(5000);
    let page = format!(
        "{}---\n\nBetween.\n\n{}---\n\n# [Long](#tab/{long})\n\nLong one.\n",
        tab_page(300),
        tab_page(300)
    );
    let r = render(&page);
    assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
    let doc = scraper::Html::parse_fragment(&r.html);
    let select = |s: &str| scraper::Selector::parse(s).unwrap();
    let groups: Vec<_> = doc.select(&select(".tabGroup")).collect();
    assert_eq!(groups.len(), 3);
    let mut ids = HashSet::new();
    for el in doc.select(&select("[id]")) {
        let id = el.value().attr("id").unwrap();
        assert!(
            ids.insert(id.to_string()),
            "the id {} is on the page twice",
            &id[..id.len().min(80)]
        );
    }
    for (g, group) in groups.iter().enumerate() {
        let tabs: Vec<_> = group.select(&select("[role=tab]")).collect();
        let panels: Vec<_> = group.select(&select("[role=tabpanel]")).collect();
        assert_eq!(tabs.len(), [300, 300, 1][g]);
        assert_eq!(panels.len(), tabs.len());
        for (tab, panel) in tabs.iter().zip(&panels) {
            let panel_id = panel.value().attr("id").unwrap();
            assert_eq!(tab.value().attr("aria-controls"), Some(panel_id));
            assert_eq!(tab.value().attr("href").unwrap(), format!("#{panel_id}"));
            assert_eq!(
                panel.value().attr("aria-labelledby"),
                tab.value().attr("id")
            );
            assert_eq!(tab.value().attr("data-tab"), panel.value().attr("data-tab"));
            // A tab's ids carry its group's name and its own id, so they stay short.
            assert!(panel_id.len() <= 130 + tab.value().attr("data-tab").unwrap().len());
        }
    }
    // The tab of the long id still says which tab it is.
    assert!(r.html.contains(&format!("data-tab=\"{long}\"")));
    assert!(r.html.contains("<p class=\"tab-title\">Tab 299</p>"));
}

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

// ── 23. Every URL a directive publishes gets the links' safety rule ──────

#[test]
fn directive_urls_that_could_run_script_are_refused_with_unsafe_url() {
    let t = minimal_site();
    write(t.path(), "content/en/media/shot.png", "PNG");
    let lines = [
        "# P",
        ":::image type=\"content\" source=\"media/shot.png\" alt-text=\"a\" lightbox=\"data:image/svg+xml,<svg onload=alert(1)>\":::",
        ":::image type=\"content\" source=\"media/shot.png\" alt-text=\"b\" lightbox=\" JavaScript:alert(2)\":::",
        ":::image type=\"complex\" source=\"media/shot.png\" alt-text=\"c\" lightbox=\"java%0ascript:alert(3)\":::",
        "Described.",
        ":::image-end:::",
        ":::image type=\"content\" source=\"data:text/html,<script>alert(4)</script>\" alt-text=\"d\":::",
        ":::image type=\"icon\" source=\"vbscript:msgbox(5)\":::",
        ":::video source=\"data:text/html,<script>alert(6)</script>\":::",
        "[!VIDEO javascript:alert(7)]",
        "> [!VIDEO vbscript:msgbox(8)]",
        ":::code source=\"javascript:alert(9)\" language=\"js\":::",
        ":::image type=\"content\" source=\"media/shot.png\" alt-text=\"e\" link=\"javascript:alert(10)\":::",
        ":::image type=\"content\" source=\"data:image/png;base64,AAAA\" alt-text=\"f\" lightbox=\"media/shot.png\":::",
    ];
    write(t.path(), "content/en/p.md", lines.join("\n\n") + "\n");
    let line_of =
        |needle: &str| 1 + 2 * lines.iter().position(|l| l.contains(needle)).unwrap() as u64;
    let (status, diags) = check(t.path());
    assert_eq!(status, 1, "{diags:?}");
    let unsafe_at: Vec<u64> = diags
        .iter()
        .filter(|d| d.0 == "unsafe-url")
        .map(|d| {
            assert_eq!(d.1, "content/en/p.md");
            d.2
        })
        .collect();
    let expected: Vec<u64> = [
        "alert(1)",
        "alert(2)",
        "alert(3)",
        "alert(4)",
        "msgbox(5)",
        "alert(6)",
        "alert(7)",
        "msgbox(8)",
    ]
    .iter()
    .map(|n| line_of(n))
    .collect();
    assert_eq!(unsafe_at, expected, "{diags:?}");
    // The snippet's source is a file name, never a URL: it is only not found.
    assert!(
        diags
            .iter()
            .any(|d| d.0 == "snippet-missing" && d.2 == line_of("alert(9)")),
        "{diags:?}"
    );
    let _ = run(&["build", "--keep-going"], t.path());
    let html = std::fs::read_to_string(t.path().join("public/en/p.html")).unwrap();
    let doc = scraper::Html::parse_document(&html);
    let all = scraper::Selector::parse("*").unwrap();
    for el in doc.select(&all) {
        for (attr, value) in el.value().attrs() {
            let v = value.to_ascii_lowercase();
            for bad in [
                "javascript:",
                "vbscript:",
                "data:text",
                "data:image/svg",
                "alert(",
                "msgbox(",
            ] {
                assert!(!v.contains(bad), "{attr}=\"{value}\"");
            }
        }
    }
    // What is safe is still published: the picture, a data: picture, a lightbox to a file.
    let image = |s: &str| doc.select(&scraper::Selector::parse(s).unwrap()).count();
    assert_eq!(image("img[alt=a]"), 1);
    assert_eq!(image("img[alt=e]"), 1);
    assert_eq!(image("img[src='data:image/png;base64,AAAA']"), 1);
    assert_eq!(image("a[href$='shot.png'] > img[alt=f]"), 1);
}
