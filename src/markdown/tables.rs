//! Pipe tables as DocFX's Markdown engine (markdig) reads them, where the
//! parser alone would show their rows as `|---|` text:
//!
//! - markdig makes a table as wide as its widest row, its header and its
//!   `|---|` row included: missing cells are empty. The parser wants the
//!   header and the `|---|` row to have as many cells, and drops the cells
//!   of a wider row;
//! - markdig reads a table from a paragraph, lazy lines included, so a
//!   `|---|` row or a row indented less than the header in a list item is
//!   still the table's. The parser ends the list item there.
//!
//! The pre-pass pads the header and the `|---|` row with empty cells up to
//! the widest row, and indents the table's lazy lines like its header. It
//! only inserts bytes, and `Widened::to_source` maps every offset back, so
//! diagnostics keep pointing at the author's lines. A header and `|---|`
//! row that still do not parse as a table are reported by `unrendered`.

use std::ops::Range;

use pulldown_cmark::{Event, Parser, Tag};

use super::options;
use super::rewrite::Spanned;
use crate::diagnostics::work;

/// The text for the parser, with the way back to the input's offsets.
#[derive(Debug)]
pub(super) struct Widened {
    pub text: String,
    /// Each insertion, in order: where it starts in `text`, its length,
    /// and the input offset it was inserted before.
    inserts: Vec<(usize, usize, usize)>,
}

impl Widened {
    /// The input offset that `offset` in the widened text stands for.
    pub fn to_source(&self, offset: usize) -> usize {
        let i = self.inserts.partition_point(|ins| ins.0 <= offset);
        match i.checked_sub(1).map(|k| self.inserts[k]) {
            None => offset,
            Some((start, len, at)) if offset < start + len => at,
            Some((start, len, at)) => at + (offset - start - len),
        }
    }

    /// The offset in the widened text of input offset `at`.
    fn in_widened(&self, at: usize) -> usize {
        let i = self.inserts.partition_point(|ins| ins.2 <= at);
        match i.checked_sub(1).map(|k| self.inserts[k]) {
            None => at,
            Some((start, len, input)) => start + len + (at - input),
        }
    }
}

/// What the pre-pass found: the text for the parser (`None` when unchanged)
/// and the header line of each table, in that text's offsets, to check that
/// the parser read a table there.
#[derive(Debug, Default)]
pub(super) struct Tables {
    pub widened: Option<Widened>,
    pub headers: Vec<Range<usize>>,
}

/// One line, split after its quote markers and indentation.
#[derive(Debug, Clone, Copy)]
struct Line {
    start: usize,
    /// Where its content starts, after `>` markers and indentation.
    content: usize,
    /// Where its content ends, before trailing blanks and the line break.
    end: usize,
    quotes: usize,
    /// Columns of indentation after the last `>`.
    indent: usize,
}

impl Line {
    fn at(text: &str, start: usize) -> (Line, usize) {
        let bytes = text.as_bytes();
        let line_end = text[start..].find('\n').map_or(text.len(), |n| start + n);
        let (mut i, mut quotes, mut indent) = (start, 0, 0);
        while i < line_end {
            match bytes[i] {
                b' ' => indent += 1,
                b'\t' => indent += 4 - indent % 4,
                b'>' => {
                    quotes += 1;
                    indent = 0;
                    if bytes.get(i + 1) == Some(&b' ') {
                        i += 1;
                    }
                }
                _ => break,
            }
            i += 1;
        }
        let end = i + text[i..line_end].trim_end().len();
        let line = Line {
            start,
            content: i,
            end,
            quotes,
            indent,
        };
        (line, (line_end + 1).min(text.len()))
    }

    fn text<'t>(&self, text: &'t str) -> &'t str {
        &text[self.content..self.end]
    }
}

/// Cells of a row as the parser counts them: split at unescaped pipes,
/// without the outer ones.
fn cells(row: &str) -> usize {
    let bytes = row.as_bytes();
    let mut pipes = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 1,
            b'|' => pipes.push(i),
            _ => {}
        }
        i += 1;
    }
    let mut count = pipes.len() + 1;
    if pipes.first() == Some(&0) {
        count -= 1;
    }
    if pipes.last().is_some_and(|&p| p + 1 == bytes.len()) && bytes.len() > 1 {
        count -= 1;
    }
    count
}

fn has_pipe(row: &str) -> bool {
    let bytes = row.as_bytes();
    (0..bytes.len()).any(|i| bytes[i] == b'|' && (i == 0 || bytes[i - 1] != b'\\'))
}

/// A `|---|:---:|` row: at least one pipe, and every cell dashes with
/// optional colons.
fn is_delimiter_row(row: &str) -> bool {
    if !row.contains('|') || !row.contains('-') {
        return false;
    }
    let inner = row.strip_prefix('|').unwrap_or(row);
    let inner = inner.strip_suffix('|').unwrap_or(inner);
    inner.split('|').all(|cell| {
        let c = cell.trim();
        let c = c.strip_prefix(':').unwrap_or(c);
        let c = c.strip_suffix(':').unwrap_or(c);
        !c.is_empty() && c.bytes().all(|b| b == b'-')
    })
}

/// A line that starts a block of its own rather than continuing a table.
fn starts_block(row: &str) -> bool {
    let first = row.as_bytes().first().copied().unwrap_or(b' ');
    let list = matches!(first, b'-' | b'*' | b'+') && row[1..].starts_with(' ');
    let ordered = {
        let digits = row.bytes().take_while(u8::is_ascii_digit).count();
        digits > 0 && (row[digits..].starts_with(". ") || row[digits..].starts_with(") "))
    };
    list || ordered || row.starts_with('#') || row.starts_with("```") || row.starts_with("~~~")
}

/// One table-like block: a header, its `|---|` row and its rows.
struct Candidate {
    header: Line,
    delimiter: Line,
    rows: Vec<Line>,
    /// The widest row's cells, the header and `|---|` row included.
    width: usize,
}

impl Candidate {
    fn needs_change(&self, text: &str) -> bool {
        let header_cells = cells(self.header.text(text));
        let delimiter_cells = cells(self.delimiter.text(text));
        header_cells < self.width
            || delimiter_cells < self.width
            || self.lazy_lines().next().is_some()
    }

    /// The `|---|` row and rows indented less than the header.
    fn lazy_lines(&self) -> impl Iterator<Item = &Line> {
        std::iter::once(&self.delimiter)
            .chain(&self.rows)
            .filter(|l| l.indent < self.header.indent)
    }
}

/// Finds the table-like blocks of `text` and, unless `strict`, widens and
/// indents those the parser would not read as DocFX does.
pub(super) fn prepare(text: &str, strict: bool) -> Tables {
    // Most pages have no table: no line index for them.
    if !text.contains('|') || !text.contains('-') {
        return Tables::default();
    }
    let found = candidates(text);
    if found.is_empty() {
        return Tables::default();
    }
    let mut headers: Vec<Range<usize>> =
        found.iter().map(|c| c.header.start..c.header.end).collect();
    if strict || !found.iter().any(|c| c.needs_change(text)) {
        return Tables {
            widened: None,
            headers,
        };
    }
    let opaque = opaque_ranges(text);
    let mut inserts: Vec<(usize, String)> = Vec::new();
    let mut next_opaque = 0;
    for c in &found {
        while opaque
            .get(next_opaque)
            .is_some_and(|r| r.end <= c.header.start)
        {
            next_opaque += 1;
        }
        if opaque
            .get(next_opaque)
            .is_some_and(|r| r.start <= c.header.content)
            || !c.needs_change(text)
        {
            continue;
        }
        widen(text, c, &mut inserts);
    }
    if inserts.is_empty() {
        return Tables {
            widened: None,
            headers,
        };
    }
    inserts.sort_by_key(|(at, _)| *at);
    let widened = apply(text, &inserts);
    for h in &mut headers {
        *h = widened.in_widened(h.start)..widened.in_widened(h.end);
    }
    Tables {
        widened: Some(widened),
        headers,
    }
}

/// The insertions that give the header and `|---|` row the table's width
/// and line its lazy lines up under the header.
fn widen(text: &str, c: &Candidate, inserts: &mut Vec<(usize, String)>) {
    for lazy in c.lazy_lines() {
        inserts.push((lazy.content, " ".repeat(c.header.indent - lazy.indent)));
    }
    for (line, cell) in [(&c.header, " |"), (&c.delimiter, "-|")] {
        let row = line.text(text);
        let missing = c.width.saturating_sub(cells(row));
        if missing == 0 {
            continue;
        }
        let mut pad = String::with_capacity(1 + missing * cell.len());
        if !row.ends_with('|') || row.ends_with("\\|") || row == "|" {
            pad.push('|');
        }
        pad.push_str(&cell.repeat(missing));
        inserts.push((line.end, pad));
    }
}

fn apply(text: &str, inserts: &[(usize, String)]) -> Widened {
    let extra: usize = inserts.iter().map(|(_, s)| s.len()).sum();
    let mut out = String::with_capacity(text.len() + extra);
    let mut map = Vec::with_capacity(inserts.len());
    let mut copied = 0;
    for (at, s) in inserts {
        out.push_str(&text[copied..*at]);
        map.push((out.len(), s.len(), *at));
        out.push_str(s);
        copied = *at;
    }
    out.push_str(&text[copied..]);
    Widened {
        text: out,
        inserts: map,
    }
}

/// Code blocks and HTML blocks: a table-like text there is not a table.
fn opaque_ranges(text: &str) -> Vec<Range<usize>> {
    Parser::new_ext(text, options())
        .into_offset_iter()
        .filter_map(|(event, range)| match event {
            Event::Start(Tag::CodeBlock(_) | Tag::HtmlBlock) => Some(range),
            _ => None,
        })
        .collect()
}

/// Every header line followed by a `|---|` row, with the rows after them.
fn candidates(text: &str) -> Vec<Candidate> {
    let mut found = Vec::new();
    let mut lines = Vec::new();
    let mut at = 0;
    while at < text.len() {
        work::add(1);
        let (line, next) = Line::at(text, at);
        lines.push(line);
        at = if next > at { next } else { text.len() };
    }
    let mut i = 0;
    while i + 1 < lines.len() {
        let (header, delimiter) = (lines[i], lines[i + 1]);
        let is_table = header.quotes == delimiter.quotes
            && has_pipe(header.text(text))
            && is_delimiter_row(delimiter.text(text));
        if !is_table {
            i += 1;
            continue;
        }
        let mut rows = Vec::new();
        let mut width = cells(header.text(text)).max(cells(delimiter.text(text)));
        let mut k = i + 2;
        while let Some(row) = lines.get(k) {
            work::add(1);
            let t = row.text(text);
            if row.quotes != header.quotes || !has_pipe(t) || starts_block(t) {
                break;
            }
            width = width.max(cells(t));
            rows.push(*row);
            k += 1;
        }
        found.push(Candidate {
            header,
            delimiter,
            rows,
            width,
        });
        i = k;
    }
    found
}

/// The header lines of `headers` (in order) at which the parser read no
/// table, outside code and HTML blocks.
pub(super) fn unrendered(events: &[Spanned<'_>], headers: &[Range<usize>]) -> Vec<usize> {
    if headers.is_empty() {
        return Vec::new();
    }
    let mut tables = Vec::new();
    let mut opaque = Vec::new();
    for (event, range) in events {
        match event {
            Event::Start(Tag::Table(_)) => tables.push(range.start),
            Event::Start(Tag::CodeBlock(_) | Tag::HtmlBlock) => opaque.push(range.clone()),
            _ => {}
        }
    }
    let (mut t, mut o) = (0, 0);
    let mut missing = Vec::new();
    for h in headers {
        work::add(1);
        while tables.get(t).is_some_and(|&s| s < h.start) {
            t += 1;
        }
        while opaque.get(o).is_some_and(|r| r.end <= h.start) {
            o += 1;
        }
        let read = tables.get(t).is_some_and(|&s| s <= h.end);
        let hidden = opaque.get(o).is_some_and(|r| r.start < h.end);
        if !read && !hidden {
            missing.push(h.start);
        }
    }
    missing
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_as_the_parser_counts_them() {
        assert_eq!(cells("| a | b |"), 2);
        assert_eq!(cells("a | b"), 2);
        assert_eq!(cells("| a \\| b |"), 1);
        assert_eq!(cells("|---|---|---|"), 3);
        assert_eq!(cells("| a |  |"), 2);
    }

    #[test]
    fn offsets_map_back_through_insertions() {
        let text = "| a |\n|---|---|\n";
        let t = prepare(text, false);
        let w = t.widened.unwrap();
        assert_eq!(w.text, "| a | |\n|---|---|\n");
        let delimiter = w.text.find("|---").unwrap();
        assert_eq!(w.to_source(delimiter), text.find("|---").unwrap());
        assert_eq!(w.to_source(5), 5);
        assert_eq!(w.to_source(6), 5, "inside the inserted cell");
        assert_eq!((t.headers.len(), t.headers[0].clone()), (1, 0..7));
    }
}
