//! A translator's target text, back as Markdown. The export carries every
//! piece of the source's syntax as a code; what a translator types between
//! the codes is text. So the Markdown and HTML syntax in it is escaped
//! (backslashes, `&lt;`, `&amp;`) and the reader sees exactly what was
//! typed: `<script>` shows as `<script>`, a `#` at a line start does not
//! make a heading, `:::` no directive, `|` no table cell, `[x](y)` no link.
//! The translation keeps exactly the source's structure.

use super::inline::Inline;
use crate::markdown::autolink;

/// Characters escaped wherever they are: each starts or ends inline
/// syntax (code, emphasis, links, DocFX's `[!…]`, strikethrough, table
/// cells, a heading's `{#id}` and closing `#`s). `<` and `&` become
/// entities.
const ALWAYS: &[char] = &['\\', '`', '*', '_', '[', ']', '#', '|', '{', '}', '~'];

/// Characters that start a block only at the start of a line: quotes and
/// alerts, list items, setext underlines, thematic breaks, DocFX's `:::`
/// directives.
const AT_LINE_START: &[char] = &['>', '-', '+', '=', ':'];

/// Where a typed literal link is cut in two. The renderer finds GFM's
/// autolink literals in text after parsing, backslash escapes and entities
/// already resolved and adjacent text merged, so neither stops them; an
/// empty comment ends the text run and shows nothing.
const LINK_BREAK: &str = "<!-- -->";

/// The Markdown of a unit's target: codes as they are, text escaped. A
/// link literal the translator typed (`https://…`, `www.…`, an e-mail
/// address) stays text unless it is one of `keep`, the source's own.
pub fn markdown(parts: &[Inline], keep: &[&str]) -> String {
    let mut out = String::new();
    // A unit starts where a block's text starts.
    let mut line_start = true;
    for (i, part) in parts.iter().enumerate() {
        match part {
            Inline::Text(text) => {
                let before_bracket =
                    matches!(parts.get(i + 1), Some(Inline::Code(c)) if c.starts_with('['));
                line_start = escape_unlinked(text, keep, line_start, before_bracket, &mut out);
            }
            Inline::Code(code) => {
                out.push_str(code);
                line_start = ends_a_line(code);
            }
            Inline::Open(marker) | Inline::Close(marker) => {
                out.push_str(marker);
                line_start = false;
            }
        }
    }
    out
}

/// [`escape_text`], with every literal link not in `keep` cut where it
/// stops being one. Each cut starts a new text run, which is searched
/// again, as the renderer will search it.
fn escape_unlinked(
    text: &str,
    keep: &[&str],
    mut line_start: bool,
    before_bracket: bool,
    out: &mut String,
) -> bool {
    let mut rest = text;
    loop {
        let cut = autolink::literals(rest)
            .into_iter()
            .find(|l| !keep.contains(&&rest[l.start..l.end]) && l.split_at > l.start);
        let Some(cut) = cut else {
            return escape_text(rest, line_start, before_bracket, out);
        };
        line_start = escape_text(&rest[..cut.split_at], line_start, false, out);
        out.push_str(LINK_BREAK);
        rest = &rest[cut.split_at..];
    }
}

/// Whether the code is a line break inside the unit (with the next line's
/// indent): the text after it starts a line.
fn ends_a_line(code: &str) -> bool {
    code.rfind(['\n', '\r'])
        .is_some_and(|at| code[at + 1..].trim_start_matches([' ', '\t']).is_empty())
}

/// Appends `text` escaped; returns whether the output still stands at the
/// start of a line (the text was empty or only spaces there).
/// `before_bracket`: the next code starts with `[`, so a final `!` would
/// make it an image.
fn escape_text(text: &str, mut line_start: bool, before_bracket: bool, out: &mut String) -> bool {
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        // A line break the translator typed would end a heading, a table
        // row or (doubled) the paragraph; the reader sees it as a space.
        if matches!(c, '\n' | '\r') {
            while chars.next_if(|c| c.is_whitespace()).is_some() {}
            if !line_start {
                out.push(' ');
            }
            continue;
        }
        if line_start {
            // Indentation shows to no reader, and four spaces make code.
            if matches!(c, ' ' | '\t') {
                continue;
            }
            line_start = false;
            if AT_LINE_START.contains(&c) {
                out.push('\\');
                out.push(c);
                continue;
            }
            if c.is_ascii_digit() {
                out.push(c);
                while let Some(d) = chars.next_if(char::is_ascii_digit) {
                    out.push(d);
                }
                // `1.` or `1)`: an ordered list item.
                if chars.peek().is_some_and(|p| matches!(p, '.' | ')')) {
                    out.push('\\');
                }
                continue;
            }
        }
        match c {
            '<' => out.push_str("&lt;"),
            '&' => out.push_str("&amp;"),
            '!' if before_bracket && chars.peek().is_none() => out.push_str("\\!"),
            c if ALWAYS.contains(&c) => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    line_start
}

#[cfg(test)]
mod tests {
    use super::*;
    use Inline::{Close, Code, Open, Text};

    fn markdown_(parts: &[Inline]) -> String {
        markdown(parts, &[])
    }

    fn t(s: &str) -> Inline {
        Text(s.into())
    }

    #[test]
    fn markup_typed_as_text_is_escaped() {
        assert_eq!(
            markdown_(&[t("Zie <script>alert(1)</script> & *dit* [x](y) `z` {#id} a|b ~~s~~")]),
            "Zie &lt;script>alert(1)&lt;/script> &amp; \\*dit\\* \\[x\\](y) \\`z\\` \\{\\#id\\} a\\|b \\~\\~s\\~\\~"
        );
    }

    #[test]
    fn typed_links_are_cut_unless_the_source_has_them() {
        let typed = t("Zie https://evil.example, www.evil.example of help@evil.example.");
        assert_eq!(
            markdown(&[typed.clone()], &["www.evil.example"]),
            "Zie https<!-- -->://evil.example, www.evil.example of help<!-- -->@evil.example."
        );
        // What the renderer then searches, run by run, holds no link.
        for typed in [
            "www.a.example/https://b.example",
            "x@y.example, https://a.example/?u=www.b.example&m=c@d.example",
        ] {
            let made = markdown_(&[t(typed)]);
            assert!(made.contains(LINK_BREAK), "{made}");
            for run in made.split(LINK_BREAK) {
                assert!(autolink::literals(run).is_empty(), "{run} in {made}");
            }
        }
    }

    #[test]
    fn block_syntax_at_a_line_start_is_escaped() {
        assert_eq!(markdown_(&[t("# Kop")]), "\\# Kop");
        assert_eq!(markdown_(&[t("  - item")]), "\\- item");
        assert_eq!(
            markdown_(&[t(":::code source=\"x\":::")]),
            "\\:::code source=\"x\":::"
        );
        assert_eq!(markdown_(&[t("12. stap")]), "12\\. stap");
        assert_eq!(markdown_(&[t("> citaat")]), "\\> citaat");
        // After a line break the source carried, too; mid-line they are text.
        assert_eq!(
            markdown_(&[t("een - twee"), Code("\n  ".into()), t("= drie 4. vier")]),
            "een - twee\n  \\= drie 4. vier"
        );
    }

    #[test]
    fn typed_line_breaks_become_spaces() {
        assert_eq!(
            markdown_(&[t("Titel\n---\n\n<script>")]),
            "Titel --- &lt;script>"
        );
    }

    #[test]
    fn codes_and_markers_stay_and_an_image_is_not_made() {
        assert_eq!(
            markdown_(&[
                t("Klik!"),
                Code("[".into()),
                t("hier!"),
                Code("](a.md)".into()),
                t(" en "),
                Open("**".into()),
                t("nu!"),
                Close("**".into()),
            ]),
            "Klik\\![hier!](a.md) en **nu!**"
        );
    }
}
