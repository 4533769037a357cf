//! `check --format github|sarif` against hostile text, hostile paths, a
//! symlinked site root and ten thousand diagnostics.

use std::path::Path;

use super::cost;
use crate::ci_formats::{check, parse_annotation, unpercent};
use crate::support::*;
use helpsite::diagnostics::{format_github, format_sarif, Code, Diagnostic, RepoPaths, SarifBase};

const BASE: SarifBase = SarifBase {
    prefix: "",
    root_uri: "file:///repo/",
};

fn hostile_diagnostics() -> Vec<(Diagnostic, &'static str)> {
    let long = "x:,%".repeat(25_000);
    let long: &'static str = Box::leak(long.into_boxed_str());
    let cases: Vec<(&str, &str)> = vec![
        ("a.md", "::error file=x::injected"),
        ("a.md", "50% done %0A and %25 stay text"),
        ("a.md", "two\nlines\r\nand a CR\rhere"),
        ("a.md", "nul \u{0} and escape \u{1b}[31m"),
        (
            "content/en/a,b:c ë 帮助.md",
            "path with a comma, a colon and non-ASCII",
        ),
        ("content/en/%0A::.md", "path with an escape and colons"),
        ("a.md", long),
    ];
    cases
        .into_iter()
        .map(|(file, message)| {
            let d = Diagnostic::error(Code::BrokenLink, file, message).at_line_col(7, 3);
            (d, message)
        })
        .collect()
}

/// What the runner shows for a message: control characters other than
/// line breaks are made visible (it has no escape for them).
fn shown(message: &str) -> String {
    message
        .chars()
        .map(|c| match c {
            '\n' | '\r' => c,
            c if c.is_control() => char::from_u32(0x2400 + (c as u32 & 0x1f)).unwrap(),
            c => c,
        })
        .collect()
}

#[test]
fn hostile_messages_and_paths_read_back_exactly() {
    let cases = hostile_diagnostics();
    let diags: Vec<Diagnostic> = cases.iter().map(|(d, _)| d.clone()).collect();
    let out = format_github(&diags, &RepoPaths { prefix: "" });
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines.len(),
        cases.len() + 1,
        "one line per diagnostic, then the count"
    );
    for (line, (d, message)) in lines.iter().zip(&cases) {
        let a = parse_annotation(line).unwrap_or_else(|| panic!("not a command: {line:.200}"));
        assert_eq!(a.command, "error");
        assert_eq!(a.properties["file"], shown(&d.span.file));
        assert_eq!(a.properties["line"], "7");
        assert_eq!(a.properties["col"], "3");
        assert_eq!(a.properties["title"], "broken-link");
        assert_eq!(a.message, shown(message));
    }
    assert!(parse_annotation(lines[cases.len()]).is_none());

    let log: serde_json::Value = serde_json::from_str(&format_sarif(&diags, &BASE)).unwrap();
    let results = log["runs"][0]["results"].as_array().unwrap();
    for (r, (d, message)) in results.iter().zip(&cases) {
        assert_eq!(r["message"]["text"], *message);
        let uri = r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            .as_str()
            .unwrap();
        assert!(
            uri.bytes()
                .all(|b| b.is_ascii_graphic() && b != b':' && b != b','),
            "{uri}"
        );
        assert_eq!(unpercent(uri), d.span.file);
    }
}

#[test]
fn huge_line_and_column_numbers_are_written_as_they_are() {
    let d = Diagnostic::warning(Code::Toc, "t.md", "far").at_line_col(usize::MAX, usize::MAX);
    let out = format_github(std::slice::from_ref(&d), &RepoPaths { prefix: "" });
    assert!(out.contains(&format!("line={},col={}", usize::MAX, usize::MAX)));
    let log: serde_json::Value = serde_json::from_str(&format_sarif(&[d], &BASE)).unwrap();
    let region = &log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"];
    assert_eq!(region["startLine"].as_u64(), Some(usize::MAX as u64));
}

/// N and 4N diagnostics: output and allocation grow 4×, not more.
#[test]
fn ten_thousand_diagnostics_cost_linear_output_and_memory() {
    let make = |n: usize| -> Vec<Diagnostic> {
        (0..n)
            .map(|i| {
                Diagnostic::warning(
                    Code::CaseMismatch,
                    format!("content/en/p{}.md", i % 97),
                    format!("`Page-{i}.md` differs in letter case, 50%: a,b"),
                )
                .at_line_col(i + 1, 5)
                .with_suggestion(format!("page-{i}.md"))
            })
            .collect()
    };
    for (what, format) in [
        (
            "github",
            &(|d: &[Diagnostic]| format_github(d, &RepoPaths { prefix: "docs/" }))
                as &dyn Fn(&[Diagnostic]) -> String,
        ),
        ("sarif", &|d: &[Diagnostic]| format_sarif(d, &BASE)),
    ] {
        let (small, large) = (make(10_000), make(40_000));
        let (len1, len4) = (format(&small).len(), format(&large).len());
        let (_, bytes1) = cost(|| format(&small));
        let (_, bytes4) = cost(|| format(&large));
        eprintln!("{what}: output {len1} → {len4} bytes, allocated {bytes1} → {bytes4}");
        assert!(
            len4 <= len1 * 5 && len4 >= len1 * 3,
            "{what}: {len1} → {len4}"
        );
        assert!(
            bytes4 <= bytes1 * 5,
            "{what}: allocated {bytes1} → {bytes4}"
        );
    }
}

fn one_warning_site(dir: &Path) {
    write(dir, "site.toml", "title = \"T\"\ndefault_locale = \"en\"\n");
    write(dir, "content/en/index.md", "# Home\n\n### Deep\n");
}

fn annotated_files(o: &std::process::Output) -> Vec<String> {
    String::from_utf8_lossy(&o.stdout)
        .lines()
        .filter_map(parse_annotation)
        .map(|a| a.properties["file"].clone())
        .collect()
}

#[cfg(unix)]
#[test]
fn a_site_root_symlinked_into_a_repository_is_named_by_the_link() {
    let t = tempfile::tempdir().unwrap();
    let repo = t.path().join("repo");
    let site = t.path().join("elsewhere/site");
    one_warning_site(&site);
    std::fs::create_dir_all(repo.join(".git")).unwrap();
    std::os::unix::fs::symlink(&site, repo.join("docs")).unwrap();
    let before = snapshot_tree(t.path());

    let in_repo = check(Path::new("docs"), &repo, &["--format", "github"], &[]);
    assert_eq!(
        annotated_files(&in_repo),
        ["docs/content/en/index.md"],
        "{}",
        stderr(&in_repo)
    );
    let on_runner = check(
        &repo.join("docs"),
        &site,
        &["--format", "github"],
        &[("GITHUB_WORKSPACE", &repo)],
    );
    assert_eq!(annotated_files(&on_runner), ["docs/content/en/index.md"]);

    let sarif = check(Path::new("docs"), &repo, &["--format", "sarif"], &[]);
    let log: serde_json::Value = serde_json::from_slice(&sarif.stdout).unwrap();
    for (path, _) in crate::ci_formats::assert_consistent(&log) {
        assert!(path.starts_with(&repo), "{}", path.display());
    }

    // Outside every repository and the current folder, the site is its own root.
    let outside = check(&site, &repo.join(".git"), &["--format", "github"], &[]);
    assert_eq!(annotated_files(&outside), ["content/en/index.md"]);
    assert_eq!(before, snapshot_tree(t.path()), "check writes nothing");
}
