use std::path::Path;

use crate::config::{Config, CONFIG_FILE};
use crate::diagnostics::{Code, Diagnostic};

/// A site root `site/` beside `docs.nl/` (the nl tree), with `content/en/`.
fn sites() -> tempfile::TempDir {
    let t = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(t.path().join("site/content/en")).unwrap();
    std::fs::create_dir_all(t.path().join("docs.nl/articles")).unwrap();
    t
}

fn load(site: &Path, toml: &str) -> Result<Config, Diagnostic> {
    std::fs::write(site.join(CONFIG_FILE), toml).unwrap();
    Config::load(site)
}

fn place(e: &Diagnostic) -> (usize, usize) {
    (e.span.line, e.span.column)
}

#[test]
fn a_list_reads_as_it_always_did() {
    let c = Config::parse("locales = [\"en\", \"nl\"]").unwrap();
    assert_eq!(c.locales.as_deref(), Some(&["en".into(), "nl".into()][..]));
    let root = Path::new("/site");
    let nl = c.locale_root(root, "nl");
    assert_eq!(nl.dir, root.join("content/nl"));
    assert_eq!(nl.shown, "content/nl/");
    assert_eq!(nl.boundary, root);
    assert!(!nl.own);
    assert_eq!(Config::parse("").unwrap().locales, None);
}

#[test]
fn a_table_names_each_locale_and_may_give_it_a_folder() {
    let t = sites();
    let site = t.path().join("site");
    let c = load(
        &site,
        "[locales.en]\n[locales.nl]\ncontent = \"../docs.nl/articles/\"\n",
    )
    .unwrap();
    assert_eq!(c.locales.as_deref(), Some(&["en".into(), "nl".into()][..]));
    let nl = c.locale_root(&site, "nl");
    let real = t.path().join("docs.nl/articles").canonicalize().unwrap();
    assert_eq!(nl.dir, real);
    assert_eq!(nl.boundary, real);
    assert_eq!(nl.shown, "../docs.nl/articles/");
    assert!(nl.own);
    assert_eq!(c.locale_root(&site, "en").shown, "content/en/");
    assert_eq!(c.own_content_roots(&site).len(), 1);
}

#[test]
fn diagnostics_name_a_file_under_its_own_root_by_that_root() {
    let t = sites();
    let site = t.path().join("site");
    let c = load(
        &site,
        "[locales.en]\n[locales.nl]\ncontent = '../docs.nl/articles'\n",
    )
    .unwrap();
    let mut d = Diagnostic::error(
        Code::BrokenLink,
        "content/nl/a/b.md",
        "`x.md`: no file `a/x.md` in content/nl/",
    );
    c.show_paths(&site, &mut d);
    assert_eq!(d.span.file, "../docs.nl/articles/a/b.md");
    assert_eq!(
        d.message,
        "`x.md`: no file `a/x.md` in ../docs.nl/articles/"
    );
    let mut en = Diagnostic::error(Code::BrokenLink, "content/en/b.md", "in content/en/");
    let before = en.clone();
    c.show_paths(&site, &mut en);
    assert_eq!(en, before);
}

#[test]
fn written_mistakes_are_errors_at_their_place() {
    for (toml, at, says) in [
        (
            "[locales.en]\nfolder = 'x'\n",
            (2, 1),
            "unknown field `folder`",
        ),
        (
            "[locales.en]\n[locales.nl]\ncontent = ''\n",
            (3, 11),
            "is empty",
        ),
        (
            "[locales.en]\n[locales.nl]\ncontent = \"a\\u0007b\"\n",
            (3, 11),
            "control character",
        ),
        (
            "[locales.en]\n[locales.nl]\ncontent = 5\n",
            (3, 11),
            "invalid type",
        ),
        ("locales = 5\n", (1, 11), "a list of locales"),
        ("[locales.en]\n[locales.\"../x\"]\n", (2, 11), "BCP 47"),
    ] {
        let e = Config::parse(toml).unwrap_err();
        assert_eq!(e.code, Code::Config, "{toml}");
        assert!(e.message.contains(says), "{toml}: {}", e.message);
        assert_eq!(place(&e), at, "{toml}: {}", e.message);
    }
}

#[test]
fn roots_that_cannot_make_a_site_are_errors_at_their_place() {
    let t = sites();
    let site = t.path().join("site");
    std::fs::write(t.path().join("a-file"), "x").unwrap();
    std::fs::create_dir_all(t.path().join("docs.nl/articles/deeper")).unwrap();
    let depth = site.components().count();
    let to_slash = "../".repeat(depth + 3);
    for (toml, says) in [
        ("[locales.nl]\ncontent = '../docs.nl/articles'\n", "default locale `en` has no [locales.en]"),
        ("[locales.en]\n[locales.nl]\ncontent = '../missing'\n", "is not a folder"),
        ("[locales.en]\n[locales.nl]\ncontent = '../a-file'\n", "is a file, not a folder"),
        ("[locales.en]\n[locales.nl]\ncontent = 'content/en'\n", "is the same folder as the folder of locale `en`"),
        ("[locales.en]\n[locales.nl]\ncontent = 'content/en/sub'\n", "lies inside the folder of locale `en`"),
        ("[locales.en]\n[locales.nl]\ncontent = 'content'\n", "holds the folder of locale `en`"),
        ("[locales.en]\n[locales.nl]\ncontent = '..'\n", "holds the site root itself"),
        (&format!("[locales.en]\n[locales.nl]\ncontent = '{to_slash}'\n"), "holds the site root itself"),
        (
            "[locales.en]\ncontent = '../docs.nl/articles'\n[locales.nl]\ncontent = '../docs.nl/articles/deeper'\n",
            "the folder of locale",
        ),
        (
            "[locales.en]\ncontent = '../docs.nl/articles'\n[locales.nl]\ncontent = '../docs.nl/articles/'\n",
            "is the same folder as",
        ),
    ] {
        std::fs::create_dir_all(site.join("content/en/sub")).unwrap();
        let e = load(&site, toml).unwrap_err();
        assert_eq!(e.code, Code::Config, "{toml}");
        assert!(e.message.contains(says), "{toml}: {}", e.message);
        assert_ne!(e.span.line, 0, "{toml}: no place");
    }
}

#[cfg(unix)]
#[test]
fn a_named_pipe_as_a_root_is_refused_without_waiting() {
    let t = sites();
    let site = t.path().join("site");
    let fifo = t.path().join("pipe");
    nix_mkfifo(&fifo);
    let e = load(&site, "[locales.en]\n[locales.nl]\ncontent = '../pipe'\n").unwrap_err();
    assert!(e.message.contains("named pipe"), "{}", e.message);
    assert_eq!(place(&e), (3, 11));
}

#[cfg(unix)]
fn nix_mkfifo(path: &Path) {
    let status = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .unwrap();
    assert!(status.success());
}

#[cfg(unix)]
#[test]
fn a_root_that_is_a_symlink_is_the_folder_it_names() {
    let t = sites();
    let site = t.path().join("site");
    std::os::unix::fs::symlink(t.path().join("docs.nl/articles"), t.path().join("nl-link"))
        .unwrap();
    let c = load(
        &site,
        "[locales.en]\n[locales.nl]\ncontent = '../nl-link'\n",
    )
    .unwrap();
    let nl = c.locale_root(&site, "nl");
    let real = t.path().join("docs.nl/articles").canonicalize().unwrap();
    assert_eq!(nl.dir, real);
    assert_eq!(nl.boundary, real);
    assert_eq!(nl.shown, "../nl-link/");
}
