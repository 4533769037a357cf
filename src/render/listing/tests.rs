use serde_json::{json, Value};

use super::*;

fn leaf(n: usize) -> Node {
    Node {
        title: Some(format!("p{n}")),
        lang: None,
        untranslated: None,
        path: Some(format!("nl/p{n}.html")),
        other: false,
        children: Vec::new(),
    }
}

fn group(title: &str, children: Vec<Node>) -> Node {
    Node {
        title: Some(title.into()),
        lang: None,
        untranslated: None,
        path: None,
        other: false,
        children,
    }
}

fn links_in(entries: &Value, out: &mut Vec<String>) {
    for e in entries.as_array().unwrap() {
        if let Some(u) = e["url"].as_str() {
            out.push(u.to_string());
        }
        links_in(&e["children"], out);
    }
}

#[test]
fn every_page_is_on_exactly_one_listing_page_with_its_ancestors() {
    let tree = vec![
        group("a", (0..450).map(leaf).collect()),
        group("b", vec![group("c", (450..700).map(leaf).collect())]),
    ];
    let rows = Rows::new(&tree);
    assert_eq!(rows.links(), 700);
    assert_eq!(rows.page_count(), (700 + 3usize).div_ceil(PER_PAGE));
    let mut all = Vec::new();
    for n in 1..=rows.page_count() {
        let page = serde_json::to_value(rows.page("nl", n)).unwrap();
        let mut links = Vec::new();
        links_in(&page["entries"], &mut links);
        assert!(links.len() <= PER_PAGE);
        all.extend(links);
    }
    let expected: Vec<String> = (0..700).map(|n| format!("../p{n}.html")).collect();
    assert_eq!(all, expected);
    // Rows: a, its 450 pages, b, c, its 250 pages. Page 3 (rows
    // 400–599) begins inside "a", page 4 inside "b" › "c": they are
    // named again, marked as continued, not linked.
    let page = serde_json::to_value(rows.page("nl", 3)).unwrap();
    assert_eq!(page["entries"][0]["title"], "a");
    assert_eq!(page["entries"][0]["continued"], true);
    assert_eq!(page["entries"][1]["title"], "b");
    assert_eq!(page["entries"][1]["continued"], Value::Null);
    assert_eq!(page["prev"], "2.html");
    assert_eq!(page["next"], "4.html");
    let page = serde_json::to_value(rows.page("nl", 4)).unwrap();
    let first = &page["entries"][0];
    assert_eq!(
        (&first["title"], &first["continued"]),
        (&json!("b"), &json!(true))
    );
    let c = &first["children"][0];
    assert_eq!((&c["title"], &c["continued"]), (&json!("c"), &json!(true)));
    // Row 600 is the 148th page of "c": p597.
    assert_eq!(c["children"][0]["url"], "../p597.html");
    assert_eq!(page["prev"], "3.html");
    assert_eq!(page["next"], Value::Null);
}

#[test]
fn a_short_list_is_shown_whole_on_the_home() {
    let tree = vec![group("a", (0..50).map(leaf).collect())];
    let rows = Rows::new(&tree);
    assert!(rows.fits_home());
    assert_eq!(rows.page_count(), 0);
    let (entries, listing) = rows.home("nl", "nl");
    let listing = serde_json::to_value(listing).unwrap();
    assert_eq!(listing["complete"], true);
    let mut links = Vec::new();
    links_in(&serde_json::to_value(entries).unwrap(), &mut links);
    let expected: Vec<String> = (0..50).map(|n| format!("p{n}.html")).collect();
    assert_eq!(links, expected);
}

#[test]
fn the_home_is_bounded_and_its_more_links_land_on_the_section() {
    let tree: Vec<Node> = (0..40)
        .map(|s| {
            group(
                &format!("s{s}"),
                (s * 100..s * 100 + 100).map(leaf).collect(),
            )
        })
        .collect();
    let rows = Rows::new(&tree);
    let (sections, listing) = rows.home("nl", "nl");
    let (sections, listing) = (
        serde_json::to_value(sections).unwrap(),
        serde_json::to_value(listing).unwrap(),
    );
    let sections = sections.as_array().unwrap();
    assert_eq!(sections.len(), HOME_SECTIONS);
    assert_eq!(listing["count"], 4000);
    assert_eq!(listing["more_sections"], true);
    assert_eq!(listing["url"], "all-pages/1.html");
    for (s, section) in sections.iter().enumerate() {
        assert_eq!(section["children"].as_array().unwrap().len(), HOME_CHILDREN);
        assert_eq!(section["more"]["count"], 100 - HOME_CHILDREN);
        // Section s starts at row s × 101.
        let row = s * 101;
        assert_eq!(
            section["more"]["url"],
            format!("all-pages/{}.html#e{row}", row / PER_PAGE + 1)
        );
    }
}
