//! One folder per locale, wherever it lies (`[locales.nl] content = "…"`):
//! an en tree and an nl tree in repositories of their own build the same
//! site as the same trees under `content/<locale>/`, byte for byte, and
//! `l10n status`, `l10n diff`, XLIFF and `check` work on them the same way,
//! naming files where the writer finds them.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::*;
use serde_json::Value;

fn helpsite(root: &Path, args: &[&str]) -> std::process::Output {
    let mut all: Vec<&str> = args.to_vec();
    all.extend(["--root", root.to_str().unwrap()]);
    run(&all, root)
}

/// Copies a folder keeping each file's modification time: a copied file's
/// version in `sw.js` comes from its size and time, so the same time is
/// what makes the two builds' bytes comparable.
fn copy_keeping_times(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
            let modified = entry.metadata().unwrap().modified().unwrap();
            std::fs::File::options()
                .write(true)
                .open(&target)
                .unwrap()
                .set_modified(modified)
                .unwrap();
        }
    }
}

/// `to` relative to the folder `from` (both absolute), through `..`.
fn relative(from: &Path, to: &Path) -> String {
    let (from, to) = (from.canonicalize().unwrap(), to.canonicalize().unwrap());
    let common = from
        .components()
        .zip(to.components())
        .take_while(|(a, b)| a == b)
        .count();
    let up = from.components().count() - common;
    let mut rel: Vec<String> = vec!["..".into(); up];
    rel.extend(
        to.components()
            .skip(common)
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    rel.join("/")
}

/// Every file under `dir` with its length and modification time: what
/// shows that a command wrote nothing there.
pub(crate) fn file_states(dir: &Path) -> BTreeMap<PathBuf, (u64, std::time::SystemTime)> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .map(|e| {
            let m = e.metadata().unwrap();
            (e.path().to_path_buf(), (m.len(), m.modified().unwrap()))
        })
        .collect()
}

#[test]
fn the_corpus_built_from_its_locale_folders_where_they_stand_is_the_content_folder_build() {
    let Some(source) = corpus_source() else {
        return;
    };
    let corpus = shared().join("corpus/intune-enduser-2017");
    let t = tempfile::tempdir().unwrap();
    // Built where make-site.py made it, so that both builds copy the very
    // same static files (their versions come from their times).
    let reference_out = t.path().join("reference");
    let reference = helpsite(
        &source.join("site"),
        &[
            "build",
            "--out",
            reference_out.to_str().unwrap(),
            "--keep-going",
        ],
    );
    let root = t.path().join("site");
    // The settings make-site.py sets up: the project's site.toml, templates,
    // Fluent files and static files; only where the pages are differs.
    for part in ["templates", "locales", "static"] {
        copy_keeping_times(&source.join("site").join(part), &root.join(part));
    }
    std::fs::create_dir_all(&root).unwrap();
    // make-site.py publishes each locale's `InTuneDocs/` as its content
    // folder: `EndUser/` alone would leave out the `includes/` and `media/`
    // beside it that its pages use through `../`.
    let en = relative(&root, &corpus.join("en/InTuneDocs"));
    let nl = relative(&root, &corpus.join("nl/InTuneDocs"));
    let settings = std::fs::read_to_string(source.join("site/site.toml")).unwrap();
    write(
        &root,
        "site.toml",
        format!("{settings}\n[locales.en]\ncontent = \"{en}\"\n[locales.nl]\ncontent = \"{nl}\"\n"),
    );
    let before = file_states(&corpus);
    let out = t.path().join("public");
    let own = helpsite(
        &root,
        &["build", "--out", out.to_str().unwrap(), "--keep-going"],
    );
    let theirs = snapshot_tree(&reference_out);
    let ours = snapshot_tree(&out);
    assert_eq!(
        theirs.keys().collect::<Vec<_>>(),
        ours.keys().collect::<Vec<_>>(),
        "the same output files"
    );
    let differing: Vec<&String> = theirs
        .iter()
        .filter(|(path, bytes)| ours.get(*path) != Some(bytes))
        .map(|(path, _)| path)
        .collect();
    assert!(differing.is_empty(), "bytes differ in {differing:?}");
    assert!(ours.len() > 800, "{} files", ours.len());

    // The same diagnostics, each naming its file where it stands.
    let shown = |o: &std::process::Output| -> Vec<String> {
        stderr(o)
            .lines()
            .filter(|l| !l.starts_with("built "))
            .map(str::to_string)
            .collect()
    };
    let expected: Vec<String> = shown(&reference)
        .iter()
        .map(|l| {
            l.replace("content/en/", &format!("{en}/"))
                .replace("content/nl/", &format!("{nl}/"))
        })
        .collect();
    assert_eq!(shown(&own), expected);
    assert!(
        expected
            .iter()
            .any(|l| l.starts_with(&format!("{nl}/EndUser/"))),
        "{expected:?}"
    );
    assert_eq!(
        file_states(&corpus),
        before,
        "build wrote into a locale's folder"
    );
}

const INSTALL_EN: &str =
    "---\ntitle: Install the app\nhelp_id: APP-INSTALL\nms.date: 01/04/2017\n---\n\
# Install the app\n\nTap **Install** to start.\n\n[!INCLUDE[note](../includes/note.md)]\n\n\
![The store](media/store.png)\n\nSee [only in English](only-en.md).\n";
const INSTALL_NL: &str = "---\ntitle: De app installeren\n---\n# De app installeren\n\n\
Tik op **Installeren** om te beginnen.\n\n[!INCLUDE[note](../includes/note.md)]\n\n\
![De winkel](media/store.png)\n\nZie [alleen in het Engels](only-en.md).\n";

/// A locale's tree: `(path in the locale, text)`.
type Tree = Vec<(&'static str, &'static str)>;

/// The trees of a small two-locale site, en and nl.
fn trees() -> (Tree, Tree) {
    let en = vec![
        ("index.md", "# Help\n\n[Install](app/install.md)\n"),
        ("app/install.md", INSTALL_EN),
        ("app/only-en.md", "---\nhelp_id: APP-ONLY-EN\n---\n# Only in English\n\nNot translated.\n"),
        ("app/media/store.png", "png"),
        ("includes/note.md", "> [!NOTE]\n> Ask your IT team.\n"),
        ("TOC.md", "# [Help](index.md)\n## [Install](app/install.md)\n## [Only in English](app/only-en.md)\n"),
    ];
    let nl = vec![
        ("index.md", "# Hulp\n\n[Installeren](app/install.md)\n"),
        ("app/install.md", INSTALL_NL),
        ("app/media/store.png", "png-nl"),
        (
            "includes/note.md",
            "> [!NOTE]\n> Vraag het uw IT-afdeling.\n",
        ),
        (
            "TOC.md",
            "# [Hulp](index.md)\n## [Installeren](app/install.md)\n",
        ),
    ];
    (en, nl)
}

const SETTINGS: &str = "title = \"Help\"\ntitles = { nl = \"Hulp\" }\ndefault_locale = \"en\"\n";

/// The site in the `content/<locale>/` layout, at `dir`.
fn in_content_folders(dir: &Path) {
    let (en, nl) = trees();
    write(
        dir,
        "site.toml",
        format!("{SETTINGS}locales = [\"en\", \"nl\"]\n"),
    );
    for (path, text) in en {
        write(dir, &format!("content/en/{path}"), text);
    }
    for (path, text) in nl {
        write(dir, &format!("content/nl/{path}"), text);
    }
}

/// The same site with each locale in a repository of its own beside the
/// site root: `t/site`, `t/docs/articles` (en), `t/docs.nl-nl/articles` (nl).
fn in_own_folders(t: &Path) -> PathBuf {
    let (en, nl) = trees();
    let root = t.join("site");
    write(
        &root,
        "site.toml",
        format!(
            "{SETTINGS}[locales.en]\ncontent = \"../docs/articles\"\n\
             [locales.nl]\ncontent = \"../docs.nl-nl/articles\"\n"
        ),
    );
    for (path, text) in en {
        write(t, &format!("docs/articles/{path}"), text);
    }
    for (path, text) in nl {
        write(t, &format!("docs.nl-nl/articles/{path}"), text);
    }
    root
}

fn check_json(root: &Path) -> Vec<(String, String, u64)> {
    let o = helpsite(root, &["check", "--format", "json"]);
    let json: Value = serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("JSON output: {e}\n{}", stderr(&o)));
    json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["file"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn own_folders_build_the_site_the_content_folders_build() {
    let a = tempfile::tempdir().unwrap();
    in_content_folders(a.path());
    let b = tempfile::tempdir().unwrap();
    let root = in_own_folders(b.path());
    let (out_a, out_b) = (a.path().join("public"), b.path().join("public"));
    let o = helpsite(a.path(), &["build", "--out", out_a.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = helpsite(&root, &["build", "--out", out_b.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let (theirs, ours) = (snapshot_tree(&out_a), snapshot_tree(&out_b));
    assert_eq!(
        theirs.keys().collect::<Vec<_>>(),
        ours.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &theirs {
        // Copied files are versioned by their modification time: only the
        // versions that name them may differ.
        if path.ends_with("sw.js") || path.ends_with("offline-files.json") {
            continue;
        }
        assert!(ours[path] == *bytes, "{path} differs");
    }

    // Pairing, the fallback of a page only en has, the switcher, help ids.
    let nl_install = std::fs::read_to_string(out_b.join("nl/app/install.html")).unwrap();
    assert!(nl_install.contains("De app installeren"), "{nl_install}");
    assert!(nl_install.contains("Vraag het uw IT-afdeling."));
    assert!(
        nl_install.contains("hreflang=\"en\""),
        "the switcher leads to the English page"
    );
    let fallback = std::fs::read_to_string(out_b.join("nl/app/only-en.html")).unwrap();
    assert!(fallback.contains("Only in English"), "{fallback}");
    let ids: Value =
        serde_json::from_slice(&std::fs::read(out_b.join("help-ids.json")).unwrap()).unwrap();
    assert_eq!(
        ids["help_ids"]["APP-INSTALL"]["pages"]["nl"]["url"],
        "nl/app/install.html"
    );
    assert_eq!(
        ids["help_ids"]["APP-ONLY-EN"]["pages"]["nl"]["translated"],
        false
    );
    assert_eq!(
        std::fs::read(out_b.join("nl/app/media/store.png")).unwrap(),
        b"png-nl"
    );

    // A broken link is named where the writer finds the file, in text and JSON.
    write(
        b.path(),
        "docs.nl-nl/articles/app/broken.md",
        "# Kapot\n\n[x](nergens.md)\n",
    );
    write(
        a.path(),
        "content/nl/app/broken.md",
        "# Kapot\n\n[x](nergens.md)\n",
    );
    let found = check_json(&root);
    assert!(
        found.contains(&(
            "broken-link".into(),
            "../docs.nl-nl/articles/app/broken.md".into(),
            3
        )),
        "{found:?}"
    );
    let found_a = check_json(a.path());
    let renamed: Vec<_> = found_a
        .iter()
        .map(|(c, f, l)| {
            (
                c.clone(),
                f.replace("content/nl/", "../docs.nl-nl/articles/")
                    .replace("content/en/", "../docs/articles/"),
                *l,
            )
        })
        .collect();
    assert_eq!(found, renamed);
    let text = stderr(&helpsite(&root, &["check"]));
    assert!(
        text.contains("../docs.nl-nl/articles/app/broken.md:3:"),
        "{text}"
    );
}

#[test]
fn status_diff_and_xliff_follow_each_locales_own_repository() {
    if !require_or_skip(
        "git for the locales' repositories",
        has_git(),
        "install git (apt-get install git)",
    ) {
        return;
    }
    let t = tempfile::tempdir().unwrap();
    let root = in_own_folders(t.path());
    let (en_repo, nl_repo) = (t.path().join("docs"), t.path().join("docs.nl-nl"));
    for repo in [&en_repo, &nl_repo] {
        git(repo, &["init", "-q"]);
        git(repo, &["add", "."]);
        git(repo, &["commit", "-q", "-m", "first"]);
    }
    let first = git(&en_repo, &["rev-parse", "HEAD"]);
    let o = helpsite(
        &root,
        &[
            "l10n",
            "mark-current",
            "--locale",
            "nl",
            "../docs/articles/app/install.md",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("stamped ../docs.nl-nl/articles/app/install.md"),
        "{}",
        stderr(&o)
    );
    let stamped = std::fs::read_to_string(nl_repo.join("articles/app/install.md")).unwrap();
    assert!(
        stamped.contains(&format!("ms.sourcegitcommit: {first}\n")),
        "the commit comes from the en repository: {stamped}"
    );
    git(&nl_repo, &["commit", "-q", "-am", "stamped"]);

    let status = |root: &Path| -> Value {
        let o = helpsite(root, &["l10n", "status", "--format", "json"]);
        assert!(o.status.success(), "{}", stderr(&o));
        serde_json::from_slice(&o.stdout).unwrap()
    };
    let page = |report: &Value, source: &str| -> Value {
        report["locales"]["nl"]["pages"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["source"] == source)
            .cloned()
            .unwrap_or_else(|| panic!("{source} in {report}"))
    };
    assert_eq!(
        page(&status(&root), "app/install.md")["status"],
        "up-to-date"
    );
    assert_eq!(page(&status(&root), "app/only-en.md")["status"], "missing");

    write(
        &en_repo,
        "articles/app/install.md",
        INSTALL_EN.replace("to start.", "to start. Then tap Open."),
    );
    git(&en_repo, &["commit", "-q", "-am", "en edited"]);
    let after = page(&status(&root), "app/install.md");
    assert_eq!(after["status"], "outdated", "{after}");
    assert_eq!(after["changed_words"], 3, "{after}");
    assert_eq!(after["translated_from"], first.as_str());

    let o = helpsite(&root, &["l10n", "diff", "--locale", "nl", "app/install.md"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let diff = String::from_utf8(o.stdout).unwrap();
    assert!(
        diff.starts_with(&format!(
            "--- ../docs/articles/app/install.md (at {}, translated from)\n",
            &first[..12]
        )),
        "{diff}"
    );
    assert!(
        diff.contains("+Tap **Install** to start. Then tap Open.\n"),
        "{diff}"
    );

    // Export, then import: the translation lands in the nl folder, nowhere else.
    let xlf = t.path().join("nl.xlf");
    let o = helpsite(
        &root,
        &[
            "l10n",
            "export",
            "--locale",
            "nl",
            "--out",
            xlf.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let exported = std::fs::read_to_string(&xlf).unwrap();
    assert!(
        exported.contains("original=\"app/only-en.md\""),
        "{exported}"
    );
    std::fs::write(&xlf, crate::l10n_handoff::identity(&exported)).unwrap();
    let before = file_states(t.path());
    let o = helpsite(&root, &["l10n", "import", xlf.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("wrote ../docs.nl-nl/articles/app/only-en.md"),
        "{}",
        stderr(&o)
    );
    let after = file_states(t.path());
    let changed: Vec<&PathBuf> = after
        .iter()
        .filter(|(p, s)| before.get(*p) != Some(*s) && !p.is_dir())
        .map(|(p, _)| p)
        .collect();
    assert!(!changed.is_empty());
    for path in &changed {
        assert!(
            path.starts_with(nl_repo.join("articles")) && !path.starts_with(nl_repo.join(".git")),
            "import wrote {}",
            path.display()
        );
    }
    assert!(nl_repo.join("articles/app/only-en.md").is_file());
    assert!(
        !root.join("content").exists(),
        "nothing under the site's content/"
    );
}

/// `serve` on a site whose nl pages are in a folder of their own: an edit
/// there shows on the next request, and nothing is written into any root.
#[test]
fn serve_watches_each_locales_own_folder_and_writes_nothing_there() {
    use std::io::{BufRead, BufReader, Read, Write};
    let t = tempfile::tempdir().unwrap();
    let root = in_own_folders(t.path());
    let before = (
        file_states(&t.path().join("docs")),
        file_states(&t.path().join("docs.nl-nl")),
    );
    let mut child = Command::new(BIN)
        .args(["serve", "--port", "0", "--root"])
        .arg(&root)
        .env("NO_COLOR", "1")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let url = line
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .unwrap_or_else(|| panic!("no URL in {line:?}"))
        .trim_start_matches("http://")
        .to_string();
    let (host, base) = url.split_at(url.find('/').unwrap());
    let get = |rel: &str| -> String {
        let mut s = std::net::TcpStream::connect(host).unwrap();
        s.set_read_timeout(Some(std::time::Duration::from_secs(10)))
            .unwrap();
        write!(
            s,
            "GET {base}{rel} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut body = String::new();
        let _ = s.read_to_string(&mut body);
        body
    };
    assert!(get("nl/app/install.html").contains("Tik op"));
    write(
        t.path(),
        "docs.nl-nl/articles/app/install.md",
        INSTALL_NL.replace("Tik op", "Druk op"),
    );
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    let mut seen = false;
    while !seen && std::time::Instant::now() < deadline {
        seen = get("nl/app/install.html").contains("Druk op");
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let _ = child.kill();
    let _ = child.wait();
    assert!(seen, "the edit in nl's folder was not served within 20 s");
    let (en_after, mut nl_after) = (
        file_states(&t.path().join("docs")),
        file_states(&t.path().join("docs.nl-nl")),
    );
    assert_eq!(en_after, before.0);
    let edited = t.path().join("docs.nl-nl/articles/app/install.md");
    nl_after.remove(&edited);
    let mut nl_before = before.1;
    nl_before.remove(&edited);
    assert_eq!(
        nl_after.keys().collect::<Vec<_>>(),
        nl_before.keys().collect::<Vec<_>>()
    );
}
