//! How a locale's index is cut into files, so that a reader's first query
//! loads a few small scripts at any site size.
//!
//! - The **top level** (`<locale>/search-index.<hash>.js`) names the shard
//!   folder, the page count and the first key of each term shard. It grows
//!   with the vocabulary, which grows far slower than the page count.
//! - **Term shards** (`t<n>.js`) hold a stretch of the sorted vocabulary:
//!   folded words with their stems, and each stem's [`SHORT`] best
//!   postings, which is all that matching a typed prefix uses.
//! - **Heads** (`p<n>_<k>.js`): the [`HEAD`] best postings of a stem found
//!   on more than [`SHORT`] pages, loaded for a word typed whole.
//! - **Tails** (`x<n>_<k>.js`): the rest of the postings of a stem found on
//!   more than [`HEAD`] pages. Only the search page's full list loads them.
//! - **Page shards** (`d<n>.js`): url, title, text and section of
//!   [`DOCS_PER_SHARD`] pages, for showing results.
//!
//! The shards sit in `<locale>/search-index/<hash of them all>/`. Every file is a script that assigns its data to
//! `self.helpsiteSearch[<key>]`, so a `<script>` element loads it from
//! `file://` as well as from a server, under `default-src 'self'`.

use sha1::{Digest, Sha1};

use super::squash;

/// Postings per stem in its term shard, the best-scoring first. A first
/// query needs no more to rank the top results; the rest is in a tail.
pub const HEAD: usize = 400;
/// Postings per stem in the term shard itself: enough to rank prefix
/// matches in the type-ahead, small enough that a shard holds many stems.
pub const SHORT: usize = 24;
/// A term shard is closed once it holds this many bytes.
pub const TERM_SHARD_BYTES: usize = 16 * 1024;
/// Pages per page shard: a result list of 8 loads at most 8 of them.
pub const DOCS_PER_SHARD: usize = 8;

/// The built index of one locale.
pub struct LocaleIndex {
    pub locale: String,
    /// The top level, published as `<locale>/search-index.js` (hashed).
    pub js: String,
    /// The shards: path relative to the locale folder, and the script
    /// (empty once the build has written it).
    pub files: Vec<(String, String)>,
    /// All shards together.
    pub shard_bytes: usize,
    pub docs: usize,
    pub stems: usize,
}

impl LocaleIndex {
    /// The shard folder relative to the locale folder, e.g. `search-index/0c1d2e3f/`.
    pub fn dir(&self) -> &str {
        self.files
            .first()
            .and_then(|(p, _)| p.rfind('/').map(|i| &p[..=i]))
            .unwrap_or("")
    }
}

/// One key of the sorted vocabulary: a folded word's stem, and/or the
/// postings of the stem spelled like the key.
#[derive(Default)]
struct Key<'a> {
    word_stem: Option<&'a str>,
    /// (doc, score) pairs, best score first.
    postings: Option<Vec<(i64, i64)>>,
}

fn script(key: &str, json: &str) -> String {
    format!(
        "(self.helpsiteSearch = self.helpsiteSearch || {{}})[{}] = {json};\n",
        serde_json::to_string(key).unwrap_or_default()
    )
}

fn json<T: serde::Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

/// Cuts the analysed index into its files. `postings[i]` belongs to
/// `stems[i]`: (doc, score) pairs, best score first.
pub fn layout(
    locale: &str,
    docs: &[super::Doc<'_>],
    stems: &[String],
    postings: Vec<Vec<(i64, i64)>>,
    words: &[(String, String)],
) -> LocaleIndex {
    let mut keys: std::collections::BTreeMap<&str, Key> = std::collections::BTreeMap::new();
    for (w, s) in words {
        keys.entry(w).or_default().word_stem = Some(s);
    }
    for (stem, pairs) in stems.iter().zip(postings) {
        keys.entry(stem).or_default().postings = Some(pairs);
    }

    // Term shards, named by number; heads and tails by shard and ordinal.
    let mut first_keys: Vec<&str> = Vec::new();
    let mut term_files: Vec<(String, String)> = Vec::new();
    let mut extra_files: Vec<(String, String)> = Vec::new();
    #[derive(serde::Serialize, Default)]
    struct TermShard<'a> {
        /// folded word → stem
        w: Vec<(&'a str, &'a str)>,
        /// stem, its best postings (flat), head file or "", tail file or ""
        p: Vec<(&'a str, Vec<i64>, String, String)>,
    }
    let mut shard = TermShard::default();
    let mut bytes = 0usize;
    let mut flush = |shard: &mut TermShard| {
        let name = format!("t{}", term_files.len());
        term_files.push((name, json(&std::mem::take(shard))));
    };
    for (key, entry) in keys.iter_mut() {
        if bytes >= TERM_SHARD_BYTES {
            flush(&mut shard);
            bytes = 0;
        }
        if bytes == 0 {
            first_keys.push(key);
        }
        if let Some(s) = entry.word_stem {
            shard.w.push((key, s));
            bytes += key.len() + s.len() + 6;
        }
        if let Some(pairs) = entry.postings.take() {
            let flat = |pairs: &[(i64, i64)]| -> Vec<i64> {
                pairs.iter().flat_map(|&(d, s)| [d, s]).collect()
            };
            let shard_no = first_keys.len() - 1;
            let short = flat(&pairs[..pairs.len().min(SHORT)]);
            let head = if pairs.len() > SHORT {
                let name = format!("p{shard_no}_{}", extra_files.len());
                extra_files.push((name.clone(), json(&flat(&pairs[..pairs.len().min(HEAD)]))));
                name
            } else {
                String::new()
            };
            let tail = if pairs.len() > HEAD {
                let name = format!("x{shard_no}_{}", extra_files.len());
                extra_files.push((name.clone(), json(&flat(&pairs[HEAD..]))));
                name
            } else {
                String::new()
            };
            bytes += key.len() + short.len() * 5 + head.len() + tail.len() + 12;
            shard.p.push((key, short, head, tail));
        }
    }
    if bytes > 0 || first_keys.is_empty() {
        if first_keys.is_empty() {
            first_keys.push("");
        }
        flush(&mut shard);
    }
    // The first shard also takes every key before its first one.
    first_keys[0] = "";

    let doc_files: Vec<(String, String)> = docs
        .chunks(DOCS_PER_SHARD)
        .enumerate()
        .map(|(i, chunk)| {
            let rows: Vec<[String; 4]> = chunk
                .iter()
                .map(|d| {
                    [
                        d.url.clone(),
                        squash(&d.title),
                        squash(&d.text),
                        squash(&d.section),
                    ]
                })
                .collect();
            (format!("d{i}"), json(&rows))
        })
        .collect();

    // The folder carries a hash of every shard: a rebuild that changes any
    // is a new folder, so no cache ever mixes two builds' shards.
    let mut hash = Sha1::new();
    for (name, body) in term_files.iter().chain(&extra_files).chain(&doc_files) {
        hash.update(name.as_bytes());
        hash.update([0]);
        hash.update(body.as_bytes());
    }
    let version: String = hash.finalize()[..4]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let dir = format!("search-index/{version}/");
    let files: Vec<(String, String)> = term_files
        .into_iter()
        .chain(extra_files)
        .chain(doc_files)
        .map(|(name, body)| {
            (
                format!("{dir}{name}.js"),
                script(&format!("{locale}/{name}"), &body),
            )
        })
        .collect();

    #[derive(serde::Serialize)]
    struct Top<'a> {
        version: u32,
        locale: &'a str,
        dir: &'a str,
        docs: usize,
        per: usize,
        terms: &'a [&'a str],
    }
    let top = Top {
        version: 2,
        locale,
        dir: &dir,
        docs: docs.len(),
        per: DOCS_PER_SHARD,
        terms: &first_keys,
    };
    let js = format!(
        "/* helpsite search index for locale {locale}; generated, do not edit. */\n{}",
        script(locale, &json(&top))
    );
    LocaleIndex {
        locale: locale.to_string(),
        js,
        shard_bytes: files.iter().map(|(_, js)| js.len()).sum(),
        files,
        docs: docs.len(),
        stems: stems.len(),
    }
}
