//! The headings search results link into (the page shards' fifth field):
//! thousands of headings, huge heading text, markup, entities,
//! right-to-left text and emoji in headings, pages without headings, and
//! page shards that grow linearly with the pages.

use super::*;

use crate::search_sections::{check_sections, locale_index, slice_utf16};

/// All page shards of a locale together, in bytes.
fn page_shard_bytes(out: &Path, locale: &str) -> usize {
    let top = out.join(locale).join("search-index");
    let mut total = 0;
    for dir in std::fs::read_dir(top).unwrap().flatten() {
        for f in std::fs::read_dir(dir.path()).unwrap().flatten() {
            let name = f.file_name().to_string_lossy().into_owned();
            if name.starts_with('d') && name.ends_with(".js") {
                total += f.metadata().unwrap().len() as usize;
            }
        }
    }
    total
}

fn built(t: &tempfile::TempDir) -> std::path::PathBuf {
    let o = run(&["build", "--keep-going"], t.path());
    assert!(o.status.code().is_some(), "{}", stderr(&o));
    assert!(!stderr(&o).contains("panicked"), "{}", stderr(&o));
    t.path().join("public")
}

#[test]
fn hostile_headings_are_placed_exactly_and_never_panic() {
    let t = minimal_site();
    write(
        t.path(),
        "content/en/odd.md",
        "# Odd\n\nIntro.\n\n\
         ## The *password* &amp; the `PIN` <em>changed</em> &#x1F600;\n\nbody one\n\n\
         ## שלום עולם – مرحبا 🔑 at the 😀 edge\n\nbody two\n\n\
         ### 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 &lt;script&gt;alert(1)&lt;/script&gt;\n\nbody three\n\n\
         ## \n\nAn empty heading.\n\n\
         ## Same\n\n## Same\n\n### Deeper\n\n#### Too deep to link\n\nfour\n",
    );
    write(
        t.path(),
        "content/en/plain.md",
        "# Plain\n\nNo headings here at all.\n",
    );
    let huge = "huge ".repeat(20_000);
    let mut many = String::from("# Many\n\n");
    for i in 0..5_000 {
        many.push_str(&format!("## Heading {i} with some words\n\nText {i}.\n\n"));
    }
    many.push_str(&format!("## {huge}\n\nAfter the huge heading.\n"));
    write(t.path(), "content/en/many.md", &many);
    let out = built(&t);
    let checked = check_sections(&out, "en");
    let whole = locale_index(&out, "en");
    let of = |url: &str| {
        let i = whole.docs.iter().position(|d| d[0] == url).unwrap();
        (&whole.docs[i], &whole.sections[i])
    };
    let (odd, sections) = of("odd.html");
    let texts: Vec<String> = sections
        .iter()
        .map(|(s, _, l)| slice_utf16(&odd[2], *s, *l).unwrap())
        .collect();
    assert_eq!(
        texts,
        [
            "The password & the PIN changed 😀",
            "שלום עולם – مرحبا 🔑 at the 😀 edge",
            "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 <script>alert(1)</script>",
            "Same",
            "Same",
            "Deeper",
        ]
    );
    assert_ne!(
        sections[3].1, sections[4].1,
        "repeated headings keep their own ids"
    );
    assert!(of("plain.html").1.is_empty());
    let (_, many_sections) = of("many.html");
    // The huge heading's id is too long to link to: 5,000 sections, not 5,001.
    assert_eq!(many_sections.len(), 5_000);
    assert!(checked > 5_000, "{checked}");
    // A section costs a few dozen bytes beside the page's text.
    let text_bytes: usize = whole.docs.iter().map(|d| d[2].len()).sum();
    let bytes = page_shard_bytes(&out, "en");
    let bound = text_bytes + 80 * checked + 4096;
    assert!(
        bytes < bound,
        "{bytes} bytes of page shards for {text_bytes} bytes of text"
    );
}

/// `pages` pages of 12 headings each, every heading different.
fn site_of(pages: usize) -> tempfile::TempDir {
    let t = minimal_site();
    for p in 0..pages {
        let mut md = format!("# Page {p}\n\nIntro {p}.\n\n");
        for h in 0..12 {
            md.push_str(&format!(
                "## Part {h} of page {p}\n\nWords about part {h}.\n\n"
            ));
        }
        write(t.path(), &format!("content/en/p{p}.md"), md);
    }
    t
}

#[test]
fn page_shards_with_sections_grow_linearly_with_the_pages() {
    const N: usize = 40;
    let (small_site, large_site) = (site_of(N), site_of(4 * N));
    let (small, large) = (built(&small_site), built(&large_site));
    let (a, b) = (
        page_shard_bytes(&small, "en"),
        page_shard_bytes(&large, "en"),
    );
    let ratio = b as f64 / a as f64;
    println!(
        "page shards: {a} bytes at {N} pages, {b} at {} ({ratio:.2}×)",
        4 * N
    );
    assert!(ratio < 4.4, "{a} → {b} bytes: {ratio:.2}×");
    assert_eq!(check_sections(&small, "en"), N * 12);
}
