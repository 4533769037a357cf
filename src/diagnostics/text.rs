//! The human format: grouped by file, each with its source line and a
//! caret under the column.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use unicode_width::UnicodeWidthStr;

use super::report::{summarized, SHOWN_PER_CODE};
use super::{Diagnostic, Severity};

/// Prints to stderr, colored only on a terminal that wants color.
pub fn print(diags: &[Diagnostic], show_info: bool) {
    eprint!("{}", format_text(diags, use_color(), show_info));
}

fn use_color() -> bool {
    use std::io::IsTerminal;
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}

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

/// Text output grouped by file, with the source line and a caret under the column.
pub fn format_text(diags: &[Diagnostic], color: bool, show_info: bool) -> String {
    let mut out = String::new();
    let mut by_file: BTreeMap<&str, Vec<&Diagnostic>> = BTreeMap::new();
    for d in diags
        .iter()
        .filter(|d| show_info || d.severity != Severity::Info)
    {
        by_file.entry(d.span.file.as_str()).or_default().push(d);
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
            let loc = if d.span.line > 0 {
                format!("{file}:{}:{}", d.span.line, d.span.column.max(1))
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
            if let Some(src) = &d.span.source_line {
                let shown = printable(src);
                let pad = " ".repeat(caret_indent(&shown, d.span.source_column));
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

/// The terminal columns that the first `chars` characters of `shown`
/// take: a CJK character or an emoji takes two, a combining mark none.
fn caret_indent(shown: &str, chars: usize) -> usize {
    let end = shown
        .char_indices()
        .nth(chars)
        .map_or(shown.len(), |(i, _)| i);
    shown[..end].width()
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Code;

    /// The text output of one diagnostic at the first `[` of `line`.
    fn shown(line: &str) -> String {
        let at = line.find('[').unwrap();
        let d = Diagnostic::warning(Code::BrokenLink, "p.md", "m").at(line, at);
        format_text(&[d], false, true)
    }

    /// Where the caret stands in the output, in terminal columns, and
    /// where the `[` it must stand under does.
    fn caret_and_target(out: &str) -> (usize, usize) {
        let lines: Vec<&str> = out.lines().collect();
        let source = lines[1];
        let caret = lines[2].find('^').unwrap();
        let before = &source[..source.find('[').unwrap()];
        (caret, before.width())
    }

    #[test]
    fn the_caret_stands_under_the_column_after_wide_characters() {
        for line in [
            "帮助中心 [链接](x.md)",
            "ヘルプ、[x](y.md)",
            "😀 and 👨‍👩‍👧 see [x](y.md)",
            "cafe\u{301} e\u{308}e\u{301} [x](y.md)",
            "\tindented\t[x](y.md)",
            "plain [x](y.md)",
        ] {
            let out = shown(line);
            let (caret, target) = caret_and_target(&out);
            assert_eq!(caret, target, "{line}\n{out}");
        }
    }

    #[test]
    fn wide_and_zero_width_characters_are_measured() {
        assert_eq!(caret_indent("中文[", 2), 4);
        assert_eq!(caret_indent("e\u{301}[", 2), 1);
        assert_eq!(caret_indent("😀[", 1), 2);
        assert_eq!(caret_indent("a b[", 3), 3);
        assert_eq!(caret_indent("ab", 9), 2);
    }

    #[test]
    fn control_characters_become_one_visible_symbol() {
        assert_eq!(printable("a\u{1b}[0m\tb\u{7f}"), "a\u{241b}[0m b\u{2421}");
    }
}
