// A reader's first visit in headless Chromium: what the service worker
// saves when the browser asks to spare data (Save-Data, a slow connection)
// and when it does not, and videos that load only when the reader asks
// (no other site contacted on page load, a titled frame on request, the
// link and a note under `default-src 'self'`).

import assert from "node:assert/strict";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { after, before, describe, test } from "node:test";

import { build, copySampleSite, launch, missingBrowser, serve } from "./helpers.mjs";

const require = createRequire(import.meta.url);
const AXE_SOURCE = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const skip = missingBrowser();
if (skip) console.log(`# SKIP browser tests: ${skip}`);

const CERT_PAGE = "your-device-is-missing-a-required-certificate-android.html";
const VIDEO_URL = "https://www.youtube-nocookie.com/embed/abc?start=5";
const VIDEO_PAGE = "video.html";

/** What navigator.connection says in the page, set before any script runs
 * (an init script: the page's own Content-Security-Policy does not apply). */
function connectionIs(connection) {
  return `Object.defineProperty(Navigator.prototype, "connection", {
    configurable: true,
    get() { return Object.assign({ addEventListener() {}, removeEventListener() {} }, ${JSON.stringify(connection)}); },
  });`;
}

/** The paths, under the site's base, that the site's cache holds; not the
 * worker's own notes (`__helpsite/saved/<locale>`), which no request fetched. */
function cachedPaths(page) {
  return page.evaluate(async () => {
    const names = (await caches.keys()).filter((n) => n.startsWith("helpsite:/help/:"));
    if (names.length !== 1) return names;
    const cache = await caches.open(names[0]);
    const paths = (await cache.keys()).map((r) => new URL(r.url).pathname.replace("/help/", ""));
    return paths.filter((p) => !p.startsWith("__helpsite/")).sort();
  });
}

/** Waits until the cache holds all of `must` and the worker has stopped
 * adding to it (five polls alike); what it holds then. */
async function settled(page, must = []) {
  let last = "";
  let same = 0;
  for (let i = 0; i < 300 && same < 5; i++) {
    const paths = await cachedPaths(page);
    const now = JSON.stringify(paths);
    same = now === last && must.every((f) => paths.includes(f)) ? same + 1 : 0;
    last = now;
    await page.waitForTimeout(200);
  }
  return JSON.parse(last);
}

async function controlled(page) {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise((resolve) => navigator.serviceWorker.addEventListener("controllerchange", resolve));
    }
  });
}

/** A constant of the built sw.js. */
function workerConstant(out, name) {
  const line = fs.readFileSync(path.join(out, "sw.js"), "utf8").split("\n").find((l) => l.startsWith(`const ${name} = `));
  return JSON.parse(line.slice(`const ${name} = `.length).replace(/;$/, ""));
}

/** Every file of a locale's offline lists (the budget's share and the rest). */
function localeFiles(out, locale) {
  const read = (name) => JSON.parse(fs.readFileSync(path.join(out, locale, name), "utf8"));
  const top = read("offline-files.json");
  let files = top.files;
  for (let n = 1; n <= top.parts; n++) files = files.concat(read(`offline-files-${n}.json`).files);
  return files.map(([f]) => f);
}

describe("first visit", { skip: skip || false }, () => {
  let site, out;

  before(() => {
    site = copySampleSite();
    fs.writeFileSync(
      path.join(site, "content", "nl", "video.md"),
      `---\ntitle: Een video\n---\n\n# Een video\n\nBekijk eerst de video.\n\n:::video source="${VIDEO_URL}" title="Een telefoon inschrijven":::\n\n> [!VIDEO https://forms.example.com/survey/start]\n`
    );
    out = path.join(site, "public");
    build(site, out);
  });

  after(() => {
    if (site) fs.rmSync(site, { recursive: true, force: true });
  });

  /** A first visit where navigator.connection is `connection`: the shell
   * and the visited page only; then the home's button saves the locale. */
  async function spareVisit(connection) {
    const browser = await launch();
    await browser.context.addInitScript(connectionIs(connection));
    const server = await serve(out, "/help/");
    const page = await browser.context.newPage();
    try {
      await page.goto(server.base + "nl/" + CERT_PAGE);
      assert.equal(await page.evaluate(() => navigator.connection.saveData || navigator.connection.effectiveType), connection.saveData || connection.effectiveType);
      await controlled(page);
      const pictures = await page.evaluate(() =>
        Array.from(document.images, (i) => new URL(i.currentSrc || i.src).pathname.replace("/help/", ""))
      );
      const expected = new Set([...workerConstant(out, "SHELL"), ...workerConstant(out, "LOCALE_SHELL").nl, "nl/" + CERT_PAGE, ...pictures]);
      const saved = await settled(page, [...expected]);
      assert.deepEqual(saved, [...expected].sort(), "the shell, nl's part of it, the page and its pictures");
      assert.ok(!saved.some((f) => f.startsWith("en/")), "nothing of en");
      assert.deepEqual(server.requests.filter((u) => u.includes("offline-files")), [], "no list of files to save is even read");
      // Not saved, so not said to be available offline.
      assert.equal(await page.locator(".offline-status").isVisible(), false);

      // The reader asks, on the locale's home: all of nl is saved, still nothing of en.
      await page.goto(server.base + "nl/index.html");
      const section = page.locator(".save-offline");
      await section.waitFor({ state: "visible" });
      await section.locator("button").click();
      await page.waitForFunction(() => document.querySelector(".save-offline-status").textContent.startsWith("Opgeslagen."));
      const after = new Set(await settled(page, localeFiles(out, "nl")));
      for (const f of localeFiles(out, "nl")) assert.ok(after.has(f), `${f} saved on request`);
      assert.ok(![...after].some((f) => f.startsWith("en/")), "still nothing of en");
      await page.locator(".offline-status").waitFor({ state: "visible" });
    } finally {
      await page.close();
      await server.close();
      await browser.close();
    }
  }

  test("with Save-Data, a first visit saves the shell and the visited page only; the home's button saves the locale", async () => {
    await spareVisit({ saveData: true, effectiveType: "4g" });
  });

  test("on a 3g connection, a first visit saves as little as with Save-Data", async () => {
    await spareVisit({ saveData: false, effectiveType: "3g" });
  });

  test("a normal first visit saves the reader's locale and no page of the other", async () => {
    const browser = await launch();
    const server = await serve(out, "/help/");
    const page = await browser.context.newPage();
    try {
      await page.goto(server.base + "nl/" + CERT_PAGE);
      await controlled(page);
      await page.locator(".offline-status").waitFor({ state: "visible" });
      const saved = new Set(await settled(page, localeFiles(out, "nl")));
      for (const f of localeFiles(out, "nl")) assert.ok(saved.has(f), `${f} saved within the budget`);
      assert.deepEqual([...saved].filter((f) => f.startsWith("en/")), [], "no file of en");
    } finally {
      await page.close();
      await server.close();
      await browser.close();
    }
  });

  test("a video loads from its site only when the reader asks, in a titled frame", async () => {
    const browser = await launch();
    const server = await serve(out, "/help/");
    const page = await browser.context.newPage();
    const requests = [];
    page.on("request", (r) => requests.push(r.url()));
    try {
      await page.goto(server.base + "nl/" + VIDEO_PAGE);
      await page.waitForLoadState("networkidle");
      await page.waitForTimeout(1000);
      const origin = new URL(server.base).origin;
      assert.deepEqual(requests.filter((u) => !u.startsWith(origin)), [], "no other site is contacted on page load");
      assert.equal(await page.locator("main iframe").count(), 0);

      const video = page.locator(".embeddedvideo").first();
      const link = video.locator("a.video-link");
      assert.equal(await link.getAttribute("href"), VIDEO_URL);
      assert.equal(await link.textContent(), "Een telefoon inschrijven");
      const button = video.locator("button.video-load");
      await button.waitFor({ state: "visible" });
      assert.equal(await button.textContent(), "Video laden");

      const axe = async () => {
        await page.addScriptTag({ content: AXE_SOURCE });
        const result = await page.evaluate(() => axe.run(document, { runOnly: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] }));
        return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
      };
      assert.deepEqual((await axe()).filter((v) => /video|frame/.test(v)), [], "the placeholders pass axe");

      await button.click();
      const frame = video.locator("iframe");
      await frame.waitFor({ state: "attached" });
      assert.equal(await frame.getAttribute("src"), VIDEO_URL);
      assert.equal(await frame.getAttribute("title"), "Een telefoon inschrijven");
      assert.equal(await button.count(), 0, "the button gives way to the frame");
      assert.ok(requests.some((u) => u.startsWith("https://www.youtube-nocookie.com/")), "the frame asked the video's site");
      const violations = await axe();
      assert.ok(!violations.some((v) => v.startsWith("frame-title")), violations.join("\n"));
      // The second embed keeps its own placeholder, with the localized "Video".
      assert.equal(await page.locator(".embeddedvideo").nth(1).locator("a.video-link").textContent(), "Video");
    } finally {
      await page.close();
      await server.close();
      await browser.close();
    }
  });

  test("under default-src 'self' the button leaves the link and a note, never a blocked frame", async () => {
    const browser = await launch();
    const server = await serve(out, "/help/", { csp: "default-src 'self'" });
    const page = await browser.context.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(e.message));
    try {
      await page.goto(server.base + "nl/" + VIDEO_PAGE);
      const video = page.locator(".embeddedvideo").first();
      await video.locator("button.video-load").click();
      const note = video.locator(".video-blocked");
      await note.waitFor({ state: "visible" });
      assert.ok((await note.textContent()).includes("Open de video met de link"), await note.textContent());
      assert.equal(await video.locator("iframe").count(), 0, "the refused frame is taken away");
      assert.ok(await video.locator("a.video-link").isVisible());
      assert.equal(await page.evaluate(() => document.activeElement.className), "video-link");
      assert.deepEqual(errors, []);
    } finally {
      await page.close();
      await server.close();
      await browser.close();
    }
  });

  test("offline, a video's button gives way to the offline note with the link", async () => {
    const browser = await launch();
    const page = await browser.context.newPage();
    await browser.context.setOffline(true);
    try {
      await page.goto("file://" + path.join(out, "nl", VIDEO_PAGE));
      const video = page.locator(".embeddedvideo").first();
      const note = video.locator(".embed-offline");
      await note.waitFor({ state: "visible" });
      assert.ok((await note.textContent()).startsWith("Voor deze video is een internetverbinding nodig."));
      assert.equal(await note.locator("a").getAttribute("href"), VIDEO_URL);
      assert.equal(await video.locator("button.video-load").isVisible(), false);
      assert.ok(await video.locator("a.video-link").isVisible());
    } finally {
      await browser.context.setOffline(false);
      await page.close();
      await browser.close();
    }
  });
});
