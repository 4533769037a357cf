//! The diagnostics of a run as a whole: overrides, repeats, order,
//! counts, and the JSON report.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{Code, Diagnostic, Severity};

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
            if let Some(s) = overrides.get(d.code.as_str()) {
                d.severity = *s;
            }
        }
    }
    sort(&mut all);
    all.dedup_by(|a, b| a.key() == b.key());
    all
}

pub fn has_errors(diags: &[Diagnostic]) -> bool {
    diags.iter().any(|d| d.severity == Severity::Error)
}

/// Sorts for stable output: by file, then position, then code.
pub fn sort(diags: &mut [Diagnostic]) {
    diags.sort_by(|a, b| a.key().cmp(&b.key()));
}

/// How many of one code the text output shows before it only counts.
pub const SHOWN_PER_CODE: usize = 20;

/// The first `limit` diagnostics of each code, in order, and how many of
/// each code were left out.
pub fn summarized(
    diags: &[Diagnostic],
    show_info: bool,
    limit: usize,
) -> (Vec<Diagnostic>, BTreeMap<Code, usize>) {
    let mut seen: BTreeMap<Code, usize> = BTreeMap::new();
    let mut hidden: BTreeMap<Code, usize> = BTreeMap::new();
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

    fn diag(severity: Severity, code: Code, file: &str, line: usize, message: &str) -> Diagnostic {
        let mut d = Diagnostic::new(severity, code, file, message);
        d.span.line = line;
        d.span.column = 1;
        d
    }

    #[test]
    fn finish_overrides_sorts_and_drops_repeats() {
        let all = vec![
            diag(Severity::Warning, Code::Toc, "b.md", 1, "m"),
            diag(Severity::Error, Code::BrokenLink, "a.md", 2, "m"),
            diag(Severity::Warning, Code::ExternalEmbed, "a.md", 2, "m"),
            diag(Severity::Error, Code::BrokenLink, "a.md", 2, "m"),
        ];
        let overrides = BTreeMap::from([("external-embed".to_string(), Severity::Error)]);
        let finished = finish(&overrides, all);
        let got: Vec<(&str, Code, Severity)> = finished
            .iter()
            .map(|d| (d.span.file.as_str(), d.code, d.severity))
            .collect();
        assert_eq!(
            got,
            [
                ("a.md", Code::BrokenLink, Severity::Error),
                ("a.md", Code::ExternalEmbed, Severity::Error),
                ("b.md", Code::Toc, Severity::Warning),
            ]
        );
    }

    #[test]
    fn summarized_counts_what_it_leaves_out_per_code() {
        let all: Vec<Diagnostic> = (1..=5)
            .map(|line| diag(Severity::Warning, Code::Date, "a.md", line, "m"))
            .chain([diag(Severity::Info, Code::Fallback, "a.md", 9, "m")])
            .collect();
        let (shown, hidden) = summarized(&all, false, 2);
        assert_eq!(shown.len(), 2);
        assert_eq!(hidden, BTreeMap::from([(Code::Date, 3)]));
    }

    #[test]
    fn json_has_the_fields_in_their_order_and_no_source_window() {
        let d = Diagnostic::error(Code::BrokenLink, "a.md", "no page")
            .at("x\n[y](z.md)", 2)
            .with_suggestion("z2.md");
        assert_eq!(
            format_json(&[d]),
            r#"{
  "diagnostics": [
    {
      "severity": "error",
      "code": "broken-link",
      "file": "a.md",
      "line": 2,
      "column": 1,
      "message": "no page",
      "suggestion": "z2.md"
    }
  ],
  "summary": {
    "errors": 1,
    "warnings": 0
  }
}"#
        );
    }
}
