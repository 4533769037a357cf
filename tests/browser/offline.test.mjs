// Browser tests of the built site in headless Chromium: search and language
// switch from file://, offline over http with a service worker (with the
// test's server really stopped, answering as a captive portal, or dropping
// requests: never by the browser's offline emulation), the search page's
// safety, and the unzipped --zip output.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";

import { build, copySampleSite, fileUrl, launch, mainText, missingBrowser, searchFromBox, serve } from "./helpers.mjs";

const skip = missingBrowser();
if (skip) console.log(`# SKIP browser tests: ${skip}`);

const CERT_PAGE = "your-device-is-missing-a-required-certificate-android.html";

/** Pages of a locale whose text has one of `words` as a whole word (case-insensitive). */
function pagesWithWord(out, locale, words) {
  const dir = path.join(out, locale);
  const re = new RegExp(`(^|[^\\p{L}\\p{N}])(${words.join("|")})($|[^\\p{L}\\p{N}])`, "iu");
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".html") && !["404.html", "search.html", "print.html"].includes(f))
    .filter((f) => re.test(mainText(path.join(dir, f))));
}

function pagesWithTitleWord(out, locale, word) {
  const dir = path.join(out, locale);
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".html") && !["404.html", "search.html"].includes(f))
    .filter((f) => {
      const h1 = /<h1[^>]*>([\s\S]*?)<\/h1>/.exec(fs.readFileSync(path.join(dir, f), "utf8"));
      return h1 && h1[1].replace(/<[^>]*>/g, "").toLowerCase().includes(word);
    });
}

const ONLINE = "Offline beschikbaar";
const OFFLINE = "U bent offline. De opgeslagen help werkt nog.";

/** Waits until the page's offline status line reads `text`. */
async function statusIs(page, text) {
  try {
    await page.waitForFunction((t) => {
      const el = document.querySelector(".offline-status");
      return el && !el.hidden && el.textContent === t;
    }, text, { timeout: 15000 });
  } catch (e) {
    const now = await page.locator(".offline-status").evaluate((el) => (el.hidden ? "(hidden) " : "") + el.textContent);
    assert.fail(`the status line should read "${text}" but reads "${now}"`);
  }
}

/** Waits until the page is controlled by its service worker. */
async function controlled(page) {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise((resolve) => navigator.serviceWorker.addEventListener("controllerchange", resolve));
    }
  });
}

/** The nl home's video shows its localized offline note with the link instead of the load button, and no frame. */
async function videoIsPlaceholder(page) {
  const placeholder = page.locator(".embed-offline");
  await placeholder.waitFor({ state: "visible", timeout: 15000 });
  assert.ok((await placeholder.textContent()).startsWith("Voor deze video is een internetverbinding nodig."));
  assert.equal(await placeholder.locator("a").getAttribute("href"), "https://video.example.com/embed/abc");
  assert.equal(await page.locator("main .video-load").isVisible(), false);
  assert.equal(await page.locator("main iframe").count(), 0);
}

/** Online, the nl home's raw video iframe is the click-to-load placeholder: its button shows, no frame is made. */
async function videoCanLoad(page) {
  await page.locator("main .video-load").waitFor({ state: "visible" });
  assert.equal(await page.locator(".embed-offline").isVisible(), false);
  assert.equal(await page.locator("main iframe").count(), 0);
}

// Results may link into a section of their page: the page is what counts here.
const names = (urls) => urls.map((u) => decodeURIComponent(u.split("#")[0].split("/").pop()));

/** Test 1, on any built output folder. */
async function searchesFromDisk(context, external, out) {
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  await page.goto(fileUrl(path.join(out, "nl", CERT_PAGE)));

  const certificatePages = pagesWithTitleWord(out, "nl", "certificaat");
  assert.ok(certificatePages.length >= 2, `the sample site has certificate pages: ${certificatePages}`);
  const found = names(await searchFromBox(page, "certificaat"));
  assert.deepEqual(
    new Set(found.slice(0, certificatePages.length)),
    new Set(certificatePages),
    `certificate pages come first: ${found}`
  );

  // Stemming: the plural finds pages that only have the singular, and the other way round.
  const plural = names(await searchFromBox(page, "certificaten"));
  const expected = pagesWithWord(out, "nl", ["certificaat", "certificaten"]);
  assert.ok(expected.some((p) => !pagesWithWord(out, "nl", ["certificaten"]).includes(p)), "some page has only the singular");
  for (const p of expected) assert.ok(plural.includes(p), `"certificaten" finds ${p}: ${plural}`);

  // Diacritics: typed without the diaeresis.
  const installed = names(await searchFromBox(page, "geinstalleerd"));
  const withDiaeresis = pagesWithWord(out, "nl", ["geïnstalleerd"]);
  assert.ok(withDiaeresis.length > 0);
  for (const p of withDiaeresis) assert.ok(installed.includes(p), `"geinstalleerd" finds ${p}: ${installed}`);
  const marks = await page.locator("#site-search-results mark").allTextContents();
  assert.ok(marks.some((m) => m.toLowerCase() === "geïnstalleerd"), `matched words are highlighted: ${marks}`);

  // Prefix matching as the reader types.
  const partial = names(await searchFromBox(page, "certifi"));
  for (const p of certificatePages) assert.ok(partial.includes(p), `"certifi" finds ${p}`);

  // Keyboard: down into the results, Enter opens the first.
  const first = (await searchFromBox(page, "certificaat"))[0];
  await page.locator("#site-search-input").press("ArrowDown");
  assert.equal(await page.evaluate(() => document.activeElement.href), first);
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowUp");
  assert.equal(await page.evaluate(() => document.activeElement.href), first);
  await Promise.all([page.waitForURL(first), page.keyboard.press("Enter")]);

  // Enter in the box opens the search page, which shows the results for q.
  await page.locator("#site-search-input").fill("certificaat");
  await Promise.all([page.waitForURL(/search\.html\?q=certificaat/), page.locator("#site-search-input").press("Enter")]);
  await page.locator("#search-page-results .search-result").first().waitFor();
  const onPage = names(await page.locator("#search-page-results .search-result a").evaluateAll((l) => l.map((a) => a.href)));
  assert.deepEqual(new Set(onPage.slice(0, certificatePages.length)), new Set(certificatePages));

  assert.deepEqual(external, [], "nothing is loaded from the network");
  assert.deepEqual(errors, [], "no script errors on file:// (no service worker is tried)");
  await page.close();
}

describe("browser", { skip: skip || false }, () => {
  let site, out, browser;

  before(async () => {
    site = copySampleSite();
    // A raw video iframe, as the 2017 pages write them: it becomes the click-to-load placeholder.
    fs.appendFileSync(path.join(site, "content", "nl", "index.md"), '\n<iframe src="https://video.example.com/embed/abc" width="560" height="315"></iframe>\n');
    out = path.join(site, "public");
    build(site, out);
    browser = await launch();
  });

  after(async () => {
    if (browser) await browser.close();
    if (site) fs.rmSync(site, { recursive: true, force: true });
  });

  test("1. search from file:// finds pages by stem, without diacritics, by prefix, by keyboard", async () => {
    await searchesFromDisk(browser.context, browser.external, out);
  });

  test("2. the language switch works from file://", async () => {
    const page = await browser.context.newPage();
    await page.goto(fileUrl(path.join(out, "nl", CERT_PAGE)));
    await Promise.all([page.waitForURL(/\/en\//), page.locator('.language-switch a[hreflang="en"]').click()]);
    assert.ok(page.url().endsWith(`/en/${CERT_PAGE}`), page.url());
    assert.equal(await page.getAttribute("html", "lang"), "en");
    const found = names(await searchFromBox(page, "certificates"));
    assert.ok(found.includes(CERT_PAGE), `English search works too: ${found}`);
    // The language chooser at the root also works from disk.
    await page.goto(fileUrl(path.join(out, "index.html")));
    await page.locator('a[hreflang="nl"]').first().click();
    await page.waitForURL(/\/nl\/index\.html/);
    await page.close();
  });

  test("3. over http the site keeps working when its server is gone, and a rebuild replaces the cache", async () => {
    const server = await serve(out, "/help/");
    const page = await browser.context.newPage();
    try {
      const url = server.base + "nl/" + CERT_PAGE;
      await page.goto(url);
      await controlled(page);
      await statusIs(page, ONLINE);
      const firstCaches = await page.evaluate(() => caches.keys());
      assert.equal(firstCaches.length, 1);
      assert.ok(firstCaches[0].startsWith("helpsite:/help/:"), firstCaches[0]);
      // The page asked the server itself whether it is reachable: the
      // service worker let the probe through instead of answering from its cache.
      assert.ok(server.requests.some((r) => r.includes("manifest.json?helpsite-probe=")), server.requests.join("\n"));

      // Another language is saved only when the reader asks for it or
      // reads it: the reader opens the English page once.
      await page.goto(server.base + "en/" + CERT_PAGE);
      await page.goto(url);
      await statusIs(page, ONLINE);
      // The server goes away; the browser still believes it is online.
      await server.stop();
      await page.reload();
      assert.equal(await page.evaluate(() => navigator.onLine), true);
      const title = await page.locator("main h1").textContent();
      assert.ok(title.includes("certificaat"), title);
      const found = names(await searchFromBox(page, "certificaat"));
      assert.ok(found.includes(CERT_PAGE), `search works offline: ${found}`);
      await statusIs(page, OFFLINE);
      // The language switch and the search page also work offline.
      await Promise.all([page.waitForURL(/\/en\//), page.locator('.language-switch a[hreflang="en"]').click()]);
      assert.equal(await page.getAttribute("html", "lang"), "en");
      await statusIs(page, "You are offline. The saved help still works.");
      await page.goto(server.base + "nl/search.html?q=certificaat");
      await page.locator("#search-page-results .search-result").first().waitFor();
      // The video cannot play offline: a localized placeholder with its link shows instead.
      await page.goto(server.base + "nl/index.html");
      await videoIsPlaceholder(page);

      // Rebuild with a changed page; with the server back the new text shows, and the old cache goes.
      const source = path.join(site, "content", "nl", CERT_PAGE.replace(".html", ".md"));
      const text = fs.readFileSync(source, "utf8");
      fs.writeFileSync(source, text.replace("Kunt u zich niet aanmelden", "Bijgewerkt: kunt u zich niet aanmelden"));
      build(site, out);
      const version = /const VERSION = "([0-9a-f]+)"/.exec(fs.readFileSync(path.join(out, "sw.js"), "utf8"))[1];
      await server.start();
      await page.goto(url);
      await page.getByText("Bijgewerkt: kunt u zich niet aanmelden").waitFor();
      await statusIs(page, ONLINE);
      // The revisit also fetched the new worker; wait until it has replaced the old cache.
      const caches = await page.evaluate(async (v) => {
        for (let i = 0; i < 200; i++) {
          const keys = await caches.keys();
          if (keys.length === 1 && keys[0].endsWith(":" + v)) return keys;
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        return caches.keys();
      }, version);
      assert.deepEqual(caches, ["helpsite:/help/:" + version]);
      // And the new version is what stays available offline.
      await server.stop();
      await page.reload();
      await page.getByText("Bijgewerkt: kunt u zich niet aanmelden").waitFor();
      await statusIs(page, OFFLINE);
    } finally {
      await page.close();
      await server.close();
    }
  });

  test("4. the search page inserts the query as text only", async () => {
    const page = await browser.context.newPage();
    const payload = `<img src=x onerror="window.__injected=1"><b id="injected">x</b>`;
    await page.goto(fileUrl(path.join(out, "nl", "search.html")) + "?q=" + encodeURIComponent(payload));
    await page.locator("#search-page-status").waitFor();
    await page.waitForFunction(() => document.getElementById("search-page-status").textContent.length > 0);
    assert.ok((await page.locator("#search-page-status").textContent()).includes(payload), "the query is shown as typed");
    assert.equal(await page.locator("img").count(), 0);
    assert.equal(await page.locator("#injected").count(), 0);
    // Also as one types: the header's box is the search page's box.
    await page.locator("#site-search-input").fill("");
    await page.locator("#site-search-input").fill(payload);
    await page.waitForFunction((p) => document.getElementById("search-page-status").textContent.includes(p), payload);
    assert.equal(await page.locator("img").count(), 0);
    assert.equal(await page.locator("#injected").count(), 0);
    await page.waitForTimeout(100);
    assert.equal(await page.evaluate(() => window.__injected), undefined);
    await page.close();
  });

  test("5. the unzipped --zip output searches from disk like the folder", async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "helpsite-zip-"));
    try {
      const zip = path.join(tmp, "help.zip");
      build(site, path.join(tmp, "public"), ["--zip", zip]);
      const dest = path.join(tmp, "unzipped");
      execFileSync("python3", ["-m", "zipfile", "-e", zip, dest]);
      await searchesFromDisk(browser.context, browser.external, path.join(dest, "help"));
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });

  test("6. a captive portal or a network that drops requests counts as offline", async () => {
    const server = await serve(out, "/help/");
    const page = await browser.context.newPage();
    const recheck = () => page.evaluate(() => window.dispatchEvent(new Event("online")));
    try {
      await page.goto(server.base + "nl/index.html");
      await controlled(page);
      await statusIs(page, ONLINE);
      await videoCanLoad(page);

      // Wi-Fi that answers everything with its login page (200, HTML).
      server.setMode("portal");
      await recheck();
      await statusIs(page, OFFLINE);
      await videoIsPlaceholder(page);

      // Back on a real network, the page says so again.
      server.setMode("serve");
      await recheck();
      await statusIs(page, ONLINE);
      await videoCanLoad(page);

      // A network that swallows requests: the saved page shows after the
      // worker's timeout, and the probe's own timeout says offline.
      server.setMode("drop");
      const started = Date.now();
      await page.reload({ timeout: 20000 });
      assert.ok(Date.now() - started < 15000, `the saved page came after ${Date.now() - started} ms`);
      assert.equal(await page.evaluate(() => navigator.onLine), true);
      await statusIs(page, OFFLINE);
      await videoIsPlaceholder(page);
    } finally {
      await page.close();
      await server.close();
    }
  });

  test("7. a large site saves its budget ahead, the rest as visited or on request, with progress", async () => {
    // A budget that holds part of nl only.
    const small = copySampleSite();
    fs.appendFileSync(path.join(small, "site.toml"), "\n[offline]\nprecache_mb = 0.02\n");
    const smallOut = path.join(small, "public");
    build(small, smallOut);
    const read = (locale, name) => JSON.parse(fs.readFileSync(path.join(smallOut, locale, name), "utf8"));
    /* A locale's lists: the budget's share, fetched at install, and the
     * rest in parts, fetched only to save the whole locale. */
    const list = (locale) => {
      const top = read(locale, "offline-files.json");
      let rest = [];
      for (let n = 1; n <= top.parts; n++) rest = rest.concat(read(locale, `offline-files-${n}.json`).files);
      return { top, budget: top.files.length, files: top.files.concat(rest) };
    };
    const nl = list("nl");
    assert.ok(nl.budget > 0 && nl.budget < nl.files.length, `budget ${nl.budget} of ${nl.files.length}`);
    assert.equal(nl.top.count, nl.files.length);
    assert.ok(nl.top.files.reduce((n, [, len]) => n + len, 0) <= 20000, "the first list holds the budget only");
    const server = await serve(smallOut, "/help/");
    const page = await browser.context.newPage();
    const cachedPaths = () =>
      page.evaluate(async () => {
        const names = (await caches.keys()).filter((n) => n.startsWith("helpsite:/help/:"));
        const cache = await caches.open(names[0]);
        return (await cache.keys()).map((r) => new URL(r.url).pathname.replace("/help/", ""));
      });
    try {
      await page.goto(server.base + "nl/index.html");
      await controlled(page);
      await statusIs(page, ONLINE);
      const before = new Set(await cachedPaths());
      for (const [f] of nl.files.slice(0, nl.budget)) assert.ok(before.has(f), `${f} saved within the budget`);
      const beyond = nl.files.slice(nl.budget).map(([f]) => f);
      assert.ok(beyond.some((f) => !before.has(f)), "files beyond the budget are not saved ahead");
      const parts = () => server.requests.filter((u) => /offline-files-\d+\.json/.test(u));
      assert.deepEqual(parts(), [], "the rest's lists are not fetched ahead");
      // nl did not fit: nothing of en was saved ahead but its home (the shell).
      assert.ok(!list("en").files.some(([f]) => before.has(f)), "en waits for a visit");

      // A visited page beyond the budget is kept.
      const visited = list("en").files.find(([f]) => f.endsWith(".html"))[0];
      await page.goto(server.base + visited);
      await page.waitForFunction(async (f) => {
        for (const n of await caches.keys()) {
          if (await (await caches.open(n)).match(new URL(f, location.origin + "/help/").href)) return true;
        }
        return false;
      }, visited);

      // Save everything on request, with progress, from the locale's home.
      await page.goto(server.base + "nl/index.html");
      const section = page.locator(".save-offline");
      await section.waitFor({ state: "visible" });
      await section.locator("button").click();
      await page.waitForFunction(() => document.querySelector(".save-offline-status").textContent.startsWith("Opgeslagen."));
      const after = new Set(await cachedPaths());
      for (const [f] of nl.files) assert.ok(after.has(f), `${f} saved on request`);
      assert.ok(parts().some((u) => u.includes("/nl/offline-files-1.json")), "saving all reads the rest's lists");
      assert.equal(await page.locator(".save-offline-progress").isVisible(), false);
      assert.equal(await section.locator("button").isVisible(), false, "saved: the box offers its button no more");

      // Offline, every nl page and the visited en page still open.
      await server.stop();
      const last = beyond.find((f) => f.endsWith(".html")) || nl.files[nl.files.length - 1][0];
      await page.goto(server.base + last);
      assert.ok((await page.locator("main h1").textContent()).length > 0);
      await statusIs(page, OFFLINE);
      await page.goto(server.base + visited);
      assert.equal(await page.getAttribute("html", "lang"), "en");
      assert.ok(!(await page.title()).includes("404"), await page.title());
    } finally {
      await page.close();
      await server.close();
      fs.rmSync(small, { recursive: true, force: true });
    }
  });

  test("8. on a large site the first query loads a few index shards, from disk and over http", async () => {
    const big = copySampleSite();
    const syllables = ["ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo"];
    let state = 7;
    const word = () => {
      let w = "";
      for (let i = 0; i < 3; i++) {
        state = (state * 1103515245 + 12345) % 2147483648;
        w += syllables[state % 8];
      }
      return w;
    };
    const PAGES = 400;
    for (let i = 0; i < PAGES; i++) {
      const filler = Array.from({ length: 150 }, word).join(" ");
      const rare = i === PAGES - 1 ? "\n\nzebrakwarts\n" : "";
      fs.mkdirSync(path.join(big, "content", "nl", "bulk"), { recursive: true });
      fs.writeFileSync(
        path.join(big, "content", "nl", "bulk", `pagina-${i}.md`),
        `---\ntitle: Pagina ${i}\n---\n# Pagina ${i}\n\nHet certificaat en het wachtwoord instellen.\n\n${filler}${rare}\n`
      );
    }
    // A small budget: the shards are not saved ahead, only as used.
    fs.appendFileSync(path.join(big, "site.toml"), "\n[offline]\nprecache_mb = 0.05\n");
    const bigOut = path.join(big, "public");
    build(big, bigOut);
    const files = (dir) => fs.readdirSync(dir, { recursive: true }).map((f) => path.join(dir, f)).filter((f) => fs.statSync(f).isFile());
    const indexBytes = files(path.join(bigOut, "nl", "search-index")).reduce((n, f) => n + fs.statSync(f).size, 0);
    const server = await serve(bigOut, "/help/");
    const page = await browser.context.newPage();
    /* What the page loaded of the index, as files on disk: the client
     * inserts one script element per file. */
    const loaded = async () => {
      const srcs = await page.evaluate(() =>
        Array.from(document.querySelectorAll("script[src]"), (s) => new URL(s.src).pathname).filter((p) => /\/search-index[./]/.test(p))
      );
      return srcs.map((p) => {
        const rel = decodeURIComponent(p).split("/nl/").pop();
        return { rel, bytes: fs.statSync(path.join(bigOut, "nl", rel)).size };
      });
    };
    try {
      for (const url of [fileUrl(path.join(bigOut, "nl", "index.html")), server.base + "nl/index.html"]) {
        await page.goto(url);
        if (url.startsWith("http")) {
          await controlled(page);
          await page.reload();
        }
        const found = names(await searchFromBox(page, "zebrakwarts"));
        assert.equal(found[0], "pagina-399.html", `${url}: ${found}`);
        const several = names(await searchFromBox(page, "certificaat wachtwoord instellen"));
        assert.equal(several.length, 8, `${url}: ${several}`);
        const first = await loaded();
        const bytes = first.reduce((n, f) => n + f.bytes, 0);
        assert.ok(first.some((f) => f.rel.startsWith("search-index.")), JSON.stringify(first));
        assert.ok(bytes <= 500 * 1024, `${url}: ${bytes} bytes`);
        assert.ok(bytes * 4 < indexBytes, `${url}: ${bytes} of ${indexBytes} bytes: ${JSON.stringify(first)}`);
        if (url.startsWith("http")) {
          // The service worker keeps the shards it served, for the next query offline.
          const shard = first.find((f) => f.rel.includes("/d"));
          await page.waitForFunction(async (rel) => {
            for (const n of await caches.keys()) {
              if (await (await caches.open(n)).match(new URL("nl/" + rel, location.origin + "/help/").href)) return true;
            }
            return false;
          }, shard.rel);
        }
      }
    } finally {
      await page.close();
      await server.close();
      fs.rmSync(big, { recursive: true, force: true });
    }
  });
});
