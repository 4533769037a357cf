//! `check --format github|sarif` and `--strict`: what CI reads. The SARIF
//! output is validated by Microsoft's SARIF Multitool (installed by
//! `.ci/install-browser.sh` from the npm registry, never by a test), and
//! both formats are parsed back here by readers of their own.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

use crate::support::*;

/// `check` run in `cwd` with no GitHub runner around it, unless `env` says so.
pub fn check(root: &Path, cwd: &Path, args: &[&str], env: &[(&str, &Path)]) -> Output {
    let mut cmd = Command::new(BIN);
    cmd.arg("check")
        .arg("--root")
        .arg(root)
        .args(args)
        .current_dir(cwd)
        .env_remove("GITHUB_WORKSPACE");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("run helpsite")
}

/// `%XX` escapes undone, bytes as UTF-8.
pub fn unpercent(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = s
            .get(i + 1..i + 3)
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (b[i], hex) {
            (b'%', Some(v)) => {
                out.push(v);
                i += 3;
            }
            (c, _) => {
                out.push(c);
                i += 1;
            }
        }
    }
    String::from_utf8(out).expect("UTF-8 after percent-decoding")
}

/// One workflow command, read back the way the Actions runner reads it.
#[derive(Debug)]
pub struct Annotation {
    pub command: String,
    pub properties: BTreeMap<String, String>,
    pub message: String,
}

/// Reads `::name k=v,k=v::message` lines; `None` for a line that is no command.
pub fn parse_annotation(line: &str) -> Option<Annotation> {
    let rest = line.strip_prefix("::")?;
    let end = rest.find("::")?;
    let (head, message) = (&rest[..end], &rest[end + 2..]);
    let (command, props) = head.split_once(' ').unwrap_or((head, ""));
    let mut properties = BTreeMap::new();
    for pair in props.split(',').filter(|p| !p.is_empty()) {
        let (k, v) = pair.split_once('=').expect("key=value");
        properties.insert(k.to_string(), unpercent(v));
    }
    // The runner decodes only these in a message: a `%3A` there stays text.
    let message = message
        .replace("%0D", "\r")
        .replace("%0A", "\n")
        .replace("%25", "%");
    Some(Annotation {
        command: command.to_string(),
        properties,
        message,
    })
}

pub fn multitool() -> PathBuf {
    repo().join("tests/browser/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool")
}

/// Validates `sarif` with the Multitool, GitHub's ingestion rules included;
/// returns its error-level findings. `None` (after a SKIPPED line) without
/// the Multitool.
pub fn multitool_errors(sarif: &Path) -> Option<Vec<String>> {
    let tool = multitool();
    if !require_or_skip(
        &format!("no SARIF Multitool at {}", tool.display()),
        tool.is_file(),
        "run .ci/install-browser.sh (it installs the npm packages of tests/browser)",
    ) {
        return None;
    }
    let report = sarif.with_extension("validation.sarif");
    let o = Command::new(&tool)
        .arg("validate")
        .arg(sarif)
        .args(["--rule-kind", "Sarif;Gh", "--log", "ForceOverwrite", "-o"])
        .arg(&report)
        // No ICU needed: the tool then uses invariant globalization.
        .env("DOTNET_SYSTEM_GLOBALIZATION_INVARIANT", "1")
        .output()
        .expect("run the SARIF Multitool");
    assert!(o.status.success(), "{}", stderr(&o));
    let report: Value = serde_json::from_slice(&std::fs::read(&report).unwrap()).unwrap();
    let mut errors = Vec::new();
    for run in report["runs"].as_array().unwrap() {
        for r in run["results"].as_array().into_iter().flatten() {
            // SARIF's default level is `warning`.
            if r["level"].as_str() == Some("error") {
                errors.push(format!("{}: {}", r["ruleId"], r["message"]));
            }
        }
    }
    Some(errors)
}

/// The file a SARIF result names, from its base URI and its relative URI.
pub fn result_path(log: &Value, result: &Value) -> PathBuf {
    let location = &result["locations"][0]["physicalLocation"]["artifactLocation"];
    let base_id = location["uriBaseId"].as_str().unwrap();
    let base = log["runs"][0]["originalUriBaseIds"][base_id]["uri"]
        .as_str()
        .unwrap();
    let base = unpercent(base.strip_prefix("file://").expect("a file: URI"));
    let uri = location["uri"].as_str().unwrap();
    assert!(!uri.contains(':') && !uri.starts_with('/'), "{uri}");
    PathBuf::from(base).join(unpercent(uri))
}

/// The SARIF log's own consistency: rules, rule indexes, files on disk.
pub fn assert_consistent(log: &Value) -> Vec<(PathBuf, Value)> {
    assert_eq!(log["version"], "2.1.0");
    assert!(log["$schema"].as_str().unwrap().contains("sarif-2.1.0"));
    let runs = log["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 1);
    assert_eq!(runs[0]["columnKind"], "unicodeCodePoints");
    let rules = runs[0]["tool"]["driver"]["rules"].as_array().unwrap();
    let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), ids.len(), "one rule per code");
    let mut placed = Vec::new();
    for r in runs[0]["results"].as_array().unwrap() {
        let index = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], r["ruleId"], "{r}");
        assert!(r["locations"][0]["physicalLocation"]["region"]["startLine"].as_u64() >= Some(1));
        let path = result_path(log, r);
        assert!(path.is_file(), "{} does not exist: {r}", path.display());
        placed.push((path, r.clone()));
    }
    placed
}

/// The text at a result's line and column (in characters) starts with the
/// first thing its message quotes in backticks: for the link diagnostics,
/// the reference it names.
fn assert_points_at_what_it_names(path: &Path, result: &Value) {
    let message = result["message"]["text"].as_str().unwrap();
    let Some(named) = message.split('`').nth(1) else {
        return;
    };
    let region = &result["locations"][0]["physicalLocation"]["region"];
    let line = region["startLine"].as_u64().unwrap() as usize;
    let column = region["startColumn"].as_u64().unwrap() as usize;
    // CR, LF and CRLF each end a line, as the README says.
    let text = std::fs::read_to_string(path)
        .unwrap()
        .replace("\r\n", "\n")
        .replace('\r', "\n");
    let line_text = text
        .split('\n')
        .nth(line - 1)
        .unwrap_or_else(|| panic!("{}: no line {line}", path.display()));
    let from: String = line_text.chars().skip(column - 1).collect();
    assert!(
        from.starts_with(named),
        "{}:{line}:{column} shows {from:?}, not `{named}`",
        path.display()
    );
}

fn sarif_of(root: &Path, cwd: &Path) -> (Value, PathBuf) {
    let o = check(root, cwd, &["--format", "sarif"], &[]);
    assert!(o.status.code().is_some_and(|c| c <= 1), "{}", stderr(&o));
    let file = cwd.join("check.sarif");
    std::fs::write(&file, &o.stdout).unwrap();
    (
        serde_json::from_slice(&o.stdout).expect("SARIF is JSON"),
        file,
    )
}

#[test]
fn the_corpus_and_the_sample_give_sarif_the_multitool_accepts() {
    let sample = sample_site();
    let (log, file) = sarif_of(sample.path(), sample.path());
    assert_consistent(&log);
    let corpus = corpus_source();
    let checked = match corpus {
        Some(corpus) => {
            let work = tempfile::tempdir().unwrap();
            let (corpus_log, corpus_file) = sarif_of(&corpus.join("site"), work.path());
            let placed = assert_consistent(&corpus_log);
            assert_eq!(placed.len(), 109, "every corpus diagnostic is a result");
            vec![(file, sample), (corpus_file, work)]
        }
        None => vec![(file, sample)],
    };
    for (file, _keep) in &checked {
        let Some(errors) = multitool_errors(file) else {
            return;
        };
        assert!(errors.is_empty(), "{}: {errors:#?}", file.display());
    }
}

#[test]
fn corpus_results_point_at_the_text_they_name() {
    let Some(corpus) = corpus_source() else {
        return;
    };
    let work = tempfile::tempdir().unwrap();
    let (log, _) = sarif_of(&corpus.join("site"), work.path());
    let mut seen = BTreeMap::new();
    for (path, r) in assert_consistent(&log) {
        let code = r["ruleId"].as_str().unwrap().to_string();
        if [
            "broken-link",
            "broken-anchor",
            "case-mismatch",
            "outside-link",
            "external-embed",
        ]
        .contains(&code.as_str())
        {
            assert_points_at_what_it_names(&path, &r);
            *seen.entry(code).or_insert(0) += 1;
        }
    }
    assert_eq!(
        seen,
        BTreeMap::from([
            ("broken-anchor".to_string(), 4),
            ("broken-link".to_string(), 7),
            ("case-mismatch".to_string(), 38),
            ("external-embed".to_string(), 6),
            ("outside-link".to_string(), 16),
        ])
    );
}

/// A site whose broken links follow non-ASCII text, astral characters
/// included (two UTF-16 code units each), on a page with a hostile name.
fn non_ascii_site() -> tempfile::TempDir {
    let t = minimal_site();
    write(
        t.path(),
        "content/en/ça, va: oui.md",
        "# Ça\n\nCafé 😀 déjà 𝄞 voilà [x](missing-one.md)\n\nüber 50% [y](a%2Cb:c.md)\n",
    );
    t
}

#[test]
fn sarif_columns_count_characters_after_non_ascii_text() {
    let site = non_ascii_site();
    let (log, file) = sarif_of(site.path(), site.path());
    let placed = assert_consistent(&log);
    let links: Vec<&(PathBuf, Value)> = placed
        .iter()
        .filter(|(_, r)| r["ruleId"] == "broken-link")
        .collect();
    assert_eq!(links.len(), 2, "{log:#}");
    for (path, r) in links {
        assert!(path.ends_with("content/en/ça, va: oui.md"));
        assert_points_at_what_it_names(path, r);
    }
    let first = &placed[0].1["locations"][0]["physicalLocation"]["region"];
    // `Café 😀 déjà 𝄞 voilà [x](` is 24 characters (26 UTF-16 code units).
    assert_eq!(
        (first["startLine"].as_u64(), first["startColumn"].as_u64()),
        (Some(3), Some(25))
    );
    if let Some(errors) = multitool_errors(&file) {
        assert!(errors.is_empty(), "{errors:#?}");
    }
}

#[test]
fn github_annotations_read_back_to_the_json_diagnostics() {
    let site = non_ascii_site();
    write(
        site.path(),
        "content/en/deep.md",
        "# A\n\n### Skipped: a, b%\n",
    );
    let json = check(site.path(), site.path(), &["--format", "json"], &[]);
    let json: Value = serde_json::from_slice(&json.stdout).unwrap();
    let expected = json["diagnostics"].as_array().unwrap();
    let o = check(site.path(), site.path(), &["--format", "github"], &[]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let out = String::from_utf8(o.stdout).unwrap();
    let lines: Vec<&str> = out.lines().collect();
    let (summary, commands) = lines.split_last().unwrap();
    assert!(parse_annotation(summary).is_none(), "{summary}");
    assert!(
        summary.starts_with("helpsite check: 2 error(s), 1 warning(s)"),
        "{summary}"
    );
    assert_eq!(commands.len(), expected.len());
    for (line, d) in commands.iter().zip(expected) {
        let a = parse_annotation(line).unwrap_or_else(|| panic!("not a command: {line}"));
        let command = match d["severity"].as_str().unwrap() {
            "error" => "error",
            "warning" => "warning",
            _ => "notice",
        };
        assert_eq!(a.command, command);
        assert_eq!(a.properties["file"], d["file"].as_str().unwrap());
        assert_eq!(a.properties["line"], d["line"].to_string());
        assert_eq!(a.properties["col"], d["column"].to_string());
        assert_eq!(a.properties["title"], d["code"].as_str().unwrap());
        let mut message = d["message"].as_str().unwrap().to_string();
        if let Some(s) = d["suggestion"].as_str() {
            message = format!("{message}\nSuggestion: {s}");
        }
        assert_eq!(a.message, message);
        assert!(site.path().join(&a.properties["file"]).is_file());
    }
    assert!(
        out.contains("::`a%252Cb:c.md`: no page `a,b:c.md`"),
        "a `%` in the message is escaped, `:` and `,` are not: {out}"
    );
}

#[test]
fn strict_fails_on_warnings_in_every_format() {
    let site = minimal_site();
    write(site.path(), "content/en/index.md", "# Home\n\n### Deep\n");
    for format in ["text", "json", "github", "sarif"] {
        let plain = check(site.path(), site.path(), &["--format", format], &[]);
        assert_eq!(plain.status.code(), Some(0), "{format}: {}", stderr(&plain));
        let strict = check(
            site.path(),
            site.path(),
            &["--format", format, "--strict"],
            &[],
        );
        assert_eq!(strict.status.code(), Some(1), "{format}");
        assert!(stderr(&strict).contains("warnings fail under --strict"));
        assert_eq!(plain.stdout, strict.stdout, "{format}: the same report");
    }
    let out = site.path().join("out");
    let build = run(
        &[
            "build",
            "--root",
            site.path().to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--strict",
        ],
        site.path(),
    );
    assert_eq!(build.status.code(), Some(1));
    assert!(stderr(&build).contains("(warnings fail under --strict)"));
    assert!(
        !out.exists(),
        "a strict build with warnings publishes nothing"
    );
    let clean = sample_site();
    let o = check(clean.path(), clean.path(), &["--strict"], &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

/// The README's CI job and its code-scanning steps: YAML that parses,
/// whose `helpsite` commands use only flags helpsite has and pass on the
/// sample site.
#[test]
fn the_readme_ci_job_parses_and_its_commands_run() {
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    let blocks: Vec<&str> = readme
        .split("```yaml\n")
        .skip(1)
        .map(|b| &b[..b.find("```").unwrap()])
        .filter(|b| b.contains("helpsite check"))
        .collect();
    assert_eq!(blocks.len(), 2, "the job and the code-scanning steps");
    let job: serde_norway::Value = serde_norway::from_str(blocks[0]).expect("the job is YAML");
    assert!(blocks[0].lines().count() <= 10, "a ten-line job");
    let extra: serde_norway::Value = serde_norway::from_str(blocks[1]).expect("the steps are YAML");
    let steps = job["jobs"]["check"]["steps"]
        .as_sequence()
        .expect("the job has steps")
        .iter()
        .chain(extra.as_sequence().expect("a list of steps"));
    let commands: Vec<String> = steps
        .filter_map(|s| s["run"].as_str())
        .flat_map(|r| r.lines())
        .filter(|l| l.trim_start().starts_with("helpsite "))
        .map(|l| l.split('>').next().unwrap().trim().to_string())
        .collect();
    assert_eq!(commands.len(), 2, "{commands:?}");
    let sample = sample_site();
    for command in &commands {
        let words: Vec<&str> = command.split_whitespace().skip(1).collect();
        let help = run(&[words[0], "--help"], sample.path());
        let help = String::from_utf8_lossy(&help.stdout).into_owned();
        for flag in words.iter().filter(|w| w.starts_with("--")) {
            assert!(
                help.contains(&format!("{flag} ")) || help.contains(&format!("{flag}\n")),
                "{command}: `{flag}` is no flag of `helpsite {}`",
                words[0]
            );
        }
        let o = check(sample.path(), sample.path(), &words[1..], &[]);
        assert_eq!(o.status.code(), Some(0), "{command}: {}", stderr(&o));
        assert!(!o.stdout.is_empty(), "{command}");
    }
}
