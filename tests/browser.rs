//! Runs the browser tests (tests/browser/*.test.mjs, Node's test runner with
//! playwright-core driving Debian's Chromium) against this build's binary.
//! Without Chromium or Node they are skipped with a message, except in CI
//! (`CI=true`), where a missing browser is a failure.

use std::path::{Path, PathBuf};
use std::process::Command;

fn chromium() -> PathBuf {
    std::env::var_os("CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"))
}

fn has_node() -> bool {
    Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Skips outside CI; fails in CI, where the browser must be installed.
fn unavailable(why: &str) {
    if std::env::var("CI").as_deref() == Ok("true") {
        panic!("browser tests cannot run in CI: {why}; .ci/install-browser.sh should have installed it");
    }
    eprintln!("skipping browser tests: {why} (run .ci/install-browser.sh)");
}

#[test]
fn browser_tests_pass_in_chromium() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser");
    if !chromium().exists() {
        return unavailable(&format!("no Chromium at {}", chromium().display()));
    }
    if !has_node() {
        return unavailable("no node");
    }
    if !dir
        .join("node_modules/playwright-core/package.json")
        .exists()
    {
        let o = Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
            .current_dir(&dir)
            .env("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
            .output();
        if !o.as_ref().is_ok_and(|o| o.status.success()) {
            let detail = o
                .map(|o| String::from_utf8_lossy(&o.stderr).into_owned())
                .unwrap_or_else(|e| e.to_string());
            return unavailable(&format!("npm ci failed in tests/browser: {detail}"));
        }
    }
    let o = Command::new("node")
        .args(["--test", "--test-concurrency=1", "--test-reporter=spec"])
        .arg("offline.test.mjs")
        .current_dir(&dir)
        .env("HELPSITE_BIN", env!("CARGO_BIN_EXE_helpsite"))
        .env("CHROMIUM", chromium())
        .output()
        .expect("run node");
    let out = String::from_utf8_lossy(&o.stdout);
    let err = String::from_utf8_lossy(&o.stderr);
    eprintln!("{out}{err}");
    assert!(o.status.success(), "browser tests failed (output above)");
    assert!(
        out.contains("pass 5") || out.contains("ℹ pass 5"),
        "all five browser tests ran:\n{out}"
    );
}
