// The reader's page holds still and answers the keyboard: nothing moves in
// the first 10 s of a first visit (the offline status and the save box
// appear then), Esc in the type-ahead closes it for good, the search
// button's focus ring stands out, the offline notice is a bar of its own,
// the save box says when all is saved, a code block that scrolls can be
// focused, and two platform choosers on a page have names of their own.
// Served under `Content-Security-Policy: default-src 'self'`.

import { describe, test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { build, buildCorpus, contrast, copySampleSite, fileUrl, launch, missingBrowser, serve } from "./helpers.mjs";

const require = createRequire(import.meta.url);
// Run through the debugging protocol, which the page's CSP does not govern.
const AXE = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const PHONE = { width: 390, height: 844 };
const LAPTOP = { width: 1366, height: 900 };
const CSP = "default-src 'self'";
const OBSERVED_MS = 10000;
const READY = "Offline beschikbaar";
const OFFLINE = "U bent offline. De opgeslagen help werkt nog.";

const skip = missingBrowser();

/** A browser that reports every CSP violation and script error of its pages. */
async function watched(options) {
  const browser = await launch(options);
  const errors = [];
  browser.context.on("page", (page) => {
    page.on("pageerror", (e) => errors.push(`${page.url()}: ${e.message}`));
    page.on("console", (m) => {
      if (m.type() === "error" && /Content.Security.Policy/i.test(m.text())) errors.push(`${page.url()}: ${m.text()}`);
    });
  });
  return { ...browser, errors };
}

/** The layout shifts from navigation on, over OBSERVED_MS and, on a busy
 * machine, until the offline status has shown (at most three times as
 * long): what used to move the page must have happened. */
async function shiftsOver10s(page) {
  return page.evaluate((ms) => new Promise((resolve) => {
    const shifts = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        const moved = (e.sources || []).map((s) => s.node ? (s.node.className || s.node.nodeName) : "?");
        shifts.push({ value: e.value, at: Math.round(e.startTime), moved });
      }
    }).observe({ type: "layout-shift", buffered: true });
    const status = document.querySelector(".offline-status");
    const check = () => {
      const shown = status && !status.hidden;
      if (performance.now() >= 3 * ms || (performance.now() >= ms && shown)) resolve(shifts);
      else setTimeout(check, 250);
    };
    setTimeout(check, Math.max(0, ms - performance.now()));
  }), OBSERVED_MS);
}

describe("a page that holds still", { skip: skip || false }, () => {
  let tmp, sample, corpus, server, corpusServer;

  before(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "helpsite-steady-"));
    const site = copySampleSite();
    // Two platform choosers on one page, as the corpus's FAQ has.
    fs.writeFileSync(path.join(site, "content", "nl", "kiezers.md"),
      "---\ntitle: Twee kiezers\n---\n\n# Twee kiezers\n\n> [!div class=\"op_single_selector\"]\n> - [Startpagina](index.md)\n> - [Wifi](connect-to-company-wifi.md)\n\n" +
      "## Verderop\n\n> [!div class=\"op_single_selector\"]\n> - [Wifi](connect-to-company-wifi.md)\n> - [Startpagina](index.md)\n");
    fs.writeFileSync(path.join(site, "content", "nl", "een-kiezer.md"),
      "---\ntitle: Een kiezer\n---\n\n# Een kiezer\n\n> [!div class=\"op_single_selector\"]\n> - [Startpagina](index.md)\n> - [Wifi](connect-to-company-wifi.md)\n");
    sample = path.join(tmp, "sample-out");
    build(site, sample);
    server = await serve(sample, "/help/", { csp: CSP });
    corpus = buildCorpus(tmp);
    if (corpus) corpusServer = await serve(corpus, "/help/", { csp: CSP });
  });

  after(async () => {
    await server?.close();
    await corpusServer?.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  test("1. no layout shift in the first 10 s of a first visit, on a phone and a laptop", async () => {
    const cases = [];
    for (const [name, viewport] of [["phone", PHONE], ["laptop", LAPTOP]]) {
      cases.push([name, viewport, server.base + "nl/connect-to-company-wifi.html", true]);
      cases.push([name, viewport, server.base + "nl/index.html", true]);
      if (corpusServer) {
        // An outdated page: its notice sits above the H1.
        const outdated = fs.readdirSync(path.join(corpus, "nl", "EndUser"))
          .find((f) => f.endsWith(".html") && fs.readFileSync(path.join(corpus, "nl", "EndUser", f), "utf8").includes('class="outdated-notice"'));
        assert.ok(outdated, "the corpus has an outdated nl page");
        cases.push([name, viewport, corpusServer.base + "nl/EndUser/" + outdated, false]);
      }
    }
    // Each case is a first visit of its own, all at once: the 10 s overlap.
    const results = await Promise.all(cases.map(async ([name, viewport, url, statusExpected]) => {
      const browser = await watched({ viewport, locale: "nl-NL" });
      try {
        const page = await browser.context.newPage();
        await page.goto(url);
        const shifts = await shiftsOver10s(page);
        const status = await page.locator(".offline-status").evaluate((el) => (el.hidden ? "" : el.textContent));
        return { what: `${name} ${url}`, shifts, status, statusExpected, errors: browser.errors };
      } finally {
        await browser.close();
      }
    }));
    for (const r of results) {
      const total = r.shifts.reduce((sum, s) => sum + s.value, 0);
      assert.equal(total, 0, `${r.what}: layout shift ${total.toFixed(4)}: ${JSON.stringify(r.shifts)}`);
      assert.deepEqual(r.errors, [], `${r.what}: no CSP violation or script error`);
      // The test watched what used to move the page: the status showing.
      if (r.statusExpected) assert.equal(r.status, READY, `${r.what}: the offline status showed`);
    }
  });

  test("2. Esc closes the type-ahead and it stays closed; a second Esc clears the query", async () => {
    const browser = await watched({ viewport: PHONE });
    try {
      const page = await browser.context.newPage();
      await page.goto(fileUrl(path.join(sample, "nl", "connect-to-company-wifi.html")));
      const input = page.locator("#site-search-input");
      const box = page.locator("#site-search-results");
      const staysClosed = async (what) => {
        // Longer than the type-ahead's pause, so a late answer would show.
        await page.waitForTimeout(400);
        assert.ok(await box.isHidden(), `${what}: the list stays closed`);
      };
      await input.fill("certificaat");
      await box.locator(".search-result").first().waitFor();
      await input.press("Escape");
      await staysClosed("Esc in the box");
      assert.equal(await input.inputValue(), "certificaat", "the first Esc keeps the query");
      await input.press("Escape");
      assert.equal(await input.inputValue(), "", "the second Esc clears the query (the search field's own Esc)");
      await staysClosed("the second Esc");

      // From a result: Esc closes the list and returns to the box, whose
      // focus handler does not open it again.
      await input.fill("certificaat");
      await box.locator(".search-result").first().waitFor();
      await input.press("ArrowDown");
      assert.ok(await page.evaluate(() => document.activeElement.closest("#site-search-results") !== null), "on a result");
      await page.keyboard.press("Escape");
      assert.ok(await page.evaluate(() => document.activeElement.id === "site-search-input"), "back in the box");
      await staysClosed("Esc on a result");
      // Leaving and coming back does not reopen it either; typing does.
      await page.keyboard.press("Shift+Tab");
      await input.focus();
      await staysClosed("focus again");
      await input.press("s");
      await box.waitFor({ state: "visible" });
      assert.deepEqual(browser.errors, []);
    } finally {
      await browser.close();
    }
  });

  test("3. the search button's focus ring contrasts 3:1 with the button and the header, light and dark", async () => {
    const browser = await watched({ viewport: LAPTOP });
    try {
      const page = await browser.context.newPage();
      for (const scheme of ["light", "dark"]) {
        await page.emulateMedia({ colorScheme: scheme });
        await page.goto(fileUrl(path.join(sample, "nl", "index.html")));
        await page.locator("#site-search-input").focus();
        await page.keyboard.press("Tab");
        const ring = await page.evaluate(() => {
          const button = document.activeElement;
          const style = getComputedStyle(button);
          let behind = "rgba(0, 0, 0, 0)";
          for (let n = button.parentElement; n; n = n.parentElement) {
            const c = getComputedStyle(n).backgroundColor;
            if (!/rgba\(.*, 0\)$/.test(c)) { behind = c; break; }
          }
          const band = /rgba?\([^)]*\)/.exec(style.boxShadow);
          return {
            isButton: button.matches(".site-search button"),
            outline: style.outlineColor, outlineStyle: style.outlineStyle, outlineWidth: parseFloat(style.outlineWidth),
            offset: parseFloat(style.outlineOffset), band: band ? band[0] : null, button: style.backgroundColor, behind,
          };
        });
        const what = `${scheme}: ring ${ring.outline}, band ${ring.band}, button ${ring.button}, header ${ring.behind}`;
        assert.ok(ring.isButton, "Tab from the box reaches the button");
        assert.equal(ring.outlineStyle, "solid", what);
        assert.ok(ring.outlineWidth >= 2, what);
        assert.ok(ring.offset >= 2 && ring.band, `${what}: a band sets the ring off the button`);
        assert.ok(contrast(ring.outline, ring.behind) >= 3, `${what}: ring against the header`);
        assert.ok(contrast(ring.band, ring.button) >= 3, `${what}: band against the button`);
        assert.ok(contrast(ring.outline, ring.band) >= 3, `${what}: ring against the band`);
      }
    } finally {
      await browser.close();
    }
  });

  test("4. the offline notice is a one-line bar, unlike the 'available offline' pill, at 390 px", async () => {
    const browser = await watched({ viewport: PHONE, locale: "nl-NL" });
    try {
      const page = await browser.context.newPage();
      await page.goto(server.base + "nl/connect-to-company-wifi.html");
      const status = page.locator(".offline-status");
      await page.waitForFunction((t) => document.querySelector(".offline-status").textContent === t, READY, { timeout: 20000 });
      const look = () => status.evaluate((el) => {
        const s = getComputedStyle(el);
        const r = el.getBoundingClientRect();
        return { text: el.textContent, background: s.backgroundColor, color: s.color, radius: s.borderTopLeftRadius, width: r.width, height: r.height,
          lineHeight: parseFloat(s.lineHeight), cut: el.scrollWidth > el.clientWidth, position: s.position };
      });
      const pill = await look();
      assert.equal(pill.position, "fixed", "the status floats: nothing moves when it shows");
      await browser.context.setOffline(true);
      await page.waitForFunction((t) => document.querySelector(".offline-status").textContent === t, OFFLINE);
      const bar = await look();
      assert.ok(bar.height < 2 * bar.lineHeight, `one line: ${bar.height}px high at line height ${bar.lineHeight}px`);
      assert.equal(bar.cut, false, "the whole notice shows");
      assert.ok(bar.width >= PHONE.width - 1, `a bar across the screen (${bar.width}px), the pill is ${pill.width}px`);
      assert.notEqual(bar.background, pill.background, "its own colours");
      assert.notEqual(bar.radius, pill.radius, "square, not a pill");
      assert.ok(contrast(bar.color, bar.background) >= 4.5, `readable: ${bar.color} on ${bar.background}`);
      await browser.context.setOffline(false);
      assert.deepEqual(browser.errors, []);
    } finally {
      await browser.close();
    }
  });

  test("5. the save box on the home sits below the page list and, once all is saved, says so without a button", async () => {
    const browser = await watched({ viewport: PHONE, locale: "nl-NL" });
    try {
      const page = await browser.context.newPage();
      await page.goto(server.base + "nl/index.html");
      const section = page.locator(".save-offline");
      // The sample fits the budget: the first save is all of it.
      await section.waitFor({ state: "visible", timeout: 20000 });
      await page.waitForFunction(() => document.querySelector(".save-offline-status").textContent.startsWith("Opgeslagen."));
      assert.equal(await section.locator("button").isVisible(), false, "no button once all is saved");
      const order = await page.evaluate(() => {
        const list = document.querySelector(".all-pages");
        const box = document.querySelector(".save-offline");
        return { after: !!(list.compareDocumentPosition(box) & Node.DOCUMENT_POSITION_FOLLOWING), below: box.getBoundingClientRect().top >= list.getBoundingClientRect().bottom };
      });
      assert.deepEqual(order, { after: true, below: true }, "below the page list");
      // A later visit shows the same state straight away.
      await page.reload();
      await section.waitFor({ state: "visible" });
      await page.waitForFunction(() => document.querySelector(".save-offline-status").textContent.startsWith("Opgeslagen."));
      assert.equal(await section.locator("button").isVisible(), false, "still no button on a later visit");
      assert.deepEqual(browser.errors, []);
    } finally {
      await browser.close();
    }
  });

  test("6. a code block that scrolls can be focused, with a ring; one that fits cannot", async () => {
    const browser = await watched({ viewport: PHONE });
    try {
      const page = await browser.context.newPage();
      await page.goto(server.base + "en/connect-to-company-wifi.html");
      const pre = page.locator("main pre").first();
      await page.waitForFunction(() => document.querySelector("main pre").getAttribute("tabindex") === "0");
      assert.ok(await pre.evaluate((el) => el.scrollWidth > el.clientWidth), "the snippet scrolls at 390 px");
      let onPre = false;
      for (let i = 0; i < 60 && !onPre; i++) {
        await page.keyboard.press("Tab");
        onPre = await page.evaluate(() => document.activeElement === document.querySelector("main pre"));
      }
      assert.ok(onPre, "Tab reaches the snippet");
      const ring = await pre.evaluate((el) => { const s = getComputedStyle(el); return { style: s.outlineStyle, width: parseFloat(s.outlineWidth) }; });
      assert.ok(ring.style === "solid" && ring.width >= 2, `a focus ring: ${JSON.stringify(ring)}`);
      const scrolled = await pre.evaluate((el) => el.scrollLeft);
      await page.keyboard.press("ArrowRight");
      await page.waitForFunction((before) => document.querySelector("main pre").scrollLeft > before, scrolled);
      await page.evaluate(AXE);
      const axe = await page.evaluate(() => window.axe.run(document, { runOnly: ["scrollable-region-focusable"], resultTypes: ["violations"] }));
      assert.deepEqual(axe.violations.map((v) => v.id), []);
      // Wide, the snippet fits and leaves the tab order.
      await page.setViewportSize(LAPTOP);
      await page.waitForFunction(() => !document.querySelector("main pre").hasAttribute("tabindex"));
      assert.deepEqual(browser.errors, []);
    } finally {
      await browser.close();
    }
  });

  test("7. two platform choosers on a page have names of their own, in the page's language", async () => {
    const browser = await watched({ viewport: LAPTOP });
    try {
      const page = await browser.context.newPage();
      for (const url of [server.base + "nl/kiezers.html", fileUrl(path.join(sample, "nl", "kiezers.html"))]) {
        await page.goto(url);
        await page.waitForFunction(() => document.querySelector("nav.op_single_selector").getAttribute("aria-label").includes("1"));
        const names = await page.locator("nav.op_single_selector").evaluateAll((l) => l.map((n) => n.getAttribute("aria-label")));
        assert.deepEqual(names, ["Kies uw platform (1 van 2)", "Kies uw platform (2 van 2)"], url);
        await page.evaluate(AXE);
        const axe = await page.evaluate(() => window.axe.run(document, { runOnly: ["landmark-unique"], resultTypes: ["violations"] }));
        assert.deepEqual(axe.violations.map((v) => v.id), [], url);
      }
      // One chooser keeps the plain name.
      await page.goto(server.base + "nl/een-kiezer.html");
      const single = await page.locator("nav.op_single_selector").evaluateAll((l) => l.map((n) => n.getAttribute("aria-label")));
      assert.deepEqual(single, ["Kies uw platform"]);
      assert.deepEqual(browser.errors, []);
    } finally {
      await browser.close();
    }
  });
});
