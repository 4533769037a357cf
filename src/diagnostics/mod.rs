//! Diagnostics: every problem helpsite finds, with a stable code and a
//! position in the user's own file, so editors and CI can jump to it.
//!
//! `codes` names the problems, `position` says where they are, `report`
//! applies the site's overrides and orders them, `text` prints them for
//! people (`report::format_json` for programs, `github` and `sarif` for CI).

mod codes;
mod github;
mod position;
mod report;
mod sarif;
mod summaries;
mod text;

use std::fmt::Write as _;

use serde::Serialize;

pub use codes::{Code, Severity, UnknownCode};
pub use github::{escape_data, escape_property, format_github, RepoPaths};
pub use position::{floor_char_boundary, LineIndex, Position, Span};
pub use report::{
    finish, format_json, has_errors, sort, summarize, summarized, Summary, SHOWN_PER_CODE,
};
pub use sarif::{encode_path, format_sarif, SarifBase};
pub use text::{format_text, print, print_summarized, printable};

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
    pub code: Code,
    #[serde(flatten)]
    pub span: Span,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suggestion: Option<String>,
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

/// What makes two diagnostics the same report, and the order they are
/// printed in: by file, then position, then code.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Key<S> {
    pub file: S,
    pub line: usize,
    pub column: usize,
    pub code: Code,
    pub message: S,
}

impl Key<&str> {
    /// A key that outlives its diagnostic, to compare one run's with the next's.
    pub fn owned(&self) -> Key<String> {
        Key {
            file: self.file.to_string(),
            line: self.line,
            column: self.column,
            code: self.code,
            message: self.message.to_string(),
        }
    }
}

impl Diagnostic {
    pub fn new(
        severity: Severity,
        code: Code,
        file: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity,
            code,
            span: Span::file(file),
            message: message.into(),
            suggestion: None,
            fix: None,
        }
    }

    pub fn error(code: Code, file: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, code, file, message)
    }

    pub fn warning(code: Code, file: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, code, file, message)
    }

    pub fn info(code: Code, file: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(Severity::Info, code, file, message)
    }

    pub fn key(&self) -> Key<&str> {
        Key {
            file: &self.span.file,
            line: self.span.line,
            column: self.span.column,
            code: self.code,
            message: &self.message,
        }
    }

    pub fn with_fix(mut self, offset: usize, old: &str, new: &str) -> Self {
        self.fix = Some(Fix {
            offset,
            old: old.to_string(),
            new: new.to_string(),
        });
        self
    }

    /// Places the diagnostic at a byte offset of `text`, the full contents
    /// of its file. This scans `text` up to that offset; code that places
    /// many diagnostics in one text builds a [`LineIndex`] once and uses
    /// [`Diagnostic::at_indexed`].
    pub fn at(mut self, text: &str, offset: usize) -> Self {
        self.span.locate_once(text, offset);
        self
    }

    pub fn at_indexed(mut self, lines: &LineIndex, text: &str, offset: usize) -> Self {
        self.span.locate(lines, text, offset);
        self
    }

    /// Places the diagnostic where an earlier pass recorded something that
    /// turned out to be a problem later (a link whose target lacks the anchor).
    pub fn with_span(mut self, span: Span) -> Self {
        self.span = span;
        self
    }

    /// Sets the source line when it is known by other means (templates).
    pub fn with_source_line(mut self, line_text: &str) -> Self {
        self.span.show_line(line_text);
        self
    }

    pub fn at_line_col(mut self, line: usize, column: usize) -> Self {
        self.span.line = line;
        self.span.column = column;
        self
    }

    pub fn with_suggestion(mut self, suggestion: impl Into<String>) -> Self {
        self.suggestion = Some(suggestion.into());
        self
    }

    /// `file:line:col: severity: message`, the format editors understand.
    pub fn headline(&self) -> String {
        let mut s = self.span.file.clone();
        if self.span.line > 0 {
            let _ = write!(s, ":{}:{}", self.span.line, self.span.column.max(1));
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headline_is_editor_format() {
        let d = Diagnostic::error(Code::BrokenLink, "content/en/a.md", "no page").at("x\n  y", 4);
        assert_eq!(
            d.headline(),
            "content/en/a.md:2:3: error: no page [broken-link]"
        );
    }

    #[test]
    fn the_key_tells_repeats_apart_by_position_code_and_message() {
        let d = Diagnostic::error(Code::BrokenLink, "a.md", "m").at("x\ny", 2);
        let same = d.clone().with_suggestion("other help");
        assert_eq!(d.key(), same.key());
        for other in [
            d.clone().at_line_col(2, 2),
            Diagnostic::error(Code::BrokenAnchor, "a.md", "m").at("x\ny", 2),
            Diagnostic::error(Code::BrokenLink, "a.md", "m2").at("x\ny", 2),
        ] {
            assert_ne!(d.key(), other.key());
        }
        assert_eq!(d.key().owned(), same.key().owned());
    }
}
