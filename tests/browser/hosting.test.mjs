// The sample site served by Debian's nginx with docs/hosting.md's block,
// under /help/, with the guide's Content-Security-Policy and headers. Run by
// tests/integration/hosting.rs, which starts nginx and passes its address in
// HELPSITE_NGINX_URL; without it there is nothing to test, and it says so.

import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";

import { launch, missingBrowser, searchFromBox } from "./helpers.mjs";

const BASE = process.env.HELPSITE_NGINX_URL;
const skip = missingBrowser() || (BASE ? null : "HELPSITE_NGINX_URL is not set: run it through `cargo test --release --test integration hosting`");
if (skip) console.log(`# SKIP hosting browser test: ${skip}`);

/** Opens `url` in a new tab that records CSP violations, console errors and script errors. */
async function open(context, url) {
  const page = await context.newPage();
  const problems = [];
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(`console: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`script error: ${e.message}`));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  const response = await page.goto(url, { waitUntil: "load" });
  return { page, response, problems };
}

describe("the guide's nginx configuration in Chromium", { skip: skip || false }, () => {
  let browser;
  before(async () => {
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
  });

  test("the home, a page and the search page load with no CSP violation, and search answers", async () => {
    for (const path of ["", "nl/index.html", "nl/connect-to-company-wifi.html", "en/search.html?q=certificate"]) {
      const { page, response, problems } = await open(browser.context, BASE + path);
      assert.equal(response.status(), 200, path);
      assert.equal(response.headers()["content-security-policy"]?.startsWith("default-src 'self'"), true, path);
      if (path.startsWith("nl/")) {
        const results = await searchFromBox(page, "wifi");
        assert.ok(results.length > 0, `${path}: search for "wifi" finds a page`);
        assert.ok(results.every((href) => href.startsWith(BASE + "nl/")), results.join(" "));
      }
      if (path.startsWith("en/search.html")) {
        await page.waitForFunction(() => document.getElementById("search-page-status").textContent !== "");
        const found = await page.locator("#search-page-results .search-result a").evaluateAll((l) => l.map((a) => a.href));
        assert.ok(found.some((href) => href.startsWith(BASE + "en/")), `the search page finds "certificate": ${found}`);
      }
      // Scripts that ran late (the service worker's messages) have had their turn.
      await page.waitForTimeout(500);
      assert.deepEqual(problems, [], path);
      await page.close();
    }
  });

  test("the service worker registers with the scope /help/", async () => {
    const { page, problems } = await open(browser.context, BASE + "nl/index.html");
    const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
    assert.equal(scope, BASE);
    assert.equal(new URL(scope).pathname, "/help/");
    assert.deepEqual(problems, []);
    await page.close();
  });

  test("a missing page under /help/nl/ shows the Dutch 404 page, whose link leads home", async () => {
    const { page, response, problems } = await open(browser.context, BASE + "nl/no-such-page.html");
    assert.equal(response.status(), 404);
    await page.waitForFunction(() => document.documentElement.lang === "nl" && document.querySelector(".not-found h1"));
    assert.equal(page.url(), BASE + "nl/no-such-page.html", "the address bar keeps the typed address");
    const home = page.locator(".not-found a");
    assert.equal(new URL(await home.getAttribute("href"), page.url()).href, BASE + "nl/index.html");
    const [answer] = await Promise.all([page.waitForNavigation(), home.click()]);
    assert.equal(answer.status(), 200);
    assert.equal(await page.evaluate(() => document.documentElement.lang), "nl");
    // Chromium reports the missing page's own status as a failed load; nothing else may fail.
    const own = "console: Failed to load resource: the server responded with a status of 404 (Not Found)";
    assert.deepEqual(problems.filter((p) => p !== own), []);
    assert.ok(problems.length <= 1, problems.join("\n"));
    await page.close();
  });

  test("under the guide's policy a video's frame is refused and the page offers the link instead", async () => {
    const { page } = await open(browser.context, BASE + "nl/index.html");
    const load = page.locator("main .video-load");
    await load.waitFor({ state: "visible" });
    await load.click();
    await page.locator("main .video-blocked").waitFor({ state: "visible" });
    const link = page.locator("main .video-link");
    assert.equal(await link.getAttribute("href"), "https://video.example.com/embed/abc");
    assert.equal(await link.evaluate((a) => a === document.activeElement), true, "the link has the focus");
    assert.equal(await page.locator("main iframe").count(), 0);
    await page.close();
  });
});
