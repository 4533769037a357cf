// The site as a Dutch reader meets it under a base path, in headless
// Chromium: the site's name in Dutch, a missed address that stays what the
// reader typed while the 404 speaks Dutch, an unknown help ID that says so
// on the search page, and an icon that is asked for inside the base path,
// never as /favicon.ico at the server's root.

import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";

import { build, copySampleSite, fileUrl, launch, missingBrowser, searchFromBox, serve } from "./helpers.mjs";

const skip = missingBrowser();
if (skip) console.log(`# SKIP browser tests: ${skip}`);

describe("the site's name, the 404 page, go/ addresses and the icon", { skip: skip || false }, () => {
  let site, out;

  before(() => {
    site = copySampleSite();
    out = path.join(site, "public");
    build(site, out);
  });

  after(() => {
    if (site) fs.rmSync(site, { recursive: true, force: true });
  });

  test("each locale's pages and the chooser show the site's name in their language", async () => {
    const { context, close } = await launch({ locale: "nl-NL" });
    try {
      const page = await context.newPage();
      const named = async (rel) => {
        await page.goto(fileUrl(path.join(out, rel)));
        return { header: (await page.locator(".site-title").textContent()).trim(), tab: await page.title() };
      };
      const nl = await named("nl/connect-to-company-wifi.html");
      assert.equal(nl.header, "Bedrijfshulp");
      assert.match(nl.tab, / – Bedrijfshulp$/);
      const en = await named("en/connect-to-company-wifi.html");
      assert.equal(en.header, "Company help");
      assert.match(en.tab, / – Company help$/);
      const search = await named("nl/search.html");
      assert.match(search.tab, /\| Bedrijfshulp$/);
    } finally {
      await close();
    }
    // A reader whose language the site lacks stays on the chooser: each
    // language's name of the site, in that language.
    const french = await launch({ locale: "fr-FR" });
    try {
      const page = await french.context.newPage();
      await page.goto(fileUrl(path.join(out, "index.html")));
      const names = await page.locator(".language-list li").evaluateAll((items) =>
        items.map((li) => [li.lang, li.querySelector(".language-site").textContent]),
      );
      assert.deepEqual(names, [["en", "Company help"], ["nl", "Bedrijfshulp"]]);
    } finally {
      await french.close();
    }
  });

  test("under /help/, every page's icon is inside the base path and nothing is asked outside it", async () => {
    const server = await serve(out, "/help/", { notFoundPages: true });
    const { context, close } = await launch({ locale: "nl-NL" });
    try {
      const page = await context.newPage();
      for (const rel of ["en/index.html", "nl/connect-to-company-wifi.html", "nl/search.html?q=wifi", "a/b/missing.html"]) {
        await page.goto(server.base + rel);
        await page.waitForLoadState("load");
        const icons = await page.locator("link[rel~=icon]").evaluateAll((links) => links.map((l) => l.href));
        assert.equal(icons.length, 1, `${rel}: one icon link`);
        assert.equal(icons[0], server.base + "icon.svg", rel);
      }
      await page.waitForTimeout(1000);
      const outside = server.requests.filter((r) => !r.startsWith("/help/"));
      assert.deepEqual(outside, [], "no request outside /help/, /favicon.ico among them");
    } finally {
      await close();
      await server.close();
    }
  });

  test("a missed address keeps what the reader typed and shows the Dutch 404, whose search works", async () => {
    const server = await serve(out, "/help/", { notFoundPages: true });
    const { context, close } = await launch({ locale: "nl-NL" });
    try {
      const page = await context.newPage();
      const errors = [];
      page.on("pageerror", (e) => errors.push(e.message));
      const typed = server.base + "EndUser/old-name.html?from=app#step-2";
      await page.goto(typed);
      await page.locator("html[lang=nl] .not-found h1").waitFor();
      assert.equal(page.url(), typed, "the address bar keeps the typed URL");
      assert.equal((await page.locator(".not-found h1").textContent()).trim(), "Pagina niet gevonden");
      assert.equal(await page.title(), "Pagina niet gevonden | Bedrijfshulp");
      assert.equal((await page.locator(".site-title").textContent()).trim(), "Bedrijfshulp");
      // The Dutch copy's search box is set up, and searches the Dutch index.
      const links = await searchFromBox(page, "wifi");
      assert.ok(links.length > 0 && links.every((href) => href.startsWith(server.base + "nl/")), links.join("\n"));
      assert.equal(page.url(), typed);
      assert.deepEqual(errors, []);
    } finally {
      await close();
      await server.close();
    }
  });

  test("an unknown help ID lands on search, which says the ID is unknown", async () => {
    const server = await serve(out, "/help/", { notFoundPages: true });
    const { context, close } = await launch({ locale: "nl-NL" });
    try {
      const page = await context.newPage();
      await page.goto(`${server.base}go/CERT-EXPIRED.html`);
      await page.waitForURL(/\/nl\/search\.html\?q=/, { timeout: 15000 });
      const notice = page.locator("#search-page-unknown-id");
      await notice.waitFor();
      assert.equal((await notice.textContent()).trim(), "Help-ID “CERT-EXPIRED” is onbekend; zoekresultaten voor “cert expired”:");
      // A query of the reader's own is no longer the ID's.
      await page.locator("#site-search-input").fill("wifi");
      await page.waitForFunction(() => document.getElementById("search-page-unknown-id").hidden);
    } finally {
      await close();
      await server.close();
    }
  });
});
