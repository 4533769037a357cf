// YAML landing and hub pages in Chromium (tests/fixtures/landing), served
// under a strict Content-Security-Policy: at a phone's width one column and
// nothing wider than the screen; at a laptop's width the cards side by side;
// axe's WCAG A/AA rules in light and dark; the keyboard meets the links in
// reading order; printed, cards lose their boxes. With SCREENSHOTS=<dir>
// set, the page is saved there at each size and scheme for review.

import { describe, test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { REPO, build, launch, missingBrowser, serve } from "./helpers.mjs";

const require = createRequire(import.meta.url);
const AXE_SOURCE = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const SIZES = { phone: { width: 390, height: 844 }, laptop: { width: 1366, height: 900 } };
const CSP = "default-src 'self'";
const PAGES = { landing: "en/intune/index.html", hub: "en/hub/index.html" };
const SHOTS = process.env.SCREENSHOTS;
const skip = missingBrowser();

/** How the cards of the page's first grid of more than one card lie. */
function cardLayout(page) {
  return page.evaluate(() => {
    const grid = [...document.querySelectorAll(".landing-cards")].find((g) => g.children.length > 1);
    const lefts = new Set([...grid.children].map((c) => Math.round(c.getBoundingClientRect().left)));
    return {
      columns: lefts.size,
      pageWidth: document.documentElement.scrollWidth,
      widest: Math.max(...[...document.querySelectorAll("main *")].map((e) => e.getBoundingClientRect().right)),
    };
  });
}

describe("landing and hub pages", { skip: skip || false }, () => {
  let tmp, out, browser, server;
  before(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "helpsite-landing-"));
    out = path.join(tmp, "out");
    build(path.join(REPO, "tests", "fixtures", "landing"), out);
    browser = await launch();
    server = await serve(out, "/help/", { csp: CSP });
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  test("one column and no sideways scrolling on a phone, cards side by side on a laptop, pass axe's WCAG A and AA in light and dark", async () => {
    const page = await browser.context.newPage();
    const violations = [];
    page.on("console", (m) => {
      if (/Content Security Policy/.test(m.text())) violations.push(m.text());
    });
    const run = () => page.evaluate(() => window.axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
      resultTypes: ["violations"],
    }));
    const named = (r) => r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(", ")}`);
    if (SHOTS) fs.mkdirSync(SHOTS, { recursive: true });
    for (const [kind, file] of Object.entries(PAGES)) {
      for (const scheme of ["light", "dark"]) {
        for (const [name, size] of Object.entries(SIZES)) {
          const where = `${kind} ${scheme} ${size.width}`;
          await page.setViewportSize(size);
          await page.emulateMedia({ colorScheme: scheme });
          await page.goto(`${server.base}${file}`);
          const look = await cardLayout(page);
          if (name === "phone") {
            assert.equal(look.columns, 1, `${where}: one column`);
            assert.ok(look.pageWidth <= size.width, `${where}: nothing wider than the screen: ${look.pageWidth}`);
            assert.ok(look.widest <= size.width, `${where}: no element past the edge: ${look.widest}`);
          } else {
            assert.ok(look.columns > 1, `${where}: cards side by side: ${look.columns} column(s)`);
          }
          // Through the DevTools protocol: the page's CSP refuses a script tag.
          await page.evaluate(AXE_SOURCE);
          assert.deepEqual(named(await run()), [], where);
          if (SHOTS) await page.screenshot({ path: path.join(SHOTS, `${kind}-${name}-${scheme}.png`), fullPage: true });
        }
      }
    }
    assert.deepEqual(violations, [], "no CSP violations");
    await page.close();
  });

  test("the keyboard meets the hub's links in reading order, each with a visible focus ring", async () => {
    const page = await browser.context.newPage();
    await page.setViewportSize(SIZES.laptop);
    await page.goto(`${server.base}${PAGES.hub}`);
    const inArticle = await page.$$eval("article.landing a", (as) => as.map((a) => a.getAttribute("href")));
    await page.focus("article.landing h1");
    const met = [];
    for (let i = 0; i < 40 && met.length < inArticle.length; i++) {
      await page.keyboard.press("Tab");
      const now = await page.evaluate(() => {
        const a = document.activeElement;
        if (!a.closest("article.landing")) return null;
        const style = getComputedStyle(a);
        return { href: a.getAttribute("href"), ring: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2 };
      });
      if (!now) continue;
      assert.ok(now.ring, `a visible focus ring on ${now.href}`);
      met.push(now.href);
    }
    assert.deepEqual(met, inArticle, "Tab follows the text");
    // Reading order is also the order on screen: each link lies below or beside the one before.
    const tops = await page.$$eval("article.landing a", (as) => as.map((a) => a.getBoundingClientRect()));
    for (let i = 1; i < tops.length; i++) {
      assert.ok(tops[i].top >= tops[i - 1].top - 1 || tops[i].left > tops[i - 1].left, `link ${i} comes after link ${i - 1} on screen`);
    }
    await page.close();
  });

  test("headings go down one level at a time, links are in lists, pictures are sized and decorative", async () => {
    const page = await browser.context.newPage();
    for (const file of Object.values(PAGES)) {
      await page.goto(`${server.base}${file}`);
      const shape = await page.evaluate(() => ({
        levels: [...document.querySelectorAll("article h1, article h2, article h3, article h4")].map((h) => Number(h.tagName[1])),
        loose: [...document.querySelectorAll("article.landing .landing-card a")].filter((a) => !a.closest("li, h2, h3, h4, .landing-card-footer")).length,
        images: [...document.querySelectorAll("article img")].map((i) => ({ alt: i.getAttribute("alt"), width: i.getBoundingClientRect().width, loaded: i.naturalWidth > 0 })),
        inline: document.querySelectorAll("[style], script:not([src])").length,
      }));
      assert.equal(shape.levels[0], 1, `${file}: starts with h1`);
      for (let i = 1; i < shape.levels.length; i++) {
        assert.ok(shape.levels[i] <= shape.levels[i - 1] + 1, `${file}: no heading level skipped: ${shape.levels}`);
      }
      assert.equal(shape.loose, 0, `${file}: every card link is in a list, a heading or the footer`);
      for (const image of shape.images) {
        assert.equal(image.alt, "", `${file}: pictures beside a title are decorative`);
        assert.equal(image.width, 48, `${file}: pictures are sized`);
        assert.ok(image.loaded, `${file}: pictures load`);
      }
      assert.equal(shape.inline, 0, `${file}: no inline style or script`);
    }
    await page.close();
  });

  test("printed, cards are plain sections without boxes or backgrounds", async () => {
    const page = await browser.context.newPage();
    await page.setViewportSize(SIZES.laptop);
    await page.goto(`${server.base}${PAGES.hub}`);
    const screen = await page.evaluate(() => getComputedStyle(document.querySelector(".landing-card")).borderTopStyle);
    assert.equal(screen, "solid", "on screen a card has a border");
    await page.emulateMedia({ media: "print" });
    const printed = await page.evaluate(() => [...document.querySelectorAll(".landing-card, .landing-hero, .landing-cards")].map((e) => {
      const s = getComputedStyle(e);
      return { display: s.display, border: s.borderTopStyle, background: s.backgroundColor, shadow: s.boxShadow };
    }));
    for (const p of printed) {
      assert.notEqual(p.display, "grid");
      assert.equal(p.border, "none");
      assert.equal(p.background, "rgba(0, 0, 0, 0)");
      assert.equal(p.shadow, "none");
    }
    await page.close();
  });
});
