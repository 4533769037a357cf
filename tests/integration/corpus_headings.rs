//! Heading ids on the real corpus: DocFX's current ids (GitHub style,
//! repeated hyphens kept), with the ids helpsite gave before (runs of
//! hyphens collapsed) as extra anchors, so deep links of either kind land.
//! The expected ids are computed here, independently of `src/markdown/slug.rs`.

use crate::support::*;
use scraper::{Html, Selector};

/// GitHub's rule, as DocFX (Markdig) applies it: keep letters, digits, `-`
/// and `_`, lower-cased; a space becomes `-`; drop everything else.
fn github_id(text: &str) -> String {
    text.trim()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

#[test]
fn corpus_headings_have_docfx_ids_and_keep_their_old_ones() {
    let Some(built) = corpus_built() else { return };
    let root = built.dir.join("site");
    let o = &built.build;
    assert!(!stderr(o).contains("panicked"), "{}", stderr(o));
    let headings = Selector::parse("article :is(h1, h2, h3, h4, h5, h6)").unwrap();
    let (mut checked, mut differing) = (0, 0);
    for (rel, text) in html_files(&root.join("public")) {
        // The printable document prefixes every id with its page's.
        if rel.ends_with("/print.html") {
            continue;
        }
        let html = Html::parse_document(&text);
        let ids = anchors(&html);
        for h in html.select(&headings) {
            let Some(id) = h.value().id() else { continue };
            let words: String = h.text().collect();
            let expected = github_id(&words);
            // Author-named headings (`<a name>` inside, `{#id}`) keep the author's id.
            let named = h.inner_html().contains(&format!("name=\"{id}\""));
            if named || expected.is_empty() {
                continue;
            }
            let base = id
                .rsplit_once('-')
                .filter(|(_, n)| n.parse::<u32>().is_ok() && !expected.ends_with(n))
                .map_or(id, |(b, _)| b);
            assert_eq!(base, expected, "{rel}: heading {words:?}");
            checked += 1;
            // The old id: runs of spaces and hyphens as one `-`.
            let collapsed = expected
                .split('-')
                .filter(|p| !p.is_empty())
                .collect::<Vec<_>>()
                .join("-");
            if collapsed != expected && id == expected {
                differing += 1;
                assert!(
                    ids.contains(&collapsed),
                    "{rel}: old id {collapsed} of {words:?} is no anchor"
                );
            }
        }
    }
    eprintln!("{checked} headings checked, {differing} with an id that changed");
    assert!(checked > 100, "only {checked} headings checked");
    // The nl corpus writes "iOS- of Mac OS-apparaat": DocFX keeps both hyphens.
    assert!(differing >= 3, "{differing} headings whose ids changed");
}
