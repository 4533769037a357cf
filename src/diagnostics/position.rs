//! Where a problem is: byte offsets turned into lines and columns, and the
//! window of the source line that the text output shows under a caret.

use serde::Serialize;

use super::work;

/// A place in a file of the user's: what a diagnostic points at. The
/// source window travels with it for the caret display and the serve
/// overlay, but is not part of the JSON output.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Span {
    /// Relative to the site root, with forward slashes.
    pub file: String,
    /// 1-based; 0 when the problem concerns the whole file.
    pub line: usize,
    pub column: usize,
    /// The offending source line; a long line is cut to a window around
    /// the column.
    #[serde(skip)]
    pub source_line: Option<String>,
    /// Where the caret goes in `source_line`, in characters from its start.
    #[serde(skip)]
    pub source_column: usize,
}

impl Span {
    /// The whole of `file`, no line in particular.
    pub fn file(file: impl Into<String>) -> Span {
        Span {
            file: file.into(),
            ..Span::default()
        }
    }

    /// Byte `offset` of `text`, the contents of `file`; `lines` must be the
    /// index of that text.
    pub fn at(file: impl Into<String>, lines: &LineIndex, text: &str, offset: usize) -> Span {
        let mut span = Span::file(file);
        span.locate(lines, text, offset);
        span
    }

    /// Moves the span to byte `offset` of `text`, the contents of its
    /// file; `lines` must be the index of that text.
    pub fn locate(&mut self, lines: &LineIndex, text: &str, offset: usize) {
        let pos = lines.locate(text, offset);
        self.line = pos.line;
        self.column = pos.column;
        let (window, caret) = source_window(pos.line_text, pos.offset_in_line);
        self.source_line = Some(window);
        self.source_column = caret;
    }

    /// Moves the span to byte `offset` of `text` with an index of just the
    /// lines up to it: for one position in a text. Many positions in one
    /// text share one [`LineIndex`] and [`Span::locate`] instead.
    pub fn locate_once(&mut self, text: &str, offset: usize) {
        // Only the text up to the end of the offset's line decides where it
        // is: indexing the rest cost as much again for every position.
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let end = text[offset..]
            .find('\n')
            .map_or(text.len(), |i| offset + i + 1);
        let text = &text[..end];
        self.locate(&LineIndex::new(text), text, offset);
    }

    /// Sets the source line when it is known by other means (templates):
    /// the caret goes under the span's column.
    pub fn show_line(&mut self, line_text: &str) {
        let at = line_text
            .char_indices()
            .nth(self.column.saturating_sub(1))
            .map_or(line_text.len(), |(i, _)| i);
        let (window, caret) = source_window(line_text, at);
        self.source_line = Some(window);
        self.source_column = caret;
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
    fn a_located_span_keeps_a_window_of_a_long_line() {
        let line = format!("{}[x]{}", "a".repeat(100), "b".repeat(300));
        let mut span = Span::file("p.md");
        span.locate_once(&format!("# P\n{line}\nlast"), 4 + 100);
        assert_eq!((span.line, span.column), (2, 101));
        let window = span.source_line.unwrap();
        assert!(window.starts_with('…') && window.ends_with('…'));
        assert_eq!(window.chars().nth(span.source_column), Some('['));
    }

    #[test]
    fn locate_once_and_a_shared_index_agree() {
        let text = "one\r\ntwo ïx\rthree\n";
        let lines = LineIndex::new(text);
        for offset in 0..=text.len() {
            let (mut once, mut shared) = (Span::file("f"), Span::file("f"));
            once.locate_once(text, offset);
            shared.locate(&lines, text, offset);
            assert_eq!(once, shared, "{offset}");
        }
    }
}
