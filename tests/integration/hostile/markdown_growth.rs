//! DocFX directives whose cost or output must grow with the page, not faster.

use super::*;

/// `p.md` alone among the pages, beside `files`.
fn render_in_site(
    text: &str,
    body_start: usize,
    site: &SiteExtras,
    files: &[(&str, &str)],
) -> Rendered {
    render_in(text, body_start, site, &["p.md"], files)
}
use helpsite::markdown::xref::XrefTarget;
use helpsite::markdown::SiteExtras;

/// `(code, line, suggestion)` of each diagnostic.
fn reported(r: &Rendered) -> Vec<(&str, usize, Option<String>)> {
    r.diagnostics()
        .iter()
        .map(|d| (d.code.as_str(), d.span.line, d.suggestion.clone()))
        .collect()
}

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
            let html = render(&page).take_html();
            eprintln!("{n} tabs: {} bytes of HTML", html.len());
            // The HTML's own size goes in as a step count: it must grow linearly too.
            (steps + html.len() as u64, bytes)
        },
        250,
    );
}

#[test]
fn a_paragraph_of_many_lone_angle_brackets_costs_linear_work() {
    // The parser splits the text at each `<` that starts no tag; the parts
    // are merged into one run again.
    assert_linear(
        "a paragraph of lone `<a `",
        |n| {
            let page = format!("# T\n\ntext {}\n", "<a ".repeat(n));
            let (steps, bytes) = cost(|| render(&page));
            let text_len = render(&page).text().len();
            assert!(text_len >= 3 * n, "the text keeps every `<a `: {text_len}");
            (steps, bytes)
        },
        5000,
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
    assert!(r.diagnostics().is_empty(), "{:?}", r.diagnostics());
    let doc = scraper::Html::parse_fragment(&r.html());
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
    assert!(r.html().contains(&format!("data-tab=\"{long}\"")));
    assert!(r.html().contains("<p class=\"tab-title\">Tab 299</p>"));
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
                assert!(r.diagnostics().is_empty(), "{:?}", r.diagnostics());
                // The directive after the code is one; the one in the code block is an example.
                assert_eq!(r.html().matches("<div class=\"zone has-pivot\"").count(), 1);
                assert!(r.html().starts_with(
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
    assert_eq!(image("a[href$='shot.png#lightbox'] > img[alt=f]"), 1);
}

// ── 15. "Did you mean" compares a bounded number of names, within a bound ─

fn uid_site(n: usize) -> SiteExtras {
    let mut site = SiteExtras::default();
    for i in 0..n {
        site.xrefs.insert(
            format!("Company.Portal.Area{i}.Setup"),
            vec![XrefTarget {
                locale: "en".into(),
                path: format!("area{i}.md"),
                title: format!("Area {i}"),
            }],
        );
    }
    site
}

#[test]
fn did_you_mean_for_uids_costs_linear_work_in_the_pages() {
    assert_linear(
        "unknown uids, one per page of the site",
        |n| {
            let site = uid_site(n);
            let page: String = (0..n)
                .map(|i| format!("See <xref:Company.Portal.Area{i}.Setpu>.\n\n"))
                .collect();
            cost(|| {
                let r = render_in_site(&page, 0, &site, &[]);
                let found = reported(&r);
                assert_eq!(found.len(), n);
                for (i, (code, line, suggestion)) in found.into_iter().enumerate() {
                    assert_eq!((code, line), ("xref-unresolved", 2 * i + 1));
                    let wanted = format!("did you mean `Company.Portal.Area{i}.Setup`?");
                    assert_eq!(suggestion.as_deref(), Some(wanted.as_str()));
                }
                r
            })
        },
        400,
    );
}

#[test]
fn did_you_mean_for_monikers_costs_linear_work() {
    assert_linear(
        "unknown monikers among many",
        |n| {
            let mut site = SiteExtras::default();
            site.monikers = (0..n).map(|i| format!("release-{i}")).collect();
            let page: String = (0..n)
                .map(|i| format!(":::moniker range=\">= relase-{i}\"\nText.\n:::moniker-end\n\n"))
                .collect();
            cost(|| {
                let r = render_in_site(&page, 0, &site, &[]);
                let found = reported(&r);
                assert_eq!(found.len(), n);
                for (i, (code, line, suggestion)) in found.into_iter().enumerate() {
                    assert_eq!((code, line), ("unknown-moniker", 4 * i + 1));
                    let wanted = format!("did you mean `release-{i}`?");
                    assert_eq!(suggestion.as_deref(), Some(wanted.as_str()));
                }
                r
            })
        },
        300,
    );
}

#[test]
fn did_you_mean_for_pivots_costs_linear_work() {
    assert_linear(
        "unknown zone pivots among many",
        |n| {
            let mut yaml = String::from("groups:\n- id: platform\n  title: Platform\n  pivots:\n");
            for i in 0..n {
                yaml.push_str(&format!("  - id: device-{i}\n    title: Device {i}\n"));
            }
            let front = "---\nzone_pivot_groups: platform\n---\n";
            let mut page = front.to_string();
            for i in 0..n {
                page.push_str(&format!(
                    ":::zone pivot=\"devcie-{i}\"\n\nText.\n\n:::zone-end\n\n"
                ));
            }
            cost(|| {
                let r = render_in_site(
                    &page,
                    front.len(),
                    &SiteExtras::default(),
                    &[("zone-pivot-groups.yml", &yaml)],
                );
                let found = reported(&r);
                assert_eq!(found.len(), n);
                for (i, (code, line, suggestion)) in found.into_iter().enumerate() {
                    assert_eq!((code, line), ("unknown-pivot", 4 + 6 * i));
                    let wanted = format!("did you mean `device-{i}`?");
                    assert_eq!(suggestion.as_deref(), Some(wanted.as_str()));
                }
                r
            })
        },
        300,
    );
}

#[test]
fn did_you_mean_for_long_region_names_and_uids_costs_linear_work() {
    assert_linear(
        "a long unknown region name and uid",
        |n| {
            let name = "r".repeat(n);
            let snippet = format!("// <{name}>\nlet a = 1;\n// </{name}>\n");
            let mut site = SiteExtras::default();
            site.xrefs.insert(
                format!("U{name}"),
                vec![XrefTarget {
                    locale: "en".into(),
                    path: "a.md".into(),
                    title: "A".into(),
                }],
            );
            let page =
                format!(":::code source=\"a.rs\" region=\"{name}x\":::\n\nSee <xref:U{name}x>.\n");
            cost(|| {
                let r = render_in_site(&page, 0, &site, &[("a.rs", &snippet)]);
                let found: Vec<_> = reported(&r).into_iter().map(|d| (d.0, d.1)).collect();
                assert_eq!(found, [("snippet-region", 1), ("xref-unresolved", 3)]);
                r
            })
        },
        2000,
    );
}

// ── "Did you mean" for pages, snippet regions and anchors ───────────────

#[test]
fn did_you_mean_for_pages_of_one_large_folder_costs_linear_work() {
    use helpsite::links::RefKind;
    assert_linear(
        "broken links among the pages of one folder",
        |n| {
            // Numbers of one width: otherwise 4× the pages also means longer
            // names, and the comparisons grow with the names' length too.
            let pages: HashSet<String> = (0..n)
                .map(|i| format!("page-about-topic-{i:05}.md"))
                .collect();
            let mut locales = BTreeMap::new();
            locales.insert("en".to_string(), LocaleFiles::new(pages, HashSet::new()));
            let index = ContentIndex {
                default_locale: "en".into(),
                locales,
                link_prefixes: Vec::new(),
                portal_url: None,
                aliases: HashMap::new(),
                redirects: HashMap::new(),
            };
            cost(|| {
                for i in 0..n {
                    let href = format!("page-about-topc-{i:05}.md#a");
                    let r = index.resolve("en", "", "", &href, RefKind::Link);
                    let wanted = format!("did you mean `page-about-topic-{i:05}.md`?");
                    assert_eq!(r.problems[0].suggestion.as_deref(), Some(wanted.as_str()));
                    // `check --fix` takes the one suggestion, keeping the fragment.
                    let fixed = format!("page-about-topic-{i:05}.md#a");
                    assert_eq!(r.problems[0].fixed_href.as_deref(), Some(fixed.as_str()));
                }
            })
        },
        250,
    );
}

#[test]
fn did_you_mean_for_many_regions_of_one_snippet_costs_linear_work() {
    assert_linear(
        "misspelled regions of one snippet file",
        |n| {
            let snippet: String = (0..n)
                .map(|i| {
                    format!("// <region_name_number_{i}>\nx{i};\n// </region_name_number_{i}>\n")
                })
                .collect();
            let page: String = (0..n)
                .map(|i| format!(":::code source=\"s.cs\" id=\"regoin_name_number_{i}\":::\n\n"))
                .collect();
            cost(|| {
                let r = render_in_site(&page, 0, &SiteExtras::default(), &[("s.cs", &snippet)]);
                let found = reported(&r);
                assert_eq!(found.len(), n);
                for (i, (code, line, suggestion)) in found.into_iter().enumerate() {
                    assert_eq!((code, line), ("snippet-region", 2 * i + 1));
                    let wanted = format!("did you mean `region_name_number_{i}`?");
                    assert_eq!(suggestion.as_deref(), Some(wanted.as_str()));
                }
                r
            })
        },
        150,
    );
}

/// A site whose page `p.md` has `n` headings, a misspelled link to each and
/// a link to each in other letter case.
fn anchor_site(n: usize) -> tempfile::TempDir {
    let t = minimal_site();
    let mut page = String::from("# P\n\n");
    for i in 0..n {
        page.push_str(&format!(
            "## Section title {i}\n\n[y](#sectoin-title-{i}) [z](#Section-Title-{i})\n\n"
        ));
    }
    write(t.path(), "content/en/p.md", &page);
    t
}

#[test]
fn anchor_suggestions_cost_linear_work_in_the_headings() {
    assert_linear(
        "broken in-page anchors among many headings",
        |n| {
            let t = anchor_site(n);
            cost(|| {
                let site = helpsite::site::Site::load(t.path()).expect("loads");
                let broken = site
                    .diagnostics()
                    .into_iter()
                    .filter(|d| d.code == "broken-anchor");
                assert_eq!(broken.count(), 2 * n);
                site
            })
        },
        500,
    );
}

#[test]
fn an_anchor_in_other_letter_case_is_still_suggested() {
    let t = anchor_site(3);
    let site = helpsite::site::Site::load(t.path()).expect("loads");
    let found: Vec<(usize, String, Option<String>)> = site
        .diagnostics()
        .into_iter()
        .filter(|d| d.code == "broken-anchor")
        .map(|d| (d.span.line, d.message, d.suggestion))
        .collect();
    let mut wanted = Vec::new();
    for i in 0..3 {
        let line = 5 + 4 * i;
        let typo = format!("`#sectoin-title-{i}`: this page has no heading or anchor with this id");
        wanted.push((line, typo, None));
        let case = format!("`#Section-Title-{i}`: this page has no heading or anchor with this id");
        wanted.push((line, case, Some(format!("#section-title-{i}"))));
    }
    assert_eq!(found, wanted);
}
