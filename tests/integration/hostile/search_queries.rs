//! Hostile queries against the search as the reader's script runs it
//! (`search::select`): a word of 10,000 letters, a query of 500 words, a
//! word of combining marks only, a number of 300 digits. None panics, and
//! 4× the query costs at most about 4× the work and allocation.

use super::*;
use helpsite::search::select;

/// A built site with a nl locale (compounds and stop words) and an index of a few pages.
fn index() -> (tempfile::TempDir, helpsite::search::LocaleIndex) {
    let t = minimal_site();
    for (i, text) in [
        "Het wachtwoord opnieuw instellen op uw apparaat.",
        "De inschrijving van het apparaat bij de bedrijfsportal-app.",
        "Installeer de beveiligingspatch voor BitLocker.",
    ]
    .iter()
    .enumerate()
    {
        write(
            t.path(),
            &format!("content/nl/page-{i}.md"),
            format!("---\ntitle: Pagina {i}\n---\n# Pagina {i}\n\n{text}\n"),
        );
        write(
            t.path(),
            &format!("content/en/page-{i}.md"),
            format!("---\ntitle: Page {i}\n---\n# Page {i}\n\n{text}\n"),
        );
    }
    let o = run(&["build"], t.path());
    assert!(o.status.success(), "{}", stderr(&o));
    let nl = t.path().join("public/nl");
    let top = std::fs::read_dir(&nl)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .find(|n| n.starts_with("search-index."))
        .expect("a search index");
    let index = select::from_disk("nl", &nl, &top).unwrap();
    (t, index)
}

/// A query of about n letters or words.
type MakeQuery = fn(usize) -> String;

#[test]
fn hostile_queries_cost_in_proportion_to_their_length() {
    let (_site, index) = index();
    let queries: [(&str, MakeQuery, usize); 5] = [
        ("one long word", |n| "wachtwoord".repeat(n / 10), 10_000),
        ("one long misspelt word", |n| "x".repeat(n), 10_000),
        (
            "many words",
            |n| vec!["wachtwoord apparaatinschrijving bitlocer"; n / 3].join(" "),
            500,
        ),
        ("combining marks", |n| "\u{301}".repeat(n), 10_000),
        ("digits", |n| "9".repeat(n), 300),
    ];
    for (what, query, n) in queries {
        assert_linear(
            what,
            |n| {
                let q = query(n);
                cost(|| {
                    select::run(&index, &q);
                    select::run_page(&index, &q)
                })
            },
            n,
        );
    }
    // What a query finds, whatever its length: the marks fold to nothing.
    assert!(select::run(&index, &"\u{301}".repeat(10_000))
        .results
        .is_empty());
    assert!(!select::run(&index, "wachtwoordherstel bitlocer")
        .results
        .is_empty());
}
