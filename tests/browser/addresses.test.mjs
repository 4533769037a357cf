// Browser tests of stable addresses in headless Chromium: an app's link to
// go/<ID>.html lands on the page in the reader's language (browser language
// nl or en, ?lang=, #fragment kept) from file://, from the unzipped --zip and
// over http under a base path; an unknown ID searches for its words; and
// after pages are renamed and `check --against --fix` has run, every address
// of the earlier release still lands on the same page.

import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";

import { build, copySampleSite, fileUrl, helpsiteBinary, launch, missingBrowser, serve } from "./helpers.mjs";

const skip = missingBrowser();
if (skip) console.log(`# SKIP browser tests: ${skip}`);

const readJson = (file) => JSON.parse(fs.readFileSync(file, "utf8"));

/** The text of a built page's <h1>, read from the file, not through the browser. */
function h1Of(file) {
  const m = /<h1[^>]*>([\s\S]*?)<\/h1>/.exec(fs.readFileSync(file, "utf8"));
  return m ? m[1].replace(/<[^>]*>/g, "").trim() : "";
}

/** Waits until the tab shows no redirect or go/ page any more; returns its URL. */
async function landed(page) {
  const until = Date.now() + 15000;
  while (Date.now() < until) {
    try {
      await page.waitForLoadState("load");
      const passing = await page.locator("main.redirect, main.go-page").count();
      if (passing === 0) return page.url();
    } catch (e) {
      // The document went away under us: it is navigating on.
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`still on ${page.url()}`);
}

/** Opens `url` and returns where the reader lands: path relative to `root` (a URL prefix), hash, heading. */
async function follow(page, url, root) {
  await page.goto(url);
  const at = new URL(await landed(page));
  const rel = decodeURIComponent((at.origin === "null" ? "file://" : at.origin) + at.pathname).slice(root.length);
  return { rel, hash: at.hash, search: at.search, h1: (await page.locator("h1").first().textContent()).trim() };
}

function check(site, args) {
  return spawnSync(helpsiteBinary(), ["check", "--root", site, ...args], { encoding: "utf8" });
}

describe("addresses", { skip: skip || false }, () => {
  let site, out, ids, tmp;

  before(() => {
    site = copySampleSite();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "helpsite-addresses-"));
    out = path.join(tmp, "public");
    build(site, out, ["--zip", path.join(tmp, "help.zip")]);
    ids = readJson(path.join(out, "help-ids.json"));
  });

  after(() => {
    fs.rmSync(site, { recursive: true, force: true });
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  /** Every go/ page under `root` (a URL prefix of the output) in a browser whose language is `locale`. */
  async function goPagesLand(locale, expectLocale, root) {
    const { context, external, close } = await launch({ locale });
    try {
      const page = await context.newPage();
      const errors = [];
      page.on("pageerror", (e) => errors.push(e.message));
      const helpIds = Object.keys(ids.help_ids);
      assert.deepEqual(helpIds, ["CERT-IT-REQUIRED", "CERT-MISSING", "CERT-PREINSTALLED"]);
      for (const id of helpIds) {
        const target = ids.help_ids[id].pages[expectLocale].url;
        const got = await follow(page, `${root}go/${id}.html`, root);
        assert.equal(got.rel, target, `${locale} reader of ${id}`);
        assert.equal(got.h1, h1Of(path.join(out, target)), `${id} shows its page's heading`);
      }
      // The fragment passes through, and ?lang= wins over the browser's language.
      const other = expectLocale === "nl" ? "en" : "nl";
      const cert = ids.help_ids["CERT-MISSING"].pages;
      const withFragment = await follow(page, `${root}go/CERT-MISSING.html#how-to-fix-it`, root);
      assert.deepEqual([withFragment.rel, withFragment.hash], [cert[expectLocale].url, "#how-to-fix-it"]);
      assert.equal(await page.locator("#how-to-fix-it, [name='how-to-fix-it']").count() > 0, true);
      const forced = await follow(page, `${root}go/CERT-MISSING.html?lang=${other}#still-need-help`, root);
      assert.deepEqual([forced.rel, forced.hash], [cert[other].url, "#still-need-help"]);
      assert.deepEqual(errors, []);
      assert.deepEqual(external, [], "nothing is loaded from the network");
    } finally {
      await close();
    }
  }

  test("go/ pages from file:// send nl and en readers to the page in their language", async () => {
    const root = fileUrl(out) + "/";
    await goPagesLand("nl-NL", "nl", root);
    await goPagesLand("en-GB", "en", root);
    // A language the site lacks: the default locale.
    await goPagesLand("fr-FR", "en", root);
  });

  test("go/ pages work over http under base_path and from the unzipped --zip", async () => {
    const server = await serve(out, "/help/", { notFoundPages: true });
    try {
      await goPagesLand("nl-BE", "nl", server.base);
      await goPagesLand("en-US", "en", server.base);
    } finally {
      await server.close();
    }
    const unzipped = path.join(tmp, "unzipped");
    execFileSync("python3", ["-m", "zipfile", "-e", path.join(tmp, "help.zip"), unzipped]);
    const folder = fs.readdirSync(unzipped)[0];
    await goPagesLand("nl-NL", "nl", fileUrl(path.join(unzipped, folder)) + "/");
  });

  test("a malformed ?lang= escape still sends the reader on, from go/ pages and the 404 page", async () => {
    const { context, close } = await launch({ locale: "nl-NL" });
    const server = await serve(out, "/help/", { notFoundPages: true });
    try {
      const page = await context.newPage();
      const errors = [];
      page.on("pageerror", (e) => errors.push(e.message));
      const root = fileUrl(out) + "/";
      const got = await follow(page, `${root}go/CERT-MISSING.html?lang=%E0#how-to-fix-it`, root);
      // Not a language: the browser's own decides.
      assert.deepEqual([got.rel, got.hash], [ids.help_ids["CERT-MISSING"].pages.nl.url, "#how-to-fix-it"]);
      await page.goto(`${server.base}go/CERT-EXPIRED.html?lang=%E0`);
      await page.waitForURL(/\/nl\/search\.html\?q=/, { timeout: 15000 });
      assert.equal(new URL(page.url()).searchParams.get("q"), "cert expired");
      assert.deepEqual(errors, []);
    } finally {
      await close();
      await server.close();
    }
  });

  test("an unknown help ID over http opens the search page with the ID's words", async () => {
    const server = await serve(out, "/help/", { notFoundPages: true });
    const { context, close } = await launch({ locale: "nl-NL" });
    try {
      const page = await context.newPage();
      await page.goto(`${server.base}go/CERT-EXPIRED.html`);
      await page.waitForURL(/\/nl\/search\.html\?q=/, { timeout: 15000 });
      const url = new URL(page.url());
      assert.equal(url.pathname, "/help/nl/search.html");
      assert.equal(url.searchParams.get("q"), "cert expired");
      assert.equal(await page.locator("#site-search-input").inputValue(), "cert expired");
    } finally {
      await close();
      await server.close();
    }
  });

  test("after a rename, check --against fails, --fix mends it, and every old URL lands on its page", async () => {
    const work = copySampleSite();
    try {
      const release1 = path.join(work, "release-1");
      build(work, release1);
      const old = readJson(path.join(release1, "urls.json"));
      // Release 2 renames two pages in both languages (their ms.assetid stays).
      const renames = {
        "your-device-is-missing-a-required-certificate-android.md": "certificates/missing-required-certificate.md",
        "your-device-is-missing-a-preinstalled-certificate-android.md": "missing-preinstalled-certificate-android.md",
      };
      for (const locale of ["en", "nl"]) {
        for (const [from, to] of Object.entries(renames)) {
          const dest = path.join(work, "content", locale, to);
          fs.mkdirSync(path.dirname(dest), { recursive: true });
          let text = fs.readFileSync(path.join(work, "content", locale, from), "utf8");
          // Links and images in a page moved to a subfolder start one level up.
          if (to.includes("/")) text = text.replace(/\]\((?!https?:|#)/g, "](../");
          fs.writeFileSync(dest, text);
          fs.rmSync(path.join(work, "content", locale, from));
        }
      }
      const against = ["--against", path.join(release1, "urls.json")];
      const failed = check(work, [...against, "--format", "json"]);
      assert.equal(failed.status, 1, failed.stderr);
      const vanished = JSON.parse(failed.stdout).diagnostics.filter((d) => d.code === "vanished-url");
      assert.equal(vanished.length, 4, failed.stdout);
      for (const d of vanished) assert.match(d.suggestion, /redirect_from: \[/);

      const fixed = check(work, [...against, "--fix"]);
      assert.equal(fixed.status, 0, fixed.stderr);
      const passes = check(work, against);
      assert.equal(passes.status, 0, passes.stderr);

      const release2 = path.join(work, "release-2");
      build(work, release2);
      const { context, close } = await launch({ locale: "nl-NL" });
      try {
        const page = await context.newPage();
        const root = fileUrl(release2) + "/";
        for (const entry of old.pages) {
          const anchor = (entry.anchors || []).find((a) => a !== (entry.anchors || [])[0]) || "";
          const got = await follow(page, root + entry.url + (anchor ? `#${anchor}` : ""), root);
          assert.equal(got.h1, h1Of(path.join(release1, entry.url)), `${entry.url} → ${got.rel}`);
          assert.equal(got.hash, anchor ? `#${anchor}` : "", `${entry.url}: the fragment passes`);
          if (anchor) {
            assert.ok(await page.locator(`[id="${anchor}"], [name="${anchor}"]`).count() > 0, `${got.rel}#${anchor}`);
          }
        }
      } finally {
        await close();
      }
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
  });
});
