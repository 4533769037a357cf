//! Mojibake: UTF-8 text that some tool decoded as Mac Roman, Windows-1252
//! or Latin-1 and saved again, so that `geïnstalleerd` became
//! `ge√Ønstalleerd` (Mac Roman) or `geÃ¯nstalleerd` (Windows-1252).
//!
//! Each candidate run is encoded back into the suspected charset and decoded
//! as UTF-8. A run counts only when that yields valid UTF-8 whose characters
//! are letters of the Latin script (or, for three-byte sequences, the
//! typographic quotes and dashes that word processors insert): real text
//! almost never contains the symbol pairs that such damage produces, which
//! keeps false positives near zero.

use crate::diagnostics::{work, Code, Diagnostic, LineIndex};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Charset {
    Windows1252,
    Latin1,
    MacRoman,
}

impl Charset {
    /// Tried in this order: 1252 damage also reads as Latin-1 whenever it
    /// has no C1 controls, and 1252 is what such tools usually assume.
    pub const ALL: [Charset; 3] = [Charset::Windows1252, Charset::Latin1, Charset::MacRoman];

    pub fn name(self) -> &'static str {
        match self {
            Charset::Windows1252 => "Windows-1252",
            Charset::Latin1 => "Latin-1",
            Charset::MacRoman => "Mac Roman",
        }
    }

    /// The byte (0x80..=0xFF) this charset decodes to `c`, if any.
    pub fn encode(self, c: char) -> Option<u8> {
        let u = c as u32;
        match self {
            Charset::Latin1 => (0x80..=0xFF).contains(&u).then_some(u as u8),
            Charset::Windows1252 => {
                // Decoders map the five unassigned bytes to the C1 controls.
                if (0xA0..=0xFF).contains(&u) || [0x81, 0x8D, 0x8F, 0x90, 0x9D].contains(&u) {
                    return Some(u as u8);
                }
                WINDOWS_1252_HIGH
                    .iter()
                    .position(|&x| x == c && x != '\0')
                    .map(|i| 0x80 + i as u8)
            }
            Charset::MacRoman => MAC_ROMAN_HIGH
                .iter()
                .position(|&x| x == c)
                .map(|i| 0x80 + i as u8),
        }
    }

    /// The character this charset decodes `byte` (0x80..=0xFF) to.
    pub fn decode(self, byte: u8) -> Option<char> {
        if byte < 0x80 {
            return Some(byte as char);
        }
        match self {
            Charset::Latin1 => Some(byte as char),
            Charset::Windows1252 if byte >= 0xA0 => Some(byte as char),
            Charset::Windows1252 => match WINDOWS_1252_HIGH[(byte - 0x80) as usize] {
                '\0' => Some(byte as char),
                c => Some(c),
            },
            Charset::MacRoman => Some(MAC_ROMAN_HIGH[(byte - 0x80) as usize]),
        }
    }
}

/// Windows-1252 bytes 0x80..=0x9F; `'\0'` marks the five unassigned bytes,
/// which decoders (WHATWG, Python's `cp1252` with `errors="replace"` aside)
/// pass through as C1 controls.
const WINDOWS_1252_HIGH: [char; 32] = [
    '\u{20AC}', '\0', '\u{201A}', '\u{0192}', '\u{201E}', '\u{2026}', '\u{2020}',
    '\u{2021}', //
    '\u{02C6}', '\u{2030}', '\u{0160}', '\u{2039}', '\u{0152}', '\0', '\u{017D}', '\0', //
    '\0', '\u{2018}', '\u{2019}', '\u{201C}', '\u{201D}', '\u{2022}', '\u{2013}',
    '\u{2014}', //
    '\u{02DC}', '\u{2122}', '\u{0161}', '\u{203A}', '\u{0153}', '\0', '\u{017E}', '\u{0178}',
];

/// Mac OS Roman bytes 0x80..=0xFF (0xDB is the euro sign since Mac OS 8.5).
const MAC_ROMAN_HIGH: [char; 128] = [
    // 0x80
    'Ä', 'Å', 'Ç', 'É', 'Ñ', 'Ö', 'Ü', 'á', 'à', 'â', 'ä', 'ã', 'å', 'ç', 'é', 'è', //
    // 0x90
    'ê', 'ë', 'í', 'ì', 'î', 'ï', 'ñ', 'ó', 'ò', 'ô', 'ö', 'õ', 'ú', 'ù', 'û', 'ü', //
    // 0xA0
    '†', '°', '¢', '£', '§', '•', '¶', 'ß', '®', '©', '™', '´', '¨', '≠', 'Æ', 'Ø', //
    // 0xB0
    '∞', '±', '≤', '≥', '¥', 'µ', '∂', '∑', '∏', 'π', '∫', 'ª', 'º', 'Ω', 'æ', 'ø', //
    // 0xC0
    '¿', '¡', '¬', '√', 'ƒ', '≈', '∆', '«', '»', '…', '\u{A0}', 'À', 'Ã', 'Õ', 'Œ', 'œ', //
    // 0xD0
    '–', '—', '“', '”', '‘', '’', '÷', '◊', 'ÿ', 'Ÿ', '⁄', '€', '‹', '›', 'ﬁ', 'ﬂ', //
    // 0xE0
    '‡', '·', '‚', '„', '‰', 'Â', 'Ê', 'Á', 'Ë', 'È', 'Í', 'Î', 'Ï', 'Ì', 'Ó', 'Ô', //
    // 0xF0
    '\u{F8FF}', 'Ò', 'Ú', 'Û', 'Ù', 'ı', 'ˆ', '˜', '¯', '˘', '˙', '˚', '¸', '˝', '˛', 'ˇ',
];

/// One damaged run: `text[start..end]` should read `repaired`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub start: usize,
    pub end: usize,
    pub repaired: String,
    pub charset: Charset,
}

/// Whether a character that damage could have produced is one real text
/// would contain: a Latin letter (Latin-1 Supplement, Extended-A, the
/// Romanian comma letters, Latin Extended Additional).
fn plausible_letter(c: char) -> bool {
    let u = c as u32;
    c.is_alphabetic()
        && ((0xC0..=0x17F).contains(&u)
            || (0x218..=0x21B).contains(&u)
            || (0x1E00..=0x1EFF).contains(&u))
}

/// Dashes, quotes, bullet and ellipsis: the usual three-byte victims.
fn plausible_punctuation(c: char) -> bool {
    (0x2010..=0x2026).contains(&(c as u32))
}

/// If the characters at the start of `chars` are one UTF-8 sequence read as
/// `charset`, returns how many characters it took and what it encoded.
fn sequence_at(chars: &[(usize, char)], charset: Charset) -> Option<(usize, char)> {
    let lead = charset.encode(chars.first()?.1)?;
    let needed = match lead {
        0xC2..=0xDF => 1,
        0xE0..=0xEF => 2,
        0xF0..=0xF4 => 3,
        _ => return None,
    };
    let mut bytes = vec![lead];
    for &(_, c) in chars.get(1..=needed)? {
        let b = charset.encode(c).filter(|b| (0x80..=0xBF).contains(b))?;
        bytes.push(b);
    }
    let decoded = std::str::from_utf8(&bytes).ok()?.chars().next()?;
    let plausible = plausible_letter(decoded) || (needed >= 2 && plausible_punctuation(decoded));
    plausible.then_some((needed + 1, decoded))
}

/// Every damaged run in `text`. Adjacent sequences damaged the same way
/// form one run.
pub fn find(text: &str) -> Vec<Hit> {
    let mut hits: Vec<Hit> = Vec::new();
    let mut chars = text.char_indices();
    while let Some((start, first)) = chars.next() {
        if first.is_ascii() {
            continue;
        }
        // A sequence is at most four characters: looked at through a small
        // window, not a copy of the whole text's characters.
        let mut window = [(0, '\0'); 4];
        let mut len = 0;
        for c in std::iter::once((start, first)).chain(chars.clone()).take(4) {
            window[len] = c;
            len += 1;
        }
        let found = Charset::ALL
            .iter()
            .find_map(|cs| sequence_at(&window[..len], *cs).map(|(n, c)| (*cs, n, c)));
        let Some((charset, n, decoded)) = found else {
            continue;
        };
        for _ in 1..n {
            chars.next();
        }
        let end = chars.clone().next().map_or(text.len(), |c| c.0);
        match hits.last_mut() {
            Some(last) if last.end == start && last.charset == charset => {
                last.end = end;
                last.repaired.push(decoded);
            }
            _ => hits.push(Hit {
                start,
                end,
                repaired: decoded.to_string(),
                charset,
            }),
        }
    }
    hits
}

fn is_word(c: char) -> bool {
    !c.is_whitespace() && !"[](){}<>\"'`|*_,.;:!?".contains(c)
}

/// Where the word that `start` is in begins: what a reader recognizes.
fn word_start(text: &str, start: usize) -> usize {
    let mut scanned = 0;
    let before = text[..start]
        .char_indices()
        .rev()
        .take_while(|(_, c)| {
            scanned += 1;
            is_word(*c)
        })
        .last()
        .map_or(start, |(i, _)| i);
    work::add(scanned);
    before
}

/// Where the word that goes on at `end` ends.
fn word_end(text: &str, end: usize) -> usize {
    let mut scanned = 0;
    let after = text[end..]
        .char_indices()
        .find(|(_, c)| {
            scanned += 1;
            !is_word(*c)
        })
        .map_or(text.len(), |(i, _)| end + i);
    work::add(scanned);
    after
}

/// `mojibake` warnings for `text`, the whole contents of `file`. The
/// position is the damaged run; the suggestion is the repaired word.
pub fn diagnostics(file: &str, text: &str) -> Vec<Diagnostic> {
    let hits = find(text);
    let mut out = Vec::new();
    if hits.is_empty() {
        return out;
    }
    let lines = LineIndex::new(text);
    let mut k = 0;
    while k < hits.len() {
        let ws = word_start(text, hits[k].start);
        let mut we = word_end(text, hits[k].end);
        // Several damaged runs in one word make one report. A run that ends
        // inside the word found so far cannot make it longer: the word is
        // only scanned on from a run that goes past its end.
        let mut last = k;
        while last + 1 < hits.len() && hits[last + 1].start < we {
            last += 1;
            if hits[last].end > we {
                we = word_end(text, hits[last].end);
            }
        }
        let mut repaired = String::new();
        let mut at = ws;
        for h in &hits[k..=last] {
            repaired.push_str(&text[at..h.start]);
            repaired.push_str(&h.repaired);
            at = h.end;
        }
        repaired.push_str(&text[at..we]);
        let word = &text[ws..we];
        let charset = hits[k].charset.name();
        out.push(
            Diagnostic::warning(
                Code::Mojibake,
                file,
                format!("`{word}` looks like UTF-8 text that was read as {charset}; it should probably read `{repaired}`"),
            )
            .at_indexed(&lines, text, hits[k].start)
            .with_suggestion(repaired),
        );
        k = last + 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Damages `text` the way the accident does: UTF-8 bytes read as `charset`.
    fn damage(text: &str, charset: Charset) -> String {
        text.bytes()
            .map(|b| {
                charset
                    .decode(b)
                    .expect("byte has a character in this charset")
            })
            .collect()
    }

    #[test]
    fn tables_round_trip() {
        for cs in Charset::ALL {
            for b in 0x80..=0xFFu8 {
                if let Some(c) = cs.decode(b) {
                    assert_eq!(cs.encode(c), Some(b), "{cs:?} 0x{b:02X}");
                }
            }
        }
        assert_eq!(Charset::MacRoman.decode(0xC3), Some('√'));
        assert_eq!(Charset::MacRoman.decode(0xAF), Some('Ø'));
        assert_eq!(Charset::Windows1252.decode(0x80), Some('€'));
        assert_eq!(Charset::Windows1252.decode(0x81), Some('\u{81}'));
    }

    #[test]
    fn mac_roman_damage() {
        let damaged = damage("wordt vooraf geïnstalleerd.", Charset::MacRoman);
        assert_eq!(damaged, "wordt vooraf ge√Ønstalleerd.");
        let d = diagnostics("x.md", &format!("# T\n\n{damaged}\n"));
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!((d[0].span.line, d[0].span.column), (3, 16));
        assert_eq!(d[0].suggestion.as_deref(), Some("geïnstalleerd"));
        assert!(d[0].message.contains("Mac Roman"), "{}", d[0].message);
    }

    #[test]
    fn windows_1252_damage() {
        let damaged = damage("Café “crème” – naïve Œuvre", Charset::Windows1252);
        assert_eq!(damaged, "CafÃ© â€œcrÃ¨meâ€\u{9d} â€“ naÃ¯ve Å’uvre");
        let hits = find(&damaged);
        let repaired: Vec<&str> = hits.iter().map(|h| h.repaired.as_str()).collect();
        assert_eq!(repaired, ["é", "“", "è", "”", "–", "ï", "Œ"]);
        assert!(hits.iter().all(|h| h.charset == Charset::Windows1252));
        let d = diagnostics("x.md", &damaged);
        assert_eq!(d[0].suggestion.as_deref(), Some("Café"));
        assert_eq!(d[0].span.column, 4);
        assert!(d[0].message.contains("Windows-1252"));
    }

    #[test]
    fn latin_1_damage() {
        // ő is C5 91: 0x91 is a C1 control in Latin-1 but a quote in 1252.
        let damaged = damage("Győr", Charset::Latin1);
        assert_eq!(damaged, "Gy\u{C5}\u{91}r");
        let d = diagnostics("x.md", &damaged);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].suggestion.as_deref(), Some("Győr"));
        assert!(d[0].message.contains("Latin-1"));
    }

    #[test]
    fn clean_text_has_no_hits() {
        let clean = "Café, naïve, geïnstalleerd, Œuvre, ‘één’, « Très ». √2 ≈ 1,41 — “quoted” … © 2017 ® ™ Ærø Ĳssel ß";
        assert!(find(clean).is_empty(), "{:?}", find(clean));
    }

    #[test]
    fn several_runs_in_one_word_make_one_report() {
        let damaged = damage("coöperatieve ruïne", Charset::MacRoman);
        let d = diagnostics("x.md", &damaged);
        assert_eq!(d.len(), 2);
        assert_eq!(d[1].suggestion.as_deref(), Some("ruïne"));
        let d = diagnostics("x.md", &damage("Ééntje", Charset::Windows1252));
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].suggestion.as_deref(), Some("Ééntje"));
    }

    /// The steps `diagnostics` counts for `text`.
    fn steps(text: &str) -> u64 {
        work::take();
        let found = diagnostics("x.md", text);
        assert!(!found.is_empty());
        work::take()
    }

    fn assert_linear(what: &str, make: impl Fn(usize) -> String) {
        let (one, four) = (steps(&make(500)), steps(&make(2000)));
        assert!(
            four <= one * 5,
            "{what}: 4× the input took {four} steps after {one}"
        );
    }

    #[test]
    fn many_damaged_words_cost_linear_work() {
        let word = damage("geïnstalleerd", Charset::Windows1252);
        assert_linear("a damaged word on every line", |n| {
            format!("Het is {word}.\n").repeat(n)
        });
        assert_linear("many damaged words on one line", |n| {
            format!("{word} ").repeat(n)
        });
    }

    #[test]
    fn one_word_of_many_damaged_runs_costs_linear_work() {
        let run = damage("ïa", Charset::MacRoman);
        assert_linear("one word of many runs", |n| run.repeat(n));
        let d = diagnostics("x.md", &run.repeat(3));
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].suggestion.as_deref(), Some("ïaïaïa"));
    }
}
