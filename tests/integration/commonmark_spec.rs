//! `markdown = "commonmark"` against the CommonMark spec's own examples.
//! The spec is the npm package `commonmark-spec`, installed with the
//! browser tests' dev-dependencies (`npm ci --prefix tests/browser`); its
//! text is never copied into this repository. Every example is rendered and
//! compared with its expected HTML once both are normalized for what
//! helpsite adds on purpose: heading ids, the extra anchors for older ids,
//! and `"` written as itself in text (equivalent HTML).

use std::collections::{BTreeMap, HashMap};

use helpsite::config::Dialect;
use helpsite::links::{ContentIndex, LocaleFiles};
use helpsite::markdown::{render_page, Env, PageSource};

use crate::support::*;

/// One example: its number, the section it is in, Markdown and HTML.
struct Example {
    number: usize,
    section: String,
    markdown: String,
    html: String,
}

/// The examples of `spec.txt`: fenced by 32 backticks and `example`, the
/// Markdown and the HTML parted by a `.` line, tabs shown as `→`.
fn examples(spec: &str) -> Vec<Example> {
    let fence = "`".repeat(32);
    let opening = format!("{fence} example");
    let mut found = Vec::new();
    let mut section = String::new();
    let mut lines = spec.lines();
    while let Some(line) = lines.next() {
        if let Some(heading) = line.strip_prefix("## ") {
            section = heading.to_string();
        }
        if line != opening {
            continue;
        }
        let (mut markdown, mut html, mut in_html) = (String::new(), String::new(), false);
        for line in lines.by_ref() {
            if line.starts_with(&fence) {
                break;
            }
            if line == "." && !in_html {
                in_html = true;
                continue;
            }
            let part = if in_html { &mut html } else { &mut markdown };
            part.push_str(&line.replace('→', "\t"));
            part.push('\n');
        }
        found.push(Example {
            number: found.len() + 1,
            section: section.clone(),
            markdown,
            html,
        });
    }
    found
}

/// HTML with what helpsite adds on purpose taken out, one line.
fn normalized(html: &str) -> String {
    let older_id_anchor = regex::Regex::new(r#"<a id="[^"]*"></a>"#).unwrap();
    let id = regex::Regex::new(r#" id="[^"]*""#).unwrap();
    let html = older_id_anchor.replace_all(html, "");
    let html = id.replace_all(&html, "").replace("&quot;", "\"");
    html.lines().map(str::trim).collect()
}

fn render(dialect: Dialect, markdown: &str) -> String {
    let mut locales = BTreeMap::new();
    locales.insert(
        "en".to_string(),
        LocaleFiles::new(Default::default(), Default::default()),
    );
    let index = ContentIndex {
        default_locale: "en".into(),
        locales,
        link_prefixes: Vec::new(),
        portal_url: None,
        aliases: HashMap::new(),
        redirects: HashMap::new(),
    };
    let read = |_: &str, _: &str| None;
    let label = |_: &str, id: &str| id.to_string();
    let site = Default::default();
    let env = Env {
        index: &index,
        label: &label,
        read: &read,
        dialect,
        site: &site,
    };
    let page = PageSource {
        locale: "en",
        path: "p.md",
        file: "content/en/p.md",
        text: markdown,
        body_start: 0,
    };
    render_page(&env, &page).html().to_string()
}

/// The sections whose examples differ in `dialect`, with their numbers.
fn differing(dialect: Dialect, examples: &[Example]) -> BTreeMap<String, Vec<usize>> {
    let mut differ: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for e in examples {
        let got = normalized(&render(dialect, &e.markdown));
        if got != normalized(&e.html) {
            eprintln!(
                "{dialect:?}, example {}:\n{}\nwant {}\ngot  {got}",
                e.number,
                e.markdown,
                normalized(&e.html)
            );
            differ.entry(e.section.clone()).or_default().push(e.number);
        }
    }
    differ
}

#[test]
fn commonmark_mode_renders_every_spec_example() {
    let spec = repo().join("tests/browser/node_modules/commonmark-spec/spec.txt");
    if !require_or_skip(
        "no commonmark-spec in tests/browser/node_modules",
        spec.is_file(),
        "run `npm ci --prefix tests/browser`",
    ) {
        return;
    }
    let examples = examples(&std::fs::read_to_string(spec).unwrap());
    assert!(examples.len() > 600, "{} examples", examples.len());
    let differ = differing(Dialect::Commonmark, &examples);
    assert!(differ.is_empty(), "{differ:?}");
    // The DocFX modes differ where they mean to: bare addresses become
    // links (GFM), a heading that skips a level is published one below the
    // heading it falls under (examples 72 and 79), and DocFX 2017 reads
    // some list items otherwise.
    let markdig = differing(Dialect::DocfxMarkdig, &examples);
    assert_eq!(
        markdig.keys().collect::<Vec<_>>(),
        ["ATX headings", "Autolinks"],
        "{markdig:?}"
    );
    let dfm = differing(Dialect::Docfx2017, &examples);
    assert_eq!(
        dfm.keys().collect::<Vec<_>>(),
        ["ATX headings", "Autolinks", "List items", "Lists"],
        "{dfm:?}"
    );
}
