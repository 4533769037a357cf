//! Function words per language: they say how a question is asked, not what
//! it is about, so a query's stop words neither score nor count towards how
//! much of it a page covers (unless the query has nothing else). The list
//! ships in each locale's top level, so the reader's script and
//! `search::select` use the very list the build used.

/// The language part of a locale code: `nl-NL` → `nl`.
pub fn language(locale: &str) -> String {
    locale
        .split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase()
}

/// The locale's stop words, folded and sorted; empty for a language
/// without a list.
pub fn words_for(locale: &str) -> &'static [&'static str] {
    match language(locale).as_str() {
        "nl" => DUTCH,
        "en" => ENGLISH,
        _ => &[],
    }
}

// Kept out on purpose: words that carry meaning in help text, such as
// "up" and "out" ("set up", "sign out") or "aan" and "uit" ("zet aan").
const ENGLISH: &[&str] = &[
    "a", "about", "am", "an", "and", "are", "as", "at", "be", "been", "but", "by", "can", "could",
    "did", "do", "does", "for", "from", "had", "has", "have", "he", "her", "here", "his", "how",
    "i", "if", "in", "into", "is", "it", "its", "me", "my", "of", "on", "or", "our", "she",
    "should", "so", "than", "that", "the", "their", "them", "then", "there", "these", "they",
    "this", "those", "to", "was", "we", "were", "what", "when", "where", "which", "who", "why",
    "will", "with", "would", "you", "your",
];

const DUTCH: &[&str] = &[
    "al", "als", "ben", "bent", "bij", "dan", "dat", "de", "deze", "die", "dit", "door", "een",
    "en", "er", "heb", "hebben", "hebt", "heeft", "het", "hier", "hij", "hoe", "ik", "in", "is",
    "je", "jij", "kan", "kun", "kunnen", "maar", "me", "mijn", "moet", "moeten", "naar", "nog",
    "of", "om", "ook", "op", "over", "te", "tot", "u", "uw", "van", "voor", "waar", "waarom",
    "wanneer", "was", "wat", "welke", "werd", "wie", "wij", "wil", "worden", "wordt", "ze", "zij",
    "zijn", "zo",
];

/// A word that says nothing about what is sought: a stop word, or a single
/// letter ("can't" gives "t"). A single digit does say something.
pub fn is_stop(stop: &[impl AsRef<str>], word: &str) -> bool {
    let mut chars = word.chars();
    let single_letter = matches!((chars.next(), chars.next()), (Some(c), None) if !c.is_numeric());
    single_letter || stop.binary_search_by(|s| s.as_ref().cmp(word)).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_are_sorted_folded_and_distinct() {
        for list in [ENGLISH, DUTCH] {
            assert!(list.windows(2).all(|w| w[0] < w[1]), "{list:?}");
            assert!(list.iter().all(|w| super::super::fold(w) == *w));
        }
    }

    #[test]
    fn function_words_and_single_letters_are_stop_words() {
        let en = words_for("en-US");
        assert!(is_stop(en, "the") && is_stop(en, "where") && is_stop(en, "t"));
        assert!(!is_stop(en, "serial") && !is_stop(en, "7") && !is_stop(en, "up"));
        let nl = words_for("nl_BE");
        assert!(is_stop(nl, "het") && is_stop(nl, "hoe") && !is_stop(nl, "wachtwoord"));
        assert!(words_for("xx").is_empty() && !is_stop(words_for("xx"), "the"));
        assert!(!is_stop(en, "") && is_stop(en, "é"));
    }
}
