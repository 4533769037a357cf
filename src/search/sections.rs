//! The headings a result can link into. A page shard's row carries, after
//! url, title, text and section, the page's h2/h3 headings as
//! `[start, "id", length]`: where the heading's words are in the row's
//! text, counted in UTF-16 code units so that the page's script can slice
//! the text with them. The heading's words are not repeated: the client
//! reads them from the text, which already holds them.

/// A heading of the page: where its words are in the page's search text
/// (bytes, before whitespace is squashed) and its id on the built page.
#[derive(Debug, Clone)]
pub struct Section {
    pub text: std::ops::Range<usize>,
    pub id: String,
}

/// Ids longer than this are left out: a link that long helps no reader, and
/// a page of thousands of long headings would repeat them all in its shard.
/// The words under such a heading count as the section before it.
pub const MAX_ID_BYTES: usize = 200;

/// One heading as its page shard row has it: start and length in UTF-16
/// code units of the squashed text, and the id.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ShardSection<'a>(pub usize, pub &'a str, pub usize);

/// `text` with runs of whitespace squashed to one space (as
/// `super::squash`), and each section's place in it. Sections whose words
/// are empty, out of the text or out of order, or whose id is too long, are
/// left out.
pub fn squash_with_sections<'a>(
    text: &str,
    sections: &'a [Section],
) -> (String, Vec<ShardSection<'a>>) {
    let wanted: Vec<&Section> = sections
        .iter()
        .filter(|s| {
            !s.id.is_empty()
                && s.id.len() <= MAX_ID_BYTES
                && s.text.start < s.text.end
                && s.text.end <= text.len()
        })
        .collect();
    // Every start and end, in byte order, with the section it belongs to.
    let mut marks: Vec<(usize, bool, usize)> = Vec::with_capacity(wanted.len() * 2);
    for (i, s) in wanted.iter().enumerate() {
        marks.push((s.text.start, true, i));
        marks.push((s.text.end, false, i));
    }
    marks.sort_unstable();
    let mut starts = vec![0usize; wanted.len()];
    let mut ends = vec![0usize; wanted.len()];
    let mut out = String::with_capacity(text.len());
    let mut units = 0usize;
    // Where the last word character ended in `out`, in UTF-16 code units.
    let mut word_end = 0usize;
    let mut space_pending = false;
    let mut next = 0usize;
    for (at, c) in text.char_indices() {
        if c.is_whitespace() {
            // An end mark here closes the word before it.
            while next < marks.len() && marks[next].0 <= at && !marks[next].1 {
                ends[marks[next].2] = word_end;
                next += 1;
            }
            space_pending = !out.is_empty();
            continue;
        }
        if space_pending {
            out.push(' ');
            units += 1;
            space_pending = false;
        }
        while next < marks.len() && marks[next].0 <= at {
            let (_, is_start, i) = marks[next];
            if is_start {
                starts[i] = units;
            } else {
                ends[i] = word_end;
            }
            next += 1;
        }
        out.push(c);
        units += c.len_utf16();
        word_end = units;
    }
    for &(_, is_start, i) in &marks[next..] {
        if is_start {
            starts[i] = units;
        } else {
            ends[i] = word_end;
        }
    }
    let mut placed: Vec<ShardSection> = Vec::with_capacity(wanted.len());
    for (i, s) in wanted.iter().enumerate() {
        let in_order = placed.last().is_none_or(|p| p.0 + p.2 <= starts[i]);
        if ends[i] > starts[i] && in_order {
            placed.push(ShardSection(starts[i], &s.id, ends[i] - starts[i]));
        }
    }
    (out, placed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn section(text: &str, heading: &str, id: &str) -> Section {
        let start = text.find(heading).unwrap();
        Section {
            text: start..start + heading.len(),
            id: id.into(),
        }
    }

    /// The heading's words, as the page's script slices them.
    fn sliced(out: &str, s: &ShardSection) -> String {
        let units: Vec<u16> = out.encode_utf16().collect();
        String::from_utf16(&units[s.0..s.0 + s.2]).unwrap()
    }

    #[test]
    fn squashed_text_matches_squash() {
        let text = "  Intro\n\n text  Setup \t step\u{a0}one  ";
        let (out, _) = squash_with_sections(text, &[]);
        assert_eq!(out, super::super::squash(text));
    }

    #[test]
    fn offsets_count_utf16_units_past_astral_characters() {
        let text =
            "Intro 😀𝔘 ok   \n Wachtwoord 🔑 herstellen \n Body text. Второй раздел  שלום עולם ";
        let sections = [
            section(text, "Wachtwoord 🔑 herstellen", "wachtwoord-herstellen"),
            section(text, "Второй раздел", "второй-раздел"),
            section(text, "שלום עולם", "שלום-עולם"),
        ];
        let (out, placed) = squash_with_sections(text, &sections);
        let got: Vec<String> = placed.iter().map(|s| sliced(&out, s)).collect();
        assert_eq!(
            got,
            ["Wachtwoord 🔑 herstellen", "Второй раздел", "שלום עולם"]
        );
        assert_eq!(placed[0].1, "wachtwoord-herstellen");
        // Two astral characters before the first heading: 4 units, not 2.
        assert_eq!(placed[0].0, "Intro 😀𝔘 ok ".encode_utf16().count());
    }

    #[test]
    fn whitespace_inside_and_around_a_heading_is_squashed_too() {
        let text = "a   \n  b  \n\n   c d  ";
        let s = Section {
            text: 3..16,
            id: "b".into(),
        };
        let (out, placed) = squash_with_sections(text, std::slice::from_ref(&s));
        assert_eq!(out, "a b c d");
        assert_eq!(sliced(&out, &placed[0]), "b c");
    }

    #[test]
    fn empty_long_unordered_and_outside_sections_are_left_out() {
        let text = "one two three";
        let long = "x".repeat(MAX_ID_BYTES + 1);
        let sections = [
            Section {
                text: 4..7,
                id: "two".into(),
            },
            Section {
                text: 0..3,
                id: "before".into(),
            },
            Section {
                text: 8..8,
                id: "empty".into(),
            },
            Section {
                text: 8..13,
                id: long,
            },
            Section {
                text: 8..99,
                id: "outside".into(),
            },
            Section {
                text: 3..4,
                id: "space".into(),
            },
        ];
        let (_, placed) = squash_with_sections(text, &sections);
        assert_eq!(placed, [ShardSection(4, "two", 3)]);
    }
}
