//! Diagnostics: every problem helpsite finds, with a stable code and a
//! position in the user's own file, so editors and CI can jump to it.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Serialize;

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// The stable diagnostic codes. They are part of helpsite's interface
/// (JSON output, `[diagnostics]` overrides in site.toml), so never rename one.
pub mod code {
    pub const IO: &str = "io";
    pub const ENCODING: &str = "encoding";
    pub const CONFIG: &str = "config";
    pub const FRONT_MATTER: &str = "front-matter";
    pub const TEMPLATE: &str = "template";
    pub const BROKEN_LINK: &str = "broken-link";
    pub const BROKEN_ANCHOR: &str = "broken-anchor";
    pub const MISSING_MEDIA: &str = "missing-media";
    pub const CASE_MISMATCH: &str = "case-mismatch";
    pub const PATH_ESCAPE: &str = "path-escape";
    pub const OUTSIDE_LINK: &str = "outside-link";
    pub const INCLUDE_CYCLE: &str = "include-cycle";
    pub const INCLUDE_MISSING: &str = "include-missing";
    pub const INCLUDE_DEPTH: &str = "include-depth";
    pub const INCLUDE_SIZE: &str = "include-size";
    pub const UNSAFE_URL: &str = "unsafe-url";
    pub const HEADING_ATTRIBUTE: &str = "heading-attribute";
    pub const EXTERNAL_EMBED: &str = "external-embed";
    pub const DUPLICATE_ID: &str = "duplicate-id";
    pub const DUPLICATE_ASSETID: &str = "duplicate-assetid";
    pub const FALLBACK: &str = "fallback";
    pub const MEDIA_FALLBACK: &str = "media-fallback";
    pub const FTL_MISSING: &str = "ftl-missing";
    pub const FTL_UNUSED: &str = "ftl-unused";
    pub const FTL_SYNTAX: &str = "ftl-syntax";
    pub const FTL_FORMAT: &str = "ftl-format";
    pub const MOJIBAKE: &str = "mojibake";
    pub const TOC: &str = "toc";
    pub const LIST_INDENT: &str = "list-indent";
    pub const DATE: &str = "date";
    pub const STRUCTURE: &str = "structure";
    // DocFX Flavored Markdown extensions.
    pub const BLOCK_SYNTAX: &str = "block-syntax";
    pub const BLOCK_UNCLOSED: &str = "block-unclosed";
    pub const SNIPPET_MISSING: &str = "snippet-missing";
    pub const SNIPPET_REGION: &str = "snippet-region";
    pub const SNIPPET_RANGE: &str = "snippet-range";
    pub const SNIPPET_SIZE: &str = "snippet-size";
    pub const XREF_UNRESOLVED: &str = "xref-unresolved";
    pub const DUPLICATE_UID: &str = "duplicate-uid";
    pub const UNKNOWN_MONIKER: &str = "unknown-moniker";
    pub const UNKNOWN_PIVOT: &str = "unknown-pivot";
    // Stable addresses: help IDs, redirects, and what a release published.
    pub const DUPLICATE_HELP_ID: &str = "duplicate-help-id";
    pub const REDIRECT_FROM: &str = "redirect-from";
    pub const REDIRECTED_LINK: &str = "redirected-link";
    pub const VANISHED_URL: &str = "vanished-url";
    pub const VANISHED_ANCHOR: &str = "vanished-anchor";
    pub const VANISHED_HELP_ID: &str = "vanished-help-id";
    pub const RESERVED_PATH: &str = "reserved-path";
    pub const TRANSLATION_STAMP: &str = "translation-stamp";
    pub const OUTPUT_COLLISION: &str = "output-collision";
    pub const OUTPUT_CASE_COLLISION: &str = "output-case-collision";

    /// Every code with its default severity, for documentation and for
    /// validating `[diagnostics]` overrides.
    pub const ALL: &[&str] = &[
        IO,
        ENCODING,
        CONFIG,
        FRONT_MATTER,
        TEMPLATE,
        BROKEN_LINK,
        BROKEN_ANCHOR,
        MISSING_MEDIA,
        CASE_MISMATCH,
        PATH_ESCAPE,
        OUTSIDE_LINK,
        INCLUDE_CYCLE,
        INCLUDE_MISSING,
        INCLUDE_DEPTH,
        INCLUDE_SIZE,
        UNSAFE_URL,
        HEADING_ATTRIBUTE,
        EXTERNAL_EMBED,
        DUPLICATE_ID,
        DUPLICATE_ASSETID,
        FALLBACK,
        MEDIA_FALLBACK,
        FTL_MISSING,
        FTL_UNUSED,
        FTL_SYNTAX,
        FTL_FORMAT,
        MOJIBAKE,
        TOC,
        LIST_INDENT,
        DATE,
        STRUCTURE,
        BLOCK_SYNTAX,
        BLOCK_UNCLOSED,
        SNIPPET_MISSING,
        SNIPPET_REGION,
        SNIPPET_RANGE,
        SNIPPET_SIZE,
        XREF_UNRESOLVED,
        DUPLICATE_UID,
        UNKNOWN_MONIKER,
        UNKNOWN_PIVOT,
        DUPLICATE_HELP_ID,
        REDIRECT_FROM,
        REDIRECTED_LINK,
        VANISHED_URL,
        VANISHED_ANCHOR,
        VANISHED_HELP_ID,
        RESERVED_PATH,
        TRANSLATION_STAMP,
        OUTPUT_COLLISION,
        OUTPUT_CASE_COLLISION,
    ];
}

/// A count of the steps the parts that once grew quadratically take
/// (bytes scanned for positions, id probes, include bytes), per thread.
/// Tests read it to assert that 4× the input costs about 4× the work;
/// counting steps instead of measuring time keeps those tests exact.
pub mod work {
    use std::cell::Cell;

    thread_local! {
        static STEPS: Cell<u64> = const { Cell::new(0) };
    }

    pub fn add(steps: usize) {
        STEPS.with(|s| s.set(s.get() + steps as u64));
    }

    /// The steps counted on this thread since the last call.
    pub fn take() -> u64 {
        STEPS.with(|s| s.replace(0))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    pub code: &'static str,
    /// Relative to the site root, with forward slashes.
    pub file: String,
    /// 1-based; 0 when the problem concerns the whole file.
    pub line: usize,
    pub column: usize,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suggestion: Option<String>,
    /// The offending source line, for the caret display and the serve
    /// overlay; a long line is cut to a window around the column.
    #[serde(skip)]
    pub source_line: Option<String>,
    /// Where the caret goes in `source_line`, in characters from its start.
    #[serde(skip)]
    pub source_column: usize,
    /// A mechanical repair: replace `old` at byte `offset` of `file` by `new`.
    #[serde(skip)]
    pub fix: Option<Fix>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    pub offset: usize,
    pub old: String,
    pub new: String,
}

impl Diagnostic {
    pub fn new(
        severity: Severity,
        code: &'static str,
        file: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity,
            code,
            file: file.into(),
            line: 0,
            column: 0,
            message: message.into(),
            suggestion: None,
            source_line: None,
            source_column: 0,
            fix: None,
        }
    }

    pub fn error(code: &'static str, file: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, code, file, message)
    }

    pub fn warning(
        code: &'static str,
        file: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Self::new(Severity::Warning, code, file, message)
    }

    pub fn info(code: &'static str, file: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(Severity::Info, code, file, message)
    }

    /// Places the diagnostic at a byte offset of `text`, the full contents of `file`.
    pub fn with_fix(mut self, offset: usize, old: &str, new: &str) -> Self {
        self.fix = Some(Fix {
            offset,
            old: old.to_string(),
            new: new.to_string(),
        });
        self
    }

    /// Places the diagnostic at a byte offset of `text`. This scans `text`
    /// from its start; code that places many diagnostics in one text builds
    /// a [`LineIndex`] once and uses [`Diagnostic::at_indexed`].
    pub fn at(self, text: &str, offset: usize) -> Self {
        // Only the text up to the end of the offset's line decides where it
        // is: indexing the rest cost as much again for every diagnostic.
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let end = text[offset..]
            .find('\n')
            .map_or(text.len(), |i| offset + i + 1);
        let text = &text[..end];
        self.at_indexed(&LineIndex::new(text), text, offset)
    }

    pub fn at_indexed(mut self, lines: &LineIndex, text: &str, offset: usize) -> Self {
        let pos = lines.locate(text, offset);
        self.line = pos.line;
        self.column = pos.column;
        let (window, caret) = source_window(pos.line_text, pos.offset_in_line);
        self.source_line = Some(window);
        self.source_column = caret;
        self
    }

    /// Sets the source line when it is known by other means (templates).
    pub fn with_source_line(mut self, line_text: &str) -> Self {
        let at = line_text
            .char_indices()
            .nth(self.column.saturating_sub(1))
            .map_or(line_text.len(), |(i, _)| i);
        let (window, caret) = source_window(line_text, at);
        self.source_line = Some(window);
        self.source_column = caret;
        self
    }

    pub fn at_line_col(mut self, line: usize, column: usize) -> Self {
        self.line = line;
        self.column = column;
        self
    }

    pub fn with_suggestion(mut self, suggestion: impl Into<String>) -> Self {
        self.suggestion = Some(suggestion.into());
        self
    }

    /// `file:line:col: severity: message`, the format editors understand.
    pub fn headline(&self) -> String {
        let mut s = self.file.clone();
        if self.line > 0 {
            let _ = write!(s, ":{}:{}", self.line, self.column.max(1));
        }
        let _ = write!(
            s,
            ": {}: {} [{}]",
            self.severity.as_str(),
            self.message,
            self.code
        );
        printable(&s)
    }
}

pub struct Position<'a> {
    pub line: usize,
    pub column: usize,
    pub line_text: &'a str,
    /// Bytes from the start of `line_text` to the position.
    pub offset_in_line: usize,
}

/// The most of a source line a diagnostic keeps, in characters. Each
/// diagnostic owns its copy, so a whole line per diagnostic would make ten
/// thousand problems on one long line cost gigabytes.
const SOURCE_WINDOW: usize = 160;
const WINDOW_BEFORE: usize = 60;

/// A window of `line` around byte `at`, and the caret's place in it in
/// characters. It only walks the window, never the whole line.
fn source_window(line: &str, at: usize) -> (String, usize) {
    let at = floor_char_boundary(line, at.min(line.len()));
    let before: Vec<usize> = line[..at]
        .char_indices()
        .rev()
        .take(WINDOW_BEFORE)
        .map(|(i, _)| i)
        .collect();
    let start = before.last().copied().unwrap_or(at);
    let end = line[start..]
        .char_indices()
        .nth(SOURCE_WINDOW)
        .map_or(line.len(), |(i, _)| start + i);
    let mut window = String::with_capacity(end - start + 6);
    if start > 0 {
        window.push('…');
    }
    window.push_str(&line[start..end]);
    if end < line.len() {
        window.push('…');
    }
    (window, before.len() + usize::from(start > 0))
}

/// Maps byte offsets to 1-based line/column. CR, LF and CRLF each count as
/// one line break (as YAML and CommonMark do); columns count characters.
///
/// Built once per text in O(length); each lookup is then a binary search
/// plus at most one checkpoint block, so placing every link of a page
/// stays linear in the page's size.
pub struct LineIndex {
    /// Byte offset where each line starts.
    starts: Vec<usize>,
    /// Characters before every `CHECKPOINT`-th byte.
    chars_before: Vec<usize>,
}

const CHECKPOINT: usize = 1024;

/// Characters that start in `bytes`: every byte that is not a UTF-8 continuation.
fn count_chars(bytes: &[u8]) -> usize {
    bytes.iter().filter(|b| (**b & 0xC0) != 0x80).count()
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        work::add(text.len());
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'\n' => starts.push(i + 1),
                b'\r' => {
                    if bytes.get(i + 1) == Some(&b'\n') {
                        i += 1;
                    }
                    starts.push(i + 1);
                }
                _ => {}
            }
            i += 1;
        }
        let mut chars_before = Vec::with_capacity(bytes.len() / CHECKPOINT + 1);
        let mut total = 0;
        for block in bytes.chunks(CHECKPOINT) {
            chars_before.push(total);
            total += count_chars(block);
        }
        LineIndex {
            starts,
            chars_before,
        }
    }

    /// Characters in `text[..offset]`.
    fn chars_to(&self, bytes: &[u8], offset: usize) -> usize {
        let block = offset / CHECKPOINT;
        work::add(offset % CHECKPOINT);
        match self.chars_before.get(block) {
            Some(n) => n + count_chars(&bytes[block * CHECKPOINT..offset]),
            None => count_chars(&bytes[..offset]),
        }
    }

    /// `text` must be the text this index was built from.
    pub fn locate<'t>(&self, text: &'t str, offset: usize) -> Position<'t> {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        // A CRLF pair is one break: an offset on its LF still belongs to the line the CR ends.
        let line_no = self.starts.partition_point(|&s| s <= offset);
        let line_start = self.starts[line_no - 1];
        let bytes = text.as_bytes();
        let column = self.chars_to(bytes, offset) - self.chars_to(bytes, line_start) + 1;
        let line_end = match self.starts.get(line_no) {
            Some(&next) if text[..next].ends_with("\r\n") => next - 2,
            Some(&next) => next - 1,
            None => text.len(),
        };
        Position {
            line: line_no,
            column,
            line_text: &text[line_start..line_end],
            offset_in_line: offset - line_start,
        }
    }

    /// One lookup without keeping the index.
    pub fn position(text: &str, offset: usize) -> Position<'_> {
        LineIndex::new(text).locate(text, offset)
    }
}

pub fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

pub fn summarize(diags: &[Diagnostic]) -> Summary {
    let mut s = Summary::default();
    for d in diags {
        match d.severity {
            Severity::Error => s.errors += 1,
            Severity::Warning => s.warnings += 1,
            Severity::Info => s.infos += 1,
        }
    }
    s
}

/// The one way diagnostics leave helpsite: the site's `[diagnostics]`
/// severity overrides applied, repeats dropped (an include used by several
/// pages reports its problems once), sorted.
pub fn finish(overrides: &BTreeMap<String, Severity>, mut all: Vec<Diagnostic>) -> Vec<Diagnostic> {
    if !overrides.is_empty() {
        for d in &mut all {
            if let Some(s) = overrides.get(d.code) {
                d.severity = *s;
            }
        }
    }
    sort(&mut all);
    all.dedup_by(|a, b| {
        (&a.file, a.line, a.column, a.code, &a.message)
            == (&b.file, b.line, b.column, b.code, &b.message)
    });
    all
}

pub fn has_errors(diags: &[Diagnostic]) -> bool {
    diags.iter().any(|d| d.severity == Severity::Error)
}

/// Prints to stderr, colored only on a terminal that wants color.
pub fn print(diags: &[Diagnostic], show_info: bool) {
    eprint!("{}", format_text(diags, use_color(), show_info));
}

fn use_color() -> bool {
    use std::io::IsTerminal;
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}

/// How many of one code the text output shows before it only counts.
pub const SHOWN_PER_CODE: usize = 20;

/// Like `print`, but a code that repeats more than `SHOWN_PER_CODE` times
/// shows its first ones and a count: thousands of one warning would bury
/// everything else. `--format json` has all of them.
pub fn print_summarized(diags: &[Diagnostic], show_info: bool) {
    let (shown, hidden) = summarized(diags, show_info, SHOWN_PER_CODE);
    eprint!("{}", format_text(&shown, use_color(), show_info));
    for (code, n) in &hidden {
        eprintln!("… and {n} more `{code}` (run `helpsite check --format json` for all of them)");
    }
}

/// The first `limit` diagnostics of each code, in order, and how many of
/// each code were left out.
pub fn summarized(
    diags: &[Diagnostic],
    show_info: bool,
    limit: usize,
) -> (Vec<Diagnostic>, BTreeMap<&'static str, usize>) {
    let mut seen: BTreeMap<&'static str, usize> = BTreeMap::new();
    let mut hidden: BTreeMap<&'static str, usize> = BTreeMap::new();
    let mut shown = Vec::new();
    for d in diags
        .iter()
        .filter(|d| show_info || d.severity != Severity::Info)
    {
        let n = seen.entry(d.code).or_default();
        *n += 1;
        if *n <= limit {
            shown.push(d.clone());
        } else {
            *hidden.entry(d.code).or_default() += 1;
        }
    }
    (shown, hidden)
}

/// Sorts for stable output: by file, then position, then code.
pub fn sort(diags: &mut [Diagnostic]) {
    diags.sort_by(|a, b| {
        (&a.file, a.line, a.column, a.code, &a.message)
            .cmp(&(&b.file, b.line, b.column, b.code, &b.message))
    });
}

/// Text output grouped by file, with the source line and a caret under the column.
pub fn format_text(diags: &[Diagnostic], color: bool, show_info: bool) -> String {
    let mut out = String::new();
    let mut by_file: BTreeMap<&str, Vec<&Diagnostic>> = BTreeMap::new();
    for d in diags
        .iter()
        .filter(|d| show_info || d.severity != Severity::Info)
    {
        by_file.entry(d.file.as_str()).or_default().push(d);
    }
    let paint = |code: &str, s: &str| {
        if color {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    };
    for (file, list) in by_file {
        for d in list {
            let sev = match d.severity {
                Severity::Error => paint("1;31", "error"),
                Severity::Warning => paint("1;33", "warning"),
                Severity::Info => paint("1;36", "info"),
            };
            let loc = if d.line > 0 {
                format!("{file}:{}:{}", d.line, d.column.max(1))
            } else {
                file.to_string()
            };
            let _ = writeln!(
                out,
                "{}: {sev}: {} [{}]",
                paint("1", &printable(&loc)),
                printable(&d.message),
                d.code
            );
            if let Some(src) = &d.source_line {
                let shown = printable(src);
                let pad = " ".repeat(d.source_column.min(src.chars().count()));
                let _ = writeln!(out, "    | {shown}");
                let _ = writeln!(out, "    | {pad}{}", paint("1;32", "^"));
            }
            if let Some(s) = &d.suggestion {
                let _ = writeln!(out, "    = help: {s}");
            }
        }
    }
    out
}

/// Control characters (NUL, ESC, …) from a source line or a file name
/// must not reach the terminal raw; each becomes one visible symbol, so the
/// caret stays in place.
pub fn printable(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\t' => ' ',
            '\u{7f}' => '\u{2421}',
            c if c.is_control() => char::from_u32(0x2400 + (c as u32 & 0x1f)).unwrap_or('?'),
            c => c,
        })
        .collect()
}

#[derive(Serialize)]
struct JsonReport<'a> {
    diagnostics: &'a [Diagnostic],
    summary: JsonSummary,
}

#[derive(Serialize)]
struct JsonSummary {
    errors: usize,
    warnings: usize,
}

pub fn format_json(diags: &[Diagnostic]) -> String {
    let s = summarize(diags);
    let report = JsonReport {
        diagnostics: diags,
        summary: JsonSummary {
            errors: s.errors,
            warnings: s.warnings,
        },
    };
    serde_json::to_string_pretty(&report).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_cr_lf_and_crlf_as_one_break() {
        let text = "a\r\nb\rc\nd";
        assert_eq!(LineIndex::position(text, 0).line, 1);
        let b = LineIndex::position(text, 3);
        assert_eq!((b.line, b.column, b.line_text), (2, 1, "b"));
        let c = LineIndex::position(text, 5);
        assert_eq!((c.line, c.column, c.line_text), (3, 1, "c"));
        let d = LineIndex::position(text, 7);
        assert_eq!((d.line, d.column), (4, 1));
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let text = "geïnstalleerd [x](y.md)";
        let at = text.find('[').unwrap();
        assert_eq!(LineIndex::position(text, at).column, 15);
    }

    #[test]
    fn headline_is_editor_format() {
        let d = Diagnostic::error(code::BROKEN_LINK, "content/en/a.md", "no page").at("x\n  y", 4);
        assert_eq!(
            d.headline(),
            "content/en/a.md:2:3: error: no page [broken-link]"
        );
    }
}
