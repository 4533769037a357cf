//! `.openpublishing.redirection.json`: the old addresses a DocFX repository
//! keeps answering, each `source_path` (a file that is gone) sent to its
//! `redirect_url`. helpsite turns each into one of its own redirect pages.

// A configuration error ends the command, once per run, like `Config::parse`'s.
#![allow(clippy::result_large_err)]

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::diagnostics::{Code, Diagnostic, LineIndex, Span};

use super::docfx_project::normalize_relative;

pub const REDIRECTION_FILE: &str = ".openpublishing.redirection.json";

/// Tens of thousands of entries fit in a few megabytes.
const MAX_REDIRECTION_FILE: u64 = 16 << 20;

#[derive(Deserialize)]
struct Written {
    #[serde(default)]
    redirections: Vec<WrittenEntry>,
}

#[derive(Deserialize)]
struct WrittenEntry {
    source_path: String,
    redirect_url: String,
    /// Whether the target keeps the source's document ID; a search-engine
    /// matter of the docs platform that static pages have no use for.
    #[serde(default, rename = "redirect_document_id")]
    _redirect_document_id: Option<bool>,
}

/// Where a redirection sends its readers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RedirectTarget {
    /// `https://…`: another site.
    External(String),
    /// `/intune/x`: an address on the published site, which `link_prefixes`
    /// map to a folder of the project.
    SiteAbsolute(String),
    /// A path relative to the project's folder (a relative `redirect_url`
    /// is resolved against its `source_path`'s folder first).
    Project(String),
}

#[derive(Debug, Clone)]
pub struct Redirection {
    /// The old file, relative to the project's (`docfx.json`'s) folder.
    pub source: String,
    pub target: RedirectTarget,
    /// Where the entry's `source_path` is written.
    pub span: Span,
    /// Where its `redirect_url` is written.
    pub target_span: Span,
}

/// The redirection file that governs the project in `project`: in its
/// folder or the nearest parent, up to the repository's root (the folder
/// holding `.git`), as the docs platform looks for it. Without a
/// repository, only the project's own folder.
pub fn find(project: &Path) -> Option<PathBuf> {
    let project = std::fs::canonicalize(project).ok()?;
    let in_repository = project.ancestors().any(|a| a.join(".git").exists());
    for folder in project.ancestors() {
        let candidate = folder.join(REDIRECTION_FILE);
        if candidate.symlink_metadata().is_ok() {
            return Some(candidate);
        }
        if !in_repository || folder.join(".git").exists() {
            break;
        }
    }
    None
}

/// Reads the redirection file at `path`; `project` is the folder of
/// `docfx.json`, which every `source_path` must stay inside. Entries that
/// cannot be honoured come back as problems beside the others.
pub fn load(
    path: &Path,
    shown: &str,
    project: &Path,
) -> Result<(Vec<Redirection>, Vec<Diagnostic>), Diagnostic> {
    if path
        .symlink_metadata()
        .is_ok_and(|m| m.file_type().is_symlink())
    {
        return Err(Diagnostic::error(
            Code::Config,
            shown,
            format!("{shown} is a symlink; it is not read"),
        ));
    }
    let text = crate::fsread::read_text(path, MAX_REDIRECTION_FILE).map_err(|(code, why)| {
        let mut d = Diagnostic::error(Code::Config, shown, format!("{shown} {why}"));
        d.code = code;
        d
    })?;
    let file_folder = path.parent().unwrap_or(Path::new("."));
    let prefix = project_within(file_folder, project).ok_or_else(|| {
        Diagnostic::error(
            Code::Config,
            shown,
            format!("{shown} is not in the project's folder or above it"),
        )
    })?;
    parse(&text, shown, &prefix)
}

/// The project's folder relative to the redirection file's folder (`""`
/// when they are the same).
fn project_within(file_folder: &Path, project: &Path) -> Option<String> {
    let file_folder = std::fs::canonicalize(file_folder).ok()?;
    let project = std::fs::canonicalize(project).ok()?;
    let rest = project.strip_prefix(&file_folder).ok()?;
    Some(rest.to_string_lossy().replace('\\', "/"))
}

/// Reads the file's text. `prefix` is the project's folder relative to the
/// file's. Entries that cannot be honoured are returned as problems, each
/// at its line and column; the others are kept.
pub fn parse(
    text: &str,
    shown: &str,
    prefix: &str,
) -> Result<(Vec<Redirection>, Vec<Diagnostic>), Diagnostic> {
    let written: Written = serde_json::from_str(text).map_err(|e| {
        Diagnostic::error(
            Code::Config,
            shown,
            format!("{shown} is not a redirection file: {e}"),
        )
        .at_line_col(e.line(), e.column())
    })?;
    let lines = LineIndex::new(text);
    let mut sources = text.match_indices("\"source_path\"").map(|(i, _)| i);
    let mut targets = text.match_indices("\"redirect_url\"").map(|(i, _)| i);
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut redirections = Vec::new();
    let mut problems = Vec::new();
    for entry in written.redirections {
        crate::diagnostics::work::add(1);
        let span = Span::at(shown, &lines, text, sources.next().unwrap_or(0));
        let target_span = Span::at(shown, &lines, text, targets.next().unwrap_or(0));
        let problem = |span: &Span, why: String| {
            let mut d = Diagnostic::error(Code::RedirectFrom, shown, why);
            d.span = span.clone();
            d
        };
        let shown_source = crate::diagnostics::printable(&entry.source_path);
        let Some(source) = normalize_relative(&entry.source_path)
            .and_then(|p| super::docfx_project::within(&p, prefix).map(str::to_string))
            .filter(|p| !p.is_empty())
        else {
            problems.push(problem(
                &span,
                format!("source_path `{shown_source}` is not a file inside the project"),
            ));
            continue;
        };
        if let Some(&first) = seen.get(&source.to_lowercase()) {
            problems.push(problem(
                &span,
                format!(
                    "source_path `{shown_source}` is redirected twice; the first is at line {first}"
                ),
            ));
            continue;
        }
        seen.insert(source.to_lowercase(), span.line);
        let Some(target) = target_of(&entry.redirect_url, &source) else {
            problems.push(problem(
                &target_span,
                format!(
                    "redirect_url `{}` is neither an http(s) address nor a path inside the project",
                    crate::diagnostics::printable(&entry.redirect_url)
                ),
            ));
            continue;
        };
        redirections.push(Redirection {
            source,
            target,
            span,
            target_span,
        });
    }
    Ok((redirections, problems))
}

fn target_of(url: &str, source: &str) -> Option<RedirectTarget> {
    let url = url.trim();
    let lower = url.to_ascii_lowercase();
    if lower.starts_with("https://") || lower.starts_with("http://") {
        return Some(RedirectTarget::External(url.to_string()));
    }
    if url.is_empty() || url.starts_with("//") || url.chars().any(|c| c.is_control()) {
        return None;
    }
    // Any other scheme (`javascript:`, `data:`) is never a redirect target.
    if let Some(colon) = url.find(':') {
        if !url[..colon].contains(['/', '?', '#']) {
            return None;
        }
    }
    if url.starts_with('/') {
        return Some(RedirectTarget::SiteAbsolute(url.to_string()));
    }
    let folder = source.rsplit_once('/').map_or("", |(f, _)| f);
    let path = url.split(['?', '#']).next().unwrap_or_default();
    let joined = if folder.is_empty() {
        path.to_string()
    } else {
        format!("{folder}/{path}")
    };
    normalize_relative(&joined).map(RedirectTarget::Project)
}

/// Follows chains of redirections to their end: `next(i)` is the entry the
/// target of entry `i` is itself the source of. Returns, per entry, the
/// entry whose target ends its chain, or `Err` with the entries of a cycle
/// it runs into. Each entry is visited a constant number of times.
pub fn follow_chains(next: &[Option<usize>]) -> Vec<Result<usize, Vec<usize>>> {
    #[derive(Clone)]
    enum State {
        Unseen,
        OnPath,
        Done(Result<usize, Vec<usize>>),
    }
    let mut state = vec![State::Unseen; next.len()];
    for start in 0..next.len() {
        let mut path = Vec::new();
        let mut at = start;
        let end = loop {
            crate::diagnostics::work::add(1);
            match &state[at] {
                State::Done(r) => break r.clone(),
                State::OnPath => {
                    let from = path.iter().position(|&p| p == at).unwrap_or(0);
                    break Err(path[from..].to_vec());
                }
                State::Unseen => {}
            }
            state[at] = State::OnPath;
            path.push(at);
            match next[at] {
                Some(n) if n < next.len() => at = n,
                _ => break Ok(at),
            }
        };
        for p in path {
            state[p] = State::Done(end.clone());
        }
    }
    state
        .into_iter()
        .map(|s| match s {
            State::Done(r) => r,
            _ => Ok(0),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = r#"{
  "redirections": [
    { "source_path": "docs/intune/old.md", "redirect_url": "/intune/new", "redirect_document_id": true },
    { "source_path": "docs/intune/moved.md", "redirect_url": "new-place" },
    { "source_path": "docs/top.md", "redirect_url": "intune/new-place" },
    { "source_path": "docs/intune/away.md", "redirect_url": "https://example.com/x?a=1" },
    { "source_path": "other/x.md", "redirect_url": "/x" },
    { "source_path": "docs/intune/OLD.md", "redirect_url": "/y" },
    { "source_path": "docs/intune/bad.md", "redirect_url": "javascript:alert(1)" }
  ]
}"#;

    #[test]
    fn entries_become_redirections_and_bad_ones_problems_at_their_place() {
        let (found, problems) = parse(FILE, REDIRECTION_FILE, "docs").unwrap();
        let targets: Vec<(&str, &RedirectTarget)> = found
            .iter()
            .map(|r| (r.source.as_str(), &r.target))
            .collect();
        assert_eq!(
            targets,
            [
                (
                    "intune/old.md",
                    &RedirectTarget::SiteAbsolute("/intune/new".into())
                ),
                (
                    "intune/moved.md",
                    &RedirectTarget::Project("intune/new-place".into())
                ),
                (
                    "top.md",
                    &RedirectTarget::Project("intune/new-place".into())
                ),
                (
                    "intune/away.md",
                    &RedirectTarget::External("https://example.com/x?a=1".into())
                ),
            ]
        );
        assert_eq!((found[1].span.line, found[1].span.column), (4, 7));
        let said: Vec<(usize, &str)> = problems
            .iter()
            .map(|d| (d.span.line, d.message.as_str()))
            .collect();
        assert_eq!(said.len(), 3, "{said:?}");
        assert_eq!(said[0].0, 7);
        assert!(
            said[0].1.contains("not a file inside the project"),
            "{}",
            said[0].1
        );
        assert_eq!(said[1].0, 8);
        assert!(
            said[1]
                .1
                .contains("redirected twice; the first is at line 3"),
            "{}",
            said[1].1
        );
        assert_eq!(said[2].0, 9);
        assert!(
            said[2].1.contains("neither an http(s) address"),
            "{}",
            said[2].1
        );
    }

    #[test]
    fn sources_that_leave_the_project_are_problems() {
        for bad in ["../x.md", "/etc/passwd", "docs/../../x.md", "C:/x.md", ""] {
            let text = format!(
                "{{\"redirections\": [{{\"source_path\": {}, \"redirect_url\": \"/a\"}}]}}",
                serde_json::to_string(bad).unwrap()
            );
            let (found, problems) = parse(&text, REDIRECTION_FILE, "").unwrap();
            assert!(found.is_empty(), "{bad}");
            assert_eq!(problems.len(), 1, "{bad}");
        }
    }

    #[test]
    fn malformed_files_are_errors_at_their_place() {
        let e = parse(
            "{\"redirections\": [\n {\"source_path\": 1}]}",
            "r.json",
            "",
        )
        .unwrap_err();
        assert_eq!(e.span.line, 2, "{e:?}");
        let e = parse(
            "{\"redirections\": [\n {\"source_path\": \"a.md\"}]}",
            "r.json",
            "",
        )
        .unwrap_err();
        assert!(e.message.contains("redirect_url"), "{}", e.message);
    }

    #[test]
    fn chains_end_where_they_end_and_cycles_are_named() {
        let next = [Some(1), Some(2), None, Some(4), Some(3), Some(3)];
        let ends = follow_chains(&next);
        assert_eq!(ends[0], Ok(2));
        assert_eq!(ends[1], Ok(2));
        assert_eq!(ends[2], Ok(2));
        assert_eq!(ends[3], Err(vec![3, 4]));
        assert_eq!(ends[5], Err(vec![3, 4]));
    }

    #[test]
    fn following_a_long_chain_is_linear() {
        let n = 4000;
        let next: Vec<Option<usize>> = (0..n).map(|i| (i + 1 < n).then_some(i + 1)).collect();
        crate::diagnostics::work::take();
        let ends = follow_chains(&next);
        let steps = crate::diagnostics::work::take();
        assert!(ends.iter().all(|e| *e == Ok(n - 1)));
        assert!(steps <= 3 * n as u64, "{steps}");
    }
}
