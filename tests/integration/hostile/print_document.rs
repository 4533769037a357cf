//! The printable document (`<locale>/print.html`) under hostile sites: a
//! page linking to itself, pages sharing heading ids, untranslated pages,
//! a page that takes the document's name, and thousands of pages.

use super::*;
use crate::print::assert_links_hold;

fn built_public(t: &tempfile::TempDir) -> std::path::PathBuf {
    let o = run(&["build"], t.path());
    assert!(o.status.success(), "{}", stderr(&o));
    t.path().join("public")
}

#[test]
fn self_links_shared_heading_ids_and_fallback_pages_stay_apart() {
    let t = minimal_site();
    write(
        t.path(),
        "site.toml",
        "title = \"T\"\ndefault_locale = \"en\"\nlocales = [\"en\", \"nl\"]\n",
    );
    write(t.path(), "content/nl/index.md", "# Thuis\n\n[A](a.md)\n");
    write(
        t.path(),
        "content/en/a.md",
        "# A\n\n## Intro\n\n[me](a.md#intro), [here](#intro), [old](old.md), [c](sub/c.md#intro), [gone](b.md#gone)\n",
    );
    write(
        t.path(),
        "content/nl/a.md",
        "# A nl\n\n## Intro\n\n[mij](a.md#intro)\n",
    );
    write(
        t.path(),
        "content/en/b.md",
        "# B\n\n## Intro\n\n[to a](a.md#intro) <a name=\"intro\"></a>\n",
    );
    write(
        t.path(),
        "content/en/sub/c.md",
        "# C\n\n## Intro\n\n![shot](media/s.png)\n\n[up](../b.md#intro)\n",
    );
    write(t.path(), "content/en/sub/media/s.png", b"\x89PNG\r\n\x1a\n");
    write(
        t.path(),
        "content/en/old.md",
        "---\nredirect_url: a.md\n---\n# Old\n",
    );
    // `#gone` is a broken anchor: reported, and published with --keep-going.
    let o = run(&["build", "--keep-going"], t.path());
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("#gone"), "{err}");
    let out = t.path().join("public");
    for locale in ["en", "nl"] {
        assert_links_hold(&out, &format!("{locale}/print.html"));
    }
    let en = std::fs::read_to_string(out.join("en/print.html")).unwrap();
    assert!(en.contains("<a href=\"#page-a--intro\">me</a>"), "{en}");
    assert!(en.contains("<a href=\"#page-a--intro\">here</a>"));
    assert!(en.contains("<a href=\"#page-sub.c--intro\">c</a>"));
    assert!(
        en.contains("<a href=\"old.html\">old</a>"),
        "a redirect is not printed"
    );
    // An anchor the page lacks (a `broken-anchor` warning) leads to its section.
    assert!(en.contains("<a href=\"#page-b\">gone</a>"));
    assert!(en.contains("src=\"sub/media/s.png\""));
    assert!(en.contains("<a name=\"page-b--intro\"></a>"));
    let nl = std::fs::read_to_string(out.join("nl/print.html")).unwrap();
    assert!(
        nl.contains("<article class=\"print-page\" id=\"page-b\" lang=\"en\">"),
        "{nl}"
    );
    assert!(nl.contains("<article class=\"print-page\" id=\"page-a\">"));
}

#[test]
fn a_page_named_print_keeps_its_address_and_the_clash_is_reported() {
    let t = minimal_site();
    write(t.path(), "content/en/print.md", "# My printer\n");
    let o = run(&["build"], t.path());
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("en/print.html"), "{err}");
    let o = run(&["build", "--keep-going"], t.path());
    assert_eq!(o.status.code(), Some(1));
    let page = std::fs::read_to_string(t.path().join("public/en/print.html")).unwrap();
    assert!(page.contains("My printer"), "the page wins: {page}");
}

/// `n` pages, each linking to the next one's heading.
fn chain_site(n: usize) -> tempfile::TempDir {
    let t = minimal_site();
    for i in 0..n {
        write(
            t.path(),
            &format!("content/en/p{i:05}.md"),
            format!(
                "# P{i:05}\n\n## Intro\n\nText {i}. [Next](p{:05}.md#intro) ![s](media/s.png)\n",
                i + 1
            ),
        );
    }
    write(
        t.path(),
        &format!("content/en/p{n:05}.md"),
        format!("# P{n:05}\n\n## Intro\n"),
    );
    write(t.path(), "content/en/media/s.png", b"\x89PNG\r\n\x1a\n");
    t
}

#[test]
fn large_sites_print_in_parts_linked_across() {
    let t = chain_site(600);
    let out = built_public(&t);
    assert_links_hold(&out, "en/print.html");
    assert_links_hold(&out, "en/print-2.html");
    assert!(!out.join("en/print-3.html").exists());
    let first = std::fs::read_to_string(out.join("en/print.html")).unwrap();
    // The home, then p00000…p00498 in part 1: p00498 links into part 2.
    assert!(first.contains("href=\"print-2.html#page-p00499--intro\""));
    let second = std::fs::read_to_string(out.join("en/print-2.html")).unwrap();
    assert!(second.contains("id=\"page-p00499--intro\""));
    assert_eq!(second.matches("<article class=\"print-page\"").count(), 102);
}

#[test]
fn printing_costs_linear_work_and_bytes_in_the_pages() {
    use helpsite::render::{print, Listings};
    let one_thread = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap();
    let written = std::sync::Mutex::new(Vec::new());
    assert_linear(
        "printable documents",
        |n| {
            let t = chain_site(n);
            let site = helpsite::site::Site::load(t.path()).unwrap_or_else(|_| panic!("loads"));
            let generated = helpsite::offline::Generated::compute(&site, &Default::default());
            let listings = Listings::of(&site);
            let templates = site.templates().expect("templates");
            let bytes = std::sync::Mutex::new(0usize);
            let put = |f: helpsite::output::OutputFile| {
                if let helpsite::output::Data::Bytes(b) = f.data {
                    *bytes.lock().unwrap() += b.len();
                }
            };
            let cost = one_thread.install(|| {
                cost(|| print::write(&site, templates, &generated, &listings, None, None, &put))
            });
            written.lock().unwrap().push(bytes.into_inner().unwrap());
            cost
        },
        500,
    );
    let written = written.into_inner().unwrap();
    eprintln!("printable documents: {written:?} bytes");
    assert!(written[1] <= written[0] * 9 / 2, "{written:?}");
}
