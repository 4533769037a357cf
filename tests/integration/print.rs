//! The printable document of each locale (`<locale>/print.html`): what it
//! holds, in what order, and that every link in it leads somewhere.

use std::collections::HashSet;
use std::path::Path;

use scraper::{ElementRef, Html, Selector};

use crate::support::*;

fn select<'a>(doc: &'a Html, selector: &str) -> Vec<ElementRef<'a>> {
    let sel = Selector::parse(selector).unwrap();
    doc.select(&sel).collect()
}

fn read(out: &Path, path: &str) -> String {
    std::fs::read_to_string(out.join(path)).unwrap_or_else(|_| panic!("{path} not built"))
}

/// The document's outline: head, table of contents, and per section its
/// headings, links and images, one line each. The pages' text is in their
/// own tests; this is what printing adds to it.
fn outline(html: &str) -> String {
    let doc = Html::parse_document(html);
    let mut lines = Vec::new();
    for e in select(&doc, "html, title, meta[name=robots], link, script, style") {
        let v = e.value();
        let attrs: Vec<String> = v
            .attrs()
            .filter(|(n, _)| *n != "href" || !v.name().eq("link"))
            .map(|(n, val)| format!("{n}={val}"))
            .collect();
        let text = e.text().collect::<String>();
        let text = if v.name() == "html" {
            String::new()
        } else {
            text
        };
        lines.push(format!("{} {} {}", v.name(), attrs.join(" "), text.trim()));
    }
    let body =
        "body h1, body h2, body h3, body h4, body h5, body h6, article, a[href], a[name], img, nav";
    for e in select(&doc, body) {
        let v = e.value();
        let line = match v.name() {
            "article" => format!(
                "\narticle id={}{}",
                v.attr("id").unwrap_or(""),
                v.attr("lang")
                    .map(|l| format!(" lang={l}"))
                    .unwrap_or_default()
            ),
            "a" if v.attr("href").is_none() => format!("  a name={}", v.attr("name").unwrap_or("")),
            "a" => format!("  a href={}", v.attr("href").unwrap_or("")),
            "img" => format!("  img src={}", v.attr("src").unwrap_or("")),
            "nav" => format!("nav {}", v.attr("class").unwrap_or("")),
            h => format!(
                "{h} id={} {}",
                v.attr("id").unwrap_or("-"),
                e.text().collect::<String>().trim()
            ),
        };
        lines.push(line);
    }
    lines.join("\n")
}

#[test]
fn the_sample_nl_document_outline() {
    let out = &sample_built().dir.join("public");
    insta::assert_snapshot!("print_nl_outline", outline(&read(out, "nl/print.html")));
}

/// Every `#fragment` link of the document reaches an element of it, every
/// id is there once, and every other relative link or image is a file.
pub(crate) fn assert_links_hold(out: &Path, path: &str) {
    let html = read(out, path);
    let doc = Html::parse_document(&html);
    let mut ids = HashSet::new();
    for e in select(&doc, "[id]") {
        let id = e.value().attr("id").unwrap();
        assert!(ids.insert(id.to_string()), "{path}: id {id} twice");
    }
    let targets: HashSet<String> = anchors(&doc).into_iter().collect();
    let dir = Path::new(path).parent().unwrap();
    for e in select(&doc, "[href], [src]") {
        let v = e.value();
        let url = v.attr("href").or(v.attr("src")).unwrap();
        if url.contains("://") || url.starts_with("mailto:") {
            continue;
        }
        let (file, fragment) = url.split_once('#').unwrap_or((url, ""));
        let file = file.split('?').next().unwrap();
        if file.is_empty() {
            assert!(
                targets.contains(&percent_decode(fragment)),
                "{path}: #{fragment} leads nowhere"
            );
        } else {
            let target = out.join(dir).join(percent_decode(file));
            assert!(target.is_file(), "{path}: {url} is not a file");
        }
    }
}

#[test]
fn every_link_of_the_sample_documents_leads_somewhere() {
    let built = sample_built();
    let out = &built.dir.join("public");
    for locale in ["en", "nl"] {
        let path = format!("{locale}/print.html");
        assert_links_hold(out, &path);
        let html = read(out, &path);
        assert!(!html.contains("<script"), "{path}: no script");
        assert!(!html.contains(" style="), "{path}: no inline style");
        assert!(html.contains("<meta name=\"robots\" content=\"noindex"));
        let home = read(out, &format!("{locale}/index.html"));
        let link = format!("<p class=\"print-link\"><a href=\"../{locale}/print.html\">");
        assert!(home.contains(&link), "{locale} home links it");
    }
    for listed in ["sitemap.xml", "urls.json"] {
        assert!(
            !read(out, listed).contains("print.html"),
            "{listed} leaves the printable documents out"
        );
    }
    let search = std::fs::read_dir(out.join("nl/search-index"))
        .unwrap()
        .flat_map(|d| std::fs::read_dir(d.unwrap().path()).unwrap())
        .map(|f| std::fs::read_to_string(f.unwrap().path()).unwrap())
        .collect::<String>();
    assert!(!search.contains("print.html"), "not a search result");
}

/// The sections follow the home's list of pages, after the home itself.
#[test]
fn sections_follow_the_homes_list() {
    let out = &sample_built().dir.join("public");
    let home = Html::parse_document(&read(out, "nl/index.html"));
    let listed: Vec<String> = select(&home, ".all-pages a[href]")
        .iter()
        .map(|a| {
            let href = a.value().attr("href").unwrap();
            format!("page-{}", href.trim_end_matches(".html"))
        })
        .collect();
    let doc = Html::parse_document(&read(out, "nl/print.html"));
    let sections: Vec<String> = select(&doc, "article.print-page")
        .iter()
        .map(|a| a.value().attr("id").unwrap().to_string())
        .collect();
    assert_eq!(sections[0], "page-index");
    assert_eq!(sections[1..], listed[..]);
    let contents: Vec<String> = select(&doc, ".print-contents a")
        .iter()
        .map(|a| {
            a.value()
                .attr("href")
                .unwrap()
                .trim_start_matches('#')
                .to_string()
        })
        .collect();
    assert_eq!(contents, sections);
    // One H1, the document's; each page's own H1 leads its section as an H2.
    assert_eq!(select(&doc, "h1").len(), 1);
    for article in select(&doc, "article.print-page") {
        let first = article
            .children()
            .filter_map(ElementRef::wrap)
            .next()
            .unwrap();
        assert_eq!(first.value().name(), "h2");
    }
}
