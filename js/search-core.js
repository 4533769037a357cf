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
// Limits and weights as in src/search/select.rs, which explains them.
const MAX_PREFIX = 200;
const MAX_FUZZY = 8;
const MAX_WORDS = 32;
const RARE = 5;
const EXACT = 4;
const PREFIX = 2;
const FUZZY = 2;
const COVER_WHOLE = 2;
const COVER_PART = 1;
// As in src/search/compound.rs and src/search/fuzzy.rs.
const MIN_PART = 3;
const MIN_WORD = 7;
const MAX_WORD = 40;
const MAX_HEADS = 2;
const LINKERS = ["s", "en", "e"];
const MAX_FUZZY_LEN = 32;

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

/* Strings in code point order, as Rust sorts them (`<` compares UTF-16
 * units, which puts letters beyond U+FFFF before U+E000–U+FFFF). */
function byCodePoint(a, b) {
  const x = Array.from(a);
  const y = Array.from(b);
  for (let i = 0; i < x.length && i < y.length; i++) {
    const d = x[i].codePointAt(0) - y[i].codePointAt(0);
    if (d) return d;
  }
  return x.length - y.length;
}

/* A stop word of the locale, or a single letter (src/search/stop.rs). */
function isStop(index, word) {
  const chars = Array.from(word);
  if (chars.length === 1 && !/\p{N}/u.test(chars[0])) return true;
  return index.stop.has(word);
}

/* The parts of a compound, as src/search/compound.rs splits it; `known(key,
 * of)` says whether key is a word (`of`: the word it begins, or null for a
 * rest). */
function splitCompound(word, known) {
  const n = Array.from(word).length;
  if (n < MIN_WORD || n > MAX_WORD) return null;
  return splitFrom(word, 1, known);
}

function splitFrom(word, depth, known) {
  const chars = Array.from(word);
  const n = chars.length;
  if (n < 2 * MIN_PART) return null;
  const text = (from, to) => chars.slice(from, to).join("");
  if (known(text(0, n - 1), word) || known(text(0, n - 2), word)) return null;
  let tries = 0;
  for (let cut = n - MIN_PART; cut >= MIN_PART; cut--) {
    const whole = text(0, cut);
    let head = known(whole, word) ? whole : null;
    for (let i = 0; i < LINKERS.length && head === null; i++) {
      const linker = LINKERS[i];
      if (!whole.endsWith(linker)) continue;
      const bare = whole.slice(0, whole.length - linker.length);
      if (Array.from(bare).length >= MIN_PART && known(bare, word)) head = bare;
    }
    if (head === null) continue;
    const rest = text(cut, n);
    if (known(rest, null)) return [head, rest];
    if (depth > 0) {
      const parts = splitFrom(rest, depth - 1, known);
      if (parts) return [head].concat(parts);
    }
    if (++tries === MAX_HEADS) break;
  }
  return null;
}

/* Edits allowed for a word of `len` letters (src/search/fuzzy.rs). */
function maxEdits(len) {
  return len <= 3 ? 0 : len <= 7 ? 1 : 2;
}

/* The optimal-string-alignment distance of two arrays of letters, or -1
 * when it is above `max` (src/search/fuzzy.rs). */
function distance(a, b, max) {
  if (Math.abs(a.length - b.length) > max) return -1;
  const width = b.length + 1;
  let before = new Array(width).fill(0);
  let last = Array.from({ length: width }, (_, j) => j);
  let row = new Array(width).fill(0);
  for (let i = 1; i <= a.length; i++) {
    row[0] = i;
    let smallest = row[0];
    for (let j = 1; j <= b.length; j++) {
      const change = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(last[j] + 1, row[j - 1] + 1, last[j - 1] + change);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, before[j - 2] + 1);
      row[j] = d;
      if (d < smallest) smallest = d;
    }
    if (smallest > max) return -1;
    const t = before;
    before = last;
    last = row;
    row = t;
  }
  return last[b.length] <= max ? last[b.length] : -1;
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
    stop: new Set(top.stop || []),
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

function isStem(index, key) {
  return termShard(index, shardFor(index, key)).then((shard) => !!(shard && shard.postings.has(key)));
}

/* A compound's parts, as select.rs finds them: the steps are run with the
 * term shards at hand, and again after loading each one they ask for. A
 * beginning of a word is looked for only in the word's term shard and, when
 * words with its first three letters start before that, the one before. */
function compoundParts(index, word) {
  const failed = new Set();
  function attempt() {
    let need = -1;
    const known = (key, of) => {
      if (isStop(index, key)) return false;
      const i = shardFor(index, key);
      if (of !== null) {
        const at = shardFor(index, of);
        const start = Array.from(of).slice(0, 3).join("");
        if (!(i === at || (i + 1 === at && shardFor(index, start) < at))) return false;
      }
      const shard = index.shards[i];
      if (!shard) {
        if (need < 0 && !failed.has(i)) need = i;
        return false;
      }
      if (shard.words.has(key) || shard.postings.has(key)) return true;
      // The last part may be the beginning of a word: "herstel" for "herstellen".
      return of === null && Array.from(key).length > MIN_PART && shard.surfaces.some((e) => e[0].lastIndexOf(key, 0) === 0);
    };
    const parts = splitCompound(word, known);
    if (need < 0) return parts;
    const i = need;
    return termShard(index, i).then((shard) => {
      if (!shard) failed.add(i);
      return attempt();
    });
  }
  return Promise.resolve(attempt());
}

/* Term shards a misspelling of `word` is looked for in: its own, and the
 * one before or after when that one holds words with the same first three
 * letters. */
function fuzzyShards(index, word) {
  const terms = index.top.terms;
  const at = shardFor(index, word);
  const start = Array.from(word).slice(0, 3).join("");
  const near = [];
  if (at > 0 && terms[at].lastIndexOf(start, 0) === 0) near.push(at - 1);
  near.push(at);
  if (terms[at + 1] !== undefined && terms[at + 1].lastIndexOf(start, 0) === 0) near.push(at + 1);
  return near;
}

/* The stems of the index's words nearest to a misspelt word, within the
 * edits its length allows. */
function misspelt(index, word) {
  const chars = Array.from(word);
  let best = maxEdits(chars.length);
  const found = new Set();
  if (best === 0 || chars.length > MAX_FUZZY_LEN || isStop(index, word)) return Promise.resolve(found);
  const near = fuzzyShards(index, word);
  return termShards(index, near).then(() => {
    let s = [];
    near.forEach((i) => {
      if (index.shards[i]) s = s.concat(index.shards[i].surfaces);
    });
    s.sort(bySurface);
    s.forEach((e) => {
      const d = distance(chars, Array.from(e[0]), best);
      if (d < 0) return;
      if (d < best) {
        best = d;
        found.clear();
      }
      if (found.size < MAX_FUZZY) found.add(e[1]);
    });
    return found;
  });
}

/* Sorted as select.rs sorts (key, stem) pairs. */
function bySurface(a, b) {
  return byCodePoint(a[0], b[0]) || byCodePoint(a[1], b[1]);
}

/* What one typed word matches, as a list of terms (two or three for a
 * compound): `exact` the word's own stems (or, for an inflection no page
 * uses, the longest stem it begins with); `prefix` the stems of longer
 * words that begin with it, for matching as the reader types; `fuzzy`,
 * when it matches nothing else, the stems of words it may misspell. */
function termsFor(index, word, split) {
  const at = shardFor(index, word);
  const near = [at];
  const next = index.top.terms[at + 1];
  if (next !== undefined && next.lastIndexOf(word, 0) === 0) near.push(at + 1);
  const term = { exact: new Set(), prefix: new Set(), fuzzy: new Set() };
  const chars = Array.from(word);
  const stopWord = isStop(index, word);
  let partTerms = [];
  return termShards(index, near)
    .then((shards) => {
      shards.forEach((shard) => {
        if (!shard) return;
        if (shard.words.has(word)) term.exact.add(shard.words.get(word));
        if (shard.postings.has(word)) term.exact.add(word);
      });
      return pagesOf(index, term.exact);
    })
    .then((pages) => {
      // A compound the pages rarely write as one word is also looked for
      // by its parts: "bedrijfsportalapp" for "bedrijfsportal-app".
      const rare = term.exact.size > 0 && pages < RARE;
      if ((term.exact.size && !rare) || !index.top.compound || stopWord || !split) return null;
      return compoundParts(index, word);
    })
    .then((parts) => (parts ? Promise.all(parts.map((p) => termsFor(index, p, false))) : []))
    .then((lists) => {
      partTerms = [].concat.apply([], lists);
      // Shortening a long word would cost its length squared.
      if (term.exact.size || partTerms.length || chars.length > MAX_WORD) return null;
      const candidates = [];
      for (let len = chars.length - 1; len >= Math.max(3, Math.ceil(chars.length * 0.6)); len--) candidates.push(chars.slice(0, len).join(""));
      // One by one, longest first: most words stop at the first.
      function tryNext(k) {
        if (k >= candidates.length) return null;
        return isStem(index, candidates[k]).then((yes) => {
          if (!yes) return tryNext(k + 1);
          term.exact.add(candidates[k]);
          return null;
        });
      }
      return tryNext(0);
    })
    .then(() => {
      if (!term.exact.size && partTerms.length) return partTerms;
      // A stop word or a single letter begins too many words to mean any.
      if (chars.length >= 2 && !stopWord) {
        let s = [];
        near.forEach((i) => {
          if (index.shards[i]) s = s.concat(index.shards[i].surfaces);
        });
        s.sort(bySurface);
        let i = 0;
        while (i < s.length && byCodePoint(s[i][0], word) < 0) i++;
        for (let n = 0; i < s.length && n < MAX_PREFIX && s[i][0].lastIndexOf(word, 0) === 0; i++, n++) {
          if (!term.exact.has(s[i][1])) term.prefix.add(s[i][1]);
        }
      }
      if (term.exact.size || term.prefix.size) return [term].concat(partTerms);
      return misspelt(index, word).then((found) => {
        term.fuzzy = found;
        return [term].concat(partTerms);
      });
    });
}

/* Pages a word's stems are on, as far as their term shards tell. */
function pagesOf(index, stems) {
  return Promise.all(
    Array.from(stems, (stem) =>
      termShard(index, shardFor(index, stem)).then((shard) => {
        const entry = shard && shard.postings.get(stem);
        return entry ? entry.short.length / 2 : 0;
      })
    )
  ).then((counts) => counts.reduce((a, b) => a + b, 0));
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

/* Best score per page for a set of stems, with the stem that gave it:
 * doc → [score, stem]. Stems go in code point order, as in select.rs, so
 * that of two equal scores both keep the same stem. */
function bestScores(index, stems, exact, full) {
  const sorted = Array.from(stems).sort(byCodePoint);
  return Promise.all(sorted.map((stem) => postingsOf(index, stem, exact, full))).then((lists) => {
    const into = new Map();
    lists.forEach((list, k) => {
      for (let i = 0; i < list.length; i += 2) {
        const had = into.get(list[i]);
        if (!had || had[0] < list[i + 1]) into.set(list[i], [list[i + 1], sorted[k]]);
      }
    });
    return into;
  });
}

/* Every page any query word matches, ranked by score times coverage (how
 * much of the query the page has, whole words counting twice what a
 * prefix or a misspelling counts): see rank() in src/search/select.rs.
 * Stop words count only in a query of nothing else. The type-ahead ranks
 * the best postings of each word; `full` (the search page) ranks them all.
 * Each result's `scored` holds the stems that added to its score. */
function search(index, query, full) {
  const typed = [];
  words(query).forEach((w) => {
    w = fold(w);
    if (w && typed.indexOf(w) < 0) typed.push(w);
  });
  const content = typed.filter((w) => !isStop(index, w));
  const used = (content.length ? content : typed).slice(0, MAX_WORDS);
  return Promise.all(used.map((word) => termsFor(index, word, true)))
    .then((lists) => {
      const terms = [].concat.apply([], lists);
      return Promise.all(
        terms.map((t) => Promise.all([bestScores(index, t.exact, true, full), bestScores(index, t.prefix, false, full), bestScores(index, t.fuzzy, true, full)]))
      );
    })
    .then((found) => {
      const standings = new Map();
      function add(list, weight, cover, skip) {
        list.forEach((v, doc) => {
          if (skip.some((b) => b.has(doc))) return;
          const e = standings.get(doc) || { doc, score: 0, cover: 0, scored: new Set() };
          e.score += v[0] * weight;
          e.cover += cover;
          e.scored.add(v[1]);
          standings.set(doc, e);
        });
      }
      found.forEach((f) => {
        add(f[0], EXACT, COVER_WHOLE, []);
        add(f[1], PREFIX, COVER_PART, [f[0]]);
        add(f[2], FUZZY, COVER_PART, [f[0], f[1]]);
      });
      const results = Array.from(standings.values());
      results.sort((a, b) => b.score * b.cover - a.score * a.cover || a.doc - b.doc);
      const matched = new Set();
      results.forEach((r) => r.scored.forEach((s) => matched.add(s)));
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
  module.exports = { fold, words, openedIndex, search, loadPages, byCodePoint };
}
