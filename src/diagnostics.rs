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
    ];
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
    /// The offending source line, for the caret display and the serve overlay.
    #[serde(skip)]
    pub source_line: Option<String>,
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

    pub fn at(mut self, text: &str, offset: usize) -> Self {
        let pos = LineIndex::position(text, offset);
        self.line = pos.line;
        self.column = pos.column;
        self.source_line = Some(pos.line_text.to_string());
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
        s
    }
}

pub struct Position<'a> {
    pub line: usize,
    pub column: usize,
    pub line_text: &'a str,
}

/// Maps byte offsets to 1-based line/column. CR, LF and CRLF each count as
/// one line break (as YAML and CommonMark do); columns count characters.
pub struct LineIndex;

impl LineIndex {
    pub fn position(text: &str, offset: usize) -> Position<'_> {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let bytes = text.as_bytes();
        let mut line = 1;
        let mut line_start = 0;
        let mut i = 0;
        while i < offset {
            match bytes[i] {
                b'\n' => {
                    line += 1;
                    line_start = i + 1;
                }
                b'\r' => {
                    if i + 1 < bytes.len() && bytes[i + 1] == b'\n' {
                        if i + 1 >= offset {
                            break;
                        }
                        i += 1;
                    }
                    line += 1;
                    line_start = i + 1;
                }
                _ => {}
            }
            i += 1;
        }
        let column = text[line_start..offset].chars().count() + 1;
        let line_end = text[line_start..]
            .find(['\r', '\n'])
            .map_or(text.len(), |e| line_start + e);
        Position {
            line,
            column,
            line_text: &text[line_start..line_end],
        }
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
                paint("1", &loc),
                d.message,
                d.code
            );
            if let Some(src) = &d.source_line {
                // Long lines (tables, paragraphs) are cut to a window around the column.
                let chars: Vec<char> = src
                    .chars()
                    .map(|c| if c == '\t' { ' ' } else { c })
                    .collect();
                let col = d.column.saturating_sub(1).min(chars.len());
                let start = col.saturating_sub(40);
                let end = (start + 100).min(chars.len());
                let mut shown: String = chars[start..end].iter().collect();
                if start > 0 {
                    shown.insert(0, '…');
                }
                if end < chars.len() {
                    shown.push('…');
                }
                let _ = writeln!(out, "    | {shown}");
                let pad = " ".repeat(col - start + usize::from(start > 0));
                let _ = writeln!(out, "    | {pad}{}", paint("1;32", "^"));
            }
            if let Some(s) = &d.suggestion {
                let _ = writeln!(out, "    = help: {s}");
            }
        }
    }
    out
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
