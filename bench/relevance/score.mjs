// The relevance benchmark: how well helpsite's search, and Pagefind indexing
// the same built pages, find the page a query is about. Prints MRR@10,
// recall@10 and the queries with no result, per set and locale.
//
//   node bench/relevance/score.mjs --shared ../shared [--markdown] [--misses]
//        [--engines helpsite,pagefind] [--bin HELPSITE] [--work DIR, default /tmp/helpsite-relevance-<checkout>]
//   node bench/relevance/score.mjs --built OUT --sets FILE.tsv --engines helpsite --json
//
// --markdown prints the README's table; --misses lists every query whose
// answer is not first, with the pages that came first; --json prints each
// query's rank instead (tests/integration/relevance.rs reads it).
//
// With --shared it builds the 211-page corpus site (make-site.py, then this
// checkout's target/release/helpsite, or --bin) in --work, reads the link
// sets from the corpus Markdown at run time (the corpus text stays out of
// this repository), and scores every set of bench/relevance/sets/ (the
// heldout-* sets were written after the ranking was tuned and never used to
// tune it: their rows say "(held out)"). With
// --built it scores an already built site on the given sets only.
//
// helpsite: js/search-core.js run in Node on the built index, each query a
// first query on a fresh index, as the type-ahead (full = false) and as the
// search page (full = true). Pagefind: the npm package `pagefind`, installed
// on first use into --work (never by the test command), indexes a copy of
// exactly the pages helpsite indexes, restricted to `main article` (where
// our pages put the article: breadcrumbs, page date and footer stay out, as
// they stay out of helpsite's index), and is queried in headless Chromium
// (playwright-core from tests/browser/node_modules) over a local HTTP server.
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import vm from "node:vm";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, "../..");
const PAGEFIND_VERSION = "1.6.0";
const TOP = 10;
// Results the type-ahead shows, as src/search/select.rs's SHOWN.
const TYPE_AHEAD_SHOWN = 8;
const LOCALES = ["en", "nl"];

const SET_NAMES = {
  links: "link texts",
  "links-minus-one": "link texts minus one word",
  questions: "natural questions",
  misspellings: "misspellings",
  compounds: "Dutch compounds",
  "heldout-questions": "natural questions (held out)",
  "heldout-misspellings": "misspellings (held out)",
  "heldout-compounds": "Dutch compounds (held out)",
};

// Words that carry no topic: a link text made only of them says nothing
// about its target, and "minus one word" never drops one of them.
const STOP = {
  en: new Set(
    "a an the your you my me i to of in on for and or with from by is are be it its this that these how what do does can if when at as about more see here there click".split(
      " "
    )
  ),
  nl: new Set(
    "de het een uw u je jouw mijn ik van in op voor en of met bij te naar is zijn dit dat deze die hoe wat wordt worden er als aan om over meer zie hier daar klik".split(
      " "
    )
  ),
};
const GENERIC = new Set([
  "here",
  "click here",
  "this",
  "this link",
  "this article",
  "link",
  "more",
  "more information",
  "more info",
  "learn more",
  "read more",
  "hier",
  "klik hier",
  "deze koppeling",
  "koppeling",
  "dit artikel",
  "meer",
  "meer informatie",
  "meer info",
  "lees meer",
]);

// Words that point at the surrounding text rather than name a topic.
const VAGUE = new Set(
  "steps step instructions instruction article page information info link related topic try instead follow following below above these those stappen stap instructies artikel pagina informatie koppeling relevante gerelateerde onderwerp volg volgende onderstaande probeer plaats daarvan deze".split(
    " "
  )
);

function options(argv) {
  // One work folder per checkout: two checkouts benchmarking at once must not
  // rebuild each other's site.
  const work = path.join(os.tmpdir(), `helpsite-relevance-${path.basename(REPO)}`);
  const o = { engines: ["helpsite", "pagefind"], work, markdown: false, json: false, misses: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) fail(`${a} needs a value`);
      return argv[++i];
    };
    if (a === "--shared") o.shared = value();
    else if (a === "--built") o.built = value();
    else if (a === "--sets") o.sets = value();
    else if (a === "--bin") o.bin = value();
    else if (a === "--work") o.work = value();
    else if (a === "--engines") o.engines = value().split(",");
    else if (a === "--markdown") o.markdown = true;
    else if (a === "--json") o.json = true;
    else if (a === "--misses") o.misses = true;
    else if (a === "--help" || a === "-h") {
      console.log(fs.readFileSync(fileURLToPath(import.meta.url), "utf8").split("\nimport")[0]);
      process.exit(0);
    } else fail(`unknown argument ${a}; see --help`);
  }
  if (!o.shared && !o.built) fail("give --shared PATH (the ../shared folder with corpus/ and bench/make-site.py) or --built OUT --sets FILE");
  if (o.built && !o.sets) fail("--built needs --sets FILE.tsv");
  return o;
}

function fail(message) {
  console.error(`relevance: ${message}`);
  process.exit(2);
}

function fold(text) {
  return Array.from(text.normalize("NFD").replace(/\p{M}/gu, ""), (c) => c.toLowerCase()).join("");
}

function wordsOf(text) {
  return fold(text).match(/[\p{L}\p{N}]+/gu) || [];
}

/* ---------- the sets ---------- */

/* locale, query, targets per line; # starts a comment. */
function readTsv(file, setName) {
  const out = [];
  fs.readFileSync(file, "utf8")
    .split("\n")
    .forEach((line, n) => {
      if (!line.trim() || line.startsWith("#")) return;
      const [locale, query, targets] = line.split("\t");
      if (!locale || !query || !targets) fail(`${file}:${n + 1}: want locale<TAB>query<TAB>targets`);
      out.push({ set: setName, locale, query, targets: targets.split(/\s+/).filter(Boolean) });
    });
  return out;
}

function markdownFiles(dir) {
  const found = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) found.push(...markdownFiles(p));
    else if (e.isFile() && e.name.endsWith(".md")) found.push(p);
  }
  return found.sort();
}

function cleanLinkText(text) {
  return text
    .replace(/<[^>]*>/g, " ")
    .replace(/[*_`]+/g, "")
    .replace(/\s+/g, " ")
    .trim();
}

/* "here", "meer informatie", "these steps", a bare URL: a text that names
 * no topic of its own. */
function generic(text, locale) {
  const words = wordsOf(text);
  if (!words.length || GENERIC.has(words.join(" "))) return true;
  if (words.every((w) => STOP[locale].has(w) || VAGUE.has(w))) return true;
  return /:\/\/|^www\.|\.(md|html?)$/i.test(text.trim());
}

/* Every inline and reference link of the corpus Markdown whose target is a
 * page of the built site: link text → that page. Same text twice: one
 * query, both pages its targets. */
function linkQueries(corpus, pagesByLocale) {
  const queries = [];
  for (const locale of LOCALES) {
    const tree = path.join(corpus, locale, "InTuneDocs");
    const pages = pagesByLocale[locale];
    if (!pages || !fs.existsSync(tree)) continue;
    const byLower = new Map(Array.from(pages, (p) => [p.toLowerCase(), p]));
    const byText = new Map();
    for (const file of markdownFiles(tree)) {
      const md = fs.readFileSync(file, "utf8");
      const refs = new Map();
      for (const m of md.matchAll(/^\s{0,3}\[([^\]]+)\]:\s*<?(\S+?)>?(?:\s.*)?$/gm)) refs.set(m[1].toLowerCase(), m[2]);
      const links = [];
      for (const m of md.matchAll(/(^|[^!\\])\[([^\[\]]+)\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) links.push([m[2], m[3]]);
      for (const m of md.matchAll(/(^|[^!\\\]])\[([^\[\]]+)\]\[([^\[\]]*)\]/g)) {
        const target = refs.get((m[3] || m[2]).toLowerCase());
        if (target) links.push([m[2], target]);
      }
      for (const [rawText, rawTarget] of links) {
        const target = rawTarget.split("#")[0].split("?")[0];
        if (!target.toLowerCase().endsWith(".md") || /^[a-z]+:|^\//i.test(target)) continue;
        const rel = path.relative(tree, path.resolve(path.dirname(file), decodeURIComponent(target)));
        const page = byLower.get(`${locale}/${rel.slice(0, -3)}.html`.toLowerCase());
        const text = cleanLinkText(rawText);
        if (!page || generic(text, locale)) continue;
        const key = wordsOf(text).join(" ");
        const q = byText.get(key) || { set: "links", locale, query: text, targets: [] };
        if (!q.targets.includes(page)) q.targets.push(page);
        byText.set(key, q);
      }
    }
    queries.push(...byText.values());
  }
  return queries;
}

/* The same link texts with their first topic word dropped; texts that
 * would keep no topic word are left out. */
function minusOneWord(links) {
  const out = [];
  const seen = new Set();
  for (const q of links) {
    const parts = q.query.split(" ");
    const topical = parts.map((w, i) => [w, i]).filter(([w]) => wordsOf(w).some((x) => !STOP[q.locale].has(x)));
    if (topical.length < 2) continue;
    const query = parts.filter((_, i) => i !== topical[0][1]).join(" ");
    const key = q.locale + "\t" + wordsOf(query).join(" ");
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ set: "links-minus-one", locale: q.locale, query, targets: q.targets });
  }
  return out;
}

/* ---------- building the corpus site ---------- */

function buildCorpusSite(o) {
  const makeSite = path.join(o.shared, "bench/make-site.py");
  const corpus = path.join(o.shared, "corpus/intune-enduser-2017");
  if (!fs.existsSync(makeSite) || !fs.existsSync(corpus))
    fail(`${o.shared} has no bench/make-site.py and corpus/intune-enduser-2017: give --shared the path to ../shared`);
  const bin = o.bin || path.join(REPO, "target/release/helpsite");
  if (!fs.existsSync(bin)) fail(`no helpsite binary at ${bin}: run cargo build --release, or give --bin`);
  const site = path.join(o.work, "site");
  const out = path.join(o.work, "out");
  fs.mkdirSync(o.work, { recursive: true });
  fs.rmSync(site, { recursive: true, force: true });
  execFileSync("python3", [makeSite, "--project", REPO, "--corpus", corpus, "--out", site], { stdio: "ignore" });
  // The corpus has broken links, as published: --keep-going builds anyway
  // and exits 1 for them, so the output itself tells whether it built.
  const build = spawnSync(bin, ["build", "--keep-going", "--root", site, "--out", out], { encoding: "utf8" });
  if (build.status === null || build.status > 1 || !LOCALES.every((l) => fs.existsSync(path.join(out, l, "search.html"))))
    fail(`${bin} build failed:\n${(build.stderr || "").split("\n").slice(-15).join("\n")}`);
  return { out, corpus };
}

/* ---------- helpsite: js/search-core.js in Node ---------- */

function loadSearchCore() {
  const source = path.join(REPO, "js/search-core.js");
  const wrapped = vm.runInThisContext('(function (module) {\n"use strict";\n' + fs.readFileSync(source, "utf8") + "\n})", {
    filename: source,
    lineOffset: -2,
  });
  const module = { exports: {} };
  wrapped(module);
  return module.exports;
}

function topLevelName(dir) {
  const name = fs.readdirSync(dir).find((n) => n.startsWith("search-index.") && n.endsWith(".js"));
  if (!name) fail(`no search-index.*.js in ${dir}`);
  return name;
}

/* One locale's index files, each run once, as the page's script elements
 * run them; every query then opens a fresh index over them, so each is a
 * first query, and records which files it needed. */
function helpsiteLocale(core, out, locale) {
  const dir = path.join(out, locale);
  const top = topLevelName(dir);
  const cache = new Map();
  function data(key, src) {
    if (!cache.has(src)) {
      const self = {};
      let value = null;
      let bytes = 0;
      try {
        const text = fs.readFileSync(path.join(dir, src), "utf8");
        bytes = Buffer.byteLength(text);
        vm.runInContext(text, vm.createContext({ self }), { filename: src });
        value = (self.helpsiteSearch || {})[key] || null;
      } catch (e) {
        value = null;
      }
      cache.set(src, { value, bytes });
    }
    return cache.get(src);
  }
  async function run(query, full, shown) {
    const loaded = new Map();
    const load = (key, src) => {
      const d = data(key, src);
      loaded.set(src, d.bytes);
      return Promise.resolve(d.value);
    };
    const index = core.openedIndex(locale, top, await load(locale, top), load);
    const found = await core.search(index, query, full);
    const best = found.results.slice(0, Math.max(TOP, shown));
    await core.loadPages(index, best);
    const per = index.top.per;
    const urls = best.slice(0, TOP).map((r) => {
      const entry = (index.pages[Math.floor(r.doc / per)] || [])[r.doc % per];
      return entry ? `${locale}/${String(entry[0]).split("#")[0]}` : null;
    });
    // What the reader's page loads: the top level, the shards the words
    // need and the page shards of the results it shows.
    const firstBytes = { files: loaded.size, bytes: Array.from(loaded.values()).reduce((a, b) => a + b, 0) };
    return { count: found.results.length, urls, firstBytes };
  }
  return { run };
}

/* Every page helpsite indexes, per locale: the pages a query may target. */
async function indexedPages(core, out) {
  const pages = {};
  for (const locale of LOCALES) {
    const dir = path.join(out, locale);
    if (!fs.existsSync(dir)) continue;
    const top = topLevelName(dir);
    const self = {};
    const context = vm.createContext({ self });
    vm.runInContext(fs.readFileSync(path.join(dir, top), "utf8"), context);
    const t = self.helpsiteSearch[locale];
    const list = [];
    for (let n = 0; n * t.per < t.docs; n++) {
      vm.runInContext(fs.readFileSync(path.join(dir, t.dir, `d${n}.js`), "utf8"), context);
      for (const entry of self.helpsiteSearch[`${locale}/d${n}`] || []) list.push(`${locale}/${String(entry[0]).split("#")[0]}`);
    }
    pages[locale] = new Set(list);
  }
  return pages;
}

/* ---------- Pagefind ---------- */

function installPagefind(work) {
  const prefix = path.join(work, `pagefind-${PAGEFIND_VERSION}`);
  const bin = path.join(prefix, "node_modules/.bin/pagefind");
  if (!fs.existsSync(bin)) {
    fs.mkdirSync(prefix, { recursive: true });
    console.error(`relevance: installing pagefind ${PAGEFIND_VERSION} into ${prefix}`);
    execFileSync("npm", ["install", "--no-audit", "--no-fund", "--prefix", prefix, `pagefind@${PAGEFIND_VERSION}`], { stdio: ["ignore", "ignore", "inherit"] });
  }
  return bin;
}

/* A site of only the pages helpsite indexes (hard links to the built
 * files, media beside them), so both engines search the same pages. */
function pagefindSite(out, pages, work, bin) {
  const site = path.join(work, "pagefind-site");
  fs.rmSync(site, { recursive: true, force: true });
  for (const locale of Object.keys(pages)) {
    for (const page of pages[locale]) {
      const to = path.join(site, page);
      fs.mkdirSync(path.dirname(to), { recursive: true });
      try {
        fs.linkSync(path.join(out, page), to);
      } catch (e) {
        fs.copyFileSync(path.join(out, page), to);
      }
    }
  }
  execFileSync(bin, ["--site", site, "--root-selector", "main article", "--silent"], { stdio: ["ignore", "ignore", "inherit"] });
  return site;
}

function serve(root) {
  const served = [];
  const server = http.createServer((req, res) => {
    const url = decodeURIComponent(new URL(req.url, "http://x").pathname);
    const blank = url.match(/^\/__relevance\/([a-z-]+)\.html$/i);
    if (blank) {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      res.end(`<!doctype html><html lang="${blank[1]}"><head><meta charset="utf-8"><title>relevance</title></head><body></body></html>`);
      return;
    }
    const file = path.join(root, path.normalize(url));
    if (!file.startsWith(root + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404);
      res.end();
      return;
    }
    const body = fs.readFileSync(file);
    const types = { ".js": "text/javascript", ".json": "application/json", ".wasm": "application/wasm", ".css": "text/css" };
    served.push({ url, bytes: body.length });
    res.writeHead(200, { "content-type": types[path.extname(file)] || "application/octet-stream" });
    res.end(body);
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve({ server, served, port: server.address().port })));
}

async function pagefindEngine(site) {
  const require = createRequire(path.join(REPO, "tests/browser/package.json"));
  let chromium;
  try {
    ({ chromium } = require("playwright-core"));
  } catch (e) {
    fail("Pagefind is queried through playwright-core: run npm ci --prefix tests/browser");
  }
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu"],
  });
  const { server, served, port } = await serve(site);
  const pages = {};
  async function pageFor(locale) {
    if (!pages[locale]) {
      const page = await browser.newPage();
      await page.goto(`http://127.0.0.1:${port}/__relevance/${locale}.html`);
      await page.evaluate(async () => {
        window.pagefind = await import("/pagefind/pagefind.js");
        await window.pagefind.init();
      });
      pages[locale] = page;
    }
    return pages[locale];
  }
  async function run(locale, query) {
    const page = await pageFor(locale);
    const found = await page.evaluate(async ([q, top]) => {
      const search = await window.pagefind.search(q);
      const data = await Promise.all(search.results.slice(0, top).map((r) => r.data()));
      return { count: search.results.length, urls: data.map((d) => d.url) };
    }, [query, TOP]);
    return { count: found.count, urls: found.urls.map(pagefindUrl) };
  }
  /* What a reader's first query loads: a fresh page, one query, the data
   * of the results shown (as many as helpsite's type-ahead shows). */
  async function firstQuery(locale, query, shown) {
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${port}/__relevance/${locale}.html`);
    served.length = 0;
    await page.evaluate(async ([q, n]) => {
      const pagefind = await import("/pagefind/pagefind.js");
      const search = await pagefind.search(q);
      await Promise.all(search.results.slice(0, n).map((r) => r.data()));
    }, [query, shown]);
    await page.close();
    return { files: served.length, bytes: served.reduce((a, s) => a + s.bytes, 0) };
  }
  async function close() {
    await browser.close();
    server.close();
  }
  return { run, firstQuery, close };
}

function pagefindUrl(url) {
  let u = decodeURIComponent(url.split("#")[0]).replace(/^\//, "");
  if (u === "" || u.endsWith("/")) u += "index.html";
  return u;
}

/* ---------- scoring ---------- */

function scoreOne(q, found) {
  const rank = found.urls.findIndex((u) => q.targets.includes(u));
  const hits = new Set(found.urls.filter((u) => q.targets.includes(u))).size;
  return {
    rank: rank < 0 ? null : rank + 1,
    rr: rank < 0 ? 0 : 1 / (rank + 1),
    recall: hits / Math.min(q.targets.length, TOP),
    none: found.count === 0,
    top: found.urls.slice(0, 3),
  };
}

function summarize(rows) {
  const n = rows.length;
  const mean = (f) => (n ? rows.reduce((a, r) => a + f(r), 0) / n : 0);
  return { queries: n, mrr: mean((r) => r.rr), recall: mean((r) => r.recall), none: rows.filter((r) => r.none).length };
}

async function main() {
  const o = options(process.argv.slice(2));
  const core = loadSearchCore();
  let out;
  let queries;
  if (o.built) {
    out = path.resolve(o.built);
    queries = readTsv(o.sets, path.basename(o.sets, ".tsv"));
  } else {
    const built = buildCorpusSite(o);
    out = built.out;
    const links = linkQueries(built.corpus, await indexedPages(core, out));
    queries = [...links, ...minusOneWord(links)];
    for (const name of ["questions", "misspellings", "compounds", "heldout-questions", "heldout-misspellings", "heldout-compounds"]) queries.push(...readTsv(path.join(HERE, "sets", `${name}.tsv`), name));
  }
  const pages = await indexedPages(core, out);
  for (const q of queries)
    for (const t of q.targets) if (!pages[q.locale] || !pages[q.locale].has(t)) fail(`target ${t} of "${q.query}" is not a page of the built site`);

  const engines = [];
  const helpsite = {};
  for (const locale of LOCALES) if (fs.existsSync(path.join(out, locale))) helpsite[locale] = helpsiteLocale(core, out, locale);
  if (o.engines.includes("helpsite")) {
    engines.push({ name: "helpsite type-ahead", run: (q) => helpsite[q.locale].run(q.query, false, TYPE_AHEAD_SHOWN) });
    engines.push({ name: "helpsite search page", run: (q) => helpsite[q.locale].run(q.query, true, TOP) });
  }
  let pagefind = null;
  if (o.engines.includes("pagefind")) {
    const bin = installPagefind(o.work);
    const site = pagefindSite(out, pages, o.work, bin);
    pagefind = await pagefindEngine(site);
    engines.push({ name: "Pagefind", run: (q) => pagefind.run(q.locale, q.query) });
  }

  const results = [];
  let firstBytes = null;
  try {
    for (const engine of engines) {
      for (const q of queries) {
        const found = await engine.run(q);
        results.push({ engine: engine.name, ...q, ...scoreOne(q, found) });
      }
    }
    if (!o.built && !o.json) {
      const query = { locale: "nl", query: "certificaat" };
      firstBytes = { query };
      if (o.engines.includes("helpsite")) firstBytes.helpsite = (await helpsite.nl.run(query.query, false, TYPE_AHEAD_SHOWN)).firstBytes;
      if (pagefind) firstBytes.pagefind = await pagefind.firstQuery(query.locale, query.query, TYPE_AHEAD_SHOWN);
    }
  } finally {
    if (pagefind) await pagefind.close();
  }

  if (o.json) {
    process.stdout.write(JSON.stringify(results.map(({ engine, set, locale, query, targets, rank, none }) => ({ engine, set, locale, query, targets, rank, none }))));
    return;
  }
  report(results, firstBytes, o);
}

function groups(results) {
  const by = new Map();
  for (const r of results) {
    const key = `${r.set}\t${r.locale}\t${r.engine}`;
    if (!by.has(key)) by.set(key, []);
    by.get(key).push(r);
  }
  return by;
}

/* One row per set and locale; the type-ahead and the search page share a
 * column when every figure of theirs is the same. */
function table(results) {
  const by = groups(results);
  const engines = Array.from(new Set(results.map((r) => r.engine)));
  const sets = Array.from(new Set(results.map((r) => r.set)));
  const rows = [];
  for (const set of sets) {
    for (const locale of LOCALES) {
      const cells = {};
      for (const e of engines) {
        const rs = by.get(`${set}\t${locale}\t${e}`);
        if (rs) cells[e] = { s: summarize(rs) };
      }
      if (!Object.keys(cells).length) continue;
      rows.push({ set, locale, cells });
    }
  }
  const same =
    engines.includes("helpsite type-ahead") &&
    rows.every((r) => cell(r.cells["helpsite type-ahead"]) === cell(r.cells["helpsite search page"]));
  const columns = same ? engines.filter((e) => e !== "helpsite search page") : engines;
  const label = (e) => (same && e === "helpsite type-ahead" ? "helpsite (type-ahead and search page)" : e);
  return { rows, columns, label };
}

function cell(c) {
  if (!c) return "–";
  const none = c.s.none ? `, ${c.s.none} with no result` : "";
  return `${c.s.mrr.toFixed(2)} / ${c.s.recall.toFixed(2)}${none}`;
}

function report(results, firstBytes, o) {
  const { rows, columns, label } = table(results);
  if (o.markdown) {
    console.log(`| set | locale | queries | ${columns.map((e) => `${label(e)} MRR@10 / recall@10`).join(" | ")} |`);
    console.log(`|---|---|---|${columns.map(() => "---|").join("")}`);
    for (const r of rows) {
      const n = Object.values(r.cells)[0].s.queries;
      console.log(`| ${SET_NAMES[r.set] || r.set} | ${r.locale} | ${n} | ${columns.map((e) => cell(r.cells[e])).join(" | ")} |`);
    }
  } else {
    for (const r of rows) {
      const n = Object.values(r.cells)[0].s.queries;
      console.log(`${(SET_NAMES[r.set] || r.set).padEnd(26)} ${r.locale} ${String(n).padStart(4)} queries`);
      for (const e of columns) if (r.cells[e]) console.log(`    ${label(e).padEnd(22)} MRR@10 ${cell(r.cells[e])}`);
    }
  }
  if (firstBytes) {
    const kb = (b) => `${(b.bytes / 1000).toFixed(0)} KB in ${b.files} files`;
    const parts = [];
    if (firstBytes.helpsite) parts.push(`helpsite ${kb(firstBytes.helpsite)} (index files)`);
    if (firstBytes.pagefind) parts.push(`Pagefind ${kb(firstBytes.pagefind)} (pagefind.js, its WebAssembly, index and fragments)`);
    console.log(`\nFirst query "${firstBytes.query.query}" (${firstBytes.query.locale}, ${TYPE_AHEAD_SHOWN} results' text): ${parts.join("; ")}`);
  }
  if (o.misses) {
    console.log("\nQueries whose target is not first:");
    for (const r of results)
      if (r.rank !== 1) console.log(`${r.engine}\t${r.set}\t${r.locale}\t${r.rank ?? "-"}\t${r.query}\t→ ${r.targets.join(" ")}\tgot ${r.top.join(" ")}`);
  }
}

await main();
