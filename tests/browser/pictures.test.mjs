// Published pictures in Chromium: every <img> of the sample (and of the
// corpus, where ../shared has it) carries its natural size or its author's,
// the first of a page loads at once and the rest lazily, and a <picture>
// makes the browser load the WebP, from disk and under default-src 'self'.

import { describe, test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { REPO, build, copySampleSite, fileUrl, launch, missingBrowser, serve } from "./helpers.mjs";

const MAKE_SITE = path.resolve(REPO, "..", "shared", "bench", "make-site.py");
const CSP = "default-src 'self'";
const skip = missingBrowser();

const PICTURES = `# Pictures

![The sign-in error](media/cert-missing-error.png)

![The download page](media/browser-download-cert.png)

<img src="media/it-cert-install.png" width="90" height="160" alt="Author's size">

[![Naming the certificate](media/name-the-certificate.png)](media/name-the-certificate.png#lightbox)
`;

/** Every page with a <main> that shows a picture. */
function pagesWithPictures(out) {
  const pages = [];
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith(".html") && fs.readFileSync(p, "utf8").includes("<img")) pages.push(p);
    }
  };
  walk(out);
  return pages.sort();
}

/** Each <img> of the page's <main>: its attributes as written, then its natural size once loaded. */
async function pictures(page) {
  const written = await page.evaluate(() => [...document.querySelectorAll("main img")].map((img) => ({
    src: img.getAttribute("src"),
    alt: img.alt,
    width: img.getAttribute("width"),
    height: img.getAttribute("height"),
    loading: img.getAttribute("loading"),
  })));
  // Lazy pictures load only near the view: ask for each now.
  await page.evaluate(() => document.querySelectorAll("main img").forEach((img) => { img.loading = "eager"; }));
  await page.waitForFunction(() => [...document.querySelectorAll("main img")].every((img) => img.complete));
  const natural = await page.evaluate(() => [...document.querySelectorAll("main img")].map((img) => ({
    naturalWidth: img.naturalWidth,
    naturalHeight: img.naturalHeight,
    current: img.currentSrc,
  })));
  return written.map((w, i) => ({ ...w, ...natural[i] }));
}

function assertSized(file, found) {
  assert.ok(found.length > 0, file);
  found.forEach((img, i) => {
    const where = `${file} #${i} ${img.src}`;
    if (img.alt === "Author's size") {
      assert.deepEqual([img.width, img.height], ["90", "160"], where);
    } else {
      assert.ok(img.naturalWidth > 0, `${where} did not load`);
      assert.deepEqual([img.width, img.height], [String(img.naturalWidth), String(img.naturalHeight)], where);
    }
    // A printable document loads every picture before it is printed.
    const printed = /(^|\/)print(-\d+)?\.html$/.test(file);
    assert.equal(img.loading, i === 0 || printed ? null : "lazy", where);
  });
}

describe("pictures sized and light", { skip: skip || false }, () => {
  let tmp, out, corpus, browser;

  before(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "helpsite-pictures-"));
    const site = copySampleSite();
    fs.writeFileSync(path.join(site, "content", "en", "pictures.md"), PICTURES);
    out = path.join(tmp, "out");
    build(site, out);
    fs.rmSync(site, { recursive: true, force: true });
    if (fs.existsSync(MAKE_SITE)) {
      const corpusSite = path.join(tmp, "corpus-site");
      execFileSync("python3", [MAKE_SITE, "--project", REPO, "--copies", "1", "--out", corpusSite], { stdio: "ignore" });
      corpus = path.join(tmp, "corpus-out");
      try {
        build(corpusSite, corpus, ["--keep-going"]);
      } catch (e) {
        // The corpus has broken links: the build exits 1 and writes every page.
        if (!fs.existsSync(path.join(corpus, "en", "index.html"))) throw e;
      }
    } else {
      if (process.env.CI === "true") throw new Error(`the corpus (${MAKE_SITE}) is missing`);
      console.log(`SKIPPED corpus pictures: ${MAKE_SITE} is missing`);
    }
    browser = await launch();
  });

  after(async () => {
    await browser?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  test("every picture has its natural size or its author's, the first eager and the rest lazy", async () => {
    const server = await serve(out, "/help/", { csp: CSP });
    const page = await browser.context.newPage();
    const violations = [];
    page.on("console", (m) => { if (/Content Security Policy/.test(m.text())) violations.push(m.text()); });
    try {
      const sample = pagesWithPictures(out);
      assert.ok(sample.length >= 4, "the sample's pictures and the test page");
      for (const file of sample) {
        await page.goto(server.base + path.relative(out, file).split(path.sep).join("/"));
        assertSized(file, await pictures(page));
      }
      let corpusPages = 0;
      for (const file of corpus ? pagesWithPictures(corpus) : []) {
        await page.goto(fileUrl(file));
        assertSized(file, await pictures(page));
        corpusPages += 1;
      }
      if (corpus) assert.ok(corpusPages >= 50, `${corpusPages} corpus pages with pictures`);
      assert.deepEqual(violations, []);
    } finally {
      await page.close();
      await server.close();
    }
  });

  test("Chromium loads the WebP, from disk and under default-src 'self'", async () => {
    const server = await serve(out, "/help/", { csp: CSP });
    const page = await browser.context.newPage();
    try {
      for (const url of [server.base + "en/pictures.html", fileUrl(path.join(out, "en", "pictures.html"))]) {
        await page.goto(url);
        const found = await pictures(page);
        const offered = found.filter((img) => img.alt !== "Author's size");
        assert.equal(offered.length, 3, url);
        for (const img of offered) assert.match(img.current, /\.png\.webp$/, `${url}: ${img.src}`);
        assert.equal(await page.locator("main picture > source[type='image/webp'] + img").count(), 4);
      }
      const loaded = server.requests.filter((r) => r.includes("/media/"));
      assert.ok(loaded.some((r) => r.endsWith(".png.webp")), loaded.join(" "));
      assert.ok(!loaded.some((r) => r.endsWith("cert-missing-error.png")), `the PNG stays unloaded: ${loaded.join(" ")}`);
    } finally {
      await page.close();
      await server.close();
    }
  });
});
