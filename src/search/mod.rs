//! The search index: one per locale, built at build time and shipped as a
//! `.js` file that assigns a JSON object, so that a plain `<script>` loads it
//! and search works from `file://` (no fetch, no modules, no workers).
//!
//! Words are case- and diacritic-folded, then stemmed with the locale's
//! Snowball stemmer. Each (stem, page) pair carries a precomputed BM25F-style
//! score with title and headings weighing more, so the client only adds up
//! integers. The index also carries the vocabulary (folded word → stem) so the
//! client can map what the reader types to stems without a stemmer of its own.

use std::collections::BTreeMap;

use rustc_hash::FxHashMap;

use rust_stemmers::{Algorithm, Stemmer};
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// How much a word counts in each field. A heading word counts as several
/// body words; a title word adds a bonus larger than any body score can
/// reach, so that pages about a word come before pages that mention it.
const TITLE_BONUS: f64 = 1.5;
const HEADING_WEIGHT: f64 = 2.5;
const BODY_WEIGHT: f64 = 1.0;
/// What a part of a compound counts, against the whole word's 1.
const PART_WEIGHT: f64 = 0.5;
const K1: f64 = 1.2;
const B: f64 = 0.75;
/// Scores are shipped as integers: this keeps two decimals.
const SCORE_SCALE: f64 = 100.0;

/// One page as the index sees it. The text is borrowed from the model
/// where it can be: at 20,000 pages a copy of every page's text is most of
/// what building the index would add to memory.
#[derive(Debug, Clone)]
pub struct Doc<'a> {
    /// Relative to the locale folder, e.g. `EndUser/a.html`.
    pub url: String,
    pub title: String,
    pub headings: Vec<String>,
    /// The page's visible text; shown in snippets.
    pub text: std::borrow::Cow<'a, str>,
    /// The part of the site the page belongs to, named in results.
    pub section: String,
    /// The h2/h3 headings, in the order of `text`: results link into the
    /// one whose words matched.
    pub sections: Vec<Section>,
}

pub mod compound;
pub mod fuzzy;
pub mod sections;
pub mod select;
pub mod shards;
pub mod stop;

pub use sections::Section;
pub use shards::LocaleIndex;

/// Lower-cases and removes diacritics: "Geïnstalleerd" → "geinstalleerd".
/// The client does the same with `normalize("NFD")` and a mark-stripping
/// regex, so both sides agree.
pub fn fold(word: &str) -> String {
    word.nfd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

/// Words: runs of letters, digits and combining marks. Matches the client's
/// `/[\p{Alphabetic}\p{M}\p{N}]+/gu` (`js/search-core.js`).
pub fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !(c.is_alphanumeric() || is_combining_mark(c)))
        .filter(|w| !w.is_empty())
}

/// The Snowball stemmer for a locale code such as `nl`, `en-US` or `nl_BE`.
pub fn stemmer_for(locale: &str) -> Option<Stemmer> {
    let lang = stop::language(locale);
    let algorithm = match lang.as_str() {
        "nl" => Algorithm::Dutch,
        "en" => Algorithm::English,
        "de" => Algorithm::German,
        "fr" => Algorithm::French,
        "es" => Algorithm::Spanish,
        "it" => Algorithm::Italian,
        "pt" => Algorithm::Portuguese,
        "sv" => Algorithm::Swedish,
        "da" => Algorithm::Danish,
        "nb" | "nn" | "no" => Algorithm::Norwegian,
        "fi" => Algorithm::Finnish,
        "ru" => Algorithm::Russian,
        "hu" => Algorithm::Hungarian,
        "ro" => Algorithm::Romanian,
        "tr" => Algorithm::Turkish,
        _ => return None,
    };
    Some(Stemmer::create(algorithm))
}

/// Folds and stems one word. Words with digits are kept whole: stemming
/// "android7" or "2017" only does harm.
pub fn term(stemmer: Option<&Stemmer>, word: &str) -> (String, String) {
    let folded = fold(word);
    let stem = match stemmer {
        Some(s) if !folded.chars().any(|c| c.is_numeric()) => s.stem(&folded).into_owned(),
        _ => folded.clone(),
    };
    let stem = if stem.is_empty() {
        folded.clone()
    } else {
        stem
    };
    (folded, stem)
}

/// Collapses runs of whitespace, so snippets and the index stay small.
pub(crate) fn squash(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

pub fn build(locale: &str, docs: &[Doc<'_>]) -> LocaleIndex {
    let (stems, postings, words) = analyse(locale, docs);
    shards::layout(locale, docs, &stems, &postings, &words)
}

/// `build`, handing each shard to `emit` as it is made (see
/// `shards::layout_into`): the index keeps their paths, not their scripts.
pub fn build_into(
    locale: &str,
    docs: &[Doc<'_>],
    emit: &mut dyn FnMut(String, String),
) -> LocaleIndex {
    let (stems, postings, words) = analyse(locale, docs);
    shards::layout_into(locale, docs, &stems, &postings, &words, emit)
}

/// Each distinct spelling is folded and stemmed once, then known by number:
/// folding and stemming dominate the build, and words repeat.
#[derive(Default)]
struct Lexicon {
    /// spelling as written → word number
    known: FxHashMap<String, usize>,
    stem_of_word: Vec<usize>,
    stem_ids: FxHashMap<String, usize>,
    stem_names: Vec<String>,
    /// folded word → stem, for every word seen
    vocabulary: BTreeMap<String, String>,
}

impl Lexicon {
    fn word(&mut self, stemmer: Option<&Stemmer>, w: &str) -> usize {
        if let Some(&i) = self.known.get(w) {
            return i;
        }
        let (folded, stem) = term(stemmer, w);
        let next = self.stem_names.len();
        let stem_id = *self.stem_ids.entry(stem.clone()).or_insert(next);
        if stem_id == next {
            self.stem_names.push(stem.clone());
        }
        self.vocabulary.entry(folded).or_insert(stem);
        self.stem_of_word.push(stem_id);
        self.known
            .insert(w.to_string(), self.stem_of_word.len() - 1);
        self.stem_of_word.len() - 1
    }

    /// By word number, the stems of its parts when it is a compound of
    /// other words of the site (see `compound::split`); else nothing.
    fn compound_parts(&self, locale: &str) -> Vec<Vec<usize>> {
        let stop = stop::words_for(locale);
        let is_word = |key: &str| {
            (self.vocabulary.contains_key(key) || self.stem_ids.contains_key(key))
                && !stop::is_stop(stop, key)
        };
        let stem_id = |part: &str| {
            let stem = self.vocabulary.get(part).map_or(part, String::as_str);
            self.stem_ids.get(stem).copied()
        };
        let splits: FxHashMap<&str, Vec<usize>> = self
            .vocabulary
            .keys()
            .filter_map(|w| {
                let parts = compound::split(w, &mut |key, _| is_word(key))?;
                Some((
                    w.as_str(),
                    parts.iter().filter_map(|p| stem_id(p)).collect(),
                ))
            })
            .collect();
        let mut parts = vec![Vec::new(); self.stem_of_word.len()];
        for (spelling, &id) in &self.known {
            if let Some(found) = splits.get(fold(spelling).as_str()) {
                parts[id].clone_from(found);
            }
        }
        parts
    }
}

/// Stems in order, each stem's (doc, score) postings best first, and the
/// words that are not their own stem with their stems.
#[allow(clippy::type_complexity)]
fn analyse(
    locale: &str,
    docs: &[Doc<'_>],
) -> (Vec<String>, Vec<Vec<(u32, u32)>>, Vec<(String, String)>) {
    let stemmer = stemmer_for(locale);
    let stemmer = stemmer.as_ref();
    let mut lexicon = Lexicon::default();
    // A compound's parts must be known before the first page is counted:
    // the word that makes "wachtwoordherstel" a compound may come later.
    let parts = if compound::compounds(locale) {
        for doc in docs {
            let fields = [&doc.title, &*doc.text].into_iter();
            for text in fields.chain(doc.headings.iter().map(String::as_str)) {
                for w in words(text) {
                    lexicon.word(stemmer, w);
                }
            }
        }
        lexicon.compound_parts(locale)
    } else {
        Vec::new()
    };
    // By stem id: (doc, weighted term frequency, in title), 12 bytes a
    // posting, since at 10,000 pages there are millions.
    let mut frequencies: Vec<Vec<(u32, f32, bool)>> = Vec::new();
    let mut lengths = Vec::with_capacity(docs.len());
    for (id, doc) in docs.iter().enumerate() {
        let mut tf: FxHashMap<usize, (f64, bool)> = FxHashMap::default();
        let mut add = |text: &str, weight: f64, title: bool| -> usize {
            let mut n = 0usize;
            for w in words(text) {
                let word_id = lexicon.word(stemmer, w);
                let e = tf.entry(lexicon.stem_of_word[word_id]).or_default();
                e.0 += weight;
                e.1 |= title;
                // A compound's parts count as half a word each, and never
                // as a title word: the page is about the whole.
                let part_weight = if title { HEADING_WEIGHT } else { weight } * PART_WEIGHT;
                for &part in parts.get(word_id).into_iter().flatten() {
                    tf.entry(part).or_default().0 += part_weight;
                }
                n += 1;
            }
            n
        };
        add(&doc.title, 0.0, true);
        for h in &doc.headings {
            add(h, HEADING_WEIGHT, false);
        }
        let body_len = add(&doc.text, BODY_WEIGHT, false);
        lengths.push(body_len.max(1) as f64);
        if frequencies.len() < lexicon.stem_names.len() {
            frequencies.resize_with(lexicon.stem_names.len(), Vec::new);
        }
        for (stem, (f, in_title)) in tf {
            frequencies[stem].push((id as u32, f as f32, in_title));
        }
    }
    let Lexicon {
        mut stem_names,
        vocabulary,
        ..
    } = lexicon;
    let n = docs.len() as f64;
    let avg_len = if lengths.is_empty() {
        1.0
    } else {
        lengths.iter().sum::<f64>() / n
    };
    let mut order: Vec<usize> = (0..frequencies.len()).collect();
    order.sort_by(|a, b| stem_names[*a].cmp(&stem_names[*b]));
    let mut stems: Vec<String> = Vec::with_capacity(order.len());
    // (doc, score), best first; 8 bytes a posting, since there are millions.
    let mut postings: Vec<Vec<(u32, u32)>> = Vec::with_capacity(order.len());
    for i in order {
        let list = std::mem::take(&mut frequencies[i]);
        if list.is_empty() {
            continue;
        }
        let df = list.len() as f64;
        let idf = (1.0 + (n - df + 0.5) / (df + 0.5)).ln();
        let mut pairs: Vec<(u32, u32)> = list
            .into_iter()
            .map(|(doc, tf, in_title)| {
                let tf = f64::from(tf);
                let norm = K1 * (1.0 - B + B * lengths[doc as usize] / avg_len);
                let mut score = idf * tf * (K1 + 1.0) / (tf + norm);
                if in_title {
                    score += idf * TITLE_BONUS * (K1 + 1.0);
                }
                (
                    doc,
                    (score * SCORE_SCALE)
                        .round()
                        .clamp(1.0, f64::from(u32::MAX)) as u32,
                )
            })
            .collect();
        pairs.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        stems.push(std::mem::take(&mut stem_names[i]));
        postings.push(pairs);
    }
    // Words that are their own stem need no entry: the client finds them among the stems.
    let words: Vec<(String, String)> = vocabulary.into_iter().filter(|(w, s)| w != s).collect();
    (stems, postings, words)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn squash_keeps_words_and_one_space_between() {
        assert_eq!(squash("  Open \n\t the\u{a0}app  "), "Open the app");
        assert_eq!(squash(" \n "), "");
        assert_eq!(squash("één"), "één");
    }

    fn doc(url: &str, title: &str, text: &str) -> Doc<'static> {
        Doc {
            url: url.into(),
            title: title.into(),
            headings: vec![],
            section: String::new(),
            sections: vec![],
            text: text.to_string().into(),
        }
    }

    fn score(data: &select::Whole, stem: &str, doc: usize) -> Option<i64> {
        data.postings[stem]
            .iter()
            .find(|(d, _)| *d == doc)
            .map(|(_, s)| *s)
    }

    #[test]
    fn folding_removes_case_and_diacritics() {
        assert_eq!(fold("Geïnstalleerd"), "geinstalleerd");
        assert_eq!(fold("ÉÉN café"), "een cafe");
        assert_eq!(
            words("Wi-Fi: één, twee.").collect::<Vec<_>>(),
            ["Wi", "Fi", "één", "twee"]
        );
    }

    #[test]
    fn dutch_plurals_and_singulars_share_a_stem() {
        let nl = stemmer_for("nl-NL");
        assert_eq!(
            term(nl.as_ref(), "certificaten").1,
            term(nl.as_ref(), "Certificaat").1
        );
        assert_eq!(
            term(nl.as_ref(), "geïnstalleerd").1,
            term(nl.as_ref(), "geinstalleerd").1
        );
        let en = stemmer_for("en");
        assert_eq!(
            term(en.as_ref(), "certificates").1,
            term(en.as_ref(), "certificate").1
        );
        assert!(stemmer_for("xx").is_none());
        assert_eq!(term(en.as_ref(), "Android7").1, "android7");
    }

    #[test]
    fn titles_weigh_more_than_body_text() {
        let docs = [
            doc(
                "a.html",
                "Certificaten installeren",
                "Zo gaat dat. Het certificaat staat in de lijst.",
            ),
            doc(
                "b.html",
                "Apparaat inschrijven",
                "Zo gaat dat. Het certificaat staat in de lijst.",
            ),
        ];
        let index = build("nl", &docs);
        let data = select::whole(&index);
        let stem = term(stemmer_for("nl").as_ref(), "certificaat").1;
        assert!(score(&data, &stem, 0).unwrap() > score(&data, &stem, 1).unwrap());
        assert_eq!(index.docs, 2);
        assert!(index.js.starts_with("/*"));
        assert!(index
            .js
            .contains(r#"(self.helpsiteSearch = self.helpsiteSearch || {})["nl"] = {"#));
        assert!(index.files.iter().all(|(p, js)| p.starts_with(index.dir())
            && js.starts_with(r#"(self.helpsiteSearch = self.helpsiteSearch || {})["nl/"#)));
    }

    #[test]
    fn rare_words_score_higher_than_common_ones() {
        let docs = [
            doc("a.html", "A", "app app bedrijfsportal"),
            doc("b.html", "B", "app"),
            doc("c.html", "C", "app"),
        ];
        let data = select::whole(&build("nl", &docs));
        let app = term(stemmer_for("nl").as_ref(), "app").1;
        let portal = term(stemmer_for("nl").as_ref(), "bedrijfsportal").1;
        assert!(score(&data, &portal, 0).unwrap() > score(&data, &app, 0).unwrap());
    }

    #[test]
    fn vocabulary_maps_folded_words_to_their_stems() {
        let data = select::whole(&build(
            "nl",
            &[doc("a.html", "T", "Het certificaat is geïnstalleerd.")],
        ));
        for w in ["certificaat", "geinstalleerd"] {
            let stem = data.words.get(w).map(String::as_str).unwrap_or(w);
            assert_eq!(stem, term(stemmer_for("nl").as_ref(), w).1, "{w}");
            assert!(data.postings.contains_key(stem));
        }
        // The snippet text keeps the original spelling.
        assert_eq!(data.docs[0][2], "Het certificaat is geïnstalleerd.");
    }

    #[test]
    fn a_compound_on_a_page_is_found_by_its_parts_in_dutch_only() {
        let docs = [
            doc("a.html", "A", "Het wachtwoordherstel duurt even."),
            doc("b.html", "B", "Uw wachtwoord en het herstel."),
        ];
        let stem = |locale: &str, w: &str| term(stemmer_for(locale).as_ref(), w).1;
        let nl = select::whole(&build("nl", &docs));
        let herstel = stem("nl", "herstel");
        let on_a = score(&nl, &herstel, 0).expect("a part is indexed");
        assert!(on_a < score(&nl, &herstel, 1).unwrap(), "at half weight");
        assert!(score(&nl, &stem("nl", "wachtwoord"), 0).is_some());
        // English does not write compounds: no parts.
        let en = select::whole(&build("en", &docs));
        assert_eq!(score(&en, &stem("en", "herstel"), 0), None);
        // A stop word is no part: "waterdicht" is not "wat" + "erdicht".
        let stop = [
            doc("c.html", "C", "Waterdicht."),
            doc("d.html", "D", "Wat erdicht."),
        ];
        let data = select::whole(&build("nl", &stop));
        assert_eq!(score(&data, &stem("nl", "erdicht"), 0), None);
        assert!(score(&data, &stem("nl", "erdicht"), 1).is_some());
    }
}
