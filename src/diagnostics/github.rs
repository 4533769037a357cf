//! `check --format github`: one GitHub Actions workflow command per
//! diagnostic, so the runner shows each problem on its line in the pull
//! request, and a closing count that is no command.

use std::fmt::Write as _;

use super::{summarize, Diagnostic, Severity};

/// Where the annotated files are: `prefix` is the site root's path from
/// the repository root (forward slashes, empty or ending in `/`), which
/// GitHub resolves annotation paths against.
pub struct RepoPaths<'a> {
    pub prefix: &'a str,
}

/// The file a diagnostic annotates, from the repository root. A
/// diagnostic about the site as a whole has no file; its place is the
/// site's configuration. A file in a locale's folder beside the site
/// (`../docs.nl-nl/x.md`) is named from the repository root without the
/// detour, and one named by an absolute path (`content = "/srv/nl"`) stays
/// absolute: joined to the prefix it would name no file at all.
pub fn annotated_file(prefix: &str, d: &Diagnostic) -> String {
    let file = if d.span.file.is_empty() {
        "site.toml"
    } else {
        d.span.file.as_str()
    };
    if is_absolute(file) {
        return file.to_string();
    }
    let mut parts: Vec<&str> = Vec::new();
    for part in prefix.split('/').chain(file.split('/')) {
        match part {
            "" | "." => {}
            ".." if parts.last().is_some_and(|p| *p != "..") => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    parts.join("/")
}

/// `/x` on Unix, `C:/x` or `C:\x` on Windows.
pub fn is_absolute(file: &str) -> bool {
    let b = file.as_bytes();
    file.starts_with('/') || (b.len() > 2 && b[0].is_ascii_alphabetic() && b[1] == b':')
}

pub fn format_github(diags: &[Diagnostic], paths: &RepoPaths) -> String {
    let mut out = String::with_capacity(diags.len() * 128);
    for d in diags {
        let command = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let file = escape_property(&visible(&annotated_file(paths.prefix, d)));
        // A problem with the whole file is shown on its first line, where
        // the pull request can still put it beside the file.
        let _ = write!(out, "::{command} file={file},line={}", d.span.line.max(1));
        if d.span.line > 0 {
            let _ = write!(out, ",col={}", d.span.column.max(1));
        }
        let _ = write!(out, ",title={}::", escape_property(d.code.as_str()));
        let mut message = d.message.clone();
        if let Some(s) = &d.suggestion {
            let _ = write!(message, "\nSuggestion: {s}");
        }
        out.push_str(&escape_data(&visible(&message)));
        out.push('\n');
    }
    let s = summarize(diags);
    // Not a command: the runner prints it as it is, under the annotations.
    let _ = writeln!(
        out,
        "helpsite check: {} error(s), {} warning(s), {} note(s)",
        s.errors, s.warnings, s.infos
    );
    out
}

/// Line breaks survive (the runner decodes them); every other control
/// character becomes a visible symbol, as in the text output, since the
/// runner has no escape for it and a raw one would garble the log.
fn visible(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\n' | '\r' => c,
            '\u{7f}' => '\u{2421}',
            c if c.is_control() => char::from_u32(0x2400 + (c as u32 & 0x1f)).unwrap_or('?'),
            c => c,
        })
        .collect()
}

/// The runner's escapes for a command's message.
pub fn escape_data(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            c => out.push(c),
        }
    }
    out
}

/// The runner's escapes for a property value, where `:` would end the
/// properties and `,` would start the next one.
pub fn escape_property(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            ':' => out.push_str("%3A"),
            ',' => out.push_str("%2C"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Code;

    fn at(d: Diagnostic, line: usize, column: usize) -> Diagnostic {
        d.at_line_col(line, column)
    }

    #[test]
    fn a_locale_folder_beside_the_site_is_named_from_the_repository_root() {
        let d = |file: &str| Diagnostic::error(Code::BrokenLink, file, "x");
        assert_eq!(
            annotated_file("site/", &d("../docs.nl-nl/a.md")),
            "docs.nl-nl/a.md"
        );
        assert_eq!(annotated_file("", &d("content/en/a.md")), "content/en/a.md");
        assert_eq!(annotated_file("a/b/", &d("../../../up.md")), "../up.md");
        assert_eq!(annotated_file("site/", &d("/srv/nl/a.md")), "/srv/nl/a.md");
        assert_eq!(annotated_file("site/", &d("C:/nl/a.md")), "C:/nl/a.md");
        assert_eq!(annotated_file("site/", &d("")), "site/site.toml");
    }

    #[test]
    fn one_command_per_diagnostic_and_a_count_that_is_no_command() {
        let diags = [
            at(
                Diagnostic::error(Code::BrokenLink, "content/en/a.md", "no page `b.md`")
                    .with_suggestion("c.md"),
                3,
                7,
            ),
            at(
                Diagnostic::warning(Code::HeadingSkip, "content/en/a.md", "h1 then h3"),
                9,
                1,
            ),
            Diagnostic::info(Code::FtlUnused, "locales/en/ui.ftl", "unused `x`"),
            Diagnostic::error(Code::Config, "", "no locales"),
        ];
        let out = format_github(&diags, &RepoPaths { prefix: "docs/" });
        insta::assert_snapshot!(out, @r"
        ::error file=docs/content/en/a.md,line=3,col=7,title=broken-link::no page `b.md`%0ASuggestion: c.md
        ::warning file=docs/content/en/a.md,line=9,col=1,title=heading-skip::h1 then h3
        ::notice file=docs/locales/en/ui.ftl,line=1,title=ftl-unused::unused `x`
        ::error file=docs/site.toml,line=1,title=config::no locales
        helpsite check: 2 error(s), 1 warning(s), 1 note(s)
        ");
    }

    #[test]
    fn properties_and_data_escape_what_the_runner_decodes() {
        assert_eq!(escape_data("50% a:b,c\r\n::x"), "50%25 a:b,c%0D%0A::x");
        assert_eq!(escape_property("a,b:c%0A\n"), "a%2Cb%3Ac%250A%0A");
    }

    #[test]
    fn control_characters_other_than_line_breaks_become_visible() {
        let d = at(
            Diagnostic::error(Code::BrokenLink, "a\u{0}.md", "x\u{0}y\u{1b}[0m\nz"),
            1,
            1,
        );
        let out = format_github(&[d], &RepoPaths { prefix: "" });
        assert!(out.starts_with(
            "::error file=a\u{2400}.md,line=1,col=1,title=broken-link::x\u{2400}y\u{241b}[0m%0Az\n"
        ));
        assert!(!out.contains('\u{0}'));
    }
}
