// DocFX tab groups in Chromium: the WAI-ARIA tabs pattern from the keyboard,
// groups with the same tabs switching together, the reader's choice carried
// to the next page (over http and from file://), dependent tabs, and every
// panel with its title when JavaScript is off.

import { describe, test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { build, copySampleSite, fileUrl, launch, missingBrowser, serve } from "./helpers.mjs";

const require = createRequire(import.meta.url);
const AXE = require.resolve("axe-core/axe.min.js");
const skip = missingBrowser();

// A second page with the sample page's tabs in another order, a second group
// with the same tabs, and a group whose tabs depend on the first choice.
const OTHER = `---
title: Tabs elsewhere
---

# Tabs elsewhere

# [iOS](#tab/ios)

iOS first here.

# [Android](#tab/android)

Android second here.

---

## [Settings](#tab/settings/android)

Android settings.

## [Settings](#tab/settings/ios)

iOS settings.

---

Between the groups.

# [Android](#tab/android)

Second group, Android.

# [iOS](#tab/ios)

Second group, iOS.
`;

const VERSIONS = `---
title: Versions
---

# Versions

:::moniker range=">= v2"
From version 2 on.
:::moniker-end

:::moniker range="v1"
Only version 1.
:::moniker-end
`;

/** What the reader sees of each tab group: the selected tab and the visible panels' text. */
async function state(page) {
  return page.$$eval(".tabGroup", (groups) => groups.map((g) => ({
    selected: [...g.querySelectorAll("[role=tab][aria-selected=true]")].map((t) => t.textContent),
    visible: [...g.querySelectorAll("[role=tabpanel]")].filter((p) => p.offsetParent !== null).map((p) => p.innerText.trim()),
    shownTabs: [...g.querySelectorAll("[role=tab]")].filter((t) => t.offsetParent !== null).map((t) => t.textContent),
  })));
}

describe("tab groups", { skip: skip || false }, () => {
  let tmp, out, browser, server;
  before(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "helpsite-tabs-"));
    const site = copySampleSite();
    fs.writeFileSync(path.join(site, "content", "en", "tabs-elsewhere.md"), OTHER);
    fs.appendFileSync(path.join(site, "site.toml"), '\nmonikers = ["v1", "v2", "v3"]\n');
    fs.writeFileSync(path.join(site, "content", "en", "versions.md"), VERSIONS);
    out = path.join(tmp, "out");
    build(site, out);
    fs.rmSync(site, { recursive: true, force: true });
    browser = await launch();
    server = await serve(out, "/help/");
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  test("arrow keys, Home and End move the selection and the focus", async () => {
    const page = await browser.context.newPage();
    await page.goto(`${server.base}en/connect-to-company-wifi.html`);
    assert.deepEqual((await state(page))[0].selected, ["Android"]);
    assert.equal((await state(page))[0].visible.length, 1);
    await page.focus("[role=tab][aria-selected=true]");
    await page.keyboard.press("ArrowRight");
    let s = (await state(page))[0];
    assert.deepEqual(s.selected, ["iOS"]);
    assert.match(s.visible[0], /Settings/);
    assert.equal(await page.evaluate(() => document.activeElement.textContent), "iOS");
    assert.deepEqual(await page.$$eval("[role=tab]", (ts) => ts.map((t) => t.tabIndex)), [-1, 0]);
    await page.keyboard.press("Home");
    assert.deepEqual((await state(page))[0].selected, ["Android"]);
    await page.keyboard.press("End");
    assert.deepEqual((await state(page))[0].selected, ["iOS"]);
    await page.keyboard.press("ArrowRight");
    assert.deepEqual((await state(page))[0].selected, ["Android"], "wraps around");
    // The tab is not a link that scrolls away: the URL keeps no fragment.
    assert.equal(new URL(page.url()).hash, "");
    await page.close();
  });

  test("the choice is remembered on the next page, where same-id groups and dependent tabs follow it", async () => {
    const page = await browser.context.newPage();
    await page.goto(`${server.base}en/connect-to-company-wifi.html`);
    await page.click("[role=tab][data-tab=android]");
    await page.goto(`${server.base}en/tabs-elsewhere.html`);
    let s = await state(page);
    assert.deepEqual(s.map((g) => g.selected[0]), ["Android", "Settings", "Android"]);
    assert.deepEqual(s[1].visible.map((v) => v.replace(/\s+/g, " ")), ["Android settings."]);
    assert.deepEqual(s[1].shownTabs, ["Settings"]);
    // Choosing in one group switches the other group with the same tabs, and the dependent one.
    await page.click(".tabGroup >> nth=2 >> [role=tab][data-tab=ios]");
    s = await state(page);
    assert.deepEqual(s.map((g) => g.selected[0]), ["iOS", "Settings", "iOS"]);
    assert.deepEqual(s[1].visible.map((v) => v.replace(/\s+/g, " ")), ["iOS settings."]);
    await page.goto(`${server.base}en/connect-to-company-wifi.html`);
    assert.deepEqual((await state(page))[0].selected, ["iOS"]);
    await page.close();
  });

  test("from file:// the choice carries over too, and a link to a panel opens it", async () => {
    const page = await browser.context.newPage();
    await page.goto(fileUrl(path.join(out, "en", "tabs-elsewhere.html")));
    await page.click("[role=tab][data-tab=ios]");
    await page.goto(fileUrl(path.join(out, "en", "connect-to-company-wifi.html")));
    assert.deepEqual((await state(page))[0].selected, ["iOS"]);
    const android = await page.getAttribute("[role=tab][data-tab=android]", "aria-controls");
    await page.goto(fileUrl(path.join(out, "en", "connect-to-company-wifi.html")) + "#" + android);
    assert.deepEqual((await state(page))[0].selected, ["Android"]);
    await page.close();
  });

  test("without JavaScript every panel shows under its title", async () => {
    const noScript = await launch({ javaScriptEnabled: false });
    try {
      const page = await noScript.context.newPage();
      await page.goto(fileUrl(path.join(out, "en", "tabs-elsewhere.html")));
      const s = await state(page);
      assert.deepEqual(s.map((g) => g.visible.length), [2, 2, 2]);
      for (const g of s) {
        for (const text of g.visible) assert.match(text, /^(iOS|Android|Settings)\n/, "each panel starts with its title");
      }
    } finally {
      await noScript.close();
    }
  });

  test("zone pivots: one zone per choice, chosen from the keyboard and remembered; all labelled without script", async () => {
    const zones = (page) => page.$$eval(".zone", (zs) => zs.filter((z) => z.offsetParent !== null).map((z) => z.getAttribute("data-pivot")));
    const page = await browser.context.newPage();
    await page.goto(`${server.base}en/connect-to-company-wifi.html`);
    assert.deepEqual(await zones(page), ["work-device"]);
    await page.focus(".pivot-selector input:checked");
    await page.keyboard.press("ArrowRight");
    assert.deepEqual(await zones(page), ["own-device"]);
    await page.reload();
    assert.deepEqual(await zones(page), ["own-device"], "remembered");
    assert.equal(await page.$eval(".pivot-selector [role=radiogroup]", (g) => document.getElementById(g.getAttribute("aria-labelledby")).textContent), "Whose device is it?");
    await page.close();
    const noScript = await launch({ javaScriptEnabled: false });
    try {
      const plain = await noScript.context.newPage();
      await plain.goto(fileUrl(path.join(out, "en", "connect-to-company-wifi.html")));
      assert.deepEqual(await zones(plain), ["work-device", "own-device"]);
      assert.deepEqual(await plain.$$eval(".zone-label", (ls) => ls.map((l) => l.offsetParent !== null)), [true, true]);
      assert.equal(await plain.$eval(".pivot-selector", (s) => s.offsetParent), null, "no empty selector");
    } finally {
      await noScript.close();
    }
  });

  test("monikers: the newest version at first, another from the version choice", async () => {
    const shown = (page) => page.$$eval(".moniker", (ms) => ms.filter((m) => m.offsetParent !== null).map((m) => m.getAttribute("data-moniker")));
    const page = await browser.context.newPage();
    await page.goto(`${server.base}en/versions.html`);
    assert.deepEqual(await shown(page), [">= v2"]);
    await page.check(".moniker-selector input[value=v1]");
    assert.deepEqual(await shown(page), ["v1"]);
    await page.reload();
    assert.deepEqual(await shown(page), ["v1"], "remembered");
    await page.close();
  });

  test("tabs meet WCAG AA colour contrast in light and dark", async () => {
    const page = await browser.context.newPage();
    for (const scheme of ["light", "dark"]) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto(`${server.base}en/connect-to-company-wifi.html`);
      await page.focus("[role=tab][aria-selected=true]");
      await page.addScriptTag({ path: AXE });
      const result = await page.evaluate(() => window.axe.run(document, { runOnly: ["color-contrast", "aria-required-children", "aria-required-parent", "aria-valid-attr-value"], resultTypes: ["violations"] }));
      assert.deepEqual(result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(", ")}`), [], scheme);
    }
    await page.close();
  });
});
