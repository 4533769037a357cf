//! The search index at scale: a reader's first query loads a bounded number
//! of bytes whatever the size of the site. The same synthetic site is built
//! at N and 4N pages; the files a one-word and a three-word query need are
//! found with the client's own shard selection (`search::select`) and
//! counted on disk.

use crate::support::*;
use helpsite::search::select;

const N: usize = 300;
/// What the first query may load, at any site size.
const FIRST_QUERY_BUDGET: usize = 500 * 1024;

/// Made-up words of three syllables: 512 of them, so that every size
/// shares one vocabulary, as copies of a real site do.
fn vocabulary() -> Vec<String> {
    let syllables = ["ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo"];
    let mut words = Vec::new();
    for a in syllables {
        for b in syllables {
            for c in syllables {
                words.push(format!("{a}{b}{c}"));
            }
        }
    }
    words
}

/// `pages` pages of 150 words each, drawn with a fixed generator; every
/// page also says "certificate", "settings" and "password". One page, the
/// last, holds the word "zebraquartz".
fn site(pages: usize) -> tempfile::TempDir {
    let t = minimal_site();
    let vocabulary = vocabulary();
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    for i in 0..pages {
        let mut text = String::from("Check the certificate settings and the password.\n\n");
        for n in 0..150 {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            text.push_str(&vocabulary[(state >> 33) as usize % vocabulary.len()]);
            text.push(if n % 15 == 14 { '\n' } else { ' ' });
        }
        if i == pages - 1 {
            text.push_str("\nzebraquartz\n");
        }
        write(
            t.path(),
            &format!("content/en/topic/page-{i}.md"),
            format!("---\ntitle: Topic {i}\n---\n# Topic {i}\n\n{text}"),
        );
    }
    t
}

struct Measured {
    one_word: select::Query,
    three_words: select::Query,
    rare: select::Query,
    /// Misspelt words, looked for in the term shards near them.
    misspelt: select::Query,
    /// The url of the rare query's first result.
    rare_first: Option<String>,
    index_bytes: usize,
}

/// Builds the site and runs the queries against what was written.
fn measure(pages: usize) -> Measured {
    let t = site(pages);
    let o = run(&["build"], t.path());
    assert!(o.status.success(), "{}", stderr(&o));
    let en = t.path().join("public/en");
    let top = std::fs::read_dir(&en)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .find(|n| n.starts_with("search-index."))
        .expect("a search index");
    let index = select::from_disk("en", &en, &top).unwrap();
    assert_eq!(index.docs, pages + 1, "every page and the home");
    // Counted on disk, not from memory: the sizes a reader downloads.
    let on_disk = |q: select::Query| {
        let bytes: usize = q
            .files
            .iter()
            .map(|f| {
                let name = if f == "search-index.js" { &top } else { f };
                std::fs::metadata(en.join(name)).unwrap().len() as usize
            })
            .sum();
        assert_eq!(bytes, q.bytes, "{:?}", q.files);
        q
    };
    let index_bytes = index.files.iter().map(|(_, js)| js.len()).sum::<usize>() + index.js.len();
    let rare = on_disk(select::run(&index, "zebraquartz certificate"));
    let docs = select::whole(&index).docs;
    Measured {
        rare_first: rare.results.first().map(|&d| docs[d][0].clone()),
        rare,
        one_word: on_disk(select::run(&index, "certificate")),
        // The last word as the reader is still typing it: a prefix of 64 words.
        three_words: on_disk(select::run(&index, "certificates settings ka")),
        misspelt: on_disk(select::run(&index, "certifcate setings pasword")),
        index_bytes,
    }
}

#[test]
fn first_query_loads_a_bounded_number_of_bytes_at_any_size() {
    let small = measure(N);
    let large = measure(4 * N);
    for (size, m) in [(N, &small), (4 * N, &large)] {
        eprintln!(
            "{size} pages: index {} KB; 1 word {} KB in {} files; 3 words {} KB in {} files",
            m.index_bytes / 1024,
            m.one_word.bytes / 1024,
            m.one_word.files.len(),
            m.three_words.bytes / 1024,
            m.three_words.files.len()
        );
        eprintln!(
            "{size} pages: 3 misspelt words {} KB in {} files",
            m.misspelt.bytes / 1024,
            m.misspelt.files.len()
        );
        for q in [&m.one_word, &m.three_words, &m.rare, &m.misspelt] {
            assert!(q.bytes <= FIRST_QUERY_BUDGET, "{size}: {q:?}");
            // The top level, a term shard or two per word, a page shard per result shown.
            assert!(q.files.len() <= 1 + 3 * 2 + select::SHOWN, "{size}: {q:?}");
        }
        // Every page has all three words: a result list, and a full one.
        assert!(m.one_word.results.len() >= size.min(helpsite::search::shards::HEAD));
        assert!(m.three_words.results.len() >= size.min(helpsite::search::shards::HEAD));
        // The rare word leads to its page, from the last page shard.
        assert_eq!(
            m.rare_first.as_deref(),
            Some(format!("topic/page-{}.html", size - 1).as_str())
        );
    }
    // The index grows with the site (4× the pages, about 4× the bytes); what
    // the first query loads grows far less: more shards, each no larger.
    assert!(large.index_bytes > 3 * small.index_bytes);
    // Misspellings find their words, as many pages as a word typed whole.
    assert!(large.misspelt.results.len() >= helpsite::search::shards::HEAD);
    for (a, b) in [
        (&small.one_word, &large.one_word),
        (&small.three_words, &large.three_words),
        (&small.misspelt, &large.misspelt),
    ] {
        assert!(
            b.bytes < a.bytes * 2,
            "{} bytes at {N} pages, {} at {} pages",
            a.bytes,
            b.bytes,
            4 * N
        );
    }
}
