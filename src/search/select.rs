//! Which files of a sharded index a query loads, and what it finds: the
//! same steps as `js/search-core.js` takes in the reader's browser, so
//! tests and the benchmark can count a query's bytes without a browser.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde_json::Value;

use super::shards::LocaleIndex;
use super::{fold, words};

/// How many prefix matches one typed word may add, as in the client.
const MAX_PREFIX: usize = 200;
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
    loaded: BTreeMap<usize, TermShard>,
    query: Query,
}

impl<'a> Loader<'a> {
    fn load(&mut self, name: &str) -> Value {
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

    /// The word's own stems, and the stems of longer words it begins.
    fn stems_for(&mut self, word: &str) -> (BTreeSet<String>, BTreeSet<String>) {
        let at = self.shard_for(word);
        let mut near = vec![at];
        if self
            .first_keys
            .get(at + 1)
            .is_some_and(|k| k.starts_with(word))
        {
            near.push(at + 1);
        }
        let mut exact = BTreeSet::new();
        for &i in &near {
            let shard = self.term_shard(i);
            if let Some(s) = shard.words.get(word) {
                exact.insert(s.clone());
            }
            if shard.postings.contains_key(word) {
                exact.insert(word.to_string());
            }
        }
        let chars: Vec<char> = word.chars().collect();
        if exact.is_empty() {
            let shortest = 3.max((chars.len() as f64 * 0.6).ceil() as usize);
            for len in (shortest..chars.len()).rev() {
                let stem: String = chars[..len].iter().collect();
                if self.is_stem(&stem) {
                    exact.insert(stem);
                    break;
                }
            }
        }
        let mut prefix = BTreeSet::new();
        if chars.len() >= 2 {
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
                if !exact.contains(s) {
                    prefix.insert(s.clone());
                }
            }
        }
        (exact, prefix)
    }
}

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
    let mut loader = Loader {
        index,
        files: index
            .files
            .iter()
            .map(|(p, js)| (p.as_str(), js.as_str()))
            .collect(),
        first_keys: top["terms"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|k| k.as_str().unwrap_or("").to_string())
            .collect(),
        loaded: BTreeMap::new(),
        query: Query {
            files: vec!["search-index.js".into()],
            bytes: index.js.len(),
            results: Vec::new(),
        },
    };
    let mut typed: Vec<String> = Vec::new();
    for w in words(query) {
        let w = fold(w);
        if !typed.contains(&w) {
            typed.push(w);
        }
    }
    // doc → (score, hits, whole)
    let mut scores: HashMap<usize, (f64, usize, usize)> = HashMap::new();
    for word in &typed {
        let (exact, prefix) = loader.stems_for(word);
        let best = |stems: &BTreeSet<String>, exact: bool, loader: &mut Loader| {
            let mut into: HashMap<usize, i64> = HashMap::new();
            for s in stems {
                for (doc, score) in loader.postings(s, exact, full) {
                    let e = into.entry(doc).or_insert(score);
                    *e = (*e).max(score);
                }
            }
            into
        };
        let exact_scores = best(&exact, true, &mut loader);
        let prefix_scores = best(&prefix, false, &mut loader);
        for (&doc, &v) in &exact_scores {
            let e = scores.entry(doc).or_default();
            e.0 += v as f64;
            e.1 += 1;
            e.2 += 1;
        }
        for (&doc, &v) in &prefix_scores {
            if !exact_scores.contains_key(&doc) {
                let e = scores.entry(doc).or_default();
                e.0 += v as f64 * 0.5;
                e.1 += 1;
            }
        }
    }
    let mut all: Vec<(usize, (f64, usize, usize))> = scores.into_iter().collect();
    if all.iter().any(|(_, e)| e.1 == typed.len()) {
        all.retain(|(_, e)| e.1 == typed.len());
    }
    all.sort_by(|a, b| {
        b.1 .1
            .cmp(&a.1 .1)
            .then(b.1 .2.cmp(&a.1 .2))
            .then(b.1 .0.total_cmp(&a.1 .0))
            .then(a.0.cmp(&b.0))
    });
    let per = top["per"].as_u64().unwrap_or(1).max(1) as usize;
    for (doc, _) in all.iter().take(shown) {
        loader.load(&format!("d{}", doc / per));
    }
    loader.query.results = all.into_iter().map(|(d, _)| d).collect();
    loader.query
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
