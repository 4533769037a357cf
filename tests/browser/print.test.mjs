// The printable document of each locale (<locale>/print.html) in Chromium:
// made into a PDF with the README's headless command and with Playwright's
// page.pdf(); every page's H1 in the order of the contents, every
// in-document link reaching its target, the images loaded, from file://
// and served under a strict Content-Security-Policy without a violation.

import { describe, test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { CHROMIUM, build, copySampleSite, fileUrl, launch, missingBrowser, serve } from "./helpers.mjs";

const CSP = "default-src 'self'";
const skip = missingBrowser();

/** The text of a page's own H1, from its HTML file. */
function pageH1(file) {
  const html = fs.readFileSync(file, "utf8");
  const h1 = html.match(/<h1[^>]*>([\s\S]*?)<\/h1>/)[1];
  return h1.replace(/<[^>]*>/g, "").replace(/&amp;/g, "&").trim();
}

/** Pages in a PDF, counted from its page objects. */
function pdfPages(bytes) {
  return (bytes.toString("latin1").match(/\/Type\s*\/Page[^s]/g) || []).length;
}

describe("the printable document", { skip: skip || false }, () => {
  let tmp, site, out, browser, server;
  before(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "helpsite-print-"));
    site = copySampleSite();
    out = path.join(tmp, "out");
    build(site, out);
    browser = await launch();
    server = await serve(out, "/help/", { csp: CSP });
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
    fs.rmSync(site, { recursive: true, force: true });
  });

  test("the README's headless Chromium command makes a PDF of every page, each on its own sheets", () => {
    const pdf = path.join(tmp, "help.pdf");
    const doc = path.join(out, "nl", "print.html");
    execFileSync(CHROMIUM, ["--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer", `--print-to-pdf=${pdf}`, doc], { stdio: "ignore", timeout: 120000 });
    const bytes = fs.readFileSync(pdf);
    assert.equal(bytes.subarray(0, 5).toString(), "%PDF-");
    const sections = (fs.readFileSync(doc, "utf8").match(/<article class="print-page"/g) || []).length;
    assert.equal(sections, 5);
    // The cover and contents, then each page from a new sheet.
    assert.ok(pdfPages(bytes) >= sections + 1, `${pdfPages(bytes)} sheets for ${sections} pages`);
  });

  /** One locale's document, opened from disk, on screen and printed. */
  async function checkDocument(locale) {
    const page = await browser.context.newPage();
    await page.goto(fileUrl(path.join(out, locale, "print.html")));
    await page.waitForLoadState("load");
    const found = await page.evaluate(() => {
      const sections = [...document.querySelectorAll("article.print-page")];
      const links = [...document.querySelectorAll("a[href^='#']")].map((a) => decodeURIComponent(a.getAttribute("href").slice(1)));
      const ids = [...document.querySelectorAll("[id]")].map((e) => e.id);
      return {
        sections: sections.map((s) => ({ id: s.id, heading: s.querySelector("h2").textContent.trim() })),
        contents: [...document.querySelectorAll(".print-contents a")].map((a) => a.getAttribute("href").slice(1)),
        missing: links.filter((id) => !document.getElementById(id) && document.getElementsByName(id).length === 0),
        repeated: ids.filter((id, i) => ids.indexOf(id) !== i),
        images: [...document.images].map((i) => ({ src: i.getAttribute("src"), ok: i.complete && i.naturalWidth > 0 })),
        h1: [...document.querySelectorAll("h1")].length,
      };
    });
    const expected = found.sections.map((s) => {
      const rel = s.id === "page-index" ? "index" : s.id.replace(/^page-/, "").replaceAll(".", "/");
      return pageH1(path.join(out, locale, `${rel}.html`));
    });
    assert.deepEqual(found.sections.map((s) => s.heading), expected, "every page's H1, in order");
    assert.deepEqual(found.contents, found.sections.map((s) => s.id), "the contents list the sections in order");
    assert.equal(found.h1, 1, "the document's own H1 only");
    assert.deepEqual(found.missing, [], "every in-document link has its target");
    assert.deepEqual(found.repeated, [], "every id once");
    assert.ok(found.images.length >= 3, `${found.images.length} images`);
    assert.deepEqual(found.images.filter((i) => !i.ok), [], "every image loaded");

    await page.emulateMedia({ media: "print" });
    const printed = await page.evaluate(() => {
      const external = document.querySelector(".print-page a[href^='https://']");
      return {
        url: external && getComputedStyle(external, "::after").content,
        breaks: [...document.querySelectorAll("article.print-page")].map((a) => getComputedStyle(a).breakBefore),
        tallest: Math.max(...[...document.images].map((i) => i.getBoundingClientRect().height)),
      };
    });
    assert.ok(printed.url && printed.url.includes("https://"), `external URLs shown: ${printed.url}`);
    assert.ok(printed.breaks.every((b) => b === "page"), `a new sheet for each page: ${printed.breaks}`);
    // 230 mm at 96 px per inch: no screenshot taller than a sheet's text.
    assert.ok(printed.tallest <= 870, `tallest image ${printed.tallest}px`);
    for (const format of ["A4", "Letter"]) {
      const pdf = await page.pdf({ format, printBackground: false });
      assert.equal(pdf.subarray(0, 5).toString(), "%PDF-");
      assert.ok(pdfPages(pdf) >= found.sections.length + 1, `${format}: ${pdfPages(pdf)} sheets`);
    }
    await page.close();
  }

  test("nl: H1s in order, in-document links that land, images loaded, PDF on A4 and Letter, from file://", () => checkDocument("nl"));
  test("en: H1s in order, in-document links that land, images loaded, PDF on A4 and Letter, from file://", () => checkDocument("en"));

  test("served under default-src 'self': no CSP violation, no request outside the site", async () => {
    const page = await browser.context.newPage();
    const violations = [];
    page.on("console", (m) => {
      if (/Content Security Policy/.test(m.text())) violations.push(m.text());
    });
    const failed = [];
    page.on("requestfailed", (r) => failed.push(r.url()));
    await page.goto(`${server.base}nl/print.html`);
    await page.waitForLoadState("load");
    assert.deepEqual(violations, []);
    assert.deepEqual(failed, []);
    assert.deepEqual(browser.external, []);
    // The home leads to it.
    await page.goto(`${server.base}nl/index.html`);
    await page.click(".print-link a");
    await page.waitForURL(/print\.html$/);
    assert.equal(await page.locator("h1").textContent(), "De hele help");
    await page.close();
  });
});
