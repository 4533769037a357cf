// Screenshots of the key pages of the bundled site, at a phone's and a
// laptop's width, in light and dark (with the golden fixture's page of DocFX
// classes and its lightbox), for reviewing the theme without setting anything
// up:
//
//     node tests/browser/screenshots.mjs [out-dir]     (default: /tmp/helpsite-screenshots)
//
// Needs what the browser tests need (.ci/install-browser.sh). Builds the
// site with target/debug/helpsite (or $HELPSITE_BIN). Writes PNGs only; they
// are not for committing.

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { addDocfxClassesPage, build, copySampleSite, fileUrl, launch, serve } from "./helpers.mjs";

const outDir = path.resolve(process.argv[2] || path.join(os.tmpdir(), "helpsite-screenshots"));
const WIDTHS = { phone: { width: 390, height: 844 }, laptop: { width: 1366, height: 900 } };

const site = copySampleSite();
addDocfxClassesPage(site);
const built = fs.mkdtempSync(path.join(os.tmpdir(), "helpsite-shots-"));
build(site, built);
fs.mkdirSync(outDir, { recursive: true });

// name → how to get there. File URLs, except the 404, which a host serves.
const PAGES = {
  "home-nl": { file: "nl/index.html" },
  "article-nl": { file: "nl/your-device-is-missing-a-required-certificate-android.html" },
  "article-nav-open-nl": { file: "nl/your-device-is-missing-a-preinstalled-certificate-android.html", open: true },
  "search-nl": { file: "nl/search.html", query: "?q=certificaat" },
  "type-ahead-en": { file: "en/index.html", type: "certificate" },
  "root-chooser": { file: "index.html", locale: "fr-FR" },
  "not-found-nested": { served: "EndUser/deeper/missing.html" },
  "docfx-classes-en": { file: "en/classes.html", full: true },
  "lightbox-open-en": { file: "en/classes.html", lightbox: true },
};

const server = await serve(built, "/help/", { notFoundPages: true });
const written = [];
try {
  for (const scheme of ["light", "dark"]) {
    for (const [name, opts] of Object.entries(PAGES)) {
      const browser = await launch({ colorScheme: scheme, locale: opts.locale || "en-US" });
      try {
        const page = await browser.context.newPage();
        for (const [width, size] of Object.entries(WIDTHS)) {
          await page.setViewportSize(size);
          const url = opts.served ? server.base + opts.served : fileUrl(path.join(built, opts.file)) + (opts.query || "");
          await page.goto(url);
          await page.waitForLoadState("load");
          if (opts.open) await page.evaluate(() => { const d = document.querySelector("details.nav-panel"); if (d) d.open = true; });
          if (opts.type) {
            await page.locator("#site-search-input").fill(opts.type);
            await page.locator("#site-search-results").waitFor({ state: "visible" });
          }
          if (opts.query) await page.locator("#search-page-results .search-result").first().waitFor();
          if (opts.lightbox) {
            await page.locator("main a[href$='#lightbox']").first().click();
            await page.waitForFunction(() => document.querySelector("dialog.lightbox[open] img")?.complete);
          }
          const file = path.join(outDir, `${name}-${width}-${scheme}.png`);
          await page.screenshot({ path: file, fullPage: !!opts.full });
          written.push(file);
        }
      } finally {
        await browser.close();
      }
    }
  }
} finally {
  await server.close();
  fs.rmSync(built, { recursive: true, force: true });
  fs.rmSync(site, { recursive: true, force: true });
}
console.log(`${written.length} screenshots in ${outDir}`);
