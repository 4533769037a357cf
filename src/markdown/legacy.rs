//! The DocFX reading of list items and callout runs, as a pre-pass over the
//! source before the CommonMark parser sees it.
//!
//! DocFX's 2017 renderer (DFM, a port of `marked`) read lists differently
//! from CommonMark, and the published pages show its reading:
//!
//! - tabs count as four spaces, not as a jump to the next tab stop;
//! - after a blank line, any indented line still belongs to the list item
//!   above it, and up to the width of the item's marker (`10.  ` is five
//!   columns) is taken off before the rest is read. CommonMark wants the
//!   full width: a tab under `10.  ` becomes an indented code block there,
//!   which turns screenshots into literal `![…](…)` text;
//! - inside a blockquote, every `[!NOTE]`/`[!div …]` line starts a new
//!   callout, also after lazy continuation lines.
//!
//! The pre-pass re-indents such lines (and splits such blockquotes) so that
//! CommonMark reads what DFM read. Only leading whitespace changes and blank
//! lines are added, and `Rewritten::to_source` maps every offset back to the
//! original text, so diagnostics keep pointing at the author's lines.

pub use crate::config::Dialect;

/// A line whose reading depends on the dialect, worth telling the author.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ambiguity {
    /// Byte offset of the line's first non-blank character in the input.
    pub offset: usize,
    pub message: String,
    pub suggestion: String,
}

/// The input as CommonMark should read it, with the way back to the input's
/// offsets.
#[derive(Debug, Clone)]
pub struct Rewritten {
    pub text: String,
    /// `(offset in text, offset in input, copied)`, by offset in text. A
    /// copied segment maps byte for byte; an inserted one maps to its input
    /// offset as a whole.
    segments: Vec<(usize, usize, bool)>,
}

impl Rewritten {
    /// The input offset that `offset` in the rewritten text stands for.
    pub fn to_source(&self, offset: usize) -> usize {
        let i = self.segments.partition_point(|s| s.0 <= offset);
        match i.checked_sub(1).map(|i| self.segments[i]) {
            Some((at, from, true)) => from + (offset - at),
            Some((_, from, false)) => from,
            None => offset,
        }
    }
}

struct Builder<'a> {
    input: &'a str,
    text: String,
    segments: Vec<(usize, usize, bool)>,
    /// Input copied up to here.
    copied_to: usize,
    changed: bool,
    /// List lines are re-indented only for DocFX 2017's reading; DocFX's
    /// markdig engine read lists as CommonMark does.
    reindent: bool,
}

impl<'a> Builder<'a> {
    fn copy_to(&mut self, end: usize) {
        if end > self.copied_to {
            self.segments.push((self.text.len(), self.copied_to, true));
            self.text.push_str(&self.input[self.copied_to..end]);
            self.copied_to = end;
        }
    }
    /// Replaces `input[start..end]` by `with`.
    fn replace(&mut self, start: usize, end: usize, with: &str) {
        if !self.reindent {
            return;
        }
        self.copy_to(start);
        self.segments.push((self.text.len(), end, false));
        self.text.push_str(with);
        self.copied_to = end;
        self.changed = true;
    }
    /// Inserts `text` before `input[at..]`.
    fn insert(&mut self, at: usize, text: &str) {
        self.copy_to(at);
        self.segments.push((self.text.len(), at, false));
        self.text.push_str(text);
        self.changed = true;
    }
}

/// One open list item.
struct Item {
    /// The marker as written, for messages: `10.`, `-`.
    marker: String,
    /// Indentation of the marker, relative to the item's container, in DFM columns.
    marker_indent: usize,
    /// Indentation of the marker line as written, in DFM columns.
    written_indent: usize,
    /// What DFM takes off the item's lines: marker indent + marker + spaces (tabs as 4).
    dfm_width: usize,
    /// Where CommonMark puts the item's text, relative to its container,
    /// once the pre-pass has written the marker line.
    cm_width: usize,
}

/// One line of the input, split after its indentation.
struct Line<'a> {
    start: usize,
    /// Where the line's text ends, and where the next line starts.
    end: usize,
    next: usize,
    /// Bytes of indentation.
    indent_len: usize,
    /// The line after its indentation.
    rest: &'a str,
    /// Width of the indentation, as DFM counted it and as CommonMark does.
    dfm_cols: usize,
    cm_cols: usize,
}

impl<'a> Line<'a> {
    fn at(input: &'a str, start: usize) -> Self {
        let (end, next) = line_end(input, start);
        let line = &input[start..end];
        let indent_len = line.len() - line.trim_start_matches([' ', '\t']).len();
        let indent = &line[..indent_len];
        Line {
            start,
            end,
            next,
            indent_len,
            rest: &line[indent_len..],
            dfm_cols: dfm_columns(indent),
            cm_cols: cm_columns(indent),
        }
    }
}

/// Which open list items a line belongs to, as DFM read it.
#[derive(Clone, Copy)]
struct Belonging {
    /// How many of the open items hold the line.
    depth: usize,
    /// The line's indentation once those items' widths are taken off.
    rel: usize,
    /// The line closes the items from `depth` on.
    ends_lists: bool,
    /// A lazy continuation: an unindented line right after text.
    lazy: bool,
    /// After a blank line, the first item the line is indented less than
    /// CommonMark wants, and by how much less than its marker line.
    short_at: Option<(usize, usize)>,
}

/// The pre-pass, line by line.
struct Reader<'a> {
    out: Builder<'a>,
    dialect: Dialect,
    notes: Vec<Ambiguity>,
    stack: Vec<Item>,
    blank_before: bool,
    in_quote: bool,
    /// An open fence: its character, length and the list depth it sits at.
    fence: Option<(u8, usize, usize)>,
}

/// Reads `input` the way DFM did. Returns the text for the parser (`None`
/// when it is the input unchanged, or under `Dialect::Commonmark`) and the
/// lines whose reading differs enough to mention.
pub fn rewrite(input: &str, dialect: Dialect) -> (Option<Rewritten>, Vec<Ambiguity>) {
    let mut reader = Reader {
        out: Builder {
            input,
            text: String::with_capacity(input.len() + 64),
            segments: Vec::new(),
            copied_to: 0,
            changed: false,
            reindent: dialect == Dialect::Docfx2017,
        },
        dialect,
        notes: Vec::new(),
        stack: Vec::new(),
        blank_before: false,
        in_quote: false,
        fence: None,
    };
    let mut start = 0;
    while start < input.len() {
        let line = Line::at(input, start);
        reader.read(&line);
        start = line.next;
    }
    let Reader {
        out: mut b, notes, ..
    } = reader;
    if !b.changed || dialect == Dialect::Commonmark {
        return (None, notes);
    }
    b.copy_to(input.len());
    (
        Some(Rewritten {
            text: b.text,
            segments: b.segments,
        }),
        notes,
    )
}

impl Reader<'_> {
    fn read(&mut self, line: &Line) {
        if self.fence.is_some() {
            self.read_fenced(line);
            return;
        }
        if line.rest.is_empty() {
            self.blank_before = true;
            self.in_quote = false;
            return;
        }
        self.split_callout(line);
        let bullet = parse_bullet(line.rest);
        let belonging = self.belonging(line, bullet.is_some());
        if belonging.ends_lists {
            self.stack.truncate(belonging.depth);
        }
        let offset = cm_offset(&self.stack[..belonging.depth]);
        self.note_shortfall(line, belonging, offset);
        let opened = bullet.filter(|_| !belonging.lazy && belonging.rel < 4);
        let body = match opened {
            Some(bullet) => {
                self.open_item(line, bullet, belonging.rel, offset);
                &line.rest[bullet.0 + bullet.1..]
            }
            None => {
                let target = offset + belonging.rel;
                if !belonging.lazy && belonging.depth > 0 && target != line.cm_cols {
                    self.out.replace(
                        line.start,
                        line.start + line.indent_len,
                        &" ".repeat(target),
                    );
                }
                line.rest
            }
        };
        if let Some((ch, len)) = opens_fence(body).filter(|_| belonging.rel < 4) {
            self.fence = Some((ch, len, self.stack.len()));
        }
        if body.starts_with('>') {
            self.in_quote = true;
        }
        self.blank_before = false;
    }

    /// A line inside a fence keeps its place in the list item the fence is in.
    fn read_fenced(&mut self, line: &Line) {
        let Some((ch, len, depth)) = self.fence else {
            return;
        };
        let items = &self.stack[..depth];
        let rel = line
            .dfm_cols
            .saturating_sub(items.iter().map(|i| i.dfm_width).sum());
        let target = cm_offset(items) + rel;
        if depth > 0 && target != line.cm_cols && !line.rest.is_empty() {
            self.out.replace(
                line.start,
                line.start + line.indent_len,
                &" ".repeat(target),
            );
        }
        if rel < 4 && closes_fence(line.rest, ch, len) {
            self.fence = None;
        }
    }

    /// A callout marker later in a blockquote starts a callout of its own:
    /// a blank line goes before it.
    fn split_callout(&mut self, line: &Line) {
        let marks_callout = |rest: &str| {
            rest.strip_prefix('>')
                .is_some_and(|q| starts_with_marker(q.trim_start()))
        };
        // Both DocFX engines start a callout at every marker line.
        if self.dialect != Dialect::Commonmark && self.in_quote && marks_callout(line.rest) {
            let eol = &self.out.input[line.end..line.next];
            self.out
                .insert(line.start, if eol.is_empty() { "\n" } else { eol });
        }
    }

    fn belonging(&self, line: &Line, is_bullet: bool) -> Belonging {
        let mut found = Belonging {
            depth: 0,
            rel: line.dfm_cols,
            ends_lists: false,
            lazy: false,
            short_at: None,
        };
        while let Some(item) = self.stack.get(found.depth) {
            if is_bullet && found.rel < 4 && found.rel <= item.marker_indent {
                found.ends_lists = true;
                break;
            }
            if found.rel == 0 {
                found.ends_lists = self.blank_before;
                found.lazy = !self.blank_before;
                break;
            }
            if self.blank_before && found.rel < item.cm_width && found.short_at.is_none() {
                let shortfall = line.dfm_cols.saturating_sub(item.written_indent);
                found.short_at = Some((found.depth, shortfall));
            }
            found.rel = found.rel.saturating_sub(item.dfm_width);
            found.depth += 1;
        }
        found
    }

    /// After a blank line, a line indented less than CommonMark wants for
    /// the item it is in: worth telling the author when the dialects
    /// disagree about it, or the indentation looks like a slip.
    fn note_shortfall(&mut self, line: &Line, belonging: Belonging, offset: usize) {
        let Belonging {
            depth,
            rel,
            lazy,
            short_at,
            ..
        } = belonging;
        if lazy || depth == 0 || !self.blank_before || line.cm_cols >= offset {
            return;
        }
        let (level, shortfall) = short_at.unwrap_or((depth - 1, rel));
        let unclear = (1..4).contains(&shortfall);
        if self.dialect != Dialect::Docfx2017 || unclear {
            self.notes.push(Ambiguity {
                offset: line.start + line.indent_len,
                message: describe(&self.stack[level], line.cm_cols, self.dialect),
                suggestion: format!(
                    "indent it by {offset} spaces to keep it in the list item, or start it at column 1 to end the list"
                ),
            });
        }
    }

    /// Opens the list item `line` starts, its marker line rewritten where
    /// CommonMark would read it otherwise than DFM did.
    fn open_item(
        &mut self,
        line: &Line,
        (marker_len, spaces_len): (usize, usize),
        rel: usize,
        offset: usize,
    ) {
        let rest = line.rest;
        let spaces = &rest[marker_len..marker_len + spaces_len];
        let empty = marker_len + spaces_len == rest.len();
        let dfm_spaces = if empty { 1 } else { dfm_columns(spaces) };
        let cm_spaces = if (1..=4).contains(&dfm_spaces) {
            dfm_spaces
        } else {
            1
        };
        let target_indent = offset + rel;
        // What CommonMark makes of the line as written.
        let marker_end = line.cm_cols + marker_len;
        let written_spaces = cm_columns_from(spaces, marker_end) - marker_end;
        let written = if (1..=4).contains(&written_spaces) || empty {
            written_spaces.max(1)
        } else {
            1
        };
        if target_indent != line.cm_cols || written != cm_spaces {
            let content_at = line.start + line.indent_len + marker_len + spaces_len;
            let mut with = " ".repeat(target_indent);
            with.push_str(&rest[..marker_len]);
            if !empty {
                with.push_str(&" ".repeat(cm_spaces));
            }
            self.out.replace(line.start, content_at, &with);
        }
        self.stack.push(Item {
            marker: rest[..marker_len].to_string(),
            marker_indent: rel,
            written_indent: line.dfm_cols,
            dfm_width: rel + marker_len + dfm_spaces,
            cm_width: rel + marker_len + cm_spaces,
        });
    }
}

fn describe(item: &Item, written: usize, dialect: Dialect) -> String {
    let marker = &item.marker;
    let columns = if written == 1 { "column" } else { "columns" };
    let what = match dialect {
        Dialect::Docfx2017 => "DocFX continued the list item here, and so does helpsite; CommonMark would end the list",
        Dialect::DocfxMarkdig => "CommonMark ends the list here, as DocFX's markdig engine did and helpsite does (DocFX's 2017 renderer kept the line in the item)",
        Dialect::Commonmark => "DocFX's 2017 renderer continued the list item here; CommonMark, DocFX's markdig engine and helpsite with `markdown = \"commonmark\"` end the list",
    };
    format!("indented {written} {columns}, less than the text of list item `{marker}`: {what}")
}

/// Where CommonMark puts the text of the innermost of `items`.
fn cm_offset(items: &[Item]) -> usize {
    items.iter().map(|i| i.cm_width).sum()
}

/// Offsets of the end of the line at `start` and of the next line, for LF,
/// CRLF and lone CR.
fn line_end(s: &str, start: usize) -> (usize, usize) {
    let bytes = s.as_bytes();
    match s[start..].find(['\n', '\r']) {
        None => (s.len(), s.len()),
        Some(n) => {
            let end = start + n;
            let next = if bytes[end] == b'\r' && bytes.get(end + 1) == Some(&b'\n') {
                end + 2
            } else {
                end + 1
            };
            (end, next)
        }
    }
}

/// Width of leading whitespace as DFM saw it: a tab is four spaces.
fn dfm_columns(ws: &str) -> usize {
    ws.chars().map(|c| if c == '\t' { 4 } else { 1 }).sum()
}

/// Width of leading whitespace as CommonMark sees it: tabs stop every 4 columns.
fn cm_columns(ws: &str) -> usize {
    cm_columns_from(ws, 0)
}

fn cm_columns_from(ws: &str, from: usize) -> usize {
    ws.chars().fold(from, |col, c| {
        if c == '\t' {
            col + 4 - col % 4
        } else {
            col + 1
        }
    })
}

/// A list marker at the start of `s`: its length and the length of the
/// whitespace after it. Thematic breaks (`- - -`, `***`) are not markers.
fn parse_bullet(s: &str) -> Option<(usize, usize)> {
    let bytes = s.as_bytes();
    let marker_len = match bytes.first()? {
        b'-' | b'+' | b'*' => 1,
        b'0'..=b'9' => {
            let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
            if digits > 9 || !matches!(bytes.get(digits), Some(b'.' | b')')) {
                return None;
            }
            digits + 1
        }
        _ => return None,
    };
    let after = &s[marker_len..];
    let spaces = after.len() - after.trim_start_matches([' ', '\t']).len();
    if spaces == 0 && !after.is_empty() {
        return None;
    }
    if marker_len == 1 && is_thematic_break(s) {
        return None;
    }
    Some((marker_len, spaces))
}

fn is_thematic_break(s: &str) -> bool {
    let t: Vec<char> = s.chars().filter(|c| !c.is_whitespace()).collect();
    t.len() >= 3 && matches!(t[0], '-' | '*' | '_') && t.iter().all(|&c| c == t[0])
}

fn opens_fence(s: &str) -> Option<(u8, usize)> {
    let ch = *s.as_bytes().first()?;
    if ch != b'`' && ch != b'~' {
        return None;
    }
    let len = s.bytes().take_while(|&b| b == ch).count();
    (len >= 3 && !(ch == b'`' && s[len..].contains('`'))).then_some((ch, len))
}

fn closes_fence(s: &str, ch: u8, len: usize) -> bool {
    let n = s.bytes().take_while(|&b| b == ch).count();
    n >= len && s[n..].trim().is_empty()
}

fn starts_with_marker(s: &str) -> bool {
    super::docfx::parse_marker(s).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn docfx(s: &str) -> String {
        rewrite(s, Dialect::Docfx2017)
            .0
            .map_or_else(|| s.to_string(), |r| r.text)
    }

    #[test]
    fn tab_under_a_two_digit_marker_continues_the_item() {
        let src = "9.  Nine\n\n\t![a](a.png)\n\n10.  Ten\n\n\t![b](b.png)\n\nAfter\n";
        assert_eq!(
            docfx(src),
            "9.  Nine\n\n\t![a](a.png)\n\n10.  Ten\n\n     ![b](b.png)\n\nAfter\n"
        );
    }

    #[test]
    fn nested_bullets_written_with_tabs() {
        let src = "10.  Ten\n\n\tIntro:\n\t-\t**Allow?**\n\n\t\t![x](x.png)\n\n\tMore.\n";
        assert_eq!(
            docfx(src),
            "10.  Ten\n\n     Intro:\n     -    **Allow?**\n\n          ![x](x.png)\n\n     More.\n"
        );
    }

    #[test]
    fn unchanged_text_is_not_copied() {
        for src in [
            "1.  One\n\n    code? no, text\n",
            "- a\n- b\n\n  more of b\n",
            "Para\n\n    real code\n",
            "```\n10.  x\n\n\ty\n```\n",
            "---\n\n\tcode\n",
        ] {
            assert!(rewrite(src, Dialect::Docfx2017).0.is_none(), "{src:?}");
        }
    }

    #[test]
    fn offsets_map_back_to_the_source() {
        let src = "10.  Ten\r\n\r\n\t![b](b.png)\r\n";
        let r = rewrite(src, Dialect::Docfx2017).0.unwrap();
        let at = r.text.find("![b]").unwrap();
        assert_eq!(r.to_source(at), src.find("![b]").unwrap());
        assert_eq!(
            r.to_source(r.text.find("b.png").unwrap()),
            src.find("b.png").unwrap()
        );
        assert_eq!(r.to_source(0), 0);
    }

    #[test]
    fn callout_runs_in_one_blockquote_split() {
        let src =
            "> [!div class=\"button\"]\n[One](a.md)\n> [!div class=\"button\"]\n[Two](b.md)\n";
        let r = rewrite(src, Dialect::Docfx2017).0.unwrap();
        assert_eq!(
            r.text,
            "> [!div class=\"button\"]\n[One](a.md)\n\n> [!div class=\"button\"]\n[Two](b.md)\n"
        );
        let at = r.text.rfind("[Two]").unwrap();
        assert_eq!(r.to_source(at), src.find("[Two]").unwrap());
        assert!(rewrite(src, Dialect::Commonmark).0.is_none());
    }

    #[test]
    fn shallow_continuations_are_ambiguous() {
        let src = "10.  Ten\n\n  two spaces\n";
        let (r, notes) = rewrite(src, Dialect::Docfx2017);
        assert_eq!(r.unwrap().text, "10.  Ten\n\n     two spaces\n");
        assert_eq!(notes.len(), 1);
        assert_eq!(notes[0].offset, src.find("two").unwrap());
        assert!(
            notes[0].message.contains("DocFX continued"),
            "{}",
            notes[0].message
        );
        // A tab is a clear continuation: no note in the DocFX dialect …
        let (_, notes) = rewrite("10.  Ten\n\n\tTab\n", Dialect::Docfx2017);
        assert!(notes.is_empty());
        // … but strict CommonMark names what DocFX would have done.
        let (r, notes) = rewrite("10.  Ten\n\n\tTab\n", Dialect::Commonmark);
        assert!(r.is_none());
        assert_eq!(notes.len(), 1);
    }
}
