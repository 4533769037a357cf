//! Shared helpers for the integration tests: temporary site copies, running
//! the binary, and walking the HTML it writes.

mod fixtures;
pub mod xliff_core;

pub use fixtures::*;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub const BIN: &str = env!("CARGO_BIN_EXE_helpsite");

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A temporary copy of the bundled sample site.
pub fn sample_site() -> tempfile::TempDir {
    let t = tempfile::tempdir().unwrap();
    copy_sample_site(t.path());
    t
}

/// Copies the bundled sample site's sources into `to`.
pub fn copy_sample_site(to: &Path) {
    for part in ["content", "templates", "locales", "static"] {
        copy_dir(&repo().join(part), &to.join(part));
    }
    std::fs::copy(repo().join("site.toml"), to.join("site.toml")).unwrap();
}

pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

pub fn run(args: &[&str], cwd: &Path) -> Output {
    Command::new(BIN)
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("run helpsite")
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Whether this run is CI's (`CI=true`, or `CI=1`): there every
/// prerequisite of the suite must be installed, and a missing one fails.
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v.eq_ignore_ascii_case("true") || v == "1")
}

/// For a test that needs something outside the repository (Chromium, Node,
/// the corpus in `../shared`): true when `available`, so the real check
/// runs. Otherwise the test is skipped, and says so where a person sees it:
/// one line `SKIPPED <test>: <what>; <how to enable>` on stderr, written
/// past libtest's output capture, so that it shows in a plain `cargo test`.
/// Under CI the missing prerequisite is a failure that names it instead.
#[track_caller]
pub fn require_or_skip(what: &str, available: bool, how_to_enable: &str) -> bool {
    if available {
        return true;
    }
    let thread = std::thread::current();
    let test = thread.name().unwrap_or("a test");
    if in_ci() {
        panic!("{test}: missing prerequisite under CI=true: {what}; {how_to_enable}");
    }
    use std::io::Write;
    let _ = writeln!(
        std::io::stderr().lock(),
        "SKIPPED {test}: {what}; {how_to_enable}"
    );
    false
}

/// `../shared` beside this checkout: the real corpus and its tools.
pub fn shared() -> PathBuf {
    repo().join("../shared")
}

/// Every `.html` file under `dir`, relative path → contents.
pub fn html_files(dir: &Path) -> BTreeMap<String, String> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            (rel, std::fs::read_to_string(e.path()).unwrap())
        })
        .collect()
}

/// Every file under `dir` with its bytes, to compare trees.
pub fn snapshot_tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path()
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

/// Ids and `<a name>`s in a document: what a `#fragment` can reach.
pub fn anchors(html: &scraper::Html) -> Vec<String> {
    let sel = scraper::Selector::parse("[id], a[name]").unwrap();
    html.select(&sel)
        .flat_map(|e| [e.value().attr("id"), e.value().attr("name")])
        .flatten()
        .map(str::to_string)
        .collect()
}

pub fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            if let Ok(v) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Follows every relative `href`/`src` in every page of `out`; returns the
/// ones that lead nowhere (missing file or missing fragment). Only the 404
/// pages may use root-absolute URLs (a host serves them at any depth), and
/// only under the site's `base_path`.
pub fn dead_links(out: &Path, base_path: &str) -> Vec<String> {
    let files = html_files(out);
    let parsed: BTreeMap<&String, scraper::Html> = files
        .iter()
        .map(|(k, v)| (k, scraper::Html::parse_document(v)))
        .collect();
    let sel = scraper::Selector::parse("a[href], img[src], link[href], script[src]").unwrap();
    let mut dead = Vec::new();
    for (page, doc) in &parsed {
        let dir = Path::new(page.as_str()).parent().unwrap_or(Path::new(""));
        for el in doc.select(&sel) {
            let url = el.value().attr("href").or(el.value().attr("src")).unwrap();
            if url.contains("://") || url.starts_with("mailto:") || url.starts_with("//") {
                continue;
            }
            let is_404 = page.as_str() == "404.html" || page.ends_with("/404.html");
            let (dir, url) = match url.strip_prefix(base_path) {
                Some(rest) if is_404 => (Path::new(""), rest),
                _ if url.starts_with('/') => {
                    dead.push(format!("{page}: root-absolute URL {url}"));
                    continue;
                }
                _ => (dir, url),
            };
            let (path, fragment) = match url.split_once('#') {
                Some((p, f)) => (p, Some(f)),
                None => (url, None),
            };
            let path = path.split('?').next().unwrap();
            let target = if path.is_empty() {
                page.to_string()
            } else {
                normalize(&dir.join(percent_decode(path)))
            };
            if !out.join(&target).is_file() {
                dead.push(format!("{page}: {url} → missing {target}"));
                continue;
            }
            if let (Some(f), Some(doc)) = (fragment, parsed.get(&target)) {
                if !f.is_empty() && !anchors(doc).iter().any(|a| a == &percent_decode(f)) {
                    dead.push(format!("{page}: {url} → no #{f} in {target}"));
                }
            }
        }
    }
    dead
}

fn normalize(p: &Path) -> String {
    let mut parts: Vec<String> = Vec::new();
    for c in p.components() {
        match c {
            std::path::Component::ParentDir => {
                parts.pop();
            }
            std::path::Component::Normal(s) => parts.push(s.to_string_lossy().into_owned()),
            _ => {}
        }
    }
    parts.join("/")
}

/// A minimal front matter reader, independent of the product's YAML code:
/// `key: value` lines between the `---` fences.
pub fn front_matter_lines(md: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let mut lines = md.trim_start_matches('\u{feff}').split(['\n', '\r']);
    if lines.next().map(str::trim) != Some("---") {
        return out;
    }
    for line in lines {
        if line.trim() == "---" {
            break;
        }
        if let Some((k, v)) = line.split_once(':') {
            out.insert(k.trim().to_string(), v.trim().to_string());
        }
    }
    out
}

/// Polls `found` until it gives a value, failing with `what` (and how long
/// it waited) once `within` has passed. For outputs that appear when a
/// background rebuild has finished.
pub fn eventually<T>(
    within: std::time::Duration,
    what: impl Fn() -> String,
    mut found: impl FnMut() -> Option<T>,
) -> T {
    let deadline = std::time::Instant::now() + within;
    loop {
        if let Some(v) = found() {
            return v;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "not within {within:?}: {}",
            what()
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

/// Writes `rel` under `root`, creating its folders.
pub fn write(root: &Path, rel: &str, text: impl AsRef<[u8]>) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// A minimal valid site: one English page.
pub fn minimal_site() -> tempfile::TempDir {
    let t = tempfile::tempdir().unwrap();
    write(
        t.path(),
        "site.toml",
        "title = \"T\"\ndefault_locale = \"en\"\n",
    );
    write(t.path(), "content/en/index.md", "# Home\n");
    t
}

/// Runs git in `dir` with a fixed author and date, so commits (and the
/// staleness read from them) are the same on every run; its trimmed output.
pub fn git(dir: &Path, args: &[&str]) -> String {
    let o = std::process::Command::new("git")
        .args(["-c", "user.name=Docs", "-c", "user.email=docs@example.com"])
        .args(args)
        .current_dir(dir)
        .env("GIT_COMMITTER_DATE", "2017-02-01T10:00:00Z")
        .env("GIT_AUTHOR_DATE", "2017-02-01T10:00:00Z")
        .output()
        .expect("git runs");
    assert!(o.status.success(), "git {args:?}: {}", stderr(&o));
    String::from_utf8(o.stdout).unwrap().trim().to_string()
}

/// Whether a `git` program is installed.
pub fn has_git() -> bool {
    std::process::Command::new("git")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}
