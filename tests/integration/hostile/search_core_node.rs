//! The reader's search core, `js/search-core.js`, run in Node over built
//! indexes and compared with `search::select`, which takes the same steps in
//! Rust: for every query, as the type-ahead and as the search page run it,
//! the same pages in the same order, from the same index files. Odd queries (marks, scripts outside Latin, letters outside
//! the BMP, words no page has) are where two implementations drift apart.
//! Without Node the test is skipped with one line; under `CI=true` it fails.

use super::*;
use helpsite::search::select;
use std::process::Command;

fn node_runs() -> bool {
    Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// A site large enough for many term shards, and for heads and tails
/// ("topic", in every title, is on more pages than a head holds): made-up
/// words drawn with a fixed generator, a few inflected English words on
/// every page, and accented words on some.
fn many_pages() -> tempfile::TempDir {
    let t = minimal_site();
    let syllables = ["ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo"];
    let english = [
        "install",
        "installed",
        "installing",
        "installation",
        "settings",
        "certificate",
        "certificates",
    ];
    let accented = [
        "geïnstalleerd",
        "café",
        "naïve",
        "Ærøskøbing",
        "überprüfen",
        "ΟΔΟΣ",
        "οδός",
    ];
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = |n: usize| {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (state >> 33) as usize % n
    };
    for i in 0..helpsite::search::shards::HEAD + 50 {
        let mut text = String::new();
        for _ in 0..60 {
            let word: String = (0..2 + next(3)).map(|_| syllables[next(8)]).collect();
            text.push_str(&word);
            text.push(' ');
        }
        text.push_str(english[next(english.len())]);
        if i % 7 == 0 {
            text.push(' ');
            text.push_str(accented[next(accented.len())]);
        }
        write(
            t.path(),
            &format!("content/en/topic/page-{i}.md"),
            format!(
                "---\ntitle: Topic {i} {}\n---\n# Topic {i}\n\n{text}\n",
                english[i % english.len()]
            ),
        );
    }
    t
}

/// Queries for one index: words of its own vocabulary, whole, as
/// prefixes, inflected, and in twos and threes, and odd input.
fn queries(index: &helpsite::search::LocaleIndex) -> Vec<String> {
    let vocabulary: Vec<String> = select::whole(index).words.into_keys().collect();
    let step = (vocabulary.len() / 40).max(1);
    let picked: Vec<&String> = vocabulary.iter().step_by(step).collect();
    let mut out = Vec::new();
    for (i, w) in picked.iter().enumerate() {
        out.push(w.to_string());
        let chars: Vec<char> = w.chars().collect();
        for n in [1, 2, 3] {
            if chars.len() > n {
                out.push(chars[..n].iter().collect());
            }
        }
        out.push(format!("{w}ings"));
        out.push(w.to_uppercase());
        if let Some(v) = picked.get(i + 1) {
            out.push(format!("{w} {v}"));
            out.push(format!(
                "{v}, {}",
                &chars.iter().take(3).collect::<String>()
            ));
        }
        if let (Some(v), Some(x)) = (picked.get(i + 3), picked.get(i + 7)) {
            out.push(format!("{w} {v} {x}"));
        }
    }
    for odd in [
        "",
        " ",
        "a",
        "zzzzqx",
        "Geïnstalleerd",
        "GEINSTALLEERD",
        "cafe\u{301}",
        "naïve café",
        "ærøskøbing",
        "Überprüfen",
        "certificate certificate",
        "install-ing",
        "数据 证书",
        "🙂 certificate",
        "𝒜bcdefgh",
        "Ⓐbc",
        "x\u{200d}y",
        "1080p",
        "½",
        "İnstall",
        "topic",
        "Topic certificate",
        "top",
        "ΟΔΟΣ",
        "Οδός",
        "ὈΔΌΣ",
        // Stop words, alone and around words; "can't" gives the letter "t".
        "the",
        "where is the certificate",
        "can't install",
        "t",
        "het de een",
        "hoe installeer ik het certificaat",
        // Misspellings: a letter missing, one too many, two swapped.
        "certifcate",
        "settnigs",
        "installattion",
        "sertificate",
        // Compounds of words the index has, and with a linking "s".
        "certificatesettings",
        "installatiecertificaat",
        "topicsinstall",
        "settingscertificates",
    ] {
        out.push(odd.to_string());
    }
    out
}

/// Every built locale's index in `out`, with its top level's file name.
fn indexes(out: &Path) -> Vec<(String, String, helpsite::search::LocaleIndex)> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(out).unwrap() {
        let dir = entry.unwrap().path();
        let Some(top) = std::fs::read_dir(&dir).ok().and_then(|d| {
            d.filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .find(|n| n.starts_with("search-index.") && n.ends_with(".js"))
        }) else {
            continue;
        };
        let locale = dir.file_name().unwrap().to_string_lossy().into_owned();
        let index = select::from_disk(&locale, &dir, &top).unwrap();
        found.push((locale, top, index));
    }
    found.sort_by(|a, b| a.0.cmp(&b.0));
    found
}

#[test]
fn the_readers_search_finds_what_search_select_finds() {
    if !require_or_skip(
        "no node",
        node_runs(),
        "install Node (.ci/install-browser.sh installs it with Chromium)",
    ) {
        return;
    }
    let sample = sample_site();
    let large = many_pages();
    let mut cases = Vec::new();
    let mut expected = Vec::new();
    let built = tempfile::tempdir().unwrap();
    for (name, site) in [("sample", &sample), ("large", &large)] {
        let out = built.path().join(name);
        let o = run(&["build", "--out", out.to_str().unwrap()], site.path());
        assert!(o.status.success(), "{name}: {}", stderr(&o));
        for (locale, top, index) in indexes(&out) {
            let queries = queries(&index);
            // The type-ahead's best postings, and the search page's all.
            for (full, show) in [(false, select::SHOWN), (true, select::PAGE_SIZE)] {
                for q in &queries {
                    let query = if full {
                        select::run_page(&index, q)
                    } else {
                        select::run(&index, q)
                    };
                    let mut files: Vec<String> = query
                        .files
                        .into_iter()
                        .filter(|f| f != "search-index.js")
                        .collect();
                    files.sort();
                    let scored: Vec<Vec<&String>> = query
                        .scored
                        .iter()
                        .take(show)
                        .map(|s| s.iter().collect())
                        .collect();
                    expected.push(serde_json::json!({
                        "query": q, "results": query.results, "scored": scored, "files": files,
                    }));
                }
                cases.push(serde_json::json!({
                    "dir": out.join(&locale), "locale": locale, "top": top,
                    "full": full, "show": show, "queries": queries,
                }));
            }
        }
    }
    let loaded = |prefix: &str| {
        expected.iter().any(|e| {
            e["files"].as_array().unwrap().iter().any(|f| {
                f.as_str()
                    .unwrap()
                    .rsplit('/')
                    .next()
                    .unwrap()
                    .starts_with(prefix)
            })
        })
    };
    assert!(
        loaded("p") && loaded("x"),
        "some queries load heads and tails"
    );
    assert!(
        cases.len() >= 6,
        "sample en, nl and the large site's en, both ways"
    );
    let cases_file = built.path().join("cases.json");
    std::fs::write(&cases_file, serde_json::to_vec(&cases).unwrap()).unwrap();
    let o = Command::new("node")
        .arg(repo().join("tests/browser/search-core-check.mjs"))
        .arg(&cases_file)
        .output()
        .expect("run node");
    assert!(o.status.success(), "node: {}", stderr(&o));
    let found: Vec<serde_json::Value> = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(found.len(), expected.len());
    let differ: Vec<String> = found
        .iter()
        .zip(&expected)
        .filter(|(js, rust)| js != rust)
        .map(|(js, rust)| format!("js:   {js}\nrust: {rust}"))
        .collect();
    assert!(
        differ.is_empty(),
        "{} of {} queries differ:\n{}",
        differ.len(),
        expected.len(),
        differ.join("\n")
    );
}
