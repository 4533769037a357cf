// Runs the reader's search core (js/search-core.js) in Node over built
// search indexes and prints, per query, the pages it finds and the index
// files it loads: tests/hostile/search_core_node.rs compares them with
// src/search/select.rs, the same steps in Rust.
//
// usage: node search-core-check.mjs CASES.json > FOUND.json
// CASES: [{ "dir": locale folder, "locale", "top": top level file name in
//           it, "full": the search page's ranking (else the type-ahead's),
//           "show": results whose page shards load, "queries": [...] }]
// FOUND: [{ "query", "results": [doc, …] best first, "scored": the stems
//          that scored, per result shown, "files": [path, …] }]
// per query, in order. No npm package needed.

import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import vm from "node:vm";

const here = dirname(fileURLToPath(import.meta.url));
const sourcePath = join(here, "../../js/search-core.js");
// The same strict function scope the file has inside the built helpsite.js.
const wrapped = vm.runInThisContext('(function (module) {\n"use strict";\n' + readFileSync(sourcePath, "utf8") + "\n})", {
  filename: sourcePath,
  lineOffset: -2,
});
const module = { exports: {} };
wrapped(module);
const core = module.exports;

/* A loader as the page's: runs each index file as the script element
 * would, where it assigns self.helpsiteSearch[key]; records what loads. */
function loader(dir, files) {
  const self = {};
  const context = vm.createContext({ self });
  return (key, src) => {
    if (!files.includes(src)) files.push(src);
    let text;
    try {
      text = readFileSync(join(dir, src), "utf8");
    } catch (e) {
      return Promise.resolve(null);
    }
    vm.runInContext(text, context, { filename: src });
    return Promise.resolve((self.helpsiteSearch || {})[key] || null);
  };
}

async function run(c, query) {
  const files = [];
  const load = loader(c.dir, files);
  const top = await load(c.locale, c.top);
  // Rust counts the top level apart: only the shards are compared.
  files.length = 0;
  const index = core.openedIndex(c.locale, c.top, top, load);
  const found = await core.search(index, query, c.full);
  await core.loadPages(index, found.results.slice(0, c.show));
  const scored = found.results.slice(0, c.show).map((r) => Array.from(r.scored).sort(core.byCodePoint));
  return { query, results: found.results.map((r) => r.doc), scored, files: files.slice().sort() };
}

const cases = JSON.parse(readFileSync(process.argv[2], "utf8"));
const out = [];
for (const c of cases) {
  for (const query of c.queries) out.push(await run(c, query));
}
process.stdout.write(JSON.stringify(out));
