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
//! - **Page shards** (`d<n>.js`): url, title, text, section and headings
//!   (`super::sections`) of [`DOCS_PER_SHARD`] pages, for showing results.
//!
//! The shards sit in `<locale>/search-index/<hash of what they are made from>/`. Every file is a script that assigns its data to
//! `self.helpsiteSearch[<key>]`, so a `<script>` element loads it from
//! `file://` as well as from a server, under `default-src 'self'`.

use std::collections::BTreeMap;

use sha1::{Digest, Sha1};

use super::sections::squash_with_sections;
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
    postings: Option<&'a [(u32, u32)]>,
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
/// `stems[i]`: (doc, score) pairs, best score first. The index keeps
/// every shard's script (see `layout_into` for a build that writes them).
pub fn layout(
    locale: &str,
    docs: &[super::Doc<'_>],
    stems: &[String],
    postings: &[Vec<(u32, u32)>],
    words: &[(String, String)],
) -> LocaleIndex {
    let mut files = Vec::new();
    let mut index = layout_into(locale, docs, stems, postings, words, &mut |path, script| {
        files.push((path, script));
    });
    index.files = files;
    index
}

/// `layout`, handing each shard to `emit` (path relative to the locale
/// folder, script) as soon as it is made; the index names them with empty
/// scripts. At 20,000 pages the shards are tens of megabytes: held until
/// the last is made, they would be the build's peak of memory.
///
/// The folder is named before the first shard is made, by a hash of
/// everything the shards are made from (see `inputs_hash`).
pub fn layout_into(
    locale: &str,
    docs: &[super::Doc<'_>],
    stems: &[String],
    postings: &[Vec<(u32, u32)>],
    words: &[(String, String)],
    emit: &mut dyn FnMut(String, String),
) -> LocaleIndex {
    let keys = keys(stems, postings, words);
    let version = inputs_hash(locale, docs, &keys);
    let dir = format!("search-index/{version}/");
    let mut files = Vec::new();
    let mut shard_bytes = 0;
    let first_keys = shard_scripts(locale, docs, &keys, &mut |name, script| {
        let path = format!("{dir}{name}.js");
        shard_bytes += script.len();
        files.push((path.clone(), String::new()));
        emit(path, script);
    });

    #[derive(serde::Serialize)]
    struct Top<'a> {
        version: u32,
        locale: &'a str,
        dir: &'a str,
        docs: usize,
        per: usize,
        terms: &'a [&'a str],
        /// The locale's stop words (see `super::stop`).
        stop: &'a [&'a str],
        /// Whether typed words are split into compounds (see `super::compound`).
        compound: bool,
    }
    let top = Top {
        version: 2,
        locale,
        dir: &dir,
        docs: docs.len(),
        per: DOCS_PER_SHARD,
        terms: &first_keys,
        stop: super::stop::words_for(locale),
        compound: super::compound::compounds(locale),
    };
    let js = format!(
        "/* helpsite search index for locale {locale}; generated, do not edit. */\n{}",
        script(locale, &json(&top))
    );
    LocaleIndex {
        locale: locale.to_string(),
        js,
        shard_bytes,
        files,
        docs: docs.len(),
        stems: stems.len(),
    }
}

/// Names the shard folder: a rebuild that changes any shard gets a new
/// folder, so no cache ever mixes two builds' shards. The shards are a
/// function of what is hashed here (this program's version and cut, the
/// vocabulary with its postings, and the pages' rows), so hashing that is
/// as good as hashing them, and needs no first making of every shard.
fn inputs_hash(locale: &str, docs: &[super::Doc<'_>], keys: &BTreeMap<&str, Key>) -> String {
    let mut hash = Sha1::new();
    let cut = format!(
        "{} {locale} {HEAD} {SHORT} {TERM_SHARD_BYTES} {DOCS_PER_SHARD}",
        env!("CARGO_PKG_VERSION")
    );
    hash.update(cut.as_bytes());
    for (key, entry) in keys {
        hash.update([0]);
        hash.update(key.as_bytes());
        if let Some(stem) = entry.word_stem {
            hash.update([1]);
            hash.update(stem.as_bytes());
        }
        for &(doc, score) in entry.postings.unwrap_or_default() {
            hash.update(doc.to_le_bytes());
            hash.update(score.to_le_bytes());
        }
    }
    for d in docs {
        for part in [&d.url, &d.title, &*d.text, &d.section] {
            hash.update([2]);
            hash.update(part.as_bytes());
        }
        for s in &d.sections {
            hash.update([3]);
            hash.update(s.text.start.to_le_bytes());
            hash.update(s.text.end.to_le_bytes());
            hash.update(s.id.as_bytes());
        }
    }
    hash.finalize()[..4]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A page as its page shard has it: `[url, title, text, section]`, and its
/// headings (see `super::sections`) when it has any: most pages of a small
/// site have none, and their rows stay as they were.
fn page_row(d: &super::Doc<'_>) -> serde_json::Value {
    let (text, sections) = squash_with_sections(&d.text, &d.sections);
    let mut row = vec![
        d.url.clone().into(),
        squash(&d.title).into(),
        text.into(),
        squash(&d.section).into(),
    ];
    if !sections.is_empty() {
        row.push(serde_json::to_value(&sections).unwrap_or_default());
    }
    serde_json::Value::Array(row)
}

/// The sorted vocabulary: each key's stem if it is a word, and its postings if it is a stem.
fn keys<'a>(
    stems: &'a [String],
    postings: &'a [Vec<(u32, u32)>],
    words: &'a [(String, String)],
) -> BTreeMap<&'a str, Key<'a>> {
    let mut keys: BTreeMap<&str, Key> = BTreeMap::new();
    for (w, s) in words {
        keys.entry(w).or_default().word_stem = Some(s);
    }
    for (stem, pairs) in stems.iter().zip(postings) {
        keys.entry(stem).or_default().postings = Some(pairs);
    }
    keys
}

/// Makes every shard in a fixed order and hands each to `f` (name without
/// folder, script); returns the first key of each term shard.
fn shard_scripts<'a>(
    locale: &str,
    docs: &[super::Doc<'_>],
    keys: &BTreeMap<&'a str, Key<'a>>,
    f: &mut dyn FnMut(String, String),
) -> Vec<&'a str> {
    let mut file = |name: String, body: &str| {
        let script = script(&format!("{locale}/{name}"), body);
        f(name, script);
    };
    // Term shards, named by number; heads and tails by shard and ordinal.
    let mut first_keys: Vec<&str> = Vec::new();
    let mut term_count = 0usize;
    let mut extra_count = 0usize;
    #[derive(serde::Serialize, Default)]
    struct TermShard<'a> {
        /// folded word → stem
        w: Vec<(&'a str, &'a str)>,
        /// stem, its best postings (flat), head file or "", tail file or ""
        p: Vec<(&'a str, Vec<u32>, String, String)>,
    }
    let mut shard = TermShard::default();
    let mut bytes = 0usize;
    let mut flush = |shard: &mut TermShard, file: &mut dyn FnMut(String, &str)| {
        file(format!("t{term_count}"), &json(&std::mem::take(shard)));
        term_count += 1;
    };
    for (&key, entry) in keys {
        if bytes >= TERM_SHARD_BYTES {
            flush(&mut shard, &mut file);
            bytes = 0;
        }
        if bytes == 0 {
            first_keys.push(key);
        }
        if let Some(s) = entry.word_stem {
            shard.w.push((key, s));
            bytes += key.len() + s.len() + 6;
        }
        if let Some(pairs) = entry.postings {
            let flat = |pairs: &[(u32, u32)]| -> Vec<u32> {
                pairs.iter().flat_map(|&(d, s)| [d, s]).collect()
            };
            let shard_no = first_keys.len() - 1;
            let short = flat(&pairs[..pairs.len().min(SHORT)]);
            let head = if pairs.len() > SHORT {
                let name = format!("p{shard_no}_{extra_count}");
                extra_count += 1;
                file(name.clone(), &json(&flat(&pairs[..pairs.len().min(HEAD)])));
                name
            } else {
                String::new()
            };
            let tail = if pairs.len() > HEAD {
                let name = format!("x{shard_no}_{extra_count}");
                extra_count += 1;
                file(name.clone(), &json(&flat(&pairs[HEAD..])));
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
        flush(&mut shard, &mut file);
    }
    // The first shard also takes every key before its first one.
    first_keys[0] = "";

    for (i, chunk) in docs.chunks(DOCS_PER_SHARD).enumerate() {
        let rows: Vec<serde_json::Value> = chunk.iter().map(page_row).collect();
        file(format!("d{i}"), &json(&rows));
    }
    first_keys
}
