// DocFX's author classes in Chromium: the lightbox as a modal dialog from
// the keyboard and the mouse, served under a strict Content-Security-Policy
// and opened from disk; the link alone without script; the call-to-action,
// button, checklist and fixed-table styles at a phone's and a laptop's
// width; axe's WCAG A/AA rules in light and dark; and the offline
// placeholder of an embed worded for what it embeds.

import { describe, test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { addDocfxClassesPage, build, copySampleSite, fileUrl, launch, missingBrowser, serve } from "./helpers.mjs";

const require = createRequire(import.meta.url);
const AXE_SOURCE = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const PHONE = { width: 390, height: 844 };
const LAPTOP = { width: 1366, height: 900 };
const CSP = "default-src 'self'";
const skip = missingBrowser();

// An interactive guide as a raw frame and as a `[!VIDEO]`, and a real video.
const EMBEDS = (title) => `---
title: ${title}
---

# ${title}

<iframe src="https://guides.example.com/guides/enroll-a-phone" title="Guide"></iframe>

> [!VIDEO https://forms.example.com/survey/start]

> [!VIDEO https://www.youtube-nocookie.com/embed/abc]
`;

/** What a page's lightbox dialog shows: null when there is none or it is closed. */
function dialogState(page) {
  return page.evaluate(() => {
    const d = document.querySelector("dialog.lightbox");
    if (!d || !d.open) return null;
    const img = d.querySelector("img");
    return {
      label: d.getAttribute("aria-label"),
      src: img.getAttribute("src"),
      alt: img.alt,
      focused: document.activeElement.className,
      fitsWidth: img.getBoundingClientRect().right <= innerWidth,
      fitsHeight: img.getBoundingClientRect().bottom <= innerHeight,
    };
  });
}

const activeHref = (page) => page.evaluate(() => document.activeElement.getAttribute("href"));

/** Waits until the dialog's picture has loaded; its natural width. */
function loadedWidth(page) {
  return page.waitForFunction(() => {
    const img = document.querySelector("dialog.lightbox[open] img");
    return img && img.complete && img.naturalWidth > 0 && img.naturalWidth;
  }).then((h) => h.jsonValue());
}

/** Records the page's CSP violations and errors, before any script runs. */
async function watch(page) {
  const problems = [];
  page.on("pageerror", (e) => problems.push(`error: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error" && !/ERR_FAILED|ERR_INTERNET_DISCONNECTED|net::/.test(m.text())) problems.push(`console: ${m.text()}`);
  });
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      (window.__violations = window.__violations || []).push(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  return async () => problems.concat(await page.evaluate(() => window.__violations || []));
}

describe("DocFX classes and the lightbox", { skip: skip || false }, () => {
  let tmp, out, browser, server;
  before(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "helpsite-classes-"));
    const site = copySampleSite();
    addDocfxClassesPage(site);
    fs.writeFileSync(path.join(site, "content", "en", "embeds.md"), EMBEDS("Embedded guides"));
    fs.writeFileSync(path.join(site, "content", "nl", "embeds.md"), EMBEDS("Ingesloten handleidingen"));
    out = path.join(tmp, "out");
    build(site, out);
    fs.rmSync(site, { recursive: true, force: true });
    browser = await launch();
    server = await serve(out, "/help/", { csp: CSP });
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  test("the lightbox opens from the keyboard as a modal dialog, Esc and Close return the focus, under default-src 'self'", async () => {
    const page = await browser.context.newPage();
    const problems = await watch(page);
    await page.setViewportSize(PHONE);
    await page.goto(`${server.base}en/classes.html`);
    const links = page.locator("main a[href$='#lightbox']");
    assert.equal(await links.count(), 2, "the thumbnail link and the :::image link");
    assert.equal(await links.first().getAttribute("aria-haspopup"), "dialog");

    await links.first().focus();
    await page.keyboard.press("Enter");
    let s = await dialogState(page);
    assert.ok(s, "Enter opens the dialog");
    assert.equal(s.src, new URL("media/window-large.png", `${server.base}en/`).href);
    assert.equal(s.alt, "The company app's start window");
    assert.equal(s.label, "Enlarged image: The company app's start window");
    assert.equal(s.focused, "lightbox-close", "the focus moves into the dialog");
    assert.equal(await loadedWidth(page), 1200);
    s = await dialogState(page);
    assert.ok(s.fitsWidth && s.fitsHeight, "the picture fits a phone's screen");
    assert.equal(await page.evaluate(() => document.elementFromPoint(5, innerHeight - 5).closest("dialog") !== null), true, "the page behind is covered");
    assert.equal(new URL(page.url()).hash, "", "the page stays where it was");

    await page.keyboard.press("Escape");
    assert.equal(await dialogState(page), null, "Esc closes it");
    assert.equal(await activeHref(page), "media/window-large.png#lightbox", "the focus is back on the link");

    // The :::image form, closed with its button from the keyboard.
    await links.nth(1).focus();
    await page.keyboard.press("Enter");
    s = await dialogState(page);
    assert.equal(s.alt, "The start window of the company app, with the sign-in link");
    await page.keyboard.press("Tab");
    assert.equal(await page.evaluate(() => document.activeElement.className), "lightbox-full", "Tab stays in the dialog");
    assert.equal(await page.evaluate(() => document.activeElement.getAttribute("href")), s.src);
    await page.keyboard.press("Shift+Tab");
    await page.keyboard.press("Space");
    assert.equal(await dialogState(page), null, "Close closes it");
    assert.equal(await activeHref(page), "media/window-large.png#lightbox");
    assert.equal(await page.evaluate(() => document.activeElement.closest("p.image") !== null), true, "the focus is on the :::image link");

    // A click beside the picture closes it too.
    await page.setViewportSize(LAPTOP);
    await links.first().click();
    assert.ok(await dialogState(page));
    await page.mouse.click(5, LAPTOP.height - 5);
    assert.equal(await dialogState(page), null, "a click on the backdrop closes it");
    assert.deepEqual(await problems(), [], "no CSP violations or script errors");
    await page.close();
  });

  test("from disk the lightbox works too; without JavaScript the link opens the picture", async () => {
    const page = await browser.context.newPage();
    const file = path.join(out, "en", "classes.html");
    await page.goto(fileUrl(file));
    await page.locator("main a[href$='#lightbox']").first().click();
    assert.equal(await loadedWidth(page), 1200);
    await page.keyboard.press("Escape");
    assert.equal(await dialogState(page), null);
    await page.close();

    const noScript = await launch({ javaScriptEnabled: false });
    try {
      const plain = await noScript.context.newPage();
      await plain.goto(fileUrl(file));
      await plain.locator("main a[href$='#lightbox']").first().click();
      await plain.waitForURL(/window-large\.png#lightbox$/);
    } finally {
      await noScript.close();
    }
  });

  test("a theme's own base.html without the lightbox's strings keeps plain links, never a nameless button", async () => {
    const site = copySampleSite();
    addDocfxClassesPage(site);
    const base = path.join(site, "templates", "base.html");
    fs.writeFileSync(base, fs.readFileSync(base, "utf8").replace(/ data-(lightbox-[a-z]+|embed-offline-other)="\{\{[^}]*\}\}"/g, ""));
    const older = path.join(tmp, "older-theme");
    build(site, older);
    assert.doesNotMatch(fs.readFileSync(path.join(older, "en", "classes.html"), "utf8"), /data-lightbox|lightbox-label/);
    fs.rmSync(site, { recursive: true, force: true });
    const page = await browser.context.newPage();
    await page.goto(fileUrl(path.join(older, "en", "classes.html")));
    assert.equal(await page.locator("main a[aria-haspopup]").count(), 0);
    await page.locator("main a[href$='#lightbox']").first().click();
    await page.waitForURL(/window-large\.png#lightbox$/);
    await page.close();
  });

  test("next step, button, checklist and fixed table are styled and fit a phone and a laptop", async () => {
    const page = await browser.context.newPage();
    for (const size of [PHONE, LAPTOP]) {
      await page.setViewportSize(size);
      await page.goto(`${server.base}en/classes.html`);
      const look = await page.evaluate(() => {
        const box = (sel) => document.querySelector(sel).getBoundingClientRect();
        const style = (sel, pseudo) => getComputedStyle(document.querySelector(sel), pseudo);
        const table = document.querySelector(".mx-tableFixed table");
        return {
          pageWidth: document.documentElement.scrollWidth,
          next: { height: box(".nextstepaction a").height, background: style(".nextstepaction a").backgroundColor, arrow: style(".nextstepaction a", "::after").content },
          button: { height: box(".button a").height, border: style(".button a").borderTopWidth },
          checklist: { bullets: style(".checklist li").listStyleType, mark: style(".checklist li", "::before").content },
          table: { layout: style(".mx-tableFixed table").tableLayout, scrolls: table.scrollWidth > table.clientWidth, right: table.getBoundingClientRect().right, mainRight: box("main").right },
        };
      });
      assert.ok(look.pageWidth <= size.width, `nothing wider than ${size.width} px: ${look.pageWidth}`);
      assert.ok(look.next.height >= 44, `next step is a 44 px target: ${look.next.height}`);
      assert.notEqual(look.next.background, "rgba(0, 0, 0, 0)", "next step is filled");
      assert.equal(look.next.arrow, '""', "next step has its arrow");
      assert.ok(look.button.height >= 44, `button is a 44 px target: ${look.button.height}`);
      assert.equal(look.button.border, "2px");
      assert.equal(look.checklist.bullets, "none");
      assert.equal(look.checklist.mark, '""', "each item has a check mark");
      assert.equal(look.table.layout, "fixed");
      assert.equal(look.table.scrolls, false, "long words wrap instead of scrolling");
      assert.ok(look.table.right <= look.table.mainRight + 1, "the table fits the column");
    }
    await page.emulateMedia({ media: "print" });
    assert.equal(await page.evaluate(() => getComputedStyle(document.querySelector(".nextstepaction a")).backgroundColor), "rgba(0, 0, 0, 0)", "printed without the fill");
    await page.close();
  });

  test("the classes and the open lightbox pass axe's WCAG A and AA rules in light and dark", async () => {
    const page = await browser.context.newPage();
    const run = () => page.evaluate(() => window.axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
      resultTypes: ["violations"],
    }));
    const named = (r) => r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(", ")}`);
    for (const scheme of ["light", "dark"]) {
      for (const size of [PHONE, LAPTOP]) {
        await page.setViewportSize(size);
        await page.emulateMedia({ colorScheme: scheme });
        await page.goto(`${server.base}en/classes.html`);
        // Through the DevTools protocol: the page's CSP refuses a script tag.
        await page.evaluate(AXE_SOURCE);
        await page.focus(".nextstepaction a");
        assert.deepEqual(named(await run()), [], `${scheme} ${size.width}`);
        await page.locator("main a[href$='#lightbox']").first().click();
        await loadedWidth(page);
        assert.deepEqual(named(await run()), [], `${scheme} ${size.width}, lightbox open`);
        await page.keyboard.press("Escape");
      }
    }
    await page.close();
  });

  test("offline, an embedded guide is called embedded content and a video a video, in nl and en", async () => {
    const context = browser.context;
    const page = await context.newPage();
    const placeholders = () => page.$$eval(".embed-offline", (ps) => ps.map((p) => [p.firstChild.textContent.trim(), p.querySelector("a").getAttribute("href")]));
    await context.setOffline(true);
    try {
      await page.goto(fileUrl(path.join(out, "nl", "embeds.html")));
      await page.locator(".embed-offline").first().waitFor({ state: "visible" });
      assert.deepEqual(await placeholders(), [
        ["Voor deze ingesloten inhoud is een internetverbinding nodig. Open de inhoud online:", "https://guides.example.com/guides/enroll-a-phone"],
        ["Voor deze ingesloten inhoud is een internetverbinding nodig. Open de inhoud online:", "https://forms.example.com/survey/start"],
        ["Voor deze video is een internetverbinding nodig. Bekijk de video online:", "https://www.youtube-nocookie.com/embed/abc"],
      ]);
      await page.goto(fileUrl(path.join(out, "en", "embeds.html")));
      await page.locator(".embed-offline").first().waitFor({ state: "visible" });
      assert.deepEqual((await placeholders()).map((p) => p[0]), [
        "This embedded content needs an internet connection. Open it online:",
        "This embedded content needs an internet connection. Open it online:",
        "This video needs an internet connection. Watch it online:",
      ]);
    } finally {
      await context.setOffline(false);
      await page.close();
    }
  });
});
