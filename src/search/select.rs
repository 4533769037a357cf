//! Which files of a sharded index a query loads, and what it finds: the
//! same steps as `js/search-core.js` takes in the reader's browser, so
//! tests and the benchmark can count a query's bytes without a browser.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde_json::Value;

use super::compound::{self, Ask};
use super::shards::LocaleIndex;
use super::{fold, fuzzy, stop, words};

/// How many prefix matches one typed word may add, as in the client.
const MAX_PREFIX: usize = 200;
/// How many stems a misspelt word may match, the nearest first.
const MAX_FUZZY: usize = 8;
/// A word on fewer pages than this may be a compound the pages write apart.
const RARE: usize = 5;
/// Query words beyond this many are not looked up: each may load shards.
pub const MAX_WORDS: usize = 32;
/// What a match adds to a page's score, in quarters of the posting's
/// score: a word typed whole, a word it begins, a word it is a misspelling of.
const EXACT: i64 = 4;
const PREFIX: i64 = 2;
const FUZZY: i64 = 2;
/// What a match adds to a page's coverage of the query: a whole word twice
/// what a prefix or a misspelling adds.
const COVER_WHOLE: i64 = 2;
const COVER_PART: i64 = 1;
/// Results the type-ahead shows.
pub const SHOWN: usize = 8;
/// Results the search page shows at a time.
pub const PAGE_SIZE: usize = 10;

/// What one query needed.
#[derive(Debug, Default)]
pub struct Query {
    /// Published paths relative to the locale folder, top level first.
    pub files: Vec<String>,
    pub bytes: usize,
    /// Doc ids, best first.
    pub results: Vec<usize>,
    /// For each result, the stems that added to its score.
    pub scored: Vec<BTreeSet<String>>,
}

/// What one typed word (or one part of a compound) matches.
#[derive(Debug, Default)]
struct Term {
    exact: BTreeSet<String>,
    prefix: BTreeSet<String>,
    fuzzy: BTreeSet<String>,
}

/// The data a shard script assigns.
pub fn payload(js: &str) -> Value {
    let start = js.find("] = ").map(|i| i + 4).unwrap_or(0);
    let body = js.trim_end().trim_end_matches(';');
    serde_json::from_str(&body[start.min(body.len())..]).unwrap_or(Value::Null)
}

/// A stem's postings as its term shard has them.
struct Entry {
    short: Vec<(usize, i64)>,
    /// The file with its best [`super::shards::HEAD`], when `short` is not all.
    head: String,
    /// The file with the rest after `head`, when there is more.
    tail: String,
}

#[derive(Default)]
struct TermShard {
    words: HashMap<String, String>,
    postings: HashMap<String, Entry>,
    /// every key, sorted
    surfaces: Vec<(String, String)>,
}

struct Loader<'a> {
    index: &'a LocaleIndex,
    files: HashMap<&'a str, &'a str>,
    first_keys: Vec<String>,
    /// The locale's stop words, sorted.
    stop: Vec<String>,
    compound: bool,
    loaded: BTreeMap<usize, TermShard>,
    query: Query,
}

impl<'a> Loader<'a> {
    fn load(&mut self, name: &str) -> Value {
        crate::diagnostics::work::add(1);
        let path = format!("{}{name}.js", self.index.dir());
        let js = self.files.get(path.as_str()).copied().unwrap_or("");
        if !self.query.files.contains(&path) {
            self.query.bytes += js.len();
            self.query.files.push(path);
        }
        payload(js)
    }

    fn shard_for(&self, key: &str) -> usize {
        self.first_keys
            .partition_point(|k| k.as_str() <= key)
            .saturating_sub(1)
    }

    fn term_shard(&mut self, i: usize) -> &TermShard {
        if !self.loaded.contains_key(&i) {
            let data = self.load(&format!("t{i}"));
            let mut shard = TermShard::default();
            for e in data["w"].as_array().into_iter().flatten() {
                let (w, s) = (str_at(e, 0), str_at(e, 1));
                shard.words.insert(w.clone(), s.clone());
                shard.surfaces.push((w, s));
            }
            for e in data["p"].as_array().into_iter().flatten() {
                let stem = str_at(e, 0);
                let entry = Entry {
                    short: pairs(&e[1]),
                    head: str_at(e, 2),
                    tail: str_at(e, 3),
                };
                shard.postings.insert(stem.clone(), entry);
                shard.surfaces.push((stem.clone(), stem));
            }
            shard.surfaces.sort();
            self.loaded.insert(i, shard);
        }
        &self.loaded[&i]
    }

    /// A stem's postings: all of its head for a word typed whole
    /// (`exact`), the few in its term shard for a prefix; with `full` (the
    /// search page), head and tail, all of them.
    fn postings(&mut self, stem: &str, exact: bool, full: bool) -> Vec<(usize, i64)> {
        let i = self.shard_for(stem);
        let (short, head, tail) = match self.term_shard(i).postings.get(stem) {
            Some(e) => (e.short.clone(), e.head.clone(), e.tail.clone()),
            None => return Vec::new(),
        };
        if head.is_empty() || !(exact || full) {
            return short;
        }
        // A head that does not load leaves the short list, as in the client.
        let loaded = self.load(&head);
        let mut list = if loaded.is_null() {
            short
        } else {
            pairs(&loaded)
        };
        if full && !tail.is_empty() {
            list.extend(pairs(&self.load(&tail)));
        }
        list
    }

    fn is_stem(&mut self, key: &str) -> bool {
        let i = self.shard_for(key);
        self.term_shard(i).postings.contains_key(key)
    }

    fn is_stop(&self, word: &str) -> bool {
        stop::is_stop(&self.stop, word)
    }

    /// Whether `key` is a word of the index that may be part of a compound
    /// (or, as its rest, begin one).
    /// A beginning of a word is looked for only in the word's own term
    /// shard and, when words with its first three letters start before
    /// that, the shard before: never in a shard far off.
    fn is_part(&mut self, key: &str, ask: Ask<'_>) -> bool {
        if self.is_stop(key) {
            return false;
        }
        let i = self.shard_for(key);
        if let Ask::Head { of } = ask {
            let at = self.shard_for(of);
            let start: String = of.chars().take(3).collect();
            if !(i == at || (i + 1 == at && self.shard_for(&start) < at)) {
                return false;
            }
        }
        let shard = self.term_shard(i);
        // The last part may be the beginning of a word: the reader's
        // "herstel" for the pages' "herstellen".
        shard.words.contains_key(key)
            || shard.postings.contains_key(key)
            || (matches!(ask, Ask::Part)
                && key.chars().count() > compound::MIN_PART
                && shard.surfaces.iter().any(|(k, _)| k.starts_with(key)))
    }

    /// Term shards a misspelling of `word` is looked for in: its own, and
    /// the one before or after when that one holds words with the same
    /// first three letters.
    fn fuzzy_shards(&self, word: &str) -> Vec<usize> {
        let at = self.shard_for(word);
        let start: String = word.chars().take(3).collect();
        let mut near = Vec::new();
        if at > 0 && self.first_keys[at].starts_with(&start) {
            near.push(at - 1);
        }
        near.push(at);
        if self
            .first_keys
            .get(at + 1)
            .is_some_and(|k| k.starts_with(&start))
        {
            near.push(at + 1);
        }
        near
    }

    /// The stems of the index's words nearest to a misspelt `word`, within
    /// the edits its length allows.
    fn misspelt(&mut self, word: &str) -> BTreeSet<String> {
        let chars: Vec<char> = word.chars().collect();
        let max = fuzzy::max_edits(chars.len());
        let mut found = BTreeSet::new();
        if max == 0 || chars.len() > fuzzy::MAX_LEN || self.is_stop(word) {
            return found;
        }
        let near = self.fuzzy_shards(word);
        for &i in &near {
            self.term_shard(i);
        }
        let mut surfaces: Vec<&(String, String)> = near
            .iter()
            .flat_map(|i| self.loaded[i].surfaces.iter())
            .collect();
        surfaces.sort();
        let mut best = max;
        for (key, stem) in surfaces {
            let key: Vec<char> = key.chars().collect();
            let Some(d) = fuzzy::distance(&chars, &key, best) else {
                continue;
            };
            if d < best {
                best = d;
                found.clear();
            }
            if found.len() < MAX_FUZZY {
                found.insert(stem.clone());
            }
        }
        found
    }

    /// What one typed word matches: its own stems (or a compound's parts,
    /// or a stem it begins with), the stems of longer words it begins,
    /// and, when it matches nothing, the stems of words it may be a
    /// misspelling of.
    fn terms_for(&mut self, word: &str, split: bool) -> Vec<Term> {
        let at = self.shard_for(word);
        let mut near = vec![at];
        if self
            .first_keys
            .get(at + 1)
            .is_some_and(|k| k.starts_with(word))
        {
            near.push(at + 1);
        }
        let mut term = Term::default();
        for &i in &near {
            let shard = self.term_shard(i);
            if let Some(s) = shard.words.get(word) {
                term.exact.insert(s.clone());
            }
            if shard.postings.contains_key(word) {
                term.exact.insert(word.to_string());
            }
        }
        let stop_word = self.is_stop(word);
        // A compound the pages rarely write as one word is also looked
        // for by its parts: "bedrijfsportalapp" for "bedrijfsportal-app".
        let rare = !term.exact.is_empty() && self.pages_of(&term.exact) < RARE;
        let mut part_terms = Vec::new();
        if (term.exact.is_empty() || rare) && self.compound && !stop_word && split {
            let parts = compound::split(word, &mut |key, ask| self.is_part(key, ask));
            for p in parts.iter().flatten() {
                part_terms.extend(self.terms_for(p, false));
            }
            if term.exact.is_empty() && !part_terms.is_empty() {
                return part_terms;
            }
        }
        let chars: Vec<char> = word.chars().collect();
        // Shortening a long word would cost its length squared, and no
        // inflection is that long.
        if term.exact.is_empty() && chars.len() <= compound::MAX_WORD {
            let shortest = 3.max((chars.len() as f64 * 0.6).ceil() as usize);
            for len in (shortest..chars.len()).rev() {
                let stem: String = chars[..len].iter().collect();
                if self.is_stem(&stem) {
                    term.exact.insert(stem);
                    break;
                }
            }
        }
        // A stop word or a single letter begins too many words to mean any.
        if chars.len() >= 2 && !stop_word {
            let mut surfaces: Vec<&(String, String)> = near
                .iter()
                .flat_map(|i| self.loaded[i].surfaces.iter())
                .collect();
            surfaces.sort();
            let from = surfaces.partition_point(|(k, _)| k.as_str() < word);
            for (k, s) in surfaces[from..].iter().take(MAX_PREFIX) {
                if !k.starts_with(word) {
                    break;
                }
                if !term.exact.contains(s) {
                    term.prefix.insert(s.clone());
                }
            }
        }
        if term.exact.is_empty() && term.prefix.is_empty() {
            term.fuzzy = self.misspelt(word);
        }
        let mut terms = vec![term];
        terms.extend(part_terms);
        terms
    }

    /// Pages a word's stems are on, as far as their term shards tell.
    fn pages_of(&mut self, stems: &BTreeSet<String>) -> usize {
        let mut pages = 0;
        for stem in stems {
            let i = self.shard_for(stem);
            pages += self
                .term_shard(i)
                .postings
                .get(stem)
                .map_or(0, |e| e.short.len());
        }
        pages
    }

    /// Best score per page for a set of stems, with the stem that gave it.
    fn best(&mut self, stems: &BTreeSet<String>, exact: bool, full: bool) -> Best {
        let mut into: HashMap<usize, (i64, String)> = HashMap::new();
        for s in stems {
            for (doc, score) in self.postings(s, exact, full) {
                match into.get(&doc) {
                    Some((best, _)) if *best >= score => {}
                    _ => {
                        into.insert(doc, (score, s.clone()));
                    }
                }
            }
        }
        into
    }
}

type Best = HashMap<usize, (i64, String)>;

/// `[doc, score, doc, score, …]` as pairs.
fn pairs(v: &Value) -> Vec<(usize, i64)> {
    let flat: Vec<i64> = v
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_i64)
        .collect();
    flat.chunks(2).map(|c| (c[0] as usize, c[1])).collect()
}

fn str_at(v: &Value, i: usize) -> String {
    v[i].as_str().unwrap_or("").to_string()
}

/// Runs `query` as the type-ahead does: the top level, the term shards
/// its words need, and the page shards of the first [`SHOWN`] results.
pub fn run(index: &LocaleIndex, query: &str) -> Query {
    search(index, query, false, SHOWN)
}

/// Runs `query` as the search page does: every posting of each stem, heads
/// and tails, and the page shards of the first [`PAGE_SIZE`] results.
pub fn run_page(index: &LocaleIndex, query: &str) -> Query {
    search(index, query, true, PAGE_SIZE)
}

fn search(index: &LocaleIndex, query: &str, full: bool, shown: usize) -> Query {
    let top = payload(&index.js);
    let strings = |v: &Value| -> Vec<String> {
        v.as_array()
            .into_iter()
            .flatten()
            .map(|k| k.as_str().unwrap_or("").to_string())
            .collect()
    };
    let mut loader = Loader {
        index,
        files: index
            .files
            .iter()
            .map(|(p, js)| (p.as_str(), js.as_str()))
            .collect(),
        first_keys: strings(&top["terms"]),
        stop: strings(&top["stop"]),
        compound: top["compound"].as_bool().unwrap_or(false),
        loaded: BTreeMap::new(),
        query: Query {
            files: vec!["search-index.js".into()],
            bytes: index.js.len(),
            ..Query::default()
        },
    };
    let mut typed: Vec<String> = Vec::new();
    for w in words(query) {
        let w = fold(w);
        if !w.is_empty() && !typed.contains(&w) {
            typed.push(w);
        }
    }
    // Stop words count only in a query of nothing else.
    let content: Vec<String> = typed
        .iter()
        .filter(|w| !loader.is_stop(w))
        .cloned()
        .collect();
    let used = if content.is_empty() { typed } else { content };
    let mut terms = Vec::new();
    for word in used.iter().take(MAX_WORDS) {
        terms.extend(loader.terms_for(word, true));
    }
    let ranked = rank(&mut loader, &terms, full);
    let per = top["per"].as_u64().unwrap_or(1).max(1) as usize;
    for (doc, _) in ranked.iter().take(shown) {
        loader.load(&format!("d{}", doc / per));
    }
    loader.query.scored = ranked.iter().map(|(_, e)| e.scored.clone()).collect();
    loader.query.results = ranked.into_iter().map(|(d, _)| d).collect();
    loader.query
}

/// A page's standing for one query.
#[derive(Default)]
struct Standing {
    score: i64,
    /// How much of the query the page covers: [`COVER_WHOLE`] per term it
    /// has whole, [`COVER_PART`] per term matched otherwise.
    cover: i64,
    scored: BTreeSet<String>,
}

/// The pages any term matches, best first: by score times coverage, so a
/// page with every word usually leads, but a page that is about two of
/// three words can still lead one that merely mentions all three.
fn rank(loader: &mut Loader, terms: &[Term], full: bool) -> Vec<(usize, Standing)> {
    let mut standings: HashMap<usize, Standing> = HashMap::new();
    for term in terms {
        let exact = loader.best(&term.exact, true, full);
        let prefix = loader.best(&term.prefix, false, full);
        let fuzzy = loader.best(&term.fuzzy, true, full);
        let mut add = |found: &Best, weight: i64, cover: i64, skip: &[&Best]| {
            for (&doc, (score, stem)) in found {
                if skip.iter().any(|b| b.contains_key(&doc)) {
                    continue;
                }
                let e = standings.entry(doc).or_default();
                e.score += score * weight;
                e.cover += cover;
                e.scored.insert(stem.clone());
            }
        };
        add(&exact, EXACT, COVER_WHOLE, &[]);
        add(&prefix, PREFIX, COVER_PART, &[&exact]);
        add(&fuzzy, FUZZY, COVER_PART, &[&exact, &prefix]);
    }
    let mut all: Vec<(usize, Standing)> = standings.into_iter().collect();
    all.sort_by(|a, b| {
        (b.1.score * b.1.cover)
            .cmp(&(a.1.score * a.1.cover))
            .then(a.0.cmp(&b.0))
    });
    all
}

/// A locale's index read back from a built site: the top level
/// `<locale_dir>/<top>` and the shards in the folder it names.
pub fn from_disk(
    locale: &str,
    locale_dir: &std::path::Path,
    top: &str,
) -> std::io::Result<LocaleIndex> {
    let js = std::fs::read_to_string(locale_dir.join(top))?;
    let data = payload(&js);
    let dir = data["dir"].as_str().unwrap_or("").to_string();
    let mut files = Vec::new();
    for entry in std::fs::read_dir(locale_dir.join(&dir))? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        files.push((
            format!("{dir}{name}"),
            std::fs::read_to_string(entry.path())?,
        ));
    }
    files.sort();
    Ok(LocaleIndex {
        locale: locale.to_string(),
        js,
        shard_bytes: files.iter().map(|(_, js)| js.len()).sum(),
        files,
        docs: data["docs"].as_u64().unwrap_or(0) as usize,
        stems: 0,
    })
}

/// The whole index put back together, for tests: every page, every
/// stem's postings (tails included) and every word's stem.
#[derive(Debug, Default)]
pub struct Whole {
    /// `[url, title, text, section]`
    pub docs: Vec<Vec<String>>,
    /// Each page's headings: start and length in UTF-16 code units of its
    /// text, and id (see `super::sections`).
    pub sections: Vec<Vec<(usize, String, usize)>>,
    pub postings: BTreeMap<String, Vec<(usize, i64)>>,
    pub words: BTreeMap<String, String>,
}

pub fn whole(index: &LocaleIndex) -> Whole {
    let mut w = Whole::default();
    let by_name: HashMap<String, Value> = index
        .files
        .iter()
        .map(|(p, js)| {
            let name = p.rsplit('/').next().unwrap_or("");
            (name.trim_end_matches(".js").to_string(), payload(js))
        })
        .collect();
    for i in 0.. {
        let Some(shard) = by_name.get(&format!("t{i}")) else {
            break;
        };
        for e in shard["w"].as_array().into_iter().flatten() {
            w.words.insert(str_at(e, 0), str_at(e, 1));
        }
        for e in shard["p"].as_array().into_iter().flatten() {
            let file = |k: usize| {
                e[k].as_str()
                    .filter(|t| !t.is_empty())
                    .map(|t| pairs(&by_name.get(t).cloned().unwrap_or_default()))
            };
            let mut list = file(2).unwrap_or_else(|| pairs(&e[1]));
            list.extend(file(3).unwrap_or_default());
            list.sort();
            w.postings.insert(str_at(e, 0), list);
        }
    }
    for i in 0.. {
        let Some(shard) = by_name.get(&format!("d{i}")) else {
            break;
        };
        for d in shard.as_array().into_iter().flatten() {
            w.docs.push((0..4).map(|k| str_at(d, k)).collect());
            let number = |v: &Value| v.as_u64().unwrap_or(0) as usize;
            let headings = d[4].as_array().into_iter().flatten();
            w.sections.push(
                headings
                    .map(|h| (number(&h[0]), str_at(h, 1), number(&h[2])))
                    .collect(),
            );
        }
    }
    w
}
