// Types a query into the search box of a built site opened from disk, in
// Chromium, and prints which search-index files the page loaded and their
// bytes on disk, as JSON: what a reader's first query costs.
//
//   node bench/first-query.mjs OUT_DIR LOCALE "query" ["another query" …]
//
// Each query runs in a fresh page, so each counts as a first query.
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";

const [out, locale, ...queries] = process.argv.slice(2);
const require = createRequire(path.resolve("tests/browser/package.json"));
const { chromium } = require("playwright-core");
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--allow-file-access-from-files"],
});
const results = [];
try {
  for (const query of queries) {
    const page = await browser.newPage();
    const home = path.resolve(out, locale, "index.html");
    await page.goto("file://" + home.split(path.sep).map(encodeURIComponent).join("/"));
    await page.locator("#site-search-input").pressSequentially(query, { delay: 5 });
    await page.locator("#site-search-results").waitFor({ state: "visible" });
    const found = await page.locator("#site-search-results .search-result").count();
    const srcs = await page.evaluate(() =>
      Array.from(document.querySelectorAll("script[src]"), (s) => decodeURIComponent(new URL(s.src).pathname))
    );
    const dir = path.resolve(out, locale) + path.sep;
    const files = srcs.filter((p) => p.startsWith(dir) && /search-index[./]/.test(p.slice(dir.length)));
    const bytes = files.reduce((n, f) => n + fs.statSync(f).size, 0);
    results.push({ query, results: found, files: files.length, bytes });
    await page.close();
  }
} finally {
  await browser.close();
}
console.log(JSON.stringify(results));
