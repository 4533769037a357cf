//! Snippet files as `:::code` and `[!code…]` read them: only regular files
//! that discovery listed, each read, decoded and indexed once per render
//! pass, then shared by every page and thread that shows it.
//!
//! A render pass (a build, or one reload in `serve`) makes a fresh
//! [`SnippetFiles`], so an edited snippet file is read again with the pages
//! that show it.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock};

use super::snippet_notebook::Notebook;
use super::snippet_tags::{self, CommentForm};
use crate::diagnostics::work;
use crate::links::suggest::Suggestions;

/// A snippet file larger than this is not read. Real snippet files are a
/// few KiB; a page can show at most `snippet_lines::MAX_SHOWN` bytes of them.
pub const MAX_FILE: u64 = 16 << 20;

use crate::fsread::kind_of;
pub use crate::fsread::{read_regular_file, Unreadable};

/// The snippet files of one render pass, by `(locale, path)`.
#[derive(Default)]
pub struct SnippetFiles {
    /// Each locale's folder on disk; without them snippets come from
    /// `Env::read` alone.
    locale_dirs: Option<HashMap<String, PathBuf>>,
    /// Each file's slot is filled once; other threads wanting the same file
    /// wait for it instead of reading it again.
    loaded: Mutex<HashMap<(String, String), Slot>>,
}

pub type Loaded = Result<Arc<SnippetFile>, Unreadable>;

/// A file's place in the pass, filled by the first page that wants it.
type Slot = Arc<OnceLock<Loaded>>;

impl std::fmt::Debug for SnippetFiles {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SnippetFiles")
            .field("locale_dirs", &self.locale_dirs)
            .finish_non_exhaustive()
    }
}

impl SnippetFiles {
    /// Snippet files read from each locale's folder (`content/<locale>/`,
    /// or the one `site.toml` names), by locale.
    pub fn on_disk(locale_dirs: HashMap<String, PathBuf>) -> Self {
        SnippetFiles {
            locale_dirs: Some(locale_dirs),
            loaded: Default::default(),
        }
    }

    /// The snippet file `path` of `locale`. `listed` says discovery found it
    /// as a regular file of the site: only then is it read from disk.
    /// Otherwise `text_in_memory` may have it (a page or an include used as
    /// a snippet). `None` when neither has the file.
    pub(super) fn get(
        &self,
        locale: &str,
        path: &str,
        listed: bool,
        text_in_memory: impl FnOnce() -> Option<Arc<str>>,
    ) -> Option<Loaded> {
        let slot = {
            let mut loaded = self
                .loaded
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            loaded
                .entry((locale.to_string(), path.to_string()))
                .or_default()
                .clone()
        };
        if let Some(done) = slot.get() {
            return Some(done.clone());
        }
        let dir = self.locale_dirs.as_ref().and_then(|d| d.get(locale));
        let loaded = match dir {
            Some(dir) if listed => slot.get_or_init(|| {
                read_regular_file(&dir.join(path), MAX_FILE)
                    .and_then(decode)
                    .map(|text| Arc::new(SnippetFile::new(text)))
            }),
            _ => {
                let text = text_in_memory()?;
                slot.get_or_init(|| Ok(Arc::new(SnippetFile::new(text.to_string()))))
            }
        };
        Some(loaded.clone())
    }

    /// What is at `path` when discovery did not list it, without opening
    /// it: `Some` when something other than a regular file is there.
    pub(super) fn unlisted_kind(&self, locale: &str, path: &str) -> Option<&'static str> {
        let abs = self.locale_dirs.as_ref()?.get(locale)?.join(path);
        let meta = std::fs::metadata(abs).ok()?;
        (!meta.is_file()).then(|| kind_of(&meta))
    }
}

/// UTF-8, without the byte order mark Visual Studio writes; UTF-16 with a
/// byte order mark is decoded as well. Anything else is refused, with a
/// guess at what it is, rather than shown as garbage.
fn decode(mut bytes: Vec<u8>) -> Result<String, Unreadable> {
    let refuse = |looks_like| Unreadable::NotUtf8 {
        looks_like,
        byte: 0,
        line: 0,
    };
    // The UTF-32LE mark starts with the UTF-16LE one, so it is tested first.
    let text = match bytes.as_slice() {
        [0xFF, 0xFE, 0x00, 0x00, ..] => return Err(refuse("UTF-32LE with a byte order mark")),
        [0x00, 0x00, 0xFE, 0xFF, ..] => return Err(refuse("UTF-32BE with a byte order mark")),
        [0xFF, 0xFE, rest @ ..] => utf16(rest, true).map_err(refuse)?,
        [0xFE, 0xFF, rest @ ..] => utf16(rest, false).map_err(refuse)?,
        _ => {
            if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
                bytes.drain(..3);
            }
            // UTF-16 or UTF-32 of ASCII text is valid UTF-8, full of NULs.
            if bytes.contains(&0) {
                if let Some(wide) = wide(&bytes) {
                    return Err(refuse(wide));
                }
            }
            String::from_utf8(bytes).map_err(|e| {
                let at = e.utf8_error().valid_up_to();
                let bytes = e.as_bytes();
                Unreadable::NotUtf8 {
                    looks_like: looks_like(bytes),
                    byte: bytes[at],
                    line: line_of(bytes, at),
                }
            })?
        }
    };
    // NUL is valid UTF-8 and UTF-16, but no source file has it: text with
    // NULs is not text, and would be published as garbage.
    match text.bytes().position(|b| b == 0) {
        None => Ok(text),
        Some(at) => Err(Unreadable::NotUtf8 {
            looks_like: "binary data, or text with NUL characters",
            byte: 0,
            line: line_of(text.as_bytes(), at),
        }),
    }
}

/// The 1-based line of byte `at`.
fn line_of(bytes: &[u8], at: usize) -> usize {
    1 + bytes[..at].iter().filter(|&&b| b == b'\n').count()
}

/// The text of UTF-16 `bytes` after the byte order mark, or what is wrong
/// with them.
fn utf16(bytes: &[u8], little_endian: bool) -> Result<String, &'static str> {
    // A last lone byte is no UTF-16 unit: padding it would publish a
    // character the file does not have.
    if bytes.len() % 2 == 1 {
        return Err(if little_endian {
            "UTF-16LE with a byte order mark, but of an odd number of bytes, which is not UTF-16"
        } else {
            "UTF-16BE with a byte order mark, but of an odd number of bytes, which is not UTF-16"
        });
    }
    let unit = if little_endian {
        u16::from_le_bytes
    } else {
        u16::from_be_bytes
    };
    let units = bytes.chunks_exact(2).map(|p| unit([p[0], p[1]]));
    char::decode_utf16(units)
        .collect::<Result<String, _>>()
        .map_err(|_| {
            if little_endian {
                "UTF-16LE with invalid surrogates"
            } else {
                "UTF-16BE with invalid surrogates"
            }
        })
}

/// A guess at the encoding of text that is not UTF-8.
fn looks_like(bytes: &[u8]) -> &'static str {
    if let Some(wide) = wide(bytes) {
        wide
    } else if bytes[..bytes.len().min(4096)]
        .iter()
        .any(|b| (0x80..0xA0).contains(b))
    {
        "Windows-1252"
    } else {
        "Latin-1 (ISO-8859-1) or Windows-1252"
    }
}

/// UTF-32 or UTF-16 without a byte order mark, if the bytes look like it.
fn wide(bytes: &[u8]) -> Option<&'static str> {
    let sample = &bytes[..bytes.len().min(4096)];
    // UTF-32 text has a zero high byte in every unit (no character is over
    // U+10FFFF), and mostly-BMP text a zero next to it as well.
    let quads = sample.len() / 4;
    let utf32 = |hi: usize, next: usize| {
        quads > 0
            && sample
                .chunks_exact(4)
                .all(|q| q[hi] == 0 && q[next] <= 0x10)
            && sample.chunks_exact(4).filter(|q| q[next] == 0).count() * 3 > quads * 2
    };
    if utf32(3, 2) {
        return Some("UTF-32LE without a byte order mark");
    }
    if utf32(0, 1) {
        return Some("UTF-32BE without a byte order mark");
    }
    // Mostly-ASCII UTF-16 has a zero in every other byte.
    let zeros = |from: usize| {
        sample
            .iter()
            .skip(from)
            .step_by(2)
            .filter(|&&b| b == 0)
            .count()
    };
    let pairs = sample.len() / 2;
    if pairs > 0 && zeros(1) * 3 > pairs {
        Some("UTF-16LE without a byte order mark")
    } else if pairs > 0 && zeros(0) * 3 > pairs {
        Some("UTF-16BE without a byte order mark")
    } else {
        None
    }
}

/// A snippet file's text with its lines and region tags indexed, so a
/// page that shows many regions of one file costs each region's own lines.
#[derive(Debug)]
pub struct SnippetFile {
    text: String,
    /// Byte range of each line, as `str::lines` cuts them.
    lines: Vec<(usize, usize)>,
    /// Tag lines in order, in every comment form: which ones count depends
    /// on the language a snippet is read in.
    tags: Vec<Tag>,
    /// Each form's tags, as indices into `tags`, in order.
    by_form: HashMap<CommentForm, Vec<usize>>,
    /// Each form's last start tag of each name, as an index into its
    /// `by_form` list, and how many start tags of that name the form has.
    last_start: HashMap<(CommentForm, String), (usize, usize)>,
    /// The region names sorted for "did you mean", prepared at the first
    /// unknown one: a page may misspell every region of a large file.
    region_names: OnceLock<Suggestions>,
    /// The cells of a Jupyter notebook, parsed at the first snippet that
    /// asks for one.
    notebook: OnceLock<Result<Notebook, String>>,
}

#[derive(Debug)]
struct Tag {
    line: usize,
    /// Lower case; empty for `#endregion`.
    name: String,
    end: bool,
}

/// A region as DocFX finds it: the lines to show, and how it was found.
pub(super) struct Region {
    pub lines: Vec<usize>,
    /// Start tags with this name in the form that found it: DocFX shows the last.
    pub starts: usize,
    /// The region's last start tag has no end tag after it: DocFX shows nothing.
    pub unclosed: bool,
}

impl SnippetFile {
    pub(super) fn new(mut text: String) -> Self {
        // The byte order mark is no part of the first line.
        if text.starts_with('\u{FEFF}') {
            text.drain(..'\u{FEFF}'.len_utf8());
        }
        let mut lines = Vec::new();
        let mut tags = Vec::new();
        let mut by_form: HashMap<CommentForm, Vec<usize>> = HashMap::new();
        let mut last_start = HashMap::new();
        for (i, line) in text.lines().enumerate() {
            let start = line.as_ptr() as usize - text.as_ptr() as usize;
            lines.push((start, start + line.len()));
            let Some((form, name, end)) = snippet_tags::tag(line) else {
                continue;
            };
            let in_form = by_form.entry(form).or_default();
            if !end {
                let seen: &mut (usize, usize) = last_start.entry((form, name.clone())).or_default();
                *seen = (in_form.len(), seen.1 + 1);
            }
            in_form.push(tags.len());
            tags.push(Tag { line: i, name, end });
        }
        work::add(lines.len());
        SnippetFile {
            text,
            lines,
            tags,
            by_form,
            last_start,
            region_names: OnceLock::new(),
            notebook: OnceLock::new(),
        }
    }

    pub(super) fn len(&self) -> usize {
        self.lines.len()
    }

    pub(super) fn line(&self, i: usize) -> &str {
        let (from, to) = self.lines[i];
        &self.text[from..to]
    }

    /// The file read as a Jupyter notebook, parsed once; why not when it is none.
    pub(super) fn notebook(&self) -> &Result<Notebook, String> {
        self.notebook.get_or_init(|| Notebook::parse(&self.text))
    }

    /// The region closest to `name`, when it looks like a typo of one.
    pub(super) fn closest_region(&self, name: &str) -> Option<&str> {
        self.region_names
            .get_or_init(|| {
                let names = self.last_start.keys().map(|(_, n)| n.as_str());
                Suggestions::new(names)
            })
            .closest(name)
    }

    /// Region `name` (letter case aside; DocFX also takes `snippet` + name)
    /// as DocFX reads it in a language whose tags take the comment `forms`:
    /// the first form that has the name gives the region, its last start
    /// tag of that name is the one shown, and it runs to the first end tag
    /// after it (for `#region`, the `#endregion` that balances it). Tags of
    /// that form are left out. `None` when no form has the name.
    pub(super) fn region(&self, name: &str, forms: &[CommentForm]) -> Option<Region> {
        let name = name.to_ascii_lowercase();
        let prefixed = format!("snippet{name}");
        for &form in forms {
            for wanted in [&name, &prefixed] {
                let Some(&(open, starts)) = self.last_start.get(&(form, wanted.clone())) else {
                    continue;
                };
                let in_form = &self.by_form[&form];
                let close = self.end_of(in_form, open, wanted, form);
                let Some(close) = close else {
                    return Some(Region {
                        lines: Vec::new(),
                        starts,
                        unclosed: true,
                    });
                };
                let from = self.tags[in_form[open]].line + 1;
                let to = self.tags[in_form[close]].line;
                let mut hidden = in_form[open + 1..close]
                    .iter()
                    .map(|&t| self.tags[t].line)
                    .peekable();
                let mut lines = Vec::with_capacity(to - from);
                for i in from..to {
                    if hidden.next_if_eq(&i).is_none() {
                        lines.push(i);
                    }
                }
                work::add(to - from);
                return Some(Region {
                    lines,
                    starts,
                    unclosed: false,
                });
            }
        }
        None
    }

    /// Where in the form's tags `in_form` the region that opens at `open` ends.
    fn end_of(
        &self,
        in_form: &[usize],
        open: usize,
        name: &str,
        form: CommentForm,
    ) -> Option<usize> {
        let mut depth = 0usize;
        for (k, &t) in in_form.iter().enumerate().skip(open + 1) {
            work::add(1);
            let tag = &self.tags[t];
            match (form, tag.end) {
                (CommentForm::Region, false) => depth += 1,
                (CommentForm::Region, true) if depth > 0 => depth -= 1,
                (CommentForm::Region, true) => return Some(k),
                (_, true) if tag.name == name => return Some(k),
                _ => {}
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines_of(file: &SnippetFile, region: &str) -> Option<Vec<String>> {
        let found = file.region(region, snippet_tags::EVERY_FORM)?;
        let lines = found.lines.iter().map(|&i| file.line(i).to_string());
        Some(lines.collect())
    }

    #[test]
    fn regions_in_several_comment_forms() {
        let file = SnippetFile::new("using X;\n// <main>\nclass A {\n    #region inner\n    int x;\n    #endregion\n}\n// </main>\n# <py>\nprint(1)\n# </py>\n".into());
        // Only the tags of the form that found the region are left out, as in DocFX.
        assert_eq!(
            lines_of(&file, "main").unwrap(),
            [
                "class A {",
                "    #region inner",
                "    int x;",
                "    #endregion",
                "}"
            ]
        );
        let csharp = file.region("main", &[CommentForm::Slashes, CommentForm::Region]);
        assert_eq!(csharp.unwrap().lines.len(), 5);
        assert_eq!(lines_of(&file, "inner").unwrap(), ["    int x;"]);
        assert_eq!(lines_of(&file, "PY").unwrap(), ["print(1)"]);
        assert!(file.region("py", &[CommentForm::Slashes]).is_none());
        assert!(file.region("nope", snippet_tags::EVERY_FORM).is_none());
    }

    #[test]
    fn a_repeated_region_is_its_last_start_up_to_the_first_end_after_it() {
        let file = SnippetFile::new(
            "// <a>\none\n// <a>\ntwo\n// </a>\nthree\n// </a>\n// <b>\nfour\n".into(),
        );
        let a = file.region("A", snippet_tags::EVERY_FORM).unwrap();
        assert_eq!(
            a.lines.iter().map(|&i| file.line(i)).collect::<Vec<_>>(),
            ["two"]
        );
        assert_eq!((a.starts, a.unclosed), (2, false));
        let b = file.region("b", snippet_tags::EVERY_FORM).unwrap();
        assert!(b.unclosed && b.lines.is_empty());
    }

    #[test]
    fn a_name_may_leave_out_docfxs_snippet_prefix() {
        let file = SnippetFile::new("' <Snippet2>\nDim x\n' </Snippet2>\n".into());
        assert_eq!(lines_of(&file, "2").unwrap(), ["Dim x"]);
    }

    #[test]
    fn a_byte_order_mark_is_not_part_of_the_first_line() {
        let bytes = b"\xEF\xBB\xBF// <first>\nint x;\n// </first>\n".to_vec();
        let file = SnippetFile::new(decode(bytes).unwrap());
        assert_eq!(lines_of(&file, "first").unwrap(), ["int x;"]);
        let file = SnippetFile::new("\u{FEFF}int y;\n".into());
        assert_eq!(file.line(0), "int y;");
    }

    #[test]
    fn utf16_with_a_byte_order_mark_is_decoded_and_other_encodings_are_named() {
        let mut le = vec![0xFF, 0xFE];
        le.extend("é\n".encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(decode(le).unwrap(), "é\n");
        let mut be = vec![0xFE, 0xFF];
        be.extend("é\n".encode_utf16().flat_map(u16::to_be_bytes));
        assert_eq!(decode(be).unwrap(), "é\n");
        let latin1 = b"int x;\n// caf\xe9\n".to_vec();
        assert_eq!(
            decode(latin1),
            Err(Unreadable::NotUtf8 {
                looks_like: "Latin-1 (ISO-8859-1) or Windows-1252",
                byte: 0xE9,
                line: 2
            })
        );
        let bare_le: Vec<u8> = "int x; // \u{e9}\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        assert!(matches!(
            decode(bare_le),
            Err(Unreadable::NotUtf8 {
                looks_like: "UTF-16LE without a byte order mark",
                ..
            })
        ));
    }

    #[test]
    fn a_file_over_the_limit_is_not_read() {
        let t = tempfile::tempdir().unwrap();
        let file = t.path().join("big.cs");
        std::fs::write(&file, [b'x'; 100]).unwrap();
        assert_eq!(read_regular_file(&file, 99), Err(Unreadable::TooLarge(100)));
        assert_eq!(read_regular_file(&file, 100).map(|b| b.len()), Ok(100));
    }

    #[cfg(unix)]
    #[test]
    fn a_named_pipe_is_refused_without_waiting_for_a_writer() {
        let t = tempfile::tempdir().unwrap();
        let pipe = t.path().join("pipe.cs");
        let made = std::process::Command::new("mkfifo").arg(&pipe).status();
        assert!(made.is_ok_and(|s| s.success()), "mkfifo");
        let (tx, rx) = std::sync::mpsc::channel();
        let reader = pipe.clone();
        std::thread::spawn(move || tx.send(read_regular_file(&reader, MAX_FILE)));
        let got = rx
            .recv_timeout(std::time::Duration::from_secs(20))
            .unwrap_or_else(|_| {
                // Unblock the reader so the test process can end.
                let _ = std::fs::write(&pipe, b"");
                panic!("reading a named pipe waited for a writer")
            });
        assert_eq!(got, Err(Unreadable::NotRegular("a named pipe (FIFO)")));
    }
}
