//! How many attributes the tag being read has so far, for the limit the
//! tokenizer needs (see [`MAX_ATTRIBUTES`]): a small reader of HTML that
//! follows tags, quoted values, comments and the elements whose content is
//! text, and nothing else.

/// html5ever checks each attribute of a tag against every earlier one for a
/// duplicate, so a tag of k attributes costs k² comparisons: one hostile tag
/// of 80,000 attributes took 49 s to read. Past this many, the rest of a tag
/// is not read; no real tag comes near it.
pub(super) const MAX_ATTRIBUTES: usize = 1024;

/// Follows the text closely enough to count the attributes of the tag being
/// read, quoted values included, without tokenizing it a second time. It
/// knows comments and the elements whose content is text (`<script>` and the
/// like), so that words there are never taken for attributes.
#[derive(Default)]
pub(super) struct AttributeCount {
    state: TagState,
    count: usize,
    /// The name of the tag being read, lower-cased, up to `NAME_LEN` bytes.
    name: [u8; NAME_LEN],
    name_len: usize,
    end_tag: bool,
}

const NAME_LEN: usize = 10;

#[derive(Default, Clone, Copy, PartialEq)]
enum TagState {
    #[default]
    Text,
    /// Just after a `<`.
    Open,
    /// Just after `</`.
    EndOpen,
    /// After `<!`, `<!-`, or in a `<!…>`/`<?…>` that is not a comment.
    Bang,
    BangDash,
    Bogus,
    /// In a comment, with how many `-` came last (up to 2).
    Comment(u8),
    Name,
    /// Between attributes; `fresh` when the next non-space byte starts one.
    Between {
        fresh: bool,
    },
    AfterEquals,
    Quoted(u8),
    Unquoted,
    /// In the text content of `<script>`, `<style>`, …: `matched` bytes of
    /// `</name` seen so far, then whether the name's end follows.
    Raw {
        matched: usize,
    },
    /// In `<plaintext>`: text to the end.
    Plaintext,
}

impl AttributeCount {
    /// Moves past `byte`; the attributes the current tag has so far.
    pub(super) fn read(&mut self, byte: u8) -> usize {
        use TagState::*;
        self.state = match (self.state, byte) {
            (Text, b'<') => Open,
            (Text, _) => Text,
            (Open, b'!') => Bang,
            (Open, b'?') => Bogus,
            (Open, b'/') => EndOpen,
            (Open, b) if b.is_ascii_alphabetic() => self.start_name(b, false),
            (Open, b'<') => Open,
            (Open, _) => Text,
            (EndOpen, b) if b.is_ascii_alphabetic() => self.start_name(b, true),
            (EndOpen, b'>') => Text,
            (EndOpen, _) => Bogus,
            (Bang, b'-') => BangDash,
            (BangDash, b'-') => Comment(2),
            (Bang | BangDash | Bogus, b'>') => Text,
            (Bang | BangDash | Bogus, _) => Bogus,
            (Comment(2), b'>') => Text,
            (Comment(n), b'-') => Comment((n + 1).min(2)),
            (Comment(_), _) => Comment(0),
            (Name | Between { .. } | AfterEquals | Unquoted, b'>') => self.content(),
            (Name, b) if is_html_space(b) || b == b'/' => Between { fresh: true },
            (Name, b) => {
                self.push_name(b);
                Name
            }
            (Unquoted, b) if is_html_space(b) => Between { fresh: true },
            (Between { .. }, b) if is_html_space(b) || b == b'/' => Between { fresh: true },
            (Between { .. }, b'=') => AfterEquals,
            (Between { fresh }, _) => {
                if fresh {
                    self.count += 1;
                }
                Between { fresh: false }
            }
            (AfterEquals, b) if is_html_space(b) => AfterEquals,
            (AfterEquals, q @ (b'"' | b'\'')) => Quoted(q),
            (AfterEquals, _) => Unquoted,
            (Quoted(q), b) if b == q => Between { fresh: true },
            (Quoted(q), _) => Quoted(q),
            (Unquoted, _) => Unquoted,
            (Raw { matched }, b) => self.raw(matched, b),
            (Plaintext, _) => Plaintext,
        };
        if !self.in_tag() {
            self.count = 0;
        }
        self.count
    }

    fn start_name(&mut self, first: u8, end_tag: bool) -> TagState {
        self.count = 0;
        self.name_len = 0;
        self.end_tag = end_tag;
        self.push_name(first);
        TagState::Name
    }

    fn push_name(&mut self, byte: u8) {
        if let Some(slot) = self.name.get_mut(self.name_len) {
            *slot = byte.to_ascii_lowercase();
        }
        self.name_len += 1;
    }

    fn name(&self) -> &[u8] {
        self.name.get(..self.name_len).unwrap_or(b"")
    }

    /// What follows the `>` of the tag just read, as `content_kind` tells
    /// the tokenizer.
    fn content(&self) -> TagState {
        if self.end_tag {
            return TagState::Text;
        }
        match self.name() {
            b"script" | b"style" | b"xmp" | b"iframe" | b"noembed" | b"noframes" | b"textarea"
            | b"title" => TagState::Raw { matched: 0 },
            b"plaintext" => TagState::Plaintext,
            _ => TagState::Text,
        }
    }

    /// In text content: only `</` and the element's own name, then a space,
    /// `/` or `>`, end it, as in the tokenizer.
    fn raw(&mut self, matched: usize, byte: u8) -> TagState {
        let name_len = self.name_len.min(NAME_LEN);
        let expected = match matched {
            0 => Some(b'<'),
            1 => Some(b'/'),
            m if m < 2 + name_len => Some(self.name[m - 2]),
            _ => None,
        };
        match expected {
            Some(e) if byte.to_ascii_lowercase() == e => TagState::Raw {
                matched: matched + 1,
            },
            None if is_html_space(byte) || byte == b'/' || byte == b'>' => {
                self.end_tag = true;
                self.count = 0;
                if byte == b'>' {
                    TagState::Text
                } else {
                    TagState::Between { fresh: true }
                }
            }
            _ if byte == b'<' => TagState::Raw { matched: 1 },
            _ => TagState::Raw { matched: 0 },
        }
    }

    pub(super) fn in_tag(&self) -> bool {
        matches!(
            self.state,
            TagState::Name
                | TagState::Between { .. }
                | TagState::AfterEquals
                | TagState::Quoted(_)
                | TagState::Unquoted
        )
    }
}

pub(super) fn is_html_space(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c')
}
