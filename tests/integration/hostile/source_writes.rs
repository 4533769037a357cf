//! Writes through symlinks and predictable temporary names: nothing outside what the user named is ever written.

use super::*;

use std::os::unix::fs::symlink;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use helpsite::output::{Data, OutputFile, Sink, Staging};

const DEADLINE: Duration = Duration::from_secs(60);

/// `helpsite args…` in `cwd`, killed and failed if it runs past the deadline.
pub(super) fn run_bounded(args: &[&str], cwd: &Path) -> Output {
    run_within(args, cwd, DEADLINE)
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

// ── serve: an edit that turns a file into a link out of the site ─────────

use std::io::{BufRead, BufReader, Read, Write};
use std::process::Child;

struct Server {
    child: Child,
    port: u16,
    /// The base path pages are served under, ending in `/`.
    base: String,
    stderr: Arc<std::sync::Mutex<String>>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    fn start(root: &Path) -> Server {
        let mut child = Command::new(BIN)
            .args(["serve", "--port", "0", "--root"])
            .arg(root)
            .env("NO_COLOR", "1")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stderr = Arc::new(std::sync::Mutex::new(String::new()));
        let mut err = child.stderr.take().unwrap();
        let sink = stderr.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = err.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock()
                    .unwrap()
                    .push_str(&String::from_utf8_lossy(&buf[..n]));
            }
        });
        // The first line names the address; read on a thread, so a server
        // that never prints one fails the test instead of hanging it.
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut line = String::new();
            let _ = BufReader::new(stdout).read_line(&mut line);
            let _ = tx.send(line);
        });
        let mut server = Server {
            child,
            port: 0,
            base: String::new(),
            stderr,
        };
        let line = rx.recv_timeout(DEADLINE).unwrap_or_default();
        let address = line
            .split_whitespace()
            .find_map(|w| w.strip_prefix("http://"))
            .and_then(|rest| {
                let (authority, base) = rest.split_at(rest.find('/')?);
                Some((
                    authority.rsplit_once(':')?.1.parse().ok()?,
                    base.to_string(),
                ))
            });
        (server.port, server.base) =
            address.unwrap_or_else(|| panic!("no address in {line:?}: {}", server.stderr()));
        server
    }

    fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    /// The reply to a GET of `rel`, relative to the base path.
    fn get(&self, rel: &str) -> String {
        let mut stream = std::net::TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        stream.set_read_timeout(Some(DEADLINE)).unwrap();
        write!(
            stream,
            "GET {}{rel} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\n\r\n",
            self.base, self.port
        )
        .unwrap();
        let mut reply = Vec::new();
        let _ = stream.read_to_end(&mut reply);
        String::from_utf8_lossy(&reply).into_owned()
    }

    /// Waits until `done` holds of stderr, or fails with it.
    fn wait_for(&self, what: &str, done: impl Fn(&str) -> bool) {
        let start = Instant::now();
        while !done(&self.stderr()) {
            assert!(
                start.elapsed() < DEADLINE,
                "{what}; stderr: {}",
                self.stderr()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

#[test]
fn serve_applies_the_symlink_rule_to_a_file_replaced_by_a_link() {
    let t = tempfile::tempdir().unwrap();
    let root = t.path().join("site");
    let outside = t.path().join("outside");
    std::fs::create_dir(&outside).unwrap();
    std::fs::write(outside.join("secret.md"), "TOP-SECRET-TEXT\n").unwrap();
    write(
        &root,
        "site.toml",
        "title = \"T\"\ndefault_locale = \"en\"\n",
    );
    write(&root, "content/en/index.md", "# Home\n");
    write(&root, "content/en/includes/note.md", "Shared note one.\n");
    write(
        &root,
        "content/en/uses.md",
        "# Uses\n\n[!INCLUDE[note](includes/note.md)]\n",
    );
    let root = root.canonicalize().unwrap();
    let server = Server::start(&root);
    assert!(server.get("en/uses.html").contains("Shared note one."));

    let note = root.join("content/en/includes/note.md");
    std::fs::remove_file(&note).unwrap();
    symlink(outside.join("secret.md"), &note).unwrap();
    server.wait_for("the link out of the site is not refused", |err| {
        err.contains("content/en/includes/note.md: error") && err.contains("[path-escape]")
    });
    // The build that refuses the link fails, so the page stays as it was.
    let page = server.get("en/uses.html");
    assert!(page.starts_with("HTTP/1.1 200"), "{page}");
    assert!(!page.contains("TOP-SECRET-TEXT"), "{page}");
}

#[test]
fn serve_keeps_rebuilding_after_a_page_is_replaced_by_a_named_pipe() {
    let t = tempfile::tempdir().unwrap();
    let root = t.path().join("site");
    write(
        &root,
        "site.toml",
        "title = \"T\"\ndefault_locale = \"en\"\n",
    );
    write(&root, "content/en/index.md", "# Home\n");
    write(&root, "content/en/pipe.md", "# Pipe\n\nA plain page.\n");
    write(&root, "content/en/other.md", "# Other\n\nFirst text.\n");
    let root = root.canonicalize().unwrap();
    let server = Server::start(&root);
    assert!(server.get("en/other.html").contains("First text."));

    // Reading a named pipe waits for a writer that never comes: the reload
    // must not open it for a blocking read. Like a fresh build's discovery,
    // it treats the pipe as no page at all.
    let pipe = root.join("content/en/pipe.md");
    std::fs::remove_file(&pipe).unwrap();
    let status = Command::new("mkfifo").arg(&pipe).status().unwrap();
    assert!(status.success(), "mkfifo failed");
    server.wait_for("no rebuild after the page became a pipe", |err| {
        err.matches("built ").count() >= 2
    });
    assert!(server.get("en/pipe.html").starts_with("HTTP/1.1 404"));

    // The rebuild thread is still alive: a later edit shows.
    write(&root, "content/en/other.md", "# Other\n\nSecond text.\n");
    let start = Instant::now();
    loop {
        if server.get("en/other.html").contains("Second text.") {
            break;
        }
        assert!(
            start.elapsed() < DEADLINE,
            "an edit after the pipe never showed; stderr: {}",
            server.stderr()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}
