//! Search results link into the section that matched: the page shards name
//! each page's h2/h3 headings by their place in the page's text and their
//! id. Checked on the sample site and the real corpus: every id is one the
//! built page has, and the text at each place is that heading's text.
//! (The browser side: tests/browser/search.test.mjs.)

use std::path::Path;

use crate::support::*;
use helpsite::search::select;
use scraper::{Html, Selector};

/// The locale's index read back whole.
pub fn locale_index(out: &Path, locale: &str) -> select::Whole {
    let dir = out.join(locale);
    let top = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .find(|n| n.starts_with("search-index.") && n.ends_with(".js"))
        .expect("a search index top level");
    select::whole(&select::from_disk(locale, &dir, &top).unwrap())
}

/// UTF-16 code units `start..start + len` of `text`, as the page's script slices it.
pub fn slice_utf16(text: &str, start: usize, len: usize) -> Option<String> {
    let units: Vec<u16> = text.encode_utf16().collect();
    String::from_utf16(units.get(start..start.checked_add(len)?)?).ok()
}

fn squash(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Checks every section of every page of `locale`; returns how many there are.
pub fn check_sections(out: &Path, locale: &str) -> usize {
    let whole = locale_index(out, locale);
    let headings = Selector::parse("h2[id], h3[id]").unwrap();
    let mut checked = 0;
    for (doc, sections) in whole.docs.iter().zip(&whole.sections) {
        if sections.is_empty() {
            continue;
        }
        let html = std::fs::read_to_string(out.join(locale).join(&doc[0])).unwrap();
        let page = Html::parse_document(&html);
        let on_page: Vec<(String, String)> = page
            .select(&headings)
            .map(|h| {
                let id = h.value().attr("id").unwrap_or("").to_string();
                (id, squash(&h.text().collect::<String>()))
            })
            .collect();
        let mut last_end = 0;
        for (start, id, len) in sections {
            let words = slice_utf16(&doc[2], *start, *len)
                .unwrap_or_else(|| panic!("{}: section {id} is out of the text", doc[0]));
            let heading = on_page.iter().find(|(i, _)| i == id);
            let (_, text) = heading
                .unwrap_or_else(|| panic!("{}: no h2/h3 with id {id:?} on the page", doc[0]));
            assert_eq!(&words, text, "{}#{id}: the place names the heading", doc[0]);
            assert!(*start >= last_end, "{}: sections in order", doc[0]);
            last_end = start + len;
            checked += 1;
        }
    }
    checked
}

#[test]
fn sample_site_sections_are_the_built_pages_headings() {
    let built = sample_built();
    let out = built.dir.join("public");
    let en = check_sections(&out, "en");
    let nl = check_sections(&out, "nl");
    assert!(
        en > 0 && nl > 0,
        "the sample pages have headings: en {en}, nl {nl}"
    );
}

#[test]
fn corpus_sections_are_the_built_pages_headings() {
    let Some(built) = corpus_built() else {
        return;
    };
    let out = built.dir.join("site/public");
    for locale in ["en", "nl"] {
        let n = check_sections(&out, locale);
        // The 2017 corpus has few h2/h3 headings: 65 in English.
        assert!(n > 40, "{locale}: {n} sections");
    }
}
