//! Which lines of a snippet file a snippet shows: a region, a notebook's
//! cells, the lines `range` picks or the whole file, within the page's
//! snippet budget, and which of them `highlight` marks.

use super::directive::{attr, DirectiveLine};
use super::snippet_files::SnippetFile;
use super::snippet_notebook::Miss;
use super::snippet_tags::{self, CommentForm};
use super::*;
use crate::diagnostics::work;

/// A snippet error at byte `at` of the file being rendered.
pub(super) fn report(
    doc: &Doc,
    state: &mut State,
    at: usize,
    code: crate::diagnostics::Code,
    message: String,
    suggestion: Option<String>,
) {
    let mut diag = Diagnostic::error(code, doc.file, message).at_indexed(doc.lines(), doc.text, at);
    if let Some(s) = suggestion {
        diag = diag.with_suggestion(s);
    }
    state.out.diagnostics.push(diag);
}

/// `2-5,9` → the 1-based line intervals `[(2, 5), (9, 9)]`; `5-` runs to
/// `max`. `None` when malformed. Numbers past `max` are kept for the caller
/// to report: an interval is two numbers, so `1-999999999` costs nothing
/// until lines are picked, and those stop at the snippet's end.
fn parse_ranges(spec: &str, max: usize) -> Option<Vec<(usize, usize)>> {
    let mut intervals = Vec::new();
    for part in spec.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let (a, b) = match part.split_once('-') {
            Some((a, b)) => (a.trim(), b.trim()),
            None => (part, part),
        };
        let a: usize = a.parse().ok()?;
        // `5-` runs to the end.
        let b: usize = if b.is_empty() { max } else { b.parse().ok()? };
        if a == 0 || b < a {
            return None;
        }
        intervals.push((a, b));
    }
    work::add(intervals.len());
    Some(intervals)
}

/// Bytes of snippet lines one page may show, counting every use: the
/// sibling of the include limit. A `range` that repeats a large file's
/// lines copies them each time; a real page shows a few KiB.
pub(super) const MAX_SHOWN: usize = super::include::MAX_EXPANDED;

/// What a snippet directive asks of its file.
pub(super) struct Wanted<'a> {
    pub source: &'a str,
    pub region: Option<&'a str>,
    pub range: Option<&'a str>,
    /// The comment forms whose tags mark regions in the snippet's language.
    pub forms: &'static [CommentForm],
}

/// The comment forms of the language DocFX reads a snippet's tags in: the
/// one `[!code-…]` names, else the file's extension; every form for a
/// language DocFX does not know.
pub(super) fn comment_forms(d: &DirectiveLine, path: &str) -> &'static [CommentForm] {
    let name = path.rsplit('/').next().unwrap_or(path);
    let extension = name.rfind('.').map_or("", |n| &name[n..]);
    let language = attr(d, "tag-language").unwrap_or(extension);
    snippet_tags::forms_of(language).unwrap_or(snippet_tags::EVERY_FORM)
}

pub(super) fn has_extension(path: &str, extension: &str) -> bool {
    path.rsplit_once('.')
        .is_some_and(|(_, e)| e.eq_ignore_ascii_case(extension))
}

/// The source lines of the notebook cells `name` selects, within the
/// page's budget; `None` once the reason there are none is reported.
pub(super) fn notebook_cells<'f>(
    doc: &Doc,
    state: &mut State,
    at: usize,
    file: &'f SnippetFile,
    wanted: &Wanted,
    name: &str,
) -> Option<Vec<&'f str>> {
    let source = wanted.source;
    let cells = match file.notebook() {
        Ok(notebook) => notebook.cells(name),
        Err(why) => {
            let message = format!("snippet `{source}` has no cell `{name}`: {why}");
            report(doc, state, at, Code::SnippetRegion, message, None);
            return None;
        }
    };
    let cells = match cells {
        Ok(cells) => cells,
        Err(Miss::Absent) => {
            let message = format!(
                "notebook `{source}` has no cell named `{name}` (in its `metadata.name` or `metadata.tags`)"
            );
            report(doc, state, at, Code::SnippetRegion, message, None);
            return None;
        }
        Err(Miss::Ambiguous(count)) => {
            let message = format!(
                "notebook `{source}` has {count} cells named `{name}`; DocFX shows none of them"
            );
            let suggestion = Some("give each cell its own `metadata.name`".to_string());
            report(doc, state, at, Code::SnippetRegion, message, suggestion);
            return None;
        }
    };
    if wanted.range.is_some() {
        ignored_range(doc, state, at, source);
    }
    // Cells are set apart by a blank line.
    let lines = cells
        .iter()
        .enumerate()
        .flat_map(|(n, cell)| (n > 0).then_some("").into_iter().chain(cell.lines()));
    let mut shown = Vec::new();
    for line in lines {
        if !charge(doc, state, at, line.len() + 1) {
            break;
        }
        shown.push(line);
    }
    Some(shown)
}

/// DocFX shows a whole region or cell whatever `range` says.
fn ignored_range(doc: &Doc, state: &mut State, at: usize, source: &str) {
    let message = format!(
        "snippet `{source}` names a region, so `range` is ignored: DocFX shows the whole region"
    );
    let diag = Diagnostic::warning(Code::SnippetRange, doc.file, message)
        .at_indexed(doc.lines(), doc.text, at)
        .with_suggestion("drop `range`, or drop the region's name and count the file's lines");
    state.out.diagnostics.push(diag);
}

/// The lines to show, as line indices of `file`: the region (without the
/// tags of its comment form) or else the lines `range` picks, or the whole
/// file, tag lines and all, as DocFX shows them; within the page's budget.
/// `None` when nothing is to be shown, once the reason is reported.
pub(super) fn select(
    doc: &Doc,
    state: &mut State,
    at: usize,
    file: &SnippetFile,
    wanted: &Wanted,
) -> Option<Vec<usize>> {
    let source = wanted.source;
    if let Some(name) = wanted.region {
        let region = found_region(doc, state, at, file, wanted, name)?;
        if wanted.range.is_some() {
            ignored_range(doc, state, at, source);
        }
        return within_budget(doc, state, at, file, region.into_iter());
    }
    let count = file.len();
    let Some(spec) = wanted.range else {
        return within_budget(doc, state, at, file, 0..count);
    };
    let intervals = parse_ranges(spec, count);
    let past_end = intervals
        .as_ref()
        .is_some_and(|parts| parts.iter().any(|&(_, b)| b > count));
    let picked = intervals
        .iter()
        .flatten()
        .flat_map(|&(a, b)| a - 1..b.min(count));
    let lines = match intervals {
        Some(_) => within_budget(doc, state, at, file, picked),
        None => None,
    };
    if intervals.is_none() || past_end {
        let shown = match &lines {
            Some(l) if !l.is_empty() => format!("; the lines up to {count} are shown"),
            _ => String::new(),
        };
        let message =
            format!("range `{spec}` does not fit snippet `{source}` ({count} lines){shown}");
        let suggestion = Some("write line numbers as `2-5,9`, from 1".into());
        report(doc, state, at, Code::SnippetRange, message, suggestion);
    }
    lines.filter(|l| !l.is_empty() || !past_end)
}

/// The lines of region `name`, reported when DocFX would show none or
/// when its name is not the region's alone.
fn found_region(
    doc: &Doc,
    state: &mut State,
    at: usize,
    file: &SnippetFile,
    wanted: &Wanted,
    name: &str,
) -> Option<Vec<usize>> {
    let source = wanted.source;
    let Some(region) = file.region(name, wanted.forms) else {
        let other_form = file.region(name, snippet_tags::EVERY_FORM).is_some();
        let suggestion = match other_form {
            true => Some(format!(
                "the file marks `{name}` in the comments of another language, which DocFX does not read as a region here: name the snippet's language (`[!code-python[…](…)]`) or mark the region in this language's comments"
            )),
            false => file
                .closest_region(name)
                .map(|s| format!("did you mean `{s}`?")),
        };
        let message = format!("snippet `{source}` has no region `{name}`");
        report(doc, state, at, Code::SnippetRegion, message, suggestion);
        return None;
    };
    if region.unclosed {
        let message = format!(
            "region `{name}` of snippet `{source}` has no end tag after its last start tag; DocFX shows nothing"
        );
        let suggestion = Some(format!("close it with an end tag for `{name}`"));
        report(doc, state, at, Code::SnippetRegion, message, suggestion);
        return None;
    }
    if region.starts > 1 {
        let message = format!(
            "snippet `{source}` opens region `{name}` {} times; as in DocFX, the last one is shown",
            region.starts
        );
        let diag = Diagnostic::warning(Code::SnippetRegion, doc.file, message)
            .at_indexed(doc.lines(), doc.text, at)
            .with_suggestion("give each region a name of its own");
        state.out.diagnostics.push(diag);
    }
    Some(region.lines)
}

/// The `picked` lines while the page's snippet budget lasts; `None` when
/// the budget ran out before the first.
fn within_budget(
    doc: &Doc,
    state: &mut State,
    at: usize,
    file: &SnippetFile,
    picked: impl Iterator<Item = usize>,
) -> Option<Vec<usize>> {
    let mut lines = Vec::new();
    let mut cut = false;
    for i in picked {
        if !charge(doc, state, at, file.line(i).len() + 1) {
            cut = true;
            break;
        }
        lines.push(i);
    }
    (!cut || !lines.is_empty()).then_some(lines)
}

/// Takes `size` bytes from the page's snippet budget; `false`, reported
/// once per page, when they do not fit.
fn charge(doc: &Doc, state: &mut State, at: usize, size: usize) -> bool {
    work::add(1);
    if state.snippet_budget.shown + size <= MAX_SHOWN {
        state.snippet_budget.shown += size;
        return true;
    }
    if !std::mem::replace(&mut state.snippet_budget.too_big, true) {
        let message = format!(
            "snippets show more than {} MiB on this page; the rest is left out",
            MAX_SHOWN >> 20
        );
        let suggestion = Some("a `range` that repeats lines copies them each time".into());
        report(doc, state, at, Code::SnippetSize, message, suggestion);
    }
    false
}

/// Which of the `count` lines `highlight` marks. Numbers past the snippet's
/// end are reported, and the rest still marked.
pub(super) fn highlights(
    doc: &Doc,
    state: &mut State,
    at: usize,
    spec: Option<&str>,
    count: usize,
) -> Vec<bool> {
    let Some(spec) = spec else {
        return Vec::new();
    };
    let intervals = parse_ranges(spec, count);
    let fits = intervals
        .as_ref()
        .is_some_and(|parts| parts.iter().all(|&(_, b)| b <= count));
    if !fits {
        let message = format!("highlight `{spec}` does not fit the {count} lines of the snippet");
        report(doc, state, at, Code::SnippetRange, message, None);
    }
    // Each interval adds one where it starts and takes it off past its end:
    // the running sum is above zero on every marked line, whatever the
    // intervals' number and overlap.
    let mut edges = vec![0i64; count + 1];
    for (a, b) in intervals.into_iter().flatten().filter(|&(a, _)| a <= count) {
        edges[a - 1] += 1;
        edges[b.min(count)] -= 1;
    }
    work::add(count);
    let mut depth = 0;
    edges[..count]
        .iter()
        .map(|e| {
            depth += e;
            depth > 0
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges() {
        assert_eq!(parse_ranges("2-4,7", 9), Some(vec![(2, 4), (7, 7)]));
        assert_eq!(parse_ranges("8-", 9), Some(vec![(8, 9)]));
        assert_eq!(
            parse_ranges("1-18446744073709551615", 9),
            Some(vec![(1, usize::MAX)])
        );
        assert_eq!(parse_ranges("4-2", 9), None);
        assert_eq!(parse_ranges("x", 9), None);
    }
}
