/* The search itself: which files of the index a query loads, and how the
 * pages it finds are ranked. No DOM here: the page loads index files with
 * script elements (search-load.js), and the test that checks this ranking
 * against src/search/select.rs runs this file in Node with a loader of its
 * own (tests/browser/search-core-check.mjs).
 *
 * The index is a small top level and shards loaded on demand. The top
 * level names the shard folder and the first key of each term shard; term
 * shards hold words, stems and a few postings; heads the best postings of
 * common stems, tails the rest; page shards the pages' text. */

// Word characters and folding must match src/search/mod.rs, which builds
// the index: Rust's char::is_alphanumeric is Alphabetic or Numeric, which
// takes in more than letters (the circled Ⓐ), so not \p{L}.
const WORD = /[\p{Alphabetic}\p{M}\p{N}]+/gu;
const MARK = /\p{M}/gu;
// Prefix matches one typed word may add, as in src/search/select.rs.
const MAX_PREFIX = 200;

/* Lower case letter by letter, as Rust's char::to_lowercase: the index
 * is folded so, and String's toLowerCase would make a final Σ "ς". */
function fold(word) {
  return Array.from(word.normalize("NFD").replace(MARK, ""), (c) => c.toLowerCase()).join("");
}

function words(text) {
  return text.match(WORD) || [];
}

function byKey(a, b) {
  return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0;
}

/* A locale's index, from its top level `top` published at `src`.
 * `load(key, src)` loads one file of it and resolves to the file's data,
 * or to null when it cannot. */
function openedIndex(locale, src, top, load) {
  return {
    top,
    locale,
    dir: src.slice(0, src.lastIndexOf("/") + 1) + top.dir,
    load,
    shards: {},
    pages: {},
    // Every word → stem and every stem seen so far, for highlighting.
    wordStems: new Map(),
    stems: new Set(),
  };
}

function shardFile(index, name) {
  return index.load(index.locale + "/" + name, index.dir + name + ".js");
}

/* The term shard whose stretch of the vocabulary holds `key`. */
function shardFor(index, key) {
  const terms = index.top.terms;
  let lo = 0;
  let hi = terms.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (terms[mid] <= key) lo = mid + 1;
    else hi = mid;
  }
  return Math.max(0, lo - 1);
}

function termShard(index, i) {
  if (index.shards[i]) return Promise.resolve(index.shards[i]);
  return shardFile(index, "t" + i).then((data) => {
    if (index.shards[i] || !data) return index.shards[i] || null;
    const shard = { words: new Map(), postings: new Map(), surfaces: [] };
    data.w.forEach((e) => {
      shard.words.set(e[0], e[1]);
      shard.surfaces.push(e);
      index.wordStems.set(e[0], e[1]);
    });
    data.p.forEach((e) => {
      shard.postings.set(e[0], { short: e[1], head: e[2], tail: e[3] });
      shard.surfaces.push([e[0], e[0]]);
      index.stems.add(e[0]);
    });
    shard.surfaces.sort(byKey);
    index.shards[i] = shard;
    return shard;
  });
}

function termShards(index, list) {
  return Promise.all(list.map((i) => termShard(index, i)));
}

function firstAtOrAfter(surfaces, key) {
  let lo = 0;
  let hi = surfaces.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (surfaces[mid][0] < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/* Maps one typed word to stems: `exact` holds the word's own stem (or,
 * for an inflection no page uses, the longest stem it begins with);
 * `prefix` holds the stems of longer words that begin with it, for
 * matching as the reader types. */
function stemsFor(index, word) {
  const at = shardFor(index, word);
  const near = [at];
  const next = index.top.terms[at + 1];
  if (next !== undefined && next.lastIndexOf(word, 0) === 0) near.push(at + 1);
  const exact = new Set();
  const prefix = new Set();
  return termShards(index, near)
    .then((shards) => {
      shards.forEach((shard) => {
        if (!shard) return;
        if (shard.words.has(word)) exact.add(shard.words.get(word));
        if (shard.postings.has(word)) exact.add(word);
      });
      if (exact.size) return null;
      const candidates = [];
      for (let len = word.length - 1; len >= Math.max(3, Math.ceil(word.length * 0.6)); len--) candidates.push(word.slice(0, len));
      // One by one, longest first: most words stop at the first.
      function tryNext(k) {
        if (k >= candidates.length) return null;
        return termShard(index, shardFor(index, candidates[k])).then((shard) => {
          if (!shard || !shard.postings.has(candidates[k])) return tryNext(k + 1);
          exact.add(candidates[k]);
          return null;
        });
      }
      return tryNext(0);
    })
    .then(() => {
      if (word.length >= 2) {
        let s = [];
        near.forEach((i) => {
          if (index.shards[i]) s = s.concat(index.shards[i].surfaces);
        });
        s.sort(byKey);
        for (let i = firstAtOrAfter(s, word), n = 0; i < s.length && n < MAX_PREFIX && s[i][0].lastIndexOf(word, 0) === 0; i++, n++) {
          if (!exact.has(s[i][1])) prefix.add(s[i][1]);
        }
      }
      return { exact, prefix };
    });
}

/* The postings of a stem: for a prefix, the few in its term shard; for a
 * word typed whole, its head file's best ones; with `full`, all. */
function postingsOf(index, stem, exact, full) {
  return termShard(index, shardFor(index, stem)).then((shard) => {
    const entry = shard && shard.postings.get(stem);
    if (!entry) return [];
    if (!entry.head || !(exact || full)) return entry.short;
    return shardFile(index, entry.head).then((head) => {
      head = head || entry.short;
      if (!full || !entry.tail) return head;
      return shardFile(index, entry.tail).then((tail) => (tail ? head.concat(tail) : head));
    });
  });
}

/* Best score per page for a set of stems. */
function bestScores(index, stems, exact, full) {
  return Promise.all(Array.from(stems, (stem) => postingsOf(index, stem, exact, full))).then((lists) => {
    const into = new Map();
    lists.forEach((list) => {
      for (let i = 0; i < list.length; i += 2) {
        if (!(into.get(list[i]) >= list[i + 1])) into.set(list[i], list[i + 1]);
      }
    });
    return into;
  });
}

/* Pages with every word first, then pages where more words match whole
 * (not only as the beginning of a longer word), then by score. The
 * type-ahead ranks the best postings of each word; `full` (the search
 * page) ranks them all. */
function search(index, query, full) {
  const typed = [];
  words(query).forEach((w) => {
    w = fold(w);
    if (typed.indexOf(w) < 0) typed.push(w);
  });
  const matched = new Set();
  const scores = new Map();
  function add(doc, score, whole) {
    const e = scores.get(doc) || { doc, score: 0, hits: 0, whole: 0 };
    e.score += score;
    e.hits += 1;
    e.whole += whole;
    scores.set(doc, e);
  }
  const perWord = typed.map((word) =>
    stemsFor(index, word).then((stems) => {
      stems.exact.forEach((s) => matched.add(s));
      stems.prefix.forEach((s) => matched.add(s));
      return Promise.all([bestScores(index, stems.exact, true, full), bestScores(index, stems.prefix, false, full)]);
    })
  );
  return Promise.all(perWord).then((pairs) => {
    pairs.forEach((pair) => {
      const exact = pair[0];
      exact.forEach((v, doc) => add(doc, v, 1));
      pair[1].forEach((v, doc) => {
        if (!exact.has(doc)) add(doc, v * 0.5, 0);
      });
    });
    const all = Array.from(scores.values());
    const complete = all.filter((r) => r.hits === typed.length);
    const results = complete.length ? complete : all;
    results.sort((a, b) => b.hits - a.hits || b.whole - a.whole || b.score - a.score || a.doc - b.doc);
    return { words: typed, matched, results };
  });
}

/* Loads the page shards that `results` need; resolves when they are there. */
function loadPages(index, results) {
  const per = index.top.per;
  const wanted = [];
  results.forEach((r) => {
    const n = Math.floor(r.doc / per);
    if (!index.pages[n] && wanted.indexOf(n) < 0) wanted.push(n);
  });
  return Promise.all(
    wanted.map((n) =>
      shardFile(index, "d" + n).then((data) => {
        if (data) index.pages[n] = data;
      })
    )
  );
}

/* A page as its page shard has it: [url, title, text, section]. */
function pageOf(index, doc) {
  const shard = index.pages[Math.floor(doc / index.top.per)];
  return shard && shard[doc % index.top.per];
}

function pagesLoaded(index, results) {
  return results.every((r) => pageOf(index, r.doc));
}

// Node (the cross-check with src/search/select.rs) loads this file alone.
// In the page `module` is undeclared, or an element whose id is "module".
if (typeof module === "object" && module && module.exports) {
  module.exports = { fold, words, openedIndex, search, loadPages };
}
