//! Writes through symlinks and predictable temporary names: nothing outside what the user named is ever written.

use super::*;

use std::os::unix::fs::symlink;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use helpsite::output::{Data, OutputFile, Sink, Staging};

const DEADLINE: Duration = Duration::from_secs(60);

/// `helpsite args…` in `cwd`, killed and failed if it runs past the deadline.
fn run_bounded(args: &[&str], cwd: &Path) -> Output {
    let mut child = Command::new(BIN)
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run helpsite");
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > DEADLINE {
            let _ = child.kill();
            let _ = child.wait();
            panic!("helpsite {args:?} still ran after {DEADLINE:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

fn is_symlink(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
}

/// A file outside every folder helpsite was told about, and its bytes.
fn victim(dir: &Path) -> (std::path::PathBuf, &'static [u8]) {
    let path = dir.join("victim.txt");
    let bytes: &[u8] = b"the victim's own bytes\n";
    std::fs::write(&path, bytes).unwrap();
    (path, bytes)
}

/// Links at every name the temporary files beside `target` had before
/// they were random: `.<name>.<tag>-<pid>-<n>`, numbered per process.
fn plant_at_old_temp_names(target: &Path, victim: &Path) {
    let name = target.file_name().unwrap().to_string_lossy().into_owned();
    for n in 0..64 {
        let at = target.with_file_name(format!(".{name}.helpsite-tmp-{}-{n}", std::process::id()));
        symlink(victim, at).unwrap();
    }
}

// ── Temporary files and the stamps beside the output ─────────────────────

#[test]
fn temporary_files_never_write_through_a_link_at_their_old_names() {
    let t = tempfile::tempdir().unwrap();
    let (victim, bytes) = victim(t.path());

    // The stamps of a build, saved beside the output when it is swapped in.
    let out = t.path().join("public");
    symlink(
        &victim,
        t.path().join(format!(".public.tmp-{}", std::process::id())),
    )
    .unwrap();
    let staging = Staging::begin(&out).unwrap();
    staging
        .put(OutputFile {
            path: "a.html".into(),
            data: Data::Bytes(b"<p>a</p>".to_vec()),
        })
        .unwrap();
    staging.commit().unwrap().now();
    let stamps = t.path().join(".public.helpsite-stamps");
    assert!(!is_symlink(&stamps), "the stamps file is a link");
    assert!(std::fs::read_to_string(&stamps)
        .unwrap()
        .ends_with(" a.html\n"));

    // The zip of `build --zip`.
    let zip = t.path().join("site.zip");
    plant_at_old_temp_names(&zip, &victim);
    let files = [OutputFile {
        path: "a.html".into(),
        data: Data::Bytes(b"<p>a</p>".to_vec()),
    }];
    helpsite::offline::write_zip(&zip, "site", &files).unwrap();
    assert!(!is_symlink(&zip));
    assert!(helpsite::output::is_helpsite_zip(&zip));

    // A source that `check --fix` or an `l10n` command replaces.
    let page = t.path().join("page.md");
    std::fs::write(&page, "# Old\n").unwrap();
    plant_at_old_temp_names(&page, &victim);
    helpsite::output::replace_file(&page, b"# New\n").unwrap();
    assert!(!is_symlink(&page));
    assert_eq!(std::fs::read(&page).unwrap(), b"# New\n");

    assert_eq!(std::fs::read(&victim).unwrap(), bytes);
}

#[test]
fn a_symlink_at_the_lock_file_is_refused_and_its_target_never_created() {
    let t = minimal_site();
    let outside = tempfile::tempdir().unwrap();
    let nologin = outside.path().join("nologin");
    symlink(&nologin, t.path().join(".public.helpsite-lock")).unwrap();
    let o = run_bounded(&["build"], t.path());
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains(".public.helpsite-lock is a symlink to") && err.contains("nologin"),
        "{err}"
    );
    assert!(!nologin.exists(), "the link's target was created");
    assert!(!t.path().join("public").exists());
}

#[test]
fn a_file_at_a_staging_folders_name_does_not_stop_the_build() {
    let t = minimal_site();
    write(t.path(), ".public.helpsite-new-1", "not a folder");
    let o = run_bounded(&["build"], t.path());
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(t.path().join("public/en/index.html").is_file());
}
