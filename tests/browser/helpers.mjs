// Shared set-up for the browser tests: build a copy of the sample site,
// find Chromium, serve a folder over http on 127.0.0.1.

import { execFileSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
export const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const IN_CI = process.env.CI === "true";

// Flags that keep Chromium off the network and away from any shared profile.
const FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Why the browser tests cannot run here, or null. In CI a missing browser is a failure. */
export function missingBrowser() {
  if (fs.existsSync(CHROMIUM)) return null;
  const why = `Chromium not found at ${CHROMIUM}; run .ci/install-browser.sh`;
  if (IN_CI) throw new Error(why);
  return why;
}

export async function launch(options = {}) {
  const { chromium } = await import("playwright-core");
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "helpsite-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    serviceWorkers: "allow",
    ...options,
  });
  // Pages must need nothing from the internet: refuse it outright, and record attempts.
  const external = [];
  await context.route(/^https?:\/\/(?!127\.0\.0\.1[:/])/, (route) => {
    // An embedded video's frame may try; scripts, styles, fonts and images must not.
    if (route.request().resourceType() !== "document") external.push(route.request().url());
    return route.abort();
  });
  const close = async () => {
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  };
  return { context, external, close };
}

export function helpsiteBinary() {
  const bin = process.env.HELPSITE_BIN || path.join(REPO, "target", "debug", "helpsite");
  if (!fs.existsSync(bin)) execFileSync("cargo", ["build", "--quiet"], { cwd: REPO, stdio: "inherit" });
  return bin;
}

/** A private copy of the sample site, so tests may change pages. */
export function copySampleSite() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "helpsite-site-"));
  for (const part of ["site.toml", "content", "templates", "locales", "static"]) {
    const from = path.join(REPO, part);
    if (fs.existsSync(from)) fs.cpSync(from, path.join(dir, part), { recursive: true });
  }
  return dir;
}

export function build(site, out, extra = []) {
  execFileSync(helpsiteBinary(), ["build", "--root", site, "--out", out, ...extra], { stdio: ["ignore", "ignore", "pipe"] });
}

const MAKE_SITE = path.resolve(REPO, "..", "shared", "bench", "make-site.py");

/** The corpus site, built once; null (with one SKIPPED line) where the corpus is missing. */
export function buildCorpus(tmp) {
  if (!fs.existsSync(MAKE_SITE)) {
    const why = `the corpus (${MAKE_SITE}) is missing`;
    if (process.env.CI === "true") throw new Error(why);
    console.log(`SKIPPED corpus pages: ${why}`);
    return null;
  }
  const site = path.join(tmp, "corpus-site");
  execFileSync("python3", [MAKE_SITE, "--project", REPO, "--copies", "1", "--out", site], { stdio: "ignore" });
  const out = path.join(tmp, "corpus-out");
  try {
    build(site, out, ["--keep-going"]);
  } catch (e) {
    // The corpus has broken links: the build reports them, exits 1, and
    // writes every page all the same.
    if (!fs.existsSync(path.join(out, "en", "index.html"))) throw e;
  }
  return out;
}

/** Every HTML page of a built site that a reader reads (not redirects, not the 404s). */
export function readablePages(out) {
  const pages = [];
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith(".html") && e.name !== "404.html") {
        const html = fs.readFileSync(p, "utf8");
        if (!html.includes('http-equiv="refresh"') && html.includes("<main")) pages.push(p);
      }
    }
  };
  walk(out);
  return pages.sort();
}

/** Plain text of an HTML file's <main>, tags dropped, for independent checks. */
export function mainText(file) {
  const html = fs.readFileSync(file, "utf8");
  const main = html.slice(html.indexOf("<main"), html.indexOf("</main>"));
  return main.replace(/<[^>]*>/g, " ").replace(/&[a-z#0-9]+;/g, " ");
}

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".png": "image/png",
  ".svg": "image/svg+xml",
  ".webp": "image/webp",
  ".webmanifest": "application/manifest+json",
  ".json": "application/json",
  ".xml": "application/xml",
};

/** Adds the DocFX author-classes page of the golden fixture (checklist,
 * fixed table, button, next step, both lightbox forms) to a site's en
 * content, with its pictures. */
export function addDocfxClassesPage(site) {
  const from = path.join(REPO, "tests", "fixtures", "docfx", "content", "en");
  const to = path.join(site, "content", "en");
  fs.mkdirSync(path.join(to, "media"), { recursive: true });
  // The page's buttons lead to pages of the fixture; here they lead home.
  const text = fs.readFileSync(path.join(from, "classes.md"), "utf8").replace(/\((links|alerts)\.md\)/g, "(index.md)");
  fs.writeFileSync(path.join(to, "classes.md"), text);
  for (const picture of ["window-small.png", "window-large.png"]) {
    fs.copyFileSync(path.join(from, "media", picture), path.join(to, "media", picture));
  }
}

/** Serves `dir` under `prefix` (like a portal's base_path) on an ephemeral port.
 * `stop()` takes the server down for real (the port refuses connections and
 * open keep-alive connections are cut), `start()` brings it back on the same
 * port. `mode` makes it misbehave like the networks readers meet:
 * "portal" answers every request with a captive portal's login page,
 * "drop" accepts requests and never answers. With `notFoundPages`, a missing
 * file gets the site's 404 page like a configured host: the locale's
 * `<locale>/404.html` when the path starts with a locale, else `404.html`.
 * With `csp`, every answer carries that Content-Security-Policy. */
export async function serve(dir, prefix, { notFoundPages = false, csp = null } = {}) {
  const requests = [];
  const state = { mode: "serve" };
  const server = http.createServer((req, res) => {
    requests.push(req.url);
    if (state.mode === "drop") return;
    if (state.mode === "portal") {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
      res.end("<!doctype html><title>Wi-Fi</title><p>Log in to use the Wi-Fi.</p>");
      return;
    }
    const url = new URL(req.url, "http://x");
    let rel = decodeURIComponent(url.pathname);
    if (!rel.startsWith(prefix)) {
      res.writeHead(404).end();
      return;
    }
    rel = rel.slice(prefix.length);
    if (rel === "" || rel.endsWith("/")) rel += "index.html";
    const file = path.join(dir, rel);
    if (!file.startsWith(dir) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      const local = path.join(dir, rel.split("/")[0], "404.html");
      const page = !notFoundPages ? null : rel.includes("/") && fs.existsSync(local) ? local : path.join(dir, "404.html");
      if (page && fs.existsSync(page)) {
        res.writeHead(404, { "content-type": TYPES[".html"], "cache-control": "no-cache" }).end(fs.readFileSync(page));
      } else {
        res.writeHead(404, { "content-type": "text/plain" }).end("not found");
      }
      return;
    }
    res.writeHead(200, {
      "content-type": TYPES[path.extname(file)] || "application/octet-stream",
      "cache-control": "no-cache",
      ...(csp ? { "content-security-policy": csp } : {}),
    });
    res.end(fs.readFileSync(file));
  });
  const listen = (port) => new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  await listen(0);
  const port = server.address().port;
  const base = `http://127.0.0.1:${port}${prefix}`;
  const stop = () => {
    if (!server.listening) return Promise.resolve();
    const closed = new Promise((resolve) => server.close(resolve));
    server.closeAllConnections();
    return closed;
  };
  return {
    base,
    requests,
    /** "serve" (the default), "portal" or "drop". */
    setMode: (mode) => { state.mode = mode; },
    stop,
    start: () => listen(port),
    close: stop,
  };
}

/** Types a query into the header search box and returns the result links. */
export async function searchFromBox(page, query) {
  const input = page.locator("#site-search-input");
  await input.fill("");
  await input.pressSequentially(query, { delay: 5 });
  // On a busy machine a pause between two keys can show the results of
  // part of the query first: wait for the list that answers all of it.
  await page.waitForFunction((q) => {
    const box = document.getElementById("site-search-results");
    if (!box || box.hidden) return false;
    const all = box.querySelector(".search-all-results");
    if (all) return new URL(all.href).searchParams.get("q") === q;
    return box.textContent.includes(q);
  }, query);
  return page.locator("#site-search-results .search-result a").evaluateAll((links) => links.map((a) => a.href));
}

// WCAG 2 contrast of two computed CSS colours, `rgb(…)`/`rgba(…)`.
function parse(c) {
  const m = c.match(/rgba?\(([^)]+)\)/);
  if (!m) throw new Error(`unexpected colour ${c}`);
  const [r, g, b, a = 1] = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
  return { r, g, b, a };
}
function luminance({ r, g, b }) {
  const ch = (v) => { v /= 255; return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
  return 0.2126 * ch(r) + 0.7152 * ch(g) + 0.0722 * ch(b);
}
export function contrast(fg, bg) {
  const [a, b] = [luminance(parse(fg)), luminance(parse(bg))];
  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
}

export function fileUrl(file) {
  return "file://" + file.split(path.sep).map(encodeURIComponent).join("/");
}
