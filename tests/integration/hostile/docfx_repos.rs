//! A DocFX repository built where it stands (`docfx.json` at the root, no
//! `site.toml`), fed broken and hostile input: each is a clear diagnostic
//! at its place, never a hang, a panic or a file read from outside.

use super::*;

use std::os::unix::fs::symlink;
use std::process::Command;
use std::time::Duration;

use helpsite::config::docfx_redirects;

const LIMIT: Duration = Duration::from_secs(60);

/// A small repository: `articles/` with one page.
fn repository(docfx_json: &str) -> tempfile::TempDir {
    let t = tempfile::tempdir().unwrap();
    write(t.path(), "docfx.json", docfx_json);
    write(t.path(), "articles/index.md", "# Home\n\nWelcome.\n");
    t
}

const PLAIN: &str = r#"{"build": {"content": [{"files": ["**/*.md"], "src": "articles"}]}}"#;

/// `check`'s exit code and what it printed.
fn check_text(root: &Path) -> (i32, String) {
    let o = run_within(&["check"], root, LIMIT);
    let text = format!("{}{}", String::from_utf8_lossy(&o.stdout), stderr(&o));
    (o.status.code().unwrap_or(-1), text)
}

#[test]
fn a_docfx_json_that_is_a_pipe_huge_or_deeply_nested_is_refused_at_once() {
    let t = repository(PLAIN);
    let docfx = t.path().join("docfx.json");
    std::fs::remove_file(&docfx).unwrap();
    assert!(Command::new("mkfifo")
        .arg(&docfx)
        .status()
        .unwrap()
        .success());
    let (code, text) = check_text(t.path());
    assert_eq!(code, 1, "{text}");
    assert!(
        text.contains("docfx.json") && text.contains("named pipe"),
        "{text}"
    );

    std::fs::remove_file(&docfx).unwrap();
    let huge = format!(
        "{{\"build\": {{\"globalMetadata\": {{\"x\": \"{}\"}}}}}}",
        "a".repeat(16 << 20)
    );
    std::fs::write(&docfx, huge).unwrap();
    let (code, text) = check_text(t.path());
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("docfx.json"), "{text}");

    let deep = format!(
        "{{\"build\": {}{}}}",
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    std::fs::write(&docfx, deep).unwrap();
    let (code, text) = check_text(t.path());
    assert_eq!(code, 1, "{text}");
    assert!(
        text.contains("docfx.json:1:") && text.contains("recursion limit"),
        "{text}"
    );
}

#[test]
fn globs_and_sources_that_leave_the_repository_are_errors_at_their_place() {
    for (group, said) in [
        (r#"{"files": ["../**"], "src": "articles"}"#, "glob `../**`"),
        (
            r#"{"files": ["/etc/**"], "src": "articles"}"#,
            "glob `/etc/**`",
        ),
        (r#"{"files": ["**"], "src": "../../"}"#, "src `../../`"),
    ] {
        let t = repository(&format!("{{\"build\": {{\n  \"content\": [{group}]}}}}"));
        let (code, text) = check_text(t.path());
        assert_eq!(code, 1, "{text}");
        assert!(
            text.contains("docfx.json:2:") && text.contains(said),
            "{group}: {text}"
        );
    }
    // A `src` that is a symlink out of the repository.
    let outside = tempfile::tempdir().unwrap();
    write(outside.path(), "secret.md", "# Secret\n");
    let t = repository(r#"{"build": {"content": [{"files": ["**/*.md"], "src": "linked"}]}}"#);
    symlink(outside.path(), t.path().join("linked")).unwrap();
    let (code, text) = check_text(t.path());
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("outside the project"), "{text}");
}

#[test]
fn redirect_cycles_and_hostile_urls_are_errors_at_their_entry() {
    let t = repository(PLAIN);
    write(
        t.path(),
        docfx_redirects::REDIRECTION_FILE,
        r#"{"redirections": [
  {"source_path": "articles/a.md", "redirect_url": "b"},
  {"source_path": "articles/b.md", "redirect_url": "a"},
  {"source_path": "articles/c.md", "redirect_url": "javascript:alert(1)"},
  {"source_path": "articles/<script>\u202e.md", "redirect_url": "/nowhere\u0000"},
  {"source_path": "articles/index.md", "redirect_url": "/"},
  {"source_path": "../../etc/passwd", "redirect_url": "/"}
]}"#,
    );
    let out = tempfile::tempdir().unwrap();
    let o = run_within(
        &[
            "build",
            "--keep-going",
            "--out",
            out.path().to_str().unwrap(),
        ],
        t.path(),
        LIMIT,
    );
    let text = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{text}");
    for (line, said) in [
        (2, "circle"),
        (4, "neither an http(s) address"),
        (5, "neither an http(s) address"),
        (6, "is a page of the site"),
        (7, "not a file inside the project"),
    ] {
        let at = format!("{}:{line}:", docfx_redirects::REDIRECTION_FILE);
        assert!(
            text.lines().any(|l| l.contains(&at) && l.contains(said)),
            "line {line} `{said}`:\n{text}"
        );
    }
    for f in walkdir::WalkDir::new(out.path()).into_iter().flatten() {
        if f.file_type().is_file() && f.path().extension().is_some_and(|e| e == "html") {
            let html = std::fs::read_to_string(f.path()).unwrap();
            assert!(!html.contains("javascript:alert"), "{}", f.path().display());
            assert!(!html.contains("<script>\u{202e}"), "{}", f.path().display());
        }
    }
    assert!(!out.path().join("etc").exists());
}

#[test]
fn redirection_files_cost_linear_work() {
    let file = |n: usize| {
        let mut text = String::from("{\"redirections\": [\n");
        for i in 0..n {
            // Every entry leads to the next; the last to a page.
            let next = if i + 1 < n {
                format!("old-{}", i + 1)
            } else {
                "index".into()
            };
            text.push_str(&format!(
                "{{\"source_path\": \"articles/old-{i}.md\", \"redirect_url\": \"{next}\"}},\n"
            ));
        }
        text.push_str("{\"source_path\": \"articles/last.md\", \"redirect_url\": \"/\"}]}");
        text
    };
    assert_linear(
        "redirection file: parse and follow chains",
        |n| {
            let text = file(n);
            cost(|| {
                let (found, problems) =
                    docfx_redirects::parse(&text, "r.json", "articles").unwrap();
                assert!(problems.is_empty(), "{}", problems.len());
                let next: Vec<Option<usize>> = (0..found.len())
                    .map(|i| (i + 1 < n).then_some(i + 1))
                    .collect();
                docfx_redirects::follow_chains(&next)
            })
        },
        1_000,
    );
}
