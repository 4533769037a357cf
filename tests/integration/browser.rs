//! Runs the browser tests (tests/browser/*.test.mjs, Node's test runner with
//! playwright-core driving Debian's Chromium) against this build's binary.
//!
//! They need Chromium, Node ≥ 20 and the npm package in
//! tests/browser/node_modules, all installed by `.ci/install-browser.sh`
//! (the npm part alone: `npm ci --prefix tests/browser`). The test installs
//! nothing itself and needs no network. When something is missing it prints
//! one SKIPPED line naming it; under `CI=true` that is a failure.

use crate::support;

use std::path::{Path, PathBuf};
use std::process::Command;

// hosting.test.mjs is not here: it needs the nginx that hosting.rs starts.
const BROWSER_TESTS: &[&str] = &[
    "offline.test.mjs",
    "theme.test.mjs",
    "tabs.test.mjs",
    "addresses.test.mjs",
    "docfx-classes.test.mjs",
    "landing.test.mjs",
    "search.test.mjs",
    "page-steady.test.mjs",
    "axe-pages.test.mjs",
    "first-visit.test.mjs",
    "site-name.test.mjs",
    "print.test.mjs",
    "pictures.test.mjs",
];

fn chromium() -> PathBuf {
    std::env::var_os("CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"))
}

/// Node's major version, when `node` runs.
fn node_major() -> Option<u32> {
    let o = Command::new("node").arg("--version").output().ok()?;
    if !o.status.success() {
        return None;
    }
    let v = String::from_utf8_lossy(&o.stdout);
    v.trim()
        .trim_start_matches('v')
        .split('.')
        .next()?
        .parse()
        .ok()
}

/// What the browser tests need and this machine lacks.
fn missing(dir: &Path) -> Vec<String> {
    let mut missing = Vec::new();
    if !chromium().is_file() {
        missing.push(format!("no Chromium at {}", chromium().display()));
    }
    match node_major() {
        None => missing.push("no node".to_string()),
        Some(v) if v < 20 => missing.push(format!("node {v} is older than 20")),
        Some(_) => {}
    }
    // Every package the tests declare, so a checkout that installed an
    // older set is told, not failed.
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("package.json")).unwrap()).unwrap();
    for name in manifest["devDependencies"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(n, _)| n)
    {
        if !dir
            .join("node_modules")
            .join(name)
            .join("package.json")
            .is_file()
        {
            missing.push(format!("no {name} in tests/browser/node_modules"));
        }
    }
    missing
}

/// The number of `test(...)` cases in the browser test files, so the check
/// below that all of them passed follows the files.
fn declared_tests(dir: &Path) -> usize {
    BROWSER_TESTS
        .iter()
        .map(|f| {
            std::fs::read_to_string(dir.join(f))
                .unwrap()
                .lines()
                .filter(|l| l.trim_start().starts_with("test(\""))
                .count()
        })
        .sum()
}

/// The count after `ℹ <what> ` in the spec reporter's summary.
fn summary(out: &str, what: &str) -> Option<usize> {
    let key = format!("ℹ {what} ");
    out.lines()
        .find_map(|l| l.trim().strip_prefix(&key)?.trim().parse().ok())
}

#[test]
fn browser_tests_pass_in_chromium() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser");
    let missing = missing(&dir);
    if !support::require_or_skip(
        &missing.join(", "),
        missing.is_empty(),
        "run .ci/install-browser.sh (as root: Debian chromium, nodejs, npm, then the npm \
         package), or only `npm ci --prefix tests/browser` when Chromium and Node are there",
    ) {
        return;
    }
    let o = Command::new("node")
        .args(["--test", "--test-concurrency=1", "--test-reporter=spec"])
        .args(BROWSER_TESTS)
        .current_dir(&dir)
        .env("HELPSITE_BIN", env!("CARGO_BIN_EXE_helpsite"))
        .env("CHROMIUM", chromium())
        .output()
        .expect("run node");
    let out = String::from_utf8_lossy(&o.stdout);
    let err = String::from_utf8_lossy(&o.stderr);
    eprintln!("{out}{err}");
    assert!(o.status.success(), "browser tests failed (output above)");
    let declared = declared_tests(&dir);
    assert!(
        declared >= 12,
        "{declared} tests found in {BROWSER_TESTS:?}"
    );
    assert_eq!(
        (summary(&out, "pass"), summary(&out, "skipped")),
        (Some(declared), Some(0)),
        "all {declared} browser tests ran and passed:\n{out}"
    );
}
