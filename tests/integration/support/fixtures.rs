//! Fixtures made once per test run and shared: the site made from the real
//! corpus, the corpus and the sample site built. Tests only read them; a
//! test that changes a site takes its own copy (`corpus_site`,
//! `sample_site`).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use super::{copy_dir, copy_sample_site, repo, require_or_skip, run, shared, stderr};

/// The run's folder for shared fixtures. A `static` is never dropped, so a
/// `TempDir` kept in one would stay behind: the folder is removed when the
/// test process exits instead.
static RUN_DIR: OnceLock<PathBuf> = OnceLock::new();

extern "C" {
    /// The C library's `atexit`: `remove_run_dir` runs when the process exits,
    /// after libtest has reported, whether tests failed or not.
    fn atexit(callback: extern "C" fn()) -> std::ffi::c_int;
}

extern "C" fn remove_run_dir() {
    if let Some(dir) = RUN_DIR.get() {
        let _ = std::fs::remove_dir_all(dir);
    }
}

fn run_dir() -> &'static Path {
    RUN_DIR.get_or_init(|| {
        let dir = tempfile::Builder::new()
            .prefix("helpsite-fixtures-")
            .tempdir()
            .unwrap()
            .keep();
        // SAFETY: `atexit` takes any function without arguments; this one
        // only removes the folder made here.
        unsafe { atexit(remove_run_dir) };
        dir
    })
}

/// A new, empty folder `name` for a shared fixture, under the run's folder.
/// A fixture whose making panicked is made again by the next test that asks
/// for it, in a clean folder.
pub fn fixture_dir(name: &str) -> PathBuf {
    let dir = run_dir().join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir(&dir).unwrap();
    dir
}

/// A site built once, with what the build printed and returned.
pub struct Built {
    /// The folder the build ran in.
    pub dir: PathBuf,
    pub build: Output,
}

/// Whether the real corpus is in `../shared`; if not, the calling test has
/// printed its SKIPPED line (or failed, under CI).
fn corpus_available() -> bool {
    let script = shared().join("bench/make-site.py");
    let corpus = shared().join("corpus/intune-enduser-2017");
    require_or_skip(
        &format!("no real corpus at {}", corpus.display()),
        script.is_file() && corpus.is_dir(),
        "put the shared test material in ../shared next to this checkout",
    )
}

/// A folder whose `site/` is the site `make-site.py` makes from the real
/// corpus in `../shared`, made once per run: only to read. `None`, after a
/// SKIPPED line, when the corpus is absent.
pub fn corpus_source() -> Option<&'static Path> {
    static MADE: OnceLock<PathBuf> = OnceLock::new();
    if !corpus_available() {
        return None;
    }
    Some(MADE.get_or_init(|| {
        let dir = fixture_dir("corpus");
        let out = dir.join("site");
        let made = Command::new("python3")
            .arg(shared().join("bench/make-site.py"))
            .args([
                "--project",
                repo().to_str().unwrap(),
                "--out",
                out.to_str().unwrap(),
            ])
            .output()
            .expect("python3 runs make-site.py");
        assert!(made.status.success(), "{}", stderr(&made));
        dir
    }))
}

/// A temporary folder whose `site/` is a copy of the corpus site, for a
/// test that writes into it; `None`, after a SKIPPED line, when the corpus
/// is absent.
pub fn corpus_site() -> Option<tempfile::TempDir> {
    let source = corpus_source()?;
    let t = tempfile::tempdir().unwrap();
    copy_dir(&source.join("site"), &t.path().join("site"));
    Some(t)
}

/// The corpus site built once per run with `build --keep-going` into its
/// `site/public` (the corpus has errors, so without it nothing is written).
pub fn corpus_built() -> Option<&'static Built> {
    static BUILT: OnceLock<Built> = OnceLock::new();
    let source = corpus_source()?;
    Some(BUILT.get_or_init(|| {
        let dir = fixture_dir("corpus-built");
        let root = dir.join("site");
        copy_dir(&source.join("site"), &root);
        let build = run(
            &["build", "--root", root.to_str().unwrap(), "--keep-going"],
            &dir,
        );
        Built { dir, build }
    }))
}

/// The bundled sample site built once per run with a plain `build`, which
/// must succeed; the site is the `Built`'s `dir`, its output `dir/public`.
pub fn sample_built() -> &'static Built {
    static BUILT: OnceLock<Built> = OnceLock::new();
    BUILT.get_or_init(|| {
        let dir = fixture_dir("sample-built");
        copy_sample_site(&dir);
        let build = run(&["build"], &dir);
        assert!(build.status.success(), "build failed: {}", stderr(&build));
        Built { dir, build }
    })
}
