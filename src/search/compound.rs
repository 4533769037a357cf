//! Compounds: Dutch (and German, Swedish, Danish) write "wachtwoordherstel"
//! where English writes two words, while a page may say "wachtwoord …
//! herstellen". A compound is split into words the index knows, both when
//! the index is built (so a page that writes the compound is found by its
//! parts) and when the reader types one the index does not know. The same
//! steps run in `js/search-core.js`.

use crate::diagnostics::work;

/// Letters a part has at least: "app" in "bedrijfsportalapp".
pub const MIN_PART: usize = 3;
/// Shorter words are not split: few compounds are, and many plain words
/// would split into chance parts.
pub const MIN_WORD: usize = 7;
/// Longer words are not split: no compound is, and the work grows with the length.
pub const MAX_WORD: usize = 40;
/// Known heads tried per word, longest first, before giving up.
const MAX_HEADS: usize = 2;
/// Letters Dutch puts between the parts of a compound: "bedrijf-s-portal".
const LINKERS: [&str; 3] = ["s", "en", "e"];

/// What a lookup asks of the index.
#[derive(Clone, Copy, Debug)]
pub enum Ask<'a> {
    /// Is this beginning of `of` a word? The reader's script looks only in
    /// the term shards near `of`, which it has or will load anyway.
    Head { of: &'a str },
    /// Is this word, the rest of a compound, a word?
    Part,
}

/// Whether the language writes compounds as one word.
pub fn compounds(locale: &str) -> bool {
    matches!(
        super::stop::language(locale).as_str(),
        "nl" | "de" | "sv" | "da" | "nb" | "nn" | "no"
    )
}

/// The parts of `word`, two or three, each a word `known` says the index
/// has; `None` when it is not a compound of known words. The longest known
/// beginning is tried first (a linking "s", "en" or "e" after it may be
/// dropped), then the rest must be known or split once more. At most
/// [`MAX_HEADS`] beginnings are tried per level, so a word of n letters
/// asks at most about 16 n questions.
pub fn split(word: &str, known: &mut dyn FnMut(&str, Ask<'_>) -> bool) -> Option<Vec<String>> {
    let letters = word.chars().count();
    if !(MIN_WORD..=MAX_WORD).contains(&letters) {
        return None;
    }
    split_from(word, 1, known)
}

fn ask(known: &mut dyn FnMut(&str, Ask<'_>) -> bool, key: &str, what: Ask<'_>) -> bool {
    work::add(1);
    known(key, what)
}

fn split_from(
    word: &str,
    depth: usize,
    known: &mut dyn FnMut(&str, Ask<'_>) -> bool,
) -> Option<Vec<String>> {
    let chars: Vec<char> = word.chars().collect();
    let n = chars.len();
    if n < 2 * MIN_PART {
        return None;
    }
    let text = |from: usize, to: usize| chars[from..to].iter().collect::<String>();
    let head_of = Ask::Head { of: word };
    // A known word and a short ending ("wachtwoord" + "en") is an
    // inflection, not a compound of "wacht" and "woorden".
    if ask(known, &text(0, n - 1), head_of) || ask(known, &text(0, n - 2), head_of) {
        return None;
    }
    let mut tries = 0;
    for cut in (MIN_PART..=n - MIN_PART).rev() {
        let whole = text(0, cut);
        let mut head = ask(known, &whole, head_of).then(|| whole.clone());
        for linker in LINKERS {
            if head.is_some() {
                break;
            }
            if let Some(bare) = whole.strip_suffix(linker) {
                if bare.chars().count() >= MIN_PART && ask(known, bare, head_of) {
                    head = Some(bare.to_string());
                }
            }
        }
        let Some(head) = head else { continue };
        let rest = text(cut, n);
        if ask(known, &rest, Ask::Part) {
            return Some(vec![head, rest]);
        }
        if depth > 0 {
            if let Some(mut parts) = split_from(&rest, depth - 1, &mut *known) {
                parts.insert(0, head);
                return Some(parts);
            }
        }
        tries += 1;
        if tries == MAX_HEADS {
            break;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split_with(vocabulary: &[&str], word: &str) -> Option<Vec<String>> {
        split(word, &mut |key, _| vocabulary.contains(&key))
    }

    const WORDS: &[&str] = &[
        "wachtwoord",
        "wachtwoorden",
        "wacht",
        "woorden",
        "herstel",
        "apparaat",
        "inschrijving",
        "bedrijf",
        "bedrijfsportal",
        "app",
        "portal",
        "certificaat",
        "probleem",
        "gebruikers",
        "naam",
        "beveiliging",
        "patch",
    ];

    #[test]
    fn splits_dutch_compounds_into_known_words() {
        for (word, parts) in [
            ("wachtwoordherstel", &["wachtwoord", "herstel"][..]),
            ("apparaatinschrijving", &["apparaat", "inschrijving"]),
            ("bedrijfsportalapp", &["bedrijfsportal", "app"]),
            ("certificaatprobleem", &["certificaat", "probleem"]),
            ("gebruikersnaam", &["gebruikers", "naam"]),
            ("beveiligingspatch", &["beveiliging", "patch"]),
            ("bedrijfsportalapparaat", &["bedrijfsportal", "apparaat"]),
            (
                "apparaatwachtwoordherstel",
                &["apparaat", "wachtwoord", "herstel"],
            ),
        ] {
            assert_eq!(split_with(WORDS, word).unwrap_or_default(), parts, "{word}");
        }
    }

    #[test]
    fn leaves_inflections_short_words_and_unknown_parts_whole() {
        for word in [
            "wachtwoorden",
            "wachtwoordx",
            "herstelxyzzy",
            "",
            "xyzzyplugh",
        ] {
            assert_eq!(split_with(WORDS, word), None, "{word}");
        }
        // Without the linker rule "bedrijfs" is no word.
        assert_eq!(
            split_with(&["bedrijf", "portal"], "bedrijfsportal").unwrap(),
            ["bedrijf", "portal"]
        );
    }

    #[test]
    fn work_grows_linearly_with_the_word() {
        let count = |n: usize| {
            let word = "ab".repeat(n / 2);
            work::take();
            // Every beginning is a word, no rest is: the most lookups.
            split(&word, &mut |key, what| match what {
                Ask::Head { of } => key.chars().count() + 3 <= of.chars().count(),
                Ask::Part => false,
            });
            work::take()
        };
        let (small, large) = (count(10), count(40));
        assert!(small > 0 && large <= 4 * small + 8, "{small} → {large}");
        work::take();
        assert_eq!(split(&"a".repeat(10_000), &mut |_, _| true), None);
        assert_eq!(work::take(), 0, "too long to be a compound");
    }
}
