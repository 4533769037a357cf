// The default theme as a reader meets it, in Chromium at a phone's and a
// laptop's width: the article first, nothing wider than the screen, every
// colour pair readable in light and dark (search states included), a 404
// that works at any depth, and navigation that a keyboard can reach.

import { describe, test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { build, buildCorpus, copySampleSite, contrast, fileUrl, launch, missingBrowser, readablePages, serve } from "./helpers.mjs";

const require = createRequire(import.meta.url);
const AXE = require.resolve("axe-core/axe.min.js");
const PHONE = { width: 390, height: 844 };
const LAPTOP = { width: 1366, height: 900 };
const WIDTHS = [["phone", PHONE], ["laptop", LAPTOP]];

const skip = missingBrowser();

/** Text colour and the opaque background behind it, for each element matched. */
async function colourPairs(page, selector) {
  return page.locator(selector).evaluateAll((els) => els.map((el) => {
    let bg = "rgba(0, 0, 0, 0)";
    for (let n = el; n; n = n.parentElement) {
      const c = getComputedStyle(n).backgroundColor;
      if (!/rgba\(.*, 0\)$/.test(c) && c !== "transparent") { bg = c; break; }
    }
    return { text: el.textContent.trim().slice(0, 40), fg: getComputedStyle(el).color, bg };
  }));
}

async function assertReadable(page, selector, what, needed = 4.5) {
  const pairs = await colourPairs(page, selector);
  assert.ok(pairs.length > 0, `${what}: ${selector} matched nothing`);
  for (const p of pairs) {
    const ratio = contrast(p.fg, p.bg);
    assert.ok(ratio >= needed, `${what}: "${p.text}" is ${p.fg} on ${p.bg}, ${ratio.toFixed(2)}:1 < ${needed}:1`);
  }
}

/** axe-core's WCAG 2 AA colour-contrast rule on the page as it is now. */
async function axeContrast(page, what) {
  if (!(await page.evaluate(() => !!window.axe))) await page.addScriptTag({ path: AXE });
  const result = await page.evaluate(() => window.axe.run(document, { runOnly: ["color-contrast"], resultTypes: ["violations"] }));
  const bad = result.violations.flatMap((v) => v.nodes.map((n) => `${n.target.join(" ")}: ${n.failureSummary}`));
  assert.deepEqual(bad, [], `${what}: axe color-contrast`);
}

describe("theme", { skip: skip || false }, () => {
  let tmp, sample, corpus, browser, page;

  before(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "helpsite-theme-"));
    const site = copySampleSite();
    // Enough pages with one word to need a second page of results, and a
    // wide table.
    for (let i = 1; i <= 13; i++) {
      fs.writeFileSync(path.join(site, "content", "nl", `wachtwoord-${i}.md`),
        `---\ntitle: Wachtwoord ${i}\n---\n\n# Wachtwoord ${i}\n\nUw wachtwoord wijzigen, stap ${i}.\n`);
    }
    fs.writeFileSync(path.join(site, "content", "nl", "tabel.md"),
      "---\ntitle: Tabel\n---\n\n# Tabel\n\nEerste alinea.\n\n| Apparaat | Certificaatarchief | Waar u het certificaat vindt na installatie |\n|---|---|---|\n" +
      "| Android 7 of hoger | Gebruikerscertificaten | Instellingen > Beveiliging > Vertrouwde referenties > Gebruiker |\n");
    sample = path.join(tmp, "sample-out");
    build(site, sample);
    corpus = buildCorpus(tmp);
    browser = await launch({ locale: "en-US" });
    page = await browser.context.newPage();
  });

  after(async () => {
    await browser?.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  test("1. every page: H1 high on a phone, nothing wider than the screen, breadcrumbs on one line and one baseline, cut only with an ellipsis", async () => {
    const pages = [...readablePages(sample), ...(corpus ? readablePages(corpus) : [])];
    assert.ok(pages.length > (corpus ? 200 : 20), `${pages.length} pages`);
    const problems = [];
    let worstH1 = 0;
    for (const [name, size] of WIDTHS) {
      await page.setViewportSize(size);
      for (const file of pages) {
        await page.goto(fileUrl(file));
        const m = await page.evaluate(() => {
          const h1 = document.querySelector("main h1");
          const crumbs = document.querySelector(".breadcrumbs ol");
          const links = crumbs ? [...crumbs.querySelectorAll("a")] : [];
          return {
            overflow: document.documentElement.scrollWidth - window.innerWidth,
            h1: h1 ? h1.getBoundingClientRect().top + window.scrollY : null,
            // Rows: items whose vertical middles differ by more than a few pixels.
            crumbRows: crumbs ? new Set([...crumbs.children].map((li) => { const r = li.getBoundingClientRect(); return Math.round((r.top + r.height / 2) / 8); })).size : 0,
            smallTargets: links.filter((a) => { const r = a.getBoundingClientRect(); return r.width < 24 || r.height < 24; }).map((a) => a.textContent),
            selfOrRepeated: links.map((a) => a.href).filter((h, i, all) => h === location.href.split("#")[0] || all.indexOf(h) !== i),
            ...crumbText(crumbs),
          };
          // How each crumb's words show: cut only behind an ellipsis, the
          // parent (the last crumb) readable, every crumb's text on one
          // baseline (measured with an empty inline-block, whose bottom
          // sits on the baseline of its line).
          function crumbText(list) {
            if (!list) return { cut: [], baselines: [], parentShown: true };
            const texts = [...list.querySelectorAll(":scope > li > :is(a, span)")];
            const cut = texts.filter((t) => t.scrollWidth > t.clientWidth + 1 && getComputedStyle(t).textOverflow !== "ellipsis").map((t) => t.textContent);
            if (list.scrollWidth > list.clientWidth + 1) cut.push(`the list itself (${list.scrollWidth - list.clientWidth}px past its edge)`);
            const baselines = texts.map((t) => {
              const probe = document.createElement("span");
              probe.style.display = "inline-block";
              t.appendChild(probe);
              const y = probe.getBoundingClientRect().bottom;
              probe.remove();
              return Math.round(y * 10) / 10;
            });
            const parent = texts[texts.length - 1];
            const em = parseFloat(getComputedStyle(parent).fontSize);
            const edge = list.getBoundingClientRect().right;
            const parentShown = parent.clientWidth >= Math.min(parent.scrollWidth, 5 * em) && parent.getBoundingClientRect().right <= edge + 1;
            return { cut, baselines, parentShown };
          }
        });
        const where = `${name} ${path.relative(tmp, file)}`;
        if (m.overflow > 0) problems.push(`${where}: page is ${m.overflow}px wider than the screen`);
        if (m.crumbRows > 1) problems.push(`${where}: breadcrumbs take ${m.crumbRows} rows`);
        if (m.cut.length) problems.push(`${where}: crumbs cut without an ellipsis: ${m.cut}`);
        if (new Set(m.baselines).size > 1) problems.push(`${where}: crumbs' baselines differ: ${m.baselines}`);
        if (!m.parentShown) problems.push(`${where}: the parent crumb is hidden`);
        if (m.smallTargets.length) problems.push(`${where}: crumbs smaller than 24×24: ${m.smallTargets}`);
        if (m.selfOrRepeated.length) problems.push(`${where}: crumbs repeat or lead to the page itself: ${m.selfOrRepeated}`);
        if (size === PHONE && m.h1 !== null) {
          worstH1 = Math.max(worstH1, m.h1);
          if (m.h1 > 0.4 * PHONE.height) problems.push(`${where}: H1 starts at ${Math.round(m.h1)}px of ${PHONE.height}`);
        }
      }
    }
    console.log(`# ${pages.length} pages at two widths; lowest H1 on a phone at ${Math.round(worstH1)}px`);
    assert.equal(problems.length, 0, problems.slice(0, 40).join("\n"));
  });

  test("2. colours meet WCAG AA in light and dark, search states included", async () => {
    for (const scheme of ["light", "dark"]) {
      await page.emulateMedia({ colorScheme: scheme });
      for (const [name, size] of WIDTHS) {
        await page.setViewportSize(size);
        const what = `${scheme} ${name}`;
        for (const rel of ["nl/index.html", "nl/your-device-is-missing-a-required-certificate-android.html", "nl/tabel.html", "en/your-device-is-missing-an-IT-required-certificate-android.html"]) {
          await page.goto(fileUrl(path.join(sample, rel)));
          await axeContrast(page, `${what} ${rel}`);
        }
        // Type-ahead: highlighted words, then a hovered and a focused result.
        await page.goto(fileUrl(path.join(sample, "nl", "your-device-is-missing-a-required-certificate-android.html")));
        await page.locator("#site-search-input").fill("certificaat");
        await page.locator("#site-search-results .search-result").first().waitFor();
        await axeContrast(page, `${what} type-ahead`);
        await assertReadable(page, "#site-search-results mark", `${what} highlight`);
        await page.locator("#site-search-results .search-result a").first().hover();
        await assertReadable(page, "#site-search-results .search-result:first-child :is(.search-result-title, .search-result-snippet, .search-result-section, mark)", `${what} hovered result`);
        await page.locator("#site-search-input").press("ArrowDown");
        await assertReadable(page, "#site-search-results .search-result:first-child :is(.search-result-title, .search-result-snippet, mark)", `${what} focused result`);
        // The search page.
        await page.goto(fileUrl(path.join(sample, "nl", "search.html")) + "?q=wachtwoord");
        await page.locator("#search-page-results .search-result").first().waitFor();
        await axeContrast(page, `${what} search page`);
        await assertReadable(page, "#search-page-results mark", `${what} search page highlight`);
        await assertReadable(page, "#search-page-more", `${what} more button`);
        await page.locator("#search-page-results .search-result a").first().focus();
        await assertReadable(page, "#search-page-results .search-result:first-child :is(.search-result-title, .search-result-snippet, mark)", `${what} focused result on the search page`);
        // The root chooser (the 404s are checked where a host serves them, in 5).
        await page.goto(fileUrl(path.join(sample, "index.html")));
        await axeContrast(page, `${what} ${page.url()}`);
      }
    }
    await page.emulateMedia({ colorScheme: "light" });
  });

  test("3. the search page: one box, a counted result list in pages of 10, sections named", async () => {
    await page.setViewportSize(PHONE);
    await page.goto(fileUrl(path.join(sample, "nl", "search.html")) + "?q=wachtwoord");
    await page.locator("#search-page-results .search-result").first().waitFor();
    const boxes = await page.locator("input[type=search]").evaluateAll((l) => l.filter((i) => i.offsetParent !== null).length);
    assert.equal(boxes, 1, "one search box");
    assert.equal(await page.locator("#site-search-input").inputValue(), "wachtwoord");
    const total = await page.evaluate(() =>
      self.helpsite.find(document.querySelector("form.site-search"), "wachtwoord", true, 0).then((found) => found.results.length));
    assert.ok(total > 10 && total <= 20, `${total} results`);
    assert.equal(await page.locator("#search-page-status").textContent(), `${total} resultaten voor “wachtwoord”`);
    assert.equal(await page.locator("#search-page-results .search-result").count(), 10);
    await page.locator("#search-page-more").click();
    assert.equal(await page.locator("#search-page-results .search-result").count(), total);
    assert.ok(await page.locator("#search-page-more").isHidden(), "no more to show");
    assert.ok(await page.evaluate(() => document.activeElement.closest(".search-result") === document.querySelectorAll("#search-page-results .search-result")[10]),
      "focus moves to the first new result");
    // One result: the singular.
    await page.locator("#site-search-input").fill("Certificaatarchief");
    await page.waitForFunction(() => document.querySelectorAll("#search-page-results .search-result").length === 1);
    assert.equal(await page.locator("#search-page-status").textContent(), "1 resultaat voor “Certificaatarchief”");
    // The section: the TOC entry a listed page sits under.
    await page.locator("#site-search-input").fill("vooraf geïnstalleerd certificaat");
    await page.locator("#search-page-results .search-result-section").first().waitFor();
    const sections = await page.locator("#search-page-results .search-result-section").allTextContents();
    assert.ok(sections.some((s) => /certificaat/i.test(s)), `sections: ${sections}`);
  });

  test("4. the type-ahead hangs under its input at both widths", async () => {
    for (const [name, size] of WIDTHS) {
      await page.setViewportSize(size);
      await page.goto(fileUrl(path.join(sample, "nl", "index.html")));
      await page.locator("#site-search-input").fill("certificaat");
      await page.locator("#site-search-results").waitFor({ state: "visible" });
      const [input, box] = await Promise.all(["#site-search-input", "#site-search-results"].map((s) => page.locator(s).boundingBox()));
      assert.ok(Math.abs(box.x - input.x) <= 1, `${name}: panel starts at ${box.x}, input at ${input.x}`);
      assert.ok(box.y >= input.y + input.height - 1, `${name}: panel is below the input`);
      assert.ok(box.x + box.width <= size.width, `${name}: panel stays on screen`);
      assert.ok(box.width >= input.width, `${name}: panel is at least as wide as the input`);
    }
  });

  test("5. a 404 served at any depth is styled, in the reader's language, and its links work", async () => {
    const server = await serve(sample, "/help/", { notFoundPages: true });
    try {
      for (const [missing, lang] of [["EndUser/deeper/still/missing.html", "en"], ["nl/EndUser/deeper/missing.html", "nl"], ["nl-only/x.html", "en"]]) {
        await page.goto(server.base + missing);
        await page.locator(".not-found h1").waitFor();
        await page.waitForLoadState("load");
        assert.equal(await page.evaluate(() => document.documentElement.lang), lang, `${missing}: ${page.url()}`);
        const styled = await page.evaluate(() => getComputedStyle(document.querySelector(".site-header")).display);
        assert.equal(styled, "flex", `${missing}: the stylesheet applies`);
        assert.ok(await page.locator(".language-switch a").count() >= 2, "a language switch");
        assert.equal(await page.locator("input[type=search]").count(), 1, "a search box");
        const hrefs = await page.locator("a[href]:not([href^='#'])").evaluateAll((l) => l.map((a) => a.href).filter((h) => h.startsWith("http://127.0.0.1")));
        const action = await page.locator("form.site-search").evaluate((f) => f.action);
        for (const href of [...new Set([...hrefs, action])]) {
          const status = await page.evaluate((u) => fetch(u).then((r) => r.status), href.split("#")[0]);
          assert.equal(status, 200, `${missing}: ${href}`);
        }
        for (const scheme of ["light", "dark"]) {
          await page.emulateMedia({ colorScheme: scheme });
          await axeContrast(page, `${scheme} 404 at ${missing}`);
        }
        await page.emulateMedia({ colorScheme: "light" });
      }
      // The root 404 shows a Dutch reader the Dutch copy, at the address they typed.
      const nl = await launch({ locale: "nl-NL" });
      try {
        const p = await nl.context.newPage();
        await p.goto(server.base + "somewhere/else.html");
        await p.locator("html[lang=nl] .not-found h1").waitFor();
        assert.equal(new URL(p.url()).pathname, "/help/somewhere/else.html");
      } finally {
        await nl.close();
      }
    } finally {
      await server.close();
    }
  });

  test("6. the collapsed navigation is reachable from the keyboard", async () => {
    await page.setViewportSize(PHONE);
    await page.goto(fileUrl(path.join(sample, "nl", "your-device-is-missing-a-preinstalled-certificate-android.html")));
    assert.equal(await page.locator("details.nav-panel").evaluate((d) => d.open), false, "collapsed on a phone");
    assert.ok(await page.locator(".site-toc a").first().isHidden());
    let onSummary = false;
    for (let i = 0; i < 20 && !onSummary; i++) {
      await page.keyboard.press("Tab");
      onSummary = await page.evaluate(() => document.activeElement.matches("details.nav-panel > summary"));
    }
    assert.ok(onSummary, "Tab reaches the navigation toggle");
    const name = await page.evaluate(() => document.activeElement.textContent.trim());
    assert.ok(name.length > 0, "the toggle has a name");
    await page.keyboard.press("Enter");
    assert.equal(await page.locator("details.nav-panel").evaluate((d) => d.open), true);
    await page.keyboard.press("Tab");
    assert.ok(await page.evaluate(() => document.activeElement.closest(".site-toc") !== null && document.activeElement.matches("a")),
      "the next Tab is in the site TOC");
    assert.ok(await page.locator(".site-toc a").first().isVisible());
    // Wide: always open, no toggle.
    await page.setViewportSize(LAPTOP);
    await page.reload();
    assert.equal(await page.locator("details.nav-panel").evaluate((d) => d.open), true);
    assert.ok(await page.locator("details.nav-panel > summary").isHidden());
  });
});
