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

// ── Commands that write a source ──────────────────────────────────────────

/// A site whose Dutch page is a link to the English one: discovery accepts
/// it, since it stays inside the site.
fn site_with_linked_translation() -> tempfile::TempDir {
    let t = minimal_site();
    write(
        t.path(),
        "content/en/page.md",
        "---\ntitle: Page\n---\n# Page\n\nOpen the settings.\n",
    );
    write(t.path(), "content/nl/index.md", "# Start\n");
    symlink("../en/page.md", t.path().join("content/nl/page.md")).unwrap();
    t
}

#[test]
fn import_refuses_a_translation_that_is_a_symlink_and_writes_nothing() {
    let t = site_with_linked_translation();
    let root = t.path();
    let english = std::fs::read(root.join("content/en/page.md")).unwrap();
    let xlf = root.join("nl.xlf");
    let o = run_bounded(
        &[
            "l10n",
            "export",
            "--locale",
            "nl",
            "--status",
            "untracked",
            "--out",
            "nl.xlf",
        ],
        root,
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let exported = std::fs::read_to_string(&xlf).unwrap();
    let source = r#"<source xml:space="preserve">Open the settings.</source>"#;
    assert!(exported.contains(source), "{exported}");
    let translated = exported.replace(
        source,
        &format!("{source}\n        <target xml:space=\"preserve\">Open de instellingen.</target>"),
    );
    std::fs::write(&xlf, translated).unwrap();
    let o = run_bounded(&["l10n", "import", "nl.xlf"], root);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("not writing content/nl/page.md: it is a symlink to `../en/page.md`"),
        "{err}"
    );
    assert!(!err.contains("wrote content/nl/page.md"), "{err}");
    assert_eq!(
        std::fs::read(root.join("content/en/page.md")).unwrap(),
        english
    );
    assert!(is_symlink(&root.join("content/nl/page.md")));
}

#[test]
fn mark_current_refuses_a_translation_that_is_a_symlink() {
    let t = site_with_linked_translation();
    let root = t.path();
    let english = std::fs::read(root.join("content/en/page.md")).unwrap();
    let o = run_bounded(&["l10n", "mark-current", "--locale", "nl", "page.md"], root);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("not writing content/nl/page.md: it is a symlink to `../en/page.md`"),
        "{err}"
    );
    assert_eq!(
        std::fs::read(root.join("content/en/page.md")).unwrap(),
        english
    );
}

#[test]
fn add_refuses_a_translation_whose_folder_is_a_symlink() {
    let t = minimal_site();
    let root = t.path();
    write(root, "content/en/docs/page.md", "# Page\n");
    write(root, "content/nl/index.md", "# Start\n");
    std::fs::create_dir_all(root.join("drafts")).unwrap();
    symlink("../../drafts", root.join("content/nl/docs")).unwrap();
    let o = run_bounded(&["l10n", "add", "--locale", "nl", "docs/page.md"], root);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains(
            "not writing content/nl/docs/page.md: it lies in content/nl/docs, a symlink to `../../drafts`"
        ),
        "{err}"
    );
    assert!(!root.join("drafts/page.md").exists());
}

// ── Files named on the command line, and the output folder ───────────────

#[test]
fn a_report_or_handoff_named_through_a_symlink_is_refused() {
    let t = site_with_linked_translation();
    let root = t.path();
    let outside = tempfile::tempdir().unwrap();
    // Files helpsite wrote elsewhere, so only the link stands in the way.
    let report = outside.path().join("status.txt");
    let o = run_bounded(&["l10n", "status", "--out", report.to_str().unwrap()], root);
    assert!(o.status.success(), "{}", stderr(&o));
    let handoff = outside.path().join("nl.xlf");
    let o = run_bounded(
        &[
            "l10n",
            "export",
            "--locale",
            "nl",
            "--out",
            handoff.to_str().unwrap(),
        ],
        root,
    );
    assert!(o.status.success(), "{}", stderr(&o));
    std::fs::write(
        &report,
        std::fs::read_to_string(&report).unwrap() + "mine\n",
    )
    .unwrap();
    std::fs::write(
        &handoff,
        std::fs::read_to_string(&handoff).unwrap() + "<!-- mine -->\n",
    )
    .unwrap();
    let report_bytes = std::fs::read(&report).unwrap();
    let handoff_bytes = std::fs::read(&handoff).unwrap();
    symlink(&report, root.join("status.txt")).unwrap();
    symlink(&handoff, root.join("nl.xlf")).unwrap();

    let o = run_bounded(&["l10n", "status", "--out", "status.txt"], root);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("refusing to write to status.txt: it is a symlink to"),
        "{err}"
    );
    let o = run_bounded(
        &["l10n", "export", "--locale", "nl", "--out", "nl.xlf"],
        root,
    );
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("refusing to write to nl.xlf: it is a symlink to"),
        "{err}"
    );

    assert_eq!(std::fs::read(&report).unwrap(), report_bytes);
    assert_eq!(std::fs::read(&handoff).unwrap(), handoff_bytes);
}

#[test]
fn an_output_folder_that_is_a_symlink_is_refused() {
    let t = minimal_site();
    let outside = tempfile::tempdir().unwrap();
    let elsewhere = outside.path().join("www");
    std::fs::create_dir(&elsewhere).unwrap();
    // The default `--out`, committed as a link.
    symlink(&elsewhere, t.path().join("public")).unwrap();
    let o = run_bounded(&["build"], t.path());
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("it is a symlink to"), "{err}");
    let written: Vec<_> = std::fs::read_dir(outside.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert_eq!(written, ["www"], "written beside the link's target");
    assert_eq!(std::fs::read_dir(&elsewhere).unwrap().count(), 0);
}

#[test]
fn a_file_at_a_staging_folders_name_does_not_stop_the_build() {
    let t = minimal_site();
    write(t.path(), ".public.helpsite-new-1", "not a folder");
    let o = run_bounded(&["build"], t.path());
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(t.path().join("public/en/index.html").is_file());
}
