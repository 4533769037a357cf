//! The relevance benchmark's scorer (`bench/relevance/score.mjs`), its
//! helpsite part only, on the sample site: a few queries a reader might
//! type, each with the page that answers it, and that page among the first
//! three results of the type-ahead and of the search page. It keeps the
//! scorer working on what the build writes (the index format, the page
//! shards' addresses), so the benchmark can be rerun whenever the ranking
//! changes. No Pagefind and no timing here; without Node it is skipped
//! with one line, and under `CI=true` it fails.

use crate::support::*;
use std::process::Command;

/// locale, query, the page that answers it: none of the queries is a page
/// title, and the Dutch ones use a form the pages do not ("geinstalleerd").
const QUERIES: &[(&str, &str, &str)] = &[
    (
        "en",
        "company wifi network",
        "en/connect-to-company-wifi.html",
    ),
    (
        "en",
        "preinstalled certificate",
        "en/your-device-is-missing-a-preinstalled-certificate-android.html",
    ),
    (
        "en",
        "certificate your IT admin requires",
        "en/your-device-is-missing-an-IT-required-certificate-android.html",
    ),
    (
        "nl",
        "wifi van mijn werk",
        "nl/connect-to-company-wifi.html",
    ),
    (
        "nl",
        "vooraf geinstalleerd certificaat",
        "nl/your-device-is-missing-a-preinstalled-certificate-android.html",
    ),
    (
        "nl",
        "certificaat dat de IT-beheerder vereist",
        "nl/your-device-is-missing-an-IT-required-certificate-android.html",
    ),
];

fn node_runs() -> bool {
    Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn the_scorer_finds_each_sample_answer_in_the_top_three() {
    if !require_or_skip(
        "no node",
        node_runs(),
        "install Node (.ci/install-browser.sh installs it with Chromium)",
    ) {
        return;
    }
    let site = sample_site();
    let work = tempfile::tempdir().unwrap();
    let out = work.path().join("out");
    let o = run(&["build", "--out", out.to_str().unwrap()], site.path());
    assert!(o.status.success(), "build: {}", stderr(&o));
    let sets = work.path().join("sample.tsv");
    let lines: String = QUERIES
        .iter()
        .map(|(locale, query, target)| format!("{locale}\t{query}\t{target}\n"))
        .collect();
    std::fs::write(&sets, lines).unwrap();

    let o = Command::new("node")
        .arg(repo().join("bench/relevance/score.mjs"))
        .args(["--built", out.to_str().unwrap()])
        .args(["--sets", sets.to_str().unwrap()])
        .args(["--engines", "helpsite", "--json"])
        .output()
        .expect("run node");
    assert!(o.status.success(), "score.mjs: {}", stderr(&o));
    let scored: Vec<serde_json::Value> = serde_json::from_slice(&o.stdout).unwrap();
    // Each query once as the type-ahead ranks it, once as the search page.
    assert_eq!(scored.len(), 2 * QUERIES.len(), "{scored:?}");
    let missed: Vec<String> = scored
        .iter()
        .filter(|r| r["rank"].as_u64().is_none_or(|rank| rank > 3))
        .map(|r| {
            format!(
                "{}: {} ({}): rank {}",
                r["engine"], r["query"], r["locale"], r["rank"]
            )
        })
        .collect();
    assert!(
        missed.is_empty(),
        "not in the top 3:\n{}",
        missed.join("\n")
    );
}
