// Search results that link into the section that matched: the heading's
// anchor on the result's link, the heading under the title, the snippet
// from under it, and highlighting of what scored. On the sample site with
// pages of our own (a long one, hostile headings, no headings) and, when
// ../shared is there, on the real corpus. All from file://.

import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import vm from "node:vm";
import { after, before, describe, test } from "node:test";

import { REPO, build, buildCorpus, copySampleSite, fileUrl, launch, missingBrowser, searchFromBox } from "./helpers.mjs";

const skip = missingBrowser();

/** A long page: 40 sections of filler, the answer in section 37. */
function longPage() {
  let md = "---\ntitle: Lange handleiding\n---\n# Lange handleiding\n\nInleiding over de app.\n\n";
  for (let i = 1; i <= 40; i++) {
    md += `## Stap ${i}: instellingen deel ${i}\n\n`;
    md += i === 37 ? "Koppel de labelprinter via Bluetooth: houd de koppelknop vijf seconden ingedrukt.\n\n" : `Algemene tekst over onderdeel ${i} van de app en het apparaat.\n\n`;
    if (i % 5 === 0) md += `### Details bij stap ${i}\n\nMeer over onderdeel ${i}.\n\n`;
  }
  return md;
}

/** Headings with markup, entities, right-to-left text, emoji and astral letters. */
const HOSTILE_HEADINGS = `---
title: Vreemde koppen
---
# Vreemde koppen

Tekst bovenaan zonder kop.

## Het *wachtwoord* &amp; de \`pincode\` <em>wijzigen</em>

Hier staat iets over kiwizaad.

## שלום עולם – مرحبا 🔑 bij de 😀 grens

Het zeldzame woord bramenjam staat hier, na emoji 𝔘𝔫𝔦.

### 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 &lt;script&gt;alert(1)&lt;/script&gt; kop

Onder deze kop staat pruimenmoes.
`;

const NO_HEADINGS = "---\ntitle: Zonder koppen\n---\n# Zonder koppen\n\nAlleen tekst over walnotenbrood, geen kopjes.\n";

/** 5,000 headings with long text each; the last section holds the answer. */
function manyHeadings() {
  let md = "---\ntitle: Duizenden koppen\n---\n# Duizenden koppen\n\n";
  const long = "lang ".repeat(30);
  for (let i = 0; i < 5000; i++) {
    md += `## Kop ${i} ${long}\n\n${i === 4999 ? "Het laatste deel gaat over vijgenbrood." : "Vulling."}\n\n`;
  }
  return md;
}

/** The type-ahead's first result: its link, heading and snippet. */
async function firstResult(page, query) {
  await searchFromBox(page, query);
  const first = page.locator("#site-search-results .search-result a").first();
  const heading = first.locator(".search-result-heading");
  const url = await first.evaluate((a) => a.href);
  return {
    // The page and fragment the link opens, e.g. "page.html#heading".
    href: decodeURIComponent(url.split("/").pop()),
    url,
    heading: (await heading.count()) ? await heading.textContent() : null,
    snippet: await first.locator(".search-result-snippet").textContent(),
    name: await first.evaluate((a) => a.innerText),
  };
}

/** Opens every result link of `queries` (type-ahead and search page) and
 * checks that each fragment names an element of the page it opens. */
async function everyAnchorExists(context, startPage, queries) {
  const page = await context.newPage();
  await page.goto(startPage);
  const links = new Set();
  for (const q of queries) {
    for (const href of await searchFromBox(page, q)) links.add(href);
    const searchUrl = new URL("search.html?q=" + encodeURIComponent(q), startPage).href;
    const results = await context.newPage();
    await results.goto(searchUrl);
    await results.locator("#search-page-results .search-result, #search-page-status").first().waitFor();
    await results.waitForFunction(() => document.getElementById("search-page-status").textContent !== "");
    for (const href of await results.locator("#search-page-results .search-result a").evaluateAll((l) => l.map((a) => a.href))) links.add(href);
    await results.close();
  }
  const anchored = Array.from(links).filter((l) => l.includes("#"));
  const target = await context.newPage();
  for (const link of anchored) {
    await target.goto(link);
    const id = decodeURIComponent(new URL(link).hash.slice(1));
    assert.ok(await target.evaluate((i) => !!document.getElementById(i), id), `${link}: no element with id "${id}"`);
  }
  await target.close();
  await page.close();
  return anchored.length;
}

describe("search sections", { skip: skip || false }, () => {
  let site, out, browser, tmp;

  before(async () => {
    site = copySampleSite();
    const nl = path.join(site, "content", "nl");
    fs.writeFileSync(path.join(nl, "lange-handleiding.md"), longPage());
    fs.writeFileSync(path.join(nl, "vreemde-koppen.md"), HOSTILE_HEADINGS);
    fs.writeFileSync(path.join(nl, "zonder-koppen.md"), NO_HEADINGS);
    fs.writeFileSync(path.join(nl, "duizenden-koppen.md"), manyHeadings());
    out = path.join(site, "public");
    build(site, out, ["--keep-going"]);
    browser = await launch();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "helpsite-search-"));
  });

  after(async () => {
    if (browser) await browser.close();
    if (site) fs.rmSync(site, { recursive: true, force: true });
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  test("1. an answer deep in a long page links to its heading, shows it, and lands there from file://", async () => {
    const page = await browser.context.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(fileUrl(path.join(out, "nl", "index.html")));
    const r = await firstResult(page, "labelprinter koppelknop");
    assert.equal(r.href.split("#")[0], "lange-handleiding.html", JSON.stringify(r));
    assert.equal(r.href.split("#")[1], "stap-37-instellingen-deel-37", JSON.stringify(r));
    assert.equal(r.heading, " › , Stap 37: instellingen deel 37");
    // Screen readers hear "title, heading": the arrow is hidden from them.
    assert.equal(await page.locator("#site-search-results .search-result-heading [aria-hidden=true]").first().textContent(), " › ");
    assert.ok(r.snippet.includes("labelprinter"), r.snippet);
    assert.ok(!r.snippet.includes("onderdeel 36"), `the snippet stays in its section: ${r.snippet}`);
    // Clicking lands at the heading.
    await Promise.all([page.waitForURL(/#stap-37/), page.locator("#site-search-results .search-result a").first().click()]);
    assert.equal(await page.evaluate(() => document.querySelector(":target")?.textContent.trim()), "Stap 37: instellingen deel 37");
    // The browser scrolls once the page has laid out: wait for the heading to be in view.
    await page.waitForFunction(() => {
      const box = document.querySelector(":target").getBoundingClientRect();
      return box.top >= 0 && box.bottom <= innerHeight / 2;
    });

    // The search page links the same way.
    await page.goto(fileUrl(path.join(out, "nl", "search.html")) + "?q=labelprinter");
    const link = page.locator("#search-page-results .search-result a").first();
    await link.waitFor();
    assert.equal(await link.evaluate((a) => a.href.split("/").pop()), "lange-handleiding.html#stap-37-instellingen-deel-37");
    assert.equal(await link.locator(".search-result-heading").textContent(), " › , Stap 37: instellingen deel 37");
    // A match in the part before the first heading links to the page itself.
    await page.goto(fileUrl(path.join(out, "nl", "search.html")) + "?q=inleiding");
    await page.locator("#search-page-results .search-result a").first().waitFor();
    const intro = await page.locator("#search-page-results .search-result a").evaluateAll((l) => l.map((a) => a.href.split("/").pop()));
    assert.ok(intro.includes("lange-handleiding.html"), intro.join(" "));
    assert.deepEqual(errors, []);
    await page.close();
  });

  test("2. hostile headings: markup, entities, right-to-left, emoji, 5,000 long ones, none at all", async () => {
    const page = await browser.context.newPage();
    await page.goto(fileUrl(path.join(out, "nl", "index.html")));
    const cases = [
      ["kiwizaad", "Het wachtwoord & de pincode wijzigen"],
      ["bramenjam", "שלום עולם – مرحبا 🔑 bij de 😀 grens"],
      ["pruimenmoes", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 <script>alert(1)</script> kop"],
    ];
    for (const [word, heading] of cases) {
      const r = await firstResult(page, word);
      assert.equal(r.href.split("#")[0], "vreemde-koppen.html", word);
      assert.ok(r.href.includes("#"), `${word} links into a section: ${r.href}`);
      assert.equal(r.heading, " › , " + heading, word);
      assert.ok(r.snippet.includes(word), `${word}: ${r.snippet}`);
    }
    assert.equal(await page.locator("#site-search-results script").count(), 0, "heading text is never HTML");
    const none = await firstResult(page, "walnotenbrood");
    assert.equal(none.href, "zonder-koppen.html");
    assert.equal(none.heading, null);
    const many = await firstResult(page, "vijgenbrood");
    assert.ok(many.href.startsWith("duizenden-koppen.html#kop-4999"), many.href);
    assert.ok(many.heading.length < 140, `a long heading is cut: ${many.heading.length}`);
    const anchors = await everyAnchorExists(browser.context, fileUrl(path.join(out, "nl", "index.html")), ["kiwizaad", "bramenjam", "pruimenmoes", "vijgenbrood", "labelprinter", "details stap"]);
    assert.ok(anchors >= 5, `results linked into sections: ${anchors}`);
    await page.close();
  });

  test("3. on the corpus, every result link of a few queries lands on an id of its page", async () => {
    const corpus = buildCorpus(tmp);
    if (!corpus) return;
    const en = await everyAnchorExists(browser.context, fileUrl(path.join(corpus, "en", "index.html")), ["encryption settings", "passcode", "work profile", "company portal certificate"]);
    const nl = await everyAnchorExists(browser.context, fileUrl(path.join(corpus, "nl", "index.html")), ["versleuteling", "wachtwoord", "werkprofiel"]);
    assert.ok(en > 3 && nl > 3, `results linked into sections: en ${en}, nl ${nl}`);
  });
});

describe("highlighting what scored", () => {
  /** search-core.js and search-show.js in one function scope, as in
   * helpsite.js, with a document that builds plain objects. */
  function show() {
    const node = (tag) => ({
      tag,
      children: [],
      attributes: {},
      className: "",
      textContent: "",
      appendChild(c) {
        this.children.push(c);
      },
      setAttribute(k, v) {
        this.attributes[k] = v;
      },
    });
    const document = { createElement: node, createTextNode: (t) => ({ tag: "#text", textContent: t, children: [] }) };
    const source = ["search-core.js", "search-show.js"].map((f) => fs.readFileSync(path.join(REPO, "js", f), "utf8")).join("\n");
    const run = vm.runInNewContext(`(function (document) {\n"use strict";\n${source}\nreturn { resultItem, openedIndex };\n})`);
    return run(document);
  }

  const marked = (el) => (el.tag === "mark" ? [el.textContent] : el.children.flatMap(marked));

  function item(scored) {
    const s = show();
    const index = s.openedIndex("en", "search-index.js", { per: 8 }, null);
    index.wordStems.set("docs", "doc");
    index.pages[0] = [["a.html", "Docs on how to do it", "Read the docs. How to do it. Setup Doing more docs here.", "", [[29, "setup", 5]]]];
    const matched = new Set(["do", "doc"]);
    const result = { doc: 0 };
    if (scored) result.scored = scored;
    const li = s.resultItem(index, "", result, matched);
    return { marks: marked(li), href: li.children[0].href };
  }

  test("4. only stems in result.scored are marked; without it, every matched stem", () => {
    // "do" typed, and only "do" scored: "Docs" is not marked.
    assert.deepEqual(item(new Set(["do"])).marks, ["do", "do"]);
    assert.deepEqual(item(new Set(["doc"])).marks, ["Docs", "docs"]);
    assert.deepEqual(item(null).marks, ["Docs", "do", "docs", "do"]);
    // The section follows what scored too: "docs" is densest under "Setup".
    assert.equal(item(new Set(["doc"])).href, "a.html#setup");
    assert.equal(item(new Set(["do"])).href, "a.html");
  });
});
